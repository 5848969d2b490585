/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest's CPU-interface accesses as KVM hosts them, shared by both models: which
 * accesses cost what (the hardware does the work; KVM only sees the result at the next
 * exit), and what a deactivation means beyond the list register — the physical
 * interrupt of a HW LR is deactivated too, and a maintenance interrupt may fire. The
 * architecture itself is src/gic/vcpuif.h; SGI generation (ICC_SGI1R_EL1) is KVM's
 * trapped path, dispatched by vgic_sgi.h. */
#ifndef VGICSIM_VGIC_VGIC_CPUIF_H
#define VGICSIM_VGIC_VGIC_CPUIF_H

#include "costs/cost_model.h"
#include "gic/vcpuif.h"

/* What a model does with the effects of an access. */
struct vgic_cpuif_backend {
    void (*charge)(void *model, void *op, enum cost_op what);
    /* The GIC forwarded a HW LR's deactivation to the physical interrupt `intid`. */
    void (*phys_deactivated)(void *model, void *op, uint32_t vcpu, uint32_t intid);
    /* A maintenance interrupt (EOI, underflow or both: one interrupt) is raised. */
    void (*maintenance)(void *model, void *op, uint32_t vcpu, bool eoi, bool underflow);
    /* A write to ICC_SGI1R_EL1 (v3; traps to KVM). */
    void (*sgi1r)(void *model, void *op, uint32_t vcpu, uint64_t value);
    /* A trapped DIR that KVM handles with a full exit (the overflow design: no LR holds
     * the interrupt, or the GICv2 model, whose every DIR traps as MMIO): the exit, the
     * sync, the deactivation (vgic_deactivate_unlisted or the ICACTIVER path), the flush
     * and the entry, done before the guest's next instruction. */
    void (*dir_exit)(void *model, void *op, uint32_t vcpu, uint64_t value);
};

struct vgic_cpuif_ctx {
    const struct gic_vif_arch *arch;
    const struct vgic_cpuif_backend *be;
    void *model;
    void *op;
    uint32_t vcpu;
    struct gic_vif *vif;
};

/* IAR costs `iar`, EOIR `eoir`, DIR `dir`, every other access `cpu_reg`; SGI1R is charged
 * nothing here (its trap is the simulation's, its dispatch the model's); registers of the
 * other version are RAZ/WI. A DIR that traps (TDIR: KVM's overflow design) costs a trap
 * instead: KVM's fast path deactivates an interrupt an LR holds active without leaving
 * the guest context (trap_sysreg + dir, GICv3 only); otherwise the backend's dir_exit.
 * After each access the maintenance conditions are checked: one maintenance interrupt
 * for all the causes an access raises. */
uint64_t vgic_cpu_read(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg);
void vgic_cpu_write(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg, uint64_t value);
/* At entry: the underflow condition with UIE set and at most one LR in use, and the
 * other maintenance conditions the overflow design enables (NP, LRENP, group enables). */
void vgic_cpu_entry(const struct vgic_cpuif_ctx *c);

#endif
