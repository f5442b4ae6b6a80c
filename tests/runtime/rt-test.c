/* Runtime tests: 'rt-test CASE [N]'.  Each case opens dp_v1 through
 * libhotup, sets state through its API (hotup_sym), upgrades, and checks
 * every value through the live version's API.  Fault cases prove that the
 * old build stays live with its writable segments byte-for-byte intact and
 * that everything prepare loaded is gone again.
 *
 * The fixture paths come from the build (RT_* defines).  Each case works
 * in its own scratch directory, which must be empty after hotup_close(). */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hotup/hotup.h"

/* ---- Checks --------------------------------------------------------- */

static const char *rt_case = "?";

#define CHECK(cond, ...) \
    do { \
        if (!(cond)) { \
            rt_fail(__LINE__, #cond, __VA_ARGS__); \
        } \
    } while (0)

#define CHECK_RC(rc, want) \
    CHECK((rc) == (want), "%s returned %d (%s), want %d (%s)", #rc, (rc), \
          strerror(-(rc)), (want), strerror(-(want)))

static void __attribute__((noreturn, format(printf, 3, 4)))
rt_fail(int line, const char *cond, const char *fmt, ...)
{
    va_list args;

    fprintf(stderr, "rt-test %s: line %d: CHECK(%s) failed: ", rt_case,
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

/* ---- Allocation failures on demand ---------------------------------- */

#ifdef RT_MALLOC_FAULTS
/* rt-test-nomem: malloc, calloc and realloc of the whole process (glibc's
 * own calls from dlopen and strdup included) fail once, at the Nth call
 * after nomem_arm(N).  Not in the sanitizer builds, which own malloc. */
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);

static long g_nomem_at, g_nomem_calls;

static bool
nomem_hit(void)
{
    return (__atomic_load_n(&g_nomem_at, __ATOMIC_RELAXED)
            && __atomic_add_fetch(&g_nomem_calls, 1, __ATOMIC_RELAXED)
               == __atomic_load_n(&g_nomem_at, __ATOMIC_RELAXED));
}

void *
malloc(size_t n)
{
    if (nomem_hit()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
    if (nomem_hit()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
    if (nomem_hit()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, n);
}

static void
nomem_arm(long n)
{
    __atomic_store_n(&g_nomem_calls, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&g_nomem_at, n, __ATOMIC_RELAXED);
}

/* Disarms; returns how many allocations there were since nomem_arm(). */
static long
nomem_disarm(void)
{
    __atomic_store_n(&g_nomem_at, 0, __ATOMIC_RELAXED);
    return __atomic_load_n(&g_nomem_calls, __ATOMIC_RELAXED);
}
#endif

/* ---- The datapath's API, through hotup_sym() ------------------------- */

static struct hotup *g_up;

static void *
S(const char *name)
{
    void *p = hotup_sym(g_up, name);

    CHECK(p, "hotup_sym(%s): %s", name, hotup_strerror(g_up));
    return p;
}

#define FN(ret, name, params) ((ret (*) params) S(#name))

static int v_version(void) { return FN(int, dp_version, (void))(); }
static void v_counter_add(int n) { FN(void, dp_counter_add, (int))(n); }
static int v_counter(void) { return FN(int, dp_counter_get, (void))(); }
static void v_flow_set(uint32_t h, uint64_t n)
{
    FN(void, dp_flow_set, (uint32_t, uint64_t))(h, n);
}
static uint32_t v_flow_hash(void)
{
    return FN(uint32_t, dp_flow_hash, (void))();
}
static uint64_t v_flow_packets(void)
{
    return FN(uint64_t, dp_flow_packets, (void))();
}
static uint32_t v_flow_tag(void)
{
    return FN(uint32_t, dp_flow_tag, (void))();
}
static void v_table_set(int i, int v)
{
    FN(void, dp_table_set, (int, int))(i, v);
}
static int v_table(int i) { return FN(int, dp_table_get, (int))(i); }
static void v_cursor_set(int i) { FN(void, dp_cursor_set, (int))(i); }
static int v_cursor(void) { return FN(int, dp_cursor_get, (void))(); }
static int v_cursor_index(void) { return FN(int, dp_cursor_index, (void))(); }
static void v_cb_select(int w) { FN(void, dp_cb_select, (int))(w); }
static int v_cb_call(int x) { return FN(int, dp_cb_call, (int))(x); }
static int v_cb_is_own(void) { return FN(int, dp_cb_is_own, (void))(); }
static void v_msg_select(int w) { FN(void, dp_msg_select, (int))(w); }
static const char *v_msg(void) { return FN(const char *, dp_msg, (void))(); }
static int v_msg_is_own(void) { return FN(int, dp_msg_is_own, (void))(); }
static void v_flowp_set(int on) { FN(void, dp_flowp_set, (int))(on); }
static int v_flowp_is_own(void) { return FN(int, dp_flowp_is_own, (void))(); }
static void v_hashp_set(int on) { FN(void, dp_hashp_set, (int))(on); }
static int v_hashp_is_own(void) { return FN(int, dp_hashp_is_own, (void))(); }
static void v_pktp_set(int on) { FN(void, dp_pktp_set, (int))(on); }
static int v_pktp_is_own(void) { return FN(int, dp_pktp_is_own, (void))(); }
static void v_tls_set(int v) { FN(void, dp_tls_set, (int))(v); }
static int v_tls(void) { return FN(int, dp_tls_get, (void))(); }
static int v_tls_self_ok(void) { return FN(int, dp_tls_self_ok, (void))(); }

/* ---- Process resources ---------------------------------------------- */

static char g_scratch[256];

/* Entries in a directory, without . and .. */
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

static int
count_fds(void)
{
    return count_dir("/proc/self/fd");
}

/* Lines of /proc/self/maps, all of them or those containing 'needle'. */
static int
count_maps(const char *needle)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[4096];
    int n = 0;

    CHECK(f, "/proc/self/maps: %s", strerror(errno));
    while (fgets(line, sizeof line, f)) {
        n += !needle || contains(line, needle);
    }
    fclose(f);
    return n;
}

/* Objects mapped from the scratch directory (one line per object: their
 * first, read-only PT_LOAD at file offset 0). */
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

    snprintf(g_scratch, sizeof g_scratch, "%s/hotup-rt-XXXXXX",
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

/* ---- Snapshots of an object's writable segments ---------------------- */

struct snap {
    size_t n;
    struct {
        uintptr_t start;
        size_t len;
        unsigned char *copy;
    } seg[16];
};

struct snap_find {
    uintptr_t addr;
    struct snap *s;
};

static int
snap_cb(struct dl_phdr_info *info, size_t size, void *f_)
{
    struct snap_find *f = f_;
    bool mine = false;

    (void) size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;

        mine |= ph->p_type == PT_LOAD && f->addr >= start
                && f->addr < start + ph->p_memsz;
    }
    if (!mine) {
        return 0;
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) && f->s->n < 16) {
            size_t k = f->s->n++;

            f->s->seg[k].start = info->dlpi_addr + ph->p_vaddr;
            f->s->seg[k].len = ph->p_memsz;
            f->s->seg[k].copy = malloc(ph->p_memsz);
            memcpy(f->s->seg[k].copy, (void *) f->s->seg[k].start,
                   ph->p_memsz);
        }
    }
    return 1;
}

/* Copies the writable segments of the live build. */
static void
snap_take(struct snap *s)
{
    struct snap_find f = { (uintptr_t) S("dp_version"), s };

    memset(s, 0, sizeof *s);
    CHECK(dl_iterate_phdr(snap_cb, &f) == 1, "live build not found");
    CHECK(s->n > 0, "no writable segment");
}

/* Checks that the live build's writable segments are unchanged. */
static void
snap_check(struct snap *s)
{
    for (size_t k = 0; k < s->n; k++) {
        const unsigned char *now = (const void *) s->seg[k].start;

        for (size_t i = 0; i < s->seg[k].len; i++) {
            CHECK(now[i] == s->seg[k].copy[i], "old's byte at %#" PRIxPTR
                  " (segment %zu + %zu) changed: %#x -> %#x",
                  s->seg[k].start + i, k, i, s->seg[k].copy[i], now[i]);
        }
        free(s->seg[k].copy);
    }
    s->n = 0;
}

#ifdef RT_MALLOC_FAULTS
/* Forgets a snapshot that is not going to be checked. */
static void
snap_drop(struct snap *s)
{
    for (size_t k = 0; k < s->n; k++) {
        free(s->seg[k].copy);
    }
    s->n = 0;
}
#endif

/* ---- Scenarios -------------------------------------------------------- */

static struct hotup *
open_v1(const char *path)
{
    struct hotup_opts opts = {
        .sz = sizeof opts,
        .init_entry = "dp_init",
        .scratch_dir = g_scratch,
    };
    struct hotup *up = NULL;
    int rc = hotup_open(path, &opts, &up);

    CHECK(!rc && up, "hotup_open(%s): %d: %s", path, rc,
          hotup_strerror(NULL));
    g_up = up;
    CHECK_RC(hotup_start(up), 0);
    CHECK(v_version() == 1 && v_counter() == 1, "v1 not initialised");
    return up;
}

/* Puts recognisable state into v1 (or v2: the API is the same), but none
 * in thread-local variables. */
static void
set_static_state(void)
{
    v_counter_add(41);                          /* 42 */
    v_flow_set(0xdeadbeef, 123456);
    for (int i = 0; i < 4; i++) {
        v_table_set(i, 10 * (i + 1));
    }
    v_cursor_set(2);
    v_cb_select(1);                             /* Square. */
    v_msg_select(0);                            /* "common message". */
    v_flowp_set(1);                             /* &s_flow */
    v_hashp_set(1);                             /* &s_flow.hash */
    v_pktp_set(0);
}

/* ... and in a thread-local variable too. */
static void
set_state(void)
{
    set_static_state();
    v_tls_set(77);
}

/* Checks the state set_state() made, in whichever build is live. */
static void
check_state(int version, int counter)
{
    CHECK(v_version() == version, "version %d, want %d", v_version(),
          version);
    CHECK(v_counter() == counter, "counter %d, want %d", v_counter(),
          counter);
    CHECK(v_flow_hash() == 0xdeadbeef, "flow hash %#x", v_flow_hash());
    CHECK(v_flow_packets() == 123456, "flow packets %" PRIu64,
          v_flow_packets());
    for (int i = 0; i < 4; i++) {
        CHECK(v_table(i) == 10 * (i + 1), "table[%d] = %d", i, v_table(i));
    }
    CHECK(v_cursor_index() == 2, "cursor index %d", v_cursor_index());
    CHECK(v_cursor() == 30, "cursor %d", v_cursor());
    CHECK(v_cb_is_own(), "s_cb does not point into the live build");
    CHECK(v_cb_call(5) == 25, "cb(5) = %d", v_cb_call(5));
    CHECK(v_msg_is_own(), "s_msg does not point into the live build");
    CHECK(!strcmp(v_msg(), "common message"), "msg '%s'", v_msg());
    CHECK(v_flowp_is_own(), "s_flowp does not point to the live s_flow");
    CHECK(v_hashp_is_own(), "s_hashp does not point to the live "
          "s_flow.hash");
    CHECK(!v_pktp_is_own(), "s_pktp not NULL");
}

static void
commit_ok(struct hotup_report *rep)
{
    int rc = hotup_commit(g_up, rep);

    CHECK(rc == 0, "commit: %d: %s / %s", rc, hotup_strerror(g_up),
          rep->error);
    CHECK(rep->error[0] == '\0', "report error '%s'", rep->error);
    CHECK(rep->break_ns >= rep->migrate_ns + rep->switch_ns
          && rep->break_ns > 0, "timings %" PRIu64 " %" PRIu64 " %" PRIu64,
          rep->break_ns, rep->migrate_ns, rep->switch_ns);
}

static void
prepare_ok(const char *dp, const char *bundle)
{
    int rc = hotup_prepare(g_up, dp, bundle);

    CHECK(rc == 0, "prepare(%s, %s): %d: %s", dp, bundle, rc,
          hotup_strerror(g_up));
}

/* A failed prepare or commit: old live, its state intact, nothing of the
 * upgrade left mapped or on disk. */
static void
check_rolled_back(struct snap *s, int version)
{
    snap_check(s);
    CHECK(v_version() == version, "version %d after rollback",
          v_version());
    CHECK(count_objects() == 1, "%d objects mapped from scratch",
          count_objects());
    CHECK(count_dir(g_scratch) == 1, "%d files in scratch",
          count_dir(g_scratch));
}

static void
close_all(void)
{
    hotup_close(g_up);
    g_up = NULL;
    CHECK(count_objects() == 0, "%d objects still mapped", count_objects());
    scratch_done();
}

/* v1 -> v2 with every kind of entry. */
static void
case_basic(void)
{
    struct hotup_report rep;
    void *old_fn;

    open_v1(RT_DP_V1);
    CHECK_RC(hotup_start(g_up), -EALREADY);
    set_state();
    check_state(1, 42);
    old_fn = S("dp_version");

    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    CHECK(count_objects() == 3, "%d objects after prepare",
          count_objects());
    CHECK(hotup_sym(g_up, "dp_version") == old_fn, "prepare switched");
    commit_ok(&rep);

    CHECK(S("dp_version") != old_fn, "hotup_sym still gives old");
    check_state(2, 42);
    CHECK(v_flow_tag() == 0xabc, "new-only field: tag %#x", v_flow_tag());
    CHECK(FN(int, dp_new_only, (void))() == 5, "new-only variable");
    CHECK(v_tls() == 77, "tls %d", v_tls());
    CHECK(v_tls_self_ok(), "t_self does not point to new's dp_tls");
    CHECK(rep.n_entries == 11 && rep.n_copied == 3 && rep.n_converted == 8,
          "report %u entries, %u copied, %u converted", rep.n_entries,
          rep.n_copied, rep.n_converted);
    CHECK(rep.bytes_migrated == 4 + 16 + 4 + 8 * 8,
          "bytes %" PRIu64, rep.bytes_migrated);
    CHECK(!rep.keeps_old_mapped, "keeps old mapped");
    CHECK(count_objects() == 1, "%d objects after commit", count_objects());
    CHECK(count_dir(g_scratch) == 1, "%d files after commit",
          count_dir(g_scratch));
    CHECK_RC(hotup_start(g_up), -EALREADY);

    /* New keeps working. */
    v_counter_add(1);
    v_cb_select(2);
    CHECK(v_counter() == 43 && v_cb_call(5) == 15, "v2 broken");
    printf("break %" PRIu64 " ns (migrate %" PRIu64 ", switch %" PRIu64
           ")\n", rep.break_ns, rep.migrate_ns, rep.switch_ns);
    close_all();
}

/* The committing thread never touched the datapath's TLS: nothing to
 * migrate for it (per-thread migration comes with the threads issue). */
static void *
tls_thread(void *arg)
{
    struct hotup_report *rep = arg;

    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_ok(rep);
    CHECK(v_tls() == 70, "committing thread: tls %d, want v2's 70",
          v_tls());
    return NULL;
}

static void
case_tls_thread(void)
{
    struct hotup_report rep;
    pthread_t t;

    open_v1(RT_DP_V1);
    set_state();
    CHECK(!pthread_create(&t, NULL, tls_thread, &rep), "pthread_create");
    pthread_join(t, NULL);
    check_state(2, 42);
    CHECK(rep.n_copied == 2 && rep.n_converted == 7,
          "report %u copied, %u converted", rep.n_copied, rep.n_converted);
    close_all();
}

/* A pointer into old's read-only data that new has no copy of: old stays
 * mapped until close. */
static void
case_keep_old(void)
{
    struct hotup_report rep;
    const char *msg;

    open_v1(RT_DP_V1);
    set_state();
    v_msg_select(1);
    msg = v_msg();
    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_ok(&rep);
    CHECK(rep.keeps_old_mapped == 1, "keeps_old_mapped %d",
          rep.keeps_old_mapped);
    CHECK(v_msg() == msg && !strcmp(v_msg(), "only in v1"), "msg '%s'",
          v_msg());
    CHECK(!v_msg_is_own(), "msg should still point into v1");
    CHECK(count_objects() == 2, "%d objects: old should stay mapped",
          count_objects());
    close_all();
}

/* The probe bundle checks the relocation services from inside a commit. */
static void
case_probe(void)
{
    struct hotup_report rep;

    open_v1(RT_DP_V1);
    set_state();
    prepare_ok(RT_DP_V2, RT_BUNDLE_PROBE);
    commit_ok(&rep);
    check_state(2, 42);
    CHECK(rep.keeps_old_mapped == 1, "the probe relocated a pointer into "
          "v1-only rodata");
    close_all();
}

/* A prepare that must fail with 'want' and a message containing 'what'. */
static void
prepare_fails(const char *dp, const char *bundle, int want,
              const char *what)
{
    struct snap s;
    int rc;

    snap_take(&s);
    rc = hotup_prepare(g_up, dp, bundle);
    CHECK_RC(rc, want);
    CHECK(contains(hotup_strerror(g_up), what), "message '%s' lacks '%s'",
          hotup_strerror(g_up), what);
    printf("refused as expected: %s\n", hotup_strerror(g_up));
    check_rolled_back(&s, 1);
}

/* After a refused prepare, a good upgrade still works. */
static void
upgrade_still_works(void)
{
    struct hotup_report rep;

    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_ok(&rep);
    check_state(2, 42);
}

#ifdef RT_MALLOC_FAULTS
/* Every allocation of hotup_prepare(), then of hotup_commit(), fails in
 * turn: each failure is a clean error with the old build live and intact
 * and nothing of the new one left; a failure the call survives must not
 * change the upgrade's result. */
static void
case_nomem(void)
{
    struct hotup_report rep;
    long n, calls, failed = 0;
    struct snap s;
    int rc;

    for (n = 1; ; n++) {
        open_v1(RT_DP_V1);
        set_state();
        snap_take(&s);
        nomem_arm(n);
        rc = hotup_prepare(g_up, RT_DP_V2, RT_BUNDLE_V1_V2);
        calls = nomem_disarm();
        if (rc) {
            CHECK(calls >= n, "prepare failed without a failed allocation: "
                  "%d: %s", rc, hotup_strerror(g_up));
            CHECK(hotup_strerror(g_up)[0] && !strchr(hotup_strerror(g_up),
                                                     '\n'),
                  "no one-line message");
            check_rolled_back(&s, 1);
            check_state(1, 42);
            failed++;
        } else {
            snap_drop(&s);
            commit_ok(&rep);
            check_state(2, 42);
        }
        close_all();
        scratch_make();
        if (calls < n) {
            break;                      /* Every allocation had its turn. */
        }
    }
    printf("nomem: prepare made %ld allocations; %ld failures refused "
           "cleanly, the others survived\n", n - 1, failed);

    /* No thread-local state this time: the committing thread would get
     * its block of new's TLS from glibc, which aborts the process when
     * that allocation fails (docs/limits.md). */
    for (n = 1, failed = 0; ; n++) {
        open_v1(RT_DP_V1);
        set_static_state();
        prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
        snap_take(&s);
        nomem_arm(n);
        rc = hotup_commit(g_up, &rep);
        calls = nomem_disarm();
        if (rc) {
            CHECK(calls >= n, "commit failed without a failed allocation: "
                  "%d: %s", rc, rep.error);
            check_rolled_back(&s, 1);
            check_state(1, 42);
            failed++;
        } else {
            snap_drop(&s);
            check_state(2, 42);
        }
        close_all();
        scratch_make();
        if (calls < n) {
            break;
        }
    }
    printf("nomem: commit made %ld allocations; %ld failures rolled back "
           "cleanly\n", n - 1, failed);
}
#endif

static void
case_fault_prepare(const char *dp, const char *bundle, int want,
                   const char *what)
{
    open_v1(RT_DP_V1);
    set_state();
    prepare_fails(dp, bundle, want, what);
    check_state(1, 42);
    upgrade_still_works();
    close_all();
}

/* A commit that must fail in entry 'id' with 'code'. */
static void
commit_fails(int version, const char *id, const char *code)
{
    struct hotup_report rep;
    struct snap s;
    int rc;

    snap_take(&s);
    rc = hotup_commit(g_up, &rep);
    CHECK_RC(rc, -ECANCELED);
    CHECK(contains(rep.error, id) && contains(rep.error, code),
          "report error '%s' lacks '%s' or '%s'", rep.error, id, code);
    CHECK(!strcmp(rep.error, hotup_strerror(g_up)), "messages differ");
    printf("rolled back as expected: %s\n", rep.error);
    check_rolled_back(&s, version);
    CHECK_RC(hotup_commit(g_up, &rep), -ENOENT);
}

/* v2 -> v1 cannot narrow 2^33 packets: ERANGE after entries that already
 * wrote new memory; v2 stays live, intact. */
static void
case_fault_erange(void)
{
    struct hotup_report rep;

    open_v1(RT_DP_V1);
    set_state();
    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_ok(&rep);
    v_flow_set(0xdeadbeef, UINT64_C(1) << 33);
    prepare_ok(RT_DP_V1, RT_BUNDLE_V2_V1);
    commit_fails(2, "dp.c:s_flow", "HOTUP_MIG_ERANGE");
    CHECK(v_flow_packets() == UINT64_C(1) << 33, "packets changed");

    /* Once the value fits, the same downgrade goes through. */
    v_flow_set(0xdeadbeef, 123456);
    prepare_ok(RT_DP_V1, RT_BUNDLE_V2_V1);
    commit_ok(&rep);
    check_state(1, 42);
    close_all();
}

/* A pointer to a member whose type changes (s_pktp = &s_flow.n_packets)
 * has no place in new: s_flow's map_offset refuses it. */
static void
case_fault_reloc(void)
{
    open_v1(RT_DP_V1);
    set_state();
    v_pktp_set(1);
    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_fails(1, "dp.c:s_pktp", "HOTUP_MIG_ERELOC");
    CHECK(v_pktp_is_own(), "s_pktp changed");
    close_all();
}

/* v2's cb_triple has no counterpart in v1. */
static void
case_fault_code(void)
{
    struct hotup_report rep;

    open_v1(RT_DP_V1);
    set_state();
    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_ok(&rep);
    v_cb_select(2);
    prepare_ok(RT_DP_V1, RT_BUNDLE_V2_V1);
    commit_fails(2, "dp.c:s_cb", "HOTUP_MIG_ERELOC");
    CHECK(v_cb_call(5) == 15, "cb changed");
    close_all();
}

/* The committing thread's own TLS pointer has no place in v1 (it points
 * to a v2-only thread-local): its TLS migration, which runs before the
 * window, fails; v2 stays live, intact. */
static void
case_fault_tls(void)
{
    struct hotup_report rep;
    char *reply;

    open_v1(RT_DP_V1);
    set_state();
    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    commit_ok(&rep);
    FN(void, dp_tls_self_new_only, (void))();
    prepare_ok(RT_DP_V1, RT_BUNDLE_V2_V1);
    commit_fails(2, "dp.c:t_self", "HOTUP_MIG_ERELOC");
    CHECK_RC(hotup_ctl_exec(g_up, 1, (const char *[]) { "status" }, &reply),
             0);
    CHECK(contains(reply, "last commit failed") && contains(reply,
                                                           "committing "
                                                           "thread"),
          "status:\n%s", reply);
    free(reply);
    CHECK(!v_tls_self_ok(), "t_self changed");

    v_tls_set(77);                      /* t_self = &dp_tls again. */
    prepare_ok(RT_DP_V1, RT_BUNDLE_V2_V1);
    commit_ok(&rep);
    check_state(1, 42);
    CHECK(v_tls() == 77 && v_tls_self_ok(), "tls %d", v_tls());
    close_all();
}

/* The live build in the global scope: new binds to its symbols (E3). */
static void
case_fault_bound(void)
{
    Dl_info info;
    void *h;

    open_v1(RT_DP_V1);
    set_state();
    CHECK(dladdr(S("dp_version"), &info) && info.dli_fname, "dladdr");
    h = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    CHECK(h, "promoting old to RTLD_GLOBAL: %s", dlerror());
    prepare_fails(RT_DP_V2, RT_BUNDLE_V1_V2, -EXDEV, "dp_");
    CHECK(contains(hotup_strerror(g_up), "bound"), "message '%s'",
          hotup_strerror(g_up));
    check_state(1, 42);
    dlclose(h);
    close_all();
}

/* Copies 'src' over 'dst' in place (same path, same inode). */
static void
overwrite(const char *src, const char *dst)
{
    char buf[65536];
    int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT
                                                  | O_TRUNC, 0755);
    ssize_t n;

    CHECK(in >= 0 && out >= 0, "copy %s -> %s: %s", src, dst,
          strerror(errno));
    while ((n = read(in, buf, sizeof buf)) > 0) {
        CHECK(write(out, buf, n) == n, "write %s", dst);
    }
    close(in);
    close(out);
}

/* Old and new from the same path, with the same SONAME (E6). */
static void
case_samepath(void)
{
    struct hotup_report rep;
    char dir[300], path[400];
    void *old_fn;

    snprintf(dir, sizeof dir, "%s-src", g_scratch);
    CHECK(!mkdir(dir, 0700), "mkdir %s", dir);
    snprintf(path, sizeof path, "%s/libdp.so.1", dir);
    overwrite(RT_DP_V1, path);
    open_v1(path);
    set_state();
    old_fn = S("dp_version");

    overwrite(RT_DP_V2, path);
    prepare_ok(path, RT_BUNDLE_V1_V2);
    commit_ok(&rep);
    CHECK(S("dp_version") != old_fn, "same handle");
    check_state(2, 42);

    overwrite(RT_DP_V1, path);
    prepare_ok(path, RT_BUNDLE_V2_V1);
    commit_ok(&rep);
    check_state(1, 42);
    close_all();
    unlink(path);
    rmdir(dir);
}

static void
case_abort(void)
{
    struct hotup_report rep;
    struct snap s;

    open_v1(RT_DP_V1);
    set_state();
    CHECK_RC(hotup_abort(g_up), 0);
    CHECK_RC(hotup_commit(g_up, &rep), -ENOENT);
    CHECK(contains(rep.error, "no upgrade prepared"), "'%s'", rep.error);

    snap_take(&s);
    prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
    CHECK_RC(hotup_prepare(g_up, RT_DP_V2, RT_BUNDLE_V1_V2), -EBUSY);
    CHECK_RC(hotup_abort(g_up), 0);
    check_rolled_back(&s, 1);
    check_state(1, 42);

    upgrade_still_works();
    close_all();
}

/* Argument and option checks, and messages. */
static void
case_api(void)
{
    struct hotup_opts opts = { .sz = sizeof opts, .scratch_dir = g_scratch };
    struct {
        struct hotup_opts o;
        uint64_t future;
    } big = { .o = opts, .future = 1 };
    struct hotup *up = (void *) 1;

    hotup_close(NULL);

    CHECK_RC(hotup_open("/nonexistent/libdp.so", &opts, &up), -ENOENT);
    CHECK(!up, "handle on failure");
    CHECK(contains(hotup_strerror(NULL), "/nonexistent/libdp.so"), "'%s'",
          hotup_strerror(NULL));

    CHECK_RC(hotup_open(RT_DP_NOBUILDID, &opts, &up), -ENOEXEC);
    CHECK(contains(hotup_strerror(NULL), "build-id"), "'%s'",
          hotup_strerror(NULL));

    CHECK_RC(hotup_open(RT_SRC_DIR "/dp_v1.c", &opts, &up), -ENOEXEC);
    CHECK(contains(hotup_strerror(NULL), "dp_v1.c"), "'%s'",
          hotup_strerror(NULL));

    opts.sz = 4;
    CHECK_RC(hotup_open(RT_DP_V1, &opts, &up), -EINVAL);
    opts.sz = sizeof opts;
    opts.thread_entry = "dp_main";              /* ... without n_threads. */
    CHECK_RC(hotup_open(RT_DP_V1, &opts, &up), -EINVAL);
    opts.n_threads = 2;
    CHECK_RC(hotup_open(RT_DP_V1, &opts, &up), -ENOENT);
    CHECK(contains(hotup_strerror(NULL), "dp_main"), "'%s'",
          hotup_strerror(NULL));
    opts.thread_entry = NULL;
    CHECK_RC(hotup_open(RT_DP_V1, &opts, &up), -EINVAL);
    opts.n_threads = 0;
    big.o.sz = sizeof big;
    CHECK_RC(hotup_open(RT_DP_V1, &big.o, &up), -E2BIG);
    big.future = 0;
    CHECK_RC(hotup_open(RT_DP_V1, &big.o, &up), 0);
    hotup_close(up);

    /* Missing init entry. */
    opts.init_entry = "dp_no_such_init";
    CHECK_RC(hotup_open(RT_DP_V1, &opts, &up), 0);
    CHECK_RC(hotup_start(up), -ENOENT);
    CHECK(contains(hotup_strerror(up), "dp_no_such_init"), "'%s'",
          hotup_strerror(up));
    CHECK(!hotup_sym(up, "no_such_symbol"), "found a missing symbol");
    CHECK(contains(hotup_strerror(up), "no_such_symbol"), "'%s'",
          hotup_strerror(up));

    /* Bundle or new build missing, or not a library. */
    CHECK_RC(hotup_prepare(up, "/nonexistent/new.so", RT_BUNDLE_V1_V2),
             -ENOENT);
    CHECK_RC(hotup_prepare(up, RT_DP_V2, "/nonexistent/bundle.so"), -ENOENT);
    CHECK(contains(hotup_strerror(up), "/nonexistent/bundle.so"), "'%s'",
          hotup_strerror(up));
    CHECK_RC(hotup_prepare(up, RT_DP_V2, RT_SRC_DIR "/bundle.h"), -ENOEXEC);
    CHECK_RC(hotup_prepare(up, RT_DP_V2, NULL), -EINVAL);
    hotup_close(up);

    /* No opts at all: $TMPDIR or /tmp. */
    CHECK_RC(hotup_open(RT_DP_V1, NULL, &up), 0);
    hotup_close(up);
    scratch_done();
}

/* Many upgrades, alternating v1 -> v2 -> v1: no fd, mapping or file may
 * leak, and the state carries over every time. */
static void
case_cycles(int rounds)
{
    struct hotup_report rep;
    uint64_t total_break = 0, max_break = 0;
    int fds = 0, maps = 0, counter = 42;

    open_v1(RT_DP_V1);
    set_state();
    for (int i = 0; i <= rounds; i++) {
        if (i == 1) {
            /* The first round warms up the loader's and libc's caches. */
            fds = count_fds();
            maps = count_maps(NULL);
        }
        prepare_ok(RT_DP_V2, RT_BUNDLE_V1_V2);
        commit_ok(&rep);
        total_break += rep.break_ns;
        max_break = rep.break_ns > max_break ? rep.break_ns : max_break;
        CHECK(v_version() == 2 && v_counter() == counter
              && v_tls() == 77 && v_cb_call(5) == 25 && v_cursor() == 30,
              "round %d: v2 state", i);
        v_counter_add(1);
        counter++;

        prepare_ok(RT_DP_V1, RT_BUNDLE_V2_V1);
        commit_ok(&rep);
        total_break += rep.break_ns;
        max_break = rep.break_ns > max_break ? rep.break_ns : max_break;
        CHECK(v_version() == 1 && v_counter() == counter
              && v_tls() == 77 && v_cb_call(5) == 25 && v_cursor() == 30,
              "round %d: v1 state", i);
        v_counter_add(1);
        counter++;
        CHECK(count_objects() == 1 && count_dir(g_scratch) == 1,
              "round %d: %d objects, %d files", i, count_objects(),
              count_dir(g_scratch));
    }
    CHECK(count_fds() == fds, "fds %d -> %d", fds, count_fds());
    CHECK(count_maps(NULL) == maps, "maps %d -> %d", maps, count_maps(NULL));
    check_state(1, counter);
    printf("%d upgrades: mean break %" PRIu64 " ns, max %" PRIu64 " ns\n",
           2 * (rounds + 1), total_break / (2 * (rounds + 1)), max_break);
    close_all();
}

int
main(int argc, char *argv[])
{
    if (argc < 2) {
        fprintf(stderr, "usage: rt-test CASE [ROUNDS]\n");
        return 2;
    }
    rt_case = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0);
    scratch_make();

    if (!strcmp(rt_case, "basic")) {
        case_basic();
#ifdef RT_MALLOC_FAULTS
    } else if (!strcmp(rt_case, "nomem")) {
        case_nomem();
#endif
    } else if (!strcmp(rt_case, "tls-thread")) {
        case_tls_thread();
    } else if (!strcmp(rt_case, "keep-old")) {
        case_keep_old();
    } else if (!strcmp(rt_case, "probe")) {
        case_probe();
    } else if (!strcmp(rt_case, "fault-old-buildid")) {
        case_fault_prepare(RT_DP_V2, RT_BUNDLE_FAULT_OLD_BUILDID, -ESTALE,
                           "old build-id");
    } else if (!strcmp(rt_case, "fault-new-buildid")) {
        case_fault_prepare(RT_DP_V1, RT_BUNDLE_V1_V2, -ESTALE,
                           "new build-id");
    } else if (!strcmp(rt_case, "fault-abi")) {
        case_fault_prepare(RT_DP_V2, RT_BUNDLE_FAULT_ABI, -EPROTO, "ABI");
    } else if (!strcmp(rt_case, "fault-nosym")) {
        case_fault_prepare(RT_DP_V2, RT_BUNDLE_FAULT_NOSYM, -ENOENT,
                           "'hotup_bundle'");
    } else if (!strcmp(rt_case, "fault-range")) {
        case_fault_prepare(RT_DP_V2, RT_BUNDLE_FAULT_RANGE, -ERANGE,
                           "dp.c:s_table");
    } else if (!strcmp(rt_case, "fault-word")) {
        case_fault_prepare(RT_DP_V2, RT_BUNDLE_FAULT_WORD, -EINVAL,
                           "dp.c:s_hashp': word 0");
    } else if (!strcmp(rt_case, "fault-erange")) {
        case_fault_erange();
    } else if (!strcmp(rt_case, "fault-reloc")) {
        case_fault_reloc();
    } else if (!strcmp(rt_case, "fault-code")) {
        case_fault_code();
    } else if (!strcmp(rt_case, "fault-tls")) {
        case_fault_tls();
    } else if (!strcmp(rt_case, "fault-bound")) {
        case_fault_bound();
    } else if (!strcmp(rt_case, "samepath")) {
        case_samepath();
    } else if (!strcmp(rt_case, "abort")) {
        case_abort();
    } else if (!strcmp(rt_case, "api")) {
        case_api();
    } else if (!strcmp(rt_case, "cycles")) {
        case_cycles(argc > 2 ? atoi(argv[2]) : 1000);
    } else {
        fprintf(stderr, "rt-test: unknown case '%s'\n", rt_case);
        return 2;
    }
    printf("rt-test %s: ok\n", rt_case);
    return 0;
}
