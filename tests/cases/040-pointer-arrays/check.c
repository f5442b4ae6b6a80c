/* 040-pointer-arrays: every element of an array of pointers (1-D and
 * 2-D) is relocated, NULL stays NULL, a pointer to one of those pointers
 * follows it. */
#include "case.h"

typedef void point_fn(int, int);

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 4; i++) {
        SETI(set_val, i, 100 + i);
    }
    CASE_FN(point_fn, "point")(1, 3);
    EXPECT(get_via_pp, 103);

    case_upgrade_ok();
    EXPECT(pointers_ok, 127);
    EXPECTI(get_via_ptrs, 0, 101);
    EXPECTI(get_via_ptrs, 1, -1);
    EXPECTI(get_via_ptrs, 2, 103);
    EXPECTI(get_via_ptrs, 3, -1);
    EXPECT(get_via_pp, 103);
    EXPECTI(get_via_grid, 1, 103);      /* grid[0][1] */
    EXPECTI(get_via_grid, 3, 101);      /* grid[1][0] */
    EXPECTI(get_via_grid, 0, -1);
    return case_done();
}
