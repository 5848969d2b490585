/* SPDX-License-Identifier: GPL-2.0-only */
/* A long explicit `trace:` (bench/lib/bench_workloads.c: pulses, SGIs and trapped
 * writes with `at:` on 8 vCPUs), written to a temporary file, then loaded and run in
 * a fresh child process per repetition:
 *   load     steps per second of scenario_load (YAML parse + validation)
 *   resident bytes per step held after loading (VmRSS after - before, / steps)
 *   run      engine events per second of the simulation
 *   peak     the child's peak resident set size (load + run)
 *   floor    libyaml alone turning the same file into events, nothing kept: no loader
 *            built on libyaml (the stack's YAML parser) can load faster, so
 *            load / floor is how far the loader's own work is from that limit
 * Medians of R repetitions, each repetition's floor measured just before its load (the
 * same noise for both on a shared machine).
 *   bench_trace [--reps R] [--model M] [--keep FILE] [STEPS]   defaults 5, every model, 1000000
 * --keep writes the trace to FILE and leaves it there (else a temporary file). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <yaml.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "bench_workloads.h"

enum { MAX_REPS = 64 };
enum { R_LOAD_S, R_RUN_S, R_RSS_BEFORE, R_RSS_LOADED, R_EVENTS, R_STEPS, N_RESULTS };
enum { R_FLOOR_S, R_FLOOR_EVENTS, N_FLOOR_RESULTS };

struct job {
    const char *path;
    const struct vgic_model_ops *ops;
};

static void load_and_run(void *arg, double *out)
{
    const struct job *j = arg;
    out[R_RSS_BEFORE] = (double)bench_rss_kib();
    double t0 = bench_now();
    struct scenario s;
    bench_load_file(j->path, &s);
    out[R_LOAD_S] = bench_now() - t0;
    out[R_RSS_LOADED] = (double)bench_rss_kib();
    out[R_STEPS] = (double)s.n_steps;
    struct sim_result r;
    out[R_RUN_S] = bench_run_once(&s, j->ops, &r);
    out[R_EVENTS] = (double)r.events;
    sim_result_free(&r);
    scenario_free(&s);
}

/* libyaml's parser over the whole file, read into memory first (as the loader reads it),
 * every event deleted at once. */
static void parse_only(void *arg, double *out)
{
    const struct job *j = arg;
    size_t len;
    char *text = bench_read_file(j->path, &len);
    double t0 = bench_now();
    yaml_parser_t p;
    yaml_event_t ev;
    uint64_t events = 0;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (bool end = false; !end; events++) {
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "bench_trace: libyaml: %s\n", p.problem ? p.problem : "error");
            exit(1);
        }
        end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    out[R_FLOOR_S] = bench_now() - t0;
    out[R_FLOOR_EVENTS] = (double)events;
    free(text);
}

int main(int argc, char **argv)
{
    int reps = 5;
    const char *only = NULL, *keep = NULL;
    static const struct option opts[] = {{"reps", required_argument, NULL, 'r'},
                                         {"model", required_argument, NULL, 'm'},
                                         {"keep", required_argument, NULL, 'k'},
                                         {0}};
    int c;
    while ((c = getopt_long(argc, argv, "r:m:k:", opts, NULL)) != -1) {
        if (c == 'r') {
            reps = bench_parse_reps("bench_trace", optarg, MAX_REPS);
        } else if (c == 'm') {
            only = optarg;
        } else if (c == 'k') {
            keep = optarg;
        } else {
            fprintf(stderr, "usage: bench_trace [--reps R] [--model M] [--keep FILE] [STEPS]\n");
            return 2;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "usage: bench_trace [--reps R] [--model M] [--keep FILE] [STEPS]\n");
        return 2;
    }
    uint64_t steps = optind < argc ? bench_parse_u64("bench_trace", argv[optind], "step count")
                                   : 1000000;
    const struct vgic_model_ops *models[4];
    size_t n_models = bench_models(only, models, 4);

    char *path = bench_trace_file("bench_trace", steps, keep);
    struct stat st;
    stat(path, &st);
    printf("explicit trace of %" PRIu64 " steps (%.1f MB of YAML), median of %d fresh "
           "processes\n",
           steps, (double)st.st_size / 1e6, reps);
    printf("%-5s %12s %14s %12s %12s %10s %12s %12s\n", "model", "load s", "load steps/s",
           "bytes/step", "M events/s", "peak MiB", "libyaml s", "load/libyaml");
    int status = 0;
    for (size_t m = 0; m < n_models && status == 0; m++) {
        double load[MAX_REPS], run[MAX_REPS], per_step[MAX_REPS], peak[MAX_REPS];
        double floor_s[MAX_REPS], over[MAX_REPS];
        double res[N_RESULTS] = {0}, fres[N_FLOOR_RESULTS] = {0};
        struct job j = {path, models[m]};
        for (int r = 0; r < reps; r++) {
            long peak_kib;
            if (!bench_in_child(parse_only, &j, fres, N_FLOOR_RESULTS, &peak_kib) ||
                !bench_in_child(load_and_run, &j, res, N_RESULTS, &peak_kib)) {
                status = 1;
                break;
            }
            load[r] = res[R_LOAD_S];
            run[r] = res[R_EVENTS] / res[R_RUN_S];
            per_step[r] = (res[R_RSS_LOADED] - res[R_RSS_BEFORE]) * 1024.0 / res[R_STEPS];
            peak[r] = (double)peak_kib / 1024.0;
            floor_s[r] = fres[R_FLOOR_S];
            over[r] = res[R_LOAD_S] / fres[R_FLOOR_S];
        }
        if (status)
            break;
        double l = bench_median(load, (size_t)reps);
        printf("%-5s %12.3f %14.0f %12.0f %12.2f %10.1f %12.3f %12.2f\n", models[m]->name, l,
               res[R_STEPS] / l, bench_median(per_step, (size_t)reps),
               bench_median(run, (size_t)reps) / 1e6, bench_median(peak, (size_t)reps),
               bench_median(floor_s, (size_t)reps), bench_median(over, (size_t)reps));
        fflush(stdout);
    }
    if (!keep)
        remove(path);
    free(path);
    return status;
}
