/* json_stream.c: chunked reading of a JSON file and a non-recursive structure scanner. */
#include "json_stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define JS_CHUNK ((size_t)1 << 20)
#define JS_KEY_MAX 64

bool t0_js_init(struct t0_js_reader *r, int fd, size_t keep_max)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->keep_max = keep_max;
    r->line = 1;
    r->buf = malloc(JS_CHUNK);
    if (!r->buf)
        return false;
    r->cap = JS_CHUNK;
    return true;
}

void t0_js_release(struct t0_js_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->cap = r->len = r->pos = 0;
}

/* Drops the bytes before keep, moving the rest to the front. */
static void js_compact(struct t0_js_reader *r, size_t keep)
{
    if (keep == 0)
        return;
    memmove(r->buf, r->buf + keep, r->len - keep);
    r->base += keep;
    r->len -= keep;
    r->pos -= keep;
    if (r->marked)
        r->mark -= keep;
}

/* Reads the next chunk: 1 when bytes were added, 0 at end of file, -1 on error. */
static int js_fill(struct t0_js_reader *r)
{
    if (r->eof)
        return 0;
    js_compact(r, r->marked ? r->mark : r->pos);
    if (r->cap - r->len < JS_CHUNK && r->marked && r->len - r->mark > r->keep_max) {
        /* The marked span is over its cap: forget it, keep scanning. */
        r->marked = false;
        r->overflow = true;
        js_compact(r, r->pos);
    }
    if (r->cap - r->len < JS_CHUNK) {
        size_t ncap = r->cap;
        while (ncap - r->len < JS_CHUNK)
            ncap *= 2;
        char *nbuf = realloc(r->buf, ncap);
        if (!nbuf) {
            r->read_errno = ENOMEM;
            return -1;
        }
        r->buf = nbuf;
        r->cap = ncap;
    }
    ssize_t n;
    do
        n = read(r->fd, r->buf + r->len, JS_CHUNK);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        r->read_errno = errno;
        return -1;
    }
    if (n == 0) {
        r->eof = true;
        return 0;
    }
    r->len += (size_t)n;
    return 1;
}

int t0_js_peek(struct t0_js_reader *r)
{
    if (r->pos == r->len) {
        int got = js_fill(r);
        if (got <= 0)
            return got < 0 ? -2 : -1;
    }
    return (unsigned char)r->buf[r->pos];
}

int t0_js_get(struct t0_js_reader *r)
{
    int c = t0_js_peek(r);
    if (c >= 0) {
        r->pos++;
        if (c == '\n') {
            r->line++;
            r->line_start = r->base + r->pos;
        }
    }
    return c;
}

static bool is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int t0_js_skip_ws(struct t0_js_reader *r)
{
    for (;;) {
        int c = t0_js_peek(r);
        if (c < 0 || !is_ws(c))
            return c;
        t0_js_get(r);
    }
}

bool t0_js_skip_bom(struct t0_js_reader *r)
{
    while (r->len - r->pos < 3 && !r->eof) {
        if (js_fill(r) < 0)
            return false;
    }
    if (r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) {
        r->pos += 3;
        r->line_start = r->base + r->pos; /* columns count from after the mark */
    }
    return true;
}

void t0_js_here(const struct t0_js_reader *r, struct t0_js_pos *pos)
{
    pos->offset = r->base + r->pos;
    pos->line = r->line;
    pos->line_start = r->line_start;
}

bool t0_js_seek(struct t0_js_reader *r, const struct t0_js_pos *pos)
{
    if (lseek(r->fd, (off_t)pos->offset, SEEK_SET) < 0) {
        r->read_errno = errno;
        return false;
    }
    r->base = pos->offset;
    r->len = r->pos = 0;
    r->eof = false;
    r->marked = r->overflow = false;
    r->line = pos->line;
    r->line_start = pos->line_start;
    return true;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            chars++;
    return chars;
}

size_t t0_js_column(struct t0_js_reader *r, const struct t0_js_pos *pos)
{
    if (pos->line_start >= r->base && pos->offset <= r->base + r->len)
        return 1 + count_chars(r->buf + (pos->line_start - r->base),
                               (size_t)(pos->offset - pos->line_start));
    char tmp[65536];
    size_t chars = 0;
    uint64_t at = pos->line_start;
    while (at < pos->offset) {
        size_t want =
            pos->offset - at < sizeof tmp ? (size_t)(pos->offset - at) : sizeof tmp;
        ssize_t n = pread(r->fd, tmp, want, (off_t)at);
        if (n <= 0)
            break;
        chars += count_chars(tmp, (size_t)n);
        at += (uint64_t)n;
    }
    return 1 + chars;
}

void t0_js_mark(struct t0_js_reader *r)
{
    r->mark = r->pos;
    r->marked = true;
    r->overflow = false;
}

void t0_js_unmark(struct t0_js_reader *r)
{
    r->marked = false;
    r->overflow = false;
}

const char *t0_js_marked(const struct t0_js_reader *r, size_t *len)
{
    if (!r->marked || r->pos - r->mark > r->keep_max)
        return NULL;
    *len = r->pos - r->mark;
    return r->buf + r->mark;
}

bool t0_js_skip_line(struct t0_js_reader *r, bool *nonblank)
{
    for (;;) {
        int c = t0_js_peek(r);
        if (c == -2)
            return false;
        if (c < 0)
            return true;
        const char *start = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        const char *nl = memchr(start, '\n', avail);
        size_t n = nl ? (size_t)(nl - start) : avail;
        if (!*nonblank) {
            for (size_t i = 0; i < n; i++) {
                char b = start[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    *nonblank = true;
                    break;
                }
            }
        }
        r->pos += n;
        if (nl)
            return true;
    }
}

static bool is_scalar_byte(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '-' || c == '+' || c == '.';
}

static int scan_error(struct t0_js_reader *r, struct t0_js_scan *sc, const char *what,
                      int c)
{
    t0_js_here(r, &sc->error_at);
    if (c >= 0x20 && c < 0x7F)
        snprintf(sc->error, sizeof sc->error, "%s '%c'", what, c);
    else if (c >= 0)
        snprintf(sc->error, sizeof sc->error, "%s (byte 0x%02X)", what, (unsigned)c);
    else
        snprintf(sc->error, sizeof sc->error, "%s", what);
    return -1;
}

/* Skips the plain bytes of a string (not '"', '\\' or '\n') from the current
 * position within the buffer: a short byte loop, then memchr for long runs. */
static void skip_plain_string_bytes(struct t0_js_reader *r)
{
    const char *p = r->buf + r->pos, *end = r->buf + r->len;
    const char *stop = end - p > 16 ? p + 16 : end;
    while (p < stop && *p != '"' && *p != '\\' && *p != '\n')
        p++;
    if (p == stop && p < end) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        const char *limit = q ? q : end;
        const char *b = memchr(p, '\\', (size_t)(limit - p));
        if (b)
            limit = b;
        const char *nl = memchr(p, '\n', (size_t)(limit - p));
        p = nl ? nl : limit;
    }
    r->pos = (size_t)(p - r->buf);
}

/* Consumes a string whose opening quote is next; reports it as a key when asked. */
static int scan_string(struct t0_js_reader *r, struct t0_js_scan *sc, bool is_key)
{
    struct t0_js_pos at;
    t0_js_here(r, &at);
    t0_js_get(r); /* the opening quote */
    char key[JS_KEY_MAX];
    size_t len = 0;
    bool escaped = false;
    for (;;) {
        /* Fast path: run through the buffered bytes of the string. */
        if (is_key) {
            while (r->pos < r->len) {
                char b = r->buf[r->pos];
                if (b == '"' || b == '\\' || b == '\n')
                    break;
                if (len < JS_KEY_MAX)
                    key[len] = b;
                len++;
                r->pos++;
            }
        } else {
            skip_plain_string_bytes(r);
        }
        int c = t0_js_get(r);
        if (c == -2)
            return -2;
        if (c < 0)
            return scan_error(r, sc, "unexpected end of input inside a string", -1);
        if (c == '"')
            break;
        if (c == '\\') {
            escaped = true;
            if (is_key && len < JS_KEY_MAX)
                key[len] = '\\';
            len++;
            c = t0_js_get(r);
            if (c == -2)
                return -2;
            if (c < 0)
                return scan_error(r, sc, "unexpected end of input inside a string", -1);
        }
        if (is_key && len < JS_KEY_MAX)
            key[len] = (char)c;
        len++;
    }
    if (is_key)
        sc->on_key(sc->ctx, key, len, escaped, &at);
    return 0;
}

/* Skips white space within the buffer, counting lines; refills through
 * t0_js_peek only at the buffer's end. Returns the next byte as t0_js_peek. */
static int skip_ws_fast(struct t0_js_reader *r)
{
    for (;;) {
        const char *p = r->buf + r->pos, *end = r->buf + r->len;
        while (p < end) {
            char b = *p;
            if (b == ' ' || b == '\t' || b == '\r') {
                p++;
            } else if (b == '\n') {
                p++;
                r->line++;
                r->line_start = r->base + (uint64_t)(p - r->buf);
            } else {
                r->pos = (size_t)(p - r->buf);
                return (unsigned char)b;
            }
        }
        r->pos = (size_t)(p - r->buf);
        int c = t0_js_peek(r);
        if (c < 0 || !is_ws(c))
            return c;
    }
}

int t0_js_skip_value(struct t0_js_reader *r, struct t0_js_scan *sc)
{
    unsigned char is_object[T0_JS_MAX_DEPTH / 8 + 1] = {0};
    int depth = 0;
    bool expect_key = false;
    sc->error[0] = '\0';
    for (;;) {
        int c = skip_ws_fast(r);
        if (c == -2)
            return -2;
        if (c < 0)
            return scan_error(r, sc,
                              "unexpected end of input: the JSON text is truncated", -1);
        switch (c) {
        case '{':
        case '[':
            if (depth >= T0_JS_MAX_DEPTH)
                return scan_error(r, sc, "nesting deeper than 2048 levels at", c);
            if (c == '{')
                is_object[depth / 8] |= (unsigned char)(1u << (depth % 8));
            else
                is_object[depth / 8] &= (unsigned char)~(1u << (depth % 8));
            depth++;
            expect_key = c == '{';
            t0_js_get(r);
            break;
        case '}':
        case ']': {
            if (depth == 0)
                return scan_error(r, sc, "unexpected", c);
            bool top_obj = is_object[(depth - 1) / 8] & (1u << ((depth - 1) % 8));
            if (top_obj != (c == '}'))
                return scan_error(r, sc, "mismatched closing bracket", c);
            t0_js_get(r);
            depth--;
            expect_key = false;
            if (depth == 0)
                return 0;
            break;
        }
        case ',':
        case ':':
            if (depth == 0)
                return scan_error(r, sc, "unexpected", c);
            t0_js_get(r);
            expect_key =
                c == ',' && (is_object[(depth - 1) / 8] & (1u << ((depth - 1) % 8)));
            break;
        case '"': {
            bool is_key = expect_key && sc->on_key && depth == sc->key_depth;
            int rc = scan_string(r, sc, is_key);
            if (rc)
                return rc;
            expect_key = false;
            if (depth == 0)
                return 0;
            break;
        }
        default:
            if (!is_scalar_byte(c))
                return scan_error(r, sc, "unexpected character", c);
            while (is_scalar_byte(c = t0_js_peek(r)))
                t0_js_get(r);
            if (c == -2)
                return -2;
            expect_key = false;
            if (depth == 0)
                return 0;
            break;
        }
    }
}
