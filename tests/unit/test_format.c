/* test_format.c: every formatter of figures (src/core/format.c), each expectation
 * worked out by hand: rounding edges, thresholds, null values, every month. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/format.h"
#include "tierzero/report.h"
#include "tierzero/time.h"

/* 2026-10-12T04:31:07.250Z by hand: 2026-01-01 is 56*365 + 14 leap days
 * (1972..2024) = 20454 days after the epoch; Oct 12 is day 273 + 11 = 284 of
 * the year (Jan..Sep = 31+28+31+30+31+30+31+31+30 = 273), so 20738 days;
 * 20738 * 86400000 + 4*3600000 + 31*60000 + 7250 = 1791779467250. */
#define OCT12 INT64_C(1791779467250)
/* 2026-01-01T00:00:00Z = 20454 * 86400000. */
#define JAN1_2026 INT64_C(1767225600000)
/* 2026-03-29T01:00:00Z, when Berlin moves from UTC+1 to UTC+2: Jan..Feb =
 * 59 days, so 29 March is day 20454 + 59 + 28 = 20541; 20541 * 86400000 +
 * 3600000. */
#define MAR29_0100 INT64_C(1774746000000)
/* 2026-10-25T01:00:00Z, when Berlin moves back to UTC+1: 12 October + 13 days
 * = 20751 days; 20751 * 86400000 + 3600000. */
#define OCT25_0100 INT64_C(1792890000000)
#define MIN_MS INT64_C(60000)

static struct t0_zone *zone(const char *name)
{
    struct t0_error err;
    t0_error_clear(&err);
    struct t0_zone *z = t0_zone_new(name, &err);
    if (!z)
        fail_msg("zone %s: %s", name, err.text);
    return z;
}

/* ---- instants ---- */

static void test_utc(void **state)
{
    (void)state;
    char buf[T0_RFC3339_SIZE];
    assert_string_equal(t0_format_utc(OCT12, buf), "2026-10-12T04:31:07.250Z");
    assert_string_equal(t0_format_utc(0, buf), "1970-01-01T00:00:00.000Z");
    assert_string_equal(t0_format_utc(-1, buf), "1969-12-31T23:59:59.999Z");
    /* -86400001 ms is one day and 1 ms before the epoch. */
    assert_string_equal(t0_format_utc(-86400001, buf), "1969-12-30T23:59:59.999Z");
    assert_string_equal(t0_format_utc(-1000, buf), "1969-12-31T23:59:59.000Z");
    assert_string_equal(t0_format_utc(INT64_C(-719162) * T0_MS_PER_DAY, buf),
                        "0001-01-01T00:00:00.000Z");
    /* UTC knows no daylight saving: the instants Berlin changes its clocks
     * read as plain UTC hours, one minute before and after alike. */
    assert_string_equal(t0_format_utc(MAR29_0100, buf), "2026-03-29T01:00:00.000Z");
    assert_string_equal(t0_format_utc(MAR29_0100 - MIN_MS, buf),
                        "2026-03-29T00:59:00.000Z");
    assert_string_equal(t0_format_utc(OCT25_0100, buf), "2026-10-25T01:00:00.000Z");
    assert_string_equal(t0_format_utc(OCT25_0100 + MIN_MS, buf),
                        "2026-10-25T01:01:00.000Z");
    /* Round trip through the parser. */
    t0_ms back = 0;
    t0_format_utc(INT64_C(-12345678901), buf);
    assert_true(t0_parse_rfc3339(buf, strlen(buf), &back, NULL));
    assert_int_equal(back, INT64_C(-12345678901));
}

static void test_rfc5322(void **state)
{
    (void)state;
    char buf[64];
    /* 1970-01-01 was a Thursday; 2026-01-01 too (20454 = 7 * 2922). */
    assert_string_equal(t0_format_rfc5322(0, buf, sizeof buf),
                        "Thu, 01 Jan 1970 00:00:00 +0000");
    assert_string_equal(t0_format_rfc5322(JAN1_2026, buf, sizeof buf),
                        "Thu, 01 Jan 2026 00:00:00 +0000");
    /* 20738 - 20454 = 284 days = 40 weeks + 4 days after a Thursday: Monday;
     * milliseconds are dropped, not rounded. */
    assert_string_equal(t0_format_rfc5322(OCT12, buf, sizeof buf),
                        "Mon, 12 Oct 2026 04:31:07 +0000");
    /* One millisecond before the epoch is the Wednesday before. */
    assert_string_equal(t0_format_rfc5322(-1, buf, sizeof buf),
                        "Wed, 31 Dec 1969 23:59:59 +0000");
}

static void test_local_styles(void **state)
{
    (void)state;
    struct t0_zone *z = zone("Europe/Berlin");
    struct t0_zone *utc = zone("UTC");
    struct t0_zone *ny = zone("America/New_York");
    char buf[64];
    /* 04:31Z is 06:31 in Berlin's summer (UTC+2), 00:31 in New York's (UTC-4) */
    assert_string_equal(t0_format_local(z, OCT12, 0, buf), "2026-10-12 06:31");
    assert_string_equal(t0_format_local(z, OCT12, 1, buf), "12 Oct 06:31");
    assert_string_equal(t0_format_local(z, OCT12, 2, buf), "12 October 2026");
    assert_string_equal(t0_format_local(z, OCT12, 3, buf), "2026-10-12 06:31 UTC+02:00");
    assert_string_equal(t0_format_local(utc, OCT12, 3, buf), "2026-10-12 04:31 UTC");
    assert_string_equal(t0_format_local(ny, OCT12, 3, buf), "2026-10-12 00:31 UTC-04:00");
    /* The hour Berlin lives twice: 00:30Z and 01:30Z both read 02:30, told
     * apart by the offset. */
    assert_string_equal(t0_format_local(z, OCT25_0100 - 30 * MIN_MS, 3, buf),
                        "2026-10-25 02:30 UTC+02:00");
    assert_string_equal(t0_format_local(z, OCT25_0100 + 30 * MIN_MS, 3, buf),
                        "2026-10-25 02:30 UTC+01:00");
    t0_zone_free(ny);
    t0_zone_free(z);
    t0_zone_free(utc);
}

static void test_day_time(void **state)
{
    (void)state;
    struct t0_zone *berlin = zone("Europe/Berlin");
    struct t0_report rep;
    memset(&rep, 0, sizeof rep);
    rep.zone = berlin;
    char buf[64];
    /* 2026-10-14T04:25Z = 06:25 CEST: 14 October is 2 days after OCT12's day */
    t0_ms oct14 = (INT64_C(20740) * 86400000) + 4 * 3600000 + 25 * MIN_MS;
    assert_string_equal(t0_format_day_time(&rep, oct14, buf, sizeof buf),
                        "14 October 06:25");
    /* 2026-10-31T23:00Z = 1 November 00:00 CET: local midnight drops the time */
    t0_ms nov1 = (INT64_C(20757) * 86400000) + 23 * 3600000;
    assert_string_equal(t0_format_day_time(&rep, nov1, buf, sizeof buf), "1 November");
    t0_zone_free(berlin);
}

/* ---- months, weekdays, days, quarters ---- */

static void test_month_names(void **state)
{
    (void)state;
    static const char *const abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const name[12] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    for (int m = 1; m <= 12; m++) {
        assert_string_equal(t0_format_month_abbr(m), abbr[m - 1]);
        assert_string_equal(t0_format_month_name(m), name[m - 1]);
    }
    assert_string_equal(t0_format_month_abbr(0), "?");
    assert_string_equal(t0_format_month_abbr(13), "?");
    assert_string_equal(t0_format_month_name(-1), "?");
    assert_string_equal(t0_format_month_name(13), "?");
}

static void test_weekday_names(void **state)
{
    (void)state;
    static const char *const abbr[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const name[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
    for (int d = 0; d < 7; d++) {
        assert_string_equal(t0_format_weekday_abbr(d), abbr[d]);
        assert_string_equal(t0_format_weekday_name(d), name[d]);
    }
    assert_string_equal(t0_format_weekday_abbr(7), "?");
    assert_string_equal(t0_format_weekday_name(-1), "?");
}

static void test_months(void **state)
{
    (void)state;
    char buf[64];
    struct t0_month oct = {2026, 10}, jan = {2027, 1}, bad = {2026, 13}, old = {987, 3};
    assert_string_equal(t0_format_month(oct, buf), "2026-10");
    assert_string_equal(t0_format_month(old, buf), "0987-03"); /* four-digit year */
    assert_string_equal(t0_format_month_long(oct, buf, sizeof buf), "October 2026");
    assert_string_equal(t0_format_month_long(jan, buf, sizeof buf), "January 2027");
    /* a month that is not one prints as the machine form, not a wrong name */
    assert_string_equal(t0_format_month_long(bad, buf, sizeof buf), "2026-13");
    assert_string_equal(t0_format_month_short(oct, buf, sizeof buf), "Oct 2026");
    assert_string_equal(t0_format_month_short(jan, buf, sizeof buf), "Jan 2027");
    /* cut to the buffer, never past it */
    char small[5];
    assert_string_equal(t0_format_month_long(oct, small, sizeof small), "Octo");
}

static void test_days(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_day_short(3, 10, buf, sizeof buf), "3 Oct");
    assert_string_equal(t0_format_day_short(1, 1, buf, sizeof buf), "1 Jan");
    assert_string_equal(t0_format_day_long(31, 12, buf, sizeof buf), "31 December");
    assert_string_equal(t0_format_day_long(12, 10, buf, sizeof buf), "12 October");
}

static void test_quarters(void **state)
{
    (void)state;
    char buf[16];
    assert_string_equal(t0_format_quarter(2026, 3, buf), "2026-Q3");
    assert_string_equal(t0_format_quarter(2025, 4, buf), "2025-Q4");
    assert_string_equal(t0_format_quarter(25, 1, buf), "0025-Q1");
}

/* ---- durations ---- */

static void test_duration(void **state)
{
    (void)state;
    char buf[32];
    /* under a minute: seconds, rounded half to even by printf */
    assert_string_equal(t0_format_duration(0, buf, sizeof buf), "0 s");
    assert_string_equal(t0_format_duration(0.75, buf, sizeof buf), "45 s");
    /* 59.5 s is 59.5/60 min; times 60 is exactly 59.5, which rounds to the
     * even 60: "60 s", not yet "1 min" (minutes start at 1.0). */
    assert_string_equal(t0_format_duration(59.5 / 60.0, buf, sizeof buf), "60 s");
    assert_string_equal(t0_format_duration(1.0, buf, sizeof buf), "1 min");
    /* whole minutes round half away from zero (llround): 12.5 -> 13 */
    assert_string_equal(t0_format_duration(12.5, buf, sizeof buf), "13 min");
    /* 59.5 min rounds to 60: one hour, without "0 min" */
    assert_string_equal(t0_format_duration(59.5, buf, sizeof buf), "1 h");
    assert_string_equal(t0_format_duration(60, buf, sizeof buf), "1 h");
    assert_string_equal(t0_format_duration(61, buf, sizeof buf), "1 h 01 min");
    assert_string_equal(t0_format_duration(72, buf, sizeof buf), "1 h 12 min");
    assert_string_equal(t0_format_duration(1439.4, buf, sizeof buf), "23 h 59 min");
    /* from a day on, hours rounded half up: 1439.5 -> 1440 = 1 d */
    assert_string_equal(t0_format_duration(1439.5, buf, sizeof buf), "1 d");
    /* 1 d 89 min: (89 + 30) / 60 = 1 h; 1 d 90 min: (90 + 30) / 60 = 2 h */
    assert_string_equal(t0_format_duration(1529, buf, sizeof buf), "1 d 1 h");
    assert_string_equal(t0_format_duration(1530, buf, sizeof buf), "1 d 2 h");
    /* 2851 min = 1 d 1411 min; (1411 + 30) / 60 = 24 h carries into 2 d */
    assert_string_equal(t0_format_duration(2851, buf, sizeof buf), "2 d");
    assert_string_equal(t0_format_duration(3 * 1440 + 4 * 60, buf, sizeof buf),
                        "3 d 4 h");
    /* negative: the same with an ASCII minus */
    assert_string_equal(t0_format_duration(-12, buf, sizeof buf), "-12 min");
    assert_string_equal(t0_format_duration(-0.25, buf, sizeof buf), "-15 s");
    /* no value */
    assert_string_equal(t0_format_duration(NAN, buf, sizeof buf), "n/a");
    assert_string_equal(t0_format_duration(INFINITY, buf, sizeof buf), "n/a");
}

static void test_minutes_coarse(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_minutes_coarse(0, buf, sizeof buf), "under 1 min");
    assert_string_equal(t0_format_minutes_coarse(0.49, buf, sizeof buf), "under 1 min");
    assert_string_equal(t0_format_minutes_coarse(-5, buf, sizeof buf), "under 1 min");
    /* lround: half away from zero */
    assert_string_equal(t0_format_minutes_coarse(0.5, buf, sizeof buf), "1 min");
    assert_string_equal(t0_format_minutes_coarse(45, buf, sizeof buf), "45 min");
    assert_string_equal(t0_format_minutes_coarse(59.5, buf, sizeof buf), "1 h");
    assert_string_equal(t0_format_minutes_coarse(61, buf, sizeof buf), "1 h 01 min");
    assert_string_equal(t0_format_minutes_coarse(252, buf, sizeof buf), "4 h 12 min");
    /* no days: 25 h stay hours */
    assert_string_equal(t0_format_minutes_coarse(1500, buf, sizeof buf), "25 h");
}

static void test_lead(void **state)
{
    (void)state;
    char buf[32];
    /* within half a minute either way: as declared */
    assert_string_equal(t0_format_lead(0, buf, sizeof buf), "as declared");
    assert_string_equal(t0_format_lead(0.49, buf, sizeof buf), "as declared");
    assert_string_equal(t0_format_lead(-0.49, buf, sizeof buf), "as declared");
    /* 0.5 min is 30 s, the page first: before */
    assert_string_equal(t0_format_lead(0.5, buf, sizeof buf), "30 s before");
    assert_string_equal(t0_format_lead(12, buf, sizeof buf), "12 min before");
    /* negative: the page came after the declaration */
    assert_string_equal(t0_format_lead(-1, buf, sizeof buf), "1 min after");
    assert_string_equal(t0_format_lead(-90, buf, sizeof buf), "1 h 30 min after");
}

static void test_minutes_number(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_minutes(0, buf, sizeof buf), "0");
    assert_string_equal(t0_format_minutes(0.04, buf, sizeof buf), "0.0");
    /* 45.25 is exact in binary: the tie goes to the even 45.2 */
    assert_string_equal(t0_format_minutes(45.25, buf, sizeof buf), "45.2");
    /* just under 100 keeps its decimal even when it rounds up to 100 */
    assert_string_equal(t0_format_minutes(99.96, buf, sizeof buf), "100.0");
    assert_string_equal(t0_format_minutes(100, buf, sizeof buf), "100");
    assert_string_equal(t0_format_minutes(1234.5, buf, sizeof buf), "1234"); /* even */
    assert_string_equal(t0_format_minutes(NAN, buf, sizeof buf), "n/a");
}

/* ---- numbers ---- */

static void test_decimal(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_decimal(99.9, 4, buf, sizeof buf), "99.9");
    assert_string_equal(t0_format_decimal(99.95, 4, buf, sizeof buf), "99.95");
    assert_string_equal(t0_format_decimal(100, 4, buf, sizeof buf), "100");
    assert_string_equal(t0_format_decimal(2.5, 0, buf, sizeof buf), "2"); /* even */
    assert_string_equal(t0_format_decimal(10, 0, buf, sizeof buf), "10"); /* no '.' */
    /* -0.00001 prints "-0.00", trimmed to "-0", said "0" */
    assert_string_equal(t0_format_decimal(-0.00001, 2, buf, sizeof buf), "0");
    assert_string_equal(t0_format_decimal(-1.5, 1, buf, sizeof buf), "-1.5");
}

static void test_pct(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_pct(t0_value_null("no budget"), buf, sizeof buf),
                        "n/a");
    assert_string_equal(t0_format_pct(t0_value_of(0), buf, sizeof buf), "0%");
    assert_string_equal(t0_format_pct(t0_value_of(0.04), buf, sizeof buf), "0.0%");
    assert_string_equal(t0_format_pct(t0_value_of(7.5), buf, sizeof buf), "7.5%");
    /* under 10 keeps its decimal even when it rounds to 10 */
    assert_string_equal(t0_format_pct(t0_value_of(9.96), buf, sizeof buf), "10.0%");
    assert_string_equal(t0_format_pct(t0_value_of(10), buf, sizeof buf), "10%");
    assert_string_equal(t0_format_pct(t0_value_of(143.4), buf, sizeof buf), "143%");
    assert_string_equal(t0_format_pct(t0_value_of(-12), buf, sizeof buf), "-12%");
}

static void test_attainment(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(
        t0_format_attainment(t0_value_null("nothing elapsed"), buf, sizeof buf), "n/a");
    /* floored, never rounded up: 99.995 is not "100.00%", 99.999 not "100%" */
    assert_string_equal(t0_format_attainment(t0_value_of(99.995), buf, sizeof buf),
                        "99.99%");
    assert_string_equal(t0_format_attainment(t0_value_of(99.999), buf, sizeof buf),
                        "99.99%");
    assert_string_equal(t0_format_attainment(t0_value_of(99.899), buf, sizeof buf),
                        "99.89%");
    /* 99.9 * 100 must not floor to 9989: the 1e-9 nudge keeps "99.90%" */
    assert_string_equal(t0_format_attainment(t0_value_of(99.9), buf, sizeof buf),
                        "99.90%");
    assert_string_equal(t0_format_attainment(t0_value_of(100), buf, sizeof buf), "100%");
    assert_string_equal(t0_format_attainment(t0_value_of(0), buf, sizeof buf), "0.00%");
}

static void test_objective(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_objective(99.9, buf, sizeof buf), "99.9%");
    assert_string_equal(t0_format_objective(99.95, buf, sizeof buf), "99.95%");
    assert_string_equal(t0_format_objective(99, buf, sizeof buf), "99%");
    assert_string_equal(t0_format_objective(99.99999, buf, sizeof buf), "99.99999%");
    /* beyond six decimals "%.6f" rounds: 99.9999999 reads 100.000000 -> "100%" */
    assert_string_equal(t0_format_objective(99.9999999, buf, sizeof buf), "100%");
}

static void test_fraction_pct(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_fraction_pct(t0_value_null("n = 0"), buf, sizeof buf),
                        "n/a");
    assert_string_equal(t0_format_fraction_pct(t0_value_of(0.294), buf, sizeof buf),
                        "29%");
    /* 0.125 * 100 = 12.5 exactly: half to even, 12 */
    assert_string_equal(t0_format_fraction_pct(t0_value_of(0.125), buf, sizeof buf),
                        "12%");
    assert_string_equal(t0_format_fraction_pct(t0_value_of(0), buf, sizeof buf), "0%");
    assert_string_equal(t0_format_fraction_pct(t0_value_of(1), buf, sizeof buf), "100%");
}

static void test_share(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(t0_format_share_pct(0.2876, buf, sizeof buf), "29%");
    assert_string_equal(t0_format_share_pct(-0.08, buf, sizeof buf), "−8%");
    assert_string_equal(t0_format_share_pct(-0.004, buf, sizeof buf), "0%"); /* not −0% */
    assert_string_equal(t0_format_share_pct(1.0, buf, sizeof buf), "100%");
    /* 12.5 and 37.5 are exact: half to even, 12 and 38 */
    assert_string_equal(t0_format_share_pct(0.125, buf, sizeof buf), "12%");
    assert_string_equal(t0_format_share_pct(0.375, buf, sizeof buf), "38%");
    assert_string_equal(t0_format_share_pct(NAN, buf, sizeof buf), "n/a");
    struct t0_attributable a = {
        t0_value_of(0.2), NULL, {t0_value_of(-0.004), t0_value_of(0.5)}};
    assert_string_equal(t0_format_share_interval(&a, buf, sizeof buf), "0–50%");
    a.ci95[0] = t0_value_of(-0.3);
    assert_string_equal(t0_format_share_interval(&a, buf, sizeof buf), "−30% to 50%");
    a.ci95[0] = t0_value_of(0.14);
    a.ci95[1] = t0_value_null("not enough incidents");
    assert_string_equal(t0_format_share_interval(&a, buf, sizeof buf), "n/a");
    a.ci95[1] = t0_value_of(0.43);
    a.ci95_reason = "n = 0";
    assert_string_equal(t0_format_share_interval(&a, buf, sizeof buf), "n/a");
}

static void test_ratio(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(
        t0_format_ratio(t0_value_null("no time outside"), buf, sizeof buf), "n/a");
    assert_string_equal(t0_format_ratio(t0_value_of(1), buf, sizeof buf), "1.0×");
    /* 2.25 is exact: half to even, 2.2 */
    assert_string_equal(t0_format_ratio(t0_value_of(2.25), buf, sizeof buf), "2.2×");
    assert_string_equal(t0_format_ratio(t0_value_of(0.04), buf, sizeof buf), "0.0×");
}

static void test_p_values(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_p(t0_value_null("no releases"), buf, sizeof buf),
                        "n/a");
    assert_string_equal(t0_format_p(t0_value_of(0), buf, sizeof buf), "< 0.001");
    assert_string_equal(t0_format_p(t0_value_of(0.000999), buf, sizeof buf), "< 0.001");
    /* 0.001 itself is not below 0.001: three decimals */
    assert_string_equal(t0_format_p(t0_value_of(0.001), buf, sizeof buf), "0.001");
    assert_string_equal(t0_format_p(t0_value_of(0.002), buf, sizeof buf), "0.002");
    /* just under 0.01 keeps three decimals and reads 0.010 */
    assert_string_equal(t0_format_p(t0_value_of(0.00999), buf, sizeof buf), "0.010");
    /* 0.01 itself: two decimals */
    assert_string_equal(t0_format_p(t0_value_of(0.01), buf, sizeof buf), "0.01");
    assert_string_equal(t0_format_p(t0_value_of(0.05), buf, sizeof buf), "0.05");
    assert_string_equal(t0_format_p(t0_value_of(0.5), buf, sizeof buf), "0.50");
    assert_string_equal(t0_format_p(t0_value_of(1), buf, sizeof buf), "1.00");

    assert_string_equal(t0_format_p_clause(t0_value_of(0.0004), buf, sizeof buf),
                        "p < 0.001");
    assert_string_equal(t0_format_p_clause(t0_value_of(0.001), buf, sizeof buf),
                        "p = 0.001");
    assert_string_equal(t0_format_p_clause(t0_value_of(0.2), buf, sizeof buf),
                        "p = 0.20");
    assert_string_equal(t0_format_p_clause(t0_value_null("no releases"), buf, sizeof buf),
                        "p not defined");
}

static void test_events(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(t0_format_events(0, buf, sizeof buf), "0");
    assert_string_equal(t0_format_events(950, buf, sizeof buf), "950");
    assert_string_equal(t0_format_events(12.5, buf, sizeof buf), "12.5");
    /* 999.4 stays below the k step (999.5) and keeps three digits */
    assert_string_equal(t0_format_events(999.4, buf, sizeof buf), "999");
    /* 999.7 / 1000 = 0.9997, three significant digits: 1.00 -> "1" */
    assert_string_equal(t0_format_events(999.7, buf, sizeof buf), "1 k");
    assert_string_equal(t0_format_events(1234567, buf, sizeof buf), "1.23 M");
    assert_string_equal(t0_format_events(1.4e9, buf, sizeof buf), "1.4 G");
    assert_string_equal(t0_format_events(-1500, buf, sizeof buf), "-1.5 k");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utc),
        cmocka_unit_test(test_rfc5322),
        cmocka_unit_test(test_local_styles),
        cmocka_unit_test(test_day_time),
        cmocka_unit_test(test_month_names),
        cmocka_unit_test(test_weekday_names),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_quarters),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_minutes_coarse),
        cmocka_unit_test(test_lead),
        cmocka_unit_test(test_minutes_number),
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_pct),
        cmocka_unit_test(test_attainment),
        cmocka_unit_test(test_objective),
        cmocka_unit_test(test_fraction_pct),
        cmocka_unit_test(test_share),
        cmocka_unit_test(test_ratio),
        cmocka_unit_test(test_p_values),
        cmocka_unit_test(test_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
