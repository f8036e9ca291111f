/* format.c: every figure as people and machines read it (format.h). */
#include "tierzero/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- instants, months, days ---- */

static const char *const MONTH_ABBR[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const MONTH_NAME[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const WEEKDAY_ABBR[7] = {"Mon", "Tue", "Wed", "Thu",
                                            "Fri", "Sat", "Sun"};
static const char *const WEEKDAY_NAME[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};

const char *t0_format_month_abbr(int month)
{
    return month >= 1 && month <= 12 ? MONTH_ABBR[month - 1] : "?";
}

const char *t0_format_month_name(int month)
{
    return month >= 1 && month <= 12 ? MONTH_NAME[month - 1] : "?";
}

const char *t0_format_weekday_abbr(int weekday)
{
    return weekday >= 0 && weekday <= 6 ? WEEKDAY_ABBR[weekday] : "?";
}

const char *t0_format_weekday_name(int weekday)
{
    return weekday >= 0 && weekday <= 6 ? WEEKDAY_NAME[weekday] : "?";
}

/* The day of t (days since 1970-01-01, rounded down) and the milliseconds into it. */
static int64_t utc_day(t0_ms t, int64_t *rest)
{
    int64_t days = t / T0_MS_PER_DAY;
    if (t % T0_MS_PER_DAY < 0)
        days--;
    *rest = t - days * T0_MS_PER_DAY;
    return days;
}

char *t0_format_utc(t0_ms t, char *buf)
{
    int64_t rest;
    int y, m, d;
    t0_civil_from_days(utc_day(t, &rest), &y, &m, &d);
    /* Formatted wide, then copied: the compiler cannot see that the fields
     * are in range, and an out-of-range year must not overflow buf. */
    char wide[96];
    int n = snprintf(wide, sizeof wide, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
                     (int)(rest / T0_MS_PER_HOUR), (int)(rest / T0_MS_PER_MINUTE % 60),
                     (int)(rest / 1000 % 60), (int)(rest % 1000));
    if (n < 0)
        n = 0;
    if (n > T0_RFC3339_SIZE - 1)
        n = T0_RFC3339_SIZE - 1;
    memcpy(buf, wide, (size_t)n);
    buf[n] = '\0';
    return buf;
}

char *t0_format_rfc5322(t0_ms t, char *buf, size_t size)
{
    int64_t ms;
    int64_t days = utc_day(t, &ms);
    int y, m, d;
    t0_civil_from_days(days, &y, &m, &d);
    int wd = (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", WEEKDAY_ABBR[wd], d,
             t0_format_month_abbr(m), y, (int)(ms / 3600000), (int)(ms / 60000 % 60),
             (int)(ms / 1000 % 60));
    return buf;
}

static void format_offset(int offset, char *buf, size_t size)
{
    if (offset == 0) {
        snprintf(buf, size, "UTC");
        return;
    }
    int a = offset < 0 ? -offset : offset;
    char sign = offset < 0 ? '-' : '+';
    if (a % 60)
        snprintf(buf, size, "UTC%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60, a % 60);
    else
        snprintf(buf, size, "UTC%c%02d:%02d", sign, a / 3600, a / 60 % 60);
}

char *t0_format_local(const struct t0_zone *zone, t0_ms t, int style, char *buf)
{
    struct t0_civil c;
    t0_zone_civil(zone, t, &c);
    char offset[24];
    switch (style) {
    case 1:
        snprintf(buf, 64, "%d %.3s %02d:%02d", c.day, t0_format_month_abbr(c.month),
                 c.hour, c.minute);
        break;
    case 2:
        snprintf(buf, 64, "%d %s %04d", c.day, t0_format_month_name(c.month), c.year);
        break;
    case 3:
        format_offset(c.offset_seconds, offset, sizeof offset);
        snprintf(buf, 64, "%04d-%02d-%02d %02d:%02d %s", c.year, c.month, c.day, c.hour,
                 c.minute, offset);
        break;
    default:
        snprintf(buf, 64, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour,
                 c.minute);
        break;
    }
    return buf;
}

char *t0_format_day_time(const struct t0_report *rep, t0_ms t, char *buf, size_t size)
{
    char day[64], stamp[64];
    t0_format_local(rep->zone, t, 2, day);   /* "14 October 2026" */
    t0_format_local(rep->zone, t, 0, stamp); /* "2026-10-14 06:25" */
    char *year = strrchr(day, ' ');
    if (year)
        *year = '\0';
    const char *hm = strchr(stamp, ' ');
    if (hm && strcmp(hm + 1, "00:00") != 0)
        snprintf(buf, size, "%.40s %.5s", day, hm + 1);
    else
        snprintf(buf, size, "%.40s", day);
    return buf;
}

char *t0_format_month(struct t0_month m, char *buf)
{
    snprintf(buf, 8, "%04d-%02d", m.year, m.month);
    return buf;
}

char *t0_format_month_long(struct t0_month m, char *buf, size_t size)
{
    if (m.month >= 1 && m.month <= 12)
        snprintf(buf, size, "%s %d", t0_format_month_name(m.month), m.year);
    else
        snprintf(buf, size, "%04d-%02d", m.year, m.month);
    return buf;
}

char *t0_format_window(const struct t0_slo_window *w, char *buf, size_t size)
{
    if (w->kind == T0_WINDOW_MONTH)
        return t0_format_month_long(w->month, buf, size);
    snprintf(buf, size, "%s", w->label);
    return buf;
}

char *t0_format_month_short(struct t0_month m, char *buf, size_t size)
{
    snprintf(buf, size, "%s %d", t0_format_month_abbr(m.month), m.year);
    return buf;
}

char *t0_format_day_short(int day, int month, char *buf, size_t size)
{
    snprintf(buf, size, "%d %s", day, t0_format_month_abbr(month));
    return buf;
}

char *t0_format_day_long(int day, int month, char *buf, size_t size)
{
    snprintf(buf, size, "%d %s", day, t0_format_month_name(month));
    return buf;
}

char *t0_format_quarter(int year, int q, char *buf)
{
    snprintf(buf, 16, "%04d-Q%d", year, q);
    return buf;
}

/* ---- durations ---- */

char *t0_format_duration(double minutes, char *buf, size_t size)
{
    if (!isfinite(minutes)) {
        snprintf(buf, size, "n/a");
        return buf;
    }
    const char *sign = minutes < 0 ? "-" : "";
    double m = fabs(minutes);
    if (m < 1.0) {
        snprintf(buf, size, "%s%.0f s", sign, m * 60.0);
        return buf;
    }
    long long total = llround(m);
    if (total < 60) {
        snprintf(buf, size, "%s%lld min", sign, total);
    } else if (total < 24 * 60) {
        long long h = total / 60, mm = total % 60;
        if (mm)
            snprintf(buf, size, "%s%lld h %02lld min", sign, h, mm);
        else
            snprintf(buf, size, "%s%lld h", sign, h);
    } else {
        long long d = total / (24 * 60), h = (total % (24 * 60) + 30) / 60;
        if (h == 24) {
            d++;
            h = 0;
        }
        if (h)
            snprintf(buf, size, "%s%lld d %lld h", sign, d, h);
        else
            snprintf(buf, size, "%s%lld d", sign, d);
    }
    return buf;
}

char *t0_format_minutes_coarse(double minutes, char *buf, size_t size)
{
    if (minutes < 0.5) {
        snprintf(buf, size, "under 1 min");
        return buf;
    }
    long m = lround(minutes);
    if (m < 60)
        snprintf(buf, size, "%ld min", m);
    else if (m % 60 == 0)
        snprintf(buf, size, "%ld h", m / 60);
    else
        snprintf(buf, size, "%ld h %02ld min", m / 60, m % 60);
    return buf;
}

char *t0_format_lead(double lead_minutes, char *buf, size_t size)
{
    char dur[48];
    if (fabs(lead_minutes) < 0.5) {
        snprintf(buf, size, "as declared");
        return buf;
    }
    t0_format_duration(fabs(lead_minutes), dur, sizeof dur);
    snprintf(buf, size, "%s %s", dur, lead_minutes > 0 ? "before" : "after");
    return buf;
}

char *t0_format_minutes(double minutes, char *buf, size_t size)
{
    if (!isfinite(minutes))
        snprintf(buf, size, "n/a");
    else if (minutes >= 100 || minutes == 0)
        snprintf(buf, size, "%.0f", minutes);
    else
        snprintf(buf, size, "%.1f", minutes);
    return buf;
}

/* ---- numbers, percentages, ratios, p-values ---- */

char *t0_format_decimal(double v, int maxdec, char *buf, size_t size)
{
    snprintf(buf, size, "%.*f", maxdec, v);
    if (strchr(buf, '.') != NULL) {
        size_t n = strlen(buf);
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
    return buf;
}

char *t0_format_pct(struct t0_value pct, char *buf, size_t size)
{
    if (!t0_value_defined(pct)) {
        snprintf(buf, size, "n/a");
        return buf;
    }
    double v = pct.value;
    if (fabs(v) >= 10.0)
        snprintf(buf, size, "%.0f%%", v);
    else if (v == 0.0)
        snprintf(buf, size, "0%%");
    else
        snprintf(buf, size, "%.1f%%", v);
    return buf;
}

char *t0_format_attainment(struct t0_value pct, char *buf, size_t size)
{
    if (!t0_value_defined(pct)) {
        snprintf(buf, size, "n/a");
        return buf;
    }
    /* Two decimals, but never round a miss up to the objective's look:
     * 99.899 prints 99.89, not 99.90. 100 stays 100%. */
    double v = floor(pct.value * 100.0 + 1e-9) / 100.0;
    if (pct.value >= 100.0)
        snprintf(buf, size, "100%%");
    else
        snprintf(buf, size, "%.2f%%", v);
    return buf;
}

char *t0_format_objective(double objective_pct, char *buf, size_t size)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.6f", objective_pct);
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *end = tmp + strlen(tmp) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    snprintf(buf, size, "%s%%", tmp);
    return buf;
}

char *t0_format_fraction_pct(struct t0_value fraction, char *buf, size_t size)
{
    if (!t0_value_defined(fraction))
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%.0f%%", fraction.value * 100.0);
    return buf;
}

char *t0_format_share_pct(double share, char *buf, size_t size)
{
    double pct = nearbyint(share * 100.0);
    if (pct == 0 || !isfinite(pct))
        snprintf(buf, size, "%s", isfinite(pct) ? "0%" : "n/a");
    else if (pct < 0)
        snprintf(buf, size, "\xe2\x88\x92%.0f%%", -pct); /* U+2212 minus */
    else
        snprintf(buf, size, "%.0f%%", pct);
    return buf;
}

char *t0_format_share_interval(const struct t0_attributable *a, char *buf, size_t size)
{
    if (a->ci95_reason || !t0_value_defined(a->ci95[0]) ||
        !t0_value_defined(a->ci95[1])) {
        snprintf(buf, size, "n/a");
        return buf;
    }
    char lo[24], hi[24];
    t0_format_share_pct(a->ci95[0].value, lo, sizeof lo);
    t0_format_share_pct(a->ci95[1].value, hi, sizeof hi);
    if (lo[0] != '\xe2') {
        /* "14–43%": both ends at or above zero */
        lo[strlen(lo) - 1] = '\0';
        snprintf(buf, size, "%s\xe2\x80\x93%s", lo, hi);
    } else {
        snprintf(buf, size, "%s to %s", lo, hi);
    }
    return buf;
}

char *t0_format_ratio(struct t0_value ratio, char *buf, size_t size)
{
    if (!t0_value_defined(ratio))
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%.1f×", ratio.value);
    return buf;
}

char *t0_format_p(struct t0_value p, char *buf, size_t size)
{
    if (!t0_value_defined(p))
        snprintf(buf, size, "n/a");
    else if (p.value < 0.001)
        snprintf(buf, size, "< 0.001");
    else if (p.value < 0.01)
        snprintf(buf, size, "%.3f", p.value);
    else
        snprintf(buf, size, "%.2f", p.value);
    return buf;
}

char *t0_format_p_clause(struct t0_value p, char *buf, size_t size)
{
    char num[16];
    if (!t0_value_defined(p))
        snprintf(buf, size, "p not defined");
    else
        snprintf(buf, size, "p %s%s", p.value < 0.001 ? "" : "= ",
                 t0_format_p(p, num, sizeof num));
    return buf;
}

char *t0_format_events(double n, char *buf, size_t size)
{
    static const char *const prefix[] = {"", " k", " M", " G", " T", " P"};
    double a = fabs(n);
    int k = 0;
    while (a >= 999.5 && k < 5) {
        a /= 1000;
        n /= 1000;
        k++;
    }
    if (k == 0 && n == floor(n))
        snprintf(buf, size, "%.0f", n);
    else
        snprintf(buf, size, "%.3g%s", n, prefix[k]);
    return buf;
}
