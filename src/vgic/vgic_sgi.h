/* SPDX-License-Identifier: GPL-2.0-only */
/* Delivering a guest's SGI write as KVM does (reference 4.7, 4.9), shared by both models:
 * GICD_SGIR (v2: the targets of its filter, in vCPU order) and ICC_SGI1R_EL1 (v3: every
 * vCPU but the sender with IRM, else each target-list bit, looked up — KVM's MPIDR to
 * vCPU search, which the models charge — in bit order). The models pend each target's
 * SGI their own way. */
#ifndef VGICSIM_VGIC_VGIC_SGI_H
#define VGICSIM_VGIC_VGIC_SGI_H

#include <stdint.h>

#include "gic/gic_config.h"

struct vgic_sgi_sink {
    /* One target-list bit looked up (v3 only). */
    void (*lookup)(void *ctx);
    /* Pend SGI `intid` of vCPU `target`, sent by `sender`. */
    void (*pend)(void *ctx, uint32_t target, uint32_t intid, uint32_t sender);
    void *ctx;
};

void vgic_sgir_deliver(const struct gic_config *cfg, uint32_t sender, uint32_t value,
                       const struct vgic_sgi_sink *sink);
void vgic_sgi1r_deliver(const struct gic_config *cfg, uint32_t sender, uint64_t value,
                        const struct vgic_sgi_sink *sink);

#endif
