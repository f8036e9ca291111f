/* error.h: status codes and the error record every fallible function fills. */
#ifndef TIERZERO_ERROR_H
#define TIERZERO_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Status codes. The numeric values of the first five are the program's exit
 * statuses (definitions.md §1), so the CLI can return them as they are.
 */
enum t0_status {
    T0_OK = 0,
    T0_EUSAGE = 1,  /* bad option or option value */
    T0_EINPUT = 2,  /* unreadable, malformed, or (--strict) rejected record */
    T0_EGATE = 3,   /* gate: a budget is exhausted */
    T0_EOUTPUT = 4, /* cannot write an output */
    T0_ENOMEM = 5,  /* out of memory (reported as an input error by the CLI) */
};

/*
 * Where and what went wrong, printable as it is: the CLI prints
 * "tierzero: SOURCE:LINE:COL: TEXT" or "tierzero: SOURCE: PATH: TEXT".
 * Functions take it last, may be given NULL, and the first error wins:
 * a function never overwrites an error that is already set (text[0] != 0).
 */
struct t0_error {
    char source[256]; /* file name as the user gave it ("-" is "<stdin>") */
    int line;         /* 1-based, 0 when not a syntax position */
    int column;       /* 1-based, 0 when not a syntax position */
    char path[256];   /* JSON path ("incidents[17].started_at"), or "" */
    char text[512];   /* lowercase, no full stop */
};

/* Clears the record so it can be reused. */
void t0_error_clear(struct t0_error *err);

/* Sets err (when not NULL and not yet set) and returns status. */
enum t0_status t0_error_set(struct t0_error *err, enum t0_status status,
                            const char *source, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Same with a syntax position. */
enum t0_status t0_error_set_at(struct t0_error *err, enum t0_status status,
                               const char *source, int line, int column, const char *fmt,
                               ...) __attribute__((format(printf, 6, 7)));

/* Formats the record as one line, "SOURCE:LINE:COL: TEXT" or
 * "SOURCE: PATH: TEXT", into buf (always terminated). */
void t0_error_format(const struct t0_error *err, char *buf, size_t size);

/* A short English name for a status ("input error"). Borrowed, static. */
const char *t0_strstatus(enum t0_status status);

#endif
