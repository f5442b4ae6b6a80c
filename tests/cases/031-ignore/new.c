/* 031-ignore, new: 'uu' changed in a way only a hook could migrate, and
 * 'scratch' widened; both are --ignore'd (see 'options'): they start
 * from the new initializers. */
union u {
    long i;
    double f;
};

static union u uu = { .i = 1000 };
static long scratch = -1;
static long kept;

long long dp_version(void) { return 2; }

void set_uu(long long v) { uu.i = (long) v; }
long long get_uu(void) { return uu.i; }
void set_scratch(long long v) { scratch = (long) v; }
long long get_scratch(void) { return scratch; }
void set_kept(long long v) { kept = (long) v; }
long long get_kept(void) { return kept; }
