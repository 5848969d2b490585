/* SPDX-License-Identifier: GPL-2.0-only */
/* bench candidate "bh24": the engine's event queue as it was before the 16-byte-key
 * d-ary heap (src/engine/event_queue.c up to commit d243d49), kept unchanged but for
 * its names so that bench_engine can compare against it.  A binary min-heap of
 * 24-byte entries {time, seq, slot}; each slot records its entry's heap position,
 * updated on every move, so cancel removes the entry at once (O(log n)). */
#include "queues.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

struct bh24 {
    struct bh24_entry *heap;
    size_t heap_len, heap_cap;
    struct bh24_slot *slots;
    uint32_t slot_len, slot_cap;
    uint32_t free_head;
    uint64_t next_seq;
};

#define EQ_ARITY 2

#define EQ_NIL UINT32_MAX /* free-list terminator; never a valid slot index */

struct bh24_entry {
    uint64_t time;
    uint64_t seq;  /* insertion order, breaks ties between equal times */
    uint32_t slot; /* index into q->slots */
};

struct bh24_slot {
    void *ptr;
    uint64_t a, b;
    uint32_t kind;
    uint32_t gen; /* bumped on release; a handle is valid iff gens match */
    uint32_t pos; /* heap index while pending; next free slot while free */
};

/* Strict (time, seq) order.  seq values are unique, so this is a total order
 * and the pop order depends only on the times and the order of the pushes. */
static inline bool entry_less(const struct bh24_entry *x, const struct bh24_entry *y)
{
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

static uint32_t slot_alloc(struct bh24 *q)
{
    if (q->free_head != EQ_NIL) {
        uint32_t s = q->free_head;
        q->free_head = q->slots[s].pos;
        return s;
    }
    if (q->slot_len == q->slot_cap) {
        /* Slot indices are 32-bit and EQ_NIL is reserved; 4 billion pending
         * events is far beyond any simulation, so treat it like OOM. */
        if (q->slot_cap >= EQ_NIL / 2) {
            fputs("vgicsim: event queue: too many pending events\n", stderr);
            exit(3);
        }
        uint32_t cap = q->slot_cap ? q->slot_cap * 2 : 64;
        q->slots = xrealloc(q->slots, (size_t)cap * sizeof(*q->slots));
        q->slot_cap = cap;
    }
    uint32_t s = q->slot_len++;
    q->slots[s].gen = 1;
    return s;
}

static void slot_release(struct bh24 *q, uint32_t s)
{
    struct bh24_slot *sl = &q->slots[s];
    if (++sl->gen == 0)
        sl->gen = 1;
    sl->pos = q->free_head;
    q->free_head = s;
}

/* Moves e up from hole i until its parent is not greater.  Used by push and
 * by cancel when the entry moved into the hole is smaller than its parent. */
static void sift_up(struct bh24 *q, size_t i, struct bh24_entry e)
{
    struct bh24_entry *h = q->heap;
    while (i > 0) {
        size_t p = (i - 1) / EQ_ARITY;
        if (!entry_less(&e, &h[p]))
            break;
        h[i] = h[p];
        q->slots[h[i].slot].pos = (uint32_t)i;
        i = p;
    }
    h[i] = e;
    q->slots[e.slot].pos = (uint32_t)i;
}

/* Moves e down from hole i, promoting the smallest child while it is smaller
 * than e.  The heap has q->heap_len entries, hole included. */
static void sift_down(struct bh24 *q, size_t i, struct bh24_entry e)
{
    struct bh24_entry *h = q->heap;
    size_t n = q->heap_len;
    for (;;) {
        size_t c = EQ_ARITY * i + 1;
        if (c >= n)
            break;
        size_t end = c + EQ_ARITY < n ? c + EQ_ARITY : n;
        size_t m = c;
        for (size_t k = c + 1; k < end; k++)
            if (entry_less(&h[k], &h[m]))
                m = k;
        if (!entry_less(&h[m], &e))
            break;
        h[i] = h[m];
        q->slots[h[i].slot].pos = (uint32_t)i;
        i = m;
    }
    h[i] = e;
    q->slots[e.slot].pos = (uint32_t)i;
}

struct eq_handle bh24_push(struct bh24 *q, uint64_t time, uint32_t kind,
                         void *ptr, uint64_t a, uint64_t b)
{
    uint32_t s = slot_alloc(q);
    struct bh24_slot *sl = &q->slots[s];
    sl->ptr = ptr;
    sl->a = a;
    sl->b = b;
    sl->kind = kind;

    if (q->heap_len == q->heap_cap) {
        size_t cap = q->heap_cap ? q->heap_cap * 2 : 64;
        q->heap = xrealloc(q->heap, cap * sizeof(*q->heap));
        q->heap_cap = cap;
    }
    struct bh24_entry e = { .time = time, .seq = q->next_seq++, .slot = s };
    sift_up(q, q->heap_len++, e);
    return (struct eq_handle){ .slot = s, .gen = sl->gen };
}

/* Removes the entry at heap index i: the last entry fills the hole and is
 * sifted whichever way restores the heap property. */
static void heap_remove_at(struct bh24 *q, size_t i)
{
    size_t last = --q->heap_len;
    if (i == last)
        return;
    struct bh24_entry e = q->heap[last];
    if (i > 0 && entry_less(&e, &q->heap[(i - 1) / EQ_ARITY]))
        sift_up(q, i, e);
    else
        sift_down(q, i, e);
}

bool bh24_pop(struct bh24 *q, struct eq_event *out)
{
    if (q->heap_len == 0)
        return false;
    struct bh24_entry top = q->heap[0];
    if (out) {
        const struct bh24_slot *sl = &q->slots[top.slot];
        out->time = top.time;
        out->seq = top.seq;
        out->kind = sl->kind;
        out->ptr = sl->ptr;
        out->a = sl->a;
        out->b = sl->b;
    }
    slot_release(q, top.slot);
    heap_remove_at(q, 0);
    return true;
}

static bool bh24_pending(const struct bh24 *q, struct eq_handle h)
{
    /* A slot's gen is never 0 (slot_alloc starts at 1, slot_release skips
     * 0), so EQ_HANDLE_NONE fails here even when slot 0 is occupied. */
    return h.slot < q->slot_len && q->slots[h.slot].gen == h.gen;
}

bool bh24_cancel(struct bh24 *q, struct eq_handle h)
{
    if (!bh24_pending(q, h))
        return false;
    size_t pos = q->slots[h.slot].pos;
    slot_release(q, h.slot);
    heap_remove_at(q, pos);
    return true;
}

struct bh24 *bh24_create(void)
{
    struct bh24 *q = xcalloc(1, sizeof(*q));
    q->free_head = EQ_NIL;
    return q;
}

void bh24_destroy(struct bh24 *q)
{
    free(q->heap);
    free(q->slots);
    free(q);
}

size_t bh24_size(const struct bh24 *q) { return q->heap_len; }
