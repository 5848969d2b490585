#include "report/csv_report.h"

#include <inttypes.h>

#include "report/latency_stats.h"
#include "report/report_data.h"

static void latency_row(FILE *out, const char *model, const char *metric, const char *group,
                        const struct latency_stats *st)
{
    struct lat_summary s;
    lat_summarise(st, &s);
    fprintf(out, "%s,%s,%s,%" PRIu64 ",%" PRIu64 ",%.1f,%" PRIu64 ",%" PRIu64 ",%" PRIu64
            ",%" PRIu64 ",%" PRIu64 "\n",
            model, metric, group, s.count, s.min, s.mean, s.p50, s.p90, s.p99, s.p999, s.max);
}

static void counter_row(FILE *out, const char *model, const char *name, uint64_t value)
{
    fprintf(out, "%s,counter,%s,%" PRIu64 ",,,,,,,\n", model, name, value);
}

int report_csv(FILE *out, const struct scenario *s, uint64_t seed,
               const struct sim_result *runs, size_t n_runs)
{
    (void)seed;
    fprintf(out, "model,metric,group,count,min,mean,p50,p90,p99,p99.9,max\n");
    for (size_t i = 0; i < n_runs; i++) {
        const struct sim_result *r = &runs[i];
        for (int m = REC_DELIVERY; m <= REC_ACCESS; m++)
            latency_row(out, r->model, report_metric_names[m], "all",
                        rec_stats(r->rec, (enum rec_metric)m));
        for (int m = REC_DELIVERY; m <= REC_SERVICE; m++)
            for (int k = REC_SGI; k <= REC_SPI; k++)
                latency_row(out, r->model, report_metric_names[m], report_class_names[k],
                            rec_stats_class(r->rec, (enum rec_metric)m, (enum rec_class)k));
        for (uint32_t v = 0; v < s->gic.vcpus; v++) {
            char group[24];
            snprintf(group, sizeof(group), "vcpu%u", v);
            for (int m = REC_DELIVERY; m <= REC_ACCESS; m++)
                latency_row(out, r->model, report_metric_names[m], group,
                            rec_stats_vcpu(r->rec, (enum rec_metric)m, v));
        }
        const struct vgic_counters *k = &r->counters;
        counter_row(out, r->model, "kicks", k->kicks);
        counter_row(out, r->model, "exits", k->exits);
        counter_row(out, r->model, "entries", k->entries);
        counter_row(out, r->model, "maintenance_interrupts", k->maintenance_irqs);
        counter_row(out, r->model, "lr_overflows", k->lr_overflows);
        counter_row(out, r->model, "mmio_traps", k->mmio_traps);
        for (uint32_t e = 0; e < k->n_extra; e++)
            counter_row(out, r->model, k->extra[e].name, k->extra[e].value);
        counter_row(out, r->model, "expectation_failures", r->n_failures);
    }
    return ferror(out) ? -1 : 0;
}
