/* The diff: correlate -> compare -> judge.
 *
 * Three questions are asked of a pair of types, each with its own rule:
 *
 *   same layout  the bytes mean the same: same size, and member by member
 *                the same names, offsets, widths and (recursively, by value)
 *                layouts.  It never looks behind a pointer, so it cannot
 *                loop.  Same layout with no pointers inside is a copy.
 *   stable       behind a pointer: the pointee has the same layout, and so
 *                has everything reachable from it through more pointers.
 *                A heap object of a changed type would be left in the old
 *                layout, so a pointer to an unstable type needs a hook.
 *   conversion   how a value of the old type becomes a value of the new
 *                one (enum dm_conv), recursing by value only, memoised per
 *                type pair. */
#include "dwarfmap/diff.h"
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct dm_diff_priv__ {
    struct dm_graph *strings;           /* Owns the diff's strings. */
    struct dm_diff_opts opts;
    struct dm_map__ pairs;              /* (old, new) -> pair index. */
    struct dm_map__ stable;             /* (old, new) -> 1 + stable. */
    struct dm_map__ same;               /* (old, new) -> 1 + same layout. */
    uint32_t cap_changes, cap_pairs, cap_mplans, cap_dropped;
    /* Stand-ins for old variables that only have a value derived from
     * storage (DM_NOSTATE_DERIVED), which changes point to. */
    struct dm_var *derived;
    int err;
};

/* A member of a struct seen as C11 names it: anonymous structs flattened,
 * an anonymous union kept whole. */
struct dm_flat__ {
    const char *name;                   /* Anonymous union: "union:<first>" */
    uint32_t member;                    /* Index into graph->members. */
    uint64_t bit_offset;                /* From the outer struct. */
};

static uint64_t
dm_pair_key__(dm_type_id o, dm_type_id n)
{
    return (uint64_t) o << 32 | n;
}

static const char *
dm_str__(struct dm_diff *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
dm_str__(struct dm_diff *d, const char *fmt, ...)
{
    char buf[1024];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    dm_one_line__(buf, sizeof buf, buf); /* Reasons are one line. */
    const char *s = dm_intern__(d->priv->strings, buf);
    if (!s) {
        d->priv->err = -ENOMEM;
    }
    return s;
}

static const char *
dm_spell_pair__(struct dm_diff *d, dm_type_id o, dm_type_id n)
{
    char a[256], b[256];

    return dm_str__(d, "%s (%" PRIu64 " bytes) -> %s (%" PRIu64 " bytes)",
                    dm_type_spell(d->old, o, a, sizeof a),
                    dm_type(d->old, o)->size,
                    dm_type_spell(d->new, n, b, sizeof b),
                    dm_type(d->new, n)->size);
}

/* ---- Classes of types ------------------------------------------------- */

static bool
dm_is_int__(const struct dm_type *t)
{
    return (t->kind == DM_TYPE_BASE
            && (t->encoding == DM_ENC_SIGNED || t->encoding == DM_ENC_UNSIGNED
                || t->encoding == DM_ENC_SIGNED_CHAR
                || t->encoding == DM_ENC_UNSIGNED_CHAR
                || t->encoding == DM_ENC_BOOL))
           || t->kind == DM_TYPE_ENUM;
}

static bool
dm_is_signed__(const struct dm_type *t)
{
    return t->encoding == DM_ENC_SIGNED || t->encoding == DM_ENC_SIGNED_CHAR;
}

/* 16-byte floats are long double or _Float128: only the name tells. */
static bool
dm_float_kind_equal__(const struct dm_type *o, const struct dm_type *n)
{
    if (o->size != n->size || o->size != 16) {
        return o->size == n->size;
    }
    bool o128 = o->name && strstr(o->name, "128");
    bool n128 = n->name && strstr(n->name, "128");
    return o128 == n128;
}

/* True if every value of integer type 'o' (of 'obits' bits when a
 * bitfield) is a value of 'n' (of 'nbits' bits). */
static bool
dm_int_fits__(const struct dm_type *o, uint32_t obits, const struct dm_type *n,
              uint32_t nbits)
{
    uint32_t ow = obits ? obits : o->size * 8;
    uint32_t nw = nbits ? nbits : n->size * 8;
    bool os = dm_is_signed__(o), ns = dm_is_signed__(n);

    if (o->encoding == DM_ENC_BOOL) {
        return n->encoding == DM_ENC_BOOL || nw > (ns ? 1u : 0u);
    }
    if (n->encoding == DM_ENC_BOOL) {
        return false;
    }
    return os == ns ? nw >= ow : !os && ns && nw > ow;
}

static dm_type_id
dm_strip_old__(const struct dm_diff *d, dm_type_id id)
{
    return dm_type_strip(d->old, id);
}

static dm_type_id
dm_strip_new__(const struct dm_diff *d, dm_type_id id)
{
    return dm_type_strip(d->new, id);
}

static bool
dm_is_code_ptr__(const struct dm_graph *g, const struct dm_type *t)
{
    return t->kind == DM_TYPE_POINTER
           && dm_type(g, dm_type_strip(g, t->target))->kind == DM_TYPE_FUNCTION;
}

/* Flattens the members of struct 't' into 'out' (at most 'max'); returns
 * the count.  Anonymous structs are flattened, anonymous unions kept. */
static uint32_t
dm_flatten__(const struct dm_graph *g, const struct dm_type *t, uint64_t base,
             struct dm_flat__ *out, uint32_t n, uint32_t max, int depth)
{
    for (uint32_t i = 0; i < t->count && n < max; i++) {
        uint32_t mi = t->first + i;
        const struct dm_member *m = &g->members[mi];
        const struct dm_type *mt = dm_type(g, dm_type_strip(g, m->type));

        if (!m->name && mt->kind == DM_TYPE_STRUCT && depth < 16) {
            n = dm_flatten__(g, mt, base + m->bit_offset, out, n, max,
                             depth + 1);
            continue;
        }
        out[n].member = mi;
        out[n].bit_offset = base + m->bit_offset;
        out[n].name = m->name;
        if (!m->name && mt->kind == DM_TYPE_UNION && mt->count) {
            out[n].name = g->members[mt->first].name;  /* Tagged below. */
        }
        n++;
    }
    return n;
}

/* How many members dm_flatten__() yields for 't'. */
static uint32_t
dm_flat_count__(const struct dm_graph *g, const struct dm_type *t, int depth)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        const struct dm_type *mt = dm_type(g, dm_type_strip(g, m->type));

        n += !m->name && mt->kind == DM_TYPE_STRUCT && depth < 16
             ? dm_flat_count__(g, mt, depth + 1) : 1;
    }
    return n;
}

/* Flattened members of a struct, in a new array; NULL with *np 0 if none.
 * Anonymous unions are named "union:<first member>". */
static struct dm_flat__ *
dm_flat_members__(struct dm_diff *d, const struct dm_graph *g,
                  const struct dm_type *t, uint32_t *np)
{
    uint32_t max = 0;

    max = dm_flat_count__(g, t, 0);
    max = max ? max : 1;
    struct dm_flat__ *flat = calloc(max, sizeof *flat);
    if (!flat) {
        d->priv->err = -ENOMEM;
        *np = 0;
        return NULL;
    }
    *np = dm_flatten__(g, t, 0, flat, 0, max, 0);
    for (uint32_t i = 0; i < *np; i++) {
        const struct dm_member *m = &g->members[flat[i].member];
        if (!m->name && flat[i].name) {
            flat[i].name = dm_str__(d, "union:%s", flat[i].name);
        }
    }
    return flat;
}

static const struct dm_flat__ *
dm_find_flat__(const struct dm_flat__ *flat, uint32_t n, const char *name)
{
    for (uint32_t i = 0; name && i < n; i++) {
        if (flat[i].name && !strcmp(flat[i].name, name)) {
            return &flat[i];
        }
    }
    return NULL;
}

/* ---- Same layout ------------------------------------------------------ */

static bool dm_same_layout__(struct dm_diff *, dm_type_id o, dm_type_id n,
                             int depth);

static bool
dm_same_enum__(const struct dm_diff *d, const struct dm_type *o,
               const struct dm_type *n)
{
    if (o->size != n->size || o->encoding != n->encoding) {
        return false;
    }
    for (uint32_t i = 0; i < o->count; i++) {
        const struct dm_enumerator *oe = &d->old->enumerators[o->first + i];
        bool found = false;

        for (uint32_t j = 0; j < n->count && !found; j++) {
            const struct dm_enumerator *ne = &d->new->enumerators[n->first + j];
            found = !strcmp(oe->name, ne->name) && oe->value == ne->value;
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static bool
dm_same_members__(struct dm_diff *d, const struct dm_type *o,
                  const struct dm_type *n, int depth)
{
    uint32_t no, nn;
    struct dm_flat__ *fo = dm_flat_members__(d, d->old, o, &no);
    struct dm_flat__ *fn = dm_flat_members__(d, d->new, n, &nn);
    bool same = no == nn && !d->priv->err;

    for (uint32_t i = 0; same && i < no; i++) {
        const struct dm_member *om = &d->old->members[fo[i].member];
        const struct dm_member *nm = &d->new->members[fn[i].member];

        same = fo[i].bit_offset == fn[i].bit_offset
               && om->bit_size == nm->bit_size
               && !strcmp(fo[i].name ? fo[i].name : "",
                          fn[i].name ? fn[i].name : "")
               && dm_same_layout__(d, dm_strip_old__(d, om->type),
                                   dm_strip_new__(d, nm->type), depth + 1);
    }
    free(fo);
    free(fn);
    return same;
}

static bool dm_same_layout_uncached__(struct dm_diff *, dm_type_id,
                                      dm_type_id, int depth);

/* Memoised: by value, types nest without cycles, so every answer is final. */
static bool
dm_same_layout__(struct dm_diff *d, dm_type_id oid, dm_type_id nid, int depth)
{
    uint64_t key = dm_pair_key__(oid, nid);
    uint32_t memo;

    if (dm_map_get__(&d->priv->same, key, &memo)) {
        return memo == 2;
    }
    bool same = dm_same_layout_uncached__(d, oid, nid, depth);
    if (dm_map_put__(&d->priv->same, key, 1 + same)) {
        d->priv->err = -ENOMEM;
    }
    return same;
}

static bool
dm_same_layout_uncached__(struct dm_diff *d, dm_type_id oid, dm_type_id nid,
                          int depth)
{
    const struct dm_type *o = dm_type(d->old, oid), *n = dm_type(d->new, nid);

    if (depth > 64 || o->kind != n->kind || o->size != n->size
        || o->declaration != n->declaration) {
        return false;
    }
    switch (o->kind) {
    case DM_TYPE_VOID:
    case DM_TYPE_FUNCTION:
        return true;
    case DM_TYPE_BASE:
        return o->encoding == n->encoding && dm_float_kind_equal__(o, n)
               && o->encoding != DM_ENC_OTHER;
    case DM_TYPE_ENUM:
        return dm_same_enum__(d, o, n);
    case DM_TYPE_POINTER:
        return dm_is_code_ptr__(d->old, o) == dm_is_code_ptr__(d->new, n);
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        return dm_same_members__(d, o, n, depth);
    case DM_TYPE_ARRAY:
        if (o->count != n->count || o->vector != n->vector) {
            return false;
        }
        for (uint32_t i = 0; i < o->count; i++) {
            if (d->old->dims[o->first + i] != d->new->dims[n->first + i]) {
                return false;
            }
        }
        return dm_same_layout__(d, dm_strip_old__(d, o->target),
                                dm_strip_new__(d, n->target), depth + 1);
    default:
        return false;
    }
}

/* True if a value of old type 'id' holds a pointer. */
static bool
dm_has_pointers__(const struct dm_graph *g, dm_type_id id, int depth)
{
    const struct dm_type *t = dm_type(g, dm_type_strip(g, id));

    if (depth > 64) {
        return true;
    }
    switch (t->kind) {
    case DM_TYPE_POINTER:
        return true;
    case DM_TYPE_ARRAY:
        return dm_has_pointers__(g, t->target, depth + 1);
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        for (uint32_t i = 0; i < t->count; i++) {
            if (dm_has_pointers__(g, g->members[t->first + i].type,
                                  depth + 1)) {
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}

/* ---- Stable (behind pointers) ----------------------------------------- */

/* Visits the pointee pairs reachable from (o, n) by value, then through
 * pointers.  'seen' holds pairs assumed stable on this walk: a cycle back
 * to one of them adds nothing new.  Only the result of the outermost call
 * is memoised: inner results may rest on an assumption. */
static bool
dm_stable_walk__(struct dm_diff *d, dm_type_id o, dm_type_id n,
                 struct dm_map__ *seen, const char **why, int depth)
{
    uint32_t dummy;
    uint64_t key = dm_pair_key__(o, n);

    if (dm_map_get__(seen, key, &dummy) || depth > 256) {
        return depth <= 256;
    }
    if (dm_map_put__(seen, key, 1)) {
        d->priv->err = -ENOMEM;
        return false;
    }
    const struct dm_type *ot = dm_type(d->old, o), *nt = dm_type(d->new, n);
    if (ot->declaration || nt->declaration) {
        return true;                    /* Opaque: never followed [C10]. */
    }
    if (!dm_same_layout__(d, o, n, 0)) {
        if (!*why) {
            *why = dm_spell_pair__(d, o, n);
        }
        return false;
    }
    switch (ot->kind) {
    case DM_TYPE_POINTER:
        if (dm_is_code_ptr__(d->old, ot)) {
            return true;
        }
        return dm_stable_walk__(d, dm_strip_old__(d, ot->target),
                                dm_strip_new__(d, nt->target), seen, why,
                                depth + 1);
    case DM_TYPE_ARRAY:
        return dm_stable_walk__(d, dm_strip_old__(d, ot->target),
                                dm_strip_new__(d, nt->target), seen, why,
                                depth + 1);
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        /* Same layout: members pair up in order. */
        for (uint32_t i = 0; i < ot->count && i < nt->count; i++) {
            if (!dm_stable_walk__(d,
                                  dm_strip_old__(d, d->old->members[ot->first + i].type),
                                  dm_strip_new__(d, d->new->members[nt->first + i].type),
                                  seen, why, depth + 1)) {
                return false;
            }
        }
        return true;
    default:
        return true;
    }
}

static bool
dm_stable__(struct dm_diff *d, dm_type_id o, dm_type_id n, const char **why)
{
    uint32_t memo;
    uint64_t key = dm_pair_key__(o, n);

    *why = NULL;
    if (dm_map_get__(&d->priv->stable, key, &memo) && memo == 2) {
        return true;
    }
    struct dm_map__ seen = { 0 };
    bool stable = dm_stable_walk__(d, o, n, &seen, why, 0);
    dm_map_destroy__(&seen);
    if (dm_map_put__(&d->priv->stable, key, 1 + stable)) {
        d->priv->err = -ENOMEM;
    }
    return stable;
}

/* ---- Conversions ------------------------------------------------------ */

static bool dm_in_list__(const char *const *list, size_t n, const char *id);

static uint32_t dm_compare__(struct dm_diff *, dm_type_id o, dm_type_id n,
                             int depth);

static struct dm_pair *
dm_pair__(struct dm_diff *d, uint32_t i)
{
    return &d->pairs[i];
}

/* Marks pair 'p' as needing a hook (or refused) for 'reason'. */
static void
dm_give_up__(struct dm_diff *d, uint32_t p, enum dm_conv conv,
             const char *reason)
{
    dm_pair__(d, p)->conv = conv;
    dm_pair__(d, p)->reason = reason ? reason : "?";
}

/* Propagates an inner pair's failure to an outer one, prefixing the path. */
static bool
dm_inherit__(struct dm_diff *d, uint32_t outer, uint32_t inner,
             const char *path)
{
    const struct dm_pair *in = dm_pair__(d, inner);

    if (in->conv == DM_CONV_HOOK || in->conv == DM_CONV_REJECT) {
        dm_give_up__(d, outer, in->conv,
                     dm_str__(d, "%s%s%s", path,
                              in->reason[0] == '.' || in->reason[0] == '['
                              ? "" : ": ", in->reason));
        return true;
    }
    dm_pair__(d, outer)->checked |= in->checked;
    dm_pair__(d, outer)->pointers |= in->pointers;
    return false;
}

static void
dm_compare_struct__(struct dm_diff *d, uint32_t p, const struct dm_type *o,
                    const struct dm_type *n, int depth)
{
    uint32_t no, nn;
    struct dm_flat__ *fo = dm_flat_members__(d, d->old, o, &no);
    struct dm_flat__ *fn = dm_flat_members__(d, d->new, n, &nn);
    bool failed = false;

    /* The plans are built here, then appended as one block: comparing a
     * member recurses and appends the plans of the member's own type. */
    struct dm_mplan *plans = calloc(nn ? nn : 1, sizeof *plans);
    if (!plans) {
        d->priv->err = -ENOMEM;
        nn = 0;
    }
    dm_pair__(d, p)->conv = DM_CONV_STRUCT;
    for (uint32_t i = 0; i < nn && !failed && !d->priv->err; i++) {
        const struct dm_flat__ *of = dm_find_flat__(fo, no, fn[i].name);
        const struct dm_member *nm = &d->new->members[fn[i].member];
        struct dm_mplan *mp = &plans[i];

        mp->name = fn[i].name;
        mp->new_member = fn[i].member;
        mp->new_bit_offset = fn[i].bit_offset;
        mp->old_member = -1;
        if (!of) {
            continue;                   /* Added: keeps its initializer. */
        }
        const struct dm_member *om = &d->old->members[of->member];
        mp->old_member = of->member;
        mp->old_bit_offset = of->bit_offset;
        mp->pair = dm_compare__(d, dm_strip_old__(d, om->type),
                                dm_strip_new__(d, nm->type), depth + 1);
        failed = dm_inherit__(d, p, mp->pair,
                              dm_str__(d, ".%s", fn[i].name ? fn[i].name : "?"));
        if (!failed && (om->bit_size || nm->bit_size)
            && !dm_int_fits__(dm_type(d->old, dm_strip_old__(d, om->type)),
                              om->bit_size,
                              dm_type(d->new, dm_strip_new__(d, nm->type)),
                              nm->bit_size)) {
            dm_pair__(d, p)->checked = true;
        }
    }
    dm_pair__(d, p)->first_mplan = d->n_mplans;
    for (uint32_t i = 0; i < nn && !d->priv->err; i++) {
        struct dm_mplan *mp = dm_grow__(&d->mplans, &d->n_mplans,
                                        &d->priv->cap_mplans, sizeof *mp);
        if (!mp) {
            d->priv->err = -ENOMEM;
            break;
        }
        *mp = plans[i];
        dm_pair__(d, p)->n_mplans++;
    }
    free(plans);
    dm_pair__(d, p)->first_dropped = d->n_dropped;
    for (uint32_t i = 0; i < no && !failed && !d->priv->err; i++) {
        if (dm_find_flat__(fn, nn, fo[i].name)) {
            continue;
        }
        const struct dm_member *om = &d->old->members[fo[i].member];
        struct dm_dropped *dr = dm_grow__(&d->dropped, &d->n_dropped,
                                          &d->priv->cap_dropped, sizeof *dr);
        if (!dr) {
            d->priv->err = -ENOMEM;
            break;
        }
        dr->name = fo[i].name;
        dr->bit_offset = fo[i].bit_offset;
        dr->bit_size = om->bit_size ? om->bit_size
                       : dm_type(d->old, om->type)->size * 8;
        dm_pair__(d, p)->n_dropped++;
    }
    free(fo);
    free(fn);
}

/* One past the largest non-negative value of enum 't' (0 if none). */
static uint64_t
dm_enum_extent__(const struct dm_graph *g, const struct dm_type *t)
{
    uint64_t extent = 0;

    for (uint32_t i = 0; i < t->count; i++) {
        int64_t v = g->enumerators[t->first + i].value;
        if (v >= 0 && (uint64_t) v + 1 > extent) {
            extent = (uint64_t) v + 1;
        }
    }
    return extent;
}

/* The value in enum 't' of enumerator 'name', or -1 if it has none. */
static int64_t
dm_enum_value__(const struct dm_graph *g, const struct dm_type *t,
                const char *name)
{
    for (uint32_t i = 0; i < t->count; i++) {
        if (!strcmp(g->enumerators[t->first + i].name, name)) {
            return g->enumerators[t->first + i].value;
        }
    }
    return -1;
}

/* An enum that may index an array dimension of 'od' elements in old and
 * 'nd' in new: of one tag in both builds, its extent (largest value + 1,
 * or the value of a count enumerator such as N_COLORS) is the dimension
 * and moves with it, and an enumerator below 'od' changed value or went
 * away, so the elements it names would land at other indexes.  DWARF does
 * not say which enum indexes an array: copying by index might misfile
 * them, so the caller asks for a hook.  NULL if no enum fits. */
static const char *
dm_index_enum_moved__(struct dm_diff *d, uint64_t od, uint64_t nd)
{
    const struct dm_graph *og = d->old, *ng = d->new;

    for (uint32_t i = 1; i < og->n_types; i++) {
        const struct dm_type *oe = &og->types[i];
        uint64_t oext = oe->kind == DM_TYPE_ENUM && oe->name
                        ? dm_enum_extent__(og, oe) : 0;

        if (!oext || (od != oext && od + 1 != oext)) {
            continue;
        }
        for (uint32_t j = 1; j < ng->n_types; j++) {
            const struct dm_type *ne = &ng->types[j];

            if (ne->kind != DM_TYPE_ENUM || !ne->name
                || strcmp(ne->name, oe->name)
                || dm_enum_extent__(ng, ne) - oext != nd - od) {
                continue;
            }
            for (uint32_t k = 0; k < oe->count; k++) {
                const struct dm_enumerator *e = &og->enumerators[oe->first + k];
                if (e->value >= 0 && (uint64_t) e->value < od
                    && dm_enum_value__(ng, ne, e->name) != e->value) {
                    return dm_str__(d, "enum %s (%llu -> %llu values) may index "
                                    "it and its enumerator %s moved (%lld -> "
                                    "%lld): copied by index, its element would "
                                    "be misfiled",
                                    oe->name, (unsigned long long) oext,
                                    (unsigned long long) dm_enum_extent__(ng, ne),
                                    e->name, (long long) e->value,
                                    (long long) dm_enum_value__(ng, ne, e->name));
                }
            }
        }
    }
    return NULL;
}

static void
dm_compare_array__(struct dm_diff *d, uint32_t p, const struct dm_type *o,
                   const struct dm_type *n, int depth)
{
    if (o->count != n->count || o->vector || n->vector) {
        dm_give_up__(d, p, DM_CONV_HOOK,
                     dm_str__(d, "array shape changed: %s",
                              dm_spell_pair__(d, dm_pair__(d, p)->old_type,
                                              dm_pair__(d, p)->new_type)));
        return;
    }
    for (uint32_t i = 0; i < o->count; i++) {
        uint64_t od = d->old->dims[o->first + i], nd = d->new->dims[n->first + i];
        if ((od == DM_DIM_UNBOUNDED || nd == DM_DIM_UNBOUNDED) && od != nd) {
            dm_give_up__(d, p, DM_CONV_HOOK,
                         dm_str__(d, "flexible array changed: %s",
                                  dm_spell_pair__(d, dm_pair__(d, p)->old_type,
                                                  dm_pair__(d, p)->new_type)));
            return;
        }
        dm_pair__(d, p)->checked |= nd < od;    /* Cut-off elements. */
        const char *moved = od != nd ? dm_index_enum_moved__(d, od, nd) : NULL;
        if (moved) {
            dm_give_up__(d, p, DM_CONV_HOOK,
                         dm_str__(d, "%s: %s",
                                  dm_spell_pair__(d, dm_pair__(d, p)->old_type,
                                                  dm_pair__(d, p)->new_type),
                                  moved));
            return;
        }
    }
    uint32_t inner = dm_compare__(d, dm_strip_old__(d, o->target),
                                  dm_strip_new__(d, n->target), depth + 1);
    for (uint32_t i = 0; i < o->count; i++) {
        if (d->old->dims[o->first + i] == DM_DIM_UNBOUNDED) {
            dm_give_up__(d, p, DM_CONV_HOOK,
                         dm_str__(d, "elements of a flexible array changed: "
                                  "%s", dm_spell_pair__(d, o->target,
                                                        n->target)));
            return;
        }
    }
    dm_pair__(d, p)->conv = DM_CONV_ARRAY;
    dm_pair__(d, p)->elem = inner;
    dm_inherit__(d, p, inner, "[]");
}


static void
dm_compare_pointer__(struct dm_diff *d, uint32_t p, const struct dm_type *o,
                     const struct dm_type *n)
{
    bool oc = dm_is_code_ptr__(d->old, o), nc = dm_is_code_ptr__(d->new, n);
    const char *why;

    dm_pair__(d, p)->pointers = true;
    if (oc != nc) {
        dm_give_up__(d, p, DM_CONV_HOOK,
                     dm_str__(d, "changed between a code and a data pointer: "
                              "%s", dm_spell_pair__(d, dm_pair__(d, p)->old_type,
                                                    dm_pair__(d, p)->new_type)));
    } else if (oc) {
        dm_pair__(d, p)->conv = DM_CONV_CODE_PTR;
    } else if (dm_stable__(d, dm_strip_old__(d, o->target),
                           dm_strip_new__(d, n->target), &why)) {
        dm_pair__(d, p)->conv = DM_CONV_DATA_PTR;
    } else {
        dm_give_up__(d, p, DM_CONV_HOOK,
                     dm_str__(d, "points to a type whose layout changed, %s; "
                              "objects outside static data (heap) would stay "
                              "in the old layout", why ? why : "?"));
    }
}

/* A union moves only whole, with an identical layout.  One that holds
 * pointers is copied too, but which member is live is unknown, so no
 * pointer in it can be relocated: the generated code checks at run time
 * that none points into old's static data or code.  Objects it points to
 * elsewhere (heap) must keep their layout. */
static void
dm_compare_union__(struct dm_diff *d, uint32_t p, dm_type_id o, dm_type_id n)
{
    const char *why;

    if (!dm_same_layout__(d, o, n, 0)) {
        dm_give_up__(d, p, DM_CONV_HOOK,
                     dm_str__(d, "%s: a union moves only whole, with an "
                              "identical layout", dm_spell_pair__(d, o, n)));
    } else if (!dm_stable__(d, o, n, &why)) {
        dm_give_up__(d, p, DM_CONV_HOOK,
                     dm_str__(d, "%s holds a pointer to a type whose layout "
                              "changed, %s; objects outside static data "
                              "(heap) would stay in the old layout",
                              dm_spell_pair__(d, o, n), why ? why : "?"));
    } else {
        dm_pair__(d, p)->conv = DM_CONV_UNION;
        dm_pair__(d, p)->checked = true;
    }
}

/* The key of a type hook for new type 't' ("struct flow"), or NULL. */
static const char *
dm_type_hook__(struct dm_diff *d, const struct dm_type *t)
{
    const struct dm_diff_opts *opts = &d->priv->opts;
    const char *kw = t->kind == DM_TYPE_STRUCT ? "struct"
                     : t->kind == DM_TYPE_UNION ? "union"
                     : t->kind == DM_TYPE_ENUM ? "enum" : NULL;

    if (!kw || !t->name) {
        return NULL;
    }
    const char *key = dm_str__(d, "%s %s", kw, t->name);
    return key && dm_in_list__(opts->hooked_types, opts->n_hooked_types, key)
           ? key : NULL;
}

/* The pair for converting old type 'o' to new type 'n' (both stripped). */
static uint32_t
dm_compare__(struct dm_diff *d, dm_type_id o, dm_type_id n, int depth)
{
    uint64_t key = dm_pair_key__(o, n);
    uint32_t p;

    if (dm_map_get__(&d->priv->pairs, key, &p)) {
        return p;
    }
    struct dm_pair *pair = dm_grow__(&d->pairs, &d->n_pairs,
                                     &d->priv->cap_pairs, sizeof *pair);
    p = d->n_pairs - 1;
    if (!pair || dm_map_put__(&d->priv->pairs, key, p)) {
        d->priv->err = -ENOMEM;
        return 0;
    }
    pair->old_type = o;
    pair->new_type = n;

    const struct dm_type *ot = dm_type(d->old, o), *nt = dm_type(d->new, n);
    bool pointers = dm_has_pointers__(d->old, o, 0);
    bool same = depth <= 64 && dm_same_layout__(d, o, n, 0);

    const char *hook_key = dm_type_hook__(d, nt);

    if (depth > 64) {
        dm_give_up__(d, p, DM_CONV_REJECT, dm_str__(d, "types nest too deep"));
    } else if (same && !pointers) {
        pair->conv = DM_CONV_IDENTICAL;
    } else if (hook_key) {
        pair->conv = DM_CONV_HOOKED;
        pair->hook = hook_key;
        pair->checked = true;           /* A hook may fail. */
        pair->pointers = pointers;
    } else if (ot->kind == DM_TYPE_UNION || nt->kind == DM_TYPE_UNION) {
        dm_compare_union__(d, p, o, n);
    } else if (ot->kind == DM_TYPE_ENUM && nt->kind == DM_TYPE_ENUM) {
        pair->conv = DM_CONV_ENUM;      /* By name; a value without one */
        pair->checked = true;           /* in new fails at run time. */
    } else if (dm_is_int__(ot) && dm_is_int__(nt)) {
        pair->conv = DM_CONV_INT;
        pair->checked = !dm_int_fits__(ot, 0, nt, 0);
    } else if (ot->kind == DM_TYPE_BASE && nt->kind == DM_TYPE_BASE
               && ot->encoding == DM_ENC_FLOAT && nt->encoding == DM_ENC_FLOAT
               && (ot->size < 16 || nt->size < 16
                   || dm_float_kind_equal__(ot, nt))) {
        pair->conv = DM_CONV_FLOAT;
        pair->checked = nt->size < ot->size;
    } else if (ot->kind == DM_TYPE_POINTER && nt->kind == DM_TYPE_POINTER) {
        dm_compare_pointer__(d, p, ot, nt);
    } else if (ot->kind == DM_TYPE_STRUCT && nt->kind == DM_TYPE_STRUCT
               && !ot->declaration && !nt->declaration) {
        dm_compare_struct__(d, p, ot, nt, depth);
    } else if (ot->kind == DM_TYPE_ARRAY && nt->kind == DM_TYPE_ARRAY) {
        dm_compare_array__(d, p, ot, nt, depth);
    } else {
        dm_give_up__(d, p, DM_CONV_HOOK,
                     dm_str__(d, "type changed: %s", dm_spell_pair__(d, o, n)));
    }
    pair = dm_pair__(d, p);
    pair->pointers |= pointers && pair->conv != DM_CONV_IDENTICAL;
    pair->same_layout = same;
    return p;
}

/* ---- Correlate and judge ---------------------------------------------- */

static bool
dm_in_list__(const char *const *list, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++) {
        if (!strcmp(list[i], id)) {
            return true;
        }
    }
    return false;
}

static const struct dm_nostate *
dm_find_nostate__(const struct dm_graph *g, const char *id)
{
    for (uint32_t i = 0; i < g->n_nostate; i++) {
        if (!strcmp(g->nostate[i].id, id)) {
            return &g->nostate[i];
        }
    }
    return NULL;
}

static struct dm_change *
dm_add_change__(struct dm_diff *d, const struct dm_var *o,
                const struct dm_var *n, enum dm_verdict verdict,
                const char *reason)
{
    struct dm_change *c = dm_grow__(&d->changes, &d->n_changes,
                                    &d->priv->cap_changes, sizeof *c);
    if (!c) {
        d->priv->err = -ENOMEM;
        return NULL;
    }
    c->old_var = o;
    c->new_var = n;
    c->verdict = verdict;
    c->reason = reason;
    c->pair = DM_NO_PAIR;               /* Until a type pair judges it. */
    return c;
}

static void
dm_judge__(struct dm_diff *d, const struct dm_var *o, const struct dm_var *n,
           const struct dm_diff_opts *opts)
{
    bool hooked = dm_in_list__(opts->hooked, opts->n_hooked, n->id)
                  || dm_in_list__(opts->hooked, opts->n_hooked, o->id);

    if (!o->writable || !n->writable) {
        dm_add_change__(d, o, n, DM_VERDICT_READONLY,
                        dm_str__(d, "read-only in %s: not state",
                                 !o->writable ? "old" : "new"));
        return;
    }
    if ((o->kind == DM_VAR_TLS) != (n->kind == DM_VAR_TLS)) {
        dm_add_change__(d, o, n, hooked ? DM_VERDICT_HOOK : DM_VERDICT_REJECT,
                        dm_str__(d, "%s: thread-local in %s only", n->id,
                                 o->kind == DM_VAR_TLS ? "old" : "new"));
        return;
    }
    if (o->n_pieces || n->n_pieces) {
        dm_add_change__(d, o, n, hooked ? DM_VERDICT_HOOK
                                        : DM_VERDICT_NEEDS_HOOK,
                        dm_str__(d, "%s: the compiler split it into pieces "
                                 "(DW_OP_piece); migrating pieces is not "
                                 "supported yet", n->id));
        return;
    }
    uint32_t p = dm_compare__(d, dm_strip_old__(d, o->type),
                              dm_strip_new__(d, n->type), 0);
    if (d->priv->err) {
        return;
    }
    const struct dm_pair *pair = dm_pair__(d, p);
    struct dm_change *c;

    if (pair->conv == DM_CONV_HOOK || pair->conv == DM_CONV_REJECT) {
        c = dm_add_change__(d, o, n, hooked ? DM_VERDICT_HOOK
                                    : pair->conv == DM_CONV_HOOK
                                    ? DM_VERDICT_NEEDS_HOOK : DM_VERDICT_REJECT,
                            dm_str__(d, "%s%s%s", n->id,
                                     pair->reason[0] == '.'
                                     || pair->reason[0] == '[' ? "" : ": ",
                                     pair->reason));
    } else if ((o->size != n->size && pair->conv == DM_CONV_IDENTICAL)
               || (pair->conv != DM_CONV_IDENTICAL
                   && (o->size != dm_type(d->old, o->type)->size
                       || n->size != dm_type(d->new, n->type)->size))) {
        /* Sized by its initializer: a flexible array member [C5]. */
        c = dm_add_change__(d, o, n, hooked ? DM_VERDICT_HOOK
                                            : DM_VERDICT_NEEDS_HOOK,
                            o->size != n->size
                            ? dm_str__(d, "%s: object size changed from %"
                                       PRIu64 " to %" PRIu64 " bytes with the "
                                       "same type (flexible array "
                                       "initializer)", n->id, o->size, n->size)
                            : dm_str__(d, "%s: its size (%" PRIu64 " bytes) "
                                       "comes from its definition, not its "
                                       "type (an array or flexible member "
                                       "without a bound), and it needs a "
                                       "conversion", n->id, n->size));
    } else if (hooked || pair->conv == DM_CONV_HOOKED) {
        c = dm_add_change__(d, o, n, DM_VERDICT_HOOK,
                            dm_str__(d, "%s: hand-written hook%s%s", n->id,
                                     hooked ? "" : " for ",
                                     hooked ? "" : pair->hook));
    } else if (pair->conv == DM_CONV_IDENTICAL) {
        c = dm_add_change__(d, o, n, DM_VERDICT_COPY,
                            dm_str__(d, "%s: identical layout", n->id));
    } else if (pair->conv == DM_CONV_UNION) {
        c = dm_add_change__(d, o, n, DM_VERDICT_CONVERT,
                            dm_str__(d, "%s: %s holds pointers: copied whole, "
                                     "checked at run time that none points "
                                     "into old's static data or code", n->id,
                                     dm_spell_pair__(d, pair->old_type,
                                                     pair->new_type)));
    } else {
        c = dm_add_change__(d, o, n, DM_VERDICT_CONVERT,
                            dm_str__(d, "%s: %s%s", n->id,
                                     dm_spell_pair__(d, pair->old_type,
                                                     pair->new_type),
                                     pair->checked ? ", checked at run time"
                                                   : ""));
    }
    if (c) {
        c->pair = p;
    }
}

static int
dm_cmp_change__(const void *a_, const void *b_)
{
    const struct dm_change *a = a_, *b = b_;
    const char *ia = a->new_var ? a->new_var->id : a->old_var->id;
    const char *ib = b->new_var ? b->new_var->id : b->old_var->id;
    int c = strcmp(ia, ib);

    return c ? c : (a->new_var != NULL) - (b->new_var != NULL);
}

static const char *
dm_renamed__(const struct dm_diff_opts *opts, const char *new_id)
{
    for (size_t i = 0; i < opts->n_renames; i++) {
        if (!strcmp(opts->renames[i].new_id, new_id)) {
            return opts->renames[i].old_id;
        }
    }
    return new_id;
}

static bool
dm_renamed_away__(const struct dm_diff_opts *opts, const char *old_id)
{
    for (size_t i = 0; i < opts->n_renames; i++) {
        if (!strcmp(opts->renames[i].old_id, old_id)) {
            return true;
        }
    }
    return false;
}

/* Why a variable whose value one build keeps derived from storage cannot
 * be migrated: that build reads it through a DWARF expression (clang -O2
 * shrinks a static only ever stored one value to a flag byte), which no
 * generated code can read or write as the variable's type. */
static const char *
dm_derived_reason__(struct dm_diff *d, const char *id, const char *builds,
                    const struct dm_nostate *ns)
{
    return dm_str__(d, "%s: %s keep%s its value derived from %llu byte%s of "
                    "storage (a DWARF expression reads it: the compiler "
                    "shrank it); it cannot be migrated: make it volatile, "
                    "or --ignore it", id, builds,
                    strcmp(builds, "both builds") ? "s" : "",
                    (unsigned long long) ns->size, ns->size == 1 ? "" : "s");
}

/* Old variables whose value is derived from storage: refused if the new
 * build has them too in that form (a variable of new with storage was
 * judged in dm_correlate__), else removed.  Their changes point to
 * stand-ins in d->priv->derived. */
static void
dm_correlate_derived__(struct dm_diff *d, const struct dm_diff_opts *opts)
{
    const struct dm_graph *og = d->old, *ng = d->new;

    d->priv->derived = calloc(og->n_nostate + 1, sizeof *d->priv->derived);
    if (!d->priv->derived) {
        d->priv->err = -ENOMEM;
        return;
    }
    for (uint32_t i = 0; i < og->n_nostate && !d->priv->err; i++) {
        const struct dm_nostate *ns = &og->nostate[i], *nns;

        if (ns->reason != DM_NOSTATE_DERIVED || dm_renamed_away__(opts, ns->id)
            || dm_graph_find_var(ng, ns->id)) {
            continue;
        }
        struct dm_var *o = &d->priv->derived[i];
        *o = (struct dm_var) {
            .id = ns->id, .name = ns->name, .address = ns->address,
            .size = ns->size, .writable = true, .die_offset = ns->die_offset,
        };
        nns = dm_find_nostate__(ng, ns->id);
        if (dm_in_list__(opts->ignores, opts->n_ignores, ns->id)) {
            dm_add_change__(d, o, NULL, DM_VERDICT_IGNORED,
                            dm_str__(d, "%s: ignored (--ignore)", ns->id));
        } else if (nns && nns->reason == DM_NOSTATE_DERIVED) {
            dm_add_change__(d, o, NULL, DM_VERDICT_REJECT,
                            dm_derived_reason__(d, ns->id, "both builds", ns));
        } else {
            dm_add_change__(d, o, NULL, DM_VERDICT_REMOVED,
                            dm_str__(d, "%s: %s in new; its state, derived "
                                     "from storage in old, is dropped", ns->id,
                                     nns ? "no storage" : "removed"));
        }
    }
}

/* The variable of old that new variable 'n' continues: by a rename, or by
 * the same identity unless that identity was renamed away. */
static const struct dm_var *
dm_old_of__(const struct dm_graph *og, const struct dm_diff_opts *opts,
            const struct dm_var *n)
{
    const char *old_id = dm_renamed__(opts, n->id);

    return old_id == n->id && dm_renamed_away__(opts, old_id)
           ? NULL : dm_graph_find_var(og, old_id);
}

static bool
dm_same_str__(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* A writable variable new to 'ng' (nothing of old continues into it, not
 * ignored) with the name, scope and function of removed static 'o' but in
 * another compile unit: 'o' moved there, or the two builds' source paths
 * differ (other checkouts, absolute paths).  Dropping 'o''s state on a
 * guess would lose it silently, so the caller refuses. */
static const struct dm_var *
dm_moved_to__(const struct dm_graph *og, const struct dm_graph *ng,
              const struct dm_diff_opts *opts, const struct dm_var *o)
{
    if (o->scope == DM_VAR_GLOBAL) {
        return NULL;                    /* Its identity has no file. */
    }
    for (uint32_t i = 0; i < ng->n_vars; i++) {
        const struct dm_var *n = &ng->vars[i];

        if (n->writable && n->scope == o->scope
            && dm_same_str__(n->name, o->name)
            && dm_same_str__(n->function, o->function)
            && !dm_same_str__(n->cu, o->cu)
            && !dm_in_list__(opts->ignores, opts->n_ignores, n->id)
            && !dm_old_of__(og, opts, n)) {
            return n;
        }
    }
    return NULL;
}

static void
dm_correlate__(struct dm_diff *d, const struct dm_diff_opts *opts)
{
    const struct dm_graph *og = d->old, *ng = d->new;

    for (uint32_t i = 0; i < ng->n_vars && !d->priv->err; i++) {
        const struct dm_var *n = &ng->vars[i];
        const char *old_id = dm_renamed__(opts, n->id);
        const struct dm_var *o = dm_old_of__(og, opts, n);
        const struct dm_nostate *ns;

        if (dm_in_list__(opts->ignores, opts->n_ignores, n->id)) {
            dm_add_change__(d, o, n, DM_VERDICT_IGNORED,
                            dm_str__(d, "%s: ignored (--ignore)", n->id));
        } else if (o) {
            dm_judge__(d, o, n, opts);
        } else if (!n->writable) {
            dm_add_change__(d, NULL, n, DM_VERDICT_READONLY,
                            dm_str__(d, "%s: read-only, new", n->id));
        } else if ((ns = dm_find_nostate__(og, old_id))
                   && ns->reason == DM_NOSTATE_DERIVED) {
            dm_add_change__(d, NULL, n, DM_VERDICT_REJECT,
                            dm_derived_reason__(d, n->id, "old", ns));
        } else if (ns) {
            dm_add_change__(d, NULL, n, DM_VERDICT_ADDED,
                            dm_str__(d, "%s: had no storage in old (%s); the "
                                     "new initializer applies", n->id,
                                     dm_nostate_reason_name(ns->reason)));
        } else {
            dm_add_change__(d, NULL, n, DM_VERDICT_ADDED,
                            dm_str__(d, "%s: new; keeps its initializer",
                                     n->id));
        }
    }
    for (uint32_t i = 0; i < og->n_vars && !d->priv->err; i++) {
        const struct dm_var *o = &og->vars[i], *n;

        /* Matched above: by a rename (dm_diff_compute() checked that both
         * of its identities exist), or by the same identity. */
        if (dm_renamed_away__(opts, o->id) || dm_graph_find_var(ng, o->id)) {
            continue;
        }
        const struct dm_nostate *ns = dm_find_nostate__(ng, o->id);
        if (dm_in_list__(opts->ignores, opts->n_ignores, o->id)) {
            dm_add_change__(d, o, NULL, DM_VERDICT_IGNORED,
                            dm_str__(d, "%s: ignored (--ignore)", o->id));
        } else if (!o->writable) {
            dm_add_change__(d, o, NULL, DM_VERDICT_READONLY,
                            dm_str__(d, "%s: read-only, removed", o->id));
        } else if (ns && ns->reason == DM_NOSTATE_DERIVED) {
            dm_add_change__(d, o, NULL, DM_VERDICT_REJECT,
                            dm_derived_reason__(d, o->id, "new", ns));
        } else if (!ns && (n = dm_moved_to__(og, ng, opts, o))) {
            dm_add_change__(d, o, NULL, DM_VERDICT_REJECT,
                            dm_str__(d, "%s: removed, and %s of the same name "
                                     "is new: if it moved, --rename %s=%s; if "
                                     "the builds' source paths differ, "
                                     "--old-strip-prefix/--new-strip-prefix; "
                                     "if they are unrelated, --ignore %s",
                                     o->id, n->id, o->id, n->id, o->id));
        } else {
            dm_add_change__(d, o, NULL, DM_VERDICT_REMOVED,
                            ns ? dm_str__(d, "%s: no storage in new (%s); its "
                                          "state is dropped", o->id,
                                          dm_nostate_reason_name(ns->reason))
                               : dm_str__(d, "%s: removed; its state is "
                                          "dropped", o->id));
        }
    }
}

/* ---- Public ----------------------------------------------------------- */

int
dm_diff_compute(const struct dm_graph *old, const struct dm_graph *new,
                const struct dm_diff_opts *opts_, struct dm_diff **diffp,
                char *errbuf, size_t errlen)
{
    struct dm_diff_opts opts = { .sz = sizeof opts };
    struct dm_diff *d = calloc(1, sizeof *d);

    if (opts_) {
        memcpy(&opts, opts_, opts_->sz < sizeof opts ? opts_->sz : sizeof opts);
    }
    *diffp = NULL;
    if (!d || !(d->priv = calloc(1, sizeof *d->priv))
        || !(d->priv->strings = dm_graph_alloc__("diff"))) {
        dm_diff_destroy(d);
        snprintf(errbuf, errlen, "out of memory");
        return -ENOMEM;
    }
    d->old = old;
    d->new = new;
    d->priv->opts = opts;
    for (size_t i = 0; i < opts.n_renames; i++) {
        if (!dm_graph_find_var(old, opts.renames[i].old_id)
            || !dm_graph_find_var(new, opts.renames[i].new_id)) {
            snprintf(errbuf, errlen, "--rename %s=%s: %s has no variable '%s'",
                     opts.renames[i].old_id, opts.renames[i].new_id,
                     dm_graph_find_var(old, opts.renames[i].old_id)
                     ? new->path : old->path,
                     dm_graph_find_var(old, opts.renames[i].old_id)
                     ? opts.renames[i].new_id : opts.renames[i].old_id);
            dm_diff_destroy(d);
            return -EINVAL;
        }
    }
    dm_correlate__(d, &opts);
    if (!d->priv->err) {
        dm_correlate_derived__(d, &opts);
    }
    if (d->priv->err) {
        snprintf(errbuf, errlen, "out of memory");
        dm_diff_destroy(d);
        return -ENOMEM;
    }
    dm_sort__(d->changes, d->n_changes, sizeof *d->changes, dm_cmp_change__);
    *diffp = d;
    return 0;
}

void
dm_diff_destroy(struct dm_diff *d)
{
    if (!d) {
        return;
    }
    if (d->priv) {
        dm_graph_destroy(d->priv->strings);
        dm_map_destroy__(&d->priv->pairs);
        dm_map_destroy__(&d->priv->stable);
        dm_map_destroy__(&d->priv->same);
        free(d->priv->derived);
        free(d->priv);
    }
    free(d->changes);
    free(d->pairs);
    free(d->mplans);
    free(d->dropped);
    free(d);
}

int
dm_diff_status(const struct dm_diff *d)
{
    int status = 0;

    for (uint32_t i = 0; i < d->n_changes; i++) {
        switch (d->changes[i].verdict) {
        case DM_VERDICT_CONVERT:
        case DM_VERDICT_HOOK:
        case DM_VERDICT_ADDED:
        case DM_VERDICT_REMOVED:
            status |= DM_EXIT_CHANGED;
            break;
        case DM_VERDICT_NEEDS_HOOK:
            status |= DM_EXIT_NEEDS_HOOK;
            break;
        case DM_VERDICT_REJECT:
            status |= DM_EXIT_UNSAFE;
            break;
        default:
            break;
        }
    }
    return status;
}

const char *
dm_verdict_name(enum dm_verdict v)
{
    static const char *const names[] = {
        [DM_VERDICT_COPY] = "copy", [DM_VERDICT_CONVERT] = "convert",
        [DM_VERDICT_HOOK] = "hook", [DM_VERDICT_NEEDS_HOOK] = "needs-hook",
        [DM_VERDICT_REJECT] = "refused", [DM_VERDICT_ADDED] = "added",
        [DM_VERDICT_REMOVED] = "removed", [DM_VERDICT_READONLY] = "read-only",
        [DM_VERDICT_IGNORED] = "ignored",
    };
    return v <= DM_VERDICT_IGNORED ? names[v] : "?";
}

const char *
dm_conv_name(enum dm_conv c)
{
    static const char *const names[] = {
        [DM_CONV_IDENTICAL] = "identical", [DM_CONV_INT] = "int",
        [DM_CONV_FLOAT] = "float", [DM_CONV_ENUM] = "enum",
        [DM_CONV_DATA_PTR] = "data-pointer", [DM_CONV_CODE_PTR] = "code-pointer",
        [DM_CONV_STRUCT] = "struct", [DM_CONV_ARRAY] = "array",
        [DM_CONV_UNION] = "union",
        [DM_CONV_HOOKED] = "hook", [DM_CONV_HOOK] = "needs-hook",
        [DM_CONV_REJECT] = "refused",
    };
    return c <= DM_CONV_REJECT ? names[c] : "?";
}
