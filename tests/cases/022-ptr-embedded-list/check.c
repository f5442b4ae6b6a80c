/* 022-ptr-embedded-list: pointers to list nodes embedded in a struct
 * whose layout changed point to the same nodes in the new layout. */
#include "case.h"

typedef void add_fn(int);

static void
expect_list(const int *want, int n)
{
    for (int k = 0; k < n; k++) {
        EXPECT_VAL("list_nth(k)", want[k], GETI(list_nth, k));
        EXPECT_VAL("list_nth_back(k)", want[n - 1 - k], GETI(list_nth_back, k));
        EXPECT_VAL("list_nth_id(k)", 100 + want[k], GETI(list_nth_id, k));
    }
    EXPECT_VAL("list_nth(n) (back at the head)", -1, GETI(list_nth, n));
}

int
main(int argc, char **argv)
{
    static const int order[3] = { 3, 1, 0 };
    static const int order4[4] = { 3, 1, 0, 2 };

    case_open(argc, argv);
    for (int i = 0; i < 4; i++) {
        SETI(set_flow_id, i, 100 + i);
    }
    for (int k = 0; k < 3; k++) {
        CASE_FN(add_fn, "list_add")(order[k]);
    }
    expect_list(order, 3);

    case_upgrade_ok();
    expect_list(order, 3);
    EXPECTI(get_flow_prio, 0, 10);
    EXPECTI(get_flow_prio, 3, 13);
    CASE_FN(add_fn, "list_add")(2);
    expect_list(order4, 4);
    return case_done();
}
