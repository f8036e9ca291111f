/* test_workbook.c: workbooks written from hand-built reports, read back by
 * tests/xlsx_check.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "t0_skip.h"
#include <xlsxwriter/utility.h>

#include "tierzero/config.h"
#include "tierzero/format.h"
#include "tierzero/ingest.h"
#include "tierzero/output.h"
#include "tierzero/model.h"
#include "tierzero/report.h"
#include "tierzero/time.h"
#include "tierzero/workbook.h"
#include "tierzero/windows.h"
#include "workbook_private.h"

#define PYTHON "/usr/bin/python3"
#define CHECKER T0_TEST_DATA "/../xlsx_check.py"
/* SOURCE_DATE_EPOCH for the tests: 2026-10-03T04:00:00Z, 06:00 in Berlin. */
#define SDE "1791000000"
#define N_SLOS 2
#define N_MONTHS 2
#define N_DAYS 61 /* 2026-09-01 .. 2026-10-31 */
#define LONG_TITLE_CHARS 40006

static t0_ms T(const char *text)
{
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    return t;
}

/*
 * The hand-built review: zone Europe/Berlin, period 2026-09 .. 2026-10, as_of
 * 2026-10-15T00:00Z (02:00 local). Two SLOs: "API availability" on api at
 * 99.9 %, and "+1" (a formula-looking name) on every service at 100 % (zero
 * budget). Weights: major 1, partial 0.3, degraded 0, none 0.
 *
 * Months in Berlin: September 2026 has 30 days = 43,200 min; October 2026
 * has 31 days plus the hour DST gives back on the 25th = 44,700 min.
 * October elapsed: 2026-09-30T22:00Z .. 2026-10-15T00:00Z = 14 d 2 h =
 * 20,280 min. Period: 87,900 min in all, 43,200 + 20,280 = 63,480 elapsed.
 *
 * Incidents:
 *   INC-1 major, api, 2026-10-03 14:05Z .. 15:20Z: 75 min, detected 4 min
 *         after start. Bad 75 min for both SLOs.
 *   INC-2 partial, api, 2026-09-10 08:00Z .. 10:00Z: 120 min x 0.3 = 36.
 *   INC-3 degraded, web, 2026-10-14 20:00Z, ongoing (ends at as_of): weight 0.
 *   INC-4 none, db, 2026-10-05 10:00Z .. 10:30Z: weight 0; a 40,006-character
 *         title with a control character.
 * API availability, September: budget 0.1 % x 43,200 = 43.2; consumed
 *   100 x 36 / 43.2 = 83.33 (at risk, >= 75); remaining 7.2; attainment
 *   100 x (1 - 36/43,200).
 * API availability, October: budget 0.1 % x 44,700 = 44.7; consumed
 *   100 x 75 / 44.7 = 167.79 (exhausted); remaining -30.3; attainment
 *   100 x (1 - 75/20,280); exhausted 44.7 min after 14:05Z = 14:49:42Z.
 * "+1" (100 %): budget 0, consumed null, remaining -36 / -75, exhausted at
 *   the first bad instant (09-10 08:00Z, 10-03 14:05Z).
 * Period: API budget 0.1 % x 87,900 = 87.9, consumed 100 x 111 / 87.9,
 *   attainment 100 x (1 - 111/63,480).
 */
struct fixture {
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_slo slos[N_SLOS];
    char *services[N_SLOS][1];
    struct t0_zone *zone;
    struct t0_report rep;
    struct t0_slo_result results[N_SLOS];
    struct t0_slo_window months[N_SLOS][N_MONTHS];
    struct t0_slo_window periods[N_SLOS];
    struct t0_incident_figures figs[4];
    double inc_bad[4][N_SLOS];
    struct t0_day days[N_DAYS];
    double day_bad[N_DAYS][N_SLOS];
    struct t0_release_figures rel_figs[2];
    double rel_bad[2][N_SLOS];
    struct t0_violation violation;
    double mean_per_day[5];
    char *long_title;
    char dir[64];
};

static struct t0_symlist symlist(struct t0_dataset *ds, const char *name)
{
    struct t0_symlist l = {NULL, 0};
    t0_sym *items = t0_arena_alloc(ds->arena, sizeof *items);
    items[l.count++] = t0_symtab_intern(ds->symbols, name, strlen(name));
    l.items = items;
    return l;
}

static struct t0_incident *add_incident(struct fixture *f, const char *id,
                                        const char *title, enum t0_impact impact,
                                        const char *service, const char *from,
                                        const char *to)
{
    struct t0_incident *inc = t0_dataset_add_incident(f->ds);
    assert_non_null(inc);
    inc->id = id;
    inc->title = title;
    inc->impact = impact;
    inc->started_at = T(from);
    inc->detected_at = T0_NO_TIME;
    inc->mitigated_at = T0_NO_TIME;
    inc->resolved_at = to ? T(to) : T0_NO_TIME;
    inc->services = symlist(f->ds, service);
    inc->index = (uint32_t)(f->ds->n_incidents - 1);
    return inc;
}

static void window(struct t0_slo_window *w, struct t0_month m, t0_ms start, t0_ms end,
                   double total, double elapsed, double bad, double budget,
                   enum t0_slo_status status, t0_ms exhausted, size_t incidents,
                   bool partial)
{
    memset(w, 0, sizeof *w);
    w->kind = T0_WINDOW_MONTH;
    t0_format_month(m, w->label);
    w->month = m;
    w->start = start;
    w->end = end;
    w->minutes_total = total;
    w->minutes_elapsed = elapsed;
    w->bad_minutes = bad;
    w->attainment_pct = t0_value_of(100.0 * (1.0 - bad / elapsed));
    w->budget_minutes = budget;
    w->budget_consumed_pct = budget > 0
                                 ? t0_value_of(100.0 * bad / budget)
                                 : t0_value_null("objective is 100%: the budget is zero");
    w->budget_remaining_minutes = budget - bad;
    w->exhausted_at = exhausted;
    w->status = status;
    w->incidents = incidents;
    w->partial = partial;
}

static void build_config(struct fixture *f)
{
    static const char *const names[N_SLOS] = {"API availability", "+1"};
    static const char *const services[N_SLOS] = {"api", "*"};
    static const double objectives[N_SLOS] = {99.9, 100.0};
    memset(&f->cfg, 0, sizeof f->cfg);
    f->cfg.title = (char *)"=HYPERLINK(\"http://evil\",\"click\")";
    f->cfg.organization = (char *)"Exämple Corp";
    f->cfg.timezone = (char *)"Europe/Berlin";
    f->cfg.at_risk_pct = 75;
    f->cfg.at_risk_micro = 75 * T0_MICRO;
    f->cfg.window_hours = 72;
    f->cfg.window_ms = 72 * T0_MS_PER_HOUR;
    f->cfg.event_study_days = 2;
    for (size_t s = 0; s < N_SLOS; s++) {
        struct t0_slo *slo = &f->slos[s];
        memset(slo, 0, sizeof *slo);
        slo->name = (char *)names[s];
        f->services[s][0] = (char *)services[s];
        slo->services = f->services[s];
        slo->n_services = 1;
        slo->all_services = s == 1;
        slo->objective_pct = objectives[s];
        slo->objective_micro = (int64_t)(objectives[s] * 1000000 + 0.5);
        slo->weight_micro[T0_IMPACT_MAJOR] = T0_MICRO;
        slo->weight_micro[T0_IMPACT_PARTIAL] = 300000;
    }
    f->cfg.slos = f->slos;
    f->cfg.n_slos = N_SLOS;
}

static void build_data(struct fixture *f)
{
    f->ds = t0_dataset_new();
    assert_non_null(f->ds);
    struct t0_incident *i1 =
        add_incident(f, "INC-1", "=HYPERLINK(\"http://evil\")", T0_IMPACT_MAJOR, "api",
                     "2026-10-03T14:05:00Z", "2026-10-03T15:20:00Z");
    i1->detected_at = T("2026-10-03T14:09:00Z");
    i1->mitigated_at = T("2026-10-03T15:00:00Z");
    i1->severity = "SEV1";
    i1->url = "https://status.example.com/incidents/abc";
    struct t0_incident *i2 = add_incident(f, "INC-2", "+1", T0_IMPACT_PARTIAL, "api",
                                          "2026-09-10T08:00:00Z", "2026-09-10T10:00:00Z");
    i2->url = "ftp://files.example.com/x";
    struct t0_incident *i3 =
        add_incident(f, "INC-3", "Störung der Anmeldung — 東京", T0_IMPACT_DEGRADED,
                     "web", "2026-10-14T20:00:00Z", NULL);
    i3->url = "http://example.com/3";
    static const char *cause[] = {"rel-1"};
    i3->caused_by = cause;
    i3->n_caused_by = 1;
    /* "bell" BEL " " then 20,000 x "é" and 20,000 x "x": 40,006 characters. */
    f->long_title = malloc(6 + 20000 * 2 + 20000 + 1);
    assert_non_null(f->long_title);
    char *p = f->long_title;
    memcpy(p, "bell\a ", 6);
    p += 6;
    for (int k = 0; k < 20000; k++, p += 2)
        memcpy(p, "\xC3\xA9", 2);
    memset(p, 'x', 20000);
    p[20000] = '\0';
    add_incident(f, "INC-4", f->long_title, T0_IMPACT_NONE, "db", "2026-10-05T10:00:00Z",
                 "2026-10-05T10:30:00Z");

    struct t0_release *r0 = t0_dataset_add_release(f->ds);
    r0->id = "rel-1";
    r0->name = "API 1.0";
    r0->kind = "deploy";
    r0->released_at = T("2026-10-14T18:00:00Z");
    r0->services = symlist(f->ds, "web");
    r0->url = "https://example.com/rel-1";
    r0->index = 0;
    struct t0_release *r1 = t0_dataset_add_release(f->ds);
    r1->id = "rel-0";
    r1->name = "=cmd|' /C calc'!A0";
    r1->kind = "model";
    r1->released_at = T("2026-09-09T12:00:00Z");
    r1->services = symlist(f->ds, "api");
    r1->url = "javascript:alert(1)";
    r1->index = 1;

    struct t0_input_report *in = &f->ds->incidents_input;
    in->present = true;
    in->source = "incidents.json";
    in->format = "native";
    t0_input_reject(f->ds, in, 2, 0, "INC-X",
                    "incidents[2].impact: unknown impact \"bad\"");
    in->read = 5;
    in->accepted = 4;
    in->rejected = 1;
    struct t0_input_report *rin = &f->ds->releases_input;
    rin->present = true;
    rin->source = "releases.json";
    rin->format = "native";
    rin->read = 2;
    rin->accepted = 2;
}

static void build_slos(struct fixture *f)
{
    struct t0_report *rep = &f->rep;
    struct t0_month sep = {2026, 9}, oct = {2026, 10};
    t0_ms s0 = t0_zone_month_start(f->zone, sep), s1 = t0_zone_month_start(f->zone, oct);
    t0_ms s2 = t0_zone_month_start(f->zone, (struct t0_month){2026, 11});
    assert_int_equal(s0, T("2026-08-31T22:00:00Z"));
    assert_int_equal(s2, T("2026-10-31T23:00:00Z"));
    rep->period_start = s0;
    rep->period_end = s2;
    rep->review_start = s1;
    rep->review_end = s2;

    /* API availability */
    window(&f->months[0][0], sep, s0, s1, 43200, 43200, 36, 43.2, T0_STATUS_AT_RISK,
           T0_NO_TIME, 1, false);
    window(&f->months[0][1], oct, s1, s2, 44700, 20280, 75, 44.7, T0_STATUS_EXHAUSTED,
           T("2026-10-03T14:49:42Z"), 1, true);
    window(&f->periods[0], oct, s0, s2, 87900, 63480, 111, 87.9, T0_STATUS_EXHAUSTED,
           T("2026-10-03T14:49:42Z"), 2, true);
    /* "+1": every service, zero budget */
    window(&f->months[1][0], sep, s0, s1, 43200, 43200, 36, 0, T0_STATUS_EXHAUSTED,
           T("2026-09-10T08:00:00Z"), 1, false);
    window(&f->months[1][1], oct, s1, s2, 44700, 20280, 75, 0, T0_STATUS_EXHAUSTED,
           T("2026-10-03T14:05:00Z"), 3, true);
    window(&f->periods[1], oct, s0, s2, 87900, 63480, 111, 0, T0_STATUS_EXHAUSTED,
           T("2026-09-10T08:00:00Z"), 4, true);
    for (size_t s = 0; s < N_SLOS; s++) {
        f->results[s].slo = &f->slos[s];
        f->results[s].figures[T0_WINDOW_MONTH] = f->months[s];
        f->periods[s].kind = T0_WINDOW_PERIOD;
        snprintf(f->periods[s].label, sizeof f->periods[s].label, "2026-09 to 2026-10");
        f->results[s].figures[T0_WINDOW_PERIOD] = &f->periods[s];
    }
    struct t0_error err;
    assert_int_equal(t0_report_lay_out_windows(rep, &err), T0_OK);
    assert_int_equal(t0_report_months(rep), N_MONTHS);
    /* No quarter rows in this fixture's workbook: the quarters are tested
     * end to end (maintenance.sh, events.sh). */
    rep->windows[T0_WINDOW_QUARTER].n = 0;
    rep->slos = f->results;
    rep->n_slos = N_SLOS;
}

static void build_stats(struct fixture *f)
{
    struct t0_incident_stats *st = &f->rep.stats;
    memset(st, 0, sizeof *st);
    st->count = 4;
    for (int i = 0; i < T0_IMPACT_COUNT; i++)
        st->by_impact[i] = 1;
    /* MTTR over 30, 75, 120: mean 75, median 75, p90 at rank 1.8: 75 + 0.8 x 45 = 111. */
    st->mttr_minutes =
        (struct t0_distribution){3, t0_value_of(75), t0_value_of(75), t0_value_of(111)};
    st->ttd_minutes =
        (struct t0_distribution){1, t0_value_of(4), t0_value_of(4), t0_value_of(4)};
    /* 63,480 min = 44.0833 days over 4 incidents */
    st->mean_days_between = t0_value_of(63480.0 / 1440.0 / 4.0);
    /* local starts: Sat 16:05, Thu 10:00, Wed 22:00, Mon 12:00 */
    st->off_hours_share = t0_value_of(0.5);
    st->sleep_hours_share = t0_value_of(0.25);
    st->by_weekday_hour[5][16] = 1;
    st->by_weekday_hour[3][10] = 1;
    st->by_weekday_hour[2][22] = 1;
    st->by_weekday_hour[0][12] = 1;
}

static void build_incident_figures(struct fixture *f)
{
    static const double bad[4] = {75, 36, 0, 0};
    static const double duration[4] = {75, 120, 240, 30};
    static const int month[4] = {10, 9, 10, 10};
    static const int64_t attributed[4] = {-1, 1, 0, -1};
    for (size_t i = 0; i < 4; i++) {
        struct t0_incident_figures *g = &f->figs[i];
        memset(g, 0, sizeof *g);
        g->counted = true;
        g->in_period = true;
        g->month = (struct t0_month){2026, month[i]};
        /* The duration shown is from the start to end (t0_incident_minutes). */
        g->end = f->ds->incidents[i].started_at + (t0_ms)(duration[i] * 60000.0);
        for (size_t s = 0; s < N_SLOS; s++)
            f->inc_bad[i][s] = bad[i];
        g->bad_minutes = f->inc_bad[i];
        g->attributed_release = attributed[i];
        g->after_release = attributed[i] >= 0;
        g->in_release_window = attributed[i] >= 0;
    }
    f->rep.incidents = f->figs;
}

static void build_days(struct fixture *f)
{
    for (size_t d = 0; d < N_DAYS; d++) {
        struct t0_day *day = &f->days[d];
        memset(day, 0, sizeof *day);
        int m = d < 30 ? 9 : 10, dd = d < 30 ? (int)d + 1 : (int)d - 29;
        day->year = 2026;
        day->month = m;
        day->day = dd;
        day->start = t0_zone_day_start(f->zone, 2026, m, dd);
        day->end = d + 1 < N_DAYS
                       ? t0_zone_day_start(f->zone, 2026, d + 1 < 30 ? 9 : 10,
                                           d + 1 < 30 ? (int)d + 2 : (int)d - 28)
                       : f->rep.period_end;
        day->bad_minutes = f->day_bad[d];
        /* freezes: "+1" from 09-10, both from 10-03 */
        day->freeze = (m == 9 && dd >= 10) || (m == 10 && dd >= 3);
    }
    /* Sep 10: INC-2; Oct 3: INC-1; Oct 5: INC-4; Oct 14 (22:00 local): INC-3. */
    f->days[9].incidents = 1;
    f->day_bad[9][0] = f->day_bad[9][1] = 36;
    f->days[32].incidents = 1;
    f->day_bad[32][0] = f->day_bad[32][1] = 75;
    f->days[34].incidents = 1;
    f->days[43].incidents = 1;
    /* releases: Sep 9 (rel-0), Oct 14 (rel-1) */
    f->days[8].releases = 1;
    f->days[43].releases = 1;
    f->rep.days = f->days;
    f->rep.n_days = N_DAYS;
}

static void build_releases(struct fixture *f)
{
    struct t0_report *rep = &f->rep;
    rep->has_releases = true;
    /* by time: rel-0 (dataset index 1) then rel-1 (index 0) */
    f->rel_figs[0] = (struct t0_release_figures){1, true, true, false, 1, f->rel_bad[0]};
    f->rel_figs[1] = (struct t0_release_figures){0, true, true, true, 1, f->rel_bad[1]};
    f->rel_bad[0][0] = f->rel_bad[0][1] = 36;
    rep->releases.count = 2;
    rep->releases.failed = 2;
    rep->releases.change_failure_rate = t0_value_of(1.0);
    rep->releases.releases = f->rel_figs;
    /* rel-1 (web) ships on 10-14 while "+1" is exhausted since 10-03 */
    f->violation = (struct t0_violation){
        0, 1, {2026, 10}, t0_value_null("objective is 100%: the budget is zero")};
    rep->releases.violations = &f->violation;
    rep->releases.n_violations = 1;

    struct t0_correlation *c = &rep->correlation;
    c->window_hours = 72;
    c->incidents_after_release = 2;
    c->share_after_release = t0_value_of(0.5);
    /* windows [09-09 12:00, 09-12 12:00) and [10-14 18:00, as_of): 72 + 6 = 78 h of
     * 63,480 min = 1,058 h */
    c->coverage = t0_value_of(78.0 / 1058.0);
    c->k = 2;
    c->n = 4;
    /* (k / c) / ((n - k) / (1 - c)) = (1 - c) / c = 980 / 78 */
    c->rate_ratio = t0_value_of(980.0 / 78.0);
    c->rate_ratio_ci95[0] = t0_value_of(1.75);
    c->rate_ratio_ci95[1] = t0_value_of(90.5);
    /* 1 - (1 - c)^4 - 4 c (1 - c)^3 */
    c->p_value = t0_value_of(0.029494345815112677);
    /* (k / n - c) / (1 - c) = (1/2 - 78/1058) / (980/1058) = (529 - 78) / 980 */
    c->attributable.share = t0_value_of(451.0 / 980.0);
    c->attributable.ci95[0] = t0_value_of(-0.05);
    c->attributable.ci95[1] = t0_value_of(0.9);
    c->spearman_releases_incidents = t0_value_null("a series is constant");
    c->spearman_releases_bad_minutes = t0_value_null("a series is constant");
    c->event_study_days = 2;
    c->baseline_per_day = t0_value_of(4.0 / (63480.0 / 1440.0));
    /* INC-2 is 20 h after rel-0, INC-3 2 h after rel-1: day 0 has 2 / 2 = 1 */
    static const double mean[5] = {0, 0, 1, 0, 0};
    memcpy(f->mean_per_day, mean, sizeof mean);
    c->mean_per_day = f->mean_per_day;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    setenv("SOURCE_DATE_EPOCH", SDE, 1);
    f->zone = t0_zone_new("Europe/Berlin", NULL);
    assert_non_null(f->zone);
    build_config(f);
    build_data(f);
    struct t0_report *rep = &f->rep;
    rep->data = f->ds;
    rep->config = &f->cfg;
    rep->zone = f->zone;
    rep->from = (struct t0_month){2026, 9};
    rep->to = rep->review = (struct t0_month){2026, 10};
    rep->as_of = T("2026-10-15T00:00:00Z");
    build_slos(f);
    build_stats(f);
    build_incident_figures(f);
    build_days(f);
    build_releases(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/t0-workbook-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    /* T0_WORKBOOK_KEEP=1 keeps the workbooks for a look by hand. */
    if (!getenv("T0_WORKBOOK_KEEP") && system(cmd) != 0)
        return -1;
    for (int k = 0; k < T0_WINDOW_LISTED; k++)
        free(f->rep.windows[k].at);
    t0_dataset_free(f->ds);
    t0_zone_free(f->zone);
    free(f->long_title);
    free(f);
    return 0;
}

/* ---- the expectations file ---- */

static void jstr(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", *p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

static void jnum(FILE *fp, double v)
{
    fprintf(fp, "%.17g", v);
}

static void jval(FILE *fp, struct t0_value v)
{
    if (t0_value_defined(v))
        jnum(fp, v.value);
    else
        fputs("null", fp);
}

static void jdate(FILE *fp, const char *local)
{
    fprintf(fp, "{\"date\": \"%s\"}", local);
}

static const char *const STATUS[] = {"met", "at risk", "exhausted"};
/* exhausted_at in Berlin local time, by SLO and month (NULL: never) */
static const char *const EXHAUSTED_LOCAL[N_SLOS][N_MONTHS] = {
    {NULL, "2026-10-03T16:49:42"}, {"2026-09-10T10:00:00", "2026-10-03T16:05:00"}};

/* The Monthly SLO rows of rep as expectations; exhausted (Berlin local
 * times by SLO and month, the hand-built report only) may be NULL. */
#define ATTRIBUTABLE_LABEL                                                               \
    "Attributable share of incidents, (k/n - coverage)/(1 - coverage)"

static void monthly_rows(FILE *fp, const struct t0_report *rep, const char *section,
                         const char *const (*exhausted)[N_MONTHS])
{
    bool first = true;
    fprintf(fp, "\"%s\": [\n", section);
    for (size_t s = 0; s < rep->n_slos; s++) {
        for (size_t i = 0; i < t0_report_months(rep); i++) {
            const struct t0_slo_window *w = t0_report_month(rep, s, i);
            char obj[32], month[16];
            snprintf(obj, sizeof obj, "Objective_%zu", s + 1);
            fprintf(fp, "%s{\"sheet\": \"Monthly SLO\", \"key\": {\"SLO\": ",
                    first ? "" : ",\n");
            first = false;
            jstr(fp, rep->slos[s].slo->name);
            fprintf(fp, ", \"Month\": \"%s\"}, \"expect\": {",
                    t0_format_month(w->month, month));
            fputs("\"Minutes total\": ", fp);
            jnum(fp, w->minutes_total);
            fputs(", \"Minutes elapsed\": ", fp);
            jnum(fp, w->minutes_elapsed);
            fputs(", \"Bad minutes\": ", fp);
            jnum(fp, w->bad_minutes);
            fputs(", \"Objective %\": ", fp);
            jnum(fp, rep->slos[s].slo->objective_pct);
            fputs(", \"Budget minutes\": ", fp);
            jnum(fp, w->budget_minutes);
            fputs(", \"Budget consumed %\": ", fp);
            jval(fp, w->budget_consumed_pct);
            fputs(", \"Budget remaining minutes\": ", fp);
            jnum(fp, w->budget_remaining_minutes);
            fputs(", \"Attainment %\": ", fp);
            jval(fp, w->attainment_pct);
            fprintf(fp, ", \"Status\": \"%s\"", STATUS[w->status]);
            if (strcmp(section, "rows") == 0) {
                if (exhausted) {
                    fputs(", \"Exhausted at\": ", fp);
                    if (exhausted[s][i])
                        jdate(fp, exhausted[s][i]);
                    else
                        fputs("null", fp);
                }
                fprintf(fp, ", \"Incidents\": %zu, \"Partial\": \"%s\"", w->incidents,
                        w->partial ? "yes" : "no");
                fprintf(fp,
                        "}, \"formulas\": {\"Objective %%\": \"%s\", \"Budget minutes\": "
                        "\"%s\", \"Budget consumed %%\": \"/\", \"Budget remaining "
                        "minutes\": "
                        "\"-\", \"Attainment %%\": \"/\", \"Status\": \"AtRiskPct\"}}",
                        obj, obj);
            } else {
                fputs("}}", fp);
            }
        }
    }
}

static void write_expected(const struct fixture *f, const char *path, bool big,
                           size_t per_sheet)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    size_t sheets = t0_workbook_incident_sheets(4, per_sheet);
    fputs("{\"sheets\": [\"Summary\", \"Monthly SLO\", \"Incidents\"", fp);
    for (size_t k = 2; k <= sheets; k++)
        fprintf(fp, ", \"Incidents (%zu)\"", k);
    fputs(", \"Releases\", \"Correlation\", \"Daily\", \"Alerts\", \"Data Quality\", "
          "\"Quarters\", \"Maintenance\"],\n",
          fp);
    /* Incidents: 11 + 2 SLO + 6 columns = 19 (A..S); Releases: 10 + 2 + 2 = 14
     * (A..N); Daily: 4 + 2 = 6 (A..F) by 61 days; Monthly SLO: 17 (A..Q) by 4
     * (definitions.md §10 added minutes excluded, window start and end). */
    if (big) {
        fputs("\"no_tables\": true, \"autofilters\": {\"Incidents\": \"A1:S3\", "
              "\"Incidents (2)\": \"A1:S3\", \"Daily\": \"A1:F62\"},\n",
              fp);
    } else {
        fputs("\"tables\": {\"Incidents\": {\"IncidentTable\": \"A1:S5\"}, "
              "\"Releases\": {\"ReleaseTable\": \"A1:N3\"}, "
              "\"Daily\": {\"DailyTable\": \"A1:F62\"}, "
              "\"Monthly SLO\": {\"MonthlySLOTable\": \"A1:Q5\"}, "
              "\"Data Quality\": {\"RejectedTable\": \"A9:F10\"}},\n",
              fp);
    }
    /* objectives in B12, B13 (row 11 holds their header), the threshold in B14 */
    fputs("\"names\": {\"Objective_1\": \"Summary!$B$12\", \"Objective_2\": "
          "\"Summary!$B$13\", "
          "\"AtRiskPct\": \"Summary!$B$14\"},\n",
          fp);
    fputs("\"properties\": {\"title\": ", fp);
    jstr(fp, f->cfg.title);
    fputs(", \"creator\": \"Exämple Corp\", \"created\": \"2026-10-03T04:00:00\"},\n",
          fp);
    monthly_rows(fp, &f->rep, "rows", EXHAUSTED_LOCAL);
    fputs(",\n", fp);
    /* Incidents: times in Berlin local (UTC+2 in September and October before the 25th)
     */
    fputs("{\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-1\"}, \"expect\": {"
          "\"Title\": \"=HYPERLINK(\\\"http://evil\\\")\", \"Impact\": \"major_outage\", "
          "\"Severity\": \"SEV1\", \"Services\": \"api\", "
          "\"Started\": {\"date\": \"2026-10-03T16:05:00\"}, "
          "\"Detected\": {\"date\": \"2026-10-03T16:09:00\"}, "
          "\"Mitigated\": {\"date\": \"2026-10-03T17:00:00\"}, "
          "\"Resolved\": {\"date\": \"2026-10-03T17:20:00\"}, "
          "\"Duration (minutes)\": 75, \"Time to detect (minutes)\": 4, "
          "\"Bad minutes 1: API availability\": 75, \"Bad minutes 2: +1\": 75, "
          "\"In review month\": \"yes\", \"After a release\": \"no\", "
          "\"Attributed release\": null, "
          "\"URL\": {\"link\": \"https://status.example.com/incidents/abc\"}}}",
          fp);
    if (sheets == 1) {
        fputs(
            ",\n{\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-2\"}, \"expect\": {"
            "\"Title\": \"+1\", \"Started\": {\"date\": \"2026-09-10T10:00:00\"}, "
            "\"Detected\": null, \"Bad minutes 1: API availability\": 36, "
            "\"In review month\": \"no\", \"After a release\": \"yes\", "
            "\"Attributed release\": \"rel-0\", "
            "\"URL\": {\"text_nolink\": \"ftp://files.example.com/x\"}}},\n"
            "{\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-3\"}, \"expect\": {"
            "\"Title\": \"Störung der Anmeldung — 東京\", \"Resolved\": null, "
            "\"Duration (minutes)\": 240, \"Attributed release\": \"rel-1\", "
            "\"Caused by\": \"rel-1\", \"URL\": {\"link\": \"http://example.com/3\"}}},\n"
            "{\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-4\"}, \"expect\": {"
            "\"Title\": {\"prefix\": \"bell\\u0007 \\u00e9\", \"length\": 32767, "
            "\"suffix\": \"xx\\u2026\"}, \"Impact\": \"none\"}}",
            fp);
    } else {
        /* two per sheet: INC-3 opens the second sheet */
        fputs(",\n{\"sheet\": \"Incidents (2)\", \"key\": {\"ID\": \"INC-3\"}, "
              "\"expect\": {"
              "\"Title\": \"Störung der Anmeldung — 東京\", "
              "\"URL\": {\"link\": \"http://example.com/3\"}}}",
              fp);
    }
    fputs(
        ",\n{\"sheet\": \"Releases\", \"key\": {\"ID\": \"rel-0\"}, \"expect\": {"
        "\"Name\": \"=cmd|' /C calc'!A0\", \"Released\": {\"date\": "
        "\"2026-09-09T14:00:00\"}, "
        "\"In period\": \"yes\", \"Failed\": \"yes\", \"Named in caused_by\": \"no\", "
        "\"Incidents attributed\": 1, \"Attributed bad minutes 1: API availability\": "
        "36, "
        "\"Violations (SLOs exhausted at release)\": null, "
        "\"URL\": {\"text_nolink\": \"javascript:alert(1)\"}}},\n"
        "{\"sheet\": \"Releases\", \"key\": {\"ID\": \"rel-1\"}, \"expect\": {"
        "\"Named in caused_by\": \"yes\", \"Violations (SLOs exhausted at release)\": "
        "\"+1\", "
        "\"URL\": {\"link\": \"https://example.com/rel-1\"}}},\n"
        "{\"sheet\": \"Data Quality\", \"header_row\": 9, \"key\": {\"ID\": \"INC-X\"}, "
        "\"expect\": {\"Input\": \"incidents\", \"File\": \"incidents.json\", \"Index\": "
        "2, "
        "\"Reason\": \"incidents[2].impact: unknown impact \\\"bad\\\"\"}}],\n",
        fp);
    /* Daily burn-down: Oct 1 is row 32, Oct 15 (the last day before as_of) row 46;
     * helper columns H (day), I (API), J ("+1"), K (100). */
    fputs("\"cells\": [{\"sheet\": \"Summary\", \"cell\": \"A1\", \"value\": ", fp);
    jstr(fp, f->cfg.title);
    fputs("},\n{\"sheet\": \"Summary\", \"cell\": \"A12\", \"value\": \"API "
          "availability\"},\n"
          "{\"sheet\": \"Summary\", \"cell\": \"A13\", \"value\": \"+1\"},\n"
          "{\"sheet\": \"Summary\", \"cell\": \"B12\", \"value\": 99.9},\n"
          "{\"sheet\": \"Summary\", \"cell\": \"B14\", \"value\": 75},\n"
          "{\"sheet\": \"Daily\", \"cell\": \"A2\", \"value\": {\"date\": "
          "\"2026-09-01T00:00:00\"}},\n"
          "{\"sheet\": \"Daily\", \"cell\": \"C11\", \"value\": 36},\n"
          "{\"sheet\": \"Daily\", \"cell\": \"H32\", \"value\": {\"date\": "
          "\"2026-10-01T00:00:00\"}},\n"
          "{\"sheet\": \"Daily\", \"cell\": \"I32\", \"value\": 0},\n"
          "{\"sheet\": \"Daily\", \"cell\": \"J32\", \"value\": 0},\n",
          fp);
    fputs("{\"sheet\": \"Daily\", \"cell\": \"I46\", \"value\": ", fp);
    jnum(fp, 100.0 * 75 / 44.7);
    fputs("},\n{\"sheet\": \"Daily\", \"cell\": \"J46\", \"value\": null},\n"
          "{\"sheet\": \"Daily\", \"cell\": \"H47\", \"value\": null}],\n",
          fp);
    fputs("\"labels\": [{\"sheet\": \"Summary\", \"label\": \"As of\", \"value\": "
          "{\"date\": \"2026-10-15T02:00:00\"}},\n"
          "{\"sheet\": \"Summary\", \"label\": \"Generated\", \"value\": "
          "{\"date\": \"2026-10-03T06:00:00\"}},\n"
          "{\"sheet\": \"Summary\", \"label\": \"Organisation\", \"value\": \"Exämple "
          "Corp\"},\n"
          "{\"sheet\": \"Summary\", \"label\": \"Incidents\", \"value\": 4},\n"
          "{\"sheet\": \"Summary\", \"label\": \"Time to resolve p90 (minutes)\", "
          "\"value\": 111},\n"
          "{\"sheet\": \"Summary\", \"label\": \"Share in sleep hours (22-08)\", "
          "\"value\": 0.25},\n"
          "{\"sheet\": \"Summary\", \"label\": \"Change failure rate\", \"value\": 1},\n"
          "{\"sheet\": \"Correlation\", \"label\": \"Window (hours)\", \"value\": 72},\n",
          fp);
    fputs("{\"sheet\": \"Correlation\", \"label\": \"Coverage (share of time inside "
          "release "
          "windows)\", \"value\": ",
          fp);
    jnum(fp, 78.0 / 1058.0);
    fputs("},\n{\"sheet\": \"Correlation\", \"label\": \"Rate ratio (inside vs outside "
          "windows)\", \"value\": ",
          fp);
    jnum(fp, 980.0 / 78.0);
    fputs("},\n{\"sheet\": \"Correlation\", \"label\": \"Spearman: releases vs incidents "
          "per "
          "month\", \"value\": null},\n"
          "{\"sheet\": \"Correlation\", \"label\": \"Spearman: releases vs incidents per "
          "month\", \"column\": \"C\", \"value\": \"a series is constant\"},\n"
          "{\"sheet\": \"Correlation\", \"label\": \"p-value, P(X >= k), X ~ Binomial(n, "
          "coverage)\", \"value\": 0.029494345815112677},\n"
          "{\"sheet\": \"Correlation\", \"label\": \"Rate ratio 95% CI high\", "
          "\"value\": 90.5},\n"
          "{\"sheet\": \"Correlation\", \"label\": \"Attributable share 95% CI low\", "
          "\"value\": -0.05},\n"
          "{\"sheet\": \"Correlation\", \"label\": \"Attributable share 95% CI high\", "
          "\"value\": 0.9},\n",
          fp);
    fputs("{\"sheet\": \"Correlation\", \"label\": \"" ATTRIBUTABLE_LABEL
          "\", \"value\": ",
          fp);
    jnum(fp, 451.0 / 980.0);
    fputs("}],\n", fp);
    monthly_rows(fp, &f->rep, "recalc", NULL);
    /* the attributable share is a formula on k, n and coverage: LibreOffice
     * recomputes (2/4 - 78/1058) / (980/1058) = 451/980 */
    fputs(",\n{\"sheet\": \"Correlation\", \"header_row\": 3, \"key\": {\"Figure\": "
          "\"" ATTRIBUTABLE_LABEL "\"}, \"expect\": {\"Value\": ",
          fp);
    jnum(fp, 451.0 / 980.0);
    fputs("}}", fp);
    fputs("]}\n", fp);
    assert_int_equal(fclose(fp), 0);
}

/* The recalculation tool comes from CMake (TIERZERO_SHARED_TOOLS), and the
 * checker is told where it is. */
static bool can_recalc(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0 &&
           access(T0_XLSX_RECALC, X_OK) == 0 &&
           setenv("T0_XLSX_RECALC", T0_XLSX_RECALC, 1) == 0;
}

static int run_checker(const char *book, const char *expected, const char *recalc_dir)
{
    char cmd[1024];
    if (recalc_dir)
        snprintf(cmd, sizeof cmd, "%s '%s' '%s' '%s' --recalc '%s'", PYTHON, CHECKER,
                 book, expected, recalc_dir);
    else
        snprintf(cmd, sizeof cmd, "%s '%s' '%s' '%s'", PYTHON, CHECKER, book, expected);
    return system(cmd);
}

static bool same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        if (ca != cb)
            same = false;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* ---- tests ---- */

static void test_t0_workbook_write_read_back(void **state)
{
    struct fixture *f = *state;
    char book[128], expected[128];
    snprintf(book, sizeof book, "%s/review.xlsx", f->dir);
    snprintf(expected, sizeof expected, "%s/expected.json", f->dir);
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write(&f->rep, book, &err), T0_OK);
    write_expected(f, expected, false, T0_WORKBOOK_ROWS_PER_SHEET);
    assert_int_equal(run_checker(book, expected, NULL), 0);
}

static void test_t0_workbook_write_recalculated(void **state)
{
    struct fixture *f = *state;
    if (!can_recalc()) {
        t0_skip("LibreOffice or " T0_XLSX_RECALC " is missing: no recalculation");
        return;
    }
    char book[128], expected[128], out[128];
    snprintf(book, sizeof book, "%s/recalc.xlsx", f->dir);
    snprintf(expected, sizeof expected, "%s/expected.json", f->dir);
    snprintf(out, sizeof out, "%s/csv", f->dir);
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write(&f->rep, book, &err), T0_OK);
    write_expected(f, expected, false, T0_WORKBOOK_ROWS_PER_SHEET);
    assert_int_equal(run_checker(book, expected, out), 0);
}

static void test_t0_workbook_write_byte_identical(void **state)
{
    struct fixture *f = *state;
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/a.xlsx", f->dir);
    snprintf(b, sizeof b, "%s/b.xlsx", f->dir);
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write(&f->rep, a, &err), T0_OK);
    sleep(1); /* a clock leaking into the file would now differ */
    assert_int_equal(t0_workbook_write(&f->rep, b, &err), T0_OK);
    assert_true(same_bytes(a, b));
}

static void test_t0_workbook_write_split_and_large_layout(void **state)
{
    struct fixture *f = *state;
    char book[128], expected[128];
    snprintf(book, sizeof book, "%s/split.xlsx", f->dir);
    snprintf(expected, sizeof expected, "%s/split.json", f->dir);
    /* 4 incidents at 2 a sheet: "Incidents" and "Incidents (2)"; 4 + 2 + 61 + 1
     * = 68 table rows over a limit of 10: constant-memory layout, no tables. */
    struct t0_workbook_limits lim = {2, 10};
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write_limited(&f->rep, book, &lim, &err), T0_OK);
    write_expected(f, expected, true, 2);
    assert_int_equal(run_checker(book, expected, NULL), 0);
}

/* One row's URL expectation: {"link": url} or {"text_nolink": url}. */
static void url_row(FILE *fp, const char *sheet, const char *id, const char *url,
                    bool link, bool last)
{
    fprintf(fp, "{\"sheet\": \"%s\", \"key\": {\"ID\": \"%s\"}, ", sheet, id);
    fprintf(fp, "\"expect\": {\"URL\": {\"%s\": ", link ? "link" : "text_nolink");
    jstr(fp, url);
    fputs(last ? "}}}" : "}}},\n", fp);
}

/*
 * Addresses that try to break out of the HYPERLINK formula's string: each
 * '"' is doubled, so the formula holds one string and nothing else, and
 * LibreOffice's recalculation gives back exactly the address. Addresses with
 * a control character, and those whose formula string (quotes doubled) is
 * over Excel's 255 characters, stay plain text. Both layouts (tables, and
 * constant memory with inline strings).
 */
static void test_t0_workbook_write_hostile_urls(void **state)
{
    struct fixture *f = *state;
    static const char quoted[] = "https://x.example/a?q=\"1\")&HYPERLINK(\"http://evil";
    static const char equals[] = "HTTPS://例え.example/=1+1&b==2;'é'";
    static const char newline[] = "https://x.example/a\n=1+1";
    /* 18 + 2 x 118 + 1 = 255 characters once the quotes are doubled: a link;
     * one more character: 256, plain text. The last: 7 + 249 = 256 plain. */
    char at_limit[160], over_quoted[160], over_plain[260];
    memcpy(at_limit, "https://x.example/", 18);
    memset(at_limit + 18, '"', 118);
    strcpy(at_limit + 136, "x");
    memcpy(over_quoted, at_limit, 136);
    strcpy(over_quoted + 136, "xy");
    memcpy(over_plain, "http://", 7);
    memset(over_plain + 7, 'a', 249);
    over_plain[256] = '\0';
    assert_int_equal(strlen(at_limit), 137);
    struct t0_dataset *ds = f->ds;
    ds->incidents[0].url = quoted;
    ds->incidents[1].url = equals;
    ds->incidents[2].url = newline;
    ds->incidents[3].url = at_limit;
    ds->releases[0].url = over_quoted; /* rel-1 */
    ds->releases[1].url = over_plain;  /* rel-0 */

    for (int big = 0; big <= 1; big++) {
        char book[128], expected[128], out[128];
        snprintf(book, sizeof book, "%s/urls%d.xlsx", f->dir, big);
        snprintf(expected, sizeof expected, "%s/urls%d.json", f->dir, big);
        snprintf(out, sizeof out, "%s/urls%d", f->dir, big);
        struct t0_workbook_limits lim = {T0_WORKBOOK_ROWS_PER_SHEET, big ? 10 : 1000};
        struct t0_error err = {0};
        assert_int_equal(t0_workbook_write_limited(&f->rep, book, &lim, &err), T0_OK);
        FILE *fp = fopen(expected, "w");
        assert_non_null(fp);
        fputs("{\"sheets\": [\"Summary\", \"Monthly SLO\", \"Incidents\", \"Releases\", "
              "\"Correlation\", \"Daily\", \"Alerts\", \"Data Quality\", \"Quarters\", "
              "\"Maintenance\"],\n\"rows\": [\n",
              fp);
        url_row(fp, "Incidents", "INC-1", quoted, true, false);
        url_row(fp, "Incidents", "INC-2", equals, true, false);
        url_row(fp, "Incidents", "INC-3", newline, false, false);
        url_row(fp, "Incidents", "INC-4", at_limit, true, false);
        url_row(fp, "Releases", "rel-1", over_quoted, false, false);
        url_row(fp, "Releases", "rel-0", over_plain, false, true);
        /* recalculated, the formulas give back the addresses as text */
        fputs("],\n\"recalc\": [{\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-1\"}, "
              "\"expect\": {\"URL\": ",
              fp);
        jstr(fp, quoted);
        fputs("}}, {\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-2\"}, "
              "\"expect\": {\"URL\": ",
              fp);
        jstr(fp, equals);
        fputs("}}, {\"sheet\": \"Incidents\", \"key\": {\"ID\": \"INC-4\"}, "
              "\"expect\": {\"URL\": ",
              fp);
        jstr(fp, at_limit);
        fputs("}}]}\n", fp);
        assert_int_equal(fclose(fp), 0);
        bool recalc = !big && can_recalc();
        assert_int_equal(run_checker(book, expected, recalc ? out : NULL), 0);
    }
}

static void test_t0_workbook_incident_sheets_counts(void **state)
{
    (void)state;
    assert_int_equal(t0_workbook_incident_sheets(0, 3), 1);
    assert_int_equal(t0_workbook_incident_sheets(3, 3), 1);
    assert_int_equal(t0_workbook_incident_sheets(4, 3), 2);
    assert_int_equal(t0_workbook_incident_sheets(7, 3), 3);
    /* 1,048,575 rows fill one sheet exactly, one more opens a second */
    assert_int_equal(t0_workbook_incident_sheets(1048575, T0_WORKBOOK_ROWS_PER_SHEET), 1);
    assert_int_equal(t0_workbook_incident_sheets(1048576, T0_WORKBOOK_ROWS_PER_SHEET), 2);
}

static void test_t0_workbook_write_unwritable(void **state)
{
    struct fixture *f = *state;
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write(&f->rep, "/nonexistent-dir/x/review.xlsx", &err),
                     T0_EOUTPUT);
    assert_true(err.text[0] != '\0');
}

static void test_t0_workbook_write_replaces_existing(void **state)
{
    struct fixture *f = *state;
    char book[128];
    snprintf(book, sizeof book, "%s/keep.xlsx", f->dir);
    FILE *fp = fopen(book, "w");
    assert_non_null(fp);
    fputs("old", fp);
    fclose(fp);
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write(&f->rep, book, &err), T0_OK);
    struct stat st;
    assert_int_equal(stat(book, &st), 0);
    assert_true(st.st_size > 3);
}

/*
 * The shipped sample through the engine: every Monthly SLO figure of the
 * workbook equals the report's, and, recalculated by LibreOffice from the
 * formulas, still does (the engine's exact arithmetic against the
 * spreadsheet's). Skipped when the sample is absent.
 */
static void test_t0_workbook_write_sample(void **state)
{
    (void)state;
    const char *inc = T0_SAMPLES "/incidents.json", *rel = T0_SAMPLES "/releases.json",
               *conf = T0_SAMPLES "/config.json";
    if (access(inc, R_OK) != 0 || access(rel, R_OK) != 0 || access(conf, R_OK) != 0) {
        t0_skip("the bundled samples are missing");
        return;
    }
    struct t0_error err = {0};
    struct t0_config cfg;
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, conf, &err), T0_OK);
    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    assert_int_equal(t0_read_incidents(ds, inc, NULL, &err), T0_OK);
    assert_int_equal(t0_read_releases(ds, rel, NULL, &err), T0_OK);
    t0_config_bind(&cfg, ds);
    struct t0_zone *zone = t0_zone_new(cfg.timezone, &err);
    assert_non_null(zone);
    struct t0_period_request req = {0};
    req.history = 12;
    req.now = T("2026-11-15T00:00:00Z");
    struct t0_report rep;
    memset(&rep, 0, sizeof rep);
    assert_int_equal(t0_report_compute(&rep, ds, &cfg, zone, &req, &err), T0_OK);

    char dir[] = "/tmp/t0-workbook-sample-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char book[128], expected[128], out[128], cmd[160];
    snprintf(book, sizeof book, "%s/sample.xlsx", dir);
    snprintf(expected, sizeof expected, "%s/expected.json", dir);
    snprintf(out, sizeof out, "%s/csv", dir);
    assert_int_equal(t0_workbook_write(&rep, book, &err), T0_OK);

    FILE *fp = fopen(expected, "w");
    assert_non_null(fp);
    fputs("{\"sheets\": [\"Summary\", \"Monthly SLO\", \"Incidents\", \"Releases\", "
          "\"Correlation\", \"Daily\", \"Alerts\", \"Data Quality\", \"Quarters\", "
          "\"Maintenance\"],\n",
          fp);
    /* Incidents: 11 + n_slos + 6 columns; Releases: 10 + n_slos + 2 */
    char last_inc[8], last_rel[8];
    lxw_col_to_name(last_inc, (lxw_col_t)(11 + rep.n_slos + 6 - 1), 0);
    lxw_col_to_name(last_rel, (lxw_col_t)(10 + rep.n_slos + 2 - 1), 0);
    fprintf(fp,
            "\"tables\": {\"Incidents\": {\"IncidentTable\": \"A1:%s%zu\"}, "
            "\"Releases\": {\"ReleaseTable\": \"A1:%s%zu\"}},\n",
            last_inc, ds->n_incidents + 1, last_rel, ds->n_releases + 1);
    monthly_rows(fp, &rep, "rows", NULL);
    fputs(
        "],\n\"labels\": [{\"sheet\": \"Summary\", \"label\": \"Incidents\", \"value\": ",
        fp);
    fprintf(fp, "%zu}],\n", rep.stats.count);
    monthly_rows(fp, &rep, "recalc", NULL);
    fputs("]}\n", fp);
    assert_int_equal(fclose(fp), 0);

    if (!can_recalc())
        t0_skip("LibreOffice or " T0_XLSX_RECALC " is missing: no recalculation");
    assert_int_equal(run_checker(book, expected, out), 0);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("T0_WORKBOOK_KEEP"))
        assert_int_equal(system(cmd), 0);
    t0_report_release(&rep);
    t0_zone_free(zone);
    t0_dataset_free(ds);
    t0_config_release(&cfg);
}

/* ---- the rows spliced against the rows through libxlsxwriter ---- */

#define COMPARER T0_TEST_DATA "/../xlsx_compare.py"

/* same_parts: every part must also be the same once inflated. */
static int run_compare(const char *a, const char *b, bool same_parts)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s '%s' %s '%s' '%s' 2>/dev/null", PYTHON, COMPARER,
             same_parts ? "--same-parts" : "", a, b);
    return system(cmd);
}

/* A report computed from files, as the CLI computes it. */
struct computed {
    struct t0_config cfg;
    struct t0_dataset *ds;
    struct t0_zone *zone;
    struct t0_report rep;
};

static void compute(struct computed *c, const char *inc, const char *rel,
                    const char *conf, const char *now)
{
    struct t0_error err = {0};
    assert_int_equal(t0_config_init(&c->cfg), T0_OK);
    assert_int_equal(t0_config_load(&c->cfg, conf, &err), T0_OK);
    c->ds = t0_dataset_new();
    assert_non_null(c->ds);
    if (t0_read_incidents(c->ds, inc, NULL, &err) != T0_OK)
        fail_msg("%s: %s", inc, err.text);
    assert_int_equal(t0_read_releases(c->ds, rel, NULL, &err), T0_OK);
    t0_config_bind(&c->cfg, c->ds);
    c->zone = t0_zone_new(c->cfg.timezone, &err);
    assert_non_null(c->zone);
    struct t0_period_request req = {0};
    req.history = 12;
    req.now = T(now);
    memset(&c->rep, 0, sizeof c->rep);
    assert_int_equal(t0_report_compute(&c->rep, c->ds, &c->cfg, c->zone, &req, &err),
                     T0_OK);
}

static void release_computed(struct computed *c)
{
    t0_report_release(&c->rep);
    t0_zone_free(c->zone);
    t0_dataset_free(c->ds);
    t0_config_release(&c->cfg);
}

/* Writes rep both ways with limits lim (NULL: the defaults) into dir/NAME-old
 * and dir/NAME-new (chunks of `chunk` rows on `threads` threads), and
 * compares them; in constant memory (inline strings both ways), every part
 * inflated must be the same bytes too. */
static void both_ways(const struct t0_report *rep, const char *dir, const char *name,
                      const struct t0_workbook_limits *lim, size_t chunk,
                      unsigned threads)
{
    char old[256], new[256], cmd[600];
    snprintf(old, sizeof old, "%s/%s-old.xlsx", dir, name);
    snprintf(new, sizeof new, "%s/%s-new.xlsx", dir, name);
    struct t0_workbook_rows_options via_lxw = {T0_WORKBOOK_ROWS_LIBXLSXWRITER, 0, 0, 0};
    struct t0_workbook_rows_options spliced = {T0_WORKBOOK_ROWS_SPLICED, chunk, threads,
                                               0};
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write_opt(rep, old, lim, &via_lxw, &err), T0_OK);
    assert_int_equal(t0_workbook_write_opt(rep, new, lim, &spliced, &err), T0_OK);
    snprintf(cmd, sizeof cmd, "unzip -tq '%s' >/dev/null", new);
    assert_int_equal(system(cmd), 0);
    bool inline_both = lim && lim->constant_memory_rows < 100;
    if (run_compare(old, new, inline_both) != 0)
        fail_msg("%s and %s differ (tests/xlsx_compare.py)", old, new);
}

/*
 * The shipped sample, written with every cell through libxlsxwriter and with
 * the incident rows spliced, in both layouts (tables and shared strings;
 * constant memory and inline strings): the same cells, values, formulas,
 * number formats and links. The comparison can fail: a workbook whose
 * incidents differ in one title is told apart.
 */
static void test_t0_workbook_spliced_same_as_libxlsxwriter_sample(void **state)
{
    (void)state;
    const char *inc = T0_SAMPLES "/incidents.json", *rel = T0_SAMPLES "/releases.json",
               *conf = T0_SAMPLES "/config.json";
    if (access(inc, R_OK) != 0 || access(rel, R_OK) != 0 || access(conf, R_OK) != 0) {
        t0_skip("the bundled samples are missing");
        return;
    }
    setenv("SOURCE_DATE_EPOCH", SDE, 1);
    struct computed c;
    compute(&c, inc, rel, conf, "2026-11-15T00:00:00Z");
    char dir[] = "/tmp/t0-workbook-splice-XXXXXX", cmd[160];
    assert_non_null(mkdtemp(dir));
    both_ways(&c.rep, dir, "tables", NULL, 7, 3);
    struct t0_workbook_limits big = {T0_WORKBOOK_ROWS_PER_SHEET, 10};
    both_ways(&c.rep, dir, "big", &big, 0, 0);

    /* rows that would need ZIP64 (here: over 1,000 bytes of XML): the
     * workbook is written again with every cell through libxlsxwriter,
     * byte for byte the old way's, and no temporary is left behind */
    char fallback[256], old[256];
    snprintf(fallback, sizeof fallback, "%s/fallback.xlsx", dir);
    snprintf(old, sizeof old, "%s/tables-old.xlsx", dir);
    struct t0_workbook_rows_options tiny = {T0_WORKBOOK_ROWS_SPLICED, 7, 3, 1000};
    struct t0_error ferr = {0};
    assert_int_equal(t0_workbook_write_opt(&c.rep, fallback, NULL, &tiny, &ferr), T0_OK);
    assert_true(same_bytes(old, fallback));
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep '^\\.')\"", dir);
    assert_int_equal(system(cmd), 0);

    /* one title changed: told apart */
    char other[256], base[256];
    snprintf(base, sizeof base, "%s/tables-new.xlsx", dir);
    snprintf(other, sizeof other, "%s/other.xlsx", dir);
    const char *was = c.ds->incidents[5].title;
    c.ds->incidents[5].title = "another title";
    struct t0_error err = {0};
    assert_int_equal(t0_workbook_write(&c.rep, other, &err), T0_OK);
    c.ds->incidents[5].title = was;
    assert_int_not_equal(run_compare(base, other, false), 0);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("T0_WORKBOOK_KEEP"))
        assert_int_equal(system(cmd), 0);
    release_computed(&c);
}

/* Hostile text for the generated history, cycled through the incidents. */
static const char *const HOSTILE[] = {
    "He said \"hi\" & <b>bold</b> > 'x'",
    "\x01\x02 control \x1f characters\x0b\x0c\x0d",
    " leading and trailing spaces ",
    "\ttab first",
    "newline last\n",
    "_x0041_ looks escaped",
    "=1+1",
    "+SUM(A1:A2)",
    "@cmd",
    "\xC3\xA9t\xC3\xA9 \xE4\xBE\x8B\xE3\x81\x88 \xF0\x9F\x98\x80",
    "]]> <![CDATA[ &amp; </t></is></c></row></sheetData>",
    "x",
};

static const char *const HOSTILE_URLS[] = {
    "https://x.example/a?q=\"1\")&HYPERLINK(\"http://evil",
    "HTTPS://\xE4\xBE\x8B\xE3\x81\x88.example/=1+1&b==2;'\xC3\xA9'",
    "https://x.example/a\n=1+1",
    "javascript:alert(1)",
    "ftp://files.example/x",
    "https://x.example/with space",
    "https://x.example/<tag>",
    "http://x.example/&amp;&lt;",
    NULL, /* 255 characters once the quotes are doubled: a link */
    NULL, /* 256: plain text */
    NULL, /* 255 characters, no quotes */
    NULL, /* 256, no quotes */
};

/* The generated history: n incidents over 2026, every text field hostile,
 * a release every few incidents that some name as their cause. */
static void write_hostile_history(const char *dir, size_t n, char *inc, char *rel,
                                  char *conf, size_t size)
{
    static char url255[300], url256[300], plain255[300], plain256[300];
    memcpy(url255, "https://x.example/", 18);
    memset(url255 + 18, '"', 118);
    strcpy(url255 + 136, "x"); /* 18 + 236 + 1 = 255 */
    strcpy(url256, url255);
    strcat(url256, "y");
    memcpy(plain255, "http://", 7);
    memset(plain255 + 7, 'a', 248);
    plain255[255] = '\0';
    strcpy(plain256, plain255);
    strcat(plain256, "b");
    const char *urls[sizeof HOSTILE_URLS / sizeof HOSTILE_URLS[0]];
    memcpy(urls, HOSTILE_URLS, sizeof urls);
    urls[8] = url255;
    urls[9] = url256;
    urls[10] = plain255;
    urls[11] = plain256;
    size_t n_urls = sizeof urls / sizeof urls[0],
           n_text = sizeof HOSTILE / sizeof HOSTILE[0];
    snprintf(inc, size, "%s/incidents.json", dir);
    snprintf(rel, size, "%s/releases.json", dir);
    snprintf(conf, size, "%s/config.json", dir);
    static const char *const services[] = {"api", "web & <ui>", "db \"main\""};
    static const char *const impacts[] = {"major_outage", "partial_outage",
                                          "degraded_performance", "none"};
    FILE *fp = fopen(rel, "w");
    assert_non_null(fp);
    fputs("{\"releases\": [\n", fp);
    size_t n_rel = n / 4 + 1;
    for (size_t r = 0; r < n_rel; r++) {
        char id[64];
        snprintf(id, sizeof id, "rel-%zu <&> \"%s\"", r, r % 2 ? "q" : "");
        fputs("{\"id\": ", fp);
        jstr(fp, id);
        fprintf(fp,
                ", \"released_at\": \"2026-%02zu-%02zuT%02zu:00:00Z\", \"services\": [",
                1 + r % 12, 1 + r % 28, r % 24);
        jstr(fp, services[r % 3]);
        fputs("], \"url\": ", fp);
        jstr(fp, urls[r % n_urls]);
        fprintf(fp, "}%s\n", r + 1 < n_rel ? "," : "");
    }
    fputs("]}\n", fp);
    assert_int_equal(fclose(fp), 0);

    fp = fopen(inc, "w");
    assert_non_null(fp);
    fputs("{\"incidents\": [\n", fp);
    /* 40,000 characters (8,000 times "ab&<é"): cut at Excel's 32,767 on a
     * whole character */
    char *longest = malloc(8000 * 6 + 1);
    assert_non_null(longest);
    for (size_t i = 0; i < 8000; i++)
        memcpy(longest + 6 * i, "ab&<\xC3\xA9", 6);
    longest[8000 * 6] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t month = 1 + i % 12, day = 1 + (i * 7) % 28, hour = (i * 5) % 24;
        char id[96];
        snprintf(id, sizeof id, "INC-%zu %s", i, i % 3 ? "" : "<&>");
        fputs("{\"id\": ", fp);
        jstr(fp, id);
        fputs(", \"title\": ", fp);
        if (i == 3) {
            jstr(fp, longest);
        } else {
            char title[256];
            snprintf(title, sizeof title, "%s %zu", HOSTILE[i % n_text], i);
            jstr(fp, i % n_text == n_text - 1 ? HOSTILE[i % n_text] : title);
        }
        fputs(", \"services\": [", fp);
        jstr(fp, services[i % 3]);
        if (i % 5 == 0) {
            fputs(", ", fp);
            jstr(fp, services[(i + 1) % 3]);
        }
        fprintf(fp, "], \"impact\": \"%s\", \"severity\": ", impacts[i % 4]);
        jstr(fp, HOSTILE[(i + 3) % n_text]);
        fprintf(fp, ", \"started_at\": \"2026-%02zu-%02zuT%02zu:%02zu:%02zu.%03zuZ\"",
                month, day, hour, (i * 13) % 60, (i * 17) % 60, (i * 389) % 1000);
        if (i % 3 != 1)
            fprintf(fp, ", \"detected_at\": \"2026-%02zu-%02zuT%02zu:%02zu:00Z\"", month,
                    day, hour, 1 + (i * 13) % 59);
        if (i % 4 == 2)
            fprintf(fp, ", \"mitigated_at\": \"2026-%02zu-%02zuT%02zu:59:30Z\"", month,
                    day, hour);
        if (i % 7 != 6)
            fprintf(fp, ", \"resolved_at\": \"2026-%02zu-%02zuT%02zu:59:59.999Z\"", month,
                    day, hour);
        if (i % 6 == 0) {
            char cause[64];
            snprintf(cause, sizeof cause, "rel-%zu <&> \"%s\"", i / 6 % n_rel,
                     i / 6 % n_rel % 2 ? "q" : "");
            fputs(", \"caused_by\": [", fp);
            jstr(fp, cause);
            fputs(", \"no such release & <x>\"]", fp);
        }
        fputs(", \"url\": ", fp);
        jstr(fp, urls[i % n_urls]);
        fprintf(fp, "}%s\n", i + 1 < n ? "," : "");
    }
    free(longest);
    fputs("]}\n", fp);
    assert_int_equal(fclose(fp), 0);

    fp = fopen(conf, "w");
    assert_non_null(fp);
    fputs(
        "{\"report\": {\"title\": \"Hostile <&> \\\"review\\\"\", \"timezone\": "
        "\"Europe/Berlin\"},\n"
        "\"slos\": [{\"name\": \"API <&>\", \"services\": [\"api\"], \"objective_pct\": "
        "99.9},\n"
        "{\"name\": \"Web \\\"&\\\"\", \"services\": [\"web & <ui>\"], "
        "\"objective_pct\": "
        "99.5, \"weights\": {\"major_outage\": 1, \"partial_outage\": 0.25, "
        "\"degraded_performance\": 0.1}},\n"
        "{\"name\": \"All\", \"objective_pct\": 99}]}\n",
        fp);
    assert_int_equal(fclose(fp), 0);
}

/*
 * Generated incidents whose every text is hostile (quotes, < & >, control
 * characters, leading and trailing spaces, non-ASCII, text that looks like
 * an escape, formulas, a 40,000-character title, URLs of 255 and 256
 * characters): written both ways, the same cells; in tables, in constant
 * memory, split over three Incidents sheets, in chunks of one row and of
 * the default size, on one thread and on several. LibreOffice reads the spliced workbook
 * and recalculates the same values as from the other.
 */
static void test_t0_workbook_spliced_same_as_libxlsxwriter_hostile(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", SDE, 1);
    char dir[] = "/tmp/t0-workbook-hostile-XXXXXX", cmd[600];
    assert_non_null(mkdtemp(dir));
    char inc[128], rel[128], conf[128];
    write_hostile_history(dir, 600, inc, rel, conf, sizeof inc);
    struct computed c;
    compute(&c, inc, rel, conf, "2026-12-20T00:00:00Z");
    assert_int_equal(c.ds->n_incidents, 600);
    both_ways(&c.rep, dir, "tables", NULL, 1, 3);
    struct t0_workbook_limits big = {T0_WORKBOOK_ROWS_PER_SHEET, 10};
    both_ways(&c.rep, dir, "big", &big, 0, 0);
    struct t0_workbook_limits split = {250, 10};
    both_ways(&c.rep, dir, "split", &split, 9, 1);

    if (can_recalc()) {
        /* recalculated, both give the same sheets as CSV */
        snprintf(
            cmd, sizeof cmd,
            "cd '%s' && '%s' big-old.xlsx csv-old >/dev/null 2>&1 && "
            "'%s' big-new.xlsx csv-new >/dev/null 2>&1 && "
            "test $(ls csv-new | wc -l) = 10 && for f in csv-old/big-old-*; do "
            "cmp -s \"$f\" \"csv-new/big-new-${f#csv-old/big-old-}\" || exit 1; done",
            dir, T0_XLSX_RECALC, T0_XLSX_RECALC);
        assert_int_equal(system(cmd), 0);
    } else {
        t0_skip("LibreOffice or " T0_XLSX_RECALC " is missing: no recalculation");
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("T0_WORKBOOK_KEEP"))
        assert_int_equal(system(cmd), 0);
    release_computed(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_workbook_incident_sheets_counts),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_read_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_byte_identical, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_split_and_large_layout,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_unwritable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_replaces_existing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_recalculated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_workbook_write_hostile_urls, setup,
                                        teardown),
        cmocka_unit_test(test_t0_workbook_write_sample),
        cmocka_unit_test(test_t0_workbook_spliced_same_as_libxlsxwriter_sample),
        cmocka_unit_test(test_t0_workbook_spliced_same_as_libxlsxwriter_hostile),
    };
    return t0_test_status(cmocka_run_group_tests(tests, NULL, NULL));
}
