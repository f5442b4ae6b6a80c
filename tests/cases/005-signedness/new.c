/* 005-signedness, new: each signedness flipped. */
static unsigned int s2u;
static int u2s;
static signed char uc2sc;
static unsigned long s2ul;
static unsigned short sc2u16;

long long dp_version(void) { return 2; }

void set_s2u(long long v) { s2u = (unsigned int) v; }
long long get_s2u(void) { return s2u; }
void set_u2s(long long v) { u2s = (int) v; }
long long get_u2s(void) { return u2s; }
void set_uc2sc(long long v) { uc2sc = (signed char) v; }
long long get_uc2sc(void) { return uc2sc; }
void set_s2ul(long long v) { s2ul = (unsigned long) v; }
long long get_s2ul(void) { return (long long) s2ul; }
void set_sc2u16(long long v) { sc2u16 = (unsigned short) v; }
long long get_sc2u16(void) { return sc2u16; }
