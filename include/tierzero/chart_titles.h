/* chart_titles.h: what each chart says, apart from the drawing: its title (the
 * finding, in one sentence) and its subtitle (what is plotted, and the unit). */
#ifndef TIERZERO_CHART_TITLES_H
#define TIERZERO_CHART_TITLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/burn.h"
#include "tierzero/report.h"

/*
 * Each function writes the title into title (tsize bytes) and the subtitle
 * into sub (ssize bytes), both always terminated and cut when too long. s is
 * an SLO of rep (s < rep->n_slos); the charts of the whole report take none.
 * The report is borrowed and only read.
 */

/* Monthly attainment bars (t0_chart_attainment): "API met its 99.9% objective
 * in every month", "API missed its 99.9% objective in 2 of 6 months", "API: no
 * month to measure yet". */
void t0_chart_title_attainment(const struct t0_report *rep, size_t s, char *title,
                               size_t tsize, char *sub, size_t ssize);

/* The rolling window over the review month (t0_chart_rolling): the title is
 * t0_rolling_finding. Needs rep->slos[s].burn and a month. */
void t0_chart_title_rolling(const struct t0_report *rep, size_t s, char *title,
                            size_t tsize, char *sub, size_t ssize);

/* The review month's burn-down (t0_chart_burndown): "API: budget exhausted on
 * 12 October", "API: 43% of the October budget used so far", "API: no error
 * budget to burn", "October 2026 has not begun". */
void t0_chart_title_burndown(const struct t0_report *rep, size_t s, char *title,
                             size_t tsize, char *sub, size_t ssize);

/* The daily heat map (t0_chart_calendar): "Worst day: 12 October 2026, 4 h
 * 12 min of bad time", "API: no bad minutes in the period". */
void t0_chart_title_calendar(const struct t0_report *rep, size_t s, char *title,
                             size_t tsize, char *sub, size_t ssize);

/* The weekday x hour grid (t0_chart_weekday_hour): "Incidents start most often
 * on Tuesdays, 14:00–15:00", "When incidents start". */
void t0_chart_title_weekday_hour(const struct t0_report *rep, char *title, size_t tsize,
                                 char *sub, size_t ssize);

/* Incidents per day with releases (t0_chart_release_timeline): "29% of
 * incidents began within 24 h of a release", "No incidents in the period",
 * "12 incidents in the period". */
void t0_chart_title_release_timeline(const struct t0_report *rep, char *title,
                                     size_t tsize, char *sub, size_t ssize);

/* Incidents around releases (t0_chart_event_study): "On release day incidents
 * run at 2.1× the daily baseline", "Incidents around releases" when there is
 * no study. */
void t0_chart_title_event_study(const struct t0_report *rep, char *title, size_t tsize,
                                char *sub, size_t ssize);

/* The alert replay (t0_chart_burn): "API: 2 of 3 incidents paged before they
 * were declared" (t0_burn_finding). Needs rep->slos[s].burn. */
void t0_chart_title_burn(const struct t0_report *rep, size_t s, char *title, size_t tsize,
                         char *sub, size_t ssize);

/* ---- what the titles and the drawing both read ---- */

/* SLO s's objective in percent (99.9 when the SLO is missing). */
double t0_chart_objective(const struct t0_report *rep, size_t s);
/* A window's budget in its unit: minutes, or events (definitions.md §8). */
double t0_chart_window_budget(const struct t0_slo_window *w);
/* Is the release a model launch (kind "model", any case)? The timeline names
 * these. */
bool t0_chart_model_release(const struct t0_release *r);
/* The releases of the period shipped before as_of, and how many of them are
 * model launches (t0_chart_model_release). */
void t0_chart_release_counts(const struct t0_report *rep, size_t *in_period,
                             size_t *models);

/* The day of rep->days with the most bad minutes (bad requests for an events
 * SLO) of SLO s, the earliest of equals; rep->n_days when no day has any. The
 * calendar's title names it and its drawing outlines it. */
size_t t0_chart_worst_day(const struct t0_report *rep, size_t s);

/* The long windows the alert replay draws as lines, in minutes: those of the
 * page rules, else of every rule; distinct, shortest first, at most
 * T0_CHART_BURN_LINES into out. Returns how many. */
#define T0_CHART_BURN_LINES 2
size_t t0_chart_burn_lines(const struct t0_slo_burn *b, int64_t *out);

#endif
