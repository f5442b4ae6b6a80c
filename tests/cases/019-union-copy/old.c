/* 019-union-copy, old. */
union val {
    int i;
    float f;
    unsigned char b[8];
};

struct slot {
    int tag;
    union val v;
};

static union val u;
static struct slot sl;

long long dp_version(void) { return 1; }
const void *dp_sl(void) { return &sl; }

void set_u_i(long long v) { u.i = (int) v; }
long long get_u_i(void) { return u.i; }
void set_u_b(int i, long long v) { u.b[i] = (unsigned char) v; }
long long get_u_b(int i) { return u.b[i]; }
void set_sl_tag(long long v) { sl.tag = (int) v; }
long long get_sl_tag(void) { return sl.tag; }
void setf_sl_f(double v) { sl.v.f = (float) v; }
double getf_sl_f(void) { return sl.v.f; }
void set_sl_b(int i, long long v) { sl.v.b[i] = (unsigned char) v; }
long long get_sl_b(int i) { return sl.v.b[i]; }
