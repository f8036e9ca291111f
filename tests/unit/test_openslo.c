/* test_openslo.c: OpenSLO v1 YAML turned into the configuration tree
 * (src/config/openslo.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/openslo.h"

#define HEAD "apiVersion: openslo/v1\n"

/* An inline ratio indicator with PromQL good and total. */
#define INLINE_SLI                                                                       \
    "  indicator:\n"                                                                     \
    "    metadata: {name: ok}\n"                                                         \
    "    spec:\n"                                                                        \
    "      ratioMetric:\n"                                                               \
    "        counter: true\n"                                                            \
    "        good:\n"                                                                    \
    "          metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok[1m]))'}}\n"   \
    "        total:\n"                                                                   \
    "          metricSource: {type: Prometheus, spec: {query: 'sum(rate(all[1m]))'}}\n"

struct yaml_case {
    const char *yaml;
    const char *tree;     /* expected JSON, or NULL when an error is expected */
    const char *warnings; /* joined by '|', or the error's fragment */
};

static const struct yaml_case cases[] = {
    /* Occurrences, calendar month, target as a fraction, services from spec.service */
    {HEAD "kind: SLO\nmetadata: {name: api, displayName: API success}\n"
          "spec:\n  service: api\n  budgetingMethod: Occurrences\n" INLINE_SLI
          "  timeWindow: [{duration: 1M, isRolling: false}]\n"
          "  objectives: [{target: 0.9995}]\n",
     "{\"slos\": [{\"name\": \"API success\", \"services\": [\"api\"], "
     "\"objective_pct\": "
     "99.95, \"sli\": {\"kind\": \"events\", \"good\": {\"prometheus\": "
     "\"sum(rate(ok[1m]))\"}, \"total\": {\"prometheus\": \"sum(rate(all[1m]))\"}}}]}",
     ""},
    /* indicatorRef to a kind: SLI after it, bad + total from files, targetPercent,
     * Timeslices, a rolling 4w window, several objectives, alert policies, an
     * unknown kind, a Service accepted silently */
    {HEAD "kind: Service\nmetadata: {name: api}\nspec: {}\n---\n" HEAD
          "kind: SLO\nmetadata: {name: web}\n"
          "spec:\n  indicatorRef: web-errors\n  budgetingMethod: Timeslices\n"
          "  timeWindow: [{duration: 4w, isRolling: true}]\n"
          "  objectives:\n    - {targetPercent: 99.9, timeSliceTarget: 0.95}\n"
          "    - {target: 0.99}\n  alertPolicies: [page]\n---\n" HEAD
          "kind: AlertPolicy\nmetadata: {name: page}\nspec: {}\n---\n" HEAD
          "kind: SLI\nmetadata: {name: web-errors}\nspec:\n  ratioMetric:\n"
          "    bad: {metricSource: {spec: {file: bad.json}}}\n"
          "    total: {metricSource: {spec: {file: total.csv}}}\n",
     "{\"slos\": [{\"name\": \"web\", \"objective_pct\": 99.9, \"budgeting\": "
     "\"timeslices\", \"slice_target_pct\": 95.0, \"sli\": {\"kind\": \"events\", "
     "\"bad\": {\"file\": \"bad.json\"}, \"total\": {\"file\": \"total.csv\"}}, "
     "\"rolling_days\": 28}]}",
     "document 2 (SLO \"web\"): spec.objectives: 2 objectives: tierzero reviews the "
     "first "
     "(the others are ignored)|document 2 (SLO \"web\"): spec.alertPolicies: alert "
     "policies "
     "are not used (ignored)|document 3 (AlertPolicy \"page\"): kind: AlertPolicy is not "
     "read by tierzero (ignored)"},
    /* RatioTimeslices and threshold metrics leave their SLO out, said so;
     * a calendar week is warned about */
    {HEAD
     "kind: SLO\nmetadata: {name: a}\nspec:\n  budgetingMethod: "
     "RatioTimeslices\n" INLINE_SLI "  objectives: [{target: 0.99}]\n---\n" HEAD
     "kind: SLO\nmetadata: {name: b}\nspec:\n  budgetingMethod: Occurrences\n"
     "  indicator:\n    spec:\n      thresholdMetric: {metricSource: {spec: {query: "
     "x}}}\n"
     "  objectives: [{target: 0.99}]\n---\n" HEAD
     "kind: SLO\nmetadata: {name: c}\nspec:\n  budgetingMethod: Occurrences\n" INLINE_SLI
     "  timeWindow: [{duration: 1w, isRolling: false}]\n"
     "  objectives: [{target: 0.999}]\n",
     "{\"slos\": [{\"name\": \"c\", \"objective_pct\": 99.9, \"sli\": {\"kind\": "
     "\"events\", "
     "\"good\": {\"prometheus\": \"sum(rate(ok[1m]))\"}, \"total\": {\"prometheus\": "
     "\"sum(rate(all[1m]))\"}}}]}",
     "document 1 (SLO \"a\"): spec.budgetingMethod: RatioTimeslices is not supported: "
     "the SLO "
     "is left out|document 2 (SLO \"b\"): spec.indicator.spec.thresholdMetric: threshold "
     "metrics are not supported: the SLO is left out|document 3 (SLO \"c\"): "
     "spec.timeWindow[0].duration: a calendar window of \"1w\": tierzero reviews "
     "calendar "
     "months"},
    /* a Prometheus DataSource gives the server; a second one is warned about */
    {HEAD
     "kind: DataSource\nmetadata: {name: prom}\nspec:\n  type: Prometheus\n"
     "  connectionDetails: {url: 'http://prometheus:9090'}\n---\n" HEAD
     "kind: DataSource\nmetadata: {name: other}\nspec:\n  type: Prometheus\n"
     "  connectionDetails: {url: 'http://other:9090'}\n---\n" HEAD
     "kind: SLO\nmetadata: {name: a}\nspec:\n  budgetingMethod: Occurrences\n" INLINE_SLI
     "  objectives: [{targetPercent: 99}]\n",
     "{\"prometheus\": {\"url\": \"http://prometheus:9090\"}, \"slos\": [{\"name\": "
     "\"a\", "
     "\"objective_pct\": 99.0, \"sli\": {\"kind\": \"events\", \"good\": "
     "{\"prometheus\": "
     "\"sum(rate(ok[1m]))\"}, \"total\": {\"prometheus\": \"sum(rate(all[1m]))\"}}}]}",
     "document 2 (DataSource \"other\"): spec.connectionDetails.url: a second Prometheus "
     "server: tierzero asks the first (ignored)"},
    /* errors */
    {HEAD
     "kind: SLO\nmetadata: {name: a}\nspec:\n  budgetingMethod: Timeslices\n" INLINE_SLI
     "  objectives: [{target: 0.99}]\n",
     NULL, "spec.objectives[0].timeSliceTarget: required with Timeslices"},
    {HEAD "kind: SLO\nmetadata: {name: a}\nspec:\n  budgetingMethod: Occurrences\n"
          "  indicatorRef: nowhere\n  objectives: [{target: 0.99}]\n",
     NULL, "spec.indicatorRef: no kind: SLI named \"nowhere\" in the file"},
    {"apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: {name: a}\n", NULL,
     "apiVersion: expected openslo/v1, got openslo/v1alpha"},
    {HEAD "kind: SLO\nmetadata: {name: a}\nspec:\n  service: [a, b]\n", NULL,
     "spec.service: expected a string"},
    {HEAD "kind: SLO\nmetadata: {name: a\n", NULL,
     "test.yaml:4:1: did not find expected ',' or '}' (while parsing a flow mapping that "
     "starts at line 3)"},
    {HEAD "kind: Service\nmetadata: {name: a}\n", NULL,
     "no kind: SLO that tierzero can review"},
};

static void test_openslo_convert_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct t0_error err;
        t0_error_clear(&err);
        json_t *warnings = json_array();
        json_t *tree = t0_openslo_convert(cases[i].yaml, strlen(cases[i].yaml),
                                          "test.yaml", warnings, &err);
        if (!cases[i].tree) {
            char line[1200];
            t0_error_format(&err, line, sizeof line);
            if (tree || !strstr(line, cases[i].warnings))
                fail_msg("case %zu: want an error with '%s', got '%s'", i,
                         cases[i].warnings, line);
            json_decref(warnings);
            continue;
        }
        if (!tree)
            fail_msg("case %zu: %s", i, err.text);
        json_t *want = json_loads(cases[i].tree, 0, NULL);
        assert_non_null(want);
        if (!json_equal(tree, want)) {
            char *got = json_dumps(tree, JSON_SORT_KEYS);
            fail_msg("case %zu: got %s", i, got);
        }
        char got[2000] = "";
        for (size_t w = 0; w < json_array_size(warnings); w++) {
            if (w)
                strcat(got, "|");
            strncat(got, json_string_value(json_array_get(warnings, w)),
                    sizeof got - strlen(got) - 2);
        }
        if (strcmp(got, cases[i].warnings) != 0)
            fail_msg("case %zu: warnings\n  got  %s\n  want %s", i, got,
                     cases[i].warnings);
        json_decref(want);
        json_decref(tree);
        json_decref(warnings);
    }
}

static void test_openslo_path_names(void **state)
{
    (void)state;
    assert_true(t0_openslo_path("slo.yaml"));
    assert_true(t0_openslo_path("dir/SLO.YML"));
    assert_false(t0_openslo_path("slo.json"));
    assert_false(t0_openslo_path(".yml"));
}

/* 0.999 and 0.9995 become 99.9 and 99.95 exactly as those decimals read. */
static void test_openslo_targets_exact(void **state)
{
    (void)state;
    const char *targets[] = {"0.999", "0.9995", "0.99999", "0.95", "0.123456"};
    const double want[] = {99.9, 99.95, 99.999, 95.0, 12.3456};
    for (size_t i = 0; i < 5; i++) {
        char yaml[600];
        snprintf(yaml, sizeof yaml,
                 HEAD "kind: SLO\nmetadata: {name: a}\nspec:\n  budgetingMethod: "
                      "Occurrences\n" INLINE_SLI "  objectives: [{target: %s}]\n",
                 targets[i]);
        json_t *w = json_array();
        json_t *tree = t0_openslo_convert(yaml, strlen(yaml), "t.yaml", w, NULL);
        assert_non_null(tree);
        double got = json_real_value(json_object_get(
            json_array_get(json_object_get(tree, "slos"), 0), "objective_pct"));
        if (got != want[i])
            fail_msg("target %s: %.17g, want %.17g", targets[i], got, want[i]);
        json_decref(tree);
        json_decref(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openslo_convert_cases),
        cmocka_unit_test(test_openslo_path_names),
        cmocka_unit_test(test_openslo_targets_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
