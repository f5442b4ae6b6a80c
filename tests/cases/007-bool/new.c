/* 007-bool, new. */
#include <stdbool.h>

struct flags {
    bool up;
    unsigned char admin;
};

static bool i2b;
static bool uc2b;
static int b2i;
static long b2l;
static struct flags fl;

long long dp_version(void) { return 2; }
const void *dp_fl(void) { return &fl; }

void set_i2b(long long v) { i2b = v != 0; }
long long get_i2b(void) { return i2b; }
void set_uc2b(long long v) { uc2b = v != 0; }
long long get_uc2b(void) { return uc2b; }
void set_b2i(long long v) { b2i = (int) v; }
long long get_b2i(void) { return b2i; }
void set_b2l(long long v) { b2l = (long) v; }
long long get_b2l(void) { return b2l; }
void set_fl_up(long long v) { fl.up = v != 0; }
long long get_fl_up(void) { return fl.up; }
void set_fl_admin(long long v) { fl.admin = (unsigned char) v; }
long long get_fl_admin(void) { return fl.admin; }
