/* 002-int-widen, old: integers that every new type can hold. */
struct st {
    short a;
    int b;
    unsigned char c;
};

static signed char s8;
static short s16;
static int s32;
static unsigned char u8;
static unsigned short u16;
static unsigned int u32;
static unsigned int u2s;                /* Unsigned into a wider signed. */
static struct st st;
static short arr[3];

long long dp_version(void) { return 1; }
const void *dp_st(void) { return &st; }

void set_s8(long long v) { s8 = (signed char) v; }
long long get_s8(void) { return s8; }
void set_s16(long long v) { s16 = (short) v; }
long long get_s16(void) { return s16; }
void set_s32(long long v) { s32 = (int) v; }
long long get_s32(void) { return s32; }
void set_u8(long long v) { u8 = (unsigned char) v; }
long long get_u8(void) { return u8; }
void set_u16(long long v) { u16 = (unsigned short) v; }
long long get_u16(void) { return u16; }
void set_u32(long long v) { u32 = (unsigned int) v; }
long long get_u32(void) { return u32; }
void set_u2s(long long v) { u2s = (unsigned int) v; }
long long get_u2s(void) { return u2s; }
void set_st_a(long long v) { st.a = (short) v; }
long long get_st_a(void) { return st.a; }
void set_st_b(long long v) { st.b = (int) v; }
long long get_st_b(void) { return st.b; }
void set_st_c(long long v) { st.c = (unsigned char) v; }
long long get_st_c(void) { return st.c; }
void set_arr(int i, long long v) { arr[i] = (short) v; }
long long get_arr(int i) { return arr[i]; }
