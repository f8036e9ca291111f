/* parse_pool.h: records parsed by Jansson on worker threads, handed back in order. */
#ifndef TIERZERO_PARSE_POOL_H
#define TIERZERO_PARSE_POOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"
#include "json_stream.h"
#include "tierzero/error.h"

/*
 * Parsing a record with json_loadb is most of the cost of reading a large
 * history, and records do not depend on one another until they are
 * converted. The reading thread cuts records out of the file and adds their
 * bytes (copied) to the pool; the pool gathers them into batches, worker
 * threads parse whole batches, and the reading thread takes the parsed
 * records back strictly in the order they were added, through a callback,
 * so conversion, ids, interning and rejections happen exactly as in a
 * single-threaded read. While it waits for a batch no worker has started,
 * the reading thread parses it itself; with no workers it parses everything
 * (the same code path, one thread).
 *
 * Values are freed by whichever thread is idle, never by the callback.
 * Memory is bounded by the ring of batches (tens of kilobytes of record
 * bytes each, plus their trees), whatever the file's size.
 */

/* One record as the reading thread saw it, and how parsing went. */
struct t0_pp_record {
    /* set by the caller of t0_pp_add */
    struct t0_js_pos at; /* where the record starts (line, offset) */
    size_t index;        /* its place in the records array or among the lines */
    size_t length;       /* bytes */
    bool too_large;      /* longer than max_record_bytes: no bytes, not parsed */
    int hint;            /* handed to the rewrite (t0_pp_set_rewrite) */
    /* set by the pool */
    json_t *value;      /* borrowed: valid during the callback; NULL: not parsed */
    bool duplicate_key; /* value was parsed again without the duplicate check */
    bool nul_string;    /* value was parsed again allowing \u0000 in strings */
    json_error_t error; /* text of the duplicate key or \u0000, or why value is NULL */
};

/* Called for each record in order; a status other than T0_OK stops the pool. */
typedef enum t0_status (*t0_pp_take_fn)(void *ctx, const struct t0_pp_record *rec);

struct t0_pp;

/* New pool with `workers` threads (0: the reading thread parses alone), or
 * NULL when out of memory. Threads start with the first full batch. */
struct t0_pp *t0_pp_new(unsigned workers, t0_pp_take_fn take, void *ctx);

/*
 * A rewrite of a record's bytes before they are parsed (json_prune.h): it
 * writes the text to parse into out and returns true, or returns false to
 * parse the record's own bytes. When Jansson refuses the rewritten text for
 * any reason, the record's own bytes are parsed as if there had been no
 * rewrite, so a rewrite may only leave out what can change no reading. A
 * rewritten text holds no duplicate key (the rewrite gives up on a record
 * that has one): it is parsed without Jansson's duplicate check.
 * *memo is the rewrite's own, 0 at the start of each batch. Called on any
 * thread, for records of one batch in order.
 */
typedef bool (*t0_pp_rewrite_fn)(const void *ctx, const struct t0_pp_record *rec,
                                 const char *bytes, struct t0_dynbuf *out, int *memo);

/* Sets the rewrite (ctx borrowed; read by several threads at once), before
 * the first record is added. */
void t0_pp_set_rewrite(struct t0_pp *pp, t0_pp_rewrite_fn rewrite, const void *ctx);

/* Adds one record: rec's caller fields, and its n bytes (copied; NULL when
 * rec->too_large). May call the callback for earlier records. Returns the
 * first non-OK status of a callback, or T0_ENOMEM. */
enum t0_status t0_pp_add(struct t0_pp *pp, const struct t0_pp_record *rec,
                         const char *bytes, size_t n);

/* Hands every record added so far to the callback, in order. */
enum t0_status t0_pp_finish(struct t0_pp *pp);

/* Stops the workers and frees everything; records not yet taken are dropped. */
void t0_pp_free(struct t0_pp *pp);

/* Input bytes each worker must have to pay for itself (see t0_pp_workers_for). */
#define T0_PP_BYTES_PER_WORKER (256u << 20)
/* The same on processors left idle (see t0_pp_workers_for). */
#define T0_PP_BYTES_PER_IDLE_WORKER (4u << 20)

/*
 * How many workers to use for an input of input_bytes (0: unknown, as for a
 * pipe) on cpus processors while busy other threads are running (negative:
 * unknown): one per T0_PP_BYTES_PER_WORKER of input; and on the processors
 * left idle (cpus - 1 - busy, the run itself taking one), one per
 * T0_PP_BYTES_PER_IDLE_WORKER, at most as many as are idle; in all at most
 * one fewer than the processors and at most 7, none for an unknown size. On
 * an idle processor a second thread paid from 8 MB (10,000 incidents) on; on
 * a busy machine it cost more in handing records over than it saved below
 * 256 MiB (docs/performance.md).
 */
unsigned t0_pp_workers_for(uint64_t input_bytes, long cpus, long busy);

/* t0_pp_workers_for on the processors this process may run on, with the
 * threads of other processes running on the system now (/proc/loadavg's
 * runnable count less this process's running threads; unknown elsewhere). */
unsigned t0_pp_default_workers(uint64_t input_bytes);

#endif
