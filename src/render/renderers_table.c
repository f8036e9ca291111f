/* renderers_table.c: the drawing code's table (renderers.h). */
#include "tierzero/renderers.h"

#include "tierzero/charts.h"
#include "tierzero/pdf.h"
#include "tierzero/workbook.h"

T0_DRAW_EXPORT const struct t0_renderers t0_renderers_table = {
    .table_size = sizeof(struct t0_renderers),
    .report_size = sizeof(struct t0_report),
    .version = T0_VERSION,
    .prepare_fonts = t0_pdf_prepare_fonts,
    .pdf_write_report = t0_pdf_write_report,
    .pdf_write_postmortem = t0_pdf_write_postmortem,
    .charts_write_pngs_threads = t0_charts_write_pngs_threads,
    .workbook_write_threads = t0_workbook_write_threads,
};
