/* figures.h: the catalogue of the figures an SLO has over a window: one
 * entry per figure with its id (the JSON summary's key), its label (the
 * workbook's column, the PDF's words), its unit, and when a window has it.
 * The JSON summary writes a window's figures in the catalogue's order; the
 * workbook's window sheets take their headers from it; the e-mail, the text
 * table and the PDF format a figure through t0_format_figure. */
#ifndef TIERZERO_FIGURES_H
#define TIERZERO_FIGURES_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/report.h"

enum t0_figure_id {
    T0_FIG_MINUTES_TOTAL,
    T0_FIG_MINUTES_ELAPSED,
    T0_FIG_MINUTES_EXCLUDED,
    T0_FIG_BAD_MINUTES,
    T0_FIG_ATTAINMENT,
    T0_FIG_BUDGET_MINUTES,
    T0_FIG_BUDGET_CONSUMED,
    T0_FIG_BUDGET_REMAINING_MINUTES,
    T0_FIG_EXHAUSTED_AT,
    T0_FIG_STATUS,
    T0_FIG_INCIDENTS,
    T0_FIG_PARTIAL,
    T0_FIG_EVENTS_TOTAL,
    T0_FIG_EVENTS_BAD,
    T0_FIG_EVENTS_GOOD,
    T0_FIG_BUDGET_EVENTS,
    T0_FIG_BUDGET_REMAINING_EVENTS,
    T0_FIG_DATA_COVERAGE,
    T0_FIG_NO_DATA_MINUTES,
    T0_FIG_SAMPLES_INVALID,
    T0_FIG_SAMPLES_UNPAIRED,
    T0_FIG_COUNT
};

/* What a figure's number is, for formatting and for the JSON writer. */
enum t0_figure_unit {
    T0_FU_MINUTES,    /* minutes of time: "3 h 12 min"; JSON a number */
    T0_FU_EVENTS,     /* requests: "1.2 k"; JSON a number */
    T0_FU_ATTAINMENT, /* percent near 100: "99.87%"; JSON a number or null + reason */
    T0_FU_PERCENT,    /* percent: "143%", "7.5%"; JSON a number or null + reason */
    T0_FU_SHARE,      /* a share 0..1 shown as percent; JSON a number or null + reason */
    T0_FU_COUNT,      /* a count of things: "3"; JSON an integer */
    T0_FU_TIME,       /* an instant: "14 October 06:25"; JSON RFC 3339 or null */
    T0_FU_STATUS,     /* met, at risk, exhausted, no data; JSON its name */
    T0_FU_FLAG,       /* yes / no; JSON a boolean */
};

/* Which windows have the figure. */
enum t0_figure_scope {
    T0_FS_ALL,     /* every window */
    T0_FS_MINUTES, /* every window; null ("an events SLO") for an events SLO's */
    T0_FS_EVENTS,  /* only an events SLO's (occurrences) */
    T0_FS_SAMPLED, /* only windows counted from samples (either budgeting) */
    T0_FS_SAMPLED_EVENTS /* sampled, occurrences */,
    T0_FS_SAMPLED_MINUTES /* sampled, timeslices */,
};

struct t0_figure_def {
    enum t0_figure_id id;
    const char *key;   /* the JSON summary's key: "attainment_pct" */
    const char *label; /* for people, the workbook's column: "Attainment %" */
    enum t0_figure_unit unit;
    enum t0_figure_scope scope;
};

/* One figure of one window: a number (value, null with a reason), a count,
 * an instant (T0_NO_TIME: none), a status or a flag, as def->unit says. */
struct t0_figure {
    const struct t0_figure_def *def;
    struct t0_value value;
    size_t count;
    t0_ms at;
    enum t0_slo_status status;
    bool flag;
};

/* The catalogue entry of id (borrowed, static). */
const struct t0_figure_def *t0_figure_def_of(enum t0_figure_id id);

/* Figure id of window w into out; false when w does not have it (an events
 * figure of a minutes SLO, a sample count of a window not counted from
 * samples). */
bool t0_window_figure(const struct t0_slo_window *w, enum t0_figure_id id,
                      struct t0_figure *out);

/* A figure for people, in its unit: "99.87%", "3 h 12 min", "1.2 k",
 * "14 October 06:25" (in rep's zone; "never" for no instant), "at risk",
 * "yes"; a null number as "n/a". Returns buf. */
char *t0_format_figure(const struct t0_report *rep, const struct t0_figure *f, char *buf,
                       size_t size);

/* Figure id of window w for people (t0_format_figure); "" when w does not
 * have it. Returns buf. */
char *t0_format_window_figure(const struct t0_report *rep, const struct t0_slo_window *w,
                              enum t0_figure_id id, char *buf, size_t size);

#endif
