/* 046-wide-struct-map: a struct of 14 members, one inserted and one
 * widened; a pointer into it is relocated through its offset map, which
 * is split in two parts (more than 12 members: docs/verification.md). */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 14; i++) {
        SETI(set_m, i, 1000 + i);
    }

    case_upgrade_ok();
    for (int i = 0; i < 14; i++) {
        EXPECTI(get_m, i, 1000 + i);
    }
    EXPECT(get_pm, 1009);
    EXPECT(get_pm_is_m9, 1);
    EXPECT(get_added, 42);
    return case_done();
}
