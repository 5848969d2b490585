/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtual CPU interface of the GIC architecture (Arm IHI 0048 for GICv2's GICV/GICH,
 * IHI 0069 for GICv3's ICV/ICH): a vCPU's list registers, the hypervisor control bits
 * that matter for maintenance (HCR.UIE), the virtual machine control state (VMCR: group
 * enables, PMR, binary points, EOImode) and the active priorities, with what the hardware
 * does with them while the guest runs: acknowledge, priority drop, deactivation,
 * signalling and the maintenance conditions.
 *
 * This is architecture only: plain state and pure functions, free of costs, locks and
 * hooks. Both vGIC models keep one `struct gic_vif` per vCPU and call these functions;
 * what a function changed is returned to the caller (which LR was acknowledged or
 * deactivated, which maintenance condition arose) so that the model can charge its
 * costs and tell the simulation. Where the architecture leaves a choice, the rules are
 * those of KVM's own emulation of trapped ICV_* accesses (arch/arm64/kvm/hyp/
 * vgic-v3-sr.c); docs/model.md lists them.
 *
 * v2/v3 differences (the IAR value of SGIs, group checks, one or two sets of active
 * priorities, the CTLR layout, which binary point BPR names) are in vcpuif_v2.c and
 * vcpuif_v3.c behind `struct gic_vif_version`; vcpuif.c holds the common rules. */
#ifndef VGICSIM_GIC_VCPUIF_H
#define VGICSIM_GIC_VCPUIF_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/cpu_regs.h"
#include "gic/gic_config.h"

/* List-register state (the LR State field). */
enum {
    GIC_LR_INVALID = 0,
    GIC_LR_PENDING = 1,
    GIC_LR_ACTIVE = 2,
    GIC_LR_PENDING_ACTIVE = GIC_LR_PENDING | GIC_LR_ACTIVE,
};

/* One list register, decoded. */
struct gic_lr {
    uint32_t intid;        /* vINTID */
    uint8_t state;         /* GIC_LR_* */
    bool hw;               /* tied to a physical interrupt (deactivation forwarded) */
    bool eoi;              /* HW = 0: maintenance interrupt when it becomes invalid */
    uint8_t priority;      /* as the hypervisor wrote it (the hardware keeps PRIbits) */
    uint8_t group;         /* 0 or 1 */
    uint8_t source;        /* GICv2 SGIs: the source CPUID field [12:10] */
};

/* VMCR and active priorities (what KVM saves and restores around vcpu_put/load). */
struct gic_vmcr {
    bool grpen0, grpen1;
    bool ackctl;           /* v2: IAR acknowledges Group 1 too */
    bool cbpr;
    bool eoimode;          /* 1: EOIR only drops priority, DIR deactivates */
    uint8_t pmr;
    uint8_t bpr0, bpr1;
    uint32_t apr[2][4];    /* [group][n] active priority bits (v2: one set, in [0]) */
};

/* GICv4: a vLPI the redistributor presents to the virtual CPU interface beside the list
 * registers -- the highest-priority enabled pending vLPI of the resident vPE's virtual
 * pending table, as the hypervisor's model of the vPE computes it (src/vgic/vgic_v4.h).
 * Group 1 (KVM maps every vLPI so); `valid` false: nothing offered. */
struct gic_vlpi_offer {
    bool valid;
    bool group0;           /* a GICv4.1 vSGI of group 0 (vLPIs are group 1) */
    uint32_t intid;        /* a vLPI, or a GICv4.1 vSGI (0..15) */
    uint8_t priority;
};

/* A vCPU's whole virtual interface: its list registers (the first `used_lrs` are live),
 * the hypervisor control bits (GICH_HCR / ICH_HCR_EL2) that matter here, EOIcount, and
 * the VMCR/APR state. KVM's classic design (v4.19..v6.18) only ever sets UIE; its
 * LR-overflow design (v6.19) also sets NPIE, LRENPIE, the group enable/disable
 * maintenance bits and TDIR, and reads EOIcount back. */
struct gic_vif {
    struct gic_lr lr[GIC_MAX_LIST_REGISTERS];
    uint32_t used_lrs;
    bool uie;              /* UIE: maintenance when at most one LR is valid */
    bool npie;             /* NPIE: maintenance when no LR is in the pending state */
    bool lrenpie;          /* LRENPIE: maintenance while EOIcount is not zero */
    bool vgrp0eie, vgrp0die, vgrp1eie, vgrp1die;  /* maintenance when group 0/1 is
                                                     enabled / disabled in the VMCR */
    bool tdir;             /* DIR traps to the hypervisor (GICv3 ICH_HCR_EL2.TDIR; on a
                              GICv2 host KVM unmaps the GICV_DIR page, to the same effect) */
    uint8_t eoicount;      /* EOIcount [31:27]: deactivations that found no LR (mod 32) */
    uint32_t mi_reported;  /* GIC_MI_* causes already reported since the HCR was set */
    struct gic_vmcr vmcr;
    struct gic_vlpi_offer vlpi;   /* GICv4 direct injection; never valid without it */
    bool direct_sgis;      /* GICv4.1 vSGIs (nASSGIreq): an SGI's EOI finds no LR by design */
};

struct gic_vif_version;

/* What the hardware implements, derived once from the machine configuration. */
struct gic_vif_arch {
    const struct gic_vif_version *ver;   /* what differs between v2 and v3 */
    enum gic_version version;
    unsigned pri_bits;     /* PRIbits: gic.priority_bits (at most 5 on v2) */
    unsigned pre_bits;     /* PREbits: pri_bits, at most 7 */
    uint8_t pri_mask;      /* implemented priority bits, e.g. 0xf8 */
    unsigned apr_words;    /* 32-bit APR registers per group */
};

void gic_vif_arch_init(struct gic_vif_arch *a, const struct gic_config *cfg);
/* VMCR = 0 (what KVM loads at reset), binary points at their minimum, no live LR. */
void gic_vif_reset(const struct gic_vif_arch *a, struct gic_vif *v);

/* The highest-priority pending LR whose group is enabled (ties: the lowest LR), or -1.
 * The vLPI offer is not an LR: gic_vif_signalled, gic_vif_ack and HPPIR weigh it against
 * this LR (a tie goes to the LR: the architecture leaves it to the implementation). */
int gic_vif_hppi(const struct gic_vif_arch *a, const struct gic_vif *v);
/* Does the interface signal a virtual IRQ/FIQ: a candidate above PMR whose group
 * priority beats the running priority? */
bool gic_vif_signalled(const struct gic_vif_arch *a, const struct gic_vif *v);
/* The running priority (RPR): the highest active priority, 0xff when idle. */
uint8_t gic_vif_running_priority(const struct gic_vif_arch *a, const struct gic_vif *v);

/* IAR: acknowledges the candidate if PMR and the running priority let it through. Returns
 * the value read (an INTID, GIC_INTID_SPURIOUS, or GIC_INTID_NO_ACK_GROUP1 on v2);
 * *acked is the acknowledged LR (now active), GIC_VIF_ACKED_VLPI when the offered vLPI was
 * taken (the offer is withdrawn: the caller clears it from its vPE, an LPI has no active
 * state, only its priority is now active), or -1. `reg_group` is the register's group
 * on v3 (IAR0: 0, IAR1: 1; a candidate of the other group reads 1023); v2 ignores it. */
enum { GIC_VIF_ACKED_VLPI = -2 };
uint32_t gic_vif_ack(const struct gic_vif_arch *a, struct gic_vif *v, unsigned reg_group,
                     int *acked);

/* A deactivation, as EOIR (EOImode 0) or DIR (EOImode 1) performs it. */
struct gic_deactivation {
    int lr;                /* the deactivated LR, or -1: nothing was deactivated */
    uint32_t intid;        /* its vINTID */
    bool hw;               /* the physical interrupt must be deactivated too */
    bool eoi_maintenance;  /* EOI = 1, HW = 0 and the LR is now invalid */
    bool underflow;        /* UIE set and at most one LR still valid (UIE is cleared) */
    bool trapped;          /* DIR with TDIR set: nothing done, the hypervisor emulates it */
};

/* EOIR with `value`: priority drop, then deactivation in EOImode 0 (on v3 only of an LR
 * of the register's group, `reg_group`: EOIR0 0, EOIR1 1). An EOImode 0 EOIR of a valid
 * INTID that no LR holds active increments EOIcount. An LPI (GICv3) is deactivated in
 * either EOImode, and one that no LR holds active is not counted (the architecture's
 * VirtualWriteEOIR only drops the priority of an LPI no LR holds: a directly injected
 * vLPI's EOI; [I] a GICv4.1 vSGI's likewise). */
void gic_vif_eoi(const struct gic_vif_arch *a, struct gic_vif *v, unsigned reg_group,
                 uint64_t value, struct gic_deactivation *out);
/* DIR with `value`: traps when TDIR is set (out->trapped); otherwise deactivation in
 * EOImode 1 (a valid INTID that no LR holds active increments EOIcount), ignored in
 * EOImode 0 and for an LPI (GICv3: its EOIR deactivates it). */
void gic_vif_dir(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value,
                 struct gic_deactivation *out);
/* The DIR the hardware performs without TDIR: what a hypervisor's emulation of a trapped
 * DIR does for an interrupt in an LR (KVM's in-LR fast path). */
void gic_vif_dir_untrapped(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value,
                           struct gic_deactivation *out);
/* The INTID an EOIR or DIR `value` names (GICv2: without an SGI's source CPUID). */
uint32_t gic_vif_value_intid(const struct gic_vif_arch *a, uint64_t value);
/* Does an EOIR or DIR `value` name an LPI (GICv3, INTID 8192 and up)? */
bool gic_vif_value_is_lpi(const struct gic_vif_arch *a, uint64_t value);
/* Does a live LR hold the interrupt in any state (KVM's irq->on_lr, for a vCPU in the
 * guest)? */
bool gic_vif_lists(const struct gic_vif *v, uint32_t intid);
/* What holds of the list registers between a flush and the next one (the models assert
 * it in checking builds): at most `nr_lr` in use, each naming an INTID below `nr_irqs`,
 * none twice (an interrupt has one LR); every LR past the ones in use zero. */
bool gic_vif_lrs_ok(const struct gic_vif *v, uint32_t nr_lr, uint32_t nr_irqs);
/* Does an LR hold `value`'s interrupt active (what a DIR or EOIR would deactivate)? */
bool gic_vif_has_active_lr(const struct gic_vif_arch *a, const struct gic_vif *v,
                           uint64_t value);

/* The maintenance conditions other than EOI and underflow (MISR.NP, LRENP, VGrp0E/D,
 * VGrp1E/D): those enabled in the HCR that hold now and were not reported since the HCR
 * was last cleared (one maintenance interrupt per cause per stay in the guest: the exit
 * it forces rewrites the HCR). The enables themselves stay as the hypervisor set them. */
enum {
    GIC_MI_NP = 1u << 0,
    GIC_MI_LRENP = 1u << 1,
    GIC_MI_VGRP0E = 1u << 2,
    GIC_MI_VGRP0D = 1u << 3,
    GIC_MI_VGRP1E = 1u << 4,
    GIC_MI_VGRP1D = 1u << 5,
    GIC_MI_EOI = 1u << 6,         /* ... and the two conditions a deactivation raises: EOI, */
    GIC_MI_UNDERFLOW = 1u << 7,   /* and U (underflow) */
};
uint32_t gic_vif_maintenance(struct gic_vif *v);
/* The HCR bits and EOIcount a hypervisor resets when it takes the state back (fold). */
void gic_vif_clear_hcr(struct gic_vif *v);
/* At a world switch in: with UIE set and at most one LR in use, the underflow condition
 * holds at once (it matters with one list register). Clears UIE when it fires. */
bool gic_vif_underflow_at_entry(struct gic_vif *v);

/* The other registers (PMR, BPR, CTLR, RPR, HPPIR, APRs, IGRPENn): reads have no side
 * effect; registers of the other version, reads of write-only and writes of read-only
 * registers are RAZ/WI. IAR, EOIR, DIR and SGI1R are not handled here. */
uint64_t gic_vif_read(const struct gic_vif_arch *a, const struct gic_vif *v,
                      enum gic_cpu_reg reg);
void gic_vif_write(const struct gic_vif_arch *a, struct gic_vif *v, enum gic_cpu_reg reg,
                   uint64_t value);
/* Is the register part of this version's CPU interface? */
bool gic_vif_has_reg(const struct gic_vif_arch *a, enum gic_cpu_reg reg);

/* The value IAR/HPPIR return for an LR (v2 SGIs carry the source CPUID). */
uint32_t gic_vif_lr_value(const struct gic_vif_arch *a, const struct gic_lr *lr);
/* Number of valid LRs among the live ones. */
uint32_t gic_vif_valid_lrs(const struct gic_vif *v);

#endif
