#include "report/text_report.h"

#include <inttypes.h>

#include "report/latency_stats.h"
#include "report/report_data.h"

static const char *const metric_names[] = {
    [REC_DELIVERY] = "delivery", [REC_INJECTION] = "injection", [REC_SERVICE] = "service",
    [REC_ACCESS] = "trapped access",
};

static void stats_header(FILE *out)
{
    fprintf(out, "  %-22s %9s %9s %11s %9s %9s %9s %9s %9s\n", "latency (cycles)", "count", "min",
            "mean", "p50", "p90", "p99", "p99.9", "max");
}

static void stats_row(FILE *out, const char *label, const struct latency_stats *st)
{
    struct lat_summary s;
    lat_summarise(st, &s);
    if (s.count == 0) {
        fprintf(out, "  %-22s %9d %9s %11s %9s %9s %9s %9s %9s\n", label, 0, "-", "-", "-", "-",
                "-", "-", "-");
        return;
    }
    fprintf(out, "  %-22s %9" PRIu64 " %9" PRIu64 " %11.1f %9" PRIu64 " %9" PRIu64 " %9" PRIu64
            " %9" PRIu64 " %9" PRIu64 "\n",
            label, s.count, s.min, s.mean, s.p50, s.p90, s.p99, s.p999, s.max);
}

static void report_run(FILE *out, const struct scenario *s, const struct sim_result *r)
{
    struct rec_counts c;
    rec_get_counts(r->rec, &c);
    fprintf(out, "\nmodel %s: simulated %" PRIu64 " cycles (%s), %" PRIu64 " events\n", r->model,
            r->end_time, sim_stop_reason(r->stop), r->events);
    fprintf(out, "  interrupts: %" PRIu64 " raised, %" PRIu64 " delivered (%" PRIu64
            " coalesced), %" PRIu64 " undelivered, %" PRIu64 " acknowledgements, %" PRIu64
            " spurious\n",
            c.raised, c.delivered, c.coalesced, c.undelivered, c.acked, c.spurious);
    /* Acknowledgements and completions that matched no raised instance (a trace that
     * activates an interrupt by ISACTIVER, an EOIR of an INTID never acknowledged, ...)
     * are said, so that latency figures are not silently missing samples. */
    if (c.unmatched_acks || c.unlisted_acks || c.unmatched_completions || c.invalid || c.negative)
        fprintf(out, "  unmatched: %" PRIu64 " acknowledgements without a raised instance, %" PRIu64
                " without a listing, %" PRIu64 " completions without an acknowledgement, %" PRIu64
                " invalid, %" PRIu64 " negative\n",
                c.unmatched_acks, c.unlisted_acks, c.unmatched_completions, c.invalid, c.negative);
    stats_header(out);
    for (int m = REC_DELIVERY; m <= REC_SERVICE; m++)
        stats_row(out, metric_names[m], rec_stats(r->rec, (enum rec_metric)m));
    for (int m = REC_DELIVERY; m <= REC_SERVICE; m++) {
        for (int k = REC_SGI; k <= REC_SPI; k++) {
            const struct latency_stats *st = rec_stats_class(r->rec, (enum rec_metric)m,
                                                             (enum rec_class)k);
            if (lat_count(st) == 0)
                continue;
            char label[40];
            snprintf(label, sizeof(label), "%s %s", metric_names[m], report_class_names[k]);
            stats_row(out, label, st);
        }
    }
    for (uint32_t v = 0; v < s->gic.vcpus; v++) {
        const struct latency_stats *st = rec_stats_vcpu(r->rec, REC_DELIVERY, v);
        if (lat_count(st) == 0)
            continue;
        char label[40];
        snprintf(label, sizeof(label), "delivery vCPU %u", v);
        stats_row(out, label, st);
    }
    stats_row(out, metric_names[REC_ACCESS], rec_stats(r->rec, REC_ACCESS));
    const struct vgic_counters *k = &r->counters;
    fprintf(out, "  counters: kicks %" PRIu64 ", exits %" PRIu64 ", entries %" PRIu64
            ", maintenance interrupts %" PRIu64 ", LR overflows %" PRIu64 ", MMIO traps %" PRIu64
            "\n",
            k->kicks, k->exits, k->entries, k->maintenance_irqs, k->lr_overflows, k->mmio_traps);
    fprintf(out, "  %s counters:", r->model);
    for (uint32_t i = 0; i < k->n_extra; i++)
        fprintf(out, "%s %s %" PRIu64, i ? "," : "", k->extra[i].name, k->extra[i].value);
    fprintf(out, "\n");
    if (r->steps_total)
        fprintf(out, "  trace: %zu of %zu steps completed\n", r->steps_done, r->steps_total);
    if (r->n_failures)
        fprintf(out, "  expectations: %zu FAILED\n", r->n_failures);
    else
        fprintf(out, "  expectations: all met\n");
}

void report_text(FILE *out, const struct scenario *s, uint64_t seed,
                 const struct sim_result *runs, size_t n_runs)
{
    fprintf(out, "scenario '%s' (%s), seed %" PRIu64 "\n", s->name, s->path, seed);
    fprintf(out, "machine: GICv%d, %u vCPUs, %u SPIs, %u list registers, %u priority bits; "
            "costs %s; guest %s\n",
            (int)s->gic.version, s->gic.vcpus, s->gic.spis, s->gic.list_registers,
            s->gic.priority_bits, s->costs.preset,
            s->guest.mode == SCN_GUEST_AUTO ? "auto" : "manual");
    for (size_t i = 0; i < n_runs; i++)
        report_run(out, s, &runs[i]);
}
