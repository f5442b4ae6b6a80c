/* 041-member-runs, new: a member inserted in front shifts every run;
 * 'tail' widens; an added member fills the padding between 'g' and 'h'. */
struct rec {
    long seq;
    int a;
    int b;
    short c;
    short d;                            /* 2 bytes of padding follow. */
    long e;
    char name[6];
    char f;
    long tail;
    char g;
    char h_pad[3];                      /* Added, in old's padding. */
    int h;
};

static struct rec r = { .seq = -1 };
static struct rec rs[2] = { [1].seq = -2 };
static short *pd;                       /* -> r.d */
static char *pname;                     /* -> rs[1].name[2] */

long long dp_version(void) { return 2; }
const void *dp_keep(int i) { return i ? (const void *) &pd : (const void *) &pname; }

/* Member k of r (or rs[i]) as a number: 0 a, 1 b, 2 c, 3 d, 4 e,
 * 5 name[0..5] packed into 6 bytes, 6 f, 7 tail, 8 g, 9 h. */
static void
set_rec(struct rec *p, int k, long long v)
{
    switch (k) {
    case 0: p->a = (int) v; break;
    case 1: p->b = (int) v; break;
    case 2: p->c = (short) v; break;
    case 3: p->d = (short) v; break;
    case 4: p->e = (long) v; break;
    case 5: for (int i = 0; i < 6; i++) p->name[i] = (char) (v >> (8 * i)); break;
    case 6: p->f = (char) v; break;
    case 7: p->tail = (long) v; break;
    case 8: p->g = (char) v; break;
    default: p->h = (int) v; break;
    }
}

static long long
get_rec(const struct rec *p, int k)
{
    long long v = 0;

    switch (k) {
    case 0: return p->a;
    case 1: return p->b;
    case 2: return p->c;
    case 3: return p->d;
    case 4: return p->e;
    case 5:
        for (int i = 0; i < 6; i++) {
            v |= (long long) (unsigned char) p->name[i] << (8 * i);
        }
        return v;
    case 6: return p->f;
    case 7: return p->tail;
    case 8: return p->g;
    default: return p->h;
    }
}

long long get_seq(int i) { return i ? rs[1].seq : r.seq; }
long long pointers_ok(void) { return (pd == &r.d) + 2 * (pname == &rs[1].name[2]); }

void set_r(int k, long long v) { set_rec(&r, k, v); }
long long get_r(int k) { return get_rec(&r, k); }
void set_rs(int k, long long v) { set_rec(&rs[k / 10], k % 10, v); }
long long get_rs(int k) { return get_rec(&rs[k / 10], k % 10); }
void point(void) { pd = &r.d; pname = &rs[1].name[2]; }
long long get_via_pd(void) { return *pd; }
long long get_via_pname(void) { return *pname; }
