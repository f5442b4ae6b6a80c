/* 001-copy-shifted: identical layouts are copied to their new addresses;
 * the inserted variables keep the new initializers. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_counter, -123456);
    SET(set_pr_a, 0x12345678);
    SET(set_pr_b, -2);
    SETI(set_pr_tag, 0, 'x');
    SETI(set_pr_tag, 5, 'z');
    for (int i = 0; i < 4; i++) {
        SETI(set_table, i, -1000L * (i + 1));
    }
    SET(set_total, 0x7edcba9876543210LL);

    case_upgrade_ok();
    EXPECT(get_counter, -123456);
    EXPECT(get_pr_a, 0x12345678);
    EXPECT(get_pr_b, -2);
    EXPECTI(get_pr_tag, 0, 'x');
    EXPECTI(get_pr_tag, 1, 'q');
    EXPECTI(get_pr_tag, 2, 0);
    EXPECTI(get_pr_tag, 5, 'z');
    for (int i = 0; i < 4; i++) {
        EXPECTI(get_table, i, -1000L * (i + 1));
    }
    EXPECT(get_total, 0x7edcba9876543210LL);
    EXPECTI(get_moved_data, 0, 11);
    EXPECTI(get_moved_data, 1, 12);
    EXPECTI(get_moved_data, 2, 0);
    EXPECTI(get_moved_bss, 39, 0);
    return case_done();
}
