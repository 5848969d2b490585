/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtual CPU interface rules both GIC versions share (see vcpuif.h). The choices
 * where the architecture leaves room follow KVM's vgic-v3-sr.c and are listed in
 * docs/model.md:
 *  - PRIbits = gic.priority_bits (at most 5 on v2); PREbits = PRIbits, at most 7, so the
 *    APRs hold at most 128 levels. Words of the APRs beyond 2^PREbits bits are RAZ/WI,
 *    and so are unimplemented bits of word 0 (PREbits 4).
 *  - The HPPI is the LR exactly pending (not pending+active) whose group is enabled,
 *    with the strictly lowest priority; ties go to the lowest LR (KVM's scan order).
 *    Priority 0xff is never a candidate (it could never be signalled).
 *  - The active-priority bit index is group priority >> (8 - PREbits); the running
 *    priority is the lowest set bit of either group, rescaled; the priority drop clears
 *    it (Group 0 first on a tie).
 *  - EOIR: priority drop of the highest active priority whatever the INTID; then the
 *    first LR that is active with that INTID is deactivated, only in EOImode 0, and only
 *    if its group priority is the priority just dropped (and, on v3, it is Group 1).
 *  - EOIcount counts the deactivations that found no LR: an EOImode 0 EOIR, or an
 *    EOImode 1 DIR, of a valid INTID (not 1020-1023) that no LR holds active (GICv3
 *    ICH_HCR_EL2.EOIcount); it wraps at 32. The classic KVM never reads it.
 *  - A virtual LPI (GICv3, INTID 8192 and up) has an active state in its LR although a
 *    physical LPI has none: IAR makes the LR active, and EOIR deactivates it whatever
 *    EOImode says; a DIR of an LPI does nothing, and an EOIR or DIR of an LPI that no LR
 *    holds active never counts in EOIcount (the architecture's pseudocode, which KVM's
 *    emulation follows since "KVM: arm64: vgic-v3: Align emulated cpuif LPI state
 *    machine with the pseudocode", Marc Zyngier, September 2021).
 *  - TDIR: a DIR does nothing and traps (the hypervisor emulates it).
 *  - Deactivation raises the EOI maintenance condition (EOI = 1, HW = 0, LR now
 *    invalid) and, with UIE, the underflow condition (at most one valid LR), which
 *    clears UIE so that it fires once per entry. */
#include "gic/vcpuif.h"

#include <stddef.h>

#include "gic/gic_regs.h"
#include "gic/vcpuif_version.h"

/* ---- implementation parameters ------------------------------------------- */

void gic_vif_arch_init(struct gic_vif_arch *a, const struct gic_config *cfg)
{
    a->ver = cfg->version == GIC_V2 ? &gic_vif_v2 : &gic_vif_v3;
    a->version = cfg->version == GIC_V2 ? GIC_V2 : GIC_V3;
    unsigned bits = cfg->priority_bits;
    if (bits > a->ver->max_pri_bits)
        bits = a->ver->max_pri_bits;
    if (bits < GIC_MIN_PRIORITY_BITS)
        bits = GIC_MIN_PRIORITY_BITS;
    a->pri_bits = bits;
    a->pre_bits = bits > 7 ? 7 : bits;
    a->pri_mask = (uint8_t)(0xffu << (8 - bits));
    unsigned levels = 1u << a->pre_bits;
    a->apr_words = levels >= 32 ? levels / 32 : 1;
}

/* Implemented bits of APR word n. */
static uint32_t apr_word_mask(const struct gic_vif_arch *a, unsigned n)
{
    unsigned levels = 1u << a->pre_bits;
    if (n >= a->apr_words)
        return 0;
    return levels >= 32 ? UINT32_MAX : (uint32_t)((1u << levels) - 1);
}

void gic_vif_reset(const struct gic_vif_arch *a, struct gic_vif *v)
{
    *v = (struct gic_vif){0};
    v->vmcr.bpr0 = (uint8_t)(gic_vif_bpr_min(a) - 1);
    v->vmcr.bpr1 = (uint8_t)gic_vif_bpr_min(a);
}

/* ---- priorities ------------------------------------------------------------ */

unsigned gic_vif_bpr0(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    unsigned min = gic_vif_bpr_min(a) - 1;
    unsigned b = c->bpr0 & 7;
    return b < min ? min : b;
}

unsigned gic_vif_bpr1(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    if (c->cbpr) {
        unsigned b = gic_vif_bpr0(a, c) + 1;
        return b > 7 ? 7 : b;
    }
    unsigned min = gic_vif_bpr_min(a);
    unsigned b = c->bpr1 & 7;
    return b < min ? min : b;
}

/* BPR0 (GICv2 GICV_BPR, GICv3 ICC_BPR0_EL1): clamped to its minimum, 7 - PREbits. */
void gic_vif_write_bpr0(const struct gic_vif_arch *a, struct gic_vmcr *c, uint64_t value)
{
    unsigned b = (unsigned)value & 7, min = gic_vif_bpr_min(a) - 1;
    c->bpr0 = (uint8_t)(b < min ? min : b);
}

/* Priority with the sub-priority bits cleared: Group 0 keeps [7:BPR0+1], Group 1 keeps
 * [7:BPR1] (KVM's __vgic_v3_pri_to_pre). */
static uint8_t group_prio(const struct gic_vif_arch *a, const struct gic_vmcr *c, uint8_t prio,
                          unsigned group)
{
    unsigned shift = group ? gic_vif_bpr1(a, c) : gic_vif_bpr0(a, c) + 1;
    return (uint8_t)(prio & (0xffu << shift));
}

static uint8_t lr_prio(const struct gic_vif_arch *a, const struct gic_lr *lr)
{
    return lr->priority & a->pri_mask;
}

static unsigned lr_group(const struct gic_lr *lr) { return lr->group ? 1 : 0; }

static uint8_t pmr(const struct gic_vif_arch *a, const struct gic_vmcr *c)
{
    return c->pmr & a->pri_mask;
}

uint8_t gic_vif_running_priority(const struct gic_vif_arch *a, const struct gic_vif *v)
{
    const struct gic_vmcr *c = &v->vmcr;
    for (unsigned i = 0; i < a->apr_words; i++) {
        uint32_t val = (c->apr[0][i] | c->apr[1][i]) & apr_word_mask(a, i);
        if (val)
            return (uint8_t)((32 * i + (unsigned)__builtin_ctz(val)) << gic_vif_bpr_min(a));
    }
    return 0xff;
}

static void set_active_prio(const struct gic_vif_arch *a, struct gic_vmcr *c, uint8_t gprio,
                            unsigned group)
{
    unsigned bit = gprio >> gic_vif_bpr_min(a);
    c->apr[a->ver->apr_set(group)][bit / 32] |= 1u << (bit % 32);
}

/* Priority drop: clears the highest active priority and returns it rescaled, 0xff when
 * idle (KVM's __vgic_v3_clear_highest_active_priority). */
static uint8_t drop_prio(const struct gic_vif_arch *a, struct gic_vmcr *c)
{
    for (unsigned i = 0; i < a->apr_words; i++) {
        uint32_t mask = apr_word_mask(a, i);
        uint32_t ap0 = c->apr[0][i] & mask, ap1 = c->apr[1][i] & mask;
        if (!ap0 && !ap1)
            continue;
        unsigned c0 = ap0 ? (unsigned)__builtin_ctz(ap0) : 32;
        unsigned c1 = ap1 ? (unsigned)__builtin_ctz(ap1) : 32;
        unsigned bit = c0 < c1 ? c0 : c1;
        if (c0 < c1)
            c->apr[0][i] &= ~(1u << c0);
        else
            c->apr[1][i] &= ~(1u << c1);
        return (uint8_t)((32 * i + bit) << gic_vif_bpr_min(a));
    }
    return 0xff;
}

/* ---- list registers -------------------------------------------------------- */

static uint32_t live_lrs(const struct gic_vif *v)
{
    return v->used_lrs < GIC_MAX_LIST_REGISTERS ? v->used_lrs : GIC_MAX_LIST_REGISTERS;
}

int gic_vif_hppi(const struct gic_vif_arch *a, const struct gic_vif *v)
{
    const struct gic_vmcr *c = &v->vmcr;
    uint8_t best = 0xff;
    int found = -1;
    for (uint32_t i = 0; i < live_lrs(v); i++) {
        const struct gic_lr *lr = &v->lr[i];
        if (lr->state != GIC_LR_PENDING)
            continue;
        if (!(lr_group(lr) ? c->grpen1 : c->grpen0))
            continue;
        uint8_t prio = lr_prio(a, lr);
        if (prio >= best)
            continue;
        best = prio;
        found = (int)i;
    }
    return found;
}

uint32_t gic_vif_lr_value(const struct gic_vif_arch *a, const struct gic_lr *lr)
{
    return a->ver->lr_value(lr);
}

uint32_t gic_vif_valid_lrs(const struct gic_vif *v)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < live_lrs(v); i++)
        count += v->lr[i].state != GIC_LR_INVALID;
    return count;
}

/* The first live LR holding `value`'s interrupt in the active state (A or P+A), or -1. */
static int find_active_lr(const struct gic_vif_arch *a, const struct gic_vif *v, uint64_t value)
{
    for (uint32_t i = 0; i < live_lrs(v); i++) {
        const struct gic_lr *lr = &v->lr[i];
        if ((lr->state & GIC_LR_ACTIVE) && a->ver->lr_matches(lr, value))
            return (int)i;
    }
    return -1;
}

/* The interrupt the interface would present: the best pending LR or, when it beats it,
 * the offered vLPI as an LR would hold it (*index GIC_VIF_ACKED_VLPI). NULL: none. */
static const struct gic_lr *candidate(const struct gic_vif_arch *a, const struct gic_vif *v,
                                      struct gic_lr *vlpi_lr, int *index)
{
    *index = gic_vif_hppi(a, v);
    const struct gic_lr *best = *index >= 0 ? &v->lr[*index] : NULL;
    if (!v->vlpi.valid || !(v->vlpi.group0 ? v->vmcr.grpen0 : v->vmcr.grpen1))
        return best;
    *vlpi_lr = (struct gic_lr){.intid = v->vlpi.intid, .state = GIC_LR_PENDING,
                               .priority = v->vlpi.priority, .group = !v->vlpi.group0};
    if (best && lr_prio(a, best) <= lr_prio(a, vlpi_lr))
        return best;
    *index = GIC_VIF_ACKED_VLPI;
    return vlpi_lr;
}

bool gic_vif_signalled(const struct gic_vif_arch *a, const struct gic_vif *v)
{
    struct gic_lr vlpi;
    int i;
    const struct gic_lr *lr = candidate(a, v, &vlpi, &i);   /* group enable checked there */
    if (!lr)
        return false;
    uint8_t prio = lr_prio(a, lr);
    if (prio >= pmr(a, &v->vmcr))
        return false;
    return group_prio(a, &v->vmcr, prio, lr_group(lr)) < gic_vif_running_priority(a, v);
}

/* ---- acknowledge, priority drop, deactivation -------------------------------- */

uint32_t gic_vif_ack(const struct gic_vif_arch *a, struct gic_vif *v, unsigned reg_group,
                     int *acked)
{
    struct gic_vmcr *c = &v->vmcr;
    *acked = -1;
    struct gic_lr vlpi;
    int i;
    const struct gic_lr *lr = candidate(a, v, &vlpi, &i);
    if (!lr)
        return GIC_INTID_SPURIOUS;
    unsigned group = lr_group(lr);
    uint8_t prio = lr_prio(a, lr);
    uint32_t refusal =
        a->ver->ack_refusal_early ? a->ver->ack_refusal_early(c, group, reg_group) : 0;
    if (refusal)
        return refusal;
    if (pmr(a, c) <= prio)
        return GIC_INTID_SPURIOUS;
    uint8_t gprio = group_prio(a, c, prio, group);
    if (gic_vif_running_priority(a, v) <= gprio)
        return GIC_INTID_SPURIOUS;           /* no preemption */
    refusal = a->ver->ack_refusal_late ? a->ver->ack_refusal_late(c, group, reg_group) : 0;
    if (refusal)
        return refusal;
    uint32_t value = a->ver->lr_value(lr);
    if (i == GIC_VIF_ACKED_VLPI)
        v->vlpi.valid = false;   /* the redistributor clears its pending bit */
    else
        v->lr[i].state = GIC_LR_ACTIVE;
    set_active_prio(a, c, gprio, group);
    *acked = i;
    return value;
}

uint32_t gic_vif_value_intid(const struct gic_vif_arch *a, uint64_t value)
{
    return (uint32_t)value & (a->version == GIC_V2 ? GIC_V2_INTID_MASK : GIC_V3_INTID_MASK);
}

bool gic_vif_value_is_lpi(const struct gic_vif_arch *a, uint64_t value)
{
    return a->version == GIC_V3 && gic_vif_value_intid(a, value) >= GIC_LPI_BASE;
}

static void bump_eoicount(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value)
{
    uint32_t intid = gic_vif_value_intid(a, value);
    /* vLPIs, and [I] GICv4.1 vSGIs, have no active state: nothing was left to deactivate. */
    bool direct = intid >= GIC_LPI_BASE || (v->direct_sgis && intid < GIC_NR_SGIS);
    if (!gic_intid_is_special(intid) && !direct)
        v->eoicount = (uint8_t)((v->eoicount + 1) & 31);
}

bool gic_vif_lists(const struct gic_vif *v, uint32_t intid)
{
    for (uint32_t i = 0; i < live_lrs(v); i++)
        if (v->lr[i].intid == intid && v->lr[i].state != GIC_LR_INVALID)
            return true;
    return false;
}

static bool lr_is_zero(const struct gic_lr *lr)
{
    return !lr->intid && !lr->state && !lr->hw && !lr->eoi && !lr->priority && !lr->group &&
           !lr->source;
}

bool gic_vif_lrs_ok(const struct gic_vif *v, uint32_t nr_lr, uint32_t nr_irqs)
{
    if (v->used_lrs > nr_lr || nr_lr > GIC_MAX_LIST_REGISTERS)
        return false;
    for (uint32_t i = 0; i < v->used_lrs; i++) {
        /* LPIs (8192 and up) are the ITS's: any of them may be listed. */
        if (v->lr[i].intid >= nr_irqs && v->lr[i].intid < GIC_LPI_BASE)
            return false;
        for (uint32_t k = 0; k < i; k++)
            if (v->lr[k].intid == v->lr[i].intid)
                return false;
    }
    for (uint32_t i = v->used_lrs; i < GIC_MAX_LIST_REGISTERS; i++)
        if (!lr_is_zero(&v->lr[i]))
            return false;
    return true;
}

bool gic_vif_has_active_lr(const struct gic_vif_arch *a, const struct gic_vif *v,
                           uint64_t value)
{
    return find_active_lr(a, v, value) >= 0;
}

static void deactivate(struct gic_vif *v, int i, struct gic_deactivation *out)
{
    struct gic_lr *lr = &v->lr[i];
    lr->state &= (uint8_t)~GIC_LR_ACTIVE;
    out->lr = i;
    out->intid = lr->intid;
    out->hw = lr->hw;
    out->eoi_maintenance = lr->eoi && !lr->hw && lr->state == GIC_LR_INVALID;
    out->underflow = v->uie && gic_vif_valid_lrs(v) <= 1;
    /* Underflow is raised once; the next fold clears UIE anyway. */
    if (out->underflow)
        v->uie = false;
}

void gic_vif_eoi(const struct gic_vif_arch *a, struct gic_vif *v, unsigned reg_group,
                 uint64_t value, struct gic_deactivation *out)
{
    *out = (struct gic_deactivation){.lr = -1};
    struct gic_vmcr *c = &v->vmcr;
    uint8_t dropped = drop_prio(a, c);       /* priority drop in any case */
    bool lpi = gic_vif_value_is_lpi(a, value);
    if (c->eoimode && !lpi)
        return;   /* split mode: DIR deactivates (an LPI's EOIR deactivates it anyway) */
    int i = find_active_lr(a, v, value);
    if (i < 0) {
        if (!lpi)
            bump_eoicount(a, v, value);
        return;
    }
    const struct gic_lr *lr = &v->lr[i];
    if (!a->ver->eoi_group_ok(lr_group(lr), reg_group))
        return;   /* EOIR1 of a Group 0 interrupt (or EOIR0 of a Group 1 one): guest error */
    if (group_prio(a, c, lr_prio(a, lr), lr_group(lr)) != dropped)
        return;   /* not the priority just dropped: guest error, no deactivation */
    deactivate(v, i, out);
}

void gic_vif_dir_untrapped(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value,
                           struct gic_deactivation *out)
{
    *out = (struct gic_deactivation){.lr = -1};
    if (!v->vmcr.eoimode || gic_vif_value_is_lpi(a, value))
        return;   /* EOImode 0, or an LPI (its EOIR deactivates it): nothing */
    int i = find_active_lr(a, v, value);
    if (i < 0) {
        bump_eoicount(a, v, value);
        return;
    }
    deactivate(v, i, out);
}

void gic_vif_dir(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value,
                 struct gic_deactivation *out)
{
    if (v->tdir) {
        *out = (struct gic_deactivation){.lr = -1, .trapped = true};
        return;
    }
    gic_vif_dir_untrapped(a, v, value, out);
}

static bool any_pending_lr(const struct gic_vif *v)
{
    for (uint32_t i = 0; i < live_lrs(v); i++)
        if (v->lr[i].state & GIC_LR_PENDING)
            return true;
    return false;
}

uint32_t gic_vif_maintenance(struct gic_vif *v)
{
    /* Called after every CPU-interface access: each condition is tested only when its
     * enable is set (none is, outside the LR-overflow design), the LR walk last. */
    const struct gic_vmcr *c = &v->vmcr;
    uint32_t causes = 0;
    if (v->lrenpie && v->eoicount != 0)
        causes |= GIC_MI_LRENP;
    if (v->vgrp0eie && c->grpen0)
        causes |= GIC_MI_VGRP0E;
    if (v->vgrp0die && !c->grpen0)
        causes |= GIC_MI_VGRP0D;
    if (v->vgrp1eie && c->grpen1)
        causes |= GIC_MI_VGRP1E;
    if (v->vgrp1die && !c->grpen1)
        causes |= GIC_MI_VGRP1D;
    if (v->npie && !(v->mi_reported & GIC_MI_NP) && !any_pending_lr(v))
        causes |= GIC_MI_NP;
    causes &= ~v->mi_reported;
    v->mi_reported |= causes;
    return causes;
}

void gic_vif_clear_hcr(struct gic_vif *v)
{
    v->uie = v->npie = v->lrenpie = false;
    v->vgrp0eie = v->vgrp0die = v->vgrp1eie = v->vgrp1die = false;
    v->tdir = false;
    v->eoicount = 0;
    v->mi_reported = 0;
}

bool gic_vif_underflow_at_entry(struct gic_vif *v)
{
    if (!v->uie || v->used_lrs > 1)
        return false;
    v->uie = false;
    return true;
}

/* ---- the other registers ------------------------------------------------------ */

bool gic_vif_has_reg(const struct gic_vif_arch *a, enum gic_cpu_reg reg)
{
    const struct gic_cpu_reg_desc *d = gic_cpu_reg_desc(reg);
    uint8_t want = a->version == GIC_V2 ? GIC_REG_V2 : GIC_REG_V3;
    return d && (d->versions & want);
}

/* Which APR set and word an APR register names; false if it is not one. */
static bool apr_reg(enum gic_cpu_reg reg, unsigned *group, unsigned *n)
{
    if (reg >= GIC_CPU_APR0 && reg <= GIC_CPU_APR3) {
        *group = 0;
        *n = (unsigned)(reg - GIC_CPU_APR0);
    } else if (reg >= GIC_CPU_AP0R0 && reg <= GIC_CPU_AP0R3) {
        *group = 0;
        *n = (unsigned)(reg - GIC_CPU_AP0R0);
    } else if (reg >= GIC_CPU_AP1R0 && reg <= GIC_CPU_AP1R3) {
        *group = 1;
        *n = (unsigned)(reg - GIC_CPU_AP1R0);
    } else {
        return false;
    }
    return true;
}

static uint32_t read_hppir(const struct gic_vif_arch *a, const struct gic_vif *v,
                           unsigned reg_group)
{
    struct gic_lr vlpi;
    int i;
    const struct gic_lr *lr = candidate(a, v, &vlpi, &i);
    if (!lr)
        return GIC_INTID_SPURIOUS;
    uint32_t refusal = a->ver->hppir_refusal(&v->vmcr, lr_group(lr), reg_group);
    return refusal ? refusal : a->ver->lr_value(lr);
}

uint64_t gic_vif_read(const struct gic_vif_arch *a, const struct gic_vif *v,
                      enum gic_cpu_reg reg)
{
    const struct gic_vmcr *c = &v->vmcr;
    if (!gic_vif_has_reg(a, reg))
        return 0;
    unsigned group, n;
    if (apr_reg(reg, &group, &n))
        return c->apr[group][n] & apr_word_mask(a, n);
    switch (reg) {
    case GIC_CPU_PMR: return pmr(a, c);
    case GIC_CPU_BPR: return a->ver->bpr_read(a, c);
    case GIC_CPU_CTLR: return a->ver->ctlr_read(a, c);
    case GIC_CPU_RPR: return gic_vif_running_priority(a, v);
    case GIC_CPU_HPPIR: return read_hppir(a, v, 1);
    case GIC_CPU_HPPIR0: return read_hppir(a, v, 0);
    case GIC_CPU_BPR0: return gic_vif_bpr0(a, c);
    case GIC_CPU_IGRPEN0: return c->grpen0;
    case GIC_CPU_IGRPEN1: return c->grpen1;
    default: return 0;   /* IAR, IAR0 (not here), EOIR, EOIR0, DIR, SGI1R: write-only */
    }
}

void gic_vif_write(const struct gic_vif_arch *a, struct gic_vif *v, enum gic_cpu_reg reg,
                   uint64_t value)
{
    struct gic_vmcr *c = &v->vmcr;
    if (!gic_vif_has_reg(a, reg))
        return;
    unsigned group, n;
    if (apr_reg(reg, &group, &n)) {
        uint32_t mask = apr_word_mask(a, n);
        if (mask)
            c->apr[group][n] = (uint32_t)value & mask;
        return;
    }
    switch (reg) {
    case GIC_CPU_PMR: c->pmr = (uint8_t)value & a->pri_mask; break;
    case GIC_CPU_BPR: a->ver->bpr_write(a, c, value); break;
    case GIC_CPU_BPR0: gic_vif_write_bpr0(a, c, value); break;
    case GIC_CPU_CTLR: a->ver->ctlr_write(c, value); break;
    case GIC_CPU_IGRPEN0: c->grpen0 = value & 1; break;
    case GIC_CPU_IGRPEN1: c->grpen1 = value & 1; break;
    default: break;      /* IAR, RPR, HPPIR (and their Group 0 forms): read-only */
    }
}
