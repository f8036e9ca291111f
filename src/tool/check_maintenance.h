/* check_maintenance.h: what `tierzero check` says of the maintenance windows it read. */
#ifndef TIERZERO_TOOL_CHECK_MAINTENANCE_H
#define TIERZERO_TOOL_CHECK_MAINTENANCE_H

#include <stdio.h>

#include "tierzero/config.h"
#include "tierzero/maintenance_load.h"
#include "tierzero/model.h"
#include "tierzero/time.h"

/* Lists to out every maintenance window and weekly rule read (definitions.md §10),
 * those that match no SLO, and windows that overlap or touch (they are
 * merged). files/reports: the --maintenance files (n of them). */
void t0_check_maintenance(FILE *out, const struct t0_config *cfg,
                          const struct t0_dataset *ds, const struct t0_zone *zone,
                          const char *const *files,
                          const struct t0_maint_file_report *reports, size_t n);

#endif
