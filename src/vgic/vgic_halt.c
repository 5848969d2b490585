/* SPDX-License-Identifier: GPL-2.0-only */
/* Halting and resuming the guest (see vgic_halt.h). */
#include "vgic/vgic_halt.h"

uint64_t vgic_halt_guest(const struct cost_model *costs, uint32_t vcpus, int32_t requester,
                         uint64_t now, const struct vgic_halt_ops *ops, void *model)
{
    /* Every vCPU in guest mode gets an exit request and an IPI; the caller waits until
     * each has left guest mode and synced its LRs. */
    uint64_t t = now + costs->cycles[COST_HALT_GUEST];
    uint64_t start = t, done = t;
    for (uint32_t i = 0; i < vcpus; i++) {
        if (!ops->in_guest(model, i) || (int32_t)i == requester)
            continue;
        t += costs->cycles[COST_KICK_IPI];
        uint64_t out = ops->stop(model, i,
                                 t + costs->cycles[COST_IPI_DELIVERY] + costs->cycles[COST_EXIT],
                                 start);
        if (out > done)
            done = out;
    }
    return done > t ? done : t;
}

void vgic_resume_guest(const struct cost_model *costs, uint32_t vcpus, uint64_t now,
                       const struct vgic_halt_ops *ops, void *model)
{
    for (uint32_t i = 0; i < vcpus; i++)
        if (ops->halted(model, i))
            ops->restart(model, i, now + costs->cycles[COST_WFI_WAKE]);
}
