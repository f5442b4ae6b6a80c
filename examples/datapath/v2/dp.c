/* Reference datapath, version 2: counters widened to 64 bits, the flow
 * gains a byte counter and a priority and reorders its members, a new
 * action is inserted before the old ones, and the port table grows. */
#include <stdint.h>
#include <string.h>

enum dp_action { ACT_NONE, ACT_DROP, ACT_FORWARD, ACT_MIRROR, ACT_METER };

struct dp_list {
    struct dp_list *prev, *next;
};

struct dp_flow {
    uint64_t n_packets;                 /* Widened. */
    uint64_t n_bytes;                   /* New. */
    uint32_t hash;
    enum dp_action action;
    uint16_t out_port;
    uint16_t priority;                  /* New: defaults to 100. */
};

#define DP_N_FLOWS 64
#define DP_N_PORTS 16

struct dp_flow dp_flows[DP_N_FLOWS] = { [0 ... DP_N_FLOWS - 1] = { .priority = 100 } };
static uint64_t port_rx[DP_N_PORTS];
static struct dp_list active = { &active, &active };
static __thread uint64_t t_batches;
uint32_t dp_generation = 2;

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
    dp_flows[flow % DP_N_FLOWS].n_bytes += 64;
    t_batches++;
}

uint64_t dp_port_rx(unsigned port) { return port_rx[port % DP_N_PORTS]; }
uint64_t dp_flow_packets(unsigned f) { return dp_flows[f % DP_N_FLOWS].n_packets; }
int dp_flow_action(unsigned f) { return dp_flows[f % DP_N_FLOWS].action; }
int dp_flow_priority(unsigned f) { return dp_flows[f % DP_N_FLOWS].priority; }
uint64_t dp_batches(void) { return t_batches; }
int dp_list_is_empty(void) { return active.next == &active && active.prev == &active; }
int dp_version(void) { return 2; }
