/* summary.h: the JSON summary (definitions.md §4) and the terminal text table. */
#ifndef TIERZERO_SUMMARY_H
#define TIERZERO_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "tierzero/error.h"
#include "tierzero/report.h"

/* The JSON summary as text, pretty-printed with a final newline, numbers at
 * full precision, no NaN or infinity (undefined figures are null with a
 * sibling "<figure>_reason"). new (free()); NULL when out of memory. */
char *t0_summary_json(const struct t0_report *rep);

/* Writes the same text to out as it is made (no copy of the whole text is
 * held). False when out of memory or when writing failed. */
bool t0_summary_print_json(const struct t0_report *rep, FILE *out);

/* Writes the JSON summary to path atomically. */
enum t0_status t0_summary_write_json(const struct t0_report *rep, const char *path,
                                     struct t0_error *err);

/* The compact text table a person reads in a terminal: per SLO the last
 * months (attainment, budget consumed, status), the period line, incident
 * statistics, the release block and the verdict. months: how many of the
 * last months to show (0: 6). */
void t0_summary_text(const struct t0_report *rep, FILE *out, size_t months);

#endif
