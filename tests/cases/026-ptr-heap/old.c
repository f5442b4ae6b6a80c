/* 026-ptr-heap, old: static pointers to heap memory. */
#include <stdint.h>
#include <stdlib.h>

struct buf {
    size_t len;
    unsigned char *data;
};

static struct buf b;
static int *counts;

long long dp_version(void) { return 1; }
const void *dp_b(void) { return &b; }
const void *dp_counts(void) { return &counts; }    /* Escapes, see 027. */

long long make(int n)              /* Returns a key of the heap addresses. */
{
    b.len = (size_t) n;
    b.data = malloc((size_t) n);
    for (int i = 0; i < n; i++) {
        b.data[i] = (unsigned char) (i * 7);
    }
    counts = calloc(4, sizeof *counts);
    counts[2] = -5;
    return (long long) (uintptr_t) b.data ^ (long long) (uintptr_t) counts;
}

long long get_data(int i) { return b.data[i]; }
