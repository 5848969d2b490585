/* SPDX-License-Identifier: GPL-2.0-only */
/* bench candidate "radix": a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) over the
 * engine's 16-byte keys  time << 64 | seq32 << 32 | slot.
 *
 * Keys are compared on their upper 96 bits (time, push order).  Bucket i >= 1 holds
 * the keys whose highest bit differing from `last` (the last key taken out) is bit
 * i-1 of those 96 bits; bucket 0 holds `last` itself.  A push appends to its bucket
 * (O(1)); taking the minimum scans the lowest non-empty bucket, makes its minimum the
 * new `last` and redistributes that bucket's keys to strictly lower buckets, so each
 * key moves at most 96 times and in practice a few.  Requires pushes not earlier
 * than `last`: an earlier push rebuilds every bucket around it (O(n); the simulator
 * never does it).  Cancellation is lazy as in the engine's heap. */
#include "queues.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define NIL UINT32_MAX
enum { BUCKETS = 97 };

struct rbucket {
    u128 *v;
    uint32_t len, cap;
};

struct rslot {
    void *ptr;
    uint64_t a, b, seq;
    uint32_t kind, gen, next_free;
    bool cancelled;
};

struct radix {
    struct rbucket b[BUCKETS];
    uint64_t nonempty[2]; /* bit i: bucket i has keys */
    u128 last;
    size_t n, cancelled;  /* keys held (cancelled ones included) */
    struct rslot *slots;
    uint32_t slot_len, slot_cap, free_head, key_seq;
    uint64_t next_seq;
};

static inline u128 upper(u128 k) { return k >> 32; }

/* Bucket of k relative to last: 1 + index of the highest differing bit, or 0. */
static inline unsigned bucket_of(u128 k, u128 last)
{
    u128 x = upper(k ^ last);
    uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;
    if (hi)
        return 129 - (unsigned)__builtin_clzll(hi);
    return lo ? 65 - (unsigned)__builtin_clzll(lo) : 0;
}

static inline void append(struct radix *q, unsigned i, u128 k)
{
    struct rbucket *b = &q->b[i];
    if (b->len == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
    }
    b->v[b->len++] = k;
    q->nonempty[i >> 6] |= UINT64_C(1) << (i & 63);
}

static void rebuild(struct radix *q, u128 new_last)
{
    u128 *all = xmalloc((q->n ? q->n : 1) * sizeof(*all));
    size_t m = 0;
    for (unsigned i = 0; i < BUCKETS; i++) {
        memcpy(all + m, q->b[i].v, q->b[i].len * sizeof(*all));
        m += q->b[i].len;
        q->b[i].len = 0;
    }
    q->nonempty[0] = q->nonempty[1] = 0;
    q->last = new_last;
    for (size_t k = 0; k < m; k++)
        append(q, bucket_of(all[k], new_last), all[k]);
    free(all);
}

struct radix *radix_create(void)
{
    struct radix *q = xcalloc(1, sizeof(*q));
    q->free_head = NIL;
    return q;
}

void radix_destroy(struct radix *q)
{
    for (unsigned i = 0; i < BUCKETS; i++)
        free(q->b[i].v);
    free(q->slots);
    free(q);
}

size_t radix_size(const struct radix *q) { return q->n - q->cancelled; }

static uint32_t slot_alloc(struct radix *q)
{
    if (q->free_head != NIL) {
        uint32_t s = q->free_head;
        q->free_head = q->slots[s].next_free;
        return s;
    }
    if (q->slot_len == q->slot_cap) {
        q->slot_cap = q->slot_cap ? q->slot_cap * 2 : 64;
        q->slots = xrealloc(q->slots, q->slot_cap * sizeof(*q->slots));
    }
    uint32_t s = q->slot_len++;
    q->slots[s].gen = 1;
    q->slots[s].cancelled = false;
    return s;
}

static void slot_recycle(struct radix *q, uint32_t s)
{
    q->slots[s].cancelled = false;
    q->slots[s].next_free = q->free_head;
    q->free_head = s;
}

struct eq_handle radix_push(struct radix *q, uint64_t time, uint32_t kind, void *ptr,
                            uint64_t a, uint64_t b)
{
    uint32_t s = slot_alloc(q);
    struct rslot *sl = &q->slots[s];
    *sl = (struct rslot){ptr, a, b, q->next_seq++, kind, sl->gen, NIL, false};
    if (q->key_seq == UINT32_MAX) {
        fputs("radix: key sequence wrap not implemented in the bench candidate\n", stderr);
        exit(1);
    }
    u128 k = (u128)time << 64 | (u128)q->key_seq++ << 32 | s;
    if (q->n == 0)
        q->last = k & ~(u128)UINT32_MAX;
    else if (upper(k) < upper(q->last))
        rebuild(q, k & ~(u128)UINT32_MAX);
    append(q, bucket_of(k, q->last), k);
    q->n++;
    return (struct eq_handle){s, sl->gen};
}

/* Makes bucket 0 hold the smallest live key; false when none is left. */
static bool settle(struct radix *q)
{
    for (;;) {
        if (q->b[0].len) {
            uint32_t s = (uint32_t)q->b[0].v[0];
            if (!q->slots[s].cancelled)
                return true;
            q->b[0].len = 0;
            q->nonempty[0] &= ~UINT64_C(1);
            slot_recycle(q, s);
            q->cancelled--;
            q->n--;
            continue;
        }
        unsigned i;
        if (q->nonempty[0])
            i = (unsigned)__builtin_ctzll(q->nonempty[0]);
        else if (q->nonempty[1])
            i = 64 + (unsigned)__builtin_ctzll(q->nonempty[1]);
        else
            return false;
        struct rbucket *bk = &q->b[i];
        u128 m = bk->v[0];
        for (uint32_t k = 1; k < bk->len; k++)
            if (bk->v[k] < m)
                m = bk->v[k];
        q->last = m;
        uint32_t len = bk->len;
        bk->len = 0;
        q->nonempty[i >> 6] &= ~(UINT64_C(1) << (i & 63));
        for (uint32_t k = 0; k < len; k++)
            append(q, bucket_of(bk->v[k], m), bk->v[k]);
    }
}

bool radix_pop(struct radix *q, struct eq_event *out)
{
    if (!settle(q))
        return false;
    u128 k = q->b[0].v[0];
    q->b[0].len = 0;
    q->nonempty[0] &= ~UINT64_C(1);
    q->n--;
    uint32_t s = (uint32_t)k;
    struct rslot *sl = &q->slots[s];
    if (out)
        *out = (struct eq_event){.time = (uint64_t)(k >> 64), .seq = sl->seq, .kind = sl->kind,
                                 .ptr = sl->ptr, .a = sl->a, .b = sl->b};
    if (++sl->gen == 0)
        sl->gen = 1;
    slot_recycle(q, s);
    return true;
}

bool radix_cancel(struct radix *q, struct eq_handle h)
{
    if (h.slot >= q->slot_len || q->slots[h.slot].gen != h.gen)
        return false;
    struct rslot *sl = &q->slots[h.slot];
    if (++sl->gen == 0)
        sl->gen = 1;
    sl->cancelled = true;
    q->cancelled++;
    return true;
}
