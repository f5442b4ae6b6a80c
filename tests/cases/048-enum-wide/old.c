/* 048-enum-wide, old: an enum whose values need 64 unsigned bits (gcc and
 * clang give it type unsigned long), one of them above INT64_MAX. */
enum wide { W_LOW = 1, W_HIGH = 0xfffffffffffffff0UL };

static enum wide w1, w2;

/* Its value above INT64_MAX is gone from the new enum (renamed): the
 * conversion keeps a switch, with no label above INT64_MAX. */
enum gone { G_LOW = 1, G_HIGH = 0xfffffffffffffff0UL };

static enum gone g;

long long dp_version(void) { return 1; }

/* Across the interface by name: 0 low, 1 high. */
static enum wide
wide_of(long long k)
{
    return k == 0 ? W_LOW : W_HIGH;
}

static long long
name_of(enum wide w)
{
    return w == W_LOW ? 0 : w == W_HIGH ? 1 : -1;
}

void set_w1(long long k) { w1 = wide_of(k); }
long long get_w1(void) { return name_of(w1); }
void set_w2(long long k) { w2 = wide_of(k); }
long long get_w2(void) { return name_of(w2); }
void set_g(long long k) { g = k == 0 ? G_LOW : G_HIGH; }
long long get_g(void) { return g == G_LOW ? 0 : -1; }
