/* charts.c: the review's charts drawn with cairo and pango from a computed report. */
#include "tierzero/charts.h"

#include "tierzero/maintenance.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart_pen.h"
#include "chart_png.h"
#include "tierzero/burn.h"
#include "tierzero/chart_titles.h"
#include "tierzero/format.h"
#include "tierzero/output.h"

/* Type sizes in points (REPORT-DESIGN.md: captions and axes 8 pt, never below 7.5). */
#define FS_TITLE 10.5
#define FS_SUB 8.0
#define FS_AXIS 8.0
#define FS_MIN 7.5
#define FS_TILE 22.0

/* Below this width a chart uses the smallest type size for its axes. */
#define NARROW_BOX 360.0

/* Sequential single-hue scale (ColorBrewer Oranges): lightness falls steadily,
 * so it reads in grayscale; zero is a neutral light grey. */
static const struct t0_rgb SEQ_ZERO = {0xF0 / 255.0, 0xF0 / 255.0, 0xF0 / 255.0};
static const struct t0_rgb SEQ[4] = {
    {0xFD / 255.0, 0xD0 / 255.0, 0xA2 / 255.0},
    {0xFD / 255.0, 0x8D / 255.0, 0x3C / 255.0},
    {0xD9 / 255.0, 0x48 / 255.0, 0x01 / 255.0},
    {0x7F / 255.0, 0x27 / 255.0, 0x04 / 255.0},
};
/* Calendar bins of bad minutes per day: (0,5), [5,30), [30,120), [120,...). */
static const double CAL_BREAKS[3] = {5.0, 30.0, 120.0};
static const char *const CAL_LABELS[5] = {"0", "under 5", "5\u201330", "30\u2013120",
                                          "120+ min"};

static const struct t0_rgb WHITE = {1.0, 1.0, 1.0};
static const struct t0_rgb BAR_GREY = {0xC4 / 255.0, 0xC4 / 255.0, 0xC4 / 255.0};
static const struct t0_rgb HATCH_FILL = {0xF4 / 255.0, 0xF4 / 255.0, 0xF4 / 255.0};
/* The review month's bar when it met its objective: darker than BAR_GREY. */
#define REVIEW_MET(theme) mix(BAR_GREY, (theme)->axis, 0.45)
static const struct t0_rgb HATCH_LINE = {0xBE / 255.0, 0xBE / 255.0, 0xBE / 255.0};

/* ---- small drawing helpers ---- */

static void set_rgb(cairo_t *cr, struct t0_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* a + (b - a) * t */
static struct t0_rgb mix(struct t0_rgb a, struct t0_rgb b, double t)
{
    struct t0_rgb c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
                       a.b + (b.b - a.b) * t};
    return c;
}

static double luminance(struct t0_rgb c)
{
    return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
}

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

static void fill_rect(cairo_t *cr, double x, double y, double w, double h,
                      struct t0_rgb c)
{
    if (w <= 0 || h <= 0)
        return;
    set_rgb(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void hline(cairo_t *cr, double x0, double x1, double y, double width,
                  struct t0_rgb c)
{
    set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

static void vline(cairo_t *cr, double x, double y0, double y1, double width,
                  struct t0_rgb c)
{
    set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
}

/* A light band with 45-degree hatching (freeze periods). The lines sit on
 * x + y = 4k in user space, so neighbouring bands join seamlessly. */
static void hatch_rect(cairo_t *cr, double x, double y, double w, double h)
{
    if (w <= 0 || h <= 0)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    set_rgb(cr, HATCH_FILL);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    set_rgb(cr, HATCH_LINE);
    cairo_set_line_width(cr, 0.5);
    double step = 5.0;
    double c0 = floor((x + y) / step) * step;
    for (double c = c0; c <= x + w + y + h + step; c += step) {
        cairo_move_to(cr, c - (y + h), y + h);
        cairo_line_to(cr, c - y, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Maintenance (definitions.md §10): a light sky band in charts, a corner mark in the
 * calendar. */
static const struct t0_rgb MAINT_FILL = {0xDD / 255.0, 0xEC / 255.0, 0xF6 / 255.0};
static const struct t0_rgb MAINT_MARK = {0x33 / 255.0, 0x6E / 255.0, 0x99 / 255.0};

/* A corner triangle (top right) marking a calendar cell that meets maintenance. */
static void maint_corner(cairo_t *cr, double x, double y, double size)
{
    set_rgb(cr, MAINT_MARK);
    cairo_move_to(cr, x + size, y);
    cairo_line_to(cr, x + size, y + size * 0.55);
    cairo_line_to(cr, x + size * 0.45, y);
    cairo_close_path(cr);
    cairo_fill(cr);
}

static void triangle_down(cairo_t *cr, double x, double y, double size, struct t0_rgb c)
{
    set_rgb(cr, c);
    cairo_move_to(cr, x - size / 2, y);
    cairo_line_to(cr, x + size / 2, y);
    cairo_line_to(cr, x, y + size * 0.8);
    cairo_close_path(cr);
    cairo_fill(cr);
}

const char *t0_text_clip(const char *text, double width, double size, int max_lines,
                         char **cut)
{
    *cut = NULL;
    if (!text)
        return "";
    double w = width > 0 ? width : T0_TEXT_PAGE_WIDTH;
    double em = size > 1.0 ? size : 1.0;
    size_t per_line = (size_t)(w / (0.2 * em)) + 1;
    size_t lines =
        max_lines > 0 ? (size_t)max_lines : (size_t)(T0_TEXT_PAGE_WIDTH / em) + 1;
    size_t max_chars = per_line * lines, chars = 0, breaks = 0, i = 0;
    for (; text[i]; i++) {
        unsigned char b = (unsigned char)text[i];
        if ((b & 0xC0) == 0x80)
            continue;
        if (chars == max_chars || (b == '\n' && ++breaks == lines))
            break;
        chars++;
    }
    if (!text[i])
        return text;
    static const char ellipsis[] = "\xE2\x80\xA6";
    char *copy = g_malloc(i + sizeof ellipsis);
    memcpy(copy, text, i);
    memcpy(copy + i, ellipsis, sizeof ellipsis);
    *cut = copy;
    return copy;
}

/* Draws the title (the finding, bold, up to two lines) and subtitle (what is
 * plotted, up to two lines); returns the y where the plot may start. */
static double draw_header(struct t0_pen *p, struct t0_box box, const char *title,
                          const char *subtitle)
{
    double y = box.y;
    if (title != NULL && title[0] != '\0') {
        t0_pen_set(p, title, FS_TITLE, T0_PEN_BOLD, box.w, 2);
        t0_pen_show(p, box.x, y, T0_PEN_LEFT, p->theme->text);
        y += p->h + 1.5;
    }
    if (subtitle != NULL && subtitle[0] != '\0') {
        t0_pen_set(p, subtitle, FS_SUB, T0_PEN_REG, box.w, 2);
        t0_pen_show(p, box.x, y, T0_PEN_LEFT, p->theme->secondary);
        y += p->h;
    }
    return y + 7.0;
}

/* A note at the bottom of the box (e.g. why a value is missing); returns its
 * height, 0 when text is NULL. */
static double draw_footnote(struct t0_pen *p, struct t0_box box, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return 0;
    t0_pen_set(p, text, FS_MIN, T0_PEN_REG, box.w, 2);
    t0_pen_show(p, box.x, box.y + box.h - p->h, T0_PEN_LEFT, p->theme->secondary);
    return p->h + 3.0;
}

/* A message centred in an area where a plot would be (no data, zero budget). */
static void draw_message(struct t0_pen *p, double x, double y, double w, double h,
                         const char *reason)
{
    if (w <= 4 || h <= 4 || reason == NULL)
        return;
    /* Reasons are lower-case clauses; a message is a sentence. */
    char text[512];
    snprintf(text, sizeof text, "%s", reason);
    if (text[0] >= 'a' && text[0] <= 'z')
        text[0] = (char)(text[0] - 'a' + 'A');
    t0_pen_set(p, text, FS_SUB + 1.0, T0_PEN_REG, w - 8, (int)fmax(1.0, floor(h / 12.0)));
    pango_layout_set_alignment(p->layout, PANGO_ALIGN_CENTER);
    t0_pen_set(p, text, FS_SUB + 1.0, T0_PEN_REG, w - 8, (int)fmax(1.0, floor(h / 12.0)));
    double top = y + (h - p->h) / 2;
    set_rgb(p->cr, p->theme->secondary);
    cairo_move_to(p->cr, x + 4, top);
    pango_cairo_show_layout(p->cr, p->layout);
    pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
}

/* ---- numbers ---- */

/* A step of 1, 2 or 5 x 10^n giving at most about max_ticks intervals. */
static double nice_step(double range, int max_ticks)
{
    if (!(range > 0) || max_ticks < 1)
        return 1.0;
    double raw = range / max_ticks;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double nf = f <= 1.0 ? 1.0 : (f <= 2.0 ? 2.0 : (f <= 5.0 ? 5.0 : 10.0));
    return nf * mag;
}

/* Decimals needed to print multiples of step. */
static int step_decimals(double step)
{
    int d = (int)ceil(-log10(step) - 1e-9);
    return d < 0 ? 0 : (d > 6 ? 6 : d);
}

/* ---- linear y axis ---- */

struct yaxis {
    double lo, hi, step;
    int decimals;
    const char *unit;   /* appended to the top label without a space ("%"), may be NULL */
    double top, bottom; /* plot y range: hi at top */
};

static double y_of(const struct yaxis *a, double v)
{
    double t = (v - a->lo) / (a->hi - a->lo);
    return a->bottom - clampd(t, 0.0, 1.0) * (a->bottom - a->top);
}

static void y_tick_label(const struct yaxis *a, double v, bool top, char *buf,
                         size_t size)
{
    char num[48];
    t0_format_decimal(v, a->decimals, num, sizeof num);
    if (top && a->unit != NULL)
        snprintf(buf, size, "%s%s", num, a->unit);
    else
        snprintf(buf, size, "%s", num);
}

static long y_first_tick(const struct yaxis *a)
{
    return (long)ceil(a->lo / a->step - 1e-9);
}

static long y_last_tick(const struct yaxis *a)
{
    return (long)floor(a->hi / a->step + 1e-9);
}

/* Width of the widest tick label. */
static double y_axis_width(struct t0_pen *p, const struct yaxis *a)
{
    double w = 0;
    char buf[64];
    long k1 = y_last_tick(a);
    for (long k = y_first_tick(a); k <= k1; k++) {
        y_tick_label(a, k * a->step, k == k1, buf, sizeof buf);
        t0_pen_set(p, buf, p->axis_pt, T0_PEN_REG, 0, 1);
        w = fmax(w, p->w);
    }
    return w;
}

/* Light horizontal grid with labels right-aligned at label_right. */
static void draw_y_axis(struct t0_pen *p, const struct yaxis *a, double x0, double x1,
                        double label_right)
{
    char buf[64];
    long k1 = y_last_tick(a);
    for (long k = y_first_tick(a); k <= k1; k++) {
        double v = k * a->step;
        double y = y_of(a, v);
        if (k != y_first_tick(a) || v > a->lo + 1e-9)
            hline(p->cr, x0, x1, y, 0.5, p->theme->grid);
        y_tick_label(a, v, k == k1, buf, sizeof buf);
        t0_pen_set(p, buf, p->axis_pt, T0_PEN_REG, 0, 1);
        t0_pen_show(p, label_right, y - p->h / 2, T0_PEN_RIGHT, p->theme->secondary);
    }
    /* The base line is darker than the grid, as in print charts. */
    hline(p->cr, x0, x1, a->bottom, 0.8, p->theme->axis);
}

/* An axis from lo (or 0) up to at least hi with nice ticks. */
static void y_axis_fit(struct yaxis *a, double lo, double hi, int max_ticks)
{
    if (!(hi > lo))
        hi = lo + 1.0;
    a->step = nice_step(hi - lo, max_ticks);
    a->lo = floor(lo / a->step + 1e-9) * a->step;
    a->hi = ceil(hi / a->step - 1e-9) * a->step;
    if (a->hi <= a->lo)
        a->hi = a->lo + a->step;
    a->decimals = step_decimals(a->step);
}

/* ---- report helpers ---- */

/* A dashed horizontal reference line from x0 to x1 at y (an objective, a
 * baseline). */
static void dashed_hline(cairo_t *cr, const struct t0_theme *theme, double x0, double x1,
                         double y)
{
    set_rgb(cr, theme->text);
    cairo_set_line_width(cr, 1.0);
    const double dash[2] = {4.0, 2.5};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* The two-line label at the right end of a reference line at y: its name in
 * bold, its value beneath, kept inside the box. */
static void end_label(struct t0_pen *p, struct t0_box box, double x, double y,
                      const char *name, const char *value)
{
    t0_pen_set(p, name, p->axis_pt, T0_PEN_BOLD, 0, 1);
    double h = p->h;
    double top = clampd(y - h, box.y, box.y + box.h - 2 * h);
    t0_pen_show(p, x, top, T0_PEN_LEFT, p->theme->text);
    t0_pen_set(p, value, p->axis_pt, T0_PEN_REG, 0, 1);
    t0_pen_show(p, x, top + h, T0_PEN_LEFT, p->theme->text);
}

static bool box_usable(struct t0_box box)
{
    return box.w >= 40 && box.h >= 30 && isfinite(box.x) && isfinite(box.y) &&
           isfinite(box.w) && isfinite(box.h);
}

static const char *status_words(enum t0_slo_status st)
{
    switch (st) {
    case T0_STATUS_AT_RISK:
        return "at risk";
    case T0_STATUS_EXHAUSTED:
        return "exhausted";
    case T0_STATUS_MET:
    default:
        return "met";
    }
}

static struct t0_rgb status_colour(const struct t0_theme *th, enum t0_slo_status st)
{
    switch (st) {
    case T0_STATUS_AT_RISK:
        return th->at_risk;
    case T0_STATUS_EXHAUSTED:
        return th->exhausted;
    case T0_STATUS_MET:
    default:
        return th->met;
    }
}

/* Position of instant t among the days, in days from the first (fractional). */
static double day_pos(const struct t0_report *rep, t0_ms t)
{
    size_t n = rep->n_days;
    if (n == 0 || t <= rep->days[0].start)
        return 0;
    if (t >= rep->days[n - 1].end)
        return (double)n;
    size_t lo = 0, hi = n - 1;
    while (lo < hi) { /* last day starting at or before t */
        size_t mid = lo + (hi - lo + 1) / 2;
        if (rep->days[mid].start <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    const struct t0_day *d = &rep->days[lo];
    double len = (double)(d->end - d->start);
    double frac = len > 0 ? (double)(t - d->start) / len : 0;
    return (double)lo + clampd(frac, 0.0, 1.0);
}

static const char *release_label(const struct t0_release *r)
{
    if (r->name != NULL && r->name[0] != '\0')
        return r->name;
    return r->id != NULL ? r->id : "release";
}

/* Month tick labels along [x0, x0 + w] for the period months, centred in
 * their slot (slot i spans pos(i)..pos(i+1)); the year under January and the
 * first month. Labels that would crowd are skipped evenly. */
struct month_axis {
    const struct t0_report *rep;
    double x0, w;
    bool by_days; /* slots from days[] (timeline) or equal slots (bars) */
};

static double month_axis_x(const struct month_axis *ma, size_t i)
{
    const struct t0_report *rep = ma->rep;
    if (!ma->by_days)
        return ma->x0 + ma->w * (double)i / (double)t0_report_months(rep);
    t0_ms t = i < t0_report_months(rep) ? t0_report_span(rep, T0_WINDOW_MONTH, i)->start
                                        : rep->period_end;
    return ma->x0 + ma->w * day_pos(rep, t) / (double)(rep->n_days > 0 ? rep->n_days : 1);
}

/* Returns the height used. */
static double draw_month_axis(struct t0_pen *p, const struct month_axis *ma, double y,
                              size_t emphasise)
{
    const struct t0_report *rep = ma->rep;
    size_t n = t0_report_months(rep);
    if (n == 0)
        return 0;
    t0_pen_set(p, "Sep", p->axis_pt, T0_PEN_REG, 0, 1);
    double label_w = p->w + 6;
    double line_h = p->h;
    double slot = ma->w / (double)n;
    size_t every = (size_t)ceil(label_w / fmax(slot, 1e-6));
    if (every < 1)
        every = 1;
    /* Quarterly steps read better than every 5th month. */
    if (every > 1 && every <= 3)
        every = 3;
    else if (every > 3 && every <= 6)
        every = 6;
    else if (every > 6)
        every = (size_t)ceil((double)every / 12.0) * 12;
    bool any_year = false;
    for (size_t i = 0; i < n; i++) {
        struct t0_month m = t0_report_span(rep, T0_WINDOW_MONTH, i)->month;
        bool labelled = i % every == 0;
        if (emphasise < n) {
            /* The emphasised month is always labelled; neighbours give way. */
            if (i == emphasise)
                labelled = true;
            else if (labelled && fabs((double)i - (double)emphasise) * slot < label_w)
                labelled = false;
        }
        if (!labelled)
            continue;
        double xa = month_axis_x(ma, i), xb = month_axis_x(ma, i + 1);
        double cx = (xa + xb) / 2;
        t0_pen_set(p, t0_format_month_abbr(m.month), p->axis_pt,
                   i == emphasise ? T0_PEN_BOLD : T0_PEN_REG, 0, 1);
        double lx = clampd(cx, ma->x0 + p->w / 2, ma->x0 + ma->w - p->w / 2);
        t0_pen_show(p, lx, y + 2, T0_PEN_CENTER,
                    i == emphasise ? p->theme->text : p->theme->secondary);
        if (m.month == 1 || i == 0) {
            char yb[16];
            snprintf(yb, sizeof yb, "%d", m.year);
            t0_pen_set(p, yb, p->axis_pt, T0_PEN_REG, 0, 1);
            lx = clampd(cx, ma->x0 + p->w / 2, ma->x0 + ma->w - p->w / 2);
            t0_pen_show(p, lx, y + 2 + line_h, T0_PEN_CENTER, p->theme->secondary);
            any_year = true;
        }
    }
    return 2 + line_h * (any_year ? 2 : 1);
}

/* ---- attainment ---- */

void t0_chart_attainment(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                         const struct t0_report *rep, size_t s)
{
    if (cr == NULL || theme == NULL || rep == NULL || s >= rep->n_slos ||
        !box_usable(box))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    size_t n = t0_report_months(rep);
    double obj = t0_chart_objective(rep, s);
    char objs[32], title[512], sub[512], num[48];
    t0_format_decimal(obj, 4, objs, sizeof objs);

    size_t defined = 0;
    double min_att = 100.0;
    const char *null_reason = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct t0_slo_window *w = t0_report_month(rep, s, i);
        if (!t0_value_defined(w->attainment_pct)) {
            if (null_reason == NULL)
                null_reason = w->attainment_pct.reason;
            continue;
        }
        defined++;
        min_att = fmin(min_att, w->attainment_pct.value);
    }
    t0_chart_title_attainment(rep, s, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);

    /* Key of the status colours (words as well as colour). */
    double key_h = t0_pen_line_height(&p, p.axis_pt);
    {
        double kx = box.x;
        const enum t0_slo_status sts[3] = {T0_STATUS_MET, T0_STATUS_AT_RISK,
                                           T0_STATUS_EXHAUSTED};
        for (int k = 0; k < 3; k++) {
            struct t0_rgb c =
                sts[k] == T0_STATUS_MET ? BAR_GREY : status_colour(theme, sts[k]);
            fill_rect(cr, kx, y + key_h * 0.2, key_h * 0.6, key_h * 0.6, c);
            kx += key_h * 0.6 + 3;
            kx += t0_pen_text(&p, status_words(sts[k]), p.axis_pt, T0_PEN_REG, kx, y,
                              T0_PEN_LEFT, theme->secondary, 0) +
                  10;
        }
        /* The review month's met bar has a colour of its own: keyed too. */
        if (n > 0 && t0_report_month(rep, s, n - 1)->status == T0_STATUS_MET &&
            t0_value_defined(t0_report_month(rep, s, n - 1)->attainment_pct)) {
            fill_rect(cr, kx, y + key_h * 0.2, key_h * 0.6, key_h * 0.6,
                      REVIEW_MET(theme));
            kx += key_h * 0.6 + 3;
            t0_pen_text(&p, "met, review month", p.axis_pt, T0_PEN_REG, kx, y,
                        T0_PEN_LEFT, theme->secondary, 0);
        }
        y += key_h + 4.0;
    }

    char foot[320] = "";
    if (null_reason != NULL)
        snprintf(foot, sizeof foot, "n/a: %s", null_reason);
    double foot_h = draw_footnote(&p, box, foot[0] != '\0' ? foot : NULL);

    /* The y axis zoomed to what matters: 10x the budget below 100 % (99.0 for a
     * 99.9 objective), wider only when a month fell further. */
    struct yaxis ya = {0};
    double budget = 100.0 - obj;
    double lo = budget > 0 ? obj - 9.0 * budget : 99.0;
    if (defined > 0 && min_att < lo)
        lo = min_att - 0.1 * (100.0 - min_att);
    lo = fmax(0.0, fmin(lo, 99.99));
    y_axis_fit(&ya, lo, 100.0, 5);
    if (ya.lo < 0)
        ya.lo = 0;
    ya.hi = 100.0;
    ya.unit = "%";

    double label_h = t0_pen_line_height(&p, FS_MIN);
    double axis_w = y_axis_width(&p, &ya);
    char objlab[64];
    snprintf(objlab, sizeof objlab, "objective %s%%", objs);
    t0_pen_set(&p, "objective", p.axis_pt, T0_PEN_BOLD, 0, 1);
    double right_w = p.w + 6;
    t0_pen_set(&p, objlab + 10, p.axis_pt, T0_PEN_REG, 0, 1);
    right_w = fmax(right_w, p.w + 6);
    double month_h = 2 + 2 * t0_pen_line_height(&p, p.axis_pt);

    double px = box.x + axis_w + 6;
    double pw = box.x + box.w - right_w - px;
    ya.top = y + label_h + 2;
    ya.bottom = box.y + box.h - foot_h - month_h - 2;
    if (pw < 20 || ya.bottom - ya.top < 20 || n == 0) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y - foot_h,
                     n == 0 ? "No months in the period" : "Too small to draw");
        goto done;
    }
    draw_y_axis(&p, &ya, px, px + pw, px - 4);

    double slot = pw / (double)n;
    double bar_w = fmax(0.5, slot * 0.72);
    bool label_all = false;
    t0_pen_set(&p, "99.99", FS_MIN, T0_PEN_REG, 0, 1);
    label_all = slot >= p.w + 2;
    size_t worst = n;
    for (size_t i = 0; i < n; i++) {
        const struct t0_slo_window *w = t0_report_month(rep, s, i);
        if (t0_value_defined(w->attainment_pct) &&
            (worst == n || w->attainment_pct.value <
                               t0_report_month(rep, s, worst)->attainment_pct.value))
            worst = i;
    }
    for (size_t i = 0; i < n; i++) {
        const struct t0_slo_window *w = t0_report_month(rep, s, i);
        double cx = px + slot * (i + 0.5);
        if (!t0_value_defined(w->attainment_pct)) {
            t0_pen_text(&p, "n/a", FS_MIN, T0_PEN_REG, cx, ya.bottom - label_h - 1,
                        T0_PEN_CENTER, theme->secondary, slot);
            continue;
        }
        double v = w->attainment_pct.value;
        double ytop = y_of(&ya, v);
        struct t0_rgb c =
            w->status == T0_STATUS_MET ? BAR_GREY : status_colour(theme, w->status);
        if (i == n - 1 && w->status == T0_STATUS_MET)
            c = REVIEW_MET(theme); /* the review month stands out */
        fill_rect(cr, cx - bar_w / 2, ytop, bar_w, ya.bottom - ytop, c);
    }
    /* Objective line, labelled at its end. */
    double yo = y_of(&ya, obj);
    dashed_hline(cr, theme, px, px + pw + 2, yo);
    end_label(&p, box, px + pw + 4, yo, "objective", objlab + 10);

    for (size_t i = 0; i < n; i++) {
        const struct t0_slo_window *w = t0_report_month(rep, s, i);
        double cx = px + slot * (i + 0.5);
        if (!t0_value_defined(w->attainment_pct))
            continue;
        double v = w->attainment_pct.value;
        double ytop = y_of(&ya, v);
        if (label_all || i == n - 1 || i == worst) {
            if (v >= 100.0)
                snprintf(num, sizeof num, "100");
            else
                snprintf(num, sizeof num, "%.2f", floor(v * 100.0) / 100.0);
            t0_pen_set(&p, num, FS_MIN, i == n - 1 ? T0_PEN_BOLD : T0_PEN_REG, 0, 1);
            double lx = clampd(cx, px + p.w / 2, px + pw - p.w / 2);
            double ly = ytop - p.h - 1;
            /* A label the objective line would cross sits just above it. */
            if (yo > ly - 1 && yo < ly + p.h + 1)
                ly = yo - p.h - 2;
            fill_rect(cr, lx - p.w / 2 - 1, ly, p.w + 2, p.h, WHITE);
            t0_pen_show(&p, lx, ly, T0_PEN_CENTER, theme->text);
        }
    }
    struct month_axis ma = {rep, px, pw, false};
    draw_month_axis(&p, &ma, ya.bottom, n - 1);
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- the rolling window beside the calendar month ---- */

/* A label at the right of a plot, wanting to sit centred on y. */
struct side_label {
    const char *text;
    double want, y; /* centre wanted, top placed */
    bool bold;
    struct t0_rgb colour;
};

/* Places labels of height h top to bottom without overlap inside [top,
 * bottom], each as near its wanted centre as the others allow. */
static void place_side_labels(struct side_label *l, size_t n, double h, double top,
                              double bottom)
{
    for (size_t i = 1; i < n; i++) /* by wanted centre (n is tiny) */
        for (size_t j = i; j > 0 && l[j].want < l[j - 1].want; j--) {
            struct side_label t = l[j];
            l[j] = l[j - 1];
            l[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        l[i].y = clampd(l[i].want - h / 2, top, bottom - h);
        if (i > 0 && l[i].y < l[i - 1].y + h)
            l[i].y = l[i - 1].y + h;
    }
    for (size_t i = n; i-- > 0;) {
        double limit = i + 1 < n ? l[i + 1].y - h : bottom - h;
        if (l[i].y > limit)
            l[i].y = limit;
    }
}

/* x of instant t on a time axis from m0 (at x0) to m1 (at x0 + w), clamped. */
static double time_x(t0_ms t, t0_ms m0, t0_ms m1, double x0, double w)
{
    double span = (double)(m1 > m0 ? m1 - m0 : 1);
    return x0 + w * clampd((double)(t - m0) / span, 0.0, 1.0);
}

void t0_chart_rolling(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                      const struct t0_report *rep, size_t s)
{
    if (cr == NULL || theme == NULL || rep == NULL || s >= rep->n_slos ||
        !box_usable(box) || rep->slos[s].burn == NULL || t0_report_months(rep) == 0)
        return;
    const struct t0_slo_burn *b = rep->slos[s].burn;
    const struct t0_slo_window *mw = t0_report_review_window(rep, s);
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    double obj = t0_chart_objective(rep, s);
    char title[400], sub[400], objs[32], att[32];
    t0_format_decimal(obj, 4, objs, sizeof objs);
    t0_chart_title_rolling(rep, s, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);

    const char *null_reason = NULL;
    double min_att = 100.0;
    for (size_t k = 0; k < b->n_rolling; k++) {
        struct t0_value v = b->rolling[k].attainment_pct;
        if (!t0_value_defined(v)) {
            null_reason = null_reason ? null_reason : v.reason;
            continue;
        }
        min_att = fmin(min_att, v.value);
    }
    bool month_defined = t0_value_defined(mw->attainment_pct);
    if (month_defined)
        min_att = fmin(min_att, mw->attainment_pct.value);
    char foot[320] = "";
    if (null_reason != NULL)
        snprintf(foot, sizeof foot,
                 "No line where the rolling window has no figure (%s).", null_reason);
    double foot_h = draw_footnote(&p, box, foot[0] != '\0' ? foot : NULL);

    /* Zoomed on one month's figures: from a little below the lower of the
     * objective and the lowest figure, to 100 %. */
    struct yaxis ya = {0};
    double floor_v = fmin(obj, min_att);
    double lo = floor_v - 0.25 * fmax(100.0 - floor_v, 0.04);
    lo = fmax(0.0, fmin(lo, 99.99));
    y_axis_fit(&ya, lo, 100.0, 5);
    if (ya.lo < 0)
        ya.lo = 0;
    ya.hi = 100.0;
    ya.unit = "%";

    /* The labels at the lines' right ends. */
    char l_obj[64], l_roll[96], l_mon[96];
    snprintf(l_obj, sizeof l_obj, "objective %s%%", objs);
    const struct t0_rolling_point *end = NULL;
    for (size_t k = b->n_rolling; k-- > 0 && end == NULL;)
        if (t0_value_defined(b->rolling[k].attainment_pct))
            end = &b->rolling[k];
    snprintf(l_roll, sizeof l_roll, "rolling %d days %s", b->rolling_days,
             end ? t0_format_attainment(end->attainment_pct, att, sizeof att) : "n/a");
    snprintf(l_mon, sizeof l_mon, "%s %s", t0_format_month_name(rep->review.month),
             month_defined ? t0_format_attainment(mw->attainment_pct, att, sizeof att)
                           : "no data");
    struct t0_rgb mon_colour = mw->status == T0_STATUS_MET
                                   ? REVIEW_MET(theme)
                                   : status_colour(theme, mw->status);
    if (!month_defined)
        mon_colour = theme->secondary;
    struct side_label side[3] = {{l_roll, 0, 0, true, theme->text},
                                 {l_mon, 0, 0, false, theme->text},
                                 {l_obj, 0, 0, false, theme->text}};
    double right_w = 0;
    for (int i = 0; i < 3; i++) {
        t0_pen_set(&p, side[i].text, p.axis_pt, side[i].bold ? T0_PEN_BOLD : T0_PEN_REG,
                   0, 1);
        right_w = fmax(right_w, p.w + 8);
    }
    double line_h = t0_pen_line_height(&p, p.axis_pt);
    double axis_w = y_axis_width(&p, &ya);
    double px = box.x + axis_w + 6;
    double pw = box.x + box.w - right_w - px;
    ya.top = y + line_h / 2;
    ya.bottom = box.y + box.h - foot_h - (line_h + 7);
    if (pw < 60 || ya.bottom - ya.top < 24) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y - foot_h,
                     "Too small to draw");
        goto done;
    }
    draw_y_axis(&p, &ya, px, px + pw, px - 4);

    t0_ms m0 = rep->review_start, m1 = rep->review_end;
    /* Day ticks; the 1st, 8th, 15th, 22nd and 29th labelled. */
    for (size_t j = 0; j < rep->n_days; j++) {
        const struct t0_day *d = &rep->days[j];
        if (d->start < m0 || d->start >= m1)
            continue;
        double x = time_x(d->start, m0, m1, px, pw);
        bool major = d->day % 7 == 1;
        vline(cr, x, ya.bottom, ya.bottom + (major ? 3.5 : 1.5), 0.6, theme->axis);
        if (!major)
            continue;
        char lab[32];
        t0_format_day_short(d->day, d->month, lab, sizeof lab);
        t0_pen_text(&p, lab, p.axis_pt, T0_PEN_REG, x, ya.bottom + 4,
                    d->day == 1 ? T0_PEN_LEFT : T0_PEN_CENTER, theme->secondary, 0);
    }

    /* The calendar month's attainment: a broad line in its bar's colour. */
    if (month_defined) {
        double ym = y_of(&ya, mw->attainment_pct.value);
        hline(cr, px, px + pw, ym, 2.2, mon_colour);
        side[1].want = ym;
    } else {
        side[1].want = ya.bottom;
    }
    /* The objective, dashed. */
    double yo = y_of(&ya, obj);
    dashed_hline(cr, theme, px, px + pw + 2, yo);
    side[2].want = yo;

    /* The rolling line, broken where a point has no figure, a dot at each point. */
    set_rgb(cr, theme->axis);
    cairo_set_line_width(cr, 1.4);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    bool down = false;
    for (size_t k = 0; k < b->n_rolling; k++) {
        const struct t0_rolling_point *pt = &b->rolling[k];
        if (!t0_value_defined(pt->attainment_pct)) {
            down = false;
            continue;
        }
        double x = time_x(pt->at, m0, m1, px, pw),
               yv = y_of(&ya, pt->attainment_pct.value);
        if (down)
            cairo_line_to(cr, x, yv);
        else
            cairo_move_to(cr, x, yv);
        down = true;
    }
    cairo_stroke(cr);
    for (size_t k = 0; k < b->n_rolling; k++) {
        const struct t0_rolling_point *pt = &b->rolling[k];
        if (!t0_value_defined(pt->attainment_pct))
            continue;
        cairo_arc(cr, time_x(pt->at, m0, m1, px, pw), y_of(&ya, pt->attainment_pct.value),
                  1.7, 0, 2 * G_PI);
        cairo_fill(cr);
    }
    side[0].want = end ? y_of(&ya, end->attainment_pct.value) : ya.bottom;

    place_side_labels(side, 3, line_h, box.y, ya.bottom + line_h);
    for (int i = 0; i < 3; i++) {
        double lx = px + pw + 6;
        if (side[i].text == l_mon) { /* a swatch of the month's line */
            fill_rect(cr, lx, side[i].y + line_h / 2 - 1.1, 6, 2.2, mon_colour);
            lx += 8;
        }
        t0_pen_set(&p, side[i].text, p.axis_pt, side[i].bold ? T0_PEN_BOLD : T0_PEN_REG,
                   0, 1);
        t0_pen_show(&p, lx, side[i].y, T0_PEN_LEFT, side[i].colour);
    }
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- burn-down ---- */

/* A rectangle of placed text, for collision checks. */
struct rect {
    double x0, y0, x1, y1;
};

static bool rect_overlap(struct rect a, struct rect b, double pad)
{
    return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad &&
           b.y0 < a.y1 + pad;
}

/* The index of the first day starting at or after t. */
static size_t first_day_from(const struct t0_report *rep, t0_ms t)
{
    size_t lo = 0, hi = rep->n_days;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rep->days[mid].start < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A day's bad minutes, or bad events for an events SLO. */
static double day_bad(const struct t0_day *day, size_t s, const struct t0_slo_window *w)
{
    if (w->unit == T0_UNIT_EVENTS)
        return day->bad_events != NULL ? day->bad_events[s] : 0;
    return day->bad_minutes != NULL ? day->bad_minutes[s] : 0;
}

void t0_chart_burndown(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                       const struct t0_report *rep, size_t s)
{
    if (cr == NULL || theme == NULL || rep == NULL || s >= rep->n_slos ||
        !box_usable(box))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    const struct t0_slo_result *res = &rep->slos[s];
    char title[512], sub[512], mlab[48], buf[320], when[64];
    t0_format_month_long(rep->review, mlab, sizeof mlab);
    const struct t0_slo_window *w =
        t0_report_months(rep) > 0 ? t0_report_review_window(rep, s) : NULL;
    t0_ms m0 = rep->review_start, m1 = rep->review_end;
    bool not_begun = w == NULL || w->minutes_elapsed <= 0 || rep->as_of <= m0;
    bool zero_budget = w != NULL && !(t0_chart_window_budget(w) > 0);
    bool exhausted = w != NULL && w->exhausted_at != T0_NO_TIME;

    t0_chart_title_burndown(rep, s, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);

    /* Key: the markers cannot all carry direct labels. */
    double key_h = t0_pen_line_height(&p, p.axis_pt);
    if (!(not_begun || zero_budget || !(m1 > m0))) {
        double kx = box.x;
        fill_rect(cr, kx, y + key_h * 0.15, 1.6, key_h * 0.7, theme->incident);
        kx += 5;
        kx += t0_pen_text(&p, "incident (darker = heavier)", p.axis_pt, T0_PEN_REG, kx, y,
                          T0_PEN_LEFT, theme->secondary, 0) +
              10;
        triangle_down(cr, kx + 3, y + key_h * 0.25, 6, theme->release);
        kx += 9;
        kx += t0_pen_text(&p, "release", p.axis_pt, T0_PEN_REG, kx, y, T0_PEN_LEFT,
                          theme->secondary, 0) +
              10;
        hatch_rect(cr, kx, y + key_h * 0.1, 12, key_h * 0.8);
        kx += 15;
        kx += t0_pen_text(&p, "freeze", p.axis_pt, T0_PEN_REG, kx, y, T0_PEN_LEFT,
                          theme->secondary, 0) +
              10;
        if (w->minutes_excluded > 0) {
            fill_rect(cr, kx, y + key_h * 0.1, 12, key_h * 0.8, MAINT_FILL);
            kx += 15;
            t0_pen_text(&p, "maintenance (not counted)", p.axis_pt, T0_PEN_REG, kx, y,
                        T0_PEN_LEFT, theme->secondary, 0);
        }
        y += key_h + 5;
    }

    double month_h = 2 + t0_pen_line_height(&p, p.axis_pt);
    double area_bottom = box.y + box.h;
    if (not_begun || zero_budget || !(m1 > m0)) {
        if (not_begun) {
            t0_format_local(rep->zone, rep->as_of, 2, when);
            snprintf(buf, sizeof buf, "%s has not begun (as of %s): nothing to draw yet",
                     mlab, when);
        } else if (zero_budget && w->minutes_excluded >= w->minutes_total) {
            snprintf(buf, sizeof buf,
                     "%s is in maintenance from start to end: no budget, no bad minutes",
                     mlab);
        } else if (w->status == T0_STATUS_NO_DATA) {
            snprintf(buf, sizeof buf, "No requests were counted in %s: no budget to burn",
                     mlab);
        } else if (zero_budget) {
            snprintf(buf, sizeof buf,
                     "The objective is 100%%: the budget is zero, so any bad %s "
                     "exhausts it%s",
                     w->unit == T0_UNIT_EVENTS ? "request" : "minute",
                     exhausted ? "" : ". None so far.");
        } else {
            snprintf(buf, sizeof buf, "No days in %s", mlab);
        }
        if (zero_budget && exhausted) {
            t0_format_local(rep->zone, w->exhausted_at, 1, when);
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, " (first at %s)", when);
        }
        draw_message(&p, box.x, y, box.w, area_bottom - y, buf);
        goto done;
    }

    /* Cumulative consumption at each day end (or as_of). */
    size_t d0 = first_day_from(rep, m0), d1 = first_day_from(rep, m1);
    double cum_max = 100.0, cum = 0;
    for (size_t d = d0; d < d1; d++) {
        if (rep->days[d].start >= rep->as_of)
            break;
        cum += day_bad(&rep->days[d], s, w);
        cum_max = fmax(cum_max, 100.0 * cum / t0_chart_window_budget(w));
    }
    struct yaxis ya = {0};
    y_axis_fit(&ya, 0.0, cum_max > 100.0 ? cum_max * 1.04 : 100.0, 5);
    ya.unit = "%";
    double axis_w = y_axis_width(&p, &ya);
    char endlab[48];
    snprintf(endlab, sizeof endlab, "%.0f%%", 100.0 * cum / t0_chart_window_budget(w));
    t0_pen_set(&p, "budget", p.axis_pt, T0_PEN_BOLD, 0, 1);
    double right_w = p.w + 6;
    t0_pen_set(&p, endlab, p.axis_pt, T0_PEN_BOLD, 0, 1);
    right_w = fmax(right_w, p.w + 6);
    double px = box.x + axis_w + 6;
    double pw = box.x + box.w - right_w - px;
    ya.top = y + 4;
    ya.bottom = area_bottom - month_h - 2;
    if (pw < 30 || ya.bottom - ya.top < 20) {
        draw_message(&p, box.x, y, box.w, area_bottom - y, "Too small to draw");
        goto done;
    }
    double span = (double)(m1 - m0);
#define XT(t) (px + pw * clampd((double)((t)-m0) / span, 0.0, 1.0))

    /* Maintenance: time left out of the budget, shaded (definitions.md §10). */
    const struct t0_maint_set *mset = res->maintenance;
    for (size_t k = t0_maint_set_find(mset, m0);
         mset && k < mset->n && mset->items[k].from < m1; k++) {
        double x0 = XT(mset->items[k].from), x1 = XT(mset->items[k].to);
        fill_rect(cr, x0, ya.top, fmax(0.6, x1 - x0), ya.bottom - ya.top, MAINT_FILL);
    }
    /* Freeze period: from exhaustion to the month's end, hatched. */
    if (exhausted) {
        double fx = XT(w->exhausted_at);
        hatch_rect(cr, fx, ya.top, px + pw - fx, ya.bottom - ya.top);
    }
    draw_y_axis(&p, &ya, px, px + pw, px - 4);

    /* Ideal even burn: 0 to 100 % over the month, labelled along the line. */
    double yi0 = y_of(&ya, 0), yi1 = y_of(&ya, 100.0);
    set_rgb(cr, theme->secondary);
    cairo_set_line_width(cr, 0.9);
    const double dash[2] = {3.0, 2.5};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, px, yi0);
    /* Flat through maintenance: the budget is spread over the time outside it. */
    {
        double avail = (double)(m1 - m0) - (double)t0_maint_set_measure(mset, m0, m1);
        for (size_t k = t0_maint_set_find(mset, m0);
             avail > 0 && mset && k < mset->n && mset->items[k].from < m1; k++) {
            t0_ms a = mset->items[k].from > m0 ? mset->items[k].from : m0;
            t0_ms b = mset->items[k].to < m1 ? mset->items[k].to : m1;
            double yv = y_of(
                &ya, 100.0 *
                         ((double)(a - m0) - (double)t0_maint_set_measure(mset, m0, a)) /
                         avail);
            cairo_line_to(cr, XT(a), yv);
            cairo_line_to(cr, XT(b), yv);
        }
    }
    cairo_line_to(cr, px + pw, yi1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    {
        double ang = atan2(yi1 - yi0, pw);
        t0_pen_set(&p, "even burn", p.axis_pt, T0_PEN_REG, 0, 1);
        double t = 0.62, lx = px + pw * t, ly = yi0 + (yi1 - yi0) * t;
        cairo_save(cr);
        cairo_translate(cr, lx, ly);
        cairo_rotate(cr, ang);
        pango_cairo_update_layout(cr, p.layout);
        set_rgb(cr, theme->secondary);
        cairo_move_to(cr, -p.w / 2 - p.ox, -p.h - 1);
        pango_cairo_show_layout(cr, p.layout);
        cairo_restore(cr);
        pango_cairo_update_layout(cr, p.layout);
    }
    /* The 100 % line, labelled at its end. */
    hline(cr, px, px + pw, yi1, 1.0, theme->text);
    t0_pen_set(&p, "budget", p.axis_pt, T0_PEN_BOLD, 0, 1);
    t0_pen_show(&p, px + pw + 4, yi1 - p.h / 2, T0_PEN_LEFT, theme->text);

    /* Incidents as a rug along the base, saturation by the impact's weight. */
    const struct t0_dataset *ds = rep->data;
    double rug_h = fmin(9.0, (ya.bottom - ya.top) * 0.12);
    if (ds != NULL && rep->incidents != NULL) {
        for (size_t i = 0; i < ds->n_incidents; i++) {
            const struct t0_incident *inc = &ds->incidents[i];
            if (!rep->incidents[i].counted || inc->started_at < m0 ||
                inc->started_at >= m1)
                continue;
            double bad = rep->incidents[i].bad_minutes != NULL
                             ? rep->incidents[i].bad_minutes[s]
                             : 0;
            /* Only this SLO's incidents: others' would read as its own. */
            if (!(bad > 0) &&
                (res->slo == NULL || !t0_slo_matches(res->slo, inc->services)))
                continue;
            double wt = 0;
            if (bad > 0 && res->slo != NULL && inc->impact < T0_IMPACT_COUNT)
                wt = (double)res->slo->weight_micro[inc->impact] / 1e6;
            struct t0_rgb c = mix(WHITE, theme->incident, 0.3 + 0.7 * clampd(wt, 0, 1));
            double x = XT(inc->started_at);
            fill_rect(cr, x - 0.7, ya.bottom - rug_h, 1.4, rug_h, c);
        }
    }
    /* Releases as blue markers along the top. */
    if (ds != NULL) {
        for (size_t r = 0; r < ds->n_releases; r++) {
            t0_ms t = ds->releases[r].released_at;
            if (t < m0 || t >= m1 || t >= rep->as_of)
                continue;
            triangle_down(cr, XT(t), ya.top, 6, theme->release);
        }
    }

    /* The cumulative line. */
    set_rgb(cr, theme->text);
    cairo_set_line_width(cr, 1.8);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr, px, y_of(&ya, 0));
    cum = 0;
    double ex = px, ey = y_of(&ya, 0);
    for (size_t d = d0; d < d1; d++) {
        const struct t0_day *day = &rep->days[d];
        if (day->start >= rep->as_of)
            break;
        double before = 100.0 * cum / t0_chart_window_budget(w);
        cum += day_bad(day, s, w);
        t0_ms t = day->end < rep->as_of ? day->end : rep->as_of;
        /* Through the exhaustion instant, where the curve is exactly 100 %. */
        if (exhausted && w->exhausted_at >= day->start && w->exhausted_at < t &&
            before <= 100.0 && 100.0 * cum / t0_chart_window_budget(w) >= 100.0)
            cairo_line_to(cr, XT(w->exhausted_at), y_of(&ya, 100.0));
        ex = XT(t);
        ey = y_of(&ya, 100.0 * cum / t0_chart_window_budget(w));
        cairo_line_to(cr, ex, ey);
    }
    cairo_stroke(cr);

    /* End value label, then the exhaustion point, kept apart. */
    struct rect placed[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
    size_t n_placed = 0;
    t0_pen_set(&p, endlab, p.axis_pt, T0_PEN_BOLD, 0, 1);
    {
        double lx = ex + 4, ly = ey - p.h / 2;
        if (lx + p.w > px + pw + right_w - 1) {
            lx = ex - 4 - p.w;
            ly = ey - p.h - 3;
        }
        ly = clampd(ly, ya.top, ya.bottom - p.h);
        t0_pen_show(&p, lx, ly, T0_PEN_LEFT, theme->text);
        placed[n_placed++] = (struct rect){lx, ly, lx + p.w, ly + p.h};
    }
    if (exhausted) {
        double xx = XT(w->exhausted_at), yy = y_of(&ya, 100.0);
        set_rgb(cr, theme->exhausted);
        /* A fresh path: the label just shown left a current point, from
         * which the arc would draw a stray line. */
        cairo_new_path(cr);
        cairo_arc(cr, xx, yy, 3.2, 0, 2 * M_PI);
        cairo_fill(cr);
        set_rgb(cr, WHITE);
        cairo_set_line_width(cr, 0.8);
        cairo_arc(cr, xx, yy, 3.2, 0, 2 * M_PI);
        cairo_stroke(cr);
        t0_format_local(rep->zone, w->exhausted_at, 1, when);
        snprintf(buf, sizeof buf, "Exhausted %s", when);
        t0_pen_set(&p, buf, p.axis_pt, T0_PEN_BOLD, 0, 1);
        /* Candidates: above-left, above-right, below-right, below-left. */
        const double cand[4][2] = {
            {-p.w - 5, -p.h - 3}, {5, -p.h - 3}, {5, 4}, {-p.w - 5, 4}};
        size_t best = 0;
        for (size_t k = 0; k < 4; k++) {
            double lx = xx + cand[k][0], ly = yy + cand[k][1];
            struct rect r = {lx, ly, lx + p.w, ly + p.h};
            bool inside = lx >= px && lx + p.w <= px + pw + right_w && ly >= ya.top &&
                          ly + p.h <= ya.bottom;
            bool clash = n_placed > 0 && rect_overlap(r, placed[0], 2);
            if (inside && !clash) {
                best = k;
                break;
            }
            if (k == 3)
                best = 0;
        }
        double lx = clampd(xx + cand[best][0], px, px + pw + right_w - p.w);
        double ly = clampd(yy + cand[best][1], ya.top, ya.bottom - p.h);
        /* A white halo keeps the label legible over the hatching and grid. */
        fill_rect(cr, lx - 1.5, ly, p.w + 3, p.h, WHITE);
        t0_pen_show(&p, lx, ly, T0_PEN_LEFT, theme->exhausted);
    }

    /* Day axis: weekly ticks from the 1st. */
    {
        double lx_prev = -1e9;
        for (size_t d = d0; d < d1; d++) {
            const struct t0_day *day = &rep->days[d];
            if (!(day->day == 1 || day->day % 5 == 0))
                continue;
            double x = XT(day->start);
            vline(cr, x, ya.bottom, ya.bottom + 2.5, 0.6, theme->axis);
            if (day->day == 1)
                t0_format_day_short(day->day, day->month, buf, sizeof buf);
            else
                snprintf(buf, sizeof buf, "%d", day->day);
            t0_pen_set(&p, buf, p.axis_pt, T0_PEN_REG, 0, 1);
            double lx = day->day == 1 ? x : x - p.w / 2;
            if (lx < lx_prev + 4 || lx + p.w > box.x + box.w)
                continue;
            t0_pen_show(&p, lx, ya.bottom + 2.5, T0_PEN_LEFT, theme->secondary);
            lx_prev = lx + p.w;
        }
    }
#undef XT
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- calendar ---- */

static struct t0_rgb calendar_colour(double minutes)
{
    if (!(minutes > 0))
        return SEQ_ZERO;
    for (int k = 0; k < 3; k++)
        if (minutes < CAL_BREAKS[k])
            return SEQ[k];
    return SEQ[3];
}

/* A legend of swatches with labels, right-aligned at x_right; returns its width. */
static double draw_swatch_legend(struct t0_pen *p, const struct t0_rgb *colours,
                                 const char *const *labels, size_t n, double x_right,
                                 double y, double sw)
{
    double total = 0;
    for (size_t k = 0; k < n; k++) {
        t0_pen_set(p, labels[k], p->axis_pt, T0_PEN_REG, 0, 1);
        total += sw + 3 + p->w + 8;
    }
    total -= 8;
    double x = x_right - total;
    for (size_t k = 0; k < n; k++) {
        fill_rect(p->cr, x, y + (p->h - sw) / 2, sw, sw, colours[k]);
        x += sw + 3;
        x += t0_pen_text(p, labels[k], p->axis_pt, T0_PEN_REG, x, y, T0_PEN_LEFT,
                         p->theme->secondary, 0) +
             8;
    }
    return total;
}

void t0_chart_calendar(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                       const struct t0_report *rep, size_t s)
{
    if (cr == NULL || theme == NULL || rep == NULL || s >= rep->n_slos ||
        !box_usable(box))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    char title[512], sub[512], buf[96];
    bool events = t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS;
    size_t worst = t0_chart_worst_day(rep, s);
    t0_chart_title_calendar(rep, s, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);

    size_t n = t0_report_months(rep);
    double line_h = t0_pen_line_height(&p, p.axis_pt);
    double legend_h = line_h + 4;
    if (n == 0 || rep->n_days == 0) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, "No days in the period");
        goto done;
    }
    /* Row labels "Oct 2026". */
    t0_pen_set(&p, "Sep 2026", p.axis_pt, T0_PEN_REG, 0, 1);
    double row_lab_w = p.w + 6;
    double gx = box.x + row_lab_w;
    double avail_w = box.x + box.w - gx;
    double gy = y + line_h + 2; /* day numbers above the grid */
    double avail_h = box.y + box.h - legend_h - gy;
    double cell = fmin(avail_w / 31.0, avail_h / (double)n);
    if (cell < 1.5) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, "Too small to draw");
        goto done;
    }
    double gap = cell >= 6 ? 1.0 : (cell >= 3 ? 0.5 : 0);
    bool any_maint = false;
    /* Column labels 1, 5, 10 ... 30. */
    for (int c = 1; c <= 31; c++) {
        if (!(c == 1 || c % 5 == 0))
            continue;
        snprintf(buf, sizeof buf, "%d", c);
        t0_pen_set(&p, buf, p.axis_pt, T0_PEN_REG, 0, 1);
        if (p.w > cell * 4.5)
            continue;
        t0_pen_show(&p, gx + cell * (c - 0.5), y, T0_PEN_CENTER, theme->secondary);
    }
    /* Month rows, skipping labels when rows are thinner than the text. */
    size_t every = (size_t)ceil((line_h + 1) / cell);
    if (every < 1)
        every = 1;
    for (size_t i = 0; i < n; i++) {
        struct t0_month m = t0_report_span(rep, T0_WINDOW_MONTH, i)->month;
        if (i % every != 0 && !(m.month == 1 && every < 3))
            continue;
        t0_format_month_short(m, buf, sizeof buf);
        t0_pen_set(&p, buf, p.axis_pt, T0_PEN_REG, 0, 1);
        t0_pen_show(&p, gx - 5, gy + cell * (i + 0.5) - p.h / 2, T0_PEN_RIGHT,
                    theme->secondary);
    }
    for (size_t d = 0; d < rep->n_days; d++) {
        const struct t0_day *day = &rep->days[d];
        int row = (day->year - rep->from.year) * 12 + (day->month - rep->from.month);
        if (row < 0 || (size_t)row >= n || day->day < 1 || day->day > 31)
            continue;
        double x = gx + cell * (day->day - 1), yy = gy + cell * row;
        if (day->start >= rep->as_of) {
            /* Days not yet lived: an outline only. */
            set_rgb(cr, theme->grid);
            cairo_set_line_width(cr, 0.5);
            cairo_rectangle(cr, x + gap / 2 + 0.25, yy + gap / 2 + 0.25,
                            fmax(0, cell - gap - 0.5), fmax(0, cell - gap - 0.5));
            cairo_stroke(cr);
            continue;
        }
        double v = day->bad_minutes != NULL ? day->bad_minutes[s] : 0;
        if (events) /* the share of bad requests, as minutes of the day */
            v = day->total_events != NULL && day->total_events[s] > 0
                    ? day->bad_events[s] / day->total_events[s] *
                          (double)(day->end - day->start) / 60000.0
                    : 0;
        fill_rect(cr, x + gap / 2, yy + gap / 2, cell - gap, cell - gap,
                  calendar_colour(v));
        if (cell >= 4 &&
            t0_maint_set_measure(rep->slos[s].maintenance, day->start, day->end) > 0) {
            maint_corner(cr, x + gap / 2, yy + gap / 2, cell - gap);
            any_maint = true;
        }
        if (d == worst && cell >= 5) {
            set_rgb(cr, theme->text);
            cairo_set_line_width(cr, 1.0);
            cairo_rectangle(cr, x + gap / 2, yy + gap / 2, cell - gap, cell - gap);
            cairo_stroke(cr);
        }
    }
    /* Legend of the scale, under the grid. */
    const struct t0_rgb cols[5] = {SEQ_ZERO, SEQ[0], SEQ[1], SEQ[2], SEQ[3]};
    double ly = gy + cell * n + 4;
    ly = fmin(ly, box.y + box.h - line_h);
    double legend_w = draw_swatch_legend(&p, cols, CAL_LABELS, 5, gx + cell * 31, ly,
                                         fmin(8, line_h * 0.8));
    if (any_maint) {
        double sw = fmin(8, line_h * 0.8);
        t0_pen_set(&p, "maintenance", p.axis_pt, T0_PEN_REG, 0, 1);
        double mx = gx + cell * 31 - legend_w - 14 - p.w - sw - 3;
        fill_rect(cr, mx, ly + (p.h - sw) / 2, sw, sw, SEQ_ZERO);
        maint_corner(cr, mx, ly + (p.h - sw) / 2, sw);
        t0_pen_text(&p, "maintenance", p.axis_pt, T0_PEN_REG, mx + sw + 3, ly,
                    T0_PEN_LEFT, theme->secondary, 0);
    }
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- weekday x hour ---- */

/* Continuous position t in (0, 1] on the sequential scale; 0 is grey. */
static struct t0_rgb seq_colour(double t)
{
    if (!(t > 0))
        return SEQ_ZERO;
    t = clampd(t, 0, 1) * 3.0;
    int k = (int)floor(t);
    if (k >= 3)
        return SEQ[3];
    return mix(SEQ[k], SEQ[k + 1], t - k);
}

void t0_chart_weekday_hour(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                           const struct t0_report *rep)
{
    if (cr == NULL || theme == NULL || rep == NULL || !box_usable(box))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    const struct t0_incident_stats *st = &rep->stats;
    char title[512], sub[512], buf[96];
    uint32_t max = 0;
    for (int wd = 0; wd < 7; wd++)
        for (int h = 0; h < 24; h++)
            if (st->by_weekday_hour[wd][h] > max)
                max = st->by_weekday_hour[wd][h];
    t0_chart_title_weekday_hour(rep, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);

    if (st->by_weekday_hour_reason != NULL) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, st->by_weekday_hour_reason);
        goto done;
    }
    double line_h = t0_pen_line_height(&p, p.axis_pt);
    t0_pen_set(&p, "Wed", p.axis_pt, T0_PEN_REG, 0, 1);
    double gx = box.x + p.w + 6;
    double legend_h = line_h + 6;
    double gy = y;
    double avail_w = box.x + box.w - gx;
    double avail_h = box.y + box.h - gy - line_h - 3 - legend_h;
    double cw = avail_w / 24.0;
    double ch = fmin(avail_h / 7.0, fmax(cw, line_h + 4) * 1.0);
    if (cw < 2 || ch < 2) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, "Too small to draw");
        goto done;
    }
    double gap = cw >= 8 ? 1.0 : 0.5;
    for (int wd = 0; wd < 7; wd++) {
        double yy = gy + ch * wd;
        t0_pen_set(&p, t0_format_weekday_abbr(wd), p.axis_pt, T0_PEN_REG, 0, 1);
        if (ch >= p.h * 0.8 || wd % 2 == 0)
            t0_pen_show(&p, gx - 5, yy + ch / 2 - p.h / 2, T0_PEN_RIGHT,
                        theme->secondary);
        for (int h = 0; h < 24; h++) {
            uint32_t v = st->by_weekday_hour[wd][h];
            struct t0_rgb c = seq_colour(max > 0 ? (double)v / max : 0);
            double x = gx + cw * h;
            fill_rect(cr, x + gap / 2, yy + gap / 2, cw - gap, ch - gap, c);
            if (v > 0) {
                snprintf(buf, sizeof buf, "%u", v);
                t0_pen_set(&p, buf, FS_MIN, T0_PEN_COND, 0, 1);
                if (p.w + 2 <= cw - gap && p.h <= ch - gap)
                    t0_pen_show(&p, x + cw / 2, yy + ch / 2 - p.h / 2, T0_PEN_CENTER,
                                luminance(c) < 0.55 ? WHITE : theme->text);
            }
        }
    }
    /* Hours under the grid. */
    double hy = gy + ch * 7 + 2;
    for (int h = 0; h < 24; h += 3) {
        snprintf(buf, sizeof buf, "%02d", h);
        t0_pen_set(&p, buf, p.axis_pt, T0_PEN_REG, 0, 1);
        t0_pen_show(&p,
                    clampd(gx + cw * (h + 0.5), gx + p.w / 2, box.x + box.w - p.w / 2),
                    hy, T0_PEN_CENTER, theme->secondary);
    }
    /* Legend: the ramp from 1 to the maximum. */
    {
        double ly = hy + line_h + 4;
        ly = fmin(ly, box.y + box.h - line_h);
        double rw = fmin(80, avail_w * 0.3), rh = fmin(8, line_h * 0.8);
        snprintf(buf, sizeof buf, "%u incidents", max);
        t0_pen_set(&p, buf, p.axis_pt, T0_PEN_REG, 0, 1);
        double xr = gx + cw * 24;
        double x_max_lab = xr - p.w;
        t0_pen_show(&p, x_max_lab, ly, T0_PEN_LEFT, theme->secondary);
        double rx = x_max_lab - 4 - rw;
        for (int k = 0; k < 40; k++) {
            double t = (k + 1) / 40.0;
            fill_rect(cr, rx + rw * k / 40.0, ly + (line_h - rh) / 2, rw / 40.0 + 0.2, rh,
                      seq_colour(t));
        }
        t0_pen_set(&p, "0", p.axis_pt, T0_PEN_REG, 0, 1);
        double zx = rx - 4 - p.w - rh - 3;
        fill_rect(cr, zx, ly + (line_h - rh) / 2, rh, rh, SEQ_ZERO);
        t0_pen_show(&p, zx + rh + 3, ly, T0_PEN_LEFT, theme->secondary);
    }
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- release timeline ---- */

struct label_slot {
    int row;
    double x0, x1, stem;
};

struct release_cand {
    size_t index; /* dataset release */
    uint32_t attributed;
    t0_ms at;
};

static int cand_cmp(const void *a, const void *b)
{
    const struct release_cand *x = a, *y = b;
    if (x->attributed != y->attributed)
        return x->attributed > y->attributed ? -1 : 1;
    if (x->at != y->at)
        return x->at > y->at ? -1 : 1; /* the most recent first */
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

/* Would a label in row at [x0, x1] with its stem at stem collide with those placed?
 * Row 0 is nearest the plot; a stem crosses every row below its label's. */
static bool label_collides(const struct label_slot *placed, size_t n, int row, double x0,
                           double x1, double stem, double pad)
{
    for (size_t k = 0; k < n; k++) {
        const struct label_slot *q = &placed[k];
        if (q->row == row && x0 < q->x1 + pad && q->x0 < x1 + pad)
            return true;
        if (q->row < row && stem > q->x0 - pad && stem < q->x1 + pad)
            return true; /* our stem would cut through a lower label */
        if (q->row > row && q->stem > x0 - pad && q->stem < x1 + pad)
            return true; /* a higher label's stem would cut through ours */
    }
    return false;
}

void t0_chart_release_timeline(cairo_t *cr, struct t0_box box,
                               const struct t0_theme *theme, const struct t0_report *rep)
{
    if (cr == NULL || theme == NULL || rep == NULL || !box_usable(box))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);
    struct release_cand *cands = NULL;
    uint32_t *attributed = NULL;
    struct label_slot *placed = NULL;

    const struct t0_dataset *ds = rep->data;
    size_t n_rel = ds != NULL ? ds->n_releases : 0;
    t0_ms lim = rep->as_of < rep->period_end ? rep->as_of : rep->period_end;
    size_t n_models = 0, n_in = 0, total_inc = 0;
    uint32_t max_day = 0;
    for (size_t d = 0; d < rep->n_days; d++) {
        total_inc += rep->days[d].incidents;
        if (rep->days[d].incidents > max_day)
            max_day = rep->days[d].incidents;
    }
    t0_chart_release_counts(rep, &n_in, &n_models);

    char title[512], sub[512], foot[256] = "";
    t0_chart_title_release_timeline(rep, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);
    if (!rep->has_releases)
        snprintf(foot, sizeof foot, "%s",
                 rep->releases_reason != NULL ? rep->releases_reason
                                              : "no releases were given");

    double line_h = t0_pen_line_height(&p, p.axis_pt);
    double month_h = 2 + 2 * line_h;
    double foot_h = 0;
    if (rep->n_days == 0) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, "No days in the period");
        goto done;
    }

    /* Label candidates: model launches, or when there are none the releases
     * with incidents attributed to them; the most incidents first. */
    if (n_rel > 0) {
        attributed = calloc(n_rel, sizeof *attributed);
        cands = calloc(n_in > 0 ? n_in : 1, sizeof *cands);
        if (attributed == NULL || cands == NULL)
            goto done;
        for (size_t k = 0; k < rep->releases.count && rep->releases.releases != NULL;
             k++) {
            uint32_t ri = rep->releases.releases[k].release;
            if (ri < n_rel)
                attributed[ri] = rep->releases.releases[k].attributed;
        }
    }
    size_t n_cand = 0;
    for (size_t r = 0; r < n_rel; r++) {
        const struct t0_release *rel = &ds->releases[r];
        if (rel->released_at < rep->period_start || rel->released_at >= lim)
            continue;
        bool cand = n_models > 0 ? t0_chart_model_release(rel) : attributed[r] > 0;
        if (cand)
            cands[n_cand++] = (struct release_cand){r, attributed[r], rel->released_at};
    }
    if (n_cand > 1)
        qsort(cands, n_cand, sizeof *cands, cand_cmp);

    /* Label rows: as many as the box affords, at most 4. */
    double row_h = line_h + 1;
    int rows =
        n_cand == 0 ? 0 : (int)clampd(floor((box.h - (y - box.y)) * 0.22 / row_h), 1, 4);
    double band_top = y;
    double strip_top = band_top + rows * row_h + (rows > 0 ? 5 : 0);
    double strip_h = n_in > 0 ? 7 : 0;

    struct yaxis ya = {0};
    y_axis_fit(&ya, 0, max_day > 0 ? (double)max_day : 1.0, 4);
    if (ya.step < 1) {
        ya.step = 1;
        ya.decimals = 0;
        ya.hi = ceil(ya.hi);
    }
    double axis_w = y_axis_width(&p, &ya);
    double px = box.x + axis_w + 6;
    double pw = box.x + box.w - px - 2;
    /* The footnote is written once we know how many labels fitted. */
    foot_h = t0_pen_line_height(&p, FS_MIN) + 3;
    ya.top = strip_top + strip_h + 2;
    ya.bottom = box.y + box.h - foot_h - month_h - 2;
    if (pw < 40 || ya.bottom - ya.top < 15) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, "Too small to draw");
        goto done;
    }
    double nd = (double)rep->n_days;
#define XD(pos) (px + pw * (pos) / nd)

    /* Freeze periods, every SLO's. */
    for (size_t s = 0; s < rep->n_slos; s++) {
        for (size_t f = 0; f < rep->slos[s].n_freezes; f++) {
            const struct t0_freeze *fz = &rep->slos[s].freezes[f];
            double x0 = XD(day_pos(rep, fz->from)), x1 = XD(day_pos(rep, fz->to));
            hatch_rect(cr, x0, ya.top, x1 - x0, ya.bottom - ya.top);
        }
    }
    draw_y_axis(&p, &ya, px, px + pw, px - 4);
    double bw = fmax(pw / nd, 0.35);
    for (size_t d = 0; d < rep->n_days; d++) {
        uint32_t v = rep->days[d].incidents;
        if (v == 0)
            continue;
        double yt = y_of(&ya, v);
        fill_rect(cr, XD((double)d), yt, bw * (bw > 2 ? 0.8 : 1.0), ya.bottom - yt,
                  theme->incident);
    }
    /* Every release as a tick in the strip above the plot. */
    for (size_t r = 0; r < n_rel; r++) {
        const struct t0_release *rel = &ds->releases[r];
        if (rel->released_at < rep->period_start || rel->released_at >= lim)
            continue;
        double x = XD(day_pos(rep, rel->released_at));
        vline(cr, x, strip_top, strip_top + strip_h, 0.8, theme->release);
    }
    /* Labels, the most important first; the rest stay marked only. */
    size_t n_labelled = 0;
    if (n_cand > 0 && rows > 0) {
        placed = calloc(n_cand, sizeof *placed);
        if (placed == NULL)
            goto done;
        for (size_t k = 0; k < n_cand; k++) {
            const struct t0_release *rel = &ds->releases[cands[k].index];
            double x = XD(day_pos(rep, rel->released_at));
            t0_pen_set(&p, release_label(rel), p.axis_pt, T0_PEN_REG, fmin(pw * 0.3, 140),
                       1);
            double lw = p.w;
            bool done_one = false;
            for (int row = 0; row < rows && !done_one; row++) {
                for (int side = 0; side < 2 && !done_one; side++) {
                    double x0 = side == 0 ? x + 2 : x - 2 - lw;
                    double x1 = x0 + lw;
                    if (x0 < box.x || x1 > box.x + box.w)
                        continue;
                    if (label_collides(placed, n_labelled, row, x0, x1, x, 8))
                        continue;
                    placed[n_labelled++] = (struct label_slot){row, x0, x1, x};
                    double ly = band_top + (rows - 1 - row) * row_h;
                    t0_pen_show(&p, x0, ly + 0.5, T0_PEN_LEFT, theme->text);
                    vline(cr, x, ly + 1, strip_top + strip_h, 0.7, theme->release);
                    triangle_down(cr, x, strip_top + strip_h - 4.0, 5, theme->release);
                    /* A faint guide through the plot: incidents after the launch. */
                    cairo_save(cr);
                    cairo_set_source_rgba(cr, theme->release.r, theme->release.g,
                                          theme->release.b, 0.45);
                    cairo_set_line_width(cr, 0.5);
                    const double dots[2] = {1.5, 1.5};
                    cairo_set_dash(cr, dots, 2, 0);
                    cairo_move_to(cr, x, ya.top);
                    cairo_line_to(cr, x, ya.bottom);
                    cairo_stroke(cr);
                    cairo_restore(cr);
                    done_one = true;
                }
            }
            if (!done_one)
                triangle_down(cr, x, strip_top + strip_h - 4.0, 5, theme->release);
        }
    }
    if (foot[0] == '\0' && n_cand > n_labelled)
        snprintf(foot, sizeof foot,
                 "%zu more %s marked \u25BC but not named for lack of room",
                 n_cand - n_labelled,
                 n_models > 0 ? "model launches" : "releases with incidents");
    draw_footnote(&p, box, foot[0] != '\0' ? foot : NULL);

    if (total_inc == 0)
        draw_message(&p, px, ya.top, pw, ya.bottom - ya.top,
                     "No incident started in the period");
    struct month_axis ma = {rep, px, pw, true};
    draw_month_axis(&p, &ma, ya.bottom, (size_t)-1);
#undef XD
done:
    free(placed);
    free(cands);
    free(attributed);
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- event study ---- */

void t0_chart_event_study(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                          const struct t0_report *rep)
{
    if (cr == NULL || theme == NULL || rep == NULL || !box_usable(box))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    const struct t0_correlation *co = &rep->correlation;
    int D = co->event_study_days;
    const char *reason = NULL;
    if (!rep->has_releases)
        reason = rep->releases_reason != NULL ? rep->releases_reason
                                              : "no releases were given";
    else if (rep->correlation_reason != NULL)
        reason = rep->correlation_reason;
    else if (co->mean_per_day_reason != NULL)
        reason = co->mean_per_day_reason;
    else if (co->mean_per_day == NULL || D < 0)
        reason = "no event study was computed";

    char title[512], sub[512], buf[96], num[48];
    bool base_ok = t0_value_defined(co->baseline_per_day);
    t0_chart_title_event_study(rep, title, sizeof title, sub, sizeof sub);
    double y = draw_header(&p, box, title, sub);
    if (reason != NULL) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, reason);
        goto done;
    }

    size_t n = (size_t)(2 * D + 1);
    double vmax = base_ok ? co->baseline_per_day.value : 0;
    for (size_t i = 0; i < n; i++)
        vmax = fmax(vmax, co->mean_per_day[i]);
    struct yaxis ya = {0};
    y_axis_fit(&ya, 0, vmax > 0 ? vmax * 1.05 : 1.0, 4);
    double axis_w = y_axis_width(&p, &ya);
    char baselab[64];
    if (base_ok)
        snprintf(baselab, sizeof baselab, "%.2f/day", co->baseline_per_day.value);
    else
        snprintf(baselab, sizeof baselab, "n/a");
    t0_pen_set(&p, "baseline", p.axis_pt, T0_PEN_BOLD, 0, 1);
    double right_w = p.w + 6;
    t0_pen_set(&p, baselab, p.axis_pt, T0_PEN_REG, 0, 1);
    right_w = fmax(right_w, p.w + 6);
    double line_h = t0_pen_line_height(&p, p.axis_pt);
    double label_h = t0_pen_line_height(&p, FS_MIN);
    double px = box.x + axis_w + 6;
    double pw = box.x + box.w - right_w - px;
    char foot[256] = "";
    if (!base_ok)
        snprintf(foot, sizeof foot, "baseline n/a: %s", co->baseline_per_day.reason);
    double foot_h = draw_footnote(&p, box, foot[0] != '\0' ? foot : NULL);
    ya.top = y + label_h + 2;
    ya.bottom = box.y + box.h - foot_h - (line_h + 3) - 2;
    if (pw < 30 || ya.bottom - ya.top < 15) {
        draw_message(&p, box.x, y, box.w, box.y + box.h - y, "Too small to draw");
        goto done;
    }
    draw_y_axis(&p, &ya, px, px + pw, px - 4);
    double slot = pw / (double)n;
    double bw = fmax(0.5, slot * 0.72);
    struct rect value_label = {0, 0, 0, 0};
    bool has_value_label = false;
    for (size_t i = 0; i < n; i++) {
        int off = (int)i - D;
        double v = co->mean_per_day[i];
        double cx = px + slot * (i + 0.5);
        double yt = y_of(&ya, v);
        fill_rect(cr, cx - bw / 2, yt, bw, ya.bottom - yt,
                  off == 0 ? theme->release : BAR_GREY);
        if (off == 0) {
            snprintf(num, sizeof num, "%.2f", v);
            t0_pen_set(&p, num, FS_MIN, T0_PEN_BOLD, 0, 1);
            double lx = clampd(cx, px + p.w / 2, px + pw - p.w / 2);
            value_label =
                (struct rect){lx - p.w / 2 - 1, yt - p.h - 1, lx + p.w / 2 + 1, yt - 1};
            has_value_label = true;
        }
    }
    if (base_ok) {
        double yb = y_of(&ya, co->baseline_per_day.value);
        dashed_hline(cr, theme, px, px + pw + 2, yb);
        end_label(&p, box, px + pw + 4, yb, "baseline", baselab);
    }
    /* Day 0's value over the baseline, on a white halo. */
    if (has_value_label) {
        fill_rect(cr, value_label.x0, value_label.y0, value_label.x1 - value_label.x0,
                  value_label.y1 - value_label.y0, WHITE);
        snprintf(num, sizeof num, "%.2f", co->mean_per_day[D]);
        t0_pen_set(&p, num, FS_MIN, T0_PEN_BOLD, 0, 1);
        t0_pen_show(&p, value_label.x0 + 1, value_label.y0, T0_PEN_LEFT, theme->text);
    }
    /* Offsets: a nice step so labels do not crowd; 0 always. */
    {
        t0_pen_set(&p, "\u221230", p.axis_pt, T0_PEN_REG, 0, 1);
        double need = p.w + 6;
        static const int steps[] = {1, 2, 5, 7, 10, 14, 20, 30, 50, 100, 200, 500, 1000};
        int step = steps[0];
        for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
            step = steps[k];
            if (slot * step >= need)
                break;
        }
        for (size_t i = 0; i < n; i++) {
            int off = (int)i - D;
            if (off % step != 0)
                continue;
            if (off == 0)
                snprintf(buf, sizeof buf, "0");
            else if (off < 0)
                snprintf(buf, sizeof buf, "\u2212%d", -off);
            else
                snprintf(buf, sizeof buf, "+%d", off);
            t0_pen_set(&p, buf, p.axis_pt, off == 0 ? T0_PEN_BOLD : T0_PEN_REG, 0, 1);
            double cx = px + slot * (i + 0.5);
            t0_pen_show(&p, clampd(cx, box.x + p.w / 2, box.x + box.w - p.w / 2),
                        ya.bottom + 2, T0_PEN_CENTER,
                        off == 0 ? theme->text : theme->secondary);
        }
    }
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- tile ---- */

void t0_chart_tile(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                   const struct t0_tile *tile)
{
    if (cr == NULL || theme == NULL || tile == NULL || !(box.w >= 20 && box.h >= 20))
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, box.w < NARROW_BOX ? FS_MIN : FS_AXIS);

    double pad = fmin(6.0, box.w * 0.05);
    double x = box.x + pad, w = box.w - 2 * pad;
    hline(cr, box.x, box.x + box.w, box.y + 0.5, 1.0, theme->axis);
    double y = box.y + pad;
    /* The big number shrinks to fit its tile. */
    double size = FS_TILE;
    const char *value = tile->value != NULL ? tile->value : "n/a";
    for (;;) {
        t0_pen_set(&p, value, size, T0_PEN_BOLD, 0, 1);
        if (p.w <= w || size <= 12)
            break;
        size -= 1;
    }
    t0_pen_set(&p, value, size, T0_PEN_BOLD, w, 1);
    t0_pen_show(&p, x, y, T0_PEN_LEFT, theme->text);
    y += p.h;
    if (tile->caption != NULL) {
        t0_pen_set(&p, tile->caption, FS_AXIS, T0_PEN_REG, w, 1);
        t0_pen_show(&p, x, y, T0_PEN_LEFT, theme->secondary);
        y += p.h + 2;
    }
    const char *details[2] = {tile->detail1, tile->detail2};
    for (int k = 0; k < 2; k++) {
        if (details[k] == NULL)
            continue;
        t0_pen_set(&p, details[k], FS_AXIS, T0_PEN_REG, w, 1);
        if (y + p.h > box.y + box.h - pad)
            break;
        t0_pen_show(&p, x, y, T0_PEN_LEFT, theme->text);
        y += p.h;
    }
    /* Sparkline: grey bars, the current (last) month in the status colour,
     * undefined months as gaps with a faint base tick. */
    if (tile->spark != NULL && tile->n_spark > 0) {
        char lab[32];
        snprintf(lab, sizeof lab, "%zu m", tile->n_spark);
        t0_pen_set(&p, lab, FS_MIN, T0_PEN_REG, 0, 1);
        double lab_w = p.w + 3;
        double sh = fmin(18.0, box.y + box.h - pad - (y + 3));
        if (sh >= 6 && w - lab_w > 10) {
            double sy = box.y + box.h - pad - sh;
            double sw = w - lab_w;
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < tile->n_spark; i++) {
                bool def = tile->spark_defined == NULL || tile->spark_defined[i];
                if (!def || !isfinite(tile->spark[i]))
                    continue;
                lo = fmin(lo, tile->spark[i]);
                hi = fmax(hi, tile->spark[i]);
            }
            double slot = sw / (double)tile->n_spark;
            double bw = fmax(0.5, slot * 0.7);
            for (size_t i = 0; i < tile->n_spark; i++) {
                bool def = tile->spark_defined == NULL || tile->spark_defined[i];
                double cx = x + slot * (i + 0.5);
                if (!def || !isfinite(tile->spark[i])) {
                    hline(cr, cx - bw / 2, cx + bw / 2, sy + sh - 0.25, 0.5, theme->grid);
                    continue;
                }
                double t = hi > lo ? (tile->spark[i] - lo) / (hi - lo) : 0.5;
                double bh = 3.0 + t * (sh - 3.0);
                bool last = i + 1 == tile->n_spark;
                fill_rect(cr, cx - bw / 2, sy + sh - bh, bw, bh,
                          last ? tile->status : BAR_GREY);
            }
            t0_pen_show(&p, x + w, sy + sh - p.h, T0_PEN_RIGHT, theme->secondary);
        }
    }
    t0_pen_release(&p);
    cairo_restore(cr);
}

/* ---- PNG files ---- */

enum chart_kind {
    K_ATTAINMENT,
    K_ROLLING,
    K_BURNDOWN,
    K_CALENDAR,
    K_HOURS,
    K_RELEASES,
    K_EVENT
};

static void draw_kind(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                      const struct t0_report *rep, enum chart_kind kind, size_t s)
{
    switch (kind) {
    case K_ATTAINMENT:
        t0_chart_attainment(cr, box, theme, rep, s);
        break;
    case K_ROLLING:
        t0_chart_rolling(cr, box, theme, rep, s);
        break;
    case K_BURNDOWN:
        t0_chart_burndown(cr, box, theme, rep, s);
        break;
    case K_CALENDAR:
        t0_chart_calendar(cr, box, theme, rep, s);
        break;
    case K_HOURS:
        t0_chart_weekday_hour(cr, box, theme, rep);
        break;
    case K_RELEASES:
        t0_chart_release_timeline(cr, box, theme, rep);
        break;
    case K_EVENT:
        t0_chart_event_study(cr, box, theme, rep);
        break;
    }
}

/* 1600 x 900 pixels: an 800 x 450 pt chart at twice the resolution. */
#define PNG_W 1600
#define PNG_H 900
#define PNG_SCALE 2.0

/* Draws one chart on the writer's next canvas and hands it over to be
 * written as dir/base-suffix.png. */
static enum t0_status write_png(struct t0_png_writer *w, const struct t0_report *rep,
                                const struct t0_theme *theme, const char *dir,
                                const char *base, const char *suffix,
                                enum chart_kind kind, size_t s, struct t0_error *err)
{
    size_t len = strlen(dir) + strlen(base) + strlen(suffix) + 8;
    char *path = malloc(len);
    cairo_surface_t *surface = path != NULL ? t0_png_writer_canvas(w) : NULL;
    if (surface == NULL) {
        free(path);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    }
    snprintf(path, len, "%s/%s-%s.png", dir, base, suffix);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, PNG_SCALE, PNG_SCALE);
    struct t0_box box = {18, 14, PNG_W / PNG_SCALE - 36, PNG_H / PNG_SCALE - 28};
    draw_kind(cr, box, theme, rep, kind, s);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (cs != CAIRO_STATUS_SUCCESS) {
        enum t0_status st =
            t0_error_set(err, T0_EOUTPUT, path, "", "cannot draw chart: %s",
                         cairo_status_to_string(cs));
        free(path);
        return st;
    }
    return t0_png_writer_submit(w, surface, path, err);
}

enum t0_status t0_charts_write_pngs(const struct t0_report *rep,
                                    const struct t0_theme *theme, const char *dir,
                                    const char *base, struct t0_error *err)
{
    return t0_charts_write_pngs_threads(rep, theme, dir, base, 0, err);
}

/* Every chart in the order charts.h gives, until the first failure. */
static enum t0_status write_every_png(struct t0_png_writer *w,
                                      const struct t0_report *rep,
                                      const struct t0_theme *theme, const char *dir,
                                      const char *base, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    char suffix[64];
    for (size_t s = 0; s < rep->n_slos && st == T0_OK; s++) {
        snprintf(suffix, sizeof suffix, "attainment-%zu", s + 1);
        st = write_png(w, rep, theme, dir, base, suffix, K_ATTAINMENT, s, err);
        if (st == T0_OK && rep->slos[s].burn != NULL) {
            snprintf(suffix, sizeof suffix, "rolling-%zu", s + 1);
            st = write_png(w, rep, theme, dir, base, suffix, K_ROLLING, s, err);
        }
        if (st != T0_OK)
            break;
        snprintf(suffix, sizeof suffix, "burndown-%zu", s + 1);
        st = write_png(w, rep, theme, dir, base, suffix, K_BURNDOWN, s, err);
    }
    if (st == T0_OK && rep->n_slos > 0)
        st = write_png(w, rep, theme, dir, base, "calendar", K_CALENDAR, 0, err);
    if (st == T0_OK)
        st = write_png(w, rep, theme, dir, base, "hours", K_HOURS, 0, err);
    if (st == T0_OK && rep->has_releases) {
        st = write_png(w, rep, theme, dir, base, "releases", K_RELEASES, 0, err);
        if (st == T0_OK)
            st = write_png(w, rep, theme, dir, base, "event-study", K_EVENT, 0, err);
    }
    return st;
}

enum t0_status t0_charts_write_pngs_threads(const struct t0_report *rep,
                                            const struct t0_theme *theme, const char *dir,
                                            const char *base, unsigned threads,
                                            struct t0_error *err)
{
    if (rep == NULL || dir == NULL || base == NULL)
        return t0_error_set(err, T0_EUSAGE, "", "", "no report or output directory");
    if (t0_report_months(rep) == 0)
        return t0_error_set(err, T0_EINPUT, dir, NULL, T0_REPORT_NO_MONTH);
    struct t0_theme def;
    if (theme == NULL) {
        t0_theme_default(&def);
        theme = &def;
    }
    bool threaded = threads != 1 && sysconf(_SC_NPROCESSORS_ONLN) > 1;
    struct t0_png_writer *w = t0_png_writer_new(PNG_W, PNG_H, threaded);
    if (w == NULL)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory");
    struct t0_error drawing;
    t0_error_clear(&drawing);
    enum t0_status st = write_every_png(w, rep, theme, dir, base, &drawing);
    /* A chart that failed to be written came before the one being drawn. */
    enum t0_status written = t0_png_writer_finish(w, err);
    if (written != T0_OK)
        return written;
    if (st != T0_OK && err)
        *err = drawing;
    return st;
}
