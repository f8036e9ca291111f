/* time.c: RFC 3339 instants, civil dates, and calendar months in a time zone. */
#include "tierzero/time.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- integer helpers ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

/* ---- civil dates (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms") ---- */

int64_t t0_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = month > 2 ? month - 3 : month + 9;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void t0_civil_from_days(int64_t days, int *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year))
        return 29;
    return days[month - 1];
}

/* ---- parsing ---- */

/* Reasons that carry a value are formatted here; one per thread, so a reason
 * stays valid until the next parse on the same thread. */
static _Thread_local char reason_buf[96];

struct scan {
    const char *text;
    size_t len;
    size_t pos;
    const char *reason;
};

static bool fail(struct scan *s, const char *reason)
{
    s->reason = reason;
    return false;
}

__attribute__((format(printf, 2, 3))) static bool failf(struct scan *s, const char *fmt,
                                                        ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason_buf, sizeof reason_buf, fmt, ap);
    va_end(ap);
    s->reason = reason_buf;
    return false;
}

static bool at_end(const struct scan *s)
{
    return s->pos >= s->len;
}

static int peek(const struct scan *s)
{
    return at_end(s) ? -1 : (unsigned char)s->text[s->pos];
}

/* Reads exactly n ASCII digits; what names the field in the reason. */
static bool scan_digits(struct scan *s, int n, const char *what, int *out)
{
    int value = 0;
    for (int i = 0; i < n; i++) {
        int c = peek(s);
        if (c < 0) {
            if (i == 0)
                return failf(s, "missing %s", what);
            return failf(s, "expected %d digits in the %s", n, what);
        }
        if (c >= 0x80)
            return failf(s, "non-ASCII character in the %s (ASCII digits only)", what);
        if (c < '0' || c > '9')
            return failf(s, "expected %d digits in the %s", n, what);
        value = value * 10 + (c - '0');
        s->pos++;
    }
    *out = value;
    return true;
}

static bool scan_char(struct scan *s, char want, const char *reason)
{
    if (peek(s) != (unsigned char)want)
        return fail(s, reason);
    s->pos++;
    return true;
}

static bool scan_date(struct scan *s, int *year, int *month, int *day)
{
    if (!scan_digits(s, 4, "year", year))
        return false;
    if (*year < 1)
        return failf(s, "year %04d out of range (0001 to 9999)", *year);
    if (!scan_char(s, '-', "expected '-' after the year"))
        return false;
    if (!scan_digits(s, 2, "month", month))
        return false;
    if (*month < 1 || *month > 12)
        return failf(s, "month %d out of range", *month);
    if (!scan_char(s, '-', "expected '-' after the month"))
        return false;
    if (!scan_digits(s, 2, "day", day))
        return false;
    if (*day < 1)
        return failf(s, "day %d out of range", *day);
    if (*day > days_in_month(*year, *month))
        return failf(s, "day %d is past the end of %04d-%02d", *day, *year, *month);
    return true;
}

static bool scan_date_time_separator(struct scan *s)
{
    int c = peek(s);
    if (c == 'T' || c == 't') {
        s->pos++;
        return true;
    }
    if (c < 0)
        return fail(s, "missing time of day");
    if (c == ' ')
        return fail(s, "a space instead of 'T' between date and time");
    return fail(s, "expected 'T' between date and time");
}

static bool scan_clock(struct scan *s, int *hour, int *minute, int *second)
{
    if (!scan_digits(s, 2, "hour", hour))
        return false;
    if (*hour > 23)
        return failf(s, "hour %d out of range", *hour);
    if (!scan_char(s, ':', "expected ':' after the hour"))
        return false;
    if (!scan_digits(s, 2, "minute", minute))
        return false;
    if (*minute > 59)
        return failf(s, "minute %d out of range", *minute);
    if (peek(s) != ':')
        return fail(s, "missing seconds");
    s->pos++;
    if (!scan_digits(s, 2, "second", second))
        return false;
    if (*second == 60)
        return fail(s, "leap second 60 is not accepted");
    if (*second > 59)
        return failf(s, "second %d out of range", *second);
    return true;
}

/* ".frac": one or more digits, truncated to the millisecond. */
static bool scan_fraction(struct scan *s, int *millis)
{
    *millis = 0;
    if (peek(s) != '.')
        return true;
    s->pos++;
    int n = 0;
    for (;;) {
        int c = peek(s);
        if (c >= 0x80)
            return fail(s, "non-ASCII character in the fractional seconds (ASCII digits "
                           "only)");
        if (c < '0' || c > '9')
            break;
        if (n < 3)
            *millis = *millis * 10 + (c - '0');
        n++;
        s->pos++;
    }
    if (n == 0)
        return fail(s, "expected digits after the decimal point");
    for (int i = n; i < 3; i++)
        *millis *= 10;
    return true;
}

static bool scan_offset(struct scan *s, int *offset_seconds)
{
    int c = peek(s);
    if (c < 0)
        return fail(s, "missing UTC offset");
    if (c == 'Z' || c == 'z') {
        s->pos++;
        *offset_seconds = 0;
        return true;
    }
    if (c != '+' && c != '-')
        return fail(s, "expected 'Z' or a UTC offset such as +02:00");
    s->pos++;
    int hours, minutes;
    if (!scan_digits(s, 2, "offset hour", &hours))
        return false;
    if (hours > 23)
        return failf(s, "offset hour %d out of range", hours);
    if (!scan_char(s, ':', "expected ':' in the UTC offset"))
        return false;
    if (!scan_digits(s, 2, "offset minute", &minutes))
        return false;
    if (minutes > 59)
        return failf(s, "offset minute %d out of range", minutes);
    *offset_seconds = (c == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    return true;
}

static bool scan_finish(struct scan *s)
{
    if (!at_end(s))
        return fail(s, "unexpected text after the time");
    return true;
}

static bool parse_rfc3339(struct scan *s, t0_ms *out)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    int offset = 0;
    if (s->len == 0)
        return fail(s, "empty time");
    if (!scan_date(s, &year, &month, &day) || !scan_date_time_separator(s) ||
        !scan_clock(s, &hour, &minute, &second) || !scan_fraction(s, &millis) ||
        !scan_offset(s, &offset) || !scan_finish(s))
        return false;
    int64_t local_s =
        t0_days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    *out = (local_s - offset) * 1000 + millis;
    return true;
}

bool t0_parse_rfc3339(const char *text, size_t len, t0_ms *out, const char **reason)
{
    struct scan s = {text, text ? len : 0, 0, NULL};
    t0_ms value = 0;
    bool ok = parse_rfc3339(&s, &value);
    if (ok && out)
        *out = value;
    if (!ok && reason)
        *reason = s.reason;
    return ok;
}

bool t0_parse_date(const char *text, size_t len, int64_t *days, const char **reason)
{
    struct scan s = {text, text ? len : 0, 0, NULL};
    int year = 0, month = 0, day = 0;
    bool ok;
    if (s.len == 0)
        ok = fail(&s, "empty date");
    else
        ok = scan_date(&s, &year, &month, &day) &&
             (at_end(&s) || fail(&s, "unexpected text after the date"));
    if (ok && days)
        *days = t0_days_from_civil(year, month, day);
    if (!ok && reason)
        *reason = s.reason;
    return ok;
}

/* ---- broken-down time ---- */

struct broken {
    int year, month, day, hour, minute, second, millisecond;
    int64_t days;
};

static void break_down(t0_ms t, struct broken *b)
{
    b->days = floor_div(t, T0_MS_PER_DAY);
    int64_t rest = t - b->days * T0_MS_PER_DAY;
    t0_civil_from_days(b->days, &b->year, &b->month, &b->day);
    b->hour = (int)(rest / T0_MS_PER_HOUR);
    b->minute = (int)(rest / T0_MS_PER_MINUTE % 60);
    b->second = (int)(rest / 1000 % 60);
    b->millisecond = (int)(rest % 1000);
}

/* ---- months ---- */

bool t0_parse_month(const char *text, struct t0_month *out)
{
    if (!text || strlen(text) != 7 || text[4] != '-')
        return false;
    int year = 0, month = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (text[i] < '0' || text[i] > '9')
            return false;
        if (i < 4)
            year = year * 10 + (text[i] - '0');
        else
            month = month * 10 + (text[i] - '0');
    }
    if (year < 1 || month < 1 || month > 12)
        return false;
    if (out) {
        out->year = year;
        out->month = month;
    }
    return true;
}

struct t0_month t0_month_add(struct t0_month m, int delta)
{
    int64_t index = (int64_t)m.year * 12 + (m.month - 1) + delta;
    struct t0_month r = {(int)floor_div(index, 12), (int)floor_mod(index, 12) + 1};
    return r;
}

int t0_month_diff(struct t0_month a, struct t0_month b)
{
    return (b.year - a.year) * 12 + (b.month - a.month);
}

/* ---- zones ---- */

/*
 * GLib's own lookup walks every interval up to year 9999 (thousands of them
 * for a zone with DST), so a zone keeps its transitions from TABLE_FROM to
 * TABLE_TO in a sorted table and asks GLib only outside that range.
 */
#define TABLE_FROM_S INT64_C(-3786825600) /* 1850-01-01T00:00:00Z */
#define TABLE_TO_S INT64_C(7258118400)    /* 2200-01-01T00:00:00Z */

struct t0_zone {
    char *name;
    GTimeZone *tz; /* NULL for UTC */
    /* Interval i holds [starts_ms[i], starts_ms[i + 1]) with offsets[i];
     * starts_ms[0] is TABLE_FROM and the last interval ends at TABLE_TO. */
    int64_t *starts_ms;
    int32_t *offsets;
    size_t n;
};

static int glib_offset(GTimeZone *tz, int64_t seconds)
{
    int interval = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, seconds);
    return interval < 0 ? 0 : g_time_zone_get_offset(tz, interval);
}

/* The first second in (lo, hi] whose GLib interval differs from lo's, or hi + 1. */
static int64_t next_transition(GTimeZone *tz, int64_t lo, int64_t hi)
{
    int at_lo = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, lo);
    if (g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, hi) == at_lo)
        return hi + 1;
    /* Invariant: interval(lo) == at_lo, interval(hi) != at_lo. */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, mid) == at_lo)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

static bool build_table(struct t0_zone *zone)
{
    size_t cap = 64;
    zone->starts_ms = malloc(cap * sizeof *zone->starts_ms);
    zone->offsets = malloc(cap * sizeof *zone->offsets);
    if (!zone->starts_ms || !zone->offsets)
        return false;
    int64_t at = TABLE_FROM_S;
    while (at < TABLE_TO_S) {
        int offset = glib_offset(zone->tz, at);
        if (zone->n > 0 && zone->offsets[zone->n - 1] == offset) {
            /* A change of name or DST flag only: same wall clock. */
        } else {
            if (zone->n == cap) {
                cap *= 2;
                int64_t *starts = realloc(zone->starts_ms, cap * sizeof *starts);
                if (!starts)
                    return false;
                zone->starts_ms = starts;
                int32_t *offsets = realloc(zone->offsets, cap * sizeof *offsets);
                if (!offsets)
                    return false;
                zone->offsets = offsets;
            }
            zone->starts_ms[zone->n] = at * 1000;
            zone->offsets[zone->n] = offset;
            zone->n++;
        }
        at = next_transition(zone->tz, at, TABLE_TO_S - 1);
    }
    return true;
}

/* Names GLib would read as a path or from the environment are refused. */
static bool zone_name_is_plausible(const char *name)
{
    if (!name[0] || name[0] == '/' || name[0] == ':' || strstr(name, ".."))
        return false;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!g_ascii_isalnum(c) && !strchr("/_-+:", c))
            return false;
    }
    return true;
}

struct t0_zone *t0_zone_new(const char *name, struct t0_error *err)
{
    struct t0_zone *zone = NULL;
    if (!name) {
        t0_error_set(err, T0_EUSAGE, NULL, NULL, "missing time zone name");
        return NULL;
    }
    zone = calloc(1, sizeof *zone);
    if (!zone)
        goto nomem;
    zone->name = strdup(name);
    if (!zone->name)
        goto nomem;
    if (strcmp(name, "UTC") == 0 || strcmp(name, "Z") == 0)
        return zone;
    if (zone_name_is_plausible(name))
        zone->tz = g_time_zone_new_identifier(name);
    if (!zone->tz) {
        t0_error_set(err, T0_EUSAGE, NULL, NULL, "unknown time zone '%s'", name);
        t0_zone_free(zone);
        return NULL;
    }
    if (!build_table(zone))
        goto nomem;
    return zone;
nomem:
    t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
    t0_zone_free(zone);
    return NULL;
}

void t0_zone_free(struct t0_zone *zone)
{
    if (!zone)
        return;
    if (zone->tz)
        g_time_zone_unref(zone->tz);
    free(zone->starts_ms);
    free(zone->offsets);
    free(zone->name);
    free(zone);
}

const char *t0_zone_name(const struct t0_zone *zone)
{
    return zone->name;
}

int t0_zone_offset(const struct t0_zone *zone, t0_ms t)
{
    if (!zone->tz)
        return 0;
    if (zone->n == 0 || t < zone->starts_ms[0] || t >= TABLE_TO_S * 1000)
        return glib_offset(zone->tz, floor_div(t, 1000));
    /* The last interval whose start is at or before t. */
    size_t lo = 0, hi = zone->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (zone->starts_ms[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return zone->offsets[lo];
}

void t0_zone_civil(const struct t0_zone *zone, t0_ms t, struct t0_civil *out)
{
    int offset = t0_zone_offset(zone, t);
    struct broken b;
    break_down(t + (t0_ms)offset * 1000, &b);
    out->year = b.year;
    out->month = b.month;
    out->day = b.day;
    out->hour = b.hour;
    out->minute = b.minute;
    out->second = b.second;
    out->millisecond = b.millisecond;
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    out->weekday = (int)floor_mod(b.days + 3, 7);
    out->offset_seconds = offset;
}

/*
 * A wall-clock reading local_ms (in ms) as an instant: the
 * earliest instant whose wall clock reads local_ms; in a gap, the first
 * instant after it (the transition).
 */
static t0_ms local_to_instant(const struct t0_zone *zone, t0_ms local_ms)
{
    if (!zone->tz)
        return local_ms;
    /* Offsets are below a day, so the offsets around the wall clock reading
     * are those in force a day before and after it. */
    int candidates[3] = {
        t0_zone_offset(zone, local_ms - 2 * T0_MS_PER_DAY),
        t0_zone_offset(zone, local_ms),
        t0_zone_offset(zone, local_ms + 2 * T0_MS_PER_DAY),
    };
    t0_ms best = T0_NO_TIME;
    int low = candidates[0], high = candidates[0];
    for (int i = 0; i < 3; i++) {
        t0_ms u = local_ms - (t0_ms)candidates[i] * 1000;
        if (t0_zone_offset(zone, u) == candidates[i] && (best == T0_NO_TIME || u < best))
            best = u;
        if (candidates[i] < low)
            low = candidates[i];
        if (candidates[i] > high)
            high = candidates[i];
    }
    if (best != T0_NO_TIME)
        return best;
    /* A gap: the wall clock jumps over local_ms. Find, to the second, the
     * first instant whose wall clock reads local_ms or later. */
    int64_t lo = floor_div(local_ms, 1000) - high - 1; /* wall clock before */
    int64_t hi = floor_div(local_ms, 1000) - low;      /* wall clock after */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (mid * 1000 + (t0_ms)t0_zone_offset(zone, mid * 1000) * 1000 >= local_ms)
            hi = mid;
        else
            lo = mid;
    }
    return hi * 1000;
}

t0_ms t0_zone_day_start(const struct t0_zone *zone, int year, int month, int day)
{
    return local_to_instant(zone, t0_days_from_civil(year, month, day) * T0_MS_PER_DAY);
}

t0_ms t0_zone_local_instant(const struct t0_zone *zone, int year, int month, int day,
                            int minute_of_day)
{
    return local_to_instant(zone, t0_days_from_civil(year, month, day) * T0_MS_PER_DAY +
                                      (t0_ms)minute_of_day * T0_MS_PER_MINUTE);
}

t0_ms t0_zone_month_start(const struct t0_zone *zone, struct t0_month m)
{
    return t0_zone_day_start(zone, m.year, m.month, 1);
}

struct t0_month t0_zone_month_of(const struct t0_zone *zone, t0_ms t)
{
    int offset = t0_zone_offset(zone, t);
    int year, month, day;
    t0_civil_from_days(floor_div(t + (t0_ms)offset * 1000, T0_MS_PER_DAY), &year, &month,
                       &day);
    struct t0_month m = {year, month};
    /* Around a transition at midnight the wall clock's month and the month
     * whose [start, next start) holds t can differ by one; offsets change by
     * less than a day, so only the first and last days need a look. */
    if (!zone->tz || (day > 2 && day < days_in_month(year, month) - 1))
        return m;
    if (t < t0_zone_month_start(zone, m))
        return t0_month_add(m, -1);
    struct t0_month next = t0_month_add(m, 1);
    if (t >= t0_zone_month_start(zone, next))
        return next;
    return m;
}
