/* Synthetic traffic through the example datapath: see traffic.h. */
#define _GNU_SOURCE
#include "traffic.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dp-host.h"
#include "hotup/hotup.h"

#define TR_MAX_PORTS 8
#define TR_N_STABLE 64                  /* Flows installed for good. */
#define TR_N_CHURN 16                   /* Flows the flow-mod thread
                                         * installs and removes. */
#define TR_PERIOD_NS 100000             /* Generator burst period. */
#define TR_DRAIN_NS (60ull * 1000000000) /* traffic_stop(): bound. */

/* Flow hashes: stable flow i is 0x100000 | i << 6, churn flow i is
 * 0x200000 | i << 6 | 1, and 0x3xxxxx never matches (a miss).  The
 * datapath's slot is hash & 4095, so none of them collide. */
#define TR_STABLE(i) (0x100000u | (uint32_t) (i) << 6)
#define TR_CHURN(i) (0x200000u | (uint32_t) (i) << 6 | 1u)

struct traffic {
    struct hotup *up;                   /* Datapath, through libhotup. */
    struct traffic_config cfg;
    struct dp_ring *rx[TR_MAX_PORTS];   /* Generator -> datapath. */
    struct dp_ring *tx[TR_MAX_PORTS];   /* Datapath -> sink. */
    pthread_t gen, sink, fmod;
    bool started;                       /* The three threads run. */
    atomic_bool stop_gen, stop_fmod, stop_sink;

    /* Generator. */
    uint64_t next_seq[TR_MAX_PORTS];    /* Per port, from 1. */
    uint32_t rng;                       /* xorshift32 state. */
    _Atomic uint64_t sent;

    /* Flow-mod thread (read by others only after it stopped). */
    bool churn_on[TR_N_CHURN];          /* Installed now. */
    _Atomic uint64_t flow_mods;
    _Atomic uint64_t torn;

    /* Sink (read by others only after it stopped, or atomics). */
    _Atomic uint64_t received;
    uint64_t expect[TR_MAX_PORTS];      /* Next sequence number. */
    uint64_t lost, duplicated;
    uint64_t per_port[TR_MAX_PORTS];
    uint64_t per_pmd[DP_MAX_PMDS];
    uint64_t misses;
    uint64_t by_version[4];
    uint64_t stable_hits[TR_N_STABLE];
    char first_error[160];              /* "" if none. */

    /* Fault-injection bias (tests). */
    uint64_t bias_misses;
    uint64_t bias_pmd[DP_MAX_PMDS];
};

static uint64_t
tr_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void
tr_sleep_ns(uint64_t ns)
{
    struct timespec ts = { ns / 1000000000u, ns % 1000000000u };

    nanosleep(&ts, NULL);
}

/* A datapath function, looked up in the live version (call it inside a
 * section, and only there). */
static void *
tr_sym(struct traffic *tr, const char *name)
{
    void *p = hotup_sym(tr->up, name);

    if (!p) {
        fprintf(stderr, "traffic: %s\n", hotup_strerror(tr->up));
        abort();
    }
    return p;
}

#define DP(tr, name) ((name##_fn *) tr_sym(tr, #name))

static uint32_t
tr_rand(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* ---- Generator ------------------------------------------------------ */

static void *
tr_generator(void *tr_)
{
    struct traffic *tr = tr_;
    unsigned burst = (unsigned) ((uint64_t) tr->cfg.rate * TR_PERIOD_NS
                                 / 1000000000u);
    unsigned per_port = (burst + tr->cfg.n_ports - 1) / tr->cfg.n_ports;
    uint64_t next = tr_now();

    pthread_setname_np(pthread_self(), "generator");
    per_port = per_port ? per_port : 1;
    while (!atomic_load(&tr->stop_gen)) {
        uint64_t n_total = 0, now;

        for (unsigned p = 0; p < tr->cfg.n_ports; p++) {
            unsigned room = dp_ring_room(tr->rx[p]);
            unsigned n = per_port < room ? per_port : room;

            for (unsigned i = 0; i < n; i++) {
                struct dp_packet *pkt = dp_ring_next(tr->rx[p], i);
                uint32_t r = tr_rand(&tr->rng);
                unsigned pick = r % 100;

                memset(pkt, 0, sizeof *pkt);
                pkt->seq = tr->next_seq[p]++;
                pkt->in_port = p;
                pkt->len = 64 + (r >> 22);
                pkt->flow_hash = (pick < 70 ? TR_STABLE(r >> 8 & 63)
                                  : pick < 90 ? TR_CHURN(r >> 8 & 15)
                                  : 0x300000u | (r >> 8 & 0xfffff));
            }
            dp_ring_push(tr->rx[p], n);
            n_total += n;
        }
        atomic_fetch_add(&tr->sent, n_total);

        next += TR_PERIOD_NS;
        now = tr_now();
        if (next > now) {
            tr_sleep_ns(next - now);
        } else if (now - next > 10 * TR_PERIOD_NS) {
            next = now;                 /* Fell behind: do not burst. */
        }
    }
    return NULL;
}

/* ---- Sink ------------------------------------------------------------- */

static void
tr_error(struct traffic *tr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
tr_error(struct traffic *tr, const char *fmt, ...)
{
    va_list args;

    if (!tr->first_error[0]) {
        va_start(args, fmt);
        vsnprintf(tr->first_error, sizeof tr->first_error, fmt, args);
        va_end(args);
    }
}

static void
tr_take(struct traffic *tr, const struct dp_packet *pkt)
{
    unsigned p = pkt->in_port;

    if (p >= tr->cfg.n_ports) {
        tr_error(tr, "packet from port %u", p);
        return;
    }
    if (pkt->seq == tr->expect[p]) {
        tr->expect[p]++;
    } else if (pkt->seq > tr->expect[p]) {
        tr_error(tr, "port %u: packets %" PRIu64 "..%" PRIu64 " lost", p,
                 tr->expect[p], pkt->seq - 1);
        tr->lost += pkt->seq - tr->expect[p];
        tr->expect[p] = pkt->seq + 1;
    } else {
        tr_error(tr, "port %u: packet %" PRIu64 " again (expected %" PRIu64
                 ")", p, pkt->seq, tr->expect[p]);
        tr->duplicated++;
    }
    tr->per_port[p]++;
    if (pkt->pmd < DP_MAX_PMDS) {
        tr->per_pmd[pkt->pmd]++;
    }
    if (pkt->version < 4) {
        tr->by_version[pkt->version]++;
    }
    if (pkt->flow < 0) {
        tr->misses++;
    } else if ((pkt->flow_hash >> 20) == 1) {
        tr->stable_hits[(pkt->flow_hash >> 6) & 63]++;
    }
}

static void *
tr_sink(void *tr_)
{
    struct traffic *tr = tr_;

    pthread_setname_np(pthread_self(), "sink");
    for (;;) {
        uint64_t got = 0;

        for (unsigned p = 0; p < tr->cfg.n_ports; p++) {
            unsigned n = dp_ring_count(tr->tx[p]);

            for (unsigned i = 0; i < n; i++) {
                tr_take(tr, dp_ring_peek(tr->tx[p], i));
            }
            dp_ring_pop(tr->tx[p], n);
            got += n;
        }
        if (got) {
            atomic_fetch_add(&tr->received, got);
        } else if (atomic_load(&tr->stop_sink)) {
            break;
        } else {
            tr_sleep_ns(50000);
        }
    }
    return NULL;
}

/* ---- Flow-mod thread ------------------------------------------------- */

static void *
tr_flow_mod(void *tr_)
{
    struct traffic *tr = tr_;
    uint64_t pause = 1000ull * (tr->cfg.flow_mod_us ? tr->cfg.flow_mod_us
                                : 500);

    pthread_setname_np(pthread_self(), "flow-mod");
    for (unsigned i = 0; !atomic_load(&tr->stop_fmod); i++) {
        unsigned c = i % TR_N_CHURN;
        int v0, v1;

        hotup_enter(tr->up);
        v0 = DP(tr, dp_version)();
        if (tr->churn_on[c]) {
            tr->churn_on[c] = DP(tr, dp_flow_del)(TR_CHURN(c)) != 0;
        } else {
            tr->churn_on[c] = DP(tr, dp_flow_add)(TR_CHURN(c), c % 4,
                                                  1 + c % 3) >= 0;
        }
        v1 = DP(tr, dp_version)();
        hotup_exit(tr->up);

        if (v0 != v1) {
            atomic_fetch_add(&tr->torn, 1);
        }
        atomic_fetch_add(&tr->flow_mods, 1);
        tr_sleep_ns(pause);
    }
    return NULL;
}

/* ---- API ---------------------------------------------------------------- */

int
traffic_create(struct hotup *up, const struct traffic_config *cfg,
               struct traffic **trp)
{
    struct traffic *tr = calloc(1, sizeof *tr);
    int err = 0;

    *trp = NULL;
    if (!tr) {
        return -ENOMEM;
    }
    tr->up = up;
    tr->cfg = *cfg;
    if (!tr->cfg.rate) {
        tr->cfg.rate = 100000;
    }
    if (!tr->cfg.n_ports || tr->cfg.n_ports > TR_MAX_PORTS
        || !tr->cfg.n_pmds || tr->cfg.n_pmds > DP_MAX_PMDS) {
        free(tr);
        return -EINVAL;
    }
    tr->rng = cfg->seed ? cfg->seed : 0x2545f491u;
    for (unsigned p = 0; p < tr->cfg.n_ports; p++) {
        tr->rx[p] = calloc(1, sizeof *tr->rx[p]);
        tr->tx[p] = calloc(1, sizeof *tr->tx[p]);
        if (!tr->rx[p] || !tr->tx[p]) {
            traffic_destroy(tr);
            return -ENOMEM;
        }
        tr->next_seq[p] = tr->expect[p] = 1;
    }

    hotup_enter(up);
    if (DP(tr, dp_configure)(tr->cfg.n_pmds)) {
        err = -EINVAL;
    }
    for (unsigned p = 0; p < tr->cfg.n_ports && !err; p++) {
        if (DP(tr, dp_port_attach)(p, tr->rx[p], tr->tx[p])) {
            err = -EINVAL;
        }
    }
    for (unsigned i = 0; i < TR_N_STABLE && !err; i++) {
        if (DP(tr, dp_flow_add)(TR_STABLE(i), i % tr->cfg.n_ports,
                                DP_VERDICT_FORWARD) < 0) {
            err = -ENOSPC;
        }
    }
    hotup_exit(up);
    if (err) {
        traffic_destroy(tr);
        return err;
    }
    *trp = tr;
    return 0;
}

int
traffic_start(struct traffic *tr)
{
    if (pthread_create(&tr->sink, NULL, tr_sink, tr)) {
        return -EAGAIN;
    }
    if (pthread_create(&tr->gen, NULL, tr_generator, tr)) {
        atomic_store(&tr->stop_sink, true);
        pthread_join(tr->sink, NULL);
        return -EAGAIN;
    }
    if (pthread_create(&tr->fmod, NULL, tr_flow_mod, tr)) {
        atomic_store(&tr->stop_gen, true);
        pthread_join(tr->gen, NULL);
        atomic_store(&tr->stop_sink, true);
        pthread_join(tr->sink, NULL);
        return -EAGAIN;
    }
    tr->started = true;
    return 0;
}

int
traffic_stop(struct traffic *tr)
{
    uint64_t deadline = tr_now() + TR_DRAIN_NS;
    int err = 0;

    if (!tr->started) {
        return 0;
    }
    atomic_store(&tr->stop_gen, true);
    pthread_join(tr->gen, NULL);
    atomic_store(&tr->stop_fmod, true);
    pthread_join(tr->fmod, NULL);
    while (atomic_load(&tr->received) < atomic_load(&tr->sent)) {
        if (tr_now() > deadline) {
            err = -ETIMEDOUT;
            break;
        }
        tr_sleep_ns(1000000);
    }
    atomic_store(&tr->stop_sink, true);
    pthread_join(tr->sink, NULL);
    tr->started = false;
    return err;
}

void
traffic_stats(struct traffic *tr, struct traffic_stats *st)
{
    memset(st, 0, sizeof *st);
    st->sent = atomic_load(&tr->sent);
    st->received = atomic_load(&tr->received);
    st->flow_mods = atomic_load(&tr->flow_mods);
    st->torn_sections = atomic_load(&tr->torn);
    if (!tr->started) {
        st->lost = tr->lost;
        st->duplicated = tr->duplicated;
        memcpy(st->by_version, tr->by_version, sizeof st->by_version);
    }
}

void
traffic_bias_misses(struct traffic *tr, uint64_t delta)
{
    tr->bias_misses += delta;
}

void
traffic_bias_pmd(struct traffic *tr, unsigned pmd, uint64_t delta)
{
    if (pmd < DP_MAX_PMDS) {
        tr->bias_pmd[pmd] += delta;
    }
}

#define TR_FAIL(...) \
    do { \
        snprintf(msg, len, __VA_ARGS__); \
        ok = false; \
        goto out; \
    } while (0)

bool
traffic_verify(struct traffic *tr, char *msg, size_t len, char *summary,
               size_t summary_len)
{
    uint64_t sent = atomic_load(&tr->sent);
    uint64_t received = atomic_load(&tr->received);
    unsigned n_churn = 0, n_flows;
    bool ok = true;

    msg[0] = '\0';
    if (tr->first_error[0]) {
        snprintf(msg, len, "%s", tr->first_error);
        return false;
    }
    if (received != sent || tr->lost || tr->duplicated) {
        snprintf(msg, len, "%" PRIu64 " packets sent, %" PRIu64 " received,"
                 " %" PRIu64 " lost, %" PRIu64 " duplicated", sent,
                 received, tr->lost, tr->duplicated);
        return false;
    }
    if (atomic_load(&tr->torn)) {
        snprintf(msg, len, "%" PRIu64 " host sections saw the live version "
                 "change", atomic_load(&tr->torn));
        return false;
    }
    for (unsigned c = 0; c < TR_N_CHURN; c++) {
        n_churn += tr->churn_on[c];
    }

    hotup_enter(tr->up);
    for (unsigned p = 0; p < tr->cfg.n_ports; p++) {
        uint64_t n = DP(tr, dp_port_rx)(p);

        if (n != tr->per_port[p]) {
            TR_FAIL("port %u: datapath counted %" PRIu64 " packets, the sink "
                    "%" PRIu64, p, n, tr->per_port[p]);
        }
    }
    for (unsigned i = 0; i < TR_N_STABLE; i++) {
        uint64_t n = DP(tr, dp_flow_packets)(TR_STABLE(i));

        if (n != tr->stable_hits[i]) {
            TR_FAIL("flow %#x: datapath counted %" PRIu64 " packets, the "
                    "sink %" PRIu64, TR_STABLE(i), n, tr->stable_hits[i]);
        }
    }
    for (unsigned i = 0; i < tr->cfg.n_pmds; i++) {
        uint64_t n = DP(tr, dp_pmd_packets)(i);

        if (n != tr->per_pmd[i] + tr->bias_pmd[i]) {
            TR_FAIL("thread %u: its thread-local counter says %" PRIu64
                    ", the sink %" PRIu64, i, n,
                    tr->per_pmd[i] + tr->bias_pmd[i]);
        }
    }
    if (DP(tr, dp_misses)() != tr->misses + tr->bias_misses) {
        TR_FAIL("misses: datapath %" PRIu64 ", sink %" PRIu64,
                DP(tr, dp_misses)(), tr->misses + tr->bias_misses);
    }
    n_flows = DP(tr, dp_n_flows)();
    if (n_flows != TR_N_STABLE + n_churn) {
        TR_FAIL("%u flows on the datapath's list, %u installed", n_flows,
                TR_N_STABLE + n_churn);
    }
    if (summary) {
        snprintf(summary, summary_len, "%" PRIu64 " packets, none lost or "
                 "duplicated, all in order; equal counters: %u ports, %u "
                 "flows, %u threads' thread-local counters, %" PRIu64
                 " misses; %u flows on the list", sent, tr->cfg.n_ports,
                 TR_N_STABLE, tr->cfg.n_pmds, tr->misses, n_flows);
    }
out:
    hotup_exit(tr->up);
    return ok;
}

void
traffic_destroy(struct traffic *tr)
{
    if (tr) {
        traffic_stop(tr);
        for (unsigned p = 0; p < TR_MAX_PORTS; p++) {
            free(tr->rx[p]);
            free(tr->tx[p]);
        }
        free(tr);
    }
}
