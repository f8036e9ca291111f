/* ingest.c: reading incident and release files of every SPEC section 2 shape, one record at a time. */
#include "tierzero/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_stream.h"
#include "parse_pool.h"

/*
 * How a file is read. The whole document is never held as a JSON tree:
 *
 *   pass 1  scans the first top-level value with the byte-level scanner of
 *           json_stream.c, collecting its top-level keys (a Statuspage
 *           "page" may follow "incidents"), finding structural errors, and
 *           telling NDJSON (a first line that is a complete object, more
 *           non-blank lines after it) from one document;
 *   pass 2  seeks back and walks the top level strictly: each element of
 *           the records array (each NDJSON line) is found by the scanner,
 *           parsed alone with json_loadb, converted to a C record and freed.
 *           The parsing is done by a pool of threads (parse_pool.h) that
 *           hands the parsed records back in order, so conversion, ids and
 *           rejections are those of a reading on one thread.
 *
 * Standard input and other unseekable files are spooled to a temporary file
 * first. A UTF-8 byte-order mark at the very start is skipped: editors on
 * some systems write one, and it carries no meaning in UTF-8.
 *
 * A syntax error anywhere is an input error for the whole file at an
 * absolute file:line:col; nothing read before it is kept. Problems inside
 * one record (a missing field, duplicate keys, a limit) reject that record.
 */

#define DEFAULT_MAX_INPUT ((size_t)4 << 30)
#define DEFAULT_MAX_RECORD ((size_t)64 << 20)
#define DEFAULT_MAX_STRING ((size_t)16 << 20)
#define DEFAULT_MAX_ITEMS ((size_t)100000)

enum rec_kind {
    REC_NATIVE_INCIDENT,
    REC_STATUSPAGE_INCIDENT,
    REC_NATIVE_RELEASE,
    REC_GITHUB_RELEASE,
};

/* Ids accepted so far: open addressing over record indexes + 1. */
struct idset {
    uint32_t *slots;
    size_t cap, count;
};

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
};

/* Keys seen at the top level in pass 1. */
struct top_keys {
    int page, incidents, incident, id, releases, tag_name;
    bool object; /* keys of one object (not of every element of an array) */
    char duplicate[80]; /* a records key given twice */
    struct t0_js_pos duplicate_at;
};

struct ingest {
    struct t0_dataset *ds;
    struct t0_input_report *in;
    bool releases;
    const char *source; /* for messages: the path, or "<stdin>" */
    struct t0_limits lim;
    struct t0_error *err;
    struct t0_js_reader rd;
    bool rd_ready;
    int fd;
    FILE *spool;
    struct idset ids;
    bool oom;
    struct t0_pp *pp; /* the records array or NDJSON lines being parsed */
    struct t0_error *record_err; /* where errors of records taken from pp go */

    /* the record being converted */
    enum rec_kind kind;
    char prefix[64]; /* "incidents[17]", "[17]", "line 5", "incident", "" */
    const char *prefix_array; /* non-NULL: the prefix is "<prefix_array>[index]", made on failure */
    bool prefix_line;         /* the prefix is "line <line>", made on failure */
    bool ndjson;
    size_t index, line;
    char reason[768];
    /* Narrative fields (summary, root_cause, trigger, resolution, lessons,
     * timeline, action items) are copied when set; otherwise only checked
     * against the limits, and read back later by t0_load_narrative. */
    bool narrative;
    bool labels;         /* keep title, url, severity, cause (!skip_labels) */
    uint32_t source_no;  /* 1-based entry of ds->sources for deferred narratives, 0: none */
    uint64_t rec_offset; /* the current record's bytes in the file */
    size_t rec_length;
    uint64_t file_size;  /* for progress */
    size_t since_progress;

    /* scratch, reused across records */
    t0_sym *syms;
    size_t syms_cap;
    struct t0_segment *segs;
    size_t segs_cap;
    struct sp_update *upds;
    size_t upds_cap;
    struct sp_component *comps;
    size_t comps_cap;
    GHashTable *comp_index;
};

/* ---- small helpers ---- */

/* Zeroed, 16-aligned memory in the dataset's arena. */
static void *arena_array(struct ingest *g, size_t size)
{
    return t0_arena_alloc(g->ds->arena, size);
}

static bool grow_scratch(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*items, ncap * elem);
    if (!p)
        return false;
    *items = p;
    *cap = ncap;
    return true;
}

/* A short description of a JSON value for messages: "\"text\"", "42", "an object". */
static const char *describe(const json_t *v, char *buf, size_t size)
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
static bool fail(struct ingest *g, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct ingest *g, const char *field, const char *fmt, ...)
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
        snprintf(g->reason, sizeof g->reason, "%s%s%s: %s", g->prefix, g->ndjson ? ": " : ".",
                 field, text);
    else
        snprintf(g->reason, sizeof g->reason, "%s: %s", g->prefix, text);
    return false;
}

static bool out_of_memory(struct ingest *g)
{
    g->oom = true;
    return fail(g, NULL, "out of memory");
}

/* ---- the set of accepted ids ---- */

static const char *record_id(const struct ingest *g, uint32_t i)
{
    return g->releases ? g->ds->releases[i].id : g->ds->incidents[i].id;
}

static size_t idset_slot(const struct ingest *g, const char *id)
{
    size_t mask = g->ids.cap - 1;
    size_t h = g_str_hash(id) & mask;
    while (g->ids.slots[h] && strcmp(record_id(g, g->ids.slots[h] - 1), id) != 0)
        h = (h + 1) & mask;
    return h;
}

static bool idset_contains(const struct ingest *g, const char *id)
{
    return g->ids.cap && g->ids.slots[idset_slot(g, id)] != 0;
}

static bool idset_add(struct ingest *g, uint32_t index)
{
    if ((g->ids.count + 1) * 2 > g->ids.cap) {
        size_t ncap = g->ids.cap ? g->ids.cap * 2 : 1024;
        uint32_t *old = g->ids.slots;
        size_t old_cap = g->ids.cap;
        g->ids.slots = calloc(ncap, sizeof *g->ids.slots);
        if (!g->ids.slots) {
            g->ids.slots = old;
            return false;
        }
        g->ids.cap = ncap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                g->ids.slots[idset_slot(g, record_id(g, old[i] - 1))] = old[i];
        free(old);
    }
    g->ids.slots[idset_slot(g, record_id(g, index))] = index + 1;
    g->ids.count++;
    return true;
}

/* ---- field readers: each returns false with g->reason set ---- */

static char *arena_copy(struct ingest *g, const json_t *s)
{
    char *p = t0_arena_strndup(g->ds->arena, json_string_value(s), json_string_length(s));
    if (!p)
        g->oom = true;
    return p;
}

static bool check_string_limit(struct ingest *g, const char *path, const json_t *s)
{
    if (json_string_length(s) > g->lim.max_string_bytes)
        return fail(g, path, "string of %zu bytes exceeds max_string_bytes (%zu bytes)",
                    json_string_length(s), g->lim.max_string_bytes);
    return true;
}

static bool check_items_limit(struct ingest *g, const char *path, const json_t *a)
{
    if (json_array_size(a) > g->lim.max_array_items)
        return fail(g, path, "%zu items exceed max_array_items (%zu)", json_array_size(a),
                    g->lim.max_array_items);
    return true;
}

/* A required non-empty string (ids). */
static bool get_id(struct ingest *g, json_t *o, const char *key, const char **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(g, key, "missing required field");
    if (!json_is_string(v) || json_string_length(v) == 0)
        return fail(g, key, "expected a non-empty string, got %s", describe(v, buf, sizeof buf));
    if (!check_string_limit(g, key, v))
        return false;
    *out = arena_copy(g, v);
    return *out != NULL || out_of_memory(g);
}

/* A required string (titles). */
static bool get_required_string(struct ingest *g, json_t *o, const char *key, const char **out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(g, key, "missing required field");
    if (!json_is_string(v))
        return fail(g, key, "expected a string, got %s", describe(v, buf, sizeof buf));
    if (!check_string_limit(g, key, v))
        return false;
    *out = arena_copy(g, v);
    return *out != NULL || out_of_memory(g);
}

/* The required title: checked like any required string, kept only when
 * labels are wanted (else ""). */
static bool get_required_label(struct ingest *g, json_t *o, const char *key, const char **out)
{
    if (g->labels)
        return get_required_string(g, o, key, out);
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(g, key, "missing required field");
    if (!json_is_string(v))
        return fail(g, key, "expected a string, got %s", describe(v, buf, sizeof buf));
    *out = "";
    return check_string_limit(g, key, v);
}

/* A narrative string: kept when it is a string, ignored otherwise (only the
 * fields SPEC 3.1 rule 3 lists reject a record when malformed), but a string
 * over max_string_bytes still rejects. */
static bool get_text(struct ingest *g, json_t *o, const char *key, const char *path,
                     const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!json_is_string(v))
        return true;
    if (!check_string_limit(g, path ? path : key, v))
        return false;
    *out = arena_copy(g, v);
    return *out != NULL || out_of_memory(g);
}

/* A deferred narrative string: copied when g->narrative, otherwise only
 * checked against max_string_bytes (so that it rejects the record exactly as
 * a copied one would) and left NULL. */
static bool get_narrative_text(struct ingest *g, json_t *o, const char *key, const char *path,
                               const char **out)
{
    if (g->narrative)
        return get_text(g, o, key, path, out);
    json_t *v = json_object_get(o, key);
    *out = NULL;
    return !json_is_string(v) || check_string_limit(g, path ? path : key, v);
}

/* A label (url, severity, cause): like get_text when labels are kept,
 * otherwise only checked against max_string_bytes and left NULL. */
static bool get_label_text(struct ingest *g, json_t *o, const char *key, const char **out)
{
    if (g->labels)
        return get_text(g, o, key, NULL, out);
    json_t *v = json_object_get(o, key);
    *out = NULL;
    return !json_is_string(v) || check_string_limit(g, key, v);
}

/* get_narrative_text for key of the index-th entry of list (path made on failure only). */
static bool get_entry_text(struct ingest *g, json_t *e, const char *list, size_t index,
                           const char *key, const char **out)
{
    json_t *v = json_object_get(e, key);
    *out = NULL;
    if (!json_is_string(v))
        return true;
    if (json_string_length(v) > g->lim.max_string_bytes || g->narrative) {
        char path[96];
        snprintf(path, sizeof path, "%s[%zu].%s", list, index, key);
        return get_text(g, e, key, path, out);
    }
    return true;
}

static bool parse_time_value(struct ingest *g, const json_t *v, const char *path, t0_ms *out)
{
    char buf[96];
    if (!json_is_string(v) ||
        !t0_parse_rfc3339(json_string_value(v), json_string_length(v), out, NULL))
        return fail(g, path, "expected an RFC 3339 time with offset, got %s",
                    describe(v, buf, sizeof buf));
    return true;
}

/* A time; absent or null gives T0_NO_TIME unless required. */
static bool get_time(struct ingest *g, json_t *o, const char *key, const char *path,
                     bool required, t0_ms *out)
{
    json_t *v = json_object_get(o, key);
    if (!path)
        path = key;
    *out = T0_NO_TIME;
    if (!v || json_is_null(v)) {
        if (required)
            return fail(g, path, v ? "required field is null" : "missing required field");
        return true;
    }
    return parse_time_value(g, v, path, out);
}

/* A list of service names, interned; absent or null gives an empty list
 * (*given = false). */
static bool get_services(struct ingest *g, json_t *o, const char *key, const char *path,
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
        return fail(g, path, "expected a list of strings, got %s", describe(v, buf, sizeof buf));
    if (!check_items_limit(g, path, v))
        return false;
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);
        if (json_is_string(s) && json_string_length(s) <= g->lim.max_string_bytes)
            continue;
        snprintf(item, sizeof item, "%s[%zu]", path, i);
        if (!json_is_string(s))
            return fail(g, item, "expected a string, got %s", describe(s, buf, sizeof buf));
        if (!check_string_limit(g, item, s))
            return false;
    }
    if (n == 0)
        return true;
    if (!grow_scratch((void **)&g->syms, &g->syms_cap, n, sizeof *g->syms))
        return out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);
        g->syms[i] = t0_symtab_intern(g->ds->symbols, json_string_value(s), json_string_length(s));
    }
    t0_sym *items = arena_array(g, n * sizeof *items);
    if (!items)
        return out_of_memory(g);
    memcpy(items, g->syms, n * sizeof *items);
    out->items = items;
    out->count = (uint32_t)n;
    if (given)
        *given = true;
    return true;
}

/* ---- native incidents (SPEC 2.1, 3.1 rules 3 and 4) ---- */

static bool get_impact(struct ingest *g, json_t *o, const char *key, const char *path,
                       enum t0_impact *out)
{
    char buf[96];
    json_t *v = json_object_get(o, key);
    if (!path)
        path = key;
    if (!v)
        return fail(g, path, "missing required field");
    if (!json_is_string(v) || !t0_impact_parse(json_string_value(v), json_string_length(v), out))
        return fail(g, path,
                    "unknown impact %s: expected none, degraded_performance, "
                    "partial_outage or major_outage",
                    describe(v, buf, sizeof buf));
    return true;
}

static bool get_caused_by(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96], item[64];
    json_t *v = json_object_get(o, "caused_by");
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v)) {
        if (!check_string_limit(g, "caused_by", v))
            return false;
        const char **ids = arena_array(g, sizeof *ids);
        if (!ids || !(ids[0] = arena_copy(g, v)))
            return out_of_memory(g);
        inc->caused_by = ids;
        inc->n_caused_by = 1;
        return true;
    }
    if (!json_is_array(v))
        return fail(g, "caused_by", "expected a string or a list of strings, got %s",
                    describe(v, buf, sizeof buf));
    if (!check_items_limit(g, "caused_by", v))
        return false;
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);
        if (json_is_string(s) && json_string_length(s) <= g->lim.max_string_bytes)
            continue;
        snprintf(item, sizeof item, "caused_by[%zu]", i);
        if (!json_is_string(s))
            return fail(g, item, "expected a string, got %s", describe(s, buf, sizeof buf));
        if (!check_string_limit(g, item, s))
            return false;
    }
    if (n == 0)
        return true;
    const char **ids = arena_array(g, n * sizeof *ids);
    if (!ids)
        return out_of_memory(g);
    for (size_t i = 0; i < n; i++)
        if (!(ids[i] = arena_copy(g, json_array_get(v, i))))
            return out_of_memory(g);
    inc->caused_by = ids;
    inc->n_caused_by = (uint32_t)n;
    return true;
}

static bool get_segment(struct ingest *g, json_t *s, size_t i, struct t0_segment *seg)
{
    char buf[96], path[64], field[80];
    snprintf(path, sizeof path, "segments[%zu]", i);
    if (!json_is_object(s))
        return fail(g, path, "expected an object, got %s", describe(s, buf, sizeof buf));
    snprintf(field, sizeof field, "%s.from", path);
    if (!get_time(g, s, "from", field, true, &seg->from))
        return false;
    snprintf(field, sizeof field, "%s.to", path);
    if (!get_time(g, s, "to", field, false, &seg->to))
        return false;
    snprintf(field, sizeof field, "%s.impact", path);
    if (!get_impact(g, s, "impact", field, &seg->impact))
        return false;
    snprintf(field, sizeof field, "%s.services", path);
    if (!get_services(g, s, "services", field, &seg->services, &seg->has_services))
        return false;
    /* An empty list counts as absent, as for the segments list itself. */
    if (seg->services.count == 0)
        seg->has_services = false;
    if (seg->to != T0_NO_TIME && seg->to < seg->from) {
        snprintf(field, sizeof field, "%s.to", path);
        return fail(g, field, "segment ends before it starts");
    }
    return true;
}

static bool get_segments(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    json_t *v = json_object_get(o, "segments");
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return fail(g, "segments", "expected a list of segments, got %s",
                    describe(v, buf, sizeof buf));
    if (!check_items_limit(g, "segments", v))
        return false;
    size_t n = json_array_size(v);
    if (n == 0)
        return true;
    struct t0_segment *segs = arena_array(g, n * sizeof *segs);
    if (!segs)
        return out_of_memory(g);
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
static bool narrative_list(struct ingest *g, json_t *o, const char *key, size_t entry_size,
                           json_t **list, void **store)
{
    *list = NULL;
    *store = NULL;
    json_t *v = json_object_get(o, key);
    if (!json_is_array(v) || json_array_size(v) == 0)
        return true;
    if (!check_items_limit(g, key, v))
        return false;
    if (g->narrative && !(*store = arena_array(g, json_array_size(v) * entry_size)))
        return out_of_memory(g);
    *list = v;
    return true;
}

/* The timeline, oldest first. A narrative field: entries without a valid
 * "at" are left out, and a timeline that is not a list is ignored. */
static bool get_timeline(struct ingest *g, json_t *o, struct t0_incident *inc)
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
        if (!get_entry_text(g, e, "timeline", i, "text", &entry->text) ||
            !get_entry_text(g, e, "timeline", i, "status", &entry->status))
            return false;
        kept++;
    }
    if (!g->narrative)
        return true;
    /* Sorting by (at, address) is a stable sort: entries were stored in order. */
    qsort(tl, kept, sizeof *tl, compare_timeline);
    inc->timeline = tl;
    inc->n_timeline = (uint32_t)kept;
    return true;
}

/* Action items: a narrative field, entries that are not objects are left out. */
static bool get_actions(struct ingest *g, json_t *o, struct t0_incident *inc)
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
            if (!get_entry_text(g, e, "action_items", i, keys[k], fields[k]))
                return false;
        kept++;
    }
    if (!g->narrative)
        return true;
    inc->actions = items;
    inc->n_actions = (uint32_t)kept;
    return true;
}

static bool check_resolution_order(struct ingest *g, json_t *o, const struct t0_incident *inc)
{
    char a[96], b[96];
    if (inc->resolved_at == T0_NO_TIME || inc->resolved_at >= inc->started_at)
        return true;
    const char *start_key = json_is_string(json_object_get(o, "started_at")) ? "started_at"
                                                                              : "created_at";
    return fail(g, "resolved_at", "resolved_at %s is before started_at %s",
                describe(json_object_get(o, "resolved_at"), a, sizeof a),
                describe(json_object_get(o, start_key), b, sizeof b));
}

/* The narrative fields. Severity, cause and url are always copied (every
 * document may show them); the postmortem material is copied or only
 * checked (g->narrative). */
static bool get_narrative(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    if (!get_label_text(g, o, "severity", &inc->severity) ||
        !get_label_text(g, o, "cause", &inc->cause) ||
        !get_narrative_text(g, o, "summary", NULL, &inc->summary) ||
        !get_narrative_text(g, o, "root_cause", NULL, &inc->root_cause) ||
        !get_narrative_text(g, o, "trigger", NULL, &inc->trigger) ||
        !get_narrative_text(g, o, "resolution", NULL, &inc->resolution) ||
        !get_narrative_text(g, o, "lessons", NULL, &inc->lessons) ||
        !get_label_text(g, o, "url", &inc->url))
        return false;
    if (!json_is_string(json_object_get(o, "lessons")) &&
        !get_narrative_text(g, o, "lessons_learned", NULL, &inc->lessons))
        return false;
    return get_timeline(g, o, inc) && get_actions(g, o, inc);
}

static bool convert_native_incident(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    if (!json_is_object(o))
        return fail(g, NULL, "expected an incident object, got %s", describe(o, buf, sizeof buf));
    return get_id(g, o, "id", &inc->id) && get_required_label(g, o, "title", &inc->title) &&
           get_impact(g, o, "impact", NULL, &inc->impact) &&
           get_time(g, o, "started_at", NULL, true, &inc->started_at) &&
           get_time(g, o, "detected_at", NULL, false, &inc->detected_at) &&
           get_time(g, o, "mitigated_at", NULL, false, &inc->mitigated_at) &&
           get_time(g, o, "resolved_at", NULL, false, &inc->resolved_at) &&
           check_resolution_order(g, o, inc) &&
           get_services(g, o, "services", NULL, &inc->services, NULL) &&
           get_caused_by(g, o, inc) && get_segments(g, o, inc) && get_narrative(g, o, inc);
}

/* ---- Statuspage incidents (SPEC 2.2, 3.1 rules 5 and 14) ---- */

static bool statuspage_impact(struct ingest *g, json_t *o, enum t0_impact *out)
{
    static const char *const names[T0_IMPACT_COUNT] = {"none", "minor", "major", "critical"};
    char buf[96];
    json_t *v = json_object_get(o, "impact");
    if (!v)
        return fail(g, "impact", "missing required field");
    if (json_is_string(v))
        for (int i = 0; i < T0_IMPACT_COUNT; i++)
            if (strcmp(json_string_value(v), names[i]) == 0) {
                *out = (enum t0_impact)i;
                return true;
            }
    return fail(g, "impact",
                "unknown Statuspage impact %s: expected none, minor, major or critical",
                describe(v, buf, sizeof buf));
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
        return fail(g, "components", "expected a list, got %s", describe(v, buf, sizeof buf));
    if (!check_items_limit(g, "components", v))
        return false;
    size_t n = json_array_size(v), kept = 0;
    if (!grow_scratch((void **)&g->syms, &g->syms_cap, n, sizeof *g->syms))
        return out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *name = json_object_get(json_array_get(v, i), "name");
        if (!json_is_string(name))
            continue;
        char path[64];
        snprintf(path, sizeof path, "components[%zu].name", i);
        if (!check_string_limit(g, path, name))
            return false;
        g->syms[kept++] =
            t0_symtab_intern(g->ds->symbols, json_string_value(name), json_string_length(name));
    }
    if (kept == 0)
        return true;
    t0_sym *items = arena_array(g, kept * sizeof *items);
    if (!items)
        return out_of_memory(g);
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

/* Reads incident_updates into g->upds sorted by created_at (stable); *count is
 * how many. */
static bool statuspage_updates(struct ingest *g, json_t *o, size_t *count)
{
    char buf[96], path[64];
    json_t *v = json_object_get(o, "incident_updates");
    *count = 0;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return fail(g, "incident_updates", "expected a list, got %s",
                    describe(v, buf, sizeof buf));
    if (!check_items_limit(g, "incident_updates", v))
        return false;
    size_t n = json_array_size(v);
    if (!grow_scratch((void **)&g->upds, &g->upds_cap, n, sizeof *g->upds))
        return out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_array_get(v, i);
        snprintf(path, sizeof path, "incident_updates[%zu]", i);
        if (!json_is_object(u))
            return fail(g, path, "expected an object, got %s", describe(u, buf, sizeof buf));
        snprintf(path, sizeof path, "incident_updates[%zu].created_at", i);
        if (!get_time(g, u, "created_at", path, true, &g->upds[i].at))
            return false;
        g->upds[i].index = i;
        g->upds[i].update = u;
    }
    if (n > 1) /* g->upds is still NULL when no record had updates yet */
        qsort(g->upds, n, sizeof *g->upds, compare_updates);
    *count = n;
    return true;
}

static bool statuspage_timeline(struct ingest *g, size_t n, struct t0_incident *inc)
{
    char path[80];
    if (n == 0)
        return true;
    struct t0_timeline_entry scratch, *tl = &scratch;
    if (g->narrative && !(tl = arena_array(g, n * sizeof *tl)))
        return out_of_memory(g);
    for (size_t i = 0; i < n; i++) {
        json_t *u = g->upds[i].update;
        struct t0_timeline_entry *entry = g->narrative ? &tl[i] : &scratch;
        entry->at = g->upds[i].at;
        snprintf(path, sizeof path, "incident_updates[%zu].status", g->upds[i].index);
        if (!get_narrative_text(g, u, "status", path, &entry->status))
            return false;
        snprintf(path, sizeof path, "incident_updates[%zu].body", g->upds[i].index);
        if (!get_narrative_text(g, u, "body", path, &entry->text))
            return false;
    }
    if (!g->narrative)
        return true;
    inc->timeline = tl;
    inc->n_timeline = (uint32_t)n;
    return true;
}

static bool emit_segment(struct ingest *g, size_t *nsegs, const struct sp_component *c, t0_ms to)
{
    if (!grow_scratch((void **)&g->segs, &g->segs_cap, *nsegs + 1, sizeof *g->segs))
        return out_of_memory(g);
    t0_sym *sym = arena_array(g, sizeof *sym);
    if (!sym)
        return out_of_memory(g);
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

/* A component's slot, by its name compared as service names are (SPEC 3.1
 * rule 11: case folding), so an update that spells it in other case moves
 * the same component. */
static struct sp_component *component_slot(struct ingest *g, size_t *ncomps, json_t *name)
{
    t0_sym sym = t0_symtab_intern(g->ds->symbols, json_string_value(name),
                                  json_string_length(name));
    gpointer key = GSIZE_TO_POINTER((gsize)sym + 1);
    gpointer found = g_hash_table_lookup(g->comp_index, key);
    if (found)
        return &g->comps[GPOINTER_TO_SIZE(found) - 1];
    if (!grow_scratch((void **)&g->comps, &g->comps_cap, *ncomps + 1, sizeof *g->comps))
        return NULL;
    struct sp_component *c = &g->comps[*ncomps];
    c->name = json_string_value(name);
    c->len = json_string_length(name);
    c->active = false;
    g_hash_table_insert(g->comp_index, key, GSIZE_TO_POINTER(++*ncomps));
    return c;
}

/* Segments from affected_components (SPEC 3.1 rule 5), walking the sorted updates. */
static bool statuspage_segments(struct ingest *g, size_t nupd, struct t0_incident *inc)
{
    size_t ncomps = 0, nsegs = 0;
    g_hash_table_remove_all(g->comp_index);
    for (size_t i = 0; i < nupd; i++) {
        json_t *affected = json_object_get(g->upds[i].update, "affected_components");
        if (!json_is_array(affected))
            continue;
        if (!check_items_limit(g, "affected_components", affected))
            return false;
        t0_ms at = g->upds[i].at;
        for (size_t k = 0; k < json_array_size(affected); k++) {
            json_t *entry = json_array_get(affected, k);
            json_t *name = json_object_get(entry, "name");
            if (!json_is_string(name))
                continue;
            struct sp_component *c = component_slot(g, &ncomps, name);
            if (!c)
                return out_of_memory(g);
            enum t0_impact impact;
            bool is_impact = component_impact(json_object_get(entry, "new_status"), &impact);
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
        if (g->comps[i].active && !emit_segment(g, &nsegs, &g->comps[i], T0_NO_TIME))
            return false;
    if (nsegs == 0)
        return true;
    struct t0_segment *segs = arena_array(g, nsegs * sizeof *segs);
    if (!segs)
        return out_of_memory(g);
    memcpy(segs, g->segs, nsegs * sizeof *segs);
    inc->segments = segs;
    inc->n_segments = (uint32_t)nsegs;
    return true;
}

static bool convert_statuspage_incident(struct ingest *g, json_t *o, struct t0_incident *inc)
{
    char buf[96];
    size_t nupd = 0;
    if (!json_is_object(o))
        return fail(g, NULL, "expected an incident object, got %s", describe(o, buf, sizeof buf));
    if (!get_id(g, o, "id", &inc->id) || !get_required_label(g, o, "name", &inc->title) ||
        !statuspage_impact(g, o, &inc->impact))
        return false;
    json_t *started = json_object_get(o, "started_at");
    if (started && !json_is_null(started)) {
        if (!parse_time_value(g, started, "started_at", &inc->started_at))
            return false;
    } else if (!get_time(g, o, "created_at", NULL, true, &inc->started_at)) {
        return fail(g, "started_at", "missing required field (and no created_at)");
    }
    return get_time(g, o, "created_at", NULL, false, &inc->detected_at) &&
           get_time(g, o, "monitoring_at", NULL, false, &inc->mitigated_at) &&
           get_time(g, o, "resolved_at", NULL, false, &inc->resolved_at) &&
           check_resolution_order(g, o, inc) && statuspage_services(g, o, &inc->services) &&
           statuspage_updates(g, o, &nupd) && statuspage_timeline(g, nupd, inc) &&
           statuspage_segments(g, nupd, inc) &&
           get_label_text(g, o, "shortlink", &inc->url) &&
           get_narrative_text(g, o, "postmortem_body", NULL, &inc->root_cause);
}

/* ---- releases (SPEC 2.3) ---- */

static bool convert_native_release(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return fail(g, NULL, "expected a release object, got %s", describe(o, buf, sizeof buf));
    return get_id(g, o, "id", &rel->id) &&
           get_time(g, o, "released_at", NULL, true, &rel->released_at) &&
           get_services(g, o, "services", NULL, &rel->services, NULL) &&
           get_text(g, o, "name", NULL, &rel->name) && get_text(g, o, "kind", NULL, &rel->kind) &&
           get_text(g, o, "url", NULL, &rel->url);
}

/* GitLab's release link: _links.self when it is a string. */
static bool gitlab_url(struct ingest *g, json_t *o, const char **out)
{
    json_t *links = json_object_get(o, "_links");
    json_t *self = json_is_object(links) ? json_object_get(links, "self") : NULL;
    *out = NULL;
    if (!json_is_string(self))
        return true;
    *out = arena_copy(g, self);
    return *out != NULL || out_of_memory(g);
}

static bool convert_github_release(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return fail(g, NULL, "expected a release object, got %s", describe(o, buf, sizeof buf));
    if (!get_id(g, o, "tag_name", &rel->id))
        return false;
    json_t *published = json_object_get(o, "published_at");
    if (!published && json_object_get(o, "released_at")) { /* GitLab (SPEC 11 rule 1) */
        if (g->in->read == 1) /* the file's format is its first record's */
            g->in->format = "gitlab";
        return get_time(g, o, "released_at", NULL, true, &rel->released_at) &&
               get_text(g, o, "name", NULL, &rel->name) && gitlab_url(g, o, &rel->url);
    }
    if (json_is_null(published))
        return fail(g, NULL, "draft release: published_at is null");
    return get_time(g, o, "published_at", NULL, true, &rel->released_at) &&
           get_text(g, o, "name", NULL, &rel->name) &&
           get_text(g, o, "html_url", NULL, &rel->url);
}

/* ---- one record ---- */

static void reject(struct ingest *g, json_t *o)
{
    const char *key = g->kind == REC_GITHUB_RELEASE ? "tag_name" : "id";
    json_t *id = json_is_object(o) ? json_object_get(o, key) : NULL;
    t0_input_reject(g->ds, g->in, g->index, g->line,
                    json_is_string(id) ? json_string_value(id) : NULL, g->reason);
}

/* Counts, converts and stores (or rejects) one parsed record. */
static void take_record(struct ingest *g, json_t *o)
{
    g->in->read++;
    if (g->releases) {
        struct t0_release rel;
        memset(&rel, 0, sizeof rel);
        bool ok = g->kind == REC_GITHUB_RELEASE ? convert_github_release(g, o, &rel)
                                                : convert_native_release(g, o, &rel);
        if (ok && idset_contains(g, rel.id))
            ok = fail(g, g->kind == REC_GITHUB_RELEASE ? "tag_name" : "id",
                      "duplicate id \"%s\" (an earlier release has it)", rel.id);
        struct t0_release *slot = ok ? t0_dataset_add_release(g->ds) : NULL;
        if (ok && slot) {
            rel.index = (uint32_t)g->index;
            *slot = rel;
            g->in->accepted++;
            if (!idset_add(g, (uint32_t)(g->ds->n_releases - 1)))
                g->oom = true;
            return;
        }
        if (ok)
            out_of_memory(g);
    } else {
        struct t0_incident inc;
        memset(&inc, 0, sizeof inc);
        inc.detected_at = inc.mitigated_at = inc.resolved_at = T0_NO_TIME;
        bool ok = g->kind == REC_STATUSPAGE_INCIDENT ? convert_statuspage_incident(g, o, &inc)
                                                     : convert_native_incident(g, o, &inc);
        if (ok && idset_contains(g, inc.id))
            ok = fail(g, "id", "duplicate id \"%s\" (an earlier incident has it)", inc.id);
        struct t0_incident *slot = ok ? t0_dataset_add_incident(g->ds) : NULL;
        if (ok && slot) {
            inc.index = (uint32_t)g->index;
            if (!g->narrative) {
                inc.source = g->source_no;
                inc.source_offset = g->rec_offset;
                inc.source_length = g->rec_length;
            }
            *slot = inc;
            g->in->accepted++;
            if (!idset_add(g, (uint32_t)(g->ds->n_incidents - 1)))
                g->oom = true;
            return;
        }
        if (ok)
            out_of_memory(g);
    }
    reject(g, o);
}

/* A record that could not be parsed on its own (too large, duplicate keys). */
static void take_unparsed(struct ingest *g, json_t *o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void take_unparsed(struct ingest *g, json_t *o, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    g->in->read++;
    fail(g, NULL, "%s", text);
    reject(g, o);
}

/* ---- syntax ---- */

static enum t0_status syntax_error(struct ingest *g, size_t line, size_t column, const char *fmt,
                                   ...) __attribute__((format(printf, 4, 5)));

static enum t0_status syntax_error(struct ingest *g, size_t line, size_t column, const char *fmt,
                                   ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return t0_error_set_at(g->err, T0_EINPUT, g->source, (int)line, (int)column, "%s", text);
}

static enum t0_status scan_failed(struct ingest *g, int rc, struct t0_js_scan *sc)
{
    if (rc == -2)
        return t0_error_set(g->err, g->rd.read_errno == ENOMEM ? T0_ENOMEM : T0_EINPUT,
                            g->source, NULL, "unable to read '%s': %s", g->source,
                            strerror(g->rd.read_errno));
    return syntax_error(g, sc->error_at.line, t0_js_column(&g->rd, &sc->error_at),
                        "invalid JSON: %s", sc->error);
}

/* A span that starts at `at` and that Jansson could not parse: an input error
 * at the absolute position of je's. */
static enum t0_status load_failed(struct ingest *g, const struct t0_js_pos *at,
                                  const json_error_t *je)
{
    if (json_error_code(je) == json_error_out_of_memory)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    size_t line = at->line + (je->line > 1 ? (size_t)je->line - 1 : 0);
    size_t column = je->line > 1 ? (size_t)je->column
                                 : t0_js_column(&g->rd, at) - 1 +
                                       (size_t)(je->column > 0 ? je->column : 1);
    return syntax_error(g, line, column, "invalid JSON: %s", je->text);
}

/* Parses a span found by the scanner that starts at `at`. A syntax error is an
 * input error at its absolute position; duplicate keys come back as *dup. */
static enum t0_status load_span(struct ingest *g, const char *s, size_t n,
                                const struct t0_js_pos *at, json_t **out, char *dup, size_t dsize)
{
    json_error_t je;
    *out = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (*out)
        return T0_OK;
    if (json_error_code(&je) == json_error_duplicate_key) {
        snprintf(dup, dsize, "%s", je.text);
        *out = json_loadb(s, n, JSON_DECODE_ANY, &je);
        if (*out)
            return T0_OK;
    }
    return load_failed(g, at, &je);
}

/* ---- records parsed by the pool ---- */

/* The pool's own failure (out of memory) as an error; a callback's error
 * is set already, and the first error wins. */
static enum t0_status pool_status(struct ingest *g, enum t0_status st)
{
    if (st == T0_ENOMEM)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    return st;
}

static enum t0_status take_one(struct ingest *g, const struct t0_pp_record *rec)
{
    g->index = rec->index;
    g->line = rec->at.line;
    g->rec_offset = rec->at.offset;
    g->rec_length = rec->length;
    if (rec->too_large) {
        take_unparsed(g, NULL, "record larger than max_record_bytes (%zu bytes)",
                      g->lim.max_record_bytes);
    } else if (!rec->value) {
        if (!g->ndjson || json_error_code(&rec->error) == json_error_out_of_memory)
            return load_failed(g, &rec->at, &rec->error);
        take_unparsed(g, NULL, "invalid JSON at column %d: %s", rec->error.column,
                      rec->error.text);
    } else if (rec->duplicate_key) {
        take_unparsed(g, rec->value, "%s", rec->error.text);
    } else {
        take_record(g, rec->value);
    }
    return g->oom ? t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory") : T0_OK;
}

/* Takes one record back from the pool, as a reading on one thread would
 * have taken it. Its errors go to the reading's error record even while the
 * scan ahead of it has its own. */
static enum t0_status take_parsed(void *ctx, const struct t0_pp_record *rec)
{
    struct ingest *g = ctx;
    struct t0_error *scanning = g->err;
    g->err = g->record_err;
    enum t0_status st = take_one(g, rec);
    g->err = scanning;
    return st;
}

/* Scans the value at the current position. A record of the records array
 * goes to the pool (g->pp), which parses it and hands it back to take_parsed
 * in order; a record read alone (a single-incident file) is parsed here and
 * handed to take_record; other values are parsed only to check them. */
static enum t0_status take_value(struct ingest *g, bool is_record)
{
    struct t0_js_scan sc;
    memset(&sc, 0, sizeof sc);
    struct t0_js_pos at;
    t0_js_skip_ws(&g->rd);
    t0_js_here(&g->rd, &at);
    g->line = at.line;
    t0_js_mark(&g->rd);
    int rc = t0_js_skip_value(&g->rd, &sc);
    if (rc)
        return scan_failed(g, rc, &sc);
    size_t n = 0;
    const char *span = t0_js_marked(&g->rd, &n);
    if (!span && !is_record) {
        t0_js_unmark(&g->rd);
        return syntax_error(g, at.line, t0_js_column(&g->rd, &at),
                            "value larger than max_record_bytes (%zu bytes)",
                            g->lim.max_record_bytes);
    }
    if (!span && !g->pp) {
        t0_js_unmark(&g->rd);
        take_unparsed(g, NULL, "record larger than max_record_bytes (%zu bytes)",
                      g->lim.max_record_bytes);
        return T0_OK;
    }
    if (is_record && g->pp) {
        struct t0_pp_record rec = {.at = at, .index = g->index, .length = n, .too_large = !span};
        enum t0_status st = t0_pp_add(g->pp, &rec, span, n);
        t0_js_unmark(&g->rd);
        return pool_status(g, st);
    }
    json_t *v = NULL;
    char dup[JSON_ERROR_TEXT_LENGTH] = "";
    g->rec_offset = at.offset;
    g->rec_length = n;
    enum t0_status st = load_span(g, span, n, &at, &v, dup, sizeof dup);
    t0_js_unmark(&g->rd);
    if (st != T0_OK)
        return st;
    if (is_record) {
        if (dup[0])
            take_unparsed(g, v, "%s", dup);
        else
            take_record(g, v);
    }
    json_decref(v);
    return g->oom ? t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory") : T0_OK;
}

static enum t0_status expect_byte_error(struct ingest *g, int c, const char *what)
{
    struct t0_js_pos at;
    if (c == -2)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL, "unable to read '%s': %s",
                            g->source, strerror(g->rd.read_errno));
    t0_js_here(&g->rd, &at);
    if (c < 0)
        return syntax_error(g, at.line, t0_js_column(&g->rd, &at),
                            "invalid JSON: %s expected, got end of input", what);
    if (c >= 0x20 && c < 0x7F)
        return syntax_error(g, at.line, t0_js_column(&g->rd, &at),
                            "invalid JSON: %s expected, got '%c'", what, c);
    return syntax_error(g, at.line, t0_js_column(&g->rd, &at),
                        "invalid JSON: %s expected, got byte 0x%02X", what, (unsigned)c);
}

/* Tells the caller how far the reading got, every 512 records. */
static void report_progress(struct ingest *g)
{
    if (!g->lim.progress || ++g->since_progress < 512)
        return;
    g->since_progress = 0;
    g->lim.progress(g->lim.progress_ctx, g->rd.base + g->rd.pos, g->file_size);
}

/* Streams the array at the current position, one record per element. */
static enum t0_status stream_elements(struct ingest *g, const char *name)
{
    int c = t0_js_get(&g->rd); /* '[' */
    c = t0_js_skip_ws(&g->rd);
    if (c == ']') {
        t0_js_get(&g->rd);
        return T0_OK;
    }
    for (size_t i = 0;; i++) {
        g->index = i;
        g->prefix_array = name;
        report_progress(g);
        enum t0_status st = take_value(g, true);
        if (st != T0_OK)
            return st;
        c = t0_js_skip_ws(&g->rd);
        if (c == ']') {
            t0_js_get(&g->rd);
            return T0_OK;
        }
        if (c != ',')
            return expect_byte_error(g, c, "',' or ']'");
        t0_js_get(&g->rd);
    }
}

/*
 * Runs scan (which adds records to the pool) and takes every record back.
 * The scan runs ahead of the records taken, so its errors are held apart:
 * when it fails, the records before the failure are taken first, and an
 * error in one of them, earlier in the file, is the one reported.
 */
static enum t0_status read_through_pool(struct ingest *g,
                                        enum t0_status (*scan)(struct ingest *, const char *),
                                        const char *name)
{
    unsigned workers =
        g->lim.threads ? g->lim.threads - 1 : t0_pp_default_workers(g->file_size);
    g->pp = t0_pp_new(workers, take_parsed, g);
    if (!g->pp)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    struct t0_error scan_err;
    t0_error_clear(&scan_err);
    struct t0_error *outer = g->err;
    g->record_err = outer;
    g->err = &scan_err;
    enum t0_status st = scan(g, name);
    g->err = outer;
    enum t0_status taken = pool_status(g, t0_pp_finish(g->pp));
    t0_pp_free(g->pp);
    g->pp = NULL;
    if (taken != T0_OK)
        return taken;
    if (st != T0_OK && outer && !outer->text[0])
        *outer = scan_err;
    return st;
}

/* Streams the records array at the current position. */
static enum t0_status stream_array(struct ingest *g, const char *name)
{
    return read_through_pool(g, stream_elements, name);
}

static const char *value_kind(int c)
{
    switch (c) {
    case '{':
        return "an object";
    case '[':
        return "an array";
    case '"':
        return "a string";
    case 't':
    case 'f':
        return "a boolean";
    case 'n':
        return "null";
    default:
        return "a number";
    }
}

/* Reads a top-level key (its opening quote is next) into key, decoded. */
static enum t0_status read_key(struct ingest *g, char *key, size_t size)
{
    struct t0_js_pos at;
    t0_js_here(&g->rd, &at);
    t0_js_mark(&g->rd);
    struct t0_js_scan sc;
    memset(&sc, 0, sizeof sc);
    int rc = t0_js_skip_value(&g->rd, &sc);
    if (rc)
        return scan_failed(g, rc, &sc);
    size_t n;
    const char *span = t0_js_marked(&g->rd, &n);
    json_t *v = NULL;
    char dup[JSON_ERROR_TEXT_LENGTH];
    enum t0_status st = span ? load_span(g, span, n, &at, &v, dup, sizeof dup) : T0_OK;
    t0_js_unmark(&g->rd);
    if (st != T0_OK)
        return st;
    snprintf(key, size, "%s", json_is_string(v) ? json_string_value(v) : "");
    json_decref(v);
    return T0_OK;
}

/*
 * Walks the top-level object at the current position. The value of
 * records_key (an array) is streamed; the value of single_key is one record;
 * every other value is parsed once to check its syntax, then dropped.
 */
static enum t0_status walk_object(struct ingest *g, const char *records_key,
                                  const char *single_key)
{
    t0_js_get(&g->rd); /* '{' */
    int c = t0_js_skip_ws(&g->rd);
    if (c == '}') {
        t0_js_get(&g->rd);
        return T0_OK;
    }
    for (;;) {
        char key[80];
        c = t0_js_skip_ws(&g->rd);
        if (c != '"')
            return expect_byte_error(g, c, "an object key");
        enum t0_status st = read_key(g, key, sizeof key);
        if (st != T0_OK)
            return st;
        c = t0_js_skip_ws(&g->rd);
        if (c != ':')
            return expect_byte_error(g, c, "':'");
        t0_js_get(&g->rd);
        c = t0_js_skip_ws(&g->rd);
        if (records_key && strcmp(key, records_key) == 0) {
            if (c != '[')
                return t0_error_set(g->err, T0_EINPUT, g->source, records_key,
                                    "expected a list of records, got %s", value_kind(c));
            st = stream_array(g, records_key);
        } else if (single_key && strcmp(key, single_key) == 0) {
            g->index = 0;
            g->prefix_array = NULL;
            snprintf(g->prefix, sizeof g->prefix, "%s", single_key);
            st = take_value(g, true);
        } else {
            st = take_value(g, false);
        }
        if (st != T0_OK)
            return st;
        c = t0_js_skip_ws(&g->rd);
        if (c == '}') {
            t0_js_get(&g->rd);
            return T0_OK;
        }
        if (c != ',')
            return expect_byte_error(g, c, "',' or '}'");
        t0_js_get(&g->rd);
    }
}

/* ---- NDJSON ---- */

/* Hands every non-blank line from the current position to the pool as one record. */
static enum t0_status ndjson_lines(struct ingest *g, const char *unused)
{
    (void)unused;
    size_t index = 0;
    for (;;) {
        struct t0_js_pos at;
        t0_js_here(&g->rd, &at);
        int c = t0_js_peek(&g->rd);
        if (c == -1)
            break;
        t0_js_mark(&g->rd);
        bool nonblank = false;
        if (c == -2 || !t0_js_skip_line(&g->rd, &nonblank))
            return expect_byte_error(g, -2, "");
        size_t n = 0;
        const char *span = t0_js_marked(&g->rd, &n);
        if (nonblank) {
            report_progress(g);
            struct t0_pp_record rec = {.at = at, .index = index++, .length = n,
                                       .too_large = !span};
            enum t0_status st = t0_pp_add(g->pp, &rec, span, n);
            if (st != T0_OK)
                return pool_status(g, st);
        }
        t0_js_unmark(&g->rd);
        if (t0_js_get(&g->rd) == -1)
            break;
    }
    return T0_OK;
}

/* Reads every non-blank line from the current position as one record. */
static enum t0_status read_ndjson(struct ingest *g)
{
    g->ndjson = true;
    g->prefix_line = true;
    return read_through_pool(g, ndjson_lines, NULL);
}

/* ---- shapes ---- */

static void on_top_key(void *ctx, const char *raw, size_t len, bool escaped,
                       const struct t0_js_pos *at)
{
    struct top_keys *k = ctx;
    char key[80];
    if (len > 64)
        return;
    if (escaped) {
        /* Rare: decode "incid\u0065nts" the way Jansson would. */
        char quoted[72];
        snprintf(quoted, sizeof quoted, "\"%.*s\"", (int)len, raw);
        json_t *v = json_loads(quoted, JSON_DECODE_ANY, NULL);
        snprintf(key, sizeof key, "%s", json_is_string(v) ? json_string_value(v) : "");
        json_decref(v);
    } else {
        snprintf(key, sizeof key, "%.*s", (int)len, raw);
    }
    struct {
        const char *name;
        int *count;
    } known[] = {{"page", &k->page},         {"incidents", &k->incidents},
                 {"incident", &k->incident}, {"id", &k->id},
                 {"releases", &k->releases}, {"tag_name", &k->tag_name}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(key, known[i].name) != 0)
            continue;
        if (++*known[i].count == 2 && k->object && !k->duplicate[0]) {
            snprintf(k->duplicate, sizeof k->duplicate, "%s", key);
            k->duplicate_at = *at;
        }
    }
}

/* The first non-blank line from `from` holds just the first value (which
 * ended at the current position), and more non-blank text follows. */
static bool looks_like_ndjson(struct ingest *g, const struct t0_js_pos *first)
{
    struct t0_js_pos end;
    t0_js_here(&g->rd, &end);
    if (end.line != first->line)
        return false;
    int c;
    while ((c = t0_js_peek(&g->rd)) == ' ' || c == '\t' || c == '\r')
        t0_js_get(&g->rd);
    if (c != '\n')
        return false;
    return t0_js_skip_ws(&g->rd) >= 0;
}

/* Confirms that the first line parses by itself as a JSON object. */
static bool first_line_is_object(struct ingest *g, const struct t0_js_pos *first)
{
    if (!t0_js_seek(&g->rd, first))
        return false;
    t0_js_mark(&g->rd);
    bool nonblank = false;
    if (!t0_js_skip_line(&g->rd, &nonblank))
        return false;
    size_t n;
    const char *span = t0_js_marked(&g->rd, &n);
    json_t *v = span ? json_loadb(span, n, 0, NULL) : NULL;
    bool ok = json_is_object(v);
    json_decref(v);
    t0_js_unmark(&g->rd);
    return ok;
}

static enum t0_status shape_error(struct ingest *g, const struct top_keys *k)
{
    if (g->releases) {
        if (k->incidents || k->incident || k->page)
            return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                                "looks like an incidents file: expected releases, "
                                "{\"releases\": [...]} or an array of releases");
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "not a releases file: expected {\"releases\": [...]}, an array of "
                            "releases or a GitHub releases array");
    }
    if (k->releases)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "looks like a releases file: expected incidents, "
                            "{\"incidents\": [...]}, a Statuspage incidents.json, an array "
                            "or NDJSON of incidents");
    if (k->page || k->incident)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "an object with \"%s\" alone is not a Statuspage payload: expected "
                            "\"page\" with \"incidents\" or \"incident\"",
                            k->page ? "page" : "incident");
    return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                        "not an incidents file: expected {\"incidents\": [...]}, a Statuspage "
                        "incidents.json, an array or NDJSON of incidents, or one incident "
                        "with an \"id\"");
}

/* Pass 2 for a top-level object, by the keys pass 1 found. */
static enum t0_status read_object(struct ingest *g, const struct top_keys *k)
{
    if (g->releases) {
        if (!k->releases)
            return shape_error(g, k);
        g->kind = REC_NATIVE_RELEASE;
        g->in->format = "native-releases";
        return walk_object(g, "releases", NULL);
    }
    if (k->page && k->incidents) {
        g->kind = REC_STATUSPAGE_INCIDENT;
        g->in->format = "statuspage";
        return walk_object(g, "incidents", NULL);
    }
    if (k->page && k->incident) {
        g->kind = REC_STATUSPAGE_INCIDENT;
        g->in->format = "statuspage-single";
        return walk_object(g, NULL, "incident");
    }
    if (k->incidents) {
        g->kind = REC_NATIVE_INCIDENT;
        g->in->format = "native";
        return walk_object(g, "incidents", NULL);
    }
    if (!k->id)
        return shape_error(g, k);
    g->kind = REC_NATIVE_INCIDENT;
    g->in->format = "native-single";
    g->index = 0;
    g->prefix[0] = '\0';
    return take_value(g, true);
}

static enum t0_status read_document(struct ingest *g)
{
    if (!t0_js_skip_bom(&g->rd))
        return expect_byte_error(g, -2, "");
    int c = t0_js_skip_ws(&g->rd);
    if (c == -2)
        return expect_byte_error(g, -2, "");
    if (c < 0)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "the file is empty: no JSON text");
    struct t0_js_pos first;
    t0_js_here(&g->rd, &first);

    /* Pass 1. */
    struct top_keys keys;
    memset(&keys, 0, sizeof keys);
    struct t0_js_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.on_key = on_top_key;
    sc.ctx = &keys;
    keys.object = c == '{';
    sc.key_depth = c == '{' ? 1 : (c == '[' && g->releases) ? 2 : 0;
    int rc = t0_js_skip_value(&g->rd, &sc);
    if (rc)
        return scan_failed(g, rc, &sc);
    bool ndjson = c == '{' && !g->releases && looks_like_ndjson(g, &first) &&
                  first_line_is_object(g, &first);
    if (keys.duplicate[0] && !ndjson)
        return syntax_error(g, keys.duplicate_at.line,
                            t0_js_column(&g->rd, &keys.duplicate_at),
                            "invalid JSON: duplicate key \"%s\"", keys.duplicate);

    /* Pass 2. */
    if (!t0_js_seek(&g->rd, &first))
        return expect_byte_error(g, -2, "");
    enum t0_status st;
    if (ndjson) {
        g->kind = REC_NATIVE_INCIDENT;
        g->in->format = "ndjson";
        return read_ndjson(g);
    }
    if (c == '{') {
        st = read_object(g, &keys);
    } else if (c == '[') {
        g->prefix[0] = '\0';
        if (g->releases) {
            g->kind = keys.tag_name ? REC_GITHUB_RELEASE : REC_NATIVE_RELEASE;
            g->in->format = keys.tag_name ? "github" : "native-array";
        } else {
            g->kind = REC_NATIVE_INCIDENT;
            g->in->format = "native-array";
        }
        st = stream_array(g, "");
    } else {
        st = take_value(g, false); /* a syntax error in a scalar comes first */
        if (st == T0_OK)
            st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                              "expected an object or an array of %s, got %s",
                              g->releases ? "releases" : "incidents", value_kind(c));
    }
    if (st != T0_OK)
        return st;
    c = t0_js_skip_ws(&g->rd);
    if (c != -1)
        return expect_byte_error(g, c, "end of file");
    return T0_OK;
}

/* ---- opening ---- */

/* Copies standard input (or a pipe) to a temporary file, so it can be read twice. */
static enum t0_status spool(struct ingest *g, int from)
{
    g->spool = tmpfile();
    if (!g->spool)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "unable to create a temporary file: %s", strerror(errno));
    char *buf = malloc(1 << 20);
    if (!buf)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    size_t total = 0;
    enum t0_status st = T0_OK;
    for (;;) {
        ssize_t n = read(from, buf, 1 << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = t0_error_set(g->err, T0_EINPUT, g->source, NULL, "unable to read '%s': %s",
                              g->source, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        total += (size_t)n;
        if (total > g->lim.max_input_bytes) {
            st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                              "input larger than max_input_bytes (%zu bytes)",
                              g->lim.max_input_bytes);
            break;
        }
        if (fwrite(buf, 1, (size_t)n, g->spool) != (size_t)n) {
            st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                              "unable to write a temporary file: %s", strerror(errno));
            break;
        }
    }
    free(buf);
    g->file_size = total;
    if (st == T0_OK && (fflush(g->spool) != 0 || fseek(g->spool, 0, SEEK_SET) != 0))
        st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                          "unable to read back a temporary file: %s", strerror(errno));
    g->fd = fileno(g->spool);
    return st;
}

static enum t0_status open_input(struct ingest *g, const char *path)
{
    int fd = 0;
    if (strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return t0_error_set(g->err, T0_EINPUT, g->source, NULL, "unable to open '%s': %s",
                                path, strerror(errno));
        g->fd = fd;
    }
    struct stat stbuf;
    if (fstat(fd, &stbuf) != 0)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL, "unable to read '%s': %s",
                            g->source, strerror(errno));
    if (S_ISDIR(stbuf.st_mode))
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL, "unable to read '%s': %s",
                            g->source, strerror(EISDIR));
    enum t0_status st = T0_OK;
    if (S_ISREG(stbuf.st_mode) && fd != 0) {
        g->file_size = (uint64_t)stbuf.st_size;
        if ((uint64_t)stbuf.st_size > g->lim.max_input_bytes)
            return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                                "file larger than max_input_bytes (%zu bytes)",
                                g->lim.max_input_bytes);
    } else {
        st = spool(g, fd);
        if (fd != 0)
            close(fd);
        if (st != T0_OK)
            return st;
    }
    if (!t0_js_init(&g->rd, g->fd, g->lim.max_record_bytes))
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    g->rd_ready = true;
    return T0_OK;
}

/* Keeps a descriptor of the input open in the dataset, for t0_load_narrative. */
static enum t0_status add_source(struct ingest *g)
{
    struct t0_dataset *ds = g->ds;
    struct t0_source *grown = realloc(ds->sources, (ds->n_sources + 1) * sizeof *grown);
    if (!grown)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    ds->sources = grown;
    int fd = fcntl(g->fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL, "unable to keep '%s' open: %s",
                            g->source, strerror(errno));
    ds->sources[ds->n_sources].fd = fd;
    ds->sources[ds->n_sources].shape = 0;
    g->source_no = (uint32_t)++ds->n_sources;
    return T0_OK;
}

static struct t0_limits effective_limits(const struct t0_limits *limits)
{
    struct t0_limits l = {0};
    if (limits)
        l = *limits;
    if (!l.max_input_bytes)
        l.max_input_bytes = DEFAULT_MAX_INPUT;
    if (!l.max_record_bytes)
        l.max_record_bytes = DEFAULT_MAX_RECORD;
    if (!l.max_string_bytes)
        l.max_string_bytes = DEFAULT_MAX_STRING;
    if (!l.max_array_items)
        l.max_array_items = DEFAULT_MAX_ITEMS;
    return l;
}

static enum t0_status read_input(struct t0_dataset *ds, const char *path,
                                 const struct t0_limits *limits, bool releases,
                                 struct t0_error *err)
{
    struct ingest g;
    memset(&g, 0, sizeof g);
    g.ds = ds;
    g.releases = releases;
    g.in = releases ? &ds->releases_input : &ds->incidents_input;
    g.source = strcmp(path, "-") == 0 ? "<stdin>" : path;
    g.lim = effective_limits(limits);
    g.err = err;
    g.fd = -1;
    g.comp_index = g_hash_table_new(g_direct_hash, g_direct_equal);
    g.narrative = releases || !g.lim.defer_narrative;
    g.labels = releases || !g.lim.skip_labels;

    struct t0_input_report saved = *g.in;
    size_t saved_count = releases ? ds->n_releases : ds->n_incidents;
    enum t0_status st = T0_OK;
    /* Ids of records already in the dataset count as taken. */
    for (size_t i = 0; i < saved_count && st == T0_OK; i++)
        if (!idset_add(&g, (uint32_t)i))
            st = t0_error_set(err, T0_ENOMEM, g.source, NULL, "out of memory");
    if (st == T0_OK)
        st = open_input(&g, path);
    if (st == T0_OK && !g.narrative)
        st = add_source(&g);
    if (st == T0_OK)
        st = read_document(&g);
    if (st == T0_OK && g.source_no)
        ds->sources[g.source_no - 1].shape = (int)g.kind;

    if (st == T0_OK) {
        g.in->present = true;
        g.in->source = t0_arena_strdup(ds->arena, g.source);
    } else {
        /* Nothing of a file that cannot be read is kept. */
        g.in->read = saved.read;
        g.in->accepted = saved.accepted;
        g.in->rejected = saved.rejected;
        g.in->format = saved.format;
        if (releases)
            ds->n_releases = saved_count;
        else
            ds->n_incidents = saved_count;
        if (g.source_no) {
            close(ds->sources[g.source_no - 1].fd);
            ds->n_sources--;
        }
    }
    if (g.rd_ready)
        t0_js_release(&g.rd);
    if (g.spool)
        fclose(g.spool);
    else if (g.fd > 0)
        close(g.fd);
    free(g.ids.slots);
    free(g.syms);
    free(g.segs);
    free(g.upds);
    free(g.comps);
    g_hash_table_destroy(g.comp_index);
    return st;
}

enum t0_status t0_read_incidents(struct t0_dataset *ds, const char *path,
                                 const struct t0_limits *limits, struct t0_error *err)
{
    return read_input(ds, path, limits, false, err);
}

enum t0_status t0_read_releases(struct t0_dataset *ds, const char *path,
                                const struct t0_limits *limits, struct t0_error *err)
{
    return read_input(ds, path, limits, true, err);
}

enum t0_status t0_load_narrative(struct t0_dataset *ds, size_t index, struct t0_error *err)
{
    if (index >= ds->n_incidents)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "no incident %zu", index);
    struct t0_incident *inc = &ds->incidents[index];
    if (inc->source == 0 || inc->source > ds->n_sources)
        return T0_OK;
    const struct t0_source *src = &ds->sources[inc->source - 1];
    struct ingest g;
    memset(&g, 0, sizeof g);
    g.ds = ds;
    g.in = &ds->incidents_input;
    g.source = "";
    g.narrative = true;
    g.labels = true;
    g.kind = (enum rec_kind)src->shape;
    /* The record passed every check when it was read: no cap applies now. */
    g.lim.max_input_bytes = g.lim.max_record_bytes = g.lim.max_string_bytes = SIZE_MAX;
    g.lim.max_array_items = SIZE_MAX;
    enum t0_status st = T0_OK;
    json_t *o = NULL;
    size_t len = (size_t)inc->source_length;
    char *buf = malloc(len ? len : 1);
    if (!buf)
        return t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(src->fd, buf + got, len - got, (off_t)(inc->source_offset + got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            st = t0_error_set(err, T0_EINPUT, NULL, NULL,
                              "unable to read incident %s back from its input: %s", inc->id,
                              n < 0 ? strerror(errno) : "the file got shorter");
            goto cleanup;
        }
        got += (size_t)n;
    }
    o = json_loadb(buf, len, JSON_DECODE_ANY, NULL);
    json_t *id = json_object_get(o, "id");
    if (!json_is_string(id) || strcmp(json_string_value(id), inc->id) != 0) {
        st = t0_error_set(err, T0_EINPUT, NULL, NULL,
                          "unable to read incident %s back: its input changed", inc->id);
        goto cleanup;
    }
    struct t0_incident full;
    memset(&full, 0, sizeof full);
    size_t nupd = 0;
    bool ok = g.kind == REC_STATUSPAGE_INCIDENT
                  ? statuspage_updates(&g, o, &nupd) && statuspage_timeline(&g, nupd, &full) &&
                        get_text(&g, o, "postmortem_body", NULL, &full.root_cause)
                  : get_narrative(&g, o, &full);
    if (!ok) {
        st = g.oom ? t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory")
                   : t0_error_set(err, T0_EINPUT, NULL, NULL,
                                  "unable to read incident %s back: %s", inc->id, g.reason);
        goto cleanup;
    }
    inc->summary = full.summary;
    inc->root_cause = full.root_cause;
    inc->trigger = full.trigger;
    inc->resolution = full.resolution;
    inc->lessons = full.lessons;
    inc->timeline = full.timeline;
    inc->n_timeline = full.n_timeline;
    inc->actions = full.actions;
    inc->n_actions = full.n_actions;
    inc->source = 0;

cleanup:
    json_decref(o);
    free(buf);
    free(g.upds);
    return st;
}
