/* 021-ptr-self-list, new: the same list, moved: every pointer must be
 * relocated to the new head and pool.  An inserted variable moves them. */
struct node {
    struct node *next, *prev;
};

static long inserted[8] = { 1 };
static struct node head = { &head, &head };
static struct node pool[4];

long long dp_version(void) { return 2; }

void list_add(int i)                    /* Adds pool[i] at the tail. */
{
    struct node *n = &pool[i];

    n->prev = head.prev;
    n->next = &head;
    head.prev->next = n;
    head.prev = n;
}

/* The pool index of the k-th node (0 = first), -1 for the head, -2 for a
 * pointer into neither. */
static long long
index_of(const struct node *n)
{
    if (n == &head) {
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        if (n == &pool[i]) {
            return i;
        }
    }
    return -2;
}

long long list_nth(int k)
{
    const struct node *n = head.next;

    while (k-- > 0 && n != &head) {
        n = n->next;
    }
    return index_of(n);
}

void set_inserted(long long v) { inserted[0] = (long) v; }
long long get_inserted(void) { return inserted[0]; }

long long list_nth_back(int k)
{
    const struct node *n = head.prev;

    while (k-- > 0 && n != &head) {
        n = n->prev;
    }
    return index_of(n);
}
