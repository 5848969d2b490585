/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/csv_report.h"

#include <inttypes.h>
#include <string.h>

/* A field as RFC 4180 wants it: quoted (with doubled quotes) only when it holds a comma,
 * a quote, a line break or leading/trailing blanks. */
/* An INTID a model has no samples of (an LPI only another model delivered). */
static const struct report_dist empty_dist;

static void field(FILE *out, const char *s)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* One statistic: exact integers as integers, means with 10 significant digits (as in
 * the JSON report); the interval and ns columns empty when they do not apply. */
static void row(FILE *out, const char *model, const char *metric, const char *group,
                const char *statistic, const struct run_stat *s, bool real, double ns)
{
    field(out, model);
    fputc(',', out);
    field(out, metric);
    fputc(',', out);
    field(out, group);
    fputc(',', out);
    field(out, statistic);
    uint64_t exact;
    if (!real && run_stat_exact(s, &exact))
        fprintf(out, ",%" PRIu64, exact);
    else if (s->n == 0)
        fprintf(out, ",0");
    else
        fprintf(out, ",%.10g", run_stat_mean(s));
    double lo, hi;
    if (run_stat_ci95(s, &lo, &hi))
        fprintf(out, ",%.10g,%.10g", lo, hi);
    else
        fprintf(out, ",,");
    if (ns > 0)
        fprintf(out, ",%.10g\n", run_stat_mean(s) * ns);
    else
        fprintf(out, ",\n");
}

static void named_dist_rows(FILE *out, const struct report *r, const char *model,
                            const char *metric, const char *group, const struct report_dist *d)
{
    static const struct report_dist none;
    if (!d)
        d = &none;
    double ns = report_ns_per_cycle(r);
    for (int f = 0; f < RF_FIELDS; f++)
        row(out, model, metric, group, report_field_names[f], &d->fields[f], f == RF_MEAN,
            f == RF_COUNT ? 0 : ns);
}

static void dist_rows(FILE *out, const struct report *r, const char *model, int metric,
                      const char *group, const struct report_dist *d)
{
    named_dist_rows(out, r, model, report_metric_names[metric], group, d);
}

/* The modelled release, first among each model's rows (the same for every model): its
 * value is text, MAJOR.MINOR ("6.10" is not 6.1). */
static void hypervisor_rows(FILE *out, const struct report *r, const char *model)
{
    struct report_hypervisor hv;
    report_hypervisor(r, &hv);
    static const char *const stats[] = {"kvm", "lr_design", "implementation_revision",
                                        "direct_injection"};
    char rev[8];
    snprintf(rev, sizeof(rev), "%u", hv.implementation_rev);
    const char *values[] = {hv.kvm, hv.lr_design, rev, hv.direct_injection};
    for (size_t i = 0; i < 4; i++) {
        field(out, model);
        fprintf(out, ",configuration,hypervisor,%s,%s,,,\n", stats[i], values[i]);
    }
}

static void model_rows(FILE *out, const struct report *r, const struct report_model *m)
{
    hypervisor_rows(out, r, m->name);
    struct run_stat cycles = {0}, events = {0}, dropped = {0}, failures = {0};
    for (size_t i = 0; i < m->n_runs; i++) {
        run_stat_add_u64(&cycles, m->runs[i].end_time);
        run_stat_add_u64(&events, m->runs[i].events);
        run_stat_add_u64(&dropped, m->runs[i].dropped_sgis);
        run_stat_add_u64(&failures, m->runs[i].n_failures);
    }
    row(out, m->name, "run", "all", "simulated_cycles", &cycles, false, 0);
    row(out, m->name, "run", "all", "events", &events, false, 0);
    row(out, m->name, "run", "all", "dropped_sgis", &dropped, false, 0);
    row(out, m->name, "run", "all", "expectation_failures", &failures, false, 0);
    for (int i = 0; i < RI_FIELDS; i++)
        row(out, m->name, "interrupts", "all", report_irq_names[i], &m->irq[i], false, 0);

    for (int k = 0; k < REPORT_METRICS; k++)
        dist_rows(out, r, m->name, k, "all", &m->overall[k]);
    /* A stage is a distribution of its own over every delivered instance: metric
     * "stages.NAME" (its JSON path under latency, and what compare and sweep call it),
     * group "all". */
    for (int st = 0; st < REC_NR_STAGES; st++) {
        char metric[48];
        snprintf(metric, sizeof(metric), "stages.%s", rec_stage_names[st]);
        named_dist_rows(out, r, m->name, metric, "all", &m->stages[st]);
    }
    for (int k = 0; k < REPORT_IRQ_METRICS; k++)
        for (size_t c = 0; c < report_classes(r); c++)
            dist_rows(out, r, m->name, k, report_class_names[c], &m->by_class[c][k]);
    for (uint32_t v = 0; v < r->s->gic.vcpus; v++) {
        char group[32];
        snprintf(group, sizeof(group), "vcpu%u", v);
        for (int k = 0; k < REPORT_METRICS; k++)
            dist_rows(out, r, m->name, k, group, &m->by_vcpu[(size_t)v * REPORT_METRICS + (size_t)k]);
    }
    uint32_t ids[REPORT_BUSIEST_INTIDS];
    size_t n_ids = report_busiest_intids(r, ids, REPORT_BUSIEST_INTIDS);
    for (size_t i = 0; i < n_ids; i++) {
        char group[32];
        snprintf(group, sizeof(group), "intid%u", ids[i]);
        const struct report_dist *d = report_model_intid(m, ids[i]);
        for (int k = 0; k < REPORT_IRQ_METRICS; k++)
            dist_rows(out, r, m->name, k, group, d ? &d[k] : &empty_dist);
    }
    const char *regs[REC_MAX_ACCESS_KINDS * REPORT_MAX_MODELS];
    size_t n_regs = report_register_names(r, regs, sizeof(regs) / sizeof(regs[0]));
    for (size_t i = 0; i < n_regs; i++)
        dist_rows(out, r, m->name, REC_ACCESS, regs[i], report_model_register(m, regs[i]));

    for (int c = 0; c < RC_COMMON; c++)
        row(out, m->name, "counters", "all", report_counter_names[c], &m->counters[c], false, 0);
    /* The parts of a counter: group names the breakdown, as "model" names the model's own
     * counters, so that summing group "all" counts nothing twice. */
    for (int b = 0; b < RB_COUNT; b++)
        for (size_t p = 0; p < report_breakdowns[b].n_parts; p++)
            row(out, m->name, "counters", report_breakdowns[b].name,
                report_breakdowns[b].parts[p], &m->breakdown[b][p], false, 0);
    for (size_t c = 0; c < m->n_model_counters; c++)
        row(out, m->name, "counters", "model", m->model_counters[c].name,
            &m->model_counters[c].value, false, 0);
}

int report_csv(FILE *out, const struct report *r)
{
    fprintf(out, "%s\n", CSV_REPORT_HEADER);
    for (size_t i = 0; i < r->n_models; i++)
        model_rows(out, r, &r->models[i]);
    return ferror(out) ? -1 : 0;
}
