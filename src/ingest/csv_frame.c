/* csv_frame.c: CSV with a header row (RFC 4180, strict) framed into one flat object per
 * row. */
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "ingest_private.h"

/*
 * definitions.md §7.1, rules 11.1, 11.3 and 11.14: a header names the columns (trimmed,
 * any case); each later non-blank line (a quoted cell may hold line ends) is a row. A row
 * is handed to the CSV mapper as an object of its cells, under the header's lower-case
 * names, empty cells left out, so the mapper never knows it came from CSV. A row with
 * another number of cells than the header is rejected; a quote where RFC 4180 allows none
 * is an input error at file:line.
 */

#define MAX_COLUMNS 1024

struct csv_cell {
    char *text;
    size_t len, cap;
};

struct csv_row {
    struct csv_cell cells[MAX_COLUMNS];
    size_t n;       /* cells in the row */
    size_t bytes;   /* all cells together, against max_record_bytes */
    size_t line;    /* where the row starts */
    bool too_large; /* over max_record_bytes or MAX_COLUMNS: its bytes are dropped */
};

static void row_free(struct csv_row *row)
{
    for (size_t i = 0; i < MAX_COLUMNS; i++)
        g_free(row->cells[i].text);
}

static bool cell_put(struct ingest *g, struct csv_row *row, int c)
{
    if (row->too_large)
        return true;
    if (++row->bytes > g->lim.max_record_bytes) {
        row->too_large = true;
        return true;
    }
    struct csv_cell *cell = &row->cells[row->n];
    if (cell->len + 1 >= cell->cap) {
        size_t ncap = cell->cap ? cell->cap * 2 : 64;
        char *p = g_try_realloc(cell->text, ncap);
        if (!p)
            return false;
        cell->text = p;
        cell->cap = ncap;
    }
    cell->text[cell->len++] = (char)c;
    return true;
}

static bool next_cell(struct csv_row *row)
{
    if (row->n + 1 >= MAX_COLUMNS) {
        row->too_large = true;
        return true;
    }
    row->n++;
    row->cells[row->n].len = 0;
    return true;
}

static enum t0_status csv_error(struct ingest *g, const struct t0_js_pos *at,
                                const char *what)
{
    return t0_error_set_at(g->err, T0_EINPUT, g->source, (int)at->line,
                           (int)t0_js_column(&g->rd, at), "invalid CSV (RFC 4180): %s",
                           what);
}

/* The position of the byte just read (never a line end). */
static void here_before(struct ingest *g, struct t0_js_pos *at)
{
    t0_js_here(&g->rd, at);
    at->offset--;
}

/* Reads one row from the current position; *eof when there is none. */
static enum t0_status read_row(struct ingest *g, struct csv_row *row, bool *eof)
{
    struct t0_js_pos start, at;
    t0_js_here(&g->rd, &start);
    row->line = start.line;
    row->n = 0;
    row->bytes = 0;
    row->too_large = false;
    row->cells[0].len = 0;
    *eof = false;
    bool quoted = false, after_quote = false, any = false;
    for (;;) {
        int c = t0_js_get(&g->rd);
        if (c == -2)
            return t0_error_set(g->err, T0_EINPUT, g->source, NULL,
                                "unable to read '%s': %s", g->source,
                                strerror(g->rd.read_errno));
        if (quoted) {
            if (c == -1)
                return csv_error(g, &start, "a quoted cell is not closed");
            if (c == '"') {
                if (t0_js_peek(&g->rd) == '"') {
                    t0_js_get(&g->rd);
                    if (!cell_put(g, row, '"'))
                        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL,
                                            "out of memory");
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else if (!cell_put(g, row, c)) {
                return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
            }
            continue;
        }
        if (c == -1 || c == '\n') {
            *eof = c == -1 && !any;
            break;
        }
        if (c == '\r') {
            if (t0_js_peek(&g->rd) == '\n')
                continue;
            here_before(g, &at);
            return csv_error(g, &at, "a carriage return inside an unquoted cell");
        }
        any = true;
        if (c == ',') {
            next_cell(row);
            after_quote = false;
        } else if (c == '"') {
            if (after_quote || row->cells[row->n].len) {
                here_before(g, &at);
                return csv_error(g, &at, "a quote inside an unquoted cell");
            }
            quoted = true;
        } else if (after_quote) {
            here_before(g, &at);
            return csv_error(g, &at, "text after a closing quote");
        } else if (!cell_put(g, row, c)) {
            return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
        }
    }
    row->n++;
    return T0_OK;
}

static bool row_blank(const struct csv_row *row)
{
    if (row->n != 1)
        return false;
    for (size_t i = 0; i < row->cells[0].len; i++)
        if (row->cells[0].text[i] != ' ' && row->cells[0].text[i] != '\t')
            return false;
    return true;
}

/* The header's names: trimmed, lower case. */
static char **header_names(const struct csv_row *row)
{
    char **names = g_new0(char *, row->n + 1);
    for (size_t i = 0; i < row->n; i++) {
        char *s =
            g_strndup(row->cells[i].text ? row->cells[i].text : "", row->cells[i].len);
        names[i] = g_ascii_strdown(g_strstrip(s), -1);
        g_free(s);
    }
    return names;
}

/* The row as an object of its non-empty cells (strings). */
static json_t *row_object(char **names, const struct csv_row *row)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < row->n; i++) {
        if (!row->cells[i].len || !names[i][0])
            continue;
        json_t *s = json_stringn(row->cells[i].text, row->cells[i].len);
        if (!s || json_object_set_new(o, names[i], s) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* One data row: counted, then rejected for its shape or handed to the mapper. */
static enum t0_status take_row(struct ingest *g, char **names, size_t n_names,
                               const struct csv_row *row, size_t index)
{
    g->index = index;
    g->line = row->line;
    g->rec_offset = 0;
    g->rec_length = 0;
    bool utf8 = true;
    for (size_t i = 0; i < row->n && !row->too_large; i++)
        utf8 = utf8 && g_utf8_validate_len(row->cells[i].text ? row->cells[i].text : "",
                                           row->cells[i].len, NULL);
    if (row->too_large || row->n != n_names || !utf8) {
        g->in->read++;
        g->kind = T0_FMT_CSV;
        if (row->too_large)
            t0_in_fail(g, NULL, "row larger than max_record_bytes (%zu bytes)",
                       g->lim.max_record_bytes);
        else if (row->n != n_names)
            t0_in_fail(g, NULL, "%zu cells, but the header has %zu", row->n, n_names);
        else
            t0_in_fail(g, NULL, "a cell is not valid UTF-8");
        t0_input_reject(g->ds, g->in, g->index, g->line, NULL, g->reason);
        return T0_OK;
    }
    json_t *o = row_object(names, row);
    if (!o)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    t0_in_take_record(g, o);
    json_decref(o);
    return g->oom ? t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory")
                  : T0_OK;
}

enum t0_status t0_in_read_csv(struct ingest *g)
{
    struct csv_row *row = g_try_malloc0(sizeof *row);
    if (!row)
        return t0_error_set(g->err, T0_ENOMEM, g->source, NULL, "out of memory");
    g->prefix_line = true;
    g->ndjson = true; /* messages read "line 5: field: text" */
    char **names = NULL;
    size_t n_names = 0, index = 0;
    bool eof = false;
    enum t0_status st = read_row(g, row, &eof);
    if (st == T0_OK && !row->too_large) {
        names = header_names(row);
        n_names = row->n;
    } else if (st == T0_OK) {
        st = t0_error_set_at(g->err, T0_EINPUT, g->source, (int)row->line, 1,
                             "the CSV header row is too large");
    }
    while (st == T0_OK) {
        st = read_row(g, row, &eof);
        if (st != T0_OK || eof)
            break;
        if (row_blank(row))
            continue;
        st = take_row(g, names, n_names, row, index++);
    }
    g_strfreev(names);
    row_free(row);
    g_free(row);
    return st;
}

/* The first line's cells, trimmed, any case: do they include id and started_at. */
bool t0_in_csv_header_names(const char *line)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", line);
    buf[strcspn(buf, "\r\n")] = '\0';
    bool id = false, started = false;
    char **cells = g_strsplit(buf, ",", -1);
    for (char **c = cells; *c; c++) {
        char *s = g_strstrip(*c);
        size_t len = strlen(s);
        if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
            s[len - 1] = '\0';
            s = g_strstrip(s + 1);
        }
        id = id || g_ascii_strcasecmp(s, "id") == 0;
        started = started || g_ascii_strcasecmp(s, "started_at") == 0;
    }
    g_strfreev(cells);
    return id && started;
}

static bool header_says_csv(struct ingest *g)
{
    char buf[4096];
    ssize_t n = pread(g->fd, buf, sizeof buf - 1, (off_t)g->rd.base + (off_t)g->rd.pos);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    return t0_in_csv_header_names(buf);
}

bool t0_in_named_csv(const char *source)
{
    return g_str_has_suffix(source, ".csv") || g_str_has_suffix(source, ".csv.gz") ||
           g_str_has_suffix(source, ".CSV") || g_str_has_suffix(source, ".CSV.GZ");
}

bool t0_in_is_csv(struct ingest *g, int c)
{
    if (t0_in_named_csv(g->source))
        return true;
    return c != '{' && c != '[' && header_says_csv(g);
}
