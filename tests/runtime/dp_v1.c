/* Test datapath, version 1.  Every static is written through the API, so
 * that no build configuration folds it into a constant (pitfall A7).  The
 * hand-written bundles (bundle_v1_v2.c, bundle_v2_v1.c) describe how this
 * state maps onto dp_v2.c. */
#include <stddef.h>
#include <stdint.h>

int dp_counter;                         /* Global, exported: COPY. */

static struct flow {                    /* v2 widens, reorders, adds 'tag'. */
    uint32_t hash;
    uint32_t n_packets;
} s_flow;

static int s_table[4];                  /* Same in v2: COPY. */
static int *s_cursor;                   /* Points into s_table. */
static int (*s_cb)(int);                /* Points to cb_double or cb_square. */
static const char *s_msg;               /* Points into read-only data. */
static struct flow *s_flowp;            /* NULL or &s_flow (into a CONVERT
                                         * entry: through its map_offset). */
static uint32_t *s_hashp;               /* NULL or &s_flow.hash (a member
                                         * that moves in v2). */
static uint32_t *s_pktp;                /* NULL or &s_flow.n_packets (a
                                         * member whose type changes in v2:
                                         * cannot be relocated). */
static int s_dropped;                   /* Gone in v2: no entry. */

__thread int dp_tls = 7;                /* Thread-local: COPY. */
static __thread int *t_self;            /* NULL or &dp_tls. */

static const char msg_common[] = "common message";
static const char msg_v1only[] = "only in v1";

static int
cb_double(int x)
{
    return 2 * x;
}

static int
cb_square(int x)
{
    return x * x;
}

int dp_init(void)
{
    s_cursor = &s_table[0];
    s_cb = cb_double;
    s_msg = msg_common;
    dp_counter = 1;
    return 0;
}

int dp_version(void) { return 1; }
void dp_counter_add(int n) { dp_counter += n; }
int dp_counter_get(void) { return dp_counter; }

void dp_flow_set(uint32_t hash, uint64_t n)
{
    s_flow.hash = hash;
    s_flow.n_packets = (uint32_t) n;
}
uint32_t dp_flow_hash(void) { return s_flow.hash; }
uint64_t dp_flow_packets(void) { return s_flow.n_packets; }
uint32_t dp_flow_tag(void) { return 0; }

void dp_table_set(int i, int v) { s_table[i] = v; }
int dp_table_get(int i) { return s_table[i]; }
void dp_cursor_set(int i) { s_cursor = &s_table[i]; }
int dp_cursor_get(void) { return *s_cursor; }
int dp_cursor_index(void)
{
    return (s_cursor >= s_table && s_cursor < s_table + 4
            ? (int) (s_cursor - s_table) : -1);
}

void dp_cb_select(int which) { s_cb = which ? cb_square : cb_double; }
int dp_cb_call(int x) { return s_cb(x); }
int dp_cb_is_own(void) { return s_cb == cb_double || s_cb == cb_square; }

void dp_msg_select(int which) { s_msg = which ? msg_v1only : msg_common; }
const char *dp_msg(void) { return s_msg; }
int dp_msg_is_own(void) { return s_msg == msg_common || s_msg == msg_v1only; }

void dp_flowp_set(int on) { s_flowp = on ? &s_flow : NULL; }
int dp_flowp_is_own(void) { return s_flowp == &s_flow; }
void dp_hashp_set(int on) { s_hashp = on ? &s_flow.hash : NULL; }
int dp_hashp_is_own(void) { return s_hashp == &s_flow.hash; }
void dp_pktp_set(int on) { s_pktp = on ? &s_flow.n_packets : NULL; }
int dp_pktp_is_own(void) { return s_pktp == &s_flow.n_packets; }

void dp_dropped_set(int v) { s_dropped = v; }
int dp_dropped_get(void) { return s_dropped; }

void dp_tls_set(int v)
{
    dp_tls = v;
    t_self = &dp_tls;
}
int dp_tls_get(void) { return dp_tls; }
int dp_tls_self_ok(void) { return t_self == &dp_tls; }
