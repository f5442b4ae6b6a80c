/* The checker's oracle: what a correct bundle makes of an old state.
 *
 * docs/migrations.md, re-implemented from the two DWARF models and nothing
 * else (no code of migrate/ and no dwarfmap/diff.h):
 *
 *   - typedefs and qualifiers are transparent; base types compare by
 *     encoding and size;
 *   - same layout and no pointer inside: a byte copy;
 *   - integer, bool, enum <-> integer: by value, ERANGE when the value does
 *     not fit the new type (bool: 0 and 1);
 *   - enum -> enum: by value when the layout is the same (same size and
 *     sign, every old enumerator at the same value), else by enumerator
 *     name (the first old name of a value), EENUM when a value has no name
 *     in old or the name no value in new;
 *   - float <-> float: by value, ERANGE when narrowing is not exact;
 *   - struct -> struct: member by member by name, members of anonymous
 *     structs flattened as C11 names them, anonymous unions known by their
 *     first member's name and moved whole; new-only members keep the new
 *     image;
 *   - array -> array (same number of dimensions): over the common part of
 *     each dimension; cut-off elements must be all zero, else ETRUNC;
 *   - bitfields by value, with the sign of their type;
 *   - data pointers: into old static or thread-local data -> the same
 *     sub-object (found by the pointee's type) of the same variable in new,
 *     ERELOC when it has no place there; NULL, heap, other objects ->
 *     unchanged; into old read-only data -> the bundle's rodata map, or
 *     unchanged (the old image stays mapped);
 *   - code pointers: the function of the same identity in new, ERELOC when
 *     it is gone; outside old's code: unchanged;
 *   - anything else is not checkable (the generator asks for a hook). */
#include "checker-private.h"

#include <elf.h>
#include <float.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Types -------------------------------------------------------------- */

const struct dm_type *
vf_ck_strip__(const struct dm_graph *g, dm_type_id id)
{
    return dm_type(g, dm_type_strip(g, id));
}

/* Dimensions of an array type, nested array types (through typedefs)
 * included, outermost first; sets *elem to the innermost element type.
 * Returns the number of dimensions, 0 if there are too many. */
unsigned
vf_ck_norm_dims__(const struct dm_graph *g, dm_type_id array, uint64_t *dims,
                  dm_type_id *elem)
{
    unsigned n = 0;
    dm_type_id id = dm_type_strip(g, array);

    for (;;) {
        const struct dm_type *t = dm_type(g, id);

        if (t->kind != DM_TYPE_ARRAY || (n && t->vector)) {
            break;
        }
        for (uint32_t i = 0; i < t->count; i++) {
            if (n == VF_MAX_DIMS) {
                return 0;
            }
            dims[n++] = g->dims[t->first + i];
        }
        id = dm_type_strip(g, t->target);
        if (t->vector) {
            break;
        }
    }
    *elem = id;
    return n;
}

static bool
vf_ck_is_float_ok__(const struct dm_type *t)
{
    if (t->encoding != DM_ENC_FLOAT) {
        return false;
    }
    if (t->size == sizeof(float) || t->size == sizeof(double)) {
        return true;
    }
    return (t->size == sizeof(long double) && t->name
            && strstr(t->name, "long double"));
}

static enum vf_sc__
vf_ck_class__(const struct dm_type *t, bool *sgn)
{
    *sgn = false;
    switch (t->kind) {
    case DM_TYPE_BASE:
        switch (t->encoding) {
        case DM_ENC_SIGNED:
        case DM_ENC_SIGNED_CHAR:
            *sgn = true;
            return t->size && t->size <= 8 ? VF_SC_INT : VF_SC_OTHER;
        case DM_ENC_UNSIGNED:
        case DM_ENC_UNSIGNED_CHAR:
            return t->size && t->size <= 8 ? VF_SC_INT : VF_SC_OTHER;
        case DM_ENC_BOOL:
            return t->size && t->size <= 8 ? VF_SC_BOOL : VF_SC_OTHER;
        case DM_ENC_FLOAT:
            return vf_ck_is_float_ok__(t) ? VF_SC_FLOAT : VF_SC_OTHER;
        default:
            return VF_SC_OTHER;
        }
    case DM_TYPE_ENUM:
        *sgn = (t->encoding == DM_ENC_SIGNED
                || t->encoding == DM_ENC_SIGNED_CHAR);
        return t->size && t->size <= 8 ? VF_SC_ENUM : VF_SC_OTHER;
    case DM_TYPE_POINTER:
        return t->size == sizeof(void *) ? VF_SC_PTR : VF_SC_OTHER;
    default:
        return VF_SC_OTHER;
    }
}

/* An enumerator's value as the enum's storage holds it. */
static vf_int__
vf_ck_enumval__(const struct dm_type *t, int64_t value, bool sgn)
{
    unsigned w = (unsigned) t->size * 8;
    uint64_t bits = (uint64_t) value;

    if (w < 64) {
        bits &= (UINT64_C(1) << w) - 1;
        if (sgn && (bits >> (w - 1)) & 1) {
            bits |= ~UINT64_C(0) << w;
        }
    }
    return sgn ? (vf_int__) (int64_t) bits : (vf_int__) bits;
}

static bool
vf_ck_same_enum__(const struct dm_graph *og, const struct dm_type *a,
                  const struct dm_graph *ng, const struct dm_type *b)
{
    if (a->size != b->size || a->encoding != b->encoding) {
        return false;
    }
    for (uint32_t i = 0; i < a->count; i++) {
        const struct dm_enumerator *oe = &og->enumerators[a->first + i];
        bool found = false;

        for (uint32_t j = 0; j < b->count && !found; j++) {
            const struct dm_enumerator *ne = &ng->enumerators[b->first + j];

            found = !strcmp(oe->name, ne->name) && oe->value == ne->value;
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static bool
vf_ck_same_name__(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* "Same layout" of docs/migrations.md: never looks behind a pointer. */
static bool
vf_ck_same__(const struct dm_graph *og, dm_type_id ot,
             const struct dm_graph *ng, dm_type_id nt, int depth)
{
    const struct dm_type *a = vf_ck_strip__(og, ot);
    const struct dm_type *b = vf_ck_strip__(ng, nt);

    if (depth > 64 || a->kind != b->kind) {
        return false;
    }
    switch (a->kind) {
    case DM_TYPE_BASE:
        return (a->encoding == b->encoding && a->size == b->size
                && ((a->encoding != DM_ENC_FLOAT
                     && a->encoding != DM_ENC_COMPLEX_FLOAT)
                    || a->size < 16 || vf_ck_same_name__(a->name, b->name)));
    case DM_TYPE_POINTER:
        return a->size == b->size;
    case DM_TYPE_ENUM:
        return vf_ck_same_enum__(og, a, ng, b);
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        if (a->size != b->size || a->count != b->count || a->declaration
            || b->declaration) {
            return false;
        }
        for (uint32_t i = 0; i < a->count; i++) {
            const struct dm_member *m = &og->members[a->first + i];
            const struct dm_member *n = &ng->members[b->first + i];

            if (!vf_ck_same_name__(m->name, n->name)
                || m->bit_offset != n->bit_offset
                || m->bit_size != n->bit_size
                || !vf_ck_same__(og, m->type, ng, n->type, depth + 1)) {
                return false;
            }
        }
        return true;
    case DM_TYPE_ARRAY: {
        uint64_t od[VF_MAX_DIMS], nd[VF_MAX_DIMS];
        dm_type_id oe, ne;
        unsigned on = vf_ck_norm_dims__(og, ot, od, &oe);
        unsigned nn = vf_ck_norm_dims__(ng, nt, nd, &ne);

        if (!on || on != nn || a->vector != b->vector
            || memcmp(od, nd, on * sizeof *od)) {
            return false;
        }
        return vf_ck_same__(og, oe, ng, ne, depth + 1);
    }
    default:
        return false;
    }
}

static bool
vf_ck_has_ptrs__(const struct dm_graph *g, dm_type_id id, int depth)
{
    const struct dm_type *t = vf_ck_strip__(g, id);

    if (depth > 64) {
        return true;
    }
    switch (t->kind) {
    case DM_TYPE_POINTER:
        return true;
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        for (uint32_t i = 0; i < t->count; i++) {
            if (vf_ck_has_ptrs__(g, g->members[t->first + i].type,
                                 depth + 1)) {
                return true;
            }
        }
        return false;
    case DM_TYPE_ARRAY:
        return vf_ck_has_ptrs__(g, t->target, depth + 1);
    default:
        return false;
    }
}

bool
vf_ck_same_bytes__(struct vf_run__ *r, dm_type_id ot, dm_type_id nt)
{
    return (vf_ck_same__(r->og, ot, r->ng, nt, 0)
            && !vf_ck_has_ptrs__(r->og, ot, 0));
}

static bool
vf_ck_charlike__(const struct dm_type *t)
{
    return (t->kind == DM_TYPE_BASE && t->size == 1
            && (t->encoding == DM_ENC_SIGNED_CHAR
                || t->encoding == DM_ENC_UNSIGNED_CHAR
                || t->encoding == DM_ENC_SIGNED
                || t->encoding == DM_ENC_UNSIGNED));
}

/* May an object of type 'a' be what a pointer to 'b' points to (both in
 * one graph)?  Tags by name, base types by encoding and size, any two
 * character types. */
bool
vf_ck_compat__(const struct dm_graph *g, dm_type_id ai, dm_type_id bi,
               int depth)
{
    const struct dm_type *a = vf_ck_strip__(g, ai);
    const struct dm_type *b = vf_ck_strip__(g, bi);

    if (depth > 16) {
        return false;
    }
    if (vf_ck_charlike__(a) && vf_ck_charlike__(b)) {
        return true;
    }
    if (a->kind != b->kind) {
        return false;
    }
    switch (a->kind) {
    case DM_TYPE_VOID:
    case DM_TYPE_FUNCTION:
        return true;
    case DM_TYPE_BASE:
        return a->encoding == b->encoding && a->size == b->size;
    case DM_TYPE_POINTER:
        return vf_ck_compat__(g, a->target, b->target, depth + 1);
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
    case DM_TYPE_ENUM:
        if (a == b) {
            return true;
        }
        return (a->name && b->name && !strcmp(a->name, b->name)
                && a->size == b->size && a->size);
    case DM_TYPE_ARRAY: {
        uint64_t ad[VF_MAX_DIMS], bd[VF_MAX_DIMS];
        dm_type_id ae, be;
        unsigned an = vf_ck_norm_dims__(g, ai, ad, &ae);
        unsigned bn = vf_ck_norm_dims__(g, bi, bd, &be);

        return (an && an == bn && !memcmp(ad, bd, an * sizeof *ad)
                && vf_ck_compat__(g, ae, be, depth + 1));
    }
    default:
        return false;
    }
}

/* ---- C11 member names --------------------------------------------------- */

static const char *
vf_ck_first_name__(const struct dm_graph *g, const struct dm_type *t,
                   int depth)
{
    for (uint32_t i = 0; i < t->count && depth < 16; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        const struct dm_type *mt;

        if (m->name) {
            return m->name;
        }
        mt = vf_ck_strip__(g, m->type);
        if ((mt->kind == DM_TYPE_STRUCT || mt->kind == DM_TYPE_UNION)
            && !m->bit_size) {
            const char *n = vf_ck_first_name__(g, mt, depth + 1);

            if (n) {
                return n;
            }
        }
    }
    return NULL;
}

static int
vf_ck_flat_add__(struct vf_flats__ *f, size_t *cap, const char *name,
                 dm_type_id type, uint64_t bit_off, uint32_t bit_size,
                 bool anon_union)
{
    if (f->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        struct vf_flat__ *m = realloc(f->m, nc * sizeof *m);

        if (!m) {
            return -1;
        }
        f->m = m;
        *cap = nc;
    }
    f->m[f->n++] = (struct vf_flat__) {
        .name = name, .type = type, .bit_off = bit_off,
        .bit_size = bit_size, .anon_union = anon_union,
    };
    return 0;
}

static int
vf_ck_flatten__(const struct dm_graph *g, const struct dm_type *t,
                uint64_t base, struct vf_flats__ *f, size_t *cap, int depth)
{
    if (depth > 16) {
        return -1;
    }
    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        const struct dm_type *mt = vf_ck_strip__(g, m->type);
        int err = 0;

        if (m->name) {
            err = vf_ck_flat_add__(f, cap, m->name, m->type,
                                   base + m->bit_offset, m->bit_size, false);
        } else if (mt->kind == DM_TYPE_STRUCT && !m->bit_size) {
            err = vf_ck_flatten__(g, mt, base + m->bit_offset, f, cap,
                                  depth + 1);
        } else if (mt->kind == DM_TYPE_UNION && !m->bit_size) {
            const char *name = vf_ck_first_name__(g, mt, 0);

            if (name) {
                err = vf_ck_flat_add__(f, cap, name, m->type,
                                       base + m->bit_offset, 0, true);
            }
        }
        /* Else an unnamed bitfield: padding. */
        if (err) {
            return err;
        }
    }
    return 0;
}

const struct vf_flats__ *
vf_ck_flats__(struct vf_run__ *r, bool old, dm_type_id id)
{
    const struct dm_graph *g = old ? r->og : r->ng;
    struct vf_flats__ ***cache = old ? &r->oflats : &r->nflats;
    struct vf_flats__ *f;
    size_t cap = 0;

    id = dm_type_strip(g, id);
    if (!*cache) {
        *cache = calloc(g->n_types ? g->n_types : 1, sizeof **cache);
        if (!*cache) {
            return NULL;
        }
    }
    if ((*cache)[id]) {
        return (*cache)[id];
    }
    f = calloc(1, sizeof *f);
    if (!f || vf_ck_flatten__(g, dm_type(g, id), 0, f, &cap, 0)) {
        if (f) {
            free(f->m);
        }
        free(f);
        return NULL;
    }
    (*cache)[id] = f;
    return f;
}

static const struct vf_flat__ *
vf_ck_flat_find__(const struct vf_flats__ *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++) {
        if (!strcmp(f->m[i].name, name)) {
            return &f->m[i];
        }
    }
    return NULL;
}

/* ---- Plans -------------------------------------------------------------- */

static void
vf_ck_none__(struct vf_conv__ *cv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
vf_ck_none__(struct vf_conv__ *cv, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    cv->kind = VF_CV_NONE;
    free(cv->why);
    cv->why = NULL;
    if (vasprintf(&cv->why, fmt, args) < 0) {
        cv->why = NULL;
    }
    va_end(args);
}

static const char *
vf_ck_why__(const struct vf_conv__ *cv)
{
    return cv->why ? cv->why : "not checkable";
}

static void
vf_ck_spell__(const struct dm_graph *g, dm_type_id id, char *buf,
              size_t len)
{
    dm_type_spell(g, id, buf, len);
}

static void vf_ck_build__(struct vf_run__ *, struct vf_conv__ *, bool leaf);

/* Does a HOTUP_HOOK_TYPE of the hooks file convert values of new type
 * 'nt' coming from old 'ot'?  It does when the layout changed. */
bool
vf_ck_type_hooked__(struct vf_run__ *r, dm_type_id ot, dm_type_id nt)
{
    const struct dm_type *b = vf_ck_strip__(r->ng, nt);
    const char *kw;

    if (!r->n_hook_types || !b->name) {
        return false;
    }
    kw = (b->kind == DM_TYPE_STRUCT ? "struct "
          : b->kind == DM_TYPE_UNION ? "union "
          : b->kind == DM_TYPE_ENUM ? "enum " : NULL);
    if (!kw) {
        return false;
    }
    for (size_t i = 0; i < r->n_hook_types; i++) {
        const char *h = r->hook_types[i];

        if (!strncmp(h, kw, strlen(kw)) && !strcmp(h + strlen(kw), b->name)) {
            return !vf_ck_same__(r->og, ot, r->ng, nt, 0);
        }
    }
    return false;
}

static struct vf_plan_slot__ *
vf_ck_plan_slot__(struct vf_run__ *r, dm_type_id ot, dm_type_id nt,
                  bool leaf)
{
    size_t h = ((size_t) ot * 40503u + (size_t) nt * 2654435761u
                + (leaf ? 7 : 0));

    for (size_t i = 0; i < r->cap_plans; i++) {
        struct vf_plan_slot__ *s = &r->plans[(h + i) % r->cap_plans];

        if (!s->cv || (s->ot == ot && s->nt == nt && s->leaf == leaf)) {
            return s;
        }
    }
    return NULL;
}

static int
vf_ck_plan_grow__(struct vf_run__ *r)
{
    struct vf_plan_slot__ *old = r->plans;
    size_t old_cap = r->cap_plans;

    r->cap_plans = old_cap ? 2 * old_cap : 64;
    r->plans = calloc(r->cap_plans, sizeof *r->plans);
    if (!r->plans) {
        r->plans = old;
        r->cap_plans = old_cap;
        return -1;
    }
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].cv) {
            *vf_ck_plan_slot__(r, old[i].ot, old[i].nt, old[i].leaf) = old[i];
        }
    }
    free(old);
    return 0;
}

struct vf_conv__ *
vf_ck_plan__(struct vf_run__ *r, dm_type_id ot, dm_type_id nt, bool leaf)
{
    struct vf_plan_slot__ *s;
    struct vf_conv__ *cv;

    ot = dm_type_strip(r->og, ot);
    nt = dm_type_strip(r->ng, nt);
    if (2 * (r->n_plans + 1) > r->cap_plans && vf_ck_plan_grow__(r)) {
        return NULL;
    }
    s = vf_ck_plan_slot__(r, ot, nt, leaf);
    if (s && s->cv) {
        return s->cv;
    }
    cv = calloc(1, sizeof *cv);
    if (!cv) {
        return NULL;
    }
    cv->ot = ot;
    cv->nt = nt;
    cv->osize = dm_type(r->og, ot)->size;
    cv->nsize = dm_type(r->ng, nt)->size;
    /* Insert first: the slot pointer may move while children are built. */
    s->ot = ot;
    s->nt = nt;
    s->leaf = leaf;
    s->cv = cv;
    r->n_plans++;
    vf_ck_build__(r, cv, leaf);
    return cv;
}

void
vf_ck_plans_destroy__(struct vf_run__ *r)
{
    for (size_t i = 0; i < r->cap_plans; i++) {
        struct vf_conv__ *cv = r->plans[i].cv;

        if (cv) {
            free(cv->why);
            free(cv->mem);
            free(cv);
        }
    }
    free(r->plans);
    r->plans = NULL;
    r->cap_plans = r->n_plans = 0;
}

static void
vf_ck_build_struct__(struct vf_run__ *r, struct vf_conv__ *cv)
{
    const struct vf_flats__ *ofl = vf_ck_flats__(r, true, cv->ot);
    const struct vf_flats__ *nfl = vf_ck_flats__(r, false, cv->nt);

    if (!ofl || !nfl) {
        vf_ck_none__(cv, "cannot list the members");
        return;
    }
    cv->kind = VF_CV_STRUCT;
    cv->ofl = ofl;
    cv->nfl = nfl;
    cv->n_mem = ofl->n;
    cv->mem = calloc(ofl->n ? ofl->n : 1, sizeof *cv->mem);
    if (!cv->mem) {
        vf_ck_none__(cv, "out of memory");
        return;
    }
    for (size_t i = 0; i < ofl->n; i++) {
        const struct vf_flat__ *o = &ofl->m[i];
        const struct vf_flat__ *n = vf_ck_flat_find__(nfl, o->name);
        struct vf_mconv__ *m = &cv->mem[i];
        bool leaf;

        m->o = o;
        if (!n) {
            continue;                   /* Dropped. */
        }
        m->n = n;
        leaf = o->bit_size || n->bit_size;
        if (o->anon_union != n->anon_union) {
            vf_ck_none__(cv, "member '%s' is an anonymous union in one "
                         "build only", o->name);
            return;
        }
        if ((o->bit_off % 8 && !o->bit_size)
            || (n->bit_off % 8 && !n->bit_size)) {
            vf_ck_none__(cv, "member '%s' is not byte-aligned", o->name);
            return;
        }
        m->cv = vf_ck_plan__(r, o->type, n->type, leaf);
        if (!m->cv) {
            vf_ck_none__(cv, "out of memory");
            return;
        }
        if (m->cv->kind == VF_CV_NONE) {
            vf_ck_none__(cv, "member '%s': %s", o->name,
                         vf_ck_why__(m->cv));
            return;
        }
        if (leaf && m->cv->kind != VF_CV_INT && m->cv->kind != VF_CV_ENUM
            && m->cv->kind != VF_CV_HOOK) {
            vf_ck_none__(cv, "bitfield '%s' is not an integer", o->name);
            return;
        }
    }
}

static void
vf_ck_build_array__(struct vf_run__ *r, struct vf_conv__ *cv)
{
    unsigned on = vf_ck_norm_dims__(r->og, cv->ot, cv->odims, &cv->oelem_t);
    unsigned nn = vf_ck_norm_dims__(r->ng, cv->nt, cv->ndims, &cv->nelem_t);

    if (!on || on != nn) {
        vf_ck_none__(cv, "array of %u dimension(s) becomes %u", on, nn);
        return;
    }
    if (dm_type(r->og, cv->ot)->vector || dm_type(r->ng, cv->nt)->vector) {
        vf_ck_none__(cv, "vector type changed");
        return;
    }
    for (unsigned i = 0; i < on; i++) {
        if (cv->odims[i] == DM_DIM_UNBOUNDED
            || cv->ndims[i] == DM_DIM_UNBOUNDED) {
            vf_ck_none__(cv, "array without a bound");
            return;
        }
    }
    cv->n_dims = on;
    cv->oelem = dm_type(r->og, cv->oelem_t)->size;
    cv->nelem = dm_type(r->ng, cv->nelem_t)->size;
    if (!cv->oelem || !cv->nelem) {
        vf_ck_none__(cv, "array of incomplete elements");
        return;
    }
    cv->elem = vf_ck_plan__(r, cv->oelem_t, cv->nelem_t, false);
    if (!cv->elem) {
        vf_ck_none__(cv, "out of memory");
        return;
    }
    if (cv->elem->kind == VF_CV_NONE) {
        vf_ck_none__(cv, "element: %s", vf_ck_why__(cv->elem));
        return;
    }
    cv->kind = VF_CV_ARRAY;
}

static void
vf_ck_build__(struct vf_run__ *r, struct vf_conv__ *cv, bool leaf)
{
    const struct dm_type *a = dm_type(r->og, cv->ot);
    const struct dm_type *b = dm_type(r->ng, cv->nt);
    char os[128], ns[128];

    if (vf_ck_type_hooked__(r, cv->ot, cv->nt)) {
        cv->kind = VF_CV_HOOK;
        return;
    }
    if (!leaf && a->size && vf_ck_same__(r->og, cv->ot, r->ng, cv->nt, 0)
        && !vf_ck_has_ptrs__(r->og, cv->ot, 0)) {
        cv->kind = VF_CV_BYTES;
        return;
    }
    cv->ocls = vf_ck_class__(a, &cv->osigned);
    cv->ncls = vf_ck_class__(b, &cv->nsigned);
    if (cv->ocls == VF_SC_PTR && cv->ncls == VF_SC_PTR) {
        bool ocode = vf_ck_strip__(r->og, a->target)->kind
                     == DM_TYPE_FUNCTION;
        bool ncode = vf_ck_strip__(r->ng, b->target)->kind
                     == DM_TYPE_FUNCTION;

        if (ocode != ncode) {
            vf_ck_none__(cv, "pointer changed between code and data");
            return;
        }
        cv->kind = ocode ? VF_CV_CPTR : VF_CV_DPTR;
        cv->opointee = dm_type_strip(r->og, a->target);
        return;
    }
    if ((cv->ocls == VF_SC_INT || cv->ocls == VF_SC_BOOL
         || cv->ocls == VF_SC_ENUM)
        && (cv->ncls == VF_SC_INT || cv->ncls == VF_SC_BOOL
            || cv->ncls == VF_SC_ENUM)) {
        if (cv->ocls == VF_SC_ENUM && cv->ncls == VF_SC_ENUM) {
            cv->kind = vf_ck_same_enum__(r->og, a, r->ng, b) ? VF_CV_INT
                                                             : VF_CV_ENUM;
        } else if ((cv->ocls == VF_SC_BOOL && cv->ncls == VF_SC_ENUM)
                   || (cv->ocls == VF_SC_ENUM && cv->ncls == VF_SC_BOOL)) {
            vf_ck_none__(cv, "bool <-> enum");
        } else {
            cv->kind = VF_CV_INT;
        }
        return;
    }
    if (cv->ocls == VF_SC_FLOAT && cv->ncls == VF_SC_FLOAT) {
        cv->kind = VF_CV_FLOAT;
        return;
    }
    if (a->kind == DM_TYPE_STRUCT && b->kind == DM_TYPE_STRUCT
        && !a->declaration && !b->declaration && a->size && b->size) {
        vf_ck_build_struct__(r, cv);
        return;
    }
    if (a->kind == DM_TYPE_ARRAY && b->kind == DM_TYPE_ARRAY) {
        vf_ck_build_array__(r, cv);
        return;
    }
    vf_ck_spell__(r->og, cv->ot, os, sizeof os);
    vf_ck_spell__(r->ng, cv->nt, ns, sizeof ns);
    if (a->kind == DM_TYPE_UNION && b->kind == DM_TYPE_UNION && a->size
        && vf_ck_same__(r->og, cv->ot, r->ng, cv->nt, 0)) {
        cv->kind = VF_CV_UNION;
    } else if (a->kind == DM_TYPE_UNION && b->kind == DM_TYPE_UNION) {
        vf_ck_none__(cv, "union %s changed", os);
    } else {
        vf_ck_none__(cv, "%s -> %s has no conversion", os, ns);
    }
}

/* ---- Bits --------------------------------------------------------------- */

uint64_t
vf_ck_getbits__(const uint8_t *p, uint64_t bit_off, unsigned width)
{
    uint64_t v = 0;

    if (!(bit_off % 8) && !(width % 8)) {
        for (unsigned i = 0; i < width / 8; i++) {
            v |= (uint64_t) p[bit_off / 8 + i] << (8 * i);
        }
        return v;
    }
    for (unsigned i = 0; i < width;) {
        uint64_t b = bit_off + i;
        unsigned sh = (unsigned) (b % 8);
        unsigned take = 8 - sh < width - i ? 8 - sh : width - i;
        uint64_t bits = (p[b / 8] >> sh) & ((1u << take) - 1);

        v |= bits << i;
        i += take;
    }
    return v;
}

void
vf_ck_setbits__(uint8_t *p, uint64_t bit_off, unsigned width, uint64_t v)
{
    if (!(bit_off % 8) && !(width % 8)) {
        for (unsigned i = 0; i < width / 8; i++) {
            p[bit_off / 8 + i] = (uint8_t) (v >> (8 * i));
        }
        return;
    }
    for (unsigned i = 0; i < width;) {
        uint64_t b = bit_off + i;
        unsigned sh = (unsigned) (b % 8);
        unsigned take = 8 - sh < width - i ? 8 - sh : width - i;
        unsigned mask = ((1u << take) - 1) << sh;

        p[b / 8] = (uint8_t) ((p[b / 8] & ~mask)
                              | ((unsigned) (v >> i) << sh & mask));
        i += take;
    }
}

static vf_int__
vf_ck_getint__(const uint8_t *p, uint64_t bit, unsigned w, bool sgn)
{
    uint64_t raw = vf_ck_getbits__(p, bit, w);

    if (sgn && w < 64 && (raw >> (w - 1)) & 1) {
        raw |= ~UINT64_C(0) << w;
    }
    return sgn ? (vf_int__) (int64_t) raw : (vf_int__) raw;
}

static bool
vf_ck_fits__(vf_int__ v, enum vf_sc__ cls, bool sgn, unsigned w)
{
    if (cls == VF_SC_BOOL) {
        return v == 0 || v == 1;
    }
    if (sgn) {
        vf_int__ lim = (vf_int__) 1 << (w - 1);

        return v >= -lim && v < lim;
    }
    return v >= 0 && v < ((vf_int__) 1 << w);
}

static void
vf_ck_fmt_int__(vf_int__ v, char *buf, size_t len)
{
    if (v < 0) {
        snprintf(buf, len, "%" PRId64, (int64_t) v);
    } else {
        snprintf(buf, len, "%" PRIu64, (uint64_t) v);
    }
}

/* ---- Applying a plan: the expected image -------------------------------- */

static void
vf_ck_err__(struct vf_apply__ *ap, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
vf_ck_err__(struct vf_apply__ *ap, int code, const char *fmt, ...)
{
    bool first = !ap->errs;
    va_list args;

    ap->errs |= 1u << code;
    if (first && ap->why) {
        int n = snprintf(ap->why, ap->why_len, "%s: ",
                         ap->plen ? ap->path : "(the variable)");

        if (n >= 0 && (size_t) n < ap->why_len) {
            va_start(args, fmt);
            vsnprintf(ap->why + n, ap->why_len - (size_t) n, fmt, args);
            va_end(args);
        }
    }
}

static size_t
vf_ck_push__(struct vf_apply__ *ap, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static size_t
vf_ck_push__(struct vf_apply__ *ap, const char *fmt, ...)
{
    size_t saved = ap->plen;
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(ap->path + ap->plen, sizeof ap->path - ap->plen, fmt,
                  args);
    va_end(args);
    if (n > 0) {
        ap->plen += (size_t) n;
        if (ap->plen >= sizeof ap->path) {
            ap->plen = sizeof ap->path - 1;
        }
    }
    return saved;
}

static void
vf_ck_pop__(struct vf_apply__ *ap, size_t saved)
{
    ap->plen = saved;
    ap->path[saved] = '\0';
}

#define VF_FLT_CASE(OT, NT)                                               \
    do {                                                                  \
        OT x_;                                                            \
        NT y_;                                                            \
        memcpy(&x_, s, sizeof x_);                                        \
        y_ = (NT) x_;                                                     \
        if (x_ == x_ && (long double) y_ != (long double) x_) {           \
            return false;                                                 \
        }                                                                 \
        memcpy(d, &y_, nbytes);                                           \
        return true;                                                      \
    } while (0)

/* Bytes of a float type that hold its value (x87 long double: 10). */
static size_t
vf_ck_float_bytes__(uint64_t size)
{
#if LDBL_MANT_DIG == 64
    if (size == sizeof(long double)) {
        return 10;
    }
#endif
    return (size_t) size;
}

/* Converts a float of 'osize' bytes at s into one of 'nsize' at d; false
 * when the value is not exact in the new type (NaN is). */
static bool
vf_ck_float_conv__(const uint8_t *s, uint64_t osize, uint8_t *d,
                   uint64_t nsize)
{
    size_t nbytes = vf_ck_float_bytes__(nsize);

    if (osize == sizeof(float)) {
        if (nsize == sizeof(float)) {
            VF_FLT_CASE(float, float);
        } else if (nsize == sizeof(double)) {
            VF_FLT_CASE(float, double);
        } else {
            VF_FLT_CASE(float, long double);
        }
    } else if (osize == sizeof(double)) {
        if (nsize == sizeof(float)) {
            VF_FLT_CASE(double, float);
        } else if (nsize == sizeof(double)) {
            VF_FLT_CASE(double, double);
        } else {
            VF_FLT_CASE(double, long double);
        }
    } else {
        if (nsize == sizeof(float)) {
            VF_FLT_CASE(long double, float);
        } else if (nsize == sizeof(double)) {
            VF_FLT_CASE(long double, double);
        } else {
            VF_FLT_CASE(long double, long double);
        }
    }
}

static bool
vf_ck_zero__(const uint8_t *p, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

static void
vf_ck_apply_enum__(struct vf_apply__ *ap, const struct vf_conv__ *cv,
                   const uint8_t *src, uint64_t obit, uint32_t ow,
                   uint8_t *dst, uint64_t nbit, uint32_t nw)
{
    const struct dm_graph *og = ap->run->og, *ng = ap->run->ng;
    const struct dm_type *a = dm_type(og, cv->ot);
    const struct dm_type *b = dm_type(ng, cv->nt);
    vf_int__ v = vf_ck_getint__(src, obit, ow, cv->osigned);
    const char *name = NULL;
    char vs[48];

    for (uint32_t i = 0; i < a->count && !name; i++) {
        const struct dm_enumerator *e = &og->enumerators[a->first + i];

        if (vf_ck_enumval__(a, e->value, cv->osigned) == v) {
            name = e->name;
        }
    }
    vf_ck_fmt_int__(v, vs, sizeof vs);
    if (!name) {
        vf_ck_err__(ap, HOTUP_MIG_EENUM, "value %s has no name in old", vs);
        return;
    }
    for (uint32_t i = 0; i < b->count; i++) {
        const struct dm_enumerator *e = &ng->enumerators[b->first + i];

        if (!strcmp(e->name, name)) {
            vf_int__ nv = vf_ck_enumval__(b, e->value, cv->nsigned);

            if (!vf_ck_fits__(nv, VF_SC_ENUM, cv->nsigned, nw)) {
                vf_ck_err__(ap, HOTUP_MIG_ERANGE, "%s does not fit %u bits",
                            name, nw);
                return;
            }
            vf_ck_setbits__(dst, nbit, nw, (uint64_t) nv);
            return;
        }
    }
    vf_ck_err__(ap, HOTUP_MIG_EENUM, "%s (%s) has no value in new", name, vs);
}

static void
vf_ck_apply_array__(struct vf_apply__ *ap, const struct vf_conv__ *cv,
                    const uint8_t *src, uint8_t *dst)
{
    uint64_t idx[VF_MAX_DIMS] = { 0 };
    uint64_t total = 1;
    unsigned nd = cv->n_dims;
    uint32_t ow = (uint32_t) (cv->oelem * 8), nw = (uint32_t) (cv->nelem * 8);

    for (unsigned k = 0; k < nd; k++) {
        total *= cv->odims[k];
    }
    for (uint64_t lin = 0; lin < total; lin++) {
        bool common = true;
        uint64_t nlin = 0;

        for (unsigned k = 0; k < nd; k++) {
            common = common && idx[k] < cv->ndims[k];
            nlin = nlin * cv->ndims[k] + idx[k];
        }
        if (common) {
            size_t saved = ap->plen;

            for (unsigned k = 0; k < nd; k++) {
                vf_ck_push__(ap, "[%" PRIu64 "]", idx[k]);
            }
            vf_ck_apply__(ap, cv->elem, src + lin * cv->oelem, 0, ow,
                          dst + nlin * cv->nelem, 0, nw);
            vf_ck_pop__(ap, saved);
        } else if (!vf_ck_zero__(src + lin * cv->oelem, cv->oelem)) {
            size_t saved = ap->plen;

            for (unsigned k = 0; k < nd; k++) {
                vf_ck_push__(ap, "[%" PRIu64 "]", idx[k]);
            }
            vf_ck_err__(ap, HOTUP_MIG_ETRUNC,
                        "cut-off element holds state");
            vf_ck_pop__(ap, saved);
        }
        for (unsigned k = nd; k-- > 0;) {
            if (++idx[k] < cv->odims[k]) {
                break;
            }
            idx[k] = 0;
        }
    }
}

static void
vf_ck_ptr_words_at__(const struct dm_graph *g, dm_type_id id, uint64_t off,
                     void (*fn)(void *, uint64_t, const struct dm_type *),
                     void *arg, int depth)
{
    const struct dm_type *t = vf_ck_strip__(g, id);

    if (depth > 64 || !vf_ck_has_ptrs__(g, id, 0)) {
        return;
    }
    if (t->kind == DM_TYPE_POINTER) {
        fn(arg, off, t);
    } else if (t->kind == DM_TYPE_STRUCT || t->kind == DM_TYPE_UNION) {
        for (uint32_t i = 0; i < t->count; i++) {
            const struct dm_member *m = &g->members[t->first + i];

            if (!m->bit_size) {
                vf_ck_ptr_words_at__(g, m->type, off + m->bit_offset / 8, fn,
                                     arg, depth + 1);
            }
        }
    } else if (t->kind == DM_TYPE_ARRAY && !t->vector) {
        uint64_t d[VF_MAX_DIMS], total = 1;
        dm_type_id e;
        unsigned nd = vf_ck_norm_dims__(g, id, d, &e);
        uint64_t es = vf_ck_strip__(g, e)->size;

        for (unsigned k = 0; k < nd; k++) {
            total = d[k] == DM_DIM_UNBOUNDED ? 0 : total * d[k];
        }
        for (uint64_t i = 0; i < total; i++) {
            vf_ck_ptr_words_at__(g, e, off + i * es, fn, arg, depth + 1);
        }
    }
}

void
vf_ck_ptr_words__(const struct dm_graph *g, dm_type_id id, uint64_t off,
                  void (*fn)(void *, uint64_t, const struct dm_type *),
                  void *arg)
{
    vf_ck_ptr_words_at__(g, id, off, fn, arg, 0);
}

static bool vf_ck_in_relro__(const struct vf_image__ *, uintptr_t p,
                             uint64_t n);

bool
vf_ck_word_pinned__(struct vf_run__ *r, uintptr_t w)
{
    uint32_t flags;

    if (!w) {
        return false;
    }
    if (r->old.tls && w - (uintptr_t) r->old.tls < r->old.tls_memsz) {
        return true;
    }
    return (vf_ck_in_image__(&r->old, w, &flags)
            && (flags & (PF_W | PF_X) || vf_ck_in_relro__(&r->old, w, 1)));
}

struct vf_union_words__ {
    struct vf_apply__ *ap;
    const uint8_t *src;
    bool pinned;
};

static void
vf_ck_union_word__(void *arg, uint64_t off, const struct dm_type *ptr)
{
    struct vf_union_words__ *u = arg;
    uintptr_t w;
    char d[256];

    (void) ptr;
    memcpy(&w, u->src + off, sizeof w);
    if (!u->pinned && vf_ck_word_pinned__(u->ap->run, w)) {
        u->pinned = true;
        vf_ck_describe_ptr__(u->ap->run, w, NULL, 0, d, sizeof d);
        vf_ck_err__(u->ap, HOTUP_MIG_ERELOC, "union word at byte %" PRIu64
                    " points to %s, which would need a relocation", off, d);
    }
}

void
vf_ck_apply__(struct vf_apply__ *ap, const struct vf_conv__ *cv,
              const uint8_t *src, uint64_t obit, uint32_t ow, uint8_t *dst,
              uint64_t nbit, uint32_t nw)
{
    switch (cv->kind) {
    case VF_CV_NONE:
        break;
    case VF_CV_HOOK:
        if (ap->nv) {
            struct vf_nvar__ *nv = ap->nv;
            uint64_t off = (uint64_t) (dst - ap->base) + nbit / 8;
            uint64_t len = (nbit % 8 + nw + 7) / 8;

            nv->any_hook = true;
            if (nv->n_dc && nv->dc[nv->n_dc - 1].off
                            + nv->dc[nv->n_dc - 1].len == off) {
                nv->dc[nv->n_dc - 1].len += len;
                break;
            }
            if (nv->n_dc == nv->cap_dc) {
                size_t nc = nv->cap_dc ? 2 * nv->cap_dc : 16;
                struct vf_span__ *d = realloc(nv->dc, nc * sizeof *d);

                if (!d) {
                    abort();
                }
                nv->dc = d;
                nv->cap_dc = nc;
            }
            nv->dc[nv->n_dc++] = (struct vf_span__) { off, len };
        }
        break;
    case VF_CV_BYTES:
        memcpy(dst + nbit / 8, src + obit / 8, cv->osize);
        break;
    case VF_CV_UNION: {
        struct vf_union_words__ u = { .ap = ap, .src = src + obit / 8 };

        vf_ck_ptr_words__(ap->run->og, cv->ot, 0, vf_ck_union_word__, &u);
        if (!u.pinned) {
            memcpy(dst + nbit / 8, src + obit / 8, cv->osize);
        }
        break;
    }
    case VF_CV_INT: {
        vf_int__ v = vf_ck_getint__(src, obit, ow, cv->osigned);

        if (!vf_ck_fits__(v, cv->ncls, cv->nsigned, nw)) {
            char vs[48];

            vf_ck_fmt_int__(v, vs, sizeof vs);
            vf_ck_err__(ap, HOTUP_MIG_ERANGE, "%s does not fit %s%u bits",
                        vs, cv->ncls == VF_SC_BOOL ? "a bool of "
                        : cv->nsigned ? "signed " : "unsigned ", nw);
        } else {
            vf_ck_setbits__(dst, nbit, nw, (uint64_t) v);
        }
        break;
    }
    case VF_CV_ENUM:
        vf_ck_apply_enum__(ap, cv, src, obit, ow, dst, nbit, nw);
        break;
    case VF_CV_FLOAT:
        if (!vf_ck_float_conv__(src + obit / 8, cv->osize, dst + nbit / 8,
                                cv->nsize)) {
            vf_ck_err__(ap, HOTUP_MIG_ERANGE,
                        "float value is not exact in %" PRIu64 " bytes",
                        cv->nsize);
        }
        break;
    case VF_CV_DPTR:
    case VF_CV_CPTR: {
        uintptr_t p = (uintptr_t) vf_ck_getbits__(src, obit, 64), q;
        int rc = (cv->kind == VF_CV_DPTR
                  ? vf_ck_expect_data__(ap->run, p, cv->opointee, &q)
                  : vf_ck_expect_code__(ap->run, p, &q));

        if (rc) {
            char d[256];

            vf_ck_describe_ptr__(ap->run, p, ap->run->og, cv->opointee, d,
                                 sizeof d);
            vf_ck_err__(ap, HOTUP_MIG_ERELOC, "pointer to %s has no place "
                        "in new", d);
        } else {
            vf_ck_setbits__(dst, nbit, 64, (uint64_t) q);
        }
        break;
    }
    case VF_CV_STRUCT:
        for (size_t i = 0; i < cv->n_mem; i++) {
            const struct vf_mconv__ *m = &cv->mem[i];
            uint32_t mow, mnw;
            size_t saved;

            if (!m->n) {
                continue;
            }
            mow = (m->o->bit_size ? m->o->bit_size
                   : (uint32_t) (m->cv->osize * 8));
            mnw = (m->n->bit_size ? m->n->bit_size
                   : (uint32_t) (m->cv->nsize * 8));
            saved = vf_ck_push__(ap, ".%s", m->o->name);
            vf_ck_apply__(ap, m->cv, src, obit + m->o->bit_off, mow, dst,
                          nbit + m->n->bit_off, mnw);
            vf_ck_pop__(ap, saved);
        }
        break;
    case VF_CV_ARRAY:
        vf_ck_apply_array__(ap, cv, src + obit / 8, dst + nbit / 8);
        break;
    }
}

/* ---- Pointers ----------------------------------------------------------- */

int
vf_ck_find_ovar__(struct vf_run__ *r, uintptr_t p, uint64_t size)
{
    size_t lo = 0, hi = r->n_ovars;

    if (!size) {
        size = 1;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if ((uintptr_t) r->ovars[mid].addr <= p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (!lo) {
        return -1;
    }
    const struct vf_ovar__ *ov = &r->ovars[lo - 1];
    uintptr_t start = (uintptr_t) ov->addr;

    if (p - start < ov->v->size && size <= ov->v->size - (p - start)) {
        return (int) (lo - 1);
    }
    return -1;
}

int
vf_ck_find_ofunc__(struct vf_run__ *r, uintptr_t p)
{
    size_t lo = 0, hi = r->n_allfuncs;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uintptr_t a = r->old.base + r->og->funcs[r->allfuncs[mid]].address;

        if (a == p) {
            return (int) r->allfuncs[mid];
        }
        if (a < p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

static const struct dm_func *
vf_ck_find_nfunc__(const struct dm_graph *g, const char *id)
{
    uint32_t lo = 0, hi = g->n_funcs;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->funcs[mid].id, id);

        if (!c) {
            return &g->funcs[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

/* True if a pointer to the start of an old 'ot' value of 'size' bytes could
 * as well point to a sub-object of the same size at its start (the only
 * member of a struct, the only element of an array) that new type 'nt'
 * moves or drops.  The bundle's offset maps see only (offset, size): such a
 * pointer has no place in new (docs/migrations.md), whatever its type. */
static bool
vf_ck_ambiguous__(struct vf_run__ *r, dm_type_id ot, dm_type_id nt,
                  uint64_t size, int depth)
{
    const struct dm_type *a = vf_ck_strip__(r->og, ot);
    const struct dm_type *b = vf_ck_strip__(r->ng, nt);

    if (depth > 64) {
        return true;
    }
    if (a->kind == DM_TYPE_ARRAY && b->kind == DM_TYPE_ARRAY) {
        uint64_t od[VF_MAX_DIMS], nd[VF_MAX_DIMS];
        dm_type_id oe, ne;
        unsigned on = vf_ck_norm_dims__(r->og, ot, od, &oe);

        vf_ck_norm_dims__(r->ng, nt, nd, &ne);
        return on && dm_type(r->og, oe)->size == size
               && vf_ck_ambiguous__(r, oe, ne, size, depth + 1);
    }
    if (a->kind != DM_TYPE_STRUCT || b->kind != DM_TYPE_STRUCT) {
        return false;
    }
    const struct vf_flats__ *ofl = vf_ck_flats__(r, true, ot);
    const struct vf_flats__ *nfl = vf_ck_flats__(r, false, nt);
    for (size_t i = 0; ofl && nfl && i < ofl->n; i++) {
        const struct vf_flat__ *om = &ofl->m[i], *nm;

        if (om->bit_size || om->bit_off
            || vf_ck_strip__(r->og, om->type)->size != size) {
            continue;
        }
        nm = vf_ck_flat_find__(nfl, om->name);
        if (!nm || nm->bit_size || nm->bit_off) {
            return true;
        }
        return !om->anon_union
               && vf_ck_ambiguous__(r, om->type, nm->type, size, depth + 1);
    }
    return false;
}

/* The place in new type 'nt' of the sub-object of old type 'ot' at byte
 * 'o' that a pointer to 'pointee' (0: a byte) points to. */
static int
vf_ck_map_sub__(struct vf_run__ *r, dm_type_id ot, dm_type_id nt,
                uint64_t o, dm_type_id pointee, uint64_t psize,
                uint64_t *noff, int depth)
{
    const struct dm_type *a = vf_ck_strip__(r->og, ot);
    const struct dm_type *b = vf_ck_strip__(r->ng, nt);

    *noff = 0;
    if (depth > 64) {
        return HOTUP_MIG_ERELOC;
    }
    if (psize && !o && a->size == psize
        && vf_ck_ambiguous__(r, ot, nt, psize, 0)) {
        return HOTUP_MIG_ERELOC;
    }
    if (psize && !o && a->size == psize
        && vf_ck_compat__(r->og, ot, pointee, 0)) {
        return 0;
    }
    if (vf_ck_type_hooked__(r, ot, nt)) {
        return HOTUP_MIG_ERELOC;        /* A hook owns the inside. */
    }
    switch (a->kind) {
    case DM_TYPE_STRUCT: {
        const struct vf_flats__ *ofl = vf_ck_flats__(r, true, ot);
        const struct vf_flats__ *nfl;

        if (b->kind != DM_TYPE_STRUCT || !ofl) {
            return HOTUP_MIG_ERELOC;
        }
        nfl = vf_ck_flats__(r, false, nt);
        for (size_t i = 0; nfl && i < ofl->n; i++) {
            const struct vf_flat__ *om = &ofl->m[i], *nm;
            uint64_t mo = om->bit_off / 8;
            uint64_t ms = vf_ck_strip__(r->og, om->type)->size;
            int rc;

            if (om->bit_size || om->bit_off % 8 || o < mo || o - mo >= ms) {
                continue;
            }
            nm = vf_ck_flat_find__(nfl, om->name);
            if (!nm || nm->bit_size || nm->bit_off % 8) {
                return HOTUP_MIG_ERELOC;
            }
            if (om->anon_union) {
                if (!vf_ck_same__(r->og, om->type, r->ng, nm->type, 0)) {
                    return HOTUP_MIG_ERELOC;
                }
                *noff = nm->bit_off / 8 + (o - mo);
                return 0;
            }
            rc = vf_ck_map_sub__(r, om->type, nm->type, o - mo, pointee,
                                 psize, noff, depth + 1);
            *noff += nm->bit_off / 8;
            return rc;
        }
        return HOTUP_MIG_ERELOC;
    }
    case DM_TYPE_UNION:
        if (!vf_ck_same__(r->og, ot, r->ng, nt, 0)) {
            return HOTUP_MIG_ERELOC;
        }
        *noff = o;
        return 0;
    case DM_TYPE_ARRAY: {
        uint64_t od[VF_MAX_DIMS], nd[VF_MAX_DIMS], idx[VF_MAX_DIMS];
        dm_type_id oe, ne;
        unsigned on = vf_ck_norm_dims__(r->og, ot, od, &oe);
        unsigned nn = vf_ck_norm_dims__(r->ng, nt, nd, &ne);
        uint64_t es = dm_type(r->og, oe)->size, nes = dm_type(r->ng, ne)->size;
        uint64_t lin, nlin = 0;
        int rc;

        if (b->kind != DM_TYPE_ARRAY || !on || on != nn || !es || !nes) {
            return HOTUP_MIG_ERELOC;
        }
        lin = o / es;
        for (unsigned k = on; k-- > 0;) {
            if (od[k] == DM_DIM_UNBOUNDED || !od[k]) {
                return HOTUP_MIG_ERELOC;
            }
            idx[k] = lin % od[k];
            lin /= od[k];
        }
        if (lin) {
            return HOTUP_MIG_ERELOC;
        }
        for (unsigned k = 0; k < on; k++) {
            if (nd[k] == DM_DIM_UNBOUNDED || idx[k] >= nd[k]) {
                return HOTUP_MIG_ERELOC;
            }
            nlin = nlin * nd[k] + idx[k];
        }
        rc = vf_ck_map_sub__(r, oe, ne, o % es, pointee, psize, noff,
                             depth + 1);
        *noff += nlin * nes;
        return rc;
    }
    case DM_TYPE_BASE:
    case DM_TYPE_ENUM:
        /* A byte ('void *', incomplete pointee) of a scalar: the same
         * byte, when the scalar keeps its layout (else which byte of the
         * new value would it be?). */
        if (!psize && vf_ck_same__(r->og, ot, r->ng, nt, 0)) {
            *noff = o;
            return 0;
        }
        return HOTUP_MIG_ERELOC;
    default:
        return HOTUP_MIG_ERELOC;
    }
}

static uint64_t
vf_ck_pointee_size__(struct vf_run__ *r, dm_type_id pointee)
{
    const struct dm_type *t = vf_ck_strip__(r->og, pointee);

    if (!pointee || t->kind == DM_TYPE_VOID || t->kind == DM_TYPE_FUNCTION
        || t->declaration) {
        return 0;
    }
    return t->size;
}

static bool
vf_ck_in_relro__(const struct vf_image__ *im, uintptr_t p, uint64_t n)
{
    return p < im->relro_end && p + n > im->relro_start;
}

int
vf_ck_expect_data__(struct vf_run__ *r, uintptr_t p, dm_type_id pointee,
                    uintptr_t *out)
{
    uint64_t psize = vf_ck_pointee_size__(r, pointee);
    uint64_t span = psize ? psize : 1;
    uint32_t flags;
    int i;

    *out = p;
    if (!p) {
        return 0;
    }
    i = vf_ck_find_ovar__(r, p, span);
    if (i >= 0) {
        const struct vf_ovar__ *ov = &r->ovars[i];
        const struct vf_nvar__ *nv;
        uint64_t noff;

        if (!ov->migrated || ov->hooked) {
            return HOTUP_MIG_ERELOC;    /* Gone, not migrated, or hooked
                                         * (no offset map). */
        }
        nv = &r->nvars[ov->twin];
        if (vf_ck_map_sub__(r, ov->v->type, nv->v->type,
                            p - (uintptr_t) ov->addr, psize ? pointee : 0,
                            psize, &noff, 0)
            || noff >= nv->v->size) {
            return HOTUP_MIG_ERELOC;
        }
        *out = (uintptr_t) nv->addr + noff;
        return 0;
    }
    if (r->old.tls && p - (uintptr_t) r->old.tls < r->old.tls_memsz) {
        return HOTUP_MIG_ERELOC;        /* TLS that no variable holds. */
    }
    if (!vf_ck_in_image__(&r->old, p, &flags)) {
        return 0;                       /* Heap, stack, another object. */
    }
    if (flags & (PF_W | PF_X) || vf_ck_in_relro__(&r->old, p, span)) {
        return HOTUP_MIG_ERELOC;
    }
    /* Read-only bytes: the bundle's copy in new, or old stays mapped. */
    for (uint32_t k = 0; r->b && k < r->b->n_rodata; k++) {
        const struct hotup_rodata_map *m = &r->b->rodata[k];
        uint64_t off = p - r->old.base;

        if (off >= m->old_addr && off - m->old_addr < m->size) {
            if (span > m->size - (off - m->old_addr)) {
                return HOTUP_MIG_ERELOC;
            }
            if (m->new_addr) {
                *out = r->new.base + m->new_addr + (off - m->old_addr);
            }
            return 0;
        }
    }
    return 0;
}

int
vf_ck_expect_code__(struct vf_run__ *r, uintptr_t p, uintptr_t *out)
{
    const struct dm_func *nf;
    uint32_t flags;
    int i;

    *out = p;
    if (!p || !vf_ck_in_image__(&r->old, p, &flags) || !(flags & PF_X)) {
        return 0;
    }
    i = vf_ck_find_ofunc__(r, p);
    if (i < 0) {
        return HOTUP_MIG_ERELOC;
    }
    nf = vf_ck_find_nfunc__(r->ng, r->og->funcs[i].id);
    if (!nf) {
        return HOTUP_MIG_ERELOC;
    }
    *out = r->new.base + nf->address;
    return 0;
}

/* ---- Descriptions ------------------------------------------------------- */

/* Appends to buf the path to the innermost object of type 'id' (graph g)
 * holding byte 'o'. */
/* Is 'a' (graph ga) what a pointer to 'b' (graph gb) points to?  Only
 * for descriptions: kind, size, encoding and tag. */
static bool
vf_ck_like__(const struct dm_graph *ga, dm_type_id a_,
             const struct dm_graph *gb, dm_type_id b_)
{
    const struct dm_type *a = vf_ck_strip__(ga, a_);
    const struct dm_type *b = vf_ck_strip__(gb, b_);

    if (vf_ck_charlike__(a) && vf_ck_charlike__(b)) {
        return true;
    }
    return (a->kind == b->kind && a->size == b->size
            && (a->kind != DM_TYPE_BASE || a->encoding == b->encoding)
            && vf_ck_same_name__(a->name, b->name));
}

/* The pointee type a description stops at (0: the innermost object). */
struct vf_pointee__ {
    const struct dm_graph *g;
    dm_type_id t;
};

static void
vf_ck_path__(struct vf_run__ *r, bool old, dm_type_id id, uint64_t o,
             const struct vf_pointee__ *pt, char *buf, size_t len, int depth)
{
    const struct dm_graph *g = old ? r->og : r->ng;
    const struct dm_type *t = vf_ck_strip__(g, id);
    size_t used = strlen(buf);

    if (depth > 32 || used + 1 >= len) {
        return;
    }
    if (!o && pt && pt->t && vf_ck_like__(g, id, pt->g, pt->t)) {
        return;
    }
    if (t->kind == DM_TYPE_STRUCT) {
        const struct vf_flats__ *f = vf_ck_flats__(r, old, id);

        for (size_t i = 0; f && i < f->n; i++) {
            uint64_t mo = f->m[i].bit_off / 8;
            uint64_t ms = vf_ck_strip__(g, f->m[i].type)->size;

            if (f->m[i].bit_size) {
                ms = (f->m[i].bit_off % 8 + f->m[i].bit_size + 7) / 8;
            }
            if (o >= mo && o - mo < ms) {
                snprintf(buf + used, len - used, ".%s", f->m[i].name);
                if (!f->m[i].bit_size && !f->m[i].anon_union) {
                    vf_ck_path__(r, old, f->m[i].type, o - mo, pt, buf, len,
                                 depth + 1);
                }
                return;
            }
        }
        snprintf(buf + used, len - used, "+%" PRIu64 " (padding)", o);
    } else if (t->kind == DM_TYPE_ARRAY) {
        uint64_t d[VF_MAX_DIMS], idx[VF_MAX_DIMS];
        dm_type_id e;
        unsigned n = vf_ck_norm_dims__(g, id, d, &e);
        uint64_t es = dm_type(g, e)->size, lin;

        if (!n || !es) {
            return;
        }
        lin = o / es;
        for (unsigned k = n; k-- > 0;) {
            uint64_t dk = d[k] && d[k] != DM_DIM_UNBOUNDED ? d[k] : 1;

            idx[k] = lin % dk;
            lin /= dk;
        }
        for (unsigned k = 0; k < n; k++) {
            used = strlen(buf);
            snprintf(buf + used, len - used, "[%" PRIu64 "]", idx[k]);
        }
        vf_ck_path__(r, old, e, o % es, pt, buf, len, depth + 1);
    } else if (o) {
        snprintf(buf + used, len - used, "+%" PRIu64, o);
    }
}

void
vf_ck_describe_ptr__(struct vf_run__ *r, uintptr_t p,
                     const struct dm_graph *pg, dm_type_id pointee, char *buf,
                     size_t len)
{
    struct vf_pointee__ pt = { pg, pg ? dm_type_strip(pg, pointee) : 0 };
    uint32_t flags;
    int i;

    if (!p) {
        snprintf(buf, len, "NULL");
        return;
    }
    i = vf_ck_find_ovar__(r, p, 1);
    if (i >= 0) {
        snprintf(buf, len, "old %s", r->ovars[i].v->id);
        vf_ck_path__(r, true, r->ovars[i].v->type,
                     p - (uintptr_t) r->ovars[i].addr, &pt, buf, len, 0);
        return;
    }
    for (size_t k = 0; k < r->n_nvars; k++) {
        const struct vf_nvar__ *nv = &r->nvars[k];

        if (nv->addr && p - (uintptr_t) nv->addr < nv->v->size) {
            snprintf(buf, len, "new %s", nv->v->id);
            vf_ck_path__(r, false, nv->v->type, p - (uintptr_t) nv->addr, &pt,
                         buf, len, 0);
            return;
        }
    }
    i = vf_ck_find_ofunc__(r, p);
    if (i >= 0) {
        snprintf(buf, len, "old function %s", r->og->funcs[i].id);
        return;
    }
    for (uint32_t k = 0; k < r->ng->n_funcs; k++) {
        if (r->new.base + r->ng->funcs[k].address == p) {
            snprintf(buf, len, "new function %s", r->ng->funcs[k].id);
            return;
        }
    }
    if (vf_ck_in_image__(&r->old, p, &flags)) {
        snprintf(buf, len, "old %s+0x%" PRIxPTR,
                 flags & PF_X ? "code" : flags & PF_W ? "data" : "rodata",
                 p - r->old.base);
    } else if (vf_ck_in_image__(&r->new, p, &flags)) {
        snprintf(buf, len, "new %s+0x%" PRIxPTR,
                 flags & PF_X ? "code" : flags & PF_W ? "data" : "rodata",
                 p - r->new.base);
    } else if (r->old.tls && p - (uintptr_t) r->old.tls < r->old.tls_memsz) {
        snprintf(buf, len, "old TLS+%" PRIuPTR, p - (uintptr_t) r->old.tls);
    } else if (r->new.tls && p - (uintptr_t) r->new.tls < r->new.tls_memsz) {
        snprintf(buf, len, "new TLS+%" PRIuPTR, p - (uintptr_t) r->new.tls);
    } else {
        snprintf(buf, len, "0x%" PRIxPTR " (outside both libraries)", p);
    }
}

/* The leaf of the new layout holding bit 'bit', and where its old value
 * was when it has one. */
struct vf_loc__ {
    char path[512];
    dm_type_id nt;                      /* New leaf type (new graph). */
    uint64_t nbit;                      /* From the start of the variable. */
    uint32_t nw;
    bool has_old;                       /* Converted from old (else
                                         * new-only: keeps the image). */
    dm_type_id ot;                      /* Old leaf type, when has_old. */
    uint64_t obit;
    uint32_t ow;
    bool padding;
};

static void
vf_ck_loc_set__(struct vf_loc__ *loc, bool has_old, dm_type_id ot,
                dm_type_id nt, uint64_t nbit, uint32_t nw, uint64_t obit,
                uint32_t ow)
{
    loc->has_old = has_old;
    loc->ot = ot;
    loc->nt = nt;
    loc->nbit = nbit;
    loc->nw = nw;
    loc->obit = obit;
    loc->ow = ow;
}

/* 'cv' is the plan at this level (NULL: none); 'same' says old has the
 * same layout here (inside a byte copy), 'ot' the old type then. */
static void
vf_ck_locate__(struct vf_run__ *r, const struct vf_conv__ *cv, bool same,
               dm_type_id ot, dm_type_id nt, uint64_t bit, uint64_t nbase,
               uint64_t obase, uint32_t nw, uint32_t ow, struct vf_loc__ *loc,
               int depth)
{
    const struct dm_type *t = vf_ck_strip__(r->ng, nt);
    size_t used = strlen(loc->path);

    if (cv) {
        ot = cv->ot;
        if (cv->kind == VF_CV_BYTES) {
            same = true;
            cv = NULL;
        }
    }
    vf_ck_loc_set__(loc, cv || same, ot, nt, nbase, nw, obase, ow);
    if (depth > 32) {
        return;
    }
    if (t->kind == DM_TYPE_STRUCT) {
        const struct vf_flats__ *f = vf_ck_flats__(r, false, nt);

        for (size_t i = 0; f && i < f->n; i++) {
            const struct vf_flat__ *m = &f->m[i];
            uint32_t w = (m->bit_size ? m->bit_size
                          : (uint32_t) (vf_ck_strip__(r->ng, m->type)->size
                                        * 8));
            const struct vf_conv__ *mcv = NULL;
            const struct vf_flat__ *om = NULL;

            if (bit < m->bit_off || bit - m->bit_off >= w) {
                continue;
            }
            snprintf(loc->path + used, sizeof loc->path - used, ".%s",
                     m->name);
            if (cv && cv->kind == VF_CV_STRUCT) {
                for (size_t j = 0; j < cv->n_mem; j++) {
                    if (cv->mem[j].n == m) {
                        mcv = cv->mem[j].cv;
                        om = cv->mem[j].o;
                    }
                }
            } else if (same) {
                const struct vf_flats__ *of = vf_ck_flats__(r, true, ot);

                for (size_t j = 0; of && j < of->n && !om; j++) {
                    om = !strcmp(of->m[j].name, m->name) ? &of->m[j] : NULL;
                }
            }
            uint32_t mow = (om ? (om->bit_size ? om->bit_size
                                  : (uint32_t) (vf_ck_strip__(r->og,
                                                              om->type)->size
                                                * 8))
                            : 0);
            uint64_t mob = om ? obase + om->bit_off : 0;

            if (m->bit_size || m->anon_union) {
                vf_ck_loc_set__(loc, om != NULL, om ? om->type : 0, m->type,
                                nbase + m->bit_off, w, mob, mow);
                return;
            }
            vf_ck_locate__(r, mcv, same && om, om ? om->type : 0, m->type,
                           bit - m->bit_off, nbase + m->bit_off, mob, w, mow,
                           loc, depth + 1);
            return;
        }
        snprintf(loc->path + used, sizeof loc->path - used,
                 "+%" PRIu64 " (padding)", bit / 8);
        loc->padding = true;
    } else if (t->kind == DM_TYPE_ARRAY) {
        uint64_t d[VF_MAX_DIMS], idx[VF_MAX_DIMS];
        dm_type_id e, oe = 0;
        unsigned n = vf_ck_norm_dims__(r->ng, nt, d, &e);
        uint64_t es = dm_type(r->ng, e)->size * 8, lin, olin = 0, oes = 0;
        const struct vf_conv__ *ecv = NULL;
        bool in_old = false;

        if (!n || !es) {
            return;
        }
        lin = bit / es;
        for (unsigned k = n; k-- > 0;) {
            uint64_t dk = d[k] && d[k] != DM_DIM_UNBOUNDED ? d[k] : 1;

            idx[k] = lin % dk;
            lin /= dk;
        }
        for (unsigned k = 0; k < n; k++) {
            used = strlen(loc->path);
            snprintf(loc->path + used, sizeof loc->path - used,
                     "[%" PRIu64 "]", idx[k]);
        }
        if (cv && cv->kind == VF_CV_ARRAY) {
            in_old = true;
            for (unsigned k = 0; k < n; k++) {
                in_old = in_old && idx[k] < cv->odims[k];
                olin = olin * cv->odims[k] + idx[k];
            }
            ecv = in_old ? cv->elem : NULL;
            oes = cv->oelem * 8;
            oe = cv->oelem_t;
        } else if (same) {
            uint64_t od[VF_MAX_DIMS];

            in_old = vf_ck_norm_dims__(r->og, ot, od, &oe) == n;
            oes = es;
            olin = bit / es;
        }
        vf_ck_locate__(r, ecv, same && in_old, oe, e, bit % es,
                       nbase + (bit / es) * es, obase + olin * oes,
                       (uint32_t) es, (uint32_t) oes, loc, depth + 1);
        if (!in_old) {
            loc->has_old = false;
        }
    }
}

static void
vf_ck_value__(struct vf_run__ *r, bool old, dm_type_id id, const uint8_t *p,
              uint64_t bit, uint32_t w, char *buf, size_t len)
{
    const struct dm_graph *g = old ? r->og : r->ng;
    const struct dm_type *t = vf_ck_strip__(g, id);
    bool sgn;
    enum vf_sc__ cls = vf_ck_class__(t, &sgn);
    char d[256];

    switch (cls) {
    case VF_SC_INT:
    case VF_SC_BOOL:
        vf_ck_fmt_int__(vf_ck_getint__(p, bit, w, sgn), buf, len);
        return;
    case VF_SC_ENUM: {
        vf_int__ v = vf_ck_getint__(p, bit, w, sgn);
        const char *name = NULL;

        for (uint32_t i = 0; i < t->count && !name; i++) {
            if (vf_ck_enumval__(t, g->enumerators[t->first + i].value, sgn)
                == v) {
                name = g->enumerators[t->first + i].name;
            }
        }
        vf_ck_fmt_int__(v, d, sizeof d);
        snprintf(buf, len, "%s (%s)", d, name ? name : "no name");
        return;
    }
    case VF_SC_FLOAT: {
        long double x;

        if (t->size == sizeof(float)) {
            float f;

            memcpy(&f, p + bit / 8, sizeof f);
            x = f;
        } else if (t->size == sizeof(double)) {
            double f;

            memcpy(&f, p + bit / 8, sizeof f);
            x = f;
        } else {
            memcpy(&x, p + bit / 8, sizeof x);
        }
        snprintf(buf, len, "%.21Lg", x);
        return;
    }
    case VF_SC_PTR: {
        uintptr_t v = (uintptr_t) vf_ck_getbits__(p, bit, 64);

        vf_ck_describe_ptr__(r, v, g, t->target, d, sizeof d);
        snprintf(buf, len, "%s", d);
        return;
    }
    default: {
        size_t n = (w + 7) / 8, used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < n && i < 24 && used + 3 < len; i++) {
            used += (size_t) snprintf(buf + used, len - used, "%s%02x",
                                      i ? " " : "bytes ", p[bit / 8 + i]);
        }
        if (n > 24 && used + 4 < len) {
            snprintf(buf + used, len - used, " ...");
        }
        return;
    }
    }
}

void
vf_ck_describe_diff__(struct vf_run__ *r, const struct vf_nvar__ *nv,
                      uint64_t byte_off, const uint8_t *expected,
                      const uint8_t *actual, char *buf, size_t len)
{
    struct vf_loc__ loc;
    uint8_t x = expected[byte_off] ^ actual[byte_off];
    unsigned b = 0;
    const struct vf_conv__ *cv = nv->twin >= 0 ? nv->cv : NULL;
    char es[320], as[320], os[480] = "";

    while (b < 7 && !(x >> b & 1)) {
        b++;
    }
    memset(&loc, 0, sizeof loc);
    vf_ck_locate__(r, cv, false, 0, nv->v->type, byte_off * 8 + b, 0, 0,
                   (uint32_t) (nv->v->size * 8),
                   cv ? (uint32_t) (cv->osize * 8) : 0, &loc, 0);
    if (loc.padding) {
        snprintf(buf, len, "%s%s: expected byte 0x%02x, got 0x%02x",
                 nv->v->id, loc.path, expected[byte_off], actual[byte_off]);
        return;
    }
    vf_ck_value__(r, false, loc.nt, expected, loc.nbit, loc.nw, es,
                  sizeof es);
    vf_ck_value__(r, false, loc.nt, actual, loc.nbit, loc.nw, as, sizeof as);
    if (loc.has_old && nv->twin >= 0) {
        char v[256];
        char ts[128];

        vf_ck_value__(r, true, loc.ot, r->ovars[nv->twin].addr, loc.obit,
                      loc.ow, v, sizeof v);
        dm_type_spell(r->og, loc.ot, ts, sizeof ts);
        snprintf(os, sizeof os, " (old value %s, %s)", v, ts);
    } else {
        snprintf(os, sizeof os, " (not in old: keeps the new image)");
    }
    snprintf(buf, len, "%s%s: expected %s, got %s%s", nv->v->id, loc.path, es,
             as, os);
}
