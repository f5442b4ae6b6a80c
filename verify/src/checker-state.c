/* Random and edge states of the old library.
 *
 * Every writable variable of old is filled from its DWARF type, in one of
 * four modes chosen per variable and state:
 *
 *   zero   (state 0) every byte 0, every pointer NULL;
 *   clean  every value converts: the oracle is asked, for each candidate
 *          value of a scalar, whether its conversion succeeds, and picks
 *          another one if not (so that most states reach the byte
 *          comparison, also for large arrays);
 *   spot   clean, but one scalar (or one cut-off array element), picked at
 *          random, takes any value of its old type (out of range, unnamed
 *          enum values, pointers with no place in new, state in a cut-off
 *          element): the error the oracle expects is then the only one;
 *   wild   every scalar takes any value of its old type.
 *
 * Values: integers 0, 1, -1, min, max, the new type's bounds and their
 * neighbours, random; bools 0 and 1; enums each enumerator's value and
 * sometimes an unnamed one; floats 0, -0, exact and inexact values,
 * infinities, NaN, extremes; pointers only valid ones: NULL, the heap,
 * another object, old read-only bytes (character and 'void' pointees),
 * old static or thread-local data of the pointee's type (a whole variable,
 * a member, an array element), old functions.  Padding stays 0. */
#include "checker-private.h"

#include <elf.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Another object outside both libraries: pointers to it are unchanged. */
static uint64_t vf_ck_elsewhere__[64];

uint64_t
vf_ck_rand__(struct vf_run__ *r)
{
    uint64_t z = (r->rng += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

uint64_t
vf_ck_below__(struct vf_run__ *r, uint64_t n)
{
    return n ? vf_ck_rand__(r) % n : 0;
}

/* ---- Where pointers may point ------------------------------------------- */

static int
vf_ck_add_site__(struct vf_run__ *r, uint32_t ovar, uint64_t off,
                 dm_type_id type, uint32_t lvl, uint32_t n_lvl)
{
    if (r->n_sites == r->cap_sites) {
        size_t nc = r->cap_sites ? 2 * r->cap_sites : 256;
        struct vf_site__ *s = realloc(r->sites, nc * sizeof *s);

        if (!s) {
            return -1;
        }
        r->sites = s;
        r->cap_sites = nc;
    }
    r->sites[r->n_sites++] = (struct vf_site__) {
        .ovar = ovar, .off = off, .type = type, .lvl = lvl, .n_lvl = n_lvl,
    };
    return 0;
}

static int
vf_ck_add_lvl__(struct vf_run__ *r, uint64_t count, uint64_t stride)
{
    if (r->n_lvls == r->cap_lvls) {
        size_t nc = r->cap_lvls ? 2 * r->cap_lvls : 64;
        struct vf_lvl__ *l = realloc(r->lvls, nc * sizeof *l);

        if (!l) {
            return -1;
        }
        r->lvls = l;
        r->cap_lvls = nc;
    }
    r->lvls[r->n_lvls++] = (struct vf_lvl__) { count, stride };
    return 0;
}

static int
vf_ck_walk_sites__(struct vf_run__ *r, uint32_t ovar, dm_type_id id,
                   uint64_t off, uint32_t lvl, uint32_t n_lvl, int depth)
{
    const struct dm_graph *g = r->og;
    dm_type_id sid = dm_type_strip(g, id);
    const struct dm_type *t = dm_type(g, sid);

    if (depth > 32 || !t->size || vf_ck_add_site__(r, ovar, off, sid, lvl,
                                                   n_lvl)) {
        return depth > 32 || !t->size ? 0 : -1;
    }
    if (t->kind == DM_TYPE_STRUCT) {
        const struct vf_flats__ *f = vf_ck_flats__(r, true, sid);

        for (size_t i = 0; f && i < f->n; i++) {
            const struct vf_flat__ *m = &f->m[i];

            if (m->bit_size || m->bit_off % 8) {
                continue;
            }
            if (m->anon_union) {
                if (vf_ck_add_site__(r, ovar, off + m->bit_off / 8,
                                     dm_type_strip(g, m->type), lvl, n_lvl)) {
                    return -1;
                }
            } else if (vf_ck_walk_sites__(r, ovar, m->type,
                                          off + m->bit_off / 8, lvl, n_lvl,
                                          depth + 1)) {
                return -1;
            }
        }
    } else if (t->kind == DM_TYPE_ARRAY) {
        uint64_t d[VF_MAX_DIMS];
        dm_type_id e;
        unsigned n = vf_ck_norm_dims__(g, sid, d, &e);
        uint64_t stride = dm_type(g, e)->size;
        uint32_t first = (uint32_t) r->n_lvls;

        if (!n || !stride) {
            return 0;
        }
        for (unsigned k = 0; k < n; k++) {
            if (!d[k] || d[k] == DM_DIM_UNBOUNDED) {
                return 0;
            }
        }
        for (uint32_t k = 0; k < n_lvl; k++) {
            if (vf_ck_add_lvl__(r, r->lvls[lvl + k].count,
                                r->lvls[lvl + k].stride)) {
                return -1;
            }
        }
        for (unsigned k = 0; k < n; k++) {
            uint64_t s = stride;

            for (unsigned j = k + 1; j < n; j++) {
                s *= d[j];
            }
            if (vf_ck_add_lvl__(r, d[k], s)) {
                return -1;
            }
        }
        return vf_ck_walk_sites__(r, ovar, e, off, first, n_lvl + n,
                                  depth + 1);
    }
    return 0;
}

static int
vf_ck_cmp_func_addr__(const void *a_, const void *b_, void *g_)
{
    const struct dm_graph *g = g_;
    uint64_t a = g->funcs[*(const uint32_t *) a_].address;
    uint64_t b = g->funcs[*(const uint32_t *) b_].address;

    return a < b ? -1 : a > b;
}

static double
vf_ck_count_leaves__(struct vf_run__ *r, dm_type_id id, int depth)
{
    const struct dm_type *t = vf_ck_strip__(r->og, id);
    double n = 0;

    if (depth > 32) {
        return 1;
    }
    if (t->kind == DM_TYPE_STRUCT) {
        const struct vf_flats__ *f = vf_ck_flats__(r, true, id);

        for (size_t i = 0; f && i < f->n; i++) {
            n += (f->m[i].anon_union ? 1
                  : vf_ck_count_leaves__(r, f->m[i].type, depth + 1));
        }
        return n ? n : 1;
    }
    if (t->kind == DM_TYPE_ARRAY) {
        uint64_t d[VF_MAX_DIMS];
        dm_type_id e;
        unsigned k = vf_ck_norm_dims__(r->og, id, d, &e);

        n = vf_ck_count_leaves__(r, e, depth + 1);
        for (unsigned i = 0; i < k; i++) {
            n *= d[i] != DM_DIM_UNBOUNDED ? (double) d[i] : 1;
        }
        return n ? n : 1;
    }
    return 1;
}

int
vf_ck_sites__(struct vf_run__ *r)
{
    const struct dm_graph *og = r->og;

    for (size_t i = 0; i < r->n_ovars; i++) {
        r->ovars[i].leaves = vf_ck_count_leaves__(r, r->ovars[i].v->type, 0);
        if (vf_ck_walk_sites__(r, (uint32_t) i, r->ovars[i].v->type, 0, 0, 0,
                               0)) {
            return -1;
        }
    }
    r->cands = calloc(og->n_types ? og->n_types : 1, sizeof *r->cands);
    r->funcs = calloc(og->n_funcs ? og->n_funcs : 1, sizeof *r->funcs);
    r->allfuncs = calloc(og->n_funcs ? og->n_funcs : 1, sizeof *r->allfuncs);
    r->heap_size = 4096;
    r->heap = calloc(1, r->heap_size);
    if (!r->cands || !r->funcs || !r->allfuncs || !r->heap) {
        return -1;
    }

    /* Old functions by address; aliases (one address, several
     * identities) are kept once, and left out of the pointers generated
     * when their identities disagree about new. */
    uint32_t *byaddr = calloc(og->n_funcs ? og->n_funcs : 1, sizeof *byaddr);
    if (!byaddr) {
        return -1;
    }
    for (uint32_t i = 0; i < og->n_funcs; i++) {
        byaddr[i] = i;
    }
    qsort_r(byaddr, og->n_funcs, sizeof *byaddr, vf_ck_cmp_func_addr__,
            (void *) og);
    for (uint32_t i = 0; i < og->n_funcs;) {
        uint32_t j = i;
        bool alias = false;

        while (j + 1 < og->n_funcs
               && og->funcs[byaddr[j + 1]].address
                  == og->funcs[byaddr[i]].address) {
            j++;
            alias = true;
        }
        r->allfuncs[r->n_allfuncs++] = byaddr[i];
        if (!alias) {
            uintptr_t q;

            if (!vf_ck_expect_code__(r, r->old.base
                                     + og->funcs[byaddr[i]].address, &q)) {
                r->funcs[r->n_funcs++] = byaddr[i];
            }
        }
        i = j + 1;
    }
    free(byaddr);
    return 0;
}

static const struct vf_cands__ *
vf_ck_cands__(struct vf_run__ *r, dm_type_id pointee, uint64_t psize)
{
    struct vf_cands__ *c = psize ? &r->cands[pointee] : &r->bytecands;

    if (c->done) {
        return c;
    }
    c->done = true;
    c->site = calloc(r->n_sites ? r->n_sites : 1, sizeof *c->site);
    if (!c->site) {
        return c;
    }
    for (size_t i = 0; i < r->n_sites; i++) {
        const struct dm_type *t = dm_type(r->og, r->sites[i].type);
        bool ok;

        if (!psize) {
            ok = t->kind == DM_TYPE_BASE || t->kind == DM_TYPE_ENUM;
        } else {
            ok = (t->size == psize
                  && vf_ck_compat__(r->og, r->sites[i].type, pointee, 0));
        }
        if (ok) {
            c->site[c->n++] = (uint32_t) i;
        }
    }
    return c;
}

/* ---- Values ------------------------------------------------------------- */

struct vf_gen__ {
    struct vf_run__ *r;
    bool wild;                          /* Every scalar any value. */
    bool spot_on;                       /* One scalar any value: */
    uint64_t spot_at;                   /* ... the one with this index. */
    uint64_t at;                        /* Index of the next scalar. */
    uint64_t round;                     /* How many times the spot went
                                         * round the variable's scalars:
                                         * picks the edge value. */
};

/* The edge value a spot takes in round 'round' (an integer leaf). */
static bool
vf_ck_spot_int__(const struct vf_gen__ *g, const struct dm_type *t, bool sgn,
                 unsigned w, const struct vf_conv__ *cv, uint32_t nw,
                 vf_int__ *v)
{
    const struct dm_graph *og = g->r->og;
    vf_int__ min = sgn ? -((vf_int__) 1 << (w - 1)) : 0;
    vf_int__ max = (sgn ? ((vf_int__) 1 << (w - 1)) : ((vf_int__) 1 << w)) - 1;
    vf_int__ c[8];
    unsigned n = 0;

    if (t->kind == DM_TYPE_ENUM) {
        if (g->round % 2 && t->count) {
            const struct dm_enumerator *e =
                &og->enumerators[t->first + (g->round / 2) % t->count];

            *v = sgn ? (vf_int__) e->value
                     : (vf_int__) ((uint64_t) e->value
                                   & (w < 64 ? (UINT64_C(1) << w) - 1
                                             : ~UINT64_C(0)));
            return true;
        }
        vf_int__ top = 0;

        for (uint32_t i = 0; i < t->count; i++) {
            vf_int__ x = (vf_int__) og->enumerators[t->first + i].value;

            top = x > top ? x : top;
        }
        c[n++] = top + 1;               /* Unnamed. */
        c[n++] = sgn ? -1 : max;
    } else {
        if (cv && cv->kind == VF_CV_INT) {
            vf_int__ nmin = 0, nmax = 1;

            if (cv->ncls != VF_SC_BOOL) {
                nmin = cv->nsigned ? -((vf_int__) 1 << (nw - 1)) : 0;
                nmax = (cv->nsigned ? ((vf_int__) 1 << (nw - 1))
                        : ((vf_int__) 1 << nw)) - 1;
            }
            c[n++] = nmax + 1;
            c[n++] = nmin - 1;
            c[n++] = nmax;
            c[n++] = nmin;
        }
        c[n++] = max;
        c[n++] = min;
        c[n++] = sgn ? -1 : max - 1;
    }
    for (unsigned k = 0; k < n; k++) {
        vf_int__ x = c[(g->round + k) % n];

        if (x >= min && x <= max) {
            *v = x;
            return true;
        }
    }
    return false;
}

/* Does the leaf at (obj, bit, ow) convert through cv into nw bits? */
static bool
vf_ck_converts__(struct vf_run__ *r, const struct vf_conv__ *cv,
                 const uint8_t *obj, uint64_t bit, uint32_t ow, uint32_t nw)
{
    struct vf_apply__ ap = { .run = r };
    uint8_t scratch[32] = { 0 };

    vf_ck_apply__(&ap, cv, obj, bit, ow, scratch, 0, nw);
    return !ap.errs;
}

static vf_int__
vf_ck_int_pick__(struct vf_run__ *r, const struct dm_type *t, bool sgn,
                 unsigned w, const struct vf_conv__ *cv, uint32_t nw,
                 bool wild)
{
    vf_int__ min = sgn ? -((vf_int__) 1 << (w - 1)) : 0;
    vf_int__ max = (sgn ? ((vf_int__) 1 << (w - 1)) : ((vf_int__) 1 << w)) - 1;
    uint64_t bits = vf_ck_rand__(r);

    if (w < 64) {
        bits &= (UINT64_C(1) << w) - 1;
    }
    if (t->kind == DM_TYPE_ENUM && t->count && vf_ck_below__(r, 8)) {
        const struct dm_enumerator *e =
            &r->og->enumerators[t->first + vf_ck_below__(r, t->count)];
        vf_int__ v = (vf_int__) e->value;

        if (!sgn) {
            v = (vf_int__) ((uint64_t) e->value
                            & (w < 64 ? (UINT64_C(1) << w) - 1
                                      : ~UINT64_C(0)));
        }
        return v;
    }
    if (cv && cv->kind == VF_CV_INT && vf_ck_below__(r, wild ? 2 : 3) == 0) {
        vf_int__ nmin, nmax;

        if (cv->ncls == VF_SC_BOOL) {
            nmin = 0;
            nmax = 1;
        } else {
            nmin = cv->nsigned ? -((vf_int__) 1 << (nw - 1)) : 0;
            nmax = (cv->nsigned ? ((vf_int__) 1 << (nw - 1))
                    : ((vf_int__) 1 << nw)) - 1;
        }
        switch (vf_ck_below__(r, 4)) {
        case 0: return nmin;
        case 1: return nmax;
        case 2: return nmin - 1;
        default: return nmax + 1;
        }
    }
    switch (vf_ck_below__(r, 9)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return sgn ? -1 : max;
    case 3: return min;
    case 4: return max;
    case 5: return (vf_int__) vf_ck_below__(r, 256) - (sgn ? 128 : 0);
    case 6: return (vf_int__) vf_ck_below__(r, 100000);
    default:
        if (sgn && w < 64 && (bits >> (w - 1)) & 1) {
            bits |= ~UINT64_C(0) << w;
        }
        return sgn ? (vf_int__) (int64_t) bits : (vf_int__) bits;
    }
}

static void
vf_ck_gen_int__(struct vf_gen__ *g, const struct dm_type *t,
                const struct vf_conv__ *cv, uint8_t *obj, uint64_t bit,
                uint32_t ow, uint32_t nw, bool free_, bool spot)
{
    struct vf_run__ *r = g->r;
    bool sgn = false;
    vf_int__ v;

    if (t->kind == DM_TYPE_ENUM) {
        sgn = (t->encoding == DM_ENC_SIGNED
               || t->encoding == DM_ENC_SIGNED_CHAR);
    } else if (t->encoding == DM_ENC_SIGNED
               || t->encoding == DM_ENC_SIGNED_CHAR) {
        sgn = true;
    }
    if (spot && t->encoding != DM_ENC_BOOL
        && vf_ck_spot_int__(g, t, sgn, ow, cv, nw, &v)) {
        vf_ck_setbits__(obj, bit, ow, (uint64_t) v);
        return;
    }
    for (int tries = 0; tries < 16; tries++) {
        vf_int__ min = sgn ? -((vf_int__) 1 << (ow - 1)) : 0;
        vf_int__ max = ((sgn ? ((vf_int__) 1 << (ow - 1))
                         : ((vf_int__) 1 << ow)) - 1);

        if (t->encoding == DM_ENC_BOOL) {
            v = (vf_int__) vf_ck_below__(r, 2);
        } else if (t->kind == DM_TYPE_ENUM && !vf_ck_below__(r, 10)) {
            v = (vf_int__) vf_ck_rand__(r) % (max - min + 1) + min;
        } else {
            v = vf_ck_int_pick__(r, t, sgn, ow, cv, nw, free_);
        }
        if (v < min || v > max) {
            continue;
        }
        vf_ck_setbits__(obj, bit, ow, (uint64_t) v);
        if (free_ || vf_ck_converts__(r, cv, obj, bit, ow, nw)) {
            return;
        }
    }
    vf_ck_setbits__(obj, bit, ow, 0);
}

static void
vf_ck_gen_float__(struct vf_gen__ *g, const struct dm_type *t,
                  const struct vf_conv__ *cv, uint8_t *obj, uint64_t bit,
                  uint32_t ow, uint32_t nw, bool free_, bool spot)
{
    struct vf_run__ *r = g->r;

    for (int tries = 0; tries < 16; tries++) {
        long double x;
        /* A spot takes the edge values in turn: inexact in a narrower
         * type, too large for it, too small, then the others. */
        static const uint8_t edges[] = { 5, 8, 10, 9, 7, 6 };
        uint64_t pick = (spot ? edges[(g->round + (uint64_t) tries) % 6]
                         : vf_ck_below__(r, 12));

        switch (pick) {
        case 0: x = 0; break;
        case 1: x = -0.0L; break;
        case 2: x = (long double) vf_ck_below__(r, 1000) - 500; break;
        case 3: x = (long double) (float) ((double) vf_ck_rand__(r)
                                           / 1e12); break;
        case 4: x = (double) vf_ck_rand__(r) / 3e9; break;
        case 5: x = 0.1L; break;
        case 6: x = vf_ck_below__(r, 2) ? INFINITY : -INFINITY; break;
        case 7: x = NAN; break;
        case 8: x = t->size == sizeof(float) ? FLT_MAX : DBL_MAX; break;
        case 9: x = t->size == sizeof(float) ? FLT_TRUE_MIN : DBL_TRUE_MIN;
            break;
        case 10: x = 16777217.0L; break;
        default: x = 1.5L; break;
        }
        if (t->size == sizeof(float)) {
            float f = (float) x;

            memcpy(obj + bit / 8, &f, sizeof f);
        } else if (t->size == sizeof(double)) {
            double d = (double) x;

            memcpy(obj + bit / 8, &d, sizeof d);
        } else {
            memset(obj + bit / 8, 0, t->size);
            memcpy(obj + bit / 8, &x, LDBL_MANT_DIG == 64 ? 10 : sizeof x);
        }
        if (free_ || vf_ck_converts__(r, cv, obj, bit, ow, nw)) {
            return;
        }
    }
    memset(obj + bit / 8, 0, t->size);
}

static uintptr_t
vf_ck_site_addr__(struct vf_run__ *r, const struct vf_site__ *s)
{
    uintptr_t p = (uintptr_t) r->ovars[s->ovar].addr + s->off;

    for (uint32_t k = 0; k < s->n_lvl; k++) {
        const struct vf_lvl__ *l = &r->lvls[s->lvl + k];

        p += vf_ck_below__(r, l->count) * l->stride;
    }
    return p;
}

/* A byte of old's plain read-only data (not RELRO), or 0. */
static uintptr_t
vf_ck_rodata_addr__(struct vf_run__ *r)
{
    for (int tries = 0; tries < 4; tries++) {
        const struct vf_seg__ *s = &r->old.segs[vf_ck_below__(r,
                                                              r->old.n_segs)];
        uintptr_t p;

        if (s->flags & (PF_W | PF_X) || s->end <= s->start) {
            continue;
        }
        p = s->start + vf_ck_below__(r, s->end - s->start);
        if (p < r->old.relro_start || p >= r->old.relro_end) {
            return p;
        }
    }
    return 0;
}

static uintptr_t
vf_ck_pick_ptr__(struct vf_run__ *r, const struct dm_type *t)
{
    dm_type_id pointee = dm_type_strip(r->og, t->target);
    const struct dm_type *pt = dm_type(r->og, pointee);
    uint64_t u = vf_ck_below__(r, 100);

    if (pt->kind == DM_TYPE_FUNCTION) {
        if (u < 15) {
            return 0;
        }
        if (u < 25) {
            return (uintptr_t) &vf_ck_rand__;   /* Another object's code. */
        }
        if (r->n_funcs && u < 90) {
            return r->old.base + r->og->funcs[r->funcs[vf_ck_below__(
                                     r, r->n_funcs)]].address;
        }
        if (r->n_allfuncs) {
            return r->old.base + r->og->funcs[r->allfuncs[vf_ck_below__(
                                     r, r->n_allfuncs)]].address;
        }
        return 0;
    }

    uint64_t psize = (pt->kind == DM_TYPE_VOID || pt->declaration ? 0
                      : pt->size);
    bool bytes = !psize || (pt->kind == DM_TYPE_BASE && pt->size == 1);
    const struct vf_cands__ *c = vf_ck_cands__(r, pointee, psize);

    if (pt->declaration || (pt->kind != DM_TYPE_VOID && !psize)) {
        /* An incomplete pointee: which objects are of its type is not
         * known here; pointers to them are never followed anyway. */
        static const struct vf_cands__ none = { .done = true };

        c = &none;
        bytes = false;
    }

    if (u < 15) {
        return 0;
    }
    if (u < 28) {
        return (uintptr_t) r->heap + 8 * vf_ck_below__(r, r->heap_size / 16);
    }
    if (u < 33) {
        return (uintptr_t) &vf_ck_elsewhere__[vf_ck_below__(r, 32)];
    }
    if (bytes && u < 40) {
        uintptr_t p = vf_ck_rodata_addr__(r);

        if (p) {
            return p;
        }
    }
    if (c->n) {
        const struct vf_site__ *s = &r->sites[c->site[vf_ck_below__(r, c->n)]];
        uintptr_t p = vf_ck_site_addr__(r, s);

        if (!psize && vf_ck_below__(r, 4) == 0) {
            p += vf_ck_below__(r, dm_type(r->og, s->type)->size);
        }
        return p;
    }
    return 0;
}

static void
vf_ck_gen_ptr__(struct vf_gen__ *g, const struct dm_type *t,
                const struct vf_conv__ *cv, uint8_t *obj, uint64_t bit,
                bool free_)
{
    for (int tries = 0; tries < 12; tries++) {
        uintptr_t p = vf_ck_pick_ptr__(g->r, t);

        vf_ck_setbits__(obj, bit, 64, (uint64_t) p);
        if (free_ || vf_ck_converts__(g->r, cv, obj, bit, 64, 64)) {
            return;
        }
    }
    vf_ck_setbits__(obj, bit, 64, 0);
}

static void vf_ck_gen__(struct vf_gen__ *, dm_type_id,
                        const struct vf_conv__ *, uint8_t *, uint64_t bit,
                        uint32_t ow, uint32_t nw, int depth);

struct vf_union_fill__ {
    struct vf_run__ *r;
    uint8_t *p;
};

/* A word of a union where a member holds a pointer: half the time a
 * pointer of any class; one that would need a relocation (and so fails
 * the migration) only now and then, so that most states go through. */
static void
vf_ck_fill_union_word__(void *arg, uint64_t off, const struct dm_type *ptr)
{
    struct vf_union_fill__ *u = arg;
    uintptr_t w = 0;

    if (ptr->size != sizeof w || vf_ck_below__(u->r, 2)) {
        return;
    }
    for (int tries = 0; tries < 12; tries++) {
        w = vf_ck_pick_ptr__(u->r, ptr);
        if (!vf_ck_word_pinned__(u->r, w) || !vf_ck_below__(u->r, 16)) {
            break;
        }
        w = 0;
    }
    memcpy(u->p + off, &w, sizeof w);
}

static void
vf_ck_gen_bytes__(struct vf_gen__ *g, dm_type_id id, uint8_t *p,
                  uint64_t size)
{
    /* A union: random bytes, then pointers where a member holds one. */
    struct vf_union_fill__ u = { .r = g->r, .p = p };

    for (uint64_t i = 0; i < size; i++) {
        p[i] = (uint8_t) (vf_ck_below__(g->r, 3) ? vf_ck_rand__(g->r) : 0);
    }
    vf_ck_ptr_words__(g->r->og, id, 0, vf_ck_fill_union_word__, &u);
}

static void
vf_ck_gen_array__(struct vf_gen__ *g, dm_type_id id,
                  const struct vf_conv__ *cv, uint8_t *p, int depth)
{
    struct vf_run__ *r = g->r;
    uint64_t d[VF_MAX_DIMS], idx[VF_MAX_DIMS] = { 0 }, total = 1;
    dm_type_id e;
    unsigned n = vf_ck_norm_dims__(r->og, id, d, &e);
    uint64_t es = dm_type(r->og, e)->size;
    const struct vf_conv__ *ecv = NULL;
    uint64_t eleaves = 1;

    if (!n || !es) {
        return;
    }
    for (unsigned k = 0; k < n; k++) {
        if (d[k] == DM_DIM_UNBOUNDED) {
            return;
        }
        total *= d[k];
    }
    if (cv && cv->kind == VF_CV_ARRAY) {
        ecv = cv->elem;
    } else if (cv && cv->kind == VF_CV_BYTES) {
        ecv = cv;
    }
    if (g->spot_on) {
        eleaves = (uint64_t) vf_ck_count_leaves__(r, e, 0);
    }
    for (uint64_t lin = 0; lin < total; lin++) {
        bool cut = false;

        for (unsigned k = 0; cv && cv->kind == VF_CV_ARRAY && k < n; k++) {
            cut = cut || idx[k] >= cv->ndims[k];
        }
        if (!cut) {
            vf_ck_gen__(g, e, ecv, p + lin * es, 0, (uint32_t) (es * 8),
                        ecv ? (uint32_t) (ecv->nsize * 8) : 0, depth + 1);
        } else {
            bool hit = (g->spot_on && g->spot_at >= g->at
                        && g->spot_at - g->at < eleaves);

            g->at += eleaves;
            if (g->wild || hit) {
                struct vf_gen__ w = { .r = r, .wild = true };

                vf_ck_gen__(&w, e, NULL, p + lin * es, 0, (uint32_t) (es * 8),
                            0, depth + 1);
            }
        }
        for (unsigned k = n; k-- > 0;) {
            if (++idx[k] < d[k]) {
                break;
            }
            idx[k] = 0;
        }
    }
}

static void
vf_ck_gen__(struct vf_gen__ *g, dm_type_id id, const struct vf_conv__ *cv,
            uint8_t *p, uint64_t bit, uint32_t ow, uint32_t nw, int depth)
{
    struct vf_run__ *r = g->r;
    const struct dm_type *t = vf_ck_strip__(r->og, id);
    bool free_ = (!cv || cv->kind == VF_CV_BYTES || cv->kind == VF_CV_NONE
                  || cv->kind == VF_CV_HOOK || g->wild);

    if (depth > 32) {
        return;
    }
    switch (t->kind) {
    case DM_TYPE_STRUCT: {
        const struct vf_flats__ *f = vf_ck_flats__(r, true, id);

        for (size_t i = 0; f && i < f->n; i++) {
            const struct vf_flat__ *m = &f->m[i];
            const struct vf_conv__ *mcv = NULL;
            uint32_t mow = (m->bit_size ? m->bit_size
                            : (uint32_t) (vf_ck_strip__(r->og, m->type)->size
                                          * 8));
            uint32_t mnw = 0;

            if (cv && cv->kind == VF_CV_STRUCT && cv->ofl == f
                && cv->mem[i].n) {
                mcv = cv->mem[i].cv;
                mnw = (cv->mem[i].n->bit_size ? cv->mem[i].n->bit_size
                       : (uint32_t) (mcv->nsize * 8));
            } else if (cv && cv->kind == VF_CV_BYTES) {
                mcv = cv;
            }
            if (m->anon_union) {
                g->at++;
                vf_ck_gen_bytes__(g, m->type, p + (bit + m->bit_off) / 8,
                                  mow / 8);
            } else {
                vf_ck_gen__(g, m->type, mcv, p, bit + m->bit_off, mow, mnw,
                            depth + 1);
            }
        }
        break;
    }
    case DM_TYPE_UNION:
        g->at++;
        vf_ck_gen_bytes__(g, id, p + bit / 8, t->size);
        break;
    case DM_TYPE_ARRAY:
        vf_ck_gen_array__(g, id, cv, p + bit / 8, depth);
        break;
    case DM_TYPE_BASE:
    case DM_TYPE_ENUM:
    case DM_TYPE_POINTER: {
        bool spot = g->spot_on && g->at++ == g->spot_at;

        free_ = free_ || spot;
        if (t->kind == DM_TYPE_POINTER) {
            if (t->size == sizeof(void *)) {
                vf_ck_gen_ptr__(g, t, cv, p, bit, free_);
            }
        } else if (t->kind == DM_TYPE_BASE && t->encoding == DM_ENC_FLOAT
                   && !(bit % 8)
                   && (t->size == sizeof(float) || t->size == sizeof(double)
                       || t->size == sizeof(long double))) {
            vf_ck_gen_float__(g, t, cv, p, bit, ow, nw, free_, spot);
        } else if (ow && ow <= 64
                   && (t->kind == DM_TYPE_ENUM
                       || t->encoding == DM_ENC_SIGNED
                       || t->encoding == DM_ENC_UNSIGNED
                       || t->encoding == DM_ENC_SIGNED_CHAR
                       || t->encoding == DM_ENC_UNSIGNED_CHAR
                       || t->encoding == DM_ENC_BOOL)) {
            vf_ck_gen_int__(g, t, cv, p, bit, ow, nw, free_, spot);
        } else if (!(bit % 8)) {
            for (uint64_t i = 0; i < t->size; i++) {
                p[bit / 8 + i] = (uint8_t) vf_ck_rand__(r);
            }
        }
        break;
    }
    default:
        break;
    }
}

void
vf_ck_fill__(struct vf_run__ *r)
{
    for (size_t i = 0; i < r->n_ovars; i++) {
        struct vf_ovar__ *ov = &r->ovars[i];
        const struct vf_conv__ *cv = NULL;
        struct vf_gen__ g = { .r = r };
        uint64_t mode = vf_ck_below__(r, 100);

        memset(ov->addr, 0, ov->v->size);
        if (!r->state) {
            continue;                   /* State 0: all zero. */
        }
        if (ov->migrated && r->nvars[ov->twin].whole) {
            for (uint64_t k = 0; k < ov->v->size; k++) {
                ov->addr[k] = (uint8_t) vf_ck_rand__(r);
            }
            continue;                   /* A byte copy: any bytes. */
        }
        if (ov->migrated) {
            cv = r->nvars[ov->twin].cv;
        }
        if (mode >= 90) {
            g.wild = true;
        } else if (mode >= 40) {
            /* Small variables: the spot visits every scalar in turn, with
             * the next edge value each round; larger ones: at random. */
            uint64_t n = ov->leaves >= 1 ? (uint64_t) ov->leaves : 1;

            g.spot_on = true;
            if (n <= 64) {
                g.spot_at = ov->spots % n;
                g.round = ov->spots / n;
            } else {
                g.spot_at = vf_ck_below__(r, n);
                g.round = vf_ck_below__(r, 8);
            }
            ov->spots++;
        }
        vf_ck_gen__(&g, ov->v->type, cv, ov->addr, 0,
                    (uint32_t) (vf_ck_strip__(r->og, ov->v->type)->size * 8),
                    cv ? (uint32_t) (cv->nsize * 8) : 0, 0);
    }
}
