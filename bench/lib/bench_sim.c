/* SPDX-License-Identifier: GPL-2.0-only */
#include "bench_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "bench_workloads.h"
#include "util/xalloc.h"

static void load_or_die(bool ok, struct diag_list *d)
{
    if (!ok) {
        diag_print(d, stderr);
        exit(2);
    }
    diag_free(d);
}

void bench_load_text(const char *label, char *yaml, struct scenario *out)
{
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load_text(label, yaml, strlen(yaml), NULL, 0, out, &d);
    free(yaml);
    load_or_die(ok, &d);
}

void bench_load_file(const char *path, struct scenario *out)
{
    struct diag_list d;
    diag_init(&d);
    load_or_die(scenario_load(path, NULL, 0, out, &d), &d);
}

size_t bench_models(const char *only, const struct vgic_model_ops **out, size_t max)
{
    if (only) {
        if (!(out[0] = vgic_model_by_name(only))) {
            fprintf(stderr, "bench: unknown model '%s'\n", only);
            exit(2);
        }
        return 1;
    }
    size_t n = 0;
    for (; n < vgic_model_count() && n < max; n++)
        out[n] = vgic_model_at(n);
    return n;
}

double bench_run_once(const struct scenario *s, const struct vgic_model_ops *ops,
                      struct sim_result *r)
{
    double t0 = bench_now();
    sim_run(s, ops, s->seed, r);
    return bench_now() - t0;
}

double bench_run_median(const struct scenario *s, const struct vgic_model_ops *ops, int reps,
                        uint64_t *events, uint64_t *raised)
{
    double *secs = xmalloc((size_t)reps * sizeof(*secs));
    for (int r = 0; r < reps; r++) {
        struct sim_result res;
        secs[r] = bench_run_once(s, ops, &res);
        struct rec_counts cnt;
        rec_get_counts(res.rec, &cnt);
        *events = res.events;
        *raised = cnt.raised;
        sim_result_free(&res);
    }
    double med = bench_median(secs, (size_t)reps);
    free(secs);
    return med;
}

char *bench_trace_file(const char *prog, uint64_t steps, const char *keep)
{
    char *path;
    FILE *f;
    if (keep) {
        path = xstrdup(keep);
        f = fopen(path, "w");
    } else {
        path = xasprintf("/tmp/%s_XXXXXX.yaml", prog);
        int fd = mkstemps(path, 5);
        f = fd >= 0 ? fdopen(fd, "w") : NULL;
    }
    if (!f || !bench_write_trace(f, steps) || fclose(f) != 0) {
        fprintf(stderr, "%s: cannot write %s\n", prog, path);
        exit(3);
    }
    return path;
}
