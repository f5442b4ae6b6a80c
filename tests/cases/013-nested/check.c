/* 013-nested: nested structs and arrays of structs convert member by
 * member, at every depth; added members keep the new initializers. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_o_id, 314);
    SET(set_o_lo, -1);
    SET(set_o_hi, 32767);
    for (int i = 0; i < 3; i++) {
        SETI(set_o_many_lo, i, -10 * (i + 1));
        SETI(set_o_many_hi, i, 10 * (i + 1));
    }
    for (int i = 0; i < 8; i++) {
        SETI(set_os, i, -1000 - i);
    }

    case_upgrade_ok();
    EXPECT(get_o_id, 314);
    EXPECT(get_o_lo, -1);
    EXPECT(get_o_hi, 32767);
    for (int i = 0; i < 3; i++) {
        EXPECTI(get_o_many_lo, i, -10 * (i + 1));
        EXPECTI(get_o_many_hi, i, 10 * (i + 1));
        EXPECTI(get_o_many_extra, i, i + 1);
    }
    EXPECT(get_o_one_extra, 9);
    EXPECTS(gets_o_name, "o");
    for (int i = 0; i < 8; i++) {
        EXPECTI(get_os, i, -1000 - i);
    }
    for (int i = 0; i < 6; i++) {
        EXPECTI(get_os_extra, i, i == 4 ? 77 : 0);
    }
    return case_done();
}
