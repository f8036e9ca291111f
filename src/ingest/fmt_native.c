/* fmt_native.c: tierzero's own incident records (definitions.md §2.1, rules 3.1.3
 * and 3.1.4). */
#include <stdlib.h>
#include <string.h>

#include "ingest_private.h"
#include "tierzero/maintenance.h"

/* An incident's maintenance window (definitions.md §10), kept until the record is
 * accepted: what a Statuspage incident's under_maintenance components give,
 * as merge writes it. */
struct nat_maint {
    t0_ms from, to;   /* to: T0_NO_TIME until the incident's end */
    json_t *services; /* borrowed from the record; NULL: every SLO */
};

struct nat_scratch {
    struct nat_maint *items;
    size_t n, cap;
    const char **names;
    size_t names_cap;
};

static struct nat_scratch *nat(struct ingest *g)
{
    return g->scratch[T0_FMT_NATIVE];
}

/* One entry of "maintenance": {"from", "to" (null: until the incident's
 * end), "services"}. */
static bool get_maintenance_entry(struct ingest *g, json_t *e, size_t i)
{
    char path[48], item[128], buf[96];
    struct nat_maint m = {T0_NO_TIME, T0_NO_TIME, NULL};
    snprintf(path, sizeof path, "maintenance[%zu]", i);
    if (!json_is_object(e))
        return t0_in_fail(g, path,
                          "expected an object {\"from\", \"to\", \"services\"}, got %s",
                          t0_in_describe(e, buf, sizeof buf));
    snprintf(item, sizeof item, "%s.from", path);
    if (!t0_in_get_time(g, e, "from", item, true, &m.from))
        return false;
    snprintf(item, sizeof item, "%s.to", path);
    if (!t0_in_get_time(g, e, "to", item, false, &m.to))
        return false;
    if (m.to != T0_NO_TIME && m.to < m.from)
        return t0_in_fail(g, item, "the window ends before it starts");
    json_t *v = json_object_get(e, "services");
    snprintf(item, sizeof item, "%s.services", path);
    if (v && !json_is_null(v)) {
        if (!json_is_array(v))
            return t0_in_fail(g, item, "expected a list of strings, got %s",
                              t0_in_describe(v, buf, sizeof buf));
        if (!t0_in_check_items_limit(g, item, v))
            return false;
        for (size_t k = 0; k < json_array_size(v); k++) {
            json_t *s = json_array_get(v, k);
            snprintf(item, sizeof item, "%s.services[%zu]", path, k);
            if (!json_is_string(s) || json_string_length(s) == 0)
                return t0_in_fail(g, item, "expected a non-empty string, got %s",
                                  t0_in_describe(s, buf, sizeof buf));
            if (!t0_in_check_string_limit(g, item, s))
                return false;
        }
        m.services = json_array_size(v) ? v : NULL;
    }
    struct nat_scratch *sc = nat(g);
    if (!t0_grow((void **)&sc->items, &sc->cap, sc->n + 1, sizeof *sc->items))
        return t0_in_out_of_memory(g);
    sc->items[sc->n++] = m;
    return true;
}

/* "maintenance": the incident's maintenance windows, checked here and handed
 * to the dataset once the record is accepted. */
static bool get_maintenance(struct ingest *g, json_t *o)
{
    char buf[96];
    if (!t0_in_scratch(g, T0_FMT_NATIVE, sizeof(struct nat_scratch)))
        return t0_in_out_of_memory(g);
    nat(g)->n = 0;
    json_t *v = json_object_get(o, "maintenance");
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return t0_in_fail(g, "maintenance",
                          "expected a list of maintenance windows, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, "maintenance", v))
        return false;
    for (size_t i = 0; i < json_array_size(v); i++)
        if (!get_maintenance_entry(g, json_array_get(v, i), i))
            return false;
    return true;
}

/* Hands the accepted record's windows to the dataset as a Statuspage
 * incident's would be (reason "under maintenance: " + its title; clipped to
 * the incident, definitions.md rule 11.8). */
static bool native_accepted(struct ingest *g, json_t *o, const struct t0_incident *inc,
                            size_t index)
{
    struct nat_scratch *sc = nat(g);
    if (!sc || sc->n == 0)
        return true;
    struct t0_maint_list *list = t0_dataset_maintenance(g->ds);
    if (!list)
        return t0_in_out_of_memory(g);
    json_t *title = json_object_get(o, "title");
    char reason[600], origin[400];
    snprintf(reason, sizeof reason, "under maintenance: %s",
             json_is_string(title) ? json_string_value(title) : "");
    snprintf(origin, sizeof origin, "%s: incident %s", g->source, inc->id);
    for (size_t k = 0; k < sc->n; k++) {
        size_t n = sc->items[k].services ? json_array_size(sc->items[k].services) : 0;
        if (!t0_grow((void **)&sc->names, &sc->names_cap, n + 1, sizeof *sc->names))
            return t0_in_out_of_memory(g);
        for (size_t i = 0; i < n; i++)
            sc->names[i] = json_string_value(json_array_get(sc->items[k].services, i));
        struct t0_maint_window *w =
            t0_maint_list_add(list, sc->items[k].from, sc->items[k].to, sc->names, n,
                              reason, origin, inc->id);
        if (!w)
            return t0_in_out_of_memory(g);
        w->kind = T0_MAINT_COMPONENT;
        w->incident = (int64_t)index;
    }
    sc->n = 0;
    return true;
}

static void native_free(void *scratch)
{
    struct nat_scratch *sc = scratch;
    if (!sc)
        return;
    free(sc->items);
    free(sc->names);
    free(sc);
}

/* The narrative fields. Severity, cause and url are always copied (every
 * document may show them); the postmortem material is copied or only
 * checked (g->narrative). */
static bool get_narrative(struct ingest *g, json_t *o, struct t0_incident *inc,
                          struct t0_narrative *nar)
{
    if (!t0_in_get_label_text(g, o, "severity", &inc->severity) ||
        !t0_in_get_label_text(g, o, "cause", &inc->cause) ||
        !t0_in_get_narrative_text(g, o, "summary", NULL, &nar->summary) ||
        !t0_in_get_narrative_text(g, o, "root_cause", NULL, &nar->root_cause) ||
        !t0_in_get_narrative_text(g, o, "trigger", NULL, &nar->trigger) ||
        !t0_in_get_narrative_text(g, o, "resolution", NULL, &nar->resolution) ||
        !t0_in_get_narrative_text(g, o, "lessons", NULL, &nar->lessons) ||
        !t0_in_get_label_text(g, o, "url", &inc->url))
        return false;
    if (!json_is_string(json_object_get(o, "lessons")) &&
        !t0_in_get_narrative_text(g, o, "lessons_learned", NULL, &nar->lessons))
        return false;
    return t0_in_get_timeline(g, o, nar) && t0_in_get_actions(g, o, nar);
}

/* merge writes updated_at, so that merging its own output keeps the later record. */
static bool note_updated(struct ingest *g, json_t *o)
{
    t0_in_note_updated(g, o, "updated_at");
    return true;
}

static bool convert_native_incident(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected an incident object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    return t0_in_get_id(g, o, "id", &inc->id) &&
           t0_in_get_required_label(g, o, "title", &inc->title) &&
           t0_in_get_impact(g, o, "impact", NULL, &inc->impact) &&
           t0_in_get_time(g, o, "started_at", NULL, true, &inc->started_at) &&
           t0_in_get_time(g, o, "detected_at", NULL, false, &inc->detected_at) &&
           t0_in_get_time(g, o, "mitigated_at", NULL, false, &inc->mitigated_at) &&
           t0_in_get_time(g, o, "resolved_at", NULL, false, &inc->resolved_at) &&
           t0_in_check_resolution_order(g, o, inc) &&
           t0_in_get_services(g, o, "services", NULL, &inc->services, NULL) &&
           t0_in_get_caused_by(g, o, inc) && t0_in_get_segments(g, o, inc) &&
           get_maintenance(g, o) && get_narrative(g, o, inc, &g->nar) &&
           note_updated(g, o);
}

static const char *native_id(json_t *o)
{
    return t0_in_str(o, "id");
}

const struct t0_incident_format t0_fmt_native = {
    .name = "native",
    .probe = NULL, /* what no other format claims */
    .record_id = native_id,
    .convert = convert_native_incident,
    .narrative = get_narrative,
    .accepted = native_accepted,
    .free_scratch = native_free,
};
