/* 016-multidim: each dimension of a multi-dimensional array grows or
 * shrinks on its own: element [i][j] stays [i][j]. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 12; i++) {
        SETI(set_m, i, -100 * i - 1);   /* m[i / 4][i % 4] */
    }
    for (int i = 0; i < 10; i++) {
        if (i % 5 < 3) {
            SETI(set_n, i, 10 * (i / 5) + i % 5 + 1);   /* n[r][c] */
        }
    }
    for (int i = 0; i < 8; i++) {
        SETI(set_cube, i, -(i + 1));    /* cube[a][b][c] */
    }

    case_upgrade_ok();
    for (int i = 0; i < 16; i++) {
        EXPECTI(get_m, i, i < 12 ? -100 * i - 1 : 9);
    }
    for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 3; c++) {
            EXPECTI(get_n, r * 3 + c, 10 * r + c + 1);
        }
    }
    for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 2; c++) {
                int old = a * 4 + b * 2 + c;
                long long want = b < 2 ? -(old + 1) : 5 + a * 2 + c;
                EXPECTI(get_cube, a * 6 + b * 2 + c, want);
            }
        }
    }
    return case_done();
}
