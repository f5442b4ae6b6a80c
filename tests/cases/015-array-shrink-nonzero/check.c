/* 015-array-shrink-nonzero: a cut-off element that holds state fails the
 * commit (HOTUP_MIG_ETRUNC); the old build stays live and unchanged.
 * Once the tail is zero, the upgrade works. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 4; i++) {
        SETI(set_shrink, i, i + 1);
    }
    SETI(set_shrink, 6, 9);
    SETI(set_pts_y, 1, 5);
    case_upgrade_fails("dp.c:shrink", "HOTUP_MIG_ETRUNC");
    for (int i = 0; i < 8; i++) {
        EXPECTI(get_shrink, i, i < 4 ? i + 1 : i == 6 ? 9 : 0);
    }

    case_phase = "old";
    SETI(set_shrink, 6, 0);
    SETI(set_pts_y, 3, -1);
    case_upgrade_fails("dp.c:pts", "HOTUP_MIG_ETRUNC");
    EXPECTI(get_pts_y, 3, -1);
    EXPECTI(get_shrink, 6, 0);

    case_phase = "old";
    SETI(set_pts_y, 3, 0);
    case_upgrade_ok();
    for (int i = 0; i < 4; i++) {
        EXPECTI(get_shrink, i, i + 1);
    }
    EXPECTI(get_pts_y, 0, 0);
    EXPECTI(get_pts_y, 1, 5);
    return case_done();
}
