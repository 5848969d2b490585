/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU-interface accesses with their costs and effects (see vgic_cpuif.h). */
#include "vgic/vgic_cpuif.h"

/* What an access did beyond its register: the physical interrupt of a deactivated HW LR,
 * and one maintenance interrupt for every cause it raised (EOI, underflow, and the
 * conditions the overflow design enables). */
static void effects(const struct vgic_cpuif_ctx *c, const struct gic_deactivation *d)
{
    if (d && d->lr >= 0 && d->hw)
        c->be->phys_deactivated(c->model, c->op, c->vcpu, d->intid);
    uint32_t causes = gic_vif_maintenance(c->vif);
    if (d && d->lr >= 0 && d->eoi_maintenance)
        causes |= GIC_MI_EOI;
    if (d && d->lr >= 0 && d->underflow)
        causes |= GIC_MI_UNDERFLOW;
    if (causes)
        c->be->maintenance(c->model, c->op, c->vcpu, causes);
}

/* A trapped DIR that KVM handles with a full exit (the overflow design: no LR holds the
 * interrupt active in EOImode 1, or GICv2, whose every GICV_DIR write traps as MMIO):
 * out, the emulation, and back in, all before the guest's next instruction. */
static void dir_exit(const struct vgic_cpuif_ctx *c, uint64_t value)
{
    bool v2 = c->arch->version == GIC_V2;
    /* Out: the world switch, the sync, the trap's decode (GICv2: the GICV_DIR page is
     * unmapped, an MMIO abort; GICv3: ICH_HCR_EL2.TDIR, a system-register trap). */
    c->be->charge(c->model, c->op, COST_EXIT);
    c->be->leave_guest(c->model, c->op, c->vcpu);
    c->be->charge(c->model, c->op, v2 ? COST_TRAP : COST_TRAP_SYSREG);
    if (v2)
        c->be->count_mmio_trap(c->model, c->op);
    c->be->charge(c->model, c->op, COST_EMULATE_REG);
    c->be->deactivate_trapped(c->model, c->op, c->vcpu, value);
    /* Back in: the flush, the world switch, and the checks of any entry. */
    c->be->enter_guest(c->model, c->op, c->vcpu);
    c->be->charge(c->model, c->op, COST_ENTRY);
    vgic_cpu_entry(c);
}

/* DIR: the hardware's, or KVM's emulation of it when TDIR traps it. */
static void write_dir(const struct vgic_cpuif_ctx *c, uint64_t value)
{
    struct gic_deactivation d;
    gic_vif_dir(c->arch, c->vif, value, &d);
    if (!d.trapped) {
        c->be->charge(c->model, c->op, COST_DIR);
        effects(c, &d);
        return;
    }
    if (c->arch->version == GIC_V3 &&
        (!c->vif->vmcr.eoimode || gic_vif_value_is_lpi(c->arch, value) ||
         gic_vif_has_active_lr(c->arch, c->vif, value))) {
        /* KVM's fast path at EL2 (vgic-v3-sr.c): an interrupt an LR holds active is
         * deactivated there, in EOImode 0 or for an LPI the write is dropped; no exit. */
        c->be->charge(c->model, c->op, COST_TRAP_SYSREG);
        c->be->charge(c->model, c->op, COST_DIR);
        gic_vif_dir_untrapped(c->arch, c->vif, value, &d);
        effects(c, &d);
        return;
    }
    dir_exit(c, value);
}

uint64_t vgic_cpu_read(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg)
{
    if (reg == GIC_CPU_SGI1R)
        return 0;   /* write-only; its trap is charged by the simulation */
    if (reg == GIC_CPU_IAR || (reg == GIC_CPU_IAR0 && gic_vif_has_reg(c->arch, reg))) {
        c->be->charge(c->model, c->op, COST_IAR);
        int acked;
        uint64_t value = gic_vif_ack(c->arch, c->vif, reg == GIC_CPU_IAR0 ? 0 : 1, &acked);
        if (acked == GIC_VIF_ACKED_VLPI)
            c->be->vlpi_acked(c->model, c->op, c->vcpu, (uint32_t)value);
        effects(c, NULL);   /* the last pending LR acknowledged: NP */
        return value;
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
    case GIC_CPU_EOIR0:
        if (!gic_vif_has_reg(c->arch, reg))
            return;   /* GICv2 has no EOIR0 */
        /* fall through */
    case GIC_CPU_EOIR:
        c->be->charge(c->model, c->op, COST_EOIR);
        gic_vif_eoi(c->arch, c->vif, reg == GIC_CPU_EOIR0 ? 0 : 1, value, &d);
        effects(c, &d);
        return;
    case GIC_CPU_DIR:
        write_dir(c, value);
        return;
    default:
        c->be->charge(c->model, c->op, COST_CPU_REG);
        gic_vif_write(c->arch, c->vif, reg, value);
        effects(c, NULL);   /* a group enable changed */
        return;
    }
}

void vgic_cpu_entry(const struct vgic_cpuif_ctx *c)
{
    uint32_t causes = gic_vif_maintenance(c->vif);
    if (gic_vif_underflow_at_entry(c->vif))
        causes |= GIC_MI_UNDERFLOW;
    if (causes)
        c->be->maintenance(c->model, c->op, c->vcpu, causes);
}
