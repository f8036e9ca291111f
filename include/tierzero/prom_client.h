/* prom_client.h: the Prometheus HTTP API client (definitions.md §8): the `prometheus`
 * block of the configuration, the SLOs' PromQL sources, and GET
 * /api/v1/query_range split, retried and saved as query_range files.
 *
 * Any server that speaks the API works: Prometheus, Thanos, Mimir,
 * VictoriaMetrics. Ownership: every pointer a struct here holds is owned by
 * it and freed by its _release/_free function; functions borrow their
 * arguments unless a comment says otherwise.
 */
#ifndef TIERZERO_PROM_CLIENT_H
#define TIERZERO_PROM_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tierzero/error.h"

/* The server refuses a query_range of more than 11,000 points. */
#define T0_PROM_MAX_POINTS 10000
/* A response larger than this is refused (the query should aggregate). */
#define T0_PROM_MAX_RESPONSE (256u * 1024u * 1024u)

/* Where and how to ask. A credential header's value comes from the
 * environment, never from the configuration file: {"Authorization": {"env":
 * "PROM_TOKEN", "prefix": "Bearer "}} sends "Authorization: Bearer
 * $PROM_TOKEN". Other headers may be strings ({"X-Scope-OrgID": "team-a"}). */
struct t0_prom_server {
    char *url;              /* base URL with any path prefix, no trailing '/' */
    int64_t step_seconds;   /* 60 */
    double timeout_seconds; /* one request, 30 */
    bool tls_verify;        /* true */
    int retries;            /* after a 503 or a connection error, 4 */
    int backoff_ms;         /* first wait, doubled each time, 500 */
    char **headers;         /* "Name: value" */
    size_t n_headers;
};

/* The roles a source plays in an events SLI. */
enum t0_prom_role { T0_PROM_GOOD, T0_PROM_BAD, T0_PROM_TOTAL, T0_PROM_NROLES };

/* One SLO's PromQL sources (NULL where the SLO has none). */
struct t0_prom_slo {
    size_t index;                  /* in the configuration's slos[] */
    char *name;                    /* its name, or "SLO N" */
    char *query[T0_PROM_NROLES];   /* PromQL, or NULL */
    char *fetched[T0_PROM_NROLES]; /* the saved query_range file, once fetched */
};

/* The prometheus block and every SLO that has a PromQL source. */
struct t0_prom_config {
    bool has_block; /* the configuration has a prometheus block */
    struct t0_prom_server server;
    struct t0_prom_slo *slos; /* in configuration order */
    size_t n_slos;
    char *config_dir; /* folder of the configuration file, "." for stdin */
    json_t *tree;     /* a copy of the configuration (for --save-series) */
};

/* The role's name as the configuration writes it ("good"). Static. */
const char *t0_prom_role_name(enum t0_prom_role role);

/* Reads root's prometheus block and the SLOs' {"prometheus": QUERY} sources
 * (new, in *out; NULL when the configuration has neither). Environment
 * variables named by headers must be set. Errors are T0_EINPUT naming
 * source and the JSON path. */
enum t0_status t0_prom_config_read(const json_t *root, const char *source,
                                   struct t0_prom_config **out, struct t0_error *err);

/* A configuration with no file: --prometheus URL alone (new, in *out). */
enum t0_status t0_prom_config_new(struct t0_prom_config **out, struct t0_error *err);

/* --prometheus URL: replaces the block's url. T0_EUSAGE when it is not
 * http:// or https://. */
enum t0_status t0_prom_config_set_url(struct t0_prom_config *pc, const char *url,
                                      struct t0_error *err);

void t0_prom_config_free(struct t0_prom_config *pc);

/* What a fetch saw, for messages. */
struct t0_prom_stats {
    size_t requests; /* HTTP requests that answered */
    size_t retries;  /* requests repeated after a 503 or a connection error */
    size_t series;   /* result entries over all responses */
    size_t samples;  /* [t, v] pairs over all responses */
};

/* Called with each response's data.result (borrowed: valid during the call
 * only). A status other than T0_OK stops the fetch and is returned. */
typedef enum t0_status (*t0_prom_result_fn)(void *ctx, const json_t *result,
                                            struct t0_error *err);

/* GET /api/v1/query_range for the points start + k * step in [start, end]
 * (Unix seconds), as many requests as it takes at T0_PROM_MAX_POINTS points
 * each, one response held at a time. A 503 or a failed connection is retried
 * (srv->retries times, waiting backoff_ms, 2 × backoff_ms, ...); any other
 * failure is T0_EINPUT with err's text naming what (the query, the server's
 * "error" text, the HTTP status). */
enum t0_status t0_prom_query_range(const struct t0_prom_server *srv, const char *query,
                                   int64_t start, int64_t end, t0_prom_result_fn fn,
                                   void *ctx, struct t0_prom_stats *stats,
                                   struct t0_error *err);

/* Same, written to out as one query_range document ({"status": "success",
 * "data": {"resultType": "matrix", "result": [...]}}), one series per line,
 * as the server wrote them (a series split over several requests appears once
 * per request: the file reader sums series per timestamp, so the sums are the
 * same). The file sources of definitions.md §8 read it back. */
enum t0_status t0_prom_save_range(const struct t0_prom_server *srv, const char *query,
                                  int64_t start, int64_t end, FILE *out,
                                  struct t0_prom_stats *stats, struct t0_error *err);

/* The points of a period [from_ms, to_ms) (to_ms clipped by the caller to
 * as_of): the first step multiple after from_ms, the last at or before to_ms.
 * False when there is none. */
bool t0_prom_points(int64_t step_seconds, int64_t from_ms, int64_t to_ms, int64_t *start,
                    int64_t *end);

/* Asks GET /api/v1/query?query=vector(1): is the server there and answering
 * the API? *version gets its "version" from /api/v1/status/buildinfo when it
 * has one (new, or NULL). */
enum t0_status t0_prom_ping(const struct t0_prom_server *srv, char **version,
                            struct t0_error *err);

/* Fetches every source of every SLO over [start, end] into dir (created if
 * missing) as NN-ROLE.json (NN the SLO's position, from 01), and writes
 * dir/config.json: the configuration with each {"prometheus": QUERY} replaced
 * by {"file": "NN-ROLE.json"}, so that `-c dir/config.json` reviews the same
 * samples offline. Sets each source's fetched path. notify (may be NULL) is
 * told of every empty result: "no data" for that SLO. */
enum t0_status t0_prom_fetch_all(struct t0_prom_config *pc, int64_t start, int64_t end,
                                 const char *dir,
                                 void (*notify)(void *ctx, const char *line), void *ctx,
                                 struct t0_error *err);

/* The query_range file t0_prom_fetch_all saved for the SLO at slo_index (its
 * position in the configuration's slos[]) and role (borrowed), or NULL when
 * that source is not PromQL or was not fetched. The events SLI reads it as a
 * {"file": PATH} source. */
const char *t0_prom_fetched_path(const struct t0_prom_config *pc, size_t slo_index,
                                 enum t0_prom_role role);

#endif
