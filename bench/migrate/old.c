/* Benchmark state, old build: 256 KiB of structs of scalars. */
#include <stdint.h>

struct stats {
    uint32_t rx_packets;
    uint32_t tx_packets;
    uint32_t drops;
    uint16_t port;
    uint8_t state;
    uint8_t flags;
    uint64_t rx_bytes;
};

struct stats bench_stats[8192];         /* 24 bytes each: 192 KiB. */
uint32_t bench_hist[16384];             /* 64 KiB. */

void bench_touch(int i) { bench_stats[i].rx_packets++; bench_hist[i]++; }
