/* 040-pointer-arrays, old: arrays of data pointers, a pointer to a
 * pointer, NULL pointers. */
static int vals[4];
static int *ptrs[3];                    /* ptrs[1] stays NULL. */
static int **pp;                        /* -> ptrs[2] */
static int *grid[2][2];

long long dp_version(void) { return 1; }
const void *dp_keep(void) { return &pp; }

void set_val(int i, long long v) { vals[i] = (int) v; }
void point(int a, int b)
{
    ptrs[0] = &vals[a];
    ptrs[2] = &vals[b];
    pp = &ptrs[2];
    grid[0][1] = &vals[b];
    grid[1][0] = &vals[a];
}
long long get_via_ptrs(int i) { return ptrs[i] ? *ptrs[i] : -1; }
long long get_via_pp(void) { return **pp; }
long long get_via_grid(int i) { return grid[i / 2][i % 2] ? *grid[i / 2][i % 2] : -1; }
