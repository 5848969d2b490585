/* SPDX-License-Identifier: GPL-2.0-only */
/* Bursts of S distinct SPIs raised in the same cycle into one vCPU (GICv3, 4 LRs,
 * 300-cycle handler; bench/lib/bench_workloads.c): wall time per interrupt as S grows.
 * KVM walks and sorts the whole ap_list on every flush, so a simulator that does the
 * same in host time costs O(S) per interrupt; the figure shows whether it does.
 * Each size runs about 60 000 interrupts (ceil(60000 / S) bursts); median of R runs.
 *   bench_burst [--reps R] [--model M] [S ...]     defaults 5, every model, 4 16 64 240 960 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "bench_workloads.h"

enum { MAX_REPS = 64, TARGET_INTERRUPTS = 60000 };

int main(int argc, char **argv)
{
    int reps = 5;
    const char *only = NULL;
    static const struct option opts[] = {
        {"reps", required_argument, NULL, 'r'}, {"model", required_argument, NULL, 'm'}, {0}};
    int c;
    while ((c = getopt_long(argc, argv, "r:m:", opts, NULL)) != -1) {
        if (c == 'r') {
            reps = bench_parse_reps("bench_burst", optarg, MAX_REPS);
        } else if (c == 'm') {
            only = optarg;
        } else {
            fprintf(stderr, "usage: bench_burst [--reps R] [--model M] [S ...]\n");
            return 2;
        }
    }
    static const uint64_t default_sizes[] = {4, 16, 64, 240, 960};
    uint64_t sizes[BENCH_MAX_OPERANDS];
    size_t n = bench_parse_operands("bench_burst", argc, argv, optind, "burst size", 960,
                                    "a burst has at most 960 SPIs", default_sizes,
                                    sizeof(default_sizes) / sizeof(default_sizes[0]), sizes);
    const struct vgic_model_ops *models[4];
    size_t n_models = bench_models(only, models, 4);

    printf("bursts of S distinct SPIs into one vCPU, median of %d runs\n", reps);
    printf("%-5s %5s %7s %9s %10s %8s %14s %12s\n", "model", "S", "bursts", "raised", "events",
           "seconds", "us/interrupt", "M events/s");
    for (size_t i = 0; i < n; i++) {
        uint32_t bursts = (uint32_t)((TARGET_INTERRUPTS + sizes[i] - 1) / sizes[i]);
        struct scenario s;
        bench_load_text("bench", bench_burst_yaml((uint32_t)sizes[i], bursts), &s);
        for (size_t m = 0; m < n_models; m++) {
            uint64_t events, raised;
            double med = bench_run_median(&s, models[m], reps, &events, &raised);
            printf("%-5s %5" PRIu64 " %7u %9" PRIu64 " %10" PRIu64 " %8.3f %14.3f %12.2f\n",
                   models[m]->name, sizes[i], bursts, raised, events, med,
                   med / (double)raised * 1e6, (double)events / med / 1e6);
            fflush(stdout);
        }
        scenario_free(&s);
    }
    return 0;
}
