/* 023-ptr-to-changed-static: a pointer to a member of a static whose
 * layout changed points to the same member at its new place; a pointer to
 * a static that only moved follows it. */
#include "case.h"

typedef void set3_fn(long long, long long, long long);

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    CASE_FN(set3_fn, "set_cf")(-1, 22, 333333333333LL);
    SET(set_counter, 44);
    CALL(point_all);
    EXPECT(pointers_ok, 15);
    EXPECT(get_via_pb, 22);

    case_upgrade_ok();
    EXPECT(pointers_ok, 15);
    EXPECT(get_via_pb, 22);
    EXPECT(get_via_pc, 333333333333LL);
    EXPECT(get_via_pcount, 44);
    EXPECT(get_via_rf, -1);
    EXPECT(get_rf_idx, 7);
    /* Writes through the pointers reach new's statics. */
    SET(set_via_pb, 55);
    EXPECT(get_cf_b, 55);
    SET(set_via_rf, 66);
    EXPECT(get_cf_a, 66);
    SET(set_counter, 77);
    EXPECT(get_via_pcount, 77);
    EXPECTS(gets_before, "moves everything");
    return case_done();
}
