/* 044-exit-code, new: the counter widened; no exit code. */
static long long counter;

long long dp_version(void) { return 2; }
const void *dp_keep(void) { return &counter; }
long long get_counter(void) { return counter; }
void set_counter(long long v) { counter = v; }
void arm(long long unused) { (void) unused; }
