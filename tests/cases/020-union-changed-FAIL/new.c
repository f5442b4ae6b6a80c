/* 020-union-changed-FAIL, new: the union's members widen.  Which member
 * is live is not in the DWARF: a hand-written hook must convert it. */
union val {
    long i;
    double f;
};

static union val u;
static long other;

long long dp_version(void) { return 2; }

void set_u_i(long long v) { u.i = (long) v; }
long long get_u_i(void) { return u.i; }
void set_other(long long v) { other = (long) v; }
long long get_other(void) { return other; }
