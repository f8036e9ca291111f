/* ingest.c: framing incident and release files (a document, an array, NDJSON, gzip). */
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

#include "ingest_private.h"
#include "json_stream.h"
#include "parse_pool.h"
#include "tierzero/maintenance.h"
#include "tierzero/maintenance_load.h"

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

/* Keys seen at the top level in pass 1. */
struct top_keys {
    int page, incidents, incident, id, releases, tag_name, scheduled, maintenance;
    int keys; /* every key seen */
    int limit, offset, more, pagination_meta, status, environment, sha, deployed_at;
    bool object;        /* keys of one object (not of every element of an array) */
    char duplicate[80]; /* a records key given twice */
    struct t0_js_pos duplicate_at;
};

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

/* ---- one record ---- */

static void reject(struct ingest *g, json_t *o)
{
    char buf[32];
    const char *id = NULL;
    if (json_is_object(o))
        id = g->releases ? t0_release_format_get(g->kind)->record_id(o, buf, sizeof buf)
                         : t0_incident_format_get(g->kind)->record_id(o);
    t0_input_reject(g->ds, g->in, g->index, g->line, id, g->reason);
}

/* The release format of one record: in a tag_name array a record with
 * released_at and no published_at is GitLab (definitions.md rule 11.1). */
static int release_kind(const struct ingest *g, json_t *o)
{
    if (g->file_fmt == T0_RFMT_GITHUB && json_object_get(o, "released_at") &&
        !json_object_get(o, "published_at"))
        return T0_RFMT_GITLAB;
    return g->file_fmt;
}

static void take_release(struct ingest *g, json_t *o)
{
    struct t0_release rel;
    memset(&rel, 0, sizeof rel);
    g->kind = release_kind(g, o);
    g->left_out = false;
    if (g->kind == T0_RFMT_GITLAB &&
        g->in->read == 1) /* the file's format is its first record's */
        g->in->format = "gitlab";
    const struct t0_release_format *fmt = t0_release_format_get(g->kind);
    t0_input_note_shape(g->in, g->index, fmt->name, NULL);
    bool ok = fmt->convert(g, o, &rel);
    bool by_tag = g->kind == T0_RFMT_GITHUB || g->kind == T0_RFMT_GITLAB;
    if (ok && idset_contains(g, rel.id))
        ok = t0_in_fail(g, by_tag ? "tag_name" : "id",
                        "duplicate id \"%s\" (an earlier release has it)", rel.id);
    if (ok && g->left_out) {
        g->in->accepted++;
        g->in->left_out++;
        return;
    }
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
        t0_in_out_of_memory(g);
    reject(g, o);
}

/* Keeps the incident's updated_at beside it (merge). */
static bool keep_updated(struct ingest *g, size_t index)
{
    struct t0_dataset *ds = g->ds;
    if (index >= ds->updated_cap) {
        size_t ncap = ds->updated_cap ? ds->updated_cap * 2 : 1024;
        while (ncap <= index)
            ncap *= 2;
        t0_ms *p = realloc(ds->updated_at, ncap * sizeof *p);
        if (!p)
            return false;
        ds->updated_at = p;
        ds->updated_cap = ncap;
    }
    ds->updated_at[index] = g->updated_at;
    return true;
}

/* ---- maintenance among the incident records (definitions.md §10) ---- */

/* A maintenance record of a history (merge writes them): {"maintenance":
 * {...}} without an id, where records take each their own shape or the
 * native one (NDJSON, a top-level array, {"incidents": [...]}, one object). */
static bool is_maintenance_record(const struct ingest *g, json_t *o)
{
    return (g->file_fmt < 0 || g->file_fmt == T0_FMT_NATIVE) && json_is_object(o) &&
           json_is_object(json_object_get(o, "maintenance")) && !json_object_get(o, "id");
}

/* Where the record's maintenance is, for messages and the window's origin:
 * "scheduled_maintenances[2]", "line 5: maintenance", "incidents[3].maintenance". */
static void maintenance_place(const struct ingest *g, char *at, size_t size)
{
    const char *field = g->maint_file ? "" : "maintenance";
    if (g->prefix_array)
        snprintf(at, size, "%s[%zu]%s%s", g->prefix_array, g->index,
                 g->maint_file ? "" : ".", field);
    else if (g->prefix_line)
        snprintf(at, size, "line %zu: %s", g->line, field);
    else
        snprintf(at, size, "%s", field);
}

/* A maintenance read as --maintenance reads one: a window of the dataset
 * (definitions.md §10, rule 11.8), never an incident; an end not after the start is
 * ignored; anything malformed is an input error, as in a --maintenance file
 * (g->fatal). Counted read and accepted, and as a maintenance. */
static void take_maintenance(struct ingest *g, json_t *o)
{
    char at[128];
    struct t0_maint_file_report rep = {0};
    struct t0_maint_read_options opt = {.keep_ignored = g->lim.keep_updated_at};
    struct t0_maint_list *list = t0_dataset_maintenance(g->ds);
    if (!list) {
        g->oom = true;
        return;
    }
    maintenance_place(g, at, sizeof at);
    t0_input_note_shape(g->in, g->index,
                        g->maint_file ? "statuspage-maintenance" : "maintenance", NULL);
    enum t0_status st =
        g->maint_file
            ? t0_maint_read_scheduled_entry(list, o, g->source, at, &opt, &rep, g->err)
            : t0_maint_read_record(list, json_object_get(o, "maintenance"), g->source, at,
                                   &opt, &rep, g->err);
    if (st == T0_ENOMEM)
        g->oom = true;
    else if (st != T0_OK)
        g->fatal = st;
    else {
        g->in->accepted++;
        g->in->maintenance++;
        g->in->maintenance_ignored += rep.ignored;
    }
}

static void take_incident(struct ingest *g, json_t *o)
{
    if (g->maint_file || is_maintenance_record(g, o)) {
        take_maintenance(g, o);
        return;
    }
    struct t0_incident inc;
    memset(&inc, 0, sizeof inc);
    inc.detected_at = inc.mitigated_at = inc.resolved_at = T0_NO_TIME;
    memset(&g->nar, 0, sizeof g->nar);
    g->kind = g->file_fmt >= 0 ? g->file_fmt : t0_incident_format_detect(o);
    g->updated_at = T0_NO_TIME;
    const struct t0_incident_format *fmt = t0_incident_format_get(g->kind);
    t0_input_note_shape(g->in, g->index, fmt->name, fmt->mapping);
    bool ok = fmt->convert(g, o, &inc);
    if (ok && idset_contains(g, inc.id))
        ok = t0_in_fail(g, "id", "duplicate id \"%s\" (an earlier incident has it)",
                        inc.id);
    if (ok && !t0_in_keep_narrative(g, &g->nar, &inc.narrative))
        ok = false;
    struct t0_incident *slot = ok ? t0_dataset_add_incident(g->ds) : NULL;
    if (ok && slot) {
        inc.index = (uint32_t)g->index;
        if (!g->narrative && fmt->narrative) {
            inc.source = g->source_no;
            inc.source_offset = g->rec_offset;
            inc.source_length = g->rec_length;
        }
        *slot = inc;
        g->in->accepted++;
        size_t at = g->ds->n_incidents - 1;
        if (!idset_add(g, (uint32_t)at) ||
            (g->lim.keep_updated_at && !keep_updated(g, at)) ||
            (fmt->accepted && !fmt->accepted(g, o, &g->ds->incidents[at], at)))
            g->oom = true;
        return;
    }
    if (ok)
        t0_in_out_of_memory(g);
    reject(g, o);
}

/* Counts, converts and stores (or rejects) one parsed record. */
static void take_record(struct ingest *g, json_t *o)
{
    g->in->read++;
    if (g->releases)
        take_release(g, o);
    else
        take_incident(g, o);
}

void t0_in_take_record(struct ingest *g, json_t *o)
{
    take_record(g, o);
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
    if (!g->releases && (g->maint_file || is_maintenance_record(g, o))) {
        char at[128];
        maintenance_place(g, at, sizeof at);
        g->fatal =
            t0_error_set(g->err, T0_EINPUT, g->source, at[0] ? at : NULL, "%s", text);
        return;
    }
    if (json_is_object(o))
        g->kind = g->releases        ? release_kind(g, o)
                  : g->file_fmt >= 0 ? g->file_fmt
                                     : t0_incident_format_detect(o);
    t0_in_fail(g, NULL, "%s", text);
    reject(g, o);
}

/* ---- syntax ---- */

static enum t0_status syntax_error(struct ingest *g, size_t line, size_t column,
                                   const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum t0_status syntax_error(struct ingest *g, size_t line, size_t column,
                                   const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return t0_error_set_at(g->err, T0_EINPUT, g->source, (int)line, (int)column, "%s",
                           text);
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

/* Legal JSON that a record cannot hold: a string or key with \u0000, or a
 * lone UTF-16 surrogate escape. Such a record is rejected alone (in a JSON
 * document as in NDJSON); a syntax error, or bytes that are not UTF-8 (the
 * file is then not JSON), stay an error of the file. */
static bool text_refused(const json_error_t *je)
{
    enum json_error_code code = json_error_code(je);
    return code == json_error_null_character || code == json_error_null_byte_in_key ||
           (code == json_error_invalid_syntax &&
            strncmp(je->text, "invalid Unicode '\\u", 18) == 0);
}

/* The reason, in our words, for a record text_refused. */
static const char *text_refused_reason(const json_error_t *je, char *buf, size_t size)
{
    enum json_error_code code = json_error_code(je);
    if (code == json_error_null_byte_in_key) {
        snprintf(buf, size, "a key holds \\u0000, which tierzero does not accept");
    } else if (code == json_error_null_character) {
        snprintf(buf, size, "a string holds \\u0000, which tierzero does not accept");
    } else {
        /* Jansson's text: invalid Unicode '\uD800' (or a pair). */
        const char *q = strchr(je->text, '\'');
        size_t n = q ? strcspn(q + 1, "'") : 0;
        snprintf(buf, size,
                 "a string holds %.*s, a UTF-16 surrogate without its pair, which is no "
                 "character",
                 (int)(n < 12 ? n : 12), q ? q + 1 : "");
    }
    return buf;
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
    char why[160];
    return syntax_error(g, line, column, "invalid JSON: %s",
                        text_refused(je) ? text_refused_reason(je, why, sizeof why)
                                         : je->text);
}

/* Parses a span found by the scanner that starts at `at`. A syntax error is an
 * input error at its absolute position; duplicate keys come back as *dup, and
 * so, for a record, does text it cannot hold (*out then NULL when it cannot
 * be read at all). */
static enum t0_status load_span(struct ingest *g, const char *s, size_t n,
                                const struct t0_js_pos *at, bool record, json_t **out,
                                char *dup, size_t dsize)
{
    json_error_t je;
    *out = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (*out)
        return T0_OK;
    if (record && text_refused(&je)) {
        text_refused_reason(&je, dup, dsize);
        if (json_error_code(&je) == json_error_null_character)
            *out = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
        return T0_OK;
    }
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
    } else if (rec->nul_string || (!rec->value && text_refused(&rec->error))) {
        char why[160];
        take_unparsed(g, rec->value, "%s",
                      text_refused_reason(&rec->error, why, sizeof why));
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
    return g->oom     ? t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory")
           : g->fatal ? g->fatal
                      : T0_OK;
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

/* What the pool may leave out of the next record before parsing it
 * (json_prune.h): the members its format reads are kept. A maintenance
 * (definitions.md §10) and a release are parsed whole. */
static int prune_hint(const struct ingest *g)
{
    if (g->releases || g->maint_file)
        return T0_PRUNE_NONE;
    return g->file_fmt >= 0 ? g->file_fmt : T0_PRUNE_EACH;
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
        struct t0_pp_record rec = {.at = at,
                                   .index = g->index,
                                   .length = n,
                                   .too_large = !span,
                                   .hint = prune_hint(g)};
        enum t0_status st = t0_pp_add(g->pp, &rec, span, n);
        t0_js_unmark(&g->rd);
        return pool_status(g, st);
    }
    json_t *v = NULL;
    char dup[JSON_ERROR_TEXT_LENGTH] = "";
    g->rec_offset = at.offset;
    g->rec_length = n;
    enum t0_status st = load_span(g, span, n, &at, is_record, &v, dup, sizeof dup);
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
    return g->oom     ? t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory")
           : g->fatal ? g->fatal
                      : T0_OK;
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
static enum t0_status
read_through_pool(struct ingest *g, enum t0_status (*scan)(struct ingest *, const char *),
                  const char *name)
{
    unsigned workers =
        g->lim.threads ? g->lim.threads - 1 : t0_pp_default_workers(g->file_size);
    struct t0_prune_plan plan;
    g->pp = t0_pp_new(workers, take_parsed, g);
    if (!g->pp)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    if (!g->releases && t0_prune_plan_init(&plan))
        t0_pp_set_rewrite(g->pp, t0_prune_record, &plan);
    else
        memset(&plan, 0, sizeof plan);
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
    t0_prune_plan_release(&plan);
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
    enum t0_status st =
        span ? load_span(g, span, n, &at, false, &v, dup, sizeof dup) : T0_OK;
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
 * every other value is parsed once to check its syntax, then dropped. With
 * via_key, those keys are looked for in the object under via_key instead
 * (Argo CD's status.history).
 */
static enum t0_status walk_object(struct ingest *g, const char *records_key,
                                  const char *single_key, const char *via_key)
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
        if (via_key && strcmp(key, via_key) == 0 && c == '{') {
            st = walk_object(g, records_key, single_key, NULL);
        } else if (g->maint_also && strcmp(key, "scheduled_maintenances") == 0) {
            /* summary.json: its scheduled maintenances beside its incidents,
             * every one taken before the list ends (the pool finishes it). */
            if (c != '[')
                return t0_error_set(g->err, T0_EINPUT, g->source, key,
                                    "expected a list of scheduled maintenances, got %s",
                                    value_kind(c));
            g->maint_file = true;
            st = stream_array(g, key);
            g->maint_file = false;
        } else if (via_key) {
            st = take_value(g, false);
        } else if (records_key && strcmp(key, records_key) == 0) {
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
            struct t0_pp_record rec = {.at = at,
                                       .index = index++,
                                       .length = n,
                                       .too_large = !span,
                                       .hint = prune_hint(g)};
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
    k->keys++;
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
    } known[] = {{"page", &k->page},
                 {"incidents", &k->incidents},
                 {"incident", &k->incident},
                 {"id", &k->id},
                 {"releases", &k->releases},
                 {"tag_name", &k->tag_name},
                 {"scheduled_maintenances", &k->scheduled},
                 {"maintenance", &k->maintenance},
                 /* only to tell shapes apart: never a duplicate error */
                 {"limit", &k->limit},
                 {"offset", &k->offset},
                 {"more", &k->more},
                 {"pagination_meta", &k->pagination_meta},
                 {"status", &k->status},
                 {"environment", &k->environment},
                 {"sha", &k->sha},
                 {"deployedAt", &k->deployed_at}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(key, known[i].name) != 0)
            continue;
        if (++*known[i].count == 2 && i < 8 && k->object && !k->duplicate[0]) {
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
        return t0_error_set(
            g->err, T0_EINPUT, g->source, NULL,
            "not a releases file: expected {\"releases\": [...]}, an array of "
            "releases, GitHub or GitLab releases, GitHub deployments or an "
            "Argo CD application");
    }
    if (k->releases)
        return t0_error_set(
            g->err, T0_EINPUT, g->source, NULL,
            "looks like a releases file: expected incidents, "
            "{\"incidents\": [...]}, a Statuspage incidents.json, an array "
            "or NDJSON of incidents");
    if (k->page || k->incident)
        return t0_error_set(
            g->err, T0_EINPUT, g->source, NULL,
            "an object with \"%s\" alone is not a Statuspage payload: expected "
            "\"page\" with \"incidents\" or \"incident\"",
            k->page ? "page" : "incident");
    return t0_error_set(
        g->err, T0_EINPUT, g->source, NULL,
        "not an incidents file: expected {\"incidents\": [...]}, a Statuspage "
        "incidents.json, an array or NDJSON of incidents, or one incident "
        "with an \"id\"");
}

/* Pass 2 for a top-level object, by the keys pass 1 found. */
static enum t0_status read_releases_object(struct ingest *g, const struct top_keys *k)
{
    if (k->releases) {
        g->file_fmt = T0_RFMT_NATIVE;
        g->in->format = "native-releases";
        return walk_object(g, "releases", NULL, NULL);
    }
    if (k->status) {
        g->file_fmt = T0_RFMT_ARGOCD;
        g->in->format = "argocd";
        return walk_object(g, "history", NULL, "status");
    }
    return shape_error(g, k);
}

/* Pass 2 for a top-level object, by the keys pass 1 found (definitions.md rule 3.1.2,
 * rule 11.1). */
static enum t0_status read_object(struct ingest *g, const struct top_keys *k)
{
    if (g->releases)
        return read_releases_object(g, k);
    if (k->page && k->incidents) {
        g->file_fmt = T0_FMT_STATUSPAGE;
        g->in->format = "statuspage";
        g->maint_also = k->scheduled > 0; /* summary.json */
        return walk_object(g, "incidents", NULL, NULL);
    }
    if (k->page && k->incident) {
        g->file_fmt = T0_FMT_STATUSPAGE;
        g->in->format = "statuspage-single";
        return walk_object(g, NULL, "incident", NULL);
    }
    if (k->scheduled && !k->incidents && !k->incident) {
        /* scheduled-maintenances.json: maintenance only (definitions.md §10), as
         * --maintenance reads it; merge keeps it in the history. */
        g->maint_file = true;
        g->file_fmt = T0_FMT_NATIVE;
        g->in->format = "statuspage-maintenances";
        return walk_object(g, "scheduled_maintenances", NULL, NULL);
    }
    if (k->incidents) {
        bool pagerduty = k->limit || k->offset || k->more;
        g->file_fmt = pagerduty            ? T0_FMT_PAGERDUTY
                      : k->pagination_meta ? T0_FMT_INCIDENTIO
                                           : T0_FMT_NATIVE;
        g->in->format = t0_incident_format_get(g->file_fmt)->name;
        return walk_object(g, "incidents", NULL, NULL);
    }
    /* One object: an incident with an id, or a history's one maintenance
     * line, {"maintenance": {...}} alone. */
    if (!k->id && !(k->maintenance && k->keys == 1))
        return shape_error(g, k);
    g->file_fmt = -1;
    g->in->format = "native-single";
    g->index = 0;
    g->prefix[0] = '\0';
    return take_value(g, true);
}

/* The bytes an incidents or releases file may start with, after a byte-order
 * mark and white space: a JSON value (JSON, NDJSON). Another format adds its
 * first bytes here. */
static bool can_start_input(int c)
{
    return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
           c == 't' || c == 'f' || c == 'n';
}

/* The format of a top-level array of releases, by the keys of its elements
 * (definitions.md rule 11.1). */
static void release_array_format(struct ingest *g, const struct top_keys *k)
{
    if (k->tag_name) {
        g->file_fmt = T0_RFMT_GITHUB;
        g->in->format = "github";
    } else if (k->environment && k->sha) {
        g->file_fmt = T0_RFMT_DEPLOYMENT;
        g->in->format = "github-deployments";
    } else if (k->deployed_at) {
        g->file_fmt = T0_RFMT_ARGOCD;
        g->in->format = "argocd";
    } else {
        g->file_fmt = T0_RFMT_NATIVE;
        g->in->format = "native-array";
    }
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
    if (!g->releases && t0_in_is_csv(g, c)) {
        g->file_fmt = T0_FMT_CSV;
        g->in->format = "csv";
        return t0_in_read_csv(g);
    }
    if (!can_start_input(c))
        return expect_byte_error(g, c, "'{' or '['");

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
        g->file_fmt = -1; /* each line's own (definitions.md §7.1) */
        g->in->format = "ndjson";
        return read_ndjson(g);
    }
    if (c == '{') {
        st = read_object(g, &keys);
    } else if (c == '[') {
        g->prefix[0] = '\0';
        if (g->releases) {
            release_array_format(g, &keys);
        } else {
            g->file_fmt = -1; /* each element's own (definitions.md §7.1) */
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

/* Follows the bytes of a stream as they arrive, so that one that cannot be
 * JSON, NDJSON, CSV or gzip (/dev/zero, /dev/urandom) is refused at the first
 * byte that shows it, before it is copied whole: the first significant byte;
 * on the line it starts, a control byte other than white space (JSON has
 * none, in strings or out, nor has a CSV header) or bytes that are not UTF-8;
 * a first line that is not JSON and does not name a CSV header's id and
 * started_at; gzip's magic without its deflate method. A broken first line
 * fails a whole file, NDJSON included, so the stream is refused as the file
 * would be. A gzip stream is judged once inflated. */
enum stream_refusal {
    STREAM_START,   /* the first significant byte */
    STREAM_CONTROL, /* a control byte on the first line */
    STREAM_UTF8,    /* not UTF-8 on the first line */
    STREAM_HEADER,  /* neither JSON nor a CSV header */
    STREAM_GZIP,    /* gzip's magic, then no deflate method */
};

struct stream_check {
    bool csv_ok;         /* an incidents input: a CSV header may start it */
    bool csv_named;      /* its name says CSV: any first line may head it */
    uint64_t at;         /* bytes seen */
    unsigned bom;        /* bytes of a leading byte-order mark matched */
    unsigned gz;         /* bytes of gzip's magic matched */
    int first;           /* the first significant byte, -1 before it */
    bool csv;            /* the first byte starts no JSON: a CSV header or nothing */
    bool judged;         /* the first line is over: nothing more to see */
    unsigned utf8_need;  /* continuation bytes still expected */
    size_t line, column; /* of the byte looked at (1-based) */
    enum stream_refusal why;
    char header[4096]; /* the first line, when it may be a CSV header */
    size_t header_len;
};

/* Whether b may be the first significant byte of the stream. */
static bool stream_may_start(const struct stream_check *k, int b)
{
    return can_start_input(b) || (k->csv_ok && b > 0x20 && b != 0x7F);
}

/* Is the CSV candidate's first line a header? */
static bool stream_header_ok(struct stream_check *k)
{
    k->header[k->header_len] = '\0';
    return k->csv_named || t0_in_csv_header_names(k->header);
}

/* Refuses byte b for why; returns b. */
static int stream_refuse(struct stream_check *k, enum stream_refusal why, int b)
{
    k->why = why;
    return b;
}

/* One byte after the first significant one, on the first line. */
static int stream_check_line_byte(struct stream_check *k, unsigned char b)
{
    if (b < 0x20 && b != '\t' && b != '\r')
        return stream_refuse(k, STREAM_CONTROL, b);
    if (k->utf8_need > 0) {
        if ((b & 0xC0) != 0x80)
            return stream_refuse(k, STREAM_UTF8, b);
        k->utf8_need--;
    } else if (b >= 0x80) {
        if (b >= 0xC2 && b <= 0xDF)
            k->utf8_need = 1;
        else if (b >= 0xE0 && b <= 0xEF)
            k->utf8_need = 2;
        else if (b >= 0xF0 && b <= 0xF4)
            k->utf8_need = 3;
        else
            return stream_refuse(k, STREAM_UTF8, b);
    }
    if (k->csv && k->header_len < sizeof k->header - 1) {
        k->header[k->header_len++] = (char)b;
        if (k->header_len == sizeof k->header - 1) { /* as far as the reader looks */
            if (!stream_header_ok(k))
                return stream_refuse(k, STREAM_HEADER, b);
            k->judged = true;
        }
    }
    return -1;
}

/* Returns the offending byte (k->why says why), or -1 when p[0, n) may be
 * part of an input. */
static int stream_check_feed(struct stream_check *k, const unsigned char *p, size_t n)
{
    static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
    for (size_t i = 0; i < n && !k->judged; i++, k->at++) {
        unsigned char b = p[i];
        if (k->at == 0 && b == 0x1F) { /* gzip: 1F 8B 08 (deflate) */
            k->gz = 1;
            continue;
        }
        if (k->gz == 1) {
            if (b != 0x8B)
                return stream_refuse(k, STREAM_START, 0x1F);
            k->gz = 2;
            continue;
        }
        if (k->gz == 2) {
            if (b != 0x08)
                return stream_refuse(k, STREAM_GZIP, b);
            k->judged = true;
            break;
        }
        if (k->first < 0 && k->at < 3 && k->bom == k->at && b == bom[k->at]) {
            k->bom++;
            continue;
        }
        if (k->first < 0 && k->bom > 0 && k->bom < 3)
            return stream_refuse(k, STREAM_START, bom[0]); /* half a byte-order mark */
        if (b == '\n') {
            if (k->first >= 0 && k->utf8_need > 0)
                return stream_refuse(k, STREAM_UTF8, b);
            if (k->first >= 0 && k->csv && !stream_header_ok(k))
                return stream_refuse(k, STREAM_HEADER, b);
            k->judged = k->first >= 0;
            k->line++;
            k->column = 1;
            continue;
        }
        if (k->first < 0 && (b == ' ' || b == '\t' || b == '\r')) {
            k->column++;
            continue;
        }
        if (k->first < 0) {
            k->first = b;
            if (!stream_may_start(k, b))
                return stream_refuse(k, STREAM_START, b);
            k->csv = !can_start_input(b);
            if (k->csv && stream_check_line_byte(k, b) >= 0)
                return b;
        } else if (stream_check_line_byte(k, b) >= 0) {
            return b;
        }
        if ((b & 0xC0) != 0x80)
            k->column++;
    }
    return -1;
}

/* The input error for a stream refused at byte bad. */
static enum t0_status stream_refused(struct ingest *g, const struct stream_check *k,
                                     int bad)
{
    char got[16];
    snprintf(got, sizeof got, bad >= 0x20 && bad < 0x7F ? "'%c'" : "byte 0x%02X", bad);
    switch (k->why) {
    case STREAM_START:
        return syntax_error(g, k->line, k->column,
                            "invalid JSON: '{' or '[' expected, got %s", got);
    case STREAM_CONTROL:
        return syntax_error(g, k->line, k->column,
                            "invalid JSON: %s is a control character", got);
    case STREAM_UTF8:
        /* A printable byte can end a sequence too soon ("\xC3&"): the byte, in
         * hex, whatever it is. */
        return syntax_error(g, k->line, k->column, "invalid UTF-8: byte 0x%02X", bad);
    case STREAM_HEADER:
        return syntax_error(g, k->line, k->column,
                            "neither JSON nor a CSV header naming id and started_at");
    case STREAM_GZIP:
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "invalid gzip data: unknown compression method");
    }
    return T0_EINPUT;
}

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
    struct stream_check *check = calloc(1, sizeof *check);
    if (!check) {
        free(buf);
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    }
    check->csv_ok = !g->releases;
    check->csv_named = t0_in_named_csv(g->source);
    check->first = -1;
    check->line = check->column = 1;
    for (;;) {
        /* Small reads until the first bytes are judged: a device that never
         * ends is refused at once. */
        ssize_t n = read(from, buf, check->at < 8192 ? 4096 : 1 << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                              "unable to read '%s': %s", g->source, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        int bad = stream_check_feed(check, (const unsigned char *)buf, (size_t)n);
        if (bad >= 0) {
            st = stream_refused(g, check, bad);
            break;
        }
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
    free(check);
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
            return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                                "unable to open '%s': %s", path, strerror(errno));
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
    if (t0_in_is_gzip(g->fd) && (st = t0_in_inflate(g)) != T0_OK)
        return st;
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
        return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                            "unable to keep '%s' open: %s", g->source, strerror(errno));
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

/* A top-level array or NDJSON whose records are all of one vendor's shape is
 * named for it ("gcp-status-array", "statuspage-ndjson"); native and mixed
 * records keep the framing's name ("native-array", "ndjson"). */
static void name_framing(struct ingest *g)
{
    const struct t0_input_report *in = g->in;
    if (g->file_fmt >= 0 || in->n_shapes == 0 || strcmp(in->format, "native-single") == 0)
        return;
    for (size_t i = 1; i < in->n_shapes; i++)
        if (strcmp(in->shapes[i].shape, in->shapes[0].shape) != 0)
            return;
    if (strcmp(in->shapes[0].shape, "native") == 0)
        return;
    char name[64];
    snprintf(name, sizeof name, "%s-%s", in->shapes[0].shape,
             strcmp(in->format, "ndjson") == 0 ? "ndjson" : "array");
    const char *kept = t0_arena_strdup(g->ds->arena, name);
    if (kept)
        g->in->format = kept;
}

/* Lets every format settle what needs the whole file. */
static void finish_formats(struct ingest *g)
{
    for (int f = 0; f < T0_FMT_COUNT; f++)
        if (g->scratch[f] && t0_incident_format_get(f)->finish)
            t0_incident_format_get(f)->finish(g);
}

static void free_scratch(struct ingest *g)
{
    for (int f = 0; f < T0_FMT_COUNT; f++) {
        if (!g->scratch[f])
            continue;
        const struct t0_incident_format *fmt = t0_incident_format_get(f);
        if (fmt->free_scratch)
            fmt->free_scratch(g->scratch[f]);
        else
            free(g->scratch[f]);
    }
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
    g.file_fmt = -1;
    g.narrative = releases || !g.lim.defer_narrative;
    g.labels = releases || !g.lim.skip_labels;
    g.first_record = releases ? ds->n_releases : ds->n_incidents;

    struct t0_input_report saved = *g.in;
    size_t saved_count = releases ? ds->n_releases : ds->n_incidents;
    size_t saved_windows = ds->maintenance ? ds->maintenance->n_windows : 0;
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
        ds->sources[g.source_no - 1].shape = g.file_fmt;
    if (st == T0_OK && !releases)
        finish_formats(&g);
    if (st == T0_OK && !releases)
        name_framing(&g);

    if (st == T0_OK) {
        g.in->present = true;
        g.in->source = t0_arena_strdup(ds->arena, g.source);
    } else {
        /* Nothing of a file that cannot be read is kept. */
        g.in->read = saved.read;
        g.in->accepted = saved.accepted;
        g.in->rejected = saved.rejected;
        g.in->maintenance = saved.maintenance;
        g.in->maintenance_ignored = saved.maintenance_ignored;
        g.in->format = saved.format;
        if (ds->maintenance)
            ds->maintenance->n_windows = saved_windows;
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
    if (g.inflated)
        fclose(g.inflated);
    else if (g.spool)
        fclose(g.spool);
    else if (g.fd > 0)
        close(g.fd);
    free(g.ids.slots);
    free(g.syms);
    free(g.segs);
    free_scratch(&g);
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

enum t0_status t0_load_narrative(struct t0_dataset *ds, size_t index,
                                 struct t0_error *err)
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
        ssize_t n =
            pread(src->fd, buf + got, len - got, (off_t)(inc->source_offset + got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            st = t0_error_set(err, T0_EINPUT, NULL, NULL,
                              "unable to read incident %s back from its input: %s",
                              inc->id, n < 0 ? strerror(errno) : "the file got shorter");
            goto cleanup;
        }
        got += (size_t)n;
    }
    o = json_loadb(buf, len, JSON_DECODE_ANY, NULL);
    /* The shape of the file, or of the record (the same keys give the same). */
    g.kind = src->shape >= 0 ? src->shape : t0_incident_format_detect(o);
    const struct t0_incident_format *fmt = t0_incident_format_get(g.kind);
    const char *id = json_is_object(o) ? fmt->record_id(o) : NULL;
    if (!id || strcmp(id, inc->id) != 0 || !fmt->narrative) {
        st = t0_error_set(err, T0_EINPUT, NULL, NULL,
                          "unable to read incident %s back: its input changed", inc->id);
        goto cleanup;
    }
    struct t0_incident full;
    memset(&full, 0, sizeof full);
    if (!fmt->narrative(&g, o, &full, &g.nar) ||
        !t0_in_keep_narrative(&g, &g.nar, &inc->narrative)) {
        st = g.oom
                 ? t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory")
                 : t0_error_set(err, T0_EINPUT, NULL, NULL,
                                "unable to read incident %s back: %s", inc->id, g.reason);
        goto cleanup;
    }
    inc->source = 0;

cleanup:
    json_decref(o);
    free(buf);
    free(g.syms);
    free(g.segs);
    free_scratch(&g);
    return st;
}
