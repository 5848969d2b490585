/* Who an SGI goes to: the GICD_SGIR target filters (v2) and the vCPU affinity layout
 * that ICC_SGI1R_EL1 target lists name (v3). Shared by the models, which deliver SGIs,
 * and the simulation, which records the instances they raise. */
#ifndef VGICSIM_GIC_SGI_H
#define VGICSIM_GIC_SGI_H

#include <stdint.h>

/* KVM builds vCPU affinities as Aff0 = id % 16, Aff1 = (id >> 4) & 0xff,
 * Aff2 = (id >> 12) & 0xff, so an SGI1R target list (16 Aff0 bits) names at most the
 * 16 vCPUs of one Aff2.Aff1 cluster. */
static inline uint32_t gic_vcpu_aff(uint32_t id, int level)
{
    return level == 0 ? (id & 0xf) : level == 1 ? (id >> 4) & 0xff : (id >> 12) & 0xff;
}

/* Aff2.Aff1.Aff0 packed as GICD_IROUTER and GICR_TYPER hold it. */
static inline uint32_t gic_vcpu_mpidr(uint32_t id)
{
    return gic_vcpu_aff(id, 2) << 16 | gic_vcpu_aff(id, 1) << 8 | gic_vcpu_aff(id, 0);
}

/* The vCPU id with affinity Aff2.Aff1.Aff0 (it may not exist). */
static inline uint32_t gic_aff_vcpu(uint32_t aff2, uint32_t aff1, uint32_t aff0)
{
    return aff2 << 12 | aff1 << 4 | aff0;
}

/* GICD_SGIR written by `sender`: the bitmap of existing vCPUs the SGI goes to.
 * TargetListFilter 0 = the list, 1 = all but the sender, 2 = the sender only,
 * 3 = reserved (nobody). */
static inline uint32_t gic_sgir_targets(uint32_t value, uint32_t sender, uint32_t vcpus)
{
    uint32_t all = (1u << vcpus) - 1, self = 1u << sender;
    switch ((value >> 24) & 3) {
    case 0: return (value >> 16) & 0xff & all;
    case 1: return all & ~self;
    case 2: return self;
    default: return 0;
    }
}

#endif
