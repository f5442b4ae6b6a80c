/* 027-ptr-layout-FAIL, new: 'struct big' changed layout.  The heap
 * object 'pb' points to stays in the old layout: only a hand-written hook
 * can convert it. */
#include <stdlib.h>

struct big {
    long b;
    int a;
};

static struct big *pb;
static long plain;

long long dp_version(void) { return 2; }

/* pb's address escapes: otherwise clang turns a calloc stored once into a
 * static object and drops pb. */
void *dp_pb(void) { return &pb; }
void make(void) { pb = calloc(1, sizeof *pb); }
void set_a(long long v) { pb->a = (int) v; }
long long get_a(void) { return pb->a; }
void set_plain(long long v) { plain = (long) v; }
long long get_plain(void) { return plain; }
