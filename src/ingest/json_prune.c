/* json_prune.c: a record's text with the members no mapper reads left out, before Jansson
 * builds it. */
#include "json_prune.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/*
 * Two scanners. The loose one finds where a value ends by its quotes and
 * brackets only: it walks what is kept, which Jansson parses afterwards in
 * the rewritten text. The strict one checks a value as Jansson's parser
 * would (its lexer's rules for strings, numbers and literals, its
 * duplicate-key check) without building it: it walks what is left out,
 * which Jansson never sees. Both are pointer loops over the record's bytes,
 * bounded by an end pointer; the strict one recurses at most
 * T0_JP_MAX_DEPTH deep.
 */

struct jp_node {
    char *key;
    size_t len;
    bool whole; /* the value is kept as written */
    bool array; /* the value is an array: its objects keep the kids */
    struct jp_node *kids;
    size_t n_kids, cap_kids;
};

struct t0_jp_spec {
    struct jp_node root; /* its kids are the top-level members */
};

/* ---- specs ---- */

static void node_release(struct jp_node *n)
{
    for (size_t i = 0; i < n->n_kids; i++)
        node_release(&n->kids[i]);
    free(n->kids);
    free(n->key);
}

static bool same_key(const char *a, const char *b, size_t len)
{
    while (len && *a == *b) { /* keys are short: a call to memcmp costs more */
        a++;
        b++;
        len--;
    }
    return len == 0;
}

static struct jp_node *find_kid(const struct jp_node *n, const char *key, size_t len)
{
    for (size_t i = 0; i < n->n_kids; i++)
        if (n->kids[i].len == len && same_key(n->kids[i].key, key, len))
            return &n->kids[i];
    return NULL;
}

/* The kid named key[0, len), added when new (as an array when array). */
static struct jp_node *kid_for(struct jp_node *n, const char *key, size_t len, bool array)
{
    struct jp_node *k = find_kid(n, key, len);
    if (k) {
        if (k->array != array) /* an array in one path, an object in another */
            k->whole = true;
        return k;
    }
    if (!t0_grow((void **)&n->kids, &n->cap_kids, n->n_kids + 1, sizeof *n->kids))
        return NULL;
    k = &n->kids[n->n_kids];
    memset(k, 0, sizeof *k);
    k->key = malloc(len + 1);
    if (!k->key)
        return NULL;
    memcpy(k->key, key, len);
    k->key[len] = '\0';
    k->len = len;
    k->array = array;
    n->n_kids++;
    return k;
}

static bool add_path(struct jp_node *root, const char *path)
{
    struct jp_node *at = root;
    for (const char *p = path;;) {
        size_t len = strcspn(p, ".");
        bool array = len >= 2 && p[len - 2] == '[' && p[len - 1] == ']';
        struct jp_node *k = kid_for(at, p, array ? len - 2 : len, array);
        if (!k)
            return false;
        if (p[len] == '\0') {
            k->whole = true;
            return true;
        }
        if (k->whole)
            return true;
        at = k;
        p += len + 1;
    }
}

struct t0_jp_spec *t0_jp_spec_new(const char *const *paths)
{
    struct t0_jp_spec *spec = calloc(1, sizeof *spec);
    if (spec && !t0_jp_spec_add(spec, paths)) {
        t0_jp_spec_free(spec);
        return NULL;
    }
    return spec;
}

bool t0_jp_spec_add(struct t0_jp_spec *spec, const char *const *paths)
{
    for (size_t i = 0; paths && paths[i]; i++)
        if (!add_path(&spec->root, paths[i]))
            return false;
    return true;
}

void t0_jp_spec_free(struct t0_jp_spec *spec)
{
    if (!spec)
        return;
    node_release(&spec->root);
    free(spec);
}

/* ---- the loose scanner ---- */

enum { LOOSE_PLAIN, LOOSE_QUOTE, LOOSE_OPEN, LOOSE_CLOSE };

/* The bytes the loose scanner stops at outside strings. */
static const unsigned char loose_class[256] = {
    ['"'] = LOOSE_QUOTE, ['{'] = LOOSE_OPEN,  ['['] = LOOSE_OPEN,
    ['}'] = LOOSE_CLOSE, [']'] = LOOSE_CLOSE,
};

/* A byte of a string the strict scanner passes without a second look:
 * printable ASCII but the quote and the backslash. */
static bool strict_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* The byte after the closing quote of the string whose opening quote is at
 * p: a byte loop for the short strings of keys and ids, memchr for a long
 * run of text. *escaped tells that it holds a backslash. */
static const char *loose_string_esc(const char *p, const char *end, bool *escaped)
{
    p++;
    for (;;) {
        const char *stop = end - p > 32 ? p + 32 : end;
        while (p < stop && *p != '"' && *p != '\\')
            p++;
        if (p == end)
            return NULL;
        if (p == stop) {
            const char *q = memchr(p, '"', (size_t)(end - p));
            if (!q)
                return NULL;
            const char *b = memchr(p, '\\', (size_t)(q - p));
            p = b ? b : q;
        }
        if (*p == '"')
            return p + 1;
        *escaped = true;
        p += 2; /* the backslash and the byte it escapes */
        if (p > end)
            return NULL;
    }
}

static const char *loose_string(const char *p, const char *end)
{
    bool escaped = false;
    return loose_string_esc(p, end, &escaped);
}

/* A key of the object's members at p (its opening quote) that holds no
 * escape: the byte after its closing quote, else NULL. */
static const char *plain_key(const char *p, const char *end)
{
    bool escaped = false;
    const char *q = p < end && *p == '"' ? loose_string_esc(p, end, &escaped) : NULL;
    return escaped ? NULL : q;
}

static bool is_scalar_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '-' || c == '+' || c == '.';
}

/* The end of the value at p, found by its quotes and brackets; NULL when the
 * brackets do not close before end. */
static const char *loose_value(const char *p, const char *end)
{
    if (p == end)
        return NULL;
    switch (loose_class[(unsigned char)*p]) {
    case LOOSE_QUOTE:
        return loose_string(p, end);
    case LOOSE_OPEN: {
        size_t depth = 0;
        while (p < end) {
            switch (loose_class[(unsigned char)*p]) {
            case LOOSE_PLAIN:
                p++;
                continue;
            case LOOSE_QUOTE:
                if (!(p = loose_string(p, end)))
                    return NULL;
                continue;
            case LOOSE_OPEN:
                depth++;
                break;
            default:
                if (--depth == 0)
                    return p + 1;
            }
            p++;
        }
        return NULL;
    }
    default: {
        const char *start = p;
        while (p < end && is_scalar_byte((unsigned char)*p))
            p++;
        return p > start ? p : NULL;
    }
    }
}

int t0_jp_members(const char *s, size_t n, struct t0_jp_member *m, int max)
{
    const char *end = s + n, *p = skip_ws(s, end);
    if (p == end || *p != '{')
        return -1;
    p = skip_ws(p + 1, end);
    if (p < end && *p == '}')
        return skip_ws(p + 1, end) == end ? 0 : -1;
    for (int count = 0;; count++) {
        const char *key = p + 1, *q = count < max ? plain_key(p, end) : NULL;
        if (!q)
            return -1;
        m[count].key = key;
        m[count].key_len = (size_t)(q - 1 - key);
        p = skip_ws(q, end);
        if (p == end || *p != ':')
            return -1;
        p = skip_ws(p + 1, end);
        if (!(q = loose_value(p, end)))
            return -1;
        m[count].value = p;
        m[count].value_len = (size_t)(q - p);
        p = skip_ws(q, end);
        if (p < end && *p == ',') {
            p = skip_ws(p + 1, end);
            continue;
        }
        if (p < end && *p == '}')
            return skip_ws(p + 1, end) == end ? count + 1 : -1;
        return -1;
    }
}

bool t0_jp_has(const struct t0_jp_member *m, int n, const char *key)
{
    size_t len = strlen(key);
    for (int i = 0; i < n; i++)
        if (m[i].key_len == len && memcmp(m[i].key, key, len) == 0)
            return true;
    return false;
}

/* ---- the strict scanner: Jansson's rules (its lexer, parser and utf.c) ---- */

/* The keys of the objects being checked, innermost last. */
struct jp_keys {
    size_t n;
    const char *key[T0_JP_MAX_KEYS];
    size_t len[T0_JP_MAX_KEYS];
};

/* Notes a key of the object whose keys start at keys->key[first]: false when
 * the object has it already (Jansson: duplicate object key) or there are
 * too many to compare. */
static bool note_key(struct jp_keys *keys, size_t first, const char *key, size_t len)
{
    if (keys->n == T0_JP_MAX_KEYS)
        return false;
    for (size_t i = first; i < keys->n; i++)
        if (keys->len[i] == len && same_key(keys->key[i], key, len))
            return false;
    keys->key[keys->n] = key;
    keys->len[keys->n] = len;
    keys->n++;
    return true;
}

/* The value of the four hex digits at p, -1 when they are not. */
static long hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = g_ascii_xdigit_value(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The byte after the UTF-8 character whose lead byte (>= 0x80) is at p, or
 * NULL when Jansson's utf8_check_first/utf8_check_full refuse it. */
static const char *utf8_char(const char *p, const char *end)
{
    unsigned char u = (unsigned char)*p;
    size_t size;
    long value;
    if (u >= 0xC2 && u <= 0xDF) {
        size = 2;
        value = u & 0x1F;
    } else if (u >= 0xE0 && u <= 0xEF) {
        size = 3;
        value = u & 0x0F;
    } else if (u >= 0xF0 && u <= 0xF4) {
        size = 4;
        value = u & 0x07;
    } else {
        return NULL;
    }
    if ((size_t)(end - p) < size)
        return NULL;
    for (size_t i = 1; i < size; i++) {
        u = (unsigned char)p[i];
        if (u < 0x80 || u > 0xBF)
            return NULL;
        value = (value << 6) + (u & 0x3F);
    }
    if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) ||
        (size == 3 && value < 0x800) || (size == 4 && value < 0x10000))
        return NULL;
    return p + size;
}

/* After a backslash at p: the byte after its escape, or NULL for one that
 * Jansson refuses, \u0000 (refused without JSON_ALLOW_NUL) and a surrogate
 * without its pair. */
static const char *escape(const char *p, const char *end)
{
    if (end - p < 2)
        return NULL;
    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        return p + 2;
    case 'u':
        break;
    default:
        return NULL;
    }
    long u = hex4(p + 2, end);
    if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
        return NULL;
    if (u < 0xD800 || u > 0xDBFF)
        return p + 6;
    if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
        return NULL;
    long low = hex4(p + 8, end);
    return low >= 0xDC00 && low <= 0xDFFF ? p + 12 : NULL;
}

/* The string whose opening quote is at p: the byte after its closing quote,
 * or NULL. *escaped tells that it holds an escape. */
static const char *strict_string(const char *p, const char *end, bool *escaped)
{
    *escaped = false;
    p++;
    for (;;) {
        while (p < end && strict_plain((unsigned char)*p))
            p++;
        if (p == end)
            return NULL;
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            return p + 1;
        if (c == '\\') {
            *escaped = true;
            p = escape(p, end);
        } else if (c < 0x20) {
            return NULL; /* a control character */
        } else {
            p = utf8_char(p, end);
        }
        if (!p)
            return NULL;
    }
}

static bool is_digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

static const char *digits(const char *p, const char *end)
{
    while (is_digit(p, end))
        p++;
    return p;
}

/* A number as Jansson's lexer reads one, and one it stores without
 * overflow: an integer of at most 18 digits (json_int_t takes 18 for
 * certain), a real of at most 200 characters with an exponent of at most
 * two digits (well inside a double). NULL otherwise. */
static const char *strict_number(const char *p, const char *end)
{
    const char *start = p;
    if (p < end && *p == '-')
        p++;
    if (p < end && *p == '0') {
        p++;
        if (is_digit(p, end)) /* a leading zero */
            return NULL;
    } else if (is_digit(p, end)) {
        p = digits(p, end);
    } else {
        return NULL;
    }
    const char *int_end = p;
    bool real = false;
    if (p < end && *p == '.') {
        if (!is_digit(++p, end))
            return NULL;
        p = digits(p, end);
        real = true;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        const char *exp = p;
        p = digits(p, end);
        if (p == exp || p - exp > 2)
            return NULL;
        real = true;
    }
    if (real ? p - start > 200 : int_end - start - (*start == '-') > 18)
        return NULL;
    return p;
}

static const char *literal(const char *p, const char *end, const char *word)
{
    size_t len = strlen(word);
    return (size_t)(end - p) >= len && memcmp(p, word, len) == 0 ? p + len : NULL;
}

static const char *strict_value(struct jp_keys *keys, const char *p, const char *end,
                                int depth);

/* A key at p (its opening quote) of the object whose keys start at first:
 * the byte after its closing quote, or NULL when it is not a plain string
 * or the object has it already. */
static const char *strict_key(struct jp_keys *keys, size_t first, const char *p,
                              const char *end)
{
    bool escaped;
    const char *q;
    if (p == end || *p != '"' || !(q = strict_string(p, end, &escaped)) || escaped ||
        !note_key(keys, first, p + 1, (size_t)(q - 2 - p)))
        return NULL;
    return q;
}

/* The object whose '{' is at p. */
static const char *strict_object(struct jp_keys *keys, const char *p, const char *end,
                                 int depth)
{
    size_t first = keys->n;
    p = skip_ws(p + 1, end);
    if (p < end && *p == '}')
        return p + 1;
    for (;;) {
        if (!(p = strict_key(keys, first, p, end)))
            return NULL;
        p = skip_ws(p, end);
        if (p == end || *p != ':')
            return NULL;
        if (!(p = strict_value(keys, p + 1, end, depth)))
            return NULL;
        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p = skip_ws(p + 1, end);
            continue;
        }
        if (p < end && *p == '}') {
            keys->n = first;
            return p + 1;
        }
        return NULL;
    }
}

/* The array whose '[' is at p. */
static const char *strict_array(struct jp_keys *keys, const char *p, const char *end,
                                int depth)
{
    p = skip_ws(p + 1, end);
    if (p < end && *p == ']')
        return p + 1;
    for (;;) {
        if (!(p = strict_value(keys, p, end, depth)))
            return NULL;
        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == ']')
            return p + 1;
        return NULL;
    }
}

/* The value after the white space at p; depth counts the containers around
 * it. Whatever follows a scalar is judged by its container (Jansson reads
 * "1x" and "truex" as a value and a bad token). */
static const char *strict_value(struct jp_keys *keys, const char *p, const char *end,
                                int depth)
{
    bool escaped;
    p = skip_ws(p, end);
    if (p == end)
        return NULL;
    switch (*p) {
    case '{':
        return depth < T0_JP_MAX_DEPTH ? strict_object(keys, p, end, depth + 1) : NULL;
    case '[':
        return depth < T0_JP_MAX_DEPTH ? strict_array(keys, p, end, depth + 1) : NULL;
    case '"':
        return strict_string(p, end, &escaped);
    case 't':
        return literal(p, end, "true");
    case 'f':
        return literal(p, end, "false");
    case 'n':
        return literal(p, end, "null");
    default:
        return strict_number(p, end);
    }
}

bool t0_jp_check_value(const char *s, size_t n)
{
    struct jp_keys keys;
    keys.n = 0;
    const char *end = s + n, *p = strict_value(&keys, s, end, 0);
    return p && skip_ws(p, end) == end;
}

/* ---- the rewrite ---- */

/* A rewrite under way: the rewritten text goes on at w, in a buffer sized for
 * the most it can hold (rewrite_bound). */
struct jp_walk {
    char *w;
    struct jp_keys keys;
    size_t top_keys; /* the top level's, keys.key[0, top_keys) once it is closed */
};

static void put(struct jp_walk *k, const char *p, size_t n)
{
    if (n > 16) {
        memcpy(k->w, p, n);
        k->w += n;
        return;
    }
    while (n--) /* keys and ids: a call to memcpy costs more */
        *k->w++ = *p++;
}

static void put_byte(struct jp_walk *k, char c)
{
    *k->w++ = c;
}

static const char *kept_value(struct jp_walk *k, const struct jp_node *node,
                              const char *p, const char *end);

/* A value kept as written. A container is checked strictly, its keys above
 * all: the rewritten text is parsed without Jansson's duplicate check, so
 * every object in it has had its keys compared here. */
static const char *whole_value(struct jp_walk *k, const char *p, const char *end)
{
    const char *q = p < end && (*p == '{' || *p == '[')
                        ? strict_value(&k->keys, p, end, 0)
                        : loose_value(p, end);
    if (q)
        put(k, p, (size_t)(q - p));
    return q;
}

/* A member of the object being rewritten, its key at key[0, len) and its
 * value after the white space at p: kept as node says, or left out (at the
 * top level, its value becomes null). *empty: no member written yet. */
static const char *member(struct jp_walk *k, const struct jp_node *node, bool top,
                          const char *key, size_t len, const char *p, const char *end,
                          bool *empty)
{
    const struct jp_node *kid = find_kid(node, key, len);
    if (kid || top) {
        if (!*empty)
            put_byte(k, ',');
        *empty = false;
        put(k, key - 1, len + 2);
        put_byte(k, ':');
    }
    if (kid)
        return kept_value(k, kid, p, end);
    const char *q = strict_value(&k->keys, p, end, 0);
    if (q && top)
        put(k, "null", 4);
    return q;
}

/* The object whose '{' is at p, with the members node keeps. Its keys are
 * compared as Jansson would, and checked strictly below the top level (where
 * every key is kept, and parsed by Jansson). */
static const char *kept_object(struct jp_walk *k, const struct jp_node *node, bool top,
                               const char *p, const char *end)
{
    size_t first = k->keys.n;
    bool empty = true;
    put_byte(k, '{');
    p = skip_ws(p + 1, end);
    if (p < end && *p == '}') {
        put_byte(k, '}');
        return p + 1;
    }
    for (;;) {
        const char *key = p + 1, *q;
        q = top ? plain_key(p, end) : strict_key(&k->keys, first, p, end);
        if (q && top && !note_key(&k->keys, first, key, (size_t)(q - 1 - key)))
            q = NULL;
        if (!q)
            return NULL;
        size_t len = (size_t)(q - 1 - key);
        p = skip_ws(q, end);
        if (p == end || *p != ':')
            return NULL;
        p = skip_ws(p + 1, end);
        if (!(q = member(k, node, top, key, len, p, end, &empty)))
            return NULL;
        p = skip_ws(q, end);
        if (p < end && *p == ',') {
            p = skip_ws(p + 1, end);
            continue;
        }
        if (p < end && *p == '}') {
            if (top)
                k->top_keys = k->keys.n;
            k->keys.n = first;
            put_byte(k, '}');
            return p + 1;
        }
        return NULL;
    }
}

/* The array whose '[' is at p, each object in it with the members node keeps. */
static const char *kept_array(struct jp_walk *k, const struct jp_node *node,
                              const char *p, const char *end)
{
    put_byte(k, '[');
    p = skip_ws(p + 1, end);
    if (p < end && *p == ']') {
        put_byte(k, ']');
        return p + 1;
    }
    for (;;) {
        const char *q;
        if (p < end && *p == '{') {
            q = kept_object(k, node, false, p, end);
        } else {
            q = whole_value(k, p, end);
        }
        if (!q)
            return NULL;
        p = skip_ws(q, end);
        if (p < end && *p == ',') {
            put_byte(k, ',');
            p = skip_ws(p + 1, end);
            continue;
        }
        if (p < end && *p == ']') {
            put_byte(k, ']');
            return p + 1;
        }
        return NULL;
    }
}

/* A member's value that node keeps: walked when node keeps part of it and it
 * is the container node expects, else copied as written. */
static const char *kept_value(struct jp_walk *k, const struct jp_node *node,
                              const char *p, const char *end)
{
    if (!node->whole && node->n_kids && p < end) {
        if (!node->array && *p == '{')
            return kept_object(k, node, false, p, end);
        if (node->array && *p == '[')
            return kept_array(k, node, p, end);
    }
    return whole_value(k, p, end);
}

/* Readies out for a rewrite of an n-byte text of at most members top-level
 * members: each byte is copied at most once, white space outside strings is
 * dropped, and a top-level value of one byte left out becomes four ("null"). */
static bool rewrite_start(struct t0_dynbuf *out, size_t n, size_t members,
                          struct jp_walk *k)
{
    out->len = 0;
    if (out->failed || n > SIZE_MAX / 8 ||
        !t0_grow((void **)&out->data, &out->cap, n + 3 * members + 3, 1))
        return false;
    k->w = out->data;
    k->keys.n = 0;
    return true;
}

static bool rewrite_end(struct t0_dynbuf *out, const struct jp_walk *k)
{
    out->len = (size_t)(k->w - out->data);
    out->data[out->len] = '\0';
    return true;
}

bool t0_jp_prune(const struct t0_jp_spec *spec, const char *s, size_t n,
                 struct t0_dynbuf *out, struct t0_jp_member *keys, int max, int *n_keys)
{
    struct jp_walk k; /* 16 KiB of keys: on the stack, not a malloc per record */
    const char *end = s + n, *p = skip_ws(s, end);
    k.top_keys = 0;
    if (p == end || *p != '{' || !rewrite_start(out, n, n / 4 + 1, &k))
        return false;
    p = kept_object(&k, &spec->root, true, p, end);
    if (!p || skip_ws(p, end) != end)
        return false;
    if (keys) {
        if (k.top_keys > (size_t)max)
            return false;
        for (size_t i = 0; i < k.top_keys; i++)
            keys[i] =
                (struct t0_jp_member){.key = k.keys.key[i], .key_len = k.keys.len[i]};
        *n_keys = (int)k.top_keys;
    }
    return rewrite_end(out, &k);
}

bool t0_jp_prune_members(const struct t0_jp_spec *spec, const struct t0_jp_member *m,
                         int n, struct t0_dynbuf *out)
{
    struct jp_walk k;
    size_t bytes = 0;
    for (int i = 0; i < n; i++)
        bytes += m[i].key_len + m[i].value_len + 4; /* quotes, colon, comma */
    if (!rewrite_start(out, bytes, (size_t)n, &k))
        return false;
    bool empty = true;
    put_byte(&k, '{');
    for (int i = 0; i < n; i++) {
        const char *end = m[i].value + m[i].value_len;
        if (!note_key(&k.keys, 0, m[i].key, m[i].key_len) ||
            member(&k, &spec->root, true, m[i].key, m[i].key_len, m[i].value, end,
                   &empty) != end)
            return false;
    }
    put_byte(&k, '}');
    return rewrite_end(out, &k);
}
