/* 031-ignore, old. */
union u {
    int i;
    float f;
};

static union u uu;
static int scratch;
static int kept;

long long dp_version(void) { return 1; }

void set_uu(long long v) { uu.i = (int) v; }
long long get_uu(void) { return uu.i; }
void set_scratch(long long v) { scratch = (int) v; }
long long get_scratch(void) { return scratch; }
void set_kept(long long v) { kept = (int) v; }
long long get_kept(void) { return kept; }
