/* 004-int-narrow-range: a value that does not fit the narrower type fails
 * the commit; the old build stays live with its values unchanged, and a
 * later upgrade, once the value fits, works. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_first, -7);
    SET(set_big, 5000000000LL);
    SET(set_other, 1234);

    case_upgrade_fails("dp.c:big", "HOTUP_MIG_ERANGE");
    EXPECT(get_first, -7);
    EXPECT(get_big, 5000000000LL);
    EXPECT(get_other, 1234);

    /* Below the new minimum. */
    case_phase = "old";
    SET(set_big, -2147483649LL);
    case_upgrade_fails("dp.c:big", "HOTUP_MIG_ERANGE");
    EXPECT(get_first, -7);
    EXPECT(get_big, -2147483649LL);
    EXPECT(get_other, 1234);

    /* In range: the upgrade goes through. */
    case_phase = "old";
    SET(set_big, -2147483647LL - 1);
    case_upgrade_ok();
    EXPECT(get_first, -7);
    EXPECT(get_big, -2147483647LL - 1);
    EXPECT(get_other, 1234);
    EXPECT(get_fresh, 99);
    return case_done();
}
