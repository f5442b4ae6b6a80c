/* 039-tls-pointers, new: the thread-local array grows and a thread-local
 * is inserted before it. */
static __thread int t_first = 5;
static __thread long t_arr[6];
static __thread long *t_cur;
static __thread int *t_to_static;
static int counters[3];                 /* Unchanged, moved. */

long long dp_version(void) { return 2; }
const void *dp_keep(int i) { return i ? (const void *) &t_cur : (const void *) &t_to_static; }

void set_t_first(long long v) { t_first = (int) v; }
long long get_t_first(void) { return t_first; }
void set_t_arr(int i, long long v) { t_arr[i] = (long) v; }
void set_counter(int i, long long v) { counters[i] = (int) v; }
void point(int i)
{
    t_cur = &t_arr[i];
    t_to_static = &counters[i % 3];
}
long long get_via_t_cur(void) { return *t_cur; }
long long t_cur_index(void) { return t_cur - t_arr; }
long long get_via_t_to_static(void) { return *t_to_static; }
