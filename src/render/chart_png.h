/* chart_png.h: drawn charts written as PNG files with libpng, fast rather
 * than small, encoded on a thread of their own while the next chart is
 * drawn. Private to src/render/ (charts.c). */
#ifndef TIERZERO_CHART_PNG_H
#define TIERZERO_CHART_PNG_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tierzero/error.h"

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

/*
 * Charts drawn one after the other and written as PNG files, each
 * atomically (t0_atomic_open), in the order they were handed over:
 *
 * @code
 *   struct t0_png_writer *w = t0_png_writer_new(1600, 900, true);
 *   for (each chart && st == T0_OK) {
 *       cairo_surface_t *canvas = t0_png_writer_canvas(w);  // NULL: out of memory
 *       ... draw on it ...
 *       st = t0_png_writer_submit(w, canvas, path, err);     // takes path
 *   }
 *   st2 = t0_png_writer_finish(w, err);                      // the first failure
 * @endcode
 *
 * threaded: encoded and written on a thread of its own while the caller
 * draws the next chart on a second canvas (two canvases, no text laid out
 * on that thread); otherwise on the calling thread. The files and their
 * bytes are the same either way.
 */
struct t0_png_writer;

/* New writer of width x height charts; NULL when out of memory. */
struct t0_png_writer *t0_png_writer_new(int width, int height, bool threaded);

/* A canvas (borrowed, RGB24) for the next chart, once one is free; its
 * pixels are those of an earlier chart: paint it. NULL when out of memory. */
cairo_surface_t *t0_png_writer_canvas(struct t0_png_writer *w);

/* Hands the canvas last returned, drawn, over to be written to path (new
 * string, taken even on failure). Returns T0_OK, or the failure of a chart
 * written so far (T0_EOUTPUT, in *err), after which nothing more is
 * written. */
enum t0_status t0_png_writer_submit(struct t0_png_writer *w, cairo_surface_t *canvas,
                                    char *path, struct t0_error *err);

/* Waits until every chart handed over is written, frees w (NULL: nothing)
 * and returns the first failure (in *err) or T0_OK. */
enum t0_status t0_png_writer_finish(struct t0_png_writer *w, struct t0_error *err);

#endif
