/* fuzz: the random type-evolution generator and its pipeline.
 *
 * A batch holds N independent evolutions.  Evolution K is one variable
 * ('dp.c:eK_v', sometimes global or thread-local) of a random type built
 * from ints of every width and sign, _Bool, float, double, enums (some
 * packed), structs, unions, bitfields, one- and two-dimensional arrays,
 * data pointers (to ints, chars or to a struct of the evolution, itself
 * included) and code pointers; its types are named eK_sT / eK_eT.  The new
 * build applies one random edit to it (enum ev_edit).  old.c and new.c
 * hold every evolution of the batch; each keeps its variable alive with an
 * accessor.
 *
 * The run (ev_run_batch) compiles both with cc -g -shared -fPIC, diffs
 * them as 'dwarfmap diff' does (--rename for a renamed variable), checks
 * each refused variable against what its edit allows, diffs again with
 * the refused ones ignored (--ignore), compiles migrate.c as run-case.sh
 * does, and lets the independent checker (vf_verify) run the bundle on
 * random and edge states: it must agree on every value. */
#ifndef FUZZ_EVOLVE_H
#define FUZZ_EVOLVE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where choices come from: the fuzzer's bytes, then (or only) a seeded
 * splitmix64 generator. */
struct ev_src {
    const uint8_t *data;
    size_t size, pos;
    uint64_t state;
};
void ev_src_bytes(struct ev_src *, const uint8_t *data, size_t size);
void ev_src_seed(struct ev_src *, uint64_t seed);
uint64_t ev_below(struct ev_src *, uint64_t n);     /* 0 .. n-1 */

enum ev_edit {
    EV_EDIT_NONE,               /* Unchanged: a copy. */
    EV_EDIT_ADD,                /* A member added to a struct. */
    EV_EDIT_REMOVE,             /* A member removed. */
    EV_EDIT_REORDER,            /* Members reordered. */
    EV_EDIT_WIDEN,              /* An integer, float or bitfield widened. */
    EV_EDIT_NARROW,             /* ... narrowed: checked at run time. */
    EV_EDIT_SIGN,               /* An integer's signedness changed. */
    EV_EDIT_RENAME_VAR,         /* The variable renamed (--rename). */
    EV_EDIT_RENAME_MEMBER,      /* A member renamed: dropped and added. */
    EV_EDIT_RESIZE,             /* An array dimension grown or shrunk. */
    EV_EDIT_ENUM,               /* Enumerators renumbered, added, removed. */
    EV_EDIT_UNION,              /* A union member's type changed. */
    EV_EDIT_POINTEE,            /* A pointer's target type changed. */
    EV_EDIT_KIND,               /* A value's kind changed (int -> struct). */
    EV_EDIT_MAX
};
const char *ev_edit_name(enum ev_edit);

struct ev_evo {
    int id;                             /* K of eK_. */
    enum ev_edit edit;
    char what[160];                     /* The edit, in words. */
    bool may_refuse;                    /* The diff may refuse it. */
    char old_id[48], new_id[48];        /* Variable identities. */
};

struct ev_batch {
    int n;
    struct ev_evo *evos;
    char *old_c, *new_c;                /* Sources. */
};

/* Generates n evolutions numbered from first_id.  Returns 0 or -ENOMEM. */
int ev_generate(struct ev_src *, int n, int first_id, struct ev_batch *);
void ev_batch_free(struct ev_batch *);

struct ev_run_opts {
    const char *cc;                     /* gcc or clang. */
    const char *cflags;                 /* "-O2 -gdwarf-5". */
    const char *work;                   /* Scratch folder (created). */
    const char *dwarfmap;               /* The CLI, to cross-check; NULL. */
    unsigned states;                    /* Of the checker. */
    uint64_t seed;                      /* Of the checker. */
    bool quiet;
};

struct ev_stats {
    unsigned evolutions, migrated, refused, batches;
    unsigned by_edit[EV_EDIT_MAX], refused_by_edit[EV_EDIT_MAX];
};

/* Runs one batch.  Returns 0 if everything agrees, 1 on a mismatch or an
 * unexpected verdict (printed on stderr, with the work folder kept), -1
 * if the tools could not run (cc missing...). */
int ev_run_batch(const struct ev_batch *, const struct ev_run_opts *,
                 struct ev_stats *);

#endif /* fuzz/evolve.h */
