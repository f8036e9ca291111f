/* ingest.h: reading incident and release files of every definitions.md §2 shape. */
#ifndef TIERZERO_INGEST_H
#define TIERZERO_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/config.h"
#include "tierzero/error.h"
#include "tierzero/model.h"

/* Caps that keep hostile input from taking the machine. 0 means the default. */
struct t0_limits {
    size_t max_input_bytes;  /* default 4 GiB */
    size_t max_record_bytes; /* one incident/release object; default 64 MiB */
    size_t max_string_bytes; /* one JSON string; default 16 MiB */
    size_t max_array_items;  /* services, updates, timeline ...; default 100000 */

    /* Not caps: how the file is read. */
    /* true: each incident's postmortem material (summary, root_cause,
     * trigger, resolution, lessons, timeline, action items) is checked but
     * left in the file, whose descriptor the dataset keeps (standard input:
     * its spool); t0_load_narrative reads it back for the incidents that a
     * document shows. Keeps memory well under the input's size. */
    bool defer_narrative;
    /* true: incidents' title, url, severity and cause are checked as usual
     * but not kept (title "", the others NULL), for a run whose output names
     * no incident (a summary, the gate, a check). */
    bool skip_labels;
    /* Called now and then while a file is read, with the bytes read so far
     * and the file's size (0 when unknown); NULL: not called. */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
    /* Threads a reading may use, the reading thread included: records are
     * parsed on the others and taken back in order, so the result is the
     * same for any number. 0: one, and one more for each 256 MiB of input,
     * at most one per processor (t0_pp_workers_for); 1: none. */
    unsigned threads;
    /* How vendor records map (the configuration's import block); NULL: the
     * built-in mappings. Borrowed. */
    const struct t0_import *import;
    /* true: each incident's updated_at is kept in ds->updated_at (merge), and
     * a maintenance whose end is not after its start is kept in
     * ds->maintenance too (no figure may then be made from it). */
    bool keep_updated_at;
    /* The deployment environment that counts (definitions.md §7.2); NULL: "production".
     */
    const char *environment;
};

/*
 * Reads incidents from path ("-" is standard input) into ds, detecting the
 * shape (definitions.md rule 3.1.2, §7.1, rule 11.1): native object, Statuspage list or
 * single incident, PagerDuty or incident.io list response, a top-level array
 * or NDJSON (each record of the shape its keys say: native, Statuspage,
 * PagerDuty, incident.io, Google Cloud), CSV; any of them gzip-compressed. Records are
 * parsed one at a time; the whole document is never held as a JSON tree. Rejected records
 * are listed in ds->incidents_input; read = accepted + rejected always. Returns T0_EINPUT
 * (with file:line:col or the path) when the file as a whole cannot be read: unreadable,
 * not JSON, or not one of the shapes.
 */
enum t0_status t0_read_incidents(struct t0_dataset *ds, const char *path,
                                 const struct t0_limits *limits, struct t0_error *err);

/* Reads releases (native {"releases": [...]}, native array, GitHub or GitLab
 * releases, GitHub deployments of limits->environment, Argo CD history) into
 * ds; as above, into ds->releases_input. */
enum t0_status t0_read_releases(struct t0_dataset *ds, const char *path,
                                const struct t0_limits *limits, struct t0_error *err);

/* Reads the postmortem material of ds->incidents[index] back from its input
 * into the dataset's arena (same values as a file read whole would give),
 * once: afterwards the incident's source is 0. Does nothing for an incident
 * whose fields are already in memory. T0_EINPUT when the input changed or
 * cannot be read any more. */
enum t0_status t0_load_narrative(struct t0_dataset *ds, size_t index,
                                 struct t0_error *err);

#endif
