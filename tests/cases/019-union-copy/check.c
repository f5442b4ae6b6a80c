/* 019-union-copy: a union whose layout is unchanged moves whole, every
 * byte of it, alone or inside a struct that is converted. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_u_i, 0x11223344);
    SETI(set_u_b, 6, 0xee);
    SET(set_sl_tag, 2);
    SETF(setf_sl_f, 1.5);
    SETI(set_sl_b, 7, 0x5a);

    case_upgrade_ok();
    EXPECT(get_u_i, 0x11223344);
    EXPECTI(get_u_b, 6, 0xee);
    EXPECTI(get_u_b, 7, 0);
    EXPECT(get_sl_tag, 2);
    EXPECTF(getf_sl_f, 1.5);
    EXPECTI(get_sl_b, 7, 0x5a);
    EXPECT(get_sl_seq, 3);
    return case_done();
}
