/* 016-multidim, new: 'm' gains a row and widens, 'n' loses two columns,
 * 'cube' gains a middle row and widens. */
static long m[4][4] = { [3] = { 9, 9, 9, 9 } };
static short n[2][3];
static int cube[2][3][2] = { [0][2] = { 5, 6 }, [1][2] = { 7, 8 } };

long long dp_version(void) { return 2; }

/* Index i is flattened in the NEW shape. */
void set_m(int i, long long v) { m[i / 4][i % 4] = (long) v; }
long long get_m(int i) { return m[i / 4][i % 4]; }
void set_n(int i, long long v) { n[i / 3][i % 3] = (short) v; }
long long get_n(int i) { return n[i / 3][i % 3]; }
void set_cube(int i, long long v) { cube[i / 6][i / 2 % 3][i % 2] = (int) v; }
long long get_cube(int i) { return cube[i / 6][i / 2 % 3][i % 2]; }
