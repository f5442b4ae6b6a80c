/* 028-code-ptr-ops, old: an ops table of pointers to static functions,
 * set at run time. */
struct dp_ops {
    long long (*rx)(long long);
    long long (*tx)(long long);
    long long (*idle)(long long);       /* Stays NULL. */
};

static long long rx_fast(long long x) { return x + 100; }
static long long rx_slow(long long x) { return x + 200; }
static long long tx_plain(long long x) { return x * 2; }
long long dp_default(long long x) { return -x; }

static struct dp_ops ops;
static long long (*fallback)(long long);

long long dp_version(void) { return 1; }
const void *dp_ops(void) { return &ops; }   /* Escapes: clang would split it. */

void dp_select(long long fast)
{
    ops.rx = fast ? rx_fast : rx_slow;
    ops.tx = tx_plain;
    fallback = dp_default;
}

long long dp_rx(long long x) { return ops.rx ? ops.rx(x) : -1; }
long long dp_tx(long long x) { return ops.tx ? ops.tx(x) : -1; }
long long dp_idle(long long x) { return ops.idle ? ops.idle(x) : -1; }
long long dp_fallback(long long x) { return fallback ? fallback(x) : -1; }
