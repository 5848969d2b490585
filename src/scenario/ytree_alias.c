/* SPDX-License-Identifier: GPL-2.0-only */
/* Anchors and aliases, and the guards that keep an alias from becoming a YAML bomb: what
 * aliases repeat is counted against limits of nodes, text and depth, and a repeated node
 * is located at the alias. An anchor defined inside a streamed trace item points into the
 * item's encoding once the item is encoded. */
#include "scenario/ytree_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Counts a node repeated by the alias at `use` against the limits of aliases. */
static bool count_alias(struct ybuilder *b, const struct ynode *n, const struct scn_loc *use)
{
    b->alias_nodes++;
    if (n->type == YNODE_SCALAR)
        b->alias_bytes += n->len;
    if (b->alias_nodes <= YTREE_MAX_ALIAS_NODES && b->alias_bytes <= YTREE_MAX_ALIAS_BYTES)
        return true;
    if (!b->stop)
        ybuild_error(b, *use, "aliases repeat more than %llu nodes or %llu MiB of text in all (the "
                     "limit; a YAML bomb?)", (unsigned long long)YTREE_MAX_ALIAS_NODES,
                     (unsigned long long)(YTREE_MAX_ALIAS_BYTES >> 20));
    b->stop = true;
    return false;
}

/* A node repeated at `level` must not nest deeper than the limit either (an alias can
 * put a deep node deep down, and anchors on such nodes would compound). */
static bool check_copy_depth(struct ybuilder *b, const struct ynode *n, size_t level,
                             struct scn_loc loc)
{
    if (n->type == YNODE_SCALAR || level < YTREE_MAX_DEPTH)
        return true;
    if (!b->stop)
        ybuild_error(b, loc, "with this alias, lists and maps are nested more than %d deep (the "
                     "limit)", YTREE_MAX_DEPTH);
    b->stop = true;
    return false;
}

/* Makes `n`, in `a` at nesting `level`, a node repeated by the alias at `use`: counted
 * against the limits of aliases, nodes and depth (false, after reporting, past them)
 * and located at the alias (errors inside a repeated node point at the alias that
 * repeats it), remembering the line of the node it repeats. */
static bool repeat_at(struct ybuilder *b, const struct arena *a, struct ynode *n,
                      const struct scn_loc *use, size_t level)
{
    if (!count_alias(b, n, use) || !check_copy_depth(b, n, level, *use) ||
        !ybuild_count_node(b, a, *use, true))
        return false;
    n->def_line = n->via_alias ? n->def_line : n->loc.line;
    n->via_alias = true;
    n->loc = *use;
    return true;
}

/* A copy of `n` in `a`, at nesting `level`, repeated by the alias at `use` (see
 * repeat_at); NULL past the limits. */
static struct ynode *deep_copy(struct ybuilder *b, struct arena *a, const struct ynode *n,
                               const struct scn_loc *use, size_t level)
{
    struct ynode *c = arena_alloc(a, sizeof(*c));
    *c = *n;
    if (!repeat_at(b, a, c, use, level))
        return NULL;
    switch (n->type) {
    case YNODE_SCALAR:
        c->str = arena_strndup(a, n->str, n->len);
        break;
    case YNODE_SEQ:
        c->items = arena_alloc(a, n->n_items * sizeof(*c->items));
        for (size_t i = 0; i < n->n_items; i++)
            if (!(c->items[i] = deep_copy(b, a, n->items[i], use, level + 1)))
                return NULL;
        break;
    case YNODE_MAP:
        c->pairs = arena_alloc(a, n->n_pairs * sizeof(*c->pairs));
        for (size_t i = 0; i < n->n_pairs; i++) {
            if (!(c->pairs[i].key = deep_copy(b, a, n->pairs[i].key, use, level + 1)) ||
                !(c->pairs[i].value = deep_copy(b, a, n->pairs[i].value, use, level + 1)))
                return NULL;
        }
        break;
    }
    return c;
}

/* Marks a node decoded from an encoded anchor, and every node under it, as repeated by
 * the alias at `use` (see repeat_at). */
static bool relabel(struct ybuilder *b, struct arena *a, struct ynode *n,
                    const struct scn_loc *use, size_t level)
{
    if (!repeat_at(b, a, n, use, level))
        return false;
    if (n->type == YNODE_SEQ) {
        for (size_t i = 0; i < n->n_items; i++)
            if (!relabel(b, a, n->items[i], use, level + 1))
                return false;
    } else if (n->type == YNODE_MAP) {
        for (size_t i = 0; i < n->n_pairs; i++)
            if (!relabel(b, a, n->pairs[i].key, use, level + 1) ||
                !relabel(b, a, n->pairs[i].value, use, level + 1))
                return false;
    }
    return true;
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u;  /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of `name`: its anchor, or the free slot where it goes. */
static size_t anchor_slot(const struct ybuilder *b, const char *name)
{
    size_t mask = b->anchors_cap - 1, i = (size_t)hash_name(name) & mask;
    while (b->anchors[i].name && strcmp(b->anchors[i].name, name) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Registers an anchor once its node is complete (`name` is handed over). A later
 * definition of the same name replaces the earlier one (YAML 1.2 rule). Inside a trace
 * item the node lives in the item's scratch until the item is encoded (see
 * yanchor_encode_item). */
void yanchor_define(struct ybuilder *b, char *name, struct ynode *n)
{
    if (2 * (b->n_anchors + 1) > b->anchors_cap) {
        struct yanchor *old = b->anchors;
        size_t old_cap = b->anchors_cap;
        b->anchors_cap = old_cap ? old_cap * 2 : 64;
        b->anchors = xcalloc(b->anchors_cap, sizeof(*b->anchors));
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].name)
                b->anchors[anchor_slot(b, old[i].name)] = old[i];
        free(old);
    }
    size_t i = anchor_slot(b, name);
    if (b->anchors[i].name)
        free(b->anchors[i].name);
    else
        b->n_anchors++;
    b->anchors[i] = (struct yanchor){.name = name, .node = n};
    if (ybuild_in_item(b)) {
        if (b->n_open == b->open_cap) {
            b->open_cap = b->open_cap ? b->open_cap * 2 : 8;
            b->open_anchors = xrealloc(b->open_anchors, b->open_cap * sizeof(*b->open_anchors));
        }
        b->open_anchors[b->n_open++] = (struct yopen_anchor){xstrdup(name), n};
    }
}

const struct yanchor *yanchor_find(const struct ybuilder *b, const char *name)
{
    if (!b->anchors_cap)
        return NULL;
    const struct yanchor *an = &b->anchors[anchor_slot(b, name)];
    return an->name && (an->node || an->enc) ? an : NULL;
}

/* Encodes a complete trace item. Its scratch is reused for the next one, so anchors
 * defined inside it are pointed at the encoding instead. */
void yanchor_encode_item(struct ybuilder *b, struct ylazy *z, const struct ynode *item)
{
    struct yenc_mark one;
    struct yenc_marks marks = {&one, b->n_open};
    if (b->n_open > 1)
        marks.items = xmalloc(b->n_open * sizeof(*marks.items));
    for (size_t k = 0; k < b->n_open; k++)
        marks.items[k] = (struct yenc_mark){.node = b->open_anchors[k].node};
    ylazy_append(z, item, &marks);
    for (size_t k = 0; k < b->n_open; k++) {
        struct yanchor *an = &b->anchors[anchor_slot(b, b->open_anchors[k].name)];
        const struct yenc_mark *m = &marks.items[k];
        /* Unless redefined since, or dropped from the item (a key that was reported). */
        if (an->name && an->node == m->node) {
            an->node = NULL;
            if (m->found) {
                an->enc = z;
                an->offset = m->offset;
                an->prev_line = m->prev_line;
                an->first = m->first;
            }
        }
        free(b->open_anchors[k].name);
    }
    if (marks.items != &one)
        free(marks.items);
    b->n_open = 0;
}

/* A copy of an anchor's node for an alias at `use`, in the current arena. */
struct ynode *yalias_copy(struct ybuilder *b, const struct yanchor *an, struct scn_loc use)
{
    struct arena *a = ybuild_arena(b);
    if (an->node)
        return deep_copy(b, a, an->node, &use, b->depth);
    const unsigned char *p = an->enc->buf + an->offset;
    uint32_t line = an->prev_line;
    struct ynode *n = ylazy_decode(&p, a, an->enc->file, &line, an->first);
    return relabel(b, a, n, &use, b->depth) ? n : NULL;
}
