/* SPDX-License-Identifier: GPL-2.0-only */
/* Processes and resources in simulated time (see sched.h).
 *
 * The event loop moves between stacks. It runs on a fiber (a "context"), and handles each
 * event there, calling the handler -- the process -- directly: an event whose handler
 * never waits costs no switch at all. When a process has to wait (for earlier events, a
 * resource, another process), its context stays where it is, suspended in the middle of
 * the handler, and the loop goes on on another context: an idle one, or a new fiber.
 * When the waiting process's resume event comes up, the context that pops it becomes
 * idle and switches to the process's context, which finishes the handler and then goes
 * on with the loop itself. So exactly one context runs at any moment, the event queue
 * alone decides which process runs next, and there are only as many fibers as processes
 * ever waited at once, plus one.
 *
 * The thread's own stack only starts the loop (sched_loop) and gets control back when
 * the loop has ended; processes still waiting then are abandoned with their fibers. */
#include "engine/sched.h"

#include <stdlib.h>
#include <string.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"

struct sched_ctx {
    struct fiber fiber;
    struct sched *s;
    struct sched_ctx *next_idle;
};

struct sched_proc {
    struct sched_ctx *ctx;       /* where it runs (NULL: spawned, not started yet) */
    sched_fn *fn;
    void *arg;
    int32_t actor;
    bool done;                   /* fn has returned */
    bool detached;               /* nobody joins it: recycled when done */
    bool pooled;                 /* from sched_spawn's pool (not a sched_run frame) */
    uint64_t waited;             /* cycles spent waiting for resources */
    uint64_t grant;              /* the cycle the resource it waited for became its own */
    void *local;                 /* sched_set_local's */
    const void *tag;             /* sched_set_tag's */
    struct sched_proc *next;     /* wait queue, or the pool */
    struct sched_proc *joiner;   /* the process waiting in sched_join */
};

/* The holder of a resource taken in immediate mode (no process runs): operations are
 * then atomic, so "held" only lasts from an acquisition to its release. */
static struct sched_proc immediate_holder;

static void loop_entry(void *arg);

void sched_init(struct sched *s, struct event_queue *q, sched_next_fn *next, void *next_arg)
{
    memset(s, 0, sizeof(*s));
    s->q = q;
    s->next = next;
    s->next_arg = next_arg;
    s->stack_size = fiber_default_stack();
    fiber_init_main(&s->main);
}

void sched_free(struct sched *s)
{
    for (size_t i = 0; i < s->n_ctxs; i++) {
        fiber_destroy(&s->ctxs[i]->fiber);
        free(s->ctxs[i]);
    }
    free(s->ctxs);
    fiber_destroy(&s->main);   /* the main context's ucontext, if a switch made one */
    for (size_t i = 0; i < s->n_spawned; i++)   /* the pool's too */
        free(s->spawned[i]);
    free(s->spawned);
    free(s->wakes);
    memset(s, 0, sizeof(*s));
}

void sched_use_ucontext(struct sched *s) { s->use_ucontext = true; }

void sched_set_observer(struct sched *s, const struct sched_observer *obs) { s->obs = obs; }

/* ---- contexts ---- */

/* An idle context to go on with the loop: one that resumed a process earlier, or a new
 * fiber that starts the loop afresh. */
static struct sched_ctx *ctx_for_loop(struct sched *s)
{
    struct sched_ctx *c = s->idle;
    if (c) {
        s->idle = c->next_idle;
        return c;
    }
    c = xcalloc(1, sizeof(*c));
    c->s = s;
    fiber_create(&c->fiber, s->stack_size, loop_entry, c, s->use_ucontext);
    if (s->n_ctxs == s->cap_ctxs) {
        s->cap_ctxs = s->cap_ctxs ? 2 * s->cap_ctxs : 16;
        s->ctxs = xrealloc(s->ctxs, s->cap_ctxs * sizeof(*s->ctxs));
    }
    s->ctxs[s->n_ctxs++] = c;
    s->stats.fibers++;
    return c;
}

/* The running process waits: its context stays suspended here, and the loop goes on
 * elsewhere until somebody queues the process's resume event. */
static void block(struct sched *s)
{
    struct sched_proc *p = s->current;
    struct sched_ctx *self = s->current_ctx, *loop = ctx_for_loop(s);
    s->current = NULL;
    s->current_ctx = loop;
    fiber_switch(&self->fiber, &loop->fiber);
    /* Resumed: whoever switched here set these. */
    VGICSIM_ASSERT(s->current == p && s->current_ctx == self);
}

/* ---- resumes ----
 * The processes due to go on, in a small list of their own beside the event queue,
 * ordered with it by (cycle, push order): a process that lets earlier events run first
 * waits only briefly, and keeping those short-lived entries out of the big queue is what
 * makes letting them run cheap.
 *
 * The list is an array sorted latest first, so the earliest is its last entry: taking
 * it costs nothing, and a new entry goes in by moving the entries due before it one
 * place up. That is cheaper than a heap here because the list is short (the processes
 * waiting at once: a few dozen at 64 vCPUs) and a process that yields is usually due
 * among the first -- it stops only until the few events before its next cycle have
 * run -- so few entries move. (A binary heap cost about twice as many instructions per
 * yield, push and pop together, on the 64-vCPU benchmark workload.) */

struct sched_wake {
    uint64_t time, seq;
    struct sched_proc *proc;
};

static void wake_at(struct sched *s, struct sched_proc *p, uint64_t t)
{
    if (s->n_wakes == s->cap_wakes) {
        s->cap_wakes = s->cap_wakes ? 2 * s->cap_wakes : 64;
        s->wakes = xrealloc(s->wakes, s->cap_wakes * sizeof(*s->wakes));
    }
    struct sched_wake w = {t, eq_take_seq(s->q), p};
    sched_note_event(s, t);
    /* Every entry already there was pushed before w, so at an equal cycle it stays
     * ahead of w (nearer the end). */
    size_t i = s->n_wakes++;
    while (i > 0 && s->wakes[i - 1].time <= t) {
        s->wakes[i] = s->wakes[i - 1];
        i--;
    }
    s->wakes[i] = w;
}

static struct sched_wake wake_pop(struct sched *s)
{
    return s->wakes[--s->n_wakes];
}

bool sched_next_wake(const struct sched *s, uint64_t *time, uint64_t *seq)
{
    if (!s->n_wakes)
        return false;
    *time = s->wakes[s->n_wakes - 1].time;
    *seq = s->wakes[s->n_wakes - 1].seq;
    return true;
}

/* A fiber's life: the loop, until it ends; then control goes back to the thread. */
static void loop_entry(void *arg)
{
    struct sched_ctx *c = arg;
    struct sched *s = c->s;
    for (;;) {
        while (!s->loop_done && s->step(s->step_arg)) {
        }
        s->loop_done = true;
        fiber_switch(&c->fiber, &s->main);
    }
}

void sched_loop(struct sched *s, sched_step_fn *step, void *arg)
{
    VGICSIM_ASSERT(!s->current_ctx);
    s->step = step;
    s->step_arg = arg;
    s->loop_done = false;
    struct sched_ctx *c = ctx_for_loop(s);
    s->current_ctx = c;
    fiber_switch(&s->main, &c->fiber);
    s->current_ctx = NULL;
    s->current = NULL;
}

/* ---- processes ---- */

static void run_proc(struct sched *s, struct sched_proc *p)
{
    p->ctx = s->current_ctx;
    s->current = p;
    s->stats.processes++;
    p->fn(p->arg);
    VGICSIM_ASSERT(s->current == p);
    s->current = NULL;
    p->done = true;
    if (p->joiner)
        wake_at(s, p->joiner, s->clock);
    if (p->pooled && p->detached) {
        p->next = s->pool;
        s->pool = p;
    }
}

void sched_run(struct sched *s, uint64_t now, int32_t actor, sched_fn *fn, void *arg)
{
    VGICSIM_ASSERT(s->current_ctx && !s->current);
    struct sched_proc p = {.fn = fn, .arg = arg, .actor = actor, .detached = true};
    s->clock = now;
    run_proc(s, &p);
}

static uint64_t resume_next(struct sched *s, bool others_known, uint64_t others)
{
    VGICSIM_ASSERT(s->n_wakes && !s->current);
    struct sched_wake w = wake_pop(s);
    if (others_known) {
        /* What is due next is known without asking: the process's next sync -- usually
         * its very next step -- then needs no look at the queue. */
        uint64_t next = s->n_wakes ? s->wakes[s->n_wakes - 1].time : UINT64_MAX;
        s->next_time = others < next ? others : next;
        s->next_known = true;
    } else {
        sched_note_taken(s);
    }
    struct sched_proc *p = w.proc;
    s->clock = w.time;
    if (!p->ctx) {                   /* a spawned process starts here */
        run_proc(s, p);
        return w.time;
    }
    /* The process goes on on its own context, and this one is free for the loop. */
    struct sched_ctx *self = s->current_ctx;
    self->next_idle = s->idle;
    s->idle = self;
    s->current_ctx = p->ctx;
    s->current = p;
    fiber_switch(&self->fiber, &p->ctx->fiber);
    /* Back as the loop's context: the switcher left no process running. */
    VGICSIM_ASSERT(s->current_ctx == self && !s->current);
    return w.time;
}

uint64_t sched_resume_next(struct sched *s) { return resume_next(s, false, 0); }

uint64_t sched_resume_next_before(struct sched *s, uint64_t others)
{
    return resume_next(s, true, others);
}

bool sched_in_process(const struct sched *s) { return s && s->current; }

int32_t sched_actor(const struct sched *s) { return sched_in_process(s) ? s->current->actor : -1; }

void sched_sync(struct sched *s, uint64_t t)
{
    if (!sched_in_process(s))
        return;
    /* A process's clock never runs behind the event that resumed it. */
    VGICSIM_ASSERT(t >= s->clock);
    if (!s->next_known) {
        s->next_known = true;
        if (!s->next(s->next_arg, &s->next_time))
            s->next_time = UINT64_MAX;
    }
    if (s->next_time > t)
        return;                      /* nothing can happen before t: go on */
    s->stats.yields++;
    wake_at(s, s->current, t);
    block(s);
}

/* ---- resources ---- */

uint64_t sched_acquire(struct sched *s, struct sched_res *r, uint64_t t, bool *waited)
{
    if (!sched_in_process(s)) {
        /* Immediate mode: operations run whole, one after another. A lock still held
         * here would be one the same operation took twice (a self-deadlock). */
        VGICSIM_ASSERT(r->holder != &immediate_holder);
        r->holder = &immediate_holder;
        *waited = r->free_at > t;
        uint64_t at = *waited ? r->free_at : t;
        r->held_since = at;
        return at;
    }
    sched_sync(s, t);
    struct sched_proc *p = s->current;
    VGICSIM_ASSERT(r->holder != p);          /* no lock is taken twice by one process */
    VGICSIM_ASSERT(t >= r->last_request);    /* resources are reached in cycle order */
    r->last_request = t;
    if (!r->holder && r->free_at <= t) {
        r->holder = p;
        r->held_since = t;
        *waited = false;
        return t;
    }
    /* Held at t: by `holder` if it has got it by then, otherwise still by the last holder,
     * which released it ahead of the loop (it ran on without waiting), at free_at. */
    bool current = r->holder && r->held_since <= t;
    int32_t holder = current ? r->holder->actor : r->last_actor;
    uint64_t holder_since = current ? r->held_since : r->last_since;
    if (!r->holder) {
        r->holder = p;               /* first in line: it is ours when free_at comes */
        r->held_since = r->free_at;
        p->grant = r->free_at;
        wake_at(s, p, r->free_at);
    } else {
        p->next = NULL;
        if (r->wait_tail)
            r->wait_tail->next = p;
        else
            r->wait_head = p;
        r->wait_tail = p;
    }
    block(s);
    VGICSIM_ASSERT(r->holder == p && p->grant >= t);
    s->stats.waits++;
    p->waited += p->grant - t;
    if (s->obs && s->obs->waited)
        s->obs->waited(s->obs->ctx, r, p->actor, t, p->grant, holder, holder_since);
    *waited = true;
    return p->grant;
}

void sched_release(struct sched *s, struct sched_res *r, uint64_t t)
{
    if (!sched_in_process(s)) {
        VGICSIM_ASSERT(r->holder == &immediate_holder);
        r->holder = NULL;
        if (t > r->free_at)
            r->free_at = t;
        return;
    }
    struct sched_proc *p = s->current;
    VGICSIM_ASSERT(r->holder == p && t >= r->held_since);
    if (s->obs && s->obs->held)
        s->obs->held(s->obs->ctx, r, p->actor, r->held_since, t);
    r->free_at = t;
    r->last_since = r->held_since;
    r->last_actor = p->actor;
    struct sched_proc *w = r->wait_head;
    if (!w) {
        r->holder = NULL;
        return;
    }
    r->wait_head = w->next;
    if (!r->wait_head)
        r->wait_tail = NULL;
    w->next = NULL;
    r->holder = w;
    r->held_since = t;
    w->grant = t;
    wake_at(s, w, t);
}

bool sched_holds(const struct sched *s, const struct sched_res *r, uint64_t t)
{
    (void)t;
    if (!sched_in_process(s))
        return r->holder == &immediate_holder;
    return r->holder == s->current;
}

uint64_t sched_waited(const struct sched *s)
{
    return sched_in_process(s) ? s->current->waited : 0;
}

void *sched_local(const struct sched *s)
{
    return sched_in_process(s) ? s->current->local : NULL;
}

void sched_set_local(struct sched *s, void *local)
{
    if (sched_in_process(s))
        s->current->local = local;
}

const void *sched_tag(const struct sched *s)
{
    return sched_in_process(s) ? s->current->tag : NULL;
}

void sched_set_tag(struct sched *s, const void *tag)
{
    if (sched_in_process(s))
        s->current->tag = tag;
}

/* ---- spawned processes ---- */

struct sched_proc *sched_spawn(struct sched *s, uint64_t t, int32_t actor, sched_fn *fn,
                               void *arg)
{
    if (!sched_in_process(s)) {
        fn(arg);
        return NULL;
    }
    VGICSIM_ASSERT(t >= s->clock);
    struct sched_proc *p = s->pool;
    if (p) {
        s->pool = p->next;
    } else {
        p = xmalloc(sizeof(*p));
        if (s->n_spawned == s->cap_spawned) {
            s->cap_spawned = s->cap_spawned ? 2 * s->cap_spawned : 16;
            s->spawned = xrealloc(s->spawned, s->cap_spawned * sizeof(*s->spawned));
        }
        s->spawned[s->n_spawned++] = p;   /* freed with the scheduler, wherever it is */
    }
    *p = (struct sched_proc){.fn = fn, .arg = arg, .actor = actor, .pooled = true};
    wake_at(s, p, t);
    return p;
}

void sched_join(struct sched *s, struct sched_proc *p)
{
    if (!p)
        return;
    VGICSIM_ASSERT(sched_in_process(s) && p != s->current && !p->joiner && !p->detached);
    if (!p->done) {
        p->joiner = s->current;
        s->stats.yields++;   /* others run meanwhile (sched_interleavings) */
        block(s);
        VGICSIM_ASSERT(p->done);
    }
    p->next = s->pool;
    s->pool = p;
}

void sched_detach(struct sched *s, struct sched_proc *p)
{
    if (!p)
        return;
    VGICSIM_ASSERT(!p->joiner && !p->detached);
    if (p->done) {
        p->next = s->pool;
        s->pool = p;
    } else {
        p->detached = true;
    }
}
