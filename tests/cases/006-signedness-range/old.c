/* 006-signedness-range, old: integers whose signedness new.c changes. */
static int s2u;
static unsigned int u2s;
static unsigned char uc2sc;
static long s2ul;
static signed char sc2u16;              /* Signedness changes and widens. */

long long dp_version(void) { return 1; }

void set_s2u(long long v) { s2u = (int) v; }
long long get_s2u(void) { return s2u; }
void set_u2s(long long v) { u2s = (unsigned int) v; }
long long get_u2s(void) { return u2s; }
void set_uc2sc(long long v) { uc2sc = (unsigned char) v; }
long long get_uc2sc(void) { return uc2sc; }
void set_s2ul(long long v) { s2ul = (long) v; }
long long get_s2ul(void) { return s2ul; }
void set_sc2u16(long long v) { sc2u16 = (signed char) v; }
long long get_sc2u16(void) { return sc2u16; }
