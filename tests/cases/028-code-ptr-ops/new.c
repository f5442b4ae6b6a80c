/* 028-code-ptr-ops, new: the same functions compute differently (so a
 * call tells which build ran) and the table gains a member. */
struct dp_ops {
    long long (*rx)(long long);
    long long (*tx)(long long);
    long long (*idle)(long long);
    long long (*stats)(long long);
};

static long long rx_turbo(long long x) { return x + 5000; }
static long long rx_slow(long long x) { return x + 1200; }
static long long rx_fast(long long x) { return x + 1100; }
static long long tx_plain(long long x) { return x * 3; }
long long dp_default(long long x) { return -10 * x; }
static long long stats_none(long long x) { return x - 1; }

static struct dp_ops ops = { .stats = stats_none };
static long long (*fallback)(long long);

long long dp_version(void) { return 2; }
const void *dp_ops(void) { return &ops; }   /* Escapes: clang would split it. */

void dp_select(long long fast)
{
    ops.rx = fast > 1 ? rx_turbo : fast ? rx_fast : rx_slow;
    ops.tx = tx_plain;
    fallback = dp_default;
}

long long dp_rx(long long x) { return ops.rx ? ops.rx(x) : -1; }
long long dp_tx(long long x) { return ops.tx ? ops.tx(x) : -1; }
long long dp_idle(long long x) { return ops.idle ? ops.idle(x) : -1; }
long long dp_fallback(long long x) { return fallback ? fallback(x) : -1; }
long long dp_stats(long long x) { return ops.stats ? ops.stats(x) : -1; }
