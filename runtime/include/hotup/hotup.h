/* hotup/hotup.h: the hot-upgrade runtime (libhotup), as a host sees it.
 *
 * A host (ovs-vswitchd, say) loads its datapath library through
 * hotup_open() and calls into it only through pointers from hotup_sym().
 * An upgrade is two steps:
 *
 *   hotup_prepare()  loads the new build and the migration bundle next to
 *                    the live build and runs every check; nothing pauses,
 *                    nothing of the live build is touched;
 *   hotup_commit()   the break window: migrates the live build's static
 *                    state into the new build, switches, and unloads the
 *                    old build.  If a migration function fails, the new
 *                    build is unloaded and the old one stays live with its
 *                    state byte-for-byte intact.
 *
 * Every function returns 0 or a negative errno; hotup_strerror() then gives
 * one line naming the file, entry, variable or thread.  The control calls
 * (start, prepare, commit, upgrade, abort, ctl) are serialized by the
 * handle: any thread may make them, one runs at a time.
 *
 * A datapath with threads of its own (hotup/datapath.h) is run by libhotup:
 * hotup_start() starts them, a commit parks them at their next checkpoint,
 * migrates and resumes them in the new build: the break window.
 *
 * A host that links libhotup must export the hotup_mig_* services
 * (hotup/migration.h) from its executable, because
 * migration bundles are linked with nothing and resolve them at dlopen
 * time: see docs/runtime.md, "Linking a host". */
#ifndef HOTUP_HOTUP_H
#define HOTUP_HOTUP_H 1

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hotup;                           /* Opaque. */

/* Options for hotup_open().  Zero-initialise, set 'sz', then the fields you
 * need: a larger struct from a newer header is accepted as long as the
 * fields this library does not know are zero. */
struct hotup_opts {
    size_t sz;                          /* sizeof(struct hotup_opts). */
    const char *thread_entry;           /* NULL: the datapath has no
                                         * threads of its own.  Else a
                                         * symbol of the datapath library:
                                         * void ENTRY(struct hotup_thread *,
                                         * unsigned idx), see
                                         * hotup/datapath.h. */
    unsigned n_threads;                 /* Threads running thread_entry:
                                         * 1 .. HOTUP_MAX_THREADS with an
                                         * entry, 0 without. */
    const char *init_entry;             /* Optional 'int (void)' that
                                         * hotup_start() runs on the first
                                         * start only, never on upgrade. */
    const char *scratch_dir;            /* Where each build is copied to a
                                         * unique path before dlopen; NULL:
                                         * $TMPDIR, else /tmp.  Must allow
                                         * PROT_EXEC mappings. */
    unsigned stop_deadline_us;          /* How long a commit waits for
                                         * every datapath thread to park;
                                         * 0: HOTUP_DEFAULT_DEADLINE_US. */
    unsigned host_deadline_us;          /* How long a commit waits for the
                                         * host's sections in flight
                                         * (hotup_enter()); 0: the default
                                         * as above. */
};

#define HOTUP_MAX_THREADS 1024
#define HOTUP_DEFAULT_DEADLINE_US 500000u
#define HOTUP_REPORT_THREADS 64         /* Threads detailed in a report. */

/* One datapath thread in a commit's report. */
struct hotup_thread_report {
    uint32_t idx;                       /* Thread index (entry's 'idx'). */
    int32_t tid;                        /* Its OS thread id. */
    uint64_t park_ns;                   /* From the stop request until it
                                         * parked. */
    uint64_t gap_ns;                    /* From its last checkpoint pass in
                                         * the old build to its first pass
                                         * in the new one: how long it
                                         * forwarded nothing.  0 if it made
                                         * no pass in the new build before
                                         * hotup_commit() returned. */
    uint64_t tls_ns;                    /* Migrating its thread-local
                                         * block (part of park_ns). */
    uint32_t tls_entries;               /* Thread-local entries it migrated
                                         * (0: it had no block of the old
                                         * build's TLS, nothing to do). */
    uint32_t parked;                    /* 1 if it parked for this commit
                                         * (0: the laggard, or a thread
                                         * that ended). */
};

/* What hotup_commit() did.  Filled on success and on failure.  The break
 * is what the datapath threads see: stop + migrate + switch + resume. */
struct hotup_report {
    uint64_t break_ns;                  /* From the stop request until the
                                         * last datapath thread runs again
                                         * (without threads: migrate and
                                         * switch). */
    uint64_t request_ns;                /* Before the break: from the
                                         * commit's request to the first
                                         * datapath thread's checkpoint,
                                         * which issues the stop requests
                                         * (all threads still forward). */
    uint64_t stop_ns;                   /* Stop requests -> every thread
                                         * parked (their TLS migrated). */
    uint64_t migrate_ns;                /* Running the bundle's static
                                         * entries (and the committing
                                         * thread's TLS). */
    uint64_t switch_ns;                 /* Making new the live build. */
    uint64_t resume_ns;                 /* Resume -> the last thread back
                                         * in datapath code. */
    uint64_t host_wait_ns;              /* Before the break: waiting for
                                         * host sections in flight.  Host
                                         * calls wait from then until the
                                         * end of the break. */
    uint32_t n_entries;                 /* Entries in the bundle. */
    uint32_t n_copied;                  /* Static COPY entries applied, plus
                                         * TLS ones, once per thread. */
    uint32_t n_converted;               /* Same for CONVERT and RELOCATE
                                         * entries. */
    uint64_t bytes_migrated;            /* Sum of old_size over applied
                                         * entries (TLS once per thread). */
    uint32_t n_tls_blocks;              /* Threads whose TLS was migrated
                                         * (the committing one included). */
    int keeps_old_mapped;               /* 1: the old build stays mapped
                                         * until hotup_close(): migrated
                                         * state points into its read-only
                                         * data, or unloading it would run
                                         * its destructors or exit
                                         * handlers. */
    int laggard;                        /* Index of the datapath thread that
                                         * did not park in time, or -1. */
    uint32_t n_threads;                 /* Datapath threads running. */
    struct hotup_thread_report threads[HOTUP_REPORT_THREADS];
                                        /* The first n_threads of them (at
                                         * most HOTUP_REPORT_THREADS). */
    char error[256];                    /* On failure: which entry, variable
                                         * or thread, and why.  "" on
                                         * success. */
};

/* Loads the datapath library 'dp_path' (copied to a unique path first) with
 * RTLD_NOW | RTLD_LOCAL and records its load base and GNU build-id.  With
 * a thread entry, checks that the library exports it.  On failure *upp is
 * NULL and hotup_strerror(NULL) gives the reason. */
int hotup_open(const char *dp_path, const struct hotup_opts *,
               struct hotup **upp);

/* Runs the init entry (if one was given) the first time only, then starts
 * the datapath's threads (if it has a thread entry) and returns once each
 * runs.  -EALREADY if the datapath was already started. */
int hotup_start(struct hotup *);

/* Loads 'new_dp_path' and the migration bundle 'bundle_path' and checks
 * them against the live build (see docs/runtime.md for the list).  No
 * pause; on failure everything loaded is unloaded and the live build is
 * untouched. */
int hotup_prepare(struct hotup *, const char *new_dp_path,
                  const char *bundle_path);

/* Applies the prepared upgrade: waits for host sections in flight, stops
 * the datapath threads, migrates, switches, resumes them in the new build.
 * 'report' may be NULL.  On failure (-ETIMEDOUT: a deadline was missed;
 * -ECANCELED: a migration failed) the prepared upgrade is dropped and the
 * old build stays live with its state intact, its threads running. */
int hotup_commit(struct hotup *, struct hotup_report *report);

/* hotup_prepare() then hotup_commit(). */
int hotup_upgrade(struct hotup *, const char *new_dp_path,
                  const char *bundle_path, struct hotup_report *report);

/* Drops a prepared upgrade.  Returns 0 if nothing was prepared. */
int hotup_abort(struct hotup *);

/* Host calls into the datapath.  A host thread that calls datapath code
 * (through pointers from hotup_sym()) does so between hotup_enter() and
 * hotup_exit(): a commit waits for such sections in flight, and a section
 * that starts during a commit waits until the commit is over.  Sections
 * nest.  Cheap: no lock, no system call unless a commit runs.  Never call
 * hotup_enter() from a datapath thread (it would wait for a commit that
 * waits for it, until the deadline) nor hotup_commit() inside a section
 * (-EDEADLK). */
void hotup_enter(struct hotup *);
void hotup_exit(struct hotup *);

/* The address of 'name' in the live build, or NULL.  Thread-safe; a
 * pointer it returns stays valid while the calling thread stays in its
 * section (or, outside sections, until the next commit). */
void *hotup_sym(struct hotup *, const char *name);

/* The OS thread id of datapath thread 'idx' (to set its CPU affinity or
 * priority), or a negative errno. */
int hotup_thread_tid(struct hotup *, unsigned idx);

/* Text for the calling thread's last failed hotup_* call, one line naming
 * the file, entry, variable or thread.  'up' may be NULL (a failed
 * hotup_open()). */
const char *hotup_strerror(struct hotup *);

/* ---- Control channel --------------------------------------------------- */

/* Serves the control commands (below) on the unix socket 'path', from a
 * thread of its own, until hotup_close().  The socket is created with mode
 * 0600 and only peers of the host's own user (or root) are served.  An
 * existing socket nobody listens on is replaced; one in use is -EADDRINUSE.
 * The 'hotupctl' command talks to it. */
int hotup_ctl_listen(struct hotup *, const char *path);

/* Runs one control command, for hosts with their own control path
 * (vswitchd's unixctl, say):
 *
 *     upgrade NEW.so BUNDLE.so     prepare and commit; the break times
 *     prepare NEW.so BUNDLE.so
 *     commit
 *     abort
 *     status                       live build, threads, last commit
 *
 * Returns the command's result (0 or a negative errno) and sets *reply to
 * a malloc()ed text (one or more lines, ending with a newline) that the
 * caller frees; on failure its first line is the error. */
int hotup_ctl_exec(struct hotup *, int argc, const char *const argv[],
                   char **reply);

/* Stops the control thread and the datapath threads (they return from
 * their entry at their next checkpoint), drops a prepared upgrade and
 * unloads every build.  Accepts NULL. */
void hotup_close(struct hotup *);

#ifdef __cplusplus
}
#endif

#endif /* hotup/hotup.h */
