/* chart_titles.c: each chart's title and subtitle, apart from the drawing
 * (chart_titles.h). */
#include "tierzero/chart_titles.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "tierzero/format.h"
#include "tierzero/narrative.h"
#include "tierzero/time.h"

static const char *slo_name(const struct t0_report *rep, size_t s)
{
    if (rep->slos[s].slo != NULL && rep->slos[s].slo->name != NULL)
        return rep->slos[s].slo->name;
    return "SLO";
}

double t0_chart_objective(const struct t0_report *rep, size_t s)
{
    return rep->slos[s].slo != NULL ? rep->slos[s].slo->objective_pct : 99.9;
}

double t0_chart_window_budget(const struct t0_slo_window *w)
{
    return w->unit == T0_UNIT_EVENTS ? w->budget_events : w->budget_minutes;
}

bool t0_chart_model_release(const struct t0_release *r)
{
    return r->kind != NULL && g_ascii_strcasecmp(r->kind, "model") == 0;
}

/* "12 October" of instant t in the report's zone. */
static void day_month_label(const struct t0_report *rep, t0_ms t, char *buf, size_t size)
{
    struct t0_civil c;
    t0_zone_civil(rep->zone, t, &c);
    t0_format_day_long(c.day, c.month, buf, size);
}

void t0_chart_title_attainment(const struct t0_report *rep, size_t s, char *title,
                               size_t tsize, char *sub, size_t ssize)
{
    size_t n = t0_report_months(rep);
    double obj = t0_chart_objective(rep, s);
    char objs[32];
    t0_format_decimal(obj, 4, objs, sizeof objs);
    size_t defined = 0, missed = 0;
    for (size_t i = 0; i < n; i++) {
        const struct t0_slo_window *w = t0_report_month(rep, s, i);
        if (!t0_value_defined(w->attainment_pct))
            continue;
        defined++;
        if (w->attainment_pct.value < obj)
            missed++;
    }
    char subj[160];
    const char *who = t0_slo_subject(slo_name(rep, s), subj, sizeof subj);
    if (defined == 0)
        snprintf(title, tsize, "%s: no month to measure yet", slo_name(rep, s));
    else if (missed == 0)
        snprintf(title, tsize, "%s met its %s%% objective in %s", who, objs,
                 defined == 1 ? "the month" : "every month");
    else
        snprintf(title, tsize, "%s missed its %s%% objective in %zu of %zu months", who,
                 objs, missed, defined);
    snprintf(sub, ssize,
             "Monthly attainment, %% of %s good; bars coloured by "
             "budget status",
             t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS ? "requests"
                                                                     : "minutes");
}

void t0_chart_title_rolling(const struct t0_report *rep, size_t s, char *title,
                            size_t tsize, char *sub, size_t ssize)
{
    char mon[64];
    t0_format_month_long(rep->review, mon, sizeof mon);
    t0_rolling_finding(rep, s, title, tsize);
    snprintf(sub, ssize,
             "Attainment over the %d days before each midnight of %s, %% of %s good",
             rep->slos[s].burn->rolling_days, mon,
             t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS ? "requests"
                                                                     : "minutes");
}

void t0_chart_title_burndown(const struct t0_report *rep, size_t s, char *title,
                             size_t tsize, char *sub, size_t ssize)
{
    char mlab[48], buf[64];
    t0_format_month_long(rep->review, mlab, sizeof mlab);
    const struct t0_slo_window *w =
        t0_report_months(rep) > 0 ? t0_report_review_window(rep, s) : NULL;
    bool not_begun =
        w == NULL || w->minutes_elapsed <= 0 || rep->as_of <= rep->review_start;
    bool zero_budget = w != NULL && !(t0_chart_window_budget(w) > 0);
    bool exhausted = w != NULL && w->exhausted_at != T0_NO_TIME;

    if (not_begun) {
        snprintf(title, tsize, "%s has not begun", mlab);
    } else if (exhausted) {
        day_month_label(rep, w->exhausted_at, buf, sizeof buf);
        snprintf(title, tsize, "%s: budget exhausted on %s", slo_name(rep, s), buf);
    } else if (zero_budget) {
        snprintf(title, tsize, "%s: no error budget to burn", slo_name(rep, s));
    } else if (t0_value_defined(w->budget_consumed_pct)) {
        snprintf(title, tsize, "%s: %.0f%% of the %s budget used%s", slo_name(rep, s),
                 w->budget_consumed_pct.value, t0_format_month_name(rep->review.month),
                 w->partial ? " so far" : "");
    } else {
        snprintf(title, tsize, "%s: budget burn in %s", slo_name(rep, s), mlab);
    }
    snprintf(sub, ssize, "Error budget consumed, cumulative %%, by day of %s", mlab);
}

size_t t0_chart_worst_day(const struct t0_report *rep, size_t s)
{
    size_t worst = rep->n_days;
    bool events = t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS;
    for (size_t d = 0; d < rep->n_days; d++) {
        const double *bm = events ? rep->days[d].bad_events : rep->days[d].bad_minutes;
        double v = bm != NULL ? bm[s] : 0;
        if (v > 0 &&
            (worst == rep->n_days || v > (events ? rep->days[worst].bad_events
                                                 : rep->days[worst].bad_minutes)[s]))
            worst = d;
    }
    return worst;
}

void t0_chart_title_calendar(const struct t0_report *rep, size_t s, char *title,
                             size_t tsize, char *sub, size_t ssize)
{
    char mins[48];
    size_t worst = t0_chart_worst_day(rep, s);
    bool events = t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS;
    if (events && worst == rep->n_days) {
        snprintf(title, tsize, "%s: no bad requests in the period", slo_name(rep, s));
    } else if (events) {
        const struct t0_day *wd = &rep->days[worst];
        char of[32];
        snprintf(title, tsize, "Worst day: %d %s %d, %s bad of %s requests", wd->day,
                 t0_format_month_name(wd->month), wd->year,
                 t0_format_events(wd->bad_events[s], mins, sizeof mins),
                 t0_format_events(wd->total_events[s], of, sizeof of));
    } else if (worst == rep->n_days) {
        snprintf(title, tsize, "%s: no bad minutes in the period", slo_name(rep, s));
    } else {
        const struct t0_day *wd = &rep->days[worst];
        t0_format_minutes_coarse(wd->bad_minutes[s], mins, sizeof mins);
        snprintf(title, tsize, "Worst day: %d %s %d, %s of bad time", wd->day,
                 t0_format_month_name(wd->month), wd->year, mins);
    }
    snprintf(sub, ssize,
             events
                 ? "%s: bad requests per day (shaded as that share of the day), one row "
                   "per month"
                 : "%s: weighted bad minutes per day, one row per month",
             slo_name(rep, s));
}

void t0_chart_title_weekday_hour(const struct t0_report *rep, char *title, size_t tsize,
                                 char *sub, size_t ssize)
{
    const struct t0_incident_stats *st = &rep->stats;
    uint32_t max = 0;
    int mw = 0, mh = 0;
    for (int wd = 0; wd < 7; wd++)
        for (int h = 0; h < 24; h++)
            if (st->by_weekday_hour[wd][h] > max) {
                max = st->by_weekday_hour[wd][h];
                mw = wd;
                mh = h;
            }
    const char *zname = rep->zone != NULL ? t0_zone_name(rep->zone) : "UTC";
    if (st->by_weekday_hour_reason != NULL || max == 0)
        snprintf(title, tsize, "When incidents start");
    else
        snprintf(title, tsize, "Incidents start most often on %ss, %02d:00\u2013%02d:00",
                 t0_format_weekday_name(mw), mh, (mh + 1) % 24);
    if (t0_value_defined(st->off_hours_share) && st->by_weekday_hour_reason == NULL)
        snprintf(sub, ssize,
                 "Incident starts by weekday and hour (%s); %.0f%% outside Mon\u2013Fri "
                 "08:00\u201318:00",
                 zname, 100.0 * st->off_hours_share.value);
    else
        snprintf(sub, ssize, "Incident starts by weekday and hour (%s)", zname);
}

void t0_chart_release_counts(const struct t0_report *rep, size_t *in_period,
                             size_t *models)
{
    const struct t0_dataset *ds = rep->data;
    size_t n_rel = ds != NULL ? ds->n_releases : 0;
    t0_ms lim = rep->as_of < rep->period_end ? rep->as_of : rep->period_end;
    *in_period = *models = 0;
    for (size_t r = 0; r < n_rel; r++) {
        t0_ms t = ds->releases[r].released_at;
        if (t < rep->period_start || t >= lim)
            continue;
        ++*in_period;
        if (t0_chart_model_release(&ds->releases[r]))
            ++*models;
    }
}

void t0_chart_title_release_timeline(const struct t0_report *rep, char *title,
                                     size_t tsize, char *sub, size_t ssize)
{
    size_t n_models = 0, n_in = 0, total_inc = 0;
    for (size_t d = 0; d < rep->n_days; d++)
        total_inc += rep->days[d].incidents;
    t0_chart_release_counts(rep, &n_in, &n_models);

    const struct t0_correlation *co = &rep->correlation;
    if (rep->has_releases && rep->correlation_reason == NULL &&
        t0_value_defined(co->share_after_release) && total_inc > 0) {
        char wh[32];
        t0_format_decimal(co->window_hours, 1, wh, sizeof wh);
        snprintf(title, tsize, "%.0f%% of incidents began within %s h of a release",
                 100.0 * co->share_after_release.value, wh);
    } else if (total_inc == 0) {
        snprintf(title, tsize, "No incidents in the period");
    } else if (rep->has_releases) {
        snprintf(title, tsize, "%zu incidents and %zu releases in the period", total_inc,
                 n_in);
    } else {
        snprintf(title, tsize, "%zu incidents in the period", total_inc);
    }
    if (!rep->has_releases)
        snprintf(sub, ssize, "Incidents per day; freeze periods hatched");
    else if (n_models > 0)
        snprintf(
            sub, ssize,
            "Incidents per day; releases as blue ticks, the %zu model launches named; "
            "freeze periods hatched",
            n_models);
    else
        snprintf(sub, ssize,
                 "Incidents per day; releases as blue ticks; freeze periods hatched");
}

void t0_chart_title_event_study(const struct t0_report *rep, char *title, size_t tsize,
                                char *sub, size_t ssize)
{
    const struct t0_correlation *co = &rep->correlation;
    int D = co->event_study_days;
    bool no_study = !rep->has_releases || rep->correlation_reason != NULL ||
                    co->mean_per_day_reason != NULL || co->mean_per_day == NULL || D < 0;
    bool base_ok = t0_value_defined(co->baseline_per_day);
    if (no_study) {
        snprintf(title, tsize, "Incidents around releases");
    } else {
        double v0 = co->mean_per_day[D];
        if (base_ok && co->baseline_per_day.value > 0 && v0 >= co->baseline_per_day.value)
            snprintf(title, tsize,
                     "On release day incidents run at %.1f\u00D7 the daily baseline",
                     v0 / co->baseline_per_day.value);
        else if (base_ok)
            snprintf(title, tsize,
                     "Release days see %.2f incidents against a baseline of %.2f a day",
                     v0, co->baseline_per_day.value);
        else
            snprintf(title, tsize, "Release days see %.2f incidents on average", v0);
    }
    snprintf(sub, ssize,
             "Mean incidents per day at each day before and after a release (day 0 = "
             "release day)");
}

size_t t0_chart_burn_lines(const struct t0_slo_burn *b, int64_t *out)
{
    size_t n = 0;
    for (int pass = 0; pass < 2 && n == 0; pass++)
        for (size_t r = 0; r < b->n_rules; r++) {
            if (pass == 0 && b->rules[r].severity != T0_ALERT_PAGE)
                continue;
            int64_t w = b->rules[r].long_minutes;
            bool seen = false;
            for (size_t k = 0; k < n; k++)
                seen = seen || out[k] == w;
            if (!seen && n < T0_CHART_BURN_LINES)
                out[n++] = w;
        }
    for (size_t i = 1; i < n; i++)
        if (out[i] < out[i - 1]) {
            int64_t t = out[i];
            out[i] = out[i - 1];
            out[i - 1] = t;
        }
    return n;
}

void t0_chart_title_burn(const struct t0_report *rep, size_t s, char *title, size_t tsize,
                         char *sub, size_t ssize)
{
    const struct t0_slo_burn *b = rep->slos[s].burn;
    char finding[256], names[64] = "", w[24];
    t0_burn_finding(b, finding, sizeof finding);
    finding[0] = (char)g_ascii_tolower(finding[0]);
    snprintf(title, tsize, "%s: %s", rep->slos[s].slo->name, finding);
    int64_t lines[T0_CHART_BURN_LINES];
    size_t n_lines = t0_chart_burn_lines(b, lines);
    for (size_t i = 0; i < n_lines; i++) {
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", i ? " and " : "",
                 t0_alert_window_format(lines[i], w, sizeof w));
    }
    snprintf(
        sub, ssize,
        "Burn rate over the last %s (log scale; 1 spends the budget exactly), page "
        "thresholds dashed. Bands: page and ticket episodes. Marks: incidents with their "
        "page lead (hollow: a page no incident was near).",
        names[0] ? names : "window");
}
