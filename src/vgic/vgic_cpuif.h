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
    /* A maintenance interrupt is raised (one, whatever its causes: the GIC_MI_* bits). */
    void (*maintenance)(void *model, void *op, uint32_t vcpu, uint32_t causes);
    /* A write to ICC_SGI1R_EL1 (v3; traps to KVM). */
    void (*sgi1r)(void *model, void *op, uint32_t vcpu, uint64_t value);
    /* What a trapped DIR that KVM handles with a full exit needs of the model (the
     * sequence itself, KVM's, is vgic_cpuif.c's dir_exit; it charges the costs and
     * runs vgic_cpu_entry): */
    /* A world switch out for the trapped DIR: the LRs stop being live, the exit is
     * counted (a system-register trap on GICv3, an MMIO one on GICv2), then the sync
     * (fold, prune). */
    void (*leave_guest)(void *model, void *op, uint32_t vcpu);
    /* A trapped MMIO access is counted (GICv2: the GICV_DIR page is unmapped). */
    void (*count_mmio_trap)(void *model, void *op);
    /* KVM's vgic_v{2,3}_deactivate of the INTID in `value` (a DIR's value): the
     * deactivation outside the LRs (vgic_deactivate_unlisted) or, for an interrupt
     * another vCPU holds in a live LR, the ICACTIVER path; nothing in EOImode 0. */
    void (*deactivate_trapped)(void *model, void *op, uint32_t vcpu, uint64_t value);
    /* A world switch in: the flush, the entry is counted, then the LRs are live. */
    void (*enter_guest)(void *model, void *op, uint32_t vcpu);
    /* GICv4: IAR took the vLPI the redistributor offered (gic_vif_ack's
     * GIC_VIF_ACKED_VLPI): the model clears it from its vPE and refreshes the offer. */
    void (*vlpi_acked)(void *model, void *op, uint32_t vcpu, uint32_t intid);
};

struct vgic_cpuif_ctx {
    const struct gic_vif_arch *arch;
    const struct vgic_cpuif_backend *be;
    void *model;
    void *op;
    uint32_t vcpu;
    struct gic_vif *vif;
};

/* IAR and IAR0 cost `iar`, EOIR and EOIR0 `eoir`, DIR `dir`, every other access `cpu_reg`; SGI1R is charged
 * nothing here (its trap is the simulation's, its dispatch the model's); registers of the
 * other version are RAZ/WI. A DIR that traps (TDIR: KVM's overflow design) costs a trap
 * instead: KVM's fast path deactivates an interrupt an LR holds active, and drops a DIR
 * of an LPI or in EOImode 0, without leaving the guest context (trap_sysreg + dir,
 * GICv3 only); otherwise a full exit inside the
 * access, before the guest's next instruction: exit, leave_guest, the trap's decode
 * (GICv2: trap, counted as an MMIO trap; GICv3: trap_sysreg), emulate_reg,
 * deactivate_trapped, enter_guest, entry, and vgic_cpu_entry's checks.
 * After each access the maintenance conditions are checked: one maintenance interrupt
 * for all the causes an access raises. */
uint64_t vgic_cpu_read(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg);
void vgic_cpu_write(const struct vgic_cpuif_ctx *c, enum gic_cpu_reg reg, uint64_t value);
/* At entry: the underflow condition with UIE set and at most one LR in use, and the
 * other maintenance conditions the overflow design enables (NP, LRENP, group enables). */
void vgic_cpu_entry(const struct vgic_cpuif_ctx *c);

#endif
