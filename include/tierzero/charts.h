/* charts.h: the review's charts, drawn with cairo and pango onto any cairo_t. */
#ifndef TIERZERO_CHARTS_H
#define TIERZERO_CHARTS_H

#include <cairo.h>
#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/report.h"
#include "tierzero/theme.h"

/*
 * Every chart draws inside a box on a cairo_t it is handed (units: points,
 * 1/72 inch), so the same code draws into a PDF page or a PNG. A chart draws
 * its own title (which states the finding, e.g. "Budget exhausted on 12
 * October") and subtitle (what is plotted, and the unit) at the top of the
 * box, then the plot. The title and subtitle are computed apart from the
 * drawing, by the functions of chart_titles.h. Nothing is drawn outside the
 * box. The report is borrowed; charts compute no figure, they only read the
 * report.
 */

struct t0_box {
    double x, y, w, h;
};

/* Monthly attainment bars of SLO s over the history, with the objective line
 * labelled at its end; y axis zoomed to what matters. */
void t0_chart_attainment(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                         const struct t0_report *rep, size_t s);

/* The rolling window of SLO s over the review month (definitions.md §9): its
 * attainment at each point (rep->slos[s].burn->rolling) as a line with a dot
 * a point, beside the calendar month's attainment (a broad line in its bar's
 * colour) and the objective (dashed), each labelled at its end; the y axis
 * zoomed as the monthly bars'; the title states the finding
 * (t0_chart_title_rolling, from t0_rolling_finding). Draws nothing without
 * a burn or a month. */
void t0_chart_rolling(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                      const struct t0_report *rep, size_t s);

/* The review month's burn-down for SLO s: cumulative budget consumed by day,
 * the ideal even burn, the 100% line, incident and release markers, the
 * exhaustion point labelled, the freeze period shaded (hatched). */
void t0_chart_burndown(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                       const struct t0_report *rep, size_t s);

/* Daily heat map of SLO s's bad minutes across the history (weeks × weekdays
 * or months × days), with a legend of the scale. */
void t0_chart_calendar(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                       const struct t0_report *rep, size_t s);

/* Weekday × hour grid of incident starts in the report zone. */
void t0_chart_weekday_hour(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                           const struct t0_report *rep);

/* Daily incidents across the history with release markers (labels never
 * collide: the largest labelled, the rest marked) and freeze periods shaded. */
void t0_chart_release_timeline(cairo_t *cr, struct t0_box box,
                               const struct t0_theme *theme, const struct t0_report *rep);

/* Event study: mean incidents per day at each offset around releases, with
 * the baseline. */
void t0_chart_event_study(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                          const struct t0_report *rep);

/* A figure tile: big number, caption, up to two detail lines, and a sparkline
 * of the last months with the current month in the status colour. */
struct t0_tile {
    const char *value;         /* "99.71 %" */
    const char *caption;       /* "attainment" */
    const char *detail1;       /* "objective 99.90 %" (may be NULL) */
    const char *detail2;       /* may be NULL */
    const double *spark;       /* n values, oldest first (may be NULL) */
    const bool *spark_defined; /* n flags, NULL = all defined */
    size_t n_spark;
    struct t0_rgb status; /* colour of the current month's mark */
};
void t0_chart_tile(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                   const struct t0_tile *tile);

/* Writes every chart as a PNG (same drawing code) into dir as
 * BASE-attainment-<n>.png, BASE-rolling-<n>.png, BASE-burndown-<n>.png (per
 * SLO, in that order), BASE-calendar.png, BASE-hours.png, BASE-releases.png,
 * BASE-event-study.png, each atomically: 1600 x 900 pixels, the chart in a
 * 764 x 422 pt box at (18, 14) pt drawn at 2 pixels a point on white.
 * The rolling chart is skipped for an SLO without a burn (rep->slos[s].burn),
 * the charts needing releases without releases. */
enum t0_status t0_charts_write_pngs(const struct t0_report *rep,
                                    const struct t0_theme *theme, const char *dir,
                                    const char *base, struct t0_error *err);
/* The same with threads as --threads gives it: 1 draws, encodes and writes
 * every chart on the calling thread; otherwise (0: the default) each chart
 * is encoded and written on a thread of its own while the next is drawn,
 * when there is more than one processor. The same files either way. */
enum t0_status t0_charts_write_pngs_threads(const struct t0_report *rep,
                                            const struct t0_theme *theme, const char *dir,
                                            const char *base, unsigned threads,
                                            struct t0_error *err);

/*
 * Text is cut to what its box can show before it is laid out, so that a
 * pathological but legal text (a 10 MB title) costs no more than a full box:
 * at most max_lines lines of width points at size points (a line of width 0
 * is a page's width), counted generously (a glyph at least a fifth of the
 * size wide). Returns text itself when it fits, else a new copy cut at a
 * character boundary and ending in an ellipsis, stored in *cut (g_free);
 * *cut is NULL when nothing was cut.
 */
#define T0_TEXT_PAGE_WIDTH 842.0 /* pt: the longer side of A4 */
const char *t0_text_clip(const char *text, double width, double size, int max_lines,
                         char **cut);

#endif
