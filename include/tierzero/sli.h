/* sli.h: what an SLO measures (definitions.md §8): weighted incident time, or events read
 * from saved series. */
#ifndef TIERZERO_SLI_H
#define TIERZERO_SLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"
#include "tierzero/series.h"
#include "tierzero/time.h"

/*
 * An SLO's indicator is chosen once, from the configuration's "sli.kind":
 * incident time (definitions.md §3, the default; struct t0_slo.sli is NULL) or events
 * (definitions.md §8). An events SLO budgets either occurrences (good / total events)
 * or timeslices (bad slices become bad time and definitions.md §3 applies unchanged).
 *
 * Ownership: a struct t0_sli belongs to its SLO (the configuration) and is
 * freed by t0_sli_free(); the series it loads belong to it. Window figures
 * (sli_events.c) borrow the series.
 */

enum t0_sli_kind {
    T0_SLI_INCIDENTS = 0,
    T0_SLI_EVENTS = 1,
};

enum t0_sli_budgeting {
    T0_BUDGETING_OCCURRENCES = 0,
    T0_BUDGETING_TIMESLICES = 1,
};

/* One source of counts: a saved file (query_range JSON or timestamp,value
 * CSV) or a PromQL query (live queries are not supported yet). */
struct t0_sli_source {
    char *file;  /* owned; resolved against the configuration's folder */
    char *query; /* owned; PromQL, or NULL */
};

struct t0_sli {
    enum t0_sli_kind kind;
    enum t0_sli_budgeting budgeting;
    int64_t slice_target_micro; /* timeslices: target percent in millionths */
    bool counts_bad;            /* sources are bad + total (else good + total) */
    struct t0_sli_source num;   /* good, or bad when counts_bad */
    struct t0_sli_source total;
    char *file;               /* one warehouse CSV instead of the two sources */
    int64_t default_step_ms;  /* prometheus.step_seconds, for one-timestamp sources */
    struct t0_series *series; /* loaded by t0_sli_load(), owned */
};

/* new: an incidents SLI (calloc'd); NULL when out of memory. */
struct t0_sli *t0_sli_new(void);
void t0_sli_free(struct t0_sli *sli);

/* Is this an events SLO (either budgeting)? sli may be NULL. */
static inline bool t0_sli_is_events(const struct t0_sli *sli)
{
    return sli && sli->kind == T0_SLI_EVENTS;
}
/* Are its figures counted in events (occurrences), not minutes? */
static inline bool t0_sli_counts_events(const struct t0_sli *sli)
{
    return t0_sli_is_events(sli) && sli->budgeting == T0_BUDGETING_OCCURRENCES;
}

/*
 * The interface behind which an SLO's arithmetic sits, one per kind, chosen
 * once from the SLO (t0_sli_ops_of): the curve of bad time its windows are
 * read from (incident time; the bad slices of a timeslices SLO; nothing for
 * an occurrences SLO), the figures of one window [start, end) before as_of,
 * and the budget consumed in a window up to an instant (definitions.md rule 3.1.12).
 */
struct t0_slo;
struct t0_spans;
struct t0_curve;
struct t0_slo_window;
struct t0_value;

struct t0_sli_ops {
    const char *name; /* "incidents", "events", "timeslices" */
    enum t0_status (*curve_new)(const struct t0_slo *slo, const struct t0_spans *spans,
                                t0_ms as_of, struct t0_curve **out, struct t0_error *err);
    void (*window)(const struct t0_slo *slo, const struct t0_curve *curve, t0_ms start,
                   t0_ms end, t0_ms as_of, int64_t at_risk_micro,
                   struct t0_slo_window *out);
    /* Consumed percent in window w (computed by window()) by what happened
     * up to t; as_of bounds the samples that count. */
    struct t0_value (*consumed_at)(const struct t0_slo *slo, const struct t0_curve *curve,
                                   const struct t0_slo_window *w, t0_ms as_of, t0_ms t);
};

extern const struct t0_sli_ops t0_sli_time_ops;   /* definitions.md §3 */
extern const struct t0_sli_ops t0_sli_events_ops; /* definitions.md §8, occurrences */
extern const struct t0_sli_ops t0_sli_timeslices_ops; /* definitions.md §8, timeslices */

/* The operations of slo's SLI (borrowed, static). */
const struct t0_sli_ops *t0_sli_ops_of(const struct t0_slo *slo);

/*
 * The rolling figures (definitions.md §9, rule 11.12) of an events SLO counted by
 * occurrences at n increasing instants at[k]: attainment and budget consumed
 * of the samples in (at[k] - span, min(at[k], as_of)], as window() gives
 * them, in one pass over the samples instead of one per instant (the sums
 * slide; an emptied window restarts from zero). Out arrays of n, borrowed.
 */
void t0_events_rolling(const struct t0_slo *slo, const struct t0_curve *curve,
                       const t0_ms *at, size_t n, t0_ms span, t0_ms as_of,
                       struct t0_value *attainment, struct t0_value *consumed);

/* A window's figures in its own unit, for people: bad "1.2 M bad of 1.4 G
 * requests" (events) or "3 h 12 min" (minutes); budget "1.4 M requests" or
 * "43 min"; remaining likewise (negative when overspent); data coverage
 * "data coverage 99.8%" (events SLOs; "" otherwise). Return buf. */
char *t0_window_bad_text(const struct t0_slo_window *w, char *buf, size_t size);
char *t0_window_budget_text(const struct t0_slo_window *w, char *buf, size_t size);
char *t0_window_remaining_text(const struct t0_slo_window *w, char *buf, size_t size);
char *t0_window_coverage_text(const struct t0_slo_window *w, char *buf, size_t size);

/* Reasons for undefined figures of events SLOs (borrowed, static). */
#define T0_REASON_EVENTS_SLO "an events SLO"
#define T0_REASON_NO_EVENTS "no events in the window"

#endif
