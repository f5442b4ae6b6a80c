/* Times a bundle's migrations against memcpy of the same old bytes, in the
 * same run.  Usage: bench BUNDLE.so [REPEATS]
 *
 * The bundle's CONVERT entries are called directly on heap copies of the
 * old state (no runtime, no pointers involved): this measures the
 * generated code itself. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hotup/migration.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    int reps = argc > 2 ? atoi(argv[2]) : 201;
    void *h = argc > 1 ? dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) : NULL;
    const struct hotup_bundle *b = h ? dlsym(h, HOTUP_BUNDLE_SYMBOL) : NULL;

    if (!b) {
        fprintf(stderr, "usage: bench BUNDLE.so [REPEATS]: %s\n", dlerror());
        return 2;
    }
    double *t_mig = calloc(reps, sizeof *t_mig), *t_cpy = calloc(reps, sizeof *t_cpy);
    size_t old_bytes = 0, new_bytes = 0;
    for (uint32_t e = 0; e < b->n_entries; e++) {
        if (b->entries[e].kind == HOTUP_ENTRY_CONVERT) {
            old_bytes += b->entries[e].old_size;
            new_bytes += b->entries[e].new_size;
        }
    }
    unsigned char *src = malloc(old_bytes), *dst = malloc(new_bytes),
                  *cpy = malloc(old_bytes);
    for (size_t i = 0; i < old_bytes; i++) {
        src[i] = (unsigned char) (i * 7 + 1);   /* Non-zero, in range. */
    }
    memset(dst, 0, new_bytes);
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        size_t so = 0, dof = 0;
        for (uint32_t e = 0; e < b->n_entries; e++) {
            const struct hotup_entry *en = &b->entries[e];
            if (en->kind != HOTUP_ENTRY_CONVERT) {
                continue;
            }
            if (en->migrate(NULL, src + so, dst + dof)) {
                fprintf(stderr, "%s: migration failed\n", en->old_id);
                return 1;
            }
            so += en->old_size;
            dof += en->new_size;
        }
        double t1 = now();
        memcpy(cpy, src, old_bytes);
        __asm__ volatile("" : : "r"(cpy) : "memory");
        double t2 = now();
        t_mig[r] = t1 - t0;
        t_cpy[r] = t2 - t1;
    }
    qsort(t_mig, reps, sizeof *t_mig, cmp_double);
    qsort(t_cpy, reps, sizeof *t_cpy, cmp_double);
    double m = t_mig[reps / 2], c = t_cpy[reps / 2];
    printf("state: %zu bytes old -> %zu bytes new, %d runs, medians\n",
           old_bytes, new_bytes, reps);
    printf("migrate: %8.1f us  (%6.2f GB/s of old state)\n", m * 1e6,
           old_bytes / m / 1e9);
    printf("memcpy:  %8.1f us  (%6.2f GB/s)\n", c * 1e6, old_bytes / c / 1e9);
    printf("ratio migrate/memcpy speed: %.2f (target >= 0.50)\n", c / m);
    return 0;
}
