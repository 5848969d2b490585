/* SPDX-License-Identifier: GPL-2.0-only */
/* Processes and resources in simulated time (see sched.h).
 *
 * The event loop runs on the thread's own stack; every process on a fiber. Control only
 * ever passes between the loop and one process: sched_run and sched_resume switch to a
 * process, and a process switches back when it finishes, when it lets earlier events run
 * first (a resume event at its cycle is queued), or when it waits for a resource or for
 * another process (whoever releases or finishes queues its resume event). So at any
 * moment at most one process runs, and the event queue alone decides which runs next.
 *
 * A finished process keeps its fiber on an idle list for the next one: fibers are
 * created only when more processes are alive at once than ever before. */
#include "engine/sched.h"

#include "util/debug_checks.h"
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct sched_proc {
    struct fiber fiber;
    struct sched *s;
    sched_fn *fn;
    void *arg;
    int32_t actor;
    bool done;          /* fn has returned */
    bool detached;      /* started by sched_run: nobody joins it */
    uint64_t waited;    /* cycles spent waiting for resources */
    uint64_t grant;     /* the cycle the resource it waited for became its own */
    struct sched_proc *next;     /* wait queue, or the idle list */
    struct sched_proc *joiner;   /* the process waiting in sched_join */
    void *local;                 /* sched_set_local's */
    _Alignas(16) unsigned char arg_copy[SCHED_ARG_MAX];   /* sched_run's argument */
};

/* The holder of a resource taken in immediate mode (no process runs): operations are
 * then atomic, so "held" only lasts from an acquisition to its release. */
static struct sched_proc immediate_holder;

static void proc_main(void *arg);

void sched_init(struct sched *s, struct event_queue *q, uint32_t resume_kind,
                sched_next_fn *next, void *next_arg)
{
    memset(s, 0, sizeof(*s));
    s->q = q;
    s->resume_kind = resume_kind;
    s->next = next;
    s->next_arg = next_arg;
    s->stack_size = fiber_default_stack();
    fiber_init_main(&s->main);
}

void sched_free(struct sched *s)
{
    for (size_t i = 0; i < s->n_all; i++) {
        fiber_destroy(&s->all[i]->fiber);
        free(s->all[i]);
    }
    free(s->all);
    memset(s, 0, sizeof(*s));
}

void sched_use_ucontext(struct sched *s) { s->use_ucontext = true; }

void sched_set_observer(struct sched *s, const struct sched_observer *obs) { s->obs = obs; }

static struct sched_proc *proc_get(struct sched *s, int32_t actor, sched_fn *fn, void *arg)
{
    struct sched_proc *p = s->idle;
    if (p) {
        s->idle = p->next;
    } else {
        p = xcalloc(1, sizeof(*p));
        p->s = s;
        fiber_create(&p->fiber, s->stack_size, proc_main, p, s->use_ucontext);
        if (s->n_all == s->cap_all) {
            s->cap_all = s->cap_all ? 2 * s->cap_all : 16;
            s->all = xrealloc(s->all, s->cap_all * sizeof(*s->all));
        }
        s->all[s->n_all++] = p;
        s->stats.fibers++;
    }
    p->fn = fn;
    p->arg = arg;
    p->actor = actor;
    p->done = false;
    p->detached = false;
    p->waited = 0;
    p->next = NULL;
    p->joiner = NULL;
    p->local = NULL;
    s->stats.processes++;
    return p;
}

static void proc_put(struct sched *s, struct sched_proc *p)
{
    p->next = s->idle;
    s->idle = p;
}

static void switch_to(struct sched *s, struct sched_proc *p)
{
    VGICSIM_ASSERT(!s->current);
    s->current = p;
    fiber_switch(&s->main, &p->fiber);
    s->current = NULL;
}

/* The running process gives control back to the loop (something will resume it). */
static void suspend(struct sched *s)
{
    struct sched_proc *p = s->current;
    fiber_switch(&p->fiber, &s->main);
    VGICSIM_ASSERT(s->current == p);
}

static void wake_at(struct sched *s, struct sched_proc *p, uint64_t t)
{
    eq_push(s->q, t, s->resume_kind, p, 0, 0);
}

static void proc_main(void *arg)
{
    struct sched_proc *p = arg;
    struct sched *s = p->s;
    for (;;) {
        p->fn(p->arg);
        p->done = true;
        if (p->joiner)
            wake_at(s, p->joiner, s->clock);
        if (p->detached)
            proc_put(s, p);
        /* Back to the loop; a later sched_run or sched_spawn reuses this fiber. */
        suspend(s);
    }
}

void sched_run(struct sched *s, uint64_t now, int32_t actor, sched_fn *fn, const void *arg,
               size_t size)
{
    VGICSIM_ASSERT(size <= SCHED_ARG_MAX);
    struct sched_proc *p = proc_get(s, actor, fn, NULL);
    memcpy(p->arg_copy, arg, size);
    p->arg = p->arg_copy;
    p->detached = true;
    s->clock = now;
    switch_to(s, p);
}

void sched_resume(struct sched *s, const struct eq_event *ev)
{
    VGICSIM_ASSERT(ev->kind == s->resume_kind);
    s->clock = ev->time;
    switch_to(s, ev->ptr);
}

bool sched_in_process(const struct sched *s) { return s && s->current; }

int32_t sched_actor(const struct sched *s) { return sched_in_process(s) ? s->current->actor : -1; }

void sched_sync(struct sched *s, uint64_t t)
{
    if (!sched_in_process(s))
        return;
    /* A process's clock never runs behind the event that resumed it. */
    VGICSIM_ASSERT(t >= s->clock);
    uint64_t next;
    if (!s->next(s->next_arg, &next) || next > t)
        return;                      /* nothing can happen before t: go on */
    s->stats.yields++;
    wake_at(s, s->current, t);
    suspend(s);
}

uint64_t sched_acquire(struct sched *s, struct sched_res *r, uint64_t t, bool *waited)
{
    if (!sched_in_process(s)) {
        /* Immediate mode: operations run whole, one after another. A lock still held
         * here would be one the same operation took twice (a self-deadlock). */
        VGICSIM_ASSERT(r->holder == NULL || r->holder != &immediate_holder);
        r->holder = &immediate_holder;
        *waited = r->free_at > t;
        uint64_t at = *waited ? r->free_at : t;
        r->held_since = at;
        return at;
    }
    sched_sync(s, t);
    struct sched_proc *p = s->current;
    VGICSIM_ASSERT(r->holder != p);          /* no lock is taken twice by one process */
    VGICSIM_ASSERT(t >= r->last_request);    /* acquisitions reach a resource in cycle order */
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
    suspend(s);
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

struct sched_proc *sched_spawn(struct sched *s, uint64_t t, int32_t actor, sched_fn *fn,
                               void *arg)
{
    if (!sched_in_process(s)) {
        fn(arg);
        return NULL;
    }
    VGICSIM_ASSERT(t >= s->clock);
    struct sched_proc *p = proc_get(s, actor, fn, arg);
    wake_at(s, p, t);
    return p;
}

void sched_join(struct sched *s, struct sched_proc *p)
{
    if (!p)
        return;
    VGICSIM_ASSERT(sched_in_process(s) && p != s->current && !p->joiner);
    if (!p->done) {
        p->joiner = s->current;
        suspend(s);
        VGICSIM_ASSERT(p->done);
    }
    proc_put(s, p);
}

void sched_detach(struct sched *s, struct sched_proc *p)
{
    if (!p)
        return;
    VGICSIM_ASSERT(!p->joiner && !p->detached);
    if (p->done)
        proc_put(s, p);
    else
        p->detached = true;
}
