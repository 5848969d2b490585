/* SPDX-License-Identifier: GPL-2.0-only */
/* Processes and resources in simulated time: the process-interaction view of discrete-
 * event simulation (SimPy's processes and resources, SystemC's wait()).
 *
 * Why. An operation of the simulated machine -- a device injecting an interrupt, a vCPU
 * flushing its list registers -- takes time, and on the way it reaches shared things: a
 * lock, a cache line, a CAS target. Two operations contend only if one reaches a thing
 * while the other holds it, at the same simulated moment. Running each operation whole
 * at its start event cannot get that right: an operation processed first books its locks
 * at the cycles it will reach them, and one that starts later but reaches a lock earlier
 * waits for a holder that does not hold it yet (docs/cost-model.md, "Contention").
 *
 * How. Each event is handled by a process: the handler, run by the event loop, which can
 * wait in the middle (engine/fiber.h keeps its stack meanwhile; the loop goes on on
 * another). Its clock is its own (the model advances it by what each step costs);
 * whenever it is about to touch something shared it calls sched_sync or sched_acquire
 * with its clock, and those return only once every event of the simulation earlier than
 * that cycle has been processed -- so shared things are taken in cycle order among all
 * operations, whatever order the operations started in. A resource that is held makes
 * the process wait, off the engine, until its holder releases it; a wait therefore
 * always has a holder. A process never waits when nothing else can happen before its
 * cycle: it just goes on, so a handler that never waits costs a function call.
 *
 * Without a running process -- code called directly rather than through sched_run
 * (set-up, unit tests, the lockstep checker's models, real threads), or with no
 * scheduler at all (NULL) -- the same calls work in "immediate" mode: sync returns at
 * once, and a resource is the cycle its last user freed it, which a later user waits for
 * (the booking the models did before processes existed).
 *
 * Determinism: everything here is driven by the event queue's (time, push order), so a
 * run is the same every time. One scheduler belongs to one thread.
 */
#ifndef VGICSIM_ENGINE_SCHED_H
#define VGICSIM_ENGINE_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/event_queue.h"
#include "engine/fiber.h"

struct sched;
struct sched_proc;

typedef void sched_fn(void *arg);

/* Something one process holds at a time, waited for in arrival order (KVM's spinlocks
 * are queued spinlocks, its mutexes hand over in order too): a lock, a cache line, an
 * injector thread. The owner numbers its resources (`kind`, `index`) so that a timeline
 * can name them; the scheduler never reads those. Zero-initialised = free, unnamed. */
struct sched_res {
    uint64_t free_at;               /* the cycle its last holder released it (or will) */
    uint64_t last_since;            /* ... and the cycle that holder had got it */
    struct sched_proc *holder;      /* the next or current holder; NULL: free from free_at */
    uint64_t held_since;            /* the cycle `holder` gets (or got) it */
    struct sched_proc *wait_head, *wait_tail;
    uint64_t last_request;          /* latest cycle an acquisition reached it (checks) */
    int32_t last_actor;             /* the last holder's actor */
    uint16_t kind;                  /* the owner's: what sort of thing it is */
    uint32_t index;                 /* the owner's: which one */
};

/* Told about holds and waits, for timelines and for tests that check every wait has a
 * holder. `actor` is the number the simulation gave the process (sched_run). */
struct sched_observer {
    void *ctx;
    /* `actor` held `r` from `from` to `until` (reported at the release). */
    void (*held)(void *ctx, const struct sched_res *r, int32_t actor, uint64_t from,
                 uint64_t until);
    /* `actor` waited for `r` from `from` until it got it at `until`; the holder when the
     * wait began was `holder` (its actor), which had held it since `holder_since`. */
    void (*waited)(void *ctx, const struct sched_res *r, int32_t actor, uint64_t from,
                   uint64_t until, int32_t holder, uint64_t holder_since);
};

struct sched_stats {
    uint64_t processes;     /* processes run (sched_run and sched_spawn) */
    uint64_t yields;        /* times a process let earlier events run first */
    uint64_t waits;         /* resource acquisitions that waited for a holder */
    uint64_t fibers;        /* fibers created (the most processes waiting at once, + 1) */
};

/* The earliest event still to be processed (the event queue's, or anything else the
 * simulation feeds its loop from): its cycle, or false when there is none. */
typedef bool sched_next_fn(void *arg, uint64_t *time);
/* One turn of the simulation's event loop: handles the next event (calling sched_run or
 * sched_resume for it); false when the loop is over. */
typedef bool sched_step_fn(void *arg);

struct sched_ctx;

struct sched_wake;

struct sched {
    struct event_queue *q;          /* orders the resumes with its events */
    struct sched_wake *wakes;       /* processes due to go on: a heap by (cycle, seq) */
    size_t n_wakes, cap_wakes;
    sched_next_fn *next;
    void *next_arg;
    sched_step_fn *step;            /* the loop's body (sched_loop) */
    void *step_arg;
    bool loop_done;
    struct fiber main;              /* the thread's own stack: starts and ends the loop */
    struct sched_ctx *current_ctx;  /* the context running now */
    struct sched_proc *current;     /* the process running now, NULL in the loop */
    struct sched_ctx *idle;         /* contexts free to go on with the loop */
    struct sched_proc *pool;        /* spawned processes' records, free */
    uint64_t clock;                 /* the cycle of the event being processed */
    uint64_t next_time;             /* cached `next` (UINT64_MAX: nothing pending) ... */
    bool next_known;                /* ... valid until the loop takes an event */
    size_t stack_size;
    bool use_ucontext;
    const struct sched_observer *obs;
    struct sched_stats stats;
    struct sched_ctx **ctxs;        /* every context created, to free them */
    size_t n_ctxs, cap_ctxs;
    struct sched_proc **spawned;    /* every spawned record allocated */
    size_t n_spawned, cap_spawned;
};

/* A scheduler beside the event queue `q` (whose push order also orders the processes
 * due to go on); `next` says when the earliest thing still to be processed is due --
 * the queue's, the simulation's own and the scheduler's (sched_next_wake). */
void sched_init(struct sched *s, struct event_queue *q, sched_next_fn *next, void *next_arg);
void sched_free(struct sched *s);
/* Tests: every fiber of this scheduler uses the portable backend. Before sched_loop. */
void sched_use_ucontext(struct sched *s);
void sched_set_observer(struct sched *s, const struct sched_observer *obs);

/* The loop's step took the next thing to process (an event, or a wake): when the
 * earliest of what is left is due must be asked again. */
static inline void sched_note_taken(struct sched *s) { s->next_known = false; }
/* Something was queued for cycle t (the simulation's own events): it may be the earliest. */
static inline void sched_note_event(struct sched *s, uint64_t t)
{
    if (s->next_known && t < s->next_time)
        s->next_time = t;
}

/* Runs the event loop: calls step until it returns false, on fibers (the calling thread's
 * stack waits meanwhile). Processes still waiting when it ends are abandoned. */
void sched_loop(struct sched *s, sched_step_fn *step, void *arg);
/* From the loop's step, at cycle `now` (the event being processed): runs fn(arg) as a
 * process, on the loop's stack. When it has to wait the loop goes on elsewhere; this
 * returns when fn has returned (possibly much later in the loop's life). `actor` names
 * it to observers (the simulation's numbering: a vCPU, an injector, ...). */
void sched_run(struct sched *s, uint64_t now, int32_t actor, sched_fn *fn, void *arg);
/* The earliest process due to go on: its cycle and its place in the queue's push order
 * (false: none). The loop's step takes it when it comes before the queue's next event. */
bool sched_next_wake(const struct sched *s, uint64_t *time, uint64_t *seq);
/* From the loop's step: the earliest process due goes on (or, a spawned one, starts).
 * Returns its cycle. */
uint64_t sched_resume_next(struct sched *s);
/* The same when the loop knows when the earliest of everything else it has pending is
 * due (`others`: the queue's next event, the simulation's own; UINT64_MAX: nothing):
 * the scheduler then knows what is due next without asking `next`. */
uint64_t sched_resume_next_before(struct sched *s, uint64_t others);
/* Is a process running (rather than the loop, or immediate mode)? */
bool sched_in_process(const struct sched *s);
/* The running process's actor; -1 outside a process. */
int32_t sched_actor(const struct sched *s);

/* The running process is about to act on something shared at cycle t (t at or after the
 * cycle it last synced at): returns once every earlier event has been processed (at
 * equal cycles, those already queued go first). Immediate mode: returns at once. */
void sched_sync(struct sched *s, uint64_t t);

/* Acquires r, reached at cycle t: returns the cycle from which the caller holds it (t
 * when it is free, else the cycle its holder handed it over) and sets *waited when the
 * caller had to wait. Process mode: syncs to t first and waits for the holder and for
 * every process queued before. Immediate mode: waits for the cycle the last user
 * released it. */
uint64_t sched_acquire(struct sched *s, struct sched_res *r, uint64_t t, bool *waited);
/* Releases r at cycle t (not before the caller got it); the first waiter, if any, holds
 * it from t on. */
void sched_release(struct sched *s, struct sched_res *r, uint64_t t);
/* Does the running process hold r? (Immediate mode: true when r is booked past t.) For
 * lockdep-style assertions. */
bool sched_holds(const struct sched *s, const struct sched_res *r, uint64_t t);
/* Cycles the running process has waited for resources since it started. */
uint64_t sched_waited(const struct sched *s);
/* A count that changes whenever a process let others run (a yield, a wait, a join). A
 * check of shared state at the end of a walk -- "every member the prune kept is still
 * for this vCPU" -- holds only if nothing ran in between: compare it before and after.
 * 0 without a scheduler (nothing else runs). */
static inline uint64_t sched_interleavings(const struct sched *s)
{
    return s ? s->stats.yields + s->stats.waits : 0;
}

/* A pointer the running process keeps for its caller (what the simulation wants to know
 * about the operation in progress when a model calls back into it); NULL outside a
 * process or when none was set. */
void *sched_local(const struct sched *s);
void sched_set_local(struct sched *s, void *local);
/* Another such pointer, for what the process comes from (the simulation: the scenario
 * entry its event plays, to locate a failure). NULL when none was set. */
const void *sched_tag(const struct sched *s);
void sched_set_tag(struct sched *s, const void *tag);

/* Starts fn(arg) as another process at cycle t (at or after the caller's cycle), to run
 * alongside the caller; sched_join waits for it. Immediate mode: runs it at once and
 * returns NULL. */
struct sched_proc *sched_spawn(struct sched *s, uint64_t t, int32_t actor, sched_fn *fn,
                               void *arg);
/* Waits until p has finished (NULL: at once). Every spawned process is joined once, or
 * detached. */
void sched_join(struct sched *s, struct sched_proc *p);
/* Nobody will join p (NULL: nothing): it is forgotten once it has finished. Its `arg`
 * must then outlive the spawner's frame (the spawned function frees it, say). */
void sched_detach(struct sched *s, struct sched_proc *p);

#endif
