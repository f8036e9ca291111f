/* format.h: every figure as people and machines read it, in one place: instants,
 * months and days, durations, percentages, ratios, p-values, counts. The PDF, the
 * charts, the workbook, the JSON, the text table and the e-mail all call these. */
#ifndef TIERZERO_FORMAT_H
#define TIERZERO_FORMAT_H

#include <stddef.h>

#include "tierzero/report.h"
#include "tierzero/time.h"

/* ---- instants, months, days ---- */

/* An instant as UTC with milliseconds, "2026-10-12T04:31:07.250Z".
 * buf must hold T0_RFC3339_SIZE bytes. Returns buf. */
#define T0_RFC3339_SIZE 32
char *t0_format_utc(t0_ms t, char *buf);

/* An RFC 5322 date in UTC, for e-mail headers: "Sun, 01 Nov 2026 06:00:00 +0000".
 * Returns buf. */
char *t0_format_rfc5322(t0_ms t, char *buf, size_t size);

/* t in the zone for people. buf must hold 64 bytes. Returns buf.
 * style: 0 = "2026-10-12 04:31", 1 = "12 Oct 04:31", 2 = "12 October 2026",
 * 3 = "2026-10-12 04:31 UTC+02:00" ("UTC" alone when the offset is zero). */
char *t0_format_local(const struct t0_zone *zone, t0_ms t, int style, char *buf);

/* "14 October 06:25" in the report's zone, or "14 October" at local midnight.
 * Returns buf. */
char *t0_format_day_time(const struct t0_report *rep, t0_ms t, char *buf, size_t size);

/* Month names, month 1..12: "Oct", "October"; "?" for any other month.
 * Borrowed, static. */
const char *t0_format_month_abbr(int month);
const char *t0_format_month_name(int month);

/* Weekday names, weekday 0 = Monday .. 6 = Sunday (struct t0_civil): "Mon",
 * "Monday"; "?" for any other. Borrowed, static. */
const char *t0_format_weekday_abbr(int weekday);
const char *t0_format_weekday_name(int weekday);

/* "YYYY-MM" into buf (at least 8 bytes), for machines. Returns buf. */
char *t0_format_month(struct t0_month m, char *buf);
/* "October 2026"; "2026-13" when the month is not 1..12. Returns buf. */
char *t0_format_month_long(struct t0_month m, char *buf, size_t size);
/* A window's name for people: a month "October 2026", a quarter "2025-Q4",
 * the period "2026-01 to 2026-10" (its label). Returns buf. */
char *t0_format_window(const struct t0_slo_window *w, char *buf, size_t size);
/* "Oct 2026". Returns buf. */
char *t0_format_month_short(struct t0_month m, char *buf, size_t size);

/* A day of a month: "3 Oct" (short), "3 October" (long). Returns buf. */
char *t0_format_day_short(int day, int month, char *buf, size_t size);
char *t0_format_day_long(int day, int month, char *buf, size_t size);

/* "2026-Q3" into buf (at least 16 bytes). Returns buf. */
char *t0_format_quarter(int year, int q, char *buf);

/* ---- durations ---- */

/* Durations for people: "45 s", "12 min", "1 h 12 min", "3 d 4 h"; "n/a" when
 * not finite. Returns buf. */
char *t0_format_duration(double minutes, char *buf, size_t size);

/* Durations at a chart's grain, whole minutes: "under 1 min", "45 min", "4 h",
 * "4 h 12 min". Returns buf. */
char *t0_format_minutes_coarse(double minutes, char *buf, size_t size);

/* How far a page came ahead of an incident's declaration, lead_minutes > 0
 * when the page came first: "12 min before", "3 min after"; "as declared"
 * within half a minute. Returns buf. */
char *t0_format_lead(double lead_minutes, char *buf, size_t size);

/* Minutes as a bare number for a table cell: "0", "45.5", "123" (one decimal
 * under 100); "n/a" when not finite. Returns buf. */
char *t0_format_minutes(double minutes, char *buf, size_t size);

/* ---- numbers, percentages, ratios, p-values ---- */

/* v with at most maxdec decimals, trailing zeros removed: "99.9", "100", "0"
 * (never "-0"). Returns buf. */
char *t0_format_decimal(double v, int maxdec, char *buf, size_t size);

/* Percent with the precision that matters: consumption none at or above 10
 * ("143%"), one below ("7.5%"), "0%" for zero; "n/a" when null. Returns buf. */
char *t0_format_pct(struct t0_value pct, char *buf, size_t size);
/* Attainment with two decimals, never rounded up to the objective's look
 * (99.899 -> "99.89%"); "100%" at or above 100; "n/a" when null. Returns buf. */
char *t0_format_attainment(struct t0_value pct, char *buf, size_t size);
/* An objective as written: 99.9 -> "99.9%", 99.95 -> "99.95%". Returns buf. */
char *t0_format_objective(double objective_pct, char *buf, size_t size);

/* A fraction 0..1 as a whole percent: 0.294 -> "29%"; "n/a" when null. */
char *t0_format_fraction_pct(struct t0_value fraction, char *buf, size_t size);

/* An attributable share (a fraction, may be negative) as a whole percent with a
 * true minus sign: "29%", "−8%", "0%" (never "−0%"). Returns buf. */
char *t0_format_share_pct(double share, char *buf, size_t size);
/* Its 95% interval: "14–43%", or "−10% to 42%" when an end is negative;
 * "n/a" when null. Returns buf. */
char *t0_format_share_interval(const struct t0_attributable *a, char *buf, size_t size);

/* A rate ratio: "2.3×"; "n/a" when null. Returns buf. */
char *t0_format_ratio(struct t0_value ratio, char *buf, size_t size);

/* A p-value alone: "< 0.001", three decimals under 0.01 ("0.002"), else two
 * ("0.04", "0.50"); "n/a" when null. Returns buf. */
char *t0_format_p(struct t0_value p, char *buf, size_t size);
/* A p-value as said in a sentence: "p < 0.001", "p = 0.002"; "p not defined"
 * when null. Returns buf. */
char *t0_format_p_clause(struct t0_value p, char *buf, size_t size);

/* A count of events for people: "950", "1.2 k", "1.2 M", "1.4 G" (SI
 * prefixes, three significant digits). Returns buf. */
char *t0_format_events(double n, char *buf, size_t size);

#endif
