/* 045-array-shrink-member: a non-zero cut-off element of a member, in a
 * static struct or in one element of an array of structs, fails the
 * commit (HOTUP_MIG_ETRUNC) and leaves the old build live; once zero,
 * the kept elements move. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_one_id, 7);
    for (int i = 0; i < 3; i++) {
        SETI(set_one_q, i, 100 + i);
        SETI(set_ports_id, i, 10 * i + 1);
        for (int j = 0; j < 3; j++) {
            SETI(set_ports_q, 8 * i + j, 1000 * i + j);
        }
    }
    SETI(set_one_q, 7, 5);
    case_upgrade_fails("dp.c:one", "HOTUP_MIG_ETRUNC");
    EXPECTI(get_one_q, 7, 5);

    case_phase = "old";
    SETI(set_one_q, 7, 0);
    SETI(set_ports_q, 8 * 2 + 3, 1);
    case_upgrade_fails("dp.c:ports", "HOTUP_MIG_ETRUNC");
    EXPECTI(get_ports_q, 8 * 2 + 3, 1);

    case_phase = "old";
    SETI(set_ports_q, 8 * 2 + 3, 0);
    case_upgrade_ok();
    EXPECT(get_one_id, 7);
    for (int i = 0; i < 3; i++) {
        EXPECTI(get_one_q, i, 100 + i);
        EXPECTI(get_ports_id, i, 10 * i + 1);
        for (int j = 0; j < 3; j++) {
            EXPECTI(get_ports_q, 3 * i + j, 1000 * i + j);
        }
    }
    return case_done();
}
