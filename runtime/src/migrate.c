/* Running a bundle's entries: the static ones (in the break window, by
 * whichever thread leads it), and the thread-local ones in each thread.
 *
 * glibc has no API to reach another thread's TLS block (pitfall D4), so
 * each thread converts its own: datapath threads in their park handler,
 * the committing thread for itself.  A thread that never touched the old
 * build's TLS has no block (dlinfo(RTLD_DI_TLS_DATA) is NULL): nothing to
 * migrate, and the old build is not asked through __tls_get_addr, which
 * would allocate one (pitfall D3). */
#include "private.h"

#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#ifdef __x86_64__
/* The x86-64 psABI's argument of __tls_get_addr (glibc's tls_index). */
struct hotup_tls_index__ {
    unsigned long ti_module;
    unsigned long ti_offset;
};
extern void *__tls_get_addr(struct hotup_tls_index__ *);
#endif

/* The calling thread's blocks of 'old' and 'new' into 'pair'; both 0 if it
 * has no block of 'old'.  Allocates its block of 'new' (initialised with
 * new's TLS image) if it had none. */
void
hotup_tls_blocks__(const struct hotup_image__ *old,
                   const struct hotup_image__ *new,
                   struct hotup_tls_pair__ *pair)
{
    void *old_block = NULL;

    pair->old = pair->new = 0;
    if (!old->tls_modid || !new->tls_modid
        || dlinfo(old->handle, RTLD_DI_TLS_DATA, &old_block)
        || !old_block) {
        return;
    }
#ifdef __x86_64__
    struct hotup_tls_index__ ti = { new->tls_modid, 0 };

    pair->old = (uintptr_t) old_block;
    pair->new = (uintptr_t) __tls_get_addr(&ti);        /* Allocates. */
#endif
}

/* Runs entry 'e' from 'src' into 'dst': 0 or a HOTUP_MIG_E* code. */
static int
hotup_run_entry__(struct hotup_mig_ctx *ctx, const struct hotup_entry *e,
                  const void *src, void *dst)
{
    switch (e->kind) {
    case HOTUP_ENTRY_COPY:
        memcpy(dst, src, e->old_size);
        return 0;
    case HOTUP_ENTRY_RELOCATE:
        return hotup_relocate__(ctx, e, src, dst);
    default:
        return e->migrate(ctx, src, dst);
    }
}

/* Runs the thread-local entries of ctx's bundle, in bundle order, from
 * ctx->old_tls into ctx->new_tls (the calling thread's blocks).  Counts
 * what it applied; on failure sets *failed to the entry's index and *rc to
 * its HOTUP_MIG_E* code and stops.  Never writes the old block. */
void
hotup_migrate_tls__(struct hotup_mig_ctx *ctx, uint32_t *copied,
                    uint32_t *converted, uint64_t *bytes, uint32_t *failed,
                    int *rc)
{
    *rc = 0;
    if (!ctx->old_tls) {
        return;
    }
    for (uint32_t i = 0; i < ctx->bundle->n_entries; i++) {
        const struct hotup_slot__ *s = &ctx->slots[i];
        const struct hotup_entry *e = s->e;
        const void *src = (const void *) (ctx->old_tls + s->old);
        void *dst = (void *) (ctx->new_tls + s->new);

        if (!(e->flags & HOTUP_ENTRY_TLS)) {
            continue;
        }
        int r = hotup_run_entry__(ctx, e, src, dst);

        if (r) {
            *failed = i;
            *rc = r;
            return;
        }
        if (e->kind == HOTUP_ENTRY_COPY) {
            (*copied)++;
        } else {
            (*converted)++;
        }
        *bytes += e->old_size;
    }
}

/* Runs the bundle's static entries (not the thread-local ones) in bundle
 * order.  On failure names the entry and returns -ECANCELED. */
int
hotup_migrate_static__(struct hotup *up, struct hotup_mig_ctx *ctx,
                       struct hotup_report *rep)
{
    for (uint32_t i = 0; i < ctx->bundle->n_entries; i++) {
        const struct hotup_slot__ *s = &ctx->slots[i];
        const struct hotup_entry *e = s->e;
        int rc;

        if (e->flags & HOTUP_ENTRY_TLS) {
            continue;
        }
        rc = hotup_run_entry__(ctx, e, (const void *) s->old,
                               (void *) s->new);
        if (rc) {
            return hotup_error__(up, -ECANCELED, "%s: entry '%s' -> '%s' "
                                 "failed with %s; %s stays live",
                                 up->bundle_img->src, e->old_id, e->new_id,
                                 hotup_mig_strerror__(rc),
                                 hotup_basename__(up->live->src));
        }
        if (e->kind == HOTUP_ENTRY_COPY) {
            rep->n_copied++;
        } else {
            rep->n_converted++;
        }
        rep->bytes_migrated += e->old_size;
    }
    return 0;
}

/* Sums up the TLS migrations the parked threads did for epoch 'e'; names
 * the first that failed. */
int
hotup_threads_tls__(struct hotup *up, uint32_t e, struct hotup_report *rep,
                    bool *keeps_old)
{
    for (unsigned i = 0; i < up->n_threads; i++) {
        const struct hotup_thread__ *t = &up->threads[i];
        char name[96];

        if (!t->created || atomic_load(&t->parked) != e || !t->tls.old) {
            continue;
        }
        if (t->tls_rc) {
            const struct hotup_entry *fe = &up->ctx->bundle->entries[
                t->tls_failed];

            hotup_thread_name__(t, name, sizeof name);
            return hotup_error__(up, -ECANCELED, "%s: entry '%s' -> '%s' "
                                 "failed with %s in %s; %s stays live",
                                 up->bundle_img->src, fe->old_id,
                                 fe->new_id, hotup_mig_strerror__(t->tls_rc),
                                 name, hotup_basename__(up->live->src));
        }
        rep->n_copied += t->tls_copied;
        rep->n_converted += t->tls_converted;
        rep->bytes_migrated += t->tls_bytes;
        rep->n_tls_blocks++;
        *keeps_old |= t->tls_keeps_old;
    }
    return 0;
}

