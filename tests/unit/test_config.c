/* test_config.c: configuration defaults, loading, errors and overrides
 * (src/config/config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <math.h>

#include <cmocka.h>

#include "tierzero/config.h"
#include "tierzero/model.h"

#define DATA T0_TEST_DATA "/config/"

static void assert_default_weights(const struct t0_slo *slo)
{
    assert_int_equal(slo->weight_micro[T0_IMPACT_MAJOR], 1000000);
    assert_int_equal(slo->weight_micro[T0_IMPACT_PARTIAL], 300000);
    assert_int_equal(slo->weight_micro[T0_IMPACT_DEGRADED], 0);
    assert_int_equal(slo->weight_micro[T0_IMPACT_NONE], 0);
}

/* ---- defaults ---- */

static void test_config_init_defaults(void **state)
{
    (void)state;
    struct t0_config cfg;
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_string_equal(cfg.title, "Reliability review");
    assert_string_equal(cfg.organization, "");
    assert_string_equal(cfg.timezone, "UTC");
    assert_string_equal(cfg.page_size, "A4");
    assert_int_equal(cfg.n_slos, 1);
    assert_false(cfg.slos_configured);
    assert_string_equal(cfg.slos[0].name, "All services");
    assert_int_equal(cfg.slos[0].n_services, 1);
    assert_string_equal(cfg.slos[0].services[0], "*");
    assert_true(cfg.slos[0].all_services);
    assert_int_equal(cfg.slos[0].objective_micro, 99900000);
    assert_true(fabs(cfg.slos[0].objective_pct - 99.9) < 1e-12);
    assert_default_weights(&cfg.slos[0]);
    assert_int_equal(cfg.at_risk_micro, 75000000);
    assert_true(cfg.at_risk_pct == 75.0);
    assert_true(cfg.window_hours == 72.0);
    assert_int_equal(cfg.window_ms, INT64_C(259200000)); /* 72 * 3600000 */
    assert_int_equal(cfg.event_study_days, 14);
    assert_false(cfg.match_any);
    assert_string_equal(cfg.email_from, "");
    assert_int_equal(cfg.n_email_to, 0);
    assert_int_equal(cfg.n_email_cc, 0);
    assert_null(cfg.source);
    t0_config_release(&cfg);
    /* Releasing twice, or a config that only had init, is safe. */
    t0_config_release(&cfg);
}

/* ---- loading valid files ---- */

static void test_config_load_spec_example(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "spec-example.json", &err), T0_OK);
    assert_string_equal(err.text, "");
    assert_string_equal(cfg.title, "Reliability review");
    assert_string_equal(cfg.organization, "Example Corp");
    assert_string_equal(cfg.timezone, "UTC");
    assert_string_equal(cfg.page_size, "A4");
    assert_true(cfg.slos_configured);
    assert_int_equal(cfg.n_slos, 1);
    assert_string_equal(cfg.slos[0].name, "API availability");
    assert_int_equal(cfg.slos[0].n_services, 1);
    assert_string_equal(cfg.slos[0].services[0], "api");
    assert_false(cfg.slos[0].all_services);
    assert_int_equal(cfg.slos[0].objective_micro, 99900000);
    assert_default_weights(&cfg.slos[0]);
    assert_int_equal(cfg.at_risk_micro, 75000000);
    assert_int_equal(cfg.window_ms, INT64_C(259200000));
    assert_int_equal(cfg.event_study_days, 14);
    assert_false(cfg.match_any);
    assert_string_equal(cfg.email_from, "sre@example.com");
    assert_int_equal(cfg.n_email_to, 1);
    assert_string_equal(cfg.email_to[0], "cto@example.com");
    assert_int_equal(cfg.n_email_cc, 0);
    assert_non_null(cfg.source);
    t0_config_release(&cfg);
}

static void test_config_load_custom(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "custom.json", &err), T0_OK);
    assert_string_equal(cfg.title, "Platform review");
    assert_string_equal(cfg.organization, ""); /* not given: default */
    assert_string_equal(cfg.timezone, "Europe/Berlin");
    assert_string_equal(cfg.page_size, "Letter"); /* "letter", case-insensitive */
    assert_int_equal(cfg.n_slos, 3);

    /* Unnamed SLOs are "SLO n", 1-based; missing weights keep defaults. */
    struct t0_slo *a = &cfg.slos[0];
    assert_string_equal(a->name, "SLO 1");
    assert_int_equal(a->n_services, 2);
    assert_string_equal(a->services[1], "Claude.ai");
    assert_false(a->all_services);
    assert_int_equal(a->objective_micro, 99950000);
    assert_int_equal(a->weight_micro[T0_IMPACT_PARTIAL], 500000);
    assert_int_equal(a->weight_micro[T0_IMPACT_MAJOR], 1000000);
    assert_int_equal(a->weight_micro[T0_IMPACT_DEGRADED], 0);
    assert_int_equal(a->weight_micro[T0_IMPACT_NONE], 0);

    /* services: [] is ["*"]. */
    struct t0_slo *b = &cfg.slos[1];
    assert_string_equal(b->name, "Everything");
    assert_int_equal(b->n_services, 1);
    assert_string_equal(b->services[0], "*");
    assert_true(b->all_services);
    assert_int_equal(b->objective_micro, 99000000);
    assert_default_weights(b);

    /* "*" anywhere in the list; objective defaults to 99.9; a given "none"
     * weight is used, a null weight is the default. */
    struct t0_slo *c = &cfg.slos[2];
    assert_string_equal(c->name, "SLO 3");
    assert_true(c->all_services);
    assert_int_equal(c->objective_micro, 99900000);
    assert_int_equal(c->weight_micro[T0_IMPACT_NONE], 125000);
    assert_int_equal(c->weight_micro[T0_IMPACT_DEGRADED], 0);

    assert_int_equal(cfg.at_risk_micro, 80500000);
    assert_true(cfg.window_hours == 1.5);
    assert_int_equal(cfg.window_ms, INT64_C(5400000)); /* 1.5 * 3600000 */
    assert_int_equal(cfg.event_study_days, 30);
    assert_true(cfg.match_any);
    assert_int_equal(cfg.n_email_to, 1); /* a string is a one-element list */
    assert_string_equal(cfg.email_to[0], "cto@example.com");
    assert_int_equal(cfg.n_email_cc, 2);
    assert_string_equal(cfg.email_cc[1], "b@example.com");
    t0_config_release(&cfg);
}

static void test_config_load_empty_slos_keeps_default(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "empty-slos.json", &err), T0_OK);
    assert_false(cfg.slos_configured);
    assert_int_equal(cfg.n_slos, 1);
    assert_string_equal(cfg.slos[0].name, "All services");
    assert_true(cfg.slos[0].all_services);
    assert_string_equal(cfg.organization, "Example Corp");
    t0_config_release(&cfg);
}

/* ---- errors ---- */

static void test_config_load_syntax_error(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "syntax-error.json", &err), T0_EINPUT);
    /* The stray "}" after a trailing comma is on line 4, column 3. */
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 3);
    assert_non_null(strstr(err.source, "syntax-error.json"));
    t0_config_release(&cfg);

    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "duplicate-key.json", &err), T0_EINPUT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.text, "duplicate"));
    t0_config_release(&cfg);
}

static void test_config_load_missing_file(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "no-such-file.json", &err), T0_EINPUT);
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.text, "no-such-file.json"));
    t0_config_release(&cfg);
}

struct error_case {
    const char *json;
    const char *path;
    const char *text;
};

static const struct error_case error_cases[] = {
    {"{\"slos\": [{\"objective_pct\": 99.9}, {\"objective_pct\": 120}]}",
     "slos[1].objective_pct", "must be between 0 and 100, got 120"},
    {"{\"slos\": [{\"objective_pct\": -0.5}]}", "slos[0].objective_pct",
     "must be between 0 and 100, got -0.5"},
    {"{\"slos\": [{\"objective_pct\": 100.5}]}", "slos[0].objective_pct",
     "must be between 0 and 100, got 100.5"},
    {"{\"slos\": [{\"objective_pct\": 99.99999999}]}", "slos[0].objective_pct",
     "more than six decimal places in 99.99999999"},
    {"{\"slos\": [{\"objective_pct\": \"99.9\"}]}", "slos[0].objective_pct",
     "expected a number, got a string"},
    {"{\"slos\": [{\"weights\": {\"partial_outage\": 1.5}}]}",
     "slos[0].weights.partial_outage", "must be between 0 and 1, got 1.5"},
    {"{\"slos\": [{\"weights\": {\"major_outage\": -1}}]}",
     "slos[0].weights.major_outage", "must be between 0 and 1, got -1"},
    {"{\"slos\": [{}, {\"weights\": {\"degraded_performance\": 0.1234567}}]}",
     "slos[1].weights.degraded_performance", "more than six decimal places in 0.1234567"},
    {"{\"slos\": [{\"weights\": {\"minor\": 0.5}}]}", "slos[0].weights.minor",
     "unknown impact 'minor' (expected none, degraded_performance, partial_outage or "
     "major_outage)"},
    {"{\"slos\": [{\"weights\": [1]}]}", "slos[0].weights",
     "expected an object, got an array"},
    {"{\"slos\": [{\"weights\": {\"none\": true}}]}", "slos[0].weights.none",
     "expected a number, got a boolean"},
    {"{\"slos\": {}}", "slos", "expected an array, got an object"},
    {"{\"slos\": [5]}", "slos[0]", "expected an object, got a number"},
    {"{\"slos\": [{\"services\": \"api\"}]}", "slos[0].services",
     "expected an array of strings, got a string"},
    {"{\"slos\": [{\"services\": [\"api\", 1]}]}", "slos[0].services[1]",
     "expected a string, got a number"},
    {"{\"slos\": [{\"services\": [\"\"]}]}", "slos[0].services[0]",
     "expected a non-empty string"},
    {"{\"slos\": [{\"name\": 5}]}", "slos[0].name", "expected a string, got a number"},
    {"{\"report\": {\"timezone\": \"Mars/Base\"}}", "report.timezone",
     "unknown time zone 'Mars/Base'"},
    {"{\"report\": {\"timezone\": 2}}", "report.timezone",
     "expected a string, got a number"},
    {"{\"report\": {\"page_size\": \"A5\"}}", "report.page_size",
     "expected \"A4\" or \"Letter\", got \"A5\""},
    {"{\"report\": []}", "report", "expected an object, got an array"},
    {"{\"report\": {\"title\": 1}}", "report.title", "expected a string, got a number"},
    {"{\"report\": {\"organization\": false}}", "report.organization",
     "expected a string, got a boolean"},
    {"{\"policy\": {\"at_risk_pct\": 101}}", "policy.at_risk_pct",
     "must be between 0 and 100, got 101"},
    {"{\"policy\": {\"at_risk_pct\": 75.00000001}}", "policy.at_risk_pct",
     "more than six decimal places in 75.00000001"},
    {"{\"policy\": 75}", "policy", "expected an object, got a number"},
    {"{\"correlation\": {\"window_hours\": -1}}", "correlation.window_hours",
     "must be between 0 and 1000000 hours, got -1"},
    {"{\"correlation\": {\"window_hours\": \"72\"}}", "correlation.window_hours",
     "expected a number, got a string"},
    {"{\"correlation\": {\"event_study_days\": 1.5}}", "correlation.event_study_days",
     "must be a whole number of days from 0 to 366, got 1.5"},
    {"{\"correlation\": {\"event_study_days\": 400}}", "correlation.event_study_days",
     "must be a whole number of days from 0 to 366, got 400"},
    {"{\"correlation\": {\"event_study_days\": -1}}", "correlation.event_study_days",
     "must be a whole number of days from 0 to 366, got -1"},
    {"{\"correlation\": {\"match\": \"all\"}}", "correlation.match",
     "expected \"same-service\" or \"any\", got \"all\""},
    {"{\"email\": {\"to\": [1]}}", "email.to[0]", "expected a string, got a number"},
    {"{\"email\": {\"cc\": {}}}", "email.cc",
     "expected an array of strings, got an object"},
    {"{\"email\": {\"from\": 1}}", "email.from", "expected a string, got a number"},
    {"[]", "", "expected a configuration object, got an array"},
};

static char tmp_dir[64];
static char tmp_file[128];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/t0-config-XXXXXX");
    if (!mkdtemp(tmp_dir))
        return -1;
    snprintf(tmp_file, sizeof tmp_file, "%s/config.json", tmp_dir);
    return 0;
}

static int teardown_tmp(void **state)
{
    (void)state;
    unlink(tmp_file);
    rmdir(tmp_dir);
    return 0;
}

static void write_tmp(const char *text)
{
    FILE *f = fopen(tmp_file, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_config_load_content_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof error_cases / sizeof *error_cases; i++) {
        const struct error_case *c = &error_cases[i];
        struct t0_config cfg;
        struct t0_error err;
        t0_error_clear(&err);
        write_tmp(c->json);
        assert_int_equal(t0_config_init(&cfg), T0_OK);
        enum t0_status st = t0_config_load(&cfg, tmp_file, &err);
        if (st != T0_EINPUT || strcmp(err.path, c->path) != 0 ||
            strcmp(err.text, c->text) != 0)
            fail_msg("%s\n  got status %d, path '%s', text '%s'\n  want path '%s', text "
                     "'%s'",
                     c->json, (int)st, err.path, err.text, c->path, c->text);
        assert_string_equal(err.source, tmp_file);
        assert_int_equal(err.line, 0);
        t0_config_release(&cfg);
    }
}

static void test_config_error_format(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    char line[1024], want[1024];
    t0_error_clear(&err);
    write_tmp("{\"slos\": [{}, {\"objective_pct\": 120}]}");
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, tmp_file, &err), T0_EINPUT);
    t0_error_format(&err, line, sizeof line);
    snprintf(want, sizeof want,
             "%s: slos[1].objective_pct: must be between 0 and 100, got 120", tmp_file);
    assert_string_equal(line, want);
    t0_config_release(&cfg);
}

/* ---- command-line overrides ---- */

static void test_config_set_objective_cases(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    t0_error_clear(&err);
    assert_int_equal(t0_config_set_objective(&cfg, "99.95", &err), T0_OK);
    assert_int_equal(cfg.slos[0].objective_micro, 99950000);
    assert_int_equal(t0_config_set_objective(&cfg, "100", &err), T0_OK);
    assert_int_equal(cfg.slos[0].objective_micro, 100000000);
    assert_int_equal(t0_config_set_objective(&cfg, "0", &err), T0_OK);
    assert_int_equal(cfg.slos[0].objective_micro, 0);
    assert_int_equal(t0_config_set_objective(&cfg, "99.999999", &err), T0_OK);
    assert_int_equal(cfg.slos[0].objective_micro, 99999999);

    const char *bad[] = {"99.99999999", "101", "-1", "abc", "", "99.9%", "1e2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char want[256];
        t0_error_clear(&err);
        assert_int_equal(t0_config_set_objective(&cfg, bad[i], &err), T0_EUSAGE);
        snprintf(want, sizeof want,
                 "--slo: expected a percentage between 0 and 100 with at most six "
                 "decimals, got '%s'",
                 bad[i]);
        assert_string_equal(err.text, want);
    }
    /* A refused value leaves the objective as it was. */
    assert_int_equal(cfg.slos[0].objective_micro, 99999999);
    t0_config_release(&cfg);
}

static void test_config_overrides_after_file(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "custom.json", &err), T0_OK);
    /* --slo sets the first configured SLO only. */
    assert_int_equal(t0_config_set_objective(&cfg, "99.5", &err), T0_OK);
    assert_int_equal(cfg.slos[0].objective_micro, 99500000);
    assert_int_equal(cfg.slos[1].objective_micro, 99000000);
    assert_int_equal(t0_config_set_window(&cfg, "72", &err), T0_OK);
    assert_int_equal(cfg.window_ms, INT64_C(259200000));
    assert_int_equal(t0_config_set_timezone(&cfg, "America/New_York", &err), T0_OK);
    assert_string_equal(cfg.timezone, "America/New_York");
    t0_config_release(&cfg);
}

static void test_config_set_window_cases(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    t0_error_clear(&err);
    assert_int_equal(t0_config_set_window(&cfg, "48", &err), T0_OK);
    assert_int_equal(cfg.window_ms, INT64_C(172800000)); /* 48 * 3600000 */
    assert_true(cfg.window_hours == 48.0);
    assert_int_equal(t0_config_set_window(&cfg, "0.5", &err), T0_OK);
    assert_int_equal(cfg.window_ms, INT64_C(1800000));
    assert_int_equal(t0_config_set_window(&cfg, "0", &err), T0_OK);
    assert_int_equal(cfg.window_ms, 0);
    /* 0.000001 h = 3.6 ms, rounded to 4 ms. */
    assert_int_equal(t0_config_set_window(&cfg, "0.000001", &err), T0_OK);
    assert_int_equal(cfg.window_ms, 4);
    assert_int_equal(t0_config_set_window(&cfg, "-1", &err), T0_EUSAGE);
    assert_string_equal(err.text,
                        "--window: expected a number of hours from 0 to 1000000 "
                        "with at most six decimals, got '-1'");
    t0_error_clear(&err);
    assert_int_equal(t0_config_set_window(&cfg, "72h", &err), T0_EUSAGE);
    t0_config_release(&cfg);
}

static void test_config_set_timezone_cases(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    t0_error_clear(&err);
    assert_int_equal(t0_config_set_timezone(&cfg, "Europe/Berlin", &err), T0_OK);
    assert_string_equal(cfg.timezone, "Europe/Berlin");
    assert_int_equal(t0_config_set_timezone(&cfg, "Mars/Base", &err), T0_EUSAGE);
    assert_string_equal(err.text, "--tz: unknown time zone 'Mars/Base'");
    assert_string_equal(cfg.timezone, "Europe/Berlin");
    t0_config_release(&cfg);
}

/* ---- six decimals ---- */

static void test_parse_decimal6_cases(void **state)
{
    (void)state;
    int64_t m = 0;
    assert_true(t0_parse_decimal6("99.9", &m));
    assert_int_equal(m, 99900000);
    assert_true(t0_parse_decimal6("99.999999", &m));
    assert_int_equal(m, 99999999);
    assert_true(t0_parse_decimal6("100", &m));
    assert_int_equal(m, 100000000);
    assert_true(t0_parse_decimal6("0.3", &m));
    assert_int_equal(m, 300000);
    assert_true(t0_parse_decimal6("-1.5", &m));
    assert_int_equal(m, -1500000);
    assert_true(t0_parse_decimal6("+2", &m));
    assert_int_equal(m, 2000000);
    assert_true(t0_parse_decimal6(".5", &m));
    assert_int_equal(m, 500000);
    assert_true(t0_parse_decimal6("007.000001", &m));
    assert_int_equal(m, 7000001);
    assert_false(t0_parse_decimal6("99.9999999", &m));
    assert_false(t0_parse_decimal6("5.", &m));
    assert_false(t0_parse_decimal6("", &m));
    assert_false(t0_parse_decimal6("-", &m));
    assert_false(t0_parse_decimal6(".", &m));
    assert_false(t0_parse_decimal6("abc", &m));
    assert_false(t0_parse_decimal6("1e3", &m));
    assert_false(t0_parse_decimal6(" 1", &m));
    assert_false(t0_parse_decimal6("1 ", &m));
    assert_false(t0_parse_decimal6("1,5", &m));
    assert_false(t0_parse_decimal6("1234567890123", &m)); /* 13 whole digits */
    assert_false(t0_parse_decimal6(NULL, &m));
}

static void test_double_to_micro_cases(void **state)
{
    (void)state;
    int64_t m = 0;
    assert_true(t0_double_to_micro(0.3, &m));
    assert_int_equal(m, 300000);
    assert_true(t0_double_to_micro(99.95, &m));
    assert_int_equal(m, 99950000);
    assert_true(t0_double_to_micro(99.999999, &m));
    assert_int_equal(m, 99999999);
    assert_true(t0_double_to_micro(-0.5, &m));
    assert_int_equal(m, -500000);
    assert_true(t0_double_to_micro(0.000001, &m));
    assert_int_equal(m, 1);
    assert_false(t0_double_to_micro(99.9999999, &m));
    assert_false(t0_double_to_micro(0.0000001, &m));
    assert_false(t0_double_to_micro(0.1 + 0.2, &m)); /* 0.30000000000000004 */
    assert_false(t0_double_to_micro(NAN, &m));
    assert_false(t0_double_to_micro(INFINITY, &m));
    assert_false(t0_double_to_micro(1e10, &m));
}

/* ---- services ---- */

static void test_config_bind_and_match(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, DATA "custom.json", &err), T0_OK);
    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    t0_sym db = t0_symtab_intern(ds->symbols, "db", 2);
    t0_config_bind(&cfg, ds);
    /* SLO 1 covers "api" and "Claude.ai", so two new symbols. */
    assert_int_equal(cfg.slos[0].symbols.count, 2);
    t0_sym api = t0_symtab_intern(ds->symbols, "API", 3); /* case-insensitive */
    t0_sym claude = t0_symtab_intern(ds->symbols, "claude.ai", 9);
    assert_int_equal(t0_symtab_count(ds->symbols), 3);

    t0_sym one_api[] = {api};
    t0_sym db_claude[] = {db, claude};
    t0_sym only_db[] = {db};
    struct t0_symlist l_api = {one_api, 1};
    struct t0_symlist l_db_claude = {db_claude, 2};
    struct t0_symlist l_db = {only_db, 1};
    struct t0_symlist l_none = {NULL, 0};

    assert_true(t0_slo_matches(&cfg.slos[0], l_api));
    assert_true(t0_slo_matches(&cfg.slos[0], l_db_claude));
    assert_false(t0_slo_matches(&cfg.slos[0], l_db));
    assert_false(t0_slo_matches(&cfg.slos[0], l_none)); /* no services: only "*" */
    assert_true(t0_slo_matches(&cfg.slos[1], l_none));
    assert_true(t0_slo_matches(&cfg.slos[1], l_db));
    /* ["*", "api"] is all services; "api" is still interned. */
    assert_true(t0_slo_matches(&cfg.slos[2], l_db));
    assert_int_equal(cfg.slos[2].symbols.count, 1);
    t0_dataset_free(ds);
    t0_config_release(&cfg);
}

/* ---- keys the configuration does not know ---- */

static const struct {
    const char *json;
    const char *warnings; /* expected, joined with '|' */
} key_cases[] = {
    {"{\"slos\": [{\"service\": [\"api\"]}]}",
     "slos[0].service: unknown key; did you mean \"services\"?"},
    {"{\"report\": {\"Timezone\": \"UTC\"}}",
     "report.Timezone: unknown key; did you mean \"timezone\"?"},
    /* a swap of two letters is one edit */
    {"{\"policy\": {\"at_rsik_pct\": 80}}",
     "policy.at_rsik_pct: unknown key; did you mean \"at_risk_pct\"?"},
    /* far from every name, but the start of one */
    {"{\"slos\": [{}, {\"objective\": 99}]}",
     "slos[1].objective: unknown key; did you mean \"objective_pct\"?"},
    {"{\"colour\": 1, \"email\": {\"bcc\": []}}",
     "colour: unknown key (ignored)|email.bcc: unknown key; did you mean \"cc\"?"},
    {"{\"releases\": {\"rules\": [{\"match\": \"a\", \"services\": [\"x\"], \"mtach\": "
     "1}]}}",
     "releases.rules[0].mtach: unknown key; did you mean \"match\"?"},
    {"{\"maintenance\": [{\"weekly\": {\"day\": \"sun\", \"from\": \"01:00\", \"to\": "
     "\"02:00\", \"dya\": \"x\"}}]}",
     "maintenance[0].weekly.dya: unknown key; did you mean \"day\"?"},
    /* a key that reads as a path is never known */
    {"{\"report.title\": \"x\"}", "report.title: unknown key; did you mean \"report\"?"},
    /* keys of the user's own: impact names, HTTP headers, import maps */
    {"{\"slos\": [{\"weights\": {\"major_outage\": 1}}], \"prometheus\": {\"headers\": "
     "{\"X-Org\": \"1\"}}, \"import\": {\"impact\": {\"P3\": \"none\"}, \"timestamps\": "
     "{\"started\": \"Began\"}}}",
     ""},
    {"{\"input\": {\"min_accepted_pct\": 50}, \"correlation\": {\"environment\": \"p\"}}",
     ""},
};

static void test_config_unknown_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof key_cases / sizeof *key_cases; i++) {
        struct t0_config cfg;
        struct t0_error err;
        t0_error_clear(&err);
        write_tmp(key_cases[i].json);
        assert_int_equal(t0_config_init(&cfg), T0_OK);
        assert_int_equal(t0_config_load(&cfg, tmp_file, &err), T0_OK);
        char got[1024] = "";
        for (size_t w = 0; w < cfg.n_warnings; w++) {
            if (w)
                strcat(got, "|");
            strncat(got, cfg.warnings[w], sizeof got - strlen(got) - 2);
        }
        if (strcmp(got, key_cases[i].warnings) != 0)
            fail_msg("%s\n  got  '%s'\n  want '%s'", key_cases[i].json, got,
                     key_cases[i].warnings);
        t0_config_release(&cfg);
    }
}

static void test_config_min_accepted_pct(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_true(cfg.min_accepted_pct == 90.0);
    write_tmp("{\"input\": {\"min_accepted_pct\": 99.5}}");
    assert_int_equal(t0_config_load(&cfg, tmp_file, &err), T0_OK);
    assert_true(cfg.min_accepted_pct == 99.5);
    t0_config_release(&cfg);
}

/* definitions.md §7.2, rule 11.4: rules in order, id then name, case-sensitive fnmatch;
 * else releases.services; releases with services keep theirs. */
static void test_config_release_rules(void **state)
{
    (void)state;
    struct t0_config cfg;
    struct t0_error err;
    t0_error_clear(&err);
    write_tmp("{\"slos\": [{\"name\": \"\"}],"
              " \"releases\": {\"services\": [\"web\"], \"rules\": ["
              "  {\"match\": \"API-*\", \"services\": [\"upper\"]},"
              "  {\"match\": \"api-*\", \"services\": [\"api\", \"API\"]},"
              "  {\"match\": \"Console \\\\*\", \"services\": [\"console\"]},"
              "  {\"match\": \"v[!0-9]*\", \"services\": [\"never\"]}]}}");
    assert_int_equal(t0_config_init(&cfg), T0_OK);
    assert_int_equal(t0_config_load(&cfg, tmp_file, &err), T0_OK);
    /* An empty name is a name: only a missing one becomes "SLO n". */
    assert_string_equal(cfg.slos[0].name, "");
    assert_int_equal(cfg.n_release_rules, 4);

    struct t0_dataset *ds = t0_dataset_new();
    assert_non_null(ds);
    const char *ids[] = {"api-1", "x", "v2", "own", "Console x"};
    const char *names[] = {NULL, "Console *", "API-2", NULL, "zzz"};
    for (size_t i = 0; i < 5; i++) {
        struct t0_release *r = t0_dataset_add_release(ds);
        assert_non_null(r);
        r->id = ids[i];
        r->name = names[i];
    }
    t0_sym db = t0_symtab_intern(ds->symbols, "db", 2);
    ds->releases[3].services.items = &db;
    ds->releases[3].services.count = 1;
    t0_config_bind(&cfg, ds);
    t0_sym api, console, web, upper;
    assert_true(t0_symtab_find(ds->symbols, "api", 3, &api));
    assert_true(t0_symtab_find(ds->symbols, "console", 7, &console));
    assert_true(t0_symtab_find(ds->symbols, "web", 3, &web));
    assert_false(t0_symtab_find(ds->symbols, "never", 5, NULL));
    /* "api-1": the second rule; "api" and "API" are one service. */
    assert_int_equal(ds->releases[0].services.count, 1);
    assert_int_equal(ds->releases[0].services.items[0], api);
    /* "x" named "Console *": the escaped star matches only a star. */
    assert_int_equal(ds->releases[1].services.count, 1);
    assert_int_equal(ds->releases[1].services.items[0], console);
    /* "v2" matches no rule by id ("v[!0-9]*" needs a non-digit), and its
     * name "API-2" the first rule (case-sensitive: not "api-*"). */
    assert_true(t0_symtab_find(ds->symbols, "upper", 5, &upper));
    assert_int_equal(ds->releases[2].services.count, 1);
    assert_int_equal(ds->releases[2].services.items[0], upper);
    /* Services of its own are kept. */
    assert_int_equal(ds->releases[3].services.count, 1);
    assert_int_equal(ds->releases[3].services.items[0], db);
    /* "Console x" matches no rule ("Console \\*" wants a star): the
     * fallback releases.services. */
    assert_int_equal(ds->releases[4].services.count, 1);
    assert_int_equal(ds->releases[4].services.items[0], web);
    t0_dataset_free(ds);
    t0_config_release(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_init_defaults),
        cmocka_unit_test(test_config_load_spec_example),
        cmocka_unit_test(test_config_load_custom),
        cmocka_unit_test(test_config_load_empty_slos_keeps_default),
        cmocka_unit_test(test_config_load_syntax_error),
        cmocka_unit_test(test_config_load_missing_file),
        cmocka_unit_test(test_config_load_content_errors),
        cmocka_unit_test(test_config_unknown_keys),
        cmocka_unit_test(test_config_min_accepted_pct),
        cmocka_unit_test(test_config_error_format),
        cmocka_unit_test(test_config_set_objective_cases),
        cmocka_unit_test(test_config_overrides_after_file),
        cmocka_unit_test(test_config_set_window_cases),
        cmocka_unit_test(test_config_set_timezone_cases),
        cmocka_unit_test(test_parse_decimal6_cases),
        cmocka_unit_test(test_double_to_micro_cases),
        cmocka_unit_test(test_config_bind_and_match),
        cmocka_unit_test(test_config_release_rules),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
