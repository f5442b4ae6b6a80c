/* 017-bitfields, old. */
#include <stdbool.h>

struct bits {
    unsigned a : 3;
    signed b : 5;
    unsigned long long d : 40;
    bool e : 1;
    unsigned f : 7;
    signed g : 12;
};

static struct bits bt;
static struct bits bts[2];

long long dp_version(void) { return 1; }
const void *dp_bt(void) { return &bt; }

void set_a(long long v) { bt.a = (unsigned) v; }
long long get_a(void) { return bt.a; }
void set_b(long long v) { bt.b = (int) v; }
long long get_b(void) { return bt.b; }
void set_d(long long v) { bt.d = (unsigned long long) v; }
long long get_d(void) { return (long long) bt.d; }
void set_e(long long v) { bt.e = v != 0; }
long long get_e(void) { return bt.e; }
void set_f(long long v) { bt.f = (unsigned) v; }
long long get_f(void) { return bt.f; }
void set_g(long long v) { bt.g = (int) v; }
long long get_g(void) { return bt.g; }
void set_bts_b(int i, long long v) { bts[i].b = (int) v; }
long long get_bts_b(int i) { return bts[i].b; }
void set_bts_f(int i, long long v) { bts[i].f = (unsigned) v; }
long long get_bts_f(int i) { return bts[i].f; }
