/* 016-multidim, old: multi-dimensional arrays. */
static int m[3][4];
static short n[2][5];
static char cube[2][2][2];

long long dp_version(void) { return 1; }

/* Index i is flattened in the OLD shape. */
void set_m(int i, long long v) { m[i / 4][i % 4] = (int) v; }
long long get_m(int i) { return m[i / 4][i % 4]; }
void set_n(int i, long long v) { n[i / 5][i % 5] = (short) v; }
long long get_n(int i) { return n[i / 5][i % 5]; }
void set_cube(int i, long long v) { cube[i / 4][i / 2 % 2][i % 2] = (char) v; }
long long get_cube(int i) { return cube[i / 4][i / 2 % 2][i % 2]; }
