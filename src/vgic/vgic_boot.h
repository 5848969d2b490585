/* SPDX-License-Identifier: GPL-2.0-only */
/* The state a booted guest leaves the GIC in (guest mode `auto`, spec section 4), applied
 * at no cost before the simulation starts: distributor and CPU interfaces enabled, the
 * chosen INTIDs enabled (private ones on every vCPU), every interrupt in Group 1 at one
 * priority, SPI n routed to vCPU (n mod vcpus) as an IRQ balancer spreads them, PMR and
 * EOImode set, and the SPIs whose devices drive level-sensitive lines configured
 * level-sensitive (as a driver sets up what the firmware tables describe). Without a
 * boot, a model starts from KVM's reset state (guest mode `manual`). */
#ifndef VGICSIM_VGIC_VGIC_BOOT_H
#define VGICSIM_VGIC_VGIC_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/vcpuif.h"
#include "vgic/vgic_irq.h"

struct vgic_boot_config {
    uint8_t priority;
    uint8_t pmr;
    bool eoi_mode;
    const uint8_t *enabled;      /* gic_nr_irqs entries: 1 = enable that INTID */
    const uint8_t *level_spis;   /* gic_nr_irqs entries: 1 = a level-sensitive SPI */
};

/* One interrupt's booted state, from its reset state. */
void vgic_boot_irq(const struct gic_config *cfg, const struct vgic_boot_config *b,
                   struct vgic_irq_state *irq);
/* A vCPU's booted CPU interface: both groups enabled (and AckCtl on v2, whose Group 1
 * interrupts GICC_IAR acknowledges only with it), PMR and EOImode. */
void vgic_boot_vif(const struct gic_vif_arch *arch, const struct gic_config *cfg,
                   const struct vgic_boot_config *b, struct gic_vif *vif);

#endif
