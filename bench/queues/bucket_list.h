/* SPDX-License-Identifier: GPL-2.0-only */
/* What the calendar queue (cal) and the timing wheel (wheel) share: a pool of event
 * nodes with a free list and generation counts (for the handles), and buckets that are
 * doubly linked lists of nodes sorted by (time, push order).  Static inline, so each
 * candidate compiles as if it were written out and the comparison is not affected. */
#ifndef VGICSIM_BENCH_BUCKET_LIST_H
#define VGICSIM_BENCH_BUCKET_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/event_queue.h"
#include "util/xalloc.h"

#define BL_NIL UINT32_MAX

struct bl_node {
    uint64_t time, seq;
    void *ptr;
    uint64_t a, b;
    uint32_t kind, gen;
    uint32_t prev, next; /* bucket list; next = free list link while free */
    uint32_t where;      /* bucket index; BL_NIL while free (the wheel adds marks of its own) */
};

struct bl_pool {
    struct bl_node *nodes;
    uint32_t n_nodes, cap_nodes, free_head;
};

static inline bool bl_less(const struct bl_node *x, const struct bl_node *y)
{
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

/* A node for a new event (not linked anywhere yet). */
static inline uint32_t bl_new(struct bl_pool *p, uint64_t time, uint64_t seq, uint32_t kind,
                              void *ptr, uint64_t a, uint64_t b)
{
    uint32_t i;
    if (p->free_head != BL_NIL) {
        i = p->free_head;
        p->free_head = p->nodes[i].next;
    } else {
        if (p->n_nodes == p->cap_nodes) {
            p->cap_nodes = p->cap_nodes ? p->cap_nodes * 2 : 64;
            p->nodes = xrealloc(p->nodes, p->cap_nodes * sizeof(*p->nodes));
        }
        i = p->n_nodes++;
        p->nodes[i].gen = 1;
    }
    struct bl_node *n = &p->nodes[i];
    n->time = time;
    n->seq = seq;
    n->ptr = ptr;
    n->a = a;
    n->b = b;
    n->kind = kind;
    return i;
}

/* Node i back on the free list; its handle's generation must already be stale. */
static inline void bl_recycle(struct bl_pool *p, uint32_t i)
{
    p->nodes[i].where = BL_NIL;
    p->nodes[i].next = p->free_head;
    p->free_head = i;
}

/* Makes node i's handles stale (generation 0 is never used). */
static inline void bl_retire(struct bl_node *n)
{
    if (++n->gen == 0)
        n->gen = 1;
}

/* Node i's event is gone (popped or cancelled): stale handles, free node. */
static inline void bl_free(struct bl_pool *p, uint32_t i)
{
    bl_retire(&p->nodes[i]);
    bl_recycle(p, i);
}

/* Links node i into bucket b, keeping the list sorted (scans from the tail: most events
 * are later than those already there). */
static inline void bl_link(struct bl_node *nodes, uint32_t *head, uint32_t *tail, uint32_t b,
                           uint32_t i)
{
    struct bl_node *n = &nodes[i];
    n->where = b;
    uint32_t after = tail[b];
    while (after != BL_NIL && bl_less(n, &nodes[after]))
        after = nodes[after].prev;
    n->prev = after;
    n->next = after == BL_NIL ? head[b] : nodes[after].next;
    if (n->next == BL_NIL)
        tail[b] = i;
    else
        nodes[n->next].prev = i;
    if (after == BL_NIL)
        head[b] = i;
    else
        nodes[after].next = i;
}

/* Unlinks node i from its bucket (n->where). */
static inline void bl_unlink(struct bl_node *nodes, uint32_t *head, uint32_t *tail, uint32_t i)
{
    const struct bl_node *n = &nodes[i];
    if (n->prev == BL_NIL)
        head[n->where] = n->next;
    else
        nodes[n->prev].next = n->next;
    if (n->next == BL_NIL)
        tail[n->where] = n->prev;
    else
        nodes[n->next].prev = n->prev;
}

static inline void bl_event(const struct bl_node *n, struct eq_event *out)
{
    *out = (struct eq_event){.time = n->time, .seq = n->seq, .kind = n->kind, .ptr = n->ptr,
                             .a = n->a, .b = n->b};
}

#endif
