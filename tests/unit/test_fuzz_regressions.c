/* test_fuzz_regressions.c: inputs the fuzzers (tests/fuzz) found crashing, kept as tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/ingest.h"
#include "tierzero/time.h"

#define FUZZ T0_TEST_DATA "/fuzz/"

/*
 * fuzz_ingest_incidents: a Statuspage list whose first incident has
 * "incident_updates": [] sorted an empty array through a NULL pointer
 * (qsort(NULL, 0, ...), undefined behaviour that UBSan reports). The
 * incident is read: 10:00 to 10:30 with impact none.
 */
static void test_t0_read_incidents_statuspage_no_updates(void **state)
{
    (void)state;
    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_read_incidents(ds, FUZZ "statuspage-no-updates.json", NULL, &err),
                     T0_OK);
    assert_int_equal(ds->incidents_input.accepted, 1);
    assert_int_equal(ds->incidents_input.rejected, 0);
    assert_int_equal(ds->n_incidents, 1);
    assert_string_equal(ds->incidents[0].id, "sp-1");
    /* 30 minutes = 1,800,000 ms. */
    assert_int_equal(ds->incidents[0].resolved_at - ds->incidents[0].started_at, 1800000);
    t0_dataset_free(ds);
}

/*
 * fuzz_rfc3339: "9999-12-31T23:59:59.999999926-10:00" is a valid local time
 * whose UTC instant falls in year 10000 (09:59:59.999 on 1 January). It
 * parses; it is 10 hours after 9999-12-31T23:59:59.999Z. Days from
 * 1970-01-01 to 10000-01-01: 2,932,897 (7,975 years of 365 days plus 1,937
 * leap days), so 10000-01-01T00:00Z is 253,402,300,800,000 ms.
 */
static void test_t0_parse_rfc3339_year_10000_in_utc(void **state)
{
    (void)state;
    const char *text = "9999-12-31T23:59:59.999999926-10:00";
    t0_ms t = 0;
    assert_true(t0_parse_rfc3339(text, strlen(text), &t, NULL));
    assert_int_equal(t, INT64_C(253402300800000) + 9 * 3600000 + 59 * 60000 + 59999);
    assert_int_equal(t0_days_from_civil(10000, 1, 1), 2932897);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_read_incidents_statuspage_no_updates),
        cmocka_unit_test(test_t0_parse_rfc3339_year_10000_in_utc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
