/* test_narrative.c: the attributable share in words (src/render/narrative.c), each
 * reading by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/narrative.h"
#include "tierzero/report.h"

#define SRE "; Google's SRE data puts changes behind about 70% of outages."

/* A report holding only what the sentence reads: the overall share, its
 * interval and n. */
static void with_share(struct t0_report *rep, size_t n, double share, double lo,
                       double hi)
{
    memset(rep, 0, sizeof *rep);
    rep->has_releases = true;
    rep->correlation.n = n;
    rep->correlation.attributable.share = t0_value_of(share);
    rep->correlation.attributable.ci95[0] = t0_value_of(lo);
    rep->correlation.attributable.ci95[1] = t0_value_of(hi);
}

static void with_null(struct t0_report *rep, size_t n, const char *why)
{
    memset(rep, 0, sizeof *rep);
    rep->has_releases = true;
    rep->correlation.n = n;
    rep->correlation.attributable.share = t0_value_null(why);
    rep->correlation.attributable.ci95_reason = why;
    rep->correlation.attributable.ci95[0] = t0_value_null(why);
    rep->correlation.attributable.ci95[1] = t0_value_null(why);
}

static void test_clear_excess(void **state)
{
    (void)state;
    struct t0_report rep;
    char buf[600];
    /* the bundled sample's figures: 0.2876 (0.1375 to 0.4269) of 197 */
    with_share(&rep, 197, 0.2875849883, 0.1375411571, 0.4268860262);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 197),
                     T0_ATTRIBUTION_EXCESS);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "About 29% of this period's incidents (95% interval 14–43%) are "
        "attributable to releases, beyond what their share of time gives" SRE);
}

static void test_interval_includes_zero(void **state)
{
    (void)state;
    struct t0_report rep;
    char buf[600];
    with_share(&rep, 30, 0.14, -0.10, 0.42);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 30),
                     T0_ATTRIBUTION_NONE);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "No measurable share of this period's incidents is attributable to "
        "releases (estimate 14%, 95% interval −10% to 42%, which includes "
        "zero)" SRE);
}

static void test_negative_estimate(void **state)
{
    (void)state;
    struct t0_report rep;
    char buf[600];
    /* interval includes zero, estimate below it */
    with_share(&rep, 40, -0.08, -0.30, 0.12);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 40),
                     T0_ATTRIBUTION_FEWER);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "No measurable share of this period's incidents is attributable to "
        "releases: their windows held fewer incidents than their share of "
        "time gives (estimate −8%, 95% interval −30% to 12%)" SRE);
    /* the whole interval below zero */
    with_share(&rep, 200, -0.12, -0.25, -0.02);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 200),
                     T0_ATTRIBUTION_DEFICIT);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "No share of this period's incidents is attributable to releases: "
        "their windows held fewer incidents than their share of time gives "
        "(estimate −12%, 95% interval −25% to −2%)" SRE);
}

static void test_too_few(void **state)
{
    (void)state;
    struct t0_report rep;
    char buf[600];
    /* k = 1 of n = 2 at coverage 0.25 (test_correlation): 1/3, interval
     * 1 - sqrt(.975)/.75 = -0.3165 to (sqrt(.975) - .25)/.75 = 0.9832 */
    with_share(&rep, 2, 1.0 / 3.0, -0.31655, 0.98318);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 2),
                     T0_ATTRIBUTION_TOO_FEW);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "With 2 incidents in the period, there are too few to say what share "
        "of them releases explain (95% interval −32% to 98%)" SRE);
    /* nine incidents are still too few; ten are not */
    with_share(&rep, 9, 0.2, -0.1, 0.6);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 9),
                     T0_ATTRIBUTION_TOO_FEW);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 10),
                     T0_ATTRIBUTION_NONE);
    /* few incidents but a clear result: said as such (k = n = 5 at c = 0.1:
     * lower (0.025^(1/5) - 0.1) / 0.9 = 0.42) */
    with_share(&rep, 5, 1.0, 0.42, 1.0);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 5),
                     T0_ATTRIBUTION_EXCESS);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "About 100% of this period's incidents (95% interval 42–100%) are "
        "attributable to releases, beyond what their share of time gives" SRE);
}

static void test_too_wide(void **state)
{
    (void)state;
    struct t0_report rep;
    char buf[600];
    /* enough incidents, but windows over 83% of the time: the interval
     * spans 125 points */
    with_share(&rep, 197, 0.77, -0.26, 0.99);
    rep.correlation.coverage = t0_value_of(0.83);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 197),
                     T0_ATTRIBUTION_TOO_WIDE);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "Release windows cover 83% of the period, too much of it to tell what "
        "share of incidents releases explain (estimate 77%, 95% interval −26% "
        "to 99%)" SRE);
    /* exactly 100 points wide is still read */
    with_share(&rep, 197, 0.25, -0.25, 0.75);
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 197),
                     T0_ATTRIBUTION_NONE);
}

static void test_undefined(void **state)
{
    (void)state;
    struct t0_report rep;
    char buf[600];
    with_null(&rep, 0, "no incidents in the period before as_of");
    assert_int_equal(t0_attribution_read(&rep.correlation.attributable, 0),
                     T0_ATTRIBUTION_UNDEFINED);
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "With no incidents in the period, there is no share of incidents for "
        "releases to explain.");
    with_null(&rep, 5, "the whole period lies inside release windows");
    assert_string_equal(
        t0_attribution_sentence(&rep, buf, sizeof buf),
        "Release windows cover the whole period, so the share of incidents "
        "releases explain cannot be measured" SRE);
    memset(&rep, 0, sizeof rep);
    assert_string_equal(t0_attribution_sentence(&rep, buf, sizeof buf),
                        "What share of incidents releases explain was not measured: no "
                        "releases file was given.");
}

static void test_sentence_cut(void **state)
{
    (void)state;
    /* a buffer too small is cut, never overrun */
    struct t0_report rep;
    with_share(&rep, 197, 0.2876, 0.1375, 0.4269);
    char small[16];
    t0_attribution_sentence(&rep, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clear_excess),
        cmocka_unit_test(test_interval_includes_zero),
        cmocka_unit_test(test_negative_estimate),
        cmocka_unit_test(test_too_few),
        cmocka_unit_test(test_too_wide),
        cmocka_unit_test(test_undefined),
        cmocka_unit_test(test_sentence_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
