/* json_prune.h: a record's text with the members no mapper reads left out, before Jansson
 * builds it. */
#ifndef TIERZERO_JSON_PRUNE_H
#define TIERZERO_JSON_PRUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"

/*
 * Most of the cost of reading a vendor's record is Jansson building objects
 * that no mapper looks at (incident.io's ids and ranks beside every
 * timestamp and custom field value). A format lists the members it reads as
 * paths; before a record is parsed, its text is rewritten with every other
 * member left out, and Jansson builds only what is read.
 *
 * Paths: "name" keeps a top-level member whole; "severity.rank" keeps only
 * rank in the object severity; "updates[].text" keeps only text in each
 * object of the array updates. A member named by a path and by a longer
 * one is kept whole.
 *
 * The rewritten text never changes what a reading gives:
 *   - a top-level member not read becomes "key": null, so that the record
 *     still has every key it had (recognition goes by keys); deeper ones are
 *     left out;
 *   - every value left out is checked as Jansson checks what it parses:
 *     structure, strings (UTF-8, control bytes, escapes, \u0000 and lone
 *     surrogates), numbers (syntax, overflow), literals, duplicate keys,
 *     nesting. A value Jansson would refuse, or one the check is not sure
 *     of (an escaped key, an integer of 19 digits, nesting deeper than
 *     T0_JP_MAX_DEPTH, an object of many keys), makes the rewrite give up;
 *   - a member kept is copied as written and parsed by Jansson in place;
 *     the keys of every object in the rewritten text have been compared
 *     here (an object kept whole is checked strictly), so that it holds no
 *     duplicate key and is parsed without Jansson's duplicate check;
 *   - when the rewrite gives up, or Jansson refuses the rewritten text for
 *     any reason, the record's own text is parsed instead, so errors and
 *     rejections are those of a reading without this step.
 */

#define T0_JP_MAX_DEPTH 64    /* nesting checked in a value left out */
#define T0_JP_MAX_KEYS 1024   /* keys of the objects open at one time */
#define T0_JP_MAX_MEMBERS 256 /* top-level members of a record */

/* A compiled list of paths. */
struct t0_jp_spec;

/* New spec of the paths (a NULL-terminated list; nothing of them is kept),
 * or NULL when out of memory. */
struct t0_jp_spec *t0_jp_spec_new(const char *const *paths);
/* Adds the paths of a second list (the same rules). False when out of memory. */
bool t0_jp_spec_add(struct t0_jp_spec *spec, const char *const *paths);
void t0_jp_spec_free(struct t0_jp_spec *spec);

/* A top-level member: the key as written between its quotes (no escape in
 * it), and its value's bytes. Borrowed from the record's text. */
struct t0_jp_member {
    const char *key, *value;
    size_t key_len, value_len;
};

/* The top-level members of the record text s[0, n): their count, or -1 when
 * s is not plainly one object (white space around it) of at most max
 * members whose keys hold no escape. Values are found by their brackets and
 * quotes only: they are checked later, as they are kept or left out. */
int t0_jp_members(const char *s, size_t n, struct t0_jp_member *m, int max);

/* Whether one of the n members has the key. */
bool t0_jp_has(const struct t0_jp_member *m, int n, const char *key);

/* Writes to out (emptied first) the record text s[0, n) with what spec does
 * not keep left out. False when it gives up (out then holds nothing of use),
 * or when out of memory. With keys, the record's top-level keys go there as
 * members without values (*n_keys of them; more than max: it gives up), so
 * that a caller who guessed the record's format can check the guess. */
bool t0_jp_prune(const struct t0_jp_spec *spec, const char *s, size_t n,
                 struct t0_dynbuf *out, struct t0_jp_member *keys, int max, int *n_keys);

/* The same for a record whose n members t0_jp_members found: their values
 * are not scanned again when they are kept whole. */
bool t0_jp_prune_members(const struct t0_jp_spec *spec, const struct t0_jp_member *m,
                         int n, struct t0_dynbuf *out);

/* Checks the one JSON value at s[0, n) (white space around it) as Jansson
 * would parse it, with the limits above: false when Jansson would refuse it
 * or the check is not sure. */
bool t0_jp_check_value(const char *s, size_t n);

#endif
