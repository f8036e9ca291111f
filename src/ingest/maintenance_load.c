/* maintenance_load.c: maintenance windows from the configuration and Statuspage files
 * (definitions.md §10). */
#include "tierzero/maintenance_load.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Services and reason shared by both kinds of configured window. */
struct common {
    const char **services;
    size_t n_services;
    const char *reason;
};

static enum t0_status bad(struct t0_error *err, const char *source, const char *path,
                          const char *text)
{
    return t0_error_set(err, T0_EINPUT, source, path, "%s", text);
}

static enum t0_status nomem(struct t0_error *err, const char *source)
{
    return t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
}

/* "services": a string, a list of strings, absent or null (every SLO). */
static enum t0_status read_services(const json_t *o, const char *source, const char *at,
                                    struct common *c, struct t0_error *err)
{
    char path[300];
    json_t *v = json_object_get(o, "services");
    c->services = NULL;
    c->n_services = 0;
    snprintf(path, sizeof path, "%s.services", at);
    if (!v || json_is_null(v))
        return T0_OK;
    if (json_is_string(v)) {
        c->services = malloc(sizeof *c->services);
        if (!c->services)
            return nomem(err, source);
        c->services[c->n_services++] = json_string_value(v);
        return T0_OK;
    }
    if (!json_is_array(v))
        return bad(err, source, path, "expected a list of service names");
    c->services = malloc((json_array_size(v) + 1) * sizeof *c->services);
    if (!c->services)
        return nomem(err, source);
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *item = json_array_get(v, i);
        if (!json_is_string(item) || json_string_length(item) == 0) {
            snprintf(path, sizeof path, "%s.services[%zu]", at, i);
            return bad(err, source, path, "expected a non-empty string");
        }
        c->services[c->n_services++] = json_string_value(item);
    }
    return T0_OK;
}

static enum t0_status read_common(const json_t *o, const char *source, const char *at,
                                  struct common *c, struct t0_error *err)
{
    char path[300];
    json_t *v = json_object_get(o, "reason");
    c->reason = "";
    if (v && !json_is_null(v)) {
        snprintf(path, sizeof path, "%s.reason", at);
        if (!json_is_string(v))
            return bad(err, source, path, "expected a string");
        c->reason = json_string_value(v);
    }
    return read_services(o, source, at, c, err);
}

static enum t0_status read_instant(const json_t *o, const char *key, const char *source,
                                   const char *at, t0_ms *out, struct t0_error *err)
{
    char path[300];
    const char *reason = NULL;
    json_t *v = json_object_get(o, key);
    snprintf(path, sizeof path, "%s.%s", at, key);
    if (!v || json_is_null(v))
        return bad(err, source, path, "missing required field");
    if (!json_is_string(v) ||
        !t0_parse_rfc3339(json_string_value(v), json_string_length(v), out, &reason))
        return t0_error_set(err, T0_EINPUT, source, path,
                            "expected an RFC 3339 time with offset%s%s",
                            reason ? ": " : "", reason ? reason : "");
    return T0_OK;
}

static enum t0_status read_clock(const json_t *weekly, const char *key, bool allow_24,
                                 const char *source, const char *at, int *out,
                                 struct t0_error *err)
{
    char path[300];
    json_t *v = json_object_get(weekly, key);
    snprintf(path, sizeof path, "%s.weekly.%s", at, key);
    if (!json_is_string(v) || !t0_maint_parse_clock(json_string_value(v), allow_24, out))
        return bad(err, source, path,
                   allow_24 ? "expected a local time \"HH:MM\" (00:00 to 24:00)"
                            : "expected a local time \"HH:MM\" (00:00 to 23:59)");
    return T0_OK;
}

static enum t0_status read_weekly(struct t0_maint_list *list, const json_t *o,
                                  const char *source, const char *at,
                                  const struct common *c, struct t0_error *err)
{
    char path[300];
    json_t *weekly = json_object_get(o, "weekly");
    struct t0_maint_weekly rule = {0};
    snprintf(path, sizeof path, "%s.weekly", at);
    if (!json_is_object(weekly))
        return bad(err, source, path, "expected an object {\"day\", \"from\", \"to\"}");
    json_t *day = json_object_get(weekly, "day");
    snprintf(path, sizeof path, "%s.weekly.day", at);
    if (!json_is_string(day) ||
        !t0_maint_parse_weekday(json_string_value(day), &rule.weekday))
        return bad(err, source, path,
                   "expected a weekday (mon ... sun, or its full name)");
    enum t0_status st;
    if ((st = read_clock(weekly, "from", false, source, at, &rule.from_minute, err)) !=
            T0_OK ||
        (st = read_clock(weekly, "to", true, source, at, &rule.to_minute, err)) != T0_OK)
        return st;
    rule.services = c->services;
    rule.n_services = (uint32_t)c->n_services;
    rule.reason = c->reason;
    char origin[320];
    snprintf(origin, sizeof origin, "%s: %s", source, at);
    rule.origin = origin;
    return t0_maint_list_add_weekly(list, &rule) ? T0_OK : nomem(err, source);
}

static enum t0_status read_window(struct t0_maint_list *list, const json_t *o,
                                  const char *source, const char *at,
                                  const struct common *c, struct t0_error *err)
{
    t0_ms from, to;
    char path[300], origin[320];
    enum t0_status st;
    if ((st = read_instant(o, "from", source, at, &from, err)) != T0_OK ||
        (st = read_instant(o, "to", source, at, &to, err)) != T0_OK)
        return st;
    snprintf(path, sizeof path, "%s.to", at);
    if (to <= from)
        return bad(err, source, path, "the window ends before or when it starts");
    snprintf(origin, sizeof origin, "%s: %s", source, at);
    struct t0_maint_window *w = t0_maint_list_add(list, from, to, c->services,
                                                  c->n_services, c->reason, origin, NULL);
    return w ? T0_OK : nomem(err, source);
}

enum t0_status t0_maint_read_config(struct t0_maint_list *list, const struct json_t *root,
                                    const char *source, struct t0_error *err)
{
    json_t *v = json_object_get((const json_t *)root, "maintenance");
    if (!v || json_is_null(v))
        return T0_OK;
    if (!json_is_array(v))
        return bad(err, source, "maintenance", "expected a list of maintenance windows");
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *o = json_array_get(v, i);
        char at[64];
        snprintf(at, sizeof at, "maintenance[%zu]", i);
        if (!json_is_object(o))
            return bad(err, source, at, "expected an object");
        struct common c = {0};
        enum t0_status st = read_common(o, source, at, &c, err);
        if (st == T0_OK)
            st = json_object_get(o, "weekly") ? read_weekly(list, o, source, at, &c, err)
                                              : read_window(list, o, source, at, &c, err);
        free(c.services);
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

/* ---- Statuspage scheduled-maintenances.json ---- */

/* The first of two time fields that is given (not absent, not null). */
static enum t0_status read_either(const json_t *o, const char *first, const char *second,
                                  const char *source, const char *at, t0_ms *out,
                                  struct t0_error *err)
{
    json_t *v = json_object_get(o, first);
    const char *key = v && !json_is_null(v) ? first : second;
    v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        char path[300];
        snprintf(path, sizeof path, "%s.%s", at, second);
        return t0_error_set(err, T0_EINPUT, source, path,
                            "missing: neither %s nor %s is given", first, second);
    }
    return read_instant(o, key, source, at, out, err);
}

/* components[].name (definitions.md rule 11.14: a list of objects with a string name). */
static enum t0_status read_components(const json_t *o, const char *source, const char *at,
                                      struct common *c, struct t0_error *err)
{
    char path[300];
    json_t *v = json_object_get(o, "components");
    c->services = NULL;
    c->n_services = 0;
    if (!v || json_is_null(v))
        return T0_OK;
    snprintf(path, sizeof path, "%s.components", at);
    if (!json_is_array(v))
        return bad(err, source, path, "expected a list of components");
    c->services = malloc((json_array_size(v) + 1) * sizeof *c->services);
    if (!c->services)
        return nomem(err, source);
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *name = json_object_get(json_array_get(v, i), "name");
        if (!json_is_string(name)) {
            snprintf(path, sizeof path, "%s.components[%zu].name", at, i);
            return bad(err, source, path,
                       "expected a component object with a string name");
        }
        c->services[c->n_services++] = json_string_value(name);
    }
    return T0_OK;
}

/* An optional string member (id, name): absent, null or a string. */
static enum t0_status read_opt_string(const json_t *o, const char *key,
                                      const char *source, const char *at,
                                      const char **out, struct t0_error *err)
{
    char path[300];
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return T0_OK;
    if (!json_is_string(v)) {
        snprintf(path, sizeof path, "%s.%s", at, key);
        return bad(err, source, path, "expected a string");
    }
    *out = json_string_value(v);
    return T0_OK;
}

/* updated_at when it is a valid time (as for incidents: only merge reads it). */
static t0_ms updated_of(const json_t *o)
{
    json_t *v = json_object_get(o, "updated_at");
    t0_ms t;
    if (json_is_string(v) &&
        t0_parse_rfc3339(json_string_value(v), json_string_length(v), &t, NULL))
        return t;
    return T0_NO_TIME;
}

/* Adds one maintenance read from a file: a window of kind scheduled, its name
 * as the reason (definitions.md §10, rule 11.8: ignored when its end is not after its
 * start, unless keep_ignored). */
static enum t0_status
add_scheduled(struct t0_maint_list *list, const json_t *o, t0_ms from, t0_ms to,
              const struct common *c, const char *name, const char *id,
              const char *source, const char *at, const struct t0_maint_read_options *opt,
              struct t0_maint_file_report *rep, struct t0_error *err)
{
    char origin[320];
    bool ignored = to <= from;
    rep->ignored += ignored;
    if (ignored && !(opt && opt->keep_ignored))
        return T0_OK;
    snprintf(origin, sizeof origin, "%s: %s", source, at);
    struct t0_maint_window *w = t0_maint_list_add(
        list, from, to, c->services, c->n_services, name ? name : "", origin, id);
    if (!w)
        return nomem(err, source);
    w->kind = T0_MAINT_SCHEDULED;
    w->updated_at = updated_of(o);
    rep->used += !ignored;
    return T0_OK;
}

enum t0_status t0_maint_read_scheduled_entry(struct t0_maint_list *list, const json_t *o,
                                             const char *source, const char *at,
                                             const struct t0_maint_read_options *opt,
                                             struct t0_maint_file_report *rep,
                                             struct t0_error *err)
{
    t0_ms from, to;
    struct common c = {0};
    const char *id, *name;
    if (!json_is_object(o))
        return bad(err, source, at, "expected a scheduled maintenance object");
    enum t0_status st;
    if ((st = read_opt_string(o, "id", source, at, &id, err)) != T0_OK ||
        (st = read_opt_string(o, "name", source, at, &name, err)) != T0_OK)
        return st;
    if ((st = read_either(o, "started_at", "scheduled_for", source, at, &from, err)) ==
            T0_OK &&
        (st = read_either(o, "resolved_at", "scheduled_until", source, at, &to, err)) ==
            T0_OK &&
        (st = read_components(o, source, at, &c, err)) == T0_OK)
        st = add_scheduled(list, o, from, to, &c, name, id, source, at, opt, rep, err);
    free(c.services);
    return st;
}

enum t0_status t0_maint_read_record(struct t0_maint_list *list, const json_t *o,
                                    const char *source, const char *at,
                                    const struct t0_maint_read_options *opt,
                                    struct t0_maint_file_report *rep,
                                    struct t0_error *err)
{
    t0_ms from, to;
    struct common c = {0};
    const char *id, *name;
    if (!json_is_object(o))
        return bad(err, source, at, "expected a maintenance object");
    enum t0_status st;
    if ((st = read_opt_string(o, "id", source, at, &id, err)) != T0_OK ||
        (st = read_opt_string(o, "name", source, at, &name, err)) != T0_OK)
        return st;
    if ((st = read_instant(o, "from", source, at, &from, err)) == T0_OK &&
        (st = read_instant(o, "to", source, at, &to, err)) == T0_OK &&
        (st = read_services(o, source, at, &c, err)) == T0_OK)
        st = add_scheduled(list, o, from, to, &c, name, id, source, at, opt, rep, err);
    free(c.services);
    return st;
}

/* The file read through zlib, which inflates a gzip file (definitions.md rule 11.1:
 * recognised by its magic bytes, on standard input too) and reads any other
 * as it is. */

/* A scheduled-maintenances file larger than this, inflated, is not one (a
 * page's holds kilobytes); the cap keeps a gzip bomb out of memory. */
#define MAINT_MAX_BYTES ((size_t)256 << 20)

struct gz_source {
    gzFile gz;
    size_t total;
    bool too_large;
};

static size_t gz_fill(void *buf, size_t size, void *data)
{
    struct gz_source *src = data;
    int got = gzread(src->gz, buf, (unsigned)(size > 65536 ? 65536 : size));
    if (got < 0)
        return (size_t)-1;
    src->total += (size_t)got;
    if (src->total > MAINT_MAX_BYTES) {
        src->too_large = true;
        return (size_t)-1;
    }
    return (size_t)got;
}

/* The JSON document of path ("-": standard input), NULL with *st and err set. */
static json_t *load_file(const char *path, const char *source, enum t0_status *st,
                         struct t0_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!gz) {
        *st = t0_error_set(err, T0_EINPUT, source, NULL, "unable to open %s: %s", path,
                           strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    json_error_t jerr;
    struct gz_source src = {gz, 0, false};
    json_t *root = json_load_callback(gz_fill, &src, JSON_REJECT_DUPLICATES, &jerr);
    int zerr = Z_OK;
    const char *zmsg = gzerror(gz, &zerr);
    /* Too large, or a damaged or truncated gzip stream, fails the file even
     * when the JSON read so far was whole. */
    if (src.too_large)
        zerr = Z_DATA_ERROR;
    if (src.too_large)
        *st = t0_error_set(err, T0_EINPUT, source, NULL,
                           "larger than %zu bytes: not a scheduled-maintenances file",
                           MAINT_MAX_BYTES);
    else if (zerr == Z_BUF_ERROR)
        *st = t0_error_set(err, T0_EINPUT, source, NULL,
                           "invalid gzip data: the compressed stream is truncated");
    else if (zerr == Z_ERRNO)
        *st = t0_error_set(err, T0_EINPUT, source, NULL, "unable to read %s: %s", path,
                           strerror(errno));
    else if (zerr != Z_OK)
        *st = t0_error_set(err, T0_EINPUT, source, NULL, "invalid gzip data: %s",
                           strncmp(zmsg, "<fd:", 4) == 0 && strstr(zmsg, ": ")
                               ? strstr(zmsg, ": ") + 2
                               : zmsg);
    else if (!root && jerr.line > 0)
        *st = t0_error_set_at(err, T0_EINPUT, source, jerr.line, jerr.column, "%s",
                              jerr.text);
    else if (!root)
        *st = t0_error_set(err, T0_EINPUT, source, NULL, "%s", jerr.text);
    gzclose(gz);
    if (zerr != Z_OK) {
        json_decref(root);
        return NULL;
    }
    return root;
}

enum t0_status t0_maint_read_scheduled(struct t0_maint_list *list, const char *path,
                                       struct t0_maint_file_report *report,
                                       struct t0_error *err)
{
    struct t0_maint_file_report local = {0};
    struct t0_maint_file_report *rep = report ? report : &local;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *source = is_stdin ? "<stdin>" : path;
    enum t0_status st = T0_OK;
    memset(rep, 0, sizeof *rep);
    json_t *root = load_file(path, source, &st, err);
    if (!root)
        return st;
    json_t *list_v = json_object_get(root, "scheduled_maintenances");
    if (!json_is_object(root) || !json_is_array(list_v)) {
        st = t0_error_set(err, T0_EINPUT, source, NULL,
                          "expected a Statuspage scheduled-maintenances.json "
                          "({\"page\": ..., \"scheduled_maintenances\": [...]})");
        goto cleanup;
    }
    for (size_t i = 0; i < json_array_size(list_v) && st == T0_OK; i++) {
        char at[64];
        snprintf(at, sizeof at, "scheduled_maintenances[%zu]", i);
        rep->read++;
        st = t0_maint_read_scheduled_entry(list, json_array_get(list_v, i), source, at,
                                           NULL, rep, err);
    }
cleanup:
    json_decref(root);
    return st;
}
