/* SPDX-License-Identifier: GPL-2.0-only */
/* Prints what a simulation did, in a form that does not depend on any report format:
 * for each model, the recorder's input digest (every interrupt event and access with
 * its cycle), the end of the run, every counter, the recorder's counts and each
 * latency distribution. tests/pinned compares it with the stored expectation, so a
 * change that was meant to be speed-only cannot move a simulated number unnoticed.
 *   sim_digest SCENARIO [MODEL...]     (default: every model, in their order) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/diag.h"

static void print_stats(const char *label, const struct latency_stats *st)
{
    if (!lat_count(st))
        return;
    printf("  %s count=%" PRIu64 " min=%" PRIu64 " max=%" PRIu64 " mean=%.6f p50=%" PRIu64
           " p90=%" PRIu64 " p99=%" PRIu64 " p999=%" PRIu64 "\n",
           label, lat_count(st), lat_min(st), lat_max(st), lat_mean(st), lat_percentile(st, 50),
           lat_percentile(st, 90), lat_percentile(st, 99), lat_percentile(st, 99.9));
}

/* `classes`: the INTID classes the machine has (the LPI class only with an ITS, so that the
 * digests pinned before the ITS existed stay as they were). */
static void print_run(const struct sim_result *r, int n_classes)
{
    static const char *const metrics[] = {"delivery", "injection", "service", "access"};
    static const char *const classes[REC_NR_CLASSES] = {"sgi", "ppi", "spi", "lpi"};
    printf("model %s\n", r->model);
    printf("  digest=%016" PRIx64 " end=%" PRIu64 " stop=%d events=%" PRIu64 " steps=%zu/%zu"
           " dropped_sgis=%" PRIu64 "\n",
           rec_digest(r->rec), r->end_time, (int)r->stop, r->events, r->steps_done,
           r->steps_total, r->dropped_sgis);
    const struct vgic_counters *c = &r->counters;
    printf("  kicks=%" PRIu64 " exits=%" PRIu64 " entries=%" PRIu64 " maintenance=%" PRIu64
           " lr_overflows=%" PRIu64 " mmio_traps=%" PRIu64 "\n",
           c->kicks, c->exits, c->entries, c->maintenance_irqs, c->lr_overflows, c->mmio_traps);
    for (uint32_t i = 0; i < c->n_extra; i++)
        printf("  %s=%" PRIu64 "\n", c->extra[i].name, c->extra[i].value);
    struct rec_counts k;
    rec_get_counts(r->rec, &k);
    printf("  raised=%" PRIu64 " acked=%" PRIu64 " spurious=%" PRIu64 " delivered=%" PRIu64
           " coalesced=%" PRIu64 " unlisted_acks=%" PRIu64 " unmatched_acks=%" PRIu64
           " unmatched_lists=%" PRIu64 " completed=%" PRIu64 " unmatched_completions=%" PRIu64
           " undelivered=%" PRIu64 " uncompleted=%" PRIu64 " accesses=%" PRIu64
           " invalid=%" PRIu64 " negative=%" PRIu64 "\n",
           k.raised, k.acked, k.spurious, k.delivered, k.coalesced, k.unlisted_acks,
           k.unmatched_acks, k.unmatched_lists, k.completed, k.unmatched_completions,
           k.undelivered, k.uncompleted, k.accesses, k.invalid, k.negative);
    for (size_t i = 0; i < r->n_failures; i++)
        printf("  failure %s:%u:%u %s\n", r->failures[i].loc.file ? "scenario" : "-",
               r->failures[i].loc.line, r->failures[i].loc.col, r->failures[i].message);
    char label[64];
    for (int m = 0; m < REC_NR_METRICS; m++) {
        print_stats(metrics[m], rec_stats(r->rec, (enum rec_metric)m));
        for (int k2 = 0; k2 < n_classes; k2++) {
            snprintf(label, sizeof(label), "%s.%s", metrics[m], classes[k2]);
            print_stats(label, rec_stats_class(r->rec, (enum rec_metric)m, (enum rec_class)k2));
        }
        for (uint32_t v = 0; v < rec_vcpus(r->rec); v++) {
            snprintf(label, sizeof(label), "%s.vcpu%u", metrics[m], v);
            print_stats(label, rec_stats_vcpu(r->rec, (enum rec_metric)m, v));
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sim_digest SCENARIO [MODEL...]\n");
        return 2;
    }
    struct scenario s;
    struct diag_list diags;
    diag_init(&diags);
    if (!scenario_load(argv[1], NULL, 0, &s, &diags)) {
        diag_print(&diags, stderr);
        diag_free(&diags);
        return 2;
    }
    diag_free(&diags);
    size_t n = argc > 2 ? (size_t)argc - 2 : vgic_model_count();
    struct sim_options opts = {.record_digest = true};
    for (size_t i = 0; i < n; i++) {
        const struct vgic_model_ops *ops =
            argc > 2 ? vgic_model_by_name(argv[2 + i]) : vgic_model_at(i);
        if (!ops) {
            fprintf(stderr, "sim_digest: unknown model '%s'\n", argv[2 + i]);
            return 2;
        }
        struct sim_result r;
        sim_run_with(&s, ops, s.seed, &opts, &r);
        print_run(&r, s.gic.its ? REC_NR_CLASSES : REC_LPI);
        sim_result_free(&r);
    }
    scenario_free(&s);
    return 0;
}
