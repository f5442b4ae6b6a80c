/* 039-tls-pointers, old: thread-local pointers into thread-local and
 * into ordinary static data. */
static __thread long t_arr[4];
static __thread long *t_cur;            /* -> t_arr[i] */
static __thread int *t_to_static;       /* -> counters[i] */
static int counters[3];

long long dp_version(void) { return 1; }
const void *dp_keep(int i) { return i ? (const void *) &t_cur : (const void *) &t_to_static; }

void set_t_arr(int i, long long v) { t_arr[i] = (long) v; }
void set_counter(int i, long long v) { counters[i] = (int) v; }
void point(int i)
{
    t_cur = &t_arr[i];
    t_to_static = &counters[i % 3];
}
long long get_via_t_cur(void) { return *t_cur; }
long long get_via_t_to_static(void) { return *t_to_static; }
