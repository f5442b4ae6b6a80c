/* Hand-written migration bundle dp_v2 -> dp_v1 (a test fixture; see
 * bundle_v1_v2.c).  It narrows s_flow.n_packets back to 32 bits and
 * refuses a value that does not fit (HOTUP_MIG_ERANGE); cb_triple has no
 * counterpart in v1, so a pointer to it cannot be relocated. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dp_v1_syms.h"
#include "dp_v2_syms.h"
#define OLD V2
#define NEW V1
#include "bundle.h"

struct old__flow {
    uint64_t n_packets;
    uint32_t tag;
    uint32_t hash;
};
_Static_assert(sizeof(struct old__flow) == V2_s_flow_SIZE, "layout drift");

struct new__flow {
    uint32_t hash;
    uint32_t n_packets;
};
_Static_assert(sizeof(struct new__flow) == V1_s_flow_SIZE, "layout drift");

static int
mig__s_flow(struct hotup_mig_ctx *ctx, const void *src_, void *dst_)
{
    struct old__flow src;
    struct new__flow dst;

    (void) ctx;
    memcpy(&src, src_, sizeof src);
    memcpy(&dst, dst_, sizeof dst);
    if (src.n_packets > UINT32_MAX) {
        return HOTUP_MIG_ERANGE;
    }
    dst.hash = src.hash;                        /* 12+4 -> 0+4 */
    dst.n_packets = (uint32_t) src.n_packets;   /* 0+8 -> 4+4 narrowed */
    /* dropped 'tag' 8+4 */
    memcpy(dst_, &dst, sizeof dst);
    return HOTUP_MIG_OK;
}

/* Pointers into s_flow: the whole struct and 'hash' have a place in v1;
 * 'n_packets' is narrowed and 'tag' is gone. */
static int
map__s_flow(uint64_t old_off, uint64_t size, uint64_t *new_off)
{
    if (old_off == 0 && size == sizeof(struct old__flow)) {
        *new_off = 0;
    } else if (old_off == offsetof(struct old__flow, hash) && size == 4) {
        *new_off = offsetof(struct new__flow, hash);
    } else {
        return HOTUP_MIG_ERELOC;
    }
    return HOTUP_MIG_OK;
}

static int
mig__s_cursor(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, sizeof(int));
}

static int
mig__s_msg(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, 1);
}

static int
mig__s_flowp(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, sizeof(struct old__flow));
}

static int
mig__s_hashp(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, sizeof(uint32_t));
}

static int
mig__s_pktp(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, sizeof(uint64_t));
}

static int
mig__t_self(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, sizeof(int));
}

static int
mig__s_cb(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_code_ptr(ctx, src, dst);
}

#define COPY HOTUP_ENTRY_COPY
#define CONV HOTUP_ENTRY_CONVERT
#define PTRS HOTUP_ENTRY_POINTERS
#define TLS HOTUP_ENTRY_TLS

/* Sorted by new_id.  v2's s_new_only and t_new_only have no counterpart:
 * dropped. */
static const struct hotup_entry entries[] = {
    RT_ENTRY("dp.c:s_cb", "dp.c:s_cb", CONV, PTRS, s_cb, mig__s_cb, NULL),
    RT_ENTRY("dp.c:s_cursor", "dp.c:s_cursor", CONV, PTRS, s_cursor,
             mig__s_cursor, NULL),
    RT_ENTRY("dp.c:s_flow", "dp.c:s_flow", CONV, 0, s_flow, mig__s_flow,
             map__s_flow),
    RT_ENTRY("dp.c:s_flowp", "dp.c:s_flowp", CONV, PTRS, s_flowp,
             mig__s_flowp, NULL),
    RT_ENTRY("dp.c:s_hashp", "dp.c:s_hashp", CONV, PTRS, s_hashp,
             mig__s_hashp, NULL),
    RT_ENTRY("dp.c:s_msg", "dp.c:s_msg", CONV, PTRS, s_msg, mig__s_msg,
             NULL),
    RT_ENTRY("dp.c:s_pktp", "dp.c:s_pktp", CONV, PTRS, s_pktp,
             mig__s_pktp, NULL),
    RT_ENTRY("dp.c:s_table", "dp.c:s_table", COPY, 0, s_table, NULL, NULL),
    RT_ENTRY("dp.c:t_self", "dp.c:t_self", CONV, TLS | PTRS, t_self,
             mig__t_self, NULL),
    RT_ENTRY("dp_counter", "dp_counter", COPY, 0, dp_counter, NULL, NULL),
    RT_ENTRY("dp_tls", "dp_tls", COPY, TLS, dp_tls, NULL, NULL),
};

/* Sorted by old_addr. */
static const struct hotup_func_map funcs[] = {
#if V2_cb_double_ADDR < V2_cb_square_ADDR
    { V2_cb_double_ADDR, V1_cb_double_ADDR },
    { V2_cb_square_ADDR, V1_cb_square_ADDR },
#else
    { V2_cb_square_ADDR, V1_cb_square_ADDR },
    { V2_cb_double_ADDR, V1_cb_double_ADDR },
#endif
};

/* Sorted by old_addr. */
static const struct hotup_rodata_map rodata[] = {
#if V2_msg_common_ADDR < V2_msg_v2only_ADDR
    { V2_msg_common_ADDR, V2_msg_common_SIZE, V1_msg_common_ADDR },
    { V2_msg_v2only_ADDR, V2_msg_v2only_SIZE, 0 },
#else
    { V2_msg_v2only_ADDR, V2_msg_v2only_SIZE, 0 },
    { V2_msg_common_ADDR, V2_msg_common_SIZE, V1_msg_common_ADDR },
#endif
};

const struct hotup_bundle hotup_bundle = {
    .abi = HOTUP_MIGRATION_ABI,
    .n_entries = sizeof entries / sizeof entries[0],
    .old_build_id = V2_BUILD_ID,
    .new_build_id = V1_BUILD_ID,
    .entries = entries,
    .n_funcs = sizeof funcs / sizeof funcs[0],
    .funcs = funcs,
    .n_rodata = sizeof rodata / sizeof rodata[0],
    .rodata = rodata,
};
