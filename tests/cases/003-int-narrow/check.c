/* 003-int-narrow: narrowing works when every value fits, including the
 * bounds of the new types. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_l2i, -2147483647 - 1);
    SET(set_ll2s, -32768);
    SET(set_ul2uc, 255);
    SET(set_i2sc, 127);
    SET(set_u2us, 65535);
    SET(set_l2u, 4000000000LL);
    SETI(set_arr, 0, 32767);
    SETI(set_arr, 1, -32768);
    SETI(set_arr, 2, 0);

    case_upgrade_ok();
    EXPECT(get_l2i, -2147483647 - 1);
    EXPECT(get_ll2s, -32768);
    EXPECT(get_ul2uc, 255);
    EXPECT(get_i2sc, 127);
    EXPECT(get_u2us, 65535);
    EXPECT(get_l2u, 4000000000LL);
    EXPECTI(get_arr, 0, 32767);
    EXPECTI(get_arr, 1, -32768);
    EXPECTI(get_arr, 2, 0);
    return case_done();
}
