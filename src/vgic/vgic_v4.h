/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection as KVM's vgic-v4.c drives it (hypervisor.direct_injection), the
 * part both models share: one vPE per vCPU -- resident or not, its doorbell armed or not,
 * PendingLast, the vLPIs pending in its virtual pending table (VPT) -- and the forwarded
 * LPIs (KVM's irq->hw for an LPI of a passthrough device), with the rules of the modelled
 * release: when a vPE is made resident and non-resident, when the doorbell is armed, when
 * the VPT-parse poll runs, what a vLPI's arrival does.
 *
 * Plain state and rules, free of costs and locks: each transition returns what KVM and the
 * host's GIC did (vgic_v4_work bits), and the model charges it, as vgic_its.h does for the
 * ITS. The guest sees a resident vPE's best pending vLPI through the virtual CPU
 * interface's offer (gic/vcpuif.h, gic_vif.vlpi): the model refreshes it with
 * vgic_v4_offer after each change. docs/model.md, "GICv4 direct injection", has the
 * design and its sources. */
#ifndef VGICSIM_VGIC_VGIC_V4_H
#define VGICSIM_VGIC_VGIC_V4_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/gic_config.h"
#include "gic/vcpuif.h"

/* Releases where KVM's GICv4 handling changed (docs/model.md, the release table). */
enum {
    /* v5.5: residency follows vcpu_load/vcpu_put instead of every entry and exit
     * (8e01d9a396e6); the doorbell is requested only when blocking in WFI. */
    VGIC_RELEASE_V4_LOAD_PUT = 505,
    /* v5.7: GICv4.1 (the KVM/arm 5.7 pull): PendingLast read at deschedule, doorbells
     * managed by the GIC, the VPT's Dirty bit polled after a schedule. */
    VGIC_RELEASE_V4_1 = 507,
    /* v5.8: GICv4.1 vSGIs: GICD_TYPER2.nASSGIcap, GICD_CTLR.nASSGIreq (the KVM/arm 5.8
     * pull, "KVM: arm64: GICv4.1: Plumb SGI implementation selection in the distributor"). */
    VGIC_RELEASE_V4_1_VSGI = 508,
    /* v5.11: the Dirty poll deferred to the end of the first flush after a load, with a
     * 1 us step instead of 10 us (57e3cebd022f, 0b39498230ae). */
    VGIC_RELEASE_V4_LATE_POLL = 511,
};

/* What a transition did, for the model to charge (one bit each). */
enum vgic_v4_work {
    VGIC_V4_SCHEDULE = 1u << 0,        /* the vPE made resident (VPENDBASER, affinity) */
    VGIC_V4_DESCHEDULE = 1u << 1,      /* made non-resident (PendingLast read back) */
    VGIC_V4_VPT_PARSE = 1u << 2,       /* v4.1, v5.11+: the Dirty poll at the first flush */
    VGIC_V4_VPT_PARSE_SLOW = 1u << 3,  /* v4.1, before v5.11: the poll in the load, 10 us step */
    VGIC_V4_DOORBELL = 1u << 4,        /* the doorbell fired: the host kicks the vCPU */
};

/* Where a vLPI's arrival left it. */
enum vgic_v4_arrival {
    VGIC_V4_NOT_FORWARDED,  /* the LPI is not forwarded: KVM's emulation takes it */
    VGIC_V4_OFFERED,        /* pending in a resident vPE: the CPU interface sees it */
    VGIC_V4_QUEUED,         /* pending in a non-resident vPE's VPT, no doorbell */
    VGIC_V4_DOORBELL_RANG,  /* ... and its doorbell fired (VGIC_V4_DOORBELL) */
};

/* A forwarded LPI as the host's GIC holds it: its vPE, its configuration in the host's
 * vPROP table (KVM's cached priority and enable), its bit in the vPE's VPT. A GICv4.1
 * vSGI is held the same way (its configuration from the vPE's SGI table). */
struct vgic_vlpi {
    bool forwarded;
    bool pending;
    bool enabled;
    bool shown;             /* pending while its vPE was resident: the hardware has seen it */
    bool group0;            /* a vSGI of group 0 (vLPIs are group 1) */
    uint8_t priority;
    uint32_t vpe;
};

struct vgic_vpe {
    bool resident;
    bool doorbell_armed;
    bool pending_last;      /* what the last deschedule read back (KVM's pending_last) */
    bool poll_owed;         /* v4.1, v5.11+: the Dirty poll waits for the next flush */
    uint32_t vlpi_count;    /* forwarded LPIs targeting it (KVM's vlpi_count) */
    uint32_t *pending;      /* INTIDs of its pending vLPIs and vSGIs, in arrival order */
    uint32_t n_pending, cap_pending;
    struct vgic_vlpi sgi[GIC_NR_SGIS];   /* GICv4.1: its vSGIs (forwarded: nASSGIreq) */
};

struct vgic_v4 {
    enum gic_direct_injection mode;
    uint32_t release;           /* MAJOR * 100 + MINOR */
    uint32_t vcpus, lpis;
    struct vgic_vpe *vpes;      /* [vCPU] */
    struct vgic_vlpi *vlpis;    /* [LPI - 8192] */
    bool *passthrough;          /* [DeviceID]: an assigned device */
    uint8_t **bypassed;         /* [DeviceID]: bitmap of the events forwarded once (NULL:
                                   none yet) */
    bool vsgis;                 /* GICv4.1: SGIs are the host's (GICD_CTLR.nASSGIreq) */
    bool group1;                /* the vPEs' Group 1 enable: always on GICv4.0; on GICv4.1
                                   the distributor's enable (its_make_vpe_resident's g1en,
                                   re-applied by KVM_REQ_RELOAD_GICv4); Group 0 never */
    /* counters (the model's report, with direct injection only) */
    uint64_t directly_injected, doorbells, vmovps;
};

/* Is direct injection on for this machine: GICv3 and a GICv4 mode, with an ITS, or GICv4.1
 * without one from v5.8 (its vSGIs; KVM's vgic_supports_direct_msis)? */
bool vgic_v4_active(const struct gic_config *cfg);
/* Does the distributor offer GICv4.1 vSGIs (GICD_TYPER2.nASSGIcap: GICv4.1 from v5.8)? */
bool vgic_v4_vsgi_capable(const struct gic_config *cfg);
/* Every vPE resident from the start (a booted or reset vCPU is loaded and runs; vgicsim's
 * vCPUs begin in the guest or are loaded before they block). `passthrough` lists the
 * DeviceIDs of the assigned devices (below 65536). */
void vgic_v4_init(struct vgic_v4 *v4, const struct gic_config *cfg,
                  const uint32_t *passthrough, uint32_t n_passthrough);
void vgic_v4_free(struct vgic_v4 *v4);

/* ---- forwarding (kvm_vgic_v4_set_forwarding and the mirrored ITS commands) ---------- */

/* Does the ITS forward an event of `device` once mapped (an assigned device)? */
bool vgic_v4_forwards(const struct vgic_v4 *v4, uint32_t device);
/* The LPI is forwarded to `vcpu`'s vPE (MAPTI/MAPI of a passthrough device's event): its
 * configuration and a latched pending bit go to the host's GIC. */
void vgic_v4_forward(struct vgic_v4 *v4, uint32_t intid, uint32_t vcpu, uint8_t priority,
                     bool enabled, bool pending);
/* VFIO's irqbypass registers an assigned device's MSI with KVM once, when the guest first
 * maps its event: true the first time for (device, event), false after (KVM's vgic-v4.c:
 * "a DISCARD/MAPTI sequence ... without reprogramming the PCI endpoint ... does not result
 * in a VLPI being mapped": the event then stays emulated). */
bool vgic_v4_bypass_claim(struct vgic_v4 *v4, uint32_t device, uint32_t event);
/* DISCARD, MAPD (its_unmap_vlpi): no longer forwarded; a pending bit is dropped; the vPE's
 * vlpi_count is left as it was (KVM's its_free_ite). */
void vgic_v4_unforward(struct vgic_v4 *v4, uint32_t intid);
/* INV, INVALL (its_prop_update_vlpi). A pending vLPI of a non-resident vPE that this
 * enables rings an armed doorbell: the result has VGIC_V4_DOORBELL then. */
uint32_t vgic_v4_configure(struct vgic_v4 *v4, uint32_t intid, uint8_t priority, bool enabled);
/* MOVI, MOVALL, a collection remapped (VMOVI): the pending bit follows. */
void vgic_v4_move(struct vgic_v4 *v4, uint32_t intid, uint32_t vcpu);
/* Is the LPI forwarded (KVM's irq->hw)? */
bool vgic_v4_is_forwarded(const struct vgic_v4 *v4, uint32_t intid);

/* GICv4.1: the distributor was enabled or disabled, and the vPEs were made resident again
 * with Group 1 enabled or not (KVM_REQ_RELOAD_GICv4). No effect on GICv4.0. */
void vgic_v4_set_group1(struct vgic_v4 *v4, bool enabled);

/* ---- GICv4.1 vSGIs (GICD_CTLR.nASSGIreq) ---------------------------------------------- */

/* vgic_v4_enable_vsgis / vgic_v4_disable_vsgis for one vCPU's SGI: mapped to the vPE with
 * the pending state KVM's latch had; unmapped, returning the pending state the VPT had
 * (which goes back to KVM's latch). vgic_v4_set_vsgis records the distributor's choice. */
void vgic_v4_sgi_map(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi, bool pending);
bool vgic_v4_sgi_unmap(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi);
void vgic_v4_set_vsgis(struct vgic_v4 *v4, bool on);
/* The SGI's configuration as KVM mirrors it (vgic_v4_sync_sgi_config, its_prop_update_vsgi). */
void vgic_v4_sgi_configure(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi, uint8_t priority,
                           bool enabled, bool group0);
/* A trapped ICC_SGI1R_EL1 write sends the vSGI (irq_set_irqchip_state: the VSGI command):
 * pending in `vcpu`'s vPE, with vgic_v4_arrive's outcomes. */
enum vgic_v4_arrival vgic_v4_sgi_arrive(struct vgic_v4 *v4, uint32_t vcpu, uint32_t sgi,
                                        uint32_t *work);

/* ---- the vLPI's life --------------------------------------------------------------- */

/* A device's MSI, or an INT command (irq_set_irqchip_state PENDING), reaches a forwarded
 * LPI: pending in its vPE's VPT. *work gets VGIC_V4_DOORBELL when the doorbell fired (a
 * GICv4.0 doorbell disables itself until re-armed). */
enum vgic_v4_arrival vgic_v4_arrive(struct vgic_v4 *v4, uint32_t intid, uint32_t *work);
/* CLEAR on a forwarded LPI. */
void vgic_v4_clear(struct vgic_v4 *v4, uint32_t intid);
/* The guest acknowledged the offered vLPI or vSGI (gic_vif_ack returned
 * GIC_VIF_ACKED_VLPI): its VPT bit is cleared. */
void vgic_v4_acked(struct vgic_v4 *v4, uint32_t vcpu, uint32_t intid);
/* What the redistributor offers `vcpu`'s CPU interface now: its best enabled pending vLPI
 * (lowest priority value, then the earliest arrival) while resident; nothing otherwise. */
struct gic_vlpi_offer vgic_v4_offer(const struct vgic_v4 *v4, uint32_t vcpu);
/* Calls `fn` for each vLPI pending in `vcpu`'s VPT that the redistributor has not seen
 * yet, if the vPE is resident: each becomes visible to the hardware now (the model reports
 * it as listed, the moment a list register would have held it). */
void vgic_v4_reveal(struct vgic_v4 *v4, uint32_t vcpu, void (*fn)(void *arg, uint32_t intid),
                    void *arg);
/* Does the vPE hold an enabled pending vLPI? */
bool vgic_v4_has_pending(const struct vgic_v4 *v4, uint32_t vcpu);
/* KVM's WFI test's GICv4 part (kvm_vgic_vcpu_pending_irq): PendingLast. */
bool vgic_v4_pending_last(const struct vgic_v4 *v4, uint32_t vcpu);

/* ---- residency, by release ----------------------------------------------------------- */

/* The vgic flush before an entry (vgic_v4_flush_hwstate before v5.5; vgic_v4_commit from
 * v5.11). Returns the work done. */
uint32_t vgic_v4_entry(struct vgic_v4 *v4, uint32_t vcpu);
/* The vgic sync after an exit (vgic_v4_sync_hwstate before v5.5). */
uint32_t vgic_v4_exit(struct vgic_v4 *v4, uint32_t vcpu);
/* The vCPU blocks in WFI (kvm_vcpu_wfi, or the blocking hook before v5.17): from v5.5
 * vgic_v4_put with a doorbell request; before, the doorbell is enabled. PendingLast is
 * read back at the deschedule. */
uint32_t vgic_v4_block(struct vgic_v4 *v4, uint32_t vcpu);
/* ... and is woken (or does not block after all): vgic_v4_load from v5.5; before, the
 * doorbell is disabled. */
uint32_t vgic_v4_wake(struct vgic_v4 *v4, uint32_t vcpu);

#endif
