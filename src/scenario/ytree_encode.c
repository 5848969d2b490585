/* SPDX-License-Identifier: GPL-2.0-only */
/* The compact encoding of a lazy sequence's items (the layout is in ytree_internal.h):
 * a trace of millions of steps is kept as bytes, each item decoded alone when asked. */
#include "scenario/ytree_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void enc_reserve(struct ylazy *z, size_t more)
{
    if (z->cap - z->len >= more)
        return;
    size_t cap = z->cap ? z->cap : 4096;
    while (cap - z->len < more)
        cap *= 2;
    z->buf = xrealloc(z->buf, cap);
    z->cap = cap;
}

static void enc_byte(struct ylazy *z, unsigned char b)
{
    enc_reserve(z, 1);
    z->buf[z->len++] = b;
}

static void enc_varint(struct ylazy *z, uint64_t v)
{
    enc_reserve(z, 10);
    while (v >= 0x80) {
        z->buf[z->len++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    z->buf[z->len++] = (unsigned char)v;
}

static void enc_node(struct ylazy *z, const struct ynode *n, uint32_t *prev_line, bool first,
                     struct yenc_marks *marks)
{
    for (size_t k = 0; k < marks->count; k++) {
        if (marks->items[k].node == n && !marks->items[k].found)
            marks->items[k] = (struct yenc_mark){n, z->len, *prev_line, first, true};
    }
    enc_byte(z, (unsigned char)(n->type | (n->plain ? 4 : 0) | (n->via_alias ? 8 : 0) |
                                (n->tag << 4)));
    if (first) {
        enc_varint(z, n->loc.line);
    } else {
        int64_t d = (int64_t)n->loc.line - (int64_t)*prev_line;
        enc_varint(z, d >= 0 ? (uint64_t)d << 1 : ((uint64_t)(-d) << 1) | 1);
    }
    *prev_line = n->loc.line;
    enc_varint(z, n->loc.col);
    if (n->via_alias)
        enc_varint(z, n->def_line);
    switch (n->type) {
    case YNODE_SCALAR:
        enc_varint(z, n->len);
        enc_reserve(z, n->len);
        memcpy(z->buf + z->len, n->str, n->len);
        z->len += n->len;
        break;
    case YNODE_SEQ:
        enc_varint(z, n->n_items);
        for (size_t i = 0; i < n->n_items; i++)
            enc_node(z, n->items[i], prev_line, false, marks);
        break;
    case YNODE_MAP:
        enc_varint(z, n->n_pairs);
        for (size_t i = 0; i < n->n_pairs; i++) {
            enc_node(z, n->pairs[i].key, prev_line, false, marks);
            enc_node(z, n->pairs[i].value, prev_line, false, marks);
        }
        break;
    }
}

void ylazy_append(struct ylazy *z, const struct ynode *item, struct yenc_marks *marks)
{
    if (z->count == z->starts_cap) {
        z->starts_cap = z->starts_cap ? z->starts_cap * 2 : 1024;
        z->starts = xrealloc(z->starts, z->starts_cap * sizeof(*z->starts));
    }
    z->starts[z->count++] = z->len;
    uint32_t line = 0;
    enc_node(z, item, &line, true, marks);
}

static uint64_t dec_varint(const unsigned char **p)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
}

struct ynode *ylazy_decode(const unsigned char **p, struct arena *a, const char *file,
                           uint32_t *prev_line, bool first)
{
    struct ynode *n = arena_alloc(a, sizeof(*n));
    unsigned char head = *(*p)++;
    n->type = head & 3;
    n->plain = head & 4;
    n->via_alias = head & 8;
    n->tag = head >> 4;
    uint64_t l = dec_varint(p);
    if (first)
        n->loc.line = (uint32_t)l;
    else
        n->loc.line = (uint32_t)(l & 1 ? *prev_line - (l >> 1) : *prev_line + (l >> 1));
    *prev_line = n->loc.line;
    n->loc.col = (uint32_t)dec_varint(p);
    n->loc.file = file;
    if (n->via_alias)
        n->def_line = (uint32_t)dec_varint(p);
    switch (n->type) {
    case YNODE_SCALAR:
        n->len = dec_varint(p);
        n->str = arena_strndup(a, (const char *)*p, n->len);
        *p += n->len;
        break;
    case YNODE_SEQ:
        n->n_items = dec_varint(p);
        n->items = arena_alloc(a, n->n_items * sizeof(*n->items));
        for (size_t i = 0; i < n->n_items; i++)
            n->items[i] = ylazy_decode(p, a, file, prev_line, false);
        break;
    case YNODE_MAP:
        n->n_pairs = dec_varint(p);
        n->pairs = arena_alloc(a, n->n_pairs * sizeof(*n->pairs));
        for (size_t i = 0; i < n->n_pairs; i++) {
            n->pairs[i].key = ylazy_decode(p, a, file, prev_line, false);
            n->pairs[i].value = ylazy_decode(p, a, file, prev_line, false);
        }
        break;
    }
    return n;
}

void ylazy_free(struct ylazy *z)
{
    while (z) {
        struct ylazy *next = z->next;
        free(z->buf);
        free(z->starts);
        free(z);
        z = next;
    }
}
