/* xlsx_private.h: the Incidents sheets' rows written as sheet XML beside
 * libxlsxwriter, deflated as they are made, and spliced into its package. */
#ifndef TIERZERO_XLSX_PRIVATE_H
#define TIERZERO_XLSX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tierzero/error.h"

/* ---- sheet XML, as libxlsxwriter 1.1.4 writes it in constant-memory mode ---- */

/* Growing text; oom set (and nothing more added) when memory runs out. */
struct t0_xlsx_buf {
    char *p;
    size_t len, cap;
    bool oom;
};

/* <row r="ROW+1">, </row>. row: 0-based. */
void t0_xlsx_row_start(struct t0_xlsx_buf *b, size_t row);
void t0_xlsx_row_end(struct t0_xlsx_buf *b);

/* An inline string cell: control characters as _xHHHH_, then & < > as
 * entities, xml:space="preserve" when the text starts or ends with a space
 * (libxlsxwriter's worksheet_write_string). xf: the cell's style index (0:
 * none). Empty text writes nothing. */
void t0_xlsx_cell_str(struct t0_xlsx_buf *b, size_t row, size_t col, const char *text,
                      int xf);
/* A blank cell with a style (xf > 0): <c r="A1" s="N"/>. */
void t0_xlsx_cell_blank(struct t0_xlsx_buf *b, size_t row, size_t col, int xf);
/* A number cell, the number as C's "%.16G" (t0_xlsx_number). */
void t0_xlsx_cell_num(struct t0_xlsx_buf *b, size_t row, size_t col, double v, int xf);
/* A formula with a cached string result; formula without its leading '='. */
void t0_xlsx_cell_formula_str(struct t0_xlsx_buf *b, size_t row, size_t col,
                              const char *formula, const char *cached, int xf);

/* v as snprintf("%.16G") writes it (libxlsxwriter 1.1.4 built without its
 * dtoa), into out (32 bytes); returns the length. Exact: the digits come from
 * the binary value by integer arithmetic, snprintf only outside 1e-5..1e16. */
size_t t0_xlsx_number(char out[32], double v);

/* ---- rows made and deflated on worker threads ---- */

/* Writes the row of item (an index into whatever the caller lists) as sheet
 * row `row` (0-based) into b; ctx is the calling thread's own. */
typedef void (*t0_xlsx_row_fn)(void *ctx, struct t0_xlsx_buf *b, size_t row, size_t item);

struct t0_xlsx_rows_spec {
    size_t n_sheets;
    const size_t *first_item; /* per sheet: the item of its row 1 */
    const size_t *n_rows;     /* per sheet: data rows, written as rows 1..n */
    t0_xlsx_row_fn write_row;
    void **ctx;            /* n_threads contexts, one per thread */
    unsigned n_threads;    /* including the caller of t0_xlsx_rows_finish */
    int level;             /* zlib level */
    size_t rows_per_chunk; /* 0: the default */
    /* Where the deflated chunks wait for the splice: a temporary file in
     * this directory, removed as soon as it is made (so none is left
     * behind); NULL: in memory. */
    const char *spill_dir;
    /* A sheet's XML or deflated size from which t0_xlsx_rows_finish says
     * the package would need ZIP64 (0: 64 MB under 4 GB; lower in tests). */
    uint64_t part_limit;
};

/* One piece of a sheet's rows: its XML deflated on its own (raw deflate,
 * ending with a sync flush, so the pieces concatenate). */
struct t0_xlsx_chunk {
    unsigned char *z; /* NULL: at offset `at` of the job's spill file */
    uint64_t at;
    size_t zlen;
    size_t raw_len;
    uint32_t crc; /* of the raw XML */
};

struct t0_xlsx_rows;

/* Starts n_threads - 1 threads making the rows (fewer if the system gives
 * fewer). NULL when out of memory or when the spill file cannot be made. */
struct t0_xlsx_rows *t0_xlsx_rows_start(const struct t0_xlsx_rows_spec *spec);

/* Makes what is left on the calling thread (with ctx[n_threads - 1]) and
 * joins the others. 0 when done; -1 out of memory; -2 when the spill file
 * could not be written (t0_xlsx_rows_errno says why); 1 when a sheet's XML
 * or its deflated size would come near 4 GB (no ZIP64: see t0_xlsx_splice). */
int t0_xlsx_rows_finish(struct t0_xlsx_rows *job);

/* Why the spill file could not be written (ENOSPC, EFBIG...). */
int t0_xlsx_rows_errno(const struct t0_xlsx_rows *job);

/* The spill file's descriptor, -1 when the chunks are in memory. */
int t0_xlsx_rows_spill_fd(const struct t0_xlsx_rows *job);

/* After t0_xlsx_rows_finish: sheet k's chunks, in order. */
const struct t0_xlsx_chunk *t0_xlsx_rows_chunks(const struct t0_xlsx_rows *job,
                                                size_t sheet, size_t *n);

/* Stops the threads if still running and frees everything. NULL is fine. */
void t0_xlsx_rows_free(struct t0_xlsx_rows *job);

/* ---- the zip splice ---- */

/* A part of the package whose <sheetData> gets the chunks' rows after the
 * rows already in it. */
struct t0_xlsx_part {
    const char *name; /* "xl/worksheets/sheet3.xml" */
    const struct t0_xlsx_chunk *chunks;
    size_t n_chunks;
    int spill_fd; /* where chunks without z are (t0_xlsx_rows_spill_fd) */
};

/*
 * Copies the package at in_path to out, every entry as it is (no
 * recompression) except the parts named, each of which is inflated, cut at
 * its </sheetData>, and written as its head and tail deflated (at level)
 * around the chunks, its CRC combined with crc32_combine; then the central
 * directory. No ZIP64: 1 (nothing reported) when an entry or the file would
 * pass 4 GB or hold 65,535 entries, or the package uses ZIP64 itself.
 * A spill file that cannot be read back is an output error.
 * 0 when written; otherwise minus the status (T0_EOUTPUT, T0_ENOMEM), with
 * err set naming out_name.
 */
int t0_xlsx_splice(const char *in_path, FILE *out, const struct t0_xlsx_part *parts,
                   size_t n_parts, int level, const char *out_name, struct t0_error *err);

#endif
