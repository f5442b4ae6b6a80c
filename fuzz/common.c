/* fuzz: helpers every harness uses (fuzz.h). */

#include "fuzz.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef FZ_FIXTURES_DIR
#define FZ_FIXTURES_DIR ""
#endif

void
fz_fail(const char *fmt, ...)
{
    va_list args;

    fflush(stdout);
    fputs("fuzz: CONTRACT BROKEN: ", stderr);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    abort();
}

void
fz_memfile_init(struct fz_memfile *mf, const char *name)
{
    mf->fd = memfd_create(name, 0);
    if (mf->fd < 0) {
        fprintf(stderr, "fuzz: memfd_create: %s\n", strerror(errno));
        exit(1);
    }
    snprintf(mf->path, sizeof mf->path, "/proc/self/fd/%d", mf->fd);
}

void
fz_memfile_set(struct fz_memfile *mf, const void *data, size_t size)
{
    const uint8_t *p = data;

    if (ftruncate(mf->fd, 0)) {
        fprintf(stderr, "fuzz: ftruncate: %s\n", strerror(errno));
        exit(1);
    }
    for (size_t off = 0; off < size;) {
        ssize_t n = pwrite(mf->fd, p + off, size - off, (off_t) off);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fprintf(stderr, "fuzz: write: %s\n", strerror(errno));
            exit(1);
        }
        off += (size_t) n;
    }
}

uint8_t *
fz_read_file(const char *path, size_t *sizep)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, len = 0;

    if (!f) {
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        if (!n) {
            break;
        }
        len += n;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    /* Exact size, so that a read past the end is seen by ASan. */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact) {
        memcpy(exact, buf, len);
    }
    free(buf);
    *sizep = len;
    return exact;
}

/* ---- Fixture pairs --------------------------------------------------- */

static char *
fz_strdupf__(const char *fmt, ...)
{
    va_list args;
    char *s;

    va_start(args, fmt);
    if (vasprintf(&s, fmt, args) < 0) {
        s = NULL;
    }
    va_end(args);
    if (!s) {
        fprintf(stderr, "fuzz: out of memory\n");
        exit(1);
    }
    return s;
}

/* One line of pairs.txt: NAME [--rename OLD=NEW | --ignore ID]... */
static void
fz_parse_pair__(const char *dir, char *line, struct fz_pair *p)
{
    char *save = NULL, *w = strtok_r(line, " \t", &save);

    memset(p, 0, sizeof *p);
    p->name = fz_strdupf__("%s", w);
    p->old_so = fz_strdupf__("%s/%s/old.so", dir, w);
    p->new_so = fz_strdupf__("%s/%s/new.so", dir, w);
    p->bundle_so = fz_strdupf__("%s/%s/bundle.so", dir, w);
    if (access(p->bundle_so, R_OK)) {
        free(p->bundle_so);
        p->bundle_so = NULL;
    }
    while ((w = strtok_r(NULL, " \t", &save))) {
        char *arg = strtok_r(NULL, " \t", &save);

        if (!arg) {
            break;
        }
        if (!strcmp(w, "--rename") && strchr(arg, '=')) {
            p->renames = realloc(p->renames,
                                 (p->n_renames + 1) * sizeof *p->renames);
            char *eq = strchr(arg, '=');
            p->renames[p->n_renames].old_id = fz_strdupf__("%.*s",
                                                 (int) (eq - arg), arg);
            p->renames[p->n_renames++].new_id = fz_strdupf__("%s", eq + 1);
        } else if (!strcmp(w, "--ignore")) {
            p->ignores = realloc(p->ignores,
                                 (p->n_ignores + 1) * sizeof *p->ignores);
            p->ignores[p->n_ignores++] = fz_strdupf__("%s", arg);
        }
    }
}

const struct fz_pairs *
fz_pairs(void)
{
    static struct fz_pairs pairs;
    static bool loaded;

    if (loaded) {
        return &pairs;
    }
    const char *dir = getenv("HOTUP_FUZZ_FIXTURES");
    if (!dir || !*dir) {
        dir = FZ_FIXTURES_DIR;
    }
    char *list = fz_strdupf__("%s/pairs.txt", dir);
    FILE *f = fopen(list, "r");
    if (!f) {
        fprintf(stderr, "fuzz: %s: %s (build the fixtures: "
                "fuzz/build-fixtures.sh, or set HOTUP_FUZZ_FIXTURES)\n",
                list, strerror(errno));
        exit(77);
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#') {
            continue;
        }
        pairs.list = realloc(pairs.list, (pairs.n + 1) * sizeof *pairs.list);
        if (!pairs.list) {
            fprintf(stderr, "fuzz: out of memory\n");
            exit(1);
        }
        fz_parse_pair__(dir, line, &pairs.list[pairs.n++]);
    }
    fclose(f);
    free(list);
    if (!pairs.n) {
        fprintf(stderr, "fuzz: %s/pairs.txt lists no pair\n", dir);
        exit(77);
    }
    loaded = true;
    return &pairs;
}

/* ---- Model invariants ------------------------------------------------ */

void
fz_check_graph(const struct dm_graph *g)
{
    char spell[512];

    if (!g->n_types || g->types[0].kind != DM_TYPE_VOID) {
        fz_fail("%s: types[0] is not void", g->path);
    }
    for (uint32_t i = 0; i < g->n_types; i++) {
        const struct dm_type *t = &g->types[i];
        uint64_t end = (uint64_t) t->first + t->count;

        if (t->target >= g->n_types) {
            fz_fail("type %u: target %u of %u", i, t->target, g->n_types);
        }
        switch (t->kind) {
        case DM_TYPE_STRUCT:
        case DM_TYPE_UNION:
            if (end > g->n_members) {
                fz_fail("type %u: members %u+%u of %u", i, t->first,
                        t->count, g->n_members);
            }
            for (uint32_t m = t->first; m < end; m++) {
                if (g->members[m].type >= g->n_types) {
                    fz_fail("member %u: type %u of %u", m,
                            g->members[m].type, g->n_types);
                }
            }
            break;
        case DM_TYPE_ENUM:
            if (end > g->n_enumerators) {
                fz_fail("type %u: enumerators %u+%u of %u", i, t->first,
                        t->count, g->n_enumerators);
            }
            break;
        case DM_TYPE_ARRAY:
            if (end > g->n_dims) {
                fz_fail("type %u: dims %u+%u of %u", i, t->first, t->count,
                        g->n_dims);
            }
            break;
        case DM_TYPE_FUNCTION:
            if (end > g->n_params) {
                fz_fail("type %u: params %u+%u of %u", i, t->first, t->count,
                        g->n_params);
            }
            for (uint32_t p = t->first; p < end; p++) {
                if (g->params[p] >= g->n_types) {
                    fz_fail("param %u: type %u of %u", p, g->params[p],
                            g->n_types);
                }
            }
            break;
        default:
            break;
        }
        if (!dm_type(g, i)) {
            fz_fail("dm_type(%u) is NULL", i);
        }
        if (dm_type_strip(g, i) >= g->n_types) {
            fz_fail("dm_type_strip(%u) out of range", i);
        }
        dm_type_spell(g, i, spell, sizeof spell);
        if (strlen(spell) >= sizeof spell) {
            fz_fail("dm_type_spell(%u) overran", i);
        }
    }
    for (uint32_t i = 0; i < g->n_vars; i++) {
        const struct dm_var *v = &g->vars[i];

        if (!v->id || !v->name) {
            fz_fail("var %u: no id or name", i);
        }
        if (v->type >= g->n_types) {
            fz_fail("var %s: type %u of %u", v->id, v->type, g->n_types);
        }
        if ((uint64_t) v->first_piece + v->n_pieces > g->n_pieces) {
            fz_fail("var %s: pieces %u+%u of %u", v->id, v->first_piece,
                    v->n_pieces, g->n_pieces);
        }
        if (i && strcmp(g->vars[i - 1].id, v->id) >= 0) {
            fz_fail("vars not sorted by id: '%s' before '%s'",
                    g->vars[i - 1].id, v->id);
        }
        if (dm_graph_find_var(g, v->id) != v) {
            fz_fail("dm_graph_find_var('%s') misses it", v->id);
        }
    }
    for (uint32_t i = 1; i < g->n_funcs; i++) {
        if (strcmp(g->funcs[i - 1].id, g->funcs[i].id) >= 0) {
            fz_fail("funcs not sorted and unique: '%s' before '%s'",
                    g->funcs[i - 1].id, g->funcs[i].id);
        }
    }
    for (uint32_t i = 0; i < g->n_diags; i++) {
        if (!g->diags[i].text || !fz_one_line(g->diags[i].text)) {
            fz_fail("diagnostic %u is not one line", i);
        }
    }
}

bool
fz_one_line(const char *msg)
{
    return msg[0] && !strchr(msg, '\n');
}

/* ---- A strict JSON validator ------------------------------------------ */

struct fz_json__ {
    const char *p, *end;
    int depth;
};

static void
fz_json_ws__(struct fz_json__ *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n'
                             || *j->p == '\r')) {
        j->p++;
    }
}

static bool
fz_json_lit__(struct fz_json__ *j, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t) (j->end - j->p) < n || memcmp(j->p, lit, n)) {
        return false;
    }
    j->p += n;
    return true;
}

static bool
fz_json_string__(struct fz_json__ *j)
{
    if (j->p >= j->end || *j->p != '"') {
        return false;
    }
    for (j->p++; j->p < j->end; j->p++) {
        unsigned char c = (unsigned char) *j->p;

        if (c == '"') {
            j->p++;
            return true;
        }
        if (c < 0x20) {
            return false;
        }
        if (c == '\\') {
            if (++j->p >= j->end) {
                return false;
            }
            if (*j->p == 'u') {
                for (int k = 0; k < 4; k++) {
                    if (++j->p >= j->end || !strchr("0123456789abcdefABCDEF",
                                                    *j->p)) {
                        return false;
                    }
                }
            } else if (!strchr("\"\\/bfnrt", *j->p)) {
                return false;
            }
        }
    }
    return false;
}

static bool
fz_json_digits__(struct fz_json__ *j)
{
    const char *s = j->p;

    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
        j->p++;
    }
    return j->p > s;
}

static bool
fz_json_number__(struct fz_json__ *j)
{
    if (j->p < j->end && *j->p == '-') {
        j->p++;
    }
    if (j->p < j->end && *j->p == '0') {
        j->p++;
    } else if (!fz_json_digits__(j)) {
        return false;
    }
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (!fz_json_digits__(j)) {
            return false;
        }
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-')) {
            j->p++;
        }
        if (!fz_json_digits__(j)) {
            return false;
        }
    }
    return true;
}

static bool
fz_json_value__(struct fz_json__ *j)
{
    fz_json_ws__(j);
    /* show --json stops expanding a type DM_MAX_DEPTH (256) + 8 levels
     * down, and a level is at most three JSON levels (the type, its
     * members, a member): deeper is a bug. */
    if (j->p >= j->end || ++j->depth > 3 * (256 + 8) + 8) {
        return false;
    }
    bool ok;
    char open = *j->p;
    if (open == '{' || open == '[') {
        char close = open == '{' ? '}' : ']';

        j->p++;
        fz_json_ws__(j);
        if (j->p < j->end && *j->p == close) {
            j->p++;
            j->depth--;
            return true;
        }
        for (;;) {
            if (open == '{') {
                fz_json_ws__(j);
                if (!fz_json_string__(j)) {
                    return false;
                }
                fz_json_ws__(j);
                if (j->p >= j->end || *j->p++ != ':') {
                    return false;
                }
            }
            if (!fz_json_value__(j)) {
                return false;
            }
            fz_json_ws__(j);
            if (j->p >= j->end) {
                return false;
            }
            if (*j->p == ',') {
                j->p++;
                continue;
            }
            if (*j->p++ != close) {
                return false;
            }
            break;
        }
        ok = true;
    } else if (open == '"') {
        ok = fz_json_string__(j);
    } else if (open == 't') {
        ok = fz_json_lit__(j, "true");
    } else if (open == 'f') {
        ok = fz_json_lit__(j, "false");
    } else if (open == 'n') {
        ok = fz_json_lit__(j, "null");
    } else {
        ok = fz_json_number__(j);
    }
    j->depth--;
    return ok;
}

bool
fz_json_valid(const char *text, size_t len)
{
    struct fz_json__ j = { .p = text, .end = text + len };

    if (!fz_json_value__(&j)) {
        return false;
    }
    fz_json_ws__(&j);
    return j.p == j.end;
}

/* ---- C structure ------------------------------------------------------ */

bool
fz_c_balanced(const char *text, size_t len, const char **why)
{
    char stack[256];
    int depth = 0;

    if (!len || text[len - 1] != '\n') {
        *why = "empty or no final newline";
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = text[i];

        if (c == '\0') {
            *why = "a NUL byte";
            return false;
        }
        if (c == '/' && i + 1 < len && text[i + 1] == '*') {
            const char *e = memmem(text + i + 2, len - i - 2, "*/", 2);
            if (!e) {
                *why = "an unterminated comment";
                return false;
            }
            i = (size_t) (e - text) + 1;
        } else if (c == '/' && i + 1 < len && text[i + 1] == '/') {
            while (i < len && text[i] != '\n') {
                i++;
            }
        } else if (c == '"' || c == '\'') {
            for (i++; i < len && text[i] != c; i++) {
                if (text[i] == '\n') {
                    *why = "a newline in a string or character constant";
                    return false;
                }
                if (text[i] == '\\') {
                    i++;
                }
            }
            if (i >= len) {
                *why = "an unterminated string";
                return false;
            }
        } else if (c == '(' || c == '[' || c == '{') {
            if (depth == (int) sizeof stack) {
                *why = "nesting deeper than 256";
                return false;
            }
            stack[depth++] = c == '(' ? ')' : c == '[' ? ']' : '}';
        } else if (c == ')' || c == ']' || c == '}') {
            if (!depth || stack[--depth] != c) {
                *why = "an unbalanced bracket";
                return false;
            }
        }
    }
    if (depth) {
        *why = "an unclosed bracket";
        return false;
    }
    return true;
}
