/* 022-ptr-embedded-list, new: 'struct flow' changed layout, so the list
 * nodes embedded in it moved: every pointer into flows[i].link must be
 * relocated to the same node in the new layout. */
#include <stddef.h>

struct node {
    struct node *next, *prev;
};

struct flow {
    long id;
    int prio;
    struct node link;
};

static struct node head = { &head, &head };
static struct flow flows[4] = { [0].prio = 10, [3].prio = 13 };

long long dp_version(void) { return 2; }
const void *dp_flows(void) { return flows; }

void set_flow_id(int i, long long v) { flows[i].id = (long) v; }
long long get_flow_prio(int i) { return flows[i].prio; }

void list_add(int i)                    /* Adds flows[i] at the tail. */
{
    struct node *n = &flows[i].link;

    n->prev = head.prev;
    n->next = &head;
    head.prev->next = n;
    head.prev = n;
}

/* The flow of the k-th node: its index (-1 the head, -2 not a flow). */
static const struct node *
nth(int k, int back)
{
    const struct node *n = back ? head.prev : head.next;

    while (k-- > 0 && n != &head) {
        n = back ? n->prev : n->next;
    }
    return n;
}

static long long
index_of(const struct node *n)
{
    if (n == &head) {
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        if (n == &flows[i].link) {
            return i;
        }
    }
    return -2;
}

long long list_nth(int k) { return index_of(nth(k, 0)); }
long long list_nth_back(int k) { return index_of(nth(k, 1)); }

/* The id of the k-th flow, through container_of. */
long long list_nth_id(int k)
{
    const struct node *n = nth(k, 0);
    const struct flow *f = (const struct flow *)
        ((const char *) n - offsetof(struct flow, link));
    return n == &head ? -1 : f->id;
}
