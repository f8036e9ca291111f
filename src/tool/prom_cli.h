/* prom_cli.h: the command line's side of PromQL sources: --prometheus,
 * --save-series, and check's test of the server. */
#ifndef TIERZERO_TOOL_PROM_CLI_H
#define TIERZERO_TOOL_PROM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "tierzero/config.h"
#include "tierzero/report.h"

/* --prometheus URL over the configuration's prometheus.url. */
enum t0_status t0_cli_prometheus_option(const struct t0_options *opt,
                                        struct t0_config *cfg, struct t0_error *err);

/* Fetches every PromQL source over the period's points up to as_of into
 * --save-series DIR, or a fresh temporary folder (*tmpdir, new: remove it
 * with t0_cli_remove_tmpdir). Empty results are warned about on stderr
 * unless quiet. Nothing to do without PromQL sources. */
enum t0_status t0_cli_fetch_series(const struct t0_options *opt, struct t0_config *cfg,
                                   const struct t0_report *period, char **tmpdir,
                                   struct t0_error *err);

/* Points every PromQL source at the file t0_cli_fetch_series saved for it
 * and reads those series (on up to `threads` threads). */
enum t0_status t0_cli_read_fetched(struct t0_config *cfg, unsigned threads,
                                   struct t0_error *err);

void t0_cli_remove_tmpdir(char *tmpdir);

/* check: asks the server, then each query over the last hour, one line per
 * SLO and source on out. Returns the number of problems found. */
size_t t0_cli_check_prometheus(const struct t0_config *cfg, FILE *out);

#endif
