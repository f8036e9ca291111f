/* config.c: the configuration file (definitions.md §2.4), its defaults and command-line
 * overrides.
 */
#include "tierzero/config.h"
#include "tierzero/maintenance_load.h"

#include <errno.h>
#include <stdarg.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "config_keys.h"
#include "json_words.h"

#include "config_alerts.h"
#include "tierzero/openslo.h"
#include "tierzero/prom_client.h"

#define DEFAULT_TITLE "Reliability review"
#define DEFAULT_SLO_NAME "All services"
#define DEFAULT_OBJECTIVE_MICRO INT64_C(99900000)
#define DEFAULT_AT_RISK_MICRO INT64_C(75000000)
#define DEFAULT_WINDOW_HOURS 72
#define DEFAULT_EVENT_STUDY_DAYS 14
#define DEFAULT_MIN_ACCEPTED_PCT 90
#define MAX_EVENT_STUDY_DAYS 366
/* About 114 years; keeps the window in milliseconds far from overflow. */
#define MAX_WINDOW_HOURS 1000000

static const int64_t default_weights[T0_IMPACT_COUNT] = {
    [T0_IMPACT_NONE] = 0,
    [T0_IMPACT_DEGRADED] = 0,
    [T0_IMPACT_PARTIAL] = 300000,
    [T0_IMPACT_MAJOR] = 1000000,
};

/* ---- exact decimals ---- */

bool t0_parse_decimal6(const char *text, int64_t *micro)
{
    if (!text)
        return false;
    const char *p = text;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    int64_t whole = 0;
    int whole_digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (++whole_digits > 12) /* keeps millionths well inside int64 */
            return false;
        whole = whole * 10 + (*p++ - '0');
    }
    int64_t fraction = 0;
    int fraction_digits = 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (++fraction_digits > 6)
                return false;
            fraction = fraction * 10 + (*p++ - '0');
        }
        if (fraction_digits == 0)
            return false;
    }
    if (*p != '\0' || whole_digits + fraction_digits == 0)
        return false;
    for (int i = fraction_digits; i < 6; i++)
        fraction *= 10;
    int64_t value = whole * T0_MICRO + fraction;
    if (micro)
        *micro = negative ? -value : value;
    return true;
}

/*
 * A double holds a decimal D with at most six places when D's nearest double
 * is the value itself. The candidate D is the value in millionths, rounded;
 * dividing two exact doubles rounds correctly, so the comparison is exact.
 */
bool t0_double_to_micro(double value, int64_t *micro)
{
    if (!isfinite(value) || fabs(value) > 1e9)
        return false;
    long long m = llround(value * 1e6);
    if ((double)m / 1e6 != value)
        return false;
    if (micro)
        *micro = m;
    return true;
}

/* ---- allocation helpers ---- */

static char *dup_string(const char *s)
{
    return strdup(s ? s : "");
}

static void free_strings(char **list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void slo_release(struct t0_slo *slo)
{
    free(slo->name);
    free_strings(slo->services, slo->n_services);
    t0_sli_free(slo->sli);
    t0_config_release_burn(slo);
    memset(slo, 0, sizeof *slo);
}

static void slos_free(struct t0_slo *slos, size_t n)
{
    if (!slos)
        return;
    for (size_t i = 0; i < n; i++)
        slo_release(&slos[i]);
    free(slos);
}

/* Replaces *slot by a copy of value; false when out of memory. */
static bool replace_string(char **slot, const char *value)
{
    char *copy = dup_string(value);
    if (!copy)
        return false;
    free(*slot);
    *slot = copy;
    return true;
}

static void slo_set_objective(struct t0_slo *slo, int64_t micro)
{
    slo->objective_micro = micro;
    slo->objective_pct = (double)micro / (double)T0_MICRO;
}

static bool slo_init_default(struct t0_slo *slo, const char *name)
{
    memset(slo, 0, sizeof *slo);
    slo->name = dup_string(name);
    slo->services = calloc(1, sizeof *slo->services);
    if (!slo->name || !slo->services)
        return false;
    slo->services[0] = dup_string("*");
    if (!slo->services[0])
        return false;
    slo->n_services = 1;
    slo->all_services = true;
    slo_set_objective(slo, DEFAULT_OBJECTIVE_MICRO);
    memcpy(slo->weight_micro, default_weights, sizeof slo->weight_micro);
    slo->rolling_days = 28;
    return true;
}

static void set_window_ms(struct t0_config *cfg, double hours)
{
    cfg->window_hours = hours;
    cfg->window_ms = (t0_ms)llround(hours * (double)T0_MS_PER_HOUR);
}

static void set_at_risk(struct t0_config *cfg, int64_t micro)
{
    cfg->at_risk_micro = micro;
    cfg->at_risk_pct = (double)micro / (double)T0_MICRO;
}

static void release_rules_free(struct t0_config *cfg)
{
    free_strings(cfg->release_services, cfg->n_release_services);
    for (size_t i = 0; i < cfg->n_release_rules; i++) {
        free(cfg->release_rules[i].match);
        free_strings(cfg->release_rules[i].services, cfg->release_rules[i].n_services);
    }
    free(cfg->release_rules);
    cfg->release_services = NULL;
    cfg->n_release_services = 0;
    cfg->release_rules = NULL;
    cfg->n_release_rules = 0;
}

/* ---- defaults and release ---- */

enum t0_status t0_config_init(struct t0_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->title = dup_string(DEFAULT_TITLE);
    cfg->organization = dup_string("");
    cfg->timezone = dup_string("UTC");
    cfg->page_size = dup_string("A4");
    cfg->email_from = dup_string("");
    cfg->slos = calloc(1, sizeof *cfg->slos);
    if (!cfg->title || !cfg->organization || !cfg->timezone || !cfg->page_size ||
        !cfg->email_from || !cfg->slos)
        goto nomem;
    cfg->n_slos = 1;
    if (!slo_init_default(&cfg->slos[0], DEFAULT_SLO_NAME))
        goto nomem;
    set_at_risk(cfg, DEFAULT_AT_RISK_MICRO);
    set_window_ms(cfg, DEFAULT_WINDOW_HOURS);
    cfg->event_study_days = DEFAULT_EVENT_STUDY_DAYS;
    cfg->match_any = false;
    cfg->min_accepted_pct = DEFAULT_MIN_ACCEPTED_PCT;
    cfg->fiscal_year_start = 1;
    return T0_OK;
nomem:
    t0_config_release(cfg);
    return T0_ENOMEM;
}

static void import_release(struct t0_import *im)
{
    for (size_t i = 0; i < im->n_impact; i++)
        free(im->impact[i].name);
    free(im->impact);
    for (size_t i = 0; i < 4; i++)
        free_strings(im->timestamps[i], im->n_timestamps[i]);
    free(im->services_field);
}

void t0_config_release(struct t0_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->title);
    free(cfg->organization);
    free(cfg->timezone);
    free(cfg->page_size);
    slos_free(cfg->slos, cfg->n_slos);
    free(cfg->email_from);
    free(cfg->environment);
    import_release(&cfg->import);
    free_strings(cfg->email_to, cfg->n_email_to);
    free_strings(cfg->email_cc, cfg->n_email_cc);
    release_rules_free(cfg);
    free((char *)cfg->source);
    free_strings(cfg->warnings, cfg->n_warnings);
    t0_maint_list_release(&cfg->maintenance);
    t0_prom_config_free(cfg->prom);
    memset(cfg, 0, sizeof *cfg);
}

enum t0_status t0_config_add_warning(struct t0_config *cfg, const char *fmt, ...)
{
    char text[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char **grown = realloc(cfg->warnings, (cfg->n_warnings + 1) * sizeof *grown);
    if (!grown)
        return T0_ENOMEM;
    cfg->warnings = grown;
    if (!(grown[cfg->n_warnings] = strdup(text)))
        return T0_ENOMEM;
    cfg->n_warnings++;
    return T0_OK;
}

/* ---- reading the file ---- */

struct loader {
    struct t0_config *cfg;
    const char *source; /* file name for messages */
    struct t0_error *err;
};

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "something else";
}

__attribute__((format(printf, 3, 4))) static enum t0_status
content_error(struct loader *ld, const char *path, const char *fmt, ...)
{
    char text[sizeof ld->err->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return t0_error_set(ld->err, T0_EINPUT, ld->source, path, "%s", text);
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

static enum t0_status type_error(struct loader *ld, const char *path, const char *want,
                                 const json_t *got)
{
    return content_error(ld, path, "expected %s, got %s", want, json_type_name(got));
}

static enum t0_status nomem(struct loader *ld)
{
    return t0_error_set(ld->err, T0_ENOMEM, ld->source, NULL, "out of memory");
}

/* A member that is absent or null is "not given": *out is NULL. */
static enum t0_status get_member(struct loader *ld, const json_t *obj, const char *key,
                                 const char *path, json_type want, const json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return T0_OK;
    if (json_typeof(v) != want) {
        static const char *const names[] = {
            [JSON_OBJECT] = "an object",
            [JSON_ARRAY] = "an array",
            [JSON_STRING] = "a string",
        };
        const char *name = (size_t)want < sizeof names / sizeof *names && names[want]
                               ? names[want]
                               : "a value";
        return type_error(ld, path, name, v);
    }
    *out = v;
    return T0_OK;
}

static enum t0_status read_string(struct loader *ld, const json_t *obj, const char *key,
                                  const char *path, char **slot)
{
    const json_t *v;
    enum t0_status st = get_member(ld, obj, key, path, JSON_STRING, &v);
    if (st != T0_OK || !v)
        return st;
    return replace_string(slot, json_string_value(v)) ? T0_OK : nomem(ld);
}

/* The shortest text that reads back as d, as the user most likely wrote it. */
static const char *number_text(double d, char *buf, size_t size)
{
    if (d == floor(d) && fabs(d) < 1e15) {
        snprintf(buf, size, "%.0f", d);
        return buf;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, size, "%.*g", precision, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return buf;
}

/* A number with at most six decimals, in [min, max] millionths. */
static enum t0_status read_decimal(struct loader *ld, const json_t *v, const char *path,
                                   int64_t min_micro, int64_t max_micro,
                                   const char *range, int64_t *out)
{
    int64_t micro;
    if (!json_is_number(v))
        return type_error(ld, path, "a number", v);
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i > INT64_C(1000000000) || i < -INT64_C(1000000000))
            return content_error(ld, path, "must be %s, got %" JSON_INTEGER_FORMAT, range,
                                 i);
        micro = (int64_t)i * T0_MICRO;
    } else {
        double d = json_real_value(v);
        char text[32];
        if (!t0_double_to_micro(d, &micro)) {
            if (fabs(d) <= 1e9)
                return content_error(ld, path, "more than six decimal places in %s",
                                     number_text(d, text, sizeof text));
            return content_error(ld, path, "must be %s, got %s", range,
                                 number_text(d, text, sizeof text));
        }
        if (micro < min_micro || micro > max_micro)
            return content_error(ld, path, "must be %s, got %s", range,
                                 number_text(d, text, sizeof text));
    }
    if (micro < min_micro || micro > max_micro)
        return content_error(ld, path, "must be %s, got %" JSON_INTEGER_FORMAT, range,
                             json_integer_value(v));
    *out = micro;
    return T0_OK;
}

/* A list of strings; a single string is a one-element list. */
static enum t0_status read_string_list(struct loader *ld, const json_t *v,
                                       const char *path, bool nonempty_items,
                                       char ***list_out, size_t *n_out)
{
    char **list = NULL;
    size_t n = 0;
    enum t0_status st = T0_OK;
    char item_path[300];
    if (json_is_string(v)) {
        list = calloc(1, sizeof *list);
        if (!list || !(list[0] = dup_string(json_string_value(v)))) {
            st = nomem(ld);
            goto cleanup;
        }
        n = 1;
        if (nonempty_items && !list[0][0]) {
            st = content_error(ld, path, "expected a non-empty string");
            goto cleanup;
        }
        goto done;
    }
    if (!json_is_array(v)) {
        st = type_error(ld, path, "an array of strings", v);
        goto cleanup;
    }
    size_t size = json_array_size(v);
    list = calloc(size ? size : 1, sizeof *list);
    if (!list) {
        st = nomem(ld);
        goto cleanup;
    }
    for (size_t i = 0; i < size; i++) {
        json_t *item = json_array_get(v, i);
        make_path(item_path, sizeof item_path, "%s[%zu]", path, i);
        if (!json_is_string(item)) {
            st = type_error(ld, item_path, "a string", item);
            goto cleanup;
        }
        if (nonempty_items && json_string_length(item) == 0) {
            st = content_error(ld, item_path, "expected a non-empty string");
            goto cleanup;
        }
        if (!(list[n] = dup_string(json_string_value(item)))) {
            st = nomem(ld);
            goto cleanup;
        }
        n++;
    }
done:
    *list_out = list;
    *n_out = n;
    return T0_OK;
cleanup:
    free_strings(list, n);
    return st;
}

static enum t0_status read_report(struct loader *ld, const json_t *root)
{
    const json_t *report, *v;
    enum t0_status st = get_member(ld, root, "report", "report", JSON_OBJECT, &report);
    if (st != T0_OK || !report)
        return st;
    if ((st = read_string(ld, report, "title", "report.title", &ld->cfg->title)) !=
            T0_OK ||
        (st = read_string(ld, report, "organization", "report.organization",
                          &ld->cfg->organization)) != T0_OK)
        return st;
    if ((st = get_member(ld, report, "timezone", "report.timezone", JSON_STRING, &v)) !=
        T0_OK)
        return st;
    if (v) {
        struct t0_zone *zone = t0_zone_new(json_string_value(v), NULL);
        if (!zone)
            return content_error(ld, "report.timezone", "unknown time zone '%s'",
                                 json_string_value(v));
        t0_zone_free(zone);
        if (!replace_string(&ld->cfg->timezone, json_string_value(v)))
            return nomem(ld);
    }
    if ((st = get_member(ld, report, "page_size", "report.page_size", JSON_STRING, &v)) !=
        T0_OK)
        return st;
    if (v) {
        const char *s = json_string_value(v);
        const char *canonical = strcasecmp(s, "A4") == 0       ? "A4"
                                : strcasecmp(s, "Letter") == 0 ? "Letter"
                                                               : NULL;
        if (!canonical)
            return content_error(ld, "report.page_size",
                                 "expected \"A4\" or \"Letter\", got \"%s\"", s);
        if (!replace_string(&ld->cfg->page_size, canonical))
            return nomem(ld);
    }
    if ((v = json_object_get(report, "fiscal_year_start")) && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 12)
            return content_error(ld, "report.fiscal_year_start",
                                 "expected a month number from 1 to 12");
        ld->cfg->fiscal_year_start = (int)json_integer_value(v);
    }
    return T0_OK;
}

static enum t0_status read_weights(struct loader *ld, const json_t *obj, const char *path,
                                   struct t0_slo *slo)
{
    const char *key;
    json_t *value;
    char member_path[300];
    json_object_foreach((json_t *)obj, key, value)
    {
        enum t0_impact impact;
        make_path(member_path, sizeof member_path, "%s.%s", path, key);
        if (!t0_impact_parse(key, strlen(key), &impact))
            return content_error(
                ld, member_path,
                "unknown impact '%s' (expected none, degraded_performance, "
                "partial_outage or major_outage)",
                key);
        if (json_is_null(value))
            continue;
        enum t0_status st = read_decimal(ld, value, member_path, 0, T0_MICRO,
                                         "between 0 and 1", &slo->weight_micro[impact]);
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

static enum t0_status read_slo_services(struct loader *ld, const json_t *v,
                                        const char *path, struct t0_slo *slo)
{
    char **list = NULL;
    size_t n = 0;
    if (!json_is_array(v))
        return type_error(ld, path, "an array of strings", v);
    enum t0_status st = read_string_list(ld, v, path, true, &list, &n);
    if (st != T0_OK)
        return st;
    if (n == 0) { /* definitions.md rule 3.1.14: [] is ["*"] */
        free(list);
        return T0_OK;
    }
    free_strings(slo->services, slo->n_services);
    slo->services = list;
    slo->n_services = n;
    slo->all_services = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], "*") == 0)
            slo->all_services = true;
    return T0_OK;
}

/* ---- what an SLO measures (definitions.md §8) ---- */

/* A path in the configuration, relative to the configuration's folder
 * (definitions.md rule 11.5). */
static char *resolve_path(const struct loader *ld, const char *file)
{
    const char *slash = strrchr(ld->source, '/');
    if (file[0] == '/' || !slash || strcmp(ld->source, "<stdin>") == 0)
        return dup_string(file);
    size_t dir = (size_t)(slash - ld->source) + 1, n = strlen(file);
    char *out = malloc(dir + n + 1);
    if (!out)
        return NULL;
    memcpy(out, ld->source, dir);
    memcpy(out + dir, file, n + 1);
    return out;
}

/* {"prometheus": "PROMQL"} or {"file": "PATH"}. */
static enum t0_status read_sli_source(struct loader *ld, const json_t *v,
                                      const char *path, struct t0_sli_source *src)
{
    if (!json_is_object(v))
        return type_error(ld, path,
                          "an object ({\"file\": ...} or {\"prometheus\": ...})", v);
    const json_t *file = json_object_get(v, "file");
    const json_t *query = json_object_get(v, "prometheus");
    if ((file != NULL) == (query != NULL))
        return content_error(ld, path,
                             "expected exactly one of \"file\" and \"prometheus\"");
    if (file && (!json_is_string(file) || json_string_length(file) == 0))
        return content_error(ld, path, "\"file\" must be a non-empty string");
    if (query && (!json_is_string(query) || json_string_length(query) == 0))
        return content_error(ld, path,
                             "\"prometheus\" must be a non-empty PromQL string");
    if (file && !(src->file = resolve_path(ld, json_string_value(file))))
        return nomem(ld);
    if (query && !(src->query = dup_string(json_string_value(query))))
        return nomem(ld);
    return T0_OK;
}

/* "budgeting" and "slice_target_pct", on the SLO or inside "sli". */
static const json_t *sli_member(const json_t *obj, const json_t *sli, const char *key,
                                const char **where)
{
    const json_t *v = sli ? json_object_get(sli, key) : NULL;
    *where = "sli.";
    if (v && !json_is_null(v))
        return v;
    *where = "";
    v = json_object_get(obj, key);
    return v && !json_is_null(v) ? v : NULL;
}

static enum t0_status read_budgeting(struct loader *ld, const json_t *obj,
                                     const json_t *sli, size_t index, struct t0_slo *slo)
{
    char path[300];
    const char *where;
    const json_t *b = sli_member(obj, sli, "budgeting", &where);
    const json_t *target = sli_member(obj, sli, "slice_target_pct", &where);
    bool events = t0_sli_is_events(slo->sli);
    make_path(path, sizeof path, "slos[%zu].%sbudgeting", index, where);
    if (b) {
        if (!json_is_string(b))
            return type_error(ld, path, "a string", b);
        const char *text = json_string_value(b);
        if (!events)
            return content_error(ld, path,
                                 "budgeting applies to events SLOs "
                                 "(\"sli\": {\"kind\": \"events\", ...}) only");
        if (strcasecmp(text, "timeslices") == 0)
            slo->sli->budgeting = T0_BUDGETING_TIMESLICES;
        else if (strcasecmp(text, "occurrences") != 0)
            return content_error(
                ld, path, "expected \"occurrences\" or \"timeslices\", got \"%s\"", text);
    }
    if (!events || slo->sli->budgeting != T0_BUDGETING_TIMESLICES) {
        if (target) {
            make_path(path, sizeof path, "slos[%zu].%sslice_target_pct", index, where);
            return content_error(ld, path,
                                 "applies only with \"budgeting\": \"timeslices\"");
        }
        return T0_OK;
    }
    make_path(path, sizeof path, "slos[%zu].slice_target_pct", index);
    if (!target)
        return content_error(ld, path, "timeslices need a slice target (e.g. 99)");
    return read_decimal(ld, target, path, 0, 100 * T0_MICRO, "between 0 and 100",
                        &slo->sli->slice_target_micro);
}

static enum t0_status read_sli(struct loader *ld, const json_t *obj, size_t index,
                               struct t0_slo *slo)
{
    char path[300];
    const json_t *sli;
    enum t0_status st;
    make_path(path, sizeof path, "slos[%zu].sli", index);
    if ((st = get_member(ld, obj, "sli", path, JSON_OBJECT, &sli)) != T0_OK)
        return st;
    const json_t *kind = sli ? json_object_get(sli, "kind") : NULL;
    make_path(path, sizeof path, "slos[%zu].sli.kind", index);
    if (kind && !json_is_null(kind) && !json_is_string(kind))
        return type_error(ld, path, "a string", kind);
    const char *k = kind && json_is_string(kind) ? json_string_value(kind) : "incidents";
    if (strcmp(k, "incidents") != 0 && strcmp(k, "events") != 0)
        return content_error(ld, path, "expected \"incidents\" or \"events\", got \"%s\"",
                             k);
    if (strcmp(k, "events") == 0) {
        if (!(slo->sli = t0_sli_new()))
            return nomem(ld);
        slo->sli->kind = T0_SLI_EVENTS;
        const json_t *good = json_object_get(sli, "good");
        const json_t *bad = json_object_get(sli, "bad");
        const json_t *total = json_object_get(sli, "total");
        const json_t *file = json_object_get(sli, "file");
        make_path(path, sizeof path, "slos[%zu].sli", index);
        if (file) {
            if (good || bad || total)
                return content_error(ld, path,
                                     "give either \"file\" (one CSV of "
                                     "timestamp,good,total) or two sources, not both");
            if (!json_is_string(file) || json_string_length(file) == 0)
                return content_error(ld, path, "\"file\" must be a non-empty string");
            if (!(slo->sli->file = resolve_path(ld, json_string_value(file))))
                return nomem(ld);
        } else {
            if ((good != NULL) == (bad != NULL) || !total)
                return content_error(ld, path,
                                     "expected exactly two sources: \"good\" and "
                                     "\"total\", or \"bad\" and \"total\" (or one "
                                     "\"file\")");
            slo->sli->counts_bad = bad != NULL;
            make_path(path, sizeof path, "slos[%zu].sli.%s", index, bad ? "bad" : "good");
            if ((st = read_sli_source(ld, bad ? bad : good, path, &slo->sli->num)) !=
                T0_OK)
                return st;
            make_path(path, sizeof path, "slos[%zu].sli.total", index);
            if ((st = read_sli_source(ld, total, path, &slo->sli->total)) != T0_OK)
                return st;
        }
    }
    return read_budgeting(ld, obj, sli, index, slo);
}

/* "prometheus": {"url", "step_seconds", "headers"}: the step a source with
 * one timestamp takes (definitions.md rule 11.6). */
static enum t0_status read_prometheus(struct loader *ld, const json_t *root)
{
    const json_t *p, *step;
    enum t0_status st = get_member(ld, root, "prometheus", "prometheus", JSON_OBJECT, &p);
    if (st != T0_OK || !p)
        return st;
    const json_t *url;
    if ((st = get_member(ld, p, "url", "prometheus.url", JSON_STRING, &url)) != T0_OK)
        return st;
    step = json_object_get(p, "step_seconds");
    if (!step || json_is_null(step))
        return T0_OK;
    if (!json_is_integer(step) || json_integer_value(step) < 1 ||
        json_integer_value(step) > 86400 * 366)
        return content_error(ld, "prometheus.step_seconds",
                             "expected a whole number of seconds from 1 to 31622400");
    for (size_t i = 0; i < ld->cfg->n_slos; i++)
        if (ld->cfg->slos[i].sli)
            ld->cfg->slos[i].sli->default_step_ms =
                (int64_t)json_integer_value(step) * 1000;
    return T0_OK;
}

static enum t0_status read_slo(struct loader *ld, const json_t *obj, size_t index,
                               struct t0_slo *slo)
{
    char path[300], name[32];
    const json_t *v;
    enum t0_status st;
    snprintf(name, sizeof name, "SLO %zu", index + 1);
    if (!slo_init_default(slo, name))
        return nomem(ld);
    make_path(path, sizeof path, "slos[%zu]", index);
    if (!json_is_object(obj))
        return type_error(ld, path, "an object", obj);

    make_path(path, sizeof path, "slos[%zu].name", index);
    if ((st = read_string(ld, obj, "name", path, &slo->name)) != T0_OK)
        return st;

    make_path(path, sizeof path, "slos[%zu].services", index);
    v = json_object_get(obj, "services");
    if (v && !json_is_null(v) && (st = read_slo_services(ld, v, path, slo)) != T0_OK)
        return st;

    make_path(path, sizeof path, "slos[%zu].objective_pct", index);
    v = json_object_get(obj, "objective_pct");
    if (v && !json_is_null(v)) {
        int64_t micro;
        st = read_decimal(ld, v, path, 0, 100 * T0_MICRO, "between 0 and 100", &micro);
        if (st != T0_OK)
            return st;
        slo_set_objective(slo, micro);
    }

    make_path(path, sizeof path, "slos[%zu].weights", index);
    if ((st = get_member(ld, obj, "weights", path, JSON_OBJECT, &v)) != T0_OK)
        return st;
    if (v && (st = read_weights(ld, v, path, slo)) != T0_OK)
        return st;
    st = read_sli(ld, obj, index, slo);
    if (st != T0_OK)
        return st;
    return t0_config_read_burn(slo, obj, index, ld->source, ld->err);
}

static enum t0_status read_slos(struct loader *ld, const json_t *root)
{
    const json_t *slos;
    enum t0_status st = get_member(ld, root, "slos", "slos", JSON_ARRAY, &slos);
    if (st != T0_OK || !slos || json_array_size(slos) == 0)
        return st;
    size_t n = json_array_size(slos);
    struct t0_slo *list = calloc(n, sizeof *list);
    if (!list)
        return nomem(ld);
    for (size_t i = 0; i < n; i++) {
        st = read_slo(ld, json_array_get(slos, i), i, &list[i]);
        if (st != T0_OK) {
            slos_free(list, n);
            return st;
        }
    }
    slos_free(ld->cfg->slos, ld->cfg->n_slos);
    ld->cfg->slos = list;
    ld->cfg->n_slos = n;
    ld->cfg->slos_configured = true;
    return T0_OK;
}

static enum t0_status read_policy(struct loader *ld, const json_t *root)
{
    const json_t *policy;
    enum t0_status st = get_member(ld, root, "policy", "policy", JSON_OBJECT, &policy);
    if (st != T0_OK || !policy)
        return st;
    json_t *v = json_object_get(policy, "at_risk_pct");
    if (v && !json_is_null(v)) {
        int64_t micro;
        st = read_decimal(ld, v, "policy.at_risk_pct", 0, 100 * T0_MICRO,
                          "between 0 and 100", &micro);
        if (st != T0_OK)
            return st;
        set_at_risk(ld->cfg, micro);
    }
    return T0_OK;
}

static enum t0_status read_window(struct loader *ld, const json_t *v)
{
    const char *path = "correlation.window_hours";
    if (!json_is_number(v))
        return type_error(ld, path, "a number", v);
    double hours = json_number_value(v);
    char text[32];
    if (!isfinite(hours) || hours < 0 || hours > MAX_WINDOW_HOURS)
        return content_error(ld, path, "must be between 0 and %d hours, got %s",
                             MAX_WINDOW_HOURS, number_text(hours, text, sizeof text));
    set_window_ms(ld->cfg, hours);
    return T0_OK;
}

static enum t0_status read_event_study_days(struct loader *ld, const json_t *v)
{
    const char *path = "correlation.event_study_days";
    char text[32];
    if (!json_is_number(v))
        return type_error(ld, path, "a number", v);
    double days = json_number_value(v);
    if (days != floor(days) || days < 0 || days > MAX_EVENT_STUDY_DAYS)
        return content_error(ld, path,
                             "must be a whole number of days from 0 to %d, got %s",
                             MAX_EVENT_STUDY_DAYS, number_text(days, text, sizeof text));
    ld->cfg->event_study_days = (int)days;
    return T0_OK;
}

static enum t0_status read_correlation(struct loader *ld, const json_t *root)
{
    const json_t *corr, *v;
    enum t0_status st =
        get_member(ld, root, "correlation", "correlation", JSON_OBJECT, &corr);
    if (st != T0_OK || !corr)
        return st;
    v = json_object_get(corr, "window_hours");
    if (v && !json_is_null(v) && (st = read_window(ld, v)) != T0_OK)
        return st;
    v = json_object_get(corr, "event_study_days");
    if (v && !json_is_null(v) && (st = read_event_study_days(ld, v)) != T0_OK)
        return st;
    if ((st = read_string(ld, corr, "environment", "correlation.environment",
                          &ld->cfg->environment)) != T0_OK)
        return st;
    if ((st = get_member(ld, corr, "match", "correlation.match", JSON_STRING, &v)) !=
        T0_OK)
        return st;
    if (v) {
        const char *s = json_string_value(v);
        if (strcmp(s, "any") == 0)
            ld->cfg->match_any = true;
        else if (strcmp(s, "same-service") == 0)
            ld->cfg->match_any = false;
        else
            return content_error(ld, "correlation.match",
                                 "expected \"same-service\" or \"any\", got \"%s\"", s);
    }
    return T0_OK;
}

/* import.impact: {"P3": "partial_outage", ...} (definitions.md §7.1). */
static enum t0_status read_import_impact(struct loader *ld, const json_t *map)
{
    struct t0_import *im = &ld->cfg->import;
    const char *name;
    json_t *v;
    char path[300];
    im->impact = calloc(json_object_size(map) + 1, sizeof *im->impact);
    if (!im->impact)
        return nomem(ld);
    json_object_foreach((json_t *)map, name, v)
    {
        make_path(path, sizeof path, "import.impact.%s", name);
        struct t0_import_impact *e = &im->impact[im->n_impact];
        if (!json_is_string(v) ||
            !t0_impact_parse(json_string_value(v), json_string_length(v), &e->impact))
            return content_error(ld, path,
                                 "expected none, degraded_performance, partial_outage or "
                                 "major_outage");
        if (!(e->name = dup_string(name)))
            return nomem(ld);
        im->n_impact++;
    }
    return T0_OK;
}

/* import.timestamps: {"started": "Customer impact began", "resolved": [...]}. */
static enum t0_status read_import_timestamps(struct loader *ld, const json_t *map)
{
    static const char *const whats[] = {"started", "detected", "mitigated", "resolved"};
    struct t0_import *im = &ld->cfg->import;
    char path[300];
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)map, key, v)
    {
        size_t i = 0;
        while (i < 4 && strcmp(whats[i], key) != 0)
            i++;
        make_path(path, sizeof path, "import.timestamps.%s", key);
        if (i == 4)
            return content_error(ld, path,
                                 "expected started, detected, mitigated or resolved");
        enum t0_status st =
            read_string_list(ld, v, path, true, &im->timestamps[i], &im->n_timestamps[i]);
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

static enum t0_status read_import(struct loader *ld, const json_t *root)
{
    const json_t *im, *v;
    enum t0_status st = get_member(ld, root, "import", "import", JSON_OBJECT, &im);
    if (st != T0_OK || !im)
        return st;
    if ((st = get_member(ld, im, "impact", "import.impact", JSON_OBJECT, &v)) != T0_OK ||
        (v && (st = read_import_impact(ld, v)) != T0_OK))
        return st;
    if ((st = get_member(ld, im, "timestamps", "import.timestamps", JSON_OBJECT, &v)) !=
            T0_OK ||
        (v && (st = read_import_timestamps(ld, v)) != T0_OK))
        return st;
    return read_string(ld, im, "services_field", "import.services_field",
                       &ld->cfg->import.services_field);
}

static enum t0_status read_email(struct loader *ld, const json_t *root)
{
    const json_t *email, *v;
    enum t0_status st = get_member(ld, root, "email", "email", JSON_OBJECT, &email);
    if (st != T0_OK || !email)
        return st;
    if ((st = read_string(ld, email, "from", "email.from", &ld->cfg->email_from)) !=
        T0_OK)
        return st;
    v = json_object_get(email, "to");
    if (v && !json_is_null(v)) {
        char **list;
        size_t n;
        if ((st = read_string_list(ld, v, "email.to", true, &list, &n)) != T0_OK)
            return st;
        free_strings(ld->cfg->email_to, ld->cfg->n_email_to);
        ld->cfg->email_to = list;
        ld->cfg->n_email_to = n;
    }
    v = json_object_get(email, "cc");
    if (v && !json_is_null(v)) {
        char **list;
        size_t n;
        if ((st = read_string_list(ld, v, "email.cc", true, &list, &n)) != T0_OK)
            return st;
        free_strings(ld->cfg->email_cc, ld->cfg->n_email_cc);
        ld->cfg->email_cc = list;
        ld->cfg->n_email_cc = n;
    }
    return T0_OK;
}

/* "input": {"min_accepted_pct": 90}: the share of records accepted below
 * which a run warns that most of the file was not understood. */
static enum t0_status read_input(struct loader *ld, const json_t *root)
{
    const json_t *input;
    enum t0_status st = get_member(ld, root, "input", "input", JSON_OBJECT, &input);
    if (st != T0_OK || !input)
        return st;
    json_t *v = json_object_get(input, "min_accepted_pct");
    if (v && !json_is_null(v)) {
        int64_t micro;
        st = read_decimal(ld, v, "input.min_accepted_pct", 0, 100 * T0_MICRO,
                          "between 0 and 100", &micro);
        if (st != T0_OK)
            return st;
        ld->cfg->min_accepted_pct = (double)micro / (double)T0_MICRO;
    }
    return T0_OK;
}

/* "releases": {"services": [...], "rules": [{"match": "api-*", "services": [...]}]}
 * (definitions.md §7.2). */
static enum t0_status read_release_rule(struct loader *ld, const json_t *obj, size_t i,
                                        struct t0_release_rule *rule)
{
    char path[300];
    const json_t *v;
    enum t0_status st;
    make_path(path, sizeof path, "releases.rules[%zu]", i);
    if (!json_is_object(obj))
        return type_error(ld, path, "an object", obj);
    make_path(path, sizeof path, "releases.rules[%zu].match", i);
    if ((st = get_member(ld, obj, "match", path, JSON_STRING, &v)) != T0_OK)
        return st;
    if (!v || json_string_length(v) == 0)
        return content_error(ld, path, "expected a non-empty shell pattern");
    if (!(rule->match = dup_string(json_string_value(v))))
        return nomem(ld);
    make_path(path, sizeof path, "releases.rules[%zu].services", i);
    v = json_object_get(obj, "services");
    if (!v || json_is_null(v))
        return content_error(ld, path, "expected the services the rule gives");
    if (!json_is_array(v))
        return type_error(ld, path, "an array of strings", v);
    return read_string_list(ld, v, path, true, &rule->services, &rule->n_services);
}

static enum t0_status read_releases(struct loader *ld, const json_t *root)
{
    const json_t *rel, *v;
    enum t0_status st = get_member(ld, root, "releases", "releases", JSON_OBJECT, &rel);
    if (st != T0_OK || !rel)
        return st;
    struct t0_config *cfg = ld->cfg;
    release_rules_free(cfg);
    v = json_object_get(rel, "services");
    if (v && !json_is_null(v)) {
        if (!json_is_array(v))
            return type_error(ld, "releases.services", "an array of strings", v);
        st = read_string_list(ld, v, "releases.services", true, &cfg->release_services,
                              &cfg->n_release_services);
        if (st != T0_OK)
            return st;
    }
    if ((st = get_member(ld, rel, "rules", "releases.rules", JSON_ARRAY, &v)) != T0_OK ||
        !v)
        return st;
    size_t n = json_array_size(v);
    cfg->release_rules = calloc(n ? n : 1, sizeof *cfg->release_rules);
    if (!cfg->release_rules)
        return nomem(ld);
    for (size_t i = 0; i < n; i++) {
        cfg->n_release_rules = i + 1;
        st = read_release_rule(ld, json_array_get(v, i), i, &cfg->release_rules[i]);
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

/* A configuration larger than this is not one. */
#define CONFIG_MAX_BYTES ((size_t)64 << 20)

/* The whole file, inflated when it is gzip-compressed (definitions.md rule 11.1:
 * recognised by its magic bytes, on standard input too); zlib reads a file
 * that is not compressed as it is. New, *len bytes; NULL with err set. */
static char *read_config_bytes(const char *path, const char *source, size_t *len,
                               struct t0_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!gz) {
        t0_error_set(err, T0_EINPUT, source, NULL, "unable to open %s: %s", path,
                     strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int got = 0;
    while (buf && (got = gzread(gz, buf + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap && cap < CONFIG_MAX_BYTES) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        } else if (n == cap) {
            got = -2;
            break;
        }
    }
    int zerr = Z_OK;
    const char *zmsg = gzerror(gz, &zerr);
    if (!buf)
        t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
    else if (got == -2)
        t0_error_set(err, T0_EINPUT, source, NULL,
                     "larger than %zu bytes: not a configuration", CONFIG_MAX_BYTES);
    else if (got < 0)
        t0_error_set(err, T0_EINPUT, source, NULL, "unable to read %s: %s", path,
                     zerr == Z_ERRNO ? strerror(errno) : zmsg);
    else if (zerr == Z_BUF_ERROR) {
        t0_error_set(err, T0_EINPUT, source, NULL,
                     "invalid gzip data: the compressed stream is truncated");
        got = -1;
    }
    gzclose(gz);
    if (!buf || got < 0) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static json_t *load_json(const char *path, const char *source, struct t0_error *err)
{
    json_error_t jerr;
    size_t len = 0, skip = 0;
    char *text = read_config_bytes(path, source, &len, err);
    if (!text)
        return NULL;
    json_t *root = NULL;
    /* A UTF-8 byte-order mark is skipped (editors on some systems write one;
     * it carries no meaning in UTF-8); another 0xEF start is not UTF-8. */
    if (len && (unsigned char)text[0] == 0xEF) {
        if (len < 3 || (unsigned char)text[1] != 0xBB || (unsigned char)text[2] != 0xBF) {
            t0_error_set_at(err, T0_EINPUT, source, 1, 1,
                            "invalid UTF-8 at the start of the file");
            goto cleanup;
        }
        skip = 3;
    }
    /* Jansson caps nesting at 2048 levels (JSON_PARSER_MAX_DEPTH). */
    root = json_loadb(text + skip, len - skip, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        if (jerr.line > 0)
            t0_error_set_at(err, T0_EINPUT, source, jerr.line, jerr.column, "%s",
                            t0_json_error_words(&jerr));
        else
            t0_error_set(err, T0_EINPUT, source, NULL, "%s", t0_json_error_words(&jerr));
    }
cleanup:
    free(text);
    return root;
}

/* An OpenSLO YAML file (.yaml, .yml) becomes the tree a JSON configuration
 * would hold; what it has that tierzero does not read becomes warnings. */
static json_t *load_openslo(struct t0_config *cfg, const char *path, const char *source,
                            struct t0_error *err)
{
    json_t *warnings = json_array();
    json_t *root = warnings ? t0_openslo_load(path, source, warnings, err) : NULL;
    size_t i;
    json_t *w;
    json_array_foreach(warnings, i, w)
    {
        if (t0_config_add_warning(cfg, "%s", json_string_value(w)) != T0_OK) {
            json_decref(root);
            root = NULL;
            t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
            break;
        }
    }
    if (!warnings)
        t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
    json_decref(warnings);
    return root;
}

enum t0_status t0_config_load(struct t0_config *cfg, const char *path,
                              struct t0_error *err)
{
    if (!path)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "missing configuration file name");
    const char *source = strcmp(path, "-") == 0 ? "<stdin>" : path;
    struct loader ld = {cfg, source, err};
    enum t0_status st;
    json_t *root = t0_openslo_path(path) ? load_openslo(cfg, path, source, err)
                                         : load_json(path, source, err);
    if (!root)
        return err && err->text[0] ? T0_EINPUT : T0_ENOMEM;
    if (!json_is_object(root)) {
        st =
            t0_error_set(err, T0_EINPUT, source, NULL,
                         "expected a configuration object, got %s", json_type_name(root));
        goto cleanup;
    }
    if ((st = read_report(&ld, root)) != T0_OK || (st = read_slos(&ld, root)) != T0_OK ||
        (st = read_prometheus(&ld, root)) != T0_OK ||
        (st = read_policy(&ld, root)) != T0_OK ||
        (st = read_correlation(&ld, root)) != T0_OK ||
        (st = read_releases(&ld, root)) != T0_OK ||
        (st = read_import(&ld, root)) != T0_OK || (st = read_email(&ld, root)) != T0_OK ||
        (st = read_input(&ld, root)) != T0_OK ||
        (st = t0_maint_read_config(&cfg->maintenance, root, source, err)) != T0_OK)
        goto cleanup;
    if (t0_config_check_keys(root, cfg) != T0_OK) {
        st = nomem(&ld);
        goto cleanup;
    }
    t0_prom_config_free(cfg->prom);
    cfg->prom = NULL;
    if ((st = t0_prom_config_read(root, source, &cfg->prom, err)) != T0_OK)
        goto cleanup;
    free((char *)cfg->source);
    cfg->source = dup_string(path);
    if (!cfg->source)
        st = nomem(&ld);
cleanup:
    json_decref(root);
    return st;
}

/* ---- command-line overrides ---- */

enum t0_status t0_config_set_objective(struct t0_config *cfg, const char *text,
                                       struct t0_error *err)
{
    int64_t micro;
    if (!t0_parse_decimal6(text, &micro) || micro < 0 || micro > 100 * T0_MICRO)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "--slo: expected a percentage between 0 and 100 with at most "
                            "six decimals, got '%s'",
                            text ? text : "");
    slo_set_objective(&cfg->slos[0], micro);
    return T0_OK;
}

enum t0_status t0_config_set_window(struct t0_config *cfg, const char *text,
                                    struct t0_error *err)
{
    int64_t micro;
    if (!t0_parse_decimal6(text, &micro) || micro < 0 ||
        micro > (int64_t)MAX_WINDOW_HOURS * T0_MICRO)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "--window: expected a number of hours from 0 to %d with at "
                            "most six decimals, got '%s'",
                            MAX_WINDOW_HOURS, text ? text : "");
    cfg->window_hours = (double)micro / (double)T0_MICRO;
    /* Millionths of an hour are 3.6 ms: round half up to the millisecond. */
    cfg->window_ms = (micro * 36 + 5) / 10;
    return T0_OK;
}

enum t0_status t0_config_set_timezone(struct t0_config *cfg, const char *text,
                                      struct t0_error *err)
{
    struct t0_zone *zone = text ? t0_zone_new(text, NULL) : NULL;
    if (!zone)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "--tz: unknown time zone '%s'",
                            text ? text : "");
    t0_zone_free(zone);
    if (!replace_string(&cfg->timezone, text))
        return t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
    return T0_OK;
}

/* ---- services ---- */

static void bind_release_services(const struct t0_config *cfg, struct t0_dataset *ds);

void t0_config_bind(struct t0_config *cfg, struct t0_dataset *ds)
{
    for (size_t i = 0; i < cfg->n_slos; i++) {
        struct t0_slo *slo = &cfg->slos[i];
        slo->symbols.items = NULL;
        slo->symbols.count = 0;
        if (slo->n_services == 0)
            continue;
        t0_sym *items = t0_arena_alloc(ds->arena, slo->n_services * sizeof *items);
        if (!items)
            continue;
        uint32_t n = 0;
        for (size_t k = 0; k < slo->n_services; k++) {
            if (strcmp(slo->services[k], "*") == 0)
                continue;
            items[n++] =
                t0_symtab_intern(ds->symbols, slo->services[k], strlen(slo->services[k]));
        }
        slo->symbols.items = items;
        slo->symbols.count = n;
    }
    bind_release_services(cfg, ds);
}

size_t t0_config_release_services(const struct t0_config *cfg, const char *id,
                                  const char *name, char *const **services)
{
    for (size_t i = 0; i < cfg->n_release_rules; i++) {
        const struct t0_release_rule *rule = &cfg->release_rules[i];
        if ((id && fnmatch(rule->match, id, 0) == 0) ||
            (name && fnmatch(rule->match, name, 0) == 0)) {
            *services = rule->services;
            return rule->n_services;
        }
    }
    *services = cfg->release_services;
    return cfg->n_release_services;
}

/* Releases that carry no services take the configured ones, whatever format
 * they came from. */
static void bind_release_services(const struct t0_config *cfg, struct t0_dataset *ds)
{
    for (size_t r = 0; r < ds->n_releases; r++) {
        struct t0_release *rel = &ds->releases[r];
        char *const *names;
        size_t n;
        if (rel->services.count ||
            (n = t0_config_release_services(cfg, rel->id, rel->name, &names)) == 0)
            continue;
        t0_sym *items = t0_arena_alloc(ds->arena, n * sizeof *items);
        if (!items)
            continue;
        uint32_t k = 0;
        for (size_t i = 0; i < n; i++) {
            t0_sym sym = t0_symtab_intern(ds->symbols, names[i], strlen(names[i]));
            bool seen = false;
            for (uint32_t j = 0; j < k; j++)
                seen = seen || items[j] == sym;
            if (!seen)
                items[k++] = sym;
        }
        rel->services.items = items;
        rel->services.count = k;
    }
}

bool t0_slo_matches(const struct t0_slo *slo, struct t0_symlist services)
{
    if (slo->all_services)
        return true;
    for (uint32_t i = 0; i < services.count; i++)
        for (uint32_t k = 0; k < slo->symbols.count; k++)
            if (services.items[i] == slo->symbols.items[k])
                return true;
    return false;
}

bool t0_slo_matches_input(const struct t0_slo *slo, const struct t0_dataset *ds)
{
    if (slo->all_services)
        return true;
    for (size_t i = 0; i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (t0_slo_matches(slo, inc->services))
            return true;
        for (uint32_t g = 0; g < inc->n_segments; g++)
            if (inc->segments[g].has_services &&
                t0_slo_matches(slo, inc->segments[g].services))
                return true;
    }
    for (size_t r = 0; r < ds->n_releases; r++)
        if (t0_slo_matches(slo, ds->releases[r].services))
            return true;
    return false;
}

/* ---- events SLOs (their samples are read by series.c) ---- */

bool t0_config_events_only(const struct t0_config *cfg)
{
    for (size_t i = 0; i < cfg->n_slos; i++)
        if (!t0_sli_is_events(cfg->slos[i].sli))
            return false;
    return cfg->n_slos > 0;
}
