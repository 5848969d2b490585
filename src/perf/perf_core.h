/* SPDX-License-Identifier: GPL-2.0-only */
/* The performance core's own interface, below the model interface: what the stress test
 * and the benchmarks drive directly from real threads, without the simulation. Each
 * thread passes its own `struct perf_op` (untimed, with its own counters); the
 * concurrency contract is in perf_internal.h and docs/perf-core.md. */
#ifndef VGICSIM_PERF_PERF_CORE_H
#define VGICSIM_PERF_PERF_CORE_H

#include "perf/perf_internal.h"

struct perf_core *perf_core_create(const struct gic_config *gic, const struct cost_model *costs,
                                   const struct vgic_hooks *hooks, void *hooks_arg);
void perf_core_destroy(struct perf_core *c);

/* A thread's context: perf_untimed(ctx, &its_own_stats). */

/* A device drives an interrupt line (host context). */
static inline void perf_core_set_line(struct perf_core *c, struct perf_op *op, uint32_t intid,
                                      uint32_t vcpu, bool level)
{
    perf_inject(c, op, perf_irq_get(c, vcpu, intid), level);
}
/* The vCPU's world switch out (fold, prune) and in (flush). */
void perf_core_exit(struct perf_core *c, struct perf_op *op, uint32_t vcpu,
                    enum vgic_exit_reason why);
void perf_core_entry(struct perf_core *c, struct perf_op *op, uint32_t vcpu);
/* The guest's CPU-interface accesses on its vCPU. */
static inline uint64_t perf_core_cpu_read(struct perf_core *c, struct perf_op *op,
                                          uint32_t vcpu, enum gic_cpu_reg reg)
{
    return perf_cpuif_read(c, op, &c->vcpus[vcpu], reg);
}
static inline void perf_core_cpu_write(struct perf_core *c, struct perf_op *op, uint32_t vcpu,
                                       enum gic_cpu_reg reg, uint64_t value)
{
    perf_cpuif_write(c, op, &c->vcpus[vcpu], reg, value);
}
/* Applies a booted guest's configuration (before any thread starts). */
void perf_core_boot(struct perf_core *c, const struct vgic_boot_config *b);
/* The sum of the host's and every vCPU's counters (not while threads run). */
void perf_core_stats(const struct perf_core *c, struct perf_stats *sum);

#endif
