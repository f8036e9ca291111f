/* series.c: reads saved counts (query_range responses, CSV series, warehouse exports) and
 * pairs them into samples (definitions.md §8, rule 11.6). */
#include "tierzero/series.h"

#include "tierzero/config.h"
#include "tierzero/sli.h"

#include <pthread.h>
#include <unistd.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* A file bigger than this is refused: 2 GiB of counts is far beyond a year
 * of one-second samples. */
#define MAX_SERIES_BYTES ((size_t)1 << 31)

/* One value read from a file, before summing per timestamp. */
struct raw {
    t0_ms t;
    double v[2];  /* value (or good/bad), total for a warehouse row */
    uint32_t seq; /* input order, so sums are taken in file order */
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
    if (len && len <= 15) { /* whole counts, the usual case: exact without strtod */
        int64_t n = 0;
        size_t i = 0;
        while (i < len && text[i] >= '0' && text[i] <= '9')
            n = n * 10 + (text[i++] - '0');
        if (i == len) {
            *out = (double)n;
            return true;
        }
    }
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

/* ---- the file ---- */

static enum t0_status read_file(const char *path, char **data, size_t *len,
                                struct t0_error *err)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    struct stat st;
    if (!fp)
        return t0_error_set(err, T0_EINPUT, path, NULL, "unable to open %s: %s", path,
                            strerror(errno));
    /* A regular file is read in one block of its size (plus room to see
     * the end), a pipe in doubling blocks. */
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        (uint64_t)st.st_size < MAX_SERIES_BYTES) {
        cap = (size_t)st.st_size + 65536 + 2;
        if (!(buf = malloc(cap))) {
            fclose(fp);
            return t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
        }
    }
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

/* definitions.md rule 11.1: gzip is recognised by its magic bytes on every input. */
static bool is_gzip(const char *data, size_t len)
{
    return len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b;
}

/* Inflates the gzip data (every member: gzip allows concatenation) into a
 * new buffer, NUL-terminated, at most MAX_SERIES_BYTES. Errors name the
 * file. */
static enum t0_status inflate_series(const char *path, const char *data, size_t len,
                                     char **out, size_t *out_len, struct t0_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
    size_t cap = (size_t)1 << 20, n = 0;
    char *buf = malloc(cap);
    enum t0_status st = T0_OK;
    if (!buf) {
        inflateEnd(&z);
        return t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
    }
    size_t in_off = 0;
    int zr = Z_OK;
    while (st == T0_OK) {
        if (zr == Z_STREAM_END) {
            if (in_off >= len)
                break;
            inflateReset(&z); /* another member follows */
        }
        if (cap - n < 65536 + 1) {
            size_t want = cap * 2;
            char *grown = want > MAX_SERIES_BYTES ? NULL : realloc(buf, want);
            if (!grown) {
                st = t0_error_set(err, T0_EINPUT, path, NULL,
                                  "the inflated file is too large to read");
                break;
            }
            buf = grown;
            cap = want;
        }
        size_t in_chunk = len - in_off > UINT32_MAX ? UINT32_MAX : len - in_off;
        z.next_in = (Bytef *)(uintptr_t)(data + in_off);
        z.avail_in = (uInt)in_chunk;
        size_t out_chunk = cap - n - 1 > UINT32_MAX ? UINT32_MAX : cap - n - 1;
        z.next_out = (Bytef *)(buf + n);
        z.avail_out = (uInt)out_chunk;
        zr = inflate(&z, Z_NO_FLUSH);
        in_off += in_chunk - z.avail_in;
        n += out_chunk - z.avail_out;
        if (zr == Z_STREAM_END)
            continue;
        if (zr == Z_BUF_ERROR)
            st = t0_error_set(err, T0_EINPUT, path, NULL,
                              "invalid gzip data: the compressed stream is truncated");
        else if (zr != Z_OK)
            st = t0_error_set(err, T0_EINPUT, path, NULL, "invalid gzip data: %s",
                              z.msg ? z.msg : "corrupt stream");
        else if (in_off >= len && z.avail_out > 0)
            st = t0_error_set(err, T0_EINPUT, path, NULL,
                              "invalid gzip data: the compressed stream is truncated");
    }
    inflateEnd(&z);
    if (st != T0_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return T0_OK;
}

/* ---- query_range JSON ---- */

/*
 * A saved query_range response is read by a small scanner of its own: a
 * month of one-minute samples is a few megabytes of [time, "value"] pairs,
 * and building a tree of them costs ten times the reading. The scanner
 * checks the JSON syntax it passes (strings, numbers, nesting up to
 * QR_MAX_DEPTH) and reports the line and column of an error.
 */
#define QR_MAX_DEPTH 512

struct qr {
    const char *start, *p, *end;
    const char *source;
    struct t0_error *err;
    struct raws *out;
    enum t0_status st;
};

static void qr_where(const struct qr *q, const char *at, int *line, int *col)
{
    *line = 1;
    const char *line_start = q->start;
    for (const char *c = q->start; c < at; c++)
        if (*c == '\n') {
            (*line)++;
            line_start = c + 1;
        }
    *col = (int)(at - line_start) + 1;
}

__attribute__((format(printf, 2, 3))) static bool qr_fail(struct qr *q, const char *fmt,
                                                          ...)
{
    char text[256];
    int line, col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    qr_where(q, q->p, &line, &col);
    if (q->st == T0_OK)
        q->st = t0_error_set_at(q->err, T0_EINPUT, q->source, line, col, "%s", text);
    return false;
}

static void qr_ws(struct qr *q)
{
    while (q->p < q->end &&
           (*q->p == ' ' || *q->p == '\t' || *q->p == '\n' || *q->p == '\r'))
        q->p++;
}

static bool qr_char(struct qr *q, char c)
{
    qr_ws(q);
    if (q->p < q->end && *q->p == c) {
        q->p++;
        return true;
    }
    return false;
}

/* A string's raw bytes between its quotes (escapes left as written). */
static bool qr_string(struct qr *q, const char **s, size_t *n)
{
    qr_ws(q);
    if (q->p >= q->end || *q->p != '"')
        return qr_fail(q, "expected a string");
    const char *b = ++q->p;
    while (q->p < q->end && *q->p != '"') {
        if ((unsigned char)*q->p < 0x20)
            return qr_fail(q, "control character in a string");
        q->p += *q->p == '\\' ? 2 : 1;
    }
    if (q->p >= q->end)
        return qr_fail(q, "unterminated string");
    *s = b;
    *n = (size_t)(q->p - b);
    q->p++;
    return true;
}

static bool qr_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* A number token's bytes (JSON syntax). */
static bool qr_number(struct qr *q, const char **s, size_t *n)
{
    qr_ws(q);
    const char *b = q->p, *c = q->p;
    if (c < q->end && *c == '-')
        c++;
    if (c >= q->end || *c < '0' || *c > '9')
        return qr_fail(q, "expected a number");
    while (c < q->end && ((*c >= '0' && *c <= '9') || *c == '.' || *c == 'e' ||
                          *c == 'E' || *c == '+' || *c == '-'))
        c++;
    q->p = c;
    *s = b;
    *n = (size_t)(c - b);
    return true;
}

static bool qr_skip(struct qr *q, int depth);

/* Calls member(q, key, n, ctx) for each member of an object; the callback
 * consumes the value. */
static bool qr_object(struct qr *q, int depth,
                      bool (*member)(struct qr *, const char *, size_t, void *),
                      void *ctx)
{
    if (depth > QR_MAX_DEPTH)
        return qr_fail(q, "nested too deeply");
    if (!qr_char(q, '{'))
        return qr_fail(q, "expected an object");
    if (qr_char(q, '}'))
        return true;
    do {
        const char *key;
        size_t n;
        if (!qr_string(q, &key, &n))
            return false;
        if (!qr_char(q, ':'))
            return qr_fail(q, "expected ':'");
        if (!(member ? member(q, key, n, ctx) : qr_skip(q, depth + 1)))
            return false;
    } while (qr_char(q, ','));
    if (!qr_char(q, '}'))
        return qr_fail(q, "expected ',' or '}'");
    return true;
}

static bool qr_skip_member(struct qr *q, const char *key, size_t n, void *ctx)
{
    (void)key;
    (void)n;
    return qr_skip(q, (int)(intptr_t)ctx + 1);
}

static bool qr_skip(struct qr *q, int depth)
{
    const char *s;
    size_t n;
    if (depth > QR_MAX_DEPTH)
        return qr_fail(q, "nested too deeply");
    qr_ws(q);
    if (q->p >= q->end)
        return qr_fail(q, "unexpected end of the file");
    switch (*q->p) {
    case '{':
        return qr_object(q, depth, qr_skip_member, (void *)(intptr_t)depth);
    case '[':
        q->p++;
        if (qr_char(q, ']'))
            return true;
        do
            if (!qr_skip(q, depth + 1))
                return false;
        while (qr_char(q, ','));
        return qr_char(q, ']') || qr_fail(q, "expected ',' or ']'");
    case '"':
        return qr_string(q, &s, &n);
    default:
        for (const char *w = "true\0false\0null\0"; *w; w += strlen(w) + 1)
            if ((size_t)(q->end - q->p) >= strlen(w) && memcmp(q->p, w, strlen(w)) == 0) {
                q->p += strlen(w);
                return true;
            }
        return qr_number(q, &s, &n);
    }
}

/* One [time, "value"] pair. */
static bool qr_pair(struct qr *q, size_t k, size_t i)
{
    const char *s;
    size_t n;
    struct raw r = {0, {0, 0}, 0, {0, 1}};
    if (!qr_char(q, '['))
        return qr_fail(q, "data.result[%zu].values[%zu]: expected [time, \"value\"]", k,
                       i);
    qr_ws(q);
    bool quoted = q->p < q->end && *q->p == '"';
    if (!(quoted ? qr_string(q, &s, &n) : qr_number(q, &s, &n)))
        return false;
    const char *reason;
    if (!parse_timestamp(s, n, &r.t, &reason)) {
        double d;
        char buf[64];
        /* 1.7e9 and the like: seconds as a double, to the microsecond. */
        if (quoted || !parse_value(s, n, &d) || !isfinite(d) || fabs(d) > 9e12)
            return qr_fail(q,
                           "data.result[%zu].values[%zu][0]: expected a time in Unix "
                           "seconds",
                           k, i);
        snprintf(buf, sizeof buf, "%.6f", d);
        if (!parse_unix_seconds(buf, strlen(buf), &r.t))
            return qr_fail(q, "data.result[%zu].values[%zu][0]: time out of range", k, i);
    }
    if (!qr_char(q, ','))
        return qr_fail(q, "data.result[%zu].values[%zu]: expected [time, \"value\"]", k,
                       i);
    qr_ws(q);
    if (q->p < q->end && *q->p == '"') {
        if (!qr_string(q, &s, &n))
            return false;
        r.ok[0] = parse_value(s, n, &r.v[0]);
    } else if (q->p < q->end && (*q->p == '-' || (*q->p >= '0' && *q->p <= '9'))) {
        if (!qr_number(q, &s, &n))
            return false;
        r.ok[0] = parse_value(s, n, &r.v[0]);
    } else {
        if (!qr_skip(q, 4)) /* a non-number: the sum at this time is invalid */
            return false;
        r.ok[0] = false;
    }
    r.ok[0] = r.ok[0] && isfinite(r.v[0]);
    if (!qr_char(q, ']'))
        return qr_fail(q, "data.result[%zu].values[%zu]: expected [time, \"value\"]", k,
                       i);
    if (!raws_push(q->out, r)) {
        if (q->st == T0_OK)
            q->st = t0_error_set(q->err, T0_ENOMEM, q->source, NULL, "out of memory");
        return false;
    }
    return true;
}

struct qr_series {
    size_t k;
    bool has_values;
};

static bool qr_series_member(struct qr *q, const char *key, size_t n, void *ctx)
{
    struct qr_series *sr = ctx;
    if (!qr_is(key, n, "values"))
        return qr_skip(q, 4);
    sr->has_values = true;
    if (!qr_char(q, '['))
        return qr_fail(q, "data.result[%zu].values: expected an array", sr->k);
    if (qr_char(q, ']'))
        return true;
    size_t i = 0;
    do
        if (!qr_pair(q, sr->k, i++))
            return false;
    while (qr_char(q, ','));
    return qr_char(q, ']') || qr_fail(q, "expected ',' or ']'");
}

struct qr_doc {
    char status[16];
    char error[200];
    char result_type[16];
    bool has_data, has_result;
    size_t missing_values; /* 1 + the first series without values, or 0 */
};

static void qr_copy(char *dst, size_t size, const char *s, size_t n)
{
    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static bool qr_data_member(struct qr *q, const char *key, size_t n, void *ctx)
{
    struct qr_doc *d = ctx;
    const char *s;
    size_t len;
    if (qr_is(key, n, "resultType")) {
        if (!qr_string(q, &s, &len))
            return false;
        qr_copy(d->result_type, sizeof d->result_type, s, len);
        return true;
    }
    if (!qr_is(key, n, "result"))
        return qr_skip(q, 3);
    d->has_result = true;
    if (!qr_char(q, '['))
        return qr_fail(q, "data.result: expected an array");
    if (qr_char(q, ']'))
        return true;
    size_t k = 0;
    do {
        struct qr_series sr = {k, false};
        if (!qr_object(q, 3, qr_series_member, &sr))
            return false;
        if (!sr.has_values && !d->missing_values)
            d->missing_values = k + 1;
        k++;
    } while (qr_char(q, ','));
    return qr_char(q, ']') || qr_fail(q, "expected ',' or ']'");
}

static bool qr_root_member(struct qr *q, const char *key, size_t n, void *ctx)
{
    struct qr_doc *d = ctx;
    const char *s;
    size_t len;
    if (qr_is(key, n, "data")) {
        d->has_data = true;
        return qr_object(q, 2, qr_data_member, d);
    }
    if (qr_is(key, n, "status") || qr_is(key, n, "error")) {
        qr_ws(q);
        if (q->p < q->end && *q->p != '"')
            return qr_skip(q, 2);
        if (!qr_string(q, &s, &len))
            return false;
        if (key[0] == 's')
            qr_copy(d->status, sizeof d->status, s, len);
        else
            qr_copy(d->error, sizeof d->error, s, len);
        return true;
    }
    return qr_skip(q, 2);
}

static enum t0_status read_query_range(const char *path, const char *data, size_t len,
                                       struct raws *out, struct t0_error *err)
{
    struct qr q = {data, data, data + len, path, err, out, T0_OK};
    struct qr_doc d = {"", "", "", false, false, 0};
    if (!qr_object(&q, 1, qr_root_member, &d))
        return q.st;
    qr_ws(&q);
    if (q.p != q.end) {
        qr_fail(&q, "text after the JSON document");
        return q.st;
    }
    if (d.status[0] && strcmp(d.status, "success") != 0)
        return t0_error_set(err, T0_EINPUT, path, NULL, "the saved query failed: %s",
                            d.error[0] ? d.error : "no error text");
    if (!d.has_data || !d.has_result || !d.result_type[0])
        return t0_error_set(
            err, T0_EINPUT, path, NULL,
            "expected a query_range response "
            "({\"data\": {\"resultType\": \"matrix\", \"result\": [...]}})");
    if (strcmp(d.result_type, "matrix") != 0)
        return t0_error_set(err, T0_EINPUT, path, "data.resultType",
                            "expected \"matrix\" (a query_range response), got \"%s\"",
                            d.result_type);
    if (d.missing_values)
        return t0_error_set(err, T0_EINPUT, path, NULL,
                            "data.result[%zu].values: expected an array",
                            d.missing_values - 1);
    return T0_OK;
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
    int t, a, total; /* a: value, or good/bad */
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
        r.ok[0] =
            parse_value(f[cols->a].text, f[cols->a].len, &r.v[0]) && isfinite(r.v[0]);
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

/* Sorts by time, ties in input order: the values arrive in sorted runs
 * (one a series), merged pairwise, stably, until one run is left. */
static bool sort_raws(struct raws *r)
{
    size_t *bounds = NULL, n_runs = 0;
    struct raw *tmp = malloc(r->n * sizeof *tmp);
    bool ok = false;
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0;
        for (size_t i = 0; i < r->n; i++)
            if (i == 0 || r->items[i].t < r->items[i - 1].t) {
                if (bounds)
                    bounds[k] = i;
                k++;
            }
        if (bounds)
            bounds[k] = r->n;
        n_runs = k;
        if (!bounds && !(bounds = malloc((k + 1) * sizeof *bounds)))
            goto done;
    }
    if (!tmp)
        goto done;
    struct raw *src = r->items, *dst = tmp;
    while (n_runs > 1) {
        size_t out = 0;
        for (size_t j = 0; j < n_runs; j += 2) {
            size_t a = bounds[j], mid = bounds[j + 1 < n_runs ? j + 1 : n_runs];
            size_t b = j + 1 < n_runs ? bounds[j + 2] : mid;
            size_t x = a, y = mid, o = a;
            while (x < mid && y < b)
                dst[o++] = src[y].t < src[x].t ? src[y++] : src[x++];
            while (x < mid)
                dst[o++] = src[x++];
            while (y < b)
                dst[o++] = src[y++];
            bounds[out++] = a;
        }
        bounds[out] = r->n;
        n_runs = out;
        struct raw *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != r->items)
        memcpy(r->items, src, r->n * sizeof *src);
    r->sorted = true;
    ok = true;
done:
    free(bounds);
    free(tmp);
    return ok;
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

/* Judges a pair of sums (definitions.md rule 11.6). */
static unsigned char judge(bool ok_a, double a, bool ok_total, double total)
{
    if (!ok_a || !ok_total || !isfinite(a) || !isfinite(total) || a < 0 || total < 0 ||
        a > total)
        return T0_SAMPLE_INVALID;
    return T0_SAMPLE_VALID;
}

static void set_counts(struct t0_series *s, size_t k, double a, double total,
                       bool counts_bad)
{
    s->total[k] = total;
    s->bad[k] = counts_bad ? a : total - a;
    s->good[k] = counts_bad ? total - a : a;
}

/* Sums the (sorted) raw values per timestamp. */
static struct t0_series *sum_raws(struct raws *r, bool warehouse, bool counts_bad,
                                  int64_t default_step_ms)
{
    if (!r->sorted && !sort_raws(r))
        return NULL;
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
    if (is_gzip(data, len)) {
        char *inflated = NULL;
        st = inflate_series(path, data, len, &inflated, &len, err);
        free(data);
        data = inflated;
        if (st != T0_OK)
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
        if (!src[i]->file && src[i]->query)
            goto cleanup; /* a PromQL source: read once fetched (t0_sli_use_fetched) */
        if (!src[i]->file) {
            st = t0_error_set(err, T0_EINPUT, "", "",
                              "SLO \"%s\": a source without a file", slo_name);
            goto cleanup;
        }
        st = read_any(src[i]->file, sli->default_step_ms, &warehouse, &counts_bad, dst[i],
                      err);
        if (st != T0_OK)
            goto cleanup;
        if (warehouse) {
            st =
                t0_error_set(err, T0_EINPUT, src[i]->file, NULL,
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

enum t0_status t0_sli_use_fetched(struct t0_sli *sli, const char *slo_name,
                                  const char *num_path, const char *total_path,
                                  struct t0_error *err)
{
    if (!t0_sli_is_events(sli) || sli->series || sli->file)
        return T0_OK;
    struct t0_sli_source *src[2] = {&sli->num, &sli->total};
    const char *path[2] = {num_path, total_path};
    for (int i = 0; i < 2; i++) {
        if (src[i]->file || !src[i]->query)
            continue;
        if (!path[i])
            return t0_error_set(err, T0_EINPUT, "", "",
                                "SLO \"%s\": its PromQL source was not fetched",
                                slo_name);
        if (!(src[i]->file = strdup(path[i])))
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    return T0_OK;
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

/* ---- every events SLO of a configuration ---- */

struct load_job {
    struct t0_config *cfg;
    struct t0_error *errors; /* one per SLO */
    enum t0_status *status;  /* one per SLO */
    size_t next;
    pthread_mutex_t lock;
};

static void *load_worker(void *arg)
{
    struct load_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        size_t i = job->next++;
        pthread_mutex_unlock(&job->lock);
        if (i >= job->cfg->n_slos)
            return NULL;
        struct t0_slo *slo = &job->cfg->slos[i];
        job->status[i] = t0_sli_load(slo->sli, slo->name, &job->errors[i]);
    }
}

enum t0_status t0_config_load_series(struct t0_config *cfg, unsigned threads,
                                     struct t0_error *err)
{
    size_t n = cfg->n_slos, events = 0;
    for (size_t i = 0; i < n; i++)
        events += t0_sli_is_events(cfg->slos[i].sli);
    if (events == 0)
        return T0_OK;
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus < 1 ? 1 : cpus > 8 ? 8 : (unsigned)cpus;
    }
    if (threads > events)
        threads = (unsigned)events;
    struct load_job job = {cfg, calloc(n, sizeof *job.errors),
                           calloc(n, sizeof *job.status), 0, PTHREAD_MUTEX_INITIALIZER};
    pthread_t tid[8];
    unsigned started = 0;
    enum t0_status st = T0_OK;
    if (!job.errors || !job.status) {
        st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
        goto cleanup;
    }
    for (unsigned k = 1; k < threads && k < 8; k++)
        if (pthread_create(&tid[started], NULL, load_worker, &job) == 0)
            started++;
    load_worker(&job);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    for (size_t i = 0; i < n; i++)
        if (job.status[i] != T0_OK) {
            if (err && !err->text[0])
                *err = job.errors[i];
            st = job.status[i];
            break;
        }
cleanup:
    free(job.errors);
    free(job.status);
    return st;
}
