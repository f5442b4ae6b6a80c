/* 011-enum-packed, old: a packed (1-byte) enum and a plain one. */
enum __attribute__((packed)) small { S_A, S_B, S_C };
enum wide { W_A, W_B = 5 };

struct pkt {
    enum small kind;
    char flag;
    enum wide w;
};

static enum small sm;
static enum wide wd;
static struct pkt pk;

long long dp_version(void) { return 1; }
const void *dp_pk(void) { return &pk; }

/* Across the interface: 0 = A, 1 = B, 2 = C. */
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
