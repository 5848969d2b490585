/* SPDX-License-Identifier: GPL-2.0-only */
/* The GICv2 virtual CPU interface (GICV_*, IHI 0048): 10-bit INTIDs with the SGI source
 * CPUID in bits 12:10, one set of active priorities for both groups, Group 1 acknowledged
 * through GICV_IAR only with AckCtl, GICV_BPR is the Group 0 binary point, and the list
 * registers and VMCR hold priority[7:3] only (at most 5 priority bits). */
#include "gic/vcpuif_version.h"

static uint32_t v2_lr_value(const struct gic_lr *lr)
{
    uint32_t value = lr->intid & GIC_V2_INTID_MASK;
    if (gic_intid_is_sgi(lr->intid))
        value |= (uint32_t)(lr->source & GIC_V2_CPUID_MASK) << GIC_V2_CPUID_SHIFT;
    return value;
}

/* EOIR/DIR name an SGI together with its source. */
static bool v2_lr_matches(const struct gic_lr *lr, uint64_t value)
{
    uint32_t intid = (uint32_t)value & GIC_V2_INTID_MASK;
    uint32_t cpuid = (uint32_t)(value >> GIC_V2_CPUID_SHIFT) & GIC_V2_CPUID_MASK;
    if (lr->intid != intid)
        return false;
    return !gic_intid_is_sgi(intid) || (lr->source & GIC_V2_CPUID_MASK) == cpuid;
}

/* Group 1 needs AckCtl; the PMR and preemption checks come first (1023 if they fail). */
static uint32_t v2_group1_without_ackctl(const struct gic_vmcr *c, unsigned group,
                                         unsigned reg_group)
{
    (void)reg_group;   /* one GICV_IAR for both groups */
    return group == 1 && !c->ackctl ? GIC_INTID_NO_ACK_GROUP1 : 0;
}

/* One APR set and one EOIR for both groups: no group check at EOI. */
static bool v2_eoi_group_ok(unsigned group, unsigned reg_group)
{
    (void)group, (void)reg_group;
    return true;
}

static unsigned v2_apr_set(unsigned group)
{
    (void)group;
    return 0;
}

enum {
    V2_CTLR_ENABLE_GRP0 = 1u << 0,
    V2_CTLR_ENABLE_GRP1 = 1u << 1,
    V2_CTLR_ACKCTL = 1u << 2,
    V2_CTLR_CBPR = 1u << 4,
    V2_CTLR_EOIMODE = 1u << 9,
};

/* FIQEn (bit 3) reads 0 and writes are dropped: it only selects IRQ vs FIQ for Group 0,
 * which the simulation does not model. */
static uint32_t v2_ctlr_read(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    (void)a;
    return (c->grpen0 ? V2_CTLR_ENABLE_GRP0 : 0) | (c->grpen1 ? V2_CTLR_ENABLE_GRP1 : 0) |
           (c->ackctl ? V2_CTLR_ACKCTL : 0) | (c->cbpr ? V2_CTLR_CBPR : 0) |
           (c->eoimode ? V2_CTLR_EOIMODE : 0);
}

static void v2_ctlr_write(struct gic_vmcr *c, uint64_t value)
{
    c->grpen0 = value & V2_CTLR_ENABLE_GRP0;
    c->grpen1 = value & V2_CTLR_ENABLE_GRP1;
    c->ackctl = value & V2_CTLR_ACKCTL;
    c->cbpr = value & V2_CTLR_CBPR;
    c->eoimode = value & V2_CTLR_EOIMODE;
}

static uint64_t v2_bpr_read(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    return gic_vif_bpr0(a, c);
}

static void v2_bpr_write(const struct gic_vif_arch *a, struct gic_vmcr *c, uint64_t value)
{
    gic_vif_write_bpr0(a, c, value);
}

const struct gic_vif_version gic_vif_v2 = {
    .max_pri_bits = 5,
    .lr_value = v2_lr_value,
    .lr_matches = v2_lr_matches,
    .ack_refusal_late = v2_group1_without_ackctl,
    .hppir_refusal = v2_group1_without_ackctl,
    .eoi_group_ok = v2_eoi_group_ok,
    .apr_set = v2_apr_set,
    .ctlr_read = v2_ctlr_read,
    .ctlr_write = v2_ctlr_write,
    .bpr_read = v2_bpr_read,
    .bpr_write = v2_bpr_write,
};
