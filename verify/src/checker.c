/* The independent checker's command line and its forked child.
 *
 * main() reads as the pipeline: load both models -> fork -> (child: load
 * both libraries and the bundle, check the bundle's tables, then per state:
 * fill old, compute the expected new image, run the entries, compare) ->
 * report.  The child talks to the parent through a pipe, one line per
 * message: 'O' for stdout, 'E' for stderr, 'P' the phase it is in (so that
 * a death can be explained), 'X' its exit status.  A child that dies
 * without saying 'X' is reported with its last phase. */
#include "checker-private.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char vf_usage_text__[] =
    "usage: dwarfmap verify [OPTIONS] OLD.so NEW.so BUNDLE.so\n"
    "  --states N                 check N random states (default 100)\n"
    "  --seed S                   seed of the states (default 1): the same\n"
    "                             seed gives the same states\n"
    "  --rename OLD_ID=NEW_ID     the variable was renamed (as for diff)\n"
    "  --ignore ID                the variable is left out (as for diff)\n"
    "  --hooks FILE.c             the hooks given to diff: what they\n"
    "                             migrate is not checked\n"
    "  --timeout SEC              seconds a state may take (default 60)\n"
    "  --old-debug-file FILE      separate debug info of OLD.so (as for diff)\n"
    "  --new-debug-file FILE      separate debug info of NEW.so\n"
    "  --old-strip-prefix DIR     OLD.so's compile-unit paths below DIR are\n"
    "  --new-strip-prefix DIR     made relative (as for diff: the bundle's\n"
    "                             identities)\n"
    "exit status: 0 every state agrees, 1 error, 2 usage, 16 the bundle is\n"
    "wrong (the first mismatch is printed)\n";

void
vf_ck_say__(struct vf_run__ *r, char kind, const char *fmt, ...)
{
    char line[4096];
    va_list args;
    int n;

    line[0] = kind;
    line[1] = ' ';
    va_start(args, fmt);
    n = vsnprintf(line + 2, sizeof line - 3, fmt, args);
    va_end(args);
    if (n < 0) {
        return;
    }
    n = (size_t) n + 2 > sizeof line - 2 ? (int) sizeof line - 2 : n + 2;
    for (int i = 2; i < n; i++) {
        if (line[i] == '\n') {
            line[i] = ' ';
        }
    }
    line[n++] = '\n';
    for (int off = 0; off < n;) {
        ssize_t w = write(r->out_fd, line + off, (size_t) (n - off));

        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return;
        }
        off += (int) w;
    }
}

static void
vf_child__(struct vf_run__ *r)
{
    int rc = vf_ck_child__(r);

    vf_ck_say__(r, 'X', "%d", rc);
    _exit(rc);                          /* Not exit(): nothing of the loaded
                                         * libraries runs after us. */
}

/* Reads the child's lines until EOF; returns its status. */
static int
vf_parent__(int fd, pid_t pid)
{
    char buf[8192], phase[512] = "starting";
    size_t used = 0;
    int status = -1, ws;

    for (;;) {
        ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
        char *line, *nl;

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        used += (size_t) n;
        buf[used] = '\0';
        line = buf;
        while ((nl = strchr(line, '\n')) || used == sizeof buf - 1) {
            if (!nl) {
                nl = buf + used - 1;    /* An overlong line: cut it. */
            }
            *nl = '\0';
            if (line[0] && line[1] == ' ') {
                switch (line[0]) {
                case 'O':
                    printf("%s\n", line + 2);
                    break;
                case 'E':
                    fprintf(stderr, "%s\n", line + 2);
                    break;
                case 'P':
                    snprintf(phase, sizeof phase, "%s", line + 2);
                    break;
                case 'X':
                    status = atoi(line + 2);
                    break;
                }
            }
            line = nl + 1;
            if (line >= buf + used) {
                break;
            }
        }
        used -= (size_t) (line - buf);
        memmove(buf, line, used);
    }
    close(fd);
    while (waitpid(pid, &ws, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "verify: waitpid: %s\n", strerror(errno));
            return VF_EXIT_ERROR;
        }
    }
    fflush(stdout);
    if (status >= 0) {
        return status;
    }
    if (WIFSIGNALED(ws)) {
        fprintf(stderr, "verify: the checking process died of %s while %s\n",
                strsignal(WTERMSIG(ws)), phase);
    } else {
        fprintf(stderr, "verify: the checking process exited with %d while "
                "%s\n", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1, phase);
    }
    return VF_EXIT_ERROR;
}

/* Removes what a dead child left in $TMPDIR: its unique copies. */
static void
vf_cleanup__(pid_t pid)
{
    const char *dir = getenv("TMPDIR");
    char prefix[64];
    struct dirent *de;
    DIR *d;

    if (!dir || !*dir) {
        dir = "/tmp";
    }
    snprintf(prefix, sizeof prefix, "vf-%ld-", (long) pid);
    d = opendir(dir);
    while (d && (de = readdir(d))) {
        if (!strncmp(de->d_name, prefix, strlen(prefix))) {
            char *path = NULL;

            if (asprintf(&path, "%s/%s", dir, de->d_name) >= 0) {
                unlink(path);
                free(path);
            }
        }
    }
    if (d) {
        closedir(d);
    }
}

int
vf_verify(const char *old_path, const char *new_path, const char *bundle_path,
          const struct vf_verify_opts *opts_)
{
    struct vf_verify_opts opts = { .sz = sizeof opts,
                                   .seed = VF_DEFAULT_SEED };
    struct dm_load_opts olo = { .sz = sizeof olo };
    struct dm_load_opts nlo = { .sz = sizeof nlo };
    struct dm_graph *og = NULL, *ng = NULL;
    char err[1024];
    int fds[2], status;
    pid_t pid;

    if (opts_) {
        memcpy(&opts, opts_, opts_->sz < sizeof opts ? opts_->sz
                                                     : sizeof opts);
    }
    opts.sz = sizeof opts;
    if (!opts.states) {
        opts.states = VF_DEFAULT_STATES;
    }
    if (!opts.timeout) {
        opts.timeout = 60;
    }
    olo.debug_file = opts.old_debug_file;
    olo.strip_prefix = opts.old_strip_prefix;
    nlo.debug_file = opts.new_debug_file;
    nlo.strip_prefix = opts.new_strip_prefix;
    if (dm_graph_load(old_path, &olo, &og, err, sizeof err)
        || dm_graph_load(new_path, &nlo, &ng, err, sizeof err)) {
        fprintf(stderr, "verify: %s\n", err);
        dm_graph_destroy(og);
        return VF_EXIT_ERROR;
    }
    if (access(bundle_path, R_OK)) {
        fprintf(stderr, "verify: %s: %s\n", bundle_path, strerror(errno));
        dm_graph_destroy(og);
        dm_graph_destroy(ng);
        return VF_EXIT_ERROR;
    }
    if (pipe(fds)) {
        fprintf(stderr, "verify: pipe: %s\n", strerror(errno));
        dm_graph_destroy(og);
        dm_graph_destroy(ng);
        return VF_EXIT_ERROR;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "verify: fork: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        dm_graph_destroy(og);
        dm_graph_destroy(ng);
        return VF_EXIT_ERROR;
    }
    if (!pid) {
        struct vf_run__ *r = calloc(1, sizeof *r);

        close(fds[0]);
        if (!r) {
            _exit(VF_EXIT_ERROR);
        }
        r->opts = &opts;
        r->out_fd = fds[1];
        r->og = og;
        r->ng = ng;
        r->old.path = old_path;
        r->old.g = og;
        r->new.path = new_path;
        r->new.g = ng;
        r->bun.path = bundle_path;
        r->rng = opts.seed ^ UINT64_C(0x5eed0f0ddba11);
        vf_child__(r);                  /* Does not return. */
    }
    close(fds[1]);
    status = vf_parent__(fds[0], pid);
    vf_cleanup__(pid);
    dm_graph_destroy(og);
    dm_graph_destroy(ng);
    return status;
}

static int
vf_usage__(const char *fmt, const char *arg)
{
    if (fmt) {
        fprintf(stderr, "verify: ");
        fprintf(stderr, fmt, arg);
        fputc('\n', stderr);
    }
    fputs(vf_usage_text__, stderr);
    return VF_EXIT_USAGE;
}

static bool
vf_number__(const char *s, uint64_t max, uint64_t *v)
{
    char *end;

    errno = 0;
    if (!*s || *s == '-') {
        return false;
    }
    *v = strtoull(s, &end, 0);
    return !errno && !*end && *v <= max;
}

int
vf_verify_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "states", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "rename", required_argument, NULL, 'r' },
        { "ignore", required_argument, NULL, 'i' },
        { "hooks", required_argument, NULL, 'k' },
        { "timeout", required_argument, NULL, 't' },
        { "old-debug-file", required_argument, NULL, 'O' },
        { "new-debug-file", required_argument, NULL, 'N' },
        { "old-strip-prefix", required_argument, NULL, 'P' },
        { "new-strip-prefix", required_argument, NULL, 'Q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct vf_verify_opts opts = {
        .sz = sizeof opts, .states = VF_DEFAULT_STATES,
        .seed = VF_DEFAULT_SEED,
    };
    struct vf_rename *renames = calloc((size_t) argc + 1, sizeof *renames);
    const char **ignores = calloc((size_t) argc + 1, sizeof *ignores);
    uint64_t v;
    int c, status;

    if (!renames || !ignores) {
        free(renames);
        free(ignores);
        fprintf(stderr, "verify: out of memory\n");
        return VF_EXIT_ERROR;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *eq;

        switch (c) {
        case 'n':
            if (!vf_number__(optarg, 1000000, &v) || !v) {
                status = vf_usage__("--states wants a number from 1, not "
                                    "'%s'", optarg);
                goto out;
            }
            opts.states = (unsigned) v;
            break;
        case 's':
            if (!vf_number__(optarg, UINT64_MAX, &v)) {
                status = vf_usage__("--seed wants a number, not '%s'", optarg);
                goto out;
            }
            opts.seed = v;
            break;
        case 't':
            if (!vf_number__(optarg, 86400, &v) || !v) {
                status = vf_usage__("--timeout wants seconds, not '%s'",
                                    optarg);
                goto out;
            }
            opts.timeout = (unsigned) v;
            break;
        case 'r':
            eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                status = vf_usage__("--rename wants OLD_ID=NEW_ID, not '%s'",
                                    optarg);
                goto out;
            }
            *eq = '\0';
            renames[opts.n_renames].old_id = optarg;
            renames[opts.n_renames++].new_id = eq + 1;
            break;
        case 'i':
            ignores[opts.n_ignores++] = optarg;
            break;
        case 'k':
            opts.hooks = optarg;
            break;
        case 'O':
            opts.old_debug_file = optarg;
            break;
        case 'N':
            opts.new_debug_file = optarg;
            break;
        case 'P':
            opts.old_strip_prefix = optarg;
            break;
        case 'Q':
            opts.new_strip_prefix = optarg;
            break;
        case 'h':
            fputs(vf_usage_text__, stdout);
            status = VF_EXIT_OK;
            goto out;
        default:
            status = vf_usage__("unknown or incomplete option '%s'",
                                argv[optind - 1]);
            goto out;
        }
    }
    if (argc - optind != 3) {
        status = vf_usage__("expects OLD.so NEW.so BUNDLE.so%s", "");
        goto out;
    }
    opts.renames = renames;
    opts.ignores = ignores;
    status = vf_verify(argv[optind], argv[optind + 1], argv[optind + 2],
                       &opts);
out:
    free(renames);
    free(ignores);
    return status;
}
