/* workbook_private.h: the workbook writer's size limits, lowered by the unit tests. */
#ifndef TIERZERO_WORKBOOK_PRIVATE_H
#define TIERZERO_WORKBOOK_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "tierzero/report.h"
#include "tierzero/workbook.h"

/* Data rows of one Incidents sheet: Excel's 1,048,576 rows less the header. */
#define T0_WORKBOOK_ROWS_PER_SHEET ((size_t)1048575)
/* Table rows in all above which the workbook is written in constant-memory
 * mode (no Excel tables: libxlsxwriter 1.1.4 refuses them in that mode). */
#define T0_WORKBOOK_CONSTANT_MEMORY_ROWS ((size_t)100000)

/* How the Incidents sheets' rows are written (t0_workbook_rows_options). */
enum t0_workbook_rows {
    T0_WORKBOOK_ROWS_DEFAULT = 0,
    /* every cell through libxlsxwriter (worksheet_write_*) */
    T0_WORKBOOK_ROWS_LIBXLSXWRITER,
    /* made as sheet XML on worker threads, deflated as they are made, and
     * spliced into libxlsxwriter's package (xlsx_private.h) */
    T0_WORKBOOK_ROWS_SPLICED,
};

struct t0_workbook_limits {
    size_t rows_per_sheet;       /* incidents per Incidents sheet */
    size_t constant_memory_rows; /* switch to constant-memory mode above this */
};

/* How the Incidents sheets' rows are written. */
struct t0_workbook_rows_options {
    enum t0_workbook_rows how; /* the default: spliced when there are any */
    size_t rows_per_chunk;     /* rows deflated together (0: 2,048) */
    unsigned threads;          /* as t0_workbook_write_threads */
    uint64_t part_limit;       /* tests: a sheet's rows over this need ZIP64 */
};

/* t0_workbook_write() with explicit limits, so that tests can exercise the
 * sheet split and the constant-memory layout on small reports. lim may be
 * NULL for the defaults above. */
enum t0_status t0_workbook_write_limited(const struct t0_report *rep, const char *path,
                                         const struct t0_workbook_limits *lim,
                                         struct t0_error *err);

/* The same with the rows written as ropt says (NULL: the defaults). */
enum t0_status t0_workbook_write_opt(const struct t0_report *rep, const char *path,
                                     const struct t0_workbook_limits *lim,
                                     const struct t0_workbook_rows_options *ropt,
                                     struct t0_error *err);

/* Number of Incidents sheets for n incidents at per_sheet rows each (at
 * least one sheet, which holds the header when there are none). */
size_t t0_workbook_incident_sheets(size_t n, size_t per_sheet);

/* Adds the Events and Events daily sheets when the report has events SLOs
 * (workbook_events.c): per month and for the period, the counts, the
 * objective as an input and the budget formulas over events; per day, each
 * events SLO's total and bad events. */
struct lxw_workbook;
int t0_workbook_events(struct lxw_workbook *book, const struct t0_report *rep);

/* The 0-based row of events SLO s's window i (n_months: the period) on the
 * Events sheet; its columns: C objective, D total, E bad, G budget,
 * H consumed %, I remaining, J attainment %, K status. */
size_t t0_workbook_events_row(const struct t0_report *rep, size_t s, size_t i);

#endif
