/* 030-rename: --rename OLD_ID=NEW_ID carries a variable's state to its
 * new name (a file-static, converted; a global, copied). */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_pkts, -77);
    for (int i = 0; i < 3; i++) {
        SETI(set_g, i, 1 << (8 * i));
    }
    SET(set_untouched, 5);

    case_upgrade_ok();
    EXPECT(get_pkts, -77);
    for (int i = 0; i < 3; i++) {
        EXPECTI(get_g, i, 1 << (8 * i));
    }
    EXPECT(get_untouched, 5);
    return case_done();
}
