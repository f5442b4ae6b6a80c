/* hotup/datapath.h: the contract between libhotup and a datapath library.
 *
 * A datapath library that libhotup runs in threads exports one thread
 * entry (named in hotup_opts.thread_entry):
 *
 *     void ENTRY(struct hotup_thread *t, unsigned idx);
 *
 * libhotup starts hotup_opts.n_threads threads and calls ENTRY in each,
 * with 'idx' from 0 to n_threads - 1.  The entry loops, and once per pass
 * of its poll loop, at a point where it holds no lock and no packet, it
 * calls hotup_checkpoint(t).  When that returns true the entry returns
 * (promptly: the break window is running).  libhotup then parks the
 * thread (the OS thread does not exit: its thread id, CPU affinity,
 * scheduling priority and name survive), migrates its thread-local state
 * inside that very thread, and, after the commit, calls the NEW build's
 * entry in the same thread.  After a failed or withdrawn stop it calls the
 * same build's entry again.  So the entry must keep nothing on its stack
 * that it cannot rebuild: every piece of state that must survive lives in
 * static or thread-local storage, where the migration finds it.
 *
 * An entry that returns without having been asked (hotup_checkpoint()
 * never returned true) ends its thread for good.
 *
 * The optional init entry (hotup_opts.init_entry, 'int (void)') runs once,
 * before the threads start the first time, never on upgrade: an upgraded
 * build's state comes from the migration.
 *
 * This header is included by datapath libraries, which link with nothing
 * of libhotup: the fast path below is inline, and the slow path is reached
 * through a function pointer the runtime puts in 'struct hotup_thread'.
 * The layout of 'struct hotup_thread' is therefore an ABI between the
 * runtime and every datapath build: members are only ever appended. */
#ifndef HOTUP_DATAPATH_H
#define HOTUP_DATAPATH_H 1

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What libhotup passes to a datapath thread.  Owned by the runtime; the
 * datapath reads 'idx' and 'restarts' and passes 't' to
 * hotup_checkpoint(). */
struct hotup_thread {
    _Atomic uint32_t req__;             /* Runtime internal: non-zero when
                                         * the next checkpoint must take
                                         * the slow path. */
    uint32_t idx;                       /* 0 .. n_threads - 1. */
    bool (*slow__)(struct hotup_thread *); /* Runtime internal: the slow
                                         * path, in the host process. */
    uint64_t restarts;                  /* How many times the entry was
                                         * called in this thread before
                                         * this call: 0 on the first start,
                                         * then one more after each stop
                                         * (upgrade, rollback or missed
                                         * deadline). */
};

/* The entry's type. */
typedef void hotup_thread_entry_fn(struct hotup_thread *t, unsigned idx);

/* A safe point: call it once per poll-loop pass, holding no locks.  Returns
 * true when the thread must stop: the entry then returns.  The fast path
 * is one atomic load. */
static inline bool
hotup_checkpoint(struct hotup_thread *t)
{
    if (__builtin_expect(atomic_load_explicit(&t->req__,
                                              memory_order_acquire), 0)) {
        return t->slow__(t);
    }
    return false;
}

#ifdef __cplusplus
}
#endif

#endif /* hotup/datapath.h */
