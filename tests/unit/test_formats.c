/* test_formats.c: the format table: per-record shapes, gzip, the vendor mappings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/ingest.h"

#define DATA T0_TEST_DATA "/formats/"

/* 2026-03-01 is day 20513 since 1970-01-01; midnight = 1,772,323,200,000 ms. */
#define MS_2026_03_01 INT64_C(1772323200000)
#define MIN INT64_C(60000)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static struct t0_dataset *read_file(const char *path, const struct t0_limits *lim,
                                    enum t0_status *st, struct t0_error *err)
{
    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    t0_error_clear(err);
    *st = t0_read_incidents(ds, path, lim, err);
    return ds;
}

static struct t0_dataset *read_ok(const char *path, const struct t0_limits *lim)
{
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_file(path, lim, &st, &err);
    if (st != T0_OK)
        fail_msg("%s: %s", path, err.text);
    return ds;
}

static const char *sym(const struct t0_dataset *ds, const struct t0_symlist *l,
                       uint32_t i)
{
    assert_true(i < l->count);
    return t0_symtab_name(ds->symbols, l->items[i]);
}

static void assert_counts(const struct t0_input_report *in, size_t read, size_t acc,
                          size_t rej)
{
    assert_int_equal(in->read, read);
    assert_int_equal(in->accepted, acc);
    assert_int_equal(in->rejected, rej);
}

static const struct t0_incident *find(const struct t0_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_incidents; i++)
        if (strcmp(ds->incidents[i].id, id) == 0)
            return &ds->incidents[i];
    fail_msg("no incident %s", id);
    return NULL;
}

/* ---- per-record shapes (definitions.md §7.1, rule 11.1) ---- */

/* Two Statuspage records and a native one, as read from any framing. */
static void assert_mixed_records(const struct t0_dataset *ds)
{
    assert_counts(&ds->incidents_input, 3, 3, 0);
    const struct t0_incident *a = find(ds, "sp1");
    assert_string_equal(a->title, "Degraded API");
    assert_int_equal(a->impact, T0_IMPACT_DEGRADED);            /* minor */
    assert_int_equal(a->started_at, MS_2026_03_01 + 10 * HOUR); /* created_at */
    assert_int_equal(a->resolved_at, MS_2026_03_01 + 11 * HOUR);
    assert_string_equal(a->url, "https://stspg.io/1");
    assert_int_equal(a->services.count, 1);
    assert_string_equal(sym(ds, &a->services, 0), "API");
    assert_int_equal(find(ds, "sp2")->impact, T0_IMPACT_MAJOR); /* critical */
    const struct t0_incident *n = find(ds, "n1");
    assert_int_equal(n->impact, T0_IMPACT_PARTIAL);
    assert_int_equal(n->started_at, MS_2026_03_01 + 2 * DAY + 10 * HOUR);
    const struct t0_input_report *in = &ds->incidents_input;
    assert_int_equal(in->n_shapes, 2);
    assert_string_equal(in->shapes[0].shape, "statuspage");
    assert_int_equal(in->shapes[0].first, 0);
    assert_int_equal(in->shapes[0].count, 2);
    assert_string_equal(in->shapes[1].shape, "native");
    assert_int_equal(in->shapes[1].first, 2);
}

static void test_per_record_ndjson(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "statuspage-records.ndjson", NULL);
    assert_string_equal(ds->incidents_input.format, "ndjson");
    assert_mixed_records(ds);
    t0_dataset_free(ds);
}

static void test_per_record_array(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "statuspage-records.json", NULL);
    assert_string_equal(ds->incidents_input.format, "native-array");
    assert_mixed_records(ds);
    t0_dataset_free(ds);
}

/* {"incidents": [...]} without limit/offset/more/pagination_meta is native
 * for every record (definitions.md rule 11.1), whatever a record's keys. */
static void test_per_record_not_in_native_object(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "native-holding-statuspage.json", NULL);
    assert_counts(&ds->incidents_input, 1, 0, 1);
    assert_string_equal(ds->incidents_input.rejected_records[0].reason,
                        "incidents[0].title: missing required field");
    t0_dataset_free(ds);
}

static void test_per_record_single_object(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "statuspage-single-object.json", NULL);
    assert_counts(&ds->incidents_input, 1, 1, 0);
    assert_int_equal(ds->incidents[0].impact, T0_IMPACT_PARTIAL); /* major */
    assert_string_equal(ds->incidents_input.shapes[0].shape, "statuspage");
    t0_dataset_free(ds);
}

/* Deferred narratives are read back with the record's own format. */
static void test_per_record_narrative_read_back(void **state)
{
    (void)state;
    struct t0_limits lim = {.defer_narrative = true};
    struct t0_dataset *ds = read_ok(DATA "statuspage-records.json", &lim);
    struct t0_error err;
    t0_error_clear(&err);
    for (size_t i = 0; i < ds->n_incidents; i++)
        assert_int_equal(t0_load_narrative(ds, i, &err), T0_OK);
    t0_dataset_free(ds);
}

/* ---- gzip (definitions.md rule 11.1: by its magic bytes) ---- */

static void test_gzip_file(void **state)
{
    (void)state;
    struct t0_limits lim = {.defer_narrative = true};
    struct t0_dataset *ds = read_ok(DATA "statuspage-records.ndjson.gz", &lim);
    assert_string_equal(ds->incidents_input.format, "ndjson");
    assert_mixed_records(ds);
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_load_narrative(ds, 0, &err), T0_OK);
    t0_dataset_free(ds);
}

static void test_gzip_truncated(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_file(DATA "truncated.json.gz", NULL, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_non_null(strstr(err.text, "gzip"));
    t0_dataset_free(ds);
}

/* The inflated size counts against max_input_bytes. */
static void test_gzip_cap(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_limits lim = {.max_input_bytes = 100};
    struct t0_dataset *ds =
        read_file(DATA "statuspage-records.ndjson.gz", &lim, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_non_null(strstr(err.text, "max_input_bytes"));
    t0_dataset_free(ds);
}

/* ---- PagerDuty (definitions.md §7.1, rule 11.2) ---- */

static const struct t0_rejected *rejected_id(const struct t0_dataset *ds, const char *id)
{
    const struct t0_input_report *in = &ds->incidents_input;
    for (size_t i = 0; i < in->rejected; i++)
        if (in->rejected_records[i].id && strcmp(in->rejected_records[i].id, id) == 0)
            return &in->rejected_records[i];
    fail_msg("%s was not rejected", id);
    return NULL;
}

static void test_pagerduty_list(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "pagerduty-incidents.json", NULL);
    assert_string_equal(ds->incidents_input.format, "pagerduty");
    assert_counts(&ds->incidents_input, 5, 4, 1);
    /* P1, resolved_at absent: last_status_change_at as the status is resolved. */
    const struct t0_incident *a = find(ds, "PT4KHLK");
    assert_string_equal(a->title, "The server is on fire.");
    assert_int_equal(a->impact, T0_IMPACT_MAJOR);
    assert_int_equal(a->started_at, MS_2026_03_01 + 10 * HOUR);
    assert_int_equal(a->detected_at, a->started_at);
    assert_int_equal(a->mitigated_at, T0_NO_TIME);
    assert_int_equal(a->resolved_at, MS_2026_03_01 + 11 * HOUR + 30 * MIN);
    assert_string_equal(sym(ds, &a->services, 0), "Checkout API");
    assert_string_equal(a->url, "https://example.pagerduty.com/incidents/PT4KHLK");
    assert_string_equal(a->severity, "P1"); /* the priority's name, as a label */
    /* No priority: urgency high is a partial outage; triggered is ongoing. */
    const struct t0_incident *b = find(ds, "PT4KHLL");
    assert_int_equal(b->impact, T0_IMPACT_PARTIAL);
    assert_int_equal(b->resolved_at, T0_NO_TIME);
    /* P3 is degraded; "p2" compares without case; no service, no services. */
    assert_int_equal(find(ds, "PT4KHLM")->impact, T0_IMPACT_DEGRADED);
    assert_int_equal(find(ds, "PT4KHLM")->resolved_at,
                     MS_2026_03_01 + 2 * DAY + 9 * HOUR + 45 * MIN);
    assert_int_equal(find(ds, "PT4KHLO")->impact, T0_IMPACT_PARTIAL);
    assert_int_equal(find(ds, "PT4KHLO")->services.count, 0);
    /* No priority and an urgency other than high or low. */
    assert_string_equal(
        rejected_id(ds, "PT4KHLN")->reason,
        "incidents[3].urgency: no priority and urgency \"medium\": expected a "
        "priority, or urgency high or low");
    t0_dataset_free(ds);
}

/* import.impact is consulted before the built-in mapping. */
static void test_pagerduty_import_impact(void **state)
{
    (void)state;
    struct t0_import_impact map[] = {{(char *)"p3", T0_IMPACT_PARTIAL},
                                     {(char *)"P1", T0_IMPACT_NONE}};
    struct t0_import im = {.impact = map, .n_impact = 2};
    struct t0_limits lim = {.import = &im};
    struct t0_dataset *ds = read_ok(DATA "pagerduty-incidents.json", &lim);
    assert_int_equal(find(ds, "PT4KHLM")->impact, T0_IMPACT_PARTIAL);
    assert_int_equal(find(ds, "PT4KHLK")->impact, T0_IMPACT_NONE);
    t0_dataset_free(ds);
}

/* ---- incident.io (definitions.md §7.1, rules 11.2 and 11.14) ---- */

static void test_incidentio_list(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "incidentio-incidents.json", NULL);
    assert_string_equal(ds->incidents_input.format, "incidentio");
    assert_counts(&ds->incidents_input, 8, 4, 4);
    const struct t0_incident *a = find(ds, "INC-1");
    assert_string_equal(a->title, "Our database is sad");
    assert_int_equal(a->impact, T0_IMPACT_MAJOR);               /* Critical */
    assert_int_equal(a->started_at, MS_2026_03_01 + 10 * HOUR); /* Impact started */
    assert_int_equal(a->detected_at, MS_2026_03_01 + 10 * HOUR + 5 * MIN); /* Reported */
    assert_int_equal(a->mitigated_at,
                     MS_2026_03_01 + 10 * HOUR + 30 * MIN);      /* Stabilised */
    assert_int_equal(a->resolved_at, MS_2026_03_01 + 11 * HOUR); /* Resolved */
    assert_int_equal(a->services.count, 2);
    assert_string_equal(sym(ds, &a->services, 0), "API");
    assert_string_equal(sym(ds, &a->services, 1), "Web");
    assert_string_equal(a->url, "https://app.incident.io/incidents/1");
    assert_string_equal(a->severity, "Critical");
    /* Ranks of the file: 5, 3, 2, 1 (every record's, rejected ones too). */
    const struct t0_incident *c = find(ds, "INC-3");
    assert_int_equal(c->impact, T0_IMPACT_MAJOR);
    assert_int_equal(c->started_at, MS_2026_03_01 + 2 * DAY + 10 * HOUR); /* created_at */
    assert_int_equal(c->resolved_at, T0_NO_TIME);                         /* live */
    assert_int_equal(find(ds, "INC-4")->impact, T0_IMPACT_DEGRADED);
    const struct t0_incident *e = find(ds, "INC-5");
    assert_int_equal(e->impact, T0_IMPACT_PARTIAL);
    assert_int_equal(e->resolved_at,
                     MS_2026_03_01 + 4 * DAY + 13 * HOUR); /* Closed, learning */
    assert_string_equal(rejected_id(ds, "INC-2")->reason,
                        "incidents[1].mode: a test incident, not a real one");
    assert_string_equal(rejected_id(ds, "INC-8")->reason,
                        "incidents[7].mode: a tutorial incident, not a real one");
    assert_non_null(
        strstr(rejected_id(ds, "INC-6")->reason, "without a Resolved or Closed"));
    assert_string_equal(rejected_id(ds, "INC-7")->reason,
                        "incidents[6].incident_status.category: a declined incident");
    t0_dataset_free(ds);
}

/* import.timestamps replaces the built-in names; services_field names the custom field.
 */
static void test_incidentio_import(void **state)
{
    (void)state;
    char *started[] = {(char *)"Reported"};
    struct t0_import im = {.services_field = (char *)"team"};
    im.timestamps[0] = started;
    im.n_timestamps[0] = 1;
    struct t0_limits lim = {.import = &im};
    struct t0_dataset *ds = read_ok(DATA "incidentio-incidents.json", &lim);
    const struct t0_incident *a = find(ds, "INC-1");
    assert_int_equal(a->started_at, MS_2026_03_01 + 10 * HOUR + 5 * MIN);
    assert_int_equal(a->services.count, 1);
    assert_string_equal(sym(ds, &a->services, 0), "Platform");
    t0_dataset_free(ds);
}

/* ---- Google Cloud status (definitions.md §7.1, rules 11.2 and 11.14) ---- */

static void test_gcp_array(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "gcp-incidents.json", NULL);
    assert_counts(&ds->incidents_input, 3, 2, 1);
    assert_string_equal(ds->incidents_input.format, "gcp-status-array");
    assert_string_equal(ds->incidents_input.shapes[0].shape, "gcp-status");
    const struct t0_incident *a = find(ds, "gcpInc1");
    assert_string_equal(a->title, "Elevated error rates for Cloud Storage");
    assert_int_equal(a->impact, T0_IMPACT_MAJOR);
    assert_int_equal(a->started_at, MS_2026_03_01 + 10 * HOUR);
    assert_int_equal(a->detected_at, MS_2026_03_01 + 10 * HOUR + 20 * MIN);
    assert_int_equal(a->resolved_at, MS_2026_03_01 + 12 * HOUR);
    assert_int_equal(a->services.count, 2);
    assert_string_equal(sym(ds, &a->services, 0), "Cloud Storage");
    assert_string_equal(sym(ds, &a->services, 1), "Cloud CDN");
    assert_string_equal(a->url, "https://status.cloud.google.com/incidents/gcpInc1");
    /* updates, oldest first */
    const struct t0_narrative *na = t0_incident_narrative(a);
    assert_int_equal(na->n_timeline, 2);
    assert_string_equal(na->timeline[0].text, "We are investigating.");
    assert_int_equal(na->timeline[1].at, MS_2026_03_01 + 12 * HOUR);
    /* No status_impact: severity medium; no product titles: service_name. */
    const struct t0_incident *b = find(ds, "gcpInc2");
    assert_int_equal(b->impact, T0_IMPACT_PARTIAL);
    assert_int_equal(b->resolved_at, T0_NO_TIME);
    assert_string_equal(sym(ds, &b->services, 0), "Compute Engine");
    assert_string_equal(rejected_id(ds, "gcpInc3")->reason,
                        "[2].end: end \"2026-03-03T05:00:00+00:00\" is before begin "
                        "\"2026-03-03T06:00:00+00:00\"");
    t0_dataset_free(ds);
}

/* status_impact first: the import map, then the built-in names. */
static void test_gcp_import_status_impact(void **state)
{
    (void)state;
    struct t0_import_impact map[] = {{(char *)"service_outage", T0_IMPACT_PARTIAL}};
    struct t0_import im = {.impact = map, .n_impact = 1};
    struct t0_limits lim = {.import = &im, .defer_narrative = true};
    struct t0_dataset *ds = read_ok(DATA "gcp-incidents.json", &lim);
    assert_int_equal(find(ds, "gcpInc1")->impact, T0_IMPACT_PARTIAL);
    struct t0_error err;
    t0_error_clear(&err);
    assert_null(ds->incidents[0].narrative); /* deferred: none in memory yet */
    assert_int_equal(t0_load_narrative(ds, 0, &err), T0_OK);
    assert_int_equal(t0_incident_narrative(&ds->incidents[0])->n_timeline, 2);
    t0_dataset_free(ds);
}

/* ---- CSV (definitions.md §7.1, rules 11.1, 11.3 and 11.14) ---- */

static void test_csv_rows(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "incidents.csv", NULL);
    assert_string_equal(ds->incidents_input.format, "csv");
    assert_counts(&ds->incidents_input, 4, 2, 2);
    /* A quoted comma; header names trimmed, any case; times and services trimmed. */
    const struct t0_incident *a = find(ds, "CSV-1");
    assert_string_equal(a->title, "Checkout down, payments failing");
    assert_int_equal(a->impact, T0_IMPACT_MAJOR);
    assert_int_equal(a->started_at, MS_2026_03_01 + 10 * HOUR);
    assert_int_equal(a->resolved_at, MS_2026_03_01 + 10 * HOUR + 45 * MIN);
    assert_int_equal(a->services.count, 2);
    assert_string_equal(sym(ds, &a->services, 0), "API");
    assert_string_equal(sym(ds, &a->services, 1), "Web");
    assert_string_equal(a->url, "https://example.com/1");
    /* A doubled quote and a CRLF inside a quoted cell; empty cells are absent. */
    const struct t0_incident *b = find(ds, "CSV-2");
    assert_string_equal(b->title, "Quote \"inside\" and a\r\nline break");
    assert_int_equal(b->resolved_at, T0_NO_TIME);
    assert_int_equal(b->services.count, 0);
    assert_null(b->url);
    /* Rows counted from 0 among data rows (the blank line is none). */
    const struct t0_rejected *r = &ds->incidents_input.rejected_records[0];
    assert_int_equal(r->index, 2);
    assert_int_equal(r->line, 6);
    assert_string_equal(r->reason, "line 6: 3 cells, but the header has 8");
    assert_string_equal(rejected_id(ds, "CSV-4")->reason,
                        "line 7: impact: unknown impact \"sev1\": expected none, "
                        "degraded_performance, partial_outage or major_outage");
    t0_dataset_free(ds);
}

static void test_csv_rfc4180_violation(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_file(DATA "bad-quote.csv", NULL, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 8);
    assert_non_null(strstr(err.text, "a quote inside an unquoted cell"));
    assert_int_equal(ds->n_incidents, 0); /* nothing of the file is kept */
    t0_dataset_free(ds);
    ds = read_file(DATA "unclosed.txt", NULL, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_int_equal(err.line, 2);
    t0_dataset_free(ds);
}

/* Without a .csv name: a first line holding id and started_at. */
static void test_csv_by_header(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "by-header.txt", NULL);
    assert_string_equal(ds->incidents_input.format, "csv");
    assert_counts(&ds->incidents_input, 1, 1, 0);
    assert_string_equal(ds->incidents[0].title, "By header");
    t0_dataset_free(ds);
}

/* ---- release sources (definitions.md §7.2, rules 11.1, 11.4 and 11.14) ---- */

static struct t0_dataset *read_releases_ok(const char *path, const struct t0_limits *lim)
{
    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    struct t0_error err;
    t0_error_clear(&err);
    if (t0_read_releases(ds, path, lim, &err) != T0_OK)
        fail_msg("%s: %s", path, err.text);
    return ds;
}

/* A tag_name record with released_at and no published_at is GitLab. */
static void test_releases_gitlab(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_releases_ok(DATA "gitlab-releases.json", NULL);
    assert_counts(&ds->releases_input, 3, 3, 0);
    assert_string_equal(ds->releases[0].id, "v1.2.0");
    assert_string_equal(ds->releases[0].name, "Release 1.2");
    assert_int_equal(ds->releases[0].released_at, MS_2026_03_01 + 9 * HOUR);
    assert_string_equal(ds->releases[0].url,
                        "https://gitlab.example.com/group/project/-/releases/v1.2.0");
    assert_int_equal(ds->releases[1].released_at, MS_2026_03_01 + 9 * DAY + 9 * HOUR);
    assert_null(ds->releases[1].url);
    assert_string_equal(ds->releases[2].id, "v2.0.0");
    assert_int_equal(ds->releases[2].released_at, MS_2026_03_01 + 11 * DAY + 9 * HOUR);
    assert_string_equal(ds->releases_input.shapes[0].shape, "gitlab");
    assert_string_equal(ds->releases_input.shapes[1].shape, "github");
    t0_dataset_free(ds);
}

/* Numeric ids become their decimal text; another environment is accepted
 * but left out of every figure. */
static void test_releases_deployments(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_releases_ok(DATA "deployments.json", NULL);
    assert_string_equal(ds->releases_input.format, "github-deployments");
    assert_counts(&ds->releases_input, 4, 3, 1);
    assert_int_equal(ds->releases_input.left_out, 1);
    assert_int_equal(ds->n_releases, 2);
    assert_string_equal(ds->releases[0].id, "1");
    assert_string_equal(ds->releases[0].name, "topic-branch");
    assert_int_equal(ds->releases[0].released_at, MS_2026_03_01 + 12 * HOUR);
    assert_null(ds->releases[0].url);
    assert_string_equal(ds->releases[1].id, "3");
    assert_string_equal(ds->releases_input.rejected_records[0].id, "4");
    assert_string_equal(ds->releases_input.rejected_records[0].reason,
                        "[3].created_at: expected an RFC 3339 time with offset, got "
                        "\"yesterday\"");
    t0_dataset_free(ds);

    struct t0_limits lim = {.environment = "staging"};
    ds = read_releases_ok(DATA "deployments.json", &lim);
    assert_int_equal(ds->n_releases, 1);
    assert_string_equal(ds->releases[0].id, "2");
    assert_int_equal(ds->releases_input.left_out, 2);
    t0_dataset_free(ds);
}

static void assert_argocd(const struct t0_dataset *ds)
{
    assert_string_equal(ds->releases_input.format, "argocd");
    assert_counts(&ds->releases_input, 2, 2, 0);
    assert_string_equal(ds->releases[0].id, "0");
    assert_string_equal(ds->releases[0].name, "4e6e9b8f1f1d3e5a2d9c3b0e1c8d9f0a1b2c3d4e");
    assert_int_equal(ds->releases[0].released_at, MS_2026_03_01 + 8 * HOUR);
    assert_string_equal(ds->releases[1].id, "1");
    assert_int_equal(ds->releases[1].released_at, MS_2026_03_01 + 4 * DAY + 8 * HOUR);
}

static void test_releases_argocd(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_releases_ok(DATA "argocd-application.json", NULL);
    assert_argocd(ds);
    t0_dataset_free(ds);
    ds = read_releases_ok(DATA "argocd-history.json", NULL);
    assert_argocd(ds);
    t0_dataset_free(ds);
}

/* A vendor field of the wrong JSON type rejects the record (definitions.md rule 11.14);
 * each NDJSON line has the shape its keys say. */
static void test_vendor_wrong_types(void **state)
{
    (void)state;
    struct t0_dataset *ds = read_ok(DATA "wrong-types.ndjson", NULL);
    assert_counts(&ds->incidents_input, 4, 1, 3);
    assert_string_equal(rejected_id(ds, "PD1")->reason,
                        "line 1: html_url: expected a string, got an array");
    assert_string_equal(rejected_id(ds, "g1")->reason,
                        "line 2: updates: expected a list, got an object");
    assert_string_equal(rejected_id(ds, "INC-9")->reason,
                        "line 3: custom_field_entries: expected a list, got \"Affected "
                        "services\"");
    assert_int_equal(find(ds, "PD2")->impact, T0_IMPACT_DEGRADED); /* urgency low */
    const struct t0_input_report *in = &ds->incidents_input;
    assert_int_equal(in->n_shapes, 4);
    assert_string_equal(in->shapes[0].shape, "pagerduty");
    assert_string_equal(in->shapes[1].shape, "gcp-status");
    assert_string_equal(in->shapes[2].shape, "incidentio");
    assert_string_equal(in->shapes[3].shape, "pagerduty");
    t0_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_record_ndjson),
        cmocka_unit_test(test_per_record_array),
        cmocka_unit_test(test_per_record_not_in_native_object),
        cmocka_unit_test(test_per_record_single_object),
        cmocka_unit_test(test_per_record_narrative_read_back),
        cmocka_unit_test(test_gzip_file),
        cmocka_unit_test(test_gzip_truncated),
        cmocka_unit_test(test_gzip_cap),
        cmocka_unit_test(test_pagerduty_list),
        cmocka_unit_test(test_pagerduty_import_impact),
        cmocka_unit_test(test_incidentio_list),
        cmocka_unit_test(test_incidentio_import),
        cmocka_unit_test(test_gcp_array),
        cmocka_unit_test(test_gcp_import_status_impact),
        cmocka_unit_test(test_csv_rows),
        cmocka_unit_test(test_csv_rfc4180_violation),
        cmocka_unit_test(test_csv_by_header),
        cmocka_unit_test(test_releases_gitlab),
        cmocka_unit_test(test_releases_deployments),
        cmocka_unit_test(test_releases_argocd),
        cmocka_unit_test(test_vendor_wrong_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
