/* SPDX-License-Identifier: GPL-2.0-only */
/* Host speed of the vGIC models themselves, without the engine: a generated workload is
 * simulated once on the reference model while every call the simulation makes to the
 * model (operations and queries, with their arguments and cycles) is recorded; then the
 * same stream is replayed directly against a fresh instance of each model, timed.
 * Prints operations per second for each model (median of REPEATS replays) and, last,
 * `perf/ref model speed ratio: X.XX`.
 *   bench_models [INTERRUPTS] [REPEATS] [MODEL]     defaults 1000000, 5, every model
 * (naming one model replays only that one: for profiling) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_sim.h"
#include "bench_util.h"
#include "util/xalloc.h"

enum op_kind {
    OP_BOOT, OP_MMIO_READ, OP_MMIO_WRITE, OP_SET_LINE, OP_CPU_READ, OP_CPU_WRITE, OP_EXIT,
    OP_ENTRY, OP_SIGNALLED, OP_HAS_PENDING, OP_IRQ_STATE, OP_WFI_BLOCK, OP_WFI_WAKE,
};

struct op {
    uint8_t kind;
    uint8_t arg8;              /* frame, register, level */
    int16_t vcpu;
    uint32_t arg32;            /* offset, intid */
    uint32_t redist_width;     /* redist << 8 | width, or the PPI's vCPU */
    uint64_t now;
    uint64_t value;
};

static struct {
    struct op *ops;
    size_t n, cap;
    const struct vgic_model_ops *lead;
    struct vgic_model *m;
    uint8_t *boot_enabled, *boot_level;
    struct vgic_boot_config boot;
} rec;

static void log_op(struct op o)
{
    if (rec.n == rec.cap) {
        rec.cap = rec.cap ? 2 * rec.cap : 1 << 20;
        rec.ops = xrealloc(rec.ops, rec.cap * sizeof(*rec.ops));
    }
    rec.ops[rec.n++] = o;
}

/* ---- the recording model: the reference model, with every call logged ---- */

static struct vgic_model *r_create(const struct vgic_model_ops *self,
                                   const struct gic_config *gic, const struct cost_model *costs,
                                   const struct vgic_hooks *hooks, void *sim)
{
    (void)self;
    rec.m = rec.lead->create(rec.lead, gic, costs, hooks, sim);
    return (struct vgic_model *)&rec;
}
static void r_destroy(struct vgic_model *m) { (void)m, rec.lead->destroy(rec.m); }
static void r_boot(struct vgic_model *m, const struct vgic_boot_config *b)
{
    (void)m;
    rec.boot = *b;
    log_op((struct op){.kind = OP_BOOT});
    rec.lead->boot(rec.m, b);
}
static uint64_t r_mmio_read(struct vgic_model *m, const struct vgic_ctx *c, enum gic_frame f,
                            uint32_t redist, uint32_t off, uint32_t w, uint64_t *v)
{
    (void)m;
    log_op((struct op){OP_MMIO_READ, (uint8_t)f, (int16_t)c->vcpu, off, redist << 8 | w, c->now, 0});
    return rec.lead->mmio_read(rec.m, c, f, redist, off, w, v);
}
static uint64_t r_mmio_write(struct vgic_model *m, const struct vgic_ctx *c, enum gic_frame f,
                             uint32_t redist, uint32_t off, uint32_t w, uint64_t v)
{
    (void)m;
    log_op((struct op){OP_MMIO_WRITE, (uint8_t)f, (int16_t)c->vcpu, off, redist << 8 | w, c->now, v});
    return rec.lead->mmio_write(rec.m, c, f, redist, off, w, v);
}
static uint64_t r_set_line(struct vgic_model *m, const struct vgic_ctx *c, uint32_t intid,
                           uint32_t vcpu, bool level)
{
    (void)m;
    log_op((struct op){OP_SET_LINE, level, (int16_t)c->vcpu, intid, vcpu, c->now, 0});
    return rec.lead->set_line(rec.m, c, intid, vcpu, level);
}
static uint64_t r_cpu_read(struct vgic_model *m, const struct vgic_ctx *c, enum gic_cpu_reg reg,
                           uint64_t *v)
{
    (void)m;
    log_op((struct op){OP_CPU_READ, (uint8_t)reg, (int16_t)c->vcpu, 0, 0, c->now, 0});
    return rec.lead->cpu_read(rec.m, c, reg, v);
}
static uint64_t r_cpu_write(struct vgic_model *m, const struct vgic_ctx *c, enum gic_cpu_reg reg,
                            uint64_t v)
{
    (void)m;
    log_op((struct op){OP_CPU_WRITE, (uint8_t)reg, (int16_t)c->vcpu, 0, 0, c->now, v});
    return rec.lead->cpu_write(rec.m, c, reg, v);
}
static uint64_t r_exit(struct vgic_model *m, const struct vgic_ctx *c)
{
    (void)m;
    log_op((struct op){.kind = OP_EXIT, .vcpu = (int16_t)c->vcpu, .now = c->now});
    return rec.lead->vcpu_exit(rec.m, c);
}
static uint64_t r_entry(struct vgic_model *m, const struct vgic_ctx *c)
{
    (void)m;
    log_op((struct op){.kind = OP_ENTRY, .vcpu = (int16_t)c->vcpu, .now = c->now});
    return rec.lead->vcpu_entry(rec.m, c);
}
static uint64_t r_wfi_block(struct vgic_model *m, const struct vgic_ctx *c)
{
    (void)m;
    log_op((struct op){.kind = OP_WFI_BLOCK, .vcpu = (int16_t)c->vcpu, .now = c->now});
    return rec.lead->wfi_block(rec.m, c);
}
static uint64_t r_wfi_wake(struct vgic_model *m, const struct vgic_ctx *c)
{
    (void)m;
    log_op((struct op){.kind = OP_WFI_WAKE, .vcpu = (int16_t)c->vcpu, .now = c->now});
    return rec.lead->wfi_wake(rec.m, c);
}
static bool r_signalled(const struct vgic_model *m, uint32_t vcpu)
{
    (void)m;
    log_op((struct op){.kind = OP_SIGNALLED, .vcpu = (int16_t)vcpu});
    return rec.lead->irq_signalled(rec.m, vcpu);
}
static bool r_has_pending(const struct vgic_model *m, uint32_t vcpu)
{
    (void)m;
    log_op((struct op){.kind = OP_HAS_PENDING, .vcpu = (int16_t)vcpu});
    return rec.lead->vcpu_has_pending(rec.m, vcpu);
}
/* A configuration query (GICv4 only; the benchmark's workloads have none): not replayed. */
static bool r_wfi_traps(const struct vgic_model *m, uint32_t vcpu)
{
    return (void)m, rec.lead->wfi_traps(rec.m, vcpu);
}
static void r_irq_state(const struct vgic_model *m, uint32_t vcpu, uint32_t intid,
                        struct vgic_irq_snapshot *out)
{
    (void)m;
    log_op((struct op){.kind = OP_IRQ_STATE, .vcpu = (int16_t)vcpu, .arg32 = intid});
    rec.lead->irq_state(rec.m, vcpu, intid, out);
}
static void r_vcpu_state(const struct vgic_model *m, uint32_t v, struct vgic_vcpu_snapshot *o)
{
    (void)m, rec.lead->vcpu_state(rec.m, v, o);
}
static bool r_dist_enabled(const struct vgic_model *m) { return (void)m, rec.lead->dist_enabled(rec.m); }
static void r_counters(const struct vgic_model *m, struct vgic_counters *o)
{
    (void)m, rec.lead->counters(rec.m, o);
}

static const struct vgic_model_ops recording = {
    .name = "recording", .create = r_create, .destroy = r_destroy, .boot = r_boot,
    .mmio_read = r_mmio_read, .mmio_write = r_mmio_write, .set_line = r_set_line,
    .cpu_read = r_cpu_read, .cpu_write = r_cpu_write, .vcpu_exit = r_exit,
    .vcpu_entry = r_entry, .wfi_block = r_wfi_block, .wfi_wake = r_wfi_wake,
    .irq_signalled = r_signalled, .vcpu_has_pending = r_has_pending, .wfi_traps = r_wfi_traps,
    .irq_state = r_irq_state, .vcpu_state = r_vcpu_state, .dist_enabled = r_dist_enabled,
    .counters = r_counters,
};

/* ---- replay ---- */

static uint64_t sink;   /* keeps results alive */

__attribute__((noinline)) static double replay(const struct vgic_model_ops *ops,
                                                const struct scenario *s)
{
    static const struct vgic_hooks no_hooks;
    struct vgic_model *m = ops->create(ops, &s->gic, &s->costs, &no_hooks, NULL);
    double t0 = bench_now();
    for (size_t i = 0; i < rec.n; i++) {
        const struct op *o = &rec.ops[i];
        struct vgic_ctx c = {.now = o->now, .vcpu = o->vcpu};
        uint64_t v = 0;
        struct vgic_irq_snapshot st;
        switch ((enum op_kind)o->kind) {
        case OP_BOOT: ops->boot(m, &rec.boot); break;
        case OP_MMIO_READ:
            sink += ops->mmio_read(m, &c, o->arg8, o->redist_width >> 8, o->arg32,
                                   o->redist_width & 0xff, &v);
            break;
        case OP_MMIO_WRITE:
            sink += ops->mmio_write(m, &c, o->arg8, o->redist_width >> 8, o->arg32,
                                    o->redist_width & 0xff, o->value);
            break;
        case OP_SET_LINE: sink += ops->set_line(m, &c, o->arg32, o->redist_width, o->arg8); break;
        case OP_CPU_READ: sink += ops->cpu_read(m, &c, o->arg8, &v); break;
        case OP_CPU_WRITE: sink += ops->cpu_write(m, &c, o->arg8, o->value); break;
        case OP_EXIT: sink += ops->vcpu_exit(m, &c); break;
        case OP_ENTRY: sink += ops->vcpu_entry(m, &c); break;
        case OP_WFI_BLOCK: sink += ops->wfi_block(m, &c); break;
        case OP_WFI_WAKE: sink += ops->wfi_wake(m, &c); break;
        case OP_SIGNALLED: sink += ops->irq_signalled(m, (uint32_t)o->vcpu); break;
        case OP_HAS_PENDING: sink += ops->vcpu_has_pending(m, (uint32_t)o->vcpu); break;
        case OP_IRQ_STATE: ops->irq_state(m, (uint32_t)o->vcpu, o->arg32, &st); sink += st.pending; break;
        }
        sink += v;
    }
    double secs = bench_now() - t0;
    ops->destroy(m);
    return secs;
}

int main(int argc, char **argv)
{
    unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (n == 0 || repeats < 1 || repeats > 99) {
        fprintf(stderr, "usage: bench_models [INTERRUPTS>0] [REPEATS 1..99]\n");
        return 2;
    }
    /* 8 vCPUs, 4 LRs: device SPIs over all of them, a timer per vCPU, IPIs. */
    char *text = xasprintf(
        "version: 1\n"
        "gic: {version: 3, vcpus: 8, spis: 64, list_registers: 4, hw_mapped: [27]}\n"
        "guest: {handler: 1500}\n"
        "workload:\n"
        "  - {kind: poisson, intid: [32, 95], mean_gap: 600, count: %llu}\n"
        "  - {kind: periodic, intid: 27, vcpu: 0, trigger: level, period: 200000, count: %llu}\n"
        "  - {kind: periodic, intid: 27, vcpu: 5, trigger: level, period: 200000, count: %llu}\n"
        "  - {kind: ipi, intid: 1, from: 0, to: 3, period: 9000, count: %llu}\n"
        "  - {kind: ipi, intid: 2, from: 6, to: 7, period: 7000, count: %llu}\n",
        n * 9 / 10, n / 600 + 1, n / 600 + 1, n / 40 + 1, n / 40 + 1);
    struct scenario s;
    bench_load_text("bench_models", text, &s);
    rec.lead = vgic_model_by_name("ref");
    struct sim_result r;
    sim_run(&s, &recording, s.seed, &r);
    struct rec_counts counts;
    rec_get_counts(r.rec, &counts);
    printf("recorded: %zu model calls for %llu interrupts (GICv3, 8 vCPUs, 4 LRs), "
           "replayed %d times per model\n", rec.n, (unsigned long long)counts.raised, repeats);
    sim_result_free(&r);

    double rate[VGIC_MAX_MODELS] = {0};
    const char *only = argc > 3 ? argv[3] : NULL;
    for (size_t k = 0; k < vgic_model_count(); k++) {
        const struct vgic_model_ops *ops = vgic_model_at(k);
        if (only && strcmp(only, ops->name) != 0)
            continue;
        double secs[100];
        for (int i = 0; i < repeats; i++)
            secs[i] = replay(ops, &s);
        double median = bench_median(secs, (size_t)repeats);
        rate[k] = rec.n / median;
        printf("%-5s %8.2f M model calls/s (median %.3f s)\n", ops->name, rate[k] / 1e6, median);
    }
    const struct vgic_model_ops *ref = vgic_model_by_name("ref"), *perf = vgic_model_by_name("perf");
    double ref_rate = 0, perf_rate = 0;
    for (size_t k = 0; k < vgic_model_count(); k++) {
        if (vgic_model_at(k) == ref)
            ref_rate = rate[k];
        if (vgic_model_at(k) == perf)
            perf_rate = rate[k];
    }
    printf("perf/ref model speed ratio: %.2f\n", ref_rate > 0 ? perf_rate / ref_rate : 0.0);
    free(rec.ops);
    scenario_free(&s);
    return sink == 42 ? 1 : 0;
}
