/* hotswitch: a small vswitchd-like host for the example datapath.
 *
 * It loads the datapath through libhotup, which runs its PMD-like threads
 * (dp_pmd_main); it feeds them synthetic traffic and installs and removes
 * flows from a host thread (traffic.c); and it hot-upgrades the datapath,
 * either on its own (--upgrade, in order, --cycles times) or when told so
 * on its control socket (--socket, by 'hotupctl').  At the end (after the
 * upgrades, --duration, or SIGINT/SIGTERM) it stops the traffic and checks
 * that no packet was lost or duplicated and that every counter of the
 * datapath equals what it counted itself.  Exit status 0 if so. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "dp-host.h"
#include "hotup/hotup.h"
#include "traffic.h"

#define MAX_UPGRADES 16

struct upgrade {
    const char *dp;                     /* New build. */
    const char *bundle;                 /* Its migration bundle. */
};

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
    (void) sig;
    stop_requested = 1;
}

static void __attribute__((noreturn))
usage(int status)
{
    fprintf(status ? stderr : stdout,
"usage: hotswitch [OPTIONS] DATAPATH.so\n"
"  -t, --threads N          datapath threads (default 2)\n"
"  -p, --ports N            ports with traffic (default 4)\n"
"  -r, --rate PPS           packets per second offered (default 100000)\n"
"  -u, --upgrade NEW:BUNDLE an upgrade to run (repeat: run in order)\n"
"  -n, --cycles N           run the list of upgrades N times (default 1)\n"
"  -i, --interval MS        traffic before each upgrade (default 200)\n"
"  -d, --duration MS        without upgrades: run this long (default:\n"
"                           until SIGINT or SIGTERM)\n"
"  -s, --socket PATH        serve 'hotupctl' on PATH\n"
"      --deadline-us N      stop deadline of a commit (default 500000)\n"
"      --nice N             run the datapath threads and the upgrading\n"
"                           thread at this nice value (as a switch runs\n"
"                           its datapath; negative needs privileges)\n"
"      --stats FILE         one line per upgrade, for bench/runtime\n"
"  -q, --quiet              no line per upgrade\n");
    exit(status);
}

/* Sleeps 'ms', or less if asked to stop. */
static void
nap_ms(unsigned ms)
{
    for (unsigned i = 0; i < ms && !stop_requested; i++) {
        struct timespec ts = { 0, 1000000 };

        nanosleep(&ts, NULL);
    }
}

static int
live_version(struct hotup *up)
{
    int v;

    hotup_enter(up);
    v = ((dp_version_fn *) hotup_sym(up, "dp_version"))();
    hotup_exit(up);
    return v;
}

static double
us(uint64_t ns)
{
    return ns / 1000.0;
}

static void
print_upgrade(unsigned n, int from, int to, const char *dp,
              const struct hotup_report *rep)
{
    const char *base = strrchr(dp, '/');

    printf("upgrade %2u: v%d -> v%d (%s): break %.1f us = stop %.1f + "
           "migrate %.1f + switch %.1f + resume %.1f; forwarding gaps",
           n, from, to, base ? base + 1 : dp, us(rep->break_ns),
           us(rep->stop_ns), us(rep->migrate_ns), us(rep->switch_ns),
           us(rep->resume_ns));
    for (uint32_t i = 0; i < rep->n_threads && i < HOTUP_REPORT_THREADS;
         i++) {
        printf(" %.1f", us(rep->threads[i].gap_ns));
    }
    printf(" us; %.1f KB migrated\n", rep->bytes_migrated / 1024.0);
}

int
main(int argc, char *argv[])
{
    static const struct option longopts[] = {
        { "threads", required_argument, NULL, 't' },
        { "ports", required_argument, NULL, 'p' },
        { "rate", required_argument, NULL, 'r' },
        { "upgrade", required_argument, NULL, 'u' },
        { "cycles", required_argument, NULL, 'n' },
        { "interval", required_argument, NULL, 'i' },
        { "duration", required_argument, NULL, 'd' },
        { "socket", required_argument, NULL, 's' },
        { "deadline-us", required_argument, NULL, 'D' },
        { "stats", required_argument, NULL, 'S' },
        { "nice", required_argument, NULL, 'N' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct upgrade upgrades[MAX_UPGRADES];
    unsigned n_upgrades = 0, n_threads = 2, n_ports = 4, rate = 100000;
    unsigned cycles = 1, interval = 200, duration = 0, deadline = 0;
    unsigned n_done = 0, n_failed = 0;
    const char *sock = NULL, *stats_path = NULL;
    struct traffic_config cfg;
    struct traffic_stats st;
    struct traffic *tr = NULL;
    struct hotup *up = NULL;
    struct hotup_opts opts;
    char msg[256], summary[512];
    FILE *stats = NULL;
    bool quiet = false, ok, set_nice = false;
    int nice_value = 0;
    int opt, err;

    while ((opt = getopt_long(argc, argv, "t:p:r:u:n:i:d:s:qh", longopts,
                              NULL)) != -1) {
        switch (opt) {
        case 't': n_threads = atoi(optarg); break;
        case 'p': n_ports = atoi(optarg); break;
        case 'r': rate = atoi(optarg); break;
        case 'n': cycles = atoi(optarg); break;
        case 'i': interval = atoi(optarg); break;
        case 'd': duration = atoi(optarg); break;
        case 's': sock = optarg; break;
        case 'D': deadline = atoi(optarg); break;
        case 'S': stats_path = optarg; break;
        case 'N': nice_value = atoi(optarg); set_nice = true; break;
        case 'q': quiet = true; break;
        case 'h': usage(0);
        case 'u': {
            char *colon = strchr(optarg, ':');

            if (!colon || n_upgrades == MAX_UPGRADES) {
                fprintf(stderr, "hotswitch: --upgrade NEW.so:BUNDLE.so (at "
                        "most %d)\n", MAX_UPGRADES);
                return 2;
            }
            *colon = '\0';
            upgrades[n_upgrades++] = (struct upgrade) { optarg, colon + 1 };
            break;
        }
        default: usage(2);
        }
    }
    if (optind != argc - 1 || !n_threads || n_threads > DP_MAX_PMDS) {
        usage(2);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (stats_path && !(stats = fopen(stats_path, "w"))) {
        fprintf(stderr, "hotswitch: %s: %s\n", stats_path, strerror(errno));
        return 1;
    }

    memset(&opts, 0, sizeof opts);
    opts.sz = sizeof opts;
    opts.thread_entry = "dp_pmd_main";
    opts.n_threads = n_threads;
    opts.init_entry = "dp_init";
    opts.stop_deadline_us = deadline;
    err = hotup_open(argv[optind], &opts, &up);
    if (err) {
        fprintf(stderr, "hotswitch: %s\n", hotup_strerror(NULL));
        return 1;
    }
    err = hotup_start(up);
    if (!err) {
        memset(&cfg, 0, sizeof cfg);
        cfg.n_ports = n_ports;
        cfg.n_pmds = n_threads;
        cfg.rate = rate;
        err = traffic_create(up, &cfg, &tr);
        if (err) {
            snprintf(msg, sizeof msg, "traffic: %s", strerror(-err));
        }
    } else {
        snprintf(msg, sizeof msg, "%s", hotup_strerror(up));
    }
    for (unsigned i = 0; !err && set_nice && i <= n_threads; i++) {
        /* The datapath threads, then this (upgrading) thread. */
        int tid = i < n_threads ? hotup_thread_tid(up, i) : gettid();

        if (tid < 0 || setpriority(PRIO_PROCESS, tid, nice_value)) {
            err = tid < 0 ? tid : -errno;
            snprintf(msg, sizeof msg, "nice %d for thread %d: %s",
                     nice_value, tid, strerror(-err));
        }
    }
    if (!err && sock) {
        err = hotup_ctl_listen(up, sock);
        snprintf(msg, sizeof msg, "%s", hotup_strerror(up));
    }
    if (!err) {
        err = traffic_start(tr);
        snprintf(msg, sizeof msg, "traffic: %s", strerror(-err));
    }
    if (err) {
        fprintf(stderr, "hotswitch: %s\n", msg);
        hotup_close(up);
        traffic_destroy(tr);
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (!quiet) {
        printf("hotswitch: v%d running with %u datapath threads, %u ports, "
               "%u packets/s%s%s\n", live_version(up), n_threads, n_ports,
               rate, sock ? "; control socket " : "", sock ? sock : "");
    }

    for (unsigned c = 0; c < cycles && n_upgrades && !stop_requested; c++) {
        for (unsigned u = 0; u < n_upgrades && !stop_requested; u++) {
            struct hotup_report rep;
            int from = live_version(up), to;

            nap_ms(interval);
            err = hotup_upgrade(up, upgrades[u].dp, upgrades[u].bundle,
                                &rep);
            to = live_version(up);
            n_done++;
            if (err) {
                n_failed++;
                printf("upgrade %2u: FAILED: %s\n", n_done, rep.error);
                continue;
            }
            if (!quiet) {
                print_upgrade(n_done, from, to, upgrades[u].dp, &rep);
            }
            if (stats) {
                fprintf(stats, "%d %d %" PRIu64 " %" PRIu64 " %" PRIu64 " %"
                        PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, from, to,
                        rep.break_ns, rep.stop_ns, rep.migrate_ns,
                        rep.switch_ns, rep.resume_ns, rep.host_wait_ns,
                        rep.bytes_migrated);
                for (uint32_t i = 0; i < rep.n_threads
                                     && i < HOTUP_REPORT_THREADS; i++) {
                    fprintf(stats, " %" PRIu64 " %" PRIu64 " %" PRIu64,
                            rep.threads[i].gap_ns, rep.threads[i].park_ns,
                            rep.threads[i].tls_ns);
                }
                fputc('\n', stats);
            }
        }
    }
    if (!n_upgrades) {
        if (duration) {
            nap_ms(duration);
        } else {
            while (!stop_requested) {
                nap_ms(100);
            }
        }
    } else {
        nap_ms(interval);
    }

    err = traffic_stop(tr);
    traffic_stats(tr, &st);
    ok = !err && traffic_verify(tr, msg, sizeof msg, summary,
                                sizeof summary);
    if (n_upgrades) {
        printf("hotswitch: %u upgrades, %u failed\n", n_done, n_failed);
    }
    printf("hotswitch: live v%d; %" PRIu64 " flow changes by a host "
           "thread meanwhile\n", live_version(up), st.flow_mods);
    printf("hotswitch: forwarded by v1 %" PRIu64 ", v2 %" PRIu64 ", v3 %"
           PRIu64 " packets\n", st.by_version[1], st.by_version[2],
           st.by_version[3]);
    if (ok) {
        printf("hotswitch: ok: %s\n", summary);
    } else {
        printf("hotswitch: FAILED: %s\n", err ? "traffic did not drain"
                                             : msg);
    }
    if (stats) {
        fclose(stats);
    }
    hotup_close(up);
    traffic_destroy(tr);
    return ok && !n_failed ? 0 : 1;
}
