/* 003-int-narrow, old: integers narrowed by new.c; the values set by the
 * check fit the new types. */
static long l2i;
static long long ll2s;
static unsigned long ul2uc;
static int i2sc;
static unsigned int u2us;
static long l2u;                        /* Narrower and unsigned. */
static long arr[3];

long long dp_version(void) { return 1; }

void set_l2i(long long v) { l2i = (long) v; }
long long get_l2i(void) { return l2i; }
void set_ll2s(long long v) { ll2s = v; }
long long get_ll2s(void) { return ll2s; }
void set_ul2uc(long long v) { ul2uc = (unsigned long) v; }
long long get_ul2uc(void) { return (long long) ul2uc; }
void set_i2sc(long long v) { i2sc = (int) v; }
long long get_i2sc(void) { return i2sc; }
void set_u2us(long long v) { u2us = (unsigned int) v; }
long long get_u2us(void) { return u2us; }
void set_l2u(long long v) { l2u = (long) v; }
long long get_l2u(void) { return l2u; }
void set_arr(int i, long long v) { arr[i] = (long) v; }
long long get_arr(int i) { return arr[i]; }
