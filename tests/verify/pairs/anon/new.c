/* anon, new: a member in front, the union unchanged (moves whole), the
 * anonymous struct's members widened and regrouped. */
#include <stdint.h>

struct msg {
    long seq;
    int tag;
    union {
        int i;
        float f;
    };
    struct {
        int x;
        struct {
            uint16_t hi;
            short y;
        };
        uint8_t lo;
    };
    long tail;
};

static struct msg m = { .seq = 8 };
static struct msg ms[3] = { [2].seq = 9 };

const void *dp_keep(int i) { return i ? (const void *) ms : &m; }
