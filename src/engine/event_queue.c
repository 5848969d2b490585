/* SPDX-License-Identifier: GPL-2.0-only */
/* Pending-event queue: a d-ary min-heap (d = EQ_ARITY, 4 by default) of 16-byte keys,
 * plus a slot array holding the payloads.
 *
 * Keys.  A key is one unsigned 128-bit integer:
 *     time << 64  |  key_seq << 32  |  slot
 * so comparing two keys as integers compares (time, push order) -- one compare and
 * one subtract-with-borrow, no branches on ties -- and the key says where its
 * payload lives.  key_seq is a 32-bit push counter; when it would wrap, the pending
 * keys are renumbered 0..n-1 in their current order (renumber()), which changes no
 * comparison between them, so the order stays exactly (time, push order) however
 * long the run.  The 64-bit push counter reported in eq_event.seq lives in the slot.
 *
 * Layout.  heap[0] is the root and the children of node i are heap[d*i+1 ..
 * d*i+d].  The array is offset inside a cache-line-aligned allocation so that every
 * group of d siblings starts on a 16*d-byte boundary: with d = 4, the four children a
 * pop compares are exactly one 64-byte line.  Positions past the last entry hold
 * KEY_NONE (all ones, larger than any real key, whose slot is never UINT32_MAX), so
 * the min-of-d selection never checks how many children a node has.
 *
 * Pop leaves the root vacant.  The next push fills the vacancy with its own key and
 * sifts it down (so a pop followed by a push -- what every event handler that
 * schedules a successor does -- costs one sift instead of two, and a near-future key
 * stops near the root at once); the next pop or peek fills it with the last entry,
 * as a plain heap pop would have.
 *
 * Cancellation is lazy.  eq_cancel bumps the slot's generation (the handle, and every
 * older one, stops matching at once) and marks the slot cancelled, but leaves its
 * key in the heap: no heap positions have to be tracked, so the sift loops touch
 * nothing but the key array.  A cancelled key is dropped when it is or reaches the
 * root (settle(), at the cancel or before a pop or peek), and when cancelled keys outnumber the live ones the heap is rebuilt without them
 * (compact(), O(n) every n/2 cancels at least), so they never hold more than half
 * of the heap.  Their slots are recycled only once their keys are gone.
 *
 * Why generations: a handle is (slot, gen).  Popping or cancelling bumps the slot's
 * generation, so every handle issued for that occupant stops matching, even after
 * the slot is recycled for a new event.  Generations skip 0 so a zeroed handle is
 * never valid.  (A handle could only be confused after exactly 2^32 - 1 reuses of
 * the same slot while it is held.)
 *
 * Why this design: bench/bench_engine measures it against the previous binary heap
 * of 24-byte entries with eagerly tracked positions, the same code as a binary and
 * an 8-ary heap, and a calendar queue, in the hold model and on the operations of
 * real simulations (docs/performance-log.md).  EQ_ARITY stays a macro so that the
 * comparison can be rebuilt; every arity >= 2 is correct.
 */
#include "engine/event_queue.h"

#include "util/debug_checks.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EQ_ARITY
#define EQ_ARITY 4
#endif
_Static_assert(EQ_ARITY >= 2, "a heap needs at least two children per node");

#define EQ_NIL UINT32_MAX /* free-list terminator; never a valid slot index */

__extension__ typedef unsigned __int128 eq_u128;

struct eq_key {
    eq_u128 k;
};

#define KEY_NONE (~(eq_u128)0)
/* Siblings share one aligned block of this many bytes (at least a cache line). */
#define HEAP_ALIGN (16 * EQ_ARITY > 64 ? 16 * EQ_ARITY : 64)

struct eq_slot {
    void *ptr;
    uint64_t a, b;
    uint64_t seq;       /* the 64-bit push number, for eq_event.seq */
    uint32_t kind;
    uint32_t gen;       /* bumped on pop and cancel; a handle is valid iff gens match */
    uint32_t next_free; /* free list link while the slot is free */
    bool cancelled;     /* cancelled, its key still in the heap */
};

static inline uint64_t key_time(eq_u128 k) { return (uint64_t)(k >> 64); }
static inline uint32_t key_slot(eq_u128 k) { return (uint32_t)k; }

/* Per thread, so that a benchmark's observer never sees another thread's queues. */
static _Thread_local const struct eq_observer *thread_observer;

void eq_set_observer(const struct eq_observer *obs) { thread_observer = obs; }

void eq_init(struct event_queue *q)
{
    memset(q, 0, sizeof(*q));
    q->free_head = EQ_NIL;
    q->obs = thread_observer;
}

void eq_free(struct event_queue *q)
{
    free(q->heap_mem);
    free(q->slots);
    eq_init(q);
}

size_t eq_size(const struct event_queue *q)
{
    return q->heap_len - q->cancelled - q->root_vacant;
}

/* ---- slots ---- */

static uint32_t slot_alloc(struct event_queue *q)
{
    if (q->free_head != EQ_NIL) {
        uint32_t s = q->free_head;
        q->free_head = q->slots[s].next_free;
        return s;
    }
    if (q->slot_len == q->slot_cap) {
        /* Slot indices are 32-bit and EQ_NIL is reserved; 2 billion pending
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
    q->slots[s].cancelled = false;
    return s;
}

/* The current occupant's handles stop matching. */
static inline void slot_invalidate(struct eq_slot *sl)
{
    if (++sl->gen == 0)
        sl->gen = 1;
}

static inline void slot_recycle(struct event_queue *q, uint32_t s)
{
    q->slots[s].cancelled = false;
    q->slots[s].next_free = q->free_head;
    q->free_head = s;
}

/* ---- heap ---- */

/* Room for at least heap_len + EQ_ARITY + 1 keys, KEY_NONE past the last entry. */
static void heap_grow(struct event_queue *q)
{
    size_t cap = q->heap_cap ? q->heap_cap * 2 : 64;
    size_t bytes = (cap + EQ_ARITY - 1) * sizeof(struct eq_key);
    bytes = (bytes + HEAP_ALIGN - 1) / HEAP_ALIGN * HEAP_ALIGN;
    void *mem = aligned_alloc(HEAP_ALIGN, bytes);
    if (!mem) {
        fputs("vgicsim: out of memory\n", stderr);
        exit(3);
    }
    /* Offset so that heap[1] -- and so every first child d*i+1 -- is aligned. */
    struct eq_key *h = (struct eq_key *)mem + (EQ_ARITY - 1);
    if (q->heap_len)
        memcpy(h, q->heap, q->heap_len * sizeof(*h));
    for (size_t i = q->heap_len; i < cap; i++)
        h[i].k = KEY_NONE;
    free(q->heap_mem);
    q->heap_mem = mem;
    q->heap = h;
    q->heap_cap = cap;
}

/* The smallest of the EQ_ARITY siblings starting at c (padding included): its index
 * in *at and its key as the result.  For d = 4: two independent pair comparisons,
 * then one between the winners, which compiles to compare/subtract-with-borrow and
 * conditional moves (selecting the keys themselves as values measured slower: the
 * compiler turned one select into an unpredictable branch). */
static inline eq_u128 min_child(const struct eq_key *h, size_t c, size_t *at)
{
#if EQ_ARITY == 4
    size_t a = c + (h[c + 1].k < h[c].k);
    size_t b = c + 2 + (h[c + 3].k < h[c + 2].k);
    size_t m = h[b].k < h[a].k ? b : a;
#else
    size_t m = c;
    for (size_t k = c + 1; k < c + EQ_ARITY; k++)
        if (h[k].k < h[m].k)
            m = k;
#endif
    *at = m;
    return h[m].k;
}

/* Moves key e up from hole i until its parent is not greater. */
static void sift_up(struct eq_key *h, size_t i, eq_u128 e)
{
    while (i > 0) {
        size_t p = (i - 1) / EQ_ARITY;
        if (!(e < h[p].k))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i].k = e;
}

/* Moves key e down from hole i, promoting the smallest child while it is smaller
 * than e.  n: entries in the heap, the hole included. */
static void sift_down(struct eq_key *h, size_t n, size_t i, eq_u128 e)
{
    for (;;) {
        size_t c = EQ_ARITY * i + 1;
        if (c >= n)
            break;
        size_t m;
        eq_u128 k = min_child(h, c, &m);
        if (!(k < e))
            break;
        h[i].k = k;
        i = m;
    }
    h[i].k = e;
}

/* Fills the root (vacant, or holding a key being removed) with the last entry. */
static void remove_root(struct event_queue *q)
{
    size_t last = --q->heap_len;
    eq_u128 e = q->heap[last].k;
    q->heap[last].k = KEY_NONE;
    if (last > 0)
        sift_down(q->heap, last, 0, e);
}

/* Brings the heap to its settled state: the root occupied by the smallest live key
 * (or the heap empty). */
static void settle(struct event_queue *q)
{
    if (q->root_vacant) {
        q->root_vacant = false;
        remove_root(q);
    }
    while (q->heap_len > 0) {
        uint32_t s = key_slot(q->heap[0].k);
        if (!q->slots[s].cancelled)
            break;
        slot_recycle(q, s);
        q->cancelled--;
        remove_root(q);
    }
}

bool eq_peek(struct event_queue *q, uint64_t *time, uint64_t *seq)
{
    settle(q);
    if (q->heap_len == 0)
        return false;
    *time = key_time(q->heap[0].k);
    *seq = q->slots[key_slot(q->heap[0].k)].seq;
    return true;
}

bool eq_peek_time(struct event_queue *q, uint64_t *time)
{
    uint64_t seq;
    return eq_peek(q, time, &seq);
}

bool eq_next_time(struct event_queue *q, uint64_t *time)
{
    if (q->root_vacant) {
        /* A popped root: its children are the smallest of what is left (past the last
         * entry they hold KEY_NONE, larger than any key). */
        eq_u128 min = KEY_NONE;
        for (size_t c = 1; c <= EQ_ARITY && c < q->heap_len; c++)
            if (q->heap[c].k < min)
                min = q->heap[c].k;
        if (min == KEY_NONE)
            return false;
        if (!q->slots[key_slot(min)].cancelled) {
            *time = key_time(min);
            return true;
        }
    }
    return eq_peek_time(q, time);
}

uint64_t eq_next_seq(const struct event_queue *q) { return q->next_seq; }

uint64_t eq_take_seq(struct event_queue *q) { return q->next_seq++; }

/* Rebuilds the heap without its cancelled keys (bottom-up heap construction). */
static void compact(struct event_queue *q)
{
    settle(q);
    struct eq_key *h = q->heap;
    size_t w = 0;
    for (size_t r = 0; r < q->heap_len; r++) {
        uint32_t s = key_slot(h[r].k);
        if (q->slots[s].cancelled)
            slot_recycle(q, s);
        else
            h[w++] = h[r];
    }
    for (size_t r = w; r < q->heap_len; r++)
        h[r].k = KEY_NONE;
    VGICSIM_ASSERT(q->heap_len - w == q->cancelled);
    q->heap_len = w;
    q->cancelled = 0;
    for (size_t i = w > 1 ? (w - 2) / EQ_ARITY + 1 : 0; i-- > 0;)
        sift_down(h, w, i, h[i].k);
}

struct renumber_entry {
    uint32_t seq, pos;
};

static int renumber_cmp(const void *x, const void *y)
{
    uint32_t a = ((const struct renumber_entry *)x)->seq;
    uint32_t b = ((const struct renumber_entry *)y)->seq;
    return (a > b) - (a < b);
}

/* key_seq is about to wrap: give the keys in the heap the numbers 0..n-1 in the
 * order of their current numbers.  Every comparison between them is unchanged, so
 * the heap stays valid, and new keys number from n on. */
static void renumber(struct event_queue *q)
{
    settle(q);
    size_t n = q->heap_len;
    struct renumber_entry *v = xmalloc((n ? n : 1) * sizeof(*v));
    for (size_t i = 0; i < n; i++)
        v[i] = (struct renumber_entry){(uint32_t)(q->heap[i].k >> 32), (uint32_t)i};
    qsort(v, n, sizeof(*v), renumber_cmp);
    for (size_t r = 0; r < n; r++) {
        eq_u128 *k = &q->heap[v[r].pos].k;
        *k = (*k & ~((eq_u128)UINT32_MAX << 32)) | (eq_u128)r << 32;
    }
    free(v);
    q->key_seq = (uint32_t)n;
}

/* ---- operations ---- */

struct eq_handle eq_push(struct event_queue *q, uint64_t time, uint32_t kind,
                         void *ptr, uint64_t a, uint64_t b)
{
    uint32_t s = slot_alloc(q);
    struct eq_slot *sl = &q->slots[s];
    sl->ptr = ptr;
    sl->a = a;
    sl->b = b;
    sl->kind = kind;
    sl->seq = q->next_seq++;

    if (q->heap_len + EQ_ARITY + 1 > q->heap_cap)
        heap_grow(q);
    if (q->key_seq == UINT32_MAX)
        renumber(q);
    eq_u128 key = (eq_u128)time << 64 | (eq_u128)q->key_seq++ << 32 | s;
    if (q->root_vacant) {
        q->root_vacant = false;
        sift_down(q->heap, q->heap_len, 0, key);
    } else {
        sift_up(q->heap, q->heap_len++, key);
    }
    struct eq_handle h = { .slot = s, .gen = sl->gen };
    if (q->obs)
        q->obs->pushed(q->obs->ctx, time, h, eq_size(q));
    return h;
}

bool eq_pop(struct event_queue *q, struct eq_event *out)
{
    if (q->root_vacant || q->cancelled)
        settle(q);
    if (q->heap_len == 0)
        return false;
    eq_u128 top = q->heap[0].k;
    uint32_t s = key_slot(top);
    struct eq_slot *sl = &q->slots[s];
    VGICSIM_ASSERT(!sl->cancelled); /* settle() leaves a live key at the root */
    if (out) {
        out->time = key_time(top);
        out->seq = sl->seq;
        out->kind = sl->kind;
        out->ptr = sl->ptr;
        out->a = sl->a;
        out->b = sl->b;
    }
    slot_invalidate(sl);
    slot_recycle(q, s);
    q->root_vacant = true;
    if (q->obs)
        q->obs->popped(q->obs->ctx, key_time(top), eq_size(q));
    return true;
}

bool eq_pending(const struct event_queue *q, struct eq_handle h)
{
    /* A slot's gen is never 0 (slot_alloc starts at 1, slot_invalidate skips 0), so
     * EQ_HANDLE_NONE fails here even when slot 0 is occupied; a cancelled event's
     * slot has had its generation bumped. */
    return h.slot < q->slot_len && q->slots[h.slot].gen == h.gen;
}

bool eq_cancel(struct event_queue *q, struct eq_handle h)
{
    if (!eq_pending(q, h)) {
        if (q->obs)
            q->obs->cancel(q->obs->ctx, h, false, eq_size(q));
        return false;
    }
    struct eq_slot *sl = &q->slots[h.slot];
    slot_invalidate(sl);
    sl->cancelled = true;
    q->cancelled++;
    if (!q->root_vacant && key_slot(q->heap[0].k) == h.slot)
        settle(q); /* the earliest event: drop it now, its slot is free at once */
    else if (q->cancelled >= 32 && q->cancelled * 2 > q->heap_len)
        compact(q);
    if (q->obs)
        q->obs->cancel(q->obs->ctx, h, true, eq_size(q));
    return true;
}
