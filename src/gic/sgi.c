/* SPDX-License-Identifier: GPL-2.0-only */
/* ICC_SGI1R_EL1 encoding and target resolution (see sgi.h). */
#include "gic/sgi.h"

enum {
    SGI1R_TARGET_LIST_MASK = 0xffff,
    SGI1R_AFF1_SHIFT = 16,
    SGI1R_INTID_SHIFT = 24,
    SGI1R_AFF2_SHIFT = 32,
    SGI1R_IRM_SHIFT = 40,
    SGI1R_RS_SHIFT = 44,
    SGI1R_AFF3_SHIFT = 48,
};

uint64_t gic_sgi1r_encode(const struct gic_sgi1r *f)
{
    return (uint64_t)(f->target_list & SGI1R_TARGET_LIST_MASK) |
           (uint64_t)(f->aff1 & 0xff) << SGI1R_AFF1_SHIFT |
           (uint64_t)(f->intid & 0xf) << SGI1R_INTID_SHIFT |
           (uint64_t)(f->aff2 & 0xff) << SGI1R_AFF2_SHIFT |
           (uint64_t)(f->irm ? 1 : 0) << SGI1R_IRM_SHIFT |
           (uint64_t)(f->rs & 0xf) << SGI1R_RS_SHIFT |
           (uint64_t)(f->aff3 & 0xff) << SGI1R_AFF3_SHIFT;
}

void gic_sgi1r_decode(uint64_t value, struct gic_sgi1r *out)
{
    out->target_list = (uint32_t)value & SGI1R_TARGET_LIST_MASK;
    out->aff1 = (uint32_t)(value >> SGI1R_AFF1_SHIFT) & 0xff;
    out->intid = (uint32_t)(value >> SGI1R_INTID_SHIFT) & 0xf;
    out->aff2 = (uint32_t)(value >> SGI1R_AFF2_SHIFT) & 0xff;
    out->irm = (value >> SGI1R_IRM_SHIFT) & 1;
    out->rs = (uint32_t)(value >> SGI1R_RS_SHIFT) & 0xf;
    out->aff3 = (uint32_t)(value >> SGI1R_AFF3_SHIFT) & 0xff;
}

int32_t gic_sgi1r_target(const struct gic_sgi1r *f, uint32_t aff0, uint32_t vcpus)
{
    if (f->aff3 || aff0 >= GIC_AFF0_PER_CLUSTER)
        return -1;
    uint32_t id = gic_aff_vcpu(f->aff2, f->aff1, aff0);
    return id < vcpus ? (int32_t)id : -1;
}

uint32_t gic_sgi1r_targets(const struct gic_sgi1r *f, uint32_t sender, uint32_t vcpus,
                           uint32_t *out)
{
    uint32_t n = 0;
    if (f->irm) {
        for (uint32_t c = 0; c < vcpus; c++)
            if (c != sender)
                out[n++] = c;
        return n;
    }
    for (uint32_t b = 0; b < GIC_AFF0_PER_CLUSTER; b++) {
        if (!(f->target_list >> b & 1))
            continue;
        int32_t id = gic_sgi1r_target(f, b, vcpus);
        if (id >= 0)
            out[n++] = (uint32_t)id;
    }
    return n;
}

size_t gic_sgi1r_for_targets(uint32_t intid, const uint32_t *targets, size_t n, uint64_t *out,
                             size_t max)
{
    struct gic_sgi1r cluster[64];
    size_t count = 0;
    if (max > sizeof(cluster) / sizeof(cluster[0]))
        max = sizeof(cluster) / sizeof(cluster[0]);
    for (size_t i = 0; i < n; i++) {
        uint32_t aff2 = gic_vcpu_aff(targets[i], 2), aff1 = gic_vcpu_aff(targets[i], 1);
        size_t k;
        for (k = 0; k < count; k++)
            if (cluster[k].aff2 == aff2 && cluster[k].aff1 == aff1)
                break;
        if (k == count) {
            if (count == max)
                continue;
            cluster[count++] = (struct gic_sgi1r){.intid = intid, .aff2 = aff2, .aff1 = aff1};
        }
        cluster[k].target_list |= 1u << gic_vcpu_aff(targets[i], 0);
    }
    for (size_t k = 0; k < count; k++)
        out[k] = gic_sgi1r_encode(&cluster[k]);
    return count;
}
