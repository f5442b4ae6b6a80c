/* pointers, new: 'struct flow' moved its members and grew, 'counters'
 * grew, 'gone' is gone. */
#include <stddef.h>

struct node {
    struct node *next, *prev;
};

struct flow {
    long id;
    int prio;
    char tag[8];
    struct node link;
};

static struct node head = { &head, &head };
static struct flow flows[4] = { [2].prio = 2 };
static int counters[8];
static int *cur;
static struct node *np;
static const char *label;
static void *anyp;
static int **pp;
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
    default: return &to_gone;
    }
}

const char *dp_label(void) { return label ? label : "new-label"; }
