/* merge.h: one native NDJSON incident history merged from fetches of any shape
 * (definitions.md §7.1). */
#ifndef TIERZERO_MERGE_H
#define TIERZERO_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/ingest.h"
#include "tierzero/model.h"

/*
 * A status page serves only its latest incidents, so a history is kept by
 * merging each fetch into the history so far:
 *
 * @code
 *   const char *files[] = {"history.ndjson", "-"};
 *   struct t0_merge_options mo = {.since = T0_NO_TIME};
 *   struct t0_merge_result res;
 *   st = t0_merge_write("history.ndjson", files, 2, &mo, &res, err);
 * @endcode
 *
 * Every file is read whole first (any shape t0_read_incidents reads), so the
 * output may be one of the inputs; given as an input, the output before it
 * exists (or while it is empty) is an empty history. One record is kept per id: the one
 * with the later updated_at, else the one of the later file. The records are written in
 * the native format, one per line, ordered by start then id, with their updated_at, so
 * that merging the output with the same fetch again gives the same bytes.
 *
 * Maintenance (definitions.md §10) is kept so that the history gives the figures of its
 * fetches: an incident's windows (Statuspage under_maintenance components)
 * as its "maintenance" list, and every scheduled maintenance read (a
 * scheduled-maintenances.json or summary.json among the files, or the
 * history's own maintenance lines) as one line {"maintenance": {"id", "name",
 * "from", "to", "services", "updated_at"}} after the incidents, ordered by
 * start, end, then id; one per id as for incidents (without an id, one per
 * identical content). One whose end is not after its start is kept too, so
 * that it still replaces an earlier version of its id; reading ignores it.
 */

struct t0_merge_options {
    t0_ms since;                    /* T0_NO_TIME: keep all; else drop starts before it */
    bool strict;                    /* a rejected record is fatal: nothing is written */
    const struct t0_limits *limits; /* borrowed; NULL: the defaults */
    /* Called after each file is read, with what was read (rejections
     * included); NULL: not called. */
    void (*on_file)(void *ctx, const struct t0_input_report *in);
    void *ctx;
};

struct t0_merge_result {
    size_t read;     /* records read in every file */
    size_t rejected; /* of them rejected */
    size_t replaced; /* accepted records (maintenances too) whose id another record won */
    size_t before;   /* left out by since */
    size_t written;  /* incidents in the output */
    size_t maintenances; /* maintenance lines in the output (definitions.md §10) */
};

/* Reads files[0, n) ("-" is standard input) and writes the merged history
 * to out_path atomically. T0_EINPUT when a file cannot be read (or, strict,
 * has a rejected record), T0_EOUTPUT when the output cannot be written;
 * out_path is then left as it was. */
enum t0_status t0_merge_write(const char *out_path, const char *const *files, size_t n,
                              const struct t0_merge_options *opt,
                              struct t0_merge_result *res, struct t0_error *err);

#endif
