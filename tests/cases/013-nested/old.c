/* 013-nested, old: a struct in a struct, and arrays of them. */
struct inner {
    short lo;
    short hi;
};

struct outer {
    int id;
    struct inner one;
    struct inner many[3];
};

static struct outer o;
static struct outer os[2];

long long dp_version(void) { return 1; }
const void *dp_o(void) { return &o; }

void set_o_id(long long v) { o.id = (int) v; }
long long get_o_id(void) { return o.id; }
void set_o_lo(long long v) { o.one.lo = (short) v; }
long long get_o_lo(void) { return o.one.lo; }
void set_o_hi(long long v) { o.one.hi = (short) v; }
long long get_o_hi(void) { return o.one.hi; }
void set_o_many_lo(int i, long long v) { o.many[i].lo = (short) v; }
long long get_o_many_lo(int i) { return o.many[i].lo; }
void set_o_many_hi(int i, long long v) { o.many[i].hi = (short) v; }
long long get_o_many_hi(int i) { return o.many[i].hi; }
/* os[i / 4]: i % 4 == 0 id, 1 one.lo, 2 many[2].hi, 3 many[0].lo */
void set_os(int i, long long v)
{
    struct outer *p = &os[i / 4];
    switch (i % 4) {
    case 0: p->id = (int) v; break;
    case 1: p->one.lo = (short) v; break;
    case 2: p->many[2].hi = (short) v; break;
    default: p->many[0].lo = (short) v; break;
    }
}
long long get_os(int i)
{
    const struct outer *p = &os[i / 4];
    switch (i % 4) {
    case 0: return p->id;
    case 1: return p->one.lo;
    case 2: return p->many[2].hi;
    default: return p->many[0].lo;
    }
}
