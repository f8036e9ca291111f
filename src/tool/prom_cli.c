/* prom_cli.c: --prometheus, --save-series and check's test of the server. */
#define _GNU_SOURCE
#include "prom_cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tierzero/burn.h"
#include "tierzero/prom_client.h"
#include "tierzero/series.h"
#include "tierzero/sli.h"

enum t0_status t0_cli_prometheus_option(const struct t0_options *opt,
                                        struct t0_config *cfg, struct t0_error *err)
{
    if (!opt->prometheus)
        return T0_OK;
    enum t0_status st;
    if (!cfg->prom && (st = t0_prom_config_new(&cfg->prom, err)) != T0_OK)
        return st;
    return t0_prom_config_set_url(cfg->prom, opt->prometheus, err);
}

static void warn_line(void *ctx, const char *line)
{
    const struct t0_options *opt = ctx;
    if (!opt->quiet)
        fprintf(stderr, "tierzero: warning: %s\n", line);
}

/* How far before the period the figures look (definitions.md §9): the rolling window
 * and the longest alert window of every SLO that asks Prometheus, so that
 * the first days' burn rates and rolling figures have their samples. */
static t0_ms lookback_ms(const struct t0_config *cfg)
{
    const struct t0_prom_config *pc = cfg->prom;
    t0_ms back = 0;
    for (size_t k = 0; k < pc->n_slos; k++) {
        if (pc->slos[k].index >= cfg->n_slos)
            continue;
        const struct t0_slo *slo = &cfg->slos[pc->slos[k].index];
        t0_ms days =
            (t0_ms)(slo->rolling_days > 0 ? slo->rolling_days : 28) * T0_MS_PER_DAY;
        if (days > back)
            back = days;
        size_t n = 0;
        const struct t0_alert_rule *rules = t0_slo_alert_rules(slo, &n);
        for (size_t r = 0; r < n; r++)
            if ((t0_ms)rules[r].long_minutes * T0_MS_PER_MINUTE > back)
                back = (t0_ms)rules[r].long_minutes * T0_MS_PER_MINUTE;
    }
    return back;
}

enum t0_status t0_cli_fetch_series(const struct t0_options *opt, struct t0_config *cfg,
                                   const struct t0_report *period, char **tmpdir,
                                   struct t0_error *err)
{
    *tmpdir = NULL;
    struct t0_prom_config *pc = cfg->prom;
    if (!pc || pc->n_slos == 0) {
        if (opt->save_series)
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--save-series: the configuration has no {\"prometheus\": "
                "QUERY} source to fetch");
        return T0_OK;
    }
    if (!pc->server.url)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "SLO \"%s\" asks Prometheus: give --prometheus URL or the "
                            "configuration's prometheus.url",
                            pc->slos[0].name);
    t0_ms to = period->as_of < period->period_end ? period->as_of : period->period_end;
    int64_t start = 0, end = -1;
    if (!t0_prom_points(pc->server.step_seconds, period->period_start - lookback_ms(cfg),
                        to, &start, &end)) {
        /* Nothing has elapsed: empty series, written all the same. */
        start = 1;
        end = 0;
    }
    const char *dir = opt->save_series;
    if (!dir) {
        const char *base = getenv("TMPDIR");
        if (asprintf(tmpdir, "%s/tierzero-series-XXXXXX", base && *base ? base : "/tmp") <
                0 ||
            !mkdtemp(*tmpdir)) {
            free(*tmpdir);
            *tmpdir = NULL;
            return t0_error_set(err, T0_EOUTPUT, NULL, NULL,
                                "unable to make a temporary folder for the series");
        }
        dir = *tmpdir;
    }
    if (opt->verbose)
        fprintf(stderr, "tierzero: asking %s for %zu SLO%s' series, %lld to %lld\n",
                pc->server.url, pc->n_slos, pc->n_slos == 1 ? "" : "s", (long long)start,
                (long long)end);
    return t0_prom_fetch_all(pc, start, end, dir, warn_line, (void *)opt, err);
}

enum t0_status t0_cli_read_fetched(struct t0_config *cfg, unsigned threads,
                                   struct t0_error *err)
{
    const struct t0_prom_config *pc = cfg->prom;
    for (size_t k = 0; pc && k < pc->n_slos; k++) {
        size_t i = pc->slos[k].index;
        if (i >= cfg->n_slos)
            continue;
        struct t0_slo *slo = &cfg->slos[i];
        if (!t0_sli_is_events(slo->sli))
            continue;
        enum t0_prom_role num = slo->sli->counts_bad ? T0_PROM_BAD : T0_PROM_GOOD;
        enum t0_status st =
            t0_sli_use_fetched(slo->sli, slo->name, t0_prom_fetched_path(pc, i, num),
                               t0_prom_fetched_path(pc, i, T0_PROM_TOTAL), err);
        if (st != T0_OK)
            return st;
    }
    return t0_config_load_series(cfg, threads, err);
}

void t0_cli_remove_tmpdir(char *tmpdir)
{
    if (!tmpdir)
        return;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = NULL;
        if (asprintf(&path, "%s/%s", tmpdir, e->d_name) >= 0)
            unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    free(tmpdir);
}

struct hour_count {
    size_t series, samples;
};

static enum t0_status count_result(void *ctx, const json_t *result, struct t0_error *err)
{
    (void)err;
    struct hour_count *c = ctx;
    size_t i;
    json_t *s;
    json_array_foreach(result, i, s)
    {
        c->series++;
        c->samples += json_array_size(json_object_get(s, "values"));
    }
    return T0_OK;
}

size_t t0_cli_check_prometheus(const struct t0_config *cfg, FILE *out)
{
    const struct t0_prom_config *pc = cfg->prom;
    if (!pc || !pc->server.url) {
        if (pc && pc->n_slos)
            fprintf(out,
                    "prometheus: %zu SLO%s ask Prometheus and no server is given "
                    "(--prometheus URL or prometheus.url)\n",
                    pc->n_slos, pc->n_slos == 1 ? "" : "s");
        return pc && pc->n_slos ? 1 : 0;
    }
    size_t problems = 0;
    char *version = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    if (t0_prom_ping(&pc->server, &version, &err) != T0_OK) {
        char line[1200];
        t0_error_format(&err, line, sizeof line);
        fprintf(out, "prometheus: %s: not answering: %s\n", pc->server.url, err.text);
        return 1 + pc->n_slos;
    }
    fprintf(out, "prometheus: %s answers%s%s\n", pc->server.url,
            version ? ", version " : "", version ? version : "");
    free(version);
    int64_t step = pc->server.step_seconds;
    int64_t now = (int64_t)time(NULL);
    int64_t end = now - now % step, start = end - 3600 + step;
    if (start > end)
        start = end;
    for (size_t k = 0; k < pc->n_slos; k++) {
        const struct t0_prom_slo *e = &pc->slos[k];
        for (int r = 0; r < T0_PROM_NROLES; r++) {
            if (!e->query[r])
                continue;
            struct hour_count c = {0};
            t0_error_clear(&err);
            enum t0_status st = t0_prom_query_range(&pc->server, e->query[r], start, end,
                                                    count_result, &c, NULL, &err);
            const char *role = t0_prom_role_name((enum t0_prom_role)r);
            if (st != T0_OK) {
                fprintf(out, "  SLO \"%s\": %s: %s\n", e->name, role, err.text);
                problems++;
            } else if (c.samples == 0) {
                fprintf(out, "  SLO \"%s\": %s: no data over the last hour\n", e->name,
                        role);
                problems++;
            } else {
                fprintf(out,
                        "  SLO \"%s\": %s: %zu series, %zu samples over the last hour\n",
                        e->name, role, c.series, c.samples);
            }
        }
    }
    return problems;
}
