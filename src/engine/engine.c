/* engine.c: computes every figure of a report (definitions.md §3) from data, config and
 * period. */
#include "tierzero/report.h"

#include <stdlib.h>
#include <string.h>

#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/burn.h"
#include "tierzero/sli.h"
#include "tierzero/slo.h"
#include "tierzero/quarters.h"
#include "tierzero/report_maintenance.h"
#include "tierzero/correlation.h"
#include "tierzero/windows.h"

__extension__ typedef __int128 i128;

/* A period longer than this is refused: 100 years of months and days. */
#define MAX_PERIOD_MONTHS 1200
#define DEFAULT_HISTORY 12

#define REASON_NO_RELEASES "no releases file was given"
#define REASON_NO_INCIDENTS "no incidents in the period"
#define REASON_NO_RESOLVED "no resolved incident in the period"
#define REASON_NO_DETECTED "no incident in the period has a detection time"
#define REASON_TTD_NOT_RECORDED "not recorded: every detection time equals the start"
#define REASON_MTTR_NOT_RECORDED "not recorded: every resolution time equals the start"
#define REASON_NO_USABLE_RELEASES                                                        \
    "no usable releases: the releases file gave no accepted record"
#define REASON_OTHER_ENVIRONMENTS                                                        \
    "no usable releases: every release of the file is of another environment"

const char *t0_slo_status_name(enum t0_slo_status status)
{
    switch (status) {
    case T0_STATUS_MET:
        return "met";
    case T0_STATUS_AT_RISK:
        return "at_risk";
    case T0_STATUS_EXHAUSTED:
        return "exhausted";
    case T0_STATUS_NO_DATA:
        return "no_data";
    }
    return "met";
}

const char *t0_slo_status_label(enum t0_slo_status status)
{
    switch (status) {
    case T0_STATUS_MET:
        return "met";
    case T0_STATUS_AT_RISK:
        return "at risk";
    case T0_STATUS_EXHAUSTED:
        return "exhausted";
    case T0_STATUS_NO_DATA:
        return "no data";
    }
    return "met";
}

/* ---- the period (definitions.md §1 options, rule 3.1.8) ---- */

static t0_ms month_end(const struct t0_zone *zone, struct t0_month m)
{
    return t0_zone_month_start(zone, t0_month_add(m, 1));
}

static bool month_valid(struct t0_month m)
{
    return m.year >= 1 && m.year <= 9999 && m.month >= 1 && m.month <= 12;
}

/* The month of the latest start before as_of; with none, the month holding
 * as_of - 1 ms. */
static struct t0_month default_review_month(const struct t0_dataset *ds,
                                            const struct t0_zone *zone, t0_ms as_of,
                                            bool *from_incident)
{
    t0_ms latest = T0_NO_TIME;
    for (size_t i = 0; i < ds->n_incidents; i++) {
        t0_ms s = ds->incidents[i].started_at;
        if (s < as_of && s > latest)
            latest = s;
    }
    *from_incident = latest != T0_NO_TIME;
    return t0_zone_month_of(zone, latest != T0_NO_TIME ? latest : as_of - 1);
}

/* A period without a month would leave every document without its review
 * month: an input error naming the options that made it. */
static enum t0_status no_month_error(const struct t0_period_request *req,
                                     struct t0_month to, bool from_incident,
                                     const struct t0_zone *zone, struct t0_error *err)
{
    char when[T0_RFC3339_SIZE], m[16];
    const char *opt = req->has_as_of ? "--as-of" : "the clock";
    t0_format_utc(req->has_as_of ? req->as_of : req->now, when);
    if (from_incident)
        return t0_error_set(err, T0_EINPUT, "", "",
                            "the latest incident before %s %s starts in %s in %s, before "
                            "0001-01: no month to review; give --month",
                            opt, when, t0_format_month(to, m), t0_zone_name(zone));
    return t0_error_set(err, T0_EINPUT, "", "",
                        "%s %s leaves no month to review (the review month would be %s, "
                        "before 0001-01); give a later --as-of or --month",
                        opt, when, t0_format_month(to, m));
}

static enum t0_status resolve_period(struct t0_report *rep, const struct t0_dataset *ds,
                                     const struct t0_period_request *req,
                                     struct t0_error *err)
{
    char a[16], b[16];
    bool from_incident = false;
    int history = req->history == 0 ? DEFAULT_HISTORY : req->history;
    if (req->has_quarter) {
        /* definitions.md §10: --quarter makes the period that quarter. */
        rep->has_quarter = true;
        rep->from = t0_quarter_first_month(req->quarter_year, req->quarter,
                                           rep->config->fiscal_year_start);
        rep->to = t0_month_add(rep->from, 2);
        if (!month_valid(rep->from) || !month_valid(rep->to))
            return t0_error_set(err, T0_EUSAGE, "", "",
                                "--quarter: quarter out of range");
    } else if (req->has_range) {
        if (!month_valid(req->from) || !month_valid(req->to))
            return t0_error_set(err, T0_EUSAGE, "", "",
                                "--from/--to: month out of range");
        if (t0_month_diff(req->from, req->to) < 0)
            return t0_error_set(err, T0_EUSAGE, "", "", "--from %s is after --to %s",
                                t0_format_month(req->from, a),
                                t0_format_month(req->to, b));
        rep->from = req->from;
        rep->to = req->to;
    } else {
        if (history < 1 || history > MAX_PERIOD_MONTHS)
            return t0_error_set(err, T0_EUSAGE, "", "",
                                "--history must be between 1 and %d, got %d",
                                MAX_PERIOD_MONTHS, history);
        if (req->has_month) {
            if (!month_valid(req->month))
                return t0_error_set(err, T0_EUSAGE, "", "",
                                    "--month: month out of range");
            rep->to = req->month;
        } else {
            t0_ms as_of0 = req->has_as_of ? req->as_of : req->now;
            rep->to = default_review_month(ds, rep->zone, as_of0, &from_incident);
        }
        if (!month_valid(rep->to))
            return no_month_error(req, rep->to, from_incident, rep->zone, err);
        rep->from = t0_month_add(rep->to, -(history - 1));
        if (rep->from.year < 1)
            rep->from = (struct t0_month){1, 1};
    }
    int span = t0_month_diff(rep->from, rep->to) + 1;
    if (span < 1)
        return no_month_error(req, rep->to, from_incident, rep->zone, err);
    if (span > MAX_PERIOD_MONTHS)
        return t0_error_set(err, T0_EUSAGE, "", "",
                            "the period %s to %s is longer than %d months",
                            t0_format_month(rep->from, a), t0_format_month(rep->to, b),
                            MAX_PERIOD_MONTHS);
    rep->review = rep->to;
    rep->period_start = t0_zone_month_start(rep->zone, rep->from);
    rep->period_end = month_end(rep->zone, rep->to);
    rep->review_start = t0_zone_month_start(rep->zone, rep->review);
    rep->review_end = rep->period_end;
    if (rep->has_quarter) {
        struct t0_window *qt = &rep->quarter;
        qt->kind = T0_WINDOW_QUARTER;
        qt->year = req->quarter_year;
        qt->q = req->quarter;
        qt->first = rep->from;
        qt->month = rep->to;
        qt->start = rep->period_start;
        qt->end = rep->period_end;
        t0_format_quarter(qt->year, qt->q, qt->label);
    }
    if (req->has_as_of)
        rep->as_of = req->as_of;
    else
        rep->as_of = req->now < rep->review_end ? req->now : rep->review_end;
    return T0_OK;
}

/* ---- SLO windows ---- */

static enum t0_status compute_freezes(struct t0_slo_result *res, size_t n_months)
{
    const struct t0_slo_window *months = res->figures[T0_WINDOW_MONTH];
    size_t n = 0;
    for (size_t i = 0; i < n_months; i++)
        n += months[i].exhausted_at != T0_NO_TIME;
    res->n_freezes = 0;
    if (n == 0)
        return T0_OK;
    res->freezes = calloc(n, sizeof *res->freezes);
    if (!res->freezes)
        return T0_ENOMEM;
    for (size_t i = 0; i < n_months; i++) {
        const struct t0_slo_window *w = &months[i];
        if (w->exhausted_at == T0_NO_TIME)
            continue;
        res->freezes[res->n_freezes++] =
            (struct t0_freeze){w->month, w->exhausted_at, w->end};
    }
    return T0_OK;
}

static enum t0_status compute_slo(struct t0_report *rep, const struct t0_spans *spans,
                                  size_t s, struct t0_error *err)
{
    struct t0_slo_result *res = &rep->slos[s];
    const struct t0_slo *slo = &rep->config->slos[s];
    res->slo = slo;
    enum t0_status st =
        t0_sli_ops_of(slo)->curve_new(slo, spans, rep->as_of, &res->curve, err);
    if (st == T0_OK)
        st = t0_report_maintenance(rep, s, err);
    if (st == T0_OK)
        st = t0_report_measure_windows(rep, s, err);
    if (st != T0_OK)
        return st;
    if (compute_freezes(res, t0_report_months(rep)) != T0_OK)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    return T0_OK;
}

/* ---- incident statistics ---- */

/* Sorts v (n values) with a stable LSD radix sort, a byte a pass, skipping
 * the bytes every value shares; tmp holds n values. */
static void sort_ms(int64_t *v, int64_t *tmp, size_t n)
{
    static const uint64_t bias = UINT64_C(0x8000000000000000);
    size_t count[8][256];
    int64_t *src = v, *dst = tmp;
    if (n < 2)
        return;
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) {
        uint64_t key = (uint64_t)v[i] ^ bias;
        for (int b = 0; b < 8; b++)
            count[b][key >> (8 * b) & 0xff]++;
    }
    uint64_t first = (uint64_t)v[0] ^ bias;
    for (int b = 0; b < 8; b++) {
        if (count[b][first >> (8 * b) & 0xff] == n)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < 256; d++) {
            size_t c = count[b][d];
            count[b][d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[b][((uint64_t)src[i] ^ bias) >> (8 * b) & 0xff]++] = src[i];
        int64_t *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

/* The value at position (n - 1) x num / den of sorted x, interpolated
 * linearly, in minutes. */
static double percentile_minutes(const int64_t *x, size_t n, size_t num, size_t den)
{
    size_t pos = (n - 1) * num;
    size_t lo = pos / den, rem = pos % den;
    long double v = (long double)x[lo];
    if (rem > 0)
        v += (long double)(x[lo + 1] - x[lo]) * (long double)rem / (long double)den;
    return (double)(v / 60000.0L);
}

/* Fills d from n durations in ms (sorted here, with tmp for n values). */
static void distribution_of(int64_t *x, int64_t *tmp, size_t n, const char *reason,
                            struct t0_distribution *d)
{
    d->n = n;
    if (n == 0) {
        d->mean = d->median = d->p90 = t0_value_null(reason);
        return;
    }
    sort_ms(x, tmp, n);
    i128 sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    d->mean = t0_value_of((double)((long double)sum / (long double)n / 60000.0L));
    d->median = t0_value_of(percentile_minutes(x, n, 1, 2));
    d->p90 = t0_value_of(percentile_minutes(x, n, 9, 10));
}

/* A source that copies the start into a time it does not record (Statuspage's
 * created_at as the detection time, a few milliseconds after started_at)
 * gives durations that are all zero to the second: that is no measurement,
 * so the figures are null with a reason. x is sorted (distribution_of). */
#define UNRECORDED_BELOW_MS 1000

static void unrecorded_if_all_zero(const int64_t *x, const char *reason,
                                   struct t0_distribution *d)
{
    if (d->n == 0 || x[0] <= -UNRECORDED_BELOW_MS || x[d->n - 1] >= UNRECORDED_BELOW_MS)
        return;
    d->mean = d->median = d->p90 = t0_value_null(reason);
}

static bool in_period(const struct t0_report *rep, t0_ms started_at)
{
    return started_at >= rep->period_start && started_at < rep->period_end &&
           started_at < rep->as_of;
}

static enum t0_status compute_stats(struct t0_report *rep, struct t0_error *err)
{
    const struct t0_dataset *ds = rep->data;
    struct t0_incident_stats *st = &rep->stats;
    size_t n_off = 0, n_sleep = 0, n_mttr = 0, n_ttd = 0;
    size_t cap = ds->n_incidents ? ds->n_incidents : 1;
    int64_t *mttr = malloc(cap * sizeof *mttr);
    int64_t *ttd = malloc(cap * sizeof *ttd);
    int64_t *tmp = malloc(cap * sizeof *tmp);
    if (!mttr || !ttd || !tmp) {
        free(mttr);
        free(ttd);
        free(tmp);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    for (size_t i = 0; i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (!in_period(rep, inc->started_at))
            continue;
        st->count++;
        st->by_impact[inc->impact]++;
        if (inc->resolved_at != T0_NO_TIME)
            mttr[n_mttr++] = inc->resolved_at - inc->started_at;
        if (inc->detected_at != T0_NO_TIME)
            ttd[n_ttd++] = inc->detected_at - inc->started_at;
        struct t0_civil c;
        t0_zone_civil(rep->zone, inc->started_at, &c);
        bool working = c.weekday < 5 && c.hour >= 8 && c.hour < 18;
        n_off += !working;
        n_sleep += c.hour >= 22 || c.hour < 8;
        if (c.weekday >= 0 && c.weekday < 7 && c.hour >= 0 && c.hour < 24)
            st->by_weekday_hour[c.weekday][c.hour]++;
    }
    distribution_of(mttr, tmp, n_mttr, REASON_NO_RESOLVED, &st->mttr_minutes);
    distribution_of(ttd, tmp, n_ttd, REASON_NO_DETECTED, &st->ttd_minutes);
    unrecorded_if_all_zero(mttr, REASON_MTTR_NOT_RECORDED, &st->mttr_minutes);
    unrecorded_if_all_zero(ttd, REASON_TTD_NOT_RECORDED, &st->ttd_minutes);
    free(mttr);
    free(ttd);
    free(tmp);
    if (st->count == 0) {
        st->mean_days_between = t0_value_null(REASON_NO_INCIDENTS);
        st->off_hours_share = t0_value_null(REASON_NO_INCIDENTS);
        st->sleep_hours_share = t0_value_null(REASON_NO_INCIDENTS);
        st->by_weekday_hour_reason = REASON_NO_INCIDENTS;
        return T0_OK;
    }
    int64_t elapsed = rep->as_of - rep->period_start;
    if (elapsed > rep->period_end - rep->period_start)
        elapsed = rep->period_end - rep->period_start;
    long double n = (long double)st->count;
    st->mean_days_between = t0_value_of((double)((long double)elapsed / 86400000.0L / n));
    st->off_hours_share = t0_value_of((double)((long double)n_off / n));
    st->sleep_hours_share = t0_value_of((double)((long double)n_sleep / n));
    st->by_weekday_hour_reason = NULL;
    return T0_OK;
}

/* ---- per-incident figures ---- */

/* The bad events of events SLO s that coincided with an incident: samples
 * whose (t - step, t] meets [start, end), before as_of. */
static void incident_events(const struct t0_report *rep, size_t s, t0_ms start, t0_ms end,
                            double *bad)
{
    const struct t0_series *ser = rep->slos[s].slo->sli->series;
    double total;
    *bad = 0;
    if (!ser || end <= start)
        return;
    t0_ms hi = end - 1 + ser->step_ms; /* t - step < end */
    t0_series_sum(ser, start, hi < rep->as_of ? hi : rep->as_of, bad, &total);
}

static enum t0_status compute_incidents(struct t0_report *rep, struct t0_error *err)
{
    const struct t0_dataset *ds = rep->data;
    size_t n = ds->n_incidents;
    if (n == 0)
        return T0_OK;
    rep->incidents = calloc(n, sizeof *rep->incidents);
    /* One block for every incident's per-SLO minutes, owned by incidents[0];
     * one for their events when an SLO counts events. */
    double *block = calloc(n * rep->n_slos + 1, sizeof *block);
    bool events = false;
    for (size_t s = 0; s < rep->n_slos; s++)
        events = events || t0_sli_is_events(rep->slos[s].slo->sli);
    if (events)
        rep->incident_events = calloc(n * rep->n_slos, sizeof *rep->incident_events);
    if (!rep->incidents || !block || (events && !rep->incident_events)) {
        free(block);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    t0_ms lo = rep->period_start;
    t0_ms hi = rep->period_end < rep->as_of ? rep->period_end : rep->as_of;
    for (size_t i = 0; i < n; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        struct t0_incident_figures *f = &rep->incidents[i];
        f->bad_minutes = block + i * rep->n_slos;
        f->counted = inc->started_at < rep->as_of;
        f->in_period = in_period(rep, inc->started_at);
        f->month = t0_zone_month_of(rep->zone, inc->started_at);
        t0_ms end = inc->resolved_at == T0_NO_TIME ? rep->as_of : inc->resolved_at;
        if (end > rep->as_of)
            end = rep->as_of;
        if (end < inc->started_at)
            end = inc->started_at;
        f->end = end;
        f->attributed_release = -1;
        f->after_release = false;
        f->in_release_window = false;
        if (!f->counted)
            continue;
        for (size_t s = 0; s < rep->n_slos; s++) {
            int64_t wms = 0;
            if (t0_sli_is_events(rep->slos[s].slo->sli)) {
                incident_events(rep, s, inc->started_at, end,
                                &rep->incident_events[i * rep->n_slos + s]);
                continue; /* its bad time is not incidents' (definitions.md §8) */
            }
            enum t0_status st =
                t0_slo_incident_wms(rep->slos[s].slo, inc, rep->as_of, lo, hi, &wms, err);
            if (st != T0_OK)
                return st;
            f->bad_minutes[s] = (double)((long double)wms / 60000000000.0L);
        }
    }
    return T0_OK;
}

/* ---- days ---- */

static int days_in_month(struct t0_month m)
{
    struct t0_month next = t0_month_add(m, 1);
    return (int)(t0_days_from_civil(next.year, next.month, 1) -
                 t0_days_from_civil(m.year, m.month, 1));
}

/* The index i with bounds[i] <= t < bounds[i + 1], or -1 outside. */
static ptrdiff_t find_bucket(const t0_ms *bounds, size_t n, t0_ms t)
{
    if (n == 0 || t < bounds[0] || t >= bounds[n])
        return -1;
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (bounds[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo;
}

static void mark_freezes(struct t0_report *rep, const t0_ms *starts)
{
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_result *res = &rep->slos[s];
        for (size_t k = 0; k < res->n_freezes; k++) {
            const struct t0_freeze *fz = &res->freezes[k];
            if (fz->to <= fz->from)
                continue;
            ptrdiff_t d = find_bucket(starts, rep->n_days, fz->from);
            if (d < 0)
                continue;
            for (size_t j = (size_t)d; j < rep->n_days && rep->days[j].start < fz->to;
                 j++)
                rep->days[j].freeze = true;
        }
    }
}

/* Events SLOs' bad and total events per day (definitions.md §8 samples: a day holds
 * those with start < t <= end, before as_of). One block, owned by days[0]. */
static bool day_events(struct t0_report *rep)
{
    size_t n = rep->n_days ? rep->n_days : 1;
    double *block = calloc(2 * n * rep->n_slos + 1, sizeof *block);
    if (!block)
        return false;
    for (size_t j = 0; j < n; j++) {
        rep->days[j].bad_events = block + 2 * j * rep->n_slos;
        rep->days[j].total_events = rep->days[j].bad_events + rep->n_slos;
    }
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_sli *sli = rep->slos[s].slo->sli;
        if (!t0_sli_is_events(sli) || !sli->series)
            continue;
        for (size_t j = 0; j < rep->n_days; j++) {
            struct t0_day *day = &rep->days[j];
            t0_ms hi = day->end < rep->as_of ? day->end : rep->as_of;
            t0_series_sum(sli->series, day->start, hi, &day->bad_events[s],
                          &day->total_events[s]);
        }
    }
    return true;
}

static enum t0_status compute_days(struct t0_report *rep, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    size_t n = 0;
    for (size_t i = 0; i < t0_report_months(rep); i++)
        n += (size_t)days_in_month(t0_report_span(rep, T0_WINDOW_MONTH, i)->month);
    t0_ms *starts = malloc((n + 1) * sizeof *starts);
    rep->days = calloc(n ? n : 1, sizeof *rep->days);
    double *block = calloc(n * rep->n_slos + 1, sizeof *block); /* owned by days[0] */
    if (!starts || !rep->days || !block) {
        free(block);
        st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
        goto cleanup;
    }
    rep->n_days = n;
    size_t j = 0;
    for (size_t i = 0; i < t0_report_months(rep); i++) {
        struct t0_month m = t0_report_span(rep, T0_WINDOW_MONTH, i)->month;
        int dim = days_in_month(m);
        for (int d = 1; d <= dim; d++, j++) {
            struct t0_day *day = &rep->days[j];
            day->year = m.year;
            day->month = m.month;
            day->day = d;
            day->bad_minutes = block + j * rep->n_slos;
            starts[j] = t0_zone_day_start(rep->zone, m.year, m.month, d);
        }
    }
    starts[n] = rep->period_end;
    if (n == 0)
        rep->days[0].bad_minutes = block;
    for (j = 0; j < n; j++) {
        struct t0_day *day = &rep->days[j];
        day->start = starts[j];
        day->end = starts[j + 1];
        t0_ms hi = day->end < rep->as_of ? day->end : rep->as_of;
        for (size_t s = 0; s < rep->n_slos; s++)
            day->bad_minutes[s] = (double)((long double)t0_curve_integral(
                                               rep->slos[s].curve, day->start, hi) /
                                           60000000000.0L);
    }
    for (size_t i = 0; i < rep->data->n_incidents; i++) {
        t0_ms t = rep->data->incidents[i].started_at;
        if (!in_period(rep, t))
            continue;
        ptrdiff_t d = find_bucket(starts, n, t);
        if (d >= 0)
            rep->days[d].incidents++;
    }
    mark_freezes(rep, starts);
    if (!day_events(rep))
        st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
cleanup:
    free(starts);
    return st;
}

/* ---- the report ---- */

/* ---- the freeze verdict ---- */

static bool is_review_month(const struct t0_report *rep, struct t0_month m)
{
    return m.year == rep->review.year && m.month == rep->review.month;
}

/* Did release r (without services) ship during a freeze of an SLO that does
 * not cover "*"? Only the review month's freezes when review_only. */
static bool ships_in_hidden_freeze(const struct t0_report *rep,
                                   const struct t0_release *r, bool review_only)
{
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_result *res = &rep->slos[s];
        if (res->slo->all_services)
            continue;
        for (size_t f = 0; f < res->n_freezes; f++) {
            const struct t0_freeze *fr = &res->freezes[f];
            if ((!review_only || is_review_month(rep, fr->month)) &&
                fr->from <= r->released_at && r->released_at < fr->to)
                return true;
        }
    }
    return false;
}

static void count_unchecked_releases(struct t0_report *rep)
{
    for (size_t i = 0; i < rep->releases.count; i++) {
        const struct t0_release *r =
            &rep->data->releases[rep->releases.releases[i].release];
        if (r->services.count)
            continue;
        rep->freeze.period_without_services++;
        if (ships_in_hidden_freeze(rep, r, false))
            rep->freeze.period_unchecked++;
        if (ships_in_hidden_freeze(rep, r, true))
            rep->freeze.unchecked++;
    }
}

/* Distinct releases among the review month's violations (ordered by release). */
static size_t review_violating_releases(const struct t0_report *rep)
{
    size_t n = 0;
    int64_t last = -1;
    for (size_t i = 0; i < rep->releases.n_violations; i++) {
        const struct t0_violation *v = &rep->releases.violations[i];
        if (!is_review_month(rep, v->month) || (int64_t)v->release == last)
            continue;
        last = v->release;
        n++;
    }
    return n;
}

static enum t0_status compute_freeze_verdict(struct t0_report *rep, struct t0_error *err)
{
    struct t0_freeze_verdict *fv = &rep->freeze;
    fv->from = fv->to = T0_NO_TIME;
    fv->slos = calloc(rep->n_slos ? rep->n_slos : 1, sizeof *fv->slos);
    if (!fv->slos)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_result *res = &rep->slos[s];
        for (size_t f = 0; f < res->n_freezes; f++) {
            const struct t0_freeze *fr = &res->freezes[f];
            if (!is_review_month(rep, fr->month))
                continue;
            struct t0_freeze_slo *e = &fv->slos[fv->n_slos++];
            e->slo = s;
            e->from = fr->from;
            e->to = fr->to;
            for (size_t i = 0; rep->has_releases && i < rep->releases.n_violations; i++) {
                const struct t0_violation *v = &rep->releases.violations[i];
                if (v->slo == s && is_review_month(rep, v->month))
                    e->releases++;
            }
            if (fv->from == T0_NO_TIME || fr->from < fv->from)
                fv->from = fr->from;
            if (fv->to == T0_NO_TIME || fr->to > fv->to)
                fv->to = fr->to;
            /* In force when as_of is inside it; a freeze ending exactly at
             * as_of (the month is over) is no longer in force. */
            if (fr->from <= rep->as_of && rep->as_of < fr->to)
                fv->in_force = true;
            break; /* one freeze per SLO and month */
        }
    }
    /* Earliest freeze first (stable: SLO order among equal starts). */
    for (size_t i = 1; i < fv->n_slos; i++)
        for (size_t k = i; k > 0 && fv->slos[k].from < fv->slos[k - 1].from; k--) {
            struct t0_freeze_slo t = fv->slos[k];
            fv->slos[k] = fv->slos[k - 1];
            fv->slos[k - 1] = t;
        }
    if (rep->has_releases) {
        fv->releases = review_violating_releases(rep);
        count_unchecked_releases(rep);
    }
    return T0_OK;
}

enum t0_status t0_report_compute(struct t0_report *rep, const struct t0_dataset *ds,
                                 const struct t0_config *cfg, const struct t0_zone *zone,
                                 const struct t0_period_request *req,
                                 struct t0_error *err)
{
    enum t0_status st = T0_OK;
    struct t0_spans *spans = NULL;
    memset(rep, 0, sizeof *rep);
    rep->data = ds;
    rep->config = cfg;
    rep->zone = zone;
    st = resolve_period(rep, ds, req, err);
    if (st == T0_OK)
        st = t0_report_lay_out_windows(rep, err);
    if (st != T0_OK)
        goto cleanup;

    st = t0_spans_new(ds, rep->as_of, &spans, err);
    if (st != T0_OK)
        goto cleanup;
    rep->slos = calloc(cfg->n_slos ? cfg->n_slos : 1, sizeof *rep->slos);
    if (!rep->slos) {
        st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
        goto cleanup;
    }
    rep->n_slos = cfg->n_slos;
    for (size_t s = 0; s < rep->n_slos; s++) {
        st = compute_slo(rep, spans, s, err);
        if (st != T0_OK)
            goto cleanup;
    }
    /* The curves hold all that is needed from here on: the spans (48 bytes
     * an incident) go before the per-incident figures are made. */
    t0_spans_free(spans);
    spans = NULL;
    t0_report_count_window_incidents(rep);

    st = compute_stats(rep, err);
    if (st == T0_OK)
        st = compute_incidents(rep, err);
    if (st == T0_OK)
        st = compute_days(rep, err);
    if (st == T0_OK)
        st = t0_report_mark_maintenance(rep, err);
    if (st == T0_OK)
        st = t0_report_burn(rep, err);
    if (st != T0_OK)
        goto cleanup;

    const struct t0_input_report *ri = &ds->releases_input;
    if (ri->present && (ri->accepted > ri->left_out || ri->read == 0)) {
        rep->has_releases = true;
        st = t0_report_correlate(rep, err);
    } else {
        /* A releases file whose every record was rejected, or left out as
         * another environment's, is no release history: "0% of incidents
         * followed a release" would be false (an empty list, by contrast,
         * says that nothing shipped). */
        const char *why = !ri->present        ? REASON_NO_RELEASES
                          : ri->accepted == 0 ? REASON_NO_USABLE_RELEASES
                                              : REASON_OTHER_ENVIRONMENTS;
        rep->has_releases = false;
        rep->releases_reason = why;
        rep->correlation_reason = why;
    }
    if (st == T0_OK)
        st = compute_freeze_verdict(rep, err);
cleanup:
    t0_spans_free(spans);
    if (st != T0_OK)
        t0_report_release(rep);
    return st;
}

void t0_report_release(struct t0_report *rep)
{
    if (!rep)
        return;
    for (size_t s = 0; rep->slos && s < rep->n_slos; s++) {
        for (int k = 0; k < T0_WINDOW_LISTED; k++)
            free(rep->slos[s].figures[k]);
        free(rep->slos[s].freezes);
        t0_curve_free(rep->slos[s].curve);
        t0_maint_set_free(rep->slos[s].maintenance);
        t0_slo_burn_free(rep->slos[s].burn);
    }
    free(rep->slos);
    if (rep->incidents)
        free(rep->incidents[0].bad_minutes);
    free(rep->incidents);
    free(rep->incident_events);
    if (rep->days) {
        free(rep->days[0].bad_minutes);
        free(rep->days[0].bad_events);
    }
    free(rep->days);
    if (rep->releases.releases)
        for (size_t i = 0; i < rep->releases.count; i++)
            free(rep->releases.releases[i].attributed_bad_minutes);
    free(rep->releases.releases);
    free(rep->releases.violations);
    free(rep->correlation.mean_per_day);
    free(rep->correlation.per_slo);
    free(rep->freeze.slos);
    t0_report_free_windows(rep);
    memset(rep, 0, sizeof *rep);
}

enum t0_status t0_report_period(struct t0_report *rep, const struct t0_dataset *ds,
                                const struct t0_zone *zone,
                                const struct t0_period_request *req, struct t0_error *err)
{
    memset(rep, 0, sizeof *rep);
    rep->data = ds;
    rep->zone = zone;
    return resolve_period(rep, ds, req, err);
}
