/* SPDX-License-Identifier: GPL-2.0-only */
/* The VMM's accesses (see vgic_uaccess.h): the userspace handlers of the distributor and
 * redistributor regions, and the dispatch of the four device-attribute groups. The
 * release decides which handlers exist: before v5.7 KVM had no userspace handler for the
 * enable bits, GICv2's pending bits or GICv3's GICD_CTLR, and the guest's served. */
#include "vgic/vgic_uaccess.h"

#include <string.h>

#include "gic/gic_regs.h"
#include "vgic/vgic_v4.h"

/* ---- per-IRQ registers ---------------------------------------------------------- */

struct bit_arg {
    const struct vgic_mmio_ctx *c;
    bool bit;
};

/* Every IRQ of the word, set bits only (set/clear registers) or all of them. */
static void for_each_irq(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                         uint64_t val, bool all, vgic_irq_change_fn *change)
{
    uint32_t intid = vgic_mmio_intid(offset, 1);
    for (uint32_t i = 0; i < len * 8; i++) {
        bool bit = (val >> i) & 1;
        if (!bit && !all)
            continue;
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct bit_arg arg = {c, bit};
        c->be->update(c->model, c->op, irq, change, &arg);
    }
}

/* The guest's handler, for a release without a userspace one. */
static enum vgic_uaccess_result as_guest(const struct vgic_mmio_ctx *c, vgic_mmio_write_fn *fn,
                                         uint32_t offset, uint32_t len, uint64_t val)
{
    fn(c, offset, len, val);
    return VGIC_UACCESS_OK;
}

enum vgic_uaccess_result vgic_uaccess_write_wi(const struct vgic_mmio_ctx *c, uint32_t offset,
                                               uint32_t len, uint64_t val)
{
    (void)c, (void)offset, (void)len, (void)val;
    return VGIC_UACCESS_OK;
}

/* GICv2 IGROUPR: honoured only once the VMM has shown, by writing GICD_IIDR, that it
 * knows KVM reports groups (vgic_mmio_uaccess_write_v2_group). GICv3 uses the guest's. */
enum vgic_uaccess_result vgic_uaccess_write_group_v2(const struct vgic_mmio_ctx *c,
                                                     uint32_t offset, uint32_t len,
                                                     uint64_t val)
{
    if (c->be->dist_state(c->model)->v2_groups_user_writable)
        vgic_mmio_write_group(c, offset, len, val);
    return VGIC_UACCESS_OK;
}

/* v5.7+: the virtual enable alone (no resampling of a mapped line, no vSGI). */
static bool user_set_enable(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->enabled = true;
    return true;
}

static bool user_clear_enable(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->enabled = false;
    return false;
}

enum vgic_uaccess_result vgic_uaccess_write_senable(const struct vgic_mmio_ctx *c,
                                                    uint32_t offset, uint32_t len, uint64_t val)
{
    if (!c->rel.uaccess_virtual)
        return as_guest(c, vgic_mmio_write_senable, offset, len, val);
    for_each_irq(c, offset, len, val, false, user_set_enable);
    return VGIC_UACCESS_OK;
}

enum vgic_uaccess_result vgic_uaccess_write_cenable(const struct vgic_mmio_ctx *c,
                                                    uint32_t offset, uint32_t len, uint64_t val)
{
    if (!c->rel.uaccess_virtual)
        return as_guest(c, vgic_mmio_write_cenable, offset, len, val);
    for_each_irq(c, offset, len, val, false, user_clear_enable);
    return VGIC_UACCESS_OK;
}

/* GICv3 (vgic_v3_uaccess_write_pending): every bit is the latch to restore, 1 or 0,
 * whatever the configuration; no physical side effect. GICv2 (v5.7+,
 * vgic_uaccess_write_spending/cpending): set bits latch, an SGI taking the accessing
 * vCPU as its source (the real source is not restorable); cleared bits unlatch, an SGI
 * losing every source. */
static bool user_pending(struct vgic_irq_state *irq, const void *arg)
{
    const struct bit_arg *a = arg;
    bool v2_sgi = vgic_irq_is_v2_sgi(a->c->cfg->version, irq);
    irq->pending_latch = a->bit;
    if (v2_sgi && a->bit)
        irq->source |= (uint8_t)(1u << (a->c->requester & 7));
    else if (v2_sgi)
        irq->source = 0;
    return a->bit;
}

enum vgic_uaccess_result vgic_uaccess_write_spending(const struct vgic_mmio_ctx *c,
                                                     uint32_t offset, uint32_t len,
                                                     uint64_t val)
{
    bool v3 = c->cfg->version == GIC_V3;
    if (!v3 && !c->rel.uaccess_virtual)
        return as_guest(c, vgic_mmio_write_spending, offset, len, val);
    for_each_irq(c, offset, len, val, v3, user_pending);
    return VGIC_UACCESS_OK;
}

/* GICv3's ICPENDR is RAZ/WI for the VMM (ISPENDR carries the whole latch). */
uint64_t vgic_uaccess_read_v3_cpending(const struct vgic_mmio_ctx *c, uint32_t offset,
                                       uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return 0;
}

enum vgic_uaccess_result vgic_uaccess_write_cpending(const struct vgic_mmio_ctx *c,
                                                     uint32_t offset, uint32_t len,
                                                     uint64_t val)
{
    if (c->cfg->version == GIC_V3)
        return VGIC_UACCESS_OK;
    if (!c->rel.uaccess_virtual)
        return as_guest(c, vgic_mmio_write_cpending, offset, len, val);
    /* The bits written as 1 are the ones cleared. */
    uint32_t intid = vgic_mmio_intid(offset, 1);
    for (uint32_t i = 0; i < len * 8; i++) {
        if (!((val >> i) & 1))
            continue;
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct bit_arg arg = {c, false};
        c->be->update(c->model, c->op, irq, user_pending, &arg);
    }
    return VGIC_UACCESS_OK;
}

/* vgic_mmio_uaccess_write_s/cactive: no kvm->lock, no halt (nothing runs); with no
 * running vCPU a HW-mapped interrupt is left alone (vgic_hw_irq_change_active returns at
 * once for a userspace access); a GICv2 SGI made active gets source 0; an active one is
 * queued, to be listed as active. */
static bool user_active(struct vgic_irq_state *irq, const void *arg)
{
    const struct bit_arg *a = arg;
    if (irq->hw && !gic_intid_is_sgi(irq->intid))
        return false;
    irq->active = a->bit;
    if (a->bit && vgic_irq_is_v2_sgi(a->c->cfg->version, irq))
        irq->active_source = 0;
    return irq->active;
}

static bool user_inactive(struct vgic_irq_state *irq, const void *arg)
{
    const struct bit_arg *a = arg;
    struct bit_arg cleared = {a->c, false};
    return user_active(irq, &cleared);
}

enum vgic_uaccess_result vgic_uaccess_write_sactive(const struct vgic_mmio_ctx *c,
                                                    uint32_t offset, uint32_t len, uint64_t val)
{
    for_each_irq(c, offset, len, val, false, user_active);
    return VGIC_UACCESS_OK;
}

enum vgic_uaccess_result vgic_uaccess_write_cactive(const struct vgic_mmio_ctx *c,
                                                    uint32_t offset, uint32_t len, uint64_t val)
{
    for_each_irq(c, offset, len, val, false, user_inactive);
    return VGIC_UACCESS_OK;
}

/* ---- GICD_IIDR --------------------------------------------------------------------- */

/* vgic_mmio_uaccess_write_v{2,3}_misc, GICD_IIDR. v4.19..v5.18: only the current value
 * is accepted. v5.19..v6.19: any value that differs from it in the Revision field alone
 * is accepted, but the revision applied is read from the current value (49a1a2c70a7f;
 * fixed after v6.19 by a0e6ae45af17), so nothing changes. ProductID, Variant or
 * Implementer differing: refused in both. An accepted write lets the VMM write GICv2
 * IGROUPR from then on. */
static enum vgic_uaccess_result write_iidr(const struct vgic_mmio_ctx *c, uint64_t val)
{
    struct vgic_dist_state *d = c->be->dist_state(c->model);
    uint32_t reg = vgic_gicd_iidr(d->implementation_rev);
    if (c->rel.iidr_write_any_revision) {
        if ((reg ^ (uint32_t)val) & ~(uint32_t)VGIC_IIDR_REVISION_MASK)
            return VGIC_UACCESS_EINVAL;
        uint8_t rev = (uint8_t)((reg & VGIC_IIDR_REVISION_MASK) >> VGIC_IIDR_REVISION_SHIFT);
        if (rev != VGIC_IMP_REV_2 && rev != VGIC_IMP_REV_3)
            return VGIC_UACCESS_EINVAL;
        d->implementation_rev = rev;
    } else if ((uint32_t)val != reg) {
        return VGIC_UACCESS_EINVAL;
    }
    if (c->cfg->version == GIC_V2)
        d->v2_groups_user_writable = true;
    return VGIC_UACCESS_OK;
}

enum vgic_uaccess_result vgic_uaccess_write_v2_misc(const struct vgic_mmio_ctx *c,
                                                    uint32_t offset, uint32_t len,
                                                    uint64_t val)
{
    if (offset == GICD_IIDR)
        return write_iidr(c, val);
    /* GICD_CTLR and GICD_TYPER: as the guest's write. */
    return as_guest(c, vgic_v2_write_misc, offset, len, val);
}

/* GICv3: GICD_CTLR from v5.7 sets the enable alone (no kvm->lock, which the VMM holds,
 * and no kick: nothing runs); before, the guest's write served, kick included.
 * GICD_TYPER2 from v5.7 must be written unchanged (no GICv4.1 vSGIs here: 0). */
enum vgic_uaccess_result vgic_uaccess_write_v3_misc(const struct vgic_mmio_ctx *c,
                                                    uint32_t offset, uint32_t len,
                                                    uint64_t val)
{
    (void)len;
    switch (offset) {
    case GICD_IIDR:
        return write_iidr(c, val);
    case GICD_TYPER2:
        return c->rel.uaccess_virtual && val != 0 ? VGIC_UACCESS_EINVAL : VGIC_UACCESS_OK;
    case GICD_CTLR: {
        /* The VMM restores nASSGIreq as it is, on a GICv4.1 host; KVM moves the SGIs at the
         * VM's first run (vgic_v3_map_resources). vgicsim's VM is running: they move now,
         * the guest being halted for the access already. */
        bool was_enabled = c->be->dist_enabled(c->model);
        bool enabled = val & VGIC_V3_CTLR_ENABLE_G1;
        c->be->set_dist_enabled(c->model, c->op, enabled);
        struct vgic_dist_state *ds = c->be->dist_state(c->model);
        bool hw_sgis = vgic_v4_vsgi_capable(c->cfg) && (val & VGIC_V3_CTLR_NASSGIREQ);
        if (hw_sgis != ds->nassgireq) {
            ds->nassgireq = hw_sgis;
            vgic_mmio_configure_vsgis(c, hw_sgis, false);
        }
        if (c->cfg->direct_injection == GIC_DI_V4_1 && c->be->v4(c->model) &&
            was_enabled != enabled)
            c->be->reload_vpes(c->model, c->op);
        if (!c->rel.uaccess_virtual && !was_enabled && enabled)
            c->be->kick_vcpus(c->model, c->op);
        return VGIC_UACCESS_OK;
    }
    default:
        return VGIC_UACCESS_OK;   /* GICD_TYPER: read-only */
    }
}

/* ---- ICC_* system registers (GICv3) ---------------------------------------------------- */

static const char *const icc_names[VGIC_ICC_REGS] = {
    [VGIC_ICC_PMR] = "ICC_PMR_EL1",       [VGIC_ICC_BPR0] = "ICC_BPR0_EL1",
    [VGIC_ICC_AP0R0] = "ICC_AP0R0_EL1",   [VGIC_ICC_AP0R1] = "ICC_AP0R1_EL1",
    [VGIC_ICC_AP0R2] = "ICC_AP0R2_EL1",   [VGIC_ICC_AP0R3] = "ICC_AP0R3_EL1",
    [VGIC_ICC_AP1R0] = "ICC_AP1R0_EL1",   [VGIC_ICC_AP1R1] = "ICC_AP1R1_EL1",
    [VGIC_ICC_AP1R2] = "ICC_AP1R2_EL1",   [VGIC_ICC_AP1R3] = "ICC_AP1R3_EL1",
    [VGIC_ICC_BPR1] = "ICC_BPR1_EL1",     [VGIC_ICC_CTLR] = "ICC_CTLR_EL1",
    [VGIC_ICC_SRE] = "ICC_SRE_EL1",       [VGIC_ICC_IGRPEN0] = "ICC_IGRPEN0_EL1",
    [VGIC_ICC_IGRPEN1] = "ICC_IGRPEN1_EL1",
};

const char *vgic_icc_reg_name(enum vgic_icc_reg reg)
{
    return (unsigned)reg < VGIC_ICC_REGS ? icc_names[reg] : NULL;
}

bool vgic_icc_reg_by_name(const char *name, enum vgic_icc_reg *out)
{
    size_t n = strlen(name);
    for (int r = 0; r < VGIC_ICC_REGS; r++) {
        const char *full = icc_names[r];
        size_t base = strlen(full) - strlen("_EL1");
        if ((n == base + 4 && strcmp(name, full) == 0) ||
            (n == base && strncmp(name, full, base) == 0)) {
            *out = (enum vgic_icc_reg)r;
            return true;
        }
    }
    return false;
}

enum {
    ICC_CTLR_CBPR = 1u << 0,
    ICC_CTLR_EOIMODE = 1u << 1,
    ICC_CTLR_PRIBITS_SHIFT = 8,       /* PRIbits [10:8] = priority bits - 1 */
    ICC_CTLR_PRIBITS_MASK = 7u << 8,
    ICC_CTLR_IDBITS_SHIFT = 11,       /* IDbits [13:11]: 0 = 16-bit INTIDs */
    ICC_CTLR_IDBITS_MASK = 7u << 11,
    ICC_CTLR_SEIS = 1u << 14,
    ICC_CTLR_A3V = 1u << 15,
    ICC_SRE_SRE = 1u << 0,
    ICC_SRE_VALUE = 0x7,              /* SRE | DFB | DIB: a GICv3 VM's vgic_sre */
    ICC_IDBITS_16 = 0,                /* what the model's interface implements */
};

/* vgic_v3_max_apr_idx: the AP0Rn/AP1Rn words the priority bits give (5 bits: 0; 6: 1;
 * 7 and 8: 3). */
static unsigned max_apr_idx(unsigned pri_bits)
{
    return pri_bits <= 5 ? 0 : pri_bits == 6 ? 1 : 3;
}

/* vgic-sys-reg-v3.c over the vCPU's VMCR and APRs (the guest's view of the same state,
 * gic/vcpuif.h, reads and writes them for the registers whose meaning is the same). The
 * checks are KVM's: ICC_CTLR_EL1 refuses more priority or INTID bits than the vCPU has
 * and a different SEIS or A3V (a smaller PRIbits or IDbits is accepted, and KVM would
 * lower the vCPU's num_pri_bits, which narrows only the AP indices later VMM accesses
 * accept: not modelled); AP indices beyond the priority bits are refused; ICC_SRE_EL1
 * refuses SRE = 0 and ignores the rest; ICC_BPR1_EL1 writes are ignored with CBPR set. */
static enum vgic_uaccess_result icc(const struct gic_config *cfg, struct gic_vif *v,
                                    const struct vgic_vmm_access *a, uint64_t *value)
{
    struct gic_vif_arch arch;
    gic_vif_arch_init(&arch, cfg);
    struct gic_vmcr *c = &v->vmcr;
    enum vgic_icc_reg reg = (enum vgic_icc_reg)a->offset;
    uint64_t val = a->value;
    if (reg >= VGIC_ICC_AP0R0 && reg <= VGIC_ICC_AP1R3) {
        bool group1 = reg >= VGIC_ICC_AP1R0;
        unsigned n = (unsigned)(reg - (group1 ? VGIC_ICC_AP1R0 : VGIC_ICC_AP0R0));
        if (n > max_apr_idx(arch.pri_bits))
            return VGIC_UACCESS_EINVAL;
        if (a->is_write)
            c->apr[group1][n] = (uint32_t)val;   /* verbatim, as KVM stores it */
        else
            *value = c->apr[group1][n];
        return VGIC_UACCESS_OK;
    }
    switch (reg) {
    case VGIC_ICC_CTLR: {
        if (!a->is_write) {
            *value = gic_vif_read(&arch, v, GIC_CPU_CTLR);
            return VGIC_UACCESS_OK;
        }
        uint64_t cur = gic_vif_read(&arch, v, GIC_CPU_CTLR);
        uint64_t pri = (val & ICC_CTLR_PRIBITS_MASK) >> ICC_CTLR_PRIBITS_SHIFT;
        uint64_t ids = (val & ICC_CTLR_IDBITS_MASK) >> ICC_CTLR_IDBITS_SHIFT;
        if (pri + 1 > arch.pri_bits || ids > ICC_IDBITS_16 ||
            (val & ICC_CTLR_SEIS) != (cur & ICC_CTLR_SEIS) ||
            (val & ICC_CTLR_A3V) != (cur & ICC_CTLR_A3V))
            return VGIC_UACCESS_EINVAL;
        c->cbpr = val & ICC_CTLR_CBPR;
        c->eoimode = val & ICC_CTLR_EOIMODE;
        return VGIC_UACCESS_OK;
    }
    case VGIC_ICC_SRE:
        if (!a->is_write)
            *value = ICC_SRE_VALUE;
        else if (!(val & ICC_SRE_SRE))
            return VGIC_UACCESS_EINVAL;
        return VGIC_UACCESS_OK;
    case VGIC_ICC_PMR:
        if (a->is_write)
            c->pmr = (uint8_t)val & arch.pri_mask;
        else
            *value = gic_vif_read(&arch, v, GIC_CPU_PMR);
        return VGIC_UACCESS_OK;
    case VGIC_ICC_BPR0:
        if (a->is_write)
            c->bpr0 = (uint8_t)(val & 7);
        else
            *value = gic_vif_read(&arch, v, GIC_CPU_BPR0);
        return VGIC_UACCESS_OK;
    case VGIC_ICC_BPR1:
        if (a->is_write && !c->cbpr)
            c->bpr1 = (uint8_t)(val & 7);
        else if (!a->is_write)
            *value = gic_vif_read(&arch, v, GIC_CPU_BPR);
        return VGIC_UACCESS_OK;
    case VGIC_ICC_IGRPEN0:
    case VGIC_ICC_IGRPEN1: {
        bool *en = reg == VGIC_ICC_IGRPEN0 ? &c->grpen0 : &c->grpen1;
        if (a->is_write)
            *en = val & 1;
        else
            *value = *en;
        return VGIC_UACCESS_OK;
    }
    default:
        return VGIC_UACCESS_ENXIO;
    }
}

/* ---- LEVEL_INFO (GICv3) ------------------------------------------------------------------ */

static bool user_line(struct vgic_irq_state *irq, const void *arg)
{
    const struct bit_arg *a = arg;
    irq->line_level = a->bit;   /* whatever the configuration: restore order is free */
    return a->bit;
}

/* vgic_{read,write}_irq_line_level_info: bit i is INTID first + i of vCPU `vcpu`; SGIs
 * and INTIDs beyond the distributor are skipped (read as 0). A read reports the line of
 * level-sensitive interrupts; a write sets the line level whatever the configuration, a
 * 1 running the queue procedure, a 0 only lowering it. */
static void line_level(const struct vgic_mmio_ctx *c, const struct vgic_vmm_access *a,
                       uint64_t *value)
{
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t intid = a->offset + i;
        if (gic_intid_is_sgi(intid) || intid >= gic_nr_irqs(c->cfg))
            continue;
        void *irq = c->be->irq(c->model, c->op, a->vcpu, intid);
        if (!irq)
            continue;
        if (a->is_write) {
            struct bit_arg arg = {c, (a->value >> i) & 1};
            c->be->update(c->model, c->op, irq, user_line, &arg);
            continue;
        }
        struct vgic_irq_state st;
        c->be->read(c->model, c->op, irq, true, &st);
        if (st.level && st.line_level)
            *value |= UINT64_C(1) << i;
    }
}

/* ---- dispatch ---------------------------------------------------------------------------- */

enum vgic_uaccess_result vgic_uaccess(const struct gic_config *cfg, const struct vgic_backend *be,
                                      void *model, void *op, const struct vgic_vmm_access *a,
                                      uint64_t *value)
{
    *value = 0;
    if (a->vcpu >= cfg->vcpus)
        return VGIC_UACCESS_EINVAL;   /* no such vCPU: KVM finds none for the attribute */
    struct vgic_mmio_ctx c = {
        .cfg = cfg, .be = be, .model = model, .op = op, .bank = a->vcpu,
        .requester = a->vcpu, .is_user = true,
    };
    vgic_release_get(cfg, &c.rel);
    if (a->space == VGIC_VMM_ICC) {
        if (cfg->version != GIC_V3)
            return VGIC_UACCESS_ENXIO;
        return icc(cfg, be->vif(model, a->vcpu), a, value);
    }
    if (a->space == VGIC_VMM_LINE_LEVEL) {
        if (cfg->version != GIC_V3)
            return VGIC_UACCESS_ENXIO;
        if (a->offset % 32)
            return VGIC_UACCESS_EINVAL;
        line_level(&c, a, value);
        return VGIC_UACCESS_OK;
    }
    /* vgic_uaccess: always 32 bits; no region (or one that refuses the access): reads 0,
     * ignores writes. */
    enum gic_frame frame = a->space == VGIC_VMM_GICR ? GIC_FRAME_GICR : GIC_FRAME_GICD;
    struct vgic_access acc;
    if (!vgic_mmio_decode(cfg, a->vcpu, frame, a->vcpu, a->offset, 4, &acc))
        return VGIC_UACCESS_OK;
    c.bank = acc.bank;
    const struct vgic_region *r = acc.region;
    if (a->is_write) {
        uint64_t val = a->value & UINT32_MAX;
        if (r->uwrite)
            return r->uwrite(&c, a->offset, 4, val);
        r->write(&c, a->offset, 4, val);
        return VGIC_UACCESS_OK;
    }
    *value = (r->uread ? r->uread : r->read)(&c, a->offset, 4) & UINT32_MAX;
    return VGIC_UACCESS_OK;
}
