/* evolve: the random type-evolution test (evolve.h), long-running mode.
 *
 *   evolve [--count N] [--seed S] [--batch B] [--cc gcc|clang|both]
 *          [--work DIR] [--dwarfmap CLI] [--states N] [--only I]
 *          [--keep-going]
 *
 * Runs N evolutions (default 100) in batches of B (default 20): batch I is
 * generated from (S, I) alone and compiled with the I-th compiler of --cc
 * (default both, alternating) at -O0, -O1 or -O2 and DWARF 4 or 5 (also
 * chosen from (S, I)).  --dwarfmap also runs the CLI and requires the same
 * status and a byte-identical migrate.c.  A failing batch's folder is kept
 * as DIR/fail-I (old/dp.c, new/dp.c, migrate.c, log) and reported with the
 * command that reruns it (--only I).  Exit status: 0 no mismatch, 1 a
 * mismatch, 2 usage, 77 the compiler is missing. */
#include "evolve.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: evolve [--count N] [--seed S] [--batch B] [--cc gcc|clang|both]\n"
    "              [--work DIR] [--dwarfmap CLI] [--states N] [--only I]\n"
    "              [--keep-going]\n";

static bool
have(const char *prog)
{
    char cmd[256];

    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "count", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "batch", required_argument, NULL, 'b' },
        { "cc", required_argument, NULL, 'c' },
        { "work", required_argument, NULL, 'w' },
        { "dwarfmap", required_argument, NULL, 'd' },
        { "states", required_argument, NULL, 't' },
        { "only", required_argument, NULL, 'o' },
        { "keep-going", no_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    unsigned long count = 100, batch = 20, states = 12;
    long only = -1;
    uint64_t seed = 1;
    const char *ccs = "both", *work = NULL, *dwarfmap = NULL;
    bool keep_going = false;
    char defwork[64];
    int c;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'n': count = strtoul(optarg, NULL, 0); break;
        case 's': seed = strtoull(optarg, NULL, 0); break;
        case 'b': batch = strtoul(optarg, NULL, 0); break;
        case 'c': ccs = optarg; break;
        case 'w': work = optarg; break;
        case 'd': dwarfmap = optarg; break;
        case 't': states = strtoul(optarg, NULL, 0); break;
        case 'o': only = strtol(optarg, NULL, 0); break;
        case 'k': keep_going = true; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: fputs(usage_text, stderr); return 2;
        }
    }
    if (optind != argc || !count || !batch || batch > 200 || !states) {
        fputs(usage_text, stderr);
        return 2;
    }
    const char *cc_list[2];
    int n_cc = 0;
    if (!strcmp(ccs, "both")) {
        cc_list[n_cc++] = "gcc";
        cc_list[n_cc++] = "clang";
    } else {
        cc_list[n_cc++] = ccs;
    }
    for (int i = 0; i < n_cc; i++) {
        if (!have(cc_list[i])) {
            fprintf(stderr, "evolve: no %s: skipped\n", cc_list[i]);
            return 77;
        }
    }
    if (!work) {
        snprintf(defwork, sizeof defwork, "/tmp/evolve-%ld", (long) getpid());
        work = defwork;
    }
    mkdir(work, 0755);
    char *abs_work = realpath(work, NULL);  /* The compiles chdir. */
    if (!abs_work) {
        fprintf(stderr, "evolve: %s: %s\n", work, strerror(errno));
        return 1;
    }
    work = abs_work;

    struct ev_stats st = { 0 };
    unsigned long n_batches = (count + batch - 1) / batch, failures = 0;
    time_t t0 = time(NULL);
    for (unsigned long b = 0; b < n_batches; b++) {
        if (only >= 0 && (unsigned long) only != b) {
            continue;
        }
        unsigned long n = b + 1 == n_batches ? count - b * batch : batch;
        struct ev_src src;
        struct ev_batch bt;
        char dir[512], cflags[64];

        ev_src_seed(&src, seed * 0x9e3779b97f4a7c15u + b);
        const char *cc = cc_list[b % (unsigned long) n_cc];
        snprintf(cflags, sizeof cflags, "-O%d -gdwarf-%d", (int) ev_below(&src, 3),
                 4 + (int) ev_below(&src, 2));
        if (ev_generate(&src, (int) n, 0, &bt)) {
            fprintf(stderr, "evolve: out of memory\n");
            free(abs_work);
            return 1;
        }
        snprintf(dir, sizeof dir, "%s/batch", work);
        struct ev_run_opts o = {
            .cc = cc, .cflags = cflags, .work = dir, .dwarfmap = dwarfmap,
            .states = (unsigned) states, .seed = seed + b,
        };
        int rc = ev_run_batch(&bt, &o, &st);
        ev_batch_free(&bt);
        if (rc) {
            char kept[600];
            snprintf(kept, sizeof kept, "%s/fail-%lu", work, b);
            if (rc > 0) {
                char cmd[2048];
                snprintf(cmd, sizeof cmd, "rm -rf '%s' && mv '%s' '%s'", kept,
                         dir, kept);
                if (system(cmd)) {
                    snprintf(kept, sizeof kept, "%s", dir);
                }
            }
            failures++;
            fprintf(stderr, "evolve: batch %lu (%s %s) FAILED, kept in %s; "
                    "rerun: evolve --seed %" PRIu64 " --count %lu --batch "
                    "%lu --cc %s --only %lu\n", b, cc, cflags, kept, seed,
                    count, batch, ccs, b);
            if (rc < 0 || !keep_going) {
                break;
            }
        }
        if ((b + 1) % 25 == 0) {
            printf("evolve: %lu/%lu batches, %u evolutions, %lu failed, "
                   "%lds\n", b + 1, n_batches, st.evolutions, failures,
                   (long) (time(NULL) - t0));
            fflush(stdout);
        }
    }
    printf("evolve: seed %" PRIu64 ": %u evolutions in %u batches (%s), %u "
           "migrated and checked, %u refused as their edit allows, %lu "
           "failed batch(es), %lds\n", seed, st.evolutions, st.batches, ccs,
           st.migrated, st.refused, failures, (long) (time(NULL) - t0));
    printf("evolve: edits:");
    for (int e = 0; e < EV_EDIT_MAX; e++) {
        printf(" %s %u (%u refused)%s", ev_edit_name(e), st.by_edit[e],
               st.refused_by_edit[e], e + 1 < EV_EDIT_MAX ? "," : "\n");
    }
    free(abs_work);
    return failures ? 1 : 0;
}
