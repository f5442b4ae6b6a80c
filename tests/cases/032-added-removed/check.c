/* 032-added-removed: removed variables are dropped, added ones keep the
 * new initializers, the others migrate. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_gone, 3);
    SET(set_keep, -(1LL << 50));
    EXPECT(get_gone, 6);

    case_upgrade_ok();
    EXPECT(get_keep, -(1LL << 50));
    EXPECT(get_born, 17);
    EXPECTS(gets_born_arr, "abc");
    EXPECTI(get_g_born, 0, 0);
    EXPECTI(get_g_born, 1, -4);
    EXPECT(get_born_bss, 0);
    return case_done();
}
