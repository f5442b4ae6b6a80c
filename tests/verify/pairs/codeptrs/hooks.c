/* Hooks for codeptrs: port_ops[] points only into ops_table (static
 * data), whose layout changes, so each pointer is relocated. */
HOTUP_HOOK("dp.c:port_ops", mig_port_ops)
static int
mig_port_ops(struct hotup_mig_ctx *ctx, const void *src_, void *dst_)
{
    void *const *src = src_;
    void **dst = dst_;
    int err = 0;

    for (int i = 0; i < 4; i++) {
        dst[i] = hotup_mig_reloc_data(ctx, src[i], 24, &err);
    }
    return err;
}
