/* SPDX-License-Identifier: GPL-2.0-only */
/* Running one point of a sweep: load the scenario with the point's overrides, run it on
 * every model over the point's seeds, fold the runs into a run report (report_data.h:
 * the very figures `vgicsim run --repeat` reports) and keep only the table's columns of
 * it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "report/report_data.h"
#include "sim/sim.h"
#include "util/xalloc.h"

/* Values are kept at 10 significant digits, the precision the JSON table prints, so a
 * row that travels through JSON (from a worker process, or in a part file) comes back
 * as the very same double and every output is byte-identical however it was run.
 * Integers below 2^53 are exact as they are. */
double sweep_round(double v)
{
    if (isnan(v) || (v == floor(v) && fabs(v) < 9007199254740992.0))
        return v;
    char buf[32];
    snprintf(buf, sizeof(buf), "%.10g", v);
    return strtod(buf, NULL);
}

void sweep_rows_free(struct sweep_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].v);
        free(rows[i].ci);
    }
}

static void fill_row(const struct sweep_job *job, const struct report *rep,
                     const struct report_model *m, struct sweep_row *row)
{
    const struct sweep_columns *cols = job->columns;
    free(row->v);
    free(row->ci);
    row->v = xcalloc(cols->n + 1, sizeof(*row->v));
    row->ci = job->repeat > 1 ? xcalloc(2 * cols->n + 1, sizeof(*row->ci)) : NULL;
    for (size_t c = 0; c < cols->n; c++) {
        const struct run_stat *s = report_scalar_get(rep, m, &cols->c[c].ref);
        uint64_t exact;
        double lo = NAN, hi = NAN;
        if (!s)
            row->v[c] = NAN;
        else if (run_stat_exact(s, &exact))
            row->v[c] = sweep_round((double)exact);
        else
            row->v[c] = sweep_round(run_stat_mean(s));
        if (s && run_stat_ci95(s, &lo, &hi)) {
            lo = sweep_round(lo);
            hi = sweep_round(hi);
        }
        if (row->ci) {
            row->ci[2 * c] = lo;
            row->ci[2 * c + 1] = hi;
        }
    }
}

void sweep_run_point(const struct sweep_job *job, uint64_t p, struct sweep_row *rows)
{
    size_t n_sets;
    const char **sets = sweep_point_sets(job->space, job->base, job->n_base, p, &n_sets);
    struct scenario scn;
    struct diag_list diags;
    diag_init(&diags);
    bool loaded = scenario_source_load(job->source, sets, n_sets, &scn, &diags);
    if (!loaded) {
        /* Every point was validated before any ran: the same load cannot fail now. */
        diag_print(&diags, stderr);
        abort();
    }
    diag_free(&diags);
    sweep_point_sets_free(job->space, job->n_base, sets);

    uint64_t seed = job->seed ? *job->seed : scn.seed;
    struct report rep;
    report_init(&rep, &scn, seed, job->repeat);
    for (size_t m = 0; m < job->n_models; m++)
        for (uint64_t k = 0; k < job->repeat; k++) {
            struct sim_result r;
            sim_run(&scn, job->models[m], seed + k, &r);
            report_add_run(&rep, &r, seed + k);
            sim_result_free(&r);
        }
    for (size_t m = 0; m < job->n_models; m++) {
        struct sweep_row *row = &rows[m];
        row->point = p;
        row->model = job->models[m]->name;
        row->preset = scn.costs.preset;
        row->clock_mhz = scn.costs.clock_mhz;
        fill_row(job, &rep, &rep.models[m], row);
    }
    report_free(&rep);
    scenario_free(&scn);
}

size_t sweep_model_counters(const struct scenario *scn, const struct vgic_model_ops *const *models,
                            size_t n_models, const char **names, size_t max)
{
    /* One cycle of the scenario: the models report every counter they keep, ran or not. */
    struct scenario one = *scn;
    one.has_until = true;
    one.until = 1;
    size_t n = 0;
    for (size_t m = 0; m < n_models; m++) {
        struct sim_result r;
        sim_run(&one, models[m], scn->seed, &r);
        for (uint32_t i = 0; i < r.counters.n_extra; i++) {
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(names[j], r.counters.extra[i].name) == 0;
            if (!seen && n < max)
                names[n++] = r.counters.extra[i].name;   /* static, the model's */
        }
        sim_result_free(&r);
    }
    return n;
}
