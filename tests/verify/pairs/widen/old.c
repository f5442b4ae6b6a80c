/* widen, old: integers, bools, chars and floats, alone and in a struct. */
#include <stdbool.h>
#include <stdint.h>

struct counters {
    int32_t a;                          /* Widened: sign-extended. */
    int32_t b;
    uint16_t c;                         /* Widened, unsigned. */
    int64_t d;                          /* Narrowed: range-checked. */
    uint32_t e;                         /* Becomes signed: range-checked. */
    signed char f;
    bool g;                             /* Becomes an int. */
    int h;                              /* Becomes a bool: 0 or 1. */
    double x;                           /* Becomes a float: exact or not. */
    float y;                            /* Becomes a double. */
};

static struct counters ctr;
static struct counters ctrs[3];
int32_t g_i32 = 5;
static uint8_t u8;
static int64_t i64;
static unsigned long ul;

const void *
dp_keep(int i)
{
    switch (i) {
    case 0: return &ctr;
    case 1: return ctrs;
    case 2: return &u8;
    case 3: return &i64;
    default: return &ul;
    }
}
