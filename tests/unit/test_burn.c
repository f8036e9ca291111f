/* test_burn.c: burn rates, the alert replay and rolling windows (definitions.md §9),
 * worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

static void near(double got, double want, double eps, const char *file, int line)
{
    if (!(fabs(got - want) <= eps)) {
        print_error("%.17g != %.17g (tolerance %g)\n", got, want, eps);
        _fail(file, line);
    }
}
#define assert_near(got, want, eps) near((got), (want), (eps), __FILE__, __LINE__)

#include "tierzero/burn.h"
#include "tierzero/report.h"
#include "tierzero/slo.h"

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

#define MIN T0_MS_PER_MINUTE

struct fixture {
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_slo slo;
    char *names[1];
    t0_sym syms[1];
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

static struct t0_incident *add(struct fixture *f, const char *id, enum t0_impact impact,
                               t0_ms from, t0_ms to, const char *service)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = id;
    inc->title = "incident";
    inc->impact = impact;
    inc->started_at = from;
    inc->detected_at = T0_NO_TIME;
    inc->mitigated_at = T0_NO_TIME;
    inc->resolved_at = to;
    inc->services = symlist(f->ds, service);
    inc->index = (uint32_t)(f->ds->n_incidents - 1);
    return inc;
}

/* The SLO on one service ("*": all) with definitions.md §2.4's default weights and the
 * default rules (alerts not configured). */
static void set_slo(struct fixture *f, const char *service, int64_t objective)
{
    struct t0_slo *slo = &f->slo;
    memset(slo, 0, sizeof *slo);
    slo->name = (char *)"api";
    f->names[0] = (char *)service;
    slo->services = f->names;
    slo->n_services = 1;
    slo->all_services = strcmp(service, "*") == 0;
    if (!slo->all_services) {
        f->syms[0] = t0_symtab_intern(f->ds->symbols, service, strlen(service));
        slo->symbols = (struct t0_symlist){f->syms, 1};
    }
    slo->objective_micro = objective;
    slo->objective_pct = (double)objective / 1e6;
    slo->weight_micro[T0_IMPACT_MAJOR] = 1000000;
    slo->weight_micro[T0_IMPACT_PARTIAL] = 300000;
    slo->rolling_days = 28;
    f->cfg.n_slos = 1;
}

static int setup_zone(void **state, const char *zone)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->ds = t0_dataset_new();
    f->zone = t0_zone_new(zone, NULL);
    assert_non_null(f->zone);
    f->cfg.title = "Reliability review";
    f->cfg.timezone = (char *)zone;
    f->cfg.slos = &f->slo;
    f->cfg.at_risk_pct = 75;
    f->cfg.at_risk_micro = 75000000;
    f->cfg.window_hours = 72;
    f->cfg.window_ms = 72 * T0_MS_PER_HOUR;
    f->cfg.event_study_days = 14;
    set_slo(f, "*", 99900000);
    f->req.history = 2;
    f->req.has_month = true;
    f->req.month = (struct t0_month){2026, 10};
    f->req.has_as_of = true;
    f->req.as_of = T("2026-11-01T00:00:00Z");
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

static const struct t0_slo_burn *compute(struct fixture *f)
{
    t0_report_release(&f->rep);
    assert_int_equal(t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &f->req, NULL),
                     T0_OK);
    assert_non_null(f->rep.slos[0].burn);
    return f->rep.slos[0].burn;
}

static void assert_episode(const struct t0_slo_burn *b, size_t e, const char *rule,
                           enum t0_alert_severity severity, t0_ms from, t0_ms to)
{
    char name[48];
    assert_true(e < b->n_episodes);
    const struct t0_alert_episode *ep = &b->episodes[e];
    assert_string_equal(t0_alert_rule_name(&b->rules[ep->rule], name, sizeof name), rule);
    assert_int_equal(ep->severity, severity);
    assert_int_equal(ep->from, from);
    assert_int_equal(ep->to, to);
}

/*
 * One 30-minute major outage at 99.9% from T (a whole minute). The window
 * [t - w, t) ending at minute t = T + k holds min(k, 30) bad minutes while
 * t - w <= T. Rule thresholds in bad minutes (rate x 0.001 x window):
 *   page 1h/5m at 14.4: long > 0.864, short > 0.072: from T+1; the short
 *     window is empty from T+35: to T+35.
 *   page 6h/30m at 6: long > 2.16 from T+3; short > 0.18 while
 *     60 - k > 0.18, k <= 59: to T+60.
 *   ticket 1d/2h at 3: long > 4.32 from T+5; short 150 - k > 0.36 until
 *     k = 149: to T+150.
 *   ticket 3d/6h at 1: long > 4.32 from T+5; short 390 - k > 0.36: to T+390.
 */
static void test_burn_single_major_outage(void **state)
{
    struct fixture *f = *state;
    t0_ms t = T("2026-10-10T12:00:00Z");
    add(f, "A", T0_IMPACT_MAJOR, t, t + 30 * MIN, "api");
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->n_rules, 4);
    assert_int_equal(b->n_episodes, 4);
    assert_episode(b, 0, "1h/5m", T0_ALERT_PAGE, t + 1 * MIN, t + 35 * MIN);
    assert_episode(b, 1, "6h/30m", T0_ALERT_PAGE, t + 3 * MIN, t + 60 * MIN);
    assert_episode(b, 2, "1d/2h", T0_ALERT_TICKET, t + 5 * MIN, t + 150 * MIN);
    assert_episode(b, 3, "3d/6h", T0_ALERT_TICKET, t + 5 * MIN, t + 390 * MIN);
    assert_int_equal(b->pages, 2);
    assert_int_equal(b->tickets, 2);
    assert_int_equal(b->unmatched_pages, 0);
    /* Declared at its start (no detected_at): the page came a minute late. */
    assert_int_equal(b->n_incidents, 1);
    assert_int_equal(b->incidents[0].paged_at, t + 1 * MIN);
    assert_near(b->incidents[0].page_lead_minutes, -1.0, 0.0);
    assert_int_equal(b->paged_first, 0);

    /* Burn rate at any instant: 30 bad minutes in the hour before T+30 are
     * 30 / 60 / 0.001 = 500; in the 5 minutes before T+32, 3 / 5 / 0.001. */
    assert_near(t0_burn_rate(&f->rep, 0, t + 30 * MIN, 60).value, 500.0, 1e-9);
    assert_near(t0_burn_rate(&f->rep, 0, t + 32 * MIN, 5).value, 600.0, 1e-9);
    assert_near(t0_burn_rate(&f->rep, 0, t + 90 * MIN, 60).value, 0.0, 0.0);
}

/* Detected 13 minutes after it started, paged at T+1: 12 minutes ahead. */
static void test_burn_paged_before_declared(void **state)
{
    struct fixture *f = *state;
    t0_ms t = T("2026-10-10T12:00:00Z");
    struct t0_incident *inc = add(f, "A", T0_IMPACT_MAJOR, t, t + 30 * MIN, "api");
    inc->detected_at = t + 13 * MIN;
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->incidents[0].paged_at, t + 1 * MIN);
    assert_near(b->incidents[0].page_lead_minutes, 12.0, 0.0);
    assert_int_equal(b->paged_first, 1);
    char finding[160];
    assert_string_equal(t0_burn_finding(b, finding, sizeof finding),
                        "The one incident was paged before it was declared; every page "
                        "matched an incident");
}

/*
 * A slow burn: weight 0.002 on a 99.9% SLO is a burn rate of 2 inside the
 * incident, which lasts 2 days from T. Pages (14.4, 6) and the 1d/2h ticket
 * (3) never fire. 3d/6h at 1: the 3-day window holds k hours for k <= 48 and
 * must hold more than 36 h (exactly 36 h is a burn of exactly 1: strict);
 * the 6-hour window must hold more than 3 h, which it does until
 * T + 48 h + 3 h (exactly 3 h at T + 51 h). So T+36h+1m to T+51h.
 */
static void test_burn_slow_burn_ticket_only(void **state)
{
    struct fixture *f = *state;
    f->slo.weight_micro[T0_IMPACT_PARTIAL] = 2000;
    t0_ms t = T("2026-10-10T00:00:00Z");
    add(f, "slow", T0_IMPACT_PARTIAL, t, t + 48 * T0_MS_PER_HOUR, "api");
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->n_episodes, 1);
    assert_episode(b, 0, "3d/6h", T0_ALERT_TICKET, t + 36 * T0_MS_PER_HOUR + MIN,
                   t + 51 * T0_MS_PER_HOUR);
    assert_int_equal(b->pages, 0);
    assert_int_equal(b->tickets, 1);
    assert_int_equal(b->n_incidents, 1);
    assert_int_equal(b->incidents[0].paged_at, T0_NO_TIME);
    assert_near(t0_burn_rate(&f->rep, 0, t + 24 * T0_MS_PER_HOUR, 360).value, 2.0, 1e-12);
}

/*
 * A page with no incident: the bad time comes from a segment on "api" of an
 * incident whose own services are "web", so no incident matching the SLO by
 * its own services is near. An "api" incident without bad time (degraded,
 * weight 0) from T+100m to T+110m is within an hour of the 6h/30m page
 * ([T+3m, T+60m): up to T+120m) but not of the 1h/5m page ([T+1m, T+35m):
 * up to T+95m).
 */
static void test_burn_unmatched_page(void **state)
{
    struct fixture *f = *state;
    set_slo(f, "api", 99900000);
    t0_ms t = T("2026-10-10T12:00:00Z");
    struct t0_incident *web = add(f, "W", T0_IMPACT_DEGRADED, t, t + 30 * MIN, "web");
    struct t0_segment *seg = t0_arena_alloc(f->ds->arena, sizeof *seg);
    *seg = (struct t0_segment){t, t + 30 * MIN, T0_IMPACT_MAJOR, true,
                               symlist(f->ds, "api")};
    web->segments = seg;
    web->n_segments = 1;
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->pages, 2);
    assert_int_equal(b->unmatched_pages, 2);
    assert_true(b->episodes[0].unmatched && b->episodes[1].unmatched);
    assert_int_equal(b->n_incidents, 0);
    char finding[160];
    assert_string_equal(t0_burn_finding(b, finding, sizeof finding),
                        "No incident this month; 2 pages matched no incident");

    add(f, "near", T0_IMPACT_DEGRADED, t + 100 * MIN, t + 110 * MIN, "api");
    b = compute(f);
    assert_int_equal(b->pages, 2);
    assert_int_equal(b->unmatched_pages, 1);
    assert_episode(b, 0, "1h/5m", T0_ALERT_PAGE, t + 1 * MIN, t + 35 * MIN);
    assert_true(b->episodes[0].unmatched);
    assert_false(b->episodes[1].unmatched);
    /* It started after the pages began: it lists no page. */
    assert_int_equal(b->n_incidents, 1);
    assert_int_equal(b->incidents[0].paged_at, T0_NO_TIME);
}

/* Still firing at as_of inside the month: to is null; what gate --burn sees. */
static void test_burn_firing_at_as_of(void **state)
{
    struct fixture *f = *state;
    t0_ms t = T("2026-10-10T12:00:00Z");
    add(f, "A", T0_IMPACT_MAJOR, t, T0_NO_TIME, "api");
    f->req.as_of = t + 20 * MIN + 30000; /* the last minute evaluated is T+20 */
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->eval_last, t + 20 * MIN);
    assert_int_equal(b->n_episodes, 4);
    assert_episode(b, 0, "1h/5m", T0_ALERT_PAGE, t + 1 * MIN, T0_NO_TIME);
    assert_episode(b, 1, "6h/30m", T0_ALERT_PAGE, t + 3 * MIN, T0_NO_TIME);
    assert_episode(b, 2, "1d/2h", T0_ALERT_TICKET, t + 5 * MIN, T0_NO_TIME);
    assert_episode(b, 3, "3d/6h", T0_ALERT_TICKET, t + 5 * MIN, T0_NO_TIME);
    const struct t0_alert_episode *firing = t0_burn_firing_page(b);
    assert_non_null(firing);
    assert_int_equal(firing->from, t + 1 * MIN);
    /* Ongoing: its end is as_of, so the page at T+1 lies in [start - 1h, end). */
    assert_int_equal(b->incidents[0].paged_at, t + 1 * MIN);
}

/* Across the month's end: firing at the last minute with as_of after the
 * month gives to = the month's end; the next month starts firing at its
 * first minute. */
static void test_burn_month_edges(void **state)
{
    struct fixture *f = *state;
    t0_ms t = T("2026-10-31T23:50:00Z"), end = T("2026-11-01T00:00:00Z");
    add(f, "A", T0_IMPACT_MAJOR, t, t + 40 * MIN, "api");
    f->req.as_of = T("2026-12-01T00:00:00Z");
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->n_episodes, 4);
    assert_episode(b, 0, "1h/5m", T0_ALERT_PAGE, t + 1 * MIN, end);
    assert_episode(b, 1, "6h/30m", T0_ALERT_PAGE, t + 3 * MIN, end);

    /* November: the 5 minutes before 00:00 held 5 bad minutes, the hour 10:
     * 1h/5m fires from the first minute until 5 minutes after the outage. */
    f->req.month = (struct t0_month){2026, 11};
    b = compute(f);
    assert_episode(b, 0, "1h/5m", T0_ALERT_PAGE, end, t + 45 * MIN);
    /* The incident started in October: November lists none. */
    assert_int_equal(b->n_incidents, 0);
    assert_int_equal(b->unmatched_pages, 0);
}

/* Objective 100% never fires; the burn rate is null. */
static void test_burn_objective_100_never_fires(void **state)
{
    struct fixture *f = *state;
    set_slo(f, "*", 100000000);
    t0_ms t = T("2026-10-10T12:00:00Z");
    add(f, "A", T0_IMPACT_MAJOR, t, t + 30 * MIN, "api");
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->n_episodes, 0);
    assert_non_null(t0_burn_rate(&f->rep, 0, t + 30 * MIN, 60).reason);
    /* Rolling consumption is null too (zero budget, bad time). */
    assert_non_null(b->rolling[b->n_rolling - 1].budget_consumed_pct.reason);
}

/* Configured rules replace the defaults: one page rule 90m/10m at 2 (a rate
 * exactly reached is not exceeded). */
static void test_burn_configured_rules(void **state)
{
    struct fixture *f = *state;
    struct t0_alert_rule rule = {T0_ALERT_PAGE, 90, 10, 2000000};
    f->slo.alerts = &rule;
    f->slo.n_alerts = 1;
    f->slo.alerts_configured = true;
    t0_ms t = T("2026-10-10T12:00:00Z");
    add(f, "A", T0_IMPACT_MAJOR, t, t + 30 * MIN, "api");
    /* long 90m > 0.18 bad minutes from T+1; short 10m > 0.02: until
     * 40 - k > 0.02, k <= 39: to T+40. */
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->n_rules, 1);
    assert_int_equal(b->n_episodes, 1);
    assert_episode(b, 0, "90m/10m", T0_ALERT_PAGE, t + 1 * MIN, t + 40 * MIN);
    /* Weight 0.002 for 2 h is a burn of exactly 2: never above it. */
    t0_report_release(&f->rep);
    t0_dataset_free(f->ds);
    f->ds = t0_dataset_new();
    f->slo.weight_micro[T0_IMPACT_PARTIAL] = 2000;
    add(f, "B", T0_IMPACT_PARTIAL, t, t + 120 * MIN, "api");
    b = compute(f);
    assert_int_equal(b->n_episodes, 0);
}

/*
 * Rolling points in Berlin, October 2026 (summer time ends on the 25th):
 * local midnights are 22:00Z until the 25th, 23:00Z from the 26th; the
 * 25th lasts 25 hours. A September incident (10th, 12:00-13:00Z, 60 min)
 * is inside the 28-day window of the 1 October point ([2 Sep 22:00Z,
 * 30 Sep 22:00Z)) and of 8 October ([9 Sep 22:00Z, ...)), not of 9
 * October ([10 Sep 22:00Z, ...)). An incident on 25 Oct 22:30-23:30Z has
 * 30 minutes before the 26 October point (25 Oct 23:00Z), 60 before the
 * next. With as_of after the month: 31 midnights and the month's end.
 */
static void test_burn_rolling_berlin(void **state)
{
    struct fixture *f = *state;
    add(f, "S", T0_IMPACT_MAJOR, T("2026-09-10T12:00:00Z"), T("2026-09-10T13:00:00Z"),
        "api");
    add(f, "O", T0_IMPACT_MAJOR, T("2026-10-25T22:30:00Z"), T("2026-10-25T23:30:00Z"),
        "api");
    f->req.as_of = T("2026-11-05T00:00:00Z");
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->rolling_days, 28);
    assert_int_equal(b->n_rolling, 32);
    const struct t0_rolling_point *p = b->rolling;
    assert_int_equal(p[0].at, T("2026-09-30T22:00:00Z"));
    /* 60 of 40,320 minutes; budget 40.32 minutes. */
    assert_near(p[0].attainment_pct.value, 100.0 * (1.0 - 60.0 / 40320.0), 1e-12);
    assert_near(p[0].budget_consumed_pct.value, 100.0 * 60.0 / 40.32, 1e-9);
    assert_int_equal(p[7].at, T("2026-10-07T22:00:00Z"));
    assert_near(p[7].budget_consumed_pct.value, 100.0 * 60.0 / 40.32, 1e-9);
    assert_int_equal(p[8].at, T("2026-10-08T22:00:00Z"));
    assert_near(p[8].attainment_pct.value, 100.0, 0.0);
    assert_near(p[8].budget_consumed_pct.value, 0.0, 0.0);
    assert_int_equal(p[24].at, T("2026-10-24T22:00:00Z"));
    assert_int_equal(p[25].at, T("2026-10-25T23:00:00Z"));
    assert_near(p[25].budget_consumed_pct.value, 100.0 * 30.0 / 40.32, 1e-9);
    assert_int_equal(p[26].at, T("2026-10-26T23:00:00Z"));
    assert_near(p[26].budget_consumed_pct.value, 100.0 * 60.0 / 40.32, 1e-9);
    assert_int_equal(p[30].at, T("2026-10-30T23:00:00Z"));
    assert_int_equal(p[31].at, T("2026-10-31T23:00:00Z"));
}

/* as_of inside the month: the midnights up to it, then as_of itself; as_of
 * exactly at a midnight is not repeated. */
static void test_burn_rolling_partial_month(void **state)
{
    struct fixture *f = *state;
    add(f, "A", T0_IMPACT_MAJOR, T("2026-10-03T00:00:00Z"), T("2026-10-03T00:10:00Z"),
        "api");
    f->req.as_of = T("2026-10-10T12:00:00Z");
    const struct t0_slo_burn *b = compute(f);
    assert_int_equal(b->n_rolling, 11);
    assert_int_equal(b->rolling[9].at, T("2026-10-10T00:00:00Z"));
    assert_int_equal(b->rolling[10].at, T("2026-10-10T12:00:00Z"));
    assert_near(b->rolling[10].budget_consumed_pct.value, 100.0 * 10.0 / 40.32, 1e-9);
    f->req.as_of = T("2026-10-10T00:00:00Z");
    b = compute(f);
    assert_int_equal(b->n_rolling, 10);
    assert_int_equal(b->rolling[9].at, T("2026-10-10T00:00:00Z"));
}

/*
 * The rolling chart's title (t0_rolling_finding), UTC, 99.9%, 28 days: a
 * window's budget is 40.32 minutes, so 41 bad minutes miss it.
 *   no incident: every point met;
 *   41 min from 10 Oct 00:00: the points of 1-10 Oct met, 11 Oct on missed;
 *   41 min from 20 Sep 00:00: in the windows [at - 28 d, at) up to at = 18
 *     Oct, so missed until then, met again from 19 Oct;
 *   41 min from 31 Oct 12:00: only the month's end (1 Nov) holds it;
 *   as_of 15 Oct 12:00 with no incident: "so far this month";
 *   every point without a figure: "no figure this month".
 */
static void test_rolling_finding(void **state)
{
    struct fixture *f = *state;
    char buf[256];
    compute(f);
    assert_string_equal(t0_rolling_finding(&f->rep, 0, buf, sizeof buf),
                        "Rolling 28 days met the 99.9% objective all month");
    add(f, "A", T0_IMPACT_MAJOR, T("2026-10-10T00:00:00Z"), T("2026-10-10T00:41:00Z"),
        "api");
    const struct t0_slo_burn *b = compute(f);
    assert_false(t0_rolling_missed(&b->rolling[9], 99.9));
    assert_true(t0_rolling_missed(&b->rolling[10], 99.9));
    assert_string_equal(t0_rolling_finding(&f->rep, 0, buf, sizeof buf),
                        "Rolling 28 days missed the 99.9% objective from 11 October");
    f->ds->incidents[0].started_at = T("2026-09-20T00:00:00Z");
    f->ds->incidents[0].resolved_at = T("2026-09-20T00:41:00Z");
    compute(f);
    assert_string_equal(t0_rolling_finding(&f->rep, 0, buf, sizeof buf),
                        "Rolling 28 days met the 99.9% objective again from 19 October");
    f->ds->incidents[0].started_at = T("2026-10-31T12:00:00Z");
    f->ds->incidents[0].resolved_at = T("2026-10-31T12:41:00Z");
    compute(f);
    assert_string_equal(t0_rolling_finding(&f->rep, 0, buf, sizeof buf),
                        "Rolling 28 days missed the 99.9% objective at the month's end");
    f->req.as_of = T("2026-10-15T12:00:00Z");
    b = compute(f);
    assert_string_equal(t0_rolling_finding(&f->rep, 0, buf, sizeof buf),
                        "Rolling 28 days met the 99.9% objective so far this month");
    for (size_t k = 0; k < b->n_rolling; k++)
        f->rep.slos[0].burn->rolling[k].attainment_pct =
            t0_value_null("no events in the window");
    assert_string_equal(
        t0_rolling_finding(&f->rep, 0, buf, sizeof buf),
        "Rolling 28 days: no figure this month (no events in the window)");
}

/* The events form of the burn rate (definitions.md §9), ready for request-based SLIs:
 * 2 bad of 1,000 at 99.9% is a burn of 2; strict; no events: null. */
static void test_burn_events_amount(void **state)
{
    (void)state;
    struct t0_sli_amount a = {0};
    a.events = true;
    a.bad = 2;
    a.total = 1000;
    assert_near(t0_burn_rate_of(a, 99900000).value, 2.0, 1e-12);
    assert_true(t0_burn_exceeds(a, 99900000, 1000000));
    assert_false(t0_burn_exceeds(a, 99900000, 2000000));
    assert_false(t0_burn_exceeds(a, 100000000, 0));
    a.bad = a.total = 0;
    assert_non_null(t0_burn_rate_of(a, 99900000).reason);
    assert_false(t0_burn_exceeds(a, 99900000, 0));
}

static void test_alert_window_format_largest_unit(void **state)
{
    (void)state;
    char buf[24], name[48];
    assert_string_equal(t0_alert_window_format(60, buf, sizeof buf), "1h");
    assert_string_equal(t0_alert_window_format(90, buf, sizeof buf), "90m");
    assert_string_equal(t0_alert_window_format(2880, buf, sizeof buf), "2d");
    assert_string_equal(t0_alert_window_format(1500, buf, sizeof buf), "25h");
    assert_string_equal(t0_alert_rule_name(&t0_default_alert_rules[2], name, sizeof name),
                        "1d/2h");
}

/* ---- configuration ---- */

static enum t0_status load_text(const char *text, struct t0_config *cfg,
                                struct t0_error *err)
{
    char path[] = "/tmp/test_burn_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(t0_config_init(cfg), T0_OK);
    enum t0_status st = t0_config_load(cfg, path, err);
    unlink(path);
    return st;
}

static void test_config_alerts_and_rolling(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    char name[48];
    assert_int_equal(
        load_text("{\"slos\": [{\"name\": \"api\", \"rolling_days\": 7, "
                  "\"alerts\": [{\"severity\": \"ticket\", \"long_window\": "
                  "\"60m\", \"short_window\": \"5m\", \"burn_rate\": 2.5}]}, "
                  "{\"name\": \"web\"}]}",
                  &cfg, &err),
        T0_OK);
    assert_int_equal(cfg.slos[0].rolling_days, 7);
    assert_true(cfg.slos[0].alerts_configured);
    assert_int_equal(cfg.slos[0].n_alerts, 1);
    assert_int_equal(cfg.slos[0].alerts[0].severity, T0_ALERT_TICKET);
    assert_int_equal(cfg.slos[0].alerts[0].long_minutes, 60);
    assert_int_equal(cfg.slos[0].alerts[0].burn_micro, 2500000);
    assert_string_equal(t0_alert_rule_name(&cfg.slos[0].alerts[0], name, sizeof name),
                        "1h/5m");
    assert_int_equal(cfg.slos[1].rolling_days, 28);
    size_t n;
    assert_ptr_equal(t0_slo_alert_rules(&cfg.slos[1], &n), t0_default_alert_rules);
    assert_int_equal(n, 4);
    t0_config_release(&cfg);
}

static void expect_refused(const char *text, const char *path, const char *words)
{
    struct t0_config cfg;
    struct t0_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(load_text(text, &cfg, &err), T0_EINPUT);
    assert_non_null(strstr(err.path, path));
    assert_non_null(strstr(err.text, words));
    t0_config_release(&cfg);
}

static void test_config_alerts_refused(void **state)
{
    (void)state;
    expect_refused("{\"slos\": [{\"alerts\": [{\"severity\": \"page\", \"long_window\": "
                   "\"1h\", \"short_window\": \"5m\", \"burn_rate\": 14.4, \"name\": "
                   "\"x\"}]}]}",
                   "slos[0].alerts[0].name", "unknown key 'name'");
    expect_refused("{\"slos\": [{\"alerts\": [{\"severity\": \"page\", \"long_window\": "
                   "\"1.5h\", \"short_window\": \"5m\", \"burn_rate\": 14.4}]}]}",
                   "slos[0].alerts[0].long_window", "whole number");
    expect_refused("{\"slos\": [{\"alerts\": [{\"severity\": \"page\", \"long_window\": "
                   "\"1h\", \"short_window\": \"30s\", \"burn_rate\": 14.4}]}]}",
                   "slos[0].alerts[0].short_window", "whole number");
    expect_refused("{\"slos\": [{\"alerts\": [{\"severity\": \"sms\", \"long_window\": "
                   "\"1h\", \"short_window\": \"5m\", \"burn_rate\": 14.4}]}]}",
                   "slos[0].alerts[0].severity", "\"page\" or \"ticket\"");
    expect_refused("{\"slos\": [{\"alerts\": [{\"severity\": \"page\", \"long_window\": "
                   "\"1h\", \"short_window\": \"5m\", \"burn_rate\": -1}]}]}",
                   "slos[0].alerts[0].burn_rate", "from 0");
    expect_refused("{\"slos\": [{\"alerts\": [{\"severity\": \"page\", \"long_window\": "
                   "\"1h\", \"short_window\": \"5m\"}]}]}",
                   "slos[0].alerts[0].burn_rate", "required");
    expect_refused("{\"slos\": [{\"rolling_days\": 0}]}", "slos[0].rolling_days",
                   "whole number of days");
    expect_refused("{\"slos\": [{\"rolling_days\": 7.5}]}", "slos[0].rolling_days",
                   "whole number of days");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_burn_single_major_outage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_paged_before_declared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_slow_burn_ticket_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_unmatched_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_firing_at_as_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_month_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_objective_100_never_fires, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_burn_configured_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_rolling_berlin, setup_berlin, teardown),
        cmocka_unit_test_setup_teardown(test_burn_rolling_partial_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rolling_finding, setup, teardown),
        cmocka_unit_test(test_burn_events_amount),
        cmocka_unit_test(test_alert_window_format_largest_unit),
        cmocka_unit_test(test_config_alerts_and_rolling),
        cmocka_unit_test(test_config_alerts_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
