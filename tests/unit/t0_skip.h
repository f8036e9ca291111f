/* t0_skip.h: a test that cannot run is seen: the executable then exits 77,
 * which ctest reports as skipped and scripts/test.sh counts as a failure, so
 * a run that skipped a test is never green. */
#ifndef T0_SKIP_H
#define T0_SKIP_H

static int t0_skipped;

/* Skips the current test, saying why. */
#define t0_skip(why)                                                                     \
    do {                                                                                 \
        print_message("skipped: %s\n", why);                                             \
        t0_skipped = 1;                                                                  \
        skip();                                                                          \
    } while (0)

/* The exit status of a test executable: the failures, else 77 if any test
 * skipped, else 0. */
static inline int t0_test_status(int failed)
{
    return failed ? failed : t0_skipped ? 77 : 0;
}

#endif
