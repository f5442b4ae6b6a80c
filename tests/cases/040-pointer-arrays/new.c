/* 040-pointer-arrays, new: 'vals' grows (its elements move when 'ptrs'
 * grows too), 'ptrs' gains an element, the grid a column. */
static int vals[6] = { [5] = 55 };
static int *ptrs[4];
static int **pp;
static int *grid[2][3];

long long dp_version(void) { return 2; }
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
long long get_via_grid(int i) { return grid[i / 3][i % 3] ? *grid[i / 3][i % 3] : -1; }
long long pointers_ok(void)
{
    return (ptrs[0] == &vals[1]) + 2 * (ptrs[2] == &vals[3])
           + 4 * (pp == &ptrs[2]) + 8 * (grid[0][1] == &vals[3])
           + 16 * (grid[1][0] == &vals[1]) + 32 * !ptrs[1] + 64 * !ptrs[3];
}
