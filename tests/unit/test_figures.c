/* test_figures.c: the catalogue of a window's figures (figures.h): every figure
 * once, in the JSON summary's order, which windows have which, and each
 * figure for people in its unit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tierzero/figures.h"
#include "tierzero/sli.h"
#include "tierzero/time.h"

/* The keys of definitions.md §5 (a window's figures) and §8 (an events
 * SLO's), in the order the JSON summary writes them. */
static const char *const json_order[T0_FIG_COUNT] = {"minutes_total",
                                                     "minutes_elapsed",
                                                     "minutes_excluded",
                                                     "bad_minutes",
                                                     "attainment_pct",
                                                     "budget_minutes",
                                                     "budget_consumed_pct",
                                                     "budget_remaining_minutes",
                                                     "exhausted_at",
                                                     "status",
                                                     "incidents",
                                                     "partial",
                                                     "events_total",
                                                     "events_bad",
                                                     "events_good",
                                                     "budget_events",
                                                     "budget_remaining_events",
                                                     "data_coverage",
                                                     "no_data_minutes",
                                                     "samples_invalid",
                                                     "samples_unpaired"};

static void test_catalogue_is_complete_and_ordered(void **state)
{
    (void)state;
    for (int id = 0; id < T0_FIG_COUNT; id++) {
        const struct t0_figure_def *d = t0_figure_def_of((enum t0_figure_id)id);
        assert_non_null(d);
        assert_int_equal(d->id, id);
        assert_string_equal(d->key, json_order[id]);
        assert_true(d->label != NULL && d->label[0] != '\0');
        for (int k = 0; k < id; k++)
            assert_string_not_equal(t0_figure_def_of((enum t0_figure_id)k)->label,
                                    d->label);
    }
    assert_null(t0_figure_def_of(T0_FIG_COUNT));
    /* The workbook's column headers come from here. */
    assert_string_equal(t0_figure_def_of(T0_FIG_ATTAINMENT)->label, "Attainment %");
    assert_string_equal(t0_figure_def_of(T0_FIG_BUDGET_CONSUMED)->label,
                        "Budget consumed %");
}

/* October 2026 of a 99.9% SLO: 44,640 minutes, 30 bad, budget 44.64. */
static struct t0_slo_window minutes_window(void)
{
    struct t0_slo_window w;
    memset(&w, 0, sizeof w);
    w.kind = T0_WINDOW_MONTH;
    w.minutes_total = w.minutes_elapsed = 44640;
    w.bad_minutes = 72;
    w.budget_minutes = 44.64;
    w.budget_remaining_minutes = 44.64 - 72;
    w.attainment_pct = t0_value_of(100 * (1 - 72.0 / 44640));
    w.budget_consumed_pct = t0_value_of(100 * 72 / 44.64);
    w.status = T0_STATUS_EXHAUSTED;
    w.exhausted_at = T0_NO_TIME;
    w.incidents = 3;
    w.partial = true;
    w.unit = T0_UNIT_MINUTES;
    return w;
}

static void test_which_windows_have_which(void **state)
{
    (void)state;
    struct t0_figure f;
    struct t0_slo_window w = minutes_window();
    /* A minutes window: its minutes, no events figure, no sample count. */
    assert_true(t0_window_figure(&w, T0_FIG_BAD_MINUTES, &f));
    assert_true(t0_value_defined(f.value));
    assert_true(f.value.value == 72);
    assert_false(t0_window_figure(&w, T0_FIG_EVENTS_TOTAL, &f));
    assert_false(t0_window_figure(&w, T0_FIG_SAMPLES_INVALID, &f));
    assert_false(t0_window_figure(&w, T0_FIG_NO_DATA_MINUTES, &f));
    /* Counted from timeslices: its no-data minutes and sample counts. */
    w.has_samples = true;
    w.no_data_minutes = 12;
    assert_true(t0_window_figure(&w, T0_FIG_NO_DATA_MINUTES, &f));
    assert_true(f.value.value == 12);
    assert_false(t0_window_figure(&w, T0_FIG_DATA_COVERAGE, &f));
    assert_true(t0_window_figure(&w, T0_FIG_SAMPLES_UNPAIRED, &f));

    /* An events SLO (definitions.md §8): the minute figures are null with the
     * reason, the events figures are there, and its coverage. */
    w.unit = T0_UNIT_EVENTS;
    w.events_total = 2000;
    w.events_bad = 10;
    w.data_coverage = t0_value_of(0.985);
    assert_true(t0_window_figure(&w, T0_FIG_BAD_MINUTES, &f));
    assert_false(t0_value_defined(f.value));
    assert_string_equal(f.value.reason, T0_REASON_EVENTS_SLO);
    assert_true(t0_window_figure(&w, T0_FIG_BUDGET_REMAINING_MINUTES, &f));
    assert_false(t0_value_defined(f.value));
    assert_true(t0_window_figure(&w, T0_FIG_MINUTES_TOTAL, &f));
    assert_true(f.value.value == 44640);
    assert_true(t0_window_figure(&w, T0_FIG_EVENTS_BAD, &f));
    assert_true(f.value.value == 10);
    assert_true(t0_window_figure(&w, T0_FIG_DATA_COVERAGE, &f));
    assert_false(t0_window_figure(&w, T0_FIG_NO_DATA_MINUTES, &f));
}

static void test_for_people(void **state)
{
    (void)state;
    struct t0_zone *zone = t0_zone_new("UTC", NULL);
    assert_non_null(zone);
    struct t0_report rep;
    memset(&rep, 0, sizeof rep);
    rep.zone = zone;
    struct t0_slo_window w = minutes_window();
    char buf[64];
    /* 100 x (1 - 72/44640) = 99.8387...: two decimals, never rounded up to
     * look like more than it is. */
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_ATTAINMENT, buf, sizeof buf), "99.83%");
    /* 100 x 72 / 44.64 = 161.29...: no decimal above 10. */
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_BUDGET_CONSUMED, buf, sizeof buf),
        "161%");
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_BAD_MINUTES, buf, sizeof buf),
        "1 h 12 min");
    assert_string_equal(t0_format_window_figure(&rep, &w, T0_FIG_STATUS, buf, sizeof buf),
                        "exhausted");
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_INCIDENTS, buf, sizeof buf), "3");
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_PARTIAL, buf, sizeof buf), "yes");
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_EXHAUSTED_AT, buf, sizeof buf), "never");
    /* 2026-10-14T06:25:00Z */
    w.exhausted_at = (t0_days_from_civil(2026, 10, 14) * 1440 + 6 * 60 + 25) * 60000;
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_EXHAUSTED_AT, buf, sizeof buf),
        "14 October 06:25");
    w.status = T0_STATUS_AT_RISK;
    assert_string_equal(t0_format_window_figure(&rep, &w, T0_FIG_STATUS, buf, sizeof buf),
                        "at risk");
    /* A figure the window does not have is empty; a null one "n/a". */
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_EVENTS_BAD, buf, sizeof buf), "");
    w.attainment_pct = t0_value_null("nothing elapsed");
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_ATTAINMENT, buf, sizeof buf), "n/a");
    /* Events: three significant digits with an SI prefix; minutes of an
     * events SLO are not its own. */
    w.unit = T0_UNIT_EVENTS;
    w.events_total = 1234567;
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_EVENTS_TOTAL, buf, sizeof buf),
        "1.23 M");
    assert_string_equal(
        t0_format_window_figure(&rep, &w, T0_FIG_BAD_MINUTES, buf, sizeof buf), "n/a");
    t0_zone_free(zone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_is_complete_and_ordered),
        cmocka_unit_test(test_which_windows_have_which),
        cmocka_unit_test(test_for_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
