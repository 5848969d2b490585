/* SPDX-License-Identifier: GPL-2.0-only */
/* The performance core's compare-and-swap updates of an interrupt's state word
 * (docs/perf-core.md, "State word"). */
#include "perf/perf_internal.h"

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
