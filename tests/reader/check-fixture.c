/* check-fixture: checks what libdwarfmap reads from one fixture library.
 *
 *   check-fixture [--dump] [--cli DWARFMAP] --fixture NAME --config NAME \
 *                 --tags T1,T2,... --expect FILE --lib LIB.so
 *
 * --dump prints the model in the syntax of the expect file first; --cli
 * checks the 'dwarfmap show' command instead of the library.
 *
 * Two independent sources of truth:
 *   1. the fixture's 'expect' file (format in README.md), evaluated for the
 *      configuration's tags;
 *   2. the library's own ELF tables, read here with libelf and nothing from
 *      dwarfmap: every variable the reader reports must sit inside an
 *      allocated, non-executable section and a PT_LOAD (or inside PT_TLS),
 *      agree with the .symtab symbol at its address on size and section, and
 *      agree with the section flags and PT_GNU_RELRO on 'writable'; every
 *      sized .symtab object must be covered by some reported variable.
 *
 * One line per failure on stdout, "FAIL fixture config id: what".  Exit 0
 * when everything holds, 1 on any failure, 77 to skip (a 'skip' line, or
 * a split-DWARF build the reader refuses with a message), 2 on usage or
 * harness errors. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dwarfmap/model.h"

#define MAX_DEPTH 32                    /* Type chains longer than this are
                                         * reported as a loop. */

/* ------------------------------------------------------------------ */
/* Failure reporting. */

static const char *fixture_name = "?";
static const char *config_name = "?";
static int n_failures;

static void __attribute__((format(printf, 2, 3)))
fail(const char *id, const char *fmt, ...)
{
    va_list args;

    printf("FAIL %s %s %s: ", fixture_name, config_name, id ? id : "-");
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    putchar('\n');
    n_failures++;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
    va_list args;

    fprintf(stderr, "check-fixture: %s %s: ", fixture_name, config_name);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    exit(2);
}

static void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p) {
        die("out of memory");
    }
    return p;
}

static char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(xmalloc(n), s, n);
}

/* A growable string, for rendering types. */
struct buf {
    char *s;
    size_t len, cap;
};

static void __attribute__((format(printf, 2, 3)))
buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) {
            die("out of memory");
        }
    }
    va_start(args, fmt);
    vsnprintf(b->s + b->len, n + 1, fmt, args);
    va_end(args);
    b->len += n;
}

static void
buf_append(struct buf *b, const char *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) {
            die("out of memory");
        }
    }
    memcpy(b->s + b->len, data, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static char *
buf_take(struct buf *b)
{
    char *s = b->s ? b->s : xstrdup("");

    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

/* ------------------------------------------------------------------ */
/* The ELF side, read with libelf only. */

struct esec {
    char *name;
    uint64_t addr, size, flags;
    uint32_t type;
};

struct esym {
    char *name;
    uint64_t value, size;
    int type;                           /* STT_*. */
    uint16_t shndx;
    bool crt;                           /* From crtstuff.c (no DWARF). */
    bool generated;                     /* A compiler's constant table. */
};

struct elfinfo {
    struct esec *secs;
    size_t n_secs;
    struct esym *syms;
    size_t n_syms;
    bool have_symtab;                   /* False: fell back to .dynsym. */
    GElf_Phdr *loads;
    size_t n_loads;
    bool have_tls, have_relro;
    GElf_Phdr tls, relro;
};

static void
elf_read(const char *path, struct elfinfo *ei)
{
    Elf_Scn *scn = NULL;
    Elf_Scn *symscn = NULL, *dynscn = NULL;
    size_t shstrndx, phnum;
    Elf *elf;
    int fd;

    memset(ei, 0, sizeof *ei);
    if (elf_version(EV_CURRENT) == EV_NONE) {
        die("libelf: %s", elf_errmsg(-1));
    }
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        die("%s: %s", path, strerror(errno));
    }
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF
        || elf_getshdrstrndx(elf, &shstrndx) || elf_getphdrnum(elf, &phnum)) {
        die("%s: not an ELF file: %s", path, elf_errmsg(-1));
    }

    ei->loads = xmalloc(phnum * sizeof *ei->loads);
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;

        if (!gelf_getphdr(elf, i, &ph)) {
            die("%s: phdr %zu: %s", path, i, elf_errmsg(-1));
        }
        if (ph.p_type == PT_LOAD) {
            ei->loads[ei->n_loads++] = ph;
        } else if (ph.p_type == PT_TLS) {
            ei->tls = ph;
            ei->have_tls = true;
        } else if (ph.p_type == PT_GNU_RELRO) {
            ei->relro = ph;
            ei->have_relro = true;
        }
    }

    /* Section index i is at ei->secs[i]. */
    if (elf_getshdrnum(elf, &ei->n_secs)) {
        die("%s: %s", path, elf_errmsg(-1));
    }
    ei->secs = xmalloc(ei->n_secs * sizeof *ei->secs);
    memset(ei->secs, 0, ei->n_secs * sizeof *ei->secs);
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        size_t idx = elf_ndxscn(scn);
        struct esec *s = &ei->secs[idx];
        const char *name;
        GElf_Shdr sh;

        if (!gelf_getshdr(scn, &sh) || idx >= ei->n_secs) {
            die("%s: section %zu: %s", path, idx, elf_errmsg(-1));
        }
        name = elf_strptr(elf, shstrndx, sh.sh_name);
        s->name = xstrdup(name ? name : "");
        s->addr = sh.sh_addr;
        s->size = sh.sh_size;
        s->flags = sh.sh_flags;
        s->type = sh.sh_type;
        if (sh.sh_type == SHT_SYMTAB) {
            symscn = scn;
        } else if (sh.sh_type == SHT_DYNSYM) {
            dynscn = scn;
        }
    }
    if (!ei->secs[0].name) {
        ei->secs[0].name = xstrdup("");
    }

    ei->have_symtab = symscn != NULL;
    if (!symscn) {
        symscn = dynscn;
    }
    if (symscn) {
        Elf_Data *data = elf_getdata(symscn, NULL);
        bool in_crt = false;
        GElf_Shdr sh;
        size_t n;

        gelf_getshdr(symscn, &sh);
        n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        ei->syms = xmalloc(n * sizeof *ei->syms);
        for (size_t i = 0; data && i < n; i++) {
            struct esym *e = &ei->syms[ei->n_syms];
            const char *name;
            GElf_Sym sym;

            if (!gelf_getsym(data, i, &sym)) {
                die("%s: symbol %zu: %s", path, i, elf_errmsg(-1));
            }
            name = elf_strptr(elf, sh.sh_link, sym.st_name);
            name = name ? name : "";
            if (GELF_ST_TYPE(sym.st_info) == STT_FILE) {
                in_crt = !strcmp(name, "crtstuff.c");
                continue;
            }
            e->name = xstrdup(name);
            e->value = sym.st_value;
            e->size = sym.st_size;
            e->type = GELF_ST_TYPE(sym.st_info);
            e->shndx = sym.st_shndx;
            e->crt = (in_crt && GELF_ST_BIND(sym.st_info) == STB_LOCAL)
                     || !strncmp(name, "completed.", 10);
            /* Compiler-made lookup tables: constants with no DWARF. */
            e->generated = !strncmp(name, "reltable.", 9)
                           || !strncmp(name, "switch.table.", 13)
                           || !strncmp(name, "CSWTCH.", 7);
            ei->n_syms++;
        }
    }
    elf_end(elf);
    close(fd);
}

static void
elf_free(struct elfinfo *ei)
{
    for (size_t i = 0; i < ei->n_secs; i++) {
        free(ei->secs[i].name);
    }
    for (size_t i = 0; i < ei->n_syms; i++) {
        free(ei->syms[i].name);
    }
    free(ei->secs);
    free(ei->syms);
    free(ei->loads);
}

/* The allocated section that holds 'addr', TLS or not; NULL if none.  An
 * empty object may sit at the very end of its section. */
static const struct esec *
elf_section_at(const struct elfinfo *ei, uint64_t addr, bool tls)
{
    const struct esec *end_match = NULL;

    for (size_t i = 1; i < ei->n_secs; i++) {
        const struct esec *s = &ei->secs[i];

        if (!(s->flags & SHF_ALLOC) || !!(s->flags & SHF_TLS) != tls) {
            continue;
        }
        if (addr >= s->addr && addr < s->addr + s->size) {
            return s;
        }
        if (addr == s->addr + s->size && !end_match) {
            end_match = s;
        }
    }
    return end_match;
}

static bool
elf_in_load(const struct elfinfo *ei, uint64_t addr, uint64_t size)
{
    for (size_t i = 0; i < ei->n_loads; i++) {
        const GElf_Phdr *p = &ei->loads[i];

        if (addr >= p->p_vaddr && addr + size <= p->p_vaddr + p->p_memsz) {
            return true;
        }
    }
    return false;
}

static bool
elf_in_relro(const struct elfinfo *ei, uint64_t addr)
{
    return ei->have_relro && addr >= ei->relro.p_vaddr
           && addr < ei->relro.p_vaddr + ei->relro.p_memsz;
}

/* Does .symtab name 'sym' plausibly belong to variable 'name'?  Accepts
 * 'name', gcc's 'name.N' and LTO's '.lto_priv.N', clang's 'func.name' and
 * 'func.name.N'.  Used only to pick among symbols at one address. */
static bool
sym_matches(const char *sym, const char *name)
{
    char *s = xstrdup(sym);
    size_t n = strlen(name);
    bool match;

    for (;;) {
        char *dot = strrchr(s, '.');
        size_t i;

        if (!dot || !dot[1]) {
            break;
        }
        for (i = 1; dot[i] >= '0' && dot[i] <= '9'; i++) {
            continue;
        }
        if (dot[i]) {
            break;                      /* Not all digits. */
        }
        *dot = '\0';
        if (strlen(s) > 9 && !strcmp(s + strlen(s) - 9, ".lto_priv")) {
            s[strlen(s) - 9] = '\0';
        }
    }
    match = !strcmp(s, name)
            || (strlen(s) > n + 1 && s[strlen(s) - n - 1] == '.'
                && !strcmp(s + strlen(s) - n, name));
    free(s);
    return match;
}

/* ------------------------------------------------------------------ */
/* Names for the model's enums, spelled here (not by the reader). */

static const char *
var_kind_str(enum dm_var_kind k)
{
    switch (k) {
    case DM_VAR_GLOBAL:
        return "global";
    case DM_VAR_STATIC:
        return "static";
    case DM_VAR_FUNC_STATIC:
        return "func_static";
    case DM_VAR_TLS:
        return "tls";
    }
    return "?";
}

static const char *
type_kind_str(enum dm_type_kind k)
{
    static const char *const names[] = {
        "void", "base", "pointer", "typedef", "const", "volatile", "atomic",
        "restrict", "struct", "union", "enum", "array", "function",
    };

    return (unsigned) k < sizeof names / sizeof *names ? names[k] : "?";
}

static const char *
encoding_str(enum dm_encoding e)
{
    static const char *const names[] = {
        "none", "signed", "unsigned", "signed_char", "unsigned_char", "bool",
        "float", "complex_float", "other",
    };

    return (unsigned) e < sizeof names / sizeof *names ? names[e] : "?";
}

static const char *
reason_str(enum dm_nostate_reason r)
{
    switch (r) {
    case DM_NOSTATE_OPTIMISED_OUT:
        return "optimised_out";
    case DM_NOSTATE_CONST_VALUE:
        return "const_value";
    case DM_NOSTATE_DISCARDED:
        return "discarded";
    case DM_NOSTATE_ALIAS:
        return "alias";
    case DM_NOSTATE_DERIVED:
        return "derived";
    }
    return "?";
}

/* ------------------------------------------------------------------ */
/* The model side: safe access and rendering. */

static const struct dm_graph *graph;

static const struct dm_type *
type_at(dm_type_id id)
{
    static const struct dm_type bad = {
        .kind = DM_TYPE_VOID, .name = "<bad>",
    };

    return id < graph->n_types ? &graph->types[id] : &bad;
}

/* Strips typedefs and qualifiers at the top, independently of
 * dm_type_strip() (which is checked against this). */
static dm_type_id
strip(dm_type_id id)
{
    for (int depth = 0; depth < MAX_DEPTH && id < graph->n_types; depth++) {
        switch (graph->types[id].kind) {
        case DM_TYPE_TYPEDEF:
        case DM_TYPE_CONST:
        case DM_TYPE_VOLATILE:
        case DM_TYPE_ATOMIC:
        case DM_TYPE_RESTRICT:
            id = graph->types[id].target;
            break;
        default:
            return id;
        }
    }
    return id;
}

static void
render(struct buf *b, dm_type_id id, bool canon, int depth)
{
    const struct dm_type *t = type_at(id);

    if (depth > MAX_DEPTH) {
        buf_printf(b, "<loop>");
        return;
    }
    if (id >= graph->n_types) {
        buf_printf(b, "<bad id %" PRIu32 ">", id);
        return;
    }
    switch (t->kind) {
    case DM_TYPE_VOID:
        buf_printf(b, "void");
        break;
    case DM_TYPE_BASE:
        if (!canon) {
            buf_printf(b, "%s", t->name ? t->name : "<anon>");
            break;
        }
        switch (t->encoding) {
        case DM_ENC_SIGNED:
            buf_printf(b, "i%" PRIu64, t->size * 8);
            break;
        case DM_ENC_UNSIGNED:
            buf_printf(b, "u%" PRIu64, t->size * 8);
            break;
        case DM_ENC_SIGNED_CHAR:
            buf_printf(b, "schar");
            break;
        case DM_ENC_UNSIGNED_CHAR:
            buf_printf(b, "uchar");
            break;
        case DM_ENC_BOOL:
            buf_printf(b, "bool");
            break;
        case DM_ENC_FLOAT:
            buf_printf(b, "f%" PRIu64, t->size * 8);
            break;
        case DM_ENC_COMPLEX_FLOAT:
            buf_printf(b, "c%" PRIu64, t->size * 8);
            break;
        default:
            buf_printf(b, "%s%" PRIu64, encoding_str(t->encoding),
                       t->size * 8);
            break;
        }
        break;
    case DM_TYPE_POINTER:
        buf_printf(b, "*");
        render(b, t->target, canon, depth + 1);
        break;
    case DM_TYPE_TYPEDEF:
        if (canon) {
            render(b, t->target, canon, depth + 1);
        } else {
            buf_printf(b, "%s", t->name ? t->name : "<anon>");
        }
        break;
    case DM_TYPE_CONST:
    case DM_TYPE_VOLATILE:
    case DM_TYPE_ATOMIC:
    case DM_TYPE_RESTRICT:
        if (!canon) {
            buf_printf(b, "%s ", t->kind == DM_TYPE_CONST ? "const"
                       : t->kind == DM_TYPE_VOLATILE ? "volatile"
                       : t->kind == DM_TYPE_ATOMIC ? "_Atomic" : "restrict");
        }
        render(b, t->target, canon, depth + 1);
        break;
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
    case DM_TYPE_ENUM:
        buf_printf(b, "%s %s", type_kind_str(t->kind),
                   t->name ? t->name : "<anon>");
        break;
    case DM_TYPE_ARRAY:
        if (t->vector) {
            buf_printf(b, "vector");
        }
        for (uint32_t i = 0; i < t->count; i++) {
            uint64_t n = t->first + i < graph->n_dims
                         ? graph->dims[t->first + i] : 0;

            if (n == DM_DIM_UNBOUNDED) {
                buf_printf(b, "[]");
            } else {
                buf_printf(b, "[%" PRIu64 "]", n);
            }
        }
        render(b, t->target, canon, depth + 1);
        break;
    case DM_TYPE_FUNCTION:
        buf_printf(b, "func(");
        for (uint32_t i = 0; i < t->count; i++) {
            if (i) {
                buf_printf(b, ",");
            }
            if (t->first + i < graph->n_params) {
                render(b, graph->params[t->first + i], canon, depth + 1);
            } else {
                buf_printf(b, "<bad param>");
            }
        }
        buf_printf(b, "%s) ", t->variadic ? (t->count ? ",..." : "...") : "");
        render(b, t->target, canon, depth + 1);
        break;
    default:
        buf_printf(b, "<kind %d>", (int) t->kind);
        break;
    }
}

static char *
render_type(dm_type_id id, bool canon)
{
    struct buf b = { 0 };

    render(&b, id, canon, 0);
    return buf_take(&b);
}

/* The property 'key' of the (stripped) type 'id', as a string; NULL if
 * 'key' is not a type key. */
static char *
type_prop(dm_type_id id, const char *key)
{
    dm_type_id sid = strip(id);
    const struct dm_type *s = type_at(sid);
    struct buf b = { 0 };

    if (!strcmp(key, "type")) {
        return render_type(id, false);
    } else if (!strcmp(key, "canon")) {
        return render_type(id, true);
    } else if (!strcmp(key, "chain")) {
        /* Every typedef and qualifier on the way to the stripped type. */
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            const struct dm_type *t = type_at(id);

            if (id == sid || id >= graph->n_types) {
                break;
            }
            buf_printf(&b, "%s,", t->kind == DM_TYPE_TYPEDEF && t->name
                       ? t->name : type_kind_str(t->kind));
            id = t->target;
        }
        render(&b, sid, false, 0);
    } else if (!strcmp(key, "tkind")) {
        buf_printf(&b, "%s", type_kind_str(s->kind));
    } else if (!strcmp(key, "tname")) {
        buf_printf(&b, "%s", s->name ? s->name : "<anon>");
    } else if (!strcmp(key, "tsize")) {
        buf_printf(&b, "%" PRIu64, s->size);
    } else if (!strcmp(key, "talign")) {
        buf_printf(&b, "%" PRIu32, s->align);
    } else if (!strcmp(key, "encoding")) {
        buf_printf(&b, "%s", encoding_str(s->encoding));
    } else if (!strcmp(key, "declaration")) {
        buf_printf(&b, "%d", s->declaration);
    } else if (!strcmp(key, "vector")) {
        buf_printf(&b, "%d", s->vector);
    } else if (!strcmp(key, "variadic")) {
        buf_printf(&b, "%d", s->variadic);
    } else if (!strcmp(key, "members")) {
        if (s->kind == DM_TYPE_STRUCT || s->kind == DM_TYPE_UNION) {
            for (uint32_t i = 0; i < s->count; i++) {
                const struct dm_member *m = s->first + i < graph->n_members
                                            ? &graph->members[s->first + i]
                                            : NULL;

                buf_printf(&b, "%s%s", i ? "," : "",
                           !m ? "<bad>" : m->name ? m->name : "<anon>");
            }
        } else {
            buf_printf(&b, "<not a struct or union>");
        }
    } else if (!strcmp(key, "enumerators")) {
        if (s->kind == DM_TYPE_ENUM) {
            for (uint32_t i = 0; i < s->count; i++) {
                const struct dm_enumerator *e =
                    s->first + i < graph->n_enumerators
                    ? &graph->enumerators[s->first + i] : NULL;

                if (e) {
                    buf_printf(&b, "%s%s=%" PRId64, i ? "," : "",
                               e->name ? e->name : "<anon>", e->value);
                } else {
                    buf_printf(&b, "%s<bad>", i ? "," : "");
                }
            }
        } else {
            buf_printf(&b, "<not an enum>");
        }
    } else if (!strcmp(key, "dims")) {
        if (s->kind == DM_TYPE_ARRAY) {
            for (uint32_t i = 0; i < s->count; i++) {
                uint64_t n = s->first + i < graph->n_dims
                             ? graph->dims[s->first + i] : 0;

                if (n == DM_DIM_UNBOUNDED) {
                    buf_printf(&b, "%s*", i ? "," : "");
                } else {
                    buf_printf(&b, "%s%" PRIu64, i ? "," : "", n);
                }
            }
        } else {
            buf_printf(&b, "<not an array>");
        }
    } else {
        return NULL;
    }
    return buf_take(&b);
}

/* ------------------------------------------------------------------ */
/* The expectation file. */

enum directive {
    D_VAR, D_FIELD, D_NOSTATE, D_NOVAR, D_ABSENT, D_ERROR, D_SKIP, D_EXACT,
    D_BUILD,                            /* cflags, ldflags, compile... */
};

struct kv {
    char *key, *value;
};

struct expectation {
    enum directive d;
    int line;
    char *id;                           /* VAR, FIELD, NOSTATE, NOVAR... */
    char *path;                         /* FIELD. */
    char *text;                         /* ERROR, SKIP: the quoted text. */
    struct kv *kvs;
    size_t n_kvs;
};

static struct expectation *exps;
static size_t n_exps;

/* Splits 'line' into words; a word may contain "double quoted" parts
 * (quotes removed), so key="a b" is one word. */
static size_t
split_words(char *line, char **words, size_t max)
{
    size_t n = 0;
    char *p = line;

    while (*p) {
        char *w, *q;
        bool quoted = false;

        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (!*p) {
            break;
        }
        if (n == max) {
            die("line too long");
        }
        w = q = p;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            if (*p == '"') {
                quoted = !quoted;
            } else {
                *q++ = *p;
            }
            p++;
        }
        if (*p) {
            p++;
        }
        *q = '\0';
        words[n++] = w;
    }
    return n;
}

/* Evaluates a condition such as "gcc,O2|clang,!lto" against 'tags': '|'
 * separates alternatives, ',' joins tags that must all hold, '!' negates. */
static bool
cond_holds(const char *cond, const char *tags)
{
    char *alts = xstrdup(cond), *save_alt = NULL;
    bool any = false;

    for (char *alt = strtok_r(alts, "|", &save_alt); alt && !any;
         alt = strtok_r(NULL, "|", &save_alt)) {
        char *save_tag = NULL;
        bool all = true;

        for (char *tag = strtok_r(alt, ",", &save_tag); tag;
             tag = strtok_r(NULL, ",", &save_tag)) {
            bool neg = *tag == '!';
            char *t = tag + neg;
            bool have = false;
            const char *p = tags;
            size_t n = strlen(t);

            while (*p) {
                if (!strncmp(p, t, n) && (p[n] == ',' || p[n] == '\0')) {
                    have = true;
                    break;
                }
                p = strchr(p, ',');
                if (!p) {
                    break;
                }
                p++;
            }
            all = all && have != neg;
        }
        any = all;
    }
    free(alts);
    return any;
}

static void
read_expect(const char *path, const char *tags)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int lineno = 0;
    size_t cap = 0;

    if (!f) {
        die("%s: %s", path, strerror(errno));
    }
    while (fgets(line, sizeof line, f)) {
        char *words[64];
        size_t n, w = 0;
        struct expectation e = { .line = ++lineno };
        const char *kw;

        line[strcspn(line, "\r\n")] = '\0';
        n = split_words(line, words, 64);
        if (!n || words[0][0] == '#') {
            continue;
        }
        if (words[0][0] == '[') {
            size_t len = strlen(words[0]);

            if (len < 2 || words[0][len - 1] != ']') {
                die("%s:%d: bad condition '%s'", path, lineno, words[0]);
            }
            words[0][len - 1] = '\0';
            if (!cond_holds(words[0] + 1, tags)) {
                continue;
            }
            w++;
        }
        if (w == n) {
            die("%s:%d: condition without a directive", path, lineno);
        }
        kw = words[w++];
        if (!strcmp(kw, "var")) {
            e.d = D_VAR;
        } else if (!strcmp(kw, "field")) {
            e.d = D_FIELD;
        } else if (!strcmp(kw, "nostate")) {
            e.d = D_NOSTATE;
        } else if (!strcmp(kw, "novar")) {
            e.d = D_NOVAR;
        } else if (!strcmp(kw, "absent")) {
            e.d = D_ABSENT;
        } else if (!strcmp(kw, "error")) {
            e.d = D_ERROR;
        } else if (!strcmp(kw, "skip")) {
            e.d = D_SKIP;
        } else if (!strcmp(kw, "exact")) {
            e.d = D_EXACT;
        } else if (!strcmp(kw, "cflags") || !strcmp(kw, "ldflags")
                   || !strcmp(kw, "compile") || !strcmp(kw, "strip-debug")
                   || !strcmp(kw, "remove-dwo")) {
            e.d = D_BUILD;              /* build-fixture.sh's. */
        } else {
            die("%s:%d: unknown directive '%s'", path, lineno, kw);
        }

        if (e.d == D_VAR || e.d == D_FIELD || e.d == D_NOSTATE
            || e.d == D_NOVAR || e.d == D_ABSENT) {
            if (w == n) {
                die("%s:%d: '%s' needs an id", path, lineno, kw);
            }
            e.id = xstrdup(words[w++]);
        }
        if (e.d == D_FIELD) {
            if (w == n) {
                die("%s:%d: 'field' needs a path", path, lineno);
            }
            e.path = xstrdup(words[w++]);
        }
        if (e.d == D_ERROR || e.d == D_SKIP) {
            e.text = xstrdup(w < n ? words[w++] : "");
        }
        if (e.d != D_BUILD) {
            e.kvs = xmalloc((n - w) * sizeof *e.kvs);
            for (; w < n; w++) {
                char *eq = strchr(words[w], '=');

                if (!eq || eq == words[w]) {
                    die("%s:%d: expected key=value, got '%s'",
                        path, lineno, words[w]);
                }
                *eq = '\0';
                e.kvs[e.n_kvs].key = xstrdup(words[w]);
                e.kvs[e.n_kvs].value = xstrdup(eq + 1);
                e.n_kvs++;
            }
            if ((e.d == D_NOVAR || e.d == D_ABSENT || e.d == D_EXACT
                 || e.d == D_ERROR || e.d == D_SKIP) && e.n_kvs) {
                die("%s:%d: '%s' takes no key=value", path, lineno, kw);
            }
        }
        if (n_exps == cap) {
            cap = cap ? cap * 2 : 64;
            exps = realloc(exps, cap * sizeof *exps);
            if (!exps) {
                die("out of memory");
            }
        }
        exps[n_exps++] = e;
    }
    fclose(f);
}

static void
free_expect(void)
{
    for (size_t i = 0; i < n_exps; i++) {
        for (size_t k = 0; k < exps[i].n_kvs; k++) {
            free(exps[i].kvs[k].key);
            free(exps[i].kvs[k].value);
        }
        free(exps[i].kvs);
        free(exps[i].id);
        free(exps[i].path);
        free(exps[i].text);
    }
    free(exps);
    exps = NULL;
    n_exps = 0;
}

static const struct expectation *
find_directive(enum directive d)
{
    for (size_t i = 0; i < n_exps; i++) {
        if (exps[i].d == d) {
            return &exps[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Checks of one expectation. */

static const struct dm_var *
find_var(const char *id)
{
    for (uint32_t i = 0; i < graph->n_vars; i++) {
        if (graph->vars[i].id && !strcmp(graph->vars[i].id, id)) {
            return &graph->vars[i];
        }
    }
    return NULL;
}

static const struct dm_nostate *
find_nostate(const char *id)
{
    for (uint32_t i = 0; i < graph->n_nostate; i++) {
        if (graph->nostate[i].id && !strcmp(graph->nostate[i].id, id)) {
            return &graph->nostate[i];
        }
    }
    return NULL;
}

static void
compare(const char *id, const char *what, const char *want, const char *got)
{
    if (!got) {
        fail(id, "%s: expected '%s', got nothing", what, want);
    } else if (strcmp(want, got)) {
        fail(id, "%s: expected '%s', got '%s'", what, want, got);
    }
}

static void
check_type_kv(const char *id, const char *where, dm_type_id type,
              const struct kv *kv)
{
    char *got = type_prop(type, kv->key);
    char what[256];

    if (!got) {
        die("unknown key '%s' for %s", kv->key, id);
    }
    snprintf(what, sizeof what, "%s%s", where, kv->key);
    compare(id, what, kv->value, got);
    free(got);
}

static void
check_var(const struct expectation *e)
{
    const struct dm_var *v = find_var(e->id);

    if (!v) {
        const struct dm_nostate *ns = find_nostate(e->id);

        if (ns) {
            fail(e->id, "expected a variable with storage, got nostate (%s)",
                 reason_str(ns->reason));
        } else {
            fail(e->id, "expected a variable with storage, not reported");
        }
        return;
    }
    for (size_t i = 0; i < e->n_kvs; i++) {
        const struct kv *kv = &e->kvs[i];
        const char *k = kv->key;
        char got[256];

        if (!strcmp(k, "kind")) {
            snprintf(got, sizeof got, "%s", var_kind_str(v->kind));
        } else if (!strcmp(k, "scope")) {
            snprintf(got, sizeof got, "%s", var_kind_str(v->scope));
        } else if (!strcmp(k, "size")) {
            snprintf(got, sizeof got, "%" PRIu64, v->size);
        } else if (!strcmp(k, "section")) {
            snprintf(got, sizeof got, "%s",
                     v->section ? v->section : "(null)");
        } else if (!strcmp(k, "writable")) {
            snprintf(got, sizeof got, "%d", v->writable);
        } else if (!strcmp(k, "function")) {
            snprintf(got, sizeof got, "%s",
                     v->function ? v->function : "(null)");
        } else if (!strcmp(k, "cu")) {
            snprintf(got, sizeof got, "%s", v->cu ? v->cu : "(null)");
        } else if (!strcmp(k, "name")) {
            snprintf(got, sizeof got, "%s", v->name ? v->name : "(null)");
        } else if (!strcmp(k, "symbol")) {
            snprintf(got, sizeof got, "%s", v->symbol ? v->symbol : "(null)");
        } else if (!strcmp(k, "ordinal")) {
            snprintf(got, sizeof got, "%" PRIu32, v->ordinal);
        } else if (!strcmp(k, "decl_line")) {
            snprintf(got, sizeof got, "%" PRIu32, v->decl_line);
        } else if (!strcmp(k, "pieces")) {
            snprintf(got, sizeof got, "%" PRIu32, v->n_pieces);
        } else if (!strncmp(k, "piece", 5) && k[5] >= '0' && k[5] <= '9') {
            uint32_t idx = (uint32_t) strtoul(k + 5, NULL, 10);

            if (idx >= v->n_pieces
                || v->first_piece + idx >= graph->n_pieces) {
                snprintf(got, sizeof got, "(no piece %" PRIu32 ")", idx);
            } else {
                const struct dm_piece *p;

                p = &graph->pieces[v->first_piece + idx];

                snprintf(got, sizeof got, "%" PRIu64 ",%" PRIu64 ",%d",
                         p->offset, p->size, p->present);
            }
        } else {
            check_type_kv(e->id, "", v->type, kv);
            continue;
        }
        compare(e->id, k, kv->value, got);
    }
}

/* Finds member 'name' in struct/union 'sid', looking through anonymous
 * members as C11 does; adds the member's bit offset to *bits. */
static const struct dm_member *
find_member(dm_type_id sid, const char *name, uint64_t *bits, int depth)
{
    const struct dm_type *s = type_at(sid);
    uint32_t n = s->count;

    if (depth > MAX_DEPTH
        || (s->kind != DM_TYPE_STRUCT && s->kind != DM_TYPE_UNION)
        || (uint64_t) s->first + n > graph->n_members) {
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct dm_member *m = &graph->members[s->first + i];

        if (m->name && !strcmp(m->name, name)) {
            *bits += m->bit_offset;
            return m;
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct dm_member *m = &graph->members[s->first + i];
        uint64_t inner = 0;
        const struct dm_member *found;

        if (m->name) {
            continue;
        }
        found = find_member(strip(m->type), name, &inner, depth + 1);
        if (found) {
            *bits += m->bit_offset + inner;
            return found;
        }
    }
    return NULL;
}

static void
check_field(const struct expectation *e)
{
    const struct dm_var *v = find_var(e->id);
    const struct dm_member *m = NULL;
    dm_type_id t;
    uint64_t bits = 0;
    const char *p = e->path;
    char where[512];

    if (!v) {
        fail(e->id, "field %s: the variable is not reported", e->path);
        return;
    }
    t = v->type;
    if (!strcmp(p, "-")) {
        p = "";
    }
    while (*p) {
        dm_type_id sid = strip(t);
        const struct dm_type *s = type_at(sid);

        if (*p == '*') {
            if (s->kind != DM_TYPE_POINTER) {
                fail(e->id, "field %s: '*' on a %s", e->path,
                     type_kind_str(s->kind));
                return;
            }
            t = s->target;
            m = NULL;
            bits = 0;
            p++;
        } else if (p[0] == '[' && p[1] == ']') {
            if (s->kind != DM_TYPE_ARRAY) {
                fail(e->id, "field %s: '[]' on a %s", e->path,
                     type_kind_str(s->kind));
                return;
            }
            t = s->target;
            m = NULL;
            bits = 0;
            p += 2;
        } else if (*p == '.') {
            size_t n = strcspn(p + 1, ".*[");
            char name[256];

            snprintf(name, sizeof name, "%.*s", (int) n, p + 1);
            p += 1 + n;
            if (name[0] == '#') {
                uint32_t idx = (uint32_t) strtoul(name + 1, NULL, 10);

                if ((s->kind != DM_TYPE_STRUCT && s->kind != DM_TYPE_UNION)
                    || idx >= s->count
                    || s->first + idx >= graph->n_members) {
                    fail(e->id, "field %s: no member %s in %s", e->path, name,
                         type_kind_str(s->kind));
                    return;
                }
                m = &graph->members[s->first + idx];
                bits += m->bit_offset;
            } else {
                m = find_member(sid, name, &bits, 0);
                if (!m) {
                    fail(e->id, "field %s: no member '%s' in %s %s", e->path,
                         name, type_kind_str(s->kind),
                         s->name ? s->name : "<anon>");
                    return;
                }
            }
            t = m->type;
        } else {
            die("line %d: bad path '%s'", e->line, e->path);
        }
    }

    snprintf(where, sizeof where, "field %s ", e->path);
    for (size_t i = 0; i < e->n_kvs; i++) {
        const struct kv *kv = &e->kvs[i];
        const char *k = kv->key;
        char got[256], what[600];

        snprintf(what, sizeof what, "%s%s", where, k);
        if (!strcmp(k, "offset") || !strcmp(k, "bit_offset")
            || !strcmp(k, "bit_size") || !strcmp(k, "name")) {
            if (!m) {
                fail(e->id, "%s: the path does not end at a member", what);
                continue;
            }
            if (!strcmp(k, "offset")) {
                if (bits % 8) {
                    snprintf(got, sizeof got, "(bit %" PRIu64 ")", bits);
                } else {
                    snprintf(got, sizeof got, "%" PRIu64, bits / 8);
                }
            } else if (!strcmp(k, "bit_offset")) {
                snprintf(got, sizeof got, "%" PRIu64, bits);
            } else if (!strcmp(k, "bit_size")) {
                snprintf(got, sizeof got, "%" PRIu32, m->bit_size);
            } else {
                snprintf(got, sizeof got, "%s", m->name ? m->name : "<anon>");
            }
            compare(e->id, what, kv->value, got);
        } else {
            check_type_kv(e->id, where, t, kv);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Checks of every variable against the ELF tables. */

/* The symbols of the right kind at 'addr': all of them, and the one whose
 * name matches 'name' (NULL if none). */
static const struct esym *
syms_at(const struct elfinfo *ei, uint64_t addr, bool tls, const char *name,
        size_t *n_any)
{
    const struct esym *match = NULL;

    *n_any = 0;
    for (size_t i = 0; i < ei->n_syms; i++) {
        const struct esym *s = &ei->syms[i];

        if (s->value != addr || s->shndx == SHN_UNDEF
            || (tls ? s->type != STT_TLS : s->type != STT_OBJECT)) {
            continue;
        }
        ++*n_any;
        if (!match && name && sym_matches(s->name, name)) {
            match = s;
        }
    }
    return match;
}

/* Checks one stretch of storage [addr, addr+size) of variable 'v' (the
 * whole variable, or one piece of it). */
static void
check_storage(const struct elfinfo *ei, const struct dm_var *v,
              const char *what, uint64_t addr, uint64_t size,
              uint64_t type_size)
{
    bool tls = v->kind == DM_VAR_TLS;
    uint64_t vaddr = tls ? ei->tls.p_vaddr + addr : addr;
    const struct esec *sec;
    const struct esym *sym;
    size_t n_any;
    bool writable;

    if (tls) {
        if (!ei->have_tls) {
            fail(v->id, "%sthread-local, but the library has no PT_TLS", what);
            return;
        }
        if (addr + size > ei->tls.p_memsz) {
            fail(v->id, "%sTLS offset %#" PRIx64 "+%" PRIu64 " is outside "
                 "PT_TLS (memsz %#" PRIx64 ")", what, addr, size,
                 (uint64_t) ei->tls.p_memsz);
            return;
        }
    } else if (!addr || !elf_in_load(ei, addr, size)) {
        fail(v->id, "%saddress %#" PRIx64 "+%" PRIu64 " is not inside a "
             "PT_LOAD segment", what, addr, size);
        return;
    }

    sec = elf_section_at(ei, vaddr, tls);
    if (!sec) {
        fail(v->id, "%saddress %#" PRIx64 " is in no allocated %ssection",
             what, vaddr, tls ? "TLS " : "");
        return;
    }
    if (sec->flags & SHF_EXECINSTR) {
        fail(v->id, "%saddress %#" PRIx64 " is in executable section %s",
             what, vaddr, sec->name);
    }
    if (vaddr + size > sec->addr + sec->size) {
        fail(v->id, "%s%#" PRIx64 "+%" PRIu64 " runs past the end of %s",
             what, vaddr, size, sec->name);
    }
    if (!v->section || strcmp(v->section, sec->name)) {
        fail(v->id, "%ssection: reader says '%s', ELF says '%s'", what,
             v->section ? v->section : "(null)", sec->name);
    }
    /* The TLS image may sit in PT_GNU_RELRO, but each thread's copy of it
     * is writable. */
    writable = (sec->flags & SHF_WRITE) && (tls || !elf_in_relro(ei, vaddr));
    if (v->writable != writable) {
        fail(v->id, "%swritable: reader says %d, ELF says %d (%s%s)", what,
             v->writable, writable, sec->name,
             !tls && elf_in_relro(ei, vaddr) ? ", in PT_GNU_RELRO" : "");
    }

    sym = syms_at(ei, addr, tls, v->name, &n_any);
    if (!sym && n_any) {
        /* No symbol of its name (an alias, a renamed piece): all the
         * symbols at this address must then agree on one size. */
        for (size_t i = 0; i < ei->n_syms; i++) {
            const struct esym *s = &ei->syms[i];

            if (s->value != addr || s->shndx == SHN_UNDEF
                || (tls ? s->type != STT_TLS : s->type != STT_OBJECT)) {
                continue;
            }
            if (sym && sym->size != s->size) {
                sym = NULL;
                break;
            }
            sym = s;
        }
    }
    if (sym) {
        uint64_t want = sym->size > type_size ? sym->size : type_size;

        if (size != want) {
            fail(v->id, "%ssize: reader says %" PRIu64 ", .symtab '%s' says "
                 "%" PRIu64 " (DWARF type %" PRIu64 ")", what, size,
                 sym->name, sym->size, type_size);
        }
        if (sym->shndx < ei->n_secs && sym->shndx != SHN_ABS
            && strcmp(ei->secs[sym->shndx].name, sec->name)) {
            fail(v->id, "%s.symtab '%s' is in %s, the address in %s", what,
                 sym->name, ei->secs[sym->shndx].name, sec->name);
        }
    }
}

static void
check_identity(const struct dm_var *v)
{
    char want[1024];
    enum dm_var_kind form = v->kind == DM_VAR_TLS ? v->scope : v->kind;

    if (!v->id || !v->name || !v->cu) {
        fail(v->id, "id, name or cu is NULL");
        return;
    }
    switch (form) {
    case DM_VAR_GLOBAL:
        snprintf(want, sizeof want, "%s", v->name);
        break;
    case DM_VAR_STATIC:
        snprintf(want, sizeof want, "%s:%s", v->cu, v->name);
        break;
    case DM_VAR_FUNC_STATIC:
        if (v->ordinal > 1) {
            snprintf(want, sizeof want, "%s:%s:%s#%" PRIu32, v->cu,
                     v->function ? v->function : "(null)", v->name,
                     v->ordinal);
        } else {
            snprintf(want, sizeof want, "%s:%s:%s", v->cu,
                     v->function ? v->function : "(null)", v->name);
        }
        break;
    default:
        fail(v->id, "bad scope %d for kind %s", (int) v->scope,
             var_kind_str(v->kind));
        return;
    }
    if (strcmp(v->id, want)) {
        fail(v->id, "id does not follow its fields: expected '%s'", want);
    }
    if ((form == DM_VAR_FUNC_STATIC) != (v->function != NULL)) {
        fail(v->id, "function is %s for a %s", v->function ? v->function
             : "NULL", var_kind_str(form));
    }
    if (form != DM_VAR_FUNC_STATIC && v->ordinal) {
        fail(v->id, "ordinal %" PRIu32 " on a %s", v->ordinal,
             var_kind_str(form));
    }
    if (v->kind != DM_VAR_TLS && v->scope != v->kind) {
        fail(v->id, "scope %s differs from kind %s", var_kind_str(v->scope),
             var_kind_str(v->kind));
    }
    if (v->cu[0] == '/' || !strncmp(v->cu, "./", 2)) {
        fail(v->id, "cu '%s' is not normalised", v->cu);
    }
}

/* Every other function-static of the same function and name: ordinals
 * must be 1..n when n > 1, 0 when unique. */
static void
check_ordinals(const struct dm_var *v)
{
    uint32_t same = 0;

    if (!v->function) {
        return;
    }
    for (uint32_t i = 0; i < graph->n_vars; i++) {
        const struct dm_var *o = &graph->vars[i];

        if (o->function && o->name && o->cu && o->kind == v->kind
            && !strcmp(o->function, v->function)
            && !strcmp(o->name, v->name) && !strcmp(o->cu, v->cu)) {
            same++;
        }
    }
    if (same == 1 && v->ordinal != 0) {
        fail(v->id, "ordinal %" PRIu32 " on a unique function-static",
             v->ordinal);
    } else if (same > 1 && (v->ordinal < 1 || v->ordinal > same)) {
        fail(v->id, "ordinal %" PRIu32 " among %" PRIu32 " same-named statics",
             v->ordinal, same);
    }
}

static void
check_every_var(const struct elfinfo *ei)
{
    for (uint32_t i = 0; i < graph->n_vars; i++) {
        const struct dm_var *v = &graph->vars[i];
        uint64_t type_size;

        check_identity(v);
        if (!v->id) {
            continue;
        }
        check_ordinals(v);
        if (i && graph->vars[i - 1].id
            && strcmp(graph->vars[i - 1].id, v->id) >= 0) {
            fail(v->id, "vars not sorted by id, or a duplicate id (after "
                 "'%s')", graph->vars[i - 1].id);
        }
        if (v->type >= graph->n_types) {
            fail(v->id, "type id %" PRIu32 " out of range", v->type);
            continue;
        }
        if (dm_type_strip(graph, v->type) != strip(v->type)) {
            fail(v->id, "dm_type_strip() returns %" PRIu32 ", expected %"
                 PRIu32, dm_type_strip(graph, v->type), strip(v->type));
        }
        if (dm_graph_find_var(graph, v->id) != v) {
            fail(v->id, "dm_graph_find_var() does not find it");
        }
        type_size = type_at(strip(v->type))->size;
        if (v->size < type_size) {
            fail(v->id, "size %" PRIu64 " is smaller than its type (%" PRIu64
                 ")", v->size, type_size);
        }
        if (v->n_pieces) {
            uint64_t end = 0;

            if (v->first_piece + v->n_pieces > graph->n_pieces) {
                fail(v->id, "pieces out of range");
                continue;
            }
            for (uint32_t k = 0; k < v->n_pieces; k++) {
                const struct dm_piece *p = &graph->pieces[v->first_piece + k];
                char what[64];

                if (p->offset < end || p->offset + p->size > v->size) {
                    fail(v->id, "piece %" PRIu32 " (%" PRIu64 "+%" PRIu64
                         ") overlaps or exceeds the variable (%" PRIu64 ")",
                         k, p->offset, p->size, v->size);
                }
                end = p->offset + p->size;
                if (p->present) {
                    snprintf(what, sizeof what, "piece %" PRIu32 ": ", k);
                    check_storage(ei, v, what, p->address, p->size, 0);
                }
            }
        } else {
            check_storage(ei, v, "", v->address, v->size, type_size);
        }
    }
    for (uint32_t i = 1; i < graph->n_nostate; i++) {
        if (graph->nostate[i - 1].id && graph->nostate[i].id
            && strcmp(graph->nostate[i - 1].id, graph->nostate[i].id) >= 0) {
            fail(graph->nostate[i].id, "nostate not sorted by id, or a "
                 "duplicate id");
        }
    }
    for (uint32_t i = 0; i < graph->n_nostate; i++) {
        if (graph->nostate[i].id && find_var(graph->nostate[i].id)) {
            fail(graph->nostate[i].id, "both a variable and nostate");
        }
    }
}

/* Every function the reader lists (for code-pointer remapping) must be
 * code: inside an executable section and inside an STT_FUNC symbol. */
static void
check_funcs(const struct elfinfo *ei)
{
    for (uint32_t i = 0; i < graph->n_funcs; i++) {
        const struct dm_func *f = &graph->funcs[i];
        const struct esec *sec = NULL;
        char want[1024];
        bool in_sym = false;

        if (!f->id || !f->name || !f->cu) {
            fail(f->id, "function: id, name or cu is NULL");
            continue;
        }
        if (i && graph->funcs[i - 1].id
            && strcmp(graph->funcs[i - 1].id, f->id) >= 0) {
            fail(f->id, "function: funcs not sorted by id, or a duplicate");
        }
        if (f->external) {
            snprintf(want, sizeof want, "%s", f->name);
        } else {
            snprintf(want, sizeof want, "%s:%s", f->cu, f->name);
        }
        if (strcmp(want, f->id)) {
            fail(f->id, "function: id does not follow its fields: expected "
                 "'%s'", want);
        }
        for (size_t k = 1; k < ei->n_secs; k++) {
            const struct esec *s = &ei->secs[k];

            if ((s->flags & SHF_ALLOC) && f->address >= s->addr
                && f->address < s->addr + s->size) {
                sec = s;
                break;
            }
        }
        if (!sec || !(sec->flags & SHF_EXECINSTR)) {
            fail(f->id, "function: address %#" PRIx64 " is not in an "
                 "executable section (%s)", f->address,
                 sec ? sec->name : "none");
        }
        for (size_t k = 0; k < ei->n_syms && !in_sym; k++) {
            const struct esym *s = &ei->syms[k];

            in_sym = s->type == STT_FUNC && s->shndx != SHN_UNDEF
                     && f->address >= s->value
                     && f->address < s->value + (s->size ? s->size : 1);
        }
        if (!in_sym) {
            fail(f->id, "function: address %#" PRIx64 " is inside no "
                 "STT_FUNC symbol", f->address);
        }
    }
}

/* Is there a nostate entry with reason DW_AT_const_value whose last id
 * component (without '#N') is 'name'?  A constant may keep storage that is
 * never written: that storage is not state.  Any other reason contradicts
 * a symbol with storage. */
static bool
const_value_named(const char *name)
{
    for (uint32_t i = 0; i < graph->n_nostate; i++) {
        const char *id = graph->nostate[i].id;
        const char *last = id ? strrchr(id, ':') : NULL;
        size_t n;

        if (!id || graph->nostate[i].reason != DM_NOSTATE_CONST_VALUE) {
            continue;
        }
        last = last ? last + 1 : id;
        n = strcspn(last, "#");
        if (strlen(name) == n && !strncmp(last, name, n)) {
            return true;
        }
    }
    return false;
}

static bool
covered(uint64_t addr, bool tls)
{
    for (uint32_t i = 0; i < graph->n_vars; i++) {
        const struct dm_var *v = &graph->vars[i];

        if ((v->kind == DM_VAR_TLS) != tls) {
            continue;
        }
        if (!v->n_pieces) {
            if (addr >= v->address
                && addr < v->address + (v->size ? v->size : 1)) {
                return true;
            }
            continue;
        }
        for (uint32_t k = 0; k < v->n_pieces
             && v->first_piece + k < graph->n_pieces; k++) {
            const struct dm_piece *p = &graph->pieces[v->first_piece + k];

            if (p->present && addr >= p->address
                && addr < p->address + (p->size ? p->size : 1)) {
                return true;
            }
        }
    }
    /* A value derived from storage: that storage (not TLS). */
    for (uint32_t i = 0; i < graph->n_nostate && !tls; i++) {
        const struct dm_nostate *ns = &graph->nostate[i];

        if (ns->reason == DM_NOSTATE_DERIVED && addr >= ns->address
            && addr < ns->address + ns->size) {
            return true;
        }
    }
    return false;
}

/* Every sized object in .symtab must be some reported variable's storage,
 * or the storage a value is derived from (or belong to a constant reported
 * as DW_AT_const_value). */
static void
check_coverage(const struct elfinfo *ei)
{
    for (size_t i = 0; i < ei->n_syms; i++) {
        const struct esym *s = &ei->syms[i];
        const struct esec *sec;

        if ((s->type != STT_OBJECT && s->type != STT_TLS) || !s->size
            || s->crt || s->generated || s->shndx == SHN_UNDEF
            || s->shndx >= ei->n_secs) {
            continue;
        }
        sec = &ei->secs[s->shndx];
        if (!(sec->flags & SHF_ALLOC) || (sec->flags & SHF_EXECINSTR)) {
            continue;
        }
        if (covered(s->value, s->type == STT_TLS)) {
            continue;
        }
        {
            char *base = xstrdup(s->name);
            char *dot;
            bool known;

            /* 'name.N', 'func.name', 'name.lto_priv.N': try each part. */
            known = const_value_named(base);
            for (char *p = base; !known && (dot = strchr(p, '.'));
                 p = dot + 1) {
                *dot = '\0';
                known = const_value_named(p);
                *dot = '.';
                if (!known) {
                    known = const_value_named(dot + 1);
                }
            }
            free(base);
            if (known) {
                continue;
            }
        }
        fail(s->name, ".symtab object (%s %#" PRIx64 ", %" PRIu64 " bytes, %s)"
             " is storage, but no reported variable covers it",
             s->type == STT_TLS ? "TLS offset" : "address", s->value, s->size,
             sec->name);
    }
}

/* ------------------------------------------------------------------ */

static void
check_graph_shape(void)
{
    if (!graph->n_types || graph->types[0].kind != DM_TYPE_VOID) {
        fail(NULL, "types[0] is not void");
    }
    for (uint32_t i = 0; i < graph->n_types; i++) {
        const struct dm_type *t = &graph->types[i];
        uint64_t limit;

        if (t->target >= graph->n_types) {
            fail(NULL, "type %" PRIu32 " (DIE %#" PRIx64 "): target %" PRIu32
                 " out of range", i, t->die_offset, t->target);
        }
        switch (t->kind) {
        case DM_TYPE_STRUCT:
        case DM_TYPE_UNION:
            limit = graph->n_members;
            break;
        case DM_TYPE_ENUM:
            limit = graph->n_enumerators;
            break;
        case DM_TYPE_ARRAY:
            limit = graph->n_dims;
            break;
        case DM_TYPE_FUNCTION:
            limit = graph->n_params;
            break;
        default:
            continue;
        }
        if ((uint64_t) t->first + t->count > limit) {
            fail(NULL, "type %" PRIu32 " (DIE %#" PRIx64 "): %s entries %"
                 PRIu32 "+%" PRIu32 " out of range", i, t->die_offset,
                 type_kind_str(t->kind), t->first, t->count);
        }
    }
    for (uint32_t i = 0; i < graph->n_members; i++) {
        if (graph->members[i].type >= graph->n_types) {
            fail(NULL, "member %" PRIu32 ": type out of range", i);
        }
    }
    for (uint32_t i = 0; i < graph->n_params; i++) {
        if (graph->params[i] >= graph->n_types) {
            fail(NULL, "param %" PRIu32 ": type out of range", i);
        }
    }
}

static void
check_expectations(void)
{
    const struct expectation *exact = find_directive(D_EXACT);

    for (size_t i = 0; i < n_exps; i++) {
        const struct expectation *e = &exps[i];
        const struct dm_nostate *ns;

        switch (e->d) {
        case D_VAR:
            check_var(e);
            break;
        case D_FIELD:
            check_field(e);
            break;
        case D_NOSTATE:
            ns = find_nostate(e->id);
            if (!ns) {
                fail(e->id, "expected nostate, %s", find_var(e->id)
                     ? "got a variable with storage" : "not reported");
                break;
            }
            for (size_t k = 0; k < e->n_kvs; k++) {
                if (strcmp(e->kvs[k].key, "reason")) {
                    die("line %d: nostate takes only reason=", e->line);
                }
                compare(e->id, "reason", e->kvs[k].value,
                        reason_str(ns->reason));
            }
            break;
        case D_NOVAR:
            if (find_var(e->id)) {
                fail(e->id, "expected no variable with storage, got one");
            }
            break;
        case D_ABSENT:
            if (find_var(e->id)) {
                fail(e->id, "expected absent, got a variable with storage");
            } else if ((ns = find_nostate(e->id)) != NULL) {
                fail(e->id, "expected absent, got nostate (%s)",
                     reason_str(ns->reason));
            }
            break;
        default:
            break;
        }
    }

    if (exact) {
        for (uint32_t i = 0; i < graph->n_vars; i++) {
            const char *id = graph->vars[i].id;
            bool listed = false;

            for (size_t k = 0; id && k < n_exps && !listed; k++) {
                listed = exps[k].d == D_VAR && !strcmp(exps[k].id, id);
            }
            if (!listed) {
                fail(id, "reported, but no 'var' line expects it ('exact')");
            }
        }
    }
}


/* ------------------------------------------------------------------ */
/* The CLI: dwarfmap show [--json] LIB. */

struct run {
    int status;                         /* Exit status, or -1 if killed. */
    char *out, *err;
    size_t out_len;
};

static char *
slurp(FILE *f, size_t *lenp)
{
    struct buf b = { 0 };
    char chunk[4096];
    size_t n;

    rewind(f);
    buf_printf(&b, "%s", "");
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(&b, chunk, n);
    }
    if (lenp) {
        *lenp = b.len;
    }
    fclose(f);
    return buf_take(&b);
}

static struct run
run_cli(char *const argv[])
{
    FILE *out = tmpfile(), *err = tmpfile();
    struct run r = { .status = -1 };
    pid_t pid;
    int ws;

    if (!out || !err) {
        die("tmpfile: %s", strerror(errno));
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        die("fork: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        execv(argv[0], argv);
        _exit(127);
    }
    if (waitpid(pid, &ws, 0) < 0) {
        die("waitpid: %s", strerror(errno));
    }
    if (WIFEXITED(ws)) {
        r.status = WEXITSTATUS(ws);
    }
    r.out = slurp(out, &r.out_len);
    r.err = slurp(err, NULL);
    return r;
}

/* A small JSON syntax checker (RFC 8259), enough to catch broken escaping
 * or truncated output.  Returns the position after the value, or NULL. */
static const char *json_value(const char *p, int depth);

static const char *
json_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    return p;
}

static const char *
json_string(const char *p)
{
    if (*p++ != '"') {
        return NULL;
    }
    while (*p != '"') {
        if ((unsigned char) *p < 0x20) {
            return NULL;
        }
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++) {
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) {
                        return NULL;
                    }
                }
                p += 4;
            } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
                return NULL;
            }
        }
        p++;
    }
    return p + 1;
}

static const char *
json_value(const char *p, int depth)
{
    p = json_ws(p);
    if (depth > 64) {
        return NULL;
    }
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        bool obj = *p == '{';

        p = json_ws(p + 1);
        if (*p == close) {
            return p + 1;
        }
        for (;;) {
            if (obj) {
                p = json_string(json_ws(p));
                if (!p || *(p = json_ws(p)) != ':') {
                    return NULL;
                }
                p++;
            }
            p = json_value(p, depth + 1);
            if (!p) {
                return NULL;
            }
            p = json_ws(p);
            if (*p == close) {
                return p + 1;
            }
            if (*p++ != ',') {
                return NULL;
            }
        }
    }
    if (*p == '"') {
        return json_string(p);
    }
    if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
        return p + 4;
    }
    if (!strncmp(p, "false", 5)) {
        return p + 5;
    }
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
        char *end;

        strtod(p, &end);
        return end == p ? NULL : end;
    }
    return NULL;
}

/* Checks one failed CLI run: exit 1 and one line on stderr naming 'base'. */
static void
check_cli_refusal(const char *what, const struct run *r, const char *base)
{
    size_t len = strlen(r->err);

    if (r->status != 1) {
        fail(NULL, "%s: exit status %d, expected 1 (bad input)", what,
             r->status);
    }
    if (!len || strchr(r->err, '\n') != r->err + len - 1
        || !strstr(r->err, base)) {
        fail(NULL, "%s: stderr must be one line naming %s, got '%s'", what,
             base, r->err);
    }
}

/* Runs 'dwarfmap show' and 'show --json' (twice) on 'lib'; 'g' is the
 * model of the same file, or NULL when the reader refuses it. */
static void
check_cli(const char *cli, const char *lib, const struct dm_graph *g)
{
    char *show[] = { (char *) cli, "show", (char *) lib, NULL };
    char *json[] = { (char *) cli, "show", "--json", (char *) lib, NULL };
    const char *base = strrchr(lib, '/') ? strrchr(lib, '/') + 1 : lib;
    struct run h = run_cli(show);
    struct run j1 = run_cli(json);
    struct run j2 = run_cli(json);

    if (!g) {
        check_cli_refusal("show", &h, base);
        check_cli_refusal("show --json", &j1, base);
        goto out;
    }
    if (h.status != 0) {
        fail(NULL, "show: exit status %d: %s", h.status, h.err);
    }
    if (j1.status != 0) {
        fail(NULL, "show --json: exit status %d: %s", j1.status, j1.err);
    }
    if (j1.out_len != j2.out_len || memcmp(j1.out, j2.out, j1.out_len)) {
        fail(NULL, "show --json is not deterministic: two runs differ");
    }
    if (strlen(j1.out) != j1.out_len) {
        fail(NULL, "show --json: output contains a NUL byte");
    } else if (j1.status == 0) {
        const char *end = json_value(j1.out, 0);

        if (!end || *json_ws(end)) {
            fail(NULL, "show --json: not valid JSON (at byte %td)",
                 end ? end - j1.out : (ptrdiff_t) -1);
        }
    }
    for (uint32_t i = 0; i < g->n_vars; i++) {
        const char *id = g->vars[i].id;
        char *quoted = xmalloc(strlen(id) + 3);

        sprintf(quoted, "\"%s\"", id);
        if (h.status == 0 && !strstr(h.out, id)) {
            fail(id, "show: the variable is not in the output");
        }
        if (j1.status == 0 && !strstr(j1.out, quoted)) {
            fail(id, "show --json: the variable is not in the output");
        }
        free(quoted);
    }
out:
    free(h.out);
    free(h.err);
    free(j1.out);
    free(j1.err);
    free(j2.out);
    free(j2.err);
}

static void
usage(void)
{
    fprintf(stderr, "usage: check-fixture [--cli DWARFMAP] [--dump] "
            "--fixture NAME --config NAME --tags T1,T2 --expect FILE "
            "--lib LIB.so\n");
    exit(2);
}

/* --dump: prints the model as the expectation keys see it, to help write
 * an expect file (and to read a failure). */
static void
dump_model(void)
{
    for (uint32_t i = 0; i < graph->n_vars; i++) {
        const struct dm_var *v = &graph->vars[i];
        char *type = render_type(v->type, false);
        char *canon = render_type(v->type, true);

        printf("var %s kind=%s scope=%s size=%" PRIu64 " section=%s "
               "writable=%d type=\"%s\" canon=\"%s\" addr=%#" PRIx64,
               v->id, var_kind_str(v->kind), var_kind_str(v->scope), v->size,
               v->section ? v->section : "(null)", v->writable, type, canon,
               v->address);
        if (v->function) {
            printf(" function=%s ordinal=%" PRIu32, v->function, v->ordinal);
        }
        if (v->symbol) {
            printf(" symbol=%s", v->symbol);
        }
        for (uint32_t k = 0; k < v->n_pieces
             && v->first_piece + k < graph->n_pieces; k++) {
            const struct dm_piece *p = &graph->pieces[v->first_piece + k];

            printf(" piece%" PRIu32 "=%" PRIu64 ",%" PRIu64 ",%d@%#" PRIx64,
                   k, p->offset, p->size, p->present, p->address);
        }
        putchar('\n');
        free(type);
        free(canon);
    }
    for (uint32_t i = 0; i < graph->n_nostate; i++) {
        printf("nostate %s reason=%s\n", graph->nostate[i].id,
               reason_str(graph->nostate[i].reason));
    }
    for (uint32_t i = 0; i < graph->n_diags; i++) {
        printf("# diag %d: %s\n", (int) graph->diags[i].severity,
               graph->diags[i].text);
    }
}

static bool dump;

static int
finish(void)
{
    free_expect();
    if (n_failures) {
        printf("%d failure%s in %s %s\n", n_failures,
               n_failures > 1 ? "s" : "", fixture_name, config_name);
        return 1;
    }
    return 0;
}

/* Checks the model of 'lib' (loaded with 'opts') against the expectations
 * and the ELF tables.  Returns 0 (failures are counted). */
static int
check_model(const char *lib, const struct dm_load_opts *opts)
{
    const struct expectation *err_exp = find_directive(D_ERROR);
    const char *base = strrchr(lib, '/') ? strrchr(lib, '/') + 1 : lib;
    struct dm_graph *g = NULL;
    char errbuf[1024] = "";
    struct elfinfo ei;
    int rc;

    rc = dm_graph_load(lib, opts, &g, errbuf, sizeof errbuf);
    if (err_exp) {
        if (!rc) {
            fail(NULL, "expected the reader to refuse (\"%s\"), it loaded %"
                 PRIu32 " variables", err_exp->text, g ? g->n_vars : 0);
        } else if (g) {
            fail(NULL, "error %d, but *graphp is not NULL", rc);
        } else if (rc > 0) {
            fail(NULL, "error status %d is not a negative errno", rc);
        } else if (!strstr(errbuf, base) || !strstr(errbuf, err_exp->text)
                   || strchr(errbuf, '\n')) {
            fail(NULL, "error message '%s' must be one line naming %s and "
                 "containing \"%s\"", errbuf, base, err_exp->text);
        }
        dm_graph_destroy(g);
        return 0;
    }
    if (rc) {
        if (g) {
            fail(NULL, "error %d, but *graphp is not NULL", rc);
        }
        fail(NULL, "dm_graph_load failed (%d): %s", rc, errbuf);
        return 0;
    }
    if (!g) {
        fail(NULL, "dm_graph_load returned 0 and no graph");
        return 0;
    }

    graph = g;
    elf_read(lib, &ei);
    if (!ei.have_symtab) {
        fail(NULL, "%s has no .symtab; the cross-check needs one", lib);
    }
    if (ei.have_tls ? g->tls_size != ei.tls.p_memsz : g->tls_size != 0) {
        fail(NULL, "tls_size %" PRIu64 ", PT_TLS p_memsz %" PRIu64,
             g->tls_size, ei.have_tls ? (uint64_t) ei.tls.p_memsz : 0);
    }
    if (dump) {
        dump_model();
    }
    check_graph_shape();
    check_expectations();
    check_every_var(&ei);
    check_coverage(&ei);
    check_funcs(&ei);
    elf_free(&ei);
    graph = NULL;
    dm_graph_destroy(g);
    return 0;
}

int
main(int argc, char **argv)
{
    const char *tags = NULL, *expect = NULL, *lib = NULL, *cli = NULL;
    struct dm_load_opts opts = { .sz = sizeof opts };
    const struct expectation *skip;
    char *debug_file;
    FILE *f;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dump")) {
            dump = true;
            continue;
        }
        if (i + 1 == argc) {
            usage();
        }
        if (!strcmp(argv[i], "--fixture")) {
            fixture_name = argv[++i];
        } else if (!strcmp(argv[i], "--config")) {
            config_name = argv[++i];
        } else if (!strcmp(argv[i], "--tags")) {
            tags = argv[++i];
        } else if (!strcmp(argv[i], "--expect")) {
            expect = argv[++i];
        } else if (!strcmp(argv[i], "--lib")) {
            lib = argv[++i];
        } else if (!strcmp(argv[i], "--cli")) {
            cli = argv[++i];
        } else {
            usage();
        }
    }
    if (!tags || !expect || !lib) {
        usage();
    }
    read_expect(expect, tags);
    skip = find_directive(D_SKIP);
    if (skip) {
        printf("SKIP %s %s: %s\n", fixture_name, config_name, skip->text);
        free_expect();
        return 77;
    }

    /* A stripped library ('strip-debug') has its DWARF in LIB.debug. */
    debug_file = xmalloc(strlen(lib) + 7);
    sprintf(debug_file, "%s.debug", lib);
    f = fopen(debug_file, "r");
    if (f) {
        fclose(f);
    }

    if (cli) {
        /* The CLI takes no debug file: the reader either follows
         * .gnu_debuglink or refuses, like the library without opts. */
        struct dm_graph *g = NULL;
        char errbuf[1024] = "";

        rc = dm_graph_load(lib, NULL, &g, errbuf, sizeof errbuf);
        check_cli(cli, lib, rc ? NULL : g);
        dm_graph_destroy(g);
        if (rc && !find_directive(D_ERROR) && !f) {
            fail(NULL, "dm_graph_load failed (%d): %s", rc, errbuf);
        }
        free(debug_file);
        return finish();
    }

    if (f) {
        /* Without its debug file, the reader may follow .gnu_debuglink
         * (then everything must hold) or refuse, naming the file. */
        struct dm_graph *g = NULL;
        char errbuf[1024] = "";
        const char *base = strrchr(lib, '/') ? strrchr(lib, '/') + 1 : lib;

        rc = dm_graph_load(lib, NULL, &g, errbuf, sizeof errbuf);
        dm_graph_destroy(g);
        if (rc && (g || !strstr(errbuf, base))) {
            fail(NULL, "without its debug file: error %d, message '%s' (must "
                 "name %s, and leave no graph)", rc, errbuf, base);
        } else if (!rc) {
            check_model(lib, NULL);
        }
        opts.debug_file = debug_file;
    }
    rc = check_model(lib, &opts);
    free(debug_file);
    return finish() ? 1 : rc;
}
