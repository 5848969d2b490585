/* SPDX-License-Identifier: GPL-2.0-only */
/* Halting the guest around an active-state access (kvm_arm_halt_guest and
 * kvm_arm_resume_guest, reference 4.3 and 9.3), shared by both models: which vCPUs are
 * forced out, when each takes its exit and when the requester may go on, and when each
 * comes back. The models say how a vCPU leaves (exit and sync of its list registers) and
 * comes back (flush and entry) in their own way. */
#ifndef VGICSIM_VGIC_VGIC_HALT_H
#define VGICSIM_VGIC_VGIC_HALT_H

#include <stdbool.h>
#include <stdint.h>

#include "costs/cost_model.h"
#include "engine/sched.h"

struct vgic_halt_ops {
    bool (*in_guest)(const void *model, uint32_t vcpu);
    bool (*halted)(const void *model, uint32_t vcpu);
    /* vCPU `vcpu` takes the exit request at `t`: it leaves the guest, syncs, and is
     * marked halted since `since`. Returns when its sync is done. */
    uint64_t (*stop)(void *model, uint32_t vcpu, uint64_t t, uint64_t since);
    /* vCPU `vcpu`, woken at `t`, flushes and enters the guest again (and tells the
     * simulation it was halted). Returns when it runs the guest. */
    uint64_t (*restart)(void *model, uint32_t vcpu, uint64_t t);
};

/* One vCPU's exit or return as an operation of its own (vgic_halt.c). A model keeps one
 * per vCPU for the returns, which outlive the operation that resumes the guest. */
struct vgic_halt_job {
    const struct vgic_halt_ops *ops;
    void *model;
    uint32_t vcpu;
    uint64_t t, since;
    uint64_t out;          /* stop: when the vCPU is out and synced */
    struct sched_proc *proc;
    bool pending;          /* restart: queued and not begun (a later resume adds none) */
};

/* The requester (a vCPU, or -1) starts halting at `now`: it pays halt_guest and one
 * kick_ipi per vCPU in the guest, each of which exits after ipi_delivery + exit (each
 * exit an operation alongside the requester's: engine/sched.h). Returns the cycle at
 * which every other vCPU is out and synced. `model` must outlive the resume's restarts
 * (they run after the requester has moved on). */
uint64_t vgic_halt_guest(struct sched *sched, const struct cost_model *costs, uint32_t vcpus,
                         int32_t requester, uint64_t now, const struct vgic_halt_ops *ops,
                         void *model);
/* Every halted vCPU is woken at `now` + wfi_wake and re-enters, each in an operation of
 * its own that the requester does not wait for, using the model's `restarts` (one per
 * vCPU: a vCPU is halted at most once at a time). */
void vgic_resume_guest(struct sched *sched, const struct cost_model *costs, uint32_t vcpus,
                       uint64_t now, const struct vgic_halt_ops *ops, void *model,
                       struct vgic_halt_job *restarts);

#endif
