/* Reading a hooks file: the text, and its HOTUP_HOOK("ID", fn) and
 * HOTUP_HOOK_TYPE("struct T", fn) markers.  A small scanner, not a C
 * parser: it skips comments, string and character literals, and
 * preprocessor lines, and reads each marker's two arguments. */
#include "migrate/gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct mg_scan__ {
    const char *p, *end;
    unsigned line;
};

static void
mg_skip_space__(struct mg_scan__ *s)
{
    while (s->p < s->end) {
        if (*s->p == '\n') {
            s->line++;
            s->p++;
        } else if (*s->p == ' ' || *s->p == '\t' || *s->p == '\r') {
            s->p++;
        } else if (s->end - s->p >= 2 && s->p[0] == '/' && s->p[1] == '*') {
            for (s->p += 2; s->p < s->end
                 && !(s->end - s->p >= 2 && s->p[0] == '*' && s->p[1] == '/');
                 s->p++) {
                s->line += *s->p == '\n';
            }
            s->p = s->p < s->end ? s->p + 2 : s->end;
        } else if (s->end - s->p >= 2 && s->p[0] == '/' && s->p[1] == '/') {
            while (s->p < s->end && *s->p != '\n') {
                s->p++;
            }
        } else {
            break;
        }
    }
}

/* Skips a string or character literal starting at s->p. */
static void
mg_skip_literal__(struct mg_scan__ *s)
{
    char quote = *s->p++;

    while (s->p < s->end && *s->p != quote && *s->p != '\n') {
        s->p += *s->p == '\\' && s->end - s->p >= 2 ? 2 : 1;
    }
    if (s->p < s->end && *s->p == quote) {
        s->p++;
    }
}

static bool
mg_is_ident__(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
           || (!first && c >= '0' && c <= '9');
}

static int
mg_hook_fail__(char *errbuf, size_t errlen, const char *path, unsigned line,
               const char *what)
{
    snprintf(errbuf, errlen, "%s:%u: %s", path, line, what);
    return -EINVAL;
}

/* Reads '("KEY", fn)' after a marker name. */
static int
mg_read_marker__(struct mg_scan__ *s, bool type, struct mg_hooks *h,
                 const char *path, char *errbuf, size_t errlen)
{
    const char *bad = type ? "HOTUP_HOOK_TYPE takes (\"struct NAME\", function)"
                           : "HOTUP_HOOK takes (\"VARIABLE-ID\", function)";

    mg_skip_space__(s);
    if (s->p >= s->end || *s->p != '(') {
        return mg_hook_fail__(errbuf, errlen, path, s->line, bad);
    }
    s->p++;
    mg_skip_space__(s);
    if (s->p >= s->end || *s->p != '"') {
        return mg_hook_fail__(errbuf, errlen, path, s->line, bad);
    }
    const char *key = ++s->p;
    while (s->p < s->end && *s->p != '"' && *s->p != '\n' && *s->p != '\\') {
        s->p++;
    }
    if (s->p >= s->end || *s->p != '"' || s->p == key) {
        return mg_hook_fail__(errbuf, errlen, path, s->line, bad);
    }
    size_t key_len = s->p++ - key;
    mg_skip_space__(s);
    if (s->p >= s->end || *s->p != ',') {
        return mg_hook_fail__(errbuf, errlen, path, s->line, bad);
    }
    s->p++;
    mg_skip_space__(s);
    const char *fn = s->p;
    while (s->p < s->end && mg_is_ident__(*s->p, s->p == fn)) {
        s->p++;
    }
    size_t fn_len = s->p - fn;
    mg_skip_space__(s);
    if (!fn_len || s->p >= s->end || *s->p != ')') {
        return mg_hook_fail__(errbuf, errlen, path, s->line, bad);
    }
    s->p++;

    for (size_t i = 0; i < h->n; i++) {
        if (strlen(h->list[i].key) == key_len
            && !strncmp(h->list[i].key, key, key_len)) {
            return mg_hook_fail__(errbuf, errlen, path, s->line,
                                  "a second hook for the same key");
        }
    }
    struct mg_hook *list = realloc(h->list, (h->n + 1) * sizeof *list);
    if (!list) {
        return mg_hook_fail__(errbuf, errlen, path, s->line, "out of memory");
    }
    h->list = list;
    struct mg_hook *hook = &h->list[h->n];
    hook->key = strndup(key, key_len);
    hook->fn = strndup(fn, fn_len);
    hook->type = type;
    if (!hook->key || !hook->fn) {
        free(hook->key);
        free(hook->fn);
        return mg_hook_fail__(errbuf, errlen, path, s->line, "out of memory");
    }
    h->n++;
    if (type && strncmp(hook->key, "struct ", 7) && strncmp(hook->key, "union ", 6)
        && strncmp(hook->key, "enum ", 5)) {
        return mg_hook_fail__(errbuf, errlen, path, s->line,
                              "HOTUP_HOOK_TYPE names \"struct T\", \"union T\" "
                              "or \"enum T\"");
    }
    return 0;
}

static int
mg_scan_hooks__(struct mg_hooks *h, const char *path, char *errbuf,
                size_t errlen)
{
    struct mg_scan__ s = { h->text, h->text + h->len, 1 };
    bool line_start = true;

    for (;;) {
        mg_skip_space__(&s);
        if (s.p >= s.end) {
            return 0;
        }
        char c = *s.p;
        if (c == '#' && line_start) {      /* A preprocessor line. */
            while (s.p < s.end && *s.p != '\n') {
                s.p += *s.p == '\\' && s.end - s.p >= 2 ? 2 : 1;
            }
            continue;
        }
        line_start = false;
        if (c == '"' || c == '\'') {
            mg_skip_literal__(&s);
        } else if (mg_is_ident__(c, true)) {
            const char *id = s.p;
            while (s.p < s.end && mg_is_ident__(*s.p, false)) {
                s.p++;
            }
            size_t n = s.p - id;
            int err = 0;
            if (n == 10 && !strncmp(id, "HOTUP_HOOK", 10)) {
                err = mg_read_marker__(&s, false, h, path, errbuf, errlen);
            } else if (n == 15 && !strncmp(id, "HOTUP_HOOK_TYPE", 15)) {
                err = mg_read_marker__(&s, true, h, path, errbuf, errlen);
            }
            if (err) {
                return err;
            }
        } else {
            line_start = c == ';' || c == '}' || c == '{';
            s.p++;
        }
        /* A newline passed in mg_skip_space__ starts a line too. */
        if (s.p < s.end && s.p > h->text && s.p[-1] == '\n') {
            line_start = true;
        }
    }
}

int
mg_hooks_read(const char *path, struct mg_hooks *h, char *errbuf,
              size_t errlen)
{
    FILE *f = fopen(path, "rb");

    memset(h, 0, sizeof *h);
    if (!f) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return -errno;
    }
    char buf[65536];
    size_t n;
    int err = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        char *text = realloc(h->text, h->len + n + 1);
        if (!text) {
            err = -ENOMEM;
            break;
        }
        h->text = text;
        memcpy(h->text + h->len, buf, n);
        h->len += n;
        h->text[h->len] = '\0';
    }
    if (!err && ferror(f)) {
        err = -EIO;
    }
    fclose(f);
    if (err) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(-err));
    } else if (memchr(h->text ? h->text : "", '\0', h->len)) {
        snprintf(errbuf, errlen, "%s: not a text file", path);
        err = -EINVAL;
    } else {
        err = mg_scan_hooks__(h, path, errbuf, errlen);
        if (!err && !h->n) {
            snprintf(errbuf, errlen, "%s: no HOTUP_HOOK or HOTUP_HOOK_TYPE "
                     "marker", path);
            err = -EINVAL;
        }
    }
    if (err) {
        mg_hooks_destroy(h);
    }
    return err;
}

void
mg_hooks_destroy(struct mg_hooks *h)
{
    if (!h) {
        return;
    }
    for (size_t i = 0; i < h->n; i++) {
        free(h->list[i].key);
        free(h->list[i].fn);
    }
    free(h->list);
    free(h->text);
    memset(h, 0, sizeof *h);
}
