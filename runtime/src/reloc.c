/* The services generated migration functions call (hotup/migration.h):
 * where does a pointer into the old build go in the new one, and may a
 * word that is perhaps a pointer stay as it is?
 *
 * They run inside the break window, so they only binary-search tables that
 * hotup_prepare() built and checked: no allocation, no lookup by name.
 * *err is written only on failure, so generated code may make several
 * calls and test the error once. */
#include "private.h"

#include <elf.h>

/* The range in 'r' (sorted, non-overlapping) that holds 'p', or NULL. */
static const struct hotup_range__ *
hotup_range_find__(const struct hotup_range__ *r, size_t n, uintptr_t p)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (p < r[mid].start) {
            hi = mid;
        } else if (p >= r[mid].end) {
            lo = mid + 1;
        } else {
            return &r[mid];
        }
    }
    return NULL;
}

/* Does the pointee [p, p+size) lie within [start, end)?  A size of 0 is
 * taken as 1 (the pointee's first byte). */
static bool
hotup_pointee_fits__(uintptr_t p, uint64_t size, uintptr_t end)
{
    return (size ? size : 1) <= end - p;
}

static void *
hotup_reloc_fail__(int *err)
{
    if (err) {
        *err = HOTUP_MIG_ERELOC;
    }
    return NULL;
}

/* A pointer into one of the old entries in 'r' (addresses or TLS offsets
 * 'p'), relocated into the new entry: to the same byte for a COPY or
 * RELOCATE entry (one layout), through the entry's map_offset for a
 * CONVERT entry.  'new_base' is 0 for addresses, the committing thread's
 * new TLS block for offsets. */
static void *
hotup_reloc_entry__(const struct hotup_range__ *r, uintptr_t p,
                    uint64_t size, uintptr_t new_base, int *err)
{
    const struct hotup_entry *e = r->slot->e;
    uint64_t new_off;

    if (!hotup_pointee_fits__(p, size, r->end)) {
        return hotup_reloc_fail__(err);
    }
    if (e->kind == HOTUP_ENTRY_COPY || e->kind == HOTUP_ENTRY_RELOCATE) {
        new_off = p - r->start;
    } else if (!e->map_offset
               || e->map_offset(p - r->start, size, &new_off)
               || new_off >= e->new_size) {
        /* No map, no place in the new layout, or a map answer outside the
         * new object: refused, never guessed. */
        return hotup_reloc_fail__(err);
    }
    return (void *) (new_base + r->slot->new + new_off);
}

/* A pointer into old that no entry holds: read-only bytes, through the
 * bundle's rodata map or by keeping old mapped. */
static void *
hotup_reloc_rodata__(struct hotup_mig_ctx *ctx, uintptr_t p, uint64_t size,
                     int *err)
{
    const struct hotup_bundle *b = ctx->bundle;
    const struct hotup_seg__ *seg;
    uint64_t off = p - ctx->old->base;
    size_t lo = 0, hi = b->n_rodata;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct hotup_rodata_map *r = &b->rodata[mid];

        if (off < r->old_addr) {
            hi = mid;
        } else if (off - r->old_addr >= r->size) {
            lo = mid + 1;
        } else if (!hotup_pointee_fits__(off, size, r->old_addr + r->size)) {
            return hotup_reloc_fail__(err);
        } else if (!r->new_addr) {
            ctx->keeps_old = true;      /* No copy in new: keep old mapped. */
            return (void *) p;
        } else {
            return (void *) (ctx->new->base + r->new_addr
                             + (off - r->old_addr));
        }
    }

    /* Not in the map.  Plain read-only data (a PT_LOAD that is neither
     * writable nor executable, and not RELRO) holds bytes and never
     * pointers (those would need relocations, which put them in RELRO):
     * keeping old mapped keeps the pointee valid and unchanged.  This is
     * what a bundle without a rodata map gets for string literals.  RELRO
     * (const tables of pointers into old's code and data) is refused. */
    seg = hotup_image_seg__(ctx->old, p);
    if (seg && !(seg->flags & (PF_W | PF_X))
        && hotup_pointee_fits__(p, size, seg->end)
        && !(p < ctx->old->relro_end && p + (size ? size : 1)
                                        > ctx->old->relro_start)) {
        ctx->keeps_old = true;
        return (void *) p;
    }
    return hotup_reloc_fail__(err);
}

void *
hotup_mig_reloc_data(struct hotup_mig_ctx *ctx, const void *old,
                     uint64_t size, int *err)
{
    uintptr_t p = (uintptr_t) old;
    const struct hotup_range__ *r;

    if (!p) {
        return NULL;
    }
    if (ctx->old_tls && p - ctx->old_tls < ctx->old->tls_memsz) {
        /* The migrating thread's own old TLS block. */
        r = hotup_range_find__(ctx->tls, ctx->n_tls, p - ctx->old_tls);
        return (r ? hotup_reloc_entry__(r, p - ctx->old_tls, size,
                                        ctx->new_tls, err)
                  : hotup_reloc_fail__(err));
    }
    for (size_t i = 0; i < ctx->n_blocks; i++) {
        /* A parked datapath thread's old TLS block (only the committing
         * thread sees these, once every thread has parked). */
        const struct hotup_tls_pair__ *b = &ctx->blocks[i];

        if (p - b->old < ctx->old->tls_memsz) {
            r = hotup_range_find__(ctx->tls, ctx->n_tls, p - b->old);
            return (r ? hotup_reloc_entry__(r, p - b->old, size, b->new,
                                            err)
                      : hotup_reloc_fail__(err));
        }
    }
    if (!hotup_image_contains__(ctx->old, p)) {
        return (void *) p;              /* Heap, stack, another object. */
    }
    r = hotup_range_find__(ctx->data, ctx->n_data, p);
    if (r) {
        return hotup_reloc_entry__(r, p, size, 0, err);
    }
    return hotup_reloc_rodata__(ctx, p, size, err);
}

void *
hotup_mig_reloc_code(struct hotup_mig_ctx *ctx, const void *old, int *err)
{
    const struct hotup_bundle *b = ctx->bundle;
    const struct hotup_seg__ *seg;
    uintptr_t p = (uintptr_t) old;
    uint64_t off;
    size_t lo = 0, hi = b->n_funcs;

    seg = p ? hotup_image_seg__(ctx->old, p) : NULL;
    if (!seg || !(seg->flags & PF_X)) {
        return (void *) p;              /* NULL, or not old's code. */
    }
    off = p - ctx->old->base;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct hotup_func_map *f = &b->funcs[mid];

        if (off < f->old_addr) {
            hi = mid;
        } else if (off > f->old_addr) {
            lo = mid + 1;
        } else {
            return (void *) (ctx->new->base + f->new_addr);
        }
    }
    return hotup_reloc_fail__(err);     /* Unknown function, or mid-way. */
}

/* Is 'p' in the old TLS block of the migrating thread or of a parked one? */
static bool
hotup_in_old_tls__(const struct hotup_mig_ctx *ctx, uintptr_t p)
{
    if (ctx->old_tls && p - ctx->old_tls < ctx->old->tls_memsz) {
        return true;
    }
    for (size_t i = 0; i < ctx->n_blocks; i++) {
        if (p - ctx->blocks[i].old < ctx->old->tls_memsz) {
            return true;
        }
    }
    return false;
}

void
hotup_mig_check_word(struct hotup_mig_ctx *ctx, uintptr_t word, int *err)
{
    const struct hotup_seg__ *seg;

    if (!word || (!hotup_in_old_tls__(ctx, word)
                  && !hotup_image_contains__(ctx->old, word))) {
        return;                         /* NULL, heap, stack, elsewhere. */
    }
    seg = hotup_in_old_tls__(ctx, word) ? NULL
                                        : hotup_image_seg__(ctx->old, word);
    if (seg && !(seg->flags & (PF_W | PF_X))
        && !(word >= ctx->old->relro_start && word < ctx->old->relro_end)) {
        ctx->keeps_old = true;          /* Plain read-only bytes. */
        return;
    }
    hotup_reloc_fail__(err);            /* Would need a relocation. */
}

/* Runs RELOCATE entry 'e': copies the old object at 'src' to 'dst', then
 * each word its table lists, relocated (or checked) as the table says.
 * Reads words from 'src' only, with memcpy (a packed member need not be
 * aligned).  Returns 0 or HOTUP_MIG_ERELOC, as a generated migration
 * would; hotup_bundle_check__ checked that every word is in the object. */
int
hotup_relocate__(struct hotup_mig_ctx *ctx, const struct hotup_entry *e,
                 const void *src, void *dst)
{
    int err = 0;

    memcpy(dst, src, e->old_size);
    for (uint32_t i = 0; i < e->n_words; i++) {
        const struct hotup_word *w = &e->words[i];

        for (uint64_t k = 0; k < w->count; k++) {
            uint64_t off = w->off + k * w->stride;
            void *v;

            memcpy(&v, (const char *) src + off, sizeof v);
            if (w->kind == HOTUP_WORD_DATA) {
                v = hotup_mig_reloc_data(ctx, v, w->size, &err);
            } else if (w->kind == HOTUP_WORD_CODE) {
                v = hotup_mig_reloc_code(ctx, v, &err);
            } else {
                hotup_mig_check_word(ctx, (uintptr_t) v, &err);
            }
            if (err) {
                return err;
            }
            memcpy((char *) dst + off, &v, sizeof v);
        }
    }
    return 0;
}
