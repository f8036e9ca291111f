/* narrative.h: the words every document shares (the verdict, the freeze, the
 * attributable share); the numbers in them are formatted by format.h. */
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

/* An SLO's name as the subject of a sentence that goes on "missed its ...":
 * a name that reads as a plural ("All services", the default) becomes "The
 * All services SLO", an empty name "The unnamed SLO". Returns buf, or name
 * (borrowed) when it reads well as it is. */
const char *t0_slo_subject(const char *name, char *buf, size_t size);

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

/* The overall attributable share in one sentence for leadership, beside its
 * interval and the "70% of outages are caused by changes" reference, worded
 * for each reading; the same in the PDF, the text summary and the e-mail. */
char *t0_attribution_sentence(const struct t0_report *rep, char *buf, size_t size);

#endif
