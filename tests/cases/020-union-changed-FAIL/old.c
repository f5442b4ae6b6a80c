/* 020-union-changed-FAIL, old. */
union val {
    int i;
    float f;
};

static union val u;
static int other;

long long dp_version(void) { return 1; }

void set_u_i(long long v) { u.i = (int) v; }
long long get_u_i(void) { return u.i; }
void set_other(long long v) { other = (int) v; }
long long get_other(void) { return other; }
