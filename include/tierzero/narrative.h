/* narrative.h: the words and number formats every document shares (verdict, durations,
 * percents). */
#ifndef TIERZERO_NARRATIVE_H
#define TIERZERO_NARRATIVE_H

#include <stddef.h>

#include "tierzero/report.h"

/*
 * The one-sentence verdict for the review month, the same in the PDF cover,
 * the text summary and the e-mail subject, e.g. "API availability missed its
 * 99.9% objective: budget exhausted on 12 October; 3 releases shipped after
 * that". Written into buf (always terminated); returns buf.
 */
char *t0_verdict(const struct t0_report *rep, char *buf, size_t size);

/* The SLO that fared worst in the review month (highest status, then the
 * most budget consumed): the one the verdict and the summary page lead with. */
size_t t0_report_worst_slo(const struct t0_report *rep);

/* Short form for an e-mail subject: "2 of 3 SLOs met; API availability
 * exhausted". Returns buf. */
char *t0_verdict_short(const struct t0_report *rep, char *buf, size_t size);

/* Is a release freeze in force at the report's as_of (rep->freeze)? When
 * yes, *until is the freeze end. */
bool t0_freeze_in_force(const struct t0_report *rep, t0_ms *until);

/* The review month's freeze verdict (rep->freeze) in words, after "Release
 * freeze: ": "none, every budget held", "in force since 14 October 06:25,
 * until 1 November (API availability)", "was in force from 14 October 06:25
 * to 1 November (API availability from 14 October 06:25; Developer tools
 * from 20 October 10:00); 2 releases shipped during it", and releases without
 * services that cannot be checked. Returns buf. */
char *t0_freeze_text(const struct t0_report *rep, char *buf, size_t size);

/* "14 October 06:25", or "1 November" at local midnight. Returns buf. */
char *t0_format_day_time(const struct t0_report *rep, t0_ms t, char *buf, size_t size);

/* An SLO's name as the subject of a sentence that goes on "missed its ...":
 * a name that reads as a plural ("All services", the default) becomes "The
 * All services SLO", an empty name "The unnamed SLO". Returns buf, or name
 * (borrowed) when it reads well as it is. */
const char *t0_slo_subject(const char *name, char *buf, size_t size);

/* Durations for people: "45 s", "12 min", "1 h 12 min", "3 d 4 h".
 * Returns buf. */
char *t0_format_duration(double minutes, char *buf, size_t size);

/* Percent with the precision that matters: attainment-like values near 100
 * keep two decimals ("99.87%"), consumption none above 10 ("143%"), one
 * below ("7.5%"). null values print as "n/a". Returns buf. */
char *t0_format_pct(struct t0_value pct, char *buf, size_t size);
char *t0_format_attainment(struct t0_value pct, char *buf, size_t size);

/* When the release history starts after the period does, the sentence that
 * says over what span the chance test ran ("The release history starts on
 * 14 October 2026, after the period begins: the chance test covers 14
 * October 2026 to 1 November 2026 only"); "" otherwise. Returns buf. */
char *t0_chance_span_note(const struct t0_report *rep, char *buf, size_t size);

/* What a null figure prints as: "not recorded" when its reason says the
 * source does not record it, else "n/a". Borrowed, static. */
const char *t0_null_label(struct t0_value v);
/* Is v null because the source does not record it? */
bool t0_not_recorded(struct t0_value v);

/* An objective as written: 99.9 -> "99.9%", 99.95 -> "99.95%". */
char *t0_format_objective(double objective_pct, char *buf, size_t size);

/* "October 2026" */
char *t0_format_month_long(struct t0_month m, char *buf, size_t size);
/* A window's name for people: a month "October 2026", a quarter "2025-Q4",
 * the period "2026-01 to 2026-10" (its label). Returns buf. */
struct t0_slo_window;
char *t0_format_window(const struct t0_slo_window *w, char *buf, size_t size);

/* How the attributable share (definitions.md §3) reads: its 95% interval above zero
 * (releases explain a share), below zero (windows hold fewer incidents
 * than chance), or including zero: too few incidents to say when n is
 * under T0_ATTRIBUTION_MIN_INCIDENTS, too little time outside the windows
 * to say when the interval spans more than 100 points, else no measurable
 * share, with an estimate at or above zero or below it. */
enum t0_attribution_reading {
    T0_ATTRIBUTION_UNDEFINED, /* null: no incidents, or windows cover all the time */
    T0_ATTRIBUTION_EXCESS,
    T0_ATTRIBUTION_DEFICIT,
    T0_ATTRIBUTION_NONE,
    T0_ATTRIBUTION_FEWER,
    T0_ATTRIBUTION_TOO_FEW,
    T0_ATTRIBUTION_TOO_WIDE,
};
#define T0_ATTRIBUTION_MIN_INCIDENTS 10
enum t0_attribution_reading t0_attribution_read(const struct t0_attributable *a,
                                                size_t n);
/* A few words for a table cell: "releases explain a share", "none measurable". */
const char *t0_attribution_label(enum t0_attribution_reading reading);

/* A share as a whole percent with a true minus sign: "29%", "−8%", "0%". */
char *t0_format_share_pct(double share, char *buf, size_t size);
/* Its 95% interval: "14–43%", or "−10% to 42%" when an end is negative;
 * "n/a" when null. */
char *t0_format_share_interval(const struct t0_attributable *a, char *buf, size_t size);

/* The overall attributable share in one sentence for leadership, beside its
 * interval and the "70% of outages are caused by changes" reference, worded
 * for each reading; the same in the PDF, the text summary and the e-mail. */
char *t0_attribution_sentence(const struct t0_report *rep, char *buf, size_t size);

#endif
