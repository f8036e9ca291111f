/* chart_png.c: drawn charts written as PNG files with libpng (chart_png.h). */
#include "chart_png.h"

#include <errno.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/output.h"

/* Up costs one subtraction a byte and suits charts, whose rows mostly repeat
 * the row above; level 3 is the last of zlib's fast (greedy) levels. */
#define PNG_FILTER PNG_FILTER_UP
#define PNG_LEVEL 3

struct png_sink {
    FILE *fp;
    char *msg;
    size_t msg_size;
    int write_errno;
};

static void on_error(png_structp png, png_const_charp text)
{
    struct png_sink *sink = png_get_error_ptr(png);
    snprintf(sink->msg, sink->msg_size, "%s", text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text)
{
    (void)png;
    (void)text;
}

static void on_write(png_structp png, png_bytep data, png_size_t length)
{
    struct png_sink *sink = png_get_io_ptr(png);
    errno = 0;
    if (fwrite(data, 1, length, sink->fp) != length) {
        sink->write_errno = errno ? errno : EIO;
        png_error(png, "write error");
    }
}

static void on_flush(png_structp png)
{
    (void)png;
}

/* One row of cairo's native-endian 0xXXRRGGBB words as R, G, B bytes. */
static void row_to_rgb(const unsigned char *src, unsigned char *dst, int width)
{
    for (int x = 0; x < width; x++) {
        uint32_t px;
        memcpy(&px, src + 4 * (size_t)x, sizeof px);
        dst[3 * x] = (unsigned char)(px >> 16);
        dst[3 * x + 1] = (unsigned char)(px >> 8);
        dst[3 * x + 2] = (unsigned char)px;
    }
}

bool t0_png_write_rgb24(cairo_surface_t *surface, FILE *fp, char *msg, size_t msg_size,
                        int *write_errno)
{
    struct png_sink sink = {fp, msg, msg_size, 0};
    *write_errno = 0;
    if (msg_size > 0)
        msg[0] = '\0';
    if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_RGB24) {
        snprintf(msg, msg_size, "not an RGB image");
        return false;
    }
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *pixels = cairo_image_surface_get_data(surface);
    unsigned char *row = malloc(3 * (size_t)width + 1);
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    bool ok = false;
    if (row == NULL || png == NULL || info == NULL || pixels == NULL) {
        snprintf(msg, msg_size, "out of memory");
        goto cleanup;
    }
    if (setjmp(png_jmpbuf(png)))
        goto cleanup; /* msg holds libpng's reason */
    png_set_write_fn(png, &sink, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_color_16 white = {0, 0xff, 0xff, 0xff, 0xff};
    png_set_bKGD(png, info, &white);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER);
    png_set_compression_level(png, PNG_LEVEL);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        row_to_rgb(pixels + (size_t)y * (size_t)stride, row, width);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    errno = 0;
    if (fflush(sink.fp) != 0) {
        sink.write_errno = errno ? errno : EIO;
        snprintf(msg, msg_size, "write error");
    } else {
        ok = true;
    }
cleanup:
    if (png != NULL)
        png_destroy_write_struct(&png, &info);
    free(row);
    *write_errno = sink.write_errno;
    return ok;
}

/* ---- the writer ---- */

struct canvas {
    cairo_surface_t *surface;
    char *path; /* while handed over */
    bool busy;  /* handed over and not yet written */
};

struct t0_png_writer {
    int width, height;
    struct canvas canvases[2]; /* one when not threaded */
    size_t next;               /* the canvas t0_png_writer_canvas gives */
    bool threaded;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t queue[2], queued; /* canvases handed over, oldest first */
    bool closing;
    enum t0_status st; /* the first failure */
    struct t0_error err;
};

static enum t0_status write_file(cairo_surface_t *surface, const char *path,
                                 struct t0_error *err)
{
    struct t0_atomic out = {0};
    enum t0_status st = t0_atomic_open(&out, path, err);
    if (st != T0_OK)
        return st;
    char why[128];
    int write_errno = 0;
    if (!t0_png_write_rgb24(surface, out.fp, why, sizeof why, &write_errno)) {
        t0_atomic_abort(&out);
        return t0_error_set(err, T0_EOUTPUT, path, "", "unable to write the chart: %s",
                            write_errno ? strerror(write_errno) : why);
    }
    return t0_atomic_commit(&out, err);
}

/* Writes the oldest canvas handed over, unless a chart failed already;
 * called with the lock held, returns with it held. */
static void write_oldest(struct t0_png_writer *w)
{
    struct canvas *c = &w->canvases[w->queue[0]];
    bool failed = w->st != T0_OK;
    struct t0_error err;
    t0_error_clear(&err);
    enum t0_status st = T0_OK;
    if (!failed) {
        if (w->threaded)
            pthread_mutex_unlock(&w->lock);
        st = write_file(c->surface, c->path, &err);
        if (w->threaded)
            pthread_mutex_lock(&w->lock);
    }
    if (st != T0_OK && w->st == T0_OK) {
        w->st = st;
        w->err = err;
    }
    free(c->path);
    c->path = NULL;
    c->busy = false;
    w->queue[0] = w->queue[1];
    w->queued--;
}

static void *writer_thread(void *arg)
{
    struct t0_png_writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->queued == 0 && !w->closing)
            pthread_cond_wait(&w->changed, &w->lock);
        if (w->queued == 0)
            break;
        write_oldest(w);
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

struct t0_png_writer *t0_png_writer_new(int width, int height, bool threaded)
{
    struct t0_png_writer *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->width = width;
    w->height = height;
    t0_error_clear(&w->err);
    if (threaded && pthread_mutex_init(&w->lock, NULL) == 0) {
        if (pthread_cond_init(&w->changed, NULL) == 0) {
            w->threaded = pthread_create(&w->thread, NULL, writer_thread, w) == 0;
            if (!w->threaded)
                pthread_cond_destroy(&w->changed);
        }
        if (!w->threaded)
            pthread_mutex_destroy(&w->lock);
    }
    return w;
}

cairo_surface_t *t0_png_writer_canvas(struct t0_png_writer *w)
{
    struct canvas *c = &w->canvases[w->next];
    if (w->threaded) {
        pthread_mutex_lock(&w->lock);
        while (c->busy)
            pthread_cond_wait(&w->changed, &w->lock);
        pthread_mutex_unlock(&w->lock);
    }
    if (c->surface == NULL) {
        cairo_surface_t *s =
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, w->width, w->height);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(s);
            return NULL;
        }
        c->surface = s;
    }
    return c->surface;
}

enum t0_status t0_png_writer_submit(struct t0_png_writer *w, cairo_surface_t *canvas,
                                    char *path, struct t0_error *err)
{
    size_t i = w->next;
    struct canvas *c = &w->canvases[i];
    if (canvas != c->surface) {
        free(path);
        return t0_error_set(err, T0_EUSAGE, "", "", "not the canvas last given");
    }
    cairo_surface_flush(canvas);
    if (w->threaded)
        pthread_mutex_lock(&w->lock);
    c->path = path;
    c->busy = true;
    w->queue[w->queued++] = i;
    if (w->threaded) {
        w->next = 1 - i;
        pthread_cond_broadcast(&w->changed);
    } else {
        write_oldest(w);
    }
    enum t0_status st = w->st;
    if (st != T0_OK && err)
        *err = w->err;
    if (w->threaded)
        pthread_mutex_unlock(&w->lock);
    return st;
}

enum t0_status t0_png_writer_finish(struct t0_png_writer *w, struct t0_error *err)
{
    if (w == NULL)
        return T0_OK;
    if (w->threaded) {
        pthread_mutex_lock(&w->lock);
        w->closing = true;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
        pthread_cond_destroy(&w->changed);
        pthread_mutex_destroy(&w->lock);
    }
    enum t0_status st = w->st;
    if (st != T0_OK && err)
        *err = w->err;
    for (size_t i = 0; i < 2; i++) {
        cairo_surface_destroy(w->canvases[i].surface);
        free(w->canvases[i].path);
    }
    free(w);
    return st;
}
