/* chart_png.c: a drawn chart written as a PNG with libpng (chart_png.h). */
#include "chart_png.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
