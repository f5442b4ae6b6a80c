/* 007-bool, old: integers that become _Bool and _Bools that become
 * integers. */
#include <stdbool.h>

struct flags {
    int up;                             /* -> bool */
    bool admin;                         /* -> unsigned char */
};

static int i2b;
static unsigned char uc2b;
static bool b2i;
static bool b2l;
static struct flags fl;

long long dp_version(void) { return 1; }
const void *dp_fl(void) { return &fl; }

void set_i2b(long long v) { i2b = (int) v; }
long long get_i2b(void) { return i2b; }
void set_uc2b(long long v) { uc2b = (unsigned char) v; }
long long get_uc2b(void) { return uc2b; }
void set_b2i(long long v) { b2i = v != 0; }
long long get_b2i(void) { return b2i; }
void set_b2l(long long v) { b2l = v != 0; }
long long get_b2l(void) { return b2l; }
void set_fl_up(long long v) { fl.up = (int) v; }
long long get_fl_up(void) { return fl.up; }
void set_fl_admin(long long v) { fl.admin = v != 0; }
long long get_fl_admin(void) { return fl.admin; }
