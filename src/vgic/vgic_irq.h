/* SPDX-License-Identifier: GPL-2.0-only */
/* One virtual interrupt as KVM's vgic keeps it (struct vgic_irq, reference section 2),
 * and the rules both vGIC models apply to it: the pending state, the target oracle, how
 * many list registers it needs, the classic flush order, how a list register is built
 * from it (populate) and how it takes the list register's state back (fold), its reset
 * and booted values and its routing.
 *
 * The state is a plain value, `struct vgic_irq_state`. The reference model keeps one per
 * interrupt and applies the rules in place under its (simulated) locks; the performance
 * core packs the hot part into atomics and applies the rules to a copy it then publishes.
 * Either way the rules are the ones here, so the two models cannot drift apart. */
#ifndef VGICSIM_VGIC_VGIC_IRQ_H
#define VGICSIM_VGIC_VGIC_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/gic_config.h"
#include "gic/vcpuif.h"
#include "vgic/vgic_release.h"

enum { VGIC_NO_VCPU = -1 };

struct vgic_irq_state {
    uint32_t intid;
    int32_t owner;            /* private INTIDs: the vCPU whose bank it is; SPIs: -1 */
    uint32_t mpidr;           /* v3 IROUTER affinity Aff2.Aff1.Aff0 */
    uint8_t targets;          /* v2 ITARGETSR byte */
    /* Everything the injection path and the vCPUs change or read, in one 64-bit word
     * (the performance core changes it with one compare-and-swap). */
    union {
        uint64_t hot;
        struct {
            bool pending_latch : 1;    /* edge pending / level soft-pending (ISPENDR) */
            bool line_level : 1;       /* level of the input wire */
            bool active : 1;
            bool enabled : 1;
            bool hw : 1;               /* mapped to a physical interrupt */
            bool level : 1;            /* config: level-sensitive */
            bool phys_active : 1;      /* HW-mapped: the physical interrupt is active */
            bool device_level : 1;     /* HW-mapped: the device's output as last driven,
                                          sampled when KVM resamples a mapped level IRQ */
            unsigned group : 1;
            unsigned priority : 8;     /* only the bits KVM keeps (vgic_dist_priority_mask) */
            unsigned source : 8;       /* v2 SGIs: pending source vCPUs */
            unsigned active_source : 3;/* v2 SGIs: the source of the active instance */
            signed int listed_on : 11; /* the vCPU whose list holds it (KVM's irq->vcpu), -1 */
            signed int target : 11;    /* where it should go (irq->target_vcpu), -1: nowhere */
        };
    };
};
_Static_assert(sizeof(((struct vgic_irq_state *)0)->hot) == 8 &&
                   sizeof(struct vgic_irq_state) == 24,
               "the hot part of an interrupt's state is one 64-bit word");

/* A change to one interrupt's state, as register emulation, injection and the list
 * register code make them: the models apply it under their own synchronisation (the
 * reference model under the IRQ's lock, the performance core in a CAS loop, which may
 * call it more than once: it must depend on the state and `arg` only). Returns true
 * when the interrupt must then go through the queue procedure. */
typedef bool vgic_irq_change_fn(struct vgic_irq_state *irq, const void *arg);
/* The edge latch set (then queued: an MSI or INT on an LPI, a vSGI's pending state handed
 * back to KVM) or cleared (not queued: CLEAR, a latch handed to the host's GIC). */
vgic_irq_change_fn vgic_change_latch_set, vgic_change_latch_clear;

/* What holds of every interrupt's state at every point between two changes of it (the
 * models assert it in checking builds, util/debug_checks.h): an INTID of the machine; a
 * private INTID in its owner's bank, an SPI in none; on no list or on one vCPU's, a
 * private INTID only on its owner's; routed to no vCPU or to one; sources only on a
 * GICv2 SGI; only the priority bits KVM keeps (an LPI's: [7:2], from its property
 * byte); the physical side active only when HW-mapped; an SGI edge-triggered; an LPI
 * edge-triggered and not HW-mapped. */
bool vgic_irq_state_ok(const struct gic_config *cfg, const struct vgic_irq_state *irq);

/* irq_is_pending: edge: the latch; level: latch OR line. */
static inline bool vgic_irq_pending(const struct vgic_irq_state *irq)
{
    return irq->level ? irq->pending_latch || irq->line_level : irq->pending_latch;
}

/* A GICv2-model SGI: multi-source, with a source per pending sender. */
static inline bool vgic_irq_is_v2_sgi(enum gic_version version, const struct vgic_irq_state *irq)
{
    return version == GIC_V2 && gic_intid_is_sgi(irq->intid);
}

/* vgic_target_oracle: the vCPU that should hold the interrupt now, or -1. An active
 * interrupt never migrates while listed; a disabled distributor forwards nothing new. */
int32_t vgic_oracle(const struct vgic_irq_state *irq, bool dist_enabled);

/* kvm_vgic_vcpu_pending_irq's test of one interrupt on a vCPU's ap_list (the runnable /
 * WFI test, also vgic_kick_vcpus's): enabled and pending; from v5.0 (9009782a4937) also
 * not active and of higher priority than the vCPU's PMR (`pmr` as the VMCR holds it),
 * i.e. only what the CPU interface could signal. Group enables are not looked at. */
bool vgic_irq_wakes_vcpu(const struct vgic_release *rel, const struct vgic_irq_state *irq,
                         uint8_t pmr);

/* How many LRs it needs: a v2 SGI with several pending sources one per source (plus one
 * if active), everything else one when pending or active. */
uint32_t vgic_lr_count(enum gic_version version, const struct vgic_irq_state *irq);

/* vgic_irq_cmp (classic design): < 0 when a goes before b. Active first (actives keep
 * their order), then enabled+pending, then by priority; equal keys keep list order. */
int vgic_irq_cmp_classic(const struct vgic_irq_state *a, const struct vgic_irq_state *b);

/* vgic_irq_cmp_classic as a number, for sorts that compare often: a goes before b
 * exactly when its key is smaller, and equal keys are the comparator's ties
 * (test_vgic_sort_keys checks every state). Active 0, enabled+pending 1 + priority,
 * anything else 257. */
static inline uint32_t vgic_irq_key_classic(const struct vgic_irq_state *irq)
{
    if (irq->active)
        return 0;
    return irq->enabled && vgic_irq_pending(irq) ? 1u + irq->priority : 257u;
}

/* The classic flush sorts the list when it needs more LRs than there are, or when a
 * multi-source SGI is on it. */
static inline bool vgic_flush_must_sort(uint32_t lrs_needed, bool multi_sgi, uint32_t nr_lr)
{
    return lrs_needed > nr_lr || multi_sgi;
}

/* ---- the LR-overflow design (v6.19, VGIC_LR_OVERFLOW) ------------------------------
 * Sources: arch/arm64/kvm/vgic/vgic.c (summarize_ap_list, vgic_irq_cmp,
 * vgic_flush_lr_state), vgic-v2.c/vgic-v3.c (configure_hcr, fold_lr_state, deactivate)
 * at 05984ba67eb6..84792050e039 and the 6.19 fix 6da5e537f5af (EOIcount walk from the
 * ap_list's tail). docs/model.md, "Which KVM". */

/* summarize_ap_list: over the entries whose oracle is the flushing vCPU, how many are
 * pending and not active, how many active (pending+active counts here), how many SGIs.
 * One count per interrupt (a multi-source v2 SGI counts once). */
struct vgic_ap_summary {
    uint32_t nr_pend, nr_act, nr_sgi;
};
void vgic_summary_add(struct vgic_ap_summary *sum, const struct vgic_irq_state *irq);
/* irqs_outside_lrs: the list holds more than the LRs; the flush then sorts it. */
static inline bool vgic_summary_overflows(const struct vgic_ap_summary *sum, uint32_t nr_lr)
{
    return sum->nr_pend + sum->nr_act > nr_lr;
}

/* vgic_irq_cmp of the overflow design: < 0 when a goes before b. Keys in order: the
 * oracle names this vCPU; the interrupt's group is enabled in the VMCR; enabled, pending
 * and not active (pending+active goes with the actives); lower priority value; HW-mapped
 * first. Equal keys keep list order. The caller has computed each side's oracle. */
int vgic_irq_cmp_overflow(const struct vgic_irq_state *a, bool a_here,
                          const struct vgic_irq_state *b, bool b_here,
                          const struct gic_vmcr *vmcr);

/* vgic_irq_cmp_overflow as a number, in the same sense as vgic_irq_key_classic: its keys
 * (not here, group disabled, not pending-and-inactive, priority, not HW) packed from the
 * most significant. */
static inline uint32_t vgic_irq_key_overflow(const struct vgic_irq_state *irq, bool here,
                                             const struct gic_vmcr *vmcr)
{
    bool group_enabled = irq->group ? vmcr->grpen1 : vmcr->grpen0;
    bool pending = irq->enabled && vgic_irq_pending(irq) && !irq->active;
    return (uint32_t)!here << 11 | (uint32_t)!group_enabled << 10 | (uint32_t)!pending << 9 |
           (uint32_t)irq->priority << 1 | (uint32_t)!irq->hw;
}

/* vgic_v{2,3}_configure_hcr: the maintenance enables and the DIR trap for an entry, from
 * the summary: UIE when the list overflows the LRs, NPIE when the pending ones alone do,
 * LRENPIE when actives are among an overflowing list, each group's enable-change
 * interrupt against the VMCR's current enables, and TDIR when actives overflow or an SPI
 * is in flight anywhere in the VM (on the GICv3 model; the GICv2 model's DIR always
 * traps: KVM unmaps the GICV_DIR page). */
void vgic_configure_hcr(enum gic_version version, const struct vgic_ap_summary *sum,
                        uint32_t nr_lr, bool spis_in_flight, struct gic_vif *vif);

/* A deactivation of an interrupt that is in no LR (the EOIcount walk at exit, or a
 * trapped DIR): KVM computes the LR the interrupt would have, clears its active bit and
 * folds it back (*pseudo_lr: that LR, as folded). Returns true when a HW-mapped
 * interrupt's physical one must be deactivated too. */
bool vgic_deactivate_unlisted(enum gic_version version, struct vgic_irq_state *irq,
                              struct gic_lr *pseudo_lr);

/* The in-flight SPI count of the GICv3 model (KVM's active_spis, which sets TDIR on every
 * vCPU): raised when an SPI is put on an ap_list, lowered when a fold sees an SPI's LR
 * go invalid through a deactivation that signals the EOI maintenance interrupt. */
static inline bool vgic_spi_counts_in_flight(const struct gic_config *cfg,
                                             const struct vgic_release *rel, uint32_t intid)
{
    return rel->lr_design == VGIC_LR_OVERFLOW && cfg->version == GIC_V3 &&
           gic_intid_is_spi(cfg, intid);
}
static inline bool vgic_fold_ends_spi_flight(const struct gic_lr *lr, bool was_active)
{
    return was_active && lr->state == GIC_LR_INVALID && lr->eoi && !lr->hw;
}

/* vgic_v{2,3}_populate_lr: builds `lr` from an interrupt whose oracle is the flushing
 * vCPU, consuming what the LR takes (an edge latch, a v2 SGI source, a mapped level
 * line). Returns true when the LR exposes a pending instance; *listed is then the value
 * IAR will return for it (v2 SGIs carry the source). */
bool vgic_populate_lr(enum gic_version version, struct vgic_irq_state *irq, struct gic_lr *lr,
                      uint32_t *listed);

/* vgic_v{2,3}_fold_lr_state for one LR that held this interrupt: the active state comes
 * back (not an LPI's from v6.19: rel->lpi_active_dropped_at_fold), an unacknowledged
 * edge goes back to the latch (and a v2 SGI its source), a completed level interrupt
 * clears its latch, and a mapped level interrupt never acknowledged resamples its
 * device. */
void vgic_fold_lr(enum gic_version version, const struct vgic_release *rel,
                  const struct gic_lr *lr, struct vgic_irq_state *irq);

/* kvm_vgic_inject_irq's state change for a device driving the line to `level`: a level
 * interrupt takes a change of the line, an edge interrupt a rising edge (the latch); a
 * HW-mapped one also remembers the device's output (what a resample reads). Returns
 * true when the call counted: the interrupt then goes through the queue procedure. */
bool vgic_drive_line(struct vgic_irq_state *irq, bool level);

/* An SGI sent by `sender` (GICD_SGIR / ICC_SGI1R): latched, and on GICv2 one pending bit
 * per source. The enable bit is not checked: a disabled SGI stays latched, unqueued. */
static inline void vgic_pend_sgi(enum gic_version version, struct vgic_irq_state *irq,
                                 uint32_t sender)
{
    irq->pending_latch = true;
    if (version == GIC_V2)
        irq->source |= (uint8_t)(1u << sender);
}

/* ---- routing ----------------------------------------------------------------- */

/* GICD_ITARGETSR: only the lowest-numbered target receives the SPI; none means vCPU 0. */
int32_t vgic_v2_route(uint8_t targets);
/* The ITARGETSR bits of existing vCPUs. */
static inline uint8_t vgic_v2_targets_mask(uint32_t vcpus)
{
    return (uint8_t)((1u << vcpus) - 1);
}
/* GICD_IROUTER: the vCPU with that affinity, or -1 (pending but undeliverable). */
int32_t vgic_v3_route(uint32_t mpidr, uint32_t vcpus);
/* IROUTER keeps Aff2.Aff1.Aff0 only (no Aff3, IRM always 0). */
enum { VGIC_IROUTER_AFF_MASK = 0xffffff };

/* ---- priorities ---------------------------------------------------------------- */

/* The priority bits the distributor keeps from an IPRIORITYR byte: always KVM's
 * VGIC_PRI_BITS = 5 (priority[7:3]), on both GIC versions and for any priority_bits. */
enum { VGIC_PRI_BITS = 5, VGIC_DIST_PRIORITY_MASK = 0xf8 };
uint8_t vgic_dist_priority_mask(const struct gic_config *cfg);

/* ---- reset and boot ------------------------------------------------------------ */

/* KVM's reset values (vgic-init.c): priority 0, SGIs enabled and edge, PPIs level, SPIs
 * edge and disabled, Group 0 on v2 and Group 1 on v3; private interrupts target their
 * owner, SPIs vCPU 0. `owner` is ignored for SPIs. */
void vgic_irq_reset(const struct gic_config *cfg, uint32_t intid, uint32_t owner,
                    struct vgic_irq_state *irq);
/* Is the INTID tied to a physical interrupt (gic.hw_mapped)? */
bool vgic_intid_hw_mapped(const struct gic_config *cfg, uint32_t intid);

#endif
