/* chart_png.h: a drawn chart written as a PNG with libpng, fast rather than
 * small. Private to src/render/ (charts.c). */
#ifndef TIERZERO_CHART_PNG_H
#define TIERZERO_CHART_PNG_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Writes the pixels of surface (borrowed: a flushed CAIRO_FORMAT_RGB24 image
 * surface) to fp as an 8-bit RGB PNG with a white background chunk: the
 * pixels cairo_surface_write_to_png_stream would write, filtered with Up on
 * every row and deflated at zlib level 3 instead of libpng's adaptive
 * filters at level 6, which cost about five times the CPU for a file about a
 * fifth smaller (docs/performance.md, sixth round). False on failure, with
 * libpng's reason or "write error" in msg; *write_errno is errno of the
 * failed write (0 for any other failure).
 */
bool t0_png_write_rgb24(cairo_surface_t *surface, FILE *fp, char *msg, size_t msg_size,
                        int *write_errno);

#endif
