/* 030-rename, old. */
static int pkts;
int g_old[3];
static int untouched;

long long dp_version(void) { return 1; }

void set_pkts(long long v) { pkts = (int) v; }
long long get_pkts(void) { return pkts; }
void set_g(int i, long long v) { g_old[i] = (int) v; }
long long get_g(int i) { return g_old[i]; }
void set_untouched(long long v) { untouched = (int) v; }
long long get_untouched(void) { return untouched; }
