/* maintenance.c: maintenance windows, weekly rules and the merged set M of an SLO
 * (definitions.md §10). */
#include "tierzero/maintenance.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dynbuf.h"
#include "tierzero/config.h"

/* Weekly rules are laid out a little beyond what is asked, so that an
 * occurrence crossing the edge of the range is whole. */
#define WEEKLY_MARGIN (8 * T0_MS_PER_DAY)

const char *t0_maint_kind_name(enum t0_maint_kind kind)
{
    switch (kind) {
    case T0_MAINT_CONFIG:
        return "configuration";
    case T0_MAINT_WEEKLY:
        return "weekly";
    case T0_MAINT_SCHEDULED:
        return "scheduled";
    case T0_MAINT_COMPONENT:
        return "component";
    }
    return "configuration";
}

/* ---- lists ---- */

static bool list_ready(struct t0_maint_list *list)
{
    if (!list->arena)
        list->arena = t0_arena_new();
    return list->arena != NULL;
}

static const char *copy_text(struct t0_arena *arena, const char *s)
{
    return t0_arena_strdup(arena, s ? s : "");
}

static bool copy_services(struct t0_arena *arena, const char *const *services, size_t n,
                          const char *const **out)
{
    *out = NULL;
    if (n == 0)
        return true;
    const char **copy = t0_arena_alloc(arena, n * sizeof *copy);
    if (!copy)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(copy[i] = copy_text(arena, services[i])))
            return false;
    *out = copy;
    return true;
}

struct t0_maint_window *t0_maint_list_add(struct t0_maint_list *list, t0_ms from,
                                          t0_ms to, const char *const *services,
                                          size_t n_services, const char *reason,
                                          const char *origin, const char *id)
{
    if (!list_ready(list) || n_services > UINT32_MAX ||
        !t0_grow((void **)&list->windows, &list->cap_windows, list->n_windows + 1,
                 sizeof *list->windows))
        return NULL;
    struct t0_maint_window *w = &list->windows[list->n_windows];
    memset(w, 0, sizeof *w);
    w->from = from;
    w->to = to;
    w->kind = T0_MAINT_CONFIG;
    w->incident = -1;
    w->updated_at = T0_NO_TIME;
    w->n_services = (uint32_t)n_services;
    if (!copy_services(list->arena, services, n_services, &w->services) ||
        !(w->reason = copy_text(list->arena, reason)) ||
        !(w->origin = copy_text(list->arena, origin)))
        return NULL;
    if (id && !(w->id = copy_text(list->arena, id)))
        return NULL;
    list->n_windows++;
    return w;
}

struct t0_maint_weekly *t0_maint_list_add_weekly(struct t0_maint_list *list,
                                                 const struct t0_maint_weekly *rule)
{
    if (!list_ready(list) || !t0_grow((void **)&list->weekly, &list->cap_weekly,
                                      list->n_weekly + 1, sizeof *list->weekly))
        return NULL;
    struct t0_maint_weekly *w = &list->weekly[list->n_weekly];
    *w = *rule;
    if (!copy_services(list->arena, rule->services, rule->n_services, &w->services) ||
        !(w->reason = copy_text(list->arena, rule->reason)) ||
        !(w->origin = copy_text(list->arena, rule->origin)))
        return NULL;
    list->n_weekly++;
    return w;
}

void t0_maint_list_release(struct t0_maint_list *list)
{
    if (!list)
        return;
    free(list->windows);
    free(list->weekly);
    t0_arena_free(list->arena);
    memset(list, 0, sizeof *list);
}

/* ---- parsing helpers ---- */

bool t0_maint_parse_weekday(const char *text, int *weekday)
{
    static const char *const names[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};
    if (!text)
        return false;
    for (int d = 0; d < 7; d++)
        if (strcasecmp(text, names[d]) == 0 ||
            (strlen(text) == 3 && strncasecmp(text, names[d], 3) == 0)) {
            *weekday = d;
            return true;
        }
    return false;
}

static bool two_digits(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

bool t0_maint_parse_clock(const char *text, bool allow_24, int *minutes)
{
    int h, m;
    if (!text || strlen(text) != 5 || text[2] != ':' || !two_digits(text, &h) ||
        !two_digits(text + 3, &m) || m > 59)
        return false;
    if (h == 24 && m == 0 && allow_24) {
        *minutes = 1440;
        return true;
    }
    if (h > 23)
        return false;
    *minutes = h * 60 + m;
    return true;
}

/* ---- matching ---- */

bool t0_maint_matches(const char *const *services, uint32_t n_services,
                      const struct t0_slo *slo, const struct t0_symtab *symbols)
{
    if (n_services == 0 || slo->all_services)
        return true;
    for (uint32_t i = 0; i < n_services; i++) {
        t0_sym sym;
        if (!symbols || !t0_symtab_find(symbols, services[i], strlen(services[i]), &sym))
            continue;
        struct t0_symlist one = {&sym, 1};
        if (t0_slo_matches(slo, one))
            return true;
    }
    return false;
}

/* ---- weekly rules ---- */

bool t0_maint_weekly_each(const struct t0_maint_weekly *rule, const struct t0_zone *zone,
                          t0_ms lo, t0_ms hi, bool (*fn)(void *ctx, t0_ms from, t0_ms to),
                          void *ctx)
{
    if (hi <= lo)
        return true;
    /* Local dates from two days before lo's to hi's: offsets are under a day. */
    int64_t first = lo / T0_MS_PER_DAY - 2, last = hi / T0_MS_PER_DAY + 2;
    if (lo < 0 && lo % T0_MS_PER_DAY)
        first--;
    /* 1970-01-01 was a Thursday (weekday 3). */
    int64_t shift = ((int64_t)rule->weekday - 3 - first) % 7;
    if (shift < 0)
        shift += 7;
    bool next_day = rule->to_minute <= rule->from_minute || rule->to_minute >= 1440;
    int to_minute = rule->to_minute >= 1440 ? 0 : rule->to_minute;
    for (int64_t d = first + shift; d <= last; d += 7) {
        int y, m, day, y2, m2, day2;
        t0_civil_from_days(d, &y, &m, &day);
        t0_civil_from_days(next_day ? d + 1 : d, &y2, &m2, &day2);
        if (y < 1 || y2 > 9999)
            continue;
        t0_ms from = t0_zone_local_instant(zone, y, m, day, rule->from_minute);
        t0_ms to = t0_zone_local_instant(zone, y2, m2, day2, to_minute);
        if (from < lo || from >= hi || to <= from)
            continue;
        if (!fn(ctx, from, to))
            return false;
    }
    return true;
}

/* ---- building M ---- */

struct piece {
    t0_ms from, to;
    const char *reason;
    size_t order; /* input order, for a stable sort */
};

struct pieces {
    struct piece *items;
    size_t n, cap;
    const char *reason; /* of the weekly rule being laid out */
};

static bool add_piece(struct pieces *p, t0_ms from, t0_ms to, const char *reason)
{
    if (to <= from)
        return true;
    if (!t0_grow((void **)&p->items, &p->cap, p->n + 1, sizeof *p->items))
        return false;
    p->items[p->n] = (struct piece){from, to, reason, p->n};
    p->n++;
    return true;
}

static bool add_weekly_piece(void *ctx, t0_ms from, t0_ms to)
{
    struct pieces *p = ctx;
    return add_piece(p, from, to, p->reason);
}

static int piece_cmp(const void *pa, const void *pb)
{
    const struct piece *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->order < b->order ? -1 : (a->order > b->order);
}

t0_ms t0_maint_incident_end(const struct t0_incident *inc, t0_ms as_of)
{
    return inc->resolved_at == T0_NO_TIME ? as_of : inc->resolved_at;
}

bool t0_maint_window_interval(const struct t0_maint_sources *src,
                              const struct t0_maint_window *w, t0_ms *from, t0_ms *to)
{
    *from = w->from;
    *to = w->to;
    if (w->incident < 0)
        return *to != T0_NO_TIME && *from < *to;
    if (!src->data || (size_t)w->incident >= src->data->n_incidents)
        return false;
    const struct t0_incident *inc = &src->data->incidents[w->incident];
    if (inc->started_at >= src->as_of)
        return false;
    t0_ms end = t0_maint_incident_end(inc, src->as_of);
    if (*from < inc->started_at)
        *from = inc->started_at;
    if (*to == T0_NO_TIME || *to > end)
        *to = end;
    return *from < *to;
}

/* The one-off windows of every list that match slo. */
static bool collect_windows(const struct t0_maint_sources *src, const struct t0_slo *slo,
                            struct pieces *p)
{
    const struct t0_symtab *symbols = src->data ? src->data->symbols : NULL;
    for (size_t l = 0; l < sizeof src->lists / sizeof src->lists[0]; l++) {
        const struct t0_maint_list *list = src->lists[l];
        for (size_t i = 0; list && i < list->n_windows; i++) {
            const struct t0_maint_window *w = &list->windows[i];
            t0_ms from, to;
            if (!t0_maint_matches(w->services, w->n_services, slo, symbols) ||
                !t0_maint_window_interval(src, w, &from, &to))
                continue;
            if (!add_piece(p, from, to, w->reason))
                return false;
        }
    }
    return true;
}

static bool collect_weekly(const struct t0_maint_sources *src, const struct t0_slo *slo,
                           t0_ms lo, t0_ms hi, struct pieces *p)
{
    const struct t0_symtab *symbols = src->data ? src->data->symbols : NULL;
    for (size_t l = 0; l < sizeof src->lists / sizeof src->lists[0]; l++) {
        const struct t0_maint_list *list = src->lists[l];
        for (size_t i = 0; list && i < list->n_weekly; i++) {
            const struct t0_maint_weekly *rule = &list->weekly[i];
            if (!t0_maint_matches(rule->services, rule->n_services, slo, symbols))
                continue;
            p->reason = rule->reason;
            if (!t0_maint_weekly_each(rule, src->zone, lo, hi, add_weekly_piece, p))
                return false;
        }
    }
    return true;
}

static bool has_weekly(const struct t0_maint_sources *src)
{
    for (size_t l = 0; l < sizeof src->lists / sizeof src->lists[0]; l++)
        if (src->lists[l] && src->lists[l]->n_weekly)
            return true;
    return false;
}

/* Does reason already appear as one of the "; "-joined parts of joined? */
static bool has_reason(const char *joined, size_t len, const char *reason)
{
    size_t rl = strlen(reason);
    const char *p = joined, *end = joined + len;
    while (p < end) {
        const char *sep = p;
        while (sep + 1 < end && !(sep[0] == ';' && sep[1] == ' '))
            sep++;
        if (sep + 1 >= end)
            sep = end;
        if ((size_t)(sep - p) == rl && memcmp(p, reason, rl) == 0)
            return true;
        p = sep + 2;
    }
    return false;
}

/* The reasons of pieces [a, b) joined with "; ", each once, in order. */
static const char *join_reasons(struct t0_arena *arena, const struct piece *pc, size_t a,
                                size_t b)
{
    size_t cap = 1;
    for (size_t i = a; i < b; i++)
        cap += strlen(pc[i].reason) + 2;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t len = 0;
    for (size_t i = a; i < b; i++) {
        const char *r = pc[i].reason;
        if (!r[0] || has_reason(buf, len, r))
            continue;
        if (len) {
            memcpy(buf + len, "; ", 2);
            len += 2;
        }
        memcpy(buf + len, r, strlen(r));
        len += strlen(r);
    }
    const char *out = t0_arena_strndup(arena, buf, len);
    free(buf);
    return out;
}

/* Sorts and merges the pieces (touching ones too) into set. */
static bool merge_pieces(struct pieces *p, struct t0_maint_set *set)
{
    if (p->n > 1)
        qsort(p->items, p->n, sizeof *p->items, piece_cmp);
    set->items = malloc((p->n ? p->n : 1) * sizeof *set->items);
    set->before = malloc((p->n + 1) * sizeof *set->before);
    if (!set->items || !set->before)
        return false;
    set->n = 0;
    set->before[0] = 0;
    for (size_t i = 0; i < p->n;) {
        size_t j = i + 1;
        t0_ms to = p->items[i].to;
        while (j < p->n && p->items[j].from <= to) {
            if (p->items[j].to > to)
                to = p->items[j].to;
            j++;
        }
        const char *reason = join_reasons(set->arena, p->items, i, j);
        if (!reason)
            return false;
        set->items[set->n] = (struct t0_maint_interval){p->items[i].from, to, reason};
        set->before[set->n + 1] = set->before[set->n] + (to - p->items[i].from);
        set->n++;
        i = j;
    }
    return true;
}

static void set_clear(struct t0_maint_set *set)
{
    free(set->items);
    free(set->before);
    set->items = NULL;
    set->before = NULL;
    set->n = 0;
}

/* The range over which weekly rules are laid out: [lo, hi) with a margin,
 * widened while a merged interval crosses one of its ends (so that every
 * window forming an interval seen is counted, its reason included). */
static bool widen(const struct t0_maint_set *set, t0_ms *lo, t0_ms *hi)
{
    bool changed = false;
    for (size_t k = 0; k < set->n; k++) {
        const struct t0_maint_interval *iv = &set->items[k];
        if (iv->from < *lo && iv->to >= *lo) {
            *lo = iv->from - WEEKLY_MARGIN;
            changed = true;
        }
        if (iv->to > *hi && iv->from <= *hi) {
            *hi = iv->to + WEEKLY_MARGIN;
            changed = true;
        }
    }
    return changed;
}

enum t0_status t0_maint_set_new(const struct t0_maint_sources *src,
                                const struct t0_slo *slo, struct t0_maint_set **out,
                                struct t0_error *err)
{
    struct t0_maint_set *set = calloc(1, sizeof *set);
    struct pieces fixed = {0}, p = {0};
    *out = NULL;
    if (!set || !(set->arena = t0_arena_new()) || !collect_windows(src, slo, &fixed))
        goto nomem;
    t0_ms lo = src->lo - WEEKLY_MARGIN, hi = src->hi + WEEKLY_MARGIN;
    bool weekly = has_weekly(src);
    for (;;) {
        p.n = 0;
        if (!t0_grow((void **)&p.items, &p.cap, fixed.n, sizeof *p.items))
            goto nomem;
        if (fixed.n)
            memcpy(p.items, fixed.items, fixed.n * sizeof *p.items);
        p.n = fixed.n;
        if (weekly && !collect_weekly(src, slo, lo, hi, &p))
            goto nomem;
        set_clear(set);
        if (!merge_pieces(&p, set))
            goto nomem;
        if (!weekly || !widen(set, &lo, &hi))
            break;
    }
    free(fixed.items);
    free(p.items);
    *out = set;
    return T0_OK;
nomem:
    free(fixed.items);
    free(p.items);
    t0_maint_set_free(set);
    return t0_error_set(err, T0_ENOMEM, "", "",
                        "out of memory merging maintenance windows");
}

void t0_maint_set_free(struct t0_maint_set *set)
{
    if (!set)
        return;
    set_clear(set);
    t0_arena_free(set->arena);
    free(set);
}

size_t t0_maint_set_find(const struct t0_maint_set *set, t0_ms t)
{
    size_t lo = 0, hi = set ? set->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->items[mid].to <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* |M ∩ (-inf, x)|. */
static int64_t measure_before(const struct t0_maint_set *set, t0_ms x)
{
    size_t k = t0_maint_set_find(set, x);
    int64_t m = set->before[k];
    if (k < set->n && set->items[k].from < x)
        m += x - set->items[k].from;
    return m;
}

int64_t t0_maint_set_measure(const struct t0_maint_set *set, t0_ms a, t0_ms b)
{
    if (!set || set->n == 0 || b <= a)
        return 0;
    return measure_before(set, b) - measure_before(set, a);
}

bool t0_maint_set_contains(const struct t0_maint_set *set, t0_ms t)
{
    size_t k = t0_maint_set_find(set, t);
    return set && k < set->n && set->items[k].from <= t;
}
