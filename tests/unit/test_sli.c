/* test_sli.c: events SLOs (definitions.md §8) from saved series, every figure worked out
 * by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>
#include <unistd.h>
#include <zlib.h>

#include "tierzero/burn.h"
#include "tierzero/config.h"
#include "tierzero/report.h"
#include "tierzero/series.h"
#include "tierzero/sli.h"
#include "tierzero/slo.h"

#define SERIES T0_TEST_DATA "/series/"

/* |got - want| <= eps x max(1, |want|), printing both on failure. */
static void near(double got, double want, double eps, const char *file, int line)
{
    if (!(fabs(got - want) <= eps * (fabs(want) > 1 ? fabs(want) : 1))) {
        print_error("%.17g != %.17g (tolerance %g)\n", got, want, eps);
        _fail(file, line);
    }
}
#define assert_near(got, want) near((got), (want), 1e-12, __FILE__, __LINE__)

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

struct fixture {
    struct t0_config cfg;
    struct t0_dataset *ds;
    struct t0_zone *zone;
    struct t0_report rep;
    bool computed;
};

/* Loads config file name (in tests/data/series), its series, and computes
 * the months from..to with as_of. */
static struct fixture *review(const char *name, const char *from, const char *to,
                              const char *as_of)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct t0_error err = {0};
    char path[512];
    snprintf(path, sizeof path, SERIES "%s", name);
    assert_int_equal(t0_config_init(&f->cfg), T0_OK);
    if (t0_config_load(&f->cfg, path, &err) != T0_OK ||
        t0_config_load_series(&f->cfg, 2, &err) != T0_OK) {
        char buf[1024];
        t0_error_format(&err, buf, sizeof buf);
        print_error("%s\n", buf);
        fail();
    }
    f->ds = t0_dataset_new();
    t0_config_bind(&f->cfg, f->ds);
    f->zone = t0_zone_new(f->cfg.timezone, NULL);
    assert_non_null(f->zone);
    struct t0_period_request req = {0};
    req.has_range = true;
    assert_true(t0_parse_month(from, &req.from));
    assert_true(t0_parse_month(to, &req.to));
    req.has_as_of = true;
    req.as_of = T(as_of);
    req.now = req.as_of;
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &req, &err),
                     T0_OK);
    f->computed = true;
    return f;
}

static void done(struct fixture *f)
{
    if (f->computed)
        t0_report_release(&f->rep);
    t0_zone_free(f->zone);
    t0_dataset_free(f->ds);
    t0_config_release(&f->cfg);
    free(f);
}

static const struct t0_slo_window *month(struct fixture *f, size_t s, size_t i)
{
    assert_true(s < f->rep.n_slos && i < t0_report_months(&f->rep));
    return &f->rep.slos[s].figures[T0_WINDOW_MONTH][i];
}

/* warehouse.csv, 99%: October holds 00:01..00:04 and the sample at exactly
 * 1 Nov 00:00 (a < t <= b): total 5000, bad 10 + 30 = 40, budget 1% of 5000
 * = 50, consumed 80% (at risk), attainment 100 x (1 - 40/5000) = 99.2. The
 * sample at 1 Nov 00:00:30 covers (31 Oct 23:59:30, 1 Nov 00:00:30], an
 * interval across the boundary: it is November's, as its t is. */
static void test_events_window_warehouse_months(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-11", "2026-12-01T00:00:00Z");
    const struct t0_slo_window *oct = month(f, 0, 0), *nov = month(f, 0, 1);
    assert_int_equal(oct->unit, T0_UNIT_EVENTS);
    assert_near(oct->events_total, 5000);
    assert_near(oct->events_bad, 40);
    assert_near(oct->events_good, 4960);
    assert_near(oct->budget_events, 50);
    assert_near(oct->budget_remaining_events, 10);
    assert_near(oct->attainment_pct.value, 99.2);
    assert_near(oct->budget_consumed_pct.value, 80);
    assert_int_equal(oct->status, T0_STATUS_AT_RISK);
    assert_int_equal(oct->exhausted_at, T0_NO_TIME);
    /* The smallest gap is 30 s: 5 samples x 30 s over 44640 minutes. */
    assert_int_equal(f->cfg.slos[0].sli->series->step_ms, 30000);
    assert_near(oct->data_coverage.value, 5.0 * 30000 / (44640.0 * 60000));
    /* November: 500 bad of 1000, budget 10: exhausted at its only sample. */
    assert_near(nov->events_total, 1000);
    assert_near(nov->events_bad, 500);
    assert_near(nov->budget_remaining_events, -490);
    assert_near(nov->budget_consumed_pct.value, 5000);
    assert_near(nov->attainment_pct.value, 50);
    assert_int_equal(nov->status, T0_STATUS_EXHAUSTED);
    assert_int_equal(nov->exhausted_at, T("2026-11-01T00:00:30Z"));
    /* The period: 540 bad of 6000, budget 60; cumulative 10, 10, 40, 40, 40,
     * 540: the budget is reached at the last sample. */
    const struct t0_slo_window *p = &f->rep.slos[0].figures[T0_WINDOW_PERIOD][0];
    assert_near(p->events_total, 6000);
    assert_near(p->events_bad, 540);
    assert_near(p->budget_events, 60);
    assert_near(p->budget_consumed_pct.value, 900);
    assert_int_equal(p->exhausted_at, T("2026-11-01T00:00:30Z"));
    /* A freeze from the exhaustion to November's end. */
    assert_int_equal(f->rep.slos[0].n_freezes, 1);
    assert_int_equal(f->rep.slos[0].freezes[0].from, T("2026-11-01T00:00:30Z"));
    assert_int_equal(f->rep.slos[0].freezes[0].to, T("2026-12-01T00:00:00Z"));
    done(f);
}

/* exact.csv, 99.9%, Unix seconds, bad,total: 10 samples of 1000, bad 4 at
 * 00:03 and 6 at 00:05. Budget 0.1% of 10000 = 10 events, reached exactly
 * by the cumulative 4 + 6 at 00:05 (1 - 0.999 is not exact in binary: the
 * 1e-9 tolerance decides). */
static void test_events_exact_exhaustion_instant(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-11", "2026-12-01T00:00:00Z");
    const struct t0_slo_window *oct = month(f, 1, 0);
    assert_near(oct->events_total, 10000);
    assert_near(oct->events_bad, 10);
    assert_near(oct->budget_events, 10);
    assert_int_equal(oct->exhausted_at, T("2026-10-01T00:05:00Z"));
    assert_int_equal(oct->status, T0_STATUS_EXHAUSTED);
    assert_near(oct->budget_consumed_pct.value, 100);
    assert_near(oct->attainment_pct.value, 99.9);
    assert_near(oct->data_coverage.value, 10.0 / 44640.0);
    /* November has no sample: no data, never "met". */
    const struct t0_slo_window *nov = month(f, 1, 1);
    assert_int_equal(nov->status, T0_STATUS_NO_DATA);
    assert_string_equal(nov->attainment_pct.reason, T0_REASON_NO_EVENTS);
    assert_string_equal(nov->budget_consumed_pct.reason, T0_REASON_NO_EVENTS);
    assert_int_equal(nov->exhausted_at, T0_NO_TIME);
    assert_near(nov->data_coverage.value, 0);
    done(f);
}

/* good.csv + total.csv at 100%: the budget is zero; 1 bad of 400 at 00:03. */
static void test_events_zero_budget(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    const struct t0_slo_window *oct = month(f, 2, 0);
    assert_near(oct->events_total, 400);
    assert_near(oct->events_bad, 1);
    assert_near(oct->budget_events, 0);
    assert_near(oct->budget_remaining_events, -1);
    assert_near(oct->attainment_pct.value, 99.75);
    assert_string_equal(oct->budget_consumed_pct.reason, T0_REASON_ZERO_BUDGET);
    assert_int_equal(oct->status, T0_STATUS_EXHAUSTED);
    assert_int_equal(oct->exhausted_at, T("2026-10-01T00:03:00Z"));
    done(f);
}

/* good_qr.json + total_qr.json (two series summed), 99%:
 *   00:01 good 90, total 50 + 50        valid, bad 10
 *   00:02 good NaN                      invalid
 *   00:03 total 60 + -70 = -10          invalid (negative sum)
 *   00:04 good 120 > total 100          invalid
 *   00:05 good only                     unpaired
 *   00:06 total +Inf + 1                invalid
 *   00:07 total -5 + 105 = 100          valid (negativity judged on the sum), bad 0
 *   00:08 total only                    unpaired
 *   00:09 total 1e308 + 1e308 overflows invalid
 * total 200, bad 10, budget 2: 500% used, exhausted at 00:01. */
static void test_events_invalid_and_unpaired_samples(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    const struct t0_slo_window *oct = month(f, 3, 0);
    assert_int_equal(oct->samples_invalid, 5);
    assert_int_equal(oct->samples_unpaired, 2);
    assert_int_equal(oct->samples_counted, 2);
    assert_near(oct->events_total, 200);
    assert_near(oct->events_bad, 10);
    assert_near(oct->budget_events, 2);
    assert_near(oct->budget_consumed_pct.value, 500);
    assert_near(oct->attainment_pct.value, 95);
    assert_int_equal(oct->exhausted_at, T("2026-10-01T00:01:00Z"));
    assert_near(oct->data_coverage.value, 2.0 / 44640.0);
    done(f);
}

/* as_of cuts the window: samples after it do not count, nor are they
 * invalid or unpaired in the window (definitions.md rule 11.6). */
static void test_events_as_of_inside_month(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-10", "2026-10-01T00:03:30Z");
    const struct t0_slo_window *oct = month(f, 3, 0);
    assert_int_equal(oct->samples_counted, 1);
    assert_int_equal(oct->samples_invalid, 2);
    assert_int_equal(oct->samples_unpaired, 0);
    assert_true(oct->partial);
    /* 1 sample x 60 s over 3.5 elapsed minutes. */
    assert_near(oct->data_coverage.value, 60.0 / 210.0);
    const struct t0_slo_window *ex = month(f, 1, 0);
    assert_near(ex->events_total, 3000);
    assert_near(ex->events_bad, 4);
    assert_near(ex->budget_events, 3);
    assert_int_equal(ex->exhausted_at, T("2026-10-01T00:03:00Z"));
    done(f);
}

/* slices.csv, timeslices at 99% per slice, objective 99.9%: the slice
 * [00:00, 00:01) is bad (98 < 99), 00:02 is good (99 is not below 99),
 * 00:03 has no event but is data (good), 00:04 is invalid (no data).
 * Bad time 1 minute of a 44.64-minute budget; no data: 44640 - 3 minutes. */
static void test_timeslices_bad_slices_become_bad_time(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    const struct t0_slo_window *oct = month(f, 4, 0);
    assert_int_equal(oct->unit, T0_UNIT_MINUTES);
    assert_near(oct->bad_minutes, 1);
    assert_near(oct->budget_minutes, 44.64);
    assert_near(oct->budget_consumed_pct.value, 100.0 / 44.64);
    assert_near(oct->no_data_minutes, 44637);
    assert_int_equal(oct->samples_invalid, 1);
    assert_int_equal(oct->status, T0_STATUS_MET);
    assert_int_equal(f->rep.slos[5].figures[T0_WINDOW_MONTH][0].unit, T0_UNIT_MINUTES);
    assert_false(f->rep.slos[5].figures[T0_WINDOW_MONTH][0].has_samples);
    done(f);
}

/* dst.csv in Europe/Berlin: October runs from 30 Sep 22:00Z to 31 Oct
 * 23:00Z (44700 minutes, one hour more). The sample at its start belongs to
 * September, the one at its end to October. */
static void test_events_dst_month(void **state)
{
    (void)state;
    struct fixture *f = review("dst.json", "2026-09", "2026-11", "2026-12-01T00:00:00Z");
    const struct t0_slo_window *sep = month(f, 0, 0), *oct = month(f, 0, 1),
                               *nov = month(f, 0, 2);
    assert_near(oct->minutes_total, 44700);
    assert_near(sep->events_total, 100);
    assert_near(sep->events_bad, 1);
    assert_near(oct->events_total, 200);
    assert_near(oct->events_bad, 5);
    assert_near(nov->events_bad, 4);
    /* Budget 1% of 200 = 2, reached by October's first sample (bad 2). */
    assert_near(oct->budget_events, 2);
    assert_int_equal(oct->exhausted_at, T("2026-09-30T22:01:00Z"));
    done(f);
}

/* Configuration errors are input errors naming the place. */
static void expect_config_error(const char *text, const char *want)
{
    char path[] = "/tmp/t0-sli-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct t0_config cfg;
    struct t0_error err = {0};
    char buf[1024];
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    enum t0_status st = t0_config_load(&cfg, path, &err);
    if (st == T0_OK)
        st = t0_config_load_series(&cfg, 1, &err);
    t0_error_format(&err, buf, sizeof buf);
    unlink(path);
    t0_config_release(&cfg);
    assert_int_equal(st, T0_EINPUT);
    if (!strstr(buf, want)) {
        print_error("'%s' does not contain '%s'\n", buf, want);
        fail();
    }
}

static void test_config_sli_errors(void **state)
{
    (void)state;
    expect_config_error("{\"slos\": [{\"sli\": {\"kind\": \"requests\"}}]}",
                        "slos[0].sli.kind: expected \"incidents\" or \"events\"");
    expect_config_error(
        "{\"slos\": [{\"sli\": {\"kind\": \"events\", \"good\": {\"file\": "
        "\"a\"}, \"bad\": {\"file\": \"b\"}, \"total\": {\"file\": \"c\"}}}]}",
        "expected exactly two sources");
    expect_config_error(
        "{\"slos\": [{\"sli\": {\"kind\": \"events\", \"good\": {\"file\": "
        "\"a\", \"prometheus\": \"up\"}, \"total\": {\"file\": \"c\"}}}]}",
        "slos[0].sli.good: expected exactly one of");
    expect_config_error("{\"slos\": [{\"budgeting\": \"timeslices\"}]}",
                        "applies to events SLOs");
    expect_config_error("{\"slos\": [{\"budgeting\": \"timeslices\", \"sli\": {\"kind\": "
                        "\"events\", \"file\": \"x.csv\"}}]}",
                        "slos[0].slice_target_pct: timeslices need a slice target");
    expect_config_error("{\"slos\": [{\"sli\": {\"kind\": \"events\", \"file\": "
                        "\"/nonexistent/x.csv\"}}]}",
                        "unable to open /nonexistent/x.csv");
}

/* A bad line is named with its file and line. */
static void test_series_bad_line(void **state)
{
    (void)state;
    char path[] = "/tmp/t0-series-XXXXXX";
    const char *text = "timestamp,value\n1790812860,5\n\n2026-10-01 00:02:00Z,7\n";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct t0_series *s = NULL;
    struct t0_error err = {0};
    char buf[1024], want[128];
    assert_int_equal(t0_series_read_source(path, 60000, &s, &err), T0_EINPUT);
    t0_error_format(&err, buf, sizeof buf);
    snprintf(want, sizeof want, "%s:4:1: expected a timestamp", path);
    unlink(path);
    if (!strstr(buf, want)) {
        print_error("'%s' does not contain '%s'\n", buf, want);
        fail();
    }
    assert_null(s);
}

/* Unix seconds are truncated to the millisecond; repeated rows summed;
 * one timestamp takes the default step. */
static void test_series_unix_seconds_and_repeats(void **state)
{
    (void)state;
    char path[] = "/tmp/t0-series-XXXXXX";
    const char *text = "timestamp,value\r\n1790812860.1239,5\r\n1790812860.1231,7\r\n";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct t0_series *s = NULL;
    assert_int_equal(t0_series_read_source(path, 15000, &s, NULL), T0_OK);
    unlink(path);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->t[0], INT64_C(1790812860123));
    assert_near(s->total[0], 12);
    assert_int_equal(s->step_ms, 15000);
    t0_series_free(s);
}

/* definitions.md rule 11.1: a gzip series is recognised by its magic bytes (the name
 * says nothing) and read whole, every member of it; a cut one is refused
 * with the file named. Two members: the header and one row, then two rows
 * (7 and 5 summed at one timestamp). */
static void test_series_gzip(void **state)
{
    (void)state;
    char path[] = "/tmp/t0-series-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    static const char *const parts[2] = {"timestamp,value\n2026-10-01T00:01:00Z,3\n",
                                         "2026-10-01T00:02:00Z,7\n1790812920,5\n"};
    for (int k = 0; k < 2; k++) {
        gzFile gz = gzopen(path, k == 0 ? "wb" : "ab");
        assert_non_null(gz);
        assert_int_equal(gzputs(gz, parts[k]), (int)strlen(parts[k]));
        assert_int_equal(gzclose(gz), Z_OK);
    }
    struct t0_series *s = NULL;
    assert_int_equal(t0_series_read_source(path, 60000, &s, NULL), T0_OK);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->t[0], T("2026-10-01T00:01:00Z"));
    assert_near(s->total[0], 3);
    assert_int_equal(s->t[1], T("2026-10-01T00:02:00Z"));
    assert_near(s->total[1], 12);
    t0_series_free(s);
    s = NULL;
    /* Cut after 30 bytes: the first member's stream ends too early. */
    assert_int_equal(truncate(path, 30), 0);
    struct t0_error err = {0};
    char buf[1024], want[160];
    assert_int_equal(t0_series_read_source(path, 60000, &s, &err), T0_EINPUT);
    t0_error_format(&err, buf, sizeof buf);
    snprintf(want, sizeof want,
             "%s: invalid gzip data: the compressed stream is truncated", path);
    unlink(path);
    if (!strstr(buf, want)) {
        print_error("'%s' does not contain '%s'\n", buf, want);
        fail();
    }
    assert_null(s);
}

/* The burn-rate query: bad / total over samples in (t - w, t]. */
static void test_series_sum_window(void **state)
{
    (void)state;
    struct fixture *f =
        review("events.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    const struct t0_series *s = f->cfg.slos[1].sli->series;
    double bad, total;
    /* (00:02, 00:05]: 00:03, 00:04, 00:05. */
    assert_int_equal(t0_series_sum(s, T("2026-10-01T00:02:00Z"),
                                   T("2026-10-01T00:05:00Z"), &bad, &total),
                     3);
    assert_near(bad, 10);
    assert_near(total, 3000);
    done(f);
}

/* The alert replay of an events SLO (definitions.md §9), worked out by hand. burst.csv:
 * one sample a minute from 1 Oct 00:01 to 12:00, 1,000 requests each, 600 of
 * them bad at 06:01..06:10 (6,000 bad), objective 99.9% (burn = bad share /
 * 0.001). A window (t - w, t] holds the samples after t - w up to t.
 *   page 1h/5m > 14.4: at 06:02 the hour holds 1,200 bad of 60,000 (burn
 *     20; at 06:01 only 10) and 5 min 1,200 of 5,000; it stops at 06:15,
 *     when (06:10, 06:15] holds no bad sample.
 *   page 6h/30m > 6: the 6 h window holds 360 samples; 4 bad ones give 6.67
 *     (3 give 5): from 06:04, until 06:40 empties the 30 min window.
 *   ticket 1d/2h > 3: at 06:02 the day holds 362 samples, 1,200 bad (3.31),
 *     2 h 1,200 of 120,000 (10); until 08:10.
 *   ticket 3d/6h > 1: at 06:01, 600 of 361,000 (1.66) and 600 of 360,000
 *     (1.67); the 6 h window keeps a bad sample until 12:10 (at 12:05 it
 *     holds 3,000 bad of 355,000: 8.45).
 * No incident: both pages are unmatched. With maintenance over 06:00-06:11
 * the bad samples are left out: nothing fires. The rolling 28-day window at
 * 2 Oct 00:00 holds all 720 samples: 99.1667% attained, 6,000 bad of a
 * 720-request budget (833.33%). */
static void test_events_burn_replay(void **state)
{
    (void)state;
    struct fixture *f =
        review("burst.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    const struct t0_slo_burn *b = f->rep.slos[0].burn;
    assert_non_null(b);
    static const struct {
        const char *rule, *from, *to;
        enum t0_alert_severity severity;
    } want[] = {
        {"3d/6h", "2026-10-01T06:01:00Z", "2026-10-01T12:10:00Z", T0_ALERT_TICKET},
        {"1h/5m", "2026-10-01T06:02:00Z", "2026-10-01T06:15:00Z", T0_ALERT_PAGE},
        {"1d/2h", "2026-10-01T06:02:00Z", "2026-10-01T08:10:00Z", T0_ALERT_TICKET},
        {"6h/30m", "2026-10-01T06:04:00Z", "2026-10-01T06:40:00Z", T0_ALERT_PAGE},
    };
    assert_int_equal(b->n_episodes, 4);
    for (size_t e = 0; e < 4; e++) {
        char name[48];
        const struct t0_alert_episode *ep = &b->episodes[e];
        assert_string_equal(t0_alert_rule_name(&b->rules[ep->rule], name, sizeof name),
                            want[e].rule);
        assert_int_equal(ep->severity, want[e].severity);
        assert_int_equal(ep->from, T(want[e].from));
        assert_int_equal(ep->to, T(want[e].to));
    }
    assert_int_equal(b->pages, 2);
    assert_int_equal(b->tickets, 2);
    assert_int_equal(b->unmatched_pages, 2);
    assert_true(b->n_rolling >= 2);
    assert_int_equal(b->rolling[1].at, T("2026-10-02T00:00:00Z"));
    assert_near(b->rolling[1].attainment_pct.value, 100.0 * (1 - 6000.0 / 720000.0));
    near(b->rolling[1].budget_consumed_pct.value, 6000.0 / 720.0 * 100.0, 1e-9, __FILE__,
         __LINE__);
    /* The burn rate at 06:02 over the last hour: 1,200 of 60,000 at 0.1%. */
    near(t0_burn_rate(&f->rep, 0, T("2026-10-01T06:02:00Z"), 60).value, 20.0, 1e-9,
         __FILE__, __LINE__);
    done(f);

    f = review("burst-maintenance.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    b = f->rep.slos[0].burn;
    assert_non_null(b);
    assert_int_equal(b->n_episodes, 0);
    assert_int_equal(b->pages, 0);
    assert_near(f->rep.slos[0].figures[T0_WINDOW_MONTH][0].events_bad, 0);
    done(f);
}

/*
 * A slow burn that only the ticket rules see (definitions.md §9), worked out by hand.
 * slow.csv: a sample every 10 minutes from 1 Oct 00:10 to 8 Oct 00:00
 * (UTC), 10,000 requests each; the 216 samples from 5 Oct 00:10 to 6 Oct
 * 12:00 have 40 bad (0.4%: a burn of 4 at 99.9%), the others none. With
 * minutes m counted from 5 Oct 00:00 the bad samples sit at m = 10, 20, ...,
 * 2160, and a window (t - w, t] that holds k of them (the data is complete
 * there, 10,000 requests every 10 minutes) burns at 4k / (w / 10 min):
 *   page 1h/5m > 14.4: 5 min hold at most one sample, a burn of 4: never.
 *   page 6h/30m > 6: the burn never passes 4: never.
 *   ticket 1d/2h > 3: 1 d (144 samples) needs k > 108, 2 h (12) k > 9. The
 *     day holds floor(m / 10) bad samples until m = 1450, so k = 109 first
 *     at m = 1090 (18:10), when 2 h hold 12. After the burn, 2 h hold
 *     12 - floor((m - 2160) / 10): 10 up to m = 2189, 9 at m = 2190 (6 Oct
 *     12:30); the day still holds 141. Episode [5 Oct 18:10, 6 Oct 12:30).
 *   ticket 3d/6h > 1: 3 d (432) needs k > 108, 6 h (36) k > 9: from m =
 *     1090 likewise; 6 h hold 36 - floor((m - 2160) / 10), 9 first at m =
 *     2430. Episode [5 Oct 18:10, 6 Oct 16:30).
 * No incident and no page: 0 pages, 2 tickets.
 */
static void test_events_slow_burn_tickets_only(void **state)
{
    (void)state;
    struct fixture *f = review("slow.json", "2026-10", "2026-10", "2026-11-01T00:00:00Z");
    const struct t0_slo_burn *b = f->rep.slos[0].burn;
    assert_non_null(b);
    assert_int_equal(b->n_episodes, 2);
    char name[48];
    assert_string_equal(
        t0_alert_rule_name(&b->rules[b->episodes[0].rule], name, sizeof name), "1d/2h");
    assert_int_equal(b->episodes[0].severity, T0_ALERT_TICKET);
    assert_int_equal(b->episodes[0].from, T("2026-10-05T18:10:00Z"));
    assert_int_equal(b->episodes[0].to, T("2026-10-06T12:30:00Z"));
    assert_string_equal(
        t0_alert_rule_name(&b->rules[b->episodes[1].rule], name, sizeof name), "3d/6h");
    assert_int_equal(b->episodes[1].severity, T0_ALERT_TICKET);
    assert_int_equal(b->episodes[1].from, T("2026-10-05T18:10:00Z"));
    assert_int_equal(b->episodes[1].to, T("2026-10-06T16:30:00Z"));
    assert_int_equal(b->pages, 0);
    assert_int_equal(b->tickets, 2);
    assert_int_equal(b->unmatched_pages, 0);
    /* The burn rates at the edges: a day of 109 bad samples at 18:10 (109 /
     * 36), 108 a minute before; 2 h after the burn ended, 9 of 12 (3). */
    near(t0_burn_rate(&f->rep, 0, T("2026-10-05T18:10:00Z"), 1440).value, 109.0 / 36.0,
         1e-12, __FILE__, __LINE__);
    near(t0_burn_rate(&f->rep, 0, T("2026-10-05T18:09:00Z"), 1440).value, 3.0, 1e-12,
         __FILE__, __LINE__);
    near(t0_burn_rate(&f->rep, 0, T("2026-10-06T12:30:00Z"), 120).value, 3.0, 1e-12,
         __FILE__, __LINE__);
    near(t0_burn_rate(&f->rep, 0, T("2026-10-06T00:00:00Z"), 360).value, 4.0, 1e-12,
         __FILE__, __LINE__);
    done(f);
}

/*
 * Rolling points of an events SLO across a month boundary and a DST change
 * (definitions.md §9, rule 11.12), 7-day window, Europe/Berlin, 99%. October's local
 * midnights are 22:00Z up to the 25th (the 25th is 25 hours long: summer
 * time ends), 23:00Z from the 26th; the month ends 31 Oct 23:00Z. A point
 * at `at` holds the samples in (at - 7 d, at]. rolling.csv:
 *   A 25 Sep 12:00Z, 10 bad of 1,000: in the points of 1 and 2 Oct (at 30
 *     Sep 22:00Z, 1 Oct 22:00Z), not 3 Oct (its window opens 25 Sep 22:00Z).
 *   B 30 Sep 22:00Z, 0 of 1,000, exactly at the 1 Oct point: in it, and up
 *     to 7 Oct (at 6 Oct 22:00Z); the 8 Oct window (30 Sep 22:00Z, ...]
 *     leaves it out.
 *   D 10 Oct 00:00Z, 5 bad of 1: invalid, never counted.
 *   E 20 Oct 12:00Z, 0 of 2,000: from 21 Oct (at 20 Oct 22:00Z) to 27 Oct
 *     (at 26 Oct 23:00Z; window from 19 Oct 23:00Z); 28 Oct opens at 20 Oct
 *     23:00Z.
 *   C 25 Oct 22:30Z (23:30 local winter time), 5 bad of 500: after the 25
 *     Oct point (24 Oct 22:00Z), in the 26 Oct one (25 Oct 23:00Z; a
 *     22:00Z midnight would miss it) and every later one.
 * Points 1-2 Oct: 10 of 2,000, 99.5%, budget 20, 50%. 3-7 Oct: 0 of 1,000,
 * 100%, 0%. 8-20 Oct: no events (null). 21-25 Oct: 0 of 2,000. 26-27 Oct:
 * 5 of 2,500, 99.8%, budget 25, 20%. 28-31 Oct and the month's end: 5 of
 * 500, 99%, budget 5, 100%. 31 midnights and the end: 32 points.
 */
static void test_events_rolling_month_and_dst(void **state)
{
    (void)state;
    struct fixture *f =
        review("rolling.json", "2026-10", "2026-10", "2026-11-05T00:00:00Z");
    const struct t0_slo_burn *b = f->rep.slos[0].burn;
    assert_non_null(b);
    assert_int_equal(b->rolling_days, 7);
    assert_int_equal(b->n_rolling, 32);
    const struct t0_rolling_point *p = b->rolling;
    assert_int_equal(p[0].at, T("2026-09-30T22:00:00Z"));
    assert_int_equal(p[24].at, T("2026-10-24T22:00:00Z"));
    assert_int_equal(p[25].at, T("2026-10-25T23:00:00Z"));
    assert_int_equal(p[30].at, T("2026-10-30T23:00:00Z"));
    assert_int_equal(p[31].at, T("2026-10-31T23:00:00Z"));
    for (size_t k = 0; k < 32; k++) {
        double att = NAN, used = NAN; /* NAN: null, no events in the window */
        if (k <= 1)
            att = 99.5, used = 50;
        else if (k <= 6)
            att = 100, used = 0;
        else if (k <= 19)
            att = NAN;
        else if (k <= 24)
            att = 100, used = 0;
        else if (k <= 26)
            att = 99.8, used = 20;
        else
            att = 99, used = 100;
        if (isnan(att)) {
            if (t0_value_defined(p[k].attainment_pct) ||
                t0_value_defined(p[k].budget_consumed_pct)) {
                print_error("point %zu: defined, want null\n", k);
                fail();
            }
            assert_string_equal(p[k].attainment_pct.reason, "no events in the window");
            continue;
        }
        assert_true(t0_value_defined(p[k].attainment_pct));
        near(p[k].attainment_pct.value, att, 1e-12, __FILE__, __LINE__);
        near(p[k].budget_consumed_pct.value, used, 1e-9, __FILE__, __LINE__);
    }
    /* The chart's title: the run of missed points that ends the month
     * began on 28 October (5 of 500 spend exactly the budget: missed). */
    char title[160];
    assert_string_equal(t0_rolling_finding(&f->rep, 0, title, sizeof title),
                        "Rolling 7 days missed the 99% objective from 28 October");
    done(f);
}

/* A PromQL source is read once fetched: until then its SLO has no samples;
 * not fetched, it is an input error naming the SLO; fetched, the saved
 * query_range files read like file sources (good_qr.json and total_qr.json
 * pair into the samples the "Query range" SLO of events.json has). */
static void test_sli_promql_read_once_fetched(void **state)
{
    (void)state;
    char path[] = "/tmp/t0-prom-XXXXXX";
    const char *text =
        "{\"slos\": [{\"name\": \"API\", \"sli\": {\"kind\": \"events\", "
        "\"good\": {\"prometheus\": \"sum(up)\"}, \"total\": {\"prometheus\": "
        "\"count(up)\"}}}]}";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct t0_config cfg;
    struct t0_error err = {0};
    char buf[1024];
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, path, &err), T0_OK);
    unlink(path);
    assert_int_equal(t0_config_load_series(&cfg, 1, &err), T0_OK);
    struct t0_sli *sli = cfg.slos[0].sli;
    assert_null(sli->series);
    assert_int_equal(t0_sli_use_fetched(sli, "API", NULL, SERIES "total_qr.json", &err),
                     T0_EINPUT);
    t0_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, "SLO \"API\": its PromQL source was not fetched"));
    t0_error_clear(&err);
    assert_int_equal(t0_sli_use_fetched(sli, "API", SERIES "good_qr.json",
                                        SERIES "total_qr.json", &err),
                     T0_OK);
    assert_int_equal(t0_config_load_series(&cfg, 1, &err), T0_OK);
    assert_non_null(sli->series);

    struct fixture *f =
        review("events.json", "2026-10", "2026-10", "2026-12-01T00:00:00Z");
    const struct t0_series *want = f->cfg.slos[3].sli->series;
    assert_string_equal(f->cfg.slos[3].name, "Query range");
    assert_int_equal(sli->series->n, want->n);
    for (size_t i = 0; i < want->n; i++) {
        assert_int_equal(sli->series->t[i], want->t[i]);
        assert_int_equal(sli->series->state[i], want->state[i]);
        if (want->state[i] != T0_SAMPLE_VALID)
            continue; /* an invalid sample's amounts are no figure (NaN) */
        assert_true(sli->series->total[i] == want->total[i]);
        assert_true(sli->series->bad[i] == want->bad[i]);
    }
    done(f);
    t0_config_release(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_window_warehouse_months),
        cmocka_unit_test(test_events_burn_replay),
        cmocka_unit_test(test_events_slow_burn_tickets_only),
        cmocka_unit_test(test_events_rolling_month_and_dst),
        cmocka_unit_test(test_events_exact_exhaustion_instant),
        cmocka_unit_test(test_events_zero_budget),
        cmocka_unit_test(test_events_invalid_and_unpaired_samples),
        cmocka_unit_test(test_events_as_of_inside_month),
        cmocka_unit_test(test_timeslices_bad_slices_become_bad_time),
        cmocka_unit_test(test_events_dst_month),
        cmocka_unit_test(test_config_sli_errors),
        cmocka_unit_test(test_sli_promql_read_once_fetched),
        cmocka_unit_test(test_series_bad_line),
        cmocka_unit_test(test_series_unix_seconds_and_repeats),
        cmocka_unit_test(test_series_gzip),
        cmocka_unit_test(test_series_sum_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
