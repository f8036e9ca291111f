/* formats.c: the tables of incident and release formats, and per-record detection. */
#include <string.h>

#include "ingest_private.h"

/* Indexed by enum t0_fmt; the order of definitions.md §7.1's per-record detection is
 * the order of `detect_order`. Adding a format: a fmt_<name>.c, a row here. */
static const struct t0_incident_format *const formats[T0_FMT_COUNT] = {
    [T0_FMT_NATIVE] = &t0_fmt_native,
    [T0_FMT_STATUSPAGE] = &t0_fmt_statuspage,
    [T0_FMT_PAGERDUTY] = &t0_fmt_pagerduty,
    [T0_FMT_INCIDENTIO] = &t0_fmt_incidentio,
    [T0_FMT_GCP] = &t0_fmt_gcp,
    [T0_FMT_CSV] = &t0_fmt_csv,
};

/* definitions.md §7.1: Statuspage, PagerDuty, incident.io, Google Cloud, else native. */
static const enum t0_fmt detect_order[] = {T0_FMT_STATUSPAGE, T0_FMT_PAGERDUTY,
                                           T0_FMT_INCIDENTIO, T0_FMT_GCP};

static const struct t0_release_format *const release_formats[T0_RFMT_COUNT] = {
    [T0_RFMT_NATIVE] = &t0_rfmt_native, [T0_RFMT_GITHUB] = &t0_rfmt_github,
    [T0_RFMT_GITLAB] = &t0_rfmt_gitlab, [T0_RFMT_DEPLOYMENT] = &t0_rfmt_deployment,
    [T0_RFMT_ARGOCD] = &t0_rfmt_argocd,
};

const struct t0_incident_format *t0_incident_format_get(int fmt)
{
    return fmt >= 0 && fmt < T0_FMT_COUNT && formats[fmt] ? formats[fmt]
                                                          : formats[T0_FMT_NATIVE];
}

static bool object_has(const void *rec, const char *key)
{
    return json_object_get(rec, key) != NULL;
}

int t0_incident_format_detect(json_t *o)
{
    if (!json_is_object(o))
        return T0_FMT_NATIVE;
    return t0_incident_format_detect_keys(object_has, o);
}

int t0_incident_format_detect_keys(t0_has_key_fn has, const void *rec)
{
    for (size_t i = 0; i < sizeof detect_order / sizeof detect_order[0]; i++)
        if (formats[detect_order[i]]->probe(has, rec))
            return (int)detect_order[i];
    return T0_FMT_NATIVE;
}

/* ---- what each format reads (json_prune.h) ---- */

/* Read of every record whatever its format: a history's maintenance
 * (is_maintenance_record in ingest.c). */
static const char *const read_by_all[] = {"maintenance", NULL};

bool t0_prune_plan_init(struct t0_prune_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    for (int f = 0; f < T0_FMT_COUNT; f++) {
        if (!formats[f]->reads)
            continue;
        plan->spec[f] = t0_jp_spec_new(formats[f]->reads);
        if (!plan->spec[f] || !t0_jp_spec_add(plan->spec[f], read_by_all)) {
            t0_prune_plan_release(plan);
            return false;
        }
    }
    return true;
}

void t0_prune_plan_release(struct t0_prune_plan *plan)
{
    for (int f = 0; f < T0_FMT_COUNT; f++) {
        t0_jp_spec_free(plan->spec[f]);
        plan->spec[f] = NULL;
    }
}

struct members {
    const struct t0_jp_member *m;
    int n;
};

static bool members_have(const void *rec, const char *key)
{
    const struct members *k = rec;
    return t0_jp_has(k->m, k->n, key);
}

/* The format of the members' record (definitions.md §7.1), by their keys. */
static int format_of(const struct t0_jp_member *m, int n)
{
    struct members keys = {m, n};
    return t0_incident_format_detect_keys(members_have, &keys);
}

/* Records whose formats are each their own (NDJSON, a bare array) are seldom
 * mixed. *memo: 0 nothing known yet in this batch; f + 1, the last record
 * was of format f, so the next is rewritten for f in one pass and its keys
 * then confirm the guess (else it is looked at again); -1, a record was of a
 * format that reads everything, and the rest of the batch is parsed whole, so
 * a native history pays for looking at the keys of one record in a batch. */
bool t0_prune_record(const void *ctx, const struct t0_pp_record *rec, const char *bytes,
                     struct t0_dynbuf *out, int *memo)
{
    const struct t0_prune_plan *plan = ctx;
    int fmt = rec->hint;
    if (fmt == T0_PRUNE_NONE || (fmt == T0_PRUNE_EACH && *memo < 0) ||
        (fmt >= 0 && (fmt >= T0_FMT_COUNT || !plan->spec[fmt])))
        return false;
    if (fmt >= 0)
        return t0_jp_prune(plan->spec[fmt], bytes, rec->length, out, NULL, 0, NULL);
    struct t0_jp_member m[T0_JP_MAX_MEMBERS];
    int n;
    if (*memo > 0 &&
        t0_jp_prune(plan->spec[*memo - 1], bytes, rec->length, out, m, T0_JP_MAX_MEMBERS,
                    &n) &&
        format_of(m, n) == *memo - 1)
        return true;
    n = t0_jp_members(bytes, rec->length, m, T0_JP_MAX_MEMBERS);
    if (n < 0)
        return false;
    fmt = format_of(m, n);
    *memo = plan->spec[fmt] ? fmt + 1 : -1;
    return plan->spec[fmt] && t0_jp_prune_members(plan->spec[fmt], m, n, out);
}

const struct t0_release_format *t0_release_format_get(int fmt)
{
    return fmt >= 0 && fmt < T0_RFMT_COUNT ? release_formats[fmt]
                                           : release_formats[T0_RFMT_NATIVE];
}
