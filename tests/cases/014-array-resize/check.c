/* 014-array-resize: a grown array keeps the new initializer in its new
 * elements; a shrunk one migrates when the cut-off elements are zero. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 4; i++) {
        SETI(set_grow, i, i + 1);
        SETI(set_shrink, i, -(i + 1));
    }
    SETI(set_widen_grow, 0, -32768);
    SETI(set_widen_grow, 1, 12);

    case_upgrade_ok();
    static const int grown[8] = { 1, 2, 3, 4, 50, 60, 70, 80 };
    for (int i = 0; i < 8; i++) {
        EXPECTI(get_grow, i, grown[i]);
    }
    for (int i = 0; i < 4; i++) {
        EXPECTI(get_shrink, i, -(i + 1));
    }
    EXPECTI(get_widen_grow, 0, -32768);
    EXPECTI(get_widen_grow, 1, 12);
    EXPECTI(get_widen_grow, 2, -7);
    return case_done();
}
