/* test_parse_pool.c: the default number of parsing threads for an input's size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "parse_pool.h"

#define MIB (UINT64_C(1) << 20)

static void test_t0_pp_workers_for_small_inputs_stay_on_one_thread(void **state)
{
    (void)state;
    /* 10,000 and 100,000 generated incidents are 8 and 81 MB: no worker
     * when the load is unknown */
    assert_int_equal(t0_pp_workers_for(0, 2, -1), 0); /* unknown size */
    assert_int_equal(t0_pp_workers_for(8 * 1000 * 1000, 2, -1), 0);
    assert_int_equal(t0_pp_workers_for(81465090, 2, -1), 0);
    assert_int_equal(t0_pp_workers_for(256 * MIB - 1, 64, -1), 0);
}

static void test_t0_pp_workers_for_large_inputs_use_the_other_processors(void **state)
{
    (void)state;
    /* one worker from 256 MiB on, one more for each 256 MiB */
    assert_int_equal(t0_pp_workers_for(256 * MIB, 2, -1), 1);
    assert_int_equal(t0_pp_workers_for(815654000, 2, -1), 1); /* 1,000,000 incidents */
    assert_int_equal(t0_pp_workers_for(815654000, 8, -1), 3);
    assert_int_equal(t0_pp_workers_for(768 * MIB, 8, -1), 3);
    assert_int_equal(t0_pp_workers_for(768 * MIB - 1, 8, -1), 2);
}

static void test_t0_pp_workers_for_never_more_than_the_processors(void **state)
{
    (void)state;
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, 1, -1), 0);
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, 0, -1), 0);
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, -1, -1), 0);
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, 2, -1), 1);
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, 4, -1), 3);
    /* at most 7 workers: 8 threads with the reading one */
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, 64, -1), 7);
    assert_int_equal(t0_pp_workers_for(UINT64_MAX, 64, -1), 7);
}

static void test_t0_pp_workers_for_idle_processors_take_smaller_inputs(void **state)
{
    (void)state;
    /* 2 processors, nothing else running: 100,000 incidents (81 MB) and
     * 10,000 (8 MB) get the idle one, 4 MiB - 1 (the sample's size and up to
     * about 5,000 incidents) does not. */
    assert_int_equal(t0_pp_workers_for(81465090, 2, 0), 1);
    assert_int_equal(t0_pp_workers_for(8 * 1000 * 1000, 2, 0), 1);
    assert_int_equal(t0_pp_workers_for(4 * MIB, 2, 0), 1);
    assert_int_equal(t0_pp_workers_for(4 * MIB - 1, 2, 0), 0);
    /* one other thread running: no processor idle, the size rule alone */
    assert_int_equal(t0_pp_workers_for(81465090, 2, 1), 0);
    assert_int_equal(t0_pp_workers_for(815654000, 2, 1), 1);
    /* 8 processors, 2 other threads: 5 idle; 12 MiB pays for 3 of them,
     * 1 GiB for the 5 (more than the size rule's 4) */
    assert_int_equal(t0_pp_workers_for(12 * MIB, 8, 2), 3);
    assert_int_equal(t0_pp_workers_for(1024 * MIB, 8, 2), 5);
    /* a very busy machine: never fewer than the size rule gives */
    assert_int_equal(t0_pp_workers_for(1024 * MIB, 8, 50), 4);
    assert_int_equal(t0_pp_workers_for(UINT64_C(1) << 40, 64, 0), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t0_pp_workers_for_small_inputs_stay_on_one_thread),
        cmocka_unit_test(test_t0_pp_workers_for_large_inputs_use_the_other_processors),
        cmocka_unit_test(test_t0_pp_workers_for_never_more_than_the_processors),
        cmocka_unit_test(test_t0_pp_workers_for_idle_processors_take_smaller_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
