/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest-side virtual CPU interface on the performance core: src/vgic/vgic_cpuif with
 * the core's clock and counters, and SGI delivery (src/vgic/vgic_sgi) through the
 * lock-free posting path. */
#include "perf/perf_internal.h"
#include "vgic/vgic_cpuif.h"
#include "vgic/vgic_sgi.h"

static struct perf_core *core(void *m) { return m; }
static struct perf_op *op_of(void *op) { return op; }

static void be_charge(void *m, void *op, enum cost_op what) { perf_charge(core(m), op, what); }

static bool clear_phys_active(struct vgic_irq_state *st, const void *arg)
{
    (void)arg;
    st->phys_active = false;
    return false;
}

static void be_phys_deactivated(void *m, void *op, uint32_t vcpu, uint32_t intid)
{
    struct perf_core *c = core(m);
    perf_phys_deactivated(c, op_of(op), vcpu, intid);
    /* That is the physical distributor's state, not a software structure: recording it
     * costs the hypervisor nothing (an untimed, uncounted update). */
    struct perf_irq *irq = perf_irq_get(c, vcpu, intid);
    struct perf_stats hardware = {0};
    struct perf_op gic = perf_untimed(op_of(op)->ctx, &hardware);
    if (irq)
        perf_irq_update(c, &gic, irq, clear_phys_active, NULL);
}

void perf_maintenance(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      uint32_t causes)
{
    op->stats->maintenance_by_cause[vgic_mi_cause_of(causes)]++;
    op->stats->maintenance++;
    if (c->hooks.maintenance)
        c->hooks.maintenance(c->sim, v->id, op->t);
}

static void be_maintenance(void *m, void *op, uint32_t vcpu, uint32_t causes)
{
    perf_maintenance(core(m), op, &core(m)->vcpus[vcpu], causes);
}

static void be_sgi1r(void *m, void *op, uint32_t vcpu, uint64_t value)
{
    perf_sgi_v3(core(m), op, vcpu, value);
}

static void be_leave_guest(void *m, void *op, uint32_t vcpu)
{
    enum vgic_exit_reason why = core(m)->cfg.version == GIC_V2 ? VGIC_EXIT_MMIO
                                                                : VGIC_EXIT_SYSREG;
    perf_leave_guest(core(m), op_of(op), &core(m)->vcpus[vcpu], why);
}

static void be_count_mmio_trap(void *m, void *op)
{
    (void)m;
    op_of(op)->stats->mmio_traps++;
}

static void be_deactivate_trapped(void *m, void *op, uint32_t vcpu, uint64_t value)
{
    perf_deactivate_trapped(core(m), op_of(op), &core(m)->vcpus[vcpu], value);
}

static void be_enter_guest(void *m, void *op, uint32_t vcpu)
{
    perf_enter_guest(core(m), op_of(op), &core(m)->vcpus[vcpu]);
}

static void be_vlpi_acked(void *m, void *op, uint32_t vcpu, uint32_t intid)
{
    struct model_v4_ctx v4 = perf_v4_ctx(core(m), op_of(op));
    model_v4_acked(&v4, vcpu, intid);
}

static const struct vgic_cpuif_backend perf_cpuif_backend = {
    .charge = be_charge, .phys_deactivated = be_phys_deactivated,
    .maintenance = be_maintenance, .sgi1r = be_sgi1r,
    .leave_guest = be_leave_guest, .count_mmio_trap = be_count_mmio_trap,
    .deactivate_trapped = be_deactivate_trapped, .enter_guest = be_enter_guest,
    .vlpi_acked = be_vlpi_acked,
};

static struct vgic_cpuif_ctx ctx_of(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    return (struct vgic_cpuif_ctx){&c->arch, &perf_cpuif_backend, c, op, v->id, &v->vif};
}

uint64_t perf_cpuif_read(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                         enum gic_cpu_reg reg)
{
    struct vgic_cpuif_ctx ctx = ctx_of(c, op, v);
    return vgic_cpu_read(&ctx, reg);
}

void perf_cpuif_write(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      enum gic_cpu_reg reg, uint64_t value)
{
    struct vgic_cpuif_ctx ctx = ctx_of(c, op, v);
    vgic_cpu_write(&ctx, reg, value);
}

void perf_cpuif_entry(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    struct vgic_cpuif_ctx ctx = ctx_of(c, op, v);
    vgic_cpu_entry(&ctx);
}

struct sgi_ctx {
    struct perf_core *c;
    struct perf_op *op;
};

static void lookup(void *p)
{
    struct sgi_ctx *s = p;
    perf_charge(s->c, s->op, COST_EMULATE_IRQ);   /* MPIDR -> vCPU */
}

static void pend(void *p, uint32_t target, uint32_t intid, uint32_t sender)
{
    struct sgi_ctx *s = p;
    struct model_v4_ctx v4 = perf_v4_ctx(s->c, s->op);
    if (model_v4_sgi_is_hw(&v4)) {
        model_v4_sgi(&v4, target, intid);   /* GICv4.1: the target's vPE takes it */
        return;
    }
    perf_pend_sgi(s->c, s->op, &s->c->vcpus[target], intid, sender);
}

void perf_sgi_v2(struct perf_core *c, struct perf_op *op, uint32_t sender, uint32_t value)
{
    struct sgi_ctx s = {c, op};
    struct vgic_sgi_sink sink = {lookup, pend, &s};
    vgic_sgir_deliver(&c->cfg, sender, value, &sink);
}

void perf_sgi_v3(struct perf_core *c, struct perf_op *op, uint32_t sender, uint64_t value)
{
    struct sgi_ctx s = {c, op};
    struct vgic_sgi_sink sink = {lookup, pend, &s};
    vgic_sgi1r_deliver(&c->cfg, sender, value, &sink);
}
