/* Hand-written migration bundle dp_v1 -> dp_v2 (a test fixture written as
 * hotup/migration.h says; dwarfmap will generate these).  Built several
 * times with one of these defined, to make a bad bundle:
 *
 *   RT_FAULT_OLD_BUILDID  made for another old build
 *   RT_FAULT_ABI          wrong ABI version
 *   RT_FAULT_NOSYM        exports no 'hotup_bundle'
 *   RT_FAULT_RANGE        an entry's old range lies outside old's segments
 *   RT_FAULT_WORD         a RELOCATE entry's word lies past its object
 *   RT_PROBE              s_cb's migration also probes the runtime's
 *                         relocation services and fails on a surprise */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dp_v1_syms.h"
#include "dp_v2_syms.h"
#define OLD V1
#define NEW V2
#include "bundle.h"

struct old__flow {
    uint32_t hash;
    uint32_t n_packets;
};
_Static_assert(sizeof(struct old__flow) == V1_s_flow_SIZE, "layout drift");

struct new__flow {
    uint64_t n_packets;
    uint32_t tag;
    uint32_t hash;
};
_Static_assert(sizeof(struct new__flow) == V2_s_flow_SIZE, "layout drift");

static int
mig__s_flow(struct hotup_mig_ctx *ctx, const void *src_, void *dst_)
{
    struct old__flow src;
    struct new__flow dst;

    (void) ctx;
    memcpy(&src, src_, sizeof src);
    memcpy(&dst, dst_, sizeof dst);
    dst.hash = src.hash;                        /* 0+4 -> 12+4 */
    dst.n_packets = src.n_packets;              /* 4+4 -> 0+8 widened */
    /* added 'tag' 8+4: keeps the new initializer */
    memcpy(dst_, &dst, sizeof dst);
    return HOTUP_MIG_OK;
}

/* Pointers into s_flow: the whole struct and 'hash' have a place in new;
 * 'n_packets' changed type, so a pointer to it cannot be kept. */
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
mig__s_pktp(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    return rt_mig_data_ptr(ctx, src, dst, sizeof(uint32_t));
}

#ifdef RT_PROBE
/* Checks one answer of the services; a surprise fails the migration. */
#define PROBE(expr, want, want_err)                                         \
    do {                                                                    \
        int err_ = 0;                                                       \
        uintptr_t got_ = (uintptr_t) (expr);                                \
        if (got_ != (uintptr_t) (want) || err_ != (want_err)) {             \
            fprintf(stderr, "probe %s: got %#lx err %d, want %#lx err %d\n",\
                    #expr, (unsigned long) got_, err_,                      \
                    (unsigned long) (uintptr_t) (want), (want_err));        \
            return HOTUP_MIG_EHOOK;                                         \
        }                                                                   \
    } while (0)

static int
rt_probe(struct hotup_mig_ctx *ctx, uintptr_t ob, uintptr_t nb)
{
    int local;
    const char *o_common = (const char *) (ob + V1_msg_common_ADDR);
    const char *o_only = (const char *) (ob + V1_msg_v1only_ADDR);

    /* Code. */
    PROBE(hotup_mig_reloc_code(ctx, (void *) (ob + V1_cb_square_ADDR),
                               &err_), nb + V2_cb_square_ADDR, 0);
    PROBE(hotup_mig_reloc_code(ctx, (void *) (ob + V1_cb_double_ADDR),
                               &err_), nb + V2_cb_double_ADDR, 0);
    PROBE(hotup_mig_reloc_code(ctx, (void *) (ob + V1_cb_square_ADDR + 1),
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_code(ctx, (void *) (ob + V1_dp_version_ADDR),
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_code(ctx, NULL, &err_), 0, 0);
    PROBE(hotup_mig_reloc_code(ctx, &local, &err_), &local, 0);
    PROBE(hotup_mig_reloc_code(ctx, (void *) (ob + V1_s_table_ADDR),
                               &err_), ob + V1_s_table_ADDR, 0);

    /* Data: COPY entries, CONVERT entries, RELOCATE ones, nothing,
     * outside. */
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_table_ADDR + 8), 4,
                               &err_), nb + V2_s_table_ADDR + 8, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_table_ADDR), 16,
                               &err_), nb + V2_s_table_ADDR, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_table_ADDR + 12), 8,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_dp_counter_ADDR), 0,
                               &err_), nb + V2_dp_counter_ADDR, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_flow_ADDR), 8,
                               &err_), nb + V2_s_flow_ADDR, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_flow_ADDR), 4,
                               &err_), nb + V2_s_flow_ADDR + 12, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_flow_ADDR + 4), 4,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_flow_ADDR + 4), 8,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_flowp_ADDR), 8,
                               &err_), 0, HOTUP_MIG_ERELOC);    /* No map. */
    /* RELOCATE entries: one layout, so any byte goes to the same byte. */
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_cursor_ADDR), 8,
                               &err_), nb + V2_s_cursor_ADDR, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_cursor_ADDR + 4), 4,
                               &err_), nb + V2_s_cursor_ADDR + 4, 0);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_cursor_ADDR + 4), 8,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_dropped_ADDR), 4,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, (void *) (ob + V1_cb_square_ADDR), 1,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, NULL, 4, &err_), 0, 0);
    PROBE(hotup_mig_reloc_data(ctx, &local, 4, &err_), &local, 0);

    /* Read-only data: mapped, not mapped (keep old), overrun. */
    PROBE(hotup_mig_reloc_data(ctx, o_common + 3, 1, &err_),
          nb + V2_msg_common_ADDR + 3, 0);
    PROBE(hotup_mig_reloc_data(ctx, o_common, V1_msg_common_SIZE, &err_),
          nb + V2_msg_common_ADDR, 0);
    PROBE(hotup_mig_reloc_data(ctx, o_common + 3, V1_msg_common_SIZE,
                               &err_), 0, HOTUP_MIG_ERELOC);
    PROBE(hotup_mig_reloc_data(ctx, o_only, 1, &err_), o_only, 0);

    /* Words of a union: anything that needs no relocation passes (old's
     * plain read-only data keeps old mapped); a word into old's data,
     * code or RELRO does not. */
#define WORD(w) (hotup_mig_check_word(ctx, (uintptr_t) (w), &err_), 0)
    PROBE(WORD(0), 0, 0);
    PROBE(WORD(&local), 0, 0);
    PROBE(WORD(0x123456789), 0, 0);
    PROBE(WORD(o_only), 0, 0);
    PROBE(WORD(ob + V1_s_table_ADDR + 4), 0, HOTUP_MIG_ERELOC);
    PROBE(WORD(ob + V1_cb_square_ADDR), 0, HOTUP_MIG_ERELOC);
#undef WORD

    /* *err is written only on failure. */
    {
        int err = 12345;

        hotup_mig_check_word(ctx, (uintptr_t) o_common, &err);
        if (err != 12345) {
            fprintf(stderr, "probe: *err written by a word that passes\n");
            return HOTUP_MIG_EHOOK;
        }

        hotup_mig_reloc_data(ctx, (void *) (ob + V1_s_table_ADDR), 4, &err);
        if (err != 12345) {
            fprintf(stderr, "probe: *err written on success\n");
            return HOTUP_MIG_EHOOK;
        }
    }
    return HOTUP_MIG_OK;
}
#endif

static int
mig__s_cb(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
#ifdef RT_PROBE
    int err = rt_probe(ctx, (uintptr_t) src - V1_s_cb_ADDR,
                       (uintptr_t) dst - V2_s_cb_ADDR);
    if (err) {
        return err;
    }
#endif
    return rt_mig_code_ptr(ctx, src, dst);
}

#define COPY HOTUP_ENTRY_COPY
#define CONV HOTUP_ENTRY_CONVERT
#define PTRS HOTUP_ENTRY_POINTERS
#define TLS HOTUP_ENTRY_TLS

/* Pointers that keep their layout: the runtime relocates them from these
 * tables (RELOCATE entries), as generated bundles do. */
static const struct hotup_word words_int[] = { RT_DATA_WORD(sizeof(int)) };
static const struct hotup_word words_u32[] = {
#ifdef RT_FAULT_WORD
    { .off = 4, .count = 1, .kind = HOTUP_WORD_DATA, .size = 4 },
#else
    RT_DATA_WORD(sizeof(uint32_t)),
#endif
};

/* Sorted by new_id. */
static const struct hotup_entry entries[] = {
    RT_ENTRY("dp.c:s_cb", "dp.c:s_cb", CONV, PTRS, s_cb, mig__s_cb, NULL),
    RT_RELOC("dp.c:s_cursor", 0, s_cursor, words_int),
    RT_ENTRY("dp.c:s_flow", "dp.c:s_flow", CONV, 0, s_flow, mig__s_flow,
             map__s_flow),
    RT_ENTRY("dp.c:s_flowp", "dp.c:s_flowp", CONV, PTRS, s_flowp,
             mig__s_flowp, NULL),
    RT_RELOC("dp.c:s_hashp", 0, s_hashp, words_u32),
    RT_ENTRY("dp.c:s_msg", "dp.c:s_msg", CONV, PTRS, s_msg, mig__s_msg,
             NULL),
    RT_ENTRY("dp.c:s_pktp", "dp.c:s_pktp", CONV, PTRS, s_pktp,
             mig__s_pktp, NULL),
#ifdef RT_FAULT_RANGE
    { "dp.c:s_table", "dp.c:s_table", COPY, 0,
      V1_s_table_ADDR + 0x100000, V1_s_table_SIZE,
      V2_s_table_ADDR, V2_s_table_SIZE, NULL, NULL, NULL, 0 },
#else
    RT_ENTRY("dp.c:s_table", "dp.c:s_table", COPY, 0, s_table, NULL, NULL),
#endif
    RT_RELOC("dp.c:t_self", TLS, t_self, words_int),
    RT_ENTRY("dp_counter", "dp_counter", COPY, 0, dp_counter, NULL, NULL),
    RT_ENTRY("dp_tls", "dp_tls", COPY, TLS, dp_tls, NULL, NULL),
};

/* Sorted by old_addr. */
static const struct hotup_func_map funcs[] = {
#if V1_cb_double_ADDR < V1_cb_square_ADDR
    { V1_cb_double_ADDR, V2_cb_double_ADDR },
    { V1_cb_square_ADDR, V2_cb_square_ADDR },
#else
    { V1_cb_square_ADDR, V2_cb_square_ADDR },
    { V1_cb_double_ADDR, V2_cb_double_ADDR },
#endif
};

/* Sorted by old_addr; "only in v1" has no copy in v2. */
static const struct hotup_rodata_map rodata[] = {
#if V1_msg_common_ADDR < V1_msg_v1only_ADDR
    { V1_msg_common_ADDR, V1_msg_common_SIZE, V2_msg_common_ADDR },
    { V1_msg_v1only_ADDR, V1_msg_v1only_SIZE, 0 },
#else
    { V1_msg_v1only_ADDR, V1_msg_v1only_SIZE, 0 },
    { V1_msg_common_ADDR, V1_msg_common_SIZE, V2_msg_common_ADDR },
#endif
};

#ifdef RT_FAULT_NOSYM
#define RT_BUNDLE_NAME not_a_hotup_bundle
#else
#define RT_BUNDLE_NAME hotup_bundle
#endif

const struct hotup_bundle RT_BUNDLE_NAME = {
#ifdef RT_FAULT_ABI
    .abi = HOTUP_MIGRATION_ABI + 1,
#else
    .abi = HOTUP_MIGRATION_ABI,
#endif
    .n_entries = sizeof entries / sizeof entries[0],
#ifdef RT_FAULT_OLD_BUILDID
    .old_build_id = "0123456789abcdef0123456789abcdef01234567",
#else
    .old_build_id = V1_BUILD_ID,
#endif
    .new_build_id = V2_BUILD_ID,
    .entries = entries,
    .n_funcs = sizeof funcs / sizeof funcs[0],
    .funcs = funcs,
    .n_rodata = sizeof rodata / sizeof rodata[0],
    .rodata = rodata,
};
