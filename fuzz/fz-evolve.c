/* fuzz harness (d): the whole pipeline on random type evolutions.
 *
 * Input: the choices of the evolution generator (evolve.h), one byte
 * each; when they run out, a generator seeded from their hash goes on.
 * Byte 0 picks -O0/-O1/-O2 and DWARF 4/5, byte 1 the checker's seed.
 * Three evolutions are compiled with $HOTUP_FUZZ_CC (default gcc), diffed,
 * generated, compiled and checked (ev_run_batch): any mismatch or
 * unexpected verdict breaks the contract.  Slow (about a second an
 * input): run it with a long exec timeout. */
#include "fuzz.h"

#include "evolve.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char work[256];
    struct ev_src src;
    struct ev_batch bt;
    struct ev_stats st = { 0 };
    char cflags[64];

    if (!work[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(work, sizeof work, "%s/fz-evolve-%ld",
                 tmp && *tmp ? tmp : "/tmp", (long) getpid());
    }
    ev_src_bytes(&src, data, size);
    snprintf(cflags, sizeof cflags, "-O%d -gdwarf-%d", (int) ev_below(&src, 3),
             4 + (int) ev_below(&src, 2));
    uint64_t seed = ev_below(&src, 256);
    if (ev_generate(&src, 3, 0, &bt)) {
        return 0;
    }
    const char *cc = getenv("HOTUP_FUZZ_CC");
    struct ev_run_opts o = {
        .cc = cc && *cc ? cc : "gcc", .cflags = cflags, .work = work,
        .states = 8, .seed = seed, .quiet = true,
    };
    int rc = ev_run_batch(&bt, &o, &st);
    ev_batch_free(&bt);
    if (rc) {
        fz_fail("evolve: the pipeline disagrees (%d), see %s", rc, work);
    }
    return 0;
}
