/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection in the performance core: the shared procedures
 * (model/model_v4.h) with this core's clock and CPU interfaces. The vPEs are the host
 * GIC's, not the vgic's software state, so perf needs no atomics of its own for them:
 * the GIC serialises. The simulation drives them in cycle order (a synchronisation
 * point before each read of another context's vPE). */
#include "perf/perf_internal.h"

static struct perf_core *core(void *m) { return m; }

static void be_charge(void *m, void *op, enum cost_op what) { perf_charge(core(m), op, what); }
static void be_sync_point(void *m, void *op) { perf_sync_point(core(m), op); }
static uint64_t be_now(const void *op) { return ((const struct perf_op *)op)->t; }
static struct gic_vif *be_vif(void *m, uint32_t vcpu) { return &core(m)->vcpus[vcpu].vif; }
static bool be_in_guest(const void *m, uint32_t vcpu)
{
    return ((const struct perf_core *)m)->vcpus[vcpu].in_guest;
}

static void be_sgi_state(void *m, uint32_t vcpu, uint32_t intid, struct vgic_irq_state *out)
{
    perf_irq_read(perf_irq_get(core(m), vcpu, intid), out);
}

static const struct model_v4_backend perf_v4_backend = {
    .charge = be_charge, .sync_point = be_sync_point, .now = be_now, .vif = be_vif,
    .in_guest = be_in_guest, .sgi_state = be_sgi_state,
};

struct model_v4_ctx perf_v4_ctx(struct perf_core *c, struct perf_op *op)
{
    return (struct model_v4_ctx){
        .its = c->its ? &c->its->state : NULL, .v4 = c->v4, .be = &perf_v4_backend, .model = c,
        .op = op,
        .hooks = &c->hooks, .sim = c->sim, .costs = &c->costs,
    };
}
