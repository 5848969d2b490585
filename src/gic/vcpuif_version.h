/* SPDX-License-Identifier: GPL-2.0-only */
/* What differs between the GICv2 and GICv3 virtual CPU interfaces (vcpuif_v2.c,
 * vcpuif_v3.c); the common rules in vcpuif.c call these. Internal to src/gic/. */
#ifndef VGICSIM_GIC_VCPUIF_VERSION_H
#define VGICSIM_GIC_VCPUIF_VERSION_H

#include "gic/vcpuif.h"

struct gic_vif_version {
    unsigned max_pri_bits;     /* v2: GICH_LR and GICH_VMCR hold priority[7:3] */
    /* IAR/HPPIR value for an LR. */
    uint32_t (*lr_value)(const struct gic_lr *lr);
    /* Does an EOIR/DIR `value` name this LR's interrupt? */
    bool (*lr_matches)(const struct gic_lr *lr, uint64_t value);
    /* The special INTID an IAR of register group `reg_group` (v3: IAR0 is 0, IAR1 is 1;
     * v2: ignored) returns for a candidate of `group` that it cannot acknowledge, or 0 if
     * it can: checked before the PMR and preemption checks (early) or after them (late);
     * either may be NULL. */
    uint32_t (*ack_refusal_early)(const struct gic_vmcr *c, unsigned group, unsigned reg_group);
    uint32_t (*ack_refusal_late)(const struct gic_vmcr *c, unsigned group, unsigned reg_group);
    /* The same for HPPIR. */
    uint32_t (*hppir_refusal)(const struct gic_vmcr *c, unsigned group, unsigned reg_group);
    /* EOIR deactivates only an LR of the group it drops (v3 EOIRn: Group n). */
    bool (*eoi_group_ok)(unsigned group, unsigned reg_group);
    /* The APR set that records an active priority of `group` (v2 has one set). */
    unsigned (*apr_set)(unsigned group);
    uint32_t (*ctlr_read)(const struct gic_vif_arch *a, const struct gic_vmcr *c);
    void (*ctlr_write)(struct gic_vmcr *c, uint64_t value);
    /* BPR names BPR0 on v2 (GICV_BPR) and BPR1 on v3 (ICC_BPR1_EL1). */
    uint64_t (*bpr_read)(const struct gic_vif_arch *a, const struct gic_vmcr *c);
    void (*bpr_write)(const struct gic_vif_arch *a, struct gic_vmcr *c, uint64_t value);
};

extern const struct gic_vif_version gic_vif_v2;
extern const struct gic_vif_version gic_vif_v3;

/* Effective binary points (clamped to the minimum; CBPR applied), shared by both. */
unsigned gic_vif_bpr0(const struct gic_vif_arch *a, const struct gic_vmcr *c);
unsigned gic_vif_bpr1(const struct gic_vif_arch *a, const struct gic_vmcr *c);
void gic_vif_write_bpr0(const struct gic_vif_arch *a, struct gic_vmcr *c, uint64_t value);
/* Lowest Group 1 binary point (8 - PREbits); Group 0's is one less. */
static inline unsigned gic_vif_bpr_min(const struct gic_vif_arch *a) { return 8 - a->pre_bits; }

#endif
