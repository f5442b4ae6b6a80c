/* 029-tls-widen, new: the thread-locals widen; a new one is added. */
static __thread long t_count;
__thread int t_global;
static __thread int t_new = 31;
static __thread long t_same;
static int shared;

long long dp_version(void) { return 2; }

void set_t_count(long long v) { t_count = (long) v; }
long long get_t_count(void) { return t_count; }
void set_t_global(long long v) { t_global = (int) v; }
long long get_t_global(void) { return t_global; }
void set_t_same(long long v) { t_same = (long) v; }
long long get_t_same(void) { return t_same; }
long long get_t_new(void) { return t_new; }
void set_t_new(long long v) { t_new = (int) v; }
void set_shared(long long v) { shared = (int) v; }
long long get_shared(void) { return shared; }
