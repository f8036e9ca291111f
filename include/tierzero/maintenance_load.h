/* maintenance_load.h: maintenance windows read from the configuration and from Statuspage
 * files. */
#ifndef TIERZERO_MAINTENANCE_LOAD_H
#define TIERZERO_MAINTENANCE_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/maintenance.h"

struct json_t;

/*
 * The configuration's "maintenance" list (definitions.md §10, rule 11.8), appended to
 * list: one-off windows {"from", "to", "services", "reason"} (RFC 3339, to
 * after from) and weekly rules {"weekly": {"day", "from", "to"}, "services",
 * "reason"}. root is the configuration object (borrowed); absent or null
 * "maintenance" adds nothing. Errors T0_EINPUT naming source and the JSON
 * path ("maintenance[2].weekly.day"), T0_ENOMEM.
 */
enum t0_status t0_maint_read_config(struct t0_maint_list *list, const struct json_t *root,
                                    const char *source, struct t0_error *err);

/* What one scheduled-maintenances file gave. */
struct t0_maint_file_report {
    size_t read;    /* entries of scheduled_maintenances */
    size_t used;    /* windows added */
    size_t ignored; /* end not after start (definitions.md rule 11.8) */
};

/*
 * A Statuspage scheduled-maintenances.json ({"page": ..., "scheduled_maintenances":
 * [...]}, "-" for standard input, gzip-compressed or not: recognised by its
 * magic bytes; over 256 MiB inflated, an input error), appended to list: each maintenance
 * occupies [started_at else scheduled_for, resolved_at else scheduled_until)
 * on its components[].name, with its name as the reason. An entry whose end
 * is not after its start is ignored; a malformed entry, or components that
 * are not objects with a string name, is an input error (T0_EINPUT, the
 * file and the JSON path). report may be NULL.
 */
enum t0_status t0_maint_read_scheduled(struct t0_maint_list *list, const char *path,
                                       struct t0_maint_file_report *report,
                                       struct t0_error *err);

/* How one maintenance is read. */
struct t0_maint_read_options {
    /* Add a maintenance whose end is not after its start too (still counted
     * ignored): merge keeps it, so that a later version of the same id still
     * replaces an earlier one that had a window. Never for figures. */
    bool keep_ignored;
};

/*
 * One maintenance, as the files above and an incident history hold them, at
 * the JSON path `at` of source (for messages and the window's origin), added
 * to list as a window of kind scheduled with its name as the reason, its id
 * and its updated_at (ignored when it is not a valid time), and counted in
 * rep (read is the caller's). opt may be NULL.
 *
 * t0_maint_read_scheduled_entry: an entry of scheduled_maintenances (the
 * rules of t0_maint_read_scheduled). t0_maint_read_record: tierzero's own
 * maintenance record {"id", "name", "from", "to", "services", "updated_at"}
 * (from and to required RFC 3339 times; id and name strings or absent;
 * services a list of names, absent or null for every SLO), the value of a
 * history line {"maintenance": {...}} that merge writes.
 *
 * Either: an end not after the start is ignored; anything malformed is an
 * input error (T0_EINPUT naming source and the path, "at.from").
 */
enum t0_status t0_maint_read_scheduled_entry(struct t0_maint_list *list,
                                             const struct json_t *o, const char *source,
                                             const char *at,
                                             const struct t0_maint_read_options *opt,
                                             struct t0_maint_file_report *rep,
                                             struct t0_error *err);
enum t0_status t0_maint_read_record(struct t0_maint_list *list, const struct json_t *o,
                                    const char *source, const char *at,
                                    const struct t0_maint_read_options *opt,
                                    struct t0_maint_file_report *rep,
                                    struct t0_error *err);

#endif
