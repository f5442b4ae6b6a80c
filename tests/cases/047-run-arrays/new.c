/* 047-run-arrays, new: a member inserted in front shifts the others;
 * 'tail' widens. */
struct inner {
    int kind;
    union {
        long l;
        double d;
    } u;
};

struct rec {
    long seq;
    int a;
    char name[6];
    short b;
    struct inner in;
    long c;
    long tail;
};

static struct rec r = { .seq = -1 };
static char *pname;                     /* -> r.name[2] */

long long dp_version(void) { return 2; }
const void *dp_keep(int i) { return i ? (const void *) &pname : (const void *) &r; }

/* Member k of r as a number: 0 a, 1 name[0..5] packed into 6 bytes,
 * 2 b, 3 in.kind, 4 in.u.l, 5 c, 6 tail. */
void
set_r(int k, long long v)
{
    switch (k) {
    case 0: r.a = (int) v; break;
    case 1: for (int i = 0; i < 6; i++) r.name[i] = (char) (v >> (8 * i)); break;
    case 2: r.b = (short) v; break;
    case 3: r.in.kind = (int) v; break;
    case 4: r.in.u.l = (long) v; break;
    case 5: r.c = (long) v; break;
    default: r.tail = (long) v; break;
    }
}

long long
get_r(int k)
{
    long long v = 0;

    switch (k) {
    case 0: return r.a;
    case 1:
        for (int i = 0; i < 6; i++) {
            v |= (long long) (unsigned char) r.name[i] << (8 * i);
        }
        return v;
    case 2: return r.b;
    case 3: return r.in.kind;
    case 4: return r.in.u.l;
    case 5: return r.c;
    default: return r.tail;
    }
}

void point(void) { pname = &r.name[2]; }
long long get_via_pname(void) { return *pname; }
long long get_seq(void) { return r.seq; }
long long pointer_ok(void) { return pname == &r.name[2]; }
