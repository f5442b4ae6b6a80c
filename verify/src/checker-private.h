/* The independent checker's internals (verify/checker.h is the API).
 *
 * checker.c          the command line, the forked child and its report
 * checker-load.c     loading (unique copies, bases, segments, TLS blocks),
 *                    the bundle's static checks, the relocation services,
 *                    running the entries, comparing the images
 * checker-oracle.c   the expected result: docs/migrations.md re-implemented
 *                    from the two DWARF models (conversion plans, pointer
 *                    relocation by sub-object, descriptions of values)
 * checker-state.c    random and edge states of the old library
 *
 * None of it includes anything of migrate/ or dwarfmap/diff.h: an oracle
 * that reused the generator's logic would repeat its bugs. */
#ifndef VERIFY_CHECKER_PRIVATE_H
#define VERIFY_CHECKER_PRIVATE_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dwarfmap/model.h"
#include "hotup/migration.h"
#include "verify/checker.h"

#define VF_MAX_SEGS 32
#define VF_MAX_DIMS 8

/* Values of the widest integer a leaf holds (64 bits, either sign). */
typedef __int128 vf_int__;

/* ---- Loaded objects ----------------------------------------------------- */

struct vf_seg__ {
    uintptr_t start, end;               /* Absolute, [start, end). */
    uint32_t flags;                     /* PF_R, PF_W, PF_X. */
};

struct vf_image__ {
    const char *path;                   /* As the user gave it. */
    const struct dm_graph *g;           /* Its model; NULL for the bundle. */
    void *handle;                       /* dlopen() of a unique copy. */
    uintptr_t base;                     /* link_map l_addr. */
    struct vf_seg__ segs[VF_MAX_SEGS];  /* PT_LOAD, in address order. */
    size_t n_segs;
    uintptr_t relro_start, relro_end;   /* PT_GNU_RELRO; equal if none. */
    uint64_t tls_memsz;                 /* PT_TLS p_memsz, 0 if none. */
    uint8_t *tls;                       /* The calling thread's TLS block. */
};

/* ---- Conversion plans (checker-oracle.c) -------------------------------- */

/* A struct member as C11 names it: members of anonymous structs are
 * flattened into the enclosing struct; an anonymous union stays one item,
 * known by its first member's name. */
struct vf_flat__ {
    const char *name;                   /* Never NULL. */
    dm_type_id type;                    /* Declared type. */
    uint64_t bit_off;                   /* From the start of the struct. */
    uint32_t bit_size;                  /* 0 unless a bitfield. */
    bool anon_union;                    /* An anonymous union, whole. */
};

struct vf_flats__ {
    struct vf_flat__ *m;
    size_t n;
};

enum vf_cv__ {
    VF_CV_NONE,                         /* Not checkable ('why'). */
    VF_CV_BYTES,                        /* Same layout, no pointer: bytes. */
    VF_CV_INT,                          /* Integer, bool, enum by value. */
    VF_CV_ENUM,                         /* Enum to enum by enumerator name. */
    VF_CV_FLOAT,                        /* By value, exact or ERANGE. */
    VF_CV_DPTR,                         /* Data pointer: same sub-object. */
    VF_CV_CPTR,                         /* Code pointer: same function. */
    VF_CV_STRUCT,                       /* Member by member, by name. */
    VF_CV_ARRAY,                        /* Over the common elements. */
    VF_CV_UNION,                        /* Same layout, holding pointers:
                                         * bytes, or ERELOC when a word
                                         * where a member holds a pointer
                                         * would need a relocation. */
    VF_CV_HOOK,                         /* A hand-written type hook: any
                                         * result, any error. */
};

/* What a scalar is, for reading its value. */
enum vf_sc__ {
    VF_SC_INT,
    VF_SC_BOOL,
    VF_SC_ENUM,
    VF_SC_FLOAT,
    VF_SC_PTR,
    VF_SC_OTHER,                        /* Not a scalar we convert. */
};

struct vf_mconv__;

struct vf_conv__ {
    enum vf_cv__ kind;
    dm_type_id ot, nt;                  /* Stripped; old and new graph. */
    uint64_t osize, nsize;              /* Bytes. */
    char *why;                          /* NONE: the reason. */
    enum vf_sc__ ocls, ncls;            /* Leaves. */
    bool osigned, nsigned;              /* INT, ENUM: value signedness. */
    dm_type_id opointee;                /* DPTR: old pointee, stripped. */
    const struct vf_flats__ *ofl, *nfl; /* STRUCT. */
    struct vf_mconv__ *mem;             /* STRUCT: one per old flat member. */
    size_t n_mem;
    unsigned n_dims;                    /* ARRAY: normalised dimensions. */
    uint64_t odims[VF_MAX_DIMS], ndims[VF_MAX_DIMS];
    uint64_t oelem, nelem;              /* ARRAY: element sizes. */
    dm_type_id oelem_t, nelem_t;        /* ARRAY: element types. */
    struct vf_conv__ *elem;             /* ARRAY: element plan. */
};

struct vf_mconv__ {
    const struct vf_flat__ *o;          /* The old member. */
    const struct vf_flat__ *n;          /* Its twin in new, NULL: dropped. */
    struct vf_conv__ *cv;               /* NULL when dropped. */
};

/* ---- The run ------------------------------------------------------------ */

/* A state variable of old: writable, with storage of its own. */
struct vf_ovar__ {
    const struct dm_var *v;
    uint8_t *addr;                      /* Now (TLS: this thread's). */
    int twin;                           /* Index in nvars, -1: none. */
    bool migrated;                      /* Has a twin that is not ignored. */
    bool hooked;                        /* Its twin has a variable hook. */
    double leaves;                      /* Scalars it holds (for spots). */
    uint64_t spots;                     /* States that spotted it. */
};

/* A state variable of new and what the bundle and the oracle do to it. */
struct vf_nvar__ {
    const struct dm_var *v;
    uint8_t *addr;                      /* Now (TLS: this thread's). */
    int twin;                           /* Index in ovars, -1: new-only. */
    bool ignored;                       /* --ignore: keeps its image. */
    struct vf_conv__ *cv;               /* Plan when twin >= 0. */
    bool whole;                         /* Sized by its initializer: a
                                         * byte copy of v->size bytes. */
    const char *unchecked;              /* Why the oracle cannot tell. */
    bool hooked;                        /* HOTUP_HOOK: unchecked. */
    bool any_hook;                      /* A type hook converts a part. */
    struct vf_span__ *dc;               /* Parts type hooks wrote: any
                                         * bytes are right. */
    size_t n_dc, cap_dc;
    const struct hotup_entry *e;        /* The bundle's entry, or NULL. */
    int rc;                             /* Entry's return in this state. */
    unsigned expect;                    /* Bit (1 << HOTUP_MIG_E*) of each
                                         * error the oracle allows; 0: must
                                         * succeed. */
    char why[512];                      /* The first expected failure. */
    char svc_fail[512];                 /* A service call that failed. */
};

/* Bytes of a variable, from its start. */
struct vf_span__ {
    uint64_t off, len;
};

/* A place in old static data a pointer may point to. */
struct vf_site__ {
    uint32_t ovar;                      /* Index in ovars. */
    uint64_t off;                       /* Byte offset with indices 0. */
    dm_type_id type;                    /* Stripped. */
    uint32_t lvl, n_lvl;                /* Array levels in run->lvls. */
};

struct vf_lvl__ {
    uint64_t count, stride;
};

struct vf_cands__ {
    bool done;
    uint32_t *site;
    size_t n;
};

struct vf_plan_slot__ {
    dm_type_id ot, nt;
    bool leaf;
    struct vf_conv__ *cv;
};

struct vf_run__ {
    const struct vf_verify_opts *opts;
    int out_fd;                         /* Pipe to the parent. */
    const struct dm_graph *og, *ng;
    struct vf_image__ old, new, bun;
    const struct hotup_bundle *b;

    struct vf_ovar__ *ovars;            /* By address (TLS: by offset,
                                         * after the others). */
    size_t n_ovars;
    struct vf_nvar__ *nvars;            /* In new's identity order. */
    size_t n_nvars;
    struct vf_flats__ **oflats, **nflats;   /* Per type id, lazily. */
    struct vf_plan_slot__ *plans;       /* Open addressing. */
    size_t n_plans, cap_plans;

    struct vf_site__ *sites;
    size_t n_sites, cap_sites;
    struct vf_lvl__ *lvls;
    size_t n_lvls, cap_lvls;
    struct vf_cands__ *cands;           /* Per old type id. */
    struct vf_cands__ bytecands;        /* Sites for 'void *'. */
    uint32_t *funcs;                    /* Old functions with a twin. */
    size_t n_funcs;
    uint32_t *allfuncs;                 /* Old functions, unique address. */
    size_t n_allfuncs;

    uint8_t *heap;                      /* Heap objects pointers may use. */
    size_t heap_size;
    uint64_t rng;                       /* splitmix64 state. */
    unsigned state;                     /* Index of the current state. */

    uint8_t **snap;                     /* New's writable bytes, initial. */
    uint8_t *tls_snap;                  /* New's TLS block, initial. */
    uint8_t **expect;                   /* Expected image, per segment. */
    uint8_t *tls_expect;
    uint8_t *old_tls_copy;              /* Old's TLS block as filled. */

    char anomaly[512];                  /* A service saw the bundle err. */
    char svc_fail[512];                 /* The first service call that
                                         * failed in this entry. */
    char **hook_vars;                   /* HOTUP_HOOK identities. */
    size_t n_hook_vars;
    char **hook_types;                  /* HOTUP_HOOK_TYPE "struct T"... */
    size_t n_hook_types;
    unsigned n_checked, n_unchecked;
    uint64_t n_converted, n_refused;    /* Entry runs compared, entry runs
                                         * rightly refused. */
};

/* The context generated code passes back to the services. */
struct hotup_mig_ctx {
    struct vf_run__ *run;
};

/* ---- checker.c: the report ---------------------------------------------- */

/* One line to the parent: 'O' stdout, 'E' stderr, 'P' the phase (for a
 * crash report), 'X' the final status. */
void vf_ck_say__(struct vf_run__ *, char kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- checker-oracle.c --------------------------------------------------- */

const struct vf_flats__ *vf_ck_flats__(struct vf_run__ *, bool old,
                                       dm_type_id);
struct vf_conv__ *vf_ck_plan__(struct vf_run__ *, dm_type_id ot,
                               dm_type_id nt, bool leaf);
void vf_ck_plans_destroy__(struct vf_run__ *);

/* Reads and writes bit fields of little-endian memory (width <= 64). */
uint64_t vf_ck_getbits__(const uint8_t *, uint64_t bit_off, unsigned width);
void vf_ck_setbits__(uint8_t *, uint64_t bit_off, unsigned width,
                     uint64_t v);

/* The expected new value of one converted object: writes into 'dst' (the
 * new initial image) and adds to *errs (bits 1 << HOTUP_MIG_E*) each error
 * the conversion of 'src' requires; the first one is described in why. */
struct vf_apply__ {
    struct vf_run__ *run;
    struct vf_nvar__ *nv;               /* Collects type-hooked parts. */
    const uint8_t *base;                /* The variable in 'dst' terms. */
    unsigned errs;
    char *why;                          /* NULL: no description wanted. */
    size_t why_len;
    char path[1024];
    size_t plen;
};
void vf_ck_apply__(struct vf_apply__ *, const struct vf_conv__ *,
                   const uint8_t *src, uint64_t obit, uint32_t owidth,
                   uint8_t *dst, uint64_t nbit, uint32_t nwidth);

/* Where the old pointer 'p' must be in new: 0 and *out, or
 * HOTUP_MIG_ERELOC.  'pointee' is the old pointee type (0: a byte). */
int vf_ck_expect_data__(struct vf_run__ *, uintptr_t p, dm_type_id pointee,
                        uintptr_t *out);
int vf_ck_expect_code__(struct vf_run__ *, uintptr_t p, uintptr_t *out);

/* Calls fn(arg, byte offset, pointer type) for every pointer that a value
 * of type 'id' of graph 'g' holds by value, through all members of its
 * unions: the words of a union that may hold a pointer. */
void vf_ck_ptr_words__(const struct dm_graph *g, dm_type_id id, uint64_t off,
                       void (*fn)(void *arg, uint64_t off,
                                  const struct dm_type *ptr),
                       void *arg);
/* Would old word 'w', if it is a pointer, need a relocation (old's
 * writable data, RELRO, code or TLS)?  Such a word of a union cannot be
 * copied as it is. */
bool vf_ck_word_pinned__(struct vf_run__ *, uintptr_t w);

/* Old state variable holding [p, p + size), or -1. */
int vf_ck_find_ovar__(struct vf_run__ *, uintptr_t p, uint64_t size);
/* Old function (index in og->funcs) whose entry is p, or -1. */
int vf_ck_find_ofunc__(struct vf_run__ *, uintptr_t p);

/* Human descriptions. */
void vf_ck_describe_ptr__(struct vf_run__ *, uintptr_t p,
                          const struct dm_graph *, dm_type_id pointee,
                          char *, size_t);
void vf_ck_describe_diff__(struct vf_run__ *, const struct vf_nvar__ *,
                           uint64_t byte_off, const uint8_t *expected,
                           const uint8_t *actual, char *, size_t);

/* Same layout and no pointer: a byte copy is right. */
bool vf_ck_same_bytes__(struct vf_run__ *, dm_type_id ot, dm_type_id nt);
bool vf_ck_type_hooked__(struct vf_run__ *, dm_type_id ot, dm_type_id nt);
bool vf_ck_compat__(const struct dm_graph *, dm_type_id a, dm_type_id b,
                    int depth);
const struct dm_type *vf_ck_strip__(const struct dm_graph *, dm_type_id);
unsigned vf_ck_norm_dims__(const struct dm_graph *, dm_type_id array,
                           uint64_t *dims, dm_type_id *elem);

/* ---- checker-state.c ---------------------------------------------------- */

uint64_t vf_ck_rand__(struct vf_run__ *);
uint64_t vf_ck_below__(struct vf_run__ *, uint64_t n);   /* [0, n) */
int vf_ck_sites__(struct vf_run__ *);
void vf_ck_fill__(struct vf_run__ *);

/* ---- checker-load.c ----------------------------------------------------- */

bool vf_ck_in_image__(const struct vf_image__ *, uintptr_t p,
                      uint32_t *flags);
int vf_ck_child__(struct vf_run__ *);

#endif /* verify/src/checker-private.h */
