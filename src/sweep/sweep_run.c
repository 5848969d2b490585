/* SPDX-License-Identifier: GPL-2.0-only */
/* Running one point of a sweep: load the scenario with the point's overrides, run it on
 * every model, keep only the table row of each run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "record/latency_stats.h"
#include "record/recorder.h"
#include "sim/sim.h"

/* Means are kept at 10 significant digits, the precision the JSON table prints, so a
 * row that travels through JSON (from a worker process, or in a part file) comes back
 * as the very same double and every output is byte-identical however it was run. */
static double round_10_digits(double v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%.10g", v);
    return strtod(buf, NULL);
}

static void stat_of(const struct latency_stats *s, struct sweep_stat *out)
{
    out->count = lat_count(s);
    out->mean = round_10_digits(lat_mean(s));
    out->p50 = lat_percentile(s, 50);
    out->p90 = lat_percentile(s, 90);
    out->p99 = lat_percentile(s, 99);
    out->max = lat_max(s);
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

    for (size_t m = 0; m < job->n_models; m++) {
        struct sim_result r;
        sim_run(&scn, job->models[m], job->seed ? *job->seed : scn.seed, &r);
        struct sweep_row *row = &rows[m];
        row->point = p;
        row->model = job->models[m]->name;
        row->preset = scn.costs.preset;
        stat_of(rec_stats(r.rec, REC_DELIVERY), &row->delivery);
        stat_of(rec_stats(r.rec, REC_INJECTION), &row->injection);
        stat_of(rec_stats(r.rec, REC_SERVICE), &row->service);
        for (int st = 0; st < REC_NR_STAGES; st++)
            stat_of(rec_stats_stage(r.rec, (enum rec_stage)st), &row->stages[st]);
        struct rec_counts c;
        rec_get_counts(r.rec, &c);
        row->delivered = c.delivered;
        row->undelivered = c.undelivered;
        row->kicks = r.counters.kicks;
        row->exits = r.counters.exits;
        row->maintenance_interrupts = r.counters.maintenance_irqs;
        row->lr_overflows = r.counters.lr_overflows;
        memcpy(row->maintenance_by_cause, r.counters.maintenance_by_cause,
               sizeof(row->maintenance_by_cause));
        memcpy(row->exits_by_reason, r.counters.exits_by_reason, sizeof(row->exits_by_reason));
        row->expectation_failures = r.n_failures;
        sim_result_free(&r);
    }
    scenario_free(&scn);
}
