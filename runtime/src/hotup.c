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
 * A commit is the break window (threads.c has the protocol):
 *
 *   host sections drained, new ones wait    (host_wait_ns, before the break)
 *   stop: every datapath thread parks, each
 *         migrating its own TLS block        stop_ns     -+
 *   migrate: static state (and the           migrate_ns   |
 *         committing thread's TLS)                        | break_ns
 *   switch: new is live, threads' entry      switch_ns    |
 *   resume: threads run the new entry        resume_ns   -+
 *   host sections run again; old unloaded   (after the break)
 *
 * The old build's memory is only ever read: a failure at any point before
 * the switch resumes the old build's threads and unloads what prepare
 * loaded, leaving the live build as it was. */
#include "private.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The calling thread's last error: hotup_strerror(). */
static _Thread_local char hotup_err__[HOTUP_ERR_LEN];

int
hotup_error__(struct hotup *up, int err, const char *fmt, ...)
{
    va_list args;

    (void) up;
    va_start(args, fmt);
    vsnprintf(hotup_err__, sizeof hotup_err__, fmt, args);
    va_end(args);
    return err;
}

uint64_t
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
    const char *scratch = NULL, *init = NULL, *entry = NULL;
    unsigned stop_us = 0, host_us = 0;

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
        entry = opts->thread_entry;
        if (HOTUP_OPT_HAS__(opts, n_threads)) {
            up->n_threads = opts->n_threads;
        }
        if (entry && (up->n_threads < 1
                      || up->n_threads > HOTUP_MAX_THREADS)) {
            return hotup_error__(up, -EINVAL, "hotup_opts: n_threads %u "
                                 "with a thread entry (1 to %u)",
                                 up->n_threads, HOTUP_MAX_THREADS);
        }
        if (!entry && up->n_threads) {
            return hotup_error__(up, -EINVAL, "hotup_opts: n_threads %u "
                                 "without a thread entry", up->n_threads);
        }
        if (HOTUP_OPT_HAS__(opts, stop_deadline_us)) {
            stop_us = opts->stop_deadline_us;
        }
        if (HOTUP_OPT_HAS__(opts, host_deadline_us)) {
            host_us = opts->host_deadline_us;
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
    up->stop_deadline_ns = 1000ull * (stop_us ? stop_us
                                      : HOTUP_DEFAULT_DEADLINE_US);
    up->host_deadline_ns = 1000ull * (host_us ? host_us
                                      : HOTUP_DEFAULT_DEADLINE_US);
    up->scratch_dir = strdup(scratch);
    up->init_entry = init ? strdup(init) : NULL;
    up->thread_entry = entry ? strdup(entry) : NULL;
    if (!up->scratch_dir || (init && !up->init_entry)
        || (entry && !up->thread_entry)) {
        return hotup_error__(up, -ENOMEM, "out of memory");
    }
    return 0;
}

/* The thread entry of 'img', or NULL (and -ENOENT in *errp). */
static hotup_thread_entry_fn *
hotup_find_entry__(struct hotup *up, const struct hotup_image__ *img,
                   int *errp)
{
    void *sym;

    dlerror();
    sym = dlsym(img->handle, up->thread_entry);
    if (!sym) {
        *errp = hotup_error__(up, -ENOENT, "%s: no thread entry '%s'",
                              img->src, up->thread_entry);
    }
    return (hotup_thread_entry_fn *) sym;
}

int
hotup_open(const char *dp_path, const struct hotup_opts *opts,
           struct hotup **upp)
{
    struct hotup *up;
    int err;

    if (!upp) {
        return hotup_error__(NULL, -EINVAL, "hotup_open: no handle pointer");
    }
    *upp = NULL;
    up = calloc(1, sizeof *up);
    if (!up) {
        return hotup_error__(NULL, -ENOMEM, "hotup_open: out of memory");
    }
    pthread_mutex_init(&up->lock, NULL);
    up->ctl_fd = up->ctl_stop_fd[0] = up->ctl_stop_fd[1] = -1;

    err = hotup_parse_opts__(up, opts);
    if (!err && !dp_path) {
        err = hotup_error__(up, -EINVAL, "hotup_open: no datapath path");
    }
    if (!err) {
        err = hotup_sections_init__(up);
    }
    if (!err) {
        err = hotup_threads_init__(up);
    }
    if (!err) {
        err = hotup_image_load__(up, dp_path, true, &up->live);
    }
    if (!err && up->thread_entry) {
        up->live_entry = hotup_find_entry__(up, up->live, &err);
    }
    if (err) {
        char msg[HOTUP_ERR_LEN];

        snprintf(msg, sizeof msg, "%s", hotup_err__);
        hotup_close(up);
        snprintf(hotup_err__, sizeof hotup_err__, "%s", msg);
        return err;
    }
    *upp = up;
    return 0;
}

int
hotup_start(struct hotup *up)
{
    int err = 0;

    pthread_mutex_lock(&up->lock);
    if (up->started) {
        err = hotup_error__(up, -EALREADY, "%s: already started",
                            up->live->src);
        goto out;
    }
    if (up->init_entry && !up->init_done) {
        void *sym = dlsym(up->live->handle, up->init_entry);
        int (*init)(void);
        int rc;

        if (!sym) {
            err = hotup_error__(up, -ENOENT, "%s: no init entry '%s'",
                                up->live->src, up->init_entry);
            goto out;
        }
        init = (int (*)(void)) sym;
        rc = init();
        if (rc) {
            err = hotup_error__(up, -ECANCELED, "%s: init entry '%s' "
                                "returned %d", up->live->src,
                                up->init_entry, rc);
            goto out;
        }
    }
    up->init_done = true;
    for (unsigned i = 0; i < up->n_threads; i++) {
        up->threads[i].entry = up->live_entry;
    }
    err = hotup_threads_start__(up);
    if (!err) {
        up->started = true;
    }
out:
    pthread_mutex_unlock(&up->lock);
    return err;
}

/* Unloads the prepared upgrade, if any.  The live build is not touched. */
void
hotup_drop_prepared__(struct hotup *up)
{
    hotup_ctx_destroy__(up->ctx);
    up->ctx = NULL;
    hotup_image_unload__(up->bundle_img);
    up->bundle_img = NULL;
    hotup_image_unload__(up->next);
    up->next = NULL;
    up->next_entry = NULL;
}

int
hotup_prepare_locked__(struct hotup *up, const char *new_dp_path,
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
    if (up->thread_entry) {
        up->next_entry = hotup_find_entry__(up, up->next, &err);
        if (err) {
            goto error;
        }
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

    /* No page faults in the break window: map the new build (writable
     * pages made private), the bundle, and every page of the live build
     * (read only). */
    hotup_image_prefault__(up->next, true);
    hotup_image_prefault__(up->bundle_img, false);
    hotup_image_prefault__(up->live, false);

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

int
hotup_prepare(struct hotup *up, const char *new_dp_path,
              const char *bundle_path)
{
    int err;

    pthread_mutex_lock(&up->lock);
    err = hotup_prepare_locked__(up, new_dp_path, bundle_path);
    pthread_mutex_unlock(&up->lock);
    return err;
}

int
hotup_commit_locked__(struct hotup *up, struct hotup_report *rep)
{
    struct hotup_mig_ctx *plan = up->ctx, ctx;
    struct hotup_image__ *old = up->live;
    bool plan_busy = false;
    uint64_t t0, t1, t2;
    int err;

    memset(rep, 0, sizeof *rep);
    rep->laggard = -1;
    if (!plan) {
        err = hotup_error__(up, -ENOENT, "%s: no upgrade prepared",
                            up->live->src);
        goto out;
    }
    if (hotup_in_section__(up)) {
        err = hotup_error__(up, -EDEADLK, "hotup_commit inside a datapath "
                            "section (hotup_enter) would wait for itself");
        goto out;
    }
    rep->n_entries = plan->bundle->n_entries;

    /* Before the window: host calls drain, then the committing thread
     * migrates its own TLS block (nobody else writes it). */
    err = hotup_sections_block__(up, rep);
    if (err) {
        goto fail;
    }
    up->win_own.old = up->win_own.new = 0;
    if (plan->n_tls) {
        hotup_tls_blocks__(plan->old, plan->new, &up->win_own);
    }
    if (up->win_own.old) {
        uint32_t failed = 0;
        int rc;

        ctx = *plan;
        ctx.old_tls = up->win_own.old;
        ctx.new_tls = up->win_own.new;
        ctx.keeps_old = false;
        hotup_migrate_tls__(&ctx, &rep->n_copied, &rep->n_converted,
                            &rep->bytes_migrated, &failed, &rc);
        rep->n_tls_blocks++;
        rep->keeps_old_mapped |= ctx.keeps_old;
        if (rc) {
            err = hotup_error__(up, -ECANCELED, "%s: entry '%s' -> '%s' "
                                "failed with %s in the committing thread; "
                                "%s stays live", up->bundle_img->src,
                                plan->bundle->entries[failed].old_id,
                                plan->bundle->entries[failed].new_id,
                                hotup_mig_strerror__(rc),
                                hotup_basename__(up->live->src));
            hotup_sections_unblock__(up);
            goto fail;
        }
    }

    err = 1;
    if (up->started && up->n_threads) {
        /* The break window, run by the datapath threads. */
        err = hotup_window_run__(up, rep, &plan_busy);
    }
    if (err == 1) {
        /* No threads: the committing thread migrates and switches. */
        t0 = hotup_now_ns__();
        ctx = *plan;
        ctx.old_tls = ctx.new_tls = 0;
        ctx.blocks = &up->win_own;
        ctx.n_blocks = up->win_own.old != 0;
        ctx.keeps_old = false;
        err = hotup_migrate_static__(up, &ctx, rep);
        rep->keeps_old_mapped |= ctx.keeps_old;
        t1 = hotup_now_ns__();
        if (!err) {
            __atomic_store_n(&up->live, up->next, __ATOMIC_RELEASE);
            up->live_entry = up->next_entry;
            for (unsigned i = 0; i < up->n_threads; i++) {
                up->threads[i].entry = up->live_entry;  /* Not started. */
            }
        }
        t2 = hotup_now_ns__();
        rep->migrate_ns = t1 - t0;
        rep->switch_ns = t2 - t1;
        rep->break_ns = t2 - t0;
    }
    hotup_sections_unblock__(up);
    if (err) {
        if (plan_busy) {
            /* A thread may still run the plan's code: keep it mapped,
             * for good. */
            up->next = NULL;
            up->bundle_img = NULL;
            up->ctx = NULL;
        }
        goto fail;
    }

    /* After the window: new is live (the window switched). */
    up->next = NULL;
    hotup_drop_prepared__(up);          /* The bundle and its context. */
    rep->keeps_old_mapped |= old->has_exit_code;
    if (rep->keeps_old_mapped) {
        up->retired[up->n_retired++] = old;     /* Room made by prepare. */
    } else {
        hotup_image_unload__(old);
    }
    hotup_err__[0] = '\0';
    up->n_commits++;
    goto out;

fail:
    hotup_drop_prepared__(up);
    up->n_failed++;
out:
    if (err) {
        snprintf(rep->error, sizeof rep->error, "%s", hotup_err__);
    }
    if (plan) {
        up->last = *rep;
        up->has_last = true;
    }
    return err;
}
int
hotup_commit(struct hotup *up, struct hotup_report *report)
{
    struct hotup_report rep;
    int err;

    pthread_mutex_lock(&up->lock);
    err = hotup_commit_locked__(up, &rep);
    pthread_mutex_unlock(&up->lock);
    if (report) {
        *report = rep;
    }
    return err;
}

int
hotup_upgrade(struct hotup *up, const char *new_dp_path,
              const char *bundle_path, struct hotup_report *report)
{
    struct hotup_report rep;
    int err;

    pthread_mutex_lock(&up->lock);
    err = hotup_prepare_locked__(up, new_dp_path, bundle_path);
    if (!err) {
        err = hotup_commit_locked__(up, &rep);
    } else {
        memset(&rep, 0, sizeof rep);
        rep.laggard = -1;
        snprintf(rep.error, sizeof rep.error, "%s", hotup_err__);
    }
    pthread_mutex_unlock(&up->lock);
    if (report) {
        *report = rep;
    }
    return err;
}

int
hotup_abort(struct hotup *up)
{
    pthread_mutex_lock(&up->lock);
    hotup_drop_prepared__(up);
    pthread_mutex_unlock(&up->lock);
    return 0;
}

void *
hotup_sym(struct hotup *up, const char *name)
{
    struct hotup_image__ *live = __atomic_load_n(&up->live,
                                                 __ATOMIC_ACQUIRE);
    void *sym;

    if (!name) {
        hotup_error__(up, -EINVAL, "hotup_sym: no name");
        return NULL;
    }
    dlerror();
    sym = dlsym(live->handle, name);
    if (!sym) {
        hotup_error__(up, -ENOENT, "%s: no symbol '%s'", live->src, name);
    }
    return sym;
}

int
hotup_thread_tid(struct hotup *up, unsigned idx)
{
    if (idx >= up->n_threads) {
        return hotup_error__(up, -EINVAL, "no datapath thread %u (there "
                             "are %u)", idx, up->n_threads);
    }
    if (!up->threads[idx].created || atomic_load(&up->threads[idx].done)) {
        return hotup_error__(up, -ESRCH, "datapath thread %u is not "
                             "running", idx);
    }
    return atomic_load(&up->threads[idx].tid);
}

const char *
hotup_strerror(struct hotup *up)
{
    (void) up;
    return *hotup_err__ ? hotup_err__ : "no error";
}

void
hotup_close(struct hotup *up)
{
    if (!up) {
        return;
    }
    hotup_ctl_stop__(up);
    pthread_mutex_lock(&up->lock);
    if (up->threads) {
        hotup_threads_stop_all__(up);
        for (unsigned i = 0; i < up->n_threads; i++) {
            if (up->threads[i].created) {
                /* It still runs datapath code: unload nothing. */
                pthread_mutex_unlock(&up->lock);
                return;
            }
        }
    }
    hotup_drop_prepared__(up);
    hotup_image_unload__(up->live);
    for (size_t i = 0; i < up->n_retired; i++) {
        hotup_image_unload__(up->retired[i]);
    }
    hotup_sections_destroy__(up);
    hotup_threads_destroy__(up);
    free(up->retired);
    free(up->scratch_dir);
    free(up->init_entry);
    free(up->thread_entry);
    pthread_mutex_unlock(&up->lock);
    pthread_mutex_destroy(&up->lock);
    free(up);
}
