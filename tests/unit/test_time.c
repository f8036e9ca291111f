/* test_time.c: RFC 3339 parsing, civil dates and zone months (src/core/time.c);
 * formatting is in test_format.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/time.h"

/* 2026-10-12T04:31:07.250Z by hand: 2026-01-01 is 56*365 + 14 leap days
 * (1972..2024) = 20454 days after the epoch; Oct 12 is day 273 + 11 = 284 of
 * the year (Jan..Sep = 31+28+31+30+31+30+31+31+30 = 273), so 20738 days;
 * 20738 * 86400000 + 4*3600000 + 31*60000 + 7250 = 1791779467250. */
#define OCT12 INT64_C(1791779467250)
/* 2026-01-01T00:00:00Z = 20454 * 86400000. */
#define JAN1_2026 INT64_C(1767225600000)

static t0_ms parse_ok(const char *text)
{
    t0_ms t = 0;
    const char *reason = NULL;
    bool ok = t0_parse_rfc3339(text, strlen(text), &t, &reason);
    if (!ok)
        fail_msg("'%s' rejected: %s", text, reason);
    return t;
}

static const char *parse_reason(const char *text)
{
    t0_ms t = 0;
    const char *reason = NULL;
    if (t0_parse_rfc3339(text, strlen(text), &t, &reason))
        fail_msg("'%s' accepted", text);
    assert_non_null(reason);
    return reason;
}

/* ---- accepted forms ---- */

static void test_parse_rfc3339_basic(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2026-10-12T04:31:07.250Z"), OCT12);
    assert_int_equal(parse_ok("2026-10-12T04:31:07.25Z"), OCT12);
    assert_int_equal(parse_ok("2026-10-12t04:31:07.250z"), OCT12);
    assert_int_equal(parse_ok("2026-01-01T00:00:00Z"), JAN1_2026);
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
}

static void test_parse_rfc3339_offsets(void **state)
{
    (void)state;
    /* 06:31 at +02:00 is 04:31 UTC. */
    assert_int_equal(parse_ok("2026-10-12T06:31:07.250+02:00"), OCT12);
    /* 23:01 on the 11th at -05:30 is 23:01 + 5:30 = 04:31 on the 12th. */
    assert_int_equal(parse_ok("2026-10-11T23:01:07.250-05:30"), OCT12);
    assert_int_equal(parse_ok("2026-10-12T04:31:07.250-00:00"), OCT12);
    assert_int_equal(parse_ok("2026-10-12T04:31:07.250+00:00"), OCT12);
    /* +23:59 is the largest offset: 2026-01-01T23:59 local is 00:00 UTC. */
    assert_int_equal(parse_ok("2026-01-01T23:59:00+23:59"), JAN1_2026);
}

static void test_parse_rfc3339_fraction_truncated(void **state)
{
    (void)state;
    /* .9999 truncates to 999 ms, never rounds to the next second. */
    assert_int_equal(parse_ok("2026-01-01T00:00:00.9999Z"), JAN1_2026 + 999);
    assert_int_equal(parse_ok("2026-01-01T00:00:00.5Z"), JAN1_2026 + 500);
    assert_int_equal(parse_ok("2026-01-01T00:00:00.05Z"), JAN1_2026 + 50);
    assert_int_equal(parse_ok("2026-01-01T00:00:00.123456789012Z"), JAN1_2026 + 123);
    assert_int_equal(parse_ok("2026-01-01T00:00:00.0009Z"), JAN1_2026);
}

static void test_parse_rfc3339_pre_1970(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("1969-12-31T23:59:59.999Z"), -1);
    assert_int_equal(parse_ok("1969-12-31T00:00:00Z"), -T0_MS_PER_DAY);
    /* 0001-01-01 is 719162 days before 1970-01-01 (proleptic Gregorian:
     * 1969 years of 365 days plus 477 leap days = 718685 + 477). */
    assert_int_equal(parse_ok("0001-01-01T00:00:00Z"), INT64_C(-719162) * T0_MS_PER_DAY);
    /* 9999-12-31T23:59:59.999Z is 1 ms before 10000-01-01, which is
     * 8030 years of 365 days (2930950) plus 1947 leap days in 1970..9999
     * (2007 multiples of 4, less 80 of 100, plus 20 of 400) = 2932897 days. */
    assert_int_equal(parse_ok("9999-12-31T23:59:59.999Z"),
                     INT64_C(2932897) * T0_MS_PER_DAY - 1);
}

static void test_parse_rfc3339_leap_years(void **state)
{
    (void)state;
    /* 2024-02-29 is 20454 - 366 - 365 = 19723 (2024-01-01) + 59 = 19782. */
    assert_int_equal(parse_ok("2024-02-29T00:00:00Z"), INT64_C(19782) * T0_MS_PER_DAY);
    parse_ok("2000-02-29T12:00:00Z");
    assert_string_equal(parse_reason("2026-02-29T00:00:00Z"),
                        "day 29 is past the end of 2026-02");
    assert_string_equal(parse_reason("1900-02-29T00:00:00Z"),
                        "day 29 is past the end of 1900-02");
    assert_string_equal(parse_reason("2026-02-30T00:00:00Z"),
                        "day 30 is past the end of 2026-02");
    assert_string_equal(parse_reason("2026-04-31T00:00:00Z"),
                        "day 31 is past the end of 2026-04");
}

/* ---- one test per rejection rule ---- */

static void test_parse_rfc3339_rejects_missing_offset(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T14:05:00"), "missing UTC offset");
    assert_string_equal(parse_reason("2026-10-03T14:05:00.5"), "missing UTC offset");
}

static void test_parse_rfc3339_rejects_space_separator(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03 14:05:00Z"),
                        "a space instead of 'T' between date and time");
    assert_string_equal(parse_reason("2026-10-03X14:05:00Z"),
                        "expected 'T' between date and time");
    assert_string_equal(parse_reason("2026-10-03"), "missing time of day");
}

static void test_parse_rfc3339_rejects_missing_seconds(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T14:05Z"), "missing seconds");
    assert_string_equal(parse_reason("2026-10-03T14:05+02:00"), "missing seconds");
}

static void test_parse_rfc3339_rejects_leap_second(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2016-12-31T23:59:60Z"),
                        "leap second 60 is not accepted");
    assert_string_equal(parse_reason("2016-12-31T23:59:61Z"), "second 61 out of range");
}

static void test_parse_rfc3339_rejects_hour_24(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T24:00:00Z"), "hour 24 out of range");
    assert_string_equal(parse_reason("2026-10-03T25:00:00Z"), "hour 25 out of range");
    assert_string_equal(parse_reason("2026-10-03T12:60:00Z"), "minute 60 out of range");
}

static void test_parse_rfc3339_rejects_offset_hours(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T14:05:00+24:00"),
                        "offset hour 24 out of range");
    assert_string_equal(parse_reason("2026-10-03T14:05:00-99:00"),
                        "offset hour 99 out of range");
}

static void test_parse_rfc3339_rejects_offset_minutes(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T14:05:00+02:60"),
                        "offset minute 60 out of range");
    assert_string_equal(parse_reason("2026-10-03T14:05:00+0200"),
                        "expected ':' in the UTC offset");
    assert_string_equal(parse_reason("2026-10-03T14:05:00+02"),
                        "expected ':' in the UTC offset");
    assert_string_equal(parse_reason("2026-10-03T14:05:00+02:0"),
                        "expected 2 digits in the offset minute");
}

static void test_parse_rfc3339_rejects_day_zero(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-00T14:05:00Z"), "day 0 out of range");
    assert_string_equal(parse_reason("2026-00-10T14:05:00Z"), "month 0 out of range");
    assert_string_equal(parse_reason("2026-13-10T14:05:00Z"), "month 13 out of range");
}

static void test_parse_rfc3339_rejects_year_zero(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("0000-01-01T00:00:00Z"),
                        "year 0000 out of range (0001 to 9999)");
    assert_string_equal(parse_reason("26-10-03T14:05:00Z"),
                        "expected 4 digits in the year");
    assert_string_equal(parse_reason("+2026-10-03T14:05:00Z"),
                        "expected 4 digits in the year");
}

static void test_parse_rfc3339_rejects_non_ascii_digits(void **state)
{
    (void)state;
    /* U+0662 ARABIC-INDIC DIGIT TWO in the year; U+FF10 FULLWIDTH ZERO in the
     * minute. */
    assert_string_equal(parse_reason("\xd9\xa2"
                                     "026-10-03T14:05:00Z"),
                        "non-ASCII character in the year (ASCII digits only)");
    assert_string_equal(parse_reason("2026-10-03T14:\xef\xbc\x90"
                                     "5:00Z"),
                        "non-ASCII character in the minute (ASCII digits only)");
}

static void test_parse_rfc3339_rejects_bad_fraction(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T14:05:00.Z"),
                        "expected digits after the decimal point");
    assert_string_equal(parse_reason("2026-10-03T14:05:00,5Z"),
                        "expected 'Z' or a UTC offset such as +02:00");
}

static void test_parse_rfc3339_rejects_trailing_text(void **state)
{
    (void)state;
    assert_string_equal(parse_reason("2026-10-03T14:05:00Z "),
                        "unexpected text after the time");
    assert_string_equal(parse_reason("2026-10-03T14:05:00+02:00Z"),
                        "unexpected text after the time");
    assert_string_equal(parse_reason(""), "empty time");
}

static void test_parse_rfc3339_reads_only_len(void **state)
{
    (void)state;
    /* A buffer with no terminator, exactly as long as the text: the
     * sanitizer build catches any read past it. */
    const char text[] = "2026-10-12T04:31:07.250Z";
    size_t n = strlen(text);
    char *buf = malloc(n);
    assert_non_null(buf);
    memcpy(buf, text, n);
    t0_ms t = 0;
    const char *reason = NULL;
    assert_true(t0_parse_rfc3339(buf, n, &t, &reason));
    assert_int_equal(t, OCT12);
    /* Every strict prefix is refused, without reading beyond it. */
    for (size_t k = 0; k < n; k++) {
        char *prefix = malloc(k ? k : 1);
        assert_non_null(prefix);
        memcpy(prefix, text, k);
        reason = NULL;
        assert_false(t0_parse_rfc3339(prefix, k, &t, &reason));
        assert_non_null(reason);
        free(prefix);
    }
    /* Bytes after len are not looked at. */
    assert_true(t0_parse_rfc3339("2026-10-12T04:31:07.250Zjunk", n, &t, NULL));
    assert_false(t0_parse_rfc3339("2026-10-12T04:31:07.250Z", n - 1, &t, &reason));
    assert_string_equal(reason, "missing UTC offset");
    free(buf);
}

/* ---- dates ---- */

static void test_parse_date_cases(void **state)
{
    (void)state;
    int64_t days = 0;
    const char *reason = NULL;
    assert_true(t0_parse_date("2026-10-12", 10, &days, &reason));
    assert_int_equal(days, 20738);
    assert_true(t0_parse_date("1969-12-31", 10, &days, &reason));
    assert_int_equal(days, -1);
    assert_false(t0_parse_date("2026-02-29", 10, &days, &reason));
    assert_string_equal(reason, "day 29 is past the end of 2026-02");
    assert_false(t0_parse_date("2026-10-12T00:00:00Z", 20, &days, &reason));
    assert_string_equal(reason, "unexpected text after the date");
    assert_false(t0_parse_date("2026-10", 7, &days, &reason));
    assert_string_equal(reason, "expected '-' after the month");
    assert_false(t0_parse_date("", 0, &days, &reason));
    assert_string_equal(reason, "empty date");
}

static void test_days_from_civil_round_trip(void **state)
{
    (void)state;
    assert_int_equal(t0_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(t0_days_from_civil(2000, 3, 1), 11017); /* 30*365+7 + 31+29 */
    assert_int_equal(t0_days_from_civil(1969, 12, 31), -1);
    for (int64_t d = -800000; d < 3000000; d += 97) {
        int y, m, day;
        t0_civil_from_days(d, &y, &m, &day);
        assert_int_equal(t0_days_from_civil(y, m, day), d);
    }
    int y, m, d;
    t0_civil_from_days(20738, &y, &m, &d);
    assert_int_equal(y, 2026);
    assert_int_equal(m, 10);
    assert_int_equal(d, 12);
}

/* ---- months ---- */

static void test_parse_month_cases(void **state)
{
    (void)state;
    struct t0_month m;
    assert_true(t0_parse_month("2026-10", &m));
    assert_int_equal(m.year, 2026);
    assert_int_equal(m.month, 10);
    assert_false(t0_parse_month("2026-13", &m));
    assert_false(t0_parse_month("2026-00", &m));
    assert_false(t0_parse_month("2026-1", &m));
    assert_false(t0_parse_month("2026-10-01", &m));
    assert_false(t0_parse_month("0000-01", &m));
    assert_false(t0_parse_month("2026/10", &m));
    assert_false(t0_parse_month("", &m));
}

static void test_month_add_and_diff(void **state)
{
    (void)state;
    struct t0_month m = {2026, 10};
    struct t0_month r = t0_month_add(m, 3);
    assert_int_equal(r.year, 2027);
    assert_int_equal(r.month, 1);
    r = t0_month_add(m, -10);
    assert_int_equal(r.year, 2025);
    assert_int_equal(r.month, 12);
    r = t0_month_add(m, -22);
    assert_int_equal(r.year, 2024);
    assert_int_equal(r.month, 12);
    r = t0_month_add(m, 0);
    assert_int_equal(r.year, 2026);
    assert_int_equal(r.month, 10);
    assert_int_equal(t0_month_diff(m, (struct t0_month){2027, 1}), 3);
    assert_int_equal(t0_month_diff(m, (struct t0_month){2025, 11}), -11);
}

/* ---- zones ---- */

static struct t0_zone *zone(const char *name)
{
    struct t0_error err;
    t0_error_clear(&err);
    struct t0_zone *z = t0_zone_new(name, &err);
    if (!z)
        fail_msg("zone %s: %s", name, err.text);
    return z;
}

static int64_t month_minutes(const struct t0_zone *z, int year, int month)
{
    struct t0_month m = {year, month};
    return (t0_zone_month_start(z, t0_month_add(m, 1)) - t0_zone_month_start(z, m)) /
           T0_MS_PER_MINUTE;
}

static void test_zone_new_unknown(void **state)
{
    (void)state;
    struct t0_error err;
    t0_error_clear(&err);
    assert_null(t0_zone_new("Mars/Base", &err));
    assert_string_equal(err.text, "unknown time zone 'Mars/Base'");
    t0_error_clear(&err);
    assert_null(t0_zone_new("", &err));
    assert_null(t0_zone_new("../../etc/passwd", NULL));
    assert_null(t0_zone_new("/etc/localtime", NULL));
    t0_zone_free(NULL);
}

static void test_zone_utc(void **state)
{
    (void)state;
    struct t0_zone *utc = zone("UTC");
    struct t0_zone *z = zone("Z");
    assert_string_equal(t0_zone_name(utc), "UTC");
    assert_string_equal(t0_zone_name(z), "Z");
    assert_int_equal(t0_zone_offset(utc, OCT12), 0);
    /* 31 days of 1440 minutes. */
    assert_int_equal(month_minutes(utc, 2026, 3), 44640);
    assert_int_equal(month_minutes(z, 2026, 2), 40320); /* 28 * 1440 */
    struct t0_civil c;
    t0_zone_civil(utc, OCT12, &c);
    assert_int_equal(c.year, 2026);
    assert_int_equal(c.hour, 4);
    assert_int_equal(c.millisecond, 250);
    assert_int_equal(c.weekday, 0); /* (20738 + 3) % 7 = 0: a Monday */
    /* -1 ms is 1969-12-31 23:59:59.999, a Wednesday: (-1 + 3) mod 7 = 2. */
    t0_zone_civil(utc, -1, &c);
    assert_int_equal(c.year, 1969);
    assert_int_equal(c.day, 31);
    assert_int_equal(c.second, 59);
    assert_int_equal(c.millisecond, 999);
    assert_int_equal(c.weekday, 2);
    struct t0_month m = t0_zone_month_of(utc, -1);
    assert_int_equal(m.year, 1969);
    assert_int_equal(m.month, 12);
    m = t0_zone_month_of(utc, JAN1_2026);
    assert_int_equal(m.year, 2026);
    assert_int_equal(m.month, 1);
    m = t0_zone_month_of(utc, JAN1_2026 - 1);
    assert_int_equal(m.year, 2025);
    assert_int_equal(m.month, 12);
    t0_zone_free(utc);
    t0_zone_free(z);
}

static void test_zone_berlin_dst_months(void **state)
{
    (void)state;
    struct t0_zone *z = zone("Europe/Berlin");
    /* March loses an hour, October gains one: 31 * 1440 -/+ 60. */
    assert_int_equal(month_minutes(z, 2026, 3), 44580);
    assert_int_equal(month_minutes(z, 2026, 10), 44700);
    assert_int_equal(month_minutes(z, 2026, 7), 44640);
    /* 2026-03-01 00:00 CET (+01:00) is 2026-02-28T23:00Z: 2026-03-01 is day
     * 20454 + 59 = 20513; minus one hour. */
    t0_ms march = t0_zone_month_start(z, (struct t0_month){2026, 3});
    assert_int_equal(march, INT64_C(20513) * T0_MS_PER_DAY - T0_MS_PER_HOUR);
    struct t0_month m = t0_zone_month_of(z, march);
    assert_int_equal(m.month, 3);
    m = t0_zone_month_of(z, march - 1);
    assert_int_equal(m.month, 2);
    assert_int_equal(t0_zone_offset(z, OCT12), 7200);
    assert_int_equal(t0_zone_offset(z, JAN1_2026), 3600);
    t0_zone_free(z);
}

static void test_zone_new_york_dst_months(void **state)
{
    (void)state;
    struct t0_zone *z = zone("America/New_York");
    /* November gains the hour back: 30 * 1440 + 60. */
    assert_int_equal(month_minutes(z, 2026, 11), 43260);
    assert_int_equal(month_minutes(z, 2026, 3), 44580);
    /* 2026-11-01 00:00 EDT (-04:00) is 04:00Z; 2026-11-01 is day
     * 20454 + 304 = 20758 (Jan..Oct = 273 + 31). */
    t0_ms nov = t0_zone_month_start(z, (struct t0_month){2026, 11});
    assert_int_equal(nov, INT64_C(20758) * T0_MS_PER_DAY + 4 * T0_MS_PER_HOUR);
    t0_zone_free(z);
}

static void test_zone_day_start_midnight_gap(void **state)
{
    (void)state;
    /* tzdata: Havana springs forward at local midnight, 2026-03-08 00:00 CST
     * becomes 01:00 CDT at 05:00Z; the day starts at the transition.
     * 2026-03-08 is day 20454 + 59 + 7 = 20520. */
    struct t0_zone *z = zone("America/Havana");
    t0_ms start = t0_zone_day_start(z, 2026, 3, 8);
    assert_int_equal(start, INT64_C(20520) * T0_MS_PER_DAY + 5 * T0_MS_PER_HOUR);
    struct t0_civil c;
    t0_zone_civil(z, start, &c);
    assert_int_equal(c.day, 8);
    assert_int_equal(c.hour, 1);
    assert_int_equal(c.offset_seconds, -14400);
    t0_zone_civil(z, start - 1, &c);
    assert_int_equal(c.day, 7);
    assert_int_equal(c.hour, 23);
    /* The day before is a normal 24 h one starting at 05:00Z (CST). */
    assert_int_equal(t0_zone_day_start(z, 2026, 3, 7),
                     INT64_C(20519) * T0_MS_PER_DAY + 5 * T0_MS_PER_HOUR);
    t0_zone_free(z);

    /* Santiago: 2026-09-06 00:00 -04 becomes 01:00 -03 at 04:00Z.
     * 2026-09-06 is day 20454 + 243 + 5 = 20702 (Jan..Aug = 243). */
    z = zone("America/Santiago");
    assert_int_equal(t0_zone_day_start(z, 2026, 9, 6),
                     INT64_C(20702) * T0_MS_PER_DAY + 4 * T0_MS_PER_HOUR);
    /* The next day starts at 00:00 -03 = 03:00Z: a 23 h day. */
    assert_int_equal(t0_zone_day_start(z, 2026, 9, 7) - t0_zone_day_start(z, 2026, 9, 6),
                     23 * T0_MS_PER_HOUR);
    /* Fall back at 2026-04-05 00:00 -03 to 04-04 23:00 -04 at 03:00Z: the
     * hour before midnight repeats, so 2026-04-04 lasts 25 h and 04-05
     * starts at 00:00 -04 = 04:00Z (2026-04-05 is day 20454 + 90 + 4). */
    assert_int_equal(t0_zone_day_start(z, 2026, 4, 5),
                     INT64_C(20548) * T0_MS_PER_DAY + 4 * T0_MS_PER_HOUR);
    assert_int_equal(t0_zone_day_start(z, 2026, 4, 5) - t0_zone_day_start(z, 2026, 4, 4),
                     25 * T0_MS_PER_HOUR);
    t0_zone_free(z);
}

static void test_zone_day_start_ambiguous_midnight(void **state)
{
    (void)state;
    /* tzdata: Havana falls back at 2026-11-01 01:00 CDT to 00:00 CST (05:00Z),
     * so midnight happens at 04:00Z (CDT) and at 05:00Z (CST); the earlier
     * starts the day and the month. 2026-11-01 is day 20758. */
    struct t0_zone *z = zone("America/Havana");
    t0_ms first = INT64_C(20758) * T0_MS_PER_DAY + 4 * T0_MS_PER_HOUR;
    assert_int_equal(t0_zone_day_start(z, 2026, 11, 1), first);
    assert_int_equal(t0_zone_month_start(z, (struct t0_month){2026, 11}), first);
    /* October: from 00:00 CDT on the 1st to 00:00 CDT on Nov 1: 31 days. */
    assert_int_equal(month_minutes(z, 2026, 10), 44640);
    /* November: to 2026-12-01 00:00 CST = 05:00Z: 30 days and an hour. */
    assert_int_equal(month_minutes(z, 2026, 11), 43260);

    /* month_of at the exact boundaries and at the second midnight. */
    struct t0_month m = t0_zone_month_of(z, first - 1);
    assert_int_equal(m.year, 2026);
    assert_int_equal(m.month, 10);
    m = t0_zone_month_of(z, first);
    assert_int_equal(m.month, 11);
    m = t0_zone_month_of(z, first + T0_MS_PER_HOUR);
    assert_int_equal(m.month, 11);
    struct t0_civil c;
    t0_zone_civil(z, first + T0_MS_PER_HOUR, &c);
    assert_int_equal(c.day, 1);
    assert_int_equal(c.hour, 0);
    assert_int_equal(c.offset_seconds, -18000);
    t0_zone_free(z);
}

static void test_zone_month_of_boundaries(void **state)
{
    (void)state;
    struct t0_zone *z = zone("Europe/Berlin");
    for (int i = 0; i < 24; i++) {
        struct t0_month m = t0_month_add((struct t0_month){2025, 1}, i);
        t0_ms start = t0_zone_month_start(z, m);
        struct t0_month got = t0_zone_month_of(z, start);
        assert_int_equal(t0_month_diff(m, got), 0);
        got = t0_zone_month_of(z, start - 1);
        assert_int_equal(t0_month_diff(m, got), -1);
    }
    t0_zone_free(z);
}

static void test_zone_civil_berlin(void **state)
{
    (void)state;
    struct t0_zone *z = zone("Europe/Berlin");
    struct t0_civil c;
    t0_zone_civil(z, OCT12, &c);
    assert_int_equal(c.year, 2026);
    assert_int_equal(c.month, 10);
    assert_int_equal(c.day, 12);
    assert_int_equal(c.hour, 6); /* 04:31Z + 2 h (CEST) */
    assert_int_equal(c.minute, 31);
    assert_int_equal(c.second, 7);
    assert_int_equal(c.millisecond, 250);
    assert_int_equal(c.weekday, 0);
    assert_int_equal(c.offset_seconds, 7200);
    /* Saturday 2026-10-31 23:30Z is Sunday 00:30 CET (+01:00 since 01:00Z
     * on Oct 25): weekday 6. 2026-10-31 is day 20454 + 273 + 30 = 20757. */
    t0_zone_civil(z, INT64_C(20757) * T0_MS_PER_DAY + 23 * T0_MS_PER_HOUR + 30 * 60000,
                  &c);
    assert_int_equal(c.month, 11);
    assert_int_equal(c.day, 1);
    assert_int_equal(c.hour, 0);
    assert_int_equal(c.weekday, 6);
    assert_int_equal(c.offset_seconds, 3600);
    /* Far outside the cached table: GLib's rule still applies (summer). */
    t0_ms y2300 = t0_days_from_civil(2300, 7, 1) * T0_MS_PER_DAY;
    assert_int_equal(t0_zone_offset(z, y2300), 7200);
    t0_zone_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_rfc3339_basic),
        cmocka_unit_test(test_parse_rfc3339_offsets),
        cmocka_unit_test(test_parse_rfc3339_fraction_truncated),
        cmocka_unit_test(test_parse_rfc3339_pre_1970),
        cmocka_unit_test(test_parse_rfc3339_leap_years),
        cmocka_unit_test(test_parse_rfc3339_rejects_missing_offset),
        cmocka_unit_test(test_parse_rfc3339_rejects_space_separator),
        cmocka_unit_test(test_parse_rfc3339_rejects_missing_seconds),
        cmocka_unit_test(test_parse_rfc3339_rejects_leap_second),
        cmocka_unit_test(test_parse_rfc3339_rejects_hour_24),
        cmocka_unit_test(test_parse_rfc3339_rejects_offset_hours),
        cmocka_unit_test(test_parse_rfc3339_rejects_offset_minutes),
        cmocka_unit_test(test_parse_rfc3339_rejects_day_zero),
        cmocka_unit_test(test_parse_rfc3339_rejects_year_zero),
        cmocka_unit_test(test_parse_rfc3339_rejects_non_ascii_digits),
        cmocka_unit_test(test_parse_rfc3339_rejects_bad_fraction),
        cmocka_unit_test(test_parse_rfc3339_rejects_trailing_text),
        cmocka_unit_test(test_parse_rfc3339_reads_only_len),
        cmocka_unit_test(test_parse_date_cases),
        cmocka_unit_test(test_days_from_civil_round_trip),
        cmocka_unit_test(test_parse_month_cases),
        cmocka_unit_test(test_month_add_and_diff),
        cmocka_unit_test(test_zone_new_unknown),
        cmocka_unit_test(test_zone_utc),
        cmocka_unit_test(test_zone_berlin_dst_months),
        cmocka_unit_test(test_zone_new_york_dst_months),
        cmocka_unit_test(test_zone_day_start_midnight_gap),
        cmocka_unit_test(test_zone_day_start_ambiguous_midnight),
        cmocka_unit_test(test_zone_month_of_boundaries),
        cmocka_unit_test(test_zone_civil_berlin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
