/* SPDX-License-Identifier: GPL-2.0-only */
/* Cycle accounting and spinlocks in simulated time: each lock is a resource of the
 * simulation's scheduler (engine/sched.h), taken at the cycle the operation reaches it;
 * the scheduler records its holder (the lock order: ref_internal.h, struct ref_lock). */
#include "ref/ref_internal.h"

void ref_charge(struct ref_model *m, struct ref_op *op, enum cost_op what)
{
    op->t += m->costs.cycles[what];
}

void ref_lock_init(struct ref_lock *l, uint16_t kind, uint32_t index)
{
    l->res = (struct sched_res){.kind = kind, .index = index};
}

/* A lock another operation holds makes the acquirer wait until its release, then pay the
 * cache-line hand-off from the last holder's CPU. */
void ref_lock_acquire(struct ref_model *m, struct ref_op *op, struct ref_lock *l)
{
#if VGICSIM_DEBUG_CHECKS
    op->locks_held++;
#endif
    m->n.lock_acquisitions++;
    bool waited;
    uint64_t at = sched_acquire(m->sched, &l->res, op->t, &waited);
    if (waited) {
        m->n.lock_contended++;
        m->n.lock_wait_cycles += at - op->t;
        op->t = at;
        ref_charge(m, op, COST_LOCK_HANDOFF);
    }
    ref_charge(m, op, COST_LOCK);
}

void ref_lock_release(struct ref_model *m, struct ref_op *op, struct ref_lock *l)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(op->locks_held > 0);
    op->locks_held--;
#endif
    sched_release(m->sched, &l->res, op->t);
}

void ref_sync_point(const struct ref_op *op)
{
    sched_sync(op->sched, op->t);
}
