/* dwarfmap: the diff of two static-state models.
 *
 * The pipeline, as in kpatch's create-diff-object: correlate (match every
 * new variable to its old twin by identity, --rename and --ignore applied),
 * compare (how each old type becomes its new twin: a memoised plan per type
 * pair), judge (a verdict per variable, with a reason that names the
 * variable, the member path and both layouts).
 *
 * A diff borrows both graphs; it owns its plans and strings. */
#ifndef DWARFMAP_DIFF_H
#define DWARFMAP_DIFF_H 1

#include "dwarfmap/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How one old type becomes one new type. */
enum dm_conv {
    DM_CONV_IDENTICAL,          /* Same layout, no pointers: copy bytes. */
    DM_CONV_INT,                /* Integer, bool or enum <-> integer: by
                                 * value, range-checked if it can fail. */
    DM_CONV_FLOAT,              /* Float <-> float: by value. */
    DM_CONV_ENUM,               /* Enum values remapped by enumerator name. */
    DM_CONV_DATA_PTR,           /* Relocated into the new library. */
    DM_CONV_CODE_PTR,           /* Remapped to the same function in new. */
    DM_CONV_STRUCT,             /* Member by member ('mplans'). */
    DM_CONV_ARRAY,              /* Element by element ('elem'). */
    DM_CONV_UNION,              /* Same layout, holding pointers: copy
                                 * bytes once no word where a member holds
                                 * a pointer points into old's static data
                                 * or code (checked at run time). */
    DM_CONV_HOOKED,             /* A hand-written type hook ('hook'). */
    DM_CONV_HOOK,               /* Needs a hand-written hook. */
    DM_CONV_REJECT,             /* Unsafe: refused. */
};

/* One member of the new layout (anonymous structs flattened, as C11 names
 * them) and where it comes from. */
struct dm_mplan {
    const char *name;           /* Interned; NULL: an anonymous union. */
    uint32_t new_member;        /* Index into new graph->members. */
    int64_t old_member;         /* Index into old graph->members, or -1
                                 * if the member is new. */
    uint64_t old_bit_offset;    /* From the start of the outer struct. */
    uint64_t new_bit_offset;
    uint32_t pair;              /* Index into diff->pairs; old_member >= 0. */
};

/* A member of the old layout that the new one drops. */
struct dm_dropped {
    const char *name;
    uint64_t bit_offset;
    uint64_t bit_size;          /* Bits: a bitfield's width or size * 8. */
};

struct dm_pair {
    dm_type_id old_type, new_type;      /* Stripped of typedefs, cv. */
    enum dm_conv conv;
    bool checked;               /* The conversion can fail at run time. */
    bool pointers;              /* Holds pointers to relocate. */
    bool same_layout;           /* One layout in both builds (pointers
                                 * still relocate). */
    const char *reason;         /* HOOK, REJECT: why, with the path. */
    const char *hook;           /* HOOKED: the type key, "struct flow". */
    uint32_t elem;              /* ARRAY: pair of the elements. */
    uint32_t first_mplan, n_mplans;     /* STRUCT. */
    uint32_t first_dropped, n_dropped;  /* STRUCT. */
};

enum dm_verdict {
    DM_VERDICT_COPY,            /* Identical layout: a plain copy. */
    DM_VERDICT_CONVERT,         /* Generated code migrates it. */
    DM_VERDICT_HOOK,            /* A hand-written hook migrates it. */
    DM_VERDICT_NEEDS_HOOK,      /* Needs a hook that is missing. */
    DM_VERDICT_REJECT,          /* Unsafe: refused. */
    DM_VERDICT_ADDED,           /* New only: keeps its initializer. */
    DM_VERDICT_REMOVED,         /* Old only: its state is dropped. */
    DM_VERDICT_READONLY,        /* Not writable in new or old: not state. */
    DM_VERDICT_IGNORED,         /* --ignore. */
};

#define DM_NO_PAIR UINT32_MAX

struct dm_change {
    const struct dm_var *old_var;       /* NULL if added. */
    const struct dm_var *new_var;       /* NULL if removed. */
    enum dm_verdict verdict;
    const char *reason;                 /* Interned, one line. */
    uint32_t pair;                      /* The type pair that judged it, or
                                         * DM_NO_PAIR (a verdict on the
                                         * variable itself: thread-local in
                                         * one build only, pieces, ...). */
};

struct dm_rename {
    const char *old_id, *new_id;
};

struct dm_diff_opts {
    size_t sz;                          /* sizeof(struct dm_diff_opts). */
    const struct dm_rename *renames;
    size_t n_renames;
    const char *const *ignores;
    size_t n_ignores;
    const char *const *hooked;          /* Identities with a hook. */
    size_t n_hooked;
    const char *const *hooked_types;    /* "struct flow": types with a hook. */
    size_t n_hooked_types;
};

struct dm_diff {
    const struct dm_graph *old, *new;   /* Borrowed. */
    struct dm_change *changes;          /* Sorted by identity. */
    uint32_t n_changes;
    struct dm_pair *pairs;
    uint32_t n_pairs;
    struct dm_mplan *mplans;
    uint32_t n_mplans;
    struct dm_dropped *dropped;
    uint32_t n_dropped;
    struct dm_diff_priv__ *priv;
};

/* Exit-status bits of 'diff' and 'check' (abidiff-like). */
#define DM_EXIT_ERROR      1
#define DM_EXIT_USAGE      2
#define DM_EXIT_CHANGED    4    /* State changed, all of it migrated. */
#define DM_EXIT_NEEDS_HOOK 8
#define DM_EXIT_UNSAFE     16

int dm_diff_compute(const struct dm_graph *old, const struct dm_graph *new,
                    const struct dm_diff_opts *, struct dm_diff **diffp,
                    char *errbuf, size_t errlen);
void dm_diff_destroy(struct dm_diff *);     /* Accepts NULL. */

/* The DM_EXIT_* bits the verdicts add up to. */
int dm_diff_status(const struct dm_diff *);

const char *dm_verdict_name(enum dm_verdict);
const char *dm_conv_name(enum dm_conv);

/* The report: text, or JSON as in docs/report-json.md. */
void dm_diff_print_report(const struct dm_diff *, FILE *);
void dm_diff_print_json(const struct dm_diff *, FILE *);

#ifdef __cplusplus
}
#endif

#endif /* dwarfmap/diff.h */
