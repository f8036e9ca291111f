/* quarters.c: fiscal quarters and the figures of each quarter overlapping the period
 * (definitions.md §10). */
#include "tierzero/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/format.h"
#include "tierzero/slo.h"

void t0_quarter_of(struct t0_month m, int fy_start, int *year, int *q)
{
    int offset = ((m.month - fy_start) % 12 + 12) % 12;
    *q = offset / 3 + 1;
    *year = m.month >= fy_start ? m.year : m.year - 1;
}

struct t0_month t0_quarter_first_month(int year, int q, int fy_start)
{
    struct t0_month first = {year, fy_start};
    return t0_month_add(first, 3 * (q - 1));
}

char *t0_quarter_label_long(const struct t0_report *rep, char *buf, size_t size)
{
    char label[16], from[48], to[48];
    const struct t0_quarter *qt = &rep->quarter;
    snprintf(buf, size, "%s (%s to %s)", t0_format_quarter(qt->year, qt->q, label),
             t0_format_month_long(rep->from, from, sizeof from),
             t0_format_month_long(rep->to, to, sizeof to));
    return buf;
}

bool t0_parse_quarter(const char *text, int *year, int *q)
{
    if (!text || strlen(text) != 7 || text[4] != '-' ||
        (text[5] != 'Q' && text[5] != 'q') || text[6] < '1' || text[6] > '4')
        return false;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        y = y * 10 + (text[i] - '0');
    }
    if (y < 1)
        return false;
    *year = y;
    *q = text[6] - '0';
    return true;
}

/* The quarters overlapping [from, to] (months), clipped to the period. */
static enum t0_status lay_out_quarters(struct t0_report *rep)
{
    int fy = rep->config->fiscal_year_start >= 1 && rep->config->fiscal_year_start <= 12
                 ? rep->config->fiscal_year_start
                 : 1;
    size_t n = rep->n_months / 3 + 2;
    rep->quarters = calloc(n, sizeof *rep->quarters);
    if (!rep->quarters)
        return T0_ENOMEM;
    struct t0_month m = rep->from;
    while (t0_month_diff(m, rep->to) >= 0) {
        struct t0_quarter *qt = &rep->quarters[rep->n_quarters++];
        t0_quarter_of(m, fy, &qt->year, &qt->q);
        qt->first = t0_quarter_first_month(qt->year, qt->q, fy);
        struct t0_month next = t0_month_add(qt->first, 3);
        qt->start = t0_zone_month_start(rep->zone, qt->first);
        qt->end = t0_zone_month_start(rep->zone, next);
        qt->clipped = qt->start < rep->period_start || qt->end > rep->period_end;
        if (qt->start < rep->period_start)
            qt->start = rep->period_start;
        if (qt->end > rep->period_end)
            qt->end = rep->period_end;
        m = next;
    }
    return T0_OK;
}

/* The quarter index holding t, or -1 (the quarters are contiguous). */
static ptrdiff_t quarter_index(const struct t0_report *rep, t0_ms t)
{
    size_t lo = 0, hi = rep->n_quarters;
    if (hi == 0 || t < rep->quarters[0].start || t >= rep->quarters[hi - 1].end)
        return -1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (rep->quarters[mid].start <= t)
            lo = mid;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo;
}

enum t0_status t0_report_quarters(struct t0_report *rep, struct t0_error *err)
{
    if (lay_out_quarters(rep) != T0_OK)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    for (size_t s = 0; s < rep->n_slos; s++) {
        struct t0_slo_result *res = &rep->slos[s];
        res->quarters =
            calloc(rep->n_quarters ? rep->n_quarters : 1, sizeof *res->quarters);
        if (!res->quarters)
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
        for (size_t k = 0; k < rep->n_quarters; k++) {
            const struct t0_quarter *qt = &rep->quarters[k];
            struct t0_slo_window *w = &res->quarters[k];
            t0_slo_window_compute(res->slo, res->curve, qt->start, qt->end, rep->as_of,
                                  rep->config->at_risk_micro, w);
            w->month = t0_zone_month_of(rep->zone, qt->end - 1);
        }
    }
    /* Incidents as for months (definitions.md rule 3.1.10). */
    const struct t0_dataset *ds = rep->data;
    for (size_t i = 0; rep->n_quarters && i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (inc->started_at >= rep->as_of)
            continue;
        ptrdiff_t k = quarter_index(rep, inc->started_at);
        if (k < 0)
            continue;
        for (size_t s = 0; s < rep->n_slos; s++)
            if (t0_slo_matches(rep->slos[s].slo, inc->services))
                rep->slos[s].quarters[k].incidents++;
    }
    return T0_OK;
}
