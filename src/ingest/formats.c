/* formats.c: the tables of incident and release formats, and per-record detection. */
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

int t0_incident_format_detect(json_t *o)
{
    if (!json_is_object(o))
        return T0_FMT_NATIVE;
    for (size_t i = 0; i < sizeof detect_order / sizeof detect_order[0]; i++)
        if (formats[detect_order[i]]->probe(o))
            return (int)detect_order[i];
    return T0_FMT_NATIVE;
}

const struct t0_release_format *t0_release_format_get(int fmt)
{
    return fmt >= 0 && fmt < T0_RFMT_COUNT ? release_formats[fmt]
                                           : release_formats[T0_RFMT_NATIVE];
}
