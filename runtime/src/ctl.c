/* The control channel: the commands (hotup_ctl_exec()) and the unix socket
 * that serves them to 'hotupctl' (hotup_ctl_listen()).
 *
 * Wire format, one request per connection: the client sends the command's
 * words, each terminated by a NUL byte, and shuts down its writing side;
 * the server answers with a first line holding the command's result (0 or
 * a negative errno) and then the reply text, and closes. */
#include "private.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define HOTUP_CTL_MAX_REQ__ 16384       /* Bytes in one request. */
#define HOTUP_CTL_MAX_ARGS__ 16         /* Words in one request. */
#define HOTUP_CTL_IO_MS__ 5000          /* Read/write timeout per client. */

static void
hotup_us__(FILE *f, const char *what, uint64_t ns)
{
    fprintf(f, "%s %" PRIu64 ".%01" PRIu64 " us", what, ns / 1000,
            ns % 1000 / 100);
}

/* A commit's report, as lines. */
static void
hotup_put_report__(FILE *f, const struct hotup_report *rep)
{
    hotup_us__(f, "break", rep->break_ns);
    hotup_us__(f, " (stop", rep->stop_ns);
    hotup_us__(f, ", migrate", rep->migrate_ns);
    hotup_us__(f, ", switch", rep->switch_ns);
    hotup_us__(f, ", resume", rep->resume_ns);
    hotup_us__(f, "); host calls waited", rep->host_wait_ns);
    fprintf(f, " before\n  entries %" PRIu32 ": %" PRIu32 " copied, %"
            PRIu32 " converted, %" PRIu64 " bytes, %" PRIu32 " TLS blocks%s"
            "\n", rep->n_entries, rep->n_copied, rep->n_converted,
            rep->bytes_migrated, rep->n_tls_blocks,
            rep->keeps_old_mapped ? "; old build kept mapped" : "");
    for (uint32_t i = 0; i < rep->n_threads && i < HOTUP_REPORT_THREADS;
         i++) {
        const struct hotup_thread_report *t = &rep->threads[i];

        fprintf(f, "  thread %" PRIu32 " (tid %" PRId32 "): ", t->idx,
                t->tid);
        if (!t->parked) {
            fprintf(f, "did not park\n");
            continue;
        }
        hotup_us__(f, "parked after", t->park_ns);
        if (t->gap_ns) {
            hotup_us__(f, ", forwarding gap", t->gap_ns);
        }
        fprintf(f, ", %" PRIu32 " TLS entries\n", t->tls_entries);
    }
}

static void
hotup_put_status__(struct hotup *up, FILE *f)
{
    pthread_mutex_lock(&up->lock);
    fprintf(f, "live: %s (build-id %s)\n", up->live->src,
            up->live->build_id);
    if (up->next) {
        fprintf(f, "prepared: %s (build-id %s) with %s\n", up->next->src,
                up->next->build_id, up->bundle_img->src);
    } else {
        fprintf(f, "prepared: none\n");
    }
    fprintf(f, "datapath threads: %u%s\n", up->n_threads,
            up->n_threads && !up->started ? " (not started)" : "");
    for (unsigned i = 0; i < up->n_threads; i++) {
        const struct hotup_thread__ *t = &up->threads[i];
        char name[96];

        hotup_thread_name__(t, name, sizeof name);
        fprintf(f, "  %s: %s, %" PRIu64 " restarts\n", name,
                !t->created ? "not started"
                : atomic_load(&t->done) ? "ended" : "running",
                t->pub.restarts);
    }
    fprintf(f, "commits: %" PRIu64 " done, %" PRIu64 " failed\n",
            up->n_commits, up->n_failed);
    if (up->has_last) {
        if (up->last.error[0]) {
            fprintf(f, "last commit failed: %s\n", up->last.error);
        } else {
            fprintf(f, "last commit: ");
            hotup_put_report__(f, &up->last);
        }
    }
    pthread_mutex_unlock(&up->lock);
}

int
hotup_ctl_exec(struct hotup *up, int argc, const char *const argv[],
               char **reply)
{
    struct hotup_report rep;
    const char *cmd = argc > 0 ? argv[0] : "";
    size_t len = 0;
    FILE *f;
    int err = 0;

    *reply = NULL;
    f = open_memstream(reply, &len);
    if (!f) {
        return hotup_error__(up, -ENOMEM, "out of memory");
    }
    if (!strcmp(cmd, "upgrade") || !strcmp(cmd, "prepare")) {
        if (argc != 3) {
            err = hotup_error__(up, -EINVAL, "usage: %s NEW.so BUNDLE.so",
                                cmd);
        } else if (!strcmp(cmd, "prepare")) {
            err = hotup_prepare(up, argv[1], argv[2]);
            if (!err) {
                fprintf(f, "prepared %s with %s\n", argv[1], argv[2]);
            }
        } else {
            err = hotup_upgrade(up, argv[1], argv[2], &rep);
            if (!err) {
                fprintf(f, "upgraded to %s: ", argv[1]);
                hotup_put_report__(f, &rep);
            }
        }
    } else if (!strcmp(cmd, "commit") && argc == 1) {
        err = hotup_commit(up, &rep);
        if (!err) {
            fprintf(f, "committed: ");
            hotup_put_report__(f, &rep);
        }
    } else if (!strcmp(cmd, "abort") && argc == 1) {
        err = hotup_abort(up);
        fprintf(f, "no upgrade prepared\n");
    } else if (!strcmp(cmd, "status") && argc == 1) {
        hotup_put_status__(up, f);
    } else {
        err = hotup_error__(up, -EINVAL, "unknown command '%s' (commands: "
                            "upgrade NEW.so BUNDLE.so, prepare NEW.so "
                            "BUNDLE.so, commit, abort, status)", cmd);
    }
    if (err) {
        rewind(f);
        fprintf(f, "%s\n", hotup_strerror(up));
    }
    if (fclose(f) || !*reply) {
        free(*reply);
        *reply = NULL;
        return hotup_error__(up, -ENOMEM, "out of memory");
    }
    if (err) {
        (*reply)[strcspn(*reply, "\n") + 1] = '\0';
    }
    return err;
}

/* ---- The socket ---------------------------------------------------- */

/* Waits until 'fd' is ready for 'events', the stop pipe fires, or the
 * timeout.  Returns true if ready. */
static bool
hotup_ctl_ready__(struct hotup *up, int fd, short events, int timeout_ms)
{
    struct pollfd p[2] = {
        { .fd = fd, .events = events },
        { .fd = up->ctl_stop_fd[0], .events = POLLIN },
    };
    int n;

    do {
        n = poll(p, 2, timeout_ms);
    } while (n < 0 && errno == EINTR);
    return n > 0 && !p[1].revents && p[0].revents;
}

static void
hotup_ctl_write__(struct hotup *up, int fd, const char *buf, size_t len)
{
    while (len && hotup_ctl_ready__(up, fd, POLLOUT, HOTUP_CTL_IO_MS__)) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

        if (n < 0 && errno != EINTR && errno != EAGAIN) {
            return;
        }
        if (n > 0) {
            buf += n;
            len -= n;
        }
    }
}

/* Serves one client. */
static void
hotup_ctl_serve__(struct hotup *up, int fd)
{
    const char *argv[HOTUP_CTL_MAX_ARGS__ + 1];
    char *req = malloc(HOTUP_CTL_MAX_REQ__ + 1);
    char *reply = NULL, head[32];
    struct ucred cred;
    socklen_t credlen = sizeof cred;
    size_t len = 0;
    int argc = 0, err;

    if (!req) {
        return;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &credlen)
        || (cred.uid != geteuid() && cred.uid != 0)) {
        static const char denied[] = "-13\npermission denied: not the "
                                     "host's user\n";

        hotup_ctl_write__(up, fd, denied, sizeof denied - 1);
        free(req);
        return;
    }
    for (;;) {
        ssize_t n;

        if (len == HOTUP_CTL_MAX_REQ__
            || !hotup_ctl_ready__(up, fd, POLLIN, HOTUP_CTL_IO_MS__)) {
            free(req);
            return;                     /* Too long, too slow, or close. */
        }
        n = recv(fd, req + len, HOTUP_CTL_MAX_REQ__ - len, 0);
        if (n == 0) {
            break;
        } else if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            free(req);
            return;
        }
        len += n;
    }
    req[len] = '\0';
    for (size_t off = 0; off < len && argc < HOTUP_CTL_MAX_ARGS__;
         off += strlen(req + off) + 1) {
        argv[argc++] = req + off;
    }
    argv[argc] = NULL;

    err = hotup_ctl_exec(up, argc, argv, &reply);
    snprintf(head, sizeof head, "%d\n", err);
    hotup_ctl_write__(up, fd, head, strlen(head));
    if (reply) {
        hotup_ctl_write__(up, fd, reply, strlen(reply));
    } else {
        hotup_ctl_write__(up, fd, "out of memory\n", 14);
    }
    free(reply);
    free(req);
}

static void *
hotup_ctl_main__(void *up_)
{
    struct hotup *up = up_;

    pthread_setname_np(pthread_self(), "hotup-ctl");
    while (hotup_ctl_ready__(up, up->ctl_fd, POLLIN, -1)) {
        int fd = accept4(up->ctl_fd, NULL, NULL, SOCK_CLOEXEC);

        if (fd >= 0) {
            hotup_ctl_serve__(up, fd);
            close(fd);
        }
    }
    return NULL;
}

/* Is someone listening on the unix socket 'path'? */
static bool
hotup_ctl_in_use__(const struct sockaddr_un *sun)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool used;

    if (fd < 0) {
        return true;
    }
    used = !connect(fd, (const struct sockaddr *) sun, sizeof *sun)
           || errno != ECONNREFUSED;
    close(fd);
    return used;
}

int
hotup_ctl_listen(struct hotup *up, const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    struct stat st;
    int fd = -1, err;

    if (!path || !*path) {
        return hotup_error__(up, -EINVAL, "hotup_ctl_listen: no path");
    }
    if (strlen(path) >= sizeof sun.sun_path) {
        return hotup_error__(up, -ENAMETOOLONG, "%s: too long for a unix "
                             "socket", path);
    }
    strcpy(sun.sun_path, path);

    pthread_mutex_lock(&up->lock);
    if (up->ctl_running) {
        err = hotup_error__(up, -EBUSY, "already listening on %s",
                            up->ctl_path);
        goto out;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        err = hotup_error__(up, -errno, "socket: %s", strerror(errno));
        goto out;
    }
    /* On Linux the socket inode's mode (less the umask) becomes the
     * file's: 0600 from the start, no window where others could
     * connect. */
    fchmod(fd, 0600);
    if (bind(fd, (struct sockaddr *) &sun, sizeof sun)) {
        if (errno != EADDRINUSE || lstat(path, &st) || !S_ISSOCK(st.st_mode)
            || hotup_ctl_in_use__(&sun)) {
            err = hotup_error__(up, -errno, "%s: cannot bind: %s%s", path,
                                strerror(errno), errno == EADDRINUSE
                                ? " (another host listens there?)" : "");
            goto out;
        }
        unlink(path);                   /* A stale socket. */
        if (bind(fd, (struct sockaddr *) &sun, sizeof sun)) {
            err = hotup_error__(up, -errno, "%s: cannot bind: %s", path,
                                strerror(errno));
            goto out;
        }
    }
    if (chmod(path, 0600) || listen(fd, 8)) {
        err = hotup_error__(up, -errno, "%s: %s", path, strerror(errno));
        unlink(path);
        goto out;
    }
    up->ctl_path = strdup(path);
    if (!up->ctl_path || pipe2(up->ctl_stop_fd, O_CLOEXEC)) {
        err = hotup_error__(up, -ENOMEM, "%s: out of memory or fds", path);
        unlink(path);
        goto out;
    }
    up->ctl_fd = fd;
    fd = -1;
    err = -pthread_create(&up->ctl_thread, NULL, hotup_ctl_main__, up);
    if (err) {
        hotup_error__(up, err, "cannot start the control thread: %s",
                      strerror(-err));
        goto out;
    }
    up->ctl_running = true;

out:
    if (fd >= 0) {
        close(fd);
    }
    if (err && !up->ctl_running) {
        if (up->ctl_fd >= 0) {
            unlink(path);
        }
        hotup_ctl_stop__(up);
    }
    pthread_mutex_unlock(&up->lock);
    return err;
}

/* Stops the control thread (if any) and removes the socket.  Called
 * without up->lock held, except on a failed hotup_ctl_listen() where the
 * thread did not start. */
void
hotup_ctl_stop__(struct hotup *up)
{
    if (up->ctl_running) {
        ssize_t n = write(up->ctl_stop_fd[1], "x", 1);

        (void) n;
        pthread_join(up->ctl_thread, NULL);
        up->ctl_running = false;
        if (up->ctl_path) {
            unlink(up->ctl_path);
        }
    }
    for (int i = 0; i < 2; i++) {
        if (up->ctl_stop_fd[i] >= 0) {
            close(up->ctl_stop_fd[i]);
            up->ctl_stop_fd[i] = -1;
        }
    }
    if (up->ctl_fd >= 0) {
        close(up->ctl_fd);
        up->ctl_fd = -1;
    }
    free(up->ctl_path);
    up->ctl_path = NULL;
}
