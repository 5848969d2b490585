/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the discrete-event engine's pending-event queue. */
#include "engine/event_queue.h"

#include "test_support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Deterministic PRNG for the randomized tests (no dependence on libc rand). */
static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t *state, uint64_t n) { return rng_next(state) % n; }

/* Pops one event and checks it is the expected (time, a) pair. */
static void expect_pop(struct event_queue *q, uint64_t time, uint64_t a)
{
    struct eq_event ev;
    ck_assert_msg(eq_pop(q, &ev), "queue empty, expected time %llu a %llu",
                  (unsigned long long)time, (unsigned long long)a);
    ck_assert_uint_eq(ev.time, time);
    ck_assert_uint_eq(ev.a, a);
}

START_TEST(test_empty)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_event ev = { .time = 42, .a = 7 };
    uint64_t t = 99;
    ck_assert_uint_eq(eq_size(&q), 0);
    ck_assert(!eq_pop(&q, &ev));
    ck_assert_uint_eq(ev.time, 42); /* untouched on failure */
    ck_assert_uint_eq(ev.a, 7);
    ck_assert(!eq_peek_time(&q, &t));
    ck_assert_uint_eq(t, 99);
    ck_assert(!eq_cancel(&q, EQ_HANDLE_NONE));
    ck_assert(!eq_pop(&q, NULL));

    /* Empty again after one push/pop; eq_free then eq_init-free reuse. */
    eq_push(&q, 5, 0, NULL, 0, 0);
    ck_assert(eq_pop(&q, &ev));
    ck_assert(!eq_pop(&q, &ev));
    ck_assert_uint_eq(eq_size(&q), 0);
    eq_free(&q);
    ck_assert_uint_eq(eq_size(&q), 0);
    ck_assert(!eq_pop(&q, &ev));
    eq_push(&q, 6, 0, NULL, 0, 0);
    ck_assert(eq_peek_time(&q, &t));
    ck_assert_uint_eq(t, 6);
    eq_free(&q);
}
END_TEST

START_TEST(test_time_order_and_payload)
{
    struct event_queue q;
    eq_init(&q);
    static int objs[1000];
    /* 7919 is coprime with 1000, so this pushes every time 0..999 once, scrambled. */
    for (uint64_t i = 0; i < 1000; i++) {
        uint64_t t = (i * 7919) % 1000;
        eq_push(&q, t * 3 + 1000000, (uint32_t)(t ^ 0x55), &objs[t], t, ~t);
    }
    ck_assert_uint_eq(eq_size(&q), 1000);
    for (uint64_t t = 0; t < 1000; t++) {
        uint64_t peek;
        ck_assert(eq_peek_time(&q, &peek));
        ck_assert_uint_eq(peek, t * 3 + 1000000);
        struct eq_event ev;
        ck_assert(eq_pop(&q, &ev));
        ck_assert_uint_eq(ev.time, t * 3 + 1000000);
        ck_assert_uint_eq(ev.kind, (uint32_t)(t ^ 0x55));
        ck_assert_ptr_eq(ev.ptr, &objs[t]);
        ck_assert_uint_eq(ev.a, t);
        ck_assert_uint_eq(ev.b, ~t);
        ck_assert_uint_eq(eq_size(&q), 999 - t);
    }
    ck_assert(!eq_pop(&q, NULL));
    eq_free(&q);
}
END_TEST

START_TEST(test_extreme_times)
{
    struct event_queue q;
    eq_init(&q);
    eq_push(&q, UINT64_MAX, 0, NULL, 1, 0);
    eq_push(&q, 0, 0, NULL, 2, 0);
    eq_push(&q, UINT64_MAX, 0, NULL, 3, 0);
    eq_push(&q, (uint64_t)1 << 63, 0, NULL, 4, 0);
    eq_push(&q, 0, 0, NULL, 5, 0);
    expect_pop(&q, 0, 2);
    expect_pop(&q, 0, 5);
    expect_pop(&q, (uint64_t)1 << 63, 4);
    expect_pop(&q, UINT64_MAX, 1);
    expect_pop(&q, UINT64_MAX, 3);
    eq_free(&q);
}
END_TEST

START_TEST(test_fifo_equal_times)
{
    struct event_queue q;
    eq_init(&q);
    for (uint64_t i = 0; i < 200; i++)
        eq_push(&q, 500, 0, NULL, i, 0);
    uint64_t prev_seq = 0;
    for (uint64_t i = 0; i < 200; i++) {
        struct eq_event ev;
        ck_assert(eq_pop(&q, &ev));
        ck_assert_uint_eq(ev.time, 500);
        ck_assert_uint_eq(ev.a, i);
        if (i > 0)
            ck_assert_uint_gt(ev.seq, prev_seq);
        prev_seq = ev.seq;
    }
    eq_free(&q);
}
END_TEST

/* Many equal-time groups interleaved with each other and with pops: within a
 * time, events must come out in push order, including events pushed for the
 * current time while that time is being drained. */
START_TEST(test_fifo_interleaved)
{
    struct event_queue q;
    eq_init(&q);
    uint64_t rng = 12345;
    enum { TIMES = 16, PER_TIME = 300 };
    uint64_t pushed[TIMES] = { 0 }, popped[TIMES] = { 0 };
    /* a = (time index << 32) | per-time counter */
    for (int i = 0; i < TIMES * PER_TIME; i++) {
        uint64_t t = rng_below(&rng, TIMES);
        eq_push(&q, t * 10, 0, NULL, (t << 32) | pushed[t]++, 0);
        /* Occasional unrelated event between the groups. */
        if (i % 7 == 0)
            eq_push(&q, t * 10 + 5, 0, NULL, UINT64_MAX, 0);
    }
    uint64_t last_time = 0;
    struct eq_event ev;
    int refill = 200;
    while (eq_pop(&q, &ev)) {
        ck_assert_uint_ge(ev.time, last_time);
        last_time = ev.time;
        if (ev.a == UINT64_MAX) {
            ck_assert_uint_eq(ev.time % 10, 5);
            continue;
        }
        uint64_t t = ev.a >> 32;
        ck_assert_uint_eq(ev.time, t * 10);
        ck_assert_uint_eq(ev.a & 0xffffffffu, popped[t]++);
        /* Push more at the time being drained: they go behind those pending. */
        if (refill > 0) {
            refill--;
            eq_push(&q, t * 10, 0, NULL, (t << 32) | pushed[t]++, 0);
        }
    }
    for (int t = 0; t < TIMES; t++)
        ck_assert_uint_eq(popped[t], pushed[t]);
    eq_free(&q);
}
END_TEST

/* Pushes times 10, 20, ..., 100 (a = time) in a scrambled order. */
static void push_ten(struct event_queue *q, struct eq_handle h[11])
{
    static const int order[10] = { 5, 2, 9, 1, 7, 10, 3, 8, 4, 6 };
    for (int i = 0; i < 10; i++) {
        uint64_t t = (uint64_t)order[i] * 10;
        h[order[i]] = eq_push(q, t, 0, NULL, t, 0);
    }
}

static void expect_remaining(struct event_queue *q, const uint64_t *times, size_t n)
{
    ck_assert_uint_eq(eq_size(q), n);
    for (size_t i = 0; i < n; i++)
        expect_pop(q, times[i], times[i]);
    ck_assert(!eq_pop(q, NULL));
}

START_TEST(test_cancel_middle)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle h[11];
    push_ten(&q, h);
    ck_assert(eq_pending(&q, h[5]));
    ck_assert(eq_cancel(&q, h[5]));
    ck_assert(!eq_pending(&q, h[5]));
    ck_assert(eq_cancel(&q, h[8]));
    static const uint64_t rest[] = { 10, 20, 30, 40, 60, 70, 90, 100 };
    expect_remaining(&q, rest, 8);
    eq_free(&q);
}
END_TEST

START_TEST(test_cancel_top)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle h[11];
    push_ten(&q, h);
    uint64_t t;
    ck_assert(eq_cancel(&q, h[1]));
    ck_assert(eq_peek_time(&q, &t));
    ck_assert_uint_eq(t, 20);
    ck_assert(eq_cancel(&q, h[2]));
    ck_assert(eq_peek_time(&q, &t));
    ck_assert_uint_eq(t, 30);
    static const uint64_t rest[] = { 30, 40, 50, 60, 70, 80, 90, 100 };
    expect_remaining(&q, rest, 8);
    eq_free(&q);
}
END_TEST

START_TEST(test_cancel_last)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle h[11];
    push_ten(&q, h);
    /* An event later than all others pushed last stays in the heap's last
     * position: removing it needs no refill at all. */
    struct eq_handle tail = eq_push(&q, 1000, 0, NULL, 1000, 0);
    ck_assert(eq_cancel(&q, tail));
    ck_assert_uint_eq(eq_size(&q), 10);
    /* The most recently pushed of the ten (60) and the latest in time (100). */
    ck_assert(eq_cancel(&q, h[6]));
    ck_assert(eq_cancel(&q, h[10]));
    static const uint64_t rest[] = { 10, 20, 30, 40, 50, 70, 80, 90 };
    expect_remaining(&q, rest, 8);

    /* Cancelling the only event empties the queue. */
    struct eq_handle only = eq_push(&q, 7, 0, NULL, 0, 0);
    ck_assert(eq_cancel(&q, only));
    ck_assert_uint_eq(eq_size(&q), 0);
    uint64_t t;
    ck_assert(!eq_peek_time(&q, &t));
    ck_assert(!eq_pop(&q, NULL));
    eq_free(&q);
}
END_TEST

/* Cancels in the middle of a heap built in level order, then pops past them.
 * (Written for the earlier binary heap with eager removal, where these two cancels
 * exercised the refill moving up and down; with lazy cancellation they check that
 * cancelled keys deep in the heap are skipped when they surface.) */
START_TEST(test_cancel_refill_paths)
{
    struct event_queue q;
    eq_init(&q);
    static const uint64_t times[] = { 0, 10, 50, 1000, 1002, 60, 70, 2000, 2001, 2002, 2003, 500 };
    enum { N = sizeof(times) / sizeof(times[0]) };
    struct eq_handle h[N];
    for (int i = 0; i < N; i++)
        h[i] = eq_push(&q, times[i], 0, NULL, times[i], 0);
    ck_assert(eq_cancel(&q, h[7])); /* 2000: refill sifts up */
    ck_assert(eq_cancel(&q, h[1])); /* 10: refill sifts down */
    static const uint64_t rest[] = { 0, 50, 60, 70, 500, 1000, 1002, 2001, 2002, 2003 };
    expect_remaining(&q, rest, sizeof(rest) / sizeof(rest[0]));
    eq_free(&q);
}
END_TEST

START_TEST(test_cancel_stale_handles)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle h[11];
    push_ten(&q, h);

    /* Fired: pop 10 and 20, their handles are dead. */
    expect_pop(&q, 10, 10);
    expect_pop(&q, 20, 20);
    ck_assert(!eq_pending(&q, h[1]));
    ck_assert(!eq_cancel(&q, h[1]));
    ck_assert(!eq_cancel(&q, h[2]));
    ck_assert_uint_eq(eq_size(&q), 8);

    /* Cancelled twice. */
    ck_assert(eq_cancel(&q, h[7]));
    ck_assert(!eq_cancel(&q, h[7]));
    ck_assert_uint_eq(eq_size(&q), 7);

    /* Never valid: the zero handle, generation 0, slots out of range. */
    ck_assert(!eq_cancel(&q, EQ_HANDLE_NONE));
    ck_assert(!eq_cancel(&q, (struct eq_handle){ h[3].slot, 0 }));
    ck_assert(!eq_cancel(&q, (struct eq_handle){ h[3].slot, h[3].gen + 1 }));
    ck_assert(!eq_cancel(&q, (struct eq_handle){ 1000000, 1 }));
    ck_assert(!eq_cancel(&q, (struct eq_handle){ UINT32_MAX, UINT32_MAX }));
    ck_assert_uint_eq(eq_size(&q), 7);

    static const uint64_t rest[] = { 30, 40, 50, 60, 80, 90, 100 };
    expect_remaining(&q, rest, 7);
    for (int i = 1; i <= 10; i++)
        ck_assert(!eq_cancel(&q, h[i]));
    eq_free(&q);
}
END_TEST

START_TEST(test_slot_reuse_generation)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle a = eq_push(&q, 1, 0, NULL, 1, 0);
    expect_pop(&q, 1, 1);
    struct eq_handle b = eq_push(&q, 2, 0, NULL, 2, 0);
    /* The freed slot is recycled (otherwise this test would prove nothing). */
    ck_assert_uint_eq(b.slot, a.slot);
    ck_assert_uint_ne(b.gen, a.gen);
    ck_assert(!eq_pending(&q, a));
    ck_assert(!eq_cancel(&q, a));
    ck_assert(eq_pending(&q, b));
    ck_assert_uint_eq(eq_size(&q), 1);

    ck_assert(eq_cancel(&q, b));
    struct eq_handle c = eq_push(&q, 3, 0, NULL, 3, 0);
    ck_assert_uint_eq(c.slot, a.slot);
    ck_assert(!eq_cancel(&q, a));
    ck_assert(!eq_cancel(&q, b));
    ck_assert(eq_pending(&q, c));
    expect_pop(&q, 3, 3);
    ck_assert(!eq_cancel(&q, c));

    /* Many generations through one slot: only the newest handle works. */
    struct eq_handle old[100];
    for (int i = 0; i < 100; i++) {
        old[i] = eq_push(&q, (uint64_t)i, 0, NULL, (uint64_t)i, 0);
        ck_assert_uint_eq(old[i].slot, a.slot);
        if (i % 2)
            ck_assert(eq_cancel(&q, old[i]));
        else
            expect_pop(&q, (uint64_t)i, (uint64_t)i);
    }
    struct eq_handle live = eq_push(&q, 1000, 0, NULL, 1000, 0);
    for (int i = 0; i < 100; i++)
        ck_assert(!eq_cancel(&q, old[i]));
    ck_assert(eq_pending(&q, live));
    expect_pop(&q, 1000, 1000);
    eq_free(&q);
}
END_TEST

/* ---- randomized comparison against a sorted-array reference ---- */

struct ref_entry {
    uint64_t time;
    uint64_t order; /* push index: the reference's tie-breaker */
};

struct ref_queue {
    struct ref_entry *v;
    size_t len, cap;
};

static int ref_cmp(const struct ref_entry *x, const struct ref_entry *y)
{
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Index of the first element not less than e (binary search). */
static size_t ref_lower_bound(const struct ref_queue *r, const struct ref_entry *e)
{
    size_t lo = 0, hi = r->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ref_cmp(&r->v[mid], e) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void ref_insert(struct ref_queue *r, struct ref_entry e)
{
    if (r->len == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->v = realloc(r->v, r->cap * sizeof(*r->v));
        ck_assert_ptr_nonnull(r->v);
    }
    size_t i = ref_lower_bound(r, &e);
    memmove(&r->v[i + 1], &r->v[i], (r->len - i) * sizeof(*r->v));
    r->v[i] = e;
    r->len++;
}

static void ref_remove(struct ref_queue *r, const struct ref_entry *e)
{
    size_t i = ref_lower_bound(r, e);
    ck_assert_uint_lt(i, r->len);
    ck_assert_int_eq(ref_cmp(&r->v[i], e), 0);
    memmove(&r->v[i], &r->v[i + 1], (r->len - i - 1) * sizeof(*r->v));
    r->len--;
}

struct pushed {
    struct eq_handle h;
    uint64_t time;
    bool alive;
};

/* Random interleaving of push / pop / cancel (of live and dead handles),
 * with time distributions that produce many ties, checked step by step
 * against the reference.  The op mix changes by phase so the queue both grows
 * into the thousands and drains to empty several times. */
static void run_random(uint64_t seed, int ops, uint32_t key_seq_start)
{
    struct event_queue q;
    eq_init(&q);
    q.key_seq = key_seq_start; /* white box: start near the 32-bit wrap */
    struct ref_queue ref = { 0 };
    struct pushed *all = malloc((size_t)ops * sizeof(*all));
    ck_assert_ptr_nonnull(all);
    size_t npushed = 0;
    uint64_t rng = seed;
    uint64_t now = 0;
    for (int op = 0; op < ops; op++) {
        int phase = (op / 5000) % 4; /* grow, balanced, drain, cancel-heavy */
        static const unsigned push_pct[4] = { 70, 45, 25, 45 };
        static const unsigned cancel_pct[4] = { 10, 20, 10, 45 };
        unsigned roll = (unsigned)rng_below(&rng, 100);
        if (roll < push_pct[phase]) {
            uint64_t t;
            switch (rng_below(&rng, 4)) {
            case 0: t = now; break;                               /* same cycle */
            case 1: t = now + rng_below(&rng, 8); break;          /* heavy ties */
            case 2: t = now + rng_below(&rng, 5000); break;       /* spread */
            default: t = rng_below(&rng, now + 1) + rng_below(&rng, 3); break; /* past */
            }
            uint64_t id = npushed;
            all[npushed].h = eq_push(&q, t, (uint32_t)(id * 3), &all[npushed], id, id ^ t);
            all[npushed].time = t;
            all[npushed].alive = true;
            npushed++;
            ref_insert(&ref, (struct ref_entry){ t, id });
        } else if (roll < push_pct[phase] + cancel_pct[phase]) {
            if (npushed == 0)
                continue;
            /* Bias towards recent handles (more likely alive), but also hit
             * long-dead ones. */
            size_t i = rng_below(&rng, 2)
                           ? npushed - 1 - rng_below(&rng, npushed < 64 ? npushed : 64)
                           : rng_below(&rng, npushed);
            bool ok = eq_cancel(&q, all[i].h);
            ck_assert_msg(ok == all[i].alive, "op %d: cancel of #%zu returned %d, alive %d", op,
                          i, ok, all[i].alive);
            if (ok) {
                all[i].alive = false;
                ref_remove(&ref, &(struct ref_entry){ all[i].time, i });
            }
            ck_assert(!eq_cancel(&q, all[i].h));
        } else {
            struct eq_event ev;
            bool ok = eq_pop(&q, &ev);
            ck_assert_int_eq(ok, ref.len > 0);
            if (!ok)
                continue;
            struct ref_entry want = ref.v[0];
            ck_assert_msg(ev.time == want.time && ev.a == want.order,
                          "op %d: popped (%llu, #%llu), expected (%llu, #%llu)", op,
                          (unsigned long long)ev.time, (unsigned long long)ev.a,
                          (unsigned long long)want.time, (unsigned long long)want.order);
            ck_assert_uint_eq(ev.kind, (uint32_t)(want.order * 3));
            ck_assert_ptr_eq(ev.ptr, &all[want.order]);
            ck_assert_uint_eq(ev.b, want.order ^ want.time);
            ck_assert(all[want.order].alive);
            all[want.order].alive = false;
            ck_assert(!eq_pending(&q, all[want.order].h));
            memmove(&ref.v[0], &ref.v[1], (ref.len - 1) * sizeof(*ref.v));
            ref.len--;
            if (ev.time > now)
                now = ev.time;
        }
        ck_assert_uint_eq(eq_size(&q), ref.len);
        uint64_t peek;
        ck_assert_int_eq(eq_peek_time(&q, &peek), ref.len > 0);
        if (ref.len > 0)
            ck_assert_uint_eq(peek, ref.v[0].time);
    }
    /* Drain: what is left must come out in reference order. */
    struct eq_event ev;
    for (size_t i = 0; i < ref.len; i++) {
        ck_assert(eq_pop(&q, &ev));
        ck_assert_uint_eq(ev.time, ref.v[i].time);
        ck_assert_uint_eq(ev.a, ref.v[i].order);
    }
    ck_assert(!eq_pop(&q, &ev));
    /* Every handle ever issued is dead now. */
    for (size_t i = 0; i < npushed; i++)
        ck_assert(!eq_cancel(&q, all[i].h));
    free(all);
    free(ref.v);
    eq_free(&q);
}

START_TEST(test_random_vs_reference)
{
    run_random(0xC0FFEE + (uint64_t)_i, 100000, 0);
}
END_TEST

/* The same with the keys' 32-bit push numbers wrapping (renumbered) several times
 * in the middle of the run. */
START_TEST(test_random_across_key_wrap)
{
    run_random(0xBADC0DE + (uint64_t)_i, 60000, UINT32_MAX - 20000);
}
END_TEST

/* Renumbering keeps equal-time FIFO order and the 64-bit seq keeps counting. */
START_TEST(test_key_wrap_fifo)
{
    struct event_queue q;
    eq_init(&q);
    q.key_seq = UINT32_MAX - 3; /* white box: four pushes before the wrap */
    for (uint64_t i = 0; i < 10; i++)
        eq_push(&q, 100, 0, NULL, i, 0);
    eq_push(&q, 50, 0, NULL, 99, 0);
    expect_pop(&q, 50, 99);
    for (uint64_t i = 10; i < 15; i++)
        eq_push(&q, 100, 0, NULL, i, 0);
    uint64_t prev_seq = 0;
    for (uint64_t i = 0; i < 15; i++) {
        struct eq_event ev;
        ck_assert(eq_pop(&q, &ev));
        ck_assert_uint_eq(ev.time, 100);
        ck_assert_uint_eq(ev.a, i);
        if (i > 0)
            ck_assert_uint_gt(ev.seq, prev_seq);
        prev_seq = ev.seq;
    }
    ck_assert_uint_lt(q.key_seq, 100); /* it did wrap */
    eq_free(&q);
}
END_TEST

/* Cancelled events leave the heap lazily, but never pile up: after cancelling most
 * of a large queue (never its earliest event), the heap holds at most about twice
 * the live events, and what is left pops in order. */
START_TEST(test_cancel_compaction)
{
    struct event_queue q;
    eq_init(&q);
    enum { N = 5000 };
    static struct eq_handle h[N];
    for (uint64_t i = 0; i < N; i++)
        h[i] = eq_push(&q, 1000 + (i * 7919) % N, 0, NULL, 1000 + (i * 7919) % N, 0);
    size_t live = N;
    for (uint64_t i = 0; i < N; i++) {
        uint64_t t = 1000 + (i * 7919) % N;
        if (t % 10 == 0)
            continue; /* keep one in ten */
        ck_assert(eq_cancel(&q, h[i]));
        ck_assert(!eq_pending(&q, h[i]));
        live--;
        ck_assert_uint_eq(eq_size(&q), live);
        ck_assert_uint_le(q.heap_len, 2 * live + 64); /* white box */
    }
    for (uint64_t t = 1000; t < 1000 + N; t += 10)
        expect_pop(&q, t, t);
    ck_assert(!eq_pop(&q, NULL));
    for (uint64_t i = 0; i < N; i++)
        ck_assert(!eq_cancel(&q, h[i]));
    eq_free(&q);
}
END_TEST

/* A pop leaves the root vacant until the next operation: whatever comes next (push
 * earlier or later than everything, peek, cancel, pop) sees the right queue. */
START_TEST(test_after_pop)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle h[11];
    push_ten(&q, h);
    expect_pop(&q, 10, 10);
    eq_push(&q, 5, 0, NULL, 5, 0); /* earlier than all pending */
    expect_pop(&q, 5, 5);
    eq_push(&q, 1000, 0, NULL, 1000, 0); /* later than all */
    uint64_t t;
    ck_assert(eq_peek_time(&q, &t));
    ck_assert_uint_eq(t, 20);
    expect_pop(&q, 20, 20);
    ck_assert(eq_cancel(&q, h[3])); /* the earliest, right after a pop */
    ck_assert(eq_peek_time(&q, &t));
    ck_assert_uint_eq(t, 40);
    ck_assert_uint_eq(eq_size(&q), 8);
    expect_pop(&q, 40, 40);
    expect_pop(&q, 50, 50);
    ck_assert(eq_cancel(&q, h[10])); /* the latest, right after a pop */
    static const uint64_t rest[] = {60, 70, 80, 90, 1000};
    expect_remaining(&q, rest, 5);
    eq_free(&q);
}
END_TEST

/* Popped seq numbers are strictly increasing across equal times and the
 * sequence keeps counting across pops and cancels. */
START_TEST(test_seq_monotonic)
{
    struct event_queue q;
    eq_init(&q);
    struct eq_handle h = eq_push(&q, 1, 0, NULL, 0, 0);
    eq_push(&q, 1, 0, NULL, 1, 0);
    ck_assert(eq_cancel(&q, h));
    eq_push(&q, 1, 0, NULL, 2, 0);
    struct eq_event e1, e2;
    ck_assert(eq_pop(&q, &e1));
    ck_assert(eq_pop(&q, &e2));
    ck_assert_uint_eq(e1.a, 1);
    ck_assert_uint_eq(e2.a, 2);
    ck_assert_uint_gt(e2.seq, e1.seq);
    eq_free(&q);
}
END_TEST

static Suite *event_queue_suite(void)
{
    Suite *s = suite_create("event_queue");
    TCase *tc = tcase_create("basic");
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_time_order_and_payload);
    tcase_add_test(tc, test_extreme_times);
    tcase_add_test(tc, test_fifo_equal_times);
    tcase_add_test(tc, test_fifo_interleaved);
    tcase_add_test(tc, test_seq_monotonic);
    tcase_add_test(tc, test_key_wrap_fifo);
    tcase_add_test(tc, test_after_pop);
    suite_add_tcase(s, tc);

    tc = tcase_create("cancel");
    tcase_add_test(tc, test_cancel_middle);
    tcase_add_test(tc, test_cancel_top);
    tcase_add_test(tc, test_cancel_last);
    tcase_add_test(tc, test_cancel_refill_paths);
    tcase_add_test(tc, test_cancel_stale_handles);
    tcase_add_test(tc, test_slot_reuse_generation);
    tcase_add_test(tc, test_cancel_compaction);
    suite_add_tcase(s, tc);

    tc = tcase_create("random");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_random_vs_reference, 0, 3);
    tcase_add_loop_test(tc, test_random_across_key_wrap, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(event_queue_suite()); }
