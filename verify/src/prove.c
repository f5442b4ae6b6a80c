/* The proof gate: Frama-C WP on a generated migrate.c.
 *
 * The recipe is shared/docs/toolchain.md's: -wp-rte, provers cvc4 and z3
 * (Alt-Ergo is not packaged), a Why3 configuration of our own so that
 * nothing depends on $HOME, and a proof cache.  The memory model is
 * Typed+cast: the bundle ABI's entry points take 'void *' and cast, which
 * the plain Typed model cannot follow.  Frama-C exits 0 with unknown goals,
 * so the verdict comes from its reports: the WP JSON summary for the goal
 * count, the CSV property report for what is not proved. */
#include "verify/prove.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef HOTUP_RUNTIME_INCLUDE_DIR
#define HOTUP_RUNTIME_INCLUDE_DIR "runtime/include"
#endif

/* The marker migrate.c puts before pasted hooks (migrate/src/gen.c). */
#define VF_HOOKS_MARK "Hand-written hooks (--hooks), verbatim"

static int
vf_fail__(char *errbuf, size_t errlen, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
vf_fail__(char *errbuf, size_t errlen, int err, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(errbuf, errlen, fmt, args);
    va_end(args);
    return err;
}

/* Runs argv with stdout and stderr appended to 'log' and WHY3CONFIG set;
 * returns its exit status, or -errno if it could not run. */
static int
vf_run__(char *const argv[], const char *log, const char *why3conf)
{
    posix_spawn_file_actions_t fa;
    size_t n_env = 0;
    pid_t pid;
    int status;

    while (environ[n_env]) {
        n_env++;
    }
    char **env = calloc(n_env + 2, sizeof *env);
    char *why3 = NULL;
    if (!env || asprintf(&why3, "WHY3CONFIG=%s", why3conf) < 0) {
        free(env);
        return -ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n_env; i++) {
        if (strncmp(environ[i], "WHY3CONFIG=", 11)) {
            env[k++] = environ[i];
        }
    }
    env[k++] = why3;
    env[k] = NULL;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(why3);
    free(env);
    if (err) {
        return -err;
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -errno;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *
vf_read_file__(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0;

    if (!f) {
        return NULL;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        char *grown = realloc(text, len + n + 1);
        if (!grown) {
            free(text);
            fclose(f);
            return NULL;
        }
        text = grown;
        memcpy(text + len, buf, n);
        len += n;
    }
    fclose(f);
    if (text) {
        text[len] = '\0';
    }
    return text ? text : strdup("");
}

/* Reads "total" and "valid" of the "wp:main" summary in WP's JSON report. */
static int
vf_read_summary__(const char *json, struct vf_prove_result *r)
{
    const char *g = strstr(json, "\"wp:global\"");
    const char *m = g ? strstr(g, "\"wp:main\"") : NULL;
    const char *end = m ? strchr(m, '}') : NULL;
    const char *t = m ? strstr(m, "\"total\":") : NULL;
    const char *v = m ? strstr(m, "\"valid\":") : NULL;

    if (!t || t > end) {
        return -EINVAL;
    }
    r->goals = strtoul(t + 8, NULL, 10);
    r->proved = v && v < end ? strtoul(v + 8, NULL, 10) : 0;
    return 0;
}

static bool
vf_failing_status__(const char *status)
{
    return !strcmp(status, "Unknown") || !strncmp(status, "Invalid", 7);
}

/* The CSV report: directory, file, line, function, kind, status, property,
 * tab-separated.  Collects what is not proved, counts the contracts that
 * are only assumed, and notes which functions have a contract. */
static int
vf_read_csv__(char *csv, const char *base, struct vf_prove_result *r,
              char ***with_contract, size_t *n_with)
{
    for (char *line = strtok(csv, "\n"); line; line = strtok(NULL, "\n")) {
        char *f[7];
        int n = 0;

        for (char *p = line; n < 7; n++) {
            f[n] = p;
            p = strchr(p, '\t');
            if (!p) {
                n++;
                break;
            }
            *p++ = '\0';
        }
        if (n < 7 || !strcmp(f[0], "directory")) {
            continue;
        }
        if (!strcmp(f[5], "Considered valid")
            && !strncmp(f[3], "hotup_mig_", 10)) {
            r->trusted++;               /* The runtime services' contracts. */
        }
        if (strcmp(f[1], base)) {
            continue;                   /* A header's own properties. */
        }
        if (!strcmp(f[4], "postcondition") || !strcmp(f[4], "assigns clause")
            || !strcmp(f[4], "precondition")) {
            char **grown = realloc(*with_contract,
                                   (*n_with + 1) * sizeof **with_contract);
            if (!grown) {
                return -ENOMEM;
            }
            *with_contract = grown;
            (*with_contract)[(*n_with)++] = strdup(f[3]);
        }
        r->dependent += !strcmp(f[5], "Partially proven");
        if (!vf_failing_status__(f[5])) {
            continue;
        }
        struct vf_goal *g = realloc(r->unproved,
                                    (r->n_unproved + 1) * sizeof *g);
        if (!g) {
            return -ENOMEM;
        }
        r->unproved = g;
        g = &r->unproved[r->n_unproved++];
        g->function = strdup(f[3]);
        g->line = strtoul(f[2], NULL, 10);
        g->kind = strdup(f[4]);
        g->status = strdup(f[5]);
        g->property = strdup(f[6]);
    }
    return 0;
}

/* Is the function named by the 'len' bytes at 'fn' in the comma-separated
 * 'list' (NULL: every function)? */
static bool
vf_in_list__(const char *list, const char *fn, size_t len)
{
    for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
        size_t n = strcspn(p, ",");

        if (n == len && !strncmp(p, fn, len)) {
            return true;
        }
    }
    return !list;
}

/* Hooks pasted into migrate.c must carry a contract: a hook is the one
 * part of a migration written by hand.  Only the hooks among 'functions'
 * (NULL: all) were analysed. */
static int
vf_check_hooks__(const char *text, const char *functions,
                 char **with_contract, size_t n_with,
                 struct vf_prove_result *r)
{
    const char *p = strstr(text, VF_HOOKS_MARK);

    while (p && (p = strstr(p, "HOTUP_HOOK"))) {
        p += strlen("HOTUP_HOOK");
        if (!strncmp(p, "_TYPE", 5)) {
            p += 5;
        }
        const char *comma = strchr(p, ',');
        const char *close = comma ? strchr(comma, ')') : NULL;
        if (*p != '(' || !close) {
            continue;
        }
        const char *fn = comma + 1;
        while (*fn == ' ' || *fn == '\t') {
            fn++;
        }
        size_t len = strspn(fn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                                "TUVWXYZ0123456789_");
        bool found = false;
        for (size_t i = 0; i < n_with && !found; i++) {
            found = strlen(with_contract[i]) == len
                    && !strncmp(with_contract[i], fn, len);
        }
        if (!found && len && vf_in_list__(functions, fn, len)) {
            char **grown = realloc(r->no_contract,
                                   (r->n_no_contract + 1) * sizeof *grown);
            if (!grown) {
                return -ENOMEM;
            }
            r->no_contract = grown;
            r->no_contract[r->n_no_contract++] = strndup(fn, len);
        }
        p = close;
    }
    return 0;
}

static int
vf_mkdir__(const char *dir)
{
    return mkdir(dir, 0755) && errno != EEXIST ? -errno : 0;
}

/* Writes the Why3 configuration once (atomically: parallel provers may
 * share a cache directory). */
static int
vf_why3_config__(const char *dir, const char *conf, const char *log)
{
    if (!access(conf, R_OK)) {
        return 0;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/why3.conf.%ld", dir, (long) getpid());
    char *argv[] = { "why3", "config", "detect", "-C", tmp, NULL };
    int rc = vf_run__(argv, log, tmp);
    if (rc || rename(tmp, conf)) {
        unlink(tmp);
        return rc < 0 ? rc : -EIO;
    }
    return 0;
}

int
vf_prove(const char *path, const struct vf_prove_opts *opts_,
         struct vf_prove_result *r, char *errbuf, size_t errlen)
{
    struct vf_prove_opts opts = { .sz = sizeof opts };
    char dir[4096], conf[4200], json[4400], csv[4400], log[4400];
    char cache[4300], inc[4200], par[32], timeout[32];
    struct timespec t0, t1;

    memset(r, 0, sizeof *r);
    if (opts_) {
        memcpy(&opts, opts_, opts_->sz < sizeof opts ? opts_->sz : sizeof opts);
    }
    char *text = vf_read_file__(path);
    if (!text) {
        return vf_fail__(errbuf, errlen, -errno, "%s: %s", path,
                         strerror(errno));
    }
    char *pathcopy = strdup(path), *pathcopy2 = strdup(path);
    if (!pathcopy || !pathcopy2) {
        free(text);
        free(pathcopy);
        free(pathcopy2);
        return vf_fail__(errbuf, errlen, -ENOMEM, "out of memory");
    }
    const char *base = basename(pathcopy2);
    if (opts.cache_dir) {
        snprintf(dir, sizeof dir, "%s", opts.cache_dir);
    } else {
        snprintf(dir, sizeof dir, "%s/.hotup-prove", dirname(pathcopy));
    }
    snprintf(conf, sizeof conf, "%s/why3.conf", dir);
    snprintf(cache, sizeof cache, "%s/wpcache", dir);
    snprintf(json, sizeof json, "%s/%s.wp.json", dir, base);
    snprintf(csv, sizeof csv, "%s/%s.report.csv", dir, base);
    snprintf(log, sizeof log, "%s/%s.log", dir, base);
    snprintf(inc, sizeof inc, "-cpp-extra-args=-I%s",
             opts.include_dir ? opts.include_dir : HOTUP_RUNTIME_INCLUDE_DIR);
    snprintf(par, sizeof par, "%u", opts.jobs ? opts.jobs : 2);
    snprintf(timeout, sizeof timeout, "%u", opts.timeout ? opts.timeout : 30);
    r->log = strdup(log);

    int err = vf_mkdir__(dir);
    if (!err) {
        err = vf_mkdir__(cache);
    }
    if (err) {
        err = vf_fail__(errbuf, errlen, err, "%s: %s", dir, strerror(-err));
        goto out;
    }
    unlink(log);
    unlink(json);
    unlink(csv);
    if ((err = vf_why3_config__(dir, conf, log))) {
        err = vf_fail__(errbuf, errlen, err < 0 ? err : -EIO,
                        "why3 config detect failed (is why3 installed?): "
                        "see %s", log);
        goto out;
    }

    char *argv[32];
    int argc = 0;
    char *fixed[] = {
        "frama-c", "-c11", "-machdep", "gcc_x86_64", inc,
        "-wp", "-wp-model", "Typed+cast", "-wp-rte",
        "-wp-prover", "cvc4,z3", "-wp-timeout", timeout, "-wp-par", par,
        "-wp-cache", "update", "-wp-cache-dir", cache,
        "-wp-report-json", json,
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        argv[argc++] = fixed[i];
    }
    if (opts.functions) {
        argv[argc++] = "-wp-fct";
        argv[argc++] = (char *) opts.functions;
    }
    argv[argc++] = (char *) path;
    argv[argc++] = "-then";
    argv[argc++] = "-report-csv";
    argv[argc++] = csv;
    argv[argc] = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = vf_run__(argv, log, conf);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    if (rc < 0) {
        err = vf_fail__(errbuf, errlen, rc, "cannot run frama-c (is "
                        "frama-c-base installed?): %s", strerror(-rc));
        goto out;
    } else if (rc) {
        err = vf_fail__(errbuf, errlen, -EIO, "%s: frama-c failed (exit %d): "
                        "see %s", path, rc, log);
        goto out;
    }

    char *jtext = vf_read_file__(json), *ctext = vf_read_file__(csv);
    char **with = NULL;
    size_t n_with = 0;
    if (!jtext || !ctext || vf_read_summary__(jtext, r)) {
        err = vf_fail__(errbuf, errlen, -EIO, "%s: no WP report from "
                        "frama-c: see %s", path, log);
    } else if ((err = vf_read_csv__(ctext, base, r, &with, &n_with))
               || (err = vf_check_hooks__(text, opts.functions, with,
                                          n_with, r))) {
        err = vf_fail__(errbuf, errlen, err, "out of memory");
    }
    for (size_t i = 0; i < n_with; i++) {
        free(with[i]);
    }
    free(with);
    free(jtext);
    free(ctext);

out:
    free(text);
    free(pathcopy);
    free(pathcopy2);
    return err;
}

void
vf_prove_result_destroy(struct vf_prove_result *r)
{
    if (!r) {
        return;
    }
    for (size_t i = 0; i < r->n_unproved; i++) {
        free(r->unproved[i].function);
        free(r->unproved[i].kind);
        free(r->unproved[i].status);
        free(r->unproved[i].property);
    }
    free(r->unproved);
    for (size_t i = 0; i < r->n_no_contract; i++) {
        free(r->no_contract[i]);
    }
    free(r->no_contract);
    free(r->log);
    memset(r, 0, sizeof *r);
}

bool
vf_prove_ok(const struct vf_prove_result *r)
{
    return r->goals && r->proved == r->goals && !r->n_unproved
           && !r->dependent && !r->n_no_contract;
}

void
vf_prove_print(const char *path, const struct vf_prove_result *r, FILE *f)
{
    for (size_t i = 0; i < r->n_unproved; i++) {
        const struct vf_goal *g = &r->unproved[i];
        fprintf(f, "%s:%u: %s: %s %s: %s\n", path, g->line, g->function,
                g->kind, g->status, g->property);
    }
    for (size_t i = 0; i < r->n_no_contract; i++) {
        fprintf(f, "%s: hook %s has no ACSL contract\n", path,
                r->no_contract[i]);
    }
    if (r->dependent) {
        fprintf(f, "%s: %u more properties are proved only if those are\n",
                path, r->dependent);
    }
    fprintf(f, "proved %u/%u goals in %.1f s (%u properties of the runtime "
            "services assumed)%s\n", r->proved, r->goals, r->seconds, r->trusted,
            vf_prove_ok(r) ? "" : ": NOT PROVED");
}

static void
vf_json_str__(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = *s;
        if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);                /* UTF-8 passes through. */
        }
    }
    fputc('"', f);
}

void
vf_prove_print_json(const char *path, const struct vf_prove_result *r,
                    FILE *f)
{
    fputs("{\"file\":", f);
    vf_json_str__(f, path);
    fprintf(f, ",\"proved\":%u,\"goals\":%u,\"ok\":%s,\"seconds\":%.2f,"
            "\"assumed_contracts\":%u,\"unproved\":[", r->proved, r->goals,
            vf_prove_ok(r) ? "true" : "false", r->seconds, r->trusted);
    for (size_t i = 0; i < r->n_unproved; i++) {
        const struct vf_goal *g = &r->unproved[i];
        fputs(i ? ",{\"function\":" : "{\"function\":", f);
        vf_json_str__(f, g->function);
        fprintf(f, ",\"line\":%u,\"kind\":", g->line);
        vf_json_str__(f, g->kind);
        fputs(",\"status\":", f);
        vf_json_str__(f, g->status);
        fputs(",\"property\":", f);
        vf_json_str__(f, g->property);
        fputc('}', f);
    }
    fputs("],\"hooks_without_contract\":[", f);
    for (size_t i = 0; i < r->n_no_contract; i++) {
        if (i) {
            fputc(',', f);
        }
        vf_json_str__(f, r->no_contract[i]);
    }
    fputs("]}\n", f);
}
