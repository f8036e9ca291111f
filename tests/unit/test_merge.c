/* test_merge.c: merging incident files of any shape into one native NDJSON history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tierzero/merge.h"

#define DATA T0_TEST_DATA "/formats/"

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return strdup(buf);
}

static char *merge_to(const char *out, const char *const *files, size_t n, t0_ms since,
                      struct t0_merge_result *res)
{
    struct t0_merge_options mo = {.since = since};
    struct t0_error err;
    t0_error_clear(&err);
    if (t0_merge_write(out, files, n, &mo, res, &err) != T0_OK)
        fail_msg("%s", err.text);
    return slurp(out);
}

/* The ids of the history, in order, joined by spaces. */
static void ids_of(const char *text, char *buf, size_t size)
{
    buf[0] = '\0';
    for (const char *p = text; (p = strstr(p, "{\"id\":\"")); p++) {
        p += 7;
        size_t len = strcspn(p, "\"");
        strncat(buf, p, len < size - strlen(buf) - 2 ? len : 0);
        strcat(buf, " ");
    }
}

static void test_merge_later_updated_wins(void **state)
{
    (void)state;
    char out[] = "/tmp/t0-merge-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    const char *files[] = {DATA "merge-old.ndjson", DATA "merge-new.json"};
    struct t0_merge_result res;
    char *text = merge_to(out, files, 2, T0_NO_TIME, &res);
    assert_int_equal(res.read, 8);
    assert_int_equal(res.replaced, 3); /* A, B, C seen twice */
    assert_int_equal(res.written, 5);
    /* Ordered by start, then id: D (01-15), C (02-01), B (03-01), A and E (03-02). */
    char ids[64];
    ids_of(text, ids, sizeof ids);
    assert_string_equal(ids, "D C B A E ");
    /* A: the later updated_at (the new file's); B: the old file's, later too;
     * C: no updated_at, the later file. */
    assert_non_null(strstr(text, "\"title\":\"A, new text\""));
    assert_non_null(strstr(text, "\"title\":\"B, newer here\""));
    assert_non_null(strstr(text, "\"title\":\"C, later file\""));
    assert_non_null(
        strstr(text, "{\"id\":\"A\",\"title\":\"A, new text\",\"services\":[\"API\"],"
                     "\"impact\":\"major_outage\",\"started_at\":\"2026-03-02T10:00:"
                     "00.000Z\",\"detected_at\":\"2026-03-02T10:00:00.000Z\","
                     "\"resolved_at\":\"2026-03-02T11:00:00.000Z\",\"updated_at\":"
                     "\"2026-03-02T13:00:00.000Z\",\"url\":\"https://stspg.io/a\"}\n"));
    /* Merging the output with the same fetch again gives the same bytes. */
    const char *again[] = {out, DATA "merge-new.json"};
    char *text2 = merge_to(out, again, 2, T0_NO_TIME, &res);
    assert_string_equal(text, text2);
    free(text);
    free(text2);
    unlink(out);
}

/* --since drops the incidents that start before it; a missing output given
 * as an input is an empty history. */
static void test_merge_since_and_new_history(void **state)
{
    (void)state;
    char dir[] = "/tmp/t0-merge-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof out, "%s/history.ndjson", dir);
    const char *files[] = {out, DATA "merge-old.ndjson"};
    struct t0_merge_result res;
    /* 2026-02-01T00:00:00Z: day 20485 (20454 + 31) = 1,769,904,000,000 ms. */
    char *text = merge_to(out, files, 2, INT64_C(1769904000000), &res);
    assert_int_equal(res.before, 1);
    char ids[64];
    ids_of(text, ids, sizeof ids);
    assert_string_equal(ids, "C B A ");
    free(text);
    unlink(out);
    rmdir(dir);
}

/* A file that cannot be read leaves the history as it was. */
static void test_merge_unreadable_keeps_history(void **state)
{
    (void)state;
    char out[] = "/tmp/t0-merge-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "kept\n", 5), 5);
    close(fd);
    const char *files[] = {DATA "merge-old.ndjson", DATA "no-such-file.json"};
    struct t0_merge_options mo = {.since = T0_NO_TIME};
    struct t0_merge_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_merge_write(out, files, 2, &mo, &res, &err), T0_EINPUT);
    char *text = slurp(out);
    assert_string_equal(text, "kept\n");
    free(text);
    unlink(out);
}

static void put_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    fclose(fp);
}

/* Maintenance survives merge (definitions.md §10): an incident's windows are written in
 * it; scheduled maintenances (a scheduled-maintenances.json, a history's
 * maintenance lines) become one line each, one per id (the later updated_at;
 * without an id, one per content), after the incidents, by start; an ignored
 * one (end not after start) is kept, so that it still replaces an earlier
 * version; --since drops those that start before it. */
static void test_merge_maintenance(void **state)
{
    (void)state;
    char dir[] = "/tmp/t0-merge-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char hist[64], sched[64], out[64];
    snprintf(hist, sizeof hist, "%s/history.ndjson", dir);
    snprintf(sched, sizeof sched, "%s/scheduled.json", dir);
    snprintf(out, sizeof out, "%s/out.ndjson", dir);
    put_file(
        hist,
        "{\"maintenance\": {\"id\": \"m1\", \"name\": \"Old text, later\", \"from\": "
        "\"2026-03-01T00:00:00Z\", \"to\": \"2026-03-01T01:00:00Z\", \"updated_at\": "
        "\"2026-03-01T02:00:00Z\"}}\n"
        "{\"maintenance\": {\"name\": \"No id\", \"from\": \"2026-02-01T00:00:00Z\", "
        "\"to\": \"2026-02-01T01:00:00Z\", \"services\": [\"api\"]}}\n"
        "{\"maintenance\": {\"id\": \"m2\", \"name\": \"Planned\", \"from\": "
        "\"2026-03-10T00:00:00Z\", \"to\": \"2026-03-10T01:00:00Z\", \"updated_at\": "
        "\"2026-03-09T00:00:00Z\"}}\n"
        "{\"id\": \"A\", \"title\": \"A\", \"impact\": \"major_outage\", \"services\": "
        "[\"api\"], \"started_at\": \"2026-03-05T00:00:00Z\", \"resolved_at\": "
        "\"2026-03-05T02:00:00Z\", \"maintenance\": [{\"from\": "
        "\"2026-03-05T00:00:00Z\", "
        "\"to\": \"2026-03-05T00:30:00Z\", \"services\": [\"api\"]}, {\"from\": "
        "\"2026-03-05T01:00:00Z\", \"to\": null}]}\n");
    put_file(sched,
             "{\"page\": {\"id\": \"p\"}, \"scheduled_maintenances\": ["
             "{\"id\": \"m1\", \"name\": \"Earlier text\", \"scheduled_for\": "
             "\"2026-03-01T00:00:00Z\", \"scheduled_until\": \"2026-03-01T05:00:00Z\", "
             "\"started_at\": null, \"resolved_at\": null, \"updated_at\": "
             "\"2026-03-01T01:00:00Z\", \"components\": []},"
             "{\"name\": \"No id\", \"scheduled_for\": \"2026-02-01T00:00:00Z\", "
             "\"scheduled_until\": \"2026-02-01T01:00:00Z\", \"components\": [{\"name\": "
             "\"api\"}]},"
             "{\"id\": \"m2\", \"name\": \"Cancelled\", \"scheduled_for\": "
             "\"2026-03-10T00:00:00Z\", \"scheduled_until\": \"2026-03-10T01:00:00Z\", "
             "\"started_at\": \"2026-03-10T00:00:00Z\", \"resolved_at\": "
             "\"2026-03-10T00:00:00Z\", \"updated_at\": \"2026-03-10T00:00:00Z\", "
             "\"components\": [{\"name\": \"api\"}]}]}\n");
    const char *files[] = {hist, sched};
    struct t0_merge_result res;
    char *text = merge_to(out, files, 2, T0_NO_TIME, &res);
    assert_int_equal(res.read, 7);
    assert_int_equal(res.written, 1);
    assert_int_equal(res.maintenances, 3);
    assert_int_equal(res.replaced, 3); /* m1, m2 and "No id" seen twice */
    assert_string_equal(
        text,
        "{\"id\":\"A\",\"title\":\"A\",\"services\":[\"api\"],\"impact\":\"major_"
        "outage\","
        "\"started_at\":\"2026-03-05T00:00:00.000Z\",\"resolved_at\":"
        "\"2026-03-05T02:00:00.000Z\",\"maintenance\":[{\"from\":\"2026-03-05T00:00:00."
        "000Z\","
        "\"to\":\"2026-03-05T00:30:00.000Z\",\"services\":[\"api\"]},{\"from\":"
        "\"2026-03-05T01:00:00.000Z\",\"to\":null}]}\n"
        "{\"maintenance\":{\"name\":\"No "
        "id\",\"from\":\"2026-02-01T00:00:00.000Z\",\"to\":"
        "\"2026-02-01T01:00:00.000Z\",\"services\":[\"api\"]}}\n"
        "{\"maintenance\":{\"id\":\"m1\",\"name\":\"Old text, later\",\"from\":"
        "\"2026-03-01T00:00:00.000Z\",\"to\":\"2026-03-01T01:00:00.000Z\",\"updated_at\":"
        "\"2026-03-01T02:00:00.000Z\"}}\n"
        "{\"maintenance\":{\"id\":\"m2\",\"name\":\"Cancelled\",\"from\":"
        "\"2026-03-10T00:00:00.000Z\",\"to\":\"2026-03-10T00:00:00.000Z\",\"services\":"
        "[\"api\"],\"updated_at\":\"2026-03-10T00:00:00.000Z\"}}\n");
    /* The same fetch again: the same bytes. */
    const char *again[] = {out, sched};
    char *text2 = merge_to(out, again, 2, T0_NO_TIME, &res);
    assert_string_equal(text, text2);
    free(text2);
    /* --since 2026-03-01: "No id" (02-01) is left out. */
    text2 = merge_to(out, again, 2, INT64_C(1772323200000), &res);
    assert_int_equal(res.before, 1);
    assert_int_equal(res.maintenances, 2);
    assert_null(strstr(text2, "No id"));
    free(text2);
    free(text);
    unlink(hist);
    unlink(sched);
    unlink(out);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_later_updated_wins),
        cmocka_unit_test(test_merge_since_and_new_history),
        cmocka_unit_test(test_merge_unreadable_keeps_history),
        cmocka_unit_test(test_merge_maintenance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
