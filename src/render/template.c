/* template.c: loading report templates and expanding their texts by pure substitution. */
#define _GNU_SOURCE
#include "tierzero/template.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynbuf.h"
#include "json_words.h"
#include "tierzero/output.h"

#define MAX_TEMPLATE_BYTES (1024 * 1024)
#define MAX_EXPANSION_BYTES (64 * 1024)
#define MAX_NESTING 16
#define MAX_NAME 64

struct t0_template {
    char *dir;
    char *file;
    char *logo;              /* full path or NULL */
    unsigned char *logo_png; /* its bytes, checked by t0_template_check_png */
    size_t logo_len;
    char page_size[8]; /* "" when not set */
    struct t0_theme theme;
    enum t0_section sections[T0_SECTION_COUNT];
    size_t n_sections;
    size_t incident_log_max_rows;
    size_t postmortems_max;
    enum t0_incident_rank incident_rank;
    char *texts[T0_TEXT_COUNT];
};

static const char *const section_names[T0_SECTION_COUNT] = {
    "cover",        "summary",     "slo_history", "burndown", "calendar", "releases",
    "incident_log", "postmortems", "appendix",    "context",  "alerts"};

static const char *const placeholder_names[T0_PH_COUNT] = {"title",
                                                           "organization",
                                                           "review_month",
                                                           "period",
                                                           "verdict",
                                                           "slo_name",
                                                           "objective",
                                                           "attainment",
                                                           "budget_consumed",
                                                           "budget_remaining",
                                                           "exhausted_on",
                                                           "incidents",
                                                           "mttr_median",
                                                           "mttr_p90",
                                                           "releases",
                                                           "share_after_release",
                                                           "coverage",
                                                           "rate_ratio",
                                                           "p_value",
                                                           "window_hours",
                                                           "change_failure_rate",
                                                           "freeze_until",
                                                           "releases_after_exhaustion",
                                                           "incident_id",
                                                           "incident_title"};

static const char *const flag_names[T0_FLAG_COUNT] = {"met",
                                                      "at_risk",
                                                      "exhausted",
                                                      "partial",
                                                      "has_releases",
                                                      "has_incidents",
                                                      "freeze",
                                                      "significant",
                                                      "has_mttr",
                                                      "has_organization",
                                                      "releases_without_services"};

static const char *const text_names[T0_TEXT_COUNT] = {
    "cover_note", "summary", "releases", "no_releases", "method", "postmortem_intro"};

const char *t0_section_name(enum t0_section section)
{
    return (unsigned)section < T0_SECTION_COUNT ? section_names[section] : "?";
}

const char *t0_placeholder_name(enum t0_placeholder ph)
{
    return (unsigned)ph < T0_PH_COUNT ? placeholder_names[ph] : "?";
}

const char *t0_flag_name(enum t0_flag flag)
{
    return (unsigned)flag < T0_FLAG_COUNT ? flag_names[flag] : "?";
}

const char *t0_text_name(enum t0_text text)
{
    return (unsigned)text < T0_TEXT_COUNT ? text_names[text] : "?";
}

static int find_name(const char *const *names, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return (int)i;
    return -1;
}

/* ---- text syntax ---- */

/* One {{...}} tag: kind is 0 (placeholder), '#', '^' or '/'; name trimmed. */
struct tag {
    size_t start, end; /* [start, end) covers "{{ ... }}" */
    char kind;
    const char *name;
    size_t name_len;
};

/* Reads the tag at text[pos] == "{{"; false when it has no closing "}}". */
static bool read_tag(const char *text, size_t len, size_t pos, struct tag *tag)
{
    size_t i = pos + 2;
    while (i + 1 < len && !(text[i] == '}' && text[i + 1] == '}'))
        i++;
    if (i + 1 >= len)
        return false;
    tag->start = pos;
    tag->end = i + 2;
    size_t a = pos + 2, b = i;
    while (a < b && text[a] == ' ')
        a++;
    tag->kind = 0;
    if (a < b && (text[a] == '#' || text[a] == '^' || text[a] == '/')) {
        tag->kind = text[a];
        a++;
        while (a < b && text[a] == ' ')
            a++;
    }
    while (b > a && text[b - 1] == ' ')
        b--;
    tag->name = text + a;
    tag->name_len = b - a;
    return true;
}

static bool tag_fail(size_t *offset, size_t at, char *msg, size_t msg_size,
                     const char *text)
{
    if (offset)
        *offset = at;
    if (msg && msg_size)
        snprintf(msg, msg_size, "%s", text);
    return false;
}

bool t0_template_check_text(const char *text, size_t len, size_t *offset, char *msg,
                            size_t msg_size)
{
    struct tag open[MAX_NESTING];
    size_t depth = 0;
    char buf[160];
    for (size_t i = 0; i + 1 < len; i++) {
        if (!(text[i] == '{' && text[i + 1] == '{'))
            continue;
        struct tag tag;
        if (!read_tag(text, len, i, &tag))
            return tag_fail(offset, i, msg, msg_size, "unterminated '{{'");
        int shown = (int)(tag.end - tag.start > 60 ? 60 : tag.end - tag.start);
        if (tag.kind == 0) {
            if (find_name(placeholder_names, T0_PH_COUNT, tag.name, tag.name_len) < 0) {
                snprintf(buf, sizeof buf, "unknown placeholder '%.*s'", shown,
                         text + tag.start);
                return tag_fail(offset, i, msg, msg_size, buf);
            }
        } else if (tag.kind == '#' || tag.kind == '^') {
            if (find_name(flag_names, T0_FLAG_COUNT, tag.name, tag.name_len) < 0) {
                snprintf(buf, sizeof buf, "unknown flag '%.*s'", shown, text + tag.start);
                return tag_fail(offset, i, msg, msg_size, buf);
            }
            if (depth == MAX_NESTING) {
                snprintf(buf, sizeof buf, "sections nested deeper than %d", MAX_NESTING);
                return tag_fail(offset, i, msg, msg_size, buf);
            }
            open[depth++] = tag;
        } else {
            if (depth == 0 || open[depth - 1].name_len != tag.name_len ||
                memcmp(open[depth - 1].name, tag.name, tag.name_len) != 0) {
                if (depth == 0)
                    snprintf(buf, sizeof buf, "'%.*s' closes no open section", shown,
                             text + tag.start);
                else
                    snprintf(buf, sizeof buf, "'%.*s' does not close '{{%c%.*s}}'", shown,
                             text + tag.start, open[depth - 1].kind,
                             (int)open[depth - 1].name_len, open[depth - 1].name);
                return tag_fail(offset, i, msg, msg_size, buf);
            }
            depth--;
        }
        i = tag.end - 1;
    }
    if (depth > 0) {
        const struct tag *t = &open[depth - 1];
        snprintf(buf, sizeof buf, "section '{{%c%.*s}}' is never closed", t->kind,
                 (int)(t->name_len > 60 ? 60 : t->name_len), t->name);
        return tag_fail(offset, t->start, msg, msg_size, buf);
    }
    return true;
}

/* ---- expansion ---- */

/* Appends n bytes of s, cut to what MAX_EXPANSION_BYTES leaves. */
static void out_append(struct t0_dynbuf *o, const char *s, size_t n)
{
    if (o->len + n > MAX_EXPANSION_BYTES)
        n = MAX_EXPANSION_BYTES - o->len;
    t0_dynbuf_add(o, s, n);
}

char *t0_template_expand(const char *text, const struct t0_template_vars *vars)
{
    struct t0_dynbuf o;
    t0_dynbuf_init(&o, MAX_EXPANSION_BYTES);
    out_append(&o, "", 0);
    size_t len = text ? strlen(text) : 0;
    /* emitting[d]: is the text at nesting depth d shown? */
    bool emitting[MAX_NESTING + 1];
    size_t depth = 0;
    emitting[0] = true;
    size_t i = 0, plain = 0;
    while (i < len) {
        struct tag tag;
        if (!(i + 1 < len && text[i] == '{' && text[i + 1] == '{') ||
            !read_tag(text, len, i, &tag)) {
            i++;
            continue;
        }
        if (emitting[depth])
            out_append(&o, text + plain, i - plain);
        if (tag.kind == 0) {
            int ph = find_name(placeholder_names, T0_PH_COUNT, tag.name, tag.name_len);
            if (ph >= 0 && emitting[depth] && vars && vars->values[ph])
                out_append(&o, vars->values[ph], strlen(vars->values[ph]));
        } else if (tag.kind == '#' || tag.kind == '^') {
            int fl = find_name(flag_names, T0_FLAG_COUNT, tag.name, tag.name_len);
            bool value = fl >= 0 && vars && vars->flags[fl];
            bool shown = tag.kind == '#' ? value : !value;
            if (depth < MAX_NESTING) {
                emitting[depth + 1] = emitting[depth] && shown;
                depth++;
            }
        } else if (depth > 0) {
            depth--;
        }
        i = plain = tag.end;
    }
    if (emitting[depth])
        out_append(&o, text + plain, len - plain);
    return t0_dynbuf_take(&o); /* NULL when out of memory */
}

/* ---- positions in the raw JSON text ---- */

/* Line and column (1-based) of byte offset pos. */
static void position_of(const char *raw, size_t pos, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < pos; i++) {
        if (raw[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)raw[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Calls fn for every string literal of a (valid) JSON text, with the offset
 * of its first content byte, its raw content length, and whether it is an
 * object key. Stops when fn returns false. */
typedef bool (*string_fn)(const char *raw, size_t start, size_t len, bool is_key,
                          void *ctx);

static void scan_strings(const char *raw, size_t n, size_t from, string_fn fn, void *ctx)
{
    size_t i = from;
    while (i < n) {
        if (raw[i] != '"') {
            i++;
            continue;
        }
        size_t start = i + 1, j = start;
        while (j < n && raw[j] != '"') {
            if (raw[j] == '\\' && j + 1 < n)
                j++;
            j++;
        }
        size_t k = j + 1;
        while (k < n &&
               (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '\r' || raw[k] == '\n'))
            k++;
        bool is_key = k < n && raw[k] == ':';
        if (!fn(raw, start, j - start, is_key, ctx))
            return;
        i = j + 1;
    }
}

struct key_search {
    const char *key;
    size_t found; /* offset of the key's content, or SIZE_MAX */
};

static bool match_key(const char *raw, size_t start, size_t len, bool is_key, void *ctx)
{
    struct key_search *ks = ctx;
    if (is_key && len == strlen(ks->key) && memcmp(raw + start, ks->key, len) == 0) {
        ks->found = start;
        return false;
    }
    return true;
}

/* Offset of the first key named key at or after from; SIZE_MAX if none. */
static size_t find_key(const char *raw, size_t n, size_t from, const char *key)
{
    struct key_search ks = {key, SIZE_MAX};
    scan_strings(raw, n, from, match_key, &ks);
    return ks.found;
}

struct text_check {
    size_t bad; /* offset of the error in the raw text, SIZE_MAX if none */
    char msg[200];
};

static bool check_literal(const char *raw, size_t start, size_t len, bool is_key,
                          void *ctx)
{
    struct text_check *tc = ctx;
    (void)is_key;
    if (!memmem(raw + start, len, "{{", 2))
        return true;
    size_t off = 0;
    if (!t0_template_check_text(raw + start, len, &off, tc->msg, sizeof tc->msg)) {
        tc->bad = start + off;
        return false;
    }
    return true;
}

/* ---- loading ---- */

struct loader {
    const char *file; /* for messages */
    const char *raw;
    size_t n;
    struct t0_error *err;
};

/* An error at the key `key` found after offset `from` (its line, column). */
static enum t0_status fail_at_key(struct loader *ld, size_t from, const char *key,
                                  const char *fmt, const char *arg)
{
    size_t at = find_key(ld->raw, ld->n, from, key);
    int line = 0, col = 0;
    if (at != SIZE_MAX)
        position_of(ld->raw, at - 1, &line, &col);
    char text[400];
    snprintf(text, sizeof text, fmt, arg ? arg : "");
    if (line > 0)
        return t0_error_set_at(ld->err, T0_EINPUT, ld->file, line, col, "%s", text);
    return t0_error_set(ld->err, T0_EINPUT, ld->file, key, "%s", text);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static bool plain_name(const char *name)
{
    return name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 &&
           strcmp(name, "..") != 0;
}

/* Resolves name_or_dir to a template directory (new), or NULL. */
static char *resolve_dir(const char *name_or_dir, const char *exe_path)
{
    if (!plain_name(name_or_dir) || is_dir(name_or_dir)) {
        if (is_dir(name_or_dir))
            return strdup(name_or_dir);
        return NULL;
    }
    char *candidate = NULL;
    const char *env = getenv("TIERZERO_TEMPLATES");
    if (env && env[0]) {
        candidate = join(env, name_or_dir);
        if (candidate && is_dir(candidate))
            return candidate;
        free(candidate);
    }
    char *exe = exe_path ? t0_program_dir(exe_path) : NULL;
    if (exe) {
        char *share = join(exe, "../" T0_TEMPLATE_SUBDIR);
        free(exe);
        candidate = share ? join(share, name_or_dir) : NULL;
        free(share);
        if (candidate && is_dir(candidate))
            return candidate;
        free(candidate);
    }
    candidate = join(T0_SOURCE_TEMPLATE_DIR, name_or_dir);
    if (candidate && is_dir(candidate))
        return candidate;
    free(candidate);
    return NULL;
}

static char *read_small_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(MAX_TEMPLATE_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MAX_TEMPLATE_BYTES + 1, fp) : 0;
    bool bad = ferror(fp) || n > MAX_TEMPLATE_BYTES;
    fclose(fp);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

struct colour_slot {
    const char *name;
    size_t offset;
};

static const struct colour_slot colour_slots[] = {
    {"text", offsetof(struct t0_theme, text)},
    {"secondary", offsetof(struct t0_theme, secondary)},
    {"axis", offsetof(struct t0_theme, axis)},
    {"grid", offsetof(struct t0_theme, grid)},
    {"zebra", offsetof(struct t0_theme, zebra)},
    {"met", offsetof(struct t0_theme, met)},
    {"at_risk", offsetof(struct t0_theme, at_risk)},
    {"exhausted", offsetof(struct t0_theme, exhausted)},
    {"release", offsetof(struct t0_theme, release)},
    {"incident", offsetof(struct t0_theme, incident)},
    {"accent", offsetof(struct t0_theme, accent)},
};

static enum t0_status load_palette(struct loader *ld, struct t0_template *tpl,
                                   json_t *obj, size_t at)
{
    if (!json_is_object(obj))
        return fail_at_key(ld, 0, "palette", "'palette' must be an object%s", "");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const struct colour_slot *slot = NULL;
        for (size_t i = 0; i < sizeof colour_slots / sizeof colour_slots[0]; i++)
            if (strcmp(colour_slots[i].name, key) == 0)
                slot = &colour_slots[i];
        if (!slot)
            return fail_at_key(ld, at, key, "unknown palette colour '%s'", key);
        struct t0_rgb rgb;
        if (!json_is_string(v) || !t0_rgb_parse(json_string_value(v), &rgb))
            return fail_at_key(ld, at, key, "palette colour '%s' must be \"#RRGGBB\"",
                               key);
        memcpy((char *)&tpl->theme + slot->offset, &rgb, sizeof rgb);
    }
    return T0_OK;
}

static enum t0_status load_fonts(struct loader *ld, struct t0_template *tpl, json_t *obj,
                                 size_t at)
{
    if (!json_is_object(obj))
        return fail_at_key(ld, 0, "fonts", "'fonts' must be an object%s", "");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        char *dst = NULL;
        if (strcmp(key, "family") == 0)
            dst = tpl->theme.font_family;
        else if (strcmp(key, "condensed") == 0)
            dst = tpl->theme.font_condensed;
        else if (strcmp(key, "mono") == 0)
            dst = tpl->theme.font_mono;
        else
            return fail_at_key(ld, at, key, "unknown font '%s' (family, condensed, mono)",
                               key);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!s || !s[0] || strlen(s) >= sizeof tpl->theme.font_family || strchr(s, ','))
            return fail_at_key(ld, at, key, "font '%s' must be one family name", key);
        snprintf(dst, sizeof tpl->theme.font_family, "%s", s);
    }
    return T0_OK;
}

static enum t0_status load_sections(struct loader *ld, struct t0_template *tpl,
                                    json_t *arr)
{
    if (!json_is_array(arr))
        return fail_at_key(ld, 0, "sections", "'sections' must be a list of names%s", "");
    tpl->n_sections = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        int sec = s ? find_name(section_names, T0_SECTION_COUNT, s, strlen(s)) : -1;
        if (sec < 0)
            return fail_at_key(ld, 0, "sections", "unknown section '%s'",
                               s ? s : "(not a string)");
        for (size_t k = 0; k < tpl->n_sections; k++)
            if (tpl->sections[k] == (enum t0_section)sec)
                return fail_at_key(ld, 0, "sections", "section '%s' listed twice", s);
        tpl->sections[tpl->n_sections++] = (enum t0_section)sec;
    }
    return T0_OK;
}

static enum t0_status load_limits(struct loader *ld, struct t0_template *tpl, json_t *obj,
                                  size_t at)
{
    if (!json_is_object(obj))
        return fail_at_key(ld, 0, "limits", "'limits' must be an object%s", "");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t *dst;
        json_int_t max;
        if (strcmp(key, "incident_log_max_rows") == 0) {
            dst = &tpl->incident_log_max_rows;
            max = 10000;
        } else if (strcmp(key, "postmortems_max") == 0) {
            dst = &tpl->postmortems_max;
            max = 100;
        } else {
            return fail_at_key(ld, at, key, "unknown limit '%s'", key);
        }
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > max)
            return fail_at_key(ld, at, key, "limit '%s' must be a whole number in range",
                               key);
        *dst = (size_t)json_integer_value(v);
    }
    return T0_OK;
}

static enum t0_status load_texts(struct loader *ld, struct t0_template *tpl, json_t *obj,
                                 size_t at)
{
    if (!json_is_object(obj))
        return fail_at_key(ld, 0, "texts", "'texts' must be an object%s", "");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int t = find_name(text_names, T0_TEXT_COUNT, key, strlen(key));
        if (t < 0)
            return fail_at_key(ld, at, key, "unknown text '%s'", key);
        if (!json_is_string(v))
            return fail_at_key(ld, at, key, "text '%s' must be a string", key);
        const char *s = json_string_value(v);
        size_t off;
        char msg[200];
        if (!t0_template_check_text(s, json_string_length(v), &off, msg, sizeof msg))
            return fail_at_key(ld, at, key, "%s", msg);
        free(tpl->texts[t]);
        tpl->texts[t] = strdup(s);
        if (!tpl->texts[t])
            return t0_error_set(ld->err, T0_ENOMEM, ld->file, NULL, "out of memory");
    }
    return T0_OK;
}

/* True when a path has a ".." component. */
static bool has_dotdot(const char *rel)
{
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += n;
        p += *p == '/';
    }
    return false;
}

/* A file the template names under `key`, resolved inside the template
 * directory: relative, without "..", and inside it still once symbolic links
 * are followed. *out: the real path (new). */
static enum t0_status template_file(struct loader *ld, const struct t0_template *tpl,
                                    const char *key, json_t *v, char **out)
{
    char msg[640];
    const char *rel = json_is_string(v) ? json_string_value(v) : NULL;
    *out = NULL;
    if (!rel || !rel[0] || rel[0] == '/' || strlen(rel) != json_string_length(v)) {
        snprintf(msg, sizeof msg, "'%s' must be a path relative to the template", key);
        return fail_at_key(ld, 0, key, "%s", msg);
    }
    if (has_dotdot(rel)) {
        snprintf(msg, sizeof msg, "%s '%.200s' leaves the template directory ('..')", key,
                 rel);
        return fail_at_key(ld, 0, key, "%s", msg);
    }
    enum t0_status st = T0_OK;
    char *path = join(tpl->dir, rel);
    char *real_dir = realpath(tpl->dir, NULL);
    char *real = path ? realpath(path, NULL) : NULL;
    size_t dl = real_dir ? strlen(real_dir) : 0;
    if (!path || !real_dir) {
        st = t0_error_set(ld->err, T0_ENOMEM, ld->file, NULL, "out of memory");
    } else if (!real) {
        snprintf(msg, sizeof msg, "%s '%.200s' not found beside template.json: %s", key,
                 rel, strerror(errno));
        st = fail_at_key(ld, 0, key, "%s", msg);
    } else if (strncmp(real, real_dir, dl) != 0 ||
               (dl > 1 && real[dl] != '/' && real[dl] != '\0')) {
        snprintf(
            msg, sizeof msg,
            "%s '%.200s' leaves the template directory (a symbolic link to '%.150s')",
            key, rel, real);
        st = fail_at_key(ld, 0, key, "%s", msg);
    } else if (!is_file(real)) {
        snprintf(msg, sizeof msg, "%s '%.200s' is not a regular file", key, rel);
        st = fail_at_key(ld, 0, key, "%s", msg);
    }
    free(path);
    free(real_dir);
    if (st == T0_OK)
        *out = real;
    else
        free(real);
    return st;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool t0_template_check_png(const unsigned char *png, size_t len, char *msg,
                           size_t msg_size)
{
    static const unsigned char signature[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1A, '\n'};
    static const unsigned char iend[12] = {0,   0,   0,    0,    'I',  'E',
                                           'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    if (len > T0_LOGO_MAX_BYTES) {
        snprintf(msg, msg_size, "is larger than %d bytes", T0_LOGO_MAX_BYTES);
        return false;
    }
    if (len < 8 || memcmp(png, signature, 8) != 0) {
        snprintf(msg, msg_size, "is not a PNG file");
        return false;
    }
    if (len < 8 + 25 || be32(png + 8) != 13 || memcmp(png + 12, "IHDR", 4) != 0) {
        snprintf(msg, msg_size, "is not a whole PNG file (no image header)");
        return false;
    }
    uint32_t w = be32(png + 16), h = be32(png + 20);
    if (w == 0 || h == 0 || w > T0_LOGO_MAX_SIDE || h > T0_LOGO_MAX_SIDE ||
        (uint64_t)w * h > T0_LOGO_MAX_PIXELS) {
        snprintf(msg, msg_size,
                 "declares %" PRIu32 "x%" PRIu32
                 " pixels; a logo has at most %d pixels a "
                 "side and %d in all",
                 w, h, T0_LOGO_MAX_SIDE, T0_LOGO_MAX_PIXELS);
        return false;
    }
    if (len < 8 + 25 + 12 || memcmp(png + len - 12, iend, 12) != 0) {
        snprintf(msg, msg_size, "is truncated (it does not end with the PNG end chunk)");
        return false;
    }
    return true;
}

/* Reads at most T0_LOGO_MAX_BYTES + 1 bytes of path (new, NULL on error).
 * path is real: a symbolic link put there since is not followed. */
static unsigned char *read_logo(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!fp) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    unsigned char *buf = malloc((size_t)T0_LOGO_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, (size_t)T0_LOGO_MAX_BYTES + 1, fp) : 0;
    bool bad = ferror(fp);
    fclose(fp);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static enum t0_status load_logo(struct loader *ld, struct t0_template *tpl, json_t *v)
{
    if (json_is_null(v))
        return T0_OK;
    enum t0_status st = template_file(ld, tpl, "logo", v, &tpl->logo);
    if (st != T0_OK)
        return st;
    char why[200], msg[640];
    tpl->logo_png = read_logo(tpl->logo, &tpl->logo_len);
    if (!tpl->logo_png)
        snprintf(why, sizeof why, "cannot be read: %s", strerror(errno));
    if (!tpl->logo_png ||
        !t0_template_check_png(tpl->logo_png, tpl->logo_len, why, sizeof why)) {
        snprintf(msg, sizeof msg, "logo '%.200s' %s", json_string_value(v), why);
        return fail_at_key(ld, 0, "logo", "%s", msg);
    }
    return T0_OK;
}

static enum t0_status load_document(struct loader *ld, struct t0_template *tpl,
                                    json_t *root)
{
    if (!json_is_object(root))
        return t0_error_set_at(ld->err, T0_EINPUT, ld->file, 1, 1,
                               "a template is a JSON object");
    enum t0_status st = T0_OK;
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        /* Where the member's value starts (past the key's closing quote),
         * so that a search for the keys inside it sees whole strings. */
        size_t at = find_key(ld->raw, ld->n, 0, key);
        at = at == SIZE_MAX ? 0 : at + strlen(key) + 1;
        if (key[0] == '_' || strcmp(key, "name") == 0 || strcmp(key, "description") == 0)
            continue;
        if (strcmp(key, "page_size") == 0) {
            const char *s = json_is_string(v) ? json_string_value(v) : "";
            if (strcmp(s, "A4") != 0 && strcmp(s, "Letter") != 0)
                return fail_at_key(ld, 0, key, "page_size must be \"A4\" or \"Letter\"%s",
                                   "");
            snprintf(tpl->page_size, sizeof tpl->page_size, "%s", s);
        } else if (strcmp(key, "palette") == 0) {
            st = load_palette(ld, tpl, v, at);
        } else if (strcmp(key, "fonts") == 0) {
            st = load_fonts(ld, tpl, v, at);
        } else if (strcmp(key, "logo") == 0) {
            st = load_logo(ld, tpl, v);
        } else if (strcmp(key, "sections") == 0) {
            st = load_sections(ld, tpl, v);
        } else if (strcmp(key, "limits") == 0) {
            st = load_limits(ld, tpl, v, at);
        } else if (strcmp(key, "incident_rank") == 0) {
            const char *s = json_is_string(v) ? json_string_value(v) : "";
            if (strcmp(s, "budget_share") == 0)
                tpl->incident_rank = T0_RANK_BUDGET_SHARE;
            else if (strcmp(s, "bad_minutes") == 0)
                tpl->incident_rank = T0_RANK_BAD_MINUTES;
            else
                return fail_at_key(ld, 0, key,
                                   "incident_rank must be \"budget_share\" or "
                                   "\"bad_minutes\"%s",
                                   "");
        } else if (strcmp(key, "texts") == 0) {
            st = load_texts(ld, tpl, v, at);
        } else {
            return fail_at_key(ld, 0, key, "unknown key '%s'", key);
        }
        if (st != T0_OK)
            return st;
    }
    return T0_OK;
}

static void set_defaults(struct t0_template *tpl)
{
    t0_theme_default(&tpl->theme);
    static const enum t0_section report_order[] = {
        T0_SECTION_COVER,    T0_SECTION_SUMMARY,      T0_SECTION_SLO_HISTORY,
        T0_SECTION_BURNDOWN, T0_SECTION_ALERTS,       T0_SECTION_CALENDAR,
        T0_SECTION_RELEASES, T0_SECTION_INCIDENT_LOG, T0_SECTION_POSTMORTEMS,
        T0_SECTION_APPENDIX};
    memcpy(tpl->sections, report_order, sizeof report_order);
    tpl->n_sections = sizeof report_order / sizeof report_order[0];
    tpl->incident_log_max_rows = 100;
    tpl->postmortems_max = 5;
}

enum t0_status t0_template_load(const char *name_or_dir, const char *exe_path,
                                struct t0_template **out, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    char *raw = NULL;
    json_t *root = NULL;
    *out = NULL;
    struct t0_template *tpl = calloc(1, sizeof *tpl);
    if (!tpl)
        return t0_error_set(err, T0_ENOMEM, name_or_dir, NULL, "out of memory");
    set_defaults(tpl);
    tpl->dir = name_or_dir ? resolve_dir(name_or_dir, exe_path) : NULL;
    if (!tpl->dir) {
        st =
            t0_error_set(err, T0_EINPUT, name_or_dir ? name_or_dir : "(null)", NULL,
                         "no such template (a directory holding template.json, or a name "
                         "installed under share/tierzero/templates)");
        goto cleanup;
    }
    tpl->file = join(tpl->dir, "template.json");
    if (!tpl->file) {
        st = t0_error_set(err, T0_ENOMEM, name_or_dir, NULL, "out of memory");
        goto cleanup;
    }
    size_t n = 0;
    raw = read_small_file(tpl->file, &n);
    if (!raw) {
        st = t0_error_set(err, T0_EINPUT, tpl->file, NULL,
                          "unable to read (missing, unreadable or over 1 MiB)");
        goto cleanup;
    }
    json_error_t jerr;
    root = json_loadb(raw, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        st = t0_error_set_at(err, T0_EINPUT, tpl->file, jerr.line > 0 ? jerr.line : 1,
                             jerr.column > 0 ? jerr.column : 1, "%s",
                             t0_json_error_words(&jerr));
        goto cleanup;
    }
    struct loader ld = {tpl->file, raw, n, err};
    /* Check every text where it is written, so the message names its line. */
    struct text_check tc = {SIZE_MAX, ""};
    scan_strings(raw, n, 0, check_literal, &tc);
    if (tc.bad != SIZE_MAX) {
        int line, col;
        position_of(raw, tc.bad, &line, &col);
        st = t0_error_set_at(err, T0_EINPUT, tpl->file, line, col, "%s", tc.msg);
        goto cleanup;
    }
    st = load_document(&ld, tpl, root);
cleanup:
    json_decref(root);
    free(raw);
    if (st != T0_OK) {
        t0_template_free(tpl);
        return st;
    }
    *out = tpl;
    return T0_OK;
}

void t0_template_free(struct t0_template *tpl)
{
    if (!tpl)
        return;
    for (size_t i = 0; i < T0_TEXT_COUNT; i++)
        free(tpl->texts[i]);
    free(tpl->logo);
    free(tpl->logo_png);
    free(tpl->file);
    free(tpl->dir);
    free(tpl);
}

const struct t0_theme *t0_template_theme(const struct t0_template *tpl)
{
    return &tpl->theme;
}

const char *t0_template_dir(const struct t0_template *tpl)
{
    return tpl->dir;
}

const char *t0_template_file(const struct t0_template *tpl)
{
    return tpl->file;
}

const char *t0_template_page_size(const struct t0_template *tpl)
{
    return tpl->page_size[0] ? tpl->page_size : NULL;
}

const char *t0_template_logo(const struct t0_template *tpl)
{
    return tpl->logo;
}

const unsigned char *t0_template_logo_png(const struct t0_template *tpl, size_t *len)
{
    *len = tpl->logo_len;
    return tpl->logo_png;
}

const enum t0_section *t0_template_sections(const struct t0_template *tpl, size_t *count)
{
    *count = tpl->n_sections;
    return tpl->sections;
}

bool t0_template_has_section(const struct t0_template *tpl, enum t0_section section)
{
    for (size_t i = 0; i < tpl->n_sections; i++)
        if (tpl->sections[i] == section)
            return true;
    return false;
}

size_t t0_template_incident_log_max_rows(const struct t0_template *tpl)
{
    return tpl->incident_log_max_rows;
}

enum t0_incident_rank t0_template_incident_rank(const struct t0_template *tpl)
{
    return tpl->incident_rank;
}

size_t t0_template_postmortems_max(const struct t0_template *tpl)
{
    return tpl->postmortems_max;
}

const char *t0_template_text(const struct t0_template *tpl, enum t0_text text)
{
    return (unsigned)text < T0_TEXT_COUNT ? tpl->texts[text] : NULL;
}
