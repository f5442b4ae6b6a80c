/* 012-struct-members, old. */
struct rec {
    int a;
    int b;                              /* Dropped by new. */
    short c;
    long d;
};

static struct rec r1;
static struct rec rs[2];

long long dp_version(void) { return 1; }
const void *dp_r1(void) { return &r1; }

void set_r1_a(long long v) { r1.a = (int) v; }
long long get_r1_a(void) { return r1.a; }
void set_r1_b(long long v) { r1.b = (int) v; }
long long get_r1_b(void) { return r1.b; }
void set_r1_c(long long v) { r1.c = (short) v; }
long long get_r1_c(void) { return r1.c; }
void set_r1_d(long long v) { r1.d = (long) v; }
long long get_r1_d(void) { return r1.d; }
void set_rs_a(int i, long long v) { rs[i].a = (int) v; }
long long get_rs_a(int i) { return rs[i].a; }
void set_rs_c(int i, long long v) { rs[i].c = (short) v; }
long long get_rs_c(int i) { return rs[i].c; }
void set_rs_d(int i, long long v) { rs[i].d = (long) v; }
long long get_rs_d(int i) { return rs[i].d; }
