/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/report_data.h"

#include "vgic/vgic_release.h"

#include <stdlib.h>
#include <string.h>

#include "record/latency_stats.h"
#include "util/debug_checks.h"
#include "util/xalloc.h"

const char *const report_metric_names[REPORT_METRICS] = {
    [REC_DELIVERY] = "delivery", [REC_INJECTION] = "injection", [REC_SERVICE] = "service",
    [REC_ACCESS] = "trapped_access",
};
const char *const report_class_names[REPORT_CLASSES] = {
    [REC_SGI] = "SGI", [REC_PPI] = "PPI", [REC_SPI] = "SPI", [REC_LPI] = "LPI",
};
const char *const report_field_names[RF_FIELDS] = {
    [RF_COUNT] = "count", [RF_MIN] = "min", [RF_MEAN] = "mean", [RF_P50] = "p50",
    [RF_P90] = "p90", [RF_P99] = "p99", [RF_P999] = "p99.9", [RF_MAX] = "max",
};
const char *const report_irq_names[RI_FIELDS] = {
    [RI_RAISED] = "raised", [RI_DELIVERED] = "delivered", [RI_COALESCED] = "coalesced",
    [RI_UNDELIVERED] = "undelivered", [RI_UNCOMPLETED] = "uncompleted",
    [RI_ACKS] = "acknowledgements", [RI_SPURIOUS] = "spurious",
    [RI_UNMATCHED_ACKS] = "unmatched_acknowledgements",
    [RI_UNLISTED_ACKS] = "unlisted_acknowledgements",
    [RI_UNMATCHED_COMPLETIONS] = "unmatched_completions", [RI_INVALID] = "invalid_events",
    [RI_NEGATIVE] = "negative_samples", [RI_UNTRACKED] = "untracked_raises",
};
const char *const report_counter_names[RC_COMMON] = {
    [RC_KICKS] = "kicks", [RC_EXITS] = "exits", [RC_ENTRIES] = "entries",
    [RC_MAINTENANCE] = "maintenance_interrupts", [RC_LR_OVERFLOWS] = "lr_overflows",
    [RC_MMIO_TRAPS] = "mmio_traps",
};

/* What each name above means, in one line: `vgicsim list metrics` composes the meaning of
 * every report name (report_scalar_meaning) from these, so they are kept beside the names. */
const char *const report_metric_meanings[REPORT_METRICS] = {
    [REC_DELIVERY] = "raised -> acknowledged by the guest's IAR read",
    [REC_INJECTION] = "raised -> written into a list register",
    [REC_SERVICE] = "acknowledged -> completed by EOIR, or DIR in EOImode 1",
    [REC_ACCESS] = "a trapped guest access issued -> the guest resumes",
};
const char *const report_class_meanings[REPORT_CLASSES] = {
    [REC_SGI] = "SGIs, INTID 0-15", [REC_PPI] = "PPIs, INTID 16-31",
    [REC_SPI] = "SPIs, INTID 32-1019", [REC_LPI] = "LPIs, INTID 8192 and up (with gic.its)",
};
const char *const report_field_meanings[RF_FIELDS] = {
    [RF_COUNT] = "number of samples", [RF_MIN] = "minimum", [RF_MEAN] = "mean",
    [RF_P50] = "median", [RF_P90] = "90th percentile", [RF_P99] = "99th percentile",
    [RF_P999] = "99.9th percentile", [RF_MAX] = "maximum",
};
const char *const report_irq_meanings[RI_FIELDS] = {
    [RI_RAISED] = "interrupt instances raised",
    [RI_DELIVERED] = "instances an acknowledgement resolved (= delivery samples)",
    [RI_COALESCED] = "delivered instances that shared an acknowledgement with an earlier one",
    [RI_UNDELIVERED] = "instances never acknowledged by the end of the run",
    [RI_UNCOMPLETED] = "instances acknowledged but not completed by the end of the run",
    [RI_ACKS] = "IAR reads that returned an INTID",
    [RI_SPURIOUS] = "IAR reads that returned 1023",
    [RI_UNMATCHED_ACKS] = "IAR returned an INTID with no raised instance waiting",
    [RI_UNLISTED_ACKS] = "IAR took an instance the model never reported listed",
    [RI_UNMATCHED_COMPLETIONS] = "completions with no acknowledged instance on that vCPU",
    [RI_INVALID] = "recorder events for a vCPU or INTID outside the machine, ignored",
    [RI_NEGATIVE] = "intervals that ended before they started, counted as 0 (a bug)",
    [RI_UNTRACKED] = "instances raised while the recorder followed its most, without samples",
};
const char *const report_counter_meanings[RC_COMMON] = {
    [RC_KICKS] = "kicks of a vCPU by the hypervisor (IPI, wake-up or request)",
    [RC_EXITS] = "world switches from guest to host",
    [RC_ENTRIES] = "world switches from host to guest",
    [RC_MAINTENANCE] = "maintenance interrupts",
    [RC_LR_OVERFLOWS] = "flushes that could not list every interrupt of the vCPU",
    [RC_MMIO_TRAPS] = "trapped distributor or redistributor accesses",
};

const struct report_breakdown_info report_breakdowns[RB_COUNT] = {
    [RB_MAINTENANCE] = {"maintenance_by_cause", RC_MAINTENANCE, VGIC_MI_CAUSES,
                        vgic_mi_cause_names, vgic_mi_cause_meanings},
    [RB_EXITS] = {"exits_by_reason", RC_EXITS, VGIC_EXIT_REASONS, vgic_exit_reason_names,
                  vgic_exit_reason_meanings},
};
_Static_assert((int)VGIC_MI_CAUSES <= (int)RB_MAX_PARTS, "RB_MAX_PARTS holds every cause");
_Static_assert((int)VGIC_EXIT_REASONS <= (int)RB_MAX_PARTS, "RB_MAX_PARTS holds every reason");

_Static_assert((int)REPORT_METRICS == (int)REC_NR_METRICS, "one report metric per recorder metric");
_Static_assert((int)REC_SERVICE + 1 == (int)REPORT_IRQ_METRICS, "per-interrupt metrics come first");

void lat_summarise(const struct latency_stats *st, struct lat_summary *out)
{
    *out = (struct lat_summary){
        .count = lat_count(st), .min = lat_min(st), .max = lat_max(st), .mean = lat_mean(st),
        .p50 = lat_percentile(st, 50), .p90 = lat_percentile(st, 90),
        .p99 = lat_percentile(st, 99), .p999 = lat_percentile(st, 99.9),
    };
}

uint64_t report_dist_runs(const struct report_dist *d) { return d->fields[RF_COUNT].n; }

/* A run without samples of a distribution says nothing about its percentiles: only runs
 * with samples are averaged (docs/report.md). */
static void dist_add(struct report_dist *d, const struct latency_stats *st)
{
    if (lat_count(st) == 0)
        return;
    struct lat_summary s;
    lat_summarise(st, &s);
    run_stat_add_u64(&d->fields[RF_COUNT], s.count);
    run_stat_add_u64(&d->fields[RF_MIN], s.min);
    run_stat_add(&d->fields[RF_MEAN], s.mean);
    run_stat_add_u64(&d->fields[RF_P50], s.p50);
    run_stat_add_u64(&d->fields[RF_P90], s.p90);
    run_stat_add_u64(&d->fields[RF_P99], s.p99);
    run_stat_add_u64(&d->fields[RF_P999], s.p999);
    run_stat_add_u64(&d->fields[RF_MAX], s.max);
}

void report_init(struct report *r, const struct scenario *s, uint64_t first_seed,
                 uint64_t repeat)
{
    memset(r, 0, sizeof(*r));
    r->s = s;
    r->first_seed = first_seed;
    r->repeat = repeat;
}

static struct report_model *model_for(struct report *r, const char *name)
{
    for (size_t i = 0; i < r->n_models; i++)
        if (strcmp(r->models[i].name, name) == 0)
            return &r->models[i];
    VGICSIM_ASSERT(r->n_models < REPORT_MAX_MODELS);
    struct report_model *m = &r->models[r->n_models++];
    memset(m, 0, sizeof(*m));
    m->name = xstrdup(name);
    m->by_vcpu = xcalloc((size_t)r->s->gic.vcpus * REPORT_METRICS, sizeof(*m->by_vcpu));
    m->by_intid = xcalloc((size_t)REPORT_INTIDS * REPORT_IRQ_METRICS, sizeof(*m->by_intid));
    m->intid_deliveries = xcalloc(REPORT_INTIDS, sizeof(*m->intid_deliveries));
    return m;
}

static void add_run_facts(struct report_model *m, const struct sim_result *res, uint64_t seed)
{
    m->runs = xrealloc(m->runs, (m->n_runs + 1) * sizeof(*m->runs));
    struct report_run *run = &m->runs[m->n_runs++];
    *run = (struct report_run){
        .seed = seed, .stop = res->stop, .end_time = res->end_time, .events = res->events,
        .dropped_sgis = res->dropped_sgis, .steps_done = res->steps_done,
        .steps_total = res->steps_total, .n_failures = res->n_failures,
    };
    run_stat_add_u64(&m->expectation_failures, res->n_failures);
    run->failures = res->n_failures ? xcalloc(res->n_failures, sizeof(*run->failures)) : NULL;
    for (size_t i = 0; i < res->n_failures; i++) {
        run->failures[i].loc = res->failures[i].loc;
        run->failures[i].message = xstrdup(res->failures[i].message);
    }
}

static void add_counts(struct report_model *m, const struct sim_result *res)
{
    struct rec_counts c;
    rec_get_counts(res->rec, &c);
    const uint64_t irq[RI_FIELDS] = {
        [RI_RAISED] = c.raised, [RI_DELIVERED] = c.delivered, [RI_COALESCED] = c.coalesced,
        [RI_UNDELIVERED] = c.undelivered, [RI_UNCOMPLETED] = c.uncompleted,
        [RI_ACKS] = c.acked, [RI_SPURIOUS] = c.spurious,
        [RI_UNMATCHED_ACKS] = c.unmatched_acks, [RI_UNLISTED_ACKS] = c.unlisted_acks,
        [RI_UNMATCHED_COMPLETIONS] = c.unmatched_completions, [RI_INVALID] = c.invalid,
        [RI_NEGATIVE] = c.negative, [RI_UNTRACKED] = c.untracked,
    };
    for (int i = 0; i < RI_FIELDS; i++)
        run_stat_add_u64(&m->irq[i], irq[i]);

    const struct vgic_counters *k = &res->counters;
    const uint64_t common[RC_COMMON] = {
        [RC_KICKS] = k->kicks, [RC_EXITS] = k->exits, [RC_ENTRIES] = k->entries,
        [RC_MAINTENANCE] = k->maintenance_irqs, [RC_LR_OVERFLOWS] = k->lr_overflows,
        [RC_MMIO_TRAPS] = k->mmio_traps,
    };
    for (int i = 0; i < RC_COMMON; i++)
        run_stat_add_u64(&m->counters[i], common[i]);
    const uint64_t *parts[RB_COUNT] = {
        [RB_MAINTENANCE] = k->maintenance_by_cause, [RB_EXITS] = k->exits_by_reason,
    };
    for (int b = 0; b < RB_COUNT; b++)
        for (size_t i = 0; i < report_breakdowns[b].n_parts; i++)
            run_stat_add_u64(&m->breakdown[b][i], parts[b][i]);
    for (uint32_t i = 0; i < k->n_extra; i++) {
        size_t j = 0;
        while (j < m->n_model_counters && strcmp(m->model_counters[j].name, k->extra[i].name))
            j++;
        if (j == m->n_model_counters) {
            VGICSIM_ASSERT(j < VGIC_MAX_EXTRA_COUNTERS);
            m->model_counters[m->n_model_counters++].name = k->extra[i].name;
        }
        run_stat_add_u64(&m->model_counters[j].value, k->extra[i].value);
    }
}

/* The entry of LPI `intid` in the model's sorted list, added if `create`; NULL if absent. */
static struct report_lpi *lpi_entry(const struct report_model *cm, uint32_t intid, bool create)
{
    struct report_model *m = (struct report_model *)cm;
    size_t lo = 0, hi = m->n_lpis;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->lpis[mid].intid < intid)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->n_lpis && m->lpis[lo].intid == intid)
        return &m->lpis[lo];
    if (!create)
        return NULL;
    if (m->n_lpis == m->cap_lpis) {
        m->cap_lpis = m->cap_lpis ? 2 * m->cap_lpis : 16;
        m->lpis = xrealloc(m->lpis, m->cap_lpis * sizeof(*m->lpis));
    }
    memmove(&m->lpis[lo + 1], &m->lpis[lo], (m->n_lpis - lo) * sizeof(*m->lpis));
    m->n_lpis++;
    memset(&m->lpis[lo], 0, sizeof(m->lpis[lo]));
    m->lpis[lo].intid = intid;
    return &m->lpis[lo];
}

/* Every LPI with samples in the run. */
static void add_lpis(struct report_model *m, const struct recorder *rec)
{
    for (uint32_t i = 0; i < rec_lpis(rec); i++) {
        uint32_t intid = GIC_LPI_BASE + i;
        const struct latency_stats *delivery = rec_stats_intid(rec, REC_DELIVERY, intid);
        const struct latency_stats *service = rec_stats_intid(rec, REC_SERVICE, intid);
        if (lat_count(delivery) == 0 && lat_count(service) == 0)
            continue;
        struct report_lpi *e = lpi_entry(m, intid, true);
        e->deliveries += lat_count(delivery);
        for (int k = 0; k < REPORT_IRQ_METRICS; k++)
            dist_add(&e->dist[k], rec_stats_intid(rec, (enum rec_metric)k, intid));
    }
}

size_t report_classes(const struct report *r) { return r->s->gic.its ? REPORT_CLASSES : REC_LPI; }

const struct report_dist *report_model_intid(const struct report_model *m, uint32_t intid)
{
    if (intid < REPORT_INTIDS)
        return &m->by_intid[(size_t)intid * REPORT_IRQ_METRICS];
    const struct report_lpi *e = lpi_entry(m, intid, false);
    return e ? e->dist : NULL;
}

static void add_latencies(struct report_model *m, const struct scenario *s,
                          const struct recorder *rec)
{
    for (int k = 0; k < REPORT_METRICS; k++)
        dist_add(&m->overall[k], rec_stats(rec, (enum rec_metric)k));
    for (int st = 0; st < REC_NR_STAGES; st++)
        dist_add(&m->stages[st], rec_stats_stage(rec, (enum rec_stage)st));
    for (int c = 0; c < REPORT_CLASSES; c++)
        for (int k = 0; k < REPORT_IRQ_METRICS; k++)
            dist_add(&m->by_class[c][k], rec_stats_class(rec, (enum rec_metric)k, (enum rec_class)c));
    for (uint32_t v = 0; v < s->gic.vcpus; v++)
        for (int k = 0; k < REPORT_METRICS; k++)
            dist_add(&m->by_vcpu[(size_t)v * REPORT_METRICS + (size_t)k],
                     rec_stats_vcpu(rec, (enum rec_metric)k, v));
    uint32_t nr = rec_nr_irqs(rec);
    for (uint32_t id = 0; id < nr && id < REPORT_INTIDS; id++) {
        m->intid_deliveries[id] += lat_count(rec_stats_intid(rec, REC_DELIVERY, id));
        for (int k = 0; k < REPORT_IRQ_METRICS; k++)
            dist_add(&m->by_intid[(size_t)id * REPORT_IRQ_METRICS + (size_t)k],
                     rec_stats_intid(rec, (enum rec_metric)k, id));
    }
    add_lpis(m, rec);
    for (uint32_t kind = 0; kind < rec_access_kinds(rec); kind++) {
        const char *name = rec_access_kind_name(rec, kind);
        const struct latency_stats *st = rec_stats_access_kind(rec, kind);
        size_t j = 0;
        while (j < m->n_registers && strcmp(m->registers[j].name, name) != 0)
            j++;
        if (j == m->n_registers) {
            m->registers = xrealloc(m->registers, (j + 1) * sizeof(*m->registers));
            memset(&m->registers[j], 0, sizeof(m->registers[j]));
            m->registers[j].name = xstrdup(name);
            m->n_registers++;
        }
        m->registers[j].samples += lat_count(st);
        dist_add(&m->registers[j].dist, st);
    }
    for (int k = 0; k < REPORT_IRQ_METRICS; k++)
        lat_merge(&m->pooled[k], rec_stats(rec, (enum rec_metric)k));
}

void report_add_run(struct report *r, const struct sim_result *res, uint64_t seed)
{
    struct report_model *m = model_for(r, res->model);
    add_run_facts(m, res, seed);
    add_counts(m, res);
    add_latencies(m, r->s, res->rec);
}

void report_free(struct report *r)
{
    for (size_t i = 0; i < r->n_models; i++) {
        struct report_model *m = &r->models[i];
        for (size_t k = 0; k < m->n_runs; k++) {
            for (size_t f = 0; f < m->runs[k].n_failures; f++)
                free(m->runs[k].failures[f].message);
            free(m->runs[k].failures);
        }
        free(m->runs);
        free(m->by_vcpu);
        free(m->by_intid);
        free(m->intid_deliveries);
        free(m->lpis);
        for (size_t k = 0; k < m->n_registers; k++)
            free(m->registers[k].name);
        free(m->registers);
        for (int k = 0; k < REPORT_IRQ_METRICS; k++)
            lat_free(&m->pooled[k]);
        free(m->name);
    }
    memset(r, 0, sizeof(*r));
}

/* Delivery samples of an INTID over every model and run. */
static uint64_t intid_deliveries(const struct report *r, uint32_t id)
{
    uint64_t total = 0;
    for (size_t i = 0; i < r->n_models; i++) {
        if (id < REPORT_INTIDS) {
            total += r->models[i].intid_deliveries[id];
        } else {
            const struct report_lpi *e = lpi_entry(&r->models[i], id, false);
            total += e ? e->deliveries : 0;
        }
    }
    return total;
}

/* Selection by insertion of `id` among the busiest so far (out[0..*n), at most max).
 * INTIDs come in ascending order, so ties keep the lower INTID first. */
static void consider_busiest(const struct report *r, uint32_t id, uint32_t *out, size_t *n,
                             size_t max)
{
    uint64_t total = intid_deliveries(r, id);
    if (total == 0)
        return;
    size_t pos = *n;
    while (pos > 0 && intid_deliveries(r, out[pos - 1]) < total)
        pos--;
    if (pos >= max)
        return;
    if (*n < max)
        (*n)++;
    memmove(&out[pos + 1], &out[pos], (*n - 1 - pos) * sizeof(*out));
    out[pos] = id;
}

size_t report_busiest_intids(const struct report *r, uint32_t *out, size_t max)
{
    size_t n = 0;
    /* `max` is small (16); INTIDs at most 1024, then the LPIs with samples. */
    for (uint32_t id = 0; id < REPORT_INTIDS; id++)
        consider_busiest(r, id, out, &n, max);
    /* LPIs in ascending order over every model: a merge of their sorted lists. */
    size_t cursor[REPORT_MAX_MODELS] = {0};
    for (;;) {
        uint32_t next = UINT32_MAX;
        for (size_t i = 0; i < r->n_models; i++)
            if (cursor[i] < r->models[i].n_lpis && r->models[i].lpis[cursor[i]].intid < next)
                next = r->models[i].lpis[cursor[i]].intid;
        if (next == UINT32_MAX)
            break;
        consider_busiest(r, next, out, &n, max);
        for (size_t i = 0; i < r->n_models; i++)
            if (cursor[i] < r->models[i].n_lpis && r->models[i].lpis[cursor[i]].intid == next)
                cursor[i]++;
    }
    return n;
}

static uint64_t register_samples(const struct report *r, const char *name)
{
    uint64_t total = 0;
    for (size_t i = 0; i < r->n_models; i++)
        for (size_t k = 0; k < r->models[i].n_registers; k++)
            if (strcmp(r->models[i].registers[k].name, name) == 0)
                total += r->models[i].registers[k].samples;
    return total;
}

size_t report_register_names(const struct report *r, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_models; i++) {
        for (size_t k = 0; k < r->models[i].n_registers; k++) {
            const char *name = r->models[i].registers[k].name;
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(out[j], name) == 0;
            if (seen || n == max)
                continue;
            /* Insert in order: more accesses first, then by name. */
            uint64_t samples = register_samples(r, name);
            size_t pos = n;
            while (pos > 0) {
                uint64_t other = register_samples(r, out[pos - 1]);
                if (other > samples || (other == samples && strcmp(out[pos - 1], name) < 0))
                    break;
                pos--;
            }
            memmove(&out[pos + 1], &out[pos], (n - pos) * sizeof(*out));
            out[pos] = name;
            n++;
        }
    }
    return n;
}

const struct report_dist *report_model_register(const struct report_model *m, const char *name)
{
    for (size_t k = 0; k < m->n_registers; k++)
        if (strcmp(m->registers[k].name, name) == 0)
            return &m->registers[k].dist;
    return NULL;
}

size_t report_model_counter_names(const struct report *r, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_models; i++) {
        const struct report_model *m = &r->models[i];
        for (size_t k = 0; k < m->n_model_counters; k++) {
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(out[j], m->model_counters[k].name) == 0;
            if (!seen && n < max)
                out[n++] = m->model_counters[k].name;
        }
    }
    return n;
}

const struct run_stat *report_model_counter(const struct report_model *m, const char *name)
{
    for (size_t k = 0; k < m->n_model_counters; k++)
        if (strcmp(m->model_counters[k].name, name) == 0)
            return &m->model_counters[k].value;
    return NULL;
}

double report_ns_per_cycle(const struct report *r)
{
    return r->s->costs.clock_mhz ? 1000.0 / (double)r->s->costs.clock_mhz : 0.0;
}

void report_hypervisor(const struct report *r, struct report_hypervisor *out)
{
    struct vgic_release rel;
    vgic_release_get(&r->s->gic, &rel);
    vgic_release_name(rel.code, out->kvm, sizeof(out->kvm));
    out->lr_design = rel.lr_design == VGIC_LR_OVERFLOW ? "lr_overflow" : "classic";
    out->implementation_rev = rel.implementation_rev;
    static const char *const modes[] = {
        [GIC_DI_NONE] = "none", [GIC_DI_V4_0] = "gicv4.0", [GIC_DI_V4_1] = "gicv4.1",
    };
    out->direct_injection = modes[r->s->gic.direct_injection];
}
