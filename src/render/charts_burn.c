/* charts_burn.c: the alerts chart: burn rates, rule thresholds, alert episodes and
 * incidents. */
#include "tierzero/charts_burn.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_pen.h"
#include "tierzero/burn.h"
#include "tierzero/chart_titles.h"
#include "tierzero/format.h"

/* REPORT-DESIGN.md: titles 10.5 pt, captions and axes 8 pt, never below 7.5. */
#define FS_TITLE 10.5
#define FS_SUB 8.0
#define FS_AXIS 8.0
#define FS_MIN 7.5
/* The burn-rate axis: a log scale from 0.1 (a tenth of the even burn). */
#define LOG_LO (-1.0)
#define MAX_LABELLED_INCIDENTS 14

static void set_rgb(cairo_t *cr, struct t0_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static struct t0_rgb mix(struct t0_rgb a, struct t0_rgb b, double t)
{
    struct t0_rgb c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
                       a.b + (b.b - a.b) * t};
    return c;
}

static void hline(cairo_t *cr, double x0, double x1, double y, double width,
                  struct t0_rgb c, bool dashed)
{
    static const double dash[2] = {3.0, 2.5};
    set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    if (dashed)
        cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* ---- what is drawn ---- */

struct plot {
    double px, pw, top, bottom; /* plot area */
    double log_hi;              /* top of the log axis */
    t0_ms m0, m1;               /* the month */
};

static double x_of(const struct plot *pl, t0_ms t)
{
    double f = (double)(t - pl->m0) / (double)(pl->m1 - pl->m0);
    return pl->px + pl->pw * (f < 0 ? 0 : (f > 1 ? 1 : f));
}

static double y_of(const struct plot *pl, double rate)
{
    double l = rate > 0 ? log10(rate) : LOG_LO;
    if (l < LOG_LO)
        l = LOG_LO;
    if (l > pl->log_hi)
        l = pl->log_hi;
    return pl->bottom - (l - LOG_LO) / (pl->log_hi - LOG_LO) * (pl->bottom - pl->top);
}

/* The largest burn rate over a column's minutes, for each of ncol columns
 * (NAN where no minute was evaluated): one pass over the SLI grid. */
static void column_maxima(const struct t0_report *rep, size_t s, const struct plot *pl,
                          int64_t minutes, size_t ncol, double *out)
{
    const struct t0_slo_burn *b = rep->slos[s].burn;
    size_t n_eval = (size_t)((b->eval_last - b->eval_first) / T0_MS_PER_MINUTE) + 1;
    struct t0_sli_grid g;
    for (size_t c = 0; c < ncol; c++)
        out[c] = NAN;
    if (t0_sli_grid_init(&g, rep, s, b->eval_first - minutes * T0_MS_PER_MINUTE,
                         (size_t)minutes + n_eval, NULL) != T0_OK)
        return;
    double span = (double)(pl->m1 - pl->m0);
    for (size_t i = 0; i < n_eval; i++) {
        t0_ms t = b->eval_first + (t0_ms)i * T0_MS_PER_MINUTE;
        size_t c = (size_t)((double)(t - pl->m0) / span * (double)ncol);
        if (c >= ncol)
            c = ncol - 1;
        struct t0_value v =
            t0_burn_rate_of(t0_sli_grid_window(&g, (size_t)minutes + i, minutes),
                            rep->slos[s].slo->objective_micro);
        if (t0_value_defined(v) && !(v.value <= out[c]))
            out[c] = v.value;
    }
    t0_sli_grid_release(&g);
}

static double draw_log_axis(struct t0_pen *p, const struct plot *pl)
{
    char buf[32];
    for (int e = (int)LOG_LO; e <= (int)pl->log_hi; e++) {
        double y = y_of(pl, pow(10.0, e));
        if (e > (int)LOG_LO)
            hline(p->cr, pl->px, pl->px + pl->pw, y, 0.5, p->theme->grid, false);
        snprintf(buf, sizeof buf, e < 0 ? "%.1f" : "%.0f", pow(10.0, e));
        t0_pen_set(p, buf, FS_AXIS, T0_PEN_REG, 0, 1);
        t0_pen_show(p, pl->px - 4, y - p->h / 2, 2, p->theme->secondary);
    }
    hline(p->cr, pl->px, pl->px + pl->pw, pl->bottom, 0.8, p->theme->axis, false);
    return 0;
}

static void draw_day_ticks(struct t0_pen *p, const struct t0_report *rep,
                           const struct plot *pl, double y)
{
    int shown = 0;
    for (size_t j = 0; j < rep->n_days; j++) {
        const struct t0_day *d = &rep->days[j];
        if (d->start < pl->m0 || d->start >= pl->m1)
            continue;
        double x = x_of(pl, d->start);
        set_rgb(p->cr, p->theme->axis);
        cairo_set_line_width(p->cr, 0.6);
        cairo_move_to(p->cr, x, pl->bottom);
        cairo_line_to(p->cr, x, pl->bottom + (d->day % 7 == 1 ? 3.5 : 1.5));
        cairo_stroke(p->cr);
        if (d->day % 7 != 1)
            continue;
        char buf[32];
        t0_format_day_short(d->day, d->month, buf, sizeof buf);
        t0_pen_text(p, buf, FS_AXIS, T0_PEN_REG, x, y, shown++ ? 1 : 0,
                    p->theme->secondary, 0);
    }
}

/* Page and ticket episodes as bands in two rows above the plot; a page no
 * incident was near is drawn hollow. */
static void draw_bands(struct t0_pen *p, const struct t0_report *rep,
                       const struct t0_slo_burn *b, const struct plot *pl, double y,
                       double row_h)
{
    const struct t0_theme *th = p->theme;
    for (int row = 0; row < 2; row++) {
        double ry = y + row * (row_h + 2);
        set_rgb(p->cr, mix(th->grid, (struct t0_rgb){1, 1, 1}, 0.4));
        cairo_rectangle(p->cr, pl->px, ry, pl->pw, row_h);
        cairo_fill(p->cr);
        t0_pen_set(p, row == 0 ? "pages" : "tickets", FS_MIN, T0_PEN_REG, 0, 1);
        t0_pen_show(p, pl->px - 4, ry + row_h / 2 - p->h / 2, 2, th->secondary);
    }
    for (size_t e = 0; e < b->n_episodes; e++) {
        const struct t0_alert_episode *ep = &b->episodes[e];
        bool page = ep->severity == T0_ALERT_PAGE;
        double ry = y + (page ? 0 : row_h + 2);
        double x0 = x_of(pl, ep->from);
        double x1 = x_of(pl, ep->to == T0_NO_TIME ? rep->as_of : ep->to);
        if (x1 - x0 < 2.0) {
            x0 -= (2.0 - (x1 - x0)) / 2;
            x1 = x0 + 2.0;
        }
        struct t0_rgb c = page ? th->exhausted : th->at_risk;
        set_rgb(p->cr, c);
        if (page && ep->unmatched) {
            cairo_set_line_width(p->cr, 0.9);
            cairo_rectangle(p->cr, x0 + 0.45, ry + 0.45, x1 - x0 - 0.9, row_h - 0.9);
            cairo_stroke(p->cr);
        } else {
            cairo_rectangle(p->cr, x0, ry, x1 - x0, row_h);
            cairo_fill(p->cr);
        }
    }
}

static void lead_label(const struct t0_burn_incident *bi, char *buf, size_t size)
{
    char lead[64];
    if (bi->paged_at == T0_NO_TIME)
        snprintf(buf, size, "not paged");
    else
        snprintf(buf, size, "paged %s",
                 t0_format_lead(bi->page_lead_minutes, lead, sizeof lead));
}

/* Labels under the time axis, on up to three rows: a label never overlaps
 * another on its row, nor a leader line running down to a lower row. */
#define MAX_PLACED 64
struct placed {
    int row;
    double x0, x1, leader;
};
struct labels {
    struct placed items[MAX_PLACED];
    size_t n;
};

static int label_row(const struct labels *l, double x, double x0, double x1)
{
    if (l->n >= MAX_PLACED)
        return -1;
    for (int row = 0; row < 3; row++) {
        bool ok = true;
        for (size_t k = 0; k < l->n && ok; k++) {
            const struct placed *q = &l->items[k];
            if (q->row == row && x0 < q->x1 + 4 && q->x0 < x1 + 4)
                ok = false; /* same row, overlapping */
            else if (q->row < row && x >= q->x0 - 2 && x <= q->x1 + 2)
                ok = false; /* our leader would cross it */
            else if (q->row > row && q->leader >= x0 - 2 && q->leader <= x1 + 2)
                ok = false; /* its leader would cross us */
        }
        if (ok)
            return row;
    }
    return -1;
}

/* A mark at x on the axis (filled, or hollow) with its label placed below. */
static void mark_with_label(struct t0_pen *p, const struct plot *pl, struct labels *l,
                            double x, double y, double row_h, bool hollow,
                            const char *label, struct t0_rgb colour)
{
    set_rgb(p->cr, p->theme->incident);
    cairo_move_to(p->cr, x, y);
    cairo_line_to(p->cr, x - 3, y + 5);
    cairo_line_to(p->cr, x + 3, y + 5);
    cairo_close_path(p->cr);
    if (hollow) {
        cairo_set_line_width(p->cr, 0.9);
        cairo_stroke(p->cr);
    } else {
        cairo_fill(p->cr);
    }
    if (!label)
        return;
    t0_pen_set(p, label, FS_MIN, T0_PEN_REG, 0, 1);
    double lx = x - p->w / 2;
    if (lx < pl->px - 20)
        lx = pl->px - 20;
    if (lx + p->w > pl->px + pl->pw + 20)
        lx = pl->px + pl->pw + 20 - p->w;
    int row = label_row(l, x, lx, lx + p->w);
    if (row < 0)
        return;
    double ly = y + 6 + row * row_h;
    set_rgb(p->cr, p->theme->secondary);
    cairo_set_line_width(p->cr, 0.4);
    cairo_move_to(p->cr, x, y + 5);
    cairo_line_to(p->cr, x, ly);
    cairo_stroke(p->cr);
    t0_pen_show(p, lx, ly, 0, colour);
    l->items[l->n++] = (struct placed){row, lx, lx + p->w, x};
}

/* Incidents as marks under the time axis, labelled with their lead; pages
 * no incident was near as hollow marks. A label that finds no room is left
 * out (the table under the chart has every one). */
static void draw_incidents(struct t0_pen *p, const struct t0_report *rep,
                           const struct t0_slo_burn *b, const struct plot *pl, double y,
                           double row_h)
{
    struct labels l;
    l.n = 0;
    for (size_t i = 0; i < b->n_incidents; i++) {
        const struct t0_burn_incident *bi = &b->incidents[i];
        const struct t0_incident *inc = &rep->data->incidents[bi->incident];
        char label[96];
        lead_label(bi, label, sizeof label);
        bool first = bi->paged_at != T0_NO_TIME && bi->page_lead_minutes > 0;
        mark_with_label(p, pl, &l, x_of(pl, inc->started_at), y, row_h, false,
                        b->n_incidents > MAX_LABELLED_INCIDENTS ? NULL : label,
                        first ? p->theme->text : p->theme->exhausted);
    }
    double last_x = -1e9;
    for (size_t e = 0; e < b->n_episodes; e++) {
        const struct t0_alert_episode *ep = &b->episodes[e];
        if (ep->severity != T0_ALERT_PAGE || !ep->unmatched)
            continue;
        double x = x_of(pl, ep->from);
        if (x - last_x < 8)
            continue; /* one mark a cluster */
        last_x = x;
        mark_with_label(p, pl, &l, x, y, row_h, true, "page, no incident",
                        p->theme->exhausted);
    }
}

void t0_chart_burn(cairo_t *cr, struct t0_box box, const struct t0_theme *theme,
                   const struct t0_report *rep, size_t s)
{
    if (!cr || !theme || !rep || s >= rep->n_slos || !rep->slos[s].burn || box.w < 120 ||
        box.h < 90)
        return;
    const struct t0_slo_burn *b = rep->slos[s].burn;
    const struct t0_slo *slo = rep->slos[s].slo;
    cairo_save(cr);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_clip(cr);
    struct t0_pen p;
    t0_pen_init(&p, cr, theme, FS_AXIS);

    char title[400], sub[400], w[24];
    t0_chart_title_burn(rep, s, title, sizeof title, sub, sizeof sub);
    int64_t lines[T0_CHART_BURN_LINES];
    size_t n_lines = t0_chart_burn_lines(b, lines);
    t0_pen_set(&p, title, FS_TITLE, T0_PEN_BOLD, box.w, 2);
    t0_pen_show(&p, box.x, box.y, 0, theme->text);
    double y = box.y + p.h + 1.5;
    t0_pen_set(&p, sub, FS_SUB, T0_PEN_REG, box.w, 2);
    t0_pen_show(&p, box.x, y, 0, theme->secondary);
    y += p.h + 6;

    if (slo->objective_micro >= 100 * T0_MICRO || b->eval_last < b->eval_first) {
        t0_pen_set(
            &p,
            slo->objective_micro >= 100 * T0_MICRO
                ? "The objective is 100%: there is no budget to burn, so no rule fires."
                : "The month has not begun: nothing was evaluated.",
            FS_SUB + 1, T0_PEN_REG, box.w, 2);
        t0_pen_show(&p, box.x + box.w / 2, y + (box.y + box.h - y) / 2 - p.h / 2, 1,
                    theme->secondary);
        goto done;
    }

    struct plot pl;
    pl.m0 = rep->review_start;
    pl.m1 = rep->review_end;
    t0_pen_set(&p, "tickets", FS_MIN, T0_PEN_REG, 0, 1);
    double left_w = fmax(p.w, 24) + 6;
    t0_pen_set(&p, "14.4 page", FS_AXIS, T0_PEN_BOLD, 0, 1);
    double right_w = p.w + 30;
    pl.px = box.x + left_w;
    pl.pw = box.x + box.w - right_w - pl.px;
    struct t0_rgb colours[T0_CHART_BURN_LINES] = {theme->text, theme->release};
    {
        /* The key of the lines, on a line of its own above the bands. */
        double lx = pl.px;
        for (size_t i = 0; i < n_lines; i++) {
            char lab[48];
            snprintf(lab, sizeof lab, "%s burn rate",
                     t0_alert_window_format(lines[i], w, sizeof w));
            set_rgb(cr, colours[i]);
            cairo_set_line_width(cr, i == 0 ? 0.8 : 1.1);
            cairo_move_to(cr, lx, y + FS_MIN * 0.65);
            cairo_line_to(cr, lx + 12, y + FS_MIN * 0.65);
            cairo_stroke(cr);
            lx += 15;
            lx += t0_pen_text(&p, lab, FS_MIN, T0_PEN_REG, lx, y, 0, colours[i], 0) + 12;
        }
        y += FS_MIN * 1.3 + 4;
    }
    double row_h = 6.0;
    draw_bands(&p, rep, b, &pl, y, row_h);
    pl.top = y + 2 * row_h + 12;
    double label_h = FS_MIN * 1.3;
    pl.bottom = box.y + box.h - (FS_AXIS * 1.4 + 6) - (5 + 3 * label_h + 4);
    if (pl.bottom - pl.top < 30 || pl.pw < 60)
        goto done;

    /* The axis reaches the larger of the thresholds and the highest rate. */
    size_t ncol = (size_t)(pl.pw / 0.75);
    double *series = calloc(ncol * (n_lines ? n_lines : 1), sizeof *series);
    if (!series)
        goto done;
    double top = 10.0;
    for (size_t r = 0; r < b->n_rules; r++)
        top = fmax(top, (double)b->rules[r].burn_micro / 1e6 * 1.5);
    for (size_t i = 0; i < n_lines; i++) {
        column_maxima(rep, s, &pl, lines[i], ncol, series + i * ncol);
        for (size_t c = 0; c < ncol; c++)
            if (series[i * ncol + c] > top)
                top = series[i * ncol + c];
    }
    pl.log_hi = ceil(log10(top) - 1e-9);
    draw_log_axis(&p, &pl);

    /* Thresholds of the page rules, dashed in the colour of their line. */
    for (size_t r = 0; r < b->n_rules; r++) {
        if (b->rules[r].severity != T0_ALERT_PAGE)
            continue;
        struct t0_rgb c = theme->secondary;
        for (size_t i = 0; i < n_lines; i++)
            if (lines[i] == b->rules[r].long_minutes)
                c = colours[i];
        double rate = (double)b->rules[r].burn_micro / 1e6, ty = y_of(&pl, rate);
        hline(cr, pl.px, pl.px + pl.pw, ty, 0.8, c, true);
        char lab[48];
        snprintf(lab, sizeof lab, "%g page", rate);
        t0_pen_text(&p, lab, FS_AXIS, T0_PEN_REG, pl.px + pl.pw + 3, ty - FS_AXIS * 0.65,
                    0, c, 0);
    }
    /* The lines, labelled at their right end. */
    for (size_t i = 0; i < n_lines; i++) {
        const double *v = series + i * ncol;
        set_rgb(cr, colours[i]);
        cairo_set_line_width(cr, i == 0 ? 0.8 : 1.1);
        bool pen_down = false;
        double last_y = pl.bottom;
        for (size_t c = 0; c < ncol; c++) {
            if (isnan(v[c])) {
                pen_down = false;
                continue;
            }
            double x = pl.px + pl.pw * ((double)c + 0.5) / (double)ncol;
            last_y = y_of(&pl, v[c]);
            if (pen_down)
                cairo_line_to(cr, x, last_y);
            else
                cairo_move_to(cr, x, last_y);
            pen_down = true;
        }
        cairo_stroke(cr);
        (void)last_y;
    }
    free(series);
    draw_day_ticks(&p, rep, &pl, pl.bottom + 4);
    draw_incidents(&p, rep, b, &pl, pl.bottom + FS_AXIS * 1.4 + 6, label_h);
done:
    t0_pen_release(&p);
    cairo_restore(cr);
}
