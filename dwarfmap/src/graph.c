/* The graph: allocation, interned strings, the final naming pass, and
 * dm_graph_load(), which reads an object as the pipeline
 * ELF checks -> DWARF walk -> finish. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Interned strings live in chunks that never move. */
struct dm_chunk__ {
    struct dm_chunk__ *next;
    size_t used, cap;
    char data[];
};

struct dm_graph_priv__ {
    uint32_t cap_types, cap_members, cap_enumerators, cap_dims, cap_params;
    uint32_t cap_vars, cap_pieces, cap_nostate, cap_diags, cap_funcs;

    struct dm_chunk__ *chunks;
    const char **strs;                  /* Hash set of interned strings. */
    uint32_t n_strs, cap_strs;
};

void *
dm_grow__(void *arrayp, uint32_t *np, uint32_t *capp, size_t elsize)
{
    char **array = arrayp;

    if (*np == *capp) {
        uint32_t cap = *capp ? *capp * 2 : 16;
        char *p = *np < UINT32_MAX / 2 ? realloc(*array, cap * elsize) : NULL;

        if (!p) {
            return NULL;
        }
        *array = p;
        *capp = cap;
    }
    char *slot = *array + (size_t) (*np)++ * elsize;
    memset(slot, 0, elsize);
    return slot;
}

static uint64_t
dm_hash__(const char *s)
{
    uint64_t h = 1469598103934665603ULL;        /* FNV-1a. */

    for (; *s; s++) {
        h = (h ^ (unsigned char) *s) * 1099511628211ULL;
    }
    return h;
}

static char *
dm_arena_alloc__(struct dm_graph_priv__ *priv, size_t len)
{
    struct dm_chunk__ *c = priv->chunks;

    if (!c || c->cap - c->used < len) {
        size_t cap = len > 65536 ? len : 65536;

        c = malloc(sizeof *c + cap);
        if (!c) {
            return NULL;
        }
        c->used = 0;
        c->cap = cap;
        c->next = priv->chunks;
        priv->chunks = c;
    }
    char *p = c->data + c->used;
    c->used += len;
    return p;
}

static int
dm_strs_rehash__(struct dm_graph_priv__ *priv)
{
    uint32_t cap = priv->cap_strs ? priv->cap_strs * 2 : 1024;
    const char **strs = calloc(cap, sizeof *strs);

    if (!strs) {
        return -ENOMEM;
    }
    for (uint32_t i = 0; i < priv->cap_strs; i++) {
        if (priv->strs[i]) {
            uint32_t j = dm_hash__(priv->strs[i]) & (cap - 1);
            while (strs[j]) {
                j = (j + 1) & (cap - 1);
            }
            strs[j] = priv->strs[i];
        }
    }
    free(priv->strs);
    priv->strs = strs;
    priv->cap_strs = cap;
    return 0;
}

const char *
dm_intern__(struct dm_graph *g, const char *s)
{
    struct dm_graph_priv__ *priv = g->priv;

    if (!s) {
        return NULL;
    }
    if ((priv->n_strs + 1) * 2 > priv->cap_strs && dm_strs_rehash__(priv)) {
        return NULL;
    }
    uint32_t mask = priv->cap_strs - 1;
    uint32_t i = dm_hash__(s) & mask;
    for (; priv->strs[i]; i = (i + 1) & mask) {
        if (!strcmp(priv->strs[i], s)) {
            return priv->strs[i];
        }
    }
    size_t len = strlen(s) + 1;
    char *copy = dm_arena_alloc__(priv, len);
    if (!copy) {
        return NULL;
    }
    memcpy(copy, s, len);
    priv->strs[i] = copy;
    priv->n_strs++;
    return copy;
}

const char *
dm_internf__(struct dm_graph *g, const char *fmt, ...)
{
    char buf[1024];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return dm_intern__(g, buf);
}

struct dm_graph *
dm_graph_alloc__(const char *path)
{
    struct dm_graph *g = calloc(1, sizeof *g);

    if (!g || !(g->priv = calloc(1, sizeof *g->priv))) {
        free(g);
        return NULL;
    }
    g->path = dm_intern__(g, path);
    dm_add_type__(g, DM_TYPE_VOID, 0);      /* Type id 0. */
    if (!g->path || g->n_types != 1) {
        dm_graph_destroy(g);
        return NULL;
    }
    return g;
}

dm_type_id
dm_add_type__(struct dm_graph *g, enum dm_type_kind kind, uint64_t die)
{
    struct dm_type *t = dm_grow__(&g->types, &g->n_types,
                                  &g->priv->cap_types, sizeof *t);
    if (!t) {
        return 0;
    }
    t->kind = kind;
    t->die_offset = die;
    return g->n_types - 1;
}

struct dm_var *
dm_add_var__(struct dm_graph *g)
{
    return dm_grow__(&g->vars, &g->n_vars, &g->priv->cap_vars,
                     sizeof *g->vars);
}

struct dm_piece *
dm_add_piece__(struct dm_graph *g)
{
    return dm_grow__(&g->pieces, &g->n_pieces, &g->priv->cap_pieces,
                     sizeof *g->pieces);
}

struct dm_func *
dm_add_func__(struct dm_graph *g)
{
    return dm_grow__(&g->funcs, &g->n_funcs, &g->priv->cap_funcs,
                     sizeof *g->funcs);
}

int
dm_add_nostate__(struct dm_graph *g, const char *id, const char *name,
                 enum dm_nostate_reason reason, uint64_t die)
{
    struct dm_nostate *ns = dm_grow__(&g->nostate, &g->n_nostate,
                                      &g->priv->cap_nostate, sizeof *ns);
    if (!ns) {
        return -ENOMEM;
    }
    *ns = (struct dm_nostate) {
        .id = id, .name = name, .reason = reason, .die_offset = die,
    };
    return 0;
}

char *
dm_one_line__(char *buf, size_t len, const char *s)
{
    size_t n = 0;

    if (!len) {
        return buf;
    }
    for (; s[n] && n < len - 1; n++) {
        unsigned char c = (unsigned char) s[n];
        buf[n] = c < 0x20 || c == 0x7f ? '?' : (char) c;
    }
    buf[n] = '\0';
    return buf;
}

void
dm_diag__(struct dm_graph *g, enum dm_severity severity, const char *fmt, ...)
{
    char buf[1024];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    dm_one_line__(buf, sizeof buf, buf);

    const char *text = dm_intern__(g, buf);
    struct dm_diag *d = text ? dm_grow__(&g->diags, &g->n_diags,
                                         &g->priv->cap_diags, sizeof *d)
                             : NULL;
    if (d) {
        d->severity = severity;
        d->text = text;
    }
}

/* ---- Maps ------------------------------------------------------------- */

static uint64_t
dm_mix__(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

bool
dm_map_get__(const struct dm_map__ *m, uint64_t key, uint32_t *value)
{
    if (!m->cap) {
        return false;
    }
    uint32_t mask = m->cap - 1;
    for (uint32_t i = dm_mix__(key) & mask; m->keys[i]; i = (i + 1) & mask) {
        if (m->keys[i] == key + 1) {
            *value = m->values[i];
            return true;
        }
    }
    return false;
}

int
dm_map_put__(struct dm_map__ *m, uint64_t key, uint32_t value)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct dm_map__ big = { .cap = m->cap ? m->cap * 2 : 1024 };

        big.keys = calloc(big.cap, sizeof *big.keys);
        big.values = calloc(big.cap, sizeof *big.values);
        if (!big.keys || !big.values) {
            dm_map_destroy__(&big);
            return -ENOMEM;
        }
        for (uint32_t i = 0; i < m->cap; i++) {
            if (m->keys[i]) {
                dm_map_put__(&big, m->keys[i] - 1, m->values[i]);
            }
        }
        dm_map_destroy__(m);
        *m = big;
    }
    uint32_t mask = m->cap - 1;
    uint32_t i = dm_mix__(key) & mask;
    while (m->keys[i] && m->keys[i] != key + 1) {
        i = (i + 1) & mask;
    }
    m->n += !m->keys[i];
    m->keys[i] = key + 1;
    m->values[i] = value;
    return 0;
}

void
dm_map_destroy__(struct dm_map__ *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

/* ---- Finishing -------------------------------------------------------- */

/* The size of a typedef or qualified type is that of what it names.  Types
 * are created before their targets are complete (cycles), so this runs once
 * at the end.  'depth' guards against a malformed typedef cycle. */
static uint64_t
dm_size_of__(struct dm_graph *g, dm_type_id id, int depth)
{
    struct dm_type *t = &g->types[id];

    if (t->size || depth >= DM_MAX_DEPTH + 8) {
        return t->size;
    }
    switch (t->kind) {
    case DM_TYPE_ARRAY: {
        uint64_t n = 1;
        for (uint32_t i = 0; i < t->count; i++) {
            uint64_t dim = g->dims[t->first + i];
            n = dim == DM_DIM_UNBOUNDED || (dim && n > UINT64_MAX / dim)
                ? 0 : n * dim;
        }
        uint64_t elem = dm_size_of__(g, t->target, depth + 1);
        t->size = elem && n <= UINT64_MAX / elem ? n * elem : 0;
        break;
    }
    case DM_TYPE_TYPEDEF:
    case DM_TYPE_CONST:
    case DM_TYPE_VOLATILE:
    case DM_TYPE_ATOMIC:
    case DM_TYPE_RESTRICT:
        t->size = dm_size_of__(g, t->target, depth + 1);
        break;
    default:
        break;
    }
    return t->size;
}

static int
dm_cmp_str__(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Orders variables by storage, so that two DIEs for one object meet. */
static int
dm_cmp_storage__(const void *a_, const void *b_)
{
    const struct dm_var *a = a_, *b = b_;

    if ((a->kind == DM_VAR_TLS) != (b->kind == DM_VAR_TLS)) {
        return a->kind == DM_VAR_TLS ? 1 : -1;
    }
    if (a->address != b->address) {
        return a->address < b->address ? -1 : 1;
    }
    return a->die_offset < b->die_offset ? -1 : a->die_offset > b->die_offset;
}

/* Orders variables so that same-named statics of one function are adjacent,
 * in source order. */
static int
dm_cmp_name__(const void *a_, const void *b_)
{
    const struct dm_var *a = a_, *b = b_;
    int c = dm_cmp_str__(a->cu, b->cu);

    if (!c) {
        c = dm_cmp_str__(a->function, b->function);
    }
    if (!c) {
        c = dm_cmp_str__(a->name, b->name);
    }
    if (!c && a->decl_line != b->decl_line) {
        c = a->decl_line < b->decl_line ? -1 : 1;
    }
    if (!c && a->die_offset != b->die_offset) {
        c = a->die_offset < b->die_offset ? -1 : 1;
    }
    return c;
}

static bool
dm_same_identity__(const struct dm_var *a, const struct dm_var *b)
{
    return !dm_cmp_str__(a->cu, b->cu) && !dm_cmp_str__(a->function, b->function)
           && !dm_cmp_str__(a->name, b->name);
}

static int
dm_cmp_var_id__(const void *a, const void *b)
{
    return strcmp(((const struct dm_var *) a)->id,
                  ((const struct dm_var *) b)->id);
}

static int
dm_cmp_func__(const void *a_, const void *b_)
{
    const struct dm_func *a = a_, *b = b_;
    int c = strcmp(a->id, b->id);

    return c ? c : a->address < b->address ? -1 : a->address > b->address;
}

/* Names the functions and keeps one per identity: a static function in a
 * header included twice, or gcc's clones, may give several.  Two distinct
 * addresses for one identity are both dropped: a code pointer to either
 * cannot be remapped, and says so at run time. */
static int
dm_finish_funcs__(struct dm_graph *g)
{
    uint32_t out = 0;

    for (uint32_t i = 0; i < g->n_funcs; i++) {
        struct dm_func *f = &g->funcs[i];
        f->id = f->external ? f->name : dm_internf__(g, "%s:%s", f->cu, f->name);
        if (!f->id) {
            return -ENOMEM;
        }
    }
    dm_sort__(g->funcs, g->n_funcs, sizeof *g->funcs, dm_cmp_func__);
    for (uint32_t i = 0; i < g->n_funcs; ) {
        uint32_t j = i + 1;
        bool ambiguous = false;

        while (j < g->n_funcs && !strcmp(g->funcs[j].id, g->funcs[i].id)) {
            ambiguous |= g->funcs[j].address != g->funcs[i].address;
            j++;
        }
        if (!ambiguous) {
            g->funcs[out++] = g->funcs[i];
        } else {
            dm_diag__(g, DM_NOTE, "function %s has %u entry points; code "
                      "pointers to it cannot be remapped", g->funcs[i].id,
                      j - i);
        }
        i = j;
    }
    g->n_funcs = out;
    return 0;
}

/* By identity; of one identity's DIEs, the one whose value is derived
 * from storage first (it is state), then by reason. */
static int
dm_cmp_nostate_id__(const void *a_, const void *b_)
{
    const struct dm_nostate *a = a_, *b = b_;
    int c = strcmp(a->id, b->id);
    int ra = a->reason == DM_NOSTATE_DERIVED ? -1 : (int) a->reason;
    int rb = b->reason == DM_NOSTATE_DERIVED ? -1 : (int) b->reason;

    return c ? c : ra - rb;
}

const char *
dm_var_id__(struct dm_graph *g, const struct dm_var *v)
{
    char ord[16] = "";

    if (v->ordinal > 1) {
        snprintf(ord, sizeof ord, "#%u", v->ordinal);
    }
    switch (v->scope) {
    case DM_VAR_GLOBAL:
        return dm_internf__(g, "%s%s", v->name, ord);
    case DM_VAR_FUNC_STATIC:
        return dm_internf__(g, "%s:%s:%s%s", v->cu, v->function, v->name, ord);
    case DM_VAR_STATIC:
    case DM_VAR_TLS:
    default:
        return dm_internf__(g, "%s:%s%s", v->cu, v->name, ord);
    }
}

/* Drops a second DIE for the same storage.  Two DIEs of one identity are one
 * variable; two identities at one address are aliases: the first by name is
 * kept, the other is reported as no state of its own. */
static int
dm_dedupe_storage__(struct dm_graph *g)
{
    uint32_t out = 0;

    dm_sort__(g->vars, g->n_vars, sizeof *g->vars, dm_cmp_storage__);
    for (uint32_t i = 0; i < g->n_vars; i++) {
        struct dm_var *v = &g->vars[i];
        struct dm_var *prev = out ? &g->vars[out - 1] : NULL;

        if (prev && v->size && prev->size && !v->n_pieces && !prev->n_pieces
            && prev->address == v->address
            && (prev->kind == DM_VAR_TLS) == (v->kind == DM_VAR_TLS)) {
            if (!dm_same_identity__(prev, v)) {
                const char *id = dm_var_id__(g, v);
                if (!id || dm_add_nostate__(g, id, v->name, DM_NOSTATE_ALIAS,
                                            v->die_offset)) {
                    return -ENOMEM;
                }
                dm_diag__(g, DM_NOTE, "%s: DIE 0x%llx: same storage as %s, "
                          "treated as an alias", id,
                          (unsigned long long) v->die_offset, prev->name);
            }
            continue;
        }
        g->vars[out++] = *v;
    }
    g->n_vars = out;
    return 0;
}

/* Function statics that share a name in one function (sibling blocks) are
 * told apart by source order: the first keeps the plain identity, the others
 * get '#2', '#3'.  gcc's 'name.N' symbols are renumbered by unrelated edits,
 * so they are never used. */
static void
dm_number_duplicates__(struct dm_graph *g)
{
    dm_sort__(g->vars, g->n_vars, sizeof *g->vars, dm_cmp_name__);
    for (uint32_t i = 0; i < g->n_vars; ) {
        uint32_t j = i + 1;

        while (j < g->n_vars && dm_same_identity__(&g->vars[i], &g->vars[j])) {
            j++;
        }
        if (j - i > 1) {
            for (uint32_t k = i; k < j; k++) {
                g->vars[k].ordinal = k - i + 1;
            }
            dm_diag__(g, DM_WARNING, "%s:%s%s%s: %u statics of that name; "
                      "told apart by source order", g->vars[i].cu,
                      g->vars[i].function ? g->vars[i].function : "",
                      g->vars[i].function ? ":" : "", g->vars[i].name, j - i);
        }
        i = j;
    }
}

/* Depth-first over the by-value edges (what a type holds: members,
 * elements, what a typedef or qualifier names, an enum's underlying type),
 * never through pointers.  'state': 0 new, 1 on the path, 2 done. */
static dm_type_id
dm_cycle_from__(const struct dm_graph *g, dm_type_id id, uint8_t *state,
                int depth)
{
    const struct dm_type *t = &g->types[id];

    if (state[id] == 2) {
        return 0;
    }
    if (state[id] == 1 || depth > DM_MAX_DEPTH + 8) {
        return id;
    }
    state[id] = 1;
    dm_type_id found = 0;
    switch (t->kind) {
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        for (uint32_t i = 0; i < t->count && !found; i++) {
            found = dm_cycle_from__(g, g->members[t->first + i].type, state,
                                    depth + 1);
        }
        break;
    case DM_TYPE_TYPEDEF:
    case DM_TYPE_CONST:
    case DM_TYPE_VOLATILE:
    case DM_TYPE_ATOMIC:
    case DM_TYPE_RESTRICT:
    case DM_TYPE_ARRAY:
    case DM_TYPE_ENUM:
        found = t->target ? dm_cycle_from__(g, t->target, state, depth + 1) : 0;
        break;
    default:
        break;
    }
    state[id] = 2;
    return found;
}

int
dm_graph_check_cycles__(struct dm_graph *g, char *errbuf, size_t errlen)
{
    uint8_t *state = calloc(g->n_types, 1);

    if (!state) {
        snprintf(errbuf, errlen, "%s: out of memory", g->path);
        return -ENOMEM;
    }
    dm_type_id found = 0;
    for (dm_type_id id = 1; id < g->n_types && !found; id++) {
        found = dm_cycle_from__(g, id, state, 0);
    }
    free(state);
    if (found) {
        snprintf(errbuf, errlen, "%s: damaged DWARF at DIE 0x%llx: type %s "
                 "contains itself by value", g->path,
                 (unsigned long long) g->types[found].die_offset,
                 g->types[found].name ? g->types[found].name : "(anonymous)");
        return -ELOOP;
    }
    return 0;
}

/* True if base type 't' has a size C gives a scalar of its encoding. */
static bool
dm_scalar_size_ok__(const struct dm_type *t)
{
    uint64_t n = t->size;

    switch (t->encoding) {
    case DM_ENC_BOOL:
        return n == 1;
    case DM_ENC_FLOAT:
        return n == 2 || n == 4 || n == 8 || n == 16;
    case DM_ENC_COMPLEX_FLOAT:
        return n == 8 || n == 16 || n == 32;
    case DM_ENC_SIGNED:
    case DM_ENC_UNSIGNED:
    case DM_ENC_SIGNED_CHAR:
    case DM_ENC_UNSIGNED_CHAR:
        return n == 1 || n == 2 || n == 4 || n == 8 || n == 16;
    default:                            /* Never converted: copied. */
        return n >= 1 && n <= 32;
    }
}

/* Refuses a struct or union whose layout no C compiler makes (damaged
 * DWARF): a member outside the type, struct members out of order or
 * overlapping, a member off a byte boundary that is not a bitfield, a
 * bitfield wider than its type or of a type that is not an integer, a
 * flexible or zero-length array that is not the last member; and a base
 * type or an enum of a size no C scalar has.  Migration
 * code reproduces layouts in C; one C cannot express would be a guess. */
int
dm_graph_check_layouts__(struct dm_graph *g, char *errbuf, size_t errlen)
{
    for (dm_type_id id = 1; id < g->n_types; id++) {
        const struct dm_type *t = &g->types[id];
        const char *why = NULL;
        uint64_t end = 0;
        uint32_t k = UINT32_MAX;

        k = UINT32_MAX;
        if (t->kind == DM_TYPE_BASE && !dm_scalar_size_ok__(t)) {
            why = "is not the size of a C scalar of its encoding";
            goto bad;
        }
        if (t->kind == DM_TYPE_ENUM && !t->declaration && t->size != 1
            && t->size != 2 && t->size != 4 && t->size != 8) {
            why = "is not the size of an enum";
            goto bad;
        }
        if ((t->kind != DM_TYPE_STRUCT && t->kind != DM_TYPE_UNION)
            || t->declaration) {
            continue;
        }
        if (t->size > (UINT64_C(1) << 40)) {
            why = "is too large";
            k = 0;
            goto bad;
        }
        for (k = 0; k < t->count; k++) {
            const struct dm_member *m = &g->members[t->first + k];
            const struct dm_type *mt = &g->types[dm_type_strip(g, m->type)];
            uint64_t w;

            if (m->bit_size) {
                bool integer = mt->kind == DM_TYPE_ENUM
                               || (mt->kind == DM_TYPE_BASE
                                   && mt->encoding >= DM_ENC_SIGNED
                                   && mt->encoding <= DM_ENC_BOOL);
                if (!integer) {
                    why = "has a bitfield of a type that is not an integer";
                    goto bad;
                }
                if (m->bit_size > (mt->encoding == DM_ENC_BOOL
                                   && mt->kind == DM_TYPE_BASE ? 1
                                   : mt->size * 8)) {
                    why = "has a bitfield wider than its type";
                    goto bad;
                }
                w = m->bit_size;
            } else {
                if (m->bit_offset % 8) {
                    why = "has a member off a byte boundary";
                    goto bad;
                }
                if (mt->size > (UINT64_C(1) << 40)) {
                    why = "has a member that is too large";
                    goto bad;
                }
                w = mt->size * 8;
                if (!w && mt->kind == DM_TYPE_ARRAY && k + 1 < t->count) {
                    why = "has a flexible or zero-length array before its "
                          "last member";
                    goto bad;
                }
            }
            if (m->bit_offset > t->size * 8 || w > t->size * 8 - m->bit_offset) {
                why = "has a member outside it";
                goto bad;
            }
            if (t->kind == DM_TYPE_STRUCT) {
                if (m->bit_offset < end) {
                    why = "has a member that overlaps the one before";
                    goto bad;
                }
                end = m->bit_offset + w;
            }
        }
        continue;
bad:;
        char name[80];                  /* Base type names are any bytes. */
        dm_one_line__(name, sizeof name, t->name ? t->name : "(anonymous)");
        snprintf(errbuf, errlen, "%s: damaged DWARF at DIE 0x%llx: %s %s "
                 "(%llu bytes) %s%s%s%s", g->path,
                 (unsigned long long) t->die_offset, dm_type_kind_name(t->kind),
                 name,
                 (unsigned long long) t->size, why,
                 k < t->count && g->members[t->first + k].name ? " ('" : "",
                 k < t->count && g->members[t->first + k].name
                 ? g->members[t->first + k].name : "",
                 k < t->count && g->members[t->first + k].name ? "')" : "");
        return -EINVAL;
    }
    return 0;
}

void
dm_graph_size_types__(struct dm_graph *g)
{
    for (dm_type_id id = 1; id < g->n_types; id++) {
        dm_size_of__(g, id, 0);
    }
}

int
dm_graph_finish__(struct dm_graph *g)
{
    if (dm_dedupe_storage__(g) || dm_finish_funcs__(g)) {
        return -ENOMEM;
    }
    dm_number_duplicates__(g);
    for (uint32_t i = 0; i < g->n_vars; i++) {
        if (!(g->vars[i].id = dm_var_id__(g, &g->vars[i]))) {
            return -ENOMEM;
        }
    }
    dm_sort__(g->vars, g->n_vars, sizeof *g->vars, dm_cmp_var_id__);

    /* A DIE without storage whose identity has storage elsewhere (gcc's
     * LTO early-debug DIE, a declaration) is not a separate variable. */
    dm_sort__(g->nostate, g->n_nostate, sizeof *g->nostate, dm_cmp_nostate_id__);
    uint32_t out = 0;
    for (uint32_t i = 0; i < g->n_nostate; i++) {
        const struct dm_nostate *ns = &g->nostate[i];

        if ((out && !strcmp(g->nostate[out - 1].id, ns->id))
            || (ns->reason != DM_NOSTATE_ALIAS
                && dm_graph_find_var(g, ns->id))) {
            continue;
        }
        g->nostate[out++] = *ns;
    }
    g->n_nostate = out;
    return 0;
}

/* ---- Public ----------------------------------------------------------- */

int
dm_graph_load(const char *path, const struct dm_load_opts *opts,
              struct dm_graph **graphp, char *errbuf, size_t errlen)
{
    struct dm_graph *g = dm_graph_alloc__(path);
    struct dm_elf__ *elf = NULL;
    int err;

    if (!g) {
        snprintf(errbuf, errlen, "%s: out of memory", path);
        err = -ENOMEM;
    } else {
        err = dm_elf_open__(path, g, &elf, errbuf, errlen);
    }
    if (!err) {
        err = dm_dwarf_read__(g, elf, path, opts, errbuf, errlen);
    }
    if (!err && (err = dm_graph_finish__(g))) {
        snprintf(errbuf, errlen, "%s: out of memory", path);
    }
    for (uint32_t i = 1; !err && i < g->n_vars; i++) {
        if (!strcmp(g->vars[i - 1].id, g->vars[i].id)) {
            /* Two storages, one identity (damaged names): which one a
             * diff would match is a guess, so the file is refused. */
            char id[80];

            dm_one_line__(id, sizeof id, g->vars[i].id);
            snprintf(errbuf, errlen, "%s: DIEs 0x%llx and 0x%llx: two "
                     "variables with the identity '%s'", path,
                     (unsigned long long) g->vars[i - 1].die_offset,
                     (unsigned long long) g->vars[i].die_offset, id);
            err = -EINVAL;
        }
    }
    dm_elf_close__(elf);
    if (err) {
        dm_graph_destroy(g);
        g = NULL;
    }
    *graphp = g;
    return err;
}

void
dm_graph_destroy(struct dm_graph *g)
{
    if (!g) {
        return;
    }
    if (g->priv) {
        for (struct dm_chunk__ *c = g->priv->chunks, *next; c; c = next) {
            next = c->next;
            free(c);
        }
        free(g->priv->strs);
        free(g->priv);
    }
    free(g->types);
    free(g->members);
    free(g->enumerators);
    free(g->dims);
    free(g->params);
    free(g->vars);
    free(g->pieces);
    free(g->nostate);
    free(g->diags);
    free(g->funcs);
    free(g);
}

const struct dm_type *
dm_type(const struct dm_graph *g, dm_type_id id)
{
    return &g->types[id < g->n_types ? id : 0];
}

dm_type_id
dm_type_strip(const struct dm_graph *g, dm_type_id id)
{
    for (int depth = 0; depth < DM_MAX_DEPTH + 8; depth++) {
        const struct dm_type *t = dm_type(g, id);

        switch (t->kind) {
        case DM_TYPE_TYPEDEF:
        case DM_TYPE_CONST:
        case DM_TYPE_VOLATILE:
        case DM_TYPE_ATOMIC:
        case DM_TYPE_RESTRICT:
            id = t->target;
            break;
        default:
            return id;
        }
    }
    return 0;
}

int
dm_graph_read_rodata(const struct dm_graph *g, unsigned char **data,
                     size_t *size, uint64_t *addr)
{
    return dm_elf_read_section__(g->path, ".rodata", data, size, addr);
}

const struct dm_var *
dm_graph_find_var(const struct dm_graph *g, const char *id)
{
    uint32_t lo = 0, hi = g->n_vars;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = g->vars[mid].id ? strcmp(g->vars[mid].id, id) : -1;

        if (!c) {
            return &g->vars[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

const char *
dm_type_kind_name(enum dm_type_kind kind)
{
    static const char *const names[] = {
        [DM_TYPE_VOID] = "void", [DM_TYPE_BASE] = "base",
        [DM_TYPE_POINTER] = "pointer", [DM_TYPE_TYPEDEF] = "typedef",
        [DM_TYPE_CONST] = "const", [DM_TYPE_VOLATILE] = "volatile",
        [DM_TYPE_ATOMIC] = "atomic", [DM_TYPE_RESTRICT] = "restrict",
        [DM_TYPE_STRUCT] = "struct", [DM_TYPE_UNION] = "union",
        [DM_TYPE_ENUM] = "enum", [DM_TYPE_ARRAY] = "array",
        [DM_TYPE_FUNCTION] = "function",
    };
    return kind <= DM_TYPE_FUNCTION ? names[kind] : "?";
}

const char *
dm_encoding_name(enum dm_encoding enc)
{
    static const char *const names[] = {
        [DM_ENC_NONE] = "none", [DM_ENC_SIGNED] = "signed",
        [DM_ENC_UNSIGNED] = "unsigned", [DM_ENC_SIGNED_CHAR] = "signed_char",
        [DM_ENC_UNSIGNED_CHAR] = "unsigned_char", [DM_ENC_BOOL] = "bool",
        [DM_ENC_FLOAT] = "float", [DM_ENC_COMPLEX_FLOAT] = "complex_float",
        [DM_ENC_OTHER] = "other",
    };
    return enc <= DM_ENC_OTHER ? names[enc] : "?";
}

const char *
dm_var_kind_name(enum dm_var_kind kind)
{
    static const char *const names[] = {
        [DM_VAR_GLOBAL] = "global", [DM_VAR_STATIC] = "static",
        [DM_VAR_FUNC_STATIC] = "func_static", [DM_VAR_TLS] = "tls",
    };
    return kind <= DM_VAR_TLS ? names[kind] : "?";
}

const char *
dm_nostate_reason_name(enum dm_nostate_reason reason)
{
    static const char *const names[] = {
        [DM_NOSTATE_OPTIMISED_OUT] = "optimised_out",
        [DM_NOSTATE_CONST_VALUE] = "const_value",
        [DM_NOSTATE_DISCARDED] = "discarded",
        [DM_NOSTATE_ALIAS] = "alias",
        [DM_NOSTATE_DERIVED] = "derived",
    };
    return reason <= DM_NOSTATE_DERIVED ? names[reason] : "?";
}
