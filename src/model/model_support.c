/* SPDX-License-Identifier: GPL-2.0-only */
/* What every model shares: its copy of the machine configuration, and what its queries
 * answer (see vgic_model.h). */
#include "model/vgic_model.h"

#include <string.h>

#include "util/xalloc.h"

uint32_t *vgic_config_copy(struct gic_config *dst, const struct gic_config *src)
{
    uint32_t *hw_mapped = xcalloc(src->n_hw_mapped, sizeof(*hw_mapped));
    if (src->n_hw_mapped)
        memcpy(hw_mapped, src->hw_mapped, src->n_hw_mapped * sizeof(*hw_mapped));
    *dst = *src;
    dst->hw_mapped = hw_mapped;
    return hw_mapped;
}

void vgic_snapshot_fill(struct vgic_irq_snapshot *out, const struct vgic_irq_state *s,
                        const struct gic_vif *holder, bool holder_in_guest)
{
    out->s = *s;
    out->pending = vgic_irq_pending(s);
    out->active = s->active;
    if (!holder || !holder_in_guest)
        return;
    /* The guest may have acknowledged or completed it since the hypervisor last looked. */
    for (uint32_t i = 0; i < holder->used_lrs; i++) {
        const struct gic_lr *lr = &holder->lr[i];
        if (lr->intid != s->intid)
            continue;
        out->active = lr->state & GIC_LR_ACTIVE;
        out->pending = out->pending || (lr->state & GIC_LR_PENDING);
    }
}

void vgic_snapshot_absent(struct vgic_irq_snapshot *out)
{
    memset(out, 0, sizeof(*out));
    out->s.target = out->s.listed_on = out->s.owner = VGIC_NO_VCPU;
}

void vgic_counters_add(struct vgic_counters *c, const char *name, uint64_t value)
{
    if (c->n_extra >= VGIC_MAX_EXTRA_COUNTERS)
        return;
    c->extra[c->n_extra].name = name;
    c->extra[c->n_extra].value = value;
    c->n_extra++;
}

uint64_t vgic_counters_get(const struct vgic_counters *c, const char *name)
{
    for (uint32_t k = 0; k < c->n_extra; k++)
        if (strcmp(c->extra[k].name, name) == 0)
            return c->extra[k].value;
    return 0;
}

const char *vgic_res_kind_name(uint16_t kind)
{
    static const char *const names[VGIC_RES_MODEL_KINDS] = {
        [VGIC_RES_IRQ_LOCK] = "irq_lock",
        [VGIC_RES_AP_LIST_LOCK] = "ap_list_lock",
        [VGIC_RES_KVM_LOCK] = "kvm_lock",
        [VGIC_RES_IRQ_LINE] = "irq_line",
        [VGIC_RES_DESC_LINE] = "descriptor_line",
        [VGIC_RES_OVERFLOW_LINE] = "overflow_line",
        [VGIC_RES_SPIS_LINE] = "spis_line",
        [VGIC_RES_KVM_LINE] = "kvm_lock_line",
    };
    return kind < VGIC_RES_MODEL_KINDS ? names[kind] : NULL;
}

void vgic_hooks_pended(const struct vgic_hooks *hooks, void *sim, enum gic_version version,
                       const struct vgic_irq_state *st, uint64_t when)
{
    if (!hooks->pended || !vgic_irq_pending(st))
        return;
    int32_t bank = gic_intid_is_private(st->intid) ? st->owner : -1;
    if (!vgic_irq_is_v2_sgi(version, st)) {
        hooks->pended(sim, bank, st->intid, when);
        return;
    }
    for (uint32_t src = 0; src < 8; src++)
        if (st->source >> src & 1)
            hooks->pended(sim, bank, st->intid | src << GIC_V2_CPUID_SHIFT, when);
}

const char *const vgic_mi_cause_names[VGIC_MI_CAUSES] = {
    [VGIC_MI_EOI] = "eoi", [VGIC_MI_UNDERFLOW] = "underflow",
    [VGIC_MI_NO_PENDING] = "no_pending", [VGIC_MI_LR_ENTRY_NO_PENDING] = "lr_entry_no_pending",
    [VGIC_MI_GROUP] = "group",
};

const char *const vgic_exit_reason_names[VGIC_EXIT_REASONS] = {
    [VGIC_EXIT_IRQ] = "irq", [VGIC_EXIT_MMIO] = "mmio", [VGIC_EXIT_SYSREG] = "sysreg",
    [VGIC_EXIT_WFI] = "wfi", [VGIC_EXIT_OTHER] = "other",
};

const char *const vgic_mi_cause_meanings[VGIC_MI_CAUSES] = {
    [VGIC_MI_EOI] = "maintenance interrupts caused by an LR with EOI set becoming invalid",
    [VGIC_MI_UNDERFLOW] = "maintenance interrupts caused by underflow (UIE: at most one LR valid)",
    [VGIC_MI_NO_PENDING] = "maintenance interrupts caused by no LR pending (NPIE)",
    [VGIC_MI_LR_ENTRY_NO_PENDING] = "maintenance interrupts caused by EOIcount not zero (LRENPIE)",
    [VGIC_MI_GROUP] = "maintenance interrupts caused by a group enabled or disabled",
};

const char *const vgic_exit_reason_meanings[VGIC_EXIT_REASONS] = {
    [VGIC_EXIT_IRQ] = "exits for a host interrupt (a kick, a maintenance interrupt, the timer)",
    [VGIC_EXIT_MMIO] = "exits for a trapped distributor or redistributor access",
    [VGIC_EXIT_SYSREG] = "exits for a trapped system register (ICC_SGI1R_EL1, a trapped DIR)",
    [VGIC_EXIT_WFI] = "exits for the guest waiting for an interrupt (WFI)",
    [VGIC_EXIT_OTHER] = "entries given up before the guest ran",
};

enum vgic_mi_cause vgic_mi_cause_of(uint32_t bits)
{
    if (bits & GIC_MI_EOI)
        return VGIC_MI_EOI;
    if (bits & GIC_MI_UNDERFLOW)
        return VGIC_MI_UNDERFLOW;
    if (bits & GIC_MI_NP)
        return VGIC_MI_NO_PENDING;
    if (bits & GIC_MI_LRENP)
        return VGIC_MI_LR_ENTRY_NO_PENDING;
    return VGIC_MI_GROUP;
}
