/* Hooks for 'dwarfmap diff --hooks' from datapath v1 to v2.
 *
 * dwarfmap cannot migrate two variables on its own: each holds pointers to
 * a type whose layout changes (struct dp_ops gains a member, the thread
 * counter widens), and a pointer to such a type may point into the heap,
 * where nothing would convert the pointee.  Here we know better: ports[].ops
 * points only into dp_ops_table (static data), and pmd_packets[i] only to
 * thread i's t_packets (thread-local data).  Both are migrated by
 * libhotup, so relocating each pointer is all there is to do. */

/* A port: the rings are in the host's heap (unchanged), the counter
 * widens, ops is relocated into v2's dp_ops_table; n_tx is new (0). */
HOTUP_HOOK_TYPE("struct dp_port", mig_dp_port)
/*@ requires \valid_read(src) && \valid(dst) && \separated(src, dst);
  @ assigns dst->rx, dst->tx, dst->n_rx, dst->ops;
  @ ensures dst->rx == src->rx && dst->tx == src->tx;
  @ ensures dst->n_rx == src->n_rx;
  @ ensures dst->ops == hotup_reloc_data_l(ctx, src->ops,
  @                                        sizeof(struct old__dp_ops));
  @*/
static int
mig_dp_port(struct hotup_mig_ctx *ctx, const struct old__dp_port *src,
            struct new__dp_port *dst)
{
    int err = 0;

    dst->rx = src->rx;
    dst->tx = src->tx;
    dst->n_rx = src->n_rx;
    dst->ops = hotup_mig_reloc_data(ctx, src->ops,
                                    sizeof(struct old__dp_ops), &err);
    return err;
}

/* Each datapath thread's counter, in its thread-local block: libhotup
 * relocates pointers from static data into every parked thread's TLS. */
HOTUP_HOOK("dp.c:pmd_packets", mig_pmd_packets)
/*@ requires \valid_read((void *const *) src_ + (0 .. 7));
  @ requires \valid((void **) dst_ + (0 .. 7));
  @ requires \separated((void *const *) src_ + (0 .. 7),
  @                     (void **) dst_ + (0 .. 7));
  @ assigns ((void **) dst_)[0 .. 7];
  @ ensures \forall integer k; 0 <= k < 8 ==>
  @     ((void **) dst_)[k]
  @         == hotup_reloc_data_l(ctx, ((void *const *) src_)[k], 4);
  @*/
static int
mig_pmd_packets(struct hotup_mig_ctx *ctx, const void *src_, void *dst_)
{
    void *const *src = src_;
    void **dst = dst_;
    int err = 0;

    /*@ loop invariant 0 <= i <= 8;
      @ loop invariant \forall integer k; 0 <= k < i ==>
      @     dst[k] == hotup_reloc_data_l(ctx, src[k], 4);
      @ loop assigns i, err, dst[0 .. 7];
      @ loop variant 8 - i; */
    for (int i = 0; i < 8; i++) {
        dst[i] = hotup_mig_reloc_data(ctx, src[i], 4, &err);
    }
    return err;
}
