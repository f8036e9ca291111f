/* fmt_csv.c: incident rows of a CSV export (definitions.md §7.1, rules 11.3 and 11.14),
 * as framed by csv_frame.c. */
#include <glib.h>
#include <string.h>

#include "ingest_private.h"

/* A time cell, trimmed of surrounding spaces; absent gives T0_NO_TIME unless required. */
static bool csv_time(struct ingest *g, json_t *o, const char *key, bool required,
                     t0_ms *out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    *out = T0_NO_TIME;
    if (!v)
        return !required || t0_in_fail(g, key, "missing required field");
    char *s = g_strstrip(g_strdup(json_string_value(v)));
    bool ok = t0_parse_rfc3339(s, strlen(s), out, NULL);
    g_free(s);
    return ok || t0_in_fail(g, key, "expected an RFC 3339 time with offset, got %s",
                            t0_in_describe(v, buf, sizeof buf));
}

/* The services cell: names separated by ';', trimmed, empties dropped. */
static bool csv_services(struct ingest *g, json_t *o, struct t0_symlist *out)
{
    json_t *v = json_object_get(o, "services");
    out->items = NULL;
    out->count = 0;
    if (!v)
        return true;
    if (!t0_in_check_string_limit(g, "services", v))
        return false;
    char **names = g_strsplit(json_string_value(v), ";", -1);
    size_t n = g_strv_length(names), kept = 0;
    bool ok = t0_grow((void **)&g->syms, &g->syms_cap, n ? n : 1, sizeof *g->syms);
    for (size_t i = 0; ok && i < n; i++) {
        char *name = g_strstrip(names[i]);
        if (name[0])
            g->syms[kept++] = t0_symtab_intern(g->ds->symbols, name, strlen(name));
    }
    g_strfreev(names);
    if (!ok)
        return t0_in_out_of_memory(g);
    return t0_in_keep_syms(g, kept, out);
}

static bool convert_csv(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    return t0_in_get_id(g, o, "id", &inc->id) &&
           t0_in_get_required_label(g, o, "title", &inc->title) &&
           t0_in_get_impact(g, o, "impact", NULL, &inc->impact) &&
           csv_time(g, o, "started_at", true, &inc->started_at) &&
           csv_time(g, o, "detected_at", false, &inc->detected_at) &&
           csv_time(g, o, "mitigated_at", false, &inc->mitigated_at) &&
           csv_time(g, o, "resolved_at", false, &inc->resolved_at) &&
           t0_in_check_resolution_order(g, o, inc) &&
           csv_services(g, o, &inc->services) &&
           t0_in_get_label_text(g, o, "url", &inc->url);
}

static const char *csv_id(json_t *o)
{
    return t0_in_str(o, "id");
}

const struct t0_incident_format t0_fmt_csv = {
    .name = "csv",
    .mapping = "columns id, title, url; started_at, detected_at, mitigated_at, "
               "resolved_at; services (separated by ';'); impact (the native values)",
    .probe = NULL, /* by the file, never by a record's keys */
    .record_id = csv_id,
    .convert = convert_csv,
};
