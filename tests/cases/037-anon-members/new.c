/* 037-anon-members, new: a member added in front, the anonymous union
 * unchanged (moves whole), the anonymous struct's 'x' widened (its
 * members are matched by name, as C11 names them). */
struct msg {
    long seq;
    int tag;
    union {
        int i;
        float f;
    };
    struct {
        int x;
        short y;
    };
};

static struct msg m = { .seq = 8 };

long long dp_version(void) { return 2; }
const void *dp_m(void) { return &m; }

void set_tag(long long v) { m.tag = (int) v; }
long long get_tag(void) { return m.tag; }
void set_i(long long v) { m.i = (int) v; }
long long get_i(void) { return m.i; }
void set_x(long long v) { m.x = (int) v; }
long long get_x(void) { return m.x; }
void set_y(long long v) { m.y = (short) v; }
long long get_y(void) { return m.y; }
long long get_seq(void) { return m.seq; }
