/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the engine's fibers and of processes and resources in simulated time. */
#include "engine/fiber.h"
#include "engine/sched.h"

#include "test_support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- fibers ---- */

struct pingpong {
    struct fiber main, f;
    int steps;
    double acc;       /* floating point survives a switch */
};

static void pingpong_entry(void *arg)
{
    struct pingpong *pp = arg;
    for (;;) {
        pp->steps++;
        pp->acc = pp->acc * 1.5 + 0.25;
        fiber_switch(&pp->f, &pp->main);
    }
}

static void run_pingpong(bool ucontext)
{
    struct pingpong pp = {0};
    fiber_init_main(&pp.main);
    fiber_create(&pp.f, fiber_default_stack(), pingpong_entry, &pp, ucontext);
    double mine = 3.0;
    for (int i = 1; i <= 1000; i++) {
        fiber_switch(&pp.main, &pp.f);
        ck_assert_int_eq(pp.steps, i);
        mine += 1.0;
    }
    ck_assert(mine == 1003.0);
    ck_assert(pp.acc > 0.0);
    fiber_destroy(&pp.f);
    fiber_destroy(&pp.main);
}

START_TEST(test_fiber_asm) { run_pingpong(false); }
END_TEST

START_TEST(test_fiber_ucontext) { run_pingpong(true); }
END_TEST

/* A fiber's stack is its own: deep recursion on it and locals that survive switches. */
static int depth_sum(struct pingpong *pp, int n)
{
    volatile char pad[256];
    pad[0] = (char)n;
    if (n == 0) {
        fiber_switch(&pp->f, &pp->main);
        return 0;
    }
    return pad[0] + depth_sum(pp, n - 1);
}

static void deep_entry(void *arg)
{
    struct pingpong *pp = arg;
    for (;;) {
        pp->steps = depth_sum(pp, 100);
        fiber_switch(&pp->f, &pp->main);
    }
}

START_TEST(test_fiber_deep)
{
    struct pingpong pp = {0};
    fiber_init_main(&pp.main);
    fiber_create(&pp.f, fiber_default_stack(), deep_entry, &pp, false);
    fiber_switch(&pp.main, &pp.f);           /* suspended 100 frames deep */
    ck_assert_int_eq(pp.steps, 0);
    fiber_switch(&pp.main, &pp.f);           /* unwinds and finishes */
    ck_assert_int_eq(pp.steps, 5050);
    fiber_destroy(&pp.f);
}
END_TEST

/* ---- a tiny event loop around a scheduler ---- */

enum { EV_START = 2 };

struct world {
    struct event_queue q;
    struct sched s;
    uint64_t now;
    bool resume_before;     /* tells the scheduler what else is due at a resume */
    /* what the observer saw */
    struct span { uint32_t res; int32_t actor; uint64_t from, until; int32_t holder;
                  uint64_t holder_since; } holds[4096], waits[4096];
    size_t n_holds, n_waits;
};

static bool world_next(void *arg, uint64_t *t)
{
    struct world *w = arg;
    uint64_t tq, tw, seq;
    bool q = eq_peek_time(&w->q, &tq), wk = sched_next_wake(&w->s, &tw, &seq);
    if (!q && !wk)
        return false;
    *t = !wk ? tq : !q ? tw : tq < tw ? tq : tw;
    return true;
}

static void obs_held(void *ctx, const struct sched_res *r, int32_t actor, uint64_t from,
                     uint64_t until)
{
    struct world *w = ctx;
    ck_assert(w->n_holds < 4096);
    w->holds[w->n_holds++] = (struct span){r->index, actor, from, until, 0, 0};
}

static void obs_waited(void *ctx, const struct sched_res *r, int32_t actor, uint64_t from,
                       uint64_t until, int32_t holder, uint64_t holder_since)
{
    struct world *w = ctx;
    ck_assert(w->n_waits < 4096);
    w->waits[w->n_waits++] = (struct span){r->index, actor, from, until, holder, holder_since};
}

static const struct sched_observer observer = {NULL, obs_held, obs_waited};
static struct sched_observer world_observer;

static void world_init(struct world *w, bool ucontext)
{
    memset(w, 0, sizeof(*w));
    eq_init(&w->q);
    sched_init(&w->s, &w->q, world_next, w);
    if (ucontext)
        sched_use_ucontext(&w->s);
    world_observer = observer;
    world_observer.ctx = w;
    sched_set_observer(&w->s, &world_observer);
}

struct task {
    struct world *w;
    sched_fn *fn;
    int32_t actor;
    uint64_t t;           /* the task's clock */
    /* scripted behaviour */
    struct sched_res *res;
    uint64_t before, hold;
    uint64_t got;         /* when it got the resource */
    bool waited;
};

static void run_task(void *arg)
{
    struct task *t = arg;
    t->fn(t);
}

static bool world_step(void *arg)
{
    struct world *w = arg;
    struct eq_event ev;
    uint64_t tq = 0, sq = 0, tw, sw;
    bool q = eq_peek(&w->q, &tq, &sq);
    if (sched_next_wake(&w->s, &tw, &sw) && (!q || tw < tq || (tw == tq && sw < sq))) {
        ck_assert(tw >= w->now);
        w->now = tw;
        if (w->resume_before)
            sched_resume_next_before(&w->s, q ? tq : UINT64_MAX);
        else
            sched_resume_next(&w->s);
        return true;
    }
    if (!eq_pop(&w->q, &ev))
        return false;
    ck_assert(ev.time >= w->now);
    w->now = ev.time;
    {
        struct task *t = ev.ptr;
        t->t = ev.time;
        sched_run(&w->s, ev.time, t->actor, run_task, t);
    }
    return true;
}

static void world_run(struct world *w)
{
    sched_loop(&w->s, world_step, w);
}

static void world_free(struct world *w)
{
    sched_free(&w->s);
    eq_free(&w->q);
}

/* Work `before` cycles, then hold the resource for `hold` cycles. */
static void lock_task(void *arg)
{
    struct task *t = arg;
    t->t += t->before;
    t->got = sched_acquire(&t->w->s, t->res, t->t, &t->waited);
    ck_assert(sched_holds(&t->w->s, t->res, t->got));
    t->t = t->got + t->hold;
    sched_release(&t->w->s, t->res, t->t);
}

static void start(struct world *w, struct task *t, uint64_t at)
{
    t->w = w;
    eq_push(&w->q, at, EV_START, t, 0, 0);
}

/* The audit's case: an operation that starts first but reaches the lock later must not
 * make one that reaches it earlier wait. */
static void run_order_case(bool ucontext)
{
    struct world w;
    world_init(&w, ucontext);
    struct sched_res lock = {.index = 7};
    struct task a = {.fn = lock_task, .actor = 1, .res = &lock, .before = 6000, .hold = 250};
    struct task b = {.fn = lock_task, .actor = 2, .res = &lock, .before = 0, .hold = 250};
    start(&w, &a, 0);      /* reaches the lock at 6000 */
    start(&w, &b, 100);    /* reaches it at 100, processed after a started */
    world_run(&w);
    ck_assert_uint_eq(b.got, 100);
    ck_assert(!b.waited);
    ck_assert_uint_eq(a.got, 6000);
    ck_assert(!a.waited);
    ck_assert_uint_eq(w.n_waits, 0);
    ck_assert_uint_eq(w.s.stats.waits, 0);
    world_free(&w);
}

START_TEST(test_no_wait_without_holder) { run_order_case(false); }
END_TEST

START_TEST(test_no_wait_without_holder_ucontext) { run_order_case(true); }
END_TEST

/* Overlapping holds: the later arrival waits exactly until the release, FIFO among
 * waiters, and the observer names the holder. */
START_TEST(test_fifo_waits)
{
    struct world w;
    world_init(&w, false);
    struct sched_res lock = {.index = 3};
    struct task t[3] = {
        {.fn = lock_task, .actor = 10, .res = &lock, .before = 10, .hold = 100},
        {.fn = lock_task, .actor = 11, .res = &lock, .before = 10, .hold = 100},
        {.fn = lock_task, .actor = 12, .res = &lock, .before = 10, .hold = 100},
    };
    start(&w, &t[0], 0);    /* holds 10..110 */
    start(&w, &t[1], 50);   /* arrives 60, gets it at 110, holds to 210 */
    start(&w, &t[2], 40);   /* arrives 50, before t[1]: first in line */
    world_run(&w);
    ck_assert_uint_eq(t[0].got, 10);
    ck_assert_uint_eq(t[2].got, 110);     /* arrived at 50, first in line */
    ck_assert_uint_eq(t[1].got, 210);     /* arrived at 60, second */
    ck_assert_uint_eq(w.n_waits, 2);
    ck_assert_int_eq(w.waits[0].holder, 10);
    ck_assert_uint_eq(w.waits[0].from, 50);
    ck_assert_uint_eq(w.waits[0].until, 110);
    ck_assert_uint_eq(w.n_holds, 3);
    world_free(&w);
}
END_TEST

/* A holder that released ahead of the loop (it ran on without waiting) still holds the
 * resource until its release cycle for one that arrives in between. */
START_TEST(test_release_ahead)
{
    struct world w;
    world_init(&w, false);
    struct sched_res lock = {.index = 1};
    struct task a = {.fn = lock_task, .actor = 1, .res = &lock, .before = 0, .hold = 500};
    struct task b = {.fn = lock_task, .actor = 2, .res = &lock, .before = 0, .hold = 10};
    start(&w, &a, 0);      /* holds 0..500, released when processed at 0 */
    start(&w, &b, 200);
    world_run(&w);
    ck_assert_uint_eq(b.got, 500);
    ck_assert(b.waited);
    ck_assert_uint_eq(w.n_waits, 1);
    ck_assert_int_eq(w.waits[0].holder, 1);           /* released ahead, held until 500 */
    ck_assert_uint_eq(w.waits[0].holder_since, 0);
    world_free(&w);
}
END_TEST

/* Immediate mode: no process, booking as before processes existed. */
START_TEST(test_immediate_mode)
{
    struct sched_res lock = {0};
    bool waited;
    ck_assert_uint_eq(sched_acquire(NULL, &lock, 100, &waited), 100);
    ck_assert(!waited);
    ck_assert(sched_holds(NULL, &lock, 100));
    sched_release(NULL, &lock, 300);
    ck_assert(!sched_holds(NULL, &lock, 300));
    ck_assert_uint_eq(sched_acquire(NULL, &lock, 200, &waited), 300);
    ck_assert(waited);
    sched_release(NULL, &lock, 350);
    sched_sync(NULL, 5);   /* a no-op */
    ck_assert_uint_eq(sched_waited(NULL), 0);
}
END_TEST

/* Spawned processes run alongside their parent; join waits for them. */
struct family {
    struct task self;
    struct task kids[3];
    uint64_t joined_at;
};

static void kid_task(void *arg)
{
    struct task *t = arg;
    sched_sync(&t->w->s, t->t + t->before);
    t->got = t->t + t->before;
}

static void parent_task(void *arg)
{
    struct family *f = arg;
    struct sched *s = &f->self.w->s;
    struct sched_proc *p[3];
    for (int i = 0; i < 3; i++) {
        f->kids[i].w = f->self.w;
        f->kids[i].t = f->self.t + 10 * (uint64_t)i;
        f->kids[i].before = 1000 - 100 * (uint64_t)i;
        p[i] = sched_spawn(s, f->kids[i].t, 20 + i, kid_task, &f->kids[i]);
    }
    for (int i = 0; i < 3; i++)
        sched_join(s, p[i]);
    f->joined_at = f->self.w->now;
}

START_TEST(test_spawn_join)
{
    struct world w;
    world_init(&w, false);
    struct family f = {.self = {.fn = parent_task, .actor = 5}};
    start(&w, &f.self, 0);
    world_run(&w);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(f.kids[i].got, 10 * (uint64_t)i + 1000 - 100 * (uint64_t)i);
    ck_assert_uint_eq(f.joined_at, 1000);   /* the last kid to finish: kid 0 at 1000 */
    ck_assert_uint_eq(w.s.stats.processes, 4);
    world_free(&w);
}
END_TEST

/* Random processes over a few resources. Whatever the interleaving: holds of one resource
 * never overlap, every wait lies inside holds of others, a wait's named holder held the
 * resource when the wait began, and each process's clock is respected. */
static uint64_t rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

struct random_task {
    struct task base;
    uint64_t seed;
    struct sched_res *pool;
};

static void random_task(void *arg)
{
    struct random_task *rt = arg;
    struct task *t = &rt->base;
    struct sched *s = &t->w->s;
    for (int step = 0; step < 4; step++) {
        t->t += rng(&rt->seed) % 300;
        struct sched_res *a = &rt->pool[rng(&rt->seed) % 4];
        bool waited;
        t->t = sched_acquire(s, a, t->t, &waited) + rng(&rt->seed) % 120;
        if (rng(&rt->seed) % 2 == 0) {
            /* nested: a second resource of higher index (a lock order) */
            size_t ia = (size_t)(a - rt->pool);
            if (ia < 3) {
                struct sched_res *b = &rt->pool[ia + 1 + rng(&rt->seed) % (3 - ia)];
                t->t = sched_acquire(s, b, t->t, &waited) + rng(&rt->seed) % 60;
                sched_release(s, b, t->t);
            }
        }
        sched_release(s, a, t->t);
    }
}

START_TEST(test_random_waits_have_holders)
{
    for (uint64_t seed = 1; seed <= 20; seed++) {
        struct world *w = malloc(sizeof(*w));
        world_init(w, seed % 5 == 0);
        struct sched_res pool[4] = {{.index = 0}, {.index = 1}, {.index = 2}, {.index = 3}};
        struct random_task tasks[40];
        uint64_t r = seed;
        for (int i = 0; i < 40; i++) {
            tasks[i] = (struct random_task){
                .base = {.fn = random_task, .actor = i}, .seed = rng(&r), .pool = pool};
            start(w, &tasks[i].base, rng(&r) % 3000);
        }
        world_run(w);
        for (size_t i = 0; i < w->n_holds; i++)
            for (size_t j = i + 1; j < w->n_holds; j++) {
                const struct span *x = &w->holds[i], *y = &w->holds[j];
                if (x->res != y->res)
                    continue;
                ck_assert_msg(x->until <= y->from || y->until <= x->from,
                              "seed %llu: holds of %u overlap", (unsigned long long)seed,
                              x->res);
            }
        for (size_t i = 0; i < w->n_waits; i++) {
            const struct span *wt = &w->waits[i];
            ck_assert(wt->until > wt->from);
            ck_assert(wt->holder_since <= wt->from);
            /* [from, until) is covered by holds of other actors */
            uint64_t covered = wt->from;
            bool progress = true;
            while (covered < wt->until && progress) {
                progress = false;
                for (size_t j = 0; j < w->n_holds; j++) {
                    const struct span *h = &w->holds[j];
                    if (h->res == wt->res && h->actor != wt->actor && h->from <= covered &&
                        h->until > covered) {
                        covered = h->until;
                        progress = true;
                    }
                }
            }
            ck_assert_msg(covered >= wt->until, "seed %llu: a wait on %u at %llu has no holder",
                          (unsigned long long)seed, wt->res, (unsigned long long)covered);
        }
        ck_assert(w->s.stats.waits > 0);
        world_free(w);
        free(w);
    }
}
END_TEST

/* ---- the order processes go on in ----
 * A sync returns once everything earlier is done; processes due at the same cycle go on
 * in the order they stopped (after the events queued before them); and the loop telling
 * the scheduler what else is due (sched_resume_next_before) changes nothing. */

struct sync_log {
    uint64_t t[512];
    int32_t actor[512];
    size_t n;
};

struct sync_task {
    struct task base;
    uint64_t seed;
    int syncs;
    uint64_t gap;           /* the most cycles between two syncs (0: all at `at`) */
    uint64_t at;            /* with gap 0: the cycle of every sync */
    struct sync_log *log;
};

static void sync_task(void *arg)
{
    struct sync_task *st = arg;
    struct task *t = &st->base;
    struct world *w = t->w;
    for (int i = 0; i < st->syncs; i++) {
        t->t = st->gap ? t->t + rng(&st->seed) % st->gap : st->at;
        sched_sync(&w->s, t->t);
        /* Nothing earlier is left, and the loop has not passed t. */
        uint64_t next;
        if (world_next(w, &next))
            ck_assert_uint_ge(next, t->t);
        ck_assert_uint_le(w->now, t->t);
        ck_assert(st->log->n < 512);
        st->log->t[st->log->n] = t->t;
        st->log->actor[st->log->n++] = t->actor;
    }
}

START_TEST(test_equal_cycles_in_stop_order)
{
    struct world w;
    world_init(&w, false);
    struct sync_log log = {0};
    struct sync_task tasks[3];
    for (int i = 0; i < 3; i++) {
        tasks[i] = (struct sync_task){.base = {.fn = sync_task, .actor = i + 1}, .syncs = 1,
                                      .at = 10, .log = &log};
        start(&w, &tasks[i].base, 0);
    }
    world_run(&w);
    /* Task 1 stops (tasks 2 and 3 are still due at 0), then task 2; task 3 stops too:
     * the two already due at 10 go first. All three go on in the order they stopped. */
    ck_assert_uint_eq(log.n, 3);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(log.actor[i], i + 1);
    ck_assert_uint_eq(w.s.stats.yields, 3);
    world_free(&w);
}
END_TEST

static void run_random_syncs(uint64_t seed, bool resume_before, struct sync_log *log)
{
    struct world *w = malloc(sizeof(*w));
    world_init(w, false);
    w->resume_before = resume_before;
    struct sync_task tasks[40];
    uint64_t r = seed;
    memset(log, 0, sizeof(*log));
    for (int i = 0; i < 40; i++) {
        tasks[i] = (struct sync_task){.base = {.fn = sync_task, .actor = i}, .seed = rng(&r),
                                      .syncs = 6, .gap = 1 + rng(&r) % 40, .log = log};
        start(w, &tasks[i].base, rng(&r) % 400);
    }
    world_run(w);
    ck_assert_uint_eq(log->n, 40 * 6);
    for (size_t i = 1; i < log->n; i++)
        ck_assert_uint_ge(log->t[i], log->t[i - 1]);   /* in cycle order */
    ck_assert(w->s.stats.yields > 0);
    world_free(w);
    free(w);
}

START_TEST(test_random_syncs_in_cycle_order)
{
    static struct sync_log a, b;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        run_random_syncs(seed, false, &a);
        run_random_syncs(seed, true, &b);
        ck_assert_uint_eq(a.n, b.n);
        for (size_t i = 0; i < a.n; i++) {
            ck_assert_uint_eq(a.t[i], b.t[i]);
            ck_assert_int_eq(a.actor[i], b.actor[i]);
        }
    }
}
END_TEST

static Suite *sched_suite(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_fiber_asm);
    tcase_add_test(tc, test_fiber_ucontext);
    tcase_add_test(tc, test_fiber_deep);
    tcase_add_test(tc, test_no_wait_without_holder);
    tcase_add_test(tc, test_no_wait_without_holder_ucontext);
    tcase_add_test(tc, test_fifo_waits);
    tcase_add_test(tc, test_release_ahead);
    tcase_add_test(tc, test_immediate_mode);
    tcase_add_test(tc, test_spawn_join);
    tcase_add_test(tc, test_random_waits_have_holders);
    tcase_add_test(tc, test_equal_cycles_in_stop_order);
    tcase_add_test(tc, test_random_syncs_in_cycle_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(sched_suite()); }
