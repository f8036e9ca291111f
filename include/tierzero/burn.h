/* burn.h: burn rates, the alerts they would have sent, and rolling windows
 * (definitions.md §9). */
#ifndef TIERZERO_BURN_H
#define TIERZERO_BURN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/config.h"
#include "tierzero/error.h"
#include "tierzero/report.h"

/*
 * Ownership: t0_report_burn() fills one struct t0_slo_burn per SLO of a
 * computed report (rep->slos[s].burn, new, freed by t0_slo_burn_free() from
 * t0_report_release()). Rules are borrowed from the SLO or from the static
 * default table. Nothing here prints.
 *
 * The SLI is read through one small interface, the SLI grid: the cumulative
 * bad and total amounts at every whole UTC minute of a stretch of time, so
 * that the amounts of any window of whole minutes ending at a grid point are
 * two differences. Time-based (incident) SLOs fill it from the bad-time
 * curve; an events SLI fills the same grid from its samples (window
 * (t - w, t]) and every rule, episode and figure follows unchanged.
 */

/* The four rules of the SRE workbook (page 1h/5m at 14.4, page 6h/30m at 6,
 * ticket 1d/2h at 3, ticket 3d/6h at 1). Borrowed, static. */
extern const struct t0_alert_rule t0_default_alert_rules[4];

/* The rules that apply to slo: its own "alerts", else the defaults. */
const struct t0_alert_rule *t0_slo_alert_rules(const struct t0_slo *slo, size_t *n);

/* "1h", "5m", "3d": minutes in the largest exact unit (buf of 24 bytes). */
const char *t0_alert_window_format(int64_t minutes, char *buf, size_t size);
/* "1h/5m" (buf of 48 bytes). */
const char *t0_alert_rule_name(const struct t0_alert_rule *rule, char *buf, size_t size);
/* "page" or "ticket". */
const char *t0_alert_severity_name(enum t0_alert_severity severity);

/* ---- the SLI grid ---- */

struct t0_sli_grid {
    t0_ms first;          /* grid point 0, a whole UTC minute */
    size_t n;             /* grid points, one a minute */
    bool events;          /* false: time-based, the fields below in wms and ms */
    int64_t *cum_bad_wms; /* time-based: integral of b over [first, first + k min) */
    double *cum_bad;      /* events: bad events of samples with t in (first, point k] */
    double *cum_total;    /* events: total events likewise */
};

/* What one window holds: time-based, bad time in weighted ms and the
 * window's length in ms; events, bad and total events. */
struct t0_sli_amount {
    bool events;
    int64_t bad_wms, total_ms;
    double bad, total;
};

/* new: the grid of SLO s of rep over n minutes from first (a whole UTC
 * minute). Errors T0_ENOMEM. */
enum t0_status t0_sli_grid_init(struct t0_sli_grid *grid, const struct t0_report *rep,
                                size_t s, t0_ms first, size_t n, struct t0_error *err);
void t0_sli_grid_release(struct t0_sli_grid *grid);

/* The amounts of the window of `minutes` ending at grid point k (needs
 * k >= minutes). */
struct t0_sli_amount t0_sli_grid_window(const struct t0_sli_grid *grid, size_t k,
                                        int64_t minutes);

/* Does the burn rate of amount exceed burn_micro / 10^6 (strictly) for an
 * objective of objective_micro (millionths of a percent)? Time-based it is
 * decided exactly in integers. An objective of 100% never exceeds. */
bool t0_burn_exceeds(struct t0_sli_amount amount, int64_t objective_micro,
                     int64_t burn_micro);

/* The burn rate itself (for people and charts): null with a reason for an
 * objective of 100% or (events) no events in the window. */
struct t0_value t0_burn_rate_of(struct t0_sli_amount amount, int64_t objective_micro);

/* The burn rate of SLO s of rep over the window of `minutes` ending at any
 * instant t (time-based: [t - w, t)). */
struct t0_value t0_burn_rate(const struct t0_report *rep, size_t s, t0_ms t,
                             int64_t minutes);

/* ---- the replay ---- */

struct t0_alert_episode {
    uint32_t rule; /* index into the SLO's rules */
    enum t0_alert_severity severity;
    t0_ms from;     /* first firing minute */
    t0_ms to;       /* first minute after that does not fire, the
                       month's end, or T0_NO_TIME: still firing */
    bool unmatched; /* a page no incident was near */
};

struct t0_burn_incident {
    uint32_t incident;        /* dataset index */
    t0_ms paged_at;           /* T0_NO_TIME: no page */
    double page_lead_minutes; /* (detected_at, else started_at) - paged_at */
};

struct t0_rolling_point {
    t0_ms at;
    struct t0_value attainment_pct;
    struct t0_value budget_consumed_pct;
};

struct t0_slo_burn {
    const struct t0_alert_rule *rules; /* borrowed */
    size_t n_rules;
    t0_ms eval_first, eval_last;       /* minutes evaluated; none when last < first */
    struct t0_alert_episode *episodes; /* by from, then rule order */
    size_t n_episodes;
    size_t pages, tickets, unmatched_pages;
    struct t0_burn_incident *incidents; /* the review month's, by start */
    size_t n_incidents;
    size_t paged_first; /* incidents with page_lead_minutes > 0 */
    int rolling_days;
    struct t0_rolling_point *rolling;
    size_t n_rolling;
};

/* Fills rep->slos[s].burn for every SLO (called by t0_report_compute once
 * the SLO results and days exist). Errors T0_ENOMEM. */
enum t0_status t0_report_burn(struct t0_report *rep, struct t0_error *err);

void t0_slo_burn_free(struct t0_slo_burn *burn);

/* The episode of a page rule still firing at as_of (to is T0_NO_TIME), or
 * NULL: what `gate --burn` holds a release for. */
const struct t0_alert_episode *t0_burn_firing_page(const struct t0_slo_burn *burn);

/* When the run of firing minutes of episode ep (of SLO s) began: its from,
 * or, for one already firing at the month's first minute, the first minute
 * of that run before the month (up to 31 days back). */
t0_ms t0_burn_episode_start(const struct t0_report *rep, size_t s,
                            const struct t0_alert_episode *ep);

/* One sentence for the page title: "2 of 3 incidents paged before they were
 * declared; 4 pages matched no incident". */
const char *t0_burn_finding(const struct t0_slo_burn *burn, char *buf, size_t size);

/* Has the window of a rolling point spent its budget (consumed >= 100%,
 * the 1e-9 tolerance of definitions.md §8; a zero budget: attainment under
 * objective_pct)? false for a point without figures. */
bool t0_rolling_missed(const struct t0_rolling_point *p, double objective_pct);

/* One sentence for the rolling chart's title, from SLO s's rolling points
 * (rep->slos[s].burn): whether the rolling window met the objective, since
 * when it changed: "Rolling 28 days missed the 99.9% objective from 15
 * October" (the first point of the final run of missed points); "... met
 * the 99.9% objective all month" ("so far this month" before the month's
 * end); "... met the 99.9% objective again from 20 October"; "Rolling 28
 * days: no figure this month (no events in the window)". Returns buf. */
const char *t0_rolling_finding(const struct t0_report *rep, size_t s, char *buf,
                               size_t size);

#endif
