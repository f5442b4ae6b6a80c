/* 024-ptr-array-elem, old: pointers into array elements. */
struct item {
    int id;
    int val;
};

static struct item items[8];
static long nums[10];
static int m[3][4];
static int same[5];                     /* Unchanged, moved. */
static struct item *cur;
static int *pval;
static long *pn;
static int *pm;
static int *psame;

long long dp_version(void) { return 1; }

void set_item(int i, long long v) { items[i].id = i; items[i].val = (int) v; }
void set_num(int i, long long v) { nums[i] = (long) v; }
void set_m(int i, long long v) { m[i / 4][i % 4] = (int) v; }
void set_same(int i, long long v) { same[i] = (int) v; }

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

void point_all(void)
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
