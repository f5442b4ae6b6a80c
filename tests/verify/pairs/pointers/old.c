/* pointers, old: pointers into static data, to whole variables, struct
 * members, array elements, through lists; char and void pointers. */
#include <stddef.h>

struct node {
    struct node *next, *prev;
};

struct flow {
    int id;
    struct node link;
    char tag[8];
};

static struct node head = { &head, &head };
static struct flow flows[4];
static int counters[6];
static int *cur;
static struct node *np;
static const char *label;
static void *anyp;
static int **pp;
static long gone[2];                    /* Not in new: no place there. */
static long *to_gone;

const void *
dp_keep(int i)
{
    switch (i) {
    case 0: return &head;
    case 1: return flows;
    case 2: return counters;
    case 3: return &cur;
    case 4: return &pp;
    case 5: return &np;
    case 6: return &label;
    case 7: return &anyp;
    case 8: return &pp;
    case 9: return &pp;
    case 10: return gone;
    default: return &to_gone;
    }
}

const char *dp_label(void) { return label ? label : "old-label"; }
