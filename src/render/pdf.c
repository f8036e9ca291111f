/* pdf.c: the PDF document engine (pages, running header, text flow, tables, outline) and
 * its two documents. */
#define _GNU_SOURCE
#include "tierzero/pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "pdf_doc.h"
#include "tierzero/format.h"
#include "tierzero/output.h"

/* ---- grid and styles ---- */

double t0_doc_col_x(const struct doc *d, int c)
{
    return d->left + c * (d->colw + d->gutter);
}

double t0_doc_span(const struct doc *d, int n)
{
    return n * d->colw + (n - 1) * d->gutter;
}

void t0_doc_set_rgb(struct doc *d, struct t0_rgb c)
{
    cairo_set_source_rgb(d->cr, c.r, c.g, c.b);
}

struct doc_style t0_doc_body(const struct doc *d)
{
    struct doc_style st = {FONT_BODY, 9.5, false, d->th->text, 1.35};
    return st;
}

struct doc_style t0_doc_caption(const struct doc *d)
{
    struct doc_style st = {FONT_BODY, 8.0, false, d->th->secondary, 1.25};
    return st;
}

struct doc_style t0_doc_table_style(const struct doc *d)
{
    struct doc_style st = {FONT_CONDENSED, 8.5, false, d->th->text, 1.15};
    return st;
}

struct t0_rgb t0_doc_status_colour(const struct doc *d, enum t0_slo_status st)
{
    switch (st) {
    case T0_STATUS_EXHAUSTED:
        return d->th->exhausted;
    case T0_STATUS_AT_RISK:
        return d->th->at_risk;
    default:
        return d->th->met;
    }
}

/* ---- text ---- */

static const char *font_family(const struct doc *d, enum doc_font f)
{
    switch (f) {
    case FONT_CONDENSED:
        return d->th->font_condensed;
    case FONT_MONO:
        return d->th->font_mono;
    default:
        return d->th->font_family;
    }
}

/* ---- layouts laid out once for both passes ---- */

/* The final pass shows the text the counting pass laid out, at the same
 * places: the same text in the same style and width gives the same layout
 * (its context is the same surface type's, with no transformation), so the
 * counting pass's layouts are kept, keyed by everything make_layout reads,
 * and shown again. Bounded: past these, layouts are made and dropped. */
#define DOC_LAYOUTS_MAX 20000
#define DOC_LAYOUTS_MAX_BYTES ((size_t)4 << 20)

struct doc_layouts {
    GHashTable *map; /* key (g_free) -> PangoLayout (a reference) */
    size_t bytes;    /* of the keys */
};

static void layouts_init(struct doc_layouts *c)
{
    c->map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    c->bytes = 0;
}

static void layouts_release(struct doc_layouts *c)
{
    if (c->map)
        g_hash_table_destroy(c->map);
    c->map = NULL;
}

/* Everything make_layout reads, as one string (the doubles exactly). new. */
static char *layout_key(const char *text, const struct doc_style *st, double width,
                        int align, int max_lines)
{
    return g_strdup_printf("%d %d %a %a %a %d %d\n%s", (int)st->font, (int)st->bold,
                           st->size, st->spacing, width, align, max_lines,
                           text ? text : "");
}

static PangoLayout *new_layout(struct doc *d, const char *text,
                               const struct doc_style *st, double width, int align,
                               int max_lines);

/* A layout of plain text (never markup), wrapped at width: the one the
 * counting pass made, or a new one. A reference (g_object_unref). */
static PangoLayout *make_layout(struct doc *d, const char *text,
                                const struct doc_style *st, double width, int align,
                                int max_lines)
{
    struct doc_layouts *c = d->layouts;
    if (!c || !c->map)
        return new_layout(d, text, st, width, align, max_lines);
    char *key = layout_key(text, st, width, align, max_lines);
    PangoLayout *layout = g_hash_table_lookup(c->map, key);
    if (layout) {
        g_free(key);
        return g_object_ref(layout);
    }
    layout = new_layout(d, text, st, width, align, max_lines);
    size_t len = strlen(key);
    if (g_hash_table_size(c->map) < DOC_LAYOUTS_MAX &&
        c->bytes + len <= DOC_LAYOUTS_MAX_BYTES) {
        c->bytes += len;
        g_hash_table_insert(c->map, key, g_object_ref(layout));
    } else {
        g_free(key);
    }
    return layout;
}

/* A new layout of plain text (never markup), wrapped at width. */
static PangoLayout *new_layout(struct doc *d, const char *text,
                               const struct doc_style *st, double width, int align,
                               int max_lines)
{
    PangoLayout *layout = pango_layout_new(d->pango);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, font_family(d, st->font));
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    pango_font_description_set_weight(fd,
                                      st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    if (st->spacing > 0)
        pango_layout_set_line_spacing(layout, (float)st->spacing);
    pango_layout_set_alignment(layout, align == 1   ? PANGO_ALIGN_RIGHT
                                       : align == 2 ? PANGO_ALIGN_CENTER
                                                    : PANGO_ALIGN_LEFT);
    if (max_lines > 0) {
        pango_layout_set_height(layout, -max_lines);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    /* Cut to what a page can show (a flowing text: one page's worth), then
     * laid out. Input is JSON and so UTF-8, but a layout must never see a
     * bad byte. */
    char *cut;
    int lines = max_lines > 0 ? max_lines : (int)((d->bottom - d->top) / st->size) + 1;
    const char *s = t0_text_clip(text, width, st->size, lines, &cut);
    if (g_utf8_validate(s, -1, NULL)) {
        pango_layout_set_text(layout, s, -1);
    } else {
        gchar *valid = g_utf8_make_valid(s, -1);
        pango_layout_set_text(layout, valid, -1);
        g_free(valid);
    }
    g_free(cut);
    return layout;
}

/* The pass that counts the pages (d->total still 0) draws under an empty
 * clip, where cairo draws nothing: what only draws (showing laid-out text,
 * a chart in a box of known height) is skipped there, the layout that
 * decides heights is not. */
static bool counting(const struct doc *d)
{
    return d->total == 0;
}

static double layout_height(PangoLayout *layout)
{
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    (void)w;
    return (double)h / PANGO_SCALE;
}

double t0_doc_measure(struct doc *d, const char *text, const struct doc_style *st,
                      double width, int max_lines)
{
    PangoLayout *layout = make_layout(d, text, st, width, 0, max_lines);
    double h = layout_height(layout);
    g_object_unref(layout);
    return h;
}

double t0_doc_text_width(struct doc *d, const char *text, const struct doc_style *st)
{
    PangoLayout *layout = make_layout(d, text, st, 0, 0, 0);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return (double)w / PANGO_SCALE;
}

double t0_doc_draw(struct doc *d, const char *text, const struct doc_style *st, double x,
                   double y, double width, int align, int max_lines)
{
    PangoLayout *layout = make_layout(d, text, st, width, align, max_lines);
    if (!counting(d)) {
        t0_doc_set_rgb(d, st->colour);
        cairo_move_to(d->cr, x, y);
        pango_cairo_show_layout(d->cr, layout);
    }
    double h = layout_height(layout);
    g_object_unref(layout);
    return h;
}

void t0_doc_flow(struct doc *d, const char *text, const struct doc_style *st, double x,
                 double width)
{
    if (!text || !text[0])
        return;
    PangoLayout *layout = make_layout(d, text, st, width, 0, 0);
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    /* The first two lines (or the only one) go together, with the heading
     * held back for them: no heading or single line ends a page alone. */
    int first_two = 0, y0_, y1_;
    for (int k = 0; k < 2; k++) {
        pango_layout_iter_get_line_yrange(it, &y0_, &y1_);
        first_two = y1_;
        if (!pango_layout_iter_next_line(it))
            break;
    }
    pango_layout_iter_free(it);
    t0_doc_ensure(d, (double)first_two / PANGO_SCALE);
    it = pango_layout_get_iter(layout);
    double origin = 0; /* layout y that sits at d->y on this page */
    double last_bottom = 0;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        double top = (double)y0 / PANGO_SCALE, bottom = (double)y1 / PANGO_SCALE;
        if (d->y + (bottom - origin) > d->bottom && d->y + (top - origin) > d->top + 1) {
            d->y += top - origin;
            t0_doc_new_page(d, d->running_header);
            origin = top;
        }
        if (!counting(d)) {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            t0_doc_set_rgb(d, st->colour);
            cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
                          d->y + baseline - origin);
            pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
        }
        last_bottom = bottom;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    d->y += last_bottom - origin;
    g_object_unref(layout);
}

/* ---- links ---- */

static bool is_web_url(const char *url)
{
    return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0) &&
           strlen(url) < 2000;
}

void t0_doc_link(struct doc *d, const char *url, double x, double y, double w, double h)
{
    if (!is_web_url(url) || w <= 0 || h <= 0)
        return;
    /* cairo attribute strings are single-quoted; \ and ' are escaped. */
    size_t n = strlen(url);
    char *attr = malloc(n * 2 + 128);
    if (!attr)
        return;
    char *p = attr;
    p += sprintf(p, "rect=[%.2f %.2f %.2f %.2f] uri='", x, y, w, h);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c < 0x20 || c == 0x7f)
            continue;
        if (c == '\'' || c == '\\')
            *p++ = '\\';
        *p++ = (char)c;
    }
    *p++ = '\'';
    *p = '\0';
    cairo_tag_begin(d->cr, CAIRO_TAG_LINK, attr);
    cairo_tag_end(d->cr, CAIRO_TAG_LINK);
    free(attr);
}

/* ---- pages ---- */

static void draw_running_header(struct doc *d)
{
    struct doc_style st = {FONT_BODY, 8.0, false, d->th->secondary, 0};
    double y = 9.0 * T0_MM;
    double half = (d->right - d->left) * 0.62;
    t0_doc_draw(d, d->header_title, &st, d->left, y, half, 0, 1);
    t0_doc_draw(d, d->header_month, &st, d->right - (d->right - d->left - half - 6), y,
                d->right - d->left - half - 6, 1, 1);
    t0_doc_set_rgb(d, d->th->secondary);
    cairo_set_line_width(d->cr, 0.4);
    cairo_move_to(d->cr, d->left, 13.0 * T0_MM);
    cairo_line_to(d->cr, d->right, 13.0 * T0_MM);
    cairo_stroke(d->cr);
}

static void draw_footer(struct doc *d)
{
    struct doc_style st = {FONT_BODY, 8.0, false, d->th->secondary, 0};
    double y = d->ph - 10.0 * T0_MM;
    char page[64];
    if (d->total > 0)
        snprintf(page, sizeof page, "Page %d of %d", d->page, d->total);
    else
        snprintf(page, sizeof page, "Page %d of %d", d->page, d->page);
    double w = d->right - d->left;
    t0_doc_draw(d, d->organization, &st, d->left, y, w * 0.62, 0, 1);
    t0_doc_draw(d, page, &st, d->right - w * 0.3, y, w * 0.3, 1, 1);
}

static void finish_page(struct doc *d)
{
    if (d->page == 0)
        return;
    t0_doc_flush_heading(d);
    draw_footer(d);
    cairo_show_page(d->cr);
}

void t0_doc_new_page(struct doc *d, bool running_header)
{
    finish_page(d);
    d->page++;
    d->running_header = running_header;
    if (running_header)
        draw_running_header(d);
    d->y = d->top;
}

void t0_doc_flush_heading(struct doc *d)
{
    if (!d->pending)
        return;
    char *title = d->pending;
    d->pending = NULL;
    struct doc_style st = {FONT_BODY, 11.5, true, d->th->text, 1.15};
    d->y += t0_doc_draw(d, title, &st, d->left, d->y, d->right - d->left, 0, 3);
    t0_doc_space(d, 2.0 * T0_MM);
    g_free(title);
}

void t0_doc_ensure(struct doc *d, double height)
{
    double need = height + (d->pending ? d->pending_h : 0);
    if (d->page == 0 || (d->y + need > d->bottom && d->y > d->top + 1)) {
        /* The heading moves with its block. */
        char *held = d->pending;
        d->pending = NULL;
        t0_doc_new_page(d, true);
        d->pending = held;
    }
    t0_doc_flush_heading(d);
}

void t0_doc_space(struct doc *d, double pt)
{
    d->y += pt;
    if (d->y > d->bottom)
        d->y = d->bottom;
}

int t0_doc_outline(struct doc *d, int parent, const char *title)
{
    char attrs[96];
    snprintf(attrs, sizeof attrs, "page=%d pos=[%.1f %.1f]", d->page, d->left,
             d->y > 24 ? d->y - 12 : d->y);
    char text[200];
    /* Keep entries short, cut on a character boundary. */
    const char *src = title ? title : "";
    size_t n = strlen(src);
    if (n > 120) {
        n = 120;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
        snprintf(text, sizeof text, "%.*s…", (int)n, src);
    } else {
        snprintf(text, sizeof text, "%s", src);
    }
    if (!g_utf8_validate(text, -1, NULL))
        snprintf(text, sizeof text, "%s", "(untitled)");
    return cairo_pdf_surface_add_outline(d->surface, parent, text, attrs, 0);
}

int t0_doc_section(struct doc *d, const char *title, const char *outline_title,
                   int parent)
{
    struct doc_style st = {FONT_BODY, 16.0, true, d->th->text, 1.15};
    double w = d->right - d->left;
    double h = t0_doc_measure(d, title, &st, w, 8);
    t0_doc_flush_heading(d);
    if (d->y > d->top + 1)
        t0_doc_space(d, 6.0 * T0_MM);
    /* Room for the title and the start of what it introduces. */
    t0_doc_ensure(d, h + 40.0 * T0_MM);
    const char *name = outline_title ? outline_title : title;
    if (parent == 0 && d->toc && d->total == 0 && d->toc->n < DOC_TOC_MAX) {
        snprintf(d->toc->title[d->toc->n], sizeof d->toc->title[0], "%s", name);
        d->toc->page[d->toc->n++] = d->page;
    }
    int id = t0_doc_outline(d, parent, name);
    d->y += t0_doc_draw(d, title, &st, d->left, d->y, w, 0, 8);
    t0_doc_space(d, 3.0 * T0_MM);
    return id;
}

void t0_doc_subsection(struct doc *d, const char *title)
{
    struct doc_style st = {FONT_BODY, 11.5, true, d->th->text, 1.15};
    double w = d->right - d->left;
    t0_doc_flush_heading(d);
    if (d->y > d->top + 1)
        t0_doc_space(d, 4.0 * T0_MM);
    /* Held back: drawn by the t0_doc_ensure of the block that follows. */
    d->pending = g_strdup(title ? title : "");
    d->pending_h = t0_doc_measure(d, d->pending, &st, w, 3) + 2.0 * T0_MM;
}

void t0_doc_note(struct doc *d, const char *text)
{
    struct doc_style st = t0_doc_caption(d);
    t0_doc_flow(d, text, &st, d->left, d->right - d->left);
    t0_doc_space(d, 2.0 * T0_MM);
}

void t0_doc_chart(struct doc *d, doc_chart_fn fn, size_t s, double h)
{
    t0_doc_ensure(d, h);
    struct t0_box box = {d->left, d->y, d->right - d->left, h};
    if (!counting(d)) {
        cairo_save(d->cr);
        fn(d->cr, box, d->th, d->rep, s);
        cairo_restore(d->cr);
    }
    d->y += h;
    t0_doc_space(d, 3.0 * T0_MM);
}

/* ---- tables ---- */

#define CELL_PAD 2.2

/* Text inside a cell: a left-aligned column after a right-aligned one keeps
 * a wider gap, so "451%" and "exhausted" do not read as one. */
static double cell_inset(const struct doc_table *t, size_t c)
{
    return c > 0 && t->cols[c].align == 0 && t->cols[c - 1].align == 1 ? 3 * CELL_PAD
                                                                       : CELL_PAD;
}

/* The font of column c's cells, from the table style st. */
static void cell_style(const struct doc_table *t, size_t c, struct doc_style *st)
{
    st->font = t->cols[c].font;
    if (st->font == FONT_MONO)
        st->size = 8.0;
    if (t->size[c] >= 7.5)
        st->size = t->size[c];
}

static double cell_x(const struct doc_table *t, size_t c)
{
    return t->x[c] + cell_inset(t, c);
}

static double cell_w(const struct doc_table *t, size_t c)
{
    return t->w[c] - cell_inset(t, c) - CELL_PAD;
}

static double header_height(struct doc *d, const struct doc_table *t)
{
    struct doc_style st = t0_doc_table_style(d);
    st.bold = true;
    double h = 0;
    for (size_t c = 0; c < t->n; c++) {
        double ch = t0_doc_measure(d, t->cols[c].header, &st, cell_w(t, c), 3);
        if (ch > h)
            h = ch;
    }
    return h + 2 * CELL_PAD + 0.8;
}

static void table_header(struct doc *d, struct doc_table *t)
{
    struct doc_style st = t0_doc_table_style(d);
    st.bold = true;
    double h = header_height(d, t) - 0.8;
    t->header_drawn = true;
    for (size_t c = 0; c < t->n; c++)
        t0_doc_draw(d, t->cols[c].header, &st, cell_x(t, c), d->y + CELL_PAD,
                    cell_w(t, c), t->cols[c].align, 3);
    d->y += h;
    t0_doc_set_rgb(d, d->th->axis);
    cairo_set_line_width(d->cr, 0.6);
    cairo_move_to(d->cr, t->x[0], d->y);
    cairo_line_to(d->cr, t->x[t->n - 1] + t->w[t->n - 1], d->y);
    cairo_stroke(d->cr);
    d->y += 0.8;
}

/* Widths in proportion to span, except that no column is narrower than its
 * minimum: those get their minimum, the rest share what is left. */
static void table_layout(struct doc *d, struct doc_table *t)
{
    double width = d->right - d->left;
    bool fixed[12] = {false};
    for (int round = 0; round < 12; round++) {
        double left = width;
        int spans = 0;
        for (size_t c = 0; c < t->n; c++) {
            if (fixed[c])
                left -= t->min_w[c];
            else
                spans += t->cols[c].span < 1 ? 1 : t->cols[c].span;
        }
        bool changed = false;
        for (size_t c = 0; c < t->n; c++) {
            if (fixed[c])
                continue;
            int span = t->cols[c].span < 1 ? 1 : t->cols[c].span;
            t->w[c] = spans > 0 && left > 0 ? left * span / spans : 0;
            if (t->w[c] < t->min_w[c]) {
                fixed[c] = true;
                t->w[c] = t->min_w[c];
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    /* Minimums that cannot all fit shrink together. */
    double sum = 0;
    for (size_t c = 0; c < t->n; c++)
        sum += t->w[c];
    double x = d->left;
    for (size_t c = 0; c < t->n; c++) {
        if (sum > width)
            t->w[c] *= width / sum;
        t->x[c] = x;
        x += t->w[c];
    }
}

void t0_doc_table_begin(struct doc *d, struct doc_table *t, const struct doc_column *cols,
                        size_t n)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->n = n > 12 ? 12 : n;
    t->max_lines = 10;
    /* A header breaks between words, never inside one. */
    struct doc_style hs = t0_doc_table_style(d);
    hs.bold = true;
    for (size_t c = 0; c < t->n; c++) {
        const char *h = cols[c].header ? cols[c].header : "";
        while (*h) {
            size_t len = strcspn(h, " ");
            if (len > 0) {
                char word[64];
                snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), h);
                double w = t0_doc_text_width(d, word, &hs) + 4 * CELL_PAD + 0.5;
                if (w > t->min_w[c])
                    t->min_w[c] = w;
            }
            h += len;
            h += strspn(h, " ");
        }
    }
    table_layout(d, t);
}

void t0_doc_table_widen_words(struct doc *d, struct doc_table *t, size_t c,
                              const char *text)
{
    if (!text)
        return;
    while (*text) {
        size_t len = strcspn(text, " ");
        if (len > 0 && len < 200) {
            char word[200];
            snprintf(word, sizeof word, "%.*s", (int)len, text);
            t0_doc_table_widen(d, t, c, word);
        }
        text += len;
        text += strspn(text, " ");
    }
}

void t0_doc_table_widen(struct doc *d, struct doc_table *t, size_t c, const char *text)
{
    if (c >= t->n || !text || !text[0] || t->header_drawn)
        return;
    struct doc_style st = t0_doc_table_style(d);
    cell_style(t, c, &st);
    double w = t0_doc_text_width(d, text, &st) + 4 * CELL_PAD + 1.0;
    double cap = 0.4 * (d->right - d->left);
    if (w > cap)
        w = cap;
    if (w > t->min_w[c]) {
        t->min_w[c] = w;
        table_layout(d, t);
    }
}

void t0_doc_table_row(struct doc *d, struct doc_table *t, const char *const *cells,
                      const char *link)
{
    struct doc_style st = t0_doc_table_style(d);
    /* Each cell laid out once: the layout that gives the row its height is
     * the one shown (the counting pass shows nothing). */
    PangoLayout *layouts[sizeof t->x / sizeof t->x[0]];
    double h = 0;
    for (size_t c = 0; c < t->n; c++) {
        struct doc_style cs = st;
        cell_style(t, c, &cs);
        layouts[c] =
            make_layout(d, cells[c], &cs, cell_w(t, c), t->cols[c].align, t->max_lines);
        double ch = layout_height(layouts[c]);
        if (ch > h)
            h = ch;
    }
    h += 2 * CELL_PAD;
    if (!t->header_drawn) {
        /* The header keeps with the first row (and the heading above it). */
        t0_doc_ensure(d, header_height(d, t) + h);
        table_header(d, t);
    } else if (d->y + h > d->bottom) {
        t0_doc_new_page(d, true);
        table_header(d, t);
    }
    if (t->row % 2 == 1) {
        t0_doc_set_rgb(d, d->th->zebra);
        cairo_rectangle(d->cr, t->x[0], d->y, t->x[t->n - 1] + t->w[t->n - 1] - t->x[0],
                        h);
        cairo_fill(d->cr);
    }
    for (size_t c = 0; c < t->n; c++) {
        if (!counting(d)) {
            struct doc_style cs = st;
            cell_style(t, c, &cs);
            bool linked = c == 0 && is_web_url(link);
            t0_doc_set_rgb(d, linked ? d->th->release : cs.colour);
            cairo_move_to(d->cr, cell_x(t, c), d->y + CELL_PAD);
            pango_cairo_show_layout(d->cr, layouts[c]);
            if (linked)
                t0_doc_link(d, link, t->x[c], d->y, t->w[c],
                            layout_height(layouts[c]) + 2 * CELL_PAD);
        }
        g_object_unref(layouts[c]);
    }
    d->y += h;
    t->row++;
}

void t0_doc_table_end(struct doc *d, struct doc_table *t)
{
    if (!t->header_drawn) {
        t0_doc_ensure(d, header_height(d, t));
        table_header(d, t);
    }
    t0_doc_set_rgb(d, d->th->grid);
    cairo_set_line_width(d->cr, 0.5);
    cairo_move_to(d->cr, t->x[0], d->y);
    cairo_line_to(d->cr, t->x[t->n - 1] + t->w[t->n - 1], d->y);
    cairo_stroke(d->cr);
    t0_doc_space(d, 3.0 * T0_MM);
}

void t0_pdf_prepare_fonts(void)
{
    /* A thread's first font map starts pango's fontconfig thread; the first
     * layout waits for it to finish. */
    (void)pango_cairo_font_map_get_default();
}

/* ---- the document passes ---- */

struct job {
    const struct t0_report *rep;
    const struct t0_template *tpl;
    bool postmortem;
    size_t incident;
    cairo_surface_t *logo; /* decoded by write_pdf, or NULL */
};

static cairo_status_t discard_write(void *closure, const unsigned char *data,
                                    unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* A PDF larger than this is refused (a million incidents make 0.5 MB). */
#define PDF_MAX_BYTES ((size_t)1 << 30)

/* The PDF as cairo writes it, held (a dynbuf) until its cross-reference
 * table is checked. */
static cairo_status_t buffer_write(void *closure, const unsigned char *data,
                                   unsigned int length)
{
    return t0_dynbuf_add(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                : CAIRO_STATUS_NO_MEMORY;
}

/*
 * cairo 1.16.0 gets the cross-reference table of a page with links wrong:
 * it records some objects' offsets before writing them and reserves
 * structure objects for the links (referenced from the page's parent tree)
 * that it never writes, so readers call the file damaged. Every entry is
 * checked against where its object really starts ("endobj\nN 0 obj\n",
 * which compressed stream data cannot plausibly contain) and corrected in
 * place (entries are fixed-width); objects never written are added as null
 * objects before the table, and startxref moved accordingly. The result is
 * written to out. False when the table cannot be read.
 */
static bool fix_xref(const struct t0_dynbuf *b, struct t0_dynbuf *out)
{
    char *data = b->data;
    size_t len = b->len;
    const char *sx = NULL;
    for (size_t i = len > 64 ? len - 64 : 0; i + 9 < len; i++)
        if (memcmp(data + i, "startxref", 9) == 0)
            sx = data + i;
    if (!sx)
        return false;
    size_t xref = strtoull(sx + 10, NULL, 10);
    if (xref + 5 >= len || memcmp(data + xref, "xref\n", 5) != 0)
        return false;
    char *end;
    unsigned long first = strtoul(data + xref + 5, &end, 10);
    unsigned long count = strtoul(end, &end, 10);
    if (first != 0 || *end != '\n')
        return false;
    char *entries = end + 1;
    if ((size_t)(entries - data) + count * 20 > len)
        return false;
    /* The objects up to the table, then the missing ones. */
    if (!t0_dynbuf_add(out, data, xref))
        return false;
    for (unsigned long n = 1; n < count; n++) {
        char *e = entries + n * 20;
        if (e[17] != 'n')
            continue;
        size_t off = strtoull(e, NULL, 10);
        char head[40];
        int hl = snprintf(head, sizeof head, "%lu 0 obj\n", n);
        if (off + (size_t)hl <= xref && memcmp(data + off, head, (size_t)hl) == 0)
            continue;
        char needle[48];
        int nl = snprintf(needle, sizeof needle, "endobj\n%lu 0 obj\n", n);
        const char *found = memmem(data, xref, needle, (size_t)nl);
        size_t at;
        if (found) {
            at = (size_t)(found + 7 - data);
        } else {
            char obj[64];
            int ol = snprintf(obj, sizeof obj, "%lu 0 obj\nnull\nendobj\n", n);
            at = out->len;
            if (!t0_dynbuf_add(out, obj, (size_t)ol))
                return false;
        }
        char digits[11];
        snprintf(digits, sizeof digits, "%010llu", (unsigned long long)at);
        memcpy(e, digits, 10);
    }
    size_t new_xref = out->len;
    size_t tail = (size_t)(sx - data) + 10 - xref; /* "xref ... startxref\n" */
    if (!t0_dynbuf_add(out, data + xref, tail))
        return false;
    return t0_dynbuf_printf(out, "%zu\n%%%%EOF\n", new_xref);
}

static void page_size(const struct job *job, double *w, double *h)
{
    const char *size = t0_template_page_size(job->tpl);
    if (!size && job->rep->config)
        size = job->rep->config->page_size;
    if (size && strcmp(size, "Letter") == 0) {
        *w = 612.0;
        *h = 792.0;
    } else {
        *w = 595.2756; /* 210 x 297 mm */
        *h = 841.8898;
    }
}

static void set_metadata(struct doc *d, const struct job *job)
{
    const struct t0_report *rep = job->rep;
    char month[64], subject[160], creator[64], date[40];
    t0_format_month_long(rep->review, month, sizeof month);
    if (job->postmortem)
        snprintf(subject, sizeof subject, "Incident postmortem, %s",
                 rep->data->incidents[job->incident].id);
    else
        snprintf(subject, sizeof subject, "SLO and error-budget review, %s", month);
    snprintf(creator, sizeof creator, "tierzero %s", T0_VERSION);
    char utc[T0_RFC3339_SIZE];
    t0_format_utc(t0_creation_time(), utc);
    /* "2026-11-01T09:00:00.000Z" -> "2026-11-01T09:00:00Z" */
    snprintf(date, sizeof date, "%.19sZ", utc);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, d->header_title);
    if (d->organization[0])
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR,
                                       d->organization);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_SUBJECT, subject);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, creator);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static void render_report(struct doc *d)
{
    size_t n;
    const enum t0_section *secs = t0_template_sections(d->tpl, &n);
    for (size_t i = 0; i < n; i++) {
        switch (secs[i]) {
        case T0_SECTION_COVER:
            t0_pdf_section_cover(d);
            break;
        case T0_SECTION_SUMMARY:
            t0_pdf_section_summary(d);
            break;
        case T0_SECTION_SLO_HISTORY:
            t0_pdf_section_slo_history(d);
            break;
        case T0_SECTION_BURNDOWN:
            t0_pdf_section_burndown(d);
            break;
        case T0_SECTION_CALENDAR:
            t0_pdf_section_calendar(d);
            break;
        case T0_SECTION_ALERTS:
            t0_pdf_section_alerts(d);
            break;
        case T0_SECTION_RELEASES:
            t0_pdf_section_releases(d);
            break;
        case T0_SECTION_INCIDENT_LOG:
            t0_pdf_section_incident_log(d);
            break;
        case T0_SECTION_POSTMORTEMS:
            t0_pdf_section_postmortems(d);
            break;
        case T0_SECTION_APPENDIX:
            t0_pdf_section_appendix(d);
            break;
        default: /* context needs an incident: postmortem documents only */
            break;
        }
    }
}

static void render_postmortem(struct doc *d, size_t incident)
{
    size_t n;
    const enum t0_section *secs = t0_template_sections(d->tpl, &n);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (secs[i] == T0_SECTION_POSTMORTEMS) {
            t0_doc_new_page(d, true);
            t0_pdf_postmortem(d, incident, 0);
            any = true;
        } else if (secs[i] == T0_SECTION_CONTEXT) {
            t0_pdf_section_context(d, incident);
            any = true;
        }
    }
    if (!any) {
        t0_doc_new_page(d, true);
        t0_pdf_postmortem(d, incident, 0);
    }
}

/* Draws the whole document onto surface; returns cairo's status. */
static cairo_status_t render(const struct job *job, cairo_surface_t *surface, double pw,
                             double ph, int total, struct doc_toc *toc,
                             struct doc_layouts *layouts, int *pages)
{
    struct doc d;
    memset(&d, 0, sizeof d);
    d.surface = surface;
    d.rep = job->rep;
    d.tpl = job->tpl;
    d.logo = job->logo;
    d.th = t0_template_theme(job->tpl);
    d.total = total;
    d.toc = toc;
    d.pw = pw;
    d.ph = ph;
    d.left = 18.0 * T0_MM;
    d.right = pw - 18.0 * T0_MM;
    d.top = 16.0 * T0_MM + 2.0 * T0_MM;
    d.bottom = ph - 14.0 * T0_MM - 2.0 * T0_MM;
    d.gutter = 5.0 * T0_MM;
    d.colw = (d.right - d.left - 11 * d.gutter) / 12.0;
    const struct t0_config *cfg = job->rep->config;
    d.organization = cfg && cfg->organization ? cfg->organization : "";
    const char *title =
        cfg && cfg->title && cfg->title[0] ? cfg->title : "Reliability review";
    if (job->postmortem) {
        const struct t0_incident *inc = &job->rep->data->incidents[job->incident];
        snprintf(d.header_title, sizeof d.header_title, "Postmortem %s", inc->id);
        char when[64];
        t0_format_local(job->rep->zone, inc->started_at, 2, when);
        snprintf(d.header_month, sizeof d.header_month, "%s", when);
    } else {
        snprintf(d.header_title, sizeof d.header_title, "%s", title);
        t0_format_month_long(job->rep->review, d.header_month, sizeof d.header_month);
    }
    /* A title cut by snprintf may end inside a character. */
    if (!g_utf8_validate(d.header_title, -1, NULL)) {
        const char *end;
        g_utf8_validate(d.header_title, -1, &end);
        d.header_title[end - d.header_title] = '\0';
    }
    d.cr = cairo_create(surface);
    d.pango = pango_cairo_create_context(d.cr);
    d.layouts = layouts;
    if (total > 0) {
        set_metadata(&d, job);
    } else {
        /* Counting the pages: under an empty clip cairo returns from every
         * drawing call at once, while text is still laid out with the PDF
         * surface's metrics, exactly as the pass that draws lays it out. */
        cairo_new_path(d.cr);
        cairo_clip(d.cr);
    }
    if (job->postmortem)
        render_postmortem(&d, job->incident);
    else
        render_report(&d);
    if (d.page == 0)
        t0_doc_new_page(&d, true);
    finish_page(&d);
    g_free(d.pending);
    *pages = d.page;
    cairo_status_t st = cairo_status(d.cr);
    g_object_unref(d.pango);
    cairo_destroy(d.cr);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    return st;
}

/* ---- the logo: decoded from the bytes the template checked, then scaled to
 * its box at 300 dpi so that a large image is neither kept nor embedded ---- */

struct png_source {
    const unsigned char *p;
    size_t left;
};

static cairo_status_t png_source_read(void *closure, unsigned char *data,
                                      unsigned int length)
{
    struct png_source *src = closure;
    if (length > src->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, src->p, length);
    src->p += length;
    src->left -= length;
    return CAIRO_STATUS_SUCCESS;
}

/* img scaled down to fit box_w x box_h pixels (takes img; new). */
static cairo_surface_t *fit_image(cairo_surface_t *img, double box_w, double box_h)
{
    double iw = cairo_image_surface_get_width(img),
           ih = cairo_image_surface_get_height(img);
    double scale = fmin(box_w / iw, box_h / ih);
    if (scale >= 1.0)
        return img;
    int nw = (int)fmax(1.0, floor(iw * scale + 0.5)),
        nh = (int)fmax(1.0, floor(ih * scale + 0.5));
    cairo_surface_t *small = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, nw, nh);
    cairo_t *cr = cairo_create(small);
    cairo_scale(cr, nw / iw, nh / ih);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    return small;
}

static enum t0_status load_logo(const struct t0_template *tpl, double page_w,
                                cairo_surface_t **out, struct t0_error *err)
{
    size_t len = 0;
    const unsigned char *png = t0_template_logo_png(tpl, &len);
    *out = NULL;
    if (!png)
        return T0_OK;
    struct png_source src = {png, len};
    cairo_surface_t *img =
        cairo_image_surface_create_from_png_stream(png_source_read, &src);
    cairo_status_t st = cairo_surface_status(img);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        /* cairo reports libpng's errors as "out of memory"; the size was
         * bounded by the template's check, so the file is at fault. */
        return t0_error_set(err, T0_EINPUT, t0_template_file(tpl), "logo",
                            "'%s' is a corrupt or truncated PNG", t0_template_logo(tpl));
    }
    const double px_per_pt = 300.0 / 72.0;
    double box_w = (page_w - 36.0 * T0_MM) / 2 * px_per_pt;
    img = fit_image(img, box_w, DOC_LOGO_HEIGHT * px_per_pt);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return t0_error_set(err, T0_ENOMEM, t0_template_file(tpl), "logo",
                            "out of memory");
    }
    *out = img;
    return T0_OK;
}

static enum t0_status write_pdf_with(const struct job *job, const char *path,
                                     struct t0_error *err);

/* Decodes the logo once for both passes of write_pdf_with. */
static enum t0_status write_pdf(const struct job *job, const char *path,
                                struct t0_error *err)
{
    double pw, ph;
    page_size(job, &pw, &ph);
    struct job with = *job;
    enum t0_status st = load_logo(job->tpl, pw, &with.logo, err);
    if (st != T0_OK)
        return st;
    st = write_pdf_with(&with, path, err);
    if (with.logo)
        cairo_surface_destroy(with.logo);
    return st;
}

static enum t0_status write_pdf_with(const struct job *job, const char *path,
                                     struct t0_error *err)
{
    double pw, ph;
    page_size(job, &pw, &ph);
    int pages = 0, total = 0;
    struct doc_toc toc;
    memset(&toc, 0, sizeof toc);
    cairo_surface_t *count =
        cairo_pdf_surface_create_for_stream(discard_write, NULL, pw, ph);
    struct doc_layouts layouts;
    layouts_init(&layouts);
    cairo_status_t cst = render(job, count, pw, ph, 0, &toc, &layouts, &total);
    cairo_surface_destroy(count);
    if (cst != CAIRO_STATUS_SUCCESS) {
        layouts_release(&layouts);
        return t0_error_set(err, cst == CAIRO_STATUS_NO_MEMORY ? T0_ENOMEM : T0_EOUTPUT,
                            path, NULL, "unable to lay the document out: %s",
                            cairo_status_to_string(cst));
    }
    struct t0_dynbuf buf;
    t0_dynbuf_init(&buf, PDF_MAX_BYTES);
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(buffer_write, &buf, pw, ph);
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    cst = render(job, surface, pw, ph, total > 0 ? total : 1, &toc, &layouts, &pages);
    cairo_surface_destroy(surface);
    layouts_release(&layouts);
    enum t0_status st = T0_OK;
    if (cst != CAIRO_STATUS_SUCCESS) {
        st = t0_error_set(err, cst == CAIRO_STATUS_NO_MEMORY ? T0_ENOMEM : T0_EOUTPUT,
                          path, NULL, "unable to write the PDF: %s",
                          cairo_status_to_string(cst));
        goto cleanup;
    }
    struct t0_dynbuf fixed;
    t0_dynbuf_init(&fixed, PDF_MAX_BYTES);
    bool ok = fix_xref(&buf, &fixed);
    t0_dynbuf_free(&buf);
    buf = fixed;
    if (!ok) {
        st = t0_error_set(err, T0_EOUTPUT, path, NULL,
                          "unable to write the PDF: unexpected cross-reference table");
        goto cleanup;
    }
    struct t0_atomic out;
    st = t0_atomic_open(&out, path, err);
    if (st != T0_OK)
        goto cleanup;
    errno = 0;
    if (fwrite(buf.data, 1, buf.len, out.fp) != buf.len) {
        int e = errno;
        t0_atomic_abort(&out);
        st = t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to write: %s",
                          e ? strerror(e) : "write error");
        goto cleanup;
    }
    st = t0_atomic_commit(&out, err);
cleanup:
    t0_dynbuf_free(&buf);
    return st;
}

enum t0_status t0_pdf_write_report(const struct t0_report *rep,
                                   const struct t0_template *tpl, const char *path,
                                   struct t0_error *err)
{
    if (t0_report_months(rep) == 0)
        return t0_error_set(err, T0_EINPUT, path, NULL, T0_REPORT_NO_MONTH);
    struct job job = {rep, tpl, false, 0, NULL};
    return write_pdf(&job, path, err);
}

enum t0_status t0_pdf_write_postmortem(const struct t0_report *rep,
                                       const struct t0_template *tpl,
                                       size_t incident_index, const char *path,
                                       struct t0_error *err)
{
    if (t0_report_months(rep) == 0)
        return t0_error_set(err, T0_EINPUT, path, NULL, T0_REPORT_NO_MONTH);
    if (!rep->data || incident_index >= rep->data->n_incidents)
        return t0_error_set(err, T0_EUSAGE, path, NULL, "no such incident");
    struct job job = {rep, tpl, true, incident_index, NULL};
    return write_pdf(&job, path, err);
}
