/* 024-ptr-array-elem: pointers into array elements (of structs, of a
 * grown array, of a grown inner dimension, of a moved array) point to the
 * same elements after the upgrade. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 8; i++) {
        SETI(set_item, i, 10 * i);
    }
    for (int i = 0; i < 10; i++) {
        SETI(set_num, i, -i);
    }
    for (int i = 0; i < 12; i++) {
        SETI(set_m, i, 100 + i);        /* m[i / 4][i % 4] */
    }
    for (int i = 0; i < 5; i++) {
        SETI(set_same, i, 1000 + i);
    }
    CALL(point_all);
    EXPECT(get_cur_val, 30);
    EXPECT(get_via_pm, 106);

    case_upgrade_ok();
    EXPECT(pointers_ok, 31);
    EXPECT(cur_index, 3);
    EXPECT(get_cur_val, 30);
    EXPECT(get_via_pval, 50);
    EXPECT(get_via_pn, -7);
    EXPECT(get_via_pm, 106);
    EXPECT(get_via_psame, 1004);
    EXPECTI(get_inserted, 2, 3);
    /* The pointers now follow new's arrays. */
    SETI(set_item, 3, -3);
    EXPECT(get_cur_val, -3);
    SETI(set_m, 8, -8);                 /* m[1][2] in the new shape */
    EXPECT(get_via_pm, -8);
    return case_done();
}
