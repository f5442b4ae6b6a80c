/* The code generator.  Two passes, as in libbpf's btf_dump: first order
 * (collect, post-order, the types to declare and the type pairs that need a
 * function), then emit.
 *
 * Layouts are declared packed, with every hole spelled out as padding, so
 * that any layout DWARF describes (packed, over-aligned, bitfields at odd
 * offsets) is reproduced exactly whatever the compiler's own rules; every
 * size and byte offset is then pinned by a _Static_assert.  Pointers are
 * declared 'void *': the generated code never follows them, it hands them
 * to the runtime's relocation services. */
#include "migrate/gen.h"

#include "format.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum mg_side { MG_OLD, MG_NEW };

/* A set of C names (open addressing; the set owns them). */
struct mg_name {
    char *name;                         /* NULL: free. */
    unsigned next;                      /* mg_unique__: the suffix to try
                                         * next for this name as a base. */
};

struct mg_nameset {
    struct mg_name *slots;
    uint32_t cap, n;                    /* cap: 0 or a power of two. */
};

struct mg_names {
    const struct dm_graph *g;
    const char *prefix;                 /* "old" or "new". */
    char **names;                       /* By type id; NULL: not declared. */
    bool *emitted;
    struct mg_nameset used;             /* Names taken, for uniqueness. */
};

/* A run: members of a struct pair that are unchanged and contiguous, in
 * declaration order, in both layouts.  Both layouts declare it as one
 * member of one shared type, 'struct mg_run_K __runK', so that a single
 * struct assignment copies it: one wide move for the compiler, and a
 * plain assignment for the prover. */
struct mg_run {
    uint32_t pair;                      /* The pair it was found in. */
    uint32_t old_first, new_first;      /* Member indexes in each graph. */
    uint32_t count;
    uint64_t bits;                      /* Total width. */
    bool declared;
};

/* When a struct pair's function succeeds: not known yet, always, when
 * its predicate mig_can__T holds, or not stated (a hook inside). */
enum mg_can { MG_CAN_UNSET, MG_CAN_ALWAYS, MG_CAN_PRED, MG_CAN_NONE };

/* Bytes of migrate.c written to the file at a time. */
#define MG_OUTBUF 65536

/* A variable with one layout in both builds that holds pointers needs no
 * code: the runtime copies it and relocates the words its table lists
 * (a RELOCATE entry, hotup/migration.h).  One row of the table: 'count'
 * words 'stride' bytes apart. */
struct mg_word {
    uint64_t off, stride, size;
    uint32_t count;
    const char *kind;                   /* "DATA", "CODE" or "CHECK". */
};

struct mg_table {
    struct mg_word *w;
    size_t n, cap;
    bool refused;                       /* Too many rows, or a pointer that
                                         * is not 8 bytes: code instead. */
};

/* Rows a table may have before the variable gets generated code. */
#define MG_TABLE_MAX 4096

struct mg_gen {
    const struct dm_diff *d;
    const struct mg_hooks *hooks;       /* May be NULL. */
    struct mg_sink out;                 /* migrate.c, through a buffer of
                                         * MG_OUTBUF bytes. */
    struct mg_names side[2];
    uint32_t *run_of[2];                /* By member: run index + 1, or 0. */
    struct mg_run *runs;
    uint32_t n_runs;
    char **fn_names;                    /* By pair: "mig__X", or NULL. */
    bool *fn_emitted;
    bool *map_emitted;
    bool *zero_emitted;                 /* By old type: mg_zero__T emitted. */
    enum mg_can *can;                   /* By struct pair (mg_struct_can__). */
    unsigned post_depth;                /* Arrays nested in mg_post__. */
    struct mg_nameset used_fns;
    struct mg_table *tables;            /* By change: its RELOCATE table,
                                         * or n == 0. */
    int err;
    char *errbuf;
    size_t errlen;
};

static void
mg_fail__(struct mg_gen *gen, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
mg_fail__(struct mg_gen *gen, int err, const char *fmt, ...)
{
    if (!gen->err) {
        va_list args;

        va_start(args, fmt);
        vsnprintf(gen->errbuf, gen->errlen, fmt, args);
        va_end(args);
        gen->err = err;
    }
}

static void
mg_out__(struct mg_gen *gen, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
mg_out__(struct mg_gen *gen, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    mg_vformat__(&gen->out, fmt, args);
    va_end(args);
}

/* Appends to the string of *used bytes in buf; *used may pass 'len',
 * which the caller tests for truncation. */
static void
mg_append__(char *buf, size_t len, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
mg_append__(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    *used += mg_vfmt__(buf + (*used < len ? *used : len),
                       *used < len ? len - *used : 0, fmt, args);
    va_end(args);
}

static const struct dm_graph *
mg_graph__(const struct mg_gen *gen, enum mg_side s)
{
    return gen->side[s].g;
}

static const struct dm_type *
mg_type__(const struct mg_gen *gen, enum mg_side s, dm_type_id id)
{
    return dm_type(mg_graph__(gen, s), id);
}

static dm_type_id
mg_strip__(const struct mg_gen *gen, enum mg_side s, dm_type_id id)
{
    return dm_type_strip(mg_graph__(gen, s), id);
}

/* ---- Names ------------------------------------------------------------ */

/* A C identifier from 's': other characters become '_'. */
static void
mg_sanitize__(char *out, size_t len, const char *s)
{
    size_t i = 0;

    for (; s && *s && i + 1 < len; s++) {
        char c = *s;
        out[i++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                   || (c >= '0' && c <= '9') || c == '_' ? c : '_';
    }
    out[i] = '\0';
}

/* The slot of 'name' in 'set', or the free slot where it would go. */
static struct mg_name *
mg_nameset_slot__(const struct mg_nameset *set, const char *name)
{
    uint32_t h = 2166136261u;           /* FNV-1a. */

    for (const char *p = name; *p; p++) {
        h = (h ^ (unsigned char) *p) * 16777619u;
    }
    for (uint32_t i = h & (set->cap - 1); ; i = (i + 1) & (set->cap - 1)) {
        if (!set->slots[i].name || !strcmp(set->slots[i].name, name)) {
            return &set->slots[i];
        }
    }
}

/* Adds 'name' (taken over) to 'set', which must not hold it. */
static int
mg_nameset_add__(struct mg_nameset *set, char *name)
{
    if (2 * (set->n + 1) > set->cap) {  /* At most half full. */
        struct mg_nameset grown = { NULL, set->cap ? 2 * set->cap : 64,
                                    set->n };

        if (!(grown.slots = calloc(grown.cap, sizeof *grown.slots))) {
            return -ENOMEM;
        }
        for (uint32_t i = 0; i < set->cap; i++) {
            if (set->slots[i].name) {
                *mg_nameset_slot__(&grown, set->slots[i].name) = set->slots[i];
            }
        }
        free(set->slots);
        *set = grown;
    }
    *mg_nameset_slot__(set, name) = (struct mg_name) { name, 2 };
    set->n++;
    return 0;
}

static void
mg_nameset_free__(struct mg_nameset *set)
{
    for (uint32_t i = 0; i < set->cap; i++) {
        free(set->slots[i].name);
    }
    free(set->slots);
}

/* 'base', or 'base_2', 'base_3'... the first not yet in 'used', added to
 * it.  Names are never removed, so the search for 'base' resumes after
 * the suffix it last gave (OVS has a hundred 'old__anon' types). */
static char *
mg_unique__(struct mg_gen *gen, struct mg_nameset *used, const char *base)
{
    const struct mg_name *taken = used->cap ? mg_nameset_slot__(used, base)
                                            : NULL;
    unsigned k = taken && taken->name ? taken->next : 0;
    char name[300];

    mg_fmt__(name, sizeof name, "%s", base);
    for (; k && mg_nameset_slot__(used, name)->name; k++) {
        mg_fmt__(name, sizeof name, "%s_%u", base, k);
    }
    char *copy = strdup(name);
    if (!copy || mg_nameset_add__(used, copy)) {
        free(copy);
        mg_fail__(gen, -ENOMEM, "out of memory");
        return NULL;
    }
    if (k) {                            /* The set may have grown. */
        mg_nameset_slot__(used, base)->next = k;
    }
    return copy;
}

/* The C name of aggregate type 'id' on side 's', assigned on first use. */
static const char *
mg_type_name__(struct mg_gen *gen, enum mg_side s, dm_type_id id)
{
    struct mg_names *side = &gen->side[s];

    if (!side->names[id]) {
        const struct dm_type *t = mg_type__(gen, s, id);
        char base[256], clean[200];

        mg_sanitize__(clean, sizeof clean, t->name ? t->name : "anon");
        mg_fmt__(base, sizeof base, "%s__%s", side->prefix, clean);
        side->names[id] = mg_unique__(gen, &side->used, base);
    }
    return side->names[id] ? side->names[id] : "?";
}

/* ---- C types ---------------------------------------------------------- */

static const char *
mg_int_type__(uint64_t size, bool is_signed)
{
    switch (size) {
    case 1: return is_signed ? "int8_t" : "uint8_t";
    case 2: return is_signed ? "int16_t" : "uint16_t";
    case 4: return is_signed ? "int32_t" : "uint32_t";
    case 8: return is_signed ? "int64_t" : "uint64_t";
    case 16: return is_signed ? "__int128" : "unsigned __int128";
    default: return NULL;
    }
}

static bool
mg_signed__(const struct dm_type *t)
{
    return t->encoding == DM_ENC_SIGNED || t->encoding == DM_ENC_SIGNED_CHAR;
}

/* The C spelling of a scalar (base, enum, pointer), or NULL if the type
 * is opaque bytes. */
static const char *
mg_scalar__(const struct dm_type *t)
{
    if (t->kind == DM_TYPE_POINTER) {
        return "void *";
    }
    if (t->kind == DM_TYPE_ENUM) {
        return mg_int_type__(t->size, mg_signed__(t));
    }
    if (t->kind != DM_TYPE_BASE) {
        return NULL;
    }
    switch (t->encoding) {
    case DM_ENC_BOOL:
        return t->size == 1 ? "_Bool" : mg_int_type__(t->size, false);
    case DM_ENC_SIGNED:
    case DM_ENC_SIGNED_CHAR:
    case DM_ENC_UNSIGNED:
    case DM_ENC_UNSIGNED_CHAR:
        return mg_int_type__(t->size, mg_signed__(t));
    case DM_ENC_FLOAT:
        return t->size == 2 ? "_Float16" : t->size == 4 ? "float"
               : t->size == 8 ? "double"
               : t->size == 16 ? (t->name && strstr(t->name, "128")
                                  ? "_Float128" : "long double") : NULL;
    case DM_ENC_COMPLEX_FLOAT:
        return t->size == 8 ? "float _Complex" : t->size == 16
               ? "double _Complex" : t->size == 32 ? "long double _Complex"
               : NULL;
    default:
        return NULL;
    }
}

/* True for a floating type: its zero test must be byte by byte, as -0.0
 * compares equal to 0 but holds state. */
static bool
mg_float__(const struct dm_type *t)
{
    return t->kind == DM_TYPE_BASE && (t->encoding == DM_ENC_FLOAT
                                       || t->encoding == DM_ENC_COMPLEX_FLOAT);
}

/* True for a scalar whose zero test is by value (cut-off elements,
 * mg_zero__T): not an array, not a float. */
static bool
mg_zero_by_value__(const struct dm_type *t)
{
    return mg_scalar__(t) && t->kind != DM_TYPE_ARRAY && !mg_float__(t);
}

/* Writes the declaration of 'name' with (stripped) type 'id' on side 's'
 * into buf: "int32_t x", "struct old__node n[4][2]", "unsigned char v[16]". */
static void
mg_decl__(struct mg_gen *gen, enum mg_side s, dm_type_id id, const char *name,
          char *buf, size_t len)
{
    const struct dm_type *t = mg_type__(gen, s, id);
    char dims[256] = "";
    size_t used = 0;

    while (t->kind == DM_TYPE_ARRAY && !t->vector) {
        const struct dm_graph *g = mg_graph__(gen, s);
        for (uint32_t i = 0; i < t->count; i++) {
            uint64_t dim = g->dims[t->first + i];
            used += mg_fmt__(dims + used, used < sizeof dims ? sizeof dims - used : 0,
                             dim == DM_DIM_UNBOUNDED ? "[]" : "[%" PRIu64 "]",
                             dim);
        }
        id = mg_strip__(gen, s, t->target);
        t = mg_type__(gen, s, id);
    }
    if (t->kind == DM_TYPE_STRUCT || t->kind == DM_TYPE_UNION) {
        mg_fmt__(buf, len, "%s %s %s%s", t->kind == DM_TYPE_STRUCT
                 ? "struct" : "union", mg_type_name__(gen, s, id), name, dims);
        return;
    }
    const char *scalar = mg_scalar__(t);
    if (scalar) {
        mg_fmt__(buf, len, "%s%s%s%s", scalar,
                 scalar[strlen(scalar) - 1] == '*' ? "" : " ", name, dims);
    } else {
        mg_fmt__(buf, len, "unsigned char %s%s[%" PRIu64 "]", name, dims,
                 t->size);
    }
}

/* ---- Declarations ----------------------------------------------------- */

static void mg_declare__(struct mg_gen *, enum mg_side, dm_type_id);

/* Declares the aggregates a value of type 'id' holds by value. */
static void
mg_declare_inner__(struct mg_gen *gen, enum mg_side s, dm_type_id id)
{
    const struct dm_type *t = mg_type__(gen, s, mg_strip__(gen, s, id));

    while (t->kind == DM_TYPE_ARRAY && !t->vector) {
        id = t->target;
        t = mg_type__(gen, s, mg_strip__(gen, s, id));
    }
    if (t->kind == DM_TYPE_STRUCT || t->kind == DM_TYPE_UNION) {
        mg_declare__(gen, s, mg_strip__(gen, s, id));
    }
}

/* Padding from bit 'cur' to bit 'next' inside a packed aggregate. */
static void
mg_pad__(struct mg_gen *gen, uint64_t cur, uint64_t next, unsigned *npad,
         int indent)
{
    while (cur < next) {
        uint64_t bits;

        if (cur % 8 == 0 && next - cur >= 8) {
            uint64_t bytes = (next - cur) / 8;
            mg_out__(gen, "%*sunsigned char __mg_pad%u[%" PRIu64 "];\n", indent,
                     "", (*npad)++, bytes);
            bits = bytes * 8;
        } else {
            bits = cur % 8 ? 8 - cur % 8 : next - cur;
            bits = bits > next - cur ? next - cur : bits;
            mg_out__(gen, "%*sunsigned char : %" PRIu64 ";\n", indent, "",
                     bits);
        }
        cur += bits;
    }
}

static const char *
mg_bitfield_type__(const struct dm_type *t)
{
    if (t->kind == DM_TYPE_BASE && t->encoding == DM_ENC_BOOL) {
        return "_Bool";
    }
    bool sg = mg_signed__(t);
    switch (t->size) {
    case 1: return sg ? "signed char" : "unsigned char";
    case 2: return sg ? "signed short" : "unsigned short";
    case 4: return sg ? "signed int" : "unsigned int";
    default: return sg ? "signed long long" : "unsigned long long";
    }
}

/* The member name an anonymous union gets in generated code: the diff
 * matches it by its first member's name. */
static void
mg_union_member_name__(const struct dm_graph *g, const struct dm_type *u,
                       char *buf, size_t len)
{
    mg_fmt__(buf, len, "__u_%s", u->count && g->members[u->first].name
             ? g->members[u->first].name : "anon");
}

static void mg_declare_inner__(struct mg_gen *, enum mg_side, dm_type_id);

/* The run member index 'mi' of side 's' belongs to, or NULL. */
static const struct mg_run *
mg_run_of__(const struct mg_gen *gen, enum mg_side s, uint32_t mi)
{
    uint32_t r = gen->run_of[s] ? gen->run_of[s][mi] : 0;
    return r ? &gen->runs[r - 1] : NULL;
}

/* The run that pair 'pi' copies whole and that member plan 'mp' is part
 * of, or NULL. */
static const struct mg_run *
mg_pair_run__(const struct mg_gen *gen, uint32_t pi, const struct dm_mplan *mp)
{
    const struct mg_run *run = mp->old_member >= 0
        ? mg_run_of__(gen, MG_NEW, mp->new_member) : NULL;

    return run && run->pair == pi
           && mg_run_of__(gen, MG_OLD, (uint32_t) mp->old_member) == run
           ? run : NULL;
}

/* Declares 'struct mg_run_K' from the old layout's members. */
static void
mg_declare_run__(struct mg_gen *gen, uint32_t k)
{
    struct mg_run *run = &gen->runs[k];
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    char decl[512];

    if (run->declared) {
        return;
    }
    run->declared = true;
    for (uint32_t i = 0; i < run->count; i++) {
        mg_declare_inner__(gen, MG_OLD, g->members[run->old_first + i].type);
    }
    mg_out__(gen, "\n/* Members unchanged in both layouts, copied as one. */\n"
             "struct __attribute__((packed)) mg_run_%u {\n", k + 1);
    for (uint32_t i = 0; i < run->count; i++) {
        const struct dm_member *m = &g->members[run->old_first + i];
        mg_decl__(gen, MG_OLD, mg_strip__(gen, MG_OLD, m->type), m->name, decl,
                  sizeof decl);
        mg_out__(gen, "    %s;\n", decl);
    }
    mg_out__(gen, "};\n_Static_assert(sizeof(struct mg_run_%u) == %" PRIu64
             ", \"layout drift\");\n", k + 1, run->bits / 8);
}

/* The members of struct or union 't', from bit 'base'. */
static void
mg_body__(struct mg_gen *gen, enum mg_side s, const struct dm_type *t,
          unsigned *npad, int indent)
{
    const struct dm_graph *g = mg_graph__(gen, s);
    uint64_t cur = 0;
    bool is_union = t->kind == DM_TYPE_UNION;

    for (uint32_t i = 0; i < t->count && !gen->err; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        dm_type_id mid = mg_strip__(gen, s, m->type);
        const struct dm_type *mt = mg_type__(gen, s, mid);
        uint64_t bits = m->bit_size ? m->bit_size : mt->size * 8;
        const struct mg_run *run = mg_run_of__(gen, s, t->first + i);
        char decl[512];

        if (run) {
            /* The run is declared in the place of its first member. */
            mg_pad__(gen, cur, m->bit_offset, npad, indent);
            mg_out__(gen, "%*sstruct mg_run_%u __run%u;\n", indent, "",
                     (unsigned) (run - gen->runs) + 1,
                     (unsigned) (run - gen->runs) + 1);
            cur = m->bit_offset + run->bits;
            i += run->count - 1;
            continue;
        }

        if (!is_union && m->bit_offset < cur) {
            mg_fail__(gen, -EINVAL, "%s: struct %s: member %s overlaps the "
                      "one before it", g->path, t->name ? t->name : "(anon)",
                      m->name ? m->name : "(anon)");
            return;
        }
        if (!is_union) {
            mg_pad__(gen, cur, m->bit_offset, npad, indent);
        }
        if (m->bit_size) {
            mg_out__(gen, "%*s%s %s : %u;\n", indent, "",
                     mg_bitfield_type__(mt), m->name ? m->name : "", m->bit_size);
        } else if (!m->name && mt->kind == DM_TYPE_STRUCT) {
            mg_out__(gen, "%*sstruct __attribute__((packed)) {\n", indent, "");
            mg_body__(gen, s, mt, npad, indent + 4);
            mg_out__(gen, "%*s};\n", indent, "");
        } else if (!m->name && mt->kind == DM_TYPE_UNION) {
            char uname[256];
            mg_union_member_name__(g, mt, uname, sizeof uname);
            mg_decl__(gen, s, mid, uname, decl, sizeof decl);
            mg_out__(gen, "%*s%s;\n", indent, "", decl);
        } else {
            mg_decl__(gen, s, mid, m->name ? m->name : "__anon", decl,
                      sizeof decl);
            mg_out__(gen, "%*s%s;\n", indent, "", decl);
        }
        cur = is_union ? 0 : m->bit_offset + bits;
    }
    if (is_union) {
        mg_out__(gen, "%*sunsigned char __mg_size[%" PRIu64 "];\n", indent, "",
                 t->size);
    } else {
        mg_pad__(gen, cur, t->size * 8, npad, indent);
    }
}

static void mg_member_path__(struct mg_gen *, enum mg_side, uint32_t mi,
                             char *buf, size_t len);

/* _Static_assert on the size and every byte offset of a named member. */
static void
mg_asserts__(struct mg_gen *gen, enum mg_side s, const char *cname,
             const struct dm_type *t, uint64_t base, bool is_union)
{
    const struct dm_graph *g = mg_graph__(gen, s);

    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        const struct dm_type *mt = mg_type__(gen, s, mg_strip__(gen, s, m->type));
        char path[300];

        if (m->bit_size) {
            continue;
        }
        if (!m->name && mt->kind == DM_TYPE_STRUCT) {
            mg_asserts__(gen, s, cname, mt, base + m->bit_offset / 8, is_union);
        } else if (m->name) {
            mg_member_path__(gen, s, t->first + i, path, sizeof path);
            mg_out__(gen, "_Static_assert(offsetof(%s %s, %s) == %" PRIu64
                     ", \"layout drift\");\n", is_union ? "union" : "struct",
                     cname, path, base + m->bit_offset / 8);
        }
    }
}

static void
mg_declare__(struct mg_gen *gen, enum mg_side s, dm_type_id id)
{
    struct mg_names *side = &gen->side[s];
    const struct dm_type *t = mg_type__(gen, s, id);
    const struct dm_graph *g = mg_graph__(gen, s);

    if (side->emitted[id] || gen->err) {
        return;
    }
    side->emitted[id] = true;           /* By value there are no cycles. */
    if (t->declaration) {
        mg_fail__(gen, -EINVAL, "%s: DIE 0x%" PRIx64 ": %s is incomplete but "
                  "held by value", g->path, t->die_offset,
                  t->name ? t->name : "(anonymous)");
        return;
    }
    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        const struct dm_type *mt = mg_type__(gen, s, mg_strip__(gen, s, m->type));

        const struct mg_run *run = mg_run_of__(gen, s, t->first + i);

        if (run) {
            mg_declare_run__(gen, (uint32_t) (run - gen->runs));
        } else if (!m->name && mt->kind == DM_TYPE_STRUCT) {
            for (uint32_t j = 0; j < mt->count; j++) {
                mg_declare_inner__(gen, s, g->members[mt->first + j].type);
            }
        } else {
            mg_declare_inner__(gen, s, m->type);
        }
    }
    const char *kw = t->kind == DM_TYPE_UNION ? "union" : "struct";
    const char *cname = mg_type_name__(gen, s, id);
    unsigned npad = 0;

    mg_out__(gen, "\n/* %s %s: %" PRIu64 " bytes (DIE 0x%" PRIx64 " of the %s "
             "build) */\n%s __attribute__((packed)) %s {\n", kw,
             t->name ? t->name : "<anonymous>", t->size, t->die_offset,
             side->prefix, kw, cname);
    mg_body__(gen, s, t, &npad, 4);
    mg_out__(gen, "};\n_Static_assert(sizeof(%s %s) == %" PRIu64
             ", \"layout drift\");\n", kw, cname, t->size);
    if (t->kind == DM_TYPE_STRUCT) {
        mg_asserts__(gen, s, cname, t, 0, false);
    }
}

/* ---- Conversions ------------------------------------------------------ */

/* An integer literal of the value 'v', signed (LL) for comparing with a
 * signed value, or unsigned (ULL). */
static void
mg_literal__(char *buf, size_t len, __int128 v, bool is_signed)
{
    if (v == -(__int128) INT64_MAX - 1) {
        mg_fmt__(buf, len, "(-9223372036854775807LL - 1)");
    } else if (v < 0 || (is_signed && v <= INT64_MAX)) {
        mg_fmt__(buf, len, "%" PRId64 "LL", (int64_t) v);
    } else {
        mg_fmt__(buf, len, "%" PRIu64 "ULL", (uint64_t) v);
    }
}

/* The range of an integer of type 't' and 'bits' bits (0: all of it). */
static void
mg_range__(const struct dm_type *t, uint32_t bits, __int128 *min, __int128 *max)
{
    uint32_t w = bits ? bits : t->size * 8;

    if (t->kind == DM_TYPE_BASE && t->encoding == DM_ENC_BOOL) {
        *min = 0;
        *max = 1;
    } else if (mg_signed__(t)) {
        w = w > 64 ? 64 : w;
        *max = ((__int128) 1 << (w - 1)) - 1;
        *min = -*max - 1;
    } else {
        w = w > 64 ? 64 : w;
        *min = 0;
        *max = ((__int128) 1 << w) - 1;
    }
}

static void mg_conv__(struct mg_gen *, uint32_t pair, const char *src,
                      const char *dst, uint32_t obits, uint32_t nbits,
                      int indent, int depth);

static const char *mg_pair_fn__(struct mg_gen *, uint32_t pair);
static const char *mg_zero_fn__(struct mg_gen *, dm_type_id);

/* The ACSL predicate of a struct pair: "mig_ok__T" for "mig__T". */
/* True if old type 'id' is a struct whose members, through named and
 * anonymous structs, are all integers, bools or enums, each declared on
 * its own (no run of members) on both sides.  An unchanged such struct is
 * copied and stated member by member, which WP follows; it cannot follow a
 * memcpy of it under Typed+cast. */
static bool
mg_plain_struct__(struct mg_gen *gen, dm_type_id id, int depth)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = mg_type__(gen, MG_OLD, id);

    if (t->kind != DM_TYPE_STRUCT || !t->count || depth > 8) {
        return false;
    }
    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        dm_type_id mid = mg_strip__(gen, MG_OLD, m->type);
        const struct dm_type *mt = mg_type__(gen, MG_OLD, mid);

        if (mg_run_of__(gen, MG_OLD, t->first + i)) {
            return false;
        }
        if (mt->kind == DM_TYPE_STRUCT) {
            if (!mg_plain_struct__(gen, mid, depth + 1)) {
                return false;
            }
        } else if (!m->name
                   || !(mt->kind == DM_TYPE_ENUM
                        || (mt->kind == DM_TYPE_BASE
                            && mt->encoding >= DM_ENC_SIGNED
                            && mt->encoding <= DM_ENC_BOOL))) {
            return false;
        }
    }
    return true;
}

/* For a plain struct (mg_plain_struct__) 'id' at 'src' and 'dst': emits
 * the member assignments (when 'out'), or appends to 'buf' the equality
 * of every member (" && " between them).  Returns false if 'buf' is too
 * short. */
static bool
mg_plain_members__(struct mg_gen *gen, dm_type_id id, const char *src,
                   const char *dst, bool out, int indent, char *buf,
                   size_t len, size_t *used)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = mg_type__(gen, MG_OLD, id);

    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        dm_type_id mid = mg_strip__(gen, MG_OLD, m->type);
        char s_m[512], d_m[512];

        if (!m->name) {                 /* An anonymous struct: C11 names
                                         * its members directly. */
            mg_fmt__(s_m, sizeof s_m, "%s", src);
            mg_fmt__(d_m, sizeof d_m, "%s", dst);
        } else if ((size_t) mg_fmt__(s_m, sizeof s_m, "%s.%s", src, m->name)
                   >= sizeof s_m
                   || (size_t) mg_fmt__(d_m, sizeof d_m, "%s.%s", dst,
                                        m->name) >= sizeof d_m) {
            return false;
        }
        if (mg_type__(gen, MG_OLD, mid)->kind == DM_TYPE_STRUCT) {
            if (!mg_plain_members__(gen, mid, s_m, d_m, out, indent, buf, len,
                                    used)) {
                return false;
            }
        } else if (out) {
            mg_out__(gen, "%*s%s = %s;\n", indent, "", d_m, s_m);
        } else {
            *used += mg_fmt__(buf + *used, *used < len ? len - *used : 0,
                              "%s%s == %s", *used ? " && " : "", d_m, s_m);
            if (*used >= len) {
                return false;
            }
        }
    }
    return true;
}

/* For an unchanged one-dimensional array of old type 'id' whose elements
 * are scalars or plain structs (mg_plain_struct__): writes into buf the
 * equality of element 'k' of 'dst' and 'src' ("dst[k] == src[k]", or
 * member by member) and returns the number of elements; 0 for other
 * arrays or when too long to state.  Such an array is copied element by
 * element in a loop and stated with \forall, which WP follows; other
 * unchanged arrays are copied with memcpy (or in a run) and stated by
 * 'assigns' only. */
static uint64_t
mg_plain_array__(struct mg_gen *gen, dm_type_id id, const char *src,
                 const char *dst, const char *k, char *buf, size_t len)
{
    const struct dm_type *t = mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD,
                                                                id));
    char s_el[300], d_el[300];

    if (t->kind != DM_TYPE_ARRAY || t->vector || t->count != 1
        || !mg_graph__(gen, MG_OLD)->dims[t->first]) {
        return 0;
    }
    dm_type_id eid = mg_strip__(gen, MG_OLD, t->target);
    const struct dm_type *et = mg_type__(gen, MG_OLD, eid);
    size_t used = 0;

    if ((size_t) mg_fmt__(s_el, sizeof s_el, "%s[%s]", src, k) >= sizeof s_el
        || (size_t) mg_fmt__(d_el, sizeof d_el, "%s[%s]", dst, k)
           >= sizeof d_el) {
        return 0;
    }
    if (mg_scalar__(et) && et->kind != DM_TYPE_ARRAY) {
        used = mg_fmt__(buf, len, "%s == %s", d_el, s_el);
    } else if (!mg_plain_struct__(gen, eid, 0)
               || !mg_plain_members__(gen, eid, s_el, d_el, false, 0, buf,
                                      len, &used)) {
        return 0;
    }
    return used < len ? mg_graph__(gen, MG_OLD)->dims[t->first] : 0;
}

/* True if an unchanged array of old type 'id' is copied in a loop and
 * stated (mg_plain_array__). */
static bool
mg_is_plain_array__(struct mg_gen *gen, dm_type_id id)
{
    char buf[800];

    return mg_plain_array__(gen, id, "src->v", "dst->v", "k", buf, sizeof buf);
}

/* True if old type 'id' is a one-dimensional array of scalars that
 * mg_plain_array__ states (not of plain structs: while runs are being
 * found, those of the element struct may not be known yet). */
static bool
mg_scalar_array__(struct mg_gen *gen, dm_type_id id)
{
    const struct dm_type *t = mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD,
                                                                id));
    const struct dm_type *et = t->kind == DM_TYPE_ARRAY
        ? mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD, t->target)) : NULL;

    return et && mg_is_plain_array__(gen, id) && mg_scalar__(et)
           && et->kind != DM_TYPE_ARRAY;
}

/* True if pair 'pi' copies an old value into a new one with memcpy: an
 * unchanged aggregate that is neither a plain struct nor a plain array
 * (those are copied, and stated, member by member or element by
 * element). */
static bool
mg_memcpy_copy__(struct mg_gen *gen, uint32_t pi)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);

    return p->conv == DM_CONV_IDENTICAL
           && (ot->kind == DM_TYPE_ARRAY || !mg_scalar__(ot))
           && !mg_plain_struct__(gen, p->old_type, 0)
           && !mg_is_plain_array__(gen, p->old_type);
}

static const char *
mg_pair_pred__(struct mg_gen *gen, uint32_t pi)
{
    static char name[300];              /* Used at once by the caller. */

    mg_fmt__(name, sizeof name, "mig_ok__%s", mg_pair_fn__(gen, pi) + 5);
    return name;
}

/* The function of hotup/migration.h that converts float pair 'p'
 * (float <-> double), or NULL for other formats. */
static const char *
mg_float_service__(const struct mg_gen *gen, const struct dm_pair *p)
{
    const char *o = mg_scalar__(mg_type__(gen, MG_OLD, p->old_type));
    const char *n = mg_scalar__(mg_type__(gen, MG_NEW, p->new_type));

    if (p->conv != DM_CONV_FLOAT || !o || !n) {
        return NULL;
    }
    return !strcmp(o, "float") && !strcmp(n, "double") ? "hotup_mig_f32_to_f64"
           : !strcmp(o, "double") && !strcmp(n, "float") ? "hotup_mig_f64_to_f32"
           : NULL;
}

/* True if the zero test of old struct type 'id' tests every member as a
 * value (named, no bitfield, scalars and such structs): then its
 * predicate holds exactly when the test passes. */
static bool
mg_zero_exact__(struct mg_gen *gen, dm_type_id id, int depth)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = mg_type__(gen, MG_OLD, id);

    if (t->kind != DM_TYPE_STRUCT || depth > 8) {
        return false;
    }
    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        dm_type_id mid = mg_strip__(gen, MG_OLD, m->type);

        if (!m->name || m->bit_size
            || !(mg_zero_by_value__(mg_type__(gen, MG_OLD, mid))
                 || mg_zero_exact__(gen, mid, depth + 1))) {
            return false;
        }
    }
    return true;
}

static const char *mg_zero_pred__(struct mg_gen *, dm_type_id);

/* Writes into buf what the zero test of a cut-off element 'el' of old
 * type 'eid' finds ("el == 0" for a scalar, "mg_zero_ok__T(&el)" for a
 * struct) and returns true; false for other elements.  A float is tested
 * byte by byte (-0.0 == 0 holds state), so it states nothing. */
static bool
mg_elem_zero__(struct mg_gen *gen, dm_type_id eid, const char *el, char *buf,
               size_t len)
{
    const struct dm_type *et = mg_type__(gen, MG_OLD, eid);

    if (mg_zero_by_value__(et)) {
        return (size_t) mg_fmt__(buf, len, "%s == 0", el) < len;
    }
    if (et->kind == DM_TYPE_STRUCT) {
        return (size_t) mg_fmt__(buf, len, "%s(&%s)", mg_zero_pred__(gen, eid),
                                 el) < len;
    }
    return false;
}

/* True if some dimension of array pair 'p' shrinks. */
static bool
mg_shrinks__(struct mg_gen *gen, const struct dm_pair *p)
{
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);

    for (uint32_t i = 0; i < ot->count; i++) {
        if (gen->d->new->dims[nt->first + i] < gen->d->old->dims[ot->first + i]) {
            return true;
        }
    }
    return false;
}

/* For array pair 'p' whose last dimension, and no other, shrinks:
 * mg_elem_zero__ of its cut-off element 'el'; false for other arrays
 * (their cut-off elements are tested as bytes). */
static bool
mg_cut_zero__(struct mg_gen *gen, const struct dm_pair *p, const char *el,
              char *buf, size_t len)
{
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);

    for (uint32_t i = 0; i < ot->count; i++) {
        bool cut = gen->d->new->dims[nt->first + i]
                   < gen->d->old->dims[ot->first + i];
        if (cut != (i + 1 == ot->count)) {
            return false;
        }
    }
    return ot->count && mg_elem_zero__(gen, mg_strip__(gen, MG_OLD,
                                                       ot->target), el, buf,
                                       len);
}

/* Appends to 'buf' (" && " first unless 'first') the range of index 'k'
 * over dimension 'i' of array pair 'p': the elements both layouts have,
 * or with 'cut' in the last dimension, the cut-off ones. */
static void
mg_dim_range__(struct mg_gen *gen, const struct dm_pair *p, uint32_t i,
               const char *k, bool cut, bool first, char *buf, size_t len,
               size_t *used)
{
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
    uint64_t od = gen->d->old->dims[ot->first + i];
    uint64_t nd = gen->d->new->dims[nt->first + i];

    if (cut && i + 1 == ot->count) {
        mg_append__(buf, len, used, "%s%" PRIu64 " <= %s < %" PRIu64,
                    first ? "" : " && ", nd, k, od);
    } else {
        mg_append__(buf, len, used, "%s0 <= %s < %" PRIu64,
                    first ? "" : " && ", k, od < nd ? od : nd);
    }
}

/* The enumerator of new enum type 'nt' that old enumerator 'i' of 'ot'
 * maps to: the one of the same name, or NULL when the new enum lacks it.
 * '*dup' tells that an earlier old enumerator has the same value: that
 * one's case decides the value, this one maps nothing. */
static const struct dm_enumerator *
mg_enum_to__(const struct mg_gen *gen, const struct dm_type *ot,
             const struct dm_type *nt, uint32_t i, bool *dup)
{
    const struct dm_graph *og = mg_graph__(gen, MG_OLD);
    const struct dm_graph *ng = mg_graph__(gen, MG_NEW);
    const struct dm_enumerator *oe = &og->enumerators[ot->first + i];

    *dup = false;
    for (uint32_t j = 0; j < i && !*dup; j++) {
        *dup = og->enumerators[ot->first + j].value == oe->value;
    }
    for (uint32_t j = 0; j < nt->count; j++) {
        if (!strcmp(ng->enumerators[nt->first + j].name, oe->name)) {
            return &ng->enumerators[nt->first + j];
        }
    }
    return NULL;
}

/* The value of enumerator 'e' of enum 't' as the enum's type reads it
 * (the graph keeps 64 bits, signed: an unsigned value above INT64_MAX is
 * stored negative). */
static __int128
mg_enum_value__(const struct dm_type *t, const struct dm_enumerator *e)
{
    return mg_signed__(t) ? (__int128) e->value : (__int128) (uint64_t) e->value;
}

/* An integer as an ACSL literal (a mathematical integer, no suffix). */
static void
mg_acsl_int__(char *buf, size_t len, __int128 v)
{
    mg_fmt__(buf, len, "%s%" PRIu64, v < 0 ? "-" : "",
             (uint64_t) (v < 0 ? -v : v));
}

/* That value 'dst' holds the bytes of 'src' (hotup/migration.h): what a
 * copy with memcpy ensures, stated in one state, where 'src' is as it was
 * (a migration does not write it). */
static void
mg_bytes_post__(const char *src, const char *dst, char *buf, size_t len)
{
    if ((size_t) mg_fmt__(buf, len, "hotup_same_bytes((char *) &%s, (char *) "
                          "&%s, sizeof(%s))", dst, src, dst) >= len) {
        buf[0] = '\0';                 /* Too long to state: none. */
    }
}

/* An ACSL predicate that value 'dst' (new) is the conversion of 'src'
 * (old) by pair 'pi': copies (byte for byte for aggregates copied with
 * memcpy and unions), integer and float conversions (exact when they
 * succeed), enum maps by name, relocations, a struct's predicate, and
 * element by element for one dimension of those.  Empty for what states
 * nothing (a hook). */
static void
mg_post__(struct mg_gen *gen, uint32_t pi, const char *src, const char *dst,
          char *buf, size_t len)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);

    buf[0] = '\0';
    switch (p->conv) {
    case DM_CONV_IDENTICAL:
        if (mg_scalar__(ot) && ot->kind != DM_TYPE_ARRAY) {
            mg_fmt__(buf, len, "%s == %s", dst, src);
        } else if (mg_memcpy_copy__(gen, pi)) {
            mg_bytes_post__(src, dst, buf, len);
        } else if (mg_plain_struct__(gen, p->old_type, 0)) {
            size_t used = 0;

            if (!mg_plain_members__(gen, p->old_type, src, dst, false, 0,
                                    buf, len, &used)) {
                buf[0] = '\0';         /* Too long to state: none. */
            }
        } else {
            char k[32], elem[800];
            unsigned q = gen->post_depth;
            uint64_t n;

            mg_fmt__(k, sizeof k, q ? "k%u_0" : "k", q);
            if ((n = mg_plain_array__(gen, p->old_type, src, dst, k, elem,
                                      sizeof elem))
                && (size_t) mg_fmt__(buf, len, "\\forall integer %s; 0 <= %s "
                                     "< %" PRIu64 " ==> %s", k, k, n, elem)
                   >= len) {
                buf[0] = '\0';
            }
        }
        break;
    case DM_CONV_FLOAT:
        if (mg_float_service__(gen, p)) {
            /* The exact conversion, of hotup/migration.h. */
            mg_fmt__(buf, len, "%s(%s, %s)", ot->size == 4 ? "hotup_f64_of_f32"
                     : "hotup_f32_of_f64", dst, src);
            break;
        }
        /* fall through */
    case DM_CONV_INT:
        /* The same value, as a mathematical number: no value is ever
         * truncated (narrowing is range-checked, float narrowing is
         * checked for exactness). */
        mg_fmt__(buf, len, "%s == %s", dst, src);
        break;
    case DM_CONV_DATA_PTR: {
        const struct dm_type *to = mg_type__(gen, MG_OLD,
                                             mg_strip__(gen, MG_OLD, ot->target));
        mg_fmt__(buf, len, "%s == hotup_reloc_data_l(ctx, %s, %" PRIu64 ")",
                 dst, src, to->kind == DM_TYPE_FUNCTION ? 0 : to->size);
        break;
    }
    case DM_CONV_CODE_PTR:
        mg_fmt__(buf, len, "%s == hotup_reloc_code_l(ctx, %s)", dst, src);
        break;
    case DM_CONV_STRUCT:
        /* The struct's own predicate, defined with its function. */
        mg_fmt__(buf, len, "%s(ctx, &%s, &%s)", mg_pair_pred__(gen, pi), dst,
                 src);
        break;
    case DM_CONV_ENUM: {
        const struct dm_graph *og = mg_graph__(gen, MG_OLD);
        size_t used = 0;

        for (uint32_t i = 0; i < ot->count && used < len; i++) {
            const struct dm_enumerator *oe = &og->enumerators[ot->first + i];
            bool dup;
            const struct dm_enumerator *ne = mg_enum_to__(gen, ot, nt, i,
                                                          &dup);

            if (ne && !dup) {
                char ol[64], nl[64];

                mg_acsl_int__(ol, sizeof ol, mg_enum_value__(ot, oe));
                mg_acsl_int__(nl, sizeof nl, mg_enum_value__(nt, ne));
                used += mg_fmt__(buf + used, len - used,
                                 "%s(%s == %s ==> %s == %s)",
                                 used ? " && " : "", src, ol, dst, nl);
            }
        }
        if (used >= len) {
            buf[0] = '\0';             /* Too long to state: none. */
        }
        break;
    }
    case DM_CONV_UNION:
        mg_bytes_post__(src, dst, buf, len);
        break;
    case DM_CONV_ARRAY: {
        /* Element by element over the elements both layouts have, every
         * dimension; the quantified names are unique per nesting. */
        char s_el[300], d_el[300], elem[700], quant[200], range[400];
        char cut_range[400];
        size_t sl = mg_fmt__(s_el, sizeof s_el, "%s", src);
        size_t dl = mg_fmt__(d_el, sizeof d_el, "%s", dst);
        size_t ql = 0, rl = 0, cl = 0;
        unsigned q = gen->post_depth++;

        for (uint32_t i = 0; i < ot->count; i++) {
            char k[32];

            if (q) {
                mg_fmt__(k, sizeof k, "k%u_%u", q, i);
            } else {
                mg_fmt__(k, sizeof k, i ? "k%u" : "k", i);
            }
            mg_append__(quant, sizeof quant, &ql, "%s%s", i ? ", " : "", k);
            mg_dim_range__(gen, p, i, k, false, !i, range, sizeof range, &rl);
            mg_dim_range__(gen, p, i, k, true, !i, cut_range,
                           sizeof cut_range, &cl);
            mg_append__(s_el, sizeof s_el, &sl, "[%s]", k);
            mg_append__(d_el, sizeof d_el, &dl, "[%s]", k);
        }
        mg_post__(gen, p->elem, s_el, d_el, elem, sizeof elem);
        gen->post_depth--;
        /* Success also says that cut-off elements were zero. */
        char zero[400];
        bool cut = mg_cut_zero__(gen, p, s_el, zero, sizeof zero)
                   && cl < sizeof cut_range;
        size_t used = 0;
        if (elem[0] && ql < sizeof quant && rl < sizeof range
            && sl < sizeof s_el && dl < sizeof d_el) {
            used = mg_fmt__(buf, len, "%s\\forall integer %s; %s ==> %s%s",
                            cut ? "(" : "", quant, range, elem,
                            cut ? ") && " : "");
        }
        if (cut && used < len) {
            used += mg_fmt__(buf + used, len - used, "(\\forall integer %s; "
                             "%s ==> %s)", quant, cut_range, zero);
        }
        if (used >= len) {
            buf[0] = '\0';             /* Too long to state: none. */
        }
        break;
    }
    default:
        break;
    }
}

/* The range an integer conversion by pair 'p' ('obits', 'nbits':
 * bitfield widths) checks: which bounds of the new type ('*min', '*max')
 * an old value may cross (MG_CHECK_MIN, MG_CHECK_MAX). */
enum { MG_CHECK_MIN = 1, MG_CHECK_MAX = 2 };

static unsigned
mg_int_checks__(struct mg_gen *gen, const struct dm_pair *p, uint32_t obits,
                uint32_t nbits, __int128 *min, __int128 *max)
{
    __int128 omin, omax;

    mg_range__(mg_type__(gen, MG_OLD, p->old_type), obits, &omin, &omax);
    mg_range__(mg_type__(gen, MG_NEW, p->new_type), nbits, min, max);
    return (omin < *min ? MG_CHECK_MIN : 0) | (omax > *max ? MG_CHECK_MAX : 0);
}

static void
mg_conv_int__(struct mg_gen *gen, const struct dm_pair *p, const char *src,
              const char *dst, uint32_t obits, uint32_t nbits, int indent)
{
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
    __int128 nmin, nmax;
    char lit[64];

    bool osigned = mg_signed__(mg_type__(gen, MG_OLD, p->old_type));
    unsigned checks = mg_int_checks__(gen, p, obits, nbits, &nmin, &nmax);

    if (checks & MG_CHECK_MIN) {
        mg_literal__(lit, sizeof lit, nmin, osigned);
        mg_out__(gen, "%*sif (%s < %s) {\n%*sreturn HOTUP_MIG_ERANGE;\n%*s}\n",
                 indent, "", src, nmin ? lit : "0", indent + 4, "", indent, "");
    }
    if (checks & MG_CHECK_MAX) {
        mg_literal__(lit, sizeof lit, nmax, osigned);
        mg_out__(gen, "%*sif (%s > %s) {\n%*sreturn HOTUP_MIG_ERANGE;\n%*s}\n",
                 indent, "", src, lit, indent + 4, "", indent, "");
    }
    const char *ctype = mg_scalar__(nt);
    mg_out__(gen, "%*s%s = (%s) %s;\n", indent, "", dst, ctype ? ctype : "int",
             src);
}

static void
mg_conv_enum__(struct mg_gen *gen, const struct dm_pair *p, const char *src,
               const char *dst, int indent)
{
    const struct dm_graph *og = mg_graph__(gen, MG_OLD);
    const struct dm_graph *ng = mg_graph__(gen, MG_NEW);
    const struct dm_type *ot = dm_type(og, p->old_type);
    const struct dm_type *nt = dm_type(ng, p->new_type);
    bool osigned = mg_signed__(ot);
    const char *ctype = osigned ? "int64_t" : "uint64_t";
    char lit[64];

    bool any = false;                   /* Some case writes dst. */
    bool chain = false;                 /* ifs instead of a switch. */

    /* WP (Frama-C 25) fails on a case label above INT64_MAX: an unsigned
     * enum that would have one is converted by a chain of ifs (which then
     * has at least one if). */
    for (uint32_t i = 0; i < ot->count; i++) {
        bool dup;

        chain |= mg_enum_to__(gen, ot, nt, i, &dup) && !dup
                 && mg_enum_value__(ot, &og->enumerators[ot->first + i])
                    > INT64_MAX;
    }
    if (!chain) {
        mg_out__(gen, "%*sswitch ((%s) %s) {\n", indent, "", ctype, src);
    }
    for (uint32_t i = 0; i < ot->count; i++) {
        const struct dm_enumerator *oe = &og->enumerators[ot->first + i];
        bool dup;
        const struct dm_enumerator *ne = mg_enum_to__(gen, ot, nt, i, &dup);

        if (dup) {
            mg_out__(gen, "%*s/* %s: same value as an earlier name */\n",
                     indent, "", oe->name);
            continue;
        }
        mg_literal__(lit, sizeof lit, mg_enum_value__(ot, oe), osigned);
        if (!ne) {
            mg_out__(gen, "%*s/* case %s: %s is gone from the new enum */\n",
                     indent, "", lit, oe->name);
            continue;
        }
        if (chain) {
            mg_out__(gen, "%*s%sif ((%s) %s == %s) {    /* %s */\n", indent,
                     "", any ? "} else " : "", ctype, src, lit, oe->name);
        } else {
            mg_out__(gen, "%*scase %s:                  /* %s */\n", indent,
                     "", lit, oe->name);
        }
        mg_out__(gen, "%*s%s = (%s) ", indent + 4, "", dst, mg_scalar__(nt));
        mg_literal__(lit, sizeof lit, mg_enum_value__(nt, ne),
                     mg_signed__(nt));
        mg_out__(gen, "%s;\n", lit);
        if (!chain) {
            mg_out__(gen, "%*sbreak;\n", indent + 4, "");
        }
        any = true;
    }
    if (chain) {
        mg_out__(gen, "%*s} else {\n%*sreturn HOTUP_MIG_EENUM;\n%*s}\n",
                 indent, "", indent + 4, "", indent, "");
        return;
    }
    mg_out__(gen, "%*sdefault:\n", indent, "");
    if (!any) {                         /* No name survives: -Wextra. */
        mg_out__(gen, "%*s(void) &(%s);\n", indent + 4, "", dst);
    }
    mg_out__(gen, "%*sreturn HOTUP_MIG_EENUM;\n%*s}\n", indent + 4, "",
             indent, "");
}

/* mg_post__ of member plan 'mp' of struct pair 'pi': nothing for an
 * array or an aggregate mg_post__ states by its bytes copied in a run (WP
 * does not follow a run's copy to its elements or bytes: docs/limits.md). */
static void
mg_member_post__(struct mg_gen *gen, uint32_t pi, const struct dm_mplan *mp,
                 const char *src, const char *dst, char *buf, size_t len)
{
    const struct dm_type *ot = mg_type__(gen, MG_OLD, mg_strip__(
        gen, MG_OLD, gen->d->pairs[mp->pair].old_type));

    buf[0] = '\0';
    if (!((ot->kind == DM_TYPE_ARRAY || mg_memcpy_copy__(gen, mp->pair))
          && mg_pair_run__(gen, pi, mp))) {
        mg_post__(gen, mp->pair, src, dst, buf, len);
    }
}

/* Loop invariants that the elements before 'var' hold the conversion of
 * struct pair 'pi' ('src' and 'dst' name element j): one per member, a
 * nested struct by its predicate.  A prover's time on such a goal grows
 * faster than the number of members it states (each must be framed
 * against every member the call writes), so one invariant of the whole
 * predicate times out for structs of eight or nine members. */
static void
mg_member_invariants__(struct mg_gen *gen, uint32_t pi, const char *src,
                       const char *dst, const char *var, int in)
{
    const struct dm_pair *p = &gen->d->pairs[pi];

    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &gen->d->mplans[p->first_mplan + i];
        char opath[256], npath[256], s1[900], d1[900], post[1200];

        if (mp->old_member < 0) {
            continue;
        }
        mg_member_path__(gen, MG_OLD, (uint32_t) mp->old_member, opath,
                         sizeof opath);
        mg_member_path__(gen, MG_NEW, mp->new_member, npath, sizeof npath);
        mg_fmt__(s1, sizeof s1, "%s.%s", src, opath);
        mg_fmt__(d1, sizeof d1, "%s.%s", dst, npath);
        mg_member_post__(gen, pi, mp, s1, d1, post, sizeof post);
        if (post[0]) {
            mg_out__(gen, "%*s  @ loop invariant \\forall integer j; 0 <= j < "
                     "%s ==> %s;\n", in, "", var, post);
        }
    }
}

/* The loop invariant of the loop over dimension 'm' of a
 * multi-dimensional array pair 'p' (loop variables i<depth>_<k>): the
 * elements done, with the indices before m fixed to the current ones,
 * index m below its loop variable and every later index in full.  The
 * loop assigns only the current row (mg_conv_array__), so what the outer
 * loops state is framed. */
static void
mg_array_invariant__(struct mg_gen *gen, const struct dm_pair *p,
                     const char *src, const char *dst, int depth, uint32_t m,
                     int in)
{
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    char s_el[512], d_el[512], quant[200], range[400], cut[400];
    char post[800], zero[700];
    size_t sl = mg_fmt__(s_el, sizeof s_el, "%s", src);
    size_t dl = mg_fmt__(d_el, sizeof d_el, "%s", dst);
    size_t ql = 0, rl = 0, cl = 0;

    for (uint32_t i = 0; i < ot->count; i++) {
        char ix[32];

        if (i < m) {
            mg_fmt__(ix, sizeof ix, "i%d_%u", depth, i);
        } else {
            mg_fmt__(ix, sizeof ix, "j%u", i);
            mg_append__(quant, sizeof quant, &ql, "%s%s", i > m ? ", " : "", ix);
            if (i == m) {
                mg_append__(range, sizeof range, &rl, "0 <= %s < i%d_%u", ix,
                            depth, i);
                mg_append__(cut, sizeof cut, &cl, "0 <= %s < i%d_%u", ix,
                            depth, i);
            } else {
                mg_dim_range__(gen, p, i, ix, false, false, range,
                               sizeof range, &rl);
                mg_dim_range__(gen, p, i, ix, true, false, cut, sizeof cut,
                               &cl);
            }
        }
        mg_append__(s_el, sizeof s_el, &sl, "[%s]", ix);
        mg_append__(d_el, sizeof d_el, &dl, "[%s]", ix);
    }
    mg_post__(gen, p->elem, s_el, d_el, post, sizeof post);
    if (post[0] && ql < sizeof quant && rl < sizeof range
        && sl < sizeof s_el && dl < sizeof d_el) {
        mg_out__(gen, "%*s  @ loop invariant \\forall integer %s; %s ==> "
                 "%s;\n", in, "", quant, range, post);
    }
    /* The rows done had their cut-off elements (of the last dimension)
     * zero. */
    if (m + 1 < ot->count && mg_cut_zero__(gen, p, s_el, zero, sizeof zero)
        && ql < sizeof quant && cl < sizeof cut && sl < sizeof s_el) {
        mg_out__(gen, "%*s  @ loop invariant \\forall integer %s; %s ==> "
                 "%s;\n", in, "", quant, cut, zero);
    }
}

static void
mg_conv_array__(struct mg_gen *gen, const struct dm_pair *p, const char *src,
                const char *dst, int indent, int depth)
{
    const struct dm_graph *og = mg_graph__(gen, MG_OLD);
    const struct dm_graph *ng = mg_graph__(gen, MG_NEW);
    const struct dm_type *ot = dm_type(og, p->old_type);
    const struct dm_type *nt = dm_type(ng, p->new_type);
    char s_el[512], d_el[512];
    size_t sl = mg_fmt__(s_el, sizeof s_el, "%s", src);
    size_t dl = mg_fmt__(d_el, sizeof d_el, "%s", dst);


    /* One loop per dimension over the elements both layouts have; the
     * cut-off elements of each dimension must hold nothing. */
    for (uint32_t k = 0; k < ot->count; k++) {
        uint64_t od = og->dims[ot->first + k], nd = ng->dims[nt->first + k];
        uint64_t n = od < nd ? od : nd;
        int in = indent + 4 * k;
        char var[32], post[800] = "";

        mg_fmt__(var, sizeof var, "i%d_%u", depth, k);
        if (nd < od) {
            /* A cut-off element of one scalar is tested as a value (the
             * prover follows that); anything larger byte by byte. */
            const struct dm_type *et = mg_type__(gen, MG_OLD,
                                                 mg_strip__(gen, MG_OLD, ot->target));
            bool scalar = k + 1 == ot->count && mg_zero_by_value__(et);
            char test[1200], done[1200] = "";

            if (scalar) {
                mg_fmt__(test, sizeof test, "%s[%s] != 0", s_el, var);
            } else if (k + 1 == ot->count && et->kind == DM_TYPE_STRUCT) {
                mg_fmt__(test, sizeof test, "!%s(&%s[%s])",
                         mg_zero_fn__(gen, mg_strip__(gen, MG_OLD, ot->target)),
                         s_el, var);
            } else {
                mg_fmt__(test, sizeof test, "!mg_is_zero__(&%s[%s], sizeof %s[%s])",
                         s_el, var, s_el, var);
            }
            char cut_el[600], zero[700];
            mg_fmt__(cut_el, sizeof cut_el, "%s[j]", s_el);
            if (mg_cut_zero__(gen, p, cut_el, zero, sizeof zero)) {
                mg_fmt__(done, sizeof done, "\n%*s  @ loop invariant \\forall "
                         "integer j; %" PRIu64 " <= j < %s ==> %s;", in, "", nd,
                         var, zero);
            }
            mg_out__(gen, "%*s/*@ loop invariant %" PRIu64 " <= %s <= %" PRIu64
                     ";%s\n%*s  @ loop assigns %s;\n%*s  @ loop variant %" PRIu64
                     " - %s; */\n", in, "", nd, var, od, done, in, "", var, in,
                     "", od, var);
            mg_out__(gen, "%*sfor (size_t %s = %" PRIu64 "; %s < %" PRIu64
                     "; %s++) {\n%*sif (%s) {\n%*sreturn HOTUP_MIG_ETRUNC;\n"
                     "%*s}\n%*s}\n", in, "", var, nd, var, od, var, in + 4, "",
                     test, in + 8, "", in + 4, "", in, "");
        }
        mg_out__(gen, "%*s/*@ loop invariant 0 <= %s <= %" PRIu64 ";\n"
                 "%*s  @ loop invariant err == 0;\n", in, "", var, n, in, "");
        if (ot->count == 1) {
            char s1[600], d1[600];

            mg_fmt__(s1, sizeof s1, "%s[j]", src);
            mg_fmt__(d1, sizeof d1, "%s[j]", dst);
            if (gen->d->pairs[p->elem].conv == DM_CONV_STRUCT) {
                mg_member_invariants__(gen, p->elem, s1, d1, var, in);
            } else {
                mg_post__(gen, p->elem, s1, d1, post, sizeof post);
            }
            if (post[0]) {
                mg_out__(gen, "%*s  @ loop invariant \\forall integer j; 0 <= j "
                         "< %s ==> %s;\n", in, "", var, post);
            }
        } else {
            mg_array_invariant__(gen, p, src, dst, depth, k, in);
        }
        /* The region the loop writes: the current row of the elements
         * both layouts have. */
        char region[512];
        size_t rl = mg_fmt__(region, sizeof region, "%s", dst);
        for (uint32_t i = 0; i < ot->count; i++) {
            uint64_t oi = og->dims[ot->first + i], ni = ng->dims[nt->first + i];
            if (i < k) {
                mg_append__(region, sizeof region, &rl, "[i%d_%u]", depth, i);
            } else {
                mg_append__(region, sizeof region, &rl, "[0 .. %" PRIu64 "]",
                            (oi < ni ? oi : ni) - 1);
            }
        }
        mg_out__(gen, "%*s  @ loop assigns %s, err, %s;\n%*s  @ loop variant %"
                 PRIu64 " - %s; */\n", in, "", var, region, in, "", n, var);
        mg_out__(gen, "%*sfor (size_t %s = 0; %s < %" PRIu64 "; %s++) {\n",
                 in, "", var, var, n, var);
        sl += mg_fmt__(s_el + sl, sl < sizeof s_el ? sizeof s_el - sl : 0,
                       "[%s]", var);
        dl += mg_fmt__(d_el + dl, dl < sizeof d_el ? sizeof d_el - dl : 0,
                       "[%s]", var);
    }
    mg_conv__(gen, p->elem, s_el, d_el, 0, 0, indent + 4 * ot->count,
              depth + 1);
    for (uint32_t k = ot->count; k-- > 0; ) {
        mg_out__(gen, "%*s}\n", indent + 4 * (int) k, "");
    }
}

/* True if a value of old type 'id' holds a pointer (not behind one). */
static bool
mg_has_pointers__(const struct mg_gen *gen, dm_type_id id, int depth)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD, id));

    if (depth > 64) {
        return true;
    }
    if (t->kind == DM_TYPE_POINTER) {
        return true;
    }
    if (t->kind == DM_TYPE_ARRAY) {
        return !t->vector && mg_has_pointers__(gen, t->target, depth + 1);
    }
    for (uint32_t i = 0; (t->kind == DM_TYPE_STRUCT || t->kind == DM_TYPE_UNION)
                         && i < t->count; i++) {
        if (mg_has_pointers__(gen, g->members[t->first + i].type, depth + 1)) {
            return true;
        }
    }
    return false;
}

/* The words of one union already checked outside loops, by offset: two
 * members with a pointer at one place need one check.  With 'can' set,
 * the checks are not emitted but stated, as the condition that they
 * pass (mg_can__): 'used' bytes of 'len'; 'unstated' when a check is in
 * a loop. */
struct mg_words {
    uint64_t off[64];
    unsigned n;
    char *can;
    size_t len, used;
    bool unstated;
};

static bool
mg_word_seen__(struct mg_words *w, uint64_t off)
{
    for (unsigned i = 0; i < w->n; i++) {
        if (w->off[i] == off) {
            return true;
        }
    }
    if (w->n < sizeof w->off / sizeof w->off[0]) {
        w->off[w->n++] = off;
    }
    return false;
}

/* Checks every word of old value 'src' (type 'id', at byte 'off' of the
 * union; 'loop': inside a loop, where offsets vary) where a member holds
 * a pointer: in a union nothing tells which member is live, so such a
 * word is copied as it is and must need no relocation. */
static void
mg_check_words__(struct mg_gen *gen, dm_type_id id, const char *src,
                 uint64_t off, bool loop, struct mg_words *seen, int indent,
                 int depth)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD, id));
    char path[512];

    if (depth > 64) {
        mg_fail__(gen, -EINVAL, "%s: types nest too deep in a union", g->path);
        return;
    }
    switch (t->kind) {
    case DM_TYPE_POINTER:
        if (seen->can && loop) {
            seen->unstated = true;
        } else if (seen->can && !mg_word_seen__(seen, off)) {
            mg_append__(seen->can, seen->len, &seen->used, "%shotup_word_ok(ctx"
                        ", (uintptr_t) %s)", seen->used ? " && " : "", src);
        } else if (loop || !mg_word_seen__(seen, off)) {
            mg_out__(gen, "%*shotup_mig_check_word(ctx, (uintptr_t) %s, "
                     "&err);\n", indent, "", src);
        }
        break;
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        for (uint32_t i = 0; i < t->count; i++) {
            const struct dm_member *m = &g->members[t->first + i];
            const struct dm_type *mt = mg_type__(gen, MG_OLD,
                                                 mg_strip__(gen, MG_OLD, m->type));
            char name[256];

            if (m->bit_size || !mg_has_pointers__(gen, m->type, 0)) {
                continue;
            }
            if (!m->name && mt->kind == DM_TYPE_STRUCT) {
                mg_fmt__(path, sizeof path, "%s", src);   /* Flattened. */
            } else {
                if (m->name) {
                    mg_fmt__(name, sizeof name, "%s", m->name);
                } else {
                    mg_union_member_name__(g, mt, name, sizeof name);
                }
                mg_fmt__(path, sizeof path, "%s.%s", src, name);
            }
            mg_check_words__(gen, m->type, path, off + m->bit_offset / 8, loop,
                             seen, indent, depth + 1);
        }
        break;
    case DM_TYPE_ARRAY: {
        size_t used = mg_fmt__(path, sizeof path, "%s", src);

        if (seen->can) {
            seen->unstated = true;
            break;
        }
        for (uint32_t k = 0; k < t->count; k++) {
            uint64_t n = g->dims[t->first + k];
            char var[32];

            mg_fmt__(var, sizeof var, "w%d_%u", depth, k);
            mg_out__(gen, "%*s/*@ loop invariant 0 <= %s <= %" PRIu64 ";\n"
                     "%*s  @ loop assigns %s, err;\n%*s  @ loop variant %"
                     PRIu64 " - %s; */\n%*sfor (size_t %s = 0; %s < %" PRIu64
                     "; %s++) {\n", indent + 4 * (int) k, "", var, n,
                     indent + 4 * (int) k, "", var, indent + 4 * (int) k, "",
                     n, var, indent + 4 * (int) k, "", var, var, n, var);
            used += mg_fmt__(path + used, used < sizeof path
                             ? sizeof path - used : 0, "[%s]", var);
        }
        mg_check_words__(gen, t->target, path, off, true, seen,
                         indent + 4 * (int) t->count, depth + 1);
        for (uint32_t k = t->count; k-- > 0; ) {
            mg_out__(gen, "%*s}\n", indent + 4 * (int) k, "");
        }
        break;
    }
    default:
        break;
    }
}

static const char *mg_pair_fn__(struct mg_gen *, uint32_t pair);

/* The function of the hook registered under 'key'. */
static const char *
mg_hook_fn__(struct mg_gen *gen, const char *key)
{
    const struct mg_hooks *h = gen->hooks;

    for (size_t i = 0; h && key && i < h->n; i++) {
        if (!strcmp(h->list[i].key, key)) {
            return h->list[i].fn;
        }
    }
    mg_fail__(gen, -EINVAL, "no hook for %s", key ? key : "?");
    return "?";
}

/* ---- Success conditions ----------------------------------------------- */

static bool mg_can__(struct mg_gen *, uint32_t pi, const char *src,
                     uint32_t obits, uint32_t nbits, char *buf, size_t len);

/* Appends to 'buf' the success condition of member plan 'mp' ('sep'
 * before it when 'buf' holds one already); false if it has none that can
 * be stated or 'buf' is full.  With 'buf' NULL, only sets '*used' when
 * the member has a condition. */
static bool
mg_member_can__(struct mg_gen *gen, const struct dm_mplan *mp, const char *sep,
                char *buf, size_t len, size_t *used)
{
    const struct dm_diff *d = gen->d;
    char opath[256], sp[300], can[2000];

    mg_member_path__(gen, MG_OLD, (uint32_t) mp->old_member, opath,
                     sizeof opath);
    mg_fmt__(sp, sizeof sp, "src->%s", opath);
    if (!mg_can__(gen, mp->pair, sp, d->old->members[mp->old_member].bit_size,
                  d->new->members[mp->new_member].bit_size, can, sizeof can)) {
        return false;
    }
    if (can[0] && !buf) {
        *used = 1;
    } else if (can[0]) {
        mg_append__(buf, len, used, "%s%s", *used ? sep : "", can);
    }
    return *used < len;
}

/* The success condition of struct pair 'pi' (gen->can): its members'
 * conjunction in 'buf' (MG_CAN_LEN bytes) when 'buf' is not NULL. */
enum { MG_CAN_LEN = 8000 };

static enum mg_can
mg_struct_can__(struct mg_gen *gen, uint32_t pi, char *buf)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    size_t used = 0;

    if (gen->can[pi] && !buf) {
        return gen->can[pi];
    }
    gen->can[pi] = MG_CAN_ALWAYS;
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &gen->d->mplans[p->first_mplan + i];

        if (mp->old_member >= 0
            && !mg_member_can__(gen, mp, "\n  @  && ", buf, MG_CAN_LEN,
                                &used)) {
            gen->can[pi] = MG_CAN_NONE;
            break;
        }
    }
    if (gen->can[pi] == MG_CAN_ALWAYS && used) {
        gen->can[pi] = MG_CAN_PRED;
    }
    return gen->can[pi];
}

/* Emits the 'ensures' that a function returns 0 when 'can' holds
 * (always, when it is empty). */
static void
mg_emit_can__(struct mg_gen *gen, const char *can)
{
    mg_out__(gen, "  @ ensures %s%s\\result == 0;\n", can,
             can[0] ? " ==> " : "");
}

/* The ACSL predicate of when struct pair 'pi''s function succeeds:
 * "mig_can__T" for "mig__T". */
static const char *
mg_can_pred__(struct mg_gen *gen, uint32_t pi)
{
    static char name[300];              /* Used at once by the caller. */

    mg_fmt__(name, sizeof name, "mig_can__%s", mg_pair_fn__(gen, pi) + 5);
    return name;
}

/* What old value 'src' must satisfy for its conversion by pair 'pi'
 * ('obits', 'nbits': bitfield widths) to succeed, as an ACSL condition
 * in 'buf': empty when it always does.  Returns false when that cannot
 * be stated: a hook (its contract is its author's), a union word's check
 * in a loop, a cut-off element tested byte by byte. */
static bool
mg_can__(struct mg_gen *gen, uint32_t pi, const char *src, uint32_t obits,
         uint32_t nbits, char *buf, size_t len)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);

    buf[0] = '\0';
    if (p->conv == DM_CONV_INT
        || (p->conv == DM_CONV_IDENTICAL && obits != nbits)) {
        /* The range mg_conv_int__ checks. */
        __int128 min, max;
        unsigned checks = mg_int_checks__(gen, p, obits, nbits, &min, &max);
        char lo[64], hi[64];

        mg_acsl_int__(lo, sizeof lo, min);
        mg_acsl_int__(hi, sizeof hi, max);
        return (size_t) mg_fmt__(buf, len, "%s%s%s%s%s",
                                 checks & MG_CHECK_MIN ? lo : "",
                                 checks & MG_CHECK_MIN ? " <= " : "",
                                 checks ? src : "",
                                 checks & MG_CHECK_MAX ? " <= " : "",
                                 checks & MG_CHECK_MAX ? hi : "") < len;
    }
    switch (p->conv) {
    case DM_CONV_IDENTICAL:
        return true;
    case DM_CONV_FLOAT:
        if (!mg_float_service__(gen, p)) {
            return false;               /* Converted inline: unproved. */
        }
        if (p->checked) {
            mg_fmt__(buf, len, "hotup_f32_exact(%s)", src);
        }
        return true;
    case DM_CONV_ENUM: {
        const struct dm_graph *og = mg_graph__(gen, MG_OLD);
        const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
        size_t used = 0;

        /* The values mg_conv_enum__ has a case for. */
        for (uint32_t i = 0; i < ot->count; i++) {
            const struct dm_enumerator *oe = &og->enumerators[ot->first + i];
            bool dup;
            char lit[64];

            if (mg_enum_to__(gen, ot, nt, i, &dup) && !dup) {
                mg_acsl_int__(lit, sizeof lit, mg_enum_value__(ot, oe));
                mg_append__(buf, len, &used, "%s%s == %s",
                            used ? " || " : "(", src, lit);
            }
        }
        mg_append__(buf, len, &used, used ? ")" : "\\false");
        return used < len;
    }
    case DM_CONV_DATA_PTR: {
        const struct dm_type *to = mg_type__(gen, MG_OLD,
                                             mg_strip__(gen, MG_OLD, ot->target));
        return (size_t) mg_fmt__(buf, len, "hotup_reloc_data_ok(ctx, %s, %"
                                 PRIu64 ")", src, to->kind == DM_TYPE_FUNCTION
                                 ? 0 : to->size) < len;
    }
    case DM_CONV_CODE_PTR:
        return (size_t) mg_fmt__(buf, len, "hotup_reloc_code_ok(ctx, %s)",
                                 src) < len;
    case DM_CONV_STRUCT:
        switch (mg_struct_can__(gen, pi, NULL)) {
        case MG_CAN_ALWAYS:
            return true;
        case MG_CAN_PRED:
            return (size_t) mg_fmt__(buf, len, "%s(ctx, &%s)",
                                     mg_can_pred__(gen, pi), src) < len;
        default:
            return false;
        }
    case DM_CONV_UNION: {
        struct mg_words words = { .can = buf, .len = len };

        mg_check_words__(gen, p->old_type, src, 0, false, &words, 0, 0);
        return !words.unstated && words.used < len;
    }
    case DM_CONV_ARRAY: {
        /* Every element both layouts have converts; the cut-off ones of
         * the last dimension, scalars or structs tested as values, are
         * zero (those of another dimension are tested as bytes). */
        dm_type_id eid = mg_strip__(gen, MG_OLD, ot->target);
        char s_el[300], elem[1500], quant[200], range[400], cut[400];
        char zero[700];
        size_t sl = mg_fmt__(s_el, sizeof s_el, "%s", src);
        size_t ql = 0, rl = 0, cl = 0, used = 0;
        unsigned q = gen->post_depth++;

        for (uint32_t i = 0; i < ot->count; i++) {
            char k[32];

            mg_fmt__(k, sizeof k, "c%u_%u", q, i);
            mg_append__(quant, sizeof quant, &ql, "%s%s", i ? ", " : "", k);
            mg_dim_range__(gen, p, i, k, false, !i, range, sizeof range, &rl);
            mg_dim_range__(gen, p, i, k, true, !i, cut, sizeof cut, &cl);
            mg_append__(s_el, sizeof s_el, &sl, "[%s]", k);
        }
        bool known = mg_can__(gen, p->elem, s_el, 0, 0, elem, sizeof elem);
        gen->post_depth--;
        if (!known || sl >= sizeof s_el || ql >= sizeof quant
            || rl >= sizeof range || cl >= sizeof cut) {
            return false;
        }
        if (elem[0]) {
            mg_append__(buf, len, &used, "(\\forall integer %s; %s ==> %s)",
                        quant, range, elem);
        }
        if (mg_cut_zero__(gen, p, s_el, zero, sizeof zero)) {
            /* The test must find exactly that. */
            if (!(mg_zero_by_value__(mg_type__(gen, MG_OLD, eid))
                  || mg_zero_exact__(gen, eid, 0))) {
                return false;
            }
            mg_append__(buf, len, &used, "%s(\\forall integer %s; %s ==> %s)",
                        used ? " && " : "", quant, cut, zero);
        } else if (mg_shrinks__(gen, p)) {
            return false;               /* Tested as bytes. */
        }
        return used < len;
    }
    default:
        return false;                   /* Hooks. */
    }
}

/* Emits the copy of an unchanged array 'src' to 'dst' of old type 'id'
 * element by element, with the loop invariant its postcondition needs
 * (mg_plain_array__); false, emitting nothing, for other arrays. */
static bool
mg_copy_array__(struct mg_gen *gen, dm_type_id id, const char *src,
                const char *dst, int indent, int depth)
{
    char var[32], elem[800], s_el[300], d_el[300];
    uint64_t n;

    mg_fmt__(var, sizeof var, "c%d", depth);
    if (!(n = mg_plain_array__(gen, id, src, dst, "j", elem, sizeof elem))) {
        return false;
    }
    mg_fmt__(s_el, sizeof s_el, "%s[%s]", src, var);
    mg_fmt__(d_el, sizeof d_el, "%s[%s]", dst, var);
    mg_out__(gen, "%*s/*@ loop invariant 0 <= %s <= %" PRIu64 ";\n"
             "%*s  @ loop invariant \\forall integer j; 0 <= j < %s ==> %s;\n"
             "%*s  @ loop assigns %s, %s[0 .. %" PRIu64 "];\n"
             "%*s  @ loop variant %" PRIu64 " - %s; */\n"
             "%*sfor (size_t %s = 0; %s < %" PRIu64 "; %s++) {\n",
             indent, "", var, n, indent, "", var, elem, indent, "", var, dst,
             n - 1, indent, "", n, var, indent, "", var, var, n, var);
    dm_type_id eid = mg_strip__(gen, MG_OLD, mg_type__(
        gen, MG_OLD, mg_strip__(gen, MG_OLD, id))->target);
    if (mg_plain_struct__(gen, eid, 0)) {
        size_t used = 0;

        mg_plain_members__(gen, eid, s_el, d_el, true, indent + 4, NULL, 0,
                           &used);
    } else {
        mg_out__(gen, "%*s%s = %s;\n", indent + 4, "", d_el, s_el);
    }
    mg_out__(gen, "%*s}\n", indent, "");
    return true;
}

/* Emits the statements that convert the value 'src' (old) into 'dst'
 * (new) by pair 'pi'.  'obits' and 'nbits' are bitfield widths. */
static void
mg_conv__(struct mg_gen *gen, uint32_t pi, const char *src, const char *dst,
          uint32_t obits, uint32_t nbits, int indent, int depth)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);

    if (p->conv == DM_CONV_IDENTICAL && obits != nbits) {
        /* One integer type, a bitfield of another width: a value
         * conversion, range-checked when narrower. */
        mg_conv_int__(gen, p, src, dst, obits, nbits, indent);
        return;
    }
    switch (p->conv) {
    case DM_CONV_IDENTICAL:
        /* Aggregates of old__ and new__ types do not assign: member by
         * member when they are plain structs, element by element when
         * plain arrays, else copy bytes. */
        if (mg_plain_struct__(gen, p->old_type, 0)) {
            size_t used = 0;

            mg_plain_members__(gen, p->old_type, src, dst, true, indent, NULL,
                               0, &used);
        } else if (mg_memcpy_copy__(gen, pi)) {
            mg_out__(gen, "%*smemcpy(&%s, &%s, sizeof %s);\n", indent, "", dst,
                     src, dst);
        } else if (!mg_copy_array__(gen, p->old_type, src, dst, indent,
                                    depth)) {
            mg_out__(gen, "%*s%s = %s;\n", indent, "", dst, src);
        }
        break;
    case DM_CONV_INT:
        mg_conv_int__(gen, p, src, dst, obits, nbits, indent);
        break;
    case DM_CONV_FLOAT: {
        const char *nty = mg_scalar__(mg_type__(gen, MG_NEW, p->new_type));
        const char *service = mg_float_service__(gen, p);

        if (service && p->checked) {
            mg_out__(gen, "%*sif (!hotup_mig_f64_fits_f32(%s)) {\n%*sreturn "
                     "HOTUP_MIG_ERANGE;      /* Not exact in the new type. */\n"
                     "%*s}\n", indent, "", src, indent + 4, "", indent, "");
        }
        if (service) {
            mg_out__(gen, "%*s%s = %s(%s);\n", indent, "", dst, service, src);
            break;
        }
        /* Other formats: converted here, which 'dwarfmap prove' refuses
         * (floating-point arithmetic under WP's real model). */
        if (p->checked) {
            mg_out__(gen, "%*sif (%s == %s && (%s) %s != %s) {\n%*sreturn "
                     "HOTUP_MIG_ERANGE;      /* Not exact in the new type. */\n"
                     "%*s}\n", indent, "", src, src, nty, src, src, indent + 4,
                     "", indent, "");
        }
        mg_out__(gen, "%*s%s = (%s) %s;\n", indent, "", dst, nty, src);
        break;
    }
    case DM_CONV_ENUM:
        mg_conv_enum__(gen, p, src, dst, indent);
        break;
    case DM_CONV_DATA_PTR: {
        const struct dm_type *to = mg_type__(gen, MG_OLD,
                                             mg_strip__(gen, MG_OLD, ot->target));
        mg_out__(gen, "%*s%s = hotup_mig_reloc_data(ctx, %s, %" PRIu64
                 ", &err);\n%*sif (err) {\n%*sreturn err;\n%*s}\n", indent, "",
                 dst, src, to->kind == DM_TYPE_FUNCTION ? 0 : to->size, indent,
                 "", indent + 4, "", indent, "");
        break;
    }
    case DM_CONV_CODE_PTR:
        mg_out__(gen, "%*s%s = hotup_mig_reloc_code(ctx, %s, &err);\n%*sif "
                 "(err) {\n%*sreturn err;\n%*s}\n", indent, "", dst, src,
                 indent, "", indent + 4, "", indent, "");
        break;
    case DM_CONV_STRUCT:
    case DM_CONV_HOOKED:
        mg_out__(gen, "%*serr = %s(ctx, &%s, &%s);\n%*sif (err) {\n%*sreturn "
                 "err;\n%*s}\n", indent, "", p->conv == DM_CONV_HOOKED
                 ? mg_hook_fn__(gen, p->hook) : mg_pair_fn__(gen, pi), src, dst,
                 indent, "", indent + 4, "", indent, "");
        break;
    case DM_CONV_ARRAY:
        mg_conv_array__(gen, p, src, dst, indent, depth);
        break;
    case DM_CONV_UNION: {
        struct mg_words seen = { .n = 0 };

        mg_check_words__(gen, p->old_type, src, 0, false, &seen, indent,
                         depth);
        mg_out__(gen, "%*sif (err) {\n%*sreturn err;\n%*s}\n%*smemcpy(&%s, "
                 "&%s, sizeof %s);\n", indent, "", indent + 4, "", indent, "",
                 indent, "", dst, src, dst);
        break;
    }
    case DM_CONV_HOOK:
    case DM_CONV_REJECT:
        mg_fail__(gen, -EINVAL, "internal: no conversion for %s", p->reason);
        break;
    }
}

/* ---- Struct migration functions --------------------------------------- */

/* The provenance note of a conversion: its kind, and for scalars both C
 * types ("int, int32_t -> int64_t"). */
static void
mg_conv_what__(struct mg_gen *gen, uint32_t pi, uint32_t obits, uint32_t nbits,
               char *buf, size_t len)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    const char *o = mg_scalar__(mg_type__(gen, MG_OLD, p->old_type));
    const char *n = mg_scalar__(mg_type__(gen, MG_NEW, p->new_type));

    if (p->conv == DM_CONV_IDENTICAL && obits != nbits) {
        uint32_t full = mg_type__(gen, MG_OLD, p->old_type)->size * 8;
        obits = obits ? obits : full;
        nbits = nbits ? nbits : full;
        mg_fmt__(buf, len, "int, width %u -> %u%s", obits, nbits,
                 nbits < obits ? ", checked" : "");
    } else if ((p->conv == DM_CONV_INT || p->conv == DM_CONV_FLOAT) && o && n) {
        mg_fmt__(buf, len, "%s, %s -> %s", dm_conv_name(p->conv), o, n);
    } else {
        mg_fmt__(buf, len, "%s", dm_conv_name(p->conv));
    }
}

static const char *
mg_pair_fn__(struct mg_gen *gen, uint32_t pi)
{
    if (!gen->fn_names[pi]) {
        const struct dm_type *nt = mg_type__(gen, MG_NEW,
                                             gen->d->pairs[pi].new_type);
        char base[256], clean[200];

        mg_sanitize__(clean, sizeof clean, nt->name ? nt->name : "anon");
        mg_fmt__(base, sizeof base, "mig__%s", clean);
        gen->fn_names[pi] = mg_unique__(gen, &gen->used_fns, base);
    }
    return gen->fn_names[pi] ? gen->fn_names[pi] : "?";
}

/* The member access path of a flattened member: its name, or the synthetic
 * name of an anonymous union. */
static void
mg_member_path__(struct mg_gen *gen, enum mg_side s, uint32_t mi, char *buf,
                 size_t len)
{
    const struct dm_graph *g = mg_graph__(gen, s);
    const struct dm_member *m = &g->members[mi];
    const struct mg_run *run = mg_run_of__(gen, s, mi);

    if (run) {
        mg_fmt__(buf, len, "__run%u.%s", (unsigned) (run - gen->runs) + 1,
                 m->name);
    } else if (m->name) {
        mg_fmt__(buf, len, "%s", m->name);
    } else {
        mg_union_member_name__(g, mg_type__(gen, s, mg_strip__(gen, s, m->type)),
                               buf, len);
    }
}

/* An ACSL location for what pair 'pi' writes of member 'path': all of
 * it, or of an array converted element by element the elements both
 * layouts have ("dst->a[0 .. 3][0 .. 1]"). */
static void
mg_lvalues__(struct mg_gen *gen, uint32_t pi, const char *path, char *buf,
             size_t len)
{
    const struct dm_pair *p = &gen->d->pairs[pi];
    const struct dm_graph *og = mg_graph__(gen, MG_OLD);
    const struct dm_graph *ng = mg_graph__(gen, MG_NEW);
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
    size_t used = mg_fmt__(buf, len, "dst->%s", path);

    if (p->conv == DM_CONV_ARRAY) {
        for (uint32_t i = 0; i < nt->count && used < len; i++) {
            uint64_t od = og->dims[ot->first + i], nd = ng->dims[nt->first + i];
            used += mg_fmt__(buf + used, len - used, "[0 .. %" PRIu64 "]",
                             (od < nd ? od : nd) - 1);
        }
    } else if (nt->kind == DM_TYPE_ARRAY && !nt->vector) {
        for (uint32_t i = 0; i < nt->count && used < len; i++) {
            used += mg_fmt__(buf + used, len - used, "[0 .. %" PRIu64 "]",
                             ng->dims[nt->first + i] - 1);
        }
    }
}

/* A struct's predicate of more than MG_POST_PART members is stated in
 * parts, each its own postcondition: a prover's time on a goal grows
 * faster than the members it states, and a member read after a block
 * copy costs it most (case 046).  A part holds at most MG_POST_PART
 * members, and either the members of one run or members outside runs. */
#define MG_POST_PART 8

/* A member's postcondition and the part of its struct's predicate it is
 * stated in (from 1). */
struct mg_post {
    char *text;
    unsigned part;
};

static void
mg_free_posts__(struct mg_post *posts, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        free(posts[i].text);
    }
    free(posts);
}

/* The postconditions of the members of struct pair 'pi' that state
 * something, in member order: a new array of '*n', and in '*n_parts' the
 * number of parts they fall in; NULL (gen->err set) when out of memory. */
static struct mg_post *
mg_post_members__(struct mg_gen *gen, uint32_t pi, unsigned *n,
                  unsigned *n_parts)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];
    struct mg_post *posts = calloc(p->n_mplans + 1, sizeof *posts);
    const struct mg_run *prev = NULL;
    unsigned cur = 1, in_cur = 0;

    *n = 0;
    *n_parts = 1;
    if (!posts) {
        mg_fail__(gen, -ENOMEM, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        char path[256], opath[256], sp[300], dp[300], post[1200];

        if (mp->old_member < 0) {
            continue;
        }
        mg_member_path__(gen, MG_NEW, mp->new_member, path, sizeof path);
        mg_member_path__(gen, MG_OLD, (uint32_t) mp->old_member, opath,
                         sizeof opath);
        mg_fmt__(sp, sizeof sp, "src->%s", opath);
        mg_fmt__(dp, sizeof dp, "dst->%s", path);
        mg_member_post__(gen, pi, mp, sp, dp, post, sizeof post);
        if (!post[0]) {
            continue;
        }

        const struct mg_run *run = mg_pair_run__(gen, pi, mp);
        if (in_cur && (run != prev || in_cur == MG_POST_PART)) {
            cur++;
            in_cur = 0;
        }
        in_cur++;
        prev = run;
        if (!(posts[*n].text = strdup(post))) {
            mg_free_posts__(posts, *n);
            mg_fail__(gen, -ENOMEM, "out of memory");
            return NULL;
        }
        posts[(*n)++].part = cur;
    }
    *n_parts = cur;
    return posts;
}

/* Emits the postconditions of 'posts' in part 'part' (0: all of them),
 * " && " between them; returns how many. */
static unsigned
mg_emit_posts__(struct mg_gen *gen, const struct mg_post *posts, unsigned n,
                unsigned part)
{
    unsigned done = 0;

    for (unsigned i = 0; i < n; i++) {
        if (!part || posts[i].part == part) {
            mg_out__(gen, "%s%s", done++ ? "\n  @  && " : "", posts[i].text);
        }
    }
    return done;
}

/* The predicate of part 'k' of the postcondition of struct pair 'pi':
 * "mig_ok_pK__T" (no other name of the file starts "mig_ok_p"). */
static void
mg_part_pred__(struct mg_gen *gen, uint32_t pi, unsigned k, char *buf,
               size_t len)
{
    mg_fmt__(buf, len, "mig_ok_p%u__%s", k, mg_pair_fn__(gen, pi) + 5);
}

/* Opens the definition of the predicate 'name' of a pair of structs. */
static void
mg_pred_head__(struct mg_gen *gen, const char *name, const char *nname,
               const char *oname)
{
    mg_out__(gen, "/*@ predicate %s(struct hotup_mig_ctx *ctx, struct %s *dst,"
             "\n  @                  struct %s *src) =\n  @     ", name, nname,
             oname);
}

/* The ACSL contract: what the function reads and writes, and per member
 * what it guarantees when it returns 0. */
static void
mg_contract__(struct mg_gen *gen, uint32_t pi)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];
    const char *oname = mg_type_name__(gen, MG_OLD, p->old_type);
    const char *nname = mg_type_name__(gen, MG_NEW, p->new_type);
    char path[256], pred[300], name[320];
    bool first = true;
    unsigned n, n_parts;
    struct mg_post *posts = mg_post_members__(gen, pi, &n, &n_parts);

    if (!posts) {
        return;
    }
    /* The predicate: every member of the new layout that the old one has
     * is its conversion (members added keep their value: see 'assigns').
     * In parts, the predicate is their conjunction, defined last. */
    mg_fmt__(pred, sizeof pred, "%s", mg_pair_pred__(gen, pi));
    if (n <= MG_POST_PART) {
        n_parts = 1;
    }
    for (unsigned k = 1; n_parts > 1 && k <= n_parts; k++) {
        mg_part_pred__(gen, pi, k, name, sizeof name);
        mg_pred_head__(gen, name, nname, oname);
        mg_emit_posts__(gen, posts, n, k);
        mg_out__(gen, ";\n  @*/\n");
    }
    mg_pred_head__(gen, pred, nname, oname);
    for (unsigned k = 1; n_parts > 1 && k <= n_parts; k++) {
        mg_part_pred__(gen, pi, k, name, sizeof name);
        mg_out__(gen, "%s%s(ctx, dst, src)", k > 1 ? "\n  @  && " : "",
                 name);
    }
    if (n_parts == 1 && !mg_emit_posts__(gen, posts, n, 0)) {
        mg_out__(gen, "\\true");
    }
    mg_out__(gen, ";\n  @*/\n");
    mg_free_posts__(posts, n);
    /* When it succeeds: every member converts. */
    char can[MG_CAN_LEN];
    enum mg_can when = mg_struct_can__(gen, pi, can);
    if (when == MG_CAN_PRED) {
        mg_out__(gen, "/*@ predicate %s(struct hotup_mig_ctx *ctx, struct %s "
                 "*src) =\n  @     %s;\n  @*/\n", mg_can_pred__(gen, pi), oname,
                 can);
    }
    mg_out__(gen, "/*@ requires \\valid_read(src) && \\valid(dst) && "
             "\\separated(src, dst);\n  @ assigns ");
    first = true;
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        const struct mg_run *run = mg_pair_run__(gen, pi, mp);
        char lv[512];

        if (mp->old_member < 0 || (run && run->new_first != mp->new_member)) {
            continue;
        }
        if (run) {
            mg_fmt__(lv, sizeof lv, "dst->__run%u",
                     (unsigned) (run - gen->runs) + 1);
        } else {
            mg_member_path__(gen, MG_NEW, mp->new_member, path, sizeof path);
            mg_lvalues__(gen, mp->pair, path, lv, sizeof lv);
        }
        mg_out__(gen, "%s%s", first ? "" : ", ", lv);
        first = false;
    }
    mg_out__(gen, "%s;\n", first ? "\\nothing" : "");
    for (unsigned k = 1; k <= n_parts; k++) {
        if (n_parts > 1) {
            mg_part_pred__(gen, pi, k, name, sizeof name);
        }
        mg_out__(gen, "  @ ensures \\result == 0 ==> %s(ctx, dst, src);\n",
                 n_parts > 1 ? name : pred);
    }
    if (when == MG_CAN_ALWAYS) {
        mg_emit_can__(gen, "");
    } else if (when == MG_CAN_PRED) {
        mg_fmt__(can, sizeof can, "%s(ctx, src)", mg_can_pred__(gen, pi));
        mg_emit_can__(gen, can);
    }
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        const struct dm_member *nm = &d->new->members[mp->new_member];

        if (mp->old_member >= 0 || nm->bit_size) {
            continue;
        }
        mg_member_path__(gen, MG_NEW, mp->new_member, path, sizeof path);
        if (mg_scalar__(mg_type__(gen, MG_NEW,
                                  mg_strip__(gen, MG_NEW, nm->type)))) {
            mg_out__(gen, "  @ ensures dst->%s == \\old(dst->%s);\n", path,
                     path);
        } else {
            /* Byte for byte, not with '==': WP proves an array, or an
             * aggregate holding one, equal to another that differs
             * (docs/verification.md). */
            mg_out__(gen, "  @ ensures \\forall integer b; 0 <= b < "
                     "sizeof(dst->%s) ==>\n  @         ((unsigned char *) "
                     "&dst->%s)[b]\n  @         == \\old(((unsigned char *) "
                     "&dst->%s)[b]);\n", path, path, path);
        }
    }
    mg_out__(gen, "  @*/\n");
}

static void mg_emit_pair_fn__(struct mg_gen *, uint32_t pair);

/* The name of the zero test of old struct type 'id': "mg_zero__T". */
static const char *
mg_zero_fn__(struct mg_gen *gen, dm_type_id id)
{
    static char name[300];              /* Used at once by the caller. */

    mg_fmt__(name, sizeof name, "mg_zero__%s",
             mg_type_name__(gen, MG_OLD, id) + 5);
    return name;
}

static const char *
mg_zero_pred__(struct mg_gen *gen, dm_type_id id)
{
    static char name[300];              /* Used at once by the caller. */

    mg_fmt__(name, sizeof name, "mg_zero_ok__%s",
             mg_type_name__(gen, MG_OLD, id) + 5);
    return name;
}

/* Emits 'static int mg_zero__T(const struct old__T *p)': 1 if every member
 * of a cut-off element is zero, tested member by member (padding is not
 * state), so that the prover follows it.  Unions, anonymous members and
 * opaque bytes are tested byte by byte. */
static void
mg_emit_zero__(struct mg_gen *gen, dm_type_id id)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = mg_type__(gen, MG_OLD, id);
    char path[300];

    if (gen->zero_emitted[id] || t->kind != DM_TYPE_STRUCT) {
        return;
    }
    gen->zero_emitted[id] = true;
    for (uint32_t i = 0; i < t->count; i++) {  /* Nested tests first. */
        const struct dm_type *mt = mg_type__(gen, MG_OLD, mg_strip__(
            gen, MG_OLD, g->members[t->first + i].type));
        if (mt->kind == DM_TYPE_STRUCT && g->members[t->first + i].name) {
            mg_emit_zero__(gen, mg_strip__(gen, MG_OLD,
                                           g->members[t->first + i].type));
        }
    }
    /* The predicate of what the test finds zero: the members tested as
     * values but bitfields (bytes state nothing). */
    const char *and = "";
    mg_out__(gen, "\n/*@ predicate %s(struct %s *p) =\n  @     ",
             mg_zero_pred__(gen, id), mg_type_name__(gen, MG_OLD, id));
    for (uint32_t i = 0; i < t->count && g->members[t->first + i].name; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        dm_type_id mid = mg_strip__(gen, MG_OLD, m->type);
        const struct dm_type *mt = mg_type__(gen, MG_OLD, mid);

        mg_member_path__(gen, MG_OLD, t->first + i, path, sizeof path);
        /* A bitfield is left out: WP does not follow its zero test. */
        if (!m->bit_size && mg_zero_by_value__(mt)) {
            mg_out__(gen, "%sp->%s == 0", and, path);
            and = " && ";
        } else if (mt->kind == DM_TYPE_STRUCT) {
            mg_out__(gen, "%s%s(&p->%s)", and, mg_zero_pred__(gen, mid), path);
            and = " && ";
        }
    }
    mg_out__(gen, "%s;\n  @*/\n", *and ? "" : "\\true");
    mg_out__(gen, "/*@ requires \\valid_read(p);\n  @ assigns \\nothing;\n"
             "  @ ensures \\result != 0 %s %s(p);\n  @*/\nstatic int\n"
             "%s(const struct %s *p)\n{\n", mg_zero_exact__(gen, id, 0)
             ? "<==>" : "==>", mg_zero_pred__(gen, id), mg_zero_fn__(gen, id),
             mg_type_name__(gen, MG_OLD, id));
    if (!t->count) {                    /* Padding only: no state. */
        mg_out__(gen, "    (void) p;\n");
    }
    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        dm_type_id mid = mg_strip__(gen, MG_OLD, m->type);
        const struct dm_type *mt = mg_type__(gen, MG_OLD, mid);

        if (!m->name) {
            mg_out__(gen, "    if (!mg_is_zero__(p, sizeof *p)) {\n"
                     "        return 0;\n    }\n");
            break;                      /* Anonymous: the whole struct. */
        }
        mg_member_path__(gen, MG_OLD, t->first + i, path, sizeof path);
        if (m->bit_size || mg_zero_by_value__(mt)) {
            mg_out__(gen, "    if (p->%s != 0) {\n        return 0;\n    }\n",
                     path);
        } else if (mt->kind == DM_TYPE_STRUCT) {
            mg_out__(gen, "    if (!%s(&p->%s)) {\n        return 0;\n    }\n",
                     mg_zero_fn__(gen, mid), path);
        } else {
            mg_out__(gen, "    if (!mg_is_zero__(&p->%s, sizeof p->%s)) {\n"
                     "        return 0;\n    }\n", path, path);
        }
    }
    mg_out__(gen, "    return 1;\n}\n");
}

/* Emits first the functions that pair 'pi' calls. */
static void
mg_emit_callees__(struct mg_gen *gen, uint32_t pi)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];

    if (p->conv == DM_CONV_ARRAY) {
        const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
        const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
        /* The zero test of a struct element is used for cut-off elements
         * of the last dimension only; the others are tested as bytes. */
        uint32_t last = ot->count ? ot->count - 1 : 0;
        bool shrinks = ot->count && d->new->dims[nt->first + last]
                                    < d->old->dims[ot->first + last];

        if (shrinks) {
            mg_emit_zero__(gen, mg_strip__(gen, MG_OLD, ot->target));
        }
        mg_emit_callees__(gen, p->elem);
    } else if (p->conv == DM_CONV_STRUCT) {
        mg_emit_pair_fn__(gen, pi);
    }
}

/* True if member plan 'mp' of pair 'pi' is written by a block copy: in
 * a run, or an unchanged aggregate copied by memcpy. */
static bool
mg_block_copy__(struct mg_gen *gen, uint32_t pi, const struct dm_mplan *mp)
{
    const struct dm_member *nm = &gen->d->new->members[mp->new_member];

    if (mp->old_member < 0) {
        return false;
    }
    if (mg_pair_run__(gen, pi, mp)) {
        return true;
    }
    return !nm->bit_size && !gen->d->old->members[mp->old_member].bit_size
           && mg_memcpy_copy__(gen, mp->pair);
}

/* Emits the provenance note of member plan 'mp' of pair 'pi' and its
 * conversion; returns true if the member comes from src. */
static bool
mg_emit_member__(struct mg_gen *gen, uint32_t pi, const struct dm_mplan *mp)
{
    const struct dm_diff *d = gen->d;
    const struct dm_member *nm = &d->new->members[mp->new_member];
    char npath[256], opath[256], s[300], t[300], what[160];
    uint64_t nbits = nm->bit_size ? nm->bit_size
                     : mg_type__(gen, MG_NEW, nm->type)->size * 8;

    mg_member_path__(gen, MG_NEW, mp->new_member, npath, sizeof npath);
    if (mp->old_member < 0) {
        mg_out__(gen, "    /* %s: %" PRIu64 "+%" PRIu64 " bits, added: "
                 "keeps the new initializer */\n", npath, mp->new_bit_offset,
                 nbits);
        return false;
    }
    const struct dm_member *om = &d->old->members[mp->old_member];
    uint64_t obits = om->bit_size ? om->bit_size
                     : mg_type__(gen, MG_OLD, om->type)->size * 8;
    mg_member_path__(gen, MG_OLD, (uint32_t) mp->old_member, opath,
                     sizeof opath);
    mg_conv_what__(gen, mp->pair, om->bit_size, nm->bit_size, what,
                   sizeof what);
    mg_out__(gen, "    /* %s: bits %" PRIu64 "+%" PRIu64 " -> %" PRIu64 "+%"
             PRIu64 ", %s */\n", npath, mp->old_bit_offset, obits,
             mp->new_bit_offset, nbits, what);
    const struct mg_run *run = mg_pair_run__(gen, pi, mp);
    if (run && run->new_first == mp->new_member) {
        mg_out__(gen, "    dst->__run%u = src->__run%u;\n",
                 (unsigned) (run - gen->runs) + 1,
                 (unsigned) (run - gen->runs) + 1);
    } else if (!run) {
        mg_fmt__(s, sizeof s, "src->%s", opath);
        mg_fmt__(t, sizeof t, "dst->%s", npath);
        mg_conv__(gen, mp->pair, s, t, om->bit_size, nm->bit_size, 4, 0);
    }
    return true;
}

static void
mg_emit_pair_fn__(struct mg_gen *gen, uint32_t pi)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];

    if (gen->fn_emitted[pi] || gen->err) {
        return;
    }
    gen->fn_emitted[pi] = true;
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        if (mp->old_member >= 0) {
            mg_emit_callees__(gen, mp->pair);
        }
    }
    const char *oname = mg_type_name__(gen, MG_OLD, p->old_type);
    const char *nname = mg_type_name__(gen, MG_NEW, p->new_type);

    mg_out__(gen, "\n");
    mg_contract__(gen, pi);
    mg_out__(gen, "static int\n%s(struct hotup_mig_ctx *ctx, const struct %s "
             "*src,\n%*sstruct %s *dst)\n{\n    int err = 0;\n\n    (void) ctx;\n"
             "    (void) err;\n", mg_pair_fn__(gen, pi), oname,
             (int) strlen(mg_pair_fn__(gen, pi)) + 1, "", nname);
    /* Block copies (runs, memcpy) first, then the members written one
     * by one: a prover follows a member write after a block copy far
     * more easily than a member kept across one. */
    bool copies = false;                /* Some member comes from src. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < p->n_mplans && !gen->err; i++) {
            const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];

            if (mg_block_copy__(gen, pi, mp) == !pass) {
                copies |= mg_emit_member__(gen, pi, mp);
            }
        }
    }
    for (uint32_t i = 0; i < p->n_dropped; i++) {
        const struct dm_dropped *dr = &d->dropped[p->first_dropped + i];
        mg_out__(gen, "    /* %s: bits %" PRIu64 "+%" PRIu64 ", dropped */\n",
                 dr->name ? dr->name : "(anonymous)", dr->bit_offset,
                 dr->bit_size);
    }
    if (!copies) {                      /* Every member is new: -Wextra. */
        mg_out__(gen, "    (void) src;\n    (void) dst;\n");
    }
    mg_out__(gen, "    return 0;\n}\n");
}

/* ---- Offset maps ------------------------------------------------------ */

static void mg_emit_map__(struct mg_gen *, uint32_t pair);

static bool
mg_has_map__(const struct dm_pair *p)
{
    return p->conv == DM_CONV_STRUCT || p->conv == DM_CONV_ARRAY;
}

/* Where a pointer to 'size' bytes at 'off' inside an old value of pair
 * 'pi' goes in the new value: emitted as statements that return. */
static void
mg_map_into__(struct mg_gen *gen, uint32_t pi, const char *off,
              const char *new_base, uint64_t old_size)
{
    const struct dm_pair *p = &gen->d->pairs[pi];

    if (p->conv == DM_CONV_IDENTICAL || p->conv == DM_CONV_UNION) {
        mg_out__(gen, "        *new_off = %s + (%s);\n        return 0;\n",
                 new_base, off);
    } else if (mg_has_map__(p)) {
        mg_out__(gen, "        int r = map__%u(%s, size, new_off);\n"
                 "        *new_off += %s;\n        return r;\n", pi, off,
                 new_base);
    } else {
        mg_out__(gen, "        if ((%s) == 0 && size == %" PRIu64 "ULL) {\n"
                 "            *new_off = %s;\n            return 0;\n"
                 "        }\n        return HOTUP_MIG_ERELOC;\n", off, old_size,
                 new_base);
    }
}

/* True if a pointer to the start of an old value of pair 'pi' ('size'
 * bytes) could as well point to a sub-object of the same size at its start
 * (the only member of a struct, the only element of an array) that the new
 * layout moves or drops.  The offset map sees only (offset, size), so it
 * cannot tell the two apart: it refuses both (fail closed), and the
 * independent checker expects that. */
static bool
mg_ambiguous__(struct mg_gen *gen, uint32_t pi, uint64_t size, int depth)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];

    if (depth > 64) {
        return true;
    }
    if (p->conv == DM_CONV_ARRAY) {
        const struct dm_pair *ep = &d->pairs[p->elem];

        return mg_type__(gen, MG_OLD, ep->old_type)->size == size
               && mg_has_map__(ep) && mg_ambiguous__(gen, p->elem, size,
                                                     depth + 1);
    }
    if (p->conv != DM_CONV_STRUCT) {
        return false;
    }
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        if (mp->old_member < 0 || mp->old_bit_offset) {
            continue;
        }
        const struct dm_member *om = &d->old->members[mp->old_member];
        if (om->bit_size || mg_type__(gen, MG_OLD, om->type)->size != size) {
            continue;
        }
        return mp->new_bit_offset
               || (mg_has_map__(&d->pairs[mp->pair])
                   && mg_ambiguous__(gen, mp->pair, size, depth + 1));
    }
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    for (uint32_t i = 0; i < p->n_dropped; i++) {
        const struct dm_dropped *dr = &d->dropped[p->first_dropped + i];
        if (dr->bit_offset || dr->bit_size != size * 8 || !dr->name) {
            continue;
        }
        for (uint32_t k = 0; k < ot->count; k++) {  /* Not a bitfield? */
            const struct dm_member *om = &d->old->members[ot->first + k];
            if (om->name && !strcmp(om->name, dr->name) && !om->bit_size) {
                return true;
            }
        }
    }
    return false;
}

/* A member of a struct that its offset map places: the old member's byte
 * offset 'o' and size 'osz', its new byte offset 'n', and its pair. */
struct mg_map_member {
    uint64_t o, osz, n;
    uint32_t pair;
};

static int
mg_cmp_map_member__(const void *a_, const void *b_)
{
    const struct mg_map_member *a = a_, *b = b_;
    return a->o != b->o ? (a->o < b->o ? -1 : 1)   /* Ties: none in a struct, */
           : a->n != b->n ? (a->n < b->n ? -1 : 1) /* ordered all the same. */
           : (a->pair > b->pair) - (a->pair < b->pair);
}

/* The members of struct pair 'pi' that pointers into can follow, by old
 * offset, in a new array of '*n' (NULL, with gen->err set, when out of
 * memory).  Not placed: a member new adds, a bitfield on either side,
 * nothing to point to. */
static struct mg_map_member *
mg_map_members__(struct mg_gen *gen, uint32_t pi, uint32_t *n)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];
    struct mg_map_member *m = calloc(p->n_mplans + 1, sizeof *m);

    *n = 0;
    if (!m) {
        mg_fail__(gen, -ENOMEM, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        if (mp->old_member < 0) {
            continue;
        }
        const struct dm_member *om = &d->old->members[mp->old_member];
        const struct dm_member *nm = &d->new->members[mp->new_member];
        uint64_t osz = mg_type__(gen, MG_OLD, om->type)->size;
        if (!om->bit_size && !nm->bit_size && osz) {
            m[(*n)++] = (struct mg_map_member) {
                mp->old_bit_offset / 8, osz, mp->new_bit_offset / 8, mp->pair
            };
        }
    }
    qsort(m, *n, sizeof *m, mg_cmp_map_member__);
    return m;
}

/* The ACSL value of mg_map_into__: where a pointer to 'size' bytes at
 * 'off' inside an old value of pair 'pi' goes, or -1. */
static void
mg_map_logic_into__(struct mg_gen *gen, uint32_t pi, const char *off,
                    const char *new_base, uint64_t old_size)
{
    const struct dm_pair *p = &gen->d->pairs[pi];

    if (p->conv == DM_CONV_IDENTICAL || p->conv == DM_CONV_UNION) {
        mg_out__(gen, "%s + (%s)", new_base, off);
    } else if (mg_has_map__(p)) {
        mg_out__(gen, "hotup_map_at(map_l__%u(%s, size), %s)", pi, off,
                 new_base);
    } else {
        mg_out__(gen, "(%s == 0 && size == %" PRIu64 " ? %s : -1)", off,
                 old_size, new_base);
    }
}

/* The contract of offset map 'map__S' whose specification is the ACSL
 * logic function 'map_l__S' (of 'off' and 'size'): it returns 0 and that
 * new offset when the value is one, HOTUP_MIG_ERELOC when it is -1. */
static void
mg_map_contract__(struct mg_gen *gen, const char *spec)
{
    mg_out__(gen, "/*@ requires \\valid(new_off);\n  @ assigns *new_off;\n"
             "  @ ensures %s(off, size) >= 0 ==> \\result == 0 && *new_off == "
             "%s(off, size);\n  @ ensures %s(off, size) < 0 ==> \\result == "
             "HOTUP_MIG_ERELOC;\n  @*/\n", spec, spec, spec);
}

/* Opens the logic function 'map_l__S' of an offset map ('s' is "S").
 * With 'whole', its first branch places a pointer to the whole old value
 * of 'size' bytes (at 0, or -1 when 'ambiguous': mg_ambiguous__) and the
 * next branches start "  @   : "; else the first branch starts at once. */
static void
mg_map_open__(struct mg_gen *gen, const char *s, bool whole, uint64_t size,
              bool ambiguous)
{
    mg_out__(gen, "\n/*@ logic integer map_l__%s(integer off, integer size) =\n"
             "  @     ", s);
    if (whole) {
        mg_out__(gen, "off == 0 && size == %" PRIu64 " ? %s\n", size,
                 ambiguous ? "-1" : "0");
    }
}

/* Closes the logic function 'map_l__S' and opens the C function 'map__S'
 * under its contract, with the same first branch (mg_map_open__). */
static void
mg_map_open_c__(struct mg_gen *gen, const char *s, bool whole, uint64_t size,
                bool ambiguous)
{
    char spec[64];

    mg_fmt__(spec, sizeof spec, "map_l__%s", s);
    mg_out__(gen, ";\n  @*/\n");
    mg_map_contract__(gen, spec);
    mg_out__(gen, "static int\nmap__%s(uint64_t off, uint64_t size, "
             "uint64_t *new_off)\n{\n", s);
    if (!whole) {
        mg_out__(gen, "    (void) size;                /* Not all parts "
                 "use it. */\n");
        return;
    }
    mg_out__(gen, "    if (off == 0 && size == %" PRIu64 "ULL) {\n", size);
    if (ambiguous) {
        mg_out__(gen, "        /* Also the size of a sub-object at its start "
                 "that does not start\n         * the new value: which one is "
                 "meant is unknown. */\n        (void) new_off;\n"
                 "        return HOTUP_MIG_ERELOC;\n    }\n");
    } else {
        mg_out__(gen, "        *new_off = 0;\n        return 0;\n    }\n");
    }
}

/* The most members one offset-map function places: a wider struct's map
 * is split by old offset into part functions (map__T_1, ...) of at most
 * this many members each, under a map that only chooses the part, and so
 * on up.  WP's simplifier grows much faster than the branches of one
 * function: 11 members take 6 s a goal, and one map of 63 members ran
 * out of memory at 24 GB. */
#define MG_MAP_PART 12

/* Emits the offset map of members [a, b) of 'm' (a struct's, by old
 * offset) as 'map__S' with its logic function 'map_l__S' ('s' is "S").
 * The struct's whole map ('whole') also places a pointer to the whole
 * value of 'size' bytes (mg_map_open__); its parts do not. */
static void
mg_emit_map_part__(struct mg_gen *gen, const struct mg_map_member *m,
                   uint32_t a, uint32_t b, const char *s, bool whole,
                   uint64_t size, bool ambiguous)
{
    uint32_t parts = (b - a + MG_MAP_PART - 1) / MG_MAP_PART;
    parts = parts > MG_MAP_PART ? MG_MAP_PART : parts;
    uint32_t each = parts > 1 ? (b - a + parts - 1) / parts : b - a;
    const char *lead = whole ? "  @   : " : "";
    char sub[64];

    for (uint32_t j = 0; parts > 1 && j < parts; j++) {   /* Parts first. */
        uint32_t pa = a + j * each, pb = pa + each < b ? pa + each : b;
        mg_fmt__(sub, sizeof sub, "%s_%u", s, j + 1);
        mg_emit_map_part__(gen, m, pa, pb, sub, false, 0, false);
    }
    mg_map_open__(gen, s, whole, size, ambiguous);
    if (parts > 1) {                    /* The part by offset. */
        for (uint32_t j = 0; j + 1 < parts; j++) {
            mg_out__(gen, "%soff < %" PRIu64 " ? map_l__%s_%u(off, size)\n",
                     lead, m[a + (j + 1) * each].o, s, j + 1);
            lead = "  @   : ";
        }
        mg_out__(gen, "%smap_l__%s_%u(off, size)", lead, s, parts);
        mg_map_open_c__(gen, s, whole, size, ambiguous);
        for (uint32_t j = 0; j + 1 < parts; j++) {
            mg_out__(gen, "    if (off < %" PRIu64 "ULL) {\n        return "
                     "map__%s_%u(off, size, new_off);\n    }\n",
                     m[a + (j + 1) * each].o, s, j + 1);
        }
        mg_out__(gen, "    return map__%s_%u(off, size, new_off);\n}\n", s,
                 parts);
        return;
    }
    for (uint32_t i = a; i < b; i++) {
        char rel[64], base[32];
        mg_fmt__(rel, sizeof rel, "off - %" PRIu64, m[i].o);
        mg_fmt__(base, sizeof base, "%" PRIu64, m[i].n);
        mg_out__(gen, "%s%" PRIu64 " <= off < %" PRIu64 " ? ", lead, m[i].o,
                 m[i].o + m[i].osz);
        mg_map_logic_into__(gen, m[i].pair, rel, base, m[i].osz);
        mg_out__(gen, "\n");
        lead = "  @   : ";
    }
    mg_out__(gen, "%s-1", lead);
    mg_map_open_c__(gen, s, whole, size, ambiguous);
    for (uint32_t i = a; i < b; i++) {
        char rel[64], base[32];
        mg_fmt__(rel, sizeof rel, "off - %" PRIu64 "ULL", m[i].o);
        mg_fmt__(base, sizeof base, "%" PRIu64 "ULL", m[i].n);
        if (m[i].o) {
            /* Bounds as constants: WP's simplifier takes seconds per goal
             * on 'off - o < size' (unsigned wrap-around) and minutes on a
             * struct of a dozen members. */
            mg_out__(gen, "    if (off >= %" PRIu64 "ULL && off < %" PRIu64
                     "ULL) {\n", m[i].o, m[i].o + m[i].osz);
        } else {
            mg_out__(gen, "    if (off < %" PRIu64 "ULL) {\n", m[i].osz);
        }
        mg_map_into__(gen, m[i].pair, rel, base, m[i].osz);
        mg_out__(gen, "    }\n");
    }
    mg_out__(gen, "    return HOTUP_MIG_ERELOC;\n}\n");
}

/* Emits the offset map of array pair 'pi' (old size 'size'): the index of
 * each dimension, from the last dimension out, and the element's map.
 * Its logic function states the same from the dimensions. */
static void
mg_emit_array_map__(struct mg_gen *gen, uint32_t pi, const char *s,
                    uint64_t size, bool ambiguous)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];
    const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
    const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
    const struct dm_pair *ep = &d->pairs[p->elem];
    uint64_t oe = mg_type__(gen, MG_OLD, ep->old_type)->size;
    uint64_t ne = mg_type__(gen, MG_NEW, ep->new_type)->size;
    char idx[512], nidx[1024], base[1100], rem[64];
    size_t il = 0, nl = 0;
    uint64_t scale = 1;

    oe = oe ? oe : 1;
    mg_map_open__(gen, s, true, size, ambiguous);
    mg_append__(idx, sizeof idx, &il, "off / %" PRIu64, oe);
    for (uint32_t k = ot->count; k-- > 0; ) {
        uint64_t od = d->old->dims[ot->first + k];
        uint64_t nd = d->new->dims[nt->first + k];
        char at[600];

        mg_fmt__(at, sizeof at, "(%s) %% %" PRIu64, idx, od);
        if (nd < od) {
            mg_out__(gen, "  @   : %s >= %" PRIu64 " ? -1\n", at, nd);
        }
        mg_append__(nidx, sizeof nidx, &nl, "%s%s", nl ? " + " : "", at);
        if (scale != 1) {
            mg_append__(nidx, sizeof nidx, &nl, " * %" PRIu64, scale);
        }
        mg_append__(idx, sizeof idx, &il, " / %" PRIu64, od);
        scale *= nd;
    }
    mg_fmt__(base, sizeof base, "(%s) * %" PRIu64, nidx, ne);
    mg_fmt__(rem, sizeof rem, "off %% %" PRIu64, oe);
    mg_out__(gen, "  @   : %s != 0 ? -1\n  @   : ", idx);
    mg_map_logic_into__(gen, p->elem, rem, base, oe);
    mg_map_open_c__(gen, s, true, size, ambiguous);

    mg_out__(gen, "    uint64_t idx = off / %" PRIu64 "ULL, nidx = 0, "
             "scale = 1;\n    uint64_t rem = off %% %" PRIu64 "ULL;\n", oe, oe);
    for (uint32_t k = ot->count; k-- > 0; ) {
        uint64_t od = d->old->dims[ot->first + k];
        uint64_t nd = d->new->dims[nt->first + k];
        mg_out__(gen, "    if (idx %% %" PRIu64 "ULL >= %" PRIu64 "ULL) {\n"
                 "        return HOTUP_MIG_ERELOC;\n    }\n"
                 "    nidx += idx %% %" PRIu64 "ULL * scale;\n"
                 "    idx /= %" PRIu64 "ULL;\n    scale *= %" PRIu64 "ULL;\n",
                 od, nd, od, od, nd);
    }
    mg_fmt__(base, sizeof base, "nidx * %" PRIu64 "ULL", ne);
    mg_out__(gen, "    if (idx) {\n        return HOTUP_MIG_ERELOC;\n    }\n"
             "    {\n");
    mg_map_into__(gen, p->elem, "rem", base, oe);
    mg_out__(gen, "    }\n}\n");
}

/* Emits 'map__T' (T the pair's index), the offset map of pair 'pi', after
 * the maps it calls: where a pointer to 'size' bytes at 'off' in an old
 * value goes in the new one.  Its logic function 'map_l__T' is the
 * specification, stated from the layouts (member ranges, array
 * dimensions) by a separate emitter, and its contract says the C map
 * computes it. */
static void
mg_emit_map__(struct mg_gen *gen, uint32_t pi)
{
    const struct dm_diff *d = gen->d;
    const struct dm_pair *p = &d->pairs[pi];
    uint64_t size = mg_type__(gen, MG_OLD, p->old_type)->size;
    char s[32];

    if (gen->map_emitted[pi] || !mg_has_map__(p) || gen->err) {
        return;
    }
    gen->map_emitted[pi] = true;
    if (p->conv == DM_CONV_ARRAY) {
        mg_emit_map__(gen, p->elem);
    } else {
        for (uint32_t i = 0; i < p->n_mplans; i++) {
            const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
            if (mp->old_member >= 0) {
                mg_emit_map__(gen, mp->pair);
            }
        }
    }
    /* A pointer to the whole value; when it is ambiguous, refused. */
    bool ambiguous = mg_ambiguous__(gen, pi, size, 0);
    mg_fmt__(s, sizeof s, "%u", pi);
    if (p->conv == DM_CONV_ARRAY) {
        mg_emit_array_map__(gen, pi, s, size, ambiguous);
        return;
    }
    uint32_t n;
    struct mg_map_member *m = mg_map_members__(gen, pi, &n);
    if (m) {
        mg_emit_map_part__(gen, m, 0, n, s, true, size, ambiguous);
    }
    free(m);
}

/* ---- Tables of words to relocate -------------------------------------- */

static void
mg_table_add__(struct mg_table *t, uint64_t off, uint64_t stride,
               uint64_t count, const char *kind, uint64_t size)
{
    if (t->refused || count > UINT32_MAX || t->n == MG_TABLE_MAX) {
        t->refused = true;
        return;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        struct mg_word *w = realloc(t->w, cap * sizeof *w);

        if (!w) {
            t->refused = true;
            return;
        }
        t->w = w;
        t->cap = cap;
    }
    t->w[t->n++] = (struct mg_word) {
        .off = off, .stride = count > 1 ? stride : 0, .size = size,
        .count = (uint32_t) count, .kind = kind,
    };
}

/* Adds the pointer words of an old value of type 'id' at byte 'off' to
 * 't': relocated, or only checked inside a union (which member is live is
 * unknown, as mg_check_words__ says).  An array's words repeat with its
 * stride, over whichever of two nested repetitions is longer. */
static void
mg_table_of__(struct mg_gen *gen, dm_type_id id, uint64_t off, bool in_union,
              struct mg_table *t, int depth)
{
    const struct dm_graph *g = mg_graph__(gen, MG_OLD);
    const struct dm_type *ty = mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD, id));

    if (depth > 64) {
        t->refused = true;
        return;
    }
    if (ty->kind == DM_TYPE_POINTER) {
        const struct dm_type *to = mg_type__(gen, MG_OLD,
                                             mg_strip__(gen, MG_OLD, ty->target));

        t->refused |= ty->size != 8;
        mg_table_add__(t, off, 0, 1, in_union ? "CHECK"
                       : to->kind == DM_TYPE_FUNCTION ? "CODE" : "DATA",
                       in_union || to->kind == DM_TYPE_FUNCTION ? 0 : to->size);
    } else if (ty->kind == DM_TYPE_STRUCT || ty->kind == DM_TYPE_UNION) {
        for (uint32_t i = 0; i < ty->count; i++) {
            const struct dm_member *m = &g->members[ty->first + i];

            if (!m->bit_size && mg_has_pointers__(gen, m->type, 0)) {
                mg_table_of__(gen, m->type, off + m->bit_offset / 8,
                              in_union || ty->kind == DM_TYPE_UNION, t,
                              depth + 1);
            }
        }
    } else if (ty->kind == DM_TYPE_ARRAY && !ty->vector
               && mg_has_pointers__(gen, ty->target, 0)) {
        const struct dm_type *et = mg_type__(gen, MG_OLD,
                                             mg_strip__(gen, MG_OLD, ty->target));
        struct mg_table e = { .n = 0 };
        uint64_t n = 1;

        for (uint32_t k = 0; k < ty->count; k++) {
            uint64_t dim = g->dims[ty->first + k];

            n = dim && n > UINT32_MAX / dim ? UINT64_MAX : n * dim;
        }
        mg_table_of__(gen, ty->target, 0, in_union, &e, depth + 1);
        t->refused |= e.refused;
        for (size_t i = 0; n && i < e.n; i++) {
            const struct mg_word *x = &e.w[i];

            if (x->count == 1 || n <= x->count) {
                for (uint64_t k = 0; k < (x->count == 1 ? 1 : n)
                                     && !t->refused; k++) {
                    mg_table_add__(t, off + k * et->size + x->off,
                                   x->count == 1 ? et->size : x->stride,
                                   x->count == 1 ? n : x->count, x->kind,
                                   x->size);
                }
            } else {
                for (uint64_t k = 0; k < x->count && !t->refused; k++) {
                    mg_table_add__(t, off + x->off + k * x->stride, et->size, n,
                                   x->kind, x->size);
                }
            }
        }
        free(e.w);
    }
}

static int
mg_cmp_word__(const void *a_, const void *b_)
{
    const struct mg_word *a = a_, *b = b_;

    if (a->off != b->off) {
        return a->off < b->off ? -1 : 1;
    }
    if (a->stride != b->stride) {
        return a->stride < b->stride ? -1 : 1;
    }
    if (a->count != b->count) {
        return a->count < b->count ? -1 : 1;
    }
    return strcmp(a->kind, b->kind);
}

/* The RELOCATE tables of the converted variables that keep their layout,
 * by offset, without repeats (two members of a union with a pointer at
 * one place need one check). */
static void
mg_plan_tables__(struct mg_gen *gen)
{
    const struct dm_diff *d = gen->d;

    gen->tables = calloc(d->n_changes + 1, sizeof *gen->tables);
    if (!gen->tables) {
        mg_fail__(gen, -ENOMEM, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < d->n_changes; i++) {
        const struct dm_change *c = &d->changes[i];
        struct mg_table *t = &gen->tables[i];
        size_t n = 0;

        if (c->verdict != DM_VERDICT_CONVERT || c->pair >= d->n_pairs
            || !d->pairs[c->pair].same_layout) {
            continue;
        }
        mg_table_of__(gen, c->old_var->type, 0, false, t, 0);
        if (t->refused || !t->n) {
            free(t->w);
            *t = (struct mg_table) { .n = 0 };
            continue;
        }
        qsort(t->w, t->n, sizeof *t->w, mg_cmp_word__);
        for (size_t k = 0; k < t->n; k++) {
            if (!n || mg_cmp_word__(&t->w[n - 1], &t->w[k])) {
                t->w[n++] = t->w[k];
            }
        }
        t->n = n;
    }
}

static void
mg_emit_table__(struct mg_gen *gen, uint32_t ci)
{
    const struct mg_table *t = &gen->tables[ci];

    mg_out__(gen, "\nstatic const struct hotup_word mg_words__%u[] = {\n", ci);
    for (size_t k = 0; k < t->n; k++) {
        const struct mg_word *w = &t->w[k];

        mg_out__(gen, "    { .off = %" PRIu64, w->off);
        if (w->count > 1) {
            mg_out__(gen, ", .stride = %" PRIu64, w->stride);
        }
        mg_out__(gen, ", .count = %" PRIu32 ", .kind = HOTUP_WORD_%s",
                 w->count, w->kind);
        if (!strcmp(w->kind, "DATA")) {
            mg_out__(gen, ", .size = %" PRIu64, w->size);
        }
        mg_out__(gen, " },\n");
    }
    mg_out__(gen, "};\n");
}

/* ---- Variables and the bundle ----------------------------------------- */

static bool
mg_in_bundle__(const struct dm_change *c)
{
    return c->verdict == DM_VERDICT_COPY || c->verdict == DM_VERDICT_CONVERT
           || c->verdict == DM_VERDICT_HOOK;
}

/* The hook registered for a variable, by its new or its old identity. */
static const char *
mg_var_hook__(struct mg_gen *gen, const struct dm_change *c)
{
    const struct mg_hooks *h = gen->hooks;

    for (size_t i = 0; h && i < h->n; i++) {
        if (!h->list[i].type && (!strcmp(h->list[i].key, c->new_var->id)
                                 || !strcmp(h->list[i].key, c->old_var->id))) {
            return h->list[i].fn;
        }
    }
    return NULL;
}

static bool
mg_var_hooked__(struct mg_gen *gen, const struct dm_change *c)
{
    return c->verdict == DM_VERDICT_HOOK && mg_var_hook__(gen, c);
}

/* Declares the layouts of a variable the bundle converts: a packed
 * wrapper per build around its value, and every aggregate it holds. */
static void
mg_declare_var__(struct mg_gen *gen, uint32_t ci)
{
    const struct dm_change *c = &gen->d->changes[ci];
    char decl[600];

    for (int s = MG_OLD; s <= MG_NEW; s++) {
        const struct dm_var *v = s == MG_OLD ? c->old_var : c->new_var;
        dm_type_id t = mg_strip__(gen, s, v->type);

        mg_declare_inner__(gen, s, t);
        mg_decl__(gen, s, t, "v", decl, sizeof decl);
        mg_out__(gen, "\n/* %s: %" PRIu64 " bytes in the %s build */\n"
                 "struct __attribute__((packed)) %s__v%u {\n    %s;\n};\n"
                 "_Static_assert(sizeof(struct %s__v%u) == %" PRIu64
                 ", \"layout drift\");\n", v->id, v->size,
                 gen->side[s].prefix, gen->side[s].prefix, ci, decl,
                 gen->side[s].prefix, ci, v->size);
    }
}

/* The migration and offset map of a converted variable: a typed function
 * with its contract, and the 'void *' entry points of the bundle ABI,
 * which only cast. */
static void
mg_emit_var__(struct mg_gen *gen, uint32_t ci)
{
    const struct dm_change *c = &gen->d->changes[ci];
    const struct dm_pair *p = &gen->d->pairs[c->pair];
    char lv[512], post[1200], can[MG_CAN_LEN];

    mg_emit_callees__(gen, c->pair);
    mg_emit_map__(gen, c->pair);
    mg_lvalues__(gen, c->pair, "v", lv, sizeof lv);
    mg_post__(gen, c->pair, "src->v", "dst->v", post, sizeof post);
    mg_out__(gen, "\n/* %s */\n/*@ requires \\valid_read(src) && \\valid(dst) && "
             "\\separated(src, dst);\n  @ assigns %s;\n", c->new_var->id, lv);
    if (post[0]) {
        mg_out__(gen, "  @ ensures \\result == 0 ==> %s;\n", post);
    }
    if (mg_can__(gen, c->pair, "src->v", 0, 0, can, sizeof can)) {
        mg_emit_can__(gen, can);
    }
    char what[160];
    mg_conv_what__(gen, c->pair, 0, 0, what, sizeof what);
    mg_out__(gen, "  @*/\nstatic int\nmig_v__%u(struct hotup_mig_ctx *ctx, "
             "const struct old__v%u *src,\n          struct new__v%u *dst)\n{\n"
             "    int err = 0;\n\n    (void) ctx;\n    (void) err;\n"
             "    /* v: %" PRIu64 " -> %" PRIu64 " bytes, %s */\n", ci, ci, ci,
             c->old_var->size, c->new_var->size, what);
    mg_conv__(gen, c->pair, "src->v", "dst->v", 0, 0, 4, 0);
    mg_out__(gen, "    return 0;\n}\n\n"
             "/*@ requires \\valid_read((const struct old__v%u *) src_)\n"
             "  @       && \\valid((struct new__v%u *) dst_)\n"
             "  @       && \\separated((const struct old__v%u *) src_,\n"
             "  @                       (struct new__v%u *) dst_);\n"
             "  @ assigns *((struct new__v%u *) dst_);\n  @*/\n"
             "static int\nmig_var__%u(struct hotup_mig_ctx *ctx, const void *src_, "
             "void *dst_)\n{\n    return mig_v__%u(ctx, src_, dst_);\n}\n\n",
             ci, ci, ci, ci, ci, ci, ci);

    /* Pointers into the variable: its offset map. */
    uint64_t size = c->old_var->size;
    char spec[32];
    if (mg_has_map__(p)) {
        mg_fmt__(spec, sizeof spec, "map_l__%u", c->pair);
    } else {
        mg_fmt__(spec, sizeof spec, "map_var_l__%u", ci);
        mg_out__(gen, "/*@ logic integer %s(integer off, integer size) =\n"
                 "  @     ", spec);
        if (p->conv == DM_CONV_UNION) {
            mg_out__(gen, "off < %" PRIu64 " && size <= %" PRIu64 " - off ? "
                     "off : -1;\n", size, size);
        } else {
            mg_out__(gen, "off == 0 && size == %" PRIu64 " ? 0 : -1;\n", size);
        }
        mg_out__(gen, "  @*/\n");
    }
    mg_map_contract__(gen, spec);
    mg_out__(gen, "static int\nmap_var__%u(uint64_t off, uint64_t size, "
             "uint64_t *new_off)\n{\n", ci);
    if (mg_has_map__(p)) {
        mg_out__(gen, "    return map__%u(off, size, new_off);\n}\n", c->pair);
    } else if (p->conv == DM_CONV_UNION) {
        /* The same layout: the same place. */
        mg_out__(gen, "    if (off < %" PRIu64 "ULL && size <= %" PRIu64
                 "ULL - off) {\n        *new_off = off;\n        return 0;\n"
                 "    }\n    return HOTUP_MIG_ERELOC;\n}\n", size, size);
    } else {
        mg_out__(gen, "    if (off == 0 && size == %" PRIu64 "ULL) {\n"
                 "        *new_off = 0;\n        return 0;\n    }\n"
                 "    return HOTUP_MIG_ERELOC;\n}\n", size);
    }
}

static void
mg_emit_string__(struct mg_gen *gen, const char *s)
{
    mg_out__(gen, "\"");
    for (; *s; s++) {
        unsigned char c = *s;
        if (c == '"' || c == '\\') {
            mg_out__(gen, "\\%c", c);
        } else if (c < 0x20 || c >= 0x7f) {
            mg_out__(gen, "\\%03o", c);
        } else {
            mg_sink_putc__(&gen->out, c);
        }
    }
    mg_out__(gen, "\"");
}

/* Functions of old that new has too, by identity, sorted by old address. */
static int
mg_cmp_func_map__(const void *a_, const void *b_)
{
    const uint64_t *a = a_, *b = b_;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

static void
mg_emit_funcs__(struct mg_gen *gen)
{
    const struct dm_graph *og = gen->d->old, *ng = gen->d->new;
    uint64_t *map = calloc((size_t) og->n_funcs * 2 + 2, sizeof *map);
    uint32_t n = 0;

    if (!map) {
        mg_fail__(gen, -ENOMEM, "out of memory");
        return;
    }
    for (uint32_t i = 0, j = 0; i < og->n_funcs && j < ng->n_funcs; ) {
        int c = strcmp(og->funcs[i].id, ng->funcs[j].id);
        if (!c) {
            map[2 * n] = og->funcs[i].address;
            map[2 * n + 1] = ng->funcs[j].address;
            n++;
        }
        i += c <= 0;
        j += c >= 0;
    }
    qsort(map, n, 2 * sizeof *map, mg_cmp_func_map__);
    mg_out__(gen, "\n/* Functions in both builds, by identity. */\n"
             "static const struct hotup_func_map mg_funcs[] = {\n");
    for (uint32_t i = 0; i < n; i++) {
        mg_out__(gen, "    { 0x%" PRIx64 ", 0x%" PRIx64 " },\n", map[2 * i],
                 map[2 * i + 1]);
    }
    if (!n) {
        mg_out__(gen, "    { 0, 0 },\n");
    }
    mg_out__(gen, "};\n");
    free(map);
    mg_out__(gen, "#define MG_N_FUNCS %u\n", n);
}

/* A NUL-terminated text string of a '.rodata' section. */
struct mg_str {
    const unsigned char *s;
    size_t len;                         /* Without the NUL. */
    uint64_t addr;
};

static int
mg_cmp_str__(const void *a_, const void *b_)
{
    const struct mg_str *a = a_, *b = b_;
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

    if (c || a->len != b->len) {
        return c ? c : a->len < b->len ? -1 : 1;
    }
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* The text strings of a '.rodata' image (malloc; *n of them, by address):
 * maximal runs of printable bytes between NULs.  Other constants never
 * match and keep the old build mapped if pointed to. */
static struct mg_str *
mg_strings__(const unsigned char *data, size_t size, uint64_t addr, size_t *n)
{
    struct mg_str *list = NULL;
    size_t cap = 0;

    *n = 0;
    for (size_t i = 0; i < size; ) {
        size_t j = i;

        while (j < size && data[j] && ((data[j] >= 0x20 && data[j] < 0x7f)
                                       || data[j] == '\t' || data[j] == '\n')) {
            j++;
        }
        if (j < size && !data[j] && j > i && (!i || !data[i - 1])) {
            if (*n == cap) {
                struct mg_str *grown = realloc(list, (cap = cap ? 2 * cap : 256)
                                                     * sizeof *list);
                if (!grown) {
                    free(list);
                    *n = 0;
                    return NULL;
                }
                list = grown;
            }
            list[(*n)++] = (struct mg_str) { data + i, j - i, addr + i };
        }
        i = j + 1;
    }
    return list;
}

/* One range of old's '.rodata' that new holds byte for byte. */
struct mg_romap {
    uint64_t old, size, new;
    bool named;                         /* A variable, not a literal. */
};

static int
mg_cmp_romap__(const void *a_, const void *b_)
{
    const struct mg_romap *a = a_, *b = b_;

    if (a->old != b->old) {
        return a->old < b->old ? -1 : 1;
    }
    return (int) b->named - (int) a->named;     /* Variables first. */
}

static struct mg_romap *
mg_romap_add__(struct mg_romap **list, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t grown_cap = *cap ? 2 * *cap : 256;
        struct mg_romap *grown = realloc(*list, grown_cap * sizeof **list);

        if (!grown) {
            return NULL;
        }
        *list = grown;
        *cap = grown_cap;
    }
    return &(*list)[(*n)++];
}

/* True if [addr, +size) lies in the '.rodata' image at 'base'. */
static bool
mg_in_rodata__(uint64_t addr, uint64_t size, uint64_t base, size_t len)
{
    return addr >= base && addr - base <= len && size <= len - (addr - base);
}

/* The named read-only variables of old in '.rodata' that new has under the
 * same identity with the same bytes: matched by identity, not by bytes (a
 * sentinel such as Open vSwitch's all-zero 'empty_cmap' is compared by
 * address, and its zeros match anywhere). */
static int
mg_rodata_vars__(struct mg_gen *gen, const unsigned char *od, size_t osize,
                 uint64_t oaddr, const unsigned char *nd, size_t nsize,
                 uint64_t naddr, struct mg_romap **list, size_t *n,
                 size_t *cap)
{
    const struct dm_graph *og = gen->d->old;

    for (uint32_t i = 0; i < og->n_vars; i++) {
        const struct dm_var *o = &og->vars[i];
        const struct dm_var *nv = dm_graph_find_var(gen->d->new, o->id);
        struct mg_romap *r;

        if (o->writable || o->kind == DM_VAR_TLS || o->n_pieces || !o->size
            || !nv || nv->writable || nv->kind == DM_VAR_TLS || nv->n_pieces
            || nv->size != o->size
            || !mg_in_rodata__(o->address, o->size, oaddr, osize)
            || !mg_in_rodata__(nv->address, nv->size, naddr, nsize)
            || memcmp(od + (o->address - oaddr), nd + (nv->address - naddr),
                      o->size)) {
            continue;
        }
        if (!(r = mg_romap_add__(list, n, cap))) {
            return -ENOMEM;
        }
        *r = (struct mg_romap) { o->address, o->size, nv->address, true };
    }
    return 0;
}

/* Each string literal of old that new holds byte for byte: the first
 * (lowest address) identical one. */
static int
mg_rodata_strings__(const unsigned char *od, size_t osize, uint64_t oaddr,
                    const unsigned char *nd, size_t nsize, uint64_t naddr,
                    struct mg_romap **list, size_t *n, size_t *cap)
{
    size_t n_old = 0, n_new = 0;
    struct mg_str *olist = mg_strings__(od, osize, oaddr, &n_old);
    struct mg_str *nlist = mg_strings__(nd, nsize, naddr, &n_new);
    int err = 0;

    if ((osize && !olist && n_old) || (nsize && !nlist && n_new)) {
        err = -ENOMEM;
        goto out;
    }
    if (n_new) {                        /* qsort(NULL, 0): undefined. */
        qsort(nlist, n_new, sizeof *nlist, mg_cmp_str__);
    }
    for (size_t i = 0; i < n_old; i++) {
        const struct mg_str *o = &olist[i];
        struct mg_str key = { o->s, o->len, 0 };
        size_t lo = 0, hi = n_new;
        struct mg_romap *r;

        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;

            if (mg_cmp_str__(&nlist[mid], &key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == n_new || nlist[lo].len != o->len
            || memcmp(nlist[lo].s, o->s, o->len)) {
            continue;
        }
        if (!(r = mg_romap_add__(list, n, cap))) {
            err = -ENOMEM;
            goto out;
        }
        *r = (struct mg_romap) { o->addr, o->len + 1, nlist[lo].addr, false };
    }
out:
    free(olist);
    free(nlist);
    return err;
}

/* The rodata map: the named read-only variables of old that new holds
 * under the same identity, and the string literals of old that new holds
 * byte for byte (a pointer to one, or into one, is remapped there; others
 * keep old mapped).  A literal inside a mapped variable is left to the
 * variable.  Returns how many entries it emitted as 'mg_rodata'. */
static uint32_t
mg_emit_rodata__(struct mg_gen *gen)
{
    unsigned char *od = NULL, *nd = NULL;
    size_t osize, nsize, n_map = 0, cap = 0;
    uint64_t oaddr, naddr, end = 0;
    struct mg_romap *map = NULL;
    uint32_t n = 0;
    int err;

    err = dm_graph_read_rodata(gen->d->old, &od, &osize, &oaddr);
    if (!err) {
        err = dm_graph_read_rodata(gen->d->new, &nd, &nsize, &naddr);
    }
    if (err == -ENOENT) {
        goto out;                       /* No literals: nothing to map. */
    }
    if (err) {
        mg_fail__(gen, err, "%s: cannot read .rodata", od ? gen->d->new->path
                                                          : gen->d->old->path);
        goto out;
    }
    if (mg_rodata_vars__(gen, od, osize, oaddr, nd, nsize, naddr, &map,
                         &n_map, &cap)
        || mg_rodata_strings__(od, osize, oaddr, nd, nsize, naddr, &map,
                               &n_map, &cap)) {
        mg_fail__(gen, -ENOMEM, "out of memory");
        goto out;
    }
    if (n_map) {
        qsort(map, n_map, sizeof *map, mg_cmp_romap__);
    }
    for (size_t i = 0; i < n_map; i++) {
        const struct mg_romap *r = &map[i];

        if (n && r->old < end) {
            continue;                   /* Inside the entry before. */
        }
        if (!n) {
            mg_out__(gen, "\n/* Read-only variables and string literals of "
                     "old that new holds byte for\n * byte. */\nstatic const "
                     "struct hotup_rodata_map mg_rodata[] = {\n");
        }
        mg_out__(gen, "    { 0x%" PRIx64 ", %" PRIu64 ", 0x%" PRIx64 " },\n",
                 r->old, r->size, r->new);
        end = r->old + r->size;
        n++;
    }
    if (n) {
        mg_out__(gen, "};\n");
    }
out:
    free(map);
    free(od);
    free(nd);
    return n;
}

static void
mg_emit_bundle__(struct mg_gen *gen)
{
    const struct dm_diff *d = gen->d;
    bool code_ptrs = false, data_ptrs = false;
    uint32_t n_rodata = 0;

    for (uint32_t i = 0; i < d->n_pairs; i++) {
        code_ptrs |= d->pairs[i].conv == DM_CONV_CODE_PTR;
        data_ptrs |= d->pairs[i].conv == DM_CONV_DATA_PTR;
    }
    /* Tables are data, not code: nothing in them to prove, and WP would
     * assume every initializer of a const table in every goal. */
    mg_out__(gen, "\n#ifndef __FRAMAC__        /* The bundle's tables. */\n");
    if (code_ptrs) {
        mg_emit_funcs__(gen);
    }
    if (data_ptrs) {
        n_rodata = mg_emit_rodata__(gen);
    }
    for (uint32_t i = 0; i < d->n_changes; i++) {
        if (gen->tables[i].n) {
            mg_emit_table__(gen, i);
        }
    }
    mg_out__(gen, "\nstatic const struct hotup_entry mg_entries[] = {\n");
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->n_changes; i++) {
        const struct dm_change *c = &d->changes[i];
        bool hooked = mg_var_hooked__(gen, c);
        bool convert = c->verdict == DM_VERDICT_CONVERT
                       || c->verdict == DM_VERDICT_HOOK;
        bool tls = c->new_var && c->new_var->kind == DM_VAR_TLS;

        if (!mg_in_bundle__(c)) {
            continue;
        }
        mg_out__(gen, "    {\n        .old_id = ");
        mg_emit_string__(gen, c->old_var->id);
        mg_out__(gen, ",\n        .new_id = ");
        mg_emit_string__(gen, c->new_var->id);
        mg_out__(gen, ",\n        .kind = %s,\n        .flags = %s%s%s,\n"
                 "        .old_addr = 0x%" PRIx64 ", .old_size = %" PRIu64 ",\n"
                 "        .new_addr = 0x%" PRIx64 ", .new_size = %" PRIu64 ",\n",
                 gen->tables[i].n ? "HOTUP_ENTRY_RELOCATE"
                 : convert ? "HOTUP_ENTRY_CONVERT" : "HOTUP_ENTRY_COPY",
                 tls ? "HOTUP_ENTRY_TLS" : "",
                 tls && convert && c->pair < d->n_pairs
                 && d->pairs[c->pair].pointers ? " | " : "",
                 convert && c->pair < d->n_pairs
                 && d->pairs[c->pair].pointers ? "HOTUP_ENTRY_POINTERS"
                 : tls ? "" : "0",
                 c->old_var->address, c->old_var->size, c->new_var->address,
                 c->new_var->size);
        if (hooked) {
            mg_out__(gen, "        .migrate = %s,          /* hook */\n",
                     mg_var_hook__(gen, c));
        } else if (gen->tables[i].n) {
            mg_out__(gen, "        .words = mg_words__%u, .n_words = %zu,\n",
                     i, gen->tables[i].n);
        } else if (convert) {
            mg_out__(gen, "        .migrate = mig_var__%u,\n        .map_offset "
                     "= map_var__%u,\n", i, i);
        }
        mg_out__(gen, "    },\n");
        n++;
    }
    if (!n) {
        mg_out__(gen, "    { 0 },\n");
    }
    mg_out__(gen, "};\n\nconst struct hotup_bundle hotup_bundle = {\n"
             "    .abi = HOTUP_MIGRATION_ABI,\n    .n_entries = %u,\n"
             "    .old_build_id = ", n);
    mg_emit_string__(gen, d->old->build_id ? d->old->build_id : "");
    mg_out__(gen, ",\n    .new_build_id = ");
    mg_emit_string__(gen, d->new->build_id ? d->new->build_id : "");
    mg_out__(gen, ",\n    .entries = mg_entries,\n");
    if (code_ptrs) {
        mg_out__(gen, "    .n_funcs = MG_N_FUNCS,\n    .funcs = mg_funcs,\n");
    }
    if (n_rodata) {
        mg_out__(gen, "    .n_rodata = %u,\n    .rodata = mg_rodata,\n",
                 n_rodata);
    }
    mg_out__(gen, "};\n#endif /* __FRAMAC__ */\n");
}

static bool
mg_in_struct__(const struct dm_type *t, int64_t mi)
{
    return mi >= t->first && mi < (int64_t) t->first + t->count;
}

static void
mg_close_run__(struct mg_gen *gen, struct mg_run *run)
{
    const struct dm_graph *og = mg_graph__(gen, MG_OLD);
    const struct dm_type *t = run->count ? mg_type__(
        gen, MG_OLD, mg_strip__(gen, MG_OLD, og->members[run->old_first].type))
        : NULL;

    /* Two or more members, or one aggregate: an assignment of a run beats
     * a memcpy for the prover.  A lone array of scalars is copied in a
     * loop instead, which states its elements (mg_copy_array__); in a
     * longer run it stays unstated: breaking runs at arrays made loop
     * invariants over arrays of such structs time out (041). */
    if (run->count >= 2
        || (run->count == 1 && t->kind != DM_TYPE_BASE
            && t->kind != DM_TYPE_ENUM && t->kind != DM_TYPE_POINTER
            && !mg_scalar_array__(gen, og->members[run->old_first].type))) {
        struct mg_run *runs = realloc(gen->runs, (gen->n_runs + 1) * sizeof *runs);
        if (!runs) {
            mg_fail__(gen, -ENOMEM, "out of memory");
            return;
        }
        gen->runs = runs;
        gen->runs[gen->n_runs++] = *run;
        for (uint32_t i = 0; i < run->count; i++) {
            gen->run_of[MG_OLD][run->old_first + i] = gen->n_runs;
            gen->run_of[MG_NEW][run->new_first + i] = gen->n_runs;
        }
    }
    run->count = 0;
}

/* Marks in 'in_array' (by old type) the struct of pair 'pi' and those
 * inside it: pair 'pi' converts the elements of an array. */
static void
mg_mark_in_array__(struct mg_gen *gen, uint32_t pi, bool *in_array, int depth)
{
    const struct dm_pair *p = &gen->d->pairs[pi];

    if (depth > 64) {
        return;
    }
    if (p->conv == DM_CONV_ARRAY) {
        mg_mark_in_array__(gen, p->elem, in_array, depth + 1);
    } else if (p->conv == DM_CONV_STRUCT && !in_array[p->old_type]) {
        in_array[p->old_type] = true;
        for (uint32_t i = 0; i < p->n_mplans; i++) {
            const struct dm_mplan *mp = &gen->d->mplans[p->first_mplan + i];
            if (mp->old_member >= 0) {
                mg_mark_in_array__(gen, mp->pair, in_array, depth + 1);
            }
        }
    }
}

/* True if an unchanged member of pair 'pi' is stated when copied on its
 * own but not inside a run: a plain array (copied in a loop) or a union
 * (copied with memcpy, stated byte for byte). */
static bool
mg_own_copy__(struct mg_gen *gen, uint32_t pi)
{
    const struct dm_pair *p = &gen->d->pairs[pi];

    return mg_is_plain_array__(gen, p->old_type)
           || (mg_type__(gen, MG_OLD, mg_strip__(gen, MG_OLD, p->old_type))
                   ->kind == DM_TYPE_UNION
               && mg_memcpy_copy__(gen, pi));
}

/* Finds the runs of every struct pair, in pair order (deterministic).  A
 * member already in a run (its type pairs with another type too) starts
 * no other.  In a struct that is not (inside) an array element, an array
 * of scalars or a union ends a run (mg_own_copy__): copied on its own it
 * is stated (an array in a loop, mg_copy_array__; a union byte for byte),
 * which WP cannot follow inside a run; in an array element the loop
 * invariants over its fellows then time out (041).  Structs copied with
 * memcpy stay in runs: on their own, WP does not prove the 'assigns' of
 * their memcpy (047's 'in', tried). */
static void
mg_find_runs__(struct mg_gen *gen)
{
    const struct dm_diff *d = gen->d;
    bool *in_array = calloc(d->old->n_types + 1, sizeof *in_array);

    gen->run_of[MG_OLD] = calloc(d->old->n_members + 1, sizeof (uint32_t));
    gen->run_of[MG_NEW] = calloc(d->new->n_members + 1, sizeof (uint32_t));
    if (!gen->run_of[MG_OLD] || !gen->run_of[MG_NEW] || !in_array) {
        free(in_array);
        mg_fail__(gen, -ENOMEM, "out of memory");
        return;
    }
    for (uint32_t pi = 0; pi < d->n_pairs; pi++) {
        if (d->pairs[pi].conv == DM_CONV_ARRAY) {
            mg_mark_in_array__(gen, pi, in_array, 0);
        }
    }
    for (uint32_t pi = 0; pi < d->n_pairs && !gen->err; pi++) {
        const struct dm_pair *p = &d->pairs[pi];
        const struct dm_type *ot = mg_type__(gen, MG_OLD, p->old_type);
        const struct dm_type *nt = mg_type__(gen, MG_NEW, p->new_type);
        struct mg_run run = { .pair = pi };
        uint64_t next_old = 0, next_new = 0;

        if (p->conv != DM_CONV_STRUCT) {
            continue;
        }
        for (uint32_t i = 0; i < p->n_mplans; i++) {
            const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
            const struct dm_member *om = mp->old_member >= 0
                ? &d->old->members[mp->old_member] : NULL;
            const struct dm_member *nm = &d->new->members[mp->new_member];
            bool ok = om && om->name && nm->name && !om->bit_size
                      && !nm->bit_size
                      && d->pairs[mp->pair].conv == DM_CONV_IDENTICAL
                      && mg_in_struct__(ot, mp->old_member)
                      && mg_in_struct__(nt, mp->new_member)
                      && !gen->run_of[MG_OLD][mp->old_member]
                      && !gen->run_of[MG_NEW][mp->new_member]
                      && (in_array[p->old_type]
                          || !mg_own_copy__(gen, mp->pair));
            bool extends = ok && run.count
                           && (uint32_t) mp->old_member == run.old_first + run.count
                           && mp->new_member == run.new_first + run.count
                           && mp->old_bit_offset == next_old
                           && mp->new_bit_offset == next_new;

            if (!extends) {
                mg_close_run__(gen, &run);
            }
            if (!ok) {
                continue;
            }
            uint64_t bits = mg_type__(gen, MG_OLD, om->type)->size * 8;
            if (!run.count) {
                run.old_first = (uint32_t) mp->old_member;
                run.new_first = mp->new_member;
                run.bits = 0;
            }
            run.count++;
            run.bits += bits;
            next_old = mp->old_bit_offset + bits;
            next_new = mp->new_bit_offset + bits;
        }
        mg_close_run__(gen, &run);
    }
    free(in_array);
}

static void
mg_emit_prologue__(struct mg_gen *gen)
{
    const struct dm_diff *d = gen->d;

    mg_out__(gen, "/* Generated by 'dwarfmap diff': do not edit.\n"
             " *\n * Migrates the static state of build-id %s\n"
             " * into the layout of build-id %s.\n"
             " *\n * Compile: cc -shared -fPIC -I<hotup>/runtime/include "
             "migrate.c -o bundle.so */\n"
             "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n"
             "#include \"hotup/migration.h\"\n\n"
             "/* True if the n bytes at p are all zero. */\n"
             "/*@ requires \\valid_read((const unsigned char *) p + (0 .. n - 1));\n"
             "  @ assigns \\nothing;\n  @*/\n"
             "static __attribute__((unused)) int\nmg_is_zero__(const void *p, "
             "size_t n)\n{\n    const unsigned char *b = p;\n\n"
             "    /*@ loop invariant 0 <= i <= n;\n      @ loop assigns i;\n"
             "      @ loop variant n - i; */\n"
             "    for (size_t i = 0; i < n; i++) {\n        if (b[i]) {\n"
             "            return 0;\n        }\n    }\n    return 1;\n}\n",
             d->old->build_id ? d->old->build_id : "(none)",
             d->new->build_id ? d->new->build_id : "(none)");
}

int
mg_generate(const struct dm_diff *d, const struct mg_opts *opts, FILE *out,
            char *errbuf, size_t errlen)
{
    struct mg_gen gen = {
        .d = d, .errbuf = errbuf, .errlen = errlen,
        .hooks = opts && opts->sz >= offsetof(struct mg_opts, hooks)
                                     + sizeof opts->hooks ? opts->hooks : NULL,
        .side = {
            [MG_OLD] = { .g = d->old, .prefix = "old" },
            [MG_NEW] = { .g = d->new, .prefix = "new" },
        },
    };

    if (dm_diff_status(d) & (DM_EXIT_NEEDS_HOOK | DM_EXIT_UNSAFE)) {
        mg_fmt__(errbuf, errlen, "some changes need a hook or are refused: "
                 "no migration generated");
        return -EINVAL;
    }
    for (int s = MG_OLD; s <= MG_NEW; s++) {
        gen.side[s].names = calloc(gen.side[s].g->n_types, sizeof (char *));
        gen.side[s].emitted = calloc(gen.side[s].g->n_types, sizeof (bool));
    }
    gen.fn_names = calloc(d->n_pairs + 1, sizeof *gen.fn_names);
    gen.fn_emitted = calloc(d->n_pairs + 1, sizeof *gen.fn_emitted);
    gen.map_emitted = calloc(d->n_pairs + 1, sizeof *gen.map_emitted);
    gen.zero_emitted = calloc(d->old->n_types + 1, sizeof *gen.zero_emitted);
    gen.can = calloc(d->n_pairs + 1, sizeof *gen.can);
    char *outbuf = malloc(MG_OUTBUF);
    mg_sink_file__(&gen.out, out, outbuf, outbuf ? MG_OUTBUF : 0);
    if (!gen.side[0].names || !gen.side[1].names || !gen.side[0].emitted
        || !gen.side[1].emitted || !gen.fn_names || !gen.fn_emitted
        || !gen.map_emitted || !gen.zero_emitted || !gen.can || !outbuf) {
        mg_fail__(&gen, -ENOMEM, "out of memory");
    }
    if (!gen.err) {
        mg_find_runs__(&gen);
    }
    if (!gen.err) {
        mg_plan_tables__(&gen);
    }
    if (!gen.err) {
        mg_emit_prologue__(&gen);
    }
    /* Layouts first, then the hooks (which may use them), then the
     * generated functions (which may call the hooks). */
    for (uint32_t i = 0; i < d->n_changes && !gen.err; i++) {
        if ((d->changes[i].verdict == DM_VERDICT_CONVERT
             || d->changes[i].verdict == DM_VERDICT_HOOK)
            && !gen.tables[i].n) {
            mg_declare_var__(&gen, i);
        }
    }
    if (!gen.err && gen.hooks && gen.hooks->n) {
        mg_out__(&gen, "\n/* ---- Hand-written hooks (--hooks), verbatim ---- */"
                 "\n\n");
        mg_sink_write__(&gen.out, gen.hooks->text, gen.hooks->len);
        mg_out__(&gen, "\n/* ---- End of hooks ---- */\n");
    }
    for (uint32_t i = 0; i < d->n_changes && !gen.err; i++) {
        const struct dm_change *c = &d->changes[i];
        if (c->verdict == DM_VERDICT_HOOK && !mg_var_hooked__(&gen, c)) {
            mg_emit_var__(&gen, i);     /* Its type (or a member) hooked. */
        } else if (c->verdict == DM_VERDICT_CONVERT && !gen.tables[i].n) {
            mg_emit_var__(&gen, i);
        }
    }
    if (!gen.err) {
        mg_emit_bundle__(&gen);
    }
    if (mg_sink_flush__(&gen.out)) {
        mg_fail__(&gen, -EIO, "error writing the migration");
    }

    for (int s = MG_OLD; s <= MG_NEW; s++) {
        free(gen.side[s].names);        /* Entries alias 'used'. */
        mg_nameset_free__(&gen.side[s].used);
        free(gen.side[s].emitted);
    }
    mg_nameset_free__(&gen.used_fns);
    free(gen.run_of[MG_OLD]);
    free(gen.run_of[MG_NEW]);
    free(gen.runs);
    free(gen.fn_names);
    free(gen.fn_emitted);
    free(gen.map_emitted);
    free(gen.zero_emitted);
    free(gen.can);
    for (uint32_t i = 0; gen.tables && i < d->n_changes; i++) {
        free(gen.tables[i].w);
    }
    free(gen.tables);
    free(outbuf);
    return gen.err;
}
