/* Renders a graph: C spellings of types, the text inventory with
 * pahole-like layouts, and the JSON document of docs/show-json.md. */
#include "internal.h"

#include <inttypes.h>
#include <string.h>

/* ---- C spellings ------------------------------------------------------ */

/* A bounded string builder: appends never overflow, they truncate. */
struct dm_buf__ {
    char *p;
    size_t len, used;
};

static void
dm_put__(struct dm_buf__ *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
dm_put__(struct dm_buf__ *b, const char *fmt, ...)
{
    va_list args;

    if (b->used + 1 >= b->len) {
        return;
    }
    va_start(args, fmt);
    int n = vsnprintf(b->p + b->used, b->len - b->used, fmt, args);
    va_end(args);
    if (n > 0) {
        b->used += (size_t) n < b->len - b->used ? (size_t) n
                                                 : b->len - b->used - 1;
    }
}

static const char *
dm_tag_word__(enum dm_type_kind kind)
{
    return kind == DM_TYPE_STRUCT ? "struct "
           : kind == DM_TYPE_UNION ? "union "
           : kind == DM_TYPE_ENUM ? "enum " : "";
}

/* Spells 'id' as a declaration of 'decl' (the declarator built so far),
 * the usual inside-out way: pointers prefix '*', arrays and functions
 * suffix, parentheses when a pointer meets an array or function. */
static void
dm_spell__(const struct dm_graph *g, dm_type_id id, const char *decl,
           struct dm_buf__ *out, int depth, unsigned *steps)
{
    const struct dm_type *t = dm_type(g, id);
    char inner[512];
    struct dm_buf__ b = { inner, sizeof inner, 0 };
    inner[0] = '\0';

    /* 'steps' bounds the whole spelling: function types whose parameters
     * point back to them would otherwise branch at every level. */
    if (depth > 32 || ++*steps > 4096) {
        dm_put__(out, "...");
        return;
    }
    switch (t->kind) {
    case DM_TYPE_POINTER: {
        const struct dm_type *to = dm_type(g, t->target);
        bool paren = to->kind == DM_TYPE_ARRAY || to->kind == DM_TYPE_FUNCTION;
        dm_put__(&b, paren ? "(*%s)" : "*%s", decl);
        dm_spell__(g, t->target, inner, out, depth + 1, steps);
        return;
    }
    case DM_TYPE_CONST:
    case DM_TYPE_VOLATILE:
    case DM_TYPE_ATOMIC:
    case DM_TYPE_RESTRICT: {
        const char *q = t->kind == DM_TYPE_CONST ? "const"
                        : t->kind == DM_TYPE_VOLATILE ? "volatile"
                        : t->kind == DM_TYPE_ATOMIC ? "_Atomic" : "restrict";
        enum dm_type_kind under = dm_type(g, t->target)->kind;
        if (under == DM_TYPE_ARRAY) {
            /* gcc puts the element's qualifier above the array too [C1]. */
            dm_spell__(g, t->target, decl, out, depth + 1, steps);
        } else if (under == DM_TYPE_POINTER) {
            dm_put__(&b, " %s%s%s", q, *decl ? " " : "", decl);
            dm_spell__(g, t->target, inner, out, depth + 1, steps);
        } else {
            dm_put__(out, "%s ", q);
            dm_spell__(g, t->target, decl, out, depth + 1, steps);
        }
        return;
    }
    case DM_TYPE_ARRAY:
        dm_put__(&b, "%s", decl);
        for (uint32_t i = 0; i < t->count; i++) {
            uint64_t dim = g->dims[t->first + i];
            if (dim == DM_DIM_UNBOUNDED) {
                dm_put__(&b, "[]");
            } else {
                dm_put__(&b, "[%" PRIu64 "]", dim);
            }
        }
        dm_spell__(g, t->target, inner, out, depth + 1, steps);
        return;
    case DM_TYPE_FUNCTION:
        dm_put__(&b, "%s(", decl);
        for (uint32_t i = 0; i < t->count; i++) {
            char param[256];
            struct dm_buf__ pb = { param, sizeof param, 0 };

            /* With the depth: a parameter may point back to this type. */
            param[0] = '\0';
            dm_spell__(g, g->params[t->first + i], "", &pb, depth + 1, steps);
            dm_put__(&b, "%s%s", i ? ", " : "", param);
        }
        dm_put__(&b, "%s)", t->variadic ? (t->count ? ", ..." : "...")
                                        : (t->count ? "" : "void"));
        dm_spell__(g, t->target, inner, out, depth + 1, steps);
        return;
    case DM_TYPE_VOID:
        dm_put__(out, "void");
        break;
    default:
        dm_put__(out, "%s%s", dm_tag_word__(t->kind),
                 t->name ? t->name : "<anonymous>");
        break;
    }
    if (*decl) {
        dm_put__(out, "%s%s", decl[0] == '[' ? "" : " ", decl);
    }
}

char *
dm_type_spell(const struct dm_graph *g, dm_type_id id, char *buf, size_t len)
{
    struct dm_buf__ b = { buf, len, 0 };

    if (len) {
        buf[0] = '\0';
        unsigned steps = 0;

        dm_spell__(g, id, "", &b, 0, &steps);
    }
    return buf;
}

/* ---- Text ------------------------------------------------------------- */

static void
dm_print_hole__(FILE *f, uint64_t from_bits, uint64_t to_bits,
                const char *what)
{
    if (to_bits <= from_bits) {
        return;
    }
    uint64_t bits = to_bits - from_bits;
    if (bits % 8) {
        fprintf(f, "        /* XXX %" PRIu64 " bit%s %s */\n", bits,
                bits == 1 ? "" : "s", what);
    } else {
        fprintf(f, "        /* XXX %" PRIu64 " byte%s %s */\n", bits / 8,
                bits == 8 ? "" : "s", what);
    }
}

/* pahole-like: every member with its offset and size, holes, padding. */
static void
dm_print_layout__(const struct dm_graph *g, dm_type_id id, FILE *f)
{
    const struct dm_type *t = dm_type(g, id);
    char spell[512];
    uint64_t end = 0;

    fprintf(f, "    %s%s {\n", dm_tag_word__(t->kind),
            t->name ? t->name : "<anonymous>");
    for (uint32_t i = 0; i < t->count; i++) {
        const struct dm_member *m = &g->members[t->first + i];
        uint64_t size = dm_type(g, m->type)->size;

        if (t->kind == DM_TYPE_STRUCT) {
            dm_print_hole__(f, end, m->bit_offset, "hole");
        }
        dm_type_spell(g, m->type, spell, sizeof spell);
        if (m->bit_size) {
            fprintf(f, "        %-32s %s:%u; /* %6" PRIu64 ":%-2" PRIu64
                    " %5" PRIu64 " */\n", spell, m->name ? m->name : "",
                    m->bit_size, m->bit_offset / 8, m->bit_offset % 8,
                    size);
            end = m->bit_offset + m->bit_size;
        } else {
            fprintf(f, "        %-32s %s; /* %6" PRIu64 " %8" PRIu64 " */\n",
                    spell, m->name ? m->name : "", m->bit_offset / 8, size);
            end = m->bit_offset + size * 8;
        }
        end = t->kind == DM_TYPE_UNION ? 0 : end;
    }
    if (t->kind == DM_TYPE_STRUCT) {
        dm_print_hole__(f, end, t->size * 8, "padding");
    }
    fprintf(f, "    }; /* size: %" PRIu64 "%s */\n", t->size,
            t->declaration ? ", declaration only" : "");
}

void
dm_print_text(const struct dm_graph *g, FILE *f)
{
    char spell[512];

    fprintf(f, "file: %s\nbuild-id: %s\n", g->path,
            g->build_id ? g->build_id : "(none)");
    if (g->tls_size) {
        fprintf(f, "tls block: %" PRIu64 " bytes, align %" PRIu64 "\n",
                g->tls_size, g->tls_align);
    }
    fprintf(f, "%u variables with static storage\n", g->n_vars);
    for (uint32_t i = 0; i < g->n_vars; i++) {
        const struct dm_var *v = &g->vars[i];

        fprintf(f, "\n%-11s %s\n", dm_var_kind_name(v->kind), v->id);
        fprintf(f, "    %s%s0x%" PRIx64 ", %" PRIu64 " bytes, %s%s%s\n",
                v->section, v->kind == DM_VAR_TLS ? " offset " : " @ ",
                v->address, v->size, v->writable ? "writable" : "read-only",
                v->symbol ? ", symbol " : "", v->symbol ? v->symbol : "");
        for (uint32_t p = 0; p < v->n_pieces; p++) {
            const struct dm_piece *pc = &g->pieces[v->first_piece + p];
            if (pc->present) {
                fprintf(f, "    piece %" PRIu64 "+%" PRIu64 " @ 0x%" PRIx64
                        "\n", pc->offset, pc->size, pc->address);
            } else {
                fprintf(f, "    piece %" PRIu64 "+%" PRIu64
                        " optimised out\n", pc->offset, pc->size);
            }
        }
        fprintf(f, "    %s\n", dm_type_spell(g, v->type, spell, sizeof spell));

        /* The layout of the struct or union it holds, or holds an array
         * of. */
        dm_type_id s = dm_type_strip(g, v->type);
        while (dm_type(g, s)->kind == DM_TYPE_ARRAY) {
            s = dm_type_strip(g, dm_type(g, s)->target);
        }
        enum dm_type_kind k = dm_type(g, s)->kind;
        if (k == DM_TYPE_STRUCT || k == DM_TYPE_UNION) {
            dm_print_layout__(g, s, f);
        }
    }
    if (g->n_nostate) {
        fprintf(f, "\n%u variables without storage\n", g->n_nostate);
        for (uint32_t i = 0; i < g->n_nostate; i++) {
            fprintf(f, "    %-14s %s\n",
                    dm_nostate_reason_name(g->nostate[i].reason),
                    g->nostate[i].id);
        }
    }
    for (uint32_t i = 0; i < g->n_diags; i++) {
        const struct dm_diag *d = &g->diags[i];
        fprintf(f, "%s: %s\n", d->severity == DM_ERROR ? "error"
                : d->severity == DM_WARNING ? "warning" : "note", d->text);
    }
}

/* ---- JSON ------------------------------------------------------------- */

void
dm_json_str__(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = *s;
        if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c < 0x20 || c >= 0x7f) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

/* A type as JSON.  What a variable's storage holds is expanded in full;
 * behind a pointer ('shallow'), structs, unions and enums are named only,
 * which also breaks every cycle. */
static void
dm_json_type__(const struct dm_graph *g, dm_type_id id, bool shallow,
               FILE *f, int depth)
{
    const struct dm_type *t = dm_type(g, id);

    fprintf(f, "{\"kind\":\"%s\"", dm_type_kind_name(t->kind));
    if (t->name) {
        fputs(",\"name\":", f);
        dm_json_str__(f, t->name);
    }
    fprintf(f, ",\"size\":%" PRIu64, t->size);
    if (depth > DM_MAX_DEPTH + 8) {
        fputc('}', f);
        return;
    }
    switch (t->kind) {
    case DM_TYPE_BASE:
        fprintf(f, ",\"encoding\":\"%s\"", dm_encoding_name(t->encoding));
        break;
    case DM_TYPE_POINTER:
        fputs(",\"target\":", f);
        dm_json_type__(g, t->target, true, f, depth + 1);
        break;
    case DM_TYPE_TYPEDEF:
    case DM_TYPE_CONST:
    case DM_TYPE_VOLATILE:
    case DM_TYPE_ATOMIC:
    case DM_TYPE_RESTRICT:
        fputs(",\"target\":", f);
        dm_json_type__(g, t->target, shallow, f, depth + 1);
        break;
    case DM_TYPE_STRUCT:
    case DM_TYPE_UNION:
        if (t->declaration) {
            fputs(",\"declaration\":true", f);
        }
        if (t->align) {
            fprintf(f, ",\"align\":%u", t->align);
        }
        if (shallow) {
            break;
        }
        fputs(",\"members\":[", f);
        for (uint32_t i = 0; i < t->count; i++) {
            const struct dm_member *m = &g->members[t->first + i];

            fputs(i ? ",{\"name\":" : "{\"name\":", f);
            dm_json_str__(f, m->name);
            fprintf(f, ",\"offset\":%" PRIu64 ",\"bit_offset\":%" PRIu64,
                    m->bit_offset / 8, m->bit_offset);
            if (m->bit_size) {
                fprintf(f, ",\"bit_size\":%u", m->bit_size);
            }
            fputs(",\"type\":", f);
            dm_json_type__(g, m->type, false, f, depth + 1);
            fputc('}', f);
        }
        fputc(']', f);
        break;
    case DM_TYPE_ENUM:
        fprintf(f, ",\"signed\":%s", t->encoding == DM_ENC_SIGNED
                                     ? "true" : "false");
        if (shallow) {
            break;
        }
        fputs(",\"enumerators\":[", f);
        for (uint32_t i = 0; i < t->count; i++) {
            const struct dm_enumerator *en = &g->enumerators[t->first + i];

            fputs(i ? ",{\"name\":" : "{\"name\":", f);
            dm_json_str__(f, en->name);
            if (t->encoding == DM_ENC_SIGNED) {
                fprintf(f, ",\"value\":%" PRId64 "}", en->value);
            } else {
                fprintf(f, ",\"value\":%" PRIu64 "}", (uint64_t) en->value);
            }
        }
        fputc(']', f);
        break;
    case DM_TYPE_ARRAY:
        fputs(",\"dims\":[", f);
        for (uint32_t i = 0; i < t->count; i++) {
            uint64_t dim = g->dims[t->first + i];
            if (dim == DM_DIM_UNBOUNDED) {
                fputs(i ? ",null" : "null", f);
            } else {
                fprintf(f, i ? ",%" PRIu64 : "%" PRIu64, dim);
            }
        }
        fputc(']', f);
        if (t->vector) {
            fputs(",\"vector\":true", f);
        }
        fputs(",\"element\":", f);
        dm_json_type__(g, t->target, shallow, f, depth + 1);
        break;
    case DM_TYPE_FUNCTION:
        fputs(",\"return\":", f);
        dm_json_type__(g, t->target, true, f, depth + 1);
        fputs(",\"params\":[", f);
        for (uint32_t i = 0; i < t->count; i++) {
            if (i) {
                fputc(',', f);
            }
            dm_json_type__(g, g->params[t->first + i], true, f, depth + 1);
        }
        fprintf(f, "],\"variadic\":%s", t->variadic ? "true" : "false");
        break;
    case DM_TYPE_VOID:
        break;
    }
    fputc('}', f);
}

void
dm_print_json(const struct dm_graph *g, FILE *f)
{
    fputs("{\"file\":", f);
    dm_json_str__(f, g->path);
    fputs(",\"build_id\":", f);
    dm_json_str__(f, g->build_id);
    fprintf(f, ",\"tls\":{\"size\":%" PRIu64 ",\"align\":%" PRIu64 "}",
            g->tls_size, g->tls_align);
    fputs(",\"variables\":[", f);
    for (uint32_t i = 0; i < g->n_vars; i++) {
        const struct dm_var *v = &g->vars[i];

        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
        dm_json_str__(f, v->id);
        fputs(",\"name\":", f);
        dm_json_str__(f, v->name);
        fprintf(f, ",\"kind\":\"%s\",\"scope\":\"%s\",\"cu\":",
                dm_var_kind_name(v->kind), dm_var_kind_name(v->scope));
        dm_json_str__(f, v->cu);
        fputs(",\"function\":", f);
        dm_json_str__(f, v->function);
        fprintf(f, ",\"address\":%" PRIu64 ",\"size\":%" PRIu64
                ",\"section\":", v->address, v->size);
        dm_json_str__(f, v->section);
        fprintf(f, ",\"writable\":%s,\"symbol\":",
                v->writable ? "true" : "false");
        dm_json_str__(f, v->symbol);
        fprintf(f, ",\"ordinal\":%u,\"decl_line\":%u", v->ordinal,
                v->decl_line);
        if (v->n_pieces) {
            fputs(",\"pieces\":[", f);
            for (uint32_t p = 0; p < v->n_pieces; p++) {
                const struct dm_piece *pc = &g->pieces[v->first_piece + p];
                fprintf(f, "%s{\"offset\":%" PRIu64 ",\"size\":%" PRIu64,
                        p ? "," : "", pc->offset, pc->size);
                if (pc->present) {
                    fprintf(f, ",\"address\":%" PRIu64 "}", pc->address);
                } else {
                    fputs(",\"address\":null}", f);
                }
            }
            fputc(']', f);
        }
        fputs(",\"type\":", f);
        dm_json_type__(g, v->type, false, f, 0);
        fputc('}', f);
    }
    fputs("],\n\"no_storage\":[", f);
    for (uint32_t i = 0; i < g->n_nostate; i++) {
        fputs(i ? ",{\"id\":" : "{\"id\":", f);
        dm_json_str__(f, g->nostate[i].id);
        fprintf(f, ",\"reason\":\"%s\"}",
                dm_nostate_reason_name(g->nostate[i].reason));
    }
    fputs("],\n\"diagnostics\":[", f);
    for (uint32_t i = 0; i < g->n_diags; i++) {
        const struct dm_diag *d = &g->diags[i];
        fprintf(f, "%s{\"severity\":\"%s\",\"text\":", i ? "," : "",
                d->severity == DM_ERROR ? "error"
                : d->severity == DM_WARNING ? "warning" : "note");
        dm_json_str__(f, d->text);
        fputc('}', f);
    }
    fputs("]}\n", f);
}
