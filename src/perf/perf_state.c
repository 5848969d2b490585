/* The performance core's interrupt state word, its compare-and-swap updates, and the
 * simulated cost of atomics on shared cache lines (docs/perf-core.md, "State word" and
 * "Timing"). */
#include <assert.h>

#include "perf/perf_internal.h"

/* Bit layout of the state word. */
enum {
    W_LATCH = 0, W_LINE = 1, W_ACTIVE = 2, W_ENABLED = 3, W_HW = 4, W_LEVEL = 5,
    W_PHYS_ACTIVE = 6, W_DEVICE_LEVEL = 7, W_GROUP = 8,
    W_PRIORITY = 9,        /* 8 bits */
    W_SOURCE = 17,         /* 8 bits */
    W_ACTIVE_SOURCE = 25,  /* 3 bits */
    W_LISTED_ON = 28,      /* 10 bits: vCPU + 1, 0 = none */
    W_TARGET = 38,         /* 10 bits: vCPU + 1, 0 = none */
};
_Static_assert(GIC_V3_MAX_VCPUS < (1 << 10), "vCPU ids + 1 fit in 10 bits");

static uint64_t bit(bool b, unsigned at) { return (uint64_t)b << at; }
static uint64_t field(uint64_t v, unsigned at) { return v << at; }
static uint64_t get(uint64_t w, unsigned at, unsigned bits)
{
    return (w >> at) & ((UINT64_C(1) << bits) - 1);
}

uint64_t perf_pack(const struct vgic_irq_state *s)
{
    return bit(s->pending_latch, W_LATCH) | bit(s->line_level, W_LINE) |
           bit(s->active, W_ACTIVE) | bit(s->enabled, W_ENABLED) | bit(s->hw, W_HW) |
           bit(s->level, W_LEVEL) | bit(s->phys_active, W_PHYS_ACTIVE) |
           bit(s->device_level, W_DEVICE_LEVEL) | bit(s->group != 0, W_GROUP) |
           field(s->priority, W_PRIORITY) | field(s->source, W_SOURCE) |
           field(s->active_source & 7u, W_ACTIVE_SOURCE) |
           field((uint64_t)(s->listed_on + 1), W_LISTED_ON) |
           field((uint64_t)(s->target + 1), W_TARGET);
}

void perf_unpack(const struct perf_irq *irq, uint64_t w, struct vgic_irq_state *out)
{
    *out = (struct vgic_irq_state){
        .intid = irq->intid,
        .owner = irq->owner,
        .listed_on = (int32_t)get(w, W_LISTED_ON, 10) - 1,
        .target = (int32_t)get(w, W_TARGET, 10) - 1,
        .pending_latch = get(w, W_LATCH, 1),
        .line_level = get(w, W_LINE, 1),
        .active = get(w, W_ACTIVE, 1),
        .enabled = get(w, W_ENABLED, 1),
        .hw = get(w, W_HW, 1),
        .level = get(w, W_LEVEL, 1),
        .phys_active = get(w, W_PHYS_ACTIVE, 1),
        .device_level = get(w, W_DEVICE_LEVEL, 1),
        .group = (uint8_t)get(w, W_GROUP, 1),
        .priority = (uint8_t)get(w, W_PRIORITY, 8),
        .source = (uint8_t)get(w, W_SOURCE, 8),
        .active_source = (uint8_t)get(w, W_ACTIVE_SOURCE, 3),
        .targets = (uint8_t)atomic_load_explicit(&irq->targets, memory_order_relaxed),
        .mpidr = atomic_load_explicit(&irq->mpidr, memory_order_relaxed),
    };
}

struct perf_irq *perf_irq_get(const struct perf_core *c, uint32_t bank, uint32_t intid)
{
    if (intid < GIC_NR_PRIVATE)
        return bank < c->cfg.vcpus ? &c->irqs[bank * GIC_NR_PRIVATE + intid] : NULL;
    if (intid < gic_nr_irqs(&c->cfg))
        return &c->irqs[c->cfg.vcpus * GIC_NR_PRIVATE + intid - GIC_NR_PRIVATE];
    return NULL;
}

void perf_irq_read(const struct perf_irq *irq, struct vgic_irq_state *out)
{
    perf_unpack(irq, atomic_load_explicit(&irq->word, memory_order_acquire), out);
}

void perf_charge(struct perf_core *c, struct perf_op *op, enum cost_op what)
{
    if (op->timed)
        op->t += c->costs.cycles[what];
}

void perf_atomic(struct perf_core *c, struct perf_op *op, struct perf_line *line)
{
    op->stats->atomics++;
    if (!op->timed)
        return;
    /* Another context's atomic on this line has not completed at our start: ours fails
     * once, and the line has to come back from that CPU before we go again. (As the
     * reference model charges a lock's handoff only to a waiter, an uncontended line
     * moving between CPUs is part of `atomic`, as it is part of `lock`.) */
    if (line->busy_until > op->t) {
        op->stats->cas_retries++;
        op->stats->cacheline_transfers++;
        op->t = line->busy_until;
        perf_charge(c, op, COST_CAS_RETRY);
        perf_charge(c, op, COST_CACHELINE_TRANSFER);
    }
    perf_charge(c, op, COST_ATOMIC);
    line->busy_until = op->t;
    line->last_writer = op->ctx;
}

bool perf_irq_update(struct perf_core *c, struct perf_op *op, struct perf_irq *irq,
                     vgic_irq_change_fn *change, const void *arg)
{
    uint64_t w = atomic_load_explicit(&irq->word, memory_order_acquire);
    for (;;) {
        struct vgic_irq_state st;
        perf_unpack(irq, w, &st);
        uint8_t targets = st.targets;
        uint32_t mpidr = st.mpidr;
        bool result = change(&st, arg);
        perf_atomic(c, op, &irq->line);
        if (atomic_compare_exchange_weak_explicit(&irq->word, &w, perf_pack(&st),
                                                  memory_order_acq_rel,
                                                  memory_order_acquire)) {
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
