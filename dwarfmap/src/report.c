/* The diff report: what changed and the verdict per variable, as text or
 * as the JSON document of docs/report-json.md. */
#include "dwarfmap/diff.h"
#include "internal.h"

#include <inttypes.h>
#include <string.h>

static const char *
dm_change_id__(const struct dm_change *c)
{
    return c->new_var ? c->new_var->id : c->old_var->id;
}

/* What happened to one member of a struct conversion. */
static const char *
dm_member_change__(const struct dm_diff *d, const struct dm_mplan *mp)
{
    if (mp->old_member < 0) {
        return "added";
    }
    const struct dm_pair *p = &d->pairs[mp->pair];
    const struct dm_member *om = &d->old->members[mp->old_member];
    const struct dm_member *nm = &d->new->members[mp->new_member];

    if (p->conv == DM_CONV_IDENTICAL && om->bit_size == nm->bit_size) {
        return mp->old_bit_offset == mp->new_bit_offset ? "same" : "moved";
    }
    return p->conv == DM_CONV_DATA_PTR || p->conv == DM_CONV_CODE_PTR
           ? "relocated" : "converted";
}

static void
dm_json_side__(FILE *f, const struct dm_graph *g)
{
    fputs("{\"file\":", f);
    dm_json_str__(f, g->path);
    fputs(",\"build_id\":", f);
    dm_json_str__(f, g->build_id);
    fprintf(f, ",\"variables\":%u}", g->n_vars);
}

static void
dm_json_members__(const struct dm_diff *d, const struct dm_pair *p, FILE *f)
{
    bool first = true;

    for (uint32_t i = 0; i < p->n_mplans; i++) {
        const struct dm_mplan *mp = &d->mplans[p->first_mplan + i];
        const struct dm_member *nm = &d->new->members[mp->new_member];
        uint64_t nsize = nm->bit_size ? 0 : dm_type(d->new, nm->type)->size;

        fputs(first ? "{\"name\":" : ",{\"name\":", f);
        first = false;
        dm_json_str__(f, mp->name);
        fprintf(f, ",\"change\":\"%s\"", dm_member_change__(d, mp));
        if (mp->old_member >= 0) {
            const struct dm_member *om = &d->old->members[mp->old_member];
            fprintf(f, ",\"old_bit_offset\":%" PRIu64 ",\"old_size\":%" PRIu64,
                    mp->old_bit_offset,
                    om->bit_size ? 0 : dm_type(d->old, om->type)->size);
            if (om->bit_size) {
                fprintf(f, ",\"old_bit_size\":%u", om->bit_size);
            }
        }
        fprintf(f, ",\"new_bit_offset\":%" PRIu64 ",\"new_size\":%" PRIu64,
                mp->new_bit_offset, nsize);
        if (nm->bit_size) {
            fprintf(f, ",\"new_bit_size\":%u", nm->bit_size);
        }
        if (mp->old_member >= 0) {
            fprintf(f, ",\"conversion\":\"%s\"",
                    dm_conv_name(d->pairs[mp->pair].conv));
        }
        fputc('}', f);
    }
    for (uint32_t i = 0; i < p->n_dropped; i++) {
        const struct dm_dropped *dr = &d->dropped[p->first_dropped + i];

        fputs(first ? "{\"name\":" : ",{\"name\":", f);
        first = false;
        dm_json_str__(f, dr->name);
        fprintf(f, ",\"change\":\"removed\",\"old_bit_offset\":%" PRIu64
                ",\"old_bits\":%" PRIu64 "}", dr->bit_offset, dr->bit_size);
    }
}

void
dm_diff_print_json(const struct dm_diff *d, FILE *f)
{
    fputs("{\"old\":", f);
    dm_json_side__(f, d->old);
    fputs(",\"new\":", f);
    dm_json_side__(f, d->new);
    fprintf(f, ",\"status\":%d,\"changes\":[", dm_diff_status(d));
    for (uint32_t i = 0; i < d->n_changes; i++) {
        const struct dm_change *c = &d->changes[i];

        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
        dm_json_str__(f, dm_change_id__(c));
        if (c->old_var && c->new_var && strcmp(c->old_var->id, c->new_var->id)) {
            fputs(",\"old_id\":", f);
            dm_json_str__(f, c->old_var->id);
        }
        fprintf(f, ",\"verdict\":\"%s\",\"reason\":",
                dm_verdict_name(c->verdict));
        dm_json_str__(f, c->reason);
        fputs(",\"old_size\":", f);
        if (c->old_var) {
            fprintf(f, "%" PRIu64, c->old_var->size);
        } else {
            fputs("null", f);
        }
        fputs(",\"new_size\":", f);
        if (c->new_var) {
            fprintf(f, "%" PRIu64, c->new_var->size);
        } else {
            fputs("null", f);
        }
        fputs(",\"members\":[", f);
        if (c->old_var && c->new_var
            && (c->verdict == DM_VERDICT_CONVERT || c->verdict == DM_VERDICT_HOOK
                || c->verdict == DM_VERDICT_NEEDS_HOOK
                || c->verdict == DM_VERDICT_REJECT)
            && c->pair < d->n_pairs
            && d->pairs[c->pair].conv == DM_CONV_STRUCT) {
            dm_json_members__(d, &d->pairs[c->pair], f);
        }
        fputs("]}", f);
    }
    fputs("]}\n", f);
}

void
dm_diff_print_report(const struct dm_diff *d, FILE *f)
{
    uint32_t counts[DM_VERDICT_IGNORED + 1] = { 0 };

    fprintf(f, "old: %s (build-id %s)\nnew: %s (build-id %s)\n",
            d->old->path, d->old->build_id ? d->old->build_id : "none",
            d->new->path, d->new->build_id ? d->new->build_id : "none");
    for (uint32_t i = 0; i < d->n_changes; i++) {
        const struct dm_change *c = &d->changes[i];

        counts[c->verdict]++;
        if (c->verdict == DM_VERDICT_COPY || c->verdict == DM_VERDICT_READONLY) {
            continue;
        }
        fprintf(f, "\n%-10s %s\n    %s\n", dm_verdict_name(c->verdict),
                dm_change_id__(c), c->reason);
        if ((c->verdict != DM_VERDICT_CONVERT && c->verdict != DM_VERDICT_HOOK)
            || c->pair >= d->n_pairs) {
            continue;
        }
        const struct dm_pair *p = &d->pairs[c->pair];
        for (uint32_t m = 0; p->conv == DM_CONV_STRUCT && m < p->n_mplans; m++) {
            const struct dm_mplan *mp = &d->mplans[p->first_mplan + m];
            const char *what = dm_member_change__(d, mp);

            if (strcmp(what, "same")) {
                fprintf(f, "    %-9s .%s\n", what, mp->name ? mp->name : "?");
            }
        }
        for (uint32_t m = 0; p->conv == DM_CONV_STRUCT && m < p->n_dropped; m++) {
            fprintf(f, "    removed   .%s\n",
                    d->dropped[p->first_dropped + m].name);
        }
    }
    /* What the readers warned of: state no DWARF describes is not
     * migrated, statics told apart by source order may swap. */
    bool warned = false;
    for (int side = 0; side < 2; side++) {
        const struct dm_graph *g = side ? d->new : d->old;

        for (uint32_t i = 0; i < g->n_diags; i++) {
            if (g->diags[i].severity == DM_WARNING) {
                fprintf(f, "%swarning (%s build): %s\n", warned ? "" : "\n",
                        side ? "new" : "old", g->diags[i].text);
                warned = true;
            }
        }
    }
    fprintf(f, "\nsummary:");
    for (int v = 0; v <= DM_VERDICT_IGNORED; v++) {
        if (counts[v]) {
            fprintf(f, " %u %s,", counts[v], dm_verdict_name(v));
        }
    }
    int status = dm_diff_status(d);
    fprintf(f, " status %d (%s)\n", status,
            status & DM_EXIT_UNSAFE ? "unsafe changes refused"
            : status & DM_EXIT_NEEDS_HOOK ? "hand-written hooks needed"
            : status & DM_EXIT_CHANGED ? "every change is migrated"
            : "no state changed");
}
