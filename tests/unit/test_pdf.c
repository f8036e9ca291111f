/* test_pdf.c: the review and postmortem PDFs, read back with poppler and qpdf. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tierzero/config.h"
#include "tierzero/format.h"
#include "tierzero/ingest.h"
#include "tierzero/narrative.h"
#include "tierzero/pdf.h"
#include "tierzero/report.h"
#include "tierzero/template.h"

struct fixture {
    char dir[64];
    struct t0_dataset *ds;
    struct t0_config cfg;
    struct t0_zone *zone;
    struct t0_report rep;
    struct t0_template *tpl;
};

static const char *const hostile_titles[] = {
    "Elevated errors on the Messages API for requests routed through the European edge "
    "while the upstream token cache was being rebuilt after a configuration push that "
    "doubled the eviction rate, which in turn overloaded the primary database, triggered "
    "retries from every client library, and caused a cascading failure across regions",
    "登录服务中断：部分用户无法访问控制台", "انقطاع جزئي في واجهة برمجة التطبيقات",
    "Emoji storm 🔥🚒 in <b>the</b> pipeline & \"quotes\" 'single'",
    "<script>alert('x')</script> &amp; <i>not markup</i>"};

/* Writes an incident history of 12 months (Nov 2025 - Oct 2026), some
 * releases, and a configuration with two SLOs. The numbers are arbitrary
 * but fixed (a linear congruential sequence). */
static void write_inputs(const char *dir, bool with_hostile, int n_incidents)
{
    char path[128];
    snprintf(path, sizeof path, "%s/incidents.json", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"incidents\": [\n", fp);
    uint32_t x = 12345;
    static const char *const impacts[] = {"degraded_performance", "partial_outage",
                                          "major_outage"};
    static const char *const svcs[] = {"api", "console", "api\", \"console"};
    for (int i = 0; i < n_incidents; i++) {
        x = x * 1103515245u + 12345u;
        int day = (int)(x % 365u);
        int hour = (int)((x >> 8) % 24u);
        int minutes = 5 + (int)((x >> 16) % 240u);
        /* day 0 = 2025-11-01 */
        int64_t start = 1761955200LL + day * 86400LL + hour * 3600LL;
        int64_t end = start + minutes * 60LL;
        char a[32], b[32];
        strftime(a, sizeof a, "%Y-%m-%dT%H:%M:%SZ", gmtime(&(time_t){start}));
        strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", gmtime(&(time_t){end}));
        fprintf(
            fp,
            "%s{\"id\": \"INC-%04d\", \"title\": \"Incident number %d on the service\", "
            "\"impact\": \"%s\", \"services\": [\"%s\"], \"started_at\": \"%s\", "
            "\"detected_at\": \"%s\", \"resolved_at\": \"%s\", "
            "\"url\": \"https://status.example.com/incidents/%d\"}\n",
            i ? "," : "", i, i, impacts[(x >> 4) % 3u], svcs[(x >> 12) % 3u], a, a, b, i);
    }
    if (with_hostile) {
        for (size_t k = 0; k < sizeof hostile_titles / sizeof hostile_titles[0]; k++) {
            fprintf(fp, "%s{\"id\": \"HOST-%zu\", \"title\": \"",
                    n_incidents || k ? "," : "", k);
            for (const char *p = hostile_titles[k]; *p; p++) {
                if (*p == '"' || *p == '\\')
                    fputc('\\', fp);
                fputc(*p, fp);
            }
            fprintf(
                fp,
                "\", \"impact\": \"major_outage\", \"services\": [\"api\"], "
                "\"started_at\": \"2026-10-%02zuT10:00:00Z\", \"detected_at\": "
                "\"2026-10-%02zuT10:07:00Z\", \"resolved_at\": "
                "\"2026-10-%02zuT11:12:00Z\", "
                "\"summary\": \"<p>Customers saw <b>500</b> errors.</p> Then "
                "{{title}}.\", "
                "\"root_cause\": \"A bad config push.\", \"resolution\": \"Rolled "
                "back.\", "
                "\"timeline\": [{\"at\": \"2026-10-%02zuT10:07:00Z\", \"text\": \"Paged "
                "on-call\"}, "
                "{\"at\": \"2026-10-%02zuT11:12:00Z\", \"text\": \"Resolved\"}], "
                "\"action_items\": [{\"title\": \"Add a canary\", \"owner\": \"sre\", "
                "\"status\": \"open\", \"due\": \"2026-11-15\"}], "
                "\"url\": \"https://status.example.com/i/%zu?a='b'&c=\\\\d\"}\n",
                3 + 4 * k, 3 + 4 * k, 3 + 4 * k, 3 + 4 * k, 3 + 4 * k, k);
        }
    }
    fputs("]}\n", fp);
    fclose(fp);

    snprintf(path, sizeof path, "%s/releases.json", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"releases\": [\n", fp);
    for (int r = 0; r < 30; r++) {
        int64_t at = 1761955200LL + r * 12 * 86400LL + 15 * 3600LL;
        char a[32];
        strftime(a, sizeof a, "%Y-%m-%dT%H:%M:%SZ", gmtime(&(time_t){at}));
        fprintf(
            fp,
            "%s{\"id\": \"rel-%02d\", \"name\": \"Release %d\", \"released_at\": \"%s\", "
            "\"services\": [\"api\"]}\n",
            r ? "," : "", r, r, a);
    }
    fputs("]}\n", fp);
    fclose(fp);

    snprintf(path, sizeof path, "%s/config.json", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(
        "{\"report\": {\"title\": \"Reliability review\", \"organization\": \"Example "
        "Corp\"},"
        " \"slos\": [{\"name\": \"API availability\", \"services\": [\"api\"], "
        "\"objective_pct\": 99.9}, {\"name\": \"Console\", \"services\": [\"console\"], "
        "\"objective_pct\": 99.5}]}\n",
        fp);
    fclose(fp);
}

static int setup_with(void **state, bool hostile, int n, bool releases)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/t0-pdf-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    write_inputs(f->dir, hostile, n);
    char path[128];
    struct t0_error err;
    t0_error_clear(&err);
    f->ds = t0_dataset_new();
    snprintf(path, sizeof path, "%s/incidents.json", f->dir);
    if (t0_read_incidents(f->ds, path, NULL, &err) != T0_OK)
        return -1;
    if (releases) {
        snprintf(path, sizeof path, "%s/releases.json", f->dir);
        if (t0_read_releases(f->ds, path, NULL, &err) != T0_OK)
            return -1;
    }
    t0_config_init(&f->cfg);
    snprintf(path, sizeof path, "%s/config.json", f->dir);
    if (t0_config_load(&f->cfg, path, &err) != T0_OK)
        return -1;
    t0_config_bind(&f->cfg, f->ds);
    f->zone = t0_zone_new("UTC", &err);
    struct t0_period_request req;
    memset(&req, 0, sizeof req);
    req.history = 12;
    req.has_month = true;
    req.month.year = 2026;
    req.month.month = 10;
    req.has_as_of = true;
    req.as_of = INT64_C(1793491200000); /* 2026-11-01T00:00:00Z */
    req.now = req.as_of;
    if (t0_report_compute(&f->rep, f->ds, &f->cfg, f->zone, &req, &err) != T0_OK)
        return -1;
    if (t0_template_load("monthly-review", NULL, &f->tpl, &err) != T0_OK)
        return -1;
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, true, 160, true);
}

static int setup_no_releases(void **state)
{
    return setup_with(state, false, 3, false);
}

static int setup_empty(void **state)
{
    return setup_with(state, false, 0, false);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    t0_template_free(f->tpl);
    t0_report_release(&f->rep);
    t0_zone_free(f->zone);
    t0_config_release(&f->cfg);
    t0_dataset_free(f->ds);
    char cmd[128];
    /* T0_PDF_KEEP=1 keeps the documents for a look. */
    snprintf(cmd, sizeof cmd, "%s '%s'", getenv("T0_PDF_KEEP") ? "echo kept" : "rm -rf",
             f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* Runs a shell command and returns its standard output (new). */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 4096) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    pclose(p);
    return buf;
}

/* Collapses runs of white space into one space. */
static void squash(char *s)
{
    char *w = s;
    bool space = false;
    for (char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\f' || *r == '\r') {
            space = true;
            continue;
        }
        if (space && w != s)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
}

static void test_t0_pdf_write_report_reads_back(void **state)
{
    struct fixture *f = *state;
    char path[128], cmd[256];
    snprintf(path, sizeof path, "%s/review.pdf", f->dir);
    setenv("SOURCE_DATE_EPOCH", "1793534400", 1); /* 2026-11-01T12:00:00Z */
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_pdf_write_report(&f->rep, f->tpl, path, &err), T0_OK);

    snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1; echo $?", path);
    char *out = run(cmd);
    assert_string_equal(out, "0\n");
    free(out);

    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run(cmd);
    squash(info);
    assert_non_null(strstr(info, "Title: Reliability review"));
    assert_non_null(strstr(info, "Author: Example Corp"));
    assert_non_null(strstr(info, "Creator: tierzero " T0_VERSION));
    assert_non_null(strstr(info, "Subject: SLO and error-budget review, October 2026"));
    /* pdfinfo prints the date in the local zone of the test; the year and
     * the day survive any zone at noon UTC. */
    assert_non_null(strstr(info, "Nov 1 "));
    assert_non_null(strstr(info, "2026"));
    int pages = 0;
    const char *pg = strstr(info, "Pages:");
    assert_non_null(pg);
    pages = atoi(pg + 6);
    /* Cover, summary, 2 SLO history pages, burn-down, calendar, releases,
     * incident log, postmortems (5), appendix: at least 12, and bounded. */
    assert_true(pages >= 12 && pages <= 40);
    free(info);

    snprintf(cmd, sizeof cmd,
             "pdffonts '%s' | tail -n +3 | awk '{print $(NF-4)}' | sort -u", path);
    out = run(cmd);
    assert_string_equal(out, "yes\n"); /* every font embedded */
    free(out);

    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
    char *text = run(cmd);
    squash(text);
    char verdict[512];
    t0_verdict(&f->rep, verdict, sizeof verdict);
    squash(verdict);
    assert_non_null(strstr(text, verdict));
    char expect[64];
    snprintf(expect, sizeof expect, "Page 2 of %d", pages);
    assert_non_null(strstr(text, expect));
    /* Headline figures as the shared formats print them. */
    const struct t0_slo_window *w =
        t0_report_month(&f->rep, 0, t0_report_months(&f->rep) - 1);
    char att[32], used[32];
    t0_format_attainment(w->attainment_pct, att, sizeof att);
    t0_format_pct(w->budget_consumed_pct, used, sizeof used);
    assert_non_null(strstr(text, att));
    assert_non_null(strstr(text, used));
    /* Hostile text is drawn as text, markup and all. */
    assert_non_null(strstr(text, "<script>alert('x')</script>"));
    /* Chinese needs a CJK font, which a minimal system may lack: the layout
     * must survive either way; the text is checked only when one exists.
     * (poppler extracts Arabic as presentation forms, so its row is found
     * by its id.) */
    char *cjk = run("fc-list :lang=zh | head -n 1");
    if (cjk[0])
        assert_non_null(strstr(text, "登录服务中断"));
    free(cjk);
    assert_non_null(strstr(text, "HOST-2"));
    assert_non_null(strstr(text, "Postmortems"));
    free(text);

    /* The outline has an entry per section. */
    snprintf(cmd, sizeof cmd, "qpdf --json --json-key=outlines '%s' 2>/dev/null", path);
    out = run(cmd);
    assert_non_null(strstr(out, "\"title\": \"Executive summary\""));
    assert_non_null(strstr(out, "\"title\": \"Incident log\""));
    assert_non_null(strstr(out, "\"title\": \"Appendix\""));
    free(out);

    /* Links exist for the http(s) URLs (quotes in them escaped for cairo). */
    snprintf(cmd, sizeof cmd,
             "qpdf --qdf --object-streams=disable '%s' - | grep -a -c '/URI'", path);
    out = run(cmd);
    assert_true(atoi(out) >= 5);
    free(out);

    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size < 1024 * 1024);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_t0_pdf_write_report_reproducible(void **state)
{
    struct fixture *f = *state;
    char a[128], b[128], cmd[320];
    snprintf(a, sizeof a, "%s/a.pdf", f->dir);
    snprintf(b, sizeof b, "%s/b.pdf", f->dir);
    setenv("SOURCE_DATE_EPOCH", "1793534400", 1);
    assert_int_equal(t0_pdf_write_report(&f->rep, f->tpl, a, NULL), T0_OK);
    assert_int_equal(t0_pdf_write_report(&f->rep, f->tpl, b, NULL), T0_OK);
    unsetenv("SOURCE_DATE_EPOCH");
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'; echo $?", a, b);
    char *out = run(cmd);
    assert_string_equal(out, "0\n");
    free(out);
}

static void test_t0_pdf_write_report_unwritable(void **state)
{
    struct fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/no/such/dir/review.pdf", f->dir);
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_pdf_write_report(&f->rep, f->tpl, path, &err), T0_EOUTPUT);
    assert_int_not_equal(access(path, F_OK), 0);
}

static void test_t0_pdf_write_postmortem_hostile(void **state)
{
    struct fixture *f = *state;
    struct t0_template *pm = NULL;
    assert_int_equal(t0_template_load("postmortem", NULL, &pm, NULL), T0_OK);
    for (size_t i = 0; i < f->ds->n_incidents; i++) {
        if (strncmp(f->ds->incidents[i].id, "HOST-", 5) != 0)
            continue;
        char path[128], cmd[256];
        snprintf(path, sizeof path, "%s/%s.pdf", f->dir, f->ds->incidents[i].id);
        assert_int_equal(t0_pdf_write_postmortem(&f->rep, pm, i, path, NULL), T0_OK);
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - | tr '\\n' ' '", path);
        char *text = run(cmd);
        assert_non_null(strstr(text, f->ds->incidents[i].id));
        assert_non_null(strstr(text, "Action items"));
        assert_non_null(strstr(text, "Time to detect: 7 min")); /* 10:00 -> 10:07 */
        assert_null(strstr(text, "Lessons learned")); /* absent field: left out */
        free(text);
    }
    assert_int_equal(
        t0_pdf_write_postmortem(&f->rep, pm, f->ds->n_incidents, "/tmp/x.pdf", NULL),
        T0_EUSAGE);
    t0_template_free(pm);
}

static void test_t0_pdf_write_report_no_releases(void **state)
{
    struct fixture *f = *state;
    char path[128], cmd[256];
    snprintf(path, sizeof path, "%s/review.pdf", f->dir);
    assert_int_equal(t0_pdf_write_report(&f->rep, f->tpl, path, NULL), T0_OK);
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - | tr '\\n' ' '", path);
    char *text = run(cmd);
    assert_non_null(strstr(text, "no releases file was given"));
    free(text);
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1; echo $?", path);
    text = run(cmd);
    assert_string_equal(text, "0\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_t0_pdf_write_report_reads_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_pdf_write_report_reproducible, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_pdf_write_report_unwritable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_pdf_write_postmortem_hostile, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_pdf_write_report_no_releases,
                                        setup_no_releases, teardown),
        cmocka_unit_test_setup_teardown(test_t0_pdf_write_report_no_releases, setup_empty,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
