/* 021-ptr-self-list, old: a circular list whose head points to itself
 * when empty, and nodes in a static pool. */
struct node {
    struct node *next, *prev;
};

static struct node head = { &head, &head };
static struct node pool[4];

long long dp_version(void) { return 1; }

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

long long list_nth_back(int k)
{
    const struct node *n = head.prev;

    while (k-- > 0 && n != &head) {
        n = n->prev;
    }
    return index_of(n);
}
