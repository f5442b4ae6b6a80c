/* fuzz harness (c): migrations on concrete states.
 *
 * Input:  byte 0       which fixture pair with a bundle (of fuzz/pairs.list,
 *                      in order; modulo their number if larger)
 *         bytes 1-8    the seed of the old states (little-endian)
 *         byte 9       the number of states, 1 + (byte % 4)
 *
 * The independent checker (vf_verify, 'dwarfmap verify') fills the old
 * library's state from the seed, runs the pair's compiled bundle and
 * compares the new state with its own expectation.  It must agree: any
 * status but VF_EXIT_OK breaks the contract.  (A missing input byte counts
 * as 0.) */
#include "fuzz.h"

#include "verify/checker.h"

#include <stdlib.h>
#include <string.h>

static const struct fz_pair **fz_bundled;
static size_t fz_n_bundled;

static void
fz_setup__(void)
{
    const struct fz_pairs *pairs = fz_pairs();

    fz_bundled = calloc(pairs->n, sizeof *fz_bundled);
    for (size_t i = 0; i < pairs->n; i++) {
        if (pairs->list[i].bundle_so) {
            fz_bundled[fz_n_bundled++] = &pairs->list[i];
        }
    }
    if (!fz_n_bundled) {
        fprintf(stderr, "fuzz: no fixture pair has a bundle\n");
        exit(77);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t in[10] = { 0 };

    if (!fz_bundled) {
        fz_setup__();
    }
    memcpy(in, data, size < sizeof in ? size : sizeof in);

    const struct fz_pair *p = fz_bundled[in[0] < fz_n_bundled
                                         ? in[0] : in[0] % fz_n_bundled];
    struct vf_rename renames[16];
    size_t n_renames = p->n_renames < 16 ? p->n_renames : 16;
    for (size_t i = 0; i < n_renames; i++) {
        renames[i].old_id = p->renames[i].old_id;
        renames[i].new_id = p->renames[i].new_id;
    }
    uint64_t seed = 0;
    for (int i = 8; i >= 1; i--) {
        seed = seed << 8 | in[i];
    }
    struct vf_verify_opts opts = {
        .sz = sizeof opts,
        .states = 1u + in[9] % 4u,
        .seed = seed,
        .renames = renames, .n_renames = n_renames,
        .ignores = p->ignores, .n_ignores = p->n_ignores,
        .timeout = 60,
    };
    int rc = vf_verify(p->old_so, p->new_so, p->bundle_so, &opts);
    if (rc != VF_EXIT_OK) {
        fz_fail("%s: the checker disagrees with the bundle (status %d, "
                "seed %llu, %u states)", p->name, rc,
                (unsigned long long) seed, opts.states);
    }
    return 0;
}
