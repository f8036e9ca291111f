/* pdf_alerts.c: "Would our alerting have caught it?" (definitions.md §9) and the rolling
 * window's sentence. */
#include <stdio.h>
#include <string.h>

#include "pdf_doc.h"
#include "tierzero/burn.h"
#include "tierzero/charts_burn.h"
#include "tierzero/format.h"

/* Beyond this many rows a table says how many more the JSON and workbook hold. */
#define MAX_ROWS 25

static void lead_cell(const struct t0_burn_incident *bi, char *buf, size_t size)
{
    if (bi->paged_at == T0_NO_TIME)
        snprintf(buf, size, "not paged");
    else
        t0_format_lead(bi->page_lead_minutes, buf, size);
}

static void incident_table(struct doc *d, const struct t0_slo_burn *b)
{
    const struct t0_report *rep = d->rep;
    static const struct doc_column cols[] = {{"Incident", 2, 0, FONT_MONO},
                                             {"Title", 5, 0, FONT_CONDENSED},
                                             {"Started", 2, 0, FONT_CONDENSED},
                                             {"Paged at", 2, 0, FONT_CONDENSED},
                                             {"Page lead", 2, 1, FONT_CONDENSED}};
    struct doc_table t;
    t0_doc_table_begin(d, &t, cols, 5);
    for (size_t i = 0; i < b->n_incidents && i < MAX_ROWS; i++) {
        const struct t0_burn_incident *bi = &b->incidents[i];
        const struct t0_incident *inc = &rep->data->incidents[bi->incident];
        char start[64], paged[64] = "\u2014", lead[64];
        t0_format_local(rep->zone, inc->started_at, 1, start);
        if (bi->paged_at != T0_NO_TIME)
            t0_format_local(rep->zone, bi->paged_at, 1, paged);
        lead_cell(bi, lead, sizeof lead);
        const char *cells[5] = {inc->id, inc->title ? inc->title : "", start, paged,
                                lead};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
    if (b->n_incidents > MAX_ROWS) {
        char note[160];
        snprintf(
            note, sizeof note,
            "%zu more incidents are in the JSON summary (slos[].burn.incidents) and the "
            "workbook's Alerts sheet.",
            b->n_incidents - MAX_ROWS);
        t0_doc_note(d, note);
    }
}

static void unmatched_table(struct doc *d, const struct t0_slo_burn *b)
{
    const struct t0_report *rep = d->rep;
    static const struct doc_column cols[] = {
        {"Page with no incident", 4, 0, FONT_CONDENSED},
        {"Rule", 2, 0, FONT_CONDENSED},
        {"From", 3, 0, FONT_CONDENSED},
        {"To", 3, 0, FONT_CONDENSED}};
    struct doc_table t;
    size_t shown = 0;
    t0_doc_table_begin(d, &t, cols, 4);
    for (size_t e = 0; e < b->n_episodes && shown < MAX_ROWS; e++) {
        const struct t0_alert_episode *ep = &b->episodes[e];
        if (ep->severity != T0_ALERT_PAGE || !ep->unmatched)
            continue;
        char n[32], name[48], from[64], to[64] = "still firing";
        snprintf(n, sizeof n, "%zu", ++shown);
        t0_format_local(rep->zone, ep->from, 1, from);
        if (ep->to != T0_NO_TIME)
            t0_format_local(rep->zone, ep->to, 1, to);
        const char *cells[4] = {
            n, t0_alert_rule_name(&b->rules[ep->rule], name, sizeof name), from, to};
        t0_doc_table_row(d, &t, cells, NULL);
    }
    t0_doc_table_end(d, &t);
}

/* "page 1h/5m above 14.4, page 6h/30m above 6, ..." */
static void rules_sentence(const struct t0_slo_burn *b, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < b->n_rules && len < size; r++) {
        char name[48];
        len += (size_t)snprintf(buf + len, size - len, "%s%s %s above %g", r ? ", " : "",
                                t0_alert_severity_name(b->rules[r].severity),
                                t0_alert_rule_name(&b->rules[r], name, sizeof name),
                                (double)b->rules[r].burn_micro / 1e6);
    }
}

void t0_pdf_section_alerts(struct doc *d)
{
    const struct t0_report *rep = d->rep;
    char month[64], line[1400], rules[900];
    t0_doc_new_page(d, true);
    t0_doc_section(d, "Would our alerting have caught it?", "Alerts", 0);
    t0_format_month_long(rep->review, month, sizeof month);
    snprintf(
        line, sizeof line,
        "Each SLO's multiwindow burn-rate alert rules, replayed minute by minute over "
        "%s: "
        "a rule fires when the burn rates of both its windows are above its rate. An "
        "incident counts as paged by the first page that began between an hour before it "
        "started and its end; the lead is how long before it was declared (detected, "
        "else started) the page came. A page with no incident within an hour of it is "
        "noise, or an outage nobody declared.",
        month);
    struct doc_style st = t0_doc_body(d);
    t0_doc_flow(d, line, &st, d->left, d->right - d->left);
    t0_doc_space(d, 3.0 * T0_MM);
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_burn *b = rep->slos[s].burn;
        if (!b)
            continue;
        if (s > 0)
            t0_doc_space(d, 4.0 * T0_MM);
        t0_doc_chart(d, t0_chart_burn, s, 92.0 * T0_MM);
        rules_sentence(b, rules, sizeof rules);
        snprintf(line, sizeof line,
                 "%zu page%s (%zu with no incident) and %zu ticket%s in %s. Rules: %s.",
                 b->pages, b->pages == 1 ? "" : "s", b->unmatched_pages, b->tickets,
                 b->tickets == 1 ? "" : "s", month, rules);
        t0_doc_note(d, line);
        t0_doc_space(d, 1.5 * T0_MM);
        if (b->n_incidents > 0)
            incident_table(d, b);
        if (b->unmatched_pages > 0) {
            t0_doc_space(d, 2.0 * T0_MM);
            unmatched_table(d, b);
        }
    }
}

void t0_pdf_rolling_note(struct doc *d, size_t s)
{
    const struct t0_report *rep = d->rep;
    const struct t0_slo_burn *b = rep->slos[s].burn;
    if (!b || b->n_rolling == 0 || t0_report_months(rep) == 0)
        return;
    const struct t0_rolling_point *p = &b->rolling[b->n_rolling - 1];
    const struct t0_slo_window *w = t0_report_review_window(rep, s);
    char at[64], a[32], u[32], ma[32], mu[32], month[64], line[600];
    t0_format_local(rep->zone, p->at, 2, at);
    t0_format_month_long(rep->review, month, sizeof month);
    snprintf(line, sizeof line,
             "Rolling %d days to %s: %s attained, %s of that window's budget used "
             "(calendar %s: %s, %s).",
             b->rolling_days, at, t0_format_attainment(p->attainment_pct, a, sizeof a),
             t0_format_pct(p->budget_consumed_pct, u, sizeof u), month,
             t0_format_attainment(w->attainment_pct, ma, sizeof ma),
             t0_format_pct(w->budget_consumed_pct, mu, sizeof mu));
    t0_doc_note(d, line);
    t0_doc_space(d, 1.5 * T0_MM);
}
