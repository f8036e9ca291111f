/* report_maintenance.c: maintenance in a report: M per SLO, and the days and incidents it
 * meets (definitions.md §10). */
#include "tierzero/report_maintenance.h"

#include <stdlib.h>

#include "tierzero/maintenance.h"
#include "tierzero/slo.h"
#include "tierzero/report.h"

/* Weekly rules are laid out from a year before the period (rolling windows
 * and burn rates look back) to a day after its end or as_of. */
#define LOOK_BACK (366 * T0_MS_PER_DAY)

static struct t0_maint_sources sources_of(const struct t0_report *rep)
{
    t0_ms hi = rep->period_end > rep->as_of ? rep->period_end : rep->as_of;
    struct t0_maint_sources src = {
        .lists = {&rep->config->maintenance, rep->data->maintenance},
        .data = rep->data,
        .zone = rep->zone,
        .as_of = rep->as_of,
        .lo = rep->period_start - LOOK_BACK,
        .hi = hi + T0_MS_PER_DAY,
    };
    return src;
}

enum t0_status t0_report_maintenance(struct t0_report *rep, size_t s,
                                     struct t0_error *err)
{
    struct t0_slo_result *res = &rep->slos[s];
    struct t0_maint_sources src = sources_of(rep);
    enum t0_status st = t0_maint_set_new(&src, res->slo, &res->maintenance, err);
    if (st == T0_OK)
        st = t0_curve_exclude(res->curve, res->maintenance, err);
    return st;
}

static int64_t overlap_ms(t0_ms a, t0_ms b, t0_ms lo, t0_ms hi)
{
    t0_ms x = a > lo ? a : lo, y = b < hi ? b : hi;
    return y > x ? y - x : 0;
}

int64_t t0_report_maint_window_ms(const struct t0_report *rep,
                                  const struct t0_maint_window *w, size_t s)
{
    struct t0_maint_sources src = sources_of(rep);
    t0_ms from, to;
    if (s >= rep->n_slos ||
        !t0_maint_matches(w->services, w->n_services, rep->slos[s].slo,
                          rep->data->symbols) ||
        !t0_maint_window_interval(&src, w, &from, &to))
        return 0;
    return overlap_ms(from, to, rep->period_start, rep->period_end);
}

struct weekly_sum {
    t0_ms lo, hi;
    int64_t ms;
};

static bool add_weekly(void *ctx, t0_ms from, t0_ms to)
{
    struct weekly_sum *sum = ctx;
    sum->ms += overlap_ms(from, to, sum->lo, sum->hi);
    return true;
}

int64_t t0_report_maint_weekly_ms(const struct t0_report *rep,
                                  const struct t0_maint_weekly *rule, size_t s)
{
    struct weekly_sum sum = {rep->period_start, rep->period_end, 0};
    if (s >= rep->n_slos || !t0_maint_matches(rule->services, rule->n_services,
                                              rep->slos[s].slo, rep->data->symbols))
        return 0;
    /* Occurrences starting up to two days before the period may reach into it. */
    t0_maint_weekly_each(rule, rep->zone, rep->period_start - 2 * T0_MS_PER_DAY,
                         rep->period_end, add_weekly, &sum);
    return sum.ms;
}

static void mark_days(struct t0_report *rep)
{
    for (size_t j = 0; j < rep->n_days; j++) {
        struct t0_day *day = &rep->days[j];
        for (size_t s = 0; s < rep->n_slos && !day->maintenance; s++)
            day->maintenance =
                t0_maint_set_measure(rep->slos[s].maintenance, day->start, day->end) > 0;
    }
}

/* The incident's own bad minutes for SLO s, less those inside M (the
 * figures' bad time is outside M; definitions.md §10). */
static enum t0_status own_minutes_outside(struct t0_report *rep, size_t i, size_t s,
                                          t0_ms lo, t0_ms hi, struct t0_error *err)
{
    const struct t0_incident *inc = &rep->data->incidents[i];
    const struct t0_maint_set *m = rep->slos[s].maintenance;
    struct t0_incident_figures *f = &rep->incidents[i];
    t0_ms a = inc->started_at > lo ? inc->started_at : lo;
    t0_ms b = f->end < hi ? f->end : hi;
    if (!m || m->n == 0 || b <= a || t0_maint_set_measure(m, a, b) == 0)
        return T0_OK;
    int64_t total = 0;
    enum t0_status st =
        t0_slo_incident_wms(rep->slos[s].slo, inc, rep->as_of, lo, hi, &total, err);
    for (size_t k = t0_maint_set_find(m, a);
         st == T0_OK && k < m->n && m->items[k].from < b; k++) {
        int64_t inside = 0;
        t0_ms x = m->items[k].from > a ? m->items[k].from : a;
        t0_ms y = m->items[k].to < b ? m->items[k].to : b;
        st = t0_slo_incident_wms(rep->slos[s].slo, inc, rep->as_of, x, y, &inside, err);
        total -= inside;
    }
    if (st == T0_OK)
        f->bad_minutes[s] = (double)((long double)total / 60000000000.0L);
    return st;
}

/* How much of the incident's [start, end) lies in m; the most of any SLO. */
static void mark_incident(const struct t0_maint_set *m, const struct t0_incident *inc,
                          struct t0_incident_figures *f)
{
    t0_ms end = f->end > inc->started_at ? f->end : inc->started_at + 1;
    int64_t inside = t0_maint_set_measure(m, inc->started_at, end);
    unsigned char mark = inside == 0                       ? 0
                         : inside == end - inc->started_at ? T0_IN_MAINTENANCE_WHOLLY
                                                           : T0_IN_MAINTENANCE_PARTLY;
    if (mark > f->in_maintenance)
        f->in_maintenance = mark;
}

enum t0_status t0_report_mark_maintenance(struct t0_report *rep, struct t0_error *err)
{
    mark_days(rep);
    t0_ms lo = rep->period_start;
    t0_ms hi = rep->period_end < rep->as_of ? rep->period_end : rep->as_of;
    for (size_t i = 0; rep->incidents && i < rep->data->n_incidents; i++) {
        const struct t0_incident *inc = &rep->data->incidents[i];
        struct t0_incident_figures *f = &rep->incidents[i];
        if (!f->counted)
            continue;
        for (size_t s = 0; s < rep->n_slos; s++) {
            const struct t0_slo_result *res = &rep->slos[s];
            if (!res->maintenance || res->maintenance->n == 0)
                continue;
            if (t0_slo_matches(res->slo, inc->services))
                mark_incident(res->maintenance, inc, f);
            enum t0_status st = own_minutes_outside(rep, i, s, lo, hi, err);
            if (st != T0_OK)
                return st;
        }
    }
    return T0_OK;
}
