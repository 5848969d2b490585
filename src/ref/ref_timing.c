/* SPDX-License-Identifier: GPL-2.0-only */
/* Cycle accounting and spinlocks in simulated time (the lock order, and what a checking
 * build records of a lock's holder: ref_internal.h, struct ref_lock). */
#include "ref/ref_internal.h"

void ref_charge(struct ref_model *m, struct ref_op *op, enum cost_op what)
{
    op->t += m->costs.cycles[what];
}

/* A lock still held (by a context the simulation called earlier) makes the acquirer
 * wait until its release, then pay the cache-line handoff. Acquisitions are granted
 * in the order the simulation calls the model, which is start-time order. */
void ref_lock_acquire(struct ref_model *m, struct ref_op *op, struct ref_lock *l)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(!l->held);
    l->held = true;
    l->holder = op->vcpu;
    op->locks_held++;
#endif
    m->n.lock_acquisitions++;
    if (l->free_at > op->t) {
        m->n.lock_contended++;
        m->n.lock_wait_cycles += l->free_at - op->t;
        op->t = l->free_at;
        ref_charge(m, op, COST_LOCK_HANDOFF);
    }
    ref_charge(m, op, COST_LOCK);
}

void ref_lock_release(struct ref_op *op, struct ref_lock *l)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(l->held && l->holder == op->vcpu && op->locks_held > 0);
    l->held = false;
    op->locks_held--;
#endif
    if (op->t > l->free_at)
        l->free_at = op->t;
}
