/* 035-split-pieces: where the compiler kept 'rf' whole (gcc), it is
 * migrated and its pointer relocated.  (clang: refused, see
 * expected.status and expected.reason.) */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_x, 12);
    CALL(point);
    EXPECT(get_via_rf, 12);

    case_upgrade_ok();
    EXPECT(get_via_rf, 12);
    EXPECT(get_rf_idx, 7);
    EXPECT(get_inserted, 4);
    SET(set_x, 13);
    EXPECT(get_via_rf, 13);
    return case_done();
}
