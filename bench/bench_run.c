/* SPDX-License-Identifier: GPL-2.0-only */
/* Whole-simulation throughput on generated workloads (bench/lib/bench_workloads.c):
 * engine + simulated machine + model + latency recorder, exactly what `vgicsim run`
 * does minus loading and the report.  For each vCPU count and workload size it
 * prints the median wall time of R runs and the engine events and interrupts
 * processed per second, for every model (or --model).
 *   bench_run [--reps R] [--model M] [--vcpus V,V,...] [--interrupts N,N,...]
 *     defaults: 5 repetitions, every model, 8,64,512 vCPUs, 200000,2000000 interrupts */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "bench_workloads.h"

enum { MAX_LIST = 16, MAX_REPS = 64 };

/* "8,64,512" into v; returns how many. */
static size_t parse_list(const char *s, uint64_t *v, const char *what)
{
    size_t n = 0;
    char *copy = strdup(s), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == MAX_LIST) {
            fprintf(stderr, "bench_run: at most %d %s\n", MAX_LIST, what);
            exit(2);
        }
        v[n++] = bench_parse_u64("bench_run", tok, what);
    }
    free(copy);
    return n;
}

int main(int argc, char **argv)
{
    uint64_t vcpus[MAX_LIST] = {8, 64, 512}, sizes[MAX_LIST] = {200000, 2000000};
    size_t n_vcpus = 3, n_sizes = 2;
    int reps = 5;
    const char *only = NULL;
    static const struct option opts[] = {
        {"reps", required_argument, NULL, 'r'},  {"model", required_argument, NULL, 'm'},
        {"vcpus", required_argument, NULL, 'v'}, {"interrupts", required_argument, NULL, 'n'},
        {0}};
    int c;
    while ((c = getopt_long(argc, argv, "r:m:v:n:", opts, NULL)) != -1) {
        switch (c) {
        case 'r': reps = bench_parse_reps("bench_run", optarg, MAX_REPS); break;
        case 'm': only = optarg; break;
        case 'v': n_vcpus = parse_list(optarg, vcpus, "vCPU counts"); break;
        case 'n': n_sizes = parse_list(optarg, sizes, "interrupt counts"); break;
        default:
            fprintf(stderr, "usage: bench_run [--reps R] [--model M] [--vcpus V,...] "
                            "[--interrupts N,...]\n");
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "bench_run: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    for (size_t i = 0; i < n_vcpus; i++)
        if (vcpus[i] > 512) {
            fprintf(stderr, "bench_run: at most 512 vCPUs\n");
            return 2;
        }
    const struct vgic_model_ops *models[4];
    size_t n_models = bench_models(only, models, 4);

    printf("whole simulation, generated workloads (bench/lib/bench_workloads.c), median of %d "
           "runs\n",
           reps);
    printf("%-5s %5s %9s %9s %11s %8s %10s %12s\n", "model", "vCPUs", "target", "raised",
           "events", "seconds", "M events/s", "M interrupts/s");
    for (size_t v = 0; v < n_vcpus; v++)
        for (size_t k = 0; k < n_sizes; k++) {
            struct scenario s;
            bench_load_text("bench", bench_generated_yaml((uint32_t)vcpus[v], sizes[k]), &s);
            for (size_t m = 0; m < n_models; m++) {
                uint64_t events, raised;
                double med = bench_run_median(&s, models[m], reps, &events, &raised);
                printf("%-5s %5" PRIu64 " %9" PRIu64 " %9" PRIu64 " %11" PRIu64
                       " %8.3f %10.2f %12.2f\n",
                       models[m]->name, vcpus[v], sizes[k], raised, events, med,
                       (double)events / med / 1e6, (double)raised / med / 1e6);
                fflush(stdout);
            }
            scenario_free(&s);
        }
    return 0;
}
