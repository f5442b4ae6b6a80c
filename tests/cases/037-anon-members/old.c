/* 037-anon-members, old: anonymous union and struct members (C11). */
struct msg {
    int tag;
    union {
        int i;
        float f;
    };
    struct {
        short x, y;
    };
};

static struct msg m;

long long dp_version(void) { return 1; }
const void *dp_m(void) { return &m; }

void set_tag(long long v) { m.tag = (int) v; }
long long get_tag(void) { return m.tag; }
void set_i(long long v) { m.i = (int) v; }
long long get_i(void) { return m.i; }
void set_x(long long v) { m.x = (short) v; }
long long get_x(void) { return m.x; }
void set_y(long long v) { m.y = (short) v; }
long long get_y(void) { return m.y; }
