/* The guest-side virtual CPU interface on the performance core: the architecture's rules
 * (src/gic/vcpuif.h) on the vCPU's live list registers, with the same costs and the same
 * effects of a deactivation as the reference model, and SGI generation. */
#include "gic/sgi.h"
#include "perf/perf_internal.h"

void perf_maintenance(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    op->stats->maintenance++;
    if (c->hooks.maintenance)
        c->hooks.maintenance(c->sim, v->id, op->t);
}

static bool clear_phys_active(struct vgic_irq_state *st, const void *arg)
{
    (void)arg;
    st->phys_active = false;
    return false;
}

static void deactivated(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                        const struct gic_deactivation *d)
{
    if (d->lr < 0)
        return;
    if (d->hw) {
        /* The GIC forwards the deactivation to the physical interrupt. */
        if (c->hooks.phys_deactivated)
            c->hooks.phys_deactivated(c->sim, v->id, d->intid, op->t);
        /* That is the physical distributor's state, not a software structure: recording
         * it costs the hypervisor nothing (an untimed, uncounted update). */
        struct perf_irq *irq = perf_irq_get(c, v->id, d->intid);
        struct perf_stats hardware = {0};
        struct perf_op gic = perf_untimed(op->ctx, &hardware);
        if (irq)
            perf_irq_update(c, &gic, irq, clear_phys_active, NULL);
    }
    op->stats->eoi_maintenance += d->eoi_maintenance;
    op->stats->underflow_maintenance += d->underflow;
    if (d->eoi_maintenance || d->underflow)
        perf_maintenance(c, op, v);
}

uint64_t perf_cpuif_read(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                         enum gic_cpu_reg reg)
{
    if (reg == GIC_CPU_SGI1R)
        return 0;
    if (reg == GIC_CPU_IAR) {
        perf_charge(c, op, COST_IAR);
        int acked;
        return gic_vif_ack(&c->arch, &v->vif, &acked);
    }
    perf_charge(c, op, COST_CPU_REG);
    return gic_vif_read(&c->arch, &v->vif, reg);
}

void perf_cpuif_write(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      enum gic_cpu_reg reg, uint64_t value)
{
    struct gic_deactivation d;
    switch (reg) {
    case GIC_CPU_SGI1R:
        if (gic_vif_has_reg(&c->arch, reg))
            perf_sgi_v3(c, op, v->id, value);
        return;
    case GIC_CPU_EOIR:
        perf_charge(c, op, COST_EOIR);
        gic_vif_eoi(&c->arch, &v->vif, value, &d);
        deactivated(c, op, v, &d);
        return;
    case GIC_CPU_DIR:
        perf_charge(c, op, COST_DIR);
        gic_vif_dir(&c->arch, &v->vif, value, &d);
        deactivated(c, op, v, &d);
        return;
    default:
        perf_charge(c, op, COST_CPU_REG);
        gic_vif_write(&c->arch, &v->vif, reg, value);
        return;
    }
}

void perf_sgi_v2(struct perf_core *c, struct perf_op *op, uint32_t sender, uint32_t value)
{
    uint32_t intid = gic_sgir_intid(value);
    uint32_t list = gic_sgir_targets(value, sender, c->cfg.vcpus);
    for (uint32_t t = 0; t < c->cfg.vcpus; t++)
        if (list & (1u << t))
            perf_pend_sgi(c, op, &c->vcpus[t], intid, sender);
}

void perf_sgi_v3(struct perf_core *c, struct perf_op *op, uint32_t sender, uint64_t value)
{
    struct gic_sgi1r f;
    gic_sgi1r_decode(value, &f);
    if (f.irm) {
        for (uint32_t t = 0; t < c->cfg.vcpus; t++)
            if (t != sender)
                perf_pend_sgi(c, op, &c->vcpus[t], f.intid, sender);
        return;
    }
    if (f.aff3)
        return;   /* no vCPU has Aff3 != 0 */
    for (uint32_t b = 0; b < GIC_AFF0_PER_CLUSTER; b++) {
        if (!(f.target_list & (1u << b)))
            continue;
        perf_charge(c, op, COST_EMULATE_IRQ);   /* MPIDR -> vCPU lookup */
        int32_t t = gic_sgi1r_target(&f, b, c->cfg.vcpus);
        if (t >= 0)
            perf_pend_sgi(c, op, &c->vcpus[t], f.intid, sender);
    }
}
