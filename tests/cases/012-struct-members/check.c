/* 012-struct-members: members matched by name whatever their order; a
 * dropped member is dropped; an added member keeps the NEW initializer. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_r1_a, -11);
    SET(set_r1_b, 22);
    SET(set_r1_c, -33);
    SET(set_r1_d, 0x123456789aLL);
    for (int i = 0; i < 2; i++) {
        SETI(set_rs_a, i, 100 + i);
        SETI(set_rs_c, i, -200 - i);
        SETI(set_rs_d, i, -300000000000LL - i);
    }

    case_upgrade_ok();
    EXPECT(get_r1_a, -11);
    EXPECT(get_r1_c, -33);
    EXPECT(get_r1_d, 0x123456789aLL);
    EXPECT(get_r1_added, 42);
    EXPECTS(gets_r1_tag, "new");
    for (int i = 0; i < 2; i++) {
        EXPECTI(get_rs_a, i, 100 + i);
        EXPECTI(get_rs_c, i, -200 - i);
        EXPECTI(get_rs_d, i, -300000000000LL - i);
        EXPECTI(get_rs_added, i, 5 + i);
    }
    EXPECTI(get_rs_tag0, 0, 'x');
    EXPECTI(get_rs_tag0, 1, 0);
    return case_done();
}
