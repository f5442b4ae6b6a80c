/* 011-enum-packed, new: 'small' grows to 4 bytes (values past 255),
 * 'wide' becomes packed (1 byte) and renumbered. */
enum small { S_A = 1000, S_B, S_C };
enum __attribute__((packed)) wide { W_B = 2, W_A = 7 };

struct pkt {
    enum small kind;
    char flag;
    enum wide w;
};

static enum small sm;
static enum wide wd;
static struct pkt pk;

long long dp_version(void) { return 2; }
const void *dp_pk(void) { return &pk; }

void set_sm(long long k) { sm = k == 0 ? S_A : k == 1 ? S_B : S_C; }
long long get_sm(void) { return sm == S_A ? 0 : sm == S_B ? 1 : sm == S_C ? 2 : -1; }
void set_wd(long long k) { wd = k == 0 ? W_A : W_B; }
long long get_wd(void) { return wd == W_A ? 0 : wd == W_B ? 1 : -1; }
void set_pk_kind(long long k) { pk.kind = k == 0 ? S_A : k == 1 ? S_B : S_C; }
long long get_pk_kind(void) { return pk.kind == S_A ? 0 : pk.kind == S_B ? 1 : pk.kind == S_C ? 2 : -1; }
void set_pk_flag(long long v) { pk.flag = (char) v; }
long long get_pk_flag(void) { return pk.flag; }
void set_pk_w(long long k) { pk.w = k == 0 ? W_A : W_B; }
long long get_pk_w(void) { return pk.w == W_A ? 0 : pk.w == W_B ? 1 : -1; }
long long size_sm(void) { return sizeof sm; }
long long size_wd(void) { return sizeof wd; }
