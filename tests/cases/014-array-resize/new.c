/* 014-array-resize, new: 'grow' has 4 more elements (they keep the new
 * initializer), 'shrink' 4 fewer (they must hold zero), 'widen_grow'
 * grows and widens. */
static int grow[8] = { 0, 0, 0, 0, 50, 60, 70, 80 };
static int shrink[4];
static long widen_grow[3] = { 0, 0, -7 };

long long dp_version(void) { return 2; }

void set_grow(int i, long long v) { grow[i] = (int) v; }
long long get_grow(int i) { return grow[i]; }
void set_shrink(int i, long long v) { shrink[i] = (int) v; }
long long get_shrink(int i) { return shrink[i]; }
void set_widen_grow(int i, long long v) { widen_grow[i] = (long) v; }
long long get_widen_grow(int i) { return widen_grow[i]; }
