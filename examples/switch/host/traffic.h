/* traffic.h: synthetic traffic through the example datapath, and the
 * checks that nothing was lost, duplicated, reordered or miscounted.
 *
 * Three host threads, like the parts of a switch that are not the
 * datapath:
 *
 *   generator  puts packets on each port's rx ring (per-port sequence
 *              numbers, flows picked from a fixed pseudo-random stream);
 *   sink       takes them off the tx rings, checks every sequence number
 *              and counts what the datapath said about each packet;
 *   flow-mod   installs and removes flows through hotup_enter() /
 *              hotup_exit(), as vswitchd's handler threads would.
 *
 * The datapath's threads (started by libhotup) move packets from rx to
 * tx.  traffic_verify() compares the datapath's own counters (read
 * through the live version's API) with what the sink saw. */
#ifndef TRAFFIC_H
#define TRAFFIC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hotup;
struct traffic;

struct traffic_config {
    unsigned n_ports;                   /* Ports with traffic (<= 8). */
    unsigned n_pmds;                    /* Datapath threads. */
    unsigned rate;                      /* Packets per second offered, all
                                         * ports together; 0: 100000. */
    unsigned flow_mod_us;               /* Pause between two flow changes;
                                         * 0: 500 us. */
    uint32_t seed;                      /* For the traffic pattern. */
};

struct traffic_stats {
    uint64_t sent;                      /* Packets generated. */
    uint64_t received;                  /* Packets the sink took. */
    uint64_t lost;                      /* Sequence gaps. */
    uint64_t duplicated;                /* Sequence numbers seen again. */
    uint64_t by_version[4];             /* Forwarded by v1, v2, v3. */
    uint64_t flow_mods;                 /* Flows installed or removed. */
    uint64_t torn_sections;             /* Sections whose live version
                                         * changed inside (must be 0). */
};

/* Configures the datapath (inside sections: threads may already run),
 * attaches the rings and installs the fixed flows. */
int traffic_create(struct hotup *, const struct traffic_config *,
                   struct traffic **);

/* Starts the generator, the sink and the flow-mod thread. */
int traffic_start(struct traffic *);

/* Stops the generator and the flow-mod thread, waits (bounded) until the
 * datapath forwarded every packet and the sink took it, stops the sink. */
int traffic_stop(struct traffic *);

void traffic_stats(struct traffic *, struct traffic_stats *);

/* Compares the datapath's counters with the sink's (call it after
 * traffic_stop()).  Returns true if all agree and no packet was lost or
 * duplicated; else false, with the first mismatch in 'msg'.  'summary'
 * (may be NULL) gets one line of what was compared. */
bool traffic_verify(struct traffic *, char *msg, size_t len,
                    char *summary, size_t summary_len);

/* Adds 'delta' to the sink's own count of misses, or of the packets of
 * datapath thread 'pmd', so that a test that biases a datapath counter on
 * purpose (fault injection) can keep the comparison exact. */
void traffic_bias_misses(struct traffic *, uint64_t delta);
void traffic_bias_pmd(struct traffic *, unsigned pmd, uint64_t delta);

void traffic_destroy(struct traffic *);

#endif /* traffic.h */
