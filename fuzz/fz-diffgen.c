/* fuzz harness (b): diff and code generation on a damaged pair.
 *
 * Input:  byte 0      which fixture pair (fuzz/pairs.list; modulo their
 *                     number if larger)
 *         byte 1      bit 0: damage NEW (else OLD); bits 1-4: where
 *                     (fz_where__: the whole file, .debug_info, ...)
 *         then        patches of 3 + N bytes: offset (u16, little-endian,
 *                     modulo the region's size), N-1 (low 3 bits: N is 1
 *                     to 8), N bytes written there
 *
 * The damaged library goes through what 'dwarfmap diff' does (load both,
 * diff with the pair's --rename/--ignore, report, generate).  Every step
 * must either refuse with one line (an error; or a needs-hook/refused
 * verdict with a one-line reason, and then no migrate.c), or succeed: the
 * reports print (JSON valid), migrate.c is byte-identical twice, has
 * balanced brackets and the bundle descriptor.  The replay build
 * (FZ_REPLAY) also compiles each distinct migrate.c the way run-case.sh
 * does (cc -Wall -Wextra -Werror -shared -fPIC), at most
 * $HOTUP_FUZZ_COMPILE_MAX (default 64) of them; AFL and libFuzzer leave
 * compiling out, it is too slow per input.  $HOTUP_FUZZ_SAVE=FILE writes
 * the damaged library to FILE (to reproduce with 'dwarfmap diff'). */

#include "fuzz.h"

#include "dwarfmap/diff.h"
#include "migrate/gen.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FZ_RUNTIME_INCLUDE
#define FZ_RUNTIME_INCLUDE "runtime/include"
#endif

extern char **environ;

static const char *const fz_where__[16] = {
    NULL, ".debug_info", ".debug_abbrev", ".debug_str", ".debug_line",
    ".symtab", ".debug_str_offsets", ".debug_addr", ".debug_rnglists",
    ".debug_loclists", ".strtab", ".debug_line_str", ".dynsym", ".dynstr",
    ".debug_aranges", ".dynamic",
};

struct fz_lib__ {
    uint8_t *bytes;
    size_t size;
};

static struct fz_lib__ *fz_libs;        /* 2 per pair: old, new. */
static struct fz_memfile fz_damaged;
static bool fz_ready;

static void
fz_setup__(void)
{
    const struct fz_pairs *pairs = fz_pairs();

    fz_libs = calloc(2 * pairs->n, sizeof *fz_libs);
    for (size_t i = 0; i < pairs->n; i++) {
        for (int k = 0; k < 2; k++) {
            const char *path = k ? pairs->list[i].new_so
                                 : pairs->list[i].old_so;
            struct fz_lib__ *l = &fz_libs[2 * i + (size_t) k];

            l->bytes = fz_read_file(path, &l->size);
            if (!l->bytes) {
                fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
                exit(1);
            }
        }
    }
    fz_memfile_init(&fz_damaged, "fz-diffgen");
    fz_ready = true;
}

/* The file range of section 'name' of the pristine ELF l, or the whole
 * file if it has none. */
static void
fz_region__(const struct fz_lib__ *l, const char *name, size_t *off,
            size_t *len)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *) l->bytes;

    *off = 0;
    *len = l->size;
    if (!name || l->size < sizeof *eh || eh->e_shentsize != sizeof(Elf64_Shdr)
        || eh->e_shoff > l->size
        || (uint64_t) eh->e_shnum * sizeof(Elf64_Shdr)
           > l->size - eh->e_shoff
        || eh->e_shstrndx >= eh->e_shnum) {
        return;
    }
    const Elf64_Shdr *sh = (const Elf64_Shdr *) (l->bytes + eh->e_shoff);
    const Elf64_Shdr *strs = &sh[eh->e_shstrndx];
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type == SHT_NOBITS || !sh[i].sh_size
            || sh[i].sh_offset > l->size
            || sh[i].sh_size > l->size - sh[i].sh_offset
            || sh[i].sh_name >= strs->sh_size
            || strs->sh_offset + sh[i].sh_name >= l->size) {
            continue;
        }
        const char *s = (const char *) l->bytes + strs->sh_offset
                        + sh[i].sh_name;
        if (!strncmp(s, name, l->size - (strs->sh_offset + sh[i].sh_name))) {
            *off = sh[i].sh_offset;
            *len = sh[i].sh_size;
            return;
        }
    }
}

#ifdef FZ_REPLAY
/* Compiles text as run-case.sh compiles a bundle; fz_fail()s if it does
 * not compile.  Distinct texts only, at most $HOTUP_FUZZ_COMPILE_MAX. */
static void
fz_compile__(const char *text, size_t len)
{
    static uint64_t seen[4096];
    static size_t n_seen;
    uint64_t h = 1469598103934665603u;

    for (size_t i = 0; i < len; i++) {
        h = (h ^ (uint8_t) text[i]) * 1099511628211u;
    }
    for (size_t i = 0; i < n_seen; i++) {
        if (seen[i] == h) {
            return;
        }
    }
    const char *max_s = getenv("HOTUP_FUZZ_COMPILE_MAX");
    size_t max = max_s ? strtoul(max_s, NULL, 10) : 64;
    if (n_seen >= max || n_seen >= sizeof seen / sizeof *seen) {
        return;
    }
    seen[n_seen++] = h;

    char dir[] = "/tmp/fz-diffgen-XXXXXX";
    if (!mkdtemp(dir)) {
        fz_fail("mkdtemp: %s", strerror(errno));
    }
    char src[64], so[64], errf[64];
    snprintf(src, sizeof src, "%s/migrate.c", dir);
    snprintf(so, sizeof so, "%s/bundle.so", dir);
    snprintf(errf, sizeof errf, "%s/cc.err", dir);
    FILE *f = fopen(src, "w");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
        fz_fail("cannot write %s", src);
    }
    const char *cc = getenv("CC");
    char *argv[] = {
        (char *) (cc && *cc ? cc : "cc"), "-std=gnu11", "-O2", "-Wall",
        "-Wextra", "-Werror", "-shared", "-fPIC",
        "-I" FZ_RUNTIME_INCLUDE, src, "-o", so, NULL,
    };
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, errf,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int ws;
    if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
        fz_fail("cannot run %s", argv[0]);
    }
    posix_spawn_file_actions_destroy(&fa);
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(ws) || WEXITSTATUS(ws)) {
        fz_fail("the generated migrate.c does not compile: %s (see %s)", src,
                errf);
    }
    unlink(src);
    unlink(so);
    unlink(errf);
    rmdir(dir);
}
#endif

static char *
fz_generate__(const struct dm_diff *diff, size_t *len, int *rc, char *err,
              size_t errlen)
{
    struct mg_opts opts = { .sz = sizeof opts };
    char *text = NULL;
    FILE *mem = open_memstream(&text, len);

    *rc = mg_generate(diff, &opts, mem, err, errlen);
    fclose(mem);
    return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fz_ready) {
        fz_setup__();
    }
    if (size < 2) {
        return 0;
    }
    const struct fz_pairs *pairs = fz_pairs();
    size_t pi = data[0] < pairs->n ? data[0] : data[0] % pairs->n;
    const struct fz_pair *pair = &pairs->list[pi];
    int side = data[1] & 1;
    const struct fz_lib__ *lib = &fz_libs[2 * pi + (size_t) side];
    size_t roff, rlen;

    fz_region__(lib, fz_where__[(data[1] >> 1) & 15], &roff, &rlen);
    uint8_t *bytes = malloc(lib->size);
    memcpy(bytes, lib->bytes, lib->size);
    for (size_t i = 2; i + 3 <= size;) {
        size_t off = (size_t) (data[i] | data[i + 1] << 8) % rlen;
        size_t n = (size_t) (data[i + 2] & 7) + 1;

        i += 3;
        for (size_t k = 0; k < n && i < size; k++, i++) {
            if (off + k < rlen) {
                bytes[roff + off + k] = data[i];
            }
        }
    }
    fz_memfile_set(&fz_damaged, bytes, lib->size);
    const char *save = getenv("HOTUP_FUZZ_SAVE");   /* For debugging. */
    if (save && *save) {
        FILE *f = fopen(save, "wb");
        if (f) {
            fwrite(bytes, 1, lib->size, f);
            fclose(f);
        }
    }
    free(bytes);

    struct dm_load_opts lo = { .sz = sizeof lo };
    struct dm_graph *g[2] = { NULL, NULL };
    char err[1024] = "";
    for (int k = 0; k < 2; k++) {
        const char *path = k == side ? fz_damaged.path
                                     : (k ? pair->new_so : pair->old_so);
        int rc = dm_graph_load(path, &lo, &g[k], err, sizeof err);

        if (rc) {
            if (rc >= 0 || g[k] || !fz_one_line(err) || !strstr(err, path)) {
                fz_fail("%s: load refused with %d but not in one line naming "
                        "the file: '%s'", pair->name, rc, err);
            }
            dm_graph_destroy(g[0]);
            return 0;
        }
        fz_check_graph(g[k]);
    }

    struct dm_diff_opts dopts = {
        .sz = sizeof dopts,
        .renames = pair->renames, .n_renames = pair->n_renames,
        .ignores = pair->ignores, .n_ignores = pair->n_ignores,
    };
    struct dm_diff *diff = NULL;
    int rc = dm_diff_compute(g[0], g[1], &dopts, &diff, err, sizeof err);
    if (rc) {
        if (rc >= 0 || diff || !fz_one_line(err)) {
            fz_fail("%s: diff refused with %d but not in one line: '%s'",
                    pair->name, rc, err);
        }
        goto out;
    }

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    dm_diff_print_report(diff, mem);
    fclose(mem);
    free(text);
    text = NULL;
    mem = open_memstream(&text, &len);
    dm_diff_print_json(diff, mem);
    fclose(mem);
    if (!fz_json_valid(text, len)) {
        fz_fail("%s: diff --report=json printed invalid JSON", pair->name);
    }
    free(text);

    int status = dm_diff_status(diff);
    if (status & ~(DM_EXIT_CHANGED | DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE)) {
        fz_fail("%s: diff status %d", pair->name, status);
    }
    for (uint32_t i = 0; i < diff->n_changes; i++) {
        const struct dm_change *c = &diff->changes[i];

        if ((c->verdict == DM_VERDICT_NEEDS_HOOK
             || c->verdict == DM_VERDICT_REJECT)
            && (!c->reason || !fz_one_line(c->reason))) {
            fz_fail("%s: %s verdict without a one-line reason", pair->name,
                    dm_verdict_name(c->verdict));
        }
    }
    if (status & (DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE)) {
        goto out;                       /* diff writes no migrate.c. */
    }

    size_t len2;
    int rc2;
    char err2[1024] = "";
    text = fz_generate__(diff, &len, &rc, err, sizeof err);
    char *text2 = fz_generate__(diff, &len2, &rc2, err2, sizeof err2);
    if (rc != rc2 || (!rc && (len != len2 || memcmp(text, text2, len)))) {
        fz_fail("%s: migrate.c is not deterministic", pair->name);
    }
    free(text2);
    if (rc) {
        if (rc >= 0 || !fz_one_line(err)) {
            fz_fail("%s: generate refused with %d but not in one line: '%s'",
                    pair->name, rc, err);
        }
    } else {
        const char *why;

        if (!fz_c_balanced(text, len, &why)) {
            fz_fail("%s: migrate.c is malformed: %s", pair->name, why);
        }
        if (!strstr(text, "const struct hotup_bundle hotup_bundle = {")) {
            fz_fail("%s: migrate.c has no bundle descriptor", pair->name);
        }
#ifdef FZ_REPLAY
        fz_compile__(text, len);
#endif
    }
    free(text);
out:
    dm_diff_destroy(diff);
    dm_graph_destroy(g[0]);
    dm_graph_destroy(g[1]);
    return 0;
}
