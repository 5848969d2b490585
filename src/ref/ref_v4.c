/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv4 direct injection in the reference model: the shared procedures (model/model_v4.h)
 * with this model's clock and CPU interfaces. Shared state is read at a synchronisation
 * point, in cycle order with other operations. */
#include "ref/ref_internal.h"

static struct ref_model *model(void *m) { return m; }

static void be_charge(void *m, void *op, enum cost_op what) { ref_charge(model(m), op, what); }
static void be_sync_point(void *m, void *op)
{
    (void)m;
    ref_sync_point(op);
}
static uint64_t be_now(const void *op) { return ((const struct ref_op *)op)->t; }
static struct gic_vif *be_vif(void *m, uint32_t vcpu) { return &model(m)->vcpus[vcpu].vif; }
static bool be_in_guest(const void *m, uint32_t vcpu)
{
    return ((const struct ref_model *)m)->vcpus[vcpu].in_guest;
}

static void be_sgi_state(void *m, uint32_t vcpu, uint32_t intid, struct vgic_irq_state *out)
{
    *out = model(m)->vcpus[vcpu].private_irqs[intid].s;
}

static const struct model_v4_backend ref_v4_backend = {
    .charge = be_charge, .sync_point = be_sync_point, .now = be_now, .vif = be_vif,
    .in_guest = be_in_guest, .sgi_state = be_sgi_state,
};

struct model_v4_ctx ref_v4_ctx(struct ref_model *m, struct ref_op *op)
{
    return (struct model_v4_ctx){
        .its = m->its, .v4 = m->v4, .be = &ref_v4_backend, .model = m,
        .op = op, .hooks = &m->hooks, .sim = m->sim, .costs = &m->costs,
    };
}
