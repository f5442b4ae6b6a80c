/* 038-packed-struct: a packed struct (unaligned members) converts to the
 * unpacked layout member by member. */
#include "case.h"

int
main(int argc, char **argv)
{
    static const long long one[4] = { 'q', -7654321, 0x0102030405060708LL,
                                      -2 };

    case_open(argc, argv);
    for (int k = 0; k < 4; k++) {
        SETI(set_one, k, one[k]);
    }
    for (int i = 0; i < 3; i++) {
        SETI(set_many_l, i, -(1LL << (20 * i)));
        SETI(set_many_i, i, 1000 + i);
    }

    case_upgrade_ok();
    for (int k = 0; k < 4; k++) {
        EXPECTI(get_one, k, one[k]);
    }
    for (int i = 0; i < 3; i++) {
        EXPECTI(get_many_l, i, -(1LL << (20 * i)));
        EXPECTI(get_many_i, i, 1000 + i);
    }
    return case_done();
}
