/* fmt_incidentio.c: incident.io API v2 incidents (GET /v2/incidents; definitions.md §7.1,
 * rules 11.2, 11.14). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_private.h"

/*
 * The severity rank fallback needs every record of the file: the distinct
 * ranks are collected as records are read, the incidents that need a rank
 * are noted by their (arena) id, and finish() settles their impact.
 */
/* A timestamp value of the record being converted: its name and value. */
struct io_stamp {
    const char *name; /* incident_timestamp.name, NULL when not a string */
    json_t *value;    /* value.value, NULL when absent */
};

struct io_scratch {
    double *ranks; /* distinct severity.rank values of the file's records */
    size_t n_ranks, ranks_cap;
    GHashTable *pending;     /* accepted id (arena pointer) -> index into ranks + 1 */
    struct io_stamp *stamps; /* the record's timestamp values, read once */
    size_t stamps_cap;
};

static struct io_scratch *io_scratch(struct ingest *g)
{
    struct io_scratch *sc = t0_in_scratch(g, T0_FMT_INCIDENTIO, sizeof *sc);
    if (sc && !sc->pending)
        sc->pending = g_hash_table_new(g_direct_hash, g_direct_equal);
    return sc && sc->pending ? sc : NULL;
}

/* definitions.md §7.1: reference and incident_status. */
static bool incidentio_probe(t0_has_key_fn has, const void *rec)
{
    return has(rec, "reference") && has(rec, "incident_status");
}

static const char *incidentio_id(json_t *o)
{
    const char *ref = t0_in_str(o, "reference");
    return ref ? ref : t0_in_str(o, "id");
}

/* The index of rank among the file's distinct ranks, added when new; -1 when out of
 * memory. */
static long note_rank(struct io_scratch *sc, double rank)
{
    for (size_t i = 0; i < sc->n_ranks; i++)
        if (sc->ranks[i] == rank)
            return (long)i;
    if (!t0_grow((void **)&sc->ranks, &sc->ranks_cap, sc->n_ranks + 1, sizeof *sc->ranks))
        return -1;
    sc->ranks[sc->n_ranks] = rank;
    return (long)sc->n_ranks++;
}

/* Every record's severity.rank counts among the file's ranks, rejected or not. */
static void collect_rank(struct ingest *g, struct io_scratch *sc, json_t *o)
{
    json_t *rank = json_object_get(json_object_get(o, "severity"), "rank");
    if (json_is_number(rank) && note_rank(sc, json_number_value(rank)) < 0)
        g->oom = true;
}

/* The id: reference, else id; then mode (definitions.md rule 11.2: right after the id).
 */
static bool incidentio_id_and_mode(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    json_t *mode;
    if (json_object_get(o, "reference") &&
        !json_is_null(json_object_get(o, "reference"))) {
        if (!t0_in_get_id(g, o, "reference", &inc->id))
            return false;
    } else if (!t0_in_get_id(g, o, "id", &inc->id)) {
        return false;
    }
    if (!t0_in_opt_string(g, o, "mode", NULL, &mode))
        return false;
    const char *m = mode ? json_string_value(mode) : "";
    if (strcmp(m, "test") == 0 || strcmp(m, "tutorial") == 0)
        return t0_in_fail(g, "mode", "a %s incident, not a real one", m);
    return true;
}

/* incident_status.category: declined, canceled, merged are rejected; *closed
 * tells that the incident is over (closed, resolved, learning). */
static bool incidentio_status(struct ingest *g, json_t *o, bool *closed)
{
    json_t *status, *category;
    *closed = false;
    if (!t0_in_opt_object(g, o, "incident_status", NULL, &status) ||
        (status &&
         !t0_in_opt_string(g, status, "category", "incident_status.category", &category)))
        return false;
    if (!status || !category)
        return true;
    static const char *const refused[] = {"declined", "canceled", "merged"};
    static const char *const over[] = {"closed", "resolved", "learning"};
    const char *c = json_string_value(category);
    for (size_t i = 0; i < 3; i++)
        if (strcmp(c, refused[i]) == 0)
            return t0_in_fail(g, "incident_status.category", "a %s incident", c);
    for (size_t i = 0; i < 3; i++)
        if (strcmp(c, over[i]) == 0)
            *closed = true;
    return true;
}

/* severity.name (the import map first): Critical major, Major partial, Minor
 * degraded; else by rank, settled when the whole file is read. */
static bool incidentio_impact(struct ingest *g, json_t *o, enum t0_impact *out,
                              bool *by_rank)
{
    static const char *const names[] = {"Minor", "Major", "Critical"};
    json_t *severity, *name;
    *by_rank = false;
    if (!t0_in_opt_object(g, o, "severity", NULL, &severity))
        return false;
    if (!severity)
        return t0_in_fail(g, "severity", "missing required field");
    if (!t0_in_opt_string(g, severity, "name", "severity.name", &name))
        return false;
    const char *n = name ? json_string_value(name) : NULL;
    if (t0_in_import_impact(g, n, out))
        return true;
    for (size_t i = 0; n && i < 3; i++)
        if (g_ascii_strcasecmp(n, names[i]) == 0) {
            *out = (enum t0_impact)(T0_IMPACT_DEGRADED + i);
            return true;
        }
    json_t *rank = json_object_get(severity, "rank");
    if (!json_is_number(rank))
        return t0_in_fail(g, "severity",
                          "neither a known name (Critical, Major, Minor) nor a "
                          "rank");
    *out = T0_IMPACT_DEGRADED;
    *by_rank = true;
    return true;
}

/* The value of the first timestamp among names that is set: *found tells
 * whether one was; a malformed one rejects. */
static bool timestamp_named(struct ingest *g, const struct io_stamp *stamps, size_t n,
                            const char *const *names, size_t n_names, t0_ms *out,
                            bool *found)
{
    char path[96];
    *found = false;
    for (size_t k = 0; k < n_names; k++)
        for (size_t i = 0; i < n; i++) {
            const struct io_stamp *s = &stamps[i];
            if (!s->name || g_ascii_strcasecmp(s->name, names[k]) != 0 || !s->value ||
                json_is_null(s->value))
                continue;
            if (!json_is_string(s->value) ||
                !t0_parse_rfc3339(json_string_value(s->value),
                                  json_string_length(s->value), out, NULL)) {
                /* the path is made for the message only */
                snprintf(path, sizeof path, "incident_timestamp_values[%zu].value.value",
                         i);
                return t0_in_parse_time_value(g, s->value, path, out);
            }
            *found = true;
            return true;
        }
    return true;
}

/* One of started, detected, mitigated, resolved: import.timestamps.<what>
 * replaces the built-in names. */
static bool incidentio_time(struct ingest *g, const struct io_stamp *stamps, size_t n,
                            const char *what, const char *const *builtin,
                            size_t n_builtin, t0_ms *out, bool *found)
{
    size_t n_names;
    const char *const *names = t0_in_import_timestamps(g, what, &n_names);
    if (!names) {
        names = builtin;
        n_names = n_builtin;
    }
    return timestamp_named(g, stamps, n, names, n_names, out, found);
}

/* Each timestamp value's name and value, read once for the four lookups. */
static bool read_stamps(struct ingest *g, struct io_scratch *sc, json_t *values,
                        size_t *n)
{
    *n = json_array_size(values);
    if (!t0_grow((void **)&sc->stamps, &sc->stamps_cap, *n ? *n : 1, sizeof *sc->stamps))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < *n; i++) {
        json_t *e = json_array_get(values, i);
        sc->stamps[i].name = t0_in_str(json_object_get(e, "incident_timestamp"), "name");
        sc->stamps[i].value = json_object_get(json_object_get(e, "value"), "value");
    }
    return true;
}

static bool incidentio_times(struct ingest *g, struct io_scratch *sc, json_t *o,
                             bool closed, struct t0_incident *inc)
{
    static const char *const started[] = {"Impact started"},
                             *const detected[] = {"Reported"},
                             *const mitigated[] = {"Mitigated", "Stabilised"},
                             *const resolved[] = {"Resolved", "Closed"};
    char buf[96];
    json_t *values = json_object_get(o, "incident_timestamp_values");
    if (values && !json_is_null(values) && !json_is_array(values))
        return t0_in_fail(g, "incident_timestamp_values", "expected a list, got %s",
                          t0_in_describe(values, buf, sizeof buf));
    bool found;
    t0_ms created;
    size_t n;
    if (!read_stamps(g, sc, values, &n))
        return false;
    const struct io_stamp *stamps = sc->stamps;
    if (!t0_in_get_time(g, o, "created_at", NULL, false, &created) ||
        !incidentio_time(g, stamps, n, "started", started, 1, &inc->started_at, &found))
        return false;
    if (!found && created == T0_NO_TIME)
        return t0_in_fail(g, "created_at",
                          "missing required field (and no Impact started)");
    if (!found)
        inc->started_at = created;
    if (!incidentio_time(g, stamps, n, "detected", detected, 1, &inc->detected_at,
                         &found))
        return false;
    if (!found)
        inc->detected_at = created;
    if (!incidentio_time(g, stamps, n, "mitigated", mitigated, 2, &inc->mitigated_at,
                         &found))
        return false;
    if (!found)
        inc->mitigated_at = T0_NO_TIME;
    t0_ms end = T0_NO_TIME;
    if (!incidentio_time(g, stamps, n, "resolved", resolved, 2, &end, &found))
        return false;
    if (closed && !found)
        return t0_in_fail(g, "incident_timestamp_values",
                          "a closed incident without a Resolved or Closed timestamp");
    inc->resolved_at = closed ? end : T0_NO_TIME;
    if (inc->resolved_at != T0_NO_TIME && inc->resolved_at < inc->started_at)
        return t0_in_fail(g, "incident_timestamp_values",
                          "the incident is resolved before it started");
    return true;
}

/* A custom field value's name: value_option.value, value_catalog_entry.name or
 * value_text. */
static json_t *custom_value(json_t *v)
{
    json_t *s = json_object_get(json_object_get(v, "value_option"), "value");
    if (!json_is_string(s))
        s = json_object_get(json_object_get(v, "value_catalog_entry"), "name");
    if (!json_is_string(s))
        s = json_object_get(v, "value_text");
    return json_is_string(s) ? s : NULL;
}

/* The custom field named "Affected services" (or import.services_field). */
static bool incidentio_services(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    const char *field = g->lim.import && g->lim.import->services_field
                            ? g->lim.import->services_field
                            : "Affected services";
    json_t *entries, *values;
    char path[96];
    if (!t0_in_opt_array(g, o, "custom_field_entries", NULL, &entries))
        return false;
    for (size_t i = 0; i < json_array_size(entries); i++) {
        json_t *e = json_array_get(entries, i);
        const char *name = t0_in_str(json_object_get(e, "custom_field"), "name");
        if (!name || g_ascii_strcasecmp(name, field) != 0)
            continue;
        snprintf(path, sizeof path, "custom_field_entries[%zu].values", i);
        if (!t0_in_opt_array(g, e, "values", path, &values))
            return false;
        size_t n = json_array_size(values), kept = 0;
        if (!t0_grow((void **)&g->syms, &g->syms_cap, n ? n : 1, sizeof *g->syms))
            return t0_in_out_of_memory(g);
        for (size_t k = 0; k < n; k++) {
            json_t *s = custom_value(json_array_get(values, k));
            if (!s || !t0_in_check_string_limit(g, "custom_field_entries", s))
                continue;
            g->syms[kept++] = t0_symtab_intern(g->ds->symbols, json_string_value(s),
                                               json_string_length(s));
        }
        return t0_in_keep_syms(g, kept, &inc->services);
    }
    return true;
}

static bool convert_incidentio(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    struct io_scratch *sc = io_scratch(g);
    if (!sc)
        return t0_in_out_of_memory(g);
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected an incident object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    collect_rank(g, sc, o);
    bool closed, by_rank;
    if (!incidentio_id_and_mode(g, o, inc) ||
        !t0_in_get_required_label(g, o, "name", &inc->title) ||
        !incidentio_status(g, o, &closed) ||
        !incidentio_impact(g, o, &inc->impact, &by_rank) ||
        !t0_in_get_label_text(g, json_object_get(o, "severity"), "name",
                              &inc->severity) ||
        !incidentio_times(g, sc, o, closed, inc) || !incidentio_services(g, o, inc) ||
        !t0_in_vendor_label(g, o, "permalink", &inc->url))
        return false;
    if (by_rank) {
        double rank =
            json_number_value(json_object_get(json_object_get(o, "severity"), "rank"));
        long at = note_rank(sc, rank);
        if (at < 0)
            return t0_in_out_of_memory(g);
        g_hash_table_insert(sc->pending, (gpointer)inc->id,
                            GSIZE_TO_POINTER((size_t)at + 1));
    }
    t0_in_note_updated(g, o, "updated_at");
    return true;
}

static int compare_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

/* definitions.md rule 11.2: the highest distinct rank is major, the second partial,
 * lower ones degraded. */
static void incidentio_finish(struct ingest *g)
{
    struct io_scratch *sc = g->scratch[T0_FMT_INCIDENTIO];
    if (!sc || g_hash_table_size(sc->pending) == 0)
        return;
    double *sorted = malloc((sc->n_ranks ? sc->n_ranks : 1) * sizeof *sorted);
    if (!sorted) {
        g->oom = true;
        return;
    }
    if (sc->n_ranks) {
        memcpy(sorted, sc->ranks, sc->n_ranks * sizeof *sorted);
        qsort(sorted, sc->n_ranks, sizeof *sorted, compare_desc);
    }
    for (size_t i = g->first_record; i < g->ds->n_incidents; i++) {
        struct t0_incident *inc = &g->ds->incidents[i];
        size_t at = GPOINTER_TO_SIZE(g_hash_table_lookup(sc->pending, inc->id));
        if (!at)
            continue;
        double rank = sc->ranks[at - 1];
        inc->impact = rank == sorted[0]                      ? T0_IMPACT_MAJOR
                      : sc->n_ranks > 1 && rank == sorted[1] ? T0_IMPACT_PARTIAL
                                                             : T0_IMPACT_DEGRADED;
    }
    free(sorted);
}

static void incidentio_free(void *scratch)
{
    struct io_scratch *sc = scratch;
    if (!sc)
        return;
    free(sc->ranks);
    free(sc->stamps);
    if (sc->pending)
        g_hash_table_destroy(sc->pending);
    free(sc);
}

/* What incidentio_id, convert_incidentio and collect_rank read: of each
 * timestamp value and custom field value, two names out of its nested
 * objects (their ids and ranks are most of a record's objects). */
static const char *const incidentio_reads[] = {
    "reference",
    "id",
    "mode",
    "name",
    "permalink",
    "created_at",
    "updated_at",
    "incident_status.category",
    "severity.name",
    "severity.rank",
    "incident_timestamp_values[].incident_timestamp.name",
    "incident_timestamp_values[].value.value",
    "custom_field_entries[].custom_field.name",
    "custom_field_entries[].values[].value_option.value",
    "custom_field_entries[].values[].value_catalog_entry.name",
    "custom_field_entries[].values[].value_text",
    NULL,
};

const struct t0_incident_format t0_fmt_incidentio = {
    .name = "incidentio",
    .mapping =
        "reference (else id), name, permalink; timestamps Impact started, Reported, "
        "Mitigated/Stabilised, Resolved/Closed (else created_at); custom field Affected "
        "services; impact by severity.name (Critical major, Major partial, Minor "
        "degraded), else by severity.rank; mode test/tutorial rejected",
    .probe = incidentio_probe,
    .reads = incidentio_reads,
    .record_id = incidentio_id,
    .convert = convert_incidentio,
    .finish = incidentio_finish,
    .free_scratch = incidentio_free,
};
