/* libhotup internals: loaded images, the prepared upgrade and the context
 * that migration functions run in.  Not installed. */
#ifndef HOTUP_PRIVATE_H
#define HOTUP_PRIVATE_H 1

#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hotup/datapath.h"
#include "hotup/hotup.h"
#include "hotup/migration.h"

#define HOTUP_ERR_LEN 256               /* One line, with its NUL. */
#define HOTUP_UNUSED__ __attribute__((unused))

/* One PT_LOAD segment of a loaded object, at its run-time address. */
struct hotup_seg__ {
    uintptr_t start;                    /* l_addr + p_vaddr. */
    uintptr_t end;                      /* start + p_memsz. */
    uint32_t flags;                     /* PF_R, PF_W, PF_X. */
};

/* One build of the datapath, loaded from a unique copy of its file.  All
 * facts come from the loaded object's own program headers (never the
 * file's ELF or DWARF). */
struct hotup_image__ {
    void *handle;                       /* dlopen() handle. */
    char *src;                          /* The path the caller gave. */
    char *path;                         /* The unique copy dlopen()ed;
                                         * unlinked at unload. */
    uintptr_t base;                     /* link_map l_addr. */
    struct hotup_seg__ *segs;           /* PT_LOAD, sorted by start. */
    size_t n_segs;
    uintptr_t relro_start, relro_end;   /* PT_GNU_RELRO; equal if none. */
    size_t tls_modid;                   /* 0: the object has no PT_TLS. */
    uint64_t tls_memsz;                 /* PT_TLS p_memsz. */
    const ElfW(Dyn) *dynamic;           /* l_ld: PT_DYNAMIC in memory. */
    char build_id[2 * 64 + 1];          /* Lower-case hex, "" if none. */
    bool has_exit_code;                 /* hotup_image_has_exit_code__(). */
};

/* An entry of the bundle with its addresses resolved at prepare time. */
struct hotup_slot__ {
    const struct hotup_entry *e;        /* In the bundle. */
    uintptr_t old;                      /* Run-time address in old, or TLS
                                         * offset (HOTUP_ENTRY_TLS). */
    uintptr_t new;                      /* Same in new. */
};

/* A range of old memory and the slot that owns it, for binary search. */
struct hotup_range__ {
    uintptr_t start, end;               /* [start, end): address or TLS
                                         * offset. */
    const struct hotup_slot__ *slot;
};

/* One thread's TLS blocks of the old and the new build, for pointers from
 * static data into a datapath thread's thread-local state. */
struct hotup_tls_pair__ {
    uintptr_t old;                      /* Its block of the old build. */
    uintptr_t new;                      /* Its block of the new build. */
};

/* What migration functions see, as an opaque pointer.  Built entirely at
 * prepare time, so that the services below neither allocate nor look
 * anything up but binary search.  In the break window each thread that
 * migrates works on its own copy (a struct copy on its stack): only
 * old_tls, new_tls, blocks, n_blocks and keeps_old differ. */
struct hotup_mig_ctx {
    const struct hotup_bundle *bundle;  /* In the loaded bundle. */
    const struct hotup_image__ *old;    /* The live build. */
    const struct hotup_image__ *new;    /* The prepared build. */
    struct hotup_slot__ *slots;         /* One per entry, bundle order. */
    struct hotup_range__ *data;         /* Non-TLS slots by old address. */
    size_t n_data;
    struct hotup_range__ *tls;          /* TLS slots by old offset. */
    size_t n_tls;
    uint64_t static_bytes;              /* Sum of the static entries' old
                                         * sizes: the leader's work. */
    uintptr_t old_tls, new_tls;         /* The migrating thread's TLS
                                         * blocks, 0 outside a commit or if
                                         * the thread has no old block. */
    const struct hotup_tls_pair__ *blocks; /* Other threads' blocks: set
                                         * only in the committing thread's
                                         * copy, once every datapath thread
                                         * has parked. */
    size_t n_blocks;
    bool keeps_old;                     /* A pointer was left in old's
                                         * read-only data (rodata map entry
                                         * with new_addr 0). */
};

/* Requests in hotup_thread.req__ (hotup/datapath.h). */
#define HOTUP_REQ_STOP__  0x1u          /* Park at the next checkpoint. */
#define HOTUP_REQ_EXIT__  0x2u          /* Return and end (hotup_close). */
#define HOTUP_REQ_FIRST__ 0x4u          /* Time the first pass after a
                                         * resume. */
#define HOTUP_REQ_DEAD__  0x8u          /* Set by the thread as it ends:
                                         * asks nothing, answers "gone". */
#define HOTUP_REQ_START__ 0x10u         /* Start the window: ask every
                                         * thread to stop, then park. */

/* hotup.go: an epoch (30 bits) and a command (2 bits). */
#define HOTUP_GO_RESUME__ 1u            /* Run t->entry again. */
#define HOTUP_EPOCH_MASK__ 0x3fffffffu

/* A datapath thread. */
struct hotup_thread__ {
    struct hotup_thread pub;            /* What the entry gets; first. */
    struct hotup *up;                   /* Owner. */
    pthread_t pth;                      /* Valid if 'created'. */
    bool created;                       /* pthread_create() succeeded. */
    _Atomic int32_t tid;                /* OS thread id; 0 until it runs. */
    hotup_thread_entry_fn *entry;       /* What the thread calls next.
                                         * Written by the controller only
                                         * while the thread is parked (or
                                         * not started). */

    /* Owned by the thread; published to the window's leader and the
     * controller by the release stores of 'parked', 'resumed' and 'first'
     * and the read-modify-writes of 'win_pending'. */
    bool claimed;                       /* The last stop request (or START)
                                         * was taken: the thread parks. */
    uint32_t claim_epoch;               /* The epoch it was claimed in. */
    struct hotup_mig_ctx *claim_ctx;    /* That commit's plan (NULL if
                                         * nothing to migrate in TLS). */
    uint64_t last_pass_ns;              /* Checkpoint that said stop. */
    uint64_t tls_start_ns;              /* Its TLS migration started. */
    uint64_t parked_ns;                 /* Parked (TLS migrated). */
    uint64_t resumed_ns;                /* Left the park. */
    uint64_t first_pass_ns;             /* First checkpoint after that. */
    struct hotup_tls_pair__ tls;        /* Its blocks in the last stop
                                         * (old 0: no old block). */
    int tls_rc;                         /* 0, or the HOTUP_MIG_E* code of
                                         * its TLS migration... */
    uint32_t tls_failed;                /* ...failing at this entry. */
    uint32_t tls_copied, tls_converted; /* TLS entries applied. */
    uint64_t tls_bytes;                 /* Their old sizes. */
    bool tls_keeps_old;                 /* A TLS pointer into old rodata
                                         * that new has no copy of. */

    _Atomic uint32_t parked;            /* Epoch of the last park. */
    _Atomic uint32_t resumed;           /* Epoch of the last resume. */
    _Atomic uint32_t first;             /* Epoch of the last timed first
                                         * pass. */
    _Atomic uint32_t done;              /* 1: the thread ended. */
};

/* A host thread's read-side section state (hotup_enter()). */
struct hotup_reader__ {
    _Atomic uint32_t active;            /* 1 inside a section. */
    unsigned depth;                     /* Nesting; owner thread only. */
    pid_t tid;                          /* Owner, for the laggard message. */
    _Atomic uint32_t dead;              /* The owner thread exited: the slot
                                         * may be reused. */
    struct hotup_reader__ *next;        /* In hotup.readers. */
};

/* The handle. */
struct hotup {
    struct hotup_image__ *live;         /* The build hosts call into.
                                         * Written with release semantics
                                         * (hotup_sym() reads it from any
                                         * thread). */
    struct hotup_image__ **retired;     /* Old builds kept mapped because
                                         * migrated state points into them;
                                         * unloaded by hotup_close().  A
                                         * prepared upgrade makes room for
                                         * one more. */
    size_t n_retired;

    /* The prepared upgrade, all NULL if none. */
    struct hotup_image__ *next;         /* New build. */
    struct hotup_image__ *bundle_img;   /* The bundle (only handle and path
                                         * are used). */
    struct hotup_mig_ctx *ctx;
    hotup_thread_entry_fn *next_entry;  /* New build's thread entry. */
    hotup_thread_entry_fn *live_entry;  /* Live build's thread entry. */

    char *scratch_dir;                  /* Copies go here. */
    char *init_entry;                   /* NULL if none. */
    char *thread_entry;                 /* NULL if none. */
    bool init_done;                     /* The init entry has run. */
    bool started;                       /* hotup_start() succeeded. */
    uint64_t stop_deadline_ns;          /* Commit waits for checkpoints... */
    uint64_t host_deadline_ns;          /* ...and for host sections. */
    pthread_mutex_t lock;               /* Serializes the control calls. */

    /* Datapath threads. */
    unsigned n_threads;
    struct hotup_thread__ *threads;     /* n_threads of them. */
    bool spin;                          /* Parked threads may spin: there
                                         * are no more of them than CPUs. */
    struct hotup_tls_pair__ *blocks;    /* n_threads + 1: the TLS blocks of
                                         * the parked threads and of the
                                         * committing thread, for pointers
                                         * from static data into them. */
    _Atomic uint32_t epoch;             /* Of the current or last stop. */
    _Atomic uint32_t go;                /* Futex: (epoch << 2) | command. */
    _Atomic uint32_t go_sleepers;       /* Parked threads asleep on 'go'. */
    _Atomic uint32_t ctl_wake;          /* Futex: bumped when a datapath
                                         * thread starts or ends, or a host
                                         * thread leaves a section a commit
                                         * waits for. */
    _Atomic uint32_t ctl_waiting;       /* The controller sleeps on
                                         * ctl_wake: wake it. */

    /* The break window of the commit in progress.  Written by the
     * controller before its request, then by the thread that starts the
     * window and by the leader (the last thread to park), read by the
     * controller once 'win_state' says the window is over. */
    _Atomic uint64_t win_pending;       /* (epoch << 32) | count of threads
                                         * yet to park, plus one while the
                                         * starting thread issues the stop
                                         * requests. */
    _Atomic uint32_t win_state;         /* (epoch << 2) | HOTUP_WIN_*__. */
    struct hotup_tls_pair__ win_own;    /* The committing thread's blocks. */
    struct hotup_report win_rep;        /* Counts of the static entries and
                                         * the threads' TLS. */
    bool win_keeps_old;                 /* A pointer into old's rodata. */
    _Atomic int win_leader_cpu;         /* The leader's CPU, -1 before
                                         * there is one: parked threads
                                         * sharing it do not spin. */
    _Atomic uint32_t win_issued;        /* Epoch whose stop requests the
                                         * starting thread has all issued. */
    uint64_t win_t0;                    /* The window started. */
    uint64_t win_t_parked;              /* All parked: the leader starts. */
    uint64_t win_t_migrated;            /* Migration done. */
    uint64_t win_t_go;                  /* Switched; threads resumed. */
    char win_err[HOTUP_ERR_LEN];        /* The leader's error, if any. */

    /* Host sections. */
    _Atomic uint32_t writer;            /* Futex: 1 while a commit runs;
                                         * new sections wait. */
    pthread_key_t reader_key;           /* -> struct hotup_reader__. */
    bool reader_key_ok;                 /* reader_key was created. */
    pthread_mutex_t readers_lock;       /* Guards 'readers'. */
    struct hotup_reader__ *readers;     /* Every registered host thread. */

    /* Status. */
    uint64_t n_commits;                 /* Successful commits. */
    uint64_t n_failed;                  /* Failed commits. */
    struct hotup_report last;           /* The last commit's report. */
    bool has_last;                      /* 'last' is set. */

    /* Control channel (ctl.c). */
    int ctl_fd;                         /* Listening socket, or -1. */
    int ctl_stop_fd[2];                 /* Pipe that stops the thread. */
    char *ctl_path;                     /* Socket path, unlinked at close. */
    pthread_t ctl_thread;               /* Serves the socket. */
    bool ctl_running;                   /* ctl_thread was created. */
};

/* hotup.c */
int hotup_error__(struct hotup *, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
uint64_t hotup_now_ns__(void);
int hotup_prepare_locked__(struct hotup *, const char *new_dp_path,
                           const char *bundle_path);
int hotup_commit_locked__(struct hotup *, struct hotup_report *);
void hotup_drop_prepared__(struct hotup *);

/* migrate.c */
void hotup_migrate_tls__(struct hotup_mig_ctx *, uint32_t *copied,
                         uint32_t *converted, uint64_t *bytes,
                         uint32_t *failed, int *rc);
void hotup_tls_blocks__(const struct hotup_image__ *old,
                        const struct hotup_image__ *new,
                        struct hotup_tls_pair__ *);

/* migrate.c (continued) */
int hotup_migrate_static__(struct hotup *, struct hotup_mig_ctx *,
                           struct hotup_report *);
int hotup_threads_tls__(struct hotup *, uint32_t epoch,
                        struct hotup_report *, bool *keeps_old);

/* threads.c */
#define HOTUP_WIN_RUNNING__ 0u          /* win_state: stopping, migrating. */
#define HOTUP_WIN_DONE__    1u          /* Switched, threads resumed. */
#define HOTUP_WIN_FAILED__  2u          /* Rolled back, threads resumed. */
#define HOTUP_WIN_ABORTED__ 3u          /* Deadline missed, resumed. */

void hotup_futex_wait__(_Atomic uint32_t *, uint32_t val,
                        uint64_t timeout_ns);
void hotup_futex_wake__(_Atomic uint32_t *, int n);
void hotup_notify_ctl__(struct hotup *);
int hotup_wait__(struct hotup *, bool (*done)(struct hotup *, void *),
                 void *arg, uint64_t deadline_ns);
int hotup_threads_init__(struct hotup *);
int hotup_threads_start__(struct hotup *);
void hotup_threads_stop_all__(struct hotup *);
void hotup_threads_destroy__(struct hotup *);
int hotup_window_run__(struct hotup *, struct hotup_report *,
                       bool *plan_busy);
void hotup_thread_name__(const struct hotup_thread__ *, char *buf,
                         size_t len);

/* section.c */
int hotup_sections_init__(struct hotup *);
void hotup_sections_destroy__(struct hotup *);
int hotup_sections_block__(struct hotup *, struct hotup_report *);
void hotup_sections_unblock__(struct hotup *);
bool hotup_in_section__(struct hotup *);

/* ctl.c */
void hotup_ctl_stop__(struct hotup *);

/* image.c */
int hotup_image_load__(struct hotup *, const char *src, bool need_build_id,
                       struct hotup_image__ **imgp);
void hotup_image_unload__(struct hotup_image__ *);
const struct hotup_seg__ *hotup_image_seg__(const struct hotup_image__ *,
                                            uintptr_t addr);
bool hotup_image_contains__(const struct hotup_image__ *, uintptr_t addr);
void hotup_image_prefault__(const struct hotup_image__ *, bool write);
const char *hotup_basename__(const char *path);

/* bind.c */
/* True if unloading 'img' would run code of its own besides the C
 * runtime's: destructors, or exit handlers it may have registered (it
 * imports __cxa_atexit, atexit or on_exit; glibc runs a library's exit
 * handlers when it is unloaded).  Also true if its dynamic section cannot
 * be read.  Such an old build is kept mapped after a commit: its exit code
 * would otherwise run inside the live process, on state that moved. */
bool hotup_image_has_exit_code__(struct hotup *,
                                 const struct hotup_image__ *);
int hotup_check_binding__(struct hotup *, const struct hotup_image__ *old,
                          const struct hotup_image__ *new);

/* reloc.c */
int hotup_relocate__(struct hotup_mig_ctx *, const struct hotup_entry *,
                     const void *src, void *dst);

/* bundle.c */
int hotup_bundle_check__(struct hotup *, const struct hotup_bundle *,
                         const struct hotup_image__ *old,
                         const struct hotup_image__ *new,
                         struct hotup_mig_ctx **ctxp);
void hotup_ctx_destroy__(struct hotup_mig_ctx *);
const char *hotup_mig_strerror__(int code);

#endif /* private.h */
