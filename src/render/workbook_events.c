/* workbook_events.c: the workbook's Events and Events daily sheets for events SLOs
 * (definitions.md §8), with live budget formulas. */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "tierzero/format.h"
#include "tierzero/report.h"
#include "tierzero/sli.h"
#include "workbook_private.h"

#define SHEET_EVENTS "Events"
#define SHEET_EVENTS_DAILY "Events daily"
/* Days from Excel's 1899-12-30 epoch to 1970-01-01. */
#define EPOCH_DAYS 25569.0

/* Columns of the Events sheet. */
enum {
    EC_SLO,
    EC_WINDOW,
    EC_OBJECTIVE,
    EC_TOTAL,
    EC_BAD,
    EC_GOOD,
    EC_BUDGET,
    EC_CONSUMED,
    EC_REMAINING,
    EC_ATTAINMENT,
    EC_STATUS,
    EC_EXHAUSTED,
    EC_COVERAGE,
    EC_INVALID,
    EC_UNPAIRED,
    EC_COUNT
};

struct ev {
    lxw_workbook *book;
    const struct t0_report *rep;
    lxw_format *header, *note, *number, *pct, *datetime, *date;
    lxw_error err; /* the first error */
};

static void keep(struct ev *e, lxw_error err)
{
    if (e->err == LXW_NO_ERROR && err != LXW_NO_ERROR)
        e->err = err;
}

static double serial(const struct ev *e, t0_ms t)
{
    int offset = t0_zone_offset(e->rep->zone, t);
    return ((double)t + offset * 1000.0) / 86400000.0 + EPOCH_DAYS;
}

static bool any_events(const struct t0_report *rep)
{
    for (size_t s = 0; s < rep->n_slos; s++)
        if (t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS)
            return true;
    return false;
}

/* Excel's A1 name of a cell (row and column 0-based). */
static void a1(char *buf, size_t size, size_t row, size_t col)
{
    char letters[4];
    size_t n = 0;
    col++;
    while (col > 0 && n < 3) {
        letters[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    char *p = buf;
    while (n > 0 && (size_t)(p - buf) + 1 < size)
        *p++ = letters[--n];
    snprintf(p, size - (size_t)(p - buf), "%zu", row + 1);
}

size_t t0_workbook_events_row(const struct t0_report *rep, size_t s, size_t i)
{
    size_t before = 0;
    for (size_t k = 0; k < s; k++)
        before += t0_report_period_window(rep, k)->unit == T0_UNIT_EVENTS;
    return 3 + before * (t0_report_months(rep) + 1) + i;
}

/* One window's row: the counts as values, the objective as an input, the
 * budget, consumption, remaining, attainment and status as formulas over
 * them (cached results the program computed). */
static void window_row(struct ev *e, lxw_worksheet *ws, size_t row,
                       const struct t0_slo_result *r, const struct t0_slo_window *w,
                       const char *label)
{
    char obj[16], tot[16], bad[16], bud[16], f[512];
    lxw_row_t rw = (lxw_row_t)row;
    a1(obj, sizeof obj, row, EC_OBJECTIVE);
    a1(tot, sizeof tot, row, EC_TOTAL);
    a1(bad, sizeof bad, row, EC_BAD);
    a1(bud, sizeof bud, row, EC_BUDGET);
    keep(e, worksheet_write_string(ws, rw, EC_SLO, r->slo->name, NULL));
    keep(e, worksheet_write_string(ws, rw, EC_WINDOW, label, NULL));
    snprintf(f, sizeof f, "=Objective_%zu", (size_t)(r - e->rep->slos) + 1);
    keep(e, worksheet_write_formula_num(ws, rw, EC_OBJECTIVE, f, NULL,
                                        r->slo->objective_pct));
    keep(e, worksheet_write_number(ws, rw, EC_TOTAL, w->events_total, e->number));
    keep(e, worksheet_write_number(ws, rw, EC_BAD, w->events_bad, e->number));
    snprintf(f, sizeof f, "=%s-%s", tot, bad);
    keep(e, worksheet_write_formula_num(ws, rw, EC_GOOD, f, e->number, w->events_good));
    snprintf(f, sizeof f, "=(1-%s/100)*%s", obj, tot);
    keep(e,
         worksheet_write_formula_num(ws, rw, EC_BUDGET, f, e->number, w->budget_events));
    snprintf(f, sizeof f, "=IF(%s=0,\"n/a\",IF(%s=0,IF(%s=0,0,\"n/a\"),100*%s/%s))", tot,
             bud, bad, bad, bud);
    if (t0_value_defined(w->budget_consumed_pct))
        keep(e, worksheet_write_formula_num(ws, rw, EC_CONSUMED, f, e->pct,
                                            w->budget_consumed_pct.value));
    else
        keep(e, worksheet_write_formula_str(ws, rw, EC_CONSUMED, f, e->pct, "n/a"));
    snprintf(f, sizeof f, "=%s-%s", bud, bad);
    keep(e, worksheet_write_formula_num(ws, rw, EC_REMAINING, f, e->number,
                                        w->budget_remaining_events));
    snprintf(f, sizeof f, "=IF(%s=0,\"n/a\",100*(1-%s/%s))", tot, bad, tot);
    if (t0_value_defined(w->attainment_pct))
        keep(e, worksheet_write_formula_num(ws, rw, EC_ATTAINMENT, f, e->pct,
                                            w->attainment_pct.value));
    else
        keep(e, worksheet_write_formula_str(ws, rw, EC_ATTAINMENT, f, e->pct, "n/a"));
    /* definitions.md §8: a threshold within 1e-9 relative counts as reached. */
    snprintf(
        f, sizeof f,
        "=IF(%s=0,\"no_data\",IF(%s=0,IF(%s>0,\"exhausted\",\"met\"),"
        "IF(%s>=%s*(1-1E-9),\"exhausted\",IF(100*%s>=AtRiskPct*%s*(1-1E-9),\"at_risk\","
        "\"met\"))))",
        tot, bud, bad, bad, bud, bad, bud);
    keep(e, worksheet_write_formula_str(ws, rw, EC_STATUS, f, NULL,
                                        t0_slo_status_name(w->status)));
    if (w->exhausted_at != T0_NO_TIME)
        keep(e, worksheet_write_number(ws, rw, EC_EXHAUSTED, serial(e, w->exhausted_at),
                                       e->datetime));
    if (t0_value_defined(w->data_coverage))
        keep(e, worksheet_write_number(ws, rw, EC_COVERAGE, w->data_coverage.value * 100,
                                       e->pct));
    keep(e, worksheet_write_number(ws, rw, EC_INVALID, (double)w->samples_invalid, NULL));
    keep(e,
         worksheet_write_number(ws, rw, EC_UNPAIRED, (double)w->samples_unpaired, NULL));
}

static void write_events(struct ev *e)
{
    const struct t0_report *rep = e->rep;
    lxw_worksheet *ws = workbook_add_worksheet(e->book, SHEET_EVENTS);
    static const char *const heads[EC_COUNT] = {"SLO",
                                                "Month",
                                                "Objective %",
                                                "Events total",
                                                "Bad events",
                                                "Good events",
                                                "Budget events",
                                                "Budget consumed %",
                                                "Budget remaining events",
                                                "Attainment %",
                                                "Status",
                                                "Exhausted at (sample)",
                                                "Data coverage %",
                                                "Samples invalid",
                                                "Samples unpaired"};
    if (!ws) {
        keep(e, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    keep(e, worksheet_write_string(
                ws, 0, 0,
                "Events SLOs: requests counted per month. The objective comes "
                "from the Summary sheet's input: budget, consumption, "
                "remaining, attainment and status recompute from it.",
                e->note));
    for (size_t c = 0; c < EC_COUNT; c++)
        keep(e, worksheet_write_string(ws, 2, (lxw_col_t)c, heads[c], e->header));
    size_t row = 3;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_result *r = &rep->slos[s];
        if (t0_report_period_window(rep, s)->unit != T0_UNIT_EVENTS)
            continue;
        for (size_t m = 0; m < t0_report_months(rep); m++) {
            const struct t0_slo_window *w = t0_report_month(rep, s, m);
            window_row(e, ws, row++, r, w, w->label);
        }
        window_row(e, ws, row++, r, t0_report_period_window(rep, s), "period");
    }
    keep(e, worksheet_set_column(ws, 0, 0, 28, NULL));
    keep(e, worksheet_set_column(ws, 1, EC_COUNT - 1, 14, NULL));
    keep(e, worksheet_set_column(ws, EC_EXHAUSTED, EC_EXHAUSTED, 19, NULL));
    worksheet_freeze_panes(ws, 3, 2);
}

/* One row a day: each events SLO's total and bad events (samples with
 * day start < t <= day end, before as_of). */
static void write_daily(struct ev *e)
{
    const struct t0_report *rep = e->rep;
    lxw_worksheet *ws = workbook_add_worksheet(e->book, SHEET_EVENTS_DAILY);
    if (!ws) {
        keep(e, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    keep(e, worksheet_write_string(ws, 0, 0, "Day", e->header));
    lxw_col_t col = 1;
    for (size_t s = 0; s < rep->n_slos; s++) {
        if (t0_report_period_window(rep, s)->unit != T0_UNIT_EVENTS)
            continue;
        char head[300];
        snprintf(head, sizeof head, "%s: total", rep->slos[s].slo->name);
        keep(e, worksheet_write_string(ws, 0, col++, head, e->header));
        snprintf(head, sizeof head, "%s: bad", rep->slos[s].slo->name);
        keep(e, worksheet_write_string(ws, 0, col++, head, e->header));
    }
    for (size_t d = 0; d < rep->n_days; d++) {
        const struct t0_day *day = &rep->days[d];
        lxw_row_t rw = (lxw_row_t)(d + 1);
        keep(e, worksheet_write_number(ws, rw, 0, serial(e, day->start), e->date));
        col = 1;
        for (size_t s = 0; s < rep->n_slos; s++) {
            if (t0_report_period_window(rep, s)->unit != T0_UNIT_EVENTS)
                continue;
            keep(e, worksheet_write_number(ws, rw, col++,
                                           day->total_events ? day->total_events[s] : 0,
                                           e->number));
            keep(e, worksheet_write_number(ws, rw, col++,
                                           day->bad_events ? day->bad_events[s] : 0,
                                           e->number));
        }
    }
    keep(e, worksheet_set_column(ws, 0, 0, 12, NULL));
    keep(e, worksheet_set_column(ws, 1, col, 18, NULL));
    worksheet_freeze_panes(ws, 1, 1);
}

int t0_workbook_events(struct lxw_workbook *book, const struct t0_report *rep)
{
    struct ev e = {book, rep, NULL, NULL, NULL, NULL, NULL, NULL, LXW_NO_ERROR};
    if (!any_events(rep))
        return LXW_NO_ERROR;
    e.header = workbook_add_format(book);
    e.note = workbook_add_format(book);
    e.number = workbook_add_format(book);
    e.pct = workbook_add_format(book);
    e.datetime = workbook_add_format(book);
    e.date = workbook_add_format(book);
    if (!e.header || !e.note || !e.number || !e.pct || !e.datetime || !e.date)
        return (int)LXW_ERROR_MEMORY_MALLOC_FAILED;
    format_set_bold(e.header);
    format_set_bottom(e.header, LXW_BORDER_THIN);
    format_set_italic(e.note);
    format_set_num_format(e.number, "#,##0.###");
    format_set_num_format(e.pct, "0.000");
    format_set_num_format(e.datetime, "yyyy-mm-dd hh:mm:ss");
    format_set_num_format(e.date, "yyyy-mm-dd");
    write_events(&e);
    write_daily(&e);
    return (int)e.err;
}
