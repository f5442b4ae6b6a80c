/* fuzz: the replay driver, for CTest and for checking what a fuzzer found.
 *
 *   fz-HARNESS-replay [--quiet] FILE_OR_DIR...
 *
 * Runs every file (a directory: every regular file in it, sorted by name,
 * not recursive) through LLVMFuzzerTestOneInput, each in a heap buffer of
 * exactly its size.  A broken contract aborts (ASan/UBSan reports do too),
 * after the name of the input was printed.  Exit status: 0 every input
 * ran, 1 an input could not be read, 2 usage, 77 no input at all. */

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int n_run;
static bool quiet;

static int
fz_run_file__(const char *path)
{
    size_t len;
    uint8_t *data = fz_read_file(path, &len);

    if (!data) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!quiet) {
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    n_run++;
    return 0;
}

static int
fz_cmp__(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static int
fz_run_dir__(const char *dir)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    int rc = 0;

    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    while ((de = readdir(d))) {
        char *path;
        struct stat st;

        if (de->d_name[0] == '.' || asprintf(&path, "%s/%s", dir,
                                             de->d_name) < 0) {
            continue;
        }
        if (stat(path, &st) || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = path;
    }
    closedir(d);
    if (n) {
        qsort(names, n, sizeof *names, fz_cmp__);
    }
    for (size_t i = 0; i < n; i++) {
        rc |= fz_run_file__(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int
main(int argc, char **argv)
{
    struct timespec t0, t1;
    int rc = 0, first = 1;

    if (argc > 1 && !strcmp(argv[1], "--quiet")) {
        quiet = true;
        first = 2;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: %s [--quiet] FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = first; i < argc; i++) {
        struct stat st;

        if (!stat(argv[i], &st) && S_ISDIR(st.st_mode)) {
            rc |= fz_run_dir__(argv[i]);
        } else {
            rc |= fz_run_file__(argv[i]);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("replay: %d input(s) ran in %.1f s, no contract broken\n", n_run,
           (double) (t1.tv_sec - t0.tv_sec)
           + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (!rc && !n_run) {
        fprintf(stderr, "replay: no input\n");
        return 77;
    }
    return rc;
}
