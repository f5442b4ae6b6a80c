/* dwarfmap: the command line.
 *
 *   dwarfmap show [--json] [--debug-file FILE] LIB.so
 *   dwarfmap diff [OPTIONS] OLD.so NEW.so > migrate.c
 *   dwarfmap diff --report[=json] [OPTIONS] OLD.so NEW.so
 *   dwarfmap check [--json] [OPTIONS] OLD.so NEW.so
 *   dwarfmap prove [--jobs N] [--json] [--cache-dir DIR] MIGRATE.c
 *   dwarfmap verify [--states N] [--seed S] [OPTIONS] OLD.so NEW.so BUNDLE.so
 *
 * main() reads as the pipeline: load both -> diff -> judge -> generate.
 * Exit status, a bitmask like abidiff's: 0 nothing unsafe; 1 error (bad
 * input: one line on stderr names the file and the problem); 2 usage; 4
 * state changed and every change is migrated; 8 a change needs a missing
 * hook; 16 a change is refused. */
#include "dwarfmap/diff.h"
#include "dwarfmap/model.h"
#include "migrate/gen.h"
#include "verify/checker.h"
#include "verify/prove.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DM_EXIT_OK 0

static const char usage_text[] =
    "usage: dwarfmap show [--json] [--debug-file FILE] [--strip-prefix DIR] "
    "LIB.so\n"
    "       dwarfmap diff [OPTIONS] OLD.so NEW.so > migrate.c\n"
    "       dwarfmap diff --report[=json] [OPTIONS] OLD.so NEW.so\n"
    "       dwarfmap check [--json] [OPTIONS] OLD.so NEW.so\n"
    "       dwarfmap prove [--jobs N] [--json] [--cache-dir DIR] "
    "[--include DIR]\n"
    "                      [--function F,G] MIGRATE.c\n"
    "       dwarfmap verify [--states N] [--seed S] [--rename OLD=NEW] "
    "[--ignore ID]\n"
    "                      [--hooks FILE.c] [--old-debug-file FILE] "
    "[--new-debug-file FILE]\n"
    "                      [--old-strip-prefix DIR] [--new-strip-prefix DIR]\n"
    "                      OLD.so NEW.so BUNDLE.so\n"
    "options of diff and check:\n"
    "  --rename OLD_ID=NEW_ID     the variable was renamed\n"
    "  --ignore ID                leave the variable out (repeatable)\n"
    "  --hooks FILE.c             hand-written migrations (HOTUP_HOOK markers)\n"
    "  --old-debug-file FILE      separate debug info of OLD.so\n"
    "  --new-debug-file FILE      separate debug info of NEW.so\n"
    "  --old-strip-prefix DIR     OLD.so's sources: compile-unit paths below\n"
    "  --new-strip-prefix DIR     DIR are made relative (two checkouts match)\n"
    "  -o, --output FILE          write migrate.c to FILE, not stdout\n"
    "exit status: 0 nothing unsafe, 1 error, 2 usage, 4 state changed and\n"
    "all of it migrated, 8 a hand-written hook is needed, 16 refused;\n"
    "prove: 0 every goal proved, 1 error, 2 usage, 16 a goal is not proved\n";

static int
usage(const char *fmt, const char *arg)
{
    if (fmt) {
        fprintf(stderr, "dwarfmap: ");
        fprintf(stderr, fmt, arg);
        fputc('\n', stderr);
    }
    fputs(usage_text, stderr);
    return DM_EXIT_USAGE;
}

static int
cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'j' },
        { "debug-file", required_argument, NULL, 'd' },
        { "strip-prefix", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dm_load_opts opts = { .sz = sizeof opts };
    bool json = false;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = true;
            break;
        case 'd':
            opts.debug_file = optarg;
            break;
        case 's':
            opts.strip_prefix = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return DM_EXIT_OK;
        default:
            return usage("show: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1) {
        return usage("show takes one library%s", "");
    }

    struct dm_graph *g;
    char err[1024];
    if (dm_graph_load(argv[optind], &opts, &g, err, sizeof err)) {
        fprintf(stderr, "dwarfmap: %s\n", err);
        return DM_EXIT_ERROR;
    }
    if (json) {
        dm_print_json(g, stdout);
    } else {
        dm_print_text(g, stdout);
    }
    dm_graph_destroy(g);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "dwarfmap: error writing output\n");
        return DM_EXIT_ERROR;
    }
    return DM_EXIT_OK;
}

/* ---- diff and check ---------------------------------------------------- */

enum diff_mode { MODE_GENERATE, MODE_REPORT, MODE_REPORT_JSON, MODE_CHECK,
                 MODE_CHECK_JSON };

struct diff_args {
    enum diff_mode mode;
    struct dm_rename *renames;
    size_t n_renames;
    const char **ignores;
    size_t n_ignores;
    struct dm_load_opts old_opts, new_opts;
    const char *output;
    const char *hooks;
    const char *old_path, *new_path;
};

static int
push(void *arrayp, size_t *n, size_t elsize)
{
    char **array = arrayp;
    char *p = realloc(*array, (*n + 1) * elsize);

    if (!p) {
        return -1;
    }
    *array = p;
    (*n)++;
    return 0;
}

static int
parse_diff_args(int argc, char **argv, bool check, struct diff_args *a)
{
    static const struct option longopts[] = {
        { "report", optional_argument, NULL, 'r' },
        { "json", no_argument, NULL, 'j' },
        { "rename", required_argument, NULL, 'n' },
        { "ignore", required_argument, NULL, 'i' },
        { "old-debug-file", required_argument, NULL, 'O' },
        { "new-debug-file", required_argument, NULL, 'N' },
        { "old-strip-prefix", required_argument, NULL, 'P' },
        { "new-strip-prefix", required_argument, NULL, 'Q' },
        { "output", required_argument, NULL, 'o' },
        { "hooks", required_argument, NULL, 'H' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    a->mode = check ? MODE_CHECK : MODE_GENERATE;
    a->old_opts.sz = a->new_opts.sz = sizeof a->old_opts;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        char *eq;

        switch (c) {
        case 'r':
            if (check) {
                return usage("check: --report is for diff; use --json%s", "");
            }
            if (optarg && strcmp(optarg, "json")) {
                return usage("--report takes 'json' or nothing, not '%s'",
                             optarg);
            }
            a->mode = optarg ? MODE_REPORT_JSON : MODE_REPORT;
            break;
        case 'j':
            if (!check) {
                return usage("diff: use --report=json%s", "");
            }
            a->mode = MODE_CHECK_JSON;
            break;
        case 'n':
            eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                return usage("--rename takes OLD_ID=NEW_ID, not '%s'", optarg);
            }
            if (push(&a->renames, &a->n_renames, sizeof *a->renames)) {
                return usage("out of memory%s", "");
            }
            *eq = '\0';
            a->renames[a->n_renames - 1].old_id = optarg;
            a->renames[a->n_renames - 1].new_id = eq + 1;
            break;
        case 'i':
            if (push(&a->ignores, &a->n_ignores, sizeof *a->ignores)) {
                return usage("out of memory%s", "");
            }
            a->ignores[a->n_ignores - 1] = optarg;
            break;
        case 'O':
            a->old_opts.debug_file = optarg;
            break;
        case 'N':
            a->new_opts.debug_file = optarg;
            break;
        case 'P':
            a->old_opts.strip_prefix = optarg;
            break;
        case 'Q':
            a->new_opts.strip_prefix = optarg;
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'H':
            if (a->hooks) {
                return usage("--hooks is given once%s", "");
            }
            a->hooks = optarg;
            break;
        default:
            return usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 2) {
        return usage("%s takes OLD.so and NEW.so", check ? "check" : "diff");
    }
    a->old_path = argv[optind];
    a->new_path = argv[optind + 1];
    return 0;
}

/* Opens a temporary file beside 'path' for write_migration(), with the
 * permissions fopen() would give 'path'; its name goes to *tmpp.  NULL if
 * it cannot. */
static FILE *
open_beside(const char *path, char **tmpp)
{
    char *tmp = malloc(strlen(path) + sizeof ".XXXXXX");
    mode_t mask = umask(0);
    FILE *out = NULL;
    int fd;

    umask(mask);
    if (tmp) {
        strcat(strcpy(tmp, path), ".XXXXXX");
    }
    fd = tmp ? mkstemp(tmp) : -1;
    if (fd >= 0 && !fchmod(fd, 0666 & ~mask)) {
        out = fdopen(fd, "w");
    }
    if (!out) {
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        tmp = NULL;
    }
    *tmpp = tmp;
    return out;
}

/* Writes migrate.c so that a failure leaves no half-written file behind.
 * A regular file (or a new one) is written as a temporary file beside it,
 * renamed over it once complete; stdout, devices, pipes, links, and a
 * file whose directory takes no temporary file get the text once it is
 * complete in memory (as every file did once: copying the 5 MB text of
 * Open vSwitch's migration as the memory stream grows took 8% of the time
 * of a diff). */
static int
write_migration(const struct dm_diff *diff, const struct mg_hooks *hooks,
                const char *output)
{
    struct mg_opts opts = { .sz = sizeof opts, .hooks = hooks };
    char *text = NULL, *tmp = NULL, err[1024];
    size_t len = 0;
    struct stat st;
    bool replace = output && (lstat(output, &st) ? errno == ENOENT
                              : S_ISREG(st.st_mode) && st.st_nlink == 1);
    FILE *out = replace ? open_beside(output, &tmp) : NULL;

    if (!out) {
        replace = false;
        out = open_memstream(&text, &len);
    }
    if (!out) {
        fprintf(stderr, "dwarfmap: out of memory\n");
        return DM_EXIT_ERROR;
    }
    int gen_err = mg_generate(diff, &opts, out, err, sizeof err);
    bool ok = !fclose(out) && !gen_err;
    if (replace) {
        ok = ok && !rename(tmp, output);
        if (!ok) {
            unlink(tmp);
        }
    } else if (ok) {
        FILE *file = output ? fopen(output, "w") : stdout;

        ok = file && fwrite(text, 1, len, file) == len && !fflush(file)
             && !ferror(file);
        if (output && file) {
            ok &= !fclose(file);
        }
    }
    free(tmp);
    free(text);
    if (gen_err && gen_err != -EIO) {
        fprintf(stderr, "dwarfmap: %s\n", err);
    } else if (!ok) {
        fprintf(stderr, "dwarfmap: %s: cannot write the migration\n",
                output ? output : "stdout");
    }
    return ok ? 0 : DM_EXIT_ERROR;
}

/* One build read by dm_graph_load(), in a thread of its own. */
struct load_job {
    const char *path;
    const struct dm_load_opts *opts;
    struct dm_graph *g;
    int rc;
    char err[1024];
};

static void *
load_thread(void *job_)
{
    struct load_job *job = job_;

    job->rc = dm_graph_load(job->path, job->opts, &job->g, job->err,
                            sizeof job->err);
    return NULL;
}

/* Reads both builds at once, new in a second thread (without one, after
 * old): on two cores, the time of the larger.  On failure, the first
 * error (old's before new's) goes to 'err'; a graph that did load is
 * returned all the same, for the caller to destroy. */
static int
load_pair(const struct diff_args *a, struct dm_graph **old,
          struct dm_graph **new, char *err, size_t errlen)
{
    struct load_job job_new = { a->new_path, &a->new_opts, NULL, 0, "" };
    pthread_t thread;
    bool threaded = !pthread_create(&thread, NULL, load_thread, &job_new);
    int rc = dm_graph_load(a->old_path, &a->old_opts, old, err, errlen);

    if (threaded) {
        pthread_join(thread, NULL);
    } else {
        load_thread(&job_new);
    }
    *new = job_new.g;
    if (!rc && job_new.rc) {
        snprintf(err, errlen, "%s", job_new.err);
        rc = job_new.rc;
    }
    return rc;
}

static int
cmd_diff(int argc, char **argv, bool check)
{
    struct diff_args a = { 0 };
    struct dm_graph *old = NULL, *new = NULL;
    struct dm_diff *diff = NULL;
    struct mg_hooks hooks = { 0 };
    const char **hooked = NULL, **hooked_types = NULL;
    size_t n_hooked = 0, n_hooked_types = 0;
    char err[1024];
    int status = parse_diff_args(argc, argv, check, &a);

    if (status) {
        goto out;
    }
    status = DM_EXIT_ERROR;
    if (a.hooks) {
        if (mg_hooks_read(a.hooks, &hooks, err, sizeof err)) {
            fprintf(stderr, "dwarfmap: %s\n", err);
            goto out;
        }
        hooked = calloc(hooks.n + 1, sizeof *hooked);
        hooked_types = calloc(hooks.n + 1, sizeof *hooked_types);
        if (!hooked || !hooked_types) {
            fprintf(stderr, "dwarfmap: out of memory\n");
            goto out;
        }
        for (size_t i = 0; i < hooks.n; i++) {
            if (hooks.list[i].type) {
                hooked_types[n_hooked_types++] = hooks.list[i].key;
            } else {
                hooked[n_hooked++] = hooks.list[i].key;
            }
        }
    }
    if (load_pair(&a, &old, &new, err, sizeof err)) {
        fprintf(stderr, "dwarfmap: %s\n", err);
        goto out;
    }
    struct dm_diff_opts dopts = {
        .sz = sizeof dopts,
        .renames = a.renames, .n_renames = a.n_renames,
        .ignores = a.ignores, .n_ignores = a.n_ignores,
        .hooked = hooked, .n_hooked = n_hooked,
        .hooked_types = hooked_types, .n_hooked_types = n_hooked_types,
    };
    if (dm_diff_compute(old, new, &dopts, &diff, err, sizeof err)) {
        fprintf(stderr, "dwarfmap: %s\n", err);
        goto out;
    }
    for (size_t i = 0; i < n_hooked; i++) {
        if (!dm_graph_find_var(old, hooked[i])
            && !dm_graph_find_var(new, hooked[i])) {
            fprintf(stderr, "dwarfmap: %s: hook for '%s': neither build has "
                    "that variable\n", a.hooks, hooked[i]);
            goto out;
        }
    }
    status = dm_diff_status(diff);
    switch (a.mode) {
    case MODE_GENERATE:
        if (status & (DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE)) {
            for (uint32_t i = 0; i < diff->n_changes; i++) {
                const struct dm_change *c = &diff->changes[i];
                if (c->verdict == DM_VERDICT_NEEDS_HOOK
                    || c->verdict == DM_VERDICT_REJECT) {
                    fprintf(stderr, "dwarfmap: %s: %s\n",
                            dm_verdict_name(c->verdict), c->reason);
                }
            }
            fprintf(stderr, "dwarfmap: no migration written\n");
        } else {
            status |= write_migration(diff, &hooks, a.output);
        }
        break;
    case MODE_REPORT:
    case MODE_CHECK:
        dm_diff_print_report(diff, stdout);
        break;
    case MODE_REPORT_JSON:
    case MODE_CHECK_JSON:
        dm_diff_print_json(diff, stdout);
        break;
    }
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "dwarfmap: error writing output\n");
        status |= DM_EXIT_ERROR;
    }
out:
    mg_hooks_destroy(&hooks);
    free(hooked);
    free(hooked_types);
    dm_diff_destroy(diff);
    dm_graph_destroy(old);
    dm_graph_destroy(new);
    free(a.renames);
    free(a.ignores);
    return status;
}

/* ---- prove ----------------------------------------------------------- */

static int
cmd_prove(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "jobs", required_argument, NULL, 'j' },
        { "json", no_argument, NULL, 'J' },
        { "cache-dir", required_argument, NULL, 'c' },
        { "include", required_argument, NULL, 'I' },
        { "timeout", required_argument, NULL, 't' },
        { "function", required_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    struct vf_prove_opts opts = { .sz = sizeof opts };
    struct vf_prove_result r;
    bool json = false;
    char err[1024], *end;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'j':
        case 't':
            errno = 0;
            unsigned long n = strtoul(optarg, &end, 10);
            if (*end || !n || n > 64 || errno) {
                return usage("--jobs and --timeout take 1 to 64, not '%s'",
                             optarg);
            }
            *(c == 'j' ? &opts.jobs : &opts.timeout) = n;
            break;
        case 'J':
            json = true;
            break;
        case 'c':
            opts.cache_dir = optarg;
            break;
        case 'I':
            opts.include_dir = optarg;
            break;
        case 'f':
            opts.functions = optarg;
            break;
        default:
            return usage("prove: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1) {
        return usage("prove takes one MIGRATE.c%s", "");
    }
    if (vf_prove(argv[optind], &opts, &r, err, sizeof err)) {
        fprintf(stderr, "dwarfmap: %s\n", err);
        vf_prove_result_destroy(&r);
        return DM_EXIT_ERROR;
    }
    if (json) {
        vf_prove_print_json(argv[optind], &r, stdout);
    } else {
        vf_prove_print(argv[optind], &r, stdout);
    }
    int status = vf_prove_ok(&r) ? DM_EXIT_OK : DM_EXIT_UNSAFE;
    vf_prove_result_destroy(&r);
    return status;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        return usage(NULL, NULL);
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, stdout);
        return DM_EXIT_OK;
    }
    if (!strcmp(argv[1], "show")) {
        return cmd_show(argc - 1, argv + 1);
    }
    if (!strcmp(argv[1], "prove")) {
        return cmd_prove(argc - 1, argv + 1);
    }
    if (!strcmp(argv[1], "verify")) {
        return vf_verify_main(argc - 1, argv + 1);
    }
    if (!strcmp(argv[1], "diff") || !strcmp(argv[1], "check")) {
        return cmd_diff(argc - 1, argv + 1, !strcmp(argv[1], "check"));
    }
    return usage("unknown command '%s'", argv[1]);
}
