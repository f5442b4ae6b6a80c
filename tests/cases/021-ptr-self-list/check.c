/* 021-ptr-self-list: a self-pointing list head and its nodes (identical
 * layout, moved) point into the NEW library after the upgrade, in both
 * directions. */
#include "case.h"

typedef void add_fn(int);

static void
expect_list(const int *want, int n)
{
    for (int k = 0; k < n; k++) {
        EXPECT_VAL("list_nth(k)", want[k], GETI(list_nth, k));
        EXPECT_VAL("list_nth_back(k)", want[n - 1 - k], GETI(list_nth_back, k));
    }
    EXPECT_VAL("list_nth(n) (back at the head)", -1, GETI(list_nth, n));
}

int
main(int argc, char **argv)
{
    static const int order[3] = { 2, 0, 3 };

    case_open(argc, argv);
    EXPECT_VAL("list_nth(0) of the empty list", -1, GETI(list_nth, 0));
    for (int k = 0; k < 3; k++) {
        CASE_FN(add_fn, "list_add")(order[k]);
    }
    expect_list(order, 3);

    case_upgrade_ok();
    expect_list(order, 3);
    EXPECT(get_inserted, 1);
    /* Still a working list in new: add the last node. */
    CASE_FN(add_fn, "list_add")(1);
    static const int order4[4] = { 2, 0, 3, 1 };
    expect_list(order4, 4);
    return case_done();
}
