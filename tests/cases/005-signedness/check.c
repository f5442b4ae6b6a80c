/* 005-signedness: values that both types hold keep their value when the
 * signedness changes. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_s2u, 2147483647);
    SET(set_u2s, 2000000000);
    SET(set_uc2sc, 127);
    SET(set_s2ul, 1LL << 40);
    SET(set_sc2u16, 100);

    case_upgrade_ok();
    EXPECT(get_s2u, 2147483647);
    EXPECT(get_u2s, 2000000000);
    EXPECT(get_uc2sc, 127);
    EXPECT(get_s2ul, 1LL << 40);
    EXPECT(get_sc2u16, 100);
    return case_done();
}
