/* test_dynbuf.c: the one growable buffer and its size cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dynbuf.h"

/* Bytes, text and formatted text add up, NUL-terminated, across growth. */
static void test_dynbuf_grows(void **state)
{
    (void)state;
    struct t0_dynbuf b;
    t0_dynbuf_init(&b, 100000);
    assert_true(t0_dynbuf_addstr(&b, "abc"));
    assert_true(t0_dynbuf_add(&b, "\0x", 2));
    assert_true(t0_dynbuf_printf(&b, "%d-%s", 42, "z"));
    assert_int_equal(b.len, 3 + 2 + 4);
    assert_memory_equal(b.data, "abc\0x42-z", 10); /* the NUL after len too */
    for (int i = 0; i < 1000; i++)
        assert_true(t0_dynbuf_addstr(&b, "0123456789"));
    assert_int_equal(b.len, 9 + 10000);
    assert_int_equal(b.data[b.len], '\0');
    assert_true(b.cap > b.len);
    char *s = t0_dynbuf_take(&b);
    assert_non_null(s);
    assert_int_equal(strlen(s), 3);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.toobig, 100000);
    free(s);
}

/* Exactly toobig bytes fit; one more fails the buffer for good, and take
 * gives NULL. */
static void test_dynbuf_cap(void **state)
{
    (void)state;
    struct t0_dynbuf b;
    t0_dynbuf_init(&b, 10);
    assert_true(t0_dynbuf_add(&b, "0123456789", 10));
    assert_false(t0_dynbuf_add(&b, "x", 1));
    assert_true(b.failed);
    assert_false(t0_dynbuf_addstr(&b, ""));
    assert_false(t0_dynbuf_printf(&b, "%s", "y"));
    assert_null(t0_dynbuf_take(&b));
    assert_false(b.failed);
    /* a size that would overflow len + n is refused, not wrapped */
    t0_dynbuf_init(&b, SIZE_MAX);
    assert_true(t0_dynbuf_add(&b, "ab", 2));
    assert_false(t0_dynbuf_add(&b, "c", SIZE_MAX - 1));
    assert_true(b.failed);
    t0_dynbuf_free(&b);
    /* printf past the cap */
    t0_dynbuf_init(&b, 4);
    assert_false(t0_dynbuf_printf(&b, "%s", "12345"));
    t0_dynbuf_free(&b);
}

/* An empty buffer takes as "", not NULL. */
static void test_dynbuf_empty(void **state)
{
    (void)state;
    struct t0_dynbuf b;
    t0_dynbuf_init(&b, 8);
    char *s = t0_dynbuf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

/* An array grows to hold what is asked, doubling from 16; a size that
 * would wrap is refused and the array left as it was. */
static void test_grow_array(void **state)
{
    (void)state;
    int *items = NULL;
    size_t cap = 0;
    assert_true(t0_grow((void **)&items, &cap, 1, sizeof *items));
    assert_int_equal(cap, 16);
    items[15] = 7;
    assert_true(t0_grow((void **)&items, &cap, 16, sizeof *items));
    assert_int_equal(cap, 16);
    assert_true(t0_grow((void **)&items, &cap, 17, sizeof *items));
    assert_int_equal(cap, 32);
    assert_int_equal(items[15], 7);
    assert_true(t0_grow((void **)&items, &cap, 100, sizeof *items));
    assert_int_equal(cap, 128);
    int *before = items;
    assert_false(t0_grow((void **)&items, &cap, SIZE_MAX / 2, sizeof *items));
    assert_ptr_equal(items, before);
    assert_int_equal(cap, 128);
    free(items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dynbuf_grows),
        cmocka_unit_test(test_dynbuf_cap),
        cmocka_unit_test(test_dynbuf_empty),
        cmocka_unit_test(test_grow_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
