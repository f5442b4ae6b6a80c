/* 048-enum-wide: 64-bit unsigned enum values are remapped by name. */
#include "case.h"

enum { K_LOW, K_HIGH };                 /* Names across the interface. */

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_w1, K_LOW);
    SET(set_w2, K_HIGH);
    SET(set_g, 0);

    case_upgrade_ok();
    EXPECT(get_w1, K_LOW);
    EXPECT(get_w2, K_HIGH);
    EXPECT(get_g, 0);
    return case_done();
}
