/* review.h: a review's documents written from a computed report, in one call. */
#ifndef TIERZERO_REVIEW_H
#define TIERZERO_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/model.h"
#include "tierzero/report.h"
#include "tierzero/template.h"

/*
 * What `tierzero report` writes, as a library call: which documents, their
 * names, the workbook on a thread of its own, the order of the errors and the
 * e-mail after the PDF it carries. A program reviewing many teams calls it
 * once per computed report; nothing in it is global.
 *
 * @code
 *   struct t0_review_options ro = {.formats = T0_REVIEW_PDF | T0_REVIEW_JSON,
 *                                  .out_dir = "out", .narratives = ds};
 *   struct t0_review_result res;
 *   st = t0_review_write(&rep, &ro, &res, &err);
 *   for (size_t i = 0; st == T0_OK && i < res.n_paths; i++)
 *       puts(res.paths[i]);
 *   t0_review_result_release(&res);
 * @endcode
 */

/* The documents of a review, as bits. */
enum t0_review_format {
    T0_REVIEW_PDF = 1u << 0,  /* BASE.pdf (t0_pdf_write_report) */
    T0_REVIEW_XLSX = 1u << 1, /* BASE.xlsx (t0_workbook_write) */
    T0_REVIEW_JSON = 1u << 2, /* BASE.json (t0_summary_write_json) */
    T0_REVIEW_PNG = 1u << 3,  /* BASE-<chart>.png (t0_charts_write_pngs) */
    T0_REVIEW_EML = 1u << 4,  /* BASE.eml (t0_email_write), the PDF attached */
};
#define T0_REVIEW_DEFAULT_FORMATS (T0_REVIEW_PDF | T0_REVIEW_XLSX | T0_REVIEW_JSON)

/* Every pointer is borrowed; zero is the default of every field. */
struct t0_review_options {
    /* T0_REVIEW_* bits; 0: T0_REVIEW_DEFAULT_FORMATS. The e-mail brings the
     * PDF with it: the message carries it. */
    unsigned formats;
    /* Where the documents go, created with its parents when missing; NULL: ".". */
    const char *out_dir;
    /* The base name of every document (t0_review_name_ok); NULL:
     * "slo-review-YYYY-MM", the review month. */
    const char *name;
    /* The template of the PDF and the PNGs. NULL: template_name is loaded
     * (only when a PDF or PNG is asked for) and freed before returning; a
     * program writing many reviews loads it once and passes it here. */
    const struct t0_template *tpl;
    const char *template_name; /* directory or installed name; NULL: "monthly-review" */
    const char *exe_path; /* argv[0], where installed templates are found; may be NULL */
    /* The dataset rep was computed from (rep->data) when it was read with
     * defer_narrative: the postmortem material of the review month's
     * incidents is read back into it (t0_load_narrative) before the PDF is
     * laid out. NULL: the material in memory is used. */
    struct t0_dataset *narratives;
    /* Files no document may replace (the inputs): a document whose path
     * names one of them is an output error. NULL entries and "-" are skipped. */
    const char *const *keep;
    size_t n_keep;
    /* 1: every document on the calling thread; otherwise the workbook is
     * written on a thread of its own while the others are (same bytes). */
    unsigned threads;
    /* Told each step ("writing the PDF") before it starts; may be NULL. */
    void (*progress)(void *ctx, const char *step);
    void *progress_ctx;
};

/* What a review wrote. */
struct t0_review_result {
    /* The T0_REVIEW_* bits asked for, with the defaults and the e-mail's PDF. */
    unsigned formats;
    char base[256]; /* the base name used */
    /* new: the path of each document written, complete, in the order they
     * were finished: BASE.json, BASE.pdf, the PNGs (in t0_charts_write_pngs's
     * order), BASE.xlsx (written beside the others), BASE.eml. After a
     * failure, the documents finished before it (no partial file is left). */
    char **paths;
    size_t n_paths;
};

/*
 * Writes the review of rep (borrowed; computed by t0_report_compute) as
 * opt asks (NULL: the defaults), each document atomically (t0_atomic_open).
 *
 * Order: the name is checked, the directory made, the template loaded and the
 * narratives read (each failure stops before any document); then the
 * workbook starts, then the JSON, the PDF and the PNGs follow; the e-mail is
 * written last, only when all the others were, since it attaches the PDF.
 * The first error in the order JSON, workbook, PDF, PNGs is the one
 * reported; after a JSON error no PDF, PNG or e-mail is written.
 *
 * Errors: T0_EUSAGE (a name that is not a base name, or narratives that are
 * not rep->data), T0_EINPUT (the template or a narrative cannot be read),
 * T0_EOUTPUT (a directory or document cannot be written, or a document
 * would replace a file of keep; err names it), T0_ENOMEM.
 * out (may be NULL) need not be initialised: it is overwritten (release a
 * used one first) and filled in any case; release it with
 * t0_review_result_release.
 */
enum t0_status t0_review_write(const struct t0_report *rep,
                               const struct t0_review_options *opt,
                               struct t0_review_result *out, struct t0_error *err);

/* Frees out's paths; out can be used again. Safe on a zeroed result. */
void t0_review_result_release(struct t0_review_result *out);

/* Whether name can be a base name: not empty, no '/', not "." nor "..". */
bool t0_review_name_ok(const char *name);

#endif
