/* slo.c: an SLO's bad-time curve and the exact figures of one window. */
#include "tierzero/slo.h"

#include <stdlib.h>
#include <string.h>

#include "tierzero/maintenance.h"

__extension__ typedef __int128 i128;

/* 100% in millionths of a percent: objectives are held as 99.9 -> 99900000. */
#define HUNDRED_PCT_MICRO INT64_C(100000000)
/* One minute at weight 1 in weighted ms. */
#define WMS_PER_MINUTE 60000000000.0L

struct span {
    const t0_sym *services;
    uint32_t n_services;
    uint32_t impact;
};

struct event {
    t0_ms t;
    uint32_t span;
    uint32_t is_end;
};

struct t0_spans {
    struct span *spans;
    size_t n_spans;
    struct event *events; /* 2 per span, sorted by time */
    size_t n_events;
};

/* The integral of b from t[0] to t[k] (weighted ms) is held in 64 bits when
 * the whole curve's total fits there, else in 128. The rate is at most a
 * weight of 1 (1,000,000 millionths), so the total is at most 1e6 x the
 * curve's extent in ms: 64 bits hold any history up to 9.22e18 / 1e6 ms =
 * 9.22e12 ms, about 292 years, at full weight (16 years are 5.05e17, 18x
 * below the bound). Instants may range over the years 0001 to 9999
 * (3.2e20 at weight 1), hence the 128-bit form for such curves. Every
 * cumulative is at most the last one (rates are never negative), so the
 * last one decides. */
struct t0_curve {
    size_t n;
    t0_ms *t;       /* breakpoints, increasing */
    int32_t *rate;  /* b on [t[k], t[k+1]), weight-millionths; 0 after the last */
    int64_t *cum64; /* the cumulatives when the total fits in 64 bits, else NULL */
    i128 *cum128;   /* the cumulatives otherwise, else NULL */
    const struct t0_maint_set *maint; /* borrowed: M, left out of every window */
};

static i128 curve_cum(const struct t0_curve *c, size_t k)
{
    return c->cum64 ? (i128)c->cum64[k] : c->cum128[k];
}

/* ---- spans ---- */

#define RADIX_BIAS UINT64_C(0x8000000000000000)

/* Sorts events by time: a stable LSD radix sort on the biased time, a byte a
 * pass (all histograms counted in one read), skipping the bytes every key
 * shares. */
static bool sort_events(struct event *ev, size_t n)
{
    if (n < 2)
        return true;
    struct event *tmp = malloc(n * sizeof *tmp);
    size_t(*count)[256] = calloc(8, sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t key = (uint64_t)ev[i].t ^ RADIX_BIAS;
        for (int b = 0; b < 8; b++)
            count[b][key >> (8 * b) & 0xff]++;
    }
    struct event *src = ev, *dst = tmp;
    uint64_t first = (uint64_t)ev[0].t ^ RADIX_BIAS;
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
            dst[count[b][((uint64_t)src[i].t ^ RADIX_BIAS) >> (8 * b) & 0xff]++] = src[i];
        struct event *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != ev)
        memcpy(ev, src, n * sizeof *ev);
    free(tmp);
    free(count);
    return true;
}

/* One bad-time span of an incident (definitions.md rule 3.1.4). */
struct raw_span {
    t0_ms from, to;
    enum t0_impact impact;
    struct t0_symlist services;
};

/* Span j of inc (j = 0 is the whole interval when it has no segments),
 * clipped to the incident's [start, end) and to as_of; false when empty. */
static bool incident_span(const struct t0_incident *inc, uint32_t j, t0_ms as_of,
                          struct raw_span *out)
{
    t0_ms end = inc->resolved_at == T0_NO_TIME ? as_of : inc->resolved_at;
    t0_ms hi = end < as_of ? end : as_of;
    if (inc->n_segments == 0) {
        *out = (struct raw_span){inc->started_at, hi, inc->impact, inc->services};
    } else {
        const struct t0_segment *seg = &inc->segments[j];
        out->from = seg->from < inc->started_at ? inc->started_at : seg->from;
        out->to = seg->to == T0_NO_TIME ? end : seg->to;
        if (out->to > hi)
            out->to = hi;
        out->impact = seg->impact;
        out->services = seg->has_services ? seg->services : inc->services;
    }
    return out->from < out->to;
}

static uint32_t incident_span_count(const struct t0_incident *inc)
{
    return inc->n_segments ? inc->n_segments : 1;
}

static size_t count_spans(const struct t0_dataset *ds, t0_ms as_of)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (inc->started_at >= as_of)
            continue;
        n += incident_span_count(inc);
    }
    return n;
}

enum t0_status t0_spans_new(const struct t0_dataset *ds, t0_ms as_of,
                            struct t0_spans **out, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    struct t0_spans *sp = calloc(1, sizeof *sp);
    size_t cap = count_spans(ds, as_of);
    *out = NULL;
    if (!sp || cap > UINT32_MAX)
        goto nomem;
    sp->spans = malloc((cap ? cap : 1) * sizeof *sp->spans);
    sp->events = malloc((cap ? cap : 1) * 2 * sizeof *sp->events);
    if (!sp->spans || !sp->events)
        goto nomem;
    for (size_t i = 0; i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (inc->started_at >= as_of)
            continue;
        for (uint32_t j = 0; j < incident_span_count(inc); j++) {
            struct raw_span r;
            if (!incident_span(inc, j, as_of, &r))
                continue;
            size_t k = sp->n_spans++;
            sp->spans[k] =
                (struct span){r.services.items, r.services.count, (uint32_t)r.impact};
            sp->events[sp->n_events++] = (struct event){r.from, (uint32_t)k, 0};
            sp->events[sp->n_events++] = (struct event){r.to, (uint32_t)k, 1};
        }
    }
    if (!sort_events(sp->events, sp->n_events))
        goto nomem;
    *out = sp;
    sp = NULL;
    goto cleanup;
nomem:
    st =
        t0_error_set(err, T0_ENOMEM, "", "", "out of memory building the bad-time spans");
cleanup:
    t0_spans_free(sp);
    return st;
}

void t0_spans_free(struct t0_spans *spans)
{
    if (!spans)
        return;
    free(spans->spans);
    free(spans->events);
    free(spans);
}

/* ---- curve ---- */

void t0_curve_free(struct t0_curve *curve)
{
    if (!curve)
        return;
    free(curve->t);
    free(curve->rate);
    free(curve->cum64);
    free(curve->cum128);
    free(curve);
}

static int64_t rate_of(const uint32_t active[T0_IMPACT_COUNT], const int64_t *weight)
{
    int64_t r = 0;
    for (int l = 0; l < T0_IMPACT_COUNT; l++)
        if (active[l] > 0 && weight[l] > r)
            r = weight[l];
    return r;
}

/* Marks the spans that count for slo: matching services and a positive weight. */
static unsigned char *match_spans(const struct t0_spans *sp, const struct t0_slo *slo)
{
    unsigned char *match = malloc(sp->n_spans ? sp->n_spans : 1);
    if (!match)
        return NULL;
    for (size_t k = 0; k < sp->n_spans; k++) {
        const struct span *s = &sp->spans[k];
        struct t0_symlist services = {s->services, s->n_services};
        match[k] = slo->weight_micro[s->impact] > 0 && t0_slo_matches(slo, services);
    }
    return match;
}

/* Sweeps the events and returns the number of breakpoints: where the rate
 * changes. Stores them in c when c->t is set (room for all of them), else
 * only counts. *total is the last cumulative; *max_rate the largest rate. */
static size_t curve_sweep(const struct t0_spans *sp, const unsigned char *match,
                          const int64_t *weight, struct t0_curve *c, i128 *total,
                          int64_t *max_rate)
{
    uint32_t active[T0_IMPACT_COUNT] = {0};
    int64_t current = 0;
    t0_ms prev = 0;
    i128 cum = 0;
    size_t n = 0, i = 0;
    *max_rate = 0;
    while (i < sp->n_events) {
        t0_ms t = sp->events[i].t;
        bool touched = false;
        for (; i < sp->n_events && sp->events[i].t == t; i++) {
            const struct event *e = &sp->events[i];
            if (!match[e->span])
                continue;
            uint32_t impact = sp->spans[e->span].impact;
            if (e->is_end)
                active[impact]--;
            else
                active[impact]++;
            touched = true;
        }
        if (!touched)
            continue;
        int64_t r = rate_of(active, weight);
        if (r == current)
            continue;
        if (n > 0)
            cum += (i128)current * (t - prev);
        if (c->t) {
            c->t[n] = t;
            c->rate[n] = (int32_t)r;
            if (c->cum64)
                c->cum64[n] = (int64_t)cum;
            else
                c->cum128[n] = cum;
        }
        if (r > *max_rate)
            *max_rate = r;
        prev = t;
        current = r;
        n++;
    }
    *total = cum;
    return n;
}

/* Two sweeps: the first counts the breakpoints and finds the total, the
 * second stores them in arrays of exactly that size. */
enum t0_status t0_curve_new(const struct t0_spans *sp, const struct t0_slo *slo,
                            struct t0_curve **out, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    struct t0_curve *c = calloc(1, sizeof *c);
    unsigned char *match = match_spans(sp, slo);
    *out = NULL;
    if (!c || !match)
        goto nomem;
    i128 total = 0;
    int64_t max_rate = 0;
    size_t n = curve_sweep(sp, match, slo->weight_micro, c, &total, &max_rate);
    if (max_rate > INT32_MAX) {
        st = t0_error_set(err, T0_EUSAGE, "", "", "an impact weight is out of range");
        goto cleanup;
    }
    size_t room = n ? n : 1;
    c->t = malloc(room * sizeof *c->t);
    c->rate = malloc(room * sizeof *c->rate);
    if (total <= INT64_MAX)
        c->cum64 = malloc(room * sizeof *c->cum64);
    else
        c->cum128 = malloc(room * sizeof *c->cum128);
    if (!c->t || !c->rate || (!c->cum64 && !c->cum128))
        goto nomem;
    c->n = curve_sweep(sp, match, slo->weight_micro, c, &total, &max_rate);
    *out = c;
    c = NULL;
    goto cleanup;
nomem:
    st =
        t0_error_set(err, T0_ENOMEM, "", "", "out of memory building the bad-time curve");
cleanup:
    free(match);
    t0_curve_free(c);
    return st;
}

/* The k-th boundary of M: from of interval k / 2 when k is even, else its to. */
static t0_ms maint_bound(const struct t0_maint_set *m, size_t k)
{
    return k % 2 == 0 ? m->items[k / 2].from : m->items[k / 2].to;
}

/* Walks the curve's breakpoints and M's boundaries together and keeps the
 * points where the masked rate (0 inside M) changes; stores them in t, rate
 * and the cumulatives (of c's kind) when t is not NULL. Returns how many. */
static size_t mask_sweep(const struct t0_curve *c, const struct t0_maint_set *m, t0_ms *t,
                         int32_t *rate, int64_t *cum64, i128 *cum128)
{
    size_t i = 0, k = 0, n = 0, nb = 2 * m->n;
    int64_t orig = 0, current = 0;
    bool in_m = false;
    t0_ms prev = 0;
    i128 cum = 0;
    while (i < c->n || k < nb) {
        t0_ms x = i < c->n ? c->t[i] : INT64_MAX;
        if (k < nb && maint_bound(m, k) < x)
            x = maint_bound(m, k);
        for (; i < c->n && c->t[i] == x; i++)
            orig = c->rate[i];
        for (; k < nb && maint_bound(m, k) == x; k++)
            in_m = k % 2 == 0;
        int64_t r = in_m ? 0 : orig;
        if (r == current)
            continue;
        if (n > 0)
            cum += (i128)current * (x - prev);
        if (t) {
            t[n] = x;
            rate[n] = (int32_t)r;
            if (cum64)
                cum64[n] = (int64_t)cum;
            else
                cum128[n] = cum;
        }
        prev = x;
        current = r;
        n++;
    }
    return n;
}

enum t0_status t0_curve_exclude(struct t0_curve *curve, const struct t0_maint_set *m,
                                struct t0_error *err)
{
    curve->maint = m;
    if (!m || m->n == 0 || curve->n == 0)
        return T0_OK;
    size_t n = mask_sweep(curve, m, NULL, NULL, NULL, NULL);
    size_t room = n ? n : 1;
    t0_ms *t = malloc(room * sizeof *t);
    int32_t *rate = malloc(room * sizeof *rate);
    int64_t *cum64 = curve->cum64 ? malloc(room * sizeof *cum64) : NULL;
    i128 *cum128 = curve->cum64 ? NULL : malloc(room * sizeof *cum128);
    if (!t || !rate || (!cum64 && !cum128)) {
        free(t);
        free(rate);
        free(cum64);
        free(cum128);
        return t0_error_set(
            err, T0_ENOMEM, "", "",
            "out of memory leaving maintenance out of the bad-time curve");
    }
    /* The masked total is at most the original one: the same kind of
     * cumulative holds it. */
    mask_sweep(curve, m, t, rate, cum64, cum128);
    free(curve->t);
    free(curve->rate);
    free(curve->cum64);
    free(curve->cum128);
    curve->t = t;
    curve->rate = rate;
    curve->cum64 = cum64;
    curve->cum128 = cum128;
    curve->n = n;
    return T0_OK;
}

const struct t0_maint_set *t0_curve_maintenance(const struct t0_curve *curve)
{
    return curve ? curve->maint : NULL;
}

size_t t0_curve_size(const struct t0_curve *curve)
{
    return curve ? curve->n : 0;
}

/* The last breakpoint at or before x, or -1. */
static ptrdiff_t curve_find(const struct t0_curve *c, t0_ms x)
{
    size_t lo = 0, hi = c->n; /* first index with t > x is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->t[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

/* The integral of b from -infinity to x. */
static i128 curve_cumulative(const struct t0_curve *c, t0_ms x)
{
    ptrdiff_t k = curve_find(c, x);
    if (k < 0)
        return 0;
    return curve_cum(c, (size_t)k) + (i128)c->rate[k] * (x - c->t[k]);
}

int64_t t0_curve_rate(const struct t0_curve *curve, t0_ms t)
{
    ptrdiff_t k = curve_find(curve, t);
    return k < 0 ? 0 : curve->rate[k];
}

static i128 curve_integral(const struct t0_curve *c, t0_ms a, t0_ms b)
{
    if (b <= a)
        return 0;
    return curve_cumulative(c, b) - curve_cumulative(c, a);
}

static int64_t saturate(i128 v)
{
    return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

int64_t t0_curve_integral(const struct t0_curve *curve, t0_ms a, t0_ms b)
{
    return saturate(curve_integral(curve, a, b));
}

void t0_curve_cumulate(const struct t0_curve *curve, t0_ms first, int64_t step, size_t n,
                       int64_t *out)
{
    i128 base = curve_cumulative(curve, first);
    ptrdiff_t k = curve_find(curve, first);
    for (size_t i = 0; i < n; i++) {
        t0_ms x = first + (t0_ms)i * step;
        while ((size_t)(k + 1) < curve->n && curve->t[k + 1] <= x)
            k++;
        i128 cum = k < 0 ? 0
                         : curve_cum(curve, (size_t)k) +
                               (i128)curve->rate[k] * (x - curve->t[k]);
        out[i] = saturate(cum - base);
    }
}

/* t0_curve_reach with a 128-bit target num / den. */
static t0_ms curve_reach(const struct t0_curve *c, t0_ms a, t0_ms b, i128 num, i128 den)
{
    if (b <= a || num <= 0 || den <= 0)
        return T0_NO_TIME;
    i128 fa = curve_cumulative(c, a);
    if ((curve_cumulative(c, b) - fa) * den < num)
        return T0_NO_TIME;
    i128 target = fa * den + num;
    /* The last breakpoint whose cumulative (scaled) is below the target: the
     * target is reached inside its interval, where the rate is positive. */
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (curve_cum(c, mid) * den < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo - 1;
    i128 rest = target - curve_cum(c, k) * den;
    i128 step = (i128)c->rate[k] * den;
    return c->t[k] + (t0_ms)((2 * rest + step) / (2 * step));
}

t0_ms t0_curve_reach(const struct t0_curve *curve, t0_ms a, t0_ms b, int64_t num,
                     int64_t den)
{
    return curve_reach(curve, a, b, num, den);
}

t0_ms t0_curve_first_bad(const struct t0_curve *curve, t0_ms a, t0_ms b)
{
    if (b <= a)
        return T0_NO_TIME;
    ptrdiff_t k = curve_find(curve, a);
    if (k >= 0 && curve->rate[k] > 0)
        return a;
    /* Equal rates are merged, so the next breakpoint starts bad time. */
    size_t next = (size_t)(k + 1);
    if (next < curve->n && curve->t[next] < b)
        return curve->t[next];
    return T0_NO_TIME;
}

/* ---- windows ---- */

/* The budget of total_ms in weighted ms x 100: total x (100% - objective). */
static i128 budget_wms100(const struct t0_slo *slo, int64_t total_ms)
{
    int64_t share = HUNDRED_PCT_MICRO - slo->objective_micro;
    if (share < 0)
        share = 0;
    return (i128)total_ms * share;
}

static double ratio(i128 num, i128 den)
{
    return (double)((long double)num / (long double)den);
}

/* Consumed percent = 100 x bad / budget = bad_wms x 10^4 / budget_wms100. */
static struct t0_value consumed_pct(i128 bad, i128 budget100)
{
    if (budget100 == 0)
        return bad == 0 ? t0_value_of(0.0) : t0_value_null(T0_REASON_ZERO_BUDGET);
    return t0_value_of(ratio(bad * 10000, budget100));
}

static enum t0_slo_status status_of(i128 bad, i128 budget100, int64_t at_risk_micro)
{
    if (budget100 == 0) {
        if (bad > 0)
            return T0_STATUS_EXHAUSTED;
        return at_risk_micro <= 0 ? T0_STATUS_AT_RISK : T0_STATUS_MET;
    }
    if (bad * 100 >= budget100)
        return T0_STATUS_EXHAUSTED;
    /* consumed >= at_risk_pct  <=>  bad x 10^4 / budget100 >= at_risk_micro / 10^6 */
    if (bad * (i128)10000000000 >= (i128)at_risk_micro * budget100)
        return T0_STATUS_AT_RISK;
    return T0_STATUS_MET;
}

/* |M ∩ [a, b)| of the curve's maintenance set. */
static int64_t excluded_ms(const struct t0_curve *curve, t0_ms a, t0_ms b)
{
    return t0_maint_set_measure(curve->maint, a, b);
}

void t0_slo_window_compute(const struct t0_slo *slo, const struct t0_curve *curve,
                           t0_ms start, t0_ms end, t0_ms as_of, int64_t at_risk_micro,
                           struct t0_slo_window *out)
{
    int64_t total = end > start ? end - start : 0;
    int64_t span = as_of > start ? as_of - start : 0;
    if (span > total)
        span = total;
    /* definitions.md §10: maintenance leaves the budget, the elapsed time and (the
     * curve is 0 there) the bad time; time after as_of counts as excluded. */
    int64_t excluded = excluded_ms(curve, start, start + total);
    int64_t elapsed = span - excluded_ms(curve, start, start + span);
    i128 bad = curve_integral(curve, start, start + span);
    i128 budget100 = budget_wms100(slo, total - excluded);

    out->start = start;
    out->end = end;
    out->total_ms = total;
    out->elapsed_ms = elapsed;
    out->excluded_ms = excluded;
    out->bad_wms = saturate(bad);
    out->minutes_total = (double)total / 60000.0;
    out->minutes_elapsed = (double)elapsed / 60000.0;
    out->minutes_excluded = (double)excluded / 60000.0;
    out->bad_minutes = (double)((long double)bad / WMS_PER_MINUTE);
    if (elapsed == 0) {
        out->attainment_pct =
            t0_value_null(span > 0 ? T0_REASON_IN_MAINTENANCE : T0_REASON_NOT_BEGUN);
    } else {
        i128 whole = (i128)elapsed * T0_MICRO;
        out->attainment_pct = t0_value_of(ratio((whole - bad) * 100, whole));
    }
    /* budget100 is in weighted ms x 100: minutes = budget100 / (100 x 6e10). */
    out->budget_minutes = (double)((long double)budget100 / (WMS_PER_MINUTE * 100.0L));
    out->budget_remaining_minutes =
        (double)((long double)(budget100 - bad * 100) / (WMS_PER_MINUTE * 100.0L));
    out->budget_consumed_pct = consumed_pct(bad, budget100);
    out->status = status_of(bad, budget100, at_risk_micro);
    if (budget100 == 0)
        out->exhausted_at = t0_curve_first_bad(curve, start, start + span);
    else
        out->exhausted_at = curve_reach(curve, start, end, budget100, 100);
    out->partial = start <= as_of && as_of < end;
}

struct t0_value t0_slo_consumed_at(const struct t0_slo *slo, const struct t0_curve *curve,
                                   t0_ms start, t0_ms end, t0_ms t)
{
    if (t < start)
        t = start;
    if (t > end)
        t = end;
    i128 bad = curve_integral(curve, start, t);
    int64_t total = end > start ? end - start : 0;
    return consumed_pct(bad, budget_wms100(slo, total - excluded_ms(curve, start, end)));
}

struct t0_value t0_report_consumed_at(const struct t0_report *rep, size_t s, t0_ms t,
                                      t0_ms *exhausted_at)
{
    const struct t0_slo_result *res = &rep->slos[s];
    struct t0_month m = t0_zone_month_of(rep->zone, t);
    int i = t0_month_diff(rep->from, m);
    struct t0_slo_window w;
    if (i >= 0 && (size_t)i < t0_report_months(rep)) {
        w = *t0_report_month(rep, s, (size_t)i);
    } else {
        memset(&w, 0, sizeof w);
        t0_ms start = t0_zone_month_start(rep->zone, m);
        t0_ms end = t0_zone_month_start(rep->zone, t0_month_add(m, 1));
        t0_sli_ops_of(res->slo)->window(res->slo, res->curve, start, end, rep->as_of,
                                        rep->config->at_risk_micro, &w);
    }
    if (exhausted_at)
        *exhausted_at = w.exhausted_at;
    return t0_sli_ops_of(res->slo)->consumed_at(res->slo, res->curve, &w, rep->as_of, t);
}

/* ---- one incident ---- */

struct own_event {
    t0_ms t;
    int32_t impact;
    int32_t delta;
};

static int own_event_cmp(const void *pa, const void *pb)
{
    const struct own_event *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->impact - b->impact;
}

static int64_t overlap(t0_ms from, t0_ms to, t0_ms a, t0_ms b)
{
    t0_ms lo = from > a ? from : a;
    t0_ms hi = to < b ? to : b;
    return hi > lo ? hi - lo : 0;
}

/* Integral over [a, b) of the largest weight among the active events. */
static i128 sweep_own(struct own_event *ev, size_t n, const int64_t *weight, t0_ms a,
                      t0_ms b)
{
    uint32_t active[T0_IMPACT_COUNT] = {0};
    i128 sum = 0;
    int64_t rate = 0;
    t0_ms prev = 0;
    qsort(ev, n, sizeof *ev, own_event_cmp);
    for (size_t i = 0; i < n;) {
        t0_ms t = ev[i].t;
        if (rate > 0)
            sum += (i128)rate * overlap(prev, t, a, b);
        for (; i < n && ev[i].t == t; i++)
            active[ev[i].impact] += (uint32_t)ev[i].delta;
        rate = rate_of(active, weight);
        prev = t;
    }
    return sum;
}

enum t0_status t0_slo_incident_wms(const struct t0_slo *slo,
                                   const struct t0_incident *inc, t0_ms as_of, t0_ms a,
                                   t0_ms b, int64_t *wms, struct t0_error *err)
{
    struct own_event local[32];
    struct own_event *ev = local;
    size_t n = 0, count = incident_span_count(inc);
    *wms = 0;
    if (inc->started_at >= as_of || b <= a)
        return T0_OK;
    if (count * 2 > sizeof local / sizeof local[0]) {
        ev = malloc(count * 2 * sizeof *ev);
        if (!ev)
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    for (uint32_t j = 0; j < count; j++) {
        struct raw_span r;
        if (!incident_span(inc, j, as_of, &r) || slo->weight_micro[r.impact] <= 0 ||
            !t0_slo_matches(slo, r.services))
            continue;
        ev[n++] = (struct own_event){r.from, (int32_t)r.impact, 1};
        ev[n++] = (struct own_event){r.to, (int32_t)r.impact, -1};
    }
    if (n == 2)
        *wms = saturate((i128)slo->weight_micro[ev[0].impact] *
                        overlap(ev[0].t, ev[1].t, a, b));
    else if (n > 2)
        *wms = saturate(sweep_own(ev, n, slo->weight_micro, a, b));
    if (ev != local)
        free(ev);
    return T0_OK;
}

/* ---- a curve of given intervals ---- */

enum t0_status t0_curve_from_intervals(const t0_ms *from, const t0_ms *to, size_t n,
                                       struct t0_curve **out, struct t0_error *err)
{
    struct t0_curve *c = calloc(1, sizeof *c);
    size_t room = 2 * n + 1;
    *out = NULL;
    if (!c)
        goto nomem;
    c->t = malloc(room * sizeof *c->t);
    c->rate = malloc(room * sizeof *c->rate);
    c->cum64 = malloc(room * sizeof *c->cum64);
    if (!c->t || !c->rate || !c->cum64)
        goto nomem;
    int64_t cum = 0;
    for (size_t i = 0; i < n; i++) {
        if (to[i] <= from[i])
            continue;
        if (c->n > 0 && c->t[c->n - 1] == from[i] && c->rate[c->n - 1] == 0) {
            c->n--; /* touching the previous interval: extend it */
        } else {
            c->t[c->n] = from[i];
            c->rate[c->n] = (int32_t)T0_MICRO;
            c->cum64[c->n] = cum;
            c->n++;
        }
        cum += (to[i] - from[i]) * T0_MICRO;
        c->t[c->n] = to[i];
        c->rate[c->n] = 0;
        c->cum64[c->n] = cum;
        c->n++;
    }
    *out = c;
    return T0_OK;
nomem:
    t0_curve_free(c);
    return t0_error_set(err, T0_ENOMEM, "", "",
                        "out of memory building the bad-time curve");
}
