/* codeptrs, new: the table grows a member and moves 'idle'; the function
 * idle_sleep is gone (a pointer to it has no place: ERELOC); a function
 * is added. */
struct ops {
    int (*tx)(int);
    void (*rx)(int);
    long (*stats)(void);
    void (*idle)(int);
};

static long hits;

__attribute__((noinline)) static void rx_ring(int n) { hits += n; }
__attribute__((noinline)) static void rx_mirror(int n) { hits -= n; }
__attribute__((noinline)) static int tx_ring(int n) { return n + (int) hits; }
__attribute__((noinline)) static int tx_drop(int n) { return n - (int) hits; }
__attribute__((noinline)) static long stats(void) { return hits; }
__attribute__((noinline)) void dp_poll(int n) { hits ^= n; }

static struct ops ops_table[2] = {
    { tx_ring, rx_ring, stats, dp_poll },
    { tx_drop, rx_mirror, stats, dp_poll },
};
static struct ops *port_ops[4] = { &ops_table[0], &ops_table[1] };
static int (*callback)(int) = tx_ring;
static void (*idle_hook)(int) = dp_poll;

const void *
dp_keep(int i)
{
    switch (i) {
    case 0: return ops_table;
    case 1: return port_ops;
    case 2: return &callback;
    case 3: return &hits;
    default: return &idle_hook;
    }
}
