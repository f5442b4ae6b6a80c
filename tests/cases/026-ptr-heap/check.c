/* 026-ptr-heap: heap pointers held in statics are copied unchanged and
 * the new build reads (and frees) the same heap objects. */
#include "case.h"

int
main(int argc, char **argv)
{
    long long key;

    case_open(argc, argv);
    key = GETI(make, 100);

    case_upgrade_ok();
    EXPECT(heap_key, key);
    EXPECT(get_len, 100);
    EXPECT(get_flags, 0x42);
    for (int i = 0; i < 100; i++) {
        EXPECTI(get_data, i, (i * 7) & 0xff);
    }
    EXPECTI(get_count, 2, -5);
    EXPECTI(get_count, 3, 0);
    CALL(release);
    return case_done();
}
