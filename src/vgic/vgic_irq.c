/* SPDX-License-Identifier: GPL-2.0-only */
/* The per-interrupt rules of KVM's vgic (v4.19..v6.19): vgic.c's oracle and lr_count,
 * vgic-v2.c/vgic-v3.c's populate and fold, vgic-init.c's reset values (reference
 * sections 2, 5.2, 6.2-6.4 and 8), and the v6.19 LR-overflow design's order, HCR and
 * out-of-LR deactivation (docs/model.md, Which KVM). */
#include "vgic/vgic_irq.h"

#include "gic/sgi.h"

static void fold_lr(enum gic_version version, bool drop_active, const struct gic_lr *lr,
                    struct vgic_irq_state *irq);

int32_t vgic_oracle(const struct vgic_irq_state *irq, bool dist_enabled)
{
    if (irq->active)
        return irq->listed_on >= 0 ? irq->listed_on : irq->target;
    if (irq->enabled && vgic_irq_pending(irq)) {
        if (irq->target >= 0 && !dist_enabled)
            return VGIC_NO_VCPU;
        return irq->target;
    }
    return VGIC_NO_VCPU;
}

bool vgic_irq_wakes_vcpu(const struct vgic_release *rel, const struct vgic_irq_state *irq,
                         uint8_t pmr)
{
    if (!irq->enabled || !vgic_irq_pending(irq))
        return false;
    if (!rel->wfi_test_signallable)
        return true;
    return !irq->active && irq->priority < pmr;
}

uint32_t vgic_lr_count(enum gic_version version, const struct vgic_irq_state *irq)
{
    if (vgic_irq_is_v2_sgi(version, irq) && irq->source)
        return (uint32_t)__builtin_popcount(irq->source) + irq->active;
    return vgic_irq_pending(irq) || irq->active ? 1 : 0;
}

int vgic_irq_cmp_classic(const struct vgic_irq_state *a, const struct vgic_irq_state *b)
{
    if (a->active || b->active)
        return (int)b->active - (int)a->active;
    bool pa = a->enabled && vgic_irq_pending(a);
    bool pb = b->enabled && vgic_irq_pending(b);
    if (pa != pb)
        return pa ? -1 : 1;
    if (!pa)
        return 0;
    return (int)a->priority - (int)b->priority;
}

void vgic_summary_add(struct vgic_ap_summary *sum, const struct vgic_irq_state *irq)
{
    if (irq->active)
        sum->nr_act++;
    else
        sum->nr_pend++;
    if (gic_intid_is_sgi(irq->intid))
        sum->nr_sgi++;
}

static bool group_enabled(const struct gic_vmcr *vmcr, const struct vgic_irq_state *irq)
{
    return irq->group ? vmcr->grpen1 : vmcr->grpen0;
}

int vgic_irq_cmp_overflow(const struct vgic_irq_state *a, bool a_here,
                          const struct vgic_irq_state *b, bool b_here,
                          const struct gic_vmcr *vmcr)
{
    if (a_here != b_here)
        return a_here ? -1 : 1;
    bool ga = group_enabled(vmcr, a), gb = group_enabled(vmcr, b);
    if (ga != gb)
        return ga ? -1 : 1;
    bool pa = a->enabled && vgic_irq_pending(a) && !a->active;
    bool pb = b->enabled && vgic_irq_pending(b) && !b->active;
    if (pa != pb)
        return pa ? -1 : 1;
    if (a->priority != b->priority)
        return (int)a->priority - (int)b->priority;
    return (int)b->hw - (int)a->hw;
}

void vgic_configure_hcr(enum gic_version version, const struct vgic_ap_summary *sum,
                        uint32_t nr_lr, bool spis_in_flight, struct gic_vif *vif)
{
    bool overflow = vgic_summary_overflows(sum, nr_lr);
    gic_vif_clear_hcr(vif);
    vif->uie = overflow;
    vif->npie = sum->nr_pend > nr_lr;
    vif->lrenpie = sum->nr_act && overflow;
    vif->vgrp0die = vif->vmcr.grpen0;
    vif->vgrp0eie = !vif->vmcr.grpen0;
    vif->vgrp1die = vif->vmcr.grpen1;
    vif->vgrp1eie = !vif->vmcr.grpen1;
    /* The trap is set whatever EOImode is: the guest can change it without an exit. */
    vif->tdir = version == GIC_V2 || (sum->nr_act && overflow) || spis_in_flight;
}

bool vgic_deactivate_unlisted(enum gic_version version, struct vgic_irq_state *irq,
                              struct gic_lr *pseudo_lr)
{
    uint32_t listed;
    vgic_populate_lr(version, irq, pseudo_lr, &listed);
    pseudo_lr->state &= (uint8_t)~GIC_LR_ACTIVE;
    fold_lr(version, false, pseudo_lr, irq);
    if (!pseudo_lr->hw)
        return false;
    irq->phys_active = false;
    return true;
}

bool vgic_populate_lr(enum gic_version version, struct vgic_irq_state *irq, struct gic_lr *lr,
                      uint32_t *listed)
{
    bool v2_sgi = vgic_irq_is_v2_sgi(version, irq);
    bool allow_pending = true;
    *lr = (struct gic_lr){
        .intid = irq->intid, .priority = irq->priority, .group = irq->group, .hw = irq->hw,
    };
    if (irq->active) {
        lr->state |= GIC_LR_ACTIVE;
        if (v2_sgi)
            lr->source = irq->active_source;
        /* More sources to come: expose only the active one, exit at its EOI. */
        if (v2_sgi && vgic_lr_count(version, irq) > 1) {
            allow_pending = false;
            lr->eoi = true;
        }
    }
    if (irq->hw) {
        /* The next instance stays pending at the physical GIC. */
        if (irq->active)
            allow_pending = false;
    } else if (irq->level) {
        /* Level interrupts are resampled when the guest completes them. */
        lr->eoi = true;
        if (irq->active)
            allow_pending = false;
    }
    if (!allow_pending || !vgic_irq_pending(irq))
        return false;
    lr->state |= GIC_LR_PENDING;
    if (!irq->level)
        irq->pending_latch = false;
    if (v2_sgi && irq->source) {
        /* One source at a time, the lowest first; EOI when more are waiting. */
        uint8_t src = (uint8_t)__builtin_ctz(irq->source);
        lr->source = src;
        irq->source &= (uint8_t)~(1u << src);
        if (irq->source) {
            irq->pending_latch = true;
            lr->eoi = true;
        }
    }
    /* A mapped level interrupt is only seen rising: the physical one stays active until
     * the guest deactivates it. */
    if (irq->hw && irq->level)
        irq->line_level = false;
    *listed = irq->intid | (v2_sgi ? (uint32_t)lr->source << GIC_V2_CPUID_SHIFT : 0);
    return true;
}

static void fold_lr(enum gic_version version, bool drop_active, const struct gic_lr *lr,
                    struct vgic_irq_state *irq)
{
    bool v2_sgi = vgic_irq_is_v2_sgi(version, irq);
    irq->active = (lr->state & GIC_LR_ACTIVE) && !drop_active;
    if (v2_sgi && irq->active)
        irq->active_source = lr->source;
    if (!irq->level && (lr->state & GIC_LR_PENDING)) {
        /* Not acknowledged: the pending state goes back to the latch. */
        irq->pending_latch = true;
        if (v2_sgi)
            irq->source |= (uint8_t)(1u << lr->source);
    }
    /* A level interrupt's soft-pending latch clears only once the guest has completed
     * it; a line still high keeps it pending. */
    if (irq->level && lr->state == GIC_LR_INVALID)
        irq->pending_latch = false;
    /* A mapped level interrupt never acknowledged: resample the device. */
    if (irq->hw && irq->level && (lr->state & GIC_LR_PENDING)) {
        irq->line_level = irq->device_level;
        if (!irq->device_level)
            irq->phys_active = false;
    }
}

void vgic_fold_lr(enum gic_version version, const struct vgic_release *rel,
                  const struct gic_lr *lr, struct vgic_irq_state *irq)
{
    /* v6.19: "Always preserve the active bit for !LPIs" (vgic_v3_fold_lr). */
    fold_lr(version, rel->lpi_active_dropped_at_fold && irq->intid >= GIC_LPI_BASE, lr, irq);
}

bool vgic_drive_line(struct vgic_irq_state *irq, bool level)
{
    /* A HW-mapped line raised reaches KVM because the host took the physical interrupt:
     * it stays active at the physical GIC (which signals it no more) until the guest
     * deactivates it through its HW LR, or KVM does (vgic_irq_set_phys_active). */
    if (irq->hw) {
        irq->device_level = level;
        if (level)
            irq->phys_active = true;
    }
    bool counts = irq->level ? irq->line_level != level : level;
    if (!counts)
        return false;
    if (irq->level)
        irq->line_level = level;
    else
        irq->pending_latch = true;
    return true;
}

int32_t vgic_v2_route(uint8_t targets)
{
    return targets ? __builtin_ctz(targets) : 0;
}

int32_t vgic_v3_route(uint32_t mpidr, uint32_t vcpus)
{
    return gic_mpidr_vcpu(mpidr, vcpus);
}

uint8_t vgic_dist_priority_mask(const struct gic_config *cfg)
{
    /* KVM's vgic_mmio_write_priority keeps VGIC_PRI_BITS = 5 bits of every IPRIORITYR
     * byte, whatever the CPU interface implements: gic.priority_bits only shapes the
     * virtual CPU interface (PMR, the LR priority the hardware compares, APRs, BPR). */
    (void)cfg;
    return VGIC_DIST_PRIORITY_MASK;
}

bool vgic_intid_hw_mapped(const struct gic_config *cfg, uint32_t intid)
{
    for (uint32_t i = 0; i < cfg->n_hw_mapped; i++)
        if (cfg->hw_mapped[i] == intid)
            return true;
    return false;
}

void vgic_irq_reset(const struct gic_config *cfg, uint32_t intid, uint32_t owner,
                    struct vgic_irq_state *irq)
{
    *irq = (struct vgic_irq_state){
        .intid = intid,
        .owner = VGIC_NO_VCPU,
        .listed_on = VGIC_NO_VCPU,
        .target = 0,
        .group = cfg->version == GIC_V3 ? 1 : 0,
        .hw = vgic_intid_hw_mapped(cfg, intid),
    };
    if (gic_intid_is_private(intid)) {
        irq->owner = (int32_t)owner;
        irq->target = (int32_t)owner;
        irq->targets = (uint8_t)(1u << (owner & 7));
        irq->mpidr = gic_vcpu_mpidr(owner);
        irq->enabled = gic_intid_is_sgi(intid);
        irq->level = gic_intid_is_ppi(intid);
    }
}

bool vgic_change_latch_set(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->pending_latch = true;
    return true;
}

bool vgic_change_latch_clear(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->pending_latch = false;
    return false;
}

bool vgic_irq_state_ok(const struct gic_config *cfg, const struct vgic_irq_state *irq)
{
    int32_t vcpus = (int32_t)cfg->vcpus;
    bool private = gic_intid_is_private(irq->intid);
    bool v2_sgi = vgic_irq_is_v2_sgi(cfg->version, irq);
    bool lpi = gic_intid_is_lpi(cfg, irq->intid);
    /* An LPI keeps the property table's priority bits [7:2] (LPI_PROP_PRIORITY). */
    uint32_t priority_mask = lpi ? 0xfc : vgic_dist_priority_mask(cfg);
    return (irq->intid < gic_nr_irqs(cfg) || lpi) &&
           (private ? irq->owner >= 0 && irq->owner < vcpus : irq->owner == VGIC_NO_VCPU) &&
           (irq->listed_on == VGIC_NO_VCPU ||
            (private ? irq->listed_on == irq->owner
                     : irq->listed_on >= 0 && irq->listed_on < vcpus)) &&
           irq->target >= VGIC_NO_VCPU && irq->target < vcpus &&
           (v2_sgi || (irq->source == 0 && irq->active_source == 0)) &&
           (irq->priority & ~priority_mask) == 0 && !(lpi && (irq->level || irq->hw)) &&
           (irq->hw || !irq->phys_active) &&
           !(gic_intid_is_sgi(irq->intid) && irq->level);
}
