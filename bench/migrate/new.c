/* Benchmark state, new build: counters widened, members reordered, one
 * added. */
#include <stdint.h>

struct stats {
    uint64_t rx_bytes;
    uint64_t rx_packets;
    uint64_t tx_packets;
    uint32_t drops;
    uint16_t port;
    uint8_t state;
    uint8_t flags;
    uint32_t errors;
};

struct stats bench_stats[8192];
uint64_t bench_hist[16384];

void bench_touch(int i) { bench_stats[i].rx_packets++; bench_hist[i]++; }
