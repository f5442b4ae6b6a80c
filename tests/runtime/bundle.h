/* Helpers for the hand-written test bundles: what dwarfmap's generator
 * will write, spelled out by hand until it exists.  OLD and NEW are the
 * symbol-header prefixes (V1, V2) made by gen-syms.sh. */
#ifndef RT_BUNDLE_H
#define RT_BUNDLE_H 1

#include <stdint.h>
#include <string.h>

#include "hotup/migration.h"

#define RT_CAT3_(a, b, c) a##_##b##_##c
#define RT_CAT3(a, b, c) RT_CAT3_(a, b, c)
#define RT_ADDR(ver, name) RT_CAT3(ver, name, ADDR)
#define RT_SIZE(ver, name) RT_CAT3(ver, name, SIZE)

/* One entry for variable 'name', which has the same symbol name in both
 * builds; 'fn' and 'map' are the migrate and map_offset functions. */
#define RT_ENTRY(old_id, new_id, kind, flags, name, fn, map) \
    { old_id, new_id, kind, flags, \
      RT_ADDR(OLD, name), RT_SIZE(OLD, name), \
      RT_ADDR(NEW, name), RT_SIZE(NEW, name), fn, map, NULL, 0 }

/* A RELOCATE entry for variable 'id', a pointer to data of 'size' bytes
 * with one layout in both builds: the runtime copies and relocates it. */
#define RT_RELOC(id, flags, name, words) \
    { id, id, HOTUP_ENTRY_RELOCATE, (flags) | HOTUP_ENTRY_POINTERS, \
      RT_ADDR(OLD, name), RT_SIZE(OLD, name), \
      RT_ADDR(NEW, name), RT_SIZE(NEW, name), NULL, NULL, \
      words, sizeof words / sizeof words[0] }
#define RT_DATA_WORD(pointee_size) \
    { .off = 0, .count = 1, .kind = HOTUP_WORD_DATA, .size = (pointee_size) }

/* A pointer to data: relocated by the runtime. */
static inline int
rt_mig_data_ptr(struct hotup_mig_ctx *ctx, const void *src, void *dst,
                uint64_t pointee_size)
{
    const void *old;
    void *new;
    int err = HOTUP_MIG_OK;

    memcpy(&old, src, sizeof old);
    new = hotup_mig_reloc_data(ctx, old, pointee_size, &err);
    if (err) {
        return err;
    }
    memcpy(dst, &new, sizeof new);
    return HOTUP_MIG_OK;
}

/* A pointer to code: remapped by function identity. */
static inline int
rt_mig_code_ptr(struct hotup_mig_ctx *ctx, const void *src, void *dst)
{
    const void *old;
    void *new;
    int err = HOTUP_MIG_OK;

    memcpy(&old, src, sizeof old);
    new = hotup_mig_reloc_code(ctx, old, &err);
    if (err) {
        return err;
    }
    memcpy(dst, &new, sizeof new);
    return HOTUP_MIG_OK;
}

#endif
