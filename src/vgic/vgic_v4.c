/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection: the vPEs and forwarded LPIs both models share (vgic_v4.h). */
#include "vgic/vgic_v4.h"

#include <stdlib.h>
#include <string.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"
#include "vgic/vgic_release.h"

bool vgic_v4_active(const struct gic_config *cfg)
{
    if (cfg->version != GIC_V3 || cfg->direct_injection == GIC_DI_NONE)
        return false;
    if (cfg->its)
        return true;
    /* Without an ITS only GICv4.1's vSGIs are left, from v5.8 ("Initialize GICv4.1 even in
     * the absence of a virtual ITS"); KVM 5.7 set nothing up then. */
    struct vgic_release rel;
    vgic_release_get(cfg, &rel);
    return cfg->direct_injection == GIC_DI_V4_1 && rel.code >= VGIC_RELEASE_V4_1_VSGI;
}

bool vgic_v4_vsgi_capable(const struct gic_config *cfg)
{
    struct vgic_release rel;
    vgic_release_get(cfg, &rel);
    return cfg->version == GIC_V3 && cfg->direct_injection == GIC_DI_V4_1 &&
           rel.code >= VGIC_RELEASE_V4_1_VSGI;
}

void vgic_v4_init(struct vgic_v4 *v4, const struct gic_config *cfg,
                  const uint32_t *passthrough, uint32_t n_passthrough)
{
    struct vgic_release rel;
    vgic_release_get(cfg, &rel);
    /* A GICv4.1 vPE's Group 1 follows the distributor's enable, which is off at reset (a
     * booted guest's is on: model_v4_boot). */
    *v4 = (struct vgic_v4){.mode = cfg->direct_injection, .release = rel.code,
                           .vcpus = cfg->vcpus, .lpis = cfg->lpis,
                           .group1 = cfg->direct_injection != GIC_DI_V4_1};
    v4->vpes = xcalloc(cfg->vcpus, sizeof(*v4->vpes));
    for (uint32_t i = 0; i < cfg->vcpus; i++)
        v4->vpes[i].resident = true;
    v4->vlpis = xcalloc(cfg->lpis ? cfg->lpis : 1, sizeof(*v4->vlpis));
    for (uint32_t c = 0; c < cfg->vcpus; c++)
        for (uint32_t i = 0; i < GIC_NR_SGIS; i++)
            v4->vpes[c].sgi[i].vpe = c;
    v4->passthrough = xcalloc(1u << 16, sizeof(*v4->passthrough));
    v4->bypassed = xcalloc(1u << 16, sizeof(*v4->bypassed));
    for (uint32_t i = 0; i < n_passthrough; i++)
        if (passthrough[i] < (1u << 16))
            v4->passthrough[passthrough[i]] = true;
}

void vgic_v4_free(struct vgic_v4 *v4)
{
    for (uint32_t i = 0; v4->vpes && i < v4->vcpus; i++)
        free(v4->vpes[i].pending);
    free(v4->vpes);
    free(v4->vlpis);
    free(v4->passthrough);
    for (uint32_t d = 0; v4->bypassed && d < (1u << 16); d++)
        free(v4->bypassed[d]);
    free(v4->bypassed);
    memset(v4, 0, sizeof(*v4));
}

static bool is_v4_1(const struct vgic_v4 *v4) { return v4->mode == GIC_DI_V4_1; }
static bool load_put(const struct vgic_v4 *v4) { return v4->release >= VGIC_RELEASE_V4_LOAD_PUT; }

static struct vgic_vlpi *vlpi_of(struct vgic_v4 *v4, uint32_t intid)
{
    if (intid < GIC_LPI_BASE || intid - GIC_LPI_BASE >= v4->lpis)
        return NULL;
    return &v4->vlpis[intid - GIC_LPI_BASE];
}

/* A vLPI, or one of the vPE's vSGIs. */
static struct vgic_vlpi *entry_of(struct vgic_v4 *v4, uint32_t vcpu, uint32_t intid)
{
    return intid < GIC_NR_SGIS ? &v4->vpes[vcpu].sgi[intid] : vlpi_of(v4, intid);
}

static const struct vgic_vlpi *entry_at(const struct vgic_v4 *v4, uint32_t vcpu, uint32_t intid)
{
    return entry_of((struct vgic_v4 *)v4, vcpu, intid);
}

static const struct vgic_vlpi *vlpi_at(const struct vgic_v4 *v4, uint32_t intid)
{
    return vlpi_of((struct vgic_v4 *)v4, intid);
}

/* ---- a vPE's pending vLPIs ---------------------------------------------------------- */

static void vpt_add(struct vgic_vpe *vpe, uint32_t intid)
{
    if (vpe->n_pending == vpe->cap_pending) {
        vpe->cap_pending = vpe->cap_pending ? 2 * vpe->cap_pending : 8;
        vpe->pending = xrealloc(vpe->pending, vpe->cap_pending * sizeof(*vpe->pending));
    }
    vpe->pending[vpe->n_pending++] = intid;
}

static void vpt_remove(struct vgic_vpe *vpe, uint32_t intid)
{
    for (uint32_t i = 0; i < vpe->n_pending; i++)
        if (vpe->pending[i] == intid) {
            /* Keep arrival order: the offer breaks priority ties by it. */
            memmove(&vpe->pending[i], &vpe->pending[i + 1],
                    (vpe->n_pending - i - 1) * sizeof(*vpe->pending));
            vpe->n_pending--;
            return;
        }
}

/* Sets or clears the LPI's bit in its vPE's VPT. */
static void set_pending(struct vgic_v4 *v4, struct vgic_vlpi *l, uint32_t intid, bool pending)
{
    if (l->pending == pending)
        return;
    l->pending = pending;
    l->shown = false;
    if (pending)
        vpt_add(&v4->vpes[l->vpe], intid);
    else
        vpt_remove(&v4->vpes[l->vpe], intid);
}

/* ---- forwarding ---------------------------------------------------------------------- */

bool vgic_v4_forwards(const struct vgic_v4 *v4, uint32_t device)
{
    return device < (1u << 16) && v4->passthrough[device];
}

bool vgic_v4_is_forwarded(const struct vgic_v4 *v4, uint32_t intid)
{
    const struct vgic_vlpi *l = vlpi_at(v4, intid);
    return l && l->forwarded;
}

void vgic_v4_forward(struct vgic_v4 *v4, uint32_t intid, uint32_t vcpu, uint8_t priority,
                     bool enabled, bool pending)
{
    struct vgic_vlpi *l = vlpi_of(v4, intid);
    VGICSIM_ASSERT(l && vcpu < v4->vcpus);
    if (l->forwarded)
        return;   /* another ITE of the same LPI: one mapping (KVM shares the vgic_irq) */
    *l = (struct vgic_vlpi){.forwarded = true, .enabled = enabled, .priority = priority,
                            .vpe = vcpu};
    v4->vpes[vcpu].vlpi_count++;
    set_pending(v4, l, intid, pending);
}

void vgic_v4_unforward(struct vgic_v4 *v4, uint32_t intid)
{
    struct vgic_vlpi *l = vlpi_of(v4, intid);
    if (!l || !l->forwarded)
        return;
    set_pending(v4, l, intid, false);
    /* its_free_ite unmaps the vLPI but leaves the vPE's vlpi_count as it was (only VFIO's
     * kvm_vgic_v4_unset_forwarding lowers it): its WFI keeps not trapping. */
    *l = (struct vgic_vlpi){0};
}

bool vgic_v4_bypass_claim(struct vgic_v4 *v4, uint32_t device, uint32_t event)
{
    if (!vgic_v4_forwards(v4, device) || event >= (1u << 16))
        return false;
    if (!v4->bypassed[device])
        v4->bypassed[device] = xcalloc((1u << 16) / 8, 1);
    uint8_t *byte = &v4->bypassed[device][event / 8];
    uint8_t bit = (uint8_t)(1u << (event % 8));
    if (*byte & bit)
        return false;
    *byte |= bit;
    return true;
}

/* A pending vLPI of a non-resident vPE that becomes deliverable rings an armed doorbell
 * (GICv4.0: the doorbell's handler disables it; GICv4.1: the redistributor clears the
 * DB bit once it has signalled). */
/* Could the vPE deliver it: enabled, of a group its vPE has enabled (GICv4.1: Group 1 while
 * the distributor is enabled, never Group 0)? */
static bool deliverable(const struct vgic_v4 *v4, const struct vgic_vlpi *l)
{
    return l->enabled && v4->group1 && !(v4->mode == GIC_DI_V4_1 && l->group0);
}

static bool ring(struct vgic_v4 *v4, struct vgic_vpe *vpe, uint32_t *work)
{
    if (vpe->resident || !vpe->doorbell_armed)
        return false;
    vpe->doorbell_armed = false;
    vpe->pending_last = true;
    v4->doorbells++;
    *work |= VGIC_V4_DOORBELL;
    return true;
}

uint32_t vgic_v4_configure(struct vgic_v4 *v4, uint32_t intid, uint8_t priority, bool enabled)
{
    struct vgic_vlpi *l = vlpi_of(v4, intid);
    uint32_t work = 0;
    if (!l || !l->forwarded)
        return work;
    bool enabling = enabled && !l->enabled;
    l->priority = priority;
    l->enabled = enabled;
    /* [I] the redistributor signals a pending vLPI once it may be delivered, as when it
     * arrives enabled (vgic_v4_arrive). */
    if (enabling && l->pending && deliverable(v4, l))
        ring(v4, &v4->vpes[l->vpe], &work);
    return work;
}

void vgic_v4_move(struct vgic_v4 *v4, uint32_t intid, uint32_t vcpu)
{
    struct vgic_vlpi *l = vlpi_of(v4, intid);
    VGICSIM_ASSERT(vcpu < v4->vcpus);
    if (!l || !l->forwarded || l->vpe == vcpu)
        return;
    bool pending = l->pending;
    set_pending(v4, l, intid, false);
    v4->vpes[l->vpe].vlpi_count--;
    l->vpe = vcpu;
    v4->vpes[vcpu].vlpi_count++;
    set_pending(v4, l, intid, pending);
}

/* ---- the vLPI's life ---------------------------------------------------------------- */

static enum vgic_v4_arrival arrive(struct vgic_v4 *v4, struct vgic_vlpi *l, uint32_t intid,
                                   uint32_t *work)
{
    set_pending(v4, l, intid, true);
    v4->directly_injected++;
    struct vgic_vpe *vpe = &v4->vpes[l->vpe];
    if (vpe->resident)
        return VGIC_V4_OFFERED;
    /* A disabled vLPI waits in the VPT without ringing: the redistributor only signals
     * what it could deliver. */
    if (!deliverable(v4, l) || !ring(v4, vpe, work))
        return VGIC_V4_QUEUED;
    return VGIC_V4_DOORBELL_RANG;
}

enum vgic_v4_arrival vgic_v4_arrive(struct vgic_v4 *v4, uint32_t intid, uint32_t *work)
{
    struct vgic_vlpi *l = vlpi_of(v4, intid);
    if (!l || !l->forwarded)
        return VGIC_V4_NOT_FORWARDED;
    return arrive(v4, l, intid, work);
}

/* ---- GICv4.1 vSGIs -------------------------------------------------------------------- */

void vgic_v4_sgi_map(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi, bool pending)
{
    VGICSIM_ASSERT(vcpu < v4->vcpus && sgi < GIC_NR_SGIS);
    struct vgic_vlpi *l = &v4->vpes[vcpu].sgi[sgi];
    if (l->forwarded)
        return;
    l->forwarded = true;
    set_pending(v4, l, sgi, pending);
}

bool vgic_v4_sgi_unmap(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi)
{
    VGICSIM_ASSERT(vcpu < v4->vcpus && sgi < GIC_NR_SGIS);
    struct vgic_vlpi *l = &v4->vpes[vcpu].sgi[sgi];
    bool pending = l->pending;
    set_pending(v4, l, sgi, false);
    l->forwarded = false;
    return pending;
}

void vgic_v4_set_vsgis(struct vgic_v4 *v4, bool on) { v4->vsgis = on; }

void vgic_v4_set_group1(struct vgic_v4 *v4, bool enabled)
{
    if (v4->mode == GIC_DI_V4_1)
        v4->group1 = enabled;
}

void vgic_v4_sgi_configure(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi, uint8_t priority,
                           bool enabled, bool group0)
{
    VGICSIM_ASSERT(vcpu < v4->vcpus && sgi < GIC_NR_SGIS);
    struct vgic_vlpi *l = &v4->vpes[vcpu].sgi[sgi];
    l->priority = priority;
    l->enabled = enabled;
    l->group0 = group0;
}

enum vgic_v4_arrival vgic_v4_sgi_arrive(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi,
                                        uint32_t *work)
{
    VGICSIM_ASSERT(vcpu < v4->vcpus && sgi < GIC_NR_SGIS);
    struct vgic_vlpi *l = &v4->vpes[vcpu].sgi[sgi];
    if (!l->forwarded)
        return VGIC_V4_NOT_FORWARDED;
    return arrive(v4, l, sgi, work);
}

void vgic_v4_clear(struct vgic_v4 *v4, uint32_t intid)
{
    struct vgic_vlpi *l = vlpi_of(v4, intid);
    if (l && l->forwarded)
        set_pending(v4, l, intid, false);
}

void vgic_v4_acked(struct vgic_v4 *v4, uint32_t vcpu, uint32_t intid)
{
    struct vgic_vlpi *l = entry_of(v4, vcpu, intid);
    VGICSIM_ASSERT(l && l->forwarded && l->vpe == vcpu && l->pending);
    set_pending(v4, l, intid, false);
}

/* The vPE's best enabled pending vLPI, or NULL. */
static const struct vgic_vlpi *best_pending(const struct vgic_v4 *v4, uint32_t vcpu,
                                            uint32_t *intid)
{
    const struct vgic_vpe *vpe = &v4->vpes[vcpu];
    const struct vgic_vlpi *best = NULL;
    for (uint32_t i = 0; i < vpe->n_pending; i++) {
        const struct vgic_vlpi *l = entry_at(v4, vcpu, vpe->pending[i]);
        if (!deliverable(v4, l) || (best && best->priority <= l->priority))
            continue;
        best = l;
        *intid = vpe->pending[i];
    }
    return best;
}

struct gic_vlpi_offer vgic_v4_offer(const struct vgic_v4 *v4, uint32_t vcpu)
{
    uint32_t intid = 0;
    const struct vgic_vlpi *l = v4->vpes[vcpu].resident ? best_pending(v4, vcpu, &intid) : NULL;
    if (!l)
        return (struct gic_vlpi_offer){0};
    return (struct gic_vlpi_offer){.valid = true, .group0 = l->group0, .intid = intid,
                                   .priority = l->priority};
}

void vgic_v4_reveal(struct vgic_v4 *v4, uint32_t vcpu, void (*fn)(void *arg, uint32_t intid),
                    void *arg)
{
    const struct vgic_vpe *vpe = &v4->vpes[vcpu];
    if (!vpe->resident)
        return;
    for (uint32_t i = 0; i < vpe->n_pending; i++) {
        struct vgic_vlpi *l = entry_of(v4, vcpu, vpe->pending[i]);
        if (!l->shown) {
            l->shown = true;
            fn(arg, vpe->pending[i]);
        }
    }
}

bool vgic_v4_has_pending(const struct vgic_v4 *v4, uint32_t vcpu)
{
    uint32_t intid;
    return best_pending(v4, vcpu, &intid) != NULL;
}

bool vgic_v4_pending_last(const struct vgic_v4 *v4, uint32_t vcpu)
{
    return v4->vpes[vcpu].pending_last;
}

/* ---- residency ------------------------------------------------------------------------ */

/* its_make_vpe_resident: GICv4.1 owes the Dirty poll (from v5.11 at the next flush; before
 * inside the schedule, in 10 us steps). */
static uint32_t schedule(struct vgic_v4 *v4, struct vgic_vpe *vpe)
{
    uint32_t work = VGIC_V4_SCHEDULE;
    vpe->resident = true;
    vpe->doorbell_armed = false;
    vpe->pending_last = false;
    if (is_v4_1(v4)) {
        if (v4->release >= VGIC_RELEASE_V4_LATE_POLL)
            vpe->poll_owed = true;
        else
            work |= VGIC_V4_VPT_PARSE_SLOW;
    }
    return work;
}

/* its_make_vpe_non_resident: PendingLast read back ([I] on GICv4.0 too: its_vpe_deschedule
 * reads it there as well). */
static uint32_t deschedule(struct vgic_v4 *v4, uint32_t vcpu, bool doorbell)
{
    struct vgic_vpe *vpe = &v4->vpes[vcpu];
    vpe->resident = false;
    vpe->doorbell_armed = doorbell;
    vpe->pending_last = vgic_v4_has_pending(v4, vcpu);
    return VGIC_V4_DESCHEDULE;
}

uint32_t vgic_v4_entry(struct vgic_v4 *v4, uint32_t vcpu)
{
    struct vgic_vpe *vpe = &v4->vpes[vcpu];
    if (!load_put(v4))
        return vpe->resident ? 0 : schedule(v4, vpe);
    if (!vpe->poll_owed)
        return 0;
    vpe->poll_owed = false;
    return VGIC_V4_VPT_PARSE;
}

uint32_t vgic_v4_exit(struct vgic_v4 *v4, uint32_t vcpu)
{
    if (load_put(v4) || !v4->vpes[vcpu].resident)
        return 0;
    return deschedule(v4, vcpu, false);
}

uint32_t vgic_v4_block(struct vgic_v4 *v4, uint32_t vcpu)
{
    struct vgic_vpe *vpe = &v4->vpes[vcpu];
    if (load_put(v4))
        return vpe->resident ? deschedule(v4, vcpu, true) : 0;
    /* Before v5.5 the vPE left at the exit (or, for a vCPU that blocks before it ever ran,
     * leaves now); the blocking hook enables the doorbell. */
    uint32_t work = vpe->resident ? deschedule(v4, vcpu, true) : 0;
    vpe->doorbell_armed = true;
    vpe->pending_last = vgic_v4_has_pending(v4, vcpu);
    return work;
}

uint32_t vgic_v4_wake(struct vgic_v4 *v4, uint32_t vcpu)
{
    struct vgic_vpe *vpe = &v4->vpes[vcpu];
    if (load_put(v4))
        return vpe->resident ? 0 : schedule(v4, vpe);
    vpe->doorbell_armed = false;
    vpe->pending_last = false;
    return 0;
}
