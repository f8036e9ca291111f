/* charts_burn.h: the alert replay's chart (charts_burn.c; definitions.md §9). */
#ifndef TIERZERO_CHARTS_BURN_H
#define TIERZERO_CHARTS_BURN_H

#include "tierzero/charts.h"

/* The review month's alert replay for SLO s: burn rates of the page rules'
 * long windows on a log scale with their thresholds, page and ticket
 * episodes as bands, incidents marked with their page lead; the title states
 * the finding (t0_chart_title_burn). */
void t0_chart_burn(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                   const struct t0_report *rep, size_t s);

#endif
