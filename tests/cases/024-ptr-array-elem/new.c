/* 024-ptr-array-elem, new: the arrays grow (an inner dimension too), so
 * their elements move: each pointer must point to the same element. */
struct item {
    int id;
    int val;
};

static int inserted[3] = { 1, 2, 3 };
static struct item items[10];
static long nums[12];
static int m[3][6];
static int same[5];
static struct item *cur;
static int *pval;
static long *pn;
static int *pm;
static int *psame;

long long dp_version(void) { return 2; }

void set_item(int i, long long v) { items[i].id = i; items[i].val = (int) v; }
void set_num(int i, long long v) { nums[i] = (long) v; }
void set_m(int i, long long v) { m[i / 6][i % 6] = (int) v; }
void set_same(int i, long long v) { same[i] = (int) v; }
void set_inserted(int i, long long v) { inserted[i] = (int) v; }
long long get_inserted(int i) { return inserted[i]; }

/* The addresses of the pointers escape, so that the compiler keeps each
 * as one pointer in memory (clang would otherwise split a struct into
 * pieces or shrink a pointer stored once into a flag). */
const void *dp_keep(int i)
{
    switch (i) {
    case 0: return &cur;
    case 1: return &pval;
    case 2: return &pn;
    case 3: return &pm;
    case 4: return &psame;
    default: return 0;
    }
}

void point_all(void)                    /* Writes them: see README.md. */
{
    cur = &items[3];
    pval = &items[5].val;
    pn = &nums[7];
    pm = &m[1][2];
    psame = &same[4];
}

long long get_cur_val(void) { return cur->val; }
long long get_via_pval(void) { return *pval; }
long long get_via_pn(void) { return *pn; }
long long get_via_pm(void) { return *pm; }
long long get_via_psame(void) { return *psame; }
long long cur_index(void) { return cur - items; }
long long pointers_ok(void)
{
    return (cur == &items[3]) + 2 * (pval == &items[5].val)
           + 4 * (pn == &nums[7]) + 8 * (pm == &m[1][2])
           + 16 * (psame == &same[4]);
}
