/* error.c: filling and printing struct t0_error. */
#include "tierzero/error.h"

#include <stdio.h>
#include <string.h>

void t0_error_clear(struct t0_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

static int error_is_set(const struct t0_error *err)
{
    return err->text[0] != '\0';
}

static void copy_field(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

enum t0_status t0_error_set(struct t0_error *err, enum t0_status status,
                            const char *source, const char *path, const char *fmt, ...)
{
    if (!err || error_is_set(err))
        return status;
    copy_field(err->source, sizeof err->source, source);
    copy_field(err->path, sizeof err->path, path);
    err->line = 0;
    err->column = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    if (!err->text[0])
        copy_field(err->text, sizeof err->text, t0_strstatus(status));
    return status;
}

enum t0_status t0_error_set_at(struct t0_error *err, enum t0_status status,
                               const char *source, int line, int column, const char *fmt,
                               ...)
{
    if (!err || error_is_set(err))
        return status;
    copy_field(err->source, sizeof err->source, source);
    err->path[0] = '\0';
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    if (!err->text[0])
        copy_field(err->text, sizeof err->text, t0_strstatus(status));
    return status;
}

void t0_error_format(const struct t0_error *err, char *buf, size_t size)
{
    if (!size)
        return;
    if (!err) {
        buf[0] = '\0';
        return;
    }
    const char *src = err->source[0] ? err->source : NULL;
    if (src && err->line > 0)
        snprintf(buf, size, "%s:%d:%d: %s", src, err->line, err->column, err->text);
    else if (src && err->path[0])
        snprintf(buf, size, "%s: %s: %s", src, err->path, err->text);
    else if (src)
        snprintf(buf, size, "%s: %s", src, err->text);
    else if (err->path[0])
        snprintf(buf, size, "%s: %s", err->path, err->text);
    else
        snprintf(buf, size, "%s", err->text);
}

const char *t0_strstatus(enum t0_status status)
{
    switch (status) {
    case T0_OK:
        return "success";
    case T0_EUSAGE:
        return "usage error";
    case T0_EINPUT:
        return "input error";
    case T0_EGATE:
        return "error budget exhausted";
    case T0_EOUTPUT:
        return "output error";
    case T0_ENOMEM:
        return "out of memory";
    }
    return "unknown error";
}
