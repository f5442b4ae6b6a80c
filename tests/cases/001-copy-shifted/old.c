/* 001-copy-shifted, old: variables whose layout does not change. */
struct pair {
    int a;
    short b;
    char tag[6];
};

static int counter;                     /* .bss */
static struct pair pr = { 1, 2, "pq" };  /* .data */
static long table[4];                   /* .bss */
unsigned long long g_total = 5;         /* A global, .data */

long long dp_version(void) { return 1; }
const void *dp_pr(void) { return &pr; }  /* Its address escapes. */

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
