/* test_review.c: a review as one library call: which documents, their names and
 * order, the e-mail after the PDF, errors before any document, reviews in a loop. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tierzero/config.h"
#include "tierzero/ingest.h"
#include "tierzero/report.h"
#include "tierzero/review.h"
#include "tierzero/summary.h"
#include "tierzero/template.h"

/* Three incidents (two in October 2026, one in September, the October ones
 * with postmortem material), two releases, two SLOs: a history small enough
 * to read in a glance. */
static const char incidents_json[] =
    "{\"incidents\": [\n"
    "{\"id\": \"INC-1\", \"title\": \"API errors\", \"impact\": \"major_outage\",\n"
    " \"services\": [\"api\"], \"started_at\": \"2026-09-10T10:00:00Z\",\n"
    " \"resolved_at\": \"2026-09-10T10:30:00Z\", \"summary\": \"September summary\"},\n"
    "{\"id\": \"INC-2\", \"title\": \"Console slow\", \"impact\": \"partial_outage\",\n"
    " \"services\": [\"console\"], \"started_at\": \"2026-10-05T08:00:00Z\",\n"
    " \"resolved_at\": \"2026-10-05T09:00:00Z\", \"summary\": \"October summary\",\n"
    " \"root_cause\": \"A full disk.\"},\n"
    "{\"id\": \"INC-3\", \"title\": \"API down\", \"impact\": \"major_outage\",\n"
    " \"services\": [\"api\"], \"started_at\": \"2026-10-20T12:00:00Z\",\n"
    " \"resolved_at\": \"2026-10-20T12:45:00Z\", \"summary\": \"Second October "
    "summary\"}\n"
    "]}\n";
static const char releases_json[] =
    "{\"releases\": [\n"
    "{\"id\": \"r1\", \"released_at\": \"2026-10-05T07:00:00Z\", \"services\": "
    "[\"console\"]},\n"
    "{\"id\": \"r2\", \"released_at\": \"2026-10-19T15:00:00Z\", \"services\": "
    "[\"api\"]}\n"
    "]}\n";
static const char config_json[] =
    "{\"report\": {\"title\": \"Review\", \"organization\": \"Example Corp\"},\n"
    " \"email\": {\"from\": \"sre@example.com\", \"to\": [\"lead@example.com\"]},\n"
    " \"slos\": [{\"name\": \"API\", \"services\": [\"api\"], \"objective_pct\": 99.9},\n"
    "          {\"name\": \"Console\", \"services\": [\"console\"], \"objective_pct\": "
    "99.5}]}\n";

struct fixture {
    char dir[64];   /* inputs; outputs go in dir/out... */
    char path[128]; /* dir/incidents.json */
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_zone *zone;
    struct t0_report rep;
};

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* Computes the report of month (October 2026 normally) as of 2026-11-01. */
static int compute(struct fixture *f, int month)
{
    struct t0_error err;
    t0_error_clear(&err);
    struct t0_period_request req = {0};
    req.history = 3;
    req.has_month = true;
    req.month.year = 2026;
    req.month.month = month;
    req.has_as_of = true;
    req.as_of = INT64_C(1793491200000); /* 2026-11-01T00:00:00Z */
    req.now = req.as_of;
    return t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &req, &err) == T0_OK ? 0
                                                                                    : -1;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/t0-review-XXXXXX");
    if (!f || !mkdtemp(f->dir))
        return -1;
    write_file(f->dir, "incidents.json", incidents_json);
    write_file(f->dir, "releases.json", releases_json);
    write_file(f->dir, "config.json", config_json);
    struct t0_error err;
    t0_error_clear(&err);
    char path[128];
    /* As the program reads: the postmortem material stays in the file. */
    struct t0_limits limits = {.defer_narrative = true};
    f->ds = t0_dataset_new();
    snprintf(f->path, sizeof f->path, "%s/incidents.json", f->dir);
    snprintf(path, sizeof path, "%s/releases.json", f->dir);
    if (t0_read_incidents(f->ds, f->path, &limits, &err) != T0_OK ||
        t0_read_releases(f->ds, path, NULL, &err) != T0_OK)
        return -1;
    t0_config_init(&f->cfg);
    snprintf(path, sizeof path, "%s/config.json", f->dir);
    if (t0_config_load(&f->cfg, path, &err) != T0_OK)
        return -1;
    t0_config_bind(&f->cfg, f->ds);
    f->zone = t0_zone_new("UTC", &err);
    if (!f->zone || compute(f, 10) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    t0_report_release(&f->rep);
    t0_zone_free(f->zone);
    t0_config_release(&f->cfg);
    t0_dataset_free(f->ds);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* dir/name into a static buffer (one at a time). */
static const char *at(const char *dir, const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* The entries of dir, sorted, joined by " " (new); "" for none. */
static char *listing(const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n >= 0);
    size_t cap = 4096, len = 0;
    char *out = calloc(1, cap);
    for (int i = 0; i < n; i++) {
        const char *d = names[i]->d_name;
        if (strcmp(d, ".") != 0 && strcmp(d, "..") != 0)
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? " " : "", d);
        free(names[i]);
    }
    free(names);
    return out;
}

/* The first bytes of path equal magic. */
static void assert_starts_with(const char *path, const char *magic)
{
    char head[16] = "";
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(head, 1, strlen(magic), fp);
    fclose(fp);
    assert_int_equal(n, strlen(magic));
    assert_memory_equal(head, magic, n);
}

/* The result's paths against the names expected, in order, in dir. */
static void assert_paths(const struct t0_review_result *res, const char *dir,
                         const char *const *names, size_t n)
{
    assert_int_equal(res->n_paths, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(res->paths[i], at(dir, names[i]));
        assert_true(exists(res->paths[i]));
    }
}

/* The summary written as it is made is the summary made whole, byte for
 * byte, in the review's JSON too; a write that fails says so. */
static void test_summary_print_json(void **state)
{
    struct fixture *f = *state;
    char *whole = t0_summary_json(&f->rep);
    assert_non_null(whole);
    char *printed = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&printed, &len);
    assert_non_null(mem);
    assert_true(t0_summary_print_json(&f->rep, mem));
    assert_int_equal(fclose(mem), 0);
    assert_int_equal(len, strlen(whole));
    assert_string_equal(printed, whole);
    assert_true(len > 100 && whole[len - 1] == '\n' && whole[len - 2] == '}');
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_summary_write_json(&f->rep, at(f->dir, "s.json"), &err), T0_OK);
    FILE *fp = fopen(at(f->dir, "s.json"), "rb");
    assert_non_null(fp);
    char *file = calloc(1, len + 2);
    assert_int_equal(fread(file, 1, len + 1, fp), len);
    fclose(fp);
    assert_string_equal(file, whole);
    free(file);
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0);
        assert_false(t0_summary_print_json(&f->rep, full));
        fclose(full);
    }
    free(printed);
    free(whole);
}

static void test_review_write_defaults(void **state)
{
    struct fixture *f = *state;
    char out[128];
    snprintf(out, sizeof out, "%s/out/a/b", f->dir); /* made with its parents */
    struct t0_review_options ro = {.out_dir = out, .narratives = f->ds};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_OK);
    assert_string_equal(err.text, "");
    assert_int_equal(res.formats, T0_REVIEW_PDF | T0_REVIEW_XLSX | T0_REVIEW_JSON);
    assert_string_equal(res.base, "slo-review-2026-10");
    /* Finished in the order JSON, PDF, then the workbook written beside them. */
    static const char *const names[] = {
        "slo-review-2026-10.json", "slo-review-2026-10.pdf", "slo-review-2026-10.xlsx"};
    assert_paths(&res, out, names, 3);
    assert_starts_with(res.paths[0], "{");
    assert_starts_with(res.paths[1], "%PDF-");
    assert_starts_with(res.paths[2], "PK"); /* a zip package */
    /* Nothing else: no temporary left beside them. */
    char *list = listing(out);
    assert_string_equal(
        list, "slo-review-2026-10.json slo-review-2026-10.pdf slo-review-2026-10.xlsx");
    free(list);
    t0_review_result_release(&res);
    assert_null(res.paths);
    assert_int_equal(res.n_paths, 0);
}

/* Each step as told to progress, "|" between them. */
static void record_step(void *ctx, const char *what)
{
    char *buf = ctx;
    size_t len = strlen(buf);
    snprintf(buf + len, 512 - len, "%s%s", len ? "|" : "", what);
}

static void test_review_write_every_format_in_order(void **state)
{
    struct fixture *f = *state;
    char out[128], steps[512] = "";
    snprintf(out, sizeof out, "%s/all", f->dir);
    struct t0_review_options ro = {.formats = T0_REVIEW_PDF | T0_REVIEW_XLSX |
                                              T0_REVIEW_JSON | T0_REVIEW_PNG |
                                              T0_REVIEW_EML,
                                   .out_dir = out,
                                   .name = "team-a",
                                   .threads = 1,
                                   .progress = record_step,
                                   .progress_ctx = steps};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_OK);
    assert_string_equal(res.base, "team-a");
    /* The PNGs as charts.h names them: three per SLO (the engine gives every
     * SLO its rolling window), then the calendar, the hours and, with
     * releases, two more; the e-mail last. */
    static const char *const names[] = {"team-a.json",
                                        "team-a.pdf",
                                        "team-a-attainment-1.png",
                                        "team-a-rolling-1.png",
                                        "team-a-burndown-1.png",
                                        "team-a-attainment-2.png",
                                        "team-a-rolling-2.png",
                                        "team-a-burndown-2.png",
                                        "team-a-calendar.png",
                                        "team-a-hours.png",
                                        "team-a-releases.png",
                                        "team-a-event-study.png",
                                        "team-a.xlsx",
                                        "team-a.eml"};
    assert_paths(&res, out, names, sizeof names / sizeof names[0]);
    for (size_t i = 2; i < 12; i++)
        assert_starts_with(res.paths[i], "\x89PNG");
    /* The list is the directory: no PNG written and not listed, or listed and not
     * written. */
    char *list = listing(out);
    assert_string_equal(list,
                        "team-a-attainment-1.png team-a-attainment-2.png "
                        "team-a-burndown-1.png team-a-burndown-2.png "
                        "team-a-calendar.png team-a-event-study.png team-a-hours.png "
                        "team-a-releases.png team-a-rolling-1.png team-a-rolling-2.png "
                        "team-a.eml team-a.json team-a.pdf team-a.xlsx");
    free(list);
    /* On one thread the workbook comes first. */
    assert_string_equal(steps,
                        "writing the workbook|writing the JSON summary|writing the "
                        "PDF|writing the charts|writing the e-mail");
    t0_review_result_release(&res);
}

static void test_review_write_workbook_beside(void **state)
{
    struct fixture *f = *state;
    char out[128], steps[512] = "";
    snprintf(out, sizeof out, "%s/beside", f->dir);
    struct t0_review_options ro = {.formats = T0_REVIEW_XLSX | T0_REVIEW_JSON,
                                   .out_dir = out,
                                   .threads = 2,
                                   .progress = record_step,
                                   .progress_ctx = steps};
    struct t0_review_result res;
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, NULL), T0_OK);
    static const char *const names[] = {"slo-review-2026-10.json",
                                        "slo-review-2026-10.xlsx"};
    assert_paths(&res, out, names, 2);
    assert_string_equal(steps, "writing the JSON summary|finishing the workbook");
    t0_review_result_release(&res);
}

/* A subset asks for nothing more: no template is even loaded. */
static void test_review_write_subset(void **state)
{
    struct fixture *f = *state;
    char out[128];
    snprintf(out, sizeof out, "%s/json", f->dir);
    struct t0_review_options ro = {.formats = T0_REVIEW_JSON,
                                   .out_dir = out,
                                   .template_name = "/nonexistent/template"};
    struct t0_review_result res;
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, NULL), T0_OK);
    assert_int_equal(res.formats, T0_REVIEW_JSON);
    static const char *const names[] = {"slo-review-2026-10.json"};
    assert_paths(&res, out, names, 1);
    char *list = listing(out);
    assert_string_equal(list, "slo-review-2026-10.json");
    free(list);
    t0_review_result_release(&res);

    /* With a PDF, the same template is an input error before any document. */
    ro.formats = T0_REVIEW_JSON | T0_REVIEW_PDF;
    snprintf(out, sizeof out, "%s/json2", f->dir);
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_EINPUT);
    assert_non_null(strstr(err.source, "/nonexistent/template"));
    assert_int_equal(res.n_paths, 0);
    list = listing(out);
    assert_string_equal(list, "");
    free(list);
    t0_review_result_release(&res);
}

/* The e-mail carries the PDF: asking for it writes the PDF first. */
static void test_review_write_email_after_pdf(void **state)
{
    struct fixture *f = *state;
    char out[128];
    snprintf(out, sizeof out, "%s/mail", f->dir);
    struct t0_review_options ro = {.formats = T0_REVIEW_EML, .out_dir = out};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_OK);
    assert_int_equal(res.formats, T0_REVIEW_EML | T0_REVIEW_PDF);
    static const char *const names[] = {"slo-review-2026-10.pdf",
                                        "slo-review-2026-10.eml"};
    assert_paths(&res, out, names, 2);
    /* The message attaches that PDF by name. */
    FILE *fp = fopen(res.paths[1], "r");
    assert_non_null(fp);
    char line[512];
    bool attached = false;
    while (fgets(line, sizeof line, fp))
        attached = attached ||
                   (strstr(line, "filename") && strstr(line, "slo-review-2026-10.pdf"));
    fclose(fp);
    assert_true(attached);
    t0_review_result_release(&res);
}

/* A PDF that cannot be written: no e-mail either, and the error names the PDF. */
static void test_review_write_no_email_without_pdf(void **state)
{
    struct fixture *f = *state;
    char out[128], blocker[160];
    snprintf(out, sizeof out, "%s/mail-blocked", f->dir);
    snprintf(blocker, sizeof blocker, "%s/slo-review-2026-10.pdf", out);
    assert_int_equal(mkdir(out, 0777), 0);
    assert_int_equal(mkdir(blocker, 0777), 0); /* a directory where the PDF goes */
    struct t0_review_options ro = {.formats = T0_REVIEW_EML | T0_REVIEW_JSON,
                                   .out_dir = out};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_EOUTPUT);
    assert_string_equal(err.source, blocker);
    assert_non_null(
        strstr(err.text, "unable to rename into place")); /* the PDF's own error */
    /* The JSON, finished before the PDF, stays; nothing after it was written. */
    static const char *const names[] = {"slo-review-2026-10.json"};
    assert_paths(&res, out, names, 1);
    char *list = listing(out);
    assert_string_equal(list, "slo-review-2026-10.json slo-review-2026-10.pdf");
    free(list);
    assert_false(exists(at(out, "slo-review-2026-10.eml")));
    t0_review_result_release(&res);
}

/* A JSON error comes first and stops the PDF; the workbook already started
 * is finished. */
static void test_review_write_json_error_first(void **state)
{
    struct fixture *f = *state;
    char out[128], blocker[160];
    snprintf(out, sizeof out, "%s/json-blocked", f->dir);
    snprintf(blocker, sizeof blocker, "%s/slo-review-2026-10.json", out);
    assert_int_equal(mkdir(out, 0777), 0);
    assert_int_equal(mkdir(blocker, 0777), 0);
    struct t0_review_options ro = {.out_dir = out};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_EOUTPUT);
    assert_string_equal(err.source, blocker);
    static const char *const names[] = {"slo-review-2026-10.xlsx"};
    assert_paths(&res, out, names, 1);
    assert_false(exists(at(out, "slo-review-2026-10.pdf")));
    t0_review_result_release(&res);
}

/* An output directory that cannot be made: the error names it, nothing is written. */
static void test_review_write_unwritable_dir(void **state)
{
    struct fixture *f = *state;
    char file[128], out[160];
    snprintf(file, sizeof file, "%s/plain-file", f->dir);
    write_file(f->dir, "plain-file", "x");
    snprintf(out, sizeof out, "%s/sub", file); /* under a file: ENOTDIR, even for root */
    struct t0_review_options ro = {.formats = T0_REVIEW_JSON | T0_REVIEW_PDF,
                                   .out_dir = out};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_EOUTPUT);
    assert_string_equal(err.source, out);
    assert_non_null(strstr(err.text, "unable to create directory"));
    assert_int_equal(res.n_paths, 0);

    /* A file given as the directory. */
    ro.out_dir = file;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_EOUTPUT);
    assert_string_equal(err.source, file);
    assert_string_equal(err.text, "not a directory");
    assert_int_equal(res.n_paths, 0);
    /* Nothing beside the inputs. */
    char *list = listing(f->dir);
    assert_string_equal(list, "config.json incidents.json plain-file releases.json");
    free(list);
    t0_review_result_release(&res);
}

/* A name with a '/' is refused before the directory is made. */
static void test_review_write_bad_name(void **state)
{
    struct fixture *f = *state;
    char out[128];
    snprintf(out, sizeof out, "%s/named", f->dir);
    struct t0_review_options ro = {.out_dir = out, .name = "../escape"};
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, NULL, &err), T0_EUSAGE);
    assert_non_null(strstr(err.text, "'../escape'"));
    assert_false(exists(out));
    assert_false(t0_review_name_ok(""));
    assert_false(t0_review_name_ok("."));
    assert_false(t0_review_name_ok(".."));
    assert_false(t0_review_name_ok("a/b"));
    assert_true(t0_review_name_ok("team-a.2026"));
}

/* A document that would replace an input is refused; the input stays. */
static void test_review_write_keeps_inputs(void **state)
{
    struct fixture *f = *state;
    const char *keep[] = {NULL, "-", f->path};
    struct t0_review_options ro = {.formats = T0_REVIEW_JSON,
                                   .out_dir = f->dir,
                                   .name = "incidents",
                                   .keep = keep,
                                   .n_keep = 3};
    struct t0_review_result res;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_EOUTPUT);
    assert_string_equal(err.source, f->path);
    assert_non_null(strstr(err.text, "refusing to overwrite an input file"));
    assert_int_equal(res.n_paths, 0);
    FILE *fp = fopen(f->path, "r");
    assert_non_null(fp);
    char text[sizeof incidents_json + 16] = "";
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    assert_int_equal(n, strlen(incidents_json));
    assert_string_equal(text, incidents_json);
    t0_review_result_release(&res);
}

/* The review month's postmortem material is read back before the PDF, and
 * only that month's. */
static void test_review_write_reads_narratives(void **state)
{
    struct fixture *f = *state;
    assert_true(f->ds->incidents[1].source != 0); /* still in the file */
    char out[128];
    snprintf(out, sizeof out, "%s/narratives", f->dir);
    struct t0_review_options ro = {
        .formats = T0_REVIEW_PDF, .out_dir = out, .narratives = f->ds};
    assert_int_equal(t0_review_write(&f->rep, &ro, NULL, NULL), T0_OK);
    assert_true(exists(at(out, "slo-review-2026-10.pdf")));
    assert_int_equal(f->ds->incidents[1].source, 0);
    assert_string_equal(t0_incident_narrative(&f->ds->incidents[1])->root_cause,
                        "A full disk.");
    assert_int_equal(f->ds->incidents[2].source, 0);
    assert_true(f->ds->incidents[0].source != 0); /* September: not in the PDF */

    /* Narratives of another dataset are refused. */
    struct t0_dataset *other = t0_dataset_new();
    ro.narratives = other;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_review_write(&f->rep, &ro, NULL, &err), T0_EUSAGE);
    t0_dataset_free(other);
}

/* What a fleet does: reviews one after another in one process, one
 * template for all. Each writes its own documents. */
static void test_review_write_in_a_loop(void **state)
{
    struct fixture *f = *state;
    struct t0_template *tpl = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_template_load("monthly-review", NULL, &tpl, &err), T0_OK);
    static const int months[] = {10, 9};
    static const char *const teams[] = {"team-a", "team-b"};
    for (size_t i = 0; i < 2; i++) {
        t0_report_release(&f->rep);
        memset(&f->rep, 0, sizeof f->rep);
        assert_int_equal(compute(f, months[i]), 0);
        char out[128];
        snprintf(out, sizeof out, "%s/fleet/%s", f->dir, teams[i]);
        struct t0_review_options ro = {.formats = T0_REVIEW_PDF | T0_REVIEW_XLSX |
                                                  T0_REVIEW_JSON | T0_REVIEW_EML,
                                       .out_dir = out,
                                       .tpl = tpl,
                                       .narratives = f->ds};
        struct t0_review_result res;
        assert_int_equal(t0_review_write(&f->rep, &ro, &res, &err), T0_OK);
        assert_int_equal(res.n_paths, 4);
        char want[32];
        snprintf(want, sizeof want, "slo-review-2026-%02d", months[i]);
        assert_string_equal(res.base, want);
        for (size_t k = 0; k < res.n_paths; k++)
            assert_true(exists(res.paths[k]));
        t0_review_result_release(&res);
    }
    t0_template_free(tpl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_summary_print_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_write_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_write_every_format_in_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_workbook_beside, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_subset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_write_email_after_pdf, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_no_email_without_pdf, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_json_error_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_unwritable_dir, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_bad_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_write_keeps_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_write_reads_narratives, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_write_in_a_loop, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
