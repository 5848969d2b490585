/* CPU-interface accesses with their costs and effects (see vgic_cpuif.h). */
#include "vgic/vgic_cpuif.h"

static void deactivated(const struct vgic_cpuif_ctx *c, const struct gic_deactivation *d)
{
    if (d->lr < 0)
        return;
    if (d->hw)
        c->be->phys_deactivated(c->model, c->op, c->vcpu, d->intid);
    if (d->eoi_maintenance || d->underflow)
        c->be->maintenance(c->model, c->op, c->vcpu, d->eoi_maintenance, d->underflow);
}

uint64_t vgic_cpu_read(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg)
{
    if (reg == GIC_CPU_SGI1R)
        return 0;   /* write-only; its trap is charged by the simulation */
    if (reg == GIC_CPU_IAR) {
        c->be->charge(c->model, c->op, COST_IAR);
        int acked;
        return gic_vif_ack(c->arch, c->vif, &acked);
    }
    c->be->charge(c->model, c->op, COST_CPU_REG);
    return gic_vif_read(c->arch, c->vif, reg);
}

void vgic_cpu_write(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg, uint64_t value)
{
    struct gic_deactivation d;
    switch (reg) {
    case GIC_CPU_SGI1R:
        if (gic_vif_has_reg(c->arch, reg))
            c->be->sgi1r(c->model, c->op, c->vcpu, value);
        return;
    case GIC_CPU_EOIR:
        c->be->charge(c->model, c->op, COST_EOIR);
        gic_vif_eoi(c->arch, c->vif, value, &d);
        deactivated(c, &d);
        return;
    case GIC_CPU_DIR:
        c->be->charge(c->model, c->op, COST_DIR);
        gic_vif_dir(c->arch, c->vif, value, &d);
        deactivated(c, &d);
        return;
    default:
        c->be->charge(c->model, c->op, COST_CPU_REG);
        gic_vif_write(c->arch, c->vif, reg, value);
        return;
    }
}

void vgic_cpu_entry(const struct vgic_cpuif_ctx *c)
{
    if (gic_vif_underflow_at_entry(c->vif))
        c->be->maintenance(c->model, c->op, c->vcpu, false, true);
}
