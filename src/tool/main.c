/* main.c: the tierzero command line: parse, load, compute, write, exit. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_maintenance.h"
#include "options.h"
#include "tierzero/burn.h"
#include "prom_cli.h"
#include "tierzero/config.h"
#include "tierzero/format.h"
#include "tierzero/ingest.h"
#include "tierzero/merge.h"
#include "tierzero/maintenance_load.h"
#include "tierzero/narrative.h"
#include "tierzero/output.h"
#include "tierzero/renderers.h"
#include "tierzero/report.h"
#include "tierzero/series.h"
#include "tierzero/review.h"
#include "tierzero/summary.h"
#include "tierzero/template.h"
#include "tierzero/quarters.h"

/* Everything one run holds; released once at the end. */
struct run {
    struct t0_options opt;
    struct t0_config cfg;
    bool cfg_ready;
    struct t0_zone *zone;
    struct t0_dataset *ds;
    struct t0_report rep;
    bool rep_ready;
    struct t0_template *tpl;
    const char *exe;
    bool progress; /* stderr is a terminal and not --quiet */
    int read_pct;  /* last percentage of the input shown, -1 none */
    struct t0_maint_file_report *maint_reports; /* one per --maintenance file */
    char *series_tmpdir; /* the fetched series without --save-series */
};

static void print_error(const struct t0_error *err)
{
    char line[1200];
    t0_error_format(err, line, sizeof line);
    fprintf(stderr, "tierzero: %s\n", line);
}

static int usage_error(const struct t0_options *opt, const struct t0_error *err)
{
    print_error(err);
    if (opt->command != CMD_NONE && opt->command != CMD_HELP)
        fprintf(stderr, "Try 'tierzero %s --help'.\n", t0_command_name(opt->command));
    else
        fprintf(stderr, "Try 'tierzero --help'.\n");
    return T0_EUSAGE;
}

static void progress(const struct run *run, const char *what)
{
    if (run->progress)
        fprintf(stderr, "\rtierzero: %-40s", what);
}

static void progress_done(const struct run *run)
{
    if (run->progress)
        fprintf(stderr, "\r%-60s\r", "");
}

/* The percentage of the incidents file read so far (t0_limits.progress). */
static void reading_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct run *run = ctx;
    int pct = total ? (int)(done * 100 / total) : -1;
    if (pct < 0 || pct == run->read_pct)
        return;
    run->read_pct = pct;
    char what[48];
    snprintf(what, sizeof what, "reading incidents (%d%%)", pct);
    progress(run, what);
}

/* ---- loading ---- */

static enum t0_status load_config(struct run *run, struct t0_error *err)
{
    enum t0_status st = t0_config_init(&run->cfg);
    if (st != T0_OK)
        return t0_error_set(err, st, NULL, NULL, "out of memory");
    run->cfg_ready = true;
    if (run->opt.config &&
        (st = t0_config_load(&run->cfg, run->opt.config, err)) != T0_OK)
        return st;
    if (run->opt.slo &&
        (st = t0_config_set_objective(&run->cfg, run->opt.slo, err)) != T0_OK)
        return st;
    if (run->opt.window &&
        (st = t0_config_set_window(&run->cfg, run->opt.window, err)) != T0_OK)
        return st;
    if (run->opt.tz &&
        (st = t0_config_set_timezone(&run->cfg, run->opt.tz, err)) != T0_OK)
        return st;
    if ((st = t0_cli_prometheus_option(&run->opt, &run->cfg, err)) != T0_OK)
        return st;
    run->zone = t0_zone_new(run->cfg.timezone, err);
    if (!run->zone)
        return run->opt.tz ? T0_EUSAGE : T0_EINPUT;
    return T0_OK;
}

/* Lists rejected records on stderr: all with -v, else the first 20. */
static void print_rejections(const struct run *run, const struct t0_input_report *in)
{
    if (run->opt.quiet || !in->present || !in->rejected)
        return;
    size_t shown =
        run->opt.verbose ? in->rejected : (in->rejected < 20 ? in->rejected : 20);
    for (size_t i = 0; i < shown; i++)
        fprintf(stderr, "tierzero: %s: rejected: %s\n", in->source,
                in->rejected_records[i].reason);
    if (shown < in->rejected)
        fprintf(
            stderr,
            "tierzero: %s: ... and %zu more rejected records (-v lists them all; so do "
            "'tierzero check' and the JSON summary)\n",
            in->source, in->rejected - shown);
    fprintf(stderr, "tierzero: %s: %zu records read, %zu accepted, %zu rejected\n",
            in->source, in->read, in->accepted, in->rejected);
}

/* A warning on stderr. -q silences it, except in the gate when it survives
 * -q: a gate that holds releases must say what it did not read. */
__attribute__((format(printf, 3, 4))) static void
warn(const struct run *run, bool survives_quiet, const char *fmt, ...)
{
    if (run->opt.quiet && !(survives_quiet && run->opt.command == CMD_GATE))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("tierzero: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The configuration's warnings (unknown keys, SLOs matching nothing). */
static void print_config_warnings(const struct run *run)
{
    const char *source = run->opt.config ? run->opt.config : "configuration";
    for (size_t i = 0; i < run->cfg.n_warnings; i++)
        warn(run, true, "%s: %s", source, run->cfg.warnings[i]);
}

/* An SLO whose services name nothing of the input measures nothing: its
 * perfect months would only say that its names are wrong. */
static enum t0_status warn_unmatched_slos(struct run *run, struct t0_error *err)
{
    for (size_t s = 0; run->cfg.slos_configured && s < run->cfg.n_slos; s++) {
        const struct t0_slo *slo = &run->cfg.slos[s];
        if (t0_sli_is_events(slo->sli) || t0_slo_matches_input(slo, run->ds))
            continue; /* an events SLO measures requests, not the input's services */
        char names[256] = "";
        size_t used = 0;
        for (size_t k = 0; k < slo->n_services && used < sizeof names; k++) {
            int w = snprintf(names + used, sizeof names - used, "%s\"%s\"", k ? ", " : "",
                             slo->services[k]);
            used += w > 0 ? (size_t)w : 0;
        }
        if (t0_config_add_warning(
                &run->cfg,
                "slos[%zu].services: %s of SLO \"%s\" match no incident "
                "and no release of the input",
                s, names, slo->name) != T0_OK)
            return t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
    }
    return T0_OK;
}

/* --maintenance files (definitions.md §10) into the dataset's maintenance list. */
static enum t0_status load_maintenance(struct run *run, struct t0_error *err)
{
    if (!run->opt.n_maintenance)
        return T0_OK;
    struct t0_maint_list *list = t0_dataset_maintenance(run->ds);
    run->maint_reports = calloc(run->opt.n_maintenance, sizeof *run->maint_reports);
    if (!list || !run->maint_reports)
        return t0_error_set(err, T0_EINPUT, NULL, NULL, "out of memory");
    for (size_t i = 0; i < run->opt.n_maintenance; i++) {
        enum t0_status st = t0_maint_read_scheduled(list, run->opt.maintenance[i],
                                                    &run->maint_reports[i], err);
        if (st != T0_OK)
            return st == T0_ENOMEM ? T0_EINPUT : st;
    }
    return T0_OK;
}

/* The first reasons an input's records were rejected, "; " between them. */
static void first_reasons(const struct t0_input_report *in, size_t max, char *buf,
                          size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < in->rejected && i < max && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? "; " : "",
                         in->rejected_records[i].reason);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* Records were read and none accepted: whatever came out would describe an
 * empty history, not this file. An input error, whatever -q says. */
static enum t0_status require_accepted(const struct t0_input_report *in, const char *what,
                                       struct t0_error *err)
{
    if (!in->present || in->read == 0 || in->accepted > 0)
        return T0_OK;
    char reasons[400];
    first_reasons(in, 2, reasons, sizeof reasons);
    return t0_error_set(
        err, T0_EINPUT, in->source, NULL,
        "none of the %zu %s record%s read %s accepted; first reason%s: %s", in->read,
        what, in->read == 1 ? "" : "s", in->read == 1 ? "was" : "were",
        in->rejected > 1 ? "s" : "", reasons);
}

/* Below input.min_accepted_pct of the records accepted, most of the file was
 * not understood; a releases file with none accepted gives no release
 * analysis at all. */
static void warn_low_acceptance(const struct run *run, const struct t0_input_report *in,
                                const char *what)
{
    if (!in->present || in->read == 0)
        return;
    char reasons[400];
    first_reasons(in, 2, reasons, sizeof reasons);
    if (in->accepted == 0) {
        warn(run, true,
             "%s: warning: none of the %zu %s record%s read %s accepted (%s); the "
             "documents say \"no usable releases\"",
             in->source, in->read, what, in->read == 1 ? "" : "s",
             in->read == 1 ? "was" : "were", reasons);
        return;
    }
    if (in->accepted == in->left_out) {
        warn(run, true,
             "%s: warning: all %zu %s record%s %s of environments other than "
             "correlation.environment; the documents say \"no usable releases\"",
             in->source, in->read, what, in->read == 1 ? "" : "s",
             in->read == 1 ? "is" : "are");
        return;
    }
    double pct = 100.0 * (double)in->accepted / (double)in->read;
    if (pct >= run->cfg.min_accepted_pct)
        return;
    warn(run, true,
         "%s: warning: only %zu of %zu %s records (%.1f%%) were accepted, below "
         "input.min_accepted_pct %g; the figures leave the other %zu out (first "
         "reasons: %s)",
         in->source, in->accepted, in->read, what, pct, run->cfg.min_accepted_pct,
         in->rejected, reasons);
}

static enum t0_status load_inputs(struct run *run, struct t0_error *err)
{
    enum t0_status st = load_config(run, err);
    if (st != T0_OK)
        return st;
    run->ds = t0_dataset_new();
    if (!run->ds)
        return t0_error_set(err, T0_EINPUT, NULL, NULL, "out of memory");
    progress(run, "reading incidents");
    /* Postmortem material stays in the file until a document needs it
     * (load_narratives): memory stays well under the input's size. */
    struct t0_limits limits = run->opt.limits;
    limits.defer_narrative = true;
    /* A summary, the gate and a check name no incident: keep no titles. */
    limits.skip_labels = run->opt.command == CMD_SUMMARY ||
                         run->opt.command == CMD_GATE || run->opt.command == CMD_CHECK;
    limits.import = &run->cfg.import;
    limits.environment = run->cfg.environment;
    run->read_pct = -1;
    if (run->progress) {
        limits.progress = reading_progress;
        limits.progress_ctx = run;
    }
    if (run->opt.incidents)
        st = t0_read_incidents(run->ds, run->opt.incidents, &limits, err);
    else if (!t0_config_events_only(&run->cfg))
        return t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "%s needs an incidents file (INCIDENTS.json, or - for standard "
            "input); only a configuration whose SLOs are all events SLOs "
            "goes without one",
            t0_command_name(run->opt.command));
    if (st != T0_OK)
        return st == T0_ENOMEM ? T0_EINPUT : st;
    progress(run, "reading series");
    if ((st = t0_config_load_series(&run->cfg, run->opt.limits.threads, err)) != T0_OK)
        return st == T0_ENOMEM ? T0_EINPUT : st;
    if (run->opt.releases) {
        progress(run, "reading releases");
        struct t0_limits rel_limits = run->opt.limits;
        rel_limits.environment = run->cfg.environment;
        st = t0_read_releases(run->ds, run->opt.releases, &rel_limits, err);
        if (st != T0_OK)
            return st == T0_ENOMEM ? T0_EINPUT : st;
    }
    st = load_maintenance(run, err);
    if (st != T0_OK)
        return st;
    progress_done(run);
    t0_config_bind(&run->cfg, run->ds);
    if ((st = warn_unmatched_slos(run, err)) != T0_OK)
        return st;
    if (run->opt.command != CMD_CHECK) {
        print_config_warnings(run);
        print_rejections(run, &run->ds->incidents_input);
        print_rejections(run, &run->ds->releases_input);
    }
    size_t rejected =
        run->ds->incidents_input.rejected + run->ds->releases_input.rejected;
    if (run->opt.strict && rejected && run->opt.command != CMD_CHECK)
        return t0_error_set(err, T0_EINPUT, NULL, NULL, "--strict: %zu record%s rejected",
                            rejected, rejected == 1 ? " was" : "s were");
    if (run->opt.command != CMD_CHECK) {
        if ((st = require_accepted(&run->ds->incidents_input, "incident", err)) != T0_OK)
            return st;
        warn_low_acceptance(run, &run->ds->incidents_input, "incident");
        warn_low_acceptance(run, &run->ds->releases_input, "release");
    }
    return T0_OK;
}

/* ---- the period ---- */

/* "YYYY-MM", "YYYY-MM-DD" (its month), "this", "last". */
static bool parse_month_arg(const struct run *run, const char *text, struct t0_month *out)
{
    if (strcmp(text, "this") == 0 || strcmp(text, "last") == 0) {
        *out = t0_zone_month_of(run->zone, t0_now());
        if (text[0] == 'l')
            *out = t0_month_add(*out, -1);
        return true;
    }
    if (t0_parse_month(text, out))
        return true;
    int64_t days;
    if (strlen(text) == 10 && t0_parse_date(text, 10, &days, NULL)) {
        int y, m, d;
        t0_civil_from_days(days, &y, &m, &d);
        out->year = y;
        out->month = m;
        return true;
    }
    return false;
}

/* RFC 3339, or YYYY-MM-DD meaning local midnight starting that day. */
static bool parse_instant_arg(const struct run *run, const char *text, t0_ms *out,
                              const char **reason)
{
    int64_t days;
    size_t len = strlen(text);
    if (strcasecmp(text, "now") == 0) {
        *out = t0_now();
        return true;
    }
    if (strcasecmp(text, "today") == 0) {
        struct t0_civil c;
        t0_zone_civil(run->zone, t0_now(), &c);
        *out = t0_zone_day_start(run->zone, c.year, c.month, c.day);
        return true;
    }
    if (len == 10 && t0_parse_date(text, len, &days, NULL)) {
        int y, m, d;
        t0_civil_from_days(days, &y, &m, &d);
        *out = t0_zone_day_start(run->zone, y, m, d);
        return true;
    }
    return t0_parse_rfc3339(text, len, out, reason);
}

static enum t0_status build_request(struct run *run, struct t0_period_request *req,
                                    struct t0_error *err)
{
    memset(req, 0, sizeof *req);
    req->now = t0_now();
    req->history = run->opt.history ? run->opt.history : 12;
    const struct t0_options *o = &run->opt;
    if (o->as_of) {
        const char *reason = NULL;
        struct t0_month m;
        char next[16];
        if (t0_parse_month(o->as_of, &m))
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--as-of: expected an instant, got the month '%s' (for that "
                "month's review use --month %s; for its end, --as-of %s-01)",
                o->as_of, o->as_of, t0_format_month(t0_month_add(m, 1), next));
        if (!parse_instant_arg(run, o->as_of, &req->as_of, &reason)) {
            /* A word is not a time with a typo: no parser detail for it. */
            bool word = !isdigit((unsigned char)o->as_of[0]);
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--as-of: expected an RFC 3339 time with offset "
                "(2026-10-31T23:59:59Z), a date YYYY-MM-DD (midnight starting "
                "it), 'today' (midnight starting today) or 'now', got '%s'%s%s",
                o->as_of, reason && !word ? ": " : "", reason && !word ? reason : "");
        }
        req->has_as_of = true;
    }
    if (o->month) {
        if (!parse_month_arg(run, o->month, &req->month))
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--month: expected YYYY-MM, YYYY-MM-DD, 'this' or 'last', "
                "got '%s'",
                o->month);
        req->has_month = true;
    }
    if (o->from) {
        if (!parse_month_arg(run, o->from, &req->from))
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--from: expected YYYY-MM, YYYY-MM-DD, 'this' or 'last', got "
                "'%s'",
                o->from);
        if (!parse_month_arg(run, o->to, &req->to))
            return t0_error_set(
                err, T0_EUSAGE, NULL, NULL,
                "--to: expected YYYY-MM, YYYY-MM-DD, 'this' or 'last', got '%s'", o->to);
        if (t0_month_diff(req->from, req->to) < 0)
            return t0_error_set(err, T0_EUSAGE, NULL, NULL, "--from %s is after --to %s",
                                o->from, o->to);
        if (t0_month_diff(req->from, req->to) >= 1200)
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "--from/--to: at most 1200 months");
        req->has_range = true;
    }
    if (o->quarter && run->opt.command != CMD_GATE) {
        if (!t0_parse_quarter(o->quarter, &req->quarter_year, &req->quarter))
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "--quarter: expected YYYY-Qn (n from 1 to 4), got '%s'",
                                o->quarter);
        req->has_quarter = true;
    }
    if (run->opt.command == CMD_GATE) {
        /* The gate judges the month holding as_of (default now). */
        if (!req->has_as_of) {
            req->as_of = req->now;
            req->has_as_of = true;
        }
        if (!req->has_month && !req->has_range) {
            req->month = t0_zone_month_of(run->zone, req->as_of);
            req->has_month = true;
            if (req->month.year < 1) {
                char when[T0_RFC3339_SIZE];
                return t0_error_set(
                    err, T0_EINPUT, NULL, NULL,
                    "--as-of %s falls before 0001-01 in %s: no month to judge",
                    t0_format_utc(req->as_of, when), t0_zone_name(run->zone));
            }
        }
        if (!run->opt.history)
            req->history = 1;
    }
    return T0_OK;
}

static enum t0_status compute(struct run *run, struct t0_error *err)
{
    struct t0_period_request req;
    enum t0_status st = build_request(run, &req, err);
    if (st != T0_OK)
        return st;
    if (run->cfg.prom) {
        /* PromQL sources: the period's series, fetched before any figure. */
        struct t0_report period;
        progress(run, "asking Prometheus");
        if ((st = t0_report_period(&period, run->ds, run->zone, &req, err)) != T0_OK ||
            (st = t0_cli_fetch_series(&run->opt, &run->cfg, &period, &run->series_tmpdir,
                                      err)) != T0_OK ||
            (st = t0_cli_read_fetched(&run->cfg, run->opt.limits.threads, err)) != T0_OK)
            return st == T0_ENOMEM ? T0_EINPUT : st;
    } else if (run->opt.save_series) {
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "--save-series: the configuration has no {\"prometheus\": "
                            "QUERY} source to fetch");
    }
    /* Fail closed: no events SLO is judged without its samples. */
    for (size_t s = 0; s < run->cfg.n_slos; s++)
        if (t0_sli_is_events(run->cfg.slos[s].sli) && !run->cfg.slos[s].sli->series)
            return t0_error_set(err, T0_EINPUT, NULL, NULL,
                                "SLO \"%s\": its samples were not read",
                                run->cfg.slos[s].name);
    progress(run, "computing figures");
    st = t0_report_compute(&run->rep, run->ds, &run->cfg, run->zone, &req, err);
    progress_done(run);
    if (st == T0_OK)
        run->rep_ready = true;
    return st == T0_ENOMEM ? T0_EINPUT : st;
}

static bool newest_incident(const struct run *run, t0_ms as_of, t0_ms *out);

/* A review month that has not begun, or that begins long after the newest
 * incident, reads as a clean month that nobody measured: say so. */
#define STALE_REVIEW_DAYS 31

static void warn_review_month(const struct run *run)
{
    const struct t0_report *rep = &run->rep;
    char month[32], when[64];
    t0_format_month_long(rep->review, month, sizeof month);
    if (rep->review_start >= rep->as_of) {
        t0_format_local(rep->zone, rep->as_of, 3, when);
        warn(run, false,
             "warning: the review month, %s, has not begun at as_of (%s): it has "
             "no figures yet",
             month, when);
        return;
    }
    t0_ms newest = 0;
    if (!newest_incident(run, INT64_MAX, &newest) ||
        rep->review_start - newest <= STALE_REVIEW_DAYS * T0_MS_PER_DAY)
        return;
    t0_format_local(rep->zone, newest, 3, when);
    warn(
        run, false,
        "warning: the review month, %s, begins %lld days after the newest incident of %s "
        "(%s): is the file up to date?",
        month, (long long)((rep->review_start - newest) / T0_MS_PER_DAY),
        run->ds->incidents_input.source, when);
}

/* ---- commands ---- */

/* The shape of the records (definitions.md §7.1: decided per record): one line when
 * they all have one, else one line per run of records of one shape. */
static void check_print_shapes(const struct t0_input_report *in)
{
    bool mixed = false;
    for (size_t i = 1; i < in->n_shapes; i++)
        if (strcmp(in->shapes[i].shape, in->shapes[0].shape) != 0)
            mixed = true;
    for (size_t i = 0; i < in->n_shapes && mixed; i++) {
        const struct t0_shape_run *r = &in->shapes[i];
        if (r->count == 1)
            printf("  record %zu: %s\n", r->first, r->shape);
        else
            printf("  records %zu-%zu: %s\n", r->first, r->first + r->count - 1,
                   r->shape);
    }
    if (in->n_shapes && !mixed)
        printf("  records: %s\n", in->shapes[0].shape);
    /* Each vendor mapping used, once. */
    for (size_t i = 0; i < in->n_shapes; i++) {
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen = seen || in->shapes[k].mapping == in->shapes[i].mapping;
        if (in->shapes[i].mapping && !seen)
            printf("  %s mapping: %s\n", in->shapes[i].shape, in->shapes[i].mapping);
    }
}

/* The configuration's import block, when it overrides a vendor mapping. */
static void check_print_import(const struct t0_import *im)
{
    static const char *const whats[] = {"started", "detected", "mitigated", "resolved"};
    for (size_t i = 0; i < im->n_impact; i++)
        printf("  import: impact \"%s\" -> %s\n", im->impact[i].name,
               t0_impact_name(im->impact[i].impact));
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < im->n_timestamps[i]; k++)
            printf("  import: %s timestamp \"%s\"\n", whats[i], im->timestamps[i][k]);
    if (im->services_field)
        printf("  import: services from the custom field \"%s\"\n", im->services_field);
}

/* What was read; each rejected record goes to stderr as "FILE: rejected: ...". */
static void check_print_input(const struct t0_input_report *in, const char *what)
{
    if (!in->present)
        return;
    printf("%s: %s (%s)\n", in->source, what, in->format ? in->format : "unknown format");
    printf("  read %zu, accepted %zu, rejected %zu\n", in->read, in->accepted,
           in->rejected);
    check_print_shapes(in);
    if (in->left_out)
        printf("  %zu of them left out of every figure (another environment)\n",
               in->left_out);
    if (in->maintenance)
        printf("  %zu of them maintenance windows, not incidents (%zu ignored: end not "
               "after "
               "start)\n",
               in->maintenance, in->maintenance_ignored);
    for (size_t i = 0; i < in->rejected; i++) {
        const struct t0_rejected *r = &in->rejected_records[i];
        fprintf(stderr, "tierzero: %s: rejected record %zu", in->source, r->index);
        if (r->line)
            fprintf(stderr, " (line %zu)", r->line);
        if (r->id)
            fprintf(stderr, ", id \"%s\"", r->id);
        fprintf(stderr, ": %s\n", r->reason);
    }
}

static void check_print_incidents(const struct run *run)
{
    const struct t0_dataset *ds = run->ds;
    if (!ds->n_incidents)
        return;
    t0_ms first = INT64_MAX, last = INT64_MIN;
    size_t by_impact[T0_IMPACT_COUNT] = {0}, ongoing = 0;
    size_t n_sym = t0_symtab_count(ds->symbols);
    size_t *per_service = calloc(n_sym ? n_sym : 1, sizeof *per_service);
    size_t no_services = 0;
    for (size_t i = 0; i < ds->n_incidents; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        if (inc->started_at < first)
            first = inc->started_at;
        if (inc->started_at > last)
            last = inc->started_at;
        by_impact[inc->impact]++;
        if (inc->resolved_at == T0_NO_TIME)
            ongoing++;
        if (!inc->services.count)
            no_services++;
        for (uint32_t s = 0; per_service && s < inc->services.count; s++)
            per_service[inc->services.items[s]]++;
    }
    char a[64], b[64];
    printf("  incidents started %s to %s (%s)\n", t0_format_local(run->zone, first, 0, a),
           t0_format_local(run->zone, last, 0, b), t0_zone_name(run->zone));
    printf(
        "  impacts: major_outage %zu, partial_outage %zu, degraded_performance %zu, none "
        "%zu; ongoing %zu\n",
        by_impact[T0_IMPACT_MAJOR], by_impact[T0_IMPACT_PARTIAL],
        by_impact[T0_IMPACT_DEGRADED], by_impact[T0_IMPACT_NONE], ongoing);
    printf("  services:");
    size_t listed = 0;
    for (size_t s = 0; per_service && s < n_sym; s++) {
        if (!per_service[s])
            continue;
        if (listed == 30) {
            printf(" ...");
            break;
        }
        printf("%s %s (%zu)", listed ? "," : "", t0_symtab_name(ds->symbols, (t0_sym)s),
               per_service[s]);
        listed++;
    }
    if (no_services)
        printf("%s none given (%zu)", listed ? "," : "", no_services);
    printf("\n");
    free(per_service);
}

/* Each events SLO's samples: how many, the step, the invalid and unpaired
 * ones, the span (definitions.md §8). */
static void check_print_series(const struct run *run)
{
    for (size_t i = 0; i < run->cfg.n_slos; i++) {
        const struct t0_slo *slo = &run->cfg.slos[i];
        const struct t0_series *ser =
            t0_sli_is_events(slo->sli) ? slo->sli->series : NULL;
        if (!ser)
            continue;
        size_t invalid = 0, unpaired = 0;
        for (size_t k = 0; k < ser->n; k++) {
            invalid += ser->state[k] == T0_SAMPLE_INVALID;
            unpaired += ser->state[k] == T0_SAMPLE_UNPAIRED;
        }
        printf("%s: events SLO, %zu paired samples every %g s (%zu invalid), %zu "
               "unpaired timestamps",
               slo->name, ser->n - unpaired, (double)ser->step_ms / 1000.0, invalid,
               unpaired);
        if (ser->n) {
            char a[T0_RFC3339_SIZE], b[T0_RFC3339_SIZE];
            printf(", %s to %s", t0_format_utc(ser->t[0], a),
                   t0_format_utc(ser->t[ser->n - 1], b));
        }
        printf("\n");
    }
}

/* Releases still without services (none given, none configured) match only
 * "*" SLOs: say so, since freezes of the other SLOs cannot be checked. */
static void check_print_release_services(const struct run *run)
{
    size_t bare = 0;
    for (size_t r = 0; r < run->ds->n_releases; r++)
        bare += run->ds->releases[r].services.count == 0;
    if (bare)
        printf("  %zu release%s without services: %s only SLOs covering \"*\" (give "
               "services "
               "with releases.services or releases.rules in the configuration)\n",
               bare, bare == 1 ? "" : "s", bare == 1 ? "it matches" : "they match");
}

static int cmd_check(struct run *run, struct t0_error *err)
{
    const struct t0_dataset *ds = run->ds;
    if (run->opt.config)
        printf("%s: configuration, %zu SLO%s\n", run->opt.config, run->cfg.n_slos,
               run->cfg.n_slos == 1 ? "" : "s");
    for (size_t i = 0; i < run->cfg.n_warnings; i++)
        printf("  warning: %s\n", run->cfg.warnings[i]);
    check_print_import(&run->cfg.import);
    check_print_series(run);
    check_print_input(&ds->incidents_input, "incidents");
    check_print_incidents(run);
    check_print_input(&ds->releases_input, "releases");
    check_print_release_services(run);
    size_t server_problems = t0_cli_check_prometheus(&run->cfg, stdout);
    enum t0_status st = require_accepted(&ds->incidents_input, "incident", err);
    if (st == T0_OK)
        st = require_accepted(&ds->releases_input, "release", err);
    if (st != T0_OK)
        return st;
    t0_check_maintenance(stdout, &run->cfg, ds, run->zone, run->opt.maintenance,
                         run->maint_reports, run->opt.n_maintenance);
    size_t rejected = ds->incidents_input.rejected + ds->releases_input.rejected;
    if (rejected) {
        if (!run->opt.quiet)
            fprintf(stderr, "tierzero: %zu record%s rejected\n", rejected,
                    rejected == 1 ? "" : "s");
        return T0_EINPUT;
    }
    if (server_problems)
        return t0_error_set(err, T0_EINPUT, NULL, NULL, "%zu problem%s with Prometheus",
                            server_problems, server_problems == 1 ? "" : "s");
    size_t warned = run->cfg.n_warnings;
    if (warned && run->opt.strict)
        return t0_error_set(err, T0_EINPUT, run->opt.config, NULL,
                            "--strict: %zu configuration warning%s", warned,
                            warned == 1 ? "" : "s");
    if (warned)
        printf("no problems found; %zu warning%s\n", warned, warned == 1 ? "" : "s");
    else
        printf("no problems found\n");
    return T0_OK;
}

static int cmd_summary(struct run *run)
{
    if (run->opt.json) {
        errno = 0;
        if (!t0_summary_print_json(&run->rep, stdout)) {
            fprintf(stderr,
                    "tierzero: unable to write the summary to standard output%s%s\n",
                    errno ? ": " : "", errno ? strerror(errno) : "");
            return T0_EOUTPUT;
        }
    } else {
        t0_summary_text(&run->rep, stdout, 6);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tierzero: unable to write to standard output: %s\n",
                strerror(errno));
        return T0_EOUTPUT;
    }
    return T0_OK;
}

/* Only these SLOs count for the gate: those covering every --service given. */
static bool gate_applies(struct run *run, const struct t0_slo *slo)
{
    if (!run->opt.n_services)
        return true;
    for (size_t i = 0; i < run->opt.n_services; i++) {
        const char *name = run->opt.services[i];
        t0_sym sym = t0_symtab_intern(run->ds->symbols, name, strlen(name));
        struct t0_symlist one = {&sym, 1};
        if (t0_slo_matches(slo, one))
            return true;
    }
    return false;
}

/* Releases in the releases file that have not shipped by as_of (scheduled
 * ones): name those that would violate the policy if shipped now, that is
 * whose services an exhausted SLO covers. */
static void gate_name_pending_releases(struct run *run)
{
    const struct t0_report *rep = &run->rep;
    const struct t0_dataset *ds = run->ds;
    for (size_t r = 0; r < ds->n_releases; r++) {
        const struct t0_release *rel = &ds->releases[r];
        if (rel->released_at < rep->as_of)
            continue;
        for (size_t s = 0; s < rep->n_slos; s++) {
            const struct t0_slo *slo = rep->slos[s].slo;
            const struct t0_slo_window *w = t0_report_review_window(rep, s);
            if (w->status != T0_STATUS_EXHAUSTED || !gate_applies(run, slo) ||
                !t0_slo_matches(slo, rel->services))
                continue;
            fprintf(stderr,
                    "tierzero: gate: release '%s' would violate the policy of %s if "
                    "shipped now\n",
                    rel->id, slo->name);
        }
    }
}

/* gate --burn: a page-severity rule firing at as_of holds releases too. */
static bool gate_burn_holds(struct run *run, size_t s)
{
    const struct t0_report *rep = &run->rep;
    const struct t0_slo_burn *b = rep->slos[s].burn;
    const struct t0_alert_episode *ep = t0_burn_firing_page(b);
    if (!ep)
        return false;
    const struct t0_alert_rule *rule = &b->rules[ep->rule];
    char name[48], since[64];
    t0_format_local(rep->zone, t0_burn_episode_start(rep, s, ep), 3, since);
    fprintf(stderr,
            "tierzero: gate: %s: the page rule %s (burn rate above %g over both windows) "
            "is firing, since %s; hold releases until it stops\n",
            rep->slos[s].slo->name, t0_alert_rule_name(rule, name, sizeof name),
            (double)rule->burn_micro / 1e6, since);
    return true;
}

/* Is a --service name covered: named by an SLO, or, for an SLO of every
 * service ("*"), a service the input knows? */
static bool gate_service_known(const struct run *run, const char *name)
{
    t0_sym sym;
    if (!t0_symtab_find(run->ds->symbols, name, strlen(name), &sym))
        return false; /* neither in an SLO nor in the input */
    struct t0_symlist one = {&sym, 1};
    for (size_t s = 0; s < run->cfg.n_slos; s++) {
        const struct t0_slo *slo = &run->cfg.slos[s];
        /* A "*" SLO covers every name; the name is real when the input has it. */
        if (t0_slo_matches(slo, one))
            return true;
    }
    return false;
}

/* Every --service must name a service an SLO covers: a misspelt name would
 * otherwise judge nothing and open the gate. */
static enum t0_status gate_check_services(struct run *run, struct t0_error *err)
{
    for (size_t i = 0; i < run->opt.n_services; i++) {
        const char *name = run->opt.services[i];
        if (gate_service_known(run, name))
            continue;
        bool every = false;
        for (size_t s = 0; s < run->cfg.n_slos; s++)
            every = every || run->cfg.slos[s].all_services;
        /* The known names: the SLOs' own, and with a "*" SLO the input's. */
        char known[400] = "";
        size_t used = 0, n_sym = t0_symtab_count(run->ds->symbols);
        for (size_t s = 0; s < n_sym && used < sizeof known; s++) {
            t0_sym sym = (t0_sym)s;
            struct t0_symlist one = {&sym, 1};
            bool listed = false;
            for (size_t k = 0; k < run->cfg.n_slos && !listed; k++)
                listed = !run->cfg.slos[k].all_services &&
                         t0_slo_matches(&run->cfg.slos[k], one);
            if (!listed && !every)
                continue;
            int w = snprintf(known + used, sizeof known - used, "%s'%s'",
                             used ? ", " : "", t0_symtab_name(run->ds->symbols, sym));
            used += w > 0 ? (size_t)w : 0;
        }
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "--service '%s' names no service of any SLO%s (known: %s)",
                            name, every ? " or of the input" : "", used ? known : "none");
    }
    return T0_OK;
}

/* The latest start among the incidents before as_of; false when none. */
static bool newest_incident(const struct run *run, t0_ms as_of, t0_ms *out)
{
    bool found = false;
    for (size_t i = 0; i < run->ds->n_incidents; i++) {
        t0_ms t = run->ds->incidents[i].started_at;
        if (t < as_of && (!found || t > *out)) {
            *out = t;
            found = true;
        }
    }
    return found;
}

/* A gate fed a stale file judges a month the file knows nothing of: past
 * --max-age (default 30 days, a warning) the newest incident is too old.
 * Given explicitly, --max-age makes that, or a file with no incident, an
 * input error. */
static enum t0_status gate_check_age(struct run *run, struct t0_error *err)
{
    const struct t0_report *rep = &run->rep;
    bool strict = run->opt.max_age_days > 0;
    int days = strict ? run->opt.max_age_days : 30;
    const char *src = run->ds->incidents_input.source;
    t0_ms newest = 0;
    char when[64];
    if (!run->opt.incidents)
        return T0_OK; /* events SLOs only: a month without requests is refused below */
    if (!newest_incident(run, rep->as_of, &newest)) {
        if (strict)
            return t0_error_set(err, T0_EINPUT, src, NULL,
                                "no incident started before as_of, so nothing shows the "
                                "file is less than --max-age %d days old",
                                days);
        warn(run, true,
             "%s: warning: no incident started before as_of: the gate cannot tell "
             "how recent the file is",
             src);
        return T0_OK;
    }
    t0_ms age = rep->as_of - newest;
    if (age <= (t0_ms)days * T0_MS_PER_DAY)
        return T0_OK;
    t0_format_local(rep->zone, newest, 3, when);
    long long age_days = (long long)(age / T0_MS_PER_DAY);
    if (strict)
        return t0_error_set(
            err, T0_EINPUT, src, NULL,
            "the newest incident started %lld days before as_of (%s), more "
            "than --max-age %d: the file looks out of date",
            age_days, when, days);
    warn(run, true,
         "%s: warning: the newest incident started %lld days before as_of (%s): is the "
         "file "
         "up to date? (--max-age DAYS makes this an error)",
         src, age_days, when);
    return T0_OK;
}

static int cmd_gate(struct run *run, struct t0_error *err)
{
    const struct t0_report *rep = &run->rep;
    int status = T0_OK;
    size_t considered = 0, no_data = 0;
    enum t0_status st = gate_check_services(run, err);
    if (st == T0_OK)
        st = gate_check_age(run, err);
    if (st != T0_OK)
        return st;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo *slo = rep->slos[s].slo;
        if (!gate_applies(run, slo))
            continue;
        considered++;
        if (run->opt.burn && gate_burn_holds(run, s))
            status = T0_EGATE;
        const struct t0_slo_window *w = t0_report_review_window(rep, s);
        char obj[32], pct[32], left[32], when[64], until[64], month[32];
        t0_format_objective(slo->objective_pct, obj, sizeof obj);
        t0_format_pct(w->budget_consumed_pct, pct, sizeof pct);
        t0_format_month_long(w->month, month, sizeof month);
        if (w->status == T0_STATUS_EXHAUSTED) {
            status = T0_EGATE;
            t0_format_local(rep->zone, w->exhausted_at, 3, when);
            t0_format_local(rep->zone, w->end, 2, until);
            fprintf(
                stderr,
                "tierzero: gate: %s: the %s error budget for %s is exhausted (%s used, "
                "since %s); hold releases until %s\n",
                slo->name, obj, month, pct, when, until);
        } else if (w->status == T0_STATUS_NO_DATA ||
                   (w->has_samples && w->samples_counted == 0 && w->elapsed_ms > 0)) {
            /* No request counted (occurrences: no data; timeslices: no slice
             * at all): not a met budget. */
            fprintf(stderr,
                    "tierzero: gate: %s: no requests were counted in %s up to --as-of: "
                    "there is nothing to judge a release on\n",
                    slo->name, month);
            no_data++;
        } else {
            if (w->unit == T0_UNIT_EVENTS) {
                char bad[32], total[32];
                t0_format_events(w->budget_remaining_events, left, sizeof left);
                if (!run->opt.quiet)
                    printf("%s: %s bad of %s requests in %s; ", slo->name,
                           t0_format_events(w->events_bad, bad, sizeof bad),
                           t0_format_events(w->events_total, total, sizeof total), month);
                if (!run->opt.quiet)
                    printf("%s of the %s budget used, %s requests left (%s)\n", pct, obj,
                           left, t0_slo_status_label(w->status));
                continue;
            }
            t0_format_duration(w->budget_remaining_minutes, left, sizeof left);
            if (!run->opt.quiet)
                printf("%s: %s of the %s budget used in %s, %s left (%s)\n", slo->name,
                       pct, obj, month, left, t0_slo_status_label(w->status));
        }
    }
    if (!considered) {
        fprintf(stderr, "tierzero: gate: no SLO covers the services given\n");
        return T0_OK;
    }
    if (status == T0_EGATE)
        gate_name_pending_releases(run);
    if (status == T0_OK && no_data)
        return t0_error_set(err, T0_EINPUT, NULL, NULL,
                            "the gate does not open on no data: %zu SLO%s counted no "
                            "request this month",
                            no_data, no_data == 1 ? "" : "s");
    if (status == T0_OK && !run->opt.quiet)
        printf("gate: open\n");
    return status;
}

/* The inputs, which no document may replace. */
static void input_paths(const struct run *run, const char *inputs[3])
{
    inputs[0] = run->opt.incidents;
    inputs[1] = run->opt.releases;
    inputs[2] = run->opt.config;
}

static enum t0_status output_path(const struct run *run, const char *base,
                                  const char *suffix, char *buf, size_t size,
                                  struct t0_error *err)
{
    const char *dir = run->opt.out_dir ? run->opt.out_dir : ".";
    if ((size_t)snprintf(buf, size, "%s/%s%s", dir, base, suffix) >= size)
        return t0_error_set(err, T0_EOUTPUT, dir, NULL, "output path too long");
    const char *inputs[3];
    input_paths(run, inputs);
    return t0_output_check_not_input(buf, inputs, 3, err);
}

static enum t0_status load_template(struct run *run, const char *fallback,
                                    struct t0_error *err)
{
    if (run->tpl)
        return T0_OK;
    const char *name = run->opt.template_dir ? run->opt.template_dir : fallback;
    return t0_template_load(name, run->exe, &run->tpl, err);
}

static bool valid_base_name(const char *name)
{
    return *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
           strcmp(name, "..") != 0;
}

/* The tool's --format bits as the library's. */
static unsigned review_formats(unsigned fmt)
{
    static const struct {
        unsigned tool, lib;
    } map[] = {{FMT_PDF, T0_REVIEW_PDF},
               {FMT_XLSX, T0_REVIEW_XLSX},
               {FMT_JSON, T0_REVIEW_JSON},
               {FMT_PNG, T0_REVIEW_PNG},
               {FMT_EML, T0_REVIEW_EML}};
    unsigned out = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        out |= (fmt & map[i].tool) ? map[i].lib : 0;
    return out;
}

/* The command draws a PDF or charts (report's default formats include the
 * PDF; the e-mail attaches it). */
/* Whether the command draws a document (the drawing module is needed), and
 * whether one of them is set in type (the fonts are). */
static bool draws_documents(const struct t0_options *opt, bool *fonts)
{
    unsigned formats =
        opt->formats == 0 ? T0_REVIEW_DEFAULT_FORMATS : review_formats(opt->formats);
    *fonts = opt->command == CMD_POSTMORTEM ||
             (formats & (T0_REVIEW_PDF | T0_REVIEW_PNG | T0_REVIEW_EML));
    if (opt->command == CMD_POSTMORTEM)
        return true;
    return opt->command == CMD_REPORT && (*fonts || (formats & T0_REVIEW_XLSX));
}

static void review_progress(void *ctx, const char *step)
{
    progress(ctx, step);
}

/* The verdict and the documents written, in the order a reader looks for them. */
static void say_written(const struct run *run, const struct t0_review_result *res)
{
    char verdict[512];
    fprintf(stderr, "tierzero: %s.\n", t0_verdict(&run->rep, verdict, sizeof verdict));
    static const struct {
        unsigned bit;
        const char *suffix;
    } written[] = {{T0_REVIEW_PDF, ".pdf"},
                   {T0_REVIEW_XLSX, ".xlsx"},
                   {T0_REVIEW_JSON, ".json"},
                   {T0_REVIEW_EML, ".eml"},
                   {T0_REVIEW_PNG, "-*.png"}};
    fprintf(stderr, "tierzero: wrote");
    const char *sep = " ";
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
        if (!(res->formats & written[i].bit))
            continue;
        fprintf(stderr, "%s%s%s", sep, res->base, written[i].suffix);
        sep = ", ";
    }
    fprintf(stderr, " in %s\n", run->opt.out_dir ? run->opt.out_dir : ".");
}

/* report: the options as a review (t0_review_write does the writing). */
static int cmd_report(struct run *run, struct t0_error *err)
{
    char base[256];
    if (run->opt.name) {
        snprintf(base, sizeof base, "%s", run->opt.name);
        if (!t0_review_name_ok(base))
            return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                                "--name: expected a file base name without '/', got '%s'",
                                base);
    }
    const char *inputs[3];
    input_paths(run, inputs);
    struct t0_review_options ro = {
        .formats = review_formats(run->opt.formats),
        .out_dir = run->opt.out_dir,
        .name = run->opt.name,
        .template_name = run->opt.template_dir,
        .exe_path = run->exe,
        .narratives = run->ds,
        .keep = inputs,
        .n_keep = 3,
        .threads = run->opt.limits.threads,
        .progress = review_progress,
        .progress_ctx = run,
    };
    struct t0_review_result res;
    enum t0_status st = t0_review_write(&run->rep, &ro, &res, err);
    progress_done(run);
    if (st == T0_OK && !run->opt.quiet)
        say_written(run, &res);
    t0_review_result_release(&res);
    return st;
}

static int cmd_postmortem(struct run *run, struct t0_error *err)
{
    const struct t0_dataset *ds = run->ds;
    size_t found = SIZE_MAX;
    for (size_t i = 0; i < ds->n_incidents; i++)
        if (strcmp(ds->incidents[i].id, run->opt.incident_id) == 0)
            found = i;
    if (found == SIZE_MAX)
        return t0_error_set(err, T0_EINPUT, run->opt.incidents, NULL,
                            "no accepted incident has the id '%s'", run->opt.incident_id);
    char base[256], path[PATH_MAX];
    if (run->opt.name)
        snprintf(base, sizeof base, "%s", run->opt.name);
    else
        snprintf(base, sizeof base, "postmortem-%s", run->opt.incident_id);
    for (char *p = base; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
    if (!valid_base_name(base))
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "--name: not a usable file name");
    enum t0_status st =
        t0_output_make_dirs(run->opt.out_dir ? run->opt.out_dir : ".", err);
    if (st == T0_OK)
        st = t0_load_narrative(run->ds, found, err);
    if (st == T0_ENOMEM)
        st = T0_EINPUT;
    if (st == T0_OK)
        st = load_template(run, "postmortem", err);
    if (st == T0_OK)
        st = output_path(run, base, ".pdf", path, sizeof path, err);
    const struct t0_renderers *draw = st == T0_OK ? t0_renderers(err) : NULL;
    if (st == T0_OK && !draw)
        st = T0_EOUTPUT;
    if (st == T0_OK)
        st = draw->pdf_write_postmortem(&run->rep, run->tpl, found, path, err);
    if (st == T0_OK && !run->opt.quiet)
        fprintf(stderr, "tierzero: wrote %s\n", path);
    return st;
}

/* The postmortem's review month is the incident's, unless one was asked for. */
static void postmortem_month(struct run *run, char *buf, size_t size)
{
    if (run->opt.month || run->opt.from)
        return;
    for (size_t i = 0; i < run->ds->n_incidents; i++) {
        const struct t0_incident *inc = &run->ds->incidents[i];
        if (strcmp(inc->id, run->opt.incident_id) == 0) {
            struct t0_month m = t0_zone_month_of(run->zone, inc->started_at);
            if (m.year < 1)
                m = (struct t0_month){1, 1}; /* starts before 0001-01 in this zone */
            t0_format_month(m, buf);
            (void)size;
            run->opt.month = buf;
        }
    }
}

/* --since: YYYY-MM-DD (UTC midnight) or an RFC 3339 instant. */
static enum t0_status parse_since(const char *text, t0_ms *out, struct t0_error *err)
{
    int64_t days;
    if (t0_parse_rfc3339(text, strlen(text), out, NULL))
        return T0_OK;
    if (t0_parse_date(text, strlen(text), &days, NULL)) {
        *out = days * 86400000;
        return T0_OK;
    }
    return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                        "--since: expected YYYY-MM-DD or an RFC 3339 time, got '%s'",
                        text);
}

static void merge_file_read(void *ctx, const struct t0_input_report *in)
{
    print_rejections(ctx, in);
}

/* merge: any shapes in, one native NDJSON history out (definitions.md §7.1). */
static int cmd_merge(struct run *run, struct t0_error *err)
{
    struct t0_merge_options mo = {.since = T0_NO_TIME, .strict = run->opt.strict};
    enum t0_status st = T0_OK;
    if (run->opt.since && (st = parse_since(run->opt.since, &mo.since, err)) != T0_OK)
        return st;
    if ((st = load_config(run, err)) != T0_OK)
        return st;
    struct t0_limits limits = run->opt.limits;
    limits.import = &run->cfg.import;
    mo.limits = &limits;
    mo.on_file = merge_file_read;
    mo.ctx = run;
    struct t0_merge_result res;
    st = t0_merge_write(run->opt.out_dir, run->opt.files, run->opt.n_files, &mo, &res,
                        err);
    if (st == T0_OK && !run->opt.quiet)
        fprintf(
            stderr,
            "tierzero: wrote %s: %zu incidents, %zu maintenances (%zu records read, %zu "
            "rejected, %zu duplicate ids, %zu before --since)\n",
            run->opt.out_dir, res.written, res.maintenances, res.read, res.rejected,
            res.replaced, res.before);
    return st;
}

static void run_release(struct run *run)
{
    if (run->rep_ready)
        t0_report_release(&run->rep);
    t0_template_free(run->tpl);
    t0_cli_remove_tmpdir(run->series_tmpdir);
    t0_dataset_free(run->ds);
    free(run->maint_reports);
    t0_zone_free(run->zone);
    if (run->cfg_ready)
        t0_config_release(&run->cfg);
    t0_options_release(&run->opt);
}

static void say_stale_removed(const char *path)
{
    fprintf(stderr,
            "tierzero: removed '%s', a temporary file left by an earlier run that "
            "was stopped\n",
            path);
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) must fail the write with EFBIG, which
     * the output code reports naming the file (exit 4), rather than kill
     * the process with SIGXFSZ part-way through a document. */
    signal(SIGXFSZ, SIG_IGN);
    /* SIGINT and SIGTERM remove the temporaries of the documents being written. */
    t0_atomic_catch_signals(say_stale_removed);
    struct run run;
    memset(&run, 0, sizeof run);
    run.exe = argv[0];
    struct t0_error err;
    t0_error_clear(&err);
    bool exit_now = false;
    int status = t0_options_parse(&run.opt, argc, argv, &exit_now, &err);
    if (status != T0_OK) {
        status = usage_error(&run.opt, &err);
        t0_options_release(&run.opt);
        return status;
    }
    if (exit_now) {
        t0_options_release(&run.opt);
        return T0_OK;
    }
    if (run.opt.command == CMD_HELP) {
        enum t0_command topic = CMD_NONE;
        if (run.opt.help_topic) {
            struct t0_options probe;
            char *fake[] = {argv[0], (char *)run.opt.help_topic, "--help", NULL};
            bool done = false;
            struct t0_error e2;
            t0_error_clear(&e2);
            if (t0_options_parse(&probe, 3, fake, &done, &e2) != T0_OK) {
                status = usage_error(&run.opt, &e2);
                t0_options_release(&probe);
                t0_options_release(&run.opt);
                return status;
            }
            t0_options_release(&probe);
            t0_options_release(&run.opt);
            return T0_OK;
        }
        t0_print_help(topic, stdout);
        t0_options_release(&run.opt);
        return T0_OK;
    }
    run.progress = !run.opt.quiet && isatty(STDERR_FILENO) && !getenv("CI");
    if (run.opt.command == CMD_MERGE) {
        status = cmd_merge(&run, &err);
        if (err.text[0] && status == T0_EUSAGE)
            usage_error(&run.opt, &err);
        else if (err.text[0])
            print_error(&err);
        run_release(&run);
        return status == T0_ENOMEM ? T0_EINPUT : status;
    }

    /* The drawing module and the font configuration load while the input
     * is read. */
    bool fonts = false;
    if (draws_documents(&run.opt, &fonts))
        t0_renderers_preload(fonts);
    char pm_month[16];
    status = load_inputs(&run, &err);
    if (status == T0_OK && run.opt.command == CMD_POSTMORTEM)
        postmortem_month(&run, pm_month, sizeof pm_month);
    if (status == T0_OK && run.opt.command != CMD_CHECK)
        status = compute(&run, &err);
    if (status == T0_OK &&
        (run.opt.command == CMD_SUMMARY || run.opt.command == CMD_REPORT))
        warn_review_month(&run);
    if (status == T0_OK) {
        switch (run.opt.command) {
        case CMD_CHECK:
            status = cmd_check(&run, &err);
            break;
        case CMD_SUMMARY:
            status = cmd_summary(&run);
            break;
        case CMD_GATE:
            status = cmd_gate(&run, &err);
            break;
        case CMD_REPORT:
            status = cmd_report(&run, &err);
            break;
        case CMD_POSTMORTEM:
            status = cmd_postmortem(&run, &err);
            break;
        default:
            break;
        }
    }
    progress_done(&run);
    if (err.text[0]) {
        if (status == T0_EUSAGE)
            usage_error(&run.opt, &err);
        else
            print_error(&err);
    }
    if (status == T0_ENOMEM)
        status = T0_EINPUT;
    run_release(&run);
    return status;
}
