/* quarters.h: fiscal quarters (quarters.c; definitions.md §10, rule 11.13). */
#ifndef TIERZERO_QUARTERS_H
#define TIERZERO_QUARTERS_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/time.h"

struct t0_report;

/* The fiscal quarter holding month m when the fiscal year starts in month
 * fy_start (1..12). */
void t0_quarter_of(struct t0_month m, int fy_start, int *year, int *q);
/* The first month of quarter q of fiscal year `year`. */
struct t0_month t0_quarter_first_month(int year, int q, int fy_start);
/* The --quarter of rep for people: "2025-Q4 (January 2026 to March 2026)". */
char *t0_quarter_label_long(const struct t0_report *rep, char *buf, size_t size);
/* Parses "YYYY-Qn" (n 1..4, any case q). */
bool t0_parse_quarter(const char *text, int *year, int *q);
/* Fills rep->windows[T0_WINDOW_QUARTER]: the quarters overlapping the
 * period, clipped to it (for t0_report_lay_out_windows). Errors T0_ENOMEM. */
enum t0_status t0_report_lay_out_quarters(struct t0_report *rep);

#endif
