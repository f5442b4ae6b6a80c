/* 023-ptr-to-changed-static, new: 'struct conf' is reordered and grows;
 * the pointers must point to the same members at their new places. */
struct conf {
    long c;
    char name[4];
    int b;
    int pad;
    int a;
};

struct ref {
    int idx;
    int *target;
};

static char before[64] = "moves everything";
static struct conf cf = { .name = "cf" };
static int counter;
static int *pb;
static long *pc;
static int *pcount;
static struct ref rf;

long long dp_version(void) { return 2; }
const void *dp_cf(void) { return &cf; }

void set_cf_a(long long v) { cf.a = (int) v; }
long long get_cf_a(void) { return cf.a; }
long long get_cf_b(void) { return cf.b; }
long long get_cf_c(void) { return cf.c; }
const char *gets_before(void) { return before; }

/* The addresses of the pointers escape, so that the compiler keeps each
 * as one pointer in memory (clang would otherwise split a struct into
 * pieces or shrink a pointer stored once into a flag). */
const void *dp_keep(int i)
{
    switch (i) {
    case 0: return &pb;
    case 1: return &pc;
    case 2: return &pcount;
    case 3: return &rf;
    default: return 0;
    }
}

void point_all(void)                    /* Writes them: see README.md. */
{
    pb = &cf.b;
    pc = &cf.c;
    pcount = &counter;
    rf.target = &cf.a;
    rf.idx = 7;
}

void set_counter(long long v) { counter = (int) v; }
long long get_counter(void) { return counter; }
long long get_via_pb(void) { return *pb; }
long long get_via_pc(void) { return *pc; }
long long get_via_pcount(void) { return *pcount; }
long long get_via_rf(void) { return *rf.target; }
long long get_rf_idx(void) { return rf.idx; }
void set_via_pb(long long v) { *pb = (int) v; }
void set_via_rf(long long v) { *rf.target = (int) v; }
long long pointers_ok(void)
{
    return (pb == &cf.b) + 2 * (pc == &cf.c) + 4 * (pcount == &counter)
           + 8 * (rf.target == &cf.a);
}
