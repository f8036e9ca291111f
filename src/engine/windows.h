/* windows.h: laying out a report's windows and measuring every SLO over them
 * (windows.c, quarters.c; definitions.md §3, §10). Private to the engine. */
#ifndef TIERZERO_ENGINE_WINDOWS_H
#define TIERZERO_ENGINE_WINDOWS_H

#include <stddef.h>

#include "tierzero/report.h"

/* The quarters overlapping the period, clipped to it (quarters.c). T0_ENOMEM. */
enum t0_status t0_report_lay_out_quarters(struct t0_report *rep);
void t0_report_free_windows(struct t0_report *rep);

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

#endif
