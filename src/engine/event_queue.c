/* Pending-event queue: a binary min-heap of compact keys plus a slot array
 * holding the payloads.
 *
 * Why split heap and payload: the sift loops move entries around on every
 * push and pop, so the entries they move should be small and self-contained.
 * A heap entry is {time, seq, slot} (24 bytes); comparisons never leave the
 * heap array.  The payload (40 bytes) stays put in its slot, which also
 * records the entry's current heap position so that a cancel can find it in
 * O(1) and remove it in O(log n).  The only writes outside the heap array
 * during a sift are these position updates.
 *
 * Why generations: a handle is (slot, gen).  Releasing a slot (pop or cancel)
 * bumps its generation, so every handle issued for the previous occupant stops
 * matching, even after the slot is recycled for a new event.  Generations
 * skip 0 so a zeroed handle is never valid.  (A handle could only be
 * confused after exactly 2^32 - 1 reuses of the same slot while it is held.)
 *
 * Why binary and not 4-ary: measured with bench/bench_engine (hold model), a
 * 4-ary heap was 1-2% slower at 1 000 pending events and 2-24% slower (the
 * machine is noisy) at 100 000; 8-ary was slower at both.  In the hold model the entry moved to the
 * root on pop nearly always sinks to the bottom, so both do about 2*log2(n)
 * comparisons per pop, and the wider node's min-of-4 selection is a chain of
 * unpredictable branches over 96 bytes that do not sit in one cache line.
 * Figures in docs/performance.md.  EQ_ARITY stays a macro so the experiment
 * can be repeated (-DEQ_ARITY=4); every arity >= 2 is correct.
 */
#include "engine/event_queue.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef EQ_ARITY
#define EQ_ARITY 2 /* overridable only for the arity experiment in the docs */
#endif

#define EQ_NIL UINT32_MAX /* free-list terminator; never a valid slot index */

struct eq_heap_entry {
    uint64_t time;
    uint64_t seq;  /* insertion order, breaks ties between equal times */
    uint32_t slot; /* index into q->slots */
};

struct eq_slot {
    void *ptr;
    uint64_t a, b;
    uint32_t kind;
    uint32_t gen; /* bumped on release; a handle is valid iff gens match */
    uint32_t pos; /* heap index while pending; next free slot while free */
};

/* Strict (time, seq) order.  seq values are unique, so this is a total order
 * and the pop order depends only on the times and the order of the pushes. */
static inline bool entry_less(const struct eq_heap_entry *x, const struct eq_heap_entry *y)
{
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

void eq_init(struct event_queue *q)
{
    q->heap = NULL;
    q->heap_len = q->heap_cap = 0;
    q->slots = NULL;
    q->slot_len = q->slot_cap = 0;
    q->free_head = EQ_NIL;
    q->next_seq = 0;
}

void eq_free(struct event_queue *q)
{
    free(q->heap);
    free(q->slots);
    eq_init(q);
}

size_t eq_size(const struct event_queue *q) { return q->heap_len; }

bool eq_peek_time(const struct event_queue *q, uint64_t *time)
{
    if (q->heap_len == 0)
        return false;
    *time = q->heap[0].time;
    return true;
}

static uint32_t slot_alloc(struct event_queue *q)
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

static void slot_release(struct event_queue *q, uint32_t s)
{
    struct eq_slot *sl = &q->slots[s];
    if (++sl->gen == 0)
        sl->gen = 1;
    sl->pos = q->free_head;
    q->free_head = s;
}

/* Moves e up from hole i until its parent is not greater.  Used by push and
 * by cancel when the entry moved into the hole is smaller than its parent. */
static void sift_up(struct event_queue *q, size_t i, struct eq_heap_entry e)
{
    struct eq_heap_entry *h = q->heap;
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
static void sift_down(struct event_queue *q, size_t i, struct eq_heap_entry e)
{
    struct eq_heap_entry *h = q->heap;
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

struct eq_handle eq_push(struct event_queue *q, uint64_t time, uint32_t kind,
                         void *ptr, uint64_t a, uint64_t b)
{
    uint32_t s = slot_alloc(q);
    struct eq_slot *sl = &q->slots[s];
    sl->ptr = ptr;
    sl->a = a;
    sl->b = b;
    sl->kind = kind;

    if (q->heap_len == q->heap_cap) {
        size_t cap = q->heap_cap ? q->heap_cap * 2 : 64;
        q->heap = xrealloc(q->heap, cap * sizeof(*q->heap));
        q->heap_cap = cap;
    }
    struct eq_heap_entry e = { .time = time, .seq = q->next_seq++, .slot = s };
    sift_up(q, q->heap_len++, e);
    return (struct eq_handle){ .slot = s, .gen = sl->gen };
}

/* Removes the entry at heap index i: the last entry fills the hole and is
 * sifted whichever way restores the heap property. */
static void heap_remove_at(struct event_queue *q, size_t i)
{
    size_t last = --q->heap_len;
    if (i == last)
        return;
    struct eq_heap_entry e = q->heap[last];
    if (i > 0 && entry_less(&e, &q->heap[(i - 1) / EQ_ARITY]))
        sift_up(q, i, e);
    else
        sift_down(q, i, e);
}

bool eq_pop(struct event_queue *q, struct eq_event *out)
{
    if (q->heap_len == 0)
        return false;
    struct eq_heap_entry top = q->heap[0];
    if (out) {
        const struct eq_slot *sl = &q->slots[top.slot];
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

bool eq_pending(const struct event_queue *q, struct eq_handle h)
{
    /* A slot's gen is never 0 (slot_alloc starts at 1, slot_release skips
     * 0), so EQ_HANDLE_NONE fails here even when slot 0 is occupied. */
    return h.slot < q->slot_len && q->slots[h.slot].gen == h.gen;
}

bool eq_cancel(struct event_queue *q, struct eq_handle h)
{
    if (!eq_pending(q, h))
        return false;
    size_t pos = q->slots[h.slot].pos;
    slot_release(q, h.slot);
    heap_remove_at(q, pos);
    return true;
}
