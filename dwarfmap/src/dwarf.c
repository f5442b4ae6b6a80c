/* The DWARF side of the reader, and the only file that includes libdwarf.
 *
 * One pass over every compile unit's DIE tree finds the variables (at file
 * scope, and inside subprograms and lexical blocks);
 * only the types reachable from a variable with storage are resolved, each
 * once, through a map from DIE to type id.  A second pass (placement) sizes
 * the variables, finds their sections and cross-checks them against the ELF
 * symbol table.
 *
 * What compilers really emit is in shared/docs/dwarf-pitfalls.md; the rows
 * are cited as [A5], [B7] and so on where the code handles them. */
#include "internal.h"

#include <ctype.h>
#include <dwarf.h>
#include <errno.h>
#include <fcntl.h>
#include <libdwarf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libdwarf 20210528 keeps the state of its section-group set-up in
 * globals (dwarf_groups.c): opening and closing a Dwarf_Debug are
 * serialised, so that two files can be read in two threads (dm_graph_load
 * is thread-safe for distinct graphs; dwarfmap diff reads both at once).
 * Everything in between uses only the Dwarf_Debug's own state. */
static pthread_mutex_t dm_libdwarf_lock__ = PTHREAD_MUTEX_INITIALIZER;

/* A file whose DWARF is being read. */
struct dm_dwarf__ {
    Dwarf_Debug dbg;
    Elf *elf;
    int fd;
};

/* Opens the DWARF of 'path' through libelf with the file mapped: libdwarf's
 * own ELF reader copies every section with read(), 12% of a diff of two
 * OVS builds.  (libelf is set up: dm_elf_open__ opened the library.)
 * Returns a DW_DLV_ code; DW_DLV_NO_ENTRY with errno set when the file
 * cannot be opened or is not ELF. */
static int
dm_dwarf_open__(const char *path, struct dm_dwarf__ *f, Dwarf_Error *e)
{
    int res = DW_DLV_NO_ENTRY;

    f->dbg = NULL;
    f->elf = NULL;
    if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        return res;
    }
    if (!(f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL))) {
        close(f->fd);
        errno = EINVAL;
        return res;
    }
    pthread_mutex_lock(&dm_libdwarf_lock__);
    res = dwarf_elf_init_b(f->elf, DW_DLC_READ, DW_GROUPNUMBER_ANY, NULL, NULL,
                           &f->dbg, e);
    pthread_mutex_unlock(&dm_libdwarf_lock__);
    if (res != DW_DLV_OK) {
        elf_end(f->elf);
        close(f->fd);
        errno = 0;
    }
    return res;
}

static void
dm_dwarf_close__(struct dm_dwarf__ *f)
{
    Dwarf_Error e = NULL;

    pthread_mutex_lock(&dm_libdwarf_lock__);
    dwarf_finish(f->dbg, &e);
    pthread_mutex_unlock(&dm_libdwarf_lock__);
    elf_end(f->elf);
    close(f->fd);
}

#define DM_MAX_PIECES 64

struct dm_reader__ {
    struct dm_graph *g;
    const struct dm_elf__ *elf;
    const char *path;                   /* Named in every message. */
    Dwarf_Debug dbg;                    /* The one being walked. */
    uint32_t dbg_index;                 /* 0: main; 1..: split DWARF .dwo. */
    uint32_t n_dwo;                     /* .dwo files read so far. */
    uint64_t addr_base;                 /* Of the skeleton of the .dwo
                                         * being read, into .debug_addr. */
    unsigned char *debug_addr;          /* The main file's, for .dwo units. */
    size_t debug_addr_size;
    struct dm_dwo__ *dwos;              /* Found in skeleton units. */
    uint32_t n_dwos, cap_dwos;

    struct dm_map__ types;              /* DIE key -> type id. */
    struct dm_map__ cus;                /* CU DIE key -> index in cu_names. */
    const char **cu_names;
    uint32_t n_cu_names, cap_cu_names;
    const char *strip_prefix;           /* dm_load_opts.strip_prefix. */
    const char *skeleton_name;          /* Of the skeleton of the .dwo being */
    const char *skeleton_dir;           /* read: DW_AT_name, DW_AT_comp_dir. */

    uint32_t n_var_dies;                /* Variables with storage found. */
    int depth;                          /* Type resolution recursion. */

    char *errbuf;
    size_t errlen;
    int err;                            /* The first error; sticks. */
};

/* The location of a variable with static storage. */
struct dm_loc__ {
    bool tls;
    uint32_t n_pieces;                  /* 0: one plain location. */
    /* A value computed from static storage (not pieces): the storage it
     * reads, and how many bytes; derived_size 0 if none. */
    uint64_t derived_address, derived_size;
    struct dm_piece pieces[DM_MAX_PIECES];
};

/* ---- Errors ----------------------------------------------------------- */

static int
dm_fail__(struct dm_reader__ *r, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
dm_fail__(struct dm_reader__ *r, int err, const char *fmt, ...)
{
    if (!r->err) {
        char msg[512];
        va_list args;

        va_start(args, fmt);
        vsnprintf(msg, sizeof msg, fmt, args);
        va_end(args);
        dm_one_line__(msg, sizeof msg, msg);
        snprintf(r->errbuf, r->errlen, "%s: %s", r->path, msg);
        r->err = err;
    }
    return r->err;
}

static Dwarf_Off
dm_off__(Dwarf_Die die)
{
    Dwarf_Off off = 0;
    Dwarf_Error e = NULL;

    if (dwarf_dieoffset(die, &off, &e) == DW_DLV_ERROR) {
        dwarf_dealloc_error(NULL, e);
    }
    return off;
}

/* Turns a libdwarf error into the reader's error, naming the DIE. */
static int
dm_dwfail__(struct dm_reader__ *r, Dwarf_Error e, Dwarf_Die die,
            const char *what)
{
    dm_fail__(r, -EINVAL, "damaged DWARF at DIE 0x%llx (%s): %s",
              (unsigned long long) (die ? dm_off__(die) : 0), what,
              e ? dwarf_errmsg(e) : "no detail");
    dwarf_dealloc_error(r->dbg, e);
    return r->err;
}

static int
dm_nomem__(struct dm_reader__ *r)
{
    return dm_fail__(r, -ENOMEM, "out of memory");
}

/* ---- Attributes ------------------------------------------------------- */

/* Gets attribute 'at' of 'die'.  Returns 0 with *attrp NULL when absent. */
static int
dm_attr__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at,
          Dwarf_Attribute *attrp)
{
    Dwarf_Error e = NULL;
    int res = dwarf_attr(die, at, attrp, &e);

    *attrp = res == DW_DLV_OK ? *attrp : NULL;
    return res == DW_DLV_ERROR ? dm_dwfail__(r, e, die, "attribute") : 0;
}

static int
dm_form__(Dwarf_Attribute attr)
{
    Dwarf_Half form = 0;
    Dwarf_Error e = NULL;

    if (dwarf_whatform(attr, &form, &e) == DW_DLV_ERROR) {
        dwarf_dealloc_error(NULL, e);
    }
    return form;
}

/* Width in bits of a fixed-size data form, 0 for the others. */
static unsigned
dm_form_bits__(int form)
{
    switch (form) {
    case DW_FORM_data1: return 8;
    case DW_FORM_data2: return 16;
    case DW_FORM_data4: return 32;
    case DW_FORM_data8: return 64;
    default: return 0;
    }
}

/* Reads a constant attribute.  For sdata (and implicit_const) the value is
 * signed; for data1..8 it is the raw bits: *bitsp gets their width so the
 * caller can sign-extend when the type says the value is signed [A6] [C7].
 * Returns 0 with *present false when absent, -EINVAL for a non-constant. */
static int
dm_const__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at,
           bool *present, uint64_t *value, unsigned *bitsp, bool *is_signed)
{
    Dwarf_Attribute attr;
    Dwarf_Error e = NULL;
    int err = dm_attr__(r, die, at, &attr);

    *present = false;
    if (err || !attr) {
        return err;
    }
    int form = dm_form__(attr);
    Dwarf_Unsigned u;
    Dwarf_Signed s;
    int res;

    if (bitsp) {
        *bitsp = dm_form_bits__(form);
    }
    if (is_signed) {
        *is_signed = form == DW_FORM_sdata || form == DW_FORM_implicit_const;
    }
    if (form == DW_FORM_sdata || form == DW_FORM_implicit_const) {
        res = dwarf_formsdata(attr, &s, &e);
        u = (uint64_t) s;
    } else {
        res = dwarf_formudata(attr, &u, &e);
    }
    if (res == DW_DLV_OK) {
        *present = true;
        *value = u;
    } else if (res == DW_DLV_ERROR) {
        dwarf_dealloc_error(r->dbg, e);
        err = -EINVAL;                  /* Not a constant: caller decides. */
    }
    dwarf_dealloc_attribute(attr);
    return err;
}

/* A constant attribute, or 'dflt' when absent or not a constant. */
static uint64_t
dm_udata__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at, uint64_t dflt)
{
    bool present;
    uint64_t v;

    if (dm_const__(r, die, at, &present, &v, NULL, NULL) == -EINVAL) {
        return dflt;
    }
    return present ? v : dflt;
}

static bool
dm_has__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at)
{
    Dwarf_Bool has = 0;
    Dwarf_Error e = NULL;

    if (dwarf_hasattr(die, at, &has, &e) == DW_DLV_ERROR) {
        dm_dwfail__(r, e, die, "hasattr");
        return false;
    }
    return has;
}

static bool
dm_flag__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at)
{
    Dwarf_Attribute attr;
    Dwarf_Bool flag = 0;
    Dwarf_Error e = NULL;

    if (dm_attr__(r, die, at, &attr) || !attr) {
        return false;
    }
    if (dwarf_formflag(attr, &flag, &e) == DW_DLV_ERROR) {
        dm_dwfail__(r, e, die, "flag");
    }
    dwarf_dealloc_attribute(attr);
    return flag;
}

static int
dm_cmp_str__(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* True if 'name' is a C identifier and not a keyword: what a member, a
 * tag, a typedef or an enumerator is called in C.  Migration code spells
 * these names, so damaged DWARF that names one "a b", "int" or "" is
 * refused, not turned into C that does not compile. */
static bool
dm_c_name_ok__(const char *name)
{
    static const char *const keywords[] = { /* In strcmp order. */
        "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
        "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
        "auto", "break", "case", "char", "const", "continue", "default",
        "do", "double", "else", "enum", "extern", "float", "for", "goto",
        "if", "inline", "int", "long", "register", "restrict", "return",
        "short", "signed", "sizeof", "static", "struct", "switch",
        "typedef", "union", "unsigned", "void", "volatile", "while",
    };

    if (!name) {
        return true;                    /* Anonymous. */
    }
    if (!(isalpha((unsigned char) name[0]) || name[0] == '_')) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!(isalnum((unsigned char) *p) || *p == '_')) {
            return false;
        }
    }
    return !bsearch(&name, keywords, sizeof keywords / sizeof *keywords,
                    sizeof *keywords, dm_cmp_str__);
}

/* The name of a member, tag, typedef or enumerator DIE: as dm_name__(),
 * but a name that is not a C identifier fails the read. */
static const char *dm_name__(struct dm_reader__ *, Dwarf_Die);

static const char *
dm_c_name__(struct dm_reader__ *r, Dwarf_Die die, const char *what)
{
    const char *name = dm_name__(r, die);

    if (!r->err && !dm_c_name_ok__(name)) {
        dm_fail__(r, -EINVAL, "DIE 0x%llx: %s name '%.64s' is not a C "
                  "identifier", (unsigned long long) dm_off__(die), what,
                  name);
        return NULL;
    }
    return name;
}

/* The DIE's name, interned, or NULL. */
static const char *
dm_name__(struct dm_reader__ *r, Dwarf_Die die)
{
    char *name = NULL;
    Dwarf_Error e = NULL;
    int res = dwarf_diename(die, &name, &e);

    if (res == DW_DLV_ERROR) {
        dm_dwfail__(r, e, die, "name");
        return NULL;
    }
    if (res != DW_DLV_OK) {
        return NULL;
    }
    const char *s = dm_intern__(r->g, name);
    if (!s) {
        dm_nomem__(r);
    }
    return s;
}

static const char *
dm_string__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at)
{
    Dwarf_Attribute attr;
    char *str = NULL;
    Dwarf_Error e = NULL;

    if (dm_attr__(r, die, at, &attr) || !attr) {
        return NULL;
    }
    if (dwarf_formstring(attr, &str, &e) == DW_DLV_ERROR) {
        dm_dwfail__(r, e, die, "string");
        str = NULL;
    }
    dwarf_dealloc_attribute(attr);
    return str;                         /* Owned by libdwarf. */
}

/* Follows reference attribute 'at' of 'die' to its target DIE: a CU-local
 * or global reference, or a type signature [B6].  Returns 0 with *outp NULL
 * when absent. */
static int
dm_ref__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at, Dwarf_Die *outp)
{
    Dwarf_Attribute attr;
    Dwarf_Error e = NULL;
    int err = dm_attr__(r, die, at, &attr);
    int res;

    *outp = NULL;
    if (err || !attr) {
        return err;
    }
    if (dm_form__(attr) == DW_FORM_ref_sig8) {
        Dwarf_Sig8 sig;
        Dwarf_Bool is_info;

        res = dwarf_formsig8(attr, &sig, &e);
        if (res == DW_DLV_OK) {
            res = dwarf_find_die_given_sig8(r->dbg, &sig, outp, &is_info, &e);
        }
    } else {
        Dwarf_Off off;

        res = dwarf_global_formref(attr, &off, &e);
        if (res == DW_DLV_OK) {
            res = dwarf_offdie_b(r->dbg, off, dwarf_get_die_infotypes_flag(die),
                                 outp, &e);
        }
    }
    dwarf_dealloc_attribute(attr);
    if (res == DW_DLV_ERROR) {
        *outp = NULL;
        return dm_dwfail__(r, e, die, "reference");
    }
    if (res != DW_DLV_OK) {
        *outp = NULL;
        return dm_fail__(r, -EINVAL, "DIE 0x%llx: dangling reference",
                         (unsigned long long) dm_off__(die));
    }
    return 0;
}

/* The DIE that 'die' completes: its DW_AT_specification, or the abstract
 * instance it is a concrete copy of [A5] [B7]. */
static int
dm_origin__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Die *outp)
{
    int err = dm_ref__(r, die, DW_AT_specification, outp);

    if (!err && !*outp) {
        err = dm_ref__(r, die, DW_AT_abstract_origin, outp);
    }
    return err;
}

static Dwarf_Half
dm_tag__(struct dm_reader__ *r, Dwarf_Die die)
{
    Dwarf_Half tag = 0;
    Dwarf_Error e = NULL;

    if (dwarf_tag(die, &tag, &e) == DW_DLV_ERROR) {
        dm_dwfail__(r, e, die, "tag");
    }
    return tag;
}

/* A DIE's key in the maps: which file, which section, which offset. */
static uint64_t
dm_die_key__(uint32_t dbg_index, bool is_info, Dwarf_Off off)
{
    return (uint64_t) dbg_index << 40 | (uint64_t) is_info << 39
           | (off & ((1ULL << 39) - 1));
}

static uint64_t
dm_key__(struct dm_reader__ *r, Dwarf_Die die)
{
    return dm_die_key__(r->dbg_index, dwarf_get_die_infotypes_flag(die),
                        dm_off__(die));
}

/* ---- Compile units ---------------------------------------------------- */

/* The CU's source path as the build wrote it, relative to its comp_dir when
 * it lies below it, without a leading "./" [A8]. */
static const char *
dm_cu_path__(struct dm_reader__ *r, Dwarf_Die cu_die)
{
    const char *name = dm_string__(r, cu_die, DW_AT_name);
    const char *dir = dm_string__(r, cu_die, DW_AT_comp_dir);

    /* A .dwo unit completes its skeleton: gcc names the unit in the .dwo
     * only, clang gives comp_dir in the skeleton only. */
    name = name ? name : r->skeleton_name;
    dir = dir ? dir : r->skeleton_dir;

    if (!name) {
        return dm_intern__(r->g, "<unknown>");
    }
    size_t dlen = dir ? strlen(dir) : 0;
    size_t plen = r->strip_prefix ? strlen(r->strip_prefix) : 0;
    while (plen && r->strip_prefix[plen - 1] == '/') {
        plen--;
    }
    if (plen && !strncmp(name, r->strip_prefix, plen)
        && name[plen] == '/') {
        name += plen + 1;
    } else if (dlen && name[0] == '/' && !strncmp(name, dir, dlen)
               && name[dlen] == '/') {
        name += dlen + 1;
    }
    while (name[0] == '.' && name[1] == '/') {
        name += 2;
    }
    return dm_intern__(r->g, name);
}

/* The normalised path of the CU that contains 'die' (cached). */
static const char *
dm_cu_of__(struct dm_reader__ *r, Dwarf_Die die)
{
    Dwarf_Off cu_off;
    Dwarf_Error e = NULL;
    Dwarf_Die cu_die;
    uint32_t idx;

    if (dwarf_CU_dieoffset_given_die(die, &cu_off, &e) != DW_DLV_OK) {
        dm_dwfail__(r, e, die, "compile unit");
        return NULL;
    }
    bool is_info = dwarf_get_die_infotypes_flag(die);
    uint64_t key = dm_die_key__(r->dbg_index, is_info, cu_off);
    if (dm_map_get__(&r->cus, key, &idx)) {
        return r->cu_names[idx];
    }
    if (dwarf_offdie_b(r->dbg, cu_off, is_info, &cu_die, &e) != DW_DLV_OK) {
        dm_dwfail__(r, e, die, "compile unit");
        return NULL;
    }
    const char *path = dm_cu_path__(r, cu_die);
    dwarf_dealloc_die(cu_die);

    const char **slot = path ? dm_grow__(&r->cu_names, &r->n_cu_names,
                                         &r->cap_cu_names, sizeof *slot)
                             : NULL;
    if (!slot || dm_map_put__(&r->cus, key, r->n_cu_names - 1)) {
        dm_nomem__(r);
        return NULL;
    }
    *slot = path;
    return path;
}

/* ---- Types ------------------------------------------------------------ */

static dm_type_id dm_resolve__(struct dm_reader__ *, Dwarf_Die);

/* The type named by 'die''s DW_AT_type: 0 (void) when absent. */
static dm_type_id
dm_type_attr__(struct dm_reader__ *r, Dwarf_Die die)
{
    Dwarf_Die target;

    if (dm_ref__(r, die, DW_AT_type, &target) || !target) {
        return 0;
    }
    dm_type_id id = dm_resolve__(r, target);
    dwarf_dealloc_die(target);
    return id;
}

static enum dm_encoding
dm_encoding__(uint64_t ate)
{
    switch (ate) {
    case DW_ATE_signed: return DM_ENC_SIGNED;
    case DW_ATE_unsigned: return DM_ENC_UNSIGNED;
    case DW_ATE_signed_char: return DM_ENC_SIGNED_CHAR;
    case DW_ATE_unsigned_char: return DM_ENC_UNSIGNED_CHAR;
    case DW_ATE_UTF: return DM_ENC_UNSIGNED;
    case DW_ATE_boolean: return DM_ENC_BOOL;
    case DW_ATE_float: return DM_ENC_FLOAT;
    case DW_ATE_complex_float: return DM_ENC_COMPLEX_FLOAT;
    default: return DM_ENC_OTHER;
    }
}

static bool
dm_signed_enc__(enum dm_encoding enc)
{
    return enc == DM_ENC_SIGNED || enc == DM_ENC_SIGNED_CHAR;
}

/* Iterates the children of 'parent': calls 'fn' for each, stopping at the
 * first error.  Sibling offsets must grow, so damaged DWARF cannot loop. */
static int
dm_children__(struct dm_reader__ *r, Dwarf_Die parent,
              int (*fn)(struct dm_reader__ *, Dwarf_Die, Dwarf_Half, void *),
              void *aux)
{
    Dwarf_Die child = NULL, next;
    Dwarf_Error e = NULL;
    int res = dwarf_child(parent, &child, &e);
    bool is_info = dwarf_get_die_infotypes_flag(parent);

    if (res == DW_DLV_ERROR) {
        return dm_dwfail__(r, e, parent, "children");
    }
    while (res == DW_DLV_OK && !r->err) {
        Dwarf_Off off = dm_off__(child);

        fn(r, child, dm_tag__(r, child), aux);
        res = r->err ? DW_DLV_NO_ENTRY
              : dwarf_siblingof_b(r->dbg, child, is_info, &next, &e);
        if (res == DW_DLV_ERROR) {
            dm_dwfail__(r, e, child, "sibling");
        } else if (res == DW_DLV_OK && dm_off__(next) <= off) {
            dm_fail__(r, -EINVAL, "damaged DWARF at DIE 0x%llx: sibling "
                      "chain goes backwards", (unsigned long long) off);
            dwarf_dealloc_die(next);
            res = DW_DLV_NO_ENTRY;
        }
        dwarf_dealloc_die(child);
        child = next;
    }
    return r->err;
}

/* Scratch lists built while a type's children are read, then appended to
 * the graph in one piece (other types may be appended in between). */
struct dm_scratch__ {
    struct dm_member *members;
    uint32_t n, cap;
    struct dm_enumerator *enums;
    uint32_t n_enums, cap_enums;
    uint64_t *dims;
    uint32_t n_dims, cap_dims;
    dm_type_id *params;
    uint32_t n_params, cap_params;
    dm_type_id self;
    bool is_signed;                     /* Enum values: sign-extend. */
    bool variadic;
};

static int
dm_member__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half tag, void *aux)
{
    struct dm_scratch__ *s = aux;

    if (tag != DW_TAG_member) {
        return 0;                       /* Nested type definitions etc. */
    }
    struct dm_member *m = dm_grow__(&s->members, &s->n, &s->cap, sizeof *m);
    if (!m) {
        return dm_nomem__(r);
    }
    m->name = dm_c_name__(r, die, "member");
    m->type = dm_type_attr__(r, die);
    if (r->err) {
        return r->err;
    }
    if (!m->name) {
        /* C names every member but an anonymous struct or union. */
        enum dm_type_kind k = dm_type(r->g, dm_type_strip(r->g, m->type))->kind;

        if (k != DM_TYPE_STRUCT && k != DM_TYPE_UNION) {
            return dm_fail__(r, -EINVAL, "DIE 0x%llx: a member without a "
                             "name that is not a struct or union",
                             (unsigned long long) dm_off__(die));
        }
    }

    /* data_member_location: a constant, or (DWARF 2 style) an expression
     * DW_OP_plus_uconst N.  Union members have none. */
    bool present;
    uint64_t loc = 0;
    int err = dm_const__(r, die, DW_AT_data_member_location, &present, &loc,
                         NULL, NULL);
    if (err == -EINVAL) {
        Dwarf_Attribute attr;
        Dwarf_Unsigned len;
        Dwarf_Ptr block;
        Dwarf_Error e = NULL;

        if (dm_attr__(r, die, DW_AT_data_member_location, &attr) || !attr) {
            return r->err;
        }
        int res = dwarf_formexprloc(attr, &len, &block, &e);
        const unsigned char *p = block;
        dwarf_dealloc_attribute(attr);
        if (res != DW_DLV_OK || len < 2 || p[0] != DW_OP_plus_uconst) {
            dwarf_dealloc_error(r->dbg, e);
            return dm_fail__(r, -EINVAL, "DIE 0x%llx: member '%s' has a "
                             "location that is not a constant offset",
                             (unsigned long long) dm_off__(die),
                             m->name ? m->name : "(anonymous)");
        }
        loc = 0;
        for (unsigned i = 1, shift = 0; i < len && shift < 64; i++, shift += 7) {
            loc |= (uint64_t) (p[i] & 0x7f) << shift;
            if (!(p[i] & 0x80)) {
                break;
            }
        }
    } else if (err) {
        return err;
    }

    uint64_t bit_size = dm_udata__(r, die, DW_AT_bit_size, 0);
    m->bit_offset = loc * 8;
    if (bit_size) {
        m->bit_size = bit_size;
        if (dm_has__(r, die, DW_AT_data_bit_offset)) {
            m->bit_offset = dm_udata__(r, die, DW_AT_data_bit_offset, 0);
        } else if (dm_has__(r, die, DW_AT_bit_offset)) {
            /* DWARF 2-4 style, also clang 14 at -gdwarf-5 [B5] [C2]: the
             * offset of the field's most significant bit from the most
             * significant bit of a storage unit of DW_AT_byte_size bytes
             * at data_member_location.  On little-endian:
             * dbo = dml*8 + byte_size*8 - bit_offset - bit_size. */
            uint64_t storage = dm_udata__(r, die, DW_AT_byte_size, 0);
            int64_t bit_off = (int64_t) dm_udata__(r, die, DW_AT_bit_offset, 0);

            if (!storage && m->type) {
                storage = dm_type(r->g, dm_type_strip(r->g, m->type))->size;
            }
            m->bit_offset = loc * 8 + storage * 8 - bit_off - bit_size;
        }
    }
    return r->err;
}

static int
dm_enumerator__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half tag, void *aux)
{
    struct dm_scratch__ *s = aux;
    bool present, is_signed;
    uint64_t v = 0;
    unsigned bits = 0;

    if (tag != DW_TAG_enumerator) {
        return 0;
    }
    struct dm_enumerator *en = dm_grow__(&s->enums, &s->n_enums,
                                         &s->cap_enums, sizeof *en);
    if (!en) {
        return dm_nomem__(r);
    }
    en->name = dm_c_name__(r, die, "enumerator");
    if (r->err) {
        return r->err;
    }
    if (dm_const__(r, die, DW_AT_const_value, &present, &v, &bits, &is_signed)
        || !present || !en->name) {
        return dm_fail__(r, -EINVAL, "DIE 0x%llx: enumerator without a "
                         "name or a constant value",
                         (unsigned long long) dm_off__(die));
    }
    /* data1..8 carry no sign: the enum's type decides [C7]. */
    if (s->is_signed && bits && bits < 64 && v >> (bits - 1) & 1) {
        v |= ~0ULL << bits;
    }
    en->value = (int64_t) v;
    return 0;
}

/* True if subrange 'die' names an unsigned base type as its index type. */
static bool
dm_unsigned_index__(struct dm_reader__ *r, Dwarf_Die die)
{
    Dwarf_Die target;
    Dwarf_Half tag = 0;
    Dwarf_Error e = NULL;
    bool is_unsigned = false;

    if (dm_ref__(r, die, DW_AT_type, &target) || !target) {
        return false;
    }
    if (dwarf_tag(target, &tag, &e) == DW_DLV_OK && tag == DW_TAG_base_type) {
        uint64_t ate = dm_udata__(r, target, DW_AT_encoding, 0);

        is_unsigned = ate == DW_ATE_unsigned || ate == DW_ATE_unsigned_char;
    } else if (e) {
        dwarf_dealloc_error(r->dbg, e);
    }
    dwarf_dealloc_die(target);
    return is_unsigned;
}

static int
dm_subrange__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half tag, void *aux)
{
    struct dm_scratch__ *s = aux;
    bool has_count, has_upper, is_signed;
    uint64_t count = 0, upper = 0;
    unsigned bits = 0;

    if (tag != DW_TAG_subrange_type) {
        return 0;
    }
    uint64_t *dim = dm_grow__(&s->dims, &s->n_dims, &s->cap_dims, sizeof *dim);
    if (!dim) {
        return dm_nomem__(r);
    }
    int err = dm_const__(r, die, DW_AT_count, &has_count, &count, NULL, NULL);
    if (!err && !has_count) {
        err = dm_const__(r, die, DW_AT_upper_bound, &has_upper, &upper, &bits,
                         &is_signed);
    }
    if (err == -EINVAL) {
        /* A variable length: the bound is an expression or a DIE. */
        dm_diag__(r->g, DM_WARNING, "DIE 0x%llx: array bound is not a "
                  "constant; treated as unbounded",
                  (unsigned long long) dm_off__(die));
        *dim = DM_DIM_UNBOUNDED;
        return 0;
    } else if (err) {
        return err;
    }
    if (has_count) {
        *dim = count;
    } else if (has_upper) {
        uint64_t lower = dm_udata__(r, die, DW_AT_lower_bound, 0);
        /* data1..4 carry no sign: all ones is -1 (a zero-length array)
         * only if the index type is signed or unknown.  gcc's index type
         * is 'sizetype', unsigned: 'char v[256]' has upper bound 255 in
         * DW_FORM_data1, 256 elements, not 0 [C6]. */
        bool minus_one = is_signed ? (int64_t) upper == -1
                                   : bits && bits < 64 && upper == (1ULL << bits) - 1
                                     && !dm_unsigned_index__(r, die);

        *dim = minus_one || (upper == UINT64_MAX) ? 0
               : upper >= lower ? upper - lower + 1 : 0;
    } else {
        *dim = DM_DIM_UNBOUNDED;        /* [C5] [C6] */
    }
    return 0;
}

static int
dm_param__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half tag, void *aux)
{
    struct dm_scratch__ *s = aux;

    if (tag == DW_TAG_unspecified_parameters) {
        s->variadic = true;
    } else if (tag == DW_TAG_formal_parameter) {
        dm_type_id *p = dm_grow__(&s->params, &s->n_params, &s->cap_params,
                                  sizeof *p);
        if (!p) {
            return dm_nomem__(r);
        }
        *p = dm_type_attr__(r, die);
    }
    return r->err;
}

/* Appends a scratch list to a graph array and returns its first index. */
static int
dm_append__(struct dm_reader__ *r, void *garray, uint32_t *gn, const void *src,
            uint32_t n, size_t elsize, uint32_t *firstp)
{
    char **array = garray;

    *firstp = *gn;
    if (!n) {
        return 0;
    }
    if (*gn > UINT32_MAX - n) {
        return dm_nomem__(r);
    }
    char *p = realloc(*array, (size_t) (*gn + n) * elsize);
    if (!p) {
        return dm_nomem__(r);
    }
    memcpy(p + (size_t) *gn * elsize, src, n * elsize);
    *array = p;
    *gn += n;
    return 0;
}

static void
dm_scratch_free__(struct dm_scratch__ *s)
{
    free(s->members);
    free(s->enums);
    free(s->dims);
    free(s->params);
}

/* Fills in type 'id' from its DIE's children. */
static int
dm_resolve_children__(struct dm_reader__ *r, Dwarf_Die die, dm_type_id id)
{
    struct dm_graph *g = r->g;
    struct dm_scratch__ s = { .self = id };
    enum dm_type_kind kind = g->types[id].kind;
    uint32_t first = 0, count = 0;
    int err;

    switch (kind) {
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        err = dm_children__(r, die, dm_member__, &s);
        if (!err) {
            err = dm_append__(r, &g->members, &g->n_members, s.members, s.n,
                              sizeof *s.members, &first);
            count = s.n;
        }
        break;
    case DM_TYPE_ENUM: {
        dm_type_id under = g->types[id].target;
        const struct dm_type *u = dm_type(g, dm_type_strip(g, under));
        uint64_t ate;

        if (u->kind == DM_TYPE_BASE) {
            s.is_signed = dm_signed_enc__(u->encoding);
        } else if ((ate = dm_udata__(r, die, DW_AT_encoding, 0))) {
            s.is_signed = dm_signed_enc__(dm_encoding__(ate));
        }
        g->types[id].encoding = s.is_signed ? DM_ENC_SIGNED : DM_ENC_UNSIGNED;
        err = dm_children__(r, die, dm_enumerator__, &s);
        if (!err) {
            err = dm_append__(r, &g->enumerators, &g->n_enumerators, s.enums,
                              s.n_enums, sizeof *s.enums, &first);
            count = s.n_enums;
        }
        break;
    }
    case DM_TYPE_ARRAY:
        err = dm_children__(r, die, dm_subrange__, &s);
        if (!err && !s.n_dims) {
            uint64_t *dim = dm_grow__(&s.dims, &s.n_dims, &s.cap_dims,
                                      sizeof *dim);
            err = dim ? 0 : dm_nomem__(r);
            if (dim) {
                *dim = DM_DIM_UNBOUNDED;
            }
        }
        if (!err) {
            err = dm_append__(r, &g->dims, &g->n_dims, s.dims, s.n_dims,
                              sizeof *s.dims, &first);
            count = s.n_dims;
        }
        break;
    case DM_TYPE_FUNCTION:
        err = dm_children__(r, die, dm_param__, &s);
        if (!err) {
            err = dm_append__(r, &g->params, &g->n_params, s.params,
                              s.n_params, sizeof *s.params, &first);
            count = s.n_params;
            g->types[id].variadic |= s.variadic;
        }
        break;
    default:
        err = 0;
        break;
    }
    g->types[id].first = first;
    g->types[id].count = count;
    dm_scratch_free__(&s);
    return err;
}

static enum dm_type_kind
dm_type_kind__(Dwarf_Half tag, bool *known)
{
    *known = true;
    switch (tag) {
    case DW_TAG_base_type: return DM_TYPE_BASE;
    case DW_TAG_pointer_type: return DM_TYPE_POINTER;
    case DW_TAG_typedef: return DM_TYPE_TYPEDEF;
    case DW_TAG_const_type: return DM_TYPE_CONST;
    case DW_TAG_immutable_type: return DM_TYPE_CONST;
    case DW_TAG_volatile_type: return DM_TYPE_VOLATILE;
    case DW_TAG_atomic_type: return DM_TYPE_ATOMIC;
    case DW_TAG_restrict_type: return DM_TYPE_RESTRICT;
    case DW_TAG_structure_type: return DM_TYPE_STRUCT;
    case DW_TAG_union_type: return DM_TYPE_UNION;
    case DW_TAG_enumeration_type: return DM_TYPE_ENUM;
    case DW_TAG_array_type: return DM_TYPE_ARRAY;
    case DW_TAG_subroutine_type: return DM_TYPE_FUNCTION;
    default:
        *known = false;
        return DM_TYPE_BASE;            /* Opaque: DM_ENC_OTHER. */
    }
}

/* The type id for a type DIE, resolving it (and what it reaches) the first
 * time.  The id is entered in the map before the children are read, so a
 * self-referential struct [C11] finds itself. */
static dm_type_id
dm_resolve__(struct dm_reader__ *r, Dwarf_Die die)
{
    struct dm_graph *g = r->g;
    uint64_t key = dm_key__(r, die);
    uint32_t id;

    if (r->err || dm_map_get__(&r->types, key, &id)) {
        return r->err ? 0 : id;
    }
    if (r->depth >= DM_MAX_DEPTH) {
        dm_fail__(r, -ELOOP, "DIE 0x%llx: type nesting deeper than %d",
                  (unsigned long long) dm_off__(die), DM_MAX_DEPTH);
        return 0;
    }

    /* A declaration stub that names a type unit by signature [B6]. */
    Dwarf_Die sig_die;
    if (dm_has__(r, die, DW_AT_signature)
        && !dm_ref__(r, die, DW_AT_signature, &sig_die) && sig_die) {
        r->depth++;
        id = dm_resolve__(r, sig_die);
        r->depth--;
        dwarf_dealloc_die(sig_die);
        if (!r->err && dm_map_put__(&r->types, key, id)) {
            dm_nomem__(r);
        }
        return r->err ? 0 : id;
    }

    Dwarf_Half tag = dm_tag__(r, die);
    bool known;
    enum dm_type_kind kind = dm_type_kind__(tag, &known);
    Dwarf_Off off = dm_off__(die);

    id = dm_add_type__(g, kind, off);
    if (!id || dm_map_put__(&r->types, key, id)) {
        dm_nomem__(r);
        return 0;
    }
    g->types[id].name = kind == DM_TYPE_STRUCT || kind == DM_TYPE_UNION
                        || kind == DM_TYPE_ENUM || kind == DM_TYPE_TYPEDEF
                        ? dm_c_name__(r, die, dm_type_kind_name(kind))
                        : dm_name__(r, die);
    if (r->err) {
        return 0;
    }
    g->types[id].size = dm_udata__(r, die, DW_AT_byte_size, 0);
    g->types[id].align = dm_udata__(r, die, DW_AT_alignment, 0);
    g->types[id].declaration = dm_flag__(r, die, DW_AT_declaration);
    if (!known) {
        g->types[id].encoding = DM_ENC_OTHER;
        dm_diag__(g, DM_WARNING, "DIE 0x%llx: type tag 0x%x is not modelled; "
                  "treated as opaque", (unsigned long long) off, tag);
        return id;
    }
    switch (kind) {
    case DM_TYPE_BASE:
        g->types[id].encoding = dm_encoding__(dm_udata__(r, die,
                                                         DW_AT_encoding, 0));
        break;
    case DM_TYPE_POINTER:
        if (!g->types[id].size) {
            g->types[id].size = 8;
        }
        break;
    case DM_TYPE_ARRAY:
        g->types[id].vector = dm_flag__(r, die, DW_AT_GNU_vector);
        break;
    case DM_TYPE_FUNCTION:
        g->types[id].variadic = !dm_flag__(r, die, DW_AT_prototyped);
        break;
    default:
        break;
    }

    r->depth++;
    dm_type_id target = dm_type_attr__(r, die);
    if (!r->err) {
        g->types[id].target = target;
        dm_resolve_children__(r, die, id);
    }
    r->depth--;
    return r->err ? 0 : id;
}

/* ---- Locations -------------------------------------------------------- */

/* Entry 'index' of .debug_addr for the unit of 'die'.  A .dwo is read on
 * its own (libdwarf 20210528 tied to the main file applies the skeleton's
 * str_offsets_base to the .dwo's strings, which breaks a second unit), so
 * its indexes are resolved here, in the main file's .debug_addr at the
 * skeleton's DW_AT_addr_base [B5]. */
static int
dm_addr_index__(struct dm_reader__ *r, Dwarf_Die die, uint64_t index,
                uint64_t *addr)
{
    Dwarf_Addr a;
    Dwarf_Error e = NULL;

    if (!r->dbg_index) {
        if (dwarf_debug_addr_index_to_addr(die, index, &a, &e) != DW_DLV_OK) {
            dwarf_dealloc_error(r->dbg, e);
            return -EINVAL;
        }
        *addr = a;
        return 0;
    }
    if (!r->debug_addr || index > (r->debug_addr_size / 8)
        || r->addr_base > r->debug_addr_size - 8 * index
        || r->debug_addr_size - r->addr_base - 8 * index < 8) {
        return -EINVAL;
    }
    memcpy(addr, r->debug_addr + r->addr_base + 8 * index, 8);
    return 0;
}


/* True for the operations that place a value in a register or the stack
 * frame: a local variable, not static storage. */
static bool
dm_frame_op__(Dwarf_Small op)
{
    return (op >= DW_OP_reg0 && op <= DW_OP_reg31)
           || (op >= DW_OP_breg0 && op <= DW_OP_breg31)
           || op == DW_OP_regx || op == DW_OP_bregx || op == DW_OP_fbreg
           || op == DW_OP_call_frame_cfa || op == DW_OP_entry_value
           || op == DW_OP_GNU_entry_value;
}

/* Reads a static variable's location: DW_OP_addr / addrx [A1], a TLS offset
 * [D1] [B2] [B5], or a composite of pieces [A15].  A piece whose value is
 * computed (clang shrinks a member it only stores one value in to a flag:
 * 'DW_OP_addrx, DW_OP_deref_size, DW_OP_lit7, DW_OP_mul, ...,
 * DW_OP_stack_value') has no storage of its own: it is kept, marked not
 * present, so the variable is not silently dropped.  Returns 0 with
 * *staticp false for a local (register, frame), and with *computedp true
 * when the whole value is computed: a constant, or, when the expression
 * reads static storage (loc->derived_size), state kept in another form. */
static int
dm_location__(struct dm_reader__ *r, Dwarf_Die die, struct dm_loc__ *loc,
              bool *staticp, bool *computedp)
{
    Dwarf_Attribute attr;
    Dwarf_Loc_Head_c head = NULL;
    Dwarf_Unsigned count = 0;
    Dwarf_Error e = NULL;

    *staticp = *computedp = false;
    memset(loc, 0, offsetof(struct dm_loc__, pieces));
    if (dm_attr__(r, die, DW_AT_location, &attr) || !attr) {
        return r->err;
    }
    int form = dm_form__(attr);
    if (form == DW_FORM_sec_offset || form == DW_FORM_loclistx) {
        /* A location list (DWARF 4, 5): not static storage, as below.
         * Most automatic variables of -O2 code have one; not decoding it
         * saves libdwarf's list set-up, 15% of a diff of two OVS builds. */
        dwarf_dealloc_attribute(attr);
        return 0;
    }
    int res = dwarf_get_loclist_c(attr, &head, &count, &e);
    dwarf_dealloc_attribute(attr);
    if (res == DW_DLV_ERROR) {
        return dm_dwfail__(r, e, die, "location");
    }
    if (res != DW_DLV_OK) {
        return 0;
    }

    Dwarf_Small lle, source = 0;
    Dwarf_Unsigned rawlo, rawhi, n_ops = 0, expr_off, desc_off;
    Dwarf_Bool no_addr;
    Dwarf_Addr lo, hi;
    Dwarf_Locdesc_c desc;

    if (count != 1
        || dwarf_get_locdesc_entry_d(head, 0, &lle, &rawlo, &rawhi, &no_addr,
                                     &lo, &hi, &n_ops, &desc, &source,
                                     &expr_off, &desc_off, &e) != DW_DLV_OK
        || source != 0 /* A location list: not static storage. */) {
        dwarf_dealloc_error(r->dbg, e);
        dwarf_loc_head_c_dealloc(head);
        return 0;
    }

    bool have_value = false, computed = n_ops == 0, is_tls = false;
    bool split = false, local = false, too_many = false;
    uint64_t value = 0, offset = 0;

    for (Dwarf_Unsigned i = 0; i < n_ops && !local; i++) {
        Dwarf_Small op;
        Dwarf_Unsigned op1, op2, op3, raw1, raw2, raw3, branch;
        uint64_t addr;

        if (dwarf_get_location_op_value_d(desc, i, &op, &op1, &op2, &op3,
                                          &raw1, &raw2, &raw3, &branch,
                                          &e) != DW_DLV_OK) {
            dwarf_dealloc_error(r->dbg, e);
            dwarf_loc_head_c_dealloc(head);
            return dm_fail__(r, -EINVAL, "DIE 0x%llx: damaged location",
                             (unsigned long long) dm_off__(die));
        }
        switch (op) {
        case DW_OP_addrx:
        case DW_OP_GNU_addr_index:
        case DW_OP_constx:
        case DW_OP_GNU_const_index:
            /* operand1 is an index into .debug_addr [A1]. */
            if (dm_addr_index__(r, die, op1, &addr)) {
                dwarf_loc_head_c_dealloc(head);
                return dm_fail__(r, -EINVAL, "DIE 0x%llx: .debug_addr index "
                                 "%llu cannot be resolved",
                                 (unsigned long long) dm_off__(die),
                                 (unsigned long long) op1);
            }
            op1 = addr;
            split |= op == DW_OP_constx || op == DW_OP_GNU_const_index;
            /* Fall through. */
        case DW_OP_addr:
        case DW_OP_const1u: case DW_OP_const2u: case DW_OP_const4u:
        case DW_OP_const8u: case DW_OP_constu:
            computed |= have_value;     /* Arithmetic on two values. */
            value = op1;
            have_value = true;
            break;
        case DW_OP_form_tls_address:
        case DW_OP_GNU_push_tls_address:
            computed |= !have_value || is_tls;
            is_tls = true;
            break;
        case DW_OP_piece:
            if (loc->n_pieces == DM_MAX_PIECES) {
                too_many = true;
                break;
            }
            loc->pieces[loc->n_pieces++] = (struct dm_piece) {
                .offset = offset, .size = op1, .address = value,
                .present = have_value && !computed && !is_tls,
            };
            offset += op1;
            have_value = computed = is_tls = false;
            break;
        case DW_OP_deref:
        case DW_OP_deref_size:
        case DW_OP_deref_type:
        case DW_OP_GNU_deref_type:
            /* The first read of a static address, outside pieces. */
            if (have_value && !computed && !is_tls && !loc->n_pieces
                && !loc->derived_size) {
                loc->derived_address = value;
                loc->derived_size = op == DW_OP_deref ? 8 : op1;
            }
            computed = true;
            break;
        default:
            local = dm_frame_op__(op);
            computed = true;            /* literals, stack_value... */
            break;
        }
    }
    dwarf_loc_head_c_dealloc(head);
    if (local) {
        return 0;
    }
    if (too_many) {
        return dm_fail__(r, -E2BIG, "DIE 0x%llx: more than %d pieces",
                         (unsigned long long) dm_off__(die), DM_MAX_PIECES);
    }
    if (loc->n_pieces) {
        loc->derived_size = 0;          /* A piece is judged as a piece. */
        bool any = false;
        for (uint32_t i = 0; i < loc->n_pieces; i++) {
            any |= loc->pieces[i].present;
        }
        *computedp = !any;
        *staticp = any;
        return 0;
    }
    if (computed || !have_value) {
        *computedp = true;              /* A value, not a place. */
        return 0;
    }
    loc->pieces[0].address = value;
    loc->pieces[0].present = true;
    if (is_tls && split && r->g->tls_size) {
        /* gcc 12 -gsplit-dwarf puts p_vaddr + offset in .debug_addr where
         * a DTP offset belongs [B5]. */
        uint64_t base = dm_elf_tls_vaddr__(r->elf);
        if (value >= r->g->tls_size && value >= base
            && value - base < r->g->tls_size) {
            loc->pieces[0].address = value - base;
        }
    }
    loc->tls = is_tls;
    *staticp = true;
    return 0;
}

/* ---- Variables -------------------------------------------------------- */

/* What a variable DIE says of itself, completed by the DIEs it points to
 * through specification and abstract_origin [A5] [B7]. */
struct dm_vattrs__ {
    const char *name;
    const char *cu;                     /* The CU of the DIE with the name. */
    dm_type_id type;
    bool has_type;
    bool external;
    uint32_t decl_line;
};

static int
dm_vattrs__(struct dm_reader__ *r, Dwarf_Die die, bool want_type,
            struct dm_vattrs__ *va)
{
    Dwarf_Die cur = die;

    memset(va, 0, sizeof *va);
    for (int depth = 0; cur && depth < 8 && !r->err; depth++) {
        Dwarf_Die next = NULL;

        if (!va->name && (va->name = dm_name__(r, cur))) {
            va->cu = dm_cu_of__(r, cur);
        }
        if (want_type && !va->has_type && dm_has__(r, cur, DW_AT_type)) {
            va->type = dm_type_attr__(r, cur);
            va->has_type = true;
        }
        va->external |= dm_flag__(r, cur, DW_AT_external);
        if (!va->decl_line) {
            va->decl_line = dm_udata__(r, cur, DW_AT_decl_line, 0);
        }
        if (!r->err) {
            dm_origin__(r, cur, &next);
        }
        if (cur != die) {
            dwarf_dealloc_die(cur);
        }
        cur = next;
    }
    if (cur && cur != die) {
        dwarf_dealloc_die(cur);
    }
    return r->err;
}

/* The name of a subprogram or inlined subroutine, following
 * abstract_origin and specification [A3]; NULL when it has none (clang's
 * attribute-less subprogram around the statics of an inlined function). */
static const char *
dm_function_name__(struct dm_reader__ *r, Dwarf_Die func)
{
    Dwarf_Die cur = func;
    const char *name = NULL;

    for (int depth = 0; cur && depth < 8 && !name && !r->err; depth++) {
        Dwarf_Die next = NULL;

        if (!(name = dm_name__(r, cur))) {
            dm_origin__(r, cur, &next);
        }
        if (cur != func) {
            dwarf_dealloc_die(cur);
        }
        cur = next;
    }
    if (cur && cur != func) {
        dwarf_dealloc_die(cur);
    }
    return name;
}

static int
dm_variable__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Die func)
{
    struct dm_graph *g = r->g;
    struct dm_vattrs__ va;
    struct dm_loc__ loc;
    bool is_static, computed;
    Dwarf_Off off = dm_off__(die);

    if (dm_location__(r, die, &loc, &is_static, &computed)) {
        return r->err;
    }
    if (!is_static) {
        bool has_loc = dm_has__(r, die, DW_AT_location);
        bool derived = computed && loc.derived_size;

        /* Locals, and statics the compiler removed inside functions, are
         * not reported.  At file scope a definition without storage is:
         * a computed location is a constant, unless it reads storage.  A
         * value derived from storage is reported in functions too. */
        if ((func && !derived) || (has_loc && !computed)
            || dm_flag__(r, die, DW_AT_declaration)) {
            return r->err;
        }
        if (dm_vattrs__(r, die, false, &va) || !va.name) {
            return r->err;
        }
        struct dm_var tmp = {
            .name = va.name, .cu = va.cu,
            .scope = func ? DM_VAR_FUNC_STATIC
                     : va.external ? DM_VAR_GLOBAL : DM_VAR_STATIC,
            .function = func ? dm_function_name__(r, func) : NULL,
        };
        if (func && !tmp.function) {
            return dm_fail__(r, -EINVAL, "DIE 0x%llx: static '%s' keeps its "
                             "value derived from storage in a function "
                             "without a name", (unsigned long long) off,
                             va.name);
        }
        const char *id = dm_var_id__(g, &tmp);
        enum dm_nostate_reason why = derived ? DM_NOSTATE_DERIVED
                                     : computed
                                       || dm_has__(r, die, DW_AT_const_value)
                                     ? DM_NOSTATE_CONST_VALUE
                                     : DM_NOSTATE_OPTIMISED_OUT;
        if (!id || dm_add_nostate__(g, id, va.name, why, off)) {
            return dm_nomem__(r);
        }
        struct dm_nostate *ns = &g->nostate[g->n_nostate - 1];
        ns->address = loc.derived_address;  /* 0 unless derived. */
        ns->size = loc.derived_size;
        return r->err;
    }

    if (dm_vattrs__(r, die, true, &va)) {
        return r->err;
    }
    if (!va.name || !*va.name) {
        dm_diag__(g, DM_WARNING, "DIE 0x%llx: variable with storage but no "
                  "name; ignored", (unsigned long long) off);
        return 0;
    }
    if (!va.has_type) {
        /* gcc -g1 describes globals without types [A10]. */
        return dm_fail__(r, -EINVAL, "DIE 0x%llx: variable '%s' has no type "
                         "(built with -g1?); its layout is unknown",
                         (unsigned long long) off, va.name);
    }
    r->n_var_dies++;

    struct dm_var *v = dm_add_var__(g);
    if (!v) {
        return dm_nomem__(r);
    }
    v->name = va.name;
    v->cu = va.cu;
    v->type = va.type;
    v->decl_line = va.decl_line;
    v->die_offset = off;
    v->scope = func ? DM_VAR_FUNC_STATIC
               : va.external ? DM_VAR_GLOBAL : DM_VAR_STATIC;
    v->kind = loc.tls ? DM_VAR_TLS : v->scope;
    v->function = func ? dm_function_name__(r, func) : NULL;
    v->address = loc.pieces[0].address;
    if (loc.n_pieces) {
        v->first_piece = g->n_pieces;
        v->n_pieces = loc.n_pieces;
        for (uint32_t i = 0; i < loc.n_pieces; i++) {
            struct dm_piece *p = dm_add_piece__(g);
            if (!p) {
                return dm_nomem__(r);
            }
            *p = loc.pieces[i];
        }
    }
    return r->err;
}

/* The entry of a subprogram whose code is in several ranges (DW_AT_ranges
 * instead of DW_AT_low_pc: gcc's hot/cold splitting puts the cold part in
 * 'f.cold'): the start of the one range at which the symbol table has a
 * function named 'name'; 0 if none or several. */
static uint64_t
dm_ranges_entry__(struct dm_reader__ *r, Dwarf_Die die, const char *name)
{
    Dwarf_Attribute attr;
    Dwarf_Error e = NULL;
    Dwarf_Half version = 0, offset_size = 0;
    Dwarf_Unsigned value = 0;
    uint64_t entry = 0;
    int n_found = 0;

    if (dm_attr__(r, die, DW_AT_ranges, &attr) || !attr) {
        return 0;
    }
    int form = dm_form__(attr);
    int res = dwarf_get_version_of_die(die, &version, &offset_size);
    if (res == DW_DLV_OK) {
        res = form == DW_FORM_sec_offset
              ? dwarf_global_formref(attr, &value, &e)
              : dwarf_formudata(attr, &value, &e);
    }
    if (res == DW_DLV_OK && version >= 5) {
        Dwarf_Rnglists_Head head = NULL;
        Dwarf_Unsigned count = 0, global = 0;

        if (dwarf_rnglists_get_rle_head(attr, form, value, &head, &count,
                                        &global, &e) == DW_DLV_OK) {
            for (Dwarf_Unsigned i = 0; i < count; i++) {
                unsigned len = 0, code = 0;
                Dwarf_Unsigned raw1, raw2, lo, hi;
                Dwarf_Bool unavailable = 0;

                if (dwarf_get_rnglists_entry_fields_a(head, i, &len, &code,
                                                      &raw1, &raw2,
                                                      &unavailable, &lo, &hi,
                                                      &e) != DW_DLV_OK) {
                    break;
                }
                if (code != DW_RLE_end_of_list && code != DW_RLE_base_address
                    && code != DW_RLE_base_addressx && !unavailable && lo
                    && dm_elf_has_func_symbol__(r->elf, lo, name)) {
                    entry = lo;
                    n_found++;
                }
            }
            dwarf_dealloc_rnglists_head(head);
        }
    } else if (res == DW_DLV_OK) {
        /* DWARF 2-4 .debug_ranges: offsets from the CU's base address
         * (its low_pc) unless an entry selects another. */
        Dwarf_Off cu_off, real;
        Dwarf_Die cu_die;
        Dwarf_Addr base = 0;
        Dwarf_Ranges *ranges = NULL;
        Dwarf_Signed count = 0;
        Dwarf_Unsigned bytes = 0;

        if (dwarf_CU_dieoffset_given_die(die, &cu_off, &e) == DW_DLV_OK
            && dwarf_offdie_b(r->dbg, cu_off, dwarf_get_die_infotypes_flag(die),
                              &cu_die, &e) == DW_DLV_OK) {
            if (dwarf_lowpc(cu_die, &base, &e) != DW_DLV_OK) {
                base = 0;
            }
            dwarf_dealloc_die(cu_die);
        }
        if (e) {
            dwarf_dealloc_error(r->dbg, e);
            e = NULL;
        }
        if (dwarf_get_ranges_b(r->dbg, value, die, &real, &ranges, &count,
                               &bytes, &e) == DW_DLV_OK) {
            for (Dwarf_Signed i = 0; i < count; i++) {
                if (ranges[i].dwr_type == DW_RANGES_ADDRESS_SELECTION) {
                    base = ranges[i].dwr_addr2;
                } else if (ranges[i].dwr_type == DW_RANGES_ENTRY
                           && base + ranges[i].dwr_addr1
                           && dm_elf_has_func_symbol__(
                                  r->elf, base + ranges[i].dwr_addr1, name)) {
                    entry = base + ranges[i].dwr_addr1;
                    n_found++;
                }
            }
            dwarf_ranges_dealloc(r->dbg, ranges, count);
        }
    }
    if (e) {
        dwarf_dealloc_error(r->dbg, e);
    }
    dwarf_dealloc_attribute(attr);
    return n_found == 1 ? entry : 0;
}

/* Records a subprogram with code of its own, if the symbol table has a
 * function of the same name at its entry: that leaves out gcc's clones
 * ('f.constprop.0'), whose DIEs carry the original's name. */
static int
dm_function__(struct dm_reader__ *r, Dwarf_Die die)
{
    Dwarf_Addr low;
    Dwarf_Error e = NULL;
    struct dm_vattrs__ va;
    int res = dwarf_lowpc(die, &low, &e);

    if (res == DW_DLV_NO_ENTRY && dm_has__(r, die, DW_AT_ranges)) {
        if (dm_vattrs__(r, die, false, &va) || !va.name) {
            return r->err;
        }
        low = dm_ranges_entry__(r, die, va.name);
        res = low ? DW_DLV_OK : DW_DLV_NO_ENTRY;
    }

    if (res == DW_DLV_ERROR) {
        Dwarf_Attribute attr;
        Dwarf_Unsigned index;
        uint64_t addr;

        dwarf_dealloc_error(r->dbg, e);
        e = NULL;
        /* In a .dwo, low_pc is an index into the main file's .debug_addr. */
        if (dm_attr__(r, die, DW_AT_low_pc, &attr) || !attr) {
            return r->err;
        }
        res = dwarf_get_debug_addr_index(attr, &index, &e);
        dwarf_dealloc_attribute(attr);
        if (res != DW_DLV_OK || dm_addr_index__(r, die, index, &addr)) {
            dwarf_dealloc_error(r->dbg, e);
            return 0;                   /* No usable entry: not recorded. */
        }
        low = addr;
        res = DW_DLV_OK;
    }
    if (res != DW_DLV_OK || !low || dm_vattrs__(r, die, false, &va) || !va.name
        || !dm_elf_has_func_symbol__(r->elf, low, va.name)) {
        return r->err;
    }
    struct dm_func *f = dm_add_func__(r->g);
    if (!f) {
        return dm_nomem__(r);
    }
    f->name = va.name;
    f->cu = va.cu;
    f->address = low;
    f->external = va.external;
    return 0;
}

/* ---- The walk --------------------------------------------------------- */

static int dm_walk_die__(struct dm_reader__ *, Dwarf_Die, Dwarf_Half, void *);

struct dm_scope__ {
    Dwarf_Die func;                     /* Innermost function, or NULL. */
    int depth;
};

/* Visits a DIE of the walk for variables and functions.  The bodies of
 * inlined subroutines are not entered: a static of an inline function
 * lives in its abstract instance (gcc, clang: the subprogram with
 * DW_AT_inline, or clang's concrete one [A2] [A3]), whose storage every
 * inlined copy shares; the copies hold only its locals, parameters and
 * call sites, a fifth of the reading of -O2 code such as OVS.  A static
 * missed this way would still be reported by dm_check_coverage__. */
static int
dm_walk_die__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half tag, void *aux)
{
    const struct dm_scope__ *up = aux;
    struct dm_scope__ inner = { up->func, up->depth + 1 };

    if (inner.depth > DM_MAX_DEPTH) {
        return dm_fail__(r, -ELOOP, "DIE 0x%llx: scopes nested deeper "
                         "than %d", (unsigned long long) dm_off__(die),
                         DM_MAX_DEPTH);
    }
    switch (tag) {
    case DW_TAG_variable:
        return dm_variable__(r, die, up->func);
    case DW_TAG_subprogram:
        if (dm_function__(r, die)) {
            return r->err;
        }
        inner.func = die;
        return dm_children__(r, die, dm_walk_die__, &inner);
    case DW_TAG_lexical_block:
        return dm_children__(r, die, dm_walk_die__, &inner);
    default:
        return 0;
    }
}

static int dm_walk_dbg__(struct dm_reader__ *);

/* A split-DWARF unit to read once the main file's units are done. */
struct dm_dwo__ {
    const char *path;
    const char *name, *dir;             /* The skeleton's, or NULL. */
    uint64_t addr_base;                 /* DW_AT_addr_base of the skeleton. */
};

/* Reads the .dwo of a split-DWARF skeleton unit [B5], on its own: its
 * .debug_addr indexes are resolved by dm_addr_index__(). */
static int
dm_walk_dwo__(struct dm_reader__ *r, const struct dm_dwo__ *d)
{
    const char *path = d->path;
    Dwarf_Debug main_dbg = r->dbg;
    struct dm_dwarf__ dwo;
    Dwarf_Error e = NULL;

    int res = dm_dwarf_open__(path, &dwo, &e);
    if (res != DW_DLV_OK) {
        dwarf_dealloc_error(NULL, e);
        return dm_fail__(r, -ENOENT, "split DWARF: cannot read '%s' "
                         "(DW_AT_dwo_name of a skeleton unit)", path);
    }
    r->skeleton_name = d->name;
    r->skeleton_dir = d->dir;
    r->addr_base = d->addr_base;
    r->dbg = dwo.dbg;
    r->dbg_index = ++r->n_dwo;          /* Keys stay distinct per .dwo. */
    dm_walk_dbg__(r);
    r->dbg = main_dbg;
    r->dbg_index = 0;
    r->skeleton_name = r->skeleton_dir = NULL;
    dm_dwarf_close__(&dwo);
    return r->err;
}

/* A DW_FORM_sec_offset (or constant) attribute; -ENOENT when absent. */
static int
dm_sec_offset__(struct dm_reader__ *r, Dwarf_Die die, Dwarf_Half at,
                uint64_t *value)
{
    Dwarf_Attribute attr;
    Dwarf_Off off;
    Dwarf_Unsigned u;
    Dwarf_Error e = NULL;

    if (dm_attr__(r, die, at, &attr) || !attr) {
        return -ENOENT;
    }
    int res = dwarf_global_formref(attr, &off, &e);
    if (res == DW_DLV_OK) {
        *value = off;
    } else {
        dwarf_dealloc_error(r->dbg, e);
        e = NULL;
        res = dwarf_formudata(attr, &u, &e);
        if (res == DW_DLV_OK) {
            *value = u;
        } else {
            dwarf_dealloc_error(r->dbg, e);
        }
    }
    dwarf_dealloc_attribute(attr);
    return res == DW_DLV_OK ? 0 : -EINVAL;
}

static int
dm_add_dwo__(struct dm_reader__ *r, Dwarf_Die cu_die, const char *dwo_name)
{
    const char *dir = dm_string__(r, cu_die, DW_AT_comp_dir);
    struct dm_dwo__ *d = dm_grow__(&r->dwos, &r->n_dwos, &r->cap_dwos,
                                   sizeof *d);
    if (!d) {
        return dm_nomem__(r);
    }
    d->path = dwo_name[0] == '/' || !dir
              ? dm_intern__(r->g, dwo_name)
              : dm_internf__(r->g, "%s/%s", dir, dwo_name);
    d->name = dm_intern__(r->g, dm_string__(r, cu_die, DW_AT_name));
    d->dir = dm_intern__(r->g, dir);
    if (dm_sec_offset__(r, cu_die, DW_AT_addr_base, &d->addr_base)
        && dm_sec_offset__(r, cu_die, DW_AT_GNU_addr_base, &d->addr_base)) {
        d->addr_base = 0;               /* DWARF 4 .debug_addr: no header. */
    }
    return d->path ? 0 : dm_nomem__(r);
}

static int
dm_walk_dbg__(struct dm_reader__ *r)
{
    for (uint32_t n_units = 0; !r->err; n_units++) {
        Dwarf_Unsigned hdr_len, typeoff, next;
        Dwarf_Half version, addr_size, off_size, ext_size, unit_type = 0;
        Dwarf_Off abbrev_off;
        Dwarf_Sig8 sig;
        Dwarf_Die cu_die = NULL;
        Dwarf_Error e = NULL;

        int res = dwarf_next_cu_header_d(r->dbg, 1, &hdr_len, &version,
                                         &abbrev_off, &addr_size, &off_size,
                                         &ext_size, &sig, &typeoff, &next,
                                         &unit_type, &e);
        if (res == DW_DLV_NO_ENTRY) {
            break;
        }
        if (res == DW_DLV_ERROR) {
            return dm_dwfail__(r, e, NULL, "unit header");
        }
        res = dwarf_siblingof_b(r->dbg, NULL, 1, &cu_die, &e);
        if (res == DW_DLV_ERROR) {
            return dm_dwfail__(r, e, NULL, "unit DIE");
        }
        if (res != DW_DLV_OK) {
            continue;
        }
        Dwarf_Half tag = dm_tag__(r, cu_die);
        const char *dwo_name = dm_string__(r, cu_die, DW_AT_dwo_name);
        if (!dwo_name) {
            dwo_name = dm_string__(r, cu_die, DW_AT_GNU_dwo_name);
        }
        if (r->err || unit_type == DW_UT_type || tag == DW_TAG_type_unit
            || tag == DW_TAG_partial_unit) {
            /* Type units are reached by signature [B6]. */
        } else if (dwo_name && r->dbg_index == 0) {
            dm_add_dwo__(r, cu_die, dwo_name);
        } else {
            struct dm_scope__ top = { NULL, 0 };
            dm_children__(r, cu_die, dm_walk_die__, &top);
        }
        dwarf_dealloc_die(cu_die);
    }
    return r->err;
}

/* ---- Placement -------------------------------------------------------- */

/* True if the object's size comes from its definition, not its type: a
 * flexible array member, 'int v[];', a zero-length trailing array, or an
 * incomplete struct [C5] [C6]. */
static bool
dm_size_from_symbol__(const struct dm_graph *g, dm_type_id id)
{
    const struct dm_type *t = dm_type(g, dm_type_strip(g, id));

    if (t->declaration) {
        return true;
    }
    if (t->kind == DM_TYPE_ARRAY) {
        return t->count && (g->dims[t->first] == DM_DIM_UNBOUNDED
                            || g->dims[t->first] == 0);
    }
    if (t->kind == DM_TYPE_STRUCT && t->count) {
        const struct dm_member *last = &g->members[t->first + t->count - 1];
        const struct dm_type *lt = dm_type(g, dm_type_strip(g, last->type));
        return lt->kind == DM_TYPE_ARRAY && lt->count
               && (g->dims[lt->first] == DM_DIM_UNBOUNDED
                   || g->dims[lt->first] == 0);
    }
    return false;
}

/* 'bump.hits' or 'bump.hits.1' -> 'bump' (clang's names) [A3]. */
static const char *
dm_function_from_symbol__(struct dm_graph *g, const char *sym,
                          const char *var)
{
    size_t vlen = strlen(var);

    for (const char *dot = strchr(sym, '.'); dot; dot = strchr(dot + 1, '.')) {
        if (!strncmp(dot + 1, var, vlen)
            && (dot[1 + vlen] == '\0' || dot[1 + vlen] == '.')) {
            char fn[512];
            size_t n = dot - sym;
            if (!n || n >= sizeof fn) {
                return NULL;
            }
            memcpy(fn, sym, n);
            fn[n] = '\0';
            return dm_intern__(g, fn);
        }
    }
    return NULL;
}

/* Sizes and places one variable: section, writability, symbol.  Returns
 * false if its storage lies outside the object (a --gc-sections tombstone
 * [A11]): it is then no state. */
static bool
dm_place_var__(struct dm_reader__ *r, struct dm_var *v)
{
    struct dm_graph *g = r->g;
    const struct dm_type *t = dm_type(g, v->type);
    bool tls = v->kind == DM_VAR_TLS;
    uint64_t size = t->size;
    const struct dm_section__ *sec;

    const struct dm_symbol__ *sym = v->n_pieces ? NULL
        : dm_elf_data_symbol__(r->elf, v->address, tls, size, v->name);
    if (sym) {
        v->symbol = sym->name;
        if (dm_size_from_symbol__(g, v->type) && sym->size > size) {
            size = sym->size;
        } else if (sym->size != size) {
            dm_diag__(g, DM_WARNING, "%s: DIE 0x%llx: DWARF size %llu, "
                      ".symtab '%s' size %llu", v->name,
                      (unsigned long long) v->die_offset,
                      (unsigned long long) size, sym->name,
                      (unsigned long long) sym->size);
        }
    }
    for (uint32_t i = 0; i < v->n_pieces; i++) {
        /* Pieces may reach past the type: a flexible array's elements. */
        const struct dm_piece *p = &g->pieces[v->first_piece + i];
        size = p->offset + p->size > size ? p->offset + p->size : size;
    }
    v->size = size;

    if (v->scope == DM_VAR_FUNC_STATIC && !v->function) {
        v->function = sym ? dm_function_from_symbol__(g, sym->name, v->name)
                          : NULL;
        if (!v->function) {
            v->function = dm_intern__(g, "<anonymous>");
            dm_diag__(g, DM_WARNING, "%s: DIE 0x%llx: the enclosing function "
                      "has no name and no symbol names it", v->name,
                      (unsigned long long) v->die_offset);
        }
    }

    if (tls) {
        sec = dm_elf_tls_section__(r->elf, v->address, size);
        if (!sec) {
            dm_diag__(g, DM_WARNING, "%s: DIE 0x%llx: TLS offset 0x%llx is "
                      "outside the TLS block", v->name,
                      (unsigned long long) v->die_offset,
                      (unsigned long long) v->address);
            return false;
        }
        v->section = sec->name;
        v->writable = true;
        return true;
    }

    uint32_t n = v->n_pieces ? v->n_pieces : 1;
    v->writable = true;
    for (uint32_t i = 0; i < n; i++) {
        const struct dm_piece *p = v->n_pieces ? &g->pieces[v->first_piece + i]
                                               : NULL;
        uint64_t addr = p ? p->address : v->address;
        uint64_t psize = p ? p->size : size;

        if (p && !p->present) {
            continue;
        }
        if (!addr || !dm_elf_in_load__(r->elf, addr, psize)) {
            return false;
        }
        sec = dm_elf_section__(r->elf, addr, psize);
        v->section = v->section ? v->section
                     : sec ? sec->name : dm_intern__(g, "");
        v->writable &= sec && sec->writable
                       && !dm_elf_in_relro__(r->elf, addr, psize);
    }
    if (v->n_pieces) {
        /* The first present piece stands for the variable. */
        for (uint32_t i = 0; i < v->n_pieces; i++) {
            if (g->pieces[v->first_piece + i].present) {
                v->address = g->pieces[v->first_piece + i].address;
                break;
            }
        }
    }
    return true;
}

/* A file-scope DIE without a location whose name a data symbol carries,
 * at storage that another variable has, is an alias of that variable
 * (gcc: 'extern int a __attribute__((alias("b")))') [A12], not state the
 * compiler removed. */
static void
dm_find_aliases__(struct dm_reader__ *r)
{
    struct dm_graph *g = r->g;

    for (uint32_t i = 0; i < g->n_nostate; i++) {
        struct dm_nostate *ns = &g->nostate[i];
        const struct dm_symbol__ *sym = ns->reason == DM_NOSTATE_OPTIMISED_OUT
            ? dm_elf_symbol_named__(r->elf, ns->name) : NULL;

        for (uint32_t j = 0; sym && j < g->n_vars; j++) {
            const struct dm_var *v = &g->vars[j];
            if (v->name != ns->name && (v->kind == DM_VAR_TLS)
                                       == (sym->kind == DM_SYM_TLS)
                && sym->value >= v->address
                && sym->value < v->address + (v->size ? v->size : 1)) {
                ns->reason = DM_NOSTATE_ALIAS;
                break;
            }
        }
    }
}

static int
dm_place__(struct dm_reader__ *r)
{
    struct dm_graph *g = r->g;
    uint32_t out = 0;

    if (dm_graph_check_cycles__(g, r->errbuf, r->errlen)) {
        return r->err = -ELOOP;
    }
    dm_graph_size_types__(g);
    if (dm_graph_check_layouts__(g, r->errbuf, r->errlen)) {
        return r->err = -EINVAL;
    }
    for (uint32_t i = 0; i < g->n_vars; i++) {
        struct dm_var *v = &g->vars[i];

        if (dm_place_var__(r, v)) {
            g->vars[out++] = *v;
            continue;
        }
        const char *id = dm_var_id__(g, v);
        if (!id || dm_add_nostate__(g, id, v->name, DM_NOSTATE_DISCARDED,
                                    v->die_offset)) {
            return dm_nomem__(r);
        }
    }
    g->n_vars = out;
    dm_find_aliases__(r);
    return 0;
}

/* ---- Undescribed state ------------------------------------------------ */

struct dm_cover__ {
    struct dm_reader__ *r;
    uint64_t *ranges;                   /* Sorted [start, end) pairs. */
    uint32_t n;
    uint32_t undescribed;
};

static int
dm_cmp_range__(const void *a_, const void *b_)
{
    const uint64_t *a = a_, *b = b_;

    return a[0] < b[0] ? -1 : a[0] > b[0];
}

static void
dm_check_symbol__(const struct dm_symbol__ *s, void *aux)
{
    struct dm_cover__ *c = aux;
    uint64_t key = s->value | (s->kind == DM_SYM_TLS ? 1ULL << 63 : 0);
    uint32_t lo = 0, hi = c->n;

    while (lo < hi) {                   /* Last range starting <= key. */
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->ranges[2 * mid] <= key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo && key < c->ranges[2 * (lo - 1) + 1] + (s->size == 0)) {
        return;
    }
    if (c->undescribed++ < 16) {
        dm_diag__(c->r->g, DM_WARNING, "%s: %s symbol '%s' (%llu bytes) has "
                  "no DWARF description; it cannot be migrated", c->r->path,
                  s->kind == DM_SYM_TLS ? "TLS" : "data", s->name,
                  (unsigned long long) s->size);
    }
}

/* Data symbols in writable storage that no DWARF variable covers are state
 * this tool cannot see: each is reported.  With no variable DIEs at all,
 * the debug info is line tables only (-g1, -gline-tables-only): refused. */
static int
dm_check_coverage__(struct dm_reader__ *r)
{
    struct dm_graph *g = r->g;
    struct dm_cover__ c = { .r = r };

    c.ranges = malloc(((size_t) g->n_vars + g->n_pieces + g->n_nostate + 1)
                      * 2 * sizeof *c.ranges);
    if (!c.ranges) {
        return dm_nomem__(r);
    }
    for (uint32_t i = 0; i < g->n_vars; i++) {
        const struct dm_var *v = &g->vars[i];
        uint64_t tls = v->kind == DM_VAR_TLS ? 1ULL << 63 : 0;

        for (uint32_t j = 0; j < (v->n_pieces ? v->n_pieces : 1); j++) {
            const struct dm_piece *p = v->n_pieces
                                       ? &g->pieces[v->first_piece + j] : NULL;
            uint64_t start = (p ? p->address : v->address) | tls;

            c.ranges[2 * c.n] = start;
            c.ranges[2 * c.n + 1] = start + (p ? p->size : v->size);
            c.n++;
        }
    }
    for (uint32_t i = 0; i < g->n_nostate; i++) {
        const struct dm_nostate *ns = &g->nostate[i];

        if (ns->reason == DM_NOSTATE_DERIVED) {
            c.ranges[2 * c.n] = ns->address;
            c.ranges[2 * c.n + 1] = ns->address + ns->size;
            c.n++;
        }
    }
    dm_sort__(c.ranges, c.n, 2 * sizeof *c.ranges, dm_cmp_range__);
    dm_elf_for_each_state_symbol__(r->elf, dm_check_symbol__, &c);
    free(c.ranges);

    if (!r->n_var_dies && c.undescribed) {
        return dm_fail__(r, -EINVAL, "the debug info describes no variables "
                         "but .symtab has %u data objects (built with -g1 or "
                         "-gline-tables-only?)", c.undescribed);
    }
    if (c.undescribed > 16) {
        dm_diag__(g, DM_WARNING, "%s: %u more data symbols have no DWARF "
                  "description", r->path, c.undescribed - 16);
    }
    return 0;
}

/* ---- Entry ------------------------------------------------------------ */

int
dm_dwarf_read__(struct dm_graph *g, const struct dm_elf__ *elf,
                const char *path, const struct dm_load_opts *opts,
                char *errbuf, size_t errlen)
{
    const char *debug_path = opts && opts->sz >= offsetof(struct dm_load_opts,
                                                          debug_file)
                                             + sizeof opts->debug_file
                             && opts->debug_file ? opts->debug_file : path;
    struct dm_reader__ r = {
        .g = g, .elf = elf, .path = debug_path,
        .errbuf = errbuf, .errlen = errlen,
        .strip_prefix = opts && opts->sz >= offsetof(struct dm_load_opts,
                                                     strip_prefix)
                                             + sizeof opts->strip_prefix
                        ? opts->strip_prefix : NULL,
    };
    Dwarf_Error e = NULL;

    if (debug_path != path) {
        int err = dm_elf_check_debug_file__(debug_path, g->build_id, errbuf,
                                            errlen);
        if (err) {
            return err;
        }
    }
    if (debug_path == path && !dm_elf_has_dwarf__(elf)) {
        snprintf(errbuf, errlen, "%s: no DWARF debug info (build with -g, "
                 "or give the separate debug file)", path);
        return -ENODATA;
    }
    struct dm_dwarf__ file;
    int res = dm_dwarf_open__(debug_path, &file, &e);
    if (res != DW_DLV_OK) {
        int err = res == DW_DLV_ERROR ? EINVAL : errno ? errno : ENODATA;

        snprintf(errbuf, errlen, "%s: %s", debug_path,
                 res == DW_DLV_ERROR ? dwarf_errmsg(e)
                 : err == ENODATA ? "no DWARF debug info" : strerror(err));
        dwarf_dealloc_error(NULL, e);
        return -err;
    }
    r.dbg = file.dbg;

    dm_walk_dbg__(&r);
    if (r.n_dwos && !r.err
        && dm_elf_read_section__(debug_path, ".debug_addr", &r.debug_addr,
                                 &r.debug_addr_size, NULL)) {
        dm_fail__(&r, -EINVAL, "split DWARF: cannot read .debug_addr");
    }
    for (uint32_t i = 0; i < r.n_dwos && !r.err; i++) {
        dm_walk_dwo__(&r, &r.dwos[i]);
    }
    free(r.dwos);
    free(r.debug_addr);
    if (!r.err) {
        dm_place__(&r);
    }
    if (!r.err) {
        dm_check_coverage__(&r);
    }
    dm_dwarf_close__(&file);
    dm_map_destroy__(&r.types);
    dm_map_destroy__(&r.cus);
    free(r.cu_names);
    return r.err;
}
