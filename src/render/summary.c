/* summary.c: the JSON summary of definitions.md §4 and the terminal text table. */
#include "tierzero/summary.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/burn.h"
#include "tierzero/figures.h"
#include "tierzero/narrative.h"
#include "tierzero/output.h"
#include "tierzero/quarters.h"

/* ---- JSON building blocks ---- */

/* A finite number, or null: a non-finite value never reaches the output. */
static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *jcount(size_t n)
{
    return json_integer((json_int_t)n);
}

static json_t *jtime(t0_ms t)
{
    if (t == T0_NO_TIME)
        return json_null();
    char buf[T0_RFC3339_SIZE];
    return json_string(t0_format_utc(t, buf));
}

static json_t *jmonth(struct t0_month m)
{
    char buf[16];
    return json_string(t0_format_month(m, buf));
}

/* Sets key to the figure, or to null plus "<key>_reason". */
static void set_value(json_t *obj, const char *key, struct t0_value v)
{
    if (t0_value_defined(v) && isfinite(v.value)) {
        json_object_set_new(obj, key, json_real(v.value));
        return;
    }
    json_object_set_new(obj, key, json_null());
    char reason_key[96];
    snprintf(reason_key, sizeof reason_key, "%s_reason", key);
    json_object_set_new(obj, reason_key,
                        json_string(v.reason ? v.reason : "the figure is not finite"));
}

static void set_reason_null(json_t *obj, const char *key, const char *reason)
{
    char reason_key[96];
    json_object_set_new(obj, key, json_null());
    snprintf(reason_key, sizeof reason_key, "%s_reason", key);
    json_object_set_new(obj, reason_key, json_string(reason));
}

/* ---- sections ---- */

static json_t *tool_json(void)
{
    return json_pack("{s:s, s:s}", "name", "tierzero", "version", T0_VERSION);
}

static json_t *period_json(const struct t0_report *rep)
{
    json_t *p = json_object();
    json_object_set_new(p, "from", jmonth(rep->from));
    json_object_set_new(p, "to", jmonth(rep->to));
    json_object_set_new(p, "review_month", jmonth(rep->review));
    json_object_set_new(p, "timezone", json_string(t0_zone_name(rep->zone)));
    json_object_set_new(p, "as_of", jtime(rep->as_of));
    json_object_set_new(p, "months", jcount(t0_report_months(rep)));
    json_object_set_new(p, "start", jtime(rep->period_start));
    json_object_set_new(p, "end", jtime(rep->period_end));
    if (rep->has_quarter)
        json_object_set_new(p, "quarter", json_string(rep->quarter.label));
    return p;
}

static json_t *input_json(const struct t0_input_report *in)
{
    if (!in->present)
        return json_null();
    json_t *o = json_object();
    if (in->format)
        json_object_set_new(o, "format", json_string(in->format));
    json_object_set_new(o, "read", jcount(in->read));
    json_object_set_new(o, "accepted", jcount(in->accepted));
    json_object_set_new(o, "rejected", jcount(in->rejected));
    json_t *list = json_array();
    for (size_t i = 0; i < in->rejected; i++) {
        const struct t0_rejected *r = &in->rejected_records[i];
        json_t *rec = json_object();
        json_object_set_new(rec, "index", jcount(r->index));
        json_object_set_new(rec, "id", r->id ? json_string(r->id) : json_null());
        json_object_set_new(rec, "reason", json_string(r->reason ? r->reason : ""));
        if (r->line)
            json_object_set_new(rec, "line", jcount(r->line));
        json_array_append_new(list, rec);
    }
    json_object_set_new(o, "rejected_records", list);
    return o;
}

/* One figure of the catalogue under its key: a number (null with its reason
 * when it is not the window's), a percentage, a count, an instant, a status
 * or a flag. */
static void figure_json(json_t *o, const struct t0_figure *f)
{
    const char *key = f->def->key;
    switch (f->def->unit) {
    case T0_FU_MINUTES:
    case T0_FU_EVENTS:
        if (t0_value_defined(f->value))
            json_object_set_new(o, key, jnum(f->value.value));
        else
            set_reason_null(o, key, f->value.reason);
        return;
    case T0_FU_ATTAINMENT:
    case T0_FU_PERCENT:
    case T0_FU_SHARE:
        set_value(o, key, f->value);
        return;
    case T0_FU_COUNT:
        json_object_set_new(o, key, jcount(f->count));
        return;
    case T0_FU_TIME:
        json_object_set_new(o, key, jtime(f->at));
        return;
    case T0_FU_STATUS:
        json_object_set_new(o, key, json_string(t0_slo_status_name(f->status)));
        return;
    case T0_FU_FLAG:
        json_object_set_new(o, key, json_boolean(f->flag));
        return;
    }
}

/* The figures of one SLO over one window, in the catalogue's order
 * (figures.h); a month is named first (definitions.md §5), a quarter after its
 * figures (quarters_json). */
static json_t *window_json(const struct t0_slo_window *w)
{
    json_t *o = json_object();
    if (w->kind == T0_WINDOW_MONTH)
        json_object_set_new(o, "month", json_string(w->label));
    for (int id = 0; id < T0_FIG_COUNT; id++) {
        struct t0_figure f;
        if (t0_window_figure(w, (enum t0_figure_id)id, &f))
            figure_json(o, &f);
    }
    return o;
}

/* attributable_share and its attributable_share_ci95, the interval null as
 * a whole with a reason. */
static void attributable_json(json_t *o, const struct t0_attributable *a)
{
    set_value(o, "attributable_share", a->share);
    if (a->ci95_reason)
        set_reason_null(o, "attributable_share_ci95", a->ci95_reason);
    else
        json_object_set_new(
            o, "attributable_share_ci95",
            json_pack("[o, o]", jnum(a->ci95[0].value), jnum(a->ci95[1].value)));
}

/* An SLO's own attributable share and what it is computed from (with
 * releases only; null with a reason when releases are not matched to
 * services). */
static void slo_attribution_json(json_t *o, const struct t0_report *rep, size_t s)
{
    const struct t0_correlation *c = &rep->correlation;
    if (!rep->has_releases)
        return;
    if (!c->per_slo) {
        const char *why = c->per_slo_reason ? c->per_slo_reason : "not computed";
        set_reason_null(o, "attributable_share", why);
        set_reason_null(o, "attributable_share_ci95", why);
        return;
    }
    const struct t0_slo_attribution *a = &c->per_slo[s];
    json_t *basis = json_object();
    json_object_set_new(basis, "releases", jcount(a->releases));
    set_value(basis, "coverage", a->coverage);
    json_object_set_new(basis, "k", jcount(a->k));
    json_object_set_new(basis, "n", jcount(a->n));
    json_object_set_new(o, "release_windows", basis);
    attributable_json(o, &a->attributable);
}

/* definitions.md §10: each quarter overlapping the period, its figures clipped to it. */
static json_t *quarters_json(const struct t0_report *rep, size_t s)
{
    json_t *list = json_array();
    for (size_t k = 0; k < t0_report_count(rep, T0_WINDOW_QUARTER); k++) {
        const struct t0_window *qt = t0_report_span(rep, T0_WINDOW_QUARTER, k);
        json_t *o = window_json(t0_report_window(rep, s, T0_WINDOW_QUARTER, k));
        json_object_set_new(o, "quarter", json_string(qt->label));
        json_object_set_new(o, "from", jtime(qt->start));
        json_object_set_new(o, "to", jtime(qt->end));
        json_object_set_new(o, "clipped", json_boolean(qt->clipped));
        json_array_append_new(list, o);
    }
    return list;
}

/* definitions.md rule 11.8: M clipped to the period, merged, with the joined reasons. */
static json_t *maintenance_json(const struct t0_report *rep, size_t s)
{
    const struct t0_maint_set *m = rep->slos[s].maintenance;
    json_t *list = json_array();
    for (size_t k = t0_maint_set_find(m, rep->period_start); m && k < m->n; k++) {
        const struct t0_maint_interval *iv = &m->items[k];
        if (iv->from >= rep->period_end)
            break;
        t0_ms from = iv->from > rep->period_start ? iv->from : rep->period_start;
        t0_ms to = iv->to < rep->period_end ? iv->to : rep->period_end;
        json_array_append_new(list, json_pack("{s:o, s:o, s:s}", "from", jtime(from),
                                              "to", jtime(to), "reason", iv->reason));
    }
    return list;
}

/* What the SLO measures: "sli": {"kind", "budgeting", "slice_target_pct",
 * "step_seconds"}. */
static void sli_json(json_t *o, const struct t0_slo *slo)
{
    const struct t0_sli *sli = slo->sli;
    json_t *j = json_object();
    json_object_set_new(j, "kind",
                        json_string(t0_sli_is_events(sli) ? "events" : "incidents"));
    if (t0_sli_is_events(sli)) {
        bool slices = sli->budgeting == T0_BUDGETING_TIMESLICES;
        json_object_set_new(j, "budgeting",
                            json_string(slices ? "timeslices" : "occurrences"));
        if (slices)
            json_object_set_new(j, "slice_target_pct",
                                json_real((double)sli->slice_target_micro / 1e6));
        if (sli->series)
            json_object_set_new(j, "step_seconds",
                                jnum((double)sli->series->step_ms / 1000.0));
    }
    json_object_set_new(o, "sli", j);
}

/* definitions.md §9: the alert replay of the review month. */
static json_t *burn_json(const struct t0_report *rep, const struct t0_slo_burn *b)
{
    json_t *o = json_object(), *rules = json_array(), *episodes = json_array();
    json_t *incidents = json_array();
    char name[48], lw[24], sw[24];
    for (size_t r = 0; r < b->n_rules; r++) {
        const struct t0_alert_rule *rule = &b->rules[r];
        json_array_append_new(
            rules, json_pack("{s:s, s:s, s:s, s:s, s:o}", "name",
                             t0_alert_rule_name(rule, name, sizeof name), "severity",
                             t0_alert_severity_name(rule->severity), "long_window",
                             t0_alert_window_format(rule->long_minutes, lw, sizeof lw),
                             "short_window",
                             t0_alert_window_format(rule->short_minutes, sw, sizeof sw),
                             "burn_rate", jnum((double)rule->burn_micro / 1e6)));
    }
    for (size_t e = 0; e < b->n_episodes; e++) {
        const struct t0_alert_episode *ep = &b->episodes[e];
        json_t *j = json_pack("{s:s, s:s, s:o, s:o}", "severity",
                              t0_alert_severity_name(ep->severity), "rule",
                              t0_alert_rule_name(&b->rules[ep->rule], name, sizeof name),
                              "from", jtime(ep->from), "to", jtime(ep->to));
        if (ep->severity == T0_ALERT_PAGE)
            json_object_set_new(j, "unmatched", json_boolean(ep->unmatched));
        json_array_append_new(episodes, j);
    }
    for (size_t i = 0; i < b->n_incidents; i++) {
        const struct t0_burn_incident *bi = &b->incidents[i];
        bool paged = bi->paged_at != T0_NO_TIME;
        json_array_append_new(
            incidents,
            json_pack("{s:s, s:o, s:o}", "id", rep->data->incidents[bi->incident].id,
                      "paged_at", jtime(bi->paged_at), "page_lead_minutes",
                      paged ? jnum(bi->page_lead_minutes) : json_null()));
    }
    json_object_set_new(o, "rules", rules);
    json_object_set_new(o, "episodes", episodes);
    json_object_set_new(o, "pages", jcount(b->pages));
    json_object_set_new(o, "tickets", jcount(b->tickets));
    json_object_set_new(o, "unmatched_pages", jcount(b->unmatched_pages));
    json_object_set_new(o, "incidents", incidents);
    return o;
}

/* definitions.md §9, rule 11.14: rolling points carry at, attainment and consumption
 * only. */
static json_t *rolling_json(const struct t0_slo_burn *b)
{
    json_t *points = json_array();
    for (size_t i = 0; i < b->n_rolling; i++) {
        const struct t0_rolling_point *p = &b->rolling[i];
        json_array_append_new(points, json_pack("{s:o, s:o, s:o}", "at", jtime(p->at),
                                                "attainment_pct",
                                                t0_value_defined(p->attainment_pct)
                                                    ? jnum(p->attainment_pct.value)
                                                    : json_null(),
                                                "budget_consumed_pct",
                                                t0_value_defined(p->budget_consumed_pct)
                                                    ? jnum(p->budget_consumed_pct.value)
                                                    : json_null()));
    }
    return json_pack("{s:i, s:o}", "days", b->rolling_days, "points", points);
}

static json_t *slo_json(const struct t0_report *rep, size_t s)
{
    const struct t0_slo_result *r = &rep->slos[s];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(r->slo->name));
    json_t *services = json_array();
    for (size_t i = 0; i < r->slo->n_services; i++)
        json_array_append_new(services, json_string(r->slo->services[i]));
    json_object_set_new(o, "services", services);
    json_object_set_new(o, "objective_pct", json_real(r->slo->objective_pct));
    json_t *weights = json_object();
    for (int i = 0; i < T0_IMPACT_COUNT; i++)
        json_object_set_new(weights, t0_impact_name((enum t0_impact)i),
                            json_real((double)r->slo->weight_micro[i] / 1e6));
    json_object_set_new(o, "weights", weights);
    sli_json(o, r->slo);
    json_object_set_new(o, "period", window_json(t0_report_period_window(rep, s)));
    json_t *months = json_array();
    for (size_t i = 0; i < t0_report_months(rep); i++)
        json_array_append_new(months, window_json(t0_report_month(rep, s, i)));
    json_object_set_new(o, "months", months);
    json_t *freezes = json_array();
    for (size_t i = 0; i < r->n_freezes; i++) {
        const struct t0_freeze *f = &r->freezes[i];
        json_array_append_new(freezes,
                              json_pack("{s:o, s:o, s:o}", "month", jmonth(f->month),
                                        "from", jtime(f->from), "to", jtime(f->to)));
    }
    json_object_set_new(o, "freeze_periods", freezes);
    slo_attribution_json(o, rep, s);
    json_object_set_new(o, "quarters", quarters_json(rep, s));
    json_object_set_new(o, "maintenance", maintenance_json(rep, s));
    if (r->burn) {
        json_object_set_new(o, "burn", burn_json(rep, r->burn));
        json_object_set_new(o, "rolling", rolling_json(r->burn));
    }
    return o;
}

static json_t *distribution_json(const struct t0_distribution *d)
{
    json_t *o = json_object();
    set_value(o, "mean", d->mean);
    set_value(o, "median", d->median);
    set_value(o, "p90", d->p90);
    json_object_set_new(o, "n", jcount(d->n));
    return o;
}

static json_t *incidents_json(const struct t0_report *rep)
{
    const struct t0_incident_stats *st = &rep->stats;
    json_t *o = json_object();
    json_object_set_new(o, "count", jcount(st->count));
    json_t *by_impact = json_object();
    for (int i = T0_IMPACT_COUNT - 1; i >= 0; i--)
        json_object_set_new(by_impact, t0_impact_name((enum t0_impact)i),
                            jcount(st->by_impact[i]));
    json_object_set_new(o, "by_impact", by_impact);
    json_object_set_new(o, "mttr_minutes", distribution_json(&st->mttr_minutes));
    json_object_set_new(o, "ttd_minutes", distribution_json(&st->ttd_minutes));
    set_value(o, "mean_days_between", st->mean_days_between);
    set_value(o, "off_hours_share", st->off_hours_share);
    set_value(o, "sleep_hours_share", st->sleep_hours_share);
    if (st->by_weekday_hour_reason) {
        set_reason_null(o, "by_weekday_hour", st->by_weekday_hour_reason);
    } else {
        json_t *grid = json_array();
        for (int d = 0; d < 7; d++) {
            json_t *row = json_array();
            for (int h = 0; h < 24; h++)
                json_array_append_new(row, jcount(st->by_weekday_hour[d][h]));
            json_array_append_new(grid, row);
        }
        json_object_set_new(o, "by_weekday_hour", grid);
    }
    return o;
}

static json_t *releases_json(const struct t0_report *rep)
{
    const struct t0_release_results *rr = &rep->releases;
    const struct t0_dataset *ds = rep->data;
    json_t *o = json_object();
    json_object_set_new(o, "count", jcount(rr->count));
    json_object_set_new(o, "failed", jcount(rr->failed));
    set_value(o, "change_failure_rate", rr->change_failure_rate);
    json_t *violations = json_array();
    for (size_t i = 0; i < rr->n_violations; i++) {
        const struct t0_violation *v = &rr->violations[i];
        json_t *e = json_object();
        json_object_set_new(e, "release", json_string(ds->releases[v->release].id));
        json_object_set_new(e, "slo", json_string(rep->slos[v->slo].slo->name));
        json_object_set_new(e, "month", jmonth(v->month));
        json_object_set_new(e, "released_at",
                            jtime(ds->releases[v->release].released_at));
        set_value(e, "budget_consumed_pct", v->budget_consumed_pct);
        json_array_append_new(violations, e);
    }
    json_object_set_new(o, "violations", violations);
    json_object_set_new(o, "without_services",
                        jcount(rep->freeze.period_without_services));
    json_object_set_new(o, "unchecked_for_freezes", jcount(rep->freeze.period_unchecked));
    return o;
}

static json_t *correlation_json(const struct t0_report *rep)
{
    const struct t0_correlation *c = &rep->correlation;
    json_t *o = json_object();
    json_object_set_new(o, "window_hours", jnum(c->window_hours));
    json_object_set_new(o, "incidents_after_release", jcount(c->incidents_after_release));
    set_value(o, "share_after_release", c->share_after_release);
    set_value(o, "coverage", c->coverage);
    json_object_set_new(o, "k", jcount(c->k));
    json_object_set_new(o, "n", jcount(c->n));
    json_object_set_new(o, "chance_test_from", jtime(c->chance_from));
    json_object_set_new(o, "chance_test_to", jtime(c->chance_to));
    set_value(o, "rate_ratio", c->rate_ratio);
    if (c->rate_ratio_ci95_reason) {
        set_reason_null(o, "rate_ratio_ci95", c->rate_ratio_ci95_reason);
    } else {
        json_t *ci = json_array();
        for (int i = 0; i < 2; i++) {
            struct t0_value v = c->rate_ratio_ci95[i];
            bool ok = t0_value_defined(v) && isfinite(v.value);
            json_array_append_new(ci, ok ? json_real(v.value) : json_null());
            if (!ok)
                json_object_set_new(o,
                                    i ? "rate_ratio_ci95_upper_reason"
                                      : "rate_ratio_ci95_lower_reason",
                                    json_string(v.reason ? v.reason : "not finite"));
        }
        json_object_set_new(o, "rate_ratio_ci95", ci);
    }
    set_value(o, "p_value", c->p_value);
    set_value(o, "spearman_releases_incidents", c->spearman_releases_incidents);
    set_value(o, "spearman_releases_bad_minutes", c->spearman_releases_bad_minutes);
    attributable_json(o, &c->attributable);
    json_t *es = json_object();
    json_object_set_new(es, "days",
                        json_pack("[i, i]", -c->event_study_days, c->event_study_days));
    set_value(es, "baseline_per_day", c->baseline_per_day);
    if (c->mean_per_day_reason || !c->mean_per_day) {
        set_reason_null(es, "mean_per_day",
                        c->mean_per_day_reason ? c->mean_per_day_reason : "no releases");
    } else {
        json_t *m = json_array();
        for (int d = 0; d < 2 * c->event_study_days + 1; d++)
            json_array_append_new(m, jnum(c->mean_per_day[d]));
        json_object_set_new(es, "mean_per_day", m);
    }
    json_object_set_new(o, "event_study", es);
    return o;
}

/* The review month's freeze verdict (rep->freeze), the one the documents word. */
static json_t *freeze_json(const struct t0_report *rep)
{
    const struct t0_freeze_verdict *fv = &rep->freeze;
    char text[600];
    json_t *o = json_object();
    json_object_set_new(o, "month", jmonth(rep->review));
    json_object_set_new(o, "in_force", json_boolean(fv->in_force));
    json_object_set_new(o, "from", jtime(fv->from));
    json_object_set_new(o, "to", jtime(fv->to));
    json_t *slos = json_array();
    for (size_t i = 0; i < fv->n_slos; i++) {
        const struct t0_freeze_slo *e = &fv->slos[i];
        json_t *x = json_pack("{s:s, s:o, s:o}", "slo", rep->slos[e->slo].slo->name,
                              "from", jtime(e->from), "to", jtime(e->to));
        if (rep->has_releases)
            json_object_set_new(x, "releases", jcount(e->releases));
        json_array_append_new(slos, x);
    }
    json_object_set_new(o, "slos", slos);
    if (rep->has_releases) {
        json_object_set_new(o, "releases", jcount(fv->releases));
        json_object_set_new(o, "releases_unchecked", jcount(fv->unchecked));
    }
    json_object_set_new(o, "text", json_string(t0_freeze_text(rep, text, sizeof text)));
    return o;
}

static json_t *summary_json(const struct t0_report *rep)
{
    json_t *root = json_object();
    json_object_set_new(root, "tool", tool_json());
    json_object_set_new(root, "period", period_json(rep));
    json_t *input = json_object();
    json_object_set_new(input, "incidents", input_json(&rep->data->incidents_input));
    json_object_set_new(input, "releases", input_json(&rep->data->releases_input));
    json_object_set_new(root, "input", input);
    /* What the configuration said that was not used (definitions.md rule 11.9). */
    json_t *warnings = json_array();
    for (size_t i = 0; rep->config && i < rep->config->n_warnings; i++)
        json_array_append_new(warnings, json_string(rep->config->warnings[i]));
    json_object_set_new(root, "warnings", warnings);
    json_t *slos = json_array();
    for (size_t s = 0; s < rep->n_slos; s++)
        json_array_append_new(slos, slo_json(rep, s));
    json_object_set_new(root, "slos", slos);
    json_object_set_new(root, "incidents", incidents_json(rep));
    if (rep->has_releases) {
        json_object_set_new(root, "releases", releases_json(rep));
        json_object_set_new(root, "correlation", correlation_json(rep));
    } else {
        set_reason_null(root, "releases",
                        rep->releases_reason ? rep->releases_reason
                                             : "no releases file was given");
        set_reason_null(root, "correlation",
                        rep->correlation_reason ? rep->correlation_reason
                                                : "no releases file was given");
    }
    char verdict[512];
    json_object_set_new(root, "verdict",
                        json_string(t0_verdict(rep, verdict, sizeof verdict)));
    json_object_set_new(root, "freeze", freeze_json(rep));
    return root;
}

#define SUMMARY_DUMP_FLAGS                                                               \
    (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17) | JSON_ENSURE_ASCII)

char *t0_summary_json(const struct t0_report *rep)
{
    json_t *root = summary_json(rep);
    if (!root)
        return NULL;
    char *text = json_dumps(root, SUMMARY_DUMP_FLAGS);
    json_decref(root);
    if (!text)
        return NULL;
    size_t len = strlen(text);
    char *with_newline = realloc(text, len + 2);
    if (!with_newline) {
        free(text);
        return NULL;
    }
    with_newline[len] = '\n';
    with_newline[len + 1] = '\0';
    return with_newline;
}

bool t0_summary_print_json(const struct t0_report *rep, FILE *out)
{
    json_t *root = summary_json(rep);
    if (!root)
        return false;
    /* Written as it is made: no copy of the whole text is held. */
    bool ok = json_dumpf(root, out, SUMMARY_DUMP_FLAGS) == 0 && fputc('\n', out) != EOF;
    json_decref(root);
    return ok;
}

enum t0_status t0_summary_write_json(const struct t0_report *rep, const char *path,
                                     struct t0_error *err)
{
    struct t0_atomic out;
    enum t0_status st = t0_atomic_open(&out, path, err);
    if (st != T0_OK)
        return st;
    if (!t0_summary_print_json(rep, out.fp)) {
        t0_atomic_abort(&out);
        return t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to write the summary");
    }
    return t0_atomic_commit(&out, err);
}

/* ---- the text table ---- */

static const char *status_word(enum t0_slo_status st)
{
    return t0_slo_status_label(st);
}

/* The alert replay's counts for the review month (definitions.md §9). */
static void text_burn(const struct t0_report *rep, const struct t0_slo_burn *b, FILE *out)
{
    char month[16], finding[256];
    if (!b)
        return;
    fprintf(
        out,
        "  alerts in %s: %zu page%s (%zu matched no incident), %zu ticket%s\n    %s.\n",
        t0_format_month(rep->review, month), b->pages, b->pages == 1 ? "" : "s",
        b->unmatched_pages, b->tickets, b->tickets == 1 ? "" : "s",
        t0_burn_finding(b, finding, sizeof finding));
}

static void text_slos(const struct t0_report *rep, FILE *out, size_t show)
{
    size_t first = t0_report_months(rep) > show ? t0_report_months(rep) - show : 0;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_result *r = &rep->slos[s];
        char obj[32];
        fprintf(out, "\n%s (objective %s)\n", r->slo->name,
                t0_format_objective(r->slo->objective_pct, obj, sizeof obj));
        fprintf(out, "  %-8s  %11s  %11s  %13s  %-9s  %9s\n", "month", "attainment",
                "bad time", "budget used", "status", "incidents");
        if (first > 0) {
            char a[16], b[16];
            fprintf(out,
                    "  (the last %zu of %zu months; the %zu mo row is the whole period, "
                    "%s to %s)\n",
                    t0_report_months(rep) - first, t0_report_months(rep),
                    t0_report_months(rep), t0_format_month(rep->from, a),
                    t0_format_month(rep->to, b));
        }
        for (size_t i = first; i <= t0_report_months(rep); i++) {
            const struct t0_slo_window *w = i < t0_report_months(rep)
                                                ? t0_report_month(rep, s, i)
                                                : t0_report_period_window(rep, s);
            char label[40], att[32], bad[32], used[32];
            if (w->kind == T0_WINDOW_MONTH)
                snprintf(label, sizeof label, "%s", w->label);
            else if (rep->has_quarter) /* the period is the quarter (definitions.md §10)
                                        */
                snprintf(label, sizeof label, "%s", rep->quarter.label);
            else
                snprintf(label, sizeof label, "period");
            t0_format_window_figure(rep, w, T0_FIG_ATTAINMENT, att, sizeof att);
            if (w->unit == T0_UNIT_EVENTS) {
                char nb[16], of[16];
                snprintf(bad, sizeof bad, "%s/%s",
                         t0_format_events(w->events_bad, nb, sizeof nb),
                         t0_format_events(w->events_total, of, sizeof of));
            } else {
                t0_format_duration(w->bad_minutes, bad, sizeof bad);
            }
            t0_format_window_figure(rep, w, T0_FIG_BUDGET_CONSUMED, used, sizeof used);
            if (i == t0_report_months(rep)) {
                fprintf(out, "  %s\n",
                        "------------------------------------------------"
                        "---------------------------");
                if (first > 0) /* the period row sums months not shown above */
                    snprintf(label, sizeof label, "%zu mo", t0_report_months(rep));
            }
            fprintf(out, "  %-8s  %11s  %11s  %13s  %-9s  %9zu%s\n", label, att,
                    w->bad_minutes > 0 || w->unit == T0_UNIT_EVENTS ? bad : "0", used,
                    status_word(w->status), w->incidents, w->partial ? "  (so far)" : "");
        }
        if (t0_report_period_window(rep, s)->minutes_excluded > 0) {
            char excl[32];
            t0_format_duration(t0_report_period_window(rep, s)->minutes_excluded, excl,
                               sizeof excl);
            fprintf(out, "  maintenance: %s left out of the period's arithmetic\n", excl);
        }
        text_burn(rep, r->burn, out);
    }
}

static void text_value(FILE *out, const char *label, struct t0_value v, const char *unit)
{
    if (t0_value_defined(v))
        fprintf(out, "  %-26s %.4g%s\n", label, v.value, unit);
    else
        fprintf(out, "  %-26s n/a (%s)\n", label, v.reason);
}

static void text_distribution(FILE *out, const char *label,
                              const struct t0_distribution *d)
{
    if (!t0_value_defined(d->median)) {
        if (!t0_not_recorded(d->median))
            fprintf(out, "  %-26s n/a (%s)\n", label, d->median.reason);
        else
            fprintf(out, "  %-26s %s\n", label, d->median.reason);
        return;
    }
    char mean[32], median[32], p90[32];
    fprintf(out, "  %-26s median %s, mean %s, p90 %s (n = %zu)\n", label,
            t0_format_duration(d->median.value, median, sizeof median),
            t0_format_duration(d->mean.value, mean, sizeof mean),
            t0_format_duration(d->p90.value, p90, sizeof p90), d->n);
}

static void text_incidents(const struct t0_report *rep, FILE *out)
{
    const struct t0_incident_stats *st = &rep->stats;
    fprintf(out, "\nIncidents in the period\n");
    fprintf(out, "  %-26s %zu (major %zu, partial %zu, degraded %zu, none %zu)\n",
            "count", st->count, st->by_impact[T0_IMPACT_MAJOR],
            st->by_impact[T0_IMPACT_PARTIAL], st->by_impact[T0_IMPACT_DEGRADED],
            st->by_impact[T0_IMPACT_NONE]);
    text_distribution(out, "time to resolve", &st->mttr_minutes);
    text_distribution(out, "time to detect", &st->ttd_minutes);
    text_value(out, "one incident every", st->mean_days_between, " days");
    struct t0_value off = st->off_hours_share, sleep = st->sleep_hours_share;
    if (t0_value_defined(off))
        off.value *= 100;
    if (t0_value_defined(sleep))
        sleep.value *= 100;
    text_value(out, "outside working hours", off, "%");
    text_value(out, "in sleep hours", sleep, "%");
}

/* "29% (95% interval 14% to 43%)": ASCII, for the terminal. */
static void text_share(FILE *out, const struct t0_attributable *a)
{
    /* rounded first, + 0.0 so that -0.3% prints 0%, not -0% */
    fprintf(out, "%.0f%% (95%% interval %.0f%% to %.0f%%)",
            nearbyint(a->share.value * 100) + 0.0,
            nearbyint(a->ci95[0].value * 100) + 0.0,
            nearbyint(a->ci95[1].value * 100) + 0.0);
}

/* The attributable share overall and, where releases are matched to
 * services and some SLO covers less than everything, per SLO. */
static void text_attribution(const struct t0_report *rep, FILE *out)
{
    const struct t0_correlation *c = &rep->correlation;
    enum t0_attribution_reading reading = t0_attribution_read(&c->attributable, c->n);
    if (reading == T0_ATTRIBUTION_UNDEFINED) {
        fprintf(out, "  %-26s n/a (%s)\n", "explained by releases",
                c->attributable.share.reason ? c->attributable.share.reason
                                             : "not defined");
        return;
    }
    fprintf(out, "  %-26s ", "explained by releases");
    text_share(out, &c->attributable);
    fprintf(out, " of incidents: %s\n", t0_attribution_label(reading));
    bool narrower = false;
    for (size_t s = 0; s < rep->n_slos; s++)
        narrower = narrower || !rep->slos[s].slo->all_services;
    if (!narrower)
        return;
    if (!c->per_slo) {
        fprintf(out, "    %-24s n/a (%s)\n", "per SLO",
                c->per_slo_reason ? c->per_slo_reason : "not computed");
        return;
    }
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_attribution *a = &c->per_slo[s];
        enum t0_attribution_reading r = t0_attribution_read(&a->attributable, a->n);
        fprintf(out, "    %-24.24s ", rep->slos[s].slo->name);
        if (r == T0_ATTRIBUTION_UNDEFINED) {
            fprintf(out, "n/a (%s)\n", a->attributable.share.reason);
            continue;
        }
        text_share(out, &a->attributable);
        fprintf(out, ", %zu of %zu incidents in %.0f%% of the time: %s\n", a->k, a->n,
                a->coverage.value * 100, t0_attribution_label(r));
    }
}

static void text_releases(const struct t0_report *rep, FILE *out)
{
    if (!rep->has_releases) {
        fprintf(out, "\nReleases: not analysed (%s)\n", rep->releases_reason);
        return;
    }
    const struct t0_release_results *rr = &rep->releases;
    const struct t0_correlation *c = &rep->correlation;
    fprintf(out, "\nReleases in the period\n");
    fprintf(out, "  %-26s %zu, %zu followed by an incident or named as a cause\n",
            "count", rr->count, rr->failed);
    struct t0_value cfr = rr->change_failure_rate;
    if (t0_value_defined(cfr))
        cfr.value *= 100;
    text_value(out, "change failure rate", cfr, "%");
    if (t0_value_defined(c->share_after_release) && t0_value_defined(c->coverage)) {
        fprintf(out,
                "  %-26s %.0f%% of incidents began within %.0f h of a release; those "
                "windows cover %.0f%% of the time%s\n",
                "after a release", c->share_after_release.value * 100, c->window_hours,
                c->coverage.value * 100,
                c->chance_clipped ? " since the first release" : "");
    }
    if (t0_value_defined(c->rate_ratio)) {
        fprintf(out, "  %-26s %.2fx the rate outside the windows", "rate inside windows",
                c->rate_ratio.value);
        if (!c->rate_ratio_ci95_reason) {
            char lo[32] = "n/a", hi[32] = "n/a";
            if (t0_value_defined(c->rate_ratio_ci95[0]))
                snprintf(lo, sizeof lo, "%.2f", c->rate_ratio_ci95[0].value);
            if (t0_value_defined(c->rate_ratio_ci95[1]))
                snprintf(hi, sizeof hi, "%.2f", c->rate_ratio_ci95[1].value);
            fprintf(out, " (95%% interval %s to %s)", lo, hi);
        }
        fputc('\n', out);
    } else {
        fprintf(out, "  %-26s n/a (%s)\n", "rate inside windows", c->rate_ratio.reason);
    }
    if (t0_value_defined(c->p_value))
        fprintf(out, "  %-26s p = %.3g: %s\n", "chance test", c->p_value.value,
                c->p_value.value < 0.05 ? "unlikely to be chance"
                                        : "could well be chance");
    char span[300];
    if (t0_chance_span_note(rep, span, sizeof span)[0])
        fprintf(out, "  %-26s %s\n", "", span);
    text_attribution(rep, out);
    fprintf(out, "  %-26s %zu\n", "policy violations", rr->n_violations);
    if (rep->freeze.period_unchecked)
        fprintf(out,
                "  %-26s %zu release%s without services shipped while an SLO was "
                "frozen: freezes cannot be checked for them\n",
                "not checked", rep->freeze.period_unchecked,
                rep->freeze.period_unchecked == 1 ? "" : "s");
    size_t shown = 0;
    for (size_t i = 0; i < rr->n_violations && shown < 10; i++, shown++) {
        const struct t0_violation *v = &rr->violations[i];
        char pct[32], month[16];
        fprintf(out, "    %s shipped in %s while %s had used %s of its budget\n",
                rep->data->releases[v->release].id, t0_format_month(v->month, month),
                rep->slos[v->slo].slo->name,
                t0_format_pct(v->budget_consumed_pct, pct, sizeof pct));
    }
    if (rr->n_violations > shown)
        fprintf(out, "    ... and %zu more (see the JSON summary)\n",
                rr->n_violations - shown);
}

void t0_summary_text(const struct t0_report *rep, FILE *out, size_t months)
{
    char month[32], verdict[512], from[16], to[16], quarter[128];
    fprintf(out, "%s, %s (%s to %s, %s)\n", rep->config->title,
            rep->has_quarter ? t0_quarter_label_long(rep, quarter, sizeof quarter)
                             : t0_format_month_long(rep->review, month, sizeof month),
            t0_format_month(rep->from, from), t0_format_month(rep->to, to),
            t0_zone_name(rep->zone));
    fprintf(out, "%s.\n", t0_verdict(rep, verdict, sizeof verdict));
    char freeze[600];
    fprintf(out, "Release freeze: %s.\n", t0_freeze_text(rep, freeze, sizeof freeze));
    text_slos(rep, out, months ? months : 6);
    text_incidents(rep, out);
    text_releases(rep, out);
    const struct t0_input_report *in = &rep->data->incidents_input;
    if (in->rejected)
        fprintf(
            out,
            "\n%zu of %zu incident records were rejected (tierzero check lists them)\n",
            in->rejected, in->read);
}
