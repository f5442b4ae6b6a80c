/* 031-ignore: --ignore ID leaves a variable out: it keeps the new
 * initializer, and a change that would need a hook no longer blocks. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_uu, 7);
    SET(set_scratch, 8);
    SET(set_kept, 9);

    case_upgrade_ok();
    EXPECT(get_uu, 1000);
    EXPECT(get_scratch, -1);
    EXPECT(get_kept, 9);
    return case_done();
}
