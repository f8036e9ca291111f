/* test_prom_client.c: the prometheus block, PromQL sources, the points asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/prom_client.h"

static struct t0_prom_config *read_config(const char *json, struct t0_error *err)
{
    json_t *root = json_loads(json, 0, NULL);
    assert_non_null(root);
    struct t0_prom_config *pc = NULL;
    t0_error_clear(err);
    t0_prom_config_read(root, "dir/cfg.json", &pc, err);
    json_decref(root);
    return pc;
}

/* October 2026 UTC: 1790812800 to 1793491200, 44,640 minutes. */
static void test_prom_points_month(void **state)
{
    (void)state;
    int64_t start, end;
    assert_true(t0_prom_points(60, 1790812800000, 1793491200000, &start, &end));
    assert_int_equal(start, 1790812860);
    assert_int_equal(end, 1793491200);
    assert_int_equal((end - start) / 60 + 1, 44640);
    /* as_of inside a minute: the last whole step before it */
    assert_true(t0_prom_points(60, 1790812800000, 1790812979999, &start, &end));
    assert_int_equal(start, 1790812860);
    assert_int_equal(end, 1790812920);
    /* a start that is not a step multiple: the first multiple after it */
    assert_true(t0_prom_points(300, 1790812801000, 1790813400000, &start, &end));
    assert_int_equal(start, 1790813100);
    assert_int_equal(end, 1790813400);
    /* nothing elapsed */
    assert_false(t0_prom_points(60, 1790812800000, 1790812800000, &start, &end));
    assert_false(t0_prom_points(60, 1790812800000, 1790812859999, &start, &end));
}

static void test_prom_config_sources(void **state)
{
    (void)state;
    struct t0_error err;
    struct t0_prom_config *pc = read_config(
        "{\"prometheus\": {\"url\": \"https://m.example.com/prometheus/\", "
        "\"step_seconds\": 30,"
        " \"timeout_seconds\": 2.5, \"tls_verify\": false, \"retries\": 0,"
        " \"headers\": {\"X-Scope-OrgID\": \"team-a\"}},"
        " \"slos\": [{\"name\": \"incidents\"},"
        "  {\"sli\": {\"kind\": \"events\", \"bad\": {\"prometheus\": \"sum(b)\"},"
        "   \"total\": {\"file\": \"t.json\"}}}]}",
        &err);
    assert_non_null(pc);
    assert_string_equal(pc->server.url, "https://m.example.com/prometheus");
    assert_int_equal(pc->server.step_seconds, 30);
    assert_true(pc->server.timeout_seconds == 2.5);
    assert_false(pc->server.tls_verify);
    assert_int_equal(pc->server.retries, 0);
    assert_int_equal(pc->server.n_headers, 1);
    assert_string_equal(pc->server.headers[0], "X-Scope-OrgID: team-a");
    assert_int_equal(pc->n_slos, 1);
    assert_int_equal(pc->slos[0].index, 1);
    assert_string_equal(pc->slos[0].name, "SLO 2");
    assert_null(pc->slos[0].query[T0_PROM_GOOD]);
    assert_string_equal(pc->slos[0].query[T0_PROM_BAD], "sum(b)");
    assert_null(pc->slos[0].query[T0_PROM_TOTAL]);
    assert_string_equal(pc->config_dir, "dir");
    assert_null(t0_prom_fetched_path(pc, 1, T0_PROM_BAD)); /* not fetched yet */
    pc->slos[0].fetched[T0_PROM_BAD] = strdup("s/02-bad.json");
    assert_string_equal(t0_prom_fetched_path(pc, 1, T0_PROM_BAD), "s/02-bad.json");
    assert_null(t0_prom_fetched_path(pc, 0, T0_PROM_BAD));
    assert_null(t0_prom_fetched_path(pc, 1, T0_PROM_TOTAL));
    t0_prom_config_free(pc);
    /* neither a block nor a PromQL source: nothing */
    assert_null(read_config("{\"slos\": [{\"name\": \"a\"}]}", &err));
    assert_string_equal(err.text, "");
}

static void test_prom_config_headers_from_environment(void **state)
{
    (void)state;
    struct t0_error err;
    setenv("T0_UNIT_TOKEN", "abc", 1);
    struct t0_prom_config *pc = read_config(
        "{\"prometheus\": {\"headers\": {\"Authorization\": {\"env\": \"T0_UNIT_TOKEN\","
        " \"prefix\": \"Bearer \"}}}}",
        &err);
    assert_non_null(pc);
    assert_string_equal(pc->server.headers[0], "Authorization: Bearer abc");
    t0_prom_config_free(pc);
    setenv("T0_UNIT_TOKEN", "a\r\nX-Evil: 1", 1);
    assert_null(read_config("{\"prometheus\": {\"headers\": {\"Authorization\": {\"env\":"
                            " \"T0_UNIT_TOKEN\"}}}}",
                            &err));
    assert_string_equal(err.text, "the value holds a line break");
    unsetenv("T0_UNIT_TOKEN");
}

static void test_prom_config_errors(void **state)
{
    (void)state;
    static const struct {
        const char *json, *path, *text;
    } cases[] = {
        {"{\"prometheus\": {\"url\": \"localhost:9090\"}}", "prometheus.url",
         "expected an http:// or https:// base URL"},
        {"{\"prometheus\": {\"step_seconds\": 0}}", "prometheus.step_seconds",
         "expected a whole number from 1 to 86400"},
        {"{\"prometheus\": {\"step_seconds\": 1.5}}", "prometheus.step_seconds",
         "expected a whole number from 1 to 86400"},
        {"{\"prometheus\": {\"tls_verify\": \"no\"}}", "prometheus.tls_verify",
         "expected true or false"},
        {"{\"prometheus\": {\"headers\": {\"X-Api-Key\": \"k\"}}}",
         "prometheus.headers.X-Api-Key",
         "expected {\"env\": \"VARIABLE\"} (and an optional \"prefix\"): a credential is "
         "read from the environment, never from the configuration"},
        {"{\"prometheus\": {\"headers\": {\"Authorization\": {\"env\": "
         "\"T0_UNIT_SURELY_UNSET\"}}}}",
         "prometheus.headers.Authorization",
         "the environment variable T0_UNIT_SURELY_UNSET is not set"},
        {"{\"prometheus\": {\"headers\": {\"Bad Name\": \"x\"}}}",
         "prometheus.headers.Bad Name", "not a valid HTTP header name"},
        {"{\"slos\": [{\"sli\": {\"good\": {\"prometheus\": 3}}}]}",
         "slos[0].sli.good.prometheus", "expected a PromQL query"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct t0_error err;
        struct t0_prom_config *pc = read_config(cases[i].json, &err);
        if (pc || strcmp(err.path, cases[i].path) != 0 ||
            strcmp(err.text, cases[i].text) != 0)
            fail_msg("case %zu: got %s: %s", i, err.path, err.text);
    }
}

static void test_prom_set_url(void **state)
{
    (void)state;
    struct t0_prom_config *pc = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_prom_config_new(&pc, &err), T0_OK);
    assert_int_equal(t0_prom_config_set_url(pc, "http://127.0.0.1:9090//", &err), T0_OK);
    assert_string_equal(pc->server.url, "http://127.0.0.1:9090");
    assert_int_equal(t0_prom_config_set_url(pc, "http://h/?x=1", &err), T0_EUSAGE);
    t0_prom_config_free(pc);
    t0_prom_config_free(NULL);
}

/* No server: the error names the server and says there is none. */
static void test_prom_query_refused_without_server(void **state)
{
    (void)state;
    struct t0_prom_server srv = {.url = "http://127.0.0.1:1",
                                 .step_seconds = 60,
                                 .timeout_seconds = 5,
                                 .retries = 0};
    struct t0_error err;
    t0_error_clear(&err);
    FILE *out = tmpfile();
    assert_non_null(out);
    assert_int_equal(t0_prom_save_range(&srv, "up", 60, 120, out, NULL, &err), T0_EINPUT);
    assert_string_equal(err.source, "http://127.0.0.1:1");
    assert_non_null(strstr(err.text, "query 'up': Couldn't connect to server"));
    fclose(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prom_points_month),
        cmocka_unit_test(test_prom_config_sources),
        cmocka_unit_test(test_prom_config_headers_from_environment),
        cmocka_unit_test(test_prom_config_errors),
        cmocka_unit_test(test_prom_set_url),
        cmocka_unit_test(test_prom_query_refused_without_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
