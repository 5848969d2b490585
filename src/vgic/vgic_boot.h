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

/* A device the booted ITS driver mapped (spec section 2c): MAPD with the EventID bits its
 * events need, MAPTI of event e to LPI lpi_base + e in collection `vcpu`. */
struct vgic_boot_its_device {
    uint32_t id, events, lpi_base, vcpu;
};
/* What a booted ITS driver leaves (guest mode `auto` with gic.its): the guest's tables at
 * these guest physical addresses (the simulation has written the property bytes of the
 * mapped LPIs, `priority` and enabled, before the boot), LPIs enabled on every
 * redistributor, the ITS enabled with an empty command queue, collection n mapped to
 * vCPU n, every device's events mapped. */
struct vgic_boot_its {
    uint64_t propbaser;          /* GICR_PROPBASER as written (IDbits covering the LPIs) */
    uint64_t pendbaser[2];       /* GICR_PENDBASER of vCPU n: [0] + n * [1] (address step) */
    uint64_t cbaser, baser_device, baser_collection;
    const struct vgic_boot_its_device *devices;
    uint32_t n_devices;
};

struct vgic_boot_config {
    uint8_t priority;
    uint8_t pmr;
    bool eoi_mode;
    const uint8_t *enabled;      /* gic_nr_irqs entries: 1 = enable that INTID */
    const uint8_t *level_spis;   /* gic_nr_irqs entries: 1 = a level-sensitive SPI */
    const struct vgic_boot_its *its;   /* with gic.its: the ITS driver's boot; else NULL */
};

/* One interrupt's booted state, from its reset state. */
void vgic_boot_irq(const struct gic_config *cfg, const struct vgic_boot_config *b,
                   struct vgic_irq_state *irq);
/* A vCPU's booted CPU interface: both groups enabled (and AckCtl on v2, whose Group 1
 * interrupts GICC_IAR acknowledges only with it), PMR and EOImode. */
void vgic_boot_vif(const struct gic_vif_arch *arch, const struct gic_config *cfg,
                   const struct vgic_boot_config *b, struct gic_vif *vif);

#endif
