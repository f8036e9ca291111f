/* ingest_private.h: what the reader (ingest.c) shares with the field readers and the
 * formats. */
#ifndef TIERZERO_INGEST_PRIVATE_H
#define TIERZERO_INGEST_PRIVATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dynbuf.h"
#include "json_prune.h"
#include "json_stream.h"
#include "parse_pool.h"
#include "tierzero/config.h"
#include "tierzero/ingest.h"

/*
 * The layout of reading:
 *
 *   ingest.c          framing: a JSON document, a records array, NDJSON
 *                     lines (json_stream.c + parse_pool.c), CSV rows
 *                     (csv_frame.c), gzip (through a spool); ids, rejections
 *   json_prune.c      a record's text without the members its format does not
 *                     read, before the pool parses it (the formats' `reads`)
 *   ingest_fields.c   field readers shared by the formats (t0_in_*)
 *   formats.c         the tables of formats and the per-record detection
 *   fmt_<name>.c      one format each: how a record is recognised and how it
 *                     becomes an incident or a release
 *
 * A mapper never knows how its record was framed: it gets one JSON object.
 * Adding a format is a new fmt_<name>.c and a row in formats.c.
 */

struct ingest;

/* Incident formats: the index is what struct t0_source.shape stores. */
enum t0_fmt {
    T0_FMT_NATIVE,
    T0_FMT_STATUSPAGE,
    T0_FMT_PAGERDUTY,
    T0_FMT_INCIDENTIO,
    T0_FMT_GCP,
    T0_FMT_CSV,
    T0_FMT_COUNT
};

/* Whether the record being recognised has the top-level key. */
typedef bool (*t0_has_key_fn)(const void *rec, const char *key);

struct t0_incident_format {
    const char *name;    /* "native", "statuspage", ... as check prints it */
    const char *mapping; /* how a record maps, for check; NULL: the native fields */
    /* true when a record with these keys is of this format (definitions.md §7.1's key
     * order is the order of the table); NULL: never by its keys. It asks has()
     * only, so that a record is recognised the same by its parsed object and by
     * the keys of its text. */
    bool (*probe)(t0_has_key_fn has, const void *rec);
    /* Every member that record_id, convert, narrative and accepted read, as
     * json_prune.h paths ("severity.rank", "updates[].text"): the rest of a
     * record is left out before Jansson builds it. A member missing here is a
     * member the mapper never sees; the import block names values inside
     * these members (names of priorities, severities, timestamps, a custom
     * field), never members of its own. NULL: the whole record is built. */
    const char *const *reads;
    /* The record's id for a rejection (borrowed from o), NULL when none. */
    const char *(*record_id)(json_t *o);
    /* Fills inc from o; false with g->reason set. */
    bool (*convert)(struct ingest *g, json_t *o, struct t0_incident *inc);
    /* Reads the postmortem material back (struct t0_limits.defer_narrative)
     * into nar; NULL: the format has none, nothing is deferred. */
    bool (*narrative)(struct ingest *g, json_t *o, struct t0_incident *inc,
                      struct t0_narrative *nar);
    /* After the record converted last was accepted as ds->incidents[index]:
     * hands on what it carried besides the incident (Statuspage's
     * maintenance windows). False with g->oom set. NULL: nothing. */
    bool (*accepted)(struct ingest *g, json_t *o, const struct t0_incident *inc,
                     size_t index);
    /* After a whole file: settles what needs every record (incident.io's
     * severity ranks). NULL: nothing. */
    void (*finish)(struct ingest *g);
    /* Frees the format's scratch (g->scratch[index]). NULL: free(). */
    void (*free_scratch)(void *scratch);
};

extern const struct t0_incident_format t0_fmt_native, t0_fmt_statuspage, t0_fmt_pagerduty,
    t0_fmt_incidentio, t0_fmt_gcp, t0_fmt_csv;

/* The format of index fmt (borrowed, static). */
const struct t0_incident_format *t0_incident_format_get(int fmt);
/* The format a record's keys say (definitions.md §7.1): Statuspage, PagerDuty,
 * incident.io, Google Cloud, else native. */
int t0_incident_format_detect(json_t *o);
/* The same, by the keys has() says the record has. */
int t0_incident_format_detect_keys(t0_has_key_fn has, const void *rec);

/* What the parse pool's rewrite may leave out of a record (struct
 * t0_pp_record.hint): the members its format reads, the format being an enum
 * t0_fmt, or each record's own (T0_PRUNE_EACH); T0_PRUNE_NONE: nothing. */
#define T0_PRUNE_EACH (-1)
#define T0_PRUNE_NONE (-2)

/* The compiled reads of every format, for one reading. */
struct t0_prune_plan {
    struct t0_jp_spec *spec[T0_FMT_COUNT]; /* NULL: the format reads everything */
};

/* False when out of memory (the plan then prunes nothing, and may be released). */
bool t0_prune_plan_init(struct t0_prune_plan *plan);
void t0_prune_plan_release(struct t0_prune_plan *plan);
/* The parse pool's rewrite (t0_pp_rewrite_fn), ctx a struct t0_prune_plan. */
bool t0_prune_record(const void *ctx, const struct t0_pp_record *rec, const char *bytes,
                     struct t0_dynbuf *out, int *memo);

/* Release formats. */
enum t0_rfmt {
    T0_RFMT_NATIVE,
    T0_RFMT_GITHUB,
    T0_RFMT_GITLAB,
    T0_RFMT_DEPLOYMENT,
    T0_RFMT_ARGOCD,
    T0_RFMT_COUNT
};

struct t0_release_format {
    const char *name;
    const char *(*record_id)(json_t *o, char *buf, size_t size);
    bool (*convert)(struct ingest *g, json_t *o, struct t0_release *rel);
};

extern const struct t0_release_format t0_rfmt_native, t0_rfmt_github, t0_rfmt_gitlab,
    t0_rfmt_deployment, t0_rfmt_argocd;

const struct t0_release_format *t0_release_format_get(int fmt);

/* Ids accepted so far: open addressing over record indexes + 1. */
struct idset {
    uint32_t *slots;
    size_t cap, count;
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
    FILE *inflated; /* a gzip input, inflated to a temporary file */
    struct idset ids;
    bool oom;
    struct t0_pp *pp;            /* the records array or NDJSON lines being parsed */
    struct t0_error *record_err; /* where errors of records taken from pp go */

    /* The format of every record of the file, or -1: each record's own
     * (definitions.md §7.1: in NDJSON, a top-level array, a single object). */
    int file_fmt;
    /* the record being converted */
    int kind;                 /* its format: enum t0_fmt, or enum t0_rfmt for releases */
    char prefix[64];          /* "incidents[17]", "[17]", "line 5", "incident", "" */
    const char *prefix_array; /* non-NULL: the prefix is "<prefix_array>[index]", made on
                                 failure */
    bool prefix_line;         /* the prefix is "line <line>", made on failure */
    bool ndjson;
    size_t index, line;
    char reason[768];
    /* Narrative fields (summary, root_cause, trigger, resolution, lessons,
     * timeline, action items) are copied when set; otherwise only checked
     * against the limits, and read back later by t0_load_narrative. */
    bool narrative;
    /* The record's postmortem material as convert reads it (all empty when
     * !narrative); the incident gets an arena copy when any of it is set. */
    struct t0_narrative nar;
    bool labels; /* keep title, url, severity, cause (!skip_labels) */
    uint32_t
        source_no; /* 1-based entry of ds->sources for deferred narratives, 0: none */
    uint64_t rec_offset; /* the current record's bytes in the file */
    size_t rec_length;
    uint64_t file_size; /* for progress */
    size_t since_progress;
    size_t first_record; /* ds->n_incidents (n_releases) before this file */
    t0_ms updated_at;    /* the record's updated_at, T0_NO_TIME: none */
    bool left_out; /* a release read and accepted but left out (definitions.md rule 11.4)
                    */
    bool maint_file;      /* a scheduled-maintenances.json: every record a maintenance */
    bool maint_also;      /* a summary.json: scheduled_maintenances beside incidents */
    enum t0_status fatal; /* a maintenance that cannot be read: an input error, err set */

    /* scratch, reused across records */
    t0_sym *syms;
    size_t syms_cap;
    struct t0_segment *segs;
    size_t segs_cap;
    void *scratch[T0_FMT_COUNT]; /* each format's own, made on first use */
};

/* ---- field readers (ingest_fields.c): each returns false with g->reason set ---- */

void *t0_in_arena_array(struct ingest *g, size_t size);
/* A short description of a JSON value for messages: "\"text\"", "42", "an object". */
const char *t0_in_describe(const json_t *v, char *buf, size_t size);
/* Fills g->reason as "<prefix>.<field>: <text>" and returns false. */
bool t0_in_fail(struct ingest *g, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool t0_in_out_of_memory(struct ingest *g);
char *t0_in_arena_copy(struct ingest *g, const json_t *s);
char *t0_in_arena_strn(struct ingest *g, const char *s, size_t len);
bool t0_in_check_string_limit(struct ingest *g, const char *path, const json_t *s);
bool t0_in_check_items_limit(struct ingest *g, const char *path, const json_t *a);
bool t0_in_get_id(struct ingest *g, json_t *o, const char *key, const char **out);
bool t0_in_get_required_string(struct ingest *g, json_t *o, const char *key,
                               const char **out);
bool t0_in_get_required_label(struct ingest *g, json_t *o, const char *key,
                              const char **out);
bool t0_in_get_text(struct ingest *g, json_t *o, const char *key, const char *path,
                    const char **out);
bool t0_in_get_narrative_text(struct ingest *g, json_t *o, const char *key,
                              const char *path, const char **out);
bool t0_in_get_label_text(struct ingest *g, json_t *o, const char *key, const char **out);
bool t0_in_get_entry_text(struct ingest *g, json_t *e, const char *list, size_t index,
                          const char *key, const char **out);
bool t0_in_parse_time_value(struct ingest *g, const json_t *v, const char *path,
                            t0_ms *out);
bool t0_in_get_time(struct ingest *g, json_t *o, const char *key, const char *path,
                    bool required, t0_ms *out);
bool t0_in_get_services(struct ingest *g, json_t *o, const char *key, const char *path,
                        struct t0_symlist *out, bool *given);
/* A list of names from the scratch symbols g->syms[0, n) into the arena. */
bool t0_in_keep_syms(struct ingest *g, size_t n, struct t0_symlist *out);
bool t0_in_get_impact(struct ingest *g, json_t *o, const char *key, const char *path,
                      enum t0_impact *out);
bool t0_in_get_caused_by(struct ingest *g, json_t *o, struct t0_incident *inc);
bool t0_in_get_segments(struct ingest *g, json_t *o, struct t0_incident *inc);
bool t0_in_get_timeline(struct ingest *g, json_t *o, struct t0_narrative *nar);
bool t0_in_get_actions(struct ingest *g, json_t *o, struct t0_narrative *nar);
/* *out: an arena copy of nar when any of its fields is set, otherwise NULL.
 * False with g->oom set. */
bool t0_in_keep_narrative(struct ingest *g, const struct t0_narrative *nar,
                          const struct t0_narrative **out);
bool t0_in_check_resolution_order(struct ingest *g, json_t *o,
                                  const struct t0_incident *inc);
bool t0_in_check_order_keys(struct ingest *g, json_t *o, const struct t0_incident *inc,
                            const char *start_key, const char *end_key);
/* The record's updated_at (merge keeps the later), when it is a valid time. */
void t0_in_note_updated(struct ingest *g, json_t *o, const char *key);

/* ---- vendor mappings (ingest_fields.c) ---- */

/* The impact the configuration's import block gives name (case-insensitive),
 * false when it gives none. */
bool t0_in_import_impact(const struct ingest *g, const char *name, enum t0_impact *out);
/* The timestamp names of import.timestamps.<what> ("started", "detected",
 * "mitigated", "resolved"), or NULL when the built-in names apply. */
const char *const *t0_in_import_timestamps(const struct ingest *g, const char *what,
                                           size_t *n);
/* An optional string member: absent or null gives NULL; another type rejects. */
bool t0_in_opt_string(struct ingest *g, json_t *o, const char *key, const char *path,
                      json_t **out);
/* An optional object member: absent or null gives NULL; another type rejects. */
bool t0_in_opt_object(struct ingest *g, json_t *o, const char *key, const char *path,
                      json_t **out);
/* A vendor's optional label (a url): like t0_in_get_label_text, but a value
 * of another type than a string rejects (definitions.md rule 11.14). */
bool t0_in_vendor_label(struct ingest *g, json_t *o, const char *key, const char **out);
/* An optional list member: absent or null gives NULL; another type rejects. */
bool t0_in_opt_array(struct ingest *g, json_t *o, const char *key, const char *path,
                     json_t **out);
/* A string member's value, or NULL. */
const char *t0_in_str(json_t *o, const char *key);
/* The format's scratch of size bytes, zeroed on first use; NULL when out of memory. */
void *t0_in_scratch(struct ingest *g, int fmt, size_t size);

/* ---- framing beside JSON ---- */

/* Does fd (read from offset 0) start with gzip's magic bytes. */
bool t0_in_is_gzip(int fd);
/* Inflates g->fd into a temporary file that becomes g->fd (g->inflated). */
enum t0_status t0_in_inflate(struct ingest *g);
/* Is the input CSV (definitions.md rule 11.1): a name ending .csv or .csv.gz, or a
 * first line whose fields include id and started_at. c is the first byte. */
bool t0_in_is_csv(struct ingest *g, int c);
/* Does the first line (up to a line break) name the columns id and
 * started_at, as a CSV header must? */
bool t0_in_csv_header_names(const char *line);
/* Does the file's name say CSV (.csv, .csv.gz)? */
bool t0_in_named_csv(const char *source);
/* Counts, converts and stores (or rejects) one record framed outside ingest.c. */
void t0_in_take_record(struct ingest *g, json_t *o);
/* Reads the CSV rows from the reader's position as records. */
enum t0_status t0_in_read_csv(struct ingest *g);

#endif
