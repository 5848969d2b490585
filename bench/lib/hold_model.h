/* SPDX-License-Identifier: GPL-2.0-only */
/* The event-queue "hold model" (Jones, CACM 1986; Vaucher & Duval), instantiated for
 * any queue with the engine's push/pop signatures, so that bench_engine runs the
 * very same loop on every candidate and bench/eq_hold.c on the engine of any commit.
 *
 * The queue is filled with N pending events, then each "hold" pops the earliest
 * event and pushes a new one at its time plus an exponentially distributed increment
 * (mean 1000 cycles).  The size stays N and the pending times reach the steady state
 * a simulator sees.  One hold = one event processed.  Increments come from a
 * fixed-seed splitmix64 and -1000 * log(u), so runs are deterministic and the
 * checksum of popped times is reproducible (identical for every correct queue); the
 * loop aborts if an event ever pops earlier than its predecessor.
 *
 * Header-only on purpose: it needs nothing but <engine/event_queue.h> types, the C
 * library and splitmix64.h, so bench/compare-main.sh can build it against an older tree. */
#ifndef VGICSIM_BENCH_HOLD_MODEL_H
#define VGICSIM_BENCH_HOLD_MODEL_H

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/event_queue.h"
#include "splitmix64.h"

#define HOLD_MEAN_INCREMENT 1000.0
#define HOLD_MAX_REPS 64

/* Exponential(mean) variate in whole cycles; u in (0, 1] so log(u) is finite. */
static inline uint64_t hold_increment(uint64_t *state)
{
    double u = (double)((bench_splitmix64(state) >> 11) + 1) * 0x1.0p-53;
    return (uint64_t)(-HOLD_MEAN_INCREMENT * log(u));
}

static inline double hold_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds that drawing `n` increments alone takes (the same generator and log() as the
 * holds), so that a benchmark can say how much of a hold is the queue's own work: on
 * this project's 2.1 GHz machine log() is a third of a hold at 1 000 pending. */
static inline double hold_increments_alone(uint64_t n)
{
    uint64_t rng = 0x5eed0000ULL, sum = 0;
    double t0 = hold_now();
    for (uint64_t i = 0; i < n; i++)
        sum += hold_increment(&rng);
    double t = hold_now() - t0;
    volatile uint64_t sink = sum; /* keeps the loop */
    (void)sink;
    return t;
}

/* A queue in the hold model, between repetitions. */
struct hold_state {
    void *q;
    uint64_t n, rng, last, checksum;
};

/* Defines, for a queue type Q with Q *CREATE(void), DESTROY(Q *), PUSH/POP with the
 * eq_push/eq_pop signatures and SIZE(const Q *):
 *   void NAME_setup(struct hold_state *st, uint64_t n)   fill with n events, warm up
 *   double NAME_run(struct hold_state *st, uint64_t holds)  seconds for `holds` holds
 *   void NAME_teardown(struct hold_state *st)            check the size, free
 * so that a benchmark can interleave the repetitions of several queues (on a shared
 * machine, noise then hits all of them alike). */
#define HOLD_MODEL(NAME, Q, CREATE, DESTROY, PUSH, POP, SIZE)                             \
    static uint64_t NAME##_holds(Q *q, uint64_t *rng, uint64_t holds, uint64_t *last_time) \
    {                                                                                      \
        uint64_t sum = 0, last = *last_time;                                               \
        struct eq_event ev;                                                                \
        for (uint64_t i = 0; i < holds; i++) {                                             \
            POP(q, &ev);                                                                   \
            if (ev.time < last) {                                                          \
                fprintf(stderr, #NAME ": order violated (%" PRIu64 " after %" PRIu64 ")\n", \
                        ev.time, last);                                                    \
                exit(1);                                                                   \
            }                                                                              \
            last = ev.time;                                                                \
            sum += ev.time;                                                                \
            PUSH(q, ev.time + hold_increment(rng), ev.kind, ev.ptr, ev.a + 1, ev.b);       \
        }                                                                                  \
        *last_time = last;                                                                 \
        return sum;                                                                        \
    }                                                                                      \
    static void NAME##_setup(struct hold_state *st, uint64_t n)                            \
    {                                                                                      \
        Q *q = CREATE();                                                                   \
        *st = (struct hold_state){q, n, 0x5eed0000ULL + n, 0, 0};                          \
        for (uint64_t i = 0; i < n; i++)                                                   \
            PUSH(q, hold_increment(&st->rng), (uint32_t)(i & 7), NULL, 0, i);              \
        /* Warm-up: every initial event replaced several times, caches settled. */         \
        st->checksum = NAME##_holds(q, &st->rng, 4 * n > 1000000 ? 4 * n : 1000000,        \
                                    &st->last);                                            \
    }                                                                                      \
    static double NAME##_run(struct hold_state *st, uint64_t holds)                        \
    {                                                                                      \
        double t0 = hold_now();                                                            \
        st->checksum += NAME##_holds((Q *)st->q, &st->rng, holds, &st->last);              \
        return hold_now() - t0;                                                            \
    }                                                                                      \
    static void NAME##_teardown(struct hold_state *st)                                     \
    {                                                                                      \
        Q *q = st->q;                                                                      \
        if (SIZE(q) != st->n) {                                                            \
            fprintf(stderr, #NAME ": queue size drifted to %zu\n", (size_t)SIZE(q));       \
            exit(1);                                                                       \
        }                                                                                  \
        DESTROY(q);                                                                        \
    }

#endif
