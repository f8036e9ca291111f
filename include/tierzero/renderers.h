/* renderers.h: the documents that are drawn (PDF, PNG charts, workbook), reached through
 * one table. */
#ifndef TIERZERO_RENDERERS_H
#define TIERZERO_RENDERERS_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/report.h"
#include "tierzero/template.h"

/*
 * The drawing code and the libraries it needs (cairo, pango, fontconfig,
 * harfbuzz, libxlsxwriter, libpng and theirs: about 7 MiB mapped before
 * anything is drawn) are a module of their own, tierzero-draw.so, which the
 * program opens the first time a command draws. `summary`, `gate`, `check`
 * and `merge` never map them. The tests and the fuzzers link the drawing
 * code in instead; both give the same table.
 *
 * The program's build looks for the module beside the program (a build
 * tree), then in ../T0_MODULE_SUBDIR from the program's directory (an
 * installed package: /usr/lib/<triplet>/tierzero/tierzero-draw.so). A
 * module of another build (a different table, report or version) is
 * refused.
 */

#define T0_DRAW_MODULE "tierzero-draw.so"

struct t0_renderers {
    /* What the table was built against: checked before it is used. */
    size_t table_size;           /* sizeof(struct t0_renderers) */
    size_t report_size;          /* sizeof(struct t0_report) */
    const char *version;         /* T0_VERSION */
    void (*prepare_fonts)(void); /* t0_pdf_prepare_fonts */
    enum t0_status (*pdf_write_report)(const struct t0_report *rep,
                                       const struct t0_template *tpl, const char *path,
                                       struct t0_error *err);
    enum t0_status (*pdf_write_postmortem)(const struct t0_report *rep,
                                           const struct t0_template *tpl,
                                           size_t incident_index, const char *path,
                                           struct t0_error *err);
    enum t0_status (*charts_write_pngs_threads)(const struct t0_report *rep,
                                                const struct t0_theme *theme,
                                                const char *dir, const char *base,
                                                unsigned threads, struct t0_error *err);
    enum t0_status (*workbook_write_threads)(const struct t0_report *rep,
                                             const char *path, unsigned threads,
                                             struct t0_error *err);
};

/* The module's one exported symbol (its code is built with hidden
 * visibility). */
#define T0_DRAW_EXPORT __attribute__((visibility("default")))

/* The drawing code's table (renderers_table.c, in the module or linked in). */
extern T0_DRAW_EXPORT const struct t0_renderers t0_renderers_table;

/* The table, the module opened on the first call (any thread; later calls
 * wait for the first). NULL when it cannot be opened or is of another build:
 * err says which file and why (T0_EOUTPUT: no document can be drawn). */
const struct t0_renderers *t0_renderers(struct t0_error *err);

/* Starts opening the module, then (with fonts) loading the font
 * configuration, on a thread of its own, so that both overlap what comes
 * before the first drawing (reading the input). Call it early when a
 * command will draw; t0_renderers() still reports any failure. */
void t0_renderers_preload(bool fonts);

#endif
