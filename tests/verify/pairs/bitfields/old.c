/* bitfields, old. */
#include <stdbool.h>

struct bits {
    unsigned a : 3;
    signed b : 5;
    unsigned long long d : 40;
    bool e : 1;
    unsigned f : 7;
    signed g : 12;
    int whole;
};

static struct bits bt;
static struct bits bts[3];

const void *dp_keep(int i) { return i ? (const void *) bts : &bt; }
