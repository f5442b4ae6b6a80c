/* Is the new build bound to the old one's symbols?  (Pitfalls E3, E4, E5,
 * 10.)
 *
 * If the old build is in the global scope (loaded RTLD_GLOBAL, or a
 * DT_NEEDED dependency of the host), a plain dlopen(new, RTLD_LOCAL) makes
 * new's code read and write OLD's exported variables and call OLD's
 * functions: migrating into new's own copies would then change nothing new
 * uses, and unloading old would leave new calling unmapped code.
 *
 * The check reads the new object's dynamic section in memory (never its
 * file): for every GLOB_DAT, JUMP_SLOT and absolute 64-bit relocation
 * against a symbol that new itself defines, the slot the loader filled
 * must point into new.  A slot pointing into old is refused; so is one
 * pointing anywhere else (a copy relocation in the executable, or another
 * object interposing), because new's code would then not use new's own
 * state either, for a variable (GLOB_DAT of an STT_OBJECT): a function
 * interposed by the host is interposed for old and new alike.  The live
 * build gets this second check too: if its own variable lives elsewhere
 * (the executable's copy, E5), its state is not where the bundle's
 * addresses say.  (Its absolute relocations are not looked at: they fill
 * .data, which its code may have rewritten since.) */
#include "private.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#if defined(__x86_64__)
#define HOTUP_R_GLOB_DAT R_X86_64_GLOB_DAT
#define HOTUP_R_JUMP_SLOT R_X86_64_JUMP_SLOT
#define HOTUP_R_ABS R_X86_64_64
#elif defined(__aarch64__)
#define HOTUP_R_GLOB_DAT R_AARCH64_GLOB_DAT
#define HOTUP_R_JUMP_SLOT R_AARCH64_JUMP_SLOT
#define HOTUP_R_ABS R_AARCH64_ABS64
#else
#error "libhotup supports x86-64 and AArch64"
#endif
_Static_assert(sizeof(void *) == 8, "ELF64 only");

/* The dynamic section as the checks need it. */
struct hotup_dyn__ {
    const ElfW(Rela) *rela;             /* DT_RELA, NULL if none. */
    size_t relasz, relaent;
    const ElfW(Rela) *jmprel;           /* DT_JMPREL, NULL if none. */
    size_t pltrelsz;
    ElfW(Sxword) pltrel;                /* DT_PLTREL: DT_RELA or DT_REL. */
    size_t relsz;                       /* DT_RELSZ: REL is not expected. */
    const ElfW(Sym) *symtab;
    size_t syment;
    const char *strtab;
    size_t strsz;
    size_t fini_arraysz;                /* DT_FINI_ARRAYSZ. */
};

/* glibc adds l_addr to the address-valued entries of a writable dynamic
 * section at load time, but not to a read-only one: accept either form,
 * as long as the result lies inside the object. */
static uintptr_t
hotup_dyn_addr__(const struct hotup_image__ *img, ElfW(Addr) ptr)
{
    if (hotup_image_contains__(img, ptr)) {
        return ptr;
    } else if (hotup_image_contains__(img, img->base + ptr)) {
        return img->base + ptr;
    }
    return 0;
}

static int
hotup_dyn_read__(struct hotup *up, const struct hotup_image__ *img,
                 struct hotup_dyn__ *d)
{
    memset(d, 0, sizeof *d);
    d->relaent = sizeof(ElfW(Rela));
    d->syment = sizeof(ElfW(Sym));

    for (const ElfW(Dyn) *dyn = img->dynamic; dyn->d_tag != DT_NULL; dyn++) {
        uintptr_t addr;

        switch (dyn->d_tag) {
        case DT_RELA:
        case DT_JMPREL:
        case DT_SYMTAB:
        case DT_STRTAB:
            addr = hotup_dyn_addr__(img, dyn->d_un.d_ptr);
            if (!addr) {
                return hotup_error__(up, -ENOEXEC, "%s: dynamic tag %#lx "
                                     "points outside the object", img->src,
                                     (unsigned long) dyn->d_tag);
            }
            if (dyn->d_tag == DT_RELA) {
                d->rela = (const ElfW(Rela) *) addr;
            } else if (dyn->d_tag == DT_JMPREL) {
                d->jmprel = (const ElfW(Rela) *) addr;
            } else if (dyn->d_tag == DT_SYMTAB) {
                d->symtab = (const ElfW(Sym) *) addr;
            } else {
                d->strtab = (const char *) addr;
            }
            break;
        case DT_RELASZ: d->relasz = dyn->d_un.d_val; break;
        case DT_RELAENT: d->relaent = dyn->d_un.d_val; break;
        case DT_PLTRELSZ: d->pltrelsz = dyn->d_un.d_val; break;
        case DT_PLTREL: d->pltrel = dyn->d_un.d_val; break;
        case DT_RELSZ: d->relsz = dyn->d_un.d_val; break;
        case DT_SYMENT: d->syment = dyn->d_un.d_val; break;
        case DT_STRSZ: d->strsz = dyn->d_un.d_val; break;
        case DT_FINI_ARRAYSZ: d->fini_arraysz = dyn->d_un.d_val; break;
        }
    }
    if (d->relsz || (d->jmprel && d->pltrel != DT_RELA)) {
        return hotup_error__(up, -ENOTSUP, "%s: REL relocations are not "
                             "supported on this architecture", img->src);
    }
    if (d->relaent != sizeof(ElfW(Rela)) || d->syment != sizeof(ElfW(Sym))) {
        return hotup_error__(up, -ENOEXEC, "%s: unexpected DT_RELAENT or "
                             "DT_SYMENT", img->src);
    }
    if ((d->rela || d->jmprel) && (!d->symtab || !d->strtab)) {
        return hotup_error__(up, -ENOEXEC, "%s: relocations without "
                             "DT_SYMTAB or DT_STRTAB", img->src);
    }
    return 0;
}

static const char *
hotup_sym_name__(const struct hotup_dyn__ *d, const ElfW(Sym) *sym)
{
    return d->strsz && sym->st_name >= d->strsz ? "?"
           : d->strtab + sym->st_name;
}

static bool
hotup_is_data__(const ElfW(Sym) *sym)
{
    int type = ELF64_ST_TYPE(sym->st_info);

    return type == STT_OBJECT || type == STT_COMMON;
}

/* Checks the slots of the relocations 'rela' of 'img' (new, or the live
 * build if 'old' is NULL). */
static int
hotup_check_relocs__(struct hotup *up, const struct hotup_image__ *old,
                     const struct hotup_image__ *img,
                     const struct hotup_dyn__ *d, const ElfW(Rela) *rela,
                     size_t size)
{
    size_t n = rela ? size / sizeof *rela : 0;

    for (size_t i = 0; i < n; i++) {
        const ElfW(Rela) *r = &rela[i];
        unsigned long type = ELF64_R_TYPE(r->r_info);
        unsigned long symi = ELF64_R_SYM(r->r_info);
        const ElfW(Sym) *sym;
        uintptr_t where, value;
        const char *kind;
        Dl_info info;

        if (type == HOTUP_R_GLOB_DAT) {
            kind = "GLOB_DAT";
        } else if (type == HOTUP_R_JUMP_SLOT) {
            kind = "JUMP_SLOT";
        } else if (type == HOTUP_R_ABS) {
            kind = "absolute";
        } else {
            continue;
        }
        if (!symi || (!old && type != HOTUP_R_GLOB_DAT)) {
            continue;
        }
        sym = (const ElfW(Sym) *) ((const char *) d->symtab
                                   + symi * d->syment);
        if (sym->st_shndx == SHN_UNDEF || sym->st_shndx == SHN_ABS
            || ELF64_ST_TYPE(sym->st_info) == STT_TLS) {
            continue;           /* Not defined here: nothing to compare. */
        }

        where = img->base + r->r_offset;
        if (!hotup_image_contains__(img, where)) {
            return hotup_error__(up, -ENOEXEC, "%s: relocation of '%s' "
                                 "outside the object", img->src,
                                 hotup_sym_name__(d, sym));
        }
        memcpy(&value, (const void *) where, sizeof value);
        if (type == HOTUP_R_ABS) {
            value -= r->r_addend;       /* The symbol, not symbol+addend. */
        }
        if (old && hotup_image_contains__(old, value)) {
            return hotup_error__(up, -EXDEV, "%s: bound to the live "
                                 "build's '%s' (%s slot into %s): use "
                                 "protected or hidden visibility, or "
                                 "-Bsymbolic; never load old RTLD_GLOBAL",
                                 img->src, hotup_sym_name__(d, sym), kind,
                                 hotup_basename__(old->src));
        }
        if (type == HOTUP_R_GLOB_DAT && hotup_is_data__(sym)
            && !hotup_image_contains__(img, value)) {
            const char *obj = dladdr((void *) value, &info) && info.dli_fname
                              && *info.dli_fname
                              ? hotup_basename__(info.dli_fname)
                              : "the executable";

            return hotup_error__(up, -EXDEV, "%s: its own '%s' resolves to "
                                 "%s (copy relocation or interposition): "
                                 "its code does not use its own state",
                                 img->src, hotup_sym_name__(d, sym), obj);
        }
    }
    return 0;
}

/* Refuses (-EXDEV) a live build whose own symbols resolve outside itself,
 * and a new build whose symbol slots point into the live build or
 * anywhere outside itself, naming the first such symbol. */
int
hotup_check_binding__(struct hotup *up, const struct hotup_image__ *old,
                      const struct hotup_image__ *new)
{
    const struct hotup_image__ *imgs[2] = { old, new };

    for (int i = 0; i < 2; i++) {
        struct hotup_dyn__ d;
        const struct hotup_image__ *other = i ? old : NULL;
        int err = hotup_dyn_read__(up, imgs[i], &d);

        if (!err) {
            err = hotup_check_relocs__(up, other, imgs[i], &d, d.rela,
                                       d.relasz);
        }
        if (!err) {
            err = hotup_check_relocs__(up, other, imgs[i], &d, d.jmprel,
                                       d.pltrelsz);
        }
        if (err) {
            return err;
        }
    }
    return 0;
}

/* True if relocations 'rela' import one of the functions that register
 * exit handlers. */
static bool
hotup_imports_exit__(const struct hotup_dyn__ *d, const ElfW(Rela) *rela,
                     size_t size)
{
    static const char *const names[] = { "__cxa_atexit", "atexit", "on_exit" };
    size_t n = rela ? size / sizeof *rela : 0;

    for (size_t i = 0; i < n; i++) {
        unsigned long symi = ELF64_R_SYM(rela[i].r_info);
        const ElfW(Sym) *sym;

        if (!symi) {
            continue;
        }
        sym = (const ElfW(Sym) *) ((const char *) d->symtab + symi * d->syment);
        for (size_t k = 0; sym->st_shndx == SHN_UNDEF
                           && k < sizeof names / sizeof *names; k++) {
            if (!strcmp(hotup_sym_name__(d, sym), names[k])) {
                return true;
            }
        }
    }
    return false;
}

bool
hotup_image_has_exit_code__(struct hotup *up, const struct hotup_image__ *img)
{
    struct hotup_dyn__ d;

    if (hotup_dyn_read__(up, img, &d)) {
        return true;                    /* Unknown: keep it mapped. */
    }
    /* The C runtime's own destructor (crtstuff's __do_global_dtors_aux)
     * is one entry of .fini_array: more are the object's destructors. */
    return d.fini_arraysz > sizeof(void (*)(void))
           || hotup_imports_exit__(&d, d.rela, d.relasz)
           || hotup_imports_exit__(&d, d.jmprel, d.pltrelsz);
}
