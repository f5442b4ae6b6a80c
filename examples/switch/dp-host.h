/* dp-host.h: what the example host (examples/switch/host) and every
 * version of the example datapath (examples/switch/v*) agree on.  Nothing here is
 * migrated state: the rings live in the host's heap, like a NIC's queues,
 * and only pointers to them are kept in the datapath.  So this interface
 * stays the same across versions, while everything inside dp.c changes.
 *
 * A packet enters on a port's rx ring with a per-port sequence number and
 * leaves on the same port's tx ring carrying the datapath's verdict: the
 * example never drops a packet for real (a DROP verdict is only marked),
 * so that the host can check that none was lost or duplicated. */
#ifndef DP_HOST_H
#define DP_HOST_H 1

#include <stdatomic.h>
#include <stdint.h>

struct hotup_thread;

#define DP_RING_SIZE 1024u              /* Slots per ring, a power of 2. */
#define DP_MAX_PMDS 8                   /* Datapath threads, at most. */

/* Verdicts, as the host sees them (each version maps its own enum). */
#define DP_VERDICT_MISS    0            /* No flow matched. */
#define DP_VERDICT_DROP    1
#define DP_VERDICT_FORWARD 2
#define DP_VERDICT_MIRROR  3

struct dp_packet {
    uint64_t seq;                       /* Per input port, from 1. */
    uint32_t flow_hash;                 /* Hash of the flow key (never 0). */
    uint16_t in_port;                   /* Port whose rx ring it came on. */
    uint16_t len;                       /* Bytes on the wire. */
    /* Written by the datapath. */
    int32_t flow;                       /* Flow table slot hit, -1 miss. */
    uint16_t out_port;                  /* The flow's output port. */
    uint8_t verdict;                    /* DP_VERDICT_*. */
    uint8_t version;                    /* Datapath version (1, 2, 3). */
    uint32_t pmd;                       /* Index of the thread that
                                         * forwarded it. */
    uint32_t pad;
};

/* A single-producer, single-consumer ring. */
struct dp_ring {
    _Atomic uint64_t head;              /* Next slot the producer fills. */
    char pad0[56];                      /* Own cache line. */
    _Atomic uint64_t tail;              /* Next slot the consumer reads. */
    char pad1[56];
    struct dp_packet slot[DP_RING_SIZE];
};

/* Free slots, as the producer sees them. */
static inline unsigned
dp_ring_room(struct dp_ring *r)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);

    return DP_RING_SIZE - (unsigned) (head - tail);
}

/* Filled slots, as the consumer sees them. */
static inline unsigned
dp_ring_count(struct dp_ring *r)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);

    return (unsigned) (head - tail);
}

/* Producer: the slot to fill next (check dp_ring_room() first), then
 * dp_ring_push() to publish 'n' filled slots. */
static inline struct dp_packet *
dp_ring_next(struct dp_ring *r, unsigned i)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);

    return &r->slot[(head + i) & (DP_RING_SIZE - 1)];
}

static inline void
dp_ring_push(struct dp_ring *r, unsigned n)
{
    atomic_fetch_add_explicit(&r->head, n, memory_order_release);
}

/* Consumer: the i-th filled slot (i < dp_ring_count()), then
 * dp_ring_pop() to release 'n' of them. */
static inline struct dp_packet *
dp_ring_peek(struct dp_ring *r, unsigned i)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);

    return &r->slot[(tail + i) & (DP_RING_SIZE - 1)];
}

static inline void
dp_ring_pop(struct dp_ring *r, unsigned n)
{
    atomic_fetch_add_explicit(&r->tail, n, memory_order_release);
}

/* The functions every version exports (the host finds them with
 * hotup_sym() and calls them between hotup_enter() and hotup_exit()). */
typedef int dp_init_fn(void);                           /* dp_init */
typedef void dp_pmd_main_fn(struct hotup_thread *, unsigned idx);
typedef int dp_configure_fn(unsigned n_pmds);           /* dp_configure */
typedef int dp_port_attach_fn(unsigned port, struct dp_ring *rx,
                              struct dp_ring *tx);      /* dp_port_attach */
typedef int dp_flow_add_fn(uint32_t hash, uint16_t out_port,
                           int verdict);                /* dp_flow_add */
typedef int dp_flow_del_fn(uint32_t hash);              /* dp_flow_del */
typedef uint64_t dp_flow_packets_fn(uint32_t hash);     /* dp_flow_packets:
                                                         * UINT64_MAX if no
                                                         * such flow */
typedef uint64_t dp_port_rx_fn(unsigned port);          /* dp_port_rx */
typedef uint64_t dp_pmd_packets_fn(unsigned idx);       /* dp_pmd_packets:
                                                         * thread idx's TLS
                                                         * counter */
typedef uint64_t dp_misses_fn(void);                    /* dp_misses */
typedef unsigned dp_n_flows_fn(void);                   /* dp_n_flows: walks
                                                         * the list of
                                                         * installed flows */
typedef int dp_version_fn(void);                        /* dp_version */

/* Fault injection, for the tests: thread 'idx' sleeps 'ms' without a
 * checkpoint at its next pass; adds 'delta' to its thread-local counter;
 * adds 'delta' to the miss counter. */
typedef void dp_test_stall_fn(unsigned idx, unsigned ms);
typedef void dp_test_tls_add_fn(unsigned idx, uint64_t delta);
typedef void dp_test_misses_add_fn(uint64_t delta);

#endif /* dp-host.h */
