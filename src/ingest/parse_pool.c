/* parse_pool.c: records parsed by Jansson on worker threads, handed back in order. */
#define _GNU_SOURCE
#include "parse_pool.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * A batch moves through these states; the mutex guards only the states and
 * the sequence numbers. A batch's contents belong to one thread at a time:
 * the reading thread while FILLING and while its records are taken, the
 * thread that claimed it while PARSING or FREEING.
 */
enum batch_state {
    B_FREE,    /* empty */
    B_FILLING, /* the reading thread is adding records */
    B_QUEUED,  /* full, waiting for a parser */
    B_PARSING, /* claimed by a worker or the reading thread */
    B_PARSED,  /* waiting for its turn to be taken */
    B_TAKEN,   /* handed to the callback; its values wait to be freed */
    B_FREEING, /* a thread is freeing its values */
};

/* Records gather until a batch holds this many bytes or records. Small
 * batches keep a batch's trees in the cache until they are taken: with
 * 256 KiB batches a two-thread reading of 100,000 incidents used 2.7 s of
 * processor time against 1.6 s for one thread, and was no faster. */
#define BATCH_BYTES ((size_t)64 << 10)
#define BATCH_RECORDS 128
#define MAX_WORKERS 7

struct batch {
    enum batch_state state;
    uint64_t seq;
    unsigned parser; /* who parsed it and frees it: 0 the reading thread, 1.. a worker */
    char *bytes;
    size_t len, cap;
    struct t0_pp_record *recs;
    size_t *starts; /* each record's first byte in bytes */
    size_t n, rcap;
    struct t0_dynbuf rewritten; /* the rewrite of the record being parsed */
};

struct t0_pp {
    t0_pp_take_fn take;
    void *ctx;
    t0_pp_rewrite_fn rewrite;
    const void *rewrite_ctx;
    unsigned workers, started;
    pthread_t threads[MAX_WORKERS];
    struct worker_arg {
        struct t0_pp *pp;
        unsigned id; /* 1.. */
    } args[MAX_WORKERS];
    pthread_mutex_t mu;
    pthread_cond_t work; /* workers wait for a batch to parse or free */
    pthread_cond_t done; /* the reading thread waits for a parsed or freed batch */
    bool stop;
    struct batch *ring;
    size_t nring;
    struct batch *filling;
    uint64_t next_seq; /* given to the next batch queued */
    uint64_t head_seq; /* the next batch to take */
    enum t0_status failed;
};

unsigned t0_pp_workers_for(uint64_t input_bytes, long cpus, long busy)
{
    uint64_t by_size = input_bytes / T0_PP_BYTES_PER_WORKER;
    uint64_t most = cpus <= 1 ? 0 : (uint64_t)cpus - 1;
    if (most > MAX_WORKERS)
        most = MAX_WORKERS;
    if (busy >= 0 && cpus - 1 - busy > 0) {
        uint64_t idle = (uint64_t)(cpus - 1 - busy);
        uint64_t by_idle = input_bytes / T0_PP_BYTES_PER_IDLE_WORKER;
        if (by_idle > idle)
            by_idle = idle;
        if (by_idle > by_size)
            by_size = by_idle;
    }
    return (unsigned)(by_size < most ? by_size : most);
}

/* This process's threads running now, this one included: those whose
 * /proc/self/task/N/stat says R (the state follows the name in brackets,
 * which may itself hold spaces and brackets). At least 1. */
static long own_running(void)
{
    DIR *dir = opendir("/proc/self/task");
    if (!dir)
        return 1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/self/task/%.20s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = '\0';
        const char *close = strrchr(buf, ')');
        if (close && close[1] == ' ' && close[2] == 'R')
            n++;
    }
    closedir(dir);
    return n > 0 ? n : 1;
}

/* Threads of other processes running now: the fourth field of /proc/loadavg
 * ("2/311": runnable / all) less this process's own (the thread opening the
 * drawing module, for one, runs beside the reading only briefly). -1 when
 * unknown. */
static long busy_once(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    if (!f)
        return -1;
    double a, b, c;
    long running = 0, all = 0;
    int n = fscanf(f, "%lf %lf %lf %ld/%ld", &a, &b, &c, &running, &all);
    fclose(f);
    if (n != 5 || running < 1)
        return -1;
    long others = running - own_running();
    return others > 0 ? others : 0;
}

/* The fewest of three looks a millisecond apart: a thread that runs for an
 * instant (a kernel worker, a shell) is not a processor taken, one that
 * computes is seen every time. */
static long busy_now(void)
{
    long fewest = busy_once();
    for (int i = 0; i < 2 && fewest > 0; i++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
        long n = busy_once();
        if (n >= 0 && n < fewest)
            fewest = n;
    }
    return fewest;
}

unsigned t0_pp_default_workers(uint64_t input_bytes)
{
    long cpus = 0;
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        cpus = CPU_COUNT(&set);
#endif
    if (cpus <= 0)
        cpus = sysconf(_SC_NPROCESSORS_ONLN);
    /* Below an idle processor's share the machine's load changes nothing. */
    long busy = input_bytes >= T0_PP_BYTES_PER_IDLE_WORKER && cpus > 1 ? busy_now() : -1;
    return t0_pp_workers_for(input_bytes, cpus, busy);
}

/* ---- the work itself, done outside the lock ---- */

/* Parses a record's rewritten text, when there is one and Jansson takes it
 * as it is; true when r->value is set so. */
static bool parse_rewritten(const struct t0_pp *pp, struct t0_pp_record *r, const char *s,
                            struct t0_dynbuf *out, int *memo)
{
    if (!pp->rewrite || !pp->rewrite(pp->rewrite_ctx, r, s, out, memo))
        return false;
    r->value = json_loadb(out->data, out->len, JSON_DECODE_ANY, &r->error);
    return r->value != NULL;
}

static void parse_record(const struct t0_pp *pp, struct t0_pp_record *r, const char *s,
                         struct t0_dynbuf *out, int *memo)
{
    if (parse_rewritten(pp, r, s, out, memo))
        return;
    r->value =
        json_loadb(s, r->length, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &r->error);
    if (!r->value && json_error_code(&r->error) == json_error_null_character) {
        /* Legal JSON the record cannot hold: parse again to know its id. */
        json_error_t again;
        r->value = json_loadb(s, r->length, JSON_DECODE_ANY | JSON_ALLOW_NUL, &again);
        r->nul_string = r->value != NULL;
        return;
    }
    if (r->value || json_error_code(&r->error) != json_error_duplicate_key)
        return;
    /* Keep the duplicate's message; parse again to know the record's id. */
    json_error_t again;
    r->value = json_loadb(s, r->length, JSON_DECODE_ANY, &again);
    if (r->value)
        r->duplicate_key = true;
    else
        r->error = again;
}

static void parse_batch(const struct t0_pp *pp, struct batch *b)
{
    int memo = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->recs[i].too_large)
            parse_record(pp, &b->recs[i], b->bytes + b->starts[i], &b->rewritten, &memo);
}

static void free_values(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        json_decref(b->recs[i].value);
    b->n = 0;
    b->len = 0;
}

/* ---- claimed work; called with the lock held, which they drop meanwhile ---- */

static void parse_claimed(struct t0_pp *pp, struct batch *b, unsigned parser)
{
    b->state = B_PARSING;
    b->parser = parser;
    pthread_mutex_unlock(&pp->mu);
    parse_batch(pp, b);
    pthread_mutex_lock(&pp->mu);
    b->state = B_PARSED;
    pthread_cond_broadcast(&pp->done);
}

/* Frees a batch's values; it is then in state `after`. */
static void free_claimed(struct t0_pp *pp, struct batch *b, enum batch_state after)
{
    b->state = B_FREEING;
    pthread_mutex_unlock(&pp->mu);
    free_values(b);
    pthread_mutex_lock(&pp->mu);
    b->state = after;
    pthread_cond_broadcast(&pp->done);
}

/* ---- workers ---- */

static struct batch *find(struct t0_pp *pp, enum batch_state state)
{
    struct batch *best = NULL;
    for (size_t i = 0; i < pp->nring; i++)
        if (pp->ring[i].state == state && (!best || pp->ring[i].seq < best->seq))
            best = &pp->ring[i];
    return best;
}

/* A taken batch that `parser` parsed. Values are freed by the thread that
 * allocated them: a free into another thread's malloc arena takes that
 * arena's lock, and made a two-thread reading slower than one. */
static struct batch *find_taken(struct t0_pp *pp, unsigned parser)
{
    for (size_t i = 0; i < pp->nring; i++)
        if (pp->ring[i].state == B_TAKEN && pp->ring[i].parser == parser)
            return &pp->ring[i];
    return NULL;
}

static void *worker(void *arg)
{
    struct worker_arg *me = arg;
    struct t0_pp *pp = me->pp;
    pthread_mutex_lock(&pp->mu);
    while (!pp->stop) {
        struct batch *b = find(pp, B_QUEUED);
        if (b) {
            parse_claimed(pp, b, me->id);
            continue;
        }
        b = find_taken(pp, me->id);
        if (b) {
            free_claimed(pp, b, B_FREE);
            continue;
        }
        pthread_cond_wait(&pp->work, &pp->mu);
    }
    pthread_mutex_unlock(&pp->mu);
    return NULL;
}

/* Starts the workers not yet running; those that cannot start are done without. */
static void start_workers(struct t0_pp *pp)
{
    while (pp->started < pp->workers) {
        pp->args[pp->started].pp = pp;
        pp->args[pp->started].id = pp->started + 1;
        if (pthread_create(&pp->threads[pp->started], NULL, worker,
                           &pp->args[pp->started]) != 0) {
            pp->workers = pp->started;
            break;
        }
        pp->started++;
    }
}

/* ---- the reading thread; called with the lock held ---- */

/* The batch whose turn it is to be taken, if it is queued already. */
static struct batch *head(struct t0_pp *pp)
{
    for (size_t i = 0; i < pp->nring; i++)
        if (pp->ring[i].seq == pp->head_seq && pp->ring[i].state >= B_QUEUED &&
            pp->ring[i].state <= B_PARSED)
            return &pp->ring[i];
    return NULL;
}

/* Hands a parsed batch's records to the callback, in order. */
static enum t0_status take(struct t0_pp *pp, struct batch *b)
{
    pthread_mutex_unlock(&pp->mu);
    enum t0_status st = T0_OK;
    for (size_t i = 0; i < b->n && st == T0_OK; i++)
        st = pp->take(pp->ctx, &b->recs[i]);
    pthread_mutex_lock(&pp->mu);
    b->state = B_TAKEN;
    pp->head_seq++;
    if (st != T0_OK)
        pp->failed = st;
    pthread_cond_broadcast(&pp->work);
    return st;
}

/* The reading thread's share of the work, one step: take the head if it is
 * parsed, else parse a queued batch (the head first), else wait for one. */
static enum t0_status reader_step(struct t0_pp *pp)
{
    struct batch *h = head(pp);
    if (h && h->state == B_PARSED)
        return take(pp, h);
    struct batch *b = h && h->state == B_QUEUED ? h : find(pp, B_QUEUED);
    if (b) {
        parse_claimed(pp, b, 0);
        return T0_OK;
    }
    pthread_cond_wait(&pp->done, &pp->mu);
    return T0_OK;
}

/* A batch to fill: a free one, one whose values this thread frees, or,
 * when every batch is in flight, one that the reading thread's share of
 * the work gives back. */
static enum t0_status claim_batch(struct t0_pp *pp)
{
    for (;;) {
        struct batch *b = find(pp, B_FREE);
        if (!b && (b = find_taken(pp, 0)) != NULL)
            free_claimed(pp, b, B_FILLING);
        if (b) {
            b->state = B_FILLING;
            pp->filling = b;
            return T0_OK;
        }
        enum t0_status st = reader_step(pp);
        if (st != T0_OK)
            return st;
    }
}

/* Queues the batch being filled and takes what is parsed already (with no
 * workers: parses and takes it now). `more`: other batches will follow;
 * when none will, no worker is started for this one (a file of one batch
 * is read without threads). */
static enum t0_status queue_filling(struct t0_pp *pp, bool more)
{
    struct batch *b = pp->filling;
    pp->filling = NULL;
    if (!b)
        return T0_OK;
    if (b->n == 0) {
        b->state = B_FREE;
        return T0_OK;
    }
    b->seq = pp->next_seq++;
    b->state = B_QUEUED;
    if (more && pp->started < pp->workers)
        start_workers(pp);
    pthread_cond_broadcast(&pp->work);
    enum t0_status st = T0_OK;
    for (struct batch *h = head(pp); st == T0_OK && h; h = head(pp)) {
        if (h->state == B_PARSED)
            st = take(pp, h);
        else if (pp->started == 0)
            st = reader_step(pp);
        else
            break;
    }
    return st;
}

/* ---- public ---- */

struct t0_pp *t0_pp_new(unsigned workers, t0_pp_take_fn take, void *ctx)
{
    struct t0_pp *pp = calloc(1, sizeof *pp);
    if (!pp)
        return NULL;
    pp->workers = workers > MAX_WORKERS ? MAX_WORKERS : workers;
    pp->take = take;
    pp->ctx = ctx;
    pp->nring = 2 * (size_t)pp->workers + 2;
    pp->ring = calloc(pp->nring, sizeof *pp->ring);
    if (!pp->ring) {
        free(pp);
        return NULL;
    }
    for (size_t i = 0; i < pp->nring; i++)
        t0_dynbuf_init(&pp->ring[i].rewritten, SIZE_MAX);
    pthread_mutex_init(&pp->mu, NULL);
    pthread_cond_init(&pp->work, NULL);
    pthread_cond_init(&pp->done, NULL);
    return pp;
}

void t0_pp_set_rewrite(struct t0_pp *pp, t0_pp_rewrite_fn rewrite, const void *ctx)
{
    pp->rewrite = rewrite;
    pp->rewrite_ctx = ctx;
}

static bool reserve(struct batch *b, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : BATCH_BYTES + 4096;
        while (cap < b->len + n)
            cap *= 2;
        char *grown = realloc(b->bytes, cap);
        if (!grown)
            return false;
        b->bytes = grown;
        b->cap = cap;
    }
    if (b->n == b->rcap) {
        size_t rcap = b->rcap ? b->rcap * 2 : 64;
        struct t0_pp_record *recs = realloc(b->recs, rcap * sizeof *recs);
        if (!recs)
            return false;
        b->recs = recs;
        size_t *starts = realloc(b->starts, rcap * sizeof *starts);
        if (!starts)
            return false;
        b->starts = starts;
        b->rcap = rcap;
    }
    return true;
}

enum t0_status t0_pp_add(struct t0_pp *pp, const struct t0_pp_record *rec,
                         const char *bytes, size_t n)
{
    pthread_mutex_lock(&pp->mu);
    enum t0_status st = pp->failed;
    if (st == T0_OK && !pp->filling)
        st = claim_batch(pp);
    pthread_mutex_unlock(&pp->mu);
    if (st != T0_OK)
        return st;

    struct batch *b = pp->filling;
    if (!reserve(b, rec->too_large ? 0 : n)) {
        pp->failed = T0_ENOMEM;
        return T0_ENOMEM;
    }
    struct t0_pp_record *r = &b->recs[b->n];
    *r = *rec;
    r->value = NULL;
    r->duplicate_key = false;
    r->error.text[0] = '\0';
    b->starts[b->n] = b->len;
    if (!rec->too_large) {
        memcpy(b->bytes + b->len, bytes, n);
        b->len += n;
        r->length = n;
    }
    b->n++;
    if (b->len < BATCH_BYTES && b->n < BATCH_RECORDS)
        return T0_OK;
    pthread_mutex_lock(&pp->mu);
    st = queue_filling(pp, true);
    pthread_mutex_unlock(&pp->mu);
    return st;
}

enum t0_status t0_pp_finish(struct t0_pp *pp)
{
    pthread_mutex_lock(&pp->mu);
    enum t0_status st = pp->failed;
    if (st == T0_OK)
        st = queue_filling(pp, false);
    while (st == T0_OK && pp->head_seq < pp->next_seq)
        st = reader_step(pp);
    pthread_mutex_unlock(&pp->mu);
    return st;
}

void t0_pp_free(struct t0_pp *pp)
{
    if (!pp)
        return;
    pthread_mutex_lock(&pp->mu);
    pp->stop = true;
    pthread_cond_broadcast(&pp->work);
    pthread_mutex_unlock(&pp->mu);
    for (unsigned i = 0; i < pp->started; i++)
        pthread_join(pp->threads[i], NULL);
    for (size_t i = 0; i < pp->nring; i++) {
        free_values(&pp->ring[i]);
        free(pp->ring[i].bytes);
        free(pp->ring[i].recs);
        free(pp->ring[i].starts);
        t0_dynbuf_free(&pp->ring[i].rewritten);
    }
    free(pp->ring);
    pthread_cond_destroy(&pp->work);
    pthread_cond_destroy(&pp->done);
    pthread_mutex_destroy(&pp->mu);
    free(pp);
}
