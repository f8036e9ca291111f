/* fmt_native.c: tierzero's own incident records (SPEC 2.1, 3.1 rules 3 and 4). */
#include <string.h>

#include "ingest_private.h"

/* The narrative fields. Severity, cause and url are always copied (every
 * document may show them); the postmortem material is copied or only
 * checked (g->narrative). */
static bool get_narrative(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    if (!t0_in_get_label_text(g, o, "severity", &inc->severity) ||
        !t0_in_get_label_text(g, o, "cause", &inc->cause) ||
        !t0_in_get_narrative_text(g, o, "summary", NULL, &inc->summary) ||
        !t0_in_get_narrative_text(g, o, "root_cause", NULL, &inc->root_cause) ||
        !t0_in_get_narrative_text(g, o, "trigger", NULL, &inc->trigger) ||
        !t0_in_get_narrative_text(g, o, "resolution", NULL, &inc->resolution) ||
        !t0_in_get_narrative_text(g, o, "lessons", NULL, &inc->lessons) ||
        !t0_in_get_label_text(g, o, "url", &inc->url))
        return false;
    if (!json_is_string(json_object_get(o, "lessons")) &&
        !t0_in_get_narrative_text(g, o, "lessons_learned", NULL, &inc->lessons))
        return false;
    return t0_in_get_timeline(g, o, inc) && t0_in_get_actions(g, o, inc);
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
           get_narrative(g, o, inc) && note_updated(g, o);
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
};
