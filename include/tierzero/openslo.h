/* openslo.h: OpenSLO v1 YAML read as tierzero's configuration (definitions.md §8,
 * rules 11.9 and 11.14). The documents become the JSON tree a configuration file would
 * hold ({"slos": [...]}), which the configuration loader then reads. */
#ifndef TIERZERO_OPENSLO_H
#define TIERZERO_OPENSLO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "tierzero/error.h"

/* Does the file name end ".yaml" or ".yml" (any case)? */
bool t0_openslo_path(const char *path);

/* Converts the OpenSLO v1 documents of text (len bytes; several documents
 * separated by ---) into a configuration tree (new). What tierzero does not
 * read is appended to warnings (borrowed JSON array) as one string each,
 * naming the document and the key ("document 2 (SLO \"api\"):
 * spec.alertPolicies: alert policies are not used (ignored)"). Errors are
 * T0_EINPUT naming source, with the line and column for YAML syntax. */
json_t *t0_openslo_convert(const char *text, size_t len, const char *source,
                           json_t *warnings, struct t0_error *err);

/* Same, reading path ("-" for standard input; at most 16 MiB). */
json_t *t0_openslo_load(const char *path, const char *source, json_t *warnings,
                        struct t0_error *err);

#endif
