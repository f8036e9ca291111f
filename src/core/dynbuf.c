/* dynbuf.c: the one growable byte buffer, with a size cap (dynbuf.h). */
#include "dynbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void t0_dynbuf_init(struct t0_dynbuf *b, size_t toobig)
{
    memset(b, 0, sizeof *b);
    b->toobig = toobig;
}

/* Room for `more` bytes and a NUL; false (and failed) when there is none. */
static bool reserve(struct t0_dynbuf *b, size_t more)
{
    if (b->failed)
        return false;
    if (more > b->toobig || b->len > b->toobig - more) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + more + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

bool t0_dynbuf_add(struct t0_dynbuf *b, const void *p, size_t n)
{
    if (!reserve(b, n))
        return false;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool t0_dynbuf_addstr(struct t0_dynbuf *b, const char *s)
{
    return t0_dynbuf_add(b, s, strlen(s));
}

bool t0_dynbuf_printf(struct t0_dynbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return false;
    }
    if (!reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

char *t0_dynbuf_take(struct t0_dynbuf *b)
{
    size_t toobig = b->toobig;
    char *data = b->failed ? NULL : b->data;
    if (!data && !b->failed)
        data = calloc(1, 1);
    if (b->failed)
        free(b->data);
    t0_dynbuf_init(b, toobig);
    return data;
}

void t0_dynbuf_free(struct t0_dynbuf *b)
{
    free(b->data);
    t0_dynbuf_init(b, b->toobig);
}

bool t0_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    if (elem == 0 || need > SIZE_MAX / elem)
        return false;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    if (n > SIZE_MAX / elem)
        n = need;
    void *p = realloc(*items, n * elem);
    if (!p)
        return false;
    *items = p;
    *cap = n;
    return true;
}
