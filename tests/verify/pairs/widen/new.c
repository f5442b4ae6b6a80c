/* widen, new: members reordered, widened, narrowed, sign changed; one
 * added with an initializer. */
#include <stdbool.h>
#include <stdint.h>

struct counters {
    int64_t b;
    uint64_t c;
    int64_t a;
    int32_t d;
    int32_t e;
    short f;
    int g;
    bool h;
    float x;
    double y;
    int32_t added;                      /* Keeps its initializer. */
};

static struct counters ctr = { .added = 42 };
static struct counters ctrs[3] = { [1].added = 7 };
int64_t g_i32 = 6;
static uint16_t u8;
static uint8_t i64;
static unsigned int ul;

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
