/* test_template.c: template loading (positions of errors) and text expansion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/template.h"

static void test_t0_template_expand_placeholders(void **state)
{
    (void)state;
    struct t0_template_vars vars;
    memset(&vars, 0, sizeof vars);
    vars.values[T0_PH_SLO_NAME] = "API availability";
    vars.values[T0_PH_ATTAINMENT] = "99.71%";
    /* Spaces inside the braces are allowed; an unset value prints nothing. */
    char *out = t0_template_expand(
        "{{slo_name}} reached {{ attainment }}.{{exhausted_on}}", &vars);
    assert_non_null(out);
    assert_string_equal(out, "API availability reached 99.71%.");
    free(out);
}

static void test_t0_template_expand_flags(void **state)
{
    (void)state;
    struct t0_template_vars vars;
    memset(&vars, 0, sizeof vars);
    vars.flags[T0_FLAG_EXHAUSTED] = true;
    vars.flags[T0_FLAG_HAS_RELEASES] = false;
    vars.values[T0_PH_EXHAUSTED_ON] = "12 October 2026";
    const char *text =
        "A{{#exhausted}} gone on {{exhausted_on}}{{#has_releases}} R{{/has_releases}}"
        "{{^has_releases}} no-R{{/has_releases}}{{/exhausted}}{{^exhausted}} "
        "ok{{/exhausted}}.";
    char *out = t0_template_expand(text, &vars);
    assert_string_equal(out, "A gone on 12 October 2026 no-R.");
    free(out);
    vars.flags[T0_FLAG_EXHAUSTED] = false;
    vars.flags[T0_FLAG_HAS_RELEASES] = true; /* inside a hidden section: still hidden */
    out = t0_template_expand(text, &vars);
    assert_string_equal(out, "A ok.");
    free(out);
}

static void test_t0_template_expand_is_text_only(void **state)
{
    (void)state;
    struct t0_template_vars vars;
    memset(&vars, 0, sizeof vars);
    /* A value that looks like a tag is not expanded again. */
    vars.values[T0_PH_TITLE] = "{{organization}} <b>x</b>";
    vars.values[T0_PH_ORGANIZATION] = "SECRET";
    char *out = t0_template_expand("[{{title}}]", &vars);
    assert_string_equal(out, "[{{organization}} <b>x</b>]");
    free(out);
}

static void test_t0_template_check_text_unknown_placeholder(void **state)
{
    (void)state;
    size_t off = 0;
    char msg[200];
    const char *text = "ok {{review_month}} then {{nope}}";
    assert_false(t0_template_check_text(text, strlen(text), &off, msg, sizeof msg));
    /* "ok " (3) + "{{review_month}}" (16) + " then " (6) = 25 */
    assert_int_equal(off, 25);
    assert_string_equal(msg, "unknown placeholder '{{nope}}'");
}

static void test_t0_template_check_text_unbalanced(void **state)
{
    (void)state;
    size_t off = 0;
    char msg[200];
    assert_false(t0_template_check_text("{{#met}}x", 9, &off, msg, sizeof msg));
    assert_int_equal(off, 0);
    assert_string_equal(msg, "section '{{#met}}' is never closed");
    assert_false(t0_template_check_text("x{{/met}}", 9, &off, msg, sizeof msg));
    assert_int_equal(off, 1);
    assert_false(t0_template_check_text("{{#nosuchflag}}{{/nosuchflag}}", 30, &off, msg,
                                        sizeof msg));
    assert_string_equal(msg, "unknown flag '{{#nosuchflag}}'");
    assert_false(t0_template_check_text("a {{title", 9, &off, msg, sizeof msg));
    assert_int_equal(off, 2);
    assert_true(t0_template_check_text("{{#met}}{{^freeze}}{{title}}{{/freeze}}{{/met}}",
                                       47, &off, msg, sizeof msg));
}

static void test_t0_template_load_unknown_placeholder_line(void **state)
{
    (void)state;
    struct t0_template *tpl = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    enum t0_status st =
        t0_template_load(T0_TEST_DATA "/template/unknown-placeholder", NULL, &tpl, &err);
    assert_int_equal(st, T0_EINPUT);
    assert_null(tpl);
    /* Line 6 of the file; the string's content starts in column 17 and
     * "{{slo_name}} reached {{attainment}}; " is 37 characters: column 54. */
    assert_int_equal(err.line, 6);
    assert_int_equal(err.column, 54);
    assert_string_equal(err.text, "unknown placeholder '{{foo}}'");
    assert_non_null(strstr(err.source, "unknown-placeholder/template.json"));
}

static void test_t0_template_load_unbalanced_line(void **state)
{
    (void)state;
    struct t0_template *tpl = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(
        t0_template_load(T0_TEST_DATA "/template/unbalanced", NULL, &tpl, &err),
        T0_EINPUT);
    /* Line 5; content from column 18, "{{#exhausted}}Budget gone." is 26: column 44. */
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 44);
    assert_string_equal(err.text, "'{{/met}}' does not close '{{#exhausted}}'");
}

static void test_t0_template_load_shipped(void **state)
{
    (void)state;
    struct t0_template *tpl = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_template_load("monthly-review", NULL, &tpl, &err), T0_OK);
    size_t n = 0;
    const enum t0_section *secs = t0_template_sections(tpl, &n);
    assert_int_equal(n, 10);
    assert_int_equal(secs[0], T0_SECTION_COVER);
    assert_int_equal(secs[4], T0_SECTION_ALERTS); /* after the burn-down */
    assert_int_equal(secs[9], T0_SECTION_APPENDIX);
    assert_int_equal(t0_template_incident_log_max_rows(tpl), 100);
    assert_int_equal(t0_template_postmortems_max(tpl), 5);
    assert_non_null(t0_template_text(tpl, T0_TEXT_SUMMARY));
    /* #D55E00: 0xD5 = 213 -> 213/255 */
    assert_true(t0_template_theme(tpl)->exhausted.r > 0.835 &&
                t0_template_theme(tpl)->exhausted.r < 0.836);
    assert_string_equal(t0_template_theme(tpl)->font_mono, "DejaVu Sans Mono");
    t0_template_free(tpl);

    assert_int_equal(t0_template_load("postmortem", NULL, &tpl, &err), T0_OK);
    assert_true(t0_template_has_section(tpl, T0_SECTION_CONTEXT));
    assert_false(t0_template_has_section(tpl, T0_SECTION_COVER));
    assert_int_equal(t0_template_postmortems_max(tpl), 1);
    t0_template_free(tpl);
}

static void test_t0_template_load_not_found(void **state)
{
    (void)state;
    struct t0_template *tpl = NULL;
    struct t0_error err;
    t0_error_clear(&err);
    assert_int_equal(t0_template_load("no-such-template-here", NULL, &tpl, &err),
                     T0_EINPUT);
    assert_null(tpl);
    assert_string_equal(err.source, "no-such-template-here");
    t0_template_free(NULL);
}

/* A PNG of w x h as its header declares it, with an empty image body: what
 * t0_template_check_png sees without decoding. */
static size_t fake_png(unsigned char *buf, uint32_t w, uint32_t h, bool with_end)
{
    static const unsigned char head[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                                           0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    static const unsigned char end[12] = {0,   0,   0,    0,    'I',  'E',
                                          'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    size_t n = 0;
    memcpy(buf, head, 16);
    n = 16;
    const unsigned char dims[8] = {w >> 24, w >> 16, w >> 8, w,
                                   h >> 24, h >> 16, h >> 8, h};
    memcpy(buf + n, dims, 8);
    n += 8;
    memset(buf + n, 0, 9); /* depth, colour, methods, CRC: not checked here */
    n += 9;
    if (with_end) {
        memcpy(buf + n, end, 12);
        n += 12;
    }
    return n;
}

static void test_t0_template_check_png_bounds(void **state)
{
    (void)state;
    unsigned char png[64];
    char msg[200];
    assert_true(t0_template_check_png(png, fake_png(png, 64, 16, true), msg, sizeof msg));
    /* 8192 a side is the cap; 8192 x 2048 = 16 Mi pixels is the most in all. */
    assert_true(
        t0_template_check_png(png, fake_png(png, 8192, 2048, true), msg, sizeof msg));
    assert_false(
        t0_template_check_png(png, fake_png(png, 8193, 1, true), msg, sizeof msg));
    assert_false(
        t0_template_check_png(png, fake_png(png, 8192, 2049, true), msg, sizeof msg));
    assert_non_null(strstr(msg, "declares 8192x2049 pixels"));
    assert_false(
        t0_template_check_png(png, fake_png(png, 20000, 20000, true), msg, sizeof msg));
    assert_false(t0_template_check_png(png, fake_png(png, 0, 5, true), msg, sizeof msg));
    /* No end chunk: truncated. */
    assert_false(
        t0_template_check_png(png, fake_png(png, 64, 16, false), msg, sizeof msg));
    assert_non_null(strstr(msg, "truncated"));
    /* Not a PNG at all, or only its signature. */
    assert_false(
        t0_template_check_png((const unsigned char *)"GIF89a", 6, msg, sizeof msg));
    assert_string_equal(msg, "is not a PNG file");
    assert_false(t0_template_check_png(png, 8, msg, sizeof msg));
    assert_false(t0_template_check_png(png, 0, msg, sizeof msg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_template_expand_placeholders),
        cmocka_unit_test(test_t0_template_expand_flags),
        cmocka_unit_test(test_t0_template_expand_is_text_only),
        cmocka_unit_test(test_t0_template_check_text_unknown_placeholder),
        cmocka_unit_test(test_t0_template_check_text_unbalanced),
        cmocka_unit_test(test_t0_template_load_unknown_placeholder_line),
        cmocka_unit_test(test_t0_template_load_unbalanced_line),
        cmocka_unit_test(test_t0_template_load_shipped),
        cmocka_unit_test(test_t0_template_load_not_found),
        cmocka_unit_test(test_t0_template_check_png_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
