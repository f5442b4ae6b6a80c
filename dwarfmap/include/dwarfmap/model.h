/* dwarfmap: the static-state model of one ELF object.
 *
 * A graph owns everything it points to: variables, types, members, interned
 * strings.  Types are referred to by small integer ids (dm_type_id), 0 being
 * void, never by pointer, so that a graph can grow while it is read and two
 * graphs (old and new library) can be compared side by side.
 *
 * The model is format-agnostic: no libdwarf or libelf type appears here.  DIE
 * offsets are kept only so that diagnostics can name the DIE. */
#ifndef DWARFMAP_MODEL_H
#define DWARFMAP_MODEL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t dm_type_id;            /* Index into graph->types; 0 is void. */

enum dm_type_kind {
    DM_TYPE_VOID,
    DM_TYPE_BASE,                       /* Integer, float, bool, complex. */
    DM_TYPE_POINTER,                    /* 'target' is the pointee (0: void). */
    DM_TYPE_TYPEDEF,                    /* 'name' aliases 'target'. */
    DM_TYPE_CONST,                      /* Qualifiers wrap 'target'. */
    DM_TYPE_VOLATILE,
    DM_TYPE_ATOMIC,
    DM_TYPE_RESTRICT,
    DM_TYPE_STRUCT,
    DM_TYPE_UNION,
    DM_TYPE_ENUM,                       /* 'target' is the underlying type. */
    DM_TYPE_ARRAY,                      /* 'target' is the element type. */
    DM_TYPE_FUNCTION,                   /* 'target' is the return type. */
};

/* Base type encodings, from DW_AT_encoding. */
enum dm_encoding {
    DM_ENC_NONE,
    DM_ENC_SIGNED,
    DM_ENC_UNSIGNED,
    DM_ENC_SIGNED_CHAR,
    DM_ENC_UNSIGNED_CHAR,
    DM_ENC_BOOL,
    DM_ENC_FLOAT,
    DM_ENC_COMPLEX_FLOAT,
    DM_ENC_OTHER,                       /* Anything else: never converted. */
};

/* One member of a struct or union.  Bitfields are normalised to the DWARF 5
 * form: the bit offset of the field's least significant bit from the start
 * of the enclosing type, on this little-endian target. */
struct dm_member {
    const char *name;                   /* Interned; NULL if anonymous. */
    dm_type_id type;                    /* The member's declared type. */
    uint64_t bit_offset;                /* From the start of the enclosing type. */
    uint32_t bit_size;                  /* 0 unless a bitfield. */
};

/* One enumerator. */
struct dm_enumerator {
    const char *name;                   /* Interned. */
    int64_t value;                      /* Unsigned enums store the bits. */
};

/* One array dimension. */
#define DM_DIM_UNBOUNDED UINT64_MAX     /* Flexible or 'int v[];'. */

struct dm_type {
    enum dm_type_kind kind;
    const char *name;                   /* Interned; NULL if anonymous. */
    uint64_t size;                      /* Bytes; 0 if incomplete or unknown. */
    dm_type_id target;                  /* See enum dm_type_kind. */
    uint32_t align;                     /* DW_AT_alignment, 0 if not given. */
    bool declaration;                   /* Incomplete struct/union/enum. */

    enum dm_encoding encoding;          /* BASE; ENUM: of its values. */

    /* STRUCT, UNION: members; ENUM: enumerators; ARRAY: dims;
     * FUNCTION: parameter types.  Index 'first' into the graph's array of
     * that kind, 'count' entries. */
    uint32_t first;
    uint32_t count;

    bool vector;                        /* ARRAY: a GNU vector type. */
    bool variadic;                      /* FUNCTION: '...' or unprototyped. */

    uint64_t die_offset;                /* For diagnostics only. */
};

enum dm_var_kind {
    DM_VAR_GLOBAL,                      /* External linkage. */
    DM_VAR_STATIC,                      /* File scope, internal linkage. */
    DM_VAR_FUNC_STATIC,                 /* Block scope, static storage. */
    DM_VAR_TLS,                         /* Thread-local; see 'scope'. */
};

/* A contiguous part of a variable that lives at its own address.  Only
 * variables whose DWARF location is composite (DW_OP_piece, as clang -O2
 * emits for scalar-replaced aggregates) have pieces. */
struct dm_piece {
    uint64_t offset;                    /* Within the variable, bytes. */
    uint64_t size;                      /* Bytes. */
    uint64_t address;                   /* Link-time address. */
    bool present;                       /* False: optimised out. */
};

struct dm_var {
    const char *id;                     /* NAME, FILE:NAME, FILE:FUNC:NAME. */
    const char *name;
    const char *cu;                     /* Normalised compile-unit path. */
    const char *function;               /* NULL unless a function static. */
    enum dm_var_kind kind;
    enum dm_var_kind scope;             /* GLOBAL, STATIC or FUNC_STATIC. */
    uint64_t address;                   /* Link-time address; TLS: offset in
                                         * the module's TLS block. */
    uint64_t size;                      /* Bytes of storage. */
    const char *section;                /* ELF section name, interned. */
    bool writable;                      /* Writable after relocation. */
    dm_type_id type;
    const char *symbol;                 /* Matching .symtab name, or NULL. */
    uint32_t ordinal;                   /* 1-based among same-named statics
                                         * of one function; 0 otherwise. */
    uint32_t decl_line;                 /* 0 if unknown. */
    uint32_t first_piece;               /* Into graph->pieces; */
    uint32_t n_pieces;                  /* 0 unless composite. */
    uint64_t die_offset;                /* For diagnostics only. */
};

/* A function with code in the object: code pointers in the state are
 * remapped through these, by identity ('NAME' if external, else
 * 'FILE:NAME'), from one build to the other. */
struct dm_func {
    const char *id;
    const char *name;
    const char *cu;
    uint64_t address;                   /* Link-time entry address. */
    bool external;
};

/* A variable DIE that has no storage of its own. */
enum dm_nostate_reason {
    DM_NOSTATE_OPTIMISED_OUT,           /* No location and no value. */
    DM_NOSTATE_CONST_VALUE,             /* DW_AT_const_value. */
    DM_NOSTATE_DISCARDED,               /* Address outside every segment. */
    DM_NOSTATE_ALIAS,                   /* Same storage as another variable. */
    /* Its value is computed from storage of another form: clang -O2 keeps
     * a static that is only ever stored one value as a flag byte
     * ('DW_OP_addrx, DW_OP_deref_size 1, DW_OP_lit7, DW_OP_mul, ...,
     * DW_OP_stack_value').  State that no migration can carry. */
    DM_NOSTATE_DERIVED,
};

struct dm_nostate {
    const char *id;
    const char *name;
    enum dm_nostate_reason reason;
    uint64_t die_offset;
    uint64_t address;                   /* DM_NOSTATE_DERIVED: the storage */
    uint64_t size;                      /* its value is read from. */
};

/* Where a diagnostic comes from, with the worst first. */
enum dm_severity {
    DM_ERROR,
    DM_WARNING,
    DM_NOTE,
};

struct dm_diag {
    enum dm_severity severity;
    const char *text;                   /* One line, names the DIE/variable. */
};

struct dm_graph {
    const char *path;                   /* As given to dm_graph_load(). */
    const char *build_id;               /* Lower-case hex, or NULL. */
    uint64_t tls_size;                  /* PT_TLS p_memsz, 0 if none. */
    uint64_t tls_align;

    struct dm_type *types;              /* types[0] is void. */
    uint32_t n_types;
    struct dm_member *members;
    uint32_t n_members;
    struct dm_enumerator *enumerators;
    uint32_t n_enumerators;
    uint64_t *dims;                     /* Element counts, outermost first. */
    uint32_t n_dims;
    dm_type_id *params;
    uint32_t n_params;

    struct dm_var *vars;                /* Sorted by id. */
    uint32_t n_vars;
    struct dm_piece *pieces;
    uint32_t n_pieces;
    struct dm_nostate *nostate;         /* Sorted by id. */
    uint32_t n_nostate;
    struct dm_func *funcs;              /* Sorted by id; unique ids. */
    uint32_t n_funcs;

    struct dm_diag *diags;              /* In the order they were found. */
    uint32_t n_diags;

    struct dm_graph_priv__ *priv;       /* Allocation state. */
};

struct dm_load_opts {
    size_t sz;                          /* sizeof(struct dm_load_opts). */
    const char *debug_file;             /* Separate debug info, or NULL. */
    const char *strip_prefix;           /* A directory: compile-unit paths
                                         * below it are made relative to
                                         * it (two checkouts then match). */
};

/* Loads 'path' (a shared object or executable) into a new graph.  Returns 0,
 * or a negative errno with *graphp NULL and a one-line message naming the
 * file and the problem in errbuf. */
int dm_graph_load(const char *path, const struct dm_load_opts *opts,
                  struct dm_graph **graphp, char *errbuf, size_t errlen);
void dm_graph_destroy(struct dm_graph *);   /* Accepts NULL. */

/* A copy (malloc; free it) of the bytes of the loaded object's '.rodata'
 * section and its link-time address: what string literals point into.
 * Returns 0, -ENOENT when there is none, or another negative errno. */
int dm_graph_read_rodata(const struct dm_graph *, unsigned char **data,
                         size_t *size, uint64_t *addr);

/* Accessors. */
const struct dm_type *dm_type(const struct dm_graph *, dm_type_id);
dm_type_id dm_type_strip(const struct dm_graph *, dm_type_id);
const struct dm_var *dm_graph_find_var(const struct dm_graph *, const char *id);

/* Writes a C spelling of the type ("const char *", "int (*)(int)",
 * "struct node[4]") to buf, truncated to len; returns buf. */
char *dm_type_spell(const struct dm_graph *, dm_type_id, char *buf,
                    size_t len);

/* The inventory as 'dwarfmap show' prints it: text with pahole-like
 * layouts, or one JSON document (docs/show-json.md). */
void dm_print_text(const struct dm_graph *, FILE *);
void dm_print_json(const struct dm_graph *, FILE *);

const char *dm_type_kind_name(enum dm_type_kind);
const char *dm_encoding_name(enum dm_encoding);
const char *dm_var_kind_name(enum dm_var_kind);
const char *dm_nostate_reason_name(enum dm_nostate_reason);

#ifdef __cplusplus
}
#endif

#endif /* dwarfmap/model.h */
