/* narrative.c: the verdict sentence and the other words shared by every document. */
#include "tierzero/narrative.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tierzero/format.h"

/* The review month's window of SLO s. */
static const struct t0_slo_window *review_window(const struct t0_report *rep, size_t s)
{
    return t0_report_months(rep) ? t0_report_review_window(rep, s)
                                 : t0_report_period_window(rep, s);
}

const char *t0_slo_subject(const char *name, char *buf, size_t size)
{
    if (!name || !name[0]) {
        snprintf(buf, size, "The unnamed SLO");
        return buf;
    }
    if (strncasecmp(name, "all ", 4) == 0 || strncasecmp(name, "every ", 6) == 0) {
        snprintf(buf, size, "The %s SLO", name);
        return buf;
    }
    return name;
}

/* Releases that shipped in the review month at or after SLO s ran out: the
 * count of the report's one freeze verdict. */
static size_t releases_after_exhaustion(const struct t0_report *rep, size_t s)
{
    for (size_t i = 0; rep->has_releases && i < rep->freeze.n_slos; i++)
        if (rep->freeze.slos[i].slo == s)
            return rep->freeze.slos[i].releases;
    return 0;
}

/* How bad a status is: met, no data (an events SLO without events: never
 * shown as met), at risk, exhausted. */
static int status_rank(enum t0_slo_status st)
{
    return st == T0_STATUS_NO_DATA ? 1 : st == T0_STATUS_MET ? 0 : (int)st + 1;
}

/* The SLO that fared worst in the review month: highest status, then the
 * most budget consumed. */
size_t t0_report_worst_slo(const struct t0_report *rep)
{
    size_t worst = 0;
    for (size_t s = 1; s < rep->n_slos; s++) {
        const struct t0_slo_window *a = review_window(rep, s),
                                   *b = review_window(rep, worst);
        if (a->status != b->status) {
            if (status_rank(a->status) > status_rank(b->status))
                worst = s;
            continue;
        }
        if (t0_value_defined(a->budget_consumed_pct) &&
            (!t0_value_defined(b->budget_consumed_pct) ||
             a->budget_consumed_pct.value > b->budget_consumed_pct.value))
            worst = s;
    }
    return worst;
}

static size_t count_status(const struct t0_report *rep, enum t0_slo_status st)
{
    size_t n = 0;
    for (size_t s = 0; s < rep->n_slos; s++)
        if (review_window(rep, s)->status == st)
            n++;
    return n;
}

/* "; the other SLOs met their objectives", "; Developer tools is at risk and
 * claude.ai availability met its objective": what the SLOs other than the
 * worst one did, in one clause. */
static void others_clause(const struct t0_report *rep, size_t worst, char *buf,
                          size_t size)
{
    size_t rest = rep->n_slos - 1, met = 0;
    for (size_t s = 0; s < rep->n_slos; s++)
        if (s != worst && review_window(rep, s)->status == T0_STATUS_MET)
            met++;
    if (met == rest) {
        snprintf(buf, size,
                 rest == 1 ? "; the other SLO met its objective"
                           : "; the other %zu SLOs met their objectives",
                 rest);
        return;
    }
    size_t len = 0;
    buf[0] = '\0';
    size_t listed = 0, not_met = rest - met;
    for (size_t s = 0; s < rep->n_slos && len < size; s++) {
        const struct t0_slo_window *w = review_window(rep, s);
        if (s == worst || w->status == T0_STATUS_MET)
            continue;
        const char *sep = listed == 0 ? "; " : listed + 1 == not_met ? " and " : ", ";
        len += (size_t)snprintf(buf + len, size - len, "%s%s %s", sep,
                                rep->slos[s].slo->name,
                                w->status == T0_STATUS_EXHAUSTED ? "is exhausted too"
                                : w->status == T0_STATUS_NO_DATA ? "has no data"
                                                                 : "is at risk");
        listed++;
    }
    if (met && len < size)
        snprintf(buf + len, size - len,
                 met == 1 ? "; %zu other SLO met its objective"
                          : "; %zu other SLOs met their objectives",
                 met);
}

char *t0_verdict(const struct t0_report *rep, char *buf, size_t size)
{
    char month[32], obj[32], pct[32], when[64], others[96] = "", subj[160];
    if (!rep || !rep->n_slos || !t0_report_months(rep)) {
        snprintf(buf, size, "No figures: the review period is empty");
        return buf;
    }
    t0_format_month_long(rep->review, month, sizeof month);
    size_t s = t0_report_worst_slo(rep);
    const struct t0_slo_window *w = review_window(rep, s);
    const struct t0_slo *slo = rep->slos[s].slo;
    const char *who = t0_slo_subject(slo->name, subj, sizeof subj);
    t0_format_objective(slo->objective_pct, obj, sizeof obj);
    t0_format_pct(w->budget_consumed_pct, pct, sizeof pct);
    if (rep->n_slos > 1 && w->status != T0_STATUS_MET)
        others_clause(rep, s, others, sizeof others);
    if (w->minutes_elapsed <= 0) {
        snprintf(buf, size, "%s has not begun: no figures yet", month);
    } else if (w->status == T0_STATUS_EXHAUSTED) {
        size_t after = releases_after_exhaustion(rep, s);
        char shipped[192] = "";
        if (rep->has_releases)
            snprintf(shipped, sizeof shipped,
                     after == 1 ? "; %zu release shipped after that"
                                : "; %zu releases shipped after that",
                     after);
        size_t unchecked = slo->all_services ? 0 : rep->freeze.unchecked;
        if (unchecked && strlen(shipped) + 80 < sizeof shipped)
            snprintf(shipped + strlen(shipped), sizeof shipped - strlen(shipped),
                     " (%zu without services cannot be checked)", unchecked);
        if (w->exhausted_at != T0_NO_TIME)
            t0_format_local(rep->zone, w->exhausted_at, 2, when);
        else
            snprintf(when, sizeof when, "%s", month);
        snprintf(buf, size, "%s %s its %s objective in %s: budget exhausted on %s%s%s",
                 who, w->partial ? "is missing" : "missed", obj, month, when, shipped,
                 others);
    } else if (w->status == T0_STATUS_AT_RISK) {
        snprintf(buf, size, "%s is at risk in %s: %s of its %s budget used%s", who, month,
                 pct, obj, others);
    } else if (w->status == T0_STATUS_NO_DATA) {
        snprintf(buf, size, "%s has no data in %s: no events in the window%s", slo->name,
                 month, others);
    } else if (rep->n_slos == 1) {
        snprintf(buf, size, "%s %s its %s objective in %s: %s of the budget used", who,
                 w->partial ? "is meeting" : "met", obj, month, pct);
    } else {
        snprintf(buf, size,
                 "All %zu SLOs %s their objectives in %s; the most used budget "
                 "was %s, by %s",
                 rep->n_slos, w->partial ? "are meeting" : "met", month, pct, slo->name);
    }
    return buf;
}

char *t0_verdict_short(const struct t0_report *rep, char *buf, size_t size)
{
    if (!rep || !rep->n_slos || !t0_report_months(rep)) {
        snprintf(buf, size, "no figures");
        return buf;
    }
    size_t met = count_status(rep, T0_STATUS_MET);
    size_t s = t0_report_worst_slo(rep);
    const struct t0_slo_window *w = review_window(rep, s);
    if (met == rep->n_slos)
        snprintf(buf, size, rep->n_slos == 1 ? "SLO met" : "all %zu SLOs met",
                 rep->n_slos);
    else
        snprintf(buf, size, "%zu of %zu SLOs met; %s %s", met, rep->n_slos,
                 rep->slos[s].slo->name, t0_slo_status_label(w->status));
    return buf;
}

bool t0_freeze_in_force(const struct t0_report *rep, t0_ms *until)
{
    bool in_force = rep->freeze.in_force;
    if (until)
        *until = in_force ? rep->freeze.to : T0_NO_TIME;
    return in_force;
}

/* ---- the attributable share in words ---- */

#define SRE_REFERENCE "Google's SRE data puts changes behind about 70%% of outages"

enum t0_attribution_reading t0_attribution_read(const struct t0_attributable *a, size_t n)
{
    if (!t0_value_defined(a->share) || a->ci95_reason || !t0_value_defined(a->ci95[0]) ||
        !t0_value_defined(a->ci95[1]))
        return T0_ATTRIBUTION_UNDEFINED;
    if (a->ci95[0].value > 0)
        return T0_ATTRIBUTION_EXCESS;
    if (a->ci95[1].value < 0)
        return T0_ATTRIBUTION_DEFICIT;
    if (n < T0_ATTRIBUTION_MIN_INCIDENTS)
        return T0_ATTRIBUTION_TOO_FEW;
    if (a->ci95[1].value - a->ci95[0].value > 1.0)
        return T0_ATTRIBUTION_TOO_WIDE;
    return a->share.value < 0 ? T0_ATTRIBUTION_FEWER : T0_ATTRIBUTION_NONE;
}

const char *t0_attribution_label(enum t0_attribution_reading reading)
{
    switch (reading) {
    case T0_ATTRIBUTION_EXCESS:
        return "releases explain a share";
    case T0_ATTRIBUTION_DEFICIT:
        return "fewer than chance";
    case T0_ATTRIBUTION_NONE:
        return "none measurable";
    case T0_ATTRIBUTION_FEWER:
        return "none measurable (fewer than chance)";
    case T0_ATTRIBUTION_TOO_FEW:
        return "too few incidents to say";
    case T0_ATTRIBUTION_TOO_WIDE:
        return "too little time outside windows to say";
    case T0_ATTRIBUTION_UNDEFINED:
        break;
    }
    return "not defined";
}

char *t0_attribution_sentence(const struct t0_report *rep, char *buf, size_t size)
{
    if (!rep->has_releases) {
        snprintf(buf, size,
                 "What share of incidents releases explain was not measured: no "
                 "releases file was given.");
        return buf;
    }
    const struct t0_correlation *c = &rep->correlation;
    const struct t0_attributable *a = &c->attributable;
    char est[24], ci[96];
    t0_format_share_pct(a->share.value, est, sizeof est);
    t0_format_share_interval(a, ci, sizeof ci);
    switch (t0_attribution_read(a, c->n)) {
    case T0_ATTRIBUTION_EXCESS:
        snprintf(
            buf, size,
            "About %s of this period's incidents (95%% interval %s) are attributable to "
            "releases, beyond what their share of time gives; " SRE_REFERENCE ".",
            est, ci);
        break;
    case T0_ATTRIBUTION_DEFICIT:
        snprintf(
            buf, size,
            "No share of this period's incidents is attributable to releases: their "
            "windows held fewer incidents than their share of time gives (estimate %s, "
            "95%% interval %s); " SRE_REFERENCE ".",
            est, ci);
        break;
    case T0_ATTRIBUTION_NONE:
        snprintf(
            buf, size,
            "No measurable share of this period's incidents is attributable to releases "
            "(estimate %s, 95%% interval %s, which includes zero); " SRE_REFERENCE ".",
            est, ci);
        break;
    case T0_ATTRIBUTION_FEWER:
        snprintf(
            buf, size,
            "No measurable share of this period's incidents is attributable to releases: "
            "their windows held fewer incidents than their share of time gives "
            "(estimate %s, 95%% interval %s); " SRE_REFERENCE ".",
            est, ci);
        break;
    case T0_ATTRIBUTION_TOO_FEW:
        snprintf(
            buf, size,
            "With %zu incident%s in the period, there are too few to say what share of "
            "them releases explain (95%% interval %s); " SRE_REFERENCE ".",
            c->n, c->n == 1 ? "" : "s", ci);
        break;
    case T0_ATTRIBUTION_TOO_WIDE: {
        char cov[24];
        t0_format_share_pct(c->coverage.value, cov, sizeof cov);
        snprintf(
            buf, size,
            "Release windows cover %s of the period, too much of it to tell what share "
            "of incidents releases explain (estimate %s, 95%% interval "
            "%s); " SRE_REFERENCE ".",
            cov, est, ci);
        break;
    }
    case T0_ATTRIBUTION_UNDEFINED:
        if (c->n == 0)
            snprintf(buf, size,
                     "With no incidents in the period, there is no share of "
                     "incidents for releases to explain.");
        else
            snprintf(buf, size,
                     "Release windows cover the whole period, so the share of incidents "
                     "releases explain cannot be measured; " SRE_REFERENCE ".");
        break;
    }
    return buf;
}

bool t0_not_recorded(struct t0_value v)
{
    return v.reason && strncmp(v.reason, "not recorded", 12) == 0;
}

const char *t0_null_label(struct t0_value v)
{
    return t0_not_recorded(v) ? "not recorded" : "n/a";
}

char *t0_chance_span_note(const struct t0_report *rep, char *buf, size_t size)
{
    const struct t0_correlation *c = &rep->correlation;
    buf[0] = '\0';
    if (!rep->has_releases || !c->chance_clipped)
        return buf;
    char from[64], to[64];
    t0_format_local(rep->zone, c->chance_from, 2, from);
    t0_format_local(rep->zone, c->chance_to, 2, to);
    if (c->chance_from >= c->chance_to)
        snprintf(buf, size,
                 "The release history starts after the period: there is no span "
                 "for the chance test");
    else
        snprintf(buf, size,
                 "The release history starts on %s, after the period begins: the chance "
                 "test covers %s to %s only",
                 from, from, to);
    return buf;
}

/* Appends to buf at *used, never past size. */
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
    if (*used >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used = *used + (size_t)n < size ? *used + (size_t)n : size;
}

/* Frozen SLOs named with their own freeze starts (three at most, then "and
 * N more"): "API availability" for one, "API availability from 14 October
 * 06:25; Developer tools from 20 October 10:00" for several. */
static void frozen_slos(const struct t0_report *rep, char *buf, size_t size, size_t *used)
{
    const struct t0_freeze_verdict *fv = &rep->freeze;
    const char *since = fv->in_force ? "since" : "from";
    for (size_t i = 0; i < fv->n_slos && i < 3; i++) {
        const struct t0_freeze_slo *e = &fv->slos[i];
        char when[64];
        if (fv->n_slos == 1) {
            append(buf, size, used, "%s", rep->slos[e->slo].slo->name);
            return;
        }
        append(buf, size, used, "%s%s %s %s", i ? "; " : "", rep->slos[e->slo].slo->name,
               since, t0_format_day_time(rep, e->from, when, sizeof when));
    }
    if (fv->n_slos > 3)
        append(buf, size, used, "; and %zu more", fv->n_slos - 3);
}

char *t0_freeze_text(const struct t0_report *rep, char *buf, size_t size)
{
    const struct t0_freeze_verdict *fv = &rep->freeze;
    size_t used = 0;
    char a[64], b[64];
    buf[0] = '\0';
    if (fv->n_slos == 0) {
        append(buf, size, &used, "none, every budget held");
    } else {
        t0_format_day_time(rep, fv->from, a, sizeof a);
        t0_format_day_time(rep, fv->to, b, sizeof b);
        if (fv->in_force)
            append(buf, size, &used, "in force since %s, until %s (", a, b);
        else
            append(buf, size, &used, "was in force from %s to %s (", a, b);
        frozen_slos(rep, buf, size, &used);
        append(buf, size, &used, ")");
        if (rep->has_releases)
            append(buf, size, &used,
                   fv->releases == 1 ? "; %zu release shipped during it"
                                     : "; %zu releases shipped during it",
                   fv->releases);
    }
    if (rep->has_releases && fv->unchecked)
        append(
            buf, size, &used,
            fv->unchecked == 1
                ? "; %zu release without services shipped while an SLO was frozen and "
                  "cannot be checked against its freeze"
                : "; %zu releases without services shipped while an SLO was frozen and "
                  "cannot be checked against its freeze",
            fv->unchecked);
    return buf;
}
