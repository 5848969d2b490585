/* The performance core's structures and the procedures its files share. The design —
 * software posted interrupts for the Arm vgic, with lock-free list-register slot
 * allocation — and every memory ordering are explained in docs/perf-core.md; the rules
 * applied to each interrupt are src/vgic's, the CPU interface src/gic's, exactly as in
 * the reference model, so that a guest and a device cannot tell the two apart.
 *
 * Concurrency contract (what the stress test exercises with real threads):
 *  - any number of host contexts may inject (perf_inject, SGIs) concurrently with each
 *    other and with the vCPUs;
 *  - each vCPU's entry/exit/CPU-interface calls come from one thread at a time (the
 *    vCPU's), and only that thread touches the vCPU's private part;
 *  - register emulation (MMIO) is the configuration path: it uses the same lock-free
 *    updates, but halting the guest and kvm->lock serialise it as in KVM.
 * In the simulation all calls come from one thread in simulated-time order; the `timed`
 * bookkeeping (which context wrote a cache line last, and until when it is busy) is
 * only kept then, so the real-thread mode has no shared non-atomic state. */
#ifndef VGICSIM_PERF_PERF_INTERNAL_H
#define VGICSIM_PERF_PERF_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "gic/vcpuif.h"
#include "model/vgic_model.h"
#include "vgic/vgic_irq.h"

struct perf_core;

/* A cache line in simulated time: who wrote it last and when its last atomic
 * completes. Only used by timed (simulated) contexts. */
struct perf_line {
    uint64_t busy_until;
    int32_t last_writer;         /* context id (vCPU, or PERF_HOST); PERF_NOBODY at first */
};
enum { PERF_NOBODY = -2, PERF_HOST = -1 };

/* What one acting context did: its clock and its own counters (a thread in the stress
 * test, or a vCPU / the host in the simulation). */
struct perf_stats {
    uint64_t atomics, cas_retries, cacheline_transfers;
    uint64_t notifications, notifications_suppressed;
    uint64_t slot_claims, overflow_posts, migrations;
    uint64_t exits, entries, maintenance, lr_overflows, mmio_traps;
    uint64_t halts, eoi_maintenance, underflow_maintenance;
};
struct perf_op {
    uint64_t t;                  /* current simulated cycle (advanced as work is done) */
    int32_t ctx;                 /* acting context: vCPU id or PERF_HOST */
    bool timed;                  /* simulation: charge costs and track cache lines */
    struct perf_stats *stats;
};

/* An untimed context (real threads; or what is not a hypervisor cost). */
static inline struct perf_op perf_untimed(int32_t ctx, struct perf_stats *stats)
{
    return (struct perf_op){.t = 0, .ctx = ctx, .timed = false, .stats = stats};
}

/* One interrupt. Everything the injection path and the vCPUs change or read lives in
 * one 64-bit word (the packed struct vgic_irq_state), changed only by compare-and-swap;
 * the rest is fixed, or written only by register emulation. */
struct perf_irq {
    _Atomic uint64_t word;       /* perf_pack(): latch, line, active, enabled, ... */
    _Atomic uint64_t ticket;     /* its position on its vCPU's list (FIFO order) */
    uint32_t intid;
    int32_t owner;               /* private: the bank's vCPU; SPI: -1 */
    _Atomic uint32_t targets;    /* v2 ITARGETSR byte (register emulation only) */
    _Atomic uint32_t mpidr;      /* v3 IROUTER affinity (register emulation only) */
    struct perf_line line;
};

/* Interrupt indexes: the private interrupts of vCPU c are c * 32 + intid, the SPIs follow
 * all of them. Per vCPU, the overflow bitmaps use a local index: intid (private ones and
 * SPIs alike, since a vCPU's list holds its own private interrupts only). */
enum {
    PERF_LEVELS = 32,            /* overflow priority levels: priority >> 3 */
    PERF_LEVEL_SHIFT = 3,
    PERF_WORDS = 1024 / 64,      /* 64-bit words per level: one bit per INTID */
};

/* A member of a vCPU's list, as the vCPU gathers it. */
struct perf_member {
    uint64_t ticket;
    uint32_t intid;
    struct vgic_irq_state st;    /* snapshot, for the flush's sort */
};

/* A vCPU: the posted-interrupt descriptor the injectors write, and the private part
 * only its own thread touches. */
struct perf_vcpu {
    uint32_t id;
    /* --- shared with injectors ---------------------------------------------------- */
    _Atomic uint32_t on;                    /* outstanding notification (kick sent) */
    _Atomic uint32_t free_slots;            /* bit s: shadow slot s is free */
    _Atomic uint32_t ready_slots;           /* bit s: slot s holds a published member */
    _Atomic uint32_t slot_intid[GIC_MAX_LIST_REGISTERS];
    _Atomic uint32_t ovf_levels;            /* bit p: level p has posted members */
    _Atomic uint64_t ovf[PERF_LEVELS][PERF_WORDS];
    _Atomic uint64_t next_ticket;
    struct perf_line desc_line;             /* on/free/ready (one line in the model) */
    struct perf_line ovf_line;
    /* --- private to the vCPU -------------------------------------------------------- */
    struct gic_vif vif;
    bool in_guest;
    bool halted;
    uint64_t halted_from;
    struct perf_member *members;            /* scratch: the list, gathered (lazily sized) */
    struct perf_member *members_tmp;        /* scratch of the sorts */
    struct perf_stats stats;                /* the vCPU's own context */
};

struct perf_core {
    struct gic_config cfg;
    struct gic_vif_arch arch;
    uint32_t *hw_mapped;
    struct cost_model costs;
    struct vgic_hooks hooks;
    void *sim;
    _Atomic bool dist_enabled;
    struct perf_irq *irqs;                  /* vcpus * 32 private, then the SPIs */
    struct perf_vcpu *vcpus;
    struct perf_line kvm_lock;              /* kvm->lock (configuration path) */
    struct perf_stats host_stats;           /* the simulation's host contexts */
};

/* ---- state words and simulated cache lines (perf_state.c) ---- */
uint64_t perf_pack(const struct vgic_irq_state *s);
void perf_unpack(const struct perf_irq *irq, uint64_t w, struct vgic_irq_state *out);
/* The interrupt `intid` as vCPU `bank` sees it, or NULL. */
struct perf_irq *perf_irq_get(const struct perf_core *c, uint32_t bank, uint32_t intid);
void perf_irq_read(const struct perf_irq *irq, struct vgic_irq_state *out);
/* Applies `change` to the interrupt's state with a compare-and-swap loop (each failed CAS
 * is a retry); returns what `change` returned for the state that was installed. */
bool perf_irq_update(struct perf_core *c, struct perf_op *op, struct perf_irq *irq,
                     vgic_irq_change_fn *change, const void *arg);
/* Simulated time and counters of one atomic RMW on `line`: a cache-line transfer when
 * another context wrote it last, a retry when another context's atomic on it is still
 * in flight. Real-thread contexts only count. */
void perf_atomic(struct perf_core *c, struct perf_op *op, struct perf_line *line);
void perf_charge(struct perf_core *c, struct perf_op *op, enum cost_op what);

/* ---- posting: the lock-free injection path (perf_post.c) ---- */
/* perf_irq_update, and when `change` returns true the queue procedure, in the same CAS. */
void perf_update_and_queue(struct perf_core *c, struct perf_op *op, struct perf_irq *irq,
                           vgic_irq_change_fn *change, const void *arg);
/* The queue procedure: puts the interrupt on its target's list if the oracle names one
 * and it is on none, then notifies the target. */
void perf_queue(struct perf_core *c, struct perf_op *op, struct perf_irq *irq);
/* Publishes a member to vCPU `t`'s descriptor (a free slot, or the overflow bitmaps),
 * with a new ticket (the tail of its list). */
void perf_publish(struct perf_core *c, struct perf_op *op, struct perf_vcpu *t,
                  struct perf_irq *irq, uint8_t priority);
/* Posted-interrupt notification: sets the outstanding bit and kicks only if it was clear. */
void perf_notify(struct perf_core *c, struct perf_op *op, struct perf_vcpu *t);
void perf_inject(struct perf_core *c, struct perf_op *op, struct perf_irq *irq, bool level);
void perf_pend_sgi(struct perf_core *c, struct perf_op *op, struct perf_vcpu *target,
                   uint32_t intid, uint32_t sender);

/* ---- the vCPU side: flush, fold, prune (perf_lr.c) ---- */
void perf_flush(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
void perf_fold(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
void perf_prune(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
/* Removes a member from v's descriptor (frees its slot or clears its overflow bit). */
void perf_unpublish(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v, uint32_t intid);
bool perf_vcpu_has_pending(const struct perf_core *c, const struct perf_vcpu *v);
void perf_kick_vcpus(struct perf_core *c, struct perf_op *op);
void perf_halt_guest(struct perf_core *c, struct perf_op *op);
void perf_resume_guest(struct perf_core *c, struct perf_op *op);

/* ---- register emulation and CPU interface (perf_mmio.c, perf_cpuif.c) ---- */
uint64_t perf_mmio_access(struct perf_core *c, struct perf_op *op, enum gic_frame frame,
                          uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                          uint64_t value);
uint64_t perf_cpuif_read(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                         enum gic_cpu_reg reg);
void perf_cpuif_write(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      enum gic_cpu_reg reg, uint64_t value);
void perf_sgi_v2(struct perf_core *c, struct perf_op *op, uint32_t sender, uint32_t value);
void perf_sgi_v3(struct perf_core *c, struct perf_op *op, uint32_t sender, uint64_t value);
void perf_maintenance(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);

#endif
