/* fmt_gcp.c: Google Cloud status incidents.json records (definitions.md §7.1,
 * rules 11.2, 11.14). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_private.h"

#define GCP_STATUS_URL "https://status.cloud.google.com/"

/* definitions.md §7.1: begin and (affected_products or service_name). */
static bool gcp_probe(t0_has_key_fn has, const void *rec)
{
    return has(rec, "begin") &&
           (has(rec, "affected_products") || has(rec, "service_name"));
}

static const char *gcp_id(json_t *o)
{
    return t0_in_str(o, "id");
}

/* A name through the import map, then the built-in table; false when neither knows it. */
static bool mapped_impact(const struct ingest *g, const char *name,
                          const char *const *names, const enum t0_impact *impacts,
                          size_t n, enum t0_impact *out)
{
    if (!name)
        return false;
    if (t0_in_import_impact(g, name, out))
        return true;
    for (size_t i = 0; i < n; i++)
        if (g_ascii_strcasecmp(name, names[i]) == 0) {
            *out = impacts[i];
            return true;
        }
    return false;
}

/* status_impact; only when that gives nothing, severity (definitions.md rule 11.14). */
static bool gcp_impact(struct ingest *g, json_t *o, enum t0_impact *out)
{
    static const char *const status_names[] = {"SERVICE_OUTAGE", "SERVICE_DISRUPTION",
                                               "SERVICE_INFORMATION"};
    static const char *const severity_names[] = {"high", "medium", "low"};
    static const enum t0_impact impacts[] = {T0_IMPACT_MAJOR, T0_IMPACT_PARTIAL,
                                             T0_IMPACT_DEGRADED};
    char a[96], b[96];
    json_t *status, *severity;
    if (!t0_in_opt_string(g, o, "status_impact", NULL, &status) ||
        !t0_in_opt_string(g, o, "severity", NULL, &severity))
        return false;
    if (mapped_impact(g, json_string_value(status), status_names, impacts, 3, out) ||
        mapped_impact(g, json_string_value(severity), severity_names, impacts, 3, out))
        return true;
    return t0_in_fail(
        g, "status_impact",
        "unknown impact: status_impact %s, severity %s (expected "
        "SERVICE_OUTAGE, SERVICE_DISRUPTION, SERVICE_INFORMATION or a severity "
        "high, medium, low)",
        status ? t0_in_describe(status, a, sizeof a) : "absent",
        severity ? t0_in_describe(severity, b, sizeof b) : "absent");
}

/* affected_products[].title, else service_name. */
static bool gcp_services(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    json_t *products = json_object_get(o, "affected_products"), *name;
    if (products && !json_is_null(products) && !json_is_array(products))
        return t0_in_fail(g, "affected_products", "expected a list, got %s",
                          t0_in_describe(products, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, "affected_products", products) ||
        !t0_in_opt_string(g, o, "service_name", NULL, &name))
        return false;
    size_t n = json_array_size(products), kept = 0;
    if (!t0_grow((void **)&g->syms, &g->syms_cap, n ? n : 1, sizeof *g->syms))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *title = json_object_get(json_array_get(products, i), "title");
        if (!json_is_string(title))
            continue;
        if (!t0_in_check_string_limit(g, "affected_products", title))
            return false;
        g->syms[kept++] = t0_symtab_intern(g->ds->symbols, json_string_value(title),
                                           json_string_length(title));
    }
    if (kept == 0 && name)
        g->syms[kept++] = t0_symtab_intern(g->ds->symbols, json_string_value(name),
                                           json_string_length(name));
    return t0_in_keep_syms(g, kept, &inc->services);
}

static int compare_entries(const void *a, const void *b)
{
    const struct t0_timeline_entry *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x < y ? -1 : (x > y); /* stable: entries were stored in input order */
}

/* updates[] (when, text) as the timeline, oldest first; entries without a
 * valid when are left out (a narrative field). */
static bool gcp_timeline(struct ingest *g, json_t *o, struct t0_narrative *nar)
{
    json_t *updates;
    if (!t0_in_opt_array(g, o, "updates", NULL, &updates))
        return false;
    size_t n = json_array_size(updates), kept = 0;
    if (n == 0)
        return true;
    struct t0_timeline_entry scratch, *tl = NULL;
    if (g->narrative && !(tl = t0_in_arena_array(g, n * sizeof *tl)))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_array_get(updates, i), *when = json_object_get(u, "when");
        t0_ms at;
        if (!json_is_string(when) ||
            !t0_parse_rfc3339(json_string_value(when), json_string_length(when), &at,
                              NULL))
            continue;
        struct t0_timeline_entry *e = g->narrative ? &tl[kept] : &scratch;
        e->at = at;
        e->status = NULL;
        if (!t0_in_get_entry_text(g, u, "updates", i, "text", &e->text))
            return false;
        kept++;
    }
    if (!g->narrative)
        return true;
    qsort(tl, kept, sizeof *tl, compare_entries);
    nar->timeline = tl;
    nar->n_timeline = (uint32_t)kept;
    return true;
}

/* https://status.cloud.google.com/ + uri. */
static bool gcp_url(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    json_t *uri;
    if (!t0_in_opt_string(g, o, "uri", NULL, &uri))
        return false;
    if (!uri || !g->labels)
        return true;
    char *url = g_strconcat(GCP_STATUS_URL, json_string_value(uri), NULL);
    inc->url = t0_in_arena_strn(g, url, strlen(url));
    g_free(url);
    return inc->url != NULL || t0_in_out_of_memory(g);
}

static bool convert_gcp(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected an incident object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    if (!t0_in_get_id(g, o, "id", &inc->id) ||
        !t0_in_get_required_label(g, o, "external_desc", &inc->title) ||
        !gcp_impact(g, o, &inc->impact) ||
        !t0_in_get_time(g, o, "begin", NULL, true, &inc->started_at) ||
        !t0_in_get_time(g, o, "created", NULL, false, &inc->detected_at) ||
        !t0_in_get_time(g, o, "end", NULL, false, &inc->resolved_at) ||
        !t0_in_check_order_keys(g, o, inc, "begin", "end") || !gcp_services(g, o, inc) ||
        !gcp_url(g, o, inc) || !gcp_timeline(g, o, &g->nar))
        return false;
    t0_in_note_updated(g, o, "modified");
    return true;
}

static bool gcp_narrative(struct ingest *g, json_t *o, struct t0_incident *inc,
                          struct t0_narrative *nar)
{
    (void)inc;
    return gcp_timeline(g, o, nar);
}

/* What gcp_id, convert_gcp and gcp_narrative read (not most_recent_update,
 * the locations, nor an update's status and locations). */
static const char *const gcp_reads[] = {
    "id",
    "external_desc",
    "status_impact",
    "severity",
    "begin",
    "created",
    "end",
    "modified",
    "uri",
    "service_name",
    "affected_products[].title",
    "updates[].when",
    "updates[].text",
    NULL,
};

const struct t0_incident_format t0_fmt_gcp = {
    .name = "gcp-status",
    .mapping =
        "id, external_desc, status.cloud.google.com/ + uri; begin, created, -, end; "
        "affected_products[].title (else service_name); impact by status_impact "
        "(SERVICE_OUTAGE major, SERVICE_DISRUPTION partial, SERVICE_INFORMATION "
        "degraded), else severity high/medium/low; updates as timeline",
    .probe = gcp_probe,
    .reads = gcp_reads,
    .record_id = gcp_id,
    .convert = convert_gcp,
    .narrative = gcp_narrative,
};
