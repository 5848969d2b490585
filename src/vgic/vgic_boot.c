/* SPDX-License-Identifier: GPL-2.0-only */
/* A booted guest's GIC state (see vgic_boot.h). */
#include "vgic/vgic_boot.h"

#include "gic/sgi.h"

void vgic_boot_irq(const struct gic_config *cfg, const struct vgic_boot_config *b,
                   struct vgic_irq_state *irq)
{
    irq->group = 1;
    irq->priority = b->priority & vgic_dist_priority_mask(cfg);
    if (b->enabled[irq->intid])
        irq->enabled = true;
    if (!gic_intid_is_spi(cfg, irq->intid))
        return;
    if (b->level_spis[irq->intid])
        irq->level = true;
    uint32_t to = irq->intid % cfg->vcpus;
    if (cfg->version == GIC_V2) {
        irq->targets = (uint8_t)(1u << to);
        irq->target = vgic_v2_route(irq->targets);
    } else {
        irq->mpidr = gic_vcpu_mpidr(to);
        irq->target = vgic_v3_route(irq->mpidr, cfg->vcpus);
    }
}

void vgic_boot_vif(const struct gic_vif_arch *arch, const struct gic_config *cfg,
                   const struct vgic_boot_config *b, struct gic_vif *vif)
{
    vif->vmcr.grpen0 = vif->vmcr.grpen1 = true;
    vif->vmcr.ackctl = cfg->version == GIC_V2;
    vif->vmcr.pmr = b->pmr & arch->pri_mask;
    vif->vmcr.eoimode = b->eoi_mode;
}
