/* quarters.c: fiscal quarters and the figures of each quarter overlapping the period
 * (definitions.md §10). */
#include "tierzero/quarters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/format.h"
#include "tierzero/report.h"

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
    const struct t0_window *qt = &rep->quarter;
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
enum t0_status t0_report_lay_out_quarters(struct t0_report *rep)
{
    int fy = rep->config && rep->config->fiscal_year_start >= 1 &&
                     rep->config->fiscal_year_start <= 12
                 ? rep->config->fiscal_year_start
                 : 1;
    size_t n = t0_report_months(rep) / 3 + 2, count = 0;
    struct t0_window *quarters = calloc(n, sizeof *quarters);
    if (!quarters)
        return T0_ENOMEM;
    struct t0_month m = rep->from;
    while (t0_month_diff(m, rep->to) >= 0) {
        struct t0_window *qt = &quarters[count++];
        qt->kind = T0_WINDOW_QUARTER;
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
        qt->month = t0_zone_month_of(rep->zone, qt->end - 1);
        t0_format_quarter(qt->year, qt->q, qt->label);
        m = next;
    }
    rep->windows[T0_WINDOW_QUARTER] = (struct t0_window_list){quarters, count};
    return T0_OK;
}
