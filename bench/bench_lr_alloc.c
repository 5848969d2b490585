/* SPDX-License-Identifier: GPL-2.0-only */
/* List-register slot allocation: the performance core's lock-free claim and release of a
 * vCPU's shadow slots (a CAS on the free-slot bitmap, a fetch-or to release: the code the
 * injection path runs, perf_slot_claim/perf_slot_release) against the same allocator
 * behind a mutex, with 1 and 2 threads claiming and releasing on one vCPU's slots.
 * Prints ns per claim+release pair (median of REPEATS runs) for each, and the ratio.
 *   bench_lr_alloc [PAIRS_PER_THREAD] [REPEATS]     defaults 5000000 and 5 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "perf/perf_core.h"

enum { SLOTS = 4 };

static struct perf_core *core;
static uint64_t pairs;

/* The mutex version: the same bitmap, plain, under a lock. */
static struct {
    pthread_mutex_t lock;
    uint32_t free;
} locked = {PTHREAD_MUTEX_INITIALIZER, (1u << SLOTS) - 1};

static int locked_claim(void)
{
    pthread_mutex_lock(&locked.lock);
    int s = -1;
    if (locked.free) {
        s = __builtin_ctz(locked.free);
        locked.free &= ~(1u << s);
    }
    pthread_mutex_unlock(&locked.lock);
    return s;
}

static void locked_release(int s)
{
    pthread_mutex_lock(&locked.lock);
    locked.free |= 1u << s;
    pthread_mutex_unlock(&locked.lock);
}

static void *run_lockfree(void *arg)
{
    struct perf_stats stats = {0};
    struct perf_op op = perf_untimed((int32_t)(intptr_t)arg, &stats);
    struct perf_vcpu *v = &core->vcpus[0];
    for (uint64_t i = 0; i < pairs; i++) {
        int s = perf_slot_claim(core, &op, v);
        if (s >= 0)
            perf_slot_release(core, &op, v, (uint32_t)s);
    }
    return NULL;
}

static void *run_locked(void *arg)
{
    (void)arg;
    for (uint64_t i = 0; i < pairs; i++) {
        int s = locked_claim();
        if (s >= 0)
            locked_release(s);
    }
    return NULL;
}

/* ns per claim+release pair, over all threads' pairs. */
static double measure(void *(*fn)(void *), int threads)
{
    pthread_t t[2];
    double t0 = bench_now();
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, fn, (void *)(intptr_t)i);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    return (bench_now() - t0) * 1e9 / (double)(pairs * (uint64_t)threads);
}

int main(int argc, char **argv)
{
    pairs = argc > 1 ? strtoull(argv[1], NULL, 10) : 5000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (!pairs || repeats < 1 || repeats > 99) {
        fprintf(stderr, "usage: bench_lr_alloc [PAIRS>0] [REPEATS 1..99]\n");
        return 2;
    }
    struct gic_config cfg = {.version = GIC_V3, .vcpus = 1, .spis = 32,
                             .list_registers = SLOTS, .priority_bits = 5};
    struct cost_model costs;
    cost_model_from_preset(&costs, cost_preset_default(GIC_V3));
    core = perf_core_create(&cfg, &costs, NULL, NULL);
    printf("slot claim+release on one vCPU's %d slots, %llu pairs per thread, median of %d\n",
           SLOTS, (unsigned long long)pairs, repeats);
    for (int threads = 1; threads <= 2; threads++) {
        double lf[100], mx[100];
        for (int r = 0; r < repeats; r++) {   /* interleaved, so both see the same load */
            lf[r] = measure(run_lockfree, threads);
            mx[r] = measure(run_locked, threads);
        }
        double lock_free = bench_median(lf, (size_t)repeats);
        double mutex = bench_median(mx, (size_t)repeats);
        printf("%d thread%s: lock-free %.1f ns, mutex %.1f ns per pair; mutex/lock-free %.2f\n",
               threads, threads == 1 ? " " : "s", lock_free, mutex, mutex / lock_free);
    }
    perf_core_destroy(core);
    return 0;
}
