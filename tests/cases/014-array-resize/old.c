/* 014-array-resize, old. */
static int grow[4];
static int shrink[8];
static short widen_grow[2];

long long dp_version(void) { return 1; }

void set_grow(int i, long long v) { grow[i] = (int) v; }
long long get_grow(int i) { return grow[i]; }
void set_shrink(int i, long long v) { shrink[i] = (int) v; }
long long get_shrink(int i) { return shrink[i]; }
void set_widen_grow(int i, long long v) { widen_grow[i] = (short) v; }
long long get_widen_grow(int i) { return widen_grow[i]; }
