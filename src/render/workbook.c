/* workbook.c: writes the analyst workbook (definitions.md §5) with libxlsxwriter. */
#include "tierzero/workbook.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zlib.h>

#include "tierzero/burn.h"
#include "tierzero/figures.h"
#include "tierzero/format.h"
#include "tierzero/narrative.h"
#include "tierzero/output.h"
#include "workbook_private.h"
#include "tierzero/maintenance.h"
#include "xlsx_private.h"

/* Excel's cell text limit is 32,767 characters; libxlsxwriter refuses more. */
#define CELL_TEXT_MAX 32767
/* Excel's limit on a string constant inside a formula (characters). */
#define FORMULA_STRING_MAX 255
/* Serial day number of 1970-01-01 in Excel's 1900 date system. */
#define EXCEL_EPOCH_DAYS 25569.0
#define TRUNCATION_MARK "\xE2\x80\xA6" /* U+2026 */

#define SHEET_SUMMARY "Summary"
#define SHEET_MONTHLY "Monthly SLO"
#define SHEET_RELEASES "Releases"
#define SHEET_CORRELATION "Correlation"
#define SHEET_DAILY "Daily"
#define SHEET_ALERTS "Alerts"
#define SHEET_QUALITY "Data Quality"
#define SHEET_QUARTERS "Quarters"
#define SHEET_MAINTENANCE "Maintenance"

/* Okabe-Ito: met #009E73, at risk #E69F00, exhausted #D55E00, as light
 * tints with dark text of the same hue so the cells stay legible. */
#define FILL_MET 0xCCECE3
#define TEXT_MET 0x00573F
#define FILL_AT_RISK 0xFAECCC
#define TEXT_AT_RISK 0x7A5200
#define FILL_EXHAUSTED 0xF7D7C4
#define TEXT_EXHAUSTED 0x8A3200
#define COLOR_BLUE 0x0072B2
#define COLOR_ORANGE 0xE69F00
#define COLOR_VERMILLION 0xD55E00
#define COLOR_GREEN 0x009E73
#define COLOR_SKY 0x56B4E9
#define COLOR_PURPLE 0xCC79A7
#define COLOR_GREY 0x666666

/* Monthly SLO columns (also used for the period block on Summary). */
enum {
    MC_SLO = 0,
    MC_MONTH,
    MC_TOTAL,
    MC_ELAPSED,
    MC_BAD,
    MC_OBJECTIVE,
    MC_BUDGET,
    MC_CONSUMED,
    MC_REMAINING,
    MC_ATTAINMENT,
    MC_STATUS,
    MC_EXHAUSTED_AT,
    MC_INCIDENTS,
    MC_PARTIAL,
    MC_EXCLUDED, /* definitions.md §10: from the Maintenance sheet, feeding the budget */
    MC_START,
    MC_END,
    MC_COUNT
};
/* The catalogue's figure (figures.h) each window column shows; the SLO, the
 * window's name, the objective and the window's bounds are not figures. */
static const int mc_figure[MC_COUNT] = {
    [MC_SLO] = -1,
    [MC_MONTH] = -1,
    [MC_TOTAL] = T0_FIG_MINUTES_TOTAL,
    [MC_ELAPSED] = T0_FIG_MINUTES_ELAPSED,
    [MC_BAD] = T0_FIG_BAD_MINUTES,
    [MC_OBJECTIVE] = -1,
    [MC_BUDGET] = T0_FIG_BUDGET_MINUTES,
    [MC_CONSUMED] = T0_FIG_BUDGET_CONSUMED,
    [MC_REMAINING] = T0_FIG_BUDGET_REMAINING_MINUTES,
    [MC_ATTAINMENT] = T0_FIG_ATTAINMENT,
    [MC_STATUS] = T0_FIG_STATUS,
    [MC_EXHAUSTED_AT] = T0_FIG_EXHAUSTED_AT,
    [MC_INCIDENTS] = T0_FIG_INCIDENTS,
    [MC_PARTIAL] = T0_FIG_PARTIAL,
    [MC_EXCLUDED] = T0_FIG_MINUTES_EXCLUDED,
    [MC_START] = -1,
    [MC_END] = -1,
};

/* The headers of a window table (Monthly SLO, Quarters): the figures' labels
 * from the catalogue, the window's name and bounds as given. */
static void window_heads(const char *heads[MC_COUNT], const char *window,
                         const char *start, const char *end)
{
    for (size_t c = 0; c < MC_COUNT; c++)
        heads[c] = mc_figure[c] >= 0
                       ? t0_figure_def_of((enum t0_figure_id)mc_figure[c])->label
                       : NULL;
    heads[MC_SLO] = "SLO";
    heads[MC_MONTH] = window;
    heads[MC_OBJECTIVE] = "Objective %";
    heads[MC_START] = start;
    heads[MC_END] = end;
}

/* The per-month activity table beside it. */
#define MC_ACTIVITY (MC_COUNT + 1)

struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

struct wb {
    const struct t0_report *rep;
    const struct t0_dataset *data;
    lxw_workbook *book;
    bool big; /* constant-memory mode: no tables */
    size_t rows_per_sheet;
    lxw_error lerr; /* first libxlsxwriter error */
    const char *lerr_what;
    bool oom;
    struct sbuf text; /* scratch for joined text */
    char *fit;        /* scratch for truncated text */
    size_t n_incident_sheets;

    lxw_worksheet *summary, *monthly, **incidents, *releases, *correlation, *daily,
        *quality, *quarters, *maintenance, *alerts;
    size_t maint_rows; /* data rows of the Maintenance sheet (definitions.md §10) */

    lxw_format *title, *subtitle, *header, *bold, *note, *datetime, *date, *minutes, *pct,
        *attainment, *ratio, *integer, *input, *input_pct, *wrap, *status_met,
        *status_at_risk, *status_exhausted;
    lxw_format *link; /* libxlsxwriter's hyperlink look (blue, underlined) */
    /* Set on the threads that write the Incidents sheets' rows as XML
     * (xlsx_rows.c): put_str, put_num and put_formula_str append the cell
     * there instead of handing it to libxlsxwriter. */
    struct t0_xlsx_buf *xr;
    struct t0_xlsx_rows *rows; /* those rows, when they are written so */
    /* The style indices of the formats the rows use, taken before the rows'
     * threads start: libxlsxwriter frees its formats in workbook_close,
     * which may come before the last row is made. */
    int xf_datetime, xf_minutes, xf_link;
};

/* ---- small helpers ---- */

static void sb_reset(struct sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

static void sb_addn(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_add(struct sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}

static void note_error(struct wb *w, lxw_error e, const char *what)
{
    if (e != LXW_NO_ERROR && w->lerr == LXW_NO_ERROR) {
        w->lerr = e;
        w->lerr_what = what;
    }
}

/* Cuts text that Excel cannot hold in one cell, at a UTF-8 character
 * boundary, and marks the cut. Returns text itself when it fits. */
static const char *fit_text(struct wb *w, const char *text)
{
    size_t chars = 0, i = 0, cut = 0;
    const size_t keep = CELL_TEXT_MAX - 1; /* the mark is one character */
    for (i = 0; text[i]; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80) {
            chars++;
            if (chars == keep + 1)
                cut = i;
        }
    }
    if (chars <= CELL_TEXT_MAX)
        return text;
    if (!w->fit) {
        w->fit = malloc(cut + sizeof TRUNCATION_MARK);
        if (!w->fit) {
            w->oom = true;
            return "";
        }
    } else {
        char *p = realloc(w->fit, cut + sizeof TRUNCATION_MARK);
        if (!p) {
            w->oom = true;
            return "";
        }
        w->fit = p;
    }
    memcpy(w->fit, text, cut);
    memcpy(w->fit + cut, TRUNCATION_MARK, sizeof TRUNCATION_MARK);
    return w->fit;
}

/* Chart titles, axis and series names: libxlsxwriter reads one that starts
 * with '=' as a formula (written to the chart as <c:f>), so user text there
 * could become one. Every such name passes through name_text: cut to
 * NAME_TEXT_MAX characters at a UTF-8 boundary, and a leading '=' kept as text
 * behind a zero-width space (U+200B), which a spreadsheet shows as nothing. */
#define NAME_TEXT_MAX 255
#define NAME_TEXT_SIZE (3 + 4 * NAME_TEXT_MAX + 1)
#define ZERO_WIDTH_SPACE "\xE2\x80\x8B"

/* Appends text to buf[0..*n) while the name holds at most NAME_TEXT_MAX
 * characters; stops only where a character starts, so the name stays whole
 * UTF-8 (ingested text is valid UTF-8). */
static void name_append(char *buf, size_t *n, size_t *chars, const char *text)
{
    for (size_t i = 0; text[i] && *n + 1 < NAME_TEXT_SIZE; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80 && ++*chars > NAME_TEXT_MAX)
            break;
        buf[(*n)++] = text[i];
    }
}

/* buf: NAME_TEXT_SIZE bytes. prefix: program text before the user's, or "". */
static const char *name_text(char *buf, const char *prefix, const char *text)
{
    size_t n = 0, chars = 0;
    if ((*prefix ? prefix : text)[0] == '=') {
        memcpy(buf, ZERO_WIDTH_SPACE, 3);
        n = 3;
    }
    name_append(buf, &n, &chars, prefix);
    name_append(buf, &n, &chars, text);
    buf[n] = '\0';
    return buf;
}

static void set_chart_title(lxw_chart *chart, const char *text)
{
    char buf[NAME_TEXT_SIZE];
    chart_title_set_name(chart, name_text(buf, "", text));
}

static void set_axis_name(lxw_chart_axis *axis, const char *text)
{
    char buf[NAME_TEXT_SIZE];
    chart_axis_set_name(axis, name_text(buf, "", text));
}

static void set_series_name(lxw_chart_series *series, const char *prefix,
                            const char *text)
{
    char buf[NAME_TEXT_SIZE];
    chart_series_set_name(series, name_text(buf, prefix, text));
}

/* On a rows thread: the style index of one of the formats the incident
 * rows use, without reading the format (see xf_datetime). Another format
 * there is a programming error, failing the rows as out of memory would. */
static int xf_of(struct wb *w, const lxw_format *fmt)
{
    if (!fmt)
        return 0;
    if (fmt == w->datetime)
        return w->xf_datetime;
    if (fmt == w->minutes)
        return w->xf_minutes;
    if (fmt == w->link)
        return w->xf_link;
    w->oom = true;
    return 0;
}

/* Writes user or program text as a string cell, never as a formula. NULL
 * and "" leave the cell empty. */
static void put_str(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                    const char *text, lxw_format *fmt)
{
    if (w->xr) {
        if (text && *text)
            t0_xlsx_cell_str(w->xr, row, col, fit_text(w, text), xf_of(w, fmt));
        else if (fmt)
            t0_xlsx_cell_blank(w->xr, row, col, xf_of(w, fmt));
        return;
    }
    if (!text || !*text) {
        if (fmt)
            note_error(w, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, fmt),
                       "writing a cell");
        return;
    }
    note_error(w,
               worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col,
                                      fit_text(w, text), fmt),
               "writing text");
}

static void put_num(struct wb *w, lxw_worksheet *ws, size_t row, size_t col, double v,
                    lxw_format *fmt)
{
    if (w->xr) {
        t0_xlsx_cell_num(w->xr, row, col, v, xf_of(w, fmt));
        return;
    }
    note_error(w, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, fmt),
               "writing a number");
}

/* A figure that may be null: the number, or an empty cell with the reason
 * in the column given (when note_col >= 0). */
static void put_value(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                      struct t0_value v, lxw_format *fmt, int note_col)
{
    if (t0_value_defined(v)) {
        put_num(w, ws, row, col, v.value, fmt);
    } else if (note_col >= 0) {
        put_str(w, ws, row, (size_t)note_col, v.reason, w->note);
    }
}

/* The Excel serial of the local wall clock at instant t in the report zone. */
static double excel_serial(const struct wb *w, t0_ms t)
{
    int offset = t0_zone_offset(w->rep->zone, t);
    double local_ms = (double)t + (double)offset * 1000.0;
    return local_ms / 86400000.0 + EXCEL_EPOCH_DAYS;
}

static void put_time(struct wb *w, lxw_worksheet *ws, size_t row, size_t col, t0_ms t)
{
    if (t == T0_NO_TIME)
        return;
    put_num(w, ws, row, col, excel_serial(w, t), w->datetime);
}

/* A row of column headers from column 0. */
static void put_header_row(struct wb *w, lxw_worksheet *ws, size_t row,
                           const char *const *heads, size_t n)
{
    for (size_t c = 0; c < n; c++)
        put_str(w, ws, row, c, heads[c], w->header);
}

static void put_yes_no(struct wb *w, lxw_worksheet *ws, size_t row, size_t col, bool yes)
{
    put_str(w, ws, row, col, yes ? "yes" : "no", NULL);
}

static void put_formula_num(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                            const char *formula, double cached, lxw_format *fmt)
{
    note_error(w,
               worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, formula,
                                           fmt, cached),
               "writing a formula");
}

static void put_formula_str(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                            const char *formula, const char *cached, lxw_format *fmt)
{
    if (w->xr) {
        t0_xlsx_cell_formula_str(w->xr, row, col,
                                 formula[0] == '=' ? formula + 1 : formula, cached,
                                 xf_of(w, fmt));
        return;
    }
    note_error(w,
               worksheet_write_formula_str(ws, (lxw_row_t)row, (lxw_col_t)col, formula,
                                           fmt, cached),
               "writing a formula");
}

/* A formula whose result is a figure that may be null ("" then). */
static void put_formula_value(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                              const char *formula, struct t0_value v, lxw_format *fmt)
{
    if (t0_value_defined(v))
        put_formula_num(w, ws, row, col, formula, v.value, fmt);
    else
        put_formula_str(w, ws, row, col, formula, "", fmt);
}

/* Characters Excel counts in a string (UTF-16 code units) of UTF-8 text. */
static size_t excel_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n += *p >= 0xF0 ? 2 : 1;
    return n;
}

/*
 * An http(s) address as a link: the formula =HYPERLINK("address"), the
 * address a formula string (each '"' doubled) and the cell's cached text.
 * A formula cell costs the writer a fraction of a hyperlink relationship
 * (libxlsxwriter 1.1.4 spends about 2 KB on each) and has no limit of 65,530
 * a sheet. Plain text otherwise: other schemes, addresses with controls,
 * spaces or angle brackets, and addresses whose formula string is longer than
 * the 255 characters Excel allows a string inside a formula.
 */
static void put_url(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                    const char *url)
{
    if (!url || !*url)
        return;
    bool web =
        strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
    size_t quotes = 0;
    for (const unsigned char *p = (const unsigned char *)url; web && *p; p++) {
        if (*p < 0x21 || *p == 0x7F || *p == '<' || *p == '>')
            web = false;
        quotes += *p == '"';
    }
    if (web && excel_chars(url) + quotes <= FORMULA_STRING_MAX) {
        sb_reset(&w->text);
        sb_add(&w->text, "=HYPERLINK(\"");
        for (const char *p = url, *q; *p; p = q + 1) {
            q = strchr(p, '"');
            if (!q) {
                sb_add(&w->text, p);
                break;
            }
            sb_addn(&w->text, p, (size_t)(q - p));
            sb_add(&w->text, "\"\"");
        }
        sb_add(&w->text, "\")");
        if (w->text.oom) {
            w->oom = true;
            return;
        }
        put_formula_str(w, ws, row, col, w->text.p, url, w->link);
        return;
    }
    put_str(w, ws, row, col, url, NULL);
}

static const char *join_services(struct wb *w, struct t0_symlist list)
{
    sb_reset(&w->text);
    sb_add(&w->text, "");
    for (uint32_t i = 0; i < list.count; i++) {
        if (i)
            sb_add(&w->text, ", ");
        sb_add(&w->text, t0_symtab_name(w->data->symbols, list.items[i]));
    }
    if (w->text.oom)
        w->oom = true;
    return w->text.p ? w->text.p : "";
}

static const char *join_strings(struct wb *w, const char *const *items, size_t n)
{
    sb_reset(&w->text);
    sb_add(&w->text, "");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_add(&w->text, ", ");
        sb_add(&w->text, items[i] ? items[i] : "");
    }
    if (w->text.oom)
        w->oom = true;
    return w->text.p ? w->text.p : "";
}

static void set_width(struct wb *w, lxw_worksheet *ws, size_t first, size_t last,
                      double width, lxw_format *fmt)
{
    note_error(w, worksheet_set_column(ws, (lxw_col_t)first, (lxw_col_t)last, width, fmt),
               "setting a column width");
}

/*
 * An Excel table over [first_row, last_row] x [0, ncols) with the header in
 * first_row (written here), or, in constant-memory mode, the header, an
 * autofilter and nothing else. The header row is frozen either way.
 */
static void put_table(struct wb *w, lxw_worksheet *ws, const char *name, size_t first_row,
                      size_t last_row, const char *const *headers, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++)
        put_str(w, ws, first_row, c, headers[c], w->header);
    if (last_row <= first_row)
        last_row = first_row + 1; /* a table needs a data row, even empty */
    if (w->big) {
        note_error(w,
                   worksheet_autofilter(ws, (lxw_row_t)first_row, 0, (lxw_row_t)last_row,
                                        (lxw_col_t)(ncols - 1)),
                   "adding an autofilter");
    } else {
        lxw_table_column *cols = calloc(ncols, sizeof *cols);
        lxw_table_column **list = calloc(ncols + 1, sizeof *list);
        if (!cols || !list) {
            w->oom = true;
        } else {
            for (size_t c = 0; c < ncols; c++) {
                cols[c].header = (char *)headers[c];
                cols[c].header_format = w->header;
                list[c] = &cols[c];
            }
            lxw_table_options opt = {0};
            opt.name = (char *)name;
            opt.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
            opt.style_type_number = 2;
            opt.columns = list;
            note_error(w,
                       worksheet_add_table(ws, (lxw_row_t)first_row, 0,
                                           (lxw_row_t)last_row, (lxw_col_t)(ncols - 1),
                                           &opt),
                       "adding a table");
        }
        free(cols);
        free(list);
    }
    if (first_row == 0)
        worksheet_freeze_panes(ws, 1, 0);
}

static void insert_chart(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                         lxw_chart *chart, double x_scale, double y_scale)
{
    lxw_chart_options opt = {0};
    opt.x_scale = x_scale;
    opt.y_scale = y_scale;
    note_error(
        w, worksheet_insert_chart_opt(ws, (lxw_row_t)row, (lxw_col_t)col, chart, &opt),
        "inserting a chart");
}

static lxw_color_t series_color(size_t i)
{
    static const lxw_color_t palette[] = {COLOR_BLUE,   COLOR_VERMILLION, COLOR_GREEN,
                                          COLOR_ORANGE, COLOR_SKY,        COLOR_PURPLE};
    return palette[i % (sizeof palette / sizeof palette[0])];
}

static void style_series(lxw_chart_series *series, lxw_color_t color, bool dashed)
{
    lxw_chart_line line = {0};
    line.color = color;
    line.width = dashed ? 1.25f : 2.0f;
    line.dash_type = dashed ? LXW_CHART_LINE_DASH_DASH : LXW_CHART_LINE_DASH_SOLID;
    chart_series_set_line(series, &line);
}

/* ---- formats ---- */

static lxw_format *new_format(struct wb *w)
{
    lxw_format *f = workbook_add_format(w->book);
    if (!f)
        w->oom = true;
    return f;
}

static void make_status_format(lxw_format *f, lxw_color_t fill, lxw_color_t text)
{
    format_set_bg_color(f, fill);
    format_set_font_color(f, text);
}

static bool make_formats(struct wb *w)
{
    w->title = new_format(w);
    w->subtitle = new_format(w);
    w->header = new_format(w);
    w->bold = new_format(w);
    w->note = new_format(w);
    w->datetime = new_format(w);
    w->date = new_format(w);
    w->minutes = new_format(w);
    w->pct = new_format(w);
    w->attainment = new_format(w);
    w->ratio = new_format(w);
    w->integer = new_format(w);
    w->input = new_format(w);
    w->input_pct = new_format(w);
    w->wrap = new_format(w);
    w->status_met = new_format(w);
    w->status_at_risk = new_format(w);
    w->status_exhausted = new_format(w);
    w->link = workbook_get_default_url_format(w->book);
    if (w->oom)
        return false;
    format_set_bold(w->title);
    format_set_font_size(w->title, 16);
    format_set_bold(w->subtitle);
    format_set_font_size(w->subtitle, 12);
    format_set_bold(w->header);
    format_set_bottom(w->header, LXW_BORDER_THIN);
    format_set_text_wrap(w->header);
    format_set_align(w->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(w->bold);
    format_set_italic(w->note);
    format_set_font_color(w->note, COLOR_GREY);
    format_set_num_format(w->datetime, "yyyy-mm-dd hh:mm");
    format_set_align(w->datetime, LXW_ALIGN_LEFT);
    format_set_num_format(w->date, "yyyy-mm-dd");
    format_set_align(w->date, LXW_ALIGN_LEFT);
    format_set_num_format(w->minutes, "#,##0.00");
    format_set_num_format(w->pct, "0.0");
    format_set_num_format(w->attainment, "0.000");
    format_set_num_format(w->ratio, "0.0000");
    format_set_num_format(w->integer, "0");
    /* Input cells look like inputs: a pale yellow fill and a border. */
    format_set_num_format(w->input, "0.0#####");
    format_set_bg_color(w->input, 0xFFF7D6);
    format_set_border(w->input, LXW_BORDER_THIN);
    format_set_border_color(w->input, 0xB08D00);
    format_set_unlocked(w->input);
    format_set_num_format(w->input_pct, "0.0#####");
    format_set_bg_color(w->input_pct, 0xFFF7D6);
    format_set_border(w->input_pct, LXW_BORDER_THIN);
    format_set_border_color(w->input_pct, 0xB08D00);
    format_set_unlocked(w->input_pct);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    make_status_format(w->status_met, FILL_MET, TEXT_MET);
    make_status_format(w->status_at_risk, FILL_AT_RISK, TEXT_AT_RISK);
    make_status_format(w->status_exhausted, FILL_EXHAUSTED, TEXT_EXHAUSTED);
    return true;
}

/* ---- layout shared by the sheets ---- */

/* 0-based row of slo s, month i on Monthly SLO (row 0 is the header). */
static size_t monthly_row(const struct t0_report *rep, size_t s, size_t i)
{
    return 1 + s * t0_report_months(rep) + i;
}

/* 0-based row of the objective input of slo s on Summary. */
#define SUMMARY_OBJECTIVES_ROW 10
static size_t objective_row(size_t s)
{
    return SUMMARY_OBJECTIVES_ROW + 1 + s;
}

static void cell_name(char *buf, size_t row, size_t col)
{
    lxw_rowcol_to_cell(buf, (lxw_row_t)row, (lxw_col_t)col);
}

/* An events SLO's window (definitions.md §8): its figures live on the Events sheet
 * (workbook_events.c), where they recompute from the objective; here the
 * minutes it has, the minute figures marked as not its own, and the rest
 * read from there. */
static void put_events_window(struct wb *w, lxw_worksheet *ws, size_t row, size_t s,
                              const struct t0_slo_window *win)
{
    const struct t0_slo_result *res = &w->rep->slos[s];
    /* The Events sheet has a row per month and one for the period; a
     * quarter (or any other window) has none. */
    int m = t0_month_diff(w->rep->from, win->month);
    size_t i = win->kind == T0_WINDOW_PERIOD ? t0_report_months(w->rep) : (size_t)m;
    char f[128];
    put_num(w, ws, row, MC_TOTAL, win->minutes_total, w->minutes);
    put_num(w, ws, row, MC_ELAPSED, win->minutes_elapsed, w->minutes);
    put_str(w, ws, row, MC_BAD, "events SLO", w->note);
    snprintf(f, sizeof f, "=Objective_%u", (unsigned)(s + 1));
    put_formula_num(w, ws, row, MC_OBJECTIVE, f, res->slo->objective_pct, w->ratio);
    put_str(w, ws, row, MC_BUDGET, "events SLO", w->note);
    put_str(w, ws, row, MC_REMAINING, "events SLO", w->note);
    if (win->kind != T0_WINDOW_MONTH && win->kind != T0_WINDOW_PERIOD) {
        put_value(w, ws, row, MC_CONSUMED, win->budget_consumed_pct, w->pct, -1);
        put_value(w, ws, row, MC_ATTAINMENT, win->attainment_pct, w->attainment, -1);
        put_str(w, ws, row, MC_STATUS, t0_slo_status_name(win->status), NULL);
        return;
    }
    size_t erow = t0_workbook_events_row(w->rep, s, i);
    snprintf(f, sizeof f, "='Events'!H%zu", erow + 1);
    put_formula_value(w, ws, row, MC_CONSUMED, f, win->budget_consumed_pct, w->pct);
    snprintf(f, sizeof f, "='Events'!J%zu", erow + 1);
    put_formula_value(w, ws, row, MC_ATTAINMENT, f, win->attainment_pct, w->attainment);
    snprintf(f, sizeof f, "='Events'!K%zu", erow + 1);
    put_formula_str(w, ws, row, MC_STATUS, f, t0_slo_status_name(win->status), NULL);
}

/*
 * definitions.md §10: the window's start and end, and its minutes in maintenance summed
 * from the Maintenance sheet's rows of SLO s (the overlap of each row's
 * [From, To) with [start, end)), so that deleting a row there gives the
 * window its budget back. The report's exact figure is the cached result.
 */
static void put_excluded(struct wb *w, lxw_worksheet *ws, size_t row, size_t s,
                         const struct t0_slo_window *win)
{
    char c_start[16], c_end[16], f[1600];
    put_time(w, ws, row, MC_START, win->start);
    put_time(w, ws, row, MC_END, win->end);
    if (w->maint_rows == 0) {
        put_num(w, ws, row, MC_EXCLUDED, win->minutes_excluded, w->minutes);
        return;
    }
    lxw_rowcol_to_cell_abs(c_start, (lxw_row_t)row, MC_START, LXW_FALSE, LXW_TRUE);
    lxw_rowcol_to_cell_abs(c_end, (lxw_row_t)row, MC_END, LXW_FALSE, LXW_TRUE);
    size_t last = w->maint_rows + 1;
    char slo[40], from[40], to[40];
    snprintf(slo, sizeof slo, "'" SHEET_MAINTENANCE "'!$A$2:$A$%zu", last);
    snprintf(from, sizeof from, "'" SHEET_MAINTENANCE "'!$C$2:$C$%zu", last);
    snprintf(to, sizeof to, "'" SHEET_MAINTENANCE "'!$D$2:$D$%zu", last);
    /* overlap = min(To, end) - max(From, start), counted when positive */
    char x[512];
    snprintf(x, sizeof x, "((%s<%s)*%s+(%s>=%s)*%s-(%s>%s)*%s-(%s<=%s)*%s)", to, c_end,
             to, to, c_end, c_end, from, c_start, from, from, c_start, c_start);
    snprintf(f, sizeof f, "=1440*SUMPRODUCT((%s=%zu)*(%s>0)*%s)", slo, s + 1, x, x);
    put_formula_num(w, ws, row, MC_EXCLUDED, f, win->minutes_excluded, w->minutes);
}

/*
 * Writes one SLO window's figures at row, columns MC_TOTAL..MC_STATUS: the
 * inputs as numbers, the rest as formulas on Objective_<s+1> and AtRiskPct
 * with the report's figures as cached results.
 */
static void put_slo_window(struct wb *w, lxw_worksheet *ws, size_t row, size_t s,
                           const struct t0_slo_window *win)
{
    const struct t0_slo_result *res = &w->rep->slos[s];
    char c_total[16], c_elapsed[16], c_bad[16], c_budget[16], c_consumed[16], f[512];
    if (win->unit == T0_UNIT_EVENTS) {
        put_events_window(w, ws, row, s, win);
        return;
    }
    cell_name(c_total, row, MC_TOTAL);
    cell_name(c_elapsed, row, MC_ELAPSED);
    cell_name(c_bad, row, MC_BAD);
    cell_name(c_budget, row, MC_BUDGET);
    cell_name(c_consumed, row, MC_CONSUMED);
    unsigned n = (unsigned)(s + 1);

    put_num(w, ws, row, MC_TOTAL, win->minutes_total, w->minutes);
    put_num(w, ws, row, MC_ELAPSED, win->minutes_elapsed, w->minutes);
    put_num(w, ws, row, MC_BAD, win->bad_minutes, w->minutes);
    char c_excluded[16];
    cell_name(c_excluded, row, MC_EXCLUDED);
    put_excluded(w, ws, row, s, win);

    snprintf(f, sizeof f, "=Objective_%u", n);
    put_formula_num(w, ws, row, MC_OBJECTIVE, f, res->slo->objective_pct, w->ratio);

    /* (100 - objective) first: 100 - 99.5 is exact, 1 - 0.995 is not. */
    snprintf(f, sizeof f, "=(100-Objective_%u)/100*(%s-%s)", n, c_total, c_excluded);
    put_formula_num(w, ws, row, MC_BUDGET, f, win->budget_minutes, w->minutes);

    /* A zero budget: 0 consumed without bad minutes, undefined with. */
    snprintf(f, sizeof f, "=IF(%s=0,IF(%s=0,0,\"\"),100*%s/%s)", c_budget, c_bad, c_bad,
             c_budget);
    put_formula_value(w, ws, row, MC_CONSUMED, f, win->budget_consumed_pct, w->pct);

    snprintf(f, sizeof f, "=%s-%s", c_budget, c_bad);
    put_formula_num(w, ws, row, MC_REMAINING, f, win->budget_remaining_minutes,
                    w->minutes);

    snprintf(f, sizeof f, "=IF(%s=0,\"\",100*(1-%s/%s))", c_elapsed, c_bad, c_elapsed);
    put_formula_value(w, ws, row, MC_ATTAINMENT, f, win->attainment_pct, w->attainment);

    /* The report decides thresholds exactly; ROUND keeps the spreadsheet's
     * binary arithmetic (99.99999999999997) from missing an exact 100. */
    snprintf(f, sizeof f,
             "=IF(AND(%s=0,%s>0),\"exhausted\",IF(ROUND(%s,9)>=100,\"exhausted\","
             "IF(ROUND(%s,9)>=AtRiskPct,\"at risk\",\"met\")))",
             c_budget, c_bad, c_consumed, c_consumed);
    put_formula_str(w, ws, row, MC_STATUS, f, t0_slo_status_label(win->status), NULL);
}

/* One row of an SLO's window table (Monthly SLO, Quarters): the SLO, the
 * window's label, its figures, when its budget ran out, its incidents. */
static void put_window_row(struct wb *w, lxw_worksheet *ws, size_t row, size_t s,
                           const struct t0_slo_window *win)
{
    put_str(w, ws, row, MC_SLO, w->rep->slos[s].slo->name, NULL);
    put_str(w, ws, row, MC_MONTH, win->label, NULL);
    put_slo_window(w, ws, row, s, win);
    put_time(w, ws, row, MC_EXHAUSTED_AT, win->exhausted_at);
    put_num(w, ws, row, MC_INCIDENTS, (double)win->incidents, w->integer);
    put_yes_no(w, ws, row, MC_PARTIAL, win->partial);
}

static void status_formats(struct wb *w, lxw_worksheet *ws, size_t first, size_t last,
                           size_t col)
{
    static const char *const names[] = {"\"met\"", "\"at risk\"", "\"exhausted\""};
    lxw_format *fmts[] = {w->status_met, w->status_at_risk, w->status_exhausted};
    if (last < first)
        return;
    for (size_t i = 0; i < 3; i++) {
        lxw_conditional_format cf = {0};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        cf.value_string = (char *)names[i];
        cf.format = fmts[i];
        note_error(w,
                   worksheet_conditional_format_range(ws, (lxw_row_t)first,
                                                      (lxw_col_t)col, (lxw_row_t)last,
                                                      (lxw_col_t)col, &cf),
                   "adding a conditional format");
    }
}

static void consumed_bars(struct wb *w, lxw_worksheet *ws, size_t first, size_t last,
                          size_t col)
{
    if (last < first)
        return;
    lxw_conditional_format cf = {0};
    cf.type = LXW_CONDITIONAL_DATA_BAR;
    cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.min_value = 0;
    cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.max_value = 100;
    cf.bar_color = COLOR_ORANGE;
    cf.bar_solid = LXW_TRUE;
    note_error(w,
               worksheet_conditional_format_range(ws, (lxw_row_t)first, (lxw_col_t)col,
                                                  (lxw_row_t)last, (lxw_col_t)col, &cf),
               "adding a conditional format");
}

/* ---- Summary ---- */

static void put_label_value(struct wb *w, size_t row, const char *label,
                            struct t0_value v, lxw_format *fmt)
{
    put_str(w, w->summary, row, 0, label, NULL);
    put_value(w, w->summary, row, 1, v, fmt, 2);
}

static void put_label_count(struct wb *w, size_t row, const char *label, double n)
{
    put_str(w, w->summary, row, 0, label, NULL);
    put_num(w, w->summary, row, 1, n, w->integer);
}

/* "Exhausted at" is the report's exact instant, not a formula: the cell note
 * of its heading says it does not follow an objective edited on Summary. */
static void exhausted_at_note(struct wb *w, lxw_worksheet *ws, size_t row, size_t col)
{
    lxw_comment_options opt = {0};
    opt.x_scale = 2.2;
    opt.y_scale = 1.6;
    note_error(
        w,
        worksheet_write_comment_opt(
            ws, (lxw_row_t)row, (lxw_col_t)col,
            "Computed by tierzero for the objectives the report was run with (the "
            "first instant the month's cumulative bad minutes reached the budget, "
            "exact to the millisecond). It does not follow an objective edited on the "
            "Summary sheet; the status and budget columns do.",
            &opt),
        "adding a cell note");
}

static size_t summary_review_tiles(struct wb *w, size_t row)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->summary;
    char month[16], buf[96], f[256], cell[16];
    static const char *const heads[] = {"SLO",
                                        "Attainment %",
                                        "Objective %",
                                        "Budget minutes",
                                        "Bad minutes",
                                        "Budget consumed %",
                                        "Budget remaining minutes",
                                        "Status",
                                        "Exhausted at",
                                        "Incidents"};
    static const int src_col[] = {-1,     MC_ATTAINMENT, MC_OBJECTIVE, MC_BUDGET,
                                  MC_BAD, MC_CONSUMED,   MC_REMAINING, MC_STATUS,
                                  -1,     MC_INCIDENTS};
    snprintf(buf, sizeof buf, "Review month %s (figures from the Monthly SLO sheet)",
             t0_format_month(rep->review, month));
    put_str(w, ws, row++, 0, buf, w->subtitle);
    put_header_row(w, ws, row, heads, 10);
    exhausted_at_note(w, ws, row, 8);
    row++;
    size_t first = row;
    for (size_t s = 0; s < rep->n_slos; s++, row++) {
        if (t0_report_months(rep) == 0)
            break;
        const struct t0_slo_window *win = t0_report_review_window(rep, s);
        size_t mrow = monthly_row(rep, s, t0_report_months(rep) - 1);
        put_str(w, ws, row, 0, rep->slos[s].slo->name, w->bold);
        for (size_t c = 1; c < 10; c++) {
            if (src_col[c] < 0)
                continue;
            cell_name(cell, mrow, (size_t)src_col[c]);
            snprintf(f, sizeof f, "='" SHEET_MONTHLY "'!%s", cell);
            switch (src_col[c]) {
            case MC_ATTAINMENT:
                put_formula_value(w, ws, row, c, f, win->attainment_pct, w->attainment);
                break;
            case MC_OBJECTIVE:
                put_formula_num(w, ws, row, c, f, rep->slos[s].slo->objective_pct,
                                w->ratio);
                break;
            case MC_BUDGET:
                put_formula_num(w, ws, row, c, f, win->budget_minutes, w->minutes);
                break;
            case MC_BAD:
                put_formula_num(w, ws, row, c, f, win->bad_minutes, w->minutes);
                break;
            case MC_CONSUMED:
                put_formula_value(w, ws, row, c, f, win->budget_consumed_pct, w->pct);
                break;
            case MC_REMAINING:
                put_formula_num(w, ws, row, c, f, win->budget_remaining_minutes,
                                w->minutes);
                break;
            case MC_STATUS:
                put_formula_str(w, ws, row, c, f, t0_slo_status_label(win->status), NULL);
                break;
            case MC_INCIDENTS:
                put_formula_num(w, ws, row, c, f, (double)win->incidents, w->integer);
                break;
            default:
                break;
            }
        }
        put_time(w, ws, row, 8, win->exhausted_at);
    }
    status_formats(w, ws, first, row - 1, 7);
    consumed_bars(w, ws, first, row - 1, 5);
    return row + 1;
}

static size_t summary_period_block(struct wb *w, size_t row)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->summary;
    char from[16], to[16], buf[96];
    snprintf(buf, sizeof buf, "Whole period %s to %s", t0_format_month(rep->from, from),
             t0_format_month(rep->to, to));
    put_str(w, ws, row++, 0, buf, w->subtitle);
    static const char *const heads[MC_STATUS + 1] = {"SLO",
                                                     "Period",
                                                     "Minutes total",
                                                     "Minutes elapsed",
                                                     "Bad minutes",
                                                     "Objective %",
                                                     "Budget minutes",
                                                     "Budget consumed %",
                                                     "Budget remaining minutes",
                                                     "Attainment %",
                                                     "Status"};
    put_header_row(w, ws, row, heads, MC_STATUS + 1);
    put_str(w, ws, row, MC_EXCLUDED, "Minutes excluded", w->header);
    put_str(w, ws, row, MC_START, "Window start", w->header);
    put_str(w, ws, row, MC_END, "Window end", w->header);
    row++;
    size_t first = row;
    for (size_t s = 0; s < rep->n_slos; s++, row++) {
        snprintf(buf, sizeof buf, "%s to %s", from, to);
        put_str(w, ws, row, MC_SLO, rep->slos[s].slo->name, w->bold);
        put_str(w, ws, row, MC_MONTH, buf, NULL);
        put_slo_window(w, ws, row, s, t0_report_period_window(rep, s));
    }
    status_formats(w, ws, first, row - 1, MC_STATUS);
    return row + 1;
}

static void put_distribution(struct wb *w, size_t *row, const char *what,
                             const struct t0_distribution *d)
{
    char label[96];
    snprintf(label, sizeof label, "%s mean (minutes)", what);
    put_label_value(w, (*row)++, label, d->mean, w->minutes);
    snprintf(label, sizeof label, "%s median (minutes)", what);
    put_label_value(w, (*row)++, label, d->median, w->minutes);
    snprintf(label, sizeof label, "%s p90 (minutes)", what);
    put_label_value(w, (*row)++, label, d->p90, w->minutes);
    snprintf(label, sizeof label, "%s: incidents measured", what);
    put_label_count(w, (*row)++, label, (double)d->n);
}

static size_t summary_stats(struct wb *w, size_t row)
{
    const struct t0_report *rep = w->rep;
    const struct t0_incident_stats *st = &rep->stats;
    lxw_worksheet *ws = w->summary;
    put_str(w, ws, row++, 0, "Incidents started in the period", w->subtitle);
    put_str(w, ws, row, 0, "Figure", w->header);
    put_str(w, ws, row, 1, "Value", w->header);
    put_str(w, ws, row, 2, "Note", w->header);
    row++;
    put_label_count(w, row++, "Incidents", (double)st->count);
    for (int i = T0_IMPACT_COUNT - 1; i >= 0; i--) {
        char label[64];
        snprintf(label, sizeof label, "Impact: %s", t0_impact_label((enum t0_impact)i));
        put_label_count(w, row++, label, (double)st->by_impact[i]);
    }
    put_distribution(w, &row, "Time to resolve", &st->mttr_minutes);
    put_distribution(w, &row, "Time to detect", &st->ttd_minutes);
    put_label_value(w, row++, "Mean days between incidents", st->mean_days_between,
                    w->ratio);
    put_label_value(w, row++, "Share outside working hours (Mon-Fri 08-18)",
                    st->off_hours_share, w->ratio);
    put_label_value(w, row++, "Share in sleep hours (22-08)", st->sleep_hours_share,
                    w->ratio);
    row++;
    put_str(w, ws, row++, 0, "Releases", w->subtitle);
    if (!rep->has_releases) {
        char buf[300];
        snprintf(buf, sizeof buf, "Release analysis omitted: %s",
                 rep->releases_reason ? rep->releases_reason : "no releases");
        put_str(w, ws, row++, 0, buf, w->note);
    } else {
        put_label_count(w, row++, "Releases in the period", (double)rep->releases.count);
        put_label_count(w, row++, "Failed releases", (double)rep->releases.failed);
        put_label_value(w, row++, "Change failure rate",
                        rep->releases.change_failure_rate, w->ratio);
        put_label_value(w, row++, "Share of incidents after a release",
                        rep->correlation.share_after_release, w->ratio);
        put_label_count(w, row++, "Policy violations (released while exhausted)",
                        (double)rep->releases.n_violations);
    }
    return row + 1;
}

static size_t summary_weekday_hours(struct wb *w, size_t row)
{
    const struct t0_incident_stats *st = &w->rep->stats;
    lxw_worksheet *ws = w->summary;
    put_str(w, ws, row++, 0, "Incident starts by weekday and hour (report time zone)",
            w->subtitle);
    if (st->by_weekday_hour_reason) {
        put_str(w, ws, row++, 0, st->by_weekday_hour_reason, w->note);
        return row + 1;
    }
    put_str(w, ws, row, 0, "Weekday \\ hour", w->header);
    for (int h = 0; h < 24; h++)
        put_num(w, ws, row, 1 + (size_t)h, h, w->header);
    row++;
    size_t first = row;
    for (int d = 0; d < 7; d++, row++) {
        put_str(w, ws, row, 0, t0_format_weekday_name(d), NULL);
        for (int h = 0; h < 24; h++)
            put_num(w, ws, row, 1 + (size_t)h, st->by_weekday_hour[d][h], w->integer);
    }
    lxw_conditional_format cf = {0};
    cf.type = LXW_CONDITIONAL_2_COLOR_SCALE;
    cf.min_color = 0xFFFFFF;
    cf.max_color = COLOR_VERMILLION;
    note_error(w,
               worksheet_conditional_format_range(ws, (lxw_row_t)first, 1,
                                                  (lxw_row_t)(row - 1), 24, &cf),
               "adding a conditional format");
    return row + 1;
}

static void write_summary(struct wb *w, t0_ms created)
{
    const struct t0_report *rep = w->rep;
    const struct t0_config *cfg = rep->config;
    lxw_worksheet *ws = w->summary;
    char from[16], to[16], month[16], buf[1024];

    set_width(w, ws, 0, 0, 44, NULL);
    set_width(w, ws, 1, 1, 16, NULL);
    set_width(w, ws, 2, 10, 16, NULL);

    put_str(w, ws, 0, 0, cfg->title && *cfg->title ? cfg->title : "Reliability review",
            w->title);
    put_str(w, ws, 1, 0, "Organisation", w->bold);
    put_str(w, ws, 1, 1, cfg->organization, NULL);
    put_str(w, ws, 2, 0, "Period", w->bold);
    snprintf(buf, sizeof buf, "%s to %s", t0_format_month(rep->from, from),
             t0_format_month(rep->to, to));
    put_str(w, ws, 2, 1, buf, NULL);
    put_str(w, ws, 3, 0, "Review month", w->bold);
    put_str(w, ws, 3, 1, t0_format_month(rep->review, month), NULL);
    put_str(w, ws, 4, 0, "As of", w->bold);
    put_time(w, ws, 4, 1, rep->as_of);
    put_str(w, ws, 4, 2, t0_zone_name(rep->zone), NULL);
    put_str(w, ws, 5, 0, "Generated", w->bold);
    put_time(w, ws, 5, 1, created);
    put_str(w, ws, 5, 2, t0_zone_name(rep->zone), NULL);
    put_str(w, ws, 6, 0, "Verdict", w->bold);
    put_str(w, ws, 6, 1, t0_verdict(rep, buf, sizeof buf), NULL);
    if (w->n_incident_sheets > 1) {
        snprintf(
            buf, sizeof buf,
            "The incident list continues on the sheets Incidents (2) to Incidents (%zu).",
            w->n_incident_sheets);
        put_str(w, ws, 7, 0, buf, w->note);
    }
    if (w->big)
        put_str(
            w, ws, 8, 0,
            "Large history: the lists are plain ranges with filters, not Excel tables.",
            w->note);

    /* The inputs: edit an objective and every budget follows. */
    size_t row = SUMMARY_OBJECTIVES_ROW - 1;
    put_str(w, ws, row, 0,
            "Objectives (input cells: edit to recompute the Monthly SLO sheet)",
            w->subtitle);
    row = SUMMARY_OBJECTIVES_ROW;
    put_str(w, ws, row, 0, "SLO", w->header);
    put_str(w, ws, row, 1, "Objective %", w->header);
    put_str(w, ws, row, 2, "Defined name", w->header);
    put_str(w, ws, row, 3, "Services", w->header);
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo *slo = rep->slos[s].slo;
        char name[32], ref[64], cell[16];
        row = objective_row(s);
        snprintf(name, sizeof name, "Objective_%zu", s + 1);
        lxw_rowcol_to_cell_abs(cell, (lxw_row_t)row, 1, LXW_TRUE, LXW_TRUE);
        snprintf(ref, sizeof ref, "=" SHEET_SUMMARY "!%s", cell);
        put_str(w, ws, row, 0, slo->name, w->bold);
        put_num(w, ws, row, 1, slo->objective_pct, w->input);
        put_str(w, ws, row, 2, name, w->note);
        put_str(w, ws, row, 3,
                join_strings(w, (const char *const *)slo->services, slo->n_services),
                NULL);
        note_error(w, workbook_define_name(w->book, name, ref), "defining a name");
        lxw_data_validation dv = {0};
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = 0;
        dv.maximum_number = 100;
        dv.error_title = "Objective";
        dv.error_message = "An objective is a percentage between 0 and 100.";
        note_error(w, worksheet_data_validation_cell(ws, (lxw_row_t)row, 1, &dv),
                   "adding a validation");
    }
    row = objective_row(rep->n_slos);
    {
        char cell[16], ref[64];
        lxw_rowcol_to_cell_abs(cell, (lxw_row_t)row, 1, LXW_TRUE, LXW_TRUE);
        snprintf(ref, sizeof ref, "=" SHEET_SUMMARY "!%s", cell);
        put_str(w, ws, row, 0, "At-risk threshold (% of budget consumed)", w->bold);
        put_num(w, ws, row, 1, cfg->at_risk_pct, w->input_pct);
        put_str(w, ws, row, 2, "AtRiskPct", w->note);
        note_error(w, workbook_define_name(w->book, "AtRiskPct", ref), "defining a name");
    }
    row += 2;
    row = summary_review_tiles(w, row);
    row = summary_period_block(w, row);
    row = summary_stats(w, row);
    summary_weekday_hours(w, row);
}

/* ---- Monthly SLO ---- */

static void write_monthly(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->monthly;
    const char *heads[MC_COUNT];
    window_heads(heads, "Month", "Window start", "Window end");
    static const char *const act_heads[] = {"Calendar month", "Incidents started",
                                            "Releases"};
    size_t rows = rep->n_slos * t0_report_months(rep);

    set_width(w, ws, MC_SLO, MC_SLO, 26, NULL);
    set_width(w, ws, MC_MONTH, MC_MONTH, 9, NULL);
    set_width(w, ws, MC_TOTAL, MC_STATUS, 13, NULL);
    set_width(w, ws, MC_EXHAUSTED_AT, MC_EXHAUSTED_AT, 17, NULL);
    set_width(w, ws, MC_INCIDENTS, MC_PARTIAL, 10, NULL);
    set_width(w, ws, MC_EXCLUDED, MC_EXCLUDED, 13, NULL);
    set_width(w, ws, MC_START, MC_END, 17, NULL);
    set_width(w, ws, MC_ACTIVITY, MC_ACTIVITY + 2, 12, NULL);

    /* Incidents and releases per month, summed from the days of the period;
     * written row by row beside the SLO table (constant-memory order). */
    double *act =
        calloc(t0_report_months(rep) ? t0_report_months(rep) * 2 : 1, sizeof *act);
    if (!act) {
        w->oom = true;
        return;
    }
    for (size_t d = 0; d < rep->n_days; d++) {
        struct t0_month m = {rep->days[d].year, rep->days[d].month};
        int i = t0_month_diff(rep->from, m);
        if (i >= 0 && (size_t)i < t0_report_months(rep)) {
            act[2 * (size_t)i] += rep->days[d].incidents;
            act[2 * (size_t)i + 1] += rep->days[d].releases;
        }
    }

    size_t last = rows > t0_report_months(rep) ? rows : t0_report_months(rep);
    for (size_t r = 0; r <= last; r++) {
        if (r == 0) {
            put_table(w, ws, "MonthlySLOTable", 0, rows, heads, MC_COUNT);
            exhausted_at_note(w, ws, 0, MC_EXHAUSTED_AT);
            for (size_t c = 0; c < 3; c++)
                put_str(w, ws, 0, MC_ACTIVITY + c, act_heads[c], w->header);
            continue;
        }
        if (r <= rows) {
            size_t s = (r - 1) / t0_report_months(rep),
                   i = (r - 1) % t0_report_months(rep);
            put_window_row(w, ws, r, s, t0_report_month(rep, s, i));
        }
        if (r <= t0_report_months(rep)) {
            put_str(w, ws, r, MC_ACTIVITY,
                    t0_report_span(rep, T0_WINDOW_MONTH, r - 1)->label, NULL);
            put_num(w, ws, r, MC_ACTIVITY + 1, act[2 * (r - 1)], w->integer);
            put_num(w, ws, r, MC_ACTIVITY + 2, act[2 * (r - 1) + 1], w->integer);
        }
    }
    free(act);
    if (rows) {
        status_formats(w, ws, 1, rows, MC_STATUS);
        consumed_bars(w, ws, 1, rows, MC_CONSUMED);
    }
}

/* Monthly attainment per SLO with its objective line. */
static void chart_attainment(struct wb *w, lxw_worksheet *where, size_t row, size_t col)
{
    const struct t0_report *rep = w->rep;
    if (t0_report_months(rep) == 0 || rep->n_slos == 0)
        return;
    lxw_chart *chart = workbook_add_chart(w->book, LXW_CHART_LINE);
    if (!chart) {
        w->oom = true;
        return;
    }
    set_chart_title(chart, "Monthly attainment and objective (%)");
    for (size_t s = 0; s < rep->n_slos; s++) {
        lxw_row_t first = (lxw_row_t)monthly_row(rep, s, 0);
        lxw_row_t last = (lxw_row_t)monthly_row(rep, s, t0_report_months(rep) - 1);
        lxw_chart_series *a = chart_add_series(chart, NULL, NULL);
        lxw_chart_series *o = chart_add_series(chart, NULL, NULL);
        if (!a || !o) {
            w->oom = true;
            return;
        }
        chart_series_set_categories(a, SHEET_MONTHLY, first, MC_MONTH, last, MC_MONTH);
        chart_series_set_values(a, SHEET_MONTHLY, first, MC_ATTAINMENT, last,
                                MC_ATTAINMENT);
        set_series_name(a, "", rep->slos[s].slo->name);
        style_series(a, series_color(s), false);
        chart_series_set_marker_type(a, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_categories(o, SHEET_MONTHLY, first, MC_MONTH, last, MC_MONTH);
        chart_series_set_values(o, SHEET_MONTHLY, first, MC_OBJECTIVE, last,
                                MC_OBJECTIVE);
        set_series_name(o, "Objective: ", rep->slos[s].slo->name);
        style_series(o, series_color(s), true);
    }
    set_axis_name(chart->y_axis, "Attainment %");
    chart_axis_set_num_format(chart->y_axis, "0.00");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    insert_chart(w, where, row, col, chart, 1.5, 1.3);
}

/* Incidents and releases per month (from the activity table). */
static void chart_activity(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    if (t0_report_months(rep) == 0)
        return;
    lxw_chart *chart = workbook_add_chart(w->book, LXW_CHART_COLUMN);
    if (!chart) {
        w->oom = true;
        return;
    }
    set_chart_title(chart, "Incidents and releases per month");
    lxw_row_t last = (lxw_row_t)t0_report_months(rep);
    for (size_t k = 0; k < 2; k++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s) {
            w->oom = true;
            return;
        }
        chart_series_set_categories(s, SHEET_MONTHLY, 1, MC_ACTIVITY, last, MC_ACTIVITY);
        chart_series_set_values(s, SHEET_MONTHLY, 1, (lxw_col_t)(MC_ACTIVITY + 1 + k),
                                last, (lxw_col_t)(MC_ACTIVITY + 1 + k));
        set_series_name(s, "", k == 0 ? "Incidents started" : "Releases");
        lxw_chart_fill fill = {0};
        fill.color = k == 0 ? COLOR_VERMILLION : COLOR_BLUE;
        chart_series_set_fill(s, &fill);
    }
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    insert_chart(w, w->monthly, t0_report_months(rep) + 3, MC_ACTIVITY, chart, 1.2, 1.1);
}

/* ---- Incidents ---- */

size_t t0_workbook_incident_sheets(size_t n, size_t per_sheet)
{
    if (per_sheet == 0)
        per_sheet = T0_WORKBOOK_ROWS_PER_SHEET;
    return n == 0 ? 1 : (n + per_sheet - 1) / per_sheet;
}

static void free_headers(const char **h, size_t first_owned, size_t n_owned)
{
    if (!h)
        return;
    for (size_t i = 0; i < n_owned; i++)
        free((char *)h[first_owned + i]);
    free(h);
}

/* Column headers of the Incidents sheets (new: free with free_headers);
 * n_slos bad-minutes columns, owned, from index INCIDENT_SLO_COL. */
#define INCIDENT_SLO_COL 11

/* new (free()): a per-SLO column header, "LABEL n: SLO name"; NULL and
 * w->oom when out of memory. */
/* Drops a character that a cut by bytes (%.200s) left unfinished at the
 * end of s: an XML part must hold whole UTF-8. */
static char *whole_utf8(char *s)
{
    size_t n = strlen(s), k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    if (k == 0 || !((unsigned char)s[k - 1] & 0x80))
        return s;
    unsigned char lead = (unsigned char)s[k - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (k - 1) < need)
        s[k - 1] = '\0';
    return s;
}

static char *slo_header(struct wb *w, const char *label, size_t s)
{
    char buf[300];
    snprintf(buf, sizeof buf, "%s %zu: %.200s", label, s + 1, w->rep->slos[s].slo->name);
    whole_utf8(buf);
    char *copy = strdup(buf);
    if (!copy)
        w->oom = true;
    return copy;
}

static const char **incident_headers(struct wb *w, size_t *ncols)
{
    const struct t0_report *rep = w->rep;
    static const char *const before[INCIDENT_SLO_COL] = {"ID",
                                                         "Title",
                                                         "Impact",
                                                         "Severity",
                                                         "Services",
                                                         "Started",
                                                         "Detected",
                                                         "Mitigated",
                                                         "Resolved",
                                                         "Duration (minutes)",
                                                         "Time to detect (minutes)"};
    static const char *const after[] = {"In period",       "In review month",
                                        "After a release", "Attributed release",
                                        "Caused by",       "URL"};
    size_t na = sizeof after / sizeof after[0];
    *ncols = INCIDENT_SLO_COL + rep->n_slos + na;
    const char **h = calloc(*ncols, sizeof *h);
    if (!h) {
        w->oom = true;
        return NULL;
    }
    memcpy(h, before, sizeof before);
    memcpy(h + INCIDENT_SLO_COL + rep->n_slos, after, sizeof after);
    for (size_t s = 0; s < rep->n_slos; s++) {
        h[INCIDENT_SLO_COL + s] = slo_header(w, "Bad minutes", s);
        if (!h[INCIDENT_SLO_COL + s]) {
            free_headers(h, INCIDENT_SLO_COL, s);
            return NULL;
        }
    }
    return h;
}

static void put_incident_row(struct wb *w, lxw_worksheet *ws, size_t row, size_t i)
{
    const struct t0_report *rep = w->rep;
    const struct t0_incident *inc = &w->data->incidents[i];
    const struct t0_incident_figures *fig = &rep->incidents[i];
    size_t c = 0;
    put_str(w, ws, row, c++, inc->id, NULL);
    put_str(w, ws, row, c++, inc->title, NULL);
    put_str(w, ws, row, c++, t0_impact_name(inc->impact), NULL);
    put_str(w, ws, row, c++, inc->severity, NULL);
    put_str(w, ws, row, c++, join_services(w, inc->services), NULL);
    put_time(w, ws, row, c++, inc->started_at);
    put_time(w, ws, row, c++, inc->detected_at);
    put_time(w, ws, row, c++, inc->mitigated_at);
    put_time(w, ws, row, c++, inc->resolved_at);
    if (fig->counted)
        put_num(w, ws, row, c, t0_incident_minutes(inc, fig), w->minutes);
    c++;
    /* Left empty when the source records no detection time (the figure's
     * note on Summary says so). */
    if (inc->detected_at != T0_NO_TIME && !t0_not_recorded(rep->stats.ttd_minutes.median))
        put_num(w, ws, row, c, (double)(inc->detected_at - inc->started_at) / 60000.0,
                w->minutes);
    c++;
    for (size_t s = 0; s < rep->n_slos; s++, c++)
        if (fig->bad_minutes)
            put_num(w, ws, row, c, fig->bad_minutes[s], w->minutes);
    put_yes_no(w, ws, row, c++, fig->in_period);
    put_yes_no(w, ws, row, c++,
               fig->counted && fig->month.year == rep->review.year &&
                   fig->month.month == rep->review.month);
    if (rep->has_releases) {
        put_yes_no(w, ws, row, c, fig->after_release);
        if (fig->attributed_release >= 0 &&
            (size_t)fig->attributed_release < w->data->n_releases)
            put_str(w, ws, row, c + 1, w->data->releases[fig->attributed_release].id,
                    NULL);
    }
    c += 2;
    put_str(w, ws, row, c++, join_strings(w, inc->caused_by, inc->n_caused_by), NULL);
    put_url(w, ws, row, c++, inc->url);
}

static void write_incidents(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    size_t ncols = 0;
    const char **heads = incident_headers(w, &ncols);
    if (!heads)
        return;
    size_t n = w->data->n_incidents;
    for (size_t k = 0; k < w->n_incident_sheets; k++) {
        lxw_worksheet *ws = w->incidents[k];
        size_t lo = k * w->rows_per_sheet;
        size_t hi = lo + w->rows_per_sheet < n ? lo + w->rows_per_sheet : n;
        char tname[48];
        if (k == 0)
            snprintf(tname, sizeof tname, "IncidentTable");
        else
            snprintf(tname, sizeof tname, "IncidentTable%zu", k + 1);
        set_width(w, ws, 0, 0, 14, NULL);
        set_width(w, ws, 1, 1, 48, NULL);
        set_width(w, ws, 2, 4, 18, NULL);
        set_width(w, ws, 5, 8, 17, NULL);
        set_width(w, ws, 9, 10 + rep->n_slos, 13, NULL);
        set_width(w, ws, 11 + rep->n_slos, 14 + rep->n_slos, 12, NULL);
        set_width(w, ws, 15 + rep->n_slos, 15 + rep->n_slos, 20, NULL);
        set_width(w, ws, 16 + rep->n_slos, 16 + rep->n_slos, 40, NULL);
        put_table(w, ws, tname, 0, hi - lo, heads, ncols);
        if (w->rows) {
            /* The rows are made beside (start_rows) and spliced into the
             * package after workbook_close; the sheet's <dimension> covers
             * them as when libxlsxwriter wrote them (every row has cells). */
            if (hi > lo)
                ws->dim_rowmax = (lxw_row_t)(hi - lo);
            continue;
        }
        for (size_t i = lo; i < hi && !w->oom; i++)
            put_incident_row(w, ws, 1 + i - lo, i);
    }
    free_headers(heads, INCIDENT_SLO_COL, rep->n_slos);
}

/* ---- the Incidents sheets' rows, beside libxlsxwriter ---- */

/* zlib level of the rows (the rest of the package keeps libxlsxwriter's
 * default): docs/performance.md, sixth round. */
#define ROWS_LEVEL 1
#define MAX_ROW_THREADS 8u
/* By default a rows thread for each this many incidents: below it the rows
 * take less than the PDF drawn beside them, and a second rows thread only
 * takes a processor from it (docs/performance.md, seventh round). */
#define ROWS_PER_THREAD 25000u

/* One row, on a rows thread: ctx is that thread's own copy of the writer
 * (the report shared and only read, the formats only compared, its own
 * scratch text). */
static void write_row_xml(void *ctx, struct t0_xlsx_buf *b, size_t row, size_t item)
{
    struct wb *w = ctx;
    w->xr = b;
    t0_xlsx_row_start(b, row);
    put_incident_row(w, NULL, row, item);
    t0_xlsx_row_end(b);
    if (w->oom || w->text.oom)
        b->oom = true;
}

struct rows_state {
    size_t *first_item, *n_rows;
    struct wb *copies;
    void **ctx;
    unsigned n;
};

static void free_rows_state(struct rows_state *rs)
{
    for (unsigned i = 0; rs->copies && i < rs->n; i++) {
        free(rs->copies[i].text.p);
        free(rs->copies[i].fit);
    }
    free(rs->copies);
    free(rs->ctx);
    free(rs->first_item);
    free(rs->n_rows);
    memset(rs, 0, sizeof *rs);
}

static unsigned row_threads(unsigned threads, size_t rows)
{
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
        size_t by_size = rows / ROWS_PER_THREAD + 1;
        if (by_size < threads)
            threads = (unsigned)by_size;
    }
    return threads < MAX_ROW_THREADS ? threads : MAX_ROW_THREADS;
}

/*
 * Starts the rows of every Incidents sheet on worker threads, once the
 * sheets before them are written: the three formats the rows use get their
 * style indices now (libxlsxwriter gives them on first use, in the order
 * the first row uses them: a date, minutes, the link).
 * The deflated rows wait in a temporary file beside the workbook, made
 * without a name (O_TMPFILE) or removed from the directory at once.
 * Leaves w->rows NULL (the rows then go through libxlsxwriter) when out of
 * memory or when that file cannot be made.
 */
static void start_rows(struct wb *w, struct rows_state *rs,
                       const struct t0_workbook_rows_options *ropt, const char *spill_dir)
{
    size_t n = w->data->n_incidents, k_n = w->n_incident_sheets;
    w->xf_datetime = lxw_format_get_xf_index(w->datetime);
    w->xf_minutes = lxw_format_get_xf_index(w->minutes);
    w->xf_link = lxw_format_get_xf_index(w->link);
    rs->n = row_threads(ropt ? ropt->threads : 0, n);
    rs->first_item = calloc(k_n, sizeof *rs->first_item);
    rs->n_rows = calloc(k_n, sizeof *rs->n_rows);
    rs->copies = calloc(rs->n, sizeof *rs->copies);
    rs->ctx = calloc(rs->n, sizeof *rs->ctx);
    if (!rs->first_item || !rs->n_rows || !rs->copies || !rs->ctx) {
        free_rows_state(rs);
        return;
    }
    for (size_t k = 0; k < k_n; k++) {
        size_t lo = k * w->rows_per_sheet;
        size_t hi = lo + w->rows_per_sheet < n ? lo + w->rows_per_sheet : n;
        rs->first_item[k] = lo;
        rs->n_rows[k] = hi > lo ? hi - lo : 0;
    }
    for (unsigned i = 0; i < rs->n; i++) {
        rs->copies[i] = *w;
        memset(&rs->copies[i].text, 0, sizeof rs->copies[i].text);
        rs->copies[i].fit = NULL;
        rs->copies[i].oom = false;
        rs->ctx[i] = &rs->copies[i];
    }
    struct t0_xlsx_rows_spec spec = {.n_sheets = k_n,
                                     .first_item = rs->first_item,
                                     .n_rows = rs->n_rows,
                                     .write_row = write_row_xml,
                                     .ctx = rs->ctx,
                                     .n_threads = rs->n,
                                     .level = ROWS_LEVEL,
                                     .rows_per_chunk = ropt ? ropt->rows_per_chunk : 0,
                                     .spill_dir = spill_dir,
                                     .part_limit = ropt ? ropt->part_limit : 0};
    w->rows = t0_xlsx_rows_start(&spec);
    if (!w->rows)
        free_rows_state(rs);
}

/* ---- Releases ---- */

/* A release's place in time order: by time, then input order. */
struct release_key {
    t0_ms at;
    uint32_t index; /* into the dataset's releases */
};

static int cmp_release_key(const void *a, const void *b)
{
    const struct release_key *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void write_releases(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    const struct t0_dataset *ds = w->data;
    lxw_worksheet *ws = w->releases;
    if (!rep->has_releases) {
        char buf[300];
        snprintf(buf, sizeof buf, "Release analysis was omitted: %s.",
                 rep->releases_reason ? rep->releases_reason : "no releases were given");
        put_str(w, ws, 0, 0, buf, w->bold);
        set_width(w, ws, 0, 0, 60, NULL);
        return;
    }
    size_t n = ds->n_releases, S = rep->n_slos;
    struct release_key *order = malloc((n ? n : 1) * sizeof *order);
    int64_t *fig_of = malloc((n ? n : 1) * sizeof *fig_of);
    size_t *viol_first = malloc((n ? n : 1) * sizeof *viol_first);
    size_t *viol_count = calloc(n ? n : 1, sizeof *viol_count);
    size_t ncols = 10 + S + 2;
    const char **heads = calloc(ncols, sizeof *heads);
    char **owned = calloc(S + 1, sizeof *owned);
    if (!order || !fig_of || !viol_first || !viol_count || !heads || !owned) {
        w->oom = true;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        order[i].at = ds->releases[i].released_at;
        order[i].index = (uint32_t)i;
        fig_of[i] = -1;
    }
    qsort(order, n, sizeof *order, cmp_release_key);
    for (size_t j = 0; j < rep->releases.count; j++)
        if (rep->releases.releases[j].release < n)
            fig_of[rep->releases.releases[j].release] = (int64_t)j;
    /* Violations are ordered by release, so each release's are contiguous. */
    for (size_t v = 0; v < rep->releases.n_violations; v++) {
        uint32_t r = rep->releases.violations[v].release;
        if (r >= n)
            continue;
        if (viol_count[r]++ == 0)
            viol_first[r] = v;
    }

    static const char *const before[] = {"ID",
                                         "Name",
                                         "Kind",
                                         "Services",
                                         "Released",
                                         "In period",
                                         "Failed",
                                         "Failed by window",
                                         "Named in caused_by",
                                         "Incidents attributed"};
    memcpy(heads, before, sizeof before);
    for (size_t s = 0; s < S; s++) {
        if (!(owned[s] = slo_header(w, "Attributed bad minutes", s)))
            goto cleanup;
        heads[10 + s] = owned[s];
    }
    heads[10 + S] = "Violations (SLOs exhausted at release)";
    heads[11 + S] = "URL";

    set_width(w, ws, 0, 0, 20, NULL);
    set_width(w, ws, 1, 1, 30, NULL);
    set_width(w, ws, 2, 3, 16, NULL);
    set_width(w, ws, 4, 4, 17, NULL);
    set_width(w, ws, 5, 9 + S, 12, NULL);
    set_width(w, ws, 10 + S, 10 + S, 30, NULL);
    set_width(w, ws, 11 + S, 11 + S, 40, NULL);
    put_table(w, ws, "ReleaseTable", 0, n, heads, ncols);
    for (size_t k = 0; k < n && !w->oom; k++) {
        size_t i = order[k].index, row = k + 1;
        const struct t0_release *rel = &ds->releases[i];
        put_str(w, ws, row, 0, rel->id, NULL);
        put_str(w, ws, row, 1, rel->name, NULL);
        put_str(w, ws, row, 2, rel->kind, NULL);
        put_str(w, ws, row, 3, join_services(w, rel->services), NULL);
        put_time(w, ws, row, 4, rel->released_at);
        put_yes_no(w, ws, row, 5, fig_of[i] >= 0);
        if (fig_of[i] >= 0) {
            const struct t0_release_figures *f = &rep->releases.releases[fig_of[i]];
            put_yes_no(w, ws, row, 6, f->failed);
            put_yes_no(w, ws, row, 7, f->failed_by_window);
            put_yes_no(w, ws, row, 8, f->failed_by_caused_by);
            put_num(w, ws, row, 9, f->attributed, w->integer);
            for (size_t s = 0; s < S; s++)
                if (f->attributed_bad_minutes)
                    put_num(w, ws, row, 10 + s, f->attributed_bad_minutes[s], w->minutes);
        }
        if (viol_count[i]) {
            sb_reset(&w->text);
            sb_add(&w->text, "");
            for (size_t v = viol_first[i]; v < viol_first[i] + viol_count[i]; v++) {
                if (v > viol_first[i])
                    sb_add(&w->text, ", ");
                sb_add(&w->text, rep->slos[rep->releases.violations[v].slo].slo->name);
            }
            if (w->text.oom)
                w->oom = true;
            else
                put_str(w, ws, row, 10 + S, w->text.p, NULL);
        }
        put_url(w, ws, row, 11 + S, rel->url);
    }

cleanup:
    if (owned)
        for (size_t s = 0; s < S; s++)
            free(owned[s]);
    free(owned);
    free(heads);
    free(order);
    free(fig_of);
    free(viol_first);
    free(viol_count);
}

/* ---- Correlation ---- */

static void corr_line(struct wb *w, size_t *row, const char *label, struct t0_value v,
                      lxw_format *fmt)
{
    put_str(w, w->correlation, *row, 0, label, NULL);
    put_value(w, w->correlation, *row, 1, v, fmt, 2);
    (*row)++;
}

static void corr_count(struct wb *w, size_t *row, const char *label, double n)
{
    put_str(w, w->correlation, *row, 0, label, NULL);
    put_num(w, w->correlation, *row, 1, n, w->integer);
    (*row)++;
}

/* The attributable share as a live formula on the k, n and coverage cells
 * above it (column B), its interval as values. */
static void corr_attributable(struct wb *w, size_t *row, size_t cov_row, size_t k_row,
                              size_t n_row)
{
    const struct t0_attributable *a = &w->rep->correlation.attributable;
    lxw_worksheet *ws = w->correlation;
    char cov[16], k[16], n[16], f[256];
    cell_name(cov, cov_row, 1);
    cell_name(k, k_row, 1);
    cell_name(n, n_row, 1);
    snprintf(f, sizeof f, "=IF(OR(%s=0,%s=\"\",%s>=1),\"\",(%s/%s-%s)/(1-%s))", n, cov,
             cov, k, n, cov, cov);
    put_str(w, ws, *row, 0,
            "Attributable share of incidents, (k/n - coverage)/(1 - coverage)", NULL);
    put_formula_value(w, ws, *row, 1, f, a->share, w->ratio);
    if (!t0_value_defined(a->share))
        put_str(w, ws, *row, 2, a->share.reason, w->note);
    (*row)++;
    struct t0_value none = t0_value_null(a->ci95_reason);
    corr_line(w, row, "Attributable share 95% CI low", a->ci95_reason ? none : a->ci95[0],
              w->ratio);
    corr_line(w, row, "Attributable share 95% CI high",
              a->ci95_reason ? none : a->ci95[1], w->ratio);
}

static void write_correlation(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    const struct t0_correlation *c = &rep->correlation;
    lxw_worksheet *ws = w->correlation;
    char buf[300];
    set_width(w, ws, 0, 0, 52, NULL);
    set_width(w, ws, 1, 1, 16, NULL);
    set_width(w, ws, 2, 2, 44, NULL);
    set_width(w, ws, 3, 4, 14, NULL);
    put_str(w, ws, 0, 0, "Releases and incidents", w->title);
    if (!rep->has_releases) {
        const char *why = rep->correlation_reason ? rep->correlation_reason
                          : rep->releases_reason  ? rep->releases_reason
                                                  : "no releases were given";
        snprintf(buf, sizeof buf, "Release analysis was omitted: %s.", why);
        put_str(w, ws, 1, 0, buf, w->bold);
        return;
    }
    size_t row = 2;
    put_str(w, ws, row, 0, "Figure", w->header);
    put_str(w, ws, row, 1, "Value", w->header);
    put_str(w, ws, row, 2, "Note", w->header);
    row++;
    put_str(w, ws, row, 0, "Window (hours)", NULL);
    put_num(w, ws, row++, 1, c->window_hours, w->ratio);
    corr_count(w, &row, "Releases in the period", (double)rep->releases.count);
    corr_count(w, &row, "Failed releases", (double)rep->releases.failed);
    corr_line(w, &row, "Change failure rate", rep->releases.change_failure_rate,
              w->ratio);
    corr_count(w, &row, "Incidents after a release", (double)c->incidents_after_release);
    corr_line(w, &row, "Share of incidents after a release", c->share_after_release,
              w->ratio);
    size_t cov_row = row, k_row = row + 1, n_row = row + 2;
    corr_line(w, &row, "Coverage (share of time inside release windows)", c->coverage,
              w->ratio);
    corr_count(w, &row, "k (incidents starting inside release windows)", (double)c->k);
    corr_count(w, &row, "n (incidents)", (double)c->n);
    char span[300];
    if (t0_chance_span_note(rep, span, sizeof span)[0])
        put_str(w, w->correlation, row - 1, 2, span, w->note);
    corr_line(w, &row, "Rate ratio (inside vs outside windows)", c->rate_ratio, w->ratio);
    if (c->rate_ratio_ci95_reason) {
        struct t0_value none = t0_value_null(c->rate_ratio_ci95_reason);
        corr_line(w, &row, "Rate ratio 95% CI low", none, w->ratio);
        corr_line(w, &row, "Rate ratio 95% CI high", none, w->ratio);
    } else {
        corr_line(w, &row, "Rate ratio 95% CI low", c->rate_ratio_ci95[0], w->ratio);
        corr_line(w, &row, "Rate ratio 95% CI high", c->rate_ratio_ci95[1], w->ratio);
    }
    corr_line(w, &row, "p-value, P(X >= k), X ~ Binomial(n, coverage)", c->p_value,
              w->ratio);
    corr_attributable(w, &row, cov_row, k_row, n_row);
    corr_line(w, &row, "Spearman: releases vs incidents per month",
              c->spearman_releases_incidents, w->ratio);
    corr_line(w, &row, "Spearman: releases vs bad minutes per month (first SLO)",
              c->spearman_releases_bad_minutes, w->ratio);
    corr_line(w, &row, "Baseline incidents per day", c->baseline_per_day, w->ratio);

    /* Event study. */
    row++;
    put_str(w, ws, row++, 0, "Event study: incidents per day around a release",
            w->subtitle);
    if (c->mean_per_day_reason)
        put_str(w, ws, row++, 0, c->mean_per_day_reason, w->note);
    put_str(w, ws, row, 0, "Offset (days from release)", w->header);
    put_str(w, ws, row, 1, "Mean incidents per day", w->header);
    put_str(w, ws, row, 2, "Baseline per day", w->header);
    row++;
    size_t first = row;
    int D = c->event_study_days;
    for (int d = -D; d <= D; d++, row++) {
        put_num(w, ws, row, 0, d, w->integer);
        if (!c->mean_per_day_reason && c->mean_per_day)
            put_num(w, ws, row, 1, c->mean_per_day[d + D], w->ratio);
        put_value(w, ws, row, 2, c->baseline_per_day, w->ratio, -1);
    }
    size_t last = row - 1;

    /* Policy violations. */
    row++;
    put_str(w, ws, row++, 0, "Policy violations: releases while a budget was exhausted",
            w->subtitle);
    if (rep->releases.n_violations == 0) {
        put_str(w, ws, row++, 0, "None.", NULL);
    } else {
        static const char *const vh[] = {"Release", "SLO", "Month",
                                         "Budget consumed % at release"};
        for (size_t k = 0; k < 4; k++)
            put_str(w, ws, row, k, vh[k], w->header);
        row++;
        for (size_t v = 0; v < rep->releases.n_violations; v++, row++) {
            const struct t0_violation *vi = &rep->releases.violations[v];
            char month[16];
            if (vi->release < w->data->n_releases)
                put_str(w, ws, row, 0, w->data->releases[vi->release].id, NULL);
            if (vi->slo < rep->n_slos)
                put_str(w, ws, row, 1, rep->slos[vi->slo].slo->name, NULL);
            put_str(w, ws, row, 2, t0_format_month(vi->month, month), NULL);
            put_value(w, ws, row, 3, vi->budget_consumed_pct, w->pct, 4);
        }
    }

    if (D < 0 || c->mean_per_day_reason || !c->mean_per_day)
        return;
    lxw_chart *chart = workbook_add_chart(w->book, LXW_CHART_COLUMN);
    if (!chart) {
        w->oom = true;
        return;
    }
    set_chart_title(chart, "Event study: mean incidents per day around a release");
    lxw_chart_series *m = chart_add_series(chart, NULL, NULL);
    lxw_chart_series *b = chart_add_series(chart, NULL, NULL);
    if (!m || !b) {
        w->oom = true;
        return;
    }
    chart_series_set_categories(m, SHEET_CORRELATION, (lxw_row_t)first, 0,
                                (lxw_row_t)last, 0);
    chart_series_set_values(m, SHEET_CORRELATION, (lxw_row_t)first, 1, (lxw_row_t)last,
                            1);
    set_series_name(m, "", "Mean incidents per day");
    lxw_chart_fill fill = {0};
    fill.color = COLOR_BLUE;
    chart_series_set_fill(m, &fill);
    /* The baseline as outlined, unfilled columns overlapping the means:
     * libxlsxwriter 1.1.4 cannot combine a line with a column chart. */
    chart_series_set_categories(b, SHEET_CORRELATION, (lxw_row_t)first, 0,
                                (lxw_row_t)last, 0);
    chart_series_set_values(b, SHEET_CORRELATION, (lxw_row_t)first, 2, (lxw_row_t)last,
                            2);
    set_series_name(b, "", "Baseline per day");
    lxw_chart_fill none = {0};
    none.none = LXW_TRUE;
    chart_series_set_fill(b, &none);
    lxw_chart_line edge = {0};
    edge.color = COLOR_VERMILLION;
    edge.width = 1.25f;
    edge.dash_type = LXW_CHART_LINE_DASH_DASH;
    chart_series_set_line(b, &edge);
    chart_set_series_overlap(chart, 100);
    chart_set_series_gap(chart, 40);
    set_axis_name(chart->x_axis, "Days from release");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    insert_chart(w, ws, 2, 4, chart, 1.5, 1.3);
}

/* ---- Daily ---- */

/* A day's bad minutes, or bad requests for an events SLO. */
static double day_bad(const struct t0_report *rep, const struct t0_day *day, size_t s)
{
    if (t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS)
        return day->bad_events ? day->bad_events[s] : 0;
    return day->bad_minutes[s];
}

/* ---- rolling windows (on Daily) and the Alerts sheet (definitions.md §9) ---- */

/* The rolling points' block on Daily from column col: its header; returns
 * the number of points (the same instants for every SLO). */
static size_t rolling_header(struct wb *w, lxw_worksheet *ws, size_t col)
{
    const struct t0_report *rep = w->rep;
    if (rep->n_slos == 0 || !rep->slos[0].burn)
        return 0;
    put_str(w, ws, 0, col, "Rolling window at", w->header);
    set_width(w, ws, col, col, 17, NULL);
    set_width(w, ws, col + 1, col + 2 * rep->n_slos, 15, NULL);
    for (size_t s = 0; s < rep->n_slos; s++) {
        char buf[320];
        int days = rep->slos[s].burn ? rep->slos[s].burn->rolling_days : 0;
        snprintf(buf, sizeof buf, "Rolling %d-day attainment %%, %zu: %.200s", days,
                 s + 1, rep->slos[s].slo->name);
        put_str(w, ws, 0, col + 1 + 2 * s, whole_utf8(buf), w->header);
        snprintf(buf, sizeof buf, "Rolling %d-day budget used %%, %zu: %.200s", days,
                 s + 1, rep->slos[s].slo->name);
        put_str(w, ws, 0, col + 2 + 2 * s, whole_utf8(buf), w->header);
    }
    return rep->slos[0].burn->n_rolling;
}

static void put_rolling_row(struct wb *w, lxw_worksheet *ws, size_t row, size_t col,
                            size_t i)
{
    const struct t0_report *rep = w->rep;
    put_time(w, ws, row, col, rep->slos[0].burn->rolling[i].at);
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_burn *b = rep->slos[s].burn;
        if (!b || i >= b->n_rolling)
            continue;
        put_value(w, ws, row, col + 1 + 2 * s, b->rolling[i].attainment_pct,
                  w->attainment, -1);
        put_value(w, ws, row, col + 2 + 2 * s, b->rolling[i].budget_consumed_pct, w->pct,
                  -1);
    }
}

/* The rules, as input cells with live figures beside them (the budget a
 * rule lets go before it fires, as a share of a 30-day month's). */
static size_t alerts_rules(struct wb *w, lxw_worksheet *ws, size_t row)
{
    const struct t0_report *rep = w->rep;
    static const char *const heads[] = {
        "SLO",
        "Severity",
        "Rule",
        "Long window (minutes)",
        "Short window (minutes)",
        "Burn rate above",
        "Budget spent over the long window when it fires, % of 30 days",
        "Hours to spend a 30-day budget at that rate"};
    put_header_row(w, ws, row, heads, 8);
    row++;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_burn *b = rep->slos[s].burn;
        for (size_t r = 0; b && r < b->n_rules; r++, row++) {
            const struct t0_alert_rule *rule = &b->rules[r];
            char name[48], f[160], lw[16], rate[16];
            double burn = (double)rule->burn_micro / 1e6;
            put_str(w, ws, row, 0, rep->slos[s].slo->name, NULL);
            put_str(w, ws, row, 1, t0_alert_severity_name(rule->severity), NULL);
            put_str(w, ws, row, 2, t0_alert_rule_name(rule, name, sizeof name), NULL);
            put_num(w, ws, row, 3, (double)rule->long_minutes, w->input);
            put_num(w, ws, row, 4, (double)rule->short_minutes, w->input);
            put_num(w, ws, row, 5, burn, w->input);
            cell_name(lw, row, 3);
            cell_name(rate, row, 5);
            snprintf(f, sizeof f, "=100*%s*%s/43200", rate, lw);
            put_formula_num(w, ws, row, 6, f,
                            100.0 * burn * (double)rule->long_minutes / 43200.0, w->pct);
            snprintf(f, sizeof f, "=IF(%s=0,\"\",720/%s)", rate, rate);
            if (burn > 0)
                put_formula_num(w, ws, row, 7, f, 720.0 / burn, w->pct);
            else
                put_formula_str(w, ws, row, 7, f, "", w->pct);
        }
    }
    return row;
}

static size_t alerts_episodes(struct wb *w, lxw_worksheet *ws, size_t row)
{
    const struct t0_report *rep = w->rep;
    static const char *const heads[] = {
        "SLO", "Severity", "Rule", "From", "To", "Minutes firing", "Matched an incident"};
    put_header_row(w, ws, row, heads, 7);
    row++;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_burn *b = rep->slos[s].burn;
        for (size_t e = 0; b && e < b->n_episodes; e++, row++) {
            const struct t0_alert_episode *ep = &b->episodes[e];
            char name[48];
            t0_ms end = ep->to == T0_NO_TIME ? rep->as_of : ep->to;
            put_str(w, ws, row, 0, rep->slos[s].slo->name, NULL);
            put_str(w, ws, row, 1, t0_alert_severity_name(ep->severity), NULL);
            put_str(w, ws, row, 2,
                    t0_alert_rule_name(&b->rules[ep->rule], name, sizeof name), NULL);
            put_time(w, ws, row, 3, ep->from);
            if (ep->to == T0_NO_TIME)
                put_str(w, ws, row, 4, "still firing", NULL);
            else
                put_time(w, ws, row, 4, ep->to);
            put_num(w, ws, row, 5, (double)(end - ep->from) / 60000.0, w->minutes);
            if (ep->severity == T0_ALERT_PAGE)
                put_yes_no(w, ws, row, 6, !ep->unmatched);
        }
    }
    return row;
}

static size_t alerts_incidents(struct wb *w, lxw_worksheet *ws, size_t row)
{
    const struct t0_report *rep = w->rep;
    static const char *const heads[] = {"SLO",
                                        "Incident",
                                        "Title",
                                        "Started",
                                        "Declared (detected, else started)",
                                        "Paged at",
                                        "Page lead (minutes, positive: paged first)"};
    put_header_row(w, ws, row, heads, 7);
    row++;
    for (size_t s = 0; s < rep->n_slos; s++) {
        const struct t0_slo_burn *b = rep->slos[s].burn;
        for (size_t i = 0; b && i < b->n_incidents; i++, row++) {
            const struct t0_burn_incident *bi = &b->incidents[i];
            const struct t0_incident *inc = &w->data->incidents[bi->incident];
            put_str(w, ws, row, 0, rep->slos[s].slo->name, NULL);
            put_str(w, ws, row, 1, inc->id, NULL);
            put_str(w, ws, row, 2, inc->title, NULL);
            put_time(w, ws, row, 3, inc->started_at);
            put_time(w, ws, row, 4,
                     inc->detected_at != T0_NO_TIME ? inc->detected_at : inc->started_at);
            if (bi->paged_at == T0_NO_TIME) {
                put_str(w, ws, row, 5, "not paged", NULL);
                continue;
            }
            /* A number, not a formula on the wall-clock cells: a lead across a
             * change of the clocks would be an hour off. */
            put_time(w, ws, row, 5, bi->paged_at);
            put_num(w, ws, row, 6, bi->page_lead_minutes, w->minutes);
        }
    }
    return row;
}

/* Written top to bottom, row by row, so it also works in constant-memory mode. */
static void write_alerts(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->alerts;
    char month[64], buf[400];
    t0_format_month_long(rep->review, month, sizeof month);
    set_width(w, ws, 0, 0, 24, NULL);
    set_width(w, ws, 1, 2, 12, NULL);
    set_width(w, ws, 3, 6, 18, NULL);
    set_width(w, ws, 7, 7, 16, NULL);
    snprintf(buf, sizeof buf, "Would our alerting have caught it? %s", month);
    put_str(w, ws, 0, 0, buf, w->title);
    put_str(
        w, ws, 1, 0,
        "Burn-rate alert rules replayed every minute of the month (times in the report's "
        "zone). Rules are inputs: the columns beside them recompute; the episodes need "
        "tierzero to replay.",
        w->note);
    size_t row = 3;
    put_str(w, ws, row++, 0, "Rules", w->subtitle);
    row = alerts_rules(w, ws, row) + 1;
    put_str(w, ws, row++, 0, "Episodes", w->subtitle);
    row = alerts_episodes(w, ws, row) + 1;
    put_str(w, ws, row++, 0, "Incidents of the month", w->subtitle);
    alerts_incidents(w, ws, row);
}

static void write_daily(struct wb *w, size_t *burn_first, size_t *burn_last)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->daily;
    size_t S = rep->n_slos, ncols = 4 + S;
    size_t helper = ncols + 1; /* burn-down range: one empty column after the table */
    const char **heads = calloc(ncols, sizeof *heads);
    char **owned = calloc(S + 1, sizeof *owned);
    double *cum = calloc(S + 1, sizeof *cum);
    *burn_first = *burn_last = 0;
    if (!heads || !owned || !cum) {
        w->oom = true;
        goto cleanup;
    }
    heads[0] = "Date";
    heads[1] = "Incidents started";
    for (size_t s = 0; s < S; s++) {
        bool events = t0_report_period_window(rep, s)->unit == T0_UNIT_EVENTS;
        if (!(owned[s] = slo_header(w, events ? "Bad requests" : "Bad minutes", s)))
            goto cleanup;
        heads[2 + s] = owned[s];
    }
    heads[2 + S] = "Releases";
    heads[3 + S] = "In freeze";

    set_width(w, ws, 0, 0, 12, w->date);
    set_width(w, ws, 1, ncols - 1, 13, NULL);
    set_width(w, ws, helper, helper + S + 1, 14, NULL);
    put_table(w, ws, "DailyTable", 0, rep->n_days, heads, ncols);
    put_str(w, ws, 0, helper, "Burn-down day", w->header);
    for (size_t s = 0; s < S; s++) {
        char buf[300];
        snprintf(buf, sizeof buf, "Cumulative budget consumed %%, %zu: %.200s", s + 1,
                 rep->slos[s].slo->name);
        put_str(w, ws, 0, helper + 1 + s, whole_utf8(buf), w->header);
    }
    put_str(w, ws, 0, helper + 1 + S, "Budget (100%)", w->header);
    size_t rolling_col = helper + S + 3,
           rolling_rows = rolling_header(w, ws, rolling_col);

    for (size_t d = 0; d < rep->n_days && !w->oom; d++) {
        const struct t0_day *day = &rep->days[d];
        size_t row = d + 1;
        if (d < rolling_rows)
            put_rolling_row(w, ws, row, rolling_col, d);
        put_num(w, ws, row, 0,
                (double)t0_days_from_civil(day->year, day->month, day->day) +
                    EXCEL_EPOCH_DAYS,
                w->date);
        put_num(w, ws, row, 1, day->incidents, w->integer);
        for (size_t s = 0; s < S; s++)
            if (day->bad_minutes)
                put_num(w, ws, row, 2 + s, day_bad(rep, day, s), w->minutes);
        put_num(w, ws, row, 2 + S, day->releases, w->integer);
        put_yes_no(w, ws, row, 3 + S, day->freeze);

        /* The review month's burn-down, up to as_of: live formulas on the
         * bad minutes to the left and the budget on Monthly SLO. */
        if (day->start < rep->review_start || day->start >= rep->review_end ||
            day->start >= rep->as_of || t0_report_months(rep) == 0)
            continue;
        if (*burn_first == 0)
            *burn_first = row;
        *burn_last = row;
        char f[512], top[16], here[16], budget[16], budget_ref[64];
        put_num(w, ws, row, helper,
                (double)t0_days_from_civil(day->year, day->month, day->day) +
                    EXCEL_EPOCH_DAYS,
                w->date);
        for (size_t s = 0; s < S; s++) {
            const struct t0_slo_window *win = t0_report_review_window(rep, s);
            bool events = win->unit == T0_UNIT_EVENTS;
            double win_budget = events ? win->budget_events : win->budget_minutes;
            if (day->bad_minutes)
                cum[s] += day_bad(rep, day, s);
            lxw_rowcol_to_cell_abs(top, (lxw_row_t)*burn_first, (lxw_col_t)(2 + s),
                                   LXW_TRUE, LXW_FALSE);
            cell_name(here, row, 2 + s);
            if (events) { /* the events budget, on the Events sheet (column G) */
                snprintf(budget_ref, sizeof budget_ref, "'Events'!$G$%zu",
                         t0_workbook_events_row(rep, s, t0_report_months(rep) - 1) + 1);
            } else {
                lxw_rowcol_to_cell_abs(
                    budget, (lxw_row_t)monthly_row(rep, s, t0_report_months(rep) - 1),
                    MC_BUDGET, LXW_TRUE, LXW_TRUE);
                snprintf(budget_ref, sizeof budget_ref, "'" SHEET_MONTHLY "'!%s", budget);
            }
            snprintf(f, sizeof f, "=IF(%s=0,IF(SUM(%s:%s)=0,0,\"\"),100*SUM(%s:%s)/%s)",
                     budget_ref, top, here, top, here, budget_ref);
            if (win_budget == 0)
                put_formula_value(w, ws, row, helper + 1 + s, f,
                                  cum[s] == 0 ? t0_value_of(0)
                                              : t0_value_null("the budget is zero"),
                                  w->pct);
            else
                put_formula_num(w, ws, row, helper + 1 + s, f,
                                100.0 * cum[s] / win_budget, w->pct);
        }
        put_num(w, ws, row, helper + 1 + S, 100, w->integer);
    }
    for (size_t d = rep->n_days; d < rolling_rows && !w->oom; d++)
        put_rolling_row(w, ws, d + 1, rolling_col, d);

cleanup:
    if (owned)
        for (size_t s = 0; s < S; s++)
            free(owned[s]);
    free(owned);
    free(heads);
    free(cum);
}

static void chart_burndown(struct wb *w, lxw_worksheet *where, size_t row, size_t col,
                           size_t first, size_t last)
{
    const struct t0_report *rep = w->rep;
    if (first == 0)
        return;
    size_t helper = 4 + rep->n_slos + 1;
    lxw_chart *chart = workbook_add_chart(w->book, LXW_CHART_LINE);
    if (!chart) {
        w->oom = true;
        return;
    }
    char month[16], title[96];
    snprintf(title, sizeof title, "Error budget burn-down, %s (%% consumed)",
             t0_format_month(rep->review, month));
    set_chart_title(chart, title);
    for (size_t s = 0; s <= rep->n_slos; s++) {
        lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
        if (!ser) {
            w->oom = true;
            return;
        }
        chart_series_set_categories(ser, SHEET_DAILY, (lxw_row_t)first, (lxw_col_t)helper,
                                    (lxw_row_t)last, (lxw_col_t)helper);
        chart_series_set_values(ser, SHEET_DAILY, (lxw_row_t)first,
                                (lxw_col_t)(helper + 1 + s), (lxw_row_t)last,
                                (lxw_col_t)(helper + 1 + s));
        if (s < rep->n_slos) {
            set_series_name(ser, "", rep->slos[s].slo->name);
            style_series(ser, series_color(s), false);
        } else {
            set_series_name(ser, "", "Budget (100%)");
            style_series(ser, COLOR_GREY, true);
        }
    }
    chart_axis_set_num_format(chart->x_axis, "dd");
    set_axis_name(chart->y_axis, "% of budget consumed");
    chart_axis_set_min(chart->y_axis, 0);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    insert_chart(w, where, row, col, chart, 1.5, 1.3);
}

/* ---- Data Quality ---- */

static void quality_input(struct wb *w, size_t row, const char *what,
                          const struct t0_input_report *in)
{
    lxw_worksheet *ws = w->quality;
    put_str(w, ws, row, 0, what, w->bold);
    if (!in->present) {
        put_str(w, ws, row, 1, "no file was given", w->note);
        return;
    }
    put_str(w, ws, row, 1, in->source, NULL);
    put_str(w, ws, row, 2, in->format, NULL);
    put_num(w, ws, row, 3, (double)in->read, w->integer);
    put_num(w, ws, row, 4, (double)in->accepted, w->integer);
    put_num(w, ws, row, 5, (double)in->rejected, w->integer);
}

static void write_quality(struct wb *w)
{
    const struct t0_dataset *ds = w->data;
    lxw_worksheet *ws = w->quality;
    static const char *const sh[] = {"Input", "File",     "Format",
                                     "Read",  "Accepted", "Rejected"};
    static const char *const th[] = {"Input", "File", "Index", "Line", "ID", "Reason"};
    set_width(w, ws, 0, 0, 12, NULL);
    set_width(w, ws, 1, 1, 30, NULL);
    set_width(w, ws, 2, 4, 12, NULL);
    set_width(w, ws, 5, 5, 80, NULL);
    put_str(w, ws, 0, 0, "Data quality", w->title);
    put_str(w, ws, 1, 0,
            "Every record read is accounted for: read = accepted + rejected. Rejected "
            "records "
            "are left out of every figure.",
            w->note);
    for (size_t c = 0; c < 6; c++)
        put_str(w, ws, 3, c, sh[c], w->header);
    quality_input(w, 4, "Incidents", &ds->incidents_input);
    quality_input(w, 5, "Releases", &ds->releases_input);

    const struct t0_input_report *ins[2] = {&ds->incidents_input, &ds->releases_input};
    static const char *const names[2] = {"incidents", "releases"};
    size_t total = 0;
    for (size_t k = 0; k < 2; k++)
        if (ins[k]->present)
            total += ins[k]->rejected;
    put_str(w, ws, 7, 0, "Rejected records", w->subtitle);
    if (total == 0) {
        put_str(w, ws, 8, 0, "None: every record was accepted.", NULL);
        return;
    }
    size_t first = 8;
    size_t room = LXW_ROW_MAX - 1 - first; /* rows left below the header */
    size_t shown = total < room ? total : room - 1;
    put_table(w, ws, "RejectedTable", first, first + shown, th, 6);
    size_t row = first + 1;
    for (size_t k = 0; k < 2 && row <= first + shown; k++) {
        if (!ins[k]->present)
            continue;
        for (size_t i = 0; i < ins[k]->rejected && row <= first + shown; i++, row++) {
            const struct t0_rejected *r = &ins[k]->rejected_records[i];
            put_str(w, ws, row, 0, names[k], NULL);
            put_str(w, ws, row, 1, ins[k]->source, NULL);
            put_num(w, ws, row, 2, (double)r->index, w->integer);
            if (r->line)
                put_num(w, ws, row, 3, (double)r->line, w->integer);
            put_str(w, ws, row, 4, r->id, NULL);
            put_str(w, ws, row, 5, r->reason, NULL);
        }
    }
    if (shown < total) {
        char buf[128];
        snprintf(buf, sizeof buf, "%zu more rejected records do not fit on this sheet.",
                 total - shown);
        put_str(w, ws, row + 1, 0, buf, w->note);
    }
}

/* ---- the workbook ---- */

/* ---- Quarters and Maintenance (definitions.md §10) ---- */

/* Every quarter overlapping the period per SLO, as Monthly SLO shows months:
 * the budget formulas follow the objectives and the Maintenance sheet. */
static void write_quarters(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->quarters;
    const char *heads[MC_COUNT];
    window_heads(heads, "Quarter", "Quarter start", "Quarter end");
    size_t n = t0_report_count(rep, T0_WINDOW_QUARTER), rows = rep->n_slos * n;
    set_width(w, ws, MC_SLO, MC_SLO, 26, NULL);
    set_width(w, ws, MC_MONTH, MC_STATUS, 13, NULL);
    set_width(w, ws, MC_EXHAUSTED_AT, MC_EXHAUSTED_AT, 17, NULL);
    set_width(w, ws, MC_START, MC_END, 17, NULL);
    put_table(w, ws, "QuartersTable", 0, rows, heads, MC_COUNT);
    for (size_t s = 0, r = 1; s < rep->n_slos; s++)
        for (size_t k = 0; k < n; k++, r++)
            put_window_row(w, ws, r, s, t0_report_window(rep, s, T0_WINDOW_QUARTER, k));
    if (rows)
        status_formats(w, ws, 1, rows, MC_STATUS);
}

/* The intervals of M clipped to the period, per SLO: the first of them and
 * how many (t0_maint_set_find order). */
static size_t period_intervals(const struct t0_report *rep, size_t s, size_t *first)
{
    const struct t0_maint_set *m = rep->slos[s].maintenance;
    size_t k = t0_maint_set_find(m, rep->period_start), n = 0;
    *first = k;
    for (; m && k < m->n && m->items[k].from < rep->period_end; k++)
        n++;
    return n;
}

static size_t maintenance_rows(const struct t0_report *rep)
{
    size_t n = 0, first;
    for (size_t s = 0; s < rep->n_slos; s++)
        n += period_intervals(rep, s, &first);
    return n;
}

/* M of each SLO in the period, one row a merged window; the budgets on
 * Monthly SLO and Quarters sum these rows (delete one, the budget grows). */
static void write_maintenance(struct wb *w)
{
    const struct t0_report *rep = w->rep;
    lxw_worksheet *ws = w->maintenance;
    static const char *const heads[] = {"SLO #", "SLO",     "From",
                                        "To",    "Minutes", "Reason"};
    set_width(w, ws, 0, 0, 7, NULL);
    set_width(w, ws, 1, 1, 26, NULL);
    set_width(w, ws, 2, 3, 17, NULL);
    set_width(w, ws, 4, 4, 11, NULL);
    set_width(w, ws, 5, 5, 60, NULL);
    put_table(w, ws, "MaintenanceTable", 0, w->maint_rows, heads, 6);
    size_t r = 1;
    for (size_t s = 0; s < rep->n_slos; s++) {
        size_t first, n = period_intervals(rep, s, &first);
        const struct t0_maint_set *m = rep->slos[s].maintenance;
        for (size_t k = first; k < first + n; k++, r++) {
            t0_ms from = m->items[k].from > rep->period_start ? m->items[k].from
                                                              : rep->period_start;
            t0_ms to =
                m->items[k].to < rep->period_end ? m->items[k].to : rep->period_end;
            char c_from[16], c_to[16], f[64];
            put_num(w, ws, r, 0, (double)(s + 1), w->integer);
            put_str(w, ws, r, 1, rep->slos[s].slo->name, NULL);
            put_time(w, ws, r, 2, from);
            put_time(w, ws, r, 3, to);
            cell_name(c_from, r, 2);
            cell_name(c_to, r, 3);
            snprintf(f, sizeof f, "=1440*(%s-%s)", c_to, c_from);
            put_formula_num(w, ws, r, 4, f, (double)(to - from) / 60000.0, w->minutes);
            put_str(w, ws, r, 5, m->items[k].reason, w->wrap);
        }
    }
    if (w->maint_rows == 0)
        put_str(w, ws, 3, 1, "No maintenance window applies to any SLO in the period.",
                w->note);
}

static size_t table_rows(const struct t0_report *rep)
{
    const struct t0_dataset *ds = rep->data;
    size_t n = ds->n_incidents + ds->n_releases + rep->n_days;
    if (ds->incidents_input.present)
        n += ds->incidents_input.rejected;
    if (ds->releases_input.present)
        n += ds->releases_input.rejected;
    return n;
}

static bool add_sheets(struct wb *w)
{
    w->summary = workbook_add_worksheet(w->book, SHEET_SUMMARY);
    w->monthly = workbook_add_worksheet(w->book, SHEET_MONTHLY);
    w->incidents = calloc(w->n_incident_sheets, sizeof *w->incidents);
    if (!w->incidents)
        return false;
    for (size_t k = 0; k < w->n_incident_sheets; k++) {
        char name[48];
        if (k == 0)
            snprintf(name, sizeof name, "Incidents");
        else
            snprintf(name, sizeof name, "Incidents (%zu)", k + 1);
        w->incidents[k] = workbook_add_worksheet(w->book, name);
        if (!w->incidents[k])
            return false;
    }
    w->releases = workbook_add_worksheet(w->book, SHEET_RELEASES);
    w->correlation = workbook_add_worksheet(w->book, SHEET_CORRELATION);
    w->daily = workbook_add_worksheet(w->book, SHEET_DAILY);
    w->alerts = workbook_add_worksheet(w->book, SHEET_ALERTS);
    w->quality = workbook_add_worksheet(w->book, SHEET_QUALITY);
    w->quarters = workbook_add_worksheet(w->book, SHEET_QUARTERS);
    w->maintenance = workbook_add_worksheet(w->book, SHEET_MAINTENANCE);
    return w->summary && w->monthly && w->releases && w->correlation && w->daily &&
           w->alerts && w->quality && w->quarters && w->maintenance;
}

static void set_properties(struct wb *w, t0_ms created)
{
    const struct t0_config *cfg = w->rep->config;
    char month[16], subject[96];
    snprintf(subject, sizeof subject, "SLO and error-budget review, %s",
             t0_format_month(w->rep->review, month));
    lxw_doc_properties props = {0};
    props.title = cfg->title && *cfg->title ? cfg->title : "Reliability review";
    props.subject = subject;
    props.author =
        cfg->organization && *cfg->organization ? cfg->organization : "tierzero";
    props.company = cfg->organization && *cfg->organization ? cfg->organization : NULL;
    props.comments =
        "Made by tierzero " T0_VERSION ". Objectives on the Summary sheet are "
        "inputs: the Monthly SLO figures recompute from them.";
    props.created = (time_t)(created / 1000);
    note_error(w, workbook_set_properties(w->book, &props), "setting the properties");
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* The errors of workbook_close that come from a system call, whose errno
 * says why (ENOSPC, EFBIG, EACCES). */
static bool lxw_error_has_errno(lxw_error e)
{
    return e == LXW_ERROR_ZIP_FILE_OPERATION || e == LXW_ERROR_CREATING_XLSX_FILE ||
           e == LXW_ERROR_CREATING_TMPFILE || e == LXW_ERROR_READING_TMPFILE;
}

/* The Incidents sheets' rows into the package libxlsxwriter wrote at
 * lxw_path, the whole written to out: 0; 1 when the package would need
 * ZIP64 (nothing reported); otherwise minus the status, err set. */
static int splice_rows(struct wb *w, const char *lxw_path, FILE *out, const char *path,
                       struct t0_error *err)
{
    int rc = t0_xlsx_rows_finish(w->rows);
    if (rc == -2)
        return -(int)t0_error_set(err, T0_EOUTPUT, path, NULL,
                                  "unable to write the workbook: %s",
                                  strerror(t0_xlsx_rows_errno(w->rows)));
    if (rc < 0)
        return -(int)t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
    if (rc > 0)
        return 1;
    struct t0_xlsx_part *parts = calloc(w->n_incident_sheets, sizeof *parts);
    char(*names)[64] = calloc(w->n_incident_sheets, sizeof *names);
    if (!parts || !names) {
        free(parts);
        free(names);
        return -(int)t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
    }
    /* Summary and Monthly SLO are sheet1 and sheet2 (add_sheets). */
    for (size_t k = 0; k < w->n_incident_sheets; k++) {
        snprintf(names[k], sizeof names[k], "xl/worksheets/sheet%zu.xml", k + 3);
        parts[k].name = names[k];
        parts[k].chunks = t0_xlsx_rows_chunks(w->rows, k, &parts[k].n_chunks);
        parts[k].spill_fd = t0_xlsx_rows_spill_fd(w->rows);
    }
    rc = t0_xlsx_splice(lxw_path, out, parts, w->n_incident_sheets, Z_DEFAULT_COMPRESSION,
                        path, err);
    free(parts);
    free(names);
    return rc;
}

/* One attempt; *again set when the spliced package would need ZIP64, for a
 * second attempt with every cell through libxlsxwriter. */
static enum t0_status write_book(const struct t0_report *rep, const char *path,
                                 const struct t0_workbook_limits *lim,
                                 const struct t0_workbook_rows_options *ropt, bool *again,
                                 struct t0_error *err)
{
    enum t0_status status = T0_OK;
    struct t0_atomic out, lxw_out;
    bool opened = false, lxw_opened = false;
    char *tmpdir = NULL;
    struct wb w;
    struct rows_state rs;
    memset(&w, 0, sizeof w);
    memset(&rs, 0, sizeof rs);
    w.rep = rep;
    w.data = rep->data;
    w.rows_per_sheet =
        lim && lim->rows_per_sheet ? lim->rows_per_sheet : T0_WORKBOOK_ROWS_PER_SHEET;
    size_t cm_rows = lim && lim->constant_memory_rows ? lim->constant_memory_rows
                                                      : T0_WORKBOOK_CONSTANT_MEMORY_ROWS;
    w.big = table_rows(rep) > cm_rows;
    w.n_incident_sheets =
        t0_workbook_incident_sheets(w.data->n_incidents, w.rows_per_sheet);
    enum t0_workbook_rows how = ropt ? ropt->how : T0_WORKBOOK_ROWS_DEFAULT;
    bool spliced = how == T0_WORKBOOK_ROWS_SPLICED ||
                   (how == T0_WORKBOOK_ROWS_DEFAULT && w.data->n_incidents > 0);

    status = t0_atomic_open(&out, path, err);
    if (status != T0_OK)
        goto cleanup;
    opened = true;
    const char *lxw_path = out.tmp_path;
    if (spliced) {
        /* libxlsxwriter's package goes to a second temporary beside the
         * first, read back by the splice, which writes the first. */
        status = t0_atomic_open(&lxw_out, path, err);
        if (status != T0_OK)
            goto cleanup;
        lxw_opened = true;
        fclose(lxw_out.fp);
        lxw_out.fp = NULL;
        lxw_path = lxw_out.tmp_path;
    } else {
        /* libxlsxwriter writes the file by name; the descriptor is not needed. */
        fclose(out.fp);
        out.fp = NULL;
    }

    tmpdir = dir_of(path);
    if (!tmpdir) {
        status = t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
        goto cleanup;
    }
    lxw_workbook_options opt = {0};
    opt.constant_memory = w.big ? LXW_TRUE : LXW_FALSE;
    opt.tmpdir = tmpdir;
    w.book = workbook_new_opt(lxw_path, &opt);
    if (!w.book) {
        status =
            t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to start the workbook");
        goto cleanup;
    }
    if (!make_formats(&w) || !add_sheets(&w)) {
        w.oom = true;
    } else {
        t0_ms created = t0_creation_time();
        size_t burn_first = 0, burn_last = 0;
        set_properties(&w, created);
        w.maint_rows = maintenance_rows(rep);
        write_summary(&w, created);
        write_monthly(&w);
        /* Here the rows' formats get the style indices that their first
         * use in the first row gave them when libxlsxwriter wrote the
         * rows: the package is the same but for the rows' deflate. */
        if (spliced)
            start_rows(&w, &rs, ropt, tmpdir);
        write_incidents(&w);
        write_releases(&w);
        write_correlation(&w);
        write_daily(&w, &burn_first, &burn_last);
        write_alerts(&w);
        write_quality(&w);
        write_quarters(&w);
        write_maintenance(&w);
        note_error(&w, (lxw_error)t0_workbook_events(w.book, rep),
                   "writing the events sheets");
        chart_attainment(&w, w.summary, 0, 11);
        chart_burndown(&w, w.summary, 20, 11, burn_first, burn_last);
        chart_activity(&w);
    }
    errno = 0;
    lxw_error closed = workbook_close(w.book);
    int close_errno = lxw_error_has_errno(closed) ? errno : 0;
    w.book = NULL;
    if (w.oom || w.text.oom) {
        status = t0_error_set(err, T0_ENOMEM, path, NULL, "out of memory");
        goto cleanup;
    }
    if (w.lerr != LXW_NO_ERROR) {
        status = t0_error_set(err, T0_EOUTPUT, path, NULL, "%s: %s", w.lerr_what,
                              lxw_strerror(w.lerr));
        goto cleanup;
    }
    if (closed != LXW_NO_ERROR && close_errno) {
        /* The system's reason first, in our words (a full disk). */
        status = t0_error_set(err, T0_EOUTPUT, path, NULL,
                              "unable to write the workbook: %s (%s)",
                              strerror(close_errno), lxw_strerror(closed));
        goto cleanup;
    }
    if (closed != LXW_NO_ERROR) {
        status = t0_error_set(err, T0_EOUTPUT, path, NULL,
                              "unable to write the workbook: %s", lxw_strerror(closed));
        goto cleanup;
    }
    if (w.rows) {
        int rc = splice_rows(&w, lxw_path, out.fp, path, err);
        if (rc != 0) {
            *again = rc > 0;
            status = rc > 0 ? T0_EOUTPUT : (enum t0_status)(-rc);
            goto cleanup;
        }
    } else if (spliced) {
        /* No rows thread (out of memory): libxlsxwriter's package is the
         * workbook; the first temporary takes its place. */
        fclose(out.fp);
        out.fp = NULL;
        if (rename(lxw_path, out.tmp_path) != 0) {
            status = t0_error_set(err, T0_EOUTPUT, path, NULL,
                                  "unable to write the workbook: %s", strerror(errno));
            goto cleanup;
        }
    }
    status = t0_atomic_commit(&out, err);
    opened = false;

cleanup:
    t0_xlsx_rows_free(w.rows);
    free_rows_state(&rs);
    if (lxw_opened)
        t0_atomic_abort(&lxw_out);
    if (opened)
        t0_atomic_abort(&out);
    free(tmpdir);
    free(w.incidents);
    free(w.text.p);
    free(w.fit);
    return status;
}

enum t0_status t0_workbook_write_opt(const struct t0_report *rep, const char *path,
                                     const struct t0_workbook_limits *lim,
                                     const struct t0_workbook_rows_options *ropt,
                                     struct t0_error *err)
{
    if (t0_report_months(rep) == 0)
        return t0_error_set(err, T0_EINPUT, path, NULL, T0_REPORT_NO_MONTH);
    bool again = false;
    enum t0_status st = write_book(rep, path, lim, ropt, &again, err);
    if (again) {
        /* Over 4 GB in a part or the package: libxlsxwriter writes it all. */
        struct t0_workbook_rows_options old = {T0_WORKBOOK_ROWS_LIBXLSXWRITER, 0, 0, 0};
        if (err)
            t0_error_clear(err);
        st = write_book(rep, path, lim, &old, &again, err);
    }
    return st;
}

enum t0_status t0_workbook_write_limited(const struct t0_report *rep, const char *path,
                                         const struct t0_workbook_limits *lim,
                                         struct t0_error *err)
{
    return t0_workbook_write_opt(rep, path, lim, NULL, err);
}

enum t0_status t0_workbook_write_threads(const struct t0_report *rep, const char *path,
                                         unsigned threads, struct t0_error *err)
{
    struct t0_workbook_rows_options ropt = {T0_WORKBOOK_ROWS_DEFAULT, 0, threads, 0};
    return t0_workbook_write_opt(rep, path, NULL, &ropt, err);
}

enum t0_status t0_workbook_write(const struct t0_report *rep, const char *path,
                                 struct t0_error *err)
{
    return t0_workbook_write_limited(rep, path, NULL, err);
}
