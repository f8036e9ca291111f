/* test_xlsx.c: the sheet XML of the Incidents rows (numbers, escapes, cell
 * names) and the zip splice that puts the rows into a package. */
#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "t0_skip.h"
#include "xlsx_private.h"

/* ---- numbers ---- */

static void same_as_printf(double v)
{
    char want[64], got[32];
    snprintf(want, sizeof want, "%.16G", v);
    size_t n = t0_xlsx_number(got, v);
    if (strcmp(want, got) != 0 || n != strlen(want))
        fail_msg("%.17g: \"%s\", printf \"%s\"", v, got, want);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_number_edges(void **state)
{
    (void)state;
    static const double edges[] = {0.0,
                                   1.0,
                                   -1.0,
                                   0.1,
                                   0.5,
                                   1.0 / 3,
                                   2.0 / 3,
                                   -2.0 / 3,
                                   10.0,
                                   100.0,
                                   1e15,
                                   9999999999999998.0,
                                   999999999999999.9,
                                   1e16,
                                   1e17,
                                   1e-5,
                                   1e-4,
                                   9.99999999999999e-5,
                                   0.0001234,
                                   0.00001234,
                                   0.000009999999999999999,
                                   12345.678901234567,
                                   45000.123456789012345,
                                   46022.99421296296,
                                   20.48333333333333,
                                   4503599627370495.5,
                                   4503599627370497.0,
                                   9007199254740993.0,
                                   0.30000000000000004,
                                   123456789012345.6,
                                   99999.99999999999,
                                   9.999999999999999,
                                   0.9999999999999999,
                                   0.99999999999999995,
                                   1.0000000000000002,
                                   5e-324,
                                   1.7976931348623157e308,
                                   -1e-300};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        same_as_printf(edges[i]);
        same_as_printf(-edges[i]);
    }
    same_as_printf(INFINITY);
    same_as_printf(-INFINITY);
    same_as_printf(NAN);
    char out[32];
    t0_xlsx_number(out, -0.0);
    assert_string_equal(out, "-0");
    t0_xlsx_number(out, 42370.02208333333);
    assert_string_equal(out, "42370.02208333333");
    t0_xlsx_number(out, 75.0);
    assert_string_equal(out, "75");
    t0_xlsx_number(out, 0.000125);
    assert_string_equal(out, "0.000125");
}

/* Excel serials of instants (milliseconds, as the workbook computes them),
 * minutes, and doubles of every exponent around the fixed-point range. */
static void test_number_random(void **state)
{
    (void)state;
    for (int i = 0; i < 400000; i++) {
        uint64_t r = next_random();
        double ms = (double)(int64_t)(r % 8000000000000ull) - 1000000000000.0;
        same_as_printf(ms / 86400000.0 + 25569.0);
        same_as_printf(ms / 60000.0);
        same_as_printf((double)(r % 100000) / 60.0);
        uint64_t bits = (next_random() & 0x800FFFFFFFFFFFFFull) |
                        ((uint64_t)(1023 - 24 + (int)(next_random() % 82)) << 52);
        double d;
        memcpy(&d, &bits, sizeof d);
        same_as_printf(d);
        /* round halves: values that are exact decimals at 17 digits */
        same_as_printf((double)(r % 100000000000000000ull) / 10.0);
    }
}

/* ---- cells ---- */

static const char *cells(void (*write)(struct t0_xlsx_buf *))
{
    static char out[1024];
    struct t0_xlsx_buf b = {0};
    write(&b);
    assert_false(b.oom);
    assert_true(b.len < sizeof out);
    memcpy(out, b.p, b.len);
    out[b.len] = '\0';
    free(b.p);
    return out;
}

static void write_hostile(struct t0_xlsx_buf *b)
{
    t0_xlsx_row_start(b, 2);
    t0_xlsx_cell_str(b, 2, 1, "a<b&c>\"'\x01\x1f\x7f\r\v", 0);
    t0_xlsx_cell_str(b, 2, 25, " lead", 4);
    t0_xlsx_cell_str(b, 2, 26, "trail\t", 0);
    t0_xlsx_cell_str(b, 2, 27, "\rx\r", 0);
    t0_xlsx_cell_str(b, 2, 28, "", 5);
    t0_xlsx_cell_str(b, 2, 701, "\xC3\xA9\xF0\x9F\x98\x80", 0);
    t0_xlsx_row_end(b);
}

static void write_others(struct t0_xlsx_buf *b)
{
    t0_xlsx_row_start(b, 1048575);
    t0_xlsx_cell_num(b, 1048575, 702, 0.5, 3);
    t0_xlsx_cell_num(b, 1048575, 0, -12, 0);
    t0_xlsx_cell_formula_str(b, 1048575, 16383,
                             "HYPERLINK(\"https://x/?a=1&b=\"\"<\"\"\")",
                             "https://x/?a=1&b=\"<\"", 13);
    t0_xlsx_cell_blank(b, 1048575, 3, 7);
    t0_xlsx_row_end(b);
}

/* As libxlsxwriter 1.1.4 writes them in constant-memory mode (worked out
 * from its worksheet.c and xmlwriter.c): controls but tab and newline as
 * _xHHHH_, & < > as entities, quotes as they are, xml:space="preserve" when
 * the escaped text starts or ends with a space, tab or newline; an empty
 * string writes nothing. */
static void test_cells(void **state)
{
    (void)state;
    assert_string_equal(
        cells(write_hostile),
        "<row r=\"3\">"
        "<c r=\"B3\" t=\"inlineStr\"><is><t>a&lt;b&amp;c&gt;\"'_x0001__x001F_"
        "\x7f_x000D__x000B_</t></is></c>"
        "<c r=\"Z3\" s=\"4\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> "
        "lead</t></is></c>"
        "<c r=\"AA3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">trail\t"
        "</t></is></c>"
        "<c r=\"AB3\" t=\"inlineStr\"><is><t>_x000D_x_x000D_</t></is></c>"
        "<c r=\"ZZ3\" t=\"inlineStr\"><is><t>\xC3\xA9\xF0\x9F\x98\x80</t>"
        "</is></c>"
        "</row>");
    assert_string_equal(
        cells(write_others),
        "<row r=\"1048576\">"
        "<c r=\"AAA1048576\" s=\"3\"><v>0.5</v></c>"
        "<c r=\"A1048576\"><v>-12</v></c>"
        "<c r=\"XFD1048576\" s=\"13\" t=\"str\"><f>HYPERLINK(\"https://x/?a=1"
        "&amp;b=\"\"&lt;\"\"\")</f><v>https://x/?a=1&amp;b=\"&lt;\"</v></c>"
        "<c r=\"D1048576\" s=\"7\"/>"
        "</row>");
}

/* ---- the splice ---- */

static void toy_row(void *ctx, struct t0_xlsx_buf *b, size_t row, size_t item)
{
    assert_non_null(ctx);
    char text[64];
    snprintf(text, sizeof text, "item %zu <&>", item);
    t0_xlsx_row_start(b, row);
    t0_xlsx_cell_str(b, row, 0, text, 0);
    t0_xlsx_cell_num(b, row, 1, (double)item / 7.0, 0);
    t0_xlsx_row_end(b);
}

/* The text of entry `part` of the package at path (unzip -p). */
static char *entry_text(const char *path, const char *part)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, part);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    for (size_t got; s && (got = fread(s + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (n + 1 == cap)
            s = realloc(s, cap *= 2);
    }
    assert_non_null(s);
    s[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return s;
}

/* The rows toy_row writes for items first .. first + n - 1. */
static char *toy_rows(size_t first, size_t n)
{
    struct t0_xlsx_buf b = {0};
    int ctx = 0;
    for (size_t r = 0; r < n; r++)
        toy_row(&ctx, &b, 1 + r, first + r);
    char *s = malloc(b.len + 1);
    assert_non_null(s);
    memcpy(s, b.p, b.len);
    s[b.len] = '\0';
    free(b.p);
    return s;
}

/* Splices rows into a two-sheet package libxlsxwriter wrote, into sheet1
 * (which has a header row) and sheet2 (<sheetData/>), in chunks of 3 rows
 * on 3 threads, the chunks kept in memory or in a spill file. Every other
 * part is copied byte for byte; the sheets read back as their text with the
 * rows inserted before </sheetData>. */
static void splice_case(bool spill)
{
    char dir[] = "/tmp/t0-xlsx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char in[128], out[128], cmd[512];
    snprintf(in, sizeof in, "%s/in.xlsx", dir);
    snprintf(out, sizeof out, "%s/out.xlsx", dir);
    lxw_workbook *book = workbook_new(in);
    lxw_worksheet *a = workbook_add_worksheet(book, "A");
    lxw_worksheet *b = workbook_add_worksheet(book, "B");
    assert_non_null(a);
    assert_non_null(b);
    worksheet_write_string(a, 0, 0, "header", NULL);
    assert_int_equal(workbook_close(book), LXW_NO_ERROR);

    static const size_t first_item[2] = {0, 1000};
    static const size_t n_rows[2] = {100, 8};
    int ctx[3] = {0};
    void *ctxs[3] = {&ctx[0], &ctx[1], &ctx[2]};
    struct t0_xlsx_rows_spec spec = {.n_sheets = 2,
                                     .first_item = first_item,
                                     .n_rows = n_rows,
                                     .write_row = toy_row,
                                     .ctx = ctxs,
                                     .n_threads = 3,
                                     .level = 1,
                                     .rows_per_chunk = 3,
                                     .spill_dir = spill ? dir : NULL};
    struct t0_xlsx_rows *job = t0_xlsx_rows_start(&spec);
    assert_non_null(job);
    /* the spill file is out of the directory from the start */
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep -v '^in.xlsx$')\"", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(t0_xlsx_rows_spill_fd(job) >= 0, spill);
    assert_int_equal(t0_xlsx_rows_finish(job), 0);
    struct t0_xlsx_part parts[2] = {{"xl/worksheets/sheet1.xml", NULL, 0, -1},
                                    {"xl/worksheets/sheet2.xml", NULL, 0, -1}};
    for (int k = 0; k < 2; k++) {
        parts[k].chunks = t0_xlsx_rows_chunks(job, (size_t)k, &parts[k].n_chunks);
        parts[k].spill_fd = t0_xlsx_rows_spill_fd(job);
    }
    assert_int_equal(parts[0].n_chunks, 34);
    assert_int_equal(parts[1].n_chunks, 3);
    FILE *fp = fopen(out, "wb");
    assert_non_null(fp);
    struct t0_error err = {0};
    assert_int_equal(t0_xlsx_splice(in, fp, parts, 2, 6, out, &err), 0);
    assert_int_equal(fclose(fp), 0);

    snprintf(cmd, sizeof cmd, "unzip -tq '%s' >/dev/null", out);
    assert_int_equal(system(cmd), 0);
    /* every other part as it was */
    static const char *const same[] = {"_rels/.rels", "xl/workbook.xml", "xl/styles.xml",
                                       "docProps/app.xml"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *x = entry_text(in, same[i]), *y = entry_text(out, same[i]);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    for (int k = 0; k < 2; k++) {
        char *before = entry_text(in, parts[k].name),
             *after = entry_text(out, parts[k].name);
        char *rows = toy_rows(first_item[k], n_rows[k]);
        const char *cut =
            k == 0 ? strstr(before, "</sheetData>") : strstr(before, "<sheetData/>");
        assert_non_null(cut);
        size_t head = (size_t)(cut - before);
        size_t want_len = strlen(before) + strlen(rows) + 64;
        char *want = malloc(want_len);
        assert_non_null(want);
        snprintf(want, want_len, "%.*s%s%s%s%s", (int)head, before,
                 k == 0 ? "" : "<sheetData>", rows, k == 0 ? "" : "</sheetData>",
                 cut + (k == 0 ? 0 : strlen("<sheetData/>")));
        assert_string_equal(after, want);
        free(want);
        free(rows);
        free(before);
        free(after);
    }

    /* a part that is not in the package: an error */
    struct t0_xlsx_part missing = parts[0];
    missing.name = "xl/worksheets/sheet9.xml";
    fp = fopen(out, "wb");
    assert_non_null(fp);
    struct t0_error err2 = {0};
    assert_int_equal(t0_xlsx_splice(in, fp, &missing, 1, 6, out, &err2), -T0_EOUTPUT);
    assert_non_null(strstr(err2.text, "not as expected"));
    fclose(fp);
    if (spill) {
        /* a spill file that cannot be read back: an error, not a package */
        parts[0].spill_fd = -1;
        fp = fopen(out, "wb");
        assert_non_null(fp);
        struct t0_error err3 = {0};
        assert_int_equal(t0_xlsx_splice(in, fp, parts, 2, 6, out, &err3), -T0_EOUTPUT);
        assert_non_null(strstr(err3.text, "temporary file"));
        fclose(fp);
    }
    t0_xlsx_rows_free(job);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_splice(void **state)
{
    (void)state;
    splice_case(false);
}

static void test_splice_spilled(void **state)
{
    (void)state;
    splice_case(true);
}

/* Reads the whole file at path into *len bytes (new). */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n > 22);
    rewind(fp);
    unsigned char *d = malloc((size_t)n);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return d;
}

static void spit(const char *path, const unsigned char *d, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(d, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* A package with ZIP64 fields (a size of 0xFFFFFFFF in its directory, or a
 * ZIP64 end record before its end record): 1, for the workbook to write it
 * again the old way, nothing reported. */
static void test_splice_refuses_zip64(void **state)
{
    (void)state;
    char dir[] = "/tmp/t0-xlsx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char in[128], out[128], cmd[256];
    snprintf(in, sizeof in, "%s/in.xlsx", dir);
    snprintf(out, sizeof out, "%s/out.xlsx", dir);
    lxw_workbook *book = workbook_new(in);
    lxw_worksheet *a = workbook_add_worksheet(book, "A");
    worksheet_write_string(a, 0, 0, "header", NULL);
    assert_int_equal(workbook_close(book), LXW_NO_ERROR);
    size_t len = 0;
    unsigned char *d = slurp(in, &len);
    unsigned char *end = d + len - 22; /* no comment */
    assert_int_equal(end[0], 0x50);
    assert_int_equal(end[3], 0x06);
    size_t cd = (size_t)end[16] | (size_t)end[17] << 8 | (size_t)end[18] << 16 |
                (size_t)end[19] << 24;
    struct t0_xlsx_part part = {"xl/worksheets/sheet1.xml", NULL, 0, -1};
    for (int variant = 0; variant < 2; variant++) {
        unsigned char *e = malloc(len);
        assert_non_null(e);
        memcpy(e, d, len);
        if (variant == 0)
            memset(e + cd + 20, 0xFF, 4); /* the first entry's deflated size */
        else
            memcpy(e + len - 22 - 20, "PK\x06\x07", 4); /* a ZIP64 locator */
        spit(in, e, len);
        free(e);
        FILE *fp = fopen(out, "wb");
        assert_non_null(fp);
        struct t0_error err = {0};
        assert_int_equal(t0_xlsx_splice(in, fp, &part, 1, 6, out, &err), 1);
        assert_string_equal(err.text, "");
        fclose(fp);
    }
    /* unchanged, the same package splices */
    spit(in, d, len);
    FILE *fp = fopen(out, "wb");
    assert_non_null(fp);
    struct t0_error err = {0};
    assert_int_equal(t0_xlsx_splice(in, fp, &part, 1, 6, out, &err), 0);
    fclose(fp);
    free(d);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_edges),
        cmocka_unit_test(test_number_random),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_splice),
        cmocka_unit_test(test_splice_spilled),
        cmocka_unit_test(test_splice_refuses_zip64),
    };
    return t0_test_status(cmocka_run_group_tests(tests, NULL, NULL));
}
