/* fuzz: the random type-evolution generator (evolve.h). */
#include "evolve.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- Choices ---------------------------------------------------------- */

void
ev_src_bytes(struct ev_src *s, const uint8_t *data, size_t size)
{
    uint64_t h = 0x243f6a8885a308d3u;

    for (size_t i = 0; i < size; i++) {
        h = (h ^ data[i]) * 0x100000001b3u;
    }
    s->data = data;
    s->size = size;
    s->pos = 0;
    s->state = h;
}

void
ev_src_seed(struct ev_src *s, uint64_t seed)
{
    s->data = NULL;
    s->size = s->pos = 0;
    s->state = seed;
}

static uint64_t
ev_splitmix__(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint64_t
ev_below(struct ev_src *s, uint64_t n)
{
    if (n <= 1) {
        return 0;
    }
    if (s->pos < s->size) {
        return s->data[s->pos++] % n;
    }
    return ev_splitmix__(&s->state) % n;
}

const char *
ev_edit_name(enum ev_edit e)
{
    static const char *const names[EV_EDIT_MAX] = {
        "none", "add", "remove", "reorder", "widen", "narrow", "sign",
        "rename-var", "rename-member", "resize", "enum", "union", "pointee",
        "kind",
    };
    return (unsigned) e < EV_EDIT_MAX ? names[e] : "?";
}

/* ---- The type model of one evolution ---------------------------------- */

enum { K_INT, K_FLOAT, K_BOOL, K_ENUM, K_STRUCT, K_UNION, K_ARRAY, K_PTR,
       K_FPTR };

#define EV_MAXK 6                       /* Members, enumerators. */
#define EV_MAXN 96                      /* Nodes of one evolution. */

static const struct {
    const char *c;
    int bits;
    bool sgn;
    bool bitfield;                      /* Allowed as a bitfield's type. */
} ev_ints[] = {
    { "signed char", 8, true, false },  { "unsigned char", 8, false, false },
    { "short", 16, true, false },       { "unsigned short", 16, false, false },
    { "int", 32, true, true },          { "unsigned", 32, false, true },
    { "long", 64, true, false },        { "unsigned long", 64, false, false },
    { "long long", 64, true, true },    { "unsigned long long", 64, false, true },
    { "char", 8, true, false },
};
#define EV_N_INTS (int) (sizeof ev_ints / sizeof *ev_ints)

static const char *const ev_ptr_targets[] = { "int", "char", "long",
                                              "double" };
#define EV_PTR_STRUCT 100               /* ptr >= this: struct tag. */

struct ev_node {
    int kind;
    int ity;                            /* INT: ev_ints[]; FLOAT: 0/1. */
    int ptr;                            /* PTR: ev_ptr_targets[] or tag. */
    int tag;                            /* STRUCT, UNION, ENUM. */
    int n;                              /* Members or enumerators. */
    int kid[EV_MAXK];                   /* Members; ARRAY: kid[0]. */
    int mname[EV_MAXK];                 /* Member names: m<N>. */
    int bits[EV_MAXK];                  /* Bitfield widths, 0: none. */
    unsigned dim[2];
    int ndims;
    long long val[EV_MAXK];             /* Enumerator values. */
    int ename[EV_MAXK];                 /* Enumerator names: eK_E<N>. */
    bool packed;
};

struct ev_g {
    struct ev_src *src;
    int id;
    struct ev_node nd[EV_MAXN];
    int nn;
    int root;
    int next_tag, next_name;
    int n_struct_tags;
    int struct_tags[EV_MAXN];
    bool is_static, tls;
    char var[16];
};

#define B(n) ((int) ev_below(g->src, (uint64_t) (n)))

static int
ev_new__(struct ev_g *g, int kind)
{
    if (g->nn == EV_MAXN) {
        return -1;
    }
    struct ev_node *n = &g->nd[g->nn];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    return g->nn++;
}

static int ev_type__(struct ev_g *g, int depth, bool in_union);

static int
ev_scalar__(struct ev_g *g, int kind)
{
    int i = ev_new__(g, kind);

    if (i < 0) {
        return -1;
    }
    struct ev_node *n = &g->nd[i];
    switch (kind) {
    case K_INT:
        n->ity = B(EV_N_INTS);
        break;
    case K_FLOAT:
        n->ity = B(2);
        break;
    case K_PTR:
        n->ptr = B(4);
        if (g->n_struct_tags && B(2)) {
            n->ptr = EV_PTR_STRUCT + g->struct_tags[B(g->n_struct_tags)];
        }
        break;
    default:
        break;
    }
    return i;
}

static void
ev_enum_values__(struct ev_g *g, struct ev_node *n)
{
    int mode = B(4);

    for (int k = 0; k < n->n; k++) {
        long long v;
        bool dup;

        do {
            switch (mode) {
            case 0: v = k + B(2) * 3; break;
            case 1: v = B(200); break;
            case 2: v = (long long) B(200) - 100; break;
            default: v = 1LL << B(40); break;
            }
            dup = false;
            for (int j = 0; j < k; j++) {
                dup |= n->val[j] == v;
            }
            if (dup) {
                mode = 1;
                v = k * 7 + B(7) + 1000;
                dup = false;
                for (int j = 0; j < k; j++) {
                    dup |= n->val[j] == v;
                }
            }
        } while (dup);
        n->val[k] = v;
        n->ename[k] = g->next_name++;
    }
    bool small = true;
    for (int k = 0; k < n->n; k++) {
        small &= n->val[k] >= 0 && n->val[k] <= 255;
    }
    n->packed = small && !B(3);
}

static int
ev_type__(struct ev_g *g, int depth, bool in_union)
{
    int kind, w = B(100);

    if (depth >= 3 || in_union) {
        kind = w < 45 ? K_INT : w < 60 ? K_FLOAT : w < 68 ? K_BOOL
               : w < 80 ? K_ENUM : w < 92 || in_union ? K_ARRAY : K_PTR;
        if (in_union && kind == K_ARRAY && depth >= 3) {
            kind = K_INT;
        }
        if (depth >= 3 && kind == K_ARRAY) {
            kind = K_FPTR;
        }
    } else {
        kind = w < 25 ? K_INT : w < 32 ? K_FLOAT : w < 36 ? K_BOOL
               : w < 44 ? K_ENUM : w < 66 ? K_STRUCT : w < 72 ? K_UNION
               : w < 86 ? K_ARRAY : w < 95 ? K_PTR : K_FPTR;
    }
    if (kind == K_INT || kind == K_FLOAT || kind == K_BOOL || kind == K_PTR
        || kind == K_FPTR) {
        return ev_scalar__(g, kind);
    }
    int i = ev_new__(g, kind);
    if (i < 0) {
        return ev_scalar__(g, K_INT) < 0 ? -1 : g->nn - 1;
    }
    switch (kind) {
    case K_ENUM:
        g->nd[i].tag = g->next_tag++;
        g->nd[i].n = 2 + B(4);
        ev_enum_values__(g, &g->nd[i]);
        break;
    case K_ARRAY: {
        int e = ev_type__(g, depth + 1, in_union);
        if (e < 0) {
            return -1;
        }
        while (g->nd[e].kind == K_ARRAY) {  /* Dimensions, not nesting. */
            e = g->nd[e].kid[0];
        }
        g->nd[i].kid[0] = e;
        g->nd[i].ndims = !in_union && !B(4) ? 2 : 1;
        for (int d = 0; d < g->nd[i].ndims; d++) {
            g->nd[i].dim[d] = 1 + (unsigned) B(g->nd[i].ndims == 2 ? 4 : 6);
        }
        break;
    }
    case K_STRUCT:
    case K_UNION: {
        g->nd[i].tag = g->next_tag++;
        if (kind == K_STRUCT) {
            g->struct_tags[g->n_struct_tags++] = g->nd[i].tag;
        }
        int n = kind == K_UNION ? 2 + B(2) : 1 + B(5);
        for (int k = 0; k < n; k++) {
            int m = kind == K_UNION && !B(6) ? ev_scalar__(g, K_PTR)
                    : ev_type__(g, depth + 1, kind == K_UNION);
            if (m < 0) {
                break;
            }
            struct ev_node *s = &g->nd[i];
            s->kid[s->n] = m;
            s->mname[s->n] = g->next_name++;
            s->bits[s->n] = 0;
            if (kind == K_STRUCT && g->nd[m].kind == K_INT
                && ev_ints[g->nd[m].ity].bitfield && !B(3)) {
                s->bits[s->n] = 1 + B(ev_ints[g->nd[m].ity].bits);
            } else if (kind == K_STRUCT && g->nd[m].kind == K_BOOL && !B(4)) {
                s->bits[s->n] = 1;
            }
            s->n++;
        }
        if (!g->nd[i].n) {
            return -1;
        }
        break;
    }
    }
    return i;
}

/* ---- Printing --------------------------------------------------------- */

struct ev_buf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void
ev_out__(struct ev_buf *b, const char *fmt, ...)
{
    va_list args;

    for (;;) {
        size_t room = b->cap - b->len;
        va_start(args, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0, fmt,
                          args);
        va_end(args);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if (b->p && (size_t) n < room) {
            b->len += (size_t) n;
            return;
        }
        size_t cap = (b->cap + (size_t) n + 1) * 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

/* Writes the declaration of 'decl' (a declarator) of node i's type. */
static void
ev_decl__(const struct ev_g *g, int i, const char *decl, struct ev_buf *b)
{
    const struct ev_node *n = &g->nd[i];
    char inner[160];

    switch (n->kind) {
    case K_INT:
        ev_out__(b, "%s %s", ev_ints[n->ity].c, decl);
        break;
    case K_FLOAT:
        ev_out__(b, "%s %s", n->ity ? "double" : "float", decl);
        break;
    case K_BOOL:
        ev_out__(b, "_Bool %s", decl);
        break;
    case K_ENUM:
        ev_out__(b, "enum e%d_e%d %s", g->id, n->tag, decl);
        break;
    case K_STRUCT:
        ev_out__(b, "struct e%d_s%d %s", g->id, n->tag, decl);
        break;
    case K_UNION:
        ev_out__(b, "union e%d_u%d %s", g->id, n->tag, decl);
        break;
    case K_ARRAY:
        if (n->ndims == 2) {
            snprintf(inner, sizeof inner, "%s[%u][%u]", decl, n->dim[0],
                     n->dim[1]);
        } else {
            snprintf(inner, sizeof inner, "%s[%u]", decl, n->dim[0]);
        }
        ev_decl__(g, n->kid[0], inner, b);
        break;
    case K_PTR:
        if (n->ptr >= EV_PTR_STRUCT) {
            ev_out__(b, "struct e%d_s%d *%s", g->id, n->ptr - EV_PTR_STRUCT,
                     decl);
        } else {
            ev_out__(b, "%s *%s", ev_ptr_targets[n->ptr], decl);
        }
        break;
    case K_FPTR:
        ev_out__(b, "long (*%s)(long)", decl);
        break;
    }
}

/* Definitions of node i's enums, structs and unions, members first. */
static void
ev_defs__(const struct ev_g *g, int i, struct ev_buf *b)
{
    const struct ev_node *n = &g->nd[i];
    char name[32];

    switch (n->kind) {
    case K_ENUM:
        ev_out__(b, "enum %se%d_e%d {", n->packed ? "__attribute__((packed)) "
                 : "", g->id, n->tag);
        for (int k = 0; k < n->n; k++) {
            ev_out__(b, "%s e%d_E%d = %lldLL", k ? "," : "", g->id,
                     n->ename[k], n->val[k]);
        }
        ev_out__(b, " };\n");
        break;
    case K_ARRAY:
        ev_defs__(g, n->kid[0], b);
        break;
    case K_STRUCT:
    case K_UNION:
        for (int k = 0; k < n->n; k++) {
            ev_defs__(g, n->kid[k], b);
        }
        ev_out__(b, "%s e%d_%c%d {\n", n->kind == K_STRUCT ? "struct" : "union",
                 g->id, n->kind == K_STRUCT ? 's' : 'u', n->tag);
        for (int k = 0; k < n->n; k++) {
            snprintf(name, sizeof name, "m%d", n->mname[k]);
            ev_out__(b, "    ");
            ev_decl__(g, n->kid[k], name, b);
            if (n->bits[k]) {
                ev_out__(b, " : %d", n->bits[k]);
            }
            ev_out__(b, ";\n");
        }
        ev_out__(b, "};\n");
        break;
    default:
        break;
    }
}

/* The definition of struct tag 'tag' alone (to compare old and new). */
static bool
ev_find_tag_def__(const struct ev_g *g, int i, int kind, int tag,
                  struct ev_buf *b)
{
    const struct ev_node *n = &g->nd[i];

    if (n->kind == kind && n->tag == tag) {
        ev_defs__(g, i, b);
        return true;
    }
    if (n->kind == K_STRUCT || n->kind == K_UNION) {
        for (int k = 0; k < n->n; k++) {
            if (ev_find_tag_def__(g, n->kid[k], kind, tag, b)) {
                return true;
            }
        }
    } else if (n->kind == K_ARRAY) {
        return ev_find_tag_def__(g, n->kid[0], kind, tag, b);
    }
    return false;
}

static void
ev_print__(const struct ev_g *g, struct ev_buf *b)
{
    ev_out__(b, "\n/* evolution %d */\n", g->id);
    for (int t = 0; t < g->n_struct_tags; t++) {
        ev_out__(b, "struct e%d_s%d;\n", g->id, g->struct_tags[t]);
    }
    ev_defs__(g, g->root, b);
    ev_out__(b, "long e%d_f0(long x) { return x + 1; }\n"
             "long e%d_f1(long x) { return x * 2; }\n", g->id, g->id);
    ev_out__(b, "%s%s", g->is_static ? "static " : "",
             g->tls ? "__thread " : "");
    ev_decl__(g, g->root, g->var, b);
    ev_out__(b, ";\nvoid *e%d_addr(void) { return (void *) &%s; }\n", g->id,
             g->var);
}

/* ---- Walking and editing ---------------------------------------------- */

/* Nodes reachable from the root, in a stable order. */
static int
ev_reach__(const struct ev_g *g, int i, int *out, int n)
{
    const struct ev_node *nd = &g->nd[i];

    out[n++] = i;
    if (nd->kind == K_STRUCT || nd->kind == K_UNION) {
        for (int k = 0; k < nd->n; k++) {
            n = ev_reach__(g, nd->kid[k], out, n);
        }
    } else if (nd->kind == K_ARRAY) {
        n = ev_reach__(g, nd->kid[0], out, n);
    }
    return n;
}

/* A random reachable node for which ok() holds, or -1.  *parent and *slot
 * say where it sits (member k of parent), -1 for the root or an array
 * element type. */
static int
ev_pick__(struct ev_g *g, bool (*ok)(const struct ev_g *, int))
{
    int all[EV_MAXN], cand[EV_MAXN], n = ev_reach__(g, g->root, all, 0), m = 0;

    for (int k = 0; k < n; k++) {
        if (ok(g, all[k])) {
            cand[m++] = all[k];
        }
    }
    return m ? cand[B(m)] : -1;
}

static bool ev_is_struct__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_STRUCT && g->nd[i].n < EV_MAXK; }
static bool ev_is_struct2__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_STRUCT && g->nd[i].n >= 2; }
static bool ev_is_struct1__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_STRUCT; }
static bool ev_is_num__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_INT || g->nd[i].kind == K_FLOAT; }
static bool ev_is_int__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_INT; }
static bool ev_is_array__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_ARRAY; }
static bool ev_is_enum__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_ENUM; }
static bool ev_is_union__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_UNION; }
static bool ev_is_ptr__(const struct ev_g *g, int i)
{ return g->nd[i].kind == K_PTR; }
static bool ev_is_scalar__(const struct ev_g *g, int i)
{
    int k = g->nd[i].kind;
    return k == K_INT || k == K_FLOAT || k == K_BOOL || k == K_ENUM;
}

/* Member k of struct s whose type is node i, if any bitfield. */
static bool
ev_bitfield_of__(const struct ev_g *g, int i, int *s, int *k)
{
    for (int j = 0; j < g->nn; j++) {
        if (g->nd[j].kind != K_STRUCT) {
            continue;
        }
        for (int m = 0; m < g->nd[j].n; m++) {
            if (g->nd[j].kid[m] == i && g->nd[j].bits[m]) {
                *s = j;
                *k = m;
                return true;
            }
        }
    }
    return false;
}

/* An int type of the same signedness (sign < 0: any) that is wider
 * (dir > 0) or narrower (dir < 0) than ity, or -1. */
static int
ev_other_int__(struct ev_g *g, int ity, int dir, bool bitfield)
{
    int cand[EV_N_INTS], m = 0;

    for (int t = 0; t < EV_N_INTS; t++) {
        if (bitfield && !ev_ints[t].bitfield) {
            continue;
        }
        if (dir > 0 ? ev_ints[t].bits > ev_ints[ity].bits
                    : ev_ints[t].bits < ev_ints[ity].bits) {
            cand[m++] = t;
        }
    }
    return m ? cand[B(m)] : -1;
}

static bool
ev_edit__(struct ev_g *g, enum ev_edit e, char *what, size_t wlen)
{
    int i, s, k;

    switch (e) {
    case EV_EDIT_NONE:
        snprintf(what, wlen, "unchanged");
        return true;
    case EV_EDIT_ADD: {
        if ((i = ev_pick__(g, ev_is_struct__)) < 0) {
            return false;
        }
        int m = ev_type__(g, 2, false);
        if (m < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int at = B(n->n + 1);
        memmove(&n->kid[at + 1], &n->kid[at], (size_t) (n->n - at) * sizeof(int));
        memmove(&n->mname[at + 1], &n->mname[at],
                (size_t) (n->n - at) * sizeof(int));
        memmove(&n->bits[at + 1], &n->bits[at], (size_t) (n->n - at) * sizeof(int));
        n->kid[at] = m;
        n->mname[at] = g->next_name++;
        n->bits[at] = 0;
        n->n++;
        snprintf(what, wlen, "struct e%d_s%d: member m%d added at %d", g->id,
                 n->tag, n->mname[at], at);
        return true;
    }
    case EV_EDIT_REMOVE:
    case EV_EDIT_REORDER: {
        if ((i = ev_pick__(g, ev_is_struct2__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int a = B(n->n), b = B(n->n - 1);
        if (b >= a) {
            b++;
        }
        if (e == EV_EDIT_REMOVE) {
            snprintf(what, wlen, "struct e%d_s%d: member m%d removed", g->id,
                     n->tag, n->mname[a]);
            memmove(&n->kid[a], &n->kid[a + 1], (size_t) (n->n - a - 1) * sizeof(int));
            memmove(&n->mname[a], &n->mname[a + 1],
                    (size_t) (n->n - a - 1) * sizeof(int));
            memmove(&n->bits[a], &n->bits[a + 1], (size_t) (n->n - a - 1) * sizeof(int));
            n->n--;
        } else {
            int t;
            t = n->kid[a], n->kid[a] = n->kid[b], n->kid[b] = t;
            t = n->mname[a], n->mname[a] = n->mname[b], n->mname[b] = t;
            t = n->bits[a], n->bits[a] = n->bits[b], n->bits[b] = t;
            snprintf(what, wlen, "struct e%d_s%d: members m%d and m%d swapped",
                     g->id, n->tag, n->mname[b], n->mname[a]);
        }
        return true;
    }
    case EV_EDIT_WIDEN:
    case EV_EDIT_NARROW: {
        int dir = e == EV_EDIT_WIDEN ? 1 : -1;
        if ((i = ev_pick__(g, ev_is_num__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        if (n->kind == K_FLOAT) {
            if (n->ity == (dir > 0)) {
                return false;
            }
            n->ity = dir > 0;
            snprintf(what, wlen, "%s -> %s", dir > 0 ? "float" : "double",
                     dir > 0 ? "double" : "float");
            return true;
        }
        if (ev_bitfield_of__(g, i, &s, &k)) {
            int *bits = &g->nd[s].bits[k], tb = ev_ints[n->ity].bits;
            int nb = dir > 0 ? *bits + 1 + B(tb - *bits + 1) : 1 + B(*bits);
            if (nb > tb) {
                int t = ev_other_int__(g, n->ity, 1, true);
                if (t < 0) {
                    nb = tb;
                } else {
                    n->ity = t;
                }
            }
            if (nb == *bits) {
                return false;
            }
            snprintf(what, wlen, "bitfield m%d: %d -> %d bits (%s)",
                     g->nd[s].mname[k], *bits, nb, ev_ints[n->ity].c);
            *bits = nb;
            return true;
        }
        int t = ev_other_int__(g, n->ity, dir, false);
        if (t < 0) {
            return false;
        }
        snprintf(what, wlen, "%s -> %s", ev_ints[n->ity].c, ev_ints[t].c);
        n->ity = t;
        return true;
    }
    case EV_EDIT_SIGN: {
        if ((i = ev_pick__(g, ev_is_int__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int cand[EV_N_INTS], m = 0;
        bool bf = ev_bitfield_of__(g, i, &s, &k);
        for (int t = 0; t < EV_N_INTS; t++) {
            if (ev_ints[t].bits == ev_ints[n->ity].bits
                && ev_ints[t].sgn != ev_ints[n->ity].sgn
                && (!bf || ev_ints[t].bitfield)) {
                cand[m++] = t;
            }
        }
        if (!m) {
            return false;
        }
        int t = cand[B(m)];
        snprintf(what, wlen, "%s -> %s", ev_ints[n->ity].c, ev_ints[t].c);
        n->ity = t;
        return true;
    }
    case EV_EDIT_RENAME_VAR:
        snprintf(g->var, sizeof g->var, "e%d_w", g->id);
        snprintf(what, wlen, "variable e%d_v renamed e%d_w", g->id, g->id);
        return true;
    case EV_EDIT_RENAME_MEMBER: {
        if ((i = ev_pick__(g, ev_is_struct1__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int a = B(n->n);
        snprintf(what, wlen, "struct e%d_s%d: member m%d renamed m%d", g->id,
                 n->tag, n->mname[a], g->next_name);
        n->mname[a] = g->next_name++;
        return true;
    }
    case EV_EDIT_RESIZE: {
        if ((i = ev_pick__(g, ev_is_array__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int d = B(n->ndims);
        unsigned nv = 1 + (unsigned) B(8);
        if (nv == n->dim[d]) {
            nv++;
        }
        snprintf(what, wlen, "array dimension %d: %u -> %u", d, n->dim[d], nv);
        n->dim[d] = nv;
        return true;
    }
    case EV_EDIT_ENUM: {
        if ((i = ev_pick__(g, ev_is_enum__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int how = B(4), a = B(n->n);
        if (how == 0 || (how == 2 && n->n < 2) || (how == 1 && n->n == EV_MAXK)) {
            long long v;                /* Renumber one. */
            bool dup;
            do {
                v = n->packed ? B(256) : (long long) B(1000) - 200;
                dup = false;
                for (int j = 0; j < n->n; j++) {
                    dup |= n->val[j] == v;
                }
            } while (dup);
            snprintf(what, wlen, "enum e%d_e%d: e%d_E%d %lld -> %lld", g->id,
                     n->tag, g->id, n->ename[a], n->val[a], v);
            n->val[a] = v;
        } else if (how == 1) {
            long long v;                /* Add one. */
            bool dup;
            do {
                v = n->packed ? B(256) : (long long) B(1000) - 200;
                dup = false;
                for (int j = 0; j < n->n; j++) {
                    dup |= n->val[j] == v;
                }
            } while (dup);
            n->val[n->n] = v;
            n->ename[n->n] = g->next_name++;
            snprintf(what, wlen, "enum e%d_e%d: e%d_E%d = %lld added", g->id,
                     n->tag, g->id, n->ename[n->n], v);
            n->n++;
        } else if (how == 2) {          /* Remove one. */
            snprintf(what, wlen, "enum e%d_e%d: e%d_E%d removed", g->id,
                     n->tag, g->id, n->ename[a]);
            memmove(&n->val[a], &n->val[a + 1],
                    (size_t) (n->n - a - 1) * sizeof *n->val);
            memmove(&n->ename[a], &n->ename[a + 1],
                    (size_t) (n->n - a - 1) * sizeof *n->ename);
            n->n--;
        } else {                        /* Rename one. */
            snprintf(what, wlen, "enum e%d_e%d: e%d_E%d renamed e%d_E%d",
                     g->id, n->tag, g->id, n->ename[a], g->id, g->next_name);
            n->ename[a] = g->next_name++;
        }
        return true;
    }
    case EV_EDIT_UNION: {
        if ((i = ev_pick__(g, ev_is_union__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int a = B(n->n), m = ev_scalar__(g, B(2) ? K_INT : K_FLOAT);
        if (m < 0) {
            return false;
        }
        snprintf(what, wlen, "union e%d_u%d: member m%d's type changed",
                 g->id, n->tag, n->mname[a]);
        n->kid[a] = m;
        return true;
    }
    case EV_EDIT_POINTEE: {
        if ((i = ev_pick__(g, ev_is_ptr__)) < 0) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int t = (n->ptr >= EV_PTR_STRUCT ? 0 : n->ptr + 1 + B(3)) % 4;
        snprintf(what, wlen, "a pointer now points to '%s'",
                 ev_ptr_targets[t]);
        n->ptr = t;
        return true;
    }
    case EV_EDIT_KIND: {
        if ((i = ev_pick__(g, ev_is_scalar__)) < 0
            || ev_bitfield_of__(g, i, &s, &k)) {
            return false;
        }
        struct ev_node *n = &g->nd[i];
        int old_kind = n->kind;
        if (n->kind != K_FLOAT && B(2)) {
            n->kind = K_FLOAT;
            n->ity = B(2);
        } else {
            int m = ev_scalar__(g, K_INT);   /* A struct around an int. */
            if (m < 0) {
                return false;
            }
            n = &g->nd[i];
            n->kind = K_STRUCT;
            n->tag = g->next_tag++;
            n->n = 1;
            n->kid[0] = m;
            n->mname[0] = g->next_name++;
            n->bits[0] = 0;
            g->struct_tags[g->n_struct_tags++] = n->tag;
        }
        snprintf(what, wlen, "a value of kind %d became kind %d", old_kind,
                 n->kind);
        return true;
    }
    default:
        return false;
    }
}

/* True if node tree i holds a pointer (unions with pointers: the diff's
 * verdict on them is being changed; they may be refused). */
static bool
ev_union_with_ptr__(const struct ev_g *g)
{
    int all[EV_MAXN], n = ev_reach__(g, g->root, all, 0);

    for (int k = 0; k < n; k++) {
        const struct ev_node *u = &g->nd[all[k]];
        if (u->kind != K_UNION) {
            continue;
        }
        int sub[EV_MAXN], m = ev_reach__(g, all[k], sub, 0);
        for (int j = 0; j < m; j++) {
            if (g->nd[sub[j]].kind == K_PTR || g->nd[sub[j]].kind == K_FPTR) {
                return true;
            }
        }
    }
    return false;
}

static bool
ev_has_struct_ptr__(const struct ev_g *g)
{
    int all[EV_MAXN], n = ev_reach__(g, g->root, all, 0);

    for (int k = 0; k < n; k++) {
        if (g->nd[all[k]].kind == K_PTR
            && g->nd[all[k]].ptr >= EV_PTR_STRUCT) {
            return true;
        }
    }
    return false;
}

/* True if some tag of 'kind' is defined differently in o and n. */
static bool
ev_tag_changed__(const struct ev_g *o, const struct ev_g *n, int kind)
{
    for (int t = 0; t < o->next_tag; t++) {
        struct ev_buf a = { 0 }, b = { 0 };
        int tag = t;
        bool ina = ev_find_tag_def__(o, o->root, kind, tag, &a);
        bool inb = ev_find_tag_def__(n, n->root, kind, tag, &b);
        bool differ = ina != inb || (a.p && b.p && strcmp(a.p, b.p))
                      || (!a.p) != (!b.p);
        free(a.p);
        free(b.p);
        if (differ) {
            return true;
        }
    }
    return false;
}

int
ev_generate(struct ev_src *src, int count, int first_id, struct ev_batch *bt)
{
    struct ev_buf ob = { 0 }, nb = { 0 };
    struct ev_g *o = calloc(1, sizeof *o), *n = calloc(1, sizeof *n);

    memset(bt, 0, sizeof *bt);
    bt->evos = calloc((size_t) count, sizeof *bt->evos);
    if (!o || !n || !bt->evos) {
        free(o);
        free(n);
        free(bt->evos);
        return -ENOMEM;
    }
    ev_out__(&ob, "/* Generated by fuzz/evolve: the old build. */\n");
    ev_out__(&nb, "/* Generated by fuzz/evolve: the new build. */\n");
    for (int e = 0; e < count; e++) {
        struct ev_g *g = o;
        struct ev_evo *ev = &bt->evos[e];

        memset(o, 0, sizeof *o);
        o->src = src;
        o->id = first_id + e;
        do {
            o->nn = o->next_tag = o->next_name = o->n_struct_tags = 0;
            /* Half the roots are structs: most edits apply to one. */
            if (B(2)) {
                o->root = ev_type__(o, 0, false);
            } else {
                o->root = ev_new__(o, K_STRUCT);
                o->nd[0].tag = o->next_tag++;
                o->struct_tags[o->n_struct_tags++] = 0;
                int nm = 1 + B(5);
                for (int k = 0; k < nm; k++) {
                    int m = ev_type__(o, 1, false);
                    if (m < 0) {
                        break;
                    }
                    o->nd[0].kid[o->nd[0].n] = m;
                    o->nd[0].mname[o->nd[0].n] = o->next_name++;
                    o->nd[0].bits[o->nd[0].n++] = 0;
                }
            }
        } while (o->root < 0);
        int kind = B(10);
        o->is_static = kind < 7;
        o->tls = kind == 9;
        snprintf(o->var, sizeof o->var, "e%d_v", o->id);

        /* One edit; one that does not apply to this type falls back to
         * another, and finally to none. */
        enum ev_edit want = (enum ev_edit) B(EV_EDIT_MAX);
        for (int tries = 0;; tries++) {
            *n = *o;
            if (ev_edit__(n, want, ev->what, sizeof ev->what)) {
                break;
            }
            want = tries < 8 ? (enum ev_edit) B(EV_EDIT_MAX) : EV_EDIT_NONE;
        }
        ev->id = o->id;
        ev->edit = want;
        ev->may_refuse = want == EV_EDIT_UNION || want == EV_EDIT_POINTEE
                         || want == EV_EDIT_KIND || ev_union_with_ptr__(o)
                         || ev_union_with_ptr__(n)
                         || ev_tag_changed__(o, n, K_UNION)
                         || (ev_has_struct_ptr__(o)
                             && ev_tag_changed__(o, n, K_STRUCT));
        snprintf(ev->old_id, sizeof ev->old_id, "%s%s",
                 o->is_static ? "dp.c:" : "", o->var);
        snprintf(ev->new_id, sizeof ev->new_id, "%s%s",
                 n->is_static ? "dp.c:" : "", n->var);
        ev_print__(o, &ob);
        ev_print__(n, &nb);
        ev_out__(&ob, "/* edit: %s: %s */\n", ev_edit_name(want), ev->what);
        ev_out__(&nb, "/* edit: %s: %s */\n", ev_edit_name(want), ev->what);
    }
    free(o);
    free(n);
    bt->n = count;
    bt->old_c = ob.p;
    bt->new_c = nb.p;
    if (ob.oom || nb.oom) {
        ev_batch_free(bt);
        return -ENOMEM;
    }
    return 0;
}

void
ev_batch_free(struct ev_batch *bt)
{
    if (bt) {
        free(bt->evos);
        free(bt->old_c);
        free(bt->new_c);
        memset(bt, 0, sizeof *bt);
    }
}
