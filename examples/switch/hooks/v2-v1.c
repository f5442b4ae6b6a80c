/* Hooks for 'dwarfmap diff --hooks' from datapath v2 back to v1 (the
 * downgrade).  The same two variables as in v1-v2.c, the other way: see
 * there why dwarfmap needs them. */

/* A port: rings unchanged, the counter narrows (refused if it does not
 * fit: the downgrade then rolls back), ops relocated into v1's
 * dp_ops_table; v2's n_tx has no place in v1. */
HOTUP_HOOK_TYPE("struct dp_port", mig_dp_port)
/*@ requires \valid_read(src) && \valid(dst) && \separated(src, dst);
  @ assigns dst->rx, dst->tx, dst->n_rx, dst->ops;
  @ ensures \result == 0 ==> dst->rx == src->rx && dst->tx == src->tx;
  @ ensures \result == 0 ==> dst->n_rx == src->n_rx;
  @ ensures \result == 0 ==> dst->ops == hotup_reloc_data_l(
  @     ctx, src->ops, sizeof(struct old__dp_ops));
  @ ensures src->n_rx > UINT32_MAX ==> \result == HOTUP_MIG_ERANGE;
  @*/
static int
mig_dp_port(struct hotup_mig_ctx *ctx, const struct old__dp_port *src,
            struct new__dp_port *dst)
{
    int err = 0;

    if (src->n_rx > UINT32_MAX) {
        return HOTUP_MIG_ERANGE;
    }
    dst->rx = src->rx;
    dst->tx = src->tx;
    dst->n_rx = (uint32_t) src->n_rx;
    dst->ops = hotup_mig_reloc_data(ctx, src->ops,
                                    sizeof(struct old__dp_ops), &err);
    return err;
}

/* Each datapath thread's counter, in its thread-local block. */
HOTUP_HOOK("dp.c:pmd_packets", mig_pmd_packets)
/*@ requires \valid_read((void *const *) src_ + (0 .. 7));
  @ requires \valid((void **) dst_ + (0 .. 7));
  @ requires \separated((void *const *) src_ + (0 .. 7),
  @                     (void **) dst_ + (0 .. 7));
  @ assigns ((void **) dst_)[0 .. 7];
  @ ensures \forall integer k; 0 <= k < 8 ==>
  @     ((void **) dst_)[k]
  @         == hotup_reloc_data_l(ctx, ((void *const *) src_)[k], 8);
  @*/
static int
mig_pmd_packets(struct hotup_mig_ctx *ctx, const void *src_, void *dst_)
{
    void *const *src = src_;
    void **dst = dst_;
    int err = 0;

    /*@ loop invariant 0 <= i <= 8;
      @ loop invariant \forall integer k; 0 <= k < i ==>
      @     dst[k] == hotup_reloc_data_l(ctx, src[k], 8);
      @ loop assigns i, err, dst[0 .. 7];
      @ loop variant 8 - i; */
    for (int i = 0; i < 8; i++) {
        dst[i] = hotup_mig_reloc_data(ctx, src[i], 8, &err);
    }
    return err;
}

/* The action enum.  v2 inserted ACT_NONE (0) before v1's actions and added
 * ACT_METER.  dwarfmap maps enumerators by name, so ACT_NONE has nowhere
 * to go; but in v2 it only ever marks a free flow slot (the initializer and
 * dp_flow_del() leave it there, dp_flow_add() never stores it), whose
 * action v1 never reads: it becomes v1's first action.  A flow that meters
 * has no v1 equivalent: refused, and the downgrade rolls back. */
HOTUP_HOOK_TYPE("enum dp_action", mig_dp_action)
/* An enum is laid out as its integer type, and a packed member may sit at
 * any address: the value is read and written through a type of alignment
 * 1. */
typedef uint32_t dp_action_u32 __attribute__((aligned(1)));

/*@ requires \valid_read((const dp_action_u32 *) src);
  @ requires \valid((dp_action_u32 *) dst);
  @ requires \separated((const dp_action_u32 *) src, (dp_action_u32 *) dst);
  @ assigns *((dp_action_u32 *) dst);
  @ ensures *((const dp_action_u32 *) src) == 0
  @     ==> \result == 0 && *((dp_action_u32 *) dst) == 0;
  @ ensures 1 <= *((const dp_action_u32 *) src) <= 3
  @     ==> \result == 0 && *((dp_action_u32 *) dst)
  @                         == *((const dp_action_u32 *) src) - 1;
  @ ensures *((const dp_action_u32 *) src) > 3
  @     ==> \result == HOTUP_MIG_EENUM;
  @*/
static int
mig_dp_action(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    uint32_t v = *(const dp_action_u32 *) src;

    (void) ctx;
    switch (v) {
    case 0:                             /* ACT_NONE: a free slot. */
        *(dp_action_u32 *) dst = 0;     /* ACT_DROP */
        return 0;
    case 1: case 2: case 3:             /* ACT_DROP, ACT_FORWARD, ... */
        *(dp_action_u32 *) dst = v - 1;
        return 0;
    default:                            /* ACT_METER */
        return HOTUP_MIG_EENUM;
    }
}
