/* 047-run-arrays: in a struct that no array holds, an array and an
 * aggregate holding a union among unchanged members are copied on their
 * own, not in a run, so that the migration states them; a pointer into
 * the array follows it. */
#include "case.h"

static const long long values[7] = {
    -100000, 0x0000665544332211LL, -300, 7, -5000000000LL, 90000, -70000,
};

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int k = 0; k < 7; k++) {
        SETI(set_r, k, values[k]);
    }
    CALL(point);
    EXPECT(get_via_pname, 0x33);        /* name[2] */

    case_upgrade_ok();
    for (int k = 0; k < 7; k++) {
        EXPECTI(get_r, k, values[k]);
    }
    EXPECT(get_seq, -1);
    EXPECT(pointer_ok, 1);
    EXPECT(get_via_pname, 0x33);
    return case_done();
}
