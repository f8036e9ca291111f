/* correlation.c: the release analysis of definitions.md §3 and rules 3.1.10-3.1.14
 * (failures, chance test, event study, violations). */
#include "tierzero/correlation.h"

#include <stdlib.h>
#include <string.h>

#include "tierzero/config.h"
#include "tierzero/report.h"
#include "tierzero/slo.h"
#include "tierzero/stats.h"

#define REASON_NO_RELEASES "no releases in the period before as_of"
#define REASON_NO_INCIDENTS "no incidents in the period before as_of"
#define REASON_HISTORY_AFTER_PERIOD "the release history starts after the period"
#define REASON_NO_COVERAGE "no time of the period lies inside a release window"
#define REASON_FULL_COVERAGE "the whole period lies inside release windows"
#define REASON_ALL_INSIDE "every incident started inside a release window"
#define REASON_UPPER_UNBOUNDED                                                           \
    "every incident started inside a release window: no upper bound"
#define REASON_FEW_MONTHS "fewer than two months of the period began before as_of"
#define REASON_CONST_RELEASES "releases per month are constant"
#define REASON_CONST_INCIDENTS "incidents per month are constant"
#define REASON_CONST_BAD "bad minutes per month are constant"
#define REASON_NO_SLO "no SLO is configured"
#define REASON_MATCH_ANY                                                                 \
    "releases are not matched to services: correlation.match is \"any\""

/* Everything the analysis builds on: the counted releases and incidents,
 * each sorted by time then input order, with per-service lists. */
struct sorted_set {
    size_t n;
    uint32_t *index; /* dataset index, by (time, input order) */
    t0_ms *at;       /* its time */
};

/* Positions into a sorted_set, grouped by service: list 0 holds the records
 * without services, list 1 + sym those naming sym; each list ascending. */
struct service_index {
    size_t n_lists;
    size_t *offsets; /* n_lists + 1 */
    uint32_t *positions;
};

struct work {
    struct t0_report *rep;
    t0_ms start, end;   /* [period start, min(period end, as_of)) */
    t0_ms chance_start; /* start, or the first release when it is later */
    t0_ms window;
    struct sorted_set releases;  /* counted releases */
    struct sorted_set incidents; /* counted incidents (in the period) */
    struct service_index release_services, incident_services;
    t0_ms *history; /* starts of every incident before as_of, sorted */
    size_t n_history;
    uint32_t n_syms; /* symbols 0 .. n_syms - 1 occur */
};

static t0_ms add_saturating(t0_ms a, t0_ms b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

/* First position in at[0..n) with at[i] >= t. */
static size_t lower_bound(const t0_ms *at, size_t n, t0_ms t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (at[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- sorted sets ---- */

struct timed {
    t0_ms at;
    uint32_t index;
};

static int compare_timed(const void *pa, const void *pb)
{
    const struct timed *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Fills set with the records whose time (times[i], i < n) lies in
 * [from, to), sorted by time then index. */
static enum t0_status sorted_set_init(struct sorted_set *set, const t0_ms *times,
                                      size_t n, t0_ms from, t0_ms to,
                                      struct t0_error *err)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (times[i] >= from && times[i] < to)
            count++;
    struct timed *order = malloc((count ? count : 1) * sizeof *order);
    set->index = malloc((count ? count : 1) * sizeof *set->index);
    set->at = malloc((count ? count : 1) * sizeof *set->at);
    if (!order || !set->index || !set->at) {
        free(order);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory sorting %zu records",
                            count);
    }
    size_t j = 0;
    for (size_t i = 0; i < n; i++)
        if (times[i] >= from && times[i] < to) {
            order[j].at = times[i];
            order[j].index = (uint32_t)i;
            j++;
        }
    qsort(order, count, sizeof *order, compare_timed);
    for (size_t i = 0; i < count; i++) {
        set->index[i] = order[i].index;
        set->at[i] = order[i].at;
    }
    set->n = count;
    free(order);
    return T0_OK;
}

static void sorted_set_free(struct sorted_set *set)
{
    free(set->index);
    free(set->at);
}

static int compare_ms(const void *pa, const void *pb)
{
    t0_ms a = *(const t0_ms *)pa, b = *(const t0_ms *)pb;
    return a < b ? -1 : a > b;
}

/* ---- per-service lists ---- */

typedef struct t0_symlist (*services_of_fn)(const struct t0_dataset *ds, uint32_t index);

static struct t0_symlist release_services(const struct t0_dataset *ds, uint32_t index)
{
    return ds->releases[index].services;
}

static struct t0_symlist incident_services(const struct t0_dataset *ds, uint32_t index)
{
    return ds->incidents[index].services;
}

static enum t0_status service_index_init(struct service_index *ix, const struct work *w,
                                         const struct sorted_set *set,
                                         services_of_fn services_of, struct t0_error *err)
{
    const struct t0_dataset *ds = w->rep->data;
    ix->n_lists = (size_t)w->n_syms + 1;
    ix->offsets = calloc(ix->n_lists + 1, sizeof *ix->offsets);
    if (!ix->offsets)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory indexing services");
    size_t total = 0;
    for (size_t p = 0; p < set->n; p++) {
        struct t0_symlist s = services_of(ds, set->index[p]);
        if (s.count == 0) {
            ix->offsets[1]++;
            total++;
        }
        for (uint32_t j = 0; j < s.count; j++) {
            ix->offsets[(size_t)s.items[j] + 2]++;
            total++;
        }
    }
    /* offsets[l + 1] counted list l; prefix sums make offsets[l] its start */
    for (size_t l = 1; l <= ix->n_lists; l++)
        ix->offsets[l] += ix->offsets[l - 1];
    ix->positions = malloc((total ? total : 1) * sizeof *ix->positions);
    size_t *fill = malloc(ix->n_lists * sizeof *fill);
    if (!ix->positions || !fill) {
        free(fill);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory indexing services");
    }
    memcpy(fill, ix->offsets, ix->n_lists * sizeof *fill);
    for (size_t p = 0; p < set->n; p++) {
        struct t0_symlist s = services_of(ds, set->index[p]);
        if (s.count == 0)
            ix->positions[fill[0]++] = (uint32_t)p;
        for (uint32_t j = 0; j < s.count; j++)
            ix->positions[fill[(size_t)s.items[j] + 1]++] = (uint32_t)p;
    }
    free(fill);
    return T0_OK;
}

static void service_index_free(struct service_index *ix)
{
    free(ix->offsets);
    free(ix->positions);
}

/* In list l: the number of positions whose time is < t. */
static size_t list_lower_bound(const struct service_index *ix, size_t l,
                               const struct sorted_set *set, t0_ms t)
{
    size_t lo = ix->offsets[l], hi = ix->offsets[l + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->at[ix->positions[mid]] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Is the list the records of the given services can match? Every record
 * matches when services are ignored or the querying record names none. */
static bool match_everything(const struct work *w, struct t0_symlist services)
{
    return w->rep->config->match_any || services.count == 0;
}

/* The latest position of set (by time, then input order) whose time lies
 * in (t - W, t] and which matches services; -1 when none. */
static long latest_matching_before(const struct work *w, const struct sorted_set *set,
                                   const struct service_index *ix,
                                   struct t0_symlist services, t0_ms t)
{
    t0_ms after = add_saturating(t, -w->window); /* exclusive */
    t0_ms next = add_saturating(t, 1);
    if (match_everything(w, services)) {
        size_t p = lower_bound(set->at, set->n, next);
        return p > 0 && set->at[p - 1] > after ? (long)p - 1 : -1;
    }
    long best = -1;
    for (uint32_t j = 0; j <= services.count; j++) {
        size_t l = j == services.count ? 0 : (size_t)services.items[j] + 1;
        if (l >= ix->n_lists)
            continue;
        size_t q = list_lower_bound(ix, l, set, next);
        if (q == ix->offsets[l])
            continue;
        uint32_t p = ix->positions[q - 1];
        if (set->at[p] > after && (long)p > best)
            best = (long)p;
    }
    return best;
}

/* Does set hold a record matching services with time in [t, t + W)? */
static bool any_matching_from(const struct work *w, const struct sorted_set *set,
                              const struct service_index *ix, struct t0_symlist services,
                              t0_ms t)
{
    t0_ms until = add_saturating(t, w->window);
    if (match_everything(w, services)) {
        size_t p = lower_bound(set->at, set->n, t);
        return p < set->n && set->at[p] < until;
    }
    for (uint32_t j = 0; j <= services.count; j++) {
        size_t l = j == services.count ? 0 : (size_t)services.items[j] + 1;
        if (l >= ix->n_lists)
            continue;
        size_t q = list_lower_bound(ix, l, set, t);
        if (q < ix->offsets[l + 1] && set->at[ix->positions[q]] < until)
            return true;
    }
    return false;
}

/* ---- the pieces of the analysis ---- */

static uint32_t max_symbol_plus_one(const struct t0_dataset *ds)
{
    uint32_t n = 0;
    for (size_t i = 0; i < ds->n_releases; i++)
        for (uint32_t j = 0; j < ds->releases[i].services.count; j++)
            if (ds->releases[i].services.items[j] >= n)
                n = ds->releases[i].services.items[j] + 1;
    for (size_t i = 0; i < ds->n_incidents; i++)
        for (uint32_t j = 0; j < ds->incidents[i].services.count; j++)
            if (ds->incidents[i].services.items[j] >= n)
                n = ds->incidents[i].services.items[j] + 1;
    return n;
}

static enum t0_status collect(struct work *w, struct t0_error *err)
{
    const struct t0_dataset *ds = w->rep->data;
    enum t0_status st = T0_OK;
    size_t nr = ds->n_releases, ni = ds->n_incidents;
    t0_ms *times = malloc(((nr > ni ? nr : ni) + 1) * sizeof *times);
    if (!times)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory reading releases");

    for (size_t i = 0; i < nr; i++)
        times[i] = ds->releases[i].released_at;
    st = sorted_set_init(&w->releases, times, nr, w->start, w->end, err);
    if (st != T0_OK)
        goto cleanup;

    for (size_t i = 0; i < ni; i++)
        times[i] = ds->incidents[i].started_at;
    st = sorted_set_init(&w->incidents, times, ni, w->start, w->end, err);
    if (st != T0_OK)
        goto cleanup;

    /* The event study's history: every incident before as_of. */
    w->history = malloc((ni ? ni : 1) * sizeof *w->history);
    if (!w->history) {
        st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory reading incidents");
        goto cleanup;
    }
    for (size_t i = 0; i < ni; i++)
        if (times[i] < w->rep->as_of)
            w->history[w->n_history++] = times[i];
    qsort(w->history, w->n_history, sizeof *w->history, compare_ms);

    w->n_syms = max_symbol_plus_one(ds);
    st = service_index_init(&w->release_services, w, &w->releases, release_services, err);
    if (st == T0_OK)
        st = service_index_init(&w->incident_services, w, &w->incidents,
                                incident_services, err);
cleanup:
    free(times);
    return st;
}

static enum t0_status alloc_release_figures(struct work *w, struct t0_error *err)
{
    struct t0_release_results *out = &w->rep->releases;
    size_t n = w->releases.n, n_slos = w->rep->n_slos;
    out->releases = calloc(n ? n : 1, sizeof *out->releases);
    if (!out->releases)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory for %zu releases", n);
    for (size_t p = 0; p < n; p++) {
        out->releases[p].release = w->releases.index[p];
        out->releases[p].attributed_bad_minutes =
            calloc(n_slos ? n_slos : 1, sizeof(double));
        /* count follows the allocations so that a release frees them all */
        out->count = p + 1;
        if (!out->releases[p].attributed_bad_minutes)
            return t0_error_set(err, T0_ENOMEM, "", "", "out of memory for %zu releases",
                                n);
    }
    out->count = n;
    return T0_OK;
}

/* Rule "after a release" and the attributed release, per counted incident;
 * also whether it starts inside the union of every window. */
static void attribute_incidents(struct work *w)
{
    struct t0_report *rep = w->rep;
    const struct t0_dataset *ds = rep->data;
    struct t0_release_results *out = &rep->releases;
    struct t0_correlation *cor = &rep->correlation;

    for (size_t i = 0; i < ds->n_incidents; i++) {
        rep->incidents[i].after_release = false;
        rep->incidents[i].attributed_release = -1;
        rep->incidents[i].in_release_window = false;
    }
    for (size_t q = 0; q < w->incidents.n; q++) {
        uint32_t i = w->incidents.index[q];
        t0_ms s = w->incidents.at[q];
        struct t0_incident_figures *fig = &rep->incidents[i];

        long p = latest_matching_before(w, &w->releases, &w->release_services,
                                        ds->incidents[i].services, s);
        if (p >= 0) {
            fig->after_release = true;
            fig->attributed_release = (int64_t)w->releases.index[p];
            struct t0_release_figures *rf = &out->releases[p];
            rf->attributed++;
            for (size_t k = 0; k < rep->n_slos; k++)
                rf->attributed_bad_minutes[k] +=
                    fig->bad_minutes ? fig->bad_minutes[k] : 0.0;
            cor->incidents_after_release++;
        }

        /* services ignored: the latest release at or before s */
        size_t r = lower_bound(w->releases.at, w->releases.n, add_saturating(s, 1));
        if (r > 0 && s < add_saturating(w->releases.at[r - 1], w->window)) {
            fig->in_release_window = true;
            cor->k++;
        }
        cor->n += s >= w->chance_start;
    }
}

/* The chance test compares time inside release windows with time outside,
 * so it runs over the span the release history covers: from the first
 * release before as_of when that is after the period's start. */
static void chance_span(struct work *w)
{
    const struct t0_dataset *ds = w->rep->data;
    struct t0_correlation *cor = &w->rep->correlation;
    t0_ms first = INT64_MAX;
    for (size_t i = 0; i < ds->n_releases; i++)
        if (ds->releases[i].released_at < w->rep->as_of &&
            ds->releases[i].released_at < first)
            first = ds->releases[i].released_at;
    w->chance_start = w->start;
    if (first != INT64_MAX && first > w->start)
        w->chance_start = first < w->end ? first : w->end;
    cor->chance_from = w->chance_start;
    cor->chance_to = w->end;
    cor->chance_clipped = w->chance_start > w->start;
}

struct named {
    const char *id;
    size_t position; /* in the sorted releases */
};

static int compare_named(const void *pa, const void *pb)
{
    return strcmp(((const struct named *)pa)->id, ((const struct named *)pb)->id);
}

/* failed_by_window and failed_by_caused_by for every counted release. */
static enum t0_status mark_failures(struct work *w, struct t0_error *err)
{
    struct t0_report *rep = w->rep;
    const struct t0_dataset *ds = rep->data;
    struct t0_release_results *out = &rep->releases;
    size_t n = w->releases.n;

    for (size_t p = 0; p < n; p++) {
        uint32_t r = w->releases.index[p];
        out->releases[p].failed_by_window =
            any_matching_from(w, &w->incidents, &w->incident_services,
                              ds->releases[r].services, w->releases.at[p]);
    }

    /* caused_by: the period's release ids sorted, searched per name */
    struct named *by_id = malloc((n ? n : 1) * sizeof *by_id);
    if (!by_id)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory for release ids");
    for (size_t p = 0; p < n; p++) {
        by_id[p].id = ds->releases[w->releases.index[p]].id;
        by_id[p].position = p;
    }
    qsort(by_id, n, sizeof *by_id, compare_named);
    for (size_t q = 0; q < w->incidents.n; q++) {
        const struct t0_incident *inc = &ds->incidents[w->incidents.index[q]];
        for (uint32_t c = 0; c < inc->n_caused_by; c++) {
            if (!inc->caused_by[c])
                continue;
            struct named key = {inc->caused_by[c], 0};
            const struct named *hit =
                bsearch(&key, by_id, n, sizeof *by_id, compare_named);
            if (hit)
                out->releases[hit->position].failed_by_caused_by = true;
        }
    }
    free(by_id);

    out->failed = 0;
    for (size_t p = 0; p < n; p++) {
        struct t0_release_figures *rf = &out->releases[p];
        rf->failed = rf->failed_by_window || rf->failed_by_caused_by;
        out->failed += rf->failed;
    }
    out->change_failure_rate = n ? t0_value_of((double)out->failed / (double)n)
                                 : t0_value_null(REASON_NO_RELEASES);
    return T0_OK;
}

/* The measure of the union of every [r, r + W) within [start, end). */
static int64_t union_ms(const struct work *w)
{
    int64_t total = 0;
    t0_ms run_from = 0, run_to = INT64_MIN;
    for (size_t p = 0; p < w->releases.n; p++) {
        t0_ms from = w->releases.at[p];
        t0_ms to = add_saturating(from, w->window);
        if (to > w->end)
            to = w->end;
        if (to <= from)
            continue;
        if (from <= run_to) {
            if (to > run_to)
                run_to = to;
            continue;
        }
        if (run_to != INT64_MIN)
            total += run_to - run_from;
        run_from = from;
        run_to = to;
    }
    if (run_to != INT64_MIN)
        total += run_to - run_from;
    return total;
}

/* p -> p (1 - c) / ((1 - p) c), with (1 - c) / c = outside / inside exactly. */
static double rate_ratio_of(double p, int64_t inside, int64_t outside)
{
    return p / (1.0 - p) * ((double)outside / (double)inside);
}

/* p -> (p - c) / (1 - c) with c = inside / elapsed, written so that p = 1
 * gives exactly 1 and c = 0 gives p. */
static double attributable_of(double p, int64_t inside, int64_t outside)
{
    return (p * (double)(inside + outside) - (double)inside) / (double)outside;
}

/* The attributable share of k incidents of n inside windows covering inside
 * of elapsed ms, and its interval (definitions.md §3 "Attributable share"). */
static void attributable_share(struct t0_attributable *a, size_t k, size_t n,
                               int64_t inside, int64_t elapsed)
{
    const char *why = elapsed <= 0        ? T0_REASON_PERIOD_NOT_BEGUN
                      : n == 0            ? REASON_NO_INCIDENTS
                      : inside >= elapsed ? REASON_FULL_COVERAGE
                                          : NULL;
    if (why) {
        a->share = t0_value_null(why);
        a->ci95_reason = why;
        a->ci95[0] = a->ci95[1] = t0_value_null(why);
        return;
    }
    int64_t outside = elapsed - inside;
    double lower, upper;
    t0_clopper_pearson(k, n, 0.05, &lower, &upper);
    a->share = t0_value_of(attributable_of((double)k / (double)n, inside, outside));
    a->ci95_reason = NULL;
    a->ci95[0] = t0_value_of(attributable_of(lower, inside, outside));
    a->ci95[1] = t0_value_of(attributable_of(upper, inside, outside));
}

/* coverage, p_value, rate_ratio and its interval (definitions.md §3 "Chance test"). */
static void chance_test(struct work *w)
{
    struct t0_correlation *cor = &w->rep->correlation;
    int64_t elapsed = w->end > w->chance_start ? w->end - w->chance_start : 0;
    int64_t inside = elapsed ? union_ms(w) : 0;
    int64_t outside = elapsed - inside;
    size_t k = cor->k, n = cor->n, all = w->incidents.n;

    attributable_share(&cor->attributable, k, n, inside, elapsed);
    cor->share_after_release =
        all ? t0_value_of((double)cor->incidents_after_release / (double)all)
            : t0_value_null(REASON_NO_INCIDENTS);

    if (elapsed == 0) {
        const char *why =
            w->end > w->start ? REASON_HISTORY_AFTER_PERIOD : T0_REASON_PERIOD_NOT_BEGUN;
        cor->coverage = t0_value_null(why);
        cor->p_value = t0_value_of(1.0);
        cor->rate_ratio = t0_value_null(why);
        cor->rate_ratio_ci95_reason = why;
        cor->rate_ratio_ci95[0] = cor->rate_ratio_ci95[1] = t0_value_null(why);
        return;
    }
    double c = (double)inside / (double)elapsed;
    cor->coverage = t0_value_of(c);

    if (k == 0 || n == 0 || inside == 0)
        cor->p_value = t0_value_of(1.0);
    else
        cor->p_value = t0_value_of(t0_binom_sf(k, n, c));

    const char *whole = inside == 0    ? REASON_NO_COVERAGE
                        : outside == 0 ? REASON_FULL_COVERAGE
                        : n == 0       ? REASON_NO_INCIDENTS
                                       : NULL;
    if (whole) {
        cor->rate_ratio = t0_value_null(whole);
        cor->rate_ratio_ci95_reason = whole;
        cor->rate_ratio_ci95[0] = cor->rate_ratio_ci95[1] = t0_value_null(whole);
        return;
    }
    if (k == 0)
        cor->rate_ratio = t0_value_of(0.0);
    else if (k == n)
        cor->rate_ratio = t0_value_null(REASON_ALL_INSIDE);
    else
        cor->rate_ratio =
            t0_value_of((double)k * (double)outside / ((double)(n - k) * (double)inside));

    double lower, upper;
    t0_clopper_pearson(k, n, 0.05, &lower, &upper);
    cor->rate_ratio_ci95_reason = NULL;
    cor->rate_ratio_ci95[0] = t0_value_of(rate_ratio_of(lower, inside, outside));
    cor->rate_ratio_ci95[1] = upper >= 1.0
                                  ? t0_value_null(REASON_UPPER_UNBOUNDED)
                                  : t0_value_of(rate_ratio_of(upper, inside, outside));
}

/* The chance test of one SLO: the windows of the releases matching it and
 * the incidents whose own services match it (definitions.md rules 3.1.10 and 3.1.11),
 * services otherwise ignored; runs holds room for one [from, to) pair per release. */
static void slo_attribution(const struct work *w, const struct t0_slo *slo, t0_ms *runs,
                            struct t0_slo_attribution *out)
{
    const struct t0_dataset *ds = w->rep->data;
    int64_t elapsed = w->end > w->chance_start ? w->end - w->chance_start : 0;
    size_t n_runs = 0;
    int64_t inside = 0;
    memset(out, 0, sizeof *out);
    for (size_t p = 0; p < w->releases.n; p++) {
        if (!t0_slo_matches(slo, ds->releases[w->releases.index[p]].services))
            continue;
        out->releases++;
        t0_ms from = w->releases.at[p];
        t0_ms to = add_saturating(from, w->window);
        if (to > w->end)
            to = w->end;
        if (to <= from)
            continue;
        if (n_runs && from <= runs[2 * n_runs - 1]) {
            if (to > runs[2 * n_runs - 1])
                runs[2 * n_runs - 1] = to;
            continue;
        }
        runs[2 * n_runs] = from;
        runs[2 * n_runs + 1] = to;
        n_runs++;
    }
    for (size_t r = 0; r < n_runs; r++)
        inside += runs[2 * r + 1] - runs[2 * r];
    size_t r = 0;
    for (size_t q = 0; q < w->incidents.n; q++) {
        if (!t0_slo_matches(slo, ds->incidents[w->incidents.index[q]].services))
            continue;
        t0_ms t = w->incidents.at[q];
        if (t < w->chance_start)
            continue; /* over the chance test's span, like the overall figure */
        out->n++;
        while (r < n_runs && runs[2 * r + 1] <= t)
            r++;
        if (r < n_runs && runs[2 * r] <= t)
            out->k++;
    }
    out->coverage = elapsed ? t0_value_of((double)inside / (double)elapsed)
                            : t0_value_null(T0_REASON_PERIOD_NOT_BEGUN);
    attributable_share(&out->attributable, out->k, out->n, inside, elapsed);
}

static enum t0_status per_slo_attribution(struct work *w, struct t0_error *err)
{
    struct t0_report *rep = w->rep;
    struct t0_correlation *cor = &rep->correlation;
    if (rep->config->match_any) {
        cor->per_slo_reason = REASON_MATCH_ANY;
        return T0_OK;
    }
    size_t n_slos = rep->n_slos;
    cor->per_slo = calloc(n_slos ? n_slos : 1, sizeof *cor->per_slo);
    t0_ms *runs = malloc(2 * (w->releases.n ? w->releases.n : 1) * sizeof *runs);
    if (!cor->per_slo || !runs) {
        free(runs);
        return t0_error_set(err, T0_ENOMEM, "", "",
                            "out of memory for the per-SLO share");
    }
    for (size_t s = 0; s < n_slos; s++)
        slo_attribution(w, rep->slos[s].slo, runs, &cor->per_slo[s]);
    cor->per_slo_reason = NULL;
    free(runs);
    return T0_OK;
}

/* Mean incidents per day offset around the releases, and the baseline. */
static enum t0_status event_study(struct work *w, struct t0_error *err)
{
    struct t0_correlation *cor = &w->rep->correlation;
    int d_max = w->rep->config->event_study_days;
    if (d_max < 0)
        d_max = 0;
    size_t width = 2 * (size_t)d_max + 1;
    int64_t elapsed = w->end > w->start ? w->end - w->start : 0;

    cor->event_study_days = d_max;
    cor->baseline_per_day = elapsed
                                ? t0_value_of((double)w->incidents.n /
                                              ((double)elapsed / (double)T0_MS_PER_DAY))
                                : t0_value_null(T0_REASON_PERIOD_NOT_BEGUN);
    if (w->releases.n == 0) {
        cor->mean_per_day = NULL;
        cor->mean_per_day_reason = REASON_NO_RELEASES;
        return T0_OK;
    }
    uint64_t *sums = calloc(width, sizeof *sums);
    cor->mean_per_day = calloc(width, sizeof *cor->mean_per_day);
    if (!sums || !cor->mean_per_day) {
        free(sums);
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory for the event study");
    }
    for (size_t p = 0; p < w->releases.n; p++) {
        t0_ms r = w->releases.at[p];
        size_t before = lower_bound(w->history, w->n_history,
                                    add_saturating(r, -(t0_ms)d_max * T0_MS_PER_DAY));
        for (size_t j = 0; j < width; j++) {
            t0_ms next_day = add_saturating(r, ((t0_ms)j - d_max + 1) * T0_MS_PER_DAY);
            size_t upto = lower_bound(w->history, w->n_history, next_day);
            sums[j] += upto - before;
            before = upto;
        }
    }
    for (size_t j = 0; j < width; j++)
        cor->mean_per_day[j] = (double)sums[j] / (double)w->releases.n;
    cor->mean_per_day_reason = NULL;
    free(sums);
    return T0_OK;
}

/* The month window of slo s holding t (its index), or -1. */
static long month_of(const struct t0_report *rep, size_t s, t0_ms t)
{
    const struct t0_slo_window *m = rep->slos[s].figures[T0_WINDOW_MONTH];
    size_t lo = 0, hi = t0_report_months(rep);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m[mid].end <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t0_report_months(rep) && m[lo].start <= t ? (long)lo : -1;
}

static struct t0_value spearman_value(const double *x, const double *y, size_t n,
                                      const char *x_constant, const char *y_constant,
                                      enum t0_status *st, struct t0_error *err)
{
    double rho;
    bool defined;
    *st = t0_spearman(x, y, n, &rho, &defined, err);
    if (defined)
        return t0_value_of(rho);
    bool x_flat = true;
    for (size_t i = 1; i < n; i++)
        x_flat = x_flat && x[i] == x[0];
    return t0_value_null(x_flat ? x_constant : y_constant);
}

/* Spearman over the months of the period that began before as_of. */
static enum t0_status monthly_correlation(struct work *w, struct t0_error *err)
{
    struct t0_report *rep = w->rep;
    struct t0_correlation *cor = &rep->correlation;
    enum t0_status st = T0_OK;
    if (rep->n_slos == 0 || !rep->slos[0].figures[T0_WINDOW_MONTH]) {
        cor->spearman_releases_incidents = t0_value_null(REASON_NO_SLO);
        cor->spearman_releases_bad_minutes = t0_value_null(REASON_NO_SLO);
        return T0_OK;
    }
    size_t n = 0;
    while (n < t0_report_months(rep) && t0_report_month(rep, 0, n)->start < rep->as_of)
        n++;
    if (n < 2) {
        cor->spearman_releases_incidents = t0_value_null(REASON_FEW_MONTHS);
        cor->spearman_releases_bad_minutes = t0_value_null(REASON_FEW_MONTHS);
        return T0_OK;
    }
    double *series = calloc(3 * n, sizeof *series);
    if (!series)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory for monthly series");
    double *releases = series, *incidents = series + n, *bad = series + 2 * n;
    for (size_t p = 0; p < w->releases.n; p++) {
        long m = month_of(rep, 0, w->releases.at[p]);
        if (m >= 0 && (size_t)m < n)
            releases[m] += 1.0;
    }
    for (size_t q = 0; q < w->incidents.n; q++) {
        long m = month_of(rep, 0, w->incidents.at[q]);
        if (m >= 0 && (size_t)m < n)
            incidents[m] += 1.0;
    }
    for (size_t m = 0; m < n; m++)
        bad[m] = t0_report_month(rep, 0, m)->bad_minutes;

    cor->spearman_releases_incidents = spearman_value(
        releases, incidents, n, REASON_CONST_RELEASES, REASON_CONST_INCIDENTS, &st, err);
    if (st == T0_OK && t0_report_month(rep, 0, 0)->unit == T0_UNIT_EVENTS)
        cor->spearman_releases_bad_minutes = t0_value_null(T0_REASON_EVENTS_SLO);
    else if (st == T0_OK)
        cor->spearman_releases_bad_minutes = spearman_value(
            releases, bad, n, REASON_CONST_RELEASES, REASON_CONST_BAD, &st, err);
    free(series);
    return st;
}

/* Is release p (position) a violation of SLO s? Fills *v when it is. */
static bool violation_of(const struct work *w, size_t p, size_t s, struct t0_violation *v)
{
    const struct t0_report *rep = w->rep;
    const struct t0_release *rel = &rep->data->releases[w->releases.index[p]];
    const struct t0_slo_result *res = &rep->slos[s];
    if (!t0_slo_matches(res->slo, rel->services))
        return false;
    long m = month_of(rep, s, rel->released_at);
    if (m < 0)
        return false;
    const struct t0_slo_window *month = t0_report_month(rep, s, (size_t)m);
    if (month->exhausted_at == T0_NO_TIME || month->exhausted_at > rel->released_at)
        return false;
    if (v) {
        v->release = w->releases.index[p];
        v->slo = (uint32_t)s;
        v->month = month->month;
        v->budget_consumed_pct = t0_sli_ops_of(res->slo)->consumed_at(
            res->slo, res->curve, month, rep->as_of, rel->released_at);
    }
    return true;
}

static enum t0_status find_violations(struct work *w, struct t0_error *err)
{
    struct t0_release_results *out = &w->rep->releases;
    size_t count = 0;
    for (size_t p = 0; p < w->releases.n; p++)
        for (size_t s = 0; s < w->rep->n_slos; s++)
            count += violation_of(w, p, s, NULL);
    out->violations = calloc(count ? count : 1, sizeof *out->violations);
    if (!out->violations)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory for %zu violations",
                            count);
    size_t j = 0;
    for (size_t p = 0; p < w->releases.n; p++)
        for (size_t s = 0; s < w->rep->n_slos; s++)
            j += violation_of(w, p, s, &out->violations[j]);
    out->n_violations = j;
    return T0_OK;
}

/* Releases per calendar day of the period. */
static void count_days(struct work *w)
{
    struct t0_report *rep = w->rep;
    for (size_t d = 0; d < rep->n_days; d++)
        rep->days[d].releases = 0;
    size_t d = 0;
    for (size_t p = 0; p < w->releases.n && rep->n_days; p++) {
        t0_ms t = w->releases.at[p];
        while (d < rep->n_days && rep->days[d].end <= t)
            d++;
        if (d < rep->n_days && rep->days[d].start <= t)
            rep->days[d].releases++;
    }
}

static void reset_results(struct t0_report *rep)
{
    if (rep->releases.releases)
        for (size_t i = 0; i < rep->releases.count; i++)
            free(rep->releases.releases[i].attributed_bad_minutes);
    free(rep->releases.releases);
    free(rep->releases.violations);
    free(rep->correlation.mean_per_day);
    free(rep->correlation.per_slo);
    memset(&rep->releases, 0, sizeof rep->releases);
    memset(&rep->correlation, 0, sizeof rep->correlation);
}

enum t0_status t0_report_correlate(struct t0_report *rep, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    struct work w;
    memset(&w, 0, sizeof w);
    w.rep = rep;
    w.start = rep->period_start;
    w.end = rep->period_end < rep->as_of ? rep->period_end : rep->as_of;
    if (w.end < w.start)
        w.end = w.start;
    w.window = rep->config->window_ms > 0 ? rep->config->window_ms : 0;

    reset_results(rep);
    rep->has_releases = true;
    rep->releases_reason = NULL;
    rep->correlation_reason = NULL;
    rep->correlation.window_hours = rep->config->window_hours;

    chance_span(&w);
    st = collect(&w, err);
    if (st == T0_OK)
        st = alloc_release_figures(&w, err);
    if (st != T0_OK)
        goto cleanup;
    attribute_incidents(&w);
    st = mark_failures(&w, err);
    if (st != T0_OK)
        goto cleanup;
    chance_test(&w);
    st = per_slo_attribution(&w, err);
    if (st == T0_OK)
        st = event_study(&w, err);
    if (st == T0_OK)
        st = monthly_correlation(&w, err);
    if (st == T0_OK)
        st = find_violations(&w, err);
    if (st != T0_OK)
        goto cleanup;
    count_days(&w);
cleanup:
    if (st != T0_OK)
        reset_results(rep);
    sorted_set_free(&w.releases);
    sorted_set_free(&w.incidents);
    service_index_free(&w.release_services);
    service_index_free(&w.incident_services);
    free(w.history);
    return st;
}
