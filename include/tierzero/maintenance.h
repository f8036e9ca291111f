/* maintenance.h: time excluded from an SLO's arithmetic (definitions.md §10): the windows
 * read, and M. */
#ifndef TIERZERO_MAINTENANCE_H
#define TIERZERO_MAINTENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"
#include "tierzero/model.h"
#include "tierzero/time.h"

struct t0_slo;
struct t0_dataset;

/*
 * Maintenance comes from three sources (definitions.md §10): the configuration (one-off
 * windows and weekly rules), Statuspage scheduled-maintenances files
 * (--maintenance), and Statuspage components whose status is
 * under_maintenance inside an incident. Each source appends to a
 * t0_maint_list; for one SLO, t0_maint_set_new() merges the windows that
 * match it into M, a sorted list of disjoint intervals that every window
 * figure (months, quarters, the period, and later burn rates and events)
 * queries with t0_maint_set_measure() and t0_maint_set_contains().
 *
 * Ownership: a list owns its windows and every string in them (copied into
 * its own arena); release it with t0_maint_list_release(). A set is new
 * (t0_maint_set_new), freed by t0_maint_set_free(); it borrows nothing.
 */

enum t0_maint_kind {
    T0_MAINT_CONFIG = 0,    /* "maintenance": [{"from", "to", ...}] */
    T0_MAINT_WEEKLY = 1,    /* an occurrence of a weekly rule */
    T0_MAINT_SCHEDULED = 2, /* a Statuspage scheduled maintenance */
    T0_MAINT_COMPONENT = 3, /* a component under_maintenance in an incident */
};

/* "configuration", "weekly", "scheduled", "component". Borrowed, static. */
const char *t0_maint_kind_name(enum t0_maint_kind kind);

struct t0_maint_window {
    t0_ms from;
    t0_ms to;                    /* T0_NO_TIME: the end of incident `incident` */
    const char *const *services; /* none: every SLO */
    uint32_t n_services;
    enum t0_maint_kind kind;
    const char *reason; /* never NULL; "" when none was given */
    const char *origin; /* where it was read ("maint.json: scheduled_maintenances[2]") */
    const char *id;     /* the maintenance's or incident's id, or NULL */
    int64_t incident;   /* component windows: the dataset's incident index, else -1 */
    t0_ms updated_at;   /* scheduled maintenances: their updated_at (merge keeps the
                           later), else T0_NO_TIME */
};

/* Every week on `weekday` from `from_minute` to `to_minute` of the local day
 * in the report's zone; ends the next day when to_minute <= from_minute or
 * is 1440 (24:00). */
struct t0_maint_weekly {
    int weekday;                /* 0 = Monday ... 6 = Sunday */
    int from_minute, to_minute; /* 0..1439, 0..1440 */
    const char *const *services;
    uint32_t n_services;
    const char *reason;
    const char *origin;
};

struct t0_maint_list {
    struct t0_maint_window *windows;
    size_t n_windows, cap_windows;
    struct t0_maint_weekly *weekly;
    size_t n_weekly, cap_weekly;
    struct t0_arena *arena; /* NULL until the first addition */
};

/* Adds a window; services, reason, origin and id are copied (reason NULL is
 * ""). Returns the stored window (borrowed), NULL when out of memory. */
struct t0_maint_window *t0_maint_list_add(struct t0_maint_list *list, t0_ms from,
                                          t0_ms to, const char *const *services,
                                          size_t n_services, const char *reason,
                                          const char *origin, const char *id);
/* Adds a weekly rule, copying its strings; NULL when out of memory. */
struct t0_maint_weekly *t0_maint_list_add_weekly(struct t0_maint_list *list,
                                                 const struct t0_maint_weekly *rule);
void t0_maint_list_release(struct t0_maint_list *list);

/* Parses a weekday ("sun", "Sunday", any case) into 0 (Monday) .. 6. */
bool t0_maint_parse_weekday(const char *text, int *weekday);
/* Parses "HH:MM" (00:00..23:59, and 24:00 when allow_24 is set) into minutes. */
bool t0_maint_parse_clock(const char *text, bool allow_24, int *minutes);

/* Does a window with these services apply to slo? A window without services
 * applies to every SLO; otherwise the SLO rule (definitions.md rule 3.1.11). slo's
 * symbols must be bound to the dataset whose symbol table is given. */
bool t0_maint_matches(const char *const *services, uint32_t n_services,
                      const struct t0_slo *slo, const struct t0_symtab *symbols);

/* The occurrences of a weekly rule that start in [lo, hi) in zone, in order:
 * calls fn(ctx, from, to) for each; false when fn returns false. */
bool t0_maint_weekly_each(const struct t0_maint_weekly *rule, const struct t0_zone *zone,
                          t0_ms lo, t0_ms hi, bool (*fn)(void *ctx, t0_ms from, t0_ms to),
                          void *ctx);

/* ---- M: the merged maintenance of one SLO ---- */

struct t0_maint_interval {
    t0_ms from, to;     /* from < to; disjoint, not touching, increasing */
    const char *reason; /* the distinct non-empty reasons of its windows, "; "-joined */
};

struct t0_maint_set {
    struct t0_maint_interval *items;
    size_t n;
    int64_t *before;        /* before[k]: total ms of items[0..k) (n + 1 values) */
    struct t0_arena *arena; /* the reasons */
};

/* What M is made of and where it is looked at. */
struct t0_maint_sources {
    const struct t0_maint_list *lists[4]; /* NULL entries are skipped */
    const struct t0_dataset *data;        /* symbols; component windows' incidents */
    const struct t0_zone *zone;           /* weekly rules */
    t0_ms as_of;  /* an ongoing incident ends here; incidents from here are left out */
    t0_ms lo, hi; /* weekly rules are laid out over at least [lo, hi) */
};

/* A window's interval as it applies: component windows clipped to their
 * incident (to its end when open), and none with an incident that starts at
 * or after as_of. False when it does not apply (or is empty). */
bool t0_maint_window_interval(const struct t0_maint_sources *src,
                              const struct t0_maint_window *w, t0_ms *from, t0_ms *to);

/* new: M of slo (its symbols bound to src->data). Errors T0_ENOMEM. */
enum t0_status t0_maint_set_new(const struct t0_maint_sources *src,
                                const struct t0_slo *slo, struct t0_maint_set **out,
                                struct t0_error *err);
void t0_maint_set_free(struct t0_maint_set *set);

/* |M ∩ [a, b)| in ms (0 when b <= a or set is NULL). */
int64_t t0_maint_set_measure(const struct t0_maint_set *set, t0_ms a, t0_ms b);
/* Is t in M (from <= t < to of one interval)? */
bool t0_maint_set_contains(const struct t0_maint_set *set, t0_ms t);
/* The index of the first interval with to > t (n when none). */
size_t t0_maint_set_find(const struct t0_maint_set *set, t0_ms t);

/* The end of an incident for maintenance (definitions.md rule 11.14): resolved_at, or
 * as_of while ongoing. */
t0_ms t0_maint_incident_end(const struct t0_incident *inc, t0_ms as_of);

#endif
