/* series.c: reads saved counts (query_range responses, CSV series, warehouse exports) and pairs them into samples (SPEC 8, 11 rule 6). */
#include "tierzero/sli.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file bigger than this is refused: 2 GiB of counts is far beyond a year
 * of one-second samples. */
#define MAX_SERIES_BYTES ((size_t)1 << 31)

/* One value read from a file, before summing per timestamp. */
struct raw {
    t0_ms t;
    double v[2];   /* value (or good/bad), total for a warehouse row */
    uint32_t seq;  /* input order, so sums are taken in file order */
    unsigned char ok[2];
};

struct raws {
    struct raw *items;
    size_t n, cap;
    bool sorted;
};

static bool raws_push(struct raws *r, struct raw x)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        struct raw *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return false;
        r->items = items;
        r->cap = cap;
    }
    x.seq = (uint32_t)r->n;
    if (r->n && r->items[r->n - 1].t > x.t)
        r->sorted = false;
    r->items[r->n++] = x;
    return true;
}

void t0_series_free(struct t0_series *s)
{
    if (!s)
        return;
    free(s->t);
    free(s->bad);
    free(s->good);
    free(s->total);
    free(s->state);
    free(s);
}

static struct t0_series *series_alloc(size_t n, bool with_bad_good)
{
    struct t0_series *s = calloc(1, sizeof *s);
    size_t room = n ? n : 1;
    if (!s)
        return NULL;
    s->t = malloc(room * sizeof *s->t);
    s->total = malloc(room * sizeof *s->total);
    s->state = malloc(room);
    if (with_bad_good) {
        s->bad = malloc(room * sizeof *s->bad);
        s->good = malloc(room * sizeof *s->good);
    }
    if (!s->t || !s->total || !s->state || (with_bad_good && (!s->bad || !s->good))) {
        t0_series_free(s);
        return NULL;
    }
    return s;
}

/* ---- numbers and times ---- */

/* A value as Prometheus writes it ("12", "1.5e+06", "NaN", "+Inf"): false
 * for a non-number; NaN and infinities are numbers here (judged invalid
 * when summed). */
static bool parse_value(const char *text, size_t len, double *out)
{
    char buf[64];
    while (len && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len)
        return false;
    *out = v; /* an overflow is HUGE_VAL: infinite, hence invalid */
    return true;
}

/* Unix seconds, "1700000000" or "1700000000.125", truncated to the ms. */
static bool parse_unix_seconds(const char *text, size_t len, t0_ms *out)
{
    size_t i = 0;
    bool neg = false;
    int64_t sec = 0, ms = 0;
    if (i < len && (text[i] == '-' || text[i] == '+'))
        neg = text[i++] == '-';
    size_t digits = 0;
    for (; i < len && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
        if (sec > INT64_C(900000000000000))
            return false;
        sec = sec * 10 + (text[i] - '0');
    }
    if (digits == 0)
        return false;
    if (i < len && text[i] == '.') {
        int scale = 100;
        size_t frac = 0;
        for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++, frac++) {
            ms += (text[i] - '0') * scale;
            scale /= 10;
        }
        if (frac == 0)
            return false;
    }
    if (i != len)
        return false;
    *out = (neg ? -1 : 1) * (sec * 1000 + ms);
    return true;
}

static void trim(const char **text, size_t *len)
{
    while (*len && (**text == ' ' || **text == '\t')) {
        (*text)++;
        (*len)--;
    }
    while (*len && ((*text)[*len - 1] == ' ' || (*text)[*len - 1] == '\t'))
        (*len)--;
}

/* RFC 3339 with offset, or Unix seconds. */
static bool parse_timestamp(const char *text, size_t len, t0_ms *out, const char **reason)
{
    trim(&text, &len);
    *reason = NULL;
    if (parse_unix_seconds(text, len, out))
        return true;
    return t0_parse_rfc3339(text, len, out, reason);
}

/* A JSON number of seconds (query_range writes 1700000000.123). */
static bool json_seconds(const json_t *v, t0_ms *out)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i > INT64_C(9000000000000) || i < -INT64_C(9000000000000))
            return false;
        *out = (t0_ms)i * 1000;
        return true;
    }
    if (json_is_real(v)) {
        char buf[64];
        double d = json_real_value(v);
        if (!isfinite(d) || fabs(d) > 9e12)
            return false;
        snprintf(buf, sizeof buf, "%.6f", d);
        return parse_unix_seconds(buf, strlen(buf), out);
    }
    if (json_is_string(v)) {
        const char *reason;
        return parse_timestamp(json_string_value(v), json_string_length(v), out, &reason);
    }
    return false;
}

/* ---- the file ---- */

static enum t0_status read_file(const char *path, char **data, size_t *len,
                                struct t0_error *err)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!fp)
        return t0_error_set(err, T0_EINPUT, path, NULL, "unable to open %s: %s", path,
                            strerror(errno));
    for (;;) {
        if (n + 65536 + 1 > cap) {
            size_t want = cap ? cap * 2 : 1 << 20;
            char *grown = want > MAX_SERIES_BYTES ? NULL : realloc(buf, want);
            if (!grown) {
                free(buf);
                fclose(fp);
                return t0_error_set(err, T0_EINPUT, path, NULL,
                                    "the file is too large to read");
            }
            buf = grown;
            cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    bool failed = ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        return t0_error_set(err, T0_EINPUT, path, NULL, "unable to read %s", path);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return T0_OK;
}

/* ---- query_range JSON ---- */

static enum t0_status json_values(const char *path, const json_t *values, size_t k,
                                  struct raws *out, struct t0_error *err)
{
    size_t i;
    const json_t *pair;
    json_array_foreach(values, i, pair)
    {
        t0_ms t;
        double v = 0;
        const json_t *jv;
        if (!json_is_array(pair) || json_array_size(pair) != 2)
            return t0_error_set(err, T0_EINPUT, path, NULL,
                                "data.result[%zu].values[%zu]: expected [time, \"value\"]",
                                k, i);
        if (!json_seconds(json_array_get(pair, 0), &t))
            return t0_error_set(err, T0_EINPUT, path, NULL,
                                "data.result[%zu].values[%zu][0]: expected a time in Unix "
                                "seconds",
                                k, i);
        jv = json_array_get(pair, 1);
        bool ok;
        if (json_is_string(jv))
            ok = parse_value(json_string_value(jv), json_string_length(jv), &v);
        else if (json_is_number(jv)) {
            v = json_number_value(jv);
            ok = true;
        } else
            ok = false;
        struct raw r = {t, {v, 0}, 0, {ok && isfinite(v), 1}};
        if (!raws_push(out, r))
            return t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
    }
    return T0_OK;
}

static enum t0_status read_query_range(const char *path, const char *data, size_t len,
                                       struct raws *out, struct t0_error *err)
{
    json_error_t jerr;
    enum t0_status st = T0_OK;
    json_t *root = json_loadb(data, len, 0, &jerr);
    if (!root)
        return t0_error_set_at(err, T0_EINPUT, path, jerr.line, jerr.column, "%s",
                               jerr.text);
    const json_t *status = json_object_get(root, "status");
    if (json_is_string(status) && strcmp(json_string_value(status), "success") != 0) {
        const json_t *text = json_object_get(root, "error");
        st = t0_error_set(err, T0_EINPUT, path, NULL, "the saved query failed: %s",
                          json_is_string(text) ? json_string_value(text) : "no error text");
        goto cleanup;
    }
    const json_t *d = json_object_get(root, "data");
    const json_t *type = json_object_get(d, "resultType");
    const json_t *result = json_object_get(d, "result");
    if (!json_is_object(d) || !json_is_string(type) || !json_is_array(result)) {
        st = t0_error_set(err, T0_EINPUT, path, NULL,
                          "expected a query_range response "
                          "({\"data\": {\"resultType\": \"matrix\", \"result\": [...]}})");
        goto cleanup;
    }
    if (strcmp(json_string_value(type), "matrix") != 0) {
        st = t0_error_set(err, T0_EINPUT, path, "data.resultType",
                          "expected \"matrix\" (a query_range response), got \"%s\"",
                          json_string_value(type));
        goto cleanup;
    }
    size_t k;
    const json_t *series;
    json_array_foreach(result, k, series)
    {
        const json_t *values = json_object_get(series, "values");
        if (!json_is_array(values)) {
            st = t0_error_set(err, T0_EINPUT, path, NULL,
                              "data.result[%zu].values: expected an array", k);
            goto cleanup;
        }
        if ((st = json_values(path, values, k, out, err)) != T0_OK)
            goto cleanup;
    }
cleanup:
    json_decref(root);
    return st;
}

/* ---- CSV ---- */

#define MAX_FIELDS 16

struct field {
    const char *text;
    size_t len;
    size_t column; /* 1-based byte column */
};

/* Splits one line (without its end) at commas; a field may be quoted (RFC
 * 4180, "" for a quote; quoted fields do not span lines here). Returns the
 * number of fields, or -1 on a malformed quote. Quoted fields point into
 * scratch with the quotes undone. */
static int split_line(const char *line, size_t len, struct field *f, char *scratch)
{
    int n = 0;
    size_t i = 0, used = 0;
    for (;;) {
        if (n == MAX_FIELDS)
            return n + 1;
        f[n].column = i + 1;
        if (i < len && line[i] == '"') {
            char *dst = scratch + used;
            size_t k = 0;
            i++;
            for (;;) {
                if (i >= len)
                    return -1;
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        dst[k++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                dst[k++] = line[i++];
            }
            f[n].text = dst;
            f[n].len = k;
            used += k;
            if (i < len && line[i] != ',')
                return -1;
        } else {
            size_t start = i;
            while (i < len && line[i] != ',') {
                if (line[i] == '"')
                    return -1;
                i++;
            }
            f[n].text = line + start;
            f[n].len = i - start;
        }
        n++;
        if (i >= len)
            return n;
        i++; /* the comma */
    }
}

static bool field_is(const struct field *f, const char *name)
{
    const char *t = f->text;
    size_t len = f->len;
    trim(&t, &len);
    size_t n = strlen(name);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return false;
    }
    return true;
}

/* Columns of a CSV series: timestamp and value, or timestamp, good (bad)
 * and total. */
struct csv_columns {
    int n_fields;
    int t, a, total;   /* a: value, or good/bad */
    bool warehouse;
    bool counts_bad;
};

static enum t0_status csv_header(const char *path, struct field *f, int n,
                                 struct csv_columns *c, struct t0_error *err)
{
    c->n_fields = n;
    c->t = c->a = c->total = -1;
    int value = -1, good = -1, bad = -1;
    for (int i = 0; i < n; i++) {
        if (field_is(&f[i], "timestamp"))
            c->t = i;
        else if (field_is(&f[i], "value"))
            value = i;
        else if (field_is(&f[i], "good"))
            good = i;
        else if (field_is(&f[i], "bad"))
            bad = i;
        else if (field_is(&f[i], "total"))
            c->total = i;
    }
    if (c->t >= 0 && value >= 0 && good < 0 && bad < 0 && c->total < 0) {
        c->a = value;
        c->warehouse = false;
        return T0_OK;
    }
    if (c->t >= 0 && c->total >= 0 && (good >= 0) != (bad >= 0) && value < 0) {
        c->warehouse = true;
        c->counts_bad = bad >= 0;
        c->a = bad >= 0 ? bad : good;
        return T0_OK;
    }
    return t0_error_set_at(err, T0_EINPUT, path, 1, 1,
                           "expected a header timestamp,value or timestamp,good,total "
                           "(or timestamp,bad,total)");
}

static enum t0_status read_csv(const char *path, const char *data, size_t len,
                               struct raws *out, struct csv_columns *cols,
                               struct t0_error *err)
{
    struct field f[MAX_FIELDS];
    char *scratch = malloc(len + 1);
    enum t0_status st = T0_OK;
    size_t pos = 0, line_no = 0;
    bool header = true;
    if (!scratch)
        return t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        line_no++;
        if (n && line[n - 1] == '\r')
            n--;
        size_t blank = 0;
        while (blank < n && (line[blank] == ' ' || line[blank] == '\t'))
            blank++;
        if (blank == n)
            continue;
        int nf = split_line(line, n, f, scratch);
        if (nf < 0) {
            st = t0_error_set_at(err, T0_EINPUT, path, (int)line_no, 1,
                                 "malformed quoted field");
            goto cleanup;
        }
        if (header) {
            if ((st = csv_header(path, f, nf, cols, err)) != T0_OK)
                goto cleanup;
            header = false;
            continue;
        }
        if (nf != cols->n_fields) {
            st = t0_error_set_at(err, T0_EINPUT, path, (int)line_no, 1,
                                 "expected %d fields as in the header, got %d",
                                 cols->n_fields, nf);
            goto cleanup;
        }
        struct raw r = {0, {0, 0}, 0, {0, 1}};
        const char *reason;
        const struct field *ft = &f[cols->t];
        if (!parse_timestamp(ft->text, ft->len, &r.t, &reason)) {
            st = t0_error_set_at(err, T0_EINPUT, path, (int)line_no, (int)ft->column,
                                 "expected a timestamp (RFC 3339 or Unix seconds), got "
                                 "\"%.*s\"%s%s",
                                 (int)(ft->len > 64 ? 64 : ft->len), ft->text,
                                 reason ? ": " : "", reason ? reason : "");
            goto cleanup;
        }
        r.ok[0] = parse_value(f[cols->a].text, f[cols->a].len, &r.v[0]) && isfinite(r.v[0]);
        if (cols->warehouse)
            r.ok[1] = parse_value(f[cols->total].text, f[cols->total].len, &r.v[1]) &&
                      isfinite(r.v[1]);
        if (!raws_push(out, r)) {
            st = t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
            goto cleanup;
        }
    }
    if (header)
        st = t0_error_set(err, T0_EINPUT, path, NULL,
                          "no header: expected timestamp,value or timestamp,good,total");
cleanup:
    free(scratch);
    return st;
}

/* ---- summing per timestamp ---- */

static int raw_cmp(const void *pa, const void *pb)
{
    const struct raw *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static size_t distinct_times(const struct raws *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += i == 0 || r->items[i].t != r->items[i - 1].t;
    return n;
}

static t0_ms smallest_gap(const struct t0_series *s, int64_t default_step_ms)
{
    t0_ms gap = 0;
    for (size_t i = 1; i < s->n; i++) {
        t0_ms d = s->t[i] - s->t[i - 1];
        if (gap == 0 || d < gap)
            gap = d;
    }
    return gap ? gap : default_step_ms;
}

/* Judges a pair of sums (SPEC 11 rule 6). */
static unsigned char judge(bool ok_a, double a, bool ok_total, double total)
{
    if (!ok_a || !ok_total || !isfinite(a) || !isfinite(total) || a < 0 || total < 0 ||
        a > total)
        return T0_SAMPLE_INVALID;
    return T0_SAMPLE_VALID;
}

static void set_counts(struct t0_series *s, size_t k, double a, double total, bool counts_bad)
{
    s->total[k] = total;
    s->bad[k] = counts_bad ? a : total - a;
    s->good[k] = counts_bad ? total - a : a;
}

/* Sums the (sorted) raw values per timestamp. */
static struct t0_series *sum_raws(struct raws *r, bool warehouse, bool counts_bad,
                                  int64_t default_step_ms)
{
    if (!r->sorted)
        qsort(r->items, r->n, sizeof *r->items, raw_cmp);
    struct t0_series *s = series_alloc(distinct_times(r), warehouse);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < r->n;) {
        t0_ms t = r->items[i].t;
        double sum[2] = {0, 0};
        bool ok[2] = {true, true};
        for (; i < r->n && r->items[i].t == t; i++) {
            for (int c = 0; c < 2; c++) {
                ok[c] = ok[c] && r->items[i].ok[c];
                sum[c] += r->items[i].v[c];
            }
        }
        s->t[k] = t;
        if (warehouse) {
            s->state[k] = judge(ok[0], sum[0], ok[1], sum[1]);
            set_counts(s, k, sum[0], sum[1], counts_bad);
        } else {
            s->total[k] = sum[0];
            s->state[k] = ok[0] && isfinite(sum[0]) ? T0_SAMPLE_VALID : T0_SAMPLE_INVALID;
        }
        k++;
    }
    s->n = k;
    s->step_ms = smallest_gap(s, default_step_ms);
    return s;
}

static bool looks_like_json(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

/* Reads a file; *warehouse says whether it held good/bad and total. */
static enum t0_status read_any(const char *path, int64_t default_step_ms, bool *warehouse,
                               bool *counts_bad, struct t0_series **out,
                               struct t0_error *err)
{
    char *data = NULL;
    size_t len = 0;
    struct raws raws = {NULL, 0, 0, true};
    struct csv_columns cols = {0};
    enum t0_status st = read_file(path, &data, &len, err);
    *out = NULL;
    *warehouse = false;
    *counts_bad = false;
    if (st != T0_OK)
        return st;
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
        st = t0_error_set(err, T0_EINPUT, path, NULL,
                          "a gzip file: decompress it first (gunzip)");
        goto cleanup;
    }
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (looks_like_json(data + skip, len - skip))
        st = read_query_range(path, data + skip, len - skip, &raws, err);
    else {
        st = read_csv(path, data + skip, len - skip, &raws, &cols, err);
        *warehouse = cols.warehouse;
        *counts_bad = cols.counts_bad;
    }
    if (st != T0_OK)
        goto cleanup;
    free(data);
    data = NULL;
    *out = sum_raws(&raws, *warehouse, *counts_bad, default_step_ms);
    if (!*out)
        st = t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
cleanup:
    free(data);
    free(raws.items);
    return st;
}

enum t0_status t0_series_read_source(const char *path, int64_t default_step_ms,
                                     struct t0_series **out, struct t0_error *err)
{
    bool warehouse, counts_bad;
    return read_any(path, default_step_ms, &warehouse, &counts_bad, out, err);
}

/* ---- pairing ---- */

enum t0_status t0_series_pair(const struct t0_series *num, const struct t0_series *total,
                              bool counts_bad, struct t0_series **out,
                              struct t0_error *err)
{
    size_t i = 0, j = 0, k = 0;
    struct t0_series *s = series_alloc(num->n + total->n, true);
    *out = NULL;
    if (!s)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    while (i < num->n || j < total->n) {
        if (j >= total->n || (i < num->n && num->t[i] < total->t[j])) {
            s->t[k] = num->t[i++];
            s->state[k] = T0_SAMPLE_UNPAIRED;
            s->bad[k] = s->good[k] = s->total[k] = 0;
        } else if (i >= num->n || total->t[j] < num->t[i]) {
            s->t[k] = total->t[j++];
            s->state[k] = T0_SAMPLE_UNPAIRED;
            s->bad[k] = s->good[k] = s->total[k] = 0;
        } else {
            bool ok_a = num->state[i] == T0_SAMPLE_VALID;
            bool ok_t = total->state[j] == T0_SAMPLE_VALID;
            s->t[k] = num->t[i];
            s->state[k] = judge(ok_a, num->total[i], ok_t, total->total[j]);
            set_counts(s, k, num->total[i], total->total[j], counts_bad);
            i++;
            j++;
        }
        k++;
    }
    s->n = k;
    s->step_ms = num->step_ms < total->step_ms ? num->step_ms : total->step_ms;
    *out = s;
    return T0_OK;
}

/* ---- an SLI's samples ---- */

enum t0_status t0_sli_load(struct t0_sli *sli, const char *slo_name, struct t0_error *err)
{
    struct t0_series *a = NULL, *b = NULL;
    bool warehouse, counts_bad;
    enum t0_status st = T0_OK;
    if (!t0_sli_is_events(sli) || sli->series)
        return T0_OK;
    if (sli->file) {
        st = read_any(sli->file, sli->default_step_ms, &warehouse, &counts_bad, &a, err);
        if (st != T0_OK)
            goto cleanup;
        if (!warehouse) {
            st = t0_error_set(err, T0_EINPUT, sli->file, NULL,
                              "SLO \"%s\": \"sli.file\" needs a CSV with header "
                              "timestamp,good,total or timestamp,bad,total",
                              slo_name);
            goto cleanup;
        }
        sli->counts_bad = counts_bad;
        sli->series = a;
        a = NULL;
        goto cleanup;
    }
    const struct t0_sli_source *src[2] = {&sli->num, &sli->total};
    struct t0_series **dst[2] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        if (!src[i]->file) {
            st = t0_error_set(err, T0_EINPUT, "", "",
                              "SLO \"%s\": live Prometheus queries are not supported yet; "
                              "save the query_range response and use {\"file\": ...}",
                              slo_name);
            goto cleanup;
        }
        st = read_any(src[i]->file, sli->default_step_ms, &warehouse, &counts_bad, dst[i],
                      err);
        if (st != T0_OK)
            goto cleanup;
        if (warehouse) {
            st = t0_error_set(err, T0_EINPUT, src[i]->file, NULL,
                              "SLO \"%s\": a source needs a query_range response or a CSV "
                              "with header timestamp,value",
                              slo_name);
            goto cleanup;
        }
    }
    st = t0_series_pair(a, b, sli->counts_bad, &sli->series, err);
cleanup:
    t0_series_free(a);
    t0_series_free(b);
    return st;
}

/* ---- queries ---- */

size_t t0_series_after(const struct t0_series *s, t0_ms x)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->t[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t t0_series_sum(const struct t0_series *s, t0_ms a, t0_ms b, double *bad,
                     double *total)
{
    long double sb = 0, st = 0;
    size_t n = 0;
    for (size_t i = t0_series_after(s, a); i < s->n && s->t[i] <= b; i++) {
        if (s->state[i] != T0_SAMPLE_VALID)
            continue;
        sb += s->bad[i];
        st += s->total[i];
        n++;
    }
    *bad = (double)sb;
    *total = (double)st;
    return n;
}
