/* figures.c: the catalogue of a window's figures (figures.h). */
#include "tierzero/figures.h"

#include <stdio.h>

#include "tierzero/format.h"
#include "tierzero/sli.h"

/* In the JSON summary's order (definitions.md §5, §8). */
static const struct t0_figure_def catalogue[T0_FIG_COUNT] = {
    {T0_FIG_MINUTES_TOTAL, "minutes_total", "Minutes total", T0_FU_MINUTES, T0_FS_ALL},
    {T0_FIG_MINUTES_ELAPSED, "minutes_elapsed", "Minutes elapsed", T0_FU_MINUTES,
     T0_FS_ALL},
    {T0_FIG_MINUTES_EXCLUDED, "minutes_excluded", "Minutes excluded", T0_FU_MINUTES,
     T0_FS_ALL},
    {T0_FIG_BAD_MINUTES, "bad_minutes", "Bad minutes", T0_FU_MINUTES, T0_FS_MINUTES},
    {T0_FIG_ATTAINMENT, "attainment_pct", "Attainment %", T0_FU_ATTAINMENT, T0_FS_ALL},
    {T0_FIG_BUDGET_MINUTES, "budget_minutes", "Budget minutes", T0_FU_MINUTES,
     T0_FS_MINUTES},
    {T0_FIG_BUDGET_CONSUMED, "budget_consumed_pct", "Budget consumed %", T0_FU_PERCENT,
     T0_FS_ALL},
    {T0_FIG_BUDGET_REMAINING_MINUTES, "budget_remaining_minutes",
     "Budget remaining minutes", T0_FU_MINUTES, T0_FS_MINUTES},
    {T0_FIG_EXHAUSTED_AT, "exhausted_at", "Exhausted at", T0_FU_TIME, T0_FS_ALL},
    {T0_FIG_STATUS, "status", "Status", T0_FU_STATUS, T0_FS_ALL},
    {T0_FIG_INCIDENTS, "incidents", "Incidents", T0_FU_COUNT, T0_FS_ALL},
    {T0_FIG_PARTIAL, "partial", "Partial", T0_FU_FLAG, T0_FS_ALL},
    {T0_FIG_EVENTS_TOTAL, "events_total", "Events total", T0_FU_EVENTS, T0_FS_EVENTS},
    {T0_FIG_EVENTS_BAD, "events_bad", "Bad events", T0_FU_EVENTS, T0_FS_EVENTS},
    {T0_FIG_EVENTS_GOOD, "events_good", "Good events", T0_FU_EVENTS, T0_FS_EVENTS},
    {T0_FIG_BUDGET_EVENTS, "budget_events", "Budget events", T0_FU_EVENTS, T0_FS_EVENTS},
    {T0_FIG_BUDGET_REMAINING_EVENTS, "budget_remaining_events", "Budget remaining events",
     T0_FU_EVENTS, T0_FS_EVENTS},
    {T0_FIG_DATA_COVERAGE, "data_coverage", "Data coverage %", T0_FU_SHARE,
     T0_FS_SAMPLED_EVENTS},
    {T0_FIG_NO_DATA_MINUTES, "no_data_minutes", "No-data minutes", T0_FU_MINUTES,
     T0_FS_SAMPLED_MINUTES},
    {T0_FIG_SAMPLES_INVALID, "samples_invalid", "Samples invalid", T0_FU_COUNT,
     T0_FS_SAMPLED},
    {T0_FIG_SAMPLES_UNPAIRED, "samples_unpaired", "Samples unpaired", T0_FU_COUNT,
     T0_FS_SAMPLED},
};

const struct t0_figure_def *t0_figure_def_of(enum t0_figure_id id)
{
    return (unsigned)id < T0_FIG_COUNT ? &catalogue[id] : NULL;
}

static bool has(const struct t0_slo_window *w, enum t0_figure_scope scope)
{
    bool events = w->unit == T0_UNIT_EVENTS;
    switch (scope) {
    case T0_FS_ALL:
    case T0_FS_MINUTES:
        return true;
    case T0_FS_EVENTS:
        return events;
    case T0_FS_SAMPLED:
        return w->has_samples;
    case T0_FS_SAMPLED_EVENTS:
        return w->has_samples && events;
    case T0_FS_SAMPLED_MINUTES:
        return w->has_samples && !events;
    }
    return false;
}

/* The number of a numeric figure. */
static double number_of(const struct t0_slo_window *w, enum t0_figure_id id)
{
    switch (id) {
    case T0_FIG_MINUTES_TOTAL:
        return w->minutes_total;
    case T0_FIG_MINUTES_ELAPSED:
        return w->minutes_elapsed;
    case T0_FIG_MINUTES_EXCLUDED:
        return w->minutes_excluded;
    case T0_FIG_BAD_MINUTES:
        return w->bad_minutes;
    case T0_FIG_BUDGET_MINUTES:
        return w->budget_minutes;
    case T0_FIG_BUDGET_REMAINING_MINUTES:
        return w->budget_remaining_minutes;
    case T0_FIG_EVENTS_TOTAL:
        return w->events_total;
    case T0_FIG_EVENTS_BAD:
        return w->events_bad;
    case T0_FIG_EVENTS_GOOD:
        return w->events_good;
    case T0_FIG_BUDGET_EVENTS:
        return w->budget_events;
    case T0_FIG_BUDGET_REMAINING_EVENTS:
        return w->budget_remaining_events;
    case T0_FIG_NO_DATA_MINUTES:
        return w->no_data_minutes;
    default:
        return 0;
    }
}

bool t0_window_figure(const struct t0_slo_window *w, enum t0_figure_id id,
                      struct t0_figure *out)
{
    const struct t0_figure_def *def = t0_figure_def_of(id);
    if (def == NULL || !has(w, def->scope))
        return false;
    *out = (struct t0_figure){def, t0_value_of(0), 0, T0_NO_TIME, T0_STATUS_MET, false};
    switch (id) {
    case T0_FIG_ATTAINMENT:
        out->value = w->attainment_pct;
        break;
    case T0_FIG_BUDGET_CONSUMED:
        out->value = w->budget_consumed_pct;
        break;
    case T0_FIG_DATA_COVERAGE:
        out->value = w->data_coverage;
        break;
    case T0_FIG_EXHAUSTED_AT:
        out->at = w->exhausted_at;
        break;
    case T0_FIG_STATUS:
        out->status = w->status;
        break;
    case T0_FIG_INCIDENTS:
        out->count = w->incidents;
        break;
    case T0_FIG_PARTIAL:
        out->flag = w->partial;
        break;
    case T0_FIG_SAMPLES_INVALID:
        out->count = w->samples_invalid;
        break;
    case T0_FIG_SAMPLES_UNPAIRED:
        out->count = w->samples_unpaired;
        break;
    default:
        /* definitions.md §8: an events SLO's minute figures are not its own. */
        if (def->scope == T0_FS_MINUTES && w->unit == T0_UNIT_EVENTS)
            out->value = t0_value_null(T0_REASON_EVENTS_SLO);
        else
            out->value = t0_value_of(number_of(w, id));
        break;
    }
    return true;
}

char *t0_format_figure(const struct t0_report *rep, const struct t0_figure *f, char *buf,
                       size_t size)
{
    if (size == 0)
        return buf;
    bool number = f->def->unit == T0_FU_MINUTES || f->def->unit == T0_FU_EVENTS;
    if (number && !t0_value_defined(f->value)) {
        snprintf(buf, size, "n/a");
        return buf;
    }
    switch (f->def->unit) {
    case T0_FU_MINUTES:
        return t0_format_duration(f->value.value, buf, size);
    case T0_FU_EVENTS:
        return t0_format_events(f->value.value, buf, size);
    case T0_FU_ATTAINMENT:
        return t0_format_attainment(f->value, buf, size);
    case T0_FU_PERCENT:
        return t0_format_pct(f->value, buf, size);
    case T0_FU_SHARE:
        return t0_format_pct(
            t0_value_defined(f->value) ? t0_value_of(100 * f->value.value) : f->value,
            buf, size);
    case T0_FU_COUNT:
        snprintf(buf, size, "%zu", f->count);
        return buf;
    case T0_FU_TIME:
        if (f->at == T0_NO_TIME) {
            snprintf(buf, size, "never");
            return buf;
        }
        return t0_format_day_time(rep, f->at, buf, size);
    case T0_FU_STATUS:
        snprintf(buf, size, "%s", t0_slo_status_label(f->status));
        return buf;
    case T0_FU_FLAG:
        snprintf(buf, size, "%s", f->flag ? "yes" : "no");
        return buf;
    }
    buf[0] = '\0';
    return buf;
}

char *t0_format_window_figure(const struct t0_report *rep, const struct t0_slo_window *w,
                              enum t0_figure_id id, char *buf, size_t size)
{
    struct t0_figure f;
    if (t0_window_figure(w, id, &f))
        return t0_format_figure(rep, &f, buf, size);
    if (size > 0)
        buf[0] = '\0';
    return buf;
}
