/* SPDX-License-Identifier: GPL-2.0-only */
/* The located tree's nodes: reading them (a lazy sequence's items decoded on demand),
 * and building and changing them for --set. */
#include "scenario/ytree_internal.h"

#include <string.h>

void ytree_init(struct ytree *t)
{
    arena_init(&t->arena);
    t->root = NULL;
    t->lazy = NULL;
}

void ytree_free(struct ytree *t)
{
    arena_free(&t->arena);
    ylazy_free(t->lazy);
    t->root = NULL;
    t->lazy = NULL;
}

const char *ynode_type_name(const struct ynode *n)
{
    switch (n->type) {
    case YNODE_SCALAR: return "a scalar";
    case YNODE_SEQ: return "a list";
    case YNODE_MAP: return "a map";
    }
    return "?";
}

const char *ytag_name(enum ytag tag)
{
    static const char *const names[] = {
        [YTAG_NONE] = "", [YTAG_STR] = "!!str", [YTAG_INT] = "!!int", [YTAG_BOOL] = "!!bool",
        [YTAG_NULL] = "!!null", [YTAG_SEQ] = "!!seq", [YTAG_MAP] = "!!map",
    };
    return tag <= YTAG_MAP ? names[tag] : "?";
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n_pairs; i++) {
        const char *k = map->pairs[i].key->str;
        if (k[0] == key[0] && strcmp(k, key) == 0)
            return map->pairs[i].value;
    }
    return NULL;
}

struct ynode *ynode_item(const struct ynode *seq, size_t i, struct arena *scratch)
{
    if (!seq->lazy)
        return seq->items[i];
    const struct ylazy_view *v = seq->lazy;
    for (size_t k = 0; k < v->n_patches; k++)
        if (v->patches[k].index == i)
            return v->patches[k].node;
    const unsigned char *p = v->enc->buf + v->enc->starts[i];
    uint32_t line = 0;
    return ylazy_decode(&p, scratch, v->enc->file, &line, true);
}

void ynode_set_item(struct ytree *t, struct ynode *seq, size_t i, struct ynode *value)
{
    if (!seq->lazy) {
        seq->items[i] = value;
        return;
    }
    const struct ylazy_view *old = seq->lazy;
    struct ylazy_view *v = arena_alloc(&t->arena, sizeof(*v));
    struct ypatch *patches = arena_alloc(&t->arena, (old->n_patches + 1) * sizeof(*patches));
    size_t n = 0;
    for (size_t k = 0; k < old->n_patches; k++)
        if (old->patches[k].index != i)
            patches[n++] = old->patches[k];
    patches[n++] = (struct ypatch){i, value};
    *v = (struct ylazy_view){.enc = old->enc, .patches = patches, .n_patches = n};
    seq->lazy = v;
}

struct ynode *ynode_alloc(struct arena *a, enum ynode_type type, struct scn_loc loc)
{
    struct ynode *n = arena_alloc(a, sizeof(*n));
    n->type = (uint8_t)type;
    n->loc = loc;
    return n;
}

struct ynode *ynode_new_map(struct ytree *t, struct scn_loc loc)
{
    return ynode_alloc(&t->arena, YNODE_MAP, loc);
}

struct ynode *ynode_alloc_scalar(struct arena *a, struct scn_loc loc, const char *s, size_t len,
                                 bool plain)
{
    struct ynode *n = ynode_alloc(a, YNODE_SCALAR, loc);
    n->str = arena_strndup(a, s, len);
    n->len = len;
    n->plain = plain;
    return n;
}

struct ynode *ynode_new_scalar(struct ytree *t, struct scn_loc loc, const char *s, size_t len,
                               bool plain)
{
    return ynode_alloc_scalar(&t->arena, loc, s, len, plain);
}

struct ynode *ynode_copy(struct ytree *t, const struct ynode *n)
{
    struct ynode *c = ynode_alloc(&t->arena, n->type, n->loc);
    *c = *n;
    if (n->type == YNODE_SEQ && !n->lazy && n->n_items) {
        c->items = arena_alloc(&t->arena, n->n_items * sizeof(*c->items));
        memcpy(c->items, n->items, n->n_items * sizeof(*c->items));
    }
    if (n->type == YNODE_MAP && n->n_pairs) {
        c->pairs = arena_alloc(&t->arena, n->n_pairs * sizeof(*c->pairs));
        memcpy(c->pairs, n->pairs, n->n_pairs * sizeof(*c->pairs));
    }
    return c;
}

void ynode_map_set(struct ytree *t, struct ynode *map, struct ynode *key, struct ynode *value)
{
    for (size_t i = 0; i < map->n_pairs; i++) {
        if (strcmp(map->pairs[i].key->str, key->str) == 0) {
            map->pairs[i].value = value;
            return;
        }
    }
    map->pairs = arena_grow(&t->arena, map->pairs, map->n_pairs * sizeof(*map->pairs),
                            (map->n_pairs + 1) * sizeof(*map->pairs));
    map->pairs[map->n_pairs++] = (struct ypair){key, value};
}
