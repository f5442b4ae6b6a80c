/* hotup/migration.h: the migration bundle ABI.
 *
 * The one header that generated code (migrate.c, compiled into a bundle
 * with 'cc -shared -fPIC') and the runtime both include.  A bundle exports
 * one object, HOTUP_BUNDLE_SYMBOL, describing how to turn the static state
 * of one build of a library (old) into that of another (new).  Everything
 * the runtime needs at upgrade time is here: no ELF or DWARF parsing
 * happens then.
 *
 * Addresses are link-time addresses (DWARF DW_OP_addr, ELF st_value); the
 * runtime adds each library's load base (link_map l_addr).  For a
 * thread-local entry they are offsets into the module's TLS block.
 *
 * Keep this header free of anything Frama-C cannot parse: generated code
 * including it is proved with WP. */
#ifndef HOTUP_MIGRATION_H
#define HOTUP_MIGRATION_H 1

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HOTUP_MIGRATION_ABI 2
#define HOTUP_BUNDLE_SYMBOL "hotup_bundle"

/* What an entry does. */
enum hotup_entry_kind {
    HOTUP_ENTRY_COPY = 1,       /* Identical layout: copy old_size bytes. */
    HOTUP_ENTRY_CONVERT = 2,    /* Call 'migrate'. */
    HOTUP_ENTRY_RELOCATE = 3,   /* Identical layout holding pointers: copy
                                 * old_size bytes, then relocate the words
                                 * that 'words' lists. */
};

/* Entry flags. */
#define HOTUP_ENTRY_TLS      0x1u /* Thread-local: migrate in each thread. */
#define HOTUP_ENTRY_POINTERS 0x2u /* Holds pointers: 'migrate' relocates. */

/* The context a migration function runs in.  Generated code treats it as
 * opaque and passes it to the hotup_mig_* services below, which the
 * runtime implements (and verify/ re-implements independently). */
struct hotup_mig_ctx;

/* A migration function: reads the old object at 'src', writes the new one
 * at 'dst' (which holds the new library's initial image), returns 0 or a
 * HOTUP_MIG_E* code.  It never writes 'src'. */
typedef int hotup_migrate_fn(struct hotup_mig_ctx *ctx, const void *src,
                             void *dst);

/* Errors a migration function returns. */
#define HOTUP_MIG_OK          0
#define HOTUP_MIG_ERANGE      1 /* A value does not fit the new type. */
#define HOTUP_MIG_EENUM       2 /* An enum value has no name in new. */
#define HOTUP_MIG_ETRUNC      3 /* Dropped array elements held state. */
#define HOTUP_MIG_ERELOC      4 /* A pointer cannot be relocated. */
#define HOTUP_MIG_EHOOK       5 /* A hand-written hook failed. */

/* For a CONVERT entry: where the sub-object of 'size' bytes at byte
 * 'old_off' of the old object lives in the new one.  The size tells a
 * struct from its first member.  Returns 0 and sets *new_off, or
 * HOTUP_MIG_ERELOC when that sub-object has no place in the new layout. */
typedef int hotup_offmap_fn(uint64_t old_off, uint64_t size,
                            uint64_t *new_off);

/* In the contracts of generated offset maps, which state a map as a logic
 * function of (offset, size) with -1 for "no place in the new layout":
 * the result 'r' of a sub-object's map, placed at 'base'. */
/*@ logic integer hotup_map_at(integer r, integer base) =
  @     r < 0 ? -1 : base + r;
  @*/

/* In the contracts of generated migrations: the 'n' bytes at 'd' are the
 * 'n' bytes at 's', in one state.  What a copy with memcpy ensures (the
 * memcmp of Frama-C's libc), for values copied as bytes. */
/*@ predicate hotup_same_bytes{L}(char *d, char *s, integer n) =
  @     memcmp{L, L}(d, s, n) == 0;
  @*/

/* What a RELOCATE entry does with one pointer-sized word of its object,
 * read from the old object and written to the same place of the new. */
enum hotup_word_kind {
    HOTUP_WORD_DATA = 1,        /* hotup_mig_reloc_data(word, size). */
    HOTUP_WORD_CODE = 2,        /* hotup_mig_reloc_code(word). */
    HOTUP_WORD_CHECK = 3,       /* A union's word: hotup_mig_check_word,
                                 * kept as it is. */
};

/* 'count' words 'stride' bytes apart from byte 'off' of the object: one
 * member, or that member in each element of an array. */
struct hotup_word {
    uint64_t off;
    uint64_t stride;            /* 0 when count is 1. */
    uint64_t size;              /* DATA: the pointee's size in old. */
    uint32_t count;             /* At least 1. */
    uint32_t kind;              /* enum hotup_word_kind. */
};

struct hotup_entry {
    const char *old_id;         /* Variable identity in old (dwarfmap). */
    const char *new_id;         /* ... and in new (differs if renamed). */
    uint32_t kind;              /* enum hotup_entry_kind. */
    uint32_t flags;             /* HOTUP_ENTRY_*. */
    uint64_t old_addr;          /* Link-time address, or TLS offset. */
    uint64_t old_size;
    uint64_t new_addr;
    uint64_t new_size;
    hotup_migrate_fn *migrate;  /* CONVERT only; NULL for COPY. */
    hotup_offmap_fn *map_offset;/* CONVERT only: for pointers into it. */
    const struct hotup_word *words;     /* RELOCATE only. */
    uint32_t n_words;
};

/* A function that exists in both builds: code pointers into old are
 * remapped through this table, sorted by old_addr. */
struct hotup_func_map {
    uint64_t old_addr;
    uint64_t new_addr;
};

/* Read-only bytes of old that pointers may refer to (string literals) and
 * where identical bytes live in new, sorted by old_addr. */
struct hotup_rodata_map {
    uint64_t old_addr;
    uint64_t size;
    uint64_t new_addr;          /* 0: no copy in new; keep old mapped. */
};

struct hotup_bundle {
    uint32_t abi;                       /* HOTUP_MIGRATION_ABI. */
    uint32_t n_entries;
    const char *old_build_id;           /* Lower-case hex GNU build-ids. */
    const char *new_build_id;
    const struct hotup_entry *entries;  /* Sorted by new_id. */
    uint32_t n_funcs;
    const struct hotup_func_map *funcs;
    uint32_t n_rodata;
    const struct hotup_rodata_map *rodata;
};

/* ---- Hand-written hooks ----------------------------------------------- */

/* Markers in a hooks file ('dwarfmap diff --hooks FILE.c'): dwarfmap reads
 * them as text and pastes the file into migrate.c after the generated
 * layouts, so a hook can use 'struct old__T' and 'struct new__T'.
 *
 *   HOTUP_HOOK("dp.c:table", mig_table)
 *       migrates variable dp.c:table (old or new identity) instead of the
 *       generated code: int mig_table(struct hotup_mig_ctx *, const void
 *       *src, void *dst), src and dst as in hotup_migrate_fn;
 *   HOTUP_HOOK_TYPE("struct flow", mig_flow)
 *       converts every value of the new build's 'struct flow' whose layout
 *       changed: int mig_flow(struct hotup_mig_ctx *, const struct
 *       old__flow *src, struct new__flow *dst).
 *
 * A hook returns 0 or a HOTUP_MIG_E* code; it must not write 'src'. */
#define HOTUP_HOOK(id, fn)
#define HOTUP_HOOK_TYPE(type, fn)

/* ---- Services for generated code, implemented by the runtime --------- */

/* The services write *err only when they fail, so that a caller may make
 * several calls and test *err once; they never allocate.
 *
 * For the prover their results are abstract logic functions: a generated
 * migration's contract says a pointer member becomes the relocation of the
 * old one, and the services themselves are checked by the runtime's tests,
 * the independent checker and fuzzing (shared/docs/toolchain.md).
 * hotup_reloc_data_ok, hotup_reloc_code_ok and hotup_word_ok name the
 * pointers and words a service takes without failing: a migration's
 * contract says it succeeds when every pointer it relocates or word it
 * checks is one of those (and every value fits). */
/*@ axiomatic hotup_reloc {
  @   logic void *hotup_reloc_data_l(struct hotup_mig_ctx *ctx, void *old,
  @                                  integer size) reads \nothing;
  @   logic void *hotup_reloc_code_l(struct hotup_mig_ctx *ctx, void *old)
  @       reads \nothing;
  @   predicate hotup_reloc_data_ok(struct hotup_mig_ctx *ctx, void *old,
  @                                 integer size) reads \nothing;
  @   predicate hotup_reloc_code_ok(struct hotup_mig_ctx *ctx, void *old)
  @       reads \nothing;
  @   predicate hotup_word_ok(struct hotup_mig_ctx *ctx, integer word)
  @       reads \nothing;
  @ } */

/* The new address of the old object that 'old' points into, for a pointer
 * whose pointee, in old, is the sub-object of 'size' bytes at 'old': for
 * a COPY or RELOCATE entry at the same offset, for a CONVERT entry through
 * its map_offset.  Pointers outside the old library (NULL, heap, other
 * libraries) come back unchanged.  Sets *err to HOTUP_MIG_ERELOC and
 * returns NULL when a pointer into old cannot be placed in new. */
/*@ requires \valid(err);
  @ assigns \result \from ctx, old, size;
  @ assigns *err \from ctx, old, size;
  @ ensures \result == hotup_reloc_data_l(ctx, (void *) old, size);
  @ ensures hotup_reloc_data_ok(ctx, (void *) old, size) ==> *err == \old(*err);
  @*/
void *hotup_mig_reloc_data(struct hotup_mig_ctx *ctx, const void *old,
                           uint64_t size, int *err);

/* The new address of the function that old code pointer 'old' points to;
 * unchanged when 'old' is not in the old library's code. */
/*@ requires \valid(err);
  @ assigns \result \from ctx, old;
  @ assigns *err \from ctx, old;
  @ ensures \result == hotup_reloc_code_l(ctx, (void *) old);
  @ ensures hotup_reloc_code_ok(ctx, (void *) old) ==> *err == \old(*err);
  @*/
void *hotup_mig_reloc_code(struct hotup_mig_ctx *ctx, const void *old,
                           int *err);

/* A pointer-sized word of a union that holds pointers, read where one of
 * its members holds a pointer.  Which member is live is not known, so the
 * word is copied as it is, never relocated: it must not point into the old
 * library's writable data, its thread-local blocks or its code.  A word
 * into old's plain read-only data (a string literal) keeps old mapped.
 * Sets *err to HOTUP_MIG_ERELOC otherwise; NULL, heap and other objects
 * pass. */
/*@ requires \valid(err);
  @ assigns *err \from ctx, word;
  @ ensures hotup_word_ok(ctx, word) ==> *err == \old(*err);
  @*/
void hotup_mig_check_word(struct hotup_mig_ctx *ctx, uintptr_t word,
                          int *err);

/* ---- Float conversions, compiled into the bundle -------------------- */

/* Converting between float and double.  WP's IEEE float model cannot be
 * used with the provers this toolchain has (Debian's CVC4 lacks
 * floating-point literals, Z3 runs out of memory on the conversion), so
 * generated code does no floating-point arithmetic itself: it copies
 * float values and converts them only with the functions below.  For the
 * prover they are declarations whose contracts are assumed (counted with
 * the services'), and 'dwarfmap prove' proves a generated file with WP's
 * real model of floats, sound for code that only copies them.  The
 * bodies are checked by tests/runtime/float-conv.c (floats and doubles
 * of every class, sampled over all float bit patterns).
 *
 * hotup_f64_of_f32(to, from), hotup_f32_of_f64(to, from): 'to' is 'from'
 * converted exactly: the same number if finite (the sign of zero too),
 * the same infinity, a NaN for a NaN.  hotup_f32_exact(v): double 'v' has
 * such a float. */
/*@ axiomatic hotup_float {
  @   predicate hotup_f64_of_f32(double to, float from) reads \nothing;
  @   predicate hotup_f32_of_f64(float to, double from) reads \nothing;
  @   predicate hotup_f32_exact(double v) reads \nothing;
  @   axiom hotup_f64_of_f32_value: \forall double to, float from;
  @       hotup_f64_of_f32(to, from) && \is_finite(from) ==> to == from;
  @   axiom hotup_f32_of_f64_value: \forall float to, double from;
  @       hotup_f32_of_f64(to, from) && \is_finite(from) ==> to == from;
  @ } */

/* 'v' as a double, which is always exact. */
/*@ assigns \result \from v;
  @ ensures hotup_f64_of_f32(\result, v);
  @*/
static inline double hotup_mig_f32_to_f64(float v);

/* 1 if 'v' converts to float exactly (a NaN, an infinity, or a number
 * that is not rounded and not out of range), 0 otherwise. */
/*@ assigns \result \from v;
  @ ensures \result == 0 || \result == 1;
  @ ensures \result == 1 <==> hotup_f32_exact(v);
  @*/
static inline int hotup_mig_f64_fits_f32(double v);

/* 'v' as a float, for a 'v' that fits. */
/*@ requires hotup_f32_exact(v);
  @ assigns \result \from v;
  @ ensures hotup_f32_of_f64(\result, v);
  @*/
static inline float hotup_mig_f64_to_f32(double v);

#ifndef __FRAMAC__
static inline double
hotup_mig_f32_to_f64(float v)
{
    return (double) v;
}

static inline int
hotup_mig_f64_fits_f32(double v)
{
    return v != v || (double) (float) v == v;
}

static inline float
hotup_mig_f64_to_f32(double v)
{
    return (float) v;
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* hotup/migration.h */
