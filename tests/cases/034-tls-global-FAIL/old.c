/* 034-tls-global-FAIL, old. */
static __thread int was_tls;
static int was_global;

long long dp_version(void) { return 1; }

void set_a(long long v) { was_tls = (int) v; }
long long get_a(void) { return was_tls; }
void set_b(long long v) { was_global = (int) v; }
long long get_b(void) { return was_global; }
