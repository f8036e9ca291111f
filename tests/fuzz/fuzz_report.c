/* fuzz_report.c: libFuzzer harness running the engine end to end: ingest, compute, JSON
 * summary. */
#include "fuzz_common.h"

#include <string.h>

#include "tierzero/config.h"
#include "tierzero/email.h"
#include "tierzero/ingest.h"
#include "tierzero/model.h"
#include "tierzero/narrative.h"
#include "tierzero/report.h"
#include "tierzero/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* SLOs over the services the seeds name, one over everything, and an
 * objective close to 100% to reach the exhausted paths. */
static const char config_json[] =
    "{\"report\": {\"timezone\": \"UTC\"},\n"
    " \"slos\": [\n"
    "  {\"name\": \"API\", \"services\": [\"API\", \"api\"], \"objective_pct\": 99.9},\n"
    "  {\"name\": \"Web\", \"services\": [\"claude.ai\", \"web\"], \"objective_pct\": "
    "99.99,\n"
    "   \"weights\": {\"major_outage\": 1, \"partial_outage\": 0.5, "
    "\"degraded_performance\": 0.1}},\n"
    "  {\"name\": \"All\", \"services\": [], \"objective_pct\": 95}\n"
    " ]}\n";

/*
 * A second period at the edge of time, chosen by the input's last byte:
 * --as-of from 0001-01-01T00:00:00Z (no month before it; a last byte '\n',
 * as most seeds have) on, in steps of 12 hours, with 1 to 4 months of
 * history. A period without a month must be refused; an accepted one must
 * give the JSON summary and the e-mail, which reads the review month.
 */
static void hostile_period(const struct t0_dataset *ds, const struct t0_config *cfg,
                           const struct t0_zone *zone, uint8_t b)
{
    struct t0_period_request req;
    memset(&req, 0, sizeof req);
    req.history = 1 + (b & 3);
    req.has_as_of = true;
    uint8_t steps = (uint8_t)(b - '\n') >> 2;
    req.as_of = (t0_ms)-62135596800LL * 1000 + (t0_ms)steps * 43200000; /* 0001-01-01 */
    req.now = req.as_of;
    struct t0_report rep;
    memset(&rep, 0, sizeof rep);
    struct t0_error err;
    t0_error_clear(&err);
    if (t0_report_compute(&rep, ds, cfg, zone, &req, &err) != T0_OK) {
        if (!err.text[0])
            abort();
        return;
    }
    if (t0_report_months(&rep) == 0)
        abort();
    char *json = t0_summary_json(&rep);
    char *mail = t0_email_build(&rep, NULL, &err);
    if (!json || !mail)
        abort();
    free(json);
    free(mail);
    t0_report_release(&rep);
}

/*
 * The input is the incidents file, optionally followed by a NUL byte and
 * the releases file. The period is fixed: the twelve months before
 * 2026-11-01 (as a command line with --as-of 2026-11-01T00:00:00Z).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t inc_size = nul ? (size_t)(nul - data) : size;

    struct t0_error err;
    t0_error_clear(&err);
    struct t0_config cfg;
    if (t0_config_init(&cfg) != T0_OK)
        abort();
    const char *cfg_path =
        t0_fuzz_file(2, (const uint8_t *)config_json, sizeof config_json - 1);
    if (t0_config_load(&cfg, cfg_path, &err) != T0_OK)
        abort(); /* the harness's own configuration must load */
    struct t0_zone *zone = t0_zone_new(cfg.timezone, &err);
    if (!zone)
        abort();
    struct t0_dataset *ds = t0_dataset_new();
    if (!ds)
        abort();
    struct t0_limits limits = T0_FUZZ_LIMITS;

    if (t0_read_incidents(ds, t0_fuzz_file(0, data, inc_size), &limits, &err) != T0_OK)
        goto cleanup;
    if (nul && t0_read_releases(ds, t0_fuzz_file(1, nul + 1, size - inc_size - 1),
                                &limits, &err) != T0_OK)
        goto cleanup;
    t0_config_bind(&cfg, ds);

    struct t0_period_request req;
    memset(&req, 0, sizeof req);
    req.history = 12;
    req.has_as_of = true;
    req.as_of = (t0_ms)1793491200 * 1000; /* 2026-11-01T00:00:00Z */
    req.now = req.as_of;
    struct t0_report rep;
    memset(&rep, 0, sizeof rep);
    if (t0_report_compute(&rep, ds, &cfg, zone, &req, &err) == T0_OK) {
        char *json = t0_summary_json(&rep);
        if (!json)
            abort();
        free(json);
        char verdict[512];
        t0_verdict(&rep, verdict, sizeof verdict);
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            t0_summary_text(&rep, sink, 6);
            fclose(sink);
        }
        t0_report_release(&rep);
    } else if (!err.text[0]) {
        abort();
    }
    hostile_period(ds, &cfg, zone, size ? data[size - 1] : 0);

cleanup:
    t0_dataset_free(ds);
    t0_zone_free(zone);
    t0_config_release(&cfg);
    return 0;
}
