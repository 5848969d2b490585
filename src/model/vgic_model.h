/* SPDX-License-Identifier: GPL-2.0-only */
/* The one interface between the simulation and a vGIC model.
 *
 * A model is an implementation of the virtual GIC as a hypervisor provides it: the
 * distributor/redistributor registers a guest reaches by trapping MMIO, the virtual
 * CPU interface it reaches without trapping (list registers), and the hypervisor's
 * bookkeeping around vCPU exits and entries. The reference model (`ref`, KVM's vgic
 * semantics with its locking costed) and the performance core (`perf`, lock-free list
 * register allocation) both implement this interface, so the engine, the lockstep
 * checker and the reports treat them alike.
 *
 * Time: every operation receives the simulated cycle at which it starts and returns
 * the cycle at which it completes. The difference is what the operation cost, the
 * model's cost model decides it, and it includes waiting for locks held by other
 * contexts (a device injection and a vCPU flush that need the same ap_list lock
 * serialise in simulated time). Operations are called in non-decreasing start time.
 *
 * Effects on the rest of the machine (a vCPU must be kicked, an interrupt instance
 * reached a list register, a maintenance interrupt fires) are reported through the
 * hooks the simulation passes at creation; the model never schedules events itself
 * and knows nothing of YAML, of the event queue or of output formats.
 *
 * Preconditions every model may rely on (and asserts where cheap, in checking builds:
 * util/debug_checks.h):
 *  - `vcpu` arguments are < gic->vcpus; `ctx->vcpu` is a vCPU or VGIC_HOST_CONTEXT.
 *  - A host context only calls set_line and vmm_access (vmm_access only from one).
 *    set_line may also come from a vCPU: a
 *    physical interrupt taken on that vCPU's own CPU (the virtual timer's HW-mapped PPI,
 *    injected by the host handler running there), whose host path the caller charged.
 *    Every other operation comes from a vCPU:
 *    mmio_*, cpu_* from the vCPU that executes the access, vcpu_exit/vcpu_entry for the
 *    vCPU that switches.
 *  - Per vCPU, vcpu_entry and vcpu_exit alternate, entry first: the vCPU is in the
 *    guest from an entry to the next exit. cpu_* accesses happen only in the guest,
 *    except writes of ICC_SGI1R_EL1, which trap; those and mmio_* only outside it (the
 *    hypervisor emulates the trapped access between the exit and the next entry).
 *  - wfi_block and wfi_wake come from the vCPU they name, outside the guest, alternating
 *    per vCPU, block first; an entry comes only after a wake (or before any block: a
 *    manual-mode vCPU, which never blocks).
 *  - boot, if called, comes before every other operation.
 *  - Queries are const: they never change state, time or counters, and may be called at
 *    any point between operations.
 * The models describe themselves and register with model_registry at start-up
 * (VGIC_MODEL_REGISTER), so that nothing outside a model's folder names it.
 */
#ifndef VGICSIM_MODEL_VGIC_MODEL_H
#define VGICSIM_MODEL_VGIC_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "costs/cost_model.h"
#include "engine/sched.h"
#include "gic/cpu_regs.h"
#include "gic/gic_config.h"
#include "gic/gic_regs.h"
#include "vgic/vgic_boot.h"
#include "vgic/vgic_counter_names.h"
#include "vgic/vgic_its.h"
#include "vgic/vgic_uaccess.h"

struct vgic_model;

/* Who performs an operation: a vCPU, or a host context (a device's interrupt path,
 * e.g. an irqfd or the arch timer), which runs alongside the vCPUs. */
enum { VGIC_HOST_CONTEXT = -1 };

struct vgic_ctx {
    uint64_t now;        /* simulated cycle at which the operation starts */
    int32_t vcpu;        /* the acting vCPU, or VGIC_HOST_CONTEXT */
    uint8_t exit_reason; /* vcpu_exit: why the vCPU left the guest (enum vgic_exit_reason) */
};

/* The shared things of a model that operations contend for, as a timeline names them
 * (engine/sched.h's sched_res.kind): a resource's index says which one -- an IRQ lock's
 * is vgic_res_irq_index(), an ap_list lock's the vCPU, a perf cache line's its owner's. */
enum vgic_res_kind {
    VGIC_RES_NONE,
    VGIC_RES_IRQ_LOCK,        /* an interrupt's irq_lock */
    VGIC_RES_AP_LIST_LOCK,    /* a vCPU's ap_list_lock */
    VGIC_RES_KVM_LOCK,        /* kvm->lock (a mutex) */
    VGIC_RES_IRQ_LINE,        /* perf: an interrupt's state word */
    VGIC_RES_DESC_LINE,       /* perf: a vCPU's posted descriptor */
    VGIC_RES_OVERFLOW_LINE,   /* perf: a vCPU's overflow bitmaps */
    VGIC_RES_SPIS_LINE,       /* perf: the in-flight SPI count */
    VGIC_RES_KVM_LINE,        /* perf: the configuration path's kvm->lock */
    VGIC_RES_ITS_CMD_LOCK,    /* the ITS's cmd_lock (a mutex) */
    VGIC_RES_ITS_LOCK,        /* the ITS's its_lock (a mutex) */
    VGIC_RES_LPI_LIST_LOCK,   /* dist->lpi_list_lock (v5.4..v6.9: the LRU cache's) */
    VGIC_RES_ITS_LINE,        /* perf: the ITS's translation table */
    VGIC_RES_MODEL_KINDS,     /* the simulation numbers its own kinds from here */
};
/* The name of a kind ("irq_lock", ...), or NULL for one this list does not have. */
const char *vgic_res_kind_name(uint16_t kind);
/* The index of INTID `intid`'s lock or line: bank 0 for SPIs, vCPU + 1 for private ones. */
static inline uint32_t vgic_res_irq_index(int32_t vcpu, uint32_t intid)
{
    return (intid < 32 ? (uint32_t)(vcpu + 1) << 16 : 0) | intid;
}

/* What the simulation is told about; `sim` is the pointer given at creation. */
struct vgic_hooks {
    /* The hypervisor kicks a vCPU (IRQ_PENDING request + IPI, or a wake-up if it is
     * blocked in WFI) at cycle `when`. */
    void (*kick)(void *sim, uint32_t vcpu, uint64_t when);
    /* An operation made `value` (the INTID, with the source in bits 12:10 for a GICv2
     * SGI) pending in KVM's state at `when`, deliverable or not yet: a line raised, an
     * edge latched, an SGI from a source, a write to ISPENDR -- and, for one already
     * pending, anything that lets it be delivered now (an enable). `bank` is the vCPU for
     * private INTIDs, -1 for SPIs. Called under the change's synchronisation (the IRQ's
     * lock; right after the CAS). Optional. */
    void (*pended)(void *sim, int32_t bank, uint32_t value, uint64_t when);
    /* A pending instance was written into a list register of `vcpu`. `value` is the
     * INTID as IAR would return it (GICv2 SGIs carry the source vCPU in bits 12:10). */
    void (*listed)(void *sim, uint32_t vcpu, uint32_t value, uint64_t when);
    /* A maintenance interrupt became pending for `vcpu` (it forces an exit). */
    void (*maintenance)(void *sim, uint32_t vcpu, uint64_t when);
    /* The guest's deactivation of a HW-mapped interrupt reached the physical GIC. */
    void (*phys_deactivated)(void *sim, uint32_t vcpu, uint32_t intid, uint64_t when);
    /* The hypervisor forces `vcpu` out of guest mode at `at` (KVM halts the whole guest
     * around active-state changes): the model syncs its list registers; the guest does
     * nothing until `halted` says it is back. Optional. */
    void (*halt_begin)(void *sim, uint32_t vcpu, uint64_t at);
    /* ... and let it back in at `until` (halted since `from`); the model has re-flushed
     * its list registers. */
    void (*halted)(void *sim, uint32_t vcpu, uint64_t from, uint64_t until);
    /* The virtual CPU interface of `vcpu` may signal an interrupt at `when` with no entry
     * and no exit (a GICv4 vLPI offered to a resident vPE, gic_vif.vlpi): a guest idling
     * in the guest takes it at once, one in a handler when its handler is done; unlike a
     * kick, nothing leaves the guest. Optional (only direct injection calls it). */
    void (*virq)(void *sim, uint32_t vcpu, uint64_t when);
    /* GICv4: the directly injected LPI `intid` became visible to `vcpu`'s resident vPE
     * at `when` (the moment a list register would have held it; there is none). The
     * recorder counts it as listed. Optional (only direct injection calls it). */
    void (*shown)(void *sim, uint32_t vcpu, uint32_t intid, uint64_t when);
    /* Only from the lockstep checker (vgicsim check): the two models it drives disagree
     * about `what` in the operation that started at `when` (on `vcpu`, or -1 for a host
     * context). Optional. */
    void (*diverged)(void *sim, uint64_t when, int32_t vcpu, const char *what);
    /* Guest memory as KVM reads and writes it (kvm_read_guest, kvm_write_guest): the
     * ITS's command queue and tables, the LPI property and pending tables. Required for a
     * machine with gic.its; read returns false for an address that is not guest memory. */
    bool (*read_guest)(void *sim, uint64_t gpa, void *buf, uint32_t len);
    void (*write_guest)(void *sim, uint64_t gpa, const void *buf, uint32_t len);
    /* The simulation's scheduler (engine/sched.h): with it, operations run as processes
     * that take locks, cache lines and CAS targets at the cycle they reach them, in cycle
     * order among all operations; NULL (unit tests, the lockstep checker's models): every
     * operation runs whole when it is called. Not a hook, but what the simulation lends
     * the model, like the hooks. */
    struct sched *sched;
};

/* One interrupt as a query sees it: the hypervisor's copy of its state (KVM's struct
 * vgic_irq) and, separately, what the guest sees now — while the interrupt sits in a
 * live list register the LR is the truth (the guest may have acknowledged or completed
 * it since the hypervisor last looked). For private INTIDs the query names the bank. */
struct vgic_irq_snapshot {
    struct vgic_irq_state s;
    bool pending;        /* effective: the latch/line rule, or pending in a live LR */
    bool active;         /* effective: the live LR's active bit when listed in one */
};

/* Guest memory as the hooks give it, for the ITS code (src/vgic/vgic_its.h): reads and
 * writes go to the simulation; without those hooks nothing is guest memory. */
struct vgic_its_guest_mem vgic_hooks_guest_mem(const struct vgic_hooks *hooks, void *sim);

/* Tells the simulation that `st` (just changed by an operation at `when`) is pending, if
 * it is: one call per pending source of a GICv2 SGI. */
void vgic_hooks_pended(const struct vgic_hooks *hooks, void *sim, enum gic_version version,
                       const struct vgic_irq_state *st, uint64_t when);

/* Fills a snapshot from the hypervisor's copy of an interrupt and, if it is listed on a
 * vCPU, that vCPU's interface: while it is in the guest, the live LR wins. */
void vgic_snapshot_fill(struct vgic_irq_snapshot *out, const struct vgic_irq_state *s,
                        const struct gic_vif *holder, bool holder_in_guest);
/* The snapshot of an INTID the machine does not have: zeroed, on no vCPU. */
void vgic_snapshot_absent(struct vgic_irq_snapshot *out);

/* A model's own copy of the machine configuration: `dst` = *src, its HW-mapped INTID and
 * passthrough DeviceID lists copied too, so the model does not depend on the caller's
 * arrays (the model frees the returned block, which holds both, when it is destroyed). */
uint32_t *vgic_config_copy(struct gic_config *dst, const struct gic_config *src);

/* What KVM computed for a vCPU at its last entry (its shadow vgic_hcr and the list
 * registers it filled), whether or not that entry wrote it to the hardware and whatever
 * the hardware did with it since (it clears UIE on underflow; an exit folds the LRs).
 * ICH_HCR_EL2.En / GICH_HCR.En is always set (at vCPU reset) and not kept here. */
struct vgic_entry_shadow {
    bool uie, npie, lrenpie, vgrp0eie, vgrp0die, vgrp1eie, vgrp1die, tdir;
    uint32_t lrs_used;
};
static inline struct vgic_entry_shadow vgic_entry_shadow_of(const struct gic_vif *v)
{
    return (struct vgic_entry_shadow){
        .uie = v->uie, .npie = v->npie, .lrenpie = v->lrenpie, .vgrp0eie = v->vgrp0eie,
        .vgrp0die = v->vgrp0die, .vgrp1eie = v->vgrp1eie, .vgrp1die = v->vgrp1die,
        .tdir = v->tdir, .lrs_used = v->used_lrs,
    };
}

/* A vCPU's virtual CPU interface as a query sees it. */
struct vgic_vcpu_snapshot {
    struct gic_vif vif;  /* list registers (first used_lrs live), UIE, VMCR, APRs */
    struct vgic_entry_shadow entry;   /* as KVM computed it at the vCPU's last entry */
    bool in_guest;       /* the LRs are live: between an entry and the next exit */
    bool notified;       /* a kick is outstanding: KVM's IRQ_PENDING request (or the
                            posted-interrupt notification bit) is set until the vCPU's
                            next flush, which sees everything queued before it */
};

/* Counters every model keeps; each model adds its own in `extra`. */
enum { VGIC_MAX_EXTRA_COUNTERS = 16 };
/* The maintenance causes and exit reasons the counters break down (enum vgic_mi_cause,
 * enum vgic_exit_reason, with their names) are vgic/vgic_counter_names.h's. */
/* The cause a maintenance interrupt with these conditions (GIC_MI_* bits) counts under. */
enum vgic_mi_cause vgic_mi_cause_of(uint32_t gic_mi_bits);

/* The reason a vcpu_exit gives (anything out of range is `other`). */
static inline enum vgic_exit_reason vgic_exit_reason_of(const struct vgic_ctx *ctx)
{
    return ctx->exit_reason < VGIC_EXIT_REASONS ? (enum vgic_exit_reason)ctx->exit_reason
                                                : VGIC_EXIT_OTHER;
}

/* Add a common counter here and to vgic_common_counter_names together (vgic_counter_get
 * reads them by enum vgic_common_counter). */
struct vgic_counters {
    uint64_t kicks;
    uint64_t exits;
    uint64_t entries;
    uint64_t maintenance_irqs;
    uint64_t lr_overflows;     /* flushes that could not list every pending interrupt */
    uint64_t mmio_traps;
    uint64_t maintenance_by_cause[VGIC_MI_CAUSES];   /* sum: maintenance_irqs */
    uint64_t exits_by_reason[VGIC_EXIT_REASONS];     /* sum: exits */
    uint32_t n_extra;
    struct {
        const char *name;      /* e.g. "lock_acquisitions", "atomic_retries" */
        uint64_t value;
    } extra[VGIC_MAX_EXTRA_COUNTERS];
};

/* A common counter by its enum vgic_common_counter. */
uint64_t vgic_counter_common(const struct vgic_counters *c, enum vgic_common_counter which);
/* Appends a model-specific counter (at most VGIC_MAX_EXTRA_COUNTERS; more are dropped). */
void vgic_counters_add(struct vgic_counters *c, const char *name, uint64_t value);
/* The model-specific counter `name`; 0 when the model has none of that name. */
uint64_t vgic_counters_get(const struct vgic_counters *c, const char *name);

struct vgic_model_ops {
    const char *name;          /* "ref", "perf" */
    const char *summary;       /* one line for --help */
    int order;                 /* position among the models (`--model both` runs them in
                                  this order; the reference model is 0) */
    bool whole_operations;     /* every operation must run whole: the simulation gives it
                                  no scheduler (the lockstep checker) */

    /* `self` is the ops it is called through: a model made of other models (the lockstep
     * checker, src/check/lockstep.h) finds which ones there, so that any number of
     * such combinations can exist at once. */
    struct vgic_model *(*create)(const struct vgic_model_ops *self, const struct gic_config *gic,
                                 const struct cost_model *costs, const struct vgic_hooks *hooks,
                                 void *sim);
    void (*destroy)(struct vgic_model *m);
    /* Without boot, the model starts from KVM's reset state (guest mode `manual`).
     * Only before the first operation. */
    void (*boot)(struct vgic_model *m, const struct vgic_boot_config *boot);

    /* Guest MMIO to the distributor, a redistributor (`redist`: its index, GICR only)
     * or the ITS (GIC_FRAME_GITS, with gic.its). `width` in bytes (1, 2, 4 or 8). Invalid accesses behave as the model's
     * hypervisor makes them behave (KVM: RAZ/WI). */
    uint64_t (*mmio_read)(struct vgic_model *m, const struct vgic_ctx *ctx, enum gic_frame frame,
                          uint32_t redist, uint32_t offset, uint32_t width, uint64_t *value);
    uint64_t (*mmio_write)(struct vgic_model *m, const struct vgic_ctx *ctx,
                           enum gic_frame frame, uint32_t redist, uint32_t offset,
                           uint32_t width, uint64_t value);

    /* A device drives an interrupt line (PPIs: `vcpu` names the owner; SPIs ignore it).
     * The host's path up to kvm_vgic_inject_irq (`inject`) is the caller's: host work
     * done before any vgic state is touched, it is charged before the operation starts. */
    uint64_t (*set_line)(struct vgic_model *m, const struct vgic_ctx *ctx, uint32_t intid,
                         uint32_t vcpu, bool level);

    /* A device's MSI with gic.its (KVM_SIGNAL_MSI, or an irqfd's MSI route, whose
     * doorbell is the ITS's GITS_TRANSLATER): the ITS translates DeviceID and EventID to
     * an LPI and its target and makes it pending (`pended` hook), or drops it when
     * nothing maps it (or the ITS or the target's LPIs are disabled). From a host
     * context; the host's path up to the vgic (`msi_inject`) is the caller's, charged
     * before the operation starts, like set_line's. */
    uint64_t (*msi)(struct vgic_model *m, const struct vgic_ctx *ctx, uint32_t device,
                    uint32_t event);

    /* The guest's CPU-interface accesses (GICV_* on v2; ICC_* and ICV_* on v3). SGIs are
     * sent through them too: ICC_SGI1R_EL1 here on v3, GICD_SGIR by MMIO on v2. */
    uint64_t (*cpu_read)(struct vgic_model *m, const struct vgic_ctx *ctx,
                         enum gic_cpu_reg reg, uint64_t *value);
    uint64_t (*cpu_write)(struct vgic_model *m, const struct vgic_ctx *ctx,
                          enum gic_cpu_reg reg, uint64_t value);

    /* The VMM (userspace, a host context) reads or writes vgic state through KVM's device
     * attributes (src/vgic/vgic_uaccess.h: distributor and redistributor registers with
     * KVM's userspace handlers, the ICC_* registers of a vCPU, line levels). KVM serves
     * such an access with kvm->lock and every vCPU's mutex held, i.e. with no vCPU
     * running: the model takes kvm->lock, halts the guest as for an active-state access
     * (every vCPU in the guest exits and syncs its list registers; halt_begin/halted
     * hooks), performs the access (emulate_reg, and the per-IRQ costs of its handler),
     * and lets the vCPUs back in. *value is what a read returns; *result is KVM's answer
     * (VGIC_UACCESS_OK, or the refusal: nothing changed). */
    uint64_t (*vmm_access)(struct vgic_model *m, const struct vgic_ctx *ctx,
                           const struct vgic_vmm_access *a, uint64_t *value,
                           enum vgic_uaccess_result *result);

    /* The vCPU loop: after the world switch out, list-register state is folded back
     * and the ap_list pruned (exit); before the world switch in, the best pending
     * interrupts are flushed into the list registers (entry). The simulation charges
     * the world switch itself; these return when the vgic part is done. */
    uint64_t (*vcpu_exit)(struct vgic_model *m, const struct vgic_ctx *ctx);
    uint64_t (*vcpu_entry)(struct vgic_model *m, const struct vgic_ctx *ctx);

    /* WFI around KVM's block (kvm_vcpu_wfi): wfi_block is its kvm_vgic_put, which comes
     * before KVM's runnable test (vcpu_has_pending), so that the test sees what the put
     * read back (GICv4's PendingLast); wfi_wake is the kvm_vgic_load after the block, or
     * right after wfi_block when the vCPU does not block after all. Also at cycle 0 (after
     * boot) for a vCPU that starts blocked. Outside the guest, block then wake, per vCPU.
     * With GICv4 direct injection (vgic_v4_active) they make the vPE non-resident with its
     * doorbell and resident again, and cost what that costs; without it they change
     * nothing and return ctx->now, so that nothing else moves. */
    uint64_t (*wfi_block)(struct vgic_model *m, const struct vgic_ctx *ctx);
    uint64_t (*wfi_wake)(struct vgic_model *m, const struct vgic_ctx *ctx);

    /* ---- queries: const, free of cost and of effect; any time between operations */

    /* Would the virtual CPU interface of `vcpu` signal an IRQ to the guest now (a
     * pending LR above PMR and the running priority)? */
    bool (*irq_signalled)(const struct vgic_model *m, uint32_t vcpu);
    /* The hypervisor's WFI test (kvm_vgic_vcpu_pending_irq): does `vcpu` have an
     * interrupt on its list that makes it runnable? Enabled and pending; from v5.0 also
     * not active and above the vCPU's PMR (src/vgic: vgic_irq_wakes_vcpu). */
    bool (*vcpu_has_pending)(const struct vgic_model *m, uint32_t vcpu);
    /* Does the guest's WFI on `vcpu` trap to KVM (HCR_EL2.TWI)? KVM clears TWI for a vCPU
     * alone on its CPU (vgicsim's always are) whose vPE has vLPIs mapped or whose VM has
     * GICv4.1 vSGIs (vcpu_clear_wfx_traps, v5.5+): such a vCPU idles in the guest,
     * resident. True without direct injection. */
    bool (*wfi_traps)(const struct vgic_model *m, uint32_t vcpu);
    /* An interrupt (INTIDs the machine does not have: zeroed, target -1). */
    void (*irq_state)(const struct vgic_model *m, uint32_t vcpu, uint32_t intid,
                      struct vgic_irq_snapshot *out);
    /* A vCPU's list registers and CPU-interface state. */
    void (*vcpu_state)(const struct vgic_model *m, uint32_t vcpu,
                       struct vgic_vcpu_snapshot *out);
    /* Is the distributor enabled (GICD_CTLR)? */
    bool (*dist_enabled)(const struct vgic_model *m);
    void (*counters)(const struct vgic_model *m, struct vgic_counters *out);
    /* Optional (NULL: the model is one model): a model made of others -- the lockstep
     * checker -- gives member i's name and counters (*name, *out) for i < the number of
     * members, which it returns; so that an expectation on one model's counters
     * (expect.counters with `model:`) is checked on that member. */
    size_t (*member_counters)(const struct vgic_model *m, size_t i, const char **name,
                              struct vgic_counters *out);
};

/* Is a cpu_* access to `reg` made in the guest? All are, but ICC_SGI1R_EL1 (KVM traps
 * it and emulates the write outside the guest). */
static inline bool vgic_cpu_reg_in_guest(enum gic_cpu_reg reg)
{
    return reg != GIC_CPU_SGI1R;
}

/* A vCPU of the machine (the preconditions' "`vcpu` arguments are < gic->vcpus"). */
static inline bool vgic_is_vcpu(const struct gic_config *gic, int64_t vcpu)
{
    return vcpu >= 0 && vcpu < (int64_t)gic->vcpus;
}


#endif
