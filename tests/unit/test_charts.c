/* test_charts.c: every chart draws inside its box, copes with empty data, and the PNG
 * writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart_png.h"
#include "tierzero/burn.h"
#include "tierzero/charts.h"
#include "tierzero/model.h"
#include "tierzero/output.h"
#include "tierzero/report.h"
#include "tierzero/time.h"
#include "tierzero/windows.h"

/* ---- a hand-built report: 3 SLOs, 12 months (Nov 2025 .. Oct 2026), UTC ---- */

#define N_SLOS 3
#define N_MONTHS 12

struct fixture {
    struct t0_zone *zone;
    struct t0_dataset *ds;
    struct t0_slo slos[N_SLOS];
    struct t0_report rep;
    double *day_bad; /* n_days x N_SLOS */
    double *inc_bad; /* n_incidents x N_SLOS */
};

static uint32_t lcg_state;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state >> 8;
}

static t0_ms utc(int y, int mo, int d, int h, int mi)
{
    return t0_days_from_civil(y, mo, d) * T0_MS_PER_DAY + h * T0_MS_PER_HOUR +
           mi * T0_MS_PER_MINUTE;
}

/* Does SLO s cover incident i? SLO 1 covers every other incident. */
static bool covers(size_t s, size_t i)
{
    return s != 1 || i % 2 == 0;
}

static const char *const MODEL_NAMES[] = {
    "Opus 4",
    "Sonnet 4",
    "Haiku 3.5",
    "Opus 4.1",
    "Sonnet 4.5",
    "模型发布 三号",
    "إصدار النموذج",
    "Haiku 4.5 \xF0\x9F\x9A\x80",
    "Opus 4.5 (preview build, long name)",
};

/* Builds the report. with_data false: no incidents, no releases, a month not
 * begun, null values everywhere the engine would give them. */
static struct fixture *fixture_new(bool with_data, t0_ms as_of)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->zone = t0_zone_new("UTC", NULL);
    assert_non_null(f->zone);
    f->ds = t0_dataset_new();
    assert_non_null(f->ds);
    const char *names[N_SLOS] = {
        "API availability",
        "Console and claude.ai web, desktop and mobile applications (all regions, all "
        "tiers, including the enterprise single-tenant deployments)",
        "控制台可用性 \xD8\xA7\xD9\x84\xD8\xAA\xD9\x88\xD8\xA7\xD9\x81\xD8\xB1",
    };
    const double objectives[N_SLOS] = {99.9, 99.5, 100.0};
    for (size_t s = 0; s < N_SLOS; s++) {
        f->slos[s].name = (char *)names[s];
        f->slos[s].objective_pct = objectives[s];
        f->slos[s].weight_micro[T0_IMPACT_MAJOR] = 1000000;
        f->slos[s].weight_micro[T0_IMPACT_PARTIAL] = s == 2 ? 0 : 300000;
    }

    struct t0_report *rep = &f->rep;
    rep->data = f->ds;
    rep->zone = f->zone;
    rep->from = (struct t0_month){2025, 11};
    rep->to = rep->review = (struct t0_month){2026, 10};
    rep->as_of = as_of;
    rep->period_start = utc(2025, 11, 1, 0, 0);
    rep->period_end = utc(2026, 11, 1, 0, 0);
    rep->review_start = utc(2026, 10, 1, 0, 0);
    rep->review_end = rep->period_end;
    struct t0_error err;
    assert_int_equal(t0_report_lay_out_windows(rep, &err), T0_OK);
    assert_int_equal(t0_report_months(rep), N_MONTHS);

    /* Incidents: about one every 2.5 days, a big outage on 12 October. */
    lcg_state = 12345;
    if (with_data) {
        for (t0_ms t = rep->period_start + 7 * T0_MS_PER_HOUR; t < as_of;) {
            struct t0_incident *inc = t0_dataset_add_incident(f->ds);
            assert_non_null(inc);
            uint32_t r = lcg() % 10;
            inc->impact = r < 1 ? T0_IMPACT_MAJOR
                                : (r < 5 ? T0_IMPACT_PARTIAL : T0_IMPACT_DEGRADED);
            inc->started_at = t;
            inc->resolved_at = t + (4 + lcg() % 30) * T0_MS_PER_MINUTE;
            inc->id = "inc";
            inc->title = "Elevated errors";
            t += (12 + lcg() % 110) * T0_MS_PER_HOUR + (lcg() % 60) * T0_MS_PER_MINUTE;
            t0_ms big = utc(2026, 10, 12, 2, 0);
            if (inc->started_at < big && t >= big) {
                inc = t0_dataset_add_incident(f->ds);
                inc->impact = T0_IMPACT_MAJOR;
                inc->started_at = big;
                inc->resolved_at = big + 62 * T0_MS_PER_MINUTE;
                inc->id = "big";
                inc->title = "API outage";
            }
        }
        /* Releases: weekly, every fifth a model launch; two on one day. */
        size_t k = 0;
        for (t0_ms t = rep->period_start + 3 * T0_MS_PER_DAY + 15 * T0_MS_PER_HOUR;
             t < as_of; t += (5 + lcg() % 6) * T0_MS_PER_DAY, k++) {
            struct t0_release *rel = t0_dataset_add_release(f->ds);
            assert_non_null(rel);
            rel->id = "rel";
            rel->released_at = t;
            if (k % 5 == 2) {
                rel->kind = "model";
                rel->name =
                    MODEL_NAMES[(k / 5) % (sizeof MODEL_NAMES / sizeof MODEL_NAMES[0])];
            }
            if (k % 15 == 7) {
                struct t0_release *twin = t0_dataset_add_release(f->ds);
                twin->id = "rel-twin";
                twin->kind = "model";
                twin->name = "Same-day launch";
                twin->released_at = t + 2 * T0_MS_PER_HOUR;
            } else if (k % 5 != 2) {
                rel->kind = "api";
                rel->name = "api deploy";
            }
        }
    }
    const struct t0_dataset *ds = f->ds;
    size_t ni = ds->n_incidents;

    /* Per-incident figures: weighted minutes by SLO (the engine's overlap
     * rule does not matter to the charts). */
    rep->incidents = calloc(ni > 0 ? ni : 1, sizeof *rep->incidents);
    f->inc_bad = calloc((ni > 0 ? ni : 1) * N_SLOS, sizeof(double));
    assert_non_null(rep->incidents);
    for (size_t i = 0; i < ni; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        rep->incidents[i].counted = true;
        rep->incidents[i].in_period = true;
        rep->incidents[i].bad_minutes = &f->inc_bad[i * N_SLOS];
        double dur = (double)(inc->resolved_at - inc->started_at) / T0_MS_PER_MINUTE;
        for (size_t s = 0; s < N_SLOS; s++)
            if (covers(s, i))
                f->inc_bad[i * N_SLOS + s] =
                    dur * f->slos[s].weight_micro[inc->impact] / 1e6;
        struct t0_civil c;
        t0_zone_civil(f->zone, inc->started_at, &c);
        rep->stats.by_weekday_hour[c.weekday][c.hour]++;
        rep->stats.count++;
    }
    if (ni == 0)
        rep->stats.by_weekday_hour_reason = "no incidents in the period";
    rep->stats.off_hours_share =
        ni > 0 ? t0_value_of(0.62) : t0_value_null("no incidents");

    /* Days. */
    int64_t day0 = t0_days_from_civil(2025, 11, 1),
            day1 = t0_days_from_civil(2026, 11, 1);
    rep->n_days = (size_t)(day1 - day0);
    rep->days = calloc(rep->n_days, sizeof *rep->days);
    f->day_bad = calloc(rep->n_days * N_SLOS, sizeof(double));
    assert_non_null(rep->days);
    for (size_t d = 0; d < rep->n_days; d++) {
        struct t0_day *day = &rep->days[d];
        day->start = (day0 + (int64_t)d) * T0_MS_PER_DAY;
        day->end = day->start + T0_MS_PER_DAY;
        t0_civil_from_days(day0 + (int64_t)d, &day->year, &day->month, &day->day);
        day->bad_minutes = &f->day_bad[d * N_SLOS];
    }
    for (size_t i = 0; i < ni; i++) {
        size_t d =
            (size_t)((ds->incidents[i].started_at - rep->period_start) / T0_MS_PER_DAY);
        rep->days[d].incidents++;
        for (size_t s = 0; s < N_SLOS; s++)
            rep->days[d].bad_minutes[s] += f->inc_bad[i * N_SLOS + s];
    }
    for (size_t r = 0; r < ds->n_releases; r++) {
        size_t d =
            (size_t)((ds->releases[r].released_at - rep->period_start) / T0_MS_PER_DAY);
        rep->days[d].releases++;
    }

    /* Months and freezes. */
    rep->n_slos = N_SLOS;
    rep->slos = calloc(N_SLOS, sizeof *rep->slos);
    for (size_t s = 0; s < N_SLOS; s++) {
        struct t0_slo_result *res = &rep->slos[s];
        res->slo = &f->slos[s];
        for (int k = 0; k < T0_WINDOW_LISTED; k++) {
            size_t n = rep->windows[k].n;
            res->figures[k] = calloc(n, sizeof *res->figures[k]);
            for (size_t i = 0; i < n; i++) {
                res->figures[k][i].kind = (enum t0_window_kind)k;
                memcpy(res->figures[k][i].label, rep->windows[k].at[i].label,
                       sizeof res->figures[k][i].label);
                res->figures[k][i].month = rep->windows[k].at[i].month;
            }
        }
        res->freezes = calloc(N_MONTHS, sizeof *res->freezes);
        for (size_t m = 0; m < N_MONTHS; m++) {
            struct t0_slo_window *w = &res->figures[T0_WINDOW_MONTH][m];
            w->month = t0_month_add(rep->from, (int)m);
            w->start = t0_zone_month_start(f->zone, w->month);
            w->end = t0_zone_month_start(f->zone, t0_month_add(w->month, 1));
            w->minutes_total = (double)(w->end - w->start) / T0_MS_PER_MINUTE;
            t0_ms el_end = as_of < w->end ? as_of : w->end;
            w->minutes_elapsed =
                el_end > w->start ? (double)(el_end - w->start) / 60000.0 : 0;
            w->partial = w->start <= as_of && as_of < w->end;
            w->budget_minutes = (1 - f->slos[s].objective_pct / 100) * w->minutes_total;
            w->exhausted_at = T0_NO_TIME;
            double cum = 0;
            for (size_t i = 0; i < ni; i++) {
                const struct t0_incident *inc = &ds->incidents[i];
                if (inc->started_at < w->start || inc->started_at >= w->end)
                    continue;
                double b = f->inc_bad[i * N_SLOS + s];
                w->incidents++;
                if (b > 0 && w->exhausted_at == T0_NO_TIME &&
                    cum + b >= w->budget_minutes) {
                    /* weight 1 or 0.3: bad minutes accrue at that rate */
                    double wt = f->slos[s].weight_micro[inc->impact] / 1e6;
                    w->exhausted_at = inc->started_at +
                                      (t0_ms)((w->budget_minutes - cum) / wt * 60000.0);
                }
                cum += b;
            }
            w->bad_minutes = cum;
            if (w->minutes_elapsed > 0)
                w->attainment_pct = t0_value_of(100.0 * (1 - cum / w->minutes_elapsed));
            else
                w->attainment_pct = t0_value_null("the month has not begun");
            if (w->budget_minutes > 0)
                w->budget_consumed_pct = t0_value_of(100.0 * cum / w->budget_minutes);
            else if (cum == 0)
                w->budget_consumed_pct = t0_value_of(0);
            else
                w->budget_consumed_pct =
                    t0_value_null("objective is 100%: the budget is zero");
            w->budget_remaining_minutes = w->budget_minutes - cum;
            bool exh = w->exhausted_at != T0_NO_TIME;
            w->status = exh ? T0_STATUS_EXHAUSTED
                            : (t0_value_defined(w->budget_consumed_pct) &&
                                       w->budget_consumed_pct.value >= 75
                                   ? T0_STATUS_AT_RISK
                                   : T0_STATUS_MET);
            if (exh)
                res->freezes[res->n_freezes++] =
                    (struct t0_freeze){w->month, w->exhausted_at, w->end};
        }
    }
    for (size_t d = 0; d < rep->n_days; d++)
        for (size_t s = 0; s < N_SLOS && s < 1; s++)
            for (size_t k = 0; k < rep->slos[s].n_freezes; k++)
                if (rep->days[d].end > rep->slos[s].freezes[k].from &&
                    rep->days[d].start < rep->slos[s].freezes[k].to)
                    rep->days[d].freeze = true;

    /* Releases and the event study (services ignored, W = 72 h). */
    rep->has_releases = with_data;
    rep->releases_reason = with_data ? NULL : "no releases file was given";
    rep->correlation_reason = with_data ? NULL : "no releases file was given";
    struct t0_correlation *co = &rep->correlation;
    co->window_hours = 72;
    co->event_study_days = 14;
    if (with_data && ds->n_releases > 0) {
        rep->releases.count = ds->n_releases;
        rep->releases.releases = calloc(ds->n_releases, sizeof *rep->releases.releases);
        size_t after = 0;
        for (size_t i = 0; i < ni; i++) {
            t0_ms t = ds->incidents[i].started_at;
            int64_t latest = -1;
            for (size_t r = 0; r < ds->n_releases; r++) {
                t0_ms rt = ds->releases[r].released_at;
                if (rt <= t && t < rt + 72 * T0_MS_PER_HOUR)
                    latest = (int64_t)r;
            }
            if (latest >= 0) {
                after++;
                rep->releases.releases[latest].attributed++;
            }
        }
        for (size_t r = 0; r < ds->n_releases; r++)
            rep->releases.releases[r].release = (uint32_t)r;
        co->share_after_release = t0_value_of(ni > 0 ? (double)after / (double)ni : 0);
        co->mean_per_day = calloc(29, sizeof(double));
        for (int dd = -14; dd <= 14; dd++) {
            double sum = 0;
            for (size_t r = 0; r < ds->n_releases; r++) {
                t0_ms a = ds->releases[r].released_at + dd * T0_MS_PER_DAY;
                for (size_t i = 0; i < ni; i++)
                    if (ds->incidents[i].started_at >= a &&
                        ds->incidents[i].started_at < a + T0_MS_PER_DAY)
                        sum += 1;
            }
            co->mean_per_day[dd + 14] = sum / (double)ds->n_releases;
        }
        co->baseline_per_day = t0_value_of((double)ni / 365.0);
    } else {
        co->mean_per_day_reason = "no releases in the period";
        co->baseline_per_day = t0_value_null("no releases file was given");
        co->share_after_release = t0_value_null("no releases file was given");
    }
    return f;
}

static void fixture_free(struct fixture *f)
{
    if (f == NULL)
        return;
    struct t0_report *rep = &f->rep;
    for (size_t s = 0; s < rep->n_slos; s++) {
        for (int k = 0; k < T0_WINDOW_LISTED; k++)
            free(rep->slos[s].figures[k]);
        free(rep->slos[s].freezes);
    }
    for (int k = 0; k < T0_WINDOW_LISTED; k++)
        free(rep->windows[k].at);
    free(rep->slos);
    free(rep->days);
    free(rep->incidents);
    free(rep->releases.releases);
    free(rep->correlation.mean_per_day);
    free(f->day_bad);
    free(f->inc_bad);
    t0_dataset_free(f->ds);
    t0_zone_free(f->zone);
    free(f);
}

/* ---- drawing onto an image and checking the pixels ---- */

enum chart { C_ATT, C_BURN, C_CAL, C_HOURS, C_REL, C_EVENT, C_ROLL };

static void draw(cairo_t *cr, struct t0_box box, const struct t0_theme *th,
                 const struct t0_report *rep, enum chart c, size_t s)
{
    switch (c) {
    case C_ATT:
        t0_chart_attainment(cr, box, th, rep, s);
        break;
    case C_BURN:
        t0_chart_burndown(cr, box, th, rep, s);
        break;
    case C_CAL:
        t0_chart_calendar(cr, box, th, rep, s);
        break;
    case C_HOURS:
        t0_chart_weekday_hour(cr, box, th, rep);
        break;
    case C_REL:
        t0_chart_release_timeline(cr, box, th, rep);
        break;
    case C_EVENT:
        t0_chart_event_study(cr, box, th, rep);
        break;
    case C_ROLL:
        t0_chart_rolling(cr, box, th, rep, s);
        break;
    }
}

struct ink {
    size_t inside, outside;
    size_t near_release; /* pixels close to the release blue #0072B2 */
};

/* Renders a chart into a white 1:1 image with the box at (40, 30) and counts
 * the non-white pixels inside and outside it. */
static struct ink render(const struct t0_report *rep, enum chart c, size_t s, double w,
                         double h, const char *png)
{
    const int iw = (int)w + 80, ih = (int)h + 60;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, iw, ih);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    struct t0_theme th;
    t0_theme_default(&th);
    struct t0_box box = {40, 30, w, h};
    draw(cr, box, &th, rep, c, s);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(surf);
    if (png != NULL && getenv("T0_CHARTS_OUT") != NULL) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", getenv("T0_CHARTS_OUT"), png);
        cairo_surface_write_to_png(surf, path);
    }
    struct ink ink = {0, 0, 0};
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    for (int y = 0; y < ih; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        for (int x = 0; x < iw; x++) {
            uint32_t px = row[x] & 0xFFFFFF;
            if (px == 0xFFFFFF)
                continue;
            bool in = x >= 40 && x < 40 + (int)w && y >= 30 && y < 30 + (int)h;
            if (in)
                ink.inside++;
            else
                ink.outside++;
            int r = (int)(px >> 16), g = (int)((px >> 8) & 0xFF), b = (int)(px & 0xFF);
            if (abs(r - 0x00) < 24 && abs(g - 0x72) < 24 && abs(b - 0xB2) < 24)
                ink.near_release++;
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    return ink;
}

static void assert_draws_inside(const struct t0_report *rep, enum chart c, size_t s,
                                double w, double h, const char *png)
{
    struct ink ink = render(rep, c, s, w, h, png);
    assert_true(ink.inside > 200);
    assert_int_equal(ink.outside, 0);
}

static const t0_ms AS_OF_END =
    1793491200000; /* 2026-11-01T00:00Z: 20758 days x 86400000 */

static void test_t0_chart_attainment_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    assert_draws_inside(&f->rep, C_ATT, 0, 640, 300, "attainment-0.png");
    assert_draws_inside(&f->rep, C_ATT, 1, 640, 300, "attainment-1.png");
    assert_draws_inside(&f->rep, C_ATT, 2, 640, 300, "attainment-2.png");
    assert_draws_inside(&f->rep, C_ATT, 0, 300, 200, "attainment-small.png");
    fixture_free(f);
}

/* Rolling points for SLO s at the review month's midnights and its end:
 * 99.95% for the first ten, none (no events) for three, 99.7% after. */
static struct t0_slo_burn *rolling_burn(struct fixture *f, size_t s)
{
    struct t0_report *rep = &f->rep;
    struct t0_slo_burn *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->rolling_days = 28;
    b->rolling = calloc(rep->n_days + 1, sizeof *b->rolling);
    assert_non_null(b->rolling);
    for (size_t j = 0; j <= rep->n_days; j++) {
        if (j < rep->n_days && (rep->days[j].year != rep->review.year ||
                                rep->days[j].month != rep->review.month))
            continue;
        struct t0_rolling_point *p = &b->rolling[b->n_rolling];
        p->at = j < rep->n_days ? rep->days[j].start : rep->review_end;
        size_t k = b->n_rolling++;
        if (k >= 10 && k < 13) {
            p->attainment_pct = t0_value_null("no events in the window");
            p->budget_consumed_pct = t0_value_null("no events in the window");
        } else {
            double v = k < 10 ? 99.95 : 99.7;
            p->attainment_pct = t0_value_of(v);
            p->budget_consumed_pct = t0_value_of((100 - v) / 0.1 * 100);
        }
    }
    rep->slos[s].burn = b;
    return b;
}

static void test_t0_chart_rolling_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    /* Without a burn there is nothing to draw. */
    struct ink none = render(&f->rep, C_ROLL, 0, 640, 180, NULL);
    assert_int_equal(none.inside + none.outside, 0);
    struct t0_slo_burn *b = rolling_burn(f, 0);
    assert_true(b->n_rolling >= 28);
    assert_draws_inside(&f->rep, C_ROLL, 0, 640, 180, "rolling-0.png");
    assert_draws_inside(&f->rep, C_ROLL, 0, 300, 120, "rolling-small.png");
    struct ink tiny = render(&f->rep, C_ROLL, 0, 90, 60, NULL);
    assert_int_equal(tiny.outside, 0);
    f->rep.slos[0].burn = NULL;
    t0_slo_burn_free(b);
    fixture_free(f);
}

static void test_t0_chart_burndown_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    /* The fixture exhausts SLO 0 on 12 October (a 62 min major outage
     * against a 44.64 min budget: 0.1 % of 31 x 1440 min). */
    assert_true(f->rep.slos[0].figures[T0_WINDOW_MONTH][N_MONTHS - 1].exhausted_at !=
                T0_NO_TIME);
    assert_draws_inside(&f->rep, C_BURN, 0, 640, 300, "burndown-0.png");
    assert_draws_inside(&f->rep, C_BURN, 1, 640, 300, "burndown-1.png");
    assert_draws_inside(&f->rep, C_BURN, 0, 300, 200, "burndown-small.png");
    fixture_free(f);
}

static void test_t0_chart_burndown_zero_budget(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    /* SLO 2 has a 100 % objective: a message, no curve. */
    assert_draws_inside(&f->rep, C_BURN, 2, 640, 300, "burndown-2.png");
    fixture_free(f);
}

static void test_t0_chart_burndown_partial_month(void **state)
{
    (void)state;
    /* as_of 2026-10-20T12:00Z = 20746 days + 12 h. */
    struct fixture *f = fixture_new(true, INT64_C(20746) * 86400000 + 12 * 3600000);
    assert_true(f->rep.slos[0].figures[T0_WINDOW_MONTH][N_MONTHS - 1].partial);
    assert_draws_inside(&f->rep, C_BURN, 0, 640, 300, "burndown-partial.png");
    assert_draws_inside(&f->rep, C_CAL, 0, 640, 300, "calendar-partial.png");
    fixture_free(f);
}

static void test_t0_chart_burndown_not_begun(void **state)
{
    (void)state;
    /* as_of 2026-09-15T00:00Z, before the review month. */
    struct fixture *f = fixture_new(true, INT64_C(20711) * 86400000);
    assert_false(t0_value_defined(
        f->rep.slos[0].figures[T0_WINDOW_MONTH][N_MONTHS - 1].attainment_pct));
    assert_draws_inside(&f->rep, C_BURN, 0, 640, 300, "burndown-not-begun.png");
    assert_draws_inside(&f->rep, C_ATT, 0, 640, 300, "attainment-not-begun.png");
    fixture_free(f);
}

static void test_t0_chart_calendar_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    assert_draws_inside(&f->rep, C_CAL, 0, 640, 300, "calendar.png");
    assert_draws_inside(&f->rep, C_CAL, 0, 300, 180, "calendar-small.png");
    fixture_free(f);
}

static void test_t0_chart_weekday_hour_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    assert_draws_inside(&f->rep, C_HOURS, 0, 640, 260, "hours.png");
    assert_draws_inside(&f->rep, C_HOURS, 0, 300, 160, "hours-small.png");
    fixture_free(f);
}

static void test_t0_chart_release_timeline_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    struct ink ink = render(&f->rep, C_REL, 0, 640, 300, "releases.png");
    assert_true(ink.inside > 200);
    assert_int_equal(ink.outside, 0);
    assert_true(ink.near_release > 20); /* release markers are drawn in blue */
    assert_draws_inside(&f->rep, C_REL, 0, 300, 200, "releases-small.png");
    fixture_free(f);
}

static void test_t0_chart_event_study_draws_inside_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    struct ink ink = render(&f->rep, C_EVENT, 0, 640, 260, "event-study.png");
    assert_true(ink.inside > 200);
    assert_int_equal(ink.outside, 0);
    assert_true(ink.near_release > 20); /* offset 0 is highlighted in blue */
    assert_draws_inside(&f->rep, C_EVENT, 0, 300, 180, "event-study-small.png");
    fixture_free(f);
}

static void test_t0_charts_empty_data(void **state)
{
    (void)state;
    /* No incidents, no releases; the grid and event study are null. */
    struct fixture *f = fixture_new(false, AS_OF_END);
    assert_int_equal(f->ds->n_incidents, 0);
    const enum chart all[] = {C_ATT, C_BURN, C_CAL, C_HOURS, C_REL, C_EVENT};
    static const char *const names[] = {"empty-att.png", "empty-burn.png",
                                        "empty-cal.png", "empty-hours.png",
                                        "empty-rel.png", "empty-event.png"};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        struct ink ink = render(&f->rep, all[k], 0, 640, 300, names[k]);
        assert_true(ink.inside > 200); /* at least the title and a message */
        assert_int_equal(ink.outside, 0);
        if (all[k] == C_REL || all[k] == C_EVENT)
            assert_int_equal(ink.near_release, 0); /* no release marks at all */
    }
    fixture_free(f);
}

static void test_t0_charts_tiny_box(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    const enum chart all[] = {C_ATT, C_BURN, C_CAL, C_HOURS, C_REL, C_EVENT};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        struct ink ink = render(&f->rep, all[k], 1, 90, 60, NULL);
        assert_int_equal(ink.outside, 0);
    }
    fixture_free(f);
}

static void test_t0_charts_invalid_utf8_name(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    f->slos[0].name = "API \xFF\xFE broken \xC3";
    assert_draws_inside(&f->rep, C_ATT, 0, 400, 220, NULL);
    assert_draws_inside(&f->rep, C_BURN, 0, 400, 220, NULL);
    fixture_free(f);
}

/* On a recording surface the ink stays inside the box too. */
static void test_t0_charts_recording_surface(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    struct t0_theme th;
    t0_theme_default(&th);
    const enum chart all[] = {C_ATT, C_BURN, C_CAL, C_HOURS, C_REL, C_EVENT};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        cairo_surface_t *rec =
            cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
        cairo_t *cr = cairo_create(rec);
        struct t0_box box = {100, 50, 480, 270};
        draw(cr, box, &th, &f->rep, all[k], 0);
        assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        double x, y, w, h;
        cairo_recording_surface_ink_extents(rec, &x, &y, &w, &h);
        assert_true(w > 100 && h > 50);
        assert_true(x >= 100 - 0.01 && y >= 50 - 0.01);
        assert_true(x + w <= 580 + 0.01 && y + h <= 320 + 0.01);
        cairo_destroy(cr);
        cairo_surface_destroy(rec);
    }
    fixture_free(f);
}

static void test_t0_chart_tile_draws_inside_box(void **state)
{
    (void)state;
    const double spark[12] = {99.95, 99.97, 99.9, 99.8,  99.99, 99.93,
                              99.96, 99.91, 99.7, 99.94, 99.98, 99.71};
    bool def[12] = {true, true, true, false, true, true,
                    true, true, true, true,  true, true};
    struct t0_theme th;
    t0_theme_default(&th);
    struct t0_tile tile = {"99.71 %",   "attainment", "objective 99.90 %",
                           "12 months", spark,        def,
                           12,          th.exhausted};
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 130);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    struct t0_box box = {20, 15, 120, 96};
    t0_chart_tile(cr, box, &th, &tile);
    /* A value far too wide for a narrow tile shrinks or is cut, not spilled. */
    struct t0_tile wide = {"1234567890123 %",
                           "a very long caption that does not fit",
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           0,
                           th.met};
    t0_chart_tile(cr, (struct t0_box){150, 15, 40, 96}, &th, &wide);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(surf);
    if (getenv("T0_CHARTS_OUT") != NULL) {
        char path[512];
        snprintf(path, sizeof path, "%s/tile.png", getenv("T0_CHARTS_OUT"));
        cairo_surface_write_to_png(surf, path);
    }
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    size_t inside = 0, outside = 0, vermillion = 0;
    for (int y = 0; y < 130; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        for (int x = 0; x < 200; x++) {
            uint32_t px = row[x] & 0xFFFFFF;
            if (px == 0xFFFFFF)
                continue;
            bool in = (x >= 20 && x < 140 && y >= 15 && y < 111) ||
                      (x >= 150 && x < 190 && y >= 15 && y < 111);
            in ? inside++ : outside++;
            if (px == 0xD55E00)
                vermillion++;
        }
    }
    assert_true(inside > 300);
    assert_int_equal(outside, 0);
    assert_true(vermillion > 4); /* the current month's spark bar */
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

static void test_t0_rgb_parse_valid_and_malformed(void **state)
{
    (void)state;
    struct t0_rgb c;
    assert_true(t0_rgb_parse("#D55E00", &c));
    assert_true(fabs(c.r - 213.0 / 255.0) < 1e-12); /* 0xD5 = 213 */
    assert_true(fabs(c.g - 94.0 / 255.0) < 1e-12);  /* 0x5E = 94 */
    assert_true(fabs(c.b) < 1e-12);
    assert_true(t0_rgb_parse("#0072b2", &c));
    assert_true(fabs(c.b - 178.0 / 255.0) < 1e-12); /* 0xB2 = 178 */
    assert_false(t0_rgb_parse("D55E00", &c));
    assert_false(t0_rgb_parse("#D55E0", &c));
    assert_false(t0_rgb_parse("#D55E000", &c));
    assert_false(t0_rgb_parse("#GG5E00", &c));
    assert_false(t0_rgb_parse(NULL, &c));
}

static void test_t0_theme_default_palette(void **state)
{
    (void)state;
    struct t0_theme th;
    t0_theme_default(&th);
    assert_true(fabs(th.release.g - 114.0 / 255.0) < 1e-12); /* #0072B2: 0x72 = 114 */
    assert_true(fabs(th.met.g - 158.0 / 255.0) < 1e-12);     /* #009E73: 0x9E = 158 */
    assert_true(fabs(th.grid.r - 230.0 / 255.0) < 1e-12);    /* #E6E6E6: 0xE6 = 230 */
    assert_string_equal(th.font_family, "DejaVu Sans");
}

/* ---- PNG files ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    return buf;
}

static size_t count_and_remove(const char *dir, bool remove_them)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    char path[600];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        n++;
        if (remove_them) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    return n;
}

static void test_t0_charts_write_pngs_files(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    char dir[] = "/tmp/t0-charts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *keep = getenv("T0_CHARTS_OUT");
    const char *out = keep != NULL ? keep : dir;
    struct t0_error err = {0};
    assert_int_equal(t0_charts_write_pngs(&f->rep, NULL, out, "review", &err), T0_OK);
    /* 3 SLOs x (attainment + burndown) + calendar + hours + releases + event study = 10
     */
    static const char *const names[] = {
        "review-attainment-1.png", "review-attainment-2.png", "review-attainment-3.png",
        "review-burndown-1.png",   "review-burndown-2.png",   "review-burndown-3.png",
        "review-calendar.png",     "review-hours.png",        "review-releases.png",
        "review-event-study.png"};
    char path[600];
    char *first = NULL;
    size_t first_len = 0;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", out, names[k]);
        size_t len = 0;
        char *bytes = read_file(path, &len);
        assert_non_null(bytes);
        assert_true(len > 1000);
        assert_memory_equal(bytes, "\x89PNG\r\n\x1a\n", 8);
        if (k == 0) {
            first = bytes;
            first_len = len;
        } else {
            free(bytes);
        }
    }
    /* The same report gives the same bytes. */
    assert_int_equal(t0_charts_write_pngs(&f->rep, NULL, dir, "again", &err), T0_OK);
    snprintf(path, sizeof path, "%s/again-attainment-1.png", dir);
    size_t len2 = 0;
    char *second = read_file(path, &len2);
    assert_non_null(second);
    assert_int_equal(len2, first_len);
    assert_memory_equal(first, second, first_len);
    free(first);
    free(second);
    /* dir holds the 10 "again" files, and the 10 "review" ones unless kept elsewhere. */
    assert_int_equal(count_and_remove(dir, true), keep == NULL ? 20 : 10);
    rmdir(dir);
    fixture_free(f);
}

static void test_t0_charts_write_pngs_without_releases(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(false, AS_OF_END);
    char dir[] = "/tmp/t0-charts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct t0_error err = {0};
    assert_int_equal(t0_charts_write_pngs(&f->rep, NULL, dir, "r", &err), T0_OK);
    /* 3 x 2 per SLO + calendar + hours; releases and event study skipped. */
    assert_int_equal(count_and_remove(dir, true), 8);
    rmdir(dir);
    fixture_free(f);
}

/* The chart as t0_charts_write_pngs documents it: 1600 x 900 pixels, white,
 * the chart at 2 pixels a point in a 764 x 422 pt box at (18, 14) pt. */
static cairo_surface_t *render_like_png(const struct t0_report *rep, enum chart c,
                                        size_t s)
{
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1600, 900);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, 2.0, 2.0);
    struct t0_theme th;
    t0_theme_default(&th);
    draw(cr, (struct t0_box){18, 14, 764, 422}, &th, rep, c, s);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    return surf;
}

/* Decodes the PNG at path (with cairo's reader, libpng underneath) and
 * compares it pixel by pixel with the chart rendered here: the encoder loses
 * nothing, swaps no channel and drops no row. Returns the pixels that differ
 * (the PNG is opaque: alpha must be 0xFF everywhere). */
static size_t png_differs_from_chart(const char *path, const struct t0_report *rep,
                                     enum chart c, size_t s)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(png), 1600);
    assert_int_equal(cairo_image_surface_get_height(png), 900);
    cairo_surface_t *want = render_like_png(rep, c, s);
    const unsigned char *a = cairo_image_surface_get_data(png);
    const unsigned char *b = cairo_image_surface_get_data(want);
    int sa = cairo_image_surface_get_stride(png),
        sb = cairo_image_surface_get_stride(want);
    size_t differ = 0, ink = 0;
    for (int y = 0; y < 900; y++) {
        const uint32_t *ra = (const uint32_t *)(const void *)(a + (size_t)y * sa);
        const uint32_t *rb = (const uint32_t *)(const void *)(b + (size_t)y * sb);
        for (int x = 0; x < 1600; x++) {
            /* RGB24 leaves the top byte undefined; a decoded opaque PNG says 0xFF. */
            if ((ra[x] >> 24) != 0xFF || (ra[x] & 0xFFFFFF) != (rb[x] & 0xFFFFFF))
                differ++;
            if ((rb[x] & 0xFFFFFF) != 0xFFFFFF)
                ink++;
        }
    }
    assert_true(ink > 5000); /* a chart, not a blank page compared with a blank page */
    cairo_surface_destroy(png);
    cairo_surface_destroy(want);
    return differ;
}

/* Every PNG decodes to exactly the pixels of its chart, and the rolling
 * window's chart is written for the SLOs that have one, between the
 * attainment and the burn-down. */
static void test_t0_charts_write_pngs_pixels(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    struct t0_slo_burn *b0 = rolling_burn(f, 0);
    struct t0_slo_burn *b2 = rolling_burn(f, 2);
    char dir[] = "/tmp/t0-charts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct t0_error err = {0};
    assert_int_equal(t0_charts_write_pngs(&f->rep, NULL, dir, "px", &err), T0_OK);
    static const struct {
        const char *name;
        enum chart c;
        size_t s;
    } files[] = {
        {"px-attainment-1.png", C_ATT, 0}, {"px-rolling-1.png", C_ROLL, 0},
        {"px-burndown-1.png", C_BURN, 0},  {"px-attainment-2.png", C_ATT, 1},
        {"px-burndown-2.png", C_BURN, 1},  {"px-attainment-3.png", C_ATT, 2},
        {"px-rolling-3.png", C_ROLL, 2},   {"px-burndown-3.png", C_BURN, 2},
        {"px-calendar.png", C_CAL, 0},     {"px-hours.png", C_HOURS, 0},
        {"px-releases.png", C_REL, 0},     {"px-event-study.png", C_EVENT, 0},
    };
    char path[600];
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[k].name);
        size_t len = 0;
        char *bytes = read_file(path, &len);
        assert_non_null(bytes);
        /* An 8-bit RGB image (IHDR: bit depth 8, colour type 2), not interlaced. */
        assert_memory_equal(bytes, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
        assert_memory_equal(bytes + 24, "\x08\x02\x00\x00\x00", 5);
        free(bytes);
        assert_int_equal(png_differs_from_chart(path, &f->rep, files[k].c, files[k].s),
                         0);
    }
    /* No rolling chart for the SLO without one, and nothing else. */
    snprintf(path, sizeof path, "%s/px-rolling-2.png", dir);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_and_remove(dir, true), sizeof files / sizeof files[0]);
    rmdir(dir);
    f->rep.slos[0].burn = NULL;
    f->rep.slos[2].burn = NULL;
    t0_slo_burn_free(b0);
    t0_slo_burn_free(b2);
    fixture_free(f);
}

/* Encoded on a thread of their own (threads 0 or 2) or on the calling
 * thread (1): the same files, byte for byte; and a directory that cannot
 * be written is an error naming the first chart either way. */
static void test_t0_charts_write_pngs_threads_same_bytes(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(true, AS_OF_END);
    struct t0_slo_burn *b1 = rolling_burn(f, 1);
    char dir[] = "/tmp/t0-charts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct t0_error err = {0};
    assert_int_equal(t0_charts_write_pngs_threads(&f->rep, NULL, dir, "one", 1, &err),
                     T0_OK);
    assert_int_equal(t0_charts_write_pngs_threads(&f->rep, NULL, dir, "two", 2, &err),
                     T0_OK);
    static const char *const names[] = {"attainment-1", "burndown-1", "attainment-2",
                                        "rolling-2",    "burndown-2", "attainment-3",
                                        "burndown-3",   "calendar",   "hours",
                                        "releases",     "event-study"};
    char path[600];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t la = 0, lb = 0;
        snprintf(path, sizeof path, "%s/one-%s.png", dir, names[k]);
        char *a = read_file(path, &la);
        snprintf(path, sizeof path, "%s/two-%s.png", dir, names[k]);
        char *b = read_file(path, &lb);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        free(a);
        free(b);
    }
    assert_int_equal(count_and_remove(dir, true), 2 * sizeof names / sizeof names[0]);
    rmdir(dir);
    for (unsigned threads = 1; threads <= 2; threads++) {
        t0_error_clear(&err);
        assert_int_equal(t0_charts_write_pngs_threads(&f->rep, NULL, "/nonexistent/dir",
                                                      "r", threads, &err),
                         T0_EOUTPUT);
        assert_non_null(strstr(err.source, "r-attainment-1.png"));
    }
    f->rep.slos[1].burn = NULL;
    t0_slo_burn_free(b1);
    fixture_free(f);
}

/* The encoder fails on a full disk with the write's errno, and refuses an
 * image that is not RGB24 instead of writing wrong colours. */
static void test_t0_png_write_rgb24_errors(void **state)
{
    (void)state;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
    cairo_surface_flush(surf);
    char msg[128];
    int e = -1;
    FILE *full = fopen("/dev/full", "wb");
    if (full != NULL) {
        assert_false(t0_png_write_rgb24(surf, full, msg, sizeof msg, &e));
        assert_int_equal(e, ENOSPC);
        fclose(full);
    }
    cairo_surface_t *argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    FILE *null = fopen("/dev/null", "wb");
    assert_non_null(null);
    assert_false(t0_png_write_rgb24(argb, null, msg, sizeof msg, &e));
    assert_int_equal(e, 0);
    assert_string_equal(msg, "not an RGB image");
    assert_true(t0_png_write_rgb24(surf, null, msg, sizeof msg, &e));
    fclose(null);
    cairo_surface_destroy(argb);
    cairo_surface_destroy(surf);
}

static void test_t0_charts_write_pngs_bad_directory(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(false, AS_OF_END);
    struct t0_error err = {0};
    assert_int_equal(t0_charts_write_pngs(&f->rep, NULL, "/nonexistent/dir", "r", &err),
                     T0_EOUTPUT);
    assert_true(err.text[0] != '\0');
    fixture_free(f);
}

/* Text is cut before layout to what its box can show: 100 pt at 10 pt is at
 * most 100 / (0.2 * 10) + 1 = 51 characters a line. */
static void test_t0_text_clip_bounds(void **state)
{
    (void)state;
    char *cut = NULL;
    const char *fits = "short";
    assert_ptr_equal(t0_text_clip(fits, 100, 10, 1, &cut), fits);
    assert_null(cut);
    char *x = malloc(5000);
    memset(x, 'x', 4999);
    x[4999] = '\0';
    const char *one = t0_text_clip(x, 100, 10, 1, &cut);
    assert_non_null(cut);
    assert_int_equal(strlen(one), 51 + 3);
    assert_string_equal(one + 51, "\xE2\x80\xA6");
    g_free(cut);
    /* Two lines: 102 characters. */
    assert_int_equal(strlen(t0_text_clip(x, 100, 10, 2, &cut)), 102 + 3);
    g_free(cut);
    /* Line breaks count as lines: the third line is cut. */
    assert_string_equal(t0_text_clip("a\nb\nc", 100, 10, 2, &cut), "a\nb\xE2\x80\xA6");
    g_free(cut);
    /* A multi-byte character is never split: 60 two-byte characters, 51 kept. */
    char e[121];
    for (int i = 0; i < 60; i++)
        memcpy(e + 2 * i, "\xC3\xA9", 2);
    e[120] = '\0';
    const char *u = t0_text_clip(e, 100, 10, 1, &cut);
    assert_int_equal(strlen(u), 102 + 3);
    assert_memory_equal(u + 100, "\xC3\xA9\xE2\x80\xA6", 5);
    g_free(cut);
    assert_string_equal(t0_text_clip(NULL, 100, 10, 1, &cut), "");
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_text_clip_bounds),
        cmocka_unit_test(test_t0_chart_attainment_draws_inside_box),
        cmocka_unit_test(test_t0_chart_rolling_draws_inside_box),
        cmocka_unit_test(test_t0_chart_burndown_draws_inside_box),
        cmocka_unit_test(test_t0_chart_burndown_zero_budget),
        cmocka_unit_test(test_t0_chart_burndown_partial_month),
        cmocka_unit_test(test_t0_chart_burndown_not_begun),
        cmocka_unit_test(test_t0_chart_calendar_draws_inside_box),
        cmocka_unit_test(test_t0_chart_weekday_hour_draws_inside_box),
        cmocka_unit_test(test_t0_chart_release_timeline_draws_inside_box),
        cmocka_unit_test(test_t0_chart_event_study_draws_inside_box),
        cmocka_unit_test(test_t0_charts_empty_data),
        cmocka_unit_test(test_t0_charts_tiny_box),
        cmocka_unit_test(test_t0_charts_invalid_utf8_name),
        cmocka_unit_test(test_t0_charts_recording_surface),
        cmocka_unit_test(test_t0_chart_tile_draws_inside_box),
        cmocka_unit_test(test_t0_rgb_parse_valid_and_malformed),
        cmocka_unit_test(test_t0_theme_default_palette),
        cmocka_unit_test(test_t0_charts_write_pngs_files),
        cmocka_unit_test(test_t0_charts_write_pngs_without_releases),
        cmocka_unit_test(test_t0_charts_write_pngs_bad_directory),
        cmocka_unit_test(test_t0_charts_write_pngs_pixels),
        cmocka_unit_test(test_t0_png_write_rgb24_errors),
        cmocka_unit_test(test_t0_charts_write_pngs_threads_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
