/* SPDX-License-Identifier: GPL-2.0-only */
/* Event-queue candidates measured side by side by bench_engine (docs/performance-log.md).
 * Each has the engine's semantics (src/engine/event_queue.h): pop in (time, push
 * order) order, O(1) handles with generations so that a stale handle is never
 * confused with a live event.  The engine's own queue (eq_*) is the one kept; the
 * others stay here so the comparison can be repeated:
 *
 *   bh24  the engine's queue before: binary heap of 24-byte {time, seq, slot} entries,
 *         every move updating the slot's heap position, eager cancel
 *   eq2   the engine's code built as a binary heap (EQ_ARITY=2)
 *   eq8   the engine's code built as an 8-ary heap (EQ_ARITY=8)
 *   radix a radix heap over the same 16-byte keys (monotone pushes), lazy cancel
 *   wheel a timing wheel (sorted buckets, a bitmap of non-empty ones) for the near
 *         future and a binary heap for the rest, re-tuned from the push distances
 *   cal   a calendar queue (Brown 1988): power-of-two buckets of sorted doubly linked
 *         lists, resized by sampling as the queue grows and shrinks, eager cancel */
#ifndef VGICSIM_BENCH_QUEUES_H
#define VGICSIM_BENCH_QUEUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/event_queue.h"

#define BENCH_QUEUE_API(P)                                                                \
    struct P;                                                                              \
    struct P *P##_create(void);                                                            \
    void P##_destroy(struct P *q);                                                         \
    struct eq_handle P##_push(struct P *q, uint64_t time, uint32_t kind, void *ptr,         \
                              uint64_t a, uint64_t b);                                     \
    bool P##_pop(struct P *q, struct eq_event *out);                                       \
    bool P##_cancel(struct P *q, struct eq_handle h);                                      \
    size_t P##_size(const struct P *q);

BENCH_QUEUE_API(bh24)
BENCH_QUEUE_API(cal)
BENCH_QUEUE_API(radix)
BENCH_QUEUE_API(wheel)

/* The engine's event_queue.c compiled again with another EQ_ARITY and its eq_ names
 * renamed (bench/CMakeLists.txt); same struct event_queue layout. */
#define BENCH_ENGINE_VARIANT(P)                                                           \
    void P##_init(struct event_queue *q);                                                  \
    void P##_free(struct event_queue *q);                                                  \
    struct eq_handle P##_push(struct event_queue *q, uint64_t time, uint32_t kind,          \
                              void *ptr, uint64_t a, uint64_t b);                          \
    bool P##_pop(struct event_queue *q, struct eq_event *out);                             \
    bool P##_cancel(struct event_queue *q, struct eq_handle h);                            \
    size_t P##_size(const struct event_queue *q);
BENCH_ENGINE_VARIANT(eq2)
BENCH_ENGINE_VARIANT(eq8)

#endif
