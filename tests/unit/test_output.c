/* test_output.c: atomic output files: signals remove the temporaries being
 * written; a later run removes stale temporaries of its own names only. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tierzero/output.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/t0-output-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* A child opens a temporary, tells the parent its name through a pipe and
 * waits; the parent sends sig. The child must end by sig, its file gone. */
static void killed_while_writing(int sig)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        t0_atomic_catch_signals(NULL);
        char path[128];
        snprintf(path, sizeof path, "%s/review.pdf", dir);
        struct t0_atomic out;
        if (t0_atomic_open(&out, path, NULL) != T0_OK)
            _exit(99);
        fputs("half a document", out.fp);
        fflush(out.fp);
        size_t n = strlen(out.tmp_path) + 1;
        if (write(fds[1], out.tmp_path, n) != (ssize_t)n)
            _exit(98);
        for (;;)
            pause();
    }
    close(fds[1]);
    char tmp[256] = "";
    ssize_t got = 0, r;
    while ((r = read(fds[0], tmp + got, sizeof tmp - 1 - (size_t)got)) > 0)
        if (memchr(tmp + got, '\0', (size_t)r)) {
            got += r;
            break;
        } else {
            got += r;
        }
    close(fds[0]);
    assert_true(got > 0);
    assert_true(exists(tmp));
    assert_int_equal(kill(pid, sig), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), sig);
    assert_false(exists(tmp));
    char final[128];
    snprintf(final, sizeof final, "%s/review.pdf", dir);
    assert_false(exists(final));
}

static void test_t0_atomic_sigterm_removes_temporary(void **state)
{
    (void)state;
    killed_while_writing(SIGTERM);
}

static void test_t0_atomic_sigint_removes_temporary(void **state)
{
    (void)state;
    killed_while_writing(SIGINT);
}

static char noted[4][256];
static size_t n_noted;

static void note(const char *path)
{
    if (n_noted < 4)
        snprintf(noted[n_noted], sizeof noted[0], "%s", path);
    n_noted++;
}

static void make_file(const char *name, time_t mtime)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    close(fd);
    struct timeval tv[2] = {{mtime, 0}, {mtime, 0}};
    assert_int_equal(utimes(path, tv), 0);
}

static bool left(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return exists(path);
}

static void test_t0_atomic_open_removes_stale_temporaries(void **state)
{
    (void)state;
    time_t old = time(NULL) - 3600, future = time(NULL) + 3600;
    make_file(".review.pdf.AbC123", old);    /* stale: removed */
    make_file(".review.pdf.LoCk3d", old);    /* locked by a live run: kept */
    make_file(".review.pdf.FuTuR3", future); /* written after this run began */
    make_file(".review.pdf.toolong", old);   /* not a temporary name */
    make_file(".other.pdf.AbC123", old);     /* another document's */
    make_file("review.pdf.AbC123", old);     /* not hidden */
    char locked[256];
    snprintf(locked, sizeof locked, "%s/.review.pdf.LoCk3d", dir);
    int lock = open(locked, O_RDONLY);
    assert_true(lock >= 0);
    assert_int_equal(flock(lock, LOCK_EX), 0);

    n_noted = 0;
    t0_atomic_catch_signals(note);
    char path[256];
    snprintf(path, sizeof path, "%s/review.pdf", dir);
    struct t0_atomic out;
    assert_int_equal(t0_atomic_open(&out, path, NULL), T0_OK);
    fputs("whole", out.fp);
    assert_int_equal(t0_atomic_commit(&out, NULL), T0_OK);
    close(lock);

    assert_int_equal(n_noted, 1);
    char want[256];
    snprintf(want, sizeof want, "%s/.review.pdf.AbC123", dir);
    assert_string_equal(noted[0], want);
    assert_false(left(".review.pdf.AbC123"));
    assert_true(left(".review.pdf.LoCk3d"));
    assert_true(left(".review.pdf.FuTuR3"));
    assert_true(left(".review.pdf.toolong"));
    assert_true(left(".other.pdf.AbC123"));
    assert_true(left("review.pdf.AbC123"));
    assert_true(left("review.pdf"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_t0_atomic_sigterm_removes_temporary, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_atomic_sigint_removes_temporary, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_t0_atomic_open_removes_stale_temporaries,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
