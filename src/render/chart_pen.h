/* chart_pen.h: the text of the charts: one pango layout per chart, reused for
 * every string, measured unhinted so the same text measures the same in a PDF
 * and a PNG. Private to src/render/ (charts.c, charts_burn.c). */
#ifndef TIERZERO_CHART_PEN_H
#define TIERZERO_CHART_PEN_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "tierzero/charts.h"

/* Styles (flags) and alignments of t0_pen_set / t0_pen_show. */
enum { T0_PEN_REG = 0, T0_PEN_BOLD = 1, T0_PEN_COND = 2 };
enum { T0_PEN_LEFT = 0, T0_PEN_CENTER = 1, T0_PEN_RIGHT = 2 };

struct t0_pen {
    cairo_t *cr;                  /* borrowed */
    PangoLayout *layout;          /* owned */
    const struct t0_theme *theme; /* borrowed: the font families */
    double axis_pt;               /* axis and caption size */
    double w, h;                  /* extents of the text last set */
    double ox;                    /* logical x offset of the text last set */
};

/* A pen drawing on cr with theme's fonts; axis_pt is the caption size. */
void t0_pen_init(struct t0_pen *p, cairo_t *cr, const struct t0_theme *theme,
                 double axis_pt);
void t0_pen_release(struct t0_pen *p);
/* Sets the text (clipped to what max_w x max_lines can show, invalid UTF-8
 * repaired), its size and style, and measures it. max_w > 0 wraps within
 * max_w and ellipsizes after max_lines lines. */
void t0_pen_set(struct t0_pen *p, const char *text, double size, int flags, double max_w,
                int max_lines);
/* Shows the text last set with its top at y, aligned on x. */
void t0_pen_show(struct t0_pen *p, double x, double y, int align, struct t0_rgb colour);
/* Sets, measures and shows one line; returns its width. */
double t0_pen_text(struct t0_pen *p, const char *text, double size, int flags, double x,
                   double y, int align, struct t0_rgb colour, double max_w);
/* Height of one line at size. */
double t0_pen_line_height(struct t0_pen *p, double size);

#endif
