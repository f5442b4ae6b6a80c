/* Hooks for 'dwarfmap diff --hooks' from v1 to v2 (hotup_add_migration's
 * HOOKS).  The slots' union widens: the DWARF does not say which member
 * is live, but 'kind' does.  Each hook carries an ACSL contract, which
 * 'dwarfmap prove' proves; a hook without one fails the gate. */

/* A slot: kind 0 holds a count (sign-extended), kind 1 two ports
 * (zero-extended); any other kind is refused (the upgrade rolls back). */
HOTUP_HOOK_TYPE("struct slot", mig_slot)
/*@ requires \valid_read(src) && \valid(dst) && \separated(src, dst);
  @ assigns dst->kind, dst->u.count, dst->u.ports[0 .. 1];
  @ ensures \result == 0 ==> dst->kind == src->kind;
  @ ensures \result == 0 && src->kind == 0 ==> dst->u.count == src->u.count;
  @ ensures \result == 0 && src->kind == 1 ==>
  @         dst->u.ports[0] == src->u.ports[0]
  @      && dst->u.ports[1] == src->u.ports[1];
  @ ensures src->kind == 0 || src->kind == 1 <==> \result == 0;
  @*/
static int
mig_slot(struct hotup_mig_ctx *ctx, const struct old__slot *src,
         struct new__slot *dst)
{
    (void) ctx;
    switch (src->kind) {
    case 0:
        dst->kind = 0;
        dst->u.count = src->u.count;
        return 0;
    case 1:
        dst->kind = 1;
        dst->u.ports[0] = src->u.ports[0];
        dst->u.ports[1] = src->u.ports[1];
        return 0;
    default:
        return HOTUP_MIG_EHOOK;
    }
}
