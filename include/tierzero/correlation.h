/* correlation.h: releases against incidents (correlation.c; definitions.md §4, §7.2). */
#ifndef TIERZERO_CORRELATION_H
#define TIERZERO_CORRELATION_H

#include "tierzero/error.h"

struct t0_report;

/* Fills rep->releases and rep->correlation (called by t0_report_compute when
 * releases were given; needs the SLO results). */
enum t0_status t0_report_correlate(struct t0_report *rep, struct t0_error *err);

#endif
