/* pdf_doc.h: the PDF document engine shared by pdf.c and pdf_sections.c (private). */
#ifndef TIERZERO_PDF_DOC_H
#define TIERZERO_PDF_DOC_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "tierzero/charts.h"
#include "tierzero/report.h"
#include "tierzero/template.h"

#define T0_MM (72.0 / 25.4)

enum doc_font { FONT_BODY, FONT_CONDENSED, FONT_MONO };

struct doc_style {
    enum doc_font font;
    double size; /* pt */
    bool bold;
    struct t0_rgb colour;
    double spacing; /* line height factor, 0 = the font's */
};

struct doc {
    cairo_surface_t *surface;
    cairo_t *cr;
    const struct t0_report *rep;
    const struct t0_template *tpl;
    const struct t0_theme *th;
    int page;            /* current page, 1-based; 0 before the first */
    int total;           /* pages of the document, 0 while counting */
    double pw, ph;       /* page size, pt */
    double left, right;  /* content x range */
    double top, bottom;  /* content y range */
    double colw, gutter; /* 12-column grid */
    double y;            /* cursor */
    bool running_header; /* header on the current page */
    char header_title[256];
    char header_month[64];
    const char *organization;
    int postmortem_outline; /* outline id of "Postmortems", 0 none */
    /* A sub-section heading held back until the block it introduces is
     * placed, so that a heading never ends a page alone. */
    char *pending;    /* new (g_free), NULL when none */
    double pending_h; /* its height with the space under it */
    /* Where the top-level sections start: filled by the counting pass,
     * read by the cover of the final pass. Borrowed, may be NULL. */
    struct doc_toc *toc;
    /* The template's logo, decoded and scaled to its box. Borrowed, or NULL. */
    cairo_surface_t *logo;
    /* The pass's one text context (pango's), from cr: every layout of the
     * document is made in it. */
    struct _PangoContext *pango;
    /* Layouts made by the counting pass, shown again by the final pass
     * without being laid out twice (pdf.c). Borrowed, or NULL. */
    struct doc_layouts *layouts;
};

/* The cover's logo box: this high, at most half the content width wide. */
#define DOC_LOGO_HEIGHT (16.0 * T0_MM)

#define DOC_TOC_MAX 16
struct doc_toc {
    size_t n;
    char title[DOC_TOC_MAX][96];
    int page[DOC_TOC_MAX];
};

/* Grid: x of column c (0..11), width of n columns. */
double t0_doc_col_x(const struct doc *d, int c);
double t0_doc_span(const struct doc *d, int n);

void t0_doc_set_rgb(struct doc *d, struct t0_rgb c);
struct doc_style t0_doc_body(const struct doc *d);
struct doc_style t0_doc_caption(const struct doc *d);
struct doc_style t0_doc_table_style(const struct doc *d);

/* Pages and flow. */
void t0_doc_new_page(struct doc *d, bool running_header);
void t0_doc_ensure(struct doc *d, double height);
void t0_doc_space(struct doc *d, double pt);
/* Draws a held-back sub-section heading, if any, at the cursor. */
void t0_doc_flush_heading(struct doc *d);
/* Width of text on one line. */
double t0_doc_text_width(struct doc *d, const char *text, const struct doc_style *st);
/* Outline entry pointing at the cursor; returns its id. */
int t0_doc_outline(struct doc *d, int parent, const char *title);

/* Text. Measures / draws a block that does not split; flows a paragraph over
 * pages line by line. max_lines > 0 ellipsizes visibly after that many. */
double t0_doc_measure(struct doc *d, const char *text, const struct doc_style *st,
                      double width, int max_lines);
double t0_doc_draw(struct doc *d, const char *text, const struct doc_style *st, double x,
                   double y, double width, int align, int max_lines);
void t0_doc_flow(struct doc *d, const char *text, const struct doc_style *st, double x,
                 double width);
/* Section title (16 pt) with an outline entry; sub-section (11.5 pt). */
int t0_doc_section(struct doc *d, const char *title, const char *outline_title,
                   int parent);
void t0_doc_subsection(struct doc *d, const char *title);
/* A caption-sized paragraph in secondary grey. */
void t0_doc_note(struct doc *d, const char *text);
/* A chart of height h across the content width (or a grid span). */
typedef void (*doc_chart_fn)(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                             const struct t0_report *rep, size_t s);
void t0_doc_chart(struct doc *d, doc_chart_fn fn, size_t s, double h);
/* A link to an http(s) url over a rectangle of the page (no-op for any
 * other url). */
void t0_doc_link(struct doc *d, const char *url, double x, double y, double w, double h);

/* Tables. */
struct doc_column {
    const char *header;
    int span;  /* share of the table width (relative to the other columns) */
    int align; /* 0 left, 1 right */
    enum doc_font font;
};
struct doc_table {
    const struct doc_column *cols;
    size_t n;
    double x[12], w[12];
    double min_w[12];  /* no column narrower (its header's longest word, widen()) */
    double size[12];   /* pt of a column's cells, 0 = the table's; set after begin
                        * (below 7.5 is ignored) */
    size_t row;        /* rows drawn, for zebra */
    int max_lines;     /* per cell, default 8 */
    bool header_drawn; /* the header waits for the first row, to keep with it */
};
/* Sets the columns up; the header is drawn with the first row (or by
 * t0_doc_table_end when there is none), so it never ends a page alone.
 * Columns are never narrower than their header's longest word. */
void t0_doc_table_begin(struct doc *d, struct doc_table *t, const struct doc_column *cols,
                        size_t n);
/* Before the first row: column c becomes wide enough to show text on one
 * line (at most 40% of the table), taking the width from the others. */
void t0_doc_table_widen(struct doc *d, struct doc_table *t, size_t c, const char *text);
/* The same for each word of text: words of the column never break. */
void t0_doc_table_widen_words(struct doc *d, struct doc_table *t, size_t c,
                              const char *text);
/* One row; link (may be NULL) is put on the first column's text. */
void t0_doc_table_row(struct doc *d, struct doc_table *t, const char *const *cells,
                      const char *link);
void t0_doc_table_end(struct doc *d, struct doc_table *t);

/* Colour of an SLO status. */
struct t0_rgb t0_doc_status_colour(const struct doc *d, enum t0_slo_status st);

/* ---- sections (pdf_sections.c) ---- */

/* Shared wording and choices. */
size_t t0_pdf_primary_slo(const struct t0_report *rep);
void t0_pdf_fill_vars(const struct t0_report *rep, struct t0_template_vars *vars,
                      char *store, size_t store_size);

void t0_pdf_section_cover(struct doc *d);
void t0_pdf_section_summary(struct doc *d);
void t0_pdf_section_slo_history(struct doc *d);
void t0_pdf_section_burndown(struct doc *d);
void t0_pdf_section_calendar(struct doc *d);
/* pdf_alerts.c: the alert replay per SLO (definitions.md §9), and the rolling window's
 * sentence under an SLO's attainment chart. */
void t0_pdf_section_alerts(struct doc *d);
void t0_pdf_rolling_note(struct doc *d, size_t s);
void t0_pdf_section_releases(struct doc *d);
void t0_pdf_section_incident_log(struct doc *d);
void t0_pdf_section_postmortems(struct doc *d);
void t0_pdf_section_appendix(struct doc *d);
/* One incident's postmortem (with or without a parent outline entry). */
void t0_pdf_postmortem(struct doc *d, size_t incident, int outline_parent);
void t0_pdf_section_context(struct doc *d, size_t incident);

#endif
