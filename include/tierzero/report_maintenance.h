/* report_maintenance.h: maintenance in a report's figures (report_maintenance.c;
 * definitions.md §10). */
#ifndef TIERZERO_REPORT_MAINTENANCE_H
#define TIERZERO_REPORT_MAINTENANCE_H

#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"

struct t0_report;

/* Builds M of SLO s (the config's and the dataset's windows), leaves it out
 * of the SLO's curve, before any window is computed. Errors T0_ENOMEM. */
enum t0_status t0_report_maintenance(struct t0_report *rep, size_t s,
                                     struct t0_error *err);
/* Marks the days and incidents that meet maintenance (after the days and
 * incident figures are made), and takes maintenance out of the incidents'
 * own bad minutes. Errors T0_ENOMEM. */
enum t0_status t0_report_mark_maintenance(struct t0_report *rep, struct t0_error *err);

/* What one window (of the config's or the dataset's lists) removed from SLO
 * s in the period, in ms: |window ∩ period| when it applies to the SLO, else
 * 0. A weekly rule: the sum over its occurrences. For the documents. */
struct t0_maint_window;
struct t0_maint_weekly;
int64_t t0_report_maint_window_ms(const struct t0_report *rep,
                                  const struct t0_maint_window *w, size_t s);
int64_t t0_report_maint_weekly_ms(const struct t0_report *rep,
                                  const struct t0_maint_weekly *rule, size_t s);

#endif
