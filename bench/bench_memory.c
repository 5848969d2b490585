/* SPDX-License-Identifier: GPL-2.0-only */
/* Peak memory as a generated workload grows: each (vCPUs, interrupts) point is loaded
 * and run in a fresh child process whose peak resident set size (wait4's ru_maxrss)
 * is reported, for the base size and ten times it.  Generators are lazy and the
 * recorder keeps open instances and histograms only, so the peak should not follow
 * the number of interrupts.
 *   bench_memory [--model M] [--vcpus V,...] [N]    defaults: every model, 8,64, 200000 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "bench_workloads.h"

struct job {
    uint32_t vcpus;
    uint64_t interrupts;
    const struct vgic_model_ops *ops;
};

static void load_and_run(void *arg, double *out)
{
    const struct job *j = arg;
    struct scenario s;
    bench_load_text("bench", bench_generated_yaml(j->vcpus, j->interrupts), &s);
    struct sim_result r;
    bench_run_once(&s, j->ops, &r);
    struct rec_counts c;
    rec_get_counts(r.rec, &c);
    out[0] = (double)c.raised;
    sim_result_free(&r);
    scenario_free(&s);
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    uint64_t vcpus[16] = {8, 64};
    size_t n_vcpus = 2;
    static const struct option opts[] = {
        {"model", required_argument, NULL, 'm'}, {"vcpus", required_argument, NULL, 'v'}, {0}};
    int c;
    while ((c = getopt_long(argc, argv, "m:v:", opts, NULL)) != -1) {
        if (c == 'm') {
            only = optarg;
        } else if (c == 'v') {
            n_vcpus = 0;
            char *copy = strdup(optarg), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                uint64_t v = bench_parse_u64("bench_memory", t, "vCPU count");
                if (n_vcpus == 16 || v > 512) {
                    fprintf(stderr, "bench_memory: at most 16 vCPU counts, each <= 512\n");
                    return 2;
                }
                vcpus[n_vcpus++] = v;
            }
            free(copy);
        } else {
            fprintf(stderr, "usage: bench_memory [--model M] [--vcpus V,...] [N]\n");
            return 2;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "usage: bench_memory [--model M] [--vcpus V,...] [N]\n");
        return 2;
    }
    uint64_t n = optind < argc ? bench_parse_u64("bench_memory", argv[optind], "interrupt count")
                               : 200000;
    const struct vgic_model_ops *models[4];
    size_t n_models = bench_models(only, models, 4);
    printf("peak resident memory of a fresh process running a generated workload\n");
    printf("%-5s %5s %10s %10s %10s %10s %7s\n", "model", "vCPUs", "raised", "peak KiB",
           "raised x10", "peak KiB", "ratio");
    for (size_t m = 0; m < n_models; m++)
        for (size_t v = 0; v < n_vcpus; v++) {
            double raised[2];
            long peak[2];
            for (int k = 0; k < 2; k++) {
                struct job j = {(uint32_t)vcpus[v], k ? 10 * n : n, models[m]};
                if (!bench_in_child(load_and_run, &j, &raised[k], 1, &peak[k]))
                    return 1;
            }
            printf("%-5s %5" PRIu64 " %10.0f %10ld %10.0f %10ld %7.2f\n", models[m]->name,
                   vcpus[v], raised[0], peak[0], raised[1], peak[1],
                   (double)peak[1] / (double)peak[0]);
            fflush(stdout);
        }
    return 0;
}
