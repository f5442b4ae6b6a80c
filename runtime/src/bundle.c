/* Checking a migration bundle against the two loaded builds, and building
 * the context its migration functions run in.  Everything that can be
 * checked before the break window is checked here, so that a commit only
 * copies and converts. */
#include "private.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define HOTUP_ENTRY_FLAGS__ (HOTUP_ENTRY_TLS | HOTUP_ENTRY_POINTERS)

const char *
hotup_mig_strerror__(int code)
{
    switch (code) {
    case HOTUP_MIG_OK: return "HOTUP_MIG_OK";
    case HOTUP_MIG_ERANGE:
        return "HOTUP_MIG_ERANGE (a value does not fit the new type)";
    case HOTUP_MIG_EENUM:
        return "HOTUP_MIG_EENUM (an enum value has no name in new)";
    case HOTUP_MIG_ETRUNC:
        return "HOTUP_MIG_ETRUNC (dropped array elements held state)";
    case HOTUP_MIG_ERELOC:
        return "HOTUP_MIG_ERELOC (a pointer cannot be relocated)";
    case HOTUP_MIG_EHOOK:
        return "HOTUP_MIG_EHOOK (a hand-written hook failed)";
    default: return "unknown HOTUP_MIG_E* code";
    }
}

static bool
hotup_fits__(uint64_t addr, uint64_t size, uint64_t limit)
{
    return size <= limit && addr <= limit - size;
}

/* Is [start, start+size) inside one segment that is writable at run time
 * (PF_W, and not PT_GNU_RELRO, which is read-only after relocation)? */
static int
hotup_check_rw__(struct hotup *up, const char *bname,
                 const struct hotup_image__ *img, const char *side,
                 const struct hotup_entry *e, uint64_t addr, uint64_t size)
{
    uintptr_t start = img->base + addr;
    const struct hotup_seg__ *seg = hotup_image_seg__(img, start);

    if (!seg || !(seg->flags & PF_W)
        || !hotup_fits__(start - seg->start, size, seg->end - seg->start)) {
        return hotup_error__(up, -ERANGE, "%s: entry '%s': %s range "
                             "[%#" PRIx64 ", +%" PRIu64 ") is not inside a "
                             "writable PT_LOAD segment of %s", bname,
                             e->old_id, side, addr, size, img->src);
    }
    if (start < img->relro_end && start + size > img->relro_start) {
        return hotup_error__(up, -ERANGE, "%s: entry '%s': %s range "
                             "[%#" PRIx64 ", +%" PRIu64 ") is read-only "
                             "after relocation (PT_GNU_RELRO) in %s", bname,
                             e->old_id, side, addr, size, img->src);
    }
    return 0;
}

static int
hotup_check_tls__(struct hotup *up, const char *bname,
                  const struct hotup_image__ *img, const char *side,
                  const struct hotup_entry *e, uint64_t off, uint64_t size)
{
    if (!img->tls_modid) {
        return hotup_error__(up, -ERANGE, "%s: entry '%s' is thread-local "
                             "but %s has no PT_TLS", bname, e->old_id,
                             img->src);
    }
    if (!hotup_fits__(off, size, img->tls_memsz)) {
        return hotup_error__(up, -ERANGE, "%s: entry '%s': %s TLS range "
                             "[%#" PRIx64 ", +%" PRIu64 ") is outside "
                             "PT_TLS (%" PRIu64 " bytes) of %s", bname,
                             e->old_id, side, off, size, img->tls_memsz,
                             img->src);
    }
    return 0;
}

/* Is [start, start+size) inside one segment that is read-only at run
 * time (no PF_W, or inside PT_GNU_RELRO)? */
static bool
hotup_is_ro__(const struct hotup_image__ *img, uintptr_t start, uint64_t size)
{
    const struct hotup_seg__ *seg = hotup_image_seg__(img, start);

    if (!seg || !hotup_fits__(start - seg->start, size,
                              seg->end - seg->start)) {
        return false;
    }
    return !(seg->flags & PF_W)
           || (start >= img->relro_start && start + size <= img->relro_end);
}

static bool
hotup_is_code__(const struct hotup_image__ *img, uintptr_t addr)
{
    const struct hotup_seg__ *seg = hotup_image_seg__(img, addr);

    return seg && (seg->flags & PF_X);
}

/* A RELOCATE entry: one layout in both builds, no functions, and a
 * table of words that all lie in the object. */
static int
hotup_check_words__(struct hotup *up, const char *bname,
                    const struct hotup_entry *e)
{
    if (e->old_size != e->new_size || e->migrate || e->map_offset
        || !(e->flags & HOTUP_ENTRY_POINTERS) || !e->n_words || !e->words) {
        return hotup_error__(up, -EINVAL, "%s: entry '%s': RELOCATE needs "
                             "one size, no functions, the pointers flag and "
                             "a table of words", bname, e->old_id);
    }
    for (uint32_t i = 0; i < e->n_words; i++) {
        const struct hotup_word *w = &e->words[i];
        /* The last word starts at most 'room' bytes in; the words do not
         * overlap one another. */
        uint64_t room = e->old_size - sizeof (void *);
        bool fits = e->old_size >= sizeof (void *) && w->count
                    && (w->count == 1 || (w->stride >= sizeof (void *)
                                          && w->count - 1 <= room / w->stride))
                    && w->off <= room - (w->count - 1) * w->stride;

        if (!fits || w->kind < HOTUP_WORD_DATA || w->kind > HOTUP_WORD_CHECK) {
            return hotup_error__(up, -EINVAL, "%s: entry '%s': word %" PRIu32
                                 " (kind %" PRIu32 ", %" PRIu32 " at byte %"
                                 PRIu64 ", stride %" PRIu64 ") is not a "
                                 "word of its %" PRIu64 "-byte object", bname,
                                 e->old_id, i, w->kind, w->count, w->off,
                                 w->stride, e->old_size);
        }
    }
    return 0;
}

static int
hotup_check_entry__(struct hotup *up, const char *bname,
                    const struct hotup_image__ *old,
                    const struct hotup_image__ *new,
                    const struct hotup_entry *e, uint32_t i)
{
    int err;

    if (!e->old_id || !e->new_id) {
        return hotup_error__(up, -EINVAL, "%s: entry %" PRIu32 " has no "
                             "identity", bname, i);
    }
    if (e->flags & ~HOTUP_ENTRY_FLAGS__) {
        return hotup_error__(up, -EINVAL, "%s: entry '%s': unknown flags "
                             "%#" PRIx32, bname, e->old_id, e->flags);
    }
    if (!e->old_size || !e->new_size) {
        return hotup_error__(up, -EINVAL, "%s: entry '%s': zero size",
                             bname, e->old_id);
    }
    switch (e->kind) {
    case HOTUP_ENTRY_COPY:
        if (e->old_size != e->new_size) {
            return hotup_error__(up, -EINVAL, "%s: entry '%s': COPY with "
                                 "old_size %" PRIu64 " != new_size %" PRIu64,
                                 bname, e->old_id, e->old_size, e->new_size);
        }
        if (e->migrate || e->map_offset) {
            return hotup_error__(up, -EINVAL, "%s: entry '%s': COPY with a "
                                 "migrate or map_offset function", bname,
                                 e->old_id);
        }
        if (e->flags & HOTUP_ENTRY_POINTERS) {
            return hotup_error__(up, -EINVAL, "%s: entry '%s' holds pointers "
                                 "but is a plain COPY", bname, e->old_id);
        }
        break;
    case HOTUP_ENTRY_RELOCATE:
        err = hotup_check_words__(up, bname, e);
        if (err) {
            return err;
        }
        break;
    case HOTUP_ENTRY_CONVERT:
        if (!e->migrate) {
            return hotup_error__(up, -EINVAL, "%s: entry '%s': CONVERT "
                                 "without a migrate function", bname,
                                 e->old_id);
        }
        break;
    default:
        return hotup_error__(up, -EINVAL, "%s: entry '%s': unknown kind "
                             "%" PRIu32, bname, e->old_id, e->kind);
    }

    if (e->flags & HOTUP_ENTRY_TLS) {
        err = hotup_check_tls__(up, bname, old, "old", e, e->old_addr,
                                e->old_size);
        if (!err) {
            err = hotup_check_tls__(up, bname, new, "new", e, e->new_addr,
                                    e->new_size);
        }
    } else {
        err = hotup_check_rw__(up, bname, old, "old", e, e->old_addr,
                               e->old_size);
        if (!err) {
            err = hotup_check_rw__(up, bname, new, "new", e, e->new_addr,
                                   e->new_size);
        }
    }
    return err;
}

static int
hotup_range_cmp__(const void *a_, const void *b_)
{
    const struct hotup_range__ *a = a_, *b = b_;

    return a->start < b->start ? -1 : a->start > b->start;
}

/* Sorts 'r' and refuses overlapping ranges: two entries that read the same
 * old bytes make pointer relocation ambiguous, two that write the same new
 * bytes clobber each other. */
static int
hotup_check_overlap__(struct hotup *up, const char *bname, const char *side,
                      struct hotup_range__ *r, size_t n)
{
    qsort(r, n, sizeof *r, hotup_range_cmp__);
    for (size_t i = 1; i < n; i++) {
        if (r[i].start < r[i - 1].end) {
            return hotup_error__(up, -ERANGE, "%s: entries '%s' and '%s' "
                                 "overlap in %s", bname,
                                 r[i - 1].slot->e->old_id,
                                 r[i].slot->e->old_id, side);
        }
    }
    return 0;
}

static int
hotup_check_funcs__(struct hotup *up, const char *bname,
                    const struct hotup_bundle *b,
                    const struct hotup_image__ *old,
                    const struct hotup_image__ *new)
{
    if (b->n_funcs && !b->funcs) {
        return hotup_error__(up, -EINVAL, "%s: n_funcs %" PRIu32 " but no "
                             "funcs table", bname, b->n_funcs);
    }
    for (uint32_t i = 0; i < b->n_funcs; i++) {
        const struct hotup_func_map *f = &b->funcs[i];

        if (i && f->old_addr <= b->funcs[i - 1].old_addr) {
            return hotup_error__(up, -EINVAL, "%s: funcs[%" PRIu32 "] "
                                 "(old %#" PRIx64 ") is not sorted by "
                                 "old_addr", bname, i, f->old_addr);
        }
        if (!hotup_is_code__(old, old->base + f->old_addr)) {
            return hotup_error__(up, -ERANGE, "%s: funcs[%" PRIu32 "]: old "
                                 "%#" PRIx64 " is not in the code of %s",
                                 bname, i, f->old_addr, old->src);
        }
        if (!hotup_is_code__(new, new->base + f->new_addr)) {
            return hotup_error__(up, -ERANGE, "%s: funcs[%" PRIu32 "]: new "
                                 "%#" PRIx64 " is not in the code of %s",
                                 bname, i, f->new_addr, new->src);
        }
    }
    return 0;
}

static int
hotup_check_rodata__(struct hotup *up, const char *bname,
                     const struct hotup_bundle *b,
                     const struct hotup_image__ *old,
                     const struct hotup_image__ *new)
{
    if (b->n_rodata && !b->rodata) {
        return hotup_error__(up, -EINVAL, "%s: n_rodata %" PRIu32 " but no "
                             "rodata table", bname, b->n_rodata);
    }
    for (uint32_t i = 0; i < b->n_rodata; i++) {
        const struct hotup_rodata_map *r = &b->rodata[i];
        uintptr_t o = old->base + r->old_addr;

        if (!r->size) {
            return hotup_error__(up, -EINVAL, "%s: rodata[%" PRIu32 "] "
                                 "(old %#" PRIx64 ") has size 0", bname, i,
                                 r->old_addr);
        }
        if (i && r->old_addr < b->rodata[i - 1].old_addr
                               + b->rodata[i - 1].size) {
            return hotup_error__(up, -EINVAL, "%s: rodata[%" PRIu32 "] "
                                 "(old %#" PRIx64 ") is not sorted by "
                                 "old_addr or overlaps its predecessor",
                                 bname, i, r->old_addr);
        }
        if (!hotup_is_ro__(old, o, r->size)) {
            return hotup_error__(up, -ERANGE, "%s: rodata[%" PRIu32 "]: old "
                                 "[%#" PRIx64 ", +%" PRIu64 ") is not in "
                                 "the read-only data of %s", bname, i,
                                 r->old_addr, r->size, old->src);
        }
        if (r->new_addr) {
            uintptr_t n = new->base + r->new_addr;

            if (!hotup_is_ro__(new, n, r->size)) {
                return hotup_error__(up, -ERANGE, "%s: rodata[%" PRIu32 "]: "
                                     "new [%#" PRIx64 ", +%" PRIu64 ") is not "
                                     "in the read-only data of %s", bname, i,
                                     r->new_addr, r->size, new->src);
            }
            if (memcmp((const void *) o, (const void *) n, r->size)) {
                return hotup_error__(up, -EINVAL, "%s: rodata[%" PRIu32 "]: "
                                     "old %#" PRIx64 " and new %#" PRIx64
                                     " hold different bytes", bname, i,
                                     r->old_addr, r->new_addr);
            }
        }
    }
    return 0;
}

/* Checks bundle 'b' (from the file 'bname') against the live build 'old'
 * and the prepared build 'new', and resolves every address.  On success
 * *ctxp owns the resolved tables; on failure the message names the bundle
 * and the entry. */
int
hotup_bundle_check__(struct hotup *up, const struct hotup_bundle *b,
                     const struct hotup_image__ *old,
                     const struct hotup_image__ *new,
                     struct hotup_mig_ctx **ctxp)
{
    const char *bname = up->bundle_img ? up->bundle_img->src : "bundle";
    struct hotup_range__ *by_new = NULL;
    struct hotup_mig_ctx *ctx;
    size_t n_new_data = 0, n_new_tls;
    int err = 0;

    *ctxp = NULL;
    if (b->abi != HOTUP_MIGRATION_ABI) {
        return hotup_error__(up, -EPROTO, "%s: bundle ABI %" PRIu32 ", this "
                             "runtime supports %d", bname, b->abi,
                             HOTUP_MIGRATION_ABI);
    }
    if (!b->old_build_id || strcmp(b->old_build_id, old->build_id)) {
        return hotup_error__(up, -ESTALE, "%s: made for old build-id %s, "
                             "but the live build %s is %s", bname,
                             b->old_build_id ? b->old_build_id : "(none)",
                             old->src, old->build_id);
    }
    if (!b->new_build_id || strcmp(b->new_build_id, new->build_id)) {
        return hotup_error__(up, -ESTALE, "%s: made for new build-id %s, "
                             "but %s is %s", bname,
                             b->new_build_id ? b->new_build_id : "(none)",
                             new->src, new->build_id);
    }
    if (b->n_entries && !b->entries) {
        return hotup_error__(up, -EINVAL, "%s: n_entries %" PRIu32 " but no "
                             "entries table", bname, b->n_entries);
    }

    ctx = calloc(1, sizeof *ctx);
    if (!ctx || !(ctx->slots = calloc(b->n_entries + 1, sizeof *ctx->slots))
        || !(ctx->data = calloc(b->n_entries + 1, sizeof *ctx->data))
        || !(ctx->tls = calloc(b->n_entries + 1, sizeof *ctx->tls))
        || !(by_new = calloc(b->n_entries + 1, sizeof *by_new))) {
        err = hotup_error__(up, -ENOMEM, "%s: out of memory", bname);
        goto out;
    }
    ctx->bundle = b;
    ctx->old = old;
    ctx->new = new;

    for (uint32_t i = 0; i < b->n_entries; i++) {
        const struct hotup_entry *e = &b->entries[i];
        struct hotup_slot__ *s = &ctx->slots[i];
        bool tls = e->flags & HOTUP_ENTRY_TLS;

        err = hotup_check_entry__(up, bname, old, new, e, i);
        if (err) {
            goto out;
        }
        s->e = e;
        s->old = tls ? e->old_addr : old->base + e->old_addr;
        s->new = tls ? e->new_addr : new->base + e->new_addr;
        if (tls) {
            ctx->tls[ctx->n_tls++] = (struct hotup_range__) {
                s->old, s->old + e->old_size, s,
            };
        } else {
            ctx->data[ctx->n_data++] = (struct hotup_range__) {
                s->old, s->old + e->old_size, s,
            };
            ctx->static_bytes += e->old_size;
            by_new[n_new_data++] = (struct hotup_range__) {
                s->new, s->new + e->new_size, s,
            };
        }
    }
    err = hotup_check_overlap__(up, bname, "old", ctx->data, ctx->n_data);
    if (!err) {
        err = hotup_check_overlap__(up, bname, "old TLS", ctx->tls,
                                    ctx->n_tls);
    }
    if (!err) {
        err = hotup_check_overlap__(up, bname, "new", by_new, n_new_data);
    }
    if (!err) {
        n_new_tls = 0;
        for (size_t i = 0; i < ctx->n_tls; i++) {
            const struct hotup_slot__ *s = ctx->tls[i].slot;

            by_new[n_new_tls++] = (struct hotup_range__) {
                s->new, s->new + s->e->new_size, s,
            };
        }
        err = hotup_check_overlap__(up, bname, "new TLS", by_new, n_new_tls);
    }
    if (!err) {
        err = hotup_check_funcs__(up, bname, b, old, new);
    }
    if (!err) {
        err = hotup_check_rodata__(up, bname, b, old, new);
    }

out:
    free(by_new);
    if (err) {
        hotup_ctx_destroy__(ctx);
        return err;
    }
    *ctxp = ctx;
    return 0;
}

/* Accepts NULL. */
void
hotup_ctx_destroy__(struct hotup_mig_ctx *ctx)
{
    if (ctx) {
        free(ctx->slots);
        free(ctx->data);
        free(ctx->tls);
        free(ctx);
    }
}
