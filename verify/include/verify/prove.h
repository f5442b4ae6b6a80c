/* verify: the proof gate.  Runs Frama-C WP (-wp-rte) on a generated
 * migrate.c, with its own Why3 configuration and proof cache, and reports
 * every goal that is not proved.  Frama-C itself exits 0 when goals stay
 * unknown: this reads its reports instead. */
#ifndef VERIFY_PROVE_H
#define VERIFY_PROVE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vf_prove_opts {
    size_t sz;                          /* sizeof(struct vf_prove_opts). */
    unsigned jobs;                      /* Prover processes; 0: 2. */
    unsigned timeout;                   /* Seconds per goal; 0: 30. */
    const char *cache_dir;              /* Why3 config, proof cache, logs;
                                         * NULL: .hotup-prove beside the
                                         * file. */
    const char *include_dir;            /* Holds hotup/migration.h; NULL:
                                         * the source tree's. */
    const char *functions;              /* "f,g": prove only these (WP's
                                         * -wp-fct); NULL: all. */
};

/* A property that is not proved. */
struct vf_goal {
    char *function;
    unsigned line;
    char *kind;                         /* "postcondition", "mem_access"... */
    char *status;                       /* "Unknown", "Invalid"... */
    char *property;                     /* The ACSL text. */
};

struct vf_prove_result {
    unsigned goals, proved;             /* WP's goal count. */
    unsigned trusted;                   /* Properties of the runtime
                                         * services' contracts: assumed. */
    unsigned dependent;                 /* Properties proved only under
                                         * unproved ones. */
    double seconds;
    struct vf_goal *unproved;
    size_t n_unproved;
    char **no_contract;                 /* Hooks without an ACSL contract. */
    size_t n_no_contract;
    char *log;                          /* Frama-C's output file. */
};

/* Proves 'path'.  Returns 0 when Frama-C ran (the result says what it
 * proved), or a negative errno with one line in errbuf. */
int vf_prove(const char *path, const struct vf_prove_opts *,
             struct vf_prove_result *, char *errbuf, size_t errlen);
void vf_prove_result_destroy(struct vf_prove_result *);   /* Accepts NULL. */

/* True if every goal is proved and every hook has a contract. */
bool vf_prove_ok(const struct vf_prove_result *);

void vf_prove_print(const char *path, const struct vf_prove_result *, FILE *);
void vf_prove_print_json(const char *path, const struct vf_prove_result *,
                         FILE *);

#ifdef __cplusplus
}
#endif

#endif /* verify/prove.h */
