/* SPDX-License-Identifier: GPL-2.0-only */
/* Software-generated interrupts as the architecture encodes them: GICD_SGIR (GICv2,
 * IHI 0048 4.3.15) and ICC_SGI1R_EL1 (GICv3, IHI 0069 12.2.23), each with one encoder
 * and one decoder, and the vCPU affinity layout KVM gives its vCPUs, which SGI1R target
 * lists name. Shared by the models, which deliver SGIs, and the simulation, which writes
 * them for the guest and records the instances they raise. */
#ifndef VGICSIM_GIC_SGI_H
#define VGICSIM_GIC_SGI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- vCPU affinities ------------------------------------------------------------ */

/* KVM builds vCPU affinities as Aff0 = id % 16, Aff1 = (id >> 4) & 0xff,
 * Aff2 = (id >> 12) & 0xff, so an SGI1R target list (16 Aff0 bits) names at most the
 * 16 vCPUs of one Aff2.Aff1 cluster. */
enum { GIC_AFF0_PER_CLUSTER = 16 };

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

/* The vCPU whose packed affinity is `mpidr`, or -1 if there is none: O(1), since
 * KVM's layout is a bijection between ids and affinities with Aff0 < 16. */
static inline int32_t gic_mpidr_vcpu(uint32_t mpidr, uint32_t vcpus)
{
    uint32_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff, aff2 = (mpidr >> 16) & 0xff;
    if ((mpidr >> 24) || aff0 >= GIC_AFF0_PER_CLUSTER)
        return -1;
    uint32_t id = gic_aff_vcpu(aff2, aff1, aff0);
    return id < vcpus ? (int32_t)id : -1;
}

/* ---- GICD_SGIR (v2) ----------------------------------------------------------- */

/* TargetListFilter [25:24]. */
enum gic_sgir_filter {
    GIC_SGIR_LIST = 0,       /* CPUTargetList [23:16] */
    GIC_SGIR_OTHERS = 1,     /* every CPU but the sender */
    GIC_SGIR_SELF = 2,       /* the sender only */
    GIC_SGIR_RESERVED = 3,   /* nobody */
};

static inline uint32_t gic_sgir_encode(uint32_t intid, enum gic_sgir_filter filter,
                                       uint32_t list)
{
    return (uint32_t)filter << 24 | (list & 0xff) << 16 | (intid & 0xf);
}

static inline uint32_t gic_sgir_intid(uint32_t value) { return value & 0xf; }

/* GICD_SGIR written by `sender`: the bitmap of existing vCPUs the SGI goes to (NSATT
 * [15] is ignored: KVM's guest has one security state). */
static inline uint32_t gic_sgir_targets(uint32_t value, uint32_t sender, uint32_t vcpus)
{
    uint32_t all = (1u << vcpus) - 1, self = 1u << sender;
    switch ((enum gic_sgir_filter)((value >> 24) & 3)) {
    case GIC_SGIR_LIST: return (value >> 16) & 0xff & all;
    case GIC_SGIR_OTHERS: return all & ~self;
    case GIC_SGIR_SELF: return self;
    case GIC_SGIR_RESERVED: return 0;
    }
    return 0;
}

/* ---- ICC_SGI1R_EL1 (v3) -------------------------------------------------------- */

struct gic_sgi1r {
    uint32_t intid;          /* INTID [27:24] */
    bool irm;                /* IRM [40]: every PE but the sender */
    uint32_t aff3;           /* Aff3 [55:48] */
    uint32_t aff2;           /* Aff2 [39:32] */
    uint32_t aff1;           /* Aff1 [23:16] */
    uint32_t rs;             /* RS [47:44]: which 16 Aff0 values the list names */
    uint32_t target_list;    /* TargetList [15:0]: one bit per Aff0 */
};

uint64_t gic_sgi1r_encode(const struct gic_sgi1r *f);
void gic_sgi1r_decode(uint64_t value, struct gic_sgi1r *out);

/* The vCPU that bit `aff0` of the target list names, or -1 if it does not exist. KVM
 * ignores RS (its Aff0 values are below 16) and has no vCPU with Aff3 != 0. */
int32_t gic_sgi1r_target(const struct gic_sgi1r *f, uint32_t aff0, uint32_t vcpus);

/* The existing vCPUs an SGI1R write by `sender` reaches, in increasing id order, into
 * `out` (room for `vcpus` entries); returns how many. */
uint32_t gic_sgi1r_targets(const struct gic_sgi1r *f, uint32_t sender, uint32_t vcpus,
                           uint32_t *out);

/* The SGI1R values a guest writes to send `intid` to `targets` (in the order given):
 * one write per Aff2.Aff1 cluster, clusters in order of first appearance, as Linux's
 * gic_send_sgi does. Returns the number of values (at most `max`; targets of further
 * clusters are dropped). */
size_t gic_sgi1r_for_targets(uint32_t intid, const uint32_t *targets, size_t n, uint64_t *out,
                             size_t max);

#endif
