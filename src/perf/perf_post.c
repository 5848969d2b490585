/* SPDX-License-Identifier: GPL-2.0-only */
/* The injection path: posting an interrupt to its target vCPU without a lock
 * (docs/perf-core.md, "Posting" and "Notification").
 *
 * One compare-and-swap on the interrupt's state word both applies the change (a line
 * level, a latch, an SGI source, a register write) and, when the oracle names a vCPU
 * and the interrupt is on no list, claims it for that vCPU (listed_on: none -> t). Only
 * the context whose CAS made that transition publishes the interrupt to t, so it is on
 * at most one list, once. Publishing takes a ticket (its place at the tail of t's list)
 * and claims a free shadow slot with a CAS on the free-slot bitmap; when none is free it
 * sets the interrupt's bit in t's overflow bitmap of its priority level. Then t is
 * notified: the outstanding-notification bit is set, and t is kicked only if the bit was
 * clear (t clears it when it starts its next flush, so it sees everything posted before). */
#include "perf/perf_internal.h"

/* The change of an update, with the queue procedure fused into the same CAS. */
struct queue_change {
    vgic_irq_change_fn *change;
    const void *arg;
    bool dist_enabled;
    /* out (for the installed state) */
    struct vgic_irq_state installed;
    bool queue;
    int32_t target;
    bool inserted;
    uint8_t priority;     /* where an overflow post goes */
};

static bool change_and_claim(struct vgic_irq_state *st, const void *arg)
{
    struct queue_change *q = (struct queue_change *)arg;
    q->queue = q->change(st, q->arg);
    q->target = VGIC_NO_VCPU;
    q->inserted = false;
    if (!q->queue)
        return false;
    q->installed = *st;
    q->target = vgic_oracle(st, q->dist_enabled);
    q->priority = st->priority;
    if (st->listed_on < 0 && q->target >= 0) {
        st->listed_on = q->target;
        q->inserted = true;
    }
    return true;
}

/* Inline: the injection paths below pass their own `change`, which then inlines too. */
static inline void update_and_queue(struct perf_core *c, struct perf_op *op,
                                    struct perf_irq *irq, vgic_irq_change_fn *change,
                                    const void *arg)
{
    struct queue_change q = {
        .change = change, .arg = arg,
        .dist_enabled = atomic_load_explicit(&c->dist_enabled, memory_order_acquire),
    };
    perf_irq_update(c, op, irq, change_and_claim, &q);
    if (q.queue && op->timed)
        vgic_hooks_pended(&c->hooks, c->sim, c->cfg.version, &q.installed, op->t);
    if (!q.queue || q.target < 0)
        return;
    struct perf_vcpu *t = &c->vcpus[q.target];
    if (q.inserted)
        perf_publish(c, op, t, irq, q.priority);
    /* The overflow design on the GICv3 model: the first SPI in flight makes every vCPU
     * set TDIR (another vCPU may deactivate it), so all are notified. */
    if (q.inserted && vgic_spi_counts_in_flight(&c->cfg, &c->rel, irq->intid) &&
        perf_spi_in_flight(c, op)) {
        for (uint32_t i = 0; i < c->cfg.vcpus; i++)
            perf_notify(c, op, &c->vcpus[i]);
        return;
    }
    perf_notify(c, op, t);
}

void perf_update_and_queue(struct perf_core *c, struct perf_op *op, struct perf_irq *irq,
                           vgic_irq_change_fn *change, const void *arg)
{
    update_and_queue(c, op, irq, change, arg);
}

static bool no_change(struct vgic_irq_state *st, const void *arg)
{
    (void)st, (void)arg;
    return true;
}

void perf_queue(struct perf_core *c, struct perf_op *op, struct perf_irq *irq)
{
    update_and_queue(c, op, irq, no_change, NULL);
}

int perf_slot_claim(const struct perf_core *c, struct perf_op *op, struct perf_vcpu *v)
{
    perf_sync_point(c, op);
    uint32_t free = atomic_load_explicit(&v->free_slots, memory_order_relaxed);
    while (free) {
        uint32_t s = (uint32_t)__builtin_ctz(free);
        perf_atomic(c, op, &v->desc_line);
        /* acquire: the slot's previous user released it after its last read */
        if (perf_cas32(op, &v->free_slots, &free, free & ~(1u << s)))
            return (int)s;
        op->stats->cas_retries++;
        perf_charge(c, op, COST_CAS_RETRY);
    }
    return -1;
}

void perf_slot_release(const struct perf_core *c, struct perf_op *op, struct perf_vcpu *v,
                       uint32_t s)
{
    perf_atomic(c, op, &v->desc_line);
    uint32_t was_free = perf_or32(op, &v->free_slots, 1u << s, memory_order_release);
    VGICSIM_ASSERT(!(was_free & 1u << s));   /* released once, by whoever claimed it */
}

/* Every slot taken, for an LPI: its bit in t's LPI set, then the hint bit of its word,
 * then the summary bit of the hint word -- each before the next, as for a level, so a set
 * summary bit always leads to a set bit (or a stale hint). The set is by LPI index, one
 * bit per LPI the machine has: a level's bitmaps by INTID would need 32 times that. */
static void post_lpi_overflow(const struct perf_core *c, struct perf_op *op, struct perf_vcpu *t,
                              uint32_t index)
{
    uint32_t w = index / 64;
    perf_atomic(c, op, &t->ovf_line);
    perf_or64(op, &t->lpi_ovf[w], UINT64_C(1) << (index % 64), memory_order_release);
    perf_or64(op, &t->lpi_ovf_hint[w / 64], UINT64_C(1) << (w % 64), memory_order_release);
    perf_atomic(c, op, &t->ovf_line);
    perf_or32(op, &t->lpi_ovf_top, 1u << (w / 64), memory_order_release);
    op->stats->overflow_posts++;
}

void perf_publish(struct perf_core *c, struct perf_op *op, struct perf_vcpu *t,
                  struct perf_irq *irq, uint8_t priority)
{
    /* The ticket is published with the slot or overflow bit (release) below. */
    perf_atomic(c, op, &t->desc_line);
    uint64_t ticket = perf_add64(op, &t->next_ticket, 1, memory_order_relaxed);
    atomic_store_explicit(&irq->ticket, ticket, memory_order_relaxed);

    int s = perf_slot_claim(c, op, t);
    if (s >= 0) {
        atomic_store_explicit(&t->slot_intid[s], irq->intid, memory_order_relaxed);
        perf_atomic(c, op, &t->desc_line);
        uint32_t was_ready = perf_or32(op, &t->ready_slots, 1u << s, memory_order_release);
        VGICSIM_ASSERT(!(was_ready & 1u << s));   /* a free slot is never ready */
        op->stats->slot_claims++;
        return;
    }
    if (irq->intid >= GIC_LPI_BASE) {
        post_lpi_overflow(c, op, t, irq->intid - GIC_LPI_BASE);
        return;
    }
    /* Every slot taken: post to the overflow bitmap of the interrupt's priority level,
     * word first, then the level's summary bit (the vCPU scans levels with ctz). */
    uint32_t level = priority >> PERF_LEVEL_SHIFT, w = irq->intid / 64;
    perf_atomic(c, op, &t->ovf_line);
    perf_or64(op, &t->ovf[level][w], UINT64_C(1) << (irq->intid % 64), memory_order_release);
    perf_or32(op, &t->ovf_words[level], 1u << w, memory_order_release);
    perf_atomic(c, op, &t->ovf_line);
    perf_or32(op, &t->ovf_levels, 1u << level, memory_order_release);
    op->stats->overflow_posts++;
}

void perf_notify(struct perf_core *c, struct perf_op *op, struct perf_vcpu *t)
{
    op->stats->notifications++;
    perf_atomic(c, op, &t->desc_line);
    if (perf_xchg32(op, &t->on, 1, memory_order_acq_rel)) {
        op->stats->notifications_suppressed++;   /* a kick is already on its way */
        return;
    }
    /* The IPI is only sent to a vCPU that runs in guest mode; one in the hypervisor sees
     * the request before its next entry, one blocked in WFI is woken. (in_guest is the
     * vCPU's private state: only the simulation, single-threaded, reads it here.) */
    if (op->timed && t->in_guest && op->ctx != (int32_t)t->id)
        perf_charge(c, op, COST_KICK_IPI);
    if (c->hooks.kick)
        c->hooks.kick(c->sim, t->id, op->t);
}

struct line_arg {
    bool level;
};

static bool drive_line(struct vgic_irq_state *st, const void *arg)
{
    return vgic_drive_line(st, ((const struct line_arg *)arg)->level);
}

void perf_inject(struct perf_core *c, struct perf_op *op, struct perf_irq *irq, bool level)
{
    perf_charge(c, op, COST_EMULATE_IRQ);
    struct line_arg arg = {level};
    update_and_queue(c, op, irq, drive_line, &arg);
}

struct sgi_arg {
    enum gic_version version;
    uint32_t sender;
};

static bool pend_sgi(struct vgic_irq_state *st, const void *arg)
{
    const struct sgi_arg *a = arg;
    vgic_pend_sgi(a->version, st, a->sender);
    return true;
}

void perf_pend_sgi(struct perf_core *c, struct perf_op *op, struct perf_vcpu *target,
                   uint32_t intid, uint32_t sender)
{
    perf_charge(c, op, COST_EMULATE_IRQ);
    struct sgi_arg arg = {c->cfg.version, sender};
    update_and_queue(c, op, perf_irq_get(c, target->id, intid), pend_sgi, &arg);
}
