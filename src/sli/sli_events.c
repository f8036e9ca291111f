/* sli_events.c: the SLI interface and its three kinds: incident time (definitions.md §3),
 * events and timeslices (definitions.md §8). */
#include "tierzero/sli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/config.h"
#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/report.h"
#include "tierzero/slo.h"

/* 100% in millionths of a percent. */
#define HUNDRED_PCT_MICRO 100000000.0L
/* A threshold within this relative distance counts as reached (definitions.md §8). */
#define THRESHOLD_TOLERANCE 1e-9L

struct t0_sli *t0_sli_new(void)
{
    struct t0_sli *sli = calloc(1, sizeof *sli);
    if (sli)
        sli->default_step_ms = 60000;
    return sli;
}

void t0_sli_free(struct t0_sli *sli)
{
    if (!sli)
        return;
    free(sli->num.file);
    free(sli->num.query);
    free(sli->total.file);
    free(sli->total.query);
    free(sli->file);
    t0_series_free(sli->series);
    free(sli);
}

/* ---- incident time (definitions.md §3) ---- */

static enum t0_status time_curve(const struct t0_slo *slo, const struct t0_spans *spans,
                                 t0_ms as_of, struct t0_curve **out, struct t0_error *err)
{
    (void)as_of;
    return t0_curve_new(spans, slo, out, err);
}

static void time_window(const struct t0_slo *slo, const struct t0_curve *curve,
                        t0_ms start, t0_ms end, t0_ms as_of, int64_t at_risk_micro,
                        struct t0_slo_window *out)
{
    t0_slo_window_compute(slo, curve, start, end, as_of, at_risk_micro, out);
}

static struct t0_value time_consumed_at(const struct t0_slo *slo,
                                        const struct t0_curve *curve,
                                        const struct t0_slo_window *w, t0_ms as_of,
                                        t0_ms t)
{
    (void)as_of;
    return t0_slo_consumed_at(slo, curve, w->start, w->end, t);
}

const struct t0_sli_ops t0_sli_time_ops = {"incidents", time_curve, time_window,
                                           time_consumed_at};

/* ---- events, occurrences ---- */

static bool reached(long double x, long double threshold)
{
    return x >= threshold - fabsl(threshold) * THRESHOLD_TOLERANCE;
}

/* The budget's share of the events: 1 - objective / 100. */
static long double budget_share(const struct t0_slo *slo)
{
    long double share =
        (HUNDRED_PCT_MICRO - (long double)slo->objective_micro) / HUNDRED_PCT_MICRO;
    return share < 0 ? 0 : share;
}

/* Is sample i one that counts: valid, and not in maintenance (definitions.md rule 11.8:
 * from <= t < to for a window of M)? */
static bool counts(const struct t0_series *s, size_t i, const struct t0_maint_set *m)
{
    return s->state[i] == T0_SAMPLE_VALID && !t0_maint_set_contains(m, s->t[i]);
}

/* Elapsed, total, maintenance and the sample counts of [start, end) before
 * as_of, shared by both budgetings. M (may be NULL) leaves the elapsed time
 * and the samples counted; invalid and unpaired samples are counted whatever
 * M (definitions.md rule 11.6). */
static void window_basics(const struct t0_series *s, const struct t0_maint_set *m,
                          t0_ms start, t0_ms end, t0_ms as_of, struct t0_slo_window *out)
{
    int64_t total = end > start ? end - start : 0;
    int64_t span = as_of > start ? as_of - start : 0;
    if (span > total)
        span = total;
    int64_t excluded = t0_maint_set_measure(m, start, start + total);
    int64_t elapsed = span - t0_maint_set_measure(m, start, start + span);
    out->start = start;
    out->end = end;
    out->total_ms = total;
    out->elapsed_ms = elapsed;
    out->excluded_ms = excluded;
    out->minutes_total = (double)total / 60000.0;
    out->minutes_elapsed = (double)elapsed / 60000.0;
    out->minutes_excluded = (double)excluded / 60000.0;
    out->partial = start <= as_of && as_of < end;
    out->has_samples = true;
    out->samples_counted = out->samples_invalid = out->samples_unpaired = 0;
    t0_ms hi = end < as_of ? end : as_of;
    if (!s)
        return;
    for (size_t i = t0_series_after(s, start); i < s->n && s->t[i] <= hi; i++) {
        switch (s->state[i]) {
        case T0_SAMPLE_VALID:
            out->samples_counted += !t0_maint_set_contains(m, s->t[i]);
            break;
        case T0_SAMPLE_INVALID:
            out->samples_invalid++;
            break;
        default:
            out->samples_unpaired++;
            break;
        }
    }
    if (elapsed == 0) {
        out->data_coverage =
            t0_value_null(span > 0 ? T0_REASON_IN_MAINTENANCE : T0_REASON_NOT_BEGUN);
    } else {
        long double c = (long double)out->samples_counted * (long double)s->step_ms /
                        (long double)elapsed;
        out->data_coverage = t0_value_of((double)(c > 1 ? 1 : c));
    }
}

static enum t0_slo_status events_status(long double bad, long double total,
                                        long double budget, int64_t at_risk_micro)
{
    if (total == 0)
        return T0_STATUS_NO_DATA;
    if (budget == 0) {
        if (bad > 0)
            return T0_STATUS_EXHAUSTED;
        return at_risk_micro <= 0 ? T0_STATUS_AT_RISK : T0_STATUS_MET;
    }
    if (reached(bad, budget))
        return T0_STATUS_EXHAUSTED;
    if (reached(bad * 100, (long double)at_risk_micro / 1e6L * budget))
        return T0_STATUS_AT_RISK;
    return T0_STATUS_MET;
}

static struct t0_value events_consumed(long double bad, long double total,
                                       long double budget)
{
    if (total == 0)
        return t0_value_null(T0_REASON_NO_EVENTS);
    if (budget == 0)
        return bad == 0 ? t0_value_of(0.0) : t0_value_null(T0_REASON_ZERO_BUDGET);
    return t0_value_of((double)(100 * bad / budget));
}

/* The first counted sample in (start, hi] at which the cumulative bad
 * events reach budget (zero budget: the first with bad > 0). */
static t0_ms events_exhausted_at(const struct t0_series *s, const struct t0_maint_set *m,
                                 t0_ms start, t0_ms hi, long double budget)
{
    long double cum = 0;
    for (size_t i = t0_series_after(s, start); i < s->n && s->t[i] <= hi; i++) {
        if (!counts(s, i, m))
            continue;
        cum += s->bad[i];
        if (budget == 0 ? s->bad[i] > 0 : cum > 0 && reached(cum, budget))
            return s->t[i];
    }
    return T0_NO_TIME;
}

static enum t0_status events_curve(const struct t0_slo *slo, const struct t0_spans *spans,
                                   t0_ms as_of, struct t0_curve **out,
                                   struct t0_error *err)
{
    (void)slo;
    (void)spans;
    (void)as_of;
    /* No bad time: days, incidents and charts read an empty curve. */
    return t0_curve_from_intervals(NULL, NULL, 0, out, err);
}

static void events_window(const struct t0_slo *slo, const struct t0_curve *curve,
                          t0_ms start, t0_ms end, t0_ms as_of, int64_t at_risk_micro,
                          struct t0_slo_window *out)
{
    const struct t0_series *s = slo->sli->series;
    const struct t0_maint_set *m = t0_curve_maintenance(curve);
    window_basics(s, m, start, end, as_of, out);
    out->unit = T0_UNIT_EVENTS;
    long double bad = 0, total = 0;
    t0_ms hi = end < as_of ? end : as_of;
    for (size_t i = s ? t0_series_after(s, start) : 0; s && i < s->n && s->t[i] <= hi;
         i++) {
        if (!counts(s, i, m))
            continue;
        bad += s->bad[i];
        total += s->total[i];
    }
    long double budget = budget_share(slo) * total;
    out->events_total = (double)total;
    out->events_bad = (double)bad;
    out->events_good = (double)(total - bad);
    out->budget_events = (double)budget;
    out->budget_remaining_events = (double)(budget - bad);
    out->bad_minutes = out->budget_minutes = out->budget_remaining_minutes = 0;
    out->bad_wms = 0;
    if (total == 0)
        out->attainment_pct = t0_value_null(T0_REASON_NO_EVENTS);
    else
        out->attainment_pct = t0_value_of((double)(100 * (1 - bad / total)));
    out->budget_consumed_pct = events_consumed(bad, total, budget);
    out->status = events_status(bad, total, budget, at_risk_micro);
    out->exhausted_at =
        total == 0 || (budget > 0 && !reached(bad, budget)) || (budget == 0 && bad == 0)
            ? T0_NO_TIME
            : events_exhausted_at(s, m, start, hi, budget);
}

static struct t0_value events_consumed_at(const struct t0_slo *slo,
                                          const struct t0_curve *curve,
                                          const struct t0_slo_window *w, t0_ms as_of,
                                          t0_ms t)
{
    const struct t0_series *s = slo->sli->series;
    const struct t0_maint_set *m = t0_curve_maintenance(curve);
    t0_ms hi = t < w->end ? t : w->end;
    if (hi > as_of)
        hi = as_of;
    long double bad = 0;
    for (size_t i = s ? t0_series_after(s, w->start) : 0; s && i < s->n && s->t[i] <= hi;
         i++)
        if (counts(s, i, m))
            bad += s->bad[i];
    return events_consumed(bad, w->events_total, w->budget_events);
}

void t0_events_rolling(const struct t0_slo *slo, const struct t0_curve *curve,
                       const t0_ms *at, size_t n, t0_ms span, t0_ms as_of,
                       struct t0_value *attainment, struct t0_value *consumed)
{
    const struct t0_series *s = slo->sli->series;
    const struct t0_maint_set *m = t0_curve_maintenance(curve);
    long double bad = 0, total = 0;
    size_t inside = 0; /* counted samples in [lo, hi) */
    size_t lo = 0, hi = 0;
    for (size_t k = 0; k < n; k++) {
        t0_ms from = at[k] - span, to = at[k] < as_of ? at[k] : as_of;
        /* Samples with t <= from leave (those not yet added are skipped). */
        for (; s && lo < s->n && s->t[lo] <= from; lo++) {
            if (lo >= hi || !counts(s, lo, m))
                continue;
            bad -= s->bad[lo];
            total -= s->total[lo];
            inside--;
        }
        if (hi < lo)
            hi = lo;
        for (; s && hi < s->n && s->t[hi] <= to; hi++) {
            if (!counts(s, hi, m))
                continue;
            bad += s->bad[hi];
            total += s->total[hi];
            inside++;
        }
        if (inside == 0)
            bad = total = 0; /* no rounding left over from what slid out */
        long double budget = budget_share(slo) * total;
        attainment[k] = total == 0 ? t0_value_null(T0_REASON_NO_EVENTS)
                                   : t0_value_of((double)(100 * (1 - bad / total)));
        consumed[k] = events_consumed(bad, total, budget);
    }
}

const struct t0_sli_ops t0_sli_events_ops = {"events", events_curve, events_window,
                                             events_consumed_at};

/* ---- events, timeslices ---- */

/* Is the slice of sample i bad? total > 0 and good x 100 < target x total,
 * the target in millionths of a percent. */
static bool slice_bad(const struct t0_series *s, size_t i, int64_t target_micro)
{
    return s->total[i] > 0 &&
           (long double)s->good[i] * 1e8L < (long double)target_micro * s->total[i];
}

static enum t0_status timeslices_curve(const struct t0_slo *slo,
                                       const struct t0_spans *spans, t0_ms as_of,
                                       struct t0_curve **out, struct t0_error *err)
{
    const struct t0_series *s = slo->sli->series;
    size_t n = 0;
    (void)spans;
    if (!s)
        return t0_curve_from_intervals(NULL, NULL, 0, out, err);
    t0_ms *from = malloc((s->n + 1) * sizeof *from);
    t0_ms *to = malloc((s->n + 1) * sizeof *to);
    if (!from || !to) {
        free(from);
        free(to);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    for (size_t i = 0; i < s->n && s->t[i] <= as_of; i++) {
        if (s->state[i] != T0_SAMPLE_VALID ||
            !slice_bad(s, i, slo->sli->slice_target_micro))
            continue;
        from[n] = s->t[i] - s->step_ms;
        to[n] = s->t[i];
        n++;
    }
    enum t0_status st = t0_curve_from_intervals(from, to, n, out, err);
    free(from);
    free(to);
    return st;
}

/* Elapsed time of the window covered by the slices of valid samples up to
 * as_of, outside maintenance, in ms. */
static int64_t slices_covered(const struct t0_series *s, const struct t0_maint_set *m,
                              t0_ms start, t0_ms stop, t0_ms as_of)
{
    int64_t covered = 0;
    for (size_t i = t0_series_after(s, start); i < s->n && s->t[i] <= as_of; i++) {
        t0_ms lo = s->t[i] - s->step_ms, hi = s->t[i];
        if (lo >= stop)
            break;
        if (s->state[i] != T0_SAMPLE_VALID)
            continue;
        if (lo < start)
            lo = start;
        if (hi > stop)
            hi = stop;
        if (hi > lo)
            covered += hi - lo - t0_maint_set_measure(m, lo, hi);
    }
    return covered;
}

static void timeslices_window(const struct t0_slo *slo, const struct t0_curve *curve,
                              t0_ms start, t0_ms end, t0_ms as_of, int64_t at_risk_micro,
                              struct t0_slo_window *out)
{
    const struct t0_series *s = slo->sli->series;
    const struct t0_maint_set *m = t0_curve_maintenance(curve);
    t0_slo_window_compute(slo, curve, start, end, as_of, at_risk_micro, out);
    window_basics(s, m, start, end, as_of, out);
    out->unit = T0_UNIT_MINUTES;
    t0_ms span_end = as_of < end ? (as_of > start ? as_of : start) : end;
    int64_t covered = s ? slices_covered(s, m, start, span_end, as_of) : 0;
    out->no_data_minutes = (double)(out->elapsed_ms - covered) / 60000.0;
}

const struct t0_sli_ops t0_sli_timeslices_ops = {"timeslices", timeslices_curve,
                                                 timeslices_window, time_consumed_at};

const struct t0_sli_ops *t0_sli_ops_of(const struct t0_slo *slo)
{
    if (!t0_sli_is_events(slo->sli))
        return &t0_sli_time_ops;
    if (slo->sli->budgeting == T0_BUDGETING_TIMESLICES)
        return &t0_sli_timeslices_ops;
    return &t0_sli_events_ops;
}

char *t0_window_bad_text(const struct t0_slo_window *w, char *buf, size_t size)
{
    char bad[32], total[32];
    if (w->unit != T0_UNIT_EVENTS)
        return t0_format_duration(w->bad_minutes, buf, size);
    snprintf(buf, size, "%s bad of %s requests",
             t0_format_events(w->events_bad, bad, sizeof bad),
             t0_format_events(w->events_total, total, sizeof total));
    return buf;
}

char *t0_window_budget_text(const struct t0_slo_window *w, char *buf, size_t size)
{
    char n[32];
    if (w->unit != T0_UNIT_EVENTS)
        return t0_format_duration(w->budget_minutes, buf, size);
    snprintf(buf, size, "%s requests", t0_format_events(w->budget_events, n, sizeof n));
    return buf;
}

char *t0_window_remaining_text(const struct t0_slo_window *w, char *buf, size_t size)
{
    char n[32];
    if (w->unit != T0_UNIT_EVENTS)
        return t0_format_duration(w->budget_remaining_minutes, buf, size);
    snprintf(buf, size, "%s requests",
             t0_format_events(w->budget_remaining_events, n, sizeof n));
    return buf;
}

char *t0_window_coverage_text(const struct t0_slo_window *w, char *buf, size_t size)
{
    if (!w->has_samples)
        snprintf(buf, size, "%s", "");
    else if (!t0_value_defined(w->data_coverage))
        snprintf(buf, size, "data coverage n/a");
    else if (w->data_coverage.value >= 1)
        snprintf(buf, size, "data coverage 100%%");
    else /* rounded down: 99.96% is not complete */
        snprintf(buf, size, "data coverage %.1f%%",
                 floor(w->data_coverage.value * 1000) / 10);
    return buf;
}
