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
 * one line naming the file, entry or variable.  One control thread drives a
 * 'struct hotup': the functions here are not thread-safe.
 *
 * A host that links libhotup must export hotup_mig_reloc_data() and
 * hotup_mig_reloc_code() (hotup/migration.h) from its executable, because
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
    const char *thread_entry;           /* Reserved (threads issue): NULL. */
    unsigned n_threads;                 /* Reserved (threads issue): 0. */
    const char *init_entry;             /* Optional 'int (void)' that
                                         * hotup_start() runs on the first
                                         * start only, never on upgrade. */
    const char *scratch_dir;            /* Where each build is copied to a
                                         * unique path before dlopen; NULL:
                                         * $TMPDIR, else /tmp.  Must allow
                                         * PROT_EXEC mappings. */
};

/* What hotup_commit() did.  Filled on success and on failure. */
struct hotup_report {
    uint64_t break_ns;                  /* Whole break window: migrate and
                                         * switch (unloading old is after). */
    uint64_t migrate_ns;                /* Running the bundle's entries. */
    uint64_t switch_ns;                 /* Making new the live build. */
    uint32_t n_entries;                 /* Entries in the bundle. */
    uint32_t n_copied;                  /* COPY entries applied. */
    uint32_t n_converted;               /* CONVERT entries applied. */
    uint64_t bytes_migrated;            /* Sum of old_size over applied
                                         * entries. */
    int keeps_old_mapped;               /* 1: migrated state points into the
                                         * old build's read-only data, so
                                         * the old build stays mapped until
                                         * hotup_close(). */
    char error[256];                    /* On failure: which entry or
                                         * variable, and why.  "" on
                                         * success. */
};

/* Loads the datapath library 'dp_path' (copied to a unique path first) with
 * RTLD_NOW | RTLD_LOCAL and records its load base and GNU build-id.  On
 * failure *upp is NULL and hotup_strerror(NULL) gives the reason. */
int hotup_open(const char *dp_path, const struct hotup_opts *,
               struct hotup **upp);

/* Runs the init entry (if one was given) the first time only.  Starting
 * the datapath's threads comes with the threads issue.  -EALREADY if the
 * datapath was already started. */
int hotup_start(struct hotup *);

/* Loads 'new_dp_path' and the migration bundle 'bundle_path' and checks
 * them against the live build (see docs/runtime.md for the list).  No
 * pause; on failure everything loaded is unloaded and the live build is
 * untouched. */
int hotup_prepare(struct hotup *, const char *new_dp_path,
                  const char *bundle_path);

/* Applies the prepared upgrade.  'report' may be NULL.  On failure the
 * prepared upgrade is dropped and the old build stays live. */
int hotup_commit(struct hotup *, struct hotup_report *report);

/* Drops a prepared upgrade.  Returns 0 if nothing was prepared. */
int hotup_abort(struct hotup *);

/* The address of 'name' in the live build, or NULL. */
void *hotup_sym(struct hotup *, const char *name);

/* The last error, one line.  With NULL: the calling thread's last failed
 * hotup_open(). */
const char *hotup_strerror(struct hotup *);

/* Drops a prepared upgrade and unloads every build.  Accepts NULL. */
void hotup_close(struct hotup *);

#ifdef __cplusplus
}
#endif

#endif /* hotup/hotup.h */
