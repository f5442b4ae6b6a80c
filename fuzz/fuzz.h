/* fuzz: what the harnesses share.
 *
 * Every harness is written once, as libFuzzer's LLVMFuzzerTestOneInput(),
 * and linked with one of three drivers: driver-afl.c (AFL++ persistent
 * mode, the input copied into an exact-size heap buffer), libFuzzer's own
 * (clang -fsanitize=fuzzer), or driver-replay.c (runs files and corpus
 * directories, for CTest).  A harness reports a broken contract with
 * fz_fail(), which aborts: every driver and sanitizer sees a crash. */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dwarfmap/diff.h"
#include "dwarfmap/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Prints "fuzz: CONTRACT BROKEN: ..." on stderr and aborts. */
void fz_fail(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

/* A file in memory (memfd) with a path that open() accepts
 * ("/proc/self/fd/N").  fz_memfile_set() replaces its bytes. */
struct fz_memfile {
    int fd;
    char path[64];
};
void fz_memfile_init(struct fz_memfile *, const char *name);
void fz_memfile_set(struct fz_memfile *, const void *data, size_t size);

/* Reads a whole file into a malloc'd buffer; NULL on error. */
uint8_t *fz_read_file(const char *path, size_t *sizep);

/* The fixture pairs built by fuzz/build-fixtures.sh: $HOTUP_FUZZ_FIXTURES
 * or the directory compiled in (FZ_FIXTURES_DIR).  Each pair has old.so,
 * new.so, its diff options (--rename/--ignore) and, if diff migrates it,
 * bundle.so. */
struct fz_pair {
    char *name;                         /* tests/cases folder name. */
    char *old_so, *new_so, *bundle_so;  /* bundle_so NULL: refused. */
    struct dm_rename *renames;
    size_t n_renames;
    const char **ignores;
    size_t n_ignores;
};
struct fz_pairs {
    struct fz_pair *list;
    size_t n;
};
/* Loads the list once; exits 77 (skip) with a message if it is missing. */
const struct fz_pairs *fz_pairs(void);

/* Checks the model's internal references (ids in range, sorted lists, ...)
 * and spells every type; fz_fail()s on a broken one. */
void fz_check_graph(const struct dm_graph *);

/* True if text[0..len) is exactly one valid JSON value (RFC 8259). */
bool fz_json_valid(const char *text, size_t len);

/* True if C text has balanced (), [], {} outside comments, strings and
 * character constants, and ends with a newline; else *why says where. */
bool fz_c_balanced(const char *text, size_t len, const char **why);

/* One line: non-empty, no newline. */
bool fz_one_line(const char *msg);

#endif /* fuzz/fuzz.h */
