/* 006-signedness-range: a value the other signedness cannot hold (a
 * negative into unsigned, a large unsigned into signed) fails the commit
 * and leaves the old build live and unchanged. */
#include "case.h"

static void
set_all(long long s2u, long long u2s, long long uc2sc, long long s2ul,
        long long sc2u16)
{
    case_phase = "old";
    SET(set_s2u, s2u);
    SET(set_u2s, u2s);
    SET(set_uc2sc, uc2sc);
    SET(set_s2ul, s2ul);
    SET(set_sc2u16, sc2u16);
}

static void
expect_all(long long s2u, long long u2s, long long uc2sc, long long s2ul,
           long long sc2u16)
{
    EXPECT(get_s2u, s2u);
    EXPECT(get_u2s, u2s);
    EXPECT(get_uc2sc, uc2sc);
    EXPECT(get_s2ul, s2ul);
    EXPECT(get_sc2u16, sc2u16);
}

int
main(int argc, char **argv)
{
    case_open(argc, argv);

    set_all(1, 2, 3, 4, 5);
    SET(set_s2ul, -1);                  /* Negative into unsigned long. */
    case_upgrade_fails("dp.c:s2ul", "HOTUP_MIG_ERANGE");
    expect_all(1, 2, 3, -1, 5);

    set_all(-1, 2, 3, 4, 5);            /* Negative into unsigned int. */
    case_upgrade_fails("dp.c:s2u", "HOTUP_MIG_ERANGE");
    expect_all(-1, 2, 3, 4, 5);

    set_all(1, 0x80000000LL, 3, 4, 5);  /* Too big for int. */
    case_upgrade_fails("dp.c:u2s", "HOTUP_MIG_ERANGE");
    expect_all(1, 0x80000000LL, 3, 4, 5);

    set_all(1, 2, 200, 4, 5);           /* Too big for signed char. */
    case_upgrade_fails("dp.c:uc2sc", "HOTUP_MIG_ERANGE");
    expect_all(1, 2, 200, 4, 5);

    set_all(1, 2, 3, 4, -3);            /* Negative into unsigned short. */
    case_upgrade_fails("dp.c:sc2u16", "HOTUP_MIG_ERANGE");
    expect_all(1, 2, 3, 4, -3);

    set_all(0, 0x7fffffffLL, 0, 0, 127);
    case_upgrade_ok();
    expect_all(0, 0x7fffffffLL, 0, 0, 127);
    return case_done();
}
