/* bitfields, new: reordered; 'a', 'b' (signed: sign-extended), 'd'
 * widened; 'g' narrowed (range-checked); 'whole' becomes a bitfield
 * (range-checked); 'h' added. */
#include <stdbool.h>

struct bits {
    unsigned f : 7;
    signed b : 9;
    bool e : 1;
    unsigned a : 6;
    signed g : 5;
    unsigned h : 4;
    unsigned long long d : 44;
    int whole : 20;
};

static struct bits bt = { .h = 11 };
static struct bits bts[3] = { { .h = 1 }, { .h = 2 }, { .h = 3 } };

const void *dp_keep(int i) { return i ? (const void *) bts : &bt; }
