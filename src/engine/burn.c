/* burn.c: burn rates, the alert replay and rolling windows of definitions.md §9. */
#include "tierzero/burn.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/sli.h"
#include "tierzero/slo.h"

__extension__ typedef __int128 i128;

/* 100% in millionths of a percent (objectives are held as 99.9 -> 99900000). */
#define HUNDRED_PCT_MICRO INT64_C(100000000)
#define MINUTE T0_MS_PER_MINUTE
/* definitions.md §9: pages and incidents are matched within an hour. */
#define MATCH_SLACK T0_MS_PER_HOUR
/* How far back the gate looks for the start of a run that began before the
 * month: 31 days of minutes. */
#define EPISODE_LOOKBACK_MINUTES (31 * 1440)

const struct t0_alert_rule t0_default_alert_rules[4] = {
    {T0_ALERT_PAGE, 60, 5, 14400000},
    {T0_ALERT_PAGE, 360, 30, 6000000},
    {T0_ALERT_TICKET, 1440, 120, 3000000},
    {T0_ALERT_TICKET, 4320, 360, 1000000},
};

const struct t0_alert_rule *t0_slo_alert_rules(const struct t0_slo *slo, size_t *n)
{
    if (slo->alerts_configured) {
        *n = slo->n_alerts;
        return slo->alerts;
    }
    *n = sizeof t0_default_alert_rules / sizeof t0_default_alert_rules[0];
    return t0_default_alert_rules;
}

const char *t0_alert_window_format(int64_t minutes, char *buf, size_t size)
{
    if (minutes > 0 && minutes % 1440 == 0)
        snprintf(buf, size, "%" PRId64 "d", minutes / 1440);
    else if (minutes > 0 && minutes % 60 == 0)
        snprintf(buf, size, "%" PRId64 "h", minutes / 60);
    else
        snprintf(buf, size, "%" PRId64 "m", minutes);
    return buf;
}

const char *t0_alert_rule_name(const struct t0_alert_rule *rule, char *buf, size_t size)
{
    char a[24], b[24];
    snprintf(buf, size, "%s/%s", t0_alert_window_format(rule->long_minutes, a, sizeof a),
             t0_alert_window_format(rule->short_minutes, b, sizeof b));
    return buf;
}

const char *t0_alert_severity_name(enum t0_alert_severity severity)
{
    return severity == T0_ALERT_PAGE ? "page" : "ticket";
}

/* ---- the SLI grid ---- */

/* Time-based: the cumulative integral of b, once, at every minute. definitions.md §10's
 * maintenance (b is 0 inside M, the window not shortened) applies to b
 * itself: here, through the curve, is the one place where it enters. */
static enum t0_status grid_fill_time(struct t0_sli_grid *g, const struct t0_curve *curve,
                                     struct t0_error *err)
{
    g->cum_bad_wms = malloc((g->n ? g->n : 1) * sizeof *g->cum_bad_wms);
    if (!g->cum_bad_wms)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    if (curve)
        t0_curve_cumulate(curve, g->first, MINUTE, g->n, g->cum_bad_wms);
    else
        memset(g->cum_bad_wms, 0, g->n * sizeof *g->cum_bad_wms);
    return T0_OK;
}

/* Does SLO s count requests by occurrences (definitions.md §8; timeslices are bad time
 * on the curve)? */
static bool counts_events(const struct t0_report *rep, size_t s)
{
    return t0_sli_ops_of(rep->slos[s].slo) == &t0_sli_events_ops;
}

/* Does sample i of an events SLO count: valid, t <= as_of, and (definitions.md §11:
 * burn rates of events SLOs leave maintenance out) not in M? */
static bool sample_counts(const struct t0_series *ser, size_t i, t0_ms as_of,
                          const struct t0_maint_set *m)
{
    return ser->state[i] == T0_SAMPLE_VALID && ser->t[i] <= as_of &&
           !t0_maint_set_contains(m, ser->t[i]);
}

/* Events: the bad and total events of the samples with t in (first, point
 * k], once, at every minute. */
static enum t0_status grid_fill_events(struct t0_sli_grid *g, const struct t0_report *rep,
                                       size_t s, struct t0_error *err)
{
    const struct t0_slo_result *r = &rep->slos[s];
    const struct t0_series *ser = r->slo->sli->series;
    const struct t0_maint_set *m = t0_curve_maintenance(r->curve);
    g->events = true;
    g->cum_bad = malloc((g->n ? g->n : 1) * sizeof *g->cum_bad);
    g->cum_total = malloc((g->n ? g->n : 1) * sizeof *g->cum_total);
    if (!g->cum_bad || !g->cum_total)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    long double bad = 0, total = 0;
    size_t i = ser ? t0_series_after(ser, g->first) : 0;
    for (size_t k = 0; k < g->n; k++) {
        t0_ms point = g->first + (t0_ms)k * MINUTE;
        for (; ser && i < ser->n && ser->t[i] <= point; i++) {
            if (!sample_counts(ser, i, rep->as_of, m))
                continue;
            bad += ser->bad[i];
            total += ser->total[i];
        }
        g->cum_bad[k] = (double)bad;
        g->cum_total[k] = (double)total;
    }
    return T0_OK;
}

enum t0_status t0_sli_grid_init(struct t0_sli_grid *grid, const struct t0_report *rep,
                                size_t s, t0_ms first, size_t n, struct t0_error *err)
{
    memset(grid, 0, sizeof *grid);
    grid->first = first;
    grid->n = n;
    if (counts_events(rep, s))
        return grid_fill_events(grid, rep, s, err);
    return grid_fill_time(grid, rep->slos[s].curve, err);
}

/* What the window of `minutes` ending at t holds for SLO s, at any instant:
 * time-based [t - w, t), events the samples in (t - w, t]. */
static struct t0_sli_amount amount_at(const struct t0_report *rep, size_t s, t0_ms t,
                                      int64_t minutes)
{
    const struct t0_slo_result *r = &rep->slos[s];
    struct t0_sli_amount a = {0};
    t0_ms from = t - minutes * MINUTE;
    if (!counts_events(rep, s)) {
        a.total_ms = minutes * MINUTE;
        a.bad_wms = t0_curve_integral(r->curve, from, t);
        return a;
    }
    const struct t0_series *ser = r->slo->sli->series;
    const struct t0_maint_set *m = t0_curve_maintenance(r->curve);
    long double bad = 0, total = 0;
    a.events = true;
    for (size_t i = ser ? t0_series_after(ser, from) : 0;
         ser && i < ser->n && ser->t[i] <= t; i++) {
        if (!sample_counts(ser, i, rep->as_of, m))
            continue;
        bad += ser->bad[i];
        total += ser->total[i];
    }
    a.bad = (double)bad;
    a.total = (double)total;
    return a;
}

void t0_sli_grid_release(struct t0_sli_grid *grid)
{
    if (!grid)
        return;
    free(grid->cum_bad_wms);
    free(grid->cum_bad);
    free(grid->cum_total);
    memset(grid, 0, sizeof *grid);
}

struct t0_sli_amount t0_sli_grid_window(const struct t0_sli_grid *g, size_t k,
                                        int64_t minutes)
{
    struct t0_sli_amount a = {0};
    size_t j = k - (size_t)minutes;
    a.events = g->events;
    if (g->events) {
        a.bad = g->cum_bad[k] - g->cum_bad[j];
        a.total = g->cum_total[k] - g->cum_total[j];
    } else {
        a.bad_wms = g->cum_bad_wms[k] - g->cum_bad_wms[j];
        a.total_ms = minutes * MINUTE;
    }
    return a;
}

bool t0_burn_exceeds(struct t0_sli_amount a, int64_t objective_micro, int64_t burn_micro)
{
    int64_t share = HUNDRED_PCT_MICRO - objective_micro; /* (1 - objective) x 10^8 */
    if (share <= 0)
        return false;
    if (a.events) {
        if (!(a.total > 0))
            return false;
        /* bad / total / (share / 10^8) > burn / 10^6 */
        return (long double)a.bad * 1e14L > (long double)burn_micro * share * a.total;
    }
    /* (bad_wms / 10^6 / total_ms) / (share / 10^8) > burn / 10^6 */
    return (i128)a.bad_wms * HUNDRED_PCT_MICRO > (i128)burn_micro * share * a.total_ms;
}

#define REASON_ZERO_BUDGET "objective is 100%: the budget is zero"
#define REASON_NO_EVENTS "no events in the window"

struct t0_value t0_burn_rate_of(struct t0_sli_amount a, int64_t objective_micro)
{
    int64_t share = HUNDRED_PCT_MICRO - objective_micro;
    if (share <= 0)
        return t0_value_null(REASON_ZERO_BUDGET);
    if (a.events) {
        if (!(a.total > 0))
            return t0_value_null(REASON_NO_EVENTS);
        return t0_value_of((double)((long double)a.bad / a.total * 1e8L / share));
    }
    if (a.total_ms <= 0)
        return t0_value_of(0.0);
    /* bad_wms x 100 / (total_ms x share) */
    return t0_value_of(
        (double)((long double)a.bad_wms * 100.0L / ((long double)a.total_ms * share)));
}

struct t0_value t0_burn_rate(const struct t0_report *rep, size_t s, t0_ms t,
                             int64_t minutes)
{
    return t0_burn_rate_of(amount_at(rep, s, t, minutes),
                           rep->slos[s].slo->objective_micro);
}

/* ---- the replay ---- */

static t0_ms floor_minute(t0_ms t)
{
    t0_ms r = t % MINUTE;
    return r < 0 ? t - r - MINUTE : t - r;
}

static t0_ms ceil_minute(t0_ms t)
{
    t0_ms f = floor_minute(t);
    return f == t ? t : f + MINUTE;
}

static int episode_cmp(const void *pa, const void *pb)
{
    const struct t0_alert_episode *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* Every episode of every rule over the minutes [first, last] (grid point
 * `base` is minute `first`). */
/* Time-based, t0_burn_exceeds() for a window of `minutes` is bad_wms > the
 * limit returned here: bad x 10^8 > rate x share x w holds for an integer
 * bad exactly when bad > floor(rate x share x w / 10^8). INT64_MAX: never. */
static int64_t exceed_limit(int64_t objective_micro, int64_t burn_micro, int64_t minutes)
{
    int64_t share = HUNDRED_PCT_MICRO - objective_micro;
    if (share <= 0)
        return INT64_MAX;
    i128 limit = (i128)burn_micro * share * (minutes * MINUTE) / HUNDRED_PCT_MICRO;
    return limit >= INT64_MAX ? INT64_MAX : (int64_t)limit;
}

/* Does rule fire at grid point k? */
static bool rule_fires(const struct t0_sli_grid *g, size_t k,
                       const struct t0_alert_rule *rule, int64_t objective_micro,
                       const int64_t limit[2])
{
    if (g->events)
        return t0_burn_exceeds(t0_sli_grid_window(g, k, rule->long_minutes),
                               objective_micro, rule->burn_micro) &&
               t0_burn_exceeds(t0_sli_grid_window(g, k, rule->short_minutes),
                               objective_micro, rule->burn_micro);
    const int64_t *c = g->cum_bad_wms;
    return limit[0] != INT64_MAX && c[k] - c[k - (size_t)rule->long_minutes] > limit[0] &&
           c[k] - c[k - (size_t)rule->short_minutes] > limit[1];
}

static enum t0_status replay_rules(struct t0_slo_burn *b, const struct t0_slo *slo,
                                   const struct t0_sli_grid *g, size_t base,
                                   size_t n_eval, bool open_end, t0_ms month_end,
                                   struct t0_error *err)
{
    size_t cap = 0;
    for (size_t r = 0; r < b->n_rules; r++) {
        const struct t0_alert_rule *rule = &b->rules[r];
        const int64_t limit[2] = {
            exceed_limit(slo->objective_micro, rule->burn_micro, rule->long_minutes),
            exceed_limit(slo->objective_micro, rule->burn_micro, rule->short_minutes)};
        bool firing = false;
        t0_ms from = 0;
        for (size_t i = 0; i <= n_eval; i++) {
            bool fires =
                i < n_eval && rule_fires(g, base + i, rule, slo->objective_micro, limit);
            t0_ms t = b->eval_first + (t0_ms)i * MINUTE;
            if (fires && !firing) {
                firing = true;
                from = t;
            } else if (!fires && firing) {
                firing = false;
                if (!t0_grow((void **)&b->episodes, &cap, b->n_episodes + 1,
                             sizeof *b->episodes))
                    return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
                t0_ms to = i < n_eval ? t : (open_end ? T0_NO_TIME : month_end);
                b->episodes[b->n_episodes++] = (struct t0_alert_episode){
                    (uint32_t)r, rule->severity, from, to, false};
            }
        }
    }
    if (b->n_episodes > 1)
        qsort(b->episodes, b->n_episodes, sizeof *b->episodes, episode_cmp);
    return T0_OK;
}

/* An incident's end for definitions.md §9: resolved_at, or as_of while ongoing. */
static t0_ms incident_end(const struct t0_incident *inc, t0_ms as_of)
{
    return inc->resolved_at == T0_NO_TIME ? as_of : inc->resolved_at;
}

/* The incidents that can match an SLO's pages: started before as_of, their
 * own services matching (definitions.md rule 11.11), by start then input order, with
 * the latest end among the first k of them. */
struct matching {
    const uint32_t *order; /* every counted incident by start (shared) */
    size_t n_order;
    uint32_t *items;        /* this SLO's, by start */
    t0_ms *start, *max_end; /* start of item k; the largest end of items 0..k */
    size_t n;
};

static enum t0_status matching_fill(struct matching *m, const struct t0_report *rep,
                                    const struct t0_slo *slo, struct t0_error *err)
{
    const struct t0_dataset *ds = rep->data;
    size_t cap = m->n_order ? m->n_order : 1;
    m->n = 0;
    if (!m->items) {
        m->items = malloc(cap * sizeof *m->items);
        m->start = malloc(cap * sizeof *m->start);
        m->max_end = malloc(cap * sizeof *m->max_end);
        if (!m->items || !m->start || !m->max_end)
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    for (size_t j = 0; j < m->n_order; j++) {
        const struct t0_incident *inc = &ds->incidents[m->order[j]];
        if (!t0_slo_matches(slo, inc->services))
            continue;
        t0_ms end = incident_end(inc, rep->as_of);
        m->items[m->n] = m->order[j];
        m->start[m->n] = inc->started_at;
        m->max_end[m->n] =
            m->n > 0 && m->max_end[m->n - 1] > end ? m->max_end[m->n - 1] : end;
        m->n++;
    }
    return T0_OK;
}

static void matching_release(struct matching *m)
{
    free(m->items);
    free(m->start);
    free(m->max_end);
}

/* Does an incident's [start, end) meet [lo, hi)? Those starting before hi
 * are a prefix; the latest end among them decides. */
static bool matching_meets(const struct matching *m, t0_ms lo, t0_ms hi)
{
    size_t a = 0, b = m->n; /* first item with start >= hi */
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (m->start[mid] < hi)
            a = mid + 1;
        else
            b = mid;
    }
    return a > 0 && m->max_end[a - 1] > lo;
}

/* A page is unmatched when no incident (started before as_of, its own
 * services matching) has [start, end) meeting [from - 1 h, (to or as_of) + 1 h). */
static void mark_unmatched(struct t0_slo_burn *b, const struct t0_report *rep,
                           const struct matching *m)
{
    for (size_t e = 0; e < b->n_episodes; e++) {
        struct t0_alert_episode *ep = &b->episodes[e];
        if (ep->severity != T0_ALERT_PAGE)
            continue;
        t0_ms lo = ep->from - MATCH_SLACK;
        t0_ms hi = (ep->to == T0_NO_TIME ? rep->as_of : ep->to) + MATCH_SLACK;
        ep->unmatched = !matching_meets(m, lo, hi);
        b->pages++;
        b->unmatched_pages += ep->unmatched;
    }
    b->tickets = b->n_episodes - b->pages;
}

/* The review month's matching incidents, by start, each with the first page
 * episode that began in [started_at - 1 h, end). */
static enum t0_status page_incidents(struct t0_slo_burn *b, const struct t0_report *rep,
                                     const struct matching *m, struct t0_error *err)
{
    const struct t0_dataset *ds = rep->data;
    size_t n = 0;
    for (size_t k = 0; k < m->n; k++)
        n += m->start[k] >= rep->review_start && m->start[k] < rep->review_end;
    if (n == 0)
        return T0_OK;
    b->incidents = calloc(n, sizeof *b->incidents);
    if (!b->incidents)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    for (size_t k = 0; k < m->n; k++)
        if (m->start[k] >= rep->review_start && m->start[k] < rep->review_end)
            b->incidents[b->n_incidents++].incident = m->items[k];
    for (size_t j = 0; j < b->n_incidents; j++) {
        struct t0_burn_incident *bi = &b->incidents[j];
        const struct t0_incident *inc = &ds->incidents[bi->incident];
        t0_ms lo = inc->started_at - MATCH_SLACK, hi = incident_end(inc, rep->as_of);
        bi->paged_at = T0_NO_TIME;
        size_t e0 = 0, e1 = b->n_episodes; /* the first episode from lo on */
        while (e0 < e1) {
            size_t mid = e0 + (e1 - e0) / 2;
            if (b->episodes[mid].from < lo)
                e0 = mid + 1;
            else
                e1 = mid;
        }
        for (size_t e = e0; e < b->n_episodes; e++) {
            const struct t0_alert_episode *ep = &b->episodes[e];
            if (ep->from >= hi)
                break; /* episodes are by from */
            if (ep->severity == T0_ALERT_PAGE && ep->from >= lo) {
                bi->paged_at = ep->from;
                break;
            }
        }
        if (bi->paged_at == T0_NO_TIME)
            continue;
        t0_ms declared =
            inc->detected_at != T0_NO_TIME ? inc->detected_at : inc->started_at;
        bi->page_lead_minutes = (double)(declared - bi->paged_at) / 60000.0;
        b->paged_first += declared > bi->paged_at;
    }
    return T0_OK;
}

static enum t0_status replay_slo(struct t0_slo_burn *b, const struct t0_report *rep,
                                 size_t s, struct matching *m, struct t0_error *err)
{
    const struct t0_slo *slo = rep->slos[s].slo;
    b->rules = t0_slo_alert_rules(slo, &b->n_rules);
    /* definitions.md rule 11.11: whole UTC minutes t, month start <= t < month end, t <=
     * as_of. */
    b->eval_first = ceil_minute(rep->review_start);
    t0_ms last = floor_minute(rep->review_end - 1);
    t0_ms as_of_minute = floor_minute(rep->as_of);
    b->eval_last = last < as_of_minute ? last : as_of_minute;
    enum t0_status st = T0_OK;
    int64_t lookback = 0;
    for (size_t r = 0; r < b->n_rules; r++) {
        if (b->rules[r].long_minutes > lookback)
            lookback = b->rules[r].long_minutes;
        if (b->rules[r].short_minutes > lookback)
            lookback = b->rules[r].short_minutes;
    }
    if (b->eval_last >= b->eval_first && b->n_rules > 0) {
        size_t n_eval = (size_t)((b->eval_last - b->eval_first) / MINUTE) + 1;
        struct t0_sli_grid g;
        st = t0_sli_grid_init(&g, rep, s, b->eval_first - lookback * MINUTE,
                              (size_t)lookback + n_eval, err);
        if (st == T0_OK)
            st = replay_rules(b, slo, &g, (size_t)lookback, n_eval,
                              rep->as_of < rep->review_end, rep->review_end, err);
        t0_sli_grid_release(&g);
        if (st != T0_OK)
            return st;
    }
    if ((st = matching_fill(m, rep, slo, err)) != T0_OK)
        return st;
    mark_unmatched(b, rep, m);
    return page_incidents(b, rep, m, err);
}

/* ---- rolling windows ---- */

/* The instants of definitions.md rule 11.12: the review month's local midnights up to
 * as_of, then min(as_of, month end), not repeated. */
static void rolling_instants(struct t0_slo_burn *b, const struct t0_report *rep)
{
    t0_ms final = rep->as_of < rep->review_end ? rep->as_of : rep->review_end;
    for (size_t j = 0; j < rep->n_days; j++) {
        const struct t0_day *d = &rep->days[j];
        if (d->year == rep->review.year && d->month == rep->review.month &&
            d->start <= rep->as_of)
            b->rolling[b->n_rolling++].at = d->start;
    }
    if (b->n_rolling == 0 || b->rolling[b->n_rolling - 1].at != final)
        b->rolling[b->n_rolling++].at = final;
}

static enum t0_status rolling_slo(struct t0_slo_burn *b, const struct t0_report *rep,
                                  size_t s, struct t0_error *err)
{
    const struct t0_slo_result *res = &rep->slos[s];
    b->rolling_days = res->slo->rolling_days > 0 ? res->slo->rolling_days : 28;
    b->rolling = calloc(rep->n_days + 2, sizeof *b->rolling);
    if (!b->rolling)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    t0_ms span = (t0_ms)b->rolling_days * T0_MS_PER_DAY;
    rolling_instants(b, rep);
    if (counts_events(rep, s)) {
        /* One sliding pass over the samples, not a 28-day sum per point. */
        t0_ms *at = malloc(b->n_rolling * sizeof *at);
        struct t0_value *v = malloc(2 * b->n_rolling * sizeof *v);
        if (!at || !v) {
            free(at);
            free(v);
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
        }
        for (size_t k = 0; k < b->n_rolling; k++)
            at[k] = b->rolling[k].at;
        t0_events_rolling(res->slo, res->curve, at, b->n_rolling, span, rep->as_of, v,
                          v + b->n_rolling);
        for (size_t k = 0; k < b->n_rolling; k++) {
            b->rolling[k].attainment_pct = v[k];
            b->rolling[k].budget_consumed_pct = v[b->n_rolling + k];
        }
        free(at);
        free(v);
        return T0_OK;
    }
    for (size_t k = 0; k < b->n_rolling; k++) {
        struct t0_rolling_point *p = &b->rolling[k];
        struct t0_slo_window w;
        memset(&w, 0, sizeof w);
        t0_sli_ops_of(res->slo)->window(res->slo, res->curve, p->at - span, p->at,
                                        rep->as_of, rep->config->at_risk_micro, &w);
        p->attainment_pct = w.attainment_pct;
        p->budget_consumed_pct = w.budget_consumed_pct;
    }
    return T0_OK;
}

/* ---- the report ---- */

void t0_slo_burn_free(struct t0_slo_burn *burn)
{
    if (!burn)
        return;
    free(burn->episodes);
    free(burn->incidents);
    free(burn->rolling);
    free(burn);
}

struct by_start {
    t0_ms start;
    uint32_t index;
};

static int by_start_cmp(const void *pa, const void *pb)
{
    const struct by_start *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Every incident started before as_of, by start then input order. */
static uint32_t *counted_by_start(const struct t0_report *rep, size_t *n)
{
    const struct t0_dataset *ds = rep->data;
    size_t cap = ds->n_incidents ? ds->n_incidents : 1;
    struct by_start *keys = malloc(cap * sizeof *keys);
    uint32_t *order = malloc(cap * sizeof *order);
    *n = 0;
    if (!keys || !order) {
        free(keys);
        free(order);
        return NULL;
    }
    for (size_t i = 0; i < ds->n_incidents; i++)
        if (ds->incidents[i].started_at < rep->as_of)
            keys[(*n)++] = (struct by_start){ds->incidents[i].started_at, (uint32_t)i};
    qsort(keys, *n, sizeof *keys, by_start_cmp);
    for (size_t k = 0; k < *n; k++)
        order[k] = keys[k].index;
    free(keys);
    return order;
}

enum t0_status t0_report_burn(struct t0_report *rep, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    struct matching m;
    memset(&m, 0, sizeof m);
    uint32_t *order = counted_by_start(rep, &m.n_order);
    m.order = order;
    if (!order)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    for (size_t s = 0; s < rep->n_slos && st == T0_OK; s++) {
        struct t0_slo_burn *b = calloc(1, sizeof *b);
        if (!b) {
            st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
            break;
        }
        rep->slos[s].burn = b;
        st = replay_slo(b, rep, s, &m, err);
        if (st == T0_OK)
            st = rolling_slo(b, rep, s, err);
    }
    matching_release(&m);
    free(order);
    return st;
}

const struct t0_alert_episode *t0_burn_firing_page(const struct t0_slo_burn *burn)
{
    if (!burn)
        return NULL;
    for (size_t e = 0; e < burn->n_episodes; e++)
        if (burn->episodes[e].severity == T0_ALERT_PAGE &&
            burn->episodes[e].to == T0_NO_TIME)
            return &burn->episodes[e];
    return NULL;
}

/* Does rule fire at minute t for SLO s (any instant)? */
static bool fires_at(const struct t0_report *rep, size_t s,
                     const struct t0_alert_rule *rule, t0_ms t)
{
    int64_t windows[2] = {rule->long_minutes, rule->short_minutes};
    for (int i = 0; i < 2; i++)
        if (!t0_burn_exceeds(amount_at(rep, s, t, windows[i]),
                             rep->slos[s].slo->objective_micro, rule->burn_micro))
            return false;
    return true;
}

t0_ms t0_burn_episode_start(const struct t0_report *rep, size_t s,
                            const struct t0_alert_episode *ep)
{
    const struct t0_slo_burn *b = rep->slos[s].burn;
    const struct t0_alert_rule *rule = &b->rules[ep->rule];
    t0_ms from = ep->from;
    if (from != b->eval_first)
        return from;
    for (int64_t i = 0;
         i < EPISODE_LOOKBACK_MINUTES && fires_at(rep, s, rule, from - MINUTE); i++)
        from -= MINUTE;
    return from;
}

const char *t0_burn_finding(const struct t0_slo_burn *b, char *buf, size_t size)
{
    char first[96], noise[96];
    size_t n = b->n_incidents;
    if (n == 0)
        snprintf(first, sizeof first, "no incident this month");
    else if (n == 1)
        snprintf(first, sizeof first, "the one incident was %s before it was declared",
                 b->paged_first ? "paged" : "not paged");
    else
        snprintf(first, sizeof first,
                 "%zu of %zu incidents paged before they were declared", b->paged_first,
                 n);
    if (b->unmatched_pages == 0)
        snprintf(noise, sizeof noise, "%s",
                 b->pages ? "every page matched an incident" : "no page sent");
    else
        snprintf(noise, sizeof noise, "%zu page%s matched no incident",
                 b->unmatched_pages, b->unmatched_pages == 1 ? "" : "s");
    snprintf(buf, size, "%s; %s", first, noise);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

bool t0_rolling_missed(const struct t0_rolling_point *p, double objective_pct)
{
    if (t0_value_defined(p->budget_consumed_pct))
        return p->budget_consumed_pct.value >= 100.0 * (1.0 - 1e-9);
    return t0_value_defined(p->attainment_pct) && p->attainment_pct.value < objective_pct;
}

const char *t0_rolling_finding(const struct t0_report *rep, size_t s, char *buf,
                               size_t size)
{
    const struct t0_slo_burn *b = rep->slos[s].burn;
    double objective = rep->slos[s].slo->objective_pct;
    int days = b && b->rolling_days > 0 ? b->rolling_days : 28;
    size_t last = SIZE_MAX, n_missed = 0, n_defined = 0;
    for (size_t k = 0; b && k < b->n_rolling; k++) {
        if (!t0_value_defined(b->rolling[k].attainment_pct))
            continue;
        n_defined++;
        n_missed += t0_rolling_missed(&b->rolling[k], objective);
        last = k;
    }
    if (n_defined == 0) {
        const char *why = b && b->n_rolling > 0
                              ? b->rolling[b->n_rolling - 1].attainment_pct.reason
                              : NULL;
        snprintf(buf, size, "Rolling %d days: no figure this month (%s)", days,
                 why ? why : "no point evaluated");
        return buf;
    }
    const struct t0_rolling_point *end = &b->rolling[last];
    bool missed = t0_rolling_missed(end, objective);
    /* Where the final run of points on the end's side began. */
    size_t since = last;
    for (size_t k = last; k-- > 0;) {
        if (!t0_value_defined(b->rolling[k].attainment_pct))
            continue;
        if (t0_rolling_missed(&b->rolling[k], objective) != missed)
            break;
        since = k;
    }
    bool changed = missed ? n_missed < n_defined : n_missed > 0;
    bool month_over = b->rolling[b->n_rolling - 1].at == rep->review_end;
    char obj[32], when[64], verdict[160];
    t0_format_objective(objective, obj, sizeof obj);
    if (!changed)
        snprintf(verdict, sizeof verdict, "%s the %s objective %s",
                 missed ? "missed" : "met", obj,
                 month_over ? "all month" : "so far this month");
    else if (b->rolling[since].at == rep->review_end)
        snprintf(verdict, sizeof verdict, "%s the %s objective %sat the month's end",
                 missed ? "missed" : "met", obj, missed ? "" : "again ");
    else
        snprintf(verdict, sizeof verdict, "%s the %s objective %sfrom %s",
                 missed ? "missed" : "met", obj, missed ? "" : "again ",
                 t0_format_day_time(rep, b->rolling[since].at, when, sizeof when));
    snprintf(buf, size, "Rolling %d days %s", days, verdict);
    return buf;
}
