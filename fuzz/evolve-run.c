/* fuzz: the pipeline of one evolution batch (evolve.h): compile, diff,
 * judge the refusals, generate, compile the bundle, check it. */
#include "evolve.h"

#include "dwarfmap/diff.h"
#include "dwarfmap/model.h"
#include "migrate/gen.h"
#include "verify/checker.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FZ_RUNTIME_INCLUDE
#define FZ_RUNTIME_INCLUDE "runtime/include"
#endif

extern char **environ;

static char *
ev_path__(const char *dir, const char *name)
{
    char *p;

    if (asprintf(&p, "%s/%s", dir, name) < 0) {
        return NULL;
    }
    return p;
}

static int
ev_write__(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "w");

    if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
        if (f) {
            fclose(f);
        }
        return -1;
    }
    return 0;
}

/* Runs argv[] with stdout and stderr into 'log' (appended), in 'dir' if
 * not NULL (ev_spawn_in__).  Returns the exit status, 128+N for a signal, -1 if it could
 * not start. */
static int
ev_spawn_in__(char *const argv[], const char *log, const char *dir)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int ws;

    posix_spawn_file_actions_init(&fa);
    if (dir) {
        posix_spawn_file_actions_addchdir_np(&fa, dir);
    }
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT
                                     | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) {
        return -1;
    }
    while (waitpid(pid, &ws, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static int
ev_spawn__(char *const argv[], const char *log)
{
    return ev_spawn_in__(argv, log, NULL);
}

struct ev_ctx {
    const struct ev_batch *bt;
    const struct ev_run_opts *o;
    char *dir;
    char *old_so, *new_so, *mig, *bundle, *log;
    struct dm_rename renames[512];
    size_t n_renames;
    const char *ignores[1024];
    size_t n_ignores;
    bool failed;
};

static void
ev_fail__(struct ev_ctx *c, const char *fmt, ...)
{
    va_list args;

    fprintf(stderr, "evolve: MISMATCH in %s: ", c->dir);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    c->failed = true;
}

static const struct ev_evo *
ev_evo_of__(const struct ev_ctx *c, const struct dm_change *ch)
{
    for (int i = 0; i < c->bt->n; i++) {
        const struct ev_evo *e = &c->bt->evos[i];
        if ((ch->old_var && !strcmp(ch->old_var->id, e->old_id))
            || (ch->new_var && !strcmp(ch->new_var->id, e->new_id))) {
            return e;
        }
    }
    return NULL;
}

/* Diffs in-process (what 'dwarfmap diff' does).  Returns the status bits,
 * or -1 on an error; *text the migration when the status allows one. */
static int
ev_diff__(struct ev_ctx *c, struct dm_graph *og, struct dm_graph *ng,
          bool judge, char **text, size_t *len)
{
    struct dm_diff_opts dopts = {
        .sz = sizeof dopts,
        .renames = c->renames, .n_renames = c->n_renames,
        .ignores = c->ignores, .n_ignores = c->n_ignores,
    };
    struct dm_diff *diff = NULL;
    char err[1024];

    *text = NULL;
    if (dm_diff_compute(og, ng, &dopts, &diff, err, sizeof err)) {
        ev_fail__(c, "diff failed: %s", err);
        return -1;
    }
    int status = dm_diff_status(diff);
    for (uint32_t i = 0; i < diff->n_changes; i++) {
        const struct dm_change *ch = &diff->changes[i];
        const struct ev_evo *e = ev_evo_of__(c, ch);
        bool refused = ch->verdict == DM_VERDICT_NEEDS_HOOK
                       || ch->verdict == DM_VERDICT_REJECT;

        if (!e) {
            continue;                   /* Not an evolution's variable. */
        }
        if (ch->verdict == DM_VERDICT_ADDED || ch->verdict == DM_VERDICT_REMOVED) {
            ev_fail__(c, "evolution %d (%s: %s): variable %s, expected a "
                      "twin", e->id, ev_edit_name(e->edit), e->what,
                      dm_verdict_name(ch->verdict));
            continue;
        }
        if (!judge || !refused) {
            continue;
        }
        /* A resized array whose length an enum with a moved enumerator
         * also has may be indexed by it (diff.c, dm_index_enum_moved__):
         * refused on that guess, by design, in these programs too. */
        if (!e->may_refuse && !strstr(ch->reason, " may index it and its "
                                                  "enumerator ")) {
            ev_fail__(c, "evolution %d (%s: %s) refused, but the edit is one "
                      "the generator must migrate: %s", e->id,
                      ev_edit_name(e->edit), e->what, ch->reason);
        }
        if (c->n_ignores + 2 <= sizeof c->ignores / sizeof *c->ignores) {
            c->ignores[c->n_ignores++] = e->old_id;
            if (strcmp(e->old_id, e->new_id)) {
                c->ignores[c->n_ignores++] = e->new_id;
            }
        }
    }
    if (!(status & (DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE))) {
        struct mg_opts mo = { .sz = sizeof mo };
        FILE *mem = open_memstream(text, len);
        if (mg_generate(diff, &mo, mem, err, sizeof err)) {
            fclose(mem);
            ev_fail__(c, "generate failed: %s", err);
            free(*text);
            *text = NULL;
            status = -1;
        } else {
            fclose(mem);
        }
    }
    dm_diff_destroy(diff);
    return status;
}

/* Parses "N variables checked ..., M not checked" from the checker. */
static void
ev_check_counts__(struct ev_ctx *c, const char *out, unsigned want)
{
    const char *p = strstr(out, "variables checked");
    const char *q = strstr(out, "not checked");
    unsigned checked = 0, not_checked = 0;

    if (p) {
        const char *s = p;
        while (s > out && s[-1] == ' ') {
            s--;
        }
        while (s > out && s[-1] >= '0' && s[-1] <= '9') {
            s--;
        }
        checked = (unsigned) strtoul(s, NULL, 10);
    }
    if (q) {
        const char *s = q;
        while (s > out && s[-1] == ' ') {
            s--;
        }
        while (s > out && s[-1] >= '0' && s[-1] <= '9') {
            s--;
        }
        not_checked = (unsigned) strtoul(s, NULL, 10);
    }
    if (!p || !q || checked != want || not_checked) {
        ev_fail__(c, "the checker checked %u variable(s) and left %u out; "
                  "the bundle migrates %u: '%s'", checked, not_checked, want,
                  out);
    }
}

int
ev_run_batch(const struct ev_batch *bt, const struct ev_run_opts *o,
             struct ev_stats *st)
{
    struct ev_ctx *c = calloc(1, sizeof *c);
    struct dm_graph *og = NULL, *ng = NULL;
    char *text = NULL, err[1024];
    size_t len = 0;
    int rc = -1;

    if (!c) {
        return -1;
    }
    c->bt = bt;
    c->o = o;
    c->dir = strdup(o->work);
    mkdir(o->work, 0755);
    char *old_dir = ev_path__(o->work, "old"), *new_dir = ev_path__(o->work, "new");
    char *old_c = ev_path__(old_dir, "dp.c"), *new_c = ev_path__(new_dir, "dp.c");
    c->old_so = ev_path__(o->work, "old.so");
    c->new_so = ev_path__(o->work, "new.so");
    c->mig = ev_path__(o->work, "migrate.c");
    c->bundle = ev_path__(o->work, "bundle.so");
    c->log = ev_path__(o->work, "log");
    if (!c->dir || !old_dir || !new_dir || !old_c || !new_c || !c->old_so
        || !c->new_so || !c->mig || !c->bundle || !c->log) {
        goto out;
    }
    mkdir(old_dir, 0755);
    mkdir(new_dir, 0755);
    unlink(c->log);
    unlink(c->mig);
    if (ev_write__(old_c, bt->old_c, strlen(bt->old_c))
        || ev_write__(new_c, bt->new_c, strlen(bt->new_c))) {
        fprintf(stderr, "evolve: cannot write in %s\n", o->work);
        goto out;
    }

    /* ---- Compile both builds ---------------------------------------- */
    char *cflags = strdup(o->cflags ? o->cflags : "-O0");
    char *argv[32];
    int n = 0;
    argv[n++] = (char *) o->cc;
    for (char *save = NULL, *w = strtok_r(cflags, " ", &save); w && n < 16;
         w = strtok_r(NULL, " ", &save)) {
        argv[n++] = w;
    }
    int base = n;
    for (int v = 0; v < 2; v++) {
        char pm[512];
        snprintf(pm, sizeof pm, "-fdebug-prefix-map=%s=/evolve",
                 v ? new_dir : old_dir);
        n = base;
        argv[n++] = "-g";
        argv[n++] = "-std=gnu11";
        argv[n++] = "-w";
        argv[n++] = "-shared";
        argv[n++] = "-fPIC";
        argv[n++] = "-Wl,--build-id";
        argv[n++] = pm;
        argv[n++] = "dp.c";             /* The CU is 'dp.c' in both. */
        argv[n++] = "-o";
        argv[n++] = v ? c->new_so : c->old_so;
        argv[n] = NULL;
        int r = ev_spawn_in__(argv, c->log, v ? new_dir : old_dir);
        if (r) {
            fprintf(stderr, "evolve: %s does not compile with %s (%d; log %s)"
                    "\n", v ? new_c : old_c, o->cc, r, c->log);
            free(cflags);
            rc = r < 0 ? -1 : 1;
            goto out;
        }
    }
    free(cflags);

    /* ---- Diff, judge, diff again without the refused ----------------- */
    struct dm_load_opts lo = { .sz = sizeof lo };
    if (dm_graph_load(c->old_so, &lo, &og, err, sizeof err)
        || dm_graph_load(c->new_so, &lo, &ng, err, sizeof err)) {
        ev_fail__(c, "the reader refuses a library cc built: %s", err);
        rc = 1;
        goto out;
    }
    for (int i = 0; i < bt->n; i++) {
        const struct ev_evo *e = &bt->evos[i];
        if (strcmp(e->old_id, e->new_id)
            && c->n_renames < sizeof c->renames / sizeof *c->renames) {
            c->renames[c->n_renames].old_id = e->old_id;
            c->renames[c->n_renames++].new_id = e->new_id;
        }
        st->by_edit[e->edit]++;
    }
    int status = ev_diff__(c, og, ng, true, &text, &len);
    unsigned refused = (unsigned) c->n_ignores;
    if (status >= 0 && (status & (DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE))) {
        status = ev_diff__(c, og, ng, false, &text, &len);
        if (status >= 0 && (status & (DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE))) {
            ev_fail__(c, "still refused with every refused variable ignored "
                      "(status %d)", status);
        }
    }
    for (int i = 0; i < bt->n; i++) {
        bool ign = false;
        for (size_t k = 0; k < c->n_ignores; k++) {
            ign |= !strcmp(c->ignores[k], bt->evos[i].old_id);
        }
        if (ign) {
            st->refused++;
            st->refused_by_edit[bt->evos[i].edit]++;
        } else {
            st->migrated++;
        }
    }
    (void) refused;
    st->evolutions += (unsigned) bt->n;
    st->batches++;
    if (c->failed || !text) {
        if (!text && !c->failed) {
            ev_fail__(c, "no migration generated");
        }
        rc = 1;
        goto out;
    }
    if (ev_write__(c->mig, text, len)) {
        goto out;
    }

    /* ---- The CLI must say the same ----------------------------------- */
    if (o->dwarfmap) {
        char *cli_mig = ev_path__(o->work, "migrate.cli.c");
        char *av[4 + 2 * 1024 + 8];
        int k = 0;
        char **heap = calloc(c->n_renames + 1, sizeof *heap);
        av[k++] = (char *) o->dwarfmap;
        av[k++] = "diff";
        for (size_t i = 0; i < c->n_renames; i++) {
            if (asprintf(&heap[i], "%s=%s", c->renames[i].old_id,
                         c->renames[i].new_id) < 0) {
                heap[i] = NULL;
                continue;
            }
            av[k++] = "--rename";
            av[k++] = heap[i];
        }
        for (size_t i = 0; i < c->n_ignores; i++) {
            av[k++] = "--ignore";
            av[k++] = (char *) c->ignores[i];
        }
        av[k++] = "-o";
        av[k++] = cli_mig;
        av[k++] = c->old_so;
        av[k++] = c->new_so;
        av[k] = NULL;
        unlink(cli_mig);
        int r = ev_spawn__(av, c->log);
        for (size_t i = 0; i < c->n_renames; i++) {
            free(heap[i]);
        }
        free(heap);
        size_t clen = 0;
        char *ctext = NULL;
        FILE *f = fopen(cli_mig, "r");
        if (f) {
            ctext = calloc(1, len + 2);
            clen = ctext ? fread(ctext, 1, len + 1, f) : 0;
            fclose(f);
        }
        if (r != status || !ctext || clen != len || memcmp(ctext, text, len)) {
            ev_fail__(c, "'dwarfmap diff' exits %d (in-process %d) or writes "
                      "another migrate.c (%s)", r, status, cli_mig);
        }
        free(ctext);
        free(cli_mig);
        if (c->failed) {
            rc = 1;
            goto out;
        }
    }

    /* ---- Compile the bundle (run-case.sh's flags) ------------------- */
    {
        char *av[] = {
            (char *) o->cc, "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror",
            "-shared", "-fPIC", "-I" FZ_RUNTIME_INCLUDE, c->mig, "-o",
            c->bundle, NULL,
        };
        int r = ev_spawn__(av, c->log);
        if (r) {
            ev_fail__(c, "migrate.c does not compile with %s -Werror (%d; "
                      "log %s)", o->cc, r, c->log);
            rc = 1;
            goto out;
        }
    }

    /* ---- The independent checker ------------------------------------ */
    {
        struct vf_rename vr[512];
        for (size_t i = 0; i < c->n_renames; i++) {
            vr[i].old_id = c->renames[i].old_id;
            vr[i].new_id = c->renames[i].new_id;
        }
        struct vf_verify_opts vo = {
            .sz = sizeof vo,
            .states = o->states ? o->states : 20,
            .seed = o->seed,
            .renames = vr, .n_renames = c->n_renames,
            .ignores = c->ignores, .n_ignores = c->n_ignores,
            .timeout = 120,
        };
        char *outp = ev_path__(o->work, "verify.out");
        int fd = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        fflush(stdout);
        int saved = dup(1);
        if (fd < 0 || saved < 0) {
            free(outp);
            goto out;
        }
        dup2(fd, 1);
        close(fd);
        int r = vf_verify(c->old_so, c->new_so, c->bundle, &vo);
        fflush(stdout);
        dup2(saved, 1);
        close(saved);
        char vout[4096] = "";
        FILE *f = fopen(outp, "r");
        if (f) {
            size_t got = fread(vout, 1, sizeof vout - 1, f);
            vout[got] = '\0';
            fclose(f);
        }
        vout[strcspn(vout, "\n")] = '\0';
        free(outp);
        if (r != VF_EXIT_OK) {
            ev_fail__(c, "the checker disagrees with the bundle (status %d): "
                      "%s", r, vout);
        } else {
            unsigned migrated = 0;
            for (int i = 0; i < bt->n; i++) {
                bool ign = false;
                for (size_t k = 0; k < c->n_ignores; k++) {
                    ign |= !strcmp(c->ignores[k], bt->evos[i].old_id);
                }
                migrated += !ign;
            }
            ev_check_counts__(c, vout, migrated);
        }
    }
    rc = c->failed ? 1 : 0;

out:
    if (rc == 1 && !c->failed) {
        c->failed = true;
    }
    free(text);
    dm_graph_destroy(og);
    dm_graph_destroy(ng);
    free(old_dir);
    free(new_dir);
    free(old_c);
    free(new_c);
    free(c->old_so);
    free(c->new_so);
    free(c->mig);
    free(c->bundle);
    free(c->log);
    free(c->dir);
    free(c);
    return rc;
}
