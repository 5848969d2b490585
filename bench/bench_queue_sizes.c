/* SPDX-License-Identifier: GPL-2.0-only */
/* The event-queue sizes a real simulation has: runs generated workloads (8-512 vCPUs),
 * bursts of SPIs into one vCPU and an explicit trace through the library with an
 * observer on the engine's queue (eq_set_observer), and prints, per scenario, the
 * distribution of the number of pending events at each pop.  This is what the queue
 * candidates of bench_engine are chosen on (docs/performance-log.md).
 *   bench_queue_sizes [INTERRUPTS]     default 200000 (generated workloads) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "bench_workloads.h"
#include "engine/event_queue.h"
#include "record/latency_stats.h"

enum { N_BANDS = 6 };
static const uint64_t band_lo[N_BANDS] = {0, 8, 64, 512, 4096, 32768};

struct sizes {
    struct latency_stats at_pop; /* pending events before each pop */
    uint64_t band[N_BANDS];
    uint64_t pushes, cancels, stale_cancels;
    uint64_t now, pushes_now; /* time of the last pop; pushes at exactly that time */
};

static void on_push(void *ctx, uint64_t time, struct eq_handle h, size_t pending)
{
    (void)h, (void)pending;
    struct sizes *s = ctx;
    s->pushes++;
    s->pushes_now += time == s->now;
}

static void on_pop(void *ctx, uint64_t time, size_t pending)
{
    struct sizes *s = ctx;
    s->now = time;
    uint64_t n = (uint64_t)pending + 1;
    lat_add(&s->at_pop, n);
    int b = N_BANDS - 1;
    while (n < band_lo[b])
        b--;
    s->band[b]++;
}

static void on_cancel(void *ctx, struct eq_handle h, bool cancelled, size_t pending)
{
    (void)h, (void)pending;
    struct sizes *s = ctx;
    if (cancelled)
        s->cancels++;
    else
        s->stale_cancels++;
}

static void measure(const char *label, const struct scenario *s, const char *model)
{
    struct sizes sz = {0};
    const struct eq_observer obs = {&sz, on_push, on_pop, on_cancel};
    eq_set_observer(&obs);
    struct sim_result r;
    sim_run(s, vgic_model_by_name(model), s->seed, &r);
    eq_set_observer(NULL);
    const struct latency_stats *st = &sz.at_pop;
    uint64_t pops = lat_count(st);
    printf("%-24s %-4s %9" PRIu64 " %6.0f %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %7" PRIu64
           "  %5.1f%% %5.1f%%",
           label, model, pops, lat_mean(st), lat_percentile(st, 50), lat_percentile(st, 90),
           lat_percentile(st, 99), lat_max(st),
           sz.pushes ? 100.0 * (double)sz.cancels / (double)sz.pushes : 0.0,
           sz.pushes ? 100.0 * (double)sz.pushes_now / (double)sz.pushes : 0.0);
    for (int b = 0; b < N_BANDS; b++)
        printf(" %5.1f", pops ? 100.0 * (double)sz.band[b] / (double)pops : 0.0);
    printf("\n");
    lat_free(&sz.at_pop);
    sim_result_free(&r);
}

static void run_text(const char *label, char *yaml, const char *model)
{
    struct scenario s;
    bench_load_text(label, yaml, &s);
    measure(label, &s, model);
    scenario_free(&s);
}

static void run_trace(uint64_t steps, const char *model)
{
    char *path = bench_trace_file("bench_queue_sizes", steps, NULL);
    struct scenario s;
    bench_load_file(path, &s);
    remove(path);
    free(path);
    char label[64];
    snprintf(label, sizeof(label), "trace %" PRIu64 " steps", steps);
    measure(label, &s, model);
    scenario_free(&s);
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? bench_parse_u64("bench_queue_sizes", argv[1], "interrupt count")
                          : 200000;
    const struct vgic_model_ops *models[4];
    size_t n_models = bench_models(NULL, models, 4);
    printf("pending events at each pop (mean, percentiles, max); cancels per push; pushes at "
           "the current time; share of pops by pending-size band\n");
    printf("%-24s %-4s %9s %6s %6s %6s %6s %7s  %6s %6s %5s %5s %5s %5s %5s %5s\n", "scenario",
           "mdl", "pops", "mean", "p50", "p90", "p99", "max", "cancel", "now", "<8", "<64",
           "<512", "<4k", "<32k", ">=32k");
    for (size_t m = 0; m < n_models; m++) {
        static const uint32_t vcpus[] = {8, 64, 512};
        for (size_t i = 0; i < sizeof(vcpus) / sizeof(vcpus[0]); i++) {
            char label[64];
            snprintf(label, sizeof(label), "generated %u vCPUs", vcpus[i]);
            run_text(label, bench_generated_yaml(vcpus[i], n), models[m]->name);
        }
        static const uint32_t bursts[] = {64, 960};
        for (size_t i = 0; i < sizeof(bursts) / sizeof(bursts[0]); i++) {
            char label[64];
            snprintf(label, sizeof(label), "burst %u SPIs", bursts[i]);
            run_text(label, bench_burst_yaml(bursts[i], 5), models[m]->name);
        }
        run_trace(100000, models[m]->name);
    }
    return 0;
}
