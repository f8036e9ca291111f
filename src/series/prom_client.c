/* prom_client.c: asks a Prometheus-compatible server for query_range series
 * (definitions.md §8). */
#define _GNU_SOURCE
#include "tierzero/prom_client.h"

/* libcurl is opened when the first query is made (see curl_ready below):
 * only its declarations are used here, so the type-checking macros that
 * would call it by name are turned off. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_STEP 60
#define DEFAULT_TIMEOUT 30.0
#define DEFAULT_RETRIES 4
#define DEFAULT_BACKOFF_MS 500
#define QUERY_SHOWN 160 /* bytes of a query quoted in a message */

static const char *const role_names[T0_PROM_NROLES] = {"good", "bad", "total"};

const char *t0_prom_role_name(enum t0_prom_role role)
{
    return role < T0_PROM_NROLES ? role_names[role] : "?";
}

/* ---- the configuration ---- */

static void server_release(struct t0_prom_server *srv)
{
    free(srv->url);
    for (size_t i = 0; i < srv->n_headers; i++)
        free(srv->headers[i]);
    free(srv->headers);
    memset(srv, 0, sizeof *srv);
}

void t0_prom_config_free(struct t0_prom_config *pc)
{
    if (!pc)
        return;
    server_release(&pc->server);
    for (size_t i = 0; i < pc->n_slos; i++) {
        free(pc->slos[i].name);
        for (int r = 0; r < T0_PROM_NROLES; r++) {
            free(pc->slos[i].query[r]);
            free(pc->slos[i].fetched[r]);
        }
    }
    free(pc->slos);
    free(pc->config_dir);
    json_decref(pc->tree);
    free(pc);
}

static enum t0_status nomem(struct t0_error *err)
{
    return t0_error_set(err, T0_ENOMEM, NULL, NULL, "out of memory");
}

enum t0_status t0_prom_config_new(struct t0_prom_config **out, struct t0_error *err)
{
    struct t0_prom_config *pc = calloc(1, sizeof *pc);
    if (!pc || !(pc->config_dir = strdup(".")) || !(pc->tree = json_object())) {
        t0_prom_config_free(pc);
        return nomem(err);
    }
    pc->server.step_seconds = DEFAULT_STEP;
    pc->server.timeout_seconds = DEFAULT_TIMEOUT;
    pc->server.tls_verify = true;
    pc->server.retries = DEFAULT_RETRIES;
    pc->server.backoff_ms = DEFAULT_BACKOFF_MS;
    *out = pc;
    return T0_OK;
}

static bool valid_url(const char *url)
{
    return (strncmp(url, "http://", 7) == 0 && url[7]) ||
           (strncmp(url, "https://", 8) == 0 && url[8]);
}

enum t0_status t0_prom_config_set_url(struct t0_prom_config *pc, const char *url,
                                      struct t0_error *err)
{
    if (!valid_url(url) || strpbrk(url, " \t\r\n?#"))
        return t0_error_set(err, T0_EUSAGE, NULL, NULL,
                            "--prometheus: expected an http:// or https:// base URL "
                            "(with any path prefix, no query), got '%s'",
                            url);
    char *copy = strdup(url);
    if (!copy)
        return nomem(err);
    size_t len = strlen(copy);
    while (len > 0 && copy[len - 1] == '/')
        copy[--len] = '\0';
    free(pc->server.url);
    pc->server.url = copy;
    return T0_OK;
}

/* A header name is an HTTP token. */
static bool valid_header_name(const char *name)
{
    if (!*name)
        return false;
    for (const char *p = name; *p; p++)
        if (*p <= ' ' || *p >= 127 || strchr("()<>@,;:\\\"/[]?={}", *p))
            return false;
    return true;
}

/* Names whose value is a credential: Authorization, Cookie, and any name
 * with auth, token, key, secret or password in it (X-Api-Key). */
static bool credential_header(const char *name)
{
    static const char *const words[] = {"auth", "cookie", "token",
                                        "key",  "secret", "password"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasestr(name, words[i]))
            return true;
    return false;
}

static enum t0_status add_header(struct t0_prom_server *srv, const char *name,
                                 const char *pre, const char *value, const char *source,
                                 const char *path, struct t0_error *err);

static enum t0_status read_header(struct t0_prom_server *srv, const char *name,
                                  const json_t *v, const char *source,
                                  struct t0_error *err)
{
    char path[200];
    snprintf(path, sizeof path, "prometheus.headers.%s", name);
    if (!valid_header_name(name))
        return t0_error_set(err, T0_EINPUT, source, path, "not a valid HTTP header name");
    if (json_is_string(v) && !credential_header(name))
        return add_header(srv, name, "", json_string_value(v), source, path, err);
    const json_t *env = json_object_get(v, "env");
    const json_t *prefix = json_object_get(v, "prefix");
    if (!json_is_object(v) || !json_is_string(env) || (prefix && !json_is_string(prefix)))
        return t0_error_set(
            err, T0_EINPUT, source, path,
            "expected {\"env\": \"VARIABLE\"} (and an optional \"prefix\")%s",
            credential_header(name)
                ? ": a credential is read from the environment, never from "
                  "the configuration"
                : " or a string");
    const char *var = json_string_value(env);
    const char *value = getenv(var);
    if (!value)
        return t0_error_set(err, T0_EINPUT, source, path,
                            "the environment variable %s is not set", var);
    return add_header(srv, name, prefix ? json_string_value(prefix) : "", value, source,
                      path, err);
}

static enum t0_status add_header(struct t0_prom_server *srv, const char *name,
                                 const char *pre, const char *value, const char *source,
                                 const char *path, struct t0_error *err)
{
    if (strpbrk(value, "\r\n") || strpbrk(pre, "\r\n"))
        return t0_error_set(err, T0_EINPUT, source, path, "the value holds a line break");
    char *line = NULL;
    if (asprintf(&line, "%s: %s%s", name, pre, value) < 0)
        return nomem(err);
    char **grown = realloc(srv->headers, (srv->n_headers + 1) * sizeof *grown);
    if (!grown) {
        free(line);
        return nomem(err);
    }
    srv->headers = grown;
    srv->headers[srv->n_headers++] = line;
    return T0_OK;
}

static enum t0_status block_number(const json_t *block, const char *key, double lo,
                                   double hi, bool integer, double *out,
                                   const char *source, struct t0_error *err)
{
    const json_t *v = json_object_get(block, key);
    if (!v || json_is_null(v))
        return T0_OK;
    double d = json_number_value(v);
    char path[64];
    snprintf(path, sizeof path, "prometheus.%s", key);
    if (!json_is_number(v) || d < lo || d > hi || (integer && d != (double)(int64_t)d))
        return t0_error_set(err, T0_EINPUT, source, path, "expected %s from %g to %g",
                            integer ? "a whole number" : "a number", lo, hi);
    *out = d;
    return T0_OK;
}

static enum t0_status read_block(struct t0_prom_config *pc, const json_t *block,
                                 const char *source, struct t0_error *err)
{
    struct t0_prom_server *srv = &pc->server;
    enum t0_status st;
    if (!json_is_object(block))
        return t0_error_set(err, T0_EINPUT, source, "prometheus", "expected an object");
    pc->has_block = true;
    const json_t *url = json_object_get(block, "url");
    if (url && !json_is_null(url)) {
        if (!json_is_string(url) || !valid_url(json_string_value(url)))
            return t0_error_set(err, T0_EINPUT, source, "prometheus.url",
                                "expected an http:// or https:// base URL");
        struct t0_error e2;
        t0_error_clear(&e2);
        if (t0_prom_config_set_url(pc, json_string_value(url), &e2) != T0_OK)
            return t0_error_set(err, T0_EINPUT, source, "prometheus.url", "%s", e2.text);
    }
    double step = (double)srv->step_seconds, retries = srv->retries;
    if ((st = block_number(block, "step_seconds", 1, 86400, true, &step, source, err)) ||
        (st = block_number(block, "timeout_seconds", 0.001, 3600, false,
                           &srv->timeout_seconds, source, err)) ||
        (st = block_number(block, "retries", 0, 10, true, &retries, source, err)))
        return st;
    srv->step_seconds = (int64_t)step;
    srv->retries = (int)retries;
    const json_t *tls = json_object_get(block, "tls_verify");
    if (tls && !json_is_null(tls)) {
        if (!json_is_boolean(tls))
            return t0_error_set(err, T0_EINPUT, source, "prometheus.tls_verify",
                                "expected true or false");
        srv->tls_verify = json_is_true(tls);
    }
    const json_t *headers = json_object_get(block, "headers");
    if (headers && !json_is_null(headers)) {
        if (!json_is_object(headers))
            return t0_error_set(err, T0_EINPUT, source, "prometheus.headers",
                                "expected an object of header names");
        const char *name;
        json_t *v;
        json_object_foreach((json_t *)headers, name, v)
        {
            if ((st = read_header(srv, name, v, source, err)) != T0_OK)
                return st;
        }
    }
    return T0_OK;
}

/* The SLO's {"prometheus": QUERY} sources; adds an entry when it has one. */
static enum t0_status read_slo_sources(struct t0_prom_config *pc, const json_t *slo,
                                       size_t index, const char *source,
                                       struct t0_error *err)
{
    const json_t *sli = json_object_get(slo, "sli");
    if (!json_is_object(sli))
        return T0_OK;
    struct t0_prom_slo entry = {.index = index};
    bool any = false;
    for (int r = 0; r < T0_PROM_NROLES; r++) {
        const json_t *src = json_object_get(sli, role_names[r]);
        const json_t *q = json_is_object(src) ? json_object_get(src, "prometheus") : NULL;
        if (!q)
            continue;
        char path[80];
        snprintf(path, sizeof path, "slos[%zu].sli.%s.prometheus", index, role_names[r]);
        if (!json_is_string(q) || !json_string_value(q)[0])
            return t0_error_set(err, T0_EINPUT, source, path, "expected a PromQL query");
        entry.query[r] = strdup(json_string_value(q));
        any = true;
    }
    if (!any)
        return T0_OK;
    const json_t *name = json_object_get(slo, "name");
    if (json_is_string(name))
        entry.name = strdup(json_string_value(name));
    else if (asprintf(&entry.name, "SLO %zu", index + 1) < 0)
        entry.name = NULL;
    bool ok = entry.name != NULL;
    for (int r = 0; r < T0_PROM_NROLES; r++)
        if (json_object_get(json_object_get(sli, role_names[r]), "prometheus") &&
            !entry.query[r])
            ok = false;
    struct t0_prom_slo *grown =
        ok ? realloc(pc->slos, (pc->n_slos + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(entry.name);
        for (int r = 0; r < T0_PROM_NROLES; r++)
            free(entry.query[r]);
        return nomem(err);
    }
    pc->slos = grown;
    pc->slos[pc->n_slos++] = entry;
    return T0_OK;
}

static char *dir_of(const char *source)
{
    if (!source || strcmp(source, "<stdin>") == 0)
        return strdup(".");
    const char *slash = strrchr(source, '/');
    if (!slash)
        return strdup(".");
    if (slash == source)
        return strdup("/");
    return strndup(source, (size_t)(slash - source));
}

enum t0_status t0_prom_config_read(const json_t *root, const char *source,
                                   struct t0_prom_config **out, struct t0_error *err)
{
    *out = NULL;
    const json_t *block = json_object_get(root, "prometheus");
    const json_t *slos = json_object_get(root, "slos");
    struct t0_prom_config *pc = NULL;
    enum t0_status st = t0_prom_config_new(&pc, err);
    if (st != T0_OK)
        return st;
    if (block && !json_is_null(block) &&
        (st = read_block(pc, block, source, err)) != T0_OK)
        goto fail;
    for (size_t i = 0; json_is_array(slos) && i < json_array_size(slos); i++)
        if ((st = read_slo_sources(pc, json_array_get(slos, i), i, source, err)) != T0_OK)
            goto fail;
    if (!pc->has_block && pc->n_slos == 0) {
        t0_prom_config_free(pc);
        return T0_OK;
    }
    free(pc->config_dir);
    json_decref(pc->tree);
    pc->config_dir = dir_of(source);
    pc->tree = json_deep_copy(root);
    if (!pc->config_dir || !pc->tree) {
        st = nomem(err);
        goto fail;
    }
    *out = pc;
    return T0_OK;
fail:
    t0_prom_config_free(pc);
    return st;
}

/* ---- HTTP ---- */

struct buffer {
    char *data;
    size_t len, cap;
    bool too_big;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buffer *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n + 1 > T0_PROM_MAX_RESPONSE) {
        b->too_big = true;
        return 0;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown)
            return 0;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/*
 * libcurl, opened with dlopen on the first live query rather than linked:
 * linked, it and the TLS, Kerberos, LDAP and SSH libraries it needs (about
 * twenty) were mapped, relocated and initialised at every start of the
 * program, about 5 MiB of its resident memory and a few milliseconds, for
 * runs that nearly all query no server (docs/performance.md, sixth round).
 * libcurl's soname has been libcurl.so.4 since 2006.
 */
#define LIBCURL_SONAME "libcurl.so.4"

static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *h, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *h);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *h);
    const char *(*easy_strerror)(CURLcode rc);
    char *(*easy_escape)(CURL *h, const char *text, int length);
    void (*free)(void *p);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
} lib;
static char lib_failure[256]; /* why libcurl could not be opened; "" when it was */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void *lib_symbol(void *handle, const char *name)
{
    void *sym = dlsym(handle, name);
    if (!sym && !lib_failure[0])
        snprintf(lib_failure, sizeof lib_failure, "%s lacks %s", LIBCURL_SONAME, name);
    return sym;
}

static void lib_open(void)
{
    void *h = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(lib_failure, sizeof lib_failure, "%s", why ? why : LIBCURL_SONAME);
        return;
    }
    /* POSIX: dlsym's object pointer holds the function's address. */
#define LOAD(field, name)                                                                \
    do {                                                                                 \
        void *sym = lib_symbol(h, name);                                                 \
        memcpy(&lib.field, &sym, sizeof lib.field);                                      \
    } while (0)
    LOAD(global_init, "curl_global_init");
    LOAD(easy_init, "curl_easy_init");
    LOAD(easy_setopt, "curl_easy_setopt");
    LOAD(easy_perform, "curl_easy_perform");
    LOAD(easy_getinfo, "curl_easy_getinfo");
    LOAD(easy_cleanup, "curl_easy_cleanup");
    LOAD(easy_strerror, "curl_easy_strerror");
    LOAD(easy_escape, "curl_easy_escape");
    LOAD(free, "curl_free");
    LOAD(slist_append, "curl_slist_append");
    LOAD(slist_free_all, "curl_slist_free_all");
#undef LOAD
    if (lib_failure[0])
        return; /* the handle stays open: nothing of it is used */
    lib.global_init(CURL_GLOBAL_DEFAULT);
}

/* libcurl opened (once, whichever thread asks first), or an error saying
 * why a live query cannot be made. */
static enum t0_status curl_ready(const struct t0_prom_server *srv, struct t0_error *err)
{
    pthread_once(&lib_once, lib_open);
    if (!lib_failure[0])
        return T0_OK;
    return t0_error_set(err, T0_EINPUT, srv->url, NULL,
                        "cannot query a Prometheus server: unable to load libcurl (%s; "
                        "Debian's libcurl4 package)",
                        lib_failure);
}

static void wait_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Worth trying again: the server or the way to it may come back. */
static bool transient(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return true;
    default:
        return false;
    }
}

/* What a message quotes of a query: the first QUERY_SHOWN bytes. */
static void shown_query(const char *query, char *buf, size_t size)
{
    size_t len = strlen(query);
    if (len <= QUERY_SHOWN)
        snprintf(buf, size, "%s", query);
    else
        snprintf(buf, size, "%.*s...", QUERY_SHOWN, query);
}

static const char *curl_reason(CURLcode rc)
{
    if (rc == CURLE_PARTIAL_FILE)
        return "the response was cut short";
    if (rc == CURLE_GOT_NOTHING)
        return "the server closed the connection without answering";
    return lib.easy_strerror(rc);
}

/* GETs url into body (reset first); *http the status (0: no answer). Retries
 * 503s and transient failures; the last outcome is returned. */
static CURLcode get_with_retries(const struct t0_prom_server *srv, const char *url,
                                 struct buffer *body, long *http,
                                 struct t0_prom_stats *stats)
{
    CURL *h = lib.easy_init();
    if (!h)
        return CURLE_FAILED_INIT;
    struct curl_slist *hdrs = NULL;
    for (size_t i = 0; i < srv->n_headers; i++) {
        struct curl_slist *next = lib.slist_append(hdrs, srv->headers[i]);
        if (!next) {
            lib.slist_free_all(hdrs);
            lib.easy_cleanup(h);
            return CURLE_OUT_OF_MEMORY;
        }
        hdrs = next;
    }
    long timeout_ms = (long)(srv->timeout_seconds * 1000.0);
    lib.easy_setopt(h, CURLOPT_URL, url);
    lib.easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    lib.easy_setopt(h, CURLOPT_USERAGENT, "tierzero/" T0_VERSION);
    lib.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 1L);
    lib.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    lib.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    lib.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, srv->tls_verify ? 1L : 0L);
    lib.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, srv->tls_verify ? 2L : 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    lib.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    lib.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    lib.easy_setopt(h, CURLOPT_WRITEDATA, body);
    CURLcode rc = CURLE_OK;
    long wait = srv->backoff_ms;
    for (int attempt = 0;; attempt++) {
        body->len = 0;
        body->too_big = false;
        if (body->data)
            body->data[0] = '\0';
        *http = 0;
        rc = lib.easy_perform(h);
        if (rc == CURLE_OK || rc == CURLE_PARTIAL_FILE)
            lib.easy_getinfo(h, CURLINFO_RESPONSE_CODE, http);
        bool again =
            (rc == CURLE_OK && *http == 503) || (rc != CURLE_OK && transient(rc));
        if (!again || attempt >= srv->retries)
            break;
        if (stats)
            stats->retries++;
        wait_ms(wait);
        wait *= 2;
    }
    if (rc == CURLE_OK && stats)
        stats->requests++;
    lib.slist_free_all(hdrs);
    lib.easy_cleanup(h);
    return rc;
}

/* The server's own words about a failed request: "errorType: error". */
static void server_error(const struct buffer *body, char *buf, size_t size)
{
    json_t *doc = body->len ? json_loadb(body->data, body->len, 0, NULL) : NULL;
    const char *type = json_string_value(json_object_get(doc, "errorType"));
    const char *text = json_string_value(json_object_get(doc, "error"));
    if (text)
        snprintf(buf, size, "%s%s%s", type ? type : "", type ? ": " : "", text);
    else if (body->len)
        snprintf(buf, size, "%.200s", body->data);
    else
        snprintf(buf, size, "no explanation");
    json_decref(doc);
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

static enum t0_status request_failed(const struct t0_prom_server *srv, CURLcode rc,
                                     long http, const struct buffer *body,
                                     const char *query, struct t0_error *err)
{
    char q[QUERY_SHOWN + 8], why[300];
    shown_query(query, q, sizeof q);
    if (rc != CURLE_OK) {
        if (body->too_big)
            return t0_error_set(err, T0_EINPUT, srv->url, NULL,
                                "query '%s': the response is over %u MiB (aggregate the "
                                "series, e.g. with sum())",
                                q, T0_PROM_MAX_RESPONSE >> 20);
        return t0_error_set(err, T0_EINPUT, srv->url, NULL, "query '%s': %s%s", q,
                            curl_reason(rc),
                            transient(rc) && srv->retries ? " (after retrying)" : "");
    }
    server_error(body, why, sizeof why);
    return t0_error_set(err, T0_EINPUT, srv->url, NULL,
                        "query '%s' refused (HTTP %ld%s): %s", q, http,
                        http == 503 && srv->retries ? ", after retrying" : "", why);
}

static char *range_url(const struct t0_prom_server *srv, const char *query, int64_t start,
                       int64_t end)
{
    CURL *h = lib.easy_init();
    char *escaped = h ? lib.easy_escape(h, query, 0) : NULL;
    char *url = NULL;
    if (escaped &&
        asprintf(&url, "%s/api/v1/query_range?query=%s&start=%lld&end=%lld&step=%lld",
                 srv->url, escaped, (long long)start, (long long)end,
                 (long long)srv->step_seconds) < 0)
        url = NULL;
    lib.free(escaped);
    lib.easy_cleanup(h);
    return url;
}

/* Checks a 200 answer's shape and returns its data.result (borrowed from
 * *doc, new). */
static const json_t *parse_matrix(const struct t0_prom_server *srv,
                                  const struct buffer *body, const char *query,
                                  json_t **doc, struct t0_error *err)
{
    char q[QUERY_SHOWN + 8];
    shown_query(query, q, sizeof q);
    json_error_t jerr;
    *doc = json_loadb(body->data ? body->data : "", body->len, 0, &jerr);
    if (!*doc) {
        t0_error_set(err, T0_EINPUT, srv->url, NULL,
                     "query '%s': the response is not JSON (cut short?): %s at byte %d",
                     q, jerr.text, jerr.position);
        return NULL;
    }
    const json_t *data = json_object_get(*doc, "data");
    const char *status = json_string_value(json_object_get(*doc, "status"));
    const char *type = json_string_value(json_object_get(data, "resultType"));
    const json_t *result = json_object_get(data, "result");
    if (!status || strcmp(status, "success") != 0) {
        char why[300];
        server_error(body, why, sizeof why);
        t0_error_set(err, T0_EINPUT, srv->url, NULL, "query '%s' failed: %s", q, why);
        return NULL;
    }
    if (!type || strcmp(type, "matrix") != 0 || !json_is_array(result)) {
        t0_error_set(err, T0_EINPUT, srv->url, NULL,
                     "query '%s': expected a matrix result, got %s", q,
                     type ? type : "no resultType");
        return NULL;
    }
    size_t i;
    json_t *series;
    json_array_foreach(result, i, series)
    {
        if (!json_is_object(series) ||
            !json_is_array(json_object_get(series, "values"))) {
            t0_error_set(err, T0_EINPUT, srv->url, NULL,
                         "query '%s': result[%zu] has no values list", q, i);
            return NULL;
        }
    }
    return result;
}

bool t0_prom_points(int64_t step, int64_t from_ms, int64_t to_ms, int64_t *start,
                    int64_t *end)
{
    if (step <= 0)
        return false;
    int64_t step_ms = step * 1000;
    /* floor division, for times before 1970 too */
    int64_t first = from_ms / step_ms - (from_ms % step_ms < 0) + 1;
    int64_t last = to_ms / step_ms - (to_ms % step_ms < 0);
    if (last < first)
        return false;
    *start = first * step;
    *end = last * step;
    return true;
}

enum t0_status t0_prom_query_range(const struct t0_prom_server *srv, const char *query,
                                   int64_t start, int64_t end, t0_prom_result_fn fn,
                                   void *ctx, struct t0_prom_stats *stats,
                                   struct t0_error *err)
{
    if (!srv->url)
        return t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "no Prometheus server: give --prometheus URL or prometheus.url");
    enum t0_status st = curl_ready(srv, err);
    if (st != T0_OK)
        return st;
    struct buffer body = {0};
    int64_t step = srv->step_seconds;
    for (int64_t from = start; from <= end && st == T0_OK;) {
        int64_t to = from + (T0_PROM_MAX_POINTS - 1) * step;
        if (to > end)
            to = end;
        char *url = range_url(srv, query, from, to);
        if (!url) {
            st = nomem(err);
            break;
        }
        long http = 0;
        CURLcode rc = get_with_retries(srv, url, &body, &http, stats);
        free(url);
        if (rc != CURLE_OK || http != 200) {
            st = request_failed(srv, rc, http, &body, query, err);
            break;
        }
        json_t *doc = NULL;
        const json_t *result = parse_matrix(srv, &body, query, &doc, err);
        if (!result) {
            json_decref(doc);
            st = T0_EINPUT;
            break;
        }
        if (stats) {
            size_t i;
            json_t *series;
            json_array_foreach(result, i, series)
            {
                stats->series++;
                stats->samples += json_array_size(json_object_get(series, "values"));
            }
        }
        st = fn(ctx, result, err);
        json_decref(doc);
        from = to + step;
    }
    free(body.data);
    return st;
}

struct save_ctx {
    FILE *out;
    size_t written;
};

static enum t0_status save_result(void *vctx, const json_t *result, struct t0_error *err)
{
    struct save_ctx *ctx = vctx;
    size_t i;
    json_t *series;
    json_array_foreach(result, i, series)
    {
        /* Thirteen digits: Unix seconds with milliseconds, as the server
         * writes them (1435781451.781), never 1435781451.7809999. */
        if (fputs(ctx->written ? ",\n" : "\n", ctx->out) == EOF ||
            json_dumpf(series, ctx->out, JSON_COMPACT | JSON_REAL_PRECISION(13)) != 0)
            return t0_error_set(err, T0_EOUTPUT, NULL, NULL, "unable to write: %s",
                                strerror(errno));
        ctx->written++;
    }
    return T0_OK;
}

enum t0_status t0_prom_save_range(const struct t0_prom_server *srv, const char *query,
                                  int64_t start, int64_t end, FILE *out,
                                  struct t0_prom_stats *stats, struct t0_error *err)
{
    struct save_ctx ctx = {out, 0};
    if (fputs("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[",
              out) == EOF)
        return t0_error_set(err, T0_EOUTPUT, NULL, NULL, "unable to write: %s",
                            strerror(errno));
    enum t0_status st =
        t0_prom_query_range(srv, query, start, end, save_result, &ctx, stats, err);
    if (st == T0_OK && fputs(ctx.written ? "\n]}}\n" : "]}}\n", out) == EOF)
        st = t0_error_set(err, T0_EOUTPUT, NULL, NULL, "unable to write: %s",
                          strerror(errno));
    return st;
}

enum t0_status t0_prom_ping(const struct t0_prom_server *srv, char **version,
                            struct t0_error *err)
{
    if (version)
        *version = NULL;
    if (!srv->url)
        return t0_error_set(
            err, T0_EUSAGE, NULL, NULL,
            "no Prometheus server: give --prometheus URL or prometheus.url");
    enum t0_status st = curl_ready(srv, err);
    if (st != T0_OK)
        return st;
    struct buffer body = {0};
    char *url = NULL;
    long http = 0;
    if (asprintf(&url, "%s/api/v1/query?query=vector%%281%%29", srv->url) < 0) {
        free(body.data);
        return nomem(err);
    }
    CURLcode rc = get_with_retries(srv, url, &body, &http, NULL);
    free(url);
    url = NULL;
    json_t *doc =
        rc == CURLE_OK && http == 200 ? json_loadb(body.data, body.len, 0, NULL) : NULL;
    const char *status = json_string_value(json_object_get(doc, "status"));
    if (!status || strcmp(status, "success") != 0) {
        st = request_failed(srv, rc, http == 200 ? 502 : http, &body, "vector(1)", err);
        goto cleanup;
    }
    if (version && asprintf(&url, "%s/api/v1/status/buildinfo", srv->url) >= 0) {
        json_decref(doc);
        doc = NULL;
        if (get_with_retries(srv, url, &body, &http, NULL) == CURLE_OK && http == 200)
            doc = json_loadb(body.data, body.len, 0, NULL);
        const char *v =
            json_string_value(json_object_get(json_object_get(doc, "data"), "version"));
        if (v)
            *version = strdup(v);
    }
cleanup:
    json_decref(doc);
    free(url);
    free(body.data);
    return st;
}

/* ---- saving every source ---- */

static enum t0_status make_dir(const char *dir, struct t0_error *err)
{
    char *copy = strdup(dir);
    if (!copy)
        return nomem(err);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST)
            break;
        *p = '/';
    }
    int rc = mkdir(copy, 0777);
    free(copy);
    struct stat sb;
    if ((rc != 0 && errno != EEXIST) || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return t0_error_set(err, T0_EOUTPUT, dir, NULL, "unable to create the folder: %s",
                            strerror(errno ? errno : ENOTDIR));
    return T0_OK;
}

/* A relative file source of the configuration, made to work from dir. */
static enum t0_status absolute_file(const struct t0_prom_config *pc, json_t *holder,
                                    struct t0_error *err)
{
    const char *file = json_string_value(json_object_get(holder, "file"));
    if (!file || file[0] == '/' || strcmp(file, "-") == 0)
        return T0_OK;
    char *base = realpath(pc->config_dir, NULL);
    char *joined = NULL;
    if (!base || asprintf(&joined, "%s/%s", base, file) < 0) {
        free(base);
        return nomem(err);
    }
    free(base);
    int rc = json_object_set_new(holder, "file", json_string(joined));
    free(joined);
    return rc == 0 ? T0_OK : nomem(err);
}

/* The configuration's copy, each PromQL source replaced by its file. */
static enum t0_status offline_tree(struct t0_prom_config *pc, struct t0_error *err)
{
    json_t *slos = json_object_get(pc->tree, "slos");
    for (size_t i = 0; json_is_array(slos) && i < json_array_size(slos); i++) {
        json_t *sli = json_object_get(json_array_get(slos, i), "sli");
        if (!json_is_object(sli))
            continue;
        enum t0_status st = absolute_file(pc, sli, err);
        for (int r = 0; st == T0_OK && r < T0_PROM_NROLES; r++) {
            json_t *src = json_object_get(sli, role_names[r]);
            if (json_is_object(src))
                st = absolute_file(pc, src, err);
        }
        if (st != T0_OK)
            return st;
    }
    for (size_t k = 0; k < pc->n_slos; k++) {
        const struct t0_prom_slo *e = &pc->slos[k];
        json_t *sli = json_object_get(json_array_get(slos, e->index), "sli");
        for (int r = 0; r < T0_PROM_NROLES; r++) {
            if (!e->query[r])
                continue;
            const char *base = strrchr(e->fetched[r], '/');
            json_t *src = json_pack("{s:s}", "file", base ? base + 1 : e->fetched[r]);
            if (!src || json_object_set_new(sli, role_names[r], src) != 0)
                return nomem(err);
        }
    }
    /* The files are the data now: no server to ask, only the step. */
    json_t *block =
        json_pack("{s:I}", "step_seconds", (json_int_t)pc->server.step_seconds);
    if (!block || json_object_set_new(pc->tree, "prometheus", block) != 0)
        return nomem(err);
    return T0_OK;
}

static enum t0_status fetch_one(struct t0_prom_config *pc, struct t0_prom_slo *e,
                                enum t0_prom_role r, int64_t start, int64_t end,
                                const char *dir, void (*notify)(void *, const char *),
                                void *ctx, struct t0_error *err)
{
    char *path = NULL, *tmp = NULL;
    enum t0_status st = T0_OK;
    if (asprintf(&path, "%s/%02zu-%s.json", dir, e->index + 1, role_names[r]) < 0 ||
        asprintf(&tmp, "%s.part", path) < 0) {
        free(path);
        return nomem(err);
    }
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        st = t0_error_set(err, T0_EOUTPUT, tmp, NULL, "unable to create: %s",
                          strerror(errno));
        goto cleanup;
    }
    struct t0_prom_stats stats = {0};
    struct t0_error local;
    t0_error_clear(&local);
    st = t0_prom_save_range(&pc->server, e->query[r], start, end, fp, &stats, &local);
    if (fclose(fp) != 0 && st == T0_OK)
        st = t0_error_set(&local, T0_EOUTPUT, NULL, NULL, "unable to write: %s",
                          strerror(errno));
    if (st != T0_OK) {
        unlink(tmp);
        char line[700];
        t0_error_format(&local, line, sizeof line);
        st = t0_error_set(err, st, NULL, NULL, "SLO \"%s\": %s: %s", e->name,
                          role_names[r], line);
        goto cleanup;
    }
    if (rename(tmp, path) != 0) {
        st = t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to write: %s",
                          strerror(errno));
        unlink(tmp);
        goto cleanup;
    }
    if (stats.samples == 0 && notify) {
        char line[400];
        snprintf(line, sizeof line,
                 "SLO \"%s\": %s: the query returned no data over the period (no data, "
                 "coverage 0)",
                 e->name, role_names[r]);
        notify(ctx, line);
    }
    free(e->fetched[r]);
    e->fetched[r] = path;
    path = NULL;
cleanup:
    free(path);
    free(tmp);
    return st;
}

enum t0_status t0_prom_fetch_all(struct t0_prom_config *pc, int64_t start, int64_t end,
                                 const char *dir,
                                 void (*notify)(void *ctx, const char *line), void *ctx,
                                 struct t0_error *err)
{
    enum t0_status st = make_dir(dir, err);
    for (size_t k = 0; st == T0_OK && k < pc->n_slos; k++)
        for (int r = 0; st == T0_OK && r < T0_PROM_NROLES; r++)
            if (pc->slos[k].query[r])
                st = fetch_one(pc, &pc->slos[k], (enum t0_prom_role)r, start, end, dir,
                               notify, ctx, err);
    if (st != T0_OK || (st = offline_tree(pc, err)) != T0_OK)
        return st;
    char *path = NULL;
    if (asprintf(&path, "%s/config.json", dir) < 0)
        return nomem(err);
    if (json_dump_file(pc->tree, path, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) != 0)
        st = t0_error_set(err, T0_EOUTPUT, path, NULL, "unable to write: %s",
                          strerror(errno));
    free(path);
    return st;
}

const char *t0_prom_fetched_path(const struct t0_prom_config *pc, size_t slo_index,
                                 enum t0_prom_role role)
{
    for (size_t k = 0; pc && role < T0_PROM_NROLES && k < pc->n_slos; k++)
        if (pc->slos[k].index == slo_index)
            return pc->slos[k].fetched[role];
    return NULL;
}
