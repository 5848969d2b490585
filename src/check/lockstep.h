/* SPDX-License-Identifier: GPL-2.0-only */
/* The lockstep checker behind `vgicsim check`: a vGIC model that drives two models — the
 * reference model and the performance core — with the same operations at the same
 * cycles and compares, after every operation, what a guest and a device can observe:
 *  - the values returned (register reads, IAR);
 *  - the hooks fired: the instances listed and maintenance interrupts, in order; the
 *    physical deactivations; the vCPUs halted; kicks (see below);
 *  - the acting vCPU's list registers and CPU-interface state (every vCPU's after an
 *    operation that halted the guest);
 *  - the queries the simulation makes (signalled IRQ, the WFI test);
 * and, when the run ends, the state of every interrupt and every CPU interface and the
 * distributor's enable.
 *
 * The reference model leads: its completion cycles and hooks drive the simulation; the
 * other model's cycles are ignored (cost differences are not divergences). Kicks are
 * compared as a design difference allows: the performance core posts a notification and
 * kicks only when none is outstanding, so every vCPU it kicks must have been kicked by
 * the reference model in the same operation, and every vCPU the reference model kicks
 * must, after the operation, have been kicked or have a notification outstanding.
 *
 * The first divergence is reported through the `diverged` hook (the simulation turns it
 * into a located failure); later operations are still forwarded but no longer compared.
 * The run's counters are the lead's plus LOCKSTEP_OPERATIONS (operations compared) and
 * LOCKSTEP_DIVERGENCES (1 if the models diverged, else 0), read with vgic_counters_get:
 * a run's failures also include the scenario's own expectations, so it is the counter,
 * not the failure list, that says whether the models disagreed. */
#ifndef VGICSIM_CHECK_LOCKSTEP_H
#define VGICSIM_CHECK_LOCKSTEP_H

#include "model/vgic_model.h"

#define LOCKSTEP_OPERATIONS "lockstep_operations"
#define LOCKSTEP_DIVERGENCES "lockstep_divergences"

/* A lockstep model: its ops, and the two models it runs. */
struct lockstep_pair {
    struct vgic_model_ops ops;               /* first: create finds the pair from them */
    const struct vgic_model_ops *lead, *other;
};

/* The lockstep model of `lead` (driving) against `other`, kept in `pair`: the returned ops
 * are valid as long as `pair` is, and any number of pairs may be used at once. */
const struct vgic_model_ops *lockstep_ops(struct lockstep_pair *pair,
                                          const struct vgic_model_ops *lead,
                                          const struct vgic_model_ops *other);

#endif
