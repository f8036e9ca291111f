/* config_alerts.c: an SLO's alert rules and rolling window from the configuration. */
#include "config_alerts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ROLLING_DAYS 28
/* Ten years: a longer rolling window or alert window means nothing here. */
#define MAX_ROLLING_DAYS 3660
#define MAX_WINDOW_MINUTES (INT64_C(3660) * 1440)
/* A burn rate above this exceeds any window's bad time (it is 1 / 0.000001 %). */
#define MAX_BURN_MICRO (INT64_C(100000000) * 1000000)

static enum t0_status input_error(const char *source, const char *path, const char *text,
                                  struct t0_error *err)
{
    return t0_error_set(err, T0_EINPUT, source, path, "%s", text);
}

/* "90m", "1h", "3d": digits then one unit; whole positive minutes. */
static bool parse_window(const char *s, int64_t *minutes)
{
    int64_t n = 0;
    size_t i = 0;
    for (; s[i] >= '0' && s[i] <= '9'; i++) {
        n = n * 10 + (s[i] - '0');
        if (n > MAX_WINDOW_MINUTES)
            return false;
    }
    if (i == 0 || s[i] == '\0' || s[i + 1] != '\0')
        return false;
    switch (s[i]) {
    case 'm':
        break;
    case 'h':
        n *= 60;
        break;
    case 'd':
        n *= 1440;
        break;
    default:
        return false;
    }
    if (n <= 0 || n > MAX_WINDOW_MINUTES)
        return false;
    *minutes = n;
    return true;
}

static enum t0_status read_window(const json_t *rule, const char *key, const char *rpath,
                                  const char *source, int64_t *minutes,
                                  struct t0_error *err)
{
    char path[400];
    snprintf(path, sizeof path, "%s.%s", rpath, key);
    const json_t *v = json_object_get(rule, key);
    if (!v || json_is_null(v))
        return input_error(source, path, "required: a window such as \"1h\" or \"5m\"",
                           err);
    if (!json_is_string(v) || !parse_window(json_string_value(v), minutes))
        return input_error(
            source, path,
            "expected a whole number of minutes, hours or days written "
            "N followed by m, h or d (\"5m\", \"1h\", \"3d\"), at most 3660 "
            "days",
            err);
    return T0_OK;
}

static enum t0_status read_burn_rate(const json_t *rule, const char *rpath,
                                     const char *source, int64_t *micro,
                                     struct t0_error *err)
{
    char path[400];
    snprintf(path, sizeof path, "%s.burn_rate", rpath);
    const json_t *v = json_object_get(rule, "burn_rate");
    if (!v || json_is_null(v))
        return input_error(source, path, "required: the burn rate the rule must exceed",
                           err);
    if (!json_is_number(v))
        return input_error(source, path, "expected a number", err);
    double d = json_number_value(v);
    if (!isfinite(d) || d < 0 || d > 1e8 || !t0_double_to_micro(d, micro) ||
        *micro > MAX_BURN_MICRO)
        return input_error(source, path,
                           "expected a number from 0 to 100000000 with at most six "
                           "decimal places",
                           err);
    return T0_OK;
}

static enum t0_status read_rule(const json_t *rule, const char *rpath, const char *source,
                                struct t0_alert_rule *out, struct t0_error *err)
{
    const char *key;
    json_t *value;
    char path[400];
    if (!json_is_object(rule))
        return input_error(source, rpath, "expected an object", err);
    json_object_foreach((json_t *)rule, key, value)
    {
        (void)value;
        if (strcmp(key, "severity") != 0 && strcmp(key, "long_window") != 0 &&
            strcmp(key, "short_window") != 0 && strcmp(key, "burn_rate") != 0) {
            snprintf(path, sizeof path, "%s.%s", rpath, key);
            return t0_error_set(err, T0_EINPUT, source, path,
                                "unknown key '%s' (a rule has severity, long_window, "
                                "short_window and burn_rate)",
                                key);
        }
    }
    snprintf(path, sizeof path, "%s.severity", rpath);
    const json_t *sev = json_object_get(rule, "severity");
    const char *s = json_is_string(sev) ? json_string_value(sev) : "";
    if (strcmp(s, "page") == 0)
        out->severity = T0_ALERT_PAGE;
    else if (strcmp(s, "ticket") == 0)
        out->severity = T0_ALERT_TICKET;
    else
        return input_error(source, path, "expected \"page\" or \"ticket\"", err);
    enum t0_status st;
    if ((st = read_window(rule, "long_window", rpath, source, &out->long_minutes, err)) ||
        (st = read_window(rule, "short_window", rpath, source, &out->short_minutes,
                          err)) ||
        (st = read_burn_rate(rule, rpath, source, &out->burn_micro, err)))
        return st;
    return T0_OK;
}

static enum t0_status read_alerts(struct t0_slo *slo, const json_t *v, const char *path,
                                  const char *source, struct t0_error *err)
{
    if (!json_is_array(v))
        return input_error(source, path, "expected an array of rules", err);
    size_t n = json_array_size(v);
    struct t0_alert_rule *rules = calloc(n ? n : 1, sizeof *rules);
    if (!rules)
        return t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char rpath[340];
        snprintf(rpath, sizeof rpath, "%s[%zu]", path, i);
        enum t0_status st =
            read_rule(json_array_get(v, i), rpath, source, &rules[i], err);
        if (st != T0_OK) {
            free(rules);
            return st;
        }
    }
    free(slo->alerts);
    slo->alerts = rules;
    slo->n_alerts = n;
    slo->alerts_configured = true;
    return T0_OK;
}

static enum t0_status read_rolling(struct t0_slo *slo, const json_t *v, const char *path,
                                   const char *source, struct t0_error *err)
{
    double d = json_is_number(v) ? json_number_value(v) : -1;
    if (!json_is_number(v) || d != floor(d) || d < 1 || d > MAX_ROLLING_DAYS)
        return t0_error_set(err, T0_EINPUT, source, path,
                            "expected a whole number of days from 1 to %d",
                            MAX_ROLLING_DAYS);
    slo->rolling_days = (int)d;
    return T0_OK;
}

enum t0_status t0_config_read_burn(struct t0_slo *slo, const json_t *obj, size_t index,
                                   const char *source, struct t0_error *err)
{
    char path[300];
    enum t0_status st = T0_OK;
    const json_t *v = json_object_get(obj, "alerts");
    if (v && !json_is_null(v)) {
        snprintf(path, sizeof path, "slos[%zu].alerts", index);
        if ((st = read_alerts(slo, v, path, source, err)) != T0_OK)
            return st;
    }
    v = json_object_get(obj, "rolling_days");
    if (v && !json_is_null(v)) {
        snprintf(path, sizeof path, "slos[%zu].rolling_days", index);
        st = read_rolling(slo, v, path, source, err);
    }
    return st;
}

void t0_config_release_burn(struct t0_slo *slo)
{
    free(slo->alerts);
    slo->alerts = NULL;
    slo->n_alerts = 0;
}
