/* 012-struct-members, new: 'b' dropped, the others reordered, 'added' and
 * 'tag' added: they keep the new initializers. */
struct rec {
    long d;
    short c;
    int added;
    int a;
    char tag[4];
};

static struct rec r1 = { .added = 42, .tag = "new" };
static struct rec rs[2] = { { .added = 5, .tag = "x" }, { .added = 6 } };

long long dp_version(void) { return 2; }
const void *dp_r1(void) { return &r1; }

void set_r1_a(long long v) { r1.a = (int) v; }
long long get_r1_a(void) { return r1.a; }
void set_r1_c(long long v) { r1.c = (short) v; }
long long get_r1_c(void) { return r1.c; }
void set_r1_d(long long v) { r1.d = (long) v; }
long long get_r1_d(void) { return r1.d; }
long long get_r1_added(void) { return r1.added; }
void set_r1_added(long long v) { r1.added = (int) v; }
const char *gets_r1_tag(void) { return r1.tag; }
void set_rs_a(int i, long long v) { rs[i].a = (int) v; }
long long get_rs_a(int i) { return rs[i].a; }
void set_rs_c(int i, long long v) { rs[i].c = (short) v; }
long long get_rs_c(int i) { return rs[i].c; }
void set_rs_d(int i, long long v) { rs[i].d = (long) v; }
long long get_rs_d(int i) { return rs[i].d; }
long long get_rs_added(int i) { return rs[i].added; }
long long get_rs_tag0(int i) { return rs[i].tag[0]; }
