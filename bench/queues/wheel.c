/* SPDX-License-Identifier: GPL-2.0-only */
/* bench candidate "wheel": a timing wheel for the near future plus a heap for the
 * rest, with the engine's semantics ((time, push order) order, generation-checked
 * handles, cancel).
 *
 * Time is cut into ticks of 2^shift cycles.  The wheel has W buckets (a power of
 * two) and covers the ticks [cursor, cursor + W): an event in that window sits in
 * bucket tick mod W, in a doubly linked list sorted by (time, push number), and a
 * bitmap marks the non-empty buckets, so the next event is found with a few
 * count-trailing-zeros.  Later events wait in a binary heap (overflow) of 16-byte
 * keys and move into the wheel when the cursor comes within W ticks of them.  Every
 * 4096 pops W and shift are re-tuned from what was pushed (W about twice the queue
 * size, the window covering 90 % of the push distances) and the wheel rebuilt if
 * they changed.  A push earlier than the cursor rebuilds around it (the simulator
 * never does that).  Cancel unlinks a wheel event at once and marks an overflow one
 * (dropped when it surfaces, or when such marks outnumber the live keys).  Bench
 * candidate only: its overflow keys carry the push number's low 32 bits, so equal
 * times would tie-break wrongly after 2^32 pushes (the engine renumbers instead). */
#include "queues.h"

#include "bucket_list.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

/* A node's `where`: its bucket, or one of these. */
enum { W_FREE = BL_NIL, W_OVERFLOW = 0xfffffffeu, W_CANCELLED = 0xfffffffdu };
enum { MIN_BUCKETS = 64, MAX_BUCKETS = 1 << 16, TUNE_EVERY = 4096 };

struct wheel {
    struct bl_pool pool;
    uint32_t *head, *tail;
    uint64_t *bits;
    uint32_t nb, shift;
    uint64_t cursor;      /* first tick of the window */
    uint64_t now;         /* time of the last pop */
    size_t size, in_wheel;
    u128 *ov;             /* overflow: binary heap of time<<64 | seq32<<32 | node */
    size_t ov_len, ov_cap, ov_cancelled;
    uint64_t next_seq;
    uint32_t key_seq;
    uint64_t pops, dist_hist[65]; /* push distances by bit length, since the last tune */
};

/* ---- overflow heap ---- */

static void ov_push(struct wheel *q, u128 k)
{
    if (q->ov_len == q->ov_cap) {
        q->ov_cap = q->ov_cap ? q->ov_cap * 2 : 64;
        q->ov = xrealloc(q->ov, q->ov_cap * sizeof(*q->ov));
    }
    size_t i = q->ov_len++;
    while (i > 0 && k < q->ov[(i - 1) / 2]) {
        q->ov[i] = q->ov[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    q->ov[i] = k;
}

static void ov_pop(struct wheel *q)
{
    u128 e = q->ov[--q->ov_len];
    size_t i = 0, n = q->ov_len;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && q->ov[c + 1] < q->ov[c])
            c++;
        if (!(q->ov[c] < e))
            break;
        q->ov[i] = q->ov[c];
        i = c;
    }
    if (n)
        q->ov[i] = e;
}

/* Drops cancelled keys from the top of the overflow heap. */
static void ov_settle(struct wheel *q)
{
    while (q->ov_len && q->pool.nodes[(uint32_t)q->ov[0]].where == W_CANCELLED) {
        bl_recycle(&q->pool, (uint32_t)q->ov[0]);
        q->ov_cancelled--;
        ov_pop(q);
    }
}

/* ---- wheel ---- */

static void wheel_link(struct wheel *q, uint32_t i)
{
    uint32_t b = (uint32_t)(q->pool.nodes[i].time >> q->shift) & (q->nb - 1);
    bl_link(q->pool.nodes, q->head, q->tail, b, i);
    q->bits[b >> 6] |= UINT64_C(1) << (b & 63);
    q->in_wheel++;
}

static void wheel_unlink(struct wheel *q, uint32_t i)
{
    uint32_t b = q->pool.nodes[i].where;
    bl_unlink(q->pool.nodes, q->head, q->tail, i);
    if (q->head[b] == BL_NIL)
        q->bits[b >> 6] &= ~(UINT64_C(1) << (b & 63));
    q->in_wheel--;
}

/* Into the wheel if within the window, else into the overflow heap. */
static void place(struct wheel *q, uint32_t i)
{
    struct bl_node *n = &q->pool.nodes[i];
    if ((n->time >> q->shift) - q->cursor < q->nb) {
        wheel_link(q, i);
    } else {
        n->where = W_OVERFLOW;
        ov_push(q, (u128)n->time << 64 | (u128)(uint32_t)n->seq << 32 | i);
    }
}

/* Overflow events that the window now reaches move into the wheel. */
static void migrate(struct wheel *q)
{
    for (;;) {
        ov_settle(q);
        if (!q->ov_len || (uint64_t)(q->ov[0] >> 64 >> q->shift) - q->cursor >= q->nb)
            return;
        uint32_t i = (uint32_t)q->ov[0];
        ov_pop(q);
        wheel_link(q, i);
    }
}

/* Re-lays everything out with nb buckets of 2^shift cycles, the window starting at
 * the tick of `from`. */
static void rebuild(struct wheel *q, uint32_t nb, uint32_t shift, uint64_t from)
{
    if (nb != q->nb || !q->head) {
        free(q->head);
        free(q->tail);
        free(q->bits);
        q->head = xmalloc(nb * sizeof(*q->head));
        q->tail = xmalloc(nb * sizeof(*q->tail));
        q->bits = xmalloc((nb / 64) * sizeof(*q->bits));
    }
    q->nb = nb;
    q->shift = shift;
    memset(q->head, 0xff, nb * sizeof(*q->head));
    memset(q->tail, 0xff, nb * sizeof(*q->tail));
    memset(q->bits, 0, (nb / 64) * sizeof(*q->bits));
    q->in_wheel = 0;
    q->ov_len = 0;
    q->ov_cancelled = 0;
    q->cursor = from >> shift;
    for (uint32_t i = 0; i < q->pool.n_nodes; i++) {
        uint32_t w = q->pool.nodes[i].where;
        if (w == W_CANCELLED)
            bl_recycle(&q->pool, i);
        else if (w != W_FREE)
            place(q, i);
    }
}

static void tune(struct wheel *q)
{
    uint64_t total = 0;
    for (int k = 0; k < 65; k++)
        total += q->dist_hist[k];
    uint32_t nb = MIN_BUCKETS;
    while (nb < 2 * q->size && nb < MAX_BUCKETS)
        nb *= 2;
    /* Smallest window (in bit lengths) that holds 90 % of the push distances. */
    uint64_t seen = 0;
    int bits = 0;
    while (bits < 64 && seen * 10 < total * 9)
        seen += q->dist_hist[bits++];
    int lg = __builtin_ctz(nb);
    uint32_t shift = bits > lg ? (uint32_t)(bits - lg) : 0;
    memset(q->dist_hist, 0, sizeof(q->dist_hist));
    if (nb != q->nb || shift != q->shift)
        rebuild(q, nb, shift, q->now);
}

struct wheel *wheel_create(void)
{
    struct wheel *q = xcalloc(1, sizeof(*q));
    q->pool.free_head = BL_NIL;
    rebuild(q, MIN_BUCKETS, 4, 0);
    return q;
}

void wheel_destroy(struct wheel *q)
{
    free(q->pool.nodes);
    free(q->head);
    free(q->tail);
    free(q->bits);
    free(q->ov);
    free(q);
}

size_t wheel_size(const struct wheel *q) { return q->size; }

struct eq_handle wheel_push(struct wheel *q, uint64_t time, uint32_t kind, void *ptr,
                            uint64_t a, uint64_t b)
{
    uint32_t i = bl_new(&q->pool, time, q->next_seq++, kind, ptr, a, b);
    struct bl_node *n = &q->pool.nodes[i];
    q->size++;
    if (time < q->now) {  /* earlier than the last pop: rebuild around it */
        n->where = W_OVERFLOW; /* any live state, so that rebuild places it */
        q->now = time;
        rebuild(q, q->nb, q->shift, time);
    } else {
        uint64_t d = time - q->now;
        q->dist_hist[d ? 64 - __builtin_clzll(d) : 0]++;
        if ((time >> q->shift) < q->cursor) {
            n->where = W_OVERFLOW;
            rebuild(q, q->nb, q->shift, time);
        } else {
            place(q, i);
        }
    }
    return (struct eq_handle){i, n->gen};
}

static void release(struct wheel *q, uint32_t i)
{
    bl_free(&q->pool, i);
    q->size--;
}

bool wheel_pop(struct wheel *q, struct eq_event *out)
{
    if (q->size == 0)
        return false;
    if (q->in_wheel == 0) { /* jump to the overflow's earliest event */
        ov_settle(q);
        q->cursor = (uint64_t)(q->ov[0] >> 64) >> q->shift;
        migrate(q);
    }
    /* First non-empty bucket at or after the cursor's (wrapping around). */
    uint32_t p = (uint32_t)q->cursor & (q->nb - 1), w = p >> 6, words = q->nb / 64;
    uint64_t m = q->bits[w] & (~UINT64_C(0) << (p & 63));
    while (!m) {
        w = (w + 1) & (words - 1);
        m = q->bits[w];
    }
    uint32_t bkt = (w << 6) | (uint32_t)__builtin_ctzll(m);
    uint32_t d = (bkt - p) & (q->nb - 1);
    if (d) {
        q->cursor += d;
        migrate(q); /* overflow keys now in the window go behind the bucket found */
    }
    uint32_t i = q->head[bkt];
    const struct bl_node *n = &q->pool.nodes[i];
    if (out)
        bl_event(n, out);
    q->now = n->time;
    wheel_unlink(q, i);
    release(q, i);
    if (++q->pops % TUNE_EVERY == 0)
        tune(q);
    return true;
}

bool wheel_cancel(struct wheel *q, struct eq_handle h)
{
    if (h.slot >= q->pool.n_nodes || q->pool.nodes[h.slot].gen != h.gen)
        return false;
    struct bl_node *n = &q->pool.nodes[h.slot];
    if (n->where == W_OVERFLOW) {
        bl_retire(n);
        n->where = W_CANCELLED;
        q->size--;
        q->ov_cancelled++;
        if (q->ov_cancelled >= 32 && q->ov_cancelled * 2 > q->ov_len)
            rebuild(q, q->nb, q->shift, q->now);
        return true;
    }
    wheel_unlink(q, h.slot);
    release(q, h.slot);
    return true;
}
