/* 026-ptr-heap, new: the same pointers, the struct gains a member; heap
 * pointers are copied unchanged. */
#include <stdint.h>
#include <stdlib.h>

struct buf {
    unsigned flags;
    size_t len;
    unsigned char *data;
};

static struct buf b = { .flags = 0x42 };
static int *counts;

long long dp_version(void) { return 2; }
const void *dp_b(void) { return &b; }
const void *dp_counts(void) { return &counts; }    /* Escapes, see 027. */

long long heap_key(void)
{
    return (long long) (uintptr_t) b.data ^ (long long) (uintptr_t) counts;
}

long long get_len(void) { return (long long) b.len; }
long long get_flags(void) { return b.flags; }
long long get_data(int i) { return b.data[i]; }
long long get_count(int i) { return counts[i]; }
void release(void)
{
    free(b.data);
    free(counts);
    b.data = NULL;
    counts = NULL;
}
