/* pdf_sections.c: the review's sections (definitions.md §5 "PDF" 1-9) and the postmortem
 * context page. */
#define _GNU_SOURCE
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_doc.h"
#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/figures.h"
#include "tierzero/narrative.h"
#include "tierzero/output.h"
#include "tierzero/quarters.h"
#include "tierzero/report_maintenance.h"

#define MAX_NARRATIVE_BYTES 6000
#define MAX_TIMELINE_ROWS 80
#define MAX_ACTION_ROWS 40
#define MAX_REJECTED_ROWS 50
#define MAX_VIOLATION_ROWS 40
#define RISKIEST_RELEASES 10

/* ---- shared choices ---- */

static const struct t0_slo_window *review_window(const struct t0_report *rep, size_t s)
{
    return t0_report_months(rep) ? t0_report_review_window(rep, s)
                                 : t0_report_period_window(rep, s);
}

size_t t0_pdf_primary_slo(const struct t0_report *rep)
{
    return t0_report_worst_slo(rep);
}

static bool same_month(struct t0_month a, struct t0_month b)
{
    return a.year == b.year && a.month == b.month;
}

static size_t review_incidents(const struct t0_report *rep)
{
    size_t n = 0;
    for (size_t i = 0; rep->incidents && i < rep->data->n_incidents; i++)
        if (rep->incidents[i].in_period &&
            same_month(rep->incidents[i].month, rep->review))
            n++;
    return n;
}

static size_t releases_after_exhaustion(const struct t0_report *rep, size_t s)
{
    for (size_t i = 0; rep->has_releases && i < rep->freeze.n_slos; i++)
        if (rep->freeze.slos[i].slo == s)
            return rep->freeze.slos[i].releases;
    return 0;
}

/* Writes the placeholder values into store (a scratch buffer of store_size
 * bytes) and points vars at them. */
static void fill_vars_for(const struct t0_report *rep, size_t s,
                          struct t0_template_vars *vars, char *store, size_t store_size);

void t0_pdf_fill_vars(const struct t0_report *rep, struct t0_template_vars *vars,
                      char *store, size_t store_size)
{
    fill_vars_for(rep, t0_pdf_primary_slo(rep), vars, store, store_size);
}

/* t0_pdf_fill_vars with the SLO placeholders (slo_name, objective, attainment,
 * budget, exhausted) of SLO s. */
static void fill_vars_for(const struct t0_report *rep, size_t s,
                          struct t0_template_vars *vars, char *store, size_t store_size)
{
    memset(vars, 0, sizeof *vars);
    size_t used = 0;
    char tmp[512];
#define PUT(ph, ...)                                                                     \
    do {                                                                                 \
        snprintf(tmp, sizeof tmp, __VA_ARGS__);                                          \
        size_t n_ = strlen(tmp) + 1;                                                     \
        if (used + n_ <= store_size) {                                                   \
            memcpy(store + used, tmp, n_);                                               \
            vars->values[ph] = store + used;                                             \
            used += n_;                                                                  \
        }                                                                                \
    } while (0)
    const struct t0_config *cfg = rep->config;
    const struct t0_slo_window *w = review_window(rep, s);
    char a[128], b[128];
    PUT(T0_PH_TITLE, "%s", cfg && cfg->title ? cfg->title : "Reliability review");
    PUT(T0_PH_ORGANIZATION, "%s", cfg && cfg->organization ? cfg->organization : "");
    PUT(T0_PH_REVIEW_MONTH, "%s", t0_format_month_long(rep->review, a, sizeof a));
    t0_format_month_long(rep->from, a, sizeof a);
    t0_format_month_long(rep->to, b, sizeof b);
    PUT(T0_PH_PERIOD, "%s to %s", a, b);
    char verdict[512];
    PUT(T0_PH_VERDICT, "%s", t0_verdict(rep, verdict, sizeof verdict));
    PUT(T0_PH_SLO_NAME, "%s", rep->slos[s].slo->name ? rep->slos[s].slo->name : "SLO");
    PUT(T0_PH_OBJECTIVE, "%s",
        t0_format_objective(rep->slos[s].slo->objective_pct, a, sizeof a));
    PUT(T0_PH_ATTAINMENT, "%s", t0_format_attainment(w->attainment_pct, a, sizeof a));
    PUT(T0_PH_BUDGET_CONSUMED, "%s", t0_format_pct(w->budget_consumed_pct, a, sizeof a));
    PUT(T0_PH_BUDGET_REMAINING, "%s", t0_window_remaining_text(w, a, sizeof a));
    if (w->exhausted_at != T0_NO_TIME)
        PUT(T0_PH_EXHAUSTED_ON, "%s", t0_format_local(rep->zone, w->exhausted_at, 2, a));
    PUT(T0_PH_INCIDENTS, "%zu", review_incidents(rep));
    PUT(T0_PH_MTTR_MEDIAN, "%s",
        t0_value_defined(rep->stats.mttr_minutes.median)
            ? t0_format_duration(rep->stats.mttr_minutes.median.value, a, sizeof a)
            : t0_null_label(rep->stats.mttr_minutes.median));
    PUT(T0_PH_MTTR_P90, "%s",
        t0_value_defined(rep->stats.mttr_minutes.p90)
            ? t0_format_duration(rep->stats.mttr_minutes.p90.value, a, sizeof a)
            : t0_null_label(rep->stats.mttr_minutes.p90));
    t0_ms until = T0_NO_TIME;
    bool freeze = t0_freeze_in_force(rep, &until);
    if (freeze && until != T0_NO_TIME)
        PUT(T0_PH_FREEZE_UNTIL, "%s", t0_format_local(rep->zone, until, 2, a));
    if (rep->has_releases) {
        const struct t0_correlation *c = &rep->correlation;
        PUT(T0_PH_RELEASES, "%zu", rep->releases.count);
        PUT(T0_PH_SHARE_AFTER_RELEASE, "%s",
            t0_format_fraction_pct(c->share_after_release, a, sizeof a));
        PUT(T0_PH_COVERAGE, "%s", t0_format_fraction_pct(c->coverage, a, sizeof a));
        PUT(T0_PH_RATE_RATIO, "%s", t0_format_ratio(c->rate_ratio, a, sizeof a));
        PUT(T0_PH_P_VALUE, "%s", t0_format_p(c->p_value, a, sizeof a));
        PUT(T0_PH_WINDOW_HOURS, "%g", c->window_hours);
        PUT(T0_PH_CHANGE_FAILURE_RATE, "%s",
            t0_format_fraction_pct(rep->releases.change_failure_rate, a, sizeof a));
        PUT(T0_PH_RELEASES_AFTER_EXHAUSTION, "%zu", releases_after_exhaustion(rep, s));
        vars->flags[T0_FLAG_SIGNIFICANT] =
            t0_value_defined(c->p_value) && c->p_value.value < 0.05;
    } else {
        PUT(T0_PH_WINDOW_HOURS, "%g", cfg ? cfg->window_hours : 72.0);
    }
#undef PUT
    vars->flags[T0_FLAG_MET] = w->status == T0_STATUS_MET;
    vars->flags[T0_FLAG_AT_RISK] = w->status == T0_STATUS_AT_RISK;
    vars->flags[T0_FLAG_EXHAUSTED] = w->status == T0_STATUS_EXHAUSTED;
    vars->flags[T0_FLAG_PARTIAL] = w->partial;
    vars->flags[T0_FLAG_HAS_RELEASES] = rep->has_releases;
    vars->flags[T0_FLAG_HAS_INCIDENTS] = review_incidents(rep) > 0;
    vars->flags[T0_FLAG_FREEZE] = freeze;
    vars->flags[T0_FLAG_HAS_MTTR] = t0_value_defined(rep->stats.mttr_minutes.median);
    vars->flags[T0_FLAG_HAS_ORGANIZATION] =
        cfg && cfg->organization && cfg->organization[0];
    vars->flags[T0_FLAG_RELEASES_WITHOUT_SERVICES] =
        rep->has_releases && rep->freeze.period_without_services > 0;
}

/* Expands a template text and flows it as body text. */
static void template_paragraph(struct doc *d, enum t0_text which,
                               const struct t0_template_vars *vars)
{
    const char *text = t0_template_text(d->tpl, which);
    if (!text || !text[0])
        return;
    char *out = t0_template_expand(text, vars);
    if (out && out[0]) {
        struct doc_style st = t0_doc_body(d);
        t0_doc_flow(d, out, &st, d->left, d->right - d->left);
        t0_doc_space(d, 2.5 * T0_MM);
    }
    free(out);
}

static void body_paragraph(struct doc *d, const char *text)
{
    struct doc_style st = t0_doc_body(d);
    t0_doc_flow(d, text, &st, d->left, d->right - d->left);
    t0_doc_space(d, 2.5 * T0_MM);
}

/* A releases file was given and none of its records could be used. */
static void no_usable_releases_paragraph(struct doc *d)
{
    const struct t0_input_report *in = &d->rep->data->releases_input;
    const char *file = in->source ? in->source : "the releases file";
    const char *env = d->rep->config && d->rep->config->environment
                          ? d->rep->config->environment
                          : "production";
    char text[768];
    if (in->accepted > 0)
        snprintf(
            text, sizeof text,
            "No usable releases: all %zu records of %s are deployments to other "
            "environments than %s (correlation.environment), so the release analysis "
            "is left out. It does not mean that no incident followed a release.",
            in->read, file, env);
    else
        snprintf(
            text, sizeof text,
            "No usable releases: none of the %zu records of %s was accepted (the data "
            "quality appendix lists why), so the release analysis is left out. It "
            "does not mean that no incident followed a release.",
            in->read, file);
    body_paragraph(d, text);
}

/* ---- 1 cover ---- */

/* A small heading of the cover: caps in grey over a hairline. Returns the
 * height used. */
static double cover_heading(struct doc *d, const char *text, double y)
{
    struct doc_style st = {FONT_BODY, 8.0, true, d->th->secondary, 0};
    double h = t0_doc_draw(d, text, &st, d->left, y, d->right - d->left, 0, 1);
    t0_doc_set_rgb(d, d->th->grid);
    cairo_set_line_width(d->cr, 0.5);
    cairo_move_to(d->cr, d->left, y + h + 1.2 * T0_MM);
    cairo_line_to(d->cr, d->right, y + h + 1.2 * T0_MM);
    cairo_stroke(d->cr);
    return h + 2.5 * T0_MM;
}

/* "At a glance": one line per SLO (attainment against the objective, budget
 * used, status in words and colour), as many as fit above limit. Returns
 * the y under it. */
static double cover_glance(struct doc *d, double y, double limit)
{
    const struct t0_report *rep = d->rep;
    if (rep->n_slos == 0)
        return y;
    struct doc_style name = {FONT_BODY, 10.5, true, d->th->text, 0};
    struct doc_style num = {FONT_BODY, 10.5, false, d->th->text, 0};
    struct doc_style cap = t0_doc_caption(d);
    double row = 11.0 * T0_MM;
    double head = 8.0 * T0_MM;
    if (y + head + row > limit)
        return y;
    y += cover_heading(d, "AT A GLANCE", y);
    size_t fit = (size_t)((limit - y) / row);
    size_t shown = rep->n_slos <= fit ? rep->n_slos : (fit > 1 ? fit - 1 : 0);
    for (size_t s = 0; s < shown; s++) {
        const struct t0_slo_window *w = review_window(rep, s);
        char a[32], o[48], b[32];
        struct t0_rgb sc = t0_doc_status_colour(d, w->status);
        t0_doc_set_rgb(d, sc);
        cairo_rectangle(d->cr, d->left, y + 0.6 * T0_MM, 1.2 * T0_MM, 7.0 * T0_MM);
        cairo_fill(d->cr);
        double x0 = d->left + 3.0 * T0_MM;
        t0_doc_draw(d, rep->slos[s].slo->name, &name, x0, y,
                    t0_doc_col_x(d, 5) - x0 - 2 * T0_MM, 0, 1);
        snprintf(o, sizeof o, "objective %s",
                 t0_format_objective(rep->slos[s].slo->objective_pct, a, sizeof a));
        t0_doc_draw(d, o, &cap, x0, y + 4.6 * T0_MM, t0_doc_col_x(d, 5) - x0, 0, 1);
        t0_doc_draw(d, t0_format_attainment(w->attainment_pct, a, sizeof a), &num,
                    t0_doc_col_x(d, 5), y, t0_doc_span(d, 2), 1, 1);
        t0_doc_draw(d, "attainment", &cap, t0_doc_col_x(d, 5), y + 4.6 * T0_MM,
                    t0_doc_span(d, 2), 1, 1);
        t0_doc_draw(d, t0_format_pct(w->budget_consumed_pct, b, sizeof b), &num,
                    t0_doc_col_x(d, 7), y, t0_doc_span(d, 2), 1, 1);
        t0_doc_draw(d, "budget used", &cap, t0_doc_col_x(d, 7), y + 4.6 * T0_MM,
                    t0_doc_span(d, 2), 1, 1);
        struct doc_style word = name;
        word.colour = w->status == T0_STATUS_MET ? d->th->text : sc;
        t0_doc_draw(d, t0_slo_status_label(w->status), &word,
                    t0_doc_col_x(d, 9) + 2 * T0_MM, y, t0_doc_span(d, 3) - 2 * T0_MM, 0,
                    1);
        y += row;
    }
    if (shown < rep->n_slos) {
        char more[96];
        snprintf(more, sizeof more, "%zu more SLOs in the executive summary.",
                 rep->n_slos - shown);
        y += t0_doc_draw(d, more, &cap, d->left, y, d->right - d->left, 0, 1);
    }
    return y;
}

/* "In this review": the sections with the page each starts on (known from
 * the counting pass), as many as fit above limit. */
static void cover_contents(struct doc *d, double y, double limit)
{
    const struct doc_toc *toc = d->toc;
    if (!toc || d->total == 0)
        return;
    size_t first = 0;
    while (first < toc->n && toc->page[first] <= 1)
        first++; /* the cover itself */
    if (first >= toc->n)
        return;
    struct doc_style st = t0_doc_body(d);
    st.spacing = 0;
    struct doc_style pg = st;
    pg.colour = d->th->secondary;
    double line = 5.2 * T0_MM;
    if (y + 8.0 * T0_MM + line > limit)
        return;
    y += cover_heading(d, "IN THIS REVIEW", y);
    for (size_t k = first; k < toc->n && y + line <= limit; k++) {
        char num[16];
        snprintf(num, sizeof num, "%d", toc->page[k]);
        t0_doc_draw(d, toc->title[k], &st, d->left, y, t0_doc_span(d, 9), 0, 1);
        t0_doc_draw(d, num, &pg, t0_doc_col_x(d, 9), y, t0_doc_span(d, 3), 1, 1);
        y += line;
    }
}

void t0_pdf_section_cover(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_new_page(d, false);
    t0_doc_outline(d, 0, "Cover");
    double w = d->right - d->left;
    cairo_surface_t *logo = d->logo;
    if (logo) {
        double ih = cairo_image_surface_get_height(logo),
               iw = cairo_image_surface_get_width(logo);
        double scale = DOC_LOGO_HEIGHT / ih;
        if (iw * scale > w / 2)
            scale = (w / 2) / iw;
        cairo_save(d->cr);
        cairo_translate(d->cr, d->left, d->top);
        cairo_scale(d->cr, scale, scale);
        cairo_set_source_surface(d->cr, logo, 0, 0);
        cairo_paint(d->cr);
        cairo_restore(d->cr);
    }
    struct t0_template_vars vars;
    char store[8192];
    t0_pdf_fill_vars(rep, &vars, store, sizeof store);
    /* Facts at the foot of the cover. */
    struct doc_style cap = t0_doc_caption(d);
    char month[64], line[512];
    t0_format_month_long(rep->review, month, sizeof month);
    char from[64], to[64], made[64], asof[64];
    t0_format_month_long(rep->from, from, sizeof from);
    t0_format_month_long(rep->to, to, sizeof to);
    t0_format_local(rep->zone, t0_creation_time(), 3, made);
    t0_format_local(rep->zone, rep->as_of, 3, asof);
    char quarter[128] = "";
    if (rep->has_quarter) /* definitions.md §10: a quarterly review leads with its quarter
                           */
        t0_quarter_label_long(rep, quarter, sizeof quarter);
    snprintf(line, sizeof line,
             "%s%s%sReview month: %s\nHistory: %s to %s (%zu months)\nFigures as of: %s\n"
             "Generated: %s\nTimes are in %s.",
             quarter[0] ? "Quarter: " : "", quarter, quarter[0] ? "\n" : "", month, from,
             to, t0_report_months(rep), asof, made, t0_zone_name(rep->zone));
    double fh = t0_doc_measure(d, line, &cap, w, 0);
    double foot = d->bottom - fh;
    t0_doc_draw(d, line, &cap, d->left, foot, w, 0, 0);

    double y = d->top + (logo ? 30.0 : 24.0) * T0_MM;
    struct doc_style kicker = {FONT_BODY, 11.0, true, d->th->secondary, 0};
    y += t0_doc_draw(d, "MONTHLY SLO AND ERROR-BUDGET REVIEW", &kicker, d->left, y, w, 0,
                     2);
    y += 3 * T0_MM;
    struct doc_style title = {FONT_BODY, 28.0, true, d->th->text, 1.1};
    y += t0_doc_draw(d, d->header_title, &title, d->left, y, w, 0, 4);
    y += 4 * T0_MM;
    struct doc_style sub = {FONT_BODY, 16.0, false, d->th->text, 1.2};
    if (d->organization[0])
        y += t0_doc_draw(d, d->organization, &sub, d->left, y, w, 0, 2);
    y += t0_doc_draw(d, quarter[0] ? quarter : month, &sub, d->left, y, w, 0, 1);
    y += 10 * T0_MM;
    /* The verdict, with a bar in the status colour of the SLO it names. */
    size_t s = t0_pdf_primary_slo(rep);
    enum t0_slo_status status = review_window(rep, s)->status;
    struct doc_style verdict = {FONT_BODY, 16.0, true, d->th->text, 1.25};
    double vh = t0_doc_measure(d, vars.values[T0_PH_VERDICT], &verdict, w - 6 * T0_MM, 6);
    t0_doc_set_rgb(d, t0_doc_status_colour(d, status));
    cairo_rectangle(d->cr, d->left, y, 1.6 * T0_MM, vh);
    cairo_fill(d->cr);
    t0_doc_draw(d, vars.values[T0_PH_VERDICT], &verdict, d->left + 6 * T0_MM, y,
                w - 6 * T0_MM, 0, 6);
    y += vh + 6 * T0_MM;
    const char *note = t0_template_text(d->tpl, T0_TEXT_COVER_NOTE);
    if (note) {
        char *out = t0_template_expand(note, &vars);
        struct doc_style body = t0_doc_body(d);
        if (out && out[0])
            y += t0_doc_draw(d, out, &body, d->left, y, w, 0, 4) + 4 * T0_MM;
        free(out);
    }
    y += 4 * T0_MM;
    y = cover_glance(d, y, foot - 6 * T0_MM);
    cover_contents(d, y + 6 * T0_MM, foot - 6 * T0_MM);
}

/* ---- 2 executive summary ---- */

struct spark {
    double values[24];
    bool defined[24];
    size_t n;
};

/* The last months (up to 12) of a per-month series. */
static size_t spark_first(const struct t0_report *rep)
{
    return t0_report_months(rep) > 12 ? t0_report_months(rep) - 12 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Incidents started per month and median time to resolve per month (the
 * sparklines of the incident and MTTR tiles). */
static void monthly_incident_series(const struct t0_report *rep, struct spark *count,
                                    struct spark *mttr)
{
    size_t first = spark_first(rep);
    size_t n = t0_report_months(rep) - first;
    count->n = mttr->n = n;
    size_t per[24] = {0}, resolved[24] = {0}, cap[24] = {0};
    double *dur[24] = {0};
    for (size_t i = 0; i < rep->data->n_incidents; i++) {
        const struct t0_incident_figures *f = &rep->incidents[i];
        if (!f->in_period)
            continue;
        int m = t0_month_diff(rep->from, f->month) - (int)first;
        if (m < 0 || (size_t)m >= n)
            continue;
        per[m]++;
        if (rep->data->incidents[i].resolved_at == T0_NO_TIME)
            continue;
        if (resolved[m] == cap[m]) {
            size_t nc = cap[m] ? cap[m] * 2 : 16;
            double *nd = realloc(dur[m], nc * sizeof *nd);
            if (!nd)
                continue; /* the sparkline shows a gap rather than failing the document */
            dur[m] = nd;
            cap[m] = nc;
        }
        dur[m][resolved[m]++] = t0_incident_minutes(&rep->data->incidents[i], f);
    }
    for (size_t m = 0; m < n; m++) {
        count->values[m] = (double)per[m];
        count->defined[m] = true;
        size_t k = resolved[m];
        mttr->defined[m] = k > 0;
        if (k > 0) {
            qsort(dur[m], k, sizeof(double), cmp_double);
            double pos = (double)(k - 1) * 0.5;
            size_t lo = (size_t)pos;
            mttr->values[m] = lo + 1 < k ? dur[m][lo] + (pos - (double)lo) *
                                                            (dur[m][lo + 1] - dur[m][lo])
                                         : dur[m][lo];
        }
        free(dur[m]);
    }
}

static void draw_tile(struct doc *d, int col, double y, double h,
                      const struct t0_tile *tile)
{
    struct t0_box box = {t0_doc_col_x(d, col), y, t0_doc_span(d, 3), h};
    cairo_save(d->cr);
    t0_chart_tile(d->cr, box, d->th, tile);
    cairo_restore(d->cr);
}

static void summary_tiles(struct doc *d, size_t s)
{
    const struct t0_report *rep = d->rep;
    const struct t0_slo_window *w = review_window(rep, s);
    size_t first = spark_first(rep);
    struct spark att = {0}, used = {0}, cnt = {0}, mttr = {0};
    for (size_t m = first; m < t0_report_months(rep); m++) {
        const struct t0_slo_window *mw = t0_report_month(rep, s, m);
        att.values[att.n] = mw->attainment_pct.value;
        att.defined[att.n++] = t0_value_defined(mw->attainment_pct);
        used.values[used.n] = mw->budget_consumed_pct.value;
        used.defined[used.n++] = t0_value_defined(mw->budget_consumed_pct);
    }
    monthly_incident_series(rep, &cnt, &mttr);
    char v1[64], v2[64], v3[64], v4[64], d1[96], d2[96], d3[96], d4[96], d5[96], d6[96];
    char obj[32];
    t0_format_objective(rep->slos[s].slo->objective_pct, obj, sizeof obj);
    struct t0_rgb sc = t0_doc_status_colour(d, w->status);
    struct t0_tile t1 = {t0_format_attainment(w->attainment_pct, v1, sizeof v1),
                         "attainment",
                         d1,
                         NULL,
                         att.values,
                         att.defined,
                         att.n,
                         sc};
    snprintf(d1, sizeof d1, "objective %s", obj);
    struct t0_tile t2 = {t0_format_pct(w->budget_consumed_pct, v2, sizeof v2),
                         "budget used",
                         d2,
                         NULL,
                         used.values,
                         used.defined,
                         used.n,
                         sc};
    if (w->exhausted_at != T0_NO_TIME) {
        char when[64];
        snprintf(d2, sizeof d2, "exhausted %s",
                 t0_format_local(rep->zone, w->exhausted_at, 1, when));
    } else {
        char rem[48];
        snprintf(d2, sizeof d2, "%s left", t0_window_remaining_text(w, rem, sizeof rem));
    }
    char cov[64];
    if (w->unit ==
        T0_UNIT_EVENTS) /* events SLOs: how much of the month the samples cover */
        t1.detail2 = t0_window_coverage_text(w, cov, sizeof cov);
    snprintf(v3, sizeof v3, "%zu", review_incidents(rep));
    struct t0_tile t3 = {
        v3,    "incidents this month", NULL, NULL, cnt.values, cnt.defined,
        cnt.n, d->th->incident};
    if (t0_value_defined(rep->stats.mean_days_between)) {
        snprintf(d3, sizeof d3, "1 every %.1f days", rep->stats.mean_days_between.value);
        t3.detail1 = d3;
        snprintf(d4, sizeof d4, "over %zu months", t0_report_months(rep));
        t3.detail2 = d4;
    }
    struct t0_tile t4 = {t0_null_label(rep->stats.mttr_minutes.median),
                         "median time to resolve",
                         NULL,
                         NULL,
                         mttr.values,
                         mttr.defined,
                         mttr.n,
                         d->th->secondary};
    if (t0_value_defined(rep->stats.mttr_minutes.median)) {
        t4.value =
            t0_format_duration(rep->stats.mttr_minutes.median.value, v4, sizeof v4);
        char p90[48];
        if (t0_value_defined(rep->stats.mttr_minutes.p90)) {
            snprintf(
                d5, sizeof d5, "p90 %s",
                t0_format_duration(rep->stats.mttr_minutes.p90.value, p90, sizeof p90));
            t4.detail1 = d5;
        }
        snprintf(d6, sizeof d6, "over %zu months", t0_report_months(rep));
        t4.detail2 = d6;
    }
    double h = 34.0 * T0_MM;
    t0_doc_ensure(d, h);
    draw_tile(d, 0, d->y, h, &t1);
    draw_tile(d, 3, d->y, h, &t2);
    draw_tile(d, 6, d->y, h, &t3);
    draw_tile(d, 9, d->y, h, &t4);
    d->y += h + 5.0 * T0_MM;
}

/* "38% of incidents began within 72 h of a release, while those windows
 * cover 21% of the time: 2.3× the rate outside them (p = 0.002)." */
static void release_sentence(const struct t0_report *rep, char *buf, size_t size)
{
    if (!rep->has_releases) {
        snprintf(buf, size, "Releases: not analysed (%s).",
                 rep->releases_reason ? rep->releases_reason
                                      : "no releases file was given");
        return;
    }
    const struct t0_correlation *c = &rep->correlation;
    char share[32], cov[32], ratio[32], p[32];
    if (c->n == 0 || !t0_value_defined(c->coverage)) {
        snprintf(buf, size,
                 "Releases: %zu in the period; no incident to compare them with.",
                 rep->releases.count);
        return;
    }
    snprintf(share, sizeof share, "%.0f%%", 100.0 * (double)c->k / (double)c->n);
    t0_format_fraction_pct(c->coverage, cov, sizeof cov);
    t0_format_p_clause(c->p_value, p, sizeof p);
    const char *since = c->chance_clipped ? " since the first release" : "";
    if (t0_value_defined(c->rate_ratio))
        snprintf(
            buf, size,
            "Releases: %s of incidents%s began within %g h of a release, while those "
            "windows cover %s of the time: %s the rate outside them (%s).",
            share, since, c->window_hours, cov,
            t0_format_ratio(c->rate_ratio, ratio, sizeof ratio), p);
    else
        snprintf(
            buf, size,
            "Releases: %s of incidents%s began within %g h of a release, while those "
            "windows cover %s of the time (%s).",
            share, since, c->window_hours, cov, p);
    /* and the share of incidents they explain, in the same words everywhere */
    size_t used = strlen(buf);
    if (used + 2 < size) {
        buf[used++] = ' ';
        t0_attribution_sentence(rep, buf + used, size - used);
    }
}

/* The verdict on releases, worded from the report's one freeze verdict:
 * "Release freeze: was in force from 14 October 06:25 to 1 November (API
 * availability); 2 releases shipped during it." */
static void freeze_sentence(const struct t0_report *rep, char *buf, size_t size)
{
    char text[600];
    snprintf(buf, size, "Release freeze: %s.", t0_freeze_text(rep, text, sizeof text));
}

static void slo_overview_table(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    static const struct doc_column cols[] = {{"SLO", 4, 0, FONT_CONDENSED},
                                             {"Objective", 2, 1, FONT_CONDENSED},
                                             {"Attainment", 2, 1, FONT_CONDENSED},
                                             {"Budget used", 2, 1, FONT_CONDENSED},
                                             {"Status", 2, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 5);
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_window *w = review_window(rep, s);
        char o[32], a[32], b[32];
        const char *cells[5] = {
            rep->slos[s].slo->name,
            t0_format_objective(rep->slos[s].slo->objective_pct, o, sizeof o),
            t0_format_attainment(w->attainment_pct, a, sizeof a),
            t0_format_pct(w->budget_consumed_pct, b, sizeof b),
            t0_slo_status_label(w->status)};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
}

/* definitions.md §10: a quarterly review leads with its quarter, the three months
 * beneath. */
static void quarter_table(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    if (!rep->has_quarter || t0_report_count(rep, T0_WINDOW_QUARTER) == 0)
        return;
    static const struct doc_column cols[] = {
        {"SLO", 4, 0, FONT_CONDENSED},        {"Window", 3, 0, FONT_CONDENSED},
        {"Attainment", 2, 1, FONT_CONDENSED}, {"Budget used", 2, 1, FONT_CONDENSED},
        {"Excluded", 2, 1, FONT_CONDENSED},   {"Status", 2, 0, FONT_CONDENSED}};
    char heading[160], longq[128];
    const char *label = rep->quarter.label;
    snprintf(heading, sizeof heading, "Quarter %s",
             t0_quarter_label_long(rep, longq, sizeof longq));
    t0_doc_subsection(d, heading);
    size_t p = t0_pdf_primary_slo(rep);
    const struct t0_slo_window *qw = t0_report_window(rep, p, T0_WINDOW_QUARTER, 0);
    char line[400], obj[32], att[32], used[32];
    snprintf(
        line, sizeof line,
        "Over %s, %s reached %s against its %s objective and used %s of the quarter's "
        "error budget (%s).",
        label, rep->slos[p].slo->name,
        t0_format_attainment(qw->attainment_pct, att, sizeof att),
        t0_format_objective(rep->slos[p].slo->objective_pct, obj, sizeof obj),
        t0_format_pct(qw->budget_consumed_pct, used, sizeof used),
        t0_slo_status_label(qw->status));
    body_paragraph(d, line);
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 6);
    for (size_t s = 0; s < rep->n_slos; s++)
        for (size_t i = 0; i <= t0_report_months(rep); i++) {
            const struct t0_slo_window *w =
                i == 0 ? t0_report_window(rep, s, T0_WINDOW_QUARTER, 0)
                       : t0_report_month(rep, s, i - 1);
            char win[48], a[32], b[32], x[32], st[32];
            t0_format_window(w, win, sizeof win);
            const char *cells[6] = {
                i == 0 ? rep->slos[s].slo->name : "",
                win,
                t0_format_window_figure(rep, w, T0_FIG_ATTAINMENT, a, sizeof a),
                t0_format_window_figure(rep, w, T0_FIG_BUDGET_CONSUMED, b, sizeof b),
                t0_format_minutes(w->minutes_excluded, x, sizeof x),
                t0_format_window_figure(rep, w, T0_FIG_STATUS, st, sizeof st)};
            t0_doc_table_row(d, &t, cells, NULL);
        }
    t0_doc_table_end(d, &t);
}

void t0_pdf_section_summary(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_new_page(d, true);
    struct t0_template_vars vars;
    char store[8192];
    t0_pdf_fill_vars(rep, &vars, store, sizeof store);
    t0_doc_section(d, vars.values[T0_PH_VERDICT], "Executive summary", 0);
    size_t s = t0_pdf_primary_slo(rep);
    quarter_table(d);
    summary_tiles(d, s);
    char line[1200];
    struct doc_style st = t0_doc_body(d);
    st.size = 10.5;
    release_sentence(rep, line, sizeof line);
    t0_doc_flow(d, line, &st, d->left, d->right - d->left);
    t0_doc_space(d, 1.5 * T0_MM);
    freeze_sentence(rep, line, sizeof line);
    st.bold = true;
    t0_doc_flow(d, line, &st, d->left, d->right - d->left);
    t0_doc_space(d, 3.0 * T0_MM);
    template_paragraph(d, T0_TEXT_SUMMARY, &vars);
    if (rep->n_slos > 1)
        slo_overview_table(d);
    t0_doc_chart(d, t0_chart_burndown, s, 80.0 * T0_MM);
}

/* ---- 3 SLO attainment over the history ---- */

void t0_pdf_section_slo_history(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_new_page(d, true);
    t0_doc_section(d, "SLO attainment over the history", NULL, 0);
    static const struct doc_column minute_cols[] = {
        {"Month", 2, 0, FONT_CONDENSED},       {"Attainment", 2, 1, FONT_CONDENSED},
        {"Bad minutes", 2, 1, FONT_CONDENSED}, {"Budget (min)", 2, 1, FONT_CONDENSED},
        {"Budget used", 1, 1, FONT_CONDENSED}, {"Incidents", 1, 1, FONT_CONDENSED},
        {"Status", 2, 0, FONT_CONDENSED}};
    static const struct doc_column event_cols[] = {
        {"Month", 2, 0, FONT_CONDENSED},          {"Attainment", 2, 1, FONT_CONDENSED},
        {"Bad / requests", 2, 1, FONT_CONDENSED}, {"Budget (req.)", 2, 1, FONT_CONDENSED},
        {"Budget used", 1, 1, FONT_CONDENSED},    {"Coverage", 1, 1, FONT_CONDENSED},
        {"Status", 2, 0, FONT_CONDENSED}};
    for (size_t s = 0; s < rep->n_slos; s++) {
        bool events = t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS;
        const struct doc_column *cols = events ? event_cols : minute_cols;
        char title[300], obj[32];
        if (s > 0)
            t0_doc_new_page(d, true);
        snprintf(title, sizeof title, "%s: objective %s", rep->slos[s].slo->name,
                 t0_format_objective(rep->slos[s].slo->objective_pct, obj, sizeof obj));
        t0_doc_subsection(d, title);
        t0_doc_chart(d, t0_chart_attainment, s, 72.0 * T0_MM);
        t0_doc_chart(d, t0_chart_rolling, s, 52.0 * T0_MM);
        t0_pdf_rolling_note(d, s);
        struct doc_table t;
        t0_doc_table_begin(d, &t, cols, 7);
        for (size_t m = t0_report_months(rep); m-- > 0;) {
            const struct t0_slo_window *w = t0_report_month(rep, s, m);
            char mon[64], a[32], bad[32], bud[32], used[32], inc[32], status[48];
            t0_format_month_long(w->month, mon, sizeof mon);
            snprintf(inc, sizeof inc, "%zu", w->incidents);
            snprintf(status, sizeof status, "%s%s", t0_slo_status_label(w->status),
                     w->partial ? " (so far)" : "");
            const char *cells[7] = {
                mon,
                t0_format_attainment(w->attainment_pct, a, sizeof a),
                t0_format_minutes(w->bad_minutes, bad, sizeof bad),
                t0_format_minutes(w->budget_minutes, bud, sizeof bud),
                t0_format_pct(w->budget_consumed_pct, used, sizeof used),
                inc,
                status};
            if (events) { /* "1.2 M / 1.4 G", the budget in requests, the data coverage */
                char nb[16], nt[16];
                snprintf(bad, sizeof bad, "%s / %s",
                         t0_format_events(w->events_bad, nb, sizeof nb),
                         t0_format_events(w->events_total, nt, sizeof nt));
                t0_format_events(w->budget_events, bud, sizeof bud);
                if (t0_value_defined(w->data_coverage))
                    snprintf(inc, sizeof inc, "%.1f%%",
                             floor(w->data_coverage.value * 1000) / 10);
                else
                    snprintf(inc, sizeof inc, "n/a");
            }
            t0_doc_table_row(d, &t, cells, NULL);
        }
        t0_doc_table_end(d, &t);
    }
}

/* A section on a new page headed "<name>, <review month>", in the outline
 * as name. */
static void month_section(struct doc *d, const char *name)
{
    char month[64], title[128];
    t0_doc_new_page(d, true);
    t0_format_month_long(d->rep->review, month, sizeof month);
    snprintf(title, sizeof title, "%s, %s", name, month);
    t0_doc_section(d, title, name, 0);
}

/* ---- 4 burn-down ---- */

void t0_pdf_section_burndown(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    month_section(d, "Error-budget burn-down");
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_window *w = review_window(rep, s);
        /* The chart's title names the SLO: no sub-section heading. */
        if (s > 0)
            t0_doc_space(d, 3.0 * T0_MM);
        t0_doc_chart(d, t0_chart_burndown, s, (rep->n_slos > 1 ? 88.0 : 110.0) * T0_MM);
        char line[512], bud[48], bad[64], rem[48], used[32], when[64], cov[48];
        t0_window_budget_text(w, bud, sizeof bud);
        t0_window_bad_text(w, bad, sizeof bad);
        t0_window_remaining_text(w, rem, sizeof rem);
        t0_format_pct(w->budget_consumed_pct, used, sizeof used);
        if (w->unit == T0_UNIT_EVENTS && w->status == T0_STATUS_NO_DATA)
            snprintf(line, sizeof line,
                     "No requests were counted this month: no data, no "
                     "budget to judge.");
        else if (w->unit == T0_UNIT_EVENTS && w->exhausted_at != T0_NO_TIME)
            snprintf(
                line, sizeof line,
                "Requests: %s; budget for the month: %s (%s used). The budget ran out "
                "with the sample of %s; from then until the end of the month, releases "
                "are frozen. Samples: %s.",
                bad, bud, used, t0_format_local(rep->zone, w->exhausted_at, 3, when),
                t0_window_coverage_text(w, cov, sizeof cov));
        else if (w->unit == T0_UNIT_EVENTS)
            snprintf(line, sizeof line,
                     "Requests: %s; budget for the month: %s (%s used). Remaining: %s. "
                     "Samples: %s.",
                     bad, bud, used, rem, t0_window_coverage_text(w, cov, sizeof cov));
        else if (w->exhausted_at != T0_NO_TIME)
            snprintf(
                line, sizeof line,
                "Budget for the month: %s. Bad time: %s (%s of the budget). The budget "
                "ran "
                "out at %s; from then until the end of the month, releases are frozen.",
                bud, bad, used, t0_format_local(rep->zone, w->exhausted_at, 3, when));
        else
            snprintf(line, sizeof line,
                     "Budget for the month: %s. Bad time: %s (%s of the budget). "
                     "Remaining: %s.",
                     bud, bad, used, rem);
        body_paragraph(d, line);
    }
}

/* ---- 5 calendar ---- */

static void chart_weekday_hour(cairo_t *cr, struct t0_box box,
                               const struct t0_theme *theme, const struct t0_report *rep,
                               size_t s)
{
    (void)s;
    t0_chart_weekday_hour(cr, box, theme, rep);
}

static void chart_release_timeline(cairo_t *cr, struct t0_box box,
                                   const struct t0_theme *theme,
                                   const struct t0_report *rep, size_t s)
{
    (void)s;
    t0_chart_release_timeline(cr, box, theme, rep);
}

static void chart_event_study(cairo_t *cr, struct t0_box box,
                              const struct t0_theme *theme, const struct t0_report *rep,
                              size_t s)
{
    (void)s;
    t0_chart_event_study(cr, box, theme, rep);
}

void t0_pdf_section_calendar(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_new_page(d, true);
    t0_doc_section(d, "Incident calendar", NULL, 0);
    size_t s = t0_pdf_primary_slo(rep);
    t0_doc_chart(d, t0_chart_calendar, s, 100.0 * T0_MM);
    t0_doc_chart(d, chart_weekday_hour, 0, 70.0 * T0_MM);
    const struct t0_incident_stats *st = &rep->stats;
    if (t0_value_defined(st->off_hours_share) &&
        t0_value_defined(st->sleep_hours_share)) {
        char line[300], a[32], b[32];
        snprintf(
            line, sizeof line,
            "%s of the period's incidents began outside working hours (Monday to Friday, "
            "08:00 to 18:00, %s); %s began between 22:00 and 08:00.",
            t0_format_fraction_pct(st->off_hours_share, a, sizeof a),
            t0_zone_name(rep->zone),
            t0_format_fraction_pct(st->sleep_hours_share, b, sizeof b));
        body_paragraph(d, line);
    }
}

/* ---- 6 releases and incidents ---- */

static const char *release_label(const struct t0_release *r)
{
    return r->name && r->name[0] ? r->name : r->id;
}

static int cmp_release_risk(const void *a, const void *b, void *ctx)
{
    const struct t0_release_figures *x = a, *y = b;
    size_t s = *(const size_t *)ctx;
    double bx = x->attributed_bad_minutes ? x->attributed_bad_minutes[s] : 0;
    double by = y->attributed_bad_minutes ? y->attributed_bad_minutes[s] : 0;
    if (bx != by)
        return bx < by ? 1 : -1;
    return (x->attributed < y->attributed) - (x->attributed > y->attributed);
}

static void riskiest_releases(struct doc *d, size_t s)
{
    const struct t0_report *rep = d->rep;
    size_t n = rep->releases.count;
    if (n == 0)
        return;
    struct t0_release_figures *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return;
    memcpy(sorted, rep->releases.releases, n * sizeof *sorted);
    qsort_r(sorted, n, sizeof *sorted, cmp_release_risk, &s);
    t0_doc_subsection(d, "Riskiest releases");
    static const struct doc_column cols[] = {{"Release", 4, 0, FONT_CONDENSED},
                                             {"Date", 2, 0, FONT_CONDENSED},
                                             {"Incidents after", 2, 1, FONT_CONDENSED},
                                             {"Bad minutes", 2, 1, FONT_CONDENSED},
                                             {"Failed", 2, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 5);
    t0_doc_table_widen(d, &t, 1, "2026-10-13 15:40");
    t0_doc_table_widen(d, &t, 4, "yes: window, named");
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < RISKIEST_RELEASES; i++) {
        const struct t0_release_figures *f = &sorted[i];
        if (f->attributed == 0 && !f->failed)
            break;
        const struct t0_release *r = &rep->data->releases[f->release];
        char date[64], inc[32], bad[32];
        t0_format_local(rep->zone, r->released_at, 0, date);
        snprintf(inc, sizeof inc, "%u", f->attributed);
        t0_format_minutes(f->attributed_bad_minutes ? f->attributed_bad_minutes[s] : 0,
                          bad, sizeof bad);
        const char *why = f->failed_by_window && f->failed_by_caused_by
                              ? "yes: window, named"
                          : f->failed_by_window    ? "yes: window"
                          : f->failed_by_caused_by ? "yes: named cause"
                                                   : "no";
        const char *cells[5] = {release_label(r), date, inc, bad, why};
        t0_doc_table_row(d, &t, cells, r->url);
        shown++;
    }
    if (shown == 0) {
        const char *cells[5] = {"No incident followed any release.", "", "", "", ""};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
    free(sorted);
}

/* Releases without services match only "*" SLOs (definitions.md §7.2): say so where that
 * hides releases shipped during another SLO's freeze. */
static void unchecked_releases_note(struct doc *d)
{
    const struct t0_freeze_verdict *fv = &d->rep->freeze;
    if (fv->period_unchecked == 0)
        return;
    char line[400];
    snprintf(
        line, sizeof line,
        "%zu release%s without services shipped while an SLO's error budget was "
        "exhausted: freezes cannot be checked for %s. Give releases services in the "
        "releases file, or in the configuration (releases.services, releases.rules).",
        fv->period_unchecked, fv->period_unchecked == 1 ? "" : "s",
        fv->period_unchecked == 1 ? "it" : "them");
    body_paragraph(d, line);
}

static void violations_table(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    const struct t0_release_results *rr = &rep->releases;
    t0_doc_subsection(d, "Releases during a freeze");
    unchecked_releases_note(d);
    if (rr->n_violations == 0) {
        if (rep->freeze.period_unchecked == 0)
            body_paragraph(
                d, "No release shipped while an SLO's error budget was exhausted.");
        return;
    }
    static const struct doc_column cols[] = {{"Release", 4, 0, FONT_CONDENSED},
                                             {"Shipped", 3, 0, FONT_CONDENSED},
                                             {"SLO", 3, 0, FONT_CONDENSED},
                                             {"Budget used", 2, 1, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 4);
    for (size_t i = 0; i < rr->n_violations && i < MAX_VIOLATION_ROWS; i++) {
        const struct t0_violation *v = &rr->violations[i];
        const struct t0_release *r = &rep->data->releases[v->release];
        char date[64], used[32];
        t0_format_local(rep->zone, r->released_at, 0, date);
        const char *cells[4] = {release_label(r), date, rep->slos[v->slo].slo->name,
                                t0_format_pct(v->budget_consumed_pct, used, sizeof used)};
        t0_doc_table_row(d, &t, cells, r->url);
    }
    t0_doc_table_end(d, &t);
    if (rr->n_violations > MAX_VIOLATION_ROWS) {
        char line[160];
        snprintf(line, sizeof line,
                 "%zu more releases during a freeze are listed in the workbook (sheet "
                 "Releases).",
                 rr->n_violations - MAX_VIOLATION_ROWS);
        t0_doc_note(d, line);
    }
}

static void chance_paragraph(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    const struct t0_correlation *c = &rep->correlation;
    char line[1200], cov[32], p[32], ratio[32], lo[32], hi[32], span[300];
    t0_chance_span_note(rep, span, sizeof span);
    if (span[0]) {
        snprintf(line, sizeof line, "%s.", span);
        body_paragraph(d, line);
    }
    if (c->n == 0 || !t0_value_defined(c->coverage)) {
        body_paragraph(d, span[0]
                              ? "The chance test needs incidents in that span; there "
                                "were none."
                              : "The chance test needs incidents in the period; there "
                                "were none.");
        return;
    }
    t0_format_fraction_pct(c->coverage, cov, sizeof cov);
    t0_format_p_clause(c->p_value, p, sizeof p);
    int n = snprintf(
        line, sizeof line,
        "Is it chance? The %g-hour windows after releases cover %s of the %s. "
        "If incidents ignored releases, about %.1f of the %zu incidents would fall "
        "inside them; %zu did. ",
        c->window_hours, cov, span[0] ? "span" : "period",
        c->coverage.value * (double)c->n, c->n, c->k);
    if (t0_value_defined(c->rate_ratio) && n > 0 && (size_t)n < sizeof line) {
        int m =
            snprintf(line + n, sizeof line - (size_t)n,
                     "Incidents began %s as often per hour inside the windows as outside",
                     t0_format_ratio(c->rate_ratio, ratio, sizeof ratio));
        n += m > 0 ? m : 0;
        if (!c->rate_ratio_ci95_reason && (size_t)n < sizeof line) {
            t0_format_ratio(c->rate_ratio_ci95[0], lo, sizeof lo);
            if (t0_value_defined(c->rate_ratio_ci95[1]))
                t0_format_ratio(c->rate_ratio_ci95[1], hi, sizeof hi);
            else
                snprintf(hi, sizeof hi, "unbounded");
            m = snprintf(line + n, sizeof line - (size_t)n, " (95%% interval %s to %s)",
                         lo, hi);
            n += m > 0 ? m : 0;
        }
        if ((size_t)n < sizeof line) {
            m = snprintf(line + n, sizeof line - (size_t)n, ". ");
            n += m > 0 ? m : 0;
        }
    }
    if (n > 0 && (size_t)n < sizeof line) {
        bool significant = t0_value_defined(c->p_value) && c->p_value.value < 0.05;
        snprintf(line + n, sizeof line - (size_t)n,
                 "The chance of %zu or more by coincidence: %s. %s", c->k, p,
                 significant ? "Releases and incidents are linked beyond chance."
                             : "This could well be chance.");
    }
    body_paragraph(d, line);
}

/* Does the per-SLO share say more than the overall one? (Some SLO covers
 * less than every service.) */
static bool per_slo_informative(const struct t0_report *rep)
{
    for (size_t s = 0; s < rep->n_slos; s++)
        if (!rep->slos[s].slo->all_services)
            return true;
    return false;
}

/* "How much of the incident load releases explain": the sentence, then one
 * row per SLO where releases are matched to services. */
static void attribution_block(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    const struct t0_correlation *c = &rep->correlation;
    char line[700];
    t0_doc_subsection(d, "Incidents that releases explain");
    body_paragraph(d, t0_attribution_sentence(rep, line, sizeof line));
    if (!per_slo_informative(rep))
        return;
    if (!c->per_slo) {
        snprintf(line, sizeof line, "Per SLO: not computed, because %s.",
                 c->per_slo_reason ? c->per_slo_reason : "releases are not matched");
        t0_doc_note(d, line);
        return;
    }
    static const struct doc_column cols[] = {
        {"SLO", 3, 0, FONT_CONDENSED},
        {"Releases", 1, 1, FONT_CONDENSED},
        {"Incidents in windows", 2, 1, FONT_CONDENSED},
        {"Time in windows", 2, 1, FONT_CONDENSED},
        {"Attributable share (95% interval)", 3, 1, FONT_CONDENSED},
        {"Reading", 3, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 6);
    t0_doc_table_widen(d, &t, 4, "−100% (−100% to 100%)");
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_attribution *a = &c->per_slo[s];
        char rel[32], inside[48], cov[32], share[128], est[24], ci[96];
        snprintf(rel, sizeof rel, "%zu", a->releases);
        snprintf(inside, sizeof inside, "%zu of %zu", a->k, a->n);
        t0_format_fraction_pct(a->coverage, cov, sizeof cov);
        enum t0_attribution_reading reading = t0_attribution_read(&a->attributable, a->n);
        if (reading == T0_ATTRIBUTION_UNDEFINED)
            snprintf(share, sizeof share, "n/a");
        else
            snprintf(share, sizeof share, "%s (%s)",
                     t0_format_share_pct(a->attributable.share.value, est, sizeof est),
                     t0_format_share_interval(&a->attributable, ci, sizeof ci));
        const char *says = a->releases == 0 ? "no releases"
                           : reading != T0_ATTRIBUTION_UNDEFINED
                               ? t0_attribution_label(reading)
                           : a->n == 0 ? "no incidents"
                                       : "windows cover all the time";
        const char *cells[6] = {rep->slos[s].slo->name, rel, inside, cov, share, says};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
    t0_doc_note(d,
                "Each SLO's own releases and incidents (those whose services it covers); "
                "share = (in-window share of its incidents − its time in windows) / "
                "(1 − its time in windows).");
}

void t0_pdf_section_releases(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_new_page(d, true);
    t0_doc_section(d, "Releases and incidents", NULL, 0);
    struct t0_template_vars vars;
    char store[8192];
    t0_pdf_fill_vars(rep, &vars, store, sizeof store);
    if (!rep->has_releases) {
        if (rep->data->releases_input.present)
            no_usable_releases_paragraph(d);
        else if (t0_template_text(d->tpl, T0_TEXT_NO_RELEASES))
            template_paragraph(d, T0_TEXT_NO_RELEASES, &vars);
        else
            body_paragraph(d,
                           "Release analysis was omitted: no releases file was given.");
        return;
    }
    template_paragraph(d, T0_TEXT_RELEASES, &vars);
    t0_doc_chart(d, chart_release_timeline, 0, 75.0 * T0_MM);
    t0_doc_chart(d, chart_event_study, 0, 68.0 * T0_MM);
    chance_paragraph(d);
    attribution_block(d);
    const struct t0_release_results *rr = &rep->releases;
    char line[400], cfr[32], how[160];
    size_t bare = rep->freeze.period_without_services;
    if (rep->config->match_any || bare == rr->count)
        snprintf(how, sizeof how, "an incident");
    else if (bare)
        snprintf(
            how, sizeof how,
            "an incident on a service they touched (any incident, for the %zu without "
            "services)",
            bare);
    else
        snprintf(how, sizeof how, "an incident on a service they touched");
    snprintf(
        line, sizeof line,
        "Change failure rate: %s (%zu of %zu releases were followed by %s within %g h, "
        "or were named as an incident's cause).",
        t0_format_fraction_pct(rr->change_failure_rate, cfr, sizeof cfr), rr->failed,
        rr->count, how, rep->correlation.window_hours);
    body_paragraph(d, line);
    riskiest_releases(d, t0_pdf_primary_slo(rep));
    violations_table(d);
}

/* ---- 7 incident log ---- */

struct ranked {
    size_t index;
    size_t slo;   /* the SLO whose budget it used the largest share of */
    double share; /* that share, % of the month's budget; HUGE_VAL: a zero budget */
    double bad;   /* its bad minutes on that SLO */
    t0_ms start;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->share != y->share)
        return x->share < y->share ? 1 : -1;
    if (x->bad != y->bad)
        return x->bad < y->bad ? 1 : -1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Incident i's largest share of any SLO's budget for the month it started
 * in: every SLO gets its due, not only the first. */
static void rank_incident(const struct t0_report *rep, size_t i, struct ranked *r,
                          enum t0_incident_rank how)
{
    const struct t0_incident_figures *f = &rep->incidents[i];
    int m = t0_month_diff(rep->from, f->month);
    r->index = i;
    r->slo = 0;
    r->share = -1;
    r->bad = 0;
    r->start = rep->data->incidents[i].started_at;
    for (size_t s = 0; s < rep->n_slos; s++) {
        double bad = f->bad_minutes ? f->bad_minutes[s] : 0;
        double budget = m >= 0 && (size_t)m < t0_report_months(rep)
                            ? t0_report_month(rep, s, (size_t)m)->budget_minutes
                            : 0;
        double share = budget > 0 ? 100.0 * bad / budget : bad > 0 ? HUGE_VAL : 0;
        if (how == T0_RANK_BAD_MINUTES)
            share = bad; /* the template ranks by minutes: the key is the minutes */
        if (share > r->share || (share == r->share && bad > r->bad)) {
            r->slo = s;
            r->share = share;
            r->bad = bad;
        }
    }
}

/* "37% API availability": the share of the budget an incident used and of
 * which SLO; "-" when it used none. */
static char *fmt_rank(const struct t0_report *rep, const struct ranked *r, char *buf,
                      size_t size, enum t0_incident_rank how)
{
    char pct[32];
    if (r->share <= 0 || rep->n_slos == 0)
        snprintf(buf, size, "-");
    else if (how == T0_RANK_BAD_MINUTES)
        snprintf(buf, size, "%s min %s", t0_format_minutes(r->bad, pct, sizeof pct),
                 rep->slos[r->slo].slo->name);
    else if (isinf(r->share))
        snprintf(buf, size, "zero budget: %s", rep->slos[r->slo].slo->name);
    else
        snprintf(buf, size, "%s %s",
                 t0_format_pct(t0_value_of(r->share), pct, sizeof pct),
                 rep->slos[r->slo].slo->name);
    return buf;
}

/* What the ranking is by, for the sentences that explain it. */
static const char *rank_words(const struct doc *d)
{
    return t0_template_incident_rank(d->tpl) == T0_RANK_BAD_MINUTES
               ? "bad minutes on an SLO"
               : "share of an SLO's error budget for the month";
}

/* Incidents of the review month, worst first: by the largest share of any
 * SLO's monthly budget they used. new (free()); *n set. */
static struct ranked *rank_review_incidents(const struct t0_report *rep, size_t *n,
                                            enum t0_incident_rank how)
{
    size_t count = review_incidents(rep);
    *n = 0;
    struct ranked *r = malloc((count ? count : 1) * sizeof *r);
    if (!r)
        return NULL;
    for (size_t i = 0; i < rep->data->n_incidents; i++) {
        const struct t0_incident_figures *f = &rep->incidents[i];
        if (!f->in_period || !same_month(f->month, rep->review))
            continue;
        rank_incident(rep, i, &r[*n], how);
        (*n)++;
    }
    qsort(r, *n, sizeof *r, cmp_ranked);
    return r;
}

static void services_text(const struct t0_report *rep, struct t0_symlist list, char *buf,
                          size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < list.count && used + 1 < size; k++) {
        const char *name = t0_symtab_name(rep->data->symbols, list.items[k]);
        int n =
            snprintf(buf + used, size - used, "%s%s", k ? ", " : "", name ? name : "?");
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (used >= size && size > 4) {
        /* Cut on a character boundary and say so. */
        size_t cut = size - 4;
        while (cut > 0 && ((unsigned char)buf[cut] & 0xC0) == 0x80)
            cut--;
        snprintf(buf + cut, size - cut, "…");
    }
}

/* The impact, and "in maintenance" when the incident began inside it (definitions.md
 * §10). */
static const char *impact_text(const struct t0_incident *inc,
                               const struct t0_incident_figures *f, char *buf,
                               size_t size)
{
    snprintf(buf, size, "%s%s", t0_impact_label(inc->impact),
             f->in_maintenance == T0_IN_MAINTENANCE_WHOLLY   ? ", in maintenance"
             : f->in_maintenance == T0_IN_MAINTENANCE_PARTLY ? ", partly in maintenance"
                                                             : "");
    return buf;
}

void t0_pdf_section_incident_log(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    month_section(d, "Incident log");
    size_t n = 0;
    struct ranked *r = rank_review_incidents(rep, &n, t0_template_incident_rank(d->tpl));
    if (!r || n == 0) {
        body_paragraph(d, "No incident began in the review month.");
        free(r);
        return;
    }
    size_t max = t0_template_incident_log_max_rows(d->tpl);
    size_t shown = n < max ? n : max;
    char intro[300];
    snprintf(intro, sizeof intro,
             "%zu incidents began in the month, the worst first: by the largest %s "
             "each used (the column Budget used names the SLO). Times in %s; bad minutes "
             "are weighted by impact.",
             n, rank_words(d), t0_zone_name(rep->zone));
    t0_doc_note(d, intro);
    static const struct doc_column cols[] = {{"ID", 10, 0, FONT_MONO},
                                             {"Title", 30, 0, FONT_CONDENSED},
                                             {"Started", 9, 0, FONT_CONDENSED},
                                             {"Duration", 10, 1, FONT_CONDENSED},
                                             {"Budget used", 12, 0, FONT_CONDENSED},
                                             {"Impact", 12, 0, FONT_CONDENSED},
                                             {"Services", 12, 0, FONT_CONDENSED},
                                             {"Release", 10, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 8);
    t.size[7] = 7.5; /* release ids are long: the smallest size allowed */
    /* Ids, start times and release ids stay on one line: those columns get
     * the width they need, the title what is left. */
    for (size_t k = 0; k < shown; k++) {
        size_t i = r[k].index;
        const struct t0_incident *inc = &rep->data->incidents[i];
        const struct t0_incident_figures *f = &rep->incidents[i];
        char start[64];
        t0_doc_table_widen(d, &t, 0, inc->id);
        t0_doc_table_widen(d, &t, 2,
                           t0_format_local(rep->zone, inc->started_at, 1, start));
        char dur[48], svc[400];
        if (inc->resolved_at != T0_NO_TIME)
            t0_doc_table_widen(
                d, &t, 3,
                t0_format_duration(t0_incident_minutes(inc, f), dur, sizeof dur));
        char used[160];
        t0_doc_table_widen_words(
            d, &t, 4,
            fmt_rank(rep, &r[k], used, sizeof used, t0_template_incident_rank(d->tpl)));
        char impact[80];
        t0_doc_table_widen_words(d, &t, 5, impact_text(inc, f, impact, sizeof impact));
        services_text(rep, inc->services, svc, sizeof svc);
        t0_doc_table_widen_words(d, &t, 6, svc);
        if (rep->has_releases && f->attributed_release >= 0 &&
            (size_t)f->attributed_release < rep->data->n_releases)
            t0_doc_table_widen(d, &t, 7, rep->data->releases[f->attributed_release].id);
    }
    for (size_t k = 0; k < shown; k++) {
        size_t i = r[k].index;
        const struct t0_incident *inc = &rep->data->incidents[i];
        const struct t0_incident_figures *f = &rep->incidents[i];
        char start[64], dur[48], bad[160], svc[400];
        t0_format_local(rep->zone, inc->started_at, 1, start);
        t0_format_duration(t0_incident_minutes(inc, f), dur, sizeof dur);
        if (inc->resolved_at == T0_NO_TIME) {
            size_t l = strlen(dur);
            snprintf(dur + l, sizeof dur - l, ", ongoing");
        }
        fmt_rank(rep, &r[k], bad, sizeof bad, t0_template_incident_rank(d->tpl));
        services_text(rep, inc->services, svc, sizeof svc);
        const char *release = "";
        if (rep->has_releases && f->attributed_release >= 0 &&
            (size_t)f->attributed_release < rep->data->n_releases)
            release = rep->data->releases[f->attributed_release].id;
        char impact[80];
        const char *cells[8] = {inc->id, inc->title ? inc->title : "",
                                start,   dur,
                                bad,     impact_text(inc, f, impact, sizeof impact),
                                svc,     release};
        t0_doc_table_row(d, &t, cells, inc->url);
    }
    t0_doc_table_end(d, &t);
    if (n > shown) {
        char line[200], month[64];
        snprintf(line, sizeof line,
                 "%zu more incidents of %s are not shown here; every incident is in the "
                 "workbook's Incidents sheet.",
                 n - shown, t0_format_month_long(rep->review, month, sizeof month));
        t0_doc_note(d, line);
    }
    free(r);
}

/* ---- 8 postmortems ---- */

/* A narrative field, capped so that no input can make the document endless. */
static void narrative_block(struct doc *d, const char *heading, const char *text)
{
    if (!text || !text[0])
        return;
    t0_doc_subsection(d, heading);
    size_t len = strlen(text);
    if (len <= MAX_NARRATIVE_BYTES) {
        body_paragraph(d, text);
        return;
    }
    size_t cut = MAX_NARRATIVE_BYTES;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    char *part = malloc(cut + 128);
    if (!part)
        return;
    snprintf(part, cut + 128, "%.*s … (%zu more characters in the incident record)",
             (int)cut, text, len - cut);
    body_paragraph(d, part);
    free(part);
}

static void impact_block(struct doc *d, size_t i)
{
    const struct t0_report *rep = d->rep;
    const struct t0_incident *inc = &rep->data->incidents[i];
    const struct t0_incident_figures *f = &rep->incidents[i];
    t0_doc_subsection(d, "Impact");
    char text[2048], dur[48], svc[600];
    size_t used = 0;
    t0_format_duration(t0_incident_minutes(inc, f), dur, sizeof dur);
    used +=
        (size_t)snprintf(text + used, sizeof text - used, "Duration: %s%s. Impact: %s.",
                         dur, inc->resolved_at == T0_NO_TIME ? " (still ongoing)" : "",
                         t0_impact_label(inc->impact));
    if (inc->services.count) {
        services_text(rep, inc->services, svc, sizeof svc);
        used += (size_t)snprintf(text + used, sizeof text - used, " Services: %s.", svc);
    }
    body_paragraph(d, text);
    static const struct doc_column cols[] = {
        {"SLO", 5, 0, FONT_CONDENSED},
        {"Weighted bad minutes", 3, 1, FONT_CONDENSED},
        {"Share of the month's budget", 4, 1, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 3);
    int m = t0_month_diff(rep->from, f->month);
    for (size_t s = 0; s < rep->n_slos; s++) {
        double bad = f->bad_minutes ? f->bad_minutes[s] : 0;
        char b[48], share[32];
        t0_format_minutes(bad, b, sizeof b);
        if (t0_report_period_window(rep, s)->unit ==
            T0_UNIT_EVENTS) { /* the requests it coincided with */
            const struct t0_slo_window *w = m >= 0 && (size_t)m < t0_report_months(rep)
                                                ? t0_report_month(rep, s, (size_t)m)
                                                : NULL;
            double ev = t0_incident_bad_events(rep, i, s);
            char n[32];
            snprintf(b, sizeof b, "%s bad requests", t0_format_events(ev, n, sizeof n));
            if (w && w->budget_events > 0)
                t0_format_pct(t0_value_of(100.0 * ev / w->budget_events), share,
                              sizeof share);
            else
                snprintf(share, sizeof share, "n/a");
            const char *cells[3] = {rep->slos[s].slo->name, b, share};
            t0_doc_table_row(d, &t, cells, NULL);
            continue;
        }
        if (m >= 0 && (size_t)m < t0_report_months(rep) &&
            t0_report_month(rep, s, (size_t)m)->budget_minutes > 0)
            t0_format_pct(t0_value_of(100.0 * bad /
                                      t0_report_month(rep, s, (size_t)m)->budget_minutes),
                          share, sizeof share);
        else
            snprintf(share, sizeof share, "n/a");
        const char *cells[3] = {rep->slos[s].slo->name, b, share};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
}

static void detection_block(struct doc *d, const struct t0_incident *inc)
{
    if (inc->detected_at == T0_NO_TIME && inc->mitigated_at == T0_NO_TIME)
        return;
    t0_doc_subsection(d, "Detection");
    char text[400], a[48], b[48];
    size_t used = 0;
    /* A source that records no detection time gives the start as one. */
    bool unrecorded = t0_not_recorded(d->rep->stats.ttd_minutes.median);
    if (inc->detected_at != T0_NO_TIME && unrecorded)
        used += (size_t)snprintf(
            text + used, sizeof text - used,
            "Time to detect: not recorded (the source gives the start as "
            "the detection time). ");
    else if (inc->detected_at != T0_NO_TIME)
        used += (size_t)snprintf(
            text + used, sizeof text - used, "Time to detect: %s. ",
            t0_format_duration((double)(inc->detected_at - inc->started_at) / 60000.0, a,
                               sizeof a));
    if (inc->mitigated_at != T0_NO_TIME && used < sizeof text)
        snprintf(
            text + used, sizeof text - used, "Time to mitigate: %s.",
            t0_format_duration((double)(inc->mitigated_at - inc->started_at) / 60000.0, b,
                               sizeof b));
    body_paragraph(d, text);
}

static void actions_block(struct doc *d, const struct t0_incident *inc)
{
    const struct t0_narrative *nar = t0_incident_narrative(inc);
    if (nar->n_actions == 0)
        return;
    t0_doc_subsection(d, "Action items");
    static const struct doc_column cols[] = {{"Item", 6, 0, FONT_CONDENSED},
                                             {"Owner", 2, 0, FONT_CONDENSED},
                                             {"Status", 2, 0, FONT_CONDENSED},
                                             {"Due", 2, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 4);
    for (uint32_t k = 0; k < nar->n_actions && k < MAX_ACTION_ROWS; k++) {
        const struct t0_action_item *a = &nar->actions[k];
        const char *cells[4] = {a->title ? a->title : "", a->owner ? a->owner : "",
                                a->status ? a->status : "", a->due ? a->due : ""};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
    if (nar->n_actions > MAX_ACTION_ROWS) {
        char line[160];
        snprintf(line, sizeof line, "%u more action items are in the incident record.",
                 nar->n_actions - MAX_ACTION_ROWS);
        t0_doc_note(d, line);
    }
}

static void timeline_block(struct doc *d, const struct t0_incident *inc)
{
    const struct t0_narrative *nar = t0_incident_narrative(inc);
    if (nar->n_timeline == 0)
        return;
    const struct t0_report *rep = d->rep;
    char heading[96];
    snprintf(heading, sizeof heading, "Timeline (%s)", t0_zone_name(rep->zone));
    t0_doc_subsection(d, heading);
    static const struct doc_column cols[] = {{"Time", 2, 0, FONT_CONDENSED},
                                             {"Status", 2, 0, FONT_CONDENSED},
                                             {"Event", 8, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 3);
    t.max_lines = 14;
    uint32_t n = nar->n_timeline;
    for (uint32_t k = 0; k < n && k < MAX_TIMELINE_ROWS; k++) {
        const struct t0_timeline_entry *e = &nar->timeline[k];
        char when[64];
        t0_format_local(rep->zone, e->at, 0, when);
        const char *cells[3] = {when, e->status ? e->status : "", e->text ? e->text : ""};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
    if (n > MAX_TIMELINE_ROWS) {
        char line[160];
        snprintf(line, sizeof line,
                 "%u more timeline entries are in the incident record.",
                 n - MAX_TIMELINE_ROWS);
        t0_doc_note(d, line);
    }
}

/* The SLO a postmortem speaks of: the one whose budget the incident used
 * the largest share of; the report's primary SLO when it used none. */
static size_t incident_slo(const struct t0_report *rep, size_t i)
{
    struct ranked r;
    rank_incident(rep, i, &r, T0_RANK_BUDGET_SHARE);
    return r.share > 0 ? r.slo : t0_pdf_primary_slo(rep);
}

/* Did incident i touch SLO s: bad time on it, or services it covers? */
static bool incident_touches(const struct t0_report *rep, size_t i, size_t s)
{
    const struct t0_incident_figures *f = &rep->incidents[i];
    return (f->bad_minutes && f->bad_minutes[s] > 0) ||
           t0_slo_matches(rep->slos[s].slo, rep->data->incidents[i].services);
}

void t0_pdf_postmortem(struct doc *d, size_t i, int outline_parent)
{
    const struct t0_report *rep = d->rep;
    const struct t0_incident *inc = &rep->data->incidents[i];
    const struct t0_narrative *nar = t0_incident_narrative(inc);
    char *title = NULL;
    size_t tl = strlen(inc->id) + (inc->title ? strlen(inc->title) : 0) + 8;
    title = malloc(tl);
    if (!title)
        return;
    snprintf(title, tl, "%s: %s", inc->id, inc->title ? inc->title : "");
    t0_doc_section(d, title, title, outline_parent);
    free(title);
    /* Date and status line. */
    char when[64], line[600];
    t0_format_local(rep->zone, inc->started_at, 3, when);
    snprintf(line, sizeof line, "%s · %s%s%s · %s", when, t0_impact_label(inc->impact),
             inc->severity ? " · " : "", inc->severity ? inc->severity : "",
             inc->resolved_at == T0_NO_TIME ? "ongoing" : "resolved");
    t0_doc_note(d, line);
    if (inc->url &&
        (strncmp(inc->url, "https://", 8) == 0 || strncmp(inc->url, "http://", 7) == 0)) {
        struct doc_style st = t0_doc_caption(d);
        st.colour = d->th->release;
        double w = d->right - d->left;
        double h = t0_doc_measure(d, inc->url, &st, w, 2);
        t0_doc_ensure(d, h);
        t0_doc_draw(d, inc->url, &st, d->left, d->y, w, 0, 2);
        t0_doc_link(d, inc->url, d->left, d->y, w, h);
        d->y += h;
        t0_doc_space(d, 2 * T0_MM);
    }
    const char *intro = t0_template_text(d->tpl, T0_TEXT_POSTMORTEM_INTRO);
    if (intro && intro[0]) {
        struct t0_template_vars vars;
        char store[8192];
        fill_vars_for(rep, incident_slo(rep, i), &vars, store, sizeof store);
        vars.values[T0_PH_INCIDENT_ID] = inc->id;
        vars.values[T0_PH_INCIDENT_TITLE] = inc->title;
        template_paragraph(d, T0_TEXT_POSTMORTEM_INTRO, &vars);
    }
    narrative_block(d, "Summary", nar->summary);
    impact_block(d, i);
    if (nar->root_cause || nar->trigger) {
        t0_doc_subsection(d, "Root cause and trigger");
        if (nar->root_cause)
            body_paragraph(d, nar->root_cause);
        if (nar->trigger) {
            char *t = malloc(strlen(nar->trigger) + 16);
            if (t) {
                sprintf(t, "Trigger: %s", nar->trigger);
                body_paragraph(d, t);
                free(t);
            }
        }
    }
    narrative_block(d, "Resolution", nar->resolution);
    detection_block(d, inc);
    actions_block(d, inc);
    timeline_block(d, inc);
    narrative_block(d, "Lessons learned", nar->lessons);
}

void t0_pdf_section_postmortems(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    size_t max = t0_template_postmortems_max(d->tpl);
    size_t n = 0;
    struct ranked *r = rank_review_incidents(rep, &n, t0_template_incident_rank(d->tpl));
    if (!r)
        return;
    /* Major outages first (worst first), then the worst of the rest. */
    size_t chosen = 0;
    size_t *pick = malloc((max ? max : 1) * sizeof *pick);
    if (!pick) {
        free(r);
        return;
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n && chosen < max; k++) {
            bool major = rep->data->incidents[r[k].index].impact == T0_IMPACT_MAJOR;
            if ((pass == 0) == major)
                pick[chosen++] = r[k].index;
        }
    t0_doc_new_page(d, true);
    int parent = t0_doc_section(d, "Postmortems", NULL, 0);
    char line[400];
    if (chosen == 0) {
        body_paragraph(d, "No incident of the review month calls for a postmortem.");
    } else {
        snprintf(
            line, sizeof line,
            "The %zu incidents that follow are the review month's major outages and its "
            "worst incidents by the largest %s they used (at most %zu). Sections the "
            "incident record does not fill are left out.",
            chosen, rank_words(d), max);
        body_paragraph(d, line);
        for (size_t k = 0; k < chosen; k++) {
            if (k > 0) /* each further postmortem starts on its own page */
                t0_doc_new_page(d, true);
            t0_pdf_postmortem(d, pick[k], parent);
        }
    }
    free(pick);
    free(r);
}

/* ---- 9 appendix ---- */

static void input_line(struct doc *d, const char *what, const struct t0_input_report *in)
{
    char line[600];
    if (!in->present) {
        snprintf(line, sizeof line, "%s: no file was given.", what);
    } else {
        snprintf(line, sizeof line, "%s: %s (%s): %zu read, %zu accepted, %zu rejected.",
                 what, in->source ? in->source : "?", in->format ? in->format : "?",
                 in->read, in->accepted, in->rejected);
    }
    body_paragraph(d, line);
}

static void rejected_table(struct doc *d, const char *what,
                           const struct t0_input_report *in)
{
    if (!in->present || in->rejected == 0)
        return;
    static const struct doc_column cols[] = {{"Record", 1, 1, FONT_CONDENSED},
                                             {"ID", 3, 0, FONT_MONO},
                                             {"Reason", 8, 0, FONT_CONDENSED}};
    struct doc_table t;
    char heading[96];
    snprintf(heading, sizeof heading, "Rejected %s", what);
    t0_doc_subsection(d, heading);
    t0_doc_table_begin(d, &t, cols, 3);
    size_t n = in->rejected < MAX_REJECTED_ROWS ? in->rejected : MAX_REJECTED_ROWS;
    for (size_t k = 0; k < n && in->rejected_records; k++) {
        const struct t0_rejected *r = &in->rejected_records[k];
        char idx[32];
        snprintf(idx, sizeof idx, "%zu", r->index);
        const char *cells[3] = {idx, r->id ? r->id : "(none)",
                                r->reason ? r->reason : ""};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
    if (in->rejected > n) {
        char line[200];
        snprintf(line, sizeof line,
                 "%zu more rejected %s are listed in the workbook's Data Quality sheet "
                 "and the "
                 "JSON summary.",
                 in->rejected - n, what);
        t0_doc_note(d, line);
    }
}

static void reconciliation(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_subsection(d, "Reconciliation");
    body_paragraph(
        d, "Each SLO's bad minutes count every instant once, at the heaviest impact "
           "then active. Adding up each incident's own bad minutes counts the "
           "minutes when incidents overlapped more than once, so that sum can only "
           "be larger; the difference is the overlap.");
    static const struct doc_column cols[] = {
        {"SLO", 4, 0, FONT_CONDENSED},
        {"Sum over incidents (min)", 3, 1, FONT_CONDENSED},
        {"SLO total (min)", 3, 1, FONT_CONDENSED},
        {"Overlap (min)", 2, 1, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 4);
    for (size_t s = 0; s < rep->n_slos; s++) {
        double sum = 0;
        for (size_t i = 0; i < rep->data->n_incidents; i++)
            if (rep->incidents[i].counted && rep->incidents[i].bad_minutes)
                sum += rep->incidents[i].bad_minutes[s];
        double total = t0_report_period_window(rep, s)->bad_minutes;
        char a[32], b[32], c[32];
        double diff = sum - total;
        if (fabs(diff) < 0.005)
            diff = 0;
        const char *cells[4] = {
            rep->slos[s].slo->name, t0_format_minutes(sum, a, sizeof a),
            t0_format_minutes(total, b, sizeof b), t0_format_minutes(diff, c, sizeof c)};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
}

/* "API 30.0; Web 12.5" (minutes removed in the period, SLOs it applies to). */
static bool removed_text(const struct t0_report *rep, const struct t0_maint_window *w,
                         const struct t0_maint_weekly *rule, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < rep->n_slos && used + 1 < size; s++) {
        int64_t ms = w ? t0_report_maint_window_ms(rep, w, s)
                       : t0_report_maint_weekly_ms(rep, rule, s);
        if (ms <= 0)
            continue;
        char mins[32];
        int n = snprintf(buf + used, size - used, "%s%s %s", used ? "; " : "",
                         rep->slos[s].slo->name,
                         t0_format_minutes((double)ms / 60000.0, mins, sizeof mins));
        used += n > 0 ? (size_t)n : 0;
    }
    return used > 0;
}

/* The window as its source gave it. */
static const char *window_text(const struct t0_report *rep,
                               const struct t0_maint_window *w,
                               const struct t0_maint_weekly *r, char *buf, size_t size)
{
    char a[64], b[64];
    if (r)
        snprintf(
            buf, size, "every %s %02d:%02d to %s%02d:%02d",
            t0_format_weekday_name(r->weekday), r->from_minute / 60, r->from_minute % 60,
            r->to_minute <= r->from_minute || r->to_minute >= 1440 ? "next day " : "",
            (r->to_minute % 1440) / 60, r->to_minute % 60);
    else
        snprintf(buf, size, "%s to %s", t0_format_local(rep->zone, w->from, 0, a),
                 w->to == T0_NO_TIME ? "the incident's end"
                                     : t0_format_local(rep->zone, w->to, 0, b));
    return buf;
}

/* Every window read that removed time from an SLO in the period, as given,
 * with the minutes it removed per SLO (overlapping windows each count theirs). */
static void applied_windows_table(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    const struct t0_maint_list *lists[2] = {&rep->config->maintenance,
                                            rep->data->maintenance};
    static const struct doc_column cols[] = {{"Window", 4, 0, FONT_CONDENSED},
                                             {"Source", 2, 0, FONT_CONDENSED},
                                             {"Reason", 4, 0, FONT_CONDENSED},
                                             {"Minutes removed", 4, 0, FONT_CONDENSED}};
    struct doc_table t;
    size_t shown = 0, more = 0;
    t0_doc_table_begin(d, &t, cols, 4);
    for (int l = 0; l < 2; l++) {
        const struct t0_maint_list *list = lists[l];
        size_t n = list ? list->n_weekly + list->n_windows : 0;
        for (size_t k = 0; k < n; k++) {
            const struct t0_maint_weekly *r =
                k < list->n_weekly ? &list->weekly[k] : NULL;
            const struct t0_maint_window *w =
                r ? NULL : &list->windows[k - list->n_weekly];
            char removed[600], when[160], source[96];
            if (!removed_text(rep, w, r, removed, sizeof removed))
                continue;
            if (shown == MAX_REJECTED_ROWS) {
                more++;
                continue;
            }
            snprintf(source, sizeof source, "%s%s%s",
                     t0_maint_kind_name(r ? T0_MAINT_WEEKLY : w->kind),
                     w && w->id ? " " : "", w && w->id ? w->id : "");
            const char *reason = r ? r->reason : w->reason;
            const char *cells[4] = {window_text(rep, w, r, when, sizeof when), source,
                                    reason[0] ? reason : "(none given)", removed};
            t0_doc_table_row(d, &t, cells, NULL);
            shown++;
        }
    }
    t0_doc_table_end(d, &t);
    if (more) {
        char line[160];
        snprintf(line, sizeof line, "%zu more windows are not shown here.", more);
        t0_doc_note(d, line);
    }
}

/* definitions.md §10: every maintenance window applied, per SLO, merged, with the
 * minutes it removed from the period. */
static void maintenance_table(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    size_t total = 0;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_maint_set *m = rep->slos[s].maintenance;
        for (size_t k = t0_maint_set_find(m, rep->period_start);
             m && k < m->n && m->items[k].from < rep->period_end; k++)
            total++;
    }
    t0_doc_subsection(d, "Maintenance");
    if (total == 0) {
        body_paragraph(d, "No maintenance window applies to any SLO in the period.");
        return;
    }
    body_paragraph(
        d, "Maintenance is left out of each SLO's arithmetic: the budget is the "
           "objective's share of the time outside maintenance, elapsed time counts "
           "only time outside it, and bad minutes inside it do not count. Touching "
           "or overlapping windows are merged; incidents inside them still count "
           "in the incident statistics. The windows as read, with the minutes "
           "each removed from each SLO in the period:");
    applied_windows_table(d);
    body_paragraph(d, "Each SLO's maintenance once merged, as the figures use it (the "
                      "workbook's Maintenance sheet):");
    static const struct doc_column cols[] = {{"SLO", 3, 0, FONT_CONDENSED},
                                             {"From", 3, 0, FONT_CONDENSED},
                                             {"To", 3, 0, FONT_CONDENSED},
                                             {"Minutes removed", 2, 1, FONT_CONDENSED},
                                             {"Reason", 6, 0, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 5);
    size_t shown = 0;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_maint_set *m = rep->slos[s].maintenance;
        for (size_t k = t0_maint_set_find(m, rep->period_start);
             m && k < m->n && m->items[k].from < rep->period_end &&
             shown < MAX_REJECTED_ROWS;
             k++, shown++) {
            t0_ms from = m->items[k].from > rep->period_start ? m->items[k].from
                                                              : rep->period_start;
            t0_ms to =
                m->items[k].to < rep->period_end ? m->items[k].to : rep->period_end;
            char a[64], b[64], mins[32];
            const char *cells[5] = {
                rep->slos[s].slo->name, t0_format_local(rep->zone, from, 0, a),
                t0_format_local(rep->zone, to, 0, b),
                t0_format_minutes((double)(to - from) / 60000.0, mins, sizeof mins),
                m->items[k].reason[0] ? m->items[k].reason : "(none given)"};
            t0_doc_table_row(d, &t, cells, NULL);
        }
    }
    t0_doc_table_end(d, &t);
    if (total > shown) {
        char line[200];
        snprintf(
            line, sizeof line,
            "%zu more maintenance windows are listed in the workbook's Maintenance sheet "
            "and the JSON summary.",
            total - shown);
        t0_doc_note(d, line);
    }
}

void t0_pdf_section_appendix(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    t0_doc_new_page(d, true);
    t0_doc_section(d, "Appendix: method and data", "Appendix", 0);
    t0_doc_subsection(d, "Method and definitions");
    struct t0_template_vars vars;
    char store[8192];
    t0_pdf_fill_vars(rep, &vars, store, sizeof store);
    template_paragraph(d, T0_TEXT_METHOD, &vars);
    char line[900];
    snprintf(
        line, sizeof line,
        "Budget consumed = bad minutes / budget minutes; above 100%% the budget is "
        "exhausted, from %.0f%% an SLO is at risk. A release freeze runs from the "
        "instant "
        "the budget ran out to the end of that month. MTTR is the time from start to "
        "resolution over resolved incidents; p90 is the 90th percentile. Months are "
        "calendar months in %s; figures run to %s.",
        rep->config ? rep->config->at_risk_pct : 75.0, t0_zone_name(rep->zone),
        t0_format_local(rep->zone, rep->as_of, 3, (char[64]){0}));
    body_paragraph(d, line);
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo *slo = rep->slos[s].slo;
        char obj[32], svc[400];
        size_t used = 0;
        svc[0] = '\0';
        for (size_t k = 0; k < slo->n_services && used + 1 < sizeof svc; k++) {
            int n = snprintf(svc + used, sizeof svc - used, "%s%s", k ? ", " : "",
                             slo->services[k]);
            used += n > 0 ? (size_t)n : 0;
        }
        snprintf(line, sizeof line,
                 "%s: objective %s over services %s; weights: major outage %.2f, partial "
                 "outage %.2f, degraded performance %.2f, none %.2f.",
                 slo->name, t0_format_objective(slo->objective_pct, obj, sizeof obj),
                 slo->all_services ? "all" : svc,
                 slo->weight_micro[T0_IMPACT_MAJOR] / 1e6,
                 slo->weight_micro[T0_IMPACT_PARTIAL] / 1e6,
                 slo->weight_micro[T0_IMPACT_DEGRADED] / 1e6,
                 slo->weight_micro[T0_IMPACT_NONE] / 1e6);
        body_paragraph(d, line);
    }
    if (rep->has_releases) {
        snprintf(
            line, sizeof line,
            "An incident follows a release when it starts within %g h of a release that "
            "shares a service with it. The chance test ignores services: under no "
            "association the incidents inside the release windows follow a binomial law "
            "with the windows' share of the time; p is the chance of as many or more.",
            rep->correlation.window_hours);
        body_paragraph(d, line);
    }
    t0_doc_subsection(d, "Data quality");
    if (rep->data) {
        input_line(d, "Incidents", &rep->data->incidents_input);
        input_line(d, "Releases", &rep->data->releases_input);
        rejected_table(d, "incidents", &rep->data->incidents_input);
        rejected_table(d, "releases", &rep->data->releases_input);
    }
    reconciliation(d);
    maintenance_table(d);
}

/* ---- postmortem context page ---- */

void t0_pdf_section_context(struct doc *d, size_t i)
{
    const struct t0_report *rep = d->rep;
    const struct t0_incident *inc = &rep->data->incidents[i];
    t0_doc_new_page(d, true);
    t0_doc_section(d, "Context", NULL, 0);
    int center = t0_month_diff(rep->from, rep->incidents[i].month);
    static const struct doc_column cols[] = {
        {"SLO", 3, 0, FONT_CONDENSED},        {"Month", 2, 0, FONT_CONDENSED},
        {"Attainment", 2, 1, FONT_CONDENSED}, {"Budget used", 2, 1, FONT_CONDENSED},
        {"Incidents", 1, 1, FONT_CONDENSED},  {"Status", 2, 0, FONT_CONDENSED}};
    t0_doc_subsection(d, "SLO months around the incident");
    size_t touched = 0;
    for (size_t s = 0; s < rep->n_slos; s++)
        touched += incident_touches(rep, i, s);
    if (touched == 0)
        t0_doc_note(d, "The incident touched no SLO: every SLO is shown.");
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 6);
    for (size_t s = 0; s < rep->n_slos; s++)
        for (int m = center - 2; m <= center + 2; m++) {
            if (touched && !incident_touches(rep, i, s))
                break;
            if (m < 0 || (size_t)m >= t0_report_months(rep))
                continue;
            const struct t0_slo_window *w = t0_report_month(rep, s, (size_t)m);
            char mon[64], a[32], b[32], n[32], st[48];
            t0_format_month_long(w->month, mon, sizeof mon);
            snprintf(n, sizeof n, "%zu", w->incidents);
            snprintf(st, sizeof st, "%s%s", t0_slo_status_label(w->status),
                     m == center ? " (this month)" : "");
            const char *cells[6] = {rep->slos[s].slo->name,
                                    mon,
                                    t0_format_attainment(w->attainment_pct, a, sizeof a),
                                    t0_format_pct(w->budget_consumed_pct, b, sizeof b),
                                    n,
                                    st};
            t0_doc_table_row(d, &t, cells, NULL);
        }
    t0_doc_table_end(d, &t);
    if (center >= 0 && (size_t)center < t0_report_months(rep) && rep->n_slos)
        t0_doc_chart(d, t0_chart_attainment, incident_slo(rep, i), 62.0 * T0_MM);
    t0_doc_subsection(d, "Releases before the incident");
    /* The five latest releases before the start (one pass, small insertion). */
    size_t best[5];
    size_t nb = 0;
    for (size_t r = 0; r < rep->data->n_releases; r++) {
        t0_ms at = rep->data->releases[r].released_at;
        if (at > inc->started_at)
            continue;
        size_t pos = nb;
        while (pos > 0 && rep->data->releases[best[pos - 1]].released_at < at)
            pos--;
        if (pos >= 5)
            continue;
        if (nb < 5)
            nb++;
        memmove(&best[pos + 1], &best[pos], (nb - 1 - pos) * sizeof best[0]);
        best[pos] = r;
    }
    if (nb == 0) {
        body_paragraph(d, rep->data->releases_input.present
                              ? "No release shipped before the incident."
                              : "No releases file was given.");
        return;
    }
    static const struct doc_column rcols[] = {
        {"Release", 5, 0, FONT_CONDENSED},
        {"Shipped", 3, 0, FONT_CONDENSED},
        {"Before the incident", 2, 1, FONT_CONDENSED},
        {"Named as cause", 2, 0, FONT_CONDENSED}};
    t0_doc_table_begin(d, &t, rcols, 4);
    for (size_t k = 0; k < nb; k++) {
        const struct t0_release *r = &rep->data->releases[best[k]];
        char when[64], gap[48];
        t0_format_local(rep->zone, r->released_at, 0, when);
        t0_format_duration((double)(inc->started_at - r->released_at) / 60000.0, gap,
                           sizeof gap);
        bool named = false;
        for (uint32_t c = 0; c < inc->n_caused_by; c++)
            if (strcmp(inc->caused_by[c], r->id) == 0)
                named = true;
        const char *cells[4] = {release_label(r), when, gap, named ? "yes" : ""};
        t0_doc_table_row(d, &t, cells, r->url);
    }
    t0_doc_table_end(d, &t);
}
