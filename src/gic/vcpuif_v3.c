/* SPDX-License-Identifier: GPL-2.0-only */
/* The GICv3 virtual CPU interface (ICV_* behind ICC_*_EL1, IHI 0069) as a guest of KVM
 * uses it: the Group 1 registers (IAR1, EOIR1, HPPIR1, BPR1) and the Group 0 ones (IAR0,
 * EOIR0, HPPIR0, BPR0: Group 0 is signalled as a virtual FIQ, KVM forcing VFIQEn), one
 * set of active priorities per group, 24-bit INTIDs (no LPIs), ICV_CTLR_EL1 with CBPR, EOImode,
 * PRIbits, IDbits and A3V. */
#include "gic/vcpuif_version.h"

static uint32_t v3_lr_value(const struct gic_lr *lr) { return lr->intid; }

static bool v3_lr_matches(const struct gic_lr *lr, uint64_t value)
{
    return lr->intid == ((uint32_t)value & GIC_V3_INTID_MASK);
}

/* IAR1/HPPIR1 never return a Group 0 interrupt (that one is signalled as a vFIQ), nor
 * IAR0/HPPIR0 a Group 1 one: the candidate (the highest-priority pending LR of an
 * enabled group) of the other group reads 1023, as KVM's __vgic_v3_read_iar does. */
static uint32_t v3_other_group(const struct gic_vmcr *c, unsigned group, unsigned reg_group)
{
    (void)c;
    return group != reg_group ? GIC_INTID_SPURIOUS : 0;
}

/* EOIRn deactivates Group n interrupts only. */
static bool v3_eoi_group_ok(unsigned group, unsigned reg_group) { return group == reg_group; }

static unsigned v3_apr_set(unsigned group) { return group; }

enum {
    V3_CTLR_CBPR = 1u << 0,
    V3_CTLR_EOIMODE = 1u << 1,
    V3_CTLR_PRIBITS_SHIFT = 8,        /* PRIbits [10:8] = PRIbits - 1 */
    V3_CTLR_IDBITS_16 = 0u << 11,     /* IDbits [13:11]: 16-bit INTIDs */
    V3_CTLR_A3V = 1u << 15,
};

static uint32_t v3_ctlr_read(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    return (c->cbpr ? V3_CTLR_CBPR : 0) | (c->eoimode ? V3_CTLR_EOIMODE : 0) |
           (a->pri_bits - 1) << V3_CTLR_PRIBITS_SHIFT | V3_CTLR_IDBITS_16 | V3_CTLR_A3V;
}

static void v3_ctlr_write(struct gic_vmcr *c, uint64_t value)
{
    c->cbpr = value & V3_CTLR_CBPR;
    c->eoimode = value & V3_CTLR_EOIMODE;
}

static uint64_t v3_bpr_read(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    return gic_vif_bpr1(a, c);
}

/* With CBPR set, BPR1 follows BPR0 and writes to it are ignored. */
static void v3_bpr_write(const struct gic_vif_arch *a, struct gic_vmcr *c, uint64_t value)
{
    if (c->cbpr)
        return;
    unsigned b = (unsigned)value & 7, min = gic_vif_bpr_min(a);
    c->bpr1 = (uint8_t)(b < min ? min : b);
}

const struct gic_vif_version gic_vif_v3 = {
    .max_pri_bits = GIC_MAX_PRIORITY_BITS,
    .lr_value = v3_lr_value,
    .lr_matches = v3_lr_matches,
    .ack_refusal_early = v3_other_group,
    .hppir_refusal = v3_other_group,
    .eoi_group_ok = v3_eoi_group_ok,
    .apr_set = v3_apr_set,
    .ctlr_read = v3_ctlr_read,
    .ctlr_write = v3_ctlr_write,
    .bpr_read = v3_bpr_read,
    .bpr_write = v3_bpr_write,
};
