/* time.h: instants in milliseconds, RFC 3339, and calendar months in an IANA zone. */
#ifndef TIERZERO_TIME_H
#define TIERZERO_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"

/* An instant: milliseconds since 1970-01-01T00:00:00Z. */
typedef int64_t t0_ms;

/* "No time": an absent optional instant. Compare with ==. */
#define T0_NO_TIME INT64_MIN

#define T0_MS_PER_MINUTE INT64_C(60000)
#define T0_MS_PER_HOUR INT64_C(3600000)
#define T0_MS_PER_DAY INT64_C(86400000)

/*
 * Parses an RFC 3339 instant as definitions.md rules 3.1.1 and 3.1.14 define it:
 * YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm), 'T'/'t' and 'Z'/'z', ASCII
 * digits only, year 0001..9999, real calendar dates (leap years), hour
 * 0..23, minute 0..59, second 0..59 (no leap second), offset hours 0..23 and
 * minutes 0..59; fractional seconds truncated to the millisecond.
 * text need not be NUL-terminated: len bytes are read, all must be used.
 * Returns true and sets *out, or false and sets *reason (borrowed English
 * text such as "missing UTC offset" or "day 30 is past the end of 2026-02",
 * valid until the next t0_parse_* call on the same thread) when reason is
 * not NULL.
 */
bool t0_parse_rfc3339(const char *text, size_t len, t0_ms *out, const char **reason);

/* Parses a calendar date YYYY-MM-DD (for action item "due"). Returns the
 * day number (days since 1970-01-01) in *days. Same reason rules. */
bool t0_parse_date(const char *text, size_t len, int64_t *days, const char **reason);

/* Civil (proleptic Gregorian) date arithmetic, UTC. */
int64_t t0_days_from_civil(int year, int month, int day);
void t0_civil_from_days(int64_t days, int *year, int *month, int *day);

/* A broken-down local time. weekday: 0 = Monday ... 6 = Sunday. */
struct t0_civil {
    int year, month, day; /* month 1..12 */
    int hour, minute, second;
    int millisecond;
    int weekday;
    int offset_seconds; /* local = UTC + offset */
};

/* A month as the user names it: year and 1..12. */
struct t0_month {
    int year;
    int month;
};

/* Parses "YYYY-MM". Returns false on anything else. */
bool t0_parse_month(const char *text, struct t0_month *out);
/* m plus delta months (delta may be negative). */
struct t0_month t0_month_add(struct t0_month m, int delta);
/* Months from a to b (b - a). */
int t0_month_diff(struct t0_month a, struct t0_month b);

/*
 * A time zone, opaque. UTC and every IANA name the system's tz database
 * knows ("Europe/Berlin"). Thread-compatible, immutable once made.
 */
struct t0_zone;

/* new: NULL and err filled ("unknown time zone 'Mars/Base'") when the name
 * is not a zone. "UTC" and "Z" always work. */
struct t0_zone *t0_zone_new(const char *name, struct t0_error *err);
void t0_zone_free(struct t0_zone *zone);
/* borrowed: the name the zone was made with. */
const char *t0_zone_name(const struct t0_zone *zone);

/* UTC offset in effect at instant t, in seconds (local = UTC + offset). */
int t0_zone_offset(const struct t0_zone *zone, t0_ms t);

/* The local wall clock at instant t. */
void t0_zone_civil(const struct t0_zone *zone, t0_ms t, struct t0_civil *out);

/*
 * The instant a local calendar day starts: local midnight of y-m-d. When that
 * midnight happens twice, the earlier; when it does not exist (DST gap), the
 * transition instant (definitions.md rule 3.1.8 and 3.1.14).
 */
t0_ms t0_zone_day_start(const struct t0_zone *zone, int year, int month, int day);

/*
 * The instant a local wall-clock time of day y-m-d happens (minute_of_day
 * 0..1439): the earlier when it happens twice, the transition when it does
 * not happen (DST gap), as for midnight above (maintenance, definitions.md rule 11.8).
 */
t0_ms t0_zone_local_instant(const struct t0_zone *zone, int year, int month, int day,
                            int minute_of_day);

/* The instant the month starts (local midnight on the 1st, as above). */
t0_ms t0_zone_month_start(const struct t0_zone *zone, struct t0_month m);

/* The month whose [start, next start) holds t. */
struct t0_month t0_zone_month_of(const struct t0_zone *zone, t0_ms t);

#endif
