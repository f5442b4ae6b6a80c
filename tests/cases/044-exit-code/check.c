/* 044-exit-code: the old build registered an exit handler and has a
 * destructor, so the commit keeps it mapped instead of unloading it:
 * neither runs during the upgrade (they would act on the moved state). */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_counter, 41);
    SET(arm, 0);

    case_upgrade_ok();
    EXPECT(get_counter, 41);
    EXPECT_VAL("old build's exit handler ran during the upgrade", 0,
               getenv("HOTUP_CASE_044_ATEXIT") != NULL);
    EXPECT_VAL("old build's destructor ran during the upgrade", 0,
               getenv("HOTUP_CASE_044_DTOR") != NULL);
    return case_done();
}
