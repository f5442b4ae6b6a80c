/* 029-tls-widen: thread-local variables are migrated for the thread that
 * commits (the only one here that touched them); a new thread-local keeps
 * its initializer. */
#include "case.h"

int
main(int argc, char **argv)
{
    case_open(argc, argv);
    SET(set_t_count, -123456);
    SET(set_t_global, -2);
    SET(set_t_same, 1LL << 40);
    SET(set_shared, 9);

    case_upgrade_ok();
    EXPECT(get_t_count, -123456);
    EXPECT(get_t_global, -2);
    EXPECT(get_t_same, 1LL << 40);
    EXPECT(get_t_new, 31);
    EXPECT(get_shared, 9);
    return case_done();
}
