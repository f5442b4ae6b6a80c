/* 032-added-removed, old. */
static int gone;
long g_gone[2];
static long keep;

long long dp_version(void) { return 1; }

void set_gone(long long v) { gone = (int) v; g_gone[1] = (long) v; }
long long get_gone(void) { return gone + g_gone[1]; }
void set_keep(long long v) { keep = (long) v; }
long long get_keep(void) { return keep; }
