/* windows.c: the windows a report measures (months, quarters, the period) and
 * every SLO's figures over each (definitions.md §3, §10). */
#include "tierzero/windows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/format.h"
#include "tierzero/sli.h"
#include "tierzero/slo.h"
#include "tierzero/quarters.h"
#include "tierzero/report.h"

const char *t0_window_kind_name(enum t0_window_kind kind)
{
    switch (kind) {
    case T0_WINDOW_MONTH:
        return "month";
    case T0_WINDOW_QUARTER:
        return "quarter";
    case T0_WINDOW_PERIOD:
        return "period";
    case T0_WINDOW_ROLLING:
        return "rolling";
    }
    return "month";
}

/* The months of the period and the period itself. */
static enum t0_status lay_out_months(struct t0_report *rep)
{
    size_t n = (size_t)t0_month_diff(rep->from, rep->to) + 1;
    struct t0_window *months = calloc(n, sizeof *months);
    struct t0_window *period = calloc(1, sizeof *period);
    if (!months || !period) {
        free(months);
        free(period);
        return T0_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        struct t0_window *w = &months[i];
        struct t0_month m = t0_month_add(rep->from, (int)i);
        w->kind = T0_WINDOW_MONTH;
        w->start = t0_zone_month_start(rep->zone, m);
        w->end = t0_zone_month_start(rep->zone, t0_month_add(m, 1));
        w->month = w->first = m;
        t0_format_month(m, w->label);
    }
    char a[16], b[16];
    period->kind = T0_WINDOW_PERIOD;
    period->start = rep->period_start;
    period->end = rep->period_end;
    period->month = rep->review;
    period->first = rep->from;
    snprintf(period->label, sizeof period->label, "%s to %s",
             t0_format_month(rep->from, a), t0_format_month(rep->to, b));
    rep->windows[T0_WINDOW_MONTH] = (struct t0_window_list){months, n};
    rep->windows[T0_WINDOW_PERIOD] = (struct t0_window_list){period, 1};
    return T0_OK;
}

enum t0_status t0_report_lay_out_windows(struct t0_report *rep, struct t0_error *err)
{
    if (lay_out_months(rep) != T0_OK || t0_report_lay_out_quarters(rep) != T0_OK)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    return T0_OK;
}

void t0_report_free_windows(struct t0_report *rep)
{
    for (int k = 0; k < T0_WINDOW_LISTED; k++) {
        free(rep->windows[k].at);
        rep->windows[k] = (struct t0_window_list){NULL, 0};
    }
}

ptrdiff_t t0_window_list_find(const struct t0_window_list *list, t0_ms t)
{
    size_t lo = 0, hi = list->n;
    if (hi == 0 || t < list->at[0].start || t >= list->at[hi - 1].end)
        return -1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (list->at[mid].start <= t)
            lo = mid;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo;
}

enum t0_status t0_report_measure_windows(struct t0_report *rep, size_t s,
                                         struct t0_error *err)
{
    struct t0_slo_result *res = &rep->slos[s];
    const struct t0_sli_ops *sli = t0_sli_ops_of(res->slo);
    for (int k = 0; k < T0_WINDOW_LISTED; k++) {
        const struct t0_window_list *list = &rep->windows[k];
        res->figures[k] = calloc(list->n ? list->n : 1, sizeof *res->figures[k]);
        if (!res->figures[k])
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
        for (size_t i = 0; i < list->n; i++) {
            const struct t0_window *span = &list->at[i];
            struct t0_slo_window *w = &res->figures[k][i];
            sli->window(res->slo, res->curve, span->start, span->end, rep->as_of,
                        rep->config->at_risk_micro, w);
            w->kind = span->kind;
            w->month = span->month;
            memcpy(w->label, span->label, sizeof w->label);
        }
    }
    struct t0_slo_window *period = &res->figures[T0_WINDOW_PERIOD][0];
    if (period->elapsed_ms == 0 && period->unit == T0_UNIT_MINUTES &&
        rep->as_of <= rep->period_start)
        period->attainment_pct = t0_value_null(T0_REASON_PERIOD_NOT_BEGUN);
    return T0_OK;
}

void t0_report_count_window_incidents(struct t0_report *rep)
{
    const struct t0_dataset *ds = rep->data;
    for (size_t i = 0; i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (inc->started_at >= rep->as_of)
            continue;
        ptrdiff_t at[T0_WINDOW_LISTED];
        bool any = false;
        for (int k = 0; k < T0_WINDOW_LISTED; k++) {
            at[k] = t0_window_list_find(&rep->windows[k], inc->started_at);
            any |= at[k] >= 0;
        }
        if (!any)
            continue;
        for (size_t s = 0; s < rep->n_slos; s++) {
            if (!t0_slo_matches(rep->slos[s].slo, inc->services))
                continue;
            for (int k = 0; k < T0_WINDOW_LISTED; k++)
                if (at[k] >= 0)
                    rep->slos[s].figures[k][at[k]].incidents++;
        }
    }
}
