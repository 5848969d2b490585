/* Pending-event queue of the discrete-event engine.
 *
 * The queue knows nothing about GICs: an event is a point in simulated time
 * (uint64_t cycles) plus a small opaque payload that the engine's user
 * dispatches on.  Three properties matter to the simulator and are guaranteed:
 *
 *  - Determinism.  Events pop in order of time; events with equal time pop in
 *    the order they were pushed (a 64-bit insertion sequence number breaks
 *    ties), so a run never depends on heap layout or on the allocator.
 *  - O(log n) push, pop and cancel (a binary min-heap; docs/performance.md
 *    has the throughput figures and why not 4-ary).
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
 * another struct; use the functions below, never the fields. */
struct eq_heap_entry;
struct eq_slot;
struct event_queue {
    struct eq_heap_entry *heap; /* min-heap ordered by (time, seq) */
    size_t heap_len, heap_cap;
    struct eq_slot *slots;      /* payloads, indexed by handle.slot */
    uint32_t slot_len, slot_cap;
    uint32_t free_head;         /* first recycled slot, or UINT32_MAX */
    uint64_t next_seq;
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
 * run "until time T" without popping past T).  False when empty. */
bool eq_peek_time(const struct event_queue *q, uint64_t *time);

/* Removes the event named by h if it is still pending and returns true.
 * Returns false and changes nothing if it already fired, was already
 * cancelled, or h is EQ_HANDLE_NONE / not from this queue's slot range. */
bool eq_cancel(struct event_queue *q, struct eq_handle h);

/* True if h names an event that is still pending (no side effects). */
bool eq_pending(const struct event_queue *q, struct eq_handle h);

/* Number of pending events. */
size_t eq_size(const struct event_queue *q);

#endif
