/* 032-added-removed, new: 'gone' and 'g_gone' removed (their state is
 * dropped), 'born', 'born_arr' and the global 'g_born' added (they keep
 * their initializers). */
static long keep;
static int born = 17;
static char born_arr[4] = "abc";
int g_born[2] = { 0, -4 };
static int born_bss;

long long dp_version(void) { return 2; }

void set_keep(long long v) { keep = (long) v; }
long long get_keep(void) { return keep; }
long long get_born(void) { return born; }
void set_born(long long v) { born = (int) v; }
const char *gets_born_arr(void) { return born_arr; }
void sets_born_arr(const char *s) { born_arr[0] = s[0]; }
long long get_g_born(int i) { return g_born[i]; }
long long get_born_bss(void) { return born_bss; }
void set_born_bss(long long v) { born_bss = (int) v; }
