/* test_slo.c: the bad-time curve and the exact window figures, worked out by hand. */
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

#include "tierzero/slo.h"

#define MIN_MS INT64_C(60000)
#define WMS_MIN INT64_C(60000000000) /* one minute at weight 1 */

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

/* A dataset whose incidents the tests add; services interned case-insensitively. */
struct fixture {
    struct t0_dataset *ds;
    struct t0_slo slo;
    t0_sym slo_syms[4];
    char *slo_names[4];
    struct t0_spans *spans;
    struct t0_curve *curve;
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

static struct t0_incident *add(struct fixture *f, const char *id, enum t0_impact impact,
                               const char *from, const char *to, const char *service)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = id;
    inc->title = id;
    inc->impact = impact;
    inc->started_at = T(from);
    inc->detected_at = T0_NO_TIME;
    inc->mitigated_at = T0_NO_TIME;
    inc->resolved_at = to ? T(to) : T0_NO_TIME;
    inc->services = symlist(f->ds, service, NULL);
    return inc;
}

/* The SLO: service "*" or one name; weights major 1, partial 0.3, others 0. */
static void set_slo(struct fixture *f, const char *service, int64_t objective_micro)
{
    memset(&f->slo, 0, sizeof f->slo);
    f->slo.name = "test";
    f->slo_names[0] = (char *)service;
    f->slo.services = f->slo_names;
    f->slo.n_services = 1;
    f->slo.all_services = strcmp(service, "*") == 0;
    if (!f->slo.all_services) {
        f->slo_syms[0] = t0_symtab_intern(f->ds->symbols, service, strlen(service));
        f->slo.symbols = (struct t0_symlist){f->slo_syms, 1};
    }
    f->slo.objective_micro = objective_micro;
    f->slo.objective_pct = (double)objective_micro / 1e6;
    f->slo.weight_micro[T0_IMPACT_MAJOR] = 1000000;
    f->slo.weight_micro[T0_IMPACT_PARTIAL] = 300000;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->ds = t0_dataset_new();
    set_slo(f, "*", 99900000);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    t0_curve_free(f->curve);
    t0_spans_free(f->spans);
    t0_dataset_free(f->ds);
    free(f);
    return 0;
}

static void build(struct fixture *f, t0_ms as_of)
{
    t0_curve_free(f->curve);
    t0_spans_free(f->spans);
    f->curve = NULL;
    f->spans = NULL;
    assert_int_equal(t0_spans_new(f->ds, as_of, &f->spans, NULL), T0_OK);
    assert_int_equal(t0_curve_new(f->spans, &f->slo, &f->curve, NULL), T0_OK);
}

static void window(struct fixture *f, const char *start, const char *end, t0_ms as_of,
                   struct t0_slo_window *w)
{
    memset(w, 0, sizeof *w);
    t0_slo_window_compute(&f->slo, f->curve, T(start), T(end), as_of, 75000000, w);
}

static void test_t0_curve_new_overlap_takes_max(void **state)
{
    struct fixture *f = *state;
    add(f, "A", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z", "api");
    add(f, "B", T0_IMPACT_PARTIAL, "2026-10-05T10:30:00Z", "2026-10-05T12:00:00Z", "api");
    add(f, "C", T0_IMPACT_MAJOR, "2026-10-05T10:15:00Z", "2026-10-05T10:45:00Z", "web");
    build(f, T("2026-11-01T00:00:00Z"));
    /* 10:00-11:00 at 1 (A; C and B inside it are not added) = 60 min,
     * 11:00-12:00 at 0.3 (B alone) = 18 min: 78 min. */
    assert_int_equal(
        t0_curve_integral(f->curve, T("2026-10-05T00:00:00Z"), T("2026-10-06T00:00:00Z")),
        78 * WMS_MIN);
    assert_int_equal(t0_curve_rate(f->curve, T("2026-10-05T10:40:00Z")), 1000000);
    assert_int_equal(t0_curve_rate(f->curve, T("2026-10-05T11:00:00Z")), 300000);
    assert_int_equal(t0_curve_rate(f->curve, T("2026-10-05T12:00:00Z")), 0);
    /* [10:50, 11:10): 10 min at 1 + 10 min at 0.3 = 13 min. */
    assert_int_equal(
        t0_curve_integral(f->curve, T("2026-10-05T10:50:00Z"), T("2026-10-05T11:10:00Z")),
        13 * WMS_MIN);
    /* Breakpoints: 10:00 (1), 11:00 (0.3), 12:00 (0). */
    assert_int_equal(t0_curve_size(f->curve), 3);
}

static void test_t0_curve_new_segments_change_weight(void **state)
{
    struct fixture *f = *state;
    struct t0_incident *inc = add(f, "S", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z",
                                  "2026-10-05T12:00:00Z", "api");
    struct t0_segment *seg = t0_arena_alloc(f->ds->arena, 4 * sizeof *seg);
    /* Before the start: clipped to 10:00. Degraded weighs 0. */
    seg[0] = (struct t0_segment){T("2026-10-05T09:00:00Z"),
                                 T("2026-10-05T10:30:00Z"),
                                 T0_IMPACT_DEGRADED,
                                 false,
                                 {NULL, 0}};
    seg[1] = (struct t0_segment){T("2026-10-05T10:30:00Z"),
                                 T("2026-10-05T11:00:00Z"),
                                 T0_IMPACT_MAJOR,
                                 false,
                                 {NULL, 0}};
    /* Open-ended: lasts to the incident's end, 12:00. */
    seg[2] = (struct t0_segment){
        T("2026-10-05T11:00:00Z"), T0_NO_TIME, T0_IMPACT_PARTIAL, false, {NULL, 0}};
    /* Own services "web": matches "*" only; overlaps seg[1] at a lower weight. */
    seg[3] = (struct t0_segment){T("2026-10-05T10:40:00Z"), T("2026-10-05T10:50:00Z"),
                                 T0_IMPACT_PARTIAL, true, symlist(f->ds, "web", NULL)};
    inc->segments = seg;
    inc->n_segments = 4;
    build(f, T("2026-11-01T00:00:00Z"));
    /* 10:00-10:30 at 0, 10:30-11:00 at 1 (30), 11:00-12:00 at 0.3 (18): 48 min,
     * not 120 min at the incident's own major impact. */
    t0_ms a = T("2026-10-05T00:00:00Z"), b = T("2026-10-06T00:00:00Z");
    assert_int_equal(t0_curve_integral(f->curve, a, b), 48 * WMS_MIN);
    int64_t own = 0;
    assert_int_equal(
        t0_slo_incident_wms(&f->slo, inc, T("2026-11-01T00:00:00Z"), a, b, &own, NULL),
        T0_OK);
    assert_int_equal(own, 48 * WMS_MIN);

    /* A named SLO on "api": seg[3] (web) does not count; same 48 min. */
    set_slo(f, "api", 99900000);
    build(f, T("2026-11-01T00:00:00Z"));
    assert_int_equal(t0_curve_integral(f->curve, a, b), 48 * WMS_MIN);
    /* An SLO on "web" sees only seg[3]: 10 min at 0.3 = 3 min. */
    set_slo(f, "web", 99900000);
    build(f, T("2026-11-01T00:00:00Z"));
    assert_int_equal(t0_curve_integral(f->curve, a, b), 3 * WMS_MIN);
}

static void test_t0_curve_new_service_case_and_empty(void **state)
{
    struct fixture *f = *state;
    add(f, "lower", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T10:10:00Z",
        "api");
    add(f, "none", T0_IMPACT_MAJOR, "2026-10-06T10:00:00Z", "2026-10-06T10:20:00Z", NULL);
    add(f, "other", T0_IMPACT_MAJOR, "2026-10-07T10:00:00Z", "2026-10-07T10:40:00Z",
        "web");
    t0_ms a = T("2026-10-01T00:00:00Z"), b = T("2026-11-01T00:00:00Z");
    /* "API" names the same service as "api": 10 min; the incident without
     * services and the "web" one do not match a named SLO. */
    set_slo(f, "API", 99900000);
    build(f, b);
    assert_int_equal(t0_curve_integral(f->curve, a, b), 10 * WMS_MIN);
    /* "*" matches all three: 10 + 20 + 40 = 70 min. */
    set_slo(f, "*", 99900000);
    build(f, b);
    assert_int_equal(t0_curve_integral(f->curve, a, b), 70 * WMS_MIN);
}

static void test_t0_curve_new_ongoing_cut_at_as_of(void **state)
{
    struct fixture *f = *state;
    add(f, "ongoing", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", NULL, "api");
    /* Resolved after as_of: its bad time stops at as_of too. */
    add(f, "later", T0_IMPACT_PARTIAL, "2026-10-05T11:00:00Z", "2026-10-05T18:00:00Z",
        "api");
    /* Starts exactly at as_of: left out. */
    add(f, "at", T0_IMPACT_MAJOR, "2026-10-05T12:00:00Z", "2026-10-05T13:00:00Z", "api");
    t0_ms as_of = T("2026-10-05T12:00:00Z");
    build(f, as_of);
    /* 10:00-12:00 at 1: 120 min; nothing after as_of. */
    assert_int_equal(
        t0_curve_integral(f->curve, T("2026-10-01T00:00:00Z"), T("2026-11-01T00:00:00Z")),
        120 * WMS_MIN);
    assert_int_equal(t0_curve_rate(f->curve, T("2026-10-05T12:30:00Z")), 0);
}

static void test_t0_slo_window_compute_exhausted_at_exact(void **state)
{
    struct fixture *f = *state;
    add(f, "A", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T12:00:00Z", "api");
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &w);
    /* October: 31 d = 44,640 min; budget 0.1% = 44.64 min = 44 min 38.4 s,
     * reached at 10:44:38.400. */
    assert_near(w.minutes_total, 44640.0, 1e-9);
    assert_near(w.minutes_elapsed, 44640.0, 1e-9);
    assert_near(w.budget_minutes, 44.64, 1e-9);
    assert_near(w.bad_minutes, 120.0, 1e-9);
    assert_int_equal(w.exhausted_at, T("2026-10-05T10:44:38.400Z"));
    assert_int_equal(w.status, T0_STATUS_EXHAUSTED);
    /* consumed 120 / 44.64 = 268.8172043010753 %; attainment
     * 100 (1 - 120 / 44640) = 99.73118279569892; remaining 44.64 - 120. */
    assert_null(w.budget_consumed_pct.reason);
    assert_near(w.budget_consumed_pct.value, 268.81720430107526, 1e-9);
    assert_null(w.attainment_pct.reason);
    assert_near(w.attainment_pct.value, 99.73118279569893, 1e-9);
    assert_near(w.budget_remaining_minutes, -75.36, 1e-9);
    assert_false(w.partial);
    assert_int_equal(w.bad_wms, 120 * WMS_MIN);
    assert_int_equal(w.total_ms, 44640 * MIN_MS);
}

static void test_t0_slo_window_compute_216_minutes_is_the_budget(void **state)
{
    struct fixture *f = *state;
    /* November (30 d = 43,200 min) at 99.5%: budget 0.5% = 216 min. */
    set_slo(f, "*", 99500000);
    add(f, "A", T0_IMPACT_MAJOR, "2026-11-10T00:00:00Z", "2026-11-10T03:36:00Z", "api");
    t0_ms as_of = T("2026-12-01T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    window(f, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", as_of, &w);
    assert_near(w.budget_minutes, 216.0, 0.0);
    assert_near(w.bad_minutes, 216.0, 0.0);
    assert_int_equal(w.status, T0_STATUS_EXHAUSTED);
    /* Exactly: attainment 100 (1 - 216 / 43200) = 99.5, consumed 100, left 0. */
    assert_true(w.attainment_pct.value == 99.5);
    assert_true(w.budget_consumed_pct.value == 100.0);
    assert_true(w.budget_remaining_minutes == 0.0);
    /* Reached exactly at the incident's end, 03:36. */
    assert_int_equal(w.exhausted_at, T("2026-11-10T03:36:00Z"));

    /* One millisecond less is not exhausted: 215.99998 / 216 >= 75%: at risk. */
    f->ds->incidents[0].resolved_at -= 1;
    build(f, as_of);
    window(f, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", as_of, &w);
    assert_int_equal(w.status, T0_STATUS_AT_RISK);
    assert_int_equal(w.exhausted_at, T0_NO_TIME);
}

static void test_t0_slo_window_compute_at_risk_threshold(void **state)
{
    struct fixture *f = *state;
    /* November at 99.9%: budget 43.2 min; 75% of it = 32.4 min = 32 min 24 s. */
    struct t0_incident *inc = add(f, "A", T0_IMPACT_MAJOR, "2026-11-10T00:00:00Z",
                                  "2026-11-10T00:32:24Z", "api");
    t0_ms as_of = T("2026-12-01T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    window(f, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", as_of, &w);
    assert_int_equal(w.status, T0_STATUS_AT_RISK);
    assert_near(w.budget_consumed_pct.value, 75.0, 1e-12);
    inc->resolved_at -= 1; /* 1 ms short of 75% */
    build(f, as_of);
    window(f, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", as_of, &w);
    assert_int_equal(w.status, T0_STATUS_MET);
    /* The same with partial outages: 108 min at 0.3 = 32.4 min exactly. */
    inc->impact = T0_IMPACT_PARTIAL;
    inc->resolved_at = T("2026-11-10T01:48:00Z");
    build(f, as_of);
    window(f, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", as_of, &w);
    assert_int_equal(w.status, T0_STATUS_AT_RISK);
}

static void test_t0_slo_window_compute_zero_budget(void **state)
{
    struct fixture *f = *state;
    set_slo(f, "*", 100000000); /* 100% */
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &w);
    /* No bad time: consumed a true 0, met, never exhausted. */
    assert_null(w.budget_consumed_pct.reason);
    assert_true(w.budget_consumed_pct.value == 0.0);
    assert_int_equal(w.status, T0_STATUS_MET);
    assert_int_equal(w.exhausted_at, T0_NO_TIME);
    assert_true(w.budget_minutes == 0.0);
    assert_true(w.attainment_pct.value == 100.0);

    /* 10 min of partial outage at 0.3 from 10:00: 3 bad minutes. */
    add(f, "P", T0_IMPACT_PARTIAL, "2026-10-05T10:00:00Z", "2026-10-05T10:10:00Z", "api");
    build(f, as_of);
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &w);
    assert_non_null(w.budget_consumed_pct.reason);
    assert_string_equal(w.budget_consumed_pct.reason,
                        "objective is 100%: the budget is zero");
    assert_int_equal(w.status, T0_STATUS_EXHAUSTED);
    assert_int_equal(w.exhausted_at, T("2026-10-05T10:00:00Z"));
    assert_near(w.budget_remaining_minutes, -3.0, 1e-12);
    /* 100 (1 - 3 / 44640) = 99.99327956989247 */
    assert_near(w.attainment_pct.value, 99.99327956989247, 1e-10);
}

static void test_t0_slo_window_compute_five_nines(void **state)
{
    struct fixture *f = *state;
    set_slo(f, "*", 99999000); /* 99.999% */
    add(f, "A", T0_IMPACT_MAJOR, "2026-10-01T00:00:00Z", "2026-10-01T00:10:00Z", "api");
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &w);
    /* 44640 x 0.00001 = 0.4464 min = 26.784 s. */
    assert_near(w.budget_minutes, 0.4464, 1e-12);
    assert_int_equal(w.exhausted_at, T("2026-10-01T00:00:26.784Z"));
    /* 10 / 0.4464 = 2240.143369175627 % */
    assert_near(w.budget_consumed_pct.value, 2240.143369175627, 1e-8);
}

static void test_t0_curve_reach_rounds_half_up(void **state)
{
    struct fixture *f = *state;
    /* A partial outage (0.3) from 10:00: 1 weighted ms takes 1/0.3 ms. */
    add(f, "P", T0_IMPACT_PARTIAL, "2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z", "api");
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    t0_ms a = T("2026-10-05T10:00:00Z"), b = T("2026-10-05T11:00:00Z");
    /* 150,000 wms at 300,000 per ms = 0.5 ms: rounds up to 1 ms. */
    assert_int_equal(t0_curve_reach(f->curve, a, b, 150000, 1), a + 1);
    /* 149,999 wms = 0.49999 ms: rounds down to 0. */
    assert_int_equal(t0_curve_reach(f->curve, a, b, 149999, 1), a);
    /* 400,000 wms = 1.333 ms: 1 ms. */
    assert_int_equal(t0_curve_reach(f->curve, a, b, 400000, 1), a + 1);
    /* Started from before the incident: the same instants. */
    assert_int_equal(t0_curve_reach(f->curve, a - 5000, b, 150000, 1), a + 1);
    /* More than the whole hour holds (18 min): never. */
    assert_int_equal(t0_curve_reach(f->curve, a, b, 18 * WMS_MIN + 1, 1), T0_NO_TIME);
    assert_int_equal(t0_curve_reach(f->curve, a, b, 18 * WMS_MIN, 1), b);
    assert_int_equal(t0_curve_first_bad(f->curve, a - 5000, b), a);
    assert_int_equal(t0_curve_first_bad(f->curve, a + 5, b), a + 5);
    assert_int_equal(t0_curve_first_bad(f->curve, b, b + 5000), T0_NO_TIME);
}

static void test_t0_slo_window_compute_month_boundary(void **state)
{
    struct fixture *f = *state;
    add(f, "A", T0_IMPACT_MAJOR, "2026-09-30T23:00:00Z", "2026-10-01T01:00:00Z", "api");
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window sep, oct;
    window(f, "2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", as_of, &sep);
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &oct);
    /* 60 min on each side of midnight. */
    assert_near(sep.bad_minutes, 60.0, 0.0);
    assert_near(oct.bad_minutes, 60.0, 0.0);
    /* September's budget 43.2 min is reached 43:12 after 23:00. */
    assert_int_equal(sep.exhausted_at, T("2026-09-30T23:43:12Z"));
    /* October counts from its own start: 44.64 min after 00:00 is 00:44:38.4;
     * consumed 60 / 44.64 = 134.40860215053763 %. */
    assert_int_equal(oct.exhausted_at, T("2026-10-01T00:44:38.400Z"));
    assert_int_equal(oct.status, T0_STATUS_EXHAUSTED);
    assert_near(oct.budget_consumed_pct.value, 134.40860215053763, 1e-9);
}

static void test_t0_slo_window_compute_dst_month(void **state)
{
    struct fixture *f = *state;
    struct t0_zone *berlin = t0_zone_new("Europe/Berlin", NULL);
    assert_non_null(berlin);
    struct t0_month march = {2026, 3};
    t0_ms start = t0_zone_month_start(berlin, march);
    t0_ms end = t0_zone_month_start(berlin, t0_month_add(march, 1));
    /* 1 March 00:00 CET = 28 Feb 23:00Z; 1 April 00:00 CEST = 31 March 22:00Z. */
    assert_int_equal(start, T("2026-02-28T23:00:00Z"));
    assert_int_equal(end, T("2026-03-31T22:00:00Z"));
    /* Across the change (29 March 01:00Z): 00:30Z-02:30Z is 120 real minutes
     * (01:30 CET to 04:30 CEST on the wall clock). */
    add(f, "A", T0_IMPACT_MAJOR, "2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z", "api");
    t0_ms as_of = T("2026-04-15T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    memset(&w, 0, sizeof w);
    t0_slo_window_compute(&f->slo, f->curve, start, end, as_of, 75000000, &w);
    /* 31 x 1440 - 60 = 44,580 min; budget 44.58 min. */
    assert_near(w.minutes_total, 44580.0, 0.0);
    assert_near(w.budget_minutes, 44.58, 1e-9);
    assert_near(w.bad_minutes, 120.0, 0.0);
    /* 44.58 min = 44:34.8 after 00:30Z. */
    assert_int_equal(w.exhausted_at, T("2026-03-29T01:14:34.800Z"));
    t0_zone_free(berlin);
}

static void test_t0_slo_window_compute_partial_month(void **state)
{
    struct fixture *f = *state;
    add(f, "A", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T10:30:00Z", "api");
    t0_ms as_of = T("2026-10-16T00:00:00Z");
    build(f, as_of);
    struct t0_slo_window w;
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &w);
    /* 15 elapsed days = 21,600 min; the budget stays the whole month's. */
    assert_true(w.partial);
    assert_near(w.minutes_elapsed, 21600.0, 0.0);
    assert_near(w.budget_minutes, 44.64, 1e-9);
    /* 100 (1 - 30 / 21600) = 99.86111111111111; 30 / 44.64 = 67.2043 % */
    assert_near(w.attainment_pct.value, 99.86111111111111, 1e-10);
    assert_near(w.budget_consumed_pct.value, 67.20430107526882, 1e-10);
    assert_int_equal(w.status, T0_STATUS_MET);
    /* A month wholly after as_of: no elapsed minutes, null attainment. */
    window(f, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", as_of, &w);
    assert_false(w.partial);
    assert_true(w.minutes_elapsed == 0.0);
    assert_non_null(w.attainment_pct.reason);
    assert_true(w.budget_consumed_pct.value == 0.0);
    /* consumed at 10:15 in October: 15 / 44.64 = 33.60215 % */
    struct t0_value c =
        t0_slo_consumed_at(&f->slo, f->curve, T("2026-10-01T00:00:00Z"),
                           T("2026-11-01T00:00:00Z"), T("2026-10-05T10:15:00Z"));
    assert_near(c.value, 33.60215053763441, 1e-10);
}

static void test_t0_curve_new_centuries_keep_128_bits(void **state)
{
    struct fixture *f = *state;
    /* 1500-01-01 to 1900-01-01 at weight 1: 400 Gregorian years = 146,097 days
     * = 146,097 x 86,400,000 ms = 1.2622781e13 ms, x 1,000,000 = 1.2622781e19
     * weighted ms: above INT64_MAX (9.2233720e18), so the cumulatives after it
     * need more than 64 bits. */
    add(f, "OLD", T0_IMPACT_MAJOR, "1500-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "api");
    add(f, "NEW", T0_IMPACT_MAJOR, "2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z", "api");
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    t0_ms a = T("2026-10-05T10:00:00Z"), b = T("2026-10-05T11:00:00Z");
    /* The later hour alone: 60 weighted minutes, exactly. */
    assert_int_equal(t0_curve_integral(f->curve, a, b), 60 * WMS_MIN);
    /* The first day of the old one: 1,440 minutes. */
    assert_int_equal(
        t0_curve_integral(f->curve, T("1500-01-01T00:00:00Z"), T("1500-01-02T00:00:00Z")),
        1440 * WMS_MIN);
    /* Its whole 1.26e19 saturates. */
    assert_int_equal(
        t0_curve_integral(f->curve, T("1500-01-01T00:00:00Z"), T("1900-01-01T00:00:00Z")),
        INT64_MAX);
    /* 30 weighted minutes from a are reached at a + 30 min = a + 1,800,000 ms. */
    assert_int_equal(t0_curve_reach(f->curve, a, b, 30 * WMS_MIN, 1), a + 1800000);
    assert_int_equal(t0_curve_first_bad(f->curve, T("1950-01-01T00:00:00Z"), b), a);
}

static void test_t0_curve_new_empty(void **state)
{
    struct fixture *f = *state;
    t0_ms as_of = T("2026-11-01T00:00:00Z");
    build(f, as_of);
    assert_int_equal(t0_curve_size(f->curve), 0);
    assert_int_equal(t0_curve_integral(f->curve, 0, as_of), 0);
    assert_int_equal(t0_curve_first_bad(f->curve, 0, as_of), T0_NO_TIME);
    struct t0_slo_window w;
    window(f, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", as_of, &w);
    assert_true(w.attainment_pct.value == 100.0);
    assert_int_equal(w.status, T0_STATUS_MET);
    assert_int_equal(w.exhausted_at, T0_NO_TIME);
}

/* Max weight at second k of the day, sampled from the same spans' rules:
 * every boundary is a whole second, so sampling each second is exact. */
static int64_t brute_rate(const struct fixture *f, t0_ms t, t0_ms as_of,
                          const struct t0_incident *only)
{
    int64_t best = 0;
    for (size_t i = 0; i < f->ds->n_incidents; i++) {
        const struct t0_incident *inc = &f->ds->incidents[i];
        if (only && inc != only)
            continue;
        t0_ms end = inc->resolved_at == T0_NO_TIME ? as_of : inc->resolved_at;
        if (inc->started_at >= as_of || t < inc->started_at || t >= end || t >= as_of)
            continue;
        for (uint32_t j = 0; j < (inc->n_segments ? inc->n_segments : 1); j++) {
            enum t0_impact impact = inc->impact;
            struct t0_symlist services = inc->services;
            if (inc->n_segments) {
                const struct t0_segment *seg = &inc->segments[j];
                t0_ms to = seg->to == T0_NO_TIME ? end : seg->to;
                if (t < seg->from || t >= to)
                    continue;
                impact = seg->impact;
                if (seg->has_services)
                    services = seg->services;
            }
            if (t0_slo_matches(&f->slo, services) && f->slo.weight_micro[impact] > best)
                best = f->slo.weight_micro[impact];
        }
    }
    return best;
}

static void test_t0_curve_integral_matches_brute_force(void **state)
{
    struct fixture *f = *state;
    const char *names[3] = {"api", "web", NULL};
    t0_ms day = T("2026-10-05T00:00:00Z");
    t0_ms as_of = day + 20 * T0_MS_PER_HOUR;
    uint64_t r = 12345;
#define NEXT(mod)                                                                        \
    ((r = r * 6364136223846793005ULL + 1442695040888963407ULL),                          \
     (int64_t)((r >> 33) % (mod)))
    set_slo(f, "api", 99900000);
    f->slo.weight_micro[T0_IMPACT_DEGRADED] = 100000;
    for (int i = 0; i < 60; i++) {
        struct t0_incident *inc = t0_dataset_add_incident(f->ds);
        inc->id = "R";
        inc->title = "R";
        inc->impact = (enum t0_impact)NEXT(4);
        inc->started_at = day + NEXT(86400) * 1000;
        inc->resolved_at =
            NEXT(5) == 0 ? T0_NO_TIME : inc->started_at + NEXT(7200) * 1000;
        inc->detected_at = inc->mitigated_at = T0_NO_TIME;
        inc->services = symlist(f->ds, names[NEXT(3)], NULL);
        if (NEXT(3) == 0) {
            uint32_t n = (uint32_t)NEXT(4) + 1;
            struct t0_segment *seg = t0_arena_alloc(f->ds->arena, n * sizeof *seg);
            for (uint32_t j = 0; j < n; j++) {
                seg[j].from = inc->started_at + (NEXT(9000) - 600) * 1000;
                seg[j].to = NEXT(4) == 0 ? T0_NO_TIME : seg[j].from + NEXT(3600) * 1000;
                seg[j].impact = (enum t0_impact)NEXT(4);
                seg[j].has_services = NEXT(2) == 0;
                if (seg[j].has_services)
                    seg[j].services = symlist(f->ds, names[NEXT(3)], NULL);
            }
            inc->segments = seg;
            inc->n_segments = n;
        }
    }
    build(f, as_of);
    /* Prefix sums of the brute-force rate, one per second of the day. */
    int64_t *prefix = calloc(86401, sizeof *prefix);
    for (int k = 0; k < 86400; k++)
        prefix[k + 1] = prefix[k] + brute_rate(f, day + k * 1000, as_of, NULL) * 1000;
    for (int q = 0; q < 200; q++) {
        int64_t a = NEXT(86400), b = NEXT(86400);
        if (b < a) {
            int64_t x = a;
            a = b;
            b = x;
        }
        assert_int_equal(t0_curve_integral(f->curve, day + a * 1000, day + b * 1000),
                         prefix[b] - prefix[a]);
    }
    /* Each incident's own bad time over the whole day. */
    for (size_t i = 0; i < f->ds->n_incidents; i++) {
        const struct t0_incident *inc = &f->ds->incidents[i];
        int64_t want = 0, got = -1;
        for (int k = 0; k < 86400; k++)
            want += brute_rate(f, day + k * 1000, as_of, inc) * 1000;
        assert_int_equal(t0_slo_incident_wms(&f->slo, inc, as_of, day,
                                             day + T0_MS_PER_DAY, &got, NULL),
                         T0_OK);
        assert_int_equal(got, want);
    }
#undef NEXT
    free(prefix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_t0_curve_new_overlap_takes_max, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_new_segments_change_weight, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_new_service_case_and_empty, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_new_ongoing_cut_at_as_of, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_exhausted_at_exact,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_t0_slo_window_compute_216_minutes_is_the_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_at_risk_threshold,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_zero_budget, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_five_nines, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_reach_rounds_half_up, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_month_boundary, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_dst_month, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_slo_window_compute_partial_month, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_new_centuries_keep_128_bits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_new_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_t0_curve_integral_matches_brute_force, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
