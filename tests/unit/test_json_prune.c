/* test_json_prune.c: the rewrite that leaves out the members no mapper reads, and its
 * checks of what it leaves out against Jansson's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "json_prune.h"
#include "tierzero/ingest.h"

static bool jansson_takes(const char *s, size_t n)
{
    json_error_t je;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    json_decref(v);
    return v != NULL;
}

/* Values the check passes: Jansson takes each of them too. */
static void test_check_value_accepts(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "\"a\\\"]}{[\\\\\"",                             /* brackets and escaped quotes */
        "[\"]\", \"}\", \"\\\"[\", {\"k\": \"{\"}]",     /* brackets inside strings */
        "\"\\u00e9\\ud83d\\ude00 caf\\u00C9\"",          /* escapes, a surrogate pair */
        "\"caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80\"", /* 2-, 3- and 4-byte UTF-8 */
        "\"\\/\\b\\f\\n\\r\\t\"",
        "[-0, 0, 1.5e10, -2.25E-3, 123456789012345678, 1e99, 0.000001, 1E+2]",
        "[{}, [], \"\", {\"a\": {}}, true, false, null]",
        " \t\r\n{\"x\" : [1 , {\"y\":\"}\"}] , \"z\":null}\n",
        /* the same key in objects apart */
        "{\"a\": {\"a\": {\"a\": 1}}, \"b\": [{\"a\": 1}, {\"a\": 2}]}",
        "{\"ab\": 1, \"a\": 2, \"b\": 3}",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (!t0_jp_check_value(ok[i], strlen(ok[i])))
            fail_msg("refused: %s", ok[i]);
        assert_true(jansson_takes(ok[i], strlen(ok[i])));
    }
}

/* Values Jansson refuses: the check refuses every one. */
static void test_check_value_refuses_what_jansson_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\"a\\u0000b\"",      /* \u0000 without JSON_ALLOW_NUL */
        "{\"a\\u0000\": 1}",  /* in a key */
        "\"\\ud800\"",        /* a high surrogate alone */
        "\"\\ud800\\u0041\"", /* followed by no low one */
        "\"\\udc00x\"",       /* a low surrogate alone */
        "\"\\x41\"",          /* an unknown escape */
        "\"\\u12\"",          /* a short \u */
        "\"\\u12G4\"",        /* not hex */
        "\"a\tb\"",           /* a raw control character */
        "\"a\x01\"",          /* another */
        "\"a\xff"
        "b\"",                  /* not UTF-8 */
        "\"a\xc0\xaf\"",        /* an overlong encoding */
        "\"\xed\xa0\x80\"",     /* a surrogate encoded in UTF-8 */
        "\"\xf4\x90\x80\x80\"", /* past U+10FFFF */
        "\"\xe2\x98\"",         /* a truncated character */
        "{\"a\": 1, \"a\": 2}", /* duplicate keys */
        "[{\"b\": {\"a\": 1, \"c\": 0, \"a\": 2}}]",
        "[1, 2,]",
        "{\"a\": 1,}",
        "[01]",
        "[1.]",
        "[.5]",
        "[1e]",
        "[-]",
        "[+1]",
        "[0x10]",
        "[NaN]",
        "[tru]",
        "[nulll]",
        "[true false]",
        "\"abc",
        "[1, 2}",
        "{\"a\" 1}",
        "{a: 1}",
        "['a']",
        "1 2",
        "[1e400]",
        "[-12345678901234567890]",
        "",
        "   ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(jansson_takes(bad[i], strlen(bad[i])));
        if (t0_jp_check_value(bad[i], strlen(bad[i])))
            fail_msg("passed: %s", bad[i]);
    }
}

/* What Jansson takes but the check is not sure of: it gives up (the record is
 * then parsed whole). */
static void test_check_value_gives_up_when_unsure(void **state)
{
    (void)state;
    static const char *const unsure[] = {
        "{\"a\": 1, \"\\u0062\": 2}", /* an escaped key: compared decoded by Jansson */
        "[1234567890123456789]",      /* 19 digits: json_int_t may hold it or not */
        "[1e100]",                    /* a three-digit exponent */
    };
    for (size_t i = 0; i < sizeof unsure / sizeof unsure[0]; i++) {
        assert_true(jansson_takes(unsure[i], strlen(unsure[i])));
        assert_false(t0_jp_check_value(unsure[i], strlen(unsure[i])));
    }
}

static char *nested(size_t depth)
{
    char *s = malloc(2 * depth + 1);
    assert_non_null(s);
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    s[2 * depth] = '\0';
    return s;
}

/* Nesting up to T0_JP_MAX_DEPTH is checked; deeper gives up, however deep
 * (no recursion past the limit). */
static void test_check_value_depth(void **state)
{
    (void)state;
    char *ok = nested(T0_JP_MAX_DEPTH), *deep = nested(T0_JP_MAX_DEPTH + 1),
         *very = nested(100000);
    assert_true(t0_jp_check_value(ok, strlen(ok)));
    assert_true(jansson_takes(deep, strlen(deep)));
    assert_false(t0_jp_check_value(deep, strlen(deep)));
    assert_false(t0_jp_check_value(very, strlen(very)));
    very[100000] = '}'; /* mismatched, deep down */
    assert_false(t0_jp_check_value(very, strlen(very)));
    free(ok);
    free(deep);
    free(very);
}

/* ---- the rewrite ---- */

static const char *const reads[] = {"id", "severity.name", "items[].text", "list[]",
                                    NULL};

/* Rewrites s by reads: the text, or NULL when the rewrite gives up (new). */
static char *prune(const char *s)
{
    struct t0_jp_spec *spec = t0_jp_spec_new(reads);
    assert_non_null(spec);
    struct t0_dynbuf out;
    t0_dynbuf_init(&out, SIZE_MAX);
    char *text = NULL;
    struct t0_jp_member keys[T0_JP_MAX_MEMBERS];
    int n_keys = -1;
    if (t0_jp_prune(spec, s, strlen(s), &out, keys, T0_JP_MAX_MEMBERS, &n_keys))
        text = strdup(out.data);
    /* the same by the members */
    struct t0_jp_member m[T0_JP_MAX_MEMBERS];
    int n = t0_jp_members(s, strlen(s), m, T0_JP_MAX_MEMBERS);
    if (n >= 0 && t0_jp_prune_members(spec, m, n, &out)) {
        assert_non_null(text);
        assert_string_equal(out.data, text);
        assert_int_equal(n_keys, n); /* the keys the rewrite saw are the members' */
        for (int i = 0; i < n; i++) {
            assert_int_equal(keys[i].key_len, m[i].key_len);
            assert_memory_equal(keys[i].key, m[i].key, m[i].key_len);
        }
    } else if (n >= 0) {
        assert_null(text);
    }
    t0_dynbuf_free(&out);
    t0_jp_spec_free(spec);
    if (text) { /* parsed without the duplicate check: it must hold none */
        json_error_t je;
        json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
        if (!v)
            assert_int_not_equal(json_error_code(&je), json_error_duplicate_key);
        json_decref(v);
    }
    return text;
}

static void assert_pruned(const char *in, const char *want)
{
    char *got = prune(in);
    if (!got)
        fail_msg("gave up on %s", in);
    assert_string_equal(got, want);
    free(got);
}

static void assert_gives_up(const char *in)
{
    char *got = prune(in);
    if (got)
        fail_msg("rewrote %s as %s", in, got);
}

static void test_prune_keeps_what_is_read(void **state)
{
    (void)state;
    /* Worked out by hand: the top level keeps every key (null when not read);
     * severity keeps name; each object of items keeps text, other elements
     * stay as they are; list[] keeps its elements whole. */
    assert_pruned(
        "{\"id\": \"a\\\"}{[\", \"extra\": {\"x\": [1, \"]\"]}, "
        "\"severity\": {\"id\": 1, \"name\": \"High\", \"rank\": [2]}, "
        "\"items\": [{\"text\": \"t\", \"at\": 1}, 5, {\"at\": 2}, [{\"x\": 1}]], "
        "\"list\": [{\"a\": 1}], \"n\": 1}",
        "{\"id\":\"a\\\"}{[\",\"extra\":null,\"severity\":{\"name\":\"High\"},"
        "\"items\":[{\"text\":\"t\"},5,{},[{\"x\": 1}]],\"list\":[{\"a\": 1}],"
        "\"n\":null}");
    /* White space outside kept values goes; inside them it stays. */
    assert_pruned(
        " {\n \"severity\" :\t{ \"rank\" : 1 , \"name\" : \"a b\" } , \"id\" : [ 1 ]"
        " }\r\n",
        "{\"severity\":{\"name\":\"a b\"},\"id\":[ 1 ]}");
    assert_pruned("{}", "{}");
    assert_pruned("{\"severity\": {}, \"items\": []}", "{\"severity\":{},\"items\":[]}");
    /* A value of another type than the paths expect is kept whole: the
     * mapper's message names its type. */
    assert_pruned(
        "{\"severity\": [{\"name\": 1, \"x\": 2}], \"items\": {\"text\": 1, \"y\": 2}}",
        "{\"severity\":[{\"name\": 1, \"x\": 2}],\"items\":{\"text\": 1, \"y\": 2}}");
    /* Nesting left out up to the limit. */
    char in[512], want[64];
    char *deep = nested(T0_JP_MAX_DEPTH);
    snprintf(in, sizeof in, "{\"x\": %s, \"id\": 1}", deep);
    snprintf(want, sizeof want, "{\"x\":null,\"id\":1}");
    assert_pruned(in, want);
    free(deep);
}

/* The rewritten text parses to the record's own tree, but for what is left out. */
static void test_prune_parses_as_the_record(void **state)
{
    (void)state;
    const char *in =
        "{\"id\": \"x\\u00e9\\ud83d\\ude00\", \"severity\": {\"name\": \"S\", "
        "\"rank\": 3}, \"items\": [{\"text\": \"a\\nb\", \"at\": [1]}], "
        "\"other\": {\"k\": \"v\"}}";
    char *out = prune(in);
    assert_non_null(out);
    json_t *full = json_loads(in, JSON_REJECT_DUPLICATES, NULL);
    json_t *kept = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(full);
    assert_non_null(kept);
    assert_true(json_equal(json_object_get(full, "id"), json_object_get(kept, "id")));
    assert_true(json_is_null(json_object_get(kept, "other")));
    assert_int_equal(json_object_size(kept), json_object_size(full));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(kept, "severity"), "name")),
        "S");
    assert_null(json_object_get(json_object_get(kept, "severity"), "rank"));
    json_t *item = json_array_get(json_object_get(kept, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(item, "text")), "a\nb");
    assert_int_equal(json_object_size(item), 1);
    json_decref(full);
    json_decref(kept);
    free(out);
}

/* A record whose left-out part Jansson would refuse is never rewritten. */
static void test_prune_gives_up_on_what_it_leaves_out(void **state)
{
    (void)state;
    assert_gives_up("{\"id\": 1, \"extra\": \"a\\u0000b\"}");
    assert_gives_up("{\"id\": 1, \"extra\": [01]}");
    assert_gives_up("{\"id\": 1, \"extra\": \"\\ud800\"}");
    assert_gives_up("{\"id\": 1, \"extra\": {\"a\": 1, \"a\": 2}}");
    assert_gives_up("{\"id\": 1, \"extra\": [1, 2,]}");
    assert_gives_up("{\"id\": 1, \"extra\": \"\xff\"}");
    assert_gives_up("{\"severity\": {\"rank\": [tru], \"name\": \"a\"}}");
    assert_gives_up("{\"severity\": {\"rank\": 1, \"rank\": 2}}");
    assert_gives_up("{\"severity\": {\"name\": \"a\", \"name\": \"b\"}}");
    assert_gives_up("{\"severity\": {\"rank\": \"a\tb\"}}");
    assert_gives_up("{\"severity\": {\"r\\u0061nk\": 1}}");
    assert_gives_up("{\"items\": [{\"text\": 1, \"at\": {\"x\": 1, \"x\": 1}}]}");
    assert_gives_up("{\"items\": [{\"at\": 1,}]}");
    /* a key with an escape at the top level: recognised by Jansson's decoding */
    assert_gives_up("{\"i\\u0064\": 1}");
    /* not one object */
    assert_gives_up("[{\"id\": 1}]");
    assert_gives_up("{\"id\": 1} {\"id\": 2}");
    assert_gives_up("{\"id\": 1} x");
    assert_gives_up("{\"id\": 1");
    assert_gives_up("{\"id\": 1,}");
    char in[300];
    char *deep = nested(T0_JP_MAX_DEPTH + 1);
    snprintf(in, sizeof in, "{\"x\": %s, \"id\": 1}", deep);
    assert_gives_up(in);
    free(deep);
}

/* The rewritten text is parsed without Jansson's duplicate check: a
 * duplicate key anywhere, kept or not, makes the rewrite give up. */
static void test_prune_gives_up_on_duplicate_keys_anywhere(void **state)
{
    (void)state;
    assert_gives_up("{\"id\": 1, \"id\": 2}");                         /* top level */
    assert_gives_up("{\"n\": 1, \"id\": 2, \"n\": 3}");                /* not read */
    assert_gives_up("{\"id\": {\"a\": 1, \"a\": 2}}");                 /* kept whole */
    assert_gives_up("{\"list\": [{\"a\": 1}, {\"b\": 1, \"b\": 2}]}"); /* list[] */
    assert_gives_up("{\"severity\": [{\"a\": 1, \"a\": 2}]}");         /* another type */
    assert_gives_up("{\"items\": [[{\"a\": 1, \"a\": 2}]]}"); /* not an object of items */
    assert_gives_up("{\"items\": [{\"text\": {\"a\": 1, \"a\": 2}}]}");
    assert_pruned("{\"id\": {\"a\": 1, \"b\": {\"a\": 2}}}",
                  "{\"id\":{\"a\": 1, \"b\": {\"a\": 2}}}");
}

/* A kept value is copied as written: when it is malformed, the rewritten text
 * is too, Jansson refuses it, and the record is parsed whole. */
static void test_prune_keeps_malformed_kept_values_malformed(void **state)
{
    (void)state;
    static const char *const in[] = {
        "{\"id\": [01], \"n\": 1}",
        "{\"id\": \"a\\u0000\", \"n\": 1}",
        "{\"id\": [1, 2}, \"n\": 1}",
        "{\"id\": 1x, \"n\": 1}",
        "{\"id\": 1, \"id\": 2}", /* duplicate top-level keys stay for Jansson */
        "{\"severity\": {\"name\": [tru]}}",
    };
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        assert_false(jansson_takes(in[i], strlen(in[i])));
        char *out = prune(in[i]);
        if (out) {
            if (jansson_takes(out, strlen(out)))
                fail_msg("%s became %s", in[i], out);
            free(out);
        }
    }
}

static void test_members(void **state)
{
    (void)state;
    struct t0_jp_member m[4];
    const char *s = " {\"a\": [1, \"]\"], \"bc\" : {\"d\": \"}\"}, \"e\":null}\n";
    assert_int_equal(t0_jp_members(s, strlen(s), m, 4), 3);
    assert_int_equal(m[0].key_len, 1);
    assert_memory_equal(m[0].value, "[1, \"]\"]", m[0].value_len);
    assert_int_equal(m[1].key_len, 2);
    assert_memory_equal(m[1].value, "{\"d\": \"}\"}", m[1].value_len);
    assert_memory_equal(m[2].value, "null", m[2].value_len);
    assert_true(t0_jp_has(m, 3, "bc"));
    assert_false(t0_jp_has(m, 3, "b"));
    assert_int_equal(t0_jp_members(s, strlen(s), m, 2), -1); /* more than max */
    assert_int_equal(t0_jp_members("{}", 2, m, 4), 0);
    assert_int_equal(t0_jp_members("[]", 2, m, 4), -1);
    assert_int_equal(t0_jp_members("{\"a\": 1} 2", 10, m, 4), -1);
    assert_int_equal(t0_jp_members("{\"a\\\"\": 1}", 11, m, 4), -1);
    assert_int_equal(t0_jp_members("{\"a\": [1}", 9, m, 4), -1);
}

/* A path and a longer one under it: the member is kept whole; a member an
 * array in one path and an object in another is kept whole. */
static void test_spec_overlaps(void **state)
{
    (void)state;
    static const char *const paths[] = {"a.b", "a", "c[].x", "c.y", NULL};
    struct t0_jp_spec *spec = t0_jp_spec_new(paths);
    assert_non_null(spec);
    struct t0_dynbuf out;
    t0_dynbuf_init(&out, SIZE_MAX);
    const char *s = "{\"a\": {\"b\": 1, \"z\": 2}, \"c\": [{\"x\": 1, \"w\": 2}]}";
    assert_true(t0_jp_prune(spec, s, strlen(s), &out, NULL, 0, NULL));
    assert_string_equal(out.data,
                        "{\"a\":{\"b\": 1, \"z\": 2},\"c\":[{\"x\": 1, \"w\": 2}]}");
    t0_dynbuf_free(&out);
    t0_jp_spec_free(spec);
}

/* ---- through the reader: what is left out changes no reading ---- */

static const char io_record[] =
    "{\"id\": \"01X\", \"reference\": \"INC-%d\", \"name\": \"Down\", \"mode\": "
    "\"standard\", "
    "\"created_at\": \"2026-03-01T10:03:00Z\", \"incident_status\": {\"id\": \"s\", "
    "\"category\": \"closed\"}, \"severity\": {\"id\": %s, \"name\": \"Critical\", "
    "\"rank\": 3}, \"incident_timestamp_values\": [{\"incident_timestamp\": {\"id\": "
    "\"t\", "
    "\"name\": \"Resolved\", \"rank\": 4}, \"value\": {\"value\": "
    "\"2026-03-01T11:00:00Z\"}}],"
    " \"custom_field_entries\": [{\"custom_field\": {\"id\": \"c\", \"name\": \"Affected "
    "services\"}, \"values\": [{\"value_option\": {\"id\": \"o\", \"value\": "
    "\"API\"}}]}], "
    "\"summary\": %s}\n";

/* Reads NDJSON lines of incident.io records whose severity.id and summary (not
 * read) are the given texts. */
static struct t0_dataset *read_lines(const char *const *ids, const char *const *summaries,
                                     size_t n)
{
    char path[] = "/tmp/t0_prune_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, io_record, (int)i + 1, ids[i], summaries[i]);
    fclose(f);
    struct t0_dataset *ds = t0_dataset_new();
    struct t0_error err;
    t0_error_clear(&err);
    struct t0_limits lim = {.threads = 1};
    if (t0_read_incidents(ds, path, &lim, &err) != T0_OK)
        fail_msg("%s", err.text);
    unlink(path);
    return ds;
}

static const char *reason_of(const struct t0_dataset *ds, size_t index)
{
    const struct t0_input_report *in = &ds->incidents_input;
    for (size_t i = 0; i < in->rejected; i++)
        if (in->rejected_records[i].index == index)
            return in->rejected_records[i].reason;
    return NULL;
}

static void test_reading_left_out_values(void **state)
{
    (void)state;
    static const char *const ids[] = {
        "\"s1\"", "\"s1\"", "\"s1\"",       "{\"a\": 1, \"a\": 2}",
        "\"s1\"", "[01]",   "\"s\\ud800\"", "\"s1\""};
    static const char *const summaries[] = {"\"fine: \\\"}]\\u00e9\"",
                                            "\"a\\u0000b\"",
                                            "[1, 2,]",
                                            "null",
                                            "[1e400]",
                                            "null",
                                            "null",
                                            "{\"k\": [true, false, null]}"};
    struct t0_dataset *ds = read_lines(ids, summaries, 8);
    const struct t0_input_report *in = &ds->incidents_input;
    assert_int_equal(in->read, 8);
    assert_int_equal(in->accepted, 2);
    assert_int_equal(in->rejected, 6);
    /* accepted: the first and the last, as read whole */
    assert_string_equal(ds->incidents[0].id, "INC-1");
    assert_string_equal(ds->incidents[1].id, "INC-8");
    for (size_t i = 0; i < 2; i++) {
        const struct t0_incident *inc = &ds->incidents[i];
        assert_string_equal(inc->title, "Down");
        assert_int_equal(inc->impact, T0_IMPACT_MAJOR);
        assert_int_equal(inc->started_at, INT64_C(1772359380000)); /* created_at */
        assert_int_equal(inc->resolved_at, INT64_C(1772362800000));
        assert_int_equal(inc->services.count, 1);
        assert_string_equal(t0_symtab_name(ds->symbols, inc->services.items[0]), "API");
    }
    /* each rejected as a whole parse rejects it */
    assert_non_null(strstr(reason_of(ds, 1), "\\u0000"));
    assert_non_null(strstr(reason_of(ds, 2), "invalid JSON"));
    assert_non_null(strstr(reason_of(ds, 3), "duplicate object key"));
    assert_non_null(strstr(reason_of(ds, 4), "real number overflow"));
    assert_non_null(strstr(reason_of(ds, 5), "invalid JSON"));
    assert_non_null(strstr(reason_of(ds, 6), "surrogate"));
    t0_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_value_accepts),
        cmocka_unit_test(test_check_value_refuses_what_jansson_refuses),
        cmocka_unit_test(test_check_value_gives_up_when_unsure),
        cmocka_unit_test(test_check_value_depth),
        cmocka_unit_test(test_prune_keeps_what_is_read),
        cmocka_unit_test(test_prune_parses_as_the_record),
        cmocka_unit_test(test_prune_gives_up_on_what_it_leaves_out),
        cmocka_unit_test(test_prune_gives_up_on_duplicate_keys_anywhere),
        cmocka_unit_test(test_prune_keeps_malformed_kept_values_malformed),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_spec_overlaps),
        cmocka_unit_test(test_reading_left_out_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
