/* fuzz_common.h: what the libFuzzer harnesses share: the input as a named file. */
#ifndef TIERZERO_FUZZ_COMMON_H
#define TIERZERO_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * The readers under test take a path, so each harness writes its input into
 * an anonymous memory file (one per process, per slot, reused) and passes
 * /proc/self/fd/N. Nothing touches the disk. Returns the path (static
 * storage of the slot), or aborts: a harness that cannot set up is broken.
 */
static inline const char *t0_fuzz_file(int slot, const uint8_t *data, size_t size)
{
    static int fds[4] = {-1, -1, -1, -1};
    static char paths[4][64];
    if (slot < 0 || slot > 3)
        abort();
    if (fds[slot] < 0) {
        fds[slot] = memfd_create("tierzero-fuzz", MFD_CLOEXEC);
        if (fds[slot] < 0)
            abort();
        snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d", fds[slot]);
    }
    if (ftruncate(fds[slot], 0) != 0)
        abort();
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fds[slot], data + done, size - done, (off_t)done);
        if (n <= 0)
            abort();
        done += (size_t)n;
    }
    return paths[slot];
}

/* Small caps so that one input cannot make a run slow for its size. */
#define T0_FUZZ_LIMITS                                                                   \
    {                                                                                    \
        .max_input_bytes = 1 << 20, .max_record_bytes = 1 << 20,                         \
        .max_string_bytes = 64 << 10, .max_array_items = 4096                            \
    }

#endif
