/* anon, old: anonymous struct and union members (C11 names them as
 * members of the enclosing struct). */
#include <stdint.h>

struct msg {
    int tag;
    union {
        int i;
        float f;
    };
    struct {
        short x, y;
        struct {
            uint8_t lo, hi;
        };
    };
    int tail;
};

static struct msg m;
static struct msg ms[3];

const void *dp_keep(int i) { return i ? (const void *) ms : &m; }
