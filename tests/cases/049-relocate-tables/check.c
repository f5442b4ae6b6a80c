/* 049-relocate-tables: every word a RELOCATE table lists is relocated
 * (data into the new build's statics, code to the new build's function),
 * a union's word is kept, bytes between words are copied, a pointer at an
 * odd offset of a packed struct is found. */
#include "case.h"

typedef long long geti2_fn(int, int);

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    CALL(wire);

    case_upgrade_ok();
    EXPECT(pointers_ok, 127);
    EXPECT_VAL("ports[0].op(5)", 10, CASE_FN(geti2_fn, "op_of")(0, 5));
    EXPECT_VAL("ports[1].op(5)", 15, CASE_FN(geti2_fn, "op_of")(1, 5));
    EXPECT_VAL("ports[2].op(4)", 8, CASE_FN(geti2_fn, "op_of")(2, 4));
    EXPECTI(peer_n, 0, 1);
    EXPECTI(peer_n, 1, 0);
    EXPECTI(peer_n, 2, -1);
    EXPECTS(port_name, "p1");
    EXPECT_VAL("buckets[1].slot[3]", 30, CASE_FN(geti2_fn, "slot_val")(1, 3));
    EXPECT_VAL("buckets[0].slot[0]", 0, CASE_FN(geti2_fn, "slot_val")(0, 0));
    EXPECT_VAL("buckets[0].slot[1]", -1, CASE_FN(geti2_fn, "slot_val")(0, 1));
    EXPECT_VAL("rings[4].cell[1]", 40, CASE_FN(geti2_fn, "cell_val")(4, 1));
    EXPECT_VAL("rings[0].cell[0]", 50, CASE_FN(geti2_fn, "cell_val")(0, 0));
    EXPECT_VAL("rings[2].cell[0]", -1, CASE_FN(geti2_fn, "cell_val")(2, 0));
    EXPECTI(grid_val, 5, 60);
    EXPECTI(grid_val, 0, 70);
    EXPECTI(grid_val, 3, -1);
    EXPECTI(tag_bits, 1, 12345);
    EXPECTI(tag_bits, 2, 0);
    EXPECT(odd_val, 20);
    EXPECT(gen_val, 7);
    return case_done();
}
