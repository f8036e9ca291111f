/* test_injection.c: template texts cannot name files or commands; they only substitute
 * values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tierzero/template.h"

/* Tags that other template languages use to include files, run commands or
 * print raw values: every one is refused at load time (check_text) at the
 * tag's offset, which is 2 ("a " precedes each). */
static void test_t0_template_check_text_refuses_includes_and_commands(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "a {{> /etc/passwd}}",
        "a {{include /etc/passwd}}",
        "a {{$(id)}}",
        "a {{`id`}}",
        "a {{&title}}",
        "a {{{title}}}",
        "a {{!comment}}",
        "a {{=<% %>=}}",
        "a {{../../etc/passwd}}",
        "a {{title | sh}}",
        "a {{#/etc/passwd}}x{{//etc/passwd}}",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t off = 99;
        char msg[200] = "";
        bool ok =
            t0_template_check_text(texts[i], strlen(texts[i]), &off, msg, sizeof msg);
        if (ok)
            fail_msg("accepted: %s", texts[i]);
        assert_int_equal(off, 2);
        assert_true(msg[0] != '\0');
    }
}

/* Even unchecked, expansion reads nothing: an unknown tag expands to
 * nothing, and values are copied, never expanded again nor interpreted. */
static void test_t0_template_expand_reads_no_file(void **state)
{
    (void)state;
    struct t0_template_vars vars;
    memset(&vars, 0, sizeof vars);
    vars.values[T0_PH_TITLE] = "$(cat /etc/passwd) {{> /etc/passwd}}";
    char *out = t0_template_expand(
        "[{{> /etc/passwd}}|{{include /etc/hostname}}|{{title}}]", &vars);
    assert_non_null(out);
    /* "[" + "" + "|" + "" + "|" + the value verbatim + "]" */
    assert_string_equal(out, "[||$(cat /etc/passwd) {{> /etc/passwd}}]");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_template_check_text_refuses_includes_and_commands),
        cmocka_unit_test(test_t0_template_expand_reads_no_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
