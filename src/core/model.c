/* model.c: the arena, interned service names, and the dataset of records. */
#include "tierzero/model.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dynbuf.h"
#include "tierzero/maintenance.h"

/* ---- arena ---- */

#define ARENA_BLOCK (256 * 1024)

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

struct t0_arena {
    struct arena_block *head;
    size_t bytes;
};

struct t0_arena *t0_arena_new(void)
{
    return calloc(1, sizeof(struct t0_arena));
}

void t0_arena_free(struct t0_arena *arena)
{
    if (!arena)
        return;
    struct arena_block *b = arena->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

static struct arena_block *arena_grow(struct t0_arena *arena, size_t need)
{
    size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    struct arena_block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->used = 0;
    b->size = size;
    b->next = arena->head;
    arena->head = b;
    arena->bytes += size;
    return b;
}

void *t0_arena_alloc(struct t0_arena *arena, size_t size)
{
    size_t rounded = (size + 15) & ~(size_t)15;
    if (rounded < size)
        return NULL;
    struct arena_block *b = arena->head;
    /* Strings are packed unaligned (t0_arena_strndup): realign first. */
    if (b)
        b->used = (b->used + 15) & ~(size_t)15;
    if (!b || b->used > b->size || b->size - b->used < rounded) {
        b = arena_grow(arena, rounded);
        if (!b)
            return NULL;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    memset(p, 0, size);
    return p;
}

char *t0_arena_strndup(struct t0_arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    struct arena_block *b = arena->head;
    char *p;
    /* Strings need no alignment: pack them. */
    if (b && b->size - b->used >= len + 1) {
        p = (char *)b->data + b->used;
        b->used += len + 1;
    } else {
        b = arena_grow(arena, len + 1);
        if (!b)
            return NULL;
        p = (char *)b->data;
        b->used = len + 1;
    }
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *t0_arena_strdup(struct t0_arena *arena, const char *s)
{
    return s ? t0_arena_strndup(arena, s, strlen(s)) : NULL;
}

size_t t0_arena_bytes(const struct t0_arena *arena)
{
    return arena ? arena->bytes : 0;
}

/* ---- symbols ---- */

struct t0_symtab {
    GHashTable *by_key; /* folded name -> symbol + 1 */
    GPtrArray *names;   /* symbol -> display name */
};

struct t0_symtab *t0_symtab_new(void)
{
    struct t0_symtab *tab = calloc(1, sizeof *tab);
    if (!tab)
        return NULL;
    tab->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    tab->names = g_ptr_array_new_with_free_func(g_free);
    return tab;
}

void t0_symtab_free(struct t0_symtab *tab)
{
    if (!tab)
        return;
    g_hash_table_destroy(tab->by_key);
    g_ptr_array_free(tab->names, TRUE);
    free(tab);
}

/* new (g_free): the key names are compared by. Invalid UTF-8 is folded
 * byte-wise so that it still interns consistently. */
static char *fold_name(const char *name, size_t len)
{
    if (g_utf8_validate(name, (gssize)len, NULL))
        return g_utf8_casefold(name, (gssize)len);
    char *copy = g_strndup(name, len);
    for (size_t i = 0; i < len; i++)
        if (copy[i] >= 'A' && copy[i] <= 'Z')
            copy[i] = (char)(copy[i] - 'A' + 'a');
    return copy;
}

t0_sym t0_symtab_intern(struct t0_symtab *tab, const char *name, size_t len)
{
    char *key = fold_name(name, len);
    gpointer found = g_hash_table_lookup(tab->by_key, key);
    if (found) {
        g_free(key);
        return (t0_sym)(GPOINTER_TO_UINT(found) - 1);
    }
    t0_sym sym = tab->names->len;
    g_ptr_array_add(tab->names, g_strndup(name, len));
    g_hash_table_insert(tab->by_key, key, GUINT_TO_POINTER(sym + 1));
    return sym;
}

bool t0_symtab_find(const struct t0_symtab *tab, const char *name, size_t len,
                    t0_sym *out)
{
    char *key = fold_name(name, len);
    gpointer found = g_hash_table_lookup(tab->by_key, key);
    g_free(key);
    if (!found)
        return false;
    if (out)
        *out = (t0_sym)(GPOINTER_TO_UINT(found) - 1);
    return true;
}

const char *t0_symtab_name(const struct t0_symtab *tab, t0_sym sym)
{
    return sym < tab->names->len ? g_ptr_array_index(tab->names, sym) : "";
}

size_t t0_symtab_count(const struct t0_symtab *tab)
{
    return tab->names->len;
}

bool t0_symlist_intersect(struct t0_symlist a, struct t0_symlist b)
{
    if (a.count == 0 || b.count == 0)
        return true;
    for (uint32_t i = 0; i < a.count; i++)
        for (uint32_t j = 0; j < b.count; j++)
            if (a.items[i] == b.items[j])
                return true;
    return false;
}

/* ---- impacts ---- */

static const char *const impact_names[T0_IMPACT_COUNT] = {
    "none", "degraded_performance", "partial_outage", "major_outage"};
static const char *const impact_labels[T0_IMPACT_COUNT] = {
    "none", "degraded performance", "partial outage", "major outage"};

const char *t0_impact_name(enum t0_impact impact)
{
    return (unsigned)impact < T0_IMPACT_COUNT ? impact_names[impact] : "none";
}

const char *t0_impact_label(enum t0_impact impact)
{
    return (unsigned)impact < T0_IMPACT_COUNT ? impact_labels[impact] : "none";
}

bool t0_impact_parse(const char *name, size_t len, enum t0_impact *out)
{
    for (int i = 0; i < T0_IMPACT_COUNT; i++) {
        if (strlen(impact_names[i]) == len && memcmp(impact_names[i], name, len) == 0) {
            *out = (enum t0_impact)i;
            return true;
        }
    }
    return false;
}

/* ---- dataset ---- */

struct t0_dataset *t0_dataset_new(void)
{
    struct t0_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->arena = t0_arena_new();
    ds->symbols = t0_symtab_new();
    if (!ds->arena || !ds->symbols) {
        t0_dataset_free(ds);
        return NULL;
    }
    return ds;
}

void t0_dataset_free(struct t0_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n_sources; i++)
        close(ds->sources[i].fd);
    free(ds->sources);
    free(ds->incidents);
    free(ds->releases);
    free(ds->incidents_input.rejected_records);
    free(ds->releases_input.rejected_records);
    free(ds->incidents_input.shapes);
    free(ds->releases_input.shapes);
    free(ds->updated_at);
    t0_symtab_free(ds->symbols);
    t0_arena_free(ds->arena);
    t0_maint_list_release(ds->maintenance);
    free(ds->maintenance);
    free(ds);
}

struct t0_maint_list *t0_dataset_maintenance(struct t0_dataset *ds)
{
    if (!ds->maintenance)
        ds->maintenance = calloc(1, sizeof *ds->maintenance);
    return ds->maintenance;
}

/* On LP64: id, title 16; four instants 32; services 16 (8 + 4 + 4 padding);
 * caused_by, segments 16; n_caused_by, n_segments 8; severity, cause, url 24;
 * narrative 8; index, impact, source 12; source_offset, source_length 16:
 * 148, rounded up to 152 for the 8-byte alignment. The postmortem material
 * behind narrative made it 208 before. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct t0_incident) == 152, "struct t0_incident grew");
#endif

static const struct t0_narrative no_narrative;

const struct t0_narrative *t0_incident_narrative(const struct t0_incident *inc)
{
    return inc->narrative ? inc->narrative : &no_narrative;
}

struct t0_incident *t0_dataset_add_incident(struct t0_dataset *ds)
{
    if (!t0_grow((void **)&ds->incidents, &ds->incidents_cap, ds->n_incidents + 1,
                 sizeof *ds->incidents))
        return NULL;
    struct t0_incident *inc = &ds->incidents[ds->n_incidents++];
    memset(inc, 0, sizeof *inc);
    inc->detected_at = inc->mitigated_at = inc->resolved_at = T0_NO_TIME;
    return inc;
}

struct t0_release *t0_dataset_add_release(struct t0_dataset *ds)
{
    if (!t0_grow((void **)&ds->releases, &ds->releases_cap, ds->n_releases + 1,
                 sizeof *ds->releases))
        return NULL;
    struct t0_release *rel = &ds->releases[ds->n_releases++];
    memset(rel, 0, sizeof *rel);
    return rel;
}

void t0_input_reject(struct t0_dataset *ds, struct t0_input_report *in, size_t index,
                     size_t line, const char *id, const char *reason)
{
    in->rejected++;
    if (!t0_grow((void **)&in->rejected_records, &in->rejected_cap, in->rejected,
                 sizeof *in->rejected_records)) {
        in->rejected--; /* cannot list it: keep the counts honest */
        in->read--;
        return;
    }
    struct t0_rejected *r = &in->rejected_records[in->rejected - 1];
    r->index = index;
    r->line = line;
    r->id = id ? t0_arena_strdup(ds->arena, id) : NULL;
    r->reason = t0_arena_strdup(ds->arena, reason ? reason : "rejected");
}

void t0_input_note_shape(struct t0_input_report *in, size_t index, const char *shape,
                         const char *mapping)
{
    struct t0_shape_run *last = in->n_shapes ? &in->shapes[in->n_shapes - 1] : NULL;
    if (last && last->shape == shape && last->first + last->count == index) {
        last->count++;
        return;
    }
    if (!t0_grow((void **)&in->shapes, &in->shapes_cap, in->n_shapes + 1,
                 sizeof *in->shapes))
        return; /* only what check prints is lost */
    in->shapes[in->n_shapes++] = (struct t0_shape_run){index, 1, shape, mapping};
}
