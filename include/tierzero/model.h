/* model.h: the input records (incidents, releases) as plain C, and their store. */
#ifndef TIERZERO_MODEL_H
#define TIERZERO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/time.h"

/*
 * Ownership: every string and array reachable from a struct t0_dataset lives
 * in the dataset's arena and is borrowed by whoever reads it; it is freed
 * once, by t0_dataset_free(). Nothing in here knows of JSON or documents.
 */

/* ---- arena: a bump allocator for the many small strings of a history ---- */

struct t0_arena;

struct t0_arena *t0_arena_new(void); /* new */
void t0_arena_free(struct t0_arena *arena);
void *t0_arena_alloc(struct t0_arena *arena, size_t size); /* zeroed, 16-aligned */
char *t0_arena_strndup(struct t0_arena *arena, const char *s, size_t len);
char *t0_arena_strdup(struct t0_arena *arena, const char *s);
size_t t0_arena_bytes(const struct t0_arena *arena); /* bytes held */

/* ---- service names, interned case-insensitively (Unicode case folding) ---- */

typedef uint32_t t0_sym;

struct t0_symtab;

struct t0_symtab *t0_symtab_new(void); /* new */
void t0_symtab_free(struct t0_symtab *tab);
/* The symbol of name (len bytes, UTF-8); names equal after g_utf8_casefold
 * get the same symbol. The display name is the first spelling seen. */
t0_sym t0_symtab_intern(struct t0_symtab *tab, const char *name, size_t len);
/* Looks a name up without adding it; returns false when unknown. */
bool t0_symtab_find(const struct t0_symtab *tab, const char *name, size_t len,
                    t0_sym *out);
const char *t0_symtab_name(const struct t0_symtab *tab, t0_sym sym); /* borrowed */
size_t t0_symtab_count(const struct t0_symtab *tab);

/* A list of symbols (in the arena). */
struct t0_symlist {
    const t0_sym *items;
    uint32_t count;
};

/* ---- incidents ---- */

enum t0_impact {
    T0_IMPACT_NONE = 0,
    T0_IMPACT_DEGRADED = 1, /* degraded_performance */
    T0_IMPACT_PARTIAL = 2,  /* partial_outage */
    T0_IMPACT_MAJOR = 3,    /* major_outage */
};
#define T0_IMPACT_COUNT 4

/* "major_outage" etc. Borrowed, static. */
const char *t0_impact_name(enum t0_impact impact);
/* People's words: "major outage". Borrowed, static. */
const char *t0_impact_label(enum t0_impact impact);
/* Parses the names of definitions.md §3 ("major_outage" etc.); false for anything else.
 */
bool t0_impact_parse(const char *name, size_t len, enum t0_impact *out);

/* Impact over a span of an incident. */
struct t0_segment {
    t0_ms from;
    t0_ms to; /* T0_NO_TIME: until the incident's end */
    enum t0_impact impact;
    bool has_services; /* false: the incident's services */
    struct t0_symlist services;
};

struct t0_timeline_entry {
    t0_ms at;
    const char *status; /* may be NULL */
    const char *text;   /* may be NULL */
};

struct t0_action_item {
    const char *title, *owner, *status, *due; /* any may be NULL */
};

/* An incident's postmortem material; every field NULL (0) when absent. */
struct t0_narrative {
    const char *summary, *root_cause, *trigger, *resolution, *lessons;
    const struct t0_timeline_entry *timeline; /* oldest first */
    uint32_t n_timeline;
    const struct t0_action_item *actions;
    uint32_t n_actions;
};

struct t0_incident {
    const char *id;
    const char *title;
    t0_ms started_at;
    t0_ms detected_at;  /* T0_NO_TIME when absent */
    t0_ms mitigated_at; /* T0_NO_TIME when absent */
    t0_ms resolved_at;  /* T0_NO_TIME: ongoing */
    struct t0_symlist services;
    const char **caused_by;            /* release ids, compared exactly */
    const struct t0_segment *segments; /* empty: whole interval at impact */
    uint32_t n_caused_by;
    uint32_t n_segments;
    /* Narrative fields every document may show; NULL when absent. */
    const char *severity, *cause, *url;
    /* The postmortem material (in the arena), behind one pointer because a
     * report run leaves it in the file (struct t0_limits.defer_narrative):
     * 8 bytes an incident instead of 64. Read it with
     * t0_incident_narrative(). */
    const struct t0_narrative *narrative; /* NULL: none in memory */
    uint32_t index;                       /* 0-based position among the input's records */
    /* Among the 32-bit fields, where it fills what would be padding: 152
     * bytes an incident (LP64), 4 of them padding at the end. */
    enum t0_impact impact;
    /* Where the record lies in its input when its postmortem material was
     * left there (struct t0_limits.defer_narrative): source is a 1-based
     * entry of the dataset's sources; 0 when it is in memory. */
    uint32_t source;
    uint64_t source_offset, source_length;
};

/* The incident's postmortem material (borrowed): an all-empty one (static)
 * when it has none in memory, never NULL. */
const struct t0_narrative *t0_incident_narrative(const struct t0_incident *inc);

/* ---- releases ---- */

struct t0_release {
    const char *id;
    const char *name; /* may be NULL */
    const char *kind; /* may be NULL */
    const char *url;  /* may be NULL */
    t0_ms released_at;
    struct t0_symlist services; /* empty: none given */
    uint32_t index;
};

/* ---- what was read ---- */

/* An input file kept open to read records back from. */
struct t0_source {
    int fd;    /* owned */
    int shape; /* the reader's code for the shape of its records */
};

struct t0_rejected {
    size_t index;       /* 0-based record position (NDJSON: non-blank line) */
    size_t line;        /* 1-based line where the record starts, 0 unknown */
    const char *id;     /* NULL when the record has no string id */
    const char *reason; /* "incidents[17].started_at: expected an RFC 3339 ..." */
};

/* Consecutive records of one shape (definitions.md §7.1: shapes are decided per record).
 */
struct t0_shape_run {
    size_t first, count; /* record indexes [first, first + count) */
    const char *shape;   /* "statuspage", "pagerduty", ... (static) */
    const char *mapping; /* how its records map, for check (static); NULL: native */
};

struct t0_input_report {
    bool present;       /* false: no such file was given */
    const char *source; /* file name as given */
    const char *format; /* the framing: "native", "native-array", "ndjson",
                           "native-single", "statuspage", "statuspage-single",
                           "pagerduty", "incidentio", "csv",
                           "statuspage-maintenances"; releases:
                           "native-releases", "native-array", "github",
                           "github-deployments", "argocd" (shapes: per record) */
    size_t read, accepted, rejected;
    struct t0_rejected *rejected_records; /* rejected of them */
    size_t rejected_cap;
    struct t0_shape_run *shapes; /* the records' shapes, in runs */
    size_t n_shapes, shapes_cap;
    size_t left_out; /* accepted but left out of every figure (other environments) */
    /* Incidents: of the accepted, maintenance records (definitions.md §10: a history's
     * {"maintenance": {...}} lines, a scheduled-maintenances.json's entries),
     * windows and not incidents; of them, ignored (end not after start). */
    size_t maintenance, maintenance_ignored;
};

struct t0_dataset {
    struct t0_arena *arena;
    struct t0_symtab *symbols;

    struct t0_incident *incidents; /* in input order */
    size_t n_incidents;
    size_t incidents_cap;

    struct t0_release *releases; /* in input order */
    size_t n_releases;
    size_t releases_cap;

    struct t0_input_report incidents_input;
    struct t0_input_report releases_input;

    /* The inputs incidents' narratives are read back from (see
     * t0_load_narrative); closed by t0_dataset_free(). */
    struct t0_source *sources;
    size_t n_sources;

    /* Each incident's updated_at (T0_NO_TIME: none), by index, when the
     * reading was asked to keep it (struct t0_limits.keep_updated_at). */
    t0_ms *updated_at;
    size_t updated_cap;
    /* Maintenance windows read with the data (definitions.md §10): Statuspage
     * scheduled maintenances and under_maintenance components; NULL until
     * the first one (maintenance.h, t0_dataset_maintenance()). */
    struct t0_maint_list *maintenance;
};

struct t0_dataset *t0_dataset_new(void); /* new */
/* The dataset's maintenance list, made on first use (borrowed); NULL when
 * out of memory. */
struct t0_maint_list *t0_dataset_maintenance(struct t0_dataset *ds);
void t0_dataset_free(struct t0_dataset *ds);

/* Appends a zeroed record and returns it (borrowed), NULL when out of memory. */
struct t0_incident *t0_dataset_add_incident(struct t0_dataset *ds);
struct t0_release *t0_dataset_add_release(struct t0_dataset *ds);
/* Records a rejection (strings copied into the arena). */
void t0_input_reject(struct t0_dataset *ds, struct t0_input_report *in, size_t index,
                     size_t line, const char *id, const char *reason);

/* Counts record index as one of shape (static, with its static mapping) in in's runs. */
void t0_input_note_shape(struct t0_input_report *in, size_t index, const char *shape,
                         const char *mapping);

/* Is a (an incident's or release's services) matching b by the correlation
 * rule: they intersect, or either is empty. */
bool t0_symlist_intersect(struct t0_symlist a, struct t0_symlist b);

#endif
