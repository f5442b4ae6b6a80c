/* migrate: the code generator.  From a diff (dwarfmap/diff.h) it writes
 * migrate.c: both layouts of every type it converts, pinned by
 * _Static_assert; one migration function per changed type pair, with an
 * ACSL contract; a wrapper and an offset map per converted variable; and
 * the bundle descriptor of hotup/migration.h.
 *
 * The output depends only on the two libraries: no paths, no time, sorted
 * by identity. */
#ifndef MIGRATE_GEN_H
#define MIGRATE_GEN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dwarfmap/diff.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A hooks file (--hooks): its text, pasted into migrate.c, and the
 * HOTUP_HOOK / HOTUP_HOOK_TYPE markers found in it. */
struct mg_hook {
    char *key;                          /* Variable identity, "struct T". */
    char *fn;                           /* The hook function. */
    bool type;                          /* HOTUP_HOOK_TYPE. */
};

struct mg_hooks {
    char *text;
    size_t len;
    struct mg_hook *list;
    size_t n;
};

/* Reads the hooks file 'path'.  Returns 0, or a negative errno with a
 * one-line message naming the file and line in errbuf. */
int mg_hooks_read(const char *path, struct mg_hooks *, char *errbuf,
                  size_t errlen);
void mg_hooks_destroy(struct mg_hooks *);   /* Accepts NULL. */

struct mg_opts {
    size_t sz;                          /* sizeof(struct mg_opts). */
    const struct mg_hooks *hooks;       /* NULL: none. */
};

/* Writes migrate.c for 'diff' to 'out'.  The diff must have no verdict
 * that needs a hook or refuses (dm_diff_status() without bits 8 and 16).
 * Returns 0, or a negative errno with a one-line message in errbuf. */
int mg_generate(const struct dm_diff *diff, const struct mg_opts *,
                FILE *out, char *errbuf, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* migrate/gen.h */
