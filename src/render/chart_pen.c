/* chart_pen.c: the text of the charts (chart_pen.h). */
#include "chart_pen.h"

#include <glib.h>

void t0_pen_init(struct t0_pen *p, cairo_t *cr, const struct t0_theme *theme,
                 double axis_pt)
{
    p->cr = cr;
    p->theme = theme;
    /* The layout's context comes from the thread's default (cached) font map. */
    p->layout = pango_cairo_create_layout(cr);
    PangoContext *ctx = pango_layout_get_context(p->layout);
    cairo_font_options_t *fo = cairo_font_options_create();
    /* Unhinted metrics: the same text measures the same in a PDF and a PNG. */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(p->layout);
    p->axis_pt = axis_pt;
    p->w = p->h = p->ox = 0;
}

void t0_pen_release(struct t0_pen *p)
{
    if (p->layout != NULL)
        g_object_unref(p->layout);
    p->layout = NULL;
}

void t0_pen_set(struct t0_pen *p, const char *text, double size, int flags, double max_w,
                int max_lines)
{
    PangoFontDescription *fd = pango_font_description_new();
    const char *family =
        (flags & T0_PEN_COND) ? p->theme->font_condensed : p->theme->font_family;
    pango_font_description_set_family(fd, family[0] != '\0' ? family : "DejaVu Sans");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, (flags & T0_PEN_BOLD) ? PANGO_WEIGHT_BOLD
                                                                : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(p->layout, fd);
    pango_font_description_free(fd);

    char *cut;
    text = t0_text_clip(text, max_w, size, max_w > 0 && max_lines <= 0 ? 1 : max_lines,
                        &cut);
    if (g_utf8_validate(text, -1, NULL)) {
        pango_layout_set_text(p->layout, text, -1);
    } else {
        gchar *valid = g_utf8_make_valid(text, -1);
        pango_layout_set_text(p->layout, valid, -1);
        g_free(valid);
    }
    g_free(cut);
    if (max_w > 0) {
        pango_layout_set_width(p->layout, (int)(max_w * PANGO_SCALE));
        pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(p->layout, -(max_lines > 0 ? max_lines : 1));
    } else {
        pango_layout_set_width(p->layout, -1);
        pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_NONE);
        pango_layout_set_height(p->layout, -1);
    }
    PangoRectangle logical;
    pango_layout_get_extents(p->layout, NULL, &logical);
    p->ox = (double)logical.x / PANGO_SCALE;
    p->w = (double)logical.width / PANGO_SCALE;
    p->h = (double)logical.height / PANGO_SCALE;
}

/* Shows the text last set with its top at y, aligned on x. */
void t0_pen_show(struct t0_pen *p, double x, double y, int align, struct t0_rgb colour)
{
    double left =
        x - (align == T0_PEN_CENTER ? p->w / 2 : (align == T0_PEN_RIGHT ? p->w : 0));
    cairo_set_source_rgb(p->cr, colour.r, colour.g, colour.b);
    cairo_move_to(p->cr, left - p->ox, y);
    pango_cairo_show_layout(p->cr, p->layout);
}

/* Sets, measures and shows one line; returns its width. */
double t0_pen_text(struct t0_pen *p, const char *text, double size, int flags, double x,
                   double y, int align, struct t0_rgb colour, double max_w)
{
    t0_pen_set(p, text, size, flags, max_w, 1);
    t0_pen_show(p, x, y, align, colour);
    return p->w;
}

/* Height of one line at size. */
double t0_pen_line_height(struct t0_pen *p, double size)
{
    t0_pen_set(p, "Ag", size, T0_PEN_REG, 0, 1);
    return p->h;
}
