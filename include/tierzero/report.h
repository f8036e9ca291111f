/* report.h: every figure of definitions.md §3, computed once, read by every document. */
#ifndef TIERZERO_REPORT_H
#define TIERZERO_REPORT_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/config.h"
#include "tierzero/error.h"
#include "tierzero/model.h"
#include "tierzero/time.h"
#include "tierzero/windows.h"

/*
 * Ownership: t0_report_compute() fills a caller-owned struct t0_report; all
 * it points to is owned by the report and freed by t0_report_release(). The
 * dataset, configuration and zone it was computed from are borrowed and must
 * outlive it. The PDF, the workbook, the JSON summary and the text table all
 * read these structs and compute no figure of their own.
 */

/* A figure that may be undefined: reason == NULL means value holds it;
 * otherwise the figure is null and reason (borrowed, static English text)
 * says why, e.g. "objective is 100%: the budget is zero". Never NaN/inf. */
struct t0_value {
    double value;
    const char *reason;
};

static inline struct t0_value t0_value_of(double v)
{
    struct t0_value x = {v, NULL};
    return x;
}
static inline struct t0_value t0_value_null(const char *reason)
{
    struct t0_value x = {0.0, reason};
    return x;
}
static inline bool t0_value_defined(struct t0_value v)
{
    return v.reason == NULL;
}

enum t0_slo_status {
    T0_STATUS_MET = 0,
    T0_STATUS_AT_RISK = 1,
    T0_STATUS_EXHAUSTED = 2,
    T0_STATUS_NO_DATA =
        3, /* events SLOs only: no event in the window (definitions.md rule 11.14) */
};
/* "met", "at_risk", "exhausted", "no_data". Borrowed, static. */
const char *t0_slo_status_name(enum t0_slo_status status);
/* "met", "at risk", "exhausted", "no data" for people. */
const char *t0_slo_status_label(enum t0_slo_status status);

/*
 * One SLO over one window (kind, label, month and [start, end) copied from
 * the report's window). The arithmetic does not depend on the kind: any
 * window works.
 */
struct t0_slo_window {
    enum t0_window_kind kind;
    char label[40];
    struct t0_month month; /* the month it is shown under (struct t0_window) */
    t0_ms start, end;
    double minutes_total;
    double minutes_elapsed;  /* before as_of, outside maintenance */
    double minutes_excluded; /* |M ∩ [start, end)| (definitions.md §10), after as_of
                                included */
    double bad_minutes;
    struct t0_value attainment_pct;
    double budget_minutes;
    struct t0_value budget_consumed_pct;
    double budget_remaining_minutes;
    t0_ms exhausted_at; /* T0_NO_TIME: never (rounded half up to the ms) */
    enum t0_slo_status status;
    size_t incidents; /* matching incidents started in the window */
    bool partial;     /* start <= as_of < end */
    /* Exact quantities the figures above are derived from. */
    int64_t bad_wms; /* bad time in ms x weight-millionths */
    int64_t elapsed_ms;
    int64_t total_ms;
    int64_t excluded_ms;
    /* What the window counts (definitions.md §8): minutes of bad time, or events. For
     * T0_UNIT_EVENTS the minute figures above (bad, budget, remaining) are
     * not figures of the SLO (the JSON writes them null, "an events SLO"). */
    enum t0_window_unit { T0_UNIT_MINUTES = 0, T0_UNIT_EVENTS = 1 } unit;
    bool has_samples; /* an events SLO (either budgeting): sample counts below */
    double events_total, events_bad, events_good;
    double budget_events, budget_remaining_events;
    struct t0_value data_coverage; /* counted samples x step / elapsed, at most 1 */
    size_t samples_counted;        /* valid paired samples in (start, min(end, as_of)] */
    size_t samples_invalid, samples_unpaired;
    double no_data_minutes; /* timeslices: elapsed minutes without a slice */
};

/* A release freeze: from a month's exhausted_at to that month's end. */
struct t0_freeze {
    struct t0_month month;
    t0_ms from, to;
};

struct t0_curve;    /* an SLO's bad-time rate over time (slo.h) */
struct t0_slo_burn; /* an SLO's alert replay and rolling windows (burn.h) */

struct t0_slo_result {
    const struct t0_slo *slo; /* borrowed from the config */
    /* Its figures over each window of the report, figures[k][i] over
     * rep->windows[k].at[i], for the listed kinds (t0_report_window). */
    struct t0_slo_window *figures[T0_WINDOW_LISTED];
    struct t0_freeze *freezes;
    size_t n_freezes;
    struct t0_curve *curve;   /* owned; for queries at any instant */
    struct t0_slo_burn *burn; /* owned; burn rates, alerts, rolling (burn.h) */
    /* definitions.md §10: M, the merged maintenance of the SLO (owned; the curve is 0
     * inside it). */
    struct t0_maint_set *maintenance;
};

/* mean / median / p90 over n values; each null with a reason when n = 0. */
struct t0_distribution {
    size_t n;
    struct t0_value mean, median, p90;
};

struct t0_incident_stats {
    size_t count; /* incidents started in the period before as_of */
    size_t by_impact[T0_IMPACT_COUNT];
    struct t0_distribution mttr_minutes;
    struct t0_distribution ttd_minutes;
    struct t0_value mean_days_between;
    struct t0_value off_hours_share;
    struct t0_value sleep_hours_share;
    const char *by_weekday_hour_reason; /* NULL: grid defined */
    uint32_t by_weekday_hour[7][24];    /* [Monday..Sunday][hour] */
};

#define T0_IN_MAINTENANCE_PARTLY 1
#define T0_IN_MAINTENANCE_WHOLLY 2

/* What the engine knows of each incident (index-aligned with the dataset). */
struct t0_incident_figures {
    bool counted;   /* started before as_of (definitions.md rule 3.1.7) */
    bool in_period; /* started in [period start, min(period end, as_of)) */
    /* Release analysis (filled when releases were given, else -1/false); its
     * flags sit with the others. 40 bytes an incident: what can be computed
     * from the rest is (t0_incident_minutes, t0_incident_bad_events). */
    bool after_release;     /* starts in [r, r + W) of a matching release */
    bool in_release_window; /* inside the union of all windows (chance test) */
    /* Maintenance of an SLO it matches (definitions.md §10): 0 none, 1 partly inside,
     * 2 wholly inside (T0_IN_MAINTENANCE_*). */
    unsigned char in_maintenance;
    struct t0_month month;      /* month of its start in the report zone */
    t0_ms end;                  /* resolved_at, or as_of when ongoing / resolved later */
    double *bad_minutes;        /* per SLO: its own weighted minutes before as_of in
                                   the period, overlaps with others not removed */
    int64_t attributed_release; /* release analysis: dataset release index, -1 none */
};

/* One day of the history in the report zone (calendar, burn-down, Daily sheet). */
struct t0_day {
    t0_ms start, end;
    int year, month, day;
    uint32_t incidents;  /* incidents started that day (in period) */
    uint32_t releases;   /* releases that day (in period) */
    bool freeze;         /* any SLO in a freeze during the day */
    bool maintenance;    /* any SLO's maintenance meets the day */
    double *bad_minutes; /* per SLO, before as_of */
    double
        *bad_events; /* per SLO: events SLOs' bad events in (start, end], before as_of */
    double *total_events; /* per SLO, likewise (0 for other SLOs) */
};

struct t0_release_figures {
    uint32_t release; /* dataset release index */
    bool failed;
    bool failed_by_window;          /* a matching incident started in [r, r + W) */
    bool failed_by_caused_by;       /* an incident named it */
    uint32_t attributed;            /* incidents whose attributed release it is */
    double *attributed_bad_minutes; /* per SLO */
};

struct t0_violation {
    uint32_t release; /* dataset release index */
    uint32_t slo;     /* index into report slos */
    struct t0_month month;
    struct t0_value budget_consumed_pct; /* at released_at */
};

struct t0_release_results {
    size_t count; /* releases in the period before as_of */
    size_t failed;
    struct t0_value change_failure_rate;
    struct t0_release_figures *releases; /* count of them, by release time */
    struct t0_violation *violations;
    size_t n_violations;
};

/* The attributable share of definitions.md §3: (k / n - coverage) / (1 - coverage),
 * the excess of incidents inside release windows over what their share of
 * time gives, as a share of all incidents (negative for fewer), with the
 * Clopper-Pearson interval of k / n transformed the same way. Null with a
 * reason when n = 0 or coverage is 1 (or undefined); the interval is then
 * null as a whole (ci95_reason). */
struct t0_attributable {
    struct t0_value share;
    const char *ci95_reason; /* NULL: interval defined */
    struct t0_value ci95[2];
};

/* The attributable share of one SLO: its matching releases' windows and its
 * matching incidents (docs/definitions.md, "Readings we chose"). */
struct t0_slo_attribution {
    size_t releases;          /* releases of the period matching the SLO */
    size_t k, n;              /* its incidents inside its windows, all its incidents */
    struct t0_value coverage; /* share of elapsed time inside its windows */
    struct t0_attributable attributable;
};

struct t0_correlation {
    double window_hours;
    size_t incidents_after_release;
    struct t0_value share_after_release;
    struct t0_value coverage;
    size_t k, n;
    /* The chance test's span: [period start, min(period end, as_of)), or from
     * the first release when the release history starts later
     * (chance_clipped): time before it cannot hold a release window. */
    t0_ms chance_from, chance_to;
    bool chance_clipped;
    struct t0_value rate_ratio;
    const char *rate_ratio_ci95_reason; /* NULL: interval defined */
    struct t0_value rate_ratio_ci95[2];
    struct t0_value p_value;
    struct t0_value spearman_releases_incidents;
    struct t0_value spearman_releases_bad_minutes;
    int event_study_days; /* D */
    struct t0_value baseline_per_day;
    const char *mean_per_day_reason; /* NULL: defined */
    double *mean_per_day;            /* 2D + 1 values, offset -D first */
    struct t0_attributable attributable;
    /* Per SLO (n_slos of them, report order); NULL with per_slo_reason when
     * releases are not matched to services (correlation.match "any"). */
    const char *per_slo_reason;
    struct t0_slo_attribution *per_slo;
};

/* One SLO's release freeze in the review month. */
struct t0_freeze_slo {
    size_t slo;      /* index into rep->slos */
    t0_ms from, to;  /* from its exhausted_at to the month's end */
    size_t releases; /* releases that shipped during it (violations) */
};

/*
 * The review month's release-freeze verdict, computed once by
 * t0_report_compute(): the cover, the executive summary, the e-mail and the
 * JSON all word it from here, so they cannot disagree.
 */
struct t0_freeze_verdict {
    t0_ms from, to;             /* earliest start, latest end; T0_NO_TIME: no freeze */
    bool in_force;              /* from <= as_of < to */
    struct t0_freeze_slo *slos; /* the SLOs frozen in the review month, earliest first */
    size_t n_slos;
    size_t releases; /* distinct releases that shipped during a freeze */
    /* Releases that carry no services (none given, none configured) match
     * only "*" SLOs, so a freeze of any other SLO cannot be checked for them
     * (definitions.md §7.2). Of the review month, those that shipped during such a
     * freeze: */
    size_t unchecked;
    /* Of the period (before as_of): releases without services, and those of
     * them that shipped during a freeze of an SLO not covering "*". */
    size_t period_without_services;
    size_t period_unchecked;
};

/* What period to compute (from the command line). */
struct t0_period_request {
    bool has_month; /* --month */
    struct t0_month month;
    int history;    /* --history, default 12 */
    bool has_range; /* --from/--to */
    struct t0_month from, to;
    bool has_as_of; /* --as-of */
    t0_ms as_of;
    t0_ms now;        /* the clock, for the default as_of */
    bool has_quarter; /* --quarter YYYY-Qn: the period is that quarter */
    int quarter_year, quarter;
};

struct t0_report {
    const struct t0_dataset *data;
    const struct t0_config *config;
    const struct t0_zone *zone;

    struct t0_month from, to, review; /* period months; review == to */
    /* The windows measured, one list per kind: the period's months, the
     * fiscal quarters overlapping it (definitions.md §10; year is the calendar
     * year the fiscal year starts in), and the period itself. */
    struct t0_window_list windows[T0_WINDOW_LISTED];
    t0_ms as_of;
    t0_ms period_start, period_end; /* [start of from, end of to) */
    t0_ms review_start, review_end;

    struct t0_slo_result *slos; /* config->n_slos of them */
    size_t n_slos;

    struct t0_incident_stats stats;
    struct t0_incident_figures *incidents; /* data->n_incidents */
    /* Events SLOs' bad events of each incident ([i * n_slos + s]: those of
     * the samples whose (t - step, t] meets [start, end), t <= as_of; 0 for
     * other SLOs); NULL when no SLO is an events SLO. t0_incident_bad_events. */
    double *incident_events;
    struct t0_day *days; /* every day of the period */
    size_t n_days;

    /* Release analysis: NULL reasons when releases were given. */
    bool has_releases;
    const char *releases_reason; /* "no releases file was given" */
    const char *correlation_reason;
    struct t0_release_results releases;
    struct t0_correlation correlation;

    struct t0_freeze_verdict freeze;
    /* With --quarter (definitions.md §10), has_quarter and the quarter asked
     * for: the period is that quarter, windows[T0_WINDOW_QUARTER] holds it. */
    bool has_quarter;
    struct t0_window quarter;
};

/* Computes every figure. Errors: T0_EUSAGE for an impossible period request,
 * T0_EINPUT for a period without a month (an --as-of before 0001-01 leaves
 * none), T0_ENOMEM. On success the report has at least one month. */
enum t0_status t0_report_compute(struct t0_report *rep, const struct t0_dataset *ds,
                                 const struct t0_config *cfg, const struct t0_zone *zone,
                                 const struct t0_period_request *req,
                                 struct t0_error *err);

/* Only the period of t0_report_compute (from, to, review, as_of and their
 * instants), for what must be fetched before the figures are computed (the
 * series of PromQL sources). Nothing to release. */
enum t0_status t0_report_period(struct t0_report *rep, const struct t0_dataset *ds,
                                const struct t0_zone *zone,
                                const struct t0_period_request *req,
                                struct t0_error *err);

void t0_report_release(struct t0_report *rep);

/* How many windows of kind k the report holds (0 for rolling windows, which
 * each SLO's burn holds). */
static inline size_t t0_report_count(const struct t0_report *rep, enum t0_window_kind k)
{
    return (unsigned)k < T0_WINDOW_LISTED ? rep->windows[k].n : 0;
}

/* Window i of kind k (0 = the oldest). */
static inline const struct t0_window *t0_report_span(const struct t0_report *rep,
                                                     enum t0_window_kind k, size_t i)
{
    assert((unsigned)k < T0_WINDOW_LISTED && i < rep->windows[k].n);
    return &rep->windows[k].at[i];
}

/* The figures of slo s over window i of kind k. */
static inline const struct t0_slo_window *
t0_report_window(const struct t0_report *rep, size_t s, enum t0_window_kind k, size_t i)
{
    assert(s < rep->n_slos && (unsigned)k < T0_WINDOW_LISTED && i < rep->windows[k].n);
    return &rep->slos[s].figures[k][i];
}

/* The number of months of the period. */
static inline size_t t0_report_months(const struct t0_report *rep)
{
    return rep->windows[T0_WINDOW_MONTH].n;
}

/* The month window i (0 = from) of slo s. */
static inline const struct t0_slo_window *t0_report_month(const struct t0_report *rep,
                                                          size_t s, size_t i)
{
    return t0_report_window(rep, s, T0_WINDOW_MONTH, i);
}

/* The whole period's window of slo s. */
static inline const struct t0_slo_window *
t0_report_period_window(const struct t0_report *rep, size_t s)
{
    return t0_report_window(rep, s, T0_WINDOW_PERIOD, 0);
}

/* Every document writer refuses a report without a review month (fail closed
 * even where assert is compiled out). */
#define T0_REPORT_NO_MONTH "the report has no review month"

/* The review month's window of slo s. A computed report always has one
 * (t0_report_compute refuses a period without a month). */
static inline const struct t0_slo_window *
t0_report_review_window(const struct t0_report *rep, size_t s)
{
    assert(t0_report_months(rep) > 0);
    return t0_report_month(rep, s, t0_report_months(rep) - 1);
}

/* An incident's duration for people, in minutes: from its start to f->end
 * (resolved_at, or as_of when ongoing or resolved later). */
static inline double t0_incident_minutes(const struct t0_incident *inc,
                                         const struct t0_incident_figures *f)
{
    return (double)(f->end - inc->started_at) / 60000.0;
}

/* Events SLO s's bad events of dataset incident i (0 for other SLOs). */
static inline double t0_incident_bad_events(const struct t0_report *rep, size_t i,
                                            size_t s)
{
    return rep->incident_events ? rep->incident_events[i * rep->n_slos + s] : 0.0;
}

#endif
