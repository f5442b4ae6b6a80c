/* arrays, new. */
#include <stdint.h>

struct pt {
    long y, x;
    int z;
};

static int grow[8] = { [6] = 66 };
static int shrink[4];
static long m2[4][3] = { [3][2] = 32 };
static struct pt pts[3] = { { .z = 1 }, { .z = 2 }, { .z = 3 } };
static char name[8];
static unsigned char buf[8];
static uint64_t same[6];

const void *
dp_keep(int i)
{
    switch (i) {
    case 0: return grow;
    case 1: return shrink;
    case 2: return m2;
    case 3: return pts;
    case 4: return name;
    case 5: return buf;
    default: return same;
    }
}
