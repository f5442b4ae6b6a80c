/* 003-int-narrow, new: narrower types, checked at run time. */
static int l2i;
static short ll2s;
static unsigned char ul2uc;
static signed char i2sc;
static unsigned short u2us;
static unsigned int l2u;
static short arr[3];

long long dp_version(void) { return 2; }

void set_l2i(long long v) { l2i = (int) v; }
long long get_l2i(void) { return l2i; }
void set_ll2s(long long v) { ll2s = (short) v; }
long long get_ll2s(void) { return ll2s; }
void set_ul2uc(long long v) { ul2uc = (unsigned char) v; }
long long get_ul2uc(void) { return ul2uc; }
void set_i2sc(long long v) { i2sc = (signed char) v; }
long long get_i2sc(void) { return i2sc; }
void set_u2us(long long v) { u2us = (unsigned short) v; }
long long get_u2us(void) { return u2us; }
void set_l2u(long long v) { l2u = (unsigned int) v; }
long long get_l2u(void) { return l2u; }
void set_arr(int i, long long v) { arr[i] = (short) v; }
long long get_arr(int i) { return arr[i]; }
