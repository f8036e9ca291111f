/* test_maintenance.c: maintenance windows, M and its exact arithmetic (definitions.md
 * §10), by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/maintenance_load.h"
#include "tierzero/report.h"
#include "tierzero/slo.h"
#include "tierzero/quarters.h"

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

/* One SLO on every service, default weights; the zone given. */
struct fixture {
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_slo slo;
    char *star[1];
    struct t0_zone *zone;
    struct t0_period_request req;
    struct t0_report rep;
};

static struct fixture *make(const char *zone, int64_t objective)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ds = t0_dataset_new();
    f->zone = t0_zone_new(zone, NULL);
    assert_non_null(f->zone);
    f->star[0] = (char *)"*";
    f->slo.name = (char *)"all";
    f->slo.services = f->star;
    f->slo.n_services = 1;
    f->slo.all_services = true;
    f->slo.objective_micro = objective;
    f->slo.objective_pct = (double)objective / 1e6;
    f->slo.weight_micro[T0_IMPACT_MAJOR] = 1000000;
    f->slo.weight_micro[T0_IMPACT_PARTIAL] = 300000;
    f->cfg.slos = &f->slo;
    f->cfg.n_slos = 1;
    f->cfg.at_risk_micro = 75000000;
    f->cfg.fiscal_year_start = 1;
    f->req.history = 1;
    f->req.now = T("2030-01-01T00:00:00Z");
    return f;
}

static void destroy(struct fixture *f)
{
    t0_report_release(&f->rep);
    t0_maint_list_release(&f->cfg.maintenance);
    t0_zone_free(f->zone);
    t0_dataset_free(f->ds);
    free(f);
}

static void outage(struct fixture *f, const char *from, const char *to)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = "INC";
    inc->title = "outage";
    inc->impact = T0_IMPACT_MAJOR;
    inc->started_at = T(from);
    inc->detected_at = inc->mitigated_at = T0_NO_TIME;
    inc->resolved_at = T(to);
    inc->index = (uint32_t)(f->ds->n_incidents - 1);
}

static void window(struct fixture *f, const char *from, const char *to,
                   const char *reason)
{
    assert_non_null(t0_maint_list_add(&f->cfg.maintenance, T(from), T(to), NULL, 0,
                                      reason, "test", NULL));
}

static void compute(struct fixture *f, int year, int month, const char *as_of)
{
    f->req.has_month = true;
    f->req.month = (struct t0_month){year, month};
    f->req.has_as_of = true;
    f->req.as_of = T(as_of);
    t0_report_release(&f->rep);
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &f->req, NULL),
                     T0_OK);
}

/* definitions.md rule 3.1.9 with maintenance: April (43,200 min) at 99.5 % less one day
 * of maintenance is a budget of 0.005 x 41,760 = 208.8 min; an outage of 208 min 48 s
 * outside the window spends it exactly: exhausted at its end, attainment exactly 99.5. */
static void test_window_exact_threshold_outside_maintenance(void **state)
{
    (void)state;
    struct fixture *f = make("UTC", 99500000);
    window(f, "2026-04-02T00:00:00Z", "2026-04-03T00:00:00Z", "one day");
    /* 21:00 on the 1st to 00:28:48 on the 3rd is 3 h + 24 h + 28 min 48 s, of which
     * the 24 h are maintenance: 208 min 48 s count. */
    outage(f, "2026-04-01T21:00:00Z", "2026-04-03T00:28:48Z");
    compute(f, 2026, 4, "2026-05-01T00:00:00Z");
    const struct t0_slo_window *w = &f->rep.slos[0].figures[T0_WINDOW_MONTH][0];
    assert_int_equal(w->excluded_ms, 24 * T0_MS_PER_HOUR);
    assert_int_equal(w->elapsed_ms, 41760 * T0_MS_PER_MINUTE);
    assert_true(w->bad_wms == INT64_C(12528000) * 1000000); /* 208.8 min in weighted ms */
    assert_int_equal(w->status, T0_STATUS_EXHAUSTED);
    assert_true(w->attainment_pct.reason == NULL && w->attainment_pct.value == 99.5);
    assert_int_equal(w->exhausted_at, T("2026-04-03T00:28:48Z"));
    /* One millisecond less and the budget is not reached. */
    f->ds->incidents[0].resolved_at -= 1;
    compute(f, 2026, 4, "2026-05-01T00:00:00Z");
    assert_int_equal(f->rep.slos[0].figures[T0_WINDOW_MONTH][0].status,
                     T0_STATUS_AT_RISK);
    assert_int_equal(f->rep.slos[0].figures[T0_WINDOW_MONTH][0].exhausted_at, T0_NO_TIME);
    destroy(f);
}

/* Elapsed counts only time outside M before as_of; excluded counts after as_of too. */
static void test_window_partial_month(void **state)
{
    (void)state;
    struct fixture *f = make("UTC", 99900000);
    window(f, "2026-04-10T00:00:00Z", "2026-04-20T00:00:00Z", "half before, half after");
    compute(f, 2026, 4, "2026-04-15T00:00:00Z");
    const struct t0_slo_window *w = &f->rep.slos[0].figures[T0_WINDOW_MONTH][0];
    assert_int_equal(w->excluded_ms, 10 * T0_MS_PER_DAY);
    assert_int_equal(w->elapsed_ms, 9 * T0_MS_PER_DAY);
    assert_true(w->partial);
    /* as_of at the month's start: nothing elapsed because nothing began. */
    compute(f, 2026, 4, "2026-04-01T00:00:00Z");
    assert_string_equal(f->rep.slos[0].figures[T0_WINDOW_MONTH][0].attainment_pct.reason,
                        T0_REASON_NOT_BEGUN);
    destroy(f);
}

/* Merging: sorted, touching windows merge, reasons distinct in order; measure. */
static void test_set_merge_and_measure(void **state)
{
    (void)state;
    struct fixture *f = make("UTC", 99900000);
    window(f, "2026-04-10T12:00:00Z", "2026-04-10T13:00:00Z", "b");
    window(f, "2026-04-10T10:00:00Z", "2026-04-10T11:00:00Z", "a");
    window(f, "2026-04-10T11:00:00Z", "2026-04-10T11:30:00Z", "a");
    window(f, "2026-04-10T12:30:00Z", "2026-04-10T12:40:00Z", "");
    compute(f, 2026, 4, "2026-05-01T00:00:00Z");
    const struct t0_maint_set *m = f->rep.slos[0].maintenance;
    assert_int_equal(m->n, 2);
    assert_int_equal(m->items[0].from, T("2026-04-10T10:00:00Z"));
    assert_int_equal(m->items[0].to, T("2026-04-10T11:30:00Z"));
    assert_string_equal(m->items[0].reason, "a");
    assert_string_equal(m->items[1].reason, "b");
    assert_int_equal(
        t0_maint_set_measure(m, T("2026-04-10T10:15:00Z"), T("2026-04-10T12:15:00Z")),
        (75 + 15) * T0_MS_PER_MINUTE);
    assert_true(t0_maint_set_contains(m, T("2026-04-10T10:00:00Z")));
    assert_false(t0_maint_set_contains(m, T("2026-04-10T11:30:00Z")));
    assert_int_equal(t0_maint_set_measure(m, 0, 0), 0);
    destroy(f);
}

static bool collect(void *ctx, t0_ms from, t0_ms to)
{
    t0_ms *out = ctx;
    size_t n = (size_t)out[0];
    out[1 + 2 * n] = from;
    out[2 + 2 * n] = to;
    out[0]++;
    return true;
}

/* Weekly Sunday 02:00-04:00 in Berlin: on 29 March 2026 02:00 does not exist (the
 * transition, 01:00Z, to 04:00 CEST = 02:00Z); on 25 October it happens twice (the
 * earlier, 00:00Z, to 04:00 CET = 03:00Z). */
static void test_weekly_dst_berlin(void **state)
{
    (void)state;
    struct t0_zone *berlin = t0_zone_new("Europe/Berlin", NULL);
    struct t0_maint_weekly rule = {.weekday = 6, .from_minute = 120, .to_minute = 240};
    t0_ms got[1 + 2 * 8] = {0};
    assert_true(t0_maint_weekly_each(&rule, berlin, T("2026-03-28T00:00:00Z"),
                                     T("2026-03-30T00:00:00Z"), collect, got));
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], T("2026-03-29T01:00:00Z"));
    assert_int_equal(got[2], T("2026-03-29T02:00:00Z"));
    memset(got, 0, sizeof got);
    assert_true(t0_maint_weekly_each(&rule, berlin, T("2026-10-24T00:00:00Z"),
                                     T("2026-10-26T00:00:00Z"), collect, got));
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], T("2026-10-25T00:00:00Z"));
    assert_int_equal(got[2], T("2026-10-25T03:00:00Z"));
    /* to <= from ends the next day; 24:00 is midnight ending the day. */
    struct t0_maint_weekly night = {
        .weekday = 5, .from_minute = 23 * 60, .to_minute = 60};
    memset(got, 0, sizeof got);
    assert_true(t0_maint_weekly_each(&night, berlin, T("2026-01-01T00:00:00Z"),
                                     T("2026-01-08T00:00:00Z"), collect, got));
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], T("2026-01-03T22:00:00Z"));
    assert_int_equal(got[2], T("2026-01-04T00:00:00Z"));
    t0_zone_free(berlin);
}

static void test_parse_weekday_and_clock(void **state)
{
    (void)state;
    int d = -1, m = -1;
    assert_true(t0_maint_parse_weekday("SUN", &d) && d == 6);
    assert_true(t0_maint_parse_weekday("Monday", &d) && d == 0);
    assert_false(t0_maint_parse_weekday("mo", &d));
    assert_false(t0_maint_parse_weekday("sunday ", &d));
    assert_true(t0_maint_parse_clock("02:30", false, &m) && m == 150);
    assert_true(t0_maint_parse_clock("24:00", true, &m) && m == 1440);
    assert_false(t0_maint_parse_clock("24:00", false, &m));
    assert_false(t0_maint_parse_clock("2:30", true, &m));
    assert_false(t0_maint_parse_clock("12:60", true, &m));
}

/* Quarters: a fiscal year from April names January-March after the year before. */
static void test_quarter_of(void **state)
{
    (void)state;
    int y, q;
    char buf[16];
    t0_quarter_of((struct t0_month){2026, 2}, 4, &y, &q);
    assert_string_equal(t0_format_quarter(y, q, buf), "2025-Q4");
    t0_quarter_of((struct t0_month){2026, 4}, 4, &y, &q);
    assert_string_equal(t0_format_quarter(y, q, buf), "2026-Q1");
    t0_quarter_of((struct t0_month){2026, 1}, 11, &y, &q);
    assert_string_equal(t0_format_quarter(y, q, buf), "2025-Q1");
    struct t0_month first = t0_quarter_first_month(2025, 4, 4);
    assert_int_equal(first.year, 2026);
    assert_int_equal(first.month, 1);
    assert_true(t0_parse_quarter("2026-q3", &y, &q) && y == 2026 && q == 3);
    assert_false(t0_parse_quarter("2026-Q0", &y, &q));
    assert_false(t0_parse_quarter("2026Q1", &y, &q));
}

/* A history's maintenance record (what merge writes) reads as a scheduled
 * maintenance: its window, name, id and updated_at; an end not after the
 * start ignored (kept only for merge); anything malformed an input error
 * naming the field. */
static void test_read_maintenance_record(void **state)
{
    (void)state;
    struct t0_maint_list list = {0};
    struct t0_maint_file_report rep = {0};
    struct t0_error err;
    t0_error_clear(&err);
    json_t *o =
        json_loads("{\"id\": \"m1\", \"name\": \"Move\", \"from\": "
                   "\"2026-04-20T08:10:00Z\", \"to\": \"2026-04-20T10:00:00+02:00\", "
                   "\"services\": [\"web\", \"api\"], \"updated_at\": "
                   "\"2026-04-20T10:00:00Z\"}",
                   0, NULL);
    assert_int_equal(t0_maint_read_record(&list, o, "h.ndjson", "line 4: maintenance",
                                          NULL, &rep, &err),
                     T0_OK);
    /* 10:00+02:00 is 08:00Z, before from: ignored, as --maintenance ignores it. */
    assert_int_equal(list.n_windows, 0);
    json_decref(o);
    assert_int_equal(rep.ignored, 1);
    assert_int_equal(rep.used, 0);
    memset(&rep, 0, sizeof rep);
    o = json_loads("{\"id\": \"m1\", \"name\": \"Move\", \"from\": "
                   "\"2026-04-20T08:10:00Z\", \"to\": \"2026-04-20T10:00:00Z\", "
                   "\"services\": [\"web\", \"api\"], \"updated_at\": "
                   "\"2026-04-20T10:00:00Z\"}",
                   0, NULL);
    assert_int_equal(t0_maint_read_record(&list, o, "h.ndjson", "line 4: maintenance",
                                          NULL, &rep, &err),
                     T0_OK);
    json_decref(o);
    assert_int_equal(rep.used, 1);
    assert_int_equal(list.n_windows, 1);
    const struct t0_maint_window *w = &list.windows[0];
    assert_int_equal(w->to - w->from, INT64_C(110) * 60000);
    assert_int_equal(w->kind, T0_MAINT_SCHEDULED);
    assert_string_equal(w->reason, "Move");
    assert_string_equal(w->id, "m1");
    assert_string_equal(w->origin, "h.ndjson: line 4: maintenance");
    assert_int_equal(w->n_services, 2);
    assert_string_equal(w->services[1], "api");
    assert_int_equal(w->updated_at, T("2026-04-20T10:00:00Z"));
    assert_int_equal(w->incident, -1);
    t0_maint_list_release(&list);
    memset(&list, 0, sizeof list);
    memset(&rep, 0, sizeof rep);

    /* Ignored unless kept for merge; no services: every SLO. */
    o = json_loads(
        "{\"from\": \"2026-04-25T03:00:00Z\", \"to\": \"2026-04-25T03:00:00Z\"}", 0,
        NULL);
    assert_int_equal(t0_maint_read_record(&list, o, "h", "m", NULL, &rep, &err), T0_OK);
    assert_int_equal(list.n_windows, 0);
    struct t0_maint_read_options keep = {.keep_ignored = true};
    assert_int_equal(t0_maint_read_record(&list, o, "h", "m", &keep, &rep, &err), T0_OK);
    assert_int_equal(list.n_windows, 1);
    assert_int_equal(list.windows[0].n_services, 0);
    assert_null(list.windows[0].id);
    assert_int_equal(list.windows[0].updated_at, T0_NO_TIME);
    assert_int_equal(rep.ignored, 2);
    assert_int_equal(rep.used, 0);
    json_decref(o);

    /* Malformed: input errors naming the field. */
    static const struct {
        const char *json, *path;
    } bad[] = {
        {"{\"to\": \"2026-04-25T03:00:00Z\"}", "m.from"},
        {"{\"from\": \"2026-04-25T03:00:00Z\", \"to\": \"2026-04-25\"}", "m.to"},
        {"{\"from\": \"2026-04-25T03:00:00Z\", \"to\": \"2026-04-25T04:00:00Z\", "
         "\"services\": 3}",
         "m.services"},
        {"{\"from\": \"2026-04-25T03:00:00Z\", \"to\": \"2026-04-25T04:00:00Z\", "
         "\"services\": [\"\"]}",
         "m.services[0]"},
        {"{\"id\": 7, \"from\": \"2026-04-25T03:00:00Z\", \"to\": "
         "\"2026-04-25T04:00:00Z\"}",
         "m.id"},
        {"{\"name\": [], \"from\": \"2026-04-25T03:00:00Z\", \"to\": "
         "\"2026-04-25T04:00:00Z\"}",
         "m.name"},
        {"[]", "m"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        o = json_loads(bad[i].json, JSON_DECODE_ANY, NULL);
        assert_non_null(o);
        t0_error_clear(&err);
        assert_int_equal(t0_maint_read_record(&list, o, "h", "m", NULL, &rep, &err),
                         T0_EINPUT);
        assert_string_equal(err.path, bad[i].path);
        assert_string_equal(err.source, "h");
        json_decref(o);
    }
    assert_int_equal(list.n_windows, 1);
    t0_maint_list_release(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_exact_threshold_outside_maintenance),
        cmocka_unit_test(test_window_partial_month),
        cmocka_unit_test(test_set_merge_and_measure),
        cmocka_unit_test(test_weekly_dst_berlin),
        cmocka_unit_test(test_parse_weekday_and_clock),
        cmocka_unit_test(test_quarter_of),
        cmocka_unit_test(test_read_maintenance_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
