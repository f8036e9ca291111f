/* openslo.c: OpenSLO v1 YAML documents turned into tierzero's configuration tree. */
#define _GNU_SOURCE
#include "tierzero/openslo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define MAX_DEPTH 64
#define MAX_FILE (16u * 1024u * 1024u)

bool t0_openslo_path(const char *path)
{
    size_t len = path ? strlen(path) : 0;
    return (len > 5 && strcasecmp(path + len - 5, ".yaml") == 0) ||
           (len > 4 && strcasecmp(path + len - 4, ".yml") == 0);
}

/* ---- YAML to JSON ---- */

/* A plain scalar as YAML's core schema types it; quoted ones stay strings. */
static json_t *scalar_value(const yaml_node_t *node)
{
    const char *s = (const char *)node->data.scalar.value;
    size_t len = node->data.scalar.length;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return json_stringn(s, len);
    if (len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
        strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
        return json_null();
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
        return json_true();
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
        return json_false();
    if (strspn(s, "+-0123456789.eE") == len && strpbrk(s, "0123456789")) {
        char *end;
        errno = 0;
        long long i = strtoll(s, &end, 10);
        if (*end == '\0' && errno == 0)
            return json_integer(i);
        double d = strtod(s, &end);
        if (*end == '\0' && errno == 0)
            return json_real(d);
    }
    return json_stringn(s, len);
}

static json_t *node_to_json(yaml_document_t *doc, yaml_node_t *node, int depth)
{
    if (!node || depth > MAX_DEPTH)
        return NULL;
    switch (node->type) {
    case YAML_SCALAR_NODE:
        return scalar_value(node);
    case YAML_SEQUENCE_NODE: {
        json_t *arr = json_array();
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             arr && it < node->data.sequence.items.top; it++) {
            json_t *v = node_to_json(doc, yaml_document_get_node(doc, *it), depth + 1);
            if (!v || json_array_append_new(arr, v) != 0) {
                json_decref(arr);
                return NULL;
            }
        }
        return arr;
    }
    case YAML_MAPPING_NODE: {
        json_t *obj = json_object();
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
             obj && p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            json_t *v =
                node_to_json(doc, yaml_document_get_node(doc, p->value), depth + 1);
            if (!k || k->type != YAML_SCALAR_NODE || !v ||
                json_object_set_new(obj, (const char *)k->data.scalar.value, v) != 0) {
                json_decref(v);
                json_decref(obj);
                return NULL;
            }
        }
        return obj;
    }
    default:
        return NULL;
    }
}

/* Every document of the stream, as a JSON array of trees (new). */
static json_t *load_documents(const char *text, size_t len, const char *source,
                              struct t0_error *err)
{
    yaml_parser_t parser;
    json_t *docs = json_array();
    if (!docs || !yaml_parser_initialize(&parser)) {
        json_decref(docs);
        t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            t0_error_set_at(err, T0_EINPUT, source, (int)parser.problem_mark.line + 1,
                            (int)parser.problem_mark.column + 1, "%s%s%s%s%.0zu%s",
                            parser.problem ? parser.problem : "invalid YAML",
                            parser.context ? " (" : "",
                            parser.context ? parser.context : "",
                            parser.context ? " that starts at line " : "",
                            parser.context ? parser.context_mark.line + 1 : 0,
                            parser.context ? ")" : "");
            json_decref(docs);
            docs = NULL;
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break;
        }
        json_t *tree = node_to_json(&doc, root, 0);
        if (!tree) {
            t0_error_set_at(
                err, T0_EINPUT, source, (int)root->start_mark.line + 1,
                (int)root->start_mark.column + 1,
                "document %zu: a mapping key that is not a scalar, or nesting "
                "deeper than %d",
                json_array_size(docs) + 1, MAX_DEPTH);
            yaml_document_delete(&doc);
            json_decref(docs);
            docs = NULL;
            break;
        }
        json_array_append_new(docs, tree);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    return docs;
}

/* ---- OpenSLO to tierzero ---- */

struct conv {
    const char *source;
    json_t *warnings;
    struct t0_error *err;
    size_t doc;     /* 1-based */
    char what[160]; /* "document 2 (SLO \"api\")" */
};

__attribute__((format(printf, 3, 4))) static void warn(struct conv *c, const char *key,
                                                       const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *line = NULL;
    if (asprintf(&line, "%s: %s: %s", c->what, key, text) >= 0)
        json_array_append_new(c->warnings, json_string(line));
    free(line);
}

__attribute__((format(printf, 3, 4))) static json_t *fail(struct conv *c, const char *key,
                                                          const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    t0_error_set(c->err, T0_EINPUT, c->source, NULL, "%s: %s: %s", c->what, key, text);
    return NULL;
}

/* json_object_get over a dotted path ("spec.ratioMetric.good"). */
static json_t *at(const json_t *obj, const char *path)
{
    char key[64];
    while (obj && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        obj = json_object_get(obj, key);
        path += n + (path[n] == '.');
    }
    return (json_t *)obj;
}

/* 0.999 as 99.9: the decimal point of the number's shortest text moved two
 * places, so a target written with six places stays exact. */
static double percent_of(double fraction)
{
    char text[64], shifted[128];
    snprintf(text, sizeof text, "%.15g", fraction);
    char *dot = strchr(text, '.');
    if (strchr(text, 'e') || text[0] == '-')
        return fraction * 100.0;
    if (!dot)
        return (double)strtoll(text, NULL, 10) * 100.0;
    char frac[40] = "";
    snprintf(frac, sizeof frac, "%s00", dot + 1);
    *dot = '\0';
    snprintf(shifted, sizeof shifted, "%s%.2s.%s", text, frac, frac + 2);
    return strtod(shifted, NULL);
}

/* A ratioMetric's good, bad or total: {"prometheus": Q} or {"file": F}. */
static json_t *metric_source(struct conv *c, const json_t *metric, const char *key)
{
    const json_t *spec = at(metric, "metricSource.spec");
    const json_t *query = json_object_get(spec, "query");
    const json_t *file = json_object_get(spec, "file");
    if (query && !json_is_string(query))
        return fail(c, key, "metricSource.spec.query: expected a string");
    if (file && !json_is_string(file))
        return fail(c, key, "metricSource.spec.file: expected a string");
    if (query)
        return json_pack("{s:O}", "prometheus", query);
    if (file)
        return json_pack("{s:O}", "file", file);
    return fail(c, key,
                "expected metricSource.spec.query (PromQL) or metricSource.spec.file");
}

/* The SLI's spec → {"kind": "events", good/bad, total}; NULL with nothing
 * set in err when the SLO is left out (warned). */
static json_t *convert_sli(struct conv *c, const json_t *sli_spec, const char *where)
{
    char key[120];
    if (json_object_get(sli_spec, "thresholdMetric")) {
        snprintf(key, sizeof key, "%s.thresholdMetric", where);
        warn(c, key, "threshold metrics are not supported: the SLO is left out");
        return NULL;
    }
    const json_t *ratio = json_object_get(sli_spec, "ratioMetric");
    if (!json_is_object(ratio)) {
        snprintf(key, sizeof key, "%s", where);
        return fail(c, key, "expected a ratioMetric");
    }
    if (json_object_get(ratio, "raw")) {
        snprintf(key, sizeof key, "%s.ratioMetric.raw", where);
        warn(c, key, "raw ratio metrics are not supported: the SLO is left out");
        return NULL;
    }
    const json_t *good = json_object_get(ratio, "good"),
                 *bad = json_object_get(ratio, "bad"),
                 *total = json_object_get(ratio, "total");
    snprintf(key, sizeof key, "%s.ratioMetric", where);
    if (!total || (!good == !bad))
        return fail(c, key, "expected good or bad (one of them), and total");
    json_t *sli = json_pack("{s:s}", "kind", "events");
    const char *role = good ? "good" : "bad";
    snprintf(key, sizeof key, "%s.ratioMetric.%s", where, role);
    json_t *first = metric_source(c, good ? good : bad, key);
    snprintf(key, sizeof key, "%s.ratioMetric.total", where);
    json_t *second = first ? metric_source(c, total, key) : NULL;
    if (!sli || !first || !second) {
        json_decref(sli);
        json_decref(first);
        json_decref(second);
        return NULL;
    }
    json_object_set_new(sli, role, first);
    json_object_set_new(sli, "total", second);
    return sli;
}

static const json_t *find_sli(const json_t *docs, const char *name)
{
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d)
    {
        const char *kind = json_string_value(json_object_get(d, "kind"));
        const char *n = json_string_value(at(d, "metadata.name"));
        if (kind && n && strcmp(kind, "SLI") == 0 && strcmp(n, name) == 0)
            return d;
    }
    return NULL;
}

/* A number given as a number, else an error. */
static bool number_at(struct conv *c, const json_t *obj, const char *key,
                      const char *label, double *out, bool *present)
{
    const json_t *v = json_object_get(obj, key);
    *present = v && !json_is_null(v);
    if (!*present)
        return true;
    if (!json_is_number(v)) {
        fail(c, label, "expected a number");
        return false;
    }
    *out = json_number_value(v);
    return true;
}

/* The objective, the budgeting and the window of an SLO into slo. False
 * with err set on an error; *left_out when warned away. */
static bool convert_objectives(struct conv *c, const json_t *spec, json_t *slo,
                               bool *left_out)
{
    const char *method = json_string_value(json_object_get(spec, "budgetingMethod"));
    if (!method) {
        fail(c, "spec.budgetingMethod", "expected Occurrences or Timeslices");
        return false;
    }
    if (strcmp(method, "RatioTimeslices") == 0) {
        warn(c, "spec.budgetingMethod",
             "RatioTimeslices is not supported: the SLO is left out");
        *left_out = true;
        return true;
    }
    bool slices = strcmp(method, "Timeslices") == 0;
    if (!slices && strcmp(method, "Occurrences") != 0) {
        fail(c, "spec.budgetingMethod", "expected Occurrences or Timeslices, got \"%s\"",
             method);
        return false;
    }
    const json_t *objectives = json_object_get(spec, "objectives");
    if (!json_is_array(objectives) || json_array_size(objectives) == 0) {
        fail(c, "spec.objectives", "expected a list of at least one objective");
        return false;
    }
    if (json_array_size(objectives) > 1)
        warn(c, "spec.objectives",
             "%zu objectives: tierzero reviews the first (the others "
             "are ignored)",
             json_array_size(objectives));
    const json_t *obj = json_array_get(objectives, 0);
    double target = 0, pct = 0, slice = 0;
    bool has_target, has_pct, has_slice;
    if (!number_at(c, obj, "target", "spec.objectives[0].target", &target, &has_target) ||
        !number_at(c, obj, "targetPercent", "spec.objectives[0].targetPercent", &pct,
                   &has_pct) ||
        !number_at(c, obj, "timeSliceTarget", "spec.objectives[0].timeSliceTarget",
                   &slice, &has_slice))
        return false;
    if (!has_target && !has_pct) {
        fail(c, "spec.objectives[0]", "expected target or targetPercent");
        return false;
    }
    json_object_set_new(slo, "objective_pct",
                        json_real(has_pct ? pct : percent_of(target)));
    if (slices) {
        if (!has_slice) {
            fail(c, "spec.objectives[0].timeSliceTarget", "required with Timeslices");
            return false;
        }
        json_object_set_new(slo, "budgeting", json_string("timeslices"));
        json_object_set_new(slo, "slice_target_pct", json_real(percent_of(slice)));
    }
    return true;
}

static void convert_window(struct conv *c, const json_t *spec, json_t *slo)
{
    const json_t *windows = json_object_get(spec, "timeWindow");
    const json_t *w = json_array_get(windows, 0);
    if (!w)
        return;
    if (json_array_size(windows) > 1)
        warn(c, "spec.timeWindow", "only the first time window is read");
    const char *duration = json_string_value(json_object_get(w, "duration"));
    bool rolling = json_is_true(json_object_get(w, "isRolling"));
    if (!duration) {
        warn(c, "spec.timeWindow[0].duration", "no duration (ignored)");
        return;
    }
    char *end;
    long n = strtol(duration, &end, 10);
    if (rolling) {
        if (n > 0 && n <= 3660 && (strcmp(end, "d") == 0 || strcmp(end, "w") == 0))
            json_object_set_new(slo, "rolling_days",
                                json_integer(*end == 'w' ? n * 7 : n));
        else
            warn(c, "spec.timeWindow[0].duration",
                 "a rolling window of \"%s\" is not in days or weeks (ignored)",
                 duration);
    } else if (strcmp(duration, "1M") != 0) {
        warn(c, "spec.timeWindow[0].duration",
             "a calendar window of \"%s\": tierzero reviews calendar months", duration);
    }
}

/* One kind: SLO document → one tierzero SLO appended to slos (or warned
 * away). False on an error. */
static bool convert_slo(struct conv *c, const json_t *docs, const json_t *d, json_t *slos)
{
    const json_t *spec = json_object_get(d, "spec");
    if (!json_is_object(spec)) {
        fail(c, "spec", "expected a mapping");
        return false;
    }
    const json_t *name = at(d, "metadata.displayName");
    if (!json_is_string(name))
        name = at(d, "metadata.name");
    if (!json_is_string(name)) {
        fail(c, "metadata.name", "expected a string");
        return false;
    }
    json_t *slo = json_pack("{s:O}", "name", name);
    const json_t *service = json_object_get(spec, "service");
    if (service && !json_is_string(service)) {
        json_decref(slo);
        fail(c, "spec.service", "expected a string");
        return false;
    }
    if (service)
        json_object_set_new(slo, "services", json_pack("[O]", service));
    bool left_out = false;
    if (!convert_objectives(c, spec, slo, &left_out) || left_out) {
        json_decref(slo);
        return left_out;
    }
    const json_t *indicator = json_object_get(spec, "indicator");
    const json_t *ref = json_object_get(spec, "indicatorRef");
    const json_t *sli_spec;
    const char *where;
    if (indicator) {
        sli_spec = json_object_get(indicator, "spec");
        where = "spec.indicator.spec";
    } else if (json_is_string(ref)) {
        const json_t *sli_doc = find_sli(docs, json_string_value(ref));
        if (!sli_doc) {
            json_decref(slo);
            fail(c, "spec.indicatorRef", "no kind: SLI named \"%s\" in the file",
                 json_string_value(ref));
            return false;
        }
        sli_spec = json_object_get(sli_doc, "spec");
        where = "indicatorRef's spec";
    } else {
        json_decref(slo);
        fail(c, "spec", "expected an indicator or an indicatorRef");
        return false;
    }
    struct t0_error *err = c->err;
    bool had_error = err && err->text[0];
    json_t *sli = convert_sli(c, sli_spec, where);
    if (!sli) {
        json_decref(slo);
        return !(err && err->text[0] && !had_error);
    }
    json_object_set_new(slo, "sli", sli);
    convert_window(c, spec, slo);
    const json_t *alerts = json_object_get(spec, "alertPolicies");
    if (json_array_size(alerts) > 0 || json_is_object(alerts))
        warn(c, "spec.alertPolicies", "alert policies are not used (ignored)");
    json_array_append_new(slos, slo);
    return true;
}

/* A Prometheus DataSource's connectionDetails.url is the server to ask
 * (--prometheus still overrides it); the first one counts. */
static void data_source(struct conv *c, const json_t *d, json_t **url)
{
    const char *type = json_string_value(at(d, "spec.type"));
    const json_t *u = at(d, "spec.connectionDetails.url");
    if (!type || strcasecmp(type, "Prometheus") != 0 || !json_is_string(u))
        return;
    if (!*url)
        *url = json_deep_copy(u); /* new: the documents go before it is used */
    else if (!json_equal(*url, u))
        warn(c, "spec.connectionDetails.url",
             "a second Prometheus server: tierzero asks the first (ignored)");
}

json_t *t0_openslo_convert(const char *text, size_t len, const char *source,
                           json_t *warnings, struct t0_error *err)
{
    struct t0_error local;
    t0_error_clear(&local);
    struct conv c = {source, warnings, err ? err : &local, 0, ""};
    json_t *docs = load_documents(text, len, source, c.err);
    if (!docs)
        return NULL;
    json_t *slos = json_array();
    json_t *url = NULL;
    size_t i;
    json_t *d;
    bool ok = slos != NULL;
    json_array_foreach(docs, i, d)
    {
        if (!ok)
            break;
        c.doc = i + 1;
        snprintf(c.what, sizeof c.what, "document %zu", c.doc);
        if (!json_is_object(d)) {
            fail(&c, "(top)", "expected a mapping");
            ok = false;
            break;
        }
        const char *api = json_string_value(json_object_get(d, "apiVersion"));
        const char *kind = json_string_value(json_object_get(d, "kind"));
        const char *name = json_string_value(at(d, "metadata.name"));
        snprintf(c.what, sizeof c.what, "document %zu (%s \"%s\")", c.doc,
                 kind ? kind : "?", name ? name : "?");
        if (!api || strcmp(api, "openslo/v1") != 0) {
            fail(&c, "apiVersion", "expected openslo/v1, got %s", api ? api : "nothing");
            ok = false;
        } else if (!kind) {
            fail(&c, "kind", "expected a string");
            ok = false;
        } else if (strcmp(kind, "SLO") == 0) {
            ok = convert_slo(&c, docs, d, slos);
        } else if (strcmp(kind, "DataSource") == 0) {
            data_source(&c, d, &url);
        } else if (strcmp(kind, "SLI") != 0 && strcmp(kind, "Service") != 0) {
            warn(&c, "kind", "%s is not read by tierzero (ignored)", kind);
        }
    }
    json_decref(docs);
    if (ok && json_array_size(slos) == 0) {
        t0_error_set(c.err, T0_EINPUT, source, NULL,
                     "no kind: SLO that tierzero can review in the file");
        ok = false;
    }
    if (!ok) {
        json_decref(slos);
        json_decref(url);
        return NULL;
    }
    json_t *root = json_pack("{s:o}", "slos", slos);
    if (root && url)
        json_object_set_new(root, "prometheus", json_pack("{s:O}", "url", url));
    json_decref(url);
    return root;
}

json_t *t0_openslo_load(const char *path, const char *source, json_t *warnings,
                        struct t0_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        t0_error_set(err, T0_EINPUT, source, NULL, "unable to open %s: %s", path,
                     strerror(errno));
        return NULL;
    }
    char *buf = malloc(MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE + 1, fp) : 0;
    bool read_error = ferror(fp);
    if (!is_stdin)
        fclose(fp);
    json_t *root = NULL;
    if (!buf)
        t0_error_set(err, T0_ENOMEM, source, NULL, "out of memory");
    else if (read_error)
        t0_error_set(err, T0_EINPUT, source, NULL, "unable to read");
    else if (n > MAX_FILE)
        t0_error_set(err, T0_EINPUT, source, NULL, "an OpenSLO file over %u MiB",
                     MAX_FILE >> 20);
    else
        root = t0_openslo_convert(buf, n, source, warnings, err);
    free(buf);
    return root;
}
