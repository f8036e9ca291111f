/* ingest_fields.c: the field readers every format's mapper shares. */
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_private.h"

/* ---- small helpers ---- */

/* Zeroed, 16-aligned memory in the dataset's arena. */
void *t0_in_arena_array(struct ingest *g, size_t size)
{
    return t0_arena_alloc(g->ds->arena, size);
}

/* A short description of a JSON value for messages: "\"text\"", "42", "an object". */
const char *t0_in_describe(const json_t *v, char *buf, size_t size)
{
    if (!v)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING: {
        size_t len = json_string_length(v);
        const char *s = json_string_value(v);
        if (len > 60)
            snprintf(buf, size, "\"%.60s...\"", s);
        else
            snprintf(buf, size, "\"%s\"", s);
        for (char *p = buf; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = '?';
        return buf;
    }
    case JSON_INTEGER:
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    case JSON_REAL:
        snprintf(buf, size, "%.17g", json_real_value(v));
        return buf;
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

/* Fills g->reason as "<prefix>.<field>: <text>" (NDJSON: "line 5: field: text") and
 * returns false, so that checks read `return fail(...)`. */
bool t0_in_fail(struct ingest *g, const char *field, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (g->prefix_array)
        snprintf(g->prefix, sizeof g->prefix, "%s[%zu]", g->prefix_array, g->index);
    else if (g->prefix_line)
        snprintf(g->prefix, sizeof g->prefix, "line %zu", g->line);
    if (!g->prefix[0] && field)
        snprintf(g->reason, sizeof g->reason, "%s: %s", field, text);
    else if (!g->prefix[0])
        snprintf(g->reason, sizeof g->reason, "%s", text);
    else if (field)
        snprintf(g->reason, sizeof g->reason, "%s%s%s: %s", g->prefix,
                 g->ndjson ? ": " : ".", field, text);
    else
        snprintf(g->reason, sizeof g->reason, "%s: %s", g->prefix, text);
    return false;
}

bool t0_in_out_of_memory(struct ingest *g)
{
    g->oom = true;
    return t0_in_fail(g, NULL, "out of memory");
}

/* ---- field readers: each returns false with g->reason set ---- */

char *t0_in_arena_copy(struct ingest *g, const json_t *s)
{
    char *p = t0_arena_strndup(g->ds->arena, json_string_value(s), json_string_length(s));
    if (!p)
        g->oom = true;
    return p;
}

bool t0_in_check_string_limit(struct ingest *g, const char *path, const json_t *s)
{
    if (json_string_length(s) > g->lim.max_string_bytes)
        return t0_in_fail(g, path,
                          "string of %zu bytes exceeds max_string_bytes (%zu bytes)",
                          json_string_length(s), g->lim.max_string_bytes);
    return true;
}

bool t0_in_check_items_limit(struct ingest *g, const char *path, const json_t *a)
{
    if (json_array_size(a) > g->lim.max_array_items)
        return t0_in_fail(g, path, "%zu items exceed max_array_items (%zu)",
                          json_array_size(a), g->lim.max_array_items);
    return true;
}

/* A required non-empty string (ids). */
bool t0_in_get_id(struct ingest *g, json_t *o, const char *key, const char **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!v)
        return t0_in_fail(g, key, "missing required field");
    if (!json_is_string(v) || json_string_length(v) == 0)
        return t0_in_fail(g, key, "expected a non-empty string, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_string_limit(g, key, v))
        return false;
    *out = t0_in_arena_copy(g, v);
    return *out != NULL || t0_in_out_of_memory(g);
}

/* A required string (titles). */
bool t0_in_get_required_string(struct ingest *g, json_t *o, const char *key,
                               const char **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!v)
        return t0_in_fail(g, key, "missing required field");
    if (!json_is_string(v))
        return t0_in_fail(g, key, "expected a string, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_string_limit(g, key, v))
        return false;
    *out = t0_in_arena_copy(g, v);
    return *out != NULL || t0_in_out_of_memory(g);
}

/* The required title: checked like any required string, kept only when
 * labels are wanted (else ""). */
bool t0_in_get_required_label(struct ingest *g, json_t *o, const char *key,
                              const char **out)
{
    if (g->labels)
        return t0_in_get_required_string(g, o, key, out);
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!v)
        return t0_in_fail(g, key, "missing required field");
    if (!json_is_string(v))
        return t0_in_fail(g, key, "expected a string, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    *out = "";
    return t0_in_check_string_limit(g, key, v);
}

/* A narrative string: kept when it is a string, ignored otherwise (only the
 * fields definitions.md rule 3.1.3 lists reject a record when malformed), but a string
 * over max_string_bytes still rejects. */
bool t0_in_get_text(struct ingest *g, json_t *o, const char *key, const char *path,
                    const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!json_is_string(v))
        return true;
    if (!t0_in_check_string_limit(g, path ? path : key, v))
        return false;
    *out = t0_in_arena_copy(g, v);
    return *out != NULL || t0_in_out_of_memory(g);
}

/* A deferred narrative string: copied when g->narrative, otherwise only
 * checked against max_string_bytes (so that it rejects the record exactly as
 * a copied one would) and left NULL. */
bool t0_in_get_narrative_text(struct ingest *g, json_t *o, const char *key,
                              const char *path, const char **out)
{
    if (g->narrative)
        return t0_in_get_text(g, o, key, path, out);
    json_t *v = json_object_get(o, key);
    *out = NULL;
    return !json_is_string(v) || t0_in_check_string_limit(g, path ? path : key, v);
}

/* A label (url, severity, cause): like get_text when labels are kept,
 * otherwise only checked against max_string_bytes and left NULL. */
bool t0_in_get_label_text(struct ingest *g, json_t *o, const char *key, const char **out)
{
    if (g->labels)
        return t0_in_get_text(g, o, key, NULL, out);
    json_t *v = json_object_get(o, key);
    *out = NULL;
    return !json_is_string(v) || t0_in_check_string_limit(g, key, v);
}

/* get_narrative_text for key of the index-th entry of list (path made on failure only).
 */
bool t0_in_get_entry_text(struct ingest *g, json_t *e, const char *list, size_t index,
                          const char *key, const char **out)
{
    json_t *v = json_object_get(e, key);
    *out = NULL;
    if (!json_is_string(v))
        return true;
    if (json_string_length(v) > g->lim.max_string_bytes || g->narrative) {
        char path[96];
        snprintf(path, sizeof path, "%s[%zu].%s", list, index, key);
        return t0_in_get_text(g, e, key, path, out);
    }
    return true;
}

bool t0_in_parse_time_value(struct ingest *g, const json_t *v, const char *path,
                            t0_ms *out)
{
    char buf[96];
    if (!json_is_string(v) ||
        !t0_parse_rfc3339(json_string_value(v), json_string_length(v), out, NULL))
        return t0_in_fail(g, path, "expected an RFC 3339 time with offset, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    return true;
}

/* A time; absent or null gives T0_NO_TIME unless required. */
bool t0_in_get_time(struct ingest *g, json_t *o, const char *key, const char *path,
                    bool required, t0_ms *out)
{
    json_t *v = json_object_get(o, key);
    if (!path)
        path = key;
    *out = T0_NO_TIME;
    if (!v || json_is_null(v)) {
        if (required)
            return t0_in_fail(g, path,
                              v ? "required field is null" : "missing required field");
        return true;
    }
    return t0_in_parse_time_value(g, v, path, out);
}

/* A list of service names, interned; absent or null gives an empty list
 * (*given = false). */
bool t0_in_get_services(struct ingest *g, json_t *o, const char *key, const char *path,
                        struct t0_symlist *out, bool *given)
{
    char buf[96], item[96];
    json_t *v = json_object_get(o, key);
    if (!path)
        path = key;
    out->items = NULL;
    out->count = 0;
    if (given)
        *given = false;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return t0_in_fail(g, path, "expected a list of strings, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, path, v))
        return false;
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);
        if (json_is_string(s) && json_string_length(s) <= g->lim.max_string_bytes)
            continue;
        snprintf(item, sizeof item, "%s[%zu]", path, i);
        if (!json_is_string(s))
            return t0_in_fail(g, item, "expected a string, got %s",
                              t0_in_describe(s, buf, sizeof buf));
        if (!t0_in_check_string_limit(g, item, s))
            return false;
    }
    if (n == 0)
        return true;
    if (!t0_grow((void **)&g->syms, &g->syms_cap, n, sizeof *g->syms))
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);
        g->syms[i] =
            t0_symtab_intern(g->ds->symbols, json_string_value(s), json_string_length(s));
    }
    t0_sym *items = t0_in_arena_array(g, n * sizeof *items);
    if (!items)
        return t0_in_out_of_memory(g);
    memcpy(items, g->syms, n * sizeof *items);
    out->items = items;
    out->count = (uint32_t)n;
    if (given)
        *given = true;
    return true;
}

/* ---- native fields (definitions.md §2.1, rules 3.1.3 and 3.1.4) ---- */

bool t0_in_get_impact(struct ingest *g, json_t *o, const char *key, const char *path,
                      enum t0_impact *out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!path)
        path = key;
    if (!v)
        return t0_in_fail(g, path, "missing required field");
    if (!json_is_string(v) ||
        !t0_impact_parse(json_string_value(v), json_string_length(v), out))
        return t0_in_fail(g, path,
                          "unknown impact %s: expected none, degraded_performance, "
                          "partial_outage or major_outage",
                          t0_in_describe(v, buf, sizeof buf));
    return true;
}

bool t0_in_get_caused_by(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96], item[64];
    json_t *v = json_object_get(o, "caused_by");
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v)) {
        if (!t0_in_check_string_limit(g, "caused_by", v))
            return false;
        const char **ids = t0_in_arena_array(g, sizeof *ids);
        if (!ids || !(ids[0] = t0_in_arena_copy(g, v)))
            return t0_in_out_of_memory(g);
        inc->caused_by = ids;
        inc->n_caused_by = 1;
        return true;
    }
    if (!json_is_array(v))
        return t0_in_fail(g, "caused_by",
                          "expected a string or a list of strings, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, "caused_by", v))
        return false;
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);
        if (json_is_string(s) && json_string_length(s) <= g->lim.max_string_bytes)
            continue;
        snprintf(item, sizeof item, "caused_by[%zu]", i);
        if (!json_is_string(s))
            return t0_in_fail(g, item, "expected a string, got %s",
                              t0_in_describe(s, buf, sizeof buf));
        if (!t0_in_check_string_limit(g, item, s))
            return false;
    }
    if (n == 0)
        return true;
    const char **ids = t0_in_arena_array(g, n * sizeof *ids);
    if (!ids)
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++)
        if (!(ids[i] = t0_in_arena_copy(g, json_array_get(v, i))))
            return t0_in_out_of_memory(g);
    inc->caused_by = ids;
    inc->n_caused_by = (uint32_t)n;
    return true;
}

static bool get_segment(struct ingest *g, json_t *s, size_t i, struct t0_segment *seg)
{
    char buf[96], path[64], field[80];
    snprintf(path, sizeof path, "segments[%zu]", i);
    if (!json_is_object(s))
        return t0_in_fail(g, path, "expected an object, got %s",
                          t0_in_describe(s, buf, sizeof buf));
    snprintf(field, sizeof field, "%s.from", path);
    if (!t0_in_get_time(g, s, "from", field, true, &seg->from))
        return false;
    snprintf(field, sizeof field, "%s.to", path);
    if (!t0_in_get_time(g, s, "to", field, false, &seg->to))
        return false;
    snprintf(field, sizeof field, "%s.impact", path);
    if (!t0_in_get_impact(g, s, "impact", field, &seg->impact))
        return false;
    snprintf(field, sizeof field, "%s.services", path);
    if (!t0_in_get_services(g, s, "services", field, &seg->services, &seg->has_services))
        return false;
    /* An empty list counts as absent, as for the segments list itself. */
    if (seg->services.count == 0)
        seg->has_services = false;
    if (seg->to != T0_NO_TIME && seg->to < seg->from) {
        snprintf(field, sizeof field, "%s.to", path);
        return t0_in_fail(g, field, "segment ends before it starts");
    }
    return true;
}

bool t0_in_get_segments(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    json_t *v = json_object_get(o, "segments");
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return t0_in_fail(g, "segments", "expected a list of segments, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, "segments", v))
        return false;
    size_t n = json_array_size(v);
    if (n == 0)
        return true;
    struct t0_segment *segs = t0_in_arena_array(g, n * sizeof *segs);
    if (!segs)
        return t0_in_out_of_memory(g);
    for (size_t i = 0; i < n; i++)
        if (!get_segment(g, json_array_get(v, i), i, &segs[i]))
            return false;
    inc->segments = segs;
    inc->n_segments = (uint32_t)n;
    return true;
}

static int compare_timeline(const void *a, const void *b)
{
    const struct t0_timeline_entry *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    /* Stable: entries keep their input order, which the arena address gives. */
    return x < y ? -1 : (x > y);
}

/* The list under key of a narrative field (timeline, action items), or NULL
 * when there is none to read: absent, not a list (ignored) or empty. When
 * narratives are kept, *store is arena room for all its entries; otherwise
 * NULL, and entries are only checked. False on a limit or out of memory. */
static bool narrative_list(struct ingest *g, json_t *o, const char *key,
                           size_t entry_size, json_t **list, void **store)
{
    *list = NULL;
    *store = NULL;
    json_t *v = json_object_get(o, key);
    if (!json_is_array(v) || json_array_size(v) == 0)
        return true;
    if (!t0_in_check_items_limit(g, key, v))
        return false;
    if (g->narrative && !(*store = t0_in_arena_array(g, json_array_size(v) * entry_size)))
        return t0_in_out_of_memory(g);
    *list = v;
    return true;
}

/* The timeline, oldest first. A narrative field: entries without a valid
 * "at" are left out, and a timeline that is not a list is ignored. */
bool t0_in_get_timeline(struct ingest *g, json_t *o, struct t0_narrative *nar)
{
    json_t *v;
    void *store;
    if (!narrative_list(g, o, "timeline", sizeof(struct t0_timeline_entry), &v, &store))
        return false;
    if (!v)
        return true;
    size_t n = json_array_size(v);
    struct t0_timeline_entry scratch, *tl = store;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        json_t *at = json_object_get(e, "at");
        t0_ms t;
        if (!json_is_string(at) ||
            !t0_parse_rfc3339(json_string_value(at), json_string_length(at), &t, NULL))
            continue;
        struct t0_timeline_entry *entry = g->narrative ? &tl[kept] : &scratch;
        entry->at = t;
        if (!t0_in_get_entry_text(g, e, "timeline", i, "text", &entry->text) ||
            !t0_in_get_entry_text(g, e, "timeline", i, "status", &entry->status))
            return false;
        kept++;
    }
    if (!g->narrative)
        return true;
    /* Sorting by (at, address) is a stable sort: entries were stored in order. */
    qsort(tl, kept, sizeof *tl, compare_timeline);
    nar->timeline = tl;
    nar->n_timeline = (uint32_t)kept;
    return true;
}

/* Action items: a narrative field, entries that are not objects are left out. */
bool t0_in_get_actions(struct ingest *g, json_t *o, struct t0_narrative *nar)
{
    json_t *v;
    void *store;
    if (!narrative_list(g, o, "action_items", sizeof(struct t0_action_item), &v, &store))
        return false;
    if (!v)
        return true;
    size_t n = json_array_size(v);
    struct t0_action_item scratch, *items = store;
    size_t kept = 0;
    static const char *const keys[] = {"title", "owner", "status", "due"};
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_object(e))
            continue;
        struct t0_action_item *item = g->narrative ? &items[kept] : &scratch;
        const char **fields[] = {&item->title, &item->owner, &item->status, &item->due};
        for (size_t k = 0; k < 4; k++)
            if (!t0_in_get_entry_text(g, e, "action_items", i, keys[k], fields[k]))
                return false;
        kept++;
    }
    if (!g->narrative)
        return true;
    nar->actions = items;
    nar->n_actions = (uint32_t)kept;
    return true;
}

bool t0_in_keep_narrative(struct ingest *g, const struct t0_narrative *nar,
                          const struct t0_narrative **out)
{
    *out = NULL;
    if (!nar->summary && !nar->root_cause && !nar->trigger && !nar->resolution &&
        !nar->lessons && nar->n_timeline == 0 && nar->n_actions == 0)
        return true;
    struct t0_narrative *copy = t0_in_arena_array(g, sizeof *copy);
    if (!copy)
        return t0_in_out_of_memory(g);
    *copy = *nar;
    *out = copy;
    return true;
}

bool t0_in_check_resolution_order(struct ingest *g, json_t *o,
                                  const struct t0_incident *inc)
{
    char a[96], b[96];
    if (inc->resolved_at == T0_NO_TIME || inc->resolved_at >= inc->started_at)
        return true;
    const char *start_key =
        json_is_string(json_object_get(o, "started_at")) ? "started_at" : "created_at";
    return t0_in_fail(g, "resolved_at", "resolved_at %s is before started_at %s",
                      t0_in_describe(json_object_get(o, "resolved_at"), a, sizeof a),
                      t0_in_describe(json_object_get(o, start_key), b, sizeof b));
}

/* As t0_in_check_resolution_order, for a vendor record whose start and end
 * are under other keys. */
bool t0_in_check_order_keys(struct ingest *g, json_t *o, const struct t0_incident *inc,
                            const char *start_key, const char *end_key)
{
    char a[96], b[96];
    if (inc->resolved_at == T0_NO_TIME || inc->resolved_at >= inc->started_at)
        return true;
    return t0_in_fail(g, end_key, "%s %s is before %s %s", end_key,
                      t0_in_describe(json_object_get(o, end_key), a, sizeof a), start_key,
                      t0_in_describe(json_object_get(o, start_key), b, sizeof b));
}

char *t0_in_arena_strn(struct ingest *g, const char *s, size_t len)
{
    char *p = t0_arena_strndup(g->ds->arena, s, len);
    if (!p)
        g->oom = true;
    return p;
}

bool t0_in_keep_syms(struct ingest *g, size_t n, struct t0_symlist *out)
{
    out->items = NULL;
    out->count = 0;
    if (n == 0)
        return true;
    t0_sym *items = t0_in_arena_array(g, n * sizeof *items);
    if (!items)
        return t0_in_out_of_memory(g);
    memcpy(items, g->syms, n * sizeof *items);
    out->items = items;
    out->count = (uint32_t)n;
    return true;
}

void t0_in_note_updated(struct ingest *g, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    t0_ms t;
    if (json_is_string(v) &&
        t0_parse_rfc3339(json_string_value(v), json_string_length(v), &t, NULL))
        g->updated_at = t;
}

/* ---- vendor mappings ---- */

bool t0_in_import_impact(const struct ingest *g, const char *name, enum t0_impact *out)
{
    const struct t0_import *im = g->lim.import;
    if (!im || !name)
        return false;
    for (size_t i = 0; i < im->n_impact; i++)
        if (g_ascii_strcasecmp(im->impact[i].name, name) == 0) {
            *out = im->impact[i].impact;
            return true;
        }
    return false;
}

const char *const *t0_in_import_timestamps(const struct ingest *g, const char *what,
                                           size_t *n)
{
    static const char *const whats[] = {"started", "detected", "mitigated", "resolved"};
    const struct t0_import *im = g->lim.import;
    *n = 0;
    if (!im)
        return NULL;
    for (size_t i = 0; i < 4; i++)
        if (strcmp(whats[i], what) == 0 && im->timestamps[i]) {
            *n = im->n_timestamps[i];
            return (const char *const *)im->timestamps[i];
        }
    return NULL;
}

bool t0_in_opt_string(struct ingest *g, json_t *o, const char *key, const char *path,
                      json_t **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return t0_in_fail(g, path ? path : key, "expected a string, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_string_limit(g, path ? path : key, v))
        return false;
    *out = v;
    return true;
}

bool t0_in_opt_object(struct ingest *g, json_t *o, const char *key, const char *path,
                      json_t **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_object(v))
        return t0_in_fail(g, path ? path : key, "expected an object, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    *out = v;
    return true;
}

const char *t0_in_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

void *t0_in_scratch(struct ingest *g, int fmt, size_t size)
{
    if (!g->scratch[fmt])
        g->scratch[fmt] = calloc(1, size);
    return g->scratch[fmt];
}

bool t0_in_vendor_label(struct ingest *g, json_t *o, const char *key, const char **out)
{
    json_t *v;
    *out = NULL;
    if (!t0_in_opt_string(g, o, key, NULL, &v))
        return false;
    return !v || t0_in_get_label_text(g, o, key, out);
}

bool t0_in_opt_array(struct ingest *g, json_t *o, const char *key, const char *path,
                     json_t **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return t0_in_fail(g, path ? path : key, "expected a list, got %s",
                          t0_in_describe(v, buf, sizeof buf));
    if (!t0_in_check_items_limit(g, path ? path : key, v))
        return false;
    *out = v;
    return true;
}
