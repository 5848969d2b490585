/* The guest-side virtual CPU interface as the reference model presents it: the
 * architecture's rules (src/gic/vcpuif.h) applied to the vCPU's live list registers,
 * with the cost of each access and what a deactivation tells the rest of the machine
 * (the physical interrupt of a HW LR, maintenance interrupts). KVM itself only sees the
 * result at the next exit (fold), so nothing here touches the ap_list or takes a lock.
 *
 * Costs: IAR, EOIR and DIR have their own operations; every other access is cpu_reg.
 * SGI1R is charged nothing here (the trap is the simulation's, the dispatch
 * ref_sgi_v3's); on v2 it is RAZ/WI. Hooks fire at the cycle the access completes. */
#include "ref/ref_internal.h"

static void maintenance(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    m->n.maintenance++;
    if (m->hooks.maintenance)
        m->hooks.maintenance(m->sim, v->id, op->t);
}

/* What the GIC does beyond the LR itself when the guest deactivates an interrupt. */
static void deactivated(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        const struct gic_deactivation *d)
{
    if (d->lr < 0)
        return;
    if (d->hw) {
        /* The GIC forwards the deactivation to the physical interrupt. */
        if (m->hooks.phys_deactivated)
            m->hooks.phys_deactivated(m->sim, v->id, d->intid, op->t);
        struct ref_irq *irq = ref_irq_get(m, v->id, d->intid);
        if (irq)
            irq->s.phys_active = false;
    }
    m->n.eoi_maintenance += d->eoi_maintenance;
    m->n.underflow_maintenance += d->underflow;
    if (d->eoi_maintenance || d->underflow)
        maintenance(m, op, v);   /* one interrupt for both causes */
}

uint64_t ref_cpuif_read(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        enum gic_cpu_reg reg)
{
    if (reg == GIC_CPU_SGI1R)
        return 0;                            /* write-only; trap charged elsewhere */
    if (reg == GIC_CPU_IAR) {
        ref_charge(m, op, COST_IAR);
        int acked;
        return gic_vif_ack(&m->arch, &v->vif, &acked);
    }
    ref_charge(m, op, COST_CPU_REG);
    return gic_vif_read(&m->arch, &v->vif, reg);
}

void ref_cpuif_write(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                     enum gic_cpu_reg reg, uint64_t value)
{
    struct gic_deactivation d;
    switch (reg) {
    case GIC_CPU_SGI1R:
        if (gic_vif_has_reg(&m->arch, reg))
            ref_sgi_v3(m, op, v, value);
        return;
    case GIC_CPU_EOIR:
        ref_charge(m, op, COST_EOIR);
        gic_vif_eoi(&m->arch, &v->vif, value, &d);
        deactivated(m, op, v, &d);
        return;
    case GIC_CPU_DIR:
        ref_charge(m, op, COST_DIR);
        gic_vif_dir(&m->arch, &v->vif, value, &d);
        deactivated(m, op, v, &d);
        return;
    default:
        ref_charge(m, op, COST_CPU_REG);
        gic_vif_write(&m->arch, &v->vif, reg, value);
        return;
    }
}

bool ref_cpuif_signalled(const struct ref_model *m, const struct ref_vcpu *v)
{
    return gic_vif_signalled(&m->arch, &v->vif);
}

void ref_cpuif_reset(struct ref_model *m, struct ref_vcpu *v)
{
    gic_vif_reset(&m->arch, &v->vif);
}

bool ref_cpuif_underflow_at_entry(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    if (!gic_vif_underflow_at_entry(&v->vif))
        return false;
    m->n.underflow_maintenance++;
    maintenance(m, op, v);
    return true;
}
