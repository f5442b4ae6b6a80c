/* 030-rename, new: 'pkts' renamed 'packets' and widened, the global
 * 'g_old' renamed 'g_new' (see 'options'). */
static long packets;
int g_new[3];
static int untouched;

long long dp_version(void) { return 2; }

void set_pkts(long long v) { packets = (long) v; }
long long get_pkts(void) { return packets; }
void set_g(int i, long long v) { g_new[i] = (int) v; }
long long get_g(int i) { return g_new[i]; }
void set_untouched(long long v) { untouched = (int) v; }
long long get_untouched(void) { return untouched; }
