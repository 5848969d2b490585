/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection as both models drive it (model_v4.h). */
#include "model/model_v4.h"

#include "util/debug_checks.h"

struct shown_arg {
    const struct model_v4_ctx *c;
    uint32_t vcpu;
};

static void report_shown(void *arg, uint32_t intid)
{
    const struct shown_arg *s = arg;
    if (s->c->hooks->shown)
        s->c->hooks->shown(s->c->sim, s->vcpu, intid, s->c->be->now(s->c->op));
}

void model_v4_show(const struct model_v4_ctx *c, uint32_t vcpu)
{
    if (!c->v4)
        return;
    struct shown_arg s = {c, vcpu};
    vgic_v4_reveal(c->v4, vcpu, report_shown, &s);
    struct gic_vif *vif = c->be->vif(c->model, vcpu);
    vif->vlpi = vgic_v4_offer(c->v4, vcpu);
    /* A guest running sees the offer at once: no exit, no list register. */
    if (vif->vlpi.valid && c->be->in_guest(c->model, vcpu) && c->hooks->virq)
        c->hooks->virq(c->sim, vcpu, c->be->now(c->op));
}

static void charge_work(const struct model_v4_ctx *c, uint32_t work)
{
    if (work & VGIC_V4_SCHEDULE)
        c->be->charge(c->model, c->op, COST_VPE_SCHEDULE);
    if (work & VGIC_V4_DESCHEDULE)
        c->be->charge(c->model, c->op, COST_VPE_DESCHEDULE);
    if (work & VGIC_V4_VPT_PARSE)
        c->be->charge(c->model, c->op, COST_VPT_PARSE);
    if (work & VGIC_V4_VPT_PARSE_SLOW)
        c->be->charge(c->model, c->op, COST_VPT_PARSE_SLOW);
}

void model_v4_arrived(const struct model_v4_ctx *c, uint32_t intid, enum vgic_v4_arrival arrival,
                      uint32_t work)
{
    VGICSIM_ASSERT(c->v4 && arrival != VGIC_V4_NOT_FORWARDED);
    uint32_t vcpu = c->v4->vlpis[intid - GIC_LPI_BASE].vpe;
    uint64_t now = c->be->now(c->op);
    if (c->hooks->pended)
        c->hooks->pended(c->sim, -1, intid, now);
    /* An MSI that finds its vLPI pending and already seen by the hardware coalesces into
     * it (one pending bit): the acknowledgement to come delivers both. */
    const struct vgic_vlpi *l = &c->v4->vlpis[intid - GIC_LPI_BASE];
    if (l->pending && l->shown && c->hooks->shown)
        c->hooks->shown(c->sim, vcpu, intid, now);
    model_v4_show(c, vcpu);
    /* The doorbell is a host LPI taken where the vCPU last ran: its handler kicks the
     * blocked vCPU awake, and the load after the wake-up makes the vLPI visible. That
     * CPU's work is not the sender's: the kick comes doorbell_irq later, the sender is
     * done. Counted in `doorbells`, not in the vgic's kicks. */
    if ((work & VGIC_V4_DOORBELL) && c->hooks->kick)
        c->hooks->kick(c->sim, vcpu, now + c->costs->cycles[COST_DOORBELL_IRQ]);
}

enum model_v4_msi model_v4_msi(const struct model_v4_ctx *c, uint32_t device, uint32_t event)
{
    if (!c->v4 || !vgic_v4_forwards(c->v4, device))
        return MODEL_V4_EMULATED;
    /* The host's ITS translates with the mappings KVM gave it (VMAPTI, VMOVI, DISCARD):
     * what the guest's ITS tables say, every change having been mirrored. */
    c->be->sync_point(c->model, c->op);
    struct vgic_its_translation t;
    if (vgic_its_resolve(c->its, device, event, &t) != VGIC_ITS_XLATE_OK)
        return MODEL_V4_DROPPED;
    uint32_t work = 0;
    enum vgic_v4_arrival arrival = vgic_v4_arrive(c->v4, t.intid, &work);
    if (arrival == VGIC_V4_NOT_FORWARDED) {
        /* An event KVM could not forward (its collection had no vCPU when it was mapped)
         * goes VFIO's eventfd way into KVM's emulation, whose host path is msi_inject. */
        c->be->charge(c->model, c->op, COST_MSI_INJECT);
        return MODEL_V4_EMULATED;
    }
    model_v4_arrived(c, t.intid, arrival, work);
    return MODEL_V4_DELIVERED;
}

void model_v4_entry(const struct model_v4_ctx *c, uint32_t vcpu)
{
    if (!c->v4)
        return;
    charge_work(c, vgic_v4_entry(c->v4, vcpu));
    model_v4_show(c, vcpu);
}

void model_v4_exit(const struct model_v4_ctx *c, uint32_t vcpu)
{
    if (!c->v4)
        return;
    charge_work(c, vgic_v4_exit(c->v4, vcpu));
    c->be->vif(c->model, vcpu)->vlpi = vgic_v4_offer(c->v4, vcpu);
}

void model_v4_block(const struct model_v4_ctx *c, uint32_t vcpu)
{
    if (!c->v4)
        return;
    c->be->sync_point(c->model, c->op);   /* PendingLast: what the hardware has by now */
    charge_work(c, vgic_v4_block(c->v4, vcpu));
    c->be->vif(c->model, vcpu)->vlpi = vgic_v4_offer(c->v4, vcpu);
}

void model_v4_wake(const struct model_v4_ctx *c, uint32_t vcpu)
{
    if (!c->v4)
        return;
    c->be->sync_point(c->model, c->op);
    charge_work(c, vgic_v4_wake(c->v4, vcpu));
    model_v4_show(c, vcpu);
}

void model_v4_acked(const struct model_v4_ctx *c, uint32_t vcpu, uint32_t intid)
{
    VGICSIM_ASSERT(c->v4 != NULL);
    vgic_v4_acked(c->v4, vcpu, intid);
    model_v4_show(c, vcpu);
}

bool model_v4_pending_last(const struct vgic_its *its, uint32_t vcpu)
{
    return its && its->v4 && vgic_v4_pending_last(its->v4, vcpu);
}

void model_v4_counters(const struct vgic_its *its, struct vgic_counters *out)
{
    if (!its || !its->v4)
        return;
    vgic_counters_add(out, "directly_injected", its->v4->directly_injected);
    vgic_counters_add(out, "doorbells", its->v4->doorbells);
    vgic_counters_add(out, "vmovps", its->v4->vmovps);
}
