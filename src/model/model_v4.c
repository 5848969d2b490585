/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection as both models drive it (model_v4.h). */
#include "model/model_v4.h"

#include <stdlib.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"

struct vgic_v4 *model_v4_create(const struct gic_config *cfg)
{
    if (!vgic_v4_active(cfg))
        return NULL;
    struct vgic_v4 *v4 = xcalloc(1, sizeof(*v4));
    vgic_v4_init(v4, cfg, cfg->passthrough, cfg->n_passthrough);
    return v4;
}

void model_v4_destroy(struct vgic_v4 *v4)
{
    if (v4)
        vgic_v4_free(v4);
    free(v4);
}

struct shown_arg {
    const struct model_v4_ctx *c;
    uint32_t vcpu;
    uint64_t t;
};

static void report_shown(void *arg, uint32_t intid)
{
    const struct shown_arg *s = arg;
    if (s->c->hooks->shown)
        s->c->hooks->shown(s->c->sim, s->vcpu, intid, s->t);
}

/* The vSGIs' configuration as the vPE holds it: KVM pushes every change of an SGI's
 * enable, priority and group to it (its_prop_update_vsgi), so it is the model's. */
static void sync_sgi_config(const struct model_v4_ctx *c, uint32_t vcpu)
{
    for (uint32_t sgi = 0; sgi < GIC_NR_SGIS; sgi++) {
        struct vgic_irq_state st;
        c->be->sgi_state(c->model, vcpu, sgi, &st);
        vgic_v4_sgi_configure(c->v4, vcpu, sgi, st.priority, st.enabled, st.group == 0);
    }
}

/* model_v4_show, with the guest signalled at `signal_at`. */
static void show_at(const struct model_v4_ctx *c, uint32_t vcpu, uint64_t signal_at)
{
    struct gic_vif *vif = c->be->vif(c->model, vcpu);
    vif->direct_sgis = c->v4->vsgis;
    if (c->v4->vsgis)
        sync_sgi_config(c, vcpu);
    struct shown_arg s = {c, vcpu, signal_at};
    vgic_v4_reveal(c->v4, vcpu, report_shown, &s);
    vif->vlpi = vgic_v4_offer(c->v4, vcpu);
    /* A guest running sees the offer at once: no exit, no list register. */
    if (vif->vlpi.valid && c->be->in_guest(c->model, vcpu) && c->hooks->virq)
        c->hooks->virq(c->sim, vcpu, signal_at);
}

void model_v4_show(const struct model_v4_ctx *c, uint32_t vcpu)
{
    if (c->v4)
        show_at(c, vcpu, c->be->now(c->op));
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

/* A vLPI or vSGI arrived at `vcpu`'s vPE (its entry `l`); the hardware signals the vPE's
 * CPU `flight` cycles from now. */
static void arrived(const struct model_v4_ctx *c, uint32_t vcpu, uint32_t intid,
                    const struct vgic_vlpi *l, uint32_t work, uint64_t flight)
{
    uint64_t now = c->be->now(c->op);
    if (c->hooks->pended)
        c->hooks->pended(c->sim, intid < GIC_NR_SGIS ? (int32_t)vcpu : -1, intid, now);
    /* One that finds its vINTID pending and already seen by the hardware coalesces into
     * it (one pending bit): the acknowledgement to come delivers both. */
    if (l->pending && l->shown && c->hooks->shown)
        c->hooks->shown(c->sim, vcpu, intid, now + flight);
    show_at(c, vcpu, now + flight);
    /* The doorbell is a host LPI taken where the vCPU last ran: its handler kicks the
     * blocked vCPU awake, and the load after the wake-up makes the vLPI visible. That
     * CPU's work is not the sender's: the kick comes doorbell_irq later, the sender is
     * done. Counted in `doorbells`, not in the vgic's kicks. */
    if ((work & VGIC_V4_DOORBELL) && c->hooks->kick)
        c->hooks->kick(c->sim, vcpu, now + flight + c->costs->cycles[COST_DOORBELL_IRQ]);
}

void model_v4_arrived(const struct model_v4_ctx *c, uint32_t intid, enum vgic_v4_arrival arrival,
                      uint32_t work)
{
    VGICSIM_ASSERT(c->v4 && arrival != VGIC_V4_NOT_FORWARDED);
    const struct vgic_vlpi *l = &c->v4->vlpis[intid - GIC_LPI_BASE];
    arrived(c, l->vpe, intid, l, work, 0);
}

bool model_v4_sgi_is_hw(const struct model_v4_ctx *c) { return c->v4 && c->v4->vsgis; }

void model_v4_sgi(const struct model_v4_ctx *c, uint32_t target, uint32_t intid)
{
    VGICSIM_ASSERT(model_v4_sgi_is_hw(c) && intid < GIC_NR_SGIS);
    /* KVM writes GITS_SGIR (its_sgi_set_irqchip_state) and returns: the sender does not
     * wait for the vSGI, which reaches the target's CPU vsgi_delivery later. The vPE's
     * pending bit is set now [approximation: a target that becomes free during the flight
     * may take it up to vsgi_delivery early; an idle or blocked one is signalled, or its
     * doorbell rings, at the end of the flight]. */
    c->be->sync_point(c->model, c->op);
    sync_sgi_config(c, target);   /* whether it may ring the doorbell */
    uint32_t work = 0;
    enum vgic_v4_arrival arrival = vgic_v4_sgi_arrive(c->v4, target, intid, &work);
    VGICSIM_ASSERT(arrival != VGIC_V4_NOT_FORWARDED);
    (void)arrival;
    arrived(c, target, intid, &c->v4->vpes[target].sgi[intid], work,
            c->costs->cycles[COST_VSGI_DELIVERY]);
}

void model_v4_reload(const struct model_v4_ctx *c, uint32_t vcpus, bool dist_enabled)
{
    if (!c->v4)
        return;
    vgic_v4_set_group1(c->v4, dist_enabled);
    for (uint32_t v = 0; v < vcpus; v++)
        model_v4_show(c, v);
}

void model_v4_boot(struct vgic_v4 *v4, const struct gic_config *cfg, struct vgic_dist_state *d)
{
    if (!v4)
        return;
    vgic_v4_set_group1(v4, true);   /* the booted guest's distributor is enabled */
    if (!vgic_v4_vsgi_capable(cfg))
        return;
    d->nassgireq = true;
    for (uint32_t v = 0; v < cfg->vcpus; v++)
        for (uint32_t sgi = 0; sgi < GIC_NR_SGIS; sgi++)
            vgic_v4_sgi_map(v4, v, sgi, false);
    vgic_v4_set_vsgis(v4, true);
}

enum model_v4_msi model_v4_msi(const struct model_v4_ctx *c, uint32_t device, uint32_t event)
{
    if (!c->v4 || !c->its || !vgic_v4_forwards(c->v4, device))
        return MODEL_V4_EMULATED;
    /* The host's ITS translates with the mapping KVM gave it (VMAPTI, VMOVI): it holds
     * while the guest's ITE does, whatever the guest's ITS enable, the collection and the
     * target's EnableLPIs say, none of which KVM mirrors. */
    c->be->sync_point(c->model, c->op);
    uint32_t intid, work = 0;
    if (vgic_its_ite_lpi(c->its, device, event, &intid)) {
        enum vgic_v4_arrival arrival = vgic_v4_arrive(c->v4, intid, &work);
        if (arrival != VGIC_V4_NOT_FORWARDED) {
            model_v4_arrived(c, intid, arrival, work);
            return MODEL_V4_DELIVERED;
        }
    }
    /* Not forwarded (never mapped while VFIO's bypass was set up, or unmapped since): the
     * host takes the MSI and VFIO's eventfd brings it into KVM's emulation, whose host path
     * is msi_inject (the caller charged vlpi_delivery, the host ITS's part). */
    c->be->charge(c->model, c->op, COST_MSI_INJECT);
    return MODEL_V4_EMULATED;
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

bool model_v4_pending_last(const struct vgic_v4 *v4, uint32_t vcpu)
{
    return v4 && vgic_v4_pending_last(v4, vcpu);
}

bool model_v4_wfi_traps(const struct vgic_v4 *v4, uint32_t vcpu)
{
    if (!v4 || v4->release < VGIC_RELEASE_V4_LOAD_PUT)
        return true;
    return v4->vpes[vcpu].vlpi_count == 0 && !v4->vsgis;
}

void model_v4_counters(const struct vgic_v4 *v4, struct vgic_counters *out)
{
    if (!v4)
        return;
    vgic_counters_add(out, "directly_injected", v4->directly_injected);
    vgic_counters_add(out, "doorbells", v4->doorbells);
    vgic_counters_add(out, "vmovps", v4->vmovps);
}
