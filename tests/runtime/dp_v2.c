/* Test datapath, version 2: see dp_v1.c.  Variables and functions move,
 * 'struct flow' changes layout and gains a member with an initializer that
 * the migration must keep, s_dropped is gone, and there is new state. */
#include <stddef.h>
#include <stdint.h>

static int s_new_only = 5;              /* New in v2: keeps its initializer. */
static __thread int t_new_only = 9;     /* Shifts dp_tls within PT_TLS. */

static struct flow {
    uint64_t n_packets;                 /* Widened from uint32_t, moved. */
    uint32_t tag;                       /* New: keeps 0xabc. */
    uint32_t hash;                      /* Moved. */
} s_flow = { .tag = 0xabc };

static const char msg_v2only[] = "only in v2";
static const char msg_common[] = "common message";

int dp_counter = 1000;                  /* Overwritten by the migration. */
static struct flow *s_flowp;
static uint64_t *s_pktp;
static uint32_t *s_hashp;
static int (*s_cb)(int);
static int s_table[4];
static int *s_cursor;
static const char *s_msg;

__thread int dp_tls = 70;
static __thread int *t_self;

static int
cb_triple(int x)
{
    return 3 * x;
}

static int
cb_square(int x)
{
    return x * x;
}

static int
cb_double(int x)
{
    return 2 * x;
}

int dp_init(void)
{
    s_cursor = &s_table[0];
    s_cb = cb_double;
    s_msg = msg_common;
    dp_counter = 1;
    return 0;
}

int dp_version(void) { return 2 + 0 * s_new_only + 0 * t_new_only; }
int dp_new_only(void) { return s_new_only; }
void dp_counter_add(int n) { dp_counter += n; }
int dp_counter_get(void) { return dp_counter; }

void dp_flow_set(uint32_t hash, uint64_t n)
{
    s_flow.hash = hash;
    s_flow.n_packets = n;
}
uint32_t dp_flow_hash(void) { return s_flow.hash; }
uint64_t dp_flow_packets(void) { return s_flow.n_packets; }
uint32_t dp_flow_tag(void) { return s_flow.tag; }

void dp_table_set(int i, int v) { s_table[i] = v; }
int dp_table_get(int i) { return s_table[i]; }
void dp_cursor_set(int i) { s_cursor = &s_table[i]; }
int dp_cursor_get(void) { return *s_cursor; }
int dp_cursor_index(void)
{
    return (s_cursor >= s_table && s_cursor < s_table + 4
            ? (int) (s_cursor - s_table) : -1);
}

void dp_cb_select(int which)
{
    s_cb = which == 2 ? cb_triple : which ? cb_square : cb_double;
}
int dp_cb_call(int x) { return s_cb(x); }
int dp_cb_is_own(void)
{
    return s_cb == cb_double || s_cb == cb_square || s_cb == cb_triple;
}

void dp_msg_select(int which) { s_msg = which ? msg_v2only : msg_common; }
const char *dp_msg(void) { return s_msg; }
int dp_msg_is_own(void) { return s_msg == msg_common || s_msg == msg_v2only; }

void dp_flowp_set(int on) { s_flowp = on ? &s_flow : NULL; }
int dp_flowp_is_own(void) { return s_flowp == &s_flow; }
void dp_hashp_set(int on) { s_hashp = on ? &s_flow.hash : NULL; }
int dp_hashp_is_own(void) { return s_hashp == &s_flow.hash; }
void dp_pktp_set(int on) { s_pktp = on ? &s_flow.n_packets : NULL; }
int dp_pktp_is_own(void) { return s_pktp == &s_flow.n_packets; }

void dp_tls_set(int v)
{
    dp_tls = v;
    t_self = &dp_tls;
}
int dp_tls_get(void) { return dp_tls; }
int dp_tls_self_ok(void) { return t_self == &dp_tls; }
/* For the fault test: a TLS pointer that v1 has no place for. */
void dp_tls_self_new_only(void) { t_self = &t_new_only; }
