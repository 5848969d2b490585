/* SPDX-License-Identifier: GPL-2.0-only */
/* Pending-event queue of the discrete-event engine.
 *
 * The queue knows nothing about GICs: an event is a point in simulated time
 * (uint64_t cycles) plus a small opaque payload that the engine's user
 * dispatches on.  Three properties matter to the simulator and are guaranteed:
 *
 *  - Determinism.  Events pop in order of time; events with equal time pop in
 *    the order they were pushed (a 64-bit insertion sequence number breaks
 *    ties), so a run never depends on heap layout or on the allocator.
 *  - O(log n) push and pop, O(1) cancel (amortised O(log n)): a 4-ary min-heap
 *    of 16-byte keys with lazy cancellation; docs/performance-log.md has the
 *    candidates measured and why this one.
 *  - Safe cancellation.  eq_push returns a handle; eq_cancel removes that event
 *    if it is still pending and returns false for a handle whose event already
 *    fired or was cancelled -- even if its storage slot has since been reused
 *    by another event -- without touching the queue.  Models can therefore
 *    keep handles to timers around and cancel them unconditionally.
 *
 * Not thread-safe: one queue belongs to one simulation thread.
 */
#ifndef VGICSIM_ENGINE_EVENT_QUEUE_H
#define VGICSIM_ENGINE_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Names one pushed event.  Slot and generation together: the slot is where
 * the payload lives, the generation says which occupant of that slot the
 * handle was issued for.  Generations start at 1, so a zero-initialised
 * handle (EQ_HANDLE_NONE) never names an event and is safe to cancel. */
struct eq_handle {
    uint32_t slot;
    uint32_t gen;
};

#define EQ_HANDLE_NONE ((struct eq_handle){ 0, 0 })

/* A popped event: when it fires, its tie-breaking sequence number (so callers
 * can log or assert on the order) and the payload given to eq_push. */
struct eq_event {
    uint64_t time;
    uint64_t seq;
    uint32_t kind;
    void *ptr;
    uint64_t a, b;
};

/* Internal layout, exposed only so that a queue can live by value inside
 * another struct; use the functions below, never the fields (event_queue.c
 * explains them). */
struct eq_key;
struct eq_slot;
struct eq_observer;
struct event_queue {
    void *heap_mem;             /* allocation holding the heap (cache-line aligned) */
    struct eq_key *heap;        /* keys, heap[0] the root; see event_queue.c */
    size_t heap_len, heap_cap;  /* entries in the heap (cancelled ones included); room */
    struct eq_slot *slots;      /* payloads, indexed by handle.slot */
    uint32_t slot_len, slot_cap;
    uint32_t free_head;         /* first recycled slot, or UINT32_MAX */
    uint32_t key_seq;           /* next 32-bit tie-break number in a key */
    size_t cancelled;           /* heap entries whose event was cancelled */
    bool root_vacant;           /* heap[0] popped, not yet refilled */
    uint64_t next_seq;          /* 64-bit push counter, reported in eq_event.seq */
    const struct eq_observer *obs; /* instrumentation, see eq_set_observer */
};

/* An empty queue; allocates nothing until the first push. */
void eq_init(struct event_queue *q);
/* Releases the storage; pending events are dropped.  Leaves the queue empty
 * and usable, as after eq_init.  Generations restart, so handles issued
 * before eq_free must not be used afterwards. */
void eq_free(struct event_queue *q);

/* Schedules an event at `time`.  Any time is accepted, including one earlier
 * than events already popped: keeping time monotonic is the engine's job, not
 * the queue's.  Never fails (exits through xalloc on out-of-memory). */
struct eq_handle eq_push(struct event_queue *q, uint64_t time, uint32_t kind,
                         void *ptr, uint64_t a, uint64_t b);

/* Removes the earliest event into *out (which may be NULL to discard it).
 * Returns false, leaving *out untouched, when the queue is empty. */
bool eq_pop(struct event_queue *q, struct eq_event *out);

/* Time of the earliest pending event, without removing it (lets the engine
 * run "until time T" without popping past T).  False when empty.  Not const:
 * it may finish reorganising the queue (what eq_pop would do next anyway). */
bool eq_peek_time(struct event_queue *q, uint64_t *time);

/* Removes the event named by h if it is still pending and returns true.
 * Returns false and changes nothing if it already fired, was already
 * cancelled, or h is EQ_HANDLE_NONE / not from this queue's slot range. */
bool eq_cancel(struct event_queue *q, struct eq_handle h);
/* The next event's time and sequence number without popping it; false when empty. */
bool eq_peek(struct event_queue *q, uint64_t *time, uint64_t *seq);
/* eq_peek_time, but without refilling a root just popped when that is not needed to know
 * (so that a pop followed by a push keeps its single sift even if someone looks at the
 * next time in between, as the scheduler does before every shared access). */
bool eq_next_time(struct event_queue *q, uint64_t *time);
/* The sequence number the next push will get (pushes are numbered 0, 1, 2, ...). */
uint64_t eq_next_seq(const struct event_queue *q);
/* Takes that number without pushing: for events kept elsewhere (the scheduler's resumes)
 * that must still be ordered with this queue's by (time, push order). */
uint64_t eq_take_seq(struct event_queue *q);

/* True if h names an event that is still pending (no side effects). */
bool eq_pending(const struct event_queue *q, struct eq_handle h);

/* Number of pending events. */
size_t eq_size(const struct event_queue *q);

/* ---- Instrumentation (benchmarks: bench/bench_queue_sizes, bench/bench_engine) ----
 *
 * An observer is told about every push, pop and cancel of the queues it watches, with
 * the number of events pending afterwards, so a benchmark can log the queue sizes a
 * real simulation has, or record its operations and replay them on other queue
 * designs.  eq_set_observer installs one for the calling thread: every queue that
 * thread initialises afterwards (eq_init) reports to it, until it is replaced or
 * removed (NULL).  Queues never observed -- the simulator's normal case -- pay one
 * predictable branch per operation.  The observer must outlive those queues. */
struct eq_observer {
    void *ctx;
    void (*pushed)(void *ctx, uint64_t time, struct eq_handle h, size_t pending);
    void (*popped)(void *ctx, uint64_t time, size_t pending);
    /* cancelled: what eq_cancel returned (false: a stale handle, nothing removed). */
    void (*cancel)(void *ctx, struct eq_handle h, bool cancelled, size_t pending);
};
void eq_set_observer(const struct eq_observer *obs);

#endif
