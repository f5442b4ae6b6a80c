/* Internal interfaces of libdwarfmap, shared by its source files only.
 *
 * graph.c  owns the graph: growable arrays, string interning, the final
 *          pass that names, sorts and deduplicates variables;
 * elf.c    is the only file that includes libelf: header checks, sections,
 *          segments, build-id, symbol table;
 * dwarf.c  is the only file that includes libdwarf: the DIE walk and the
 *          type graph;
 * print.c  renders a graph as text or JSON. */
#ifndef DWARFMAP_INTERNAL_H
#define DWARFMAP_INTERNAL_H 1

#include "dwarfmap/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* qsort() that accepts an empty, NULL array (qsort itself may not). */
static inline void
dm_sort__(void *base, size_t n, size_t size,
          int (*cmp)(const void *, const void *))
{
    if (n > 1) {
        qsort(base, n, size, cmp);
    }
}

/* How deep types may nest (typedef chains, qualifiers, members) and
 * references may chain: deeper is refused as damaged. */
#define DM_MAX_DEPTH 256

/* ---- graph.c ---------------------------------------------------------- */

/* Returns a pointer to a new zeroed element at the end of the array
 * '*arrayp' of '*np' elements of 'elsize' bytes, growing it; NULL if out of
 * memory.  '*capp' is the allocated count. */
void *dm_grow__(void *arrayp, uint32_t *np, uint32_t *capp, size_t elsize);

const char *dm_intern__(struct dm_graph *, const char *);
const char *dm_internf__(struct dm_graph *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct dm_graph *dm_graph_alloc__(const char *path);
dm_type_id dm_add_type__(struct dm_graph *, enum dm_type_kind, uint64_t die);
struct dm_var *dm_add_var__(struct dm_graph *);
struct dm_piece *dm_add_piece__(struct dm_graph *);
struct dm_func *dm_add_func__(struct dm_graph *);
int dm_add_nostate__(struct dm_graph *, const char *id, const char *name,
                     enum dm_nostate_reason, uint64_t die);
void dm_diag__(struct dm_graph *, enum dm_severity, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Gives typedefs and qualified types the size of what they name, names the
 * variables, numbers same-named function statics, drops duplicates and
 * aliases, and sorts.  Returns 0 or -ENOMEM. */
int dm_graph_finish__(struct dm_graph *);
/* Sizes typedefs, qualified types and arrays from what they name. */
void dm_graph_size_types__(struct dm_graph *);
/* Refuses a type that contains itself by value (only damaged DWARF can
 * say so): returns -ELOOP with a message naming the DIE. */
int dm_graph_check_cycles__(struct dm_graph *, char *errbuf, size_t errlen);
/* Copies 's' into 'buf' (cut to 'len' - 1 bytes) with every control
 * character replaced by '?', and returns 'buf': names and messages from
 * DWARF, which may hold any bytes, printed on one line.  'buf' may be 's'. */
char *dm_one_line__(char *buf, size_t len, const char *s);
/* After dm_graph_size_types__(): refuses layouts C cannot express. */
int dm_graph_check_layouts__(struct dm_graph *, char *errbuf, size_t errlen);
/* The identity of 'v' from its scope, names and ordinal. */
const char *dm_var_id__(struct dm_graph *, const struct dm_var *);

/* A map from 64-bit keys to 32-bit values, open addressing. */
struct dm_map__ {
    uint64_t *keys;                     /* Key + 1; 0 marks an empty slot. */
    uint32_t *values;
    uint32_t n, cap;
};
bool dm_map_get__(const struct dm_map__ *, uint64_t key, uint32_t *value);
int dm_map_put__(struct dm_map__ *, uint64_t key, uint32_t value);
void dm_map_destroy__(struct dm_map__ *);

/* ---- elf.c ------------------------------------------------------------ */

struct dm_elf__;

struct dm_section__ {
    const char *name;                   /* Interned in the graph. */
    uint64_t addr, size;
    bool writable;                      /* SHF_WRITE. */
    bool tls;                           /* SHF_TLS. */
};

enum dm_symkind__ { DM_SYM_OBJECT, DM_SYM_TLS, DM_SYM_FUNC };

struct dm_symbol__ {
    const char *name;                   /* Interned in the graph. */
    uint64_t value, size;
    enum dm_symkind__ kind;
    bool local;
};

/* Opens 'path', checks that it is a 64-bit ELF object for this machine, and
 * reads its sections, segments, build-id and symbols.  On error returns a
 * negative errno and writes one line to errbuf. */
int dm_elf_open__(const char *path, struct dm_graph *, struct dm_elf__ **,
                  char *errbuf, size_t errlen);
void dm_elf_close__(struct dm_elf__ *);

bool dm_elf_has_dwarf__(const struct dm_elf__ *);
/* A copy (malloc) of the uncompressed bytes of section 'name' of the ELF
 * file 'path', and its address (if 'addr'); -ENOENT if it has none. */
int dm_elf_read_section__(const char *path, const char *name,
                          unsigned char **data, size_t *size, uint64_t *addr);
/* The allocated section that holds [addr, addr+size), or NULL. */
const struct dm_section__ *dm_elf_section__(const struct dm_elf__ *,
                                            uint64_t addr, uint64_t size);
/* The TLS section holding [offset, offset+size) of the TLS block, or NULL. */
const struct dm_section__ *dm_elf_tls_section__(const struct dm_elf__ *,
                                                uint64_t offset, uint64_t size);
/* True if [addr, addr+size) lies inside one PT_LOAD segment's memory. */
bool dm_elf_in_load__(const struct dm_elf__ *, uint64_t addr, uint64_t size);
bool dm_elf_in_relro__(const struct dm_elf__ *, uint64_t addr, uint64_t size);
uint64_t dm_elf_tls_vaddr__(const struct dm_elf__ *);
/* The data symbol (OBJECT or TLS by 'tls') whose value is 'value', or NULL.
 * Prefers the one named 'name' (interned: compared by pointer), then a
 * global one, then the one whose size is 'size'. */
const struct dm_symbol__ *dm_elf_data_symbol__(const struct dm_elf__ *,
                                               uint64_t value, bool tls,
                                               uint64_t size,
                                               const char *name);
const struct dm_symbol__ *dm_elf_symbol_named__(const struct dm_elf__ *,
                                                const char *name);
/* True if a FUNC symbol named 'name' has value 'addr'. */
bool dm_elf_has_func_symbol__(const struct dm_elf__ *, uint64_t addr,
                              const char *name);
/* The data symbols that describe writable state (OBJECT in a writable
 * section, or TLS), not counting the toolchain's own (crtstuff's
 * 'completed.N', '__dso_handle', '__TMC_END__').  Calls 'cb' for each. */
void dm_elf_for_each_state_symbol__(const struct dm_elf__ *,
                                    void (*cb)(const struct dm_symbol__ *,
                                               void *aux),
                                    void *aux);

/* Checks that the debug file 'path' is an ELF file for this machine whose
 * GNU build-id is 'build_id' (the library's; NULL: not checked). */
int dm_elf_check_debug_file__(const char *path, const char *build_id,
                              char *errbuf, size_t errlen);

/* ---- print.c ---------------------------------------------------------- */

/* Writes 's' as a JSON string (null for NULL), escaping what JSON must. */
void dm_json_str__(FILE *, const char *);

/* ---- dwarf.c ---------------------------------------------------------- */

/* Reads the DWARF of 'path' (or opts->debug_file) into 'g'. */
int dm_dwarf_read__(struct dm_graph *, const struct dm_elf__ *,
                    const char *path, const struct dm_load_opts *,
                    char *errbuf, size_t errlen);

#endif /* internal.h */
