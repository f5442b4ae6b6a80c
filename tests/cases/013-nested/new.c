/* 013-nested, new: 'inner' widened and reordered with an added member;
 * 'outer' gains a member in the middle. */
struct inner {
    int hi;
    int lo;
    long extra;
};

struct outer {
    int id;
    struct inner one;
    char name[8];
    struct inner many[3];
};

static struct outer o = {
    .one.extra = 9, .name = "o",
    .many = { { .extra = 1 }, { .extra = 2 }, { .extra = 3 } },
};
static struct outer os[2] = { [1].many[1].extra = 77 };

long long dp_version(void) { return 2; }
const void *dp_o(void) { return &o; }

void set_o_id(long long v) { o.id = (int) v; }
long long get_o_id(void) { return o.id; }
void set_o_lo(long long v) { o.one.lo = (int) v; }
long long get_o_lo(void) { return o.one.lo; }
void set_o_hi(long long v) { o.one.hi = (int) v; }
long long get_o_hi(void) { return o.one.hi; }
void set_o_many_lo(int i, long long v) { o.many[i].lo = (int) v; }
long long get_o_many_lo(int i) { return o.many[i].lo; }
void set_o_many_hi(int i, long long v) { o.many[i].hi = (int) v; }
long long get_o_many_hi(int i) { return o.many[i].hi; }
long long get_o_one_extra(void) { return o.one.extra; }
long long get_o_many_extra(int i) { return o.many[i].extra; }
const char *gets_o_name(void) { return o.name; }
long long get_os_extra(int i) { return os[i / 3].many[i % 3].extra; }
void set_os(int i, long long v)
{
    struct outer *p = &os[i / 4];
    switch (i % 4) {
    case 0: p->id = (int) v; break;
    case 1: p->one.lo = (int) v; break;
    case 2: p->many[2].hi = (int) v; break;
    default: p->many[0].lo = (int) v; break;
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
