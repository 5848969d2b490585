/* SPDX-License-Identifier: GPL-2.0-only */
/* The reference model's internal state and the procedures its parts share.
 *
 * The reference model follows KVM's vgic (Linux v4.19..v6.19, as the scenario's release
 * says; see docs/model.md): per-IRQ state with
 * a pending latch and a line level, a per-vCPU ap_list (sorted active-first in the
 * classic design, pending-first in the v6.19 LR-overflow design), one list register
 * per interrupt, flush/fold/prune around every world switch, and the queue procedure
 * with its lock-drop-and-revalidate dance.
 *
 * Time: every procedure that costs cycles takes a `struct ref_op` whose `t` is the
 * current simulated cycle of the acting context and advances it by what the step
 * costs (cost model) and by the time spent waiting for locks. A lock is a resource of
 * the simulation's scheduler (engine/sched.h): an operation takes it at the cycle it
 * reaches it, in cycle order among all operations, and waits only while another
 * operation holds it. Between dropping a lock and taking it again, anything may change,
 * so the procedures revalidate as KVM does (the queue procedure's retry, prune's
 * migration). Without a scheduler (the lockstep checker, unit tests) each operation
 * runs whole and a lock is the cycle its last user freed it. The lock order is at
 * struct ref_lock. */
#ifndef VGICSIM_REF_REF_INTERNAL_H
#define VGICSIM_REF_REF_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/sched.h"
#include "gic/vcpuif.h"
#include "model/vgic_model.h"
#include "util/debug_checks.h"
#include "vgic/vgic_halt.h"
#include "vgic/vgic_irq.h"
#include "model/model_v4.h"
#include "vgic/vgic_its.h"
#include "vgic/vgic_mmio.h"

struct ref_model;
struct ref_vcpu;

/* An acting context, its clock and the scheduler it runs under. */
struct ref_op {
    uint64_t t;            /* current cycle; advanced as work is done */
    int32_t vcpu;          /* acting vCPU, or VGIC_HOST_CONTEXT */
    struct sched *sched;   /* the model's (NULL: operations run whole) */
#if VGICSIM_DEBUG_CHECKS
    uint32_t locks_held;   /* taken by this context and not released yet (ref_op_done) */
#endif
};

/* A spinlock (or kvm->lock, a mutex) in simulated time: a resource of the simulation's
 * scheduler (engine/sched.h), named for timelines by its kind (VGIC_RES_*) and index.
 * An operation takes it at the cycle it reaches it and waits only while another holds it.
 *
 * Lock order, KVM's (arch/arm64/kvm/vgic/vgic.c, "Locking order is always: kvm->lock,
 * ..., vgic_cpu->ap_list_lock, ..., vgic_irq->irq_lock"), as this model takes them:
 *     kvm_lock     kvm->lock (a mutex): register emulation that changes active state
 *                  holds it across halting the guest
 *       ap_lock      a vCPU's ap_list_lock: the flush, the prune, the queue procedure,
 *                    the WFI test
 *         lock         an interrupt's irq_lock
 * A lock is only taken while holding locks above it: ref_queue_irq_unlock, which holds an
 * IRQ's lock and needs the ap_list lock, drops the IRQ's lock, takes the ap_list lock and
 * takes the IRQ's lock again (and revalidates: anything may have changed meanwhile). Two
 * ap_list locks are held together only by a migration (ref_prune), the lower vCPU id's
 * first; two IRQ locks only by a comparison of the flush's sort (vgic_irq_cmp), both
 * under the ap_list lock of the list being sorted.
 *
 * The scheduler records who holds a lock, as the kernel's lockdep does: taking a lock the
 * same operation holds (a self-deadlock) or releasing one it does not hold fails an
 * assertion in a checking build (util/debug_checks.h), a function that must be entered
 * with a lock held says so with ref_lock_assert_held, and every operation of the model
 * interface ends holding nothing (ref_op_done). */
struct ref_lock {
    struct sched_res res;
};

/* One interrupt: KVM's struct vgic_irq (its state and the rules on it are src/vgic's),
 * with its lock and its place on an ap_list. */
struct ref_irq {
    struct vgic_irq_state s;
    struct ref_lock lock;                  /* irq_lock */
    struct ref_irq *ap_prev, *ap_next;     /* ap_list links (s.listed_on's list) */
};

struct ref_vcpu {
    uint32_t id;
    struct ref_irq private_irqs[32];
    struct ref_lock ap_lock;               /* ap_list_lock */
    struct ref_irq *ap_head, *ap_tail;
    uint32_t ap_len;
    struct gic_vif vif;                    /* list registers, UIE, VMCR and APRs */
    struct vgic_entry_shadow entry;        /* what the last entry's flush computed */
    bool in_guest;                         /* LRs are live (between entry and exit) */
    bool irq_pending_request;              /* KVM_REQ_IRQ_PENDING: kicked since the last flush */
    bool kick_ipi_sent;                    /* vcpu->mode == EXITING_GUEST_MODE: a kick's IPI
                                              is on its way; until the next entry a kick
                                              sends none (kvm_arch_vcpu_should_kick) */
    bool halted;                           /* forced out by ref_halt_guest */
    uint64_t halted_from;
    /* The overflow design (v6.19): the last ap_list entry the flush put in an LR (where
     * the EOIcount walk starts; NULL: no LR in use), and a prune requested by a trapped
     * DIR on another vCPU (KVM_REQ_VGIC_PROCESS_UPDATE), done before the next flush. */
    struct ref_irq *last_lr;
    bool async_prune;
    /* Scratch of this vCPU's flush's sort, one list's worth, allocated with the first
     * sort (the vCPU's own: another vCPU's flush may run while this one waits). */
    struct ref_sort_item *sort_buf, *sort_tmp;
};

struct ref_counters {
    uint64_t kicks, exits, entries, maintenance, lr_overflows, mmio_traps;
    uint64_t lock_acquisitions, lock_contended, lock_wait_cycles;
    uint64_t migrations, halts;
    uint64_t queue_retries;                /* the queue procedure found things changed */
    uint64_t maintenance_by_cause[VGIC_MI_CAUSES];
    uint64_t exits_by_reason[VGIC_EXIT_REASONS];
};

/* A member of an ap_list being sorted, with its sort key (vgic_irq_key_*): the state the
 * key reads cannot change during the sort, which holds the ap_list lock (ref_lr.c). */
struct ref_sort_item {
    uint32_t key;
    struct ref_irq *irq;
};

struct ref_model {
    struct gic_config cfg;
    struct gic_vif_arch arch;              /* what the virtual CPU interface implements */
    struct vgic_release rel;               /* what the modelled KVM release does */
    uint32_t *hw_mapped;                   /* copy of cfg.hw_mapped */
    struct cost_model costs;
    struct vgic_hooks hooks;
    void *sim;
    bool dist_enabled;
    struct vgic_dist_state dist;           /* implementation revision, VMM's group writes */
    struct ref_irq *spis;                  /* cfg.spis entries, INTID 32 first */
    struct ref_vcpu *vcpus;
    struct ref_lock kvm_lock;              /* kvm->lock (a mutex in KVM) */
    /* With gic.its: KVM's ITS (src/vgic/vgic_its.h), the LPIs (cfg.lpis entries, INTID
     * 8192 first; an entry exists for KVM while an ITE maps it or a list holds it), the
     * ITS's mutexes and, v5.4..v6.9, the lpi_list_lock that guards the LRU cache. */
    struct vgic_its *its;
    struct ref_irq *lpis;
    struct vgic_v4 *v4;                    /* GICv4 direct injection, NULL without */
    struct ref_lock its_cmd_lock, its_lock, lpi_list_lock;
    uint32_t active_spis;                  /* the overflow design's in-flight SPIs (GICv3) */

    struct ref_counters n;
    struct sched *sched;                   /* the simulation's scheduler, or NULL */
    struct vgic_halt_job *restarts;        /* one per vCPU: its return from a halt */
#if VGICSIM_DEBUG_CHECKS
    bool operated;                         /* an operation has run: boot comes before */
#endif
};

/* ---- costs and locks (ref_timing.c) ---- */
void ref_charge(struct ref_model *m, struct ref_op *op, enum cost_op what);
/* Takes l at op->t: waits while another operation holds it, then pays the hand-off
 * (when it waited) and the lock itself. */
void ref_lock_acquire(struct ref_model *m, struct ref_op *op, struct ref_lock *l);
void ref_lock_release(struct ref_model *m, struct ref_op *op, struct ref_lock *l);
/* The operation is about to read or write state no lock protects (the distributor's
 * enable, a vCPU's in-guest flag): everything earlier in simulated time happens first. */
void ref_sync_point(const struct ref_op *op);
/* Names a lock for timelines. */
void ref_lock_init(struct ref_lock *l, uint16_t kind, uint32_t index);

/* lockdep_assert_held: the acting context holds `l` (checking builds only). */
static inline void ref_lock_assert_held(const struct ref_op *op, const struct ref_lock *l)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(sched_holds(op->sched, &l->res, op->t));
#else
    (void)op, (void)l;
#endif
}

/* The end of an operation of the model interface: its completion cycle, once it has
 * released every lock it took (asserted in checking builds). */
static inline uint64_t ref_op_done(const struct ref_op *op)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(op->locks_held == 0);
#endif
    return op->t;
}

/* ---- interrupts and queueing (ref_queue.c) ---- */
/* The IRQ as seen by `vcpu` (private INTIDs are banked); NULL if it does not exist. */
struct ref_irq *ref_irq_get(struct ref_model *m, uint32_t vcpu, uint32_t intid);
/* ap_list membership: append at the tail (FIFO), or unlink; both keep irq->vcpu. Entered
 * with v's ap_list lock held by `op`. */
void ref_ap_list_append(const struct ref_op *op, struct ref_vcpu *v, struct ref_irq *irq);
void ref_ap_list_unlink(const struct ref_op *op, struct ref_vcpu *v, struct ref_irq *irq);
/* The vCPU the oracle names, or NULL. */
struct ref_vcpu *ref_oracle(const struct ref_model *m, const struct ref_irq *irq);
/* The vCPU whose ap_list holds the IRQ, or NULL. */
struct ref_vcpu *ref_listed_on(const struct ref_model *m, const struct ref_irq *irq);
/* KVM's vgic_queue_irq_unlock: entered with irq->lock held by `op`, returns with
 * it released; puts the IRQ on its target's ap_list if it should be there and kicks
 * the target. Returns true if it inserted the IRQ. */
bool ref_queue_irq_unlock(struct ref_model *m, struct ref_op *op, struct ref_irq *irq);
/* Kick: IRQ_PENDING request plus IPI or wake-up, through the simulation's hook. */
void ref_kick(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
/* A device drives a line (kvm_vgic_inject_irq). */
void ref_inject(struct ref_model *m, struct ref_op *op, struct ref_irq *irq, bool level);
/* KVM's vgic_kick_vcpus (GICD_CTLR enable). */
void ref_kick_vcpus(struct ref_model *m, struct ref_op *op);
/* kvm_vgic_vcpu_pending_irq: an IRQ on the vCPU's ap_list that makes it runnable
 * (vgic_irq_wakes_vcpu). */
bool ref_vcpu_pending_irq(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
/* Halting the guest around an active-state change (kvm_arm_halt_guest): every
 * vCPU in guest mode is forced out and syncs its LRs. */
void ref_halt_guest(struct ref_model *m, struct ref_op *op);
void ref_resume_guest(struct ref_model *m, struct ref_op *op);

/* ---- SGIs (ref_sgi.c) ---- */
/* GICD_SGIR write by `sender` (v2): filter 0 = target list, 1 = all but self,
 * 2 = self, 3 = reserved (ignored). */
void ref_sgi_v2(struct ref_model *m, struct ref_op *op, uint32_t sender, uint32_t value);
/* ICC_SGI1R_EL1 write by `sender` (v3). */
void ref_sgi_v3(struct ref_model *m, struct ref_op *op, uint32_t sender, uint64_t value);

/* ---- flush, fold, prune (ref_lr.c) ---- */
/* The flush and fold of the modelled release's design (classic, or overflow). */
void ref_flush(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
void ref_fold(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
void ref_prune(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
/* Charges the comparisons list_sort makes on `n` items already in order (none moves):
 * the same time, lock hand-offs and acquisitions as charging each comparison with its
 * two IRQ locks, in O(n). */
void ref_charge_sorted_list(struct ref_model *m, struct ref_op *op,
                            const struct ref_sort_item *items, size_t n);
/* kvm_vgic_sync_hwstate after a world switch out: fold and prune (the classic design
 * returns at once for an empty ap_list, the overflow design always syncs). */
void ref_sync(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
/* A world switch out: the LRs stop being live, the exit is counted, then ref_sync. */
void ref_leave_guest(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                     enum vgic_exit_reason why);
/* A world switch in: ref_flush, the entry is counted, then the LRs are live. */
void ref_enter_guest(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);
/* The deactivation of a trapped DIR that KVM handles with a full exit (vgic_cpuif's
 * dir_exit runs the exit around it): KVM's vgic_v{2,3}_deactivate. */
void ref_deactivate_trapped(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                            uint64_t value);
/* A deactivated HW LR or pseudo-LR: the physical interrupt is deactivated too. */
void ref_phys_deactivated(struct ref_model *m, struct ref_op *op, uint32_t vcpu, uint32_t intid);

/* ---- MMIO (ref_mmio.c: the backend of src/vgic's register emulation) ---- */
/* The VMM's access through the same backend (vgic_uaccess.h); the caller halted the
 * guest. */
enum vgic_uaccess_result ref_uaccess(struct ref_model *m, struct ref_op *op,
                                     const struct vgic_vmm_access *a, uint64_t *value);
uint64_t ref_mmio_access(struct ref_model *m, struct ref_op *op, enum gic_frame frame,
                         uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                         uint64_t value);

/* ---- the ITS (ref_its.c) ---- */
/* Creates the ITS and the LPIs for a machine with gic.its. */
void ref_its_create(struct ref_model *m);
void ref_its_destroy(struct ref_model *m);
void ref_its_boot(struct ref_model *m, const struct vgic_boot_its *b);
/* An LPI's storage, if KVM has it now (mapped, or still on a list). */
struct ref_irq *ref_lpi_get(struct ref_model *m, uint32_t intid);
/* A device's MSI (vgic_its_inject_msi): the release's cached path, else the ITS mutex
 * and the walks; the LPI made pending, or the MSI dropped. */
void ref_its_msi(struct ref_model *m, struct ref_op *op, uint32_t device, uint32_t event);
/* What the ITS's commands do to the reference model (its backend's its_ops). */
extern const struct vgic_its_ops ref_its_backend_ops;
/* The ITS's counters, appended to the model's (only with an ITS). */
void ref_its_counters(const struct ref_model *m, struct vgic_counters *out);

/* ---- GICv4 direct injection (ref_v4.c; nothing without it) ---- */
/* The shared GICv4 procedures' view of an operation of this model. */
struct model_v4_ctx ref_v4_ctx(struct ref_model *m, struct ref_op *op);

/* ---- virtual CPU interface (ref_cpuif.c) ---- */
uint64_t ref_cpuif_read(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                        enum gic_cpu_reg reg);
void ref_cpuif_write(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v,
                     enum gic_cpu_reg reg, uint64_t value);
bool ref_cpuif_signalled(const struct ref_model *m, const struct ref_vcpu *v);
void ref_cpuif_reset(struct ref_model *m, struct ref_vcpu *v);
/* At entry: the underflow condition with UIE set and at most one LR in use. */
void ref_cpuif_entry(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v);

#endif
