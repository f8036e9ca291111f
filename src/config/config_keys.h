/* config_keys.h: warnings for the keys of a configuration file that tierzero does not
 * know. */
#ifndef TIERZERO_CONFIG_KEYS_H
#define TIERZERO_CONFIG_KEYS_H

#include <jansson.h>

#include "tierzero/config.h"

/* Adds to cfg's warnings one line for every key of root (borrowed), at any
 * depth, that the configuration does not know: its JSON path and the closest
 * known key ("slos[0].service: unknown key; did you mean \"services\"?").
 * T0_ENOMEM is the only error. */
enum t0_status t0_config_check_keys(const json_t *root, struct t0_config *cfg);

#endif
