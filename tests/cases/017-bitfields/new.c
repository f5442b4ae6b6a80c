/* 017-bitfields, new: reordered; 'a' and 'b' and 'd' widened (b is
 * signed: sign-extended), 'g' narrowed (checked), 'h' added. */
#include <stdbool.h>

struct bits {
    unsigned f : 7;
    signed b : 9;
    bool e : 1;
    unsigned a : 6;
    signed g : 5;
    unsigned h : 4;
    unsigned long long d : 44;
};

static struct bits bt = { .h = 11 };
static struct bits bts[2] = { { .h = 1 }, { .h = 2 } };

long long dp_version(void) { return 2; }
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
long long get_h(void) { return bt.h; }
void set_bts_b(int i, long long v) { bts[i].b = (int) v; }
long long get_bts_b(int i) { return bts[i].b; }
void set_bts_f(int i, long long v) { bts[i].f = (unsigned) v; }
long long get_bts_f(int i) { return bts[i].f; }
long long get_bts_h(int i) { return bts[i].h; }
