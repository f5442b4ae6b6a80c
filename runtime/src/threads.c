/* Datapath threads: start, the checkpoint's slow path, park, and the break
 * window.
 *
 * A datapath thread runs hotup_thread_main__(), which calls the live
 * build's entry.  The entry calls hotup_checkpoint() once per pass: one
 * atomic load of its own request word.
 *
 * The break window is run by the datapath threads themselves, so that
 * nothing inside it waits for a thread to be woken up and scheduled (on a
 * busy machine, a woken thread can wait a whole time slice for a CPU).
 * Even the stop requests are issued by a datapath thread: the controller
 * runs on some CPU, where a datapath thread would have to wait for it to
 * get off.  For commit number E:
 *
 *   controller                        datapath threads
 *   ----------                        ----------------
 *   pending = E:1 (a guard)
 *   req |= START (first thread)  -->  its checkpoint: takes START; t0;
 *   sleeps until the window is          for each thread: pending++, and
 *     over, or the deadline             req |= STOP (but itself); then
 *                                       pending-- (the guard); returns
 *                                       true, its entry returns, it parks
 *                                     the others' checkpoints: claim STOP
 *                                       (clear it atomically), return
 *                                       true; the entry returns
 *                                     park: each thread migrates its own
 *                                       TLS block, then pending--
 *                                     the one that brings pending to 0
 *                                       LEADS: migrates the static state,
 *                                       switches, sets go = E:RESUME
 *                                     the others spin on 'go' (sleep on
 *                                       it after a while, or at once if
 *                                       threads outnumber CPUs; the leader
 *                                       wakes them as it starts)
 *                                     each calls t->entry: the new one
 *   collects the report  <--------    first checkpoint: timed (gap)
 *
 * A missed deadline withdraws the requests: the controller clears START,
 * then STOP in every thread, with the same atomic read-modify-write the
 * threads take them with, so that exactly one side wins.  If START was
 * still there, nothing happened.  If it withdrew a STOP, that thread never
 * parks, pending never reaches 0, no leader can exist: the controller sets
 * go = E:RESUME itself and every parked thread runs its old entry again.
 * It then waits for the threads that had claimed the request to park (they
 * run the plan's TLS code on the way) before the plan is unloaded.  If
 * every thread had claimed it, a leader is coming: the commit goes on.
 * The deadline is on reaching a checkpoint.
 *
 * A thread that ends (its entry returned unasked) marks its request word
 * DEAD with one atomic OR; a request that finds DEAD in the result of its
 * own OR does not count on that thread.  Epochs are kept in 'pending' and
 * 'go' so that a late thread of an earlier commit can never be taken for
 * one of this commit. */
#include "private.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOTUP_SPIN__ 200                /* pause instructions before any
                                         * other kind of waiting. */
#define HOTUP_PARK_SPIN_NS__ (200ull * 1000) /* A parked thread spins this
                                         * long (if threads <= CPUs) while
                                         * the leader runs on another CPU
                                         * (on its own: at once)... */
#define HOTUP_STRAGGLER_SPIN_NS__ (3ull * 1000) /* ...this long while a
                                         * thread has yet to park, then
                                         * sleeps: its CPU goes idle, and
                                         * the kernel moves there a
                                         * straggler that waits behind
                                         * another task (yielding would
                                         * keep the CPU busy: no such
                                         * balancing, a whole time slice
                                         * lost). */
#define HOTUP_EARLY_WAKE_BYTES__ (64u * 1024) /* The leader wakes sleeping
                                         * parked threads as it starts if
                                         * it has this much to migrate
                                         * (about 10 us of work). */
#define HOTUP_POLL_NS__ (100ull * 1000) /* The controller's sleep slices
                                         * while threads run the window. */

/* How long hotup_close() waits for the datapath threads to end, and a
 * commit for threads that claimed a withdrawn stop request to park, or for
 * a leader that is on its way. */
#define HOTUP_GRACE_NS__ (10ull * 1000 * 1000 * 1000)

static inline void
hotup_relax__(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

void
hotup_futex_wait__(_Atomic uint32_t *word, uint32_t val, uint64_t timeout_ns)
{
    struct timespec ts, *tsp = NULL;

    if (timeout_ns) {
        ts.tv_sec = timeout_ns / 1000000000u;
        ts.tv_nsec = timeout_ns % 1000000000u;
        tsp = &ts;
    }
    syscall(SYS_futex, (uint32_t *) word, FUTEX_WAIT_PRIVATE, val, tsp,
            NULL, 0);
}

void
hotup_futex_wake__(_Atomic uint32_t *word, int n)
{
    syscall(SYS_futex, (uint32_t *) word, FUTEX_WAKE_PRIVATE, n, NULL, NULL,
            0);
}

/* Tells the controller that something it may wait for happened (the
 * caller published it with a release store before). */
void
hotup_notify_ctl__(struct hotup *up)
{
    atomic_fetch_add(&up->ctl_wake, 1);                 /* seq_cst */
    if (atomic_load(&up->ctl_waiting)) {
        hotup_futex_wake__(&up->ctl_wake, 1);
    }
}

/* Waits until done(up, arg) or the CLOCK_MONOTONIC time 'deadline_ns',
 * sleeping on ctl_wake.  With 'slice_ns' (for conditions nobody notifies,
 * while datapath threads need the CPUs) sleeps at once, at most that long
 * at a time; without, spins a little first.  Returns 0 or -ETIMEDOUT. */
static int
hotup_wait_slices__(struct hotup *up, bool (*done)(struct hotup *, void *),
                    void *arg, uint64_t deadline_ns, uint64_t slice_ns)
{
    for (int spin = slice_ns ? HOTUP_SPIN__ : 0; spin < HOTUP_SPIN__;
         spin++) {
        if (done(up, arg)) {
            return 0;
        }
        hotup_relax__();
    }
    for (;;) {
        uint32_t seq = atomic_load(&up->ctl_wake);
        uint64_t now, left;

        if (done(up, arg)) {
            return 0;
        }
        now = hotup_now_ns__();
        if (now >= deadline_ns) {
            return done(up, arg) ? 0 : -ETIMEDOUT;
        }
        left = deadline_ns - now;
        atomic_store(&up->ctl_waiting, 1);              /* seq_cst */
        if (done(up, arg)) {
            atomic_store(&up->ctl_waiting, 0);
            return 0;
        }
        hotup_futex_wait__(&up->ctl_wake, seq,
                           slice_ns && slice_ns < left ? slice_ns : left);
        atomic_store(&up->ctl_waiting, 0);
    }
}

int
hotup_wait__(struct hotup *up, bool (*done)(struct hotup *, void *),
             void *arg, uint64_t deadline_ns)
{
    return hotup_wait_slices__(up, done, arg, deadline_ns, 0);
}

/* Is epoch 'a' at or after 'b' (30-bit, wrapping)? */
static bool
hotup_epoch_ge__(uint32_t a, uint32_t b)
{
    return ((a - b) & HOTUP_EPOCH_MASK__) < (HOTUP_EPOCH_MASK__ >> 1);
}

void
hotup_thread_name__(const struct hotup_thread__ *t, char *buf, size_t len)
{
    char name[32] = "";

    if (t->created) {
        pthread_getname_np(t->pth, name, sizeof name);
    }
    snprintf(buf, len, "thread %" PRIu32 " '%s' (tid %" PRId32 ")",
             t->pub.idx, name, atomic_load(&t->tid));
}

/* Sets 'go' to (e, cmd) and wakes the parked threads that sleep. */
static void
hotup_go__(struct hotup *up, uint32_t e, uint32_t cmd)
{
    atomic_store(&up->go, (e << 2) | cmd);              /* seq_cst */
    if (atomic_load(&up->go_sleepers)) {
        hotup_futex_wake__(&up->go, INT32_MAX);
    }
}

/* Counts one thread (or the controller's guard) as parked for epoch 'e'.
 * True if it was the last one: the caller leads the window. */
static bool
hotup_latch_dec__(struct hotup *up, uint32_t e)
{
    uint64_t v = atomic_load(&up->win_pending);

    for (;;) {
        if ((uint32_t) (v >> 32) != e || !(uint32_t) v) {
            return false;               /* A late thread of an older one. */
        }
        if (atomic_compare_exchange_weak(&up->win_pending, &v, v - 1)) {
            return (uint32_t) v == 1;
        }
    }
}

/* The window's leader: every thread has parked for 'e' (each migrated its
 * own TLS).  Migrates the static state, switches (or not, on a failure),
 * and lets every thread go. */
static void
hotup_lead__(struct hotup *up, uint32_t e)
{
    struct hotup_mig_ctx ctx;
    size_t n = 0;
    int err;

    up->win_t_parked = hotup_now_ns__();
    atomic_store_explicit(&up->win_leader_cpu, sched_getcpu(),
                          memory_order_relaxed);
    if (up->ctx->static_bytes >= HOTUP_EARLY_WAKE_BYTES__
        && atomic_load(&up->go_sleepers)) {
        /* Threads that went to sleep waiting for a straggler: their wake
         * up (which can take long on a busy machine) overlaps a migration
         * long enough to hide it, and they spin again meanwhile.  (For a
         * short one, the woken thread would only get in the way: on the
         * leader's CPU it preempts the leader.) */
        hotup_futex_wake__(&up->go, INT32_MAX);
    }
    err = hotup_threads_tls__(up, e, &up->win_rep, &up->win_keeps_old);
    if (!err) {
        for (unsigned i = 0; i < up->n_threads; i++) {
            const struct hotup_thread__ *t = &up->threads[i];

            if (t->created && atomic_load(&t->parked) == e && t->tls.old) {
                up->blocks[n++] = t->tls;
            }
        }
        if (up->win_own.old) {
            up->blocks[n++] = up->win_own;
        }
        ctx = *up->ctx;
        ctx.old_tls = ctx.new_tls = 0;
        ctx.blocks = up->blocks;
        ctx.n_blocks = n;
        ctx.keeps_old = false;
        err = hotup_migrate_static__(up, &ctx, &up->win_rep);
        up->win_keeps_old |= ctx.keeps_old;
    }
    up->win_t_migrated = hotup_now_ns__();
    if (err) {
        snprintf(up->win_err, sizeof up->win_err, "%s",
                 hotup_strerror(up));
    } else {
        /* Switch: hotup_sym() and the threads' next entry. */
        __atomic_store_n(&up->live, up->next, __ATOMIC_RELEASE);
        up->live_entry = up->next_entry;
        for (unsigned i = 0; i < up->n_threads; i++) {
            up->threads[i].entry = up->live_entry;
        }
    }
    up->win_t_go = hotup_now_ns__();
    hotup_go__(up, e, HOTUP_GO_RESUME__);
    atomic_store_explicit(&up->win_state, (e << 2) | (err ? HOTUP_WIN_FAILED__
                                                      : HOTUP_WIN_DONE__),
                          memory_order_release);
}

/* ---- In the datapath thread ---------------------------------------- */

/* Records that this thread parks for the current commit (whose epoch and
 * plan were written before the request it took). */
static void
hotup_claimed__(struct hotup_thread__ *t)
{
    t->claimed = true;
    t->claim_epoch = atomic_load_explicit(&t->up->epoch,
                                          memory_order_acquire);
    t->claim_ctx = t->up->ctx && t->up->ctx->n_tls ? t->up->ctx : NULL;
    t->last_pass_ns = hotup_now_ns__();
}

/* Claims a pending stop request, if there is one: returns true if this
 * thread must park. */
static bool
hotup_claim__(struct hotup_thread__ *t)
{
    uint32_t old = atomic_fetch_and(&t->pub.req__, ~HOTUP_REQ_STOP__);

    if (!(old & HOTUP_REQ_STOP__)) {
        return false;
    }
    hotup_claimed__(t);
    return true;
}

/* Takes a pending START request, if there is one, and starts the window:
 * asks every other thread to stop and claims a stop for itself.  Returns
 * true if this thread must park. */
static bool
hotup_start_window__(struct hotup_thread__ *self)
{
    struct hotup *up = self->up;
    uint32_t old = atomic_fetch_and(&self->pub.req__, ~HOTUP_REQ_START__);
    uint32_t e;

    if (!(old & HOTUP_REQ_START__)) {
        return false;
    }
    hotup_claimed__(self);
    e = self->claim_epoch;
    up->win_t0 = self->last_pass_ns;
    atomic_fetch_add(&up->win_pending, 1);              /* Itself. */
    for (unsigned i = 0; i < up->n_threads; i++) {
        struct hotup_thread__ *t = &up->threads[i];

        if (t == self || !t->created) {
            continue;
        }
        atomic_fetch_add(&up->win_pending, 1);
        if (atomic_fetch_or(&t->pub.req__, HOTUP_REQ_STOP__)
            & HOTUP_REQ_DEAD__) {
            atomic_fetch_sub(&up->win_pending, 1);      /* It ended. */
        }
    }
    atomic_store_explicit(&up->win_issued, e, memory_order_release);
    hotup_latch_dec__(up, e);           /* The guard: never the last, this
                                         * thread's own count is still
                                         * there. */
    return true;
}

/* hotup_checkpoint()'s slow path: some request is pending. */
static bool
hotup_slow__(struct hotup_thread *pub)
{
    struct hotup_thread__ *t = (struct hotup_thread__ *) pub;
    uint32_t req = atomic_load_explicit(&pub->req__, memory_order_acquire);

    if (req & HOTUP_REQ_FIRST__) {
        /* The first pass after a resume. */
        t->first_pass_ns = hotup_now_ns__();
        atomic_fetch_and(&pub->req__, ~HOTUP_REQ_FIRST__);
        atomic_store_explicit(&t->first, t->claim_epoch,
                              memory_order_release);
    }
    if (req & HOTUP_REQ_EXIT__) {
        return true;
    }
    if ((req & HOTUP_REQ_START__) && hotup_start_window__(t)) {
        return true;
    }
    return (req & HOTUP_REQ_STOP__) && hotup_claim__(t);
}

/* Migrates this thread's TLS block with the claimed plan. */
static void
hotup_park_tls__(struct hotup_thread__ *t)
{
    struct hotup_mig_ctx *plan = t->claim_ctx;
    struct hotup_mig_ctx ctx;

    t->tls_rc = 0;
    t->tls_copied = t->tls_converted = 0;
    t->tls_bytes = 0;
    t->tls_keeps_old = false;
    t->tls.old = t->tls.new = 0;
    if (!plan) {
        return;
    }
    hotup_tls_blocks__(plan->old, plan->new, &t->tls);
    if (!t->tls.old) {
        return;                         /* Never touched old's TLS. */
    }
    ctx = *plan;
    ctx.old_tls = t->tls.old;
    ctx.new_tls = t->tls.new;
    ctx.blocks = NULL;
    ctx.n_blocks = 0;
    ctx.keeps_old = false;
    hotup_migrate_tls__(&ctx, &t->tls_copied, &t->tls_converted,
                        &t->tls_bytes, &t->tls_failed, &t->tls_rc);
    t->tls_keeps_old = ctx.keeps_old;
}

/* Waits until 'go' is at or after epoch 'e'; returns it. */
static uint32_t
hotup_wait_go__(struct hotup *up, uint32_t e)
{
    uint64_t until = 0;

    for (unsigned i = 0;; i++) {
        uint32_t go = atomic_load_explicit(&up->go, memory_order_acquire);

        if (hotup_epoch_ge__(go >> 2, e)) {
            return go;
        }
        if (i < HOTUP_SPIN__ || (up->spin && (i & 63))) {
            hotup_relax__();
            continue;
        }
        if (up->spin) {
            uint64_t now = hotup_now_ns__();
            int leader_cpu = atomic_load_explicit(&up->win_leader_cpu,
                                                  memory_order_relaxed);

            if (!until) {
                until = now;
            }
            if (leader_cpu < 0 ? now < until + HOTUP_STRAGGLER_SPIN_NS__
                : (now < until + HOTUP_PARK_SPIN_NS__
                   && leader_cpu != sched_getcpu())) {
                continue;
            }
        }
        atomic_fetch_add(&up->go_sleepers, 1);          /* seq_cst */
        go = atomic_load(&up->go);
        if (!hotup_epoch_ge__(go >> 2, e)) {
            hotup_futex_wait__(&up->go, go, 0);
        }
        atomic_fetch_sub(&up->go_sleepers, 1);
        until = 0;                      /* Woken: spin again. */
        i = 0;
    }
}

/* Parks the thread for the stop it claimed: migrates its TLS, counts
 * itself, leads the window if it is the last, waits for 'go'. */
static void
hotup_park__(struct hotup_thread__ *t)
{
    struct hotup *up = t->up;
    uint32_t e = t->claim_epoch;

    t->tls_start_ns = hotup_now_ns__();
    hotup_park_tls__(t);
    t->parked_ns = hotup_now_ns__();
    atomic_store_explicit(&t->parked, e, memory_order_release);
    if (hotup_latch_dec__(up, e)) {
        hotup_lead__(up, e);
    }
    hotup_wait_go__(up, e);
    t->resumed_ns = hotup_now_ns__();
    atomic_fetch_or(&t->pub.req__, HOTUP_REQ_FIRST__);
    atomic_store_explicit(&t->resumed, e, memory_order_release);
}

static void *
hotup_thread_main__(void *t_)
{
    struct hotup_thread__ *t = t_;
    uint32_t old;

    atomic_store(&t->tid, (int32_t) gettid());
    hotup_notify_ctl__(t->up);
    for (;;) {
        t->claimed = false;
        t->entry(&t->pub, t->pub.idx);
        t->pub.restarts++;

        if (!t->claimed
            && !(atomic_load(&t->pub.req__) & HOTUP_REQ_EXIT__)) {
            /* Returned without a checkpoint saying so: if a stop was
             * pending all the same, this is as good as a park. */
            if (!hotup_start_window__(t)) {
                hotup_claim__(t);
            }
        }
        if (!t->claimed) {
            break;                      /* Ended, or hotup_close(). */
        }
        hotup_park__(t);
    }

    /* A stop that came after the last claim counted on this thread: it
     * must still be counted, or the window would wait for it. */
    old = atomic_fetch_or(&t->pub.req__, HOTUP_REQ_DEAD__);
    t->claimed = false;
    if ((old & HOTUP_REQ_START__) && !hotup_start_window__(t)) {
        old &= ~HOTUP_REQ_START__;      /* Withdrawn meanwhile. */
    }
    if (t->claimed || ((old & HOTUP_REQ_STOP__) && hotup_claim__(t))) {
        hotup_park__(t);
    }
    atomic_store(&t->done, 1);
    hotup_notify_ctl__(t->up);
    return NULL;
}

/* ---- In the controller --------------------------------------------- */

/* Allocates the threads of a datapath with a thread entry (not started). */
int
hotup_threads_init__(struct hotup *up)
{
    cpu_set_t cpus;

    if (!up->n_threads) {
        return 0;
    }
    up->threads = calloc(up->n_threads, sizeof *up->threads);
    up->blocks = calloc(up->n_threads + 1, sizeof *up->blocks);
    if (!up->threads || !up->blocks) {
        return hotup_error__(up, -ENOMEM, "out of memory");
    }
    for (unsigned i = 0; i < up->n_threads; i++) {
        struct hotup_thread__ *t = &up->threads[i];

        t->pub.idx = i;
        t->pub.slow__ = hotup_slow__;
        t->up = up;
    }
    CPU_ZERO(&cpus);
    up->spin = !sched_getaffinity(0, sizeof cpus, &cpus)
               && up->n_threads <= (unsigned) CPU_COUNT(&cpus);
    return 0;
}

static bool
hotup_all_tids__(struct hotup *up, void *arg)
{
    (void) arg;
    for (unsigned i = 0; i < up->n_threads; i++) {
        if (!atomic_load(&up->threads[i].tid)
            && !atomic_load(&up->threads[i].done)) {
            return false;
        }
    }
    return true;
}

static bool
hotup_all_done__(struct hotup *up, void *arg)
{
    (void) arg;
    for (unsigned i = 0; i < up->n_threads; i++) {
        const struct hotup_thread__ *t = &up->threads[i];

        if (t->created && !atomic_load(&t->done)) {
            return false;
        }
    }
    return true;
}

/* Starts the threads with the live build's entry (already in t->entry)
 * and waits until each has its thread id. */
int
hotup_threads_start__(struct hotup *up)
{
    for (unsigned i = 0; i < up->n_threads; i++) {
        struct hotup_thread__ *t = &up->threads[i];
        int err = pthread_create(&t->pth, NULL, hotup_thread_main__, t);

        if (err) {
            hotup_threads_stop_all__(up);
            return hotup_error__(up, -err, "%s: cannot start datapath "
                                 "thread %u: %s", up->live->src, i,
                                 strerror(err));
        }
        t->created = true;
    }
    hotup_wait__(up, hotup_all_tids__, NULL,
                 hotup_now_ns__() + HOTUP_GRACE_NS__);
    return 0;
}

/* Asks every thread to end at its next checkpoint and joins them.  A
 * thread that does not end within the grace period is left running: the
 * caller must then keep the builds mapped (t->created stays set). */
void
hotup_threads_stop_all__(struct hotup *up)
{
    for (unsigned i = 0; i < up->n_threads; i++) {
        atomic_fetch_or(&up->threads[i].pub.req__, HOTUP_REQ_EXIT__);
    }
    hotup_wait__(up, hotup_all_done__, NULL,
                 hotup_now_ns__() + HOTUP_GRACE_NS__);
    for (unsigned i = 0; i < up->n_threads; i++) {
        struct hotup_thread__ *t = &up->threads[i];
        char name[96];

        if (!t->created) {
            continue;
        }
        if (!atomic_load(&t->done)) {
            hotup_thread_name__(t, name, sizeof name);
            fprintf(stderr, "hotup: %s did not end within %llu s; its "
                    "build stays mapped\n", name,
                    (unsigned long long) (HOTUP_GRACE_NS__ / 1000000000u));
            continue;
        }
        pthread_join(t->pth, NULL);
        t->created = false;
    }
}

/* Frees what hotup_threads_init__() allocated (the threads have ended). */
void
hotup_threads_destroy__(struct hotup *up)
{
    free(up->threads);
    free(up->blocks);
    up->threads = NULL;
    up->blocks = NULL;
}

/* The window of epoch 'e' (passed as arg) is over. */
static bool
hotup_window_over__(struct hotup *up, void *e_)
{
    uint32_t e = *(const uint32_t *) e_;
    uint32_t s = atomic_load_explicit(&up->win_state, memory_order_acquire);

    return s != ((e << 2) | HOTUP_WIN_RUNNING__);
}

struct hotup_park_wait__ {
    uint32_t epoch;                     /* The stop's epoch. */
    const bool *mask;                   /* Only these threads. */
};

static bool
hotup_claimed_parked__(struct hotup *up, void *w_)
{
    const struct hotup_park_wait__ *w = w_;

    for (unsigned i = 0; i < up->n_threads; i++) {
        if (w->mask[i]
            && atomic_load_explicit(&up->threads[i].parked,
                                    memory_order_acquire) != w->epoch) {
            return false;
        }
    }
    return true;
}

static bool
hotup_issued__(struct hotup *up, void *e_)
{
    return atomic_load_explicit(&up->win_issued, memory_order_acquire)
           == *(const uint32_t *) e_;
}

/* The deadline of epoch 'e' passed with the window still running.  Tries
 * to withdraw the requests: returns 0 if that is too late (every thread
 * had reached its checkpoint: a leader is on its way, keep waiting), else
 * ends the window (every thread resumes its old entry) and returns
 * -ETIMEDOUT naming the laggard. */
static int
hotup_window_abort__(struct hotup *up, uint32_t e, unsigned starter,
                     struct hotup_report *rep, bool *plan_busy)
{
    bool claimed[HOTUP_MAX_THREADS];
    struct hotup_park_wait__ w = { e, claimed };
    int laggard = -1;
    char name[96];
    uint32_t old;

    old = atomic_fetch_and(&up->threads[starter].pub.req__,
                           ~HOTUP_REQ_START__);
    if (old & HOTUP_REQ_START__) {
        /* Not even started: nobody parked, nothing ran. */
        laggard = starter;
        atomic_store_explicit(&up->win_state,
                              (e << 2) | HOTUP_WIN_ABORTED__,
                              memory_order_release);
        goto out;
    }
    if (hotup_wait__(up, hotup_issued__, &e,
                     hotup_now_ns__() + HOTUP_GRACE_NS__)) {
        *plan_busy = true;              /* The starter got stuck. */
        return hotup_error__(up, -ETIMEDOUT, "the break window did not "
                             "start within %llu s", (unsigned long long)
                             (HOTUP_GRACE_NS__ / 1000000000u));
    }
    for (unsigned i = 0; i < up->n_threads; i++) {
        struct hotup_thread__ *t = &up->threads[i];

        old = atomic_fetch_and(&t->pub.req__, ~HOTUP_REQ_STOP__);
        claimed[i] = false;
        if (!t->created || (old & HOTUP_REQ_DEAD__)) {
            continue;
        }
        if (old & HOTUP_REQ_STOP__) {
            laggard = laggard < 0 ? (int) i : laggard;
        } else {
            claimed[i] = true;          /* Or the starter itself. */
        }
    }
    if (laggard < 0) {
        return 0;
    }

    /* No leader can come now: end the window ourselves. */
    atomic_store_explicit(&up->win_state, (e << 2) | HOTUP_WIN_ABORTED__,
                          memory_order_release);
    hotup_go__(up, e, HOTUP_GO_RESUME__);
    if (hotup_wait__(up, hotup_claimed_parked__, &w,
                     hotup_now_ns__() + HOTUP_GRACE_NS__)) {
        *plan_busy = true;
    }
out:
    rep->laggard = laggard;
    hotup_thread_name__(&up->threads[laggard], name, sizeof name);
    return hotup_error__(up, -ETIMEDOUT, "%s did not reach a checkpoint "
                         "within %" PRIu64 " us: every thread resumed in "
                         "%s", name, up->stop_deadline_ns / 1000,
                         hotup_basename__(up->live->src));
}

struct hotup_resume_wait__ {
    uint32_t epoch;                     /* The stop's epoch. */
    bool first;                         /* Wait for the first pass too. */
};

static bool
hotup_all_resumed__(struct hotup *up, void *w_)
{
    const struct hotup_resume_wait__ *w = w_;

    for (unsigned i = 0; i < up->n_threads; i++) {
        const struct hotup_thread__ *t = &up->threads[i];

        if (!t->created || atomic_load(&t->parked) != w->epoch
            || atomic_load(&t->done)) {
            continue;
        }
        if (atomic_load_explicit(w->first ? &t->first : &t->resumed,
                                 memory_order_acquire) != w->epoch) {
            return false;
        }
    }
    return true;
}

/* After a window that ran to its end: waits (bounded) until the threads
 * run again and, after a switch, made their first pass, and fills the
 * report's times and per-thread lines.  't0' is the stop request. */
static void
hotup_window_collect__(struct hotup *up, uint32_t e, bool switched,
                       uint64_t t0, struct hotup_report *rep)
{
    struct hotup_resume_wait__ w = { e, false };
    uint64_t last = up->win_t_go;

    hotup_wait_slices__(up, hotup_all_resumed__, &w,
                        hotup_now_ns__() + up->stop_deadline_ns,
                        HOTUP_POLL_NS__);
    if (switched) {
        w.first = true;
        hotup_wait_slices__(up, hotup_all_resumed__, &w,
                            hotup_now_ns__() + up->stop_deadline_ns,
                            HOTUP_POLL_NS__);
    }
    rep->n_threads = 0;
    for (unsigned i = 0; i < up->n_threads; i++) {
        const struct hotup_thread__ *t = &up->threads[i];
        struct hotup_thread_report *tr;
        bool parked = t->created && atomic_load(&t->parked) == e;
        bool resumed = parked && atomic_load_explicit(
                           &t->resumed, memory_order_acquire) == e;

        if (!t->created || (atomic_load(&t->done) && !parked)) {
            continue;
        }
        if (resumed && t->resumed_ns > last) {
            last = t->resumed_ns;
        }
        if (rep->n_threads < HOTUP_REPORT_THREADS) {
            tr = &rep->threads[rep->n_threads];
            memset(tr, 0, sizeof *tr);
            tr->idx = t->pub.idx;
            tr->tid = atomic_load(&t->tid);
            tr->parked = parked;
            if (parked) {
                tr->park_ns = t->parked_ns > t0 ? t->parked_ns - t0 : 0;
                tr->tls_ns = t->parked_ns - t->tls_start_ns;
                tr->tls_entries = t->tls_copied + t->tls_converted;
            }
            if (switched && parked
                && atomic_load_explicit(&t->first, memory_order_acquire)
                   == e && t->first_pass_ns > t->last_pass_ns) {
                tr->gap_ns = t->first_pass_ns - t->last_pass_ns;
            }
        }
        rep->n_threads++;
    }
    rep->stop_ns = up->win_t_parked - t0;
    rep->migrate_ns = up->win_t_migrated - up->win_t_parked;
    rep->switch_ns = up->win_t_go - up->win_t_migrated;
    rep->resume_ns = last - up->win_t_go;
    rep->break_ns = last - t0;
}

/* The break window with datapath threads (see the top of this file), for
 * the prepared plan; the committing thread's TLS is already migrated
 * (up->win_own, counted in 'rep').  Returns 0 if the new build is live,
 * -ECANCELED if a migration failed (rolled back), -ETIMEDOUT if the
 * deadline was missed; then *plan_busy is true if a thread may still run
 * the plan's code (it must stay mapped).  Returns 1 if no datapath thread
 * runs any more: the caller migrates on its own. */
int
hotup_window_run__(struct hotup *up, struct hotup_report *rep,
                   bool *plan_busy)
{
    uint32_t e = (atomic_load(&up->epoch) + 1) & HOTUP_EPOCH_MASK__;
    unsigned starter = up->n_threads;
    uint64_t t_req;
    uint32_t state;
    int err;

    *plan_busy = false;
    e = e ? e : 1;
    memset(&up->win_rep, 0, sizeof up->win_rep);
    up->win_keeps_old = false;
    up->win_err[0] = '\0';
    atomic_store(&up->win_state, (e << 2) | HOTUP_WIN_RUNNING__);
    atomic_store(&up->win_pending, (uint64_t) e << 32 | 1);
    atomic_store(&up->win_leader_cpu, -1);
    atomic_store_explicit(&up->epoch, e, memory_order_release);

    /* Ask one thread to start the window, and get off the CPU. */
    t_req = hotup_now_ns__();
    for (unsigned i = 0; i < up->n_threads && starter == up->n_threads;
         i++) {
        struct hotup_thread__ *t = &up->threads[i];

        if (t->created && !(atomic_fetch_or(&t->pub.req__,
                                            HOTUP_REQ_START__)
                            & HOTUP_REQ_DEAD__)) {
            starter = i;
        }
    }
    if (starter == up->n_threads) {
        return 1;                       /* Every thread ended. */
    }
    err = hotup_wait_slices__(up, hotup_window_over__, &e,
                              t_req + up->stop_deadline_ns,
                              HOTUP_POLL_NS__);
    if (err) {
        err = hotup_window_abort__(up, e, starter, rep, plan_busy);
        if (err) {
            rep->break_ns = hotup_now_ns__() - t_req;
            return err;
        }
        hotup_wait_slices__(up, hotup_window_over__, &e,
                            hotup_now_ns__() + HOTUP_GRACE_NS__,
                            HOTUP_POLL_NS__);
    }
    state = atomic_load_explicit(&up->win_state, memory_order_acquire) & 3;
    if (state == HOTUP_WIN_RUNNING__) {
        /* A leader that never finished (cannot happen but for a bundle
         * that hangs): keep everything mapped. */
        *plan_busy = true;
        return hotup_error__(up, -ETIMEDOUT, "the break window did not end "
                             "within %llu s", (unsigned long long)
                             (HOTUP_GRACE_NS__ / 1000000000u));
    }

    rep->n_copied += up->win_rep.n_copied;
    rep->n_converted += up->win_rep.n_converted;
    rep->bytes_migrated += up->win_rep.bytes_migrated;
    rep->n_tls_blocks += up->win_rep.n_tls_blocks;
    rep->keeps_old_mapped |= up->win_keeps_old;
    rep->request_ns = up->win_t0 - t_req;
    hotup_window_collect__(up, e, state == HOTUP_WIN_DONE__, up->win_t0,
                           rep);
    if (state == HOTUP_WIN_FAILED__) {
        return hotup_error__(up, -ECANCELED, "%s", up->win_err);
    }
    return 0;
}
