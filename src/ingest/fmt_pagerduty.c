/* fmt_pagerduty.c: PagerDuty REST incidents (GET /incidents; definitions.md §7.1,
 * rule 11.2). */
#include <glib.h>
#include <string.h>

#include "ingest_private.h"

/* definitions.md §7.1: a record with incident_number. */
static bool pagerduty_probe(t0_has_key_fn has, const void *rec)
{
    return has(rec, "incident_number");
}

static const char *pagerduty_id(json_t *o)
{
    return t0_in_str(o, "id");
}

/* priority.summary (the import map first): P1 major, P2 partial, any other
 * degraded; no priority: urgency high partial, low degraded, else rejected. */
static bool pagerduty_impact(struct ingest *g, json_t *o, enum t0_impact *out)
{
    char buf[96];
    json_t *priority, *summary, *urgency;
    if (!t0_in_opt_object(g, o, "priority", NULL, &priority))
        return false;
    if (priority) {
        if (!t0_in_opt_string(g, priority, "summary", "priority.summary", &summary))
            return false;
        const char *name = summary ? json_string_value(summary) : NULL;
        if (t0_in_import_impact(g, name, out))
            return true;
        if (name && g_ascii_strcasecmp(name, "P1") == 0)
            *out = T0_IMPACT_MAJOR;
        else if (name && g_ascii_strcasecmp(name, "P2") == 0)
            *out = T0_IMPACT_PARTIAL;
        else
            *out = T0_IMPACT_DEGRADED;
        return true;
    }
    if (!t0_in_opt_string(g, o, "urgency", NULL, &urgency))
        return false;
    const char *u = urgency ? json_string_value(urgency) : NULL;
    if (u && g_ascii_strcasecmp(u, "high") == 0)
        *out = T0_IMPACT_PARTIAL;
    else if (u && g_ascii_strcasecmp(u, "low") == 0)
        *out = T0_IMPACT_DEGRADED;
    else
        return t0_in_fail(
            g, "urgency",
            "no priority and urgency %s: expected a priority, or urgency high "
            "or low",
            urgency ? t0_in_describe(urgency, buf, sizeof buf) : "absent");
    return true;
}

/* The priority's name is the incident's severity label (shown, never counted). */
static bool pagerduty_severity(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    json_t *priority = json_object_get(o, "priority");
    return !json_is_object(priority) ||
           t0_in_get_label_text(g, priority, "summary", &inc->severity);
}

/* resolved_at; absent or null: last_status_change_at when status is resolved. */
static bool pagerduty_resolved(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    json_t *status;
    if (!t0_in_get_time(g, o, "resolved_at", NULL, false, &inc->resolved_at) ||
        !t0_in_opt_string(g, o, "status", NULL, &status))
        return false;
    if (inc->resolved_at != T0_NO_TIME || !status ||
        strcmp(json_string_value(status), "resolved") != 0)
        return true;
    return t0_in_get_time(g, o, "last_status_change_at", NULL, true, &inc->resolved_at);
}

/* service.summary: the one service; none without it. */
static bool pagerduty_services(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    json_t *service, *summary;
    if (!t0_in_opt_object(g, o, "service", NULL, &service))
        return false;
    if (!service)
        return true;
    if (!t0_in_opt_string(g, service, "summary", "service.summary", &summary))
        return false;
    if (!summary)
        return true;
    if (!t0_grow((void **)&g->syms, &g->syms_cap, 1, sizeof *g->syms))
        return t0_in_out_of_memory(g);
    g->syms[0] = t0_symtab_intern(g->ds->symbols, json_string_value(summary),
                                  json_string_length(summary));
    return t0_in_keep_syms(g, 1, &inc->services);
}

static bool convert_pagerduty(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected an incident object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    if (!t0_in_get_id(g, o, "id", &inc->id) ||
        !t0_in_get_required_label(g, o, "title", &inc->title) ||
        !pagerduty_impact(g, o, &inc->impact) || !pagerduty_severity(g, o, inc) ||
        !t0_in_get_time(g, o, "created_at", NULL, true, &inc->started_at) ||
        !pagerduty_resolved(g, o, inc) || !pagerduty_services(g, o, inc) ||
        !t0_in_vendor_label(g, o, "html_url", &inc->url))
        return false;
    inc->detected_at = inc->started_at;
    const char *end = json_is_string(json_object_get(o, "resolved_at"))
                          ? "resolved_at"
                          : "last_status_change_at";
    if (!t0_in_check_order_keys(g, o, inc, "created_at", end))
        return false;
    t0_in_note_updated(g, o, "updated_at");
    return true;
}

const struct t0_incident_format t0_fmt_pagerduty = {
    .name = "pagerduty",
    .mapping = "id, title, html_url; created_at, created_at, -, resolved_at (else "
               "last_status_change_at when resolved); service.summary; impact by "
               "priority.summary (P1 major, P2 partial, other degraded), without a "
               "priority by urgency (high partial, low degraded)",
    .probe = pagerduty_probe,
    .record_id = pagerduty_id,
    .convert = convert_pagerduty,
};
