/* 002-int-widen: widening keeps every value, negatives sign-extended,
 * unsigned values zero-extended. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_s8, -100);
    SET(set_s16, -30000);
    SET(set_s32, -2147483647 - 1);
    SET(set_u8, 200);
    SET(set_u16, 65535);
    SET(set_u32, 0xffffffffLL);
    SET(set_u2s, 0xfffffffeLL);
    SET(set_st_a, -1);
    SET(set_st_b, -123456789);
    SET(set_st_c, 255);
    SETI(set_arr, 0, -32768);
    SETI(set_arr, 1, 32767);
    SETI(set_arr, 2, -2);

    case_upgrade_ok();
    EXPECT(get_s8, -100);
    EXPECT(get_s16, -30000);
    EXPECT(get_s32, -2147483647 - 1);
    EXPECT(get_u8, 200);
    EXPECT(get_u16, 65535);
    EXPECT(get_u32, 0xffffffffLL);
    EXPECT(get_u2s, 0xfffffffeLL);
    EXPECT(get_st_a, -1);
    EXPECT(get_st_b, -123456789);
    EXPECT(get_st_c, 255);
    EXPECTI(get_arr, 0, -32768);
    EXPECTI(get_arr, 1, 32767);
    EXPECTI(get_arr, 2, -2);
    return case_done();
}
