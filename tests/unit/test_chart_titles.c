/* test_chart_titles.c: each chart's title and subtitle (src/render/chart_titles.c),
 * on reports the engine computes from small hand-built datasets; every sentence
 * worked out by hand beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/burn.h"
#include "tierzero/chart_titles.h"
#include "tierzero/config.h"
#include "tierzero/model.h"
#include "tierzero/report.h"
#include "tierzero/time.h"

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

#define MIN T0_MS_PER_MINUTE

/*
 * One SLO on every service, 99.9% unless a test says otherwise, weights major
 * 1 and partial 0.3 (definitions.md §2.4), UTC. Three months, August to
 * October 2026, October under review, as of 1 November 00:00: October has 31
 * days = 44640 minutes, a budget of 0.1% = 44.64 minutes; September 43.2.
 */
struct fixture {
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_slo slo;
    char *names[1];
    struct t0_zone *zone;
    struct t0_period_request req;
    struct t0_report rep;
    char title[512], sub[512];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ds = t0_dataset_new();
    f->zone = t0_zone_new("UTC", NULL);
    assert_non_null(f->zone);
    f->cfg.title = "Reliability review";
    f->cfg.timezone = (char *)"UTC";
    f->cfg.slos = &f->slo;
    f->cfg.n_slos = 1;
    f->cfg.at_risk_pct = 75;
    f->cfg.at_risk_micro = 75000000;
    f->cfg.window_hours = 72;
    f->cfg.window_ms = 72 * T0_MS_PER_HOUR;
    f->cfg.event_study_days = 14;
    struct t0_slo *slo = &f->slo;
    slo->name = (char *)"API";
    f->names[0] = (char *)"*";
    slo->services = f->names;
    slo->n_services = 1;
    slo->all_services = true;
    slo->objective_micro = 99900000;
    slo->objective_pct = 99.9;
    slo->weight_micro[T0_IMPACT_MAJOR] = 1000000;
    slo->weight_micro[T0_IMPACT_PARTIAL] = 300000;
    slo->rolling_days = 28;
    f->req.history = 3;
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    f->req.has_as_of = true;
    f->req.as_of = T("2026-11-01T00:00:00Z");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    t0_report_release(&f->rep);
    t0_zone_free(f->zone);
    t0_dataset_free(f->ds);
    free(f);
    return 0;
}

static void add(struct fixture *f, const char *id, enum t0_impact impact,
                const char *from, int minutes)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = id;
    inc->title = "incident";
    inc->impact = impact;
    inc->started_at = T(from);
    inc->detected_at = T0_NO_TIME;
    inc->mitigated_at = T0_NO_TIME;
    inc->resolved_at = inc->started_at + minutes * MIN;
    inc->index = (uint32_t)(f->ds->n_incidents - 1);
}

/* A release history of the releases given so far (none: an empty file). */
static void add_release(struct fixture *f, const char *id, const char *kind,
                        const char *at)
{
    struct t0_release *r = t0_dataset_add_release(f->ds);
    assert_non_null(r);
    r->id = id;
    r->kind = kind;
    r->released_at = T(at);
    r->index = (uint32_t)(f->ds->n_releases - 1);
}

static void given_releases(struct fixture *f)
{
    f->ds->releases_input.present = true;
    f->ds->releases_input.read = f->ds->n_releases;
    f->ds->releases_input.accepted = f->ds->n_releases;
}

static const struct t0_report *compute(struct fixture *f)
{
    t0_report_release(&f->rep);
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &f->req, NULL),
                     T0_OK);
    return &f->rep;
}

/* Two incidents: a partial one on Tuesday 15 September 14:00 for 30 minutes
 * (9 bad minutes of September's 43.2: met), and a major one on Monday 12
 * October 02:00 for an hour (60 bad minutes of October's 44.64: exhausted at
 * 02:44:38, attainment 1 - 60/44640 = 99.866%: missed). */
static void two_incidents(struct fixture *f)
{
    add(f, "A", T0_IMPACT_PARTIAL, "2026-09-15T14:00:00Z", 30);
    add(f, "B", T0_IMPACT_MAJOR, "2026-10-12T02:00:00Z", 60);
}

/* ---- attainment ---- */

static void test_attainment_met(void **state)
{
    struct fixture *f = *state;
    const struct t0_report *rep = compute(f);
    assert_int_equal(t0_report_months(rep), 3); /* August, September, October */
    /* no incidents: 100% in each of the three months */
    t0_chart_title_attainment(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "API met its 99.9% objective in every month");
    assert_string_equal(f->sub,
                        "Monthly attainment, % of minutes good; bars coloured by budget "
                        "status");
}

static void test_attainment_missed(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    /* August 100%, September 99.979%, October 99.866%: one of three below 99.9 */
    t0_chart_title_attainment(compute(f), 0, f->title, sizeof f->title, f->sub,
                              sizeof f->sub);
    assert_string_equal(f->title, "API missed its 99.9% objective in 1 of 3 months");
}

static void test_attainment_one_month_plural_name(void **state)
{
    struct fixture *f = *state;
    f->req.history = 1;
    f->slo.name = (char *)"All services";
    /* one month, met: "the month"; a plural name reads "The ... SLO" */
    t0_chart_title_attainment(compute(f), 0, f->title, sizeof f->title, f->sub,
                              sizeof f->sub);
    assert_string_equal(f->title,
                        "The All services SLO met its 99.9% objective in the month");
}

static void test_attainment_no_data(void **state)
{
    struct fixture *f = *state;
    f->req.history = 1;
    f->req.as_of = T("2026-10-01T00:00:00Z");
    /* October alone, not begun: no month has an attainment */
    const struct t0_report *rep = compute(f);
    assert_int_equal(t0_report_months(rep), 1);
    t0_chart_title_attainment(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "API: no month to measure yet");
}

/* ---- burn-down ---- */

static void test_burndown_exhausted(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    t0_chart_title_burndown(compute(f), 0, f->title, sizeof f->title, f->sub,
                            sizeof f->sub);
    assert_string_equal(f->title, "API: budget exhausted on 12 October");
    assert_string_equal(f->sub,
                        "Error budget consumed, cumulative %, by day of October 2026");
}

static void test_burndown_met_whole_month(void **state)
{
    struct fixture *f = *state;
    /* no incidents, the month over: 0% used, not "so far" */
    t0_chart_title_burndown(compute(f), 0, f->title, sizeof f->title, f->sub,
                            sizeof f->sub);
    assert_string_equal(f->title, "API: 0% of the October budget used");
}

static void test_burndown_partial_month(void **state)
{
    struct fixture *f = *state;
    /* a partial incident on 5 October for an hour: 60 * 0.3 = 18 bad minutes
     * of the month's 44.64, 40.3%, read on 17 October: "so far" */
    add(f, "A", T0_IMPACT_PARTIAL, "2026-10-05T10:00:00Z", 60);
    f->req.as_of = T("2026-10-17T00:00:00Z");
    t0_chart_title_burndown(compute(f), 0, f->title, sizeof f->title, f->sub,
                            sizeof f->sub);
    assert_string_equal(f->title, "API: 40% of the October budget used so far");
}

static void test_burndown_no_budget(void **state)
{
    struct fixture *f = *state;
    f->slo.objective_micro = 100000000;
    f->slo.objective_pct = 100.0;
    /* objective 100%: the budget is zero, nothing bad happened */
    const struct t0_report *rep = compute(f);
    t0_chart_title_burndown(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "API: no error budget to burn");
    t0_chart_title_attainment(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "API met its 100% objective in every month");
}

static void test_burndown_not_begun(void **state)
{
    struct fixture *f = *state;
    f->req.as_of = T("2026-10-01T00:00:00Z");
    /* as of October's first instant: the review month has not begun */
    t0_chart_title_burndown(compute(f), 0, f->title, sizeof f->title, f->sub,
                            sizeof f->sub);
    assert_string_equal(f->title, "October 2026 has not begun");
}

/* ---- calendar ---- */

static void test_calendar_worst_day(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    const struct t0_report *rep = compute(f);
    /* 12 October's 60 bad minutes beat 15 September's 9: "1 h" */
    size_t worst = t0_chart_worst_day(rep, 0);
    assert_true(worst < rep->n_days);
    assert_int_equal(rep->days[worst].day, 12);
    assert_int_equal(rep->days[worst].month, 10);
    t0_chart_title_calendar(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "Worst day: 12 October 2026, 1 h of bad time");
    assert_string_equal(f->sub, "API: weighted bad minutes per day, one row per month");
}

static void test_calendar_no_incidents(void **state)
{
    struct fixture *f = *state;
    const struct t0_report *rep = compute(f);
    assert_int_equal(t0_chart_worst_day(rep, 0), rep->n_days);
    t0_chart_title_calendar(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "API: no bad minutes in the period");
}

/* ---- weekday and hour ---- */

static void test_weekday_hour(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    /* one start on Monday 02:00, one on Tuesday 14:00: a tie, the first in
     * Monday-first order wins; Monday 02:00 is outside Mon-Fri 08-18, Tuesday
     * 14:00 inside: 50% */
    t0_chart_title_weekday_hour(compute(f), f->title, sizeof f->title, f->sub,
                                sizeof f->sub);
    assert_string_equal(f->title, "Incidents start most often on Mondays, 02:00–03:00");
    assert_string_equal(
        f->sub,
        "Incident starts by weekday and hour (UTC); 50% outside Mon–Fri 08:00–18:00");
}

static void test_weekday_hour_no_incidents(void **state)
{
    struct fixture *f = *state;
    t0_chart_title_weekday_hour(compute(f), f->title, sizeof f->title, f->sub,
                                sizeof f->sub);
    assert_string_equal(f->title, "When incidents start");
    assert_string_equal(f->sub, "Incident starts by weekday and hour (UTC)");
}

/* ---- releases ---- */

static void test_timeline_no_releases(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    t0_chart_title_release_timeline(compute(f), f->title, sizeof f->title, f->sub,
                                    sizeof f->sub);
    assert_string_equal(f->title, "2 incidents in the period");
    assert_string_equal(f->sub, "Incidents per day; freeze periods hatched");
}

static void test_timeline_no_incidents(void **state)
{
    struct fixture *f = *state;
    t0_chart_title_release_timeline(compute(f), f->title, sizeof f->title, f->sub,
                                    sizeof f->sub);
    assert_string_equal(f->title, "No incidents in the period");
}

/* Two model launches, on 1 August 00:00 (the period's start, so the chance
 * test is not clipped) and on 12 October 00:00, two hours before the major
 * incident. */
static void two_launches(struct fixture *f)
{
    add_release(f, "r1", "model", "2026-08-01T00:00:00Z");
    add_release(f, "r2", "Model", "2026-10-12T00:00:00Z");
    given_releases(f);
}

static void test_timeline_with_releases(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    two_launches(f);
    /* of the two incidents only 12 October's began within 72 h after a
     * release: 50%; both releases are model launches, any case */
    t0_chart_title_release_timeline(compute(f), f->title, sizeof f->title, f->sub,
                                    sizeof f->sub);
    assert_string_equal(f->title, "50% of incidents began within 72 h of a release");
    assert_string_equal(f->sub,
                        "Incidents per day; releases as blue ticks, the 2 model launches "
                        "named; freeze periods hatched");
}

static void test_timeline_releases_no_incidents(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r1", NULL, "2026-08-01T00:00:00Z");
    given_releases(f);
    t0_chart_title_release_timeline(compute(f), f->title, sizeof f->title, f->sub,
                                    sizeof f->sub);
    assert_string_equal(f->title, "No incidents in the period");
    assert_string_equal(
        f->sub, "Incidents per day; releases as blue ticks; freeze periods hatched");
}

static void test_event_study(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    two_launches(f);
    /* release day (offset 0): no incident on 1 August, one on 12 October, a
     * mean of 0.5; the baseline is 2 incidents over the 92 days of August to
     * October, 0.02174 a day; 0.5 / (2/92) = 23.0 */
    t0_chart_title_event_study(compute(f), f->title, sizeof f->title, f->sub,
                               sizeof f->sub);
    assert_string_equal(f->title,
                        "On release day incidents run at 23.0× the daily baseline");
    assert_string_equal(f->sub,
                        "Mean incidents per day at each day before and after a release "
                        "(day 0 = release day)");
}

static void test_event_study_below_baseline(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    add_release(f, "r1", NULL, "2026-08-01T00:00:00Z");
    given_releases(f);
    /* no incident on 1 August: 0.00 against 2/92 = 0.0217, shown 0.02 */
    t0_chart_title_event_study(compute(f), f->title, sizeof f->title, f->sub,
                               sizeof f->sub);
    assert_string_equal(
        f->title, "Release days see 0.00 incidents against a baseline of 0.02 a day");
}

static void test_event_study_no_releases(void **state)
{
    struct fixture *f = *state;
    two_incidents(f);
    t0_chart_title_event_study(compute(f), f->title, sizeof f->title, f->sub,
                               sizeof f->sub);
    assert_string_equal(f->title, "Incidents around releases");
}

/* ---- rolling window and alert replay ---- */

static void test_rolling(void **state)
{
    struct fixture *f = *state;
    const struct t0_report *rep = compute(f);
    assert_non_null(rep->slos[0].burn);
    /* no incidents: the 28-day window met the objective all month */
    t0_chart_title_rolling(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "Rolling 28 days met the 99.9% objective all month");
    assert_string_equal(f->sub,
                        "Attainment over the 28 days before each midnight of October "
                        "2026, % of minutes good");
}

static void test_burn(void **state)
{
    struct fixture *f = *state;
    /* major, 10 October 12:00 for 30 minutes, detected 13 minutes in: the 1h
     * page fires a minute in, before it was declared (as test_burn.c works
     * out); the default page rules' long windows are 1 h and 6 h */
    add(f, "A", T0_IMPACT_MAJOR, "2026-10-10T12:00:00Z", 30);
    f->ds->incidents[0].detected_at = T("2026-10-10T12:13:00Z");
    const struct t0_report *rep = compute(f);
    int64_t lines[T0_CHART_BURN_LINES];
    assert_int_equal(t0_chart_burn_lines(rep->slos[0].burn, lines), 2);
    assert_int_equal(lines[0], 60);
    assert_int_equal(lines[1], 360);
    t0_chart_title_burn(rep, 0, f->title, sizeof f->title, f->sub, sizeof f->sub);
    assert_string_equal(f->title, "API: the one incident was paged before it was "
                                  "declared; every page matched an incident");
    assert_string_equal(f->sub,
                        "Burn rate over the last 1h and 6h (log scale; 1 spends the "
                        "budget exactly), page thresholds dashed. Bands: page and ticket "
                        "episodes. Marks: incidents with their page lead (hollow: a page "
                        "no incident was near).");
}

/* Titles are cut to the buffer, never past it. */
static void test_cut(void **state)
{
    struct fixture *f = *state;
    char title[12], sub[8];
    t0_chart_title_attainment(compute(f), 0, title, sizeof title, sub, sizeof sub);
    assert_string_equal(title, "API met its");
    assert_string_equal(sub, "Monthly");
}

#define T_(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T_(test_attainment_met),
        T_(test_attainment_missed),
        T_(test_attainment_one_month_plural_name),
        T_(test_attainment_no_data),
        T_(test_burndown_exhausted),
        T_(test_burndown_met_whole_month),
        T_(test_burndown_partial_month),
        T_(test_burndown_no_budget),
        T_(test_burndown_not_begun),
        T_(test_calendar_worst_day),
        T_(test_calendar_no_incidents),
        T_(test_weekday_hour),
        T_(test_weekday_hour_no_incidents),
        T_(test_timeline_no_releases),
        T_(test_timeline_no_incidents),
        T_(test_timeline_with_releases),
        T_(test_timeline_releases_no_incidents),
        T_(test_event_study),
        T_(test_event_study_below_baseline),
        T_(test_event_study_no_releases),
        T_(test_rolling),
        T_(test_burn),
        T_(test_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
