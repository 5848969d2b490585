/* SPDX-License-Identifier: GPL-2.0-only */
/* SGI delivery (see vgic_sgi.h). */
#include "vgic/vgic_sgi.h"

#include "gic/sgi.h"

void vgic_sgir_deliver(const struct gic_config *cfg, uint32_t sender, uint32_t value,
                       const struct vgic_sgi_sink *sink)
{
    uint32_t intid = gic_sgir_intid(value);
    uint32_t list = gic_sgir_targets(value, sender, cfg->vcpus);
    for (uint32_t t = 0; t < cfg->vcpus; t++)
        if (list & (1u << t))
            sink->pend(sink->ctx, t, intid, sender);
}

void vgic_sgi1r_deliver(const struct gic_config *cfg, uint32_t sender, uint64_t value,
                        const struct vgic_sgi_sink *sink)
{
    struct gic_sgi1r f;
    gic_sgi1r_decode(value, &f);
    if (f.irm) {
        for (uint32_t t = 0; t < cfg->vcpus; t++)
            if (t != sender)
                sink->pend(sink->ctx, t, f.intid, sender);
        return;
    }
    if (f.aff3)
        return;   /* Aff3 is not part of KVM's vCPU affinities: nobody is named */
    for (uint32_t b = 0; b < GIC_AFF0_PER_CLUSTER; b++) {
        if (!(f.target_list & (1u << b)))
            continue;
        sink->lookup(sink->ctx);
        int32_t t = gic_sgi1r_target(&f, b, cfg->vcpus);
        if (t >= 0)
            sink->pend(sink->ctx, (uint32_t)t, f.intid, sender);
    }
}
