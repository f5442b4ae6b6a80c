/* A small datapath, version 2: meters gain a packet counter and their
 * rate widens; the slots' union widens (which member is live is in
 * 'kind', which the DWARF does not say: hooks.c converts it). */
#include <stdint.h>

struct meter {
    uint64_t rate;                      /* Packets per second. */
    uint32_t burst;                     /* Packets. */
    uint32_t n_packets;                 /* New: packets metered. */
};

/* A slot holds a counter (kind 0) or two port numbers (kind 1). */
struct slot {
    uint8_t kind;
    union {
        int64_t count;
        uint32_t ports[2];
    } u;
};

#define N_METERS 8
#define N_SLOTS 4

static struct meter meters[N_METERS];
static struct slot slots[N_SLOTS];
static uint64_t n_hits;

int dp_version(void) { return 2; }

void
dp_set_meter(unsigned i, uint32_t rate, uint32_t burst)
{
    meters[i % N_METERS].rate = rate;
    meters[i % N_METERS].burst = burst;
    meters[i % N_METERS].n_packets = 0;
}

uint64_t dp_meter_rate(unsigned i) { return meters[i % N_METERS].rate; }

void
dp_set_count(unsigned i, int32_t count)
{
    slots[i % N_SLOTS].kind = 0;
    slots[i % N_SLOTS].u.count = count;
}

void
dp_set_ports(unsigned i, uint16_t a, uint16_t b)
{
    slots[i % N_SLOTS].kind = 1;
    slots[i % N_SLOTS].u.ports[0] = a;
    slots[i % N_SLOTS].u.ports[1] = b;
}

int64_t dp_count(unsigned i) { return slots[i % N_SLOTS].u.count; }
void dp_hit(void) { n_hits++; meters[0].n_packets++; }
uint64_t dp_hits(void) { return n_hits; }
