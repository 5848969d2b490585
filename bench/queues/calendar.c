/* SPDX-License-Identifier: GPL-2.0-only */
/* bench candidate "cal": a calendar queue (R. Brown, CACM 31(10), 1988) with the
 * engine's semantics -- (time, push order) order, generation-checked handles, eager
 * O(1) cancel.
 *
 * nb buckets (a power of two) of width 2^shift cycles form a "year" of nb * 2^shift
 * cycles; an event at time t lives in bucket (t >> shift) mod nb, in a doubly linked
 * list sorted by (time, seq).  Dequeue scans from the current bucket for an event of
 * the current year, moving one bucket (and 2^shift cycles) at a time; after a whole
 * year without one it falls back to a direct search of the bucket heads.  The
 * number of buckets doubles when the queue holds more than 2 events per bucket and
 * halves below 1 per 2 buckets; the width is then re-estimated from the gaps
 * between the earliest pending events (3 x their mean gap, outliers removed), as
 * Brown does. */
#include "queues.h"

#include "bucket_list.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MIN_BUCKETS 16u

__extension__ typedef unsigned __int128 u128;

struct cal {
    struct bl_pool pool; /* a node's `where` is its bucket */
    uint32_t *head;      /* nb bucket list heads */
    uint32_t *tail;      /* nb bucket list tails */
    uint32_t nb, shift;
    size_t size;
    uint64_t next_seq;
    uint32_t cur;        /* bucket the scan resumes at */
    u128 top;            /* end (exclusive) of the current bucket's window */
};

static inline uint32_t bucket_of(const struct cal *q, uint64_t t)
{
    return (uint32_t)(t >> q->shift) & (q->nb - 1);
}

static void set_position(struct cal *q, uint64_t t)
{
    q->cur = bucket_of(q, t);
    q->top = ((u128)(t >> q->shift) + 1) << q->shift;
}

static void link(struct cal *q, uint32_t i)
{
    bl_link(q->pool.nodes, q->head, q->tail, bucket_of(q, q->pool.nodes[i].time), i);
}

static void unlink_node(struct cal *q, uint32_t i)
{
    bl_unlink(q->pool.nodes, q->head, q->tail, i);
}

/* The earliest event by direct search of the bucket heads (each list is sorted). */
static uint32_t direct_min(const struct cal *q)
{
    uint32_t best = BL_NIL;
    for (uint32_t b = 0; b < q->nb; b++) {
        uint32_t h = q->head[b];
        if (h != BL_NIL && (best == BL_NIL || bl_less(&q->pool.nodes[h], &q->pool.nodes[best])))
            best = h;
    }
    return best;
}

/* The earliest event, moving the scan position to it; BL_NIL when empty. */
static uint32_t find_min(struct cal *q)
{
    if (q->size == 0)
        return BL_NIL;
    uint32_t b = q->cur;
    u128 top = q->top;
    for (uint32_t k = 0; k < q->nb; k++) {
        uint32_t h = q->head[b];
        if (h != BL_NIL && q->pool.nodes[h].time < top) {
            q->cur = b;
            q->top = top;
            return h;
        }
        b = (b + 1) & (q->nb - 1);
        top += (u128)1 << q->shift;
    }
    uint32_t m = direct_min(q);
    set_position(q, q->pool.nodes[m].time);
    return m;
}

/* Width estimate: 3 x the mean gap between the earliest (up to 25) events, after
 * dropping gaps above twice the first mean. */
static uint32_t estimate_shift(struct cal *q)
{
    enum { SAMPLE = 25 };
    uint64_t t[SAMPLE];
    uint32_t idx[SAMPLE];
    size_t n = 0;
    while (n < SAMPLE && n < q->size) {
        uint32_t m = find_min(q);
        idx[n] = m;
        t[n++] = q->pool.nodes[m].time;
        unlink_node(q, m);
        q->size--;
    }
    for (size_t k = 0; k < n; k++) { /* put them back, same buckets */
        link(q, idx[k]);
        q->size++;
    }
    if (n > 0)
        set_position(q, t[0]);
    if (n < 2)
        return q->shift;
    u128 sum = 0;
    for (size_t k = 1; k < n; k++)
        sum += t[k] - t[k - 1];
    u128 mean = sum / (n - 1), sum2 = 0;
    size_t n2 = 0;
    for (size_t k = 1; k < n; k++)
        if ((u128)(t[k] - t[k - 1]) <= 2 * mean) {
            sum2 += t[k] - t[k - 1];
            n2++;
        }
    u128 width = n2 ? 3 * sum2 / n2 : 3 * mean;
    uint32_t shift = 0;
    while (shift < 63 && ((u128)1 << shift) < width)
        shift++;
    return shift;
}

static void rebucket(struct cal *q, uint32_t nb)
{
    uint32_t shift = estimate_shift(q);
    free(q->head);
    free(q->tail);
    q->nb = nb;
    q->shift = shift;
    q->head = xmalloc(nb * sizeof(*q->head));
    q->tail = xmalloc(nb * sizeof(*q->tail));
    memset(q->head, 0xff, nb * sizeof(*q->head));
    memset(q->tail, 0xff, nb * sizeof(*q->tail));
    uint64_t earliest = UINT64_MAX;
    for (uint32_t i = 0; i < q->pool.n_nodes; i++)
        if (q->pool.nodes[i].where != BL_NIL) {
            link(q, i);
            if (q->pool.nodes[i].time < earliest)
                earliest = q->pool.nodes[i].time;
        }
    set_position(q, earliest == UINT64_MAX ? 0 : earliest);
}

struct cal *cal_create(void)
{
    struct cal *q = xcalloc(1, sizeof(*q));
    q->pool.free_head = BL_NIL;
    q->nb = MIN_BUCKETS;
    q->shift = 10;
    q->head = xmalloc(q->nb * sizeof(*q->head));
    q->tail = xmalloc(q->nb * sizeof(*q->tail));
    memset(q->head, 0xff, q->nb * sizeof(*q->head));
    memset(q->tail, 0xff, q->nb * sizeof(*q->tail));
    set_position(q, 0);
    return q;
}

void cal_destroy(struct cal *q)
{
    free(q->pool.nodes);
    free(q->head);
    free(q->tail);
    free(q);
}

size_t cal_size(const struct cal *q) { return q->size; }

struct eq_handle cal_push(struct cal *q, uint64_t time, uint32_t kind, void *ptr, uint64_t a,
                          uint64_t b)
{
    uint32_t i = bl_new(&q->pool, time, q->next_seq++, kind, ptr, a, b);
    link(q, i);
    if (q->size == 0 || time < q->top - ((u128)1 << q->shift))
        set_position(q, time); /* earlier than the scan position */
    q->size++;
    if (q->size > 2 * (size_t)q->nb)
        rebucket(q, q->nb * 2);
    return (struct eq_handle){i, q->pool.nodes[i].gen};
}

static void release(struct cal *q, uint32_t i)
{
    unlink_node(q, i);
    bl_free(&q->pool, i);
    q->size--;
    if (q->nb > MIN_BUCKETS && q->size < q->nb / 2)
        rebucket(q, q->nb / 2);
}

bool cal_pop(struct cal *q, struct eq_event *out)
{
    uint32_t i = find_min(q);
    if (i == BL_NIL)
        return false;
    if (out)
        bl_event(&q->pool.nodes[i], out);
    release(q, i);
    return true;
}

bool cal_cancel(struct cal *q, struct eq_handle h)
{
    const struct bl_pool *p = &q->pool;
    if (h.slot >= p->n_nodes || p->nodes[h.slot].gen != h.gen || p->nodes[h.slot].where == BL_NIL)
        return false;
    release(q, h.slot);
    return true;
}
