/* maintenance_load.h: maintenance windows read from the configuration and from Statuspage
 * files. */
#ifndef TIERZERO_MAINTENANCE_LOAD_H
#define TIERZERO_MAINTENANCE_LOAD_H

#include <stddef.h>

#include "tierzero/error.h"
#include "tierzero/maintenance.h"

struct json_t;

/*
 * The configuration's "maintenance" list (SPEC 10, 11 rule 8), appended to
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
    size_t ignored; /* end not after start (SPEC 11 rule 8) */
};

/*
 * A Statuspage scheduled-maintenances.json ({"page": ..., "scheduled_maintenances":
 * [...]}, "-" for standard input), appended to list: each maintenance
 * occupies [started_at else scheduled_for, resolved_at else scheduled_until)
 * on its components[].name, with its name as the reason. An entry whose end
 * is not after its start is ignored; a malformed entry, or components that
 * are not objects with a string name, is an input error (T0_EINPUT, the
 * file and the JSON path). report may be NULL.
 */
enum t0_status t0_maint_read_scheduled(struct t0_maint_list *list, const char *path,
                                       struct t0_maint_file_report *report,
                                       struct t0_error *err);

#endif
