/* 009-enum-renumber: enum values are remapped by enumerator name. */
#include "case.h"

enum { K_RED, K_GREEN, K_BLUE };        /* Names across the interface. */

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_c1, K_RED);
    SET(set_c2, K_GREEN);
    SET(set_c3, K_BLUE);
    SETI(set_palette, 0, K_BLUE);
    SETI(set_palette, 1, K_GREEN);
    SETI(set_palette, 2, K_RED);
    SETI(set_palette, 3, K_BLUE);
    SET(set_lamp_c, K_GREEN);
    SET(set_lamp_watts, 60);
    SET(set_m2int, 1);
    EXPECT(get_raw_c1, 0);

    case_upgrade_ok();
    EXPECT(get_c1, K_RED);
    EXPECT(get_raw_c1, 7);
    EXPECT(get_c2, K_GREEN);
    EXPECT(get_c3, K_BLUE);
    EXPECTI(get_palette, 0, K_BLUE);
    EXPECTI(get_palette, 1, K_GREEN);
    EXPECTI(get_palette, 2, K_RED);
    EXPECTI(get_palette, 3, K_BLUE);
    EXPECT(get_lamp_c, K_GREEN);
    EXPECT(get_lamp_watts, 60);
    EXPECT(get_m2int, 4);               /* enum -> int: by value. */
    return case_done();
}
