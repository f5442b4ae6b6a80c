/* Reference datapath, version 2: every counter widened to 64 bits; the
 * flow entry gains a byte counter and a priority and reorders its
 * members; a new action ACT_NONE renumbers the action enum, and ACT_METER
 * is added; the port table grows from 8 to 16 ports, each port gains a tx
 * counter; the ops table gains a member and reorders.
 *
 * A flow table of 4096 entries (256 KB, about the static state of Open
 * vSwitch's libopenvswitch), ports with rx/tx rings and counters, an ops
 * table of function pointers the ports point into, the list of installed
 * flows (a self-pointing head whose nodes live in the flow table), and a
 * thread-local packet counter per datapath thread, reachable from static
 * data.  PMD-like threads (dp_pmd_main) poll the ports' rx rings, match
 * each packet against the flow table, count it and put it on the port's
 * tx ring with a verdict; host threads install and remove flows.
 *
 * Concurrency: a reader-writer spinlock guards the table; a thread holds
 * it only inside one poll pass, never across hotup_checkpoint(). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hotup/datapath.h"
#include "dp-host.h"

#define DP_VERSION 2
#define DP_N_FLOWS 4096                 /* Power of 2: slot = hash & mask. */
#define DP_N_PORTS 16
#define DP_PROBE 8                      /* Slots a lookup probes. */
#define DP_BATCH 32                     /* Packets per port per pass. */

enum dp_action { ACT_NONE, ACT_DROP, ACT_FORWARD, ACT_MIRROR, ACT_METER };

struct dp_list {
    struct dp_list *prev, *next;
};

struct dp_flow {
    uint64_t n_packets;                 /* Packets matched (widened). */
    uint64_t n_bytes;                   /* Bytes matched (new). */
    struct dp_list node;                /* In 'active' while installed. */
    uint32_t hash;                      /* Key hash; 0: free slot. */
    enum dp_action action;
    uint16_t out_port;
    uint16_t priority;                  /* New: 100 unless set. */
    uint8_t key[32];                    /* The flow key, opaque here. */
};

struct dp_port;

/* How a port puts packets out. */
struct dp_ops {
    void (*output)(struct dp_port *, struct dp_packet *);
    unsigned (*room)(struct dp_port *); /* New: packets it can take. */
    const char *name;
};

struct dp_port {
    struct dp_ring *rx, *tx;            /* In the host's heap. */
    uint64_t n_rx;                      /* Packets received (widened). */
    uint64_t n_tx;                      /* Packets sent (new). */
    struct dp_ops *ops;                 /* Into dp_ops_table. */
};

struct dp_flow dp_flows[DP_N_FLOWS] = {
    [0 ... DP_N_FLOWS - 1] = { .priority = 100 },
};
static struct dp_list active = { &active, &active };
static struct dp_port ports[DP_N_PORTS];
static uint64_t n_misses;               /* Packets that matched no flow. */
static unsigned n_pmds = 1;
static uint32_t table_lock;             /* Bit 31 writer, else readers. */
static __thread uint64_t t_packets;     /* Packets this thread forwarded. */
static uint64_t *pmd_packets[DP_MAX_PMDS]; /* Each thread's t_packets. */
static uint32_t stall_ms[DP_MAX_PMDS];  /* Fault injection: sleep... */
static uint64_t tls_add[DP_MAX_PMDS];   /* ...add to t_packets. */

static void ring_output(struct dp_port *, struct dp_packet *);
static void mirror_output(struct dp_port *, struct dp_packet *);
static unsigned ring_room(struct dp_port *);

static struct dp_ops dp_ops_table[2] = {
    { ring_output, ring_room, "ring" },
    { mirror_output, ring_room, "mirror" },
};

/* ---- Locking ---------------------------------------------------------- */

#define WRITER 0x80000000u

static void
read_lock(void)
{
    for (;;) {
        uint32_t v = __atomic_load_n(&table_lock, __ATOMIC_RELAXED);

        if (!(v & WRITER)
            && __atomic_compare_exchange_n(&table_lock, &v, v + 1, 0,
                                           __ATOMIC_ACQUIRE,
                                           __ATOMIC_RELAXED)) {
            return;
        }
        sched_yield();
    }
}

static void
read_unlock(void)
{
    __atomic_fetch_sub(&table_lock, 1, __ATOMIC_RELEASE);
}

static void
write_lock(void)
{
    while (__atomic_fetch_or(&table_lock, WRITER, __ATOMIC_ACQUIRE)
           & WRITER) {
        sched_yield();
    }
    while (__atomic_load_n(&table_lock, __ATOMIC_ACQUIRE) != WRITER) {
        sched_yield();
    }
}

static void
write_unlock(void)
{
    __atomic_fetch_and(&table_lock, ~WRITER, __ATOMIC_RELEASE);
}

/* ---- Flows ------------------------------------------------------------ */

static struct dp_flow *
flow_find(uint32_t hash)
{
    for (unsigned i = 0; i < DP_PROBE; i++) {
        struct dp_flow *f = &dp_flows[(hash + i) & (DP_N_FLOWS - 1)];

        if (f->hash == hash) {
            return f;
        }
    }
    return NULL;
}

static int
verdict_of(enum dp_action a)
{
    switch (a) {
    case ACT_NONE: return DP_VERDICT_MISS;
    case ACT_METER: return DP_VERDICT_FORWARD;
    case ACT_DROP: return DP_VERDICT_DROP;
    case ACT_FORWARD: return DP_VERDICT_FORWARD;
    case ACT_MIRROR: return DP_VERDICT_MIRROR;
    }
    return DP_VERDICT_MISS;
}

int
dp_flow_add(uint32_t hash, uint16_t out_port, int verdict)
{
    struct dp_flow *f = NULL;

    if (!hash || verdict < DP_VERDICT_DROP || verdict > DP_VERDICT_MIRROR) {
        return -1;
    }
    write_lock();
    if (!flow_find(hash)) {
        for (unsigned i = 0; i < DP_PROBE && !f; i++) {
            struct dp_flow *s = &dp_flows[(hash + i) & (DP_N_FLOWS - 1)];

            f = s->hash ? NULL : s;
        }
    }
    if (f) {
        f->hash = hash;
        f->n_packets = 0;
        f->n_bytes = 0;
        f->priority = 100;
        f->out_port = out_port;
        f->action = verdict == DP_VERDICT_DROP ? ACT_DROP
                    : verdict == DP_VERDICT_FORWARD ? ACT_FORWARD
                    : ACT_MIRROR;
        memcpy(f->key, &hash, sizeof hash);
        f->node.prev = active.prev;
        f->node.next = &active;
        active.prev->next = &f->node;
        active.prev = &f->node;
    }
    write_unlock();
    return f ? (int) (f - dp_flows) : -1;
}

int
dp_flow_del(uint32_t hash)
{
    struct dp_flow *f;

    write_lock();
    f = hash ? flow_find(hash) : NULL;
    if (f) {
        f->node.prev->next = f->node.next;
        f->node.next->prev = f->node.prev;
        memset(f, 0, sizeof *f);
        f->priority = 100;
    }
    write_unlock();
    return f ? 0 : -1;
}

/* ---- Forwarding ------------------------------------------------------- */

static void
ring_output(struct dp_port *p, struct dp_packet *pkt)
{
    *dp_ring_next(p->tx, 0) = *pkt;
    dp_ring_push(p->tx, 1);
    p->n_tx++;
}

static unsigned
ring_room(struct dp_port *p)
{
    return dp_ring_room(p->tx);
}

static void
mirror_output(struct dp_port *p, struct dp_packet *pkt)
{
    if (pkt->verdict == DP_VERDICT_FORWARD) {
        pkt->verdict = DP_VERDICT_MIRROR;
    }
    ring_output(p, pkt);
}

static unsigned
port_poll(struct dp_port *p, unsigned idx)
{
    unsigned n = dp_ring_count(p->rx), room = p->ops->room(p);

    n = n < room ? n : room;
    n = n < DP_BATCH ? n : DP_BATCH;
    for (unsigned i = 0; i < n; i++) {
        struct dp_packet pkt = *dp_ring_peek(p->rx, i);
        struct dp_flow *f = flow_find(pkt.flow_hash);

        pkt.version = DP_VERSION;
        pkt.pmd = idx;
        if (f) {
            __atomic_fetch_add(&f->n_packets, 1, __ATOMIC_RELAXED);
            __atomic_fetch_add(&f->n_bytes, pkt.len, __ATOMIC_RELAXED);
            pkt.flow = (int32_t) (f - dp_flows);
            pkt.out_port = f->out_port;
            pkt.verdict = verdict_of(f->action);
        } else {
            __atomic_fetch_add(&n_misses, 1, __ATOMIC_RELAXED);
            pkt.flow = -1;
            pkt.out_port = 0;
            pkt.verdict = DP_VERDICT_MISS;
        }
        p->ops->output(p, &pkt);
        t_packets++;
    }
    dp_ring_pop(p->rx, n);
    p->n_rx += n;
    return n;
}

static void
faults_if_asked(unsigned idx)
{
    uint32_t ms = __atomic_exchange_n(&stall_ms[idx], 0, __ATOMIC_ACQUIRE);

    t_packets += __atomic_exchange_n(&tls_add[idx], 0, __ATOMIC_ACQUIRE);
    if (ms) {
        struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

        nanosleep(&ts, NULL);
    }
}

void
dp_pmd_main(struct hotup_thread *t, unsigned idx)
{
    if (idx >= DP_MAX_PMDS) {
        return;
    }
    if (!t->restarts) {
        char name[16];                  /* The first start only: the OS
                                         * thread keeps it across upgrades. */

        snprintf(name, sizeof name, "pmd%u", idx);
        pthread_setname_np(pthread_self(), name);
    }
    if (!pmd_packets[idx]) {
        pmd_packets[idx] = &t_packets;  /* Once: upgrades relocate it. */
    }
    while (!hotup_checkpoint(t)) {
        unsigned n = 0;

        faults_if_asked(idx);
        read_lock();
        for (unsigned p = idx; p < DP_N_PORTS; p += n_pmds) {
            if (ports[p].rx) {
                n += port_poll(&ports[p], idx);
            }
        }
        read_unlock();
        if (!n) {
            sched_yield();              /* Idle: a shared test machine. */
        }
    }
}

/* ---- Control ---------------------------------------------------------- */

int
dp_init(void)
{
    for (unsigned p = 0; p < DP_N_PORTS; p++) {
        ports[p].ops = &dp_ops_table[0];
    }
    return 0;
}

int
dp_configure(unsigned n)
{
    if (!n || n > DP_MAX_PMDS) {
        return -1;
    }
    n_pmds = n;
    return 0;
}

int
dp_port_attach(unsigned port, struct dp_ring *rx, struct dp_ring *tx)
{
    if (port >= DP_N_PORTS) {
        return -1;
    }
    write_lock();
    ports[port].rx = rx;
    ports[port].tx = tx;
    ports[port].ops = &dp_ops_table[port % 2];
    write_unlock();
    return 0;
}

uint64_t
dp_flow_packets(uint32_t hash)
{
    struct dp_flow *f;
    uint64_t n;

    read_lock();
    f = hash ? flow_find(hash) : NULL;
    n = f ? f->n_packets : UINT64_MAX;
    read_unlock();
    return n;
}

uint64_t dp_port_rx(unsigned p) { return p < DP_N_PORTS ? ports[p].n_rx : 0; }
uint64_t dp_misses(void) { return n_misses; }
int dp_version(void) { return DP_VERSION; }

uint64_t
dp_pmd_packets(unsigned idx)
{
    return idx < DP_MAX_PMDS && pmd_packets[idx] ? *pmd_packets[idx] : 0;
}

unsigned
dp_n_flows(void)
{
    unsigned n = 0;

    read_lock();
    for (struct dp_list *l = active.next; l != &active && n <= DP_N_FLOWS;
         l = l->next) {
        n++;
    }
    read_unlock();
    return n;
}

void
dp_test_stall(unsigned idx, unsigned ms)
{
    if (idx < DP_MAX_PMDS) {
        __atomic_store_n(&stall_ms[idx], ms, __ATOMIC_RELEASE);
    }
}

void
dp_test_tls_add(unsigned idx, uint64_t delta)
{
    if (idx < DP_MAX_PMDS) {
        __atomic_fetch_add(&tls_add[idx], delta, __ATOMIC_RELEASE);
    }
}

void
dp_test_misses_add(uint64_t delta)
{
    __atomic_fetch_add(&n_misses, delta, __ATOMIC_RELAXED);
}
