/* SPDX-License-Identifier: GPL-2.0-only */
#include "bench_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

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
