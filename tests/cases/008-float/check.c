/* 008-float: float -> double keeps every value; double -> float works
 * for values exact in float (and infinities) and fails the commit for
 * the others, leaving the old build live and unchanged. */
#include <math.h>

#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SETF(setf_f2d, 0.1);                /* Stored as (float) 0.1. */
    SETF(setf_d2f_exact, -0.375);
    SETF(setf_d2f_inexact, 0.1);        /* Not exact in float. */
    SETF(setf_d2f_inf, -INFINITY);
    SETI(set_farr, 0, -6);
    SETI(set_farr, 2, 5);

    case_upgrade_fails("dp.c:d2f_inexact", "HOTUP_MIG_ERANGE");
    EXPECTF(getf_d2f_inexact, 0.1);
    EXPECTF(getf_d2f_exact, -0.375);

    case_phase = "old";
    SETF(setf_d2f_inexact, 1e300);      /* Overflows float. */
    case_upgrade_fails("dp.c:d2f_inexact", "HOTUP_MIG_ERANGE");
    EXPECTF(getf_d2f_inexact, 1e300);

    case_phase = "old";
    SETF(setf_d2f_inexact, 16777216.0); /* 2^24: exact. */
    case_upgrade_ok();
    EXPECTF(getf_f2d, (double) 0.1f);
    EXPECTF(getf_d2f_exact, -0.375);
    EXPECTF(getf_d2f_inexact, 16777216.0);
    EXPECTF(getf_d2f_inf, -INFINITY);
    EXPECTI(get_farr, 0, -6);
    EXPECTI(get_farr, 1, 0);
    EXPECTI(get_farr, 2, 5);
    return case_done();
}
