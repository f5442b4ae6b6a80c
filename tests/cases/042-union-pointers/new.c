/* 042-union-pointers, new.  Unions that hold pointers keep their layout
 * (OVS's union ovsdb_atom, pthread_mutex_t's list links): they are copied
 * whole, once no word where a member holds a pointer points into the old
 * build's static data or code. */
#include <stdlib.h>
#include <string.h>

struct node {
    int v;
};

union atom {
    long long integer;
    double real;
    char *string;
};

union link {
    struct {
        struct node *prev, *next;
    } l;
    long long words[2];
    void (*cb)(void);
};

struct holder {
    long long count;            /* Widened: the struct converts. */
    union atom a;
    union link lk[2];
};

static union atom atom;
static struct holder h;
static struct node snode = { 7 };

long long dp_version(void) { return 2; }
const void *dp_h(void) { return &h; }
const void *dp_snode(void) { return &snode; }
static void dp_cb(void) { }

void set_atom_int(long long v) { atom.integer = v; }
long long get_atom_int(void) { return atom.integer; }
/* The heap string atom holds, if any: freed when overwritten. */
static char *atom_heap;

static void
atom_set(char *s, char *heap)
{
    free(atom_heap);
    atom_heap = heap;
    atom.string = s;
}

void sets_atom_str(const char *s) { char *h = s ? strdup(s) : NULL; atom_set(h, h); }
const char *gets_atom_str(void) { return atom.string; }
void set_atom_literal(long long v) { (void) v; atom_set((char *) "a literal of the new build", NULL); }
void set_atom_static(long long v) { (void) v; atom_set((char *) &snode, NULL); }

void set_count(long long v) { h.count = (int) v; }
long long get_count(void) { return h.count; }
void setf_h_real(double v) { h.a.real = v; }
double getf_h_real(void) { return h.a.real; }

/* lk[i]: 0 empty, 1 a heap node of value v, 2 words, 3 the static node,
 * 4 a code pointer. */
static struct node *lk_heap[2];         /* Heap nodes: freed when replaced. */

void set_lk(int i, long long v)
{
    free(lk_heap[i]);
    lk_heap[i] = NULL;
    memset(&h.lk[i], 0, sizeof h.lk[i]);
    if (v == 3) {
        h.lk[i].l.next = &snode;
    } else if (v == 4) {
        h.lk[i].cb = dp_cb;
    } else if (v) {
        struct node *n = malloc(sizeof *n);
        n->v = (int) v;
        lk_heap[i] = n;
        h.lk[i].l.prev = n;
        h.lk[i].l.next = n;
    }
}
long long get_lk_node(int i) { return h.lk[i].l.next ? h.lk[i].l.next->v : -1; }
void set_lk_word(int i, long long v) { h.lk[i].words[1] = v; }
long long get_lk_word(int i) { return h.lk[i].words[1]; }

static long long fresh = 99;
void set_fresh(long long v) { fresh = v; }
long long get_fresh(void) { return fresh; }

/* Frees what the heap holds for this build's state. */
void set_clear(long long v)
{
    (void) v;
    atom_set(NULL, NULL);
    set_lk(0, 0);
    set_lk(1, 0);
}
