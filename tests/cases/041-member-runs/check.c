/* 041-member-runs: runs of unchanged members move together to their new
 * offsets (the generator copies such runs as one struct); members around
 * them convert; pointers into runs follow them. */
#include "case.h"

static long long
value(int rec, int k)
{
    static const long long base[10] = {
        -100000, 200000, -300, 400, -5000000000LL, 0x0000665544332211LL,
        'f', -70000, 'g', 90000,
    };
    return k == 5 || k == 6 || k == 8 ? base[k] + rec : base[k] * (rec + 1);
}

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int k = 0; k < 10; k++) {
        SETI(set_r, k, value(0, k));
        SETI(set_rs, k, value(1, k));
        SETI(set_rs, 10 + k, value(2, k));
    }
    CALL(point);
    EXPECT(get_via_pd, value(0, 3));

    case_upgrade_ok();
    for (int k = 0; k < 10; k++) {
        EXPECTI(get_r, k, value(0, k));
        EXPECTI(get_rs, k, value(1, k));
        EXPECTI(get_rs, 10 + k, value(2, k));
    }
    EXPECTI(get_seq, 0, -1);
    EXPECTI(get_seq, 1, -2);
    EXPECT(pointers_ok, 3);
    EXPECT(get_via_pd, value(0, 3));
    EXPECT(get_via_pname, 0x33);        /* rs[1].name[2] */
    return case_done();
}
