/* 027-ptr-layout-FAIL, old: a static pointer to a heap object. */
#include <stdlib.h>

struct big {
    int a;
};

static struct big *pb;
static int plain;

long long dp_version(void) { return 1; }

/* pb's address escapes: otherwise clang turns a calloc stored once into a
 * static object and drops pb. */
void *dp_pb(void) { return &pb; }
void make(void) { pb = calloc(1, sizeof *pb); }
void set_a(long long v) { pb->a = (int) v; }
long long get_a(void) { return pb->a; }
void set_plain(long long v) { plain = (int) v; }
long long get_plain(void) { return plain; }
