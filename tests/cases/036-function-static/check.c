/* 036-function-static: function-static variables (also in an inlined
 * static function) migrate by their dp.c:FUNCTION:NAME identity. */
#include "case.h"

typedef long long tally_fn(long long);
#define TALLY(v) (CASE_FN(tally_fn, "tally")(v))

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 3; i++) {
        GET(bump);
    }
    TALLY(40);
    EXPECT_VAL("tally(2) in old", 42, TALLY(2));
    EXPECT(api_a, 1);
    EXPECT(api_b, 20);
    EXPECT(api_a, 3);

    case_upgrade_ok();
    EXPECT(bump, 4);
    EXPECT_VAL("tally(8) (sum 50, calls 101)", 101000050LL, TALLY(8));
    EXPECT(api_b, 40);
    EXPECT(api_a, 5);
    return case_done();
}
