/* test_ingest.c: reading every incident and release shape, rejections, syntax errors,
 * limits. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "t0_skip.h"
#include <jansson.h>

#include "tierzero/ingest.h"
#include "tierzero/maintenance.h"

#define DATA T0_TEST_DATA "/ingest/"
#define BAD T0_TEST_DATA "/bad/"
#define STATUSPAGE T0_FIXTURES "/statuspage/"

/* Instants used below, worked out by hand:
 * 2026-10-03 is day 20729 since 1970-01-01 (56 years: 14 leap days, 20454
 * days to 2026-01-01, + 273 days to 3 October + 2); 20729 * 86,400,000 ms
 * = 1,790,985,600,000; 14:05 adds 50,700,000. */
#define MS_2026_10_03_1405 INT64_C(1791036300000)
#define MIN INT64_C(60000)
/* 2026-03-01 is day 20513 (20454 + 31 + 28); midnight = 1,772,323,200,000. */
#define MS_2026_03_01 INT64_C(1772323200000)
/* 2023-09-19 is day 19619; midnight = 1,695,081,600,000. */
#define MS_2023_09_19 INT64_C(1695081600000)
/* 2023-06-29 is day 19537; midnight = 1,687,996,800,000. */
#define MS_2023_06_29 INT64_C(1687996800000)

static struct t0_dataset *read_incidents(const char *path, const struct t0_limits *lim,
                                         enum t0_status *st, struct t0_error *err)
{
    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    t0_error_clear(err);
    *st = t0_read_incidents(ds, path, lim, err);
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
    assert_int_equal(in->read, in->accepted + in->rejected);
}

/* ---- shapes ---- */

static void test_t0_read_incidents_native(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(DATA "native.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_true(ds->incidents_input.present);
    assert_string_equal(ds->incidents_input.format, "native");
    assert_string_equal(ds->incidents_input.source, DATA "native.json");
    assert_counts(&ds->incidents_input, 2, 2, 0);

    const struct t0_incident *a = &ds->incidents[0];
    assert_string_equal(a->id, "INC-2041");
    assert_string_equal(a->title, "Elevated errors on the Messages API");
    assert_int_equal(a->impact, T0_IMPACT_MAJOR);
    assert_int_equal(a->started_at, MS_2026_10_03_1405);
    assert_int_equal(a->detected_at, MS_2026_10_03_1405 + 4 * MIN);
    /* 15:00+01:00 is 14:00Z, five minutes before the start. */
    assert_int_equal(a->mitigated_at, MS_2026_10_03_1405 - 5 * MIN);
    /* 15:20:00.250Z = start + 75 min + 250 ms. */
    assert_int_equal(a->resolved_at, MS_2026_10_03_1405 + 75 * MIN + 250);
    /* "api" and "API" fold to one symbol; the display name is the first spelling. */
    assert_int_equal(a->services.count, 3);
    assert_int_equal(a->services.items[0], a->services.items[1]);
    assert_string_equal(sym(ds, &a->services, 1), "api");
    assert_string_equal(sym(ds, &a->services, 2), "console");
    assert_int_equal(a->n_caused_by, 2);
    assert_string_equal(a->caused_by[1], "rel-web-7");
    assert_string_equal(a->severity, "SEV1");
    assert_string_equal(a->cause, "change");
    /* The postmortem material, behind one pointer. */
    assert_non_null(a->narrative);
    const struct t0_narrative *na = t0_incident_narrative(a);
    assert_ptr_equal(na, a->narrative);
    assert_string_equal(na->summary, "Errors.");
    assert_string_equal(na->root_cause, "A bad config.");
    assert_string_equal(na->resolution, "Rolled back.");
    assert_string_equal(na->trigger, "Deploy");
    assert_string_equal(na->lessons, "Canary first.");
    assert_string_equal(a->url, "https://status.example.com/incidents/abc");
    /* Three entries, one without a valid time left out, the rest oldest first. */
    assert_int_equal(na->n_timeline, 2);
    assert_int_equal(na->timeline[0].at, MS_2026_10_03_1405 + 4 * MIN);
    assert_string_equal(na->timeline[0].text, "Paged on-call");
    assert_string_equal(na->timeline[0].status, "investigating");
    assert_int_equal(na->timeline[1].at, MS_2026_10_03_1405 + 25 * MIN);
    assert_null(na->timeline[1].status);
    assert_int_equal(na->n_actions, 1);
    assert_string_equal(na->actions[0].title, "Add canary");
    assert_string_equal(na->actions[0].due, "2026-11-01");
    assert_int_equal(a->n_segments, 2);
    assert_int_equal(a->segments[0].from, MS_2026_10_03_1405);
    assert_int_equal(a->segments[0].to, MS_2026_10_03_1405 + 30 * MIN);
    assert_int_equal(a->segments[0].impact, T0_IMPACT_PARTIAL);
    assert_true(a->segments[0].has_services);
    assert_string_equal(sym(ds, &a->segments[0].services, 0), "api");
    assert_int_equal(a->segments[1].to, T0_NO_TIME);
    assert_int_equal(a->segments[1].impact, T0_IMPACT_MAJOR);
    assert_false(a->segments[1].has_services); /* [] counts as absent */
    assert_int_equal(a->index, 0);

    const struct t0_incident *b = &ds->incidents[1];
    assert_string_equal(b->title, "");
    assert_int_equal(b->impact, T0_IMPACT_NONE);
    /* -00:00 is UTC: 2026-10-05 is two days after 2026-10-03, minus 14:05. */
    assert_int_equal(b->started_at,
                     MS_2026_10_03_1405 + 2 * 1440 * MIN - (14 * 60 + 5) * MIN);
    assert_int_equal(b->resolved_at, T0_NO_TIME);
    assert_int_equal(b->detected_at, T0_NO_TIME);
    assert_int_equal(b->n_caused_by, 1);
    assert_string_equal(b->caused_by[0], "rel-9");
    /* summary a number and timeline not a list, both ignored: no postmortem
     * material, so none is kept, and the accessor gives an empty one. */
    assert_null(b->narrative);
    const struct t0_narrative *nb = t0_incident_narrative(b);
    assert_non_null(nb);
    assert_null(nb->summary);
    assert_null(nb->root_cause);
    assert_null(nb->trigger);
    assert_null(nb->resolution);
    assert_null(nb->lessons);
    assert_int_equal(nb->n_timeline, 0);
    assert_int_equal(nb->n_actions, 0);
    assert_int_equal(b->n_segments, 0);
    assert_int_equal(b->services.count, 0);
    assert_int_equal(b->index, 1);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_native_array(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(DATA "native-array.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "native-array");
    assert_counts(&ds->incidents_input, 3, 2, 1);
    const struct t0_rejected *r = &ds->incidents_input.rejected_records[0];
    assert_int_equal(r->index, 1);
    assert_int_equal(r->line, 3);
    assert_string_equal(r->id, "b");
    assert_string_equal(r->reason,
                        "[1].services: expected a list of strings, got \"api\"");
    assert_string_equal(ds->incidents[1].id, "c");
    assert_int_equal(ds->incidents[1].index, 2);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_single_object(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(DATA "single.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "native-single");
    assert_counts(&ds->incidents_input, 1, 1, 0);
    assert_string_equal(ds->incidents[0].id, "solo");
    assert_int_equal(ds->incidents[0].resolved_at - ds->incidents[0].started_at,
                     30 * MIN);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_ndjson_broken_line(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds =
        read_incidents(BAD "ndjson-broken-line.ndjson", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "ndjson");
    assert_counts(&ds->incidents_input, 3, 2, 1);
    const struct t0_rejected *r = &ds->incidents_input.rejected_records[0];
    assert_int_equal(r->index, 1);
    assert_int_equal(r->line, 2);
    assert_null(r->id);
    assert_non_null(strstr(r->reason, "line 2: invalid JSON"));
    assert_string_equal(ds->incidents[1].id, "ok-3");
    assert_int_equal(ds->incidents[1].index, 2);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_ndjson_crlf_blank_lines(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    /* Lines: 1 record, 2 blank, 3 record with a bad time: index 1 among non-blank lines.
     */
    struct t0_dataset *ds = read_incidents(BAD "ndjson-crlf.ndjson", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_counts(&ds->incidents_input, 2, 1, 1);
    const struct t0_rejected *r = &ds->incidents_input.rejected_records[0];
    assert_int_equal(r->index, 1);
    assert_int_equal(r->line, 3);
    assert_string_equal(r->id, "bad-1");
    assert_string_equal(
        r->reason,
        "line 3: started_at: expected an RFC 3339 time with offset, got \"nope\"");
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_statuspage_page_last(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds =
        read_incidents(DATA "statuspage-page-last.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "statuspage");
    assert_counts(&ds->incidents_input, 2, 2, 0);
    const struct t0_incident *a = &ds->incidents[0];
    const t0_ms t0 = MS_2026_03_01 + 10 * 60 * MIN; /* 2026-03-01T10:00Z */
    assert_int_equal(a->impact, T0_IMPACT_MAJOR);   /* critical */
    assert_int_equal(a->started_at, t0 + 2 * MIN);  /* started_at null: created_at */
    assert_int_equal(a->detected_at, t0 + 2 * MIN);
    assert_int_equal(a->mitigated_at, t0 + 40 * MIN);
    assert_int_equal(a->resolved_at, t0 + 60 * MIN);
    assert_string_equal(a->url, "https://stspg.io/x");
    const struct t0_narrative *na = t0_incident_narrative(a);
    assert_string_equal(na->root_cause, "<p>Root cause</p>");
    /* components: Webhooks, (no name), (name 5), API */
    assert_int_equal(a->services.count, 2);
    assert_string_equal(sym(ds, &a->services, 0), "Webhooks");
    assert_string_equal(sym(ds, &a->services, 1), "API");
    /* Updates sorted by created_at, stable for the two at 10:05. */
    assert_int_equal(na->n_timeline, 4);
    assert_string_equal(na->timeline[0].status, "investigating");
    assert_string_equal(na->timeline[1].text, "same instant, later in the list");
    assert_string_equal(na->timeline[2].status, "identified");
    assert_string_equal(na->timeline[3].text, "Fixed");
    /* Webhooks: degraded 10:05-10:20, partial 10:20-11:00 (operational);
     * API: major from 10:20 to the incident's end. */
    assert_int_equal(a->n_segments, 3);
    assert_int_equal(a->segments[0].impact, T0_IMPACT_DEGRADED);
    assert_int_equal(a->segments[0].from, t0 + 5 * MIN);
    assert_int_equal(a->segments[0].to, t0 + 20 * MIN);
    assert_string_equal(sym(ds, &a->segments[0].services, 0), "Webhooks");
    assert_int_equal(a->segments[1].impact, T0_IMPACT_PARTIAL);
    assert_int_equal(a->segments[1].from, t0 + 20 * MIN);
    assert_int_equal(a->segments[1].to, t0 + 60 * MIN);
    assert_int_equal(a->segments[2].impact, T0_IMPACT_MAJOR);
    assert_int_equal(a->segments[2].from, t0 + 20 * MIN);
    assert_int_equal(a->segments[2].to, T0_NO_TIME);
    assert_true(a->segments[2].has_services);
    assert_string_equal(sym(ds, &a->segments[2].services, 0), "API");

    const struct t0_incident *b = &ds->incidents[1];
    assert_int_equal(b->impact, T0_IMPACT_NONE);
    assert_int_equal(b->n_segments, 0);
    assert_int_equal(b->services.count, 0);
    t0_dataset_free(ds);
}

/* ---- the real Statuspage fixtures ---- */

static void assert_same_reading(const struct t0_dataset *a, const struct t0_dataset *b);

static bool have_fixtures(void)
{
    return access(STATUSPAGE "githubstatus-2010-2023.incidents.json", R_OK) == 0;
}

static void test_t0_read_incidents_fixture_githubstatus(void **state)
{
    (void)state;
    if (!have_fixtures())
        t0_skip("the Statuspage fixtures (TIERZERO_FIXTURES) are missing");
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(
        STATUSPAGE "githubstatus-2010-2023.incidents.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "statuspage");
    assert_counts(&ds->incidents_input, 1282, 1279, 3);
    const char *want[] = {"nk9gdvl03ztg", "qrrdvssfmrs2", "qb2vmff9bnf5"};
    for (int i = 0; i < 3; i++) {
        const struct t0_rejected *r = &ds->incidents_input.rejected_records[i];
        assert_string_equal(r->id, want[i]);
        assert_non_null(strstr(r->reason, "resolved_at"));
        assert_non_null(strstr(r->reason, "is before started_at"));
    }
    /* Impacts over all 1,282 raw records (README): minor 1,048, major 199,
     * none 33, critical 2. Of the three rejected, nk9gdvl03ztg and
     * qb2vmff9bnf5 are minor and qrrdvssfmrs2 is none, so the accepted ones
     * are degraded 1,046, partial 199, none 32, major 2. */
    size_t by[T0_IMPACT_COUNT] = {0};
    for (size_t i = 0; i < ds->n_incidents; i++)
        by[ds->incidents[i].impact]++;
    assert_int_equal(by[T0_IMPACT_DEGRADED] + 2, 1048);
    assert_int_equal(by[T0_IMPACT_PARTIAL], 199);
    assert_int_equal(by[T0_IMPACT_NONE] + 1, 33);
    assert_int_equal(by[T0_IMPACT_MAJOR], 2);
    /* The raw records, counted independently through a whole-file Jansson load. */
    json_t *all =
        json_load_file(STATUSPAGE "githubstatus-2010-2023.incidents.json", 0, NULL);
    assert_non_null(all);
    size_t raw[4] = {0};
    json_t *list = json_object_get(all, "incidents");
    static const char *const names[] = {"none", "minor", "major", "critical"};
    for (size_t i = 0; i < json_array_size(list); i++)
        for (int k = 0; k < 4; k++)
            if (strcmp(
                    json_string_value(json_object_get(json_array_get(list, i), "impact")),
                    names[k]) == 0)
                raw[k]++;
    assert_int_equal(raw[0], 33);
    assert_int_equal(raw[1], 1048);
    assert_int_equal(raw[2], 199);
    assert_int_equal(raw[3], 2);
    json_decref(all);
    /* 3.5 MB is some fifty batches: one thread and three read the same. */
    for (unsigned threads = 1; threads <= 3; threads += 2) {
        struct t0_limits lim = {.threads = threads};
        struct t0_dataset *again = read_incidents(
            STATUSPAGE "githubstatus-2010-2023.incidents.json", &lim, &st, &err);
        assert_int_equal(st, T0_OK);
        assert_same_reading(ds, again);
        t0_dataset_free(again);
    }
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_fixture_single_segment(void **state)
{
    (void)state;
    if (!have_fixtures())
        t0_skip("the Statuspage fixtures (TIERZERO_FIXTURES) are missing");
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds =
        read_incidents(STATUSPAGE "single-00lscqwb6ht5.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "statuspage-single");
    assert_counts(&ds->incidents_input, 1, 1, 0);
    const struct t0_incident *a = &ds->incidents[0];
    assert_string_equal(a->id, "00lscqwb6ht5");
    assert_int_equal(a->impact, T0_IMPACT_DEGRADED); /* minor */
    /* Updates oldest first: 13:21:12.267 Pull Requests operational ->
     * partial_outage; 13:29:59.970 and 13:52:29.359 partial -> partial (the
     * segment goes on); 13:53:06.099 partial -> operational (ends it);
     * 14:04:05.230 operational. One segment: 13:21:12.267 - 13:53:06.099. */
    const struct t0_narrative *na = t0_incident_narrative(a);
    assert_int_equal(na->n_timeline, 5);
    assert_string_equal(na->timeline[4].status, "resolved");
    assert_int_equal(a->n_segments, 1);
    assert_int_equal(a->segments[0].impact, T0_IMPACT_PARTIAL);
    assert_int_equal(a->segments[0].from,
                     MS_2023_09_19 + ((13 * 60 + 21) * 60 + 12) * INT64_C(1000) + 267);
    assert_int_equal(a->segments[0].to,
                     MS_2023_09_19 + ((13 * 60 + 53) * 60 + 6) * INT64_C(1000) + 99);
    assert_string_equal(sym(ds, &a->segments[0].services, 0), "Pull Requests");
    assert_int_equal(a->services.count, 1);
    t0_dataset_free(ds);

    /* No components, one update with affected_components null. */
    ds = read_incidents(STATUSPAGE "single-02svc292644w.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_int_equal(ds->incidents[0].services.count, 0);
    assert_int_equal(ds->incidents[0].n_segments, 0);
    assert_int_equal(t0_incident_narrative(&ds->incidents[0])->n_timeline, 1);
    t0_dataset_free(ds);

    /* Critical, ten components; each goes major -> partial -> operational,
     * so two segments each. API Requests: major 17:52:11.671 - 18:22:22.171,
     * then partial until 18:35:47.915. */
    ds = read_incidents(STATUSPAGE "single-gqx5l06jjxhp.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    const struct t0_incident *c = &ds->incidents[0];
    assert_int_equal(c->impact, T0_IMPACT_MAJOR);
    assert_int_equal(c->services.count, 10);
    assert_int_equal(c->n_segments, 20);
    int found = 0;
    for (uint32_t i = 0; i < c->n_segments; i++) {
        if (strcmp(sym(ds, &c->segments[i].services, 0), "API Requests") != 0)
            continue;
        if (c->segments[i].impact == T0_IMPACT_MAJOR) {
            assert_int_equal(c->segments[i].from,
                             MS_2023_06_29 + ((17 * 60 + 52) * 60 + 11) * INT64_C(1000) +
                                 671);
            assert_int_equal(c->segments[i].to,
                             MS_2023_06_29 + ((18 * 60 + 22) * 60 + 22) * INT64_C(1000) +
                                 171);
        } else {
            assert_int_equal(c->segments[i].impact, T0_IMPACT_PARTIAL);
            assert_int_equal(c->segments[i].to,
                             MS_2023_06_29 + ((18 * 60 + 35) * 60 + 47) * INT64_C(1000) +
                                 915);
        }
        found++;
    }
    assert_int_equal(found, 2);
    t0_dataset_free(ds);
}

/* ---- errors ---- */

static void test_t0_read_incidents_syntax_position(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    /* Line 5 is `   "title": "B", "impact": tru,`; Jansson reports an invalid
     * token at the column of its last character read: 3 spaces + 27
     * characters up to and including "tru" = column 30. */
    struct t0_dataset *ds = read_incidents(DATA "syntax-error.json", NULL, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 30);
    assert_string_equal(err.source, DATA "syntax-error.json");
    assert_non_null(strstr(err.text, "invalid JSON"));
    /* Nothing of the file is kept, not even the valid first record. */
    assert_int_equal(ds->n_incidents, 0);
    assert_counts(&ds->incidents_input, 0, 0, 0);
    assert_false(ds->incidents_input.present);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_truncated_position(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    /* `{"incidents": [{"id": "a", "title": "x"` is 39 bytes: the end of the
     * input is at column 40 of line 1. */
    struct t0_dataset *ds = read_incidents(BAD "truncated.json", NULL, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 40);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_unreadable(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(DATA "no-such-file.json", NULL, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    char buf[1024];
    t0_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, "unable to open '" DATA
                                "no-such-file.json': No such file or directory"));
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_stdin(void **state)
{
    (void)state;
    int saved = dup(0);
    int fd = open(DATA "native-array.json", O_RDONLY);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 0);
    close(fd);
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents("-", NULL, &st, &err);
    dup2(saved, 0);
    close(saved);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.source, "<stdin>");
    assert_counts(&ds->incidents_input, 3, 2, 1);
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_limits(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    /* The records of native-array.json are 97, 110 and 89 bytes long: a
     * 96-byte cap rejects the first two. */
    struct t0_limits lim = {.max_record_bytes = 96};
    struct t0_dataset *ds = read_incidents(DATA "native-array.json", &lim, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_counts(&ds->incidents_input, 3, 1, 2);
    assert_string_equal(ds->incidents_input.rejected_records[0].reason,
                        "[0]: record larger than max_record_bytes (96 bytes)");
    assert_string_equal(ds->incidents[0].id, "c");
    t0_dataset_free(ds);

    /* The title of INC-2041 is 35 bytes, everything else in it shorter. */
    struct t0_limits lim2 = {.max_string_bytes = 34};
    ds = read_incidents(DATA "native.json", &lim2, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_counts(&ds->incidents_input, 2, 1, 1);
    assert_string_equal(ds->incidents_input.rejected_records[0].reason,
                        "incidents[0].title: string of 35 bytes exceeds max_string_bytes "
                        "(34 bytes)");
    t0_dataset_free(ds);

    /* INC-2041 lists three services. */
    struct t0_limits lim3 = {.max_array_items = 2};
    ds = read_incidents(DATA "native.json", &lim3, &st, &err);
    assert_counts(&ds->incidents_input, 2, 1, 1);
    assert_string_equal(ds->incidents_input.rejected_records[0].reason,
                        "incidents[0].services: 3 items exceed max_array_items (2)");
    t0_dataset_free(ds);

    struct t0_limits lim4 = {.max_input_bytes = 100};
    ds = read_incidents(DATA "native.json", &lim4, &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_non_null(strstr(err.text, "max_input_bytes (100 bytes)"));
    t0_dataset_free(ds);
}

static void test_t0_read_incidents_year_9999(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(BAD "time-year-9999.json", NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_counts(&ds->incidents_input, 3, 2, 1);
    /* 9999-12-31 is day 2,932,896: 2,932,896 * 86,400 + 86,399 s. */
    assert_string_equal(ds->incidents[1].id, "y9999");
    assert_int_equal(ds->incidents[1].started_at, INT64_C(253402300799000));
    t0_dataset_free(ds);
}

/* ---- releases ---- */

static struct t0_dataset *read_releases(const char *path, enum t0_status *st,
                                        struct t0_error *err)
{
    struct t0_dataset *ds = t0_dataset_new();
    t0_error_clear(err);
    *st = t0_read_releases(ds, path, NULL, err);
    return ds;
}

static void test_t0_read_releases_native(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_releases(DATA "releases-native.json", &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->releases_input.format, "native-releases");
    assert_counts(&ds->releases_input, 5, 2, 3);
    const struct t0_release *r = &ds->releases[0];
    assert_string_equal(r->id, "opus-4-5");
    assert_string_equal(r->name, "Claude Opus 4.5");
    assert_string_equal(r->kind, "model");
    assert_string_equal(r->url, "https://example.com/r");
    /* 2025-11-24 is day 20416: 20416 * 86,400,000 + 18 h. */
    assert_int_equal(r->released_at, INT64_C(20416) * 86400000 + 18 * 60 * MIN);
    assert_int_equal(r->services.count, 2);
    assert_string_equal(sym(ds, &r->services, 1), "claude.ai");
    assert_null(ds->releases[1].name);
    const struct t0_rejected *rej = ds->releases_input.rejected_records;
    assert_int_equal(rej[0].index, 2);
    assert_string_equal(
        rej[0].reason, "releases[2].id: duplicate id \"r2\" (an earlier release has it)");
    assert_null(rej[1].id);
    assert_string_equal(rej[1].reason, "releases[3].id: missing required field");
    assert_string_equal(rej[2].reason,
                        "releases[4].released_at: expected an RFC 3339 time with "
                        "offset, got \"2025-11-27\"");
    t0_dataset_free(ds);
}

static void test_t0_read_releases_github(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    /* One element has tag_name, so the whole array is GitHub's. */
    struct t0_dataset *ds = read_releases(DATA "releases-github.json", &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->releases_input.format, "github");
    assert_counts(&ds->releases_input, 3, 1, 2);
    assert_string_equal(ds->releases[0].id, "v1.2.0");
    assert_string_equal(ds->releases[0].name, "1.2.0");
    assert_string_equal(ds->releases[0].url,
                        "https://github.com/o/r/releases/tag/v1.2.0");
    assert_int_equal(ds->releases[0].released_at,
                     INT64_C(19754) * 86400000 + 12 * 60 * MIN);
    assert_int_equal(ds->releases[0].services.count, 0);
    const struct t0_rejected *rej = ds->releases_input.rejected_records;
    assert_string_equal(rej[0].reason, "[0].tag_name: missing required field");
    assert_string_equal(rej[1].id, "v1.3.0-draft");
    assert_string_equal(rej[1].reason, "[2]: draft release: published_at is null");
    t0_dataset_free(ds);
}

static void test_t0_read_releases_array_and_wrong_file(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_releases(DATA "releases-array.json", &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->releases_input.format, "native-array");
    assert_counts(&ds->releases_input, 2, 2, 0);
    /* +02:00: two hours before midnight UTC of 2024-03-02 = 2024-03-01T22:00Z. */
    assert_int_equal(ds->releases[1].released_at - ds->releases[0].released_at,
                     22 * 60 * MIN);
    t0_dataset_free(ds);

    ds = read_releases(DATA "native.json", &st, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_non_null(strstr(err.text, "looks like an incidents file"));
    t0_dataset_free(ds);
}

/* ---- the hostile-input corpus, from tests/data/bad/EXPECTED ---- */

static void write_generated(const char *name)
{
    FILE *f = fopen(name, "wb");
    assert_non_null(f);
    if (strcmp(name, "nesting-100000.json") == 0) {
        for (int i = 0; i < 100000; i++)
            fputc('[', f);
        for (int i = 0; i < 100000; i++)
            fputc(']', f);
    } else if (strcmp(name, "string-50mb.json") == 0) {
        fputs("{\"incidents\": [{\"id\": \"big\", \"impact\": \"none\", "
              "\"started_at\": \"2026-01-01T00:00:00Z\", \"title\": \"",
              f);
        for (int i = 0; i < 50 * 1024; i++)
            for (int k = 0; k < 1024; k++)
                fputc('x', f);
        fputs("\"}]}\n", f);
    } else if (strcmp(name, "services-1000000.json") == 0) {
        fputs(
            "{\"incidents\": [{\"id\": \"many\", \"title\": \"t\", \"impact\": \"none\", "
            "\"started_at\": \"2026-01-01T00:00:00Z\", \"services\": [",
            f);
        for (int i = 0; i < 1000000; i++)
            fprintf(f, "%s\"s%d\"", i ? "," : "", i);
        fputs("]}]}\n", f);
    } else {
        fail_msg("unknown generated file %s", name);
    }
    fclose(f);
}

static void test_t0_read_incidents_bad_corpus(void **state)
{
    (void)state;
    FILE *m = fopen(BAD "EXPECTED", "r");
    assert_non_null(m);
    char line[1024];
    int files = 0;
    while (fgets(line, sizeof line, m)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *name = strtok(line, "\t"), *status = strtok(NULL, "\t"),
             *frag = strtok(NULL, "\t");
        assert_non_null(frag);
        char path[1200];
        bool generated = name[0] == '@';
        if (generated) {
            name++;
            write_generated(name);
            snprintf(path, sizeof path, "%s", name);
        } else {
            snprintf(path, sizeof path, BAD "%s", name);
        }
        struct t0_error err;
        enum t0_status st;
        struct t0_dataset *ds = read_incidents(path, NULL, &st, &err);
        if (!strstr(status, "rejected")) {
            char buf[1024];
            t0_error_format(&err, buf, sizeof buf);
            if (st != T0_EINPUT || !strstr(buf, frag) || !strstr(buf, name))
                fail_msg("%s: status %d, error \"%s\", wanted \"%s\"", name, st, buf,
                         frag);
            assert_int_equal(ds->n_incidents, 0);
        } else {
            if (st != T0_OK)
                fail_msg("%s: status %d, error \"%s\"", name, st, err.text);
            bool seen = false;
            for (size_t i = 0; i < ds->incidents_input.rejected; i++)
                seen =
                    seen || strstr(ds->incidents_input.rejected_records[i].reason, frag);
            if (!seen)
                fail_msg("%s: no rejection reason contains \"%s\"", name, frag);
            assert_int_equal(ds->incidents_input.read,
                             ds->incidents_input.accepted + ds->incidents_input.rejected);
        }
        t0_dataset_free(ds);
        if (generated)
            unlink(path);
        files++;
    }
    fclose(m);
    assert_true(files >= 43);
}

/* ---- deferred narratives ---- */

static void assert_same_text(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b); /* both absent */
    else
        assert_string_equal(a, b);
}

/* Reads path whole and with defer_narrative (through standard input when
 * via_stdin), loads every deferred incident back, and compares all fields. */
static void check_deferred(const char *path, bool via_stdin, size_t expect_deferred)
{
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *whole = read_incidents(path, NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    struct t0_limits lim = {.defer_narrative = true};
    int saved = -1;
    if (via_stdin) {
        saved = dup(0);
        int fd = open(path, O_RDONLY);
        assert_true(saved >= 0 && fd >= 0);
        dup2(fd, 0);
        close(fd);
    }
    struct t0_dataset *lazy = read_incidents(via_stdin ? "-" : path, &lim, &st, &err);
    if (via_stdin) {
        dup2(saved, 0);
        close(saved);
    }
    assert_int_equal(st, T0_OK);
    assert_int_equal(lazy->n_incidents, whole->n_incidents);
    assert_int_equal(lazy->n_sources, 1);
    size_t deferred = 0;
    for (size_t i = 0; i < lazy->n_incidents; i++) {
        struct t0_incident *l = &lazy->incidents[i];
        const struct t0_incident *w = &whole->incidents[i];
        assert_int_equal(w->source, 0);
        assert_int_equal(l->source, 1);
        /* Before loading: ids, times, labels there; postmortem material not. */
        assert_string_equal(l->id, w->id);
        assert_string_equal(l->title, w->title);
        assert_int_equal(l->started_at, w->started_at);
        assert_int_equal(l->n_segments, w->n_segments);
        assert_same_text(l->url, w->url);
        assert_same_text(l->severity, w->severity);
        assert_null(l->narrative);
        const struct t0_narrative *wn = t0_incident_narrative(w);
        if (w->narrative)
            deferred++;
        assert_int_equal(t0_load_narrative(lazy, i, &err), T0_OK);
        assert_int_equal(l->source, 0);
        /* Kept exactly when the whole read kept some. */
        assert_true((l->narrative != NULL) == (w->narrative != NULL));
        const struct t0_narrative *ln = t0_incident_narrative(l);
        assert_same_text(ln->summary, wn->summary);
        assert_same_text(ln->root_cause, wn->root_cause);
        assert_same_text(ln->trigger, wn->trigger);
        assert_same_text(ln->resolution, wn->resolution);
        assert_same_text(ln->lessons, wn->lessons);
        assert_int_equal(ln->n_timeline, wn->n_timeline);
        for (uint32_t k = 0; k < wn->n_timeline; k++) {
            assert_int_equal(ln->timeline[k].at, wn->timeline[k].at);
            assert_same_text(ln->timeline[k].status, wn->timeline[k].status);
            assert_same_text(ln->timeline[k].text, wn->timeline[k].text);
        }
        assert_int_equal(ln->n_actions, wn->n_actions);
        for (uint32_t k = 0; k < wn->n_actions; k++) {
            assert_same_text(ln->actions[k].title, wn->actions[k].title);
            assert_same_text(ln->actions[k].owner, wn->actions[k].owner);
            assert_same_text(ln->actions[k].status, wn->actions[k].status);
            assert_same_text(ln->actions[k].due, wn->actions[k].due);
        }
        /* A second load changes nothing. */
        const struct t0_narrative *kept = l->narrative;
        assert_int_equal(t0_load_narrative(lazy, i, &err), T0_OK);
        assert_ptr_equal(l->narrative, kept);
    }
    assert_int_equal(deferred, expect_deferred);
    assert_int_equal(t0_load_narrative(lazy, lazy->n_incidents, &err), T0_EUSAGE);
    t0_dataset_free(lazy);
    t0_dataset_free(whole);
}

static void test_t0_load_narrative_native(void **state)
{
    (void)state;
    /* native.json: INC-2041 has a summary, root cause, timeline and one action
     * item; INC-2042 none of them. */
    check_deferred(DATA "native.json", false, 1);
}

static void test_t0_load_narrative_stdin_spool(void **state)
{
    (void)state;
    /* Standard input is spooled: the records are read back from the spool. */
    check_deferred(DATA "native.json", true, 1);
}

static void test_t0_load_narrative_statuspage(void **state)
{
    (void)state;
    /* statuspage-page-last.json: sp-1 has four updates (its timeline) and a
     * postmortem body (its root cause); sp-2 has no update. */
    check_deferred(DATA "statuspage-page-last.json", false, 1);
}

static void test_t0_load_narrative_limits_still_reject(void **state)
{
    (void)state;
    struct t0_error err;
    enum t0_status st;
    /* As in test_t0_read_incidents_limits: INC-2041's 35-byte title is over a
     * 34-byte cap. Deferring the narrative changes neither the verdict nor
     * the reason. */
    struct t0_limits lim = {.max_string_bytes = 34, .defer_narrative = true};
    struct t0_dataset *ds = read_incidents(DATA "native.json", &lim, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_counts(&ds->incidents_input, 2, 1, 1);
    assert_string_equal(ds->incidents_input.rejected_records[0].reason,
                        "incidents[0].title: string of 35 bytes exceeds max_string_bytes "
                        "(34 bytes)");
    t0_dataset_free(ds);
}

static void progress_count(void *ctx, uint64_t done, uint64_t total)
{
    uint64_t *calls = ctx;
    assert_true(done <= total);
    (*calls)++;
}

static void test_t0_read_incidents_progress(void **state)
{
    (void)state;
    /* 1500 one-line records: the hook runs every 512 records, so twice
     * (before records 512 and 1024, counting from 0: 1500 / 512 = 2). */
    char path[] = "/tmp/t0-progress-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < 1500; i++)
        fprintf(f,
                "{\"id\": \"p%d\", \"title\": \"t\", \"impact\": \"none\", "
                "\"started_at\": \"2026-01-01T00:00:00Z\"}\n",
                i);
    fclose(f);
    uint64_t calls = 0;
    struct t0_limits lim = {.progress = progress_count, .progress_ctx = &calls};
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(path, &lim, &st, &err);
    unlink(path);
    assert_int_equal(st, T0_OK);
    assert_counts(&ds->incidents_input, 1500, 1500, 0);
    assert_int_equal(calls, 2);
    t0_dataset_free(ds);
}

/* ---- maintenance among the records (definitions.md §10) ---- */

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A native incident's maintenance list becomes windows of its incident
 * (kind component, its index, the Statuspage reason); a maintenance line a
 * scheduled window, counted read and accepted but not an incident; two
 * threads read the same. */
static void test_t0_read_incidents_maintenance_records(void **state)
{
    (void)state;
    char path[] = "/tmp/t0-maint-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_text(
        path,
        "{\"id\": \"a\", \"title\": \"T\", \"impact\": \"none\", \"started_at\": "
        "\"2026-03-01T00:00:00Z\"}\n"
        "{\"maintenance\": {\"id\": \"m\", \"name\": \"Move\", \"from\": "
        "\"2026-03-02T00:00:00Z\", \"to\": \"2026-03-02T01:00:00Z\", \"services\": "
        "\"web\"}}\n"
        "{\"maintenance\": {\"from\": \"2026-03-03T00:00:00Z\", \"to\": "
        "\"2026-03-03T00:00:00Z\"}}\n"
        "{\"id\": \"b\", \"title\": \"Work\", \"impact\": \"none\", \"started_at\": "
        "\"2026-03-01T00:00:00Z\", \"maintenance\": [{\"from\": "
        "\"2026-03-01T00:10:00Z\", \"to\": null, \"services\": [\"api\"]}]}\n");
    for (unsigned threads = 1; threads <= 2; threads++) {
        struct t0_limits lim = {.threads = threads};
        struct t0_error err;
        enum t0_status st;
        struct t0_dataset *ds = read_incidents(path, &lim, &st, &err);
        assert_int_equal(st, T0_OK);
        assert_counts(&ds->incidents_input, 4, 4, 0);
        assert_int_equal(ds->n_incidents, 2);
        assert_int_equal(ds->incidents_input.maintenance, 2);
        assert_int_equal(ds->incidents_input.maintenance_ignored, 1);
        assert_non_null(ds->maintenance);
        assert_int_equal(ds->maintenance->n_windows, 2);
        const struct t0_maint_window *m = &ds->maintenance->windows[0];
        assert_int_equal(m->kind, T0_MAINT_SCHEDULED);
        assert_string_equal(m->reason, "Move");
        assert_string_equal(m->services[0], "web");
        assert_int_equal(m->to - m->from, 60 * MIN);
        const struct t0_maint_window *c = &ds->maintenance->windows[1];
        assert_int_equal(c->kind, T0_MAINT_COMPONENT);
        assert_int_equal(c->incident, 1);
        assert_int_equal(c->from, MS_2026_03_01 + 10 * MIN);
        assert_int_equal(c->to, T0_NO_TIME);
        assert_string_equal(c->reason, "under maintenance: Work");
        assert_string_equal(c->id, "b");
        t0_dataset_free(ds);
    }
    unlink(path);
}

/* A malformed maintenance line fails the file (as a malformed --maintenance
 * entry does) and leaves nothing of it: no incident, no window. */
static void test_t0_read_incidents_maintenance_error(void **state)
{
    (void)state;
    char good[] = "/tmp/t0-maint-XXXXXX", bad[] = "/tmp/t0-maint-XXXXXX";
    int fd = mkstemp(good);
    assert_true(fd >= 0);
    close(fd);
    fd = mkstemp(bad);
    assert_true(fd >= 0);
    close(fd);
    write_text(good,
               "{\"page\": {}, \"scheduled_maintenances\": [{\"id\": \"m\", "
               "\"scheduled_for\": \"2026-03-02T00:00:00Z\", \"scheduled_until\": "
               "\"2026-03-02T01:00:00Z\", \"components\": [{\"name\": \"api\"}]}]}\n");
    write_text(bad,
               "{\"id\": \"b\", \"title\": \"Work\", \"impact\": \"none\", "
               "\"started_at\": \"2026-03-01T00:00:00Z\", \"maintenance\": [{\"from\": "
               "\"2026-03-01T00:10:00Z\"}]}\n"
               "{\"maintenance\": {\"from\": \"2026-03-02T00:00:00Z\"}}\n");
    struct t0_error err;
    enum t0_status st;
    struct t0_dataset *ds = read_incidents(good, NULL, &st, &err);
    assert_int_equal(st, T0_OK);
    assert_string_equal(ds->incidents_input.format, "statuspage-maintenances");
    assert_counts(&ds->incidents_input, 1, 1, 0);
    assert_int_equal(ds->maintenance->n_windows, 1);
    assert_int_equal(t0_read_incidents(ds, bad, NULL, &err), T0_EINPUT);
    assert_string_equal(err.path, "line 2: maintenance.to");
    assert_string_equal(err.text, "missing required field");
    assert_int_equal(ds->n_incidents, 0);
    assert_int_equal(ds->maintenance->n_windows, 1);
    assert_counts(&ds->incidents_input, 1, 1, 0);
    assert_int_equal(ds->incidents_input.maintenance, 1);
    t0_dataset_free(ds);
    unlink(good);
    unlink(bad);
}

/* ---- parsing on several threads ---- */

/*
 * A history of n one-line records (record k on line k + 2 of a native
 * document, line k + 1 of NDJSON) where every 7th record lacks its impact,
 * every 11th repeats a key, every 13th repeats the id of the record before
 * it, and every 17th has a title longer than the record cap of the test.
 */
static void write_mixed(const char *path, int n, bool ndjson)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    if (!ndjson)
        fputs("{\"incidents\": [\n", f);
    for (int k = 0; k < n; k++) {
        char title[700] = "t";
        if (k % 17 == 5) {
            memset(title, 'x', 650);
            title[650] = '\0';
        }
        fprintf(f,
                "{\"id\": \"i%d\", \"title\": \"%s\", %s%s\"started_at\": "
                "\"2026-01-01T%02d:%02d:00Z\", \"services\": [\"s%d\"]}%s\n",
                k % 13 == 12 ? k - 1 : k, title,
                k % 7 == 3 ? "" : "\"impact\": \"partial_outage\", ",
                k % 11 == 4 ? "\"title\": \"again\", " : "", (k / 60) % 24, k % 60, k % 5,
                !ndjson && k + 1 < n ? "," : "");
    }
    if (!ndjson)
        fputs("]}\n", f);
    fclose(f);
}

static struct t0_dataset *read_with_threads(const char *path, unsigned threads,
                                            enum t0_status *st, struct t0_error *err)
{
    struct t0_limits lim = {.threads = threads, .max_record_bytes = 600};
    return read_incidents(path, &lim, st, err);
}

static void assert_same_reading(const struct t0_dataset *a, const struct t0_dataset *b)
{
    assert_int_equal(a->incidents_input.read, b->incidents_input.read);
    assert_int_equal(a->incidents_input.accepted, b->incidents_input.accepted);
    assert_int_equal(a->incidents_input.rejected, b->incidents_input.rejected);
    assert_int_equal(a->n_incidents, b->n_incidents);
    for (size_t i = 0; i < a->n_incidents; i++) {
        const struct t0_incident *x = &a->incidents[i], *y = &b->incidents[i];
        assert_string_equal(x->id, y->id);
        assert_int_equal(x->index, y->index);
        assert_int_equal(x->impact, y->impact);
        assert_int_equal(x->started_at, y->started_at);
        assert_int_equal(x->resolved_at, y->resolved_at);
        assert_int_equal(x->services.count, y->services.count);
        for (uint32_t k = 0; k < x->services.count; k++)
            assert_string_equal(sym(a, &x->services, k), sym(b, &y->services, k));
        assert_int_equal(x->n_segments, y->n_segments);
        for (size_t k = 0; k < x->n_segments; k++) {
            assert_int_equal(x->segments[k].from, y->segments[k].from);
            assert_int_equal(x->segments[k].to, y->segments[k].to);
            assert_int_equal(x->segments[k].impact, y->segments[k].impact);
        }
    }
    for (size_t i = 0; i < a->incidents_input.rejected; i++) {
        const struct t0_rejected *ra = &a->incidents_input.rejected_records[i];
        const struct t0_rejected *rb = &b->incidents_input.rejected_records[i];
        assert_int_equal(ra->index, rb->index);
        assert_int_equal(ra->line, rb->line);
        assert_string_equal(ra->reason, rb->reason);
        if (ra->id || rb->id) {
            assert_non_null(ra->id);
            assert_non_null(rb->id);
            assert_string_equal(ra->id, rb->id);
        }
    }
}

/* 3000 records in many batches: one thread and several give the same
 * dataset and the same rejections in the same order, native and NDJSON. */
static void test_t0_read_incidents_threads_same_result(void **state)
{
    (void)state;
    for (int ndjson = 0; ndjson < 2; ndjson++) {
        char path[] = "/tmp/t0-threads-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        int n = 3000;
        write_mixed(path, n, ndjson);
        struct t0_error err;
        enum t0_status st;
        struct t0_dataset *one = read_with_threads(path, 1, &st, &err);
        assert_int_equal(st, T0_OK);
        /* Worked out from write_mixed: 3000 records; k % 7 == 3: 429
         * (3, 10, ..., 2999); k % 11 == 4: 273; k % 13 == 12: 230 ids
         * repeated; k % 17 == 5: 177 too large. Inclusion-exclusion over
         * the four residues (independent, the moduli being coprime) leaves
         * the count of records none of them hit. */
        int clean = 0;
        for (int k = 0; k < n; k++)
            clean += k % 7 != 3 && k % 11 != 4 && k % 13 != 12 && k % 17 != 5;
        assert_int_equal(one->incidents_input.read, n);
        assert_true(one->incidents_input.accepted >= (size_t)clean);
        assert_true(one->incidents_input.rejected >= 429 + 273 + 177);
        /* A rejected record's reason names its line. */
        const struct t0_rejected *r = &one->incidents_input.rejected_records[0];
        assert_int_equal(r->index, 3);
        assert_int_equal(r->line, ndjson ? 4 : 5);
        for (unsigned threads = 2; threads <= 5; threads += 3) {
            struct t0_dataset *many = read_with_threads(path, threads, &st, &err);
            assert_int_equal(st, T0_OK);
            assert_same_reading(one, many);
            t0_dataset_free(many);
        }
        t0_dataset_free(one);
        unlink(path);
    }
}

/* 3,000 one-line records (record k on line k + 2) with no comma after
 * record 2,500 and, when tru_at >= 0, `"impact": tru` in record tru_at. */
static void write_numbered(const char *path, int tru_at)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"incidents\": [\n", f);
    for (int k = 0; k < 3000; k++)
        fprintf(f,
                "{\"id\": \"i%d\", \"title\": \"t\", \"impact\": %s, "
                "\"started_at\": \"2026-01-01T00:00:00Z\"}%s\n",
                k, k == tru_at ? "tru" : "\"none\"", k == 2500 || k == 2999 ? "" : ",");
    fputs("]}\n", f);
    fclose(f);
}

/* The scan runs ahead of the parsing: a syntax error only Jansson sees
 * (record 1000) is still the one reported when the scan has already met
 * another one further on (a missing comma after record 2500). */
static void test_t0_read_incidents_threads_first_error_wins(void **state)
{
    (void)state;
    char path[] = "/tmp/t0-threads-err-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_numbered(path, 1000);
    for (unsigned threads = 1; threads <= 4; threads++) {
        struct t0_error err;
        enum t0_status st;
        struct t0_dataset *ds = read_with_threads(path, threads, &st, &err);
        assert_int_equal(st, T0_EINPUT);
        /* Record 1000 is on line 1002; `{"id": "i1000", ` is 16
         * characters, `"title": "t", ` 14 more, `"impact": ` 10 more, and
         * Jansson stops at the last character of `tru`: 16 + 14 + 10 + 3 = 43. */
        assert_int_equal(err.line, 1002);
        assert_int_equal(err.column, 43);
        assert_int_equal(ds->n_incidents, 0);
        t0_dataset_free(ds);
    }
    /* Without the error in record 1000, the missing comma is reported:
     * line 2503, column 1, where the next record begins. */
    write_numbered(path, -1);
    for (unsigned threads = 1; threads <= 4; threads += 3) {
        struct t0_error err;
        enum t0_status st;
        struct t0_dataset *ds = read_with_threads(path, threads, &st, &err);
        assert_int_equal(st, T0_EINPUT);
        assert_int_equal(err.line, 2503);
        assert_int_equal(err.column, 1);
        assert_non_null(strstr(err.text, "',' or ']' expected"));
        t0_dataset_free(ds);
    }
    unlink(path);
}

/* skip_labels: the same records are accepted and rejected, with the same
 * figures-relevant fields, but titles are "" and url/severity/cause NULL. */
static void test_t0_read_incidents_skip_labels(void **state)
{
    (void)state;
    struct t0_error err, err2;
    enum t0_status st, st2;
    struct t0_limits lim = {.skip_labels = true};
    struct t0_dataset *full =
        read_incidents(T0_TEST_DATA "/ingest/native.json", NULL, &st, &err);
    struct t0_dataset *bare =
        read_incidents(T0_TEST_DATA "/ingest/native.json", &lim, &st2, &err2);
    assert_int_equal(st, T0_OK);
    assert_int_equal(st2, T0_OK);
    assert_int_equal(bare->incidents_input.read, full->incidents_input.read);
    assert_int_equal(bare->incidents_input.rejected, full->incidents_input.rejected);
    assert_int_equal(bare->n_incidents, full->n_incidents);
    assert_true(full->n_incidents > 0);
    for (size_t i = 0; i < bare->n_incidents; i++) {
        const struct t0_incident *a = &full->incidents[i], *b = &bare->incidents[i];
        assert_string_equal(a->id, b->id);
        assert_string_equal(b->title, "");
        assert_null(b->url);
        assert_null(b->severity);
        assert_null(b->cause);
        assert_true(a->started_at == b->started_at && a->resolved_at == b->resolved_at);
        assert_int_equal(a->impact, b->impact);
        assert_int_equal(a->services.count, b->services.count);
        assert_int_equal(a->n_segments, b->n_segments);
    }
    assert_string_equal(full->incidents[0].title, "Elevated errors on the Messages API");
    assert_string_equal(full->incidents[0].url,
                        "https://status.example.com/incidents/abc");
    t0_dataset_free(full);
    t0_dataset_free(bare);

    /* A title that is not a string still rejects the record. */
    char path[] = "/tmp/t0-skip-labels-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text =
        "{\"incidents\": [{\"id\": \"a\", \"title\": 7, \"impact\": \"none\", "
        "\"started_at\": \"2026-01-01T00:00:00Z\"}]}";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    bare = read_incidents(path, &lim, &st2, &err2);
    assert_int_equal(st2, T0_OK);
    assert_int_equal(bare->incidents_input.rejected, 1);
    assert_non_null(strstr(bare->incidents_input.rejected_records[0].reason,
                           "title: expected a string, got 7"));
    t0_dataset_free(bare);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_read_incidents_native),
        cmocka_unit_test(test_t0_read_incidents_skip_labels),
        cmocka_unit_test(test_t0_read_incidents_native_array),
        cmocka_unit_test(test_t0_read_incidents_single_object),
        cmocka_unit_test(test_t0_read_incidents_ndjson_broken_line),
        cmocka_unit_test(test_t0_read_incidents_ndjson_crlf_blank_lines),
        cmocka_unit_test(test_t0_read_incidents_statuspage_page_last),
        cmocka_unit_test(test_t0_read_incidents_fixture_githubstatus),
        cmocka_unit_test(test_t0_read_incidents_fixture_single_segment),
        cmocka_unit_test(test_t0_read_incidents_syntax_position),
        cmocka_unit_test(test_t0_read_incidents_truncated_position),
        cmocka_unit_test(test_t0_read_incidents_unreadable),
        cmocka_unit_test(test_t0_read_incidents_stdin),
        cmocka_unit_test(test_t0_read_incidents_limits),
        cmocka_unit_test(test_t0_read_incidents_year_9999),
        cmocka_unit_test(test_t0_read_releases_native),
        cmocka_unit_test(test_t0_read_releases_github),
        cmocka_unit_test(test_t0_read_releases_array_and_wrong_file),
        cmocka_unit_test(test_t0_read_incidents_bad_corpus),
        cmocka_unit_test(test_t0_load_narrative_native),
        cmocka_unit_test(test_t0_load_narrative_stdin_spool),
        cmocka_unit_test(test_t0_load_narrative_statuspage),
        cmocka_unit_test(test_t0_load_narrative_limits_still_reject),
        cmocka_unit_test(test_t0_read_incidents_progress),
        cmocka_unit_test(test_t0_read_incidents_maintenance_records),
        cmocka_unit_test(test_t0_read_incidents_maintenance_error),
        cmocka_unit_test(test_t0_read_incidents_threads_same_result),
        cmocka_unit_test(test_t0_read_incidents_threads_first_error_wins),
    };
    return t0_test_status(cmocka_run_group_tests(tests, NULL, NULL));
}
