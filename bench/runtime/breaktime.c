/* breaktime: upgrades a threaded datapath back and forth N times, with no
 * traffic, and writes one line per upgrade (the format of hotswitch
 * --stats) for bench/runtime/run:
 *
 *   breaktime [-t THREADS] [-n N] [-e ENTRY] -o STATS A.so B.so AB.so BA.so
 *
 * A.so is live first; AB.so migrates A to B, BA.so back. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hotup/hotup.h"

int
main(int argc, char *argv[])
{
    const char *entry = "ns_main", *out = NULL;
    unsigned n_threads = 2, rounds = 1000;
    struct hotup_opts opts;
    struct hotup *up;
    FILE *f;
    int opt;

    while ((opt = getopt(argc, argv, "t:n:e:o:")) != -1) {
        switch (opt) {
        case 't': n_threads = atoi(optarg); break;
        case 'n': rounds = atoi(optarg); break;
        case 'e': entry = optarg; break;
        case 'o': out = optarg; break;
        default: goto usage;
        }
    }
    if (argc - optind != 4 || !out) {
usage:
        fprintf(stderr, "usage: breaktime [-t THREADS] [-n N] [-e ENTRY] "
                "-o STATS A.so B.so AB.so BA.so\n");
        return 2;
    }
    f = fopen(out, "w");
    memset(&opts, 0, sizeof opts);
    opts.sz = sizeof opts;
    opts.thread_entry = entry;
    opts.n_threads = n_threads;
    if (!f || hotup_open(argv[optind], &opts, &up)) {
        fprintf(stderr, "breaktime: %s\n", f ? hotup_strerror(NULL) : out);
        return 1;
    }
    if (hotup_start(up)) {
        fprintf(stderr, "breaktime: %s\n", hotup_strerror(up));
        return 1;
    }
    for (unsigned i = 0; i < rounds; i++) {
        const char *dp = argv[optind + 1 - i % 2];
        const char *bundle = argv[optind + 2 + i % 2];
        struct timespec ts = { 0, 2000000 };
        struct hotup_report rep;

        nanosleep(&ts, NULL);
        if (hotup_upgrade(up, dp, bundle, &rep)) {
            fprintf(stderr, "breaktime: upgrade %u: %s\n", i, rep.error);
            return 1;
        }
        fprintf(f, "%u %u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                " %" PRIu64 " %" PRIu64 " %" PRIu64, i % 2 + 1, 2 - i % 2,
                rep.break_ns, rep.stop_ns, rep.migrate_ns, rep.switch_ns,
                rep.resume_ns, rep.host_wait_ns, rep.bytes_migrated);
        for (uint32_t t = 0; t < rep.n_threads; t++) {
            fprintf(f, " %" PRIu64 " %" PRIu64 " %" PRIu64,
                    rep.threads[t].gap_ns, rep.threads[t].park_ns,
                    rep.threads[t].tls_ns);
        }
        fputc('\n', f);
    }
    fclose(f);
    hotup_close(up);
    return 0;
}
