/* Reference datapath, version 1: a flow table, per-port counters, an
 * action enum and a self-pointing list of active flows.  State is written
 * and read only through the exported functions, as a host would. */
#include <stdint.h>
#include <string.h>

enum dp_action { ACT_DROP, ACT_FORWARD, ACT_MIRROR };

struct dp_list {
    struct dp_list *prev, *next;
};

struct dp_flow {
    uint32_t hash;                      /* Flow key hash. */
    uint32_t n_packets;                 /* Packets matched. */
    uint16_t out_port;
    enum dp_action action;
};

#define DP_N_FLOWS 64
#define DP_N_PORTS 8

struct dp_flow dp_flows[DP_N_FLOWS];
static uint32_t port_rx[DP_N_PORTS];    /* Packets received per port. */
static struct dp_list active = { &active, &active };
static __thread uint32_t t_batches;     /* Batches this thread handled. */
uint32_t dp_generation = 1;

int
dp_add_flow(unsigned idx, uint32_t hash, uint16_t port, int action)
{
    if (idx >= DP_N_FLOWS) {
        return -1;
    }
    dp_flows[idx].hash = hash;
    dp_flows[idx].out_port = port;
    dp_flows[idx].action = (enum dp_action) action;
    return 0;
}

void
dp_receive(unsigned port, unsigned flow)
{
    port_rx[port % DP_N_PORTS]++;
    dp_flows[flow % DP_N_FLOWS].n_packets++;
    t_batches++;
}

uint64_t dp_port_rx(unsigned port) { return port_rx[port % DP_N_PORTS]; }
uint64_t dp_flow_packets(unsigned f) { return dp_flows[f % DP_N_FLOWS].n_packets; }
int dp_flow_action(unsigned f) { return dp_flows[f % DP_N_FLOWS].action; }
uint64_t dp_batches(void) { return t_batches; }
int dp_list_is_empty(void) { return active.next == &active && active.prev == &active; }
int dp_version(void) { return 1; }
