#include "report/json_report.h"

#include <jansson.h>

#include "report/latency_stats.h"
#include "report/report_data.h"

static json_t *u64(uint64_t v) { return json_integer((json_int_t)v); }

static json_t *summary_json(const struct latency_stats *st)
{
    struct lat_summary s;
    lat_summarise(st, &s);
    json_t *o = json_object();
    json_object_set_new(o, "count", u64(s.count));
    json_object_set_new(o, "min", u64(s.min));
    json_object_set_new(o, "mean", json_real(s.mean));
    json_object_set_new(o, "p50", u64(s.p50));
    json_object_set_new(o, "p90", u64(s.p90));
    json_object_set_new(o, "p99", u64(s.p99));
    json_object_set_new(o, "p99.9", u64(s.p999));
    json_object_set_new(o, "max", u64(s.max));
    return o;
}

static json_t *metrics_json(const struct recorder *rec, const struct latency_stats *(*get)(
                                const struct recorder *, enum rec_metric, uint32_t),
                            uint32_t arg, int last_metric)
{
    json_t *o = json_object();
    for (int m = REC_DELIVERY; m <= last_metric; m++)
        json_object_set_new(o, report_metric_names[m], summary_json(get(rec, (enum rec_metric)m, arg)));
    return o;
}

static const struct latency_stats *overall(const struct recorder *r, enum rec_metric m, uint32_t x)
{
    (void)x;
    return rec_stats(r, m);
}
static const struct latency_stats *by_class(const struct recorder *r, enum rec_metric m, uint32_t k)
{
    return rec_stats_class(r, m, (enum rec_class)k);
}

static json_t *run_json(const struct scenario *s, const struct sim_result *r)
{
    struct rec_counts c;
    rec_get_counts(r->rec, &c);
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(r->model));
    json_object_set_new(o, "simulated_cycles", u64(r->end_time));
    json_object_set_new(o, "stop", json_string(sim_stop_name(r->stop)));
    json_object_set_new(o, "events", u64(r->events));

    json_t *irq = json_object();
    json_object_set_new(irq, "raised", u64(c.raised));
    json_object_set_new(irq, "delivered", u64(c.delivered));
    json_object_set_new(irq, "coalesced", u64(c.coalesced));
    json_object_set_new(irq, "undelivered", u64(c.undelivered));
    json_object_set_new(irq, "acknowledgements", u64(c.acked));
    json_object_set_new(irq, "spurious", u64(c.spurious));
    json_object_set_new(irq, "unmatched_acknowledgements", u64(c.unmatched_acks + c.unlisted_acks));
    json_object_set_new(irq, "unmatched_completions", u64(c.unmatched_completions));
    json_object_set_new(o, "interrupts", irq);

    json_t *lat = metrics_json(r->rec, overall, 0, REC_ACCESS);
    json_t *classes = json_object();
    for (int k = REC_SGI; k <= REC_SPI; k++)
        json_object_set_new(classes, report_class_names[k],
                            metrics_json(r->rec, by_class, (uint32_t)k, REC_SERVICE));
    json_object_set_new(lat, "by_class", classes);
    json_t *vcpus = json_array();
    for (uint32_t v = 0; v < s->gic.vcpus; v++) {
        json_t *e = metrics_json(r->rec, rec_stats_vcpu, v, REC_ACCESS);
        json_object_set_new(e, "vcpu", u64(v));
        json_array_append_new(vcpus, e);
    }
    json_object_set_new(lat, "by_vcpu", vcpus);
    json_object_set_new(o, "latency", lat);

    const struct vgic_counters *k = &r->counters;
    json_t *cnt = json_object();
    json_object_set_new(cnt, "kicks", u64(k->kicks));
    json_object_set_new(cnt, "exits", u64(k->exits));
    json_object_set_new(cnt, "entries", u64(k->entries));
    json_object_set_new(cnt, "maintenance_interrupts", u64(k->maintenance_irqs));
    json_object_set_new(cnt, "lr_overflows", u64(k->lr_overflows));
    json_object_set_new(cnt, "mmio_traps", u64(k->mmio_traps));
    json_t *own = json_object();
    for (uint32_t i = 0; i < k->n_extra; i++)
        json_object_set_new(own, k->extra[i].name, u64(k->extra[i].value));
    json_object_set_new(cnt, "model", own);
    json_object_set_new(o, "counters", cnt);

    json_t *trace = json_object();
    json_object_set_new(trace, "steps", u64(r->steps_total));
    json_object_set_new(trace, "completed", u64(r->steps_done));
    json_object_set_new(o, "trace", trace);

    json_t *fails = json_array();
    for (size_t i = 0; i < r->n_failures; i++) {
        const struct sim_failure *f = &r->failures[i];
        json_t *e = json_object();
        json_object_set_new(e, "file", json_string(f->loc.file));
        json_object_set_new(e, "line", u64(f->loc.line));
        json_object_set_new(e, "column", u64(f->loc.col));
        json_object_set_new(e, "message", json_string(f->message));
        json_array_append_new(fails, e);
    }
    json_object_set_new(o, "expectation_failures", fails);
    return o;
}

int report_json(FILE *out, const struct scenario *s, uint64_t seed,
                const struct sim_result *runs, size_t n_runs)
{
    json_t *root = json_object();
    json_object_set_new(root, "vgicsim", json_string(VGICSIM_VERSION));
    json_object_set_new(root, "report_format", json_integer(JSON_REPORT_FORMAT));
    json_t *scn = json_object();
    json_object_set_new(scn, "name", json_string(s->name));
    json_object_set_new(scn, "path", json_string(s->path));
    json_object_set_new(scn, "seed", u64(seed));
    json_object_set_new(root, "scenario", scn);
    json_t *mach = json_object();
    json_object_set_new(mach, "gic_version", json_integer(s->gic.version));
    json_object_set_new(mach, "vcpus", u64(s->gic.vcpus));
    json_object_set_new(mach, "spis", u64(s->gic.spis));
    json_object_set_new(mach, "list_registers", u64(s->gic.list_registers));
    json_object_set_new(mach, "priority_bits", u64(s->gic.priority_bits));
    json_t *costs = json_object();
    json_object_set_new(costs, "preset", json_string(s->costs.preset));
    json_t *cycles = json_object();
    for (int op = 0; op < COST_OP_COUNT; op++)
        json_object_set_new(cycles, cost_op_name((enum cost_op)op), u64(s->costs.cycles[op]));
    json_object_set_new(costs, "cycles", cycles);
    json_object_set_new(mach, "costs", costs);
    json_object_set_new(mach, "guest", json_string(s->guest.mode == SCN_GUEST_AUTO ? "auto" : "manual"));
    json_object_set_new(root, "machine", mach);
    json_t *models = json_array();
    for (size_t i = 0; i < n_runs; i++)
        json_array_append_new(models, run_json(s, &runs[i]));
    json_object_set_new(root, "models", models);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    json_decref(root);
    return rc;
}
