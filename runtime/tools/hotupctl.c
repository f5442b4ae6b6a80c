/* hotupctl: talks to a host's libhotup control socket.
 *
 *   hotupctl [-s SOCKET] upgrade NEW.so BUNDLE.so
 *   hotupctl [-s SOCKET] status
 *   hotupctl [-s SOCKET] prepare NEW.so BUNDLE.so | commit | abort
 *
 * SOCKET defaults to $HOTUP_SOCKET.  Relative library paths are made
 * absolute (the host resolves them in its own working directory).  Exit
 * status: 0 done, 1 the command failed (the host's message on stderr),
 * 2 usage, 3 cannot reach the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void __attribute__((noreturn))
usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: hotupctl [-s SOCKET] COMMAND\n"
            "commands:\n"
            "  upgrade NEW.so BUNDLE.so   prepare and commit an upgrade\n"
            "  prepare NEW.so BUNDLE.so   load and check, no pause\n"
            "  commit                     apply the prepared upgrade\n"
            "  abort                      drop the prepared upgrade\n"
            "  status                     live build, threads, last commit\n"
            "SOCKET defaults to $HOTUP_SOCKET.\n");
    exit(status);
}

/* Sends all of 'buf'; false on error. */
static int
send_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        buf += n;
        len -= n;
    }
    return 1;
}

int
main(int argc, char *argv[])
{
    const char *sock = getenv("HOTUP_SOCKET");
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    char *reply = NULL;
    size_t len = 0, cap = 0;
    int opt, fd, paths, rc;
    char *nl;

    while ((opt = getopt(argc, argv, "+s:h")) != -1) {
        switch (opt) {
        case 's': sock = optarg; break;
        case 'h': usage(0);
        default: usage(2);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1) {
        usage(2);
    }
    paths = !strcmp(argv[0], "upgrade") || !strcmp(argv[0], "prepare");
    if ((paths && argc != 3) || (!paths && argc != 1)
        || (!paths && strcmp(argv[0], "status") && strcmp(argv[0], "commit")
            && strcmp(argv[0], "abort"))) {
        fprintf(stderr, "hotupctl: bad command line\n");
        usage(2);
    }
    if (!sock || !*sock) {
        fprintf(stderr, "hotupctl: no control socket: give -s SOCKET or "
                "set HOTUP_SOCKET\n");
        return 2;
    }
    if (strlen(sock) >= sizeof sun.sun_path) {
        fprintf(stderr, "hotupctl: %s: path too long\n", sock);
        return 2;
    }
    strcpy(sun.sun_path, sock);

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &sun, sizeof sun)) {
        fprintf(stderr, "hotupctl: cannot connect to %s: %s%s\n", sock,
                strerror(errno), errno == ENOENT || errno == ECONNREFUSED
                ? " (is the host running and listening there?)"
                : errno == EACCES ? " (the socket belongs to another user)"
                : "");
        return 3;
    }
    for (int i = 0; i < argc; i++) {
        char abs[PATH_MAX];
        const char *word = argv[i];

        if (i > 0 && paths && word[0] != '/') {
            if (!realpath(word, abs)) {
                fprintf(stderr, "hotupctl: %s: %s\n", word, strerror(errno));
                return 1;
            }
            word = abs;
        }
        if (!send_all(fd, word, strlen(word) + 1)) {
            fprintf(stderr, "hotupctl: %s: send: %s\n", sock,
                    strerror(errno));
            return 3;
        }
    }
    shutdown(fd, SHUT_WR);

    for (;;) {
        ssize_t n;

        if (cap - len < 4096) {
            cap = cap ? 2 * cap : 8192;
            reply = realloc(reply, cap + 1);
            if (!reply) {
                fprintf(stderr, "hotupctl: out of memory\n");
                return 1;
            }
        }
        n = recv(fd, reply + len, cap - len, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fprintf(stderr, "hotupctl: %s: %s\n", sock, strerror(errno));
            return 3;
        }
        if (n == 0) {
            break;
        }
        len += n;
    }
    close(fd);
    if (!reply || !(nl = memchr(reply, '\n', len))) {
        fprintf(stderr, "hotupctl: %s: the host closed the connection "
                "without an answer\n", sock);
        return 3;
    }
    reply[len] = '\0';
    rc = atoi(reply);
    if (rc) {
        fprintf(stderr, "hotupctl: %s failed (%s): %s", argv[0],
                strerror(-rc), nl + 1);
        return 1;
    }
    fputs(nl + 1, stdout);
    free(reply);
    return 0;
}
