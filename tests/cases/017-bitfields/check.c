/* 017-bitfields: bitfields move by name to new widths and positions;
 * signed fields are sign-extended; a narrowed field is range-checked;
 * an added field keeps the new initializer. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_a, 5);
    SET(set_b, -7);
    SET(set_d, 0xabcde12345LL);
    SET(set_e, 1);
    SET(set_f, 100);
    SET(set_g, -100);                   /* Does not fit 5 signed bits. */
    SETI(set_bts_b, 0, -16);
    SETI(set_bts_b, 1, 15);
    SETI(set_bts_f, 0, 127);
    SETI(set_bts_f, 1, 1);
    EXPECT(get_b, -7);
    EXPECT(get_g, -100);

    case_upgrade_fails("dp.c:bt", "HOTUP_MIG_ERANGE");
    EXPECT(get_g, -100);
    EXPECT(get_b, -7);
    EXPECT(get_d, 0xabcde12345LL);

    case_phase = "old";
    SET(set_g, -16);                    /* The new minimum. */
    case_upgrade_ok();
    EXPECT(get_a, 5);
    EXPECT(get_b, -7);
    EXPECT(get_d, 0xabcde12345LL);
    EXPECT(get_e, 1);
    EXPECT(get_f, 100);
    EXPECT(get_g, -16);
    EXPECT(get_h, 11);
    EXPECTI(get_bts_b, 0, -16);
    EXPECTI(get_bts_b, 1, 15);
    EXPECTI(get_bts_f, 0, 127);
    EXPECTI(get_bts_f, 1, 1);
    EXPECTI(get_bts_h, 0, 1);
    EXPECTI(get_bts_h, 1, 2);
    return case_done();
}
