/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/json_report.h"

#include <jansson.h>
#include <stdint.h>

#include "record/latency_stats.h"

/* jansson integers are signed 64-bit: a value beyond that (which no valid run produces)
 * is written as a real rather than wrapped to a negative number. */
/* An INTID a model has no samples of (an LPI only another model delivered). */
static const struct report_dist empty_dists[REPORT_IRQ_METRICS];

static json_t *u64(uint64_t v)
{
    return v <= (uint64_t)INT64_MAX ? json_integer((json_int_t)v) : json_real((double)v);
}

/* One statistic: the exact integer of a single run, else the mean over the runs. */
static json_t *stat_json(const struct run_stat *s)
{
    uint64_t exact;
    if (run_stat_exact(s, &exact))
        return u64(exact);
    if (s->n == 0)
        return json_integer(0);
    return json_real(run_stat_mean(s));
}

static json_t *interval_json(const struct run_stat *s)
{
    double lo, hi;
    if (!run_stat_ci95(s, &lo, &hi))
        return NULL;
    json_t *a = json_array();
    json_array_append_new(a, json_real(lo));
    json_array_append_new(a, json_real(hi));
    return a;
}

static json_t *summary_json(const struct report *r, const struct report_dist *d)
{
    json_t *o = json_object();
    for (int f = 0; f < RF_FIELDS; f++)
        json_object_set_new(o, report_field_names[f], stat_json(&d->fields[f]));
    if (r->repeat > 1)
        json_object_set_new(o, "runs", u64(report_dist_runs(d)));
    if (report_dist_runs(d) >= 2) {
        json_t *ci = json_object();
        for (int f = 0; f < RF_FIELDS; f++)
            json_object_set_new(ci, report_field_names[f], interval_json(&d->fields[f]));
        json_object_set_new(o, "ci95", ci);
    }
    double ns = report_ns_per_cycle(r);
    if (ns > 0) {
        json_t *n = json_object();
        for (int f = RF_MIN; f < RF_FIELDS; f++)
            json_object_set_new(n, report_field_names[f],
                                json_real(run_stat_mean(&d->fields[f]) * ns));
        json_object_set_new(o, "ns", n);
    }
    return o;
}

/* A set of named statistics (interrupts, counters), with their intervals after them. */
static void counts_json(json_t *o, const char *const *names, const struct run_stat *stats,
                        size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_object_set_new(o, names[i], stat_json(&stats[i]));
    if (n && stats[0].n >= 2) {
        json_t *ci = json_object();
        for (size_t i = 0; i < n; i++)
            json_object_set_new(ci, names[i], interval_json(&stats[i]));
        json_object_set_new(o, "ci95", ci);
    }
}

static json_t *metrics_json(const struct report *r, const struct report_dist *d, int n_metrics)
{
    json_t *o = json_object();
    for (int k = 0; k < n_metrics; k++)
        json_object_set_new(o, report_metric_names[k], summary_json(r, &d[k]));
    return o;
}

static json_t *runs_json(const struct report_model *m)
{
    json_t *a = json_array();
    for (size_t i = 0; i < m->n_runs; i++) {
        const struct report_run *run = &m->runs[i];
        json_t *o = json_object();
        json_object_set_new(o, "seed", u64(run->seed));
        json_object_set_new(o, "stop", json_string(sim_stop_name(run->stop)));
        json_object_set_new(o, "simulated_cycles", u64(run->end_time));
        json_object_set_new(o, "events", u64(run->events));
        json_object_set_new(o, "dropped_sgis", u64(run->dropped_sgis));
        json_object_set_new(o, "trace_steps", u64(run->steps_total));
        json_object_set_new(o, "trace_steps_completed", u64(run->steps_done));
        json_t *fails = json_array();
        for (size_t k = 0; k < run->n_failures; k++) {
            const struct sim_failure *f = &run->failures[k];
            json_t *e = json_object();
            json_object_set_new(e, "file", json_string(f->loc.file));
            json_object_set_new(e, "line", u64(f->loc.line));
            json_object_set_new(e, "column", u64(f->loc.col));
            json_object_set_new(e, "message", json_string(f->message));
            json_array_append_new(fails, e);
        }
        json_object_set_new(o, "expectation_failures", fails);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *latency_json(const struct report *r, const struct report_model *m)
{
    json_t *lat = json_object();
    for (int k = 0; k < REPORT_METRICS; k++)
        json_object_set_new(lat, report_metric_names[k], summary_json(r, &m->overall[k]));

    json_t *stages = json_object();
    for (int st = 0; st < REC_NR_STAGES; st++)
        json_object_set_new(stages, rec_stage_names[st], summary_json(r, &m->stages[st]));
    json_object_set_new(lat, "stages", stages);

    json_t *classes = json_object();
    for (size_t c = 0; c < report_classes(r); c++)
        json_object_set_new(classes, report_class_names[c],
                            metrics_json(r, m->by_class[c], REPORT_IRQ_METRICS));
    json_object_set_new(lat, "by_class", classes);

    json_t *vcpus = json_array();
    for (uint32_t v = 0; v < r->s->gic.vcpus; v++) {
        json_t *e = json_object();
        json_object_set_new(e, "vcpu", u64(v));
        json_t *metrics = metrics_json(r, &m->by_vcpu[(size_t)v * REPORT_METRICS], REPORT_METRICS);
        json_object_update(e, metrics);
        json_decref(metrics);
        json_array_append_new(vcpus, e);
    }
    json_object_set_new(lat, "by_vcpu", vcpus);

    uint32_t ids[REPORT_BUSIEST_INTIDS];
    size_t n_ids = report_busiest_intids(r, ids, REPORT_BUSIEST_INTIDS);
    json_t *intids = json_array();
    for (size_t i = 0; i < n_ids; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "intid", u64(ids[i]));
        const struct report_dist *d = report_model_intid(m, ids[i]);
        json_t *metrics = metrics_json(r, d ? d : empty_dists, REPORT_IRQ_METRICS);
        json_object_update(e, metrics);
        json_decref(metrics);
        json_array_append_new(intids, e);
    }
    json_object_set_new(lat, "by_intid", intids);

    const char *regs[REC_MAX_ACCESS_KINDS * REPORT_MAX_MODELS];
    size_t n_regs = report_register_names(r, regs, sizeof(regs) / sizeof(regs[0]));
    json_t *by_reg = json_array();
    static const struct report_dist none;
    for (size_t i = 0; i < n_regs; i++) {
        const struct report_dist *d = report_model_register(m, regs[i]);
        json_t *e = json_object();
        json_object_set_new(e, "register", json_string(regs[i]));
        json_object_set_new(e, "trapped_access", summary_json(r, d ? d : &none));
        json_array_append_new(by_reg, e);
    }
    json_object_set_new(lat, "by_register", by_reg);
    return lat;
}

static json_t *distribution_json(const struct latency_stats *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "count", u64(lat_count(st)));
    json_t *buckets = json_array();
    size_t cursor = 0;
    struct lat_bucket b;
    while (lat_next_bucket(st, &cursor, &b)) {
        json_t *e = json_array();
        json_array_append_new(e, u64(b.lo));
        json_array_append_new(e, u64(b.hi));
        json_array_append_new(e, u64(b.count));
        json_array_append_new(buckets, e);
    }
    json_object_set_new(o, "buckets", buckets);
    return o;
}

static json_t *model_json(const struct report *r, const struct report_model *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(m->name));
    json_object_set_new(o, "runs", runs_json(m));

    json_t *irq = json_object();
    counts_json(irq, report_irq_names, m->irq, RI_FIELDS);
    json_object_set_new(o, "interrupts", irq);

    json_object_set_new(o, "latency", latency_json(r, m));

    json_t *dist = json_object();
    for (int k = 0; k < REPORT_IRQ_METRICS; k++)
        json_object_set_new(dist, report_metric_names[k], distribution_json(&m->pooled[k]));
    json_object_set_new(o, "distributions", dist);

    json_t *cnt = json_object();
    for (int i = 0; i < RC_COMMON; i++)
        json_object_set_new(cnt, report_counter_names[i], stat_json(&m->counters[i]));
    /* The parts of a counter in an object of their own, as the model's own counters are:
     * a reader that sums the numbers of `counters` counts nothing twice. */
    for (int b = 0; b < RB_COUNT; b++) {
        json_t *parts = json_object();
        counts_json(parts, report_breakdowns[b].parts, m->breakdown[b],
                    report_breakdowns[b].n_parts);
        json_object_set_new(cnt, report_breakdowns[b].name, parts);
    }
    json_t *own = json_object();
    const char *names[VGIC_MAX_EXTRA_COUNTERS];
    struct run_stat values[VGIC_MAX_EXTRA_COUNTERS];
    for (size_t i = 0; i < m->n_model_counters; i++) {
        names[i] = m->model_counters[i].name;
        values[i] = m->model_counters[i].value;
    }
    counts_json(own, names, values, m->n_model_counters);
    json_object_set_new(cnt, "model", own);
    if (m->counters[0].n >= 2) {
        json_t *ci = json_object();
        for (int i = 0; i < RC_COMMON; i++)
            json_object_set_new(ci, report_counter_names[i], interval_json(&m->counters[i]));
        json_object_set_new(cnt, "ci95", ci);
    }
    json_object_set_new(o, "counters", cnt);
    return o;
}

static json_t *configuration_json(const struct report *r)
{
    const struct scenario *s = r->s;
    json_t *conf = json_object();
    json_t *sets = json_array();
    for (size_t i = 0; i < r->n_overrides; i++)
        json_array_append_new(sets, json_string(r->overrides[i]));
    json_object_set_new(conf, "overrides", sets);

    json_t *gic = json_object();
    json_object_set_new(gic, "version", json_integer(s->gic.version));
    json_object_set_new(gic, "vcpus", u64(s->gic.vcpus));
    json_object_set_new(gic, "spis", u64(s->gic.spis));
    json_object_set_new(gic, "list_registers", u64(s->gic.list_registers));
    json_object_set_new(gic, "priority_bits", u64(s->gic.priority_bits));
    json_t *hw = json_array();
    for (uint32_t i = 0; i < s->gic.n_hw_mapped; i++)
        json_array_append_new(hw, u64(s->gic.hw_mapped[i]));
    json_object_set_new(gic, "hw_mapped", hw);
    json_object_set_new(conf, "gic", gic);

    struct report_hypervisor hv;
    report_hypervisor(r, &hv);
    json_t *hyp = json_object();
    json_object_set_new(hyp, "kvm", json_string(hv.kvm));
    json_object_set_new(hyp, "lr_design", json_string(hv.lr_design));
    json_object_set_new(hyp, "implementation_revision", u64(hv.implementation_rev));
    json_object_set_new(hyp, "direct_injection", json_string(hv.direct_injection));
    json_object_set_new(conf, "hypervisor", hyp);

    json_t *costs = json_object();
    json_object_set_new(costs, "preset", json_string(s->costs.preset));
    json_object_set_new(costs, "clock_mhz",
                        s->costs.clock_mhz ? u64(s->costs.clock_mhz) : json_null());
    json_t *cycles = json_object();
    for (int op = 0; op < COST_OP_COUNT; op++)
        json_object_set_new(cycles, cost_op_name((enum cost_op)op), u64(s->costs.cycles[op]));
    json_object_set_new(costs, "cycles", cycles);
    json_object_set_new(conf, "costs", costs);

    json_t *guest = json_object();
    json_object_set_new(guest, "mode", json_string(s->guest.mode == SCN_GUEST_AUTO ? "auto" : "manual"));
    json_object_set_new(guest, "handler", u64(s->guest.handler));
    json_t *handlers = json_array();
    for (size_t i = 0; i < s->guest.n_handlers; i++) {
        json_t *h = json_object();
        json_object_set_new(h, "intid", u64(s->guest.handlers[i].intid));
        json_object_set_new(h, "cycles", u64(s->guest.handlers[i].cycles));
        json_array_append_new(handlers, h);
    }
    json_object_set_new(guest, "handlers", handlers);
    json_object_set_new(guest, "eoi_mode", u64(s->guest.eoi_mode));
    json_object_set_new(guest, "pmr", u64(s->guest.pmr));
    json_object_set_new(conf, "guest", guest);

    json_t *run = json_object();
    json_object_set_new(run, "until", s->has_until ? u64(s->until) : json_null());
    json_object_set_new(conf, "run", run);
    return conf;
}

int report_json(FILE *out, const struct report *r)
{
    json_t *root = json_object();
    json_object_set_new(root, "report_format", json_integer(JSON_REPORT_FORMAT));
    json_t *self = json_object();
    json_object_set_new(self, "version", json_string(r->version));
    json_object_set_new(self, "commit", r->commit ? json_string(r->commit) : json_null());
    json_object_set_new(root, "vgicsim", self);

    json_t *scn = json_object();
    json_object_set_new(scn, "name", json_string(r->s->name));
    json_object_set_new(scn, "path", json_string(r->s->path));
    json_object_set_new(scn, "sha256", r->sha256 ? json_string(r->sha256) : json_null());
    json_object_set_new(root, "scenario", scn);

    json_t *seeds = json_object();
    json_object_set_new(seeds, "first", u64(r->first_seed));
    json_object_set_new(seeds, "count", u64(r->repeat));
    json_object_set_new(root, "seeds", seeds);

    json_object_set_new(root, "configuration", configuration_json(r));

    json_t *models = json_array();
    for (size_t i = 0; i < r->n_models; i++)
        json_array_append_new(models, model_json(r, &r->models[i]));
    json_object_set_new(root, "models", models);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    json_decref(root);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
