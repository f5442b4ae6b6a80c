/* 033-const-table: a read-only table that changed is not migrated: the
 * new build reads its own values; the writable state next to it is. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    for (int i = 0; i < 4; i++) {
        EXPECTI(get_table, i, i + 1);
    }
    EXPECTI(get_entry_val, 1, 20);

    case_upgrade_ok();
    for (int i = 0; i < 6; i++) {
        EXPECTI(get_table, i, 10 * (i + 1));
    }
    EXPECTI(get_entry_val, 1, 22);
    EXPECTI(get_entry_val, 2, 33);
    EXPECT(get_hits, 10);
    return case_done();
}
