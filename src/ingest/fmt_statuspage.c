/* fmt_statuspage.c: Atlassian Statuspage incidents (definitions.md §2.2, rules 3.1.5
 * and 3.1.14). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_private.h"
#include "tierzero/maintenance.h"

/* One Statuspage update, for sorting by created_at (index keeps it stable). */
struct sp_update {
    t0_ms at;
    size_t index;
    json_t *update; /* borrowed */
};

/* A Statuspage component's current status while walking the updates. */
struct sp_component {
    const char *name; /* borrowed from the record's JSON */
    size_t len;
    bool active;
    enum t0_impact impact;
    t0_ms from;
    bool maint; /* under_maintenance since maint_from (definitions.md §10) */
    t0_ms maint_from;
};

/* Maintenance (definitions.md §10, rule 11.8): an under_maintenance window of the record
 * being converted, kept until the record is accepted. */
struct sp_maint {
    const char *name; /* borrowed from the record's JSON */
    t0_ms from, to;   /* to: T0_NO_TIME until the incident's end */
};

/* Scratch reused across records. */
struct sp_scratch {
    struct sp_update *upds;
    size_t upds_cap;
    struct sp_component *comps;
    size_t comps_cap;
    GHashTable *comp_index;
    struct sp_maint *maints; /* this record's under_maintenance windows */
    size_t n_maints, maints_cap;
};

static struct sp_scratch *sp(struct ingest *g)
{
    return g->scratch[T0_FMT_STATUSPAGE];
}

static struct sp_scratch *sp_scratch(struct ingest *g)
{
    struct sp_scratch *sc = t0_in_scratch(g, T0_FMT_STATUSPAGE, sizeof *sc);
    if (sc && !sc->comp_index)
        sc->comp_index = g_hash_table_new(g_direct_hash, g_direct_equal);
    return sc;
}

static bool note_updated(struct ingest *g, json_t *o)
{
    t0_in_note_updated(g, o, "updated_at");
    return true;
}

static bool statuspage_impact(struct ingest *g, json_t *o, enum t0_impact *out)
{
    static const char *const names[T0_IMPACT_COUNT] = {"none", "minor", "major",
                                                       "critical"};
    char buf[96];
    json_t *v = json_object_get(o, "impact");
    if (!v)
        return t0_in_fail(g, "impact", "missing required field");
    if (json_is_string(v))
        for (int i = 0; i < T0_IMPACT_COUNT; i++)
            if (strcmp(json_string_value(v), names[i]) == 0) {
                *out = (enum t0_impact)i;
                return true;
            }
    return t0_in_fail(
        g, "impact",
        "unknown Statuspage impact %s: expected none, minor, major or critical",
        t0_in_describe(v, buf, sizeof buf));
}

/* components[].name: the incident's services; entries without a string name
 * are skipped. */
static bool statuspage_services(struct ingest *g, json_t *o, struct t0_symlist *out)
{
    char buf[96];
    json_t *v = json_object_get(o, "components");
    out->items = NULL;
    out->count = 0;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return t0_in_fail(g, "components", "expected a list, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, "components", v))
        return false;
    size_t n = json_array_size(v), kept = 0;
    if (!t0_grow((void **)&g->syms, &g->syms_cap, n, sizeof *g->syms))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *name = json_object_get(json_array_get(v, i), "name");
        if (!json_is_string(name))
            continue;
        char path[64];
        snprintf(path, sizeof path, "components[%zu].name", i);
        if (!t0_in_check_string_limit(g, path, name))
            return false;
        g->syms[kept++] = t0_symtab_intern(g->ds->symbols, json_string_value(name),
                                           json_string_length(name));
    }
    if (kept == 0)
        return true;
    t0_sym *items = t0_in_arena_array(g, kept * sizeof *items);
    if (!items)
        return t0_in_out_of_memory(g);
    memcpy(items, g->syms, kept * sizeof *items);
    out->items = items;
    out->count = (uint32_t)kept;
    return true;
}

static int compare_updates(const void *a, const void *b)
{
    const struct sp_update *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* Reads incident_updates into sp(g)->upds sorted by created_at (stable); *count is
 * how many. */
static bool statuspage_updates(struct ingest *g, json_t *o, size_t *count)
{
    char buf[96], path[64];
    json_t *v = json_object_get(o, "incident_updates");
    *count = 0;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return t0_in_fail(g, "incident_updates", "expected a list, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, "incident_updates", v))
        return false;
    size_t n = json_array_size(v);
    if (!t0_grow((void **)&sp(g)->upds, &sp(g)->upds_cap, n, sizeof *sp(g)->upds))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_array_get(v, i);
        snprintf(path, sizeof path, "incident_updates[%zu]", i);
        if (!json_is_object(u))
            return t0_in_fail(g, path, "expected an object, got %s",
                              t0_in_describe(u, buf, sizeof buf));
        snprintf(path, sizeof path, "incident_updates[%zu].created_at", i);
        if (!t0_in_get_time(g, u, "created_at", path, true, &sp(g)->upds[i].at))
            return false;
        sp(g)->upds[i].index = i;
        sp(g)->upds[i].update = u;
    }
    if (n > 1) /* sp(g)->upds is still NULL when no record had updates yet */
        qsort(sp(g)->upds, n, sizeof *sp(g)->upds, compare_updates);
    *count = n;
    return true;
}

static bool statuspage_timeline(struct ingest *g, size_t n, struct t0_narrative *nar)
{
    char path[80];
    if (n == 0)
        return true;
    struct t0_timeline_entry scratch, *tl = &scratch;
    if (g->narrative && !(tl = t0_in_arena_array(g, n * sizeof *tl)))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *u = sp(g)->upds[i].update;
        struct t0_timeline_entry *entry = g->narrative ? &tl[i] : &scratch;
        entry->at = sp(g)->upds[i].at;
        snprintf(path, sizeof path, "incident_updates[%zu].status", sp(g)->upds[i].index);
        if (!t0_in_get_narrative_text(g, u, "status", path, &entry->status))
            return false;
        snprintf(path, sizeof path, "incident_updates[%zu].body", sp(g)->upds[i].index);
        if (!t0_in_get_narrative_text(g, u, "body", path, &entry->text))
            return false;
    }
    if (!g->narrative)
        return true;
    nar->timeline = tl;
    nar->n_timeline = (uint32_t)n;
    return true;
}

static bool emit_segment(struct ingest *g, size_t *nsegs, const struct sp_component *c,
                         t0_ms to)
{
    if (!t0_grow((void **)&g->segs, &g->segs_cap, *nsegs + 1, sizeof *g->segs))
        return t0_in_out_of_memory(g);
    t0_sym *sym = t0_in_arena_array(g, sizeof *sym);
    if (!sym)
        return t0_in_out_of_memory(g);
    *sym = t0_symtab_intern(g->ds->symbols, c->name, c->len);
    struct t0_segment *s = &g->segs[(*nsegs)++];
    s->from = c->from;
    s->to = to;
    s->impact = c->impact;
    s->has_services = true;
    s->services.items = sym;
    s->services.count = 1;
    return true;
}

/* The status an affected_components entry sets: an impact, or none (ends). */
static bool component_impact(json_t *status, enum t0_impact *out)
{
    if (!json_is_string(status))
        return false;
    const char *s = json_string_value(status);
    if (strcmp(s, "degraded_performance") == 0)
        *out = T0_IMPACT_DEGRADED;
    else if (strcmp(s, "partial_outage") == 0)
        *out = T0_IMPACT_PARTIAL;
    else if (strcmp(s, "major_outage") == 0)
        *out = T0_IMPACT_MAJOR;
    else
        return false;
    return true;
}

/* A component's slot, by its name compared as service names are (definitions.md
 * rule 3.1.11: case folding), so an update that spells it in other case moves the same
 * component. */
static struct sp_component *component_slot(struct ingest *g, size_t *ncomps, json_t *name)
{
    t0_sym sym = t0_symtab_intern(g->ds->symbols, json_string_value(name),
                                  json_string_length(name));
    gpointer key = GSIZE_TO_POINTER((gsize)sym + 1);
    gpointer found = g_hash_table_lookup(sp(g)->comp_index, key);
    if (found)
        return &sp(g)->comps[GPOINTER_TO_SIZE(found) - 1];
    if (!t0_grow((void **)&sp(g)->comps, &sp(g)->comps_cap, *ncomps + 1,
                 sizeof *sp(g)->comps))
        return NULL;
    struct sp_component *c = &sp(g)->comps[*ncomps];
    c->name = json_string_value(name);
    c->len = json_string_length(name);
    c->active = false;
    c->maint = false;
    g_hash_table_insert(sp(g)->comp_index, key, GSIZE_TO_POINTER(++*ncomps));
    return c;
}

/* ---- maintenance (definitions.md §10): under_maintenance starts a window until the
 * component's next status; kept aside until the record is accepted ---- */

static bool maint_pending(struct ingest *g, const struct sp_component *c, t0_ms to)
{
    struct sp_scratch *sc = sp(g);
    if (!t0_grow((void **)&sc->maints, &sc->maints_cap, sc->n_maints + 1,
                 sizeof *sc->maints))
        return t0_in_out_of_memory(g);
    sc->maints[sc->n_maints++] = (struct sp_maint){c->name, c->maint_from, to};
    return true;
}

/* The component's status becomes new_status at `at`. */
static bool maint_status(struct ingest *g, struct sp_component *c, json_t *new_status,
                         t0_ms at)
{
    bool under = json_is_string(new_status) &&
                 strcmp(json_string_value(new_status), "under_maintenance") == 0;
    if (c->maint && !under) {
        c->maint = false;
        return maint_pending(g, c, at);
    }
    if (under && !c->maint) {
        c->maint = true;
        c->maint_from = at;
    }
    return true;
}

/* Hands the accepted record's windows to the dataset, reason "under
 * maintenance: " + its title. */
static bool statuspage_accepted(struct ingest *g, json_t *o,
                                const struct t0_incident *inc, size_t index)
{
    struct sp_scratch *sc = sp(g);
    if (!sc || sc->n_maints == 0)
        return true;
    struct t0_maint_list *list = t0_dataset_maintenance(g->ds);
    if (!list)
        return t0_in_out_of_memory(g);
    json_t *title = json_object_get(o, "name");
    char reason[600], origin[400];
    snprintf(reason, sizeof reason, "under maintenance: %s",
             json_is_string(title) ? json_string_value(title) : "");
    snprintf(origin, sizeof origin, "%s: incident %s", g->source, inc->id);
    for (size_t k = 0; k < sc->n_maints; k++) {
        const char *name = sc->maints[k].name;
        struct t0_maint_window *w =
            t0_maint_list_add(list, sc->maints[k].from, sc->maints[k].to, &name, 1,
                              reason, origin, inc->id);
        if (!w)
            return t0_in_out_of_memory(g);
        w->kind = T0_MAINT_COMPONENT;
        w->incident = (int64_t)index;
    }
    sc->n_maints = 0;
    return true;
}

/* Segments from affected_components (definitions.md rule 3.1.5), walking the sorted
 * updates. */
static bool statuspage_segments(struct ingest *g, size_t nupd, struct t0_incident *inc)
{
    size_t ncomps = 0, nsegs = 0;
    g_hash_table_remove_all(sp(g)->comp_index);
    for (size_t i = 0; i < nupd; i++) {
        json_t *affected = json_object_get(sp(g)->upds[i].update, "affected_components");
        if (!json_is_array(affected))
            continue;
        if (!t0_in_check_items_limit(g, "affected_components", affected))
            return false;
        t0_ms at = sp(g)->upds[i].at;
        for (size_t k = 0; k < json_array_size(affected); k++) {
            json_t *entry = json_array_get(affected, k);
            json_t *name = json_object_get(entry, "name");
            if (!json_is_string(name))
                continue;
            struct sp_component *c = component_slot(g, &ncomps, name);
            if (!c)
                return t0_in_out_of_memory(g);
            if (!maint_status(g, c, json_object_get(entry, "new_status"), at))
                return false;
            enum t0_impact impact;
            bool is_impact =
                component_impact(json_object_get(entry, "new_status"), &impact);
            if (c->active && (!is_impact || impact != c->impact)) {
                if (!emit_segment(g, &nsegs, c, at))
                    return false;
                c->active = false;
            }
            if (is_impact && !c->active) {
                c->active = true;
                c->impact = impact;
                c->from = at;
            }
        }
    }
    for (size_t i = 0; i < ncomps; i++)
        if ((sp(g)->comps[i].active &&
             !emit_segment(g, &nsegs, &sp(g)->comps[i], T0_NO_TIME)) ||
            (sp(g)->comps[i].maint && !maint_pending(g, &sp(g)->comps[i], T0_NO_TIME)))
            return false;
    if (nsegs == 0)
        return true;
    struct t0_segment *segs = t0_in_arena_array(g, nsegs * sizeof *segs);
    if (!segs)
        return t0_in_out_of_memory(g);
    memcpy(segs, g->segs, nsegs * sizeof *segs);
    inc->segments = segs;
    inc->n_segments = (uint32_t)nsegs;
    return true;
}

static bool convert_statuspage_incident(struct ingest *g, json_t *o,
                                        struct t0_incident *inc)
{
    char buf[96];
    size_t nupd = 0;
    if (!sp_scratch(g))
        return t0_in_out_of_memory(g);
    sp(g)->n_maints = 0;
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected an incident object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    if (!t0_in_get_id(g, o, "id", &inc->id) ||
        !t0_in_get_required_label(g, o, "name", &inc->title) ||
        !statuspage_impact(g, o, &inc->impact))
        return false;
    json_t *started = json_object_get(o, "started_at");
    if (started && !json_is_null(started)) {
        if (!t0_in_parse_time_value(g, started, "started_at", &inc->started_at))
            return false;
    } else if (!t0_in_get_time(g, o, "created_at", NULL, true, &inc->started_at)) {
        return t0_in_fail(g, "started_at", "missing required field (and no created_at)");
    }
    return t0_in_get_time(g, o, "created_at", NULL, false, &inc->detected_at) &&
           t0_in_get_time(g, o, "monitoring_at", NULL, false, &inc->mitigated_at) &&
           t0_in_get_time(g, o, "resolved_at", NULL, false, &inc->resolved_at) &&
           t0_in_check_resolution_order(g, o, inc) &&
           statuspage_services(g, o, &inc->services) && statuspage_updates(g, o, &nupd) &&
           statuspage_timeline(g, nupd, &g->nar) && statuspage_segments(g, nupd, inc) &&
           t0_in_get_label_text(g, o, "shortlink", &inc->url) &&
           t0_in_get_narrative_text(g, o, "postmortem_body", NULL, &g->nar.root_cause) &&
           note_updated(g, o);
}

/* The postmortem material read back: the timeline and the postmortem. */
static bool statuspage_narrative(struct ingest *g, json_t *o, struct t0_incident *inc,
                                 struct t0_narrative *nar)
{
    size_t nupd = 0;
    (void)inc;
    if (!sp_scratch(g))
        return t0_in_out_of_memory(g);
    return statuspage_updates(g, o, &nupd) && statuspage_timeline(g, nupd, nar) &&
           t0_in_get_text(g, o, "postmortem_body", NULL, &nar->root_cause);
}

/* definitions.md §7.1: incident_updates or shortlink or page_id. */
static bool statuspage_probe(t0_has_key_fn has, const void *rec)
{
    return has(rec, "incident_updates") || has(rec, "shortlink") || has(rec, "page_id");
}

static const char *statuspage_id(json_t *o)
{
    return t0_in_str(o, "id");
}

static void statuspage_free(void *scratch)
{
    struct sp_scratch *sc = scratch;
    if (!sc)
        return;
    free(sc->upds);
    free(sc->comps);
    free(sc->maints);
    if (sc->comp_index)
        g_hash_table_destroy(sc->comp_index);
    free(sc);
}

const struct t0_incident_format t0_fmt_statuspage = {
    .name = "statuspage",
    .mapping = "id, name, shortlink; started_at (else created_at), created_at, "
               "monitoring_at, resolved_at; components[].name; impact "
               "none/minor/major/critical; incident_updates as timeline and segments",
    .probe = statuspage_probe,
    .record_id = statuspage_id,
    .convert = convert_statuspage_incident,
    .narrative = statuspage_narrative,
    .accepted = statuspage_accepted,
    .free_scratch = statuspage_free,
};
