/* merge.c: incident files of any shape merged into one native NDJSON history
 * (definitions.md §7.1).
 */
#include "tierzero/merge.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tierzero/format.h"
#include "tierzero/maintenance.h"
#include "tierzero/output.h"

/* The maintenance windows of one dataset's incidents (definitions.md §10: a Statuspage
 * incident's under_maintenance components, a native incident's
 * "maintenance"), by incident: those of incident i are
 * windows[start[i], start[i + 1]). */
struct set_maint {
    const struct t0_maint_window **windows;
    size_t *start;
};

/* One kept record: its dataset and its index there. */
struct kept {
    const struct t0_dataset *ds;
    const struct set_maint *maint;
    size_t index;
};

/* One kept maintenance (a scheduled-maintenances.json entry or a history's
 * maintenance line). */
struct kept_maint {
    const struct t0_maint_window *w;
};

struct merge {
    struct t0_dataset **sets;
    struct set_maint *set_maint;
    size_t n_sets;
    struct kept *kept;
    size_t n_kept, kept_cap;
    GHashTable *by_id; /* id (borrowed from a dataset) -> kept index + 1 */
    struct kept_maint *maint;
    size_t n_maint, maint_cap;
    GHashTable *maint_by_key; /* "i" id, or "c" the content when no id -> index + 1 */
};

static t0_ms updated_of(const struct t0_dataset *ds, size_t i)
{
    return ds->updated_at && i < ds->updated_cap ? ds->updated_at[i] : T0_NO_TIME;
}

/* The record of an id already kept gives way unless both have an updated_at
 * and the kept one is the later. */
static bool replaces(const struct kept *old, const struct t0_dataset *ds, size_t i)
{
    t0_ms a = updated_of(old->ds, old->index), b = updated_of(ds, i);
    return !(a != T0_NO_TIME && b != T0_NO_TIME && a > b);
}

static bool keep(struct merge *m, const struct t0_dataset *ds, const struct set_maint *sm,
                 size_t i, struct t0_merge_result *res)
{
    const char *id = ds->incidents[i].id;
    size_t at = GPOINTER_TO_SIZE(g_hash_table_lookup(m->by_id, id));
    if (at) {
        res->replaced++;
        if (replaces(&m->kept[at - 1], ds, i)) {
            m->kept[at - 1] = (struct kept){ds, sm, i};
            g_hash_table_insert(m->by_id, (gpointer)id, GSIZE_TO_POINTER(at));
        }
        return true;
    }
    if (m->n_kept == m->kept_cap) {
        size_t ncap = m->kept_cap ? m->kept_cap * 2 : 1024;
        struct kept *p = realloc(m->kept, ncap * sizeof *p);
        if (!p)
            return false;
        m->kept = p;
        m->kept_cap = ncap;
    }
    m->kept[m->n_kept++] = (struct kept){ds, sm, i};
    g_hash_table_insert(m->by_id, (gpointer)id, GSIZE_TO_POINTER(m->n_kept));
    return true;
}

/* ---- maintenance ---- */

/* The incidents' windows of ds by incident (counting sort, list order kept). */
static bool index_set_maint(const struct t0_dataset *ds, struct set_maint *sm)
{
    const struct t0_maint_list *list = ds->maintenance;
    size_t n = ds->n_incidents, total = 0;
    sm->start = calloc(n + 2, sizeof *sm->start);
    if (!sm->start)
        return false;
    for (size_t k = 0; list && k < list->n_windows; k++) {
        const struct t0_maint_window *w = &list->windows[k];
        if (w->kind == T0_MAINT_COMPONENT && w->incident >= 0 &&
            (size_t)w->incident < n) {
            sm->start[w->incident + 2]++;
            total++;
        }
    }
    for (size_t i = 2; i < n + 2; i++)
        sm->start[i] += sm->start[i - 1];
    sm->windows = malloc((total ? total : 1) * sizeof *sm->windows);
    if (!sm->windows)
        return false;
    for (size_t k = 0; list && k < list->n_windows; k++) {
        const struct t0_maint_window *w = &list->windows[k];
        if (w->kind == T0_MAINT_COMPONENT && w->incident >= 0 && (size_t)w->incident < n)
            sm->windows[sm->start[w->incident + 1]++] = w;
    }
    return true;
}

/* A maintenance's key: its id, else all it says. New. */
static char *maint_key(const struct t0_maint_window *w)
{
    if (w->id)
        return g_strconcat("i", w->id, NULL);
    GString *k = g_string_new("c");
    g_string_append_printf(k, "%lld\n%lld\n%s", (long long)w->from, (long long)w->to,
                           w->reason);
    for (uint32_t i = 0; i < w->n_services; i++)
        g_string_append_printf(k, "\n%s", w->services[i]);
    return g_string_free(k, FALSE);
}

/* One maintenance per id (definitions.md §10): the later updated_at, else the later
 * file's. */
static bool keep_maint(struct merge *m, const struct t0_maint_window *w,
                       struct t0_merge_result *res)
{
    char *key = maint_key(w);
    size_t at = GPOINTER_TO_SIZE(g_hash_table_lookup(m->maint_by_key, key));
    if (at) {
        g_free(key);
        res->replaced++;
        t0_ms a = m->maint[at - 1].w->updated_at, b = w->updated_at;
        if (!(a != T0_NO_TIME && b != T0_NO_TIME && a > b))
            m->maint[at - 1].w = w;
        return true;
    }
    if (m->n_maint == m->maint_cap) {
        size_t ncap = m->maint_cap ? m->maint_cap * 2 : 64;
        struct kept_maint *p = realloc(m->maint, ncap * sizeof *p);
        if (!p) {
            g_free(key);
            return false;
        }
        m->maint = p;
        m->maint_cap = ncap;
    }
    m->maint[m->n_maint++].w = w;
    g_hash_table_insert(m->maint_by_key, key, GSIZE_TO_POINTER(m->n_maint));
    return true;
}

static int compare_maint(const void *a, const void *b)
{
    const struct t0_maint_window *x = ((const struct kept_maint *)a)->w,
                                 *y = ((const struct kept_maint *)b)->w;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    if (!x->id || !y->id)
        return (x->id != NULL) - (y->id != NULL);
    return strcmp(x->id, y->id);
}

static int compare_kept(const void *a, const void *b)
{
    const struct kept *x = a, *y = b;
    const struct t0_incident *p = &x->ds->incidents[x->index],
                             *q = &y->ds->incidents[y->index];
    if (p->started_at != q->started_at)
        return p->started_at < q->started_at ? -1 : 1;
    return strcmp(p->id, q->id);
}

/* ---- one native record ---- */

static void set_time(json_t *o, const char *key, t0_ms t)
{
    char buf[T0_RFC3339_SIZE];
    if (t != T0_NO_TIME)
        json_object_set_new(o, key, json_string(t0_format_utc(t, buf)));
}

static void set_text(json_t *o, const char *key, const char *s)
{
    if (s)
        json_object_set_new(o, key, json_string(s));
}

static json_t *names(const struct t0_dataset *ds, struct t0_symlist l)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < l.count; i++)
        json_array_append_new(a, json_string(t0_symtab_name(ds->symbols, l.items[i])));
    return a;
}

static json_t *segments_json(const struct t0_dataset *ds, const struct t0_incident *inc)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < inc->n_segments; i++) {
        const struct t0_segment *s = &inc->segments[i];
        json_t *o = json_object();
        set_time(o, "from", s->from);
        set_time(o, "to", s->to);
        json_object_set_new(o, "impact", json_string(t0_impact_name(s->impact)));
        if (s->has_services)
            json_object_set_new(o, "services", names(ds, s->services));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *timeline_json(const struct t0_narrative *nar)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < nar->n_timeline; i++) {
        json_t *o = json_object();
        set_time(o, "at", nar->timeline[i].at);
        set_text(o, "status", nar->timeline[i].status);
        set_text(o, "text", nar->timeline[i].text);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *actions_json(const struct t0_narrative *nar)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < nar->n_actions; i++) {
        const struct t0_action_item *x = &nar->actions[i];
        json_t *o = json_object();
        set_text(o, "title", x->title);
        set_text(o, "owner", x->owner);
        set_text(o, "status", x->status);
        set_text(o, "due", x->due);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *window_services(const struct t0_maint_window *w)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < w->n_services; i++)
        json_array_append_new(a, json_string(w->services[i]));
    return a;
}

/* The incident's maintenance windows: {"from", "to" (null: until the
 * incident's end), "services"}. */
static json_t *incident_maintenance_json(const struct set_maint *sm, size_t index)
{
    json_t *a = json_array();
    for (size_t k = sm->start[index]; k < sm->start[index + 1]; k++) {
        const struct t0_maint_window *w = sm->windows[k];
        json_t *o = json_object();
        set_time(o, "from", w->from);
        if (w->to == T0_NO_TIME)
            json_object_set_new(o, "to", json_null());
        else
            set_time(o, "to", w->to);
        if (w->n_services)
            json_object_set_new(o, "services", window_services(w));
        json_array_append_new(a, o);
    }
    return a;
}

/* A maintenance line: {"maintenance": {"id", "name", "from", "to",
 * "services", "updated_at"}}, what t0_maint_read_record reads back. */
static json_t *maintenance_record(const struct t0_maint_window *w)
{
    json_t *o = json_object();
    set_text(o, "id", w->id);
    if (w->reason[0])
        set_text(o, "name", w->reason);
    set_time(o, "from", w->from);
    set_time(o, "to", w->to);
    if (w->n_services)
        json_object_set_new(o, "services", window_services(w));
    set_time(o, "updated_at", w->updated_at);
    json_t *line = json_object();
    json_object_set_new(line, "maintenance", o);
    return line;
}

/* The incident in the native format (definitions.md §2.1), fields in a fixed order. */
static json_t *native_record(const struct kept *k)
{
    const struct t0_dataset *ds = k->ds;
    size_t index = k->index;
    const struct t0_incident *inc = &ds->incidents[index];
    json_t *o = json_object();
    set_text(o, "id", inc->id);
    set_text(o, "title", inc->title);
    json_object_set_new(o, "services", names(ds, inc->services));
    json_object_set_new(o, "impact", json_string(t0_impact_name(inc->impact)));
    set_text(o, "severity", inc->severity);
    set_time(o, "started_at", inc->started_at);
    set_time(o, "detected_at", inc->detected_at);
    set_time(o, "mitigated_at", inc->mitigated_at);
    set_time(o, "resolved_at", inc->resolved_at);
    set_time(o, "updated_at", updated_of(ds, index));
    if (inc->n_caused_by) {
        json_t *a = json_array();
        for (uint32_t i = 0; i < inc->n_caused_by; i++)
            json_array_append_new(a, json_string(inc->caused_by[i]));
        json_object_set_new(o, "caused_by", a);
    }
    set_text(o, "cause", inc->cause);
    const struct t0_narrative *nar = t0_incident_narrative(inc);
    set_text(o, "summary", nar->summary);
    set_text(o, "root_cause", nar->root_cause);
    set_text(o, "trigger", nar->trigger);
    set_text(o, "resolution", nar->resolution);
    set_text(o, "lessons", nar->lessons);
    if (nar->n_timeline)
        json_object_set_new(o, "timeline", timeline_json(nar));
    if (nar->n_actions)
        json_object_set_new(o, "action_items", actions_json(nar));
    if (inc->n_segments)
        json_object_set_new(o, "segments", segments_json(ds, inc));
    if (k->maint->start[index + 1] > k->maint->start[index])
        json_object_set_new(o, "maintenance", incident_maintenance_json(k->maint, index));
    set_text(o, "url", inc->url);
    return o;
}

static enum t0_status write_history(const char *path, const struct merge *m,
                                    struct t0_error *err)
{
    struct t0_atomic out;
    enum t0_status st = t0_atomic_open(&out, path, err);
    if (st != T0_OK)
        return st;
    for (size_t i = 0; i < m->n_kept + m->n_maint; i++) {
        json_t *o = i < m->n_kept ? native_record(&m->kept[i])
                                  : maintenance_record(m->maint[i - m->n_kept].w);
        int rc = o ? json_dumpf(o, out.fp, JSON_COMPACT | JSON_PRESERVE_ORDER) : -1;
        json_decref(o);
        if (rc != 0 || fputc('\n', out.fp) == EOF) {
            t0_atomic_abort(&out);
            return t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to write '%s'",
                                path);
        }
    }
    return t0_atomic_commit(&out, err);
}

/* ---- reading ---- */

/* The history being written, given as an input too, before it exists (or
 * while it holds no incident): an empty history, so that the same command
 * starts a history and keeps it. */
static bool history_not_started(const char *path, const char *out_path)
{
    struct stat st;
    if (strcmp(path, out_path) != 0)
        return false;
    if (stat(path, &st) != 0)
        return errno == ENOENT;
    return S_ISREG(st.st_mode) && st.st_size == 0;
}

static enum t0_status read_all(struct merge *m, const char *out_path,
                               const char *const *files, size_t n,
                               const struct t0_merge_options *opt,
                               struct t0_merge_result *res, struct t0_error *err)
{
    struct t0_limits lim = {0};
    if (opt->limits)
        lim = *opt->limits;
    lim.defer_narrative = false;
    lim.skip_labels = false;
    lim.keep_updated_at = true;
    for (size_t f = 0; f < n; f++) {
        if (history_not_started(files[f], out_path))
            continue;
        struct t0_dataset *ds = t0_dataset_new();
        if (!ds)
            return t0_error_set(err, T0_ENOMEM, files[f], NULL, "out of memory");
        struct set_maint *sm = &m->set_maint[m->n_sets];
        m->sets[m->n_sets++] = ds;
        enum t0_status st = t0_read_incidents(ds, files[f], &lim, err);
        if (st != T0_OK)
            return st;
        if (!index_set_maint(ds, sm))
            return t0_error_set(err, T0_ENOMEM, files[f], NULL, "out of memory");
        const struct t0_input_report *in = &ds->incidents_input;
        if (opt->on_file)
            opt->on_file(opt->ctx, in);
        res->read += in->read;
        res->rejected += in->rejected;
        if (opt->strict && in->rejected)
            return t0_error_set(err, T0_EINPUT, in->source, NULL,
                                "%zu rejected record%s (--strict)", in->rejected,
                                in->rejected == 1 ? "" : "s");
        /* A file whose every record was rejected was not understood: the
         * history is left as it was rather than kept without it. */
        if (in->read > 0 && in->accepted == 0)
            return t0_error_set(
                err, T0_EINPUT, in->source, NULL,
                "none of the %zu record%s read %s accepted; nothing written", in->read,
                in->read == 1 ? "" : "s", in->read == 1 ? "was" : "were");
        for (size_t i = 0; i < ds->n_incidents; i++)
            if (!keep(m, ds, sm, i, res))
                return t0_error_set(err, T0_ENOMEM, files[f], NULL, "out of memory");
        for (size_t k = 0; ds->maintenance && k < ds->maintenance->n_windows; k++)
            if (ds->maintenance->windows[k].kind == T0_MAINT_SCHEDULED &&
                !keep_maint(m, &ds->maintenance->windows[k], res))
                return t0_error_set(err, T0_ENOMEM, files[f], NULL, "out of memory");
    }
    return T0_OK;
}

/* Leaves out the records (incidents and maintenances) that start before since. */
static void drop_before(struct merge *m, t0_ms since, struct t0_merge_result *res)
{
    if (since == T0_NO_TIME)
        return;
    size_t w = 0;
    for (size_t i = 0; i < m->n_maint; i++) {
        if (m->maint[i].w->from < since)
            res->before++;
        else
            m->maint[w++] = m->maint[i];
    }
    m->n_maint = w;
    w = 0;
    for (size_t i = 0; i < m->n_kept; i++) {
        if (m->kept[i].ds->incidents[m->kept[i].index].started_at < since)
            res->before++;
        else
            m->kept[w++] = m->kept[i];
    }
    m->n_kept = w;
}

enum t0_status t0_merge_write(const char *out_path, const char *const *files, size_t n,
                              const struct t0_merge_options *opt,
                              struct t0_merge_result *res, struct t0_error *err)
{
    struct merge m;
    memset(&m, 0, sizeof m);
    memset(res, 0, sizeof *res);
    enum t0_status st = T0_OK;
    m.sets = calloc(n ? n : 1, sizeof *m.sets);
    m.set_maint = calloc(n ? n : 1, sizeof *m.set_maint);
    m.by_id = g_hash_table_new(g_str_hash, g_str_equal);
    m.maint_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!m.sets || !m.set_maint) {
        st = t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
        goto cleanup;
    }
    if ((st = read_all(&m, out_path, files, n, opt, res, err)) != T0_OK)
        goto cleanup;
    drop_before(&m, opt->since, res);
    if (m.n_kept > 1)
        qsort(m.kept, m.n_kept, sizeof *m.kept, compare_kept);
    if (m.n_maint > 1)
        qsort(m.maint, m.n_maint, sizeof *m.maint, compare_maint);
    res->written = m.n_kept;
    res->maintenances = m.n_maint;
    st = write_history(out_path, &m, err);
cleanup:
    for (size_t i = 0; i < m.n_sets; i++) {
        t0_dataset_free(m.sets[i]);
        free(m.set_maint[i].windows);
        free(m.set_maint[i].start);
    }
    free(m.sets);
    free(m.set_maint);
    free(m.kept);
    free(m.maint);
    g_hash_table_destroy(m.by_id);
    g_hash_table_destroy(m.maint_by_key);
    return st;
}
