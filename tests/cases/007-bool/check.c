/* 007-bool: int <-> bool by value.  An integer other than 0 or 1 has no
 * exact _Bool value: the generator range-checks it (commit fails, old
 * intact); 0 and 1 convert. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_i2b, 2);
    SET(set_uc2b, 1);
    SET(set_b2i, 1);
    SET(set_b2l, 1);
    SET(set_fl_up, 1);
    SET(set_fl_admin, 1);
    case_upgrade_fails("dp.c:i2b", "HOTUP_MIG_ERANGE");
    EXPECT(get_i2b, 2);
    EXPECT(get_uc2b, 1);

    case_phase = "old";
    SET(set_i2b, 1);
    SET(set_uc2b, 0);
    SET(set_fl_up, -1);
    case_upgrade_fails("dp.c:fl", "HOTUP_MIG_ERANGE");
    EXPECT(get_fl_up, -1);

    case_phase = "old";
    SET(set_fl_up, 1);
    case_upgrade_ok();
    EXPECT(get_i2b, 1);
    EXPECT(get_uc2b, 0);
    EXPECT(get_b2i, 1);
    EXPECT(get_b2l, 1);
    EXPECT(get_fl_up, 1);
    EXPECT(get_fl_admin, 1);
    return case_done();
}
