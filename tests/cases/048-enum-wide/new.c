/* 048-enum-wide, new: an enumerator inserted, and both old values move;
 * W_HIGH stays above INT64_MAX. */
enum wide { W_ZERO, W_LOW = 2, W_HIGH = 0xfffffffffffffff1UL };

static enum wide w1, w2;

enum gone { G_ZERO, G_LOW, G_TOP = 0xfffffffffffffff0UL };

static enum gone g;

long long dp_version(void) { return 2; }

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
void set_g(long long k) { g = k == 0 ? G_LOW : G_TOP; }
long long get_g(void) { return g == G_LOW ? 0 : -1; }
