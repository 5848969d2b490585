/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection as both models drive it: src/vgic/vgic_v4's rules with a model's
 * clock, CPU interfaces and hooks. KVM takes no vgic lock for any of it -- the vPEs and
 * their virtual pending tables are the host GIC's, changed by a vCPU's own context at
 * load/put (entry, exit, WFI) and by the hardware when a vLPI arrives -- so the models
 * differ only in how they charge time and where their CPU interfaces are; they lend
 * those (struct model_v4_backend) and share everything else. */
#ifndef VGICSIM_MODEL_MODEL_V4_H
#define VGICSIM_MODEL_MODEL_V4_H

#include "model/vgic_model.h"
#include "vgic/vgic_its.h"
#include "vgic/vgic_v4.h"

struct model_v4_backend {
    void (*charge)(void *model, void *op, enum cost_op what);
    /* The operation reads state another context changes: earlier operations first. */
    void (*sync_point)(void *model, void *op);
    uint64_t (*now)(const void *op);
    struct gic_vif *(*vif)(void *model, uint32_t vcpu);
    bool (*in_guest)(const void *model, uint32_t vcpu);
    /* The state of `vcpu`'s SGI `intid` in the model (its configuration is what KVM
     * mirrors to the vPE's vSGI table). */
    void (*sgi_state)(void *model, uint32_t vcpu, uint32_t intid, struct vgic_irq_state *out);
};

/* One operation's view: the machine's direct injection (v4 NULL: none, and every
 * procedure below does nothing), the model and its operation. */
struct model_v4_ctx {
    struct vgic_its *its;
    struct vgic_v4 *v4;
    const struct model_v4_backend *be;
    void *model, *op;
    const struct vgic_hooks *hooks;
    void *sim;
    const struct cost_model *costs;
};

/* The machine's GICv4 state (vgic_v4_init), or NULL without direct injection. */
struct vgic_v4 *model_v4_create(const struct gic_config *cfg);
void model_v4_destroy(struct vgic_v4 *v4);

/* `vcpu`'s vPE changed: the vLPIs newly visible to the hardware reported (`shown`), its
 * CPU interface's offer refreshed, a guest running in it signalled (`virq`). */
void model_v4_show(const struct model_v4_ctx *c, uint32_t vcpu);
/* A forwarded LPI arrived in its vPE (an MSI, an INT): recorded as pending, shown, and
 * the doorbell's kick when it rang. */
void model_v4_arrived(const struct model_v4_ctx *c, uint32_t intid, enum vgic_v4_arrival arrival,
                      uint32_t work);
/* A passthrough device's MSI, delivered by the host's ITS to a forwarded event's vPE, or
 * left to KVM's emulation (not a passthrough device, or an event not forwarded: VFIO's
 * eventfd into KVM, msi_inject charged here). */
enum model_v4_msi {
    MODEL_V4_EMULATED,
    MODEL_V4_DELIVERED,
};
enum model_v4_msi model_v4_msi(const struct model_v4_ctx *c, uint32_t device, uint32_t event);
/* Residency: the flush before an entry, the sync after an exit, the put before a WFI
 * block and the load after it (vgic_v4.h), charged. */
void model_v4_entry(const struct model_v4_ctx *c, uint32_t vcpu);
void model_v4_exit(const struct model_v4_ctx *c, uint32_t vcpu);
void model_v4_block(const struct model_v4_ctx *c, uint32_t vcpu);
void model_v4_wake(const struct model_v4_ctx *c, uint32_t vcpu);
/* GICv4.1: are the SGIs the host's (nASSGIreq)? Then the trapped ICC_SGI1R_EL1 write
 * sends each with model_v4_sgi: KVM's GITS_SGIR write, the vSGI pending in the target's
 * vPE, the target signalled (or its doorbell rung) vsgi_delivery later. */
bool model_v4_sgi_is_hw(const struct model_v4_ctx *c);
void model_v4_sgi(const struct model_v4_ctx *c, uint32_t target, uint32_t intid);
/* The booted guest's choice (an auto guest sets GICD_CTLR.nASSGIreq on a GICv4.1 host):
 * every SGI the host's, nothing pending. */
void model_v4_boot(struct vgic_v4 *v4, const struct gic_config *cfg, struct vgic_dist_state *d);
/* KVM_REQ_RELOAD_GICv4 (vgic_mmio.h reload_vpes): Group 1 as the distributor's enable now
 * says, every vCPU's offer refreshed. */
void model_v4_reload(const struct model_v4_ctx *c, uint32_t vcpus, bool dist_enabled);
/* IAR took the offered vLPI. */
void model_v4_acked(const struct model_v4_ctx *c, uint32_t vcpu, uint32_t intid);
/* KVM's WFI test's GICv4 part (PendingLast); false without direct injection. */
bool model_v4_pending_last(const struct vgic_v4 *v4, uint32_t vcpu);
/* Does the vCPU's WFI trap (vgic_model.h, wfi_traps)? */
bool model_v4_wfi_traps(const struct vgic_v4 *v4, uint32_t vcpu);
/* directly_injected, doorbells, vmovps (only with direct injection). */
void model_v4_counters(const struct vgic_v4 *v4, struct vgic_counters *out);

#endif
