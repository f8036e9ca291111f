/* output.h: writing output files atomically, and the document creation time. */
#ifndef TIERZERO_OUTPUT_H
#define TIERZERO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tierzero/error.h"
#include "tierzero/time.h"

/*
 * An output file written under a temporary name in the target directory and
 * renamed over the final name only when complete, so that a failed or killed
 * run never leaves a truncated document nor replaces a good one.
 *
 * @code
 *   struct t0_atomic out;
 *   if (t0_atomic_open(&out, "out/review.json", err) != T0_OK) return ...;
 *   fputs(text, out.fp);              // or write to out.tmp_path by name
 *   return t0_atomic_commit(&out, err); // or t0_atomic_abort(&out) on failure
 * @endcode
 */
struct t0_atomic {
    char *path;     /* new: final name */
    char *tmp_path; /* new: "<dir>/.<name>.XXXXXX", already created, empty */
    FILE *fp;       /* open for writing on tmp_path */
    int lock_fd;    /* when locked: holds a lock on tmp_path while it is written */
    bool locked;
};

/* Creates the temporary file, first removing stale temporaries of the same
 * name (see t0_atomic_catch_signals). T0_EOUTPUT when the directory is not
 * writable. */
enum t0_status t0_atomic_open(struct t0_atomic *out, const char *path,
                              struct t0_error *err);

/* Flushes, syncs, closes and renames over path. On any failure the
 * temporary file is removed, the old file left as it was, T0_EOUTPUT. */
enum t0_status t0_atomic_commit(struct t0_atomic *out, struct t0_error *err);

/* Closes and removes the temporary file; nothing else changes. Safe to call
 * after a failed commit or twice. */
void t0_atomic_abort(struct t0_atomic *out);

/*
 * For a program: SIGINT, SIGTERM and SIGHUP remove the temporaries being
 * written, then end the process as the signal would have (status 128 + the
 * signal's number in a shell). Also notes when this run started: a temporary
 * ".<name>.XXXXXX" found beside an output name by t0_atomic_open, last written
 * before that and locked by no live run, was left by a killed run; it is
 * removed and on_stale (may be NULL) told its path.
 */
void t0_atomic_catch_signals(void (*on_stale)(const char *path));

/* mkdir -p: creates dir and its missing parents (mode 0777 less the umask).
 * T0_EOUTPUT naming the first directory that cannot be made, or dir when it
 * exists and is not a directory. */
enum t0_status t0_output_make_dirs(const char *dir, struct t0_error *err);

/* Refuses to write over an input: T0_EOUTPUT naming path when it exists and
 * is the same file as one of inputs[0, n) (NULL entries and "-" skipped). */
enum t0_status t0_output_check_not_input(const char *path, const char *const *inputs,
                                         size_t n, struct t0_error *err);

/* The instant documents say they were made: SOURCE_DATE_EPOCH (seconds) when
 * set and valid, else the clock. */
t0_ms t0_creation_time(void);

/* The clock, in ms. */
t0_ms t0_now(void);

/* The directory of the running program (no trailing slash), new (free()),
 * or NULL: argv0 resolved when it holds a '/', else /proc/self/exe. Where
 * the program finds its templates and its drawing module. */
char *t0_program_dir(const char *argv0);

#endif
