/* SPDX-License-Identifier: GPL-2.0-only */
/* The VMM's (userspace's) accesses to the vGIC through KVM's device attributes, as a
 * save/restore or a migration makes them (vgic-kvm-device.c, vgic-mmio.c's vgic_uaccess,
 * the regions' uaccess_read/uaccess_write hooks, vgic-sys-reg-v3.c, LEVEL_INFO), shared
 * by both models:
 *  - KVM_DEV_ARM_VGIC_GRP_DIST_REGS / REDIST_REGS: 32-bit accesses to the distributor
 *    (GICv2: banked by the vCPU the attribute names) and the redistributors, through the
 *    same region tables as the guest's (vgic_mmio.h) with the userspace handlers where a
 *    region has them; an offset without a region reads 0 and ignores writes, as KVM does;
 *  - KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS (GICv3): the ICC_* registers of one vCPU, through
 *    its VMCR and active priorities, with KVM's checks;
 *  - KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO (GICv3): the line levels, 32 INTIDs a word.
 * An access KVM refuses returns VGIC_UACCESS_EINVAL (or _ENXIO) and changes nothing.
 *
 * KVM serves these with kvm->lock and every vCPU's mutex held, so no vCPU runs: the
 * models perform one with the guest halted (docs/model.md, "The VMM"). */
#ifndef VGICSIM_VGIC_VGIC_UACCESS_H
#define VGICSIM_VGIC_VGIC_UACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "vgic/vgic_mmio.h"

/* Which device-attribute group an access goes through. */
enum vgic_vmm_space {
    VGIC_VMM_GICD,          /* DIST_REGS */
    VGIC_VMM_GICR,          /* REDIST_REGS (GICv3) */
    VGIC_VMM_ICC,           /* CPU_SYSREGS (GICv3) */
    VGIC_VMM_LINE_LEVEL,    /* LEVEL_INFO, VGIC_LEVEL_INFO_LINE_LEVEL (GICv3) */
};

/* The ICC_* registers KVM's CPU_SYSREGS group serves (vgic-sys-reg-v3.c's table). */
enum vgic_icc_reg {
    VGIC_ICC_PMR, VGIC_ICC_BPR0,
    VGIC_ICC_AP0R0, VGIC_ICC_AP0R1, VGIC_ICC_AP0R2, VGIC_ICC_AP0R3,
    VGIC_ICC_AP1R0, VGIC_ICC_AP1R1, VGIC_ICC_AP1R2, VGIC_ICC_AP1R3,
    VGIC_ICC_BPR1, VGIC_ICC_CTLR, VGIC_ICC_SRE, VGIC_ICC_IGRPEN0, VGIC_ICC_IGRPEN1,
    VGIC_ICC_REGS
};
/* "ICC_PMR_EL1", ... */
const char *vgic_icc_reg_name(enum vgic_icc_reg reg);
/* The register a name (with or without its _EL1 suffix) names; false if none. */
bool vgic_icc_reg_by_name(const char *name, enum vgic_icc_reg *out);

struct vgic_vmm_access {
    enum vgic_vmm_space space;
    bool is_write;
    /* GICD: the vCPU whose banked registers (GICv2; ignored on GICv3); GICR: the
     * redistributor; ICC and LINE_LEVEL: the vCPU (its PPIs). */
    uint32_t vcpu;
    /* GICD/GICR: the offset in the frame (GICR: from RD_base), 32-bit aligned; ICC: the
     * register (enum vgic_icc_reg); LINE_LEVEL: the first INTID of the word. */
    uint32_t offset;
    uint64_t value;         /* what a write writes */
};

/* The access against a model's backend (the caller has halted the guest). A read's value
 * goes to *value (0 when refused). */
enum vgic_uaccess_result vgic_uaccess(const struct gic_config *cfg, const struct vgic_backend *be,
                                      void *model, void *op, const struct vgic_vmm_access *a,
                                      uint64_t *value);

/* The regions' userspace handlers (the tables in vgic_mmio_v2.c and vgic_mmio_v3.c). */
vgic_mmio_read_fn vgic_uaccess_read_v3_cpending;
vgic_mmio_uwrite_fn vgic_uaccess_write_group_v2, vgic_uaccess_write_senable,
    vgic_uaccess_write_cenable, vgic_uaccess_write_spending, vgic_uaccess_write_cpending,
    vgic_uaccess_write_sactive, vgic_uaccess_write_cactive, vgic_uaccess_write_v2_misc,
    vgic_uaccess_write_v3_misc, vgic_uaccess_write_wi;

#endif
