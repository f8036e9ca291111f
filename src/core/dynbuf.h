/* dynbuf.h: the one growable byte buffer, with a size cap, and the one way
 * an array grows.
 *
 * Adding past `toobig` bytes, or an allocation that fails, leaves the buffer
 * failed: every later add does nothing and reports false, so a writer adds
 * freely and checks once at the end. The data is NUL-terminated while the
 * buffer has not failed (the NUL is not counted in len).
 */
#ifndef TIERZERO_DYNBUF_H
#define TIERZERO_DYNBUF_H

#include <stdbool.h>
#include <stddef.h>

struct t0_dynbuf {
    char *data;    /* owned; NULL until the first add */
    size_t len;    /* bytes held */
    size_t cap;    /* bytes allocated */
    size_t toobig; /* the most bytes it may hold */
    bool failed;   /* out of memory, or toobig passed */
};

/* An empty buffer that holds at most toobig bytes. */
void t0_dynbuf_init(struct t0_dynbuf *b, size_t toobig);
/* Appends n bytes of p. False (and failed) when they do not fit. */
bool t0_dynbuf_add(struct t0_dynbuf *b, const void *p, size_t n);
bool t0_dynbuf_addstr(struct t0_dynbuf *b, const char *s);
bool t0_dynbuf_printf(struct t0_dynbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The bytes held, NUL-terminated (new: the caller frees them), or NULL when
 * the buffer failed; the buffer is empty again either way. */
char *t0_dynbuf_take(struct t0_dynbuf *b);
/* Frees the bytes; the buffer is empty again. */
void t0_dynbuf_free(struct t0_dynbuf *b);

/* Makes *items (an array of elem-byte items, *cap allocated) hold at least
 * need items: doubles from 16, never wraps a size. False (the array as it
 * was) when out of memory or when need x elem does not fit a size_t. */
bool t0_grow(void **items, size_t *cap, size_t need, size_t elem);

#endif
