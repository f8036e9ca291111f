/* pdf.h: the review PDF (definitions.md §5 "PDF") and the single-incident postmortem PDF.
 */
#ifndef TIERZERO_PDF_H
#define TIERZERO_PDF_H

#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/report.h"
#include "tierzero/template.h"

/*
 * Both functions lay the document out twice: a first pass counts the pages
 * (so every footer can say "Page 3 of 14"), the second writes the PDF to a
 * temporary file beside path, renamed over path only when cairo reports no
 * error. The document has an outline entry per section (and per
 * postmortem), metadata (title, author = organisation, subject, creator
 * "tierzero VERSION", creation and modification date = t0_creation_time(),
 * so SOURCE_DATE_EPOCH makes two runs byte-identical), embedded font
 * subsets, vector charts and links on http(s) incident URLs. User text is
 * always laid out as plain text, never as markup. The report and template
 * are borrowed. The page size is the template's, else the configuration's.
 *
 * @code
 *   struct t0_template *tpl;
 *   if (t0_template_load("monthly-review", argv[0], &tpl, err) == T0_OK) {
 *       st = t0_pdf_write_report(&rep, tpl, "out/slo-review-2026-10.pdf", err);
 *       t0_template_free(tpl);
 *   }
 * @endcode
 *
 * Errors: T0_EOUTPUT (cannot write; no file is left behind), T0_ENOMEM.
 */
enum t0_status t0_pdf_write_report(const struct t0_report *rep,
                                   const struct t0_template *tpl, const char *path,
                                   struct t0_error *err);

/* The postmortem of dataset incident incident_index (sections of the
 * template, normally "postmortems" then "context": the SLO months around it
 * and the releases before it). T0_EUSAGE when the index is out of range. */
enum t0_status t0_pdf_write_postmortem(const struct t0_report *rep,
                                       const struct t0_template *tpl,
                                       size_t incident_index, const char *path,
                                       struct t0_error *err);

/* Starts loading the font configuration (fontconfig, on a thread pango
 * starts for it) on the calling thread's behalf, so that it overlaps what
 * comes before the first PDF or chart drawn on this thread: call it early on
 * the thread that will draw, when a PDF or a chart will be drawn. */
void t0_pdf_prepare_fonts(void);

#endif
