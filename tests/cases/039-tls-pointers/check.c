/* 039-tls-pointers: a thread-local pointer into the thread's own
 * thread-local array points, after the upgrade, to the same element of
 * the new thread-local block; one into static data follows it. */
#include "case.h"

typedef void point_fn(int);

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 4; i++) {
        SETI(set_t_arr, i, 10 * (i + 1));
    }
    for (int i = 0; i < 3; i++) {
        SETI(set_counter, i, -i);
    }
    CASE_FN(point_fn, "point")(2);
    EXPECT(get_via_t_cur, 30);
    EXPECT(get_via_t_to_static, -2);

    case_upgrade_ok();
    EXPECT(t_cur_index, 2);
    EXPECT(get_via_t_cur, 30);
    EXPECT(get_t_first, 5);
    EXPECT(get_via_t_to_static, -2);
    SETI(set_counter, 2, 22);
    EXPECT(get_via_t_to_static, 22);
    SETI(set_t_arr, 2, -3);
    EXPECT(get_via_t_cur, -3);
    return case_done();
}
