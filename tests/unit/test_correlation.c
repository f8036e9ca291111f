/* test_correlation.c: the release analysis (src/engine/correlation.c), worked out by
 * hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "tierzero/config.h"
#include "tierzero/report.h"
#include "tierzero/slo.h"
#include "tierzero/correlation.h"

static void near(double got, double want, double rel, const char *file, int line)
{
    if (!(fabs(got - want) <= rel * fabs(want))) {
        print_error("%.17g != %.17g (relative tolerance %g)\n", got, want, rel);
        _fail(file, line);
    }
}
#define assert_near(got, want, rel) near((got), (want), (rel), __FILE__, __LINE__)
#define assert_value(v, want, rel)                                                       \
    do {                                                                                 \
        assert_null((v).reason);                                                         \
        assert_near((v).value, (want), (rel));                                           \
    } while (0)

#define H INT64_C(3600000)

/* ---- a report built by hand: the fields the release analysis reads ---- */

struct fixture {
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_report rep;
    struct t0_slo_result slo_result;
    struct t0_slo_window months[3];
    double bad[32]; /* per incident, one SLO */
};

static struct t0_symlist symlist(struct t0_dataset *ds, const char *a, const char *b)
{
    struct t0_symlist l = {NULL, 0};
    t0_sym *items = t0_arena_alloc(ds->arena, 2 * sizeof *items);
    if (a)
        items[l.count++] = t0_symtab_intern(ds->symbols, a, strlen(a));
    if (b)
        items[l.count++] = t0_symtab_intern(ds->symbols, b, strlen(b));
    l.items = items;
    return l;
}

static struct t0_release *add_release(struct fixture *f, const char *id, t0_ms at,
                                      const char *service)
{
    struct t0_release *r = t0_dataset_add_release(f->ds);
    assert_non_null(r);
    r->id = id; /* a literal: outlives the dataset */
    r->released_at = at;
    r->services = symlist(f->ds, service, NULL);
    r->index = (uint32_t)(f->ds->n_releases - 1);
    return r;
}

static struct t0_incident *add_incident(struct fixture *f, t0_ms at, const char *service,
                                        double bad_minutes)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = "INC";
    inc->impact = T0_IMPACT_MAJOR;
    inc->started_at = at;
    inc->detected_at = inc->mitigated_at = inc->resolved_at = T0_NO_TIME;
    inc->services = symlist(f->ds, service, NULL);
    inc->index = (uint32_t)(f->ds->n_incidents - 1);
    f->bad[f->ds->n_incidents - 1] = bad_minutes;
    return inc;
}

static void caused_by(struct fixture *f, struct t0_incident *inc, const char *a,
                      const char *b)
{
    const char **list = t0_arena_alloc(f->ds->arena, 2 * sizeof *list);
    list[0] = a;
    list[1] = b;
    inc->caused_by = list;
    inc->n_caused_by = b ? 2 : 1;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ds = t0_dataset_new();
    assert_non_null(f->ds);
    assert_int_equal(t0_config_init(&f->cfg), T0_OK);
    f->cfg.window_hours = 72;
    f->cfg.window_ms = 72 * H;
    f->cfg.event_study_days = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    t0_report_release(&f->rep);
    t0_config_release(&f->cfg);
    t0_dataset_free(f->ds);
    free(f);
    return 0;
}

/* The report over [0, 1000 h) with as_of = 1000 h, three "months"
 * [0, 300 h), [300 h, 600 h), [600 h, 1000 h) of the default "*" SLO (never
 * exhausted), and one day per 24 h. Called once the dataset is complete. */
static void build_report(struct fixture *f, t0_ms as_of)
{
    struct t0_report *rep = &f->rep;
    memset(rep, 0, sizeof *rep);
    rep->data = f->ds;
    rep->config = &f->cfg;
    rep->period_start = 0;
    rep->period_end = 1000 * H;
    rep->as_of = as_of;
    rep->windows[T0_WINDOW_MONTH].n = 3;
    const t0_ms bounds[4] = {0, 300 * H, 600 * H, 1000 * H};
    for (int m = 0; m < 3; m++) {
        memset(&f->months[m], 0, sizeof f->months[m]);
        f->months[m].month.year = 2026;
        f->months[m].month.month = m + 1;
        f->months[m].start = bounds[m];
        f->months[m].end = bounds[m + 1];
        f->months[m].exhausted_at = T0_NO_TIME;
    }
    f->slo_result.slo = &f->cfg.slos[0];
    f->slo_result.figures[T0_WINDOW_MONTH] = f->months;
    /* owned by the report from here on, as the engine's are */
    rep->slos = calloc(1, sizeof *rep->slos);
    assert_non_null(rep->slos);
    rep->slos[0] = f->slo_result;
    rep->slos[0].figures[T0_WINDOW_MONTH] = malloc(3 * sizeof *f->months);
    memcpy(rep->slos[0].figures[T0_WINDOW_MONTH], f->months, 3 * sizeof *f->months);
    rep->n_slos = 1;

    size_t n = f->ds->n_incidents;
    rep->incidents = calloc(n ? n : 1, sizeof *rep->incidents);
    double *bad = calloc(n ? n : 1, sizeof *bad); /* one block, as the engine's */
    assert_true(rep->incidents && bad);
    for (size_t i = 0; i < n; i++) {
        t0_ms s = f->ds->incidents[i].started_at;
        bad[i] = f->bad[i];
        rep->incidents[i].bad_minutes = &bad[i];
        rep->incidents[i].counted = s < as_of;
        rep->incidents[i].in_period = s >= 0 && s < 1000 * H && s < as_of;
    }
    if (n == 0)
        rep->incidents[0].bad_minutes = bad;

    rep->n_days = 42; /* 42 * 24 h = 1008 h >= 1000 h */
    rep->days = calloc(rep->n_days, sizeof *rep->days);
    double *day_bad = calloc(rep->n_days, sizeof *day_bad);
    assert_true(rep->days && day_bad);
    for (size_t d = 0; d < rep->n_days; d++) {
        rep->days[d].start = (t0_ms)d * 24 * H;
        rep->days[d].end = (t0_ms)(d + 1) * 24 * H;
        rep->days[d].bad_minutes = &day_bad[d];
    }
}

/*
 * The worked example (W = 72 h, D = 1, times in hours):
 *   releases  r0 @10 [api], r1 @20 [web], r2 @200 [none], r3 @300 [web],
 *             r4 @400 [web]
 *   incidents i0 @10 [api] bad 5, i1 @82 [api], i2 @30 [web] bad 7,
 *             i3 @40 [none] bad 11, i4 @250 [db] bad 13, i5 @150 [api]
 *             caused_by r3 and "nope", i6 @310 [api]
 */
static void worked_example(struct fixture *f)
{
    add_release(f, "r0", 10 * H, "api");
    add_release(f, "r1", 20 * H, "web");
    add_release(f, "r2", 200 * H, NULL);
    add_release(f, "r3", 300 * H, "web");
    add_release(f, "r4", 400 * H, "web");
    add_incident(f, 10 * H, "api", 5);
    add_incident(f, 82 * H, "api", 0);
    add_incident(f, 30 * H, "web", 7);
    add_incident(f, 40 * H, NULL, 11);
    add_incident(f, 250 * H, "db", 13);
    struct t0_incident *i5 = add_incident(f, 150 * H, "API", 0);
    caused_by(f, i5, "r3", "nope");
    add_incident(f, 310 * H, "api", 0);
    build_report(f, 1000 * H);
}

/* A release long before the period (its window ends before the period
 * starts): the release history then covers the whole period, so the chance
 * test runs over all of it. It counts nowhere else. */
static void history_from_before(struct fixture *f)
{
    add_release(f, "r-early", -1000 * H, NULL);
}

static void test_report_correlate_attribution(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    struct t0_report *rep = &f->rep;
    assert_int_equal(t0_report_correlate(rep, NULL), T0_OK);
    assert_true(rep->has_releases);

    /* i0 starts exactly at r0: inside [r, r + W), attributed r0 */
    assert_true(rep->incidents[0].after_release);
    assert_int_equal(rep->incidents[0].attributed_release, 0);
    /* i1 at 82 = r0 + 72 exactly: outside r0's window; r1's [20, 92) holds it
     * but web does not match api */
    assert_false(rep->incidents[1].after_release);
    assert_int_equal(rep->incidents[1].attributed_release, -1);
    assert_true(rep->incidents[1].in_release_window); /* services ignored there */
    /* i2 [web] at 30: r0 is api, r1 is web: r1 */
    assert_int_equal(rep->incidents[2].attributed_release, 1);
    /* i3 without services at 40 matches r0 and r1: the latest, r1 */
    assert_int_equal(rep->incidents[3].attributed_release, 1);
    /* i4 [db] at 250: r2 has no services, so it matches */
    assert_int_equal(rep->incidents[4].attributed_release, 2);
    /* i5 at 150: in no window (caused_by does not attribute) */
    assert_false(rep->incidents[5].after_release);
    assert_false(rep->incidents[5].in_release_window);
    /* i6 [api] at 310: r3 [web] does not match; inside the union though */
    assert_false(rep->incidents[6].after_release);
    assert_true(rep->incidents[6].in_release_window);

    /* i0, i2, i3, i4 are after a release: 4 of 7 */
    assert_int_equal(rep->correlation.incidents_after_release, 4);
    assert_value(rep->correlation.share_after_release, 4.0 / 7.0, 1e-15);
}

static void test_report_correlate_failures(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    struct t0_report *rep = &f->rep;
    assert_int_equal(t0_report_correlate(rep, NULL), T0_OK);
    struct t0_release_results *out = &rep->releases;

    assert_int_equal(out->count, 5);
    for (uint32_t p = 0; p < 5; p++)
        assert_int_equal(out->releases[p].release, p); /* already in time order */
    /* r0 (i0), r1 (i2, i3), r2 (i4) by window; r3 by i5's caused_by only
     * (i6 is api, r3 web); r4 not at all; "nope" names no release */
    assert_true(out->releases[0].failed_by_window);
    assert_true(out->releases[1].failed_by_window);
    assert_true(out->releases[2].failed_by_window);
    assert_false(out->releases[3].failed_by_window);
    assert_true(out->releases[3].failed_by_caused_by);
    assert_true(out->releases[3].failed);
    assert_false(out->releases[4].failed);
    assert_false(out->releases[0].failed_by_caused_by);
    assert_int_equal(out->failed, 4);
    assert_value(out->change_failure_rate, 0.8, 1e-15); /* 4 / 5 */

    /* attributed: r0 {i0}, r1 {i2, i3}, r2 {i4}; bad minutes 5, 7+11, 13 */
    assert_int_equal(out->releases[0].attributed, 1);
    assert_int_equal(out->releases[1].attributed, 2);
    assert_int_equal(out->releases[2].attributed, 1);
    assert_int_equal(out->releases[3].attributed, 0);
    assert_near(out->releases[0].attributed_bad_minutes[0], 5.0, 1e-15);
    assert_near(out->releases[1].attributed_bad_minutes[0], 18.0, 1e-15);
    assert_near(out->releases[2].attributed_bad_minutes[0], 13.0, 1e-15);
    assert_true(out->releases[3].attributed_bad_minutes[0] == 0.0);

    /* releases per day: day 0 (0-24 h) r0, r1; day 8 (192-216) r2; day 12
     * (288-312) r3; day 16 (384-408) r4 */
    assert_int_equal(rep->days[0].releases, 2);
    assert_int_equal(rep->days[8].releases, 1);
    assert_int_equal(rep->days[12].releases, 1);
    assert_int_equal(rep->days[16].releases, 1);
    assert_int_equal(rep->days[1].releases, 0);
    assert_int_equal(out->n_violations, 0); /* nothing is exhausted */
}

static void test_report_correlate_chance_test(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    history_from_before(f);
    struct t0_report *rep = &f->rep;
    assert_int_equal(t0_report_correlate(rep, NULL), T0_OK);
    struct t0_correlation *c = &rep->correlation;

    /* union: [10, 82) and [20, 92) -> [10, 92) = 82 h; [200, 272), [300, 372),
     * [400, 472) = 72 h each: 298 h of 1000 h */
    assert_value(c->coverage, 0.298, 1e-15);
    /* k: i0 10, i1 82, i2 30, i3 40, i4 250, i6 310 inside; i5 150 not */
    assert_int_equal(c->k, 6);
    assert_int_equal(c->n, 7);
    /* (6 / .298) / (1 / .702) = 6 * 702 / 298 */
    assert_value(c->rate_ratio, 6.0 * 702.0 / 298.0, 1e-14);
    /* scipy.stats.binom.sf(5, 7, 0.298) = 0.003650076708439321 */
    assert_value(c->p_value, 0.003650076708439321, 1e-9);
    /* lo = scipy.stats.beta.ppf(0.025, 6, 2) = 0.4212768029568048,
     * hi = scipy.stats.beta.ppf(0.975, 7, 1) = 0.9963897031380994,
     * each p / (1 - p) * 702 / 298: 1.7148159067210138, 650.1404162848266 */
    assert_null(c->rate_ratio_ci95_reason);
    assert_value(c->rate_ratio_ci95[0], 1.7148159067210138, 1e-9);
    assert_value(c->rate_ratio_ci95[1], 650.1404162848266, 1e-9);
    assert_near(c->window_hours, 72.0, 0);
}

static void test_report_correlate_event_study(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    /* D = 1; days [r - 24, r), [r, r + 24), [r + 24, r + 48):
     *   r0 @10:  none | 10, 30 | 40       -> 0 2 1
     *   r1 @20:  10   | 30, 40 | none     -> 1 2 0
     *   r2 @200: none | none   | none (250 is past 248)
     *   r3 @300: none | 310    | none     -> 0 1 0
     *   r4 @400: none
     * sums 1 5 1 over 5 releases */
    assert_int_equal(c->event_study_days, 1);
    assert_null(c->mean_per_day_reason);
    assert_near(c->mean_per_day[0], 0.2, 1e-15);
    assert_near(c->mean_per_day[1], 1.0, 1e-15);
    assert_near(c->mean_per_day[2], 0.2, 1e-15);
    /* 7 incidents over 1000 / 24 days */
    assert_value(c->baseline_per_day, 7.0 * 24.0 / 1000.0, 1e-15);
}

static void test_report_correlate_event_study_counts_history(void **state)
{
    struct fixture *f = *state;
    /* an incident 10 h before the period (accepted, before as_of) falls on
     * day -1 of a release at 5 h; it is not one of the period's incidents */
    add_release(f, "r", 5 * H, NULL);
    add_incident(f, -10 * H, NULL, 0);
    add_incident(f, 1200 * H, NULL, 0); /* after as_of: nowhere */
    build_report(f, 1100 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    assert_near(c->mean_per_day[0], 1.0, 1e-15);
    assert_true(c->mean_per_day[1] == 0.0);
    assert_int_equal(c->n, 0);
    assert_false(f->rep.incidents[0].after_release);
    assert_int_equal(f->rep.incidents[0].attributed_release, -1);
}

static void test_report_correlate_monthly_spearman(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    /* bad minutes of the first SLO per month: 5, 5, 9 */
    f->rep.slos[0].figures[T0_WINDOW_MONTH][0].bad_minutes = 5;
    f->rep.slos[0].figures[T0_WINDOW_MONTH][1].bad_minutes = 5;
    f->rep.slos[0].figures[T0_WINDOW_MONTH][2].bad_minutes = 9;
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    /* releases per month 3 (10, 20, 200), 2 (300, 400), 0; incidents 6, 1, 0:
     * same order, rho = 1 */
    assert_value(c->spearman_releases_incidents, 1.0, 1e-15);
    /* release ranks 3 2 1, bad ranks 1.5 1.5 3: dx 1 0 -1, dy -.5 -.5 1;
     * sxy = -1.5, sxx = 2, syy = 1.5: -1.5 / sqrt(3) */
    assert_value(c->spearman_releases_bad_minutes, -1.5 / sqrt(3.0), 1e-14);
}

static void test_report_correlate_spearman_months_before_as_of(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 10 * H, NULL);
    add_incident(f, 20 * H, NULL, 0);
    history_from_before(f);
    /* as_of at 300 h: only the first month began before it */
    build_report(f, 300 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    assert_non_null(f->rep.correlation.spearman_releases_incidents.reason);
    assert_non_null(f->rep.correlation.spearman_releases_bad_minutes.reason);
    /* coverage over the 300 elapsed hours: 72 / 300 */
    assert_value(f->rep.correlation.coverage, 0.24, 1e-15);
    /* as_of at 300 h + 1 ms: two months, releases 1, 0; incidents 1, 0 */
    t0_report_release(&f->rep);
    build_report(f, 300 * H + 1);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    assert_value(f->rep.correlation.spearman_releases_incidents, 1.0, 1e-15);
    /* bad minutes 0, 0: constant */
    assert_non_null(f->rep.correlation.spearman_releases_bad_minutes.reason);
}

static void test_report_correlate_no_releases(void **state)
{
    struct fixture *f = *state;
    add_incident(f, 10 * H, NULL, 0);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_report *rep = &f->rep;
    assert_true(rep->has_releases);
    assert_int_equal(rep->releases.count, 0);
    assert_non_null(rep->releases.change_failure_rate.reason);
    assert_null(rep->correlation.mean_per_day);
    assert_non_null(rep->correlation.mean_per_day_reason);
    /* coverage 0: p = 1, rate ratio and interval null */
    assert_value(rep->correlation.coverage, 0.0, 0);
    assert_value(rep->correlation.p_value, 1.0, 0);
    assert_non_null(rep->correlation.rate_ratio.reason);
    assert_non_null(rep->correlation.rate_ratio_ci95_reason);
    assert_non_null(rep->correlation.rate_ratio_ci95[0].reason);
    assert_value(rep->correlation.share_after_release, 0.0, 0);
}

static void test_report_correlate_no_incidents(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 10 * H, NULL);
    history_from_before(f);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_report *rep = &f->rep;
    assert_int_equal(rep->releases.count, 1);
    assert_false(rep->releases.releases[0].failed);
    assert_value(rep->releases.change_failure_rate, 0.0, 0);
    assert_int_equal(rep->correlation.n, 0);
    assert_non_null(rep->correlation.share_after_release.reason);
    assert_value(rep->correlation.coverage, 0.072, 1e-15);
    assert_value(rep->correlation.p_value, 1.0, 0);
    assert_non_null(rep->correlation.rate_ratio.reason);
    assert_non_null(rep->correlation.rate_ratio_ci95_reason);
    assert_value(rep->correlation.baseline_per_day, 0.0, 0);
}

static void test_report_correlate_k_zero(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 500 * H, NULL);
    add_incident(f, 100 * H, NULL, 0);
    history_from_before(f);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    /* c = 72 / 1000, k = 0, n = 1: p = 1, ratio 0; interval [0, upper] with
     * upper = 1 - 0.025^(1/1) = 0.975: .975 / .025 * 928 / 72 = 39 * 928 / 72 */
    assert_int_equal(c->k, 0);
    assert_value(c->p_value, 1.0, 0);
    assert_value(c->rate_ratio, 0.0, 0);
    assert_null(c->rate_ratio_ci95_reason);
    assert_value(c->rate_ratio_ci95[0], 0.0, 0);
    assert_value(c->rate_ratio_ci95[1], 39.0 * 928.0 / 72.0, 1e-12);
}

static void test_report_correlate_k_equals_n(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 500 * H, NULL);
    add_incident(f, 571 * H, NULL, 0);
    history_from_before(f);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    /* k = n = 1: p = P(X >= 1) = c = 0.072 (scipy.stats.binom.sf(0, 1, 0.072)
     * = 0.072); ratio null; lower = 0.025^(1/1) = .025 -> .025 / .975 * 928
     * / 72; upper at k / n = 1: null */
    assert_int_equal(c->k, 1);
    assert_value(c->p_value, 0.072, 1e-14);
    assert_non_null(c->rate_ratio.reason);
    assert_null(c->rate_ratio_ci95_reason);
    assert_value(c->rate_ratio_ci95[0], 0.025 / 0.975 * 928.0 / 72.0, 1e-12);
    assert_non_null(c->rate_ratio_ci95[1].reason);
}

static void test_report_correlate_coverage_one(void **state)
{
    struct fixture *f = *state;
    f->cfg.window_ms = 2000 * H;
    add_release(f, "r", 0, NULL);
    add_incident(f, 5 * H, NULL, 0);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    assert_value(c->coverage, 1.0, 0);
    assert_value(c->p_value, 1.0, 0); /* P(X >= 1) with p = 1 */
    assert_non_null(c->rate_ratio.reason);
    assert_non_null(c->rate_ratio_ci95_reason);
    assert_non_null(c->rate_ratio_ci95[1].reason);
}

static void test_report_correlate_zero_window(void **state)
{
    struct fixture *f = *state;
    f->cfg.window_ms = 0;
    add_release(f, "r", 10 * H, NULL);
    struct t0_incident *i = add_incident(f, 10 * H, NULL, 0);
    caused_by(f, i, "r", NULL);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    /* [r, r) is empty: nothing after the release, coverage 0; caused_by
     * still fails it */
    assert_false(f->rep.incidents[0].after_release);
    assert_value(f->rep.correlation.coverage, 0.0, 0);
    assert_false(f->rep.releases.releases[0].failed_by_window);
    assert_true(f->rep.releases.releases[0].failed);
}

static void test_report_correlate_period_not_begun(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 10 * H, NULL);
    build_report(f, 0);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    assert_int_equal(f->rep.releases.count, 0); /* at or after as_of: left out */
    assert_non_null(c->coverage.reason);
    assert_value(c->p_value, 1.0, 0);
    assert_non_null(c->baseline_per_day.reason);
}

static void test_report_correlate_match_any_and_ties(void **state)
{
    struct fixture *f = *state;
    f->cfg.match_any = true;
    /* two releases at the same instant: the later in input order wins; the
     * third, earlier one, is listed first */
    add_release(f, "b", 50 * H, "web");
    add_release(f, "c", 50 * H, "web");
    add_release(f, "a", 40 * H, "web");
    add_incident(f, 60 * H, "api", 0);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    assert_int_equal(f->rep.incidents[0].attributed_release, 1);
    assert_int_equal(f->rep.releases.releases[0].release, 2);
    assert_int_equal(f->rep.releases.releases[1].release, 0);
    assert_int_equal(f->rep.releases.releases[2].release, 1);
    /* match any: every release is failed by the api incident */
    assert_int_equal(f->rep.releases.failed, 3);
}

static void test_report_correlate_large_is_not_quadratic(void **state)
{
    struct fixture *f = *state;
    /* 200,000 incidents against 50,000 releases, all on one service list
     * each; runs in well under a second when each query is a search */
    for (int r = 0; r < 50000; r++)
        add_release(f, "x", (t0_ms)r * 72000, r % 2 ? "web" : "api");
    for (int i = 0; i < 200000; i++) {
        struct t0_incident *inc = t0_dataset_add_incident(f->ds);
        inc->id = "I";
        inc->started_at = (t0_ms)i * 18000;
        inc->detected_at = inc->mitigated_at = inc->resolved_at = T0_NO_TIME;
        inc->services = symlist(f->ds, i % 3 ? "api" : "db", NULL);
    }
    struct t0_report *rep = &f->rep;
    memset(rep, 0, sizeof *rep);
    rep->data = f->ds;
    rep->config = &f->cfg;
    rep->period_start = 0;
    rep->period_end = 1000 * H;
    rep->as_of = 1000 * H;
    rep->incidents = calloc(f->ds->n_incidents, sizeof *rep->incidents);
    double *bad = calloc(f->ds->n_incidents, sizeof *bad);
    for (size_t i = 0; i < f->ds->n_incidents; i++)
        rep->incidents[i].bad_minutes = &bad[i];
    assert_int_equal(t0_report_correlate(rep, NULL), T0_OK);
    assert_int_equal(rep->releases.count, 50000);
    assert_int_equal(rep->correlation.n, 200000);
    /* every incident starts within 72 h of a release: the union covers
     * everything from the first release on */
    assert_int_equal(rep->correlation.k, 200000);
    /* an api incident at 18 s * i: the latest api release (even r) at or
     * before it is within 72 h; db incidents have no db release */
    assert_true(rep->incidents[1].after_release);
    assert_false(rep->incidents[3].after_release);
}

/* ---- the attributable share (definitions.md §3), by hand ---- */

#define assert_share_null(a)                                                             \
    do {                                                                                 \
        assert_non_null((a).share.reason);                                               \
        assert_non_null((a).ci95_reason);                                                \
        assert_non_null((a).ci95[0].reason);                                             \
        assert_non_null((a).ci95[1].reason);                                             \
    } while (0)

static void test_attributable_share_worked_example(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    history_from_before(f);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    const struct t0_attributable *a = &f->rep.correlation.attributable;
    /* k = 6, n = 7, c = 0.298: (6/7 - 298/1000) / (702/1000)
     * = (6000 - 7 * 298) / (7 * 702) = 3914 / 4914 */
    assert_value(a->share, 3914.0 / 4914.0, 1e-14);
    /* Clopper-Pearson of 6 / 7 (see the chance test): 0.4212768029568048,
     * 0.9963897031380994, each (p - 0.298) / 0.702 */
    assert_null(a->ci95_reason);
    assert_value(a->ci95[0], (0.4212768029568048 - 0.298) / 0.702, 1e-9);
    assert_value(a->ci95[1], (0.9963897031380994 - 0.298) / 0.702, 1e-9);
}

static void test_attributable_share_k_zero(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 500 * H, NULL);
    add_incident(f, 100 * H, NULL, 0);
    build_report(f, 1000 * H);
    history_from_before(f);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    const struct t0_attributable *a = &f->rep.correlation.attributable;
    /* k = 0, n = 1, c = 0.072: -0.072 / 0.928 = -72 / 928, negative: the
     * window holds fewer incidents than its share of time; the interval
     * [0, 0.975] of k / n becomes [-72 / 928, 903 / 928] and straddles 0 */
    assert_value(a->share, -72.0 / 928.0, 1e-14);
    assert_null(a->ci95_reason);
    assert_value(a->ci95[0], -72.0 / 928.0, 1e-14);
    assert_value(a->ci95[1], 903.0 / 928.0, 1e-12);
}

static void test_attributable_share_k_equals_n(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 500 * H, NULL);
    add_incident(f, 571 * H, NULL, 0);
    build_report(f, 1000 * H);
    history_from_before(f);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    const struct t0_attributable *a = &f->rep.correlation.attributable;
    /* k = n = 1: (1 - c) / (1 - c) = 1 exactly; the interval [0.025, 1]
     * becomes [(0.025 - 0.072) / 0.928, 1]: the upper end is defined here,
     * unlike the rate ratio's */
    assert_value(a->share, 1.0, 0);
    assert_null(a->ci95_reason);
    assert_value(a->ci95[0], -47.0 / 928.0, 1e-12);
    assert_value(a->ci95[1], 1.0, 0);
}

static void test_attributable_share_straddles_zero(void **state)
{
    struct fixture *f = *state;
    f->cfg.window_ms = 250 * H;
    add_release(f, "r", 0, NULL);
    add_incident(f, 100 * H, NULL, 0); /* inside [0, 250 h) */
    add_incident(f, 600 * H, NULL, 0); /* outside */
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    const struct t0_attributable *a = &f->rep.correlation.attributable;
    /* k = 1, n = 2, c = 0.25: (0.5 - 0.25) / 0.75 = 1/3. Clopper-Pearson of
     * 1 / 2: lower 1 - 0.975^(1/2) (Beta(1, 2)), upper 0.975^(1/2) (Beta(2, 1));
     * transformed: 1 - sqrt(.975) / .75 < 0 < (sqrt(.975) - .25) / .75 */
    assert_value(a->share, 1.0 / 3.0, 1e-14);
    assert_null(a->ci95_reason);
    assert_value(a->ci95[0], 1.0 - sqrt(0.975) / 0.75, 1e-9);
    assert_value(a->ci95[1], (sqrt(0.975) - 0.25) / 0.75, 1e-9);
    assert_true(a->ci95[0].value < 0 && a->ci95[1].value > 0);
}

static void test_attributable_share_coverage_zero_and_one(void **state)
{
    struct fixture *f = *state;
    /* coverage 0 (a zero window): defined, share = k / n = 0 and the
     * interval that of k / n, [0, 0.975] */
    f->cfg.window_ms = 0;
    add_release(f, "r", 10 * H, NULL);
    add_incident(f, 100 * H, NULL, 0);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    const struct t0_attributable *a = &f->rep.correlation.attributable;
    assert_value(f->rep.correlation.coverage, 0.0, 0);
    assert_value(a->share, 0.0, 0);
    assert_null(a->ci95_reason);
    assert_value(a->ci95[0], 0.0, 0);
    assert_value(a->ci95[1], 0.975, 1e-12);

    /* coverage 1: null, the interval null as a whole */
    t0_report_release(&f->rep);
    f->cfg.window_ms = 2000 * H;
    build_report(f, 1000 * H);
    f->ds->releases[0].released_at = 0;
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    assert_value(f->rep.correlation.coverage, 1.0, 0);
    assert_share_null(f->rep.correlation.attributable);
}

static void test_attributable_share_no_incidents(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 10 * H, NULL);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    /* n = 0: null with a reason, the interval too */
    assert_int_equal(f->rep.correlation.n, 0);
    assert_share_null(f->rep.correlation.attributable);
    assert_share_null(f->rep.correlation.per_slo[0].attributable);

    /* a period that has not begun: null as well */
    t0_report_release(&f->rep);
    build_report(f, 0);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    assert_share_null(f->rep.correlation.attributable);
}

/* The worked example with two more SLOs, "api" and "web" (months copied
 * from the first: the violations read them). */
static void add_service_slos(struct fixture *f, struct t0_slo *slos)
{
    memset(slos, 0, 2 * sizeof *slos);
    slos[0].name = "API";
    slos[0].symbols = symlist(f->ds, "api", NULL);
    slos[1].name = "Web";
    slos[1].symbols = symlist(f->ds, "web", NULL);
    struct t0_report *rep = &f->rep;
    struct t0_slo_result *grown = realloc(rep->slos, 3 * sizeof *grown);
    assert_non_null(grown);
    rep->slos = grown;
    for (size_t s = 1; s < 3; s++) {
        rep->slos[s] = rep->slos[0];
        rep->slos[s].slo = &slos[s - 1];
        rep->slos[s].figures[T0_WINDOW_MONTH] = malloc(3 * sizeof *f->months);
        assert_non_null(rep->slos[s].figures[T0_WINDOW_MONTH]);
        memcpy(rep->slos[s].figures[T0_WINDOW_MONTH], f->months, 3 * sizeof *f->months);
    }
    rep->n_slos = 3;
    /* per-incident bad minutes: one per SLO now, in one block as before */
    size_t n = f->ds->n_incidents;
    double *bad = calloc(3 * (n ? n : 1), sizeof *bad);
    assert_non_null(bad);
    for (size_t i = 0; i < n; i++)
        bad[3 * i] = bad[3 * i + 1] = bad[3 * i + 2] = f->bad[i];
    free(rep->incidents[0].bad_minutes);
    for (size_t i = 0; i < (n ? n : 1); i++)
        rep->incidents[i].bad_minutes = &bad[3 * i];
}

static void test_attributable_share_per_slo(void **state)
{
    struct fixture *f = *state;
    struct t0_slo slos[2];
    worked_example(f);
    add_service_slos(f, slos);
    history_from_before(f);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    const struct t0_correlation *c = &f->rep.correlation;
    assert_null(c->per_slo_reason);
    assert_non_null(c->per_slo);

    /* "*": every release and incident, the overall figure */
    assert_int_equal(c->per_slo[0].releases, 5);
    assert_int_equal(c->per_slo[0].k, 6);
    assert_int_equal(c->per_slo[0].n, 7);
    assert_value(c->per_slo[0].attributable.share, 3914.0 / 4914.0, 1e-14);

    /* api: r0 only (r2 names no service: "*" SLOs only); window [10, 82):
     * c = 0.072. Incidents i0 @10, i1 @82, i5 @150 ("API"), i6 @310: n = 4;
     * only i0 inside (82 is the window's end): k = 1.
     * (1/4 - 0.072) / 0.928 = 178 / 928. Clopper-Pearson of 1 / 4: lower
     * 1 - 0.975^(1/4), upper scipy.stats.beta.ppf(0.975, 2, 3) =
     * 0.8058795503167565 */
    const struct t0_slo_attribution *api = &c->per_slo[1];
    assert_int_equal(api->releases, 1);
    assert_value(api->coverage, 0.072, 1e-15);
    assert_int_equal(api->k, 1);
    assert_int_equal(api->n, 4);
    assert_value(api->attributable.share, 178.0 / 928.0, 1e-14);
    assert_null(api->attributable.ci95_reason);
    assert_value(api->attributable.ci95[0], (1.0 - pow(0.975, 0.25) - 0.072) / 0.928,
                 1e-9);
    assert_value(api->attributable.ci95[1], (0.8058795503167565 - 0.072) / 0.928, 1e-9);

    /* web: r1 @20, r3 @300, r4 @400: [20, 92), [300, 372), [400, 472) =
     * 216 h, c = 0.216; its one incident i2 @30 is inside: k = n = 1, share
     * 1, interval [(0.025 - 0.216) / 0.784, 1] */
    const struct t0_slo_attribution *web = &c->per_slo[2];
    assert_int_equal(web->releases, 3);
    assert_value(web->coverage, 0.216, 1e-15);
    assert_int_equal(web->k, 1);
    assert_int_equal(web->n, 1);
    assert_value(web->attributable.share, 1.0, 0);
    assert_value(web->attributable.ci95[0], -0.191 / 0.784, 1e-12);
    assert_value(web->attributable.ci95[1], 1.0, 0);
}

static void test_attributable_share_per_slo_match_any(void **state)
{
    struct fixture *f = *state;
    struct t0_slo slos[2];
    f->cfg.match_any = true;
    worked_example(f);
    add_service_slos(f, slos);
    history_from_before(f);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    /* releases are not matched to services: no per-SLO figure, a reason */
    assert_null(f->rep.correlation.per_slo);
    assert_non_null(f->rep.correlation.per_slo_reason);
    /* the overall figure ignores services anyway */
    assert_value(f->rep.correlation.attributable.share, 3914.0 / 4914.0, 1e-14);
}

/* ---- through the engine: violations (definitions.md rule 3.1.12) ---- */

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

static void test_report_compute_violations(void **state)
{
    struct fixture *f = *state;
    /* January 2026 (UTC), default SLO "*" at 99.9 %: 44640 minutes, budget
     * 44.64 minutes = 2678.4 s. A major outage from 2026-01-05T00:00Z for an
     * hour reaches it at 00:44:38.400. */
    struct t0_incident *inc = add_incident(f, T("2026-01-05T00:00:00Z"), NULL, 0);
    inc->resolved_at = T("2026-01-05T01:00:00Z");
    inc->id = "I1";
    add_release(f, "early", T("2026-01-05T00:44:38.399Z"), "web"); /* 1 ms before */
    add_release(f, "exact", T("2026-01-05T00:44:38.400Z"), NULL);  /* at: violation */
    add_release(f, "later", T("2026-01-05T02:00:00Z"), "web");     /* after: violation */
    add_release(f, "next-month", T("2026-02-02T00:00:00Z"), "web");
    f->ds->releases_input.present = true;
    f->ds->incidents_input.present = true;
    t0_config_bind(&f->cfg, f->ds);

    struct t0_error err;
    t0_error_clear(&err);
    struct t0_zone *zone = t0_zone_new("UTC", &err);
    assert_non_null(zone);
    struct t0_period_request req;
    memset(&req, 0, sizeof req);
    req.has_range = true;
    req.from.year = 2026;
    req.from.month = 1;
    req.to.year = 2026;
    req.to.month = 2;
    req.has_as_of = true;
    req.as_of = T("2026-03-01T00:00:00Z");
    req.history = 2;
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, zone, &req, &err), T0_OK);
    struct t0_report *rep = &f->rep;
    assert_true(rep->has_releases);
    assert_int_equal(rep->slos[0].figures[T0_WINDOW_MONTH][0].exhausted_at,
                     T("2026-01-05T00:44:38.400Z"));

    assert_int_equal(rep->releases.count, 4);
    assert_int_equal(rep->releases.n_violations, 2);
    const struct t0_violation *v = rep->releases.violations;
    assert_int_equal(v[0].release, 1);
    assert_int_equal(v[0].slo, 0);
    assert_int_equal(v[0].month.month, 1);
    /* exactly the budget at the exhausted instant: 100 % */
    assert_value(v[0].budget_consumed_pct, 100.0, 1e-12);
    assert_int_equal(v[1].release, 2);
    /* 60 bad minutes by 02:00: 100 * 60 / 44.64 */
    assert_value(v[1].budget_consumed_pct, 6000.0 / 44.64, 1e-12);

    /* the incident started before every release: none failed */
    assert_int_equal(rep->releases.failed, 0);
    /* chance test: the one incident started before the first release, so
     * outside the span the release history covers */
    assert_true(rep->correlation.chance_clipped);
    assert_int_equal(rep->correlation.n, 0);
    assert_int_equal(rep->correlation.k, 0);
    /* two months began before as_of: releases 3, 1; incidents 1, 0 */
    assert_value(rep->correlation.spearman_releases_incidents, 1.0, 1e-15);
    t0_zone_free(zone);
}

/* The worked example alone: its release history starts at 10 h, so the
 * chance test runs over [10 h, 1000 h) = 990 h. */
static void test_report_correlate_chance_test_from_first_release(void **state)
{
    struct fixture *f = *state;
    worked_example(f);
    struct t0_report *rep = &f->rep;
    assert_int_equal(t0_report_correlate(rep, NULL), T0_OK);
    struct t0_correlation *c = &rep->correlation;
    assert_true(c->chance_clipped);
    assert_int_equal(c->chance_from, 10 * H);
    assert_int_equal(c->chance_to, 1000 * H);
    /* the same 298 h of windows, of 990 h */
    assert_value(c->coverage, 298.0 / 990.0, 1e-15);
    /* every incident starts at or after 10 h (i0 exactly at it) */
    assert_int_equal(c->k, 6);
    assert_int_equal(c->n, 7);
    /* (6 / c) / (1 / (1 - c)) = 6 * 692 / 298 */
    assert_value(c->rate_ratio, 6.0 * 692.0 / 298.0, 1e-14);
    /* scipy.stats.binom.sf(5, 7, 298 / 990) = 0.003863521154839345 */
    assert_value(c->p_value, 0.003863521154839345, 1e-9);
    /* the beta quantiles of the worked example, each p / (1 - p) * 692 / 298 */
    assert_value(c->rate_ratio_ci95[0], 1.6903883297021958, 1e-9);
    assert_value(c->rate_ratio_ci95[1], 640.8791567935898, 1e-9);
    /* share after release stays over the whole period: 4 of 7, as above */
    assert_value(c->share_after_release, 4.0 / 7.0, 1e-15);
}

/* An incident before the first release is outside the chance test's span. */
static void test_report_correlate_chance_test_leaves_out_before_history(void **state)
{
    struct fixture *f = *state;
    add_release(f, "r", 500 * H, NULL);
    add_incident(f, 100 * H, NULL, 0);
    build_report(f, 1000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    assert_true(c->chance_clipped);
    assert_int_equal(c->chance_from, 500 * H);
    /* 72 h of windows in [500 h, 1000 h) */
    assert_value(c->coverage, 72.0 / 500.0, 1e-15);
    assert_int_equal(c->k, 0);
    assert_int_equal(c->n, 0);
    assert_value(c->p_value, 1.0, 0);
    assert_non_null(c->rate_ratio.reason);
    assert_non_null(c->rate_ratio_ci95_reason);
    /* share after release: 0 of the period's 1 incident */
    assert_value(c->share_after_release, 0.0, 0);
}

/* A release history that starts after as_of gives the test no span. */
static void test_report_correlate_chance_test_history_after_period(void **state)
{
    struct fixture *f = *state;
    add_incident(f, 100 * H, NULL, 0);
    add_release(f, "r", 1500 * H, NULL);
    build_report(f, 2000 * H);
    assert_int_equal(t0_report_correlate(&f->rep, NULL), T0_OK);
    struct t0_correlation *c = &f->rep.correlation;
    assert_true(c->chance_clipped);
    assert_int_equal(c->chance_from, 1000 * H);
    assert_string_equal(c->coverage.reason,
                        "the release history starts after the period");
    assert_value(c->p_value, 1.0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_correlate_attribution, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_chance_test, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_event_study, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_event_study_counts_history,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_monthly_spearman, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_report_correlate_spearman_months_before_as_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_no_releases, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_no_incidents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_k_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_k_equals_n, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_coverage_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_zero_window, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_period_not_begun, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_match_any_and_ties, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_correlate_large_is_not_quadratic,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_worked_example, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_k_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_k_equals_n, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_straddles_zero, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_coverage_zero_and_one,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_no_incidents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_per_slo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributable_share_per_slo_match_any, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_compute_violations, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_report_correlate_chance_test_from_first_release, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_report_correlate_chance_test_leaves_out_before_history, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_report_correlate_chance_test_history_after_period, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
