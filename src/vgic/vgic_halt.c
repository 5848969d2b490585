/* SPDX-License-Identifier: GPL-2.0-only */
/* Halting and resuming the guest (see vgic_halt.h).
 *
 * Each vCPU's exit and each one's return is an operation of its own, running alongside
 * the requester's (a process of the scheduler, when there is one): a vCPU stopped
 * second may sync its list registers while the first is still syncing, and each takes
 * its locks when it reaches them. Without a scheduler they run one after another.
 * Nothing here is on the heap: a run that ends (run.until) while one of these operations
 * waits leaves nothing behind. */
#include "vgic/vgic_halt.h"

#include "gic/gic_config.h"

static void stop_job(void *p)
{
    struct vgic_halt_job *j = p;
    /* Still in the guest when the request reaches it? (It may have left on its own
     * since the requester looked: then it sees the request before its next entry, which
     * this model does not hold back.) */
    j->out = j->ops->in_guest(j->model, j->vcpu)
                 ? j->ops->stop(j->model, j->vcpu, j->t, j->since)
                 : j->t;
}

uint64_t vgic_halt_guest(struct sched *sched, const struct cost_model *costs, uint32_t vcpus,
                         int32_t requester, uint64_t now, const struct vgic_halt_ops *ops,
                         void *model)
{
    /* Every vCPU in guest mode gets an exit request and an IPI; the caller waits until
     * each has left guest mode and synced its LRs. */
    uint64_t t = now + costs->cycles[COST_HALT_GUEST];
    uint64_t start = t, done = t;
    struct vgic_halt_job jobs[GIC_V3_MAX_VCPUS];
    size_t n = 0;
    for (uint32_t i = 0; i < vcpus && i < GIC_V3_MAX_VCPUS; i++) {
        if (!ops->in_guest(model, i) || (int32_t)i == requester)
            continue;
        t += costs->cycles[COST_KICK_IPI];
        struct vgic_halt_job *j = &jobs[n++];
        *j = (struct vgic_halt_job){
            .ops = ops, .model = model, .vcpu = i, .since = start,
            .t = t + costs->cycles[COST_IPI_DELIVERY] + costs->cycles[COST_EXIT],
        };
        j->proc = sched_spawn(sched, j->t, (int32_t)i, stop_job, j);
    }
    for (size_t k = 0; k < n; k++) {
        sched_join(sched, jobs[k].proc);
        if (jobs[k].out > done)
            done = jobs[k].out;
    }
    return done > t ? done : t;
}

static void restart_job(void *p)
{
    struct vgic_halt_job *j = p;
    j->ops->restart(j->model, j->vcpu, j->t);
    /* Only now: the restart waits in its flush (locks, sync points), and a resume that
     * comes meanwhile -- another requester's, which found the vCPU still halted -- must
     * not start a second restart of a vCPU that is on its way into the guest. */
    j->pending = false;
}

void vgic_resume_guest(struct sched *sched, const struct cost_model *costs, uint32_t vcpus,
                       uint64_t now, const struct vgic_halt_ops *ops, void *model,
                       struct vgic_halt_job *restarts)
{
    /* KVM's resume wakes every paused vCPU and goes on without waiting for them. */
    for (uint32_t i = 0; i < vcpus; i++) {
        /* Halted, and not already on its way back (a second halt that found it still
         * halted resumes it once). */
        if (!ops->halted(model, i) || restarts[i].pending)
            continue;
        struct vgic_halt_job *j = &restarts[i];
        *j = (struct vgic_halt_job){.ops = ops, .model = model, .vcpu = i, .pending = true,
                                    .t = now + costs->cycles[COST_WFI_WAKE]};
        sched_detach(sched, sched_spawn(sched, j->t, (int32_t)i, restart_job, j));
    }
}
