/* config_keys.c: the keys a configuration file may hold, and a warning for every other.
 */
#include "config_keys.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * Every key the configuration knows, one line each, as a path in which "[]"
 * stands for any element of a list and "*" for any key of an object whose
 * keys are the user's own (impact names, HTTP headers). A key is known when
 * a line is it or lies below it, so only the leaves need listing: adding a
 * key is adding its line.
 */
static const char *const known_keys[] = {
    "report.title",
    "report.organization",
    "report.timezone",
    "report.page_size",
    "report.fiscal_year_start",
    "slos[].name",
    "slos[].services",
    "slos[].objective_pct",
    "slos[].weights.*",
    "slos[].sli.kind",
    "slos[].sli.good.prometheus",
    "slos[].sli.good.file",
    "slos[].sli.bad.prometheus",
    "slos[].sli.bad.file",
    "slos[].sli.total.prometheus",
    "slos[].sli.total.file",
    "slos[].sli.file",
    "slos[].sli.budgeting",
    "slos[].sli.slice_target_pct",
    "slos[].alerts[].severity",
    "slos[].alerts[].long_window",
    "slos[].alerts[].short_window",
    "slos[].alerts[].burn_rate",
    "slos[].rolling_days",
    "slos[].budgeting",
    "slos[].slice_target_pct",
    "policy.at_risk_pct",
    "correlation.window_hours",
    "correlation.event_study_days",
    "correlation.match",
    "correlation.environment",
    "email.from",
    "email.to",
    "email.cc",
    "input.min_accepted_pct",
    "import.impact.*",
    "import.timestamps.*",
    "import.services_field",
    "releases.services",
    "releases.rules[].match",
    "releases.rules[].services",
    "prometheus.url",
    "prometheus.step_seconds",
    "prometheus.headers.*",
    "prometheus.timeout_seconds",
    "prometheus.tls_verify",
    "prometheus.retries",
    "maintenance[].from",
    "maintenance[].to",
    "maintenance[].services",
    "maintenance[].reason",
    "maintenance[].weekly.day",
    "maintenance[].weekly.from",
    "maintenance[].weekly.to",
};

#define N_KNOWN (sizeof known_keys / sizeof known_keys[0])
#define MAX_PATH 300

/* Does a known key equal path or lie below it ("slos" is below nothing,
 * "slos[].name" below "slos" and "slos[]")? */
static bool known_at_or_below(const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < N_KNOWN; i++) {
        const char *k = known_keys[i];
        if (strncmp(k, path, len) == 0 &&
            (k[len] == '\0' || k[len] == '.' || k[len] == '['))
            return true;
    }
    return false;
}

/* Does the object at the generic path take keys of the user's choosing? */
static bool free_form(const char *generic)
{
    char star[MAX_PATH];
    if ((size_t)snprintf(star, sizeof star, "%s%s*", generic, *generic ? "." : "") >=
        sizeof star)
        return false;
    for (size_t i = 0; i < N_KNOWN; i++)
        if (strcmp(known_keys[i], star) == 0)
            return true;
    return false;
}

/* Edit distance (Levenshtein, a swap of two neighbours counting as one edit),
 * ignoring ASCII case; names are cut at 63 bytes. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), d[64][64];
    if (la > 63)
        la = 63;
    if (lb > 63)
        lb = 63;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ai = tolower((unsigned char)a[i - 1]),
                bj = tolower((unsigned char)b[j - 1]);
            size_t best = d[i - 1][j - 1] + (ai != bj);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ai == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == bj && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* One is the other's start, and the shorter has at least 3 bytes ("obj" for
 * "objective_pct", "timezone_name" for "timezone"). */
static bool prefix_of_either(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
    return n >= 3 && strncasecmp(a, b, n) == 0;
}

/* The known key of the object at generic closest to typed, or "" when none
 * is close: at most 2 edits (1 for names of 4 bytes or less), else a prefix. */
static void closest_key(const char *generic, const char *typed, char *out, size_t size)
{
    size_t glen = strlen(generic), best = SIZE_MAX;
    out[0] = '\0';
    bool by_prefix = false;
    for (size_t i = 0; i < N_KNOWN; i++) {
        const char *k = known_keys[i];
        if (glen && (strncmp(k, generic, glen) != 0 || k[glen] != '.'))
            continue;
        const char *name = glen ? k + glen + 1 : k;
        size_t nlen = strcspn(name, ".[");
        char cand[64];
        if (nlen == 0 || nlen >= sizeof cand || name[0] == '*')
            continue;
        memcpy(cand, name, nlen);
        cand[nlen] = '\0';
        size_t d = edit_distance(typed, cand);
        size_t limit = strlen(typed) <= 4 ? 1 : 2;
        if (d <= limit && d < best) {
            best = d;
            by_prefix = false;
            snprintf(out, size, "%s", cand);
        } else if (best == SIZE_MAX && !by_prefix && prefix_of_either(typed, cand)) {
            by_prefix = true;
            snprintf(out, size, "%s", cand);
        }
    }
}

/* JSON paths are for messages; a long one is cut, which is harmless. */
__attribute__((format(printf, 3, 4))) static void make_path(char *buf, size_t size,
                                                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static enum t0_status warn_unknown(struct t0_config *cfg, const char *generic,
                                   const char *path, const char *key)
{
    char near[64];
    closest_key(generic, key, near, sizeof near);
    if (near[0])
        return t0_config_add_warning(cfg, "%s: unknown key; did you mean \"%s\"?", path,
                                     near);
    return t0_config_add_warning(cfg, "%s: unknown key (ignored)", path);
}

static enum t0_status walk(const json_t *obj, const char *generic, const char *path,
                           struct t0_config *cfg);

/* Goes into a known key's value when the table knows keys below it. */
static enum t0_status walk_value(const json_t *v, const char *generic, const char *path,
                                 struct t0_config *cfg)
{
    char g[MAX_PATH], p[MAX_PATH];
    if (json_is_object(v))
        return walk(v, generic, path, cfg);
    if (!json_is_array(v))
        return T0_OK;
    if ((size_t)snprintf(g, sizeof g, "%s[]", generic) >= sizeof g ||
        !known_at_or_below(g))
        return T0_OK;
    for (size_t i = 0; i < json_array_size(v); i++) {
        const json_t *item = json_array_get(v, i);
        make_path(p, sizeof p, "%s[%zu]", path, i);
        enum t0_status st = json_is_object(item) ? walk(item, g, p, cfg) : T0_OK;
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

static enum t0_status walk(const json_t *obj, const char *generic, const char *path,
                           struct t0_config *cfg)
{
    if (free_form(generic))
        return T0_OK;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        char g[MAX_PATH], p[MAX_PATH];
        /* A key holding '.', '[' or '*' would read as a path: never known. */
        bool fits = !key[strcspn(key, ".[*")] &&
                    (size_t)snprintf(g, sizeof g, "%s%s%s", generic, *generic ? "." : "",
                                     key) < sizeof g;
        make_path(p, sizeof p, "%s%s%s", path, *path ? "." : "", key);
        enum t0_status st = fits && known_at_or_below(g)
                                ? walk_value(value, g, p, cfg)
                                : warn_unknown(cfg, generic, p, key);
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

enum t0_status t0_config_check_keys(const json_t *root, struct t0_config *cfg)
{
    return json_is_object(root) ? walk(root, "", "", cfg) : T0_OK;
}
