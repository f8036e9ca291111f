/* slo.h: an SLO's arithmetic: its bad-time curve and the figures of one window. */
#ifndef TIERZERO_SLO_H
#define TIERZERO_SLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/config.h"
#include "tierzero/error.h"
#include "tierzero/model.h"
#include "tierzero/report.h"
#include "tierzero/time.h"

/*
 * The one small interface behind which an SLO's arithmetic sits (definitions.md §3,
 * rule 3.1.9). Everything that decides a threshold is exact: weights and objectives in
 * millionths, times in milliseconds, bad time in "weighted milliseconds" (ms x
 * weight-millionths, so one minute at weight 1 is 60,000,000,000 wms), products in
 * 128-bit integers.
 *
 * A window is any [start, end): a calendar month, the whole period, and
 * later a rolling 28 days; nothing here knows of months.
 *
 * Ownership: t0_spans_new() and t0_curve_new() return new objects, freed by
 * t0_spans_free() / t0_curve_free(). Spans borrow the dataset's service
 * lists (the dataset must outlive them); a curve borrows nothing.
 */

/* Every bad-time span of a dataset before as_of (definitions.md §3 "Interval",
 * rules 3.1.4 and 3.1.7): an incident without segments is one span [start, end) at its
 * impact on its services; with segments, each segment is a span with its own services (or
 * the incident's), clipped to the incident's [start, end) and to as_of, where end is
 * resolved_at or as_of when ongoing. Incidents starting at or after as_of give none.
 * Sorted once, shared by every SLO. */
struct t0_spans;

/* new: errors T0_ENOMEM. */
enum t0_status t0_spans_new(const struct t0_dataset *ds, t0_ms as_of,
                            struct t0_spans **out, struct t0_error *err);
void t0_spans_free(struct t0_spans *spans);

/* An SLO's bad-time rate b(t) over time: at each instant the largest weight
 * among the matching spans active then (never summed). Breakpoints with
 * prefix integrals; every query is a binary search. */
struct t0_curve;

/* new: the curve of slo over spans (slo's symbols must be bound to the
 * dataset, t0_config_bind()). Errors T0_ENOMEM; T0_EUSAGE when a weight is
 * above INT32_MAX millionths (a loaded config holds 0 to 1,000,000). */
enum t0_status t0_curve_new(const struct t0_spans *spans, const struct t0_slo *slo,
                            struct t0_curve **out, struct t0_error *err);
void t0_curve_free(struct t0_curve *curve);

/*
 * Leaves maintenance out (definitions.md §10): b(t) becomes 0 inside m, and every
 * window computed with the curve afterwards excludes |m ∩ window| from its
 * budget and elapsed time. m is borrowed and must outlive the curve; NULL or
 * empty changes nothing. Errors T0_ENOMEM (the curve is then unchanged).
 */
struct t0_maint_set;
enum t0_status t0_curve_exclude(struct t0_curve *curve, const struct t0_maint_set *m,
                                struct t0_error *err);
/* The set given to t0_curve_exclude (borrowed), or NULL. */
const struct t0_maint_set *t0_curve_maintenance(const struct t0_curve *curve);
/* new: the curve that is 1 (T0_MICRO) on each [from[i], to[i]) and 0
 * elsewhere; the intervals are sorted and do not overlap (touching ones
 * merge). For the bad slices of a timeslices SLO (definitions.md §8). */
enum t0_status t0_curve_from_intervals(const t0_ms *from, const t0_ms *to, size_t n,
                                       struct t0_curve **out, struct t0_error *err);

/* b(t) in weight-millionths. */
int64_t t0_curve_rate(const struct t0_curve *curve, t0_ms t);

/* The integral of b over [a, b) in weighted ms (0 when b <= a; saturates at
 * INT64_MAX, which no real history reaches). */
int64_t t0_curve_integral(const struct t0_curve *curve, t0_ms a, t0_ms b);

/*
 * The first instant x >= a at which the integral of b over [a, x) reaches
 * num / den weighted ms (num > 0, den > 0), rounded half up to the
 * millisecond; T0_NO_TIME when it is not reached before b.
 */
t0_ms t0_curve_reach(const struct t0_curve *curve, t0_ms a, t0_ms b, int64_t num,
                     int64_t den);

/* The first instant in [a, b) with b(t) > 0; T0_NO_TIME when none. */
t0_ms t0_curve_first_bad(const struct t0_curve *curve, t0_ms a, t0_ms b);

/* out[k] = the integral of b over [first, first + k x step) in weighted ms
 * for k < n (step > 0): one walk over the breakpoints, not a search a point
 * (burn rates, definitions.md §9). Saturates at INT64_MAX. */
void t0_curve_cumulate(const struct t0_curve *curve, t0_ms first, int64_t step, size_t n,
                       int64_t *out);

/* The number of breakpoints (for tests and diagnostics). */
size_t t0_curve_size(const struct t0_curve *curve);

/*
 * One incident's own bad time for slo in [a, b), before as_of, in weighted
 * ms: at each instant the largest weight among its own matching segments
 * (other incidents are not considered, so overlaps are not removed). Its
 * spans are those t0_spans_new() makes of it. Errors T0_ENOMEM.
 */
enum t0_status t0_slo_incident_wms(const struct t0_slo *slo,
                                   const struct t0_incident *inc, t0_ms as_of, t0_ms a,
                                   t0_ms b, int64_t *wms, struct t0_error *err);

/*
 * Fills every figure of one window [start, end) of slo as definitions.md §3 defines it,
 * with bad time before as_of: totals, elapsed, bad minutes, attainment,
 * budget, consumption, remaining, exhausted_at (rounded half up), status
 * against at_risk_micro (the at-risk percentage in millionths), partial, and
 * the exact bad_wms / elapsed_ms / total_ms / excluded_ms. Maintenance given
 * to the curve (t0_curve_exclude) is left out as definitions.md §10 says: excluded =
 * |M ∩ [start, end)|, the budget over total - excluded, elapsed and bad
 * time outside M. out->month and out->incidents
 * are left to the caller.
 */
void t0_slo_window_compute(const struct t0_slo *slo, const struct t0_curve *curve,
                           t0_ms start, t0_ms end, t0_ms as_of, int64_t at_risk_micro,
                           struct t0_slo_window *out);

/* Budget consumed (percent) in window [start, end) by the bad time of
 * [start, t) (t clamped to the window): null with the zero-budget reason
 * when the objective is 100% and bad time exists. */
struct t0_value t0_slo_consumed_at(const struct t0_slo *slo, const struct t0_curve *curve,
                                   t0_ms start, t0_ms end, t0_ms t);

/*
 * For the release analysis (definitions.md rule 3.1.12): SLO s of a computed report,
 * in the month (report zone) holding t: the budget consumed from the month's
 * start to t, and in *exhausted_at (may be NULL) that month's exhausted_at
 * (T0_NO_TIME: never). Months outside the period are computed on the fly.
 */
struct t0_value t0_report_consumed_at(const struct t0_report *rep, size_t s, t0_ms t,
                                      t0_ms *exhausted_at);

/* Reasons for undefined figures (borrowed, static). */
#define T0_REASON_ZERO_BUDGET "objective is 100%: the budget is zero"
#define T0_REASON_NOT_BEGUN "the month has not begun before as_of"
#define T0_REASON_PERIOD_NOT_BEGUN "the period has not begun before as_of"
#define T0_REASON_IN_MAINTENANCE "all elapsed time is in maintenance"

#endif
