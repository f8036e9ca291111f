/* test_engine.c: the period, SLO months, statistics and days, worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

/* |got - want| <= eps, printing both on failure (cmocka 1.1.5 has no
 * assert_double_equal). */
static void near(double got, double want, double eps, const char *file, int line)
{
    if (!(fabs(got - want) <= eps)) {
        print_error("%.17g != %.17g (tolerance %g)\n", got, want, eps);
        _fail(file, line);
    }
}
#define assert_near(got, want, eps) near((got), (want), (eps), __FILE__, __LINE__)

#include "tierzero/report.h"
#include "tierzero/slo.h"

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

struct fixture {
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_slo slos[2];
    char *names[2][1];
    t0_sym syms[2][1];
    struct t0_zone *zone;
    struct t0_period_request req;
    struct t0_report rep;
};

static struct t0_symlist symlist(struct t0_dataset *ds, const char *name)
{
    struct t0_symlist l = {NULL, 0};
    t0_sym *items = t0_arena_alloc(ds->arena, sizeof *items);
    if (name)
        items[l.count++] = t0_symtab_intern(ds->symbols, name, strlen(name));
    l.items = items;
    return l;
}

static struct t0_incident *add(struct fixture *f, enum t0_impact impact, const char *from,
                               const char *to, const char *service)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = "INC";
    inc->title = "incident";
    inc->impact = impact;
    inc->started_at = T(from);
    inc->detected_at = T0_NO_TIME;
    inc->mitigated_at = T0_NO_TIME;
    inc->resolved_at = to ? T(to) : T0_NO_TIME;
    inc->services = symlist(f->ds, service);
    inc->index = (uint32_t)(f->ds->n_incidents - 1);
    return inc;
}

/* SLO i on one service ("*": all) with definitions.md §2.4's default weights. */
static void set_slo(struct fixture *f, size_t i, const char *service, int64_t objective)
{
    struct t0_slo *slo = &f->slos[i];
    memset(slo, 0, sizeof *slo);
    slo->name = (char *)(i == 0 ? "first" : "second");
    f->names[i][0] = (char *)service;
    slo->services = f->names[i];
    slo->n_services = 1;
    slo->all_services = strcmp(service, "*") == 0;
    if (!slo->all_services) {
        f->syms[i][0] = t0_symtab_intern(f->ds->symbols, service, strlen(service));
        slo->symbols = (struct t0_symlist){f->syms[i], 1};
    }
    slo->objective_micro = objective;
    slo->objective_pct = (double)objective / 1e6;
    slo->weight_micro[T0_IMPACT_MAJOR] = 1000000;
    slo->weight_micro[T0_IMPACT_PARTIAL] = 300000;
    if (f->cfg.n_slos < i + 1)
        f->cfg.n_slos = i + 1;
}

static int setup_zone(void **state, const char *zone)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->ds = t0_dataset_new();
    f->zone = t0_zone_new(zone, NULL);
    assert_non_null(f->zone);
    f->cfg.title = "Reliability review";
    f->cfg.timezone = (char *)zone;
    f->cfg.slos = f->slos;
    f->cfg.at_risk_pct = 75;
    f->cfg.at_risk_micro = 75000000;
    f->cfg.window_hours = 72;
    f->cfg.window_ms = 72 * T0_MS_PER_HOUR;
    f->cfg.event_study_days = 14;
    set_slo(f, 0, "*", 99900000);
    f->req.history = 12;
    f->req.now = T("2026-12-01T00:00:00Z");
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_zone(state, "UTC");
}

static int setup_berlin(void **state)
{
    return setup_zone(state, "Europe/Berlin");
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

static enum t0_status compute(struct fixture *f)
{
    t0_report_release(&f->rep);
    return t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &f->req, NULL);
}

static void test_t0_report_compute_default_review_month(void **state)
{
    struct fixture *f = *state;
    add(f, T0_IMPACT_MAJOR, "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z", "api");
    add(f, T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T10:30:00Z", "api");
    assert_int_equal(compute(f), T0_OK);
    /* Latest start in October; now (1 Dec) is past its end: as_of = 1 Nov. */
    assert_int_equal(f->rep.review.year, 2026);
    assert_int_equal(f->rep.review.month, 10);
    assert_int_equal(f->rep.from.year, 2025);
    assert_int_equal(f->rep.from.month, 11);
    assert_int_equal(t0_report_months(&f->rep), 12);
    assert_int_equal(f->rep.as_of, T("2026-11-01T00:00:00Z"));
    assert_int_equal(f->rep.period_start, T("2025-11-01T00:00:00Z"));
    assert_int_equal(f->rep.period_end, T("2026-11-01T00:00:00Z"));
    assert_int_equal(f->rep.review_start, T("2026-10-01T00:00:00Z"));
    /* Nov 2025 .. Oct 2026: 30+31+31+28+31+30+31+30+31+31+30+31 = 365 days. */
    assert_int_equal(f->rep.n_days, 365);
    assert_int_equal(f->rep.stats.count, 2);
    assert_false(f->rep.slos[0].figures[T0_WINDOW_MONTH][11].partial);

    /* as_of exactly at the October start: that incident is left out, and
     * the review month is September's. */
    f->req.has_as_of = true;
    f->req.as_of = T("2026-10-05T10:00:00Z");
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(f->rep.review.month, 9);
    assert_int_equal(f->rep.as_of, T("2026-10-05T10:00:00Z"));
    assert_int_equal(f->rep.stats.count, 1);
    assert_true(f->rep.incidents[0].counted);
    assert_false(f->rep.incidents[1].counted);
    assert_false(f->rep.incidents[1].in_period);
    /* September is complete: 43,200 elapsed minutes, 30 bad. */
    assert_near(f->rep.slos[0].figures[T0_WINDOW_MONTH][11].minutes_elapsed, 43200.0,
                0.0);
    assert_near(f->rep.slos[0].figures[T0_WINDOW_MONTH][11].bad_minutes, 30.0, 0.0);
    assert_int_equal(f->rep.slos[0].figures[T0_WINDOW_MONTH][11].incidents, 1);

    /* --month with now inside it: as_of = now, a partial month. */
    f->req.has_as_of = false;
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    f->req.now = T("2026-10-16T00:00:00Z");
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(f->rep.as_of, T("2026-10-16T00:00:00Z"));
    assert_true(f->rep.slos[0].figures[T0_WINDOW_MONTH][11].partial);
    /* 15 days elapsed = 21,600 min. */
    assert_near(f->rep.slos[0].figures[T0_WINDOW_MONTH][11].minutes_elapsed, 21600.0,
                0.0);
}

static void test_t0_report_compute_empty_history(void **state)
{
    struct fixture *f = *state;
    f->req.now = T("2026-03-15T12:00:00Z");
    assert_int_equal(compute(f), T0_OK);
    /* No incidents: the month holding now - 1 ms, as_of = now. */
    assert_int_equal(f->rep.review.year, 2026);
    assert_int_equal(f->rep.review.month, 3);
    assert_int_equal(f->rep.as_of, T("2026-03-15T12:00:00Z"));
    assert_int_equal(f->rep.stats.count, 0);
    assert_non_null(f->rep.stats.mean_days_between.reason);
    assert_non_null(f->rep.stats.off_hours_share.reason);
    assert_non_null(f->rep.stats.sleep_hours_share.reason);
    assert_non_null(f->rep.stats.by_weekday_hour_reason);
    assert_non_null(f->rep.stats.mttr_minutes.median.reason);
    assert_non_null(f->rep.stats.ttd_minutes.p90.reason);
    assert_false(f->rep.has_releases);
    assert_string_equal(f->rep.releases_reason, "no releases file was given");
    assert_string_equal(f->rep.correlation_reason, "no releases file was given");
    const struct t0_slo_window *mar = t0_report_month(&f->rep, 0, 11);
    assert_true(mar->partial);
    assert_true(mar->attainment_pct.value == 100.0);
    assert_int_equal(mar->status, T0_STATUS_MET);

    /* as_of on 1 April 00:00: the month holding as_of - 1 ms is March. */
    f->req.has_as_of = true;
    f->req.as_of = T("2026-04-01T00:00:00Z");
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(f->rep.review.month, 3);
    mar = t0_report_month(&f->rep, 0, 11);
    assert_false(mar->partial);
    assert_near(mar->minutes_elapsed, 44640.0, 0.0);
}

static void test_t0_report_compute_bad_range(void **state)
{
    struct fixture *f = *state;
    f->req.has_range = true;
    f->req.from = (struct t0_month){2026, 10};
    f->req.to = (struct t0_month){2026, 9};
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &f->req, &err),
                     T0_EUSAGE);
    assert_true(err.text[0] != '\0');
    /* September to October: review October, as_of = min(now, 1 Nov). */
    f->req.from = (struct t0_month){2026, 9};
    f->req.to = (struct t0_month){2026, 10};
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(t0_report_months(&f->rep), 2);
    assert_int_equal(f->rep.review.month, 10);
    assert_int_equal(f->rep.as_of, T("2026-11-01T00:00:00Z"));
    assert_int_equal(f->rep.n_days, 61);
}

/* --as-of at the first instant of year 1 leaves the review month 0000-12:
 * an input error naming --as-of, not a report of no month. */
static void test_t0_report_compute_no_month(void **state)
{
    struct fixture *f = *state;
    f->req.has_as_of = true;
    f->req.as_of = T("0001-01-01T00:00:00Z");
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &f->req, &err),
                     T0_EINPUT);
    assert_non_null(strstr(err.text, "--as-of 0001-01-01T00:00:00.000Z"));
    assert_non_null(strstr(err.text, "0000-12"));
    /* One millisecond later January of year 1 is the review month. */
    f->req.as_of = T("0001-01-01T00:00:00.001Z");
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(t0_report_months(&f->rep), 1);
    assert_int_equal(f->rep.review.year, 1);
    assert_int_equal(f->rep.review.month, 1);
}

static void test_t0_report_compute_slo_figures(void **state)
{
    struct fixture *f = *state;
    set_slo(f, 1, "API", 99500000); /* spelled differently from the incidents' "api" */
    add(f, T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T12:00:00Z", "api");
    add(f, T0_IMPACT_PARTIAL, "2026-10-05T11:00:00Z", "2026-10-05T13:00:00Z", NULL);
    struct t0_incident *web =
        add(f, T0_IMPACT_DEGRADED, "2026-10-06T00:00:00Z", "2026-10-06T01:00:00Z", "web");
    struct t0_segment *seg = t0_arena_alloc(f->ds->arena, sizeof *seg);
    *seg = (struct t0_segment){T("2026-10-06T00:00:00Z"), T("2026-10-06T00:30:00Z"),
                               T0_IMPACT_MAJOR, true, symlist(f->ds, "api")};
    web->segments = seg;
    web->n_segments = 1;
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    f->req.history = 2;
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(f->rep.n_slos, 2);
    assert_int_equal(t0_report_months(&f->rep), 2);

    /* "*": 5 Oct 10:00-12:00 at 1 (120) + 12:00-13:00 at 0.3 (18) + the api
     * segment 6 Oct 00:00-00:30 at 1 (30) = 168 min against 44.64. */
    const struct t0_slo_window *oct = t0_report_month(&f->rep, 0, 1);
    assert_near(oct->bad_minutes, 168.0, 1e-9);
    assert_int_equal(oct->status, T0_STATUS_EXHAUSTED);
    assert_int_equal(oct->exhausted_at, T("2026-10-05T10:44:38.400Z"));
    assert_int_equal(oct->incidents, 3);
    assert_int_equal(oct->month.month, 10);
    const struct t0_slo_window *sep = t0_report_month(&f->rep, 0, 0);
    assert_true(sep->bad_minutes == 0.0);
    assert_int_equal(sep->status, T0_STATUS_MET);
    assert_int_equal(sep->exhausted_at, T0_NO_TIME);

    /* "API" at 99.5: 120 (first) + 30 (the segment on api) = 150 min; the
     * incident without services does not match. Budget 0.5% x 44,640 = 223.2;
     * 150 / 223.2 = 67.2043 %: met. Its incidents: only the first (definitions.md
     * rule 3.1.10: the third's own services are "web"). */
    const struct t0_slo_window *api = t0_report_month(&f->rep, 1, 1);
    assert_near(api->bad_minutes, 150.0, 1e-9);
    assert_near(api->budget_minutes, 223.2, 1e-9);
    assert_near(api->budget_consumed_pct.value, 67.20430107526883, 1e-9);
    assert_int_equal(api->status, T0_STATUS_MET);
    assert_int_equal(api->incidents, 1);

    /* Period (Sep + Oct = 87,840 min, budget 87.84): exhausted 87.84 min
     * after 5 Oct 10:00 = 11:27:50.400; 168 / 87.84 = 191.2568 %. */
    const struct t0_slo_window *p = &f->rep.slos[0].figures[T0_WINDOW_PERIOD][0];
    assert_near(p->minutes_total, 87840.0, 0.0);
    assert_near(p->budget_minutes, 87.84, 1e-9);
    assert_near(p->budget_consumed_pct.value, 191.25683060109287, 1e-9);
    assert_int_equal(p->exhausted_at, T("2026-10-05T11:27:50.400Z"));
    assert_int_equal(p->incidents, 3);
    assert_int_equal(p->month.month, 10);

    /* Freeze: from October's exhausted_at to its end; none for "API". */
    assert_int_equal(f->rep.slos[0].n_freezes, 1);
    assert_int_equal(f->rep.slos[0].freezes[0].from, T("2026-10-05T10:44:38.400Z"));
    assert_int_equal(f->rep.slos[0].freezes[0].to, T("2026-11-01T00:00:00Z"));
    assert_int_equal(f->rep.slos[1].n_freezes, 0);

    /* Own bad minutes, overlaps not removed: the second incident has 2 h at
     * 0.3 = 36 min on "*" although the first covers half of it. */
    assert_near(f->rep.incidents[0].bad_minutes[0], 120.0, 1e-9);
    assert_near(f->rep.incidents[0].bad_minutes[1], 120.0, 1e-9);
    assert_near(f->rep.incidents[1].bad_minutes[0], 36.0, 1e-9);
    assert_near(f->rep.incidents[1].bad_minutes[1], 0.0, 0.0);
    assert_near(f->rep.incidents[2].bad_minutes[0], 30.0, 1e-9);
    assert_near(f->rep.incidents[2].bad_minutes[1], 30.0, 1e-9);
    assert_near(t0_incident_minutes(&f->ds->incidents[0], &f->rep.incidents[0]), 120.0,
                0.0);
    assert_int_equal(f->rep.incidents[0].attributed_release, -1);

    /* Days: 30 in September, so 5 October is index 34. */
    assert_int_equal(f->rep.n_days, 61);
    const struct t0_day *d5 = &f->rep.days[34];
    assert_int_equal(d5->day, 5);
    assert_int_equal(d5->month, 10);
    assert_int_equal(d5->start, T("2026-10-05T00:00:00Z"));
    assert_int_equal(d5->end, T("2026-10-06T00:00:00Z"));
    assert_int_equal(d5->incidents, 2);
    assert_near(d5->bad_minutes[0], 138.0, 1e-9);
    assert_near(d5->bad_minutes[1], 120.0, 1e-9);
    assert_true(d5->freeze);
    assert_false(f->rep.days[33].freeze);
    assert_true(f->rep.days[60].freeze);
    assert_near(f->rep.days[35].bad_minutes[0], 30.0, 1e-9);
    assert_int_equal(f->rep.days[35].incidents, 1);

    assert_int_equal(f->rep.stats.by_impact[T0_IMPACT_MAJOR], 1);
    assert_int_equal(f->rep.stats.by_impact[T0_IMPACT_PARTIAL], 1);
    assert_int_equal(f->rep.stats.by_impact[T0_IMPACT_DEGRADED], 1);
    assert_int_equal(f->rep.stats.by_impact[T0_IMPACT_NONE], 0);

    /* Consumption at an instant, for the release analysis: at 5 Oct 10:30,
     * 30 / 44.64 = 67.2043 % of "*", exhausted at 10:44:38.400. */
    t0_ms ex = 0;
    struct t0_value c = t0_report_consumed_at(&f->rep, 0, T("2026-10-05T10:30:00Z"), &ex);
    assert_near(c.value, 67.20430107526883, 1e-9);
    assert_int_equal(ex, T("2026-10-05T10:44:38.400Z"));
}

static void test_t0_report_compute_stats_off_hours_berlin(void **state)
{
    struct fixture *f = *state;
    /* October 2026 in Berlin is CEST (UTC+2) until the 25th. Local starts:
     * Mon 08:30 (working), Mon 07:30 (off, sleep), Fri 17:59 (working),
     * Fri 18:00 (off), Sat 12:00 (off), Sun 22:00 (off, sleep). In UTC the
     * shares would be 3/6 and 1/6. */
    struct t0_incident *a =
        add(f, T0_IMPACT_MAJOR, "2026-10-05T06:30:00Z", "2026-10-05T06:40:00Z", "api");
    struct t0_incident *b =
        add(f, T0_IMPACT_PARTIAL, "2026-10-05T05:30:00Z", "2026-10-05T05:50:00Z", "api");
    add(f, T0_IMPACT_DEGRADED, "2026-10-09T15:59:00Z", "2026-10-09T16:29:00Z", "api");
    add(f, T0_IMPACT_NONE, "2026-10-09T16:00:00Z", "2026-10-09T16:40:00Z", "api");
    add(f, T0_IMPACT_MAJOR, "2026-10-10T10:00:00Z", "2026-10-10T11:40:00Z", "api");
    add(f, T0_IMPACT_MAJOR, "2026-10-11T20:00:00Z", NULL, "api");
    a->detected_at = T("2026-10-05T06:35:00Z"); /* +5 min */
    b->detected_at = T("2026-10-05T05:29:00Z"); /* -1 min: kept */
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    f->req.has_as_of = true;
    f->req.as_of = T("2026-10-20T00:00:00Z");
    assert_int_equal(compute(f), T0_OK);
    const struct t0_incident_stats *st = &f->rep.stats;
    assert_int_equal(st->count, 6);
    assert_near(st->off_hours_share.value, 4.0 / 6.0, 1e-12);
    assert_near(st->sleep_hours_share.value, 2.0 / 6.0, 1e-12);
    assert_null(st->by_weekday_hour_reason);
    assert_int_equal(st->by_weekday_hour[0][8], 1);
    assert_int_equal(st->by_weekday_hour[0][7], 1);
    assert_int_equal(st->by_weekday_hour[4][17], 1);
    assert_int_equal(st->by_weekday_hour[4][18], 1);
    assert_int_equal(st->by_weekday_hour[5][12], 1);
    assert_int_equal(st->by_weekday_hour[6][22], 1);
    /* MTTR over the 5 resolved: 10, 20, 30, 40, 100 min. mean 40, median 30,
     * p90 at position 4 x 0.9 = 3.6: 40 + 0.6 x (100 - 40) = 76. */
    assert_int_equal(st->mttr_minutes.n, 5);
    assert_near(st->mttr_minutes.mean.value, 40.0, 1e-12);
    assert_near(st->mttr_minutes.median.value, 30.0, 1e-12);
    assert_near(st->mttr_minutes.p90.value, 76.0, 1e-12);
    /* TTD: -1 and 5. mean 2, median at 0.5: -1 + 0.5 x 6 = 2, p90 at 0.9:
     * -1 + 0.9 x 6 = 4.4. */
    assert_int_equal(st->ttd_minutes.n, 2);
    assert_near(st->ttd_minutes.mean.value, 2.0, 1e-12);
    assert_near(st->ttd_minutes.median.value, 2.0, 1e-12);
    assert_near(st->ttd_minutes.p90.value, 4.4, 1e-12);
    /* Period from 1 Nov 2025 00:00 CET = 31 Oct 23:00Z to as_of 20 Oct 2026
     * 00:00Z: 353 days 1 hour = 353.041666 days; / 6 = 58.84027777777778. */
    assert_int_equal(f->rep.period_start, T("2025-10-31T23:00:00Z"));
    assert_near(st->mean_days_between.value, 58.84027777777778, 1e-9);
    /* The ongoing incident lasts to as_of: 20 Oct 00:00Z - 11 Oct 20:00Z =
     * 8 d 4 h = 11,760 min. */
    assert_near(t0_incident_minutes(&f->ds->incidents[5], &f->rep.incidents[5]), 11760.0,
                0.0);
    assert_int_equal(f->rep.incidents[5].end, T("2026-10-20T00:00:00Z"));
    /* The month of a start is the local one. */
    assert_int_equal(f->rep.incidents[0].month.month, 10);
    /* October in Berlin has 31 x 1440 + 60 = 44,700 minutes (DST ends 25 Oct). */
    assert_near(t0_report_month(&f->rep, 0, 11)->minutes_total, 44700.0, 0.0);
    /* The day of the change has 25 hours. */
    const struct t0_day *d25 = &f->rep.days[f->rep.n_days - 7];
    assert_int_equal(d25->day, 25);
    assert_int_equal(d25->end - d25->start, 25 * T0_MS_PER_HOUR);
}

static void test_t0_report_compute_dst_march_berlin(void **state)
{
    struct fixture *f = *state;
    add(f, T0_IMPACT_MAJOR, "2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z", "api");
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 3};
    f->req.history = 1;
    assert_int_equal(compute(f), T0_OK);
    /* March 2026 in Berlin: 31 x 1440 - 60 = 44,580 min; budget 44.58 min,
     * reached 44:34.8 after 00:30Z. */
    const struct t0_slo_window *m = t0_report_month(&f->rep, 0, 0);
    assert_near(m->minutes_total, 44580.0, 0.0);
    assert_near(m->bad_minutes, 120.0, 0.0);
    assert_int_equal(m->exhausted_at, T("2026-03-29T01:14:34.800Z"));
    assert_int_equal(f->rep.n_days, 31);
    /* 29 March has 23 hours and holds all 120 min. */
    assert_int_equal(f->rep.days[28].end - f->rep.days[28].start, 23 * T0_MS_PER_HOUR);
    assert_near(f->rep.days[28].bad_minutes[0], 120.0, 0.0);
}

/* Many incidents: the computation stays O(n log n) (a quadratic one would
 * not finish within the test's timeout). */
static void test_t0_report_compute_many_incidents(void **state)
{
    struct fixture *f = *state;
    t0_ms base = T("2025-11-01T00:00:00Z");
    size_t n = 200000;
    for (size_t i = 0; i < n; i++) {
        struct t0_incident *inc = t0_dataset_add_incident(f->ds);
        assert_non_null(inc);
        inc->id = "X";
        inc->title = "x";
        inc->impact = (enum t0_impact)(i % 4);
        /* One every 150 s, lasting 100 s: no overlaps, 200,000 x 150 s =
         * 347 days. */
        inc->started_at = base + (t0_ms)i * 150000;
        inc->resolved_at = inc->started_at + 100000;
        inc->detected_at = T0_NO_TIME;
        inc->mitigated_at = T0_NO_TIME;
    }
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    assert_int_equal(compute(f), T0_OK);
    assert_int_equal(f->rep.stats.count, n);
    /* Per 4 incidents: 100 s x (0 + 0 + 0.3 + 1) = 130 s; 50,000 groups:
     * 6,500,000 s = 108,333.33 min. */
    assert_near(f->rep.slos[0].figures[T0_WINDOW_PERIOD][0].bad_minutes, 6500000.0 / 60.0,
                1e-6);
}

/* A detection time a few milliseconds after the start for every incident
 * (Statuspage's created_at) measures nothing: not recorded. */
static void test_t0_report_compute_ttd_not_recorded(void **state)
{
    struct fixture *f = *state;
    struct t0_incident *a =
        add(f, T0_IMPACT_MAJOR, "2026-10-05T06:30:00Z", "2026-10-05T06:40:00Z", "api");
    struct t0_incident *b =
        add(f, T0_IMPACT_MAJOR, "2026-10-06T06:30:00Z", "2026-10-06T06:50:00Z", "api");
    a->detected_at = a->started_at + 7;
    b->detected_at = b->started_at + 999; /* still under a second */
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    f->req.has_as_of = true;
    f->req.as_of = T("2026-10-20T00:00:00Z");
    assert_int_equal(compute(f), T0_OK);
    const struct t0_incident_stats *st = &f->rep.stats;
    assert_int_equal(st->ttd_minutes.n, 2);
    assert_string_equal(st->ttd_minutes.mean.reason,
                        "not recorded: every detection time equals the start");
    assert_non_null(st->ttd_minutes.median.reason);
    assert_non_null(st->ttd_minutes.p90.reason);
    /* durations of 10 and 20 minutes are recorded */
    assert_null(st->mttr_minutes.median.reason);
    assert_near(st->mttr_minutes.median.value, 15.0, 1e-12);

    /* one detection a second late: a measurement, kept */
    b->detected_at = b->started_at + 1000;
    assert_int_equal(compute(f), T0_OK);
    assert_null(f->rep.stats.ttd_minutes.mean.reason);
    assert_near(f->rep.stats.ttd_minutes.mean.value, 1007.0 / 2.0 / 60000.0, 1e-15);

    /* every duration zero: time to resolve not recorded either */
    a->resolved_at = a->started_at;
    b->resolved_at = b->started_at;
    assert_int_equal(compute(f), T0_OK);
    assert_string_equal(f->rep.stats.mttr_minutes.median.reason,
                        "not recorded: every resolution time equals the start");
}

static void test_t0_slo_status_name_words(void **state)
{
    (void)state;
    assert_string_equal(t0_slo_status_name(T0_STATUS_MET), "met");
    assert_string_equal(t0_slo_status_name(T0_STATUS_AT_RISK), "at_risk");
    assert_string_equal(t0_slo_status_name(T0_STATUS_EXHAUSTED), "exhausted");
    assert_string_equal(t0_slo_status_label(T0_STATUS_AT_RISK), "at risk");
    assert_string_equal(t0_slo_status_label(T0_STATUS_EXHAUSTED), "exhausted");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_t0_report_compute_default_review_month,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_empty_history, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_bad_range, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_no_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_slo_figures, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_stats_off_hours_berlin,
                                        setup_berlin, teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_dst_march_berlin,
                                        setup_berlin, teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_many_incidents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_report_compute_ttd_not_recorded, setup,
                                        teardown),
        cmocka_unit_test(test_t0_slo_status_name_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
