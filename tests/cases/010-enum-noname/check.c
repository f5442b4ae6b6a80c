/* 010-enum-noname: an enum value whose name is gone from new fails the
 * commit (HOTUP_MIG_EENUM); the old build stays live and unchanged. */
#include "case.h"

enum { O_IDLE, O_RUNNING, O_STOPPED, O_ZOMBIE };        /* Old values. */
enum { N_STOPPED = 1, N_RUNNING, N_IDLE };              /* New values. */

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_st, O_RUNNING);
    SETI(set_hist, 0, O_IDLE);
    SETI(set_hist, 1, O_ZOMBIE);
    SETI(set_hist, 2, O_STOPPED);
    case_upgrade_fails("dp.c:hist", "HOTUP_MIG_EENUM");
    EXPECT(get_st, O_RUNNING);
    EXPECTI(get_hist, 0, O_IDLE);
    EXPECTI(get_hist, 1, O_ZOMBIE);
    EXPECTI(get_hist, 2, O_STOPPED);

    case_phase = "old";
    SETI(set_hist, 1, O_RUNNING);
    SET(set_st, 7);                     /* No name even in old. */
    case_upgrade_fails("dp.c:st", "HOTUP_MIG_EENUM");
    EXPECT(get_st, 7);

    case_phase = "old";
    SET(set_st, O_STOPPED);
    case_upgrade_ok();
    EXPECT(get_st, N_STOPPED);
    EXPECTI(get_hist, 0, N_IDLE);
    EXPECTI(get_hist, 1, N_RUNNING);
    EXPECTI(get_hist, 2, N_STOPPED);
    return case_done();
}
