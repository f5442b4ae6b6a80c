/* 029-tls-widen, old: thread-local variables. */
static __thread int t_count;
__thread short t_global;
static __thread long t_same;            /* Unchanged. */
static int shared;                      /* Not thread-local. */

long long dp_version(void) { return 1; }

void set_t_count(long long v) { t_count = (int) v; }
long long get_t_count(void) { return t_count; }
void set_t_global(long long v) { t_global = (short) v; }
long long get_t_global(void) { return t_global; }
void set_t_same(long long v) { t_same = (long) v; }
long long get_t_same(void) { return t_same; }
void set_shared(long long v) { shared = (int) v; }
long long get_shared(void) { return shared; }
