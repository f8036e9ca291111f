/* fmt_releases.c: the release sources (definitions.md §2.3, §7.2): native, GitHub and
 * GitLab releases, GitHub deployments, Argo CD application history. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ingest_private.h"

static bool convert_native_release(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected a release object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    return t0_in_get_id(g, o, "id", &rel->id) &&
           t0_in_get_time(g, o, "released_at", NULL, true, &rel->released_at) &&
           t0_in_get_services(g, o, "services", NULL, &rel->services, NULL) &&
           t0_in_get_text(g, o, "name", NULL, &rel->name) &&
           t0_in_get_text(g, o, "kind", NULL, &rel->kind) &&
           t0_in_get_text(g, o, "url", NULL, &rel->url);
}

static bool convert_github_release(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected a release object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    if (!t0_in_get_id(g, o, "tag_name", &rel->id))
        return false;
    json_t *published = json_object_get(o, "published_at");
    if (json_is_null(published))
        return t0_in_fail(g, NULL, "draft release: published_at is null");
    return t0_in_get_time(g, o, "published_at", NULL, true, &rel->released_at) &&
           t0_in_get_text(g, o, "name", NULL, &rel->name) &&
           t0_in_get_text(g, o, "html_url", NULL, &rel->url);
}

/* A GitLab release: tag_name, released_at, name, _links.self. */
static bool convert_gitlab_release(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected a release object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    json_t *links;
    if (!t0_in_get_id(g, o, "tag_name", &rel->id) ||
        !t0_in_get_time(g, o, "released_at", NULL, true, &rel->released_at) ||
        !t0_in_get_text(g, o, "name", NULL, &rel->name) ||
        !t0_in_opt_object(g, o, "_links", NULL, &links))
        return false;
    return !links || t0_in_get_text(g, links, "self", "_links.self", &rel->url);
}

/* An id that may be an integer (definitions.md rule 11.14: deployments and Argo CD):
 * its decimal text; otherwise a non-empty string. */
static bool get_numeric_id(struct ingest *g, json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v)) {
        char text[32];
        int n =
            snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *out = t0_in_arena_strn(g, text, (size_t)n);
        return *out != NULL || t0_in_out_of_memory(g);
    }
    return t0_in_get_id(g, o, key, out);
}

static const char *numeric_id(json_t *o, char *buf, size_t size)
{
    json_t *v = json_object_get(o, "id");
    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    return json_string_value(v);
}

/* A GitHub deployment: id, created_at, ref; only correlation.environment
 * counts, the others are read and accepted but left out (definitions.md rule 11.4). */
static bool convert_deployment(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected a deployment object, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    json_t *env;
    if (!get_numeric_id(g, o, "id", &rel->id) ||
        !t0_in_get_time(g, o, "created_at", NULL, true, &rel->released_at) ||
        !t0_in_get_text(g, o, "ref", NULL, &rel->name) ||
        !t0_in_opt_string(g, o, "environment", NULL, &env))
        return false;
    const char *want = g->lim.environment ? g->lim.environment : "production";
    g->left_out = !env || strcmp(json_string_value(env), want) != 0;
    return true;
}

/* An Argo CD history entry: id, deployedAt, revision. */
static bool convert_argocd(struct ingest *g, json_t *o, struct t0_release *rel)
{
    char buf[96];
    if (!json_is_object(o))
        return t0_in_fail(g, NULL, "expected a history entry, got %s",
                          t0_in_describe(o, buf, sizeof buf));
    return get_numeric_id(g, o, "id", &rel->id) &&
           t0_in_get_time(g, o, "deployedAt", NULL, true, &rel->released_at) &&
           t0_in_get_text(g, o, "revision", NULL, &rel->name);
}

static const char *native_id(json_t *o, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return json_string_value(json_object_get(o, "id"));
}

static const char *tag_id(json_t *o, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return json_string_value(json_object_get(o, "tag_name"));
}

const struct t0_release_format t0_rfmt_native = {"native", native_id,
                                                 convert_native_release};
const struct t0_release_format t0_rfmt_github = {"github", tag_id,
                                                 convert_github_release};
const struct t0_release_format t0_rfmt_gitlab = {"gitlab", tag_id,
                                                 convert_gitlab_release};
const struct t0_release_format t0_rfmt_deployment = {"github-deployments", numeric_id,
                                                     convert_deployment};
const struct t0_release_format t0_rfmt_argocd = {"argocd", numeric_id, convert_argocd};
