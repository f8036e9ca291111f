/* config_alerts.h: reading an SLO's "alerts" and "rolling_days" (definitions.md §9,
 * rule 11.10). */
#ifndef TIERZERO_CONFIG_ALERTS_H
#define TIERZERO_CONFIG_ALERTS_H

#include <jansson.h>

#include "tierzero/config.h"

/* Reads slos[index].alerts and slos[index].rolling_days of obj into slo
 * (absent or null: the defaults). Errors T0_EINPUT naming source and the
 * JSON path; T0_ENOMEM. */
enum t0_status t0_config_read_burn(struct t0_slo *slo, const json_t *obj, size_t index,
                                   const char *source, struct t0_error *err);

/* Frees slo's alert rules. */
void t0_config_release_burn(struct t0_slo *slo);

#endif
