/* series.h: the request counts of events SLOs (definitions.md §8 "Samples", rule
 * 11.6): reading saved series into an SLO's samples, and sums over them
 * (series.c). */
#ifndef TIERZERO_SERIES_H
#define TIERZERO_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"
#include "tierzero/time.h"

struct t0_sli;
struct t0_config;

enum t0_sample_state {
    T0_SAMPLE_VALID = 0,
    T0_SAMPLE_INVALID = 1,  /* NaN, infinite, negative, good above total */
    T0_SAMPLE_UNPAIRED = 2, /* a timestamp in one source only */
};

/*
 * An SLO's samples, by increasing distinct timestamp: sample i counts the
 * events in (t[i] - step_ms, t[i]]. bad and total are meaningful only for
 * valid samples. Arrays are owned.
 */
struct t0_series {
    size_t n;
    t0_ms *t;
    double *bad;  /* bad events: the bad source, or total - good */
    double *good; /* good events: the good source, or total - bad */
    double *total;
    unsigned char *state; /* enum t0_sample_state */
    t0_ms step_ms; /* the smaller of the two sources' steps (definitions.md rule 11.6) */
};

/*
 * Reads the sources of an events SLI into sli->series (definitions.md §8 "Samples",
 * definitions.md rule 11.6): a saved query_range response (resultType matrix, series
 * summed per timestamp), a timestamp,value CSV, or one timestamp,good,total
 * (bad,total) CSV; RFC 3339 or Unix seconds. slo_name is for messages.
 * Errors: T0_EINPUT naming the file and line (or JSON path), T0_ENOMEM.
 * A PromQL source not fetched yet is left unread (series stays NULL) until
 * t0_sli_use_fetched names its saved file.
 */
enum t0_status t0_sli_load(struct t0_sli *sli, const char *slo_name,
                           struct t0_error *err);

/* A PromQL source once fetched (definitions.md §8): its num (good, or bad) and total
 * sources that hold a query and no file read the saved query_range files
 * num_path and total_path (borrowed; NULL: not fetched, an input error when
 * the source needs it). t0_sli_load then reads them. */
enum t0_status t0_sli_use_fetched(struct t0_sli *sli, const char *slo_name,
                                  const char *num_path, const char *total_path,
                                  struct t0_error *err);

/* Reads one source file into a series of distinct timestamps (the values
 * summed per timestamp in total[], state VALID or INVALID; bad and good
 * NULL), step_ms its smallest gap (default_step_ms with one timestamp).
 * A warehouse CSV (timestamp,good,total or bad,total) fills bad, good and
 * total and pairs them as t0_series_pair would. new. */
enum t0_status t0_series_read_source(const char *path, int64_t default_step_ms,
                                     struct t0_series **out, struct t0_error *err);

/* Pairs two sources (each as t0_series_read_source gives them) into an
 * SLO's samples (definitions.md rule 11.6). new. */
enum t0_status t0_series_pair(const struct t0_series *num, const struct t0_series *total,
                              bool counts_bad, struct t0_series **out,
                              struct t0_error *err);

void t0_series_free(struct t0_series *series);

/*
 * Sums over the valid samples with t in (a, b] (counted samples): bad and
 * total events. For burn rates (definitions.md §9): bad / total over (t - w, t]. Returns
 * the number of counted samples.
 */
size_t t0_series_sum(const struct t0_series *series, t0_ms a, t0_ms b, double *bad,
                     double *total);

/* The first index with t > x (binary search). */
size_t t0_series_after(const struct t0_series *series, t0_ms x);

/* Reads the samples of every events SLO (t0_sli_load), on up to `threads`
 * threads (0: one per processor, at most 8). Errors name the SLO, the file
 * and the line; the first SLO's error wins, whatever the threads. */
enum t0_status t0_config_load_series(struct t0_config *cfg, unsigned threads,
                                     struct t0_error *err);

#endif
