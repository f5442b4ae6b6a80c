/* arrays, old: arrays that grow, shrink (cut-off elements must be 0),
 * change shape in two dimensions, arrays of structs and of chars. */
#include <stdint.h>

struct pt {
    int x, y;
};

static int grow[4];
static int shrink[8];
static short m2[3][4];
static struct pt pts[5];
static char name[16];
static unsigned char buf[8];
static uint32_t same[6];

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
