/* 023-ptr-to-changed-static, old: pointers to members of a static whose
 * layout new.c changes, and to a static that only moves. */
struct conf {
    int a;
    int b;
    long c;
};

struct ref {
    int *target;
    int idx;
};

static struct conf cf;
static int counter;
static int *pb;
static long *pc;
static int *pcount;
static struct ref rf;

long long dp_version(void) { return 1; }
const void *dp_cf(void) { return &cf; }

void set_cf(long long a, long long b, long long c)
{
    cf.a = (int) a;
    cf.b = (int) b;
    cf.c = (long) c;
}

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

void point_all(void)
{
    pb = &cf.b;
    pc = &cf.c;
    pcount = &counter;
    rf.target = &cf.a;
    rf.idx = 7;
}

void set_counter(long long v) { counter = (int) v; }
long long get_via_pb(void) { return *pb; }
long long get_via_pc(void) { return *pc; }
long long get_via_pcount(void) { return *pcount; }
long long get_via_rf(void) { return *rf.target; }
long long get_rf_idx(void) { return rf.idx; }
long long pointers_ok(void)
{
    return (pb == &cf.b) + 2 * (pc == &cf.c) + 4 * (pcount == &counter)
           + 8 * (rf.target == &cf.a);
}
