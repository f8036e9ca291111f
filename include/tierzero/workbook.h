/* workbook.h: the analyst workbook (definitions.md §5): live SLO formulas, tables and
 * native charts. */
#ifndef TIERZERO_WORKBOOK_H
#define TIERZERO_WORKBOOK_H

#include "tierzero/error.h"
#include "tierzero/report.h"

/*
 * Writes the workbook of a computed report to path, atomically: the file is
 * written under a temporary name beside path and renamed over it only when
 * complete, so a failure leaves any earlier file as it was.
 *
 * Sheets, in order: "Summary", "Monthly SLO", "Incidents" (continued on
 * "Incidents (2)", ... past Excel's 1,048,575 data rows), "Releases",
 * "Correlation", "Daily", "Data Quality". The objectives are input cells on
 * Summary with the defined names Objective_1 ... Objective_n (and AtRiskPct
 * for the policy threshold); budget, consumed, remaining, attainment and
 * status on Monthly SLO are formulas on them, each stored with the report's
 * figure as its cached result. Nothing else is computed here: every number
 * comes from rep.
 *
 * rep is borrowed. All user text is written as text (a title "=1+1" stays a
 * string). Properties (title, author, creation time from
 * t0_creation_time(), which honours SOURCE_DATE_EPOCH) make two runs on the
 * same report byte-identical.
 *
 * Very large histories (more than 100,000 table rows in all) are written in
 * libxlsxwriter's constant-memory mode, in which Excel tables are not
 * available: their sheets then get an autofilter and a frozen header instead.
 *
 * The Incidents sheets' rows are not written through libxlsxwriter: they are
 * made as sheet XML on worker threads while it writes the rest, deflated as
 * they are made, and spliced into its package (xlsx_private.h); the cells
 * are the same. A package that would need ZIP64 (a part or the file over
 * 4 GB) is written again with every cell through libxlsxwriter.
 *
 * Errors: T0_EOUTPUT (cannot create or write the file, or libxlsxwriter
 * failed; err names path), T0_ENOMEM.
 *
 * @code
 *   if (t0_workbook_write(&rep, "out/slo-review-2026-10.xlsx", &err) != T0_OK)
 *       ...print err...
 * @endcode
 */
enum t0_status t0_workbook_write(const struct t0_report *rep, const char *path,
                                 struct t0_error *err);

/* The same on up to `threads` threads for the Incidents sheets' rows, the
 * calling one included (0: one per processor and per 25,000 incidents, at
 * most 8; 1: the calling thread alone). The file is the same for any
 * number. */
enum t0_status t0_workbook_write_threads(const struct t0_report *rep, const char *path,
                                         unsigned threads, struct t0_error *err);

#endif
