/* json_stream.h: chunked reading of a JSON file and a byte-level structure scanner. */
#ifndef TIERZERO_JSON_STREAM_H
#define TIERZERO_JSON_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The reader holds a window of a seekable file descriptor in a growable
 * buffer. Bytes before the current position are dropped at the next refill
 * unless a mark keeps them: a marked span is kept whole up to keep_max
 * bytes, after which the mark is dropped (overflow) and scanning goes on in
 * constant memory. Positions are absolute byte offsets with their 1-based
 * line; columns are computed only when asked for (an error), by re-reading
 * the line with pread, so the hot loop only counts newlines.
 *
 * The scanner never recurses: it follows strings, escapes and a depth
 * counter with a bit stack of container kinds, and finds where a value ends
 * without building it. It checks structure only (balanced brackets, closed
 * strings, plausible scalar bytes); the spans it finds are parsed by Jansson.
 */

#define T0_JS_MAX_DEPTH 2048

struct t0_js_pos {
    uint64_t offset;     /* absolute byte offset */
    size_t line;         /* 1-based */
    uint64_t line_start; /* absolute offset of the line's first byte */
};

struct t0_js_reader {
    int fd;
    char *buf;
    size_t cap, len, pos; /* buf[0, len) holds file bytes [base, base + len) */
    uint64_t base;
    size_t mark;
    bool marked;
    bool overflow; /* the marked span grew past keep_max and was dropped */
    size_t keep_max;
    bool eof;
    int read_errno; /* set when a read failed (or ENOMEM) */
    size_t line;
    uint64_t line_start;
};

/* Starts reading fd (borrowed) at its current offset, taken as offset 0. */
bool t0_js_init(struct t0_js_reader *r, int fd, size_t keep_max);
void t0_js_release(struct t0_js_reader *r);

/* Next byte (0..255) without consuming it; -1 at end of file, -2 on a read error. */
int t0_js_peek(struct t0_js_reader *r);
/* Consumes and returns the next byte, as t0_js_peek. */
int t0_js_get(struct t0_js_reader *r);
/* Skips JSON white space; returns the next byte as t0_js_peek. */
int t0_js_skip_ws(struct t0_js_reader *r);
/* Skips a UTF-8 byte-order mark at the current position, if there is one. */
bool t0_js_skip_bom(struct t0_js_reader *r);

void t0_js_here(const struct t0_js_reader *r, struct t0_js_pos *pos);
/* Goes back (or forward) to a position obtained from t0_js_here. */
bool t0_js_seek(struct t0_js_reader *r, const struct t0_js_pos *pos);
/* 1-based column of pos in characters (UTF-8 lead bytes), like Jansson's. */
size_t t0_js_column(struct t0_js_reader *r, const struct t0_js_pos *pos);

void t0_js_mark(struct t0_js_reader *r);
void t0_js_unmark(struct t0_js_reader *r);
/* The bytes from the mark to the current position (borrowed, valid until the
 * next read), or NULL when the span overflowed keep_max. */
const char *t0_js_marked(const struct t0_js_reader *r, size_t *len);

/* Advances to the next '\n' (not consumed) or the end of file. *nonblank is
 * set when a byte other than space, tab or CR was passed. Returns false on a
 * read error. */
bool t0_js_skip_line(struct t0_js_reader *r, bool *nonblank);

/* Called for each object key at depth key_depth (1 = the keys of the value
 * scanned, when it is an object). raw is the key as written (at most 64
 * bytes are given; len is the full length), escaped tells that it holds a
 * backslash. */
typedef void (*t0_js_key_fn)(void *ctx, const char *raw, size_t len, bool escaped,
                             const struct t0_js_pos *at);

struct t0_js_scan {
    int key_depth; /* 0: no keys reported */
    t0_js_key_fn on_key;
    void *ctx;
    /* out */
    char error[96];
    struct t0_js_pos error_at;
};

/* Consumes one complete value starting at the next non-blank byte. Returns 0,
 * or -1 for a structural error (sc->error, sc->error_at), or -2 for a read
 * error. */
int t0_js_skip_value(struct t0_js_reader *r, struct t0_js_scan *sc);

#endif
