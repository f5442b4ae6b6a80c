/* The libhotup API: open, start, prepare, commit, abort, close.
 *
 * Life of a handle:
 *
 *     hotup_open --> live --prepare--> live + next + bundle + ctx
 *                     ^                           |               |
 *                     +-- abort or failed commit -+               | commit
 *                                                                 v
 *                          next becomes live; old unloaded (or retired,
 *                          if migrated state still points into it)
 *
 * The old build's memory is only ever read: a failure at any point unloads
 * what prepare loaded and leaves the live build as it was. */
#include "private.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The calling thread's last hotup_open() failure: there is no handle to
 * hold it. */
static _Thread_local char hotup_open_err__[HOTUP_ERR_LEN];

int
hotup_error__(struct hotup *up, int err, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(up->err, sizeof up->err, fmt, args);
    va_end(args);
    return err;
}

static uint64_t
hotup_now_ns__(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Is the option field ending at 'end' inside the caller's struct? */
#define HOTUP_OPT_HAS__(opts, field) \
    ((opts)->sz >= offsetof(struct hotup_opts, field) \
                   + sizeof (opts)->field)

static int
hotup_parse_opts__(struct hotup *up, const struct hotup_opts *opts)
{
    const char *scratch = NULL, *init = NULL;

    if (opts) {
        if (opts->sz < offsetof(struct hotup_opts, thread_entry)
                       + sizeof opts->thread_entry) {
            return hotup_error__(up, -EINVAL, "hotup_opts: sz %zu is too "
                                 "small", opts->sz);
        }
        for (size_t i = sizeof *opts; i < opts->sz; i++) {
            if (((const char *) opts)[i]) {
                return hotup_error__(up, -E2BIG, "hotup_opts: unknown "
                                     "non-zero option at byte %zu", i);
            }
        }
        if (opts->thread_entry
            || (HOTUP_OPT_HAS__(opts, n_threads) && opts->n_threads)) {
            return hotup_error__(up, -EOPNOTSUPP, "hotup_opts: datapath "
                                 "threads are not supported yet");
        }
        if (HOTUP_OPT_HAS__(opts, init_entry)) {
            init = opts->init_entry;
        }
        if (HOTUP_OPT_HAS__(opts, scratch_dir)) {
            scratch = opts->scratch_dir;
        }
    }
    if (!scratch || !*scratch) {
        scratch = getenv("TMPDIR");
    }
    if (!scratch || !*scratch) {
        scratch = "/tmp";
    }
    up->scratch_dir = strdup(scratch);
    up->init_entry = init ? strdup(init) : NULL;
    if (!up->scratch_dir || (init && !up->init_entry)) {
        return hotup_error__(up, -ENOMEM, "out of memory");
    }
    return 0;
}

int
hotup_open(const char *dp_path, const struct hotup_opts *opts,
           struct hotup **upp)
{
    struct hotup *up;
    int err;

    if (!upp) {
        snprintf(hotup_open_err__, sizeof hotup_open_err__,
                 "hotup_open: no handle pointer");
        return -EINVAL;
    }
    *upp = NULL;
    up = calloc(1, sizeof *up);
    if (!up) {
        snprintf(hotup_open_err__, sizeof hotup_open_err__,
                 "hotup_open: out of memory");
        return -ENOMEM;
    }

    err = hotup_parse_opts__(up, opts);
    if (!err && !dp_path) {
        err = hotup_error__(up, -EINVAL, "hotup_open: no datapath path");
    }
    if (!err) {
        err = hotup_image_load__(up, dp_path, true, &up->live);
    }
    if (err) {
        snprintf(hotup_open_err__, sizeof hotup_open_err__, "%s", up->err);
        hotup_close(up);
        return err;
    }
    *upp = up;
    return 0;
}

int
hotup_start(struct hotup *up)
{
    if (up->started) {
        return hotup_error__(up, -EALREADY, "%s: already started",
                             up->live->src);
    }
    if (up->init_entry) {
        void *sym = dlsym(up->live->handle, up->init_entry);
        int (*init)(void);
        int rc;

        if (!sym) {
            return hotup_error__(up, -ENOENT, "%s: no init entry '%s'",
                                 up->live->src, up->init_entry);
        }
        init = (int (*)(void)) sym;
        rc = init();
        if (rc) {
            return hotup_error__(up, -ECANCELED, "%s: init entry '%s' "
                                 "returned %d", up->live->src,
                                 up->init_entry, rc);
        }
    }
    up->started = true;
    return 0;
}

/* Unloads the prepared upgrade, if any.  The live build is not touched. */
static void
hotup_drop_prepared__(struct hotup *up)
{
    hotup_ctx_destroy__(up->ctx);
    up->ctx = NULL;
    hotup_image_unload__(up->bundle_img);
    up->bundle_img = NULL;
    hotup_image_unload__(up->next);
    up->next = NULL;
}

int
hotup_prepare(struct hotup *up, const char *new_dp_path,
              const char *bundle_path)
{
    const struct hotup_bundle *b;
    struct hotup_image__ **retired;
    int err;

    if (up->next) {
        return hotup_error__(up, -EBUSY, "%s: an upgrade to %s is already "
                             "prepared", up->live->src, up->next->src);
    }
    if (!new_dp_path || !bundle_path) {
        return hotup_error__(up, -EINVAL, "hotup_prepare: missing path");
    }

    err = hotup_image_load__(up, new_dp_path, true, &up->next);
    if (err) {
        goto error;
    }
    if (up->next->handle == up->live->handle
        || up->next->base == up->live->base) {
        /* Cannot happen with unique copies; checked all the same (E6). */
        err = hotup_error__(up, -EEXIST, "%s: dlopen returned the live "
                            "build %s", new_dp_path, up->live->src);
        goto error;
    }
    err = hotup_check_binding__(up, up->live, up->next);
    if (err) {
        goto error;
    }

    err = hotup_image_load__(up, bundle_path, false, &up->bundle_img);
    if (err) {
        goto error;
    }
    dlerror();
    b = dlsym(up->bundle_img->handle, HOTUP_BUNDLE_SYMBOL);
    if (!b) {
        err = hotup_error__(up, -ENOENT, "%s: no symbol '%s': not a "
                            "migration bundle", bundle_path,
                            HOTUP_BUNDLE_SYMBOL);
        goto error;
    }
#ifndef __x86_64__
    for (uint32_t i = 0; i < b->n_entries && b->entries; i++) {
        if (b->entries[i].flags & HOTUP_ENTRY_TLS) {
            err = hotup_error__(up, -ENOTSUP, "%s: entry '%s': thread-local "
                                "migration is x86-64 only for now",
                                bundle_path, b->entries[i].old_id);
            goto error;
        }
    }
#endif
    err = hotup_bundle_check__(up, b, up->live, up->next, &up->ctx);
    if (err) {
        goto error;
    }

    /* Room to retire the live build, should commit have to keep it mapped,
     * so that commit cannot fail for want of memory after the switch. */
    retired = realloc(up->retired, (up->n_retired + 1) * sizeof *retired);
    if (!retired) {
        err = hotup_error__(up, -ENOMEM, "out of memory");
        goto error;
    }
    up->retired = retired;
    return 0;

error:
    hotup_drop_prepared__(up);
    return err;
}

#ifdef __x86_64__
/* The x86-64 psABI's argument of __tls_get_addr (glibc's tls_index). */
struct hotup_tls_index__ {
    unsigned long ti_module;
    unsigned long ti_offset;
};
extern void *__tls_get_addr(struct hotup_tls_index__ *);
#endif

/* Finds the committing thread's TLS blocks.  Only the calling thread's
 * block is migrated for now (per-thread migration comes with the threads
 * issue).  A thread that never touched old's TLS has no block: nothing to
 * migrate, and old is not asked (that would allocate one, pitfall D3). */
static void
hotup_tls_blocks__(struct hotup_mig_ctx *ctx)
{
    void *old_block = NULL;

    ctx->old_tls = ctx->new_tls = 0;
    if (!ctx->n_tls
        || dlinfo(ctx->old->handle, RTLD_DI_TLS_DATA, &old_block)
        || !old_block) {
        return;
    }
#ifdef __x86_64__
    struct hotup_tls_index__ ti = { ctx->new->tls_modid, 0 };

    ctx->old_tls = (uintptr_t) old_block;
    ctx->new_tls = (uintptr_t) __tls_get_addr(&ti);    /* Allocates. */
#endif
}

int
hotup_commit(struct hotup *up, struct hotup_report *report)
{
    struct hotup_report rep;
    struct hotup_mig_ctx *ctx = up->ctx;
    struct hotup_image__ *old;
    uint64_t t0, t1, t2;
    int err = 0;

    memset(&rep, 0, sizeof rep);
    if (!ctx) {
        err = hotup_error__(up, -ENOENT, "%s: no upgrade prepared",
                            up->live->src);
        snprintf(rep.error, sizeof rep.error, "%s", up->err);
        goto out;
    }

    /* The break window starts. */
    t0 = hotup_now_ns__();
    rep.n_entries = ctx->bundle->n_entries;
    hotup_tls_blocks__(ctx);
    for (uint32_t i = 0; i < ctx->bundle->n_entries; i++) {
        const struct hotup_slot__ *s = &ctx->slots[i];
        const struct hotup_entry *e = s->e;
        void *src = (void *) s->old, *dst = (void *) s->new;
        int rc;

        if (e->flags & HOTUP_ENTRY_TLS) {
            if (!ctx->old_tls) {
                continue;       /* This thread has no old TLS block. */
            }
            src = (void *) (ctx->old_tls + s->old);
            dst = (void *) (ctx->new_tls + s->new);
        }
        if (e->kind == HOTUP_ENTRY_COPY) {
            memcpy(dst, src, e->old_size);
            rep.n_copied++;
        } else {
            rc = e->migrate(ctx, src, dst);
            if (rc) {
                err = hotup_error__(up, -ECANCELED, "%s: entry '%s' -> '%s' "
                                    "failed with %s; %s stays live",
                                    up->bundle_img->src, e->old_id,
                                    e->new_id, hotup_mig_strerror__(rc),
                                    hotup_basename__(up->live->src));
                break;
            }
            rep.n_converted++;
        }
        rep.bytes_migrated += e->old_size;
    }
    t1 = hotup_now_ns__();
    rep.migrate_ns = t1 - t0;
    if (err) {
        /* Roll back: old was only read, new is scratch. */
        ctx->old_tls = ctx->new_tls = 0;
        rep.break_ns = hotup_now_ns__() - t0;
        snprintf(rep.error, sizeof rep.error, "%s", up->err);
        hotup_drop_prepared__(up);
        goto out;
    }

    /* Switch.  With threads, this is where they resume in new. */
    old = up->live;
    up->live = up->next;
    up->next = NULL;
    t2 = hotup_now_ns__();
    rep.switch_ns = t2 - t1;
    rep.break_ns = t2 - t0;
    /* The break window ends. */

    rep.keeps_old_mapped = ctx->keeps_old;
    ctx->old_tls = ctx->new_tls = 0;
    hotup_drop_prepared__(up);          /* The bundle and its context. */
    if (rep.keeps_old_mapped) {
        up->retired[up->n_retired++] = old;     /* Room made by prepare. */
    } else {
        hotup_image_unload__(old);
    }
    up->err[0] = '\0';

out:
    if (report) {
        *report = rep;
    }
    return err;
}

int
hotup_abort(struct hotup *up)
{
    hotup_drop_prepared__(up);
    return 0;
}

void *
hotup_sym(struct hotup *up, const char *name)
{
    void *sym;

    if (!name) {
        hotup_error__(up, -EINVAL, "hotup_sym: no name");
        return NULL;
    }
    dlerror();
    sym = dlsym(up->live->handle, name);
    if (!sym) {
        hotup_error__(up, -ENOENT, "%s: no symbol '%s'", up->live->src, name);
    }
    return sym;
}

const char *
hotup_strerror(struct hotup *up)
{
    const char *msg = up ? up->err : hotup_open_err__;

    return *msg ? msg : "no error";
}

void
hotup_close(struct hotup *up)
{
    if (up) {
        hotup_drop_prepared__(up);
        hotup_image_unload__(up->live);
        for (size_t i = 0; i < up->n_retired; i++) {
            hotup_image_unload__(up->retired[i]);
        }
        free(up->retired);
        free(up->scratch_dir);
        free(up->init_entry);
        free(up);
    }
}
