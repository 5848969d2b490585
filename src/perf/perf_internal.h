/* SPDX-License-Identifier: GPL-2.0-only */
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
 * In the simulation all calls come from one thread; with the simulation's scheduler
 * (engine/sched.h) each operation is a process whose atomics reach their cache line at
 * the cycle the cost model says, in cycle order among all operations, so operations
 * interleave at atomic granularity as threads would -- which is why a compare-and-swap
 * compares there too, and fails when another operation changed the word since it was
 * read. The `timed` bookkeeping (the cache lines as scheduler resources) is only kept
 * then, so the real-thread mode has no shared non-atomic state. */
#ifndef VGICSIM_PERF_PERF_INTERNAL_H
#define VGICSIM_PERF_PERF_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/sched.h"
#include "gic/vcpuif.h"
#include "model/vgic_model.h"
#include "util/debug_checks.h"
#include "model/model_v4.h"
#include "vgic/vgic_halt.h"
#include "vgic/vgic_irq.h"
#include "vgic/vgic_its.h"
#include "vgic/vgic_mmio.h"

struct perf_core;

/* A cache line in simulated time: a scheduler resource an atomic holds for as long as it
 * takes (another atomic reaching it meanwhile contends with it). Only used by timed
 * (simulated) contexts. */
struct perf_line {
    struct sched_res res;
};
enum { PERF_HOST = -1 };

/* What one acting context did: its clock and its own counters (a thread in the stress
 * test, or a vCPU / the host in the simulation). */
struct perf_stats {
    uint64_t atomics, cas_retries, cacheline_transfers;
    uint64_t notifications, notifications_suppressed;
    uint64_t slot_claims, overflow_posts, migrations;
    uint64_t exits, entries, maintenance, lr_overflows, mmio_traps;
    uint64_t halts;
    uint64_t msi_fast_hits, msi_fast_misses, msis_dropped;   /* with an ITS */
    uint64_t maintenance_by_cause[VGIC_MI_CAUSES];
    uint64_t exits_by_reason[VGIC_EXIT_REASONS];
    uint64_t line_wait_cycles;   /* waiting for a cache line another atomic holds */
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

/* Atomic read-modify-writes. With real threads they are the atomic instructions, with the
 * memory orders docs/perf-core.md explains; in the simulation, which runs every context
 * on one thread in simulated-time order, the same read and write without the bus lock
 * (the algorithm is the same, only the instruction differs). */
#define PERF_RMW(name, type, opexpr, fn)                                                      \
    static inline type name(const struct perf_op *op, _Atomic type *o, type v,               \
                            memory_order mo)                                                 \
    {                                                                                        \
        if (op->timed) {                                                                     \
            type old = atomic_load_explicit(o, memory_order_relaxed);                        \
            atomic_store_explicit(o, opexpr, memory_order_relaxed);                          \
            return old;                                                                      \
        }                                                                                    \
        return fn(o, v, mo);                                                                 \
    }
PERF_RMW(perf_or32, uint32_t, old | v, atomic_fetch_or_explicit)
PERF_RMW(perf_and32, uint32_t, old & v, atomic_fetch_and_explicit)
PERF_RMW(perf_xchg32, uint32_t, v, atomic_exchange_explicit)
PERF_RMW(perf_or64, uint64_t, old | v, atomic_fetch_or_explicit)
PERF_RMW(perf_and64, uint64_t, old & v, atomic_fetch_and_explicit)
PERF_RMW(perf_add64, uint64_t, old + v, atomic_fetch_add_explicit)
PERF_RMW(perf_add32, uint32_t, old + v, atomic_fetch_add_explicit)
#undef PERF_RMW

/* Compare-and-swap (weak: may fail spuriously with threads; in the simulation it fails
 * only when another operation changed the word since it was read). */
static inline bool perf_cas64(const struct perf_op *op, _Atomic uint64_t *o, uint64_t *expected,
                              uint64_t desired)
{
    if (op->timed) {
        uint64_t now = atomic_load_explicit(o, memory_order_relaxed);
        if (now != *expected) {
            *expected = now;
            return false;
        }
        atomic_store_explicit(o, desired, memory_order_relaxed);
        return true;
    }
    return atomic_compare_exchange_weak_explicit(o, expected, desired, memory_order_acq_rel,
                                                 memory_order_acquire);
}
static inline bool perf_cas32(const struct perf_op *op, _Atomic uint32_t *o, uint32_t *expected,
                              uint32_t desired)
{
    if (op->timed) {
        uint32_t now = atomic_load_explicit(o, memory_order_relaxed);
        if (now != *expected) {
            *expected = now;
            return false;
        }
        atomic_store_explicit(o, desired, memory_order_relaxed);
        return true;
    }
    return atomic_compare_exchange_weak_explicit(o, expected, desired, memory_order_acquire,
                                                 memory_order_relaxed);
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
    /* LPIs overflow into one set by LPI index (INTID - 8192), not by level: a bit per
     * LPI, a hint word over every 64 words, a summary bit per hint word. */
    PERF_LPI_HINTS = GIC_MAX_LPIS / 64 / 64,
};

/* A member of a vCPU's list, as the vCPU gathers it. */
struct perf_member {
    uint32_t key;                /* its sort key (vgic_irq_key_*), from one snapshot */
    struct perf_irq *irq;
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
    _Atomic uint32_t ovf_words[PERF_LEVELS];/* bit w: word w of the level may have bits */
    _Atomic uint64_t ovf[PERF_LEVELS][PERF_WORDS];
    _Atomic uint64_t next_ticket;
    /* With an ITS: LPIs posted while every slot is taken (docs/perf-core.md, "LPIs"). */
    _Atomic uint32_t lpi_ovf_top;           /* bit i: hint word i may have bits */
    _Atomic uint64_t lpi_ovf_hint[PERF_LPI_HINTS];   /* bit j of i: word i*64+j may */
    _Atomic uint64_t *lpi_ovf;              /* (lpis + 63) / 64 words: bit per LPI */
    /* EnableLPIs 1 -> 0 written by any vCPU (perf_flush_lpis): the writer unlists this
     * vCPU's LPIs in their state words and counts the requests it began and finished;
     * the vCPU takes the LPIs it still holds off its own list (sweep_unlisted) when it
     * sees `done` move (docs/perf-core.md, "LPIs, MSIs and the ITS"). */
    _Atomic uint32_t lpi_unlists_begun;
    _Atomic uint32_t lpi_unlists_done;
    struct perf_line desc_line;             /* on/free/ready (one line in the model) */
    struct perf_line ovf_line;
    /* --- private to the vCPU -------------------------------------------------------- */
    struct gic_vif vif;
    struct vgic_entry_shadow entry;         /* what the last entry's flush computed */
    bool in_guest;
    bool halted;
    uint64_t halted_from;
    struct perf_irq **list;                 /* the members drained so far, by ticket */
    uint32_t list_n, list_cap;              /* list, members and members_tmp: list_cap */
    uint64_t *in_list;                      /* drained into `list`: by perf_list_bit */
    uint32_t drained_slots;                 /* ready slots whose member is in `list` */
    struct perf_member *members;            /* scratch of the flush's sort */
    struct perf_member *members_tmp;
    /* The overflow design (v6.19): the last member the flush put in an LR (the EOIcount
     * walk starts after it, wherever it is in the list then, and walks nothing if it has
     * left the list, as the reference model's ap_next of an unlinked LPI; NULL: no LR in
     * use), and a prune another vCPU's trapped DIR asked for (done before the next
     * flush). */
    const struct perf_irq *last_lr;
    bool async_prune;
    uint32_t lpi_unlists_swept;             /* lpi_unlists_done when it last swept */
    struct perf_stats stats;                /* the vCPU's own context */
};

/* The ITS of a machine with gic.its: KVM's ITS state (src/vgic, changed only on the
 * configuration path) and the translations perf publishes for the MSI fast path
 * (perf_its.c; docs/perf-core.md, "MSIs"). */
struct perf_its {
    struct vgic_its state;
    struct perf_line cmd_line, its_line;    /* its->cmd_lock, its->its_lock (mutexes) */
    struct perf_line table_line;            /* the epoch and the translation table */
    /* Bumped to odd when a configuration write that may change a translation starts,
     * to even when it ends: a published translation is valid only at the even epoch it
     * was resolved at. */
    _Atomic uint64_t epoch;
    uint32_t config_depth;                  /* nested configuration writes (one path) */
    _Atomic uint64_t *table;                /* published translations (perf_its.c) */
    uint32_t table_mask;
};

struct perf_core {
    struct gic_config cfg;
    struct gic_vif_arch arch;
    struct vgic_release rel;                /* what the modelled KVM release does */
    uint32_t *hw_mapped;
    struct cost_model costs;
    struct vgic_hooks hooks;
    void *sim;
    _Atomic bool dist_enabled;
    /* Implementation revision, the VMM's group writes: changed only by the VMM, with
     * every vCPU out of the guest (vmm_access), so plain fields. */
    struct vgic_dist_state dist;
    struct perf_irq *irqs;                  /* vcpus * 32 private, then the SPIs */
    struct perf_irq *lpis;                  /* with an ITS: cfg.lpis, by INTID - 8192 */
    struct perf_its *its;                   /* NULL without gic.its */
    struct vgic_v4 *v4;                     /* GICv4 direct injection, NULL without */
    uint32_t lpi_word0;                     /* in_list: the LPIs' first word */
    uint32_t list_words;                    /* in_list's words */
    uint32_t max_members;                   /* what one list can hold: gic_nr_irqs + lpis */
    struct perf_vcpu *vcpus;
    struct perf_line kvm_lock;              /* kvm->lock (configuration path) */
    _Atomic uint32_t active_spis;           /* the overflow design's in-flight SPIs (GICv3) */
    struct perf_line spis_line;
    struct perf_stats host_stats;           /* the simulation's host contexts */
    struct sched *sched;                    /* the simulation's scheduler, or NULL */
    struct vgic_halt_job *restarts;         /* one per vCPU: its return from a halt */
#if VGICSIM_DEBUG_CHECKS
    bool operated;                          /* an operation of the model interface has run
                                               (the simulation's, on one thread): boot
                                               comes before */
#endif
};

/* ---- state words and simulated cache lines ---- */

/* The state word is the hot half of struct vgic_irq_state (src/vgic), as it is: packing
 * and unpacking only move the fixed and configuration-path fields around it. */
static inline uint64_t perf_pack(const struct vgic_irq_state *s) { return s->hot; }

static inline void perf_unpack(const struct perf_irq *irq, uint64_t w, struct vgic_irq_state *out)
{
    out->intid = irq->intid;
    out->owner = irq->owner;
    out->targets = (uint8_t)atomic_load_explicit(&irq->targets, memory_order_relaxed);
    out->mpidr = atomic_load_explicit(&irq->mpidr, memory_order_relaxed);
    out->hot = w;
}

/* The storage of interrupt `intid` as vCPU `bank` sees it, or NULL when the machine
 * has no such INTID. An LPI's storage exists whether or not KVM has the LPI now: members
 * of a list and the list registers use this; a lookup as KVM makes one (vgic_get_irq),
 * perf_irq_find. */
static inline struct perf_irq *perf_irq_get(const struct perf_core *c, uint32_t bank,
                                            uint32_t intid)
{
    if (intid < GIC_NR_PRIVATE)
        return bank < c->cfg.vcpus ? &c->irqs[bank * GIC_NR_PRIVATE + intid] : NULL;
    if (intid < GIC_NR_PRIVATE + c->cfg.spis)
        return &c->irqs[c->cfg.vcpus * GIC_NR_PRIVATE + intid - GIC_NR_PRIVATE];
    if (gic_intid_is_lpi(&c->cfg, intid))
        return &c->lpis[intid - GIC_LPI_BASE];
    return NULL;
}

/* The bit of `intid` in a vCPU's in_list: INTIDs below gic_nr_irqs as they are, LPIs
 * from word lpi_word0 by LPI index (so that an LPI overflow word lines up with one). */
static inline uint32_t perf_list_bit(const struct perf_core *c, uint32_t intid)
{
    return intid < GIC_LPI_BASE ? intid : c->lpi_word0 * 64 + (intid - GIC_LPI_BASE);
}
static inline bool perf_in_list(const struct perf_core *c, const struct perf_vcpu *v,
                                uint32_t intid)
{
    uint32_t b = perf_list_bit(c, intid);
    return v->in_list && v->in_list[b / 64] >> (b % 64) & 1;
}

static inline void perf_irq_read(const struct perf_irq *irq, struct vgic_irq_state *out)
{
    perf_unpack(irq, atomic_load_explicit(&irq->word, memory_order_acquire), out);
}

/* The interrupt as KVM's lookup finds it: an LPI only while it exists -- mapped by an ITE,
 * or still on a vCPU's list after its last ITE went (KVM's ap_list reference); NULL
 * otherwise, and for an INTID the machine does not have. */
static inline struct perf_irq *perf_irq_find(const struct perf_core *c, uint32_t bank,
                                             uint32_t intid)
{
    struct perf_irq *irq = perf_irq_get(c, bank, intid);
    if (!irq || intid < GIC_LPI_BASE || vgic_its_lpi_exists(&c->its->state, intid))
        return irq;
    struct vgic_irq_state st;
    perf_irq_read(irq, &st);
    return st.listed_on >= 0 ? irq : NULL;
}

static inline void perf_charge(const struct perf_core *c, struct perf_op *op, enum cost_op what)
{
    if (op->timed)
        op->t += c->costs.cycles[what];
}

static inline void perf_charge_n(const struct perf_core *c, struct perf_op *op,
                                 enum cost_op what, uint64_t times)
{
    if (op->timed)
        op->t += c->costs.cycles[what] * times;
}

/* Simulated time and counters of one atomic RMW on `line`. Another context's atomic on
 * this line has not completed when ours reaches it: ours fails once, and the line has to
 * come back from that CPU before we go again. (As the reference model charges a lock's
 * handoff only to a waiter, an uncontended line moving between CPUs is part of
 * `atomic`, as it is part of `lock`.) Real-thread contexts only count. */
static inline void perf_atomic(const struct perf_core *c, struct perf_op *op,
                               struct perf_line *line)
{
    op->stats->atomics++;
    if (!op->timed)
        return;
    bool waited;
    uint64_t at = sched_acquire(c->sched, &line->res, op->t, &waited);
    if (waited) {
        op->stats->cas_retries++;
        op->stats->cacheline_transfers++;
        op->stats->line_wait_cycles += at - op->t;
        op->t = at;
        perf_charge(c, op, COST_CAS_RETRY);
        perf_charge(c, op, COST_CACHELINE_TRANSFER);
    }
    perf_charge(c, op, COST_ATOMIC);
    sched_release(c->sched, &line->res, op->t);
}

/* The operation is about to read shared state (the word a CAS loop starts from): every
 * earlier operation has had its turn first, so that the CAS fails only when another
 * operation changed the word since this one read it, in simulated time. */
static inline void perf_sync_point(const struct perf_core *c, const struct perf_op *op)
{
    if (op->timed)
        sched_sync(c->sched, op->t);
}

/* Names a line for timelines. */
static inline void perf_line_init(struct perf_line *l, uint16_t kind, uint32_t index)
{
    l->res = (struct sched_res){.kind = kind, .index = index};
}

/* Applies `change` to the interrupt's state with a compare-and-swap loop (each failed CAS
 * is a retry); returns what `change` returned for the state that was installed. Inline:
 * every caller passes its own `change`, which the compiler then inlines into the loop. */
static inline bool perf_irq_update(struct perf_core *c, struct perf_op *op,
                                   struct perf_irq *irq, vgic_irq_change_fn *change,
                                   const void *arg)
{
    perf_sync_point(c, op);   /* the word is read when the operation gets there */
    uint64_t w = atomic_load_explicit(&irq->word, memory_order_acquire);
    for (;;) {
        struct vgic_irq_state st;
        perf_unpack(irq, w, &st);
        uint8_t targets = st.targets;
        uint32_t mpidr = st.mpidr;
        bool result = change(&st, arg);
        perf_atomic(c, op, &irq->line);
        if (perf_cas64(op, &irq->word, &w, perf_pack(&st))) {
            /* Routing fields change only on the configuration path. */
            if (st.targets != targets)
                atomic_store_explicit(&irq->targets, st.targets, memory_order_relaxed);
            if (st.mpidr != mpidr)
                atomic_store_explicit(&irq->mpidr, st.mpidr, memory_order_relaxed);
            return result;
        }
        op->stats->cas_retries++;
        perf_charge(c, op, COST_CAS_RETRY);
    }
}

/* ---- posting: the lock-free injection path (perf_post.c) ---- */
/* perf_irq_update, and when `change` returns true the queue procedure, in the same CAS. */
void perf_update_and_queue(struct perf_core *c, struct perf_op *op, struct perf_irq *irq,
                           vgic_irq_change_fn *change, const void *arg);
/* The queue procedure: puts the interrupt on its target's list if the oracle names one
 * and it is on none, then notifies the target. */
void perf_queue(struct perf_core *c, struct perf_op *op, struct perf_irq *irq);
/* Claims a free shadow slot of v (CAS on the free-slot bitmap): its index, or -1 when
 * every slot is taken. Releasing makes it claimable again (release order: the releaser
 * has stopped reading it). */
int perf_slot_claim(const struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
void perf_slot_release(const struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                       uint32_t s);
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
/* The flush and fold of the modelled release's design (classic, or overflow). */
void perf_flush(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
void perf_fold(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
void perf_prune(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
/* kvm_vgic_sync_hwstate after a world switch out: fold and prune (the classic design
 * returns at once for an empty list, the overflow design always syncs). */
void perf_sync(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
/* A world switch out of the guest (the sync included), and back in (the flush included;
 * the caller charges the switch and runs the entry's maintenance check). */
void perf_leave_guest(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      enum vgic_exit_reason why);
void perf_enter_guest(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);
/* The deactivation of a trapped DIR that KVM handles with a full exit (vgic_cpuif's
 * dir_exit runs the exit around it): KVM's vgic_v{2,3}_deactivate. */
void perf_deactivate_trapped(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                             uint64_t value);
/* A deactivated HW LR or pseudo-LR: the physical interrupt is deactivated too. */
void perf_phys_deactivated(struct perf_core *c, struct perf_op *op, uint32_t vcpu,
                           uint32_t intid);
/* The overflow design's count of SPIs in flight (GICv3): one more; true when it was 0. */
bool perf_spi_in_flight(struct perf_core *c, struct perf_op *op);
bool perf_vcpu_has_pending(const struct perf_core *c, const struct perf_vcpu *v);
void perf_kick_vcpus(struct perf_core *c, struct perf_op *op);
void perf_halt_guest(struct perf_core *c, struct perf_op *op);
void perf_resume_guest(struct perf_core *c, struct perf_op *op);

/* The vCPU's LPIs leave its list, their state kept (vgic_flush_pending_lpis): from any
 * context, they are unlisted in their state words at once; the vCPU itself takes those it
 * still holds off its list at its next sync or flush. */
void perf_flush_lpis(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);

/* ---- GICv4 direct injection (perf_v4.c; nothing without it) ---- */
/* The shared GICv4 procedures' view of an operation of this core. */
struct model_v4_ctx perf_v4_ctx(struct perf_core *c, struct perf_op *op);

/* ---- the ITS (perf_its.c) ---- */
/* Creates the ITS and LPI storage of a machine with gic.its (nothing without). */
void perf_its_create(struct perf_core *c);
void perf_its_destroy(struct perf_core *c);
/* The booted ITS driver's state (vgic_boot.h), at no cost. */
void perf_its_boot(struct perf_core *c, const struct vgic_boot_its *b);
/* A device's MSI (the model interface's msi): the fast path, or the slow one. */
void perf_msi(struct perf_core *c, struct perf_op *op, uint32_t device, uint32_t event);
/* A configuration write that may change a translation starts / ends (the epoch). */
void perf_its_config_begin(struct perf_core *c, struct perf_op *op);
void perf_its_config_end(struct perf_core *c, struct perf_op *op);
extern const struct vgic_its_ops perf_its_ops;

/* ---- register emulation and CPU interface (perf_mmio.c, perf_cpuif.c) ---- */
/* A mutex of the configuration path in simulated time (kvm->lock, the ITS's): a
 * context that finds it held waits for its release. Real threads: no-ops. */
void perf_mutex_lock(const struct perf_core *c, struct perf_op *op, struct perf_line *line);
void perf_mutex_unlock(const struct perf_core *c, struct perf_op *op, struct perf_line *line);
/* The VMM's access through the same backend (vgic_uaccess.h); the caller halted the
 * guest. */
enum vgic_uaccess_result perf_uaccess(struct perf_core *c, struct perf_op *op,
                                      const struct vgic_vmm_access *a, uint64_t *value);
uint64_t perf_mmio_access(struct perf_core *c, struct perf_op *op, enum gic_frame frame,
                          uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                          uint64_t value);
uint64_t perf_cpuif_read(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                         enum gic_cpu_reg reg);
void perf_cpuif_write(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      enum gic_cpu_reg reg, uint64_t value);
void perf_sgi_v2(struct perf_core *c, struct perf_op *op, uint32_t sender, uint32_t value);
void perf_sgi_v3(struct perf_core *c, struct perf_op *op, uint32_t sender, uint64_t value);
void perf_maintenance(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                      uint32_t causes);
void perf_cpuif_entry(struct perf_core *c, struct perf_op *op, struct perf_vcpu *v);

#endif
