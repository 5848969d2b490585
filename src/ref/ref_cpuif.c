/* The guest-side virtual CPU interface: what the GIC hardware does with a vCPU's
 * live list registers while the guest runs (GICV_* on v2, ICV_* behind ICC_*_EL1
 * on v3). The rules are those of KVM's software emulation of trapped ICV_*
 * accesses (arch/arm64/kvm/hyp/vgic-v3-sr.c), which mirrors the architecture; see
 * ../shared/reference/vgic-behaviour.md section 7. KVM itself only sees the result
 * at the next exit (fold), so nothing here touches the ap_list or takes a lock.
 *
 * Choices where the reference or the architecture leaves room (docs/model.md):
 *  - Priority bits. PRIbits = gic.priority_bits, capped at 5 on v2 (GICH_LR and
 *    GICH_VMCR hold priority[7:3] only). PREbits = PRIbits (KVM hosts typically
 *    implement PREbits = PRIbits = 5), capped at 7: Group 0 always keeps one
 *    sub-priority bit, so the APRs hold at most 128 levels (ICH_AP{0,1}R0..3).
 *    The implemented priority mask is m->priority_mask (& 0xf8 on v2); it applies to
 *    PMR writes and to the LR priority as the hardware sees it.
 *  - Active priorities. v3: one set per group (apr[0] = AP0Rn, apr[1] = AP1Rn).
 *    v2: GICH_APR is a single set for both groups; it is kept in apr[0] and
 *    apr[1] stays zero. Bit index = group priority >> (8 - PREbits); words beyond
 *    2^PREbits bits are RAZ/WI, and so are unimplemented bits of word 0 (PREbits 4).
 *  - Binary points. Writes keep the 3-bit field and clamp it to the minimum
 *    (BPR0 >= 7 - PREbits, BPR1 >= 8 - PREbits); the group priority also uses the
 *    clamped value, so a state loaded from elsewhere cannot go below the minimum.
 *    With CBPR = 1 Group 1 uses min(BPR0 + 1, 7), as on v3 (the GICv2 virtual
 *    interface of a GICv3 host behaves the same); BPR1 writes are ignored then.
 *    v2 GICV_BPR is BPR0; GICV_ABPR (BPR1) is not in the register set, so on v2
 *    BPR1 keeps its reset value unless the model's boot sets it.
 *  - Reset (VMCR = 0): BPR0 = 7 - PREbits, BPR1 = BPR0 + 1 (the minimums, what
 *    the GIC picks for a zero VMCR field), PMR 0, groups disabled, EOImode 0.
 *  - HPPI: LRs exactly pending, group enabled, strictly lowest priority, ties to
 *    the lowest LR index (KVM's scan order); priority 0xff is never a candidate
 *    (KVM starts the scan at the idle priority), it could never be signalled anyway.
 *  - IAR on v2 acknowledges Group 0, and Group 1 only with AckCtl; a Group 1
 *    candidate that would be signalled reads 1022 without AckCtl (GICv2 rule: the
 *    PMR/preemption checks come first, 1023 if they fail). HPPIR on v2 returns 1022
 *    for a Group 1 candidate without AckCtl, and carries the SGI source CPUID in
 *    [12:10] like IAR. v3 IAR1/HPPIR1 read 1023 for a Group 0 candidate.
 *  - signalled(): both groups count (on v3 Group 0 is a vFIQ, which IAR1 then
 *    cannot acknowledge: the guest reads 1023).
 *  - EOIR (KVM's order): priority drop of the highest active priority whatever the
 *    INTID; then the first LR (lowest index) that is active (A or P+A) with that
 *    INTID (v2: INTID [9:0], and for SGIs the CPUID [12:10]; v3: INTID [23:0]);
 *    none: the hardware bumps EOIcount, which raises nothing in the classic KVM
 *    (LRENPIE is never set), so it is not modelled. EOImode 1: stop. The LR is
 *    deactivated only if its group priority equals the dropped priority and, on
 *    v3, it is Group 1 (EOIR1) - KVM's "guest error" check; v2 has no group check
 *    (one APR set, EOIR serves both groups with AckCtl).
 *  - DIR: only with EOImode 1; first active LR with the INTID, else nothing.
 *  - Deactivation: active bit cleared (P+A becomes P). HW LR: phys_deactivated
 *    hook with the virtual INTID (the model keeps no separate pINTID) and the
 *    IRQ's phys_active cleared. Maintenance: EOI condition (EOI = 1, HW = 0, LR now
 *    invalid) or underflow (UIE and at most one valid LR among used_lrs); both at
 *    once raise one maintenance interrupt; underflow clears v->uie so it fires once
 *    per entry. Underflow is only evaluated after a deactivation (the only thing
 *    that invalidates an LR while the guest runs).
 *  - Time: the access is charged first; hooks fire at the cycle it completes.
 *  - CTLR v2 (GICV_CTLR): EnableGrp0 0, EnableGrp1 1, AckCtl 2, CBPR 4, EOImode 9;
 *    FIQEn (bit 3) reads 0 and writes are dropped (struct ref_cpuif has no field
 *    for it; it only selects IRQ vs FIQ, which the simulation does not model).
 *    CTLR v3 (ICV_CTLR_EL1): CBPR 0, EOImode 1, PRIbits [10:8] = PRIbits - 1,
 *    IDbits [13:11] = 0 (16-bit INTIDs), SEIS 0, A3V [15] = 1; writes update CBPR
 *    and EOImode only.
 *  - Registers of the other version, reads of write-only and writes of read-only
 *    registers: RAZ/WI, charged as cpu_reg. SGI1R is charged nothing here (the
 *    trap is the simulation's, the dispatch ref_sgi_v3's); on v2 it is RAZ/WI.
 */
#include "ref/ref_internal.h"

/* ---- implementation parameters ------------------------------------------- */

static unsigned pri_bits(const struct ref_model *m)
{
    unsigned bits = m->cfg.priority_bits;
    if (m->cfg.version == GIC_V2 && bits > 5)
        bits = 5;
    if (bits < GIC_MIN_PRIORITY_BITS)
        bits = GIC_MIN_PRIORITY_BITS;
    return bits;
}

static unsigned pre_bits(const struct ref_model *m)
{
    unsigned bits = pri_bits(m);
    return bits > 7 ? 7 : bits;
}

/* Lowest Group 1 binary point; Group 0's is one less. */
static unsigned bpr_min(const struct ref_model *m) { return 8 - pre_bits(m); }

static uint8_t pri_mask(const struct ref_model *m)
{
    uint8_t mask = m->priority_mask;
    if (m->cfg.version == GIC_V2)
        mask &= 0xf8;
    return mask;
}

static bool is_v2(const struct ref_model *m) { return m->cfg.version == GIC_V2; }

/* Number of 32-bit APR words per group, and the implemented bits of word n. */
static unsigned apr_words(const struct ref_model *m)
{
    unsigned levels = 1u << pre_bits(m);
    return levels >= 32 ? levels / 32 : 1;
}

static uint32_t apr_word_mask(const struct ref_model *m, unsigned n)
{
    unsigned levels = 1u << pre_bits(m);
    if (n >= apr_words(m))
        return 0;
    return levels >= 32 ? UINT32_MAX : (uint32_t)((1u << levels) - 1);
}

/* ---- priorities ------------------------------------------------------------ */

static unsigned bpr0_eff(const struct ref_model *m, const struct ref_cpuif *c)
{
    unsigned min = bpr_min(m) - 1;
    unsigned b = c->bpr0 & 7;
    return b < min ? min : b;
}

static unsigned bpr1_eff(const struct ref_model *m, const struct ref_cpuif *c)
{
    if (c->cbpr) {
        unsigned b = bpr0_eff(m, c) + 1;
        return b > 7 ? 7 : b;
    }
    unsigned min = bpr_min(m);
    unsigned b = c->bpr1 & 7;
    return b < min ? min : b;
}

/* Priority with the sub-priority bits cleared: Group 0 keeps [7:BPR0+1], Group 1
 * keeps [7:BPR1] (KVM's __vgic_v3_pri_to_pre). */
static uint8_t group_prio(const struct ref_model *m, const struct ref_cpuif *c, uint8_t prio,
                          unsigned group)
{
    unsigned shift = group ? bpr1_eff(m, c) : bpr0_eff(m, c) + 1;
    return (uint8_t)(prio & (0xffu << shift));
}

static uint8_t lr_prio(const struct ref_model *m, const struct ref_lr *lr)
{
    return lr->priority & pri_mask(m);
}

static unsigned lr_group(const struct ref_lr *lr) { return lr->group ? 1 : 0; }

static uint8_t pmr_eff(const struct ref_model *m, const struct ref_cpuif *c)
{
    return c->pmr & pri_mask(m);
}

/* Highest active priority (lowest set APR bit of either group), rescaled to 8 bits;
 * 0xff when idle. */
static uint8_t running_prio(const struct ref_model *m, const struct ref_cpuif *c)
{
    unsigned words = apr_words(m);
    for (unsigned i = 0; i < words; i++) {
        uint32_t mask = apr_word_mask(m, i);
        uint32_t val = (c->apr[0][i] | c->apr[1][i]) & mask;
        if (val)
            return (uint8_t)((32 * i + (unsigned)__builtin_ctz(val)) << bpr_min(m));
    }
    return 0xff;
}

static void set_active_prio(const struct ref_model *m, struct ref_cpuif *c, uint8_t gprio,
                            unsigned group)
{
    unsigned bit = gprio >> bpr_min(m);
    c->apr[is_v2(m) ? 0 : group][bit / 32] |= 1u << (bit % 32);
}

/* Priority drop: clears the highest active priority (lowest-numbered bit across
 * both groups, Group 0 first on a tie) and returns it rescaled, 0xff when idle
 * (KVM's __vgic_v3_clear_highest_active_priority). */
static uint8_t drop_prio(const struct ref_model *m, struct ref_cpuif *c)
{
    unsigned words = apr_words(m);
    for (unsigned i = 0; i < words; i++) {
        uint32_t mask = apr_word_mask(m, i);
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
        return (uint8_t)((32 * i + bit) << bpr_min(m));
    }
    return 0xff;
}

/* ---- list registers -------------------------------------------------------- */

/* The highest-priority pending LR, or -1 (KVM's __vgic_v3_highest_priority_lr). */
static int hppi_lr(const struct ref_model *m, const struct ref_vcpu *v)
{
    const struct ref_cpuif *c = &v->cpuif;
    uint8_t best = 0xff;
    int found = -1;
    uint32_t n = v->used_lrs < GIC_MAX_LIST_REGISTERS ? v->used_lrs : GIC_MAX_LIST_REGISTERS;
    for (uint32_t i = 0; i < n; i++) {
        const struct ref_lr *lr = &v->lr[i];
        if (lr->state != REF_LR_PENDING)
            continue;
        if (!(lr_group(lr) ? c->grpen1 : c->grpen0))
            continue;
        uint8_t prio = lr_prio(m, lr);
        if (prio >= best)
            continue;
        best = prio;
        found = (int)i;
    }
    return found;
}

/* The value IAR/HPPIR return for an LR: v2 SGIs carry the source CPUID. */
static uint32_t lr_iar_value(const struct ref_model *m, const struct ref_lr *lr)
{
    if (is_v2(m))
        return (lr->intid & 0x3ff) |
               (gic_intid_is_sgi(lr->intid) ? (uint32_t)(lr->source & 7) << 10 : 0);
    return lr->intid;
}

/* The first LR holding `value`'s interrupt in the active state (A or P+A), or -1. */
static int find_active_lr(const struct ref_model *m, const struct ref_vcpu *v, uint64_t value)
{
    uint32_t intid, cpuid = 0;
    if (is_v2(m)) {
        intid = (uint32_t)value & 0x3ff;
        cpuid = (uint32_t)(value >> 10) & 7;
    } else {
        intid = (uint32_t)value & 0xffffff;
    }
    uint32_t n = v->used_lrs < GIC_MAX_LIST_REGISTERS ? v->used_lrs : GIC_MAX_LIST_REGISTERS;
    for (uint32_t i = 0; i < n; i++) {
        const struct ref_lr *lr = &v->lr[i];
        if (!(lr->state & REF_LR_ACTIVE) || lr->intid != intid)
            continue;
        if (is_v2(m) && gic_intid_is_sgi(intid) && (lr->source & 7) != cpuid)
            continue;
        return (int)i;
    }
    return -1;
}

static uint32_t valid_lrs(const struct ref_vcpu *v)
{
    uint32_t n = v->used_lrs < GIC_MAX_LIST_REGISTERS ? v->used_lrs : GIC_MAX_LIST_REGISTERS;
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += v->lr[i].state != 0;
    return count;
}

static void maintenance(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    m->n.maintenance++;
    if (m->hooks.maintenance)
        m->hooks.maintenance(m->sim, v->id, op->t);
}

/* Deactivation of one LR by EOIR (EOImode 0) or DIR (EOImode 1). */
static void deactivate(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                       struct ref_lr *lr)
{
    lr->state &= (uint8_t)~REF_LR_ACTIVE;
    if (lr->hw) {
        /* The GIC forwards the deactivation to the physical interrupt. */
        if (m->hooks.phys_deactivated)
            m->hooks.phys_deactivated(m->sim, v->id, lr->intid, op->t);
        struct ref_irq *irq = ref_irq_get(m, v->id, lr->intid);
        if (irq)
            irq->phys_active = false;
    }
    bool eoi = lr->eoi && !lr->hw && lr->state == 0;
    bool underflow = v->uie && valid_lrs(v) <= 1;
    /* Underflow is raised once; the next fold clears UIE anyway. */
    if (underflow)
        v->uie = false;
    m->n.eoi_maintenance += eoi;
    m->n.underflow_maintenance += underflow;
    if (eoi || underflow)
        maintenance(m, op, v);
}

/* ---- register behaviour ---------------------------------------------------- */

static uint32_t read_iar(struct ref_model *m, struct ref_vcpu *v)
{
    struct ref_cpuif *c = &v->cpuif;
    int i = hppi_lr(m, v);
    if (i < 0)
        return GIC_SPURIOUS_INTID;
    struct ref_lr *lr = &v->lr[i];
    unsigned group = lr_group(lr);
    if (!is_v2(m) && group != 1)
        return GIC_SPURIOUS_INTID;           /* IAR1 acknowledges Group 1 only */
    uint8_t prio = lr_prio(m, lr);
    if (pmr_eff(m, c) <= prio)
        return GIC_SPURIOUS_INTID;
    uint8_t gprio = group_prio(m, c, prio, group);
    if (running_prio(m, c) <= gprio)
        return GIC_SPURIOUS_INTID;           /* no preemption */
    if (is_v2(m) && group == 1 && !c->ackctl)
        return 1022;                         /* GICv2: Group 1 needs AckCtl */
    lr->state = REF_LR_ACTIVE;
    set_active_prio(m, c, gprio, group);
    return lr_iar_value(m, lr);
}

static uint32_t read_hppir(const struct ref_model *m, const struct ref_vcpu *v)
{
    int i = hppi_lr(m, v);
    if (i < 0)
        return GIC_SPURIOUS_INTID;
    const struct ref_lr *lr = &v->lr[i];
    if (is_v2(m)) {
        if (lr_group(lr) == 1 && !v->cpuif.ackctl)
            return 1022;
    } else if (lr_group(lr) != 1) {
        return GIC_SPURIOUS_INTID;
    }
    return lr_iar_value(m, lr);
}

static void write_eoir(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                       uint64_t value)
{
    struct ref_cpuif *c = &v->cpuif;
    uint8_t dropped = drop_prio(m, c);       /* priority drop in any case */
    int i = find_active_lr(m, v, value);
    if (i < 0)
        return;   /* hardware: EOIcount++ (no LRENPIE in classic KVM: no effect) */
    if (c->eoimode)
        return;   /* split mode: DIR deactivates */
    struct ref_lr *lr = &v->lr[i];
    if (!is_v2(m) && lr_group(lr) != 1)
        return;   /* EOIR1 of a Group 0 interrupt: guest error, no deactivation */
    if (group_prio(m, c, lr_prio(m, lr), lr_group(lr)) != dropped)
        return;   /* not the priority just dropped: guest error, no deactivation */
    deactivate(m, op, v, lr);
}

static void write_dir(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                      uint64_t value)
{
    if (!v->cpuif.eoimode)
        return;
    int i = find_active_lr(m, v, value);
    if (i < 0)
        return;   /* hardware: EOIcount++ (not modelled) */
    deactivate(m, op, v, &v->lr[i]);
}

static uint32_t read_ctlr(const struct ref_model *m, const struct ref_cpuif *c)
{
    if (is_v2(m))
        return (uint32_t)c->grpen0 | (uint32_t)c->grpen1 << 1 | (uint32_t)c->ackctl << 2 |
               (uint32_t)c->cbpr << 4 | (uint32_t)c->eoimode << 9;
    return (uint32_t)c->cbpr | (uint32_t)c->eoimode << 1 | (pri_bits(m) - 1) << 8 |
           0u << 11 /* IDbits: 16 */ | 1u << 15 /* A3V */;
}

static void write_ctlr(const struct ref_model *m, struct ref_cpuif *c, uint64_t value)
{
    if (is_v2(m)) {
        c->grpen0 = value & 1;
        c->grpen1 = (value >> 1) & 1;
        c->ackctl = (value >> 2) & 1;
        c->cbpr = (value >> 4) & 1;
        c->eoimode = (value >> 9) & 1;
    } else {
        c->cbpr = value & 1;
        c->eoimode = (value >> 1) & 1;
    }
}

static void write_bpr(const struct ref_model *m, struct ref_cpuif *c, uint64_t value)
{
    unsigned b = (unsigned)value & 7;
    if (is_v2(m)) {
        unsigned min = bpr_min(m) - 1;
        c->bpr0 = (uint8_t)(b < min ? min : b);
    } else {
        if (c->cbpr)
            return;
        unsigned min = bpr_min(m);
        c->bpr1 = (uint8_t)(b < min ? min : b);
    }
}

/* APR word n of `group` (v2: the shared set), as an access sees it. */
static uint32_t *apr_word(const struct ref_model *m, struct ref_cpuif *c, unsigned group,
                          unsigned n, uint32_t *mask)
{
    *mask = apr_word_mask(m, n);
    return *mask ? &c->apr[group][n] : NULL;
}

static bool reg_in_version(const struct ref_model *m, enum gic_cpu_reg reg)
{
    switch (reg) {
    case GIC_CPU_APR0: case GIC_CPU_APR1: case GIC_CPU_APR2: case GIC_CPU_APR3:
        return is_v2(m);
    case GIC_CPU_AP0R0: case GIC_CPU_AP0R1: case GIC_CPU_AP0R2: case GIC_CPU_AP0R3:
    case GIC_CPU_AP1R0: case GIC_CPU_AP1R1: case GIC_CPU_AP1R2: case GIC_CPU_AP1R3:
    case GIC_CPU_IGRPEN0: case GIC_CPU_IGRPEN1: case GIC_CPU_SGI1R:
        return !is_v2(m);
    default:
        return true;
    }
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

/* ---- entry points ----------------------------------------------------------- */

uint64_t ref_cpuif_read(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        enum gic_cpu_reg reg)
{
    struct ref_cpuif *c = &v->cpuif;
    if (reg == GIC_CPU_SGI1R)
        return 0;                            /* write-only; trap charged elsewhere */
    if (reg == GIC_CPU_IAR) {
        ref_charge(m, op, COST_IAR);
        return read_iar(m, v);
    }
    ref_charge(m, op, COST_CPU_REG);
    if (!reg_in_version(m, reg))
        return 0;
    unsigned group, n;
    if (apr_reg(reg, &group, &n)) {
        uint32_t mask;
        uint32_t *w = apr_word(m, c, group, n, &mask);
        return w ? *w & mask : 0;
    }
    switch (reg) {
    case GIC_CPU_PMR:
        return pmr_eff(m, c);
    case GIC_CPU_BPR:
        return is_v2(m) ? bpr0_eff(m, c) : bpr1_eff(m, c);
    case GIC_CPU_CTLR:
        return read_ctlr(m, c);
    case GIC_CPU_RPR:
        return running_prio(m, c);
    case GIC_CPU_HPPIR:
        return read_hppir(m, v);
    case GIC_CPU_IGRPEN0:
        return c->grpen0;
    case GIC_CPU_IGRPEN1:
        return c->grpen1;
    default:
        return 0;                            /* EOIR, DIR: write-only */
    }
}

void ref_cpuif_write(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                     enum gic_cpu_reg reg, uint64_t value)
{
    struct ref_cpuif *c = &v->cpuif;
    switch (reg) {
    case GIC_CPU_SGI1R:
        if (!is_v2(m))
            ref_sgi_v3(m, op, v, value);
        return;
    case GIC_CPU_EOIR:
        ref_charge(m, op, COST_EOIR);
        write_eoir(m, op, v, value);
        return;
    case GIC_CPU_DIR:
        ref_charge(m, op, COST_DIR);
        write_dir(m, op, v, value);
        return;
    default:
        break;
    }
    ref_charge(m, op, COST_CPU_REG);
    if (!reg_in_version(m, reg))
        return;
    unsigned group, n;
    if (apr_reg(reg, &group, &n)) {
        uint32_t mask;
        uint32_t *w = apr_word(m, c, group, n, &mask);
        if (w)
            *w = (uint32_t)value & mask;
        return;
    }
    switch (reg) {
    case GIC_CPU_PMR:
        c->pmr = (uint8_t)value & pri_mask(m);
        break;
    case GIC_CPU_BPR:
        write_bpr(m, c, value);
        break;
    case GIC_CPU_CTLR:
        write_ctlr(m, c, value);
        break;
    case GIC_CPU_IGRPEN0:
        c->grpen0 = value & 1;
        break;
    case GIC_CPU_IGRPEN1:
        c->grpen1 = value & 1;
        break;
    default:
        break;                               /* IAR, RPR, HPPIR: read-only */
    }
}

bool ref_cpuif_signalled(const struct ref_model *m, const struct ref_vcpu *v)
{
    const struct ref_cpuif *c = &v->cpuif;
    int i = hppi_lr(m, v);                   /* group enable checked there */
    if (i < 0)
        return false;
    const struct ref_lr *lr = &v->lr[i];
    uint8_t prio = lr_prio(m, lr);
    if (prio >= pmr_eff(m, c))
        return false;
    return group_prio(m, c, prio, lr_group(lr)) < running_prio(m, c);
}

void ref_cpuif_reset(struct ref_model *m, struct ref_vcpu *v)
{
    v->cpuif = (struct ref_cpuif){0};
    v->cpuif.bpr0 = (uint8_t)(bpr_min(m) - 1);
    v->cpuif.bpr1 = (uint8_t)bpr_min(m);
}
