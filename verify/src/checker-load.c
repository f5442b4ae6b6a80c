/* The checker's loader and runner, in the forked child.
 *
 * Its own loader (it does not link runtime/): each library and the bundle
 * is copied to a unique file and dlopen()ed from there (RTLD_NOW |
 * RTLD_LOCAL), so that old and new never share a handle; the load base is
 * link_map's l_addr, the segments come from dl_iterate_phdr(), and the
 * calling thread's TLS blocks from __tls_get_addr().  An entry's old and new
 * objects are at base + link-time address (TLS: block + offset).
 *
 * The relocation services that generated code calls are implemented here,
 * from the semantics documented in hotup/migration.h, and exported from the
 * executable (checker.dynlist). */
#include "checker-private.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* glibc's, not in a public header. */
struct vf_tls_index__ {
    unsigned long module;
    unsigned long offset;
};
extern void *__tls_get_addr(struct vf_tls_index__ *);

/* For the crash handler. */
static struct vf_run__ *vf_ck_run__;
static volatile sig_atomic_t vf_ck_entry__ = -1;
static char vf_ck_phase__[512] = "starting";

/* Says what the child is doing, to the parent and to the crash handler. */
static void
vf_ck_phase_set__(struct vf_run__ *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
vf_ck_phase_set__(struct vf_run__ *r, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(vf_ck_phase__, sizeof vf_ck_phase__, fmt, args);
    va_end(args);
    vf_ck_say__(r, 'P', "%s", vf_ck_phase__);
}

/* An entry resolved for the services: its old range now. */
struct vf_range__ {
    uintptr_t start, end;
    uint8_t *new;
    const struct hotup_entry *e;
};
static struct vf_range__ *vf_ck_ranges__;
static size_t vf_ck_n_ranges__;
static int *vf_ck_entry_nvar__;         /* Per entry: index in nvars. */

/* ---- Loading ------------------------------------------------------------ */

struct vf_phdr_arg__ {
    const char *name;
    uintptr_t base;
    struct vf_image__ *im;
    bool found;
};

static int
vf_ck_phdr_cb__(struct dl_phdr_info *info, size_t size, void *arg_)
{
    struct vf_phdr_arg__ *arg = arg_;
    struct vf_image__ *im = arg->im;

    (void) size;
    if (info->dlpi_addr != arg->base || !info->dlpi_name
        || strcmp(info->dlpi_name, arg->name)) {
        return 0;
    }
    arg->found = true;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;

        if (ph->p_type == PT_LOAD && im->n_segs < VF_MAX_SEGS) {
            im->segs[im->n_segs++] = (struct vf_seg__) {
                .start = start, .end = start + ph->p_memsz,
                .flags = ph->p_flags,
            };
        } else if (ph->p_type == PT_GNU_RELRO) {
            im->relro_start = start;
            im->relro_end = start + ph->p_memsz;
        } else if (ph->p_type == PT_TLS) {
            im->tls_memsz = ph->p_memsz;
        }
    }
    return 1;
}

bool
vf_ck_in_image__(const struct vf_image__ *im, uintptr_t p, uint32_t *flags)
{
    for (size_t i = 0; i < im->n_segs; i++) {
        if (p >= im->segs[i].start && p < im->segs[i].end) {
            *flags = im->segs[i].flags;
            return true;
        }
    }
    *flags = 0;
    return false;
}

/* Copies 'path' to a file of our own; returns its name (free it). */
static char *
vf_ck_copy__(const char *path, char *err, size_t len)
{
    static unsigned seq;
    const char *dir = getenv("TMPDIR");
    char *tmp = strdup(path), *name = NULL;
    int in = -1, out = -1;
    char buf[65536];
    ssize_t n;

    if (!dir || !*dir) {
        dir = "/tmp";
    }
    if (!tmp || asprintf(&name, "%s/vf-%ld-%u-%s", dir, (long) getpid(),
                         seq++, basename(tmp)) < 0) {
        free(tmp);
        snprintf(err, len, "out of memory");
        return NULL;
    }
    free(tmp);
    in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        snprintf(err, len, "%s: %s", path, strerror(errno));
        goto fail;
    }
    out = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
    if (out < 0) {
        snprintf(err, len, "%s: %s", name, strerror(errno));
        goto fail;
    }
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t) (n - off));

            if (w <= 0) {
                snprintf(err, len, "%s: %s", name, strerror(errno));
                goto fail;
            }
            off += w;
        }
    }
    if (n < 0) {
        snprintf(err, len, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (close(out)) {
        out = -1;
        snprintf(err, len, "%s: %s", name, strerror(errno));
        unlink(name);
        goto fail;
    }
    close(in);
    return name;

fail:
    if (in >= 0) {
        close(in);
    }
    if (out >= 0) {
        close(out);
        unlink(name);
    }
    free(name);
    return NULL;
}

static int
vf_ck_open__(struct vf_image__ *im, char *err, size_t len)
{
    char *copy = vf_ck_copy__(im->path, err, len);
    struct link_map *lm = NULL;
    struct vf_phdr_arg__ arg = { .im = im };

    if (!copy) {
        return -1;
    }
    im->handle = dlopen(copy, RTLD_NOW | RTLD_LOCAL);
    if (!im->handle) {
        const char *e = dlerror();

        snprintf(err, len, "%s: cannot load: %s", im->path, e ? e : "?");
        unlink(copy);
        free(copy);
        return -1;
    }
    unlink(copy);
    free(copy);
    if (dlinfo(im->handle, RTLD_DI_LINKMAP, &lm) || !lm) {
        snprintf(err, len, "%s: no link map", im->path);
        return -1;
    }
    im->base = lm->l_addr;
    arg.name = lm->l_name;
    arg.base = lm->l_addr;
    dl_iterate_phdr(vf_ck_phdr_cb__, &arg);
    if (!arg.found || !im->n_segs) {
        snprintf(err, len, "%s: its program headers were not found",
                 im->path);
        return -1;
    }
    if (im->tls_memsz) {
        size_t modid = 0;
        struct vf_tls_index__ ti;

        if (dlinfo(im->handle, RTLD_DI_TLS_MODID, &modid) || !modid) {
            snprintf(err, len, "%s: no TLS module id", im->path);
            return -1;
        }
        ti.module = modid;
        ti.offset = 0;
        im->tls = __tls_get_addr(&ti);
        if (!im->tls) {
            snprintf(err, len, "%s: no TLS block", im->path);
            return -1;
        }
    }
    return 0;
}

/* ---- The hooks file ----------------------------------------------------- */

/* Appends the first string literal after 'p' to the list; returns the
 * position after it, or NULL. */
static const char *
vf_ck_hook_arg__(const char *p, char ***list, size_t *n)
{
    const char *q, *end;
    char **l, *v;

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    if (*p != '(') {
        return p;
    }
    q = strchr(p, '"');
    end = q ? strchr(q + 1, '"') : NULL;
    if (!end) {
        return NULL;
    }
    l = realloc(*list, (*n + 1) * sizeof *l);
    v = strndup(q + 1, (size_t) (end - q - 1));
    if (!l || !v) {
        free(v);
        if (l) {
            *list = l;
        }
        return NULL;
    }
    *list = l;
    l[(*n)++] = v;
    return end + 1;
}

/* Reads the HOTUP_HOOK("ID", fn) and HOTUP_HOOK_TYPE("struct T", fn)
 * markers of a hooks file (docs/hooks.md), outside comments. */
static int
vf_ck_read_hooks__(struct vf_run__ *r, const char *path, char *err,
                   size_t len)
{
    FILE *f = fopen(path, "r");
    char *text = NULL, *w;
    size_t size = 0;
    const char *p;

    if (!f) {
        snprintf(err, len, "%s: %s", path, strerror(errno));
        return -1;
    }
    {
        FILE *m = open_memstream(&text, &size);
        int c;

        if (!m) {
            fclose(f);
            snprintf(err, len, "out of memory");
            return -1;
        }
        while ((c = getc(f)) != EOF) {
            putc(c, m);
        }
        fclose(f);
        fclose(m);
    }
    /* Blank out comments, keeping string and character literals. */
    for (w = text; w && *w; w++) {
        if (*w == '"' || *w == '\'') {
            char quote = *w;

            for (w++; *w && *w != quote; w++) {
                w += *w == '\\' && w[1];
            }
            if (!*w) {
                break;
            }
        } else if (w[0] == '/' && w[1] == '*') {
            char *e = strstr(w + 2, "*/");
            char *stop = e ? e + 2 : w + strlen(w);

            memset(w, ' ', (size_t) (stop - w));
            w = stop - 1;
        } else if (w[0] == '/' && w[1] == '/') {
            while (*w && *w != '\n') {
                *w++ = ' ';
            }
            if (!*w) {
                break;
            }
        }
    }
    for (p = text; p && (p = strstr(p, "HOTUP_HOOK"));) {
        bool type = !strncmp(p, "HOTUP_HOOK_TYPE", 15);

        p += type ? 15 : 10;
        if ((*p >= 'A' && *p <= 'Z') || *p == '_') {
            continue;
        }
        p = (type ? vf_ck_hook_arg__(p, &r->hook_types, &r->n_hook_types)
                  : vf_ck_hook_arg__(p, &r->hook_vars, &r->n_hook_vars));
        if (!p) {
            free(text);
            snprintf(err, len, "%s: a HOTUP_HOOK marker without its "
                     "\"string\"", path);
            return -1;
        }
    }
    free(text);
    return 0;
}

static bool
vf_ck_var_hooked__(const struct vf_run__ *r, const char *id)
{
    for (size_t i = 0; i < r->n_hook_vars; i++) {
        if (!strcmp(r->hook_vars[i], id)) {
            return true;
        }
    }
    return false;
}

/* ---- Variables and their twins ------------------------------------------ */

static bool
vf_ck_state_var__(const struct dm_var *v)
{
    return v->writable && v->size && !v->n_pieces;
}

static uint8_t *
vf_ck_var_addr__(const struct vf_image__ *im, const struct dm_var *v)
{
    if (v->kind == DM_VAR_TLS) {
        return im->tls && v->address + v->size <= im->tls_memsz
               ? im->tls + v->address : NULL;
    }
    return (uint8_t *) (im->base + v->address);
}

static int
vf_ck_cmp_ovar__(const void *a_, const void *b_)
{
    const struct vf_ovar__ *a = a_, *b = b_;

    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* Per variable of each model (by index in g->vars): its index in nvars or
 * ovars, -1 if it is not state. */
static int *vf_ck_nvar_of__, *vf_ck_ovar_of__;

static int
vf_ck_find_nvar__(const struct vf_run__ *r, const char *id)
{
    const struct dm_var *v = dm_graph_find_var(r->ng, id);

    return v ? vf_ck_nvar_of__[v - r->ng->vars] : -1;
}

static int
vf_ck_find_ovar_id__(const struct vf_run__ *r, const char *id)
{
    const struct dm_var *v = dm_graph_find_var(r->og, id);

    return v ? vf_ck_ovar_of__[v - r->og->vars] : -1;
}

static bool
vf_ck_ignored__(const struct vf_run__ *r, const char *id)
{
    for (size_t i = 0; i < r->opts->n_ignores; i++) {
        if (!strcmp(r->opts->ignores[i], id)) {
            return true;
        }
    }
    return false;
}

static bool
vf_ck_renamed_from__(const struct vf_run__ *r, const char *old_id)
{
    for (size_t i = 0; i < r->opts->n_renames; i++) {
        if (!strcmp(r->opts->renames[i].old_id, old_id)) {
            return true;
        }
    }
    return false;
}

static bool
vf_ck_renamed_to__(const struct vf_run__ *r, const char *new_id)
{
    for (size_t i = 0; i < r->opts->n_renames; i++) {
        if (!strcmp(r->opts->renames[i].new_id, new_id)) {
            return true;
        }
    }
    return false;
}

static void
vf_ck_pair__(struct vf_run__ *r, int o, int n)
{
    r->nvars[n].twin = o;
    r->ovars[o].twin = n;
}

static int
vf_ck_vars__(struct vf_run__ *r, char *err, size_t len)
{
    const struct dm_graph *og = r->og, *ng = r->ng;

    r->ovars = calloc(og->n_vars ? og->n_vars : 1, sizeof *r->ovars);
    r->nvars = calloc(ng->n_vars ? ng->n_vars : 1, sizeof *r->nvars);
    if (!r->ovars || !r->nvars) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    for (uint32_t i = 0; i < og->n_vars; i++) {
        const struct dm_var *v = &og->vars[i];
        uint8_t *a = vf_ck_state_var__(v) ? vf_ck_var_addr__(&r->old, v)
                                          : NULL;

        if (a) {
            r->ovars[r->n_ovars++] = (struct vf_ovar__) {
                .v = v, .addr = a, .twin = -1,
            };
        }
    }
    qsort(r->ovars, r->n_ovars, sizeof *r->ovars, vf_ck_cmp_ovar__);
    vf_ck_ovar_of__ = malloc((og->n_vars + 1) * sizeof *vf_ck_ovar_of__);
    vf_ck_nvar_of__ = malloc((ng->n_vars + 1) * sizeof *vf_ck_nvar_of__);
    if (!vf_ck_ovar_of__ || !vf_ck_nvar_of__) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    for (uint32_t i = 0; i < og->n_vars; i++) {
        vf_ck_ovar_of__[i] = -1;
    }
    for (uint32_t i = 0; i < ng->n_vars; i++) {
        vf_ck_nvar_of__[i] = -1;
    }
    for (size_t i = 0; i < r->n_ovars; i++) {
        vf_ck_ovar_of__[r->ovars[i].v - og->vars] = (int) i;
    }
    for (size_t i = 1; i < r->n_ovars; i++) {
        if (r->ovars[i - 1].addr + r->ovars[i - 1].v->size
            > r->ovars[i].addr) {
            snprintf(err, len, "%s: variables %s and %s overlap",
                     r->old.path, r->ovars[i - 1].v->id, r->ovars[i].v->id);
            return -1;
        }
    }
    for (uint32_t i = 0; i < ng->n_vars; i++) {
        const struct dm_var *v = &ng->vars[i];
        uint8_t *a = vf_ck_state_var__(v) ? vf_ck_var_addr__(&r->new, v)
                                          : NULL;

        if (a) {
            vf_ck_nvar_of__[i] = (int) r->n_nvars;
            r->nvars[r->n_nvars++] = (struct vf_nvar__) {
                .v = v, .addr = a, .twin = -1,
                .ignored = vf_ck_ignored__(r, v->id),
            };
        }
    }

    /* Twins: renames first, then identities not renamed away. */
    for (size_t i = 0; i < r->opts->n_renames; i++) {
        int o = vf_ck_find_ovar_id__(r, r->opts->renames[i].old_id);
        int n = vf_ck_find_nvar__(r, r->opts->renames[i].new_id);

        if (o >= 0 && n >= 0 && r->ovars[o].twin < 0 && r->nvars[n].twin < 0) {
            vf_ck_pair__(r, o, n);
        }
    }
    for (size_t n = 0; n < r->n_nvars; n++) {
        int o;

        if (r->nvars[n].twin >= 0 || vf_ck_renamed_to__(r, r->nvars[n].v->id)
            || vf_ck_renamed_from__(r, r->nvars[n].v->id)) {
            continue;
        }
        o = vf_ck_find_ovar_id__(r, r->nvars[n].v->id);
        if (o >= 0 && r->ovars[o].twin < 0) {
            vf_ck_pair__(r, o, (int) n);
        }
    }

    /* Plans. */
    for (size_t n = 0; n < r->n_nvars; n++) {
        struct vf_nvar__ *nv = &r->nvars[n];
        const struct dm_var *ov;

        if (nv->twin < 0) {
            continue;
        }
        ov = r->ovars[nv->twin].v;
        if (vf_ck_ignored__(r, ov->id)) {
            nv->ignored = true;
        }
        r->ovars[nv->twin].migrated = !nv->ignored;
        if (vf_ck_var_hooked__(r, nv->v->id)
            || vf_ck_var_hooked__(r, ov->id)) {
            nv->hooked = true;
            r->ovars[nv->twin].hooked = true;
            nv->unchecked = "a hand-written hook (HOTUP_HOOK) migrates it";
            continue;
        }
        if ((ov->kind == DM_VAR_TLS) != (nv->v->kind == DM_VAR_TLS)) {
            nv->unchecked = "storage changed between thread-local and "
                            "static";
            continue;
        }
        nv->cv = vf_ck_plan__(r, ov->type, nv->v->type, false);
        if (!nv->cv) {
            snprintf(err, len, "out of memory");
            return -1;
        }
        if (ov->size != nv->cv->osize || nv->v->size != nv->cv->nsize) {
            /* Sized by its initializer (flexible array member). */
            if (ov->size == nv->v->size
                && vf_ck_same_bytes__(r, ov->type, nv->v->type)) {
                nv->whole = true;
            } else {
                nv->unchecked = "sized by its initializer and changed";
            }
        } else if (nv->cv->kind == VF_CV_NONE) {
            nv->unchecked = nv->cv->why ? nv->cv->why : "not checkable";
        }
    }
    return 0;
}

/* ---- The bundle's static facts ------------------------------------------ */

static int
vf_ck_mismatch__(struct vf_run__ *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
vf_ck_mismatch__(struct vf_run__ *r, const char *fmt, ...)
{
    char msg[2048];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);
    vf_ck_say__(r, 'O', "verify: MISMATCH: %s", msg);
    return VF_EXIT_MISMATCH;
}

static int
vf_ck_cmp_range__(const void *a_, const void *b_)
{
    const struct vf_range__ *a = a_, *b = b_;

    return a->start < b->start ? -1 : a->start > b->start;
}

/* What is wrong with a RELOCATE entry's table, or NULL: each word must be
 * a pointer-sized word of the object, repeated words must not overlap. */
static const char *
vf_ck_bad_words__(const struct hotup_entry *e)
{
    const uint64_t w8 = sizeof (void *);

    if (e->migrate || e->map_offset || e->old_size != e->new_size) {
        return "with a function or two sizes";
    }
    if (!(e->flags & HOTUP_ENTRY_POINTERS) || !e->n_words || !e->words) {
        return "without pointers or words";
    }
    for (uint32_t i = 0; i < e->n_words; i++) {
        const struct hotup_word *w = &e->words[i];
        /* The end of the last word, in 128 bits: no overflow to guard. */
        unsigned __int128 end = (unsigned __int128) w->off
                                + (unsigned __int128) (w->count - 1) * w->stride
                                + w8;

        if (w->kind != HOTUP_WORD_DATA && w->kind != HOTUP_WORD_CODE
            && w->kind != HOTUP_WORD_CHECK) {
            return "with a word of unknown kind";
        }
        if (!w->count || (w->count > 1 && w->stride < w8)
            || end > e->old_size) {
            return "with a word outside its object";
        }
    }
    return NULL;
}

static int
vf_ck_check_entries__(struct vf_run__ *r)
{
    const struct hotup_bundle *b = r->b;

    if (b->n_entries && !b->entries) {
        return vf_ck_mismatch__(r, "the bundle has %" PRIu32 " entries and "
                                "no table", b->n_entries);
    }
    vf_ck_ranges__ = calloc(b->n_entries ? b->n_entries : 1,
                            sizeof *vf_ck_ranges__);
    vf_ck_entry_nvar__ = calloc(b->n_entries ? b->n_entries : 1,
                                sizeof *vf_ck_entry_nvar__);
    if (!vf_ck_ranges__ || !vf_ck_entry_nvar__) {
        vf_ck_say__(r, 'E', "verify: out of memory");
        return VF_EXIT_ERROR;
    }
    for (uint32_t i = 0; i < b->n_entries; i++) {
        const struct hotup_entry *e = &b->entries[i];
        int n, o;
        struct vf_nvar__ *nv;
        const struct dm_var *ov;
        bool tls;

        if (!e->old_id || !e->new_id) {
            return vf_ck_mismatch__(r, "entry %" PRIu32 " has no identity",
                                    i);
        }
        n = vf_ck_find_nvar__(r, e->new_id);
        o = vf_ck_find_ovar_id__(r, e->old_id);
        if (n < 0 || o < 0) {
            const struct dm_var *nd = dm_graph_find_var(r->ng, e->new_id);
            const struct dm_var *od = dm_graph_find_var(r->og, e->old_id);

            if ((nd && nd->n_pieces) || (od && od->n_pieces)) {
                vf_ck_entry_nvar__[i] = -1;
                r->n_unchecked++;
                vf_ck_say__(r, 'O', "verify: not checked: %s: split into "
                            "pieces by the compiler (not run)", e->new_id);
                continue;
            }
        }
        if (n < 0) {
            return vf_ck_mismatch__(r, "entry %s -> %s: %s is not a writable "
                                    "variable of new", e->old_id, e->new_id,
                                    e->new_id);
        }
        if (o < 0) {
            return vf_ck_mismatch__(r, "entry %s -> %s: %s is not a writable "
                                    "variable of old", e->old_id, e->new_id,
                                    e->old_id);
        }
        nv = &r->nvars[n];
        ov = r->ovars[o].v;
        if (nv->twin != o) {
            return vf_ck_mismatch__(r, "entry %s -> %s: %s's twin in old is "
                                    "%s%s", e->old_id, e->new_id, e->new_id,
                                    nv->twin >= 0 ? r->ovars[nv->twin].v->id
                                                  : "none",
                                    strcmp(e->old_id, e->new_id)
                                    ? " (a rename needs --rename)" : "");
        }
        if (nv->ignored) {
            return vf_ck_mismatch__(r, "entry %s -> %s: the variable is "
                                    "ignored (--ignore) but migrated",
                                    e->old_id, e->new_id);
        }
        if (nv->e) {
            return vf_ck_mismatch__(r, "two entries migrate %s", e->new_id);
        }
        nv->e = e;
        vf_ck_entry_nvar__[i] = n;
        if (e->old_addr != ov->address || e->old_size != ov->size
            || e->new_addr != nv->v->address || e->new_size != nv->v->size) {
            return vf_ck_mismatch__(r, "entry %s -> %s: old 0x%" PRIx64 "+%"
                                    PRIu64 ", new 0x%" PRIx64 "+%" PRIu64
                                    "; DWARF says old 0x%" PRIx64 "+%" PRIu64
                                    ", new 0x%" PRIx64 "+%" PRIu64, e->old_id,
                                    e->new_id, e->old_addr, e->old_size,
                                    e->new_addr, e->new_size, ov->address,
                                    ov->size, nv->v->address, nv->v->size);
        }
        tls = ov->kind == DM_VAR_TLS;
        if (tls != (nv->v->kind == DM_VAR_TLS)
            || tls != !!(e->flags & HOTUP_ENTRY_TLS)) {
            return vf_ck_mismatch__(r, "entry %s -> %s: TLS flag %s, but old "
                                    "is %s and new is %s", e->old_id,
                                    e->new_id,
                                    e->flags & HOTUP_ENTRY_TLS ? "set"
                                                               : "clear",
                                    tls ? "thread-local" : "static",
                                    nv->v->kind == DM_VAR_TLS
                                    ? "thread-local" : "static");
        }
        if (e->flags & ~(HOTUP_ENTRY_TLS | HOTUP_ENTRY_POINTERS)) {
            return vf_ck_mismatch__(r, "entry %s: unknown flags 0x%" PRIx32,
                                    e->new_id, e->flags);
        }
        if (e->kind == HOTUP_ENTRY_COPY) {
            if (e->migrate || e->map_offset || e->old_size != e->new_size
                || e->flags & HOTUP_ENTRY_POINTERS) {
                return vf_ck_mismatch__(r, "entry %s: a COPY with a "
                                        "function, pointers or two sizes",
                                        e->new_id);
            }
        } else if (e->kind == HOTUP_ENTRY_CONVERT) {
            if (!e->migrate) {
                return vf_ck_mismatch__(r, "entry %s: a CONVERT without a "
                                        "function", e->new_id);
            }
        } else if (e->kind == HOTUP_ENTRY_RELOCATE) {
            const char *bad = vf_ck_bad_words__(e);

            if (bad) {
                return vf_ck_mismatch__(r, "entry %s: a RELOCATE %s",
                                        e->new_id, bad);
            }
        } else {
            return vf_ck_mismatch__(r, "entry %s: unknown kind %" PRIu32,
                                    e->new_id, e->kind);
        }
        vf_ck_ranges__[vf_ck_n_ranges__++] = (struct vf_range__) {
            .start = (uintptr_t) r->ovars[o].addr,
            .end = (uintptr_t) r->ovars[o].addr + ov->size,
            .new = nv->addr, .e = e,
        };
    }
    qsort(vf_ck_ranges__, vf_ck_n_ranges__, sizeof *vf_ck_ranges__,
          vf_ck_cmp_range__);
    for (size_t i = 0; i < r->n_nvars; i++) {
        const struct vf_nvar__ *nv = &r->nvars[i];

        if (nv->twin >= 0 && !nv->ignored && !nv->e) {
            return vf_ck_mismatch__(r, "%s is not migrated: the bundle has "
                                    "no entry for it (old %s)", nv->v->id,
                                    r->ovars[nv->twin].v->id);
        }
    }
    return 0;
}

static int
vf_ck_check_tables__(struct vf_run__ *r)
{
    const struct hotup_bundle *b = r->b;

    for (uint32_t i = 0; i < b->n_funcs; i++) {
        const struct hotup_func_map *f = &b->funcs[i];
        uintptr_t want;
        int k;

        if (i && f->old_addr <= b->funcs[i - 1].old_addr) {
            return vf_ck_mismatch__(r, "function map not sorted at %" PRIu32,
                                    i);
        }
        k = vf_ck_find_ofunc__(r, r->old.base + f->old_addr);
        if (k < 0) {
            return vf_ck_mismatch__(r, "function map: 0x%" PRIx64 " is no "
                                    "function of old", f->old_addr);
        }
        if (vf_ck_expect_code__(r, r->old.base + f->old_addr, &want)
            || want != r->new.base + f->new_addr) {
            return vf_ck_mismatch__(r, "function map: %s (old 0x%" PRIx64
                                    ") goes to new 0x%" PRIx64 ", which is "
                                    "not %s of new", r->og->funcs[k].id,
                                    f->old_addr, f->new_addr,
                                    r->og->funcs[k].id);
        }
    }
    for (uint32_t i = 0; i < b->n_rodata; i++) {
        const struct hotup_rodata_map *m = &b->rodata[i];
        uintptr_t op = r->old.base + m->old_addr;
        uint32_t of, nf;

        if (!m->size || (i && m->old_addr < b->rodata[i - 1].old_addr
                                             + b->rodata[i - 1].size)) {
            return vf_ck_mismatch__(r, "rodata map: entry %" PRIu32 " empty,"
                                    " unsorted or overlapping", i);
        }
        if (!vf_ck_in_image__(&r->old, op, &of)
            || !vf_ck_in_image__(&r->old, op + m->size - 1, &of)
            || of & (PF_W | PF_X)) {
            return vf_ck_mismatch__(r, "rodata map: old 0x%" PRIx64 "+%"
                                    PRIu64 " is not read-only data of old",
                                    m->old_addr, m->size);
        }
        if (m->new_addr) {
            uintptr_t np = r->new.base + m->new_addr;

            if (!vf_ck_in_image__(&r->new, np, &nf)
                || !vf_ck_in_image__(&r->new, np + m->size - 1, &nf)
                || nf & PF_X || memcmp((void *) op, (void *) np, m->size)) {
                return vf_ck_mismatch__(r, "rodata map: old 0x%" PRIx64 "+%"
                                        PRIu64 " and new 0x%" PRIx64
                                        " do not hold the same bytes",
                                        m->old_addr, m->size, m->new_addr);
            }
        }
    }
    return 0;
}

/* ---- The services generated code calls ---------------------------------- */

static void
vf_ck_anomaly__(struct vf_run__ *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
vf_ck_anomaly__(struct vf_run__ *r, const char *fmt, ...)
{
    va_list args;

    if (r->anomaly[0]) {
        return;
    }
    va_start(args, fmt);
    vsnprintf(r->anomaly, sizeof r->anomaly, fmt, args);
    va_end(args);
}

static void *
vf_ck_fail__(struct vf_run__ *r, const char *svc, uintptr_t p, uint64_t size,
             int *err)
{
    if (!r->svc_fail[0]) {
        char d[256];

        vf_ck_describe_ptr__(r, p, NULL, 0, d, sizeof d);
        if (svc[0] == 'c') {
            snprintf(r->svc_fail, sizeof r->svc_fail,
                     "hotup_mig_reloc_code(%s) failed", d);
        } else if (svc[0] == 'w') {
            snprintf(r->svc_fail, sizeof r->svc_fail,
                     "hotup_mig_check_word(%s) failed", d);
        } else {
            snprintf(r->svc_fail, sizeof r->svc_fail,
                     "hotup_mig_reloc_data(%s, %" PRIu64 ") failed", d, size);
        }
    }
    if (err) {
        *err = HOTUP_MIG_ERELOC;
    }
    return NULL;
}

static const struct vf_range__ *
vf_ck_range_find__(uintptr_t p)
{
    size_t lo = 0, hi = vf_ck_n_ranges__;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (p < vf_ck_ranges__[mid].start) {
            hi = mid;
        } else if (p >= vf_ck_ranges__[mid].end) {
            lo = mid + 1;
        } else {
            return &vf_ck_ranges__[mid];
        }
    }
    return NULL;
}

void *
hotup_mig_reloc_data(struct hotup_mig_ctx *ctx, const void *old,
                     uint64_t size, int *err)
{
    struct vf_run__ *r = ctx->run;
    uintptr_t p = (uintptr_t) old;
    uint64_t span = size ? size : 1;
    const struct vf_range__ *rg;
    uint32_t flags;

    if (!p) {
        return NULL;
    }
    rg = vf_ck_range_find__(p);
    if (rg) {
        uint64_t off = p - rg->start, noff;

        if (span > rg->end - p) {
            return vf_ck_fail__(r, "data", p, size, err);
        }
        if (rg->e->kind == HOTUP_ENTRY_COPY
            || rg->e->kind == HOTUP_ENTRY_RELOCATE) {
            return rg->new + off;
        }
        if (!rg->e->map_offset || rg->e->map_offset(off, size, &noff)) {
            return vf_ck_fail__(r, "data", p, size, err);
        }
        if (noff >= rg->e->new_size) {
            vf_ck_anomaly__(r, "%s's map_offset(%" PRIu64 ", %" PRIu64 ") "
                            "answered %" PRIu64 ", beyond its %" PRIu64
                            " bytes", rg->e->new_id, off, size, noff,
                            rg->e->new_size);
            return vf_ck_fail__(r, "data", p, size, err);
        }
        return rg->new + noff;
    }
    if (r->old.tls && p - (uintptr_t) r->old.tls < r->old.tls_memsz) {
        return vf_ck_fail__(r, "data", p, size, err);
    }
    if (!vf_ck_in_image__(&r->old, p, &flags)) {
        return (void *) p;              /* NULL, heap, other objects. */
    }
    if (flags & (PF_W | PF_X)
        || (p < r->old.relro_end && p + span > r->old.relro_start)) {
        return vf_ck_fail__(r, "data", p, size, err);
    }
    for (uint32_t i = 0; i < r->b->n_rodata; i++) {
        const struct hotup_rodata_map *m = &r->b->rodata[i];
        uint64_t off = p - r->old.base;

        if (off >= m->old_addr && off - m->old_addr < m->size) {
            if (span > m->size - (off - m->old_addr)) {
                return vf_ck_fail__(r, "data", p, size, err);
            }
            return (m->new_addr
                    ? (void *) (r->new.base + m->new_addr
                                + (off - m->old_addr))
                    : (void *) p);
        }
    }
    return (void *) p;                  /* Read-only: old stays mapped. */
}

void *
hotup_mig_reloc_code(struct hotup_mig_ctx *ctx, const void *old, int *err)
{
    struct vf_run__ *r = ctx->run;
    uintptr_t p = (uintptr_t) old;
    uint32_t flags;
    size_t lo = 0, hi = r->b->n_funcs;

    if (!p || !vf_ck_in_image__(&r->old, p, &flags) || !(flags & PF_X)) {
        return (void *) p;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint64_t a = r->b->funcs[mid].old_addr;

        if (p - r->old.base == a) {
            return (void *) (r->new.base + r->b->funcs[mid].new_addr);
        }
        if (a < p - r->old.base) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return vf_ck_fail__(r, "code", p, 0, err);
}

void
hotup_mig_check_word(struct hotup_mig_ctx *ctx, uintptr_t word, int *err)
{
    struct vf_run__ *r = ctx->run;
    uint32_t flags;

    if (!word) {
        return;
    }
    if ((r->old.tls && word - (uintptr_t) r->old.tls < r->old.tls_memsz)
        || (vf_ck_in_image__(&r->old, word, &flags)
            && (flags & (PF_W | PF_X)
                || (word >= r->old.relro_start && word < r->old.relro_end)))) {
        vf_ck_fail__(r, "word", word, 0, err);
    }
}

/* ---- Crashes ------------------------------------------------------------ */

static void
vf_ck_signal__(int sig, siginfo_t *si, void *uc)
{
    struct vf_run__ *r = vf_ck_run__;
    char what[512] = "";
    int entry = vf_ck_entry__;

    (void) uc;
    if (r && entry >= 0) {
        const struct hotup_entry *e = &r->b->entries[entry];
        uintptr_t a = (uintptr_t) si->si_addr;
        int o = vf_ck_find_ovar__(r, a, 1);

        if (sig == SIGALRM) {
            snprintf(what, sizeof what, "did not return within %u s",
                     r->opts->timeout);
        } else if (o >= 0) {
            snprintf(what, sizeof what, "wrote the old library's state: "
                     "%s (%s at 0x%" PRIxPTR ")", r->ovars[o].v->id,
                     strsignal(sig), a);
        } else {
            snprintf(what, sizeof what, "crashed: %s at 0x%" PRIxPTR,
                     strsignal(sig), a);
        }
        vf_ck_say__(r, 'O', "verify: MISMATCH in state %u: entry %s -> %s %s",
                    r->state, e->old_id, e->new_id, what);
        vf_ck_say__(r, 'X', "%d", VF_EXIT_MISMATCH);
        _exit(VF_EXIT_MISMATCH);
    }
    if (r) {
        vf_ck_say__(r, 'E', "verify: %s while %s", strsignal(sig),
                    vf_ck_phase__);
        vf_ck_say__(r, 'X', "%d", VF_EXIT_ERROR);
    }
    _exit(VF_EXIT_ERROR);
}

/* Something called exit() (a bundle, a constructor): say so. */
static void
vf_ck_at_exit__(void)
{
    struct vf_run__ *r = vf_ck_run__;
    int entry = vf_ck_entry__;

    if (r && entry >= 0) {
        const struct hotup_entry *e = &r->b->entries[entry];

        vf_ck_say__(r, 'O', "verify: MISMATCH in state %u: entry %s -> %s "
                    "called exit()", r->state, e->old_id, e->new_id);
        vf_ck_say__(r, 'X', "%d", VF_EXIT_MISMATCH);
        _exit(VF_EXIT_MISMATCH);        /* No destructors of old and new. */
    } else if (r) {
        vf_ck_say__(r, 'E', "verify: exit() called while %s", vf_ck_phase__);
        vf_ck_say__(r, 'X', "%d", VF_EXIT_ERROR);
        _exit(VF_EXIT_ERROR);
    }
}

static void
vf_ck_handlers__(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
                                SIGALRM };
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = vf_ck_signal__;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

/* ---- Images ------------------------------------------------------------- */

/* The part of segment 'i' that is state (writable and not RELRO). */
static bool
vf_ck_state_range__(const struct vf_image__ *im, size_t i, uintptr_t *start,
                    uintptr_t *end)
{
    const struct vf_seg__ *s = &im->segs[i];

    *start = s->start;
    *end = s->end;
    if (!(s->flags & PF_W)) {
        return false;
    }
    if (im->relro_end > *start && im->relro_start <= *start) {
        *start = im->relro_end < *end ? im->relro_end : *end;
    }
    if (im->relro_start < *end && im->relro_start > *start) {
        *end = im->relro_start;
    }
    return *end > *start;
}

static void
vf_ck_protect__(const struct vf_image__ *im, int prot)
{
    uintptr_t pg = (uintptr_t) sysconf(_SC_PAGESIZE);

    for (size_t i = 0; i < im->n_segs; i++) {
        uintptr_t s, e;

        if (vf_ck_state_range__(im, i, &s, &e)) {
            s &= ~(pg - 1);
            e = (e + pg - 1) & ~(pg - 1);
            mprotect((void *) s, e - s, prot);
        }
    }
}

static int
vf_ck_snapshot__(struct vf_run__ *r)
{
    r->snap = calloc(r->new.n_segs, sizeof *r->snap);
    r->expect = calloc(r->new.n_segs, sizeof *r->expect);
    if (!r->snap || !r->expect) {
        return -1;
    }
    for (size_t i = 0; i < r->new.n_segs; i++) {
        uintptr_t s, e;

        if (vf_ck_state_range__(&r->new, i, &s, &e)) {
            r->snap[i] = malloc(e - s);
            r->expect[i] = malloc(e - s);
            if (!r->snap[i] || !r->expect[i]) {
                return -1;
            }
            memcpy(r->snap[i], (void *) s, e - s);
        }
    }
    if (r->new.tls) {
        r->tls_snap = malloc(r->new.tls_memsz);
        r->tls_expect = malloc(r->new.tls_memsz);
        if (!r->tls_snap || !r->tls_expect) {
            return -1;
        }
        memcpy(r->tls_snap, r->new.tls, r->new.tls_memsz);
    }
    if (r->old.tls) {
        r->old_tls_copy = malloc(r->old.tls_memsz);
        if (!r->old_tls_copy) {
            return -1;
        }
    }
    return 0;
}

static void
vf_ck_restore__(struct vf_run__ *r)
{
    for (size_t i = 0; i < r->new.n_segs; i++) {
        uintptr_t s, e;

        if (r->snap[i] && vf_ck_state_range__(&r->new, i, &s, &e)) {
            memcpy((void *) s, r->snap[i], e - s);
            memcpy(r->expect[i], r->snap[i], e - s);
        }
    }
    if (r->new.tls) {
        memcpy(r->new.tls, r->tls_snap, r->new.tls_memsz);
        memcpy(r->tls_expect, r->tls_snap, r->new.tls_memsz);
    }
}

/* Where new variable 'nv' is in the expected image. */
static uint8_t *
vf_ck_expected__(struct vf_run__ *r, const struct vf_nvar__ *nv)
{
    uintptr_t a = (uintptr_t) nv->addr;

    if (nv->v->kind == DM_VAR_TLS) {
        return r->tls_expect + (a - (uintptr_t) r->new.tls);
    }
    for (size_t i = 0; i < r->new.n_segs; i++) {
        uintptr_t s, e;

        if (r->expect[i] && vf_ck_state_range__(&r->new, i, &s, &e)
            && a >= s && a + nv->v->size <= e) {
            return r->expect[i] + (a - s);
        }
    }
    return NULL;
}

/* ---- One state ---------------------------------------------------------- */

static const char *
vf_ck_err_name__(int rc)
{
    switch (rc) {
    case HOTUP_MIG_OK: return "0 (success)";
    case HOTUP_MIG_ERANGE: return "HOTUP_MIG_ERANGE";
    case HOTUP_MIG_EENUM: return "HOTUP_MIG_EENUM";
    case HOTUP_MIG_ETRUNC: return "HOTUP_MIG_ETRUNC";
    case HOTUP_MIG_ERELOC: return "HOTUP_MIG_ERELOC";
    case HOTUP_MIG_EHOOK: return "HOTUP_MIG_EHOOK";
    default: return "an unknown code";
    }
}

static void
vf_ck_err_set__(unsigned set, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int c = 1; c < 32 && used + 1 < len; c++) {
        if (set & (1u << c)) {
            int n = snprintf(buf + used, len - used, "%s%s",
                             used ? " or " : "", vf_ck_err_name__(c));

            used += n > 0 ? (size_t) n : 0;
        }
    }
}

static void
vf_ck_expect_all__(struct vf_run__ *r)
{
    for (size_t i = 0; i < r->n_nvars; i++) {
        struct vf_nvar__ *nv = &r->nvars[i];
        struct vf_apply__ ap = { .run = r, .nv = nv, .why = nv->why,
                                 .why_len = sizeof nv->why };
        uint8_t *x;

        nv->expect = 0;
        nv->why[0] = '\0';
        nv->any_hook = false;
        nv->n_dc = 0;
        if (nv->twin < 0 || nv->ignored || nv->unchecked || !nv->e) {
            continue;
        }
        x = vf_ck_expected__(r, nv);
        if (!x) {
            continue;
        }
        if (nv->whole) {
            memcpy(x, r->ovars[nv->twin].addr, nv->v->size);
            continue;
        }
        ap.base = x;
        vf_ck_apply__(&ap, nv->cv, r->ovars[nv->twin].addr, 0,
                      (uint32_t) (nv->cv->osize * 8), x, 0,
                      (uint32_t) (nv->cv->nsize * 8));
        nv->expect = ap.errs;
    }
}

/* The state bytes around new variable 'nv' (its segment or TLS block),
 * up to VF_GUARD bytes on each side. */
#define VF_GUARD 64

static void
vf_ck_guard__(struct vf_run__ *r, const struct vf_nvar__ *nv, uintptr_t *lo,
              uintptr_t *hi)
{
    uintptr_t a = (uintptr_t) nv->addr, e = a + nv->v->size;
    uintptr_t s = a, t = e;

    if (nv->v->kind == DM_VAR_TLS) {
        s = (uintptr_t) r->new.tls;
        t = s + r->new.tls_memsz;
    } else {
        for (size_t i = 0; i < r->new.n_segs; i++) {
            uintptr_t ss, st;

            if (vf_ck_state_range__(&r->new, i, &ss, &st) && a >= ss
                && e <= st) {
                s = ss;
                t = st;
            }
        }
    }
    *lo = a - s > VF_GUARD ? a - VF_GUARD : s;
    *hi = t - e > VF_GUARD ? e + VF_GUARD : t;
}

/* Runs a RELOCATE entry as hotup/migration.h says, with this checker's
 * services: copy the object, then relocate (or check) each listed word of
 * the old object into the same place of the new. */
static int
vf_ck_relocate__(struct hotup_mig_ctx *ctx, const struct hotup_entry *e,
                 const uint8_t *src, uint8_t *dst)
{
    int err = 0;

    memcpy(dst, src, e->old_size);
    for (uint32_t i = 0; i < e->n_words && !err; i++) {
        const struct hotup_word *w = &e->words[i];

        for (uint32_t k = 0; k < w->count && !err; k++) {
            const uint8_t *from = src + w->off + (uint64_t) k * w->stride;
            void *word, *to;

            memcpy(&word, from, sizeof word);
            switch (w->kind) {
            case HOTUP_WORD_DATA:
                to = hotup_mig_reloc_data(ctx, word, w->size, &err);
                break;
            case HOTUP_WORD_CODE:
                to = hotup_mig_reloc_code(ctx, word, &err);
                break;
            default:
                hotup_mig_check_word(ctx, (uintptr_t) word, &err);
                to = word;
                break;
            }
            memcpy(dst + (from - src), &to, sizeof to);
        }
    }
    return err;
}

static void
vf_ck_run_entries__(struct vf_run__ *r)
{
    struct hotup_mig_ctx ctx = { .run = r };

    for (uint32_t i = 0; i < r->b->n_entries; i++) {
        const struct hotup_entry *e = &r->b->entries[i];
        struct vf_nvar__ *nv;
        const uint8_t *src;
        uint8_t before[VF_GUARD], after[VF_GUARD];
        uintptr_t lo, hi, a, z;

        if (vf_ck_entry_nvar__[i] < 0) {
            continue;                   /* Not checked: not run. */
        }
        nv = &r->nvars[vf_ck_entry_nvar__[i]];
        src = r->ovars[nv->twin].addr;
        a = (uintptr_t) nv->addr;
        z = a + nv->v->size;
        vf_ck_guard__(r, nv, &lo, &hi);
        memcpy(before, (void *) lo, a - lo);
        memcpy(after, (void *) z, hi - z);

        vf_ck_entry__ = (sig_atomic_t) i;
        r->svc_fail[0] = '\0';
        if (e->kind == HOTUP_ENTRY_COPY) {
            memcpy(nv->addr, src, e->old_size);
            nv->rc = 0;
        } else if (e->kind == HOTUP_ENTRY_RELOCATE) {
            nv->rc = vf_ck_relocate__(&ctx, e, src, nv->addr);
        } else {
            nv->rc = e->migrate(&ctx, src, nv->addr);
        }
        vf_ck_entry__ = -1;
        snprintf(nv->svc_fail, sizeof nv->svc_fail, "%s", r->svc_fail);

        /* Right next to the object: a write there may be overwritten by a
         * later entry, so look now. */
        for (uintptr_t k = lo; k < hi && !r->anomaly[0]; k++) {
            const uint8_t *was = (k < a ? &before[k - lo]
                                  : k >= z ? &after[k - z] : NULL);

            if (was && *was != *(const uint8_t *) k) {
                vf_ck_anomaly__(r, "entry %s -> %s wrote outside its object, "
                                "%" PRIuPTR " byte(s) %s it", e->old_id,
                                e->new_id, k < a ? a - k : k - z + 1,
                                k < a ? "before" : "after");
            }
        }
        if (r->anomaly[0]) {
            return;
        }
    }
}

/* Bytes [a, a + n) of the image at 'at' in the new state: the actual bytes,
 * for a variable whose result the oracle does not decide. */
static void
vf_ck_dont_care__(struct vf_run__ *r, const struct vf_nvar__ *nv)
{
    uint8_t *x = vf_ck_expected__(r, nv);

    if (x) {
        memcpy(x, nv->addr, nv->v->size);
    }
}

static int
vf_ck_compare__(struct vf_run__ *r)
{
    char set[128], msg[2048];

    if (r->anomaly[0]) {
        return vf_ck_mismatch__(r, "state %u: %s", r->state, r->anomaly);
    }
    for (size_t i = 0; i < r->n_nvars; i++) {
        struct vf_nvar__ *nv = &r->nvars[i];

        if (!nv->e) {
            continue;
        }
        if (nv->unchecked || (nv->any_hook && nv->rc)) {
            vf_ck_dont_care__(r, nv);   /* A hook may refuse anything. */
            continue;
        }
        if (nv->expect) {
            vf_ck_err_set__(nv->expect, set, sizeof set);
            if (!nv->rc) {
                return vf_ck_mismatch__(r, "state %u: %s succeeded, but must "
                                        "fail with %s: %s", r->state,
                                        nv->v->id, set, nv->why);
            }
            if (nv->rc < 0 || nv->rc > 31 || !(nv->expect & (1u << nv->rc))) {
                return vf_ck_mismatch__(r, "state %u: %s failed with %s (%d), "
                                        "expected %s: %s", r->state,
                                        nv->v->id, vf_ck_err_name__(nv->rc),
                                        nv->rc, set, nv->why);
            }
            vf_ck_dont_care__(r, nv);
            r->n_refused++;
        } else if (nv->rc) {
            return vf_ck_mismatch__(r, "state %u: %s failed with %s (%d), "
                                    "but this state converts%s%s", r->state,
                                    nv->v->id, vf_ck_err_name__(nv->rc),
                                    nv->rc, nv->svc_fail[0] ? ": " : "",
                                    nv->svc_fail);
        } else {
            uint8_t *x = vf_ck_expected__(r, nv);

            for (size_t k = 0; x && k < nv->n_dc; k++) {
                memcpy(x + nv->dc[k].off, nv->addr + nv->dc[k].off,
                       nv->dc[k].len);
            }
            r->n_converted++;
        }
    }

    /* Every byte of new's writable state and TLS block. */
    for (size_t i = 0; i <= r->new.n_segs; i++) {
        uintptr_t s, e;
        const uint8_t *x;

        if (i < r->new.n_segs) {
            if (!r->expect[i] || !vf_ck_state_range__(&r->new, i, &s, &e)) {
                continue;
            }
            x = r->expect[i];
        } else if (r->new.tls) {
            s = (uintptr_t) r->new.tls;
            e = s + r->new.tls_memsz;
            x = r->tls_expect;
        } else {
            break;
        }
        if (!memcmp(x, (void *) s, e - s)) {
            continue;
        }
        for (uintptr_t a = s; a < e; a++) {
            if (x[a - s] == *(const uint8_t *) a) {
                continue;
            }
            for (size_t k = 0; k < r->n_nvars; k++) {
                const struct vf_nvar__ *nv = &r->nvars[k];

                if (a - (uintptr_t) nv->addr < nv->v->size) {
                    vf_ck_describe_diff__(r, nv, a - (uintptr_t) nv->addr,
                                          x + ((uintptr_t) nv->addr - s),
                                          nv->addr, msg, sizeof msg);
                    return vf_ck_mismatch__(r, "state %u: %s%s", r->state,
                                            msg, nv->e ? ""
                                            : " (no entry migrates it)");
                }
            }
            return vf_ck_mismatch__(r, "state %u: the bundle wrote new's "
                                    "memory outside every variable, at "
                                    "%s+0x%" PRIxPTR " (0x%02x, was 0x%02x)",
                                    r->state, i < r->new.n_segs ? "base"
                                    : "TLS block",
                                    i < r->new.n_segs ? a - r->new.base
                                    : a - s, *(const uint8_t *) a,
                                    x[a - s]);
        }
    }
    if (r->old.tls && memcmp(r->old_tls_copy, r->old.tls, r->old.tls_memsz)) {
        for (uint64_t k = 0; k < r->old.tls_memsz; k++) {
            if (r->old_tls_copy[k] != r->old.tls[k]) {
                int o = vf_ck_find_ovar__(r, (uintptr_t) r->old.tls + k, 1);

                return vf_ck_mismatch__(r, "state %u: the bundle wrote the "
                                        "old library's thread-local state "
                                        "(%s, TLS+%" PRIu64 ")", r->state,
                                        o >= 0 ? r->ovars[o].v->id
                                               : "no variable", k);
            }
        }
    }
    return 0;
}

/* ---- The child ---------------------------------------------------------- */

static int
vf_ck_load_all__(struct vf_run__ *r)
{
    char err[1024];
    const struct hotup_bundle *b;

    vf_ck_phase_set__(r, "loading %s", r->old.path);
    if (vf_ck_open__(&r->old, err, sizeof err)) {
        vf_ck_say__(r, 'E', "verify: %s", err);
        return VF_EXIT_ERROR;
    }
    vf_ck_phase_set__(r, "loading %s", r->new.path);
    if (vf_ck_open__(&r->new, err, sizeof err)) {
        vf_ck_say__(r, 'E', "verify: %s", err);
        return VF_EXIT_ERROR;
    }
    if (r->old.tls_memsz != r->og->tls_size
        || r->new.tls_memsz != r->ng->tls_size) {
        vf_ck_say__(r, 'E', "verify: the loaded TLS blocks do not match the "
                    "DWARF models");
        return VF_EXIT_ERROR;
    }
    if (dlsym(RTLD_DEFAULT, "hotup_mig_reloc_data")
        != (void *) hotup_mig_reloc_data
        || dlsym(RTLD_DEFAULT, "hotup_mig_reloc_code")
           != (void *) hotup_mig_reloc_code) {
        vf_ck_say__(r, 'E', "verify: this executable does not export "
                    "hotup_mig_reloc_data and hotup_mig_reloc_code (link "
                    "it with -Wl,--dynamic-list=verify/checker.dynlist)");
        return VF_EXIT_ERROR;
    }
    vf_ck_phase_set__(r, "loading %s", r->bun.path);
    if (vf_ck_open__(&r->bun, err, sizeof err)) {
        vf_ck_say__(r, 'E', "verify: %s", err);
        return VF_EXIT_ERROR;
    }
    b = dlsym(r->bun.handle, HOTUP_BUNDLE_SYMBOL);
    if (!b) {
        vf_ck_say__(r, 'E', "verify: %s: no '%s' symbol: not a migration "
                    "bundle", r->bun.path, HOTUP_BUNDLE_SYMBOL);
        return VF_EXIT_ERROR;
    }
    if (b->abi != HOTUP_MIGRATION_ABI) {
        vf_ck_say__(r, 'E', "verify: %s: bundle ABI %" PRIu32 ", this checker "
                    "reads %d", r->bun.path, b->abi, HOTUP_MIGRATION_ABI);
        return VF_EXIT_ERROR;
    }
    if (!r->og->build_id || !r->ng->build_id) {
        vf_ck_say__(r, 'E', "verify: %s has no GNU build-id",
                    r->og->build_id ? r->new.path : r->old.path);
        return VF_EXIT_ERROR;
    }
    if (!b->old_build_id || strcmp(b->old_build_id, r->og->build_id)
        || !b->new_build_id || strcmp(b->new_build_id, r->ng->build_id)) {
        vf_ck_say__(r, 'E', "verify: %s was made for build-ids %s -> %s, not "
                    "%s -> %s", r->bun.path,
                    b->old_build_id ? b->old_build_id : "(none)",
                    b->new_build_id ? b->new_build_id : "(none)",
                    r->og->build_id, r->ng->build_id);
        return VF_EXIT_ERROR;
    }
    if ((b->n_funcs && !b->funcs) || (b->n_rodata && !b->rodata)) {
        return vf_ck_mismatch__(r, "the bundle counts table entries it does "
                                "not have");
    }
    r->b = b;
    return 0;
}

int
vf_ck_child__(struct vf_run__ *r)
{
    char err[1024];
    int rc;

    vf_ck_run__ = r;
    vf_ck_handlers__();
    atexit(vf_ck_at_exit__);
    rc = vf_ck_load_all__(r);
    if (rc) {
        return rc;
    }
    vf_ck_phase_set__(r, "reading the models");
    if (r->opts->hooks
        && vf_ck_read_hooks__(r, r->opts->hooks, err, sizeof err)) {
        vf_ck_say__(r, 'E', "verify: %s", err);
        return VF_EXIT_ERROR;
    }
    if (vf_ck_vars__(r, err, sizeof err)) {
        vf_ck_say__(r, 'E', "verify: %s", err);
        return VF_EXIT_ERROR;
    }
    if (vf_ck_sites__(r) || vf_ck_snapshot__(r)) {
        vf_ck_say__(r, 'E', "verify: out of memory");
        return VF_EXIT_ERROR;
    }
    rc = vf_ck_check_entries__(r);
    if (!rc) {
        rc = vf_ck_check_tables__(r);
    }
    if (rc) {
        return rc;
    }
    for (size_t i = 0; i < r->n_nvars; i++) {
        const struct vf_nvar__ *nv = &r->nvars[i];

        if (nv->e && nv->unchecked) {
            r->n_unchecked++;
            vf_ck_say__(r, 'O', "verify: not checked: %s: %s", nv->v->id,
                        nv->unchecked);
        } else if (nv->e) {
            r->n_checked++;
        }
    }

    for (r->state = 0; r->state < r->opts->states; r->state++) {
        vf_ck_phase_set__(r, "checking state %u", r->state);
        vf_ck_restore__(r);
        vf_ck_fill__(r);
        if (r->old.tls) {
            memcpy(r->old_tls_copy, r->old.tls, r->old.tls_memsz);
        }
        vf_ck_expect_all__(r);
        vf_ck_protect__(&r->old, PROT_READ);
        alarm(r->opts->timeout);
        vf_ck_run_entries__(r);
        alarm(0);
        vf_ck_protect__(&r->old, PROT_READ | PROT_WRITE);
        rc = vf_ck_compare__(r);
        if (rc) {
            return rc;
        }
    }
    vf_ck_say__(r, 'O', "verify: OK: %u states agree (seed %" PRIu64 "): %u "
                "variables checked (%" PRIu64 " conversions compared, %"
                PRIu64 " rightly refused), %u not checked, %zu new-only or "
                "not migrated", r->opts->states, r->opts->seed, r->n_checked,
                r->n_converted, r->n_refused, r->n_unchecked,
                r->n_nvars - r->n_checked - r->n_unchecked);
    return VF_EXIT_OK;
}
