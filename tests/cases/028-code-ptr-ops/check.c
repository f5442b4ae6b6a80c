/* 028-code-ptr-ops: function pointers in statics (static functions and
 * an exported one) are remapped by function identity: after the upgrade
 * they call the NEW build's functions. */
#include "case.h"

typedef long long op_fn(long long);
#define OP(name, x) (CASE_FN(op_fn, #name)(x))

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    CASE_FN(case_set_fn, "dp_select")(1);
    EXPECT_VAL("dp_rx(1) in old", 101, OP(dp_rx, 1));
    EXPECT_VAL("dp_tx(4) in old", 8, OP(dp_tx, 4));

    case_upgrade_ok();
    EXPECT_VAL("dp_rx(1) (rx_fast of new)", 1101, OP(dp_rx, 1));
    EXPECT_VAL("dp_tx(4) (tx_plain of new)", 12, OP(dp_tx, 4));
    EXPECT_VAL("dp_idle(4) (NULL stays NULL)", -1, OP(dp_idle, 4));
    EXPECT_VAL("dp_fallback(3) (dp_default of new)", -30, OP(dp_fallback, 3));
    EXPECT_VAL("dp_stats(3) (added: new initializer)", 2, OP(dp_stats, 3));
    CASE_FN(case_set_fn, "dp_select")(0);
    EXPECT_VAL("dp_rx(1) after select(0)", 1201, OP(dp_rx, 1));
    return case_done();
}
