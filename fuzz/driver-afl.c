/* fuzz: the AFL++ driver (built with afl-clang-fast or afl-clang-lto).
 *
 * Persistent mode with shared-memory test cases; each input is copied into
 * a heap buffer of exactly its size, because AFL's shared-memory buffer is
 * larger than the input and hides reads past its end from ASan.  With a
 * file argument (afl-fuzz ... -- harness @@, or by hand) the file is run
 * once instead. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__AFL_FUZZ_INIT();

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static void
fz_run_copy__(const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);

    if (!copy) {
        abort();
    }
    memcpy(copy, data, len);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
}

int
main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            size_t len;
            uint8_t *data = fz_read_file(argv[i], &len);

            if (!data) {
                perror(argv[i]);
                return 1;
            }
            LLVMFuzzerTestOneInput(data, len);
            free(data);
        }
        return 0;
    }
    __AFL_INIT();
    const unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(1000)) {
        fz_run_copy__(buf, (size_t) __AFL_FUZZ_TESTCASE_LEN);
    }
    return 0;
}
