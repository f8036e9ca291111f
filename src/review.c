/* review.c: one review's documents, their names, order and threads (review.h). */
#define _GNU_SOURCE
#include "tierzero/review.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tierzero/email.h"
#include "tierzero/format.h"
#include "tierzero/ingest.h"
#include "tierzero/output.h"
#include "tierzero/renderers.h"
#include "tierzero/summary.h"

/* One review being written: the options resolved, the result being filled. */
struct review {
    const struct t0_report *rep;
    const struct t0_renderers *draw; /* NULL when no format is drawn */
    const struct t0_review_options *opt;
    struct t0_review_result *out;
    const char *dir;
    const struct t0_template *tpl; /* opt->tpl, or owned_tpl */
    struct t0_template *owned_tpl;
};

bool t0_review_name_ok(const char *name)
{
    return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
           strcmp(name, "..") != 0;
}

void t0_review_result_release(struct t0_review_result *out)
{
    if (!out)
        return;
    for (size_t i = 0; i < out->n_paths; i++)
        free(out->paths[i]);
    free(out->paths);
    out->paths = NULL;
    out->n_paths = 0;
}

static void step(const struct review *rv, const char *what)
{
    if (rv->opt->progress)
        rv->opt->progress(rv->opt->progress_ctx, what);
}

/* Adds a finished document to the result. */
static enum t0_status note_written(struct review *rv, const char *path,
                                   struct t0_error *err)
{
    struct t0_review_result *out = rv->out;
    char *copy = strdup(path);
    char **grown = copy ? realloc(out->paths, (out->n_paths + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
    }
    grown[out->n_paths++] = copy;
    out->paths = grown;
    return T0_OK;
}

/* DIR/BASE.SUFFIX into buf. */
static enum t0_status format_path(const struct review *rv, const char *suffix, char *buf,
                                  size_t size, struct t0_error *err)
{
    if ((size_t)snprintf(buf, size, "%s/%s%s", rv->dir, rv->out->base, suffix) >= size)
        return t0_error_set(err, T0_EOUTPUT, rv->dir, NULL, "output path too long");
    return T0_OK;
}

/* DIR/BASE.SUFFIX into buf, refused when it names an input. */
static enum t0_status document_path(const struct review *rv, const char *suffix,
                                    char *buf, size_t size, struct t0_error *err)
{
    enum t0_status st = format_path(rv, suffix, buf, size, err);
    if (st != T0_OK)
        return st;
    return t0_output_check_not_input(buf, rv->opt->keep, rv->opt->n_keep, err);
}

/* The PNGs t0_charts_write_pngs wrote, by the names charts.h gives them. */
static enum t0_status note_pngs(struct review *rv, struct t0_error *err)
{
    const struct t0_report *rep = rv->rep;
    char suffix[64], path[PATH_MAX];
    enum t0_status st = T0_OK;
    for (size_t s = 0; s < rep->n_slos && st == T0_OK; s++) {
        snprintf(suffix, sizeof suffix, "-attainment-%zu.png", s + 1);
        if ((st = format_path(rv, suffix, path, sizeof path, err)) == T0_OK &&
            (st = note_written(rv, path, err)) == T0_OK && rep->slos[s].burn != NULL) {
            snprintf(suffix, sizeof suffix, "-rolling-%zu.png", s + 1);
            if ((st = format_path(rv, suffix, path, sizeof path, err)) == T0_OK)
                st = note_written(rv, path, err);
        }
        if (st == T0_OK) {
            snprintf(suffix, sizeof suffix, "-burndown-%zu.png", s + 1);
            if ((st = format_path(rv, suffix, path, sizeof path, err)) == T0_OK)
                st = note_written(rv, path, err);
        }
    }
    const char *rest[] = {rep->n_slos ? "-calendar.png" : NULL, "-hours.png",
                          rep->has_releases ? "-releases.png" : NULL,
                          rep->has_releases ? "-event-study.png" : NULL};
    for (size_t i = 0; i < sizeof rest / sizeof rest[0] && st == T0_OK; i++)
        if (rest[i] && (st = format_path(rv, rest[i], path, sizeof path, err)) == T0_OK)
            st = note_written(rv, path, err);
    return st;
}

/* Reads back the postmortem material of the review month's incidents, the
 * only ones whose postmortems the review's PDF can show. */
static enum t0_status load_narratives(const struct review *rv, struct t0_error *err)
{
    struct t0_dataset *ds = rv->opt->narratives;
    const struct t0_report *rep = rv->rep;
    if (!ds)
        return T0_OK;
    if (ds != rep->data)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "the narratives' dataset is not the one the report was "
                            "computed from");
    for (size_t i = 0; rep->incidents && i < ds->n_incidents; i++) {
        const struct t0_incident_figures *f = &rep->incidents[i];
        if (!f->in_period || f->month.year != rep->review.year ||
            f->month.month != rep->review.month)
            continue;
        enum t0_status st = t0_load_narrative(ds, i, err);
        if (st != T0_OK)
            return st == T0_ENOMEM ? T0_EINPUT : st;
    }
    return T0_OK;
}

/* The workbook, written on a thread of its own while the PDF is laid out
 * (the two share nothing but the finished report, which neither changes),
 * or on the calling thread. */
struct workbook_job {
    const struct t0_report *rep;
    const struct t0_renderers *draw;
    char path[PATH_MAX];
    struct t0_error err;
    enum t0_status st;
    pthread_t thread;
    bool threaded;
    unsigned threads; /* for the incident rows (t0_workbook_write_threads) */
};

static void *write_workbook(void *arg)
{
    struct workbook_job *job = arg;
    job->st =
        job->draw->workbook_write_threads(job->rep, job->path, job->threads, &job->err);
    return NULL;
}

static void start_workbook(struct workbook_job *job, bool threaded)
{
    t0_error_clear(&job->err);
    job->threaded =
        threaded && pthread_create(&job->thread, NULL, write_workbook, job) == 0;
    if (!job->threaded)
        write_workbook(job);
}

static enum t0_status finish_workbook(struct workbook_job *job, struct t0_error *err)
{
    if (job->threaded)
        pthread_join(job->thread, NULL);
    if (job->st != T0_OK && err && !err->text[0])
        *err = job->err;
    return job->st;
}

/* Name, directory, template, narratives: everything checked before the
 * first document is started. */
static enum t0_status prepare(struct review *rv, struct t0_error *err)
{
    const struct t0_review_options *opt = rv->opt;
    struct t0_review_result *out = rv->out;
    char month[16];
    if (opt->name)
        snprintf(out->base, sizeof out->base, "%s", opt->name);
    else
        snprintf(out->base, sizeof out->base, "slo-review-%s",
                 t0_format_month(rv->rep->review, month));
    if (!t0_review_name_ok(out->base))
        return t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "review name: expected a file base name without '/', got '%s'", out->base);
    if ((out->formats & (T0_REVIEW_PDF | T0_REVIEW_PNG | T0_REVIEW_XLSX)) &&
        !(rv->draw = t0_renderers(err)))
        return T0_EOUTPUT;
    enum t0_status st = t0_output_make_dirs(rv->dir, err);
    if (st != T0_OK)
        return st;
    rv->tpl = opt->tpl;
    if ((out->formats & (T0_REVIEW_PDF | T0_REVIEW_PNG)) && !rv->tpl) {
        const char *name = opt->template_name ? opt->template_name : "monthly-review";
        if ((st = t0_template_load(name, opt->exe_path, &rv->owned_tpl, err)) != T0_OK)
            return st;
        rv->tpl = rv->owned_tpl;
    }
    if (out->formats & T0_REVIEW_PDF)
        return load_narratives(rv, err);
    return T0_OK;
}

/* The PDF then the PNGs, into *later: their errors rank after the workbook's. */
static enum t0_status write_pdf_and_pngs(struct review *rv, char *pdf_path, size_t size,
                                         struct t0_error *later)
{
    enum t0_status st = T0_OK;
    unsigned formats = rv->out->formats;
    if (formats & T0_REVIEW_PDF) {
        step(rv, "writing the PDF");
        if ((st = document_path(rv, ".pdf", pdf_path, size, later)) == T0_OK)
            st = rv->draw->pdf_write_report(rv->rep, rv->tpl, pdf_path, later);
        if (st == T0_OK)
            st = note_written(rv, pdf_path, later);
    }
    if (st == T0_OK && (formats & T0_REVIEW_PNG)) {
        step(rv, "writing the charts");
        st = t0_output_check_not_input(rv->dir, rv->opt->keep, rv->opt->n_keep, later);
        if (st == T0_OK)
            st = rv->draw->charts_write_pngs_threads(rv->rep, t0_template_theme(rv->tpl),
                                                     rv->dir, rv->out->base,
                                                     rv->opt->threads, later);
        if (st == T0_OK)
            st = note_pngs(rv, later);
    }
    return st;
}

/* The documents, once prepare() passed. The workbook takes longest: it
 * starts first, on its own thread when there is other work to do beside it.
 * The first error in the order JSON, workbook, PDF, charts is reported. */
static enum t0_status write_documents(struct review *rv, struct t0_error *err)
{
    unsigned formats = rv->out->formats;
    char path[PATH_MAX], pdf_path[PATH_MAX] = "";
    enum t0_status st = T0_OK, json_st = T0_OK;
    struct workbook_job wb = {
        .rep = rv->rep, .draw = rv->draw, .threads = rv->opt->threads};
    if (formats & T0_REVIEW_XLSX) {
        if ((st = document_path(rv, ".xlsx", wb.path, sizeof wb.path, err)) != T0_OK)
            return st;
        bool beside = rv->opt->threads != 1 && (formats & ~T0_REVIEW_XLSX);
        if (!beside)
            step(rv, "writing the workbook");
        start_workbook(&wb, beside);
    }
    struct t0_error later;
    t0_error_clear(&later);
    if (formats & T0_REVIEW_JSON) {
        step(rv, "writing the JSON summary");
        if ((json_st = document_path(rv, ".json", path, sizeof path, err)) == T0_OK)
            json_st = t0_summary_write_json(rv->rep, path, err);
        if (json_st == T0_OK)
            json_st = note_written(rv, path, err);
    }
    if (json_st == T0_OK)
        st = write_pdf_and_pngs(rv, pdf_path, sizeof pdf_path, &later);
    if (formats & T0_REVIEW_XLSX) {
        if (wb.threaded)
            step(rv, "finishing the workbook");
        enum t0_status wst = finish_workbook(&wb, json_st == T0_OK ? err : NULL);
        if (wst == T0_OK)
            wst = note_written(rv, wb.path, json_st == T0_OK ? err : NULL);
        if (json_st == T0_OK && wst != T0_OK)
            return wst;
    }
    if (json_st != T0_OK)
        return json_st;
    if (st != T0_OK) {
        if (err && !err->text[0])
            *err = later;
        return st;
    }
    if (formats & T0_REVIEW_EML) {
        step(rv, "writing the e-mail");
        if ((st = document_path(rv, ".eml", path, sizeof path, err)) != T0_OK ||
            (st = t0_email_write(rv->rep, pdf_path, path, err)) != T0_OK)
            return st;
        return note_written(rv, path, err);
    }
    return T0_OK;
}

enum t0_status t0_review_write(const struct t0_report *rep,
                               const struct t0_review_options *opt,
                               struct t0_review_result *out, struct t0_error *err)
{
    static const struct t0_review_options defaults = {0};
    struct t0_review_result scratch;
    if (!out)
        out = &scratch;
    memset(out, 0, sizeof *out);
    if (!rep)
        return t0_error_set(err, T0_EUSAGE, NULL, NULL, "no report to review");
    struct review rv = {.rep = rep, .opt = opt ? opt : &defaults, .out = out};
    rv.dir = rv.opt->out_dir ? rv.opt->out_dir : ".";
    out->formats = rv.opt->formats ? rv.opt->formats : T0_REVIEW_DEFAULT_FORMATS;
    if (out->formats & T0_REVIEW_EML)
        out->formats |= T0_REVIEW_PDF; /* the message carries the PDF */
    enum t0_status st = prepare(&rv, err);
    if (st == T0_OK)
        st = write_documents(&rv, err);
    t0_template_free(rv.owned_tpl);
    if (out == &scratch)
        t0_review_result_release(&scratch);
    return st;
}
