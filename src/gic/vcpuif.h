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

/* A vCPU's whole virtual interface: its list registers (the first `used_lrs` are live),
 * the underflow maintenance request (HCR.UIE) and the VMCR/APR state. */
struct gic_vif {
    struct gic_lr lr[GIC_MAX_LIST_REGISTERS];
    uint32_t used_lrs;
    bool uie;
    struct gic_vmcr vmcr;
};

struct gic_vif_version;

/* What the hardware implements, derived once from the machine configuration. */
struct gic_vif_arch {
    const struct gic_vif_version *ver;
    unsigned pri_bits;     /* PRIbits: gic.priority_bits (at most 5 on v2) */
    unsigned pre_bits;     /* PREbits: pri_bits, at most 7 */
    uint8_t pri_mask;      /* implemented priority bits, e.g. 0xf8 */
    unsigned apr_words;    /* 32-bit APR registers per group */
};

void gic_vif_arch_init(struct gic_vif_arch *a, const struct gic_config *cfg);
/* VMCR = 0 (what KVM loads at reset), binary points at their minimum, no live LR. */
void gic_vif_reset(const struct gic_vif_arch *a, struct gic_vif *v);

/* The highest-priority pending LR whose group is enabled (ties: the lowest LR), or -1. */
int gic_vif_hppi(const struct gic_vif_arch *a, const struct gic_vif *v);
/* Does the interface signal a virtual IRQ/FIQ: a candidate above PMR whose group
 * priority beats the running priority? */
bool gic_vif_signalled(const struct gic_vif_arch *a, const struct gic_vif *v);
/* The running priority (RPR): the highest active priority, 0xff when idle. */
uint8_t gic_vif_running_priority(const struct gic_vif_arch *a, const struct gic_vif *v);

/* IAR: acknowledges the candidate if PMR and the running priority let it through. Returns
 * the value read (an INTID, GIC_INTID_SPURIOUS, or GIC_INTID_NO_ACK_GROUP1 on v2);
 * *acked is the acknowledged LR (now active) or -1. */
uint32_t gic_vif_ack(const struct gic_vif_arch *a, struct gic_vif *v, int *acked);

/* A deactivation, as EOIR (EOImode 0) or DIR (EOImode 1) performs it. */
struct gic_deactivation {
    int lr;                /* the deactivated LR, or -1: nothing was deactivated */
    uint32_t intid;        /* its vINTID */
    bool hw;               /* the physical interrupt must be deactivated too */
    bool eoi_maintenance;  /* EOI = 1, HW = 0 and the LR is now invalid */
    bool underflow;        /* UIE set and at most one LR still valid (UIE is cleared) */
};

/* EOIR with `value`: priority drop, then deactivation in EOImode 0. */
void gic_vif_eoi(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value,
                 struct gic_deactivation *out);
/* DIR with `value`: deactivation in EOImode 1, ignored in EOImode 0. */
void gic_vif_dir(const struct gic_vif_arch *a, struct gic_vif *v, uint64_t value,
                 struct gic_deactivation *out);
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
