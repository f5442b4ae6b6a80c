/* Threaded runtime tests: 'rt-threads CASE [N]'.
 *
 * Most cases run the example switch datapath (examples/switch, built and
 * diffed by gen-examples.sh) with two PMD-like threads forwarding
 * synthetic traffic and a host thread changing flows through sections
 * (examples/switch/host/traffic.c), upgrade or fail to upgrade it, and end with
 * traffic_verify(): no packet lost, duplicated or reordered, every counter
 * of the datapath (flows, ports, misses, each thread's thread-local
 * counter, the flow list) equal to the host's own count.  A failed
 * upgrade must leave the old version forwarding, its state intact.
 *
 * The 'dpt-*' cases use the minimal threaded datapath (dp_threads.c) for
 * the thread life-cycle edge cases.
 *
 * No timing is asserted: deadlines are generous except where a test makes
 * one expire on purpose, and every wait is bounded. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dp-host.h"
#include "hotup/hotup.h"
#include "traffic.h"

#define EX(name) RT_EXAMPLES_DIR "/" name
#define LONG_US (20u * 1000 * 1000)     /* "Never" expires in a test. */
#define BOUND_NS (60ull * 1000 * 1000 * 1000) /* Bound of every wait. */

extern char **environ;

/* ---- Checks --------------------------------------------------------- */

static const char *rt_case = "?";

#define CHECK(cond, ...) \
    do { \
        if (!(cond)) { \
            rt_fail(__LINE__, #cond, __VA_ARGS__); \
        } \
    } while (0)

#define CHECK_RC(rc, want) \
    CHECK((rc) == (want), "%s returned %d (%s), want %d (%s): %s", #rc, \
          (rc), strerror(-(rc)), (want), strerror(-(want)), \
          hotup_strerror(g_up))

static void __attribute__((noreturn, format(printf, 3, 4)))
rt_fail(int line, const char *cond, const char *fmt, ...)
{
    va_list args;

    fprintf(stderr, "rt-threads %s: line %d: CHECK(%s) failed: ", rt_case,
            line, cond);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    exit(1);
}

static bool
contains(const char *haystack, const char *needle)
{
    return strstr(haystack, needle) != NULL;
}

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void
sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

    nanosleep(&ts, NULL);
}

/* Waits (bounded) until 'cond' holds; fails the test if it never does. */
#define WAIT_FOR(cond, ...) \
    do { \
        uint64_t until_ = now_ns() + BOUND_NS; \
        while (!(cond)) { \
            CHECK(now_ns() < until_, __VA_ARGS__); \
            sleep_ms(1); \
        } \
    } while (0)

/* ---- Process resources ----------------------------------------------- */

static char g_scratch[256];

static int
count_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *de;
    int n = 0;

    CHECK(d, "opendir(%s): %s", path, strerror(errno));
    while ((de = readdir(d))) {
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    }
    closedir(d);
    return n;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RT_SANITIZED 1
#endif
#endif

/* Lines of /proc/self/maps.  Under a sanitizer, whose allocator maps
 * memory as it goes, only those of files (a leaked object or a leaked
 * file mapping); else all of them. */
static int
count_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[4096];
    int n = 0;

    CHECK(f, "/proc/self/maps: %s", strerror(errno));
    while (fgets(line, sizeof line, f)) {
#ifdef RT_SANITIZED
        n += strchr(line, '/') != NULL;
#else
        n++;
#endif
    }
    fclose(f);
    return n;
}

/* Objects mapped from the scratch directory (their first mapping). */
static int
count_objects(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[4096];
    int n = 0;

    CHECK(f, "/proc/self/maps: %s", strerror(errno));
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi, off;

        if (contains(line, g_scratch)
            && sscanf(line, "%lx-%lx %*s %lx", &lo, &hi, &off) == 3
            && off == 0) {
            n++;
        }
    }
    fclose(f);
    return n;
}

static void
scratch_make(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(g_scratch, sizeof g_scratch, "%s/hotup-rtt-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    CHECK(mkdtemp(g_scratch), "mkdtemp: %s", strerror(errno));
}

static void
scratch_done(void)
{
    CHECK(count_dir(g_scratch) == 0, "%d files left in %s",
          count_dir(g_scratch), g_scratch);
    rmdir(g_scratch);
}

/* ---- The example datapath with traffic -------------------------------- */

static struct hotup *g_up;
static struct traffic *g_tr;
static unsigned g_threads;

static void *
S(const char *name)
{
    void *p = hotup_sym(g_up, name);

    CHECK(p, "hotup_sym(%s): %s", name, hotup_strerror(g_up));
    return p;
}

#define DP(name) ((name##_fn *) S(#name))

/* Calls that read or change the datapath, each in a section. */
static int
version(void)
{
    int v;

    hotup_enter(g_up);
    v = ((int (*)(void)) S("dp_version"))();
    hotup_exit(g_up);
    return v;
}

static uint64_t
pmd_packets(unsigned idx)
{
    uint64_t n;

    hotup_enter(g_up);
    n = DP(dp_pmd_packets)(idx);
    hotup_exit(g_up);
    return n;
}

static uint64_t
misses(void)
{
    uint64_t n;

    hotup_enter(g_up);
    n = DP(dp_misses)();
    hotup_exit(g_up);
    return n;
}

static void
open_example(unsigned n_threads, unsigned stop_us, unsigned host_us)
{
    struct hotup_opts opts = {
        .sz = sizeof opts,
        .thread_entry = "dp_pmd_main",
        .n_threads = n_threads,
        .init_entry = "dp_init",
        .scratch_dir = g_scratch,
        .stop_deadline_us = stop_us,
        .host_deadline_us = host_us,
    };
    struct traffic_config cfg = {
        .n_ports = 4,
        .n_pmds = n_threads,
        .rate = 20000,
        .flow_mod_us = 300,
        .seed = 42,
    };
    int rc = hotup_open(EX("libdp-v1.so"), &opts, &g_up);

    CHECK(!rc, "hotup_open: %s", hotup_strerror(NULL));
    g_threads = n_threads;
    CHECK_RC(hotup_start(g_up), 0);
    CHECK_RC(hotup_start(g_up), -EALREADY);
    rc = traffic_create(g_up, &cfg, &g_tr);
    CHECK(!rc, "traffic_create: %s", strerror(-rc));
    CHECK(!traffic_start(g_tr), "traffic_start");
    CHECK(version() == 1, "not v1");
}

/* Traffic goes through: the sink takes 200 more packets (bounded). */
static void
flowing(void)
{
    struct traffic_stats a, b;

    traffic_stats(g_tr, &a);
    WAIT_FOR((traffic_stats(g_tr, &b), b.received >= a.received + 200),
             "traffic stopped: %" PRIu64 " received", b.received);
}

/* Every thread made a pass since 'before' (their counters moved). */
static void
threads_forwarding(void)
{
    uint64_t before[DP_MAX_PMDS];

    for (unsigned i = 0; i < g_threads; i++) {
        before[i] = pmd_packets(i);
    }
    for (unsigned i = 0; i < g_threads; i++) {
        WAIT_FOR(pmd_packets(i) > before[i], "thread %u does not forward",
                 i);
    }
}

static void
check_report(const struct hotup_report *rep, unsigned n_threads)
{
    CHECK(!rep->error[0], "report error '%s'", rep->error);
    CHECK(rep->laggard == -1, "laggard %d", rep->laggard);
    CHECK(rep->n_threads == n_threads, "%u threads in the report",
          rep->n_threads);
    CHECK(rep->break_ns == rep->stop_ns + rep->migrate_ns + rep->switch_ns
                           + rep->resume_ns,
          "break %" PRIu64 " != %" PRIu64 " + %" PRIu64 " + %" PRIu64
          " + %" PRIu64, rep->break_ns, rep->stop_ns, rep->migrate_ns,
          rep->switch_ns, rep->resume_ns);
    CHECK(rep->bytes_migrated > 0 && rep->n_entries > 0, "nothing migrated");
    for (unsigned i = 0; i < n_threads; i++) {
        const struct hotup_thread_report *t = &rep->threads[i];

        CHECK(t->idx == i && t->tid > 0 && t->parked, "thread %u: idx %u "
              "tid %d parked %u", i, t->idx, t->tid, t->parked);
        CHECK(t->gap_ns > 0, "thread %u: no first pass in the new build", i);
        CHECK(t->tls_entries >= 1, "thread %u: no TLS migrated", i);
    }
    CHECK(rep->n_tls_blocks >= n_threads, "%u TLS blocks",
          rep->n_tls_blocks);
}

static void
upgrade_ok(const char *dp, const char *bundle, int want_version,
           struct hotup_report *rep)
{
    int rc = hotup_upgrade(g_up, dp, bundle, rep);

    CHECK(rc == 0, "upgrade to %s: %d: %s", dp, rc, rep->error);
    check_report(rep, g_threads);
    CHECK(version() == want_version, "v%d live, want v%d", version(),
          want_version);
    printf("v%d: break %.1f us (stop %.1f, migrate %.1f, resume %.1f), "
           "%.0f KB\n", want_version, rep->break_ns / 1e3,
           rep->stop_ns / 1e3, rep->migrate_ns / 1e3, rep->resume_ns / 1e3,
           rep->bytes_migrated / 1024.0);
}

/* A failed upgrade: 'want' and a message with every 'needles' word; the
 * old version still forwards. */
static void
upgrade_fails(const char *dp, const char *bundle, int want, int live,
              const char *needle1, const char *needle2)
{
    struct hotup_report rep;
    int rc = hotup_upgrade(g_up, dp, bundle, &rep);

    CHECK_RC(rc, want);
    CHECK(contains(rep.error, needle1) && contains(rep.error, needle2),
          "error '%s' lacks '%s' or '%s'", rep.error, needle1, needle2);
    CHECK(!strcmp(rep.error, hotup_strerror(g_up)), "messages differ: '%s'"
          " / '%s'", rep.error, hotup_strerror(g_up));
    printf("refused as expected: %s\n", rep.error);
    CHECK(version() == live, "v%d live after a failure, want v%d",
          version(), live);
    flowing();
    threads_forwarding();
}

static void
finish(void)
{
    char msg[256], summary[512];
    int rc = traffic_stop(g_tr);

    CHECK(!rc, "traffic did not drain");
    CHECK(traffic_verify(g_tr, msg, sizeof msg, summary, sizeof summary),
          "%s", msg);
    printf("%s\n", summary);
    hotup_close(g_up);
    g_up = NULL;
    traffic_destroy(g_tr);              /* After the threads ended. */
    g_tr = NULL;
    CHECK(count_objects() == 0, "%d objects still mapped", count_objects());
    scratch_done();
}

/* ---- Cases: the example datapath -------------------------------------- */

/* v1 -> v2 -> v3 -> v2 -> v1 -> v2 under traffic: the same OS threads,
 * with their CPU affinity and priority, run every version; every counter
 * carries over. */
static void
case_cycle(void)
{
    static const struct {
        const char *dp, *bundle;
        int version;
    } steps[] = {
        { EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2 },
        { EX("libdp-v3.so"), EX("bundle-v2-v3.so"), 3 },
        { EX("libdp-v2.so"), EX("bundle-v3-v2.so"), 2 },
        { EX("libdp-v1.so"), EX("bundle-v2-v1.so"), 1 },
        { EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2 },
    };
    struct hotup_report rep;
    cpu_set_t cpus, got;
    int tid[2], nice1;
    char *reply;

    open_example(2, LONG_US, LONG_US);
    for (int i = 0; i < 2; i++) {
        tid[i] = hotup_thread_tid(g_up, i);
        CHECK(tid[i] > 0, "tid %d", tid[i]);
    }
    CHECK_RC(hotup_thread_tid(g_up, 2), -EINVAL);
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    CHECK(!sched_setaffinity(tid[0], sizeof cpus, &cpus), "affinity: %s",
          strerror(errno));
    CHECK(!setpriority(PRIO_PROCESS, tid[1], 5), "nice: %s",
          strerror(errno));
    nice1 = getpriority(PRIO_PROCESS, tid[1]);

    for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
        flowing();
        upgrade_ok(steps[s].dp, steps[s].bundle, steps[s].version, &rep);
        CHECK(!rep.keeps_old_mapped, "step %zu: keeps old %d (the string "
              "literals are in every version: the rodata map remaps them)",
              s, rep.keeps_old_mapped);
        for (int i = 0; i < 2; i++) {
            CHECK(hotup_thread_tid(g_up, i) == tid[i], "thread %d: tid "
                  "%d, was %d", i, hotup_thread_tid(g_up, i), tid[i]);
            CHECK(rep.threads[i].tid == tid[i], "report tid");
        }
        CHECK(!sched_getaffinity(tid[0], sizeof got, &got)
              && CPU_EQUAL(&got, &cpus), "thread 0 lost its affinity");
        CHECK(getpriority(PRIO_PROCESS, tid[1]) == nice1,
              "thread 1 lost its priority");
        threads_forwarding();
    }
    CHECK_RC(hotup_ctl_exec(g_up, 1, (const char *[]) { "status" },
                            &reply), 0);
    CHECK(contains(reply, "libdp-v2.so") && contains(reply, "thread 1")
          && contains(reply, "5 done, 0 failed"), "status:\n%s", reply);
    free(reply);
    finish();
}

/* A thread that does not reach its checkpoint in time: -ETIMEDOUT naming
 * it, every thread resumed in the old version.  Thread 0 is the one asked
 * to start the window (the request is withdrawn before anything
 * happened); thread 1 is asked by thread 0 (its stop request is withdrawn
 * after thread 0 parked). */
static void
case_deadline(unsigned stalled)
{
    struct hotup_report rep;
    char who[32];

    open_example(2, 200 * 1000, LONG_US);
    flowing();
    hotup_enter(g_up);
    DP(dp_test_stall)(stalled, 3000);
    hotup_exit(g_up);
    sleep_ms(100);                      /* It stalls at its next pass. */
    snprintf(who, sizeof who, "thread %u", stalled);
    CHECK_RC(hotup_upgrade(g_up, EX("libdp-v2.so"), EX("bundle-v1-v2.so"),
                           &rep), -ETIMEDOUT);
    CHECK(rep.laggard == (int) stalled, "laggard %d", rep.laggard);
    CHECK(contains(rep.error, who) && contains(rep.error, "checkpoint"),
          "error '%s'", rep.error);
    printf("refused as expected: %s\n", rep.error);
    CHECK(version() == 1, "v%d live", version());
    flowing();                          /* The other thread's ports. */
    threads_forwarding();               /* Both, once the stall is over. */
    upgrade_ok(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2, &rep);
    finish();
}

/* A thread's TLS does not fit the old layout (the downgrade narrows its
 * counter): the migration fails inside that parked thread; v2 stays. */
static void
case_tls_fault(void)
{
    const uint64_t big = UINT64_C(1) << 32;
    struct hotup_report rep;

    open_example(2, LONG_US, LONG_US);
    upgrade_ok(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2, &rep);
    hotup_enter(g_up);
    DP(dp_test_tls_add)(1, big);
    hotup_exit(g_up);
    traffic_bias_pmd(g_tr, 1, big);
    WAIT_FOR(pmd_packets(1) >= big, "thread 1 did not add");

    upgrade_fails(EX("libdp-v1.so"), EX("bundle-v2-v1.so"), -ECANCELED, 2,
                  "dp.c:t_packets", "thread 1");
    CHECK(contains(hotup_strerror(g_up), "HOTUP_MIG_ERANGE"), "'%s'",
          hotup_strerror(g_up));

    hotup_enter(g_up);
    DP(dp_test_tls_add)(1, -big);
    hotup_exit(g_up);
    traffic_bias_pmd(g_tr, 1, -big);
    WAIT_FOR(pmd_packets(1) < big, "thread 1 did not subtract");
    upgrade_ok(EX("libdp-v1.so"), EX("bundle-v2-v1.so"), 1, &rep);
    finish();
}

/* A static counter does not fit the old layout: the leader's migration
 * fails after the threads parked; v2 stays, its threads resume. */
static void
case_static_fault(void)
{
    const uint64_t big = UINT64_C(1) << 32;
    struct hotup_report rep;

    open_example(2, LONG_US, LONG_US);
    upgrade_ok(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2, &rep);
    hotup_enter(g_up);
    DP(dp_test_misses_add)(big);
    hotup_exit(g_up);
    traffic_bias_misses(g_tr, big);
    CHECK(misses() >= big, "misses not biased");

    upgrade_fails(EX("libdp-v1.so"), EX("bundle-v2-v1.so"), -ECANCELED, 2,
                  "dp.c:n_misses", "HOTUP_MIG_ERANGE");

    hotup_enter(g_up);
    DP(dp_test_misses_add)(-big);
    hotup_exit(g_up);
    traffic_bias_misses(g_tr, -big);
    upgrade_ok(EX("libdp-v1.so"), EX("bundle-v2-v1.so"), 1, &rep);
    finish();
}

/* Everything prepare refuses, with traffic: the old version forwards on,
 * a good upgrade still works, and the state is exact at the end. */
static void
case_prepare_faults(void)
{
    struct hotup_report rep;
    Dl_info info;
    void *h;

    open_example(2, LONG_US, LONG_US);
    upgrade_fails("/nonexistent/libdp.so", EX("bundle-v1-v2.so"), -ENOENT,
                  1, "/nonexistent/libdp.so", "");
    upgrade_fails(RT_SRC_DIR "/dp_threads.c", EX("bundle-v1-v2.so"),
                  -ENOEXEC, 1, "dp_threads.c", "dlopen");
    upgrade_fails(RT_DPT_V2, EX("bundle-v1-v2.so"), -ENOENT, 1,
                  "thread entry", "dp_pmd_main");
    upgrade_fails(EX("libdp-v2.so"), "/nonexistent/bundle.so", -ENOENT, 1,
                  "/nonexistent/bundle.so", "");
    upgrade_fails(EX("libdp-v3.so"), EX("bundle-v1-v2.so"), -ESTALE, 1,
                  "new build-id", "");
    upgrade_fails(EX("libdp-v2.so"), EX("bundle-v2-v3.so"), -ESTALE, 1,
                  "old build-id", "");
    upgrade_fails(EX("libdp-v2.so"), EX("bundle-fault-abi.so"), -EPROTO, 1,
                  "ABI", "");
    upgrade_fails(EX("libdp-v2.so"), EX("bundle-fault-range.so"), -ERANGE,
                  1, "range", "");
    upgrade_ok(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2, &rep);

    /* Last: the live build promoted to the global scope (for good). */
    hotup_enter(g_up);
    CHECK(dladdr(S("dp_version"), &info) && info.dli_fname, "dladdr");
    hotup_exit(g_up);
    h = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    CHECK(h, "RTLD_GLOBAL: %s", dlerror());
    upgrade_fails(EX("libdp-v3.so"), EX("bundle-v2-v3.so"), -EXDEV, 2,
                  "bound", "dp_");
    dlclose(h);
    finish();
}

/* A host thread that stays in its section: the commit gives up after the
 * host deadline, naming it; nothing was stopped. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cond = PTHREAD_COND_INITIALIZER;
static int hold_tid;

static void *
hold_section(void *arg)
{
    (void) arg;
    pthread_setname_np(pthread_self(), "holder");
    hotup_enter(g_up);
    pthread_mutex_lock(&hold_lock);
    hold_tid = gettid();
    pthread_cond_signal(&hold_cond);
    pthread_mutex_unlock(&hold_lock);
    sleep_ms(1500);
    hotup_exit(g_up);
    return NULL;
}

static void
case_host_deadline(void)
{
    struct hotup_report rep;
    char who[32];
    pthread_t th;

    open_example(2, LONG_US, 100 * 1000);
    flowing();

    /* A commit from inside a section would wait for itself. */
    CHECK_RC(hotup_prepare(g_up, EX("libdp-v2.so"), EX("bundle-v1-v2.so")),
             0);
    hotup_enter(g_up);
    CHECK_RC(hotup_commit(g_up, &rep), -EDEADLK);
    hotup_exit(g_up);
    CHECK_RC(hotup_abort(g_up), 0);

    CHECK(!pthread_create(&th, NULL, hold_section, NULL), "thread");
    pthread_mutex_lock(&hold_lock);
    while (!hold_tid) {
        pthread_cond_wait(&hold_cond, &hold_lock);
    }
    pthread_mutex_unlock(&hold_lock);
    snprintf(who, sizeof who, "host thread %d", hold_tid);
    upgrade_fails(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), -ETIMEDOUT, 1,
                  who, "holder");
    pthread_join(th, NULL);
    upgrade_ok(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2, &rep);
    finish();
}

/* Host threads hammer sections while the datapath is upgraded back and
 * forth: inside a section the live version never changes, and pointers
 * from hotup_sym() stay valid; threads come and go (slots are reused). */
static _Atomic bool hammer_stop;

static void *
hammer(void *arg)
{
    uint64_t *n = arg;

    while (!atomic_load(&hammer_stop)) {
        int v0, v1;

        hotup_enter(g_up);
        v0 = ((int (*)(void)) S("dp_version"))();
        hotup_enter(g_up);                      /* Nested. */
        DP(dp_flow_packets)(0x100000u);
        hotup_exit(g_up);
        v1 = ((int (*)(void)) S("dp_version"))();
        hotup_exit(g_up);
        CHECK(v0 == v1, "the version changed inside a section: %d -> %d",
              v0, v1);
        __atomic_add_fetch(n, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

static void
case_sections(void)
{
    struct hotup_report rep;
    pthread_t th[3];
    uint64_t n[3];

    open_example(2, LONG_US, LONG_US);
    for (int round = 0; round < 2; round++) {
        atomic_store(&hammer_stop, false);
        for (int i = 0; i < 3; i++) {
            n[i] = 0;
            CHECK(!pthread_create(&th[i], NULL, hammer, &n[i]), "thread");
        }
        for (int i = 0; i < 5; i++) {
            upgrade_ok(EX("libdp-v2.so"), EX("bundle-v1-v2.so"), 2, &rep);
            upgrade_ok(EX("libdp-v1.so"), EX("bundle-v2-v1.so"), 1, &rep);
        }
        /* On a loaded machine a hammer may not have run yet: give each
         * one up to 10 s to make its first call. */
        for (int waited = 0; waited < 10000; waited++) {
            bool all = true;

            for (int i = 0; i < 3; i++) {
                all = all && __atomic_load_n(&n[i], __ATOMIC_RELAXED);
            }
            if (all) {
                break;
            }
            usleep(1000);
        }
        atomic_store(&hammer_stop, true);
        for (int i = 0; i < 3; i++) {
            pthread_join(th[i], NULL);
            CHECK(n[i] > 0, "hammer %d made no call", i);
        }
    }
    finish();
}

/* Runs hotupctl; returns its exit status and its stdout + stderr in
 * 'out'. */
static int
hotupctl(char *out, size_t len, const char *const *args)
{
    char path[300];
    const char *argv[16];
    posix_spawn_file_actions_t fa;
    int fd, status, n = 0;
    pid_t pid;
    ssize_t got;

    argv[n++] = RT_HOTUPCTL;
    while (*args && n < 15) {
        argv[n++] = *args++;
    }
    argv[n] = NULL;
    snprintf(path, sizeof path, "%s-out", g_scratch);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0, "%s: %s", path, strerror(errno));
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    CHECK(!posix_spawn(&pid, RT_HOTUPCTL, &fa, NULL, (char **) argv,
                       environ), "spawn hotupctl");
    posix_spawn_file_actions_destroy(&fa);
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    got = pread(fd, out, len - 1, 0);
    out[got > 0 ? got : 0] = '\0';
    close(fd);
    unlink(path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The control socket and hotupctl. */
static void
case_ctl(void)
{
    struct hotup_opts opts = { .sz = sizeof opts, .scratch_dir = g_scratch };
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    char sock[300], sock2[300], out[4096], *reply;
    struct hotup *up2;
    struct stat st;
    int fd, rc;

    open_example(2, LONG_US, LONG_US);
    snprintf(sock, sizeof sock, "%s/ctl.sock", g_scratch);
    CHECK_RC(hotup_ctl_listen(g_up, sock), 0);
    CHECK_RC(hotup_ctl_listen(g_up, sock), -EBUSY);
    CHECK(!lstat(sock, &st) && S_ISSOCK(st.st_mode)
          && (st.st_mode & 0777) == 0600 && st.st_uid == geteuid(),
          "socket mode %o uid %d", st.st_mode & 0777, (int) st.st_uid);

    rc = hotupctl(out, sizeof out, (const char *[]) { "-s", sock, "status",
                                                      NULL });
    CHECK(rc == 0 && contains(out, "live:") && contains(out, "libdp-v1.so"),
          "status %d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) {
                      "-s", sock, "upgrade", EX("libdp-v2.so"),
                      EX("bundle-v1-v2.so"), NULL });
    CHECK(rc == 0 && contains(out, "break") && contains(out, "thread 1"),
          "upgrade %d:\n%s", rc, out);
    printf("hotupctl upgrade: %s", out);
    CHECK(version() == 2, "v%d", version());
    rc = hotupctl(out, sizeof out, (const char *[]) {
                      "-s", sock, "upgrade", "/nonexistent/new.so",
                      EX("bundle-v2-v1.so"), NULL });
    CHECK(rc == 1 && contains(out, "/nonexistent/new.so"), "bad upgrade "
          "%d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) {
                      "-s", sock, "prepare", EX("libdp-v1.so"),
                      EX("bundle-v2-v1.so"), NULL });
    CHECK(rc == 0, "prepare %d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) { "-s", sock, "status",
                                                      NULL });
    CHECK(rc == 0 && contains(out, "prepared: ") && contains(out,
                                                            "libdp-v1.so"),
          "status %d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) { "-s", sock, "abort",
                                                      NULL });
    CHECK(rc == 0, "abort %d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) { "-s", sock, "commit",
                                                      NULL });
    CHECK(rc == 1 && contains(out, "no upgrade prepared"), "commit "
          "%d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) { "-s", sock, "frob",
                                                      NULL });
    CHECK(rc == 2, "bad command %d:\n%s", rc, out);
    rc = hotupctl(out, sizeof out, (const char *[]) {
                      "-s", "/nonexistent/ctl.sock", "status", NULL });
    CHECK(rc == 3 && contains(out, "cannot connect"), "no socket "
          "%d:\n%s", rc, out);
    unsetenv("HOTUP_SOCKET");
    rc = hotupctl(out, sizeof out, (const char *[]) { "status", NULL });
    CHECK(rc == 2 && contains(out, "HOTUP_SOCKET"), "no -s %d:\n%s", rc,
          out);

    /* The library call, for hosts with their own control path. */
    CHECK_RC(hotup_ctl_exec(g_up, 1, (const char *[]) { "bogus" }, &reply),
             -EINVAL);
    CHECK(contains(reply, "unknown command 'bogus'"), "'%s'", reply);
    free(reply);
    CHECK_RC(hotup_ctl_exec(g_up, 3, (const char *[]) {
                                "upgrade", EX("libdp-v1.so"),
                                EX("bundle-v2-v1.so") }, &reply), 0);
    CHECK(contains(reply, "upgraded to") && contains(reply, "break"), "'%s'",
          reply);
    free(reply);

    /* A second host: the socket in use; a stale socket is replaced. */
    CHECK_RC(hotup_open(RT_DPT_V1, &opts, &up2), 0);
    CHECK_RC(hotup_ctl_listen(up2, sock), -EADDRINUSE);
    snprintf(sock2, sizeof sock2, "%s/stale.sock", g_scratch);
    strcpy(sun.sun_path, sock2);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(fd >= 0 && !bind(fd, (struct sockaddr *) &sun, sizeof sun),
          "stale socket: %s", strerror(errno));
    close(fd);
    CHECK_RC(hotup_ctl_listen(up2, sock2), 0);
    rc = hotupctl(out, sizeof out, (const char *[]) { "-s", sock2, "status",
                                                      NULL });
    CHECK(rc == 0 && contains(out, "datapath threads: 0"), "status 2 "
          "%d:\n%s", rc, out);
    hotup_close(up2);
    CHECK(lstat(sock2, &st) && errno == ENOENT, "stale socket left");

    if (geteuid() == 0) {
        /* Another user may not even connect (mode 0600). */
        int status;
        pid_t pid;

        pid = fork();
        if (!pid) {
            int null = open("/dev/null", O_WRONLY);

            dup2(null, 2);
            if (setgid(65534) || setuid(65534)) {
                _exit(98);
            }
            execl(RT_HOTUPCTL, RT_HOTUPCTL, "-s", sock, "status",
                  (char *) NULL);
            _exit(99);
        }
        CHECK(pid > 0, "fork");
        CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status)
              && WEXITSTATUS(status) == 3, "user 65534 got in: %d",
              WEXITSTATUS(status));
    }
    finish();
    CHECK(lstat(sock, &st) && errno == ENOENT, "socket left behind");
}

/* Many upgrades under traffic: no fd, mapping, object or file leaks (after
 * a warm-up), and the state exact at the end. */
static void
case_cycles(int rounds)
{
    struct hotup_report rep;
    int fds = 0, maps = 0, objects = 0, files = 0;
    uint64_t max_break = 0, sum = 0;
    size_t heap = 0;

    open_example(2, LONG_US, LONG_US);
    for (int i = 0; i < rounds; i++) {
        if (i == 2) {
            fds = count_dir("/proc/self/fd");
            maps = count_maps();
            objects = count_objects();
            files = count_dir(g_scratch);
            heap = mallinfo2().uordblks;
        }
        CHECK_RC(hotup_upgrade(g_up, EX("libdp-v2.so"),
                               EX("bundle-v1-v2.so"), &rep), 0);
        check_report(&rep, 2);
        sum += rep.break_ns;
        max_break = rep.break_ns > max_break ? rep.break_ns : max_break;
        CHECK_RC(hotup_upgrade(g_up, EX("libdp-v1.so"),
                               EX("bundle-v2-v1.so"), &rep), 0);
        check_report(&rep, 2);
        sum += rep.break_ns;
        max_break = rep.break_ns > max_break ? rep.break_ns : max_break;
        if ((i + 1) % 100 == 0) {
            printf("%d upgrades\n", 2 * (i + 1));
        }
    }
    if (rounds > 2) {
        CHECK(count_dir("/proc/self/fd") == fds, "fds %d -> %d", fds,
              count_dir("/proc/self/fd"));
        CHECK(count_maps() == maps, "maps %d -> %d", maps,
              count_maps());
        CHECK(count_objects() == objects, "objects %d -> %d", objects,
              count_objects());
        CHECK(count_dir(g_scratch) == files, "files %d -> %d", files,
              count_dir(g_scratch));
#ifndef RT_SANITIZED
        /* The heap in use: the same, give or take glibc's per-thread
         * bookkeeping (a TLS block of a module is freed when the thread
         * next updates its DTV), never growing with the upgrades. */
        printf("heap in use: %zu -> %zu bytes\n", heap,
               mallinfo2().uordblks);
        CHECK(mallinfo2().uordblks < heap + 64 * 1024, "heap %zu -> %zu",
              heap, mallinfo2().uordblks);
#else
        (void) heap;                    /* The sanitizer's allocator. */
#endif
    }
    printf("%d upgrades under traffic: mean break %.1f us, max %.1f us\n",
           2 * rounds, sum / (2.0 * rounds) / 1e3, max_break / 1e3);
    finish();
}

/* ---- Cases: the minimal threaded datapath ----------------------------- */

static struct hotup *
open_dpt(const char *path, unsigned n_threads, bool start)
{
    struct hotup_opts opts = {
        .sz = sizeof opts,
        .thread_entry = "dpt_main",
        .n_threads = n_threads,
        .scratch_dir = g_scratch,
        .stop_deadline_us = LONG_US,
    };
    int rc = hotup_open(path, &opts, &g_up);

    CHECK(!rc, "hotup_open: %s", hotup_strerror(NULL));
    g_threads = n_threads;
    if (start) {
        CHECK_RC(hotup_start(g_up), 0);
    }
    return g_up;
}

static uint64_t
dpt_passes(unsigned idx)
{
    uint64_t n;

    hotup_enter(g_up);
    n = ((uint64_t (*)(unsigned)) S("dpt_passes"))(idx);
    hotup_exit(g_up);
    return n;
}

static void
dpt_quit(unsigned idx)
{
    hotup_enter(g_up);
    ((void (*)(unsigned)) S("dpt_quit"))(idx);
    hotup_exit(g_up);
}

static void
dpt_close(void)
{
    hotup_close(g_up);
    g_up = NULL;
    CHECK(count_objects() == 0, "%d objects still mapped", count_objects());
    scratch_done();
}

/* Threads whose entry returns unasked end; commits go on without them,
 * and without any thread the committing thread migrates alone. */
static void
case_dpt_ended(void)
{
    struct hotup_report rep;

    open_dpt(RT_DPT_V1, 3, true);
    for (unsigned i = 0; i < 3; i++) {
        WAIT_FOR(dpt_passes(i) > 0, "thread %u makes no pass", i);
    }
    dpt_quit(1);
    WAIT_FOR(hotup_thread_tid(g_up, 1) == -ESRCH, "thread 1 did not end");
    CHECK_RC(hotup_upgrade(g_up, RT_DPT_V2, EX("bundle-dpt-1-2.so"), &rep),
             0);
    CHECK(rep.n_threads == 2 && rep.threads[0].idx == 0
          && rep.threads[1].idx == 2, "report: %u threads", rep.n_threads);
    CHECK(version() == 2, "v%d", version());
    dpt_quit(0);
    dpt_quit(2);
    WAIT_FOR(hotup_thread_tid(g_up, 0) == -ESRCH
             && hotup_thread_tid(g_up, 2) == -ESRCH, "threads did not end");
    CHECK_RC(hotup_upgrade(g_up, RT_DPT_V1, EX("bundle-dpt-2-1.so"), &rep),
             0);
    CHECK(rep.n_threads == 0 && !rep.error[0], "report: %u threads",
          rep.n_threads);
    CHECK(version() == 1, "v%d", version());
    dpt_close();
}

/* More threads than CPUs (parked threads sleep instead of spinning); the
 * thread-local pass counters carry over every time. */
static void
case_dpt_many(void)
{
    struct hotup_report rep;
    uint64_t before[6];

    open_dpt(RT_DPT_V1, 6, true);
    for (int i = 0; i < 20; i++) {
        const char *to = i % 2 ? RT_DPT_V1 : RT_DPT_V2;
        const char *bundle = i % 2 ? EX("bundle-dpt-2-1.so")
                                   : EX("bundle-dpt-1-2.so");

        for (unsigned t = 0; t < 6; t++) {
            WAIT_FOR(dpt_passes(t) > 0, "thread %u makes no pass", t);
            before[t] = dpt_passes(t);
        }
        CHECK_RC(hotup_upgrade(g_up, to, bundle, &rep), 0);
        CHECK(rep.n_threads == 6 && rep.n_tls_blocks == 6, "report: %u "
              "threads, %u TLS blocks", rep.n_threads, rep.n_tls_blocks);
        for (unsigned t = 0; t < 6; t++) {
            WAIT_FOR(dpt_passes(t) > before[t], "thread %u: %" PRIu64
                     " passes, had %" PRIu64 " (TLS not carried over?)", t,
                     dpt_passes(t), before[t]);
        }
    }
    dpt_close();
}

/* Upgraded before the threads were started: they start in the new one. */
static void
case_dpt_unstarted(void)
{
    struct hotup_report rep;

    open_dpt(RT_DPT_V1, 2, false);
    CHECK_RC(hotup_thread_tid(g_up, 0), -ESRCH);
    CHECK_RC(hotup_upgrade(g_up, RT_DPT_V2, EX("bundle-dpt-1-2.so"), &rep),
             0);
    CHECK(rep.n_threads == 0, "report: %u threads", rep.n_threads);
    CHECK_RC(hotup_start(g_up), 0);
    CHECK(version() == 2, "v%d", version());
    WAIT_FOR(dpt_passes(0) > 0 && dpt_passes(1) > 0, "no pass");
    dpt_close();
}

/* hotup_close() with the threads running ends them. */
static void
case_dpt_close(void)
{
    int fds;

    fds = count_dir("/proc/self/fd");
    open_dpt(RT_DPT_V1, 2, true);
    WAIT_FOR(dpt_passes(0) > 0 && dpt_passes(1) > 0, "no pass");
    dpt_close();
    CHECK(count_dir("/proc/self/fd") == fds, "fds %d -> %d", fds,
          count_dir("/proc/self/fd"));
}

int
main(int argc, char *argv[])
{
    if (argc < 2) {
        fprintf(stderr, "usage: rt-threads CASE [ROUNDS]\n");
        return 2;
    }
    /* One malloc arena: glibc maps a new arena the first time threads
     * contend, which the mapping count of the leak checks would take
     * for a leak (seen once in CI: 49 -> 51 over 200 upgrades). */
    mallopt(M_ARENA_MAX, 1);
    rt_case = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (access(EX("libdp-v1.so"), R_OK)) {
        fprintf(stderr, "rt-threads: %s: %s (gen-examples.sh)\n",
                EX("libdp-v1.so"), strerror(errno));
        return 77;
    }
    scratch_make();

    if (!strcmp(rt_case, "cycle")) {
        case_cycle();
    } else if (!strcmp(rt_case, "deadline-starter")) {
        case_deadline(0);
    } else if (!strcmp(rt_case, "deadline-other")) {
        case_deadline(1);
    } else if (!strcmp(rt_case, "tls-fault")) {
        case_tls_fault();
    } else if (!strcmp(rt_case, "static-fault")) {
        case_static_fault();
    } else if (!strcmp(rt_case, "prepare-faults")) {
        case_prepare_faults();
    } else if (!strcmp(rt_case, "host-deadline")) {
        case_host_deadline();
    } else if (!strcmp(rt_case, "sections")) {
        case_sections();
    } else if (!strcmp(rt_case, "ctl")) {
        case_ctl();
    } else if (!strcmp(rt_case, "cycles")) {
        case_cycles(argc > 2 ? atoi(argv[2]) : 100);
    } else if (!strcmp(rt_case, "dpt-ended")) {
        case_dpt_ended();
    } else if (!strcmp(rt_case, "dpt-many")) {
        case_dpt_many();
    } else if (!strcmp(rt_case, "dpt-unstarted")) {
        case_dpt_unstarted();
    } else if (!strcmp(rt_case, "dpt-close")) {
        case_dpt_close();
    } else {
        fprintf(stderr, "rt-threads: unknown case '%s'\n", rt_case);
        return 2;
    }
    printf("rt-threads %s: ok\n", rt_case);
    return 0;
}
