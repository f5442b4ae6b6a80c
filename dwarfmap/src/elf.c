/* The ELF side of the reader, and the only file that includes libelf:
 * header checks, allocated sections, segments, the GNU build-id, and the
 * data and function symbols of .symtab (or .dynsym when stripped). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#define DM_HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define DM_HOST_MACHINE EM_AARCH64
#else
#error "dwarfmap supports x86-64 and AArch64 hosts"
#endif

struct dm_segment__ {
    uint64_t vaddr, memsz;
};

struct dm_elf__ {
    int fd;
    Elf *elf;

    struct dm_section__ *sections;      /* SHF_ALLOC, sorted by address. */
    uint32_t n_sections, cap_sections;
    struct dm_segment__ *loads;         /* PT_LOAD. */
    uint32_t n_loads, cap_loads;
    struct dm_segment__ relro;          /* PT_GNU_RELRO, memsz 0 if none. */
    struct dm_segment__ tls;            /* PT_TLS, memsz 0 if none. */

    struct dm_symbol__ *syms;           /* Sorted by (kind, value). */
    uint32_t n_syms, cap_syms;
    bool has_dwarf;
    char bad_dwarf[160];                /* Why a DWARF section is refused. */
};

static int
dm_elf_fail__(char *errbuf, size_t errlen, const char *path, int err,
              const char *what)
{
    snprintf(errbuf, errlen, "%s: %s", path, what);
    return err;
}

static const char *
dm_machine_name__(unsigned machine)
{
    switch (machine) {
    case EM_386: return "i386";
    case EM_X86_64: return "x86-64";
    case EM_ARM: return "ARM";
    case EM_AARCH64: return "AArch64";
    case EM_PPC: return "PowerPC";
    case EM_PPC64: return "PowerPC64";
    case EM_RISCV: return "RISC-V";
    case EM_S390: return "S/390";
    case EM_MIPS: return "MIPS";
    default: return NULL;
    }
}

static int
dm_check_header__(struct dm_elf__ *e, const char *path, char *errbuf,
                  size_t errlen)
{
    GElf_Ehdr ehdr;
    char msg[160];

    if (elf_kind(e->elf) != ELF_K_ELF) {
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL, "not an ELF file");
    }
    if (!gelf_getehdr(e->elf, &ehdr)) {
        snprintf(msg, sizeof msg, "bad ELF header: %s", elf_errmsg(-1));
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL, msg);
    }
    if (ehdr.e_ident[EI_CLASS] != ELFCLASS64) {
        return dm_elf_fail__(errbuf, errlen, path, -ENOTSUP,
                             ehdr.e_ident[EI_CLASS] == ELFCLASS32
                             ? "32-bit ELF is not supported (64-bit only)"
                             : "bad ELF class");
    }
    if (ehdr.e_ident[EI_DATA] != ELFDATA2LSB) {
        return dm_elf_fail__(errbuf, errlen, path, -ENOTSUP,
                             "big-endian ELF is not supported");
    }
    if (ehdr.e_machine != DM_HOST_MACHINE) {
        const char *name = dm_machine_name__(ehdr.e_machine);
        snprintf(msg, sizeof msg, "ELF machine %s%s%u is not this host's "
                 "(%s)", name ? name : "", name ? " " : "#", ehdr.e_machine,
                 dm_machine_name__(DM_HOST_MACHINE));
        return dm_elf_fail__(errbuf, errlen, path, -ENOTSUP, msg);
    }
    if (ehdr.e_type == ET_REL) {
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL,
                             "relocatable object: link it into a shared "
                             "object or executable first");
    }
    if (ehdr.e_type != ET_DYN && ehdr.e_type != ET_EXEC) {
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL,
                             "not a shared object or executable");
    }
    return 0;
}

static int
dm_read_segments__(struct dm_elf__ *e, struct dm_graph *g)
{
    size_t n;

    if (elf_getphdrnum(e->elf, &n)) {
        return -EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;

        if (!gelf_getphdr(e->elf, i, &ph)) {
            return -EINVAL;
        }
        struct dm_segment__ seg = { ph.p_vaddr, ph.p_memsz };
        if (seg.vaddr + seg.memsz < seg.vaddr) {
            return -EINVAL;
        }
        if (ph.p_type == PT_LOAD) {
            struct dm_segment__ *s = dm_grow__(&e->loads, &e->n_loads,
                                               &e->cap_loads, sizeof *s);
            if (!s) {
                return -ENOMEM;
            }
            *s = seg;
        } else if (ph.p_type == PT_GNU_RELRO) {
            e->relro = seg;
        } else if (ph.p_type == PT_TLS) {
            e->tls = seg;
            g->tls_size = ph.p_memsz;
            g->tls_align = ph.p_align;
        }
    }
    return 0;
}

static int
dm_cmp_section__(const void *a_, const void *b_)
{
    const struct dm_section__ *a = a_, *b = b_;

    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static int
dm_cmp_symbol__(const void *a_, const void *b_)
{
    const struct dm_symbol__ *a = a_, *b = b_;

    if (a->kind != b->kind) {
        return (int) a->kind - (int) b->kind;
    }
    if (a->value != b->value) {
        return a->value < b->value ? -1 : 1;
    }
    if (a->local != b->local) {
        return a->local ? 1 : -1;               /* Globals first. */
    }
    return strcmp(a->name, b->name);
}

static void
dm_hex__(char *out, const unsigned char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
    }
}

static int
dm_read_build_id__(Elf_Scn *scn, const GElf_Shdr *sh, struct dm_graph *g)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    size_t off = 0, name_off, desc_off;
    GElf_Nhdr nh;

    if (!data || sh->sh_type != SHT_NOTE) {
        return 0;
    }
    while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off))) {
        if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4
            && !memcmp((char *) data->d_buf + name_off, "GNU", 4)
            && nh.n_descsz > 0 && nh.n_descsz <= 64) {
            char hex[129];
            dm_hex__(hex, (unsigned char *) data->d_buf + desc_off,
                     nh.n_descsz);
            g->build_id = dm_intern__(g, hex);
            return g->build_id ? 0 : -ENOMEM;
        }
    }
    return 0;
}

static int
dm_read_symbols__(struct dm_elf__ *e, struct dm_graph *g, Elf_Scn *scn,
                  const GElf_Shdr *sh)
{
    Elf_Data *data = elf_getdata(scn, NULL);

    if (!data || !sh->sh_entsize || data->d_size < sh->sh_size) {
        return 0;
    }
    size_t n = sh->sh_size / sh->sh_entsize;
    for (size_t i = 1; i < n; i++) {
        GElf_Sym sym;
        enum dm_symkind__ kind;

        if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF) {
            continue;
        }
        switch (GELF_ST_TYPE(sym.st_info)) {
        case STT_OBJECT: kind = DM_SYM_OBJECT; break;
        case STT_TLS: kind = DM_SYM_TLS; break;
        case STT_FUNC: kind = DM_SYM_FUNC; break;
        default: continue;
        }
        const char *name = elf_strptr(e->elf, sh->sh_link, sym.st_name);
        if (!name || !*name) {
            continue;
        }
        struct dm_symbol__ *s = dm_grow__(&e->syms, &e->n_syms, &e->cap_syms,
                                          sizeof *s);
        if (!s || !(s->name = dm_intern__(g, name))) {
            return -ENOMEM;
        }
        s->value = sym.st_value;
        s->size = sym.st_size;
        s->kind = kind;
        s->local = GELF_ST_BIND(sym.st_info) == STB_LOCAL;
    }
    return 0;
}

static bool
dm_is_dwarf_section__(const char *name)
{
    return !strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info");
}

/* Checks the unit headers of a DWARF 5 .debug_rnglists or .debug_loclists
 * section before libdwarf reads it: libdwarf 20210528 frees memory twice
 * (dwarf_load_rnglists) when a header's address size or offset count is
 * damaged.  Returns NULL, or why the section is refused. */
static const char *
dm_check_lists__(const unsigned char *p, uint64_t size, uint64_t *at)
{
    uint64_t off = 0;

    while (off < size) {
        uint64_t len, hdr = 4;
        uint32_t len32, count;

        *at = off;
        if (size - off < 4) {
            return "a unit length is cut off";
        }
        memcpy(&len32, p + off, 4);
        len = len32;
        if (len32 == 0xffffffffu) {
            if (size - off < 12) {
                return "a 64-bit unit length is cut off";
            }
            memcpy(&len, p + off + 4, 8);
            hdr = 12;
        } else if (len32 >= 0xfffffff0u) {
            return "a reserved unit length";
        }
        if (len < 8 || len > size - off - hdr) {
            return "a unit length past the end of the section";
        }
        const unsigned char *u = p + off + hdr;
        memcpy(&count, u + 4, 4);
        if ((u[0] | u[1] << 8) != 5 || (u[2] != 4 && u[2] != 8) || u[3]) {
            return "a unit header with a bad version, address or segment "
                   "selector size";
        }
        if ((uint64_t) count * (hdr == 4 ? 4 : 8) > len - 8) {
            return "an offset table past the end of its unit";
        }
        off += hdr + len;
    }
    return NULL;
}

/* Refuses (e->bad_dwarf, -EBADMSG) a section that dm_check_lists__()
 * refuses.  Compressed sections are left to libdwarf. */
static int
dm_check_dwarf_section__(struct dm_elf__ *e, Elf_Scn *scn,
                         const GElf_Shdr *sh, const char *name)
{
    Elf_Data *d;
    const char *why;
    uint64_t at = 0;

    if ((strcmp(name, ".debug_rnglists") && strcmp(name, ".debug_loclists"))
        || sh->sh_type == SHT_NOBITS || sh->sh_flags & SHF_COMPRESSED) {
        return 0;
    }
    if (!(d = elf_getdata(scn, NULL)) || (!d->d_buf && d->d_size)) {
        snprintf(e->bad_dwarf, sizeof e->bad_dwarf, "%s: unreadable", name);
        return -EBADMSG;
    }
    if ((why = dm_check_lists__(d->d_buf, d->d_size, &at))) {
        snprintf(e->bad_dwarf, sizeof e->bad_dwarf, "%s at offset 0x%llx: %s",
                 name, (unsigned long long) at, why);
        return -EBADMSG;
    }
    return 0;
}

static int
dm_read_sections__(struct dm_elf__ *e, struct dm_graph *g)
{
    size_t shstrndx;
    Elf_Scn *symtab = NULL, *dynsym = NULL;
    GElf_Shdr symtab_sh, dynsym_sh;

    if (elf_getshdrstrndx(e->elf, &shstrndx)) {
        return -EINVAL;
    }
    for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e->elf, scn)); ) {
        GElf_Shdr sh;
        const char *name;
        int err = 0;

        if (!gelf_getshdr(scn, &sh)
            || !(name = elf_strptr(e->elf, shstrndx, sh.sh_name))) {
            return -EINVAL;
        }
        e->has_dwarf |= dm_is_dwarf_section__(name);
        if ((err = dm_check_dwarf_section__(e, scn, &sh, name))) {
            return err;
        }
        if (sh.sh_type == SHT_SYMTAB) {
            symtab = scn;
            symtab_sh = sh;
        } else if (sh.sh_type == SHT_DYNSYM) {
            dynsym = scn;
            dynsym_sh = sh;
        } else if (sh.sh_type == SHT_NOTE && !g->build_id) {
            err = dm_read_build_id__(scn, &sh, g);
        }
        if (err) {
            return err;
        }
        if (sh.sh_flags & SHF_ALLOC && sh.sh_size) {
            struct dm_section__ *s = dm_grow__(&e->sections, &e->n_sections,
                                               &e->cap_sections, sizeof *s);
            if (!s || !(s->name = dm_intern__(g, name))) {
                return -ENOMEM;
            }
            s->addr = sh.sh_addr;
            s->size = sh.sh_size;
            s->writable = sh.sh_flags & SHF_WRITE;
            s->tls = sh.sh_flags & SHF_TLS;
        }
    }
    dm_sort__(e->sections, e->n_sections, sizeof *e->sections, dm_cmp_section__);

    int err = symtab ? dm_read_symbols__(e, g, symtab, &symtab_sh)
              : dynsym ? dm_read_symbols__(e, g, dynsym, &dynsym_sh) : 0;
    dm_sort__(e->syms, e->n_syms, sizeof *e->syms, dm_cmp_symbol__);
    return err;
}

/* elf_version() sets libelf's global state: once, for every thread. */
static pthread_once_t dm_elf_once__ = PTHREAD_ONCE_INIT;
static unsigned dm_elf_version__;

static void
dm_elf_init__(void)
{
    dm_elf_version__ = elf_version(EV_CURRENT);
}

int
dm_elf_open__(const char *path, struct dm_graph *g, struct dm_elf__ **ep,
              char *errbuf, size_t errlen)
{
    struct stat st;
    int err;

    *ep = NULL;
    pthread_once(&dm_elf_once__, dm_elf_init__);
    if (dm_elf_version__ == EV_NONE) {
        return dm_elf_fail__(errbuf, errlen, path, -ENOTSUP,
                             "libelf is out of date");
    }
    struct dm_elf__ *e = calloc(1, sizeof *e);
    if (!e) {
        return dm_elf_fail__(errbuf, errlen, path, -ENOMEM, "out of memory");
    }
    e->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (e->fd < 0) {
        err = -errno;
        free(e);
        return dm_elf_fail__(errbuf, errlen, path, err, strerror(-err));
    }
    *ep = e;
    if (fstat(e->fd, &st) || !S_ISREG(st.st_mode)) {
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL,
                             "not a regular file");
    }
    e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
    if (!e->elf) {
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL, "not an ELF file");
    }
    if ((err = dm_check_header__(e, path, errbuf, errlen))) {
        return err;
    }
    err = dm_read_segments__(e, g);
    if (!err) {
        err = dm_read_sections__(e, g);
    }
    if (err == -ENOMEM) {
        return dm_elf_fail__(errbuf, errlen, path, err, "out of memory");
    } else if (err == -EBADMSG) {
        char msg[200];
        snprintf(msg, sizeof msg, "damaged DWARF: %s", e->bad_dwarf);
        return dm_elf_fail__(errbuf, errlen, path, -EINVAL, msg);
    } else if (err) {
        char msg[160];
        snprintf(msg, sizeof msg, "damaged ELF headers: %s", elf_errmsg(-1));
        return dm_elf_fail__(errbuf, errlen, path, err, msg);
    }
    return 0;
}

int
dm_elf_check_debug_file__(const char *path, const char *build_id,
                          char *errbuf, size_t errlen)
{
    struct dm_graph *scratch = dm_graph_alloc__(path);
    struct dm_elf__ *e = NULL;
    int err;

    if (!scratch) {
        snprintf(errbuf, errlen, "%s: out of memory", path);
        return -ENOMEM;
    }
    err = dm_elf_open__(path, scratch, &e, errbuf, errlen);
    if (!err && build_id && (!scratch->build_id
                             || strcmp(scratch->build_id, build_id))) {
        snprintf(errbuf, errlen, "%s: debug file of another build (build-id "
                 "%s, the library's is %s)", path,
                 scratch->build_id ? scratch->build_id : "none", build_id);
        err = -ESTALE;
    }
    dm_elf_close__(e);
    dm_graph_destroy(scratch);
    return err;
}

void
dm_elf_close__(struct dm_elf__ *e)
{
    if (e) {
        if (e->elf) {
            elf_end(e->elf);
        }
        if (e->fd >= 0) {
            close(e->fd);
        }
        free(e->sections);
        free(e->loads);
        free(e->syms);
        free(e);
    }
}

bool
dm_elf_has_dwarf__(const struct dm_elf__ *e)
{
    return e->has_dwarf;
}

int
dm_elf_read_section__(const char *path, const char *name,
                      unsigned char **data, size_t *size, uint64_t *addr)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    Elf *elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
    size_t shstrndx;
    int err = -ENOENT;

    *data = NULL;
    *size = 0;
    if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
        err = -EINVAL;
    }
    for (Elf_Scn *scn = NULL; err == -ENOENT && (scn = elf_nextscn(elf, scn)); ) {
        GElf_Shdr sh;
        const char *sname;
        Elf_Data *d;

        if (!gelf_getshdr(scn, &sh)
            || !(sname = elf_strptr(elf, shstrndx, sh.sh_name))
            || strcmp(sname, name)) {
            continue;
        }
        err = -EINVAL;
        if ((sh.sh_flags & SHF_COMPRESSED && elf_compress(scn, 0, 0) < 0)
            || sh.sh_type == SHT_NOBITS || !(d = elf_getdata(scn, NULL))
            || !d->d_buf || !(*data = malloc(d->d_size ? d->d_size : 1))) {
            break;
        }
        memcpy(*data, d->d_buf, d->d_size);
        *size = d->d_size;
        if (addr) {
            *addr = sh.sh_addr;
        }
        err = 0;
    }
    if (elf) {
        elf_end(elf);
    }
    if (fd >= 0) {
        close(fd);
    }
    return err;
}

static bool
dm_within__(uint64_t addr, uint64_t size, uint64_t base, uint64_t len)
{
    return addr >= base && addr - base <= len && size <= len - (addr - base);
}

const struct dm_section__ *
dm_elf_section__(const struct dm_elf__ *e, uint64_t addr, uint64_t size)
{
    for (uint32_t i = 0; i < e->n_sections; i++) {
        const struct dm_section__ *s = &e->sections[i];

        if (!s->tls && dm_within__(addr, size, s->addr, s->size)
            && (size || addr < s->addr + s->size)) {
            return s;
        }
    }
    /* A zero-sized object may sit at the end of its section. */
    for (uint32_t i = 0; !size && i < e->n_sections; i++) {
        const struct dm_section__ *s = &e->sections[i];
        if (!s->tls && dm_within__(addr, 0, s->addr, s->size)) {
            return s;
        }
    }
    return NULL;
}

const struct dm_section__ *
dm_elf_tls_section__(const struct dm_elf__ *e, uint64_t offset, uint64_t size)
{
    uint64_t addr = e->tls.vaddr + offset;

    for (uint32_t i = 0; i < e->n_sections; i++) {
        const struct dm_section__ *s = &e->sections[i];

        if (s->tls && dm_within__(addr, size, s->addr, s->size)) {
            return s;
        }
    }
    return NULL;
}

bool
dm_elf_in_load__(const struct dm_elf__ *e, uint64_t addr, uint64_t size)
{
    for (uint32_t i = 0; i < e->n_loads; i++) {
        if (dm_within__(addr, size, e->loads[i].vaddr, e->loads[i].memsz)) {
            return true;
        }
    }
    return false;
}

bool
dm_elf_in_relro__(const struct dm_elf__ *e, uint64_t addr, uint64_t size)
{
    return e->relro.memsz
           && dm_within__(addr, size, e->relro.vaddr, e->relro.memsz);
}

uint64_t
dm_elf_tls_vaddr__(const struct dm_elf__ *e)
{
    return e->tls.vaddr;
}

const struct dm_symbol__ *
dm_elf_data_symbol__(const struct dm_elf__ *e, uint64_t value, bool tls,
                     uint64_t size, const char *name)
{
    enum dm_symkind__ kind = tls ? DM_SYM_TLS : DM_SYM_OBJECT;
    uint32_t lo = 0, hi = e->n_syms;

    while (lo < hi) {                   /* First symbol >= (kind, value). */
        uint32_t mid = lo + (hi - lo) / 2;
        const struct dm_symbol__ *s = &e->syms[mid];

        if (s->kind < kind || (s->kind == kind && s->value < value)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    const struct dm_symbol__ *best = NULL;
    for (uint32_t i = lo; i < e->n_syms; i++) {
        const struct dm_symbol__ *s = &e->syms[i];

        if (s->kind != kind || s->value != value) {
            break;
        }
        if (!best || (best->name != name
                      && (s->name == name
                          || (best->size != size && s->size == size)))) {
            best = s;
        }
    }
    return best;
}

bool
dm_elf_has_func_symbol__(const struct dm_elf__ *e, uint64_t addr,
                         const char *name)
{
    uint32_t lo = 0, hi = e->n_syms;

    while (lo < hi) {                   /* First symbol >= (FUNC, addr). */
        uint32_t mid = lo + (hi - lo) / 2;
        const struct dm_symbol__ *s = &e->syms[mid];

        if (s->kind < DM_SYM_FUNC || (s->kind == DM_SYM_FUNC && s->value < addr)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (; lo < e->n_syms && e->syms[lo].kind == DM_SYM_FUNC
           && e->syms[lo].value == addr; lo++) {
        if (!strcmp(e->syms[lo].name, name)) {
            return true;
        }
    }
    return false;
}

/* The data symbol named 'name' (interned in the graph: compared by
 * pointer), or NULL; the first by address if there are several. */
const struct dm_symbol__ *
dm_elf_symbol_named__(const struct dm_elf__ *e, const char *name)
{
    for (uint32_t i = 0; i < e->n_syms; i++) {
        if (e->syms[i].name == name && e->syms[i].kind != DM_SYM_FUNC) {
            return &e->syms[i];
        }
    }
    return NULL;
}

void
dm_elf_for_each_state_symbol__(const struct dm_elf__ *e,
                               void (*cb)(const struct dm_symbol__ *, void *),
                               void *aux)
{
    for (uint32_t i = 0; i < e->n_syms; i++) {
        const struct dm_symbol__ *s = &e->syms[i];
        const struct dm_section__ *sec;

        if ((s->kind == DM_SYM_TLS
             || (s->kind == DM_SYM_OBJECT
                 && (sec = dm_elf_section__(e, s->value, s->size))
                 && sec->writable
                 && !dm_elf_in_relro__(e, s->value, s->size)))
            && strncmp(s->name, "completed.", 10)
            && strcmp(s->name, "__dso_handle")
            && strcmp(s->name, "__TMC_END__")) {
            cb(s, aux);
        }
    }
}
