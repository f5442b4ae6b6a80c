/* corrupt: a small, deterministic ELF/DWARF corrupter for the bad-input tests.
 *
 *   corrupt IN OUT MODE SECTION SEED
 *
 * Copies IN to OUT with one kind of damage.  SECTION is an ELF section name
 * (".debug_info") or a pseudo-section: "@file" (or "-", the whole file),
 * "@ehdr", "@phdr", "@shdr" (the ELF header, program and section header
 * tables).  SEED drives a private xorshift64* generator, so the same
 * arguments always give the same bytes.  For the header modes SEED is the
 * value written (decimal or 0x hex).  Modes:
 *
 *   truncate        cut the file at a seeded offset inside SECTION
 *   truncate-frac   cut the file at SEED/1000 of its size (SECTION ignored)
 *   overwrite[:N]   overwrite N bytes (default: seeded, 1..16) at a seeded
 *                   offset inside SECTION with seeded random bytes
 *   flip[:N]        flip N seeded bits (default: seeded, 1..8) in SECTION
 *   fill-ff         set every byte of SECTION to 0xff
 *   zero            set every byte of SECTION to 0
 *   unit-length     rewrite the initial length of a seeded unit of SECTION
 *                   (.debug_info, .debug_line, .debug_str_offsets, ...):
 *                   reserved, 64-bit escape, huge, past the end, 0, short
 *   unit-field      damage one field of a seeded .debug_info unit header:
 *                   version, unit_type, address_size or debug_abbrev_offset
 *   ehdr            set ELF header field SECTION to SEED; fields: magic,
 *                   class, data, version, osabi, type, machine, eversion,
 *                   entry, phoff, shoff, flags, ehsize, phentsize, phnum,
 *                   shentsize, shnum, shstrndx
 *   shdr:FIELD      set FIELD of SECTION's header to SEED; fields: name,
 *                   type, flags, addr, offset, size, link, info, addralign,
 *                   entsize
 *   ehdr-rand       a seeded ELF header field gets a seeded nasty value
 *   shdr-rand       a seeded field of SECTION's header gets a nasty value
 *   die-ref         a seeded reference attribute of a seeded DIE (SECTION:
 *                   .debug_info) points at itself, the unit header, the
 *                   middle of a DIE, past the unit, ...
 *   die-cycle       two DW_AT_type references point at each other's DIE
 *                   (or one at its own DIE): a type loop
 *   die-value       a size, bound, count, offset, bit size, line, file or
 *                   encoding attribute gets a nasty value of the same width
 *   die-expr        a location or member-location expression is replaced by
 *                   a crafted one (loops, pieces, TLS ops on empty stacks,
 *                   ...) or random bytes of the same length
 *   abbrev-form     in an abbreviation some DIE uses, one attribute's form
 *                   becomes another (of the same size, when there is one)
 *   abbrev-attr     ... one attribute's code becomes another
 *   abbrev-tag      ... the tag becomes another
 *   abbrev-children ... the has-children flag flips
 *   random          ignore IN, write 1..8192 seeded random bytes
 *   elf-random      keep IN's ELF header, replace everything after it by
 *                   seeded random bytes (same size)
 *
 * Prints one line saying what it did.  Exit status: 0 done, 3 SECTION is not
 * in IN (or has no bytes in the file, or the mode does not apply to it),
 * 1 anything else. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_NOSECTION 3

static const char *prog = "corrupt";

static void die(int status, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(status);
}

/* ---- PRNG: splitmix64 to seed, xorshift64* to draw ---------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    rng_state = z ? z : 0x2545f4914f6cdd1dull;
}

static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* Uniform enough in [0, n); n > 0. */
static uint64_t rng_below(uint64_t n)
{
    return (rng_next() >> 11) % n;
}

/* ---- the file ----------------------------------------------------------- */

static unsigned char *buf;          /* The output image. */
static size_t buf_len;              /* Its length (truncation shrinks it). */
static size_t in_len;               /* IN's length. */
static bool big_endian;
static bool elf64;

static void read_input(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die(1, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16;
    buf = malloc(cap);
    if (!buf)
        die(1, "out of memory");
    size_t n;
    while ((n = fread(buf + buf_len, 1, cap - buf_len, f)) > 0) {
        buf_len += n;
        if (buf_len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                die(1, "out of memory");
        }
    }
    if (ferror(f))
        die(1, "%s: read error", path);
    fclose(f);
    in_len = buf_len;
}

static void write_output(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die(1, "%s: %s", path, strerror(errno));
    if (buf_len && fwrite(buf, 1, buf_len, f) != buf_len)
        die(1, "%s: write error", path);
    if (fclose(f) != 0)
        die(1, "%s: %s", path, strerror(errno));
}

static uint64_t get_u(size_t off, unsigned size)
{
    uint64_t v = 0;
    if (off + size > buf_len)
        die(1, "read of %u bytes at 0x%zx is past the end", size, off);
    for (unsigned i = 0; i < size; i++) {
        unsigned b = big_endian ? i : size - 1 - i;
        v = (v << 8) | buf[off + b];
    }
    return v;
}

static void put_u(size_t off, unsigned size, uint64_t v)
{
    if (off + size > buf_len)
        die(1, "write of %u bytes at 0x%zx is past the end", size, off);
    for (unsigned i = 0; i < size; i++) {
        unsigned b = big_endian ? size - 1 - i : i;
        buf[off + b] = (unsigned char)(v >> (8 * i));
    }
}

/* ---- sections ----------------------------------------------------------- */

struct region {
    const char *name;
    size_t start, len;              /* File bytes. */
    size_t shdr_off;                /* Its section header, 0 if pseudo. */
};

static uint64_t e_shoff, e_phoff;
static unsigned e_shentsize, e_phentsize, e_phnum, e_ehsize;
static size_t e_shnum;

static void parse_ident(void)
{
    if (buf_len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG) != 0)
        die(1, "input is not an ELF file");
    elf64 = buf[EI_CLASS] == ELFCLASS64;
    big_endian = buf[EI_DATA] == ELFDATA2MSB;
}

/* Finds SECTION with libelf; fills *r.  Returns false if it is not there. */
static bool find_region(const char *path, const char *section, struct region *r)
{
    memset(r, 0, sizeof *r);
    r->name = section;
    if (strcmp(section, "-") == 0 || strcmp(section, "@file") == 0) {
        r->start = 0;
        r->len = buf_len;
        return true;
    }

    if (elf_version(EV_CURRENT) == EV_NONE)
        die(1, "libelf: %s", elf_errmsg(-1));
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        die(1, "%s: %s", path, strerror(errno));
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF)
        die(1, "%s: not an ELF file (%s)", path, elf_errmsg(-1));
    GElf_Ehdr eh;
    if (!gelf_getehdr(elf, &eh))
        die(1, "%s: %s", path, elf_errmsg(-1));
    e_shoff = eh.e_shoff;
    e_phoff = eh.e_phoff;
    e_shentsize = eh.e_shentsize;
    e_phentsize = eh.e_phentsize;
    e_ehsize = eh.e_ehsize;
    size_t phnum = 0, shnum = 0, shstrndx = 0;
    if (elf_getphdrnum(elf, &phnum) != 0)
        phnum = 0;
    if (elf_getshdrnum(elf, &shnum) != 0)
        die(1, "%s: %s", path, elf_errmsg(-1));
    if (elf_getshdrstrndx(elf, &shstrndx) != 0)
        die(1, "%s: %s", path, elf_errmsg(-1));
    e_phnum = (unsigned)phnum;
    e_shnum = shnum;

    bool found = false;
    if (strcmp(section, "@ehdr") == 0) {
        r->start = 0;
        r->len = e_ehsize;
        found = true;
    } else if (strcmp(section, "@phdr") == 0) {
        r->start = e_phoff;
        r->len = (size_t)e_phnum * e_phentsize;
        found = phnum > 0;
    } else if (strcmp(section, "@shdr") == 0) {
        r->start = e_shoff;
        r->len = e_shnum * e_shentsize;
        found = shnum > 0;
    } else {
        Elf_Scn *scn = NULL;
        while ((scn = elf_nextscn(elf, scn)) != NULL) {
            GElf_Shdr sh;
            if (!gelf_getshdr(scn, &sh))
                continue;
            const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
            if (!name || strcmp(name, section) != 0)
                continue;
            r->start = sh.sh_offset;
            r->len = sh.sh_type == SHT_NOBITS ? 0 : sh.sh_size;
            r->shdr_off = e_shoff + elf_ndxscn(scn) * (size_t)e_shentsize;
            found = true;
            break;
        }
    }
    elf_end(elf);
    close(fd);
    if (found && r->start + r->len > buf_len)
        die(1, "%s: %s [0x%zx, +0x%zx) is past the end of the file", path,
            section, r->start, r->len);
    return found;
}

/* ---- DWARF units -------------------------------------------------------- */

#define MAX_UNITS 4096

struct unit {
    size_t off;                     /* Of the initial length, section-relative. */
    size_t len;                     /* Whole unit, initial length included. */
    bool dwarf64;
};

static size_t walk_units(const struct region *r, struct unit *u)
{
    size_t n = 0, off = 0;
    while (n < MAX_UNITS && off + 4 <= r->len) {
        uint64_t l = get_u(r->start + off, 4);
        size_t hdr = 4;
        bool d64 = false;
        if (l == 0xffffffffu) {
            if (off + 12 > r->len)
                break;
            l = get_u(r->start + off + 4, 8);
            hdr = 12;
            d64 = true;
        } else if (l >= 0xfffffff0u) {
            break;
        }
        if (l > r->len - off - hdr)
            break;
        u[n].off = off;
        u[n].len = hdr + (size_t)l;
        u[n].dwarf64 = d64;
        n++;
        off += hdr + (size_t)l;
    }
    return n;
}

/* ---- modes -------------------------------------------------------------- */

static char what[512];

static void need_bytes(const struct region *r)
{
    if (r->len == 0) {
        printf("corrupt: %s has no bytes in the file\n", r->name);
        exit(EXIT_NOSECTION);
    }
}

static void do_truncate(const struct region *r)
{
    need_bytes(r);
    size_t at = r->start + (size_t)rng_below(r->len);
    buf_len = at;
    snprintf(what, sizeof what, "truncated at 0x%zx (%s+0x%zx), was 0x%zx bytes",
             at, r->name, at - r->start, in_len);
}

static void do_overwrite(const struct region *r, long n_arg)
{
    need_bytes(r);
    size_t n = n_arg > 0 ? (size_t)n_arg : 1 + (size_t)rng_below(16);
    if (n > r->len)
        n = r->len;
    size_t at = r->start + (size_t)rng_below(r->len - n + 1);
    for (size_t i = 0; i < n; i++)
        buf[at + i] = (unsigned char)rng_next();
    snprintf(what, sizeof what, "overwrote %zu bytes at 0x%zx (%s+0x%zx)", n, at,
             r->name, at - r->start);
}

static void do_flip(const struct region *r, long n_arg)
{
    need_bytes(r);
    size_t n = n_arg > 0 ? (size_t)n_arg : 1 + (size_t)rng_below(8);
    int len = snprintf(what, sizeof what, "flipped %zu bits in %s at", n, r->name);
    for (size_t i = 0; i < n; i++) {
        uint64_t bit = rng_below((uint64_t)r->len * 8);
        size_t at = r->start + (size_t)(bit / 8);
        buf[at] ^= (unsigned char)(1u << (bit % 8));
        if (len > 0 && (size_t)len < sizeof what)
            len += snprintf(what + len, sizeof what - (size_t)len, " 0x%zx.%u", at,
                            (unsigned)(bit % 8));
    }
}

static void do_fill(const struct region *r, unsigned char byte)
{
    need_bytes(r);
    memset(buf + r->start, byte, r->len);
    snprintf(what, sizeof what, "set all 0x%zx bytes of %s (at 0x%zx) to 0x%02x", r->len,
             r->name, r->start, byte);
}

static void do_unit_length(const struct region *r)
{
    static struct unit units[MAX_UNITS];
    need_bytes(r);
    size_t n = walk_units(r, units);
    if (n == 0) {
        printf("corrupt: %s has no well-formed unit\n", r->name);
        exit(EXIT_NOSECTION);
    }
    size_t k = (size_t)rng_below(n);
    const struct unit *u = &units[k];
    size_t at = r->start + u->off;
    uint64_t rest = r->len - u->off;   /* Bytes from the length to the end. */
    uint64_t body = u->len - (u->dwarf64 ? 12 : 4);
    uint64_t v;
    const char *how;
    switch (rng_below(8)) {
    case 0: v = 0xfffffff0u; how = "reserved 0xfffffff0"; break;
    case 1: v = 0xfffffffeu; how = "reserved 0xfffffffe"; break;
    case 2: v = 0xffffffffu; how = "64-bit escape over a 32-bit unit"; break;
    case 3: v = 0x7fffffffu; how = "huge"; break;
    case 4: v = rest - 4 + 1; how = "one byte past the section end"; break;
    case 5: v = 0; how = "empty"; break;
    case 6: v = body / 2; how = "half the unit"; break;
    default: v = body + 1 + rng_below(64); how = "slightly too long"; break;
    }
    if (u->dwarf64) {
        put_u(at + 4, 8, v == 0xffffffffu ? UINT64_MAX - 3 : v);
    } else {
        put_u(at, 4, v);
    }
    snprintf(what, sizeof what,
             "%s unit %zu of %zu (at 0x%zx, %s+0x%zx): length 0x%" PRIx64 " -> 0x%" PRIx64
             " (%s)", r->name, k, n, at, r->name, u->off, body, v, how);
}

static void do_unit_field(const char *path, const struct region *r)
{
    static struct unit units[MAX_UNITS];
    need_bytes(r);
    size_t n = walk_units(r, units);
    if (n == 0) {
        printf("corrupt: %s has no well-formed unit\n", r->name);
        exit(EXIT_NOSECTION);
    }
    struct region abbrev;
    uint64_t abbrev_len = find_region(path, ".debug_abbrev", &abbrev) ? abbrev.len : 0;

    size_t k = (size_t)rng_below(n);
    const struct unit *u = &units[k];
    size_t at = r->start + u->off + (u->dwarf64 ? 12 : 4);
    unsigned osz = u->dwarf64 ? 8 : 4;
    unsigned version = (unsigned)get_u(at, 2);
    size_t f_type = 0, f_asize, f_abbrev;
    if (version >= 5) {
        f_type = at + 2;
        f_asize = at + 3;
        f_abbrev = at + 4;
    } else {
        f_abbrev = at + 2;
        f_asize = at + 2 + osz;
    }
    static const uint64_t versions[] = { 0, 1, 3, 4, 5, 6, 0xffff };
    static const uint64_t types[] = { 0, 2, 3, 4, 5, 6, 0x80, 0xff };
    static const uint64_t asizes[] = { 0, 1, 2, 3, 4, 16, 255 };
    const char *field;
    size_t foff;
    unsigned fsz;
    uint64_t v;
    switch (rng_below(version >= 5 ? 4 : 3)) {
    case 0:
        field = "version", foff = at, fsz = 2;
        v = versions[rng_below(sizeof versions / sizeof versions[0])];
        break;
    case 1:
        field = "address_size", foff = f_asize, fsz = 1;
        v = asizes[rng_below(sizeof asizes / sizeof asizes[0])];
        break;
    case 2:
        field = "debug_abbrev_offset", foff = f_abbrev, fsz = osz;
        switch (rng_below(4)) {
        case 0: v = u->dwarf64 ? UINT64_MAX - 15 : 0xfffffff0u; break;
        case 1: v = abbrev_len; break;
        case 2: v = abbrev_len ? abbrev_len - 1 : 1; break;
        default: v = abbrev_len ? rng_below(abbrev_len) : 7; break;
        }
        break;
    default:
        field = "unit_type", foff = f_type, fsz = 1;
        v = types[rng_below(sizeof types / sizeof types[0])];
        break;
    }
    uint64_t old = get_u(foff, fsz);
    put_u(foff, fsz, v);
    snprintf(what, sizeof what,
             "%s unit %zu of %zu (v%u): %s at 0x%zx 0x%" PRIx64 " -> 0x%" PRIx64, r->name, k, n,
             version, field, foff, old, v);
}

/* ---- DIEs: a minimal DWARF 2-5 .debug_info walker ------------------------
 * Enough to find where each attribute of each DIE lives in the file, and the
 * abbreviation that describes it, so that the die-* and abbrev-* modes can
 * damage the structure (a reference, a size, an expression, a form) rather
 * than random bytes.  It reads only IN, which is well-formed. */

enum {
    F_addr = 0x01, F_block2 = 0x03, F_block4 = 0x04, F_data2 = 0x05, F_data4 = 0x06,
    F_data8 = 0x07, F_string = 0x08, F_block = 0x09, F_block1 = 0x0a, F_data1 = 0x0b,
    F_flag = 0x0c, F_sdata = 0x0d, F_strp = 0x0e, F_udata = 0x0f, F_ref_addr = 0x10,
    F_ref1 = 0x11, F_ref2 = 0x12, F_ref4 = 0x13, F_ref8 = 0x14, F_ref_udata = 0x15,
    F_indirect = 0x16, F_sec_offset = 0x17, F_exprloc = 0x18, F_flag_present = 0x19,
    F_strx = 0x1a, F_addrx = 0x1b, F_ref_sup4 = 0x1c, F_strp_sup = 0x1d, F_data16 = 0x1e,
    F_line_strp = 0x1f, F_ref_sig8 = 0x20, F_implicit_const = 0x21, F_loclistx = 0x22,
    F_rnglistx = 0x23, F_ref_sup8 = 0x24, F_strx1 = 0x25, F_strx2 = 0x26, F_strx3 = 0x27,
    F_strx4 = 0x28, F_addrx1 = 0x29, F_addrx2 = 0x2a, F_addrx3 = 0x2b, F_addrx4 = 0x2c,
    F_GNU_addr_index = 0x1f01, F_GNU_str_index = 0x1f02, F_GNU_ref_alt = 0x1f20,
    F_GNU_strp_alt = 0x1f21,
};

enum {
    AT_sibling = 0x01, AT_location = 0x02, AT_name = 0x03, AT_byte_size = 0x0b,
    AT_bit_offset = 0x0c, AT_bit_size = 0x0d, AT_const_value = 0x1c, AT_lower_bound = 0x22,
    AT_upper_bound = 0x2f, AT_abstract_origin = 0x31, AT_count = 0x37,
    AT_data_member_location = 0x38, AT_decl_file = 0x3a, AT_decl_line = 0x3b,
    AT_declaration = 0x3c, AT_encoding = 0x3e, AT_external = 0x3f, AT_specification = 0x47,
    AT_type = 0x49, AT_data_bit_offset = 0x6b, AT_alignment = 0x88,
};

#define MAX_ABBREVS 8192
#define MAX_SPECS 65536
#define MAX_ATTRS 262144

struct spec {                       /* One (attribute, form) of an abbrev. */
    uint32_t attr, form;
    size_t attr_off, attr_len;      /* File offset and ULEB length. */
    size_t form_off, form_len;
    size_t const_off, const_len;    /* implicit_const's SLEB, or 0. */
};

struct abbrev {
    size_t table_off;               /* .debug_abbrev-relative table start. */
    uint64_t code;
    uint32_t tag;
    size_t tag_off, tag_len;        /* File offset and ULEB length. */
    size_t children_off;
    uint32_t first_spec, n_specs;
};

struct attr {                       /* One attribute of one DIE. */
    size_t die_off;                 /* File offset of the DIE. */
    size_t unit_off, unit_end;      /* File offsets: unit header, its end. */
    size_t cu_die_off;              /* File offset of the unit's first DIE. */
    uint32_t tag, attr, form;
    size_t val_off, val_len;        /* File offset and length of the value
                                     * (for blocks: of the contents). */
    uint32_t abbrev;                /* Index into abbrevs[]. */
    uint32_t spec;                  /* Index into specs[]. */
};

static struct abbrev abbrevs[MAX_ABBREVS];
static size_t n_abbrevs;
static struct spec specs[MAX_SPECS];
static size_t n_specs;
static struct attr attrs[MAX_ATTRS];
static size_t n_attrs;
static size_t n_dies;

static bool get_uleb(size_t *off, size_t end, uint64_t *v)
{
    uint64_t r = 0;
    unsigned shift = 0;
    while (*off < end) {
        unsigned char b = buf[(*off)++];
        if (shift < 64)
            r |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            *v = r;
            return true;
        }
    }
    return false;
}

/* Parses the abbrev table at OFF (section-relative) of .debug_abbrev; returns
 * the index of its first abbrev, sets *n. */
static size_t load_abbrevs(const struct region *ab, size_t off, size_t *n)
{
    for (size_t i = 0; i < n_abbrevs; i++) {
        if (abbrevs[i].table_off == off) {
            size_t k = i;
            while (k < n_abbrevs && abbrevs[k].table_off == off)
                k++;
            *n = k - i;
            return i;
        }
    }
    size_t first = n_abbrevs, p = ab->start + off, end = ab->start + ab->len;
    for (;;) {
        uint64_t code, tag, attr, form;
        if (!get_uleb(&p, end, &code) || code == 0)
            break;
        if (n_abbrevs == MAX_ABBREVS)
            die(1, "too many abbrevs");
        struct abbrev *a = &abbrevs[n_abbrevs++];
        a->table_off = off;
        a->code = code;
        a->tag_off = p;
        if (!get_uleb(&p, end, &tag) || p >= end)
            die(1, ".debug_abbrev: truncated abbrev %" PRIu64, code);
        a->tag = (uint32_t)tag;
        a->tag_len = p - a->tag_off;
        a->children_off = p++;
        a->first_spec = (uint32_t)n_specs;
        for (;;) {
            size_t ao = p, fo;
            if (!get_uleb(&p, end, &attr))
                die(1, ".debug_abbrev: truncated");
            fo = p;
            if (!get_uleb(&p, end, &form))
                die(1, ".debug_abbrev: truncated");
            if (attr == 0 && form == 0)
                break;
            if (n_specs == MAX_SPECS)
                die(1, "too many attribute specs");
            struct spec *sp = &specs[n_specs++];
            memset(sp, 0, sizeof *sp);
            sp->attr = (uint32_t)attr;
            sp->form = (uint32_t)form;
            sp->attr_off = ao;
            sp->attr_len = fo - ao;
            sp->form_off = fo;
            sp->form_len = p - fo;
            if (form == F_implicit_const) {
                uint64_t dummy;
                sp->const_off = p;
                if (!get_uleb(&p, end, &dummy))
                    die(1, ".debug_abbrev: truncated");
                sp->const_len = p - sp->const_off;
            }
        }
        a->n_specs = (uint32_t)n_specs - a->first_spec;
    }
    *n = n_abbrevs - first;
    return first;
}

/* Size of a value of FORM at *p; sets *val_off and *val_len (the contents, for
 * blocks).  False if the form is unknown or runs past END. */
static bool skip_form(uint32_t form, size_t *p, size_t end, unsigned asize, unsigned osize,
                      unsigned version, size_t *val_off, size_t *val_len)
{
    uint64_t n = 0;
    size_t fixed = 0;
    switch (form) {
    case F_addr: fixed = asize; break;
    case F_data1: case F_ref1: case F_flag: case F_strx1: case F_addrx1: fixed = 1; break;
    case F_data2: case F_ref2: case F_strx2: case F_addrx2: fixed = 2; break;
    case F_strx3: case F_addrx3: fixed = 3; break;
    case F_data4: case F_ref4: case F_strx4: case F_addrx4: case F_ref_sup4: fixed = 4; break;
    case F_data8: case F_ref8: case F_ref_sig8: case F_ref_sup8: fixed = 8; break;
    case F_data16: fixed = 16; break;
    case F_strp: case F_line_strp: case F_sec_offset: case F_strp_sup: case F_GNU_ref_alt:
    case F_GNU_strp_alt:
        fixed = osize;
        break;
    case F_ref_addr: fixed = version <= 2 ? asize : osize; break;
    case F_flag_present: case F_implicit_const: fixed = 0; break;
    case F_udata: case F_sdata: case F_ref_udata: case F_strx: case F_addrx: case F_loclistx:
    case F_rnglistx: case F_GNU_addr_index: case F_GNU_str_index: {
        size_t s = *p;
        if (!get_uleb(p, end, &n))
            return false;
        *val_off = s;
        *val_len = *p - s;
        return true;
    }
    case F_string: {
        size_t s = *p;
        while (*p < end && buf[*p])
            (*p)++;
        if (*p >= end)
            return false;
        (*p)++;
        *val_off = s;
        *val_len = *p - s;
        return true;
    }
    case F_block1: n = *p < end ? buf[*p] : 0; *p += 1; goto block;
    case F_block2: n = *p + 2 <= end ? get_u(*p, 2) : 0; *p += 2; goto block;
    case F_block4: n = *p + 4 <= end ? get_u(*p, 4) : 0; *p += 4; goto block;
    case F_block: case F_exprloc:
        if (!get_uleb(p, end, &n))
            return false;
    block:
        if (*p > end || n > end - *p)
            return false;
        *val_off = *p;
        *val_len = (size_t)n;
        *p += (size_t)n;
        return true;
    default:
        return false;
    }
    if (*p + fixed > end)
        return false;
    *val_off = *p;
    *val_len = fixed;
    *p += fixed;
    return true;
}

static void walk_dies(const char *path, const struct region *info)
{
    static struct unit units[MAX_UNITS];
    struct region ab;
    if (!find_region(path, ".debug_abbrev", &ab) || ab.len == 0) {
        printf("corrupt: no .debug_abbrev\n");
        exit(EXIT_NOSECTION);
    }
    size_t nu = walk_units(info, units);
    for (size_t u = 0; u < nu; u++) {
        size_t uo = info->start + units[u].off, ue = uo + units[u].len;
        size_t p = uo + (units[u].dwarf64 ? 12 : 4);
        unsigned osize = units[u].dwarf64 ? 8 : 4;
        unsigned version = (unsigned)get_u(p, 2), asize, utype = 1;
        uint64_t aoff;
        p += 2;
        if (version >= 5) {
            utype = buf[p];
            asize = buf[p + 1];
            aoff = get_u(p + 2, osize);
            p += 2 + osize;
            if (utype == 2 || utype == 6)
                p += 8 + osize;     /* Type signature, type offset. */
            else if (utype == 4 || utype == 5)
                p += 8;             /* dwo_id. */
        } else {
            aoff = get_u(p, osize);
            asize = buf[p + osize];
            p += osize + 1;
        }
        if (version < 2 || version > 5 || aoff >= ab.len)
            continue;
        size_t na, first = load_abbrevs(&ab, (size_t)aoff, &na);
        size_t cu_die = p;
        while (p < ue) {
            size_t die_off = p;
            uint64_t code;
            if (!get_uleb(&p, ue, &code))
                break;
            if (code == 0)
                continue;
            size_t ai = SIZE_MAX;
            for (size_t i = first; i < first + na; i++)
                if (abbrevs[i].code == code) {
                    ai = i;
                    break;
                }
            if (ai == SIZE_MAX)
                break;
            n_dies++;
            const struct abbrev *a = &abbrevs[ai];
            bool ok = true;
            for (uint32_t k = 0; k < a->n_specs && ok; k++) {
                uint32_t si = a->first_spec + k;
                uint32_t form = specs[si].form;
                uint64_t f;
                while (form == F_indirect && get_uleb(&p, ue, &f))
                    form = (uint32_t)f;
                size_t vo = 0, vl = 0;
                if (!skip_form(form, &p, ue, asize, osize, version, &vo, &vl)) {
                    ok = false;
                    break;
                }
                if (form == F_implicit_const) {
                    vo = specs[si].const_off;
                    vl = specs[si].const_len;
                }
                if (n_attrs < MAX_ATTRS)
                    attrs[n_attrs++] = (struct attr){
                        .die_off = die_off, .unit_off = uo, .unit_end = ue,
                        .cu_die_off = cu_die, .tag = a->tag, .attr = specs[si].attr,
                        .form = form, .val_off = vo, .val_len = vl,
                        .abbrev = (uint32_t)ai, .spec = si,
                    };
            }
            if (!ok)
                break;
        }
    }
    if (n_attrs == 0) {
        printf("corrupt: no DIE attributes found in %s\n", info->name);
        exit(EXIT_NOSECTION);
    }
}

typedef bool (*attr_pred)(const struct attr *);

/* A seeded attribute among those PRED accepts, or NULL. */
static const struct attr *pick_attr(attr_pred pred)
{
    size_t n = 0;
    for (size_t i = 0; i < n_attrs; i++)
        n += pred(&attrs[i]);
    if (n == 0)
        return NULL;
    size_t k = (size_t)rng_below(n);
    for (size_t i = 0; i < n_attrs; i++)
        if (pred(&attrs[i]) && k-- == 0)
            return &attrs[i];
    return NULL;
}

static bool is_unit_ref(uint32_t form)
{
    return form == F_ref1 || form == F_ref2 || form == F_ref4 || form == F_ref8 ||
           form == F_ref_udata;
}

static bool pred_type_ref(const struct attr *a)
{
    return a->attr == AT_type && is_unit_ref(a->form);
}

static bool pred_any_ref(const struct attr *a)
{
    return is_unit_ref(a->form) || a->form == F_ref_addr;
}

static bool pred_number(const struct attr *a)
{
    switch (a->attr) {
    case AT_byte_size: case AT_bit_offset: case AT_bit_size: case AT_const_value:
    case AT_lower_bound: case AT_upper_bound: case AT_count: case AT_data_member_location:
    case AT_decl_file: case AT_decl_line: case AT_encoding: case AT_data_bit_offset:
    case AT_alignment:
        break;
    default:
        return false;
    }
    switch (a->form) {
    case F_data1: case F_data2: case F_data4: case F_data8: case F_udata: case F_sdata:
    case F_implicit_const:
        return a->val_len > 0;
    default:
        return false;
    }
}

static bool pred_expr(const struct attr *a)
{
    return (a->form == F_exprloc || a->form == F_block1 || a->form == F_block) &&
           a->val_len > 0;
}

/* Writes an LEB128 of exactly LEN bytes at OFF: the largest unsigned value,
 * -1, the most negative value, or 0, as KIND says. */
static const char *put_leb_fill(size_t off, size_t len, unsigned kind)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char last = i + 1 == len;
        unsigned char b;
        switch (kind) {
        case 0: b = last ? 0x7f : 0xff; break;             /* max udata; -1 sdata */
        case 1: b = last ? 0x40 : 0x80; break;             /* most negative sdata */
        case 2: b = last ? 0x3f : 0xff; break;             /* max positive sdata */
        default: b = last ? 0x00 : 0x80; break;            /* zero, padded */
        }
        buf[off + i] = b;
    }
    static const char *names[] = { "all ones", "most negative", "max positive", "zero" };
    return names[kind > 3 ? 3 : kind];
}

static void do_die_ref(const char *path, const struct region *info, bool cycle)
{
    walk_dies(path, info);
    const struct attr *a = pick_attr(cycle ? pred_type_ref : pred_any_ref);
    if (!a) {
        printf("corrupt: no reference attribute in %s\n", info->name);
        exit(EXIT_NOSECTION);
    }
    size_t die_rel = a->die_off - a->unit_off;       /* Unit-relative. */
    if (cycle) {
        /* A's type becomes B, and B's type A: a two-DIE loop.  B is another
         * DW_AT_type reference of the same unit with room for A's offset. */
        size_t n = 0;
        for (size_t i = 0; i < n_attrs; i++)
            n += pred_type_ref(&attrs[i]) && attrs[i].unit_off == a->unit_off &&
                 attrs[i].die_off != a->die_off;
        const struct attr *b = NULL;
        if (n) {
            size_t k = (size_t)rng_below(n);
            for (size_t i = 0; i < n_attrs && !b; i++)
                if (pred_type_ref(&attrs[i]) && attrs[i].unit_off == a->unit_off &&
                    attrs[i].die_off != a->die_off && k-- == 0)
                    b = &attrs[i];
        }
        size_t b_rel = b ? b->die_off - b->unit_off : die_rel;
        bool fits_a = a->form == F_ref_udata ? false : a->val_len >= 8 || b_rel < (UINT64_C(1) << (8 * a->val_len));
        if (!b || !fits_a || b->form == F_ref_udata ||
            (b->val_len < 8 && die_rel >= (UINT64_C(1) << (8 * b->val_len)))) {
            /* No partner fits: make A refer to itself. */
            if (a->form == F_ref_udata) {
                printf("corrupt: reference form cannot be rewritten in place\n");
                exit(EXIT_NOSECTION);
            }
            put_u(a->val_off, (unsigned)a->val_len, die_rel);
            snprintf(what, sizeof what, "DIE at 0x%zx (tag 0x%x): DW_AT_type -> itself (0x%zx)",
                     a->die_off, a->tag, die_rel);
            return;
        }
        put_u(a->val_off, (unsigned)a->val_len, b_rel);
        put_u(b->val_off, (unsigned)b->val_len, die_rel);
        snprintf(what, sizeof what,
                 "type cycle: DIE at 0x%zx (tag 0x%x) -> DIE at 0x%zx (tag 0x%x) -> back",
                 a->die_off, a->tag, b->die_off, b->tag);
        return;
    }
    uint64_t unit_len = a->unit_end - a->unit_off;
    uint64_t v;
    const char *how;
    switch (rng_below(8)) {
    case 0: v = die_rel; how = "the DIE itself"; break;
    case 1: v = 0; how = "offset 0 (the unit header)"; break;
    case 2: v = 1 + rng_below(4); how = "inside the unit header"; break;
    case 3: v = die_rel + 1; how = "the middle of the DIE"; break;
    case 4: v = unit_len; how = "the unit's end"; break;
    case 5: v = unit_len + 1 + rng_below(1000); how = "past the unit's end"; break;
    case 6: v = UINT64_MAX; how = "all ones"; break;
    default: v = a->cu_die_off - a->unit_off; how = "the unit's own DIE"; break;
    }
    if (a->form == F_ref_addr) {            /* Section-relative. */
        if (v != UINT64_MAX)
            v += a->unit_off - info->start;
    }
    if (a->form == F_ref_udata) {
        put_leb_fill(a->val_off, a->val_len, v == UINT64_MAX ? 0 : 3);
    } else {
        if (a->val_len < 8)
            v &= (UINT64_C(1) << (8 * a->val_len)) - 1;
        put_u(a->val_off, (unsigned)a->val_len, v);
    }
    snprintf(what, sizeof what,
             "DIE at 0x%zx (tag 0x%x): attribute 0x%x (form 0x%x) at 0x%zx -> 0x%" PRIx64 " (%s)",
             a->die_off, a->tag, a->attr, a->form, a->val_off, v, how);
}

static void do_die_value(const char *path, const struct region *info)
{
    walk_dies(path, info);
    const struct attr *a = pick_attr(pred_number);
    if (!a) {
        printf("corrupt: no numeric attribute in %s\n", info->name);
        exit(EXIT_NOSECTION);
    }
    char val[64];
    if (a->form == F_udata || a->form == F_sdata || a->form == F_implicit_const) {
        const char *how = put_leb_fill(a->val_off, a->val_len, (unsigned)rng_below(4));
        snprintf(val, sizeof val, "%zu-byte LEB128 %s", a->val_len, how);
    } else {
        unsigned size = (unsigned)a->val_len;
        uint64_t max = size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
        uint64_t v;
        switch (rng_below(6)) {
        case 0: v = max; break;
        case 1: v = max >> 1; break;                        /* Largest signed. */
        case 2: v = (max >> 1) + 1; break;                  /* Most negative. */
        case 3: v = 0; break;
        case 4: v = 1 + rng_below(8) * 65; break;           /* Odd bit counts. */
        default: v = rng_next() & max; break;
        }
        put_u(a->val_off, size, v);
        snprintf(val, sizeof val, "0x%" PRIx64, v);
    }
    snprintf(what, sizeof what, "DIE at 0x%zx (tag 0x%x): attribute 0x%x (form 0x%x) at 0x%zx -> %s",
             a->die_off, a->tag, a->attr, a->form, a->val_off, val);
}

static void do_die_expr(const char *path, const struct region *info)
{
    walk_dies(path, info);
    const struct attr *a = pick_attr(pred_expr);
    if (!a) {
        printf("corrupt: no expression attribute in %s\n", info->name);
        exit(EXIT_NOSECTION);
    }
    /* Crafted expressions, padded with DW_OP_nop; or random bytes. */
    static const struct { unsigned char len, ops[12]; const char *name; } crafted[] = {
        { 9, { 0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, "DW_OP_addr ~0" },
        { 11, { 0x03, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x93, 0x7f }, "DW_OP_addr 2^63, piece 127" },
        { 6, { 0x93, 0xff, 0xff, 0xff, 0xff, 0x0f }, "DW_OP_piece 2^32-1 alone" },
        { 4, { 0x30, 0x93, 0x00, 0x9f }, "lit0, piece 0, stack_value" },
        { 3, { 0x2f, 0xfd, 0xff }, "DW_OP_skip -3 (a loop)" },
        { 4, { 0x30, 0x28, 0xfc, 0xff }, "lit0, DW_OP_bra -4" },
        { 2, { 0x30, 0xe0 }, "lit0, GNU_push_tls_address" },
        { 1, { 0x9b }, "form_tls_address on an empty stack" },
        { 3, { 0x9e, 0xff, 0x7f }, "implicit_value of 16383 bytes" },
        { 1, { 0x06 }, "deref on an empty stack" },
        { 2, { 0xa1, 0x7f }, "DW_OP_addrx 127" },
        { 3, { 0x23, 0xff, 0x7f }, "plus_uconst 16383 on an empty stack" },
        { 1, { 0x9c }, "call_frame_cfa" },
        { 1, { 0xff }, "unknown op 0xff" },
        { 2, { 0x12, 0x12 }, "dup, dup on an empty stack" },
        { 3, { 0xa3, 0x7f, 0x30 }, "entry_value of 127 bytes" },
    };
    size_t n = sizeof crafted / sizeof crafted[0], fits = 0;
    for (size_t i = 0; i < n; i++)
        fits += crafted[i].len <= a->val_len;
    size_t k = (size_t)rng_below(fits + 2);   /* Two chances in fits+2 of random bytes. */
    const char *how = "random bytes";
    if (k < fits) {
        for (size_t i = 0; i < n; i++) {
            if (crafted[i].len > a->val_len || k-- != 0)
                continue;
            memset(buf + a->val_off, 0x96, a->val_len);
            memcpy(buf + a->val_off, crafted[i].ops, crafted[i].len);
            how = crafted[i].name;
            break;
        }
    } else {
        for (size_t i = 0; i < a->val_len; i++)
            buf[a->val_off + i] = (unsigned char)rng_next();
    }
    snprintf(what, sizeof what,
             "DIE at 0x%zx (tag 0x%x): attribute 0x%x expression of %zu bytes at 0x%zx -> %s",
             a->die_off, a->tag, a->attr, a->val_len, a->val_off, how);
}

/* abbrev-form, -attr, -tag, -children: change one abbreviation that the DIEs
 * use, so that every DIE built from it is read differently. */
static void do_abbrev(const char *path, const struct region *info, const char *mode)
{
    walk_dies(path, info);
    /* Only abbrevs that some DIE uses. */
    size_t used = 0;
    static bool is_used[MAX_ABBREVS];
    for (size_t i = 0; i < n_attrs; i++) {
        if (!is_used[attrs[i].abbrev])
            used++;
        is_used[attrs[i].abbrev] = true;
    }
    size_t k = (size_t)rng_below(used), ai = 0;
    for (size_t i = 0; i < n_abbrevs; i++)
        if (is_used[i] && k-- == 0) {
            ai = i;
            break;
        }
    struct abbrev *ab = &abbrevs[ai];
    if (strcmp(mode, "abbrev-children") == 0) {
        buf[ab->children_off] ^= 1;
        snprintf(what, sizeof what, "abbrev %" PRIu64 " (tag 0x%x) at 0x%zx: children %u -> %u",
                 ab->code, ab->tag, ab->children_off, buf[ab->children_off] ^ 1u,
                 buf[ab->children_off]);
        return;
    }
    if (strcmp(mode, "abbrev-tag") == 0) {
        static const uint8_t tags[] = { 0x01, 0x04, 0x0d, 0x0f, 0x11, 0x13, 0x15, 0x16, 0x17,
                                        0x21, 0x24, 0x26, 0x28, 0x2e, 0x34, 0x35, 0x37, 0x47,
                                        0x7f };
        if (ab->tag_len != 1) {
            printf("corrupt: tag of abbrev %" PRIu64 " is not one byte\n", ab->code);
            exit(EXIT_NOSECTION);
        }
        uint8_t t = tags[rng_below(sizeof tags)];
        snprintf(what, sizeof what, "abbrev %" PRIu64 " at 0x%zx: tag 0x%x -> 0x%x", ab->code,
                 ab->tag_off, ab->tag, t);
        buf[ab->tag_off] = t;
        return;
    }
    if (ab->n_specs == 0) {
        printf("corrupt: abbrev %" PRIu64 " has no attributes\n", ab->code);
        exit(EXIT_NOSECTION);
    }
    struct spec *sp = &specs[ab->first_spec + rng_below(ab->n_specs)];
    if (strcmp(mode, "abbrev-attr") == 0) {
        static const uint8_t ats[] = { AT_sibling, AT_location, AT_name, AT_byte_size,
                                       AT_bit_size, AT_const_value, AT_upper_bound, AT_count,
                                       AT_data_member_location, AT_declaration, AT_external,
                                       AT_specification, AT_type, AT_data_bit_offset,
                                       AT_abstract_origin, 0x7f };
        if (sp->attr_len != 1) {
            printf("corrupt: attribute code is not one byte\n");
            exit(EXIT_NOSECTION);
        }
        uint8_t v = ats[rng_below(sizeof ats)];
        snprintf(what, sizeof what, "abbrev %" PRIu64 " (tag 0x%x) at 0x%zx: attribute 0x%x -> 0x%x",
                 ab->code, ab->tag, sp->attr_off, sp->attr, v);
        buf[sp->attr_off] = v;
        return;
    }
    /* abbrev-form: a form of the same size, so the DIE stream still parses
     * (mostly), but the value means something else. */
    static const uint8_t same[][6] = {
        { F_data1, F_ref1, F_flag, F_strx1, F_addrx1, 0 },
        { F_data2, F_ref2, F_strx2, F_addrx2, 0 },
        { F_data4, F_ref4, F_strp, F_sec_offset, F_line_strp, F_strx4 },
        { F_data8, F_ref8, F_ref_sig8, F_addr, 0 },
        { F_udata, F_sdata, F_ref_udata, F_strx, F_addrx, F_loclistx },
        { F_exprloc, F_block, 0 },
        { F_flag_present, F_implicit_const, 0 },
    };
    if (sp->form_len != 1) {
        printf("corrupt: form code is not one byte\n");
        exit(EXIT_NOSECTION);
    }
    uint8_t v = 0;
    for (size_t g = 0; g < sizeof same / sizeof same[0] && !v; g++) {
        size_t cnt = 0;
        bool in = false;
        for (size_t j = 0; j < 6 && same[g][j]; j++) {
            cnt++;
            in |= same[g][j] == sp->form;
        }
        if (in)
            v = same[g][rng_below(cnt)];
    }
    if (!v || v == sp->form || (v == F_implicit_const) != (sp->form == F_implicit_const)) {
        /* No same-size partner (or the same one drawn): any form at all. */
        static const uint8_t any[] = { F_data1, F_data2, F_data4, F_data8, F_string, F_block1,
                                       F_udata, F_sdata, F_ref4, F_strp, F_exprloc, F_flag,
                                       0x02, 0x2d, 0x7f };
        v = any[rng_below(sizeof any)];
        if (sp->form == F_implicit_const || v == F_implicit_const)
            v = F_flag_present;
    }
    snprintf(what, sizeof what, "abbrev %" PRIu64 " (tag 0x%x) at 0x%zx: attribute 0x%x form 0x%x -> 0x%x",
             ab->code, ab->tag, sp->form_off, sp->attr, sp->form, v);
    buf[sp->form_off] = v;
}

struct field {
    const char *name;
    unsigned off32, off64, size32, size64;
};

static const struct field ehdr_fields[] = {
    { "magic", 0, 0, 4, 4 },
    { "class", EI_CLASS, EI_CLASS, 1, 1 },
    { "data", EI_DATA, EI_DATA, 1, 1 },
    { "version", EI_VERSION, EI_VERSION, 1, 1 },
    { "osabi", EI_OSABI, EI_OSABI, 1, 1 },
    { "type", 16, 16, 2, 2 },
    { "machine", 18, 18, 2, 2 },
    { "eversion", 20, 20, 4, 4 },
    { "entry", 24, 24, 4, 8 },
    { "phoff", 28, 32, 4, 8 },
    { "shoff", 32, 40, 4, 8 },
    { "flags", 36, 48, 4, 4 },
    { "ehsize", 40, 52, 2, 2 },
    { "phentsize", 42, 54, 2, 2 },
    { "phnum", 44, 56, 2, 2 },
    { "shentsize", 46, 58, 2, 2 },
    { "shnum", 48, 60, 2, 2 },
    { "shstrndx", 50, 62, 2, 2 },
    { NULL, 0, 0, 0, 0 },
};

static const struct field shdr_fields[] = {
    { "name", 0, 0, 4, 4 },
    { "type", 4, 4, 4, 4 },
    { "flags", 8, 8, 4, 8 },
    { "addr", 12, 16, 4, 8 },
    { "offset", 16, 24, 4, 8 },
    { "size", 20, 32, 4, 8 },
    { "link", 24, 40, 4, 4 },
    { "info", 28, 44, 4, 4 },
    { "addralign", 32, 48, 4, 8 },
    { "entsize", 36, 56, 4, 8 },
    { NULL, 0, 0, 0, 0 },
};

static const struct field *find_field(const struct field *t, const char *name)
{
    for (; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

/* Writes V into field F of the header at BASE.  Single-byte e_ident fields
 * and the magic are written as raw bytes. */
static void set_field(const char *what_hdr, size_t base, const struct field *f, uint64_t v)
{
    unsigned off = elf64 ? f->off64 : f->off32;
    unsigned size = elf64 ? f->size64 : f->size32;
    uint64_t old;
    if (strcmp(f->name, "magic") == 0 && base == 0) {
        old = ((uint64_t)buf[0] << 24) | ((uint64_t)buf[1] << 16) | ((uint64_t)buf[2] << 8) | buf[3];
        for (unsigned i = 0; i < 4; i++)
            buf[i] = (unsigned char)(v >> (8 * (3 - i)));
    } else {
        old = get_u(base + off, size);
        put_u(base + off, size, v);
    }
    snprintf(what, sizeof what, "%s %s at 0x%zx: 0x%" PRIx64 " -> 0x%" PRIx64, what_hdr,
             f->name, base + off, old, v);
}

/* A value that tends to break things, for a field of SIZE bytes. */
static uint64_t nasty(unsigned size, uint64_t old)
{
    uint64_t max = size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
    switch (rng_below(9)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return max;
    case 3: return max >> 1;
    case 4: return (uint64_t)in_len & max;
    case 5: return (uint64_t)(in_len - 1) & max;
    case 6: return (old + 1) & max;
    case 7: return (old - 1) & max;
    default: return rng_next() & max;
    }
}

static uint64_t parse_u64(const char *s, const char *what_arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || !*s || *end)
        die(1, "bad %s '%s'", what_arg, s);
    return v;
}

static void usage(void)
{
    fprintf(stderr, "usage: %s IN OUT MODE SECTION SEED  (see the comment in corrupt.c)\n",
            prog);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 6)
        usage();
    const char *in = argv[1], *out = argv[2], *mode = argv[3], *section = argv[4];
    uint64_t seed = parse_u64(argv[5], "SEED");
    rng_seed(seed);

    /* An optional ':N' parameter ('overwrite:8') or field ('shdr:size'). */
    char modebuf[64];
    snprintf(modebuf, sizeof modebuf, "%s", mode);
    char *param = strchr(modebuf, ':');
    if (param)
        *param++ = '\0';
    long n_arg = 0;
    if (param && (strcmp(modebuf, "overwrite") == 0 || strcmp(modebuf, "flip") == 0))
        n_arg = (long)parse_u64(param, "N");

    if (strcmp(modebuf, "random") == 0) {
        buf_len = 1 + (size_t)rng_below(8192);
        buf = malloc(buf_len);
        if (!buf)
            die(1, "out of memory");
        for (size_t i = 0; i < buf_len; i++)
            buf[i] = (unsigned char)rng_next();
        snprintf(what, sizeof what, "wrote %zu random bytes", buf_len);
        goto done;
    }

    read_input(in);
    parse_ident();

    if (strcmp(modebuf, "truncate-frac") == 0) {
        if (seed > 1000)
            die(1, "truncate-frac: SEED is a fraction in thousandths, 0..1000");
        buf_len = (size_t)((uint64_t)in_len * seed / 1000);
        snprintf(what, sizeof what, "truncated at 0x%zx (%" PRIu64 "/1000), was 0x%zx bytes",
                 buf_len, seed, in_len);
        goto done;
    }
    if (strcmp(modebuf, "ehdr") == 0) {
        const struct field *f = find_field(ehdr_fields, section);
        if (!f)
            die(1, "ehdr: no field '%s'", section);
        set_field("ELF header", 0, f, seed);
        goto done;
    }
    if (strcmp(modebuf, "ehdr-rand") == 0) {
        size_t nf = sizeof ehdr_fields / sizeof ehdr_fields[0] - 1;
        const struct field *f = &ehdr_fields[rng_below(nf)];
        unsigned size = elf64 ? f->size64 : f->size32;
        uint64_t old = get_u(elf64 ? f->off64 : f->off32, size);
        set_field("ELF header", 0, f, nasty(size, old));
        goto done;
    }
    if (strcmp(modebuf, "elf-random") == 0) {
        size_t keep = elf64 ? 64 : 52;
        if (keep > buf_len)
            keep = buf_len;
        for (size_t i = keep; i < buf_len; i++)
            buf[i] = (unsigned char)rng_next();
        snprintf(what, sizeof what, "kept the 0x%zx-byte ELF header, 0x%zx random bytes after it",
                 keep, buf_len - keep);
        goto done;
    }

    struct region r;
    if (!find_region(in, section, &r)) {
        printf("corrupt: no section %s in %s\n", section, in);
        return EXIT_NOSECTION;
    }

    if (strcmp(modebuf, "truncate") == 0) {
        do_truncate(&r);
    } else if (strcmp(modebuf, "overwrite") == 0) {
        do_overwrite(&r, n_arg);
    } else if (strcmp(modebuf, "flip") == 0) {
        do_flip(&r, n_arg);
    } else if (strcmp(modebuf, "fill-ff") == 0) {
        do_fill(&r, 0xff);
    } else if (strcmp(modebuf, "zero") == 0) {
        do_fill(&r, 0);
    } else if (strcmp(modebuf, "unit-length") == 0) {
        do_unit_length(&r);
    } else if (strcmp(modebuf, "unit-field") == 0) {
        do_unit_field(in, &r);
    } else if (strcmp(modebuf, "die-ref") == 0) {
        do_die_ref(in, &r, false);
    } else if (strcmp(modebuf, "die-cycle") == 0) {
        do_die_ref(in, &r, true);
    } else if (strcmp(modebuf, "die-value") == 0) {
        do_die_value(in, &r);
    } else if (strcmp(modebuf, "die-expr") == 0) {
        do_die_expr(in, &r);
    } else if (strncmp(modebuf, "abbrev-", 7) == 0) {
        if (strcmp(modebuf, "abbrev-form") && strcmp(modebuf, "abbrev-attr") &&
            strcmp(modebuf, "abbrev-tag") && strcmp(modebuf, "abbrev-children"))
            die(1, "unknown mode '%s'", mode);
        do_abbrev(in, &r, modebuf);
    } else if (strcmp(modebuf, "shdr") == 0 || strcmp(modebuf, "shdr-rand") == 0) {
        if (!r.shdr_off) {
            printf("corrupt: %s is not a section\n", section);
            return EXIT_NOSECTION;
        }
        const struct field *f;
        char hdr_name[160];
        snprintf(hdr_name, sizeof hdr_name, "section header of %.120s", section);
        if (strcmp(modebuf, "shdr") == 0) {
            f = param ? find_field(shdr_fields, param) : NULL;
            if (!f)
                die(1, "shdr: no field '%s'", param ? param : "");
            set_field(hdr_name, r.shdr_off, f, seed);
        } else {
            size_t nf = sizeof shdr_fields / sizeof shdr_fields[0] - 1;
            f = &shdr_fields[rng_below(nf)];
            unsigned size = elf64 ? f->size64 : f->size32;
            uint64_t old = get_u(r.shdr_off + (elf64 ? f->off64 : f->off32), size);
            set_field(hdr_name, r.shdr_off, f, nasty(size, old));
        }
    } else {
        die(1, "unknown mode '%s'", mode);
    }

done:
    write_output(out);
    printf("corrupt: %s %s %s %s: %s\n", mode, section, argv[5], out, what);
    return 0;
}
