/* libhotup internals: loaded images, the prepared upgrade and the context
 * that migration functions run in.  Not installed. */
#ifndef HOTUP_PRIVATE_H
#define HOTUP_PRIVATE_H 1

#include <link.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* What migration functions see, as an opaque pointer.  Built entirely at
 * prepare time, so that the services below neither allocate nor look
 * anything up but binary search. */
struct hotup_mig_ctx {
    const struct hotup_bundle *bundle;  /* In the loaded bundle. */
    const struct hotup_image__ *old;    /* The live build. */
    const struct hotup_image__ *new;    /* The prepared build. */
    struct hotup_slot__ *slots;         /* One per entry, bundle order. */
    struct hotup_range__ *data;         /* Non-TLS slots by old address. */
    size_t n_data;
    struct hotup_range__ *tls;          /* TLS slots by old offset. */
    size_t n_tls;
    uintptr_t old_tls, new_tls;         /* The committing thread's TLS
                                         * blocks, 0 outside a commit or if
                                         * the thread has no old block. */
    bool keeps_old;                     /* A pointer was left in old's
                                         * read-only data (rodata map entry
                                         * with new_addr 0). */
};

/* The handle. */
struct hotup {
    struct hotup_image__ *live;         /* The build hosts call into. */
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

    char *scratch_dir;                  /* Copies go here. */
    char *init_entry;                   /* NULL if none. */
    bool started;                       /* hotup_start() has run. */
    char err[HOTUP_ERR_LEN];            /* Last error. */
};

/* hotup.c */
int hotup_error__(struct hotup *, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* image.c */
int hotup_image_load__(struct hotup *, const char *src, bool need_build_id,
                       struct hotup_image__ **imgp);
void hotup_image_unload__(struct hotup_image__ *);
const struct hotup_seg__ *hotup_image_seg__(const struct hotup_image__ *,
                                            uintptr_t addr);
bool hotup_image_contains__(const struct hotup_image__ *, uintptr_t addr);
const char *hotup_basename__(const char *path);

/* bind.c */
int hotup_check_binding__(struct hotup *, const struct hotup_image__ *old,
                          const struct hotup_image__ *new);

/* bundle.c */
int hotup_bundle_check__(struct hotup *, const struct hotup_bundle *,
                         const struct hotup_image__ *old,
                         const struct hotup_image__ *new,
                         struct hotup_mig_ctx **ctxp);
void hotup_ctx_destroy__(struct hotup_mig_ctx *);
const char *hotup_mig_strerror__(int code);

#endif /* private.h */
