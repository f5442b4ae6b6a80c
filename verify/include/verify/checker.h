/* verify: the independent checker.
 *
 *   dwarfmap verify OLD.so NEW.so BUNDLE.so [--states N] [--seed S]
 *                   [--rename OLD_ID=NEW_ID]... [--ignore ID]...
 *                   [--hooks FILE.c] [--old-debug-file FILE]
 *                   [--new-debug-file FILE] [--old-strip-prefix DIR]
 *                   [--new-strip-prefix DIR]
 *
 * Runs a compiled migration bundle on concrete memory and compares what it
 * produced with an expectation computed from the DWARF of both libraries
 * alone (docs/migrations.md re-implemented: it shares no code with
 * migrate/).  In a forked child, so that a crashing bundle or library
 * constructor cannot take the caller down, it loads both libraries and the
 * bundle, then for each of N states fills the old library's writable
 * static and thread-local state with random and edge values (valid
 * pointers only: NULL, heap, into old static data, to old functions), runs
 * every entry of the bundle with its own implementation of the relocation
 * services, and compares every byte of the new library's writable state
 * with its own expected image.  It reports the first mismatch: variable,
 * member path, expected and actual values.
 *
 * The executable that runs vf_verify_main() must export the two services
 * generated code calls, hotup_mig_reloc_data and hotup_mig_reloc_code
 * (defined here): linking the 'verify-checker' library adds the linker's
 * --dynamic-list=verify/checker.dynlist, which does that. */
#ifndef VERIFY_CHECKER_H
#define VERIFY_CHECKER_H 1

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit status of vf_verify_main(). */
#define VF_EXIT_OK       0              /* Every state agrees. */
#define VF_EXIT_ERROR    1              /* Bad input (message on stderr). */
#define VF_EXIT_USAGE    2
#define VF_EXIT_MISMATCH 16             /* The bundle is wrong. */

#define VF_DEFAULT_STATES 100u
#define VF_DEFAULT_SEED   1u

/* A variable renamed between the builds, as 'dwarfmap diff --rename'. */
struct vf_rename {
    const char *old_id;
    const char *new_id;
};

struct vf_verify_opts {
    size_t sz;                          /* sizeof(struct vf_verify_opts). */
    unsigned states;                    /* 0: VF_DEFAULT_STATES. */
    uint64_t seed;                      /* Same seed, same states. */
    const struct vf_rename *renames;    /* Renames the bundle may apply. */
    size_t n_renames;
    const char *const *ignores;         /* Identities left out, as diff's
                                         * --ignore: not migrated. */
    size_t n_ignores;
    unsigned timeout;                   /* Seconds per state; 0: 60. */
    const char *hooks;                  /* The hooks file given to diff
                                         * (--hooks), or NULL: variables
                                         * it hooks are not checked, parts
                                         * of types it hooks may hold
                                         * anything. */
    const char *old_debug_file;         /* Separate debug info of OLD, or
                                         * NULL (diff's --old-debug-file). */
    const char *new_debug_file;         /* Of NEW (--new-debug-file). */
    const char *old_strip_prefix;       /* OLD's compile-unit paths below
                                         * it are made relative, as diff's
                                         * --old-strip-prefix: identities
                                         * must be the bundle's. */
    const char *new_strip_prefix;       /* The same for NEW. */
};

/* Checks 'bundle' (compiled from 'dwarfmap diff old new') on concrete
 * states.  Prints the verdict on stdout and errors on stderr; returns a
 * VF_EXIT_* status. */
int vf_verify(const char *old_path, const char *new_path,
              const char *bundle_path, const struct vf_verify_opts *);

/* The command line, argv[0] being "verify".  Returns a VF_EXIT_* status. */
int vf_verify_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* verify/checker.h */
