/* SPDX-License-Identifier: GPL-2.0-only */
/* What every model shares: its copy of the machine configuration, and what its queries
 * answer (see vgic_model.h). */
#include "model/vgic_model.h"

#include <string.h>

#include "util/xalloc.h"

uint32_t *vgic_config_copy(struct gic_config *dst, const struct gic_config *src)
{
    /* One block for both lists, so that the model frees one pointer. */
    uint32_t *lists = xcalloc(src->n_hw_mapped + src->n_passthrough + 1, sizeof(*lists));
    if (src->n_hw_mapped)
        memcpy(lists, src->hw_mapped, src->n_hw_mapped * sizeof(*lists));
    if (src->n_passthrough)
        memcpy(lists + src->n_hw_mapped, src->passthrough,
               src->n_passthrough * sizeof(*lists));
    *dst = *src;
    dst->hw_mapped = lists;
    dst->passthrough = lists + src->n_hw_mapped;
    return lists;
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

uint64_t vgic_counter_common(const struct vgic_counters *c, enum vgic_common_counter which)
{
    switch (which) {
    case VGIC_CTR_KICKS: return c->kicks;
    case VGIC_CTR_EXITS: return c->exits;
    case VGIC_CTR_ENTRIES: return c->entries;
    case VGIC_CTR_MAINTENANCE: return c->maintenance_irqs;
    case VGIC_CTR_LR_OVERFLOWS: return c->lr_overflows;
    case VGIC_CTR_MMIO_TRAPS: return c->mmio_traps;
    default: return 0;
    }
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
        [VGIC_RES_ITS_CMD_LOCK] = "its_cmd_lock",
        [VGIC_RES_ITS_LOCK] = "its_lock",
        [VGIC_RES_LPI_LIST_LOCK] = "lpi_list_lock",
        [VGIC_RES_ITS_LINE] = "its_line",
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

static bool no_guest_read(void *sim, uint64_t gpa, void *buf, uint32_t len)
{
    (void)sim, (void)gpa, (void)buf, (void)len;
    return false;
}

static void no_guest_write(void *sim, uint64_t gpa, const void *buf, uint32_t len)
{
    (void)sim, (void)gpa, (void)buf, (void)len;
}

struct vgic_its_guest_mem vgic_hooks_guest_mem(const struct vgic_hooks *hooks, void *sim)
{
    return (struct vgic_its_guest_mem){
        .read = hooks->read_guest ? hooks->read_guest : no_guest_read,
        .write = hooks->write_guest ? hooks->write_guest : no_guest_write,
        .sim = sim,
    };
}
