/* windows.h: the windows a report measures and every SLO's figures over them
 * (windows.c; definitions.md §3, §10). */
#ifndef TIERZERO_WINDOWS_H
#define TIERZERO_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/time.h"

struct t0_report;

/*
 * The windows a report measures (definitions.md §3, §9, §10). A window is an
 * interval [start, end) of time with a kind and a label; the report holds one
 * list of them per kind (struct t0_report.windows), and every SLO its figures
 * over each (struct t0_slo_result.figures). Documents print a window's label
 * and never work out a month's name from an index.
 */
enum t0_window_kind {
    T0_WINDOW_MONTH = 0,   /* a calendar month of the report's zone */
    T0_WINDOW_QUARTER = 1, /* a fiscal quarter, clipped to the period */
    T0_WINDOW_PERIOD = 2,  /* the whole period: one window */
    T0_WINDOW_ROLLING = 3, /* the rolling_days before an instant (burn.h, per SLO) */
};
#define T0_WINDOW_KINDS 4
/* The kinds the report lists (rolling windows belong to each SLO's burn). */
#define T0_WINDOW_LISTED 3

/* "month", "quarter", "period", "rolling". Borrowed, static. */
const char *t0_window_kind_name(enum t0_window_kind kind);

struct t0_window {
    enum t0_window_kind kind;
    t0_ms start, end;
    /* The month it is shown under: the month itself; a quarter's last month
     * in the period; the period's review month; a rolling window's month of
     * end - 1. first: its first month (a quarter's, even when clipped). */
    struct t0_month month, first;
    int year, q;  /* a quarter: its fiscal year and number (1..4); else 0 */
    bool clipped; /* part of the window lies outside the period */
    /* Short, stable, for machines and tables: "2026-10", "2025-Q4",
     * "2026-01 to 2026-10", "28 days to 2026-10-03T00:00Z". */
    char label[40];
};

/* One kind's windows, oldest first, contiguous and not overlapping. */
struct t0_window_list {
    struct t0_window *at; /* owned by the report */
    size_t n;
};

/* Fills rep->windows from the resolved period (from, to, review, zone,
 * period_start, period_end; config for the fiscal year): what
 * t0_report_compute does first, for a report built by hand (the tests').
 * Freed by t0_report_release. Errors T0_ENOMEM. */
enum t0_status t0_report_lay_out_windows(struct t0_report *rep, struct t0_error *err);

/* The index of the window of list holding t, or -1 (the windows of a list are
 * contiguous and increasing). */
ptrdiff_t t0_window_list_find(const struct t0_window_list *list, t0_ms t);

/* The figures of SLO s over every window of the report, through its SLI
 * (its curve and maintenance made). Errors T0_ENOMEM. */
enum t0_status t0_report_measure_windows(struct t0_report *rep, size_t s,
                                         struct t0_error *err);
/* Counts each window's matching incidents started before as_of
 * (definitions.md rule 3.1.10: the incident's own services). */
void t0_report_count_window_incidents(struct t0_report *rep);
void t0_report_free_windows(struct t0_report *rep);

#endif
