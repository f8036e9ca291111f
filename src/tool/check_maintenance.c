/* check_maintenance.c: what `tierzero check` says of the maintenance windows it read. */
#include "check_maintenance.h"

#include <stdlib.h>

#include "tierzero/format.h"

/* One window of either list, for sorting. */
struct item {
    const struct t0_maint_window *w;
};

static int item_cmp(const void *pa, const void *pb)
{
    const struct t0_maint_window *a = ((const struct item *)pa)->w;
    const struct t0_maint_window *b = ((const struct item *)pb)->w;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return 0;
}

static bool matches_any(const struct t0_config *cfg, const struct t0_dataset *ds,
                        const char *const *services, uint32_t n_services)
{
    for (size_t s = 0; s < cfg->n_slos; s++)
        if (t0_maint_matches(services, n_services, &cfg->slos[s], ds->symbols))
            return true;
    return false;
}

static void print_services(FILE *out, const char *const *services, uint32_t n)
{
    if (n == 0) {
        fprintf(out, "every SLO");
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", services[i]);
}

static void print_window(FILE *out, const struct t0_config *cfg,
                         const struct t0_dataset *ds, const struct t0_zone *zone,
                         const struct t0_maint_window *w)
{
    char a[64], b[64];
    fprintf(out, "  %s to %s", t0_format_local(zone, w->from, 3, a),
            w->to == T0_NO_TIME ? "the incident's end"
                                : t0_format_local(zone, w->to, 3, b));
    fprintf(out, " (%s; ", t0_maint_kind_name(w->kind));
    print_services(out, w->services, w->n_services);
    fprintf(out, ")%s%s%s", w->reason[0] ? ": " : "", w->reason,
            matches_any(cfg, ds, w->services, w->n_services) ? "" : " [matches no SLO]");
    fprintf(out, "\n");
}

static void print_weekly(FILE *out, const struct t0_config *cfg,
                         const struct t0_dataset *ds, const struct t0_zone *zone,
                         const struct t0_maint_weekly *r)
{
    fprintf(out, "  every %s %02d:%02d to %s%02d:%02d %s (weekly; ",
            t0_format_weekday_name(r->weekday), r->from_minute / 60, r->from_minute % 60,
            r->to_minute <= r->from_minute || r->to_minute >= 1440 ? "next day " : "",
            (r->to_minute % 1440) / 60, r->to_minute % 60, t0_zone_name(zone));
    print_services(out, r->services, r->n_services);
    fprintf(out, ")%s%s%s\n", r->reason[0] ? ": " : "", r->reason,
            matches_any(cfg, ds, r->services, r->n_services) ? "" : " [matches no SLO]");
}

/* Windows that overlap or touch an earlier one (by start). */
static size_t print_overlaps(FILE *out, const struct t0_maint_list *const lists[2],
                             const struct t0_zone *zone)
{
    size_t n = 0, found = 0;
    for (int l = 0; l < 2; l++)
        n += lists[l] ? lists[l]->n_windows : 0;
    struct item *items = malloc((n ? n : 1) * sizeof *items);
    if (!items)
        return 0;
    n = 0;
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; lists[l] && i < lists[l]->n_windows; i++)
            if (lists[l]->windows[i].to != T0_NO_TIME)
                items[n++].w = &lists[l]->windows[i];
    qsort(items, n, sizeof *items, item_cmp);
    const struct t0_maint_window *reach = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct t0_maint_window *w = items[i].w;
        if (reach && w->from <= reach->to) {
            char a[64];
            fprintf(out,
                    "  overlapping: \"%s\" (%s) and \"%s\" (%s) meet at %s: merged into "
                    "one window\n",
                    reach->reason, reach->origin, w->reason, w->origin,
                    t0_format_local(zone, w->from, 3, a));
            found++;
        }
        if (!reach || w->to > reach->to)
            reach = w;
    }
    free(items);
    return found;
}

void t0_check_maintenance(FILE *out, const struct t0_config *cfg,
                          const struct t0_dataset *ds, const struct t0_zone *zone,
                          const char *const *files,
                          const struct t0_maint_file_report *reports, size_t n)
{
    const struct t0_maint_list *const lists[2] = {&cfg->maintenance, ds->maintenance};
    size_t windows = 0, weekly = 0;
    for (int l = 0; l < 2; l++)
        if (lists[l]) {
            windows += lists[l]->n_windows;
            weekly += lists[l]->n_weekly;
        }
    for (size_t i = 0; i < n; i++)
        fprintf(out,
                "%s: scheduled maintenances: read %zu, used %zu, ignored %zu (end not "
                "after start)\n",
                files[i], reports[i].read, reports[i].used, reports[i].ignored);
    if (!windows && !weekly)
        return;
    fprintf(out, "maintenance: %zu window%s, %zu weekly rule%s\n", windows,
            windows == 1 ? "" : "s", weekly, weekly == 1 ? "" : "s");
    size_t unmatched = 0;
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; lists[l] && i < lists[l]->n_weekly; i++) {
            print_weekly(out, cfg, ds, zone, &lists[l]->weekly[i]);
            unmatched += !matches_any(cfg, ds, lists[l]->weekly[i].services,
                                      lists[l]->weekly[i].n_services);
        }
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; lists[l] && i < lists[l]->n_windows; i++) {
            print_window(out, cfg, ds, zone, &lists[l]->windows[i]);
            unmatched += !matches_any(cfg, ds, lists[l]->windows[i].services,
                                      lists[l]->windows[i].n_services);
        }
    size_t overlaps = print_overlaps(out, lists, zone);
    fprintf(out, "  %zu matching no SLO, %zu overlapping (merged)\n", unmatched,
            overlaps);
}
