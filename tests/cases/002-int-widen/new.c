/* 002-int-widen, new: every integer widened; signed values are
 * sign-extended, unsigned ones zero-extended. */
struct st {
    int a;
    long b;
    unsigned long long c;
};

static int s8;
static long long s16;
static long s32;
static unsigned int u8;
static unsigned long u16;
static unsigned long long u32;
static long u2s;
static struct st st;
static int arr[3];

long long dp_version(void) { return 2; }
const void *dp_st(void) { return &st; }

void set_s8(long long v) { s8 = (int) v; }
long long get_s8(void) { return s8; }
void set_s16(long long v) { s16 = v; }
long long get_s16(void) { return s16; }
void set_s32(long long v) { s32 = (long) v; }
long long get_s32(void) { return s32; }
void set_u8(long long v) { u8 = (unsigned int) v; }
long long get_u8(void) { return u8; }
void set_u16(long long v) { u16 = (unsigned long) v; }
long long get_u16(void) { return (long long) u16; }
void set_u32(long long v) { u32 = (unsigned long long) v; }
long long get_u32(void) { return (long long) u32; }
void set_u2s(long long v) { u2s = (long) v; }
long long get_u2s(void) { return u2s; }
void set_st_a(long long v) { st.a = (int) v; }
long long get_st_a(void) { return st.a; }
void set_st_b(long long v) { st.b = (long) v; }
long long get_st_b(void) { return st.b; }
void set_st_c(long long v) { st.c = (unsigned long long) v; }
long long get_st_c(void) { return (long long) st.c; }
void set_arr(int i, long long v) { arr[i] = (int) v; }
long long get_arr(int i) { return arr[i]; }
