/* codeptrs, old: a table of operations (function pointers) that ports
 * point into, and a lone callback. */
struct ops {
    void (*rx)(int);
    int (*tx)(int);
    void (*idle)(int);
};

static int hits;

__attribute__((noinline)) static void rx_ring(int n) { hits += n; }
__attribute__((noinline)) static void rx_mirror(int n) { hits -= n; }
__attribute__((noinline)) static int tx_ring(int n) { return n + hits; }
__attribute__((noinline)) static int tx_drop(int n) { return n - hits; }
__attribute__((noinline)) static void idle_sleep(int n) { hits *= n; }
__attribute__((noinline)) void dp_poll(int n) { hits ^= n; }

static struct ops ops_table[2] = {
    { rx_ring, tx_ring, idle_sleep },
    { rx_mirror, tx_drop, dp_poll },
};
static struct ops *port_ops[4] = { &ops_table[0], &ops_table[1] };
static int (*callback)(int) = tx_ring;
static void (*idle_hook)(int) = idle_sleep;

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
