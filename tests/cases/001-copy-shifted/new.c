/* 001-copy-shifted, new: the same variables, moved by variables inserted
 * in .data and .bss before them: copied as they are, to new addresses. */
struct pair {
    int a;
    short b;
    char tag[6];
};

static long moved_data[16] = { 11, 12 }; /* New, .data */
static int moved_bss[40];                /* New, .bss */
static int counter;
static struct pair pr = { 1, 2, "pq" };
static long table[4];
unsigned long long g_total = 5;

long long dp_version(void) { return 2; }
const void *dp_pr(void) { return &pr; }

void set_counter(long long v) { counter = (int) v; }
long long get_counter(void) { return counter; }
void set_pr_a(long long v) { pr.a = (int) v; }
long long get_pr_a(void) { return pr.a; }
void set_pr_b(long long v) { pr.b = (short) v; }
long long get_pr_b(void) { return pr.b; }
void set_pr_tag(int i, long long v) { pr.tag[i] = (char) v; }
long long get_pr_tag(int i) { return pr.tag[i]; }
void set_table(int i, long long v) { table[i] = (long) v; }
long long get_table(int i) { return table[i]; }
void set_total(long long v) { g_total = (unsigned long long) v; }
long long get_total(void) { return (long long) g_total; }
void set_moved_data(int i, long long v) { moved_data[i] = (long) v; }
long long get_moved_data(int i) { return moved_data[i]; }
void set_moved_bss(int i, long long v) { moved_bss[i] = (int) v; }
long long get_moved_bss(int i) { return moved_bss[i]; }
