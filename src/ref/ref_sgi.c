/* SPDX-License-Identifier: GPL-2.0-only */
/* Software-generated interrupts on the reference model: src/vgic/vgic_sgi's delivery,
 * each target's SGI pended under its irq_lock and queued. */
#include "ref/ref_internal.h"
#include "vgic/vgic_sgi.h"

struct sgi_ctx {
    struct ref_model *m;
    struct ref_op *op;
};

static void lookup(void *p)
{
    struct sgi_ctx *c = p;
    ref_charge(c->m, c->op, COST_EMULATE_IRQ);   /* MPIDR -> vCPU */
}

static void pend(void *p, uint32_t target, uint32_t intid, uint32_t sender)
{
    struct sgi_ctx *c = p;
    struct ref_irq *irq = &c->m->vcpus[target].private_irqs[intid];
    ref_lock_acquire(c->m, c->op, &irq->lock);
    ref_charge(c->m, c->op, COST_EMULATE_IRQ);
    struct model_v4_ctx v4 = ref_v4_ctx(c->m, c->op);
    if (model_v4_sgi_is_hw(&v4)) {
        /* GICv4.1 (irq->hw): the vSGI goes to the target's vPE, under the irq_lock. */
        model_v4_sgi(&v4, target, intid);
        ref_lock_release(c->m, c->op, &irq->lock);
        return;
    }
    vgic_pend_sgi(c->m->cfg.version, &irq->s, sender);
    ref_queue_irq_unlock(c->m, c->op, irq);
}

void ref_sgi_v2(struct ref_model *m, struct ref_op *op, uint32_t sender, uint32_t value)
{
    struct sgi_ctx c = {m, op};
    struct vgic_sgi_sink sink = {lookup, pend, &c};
    vgic_sgir_deliver(&m->cfg, sender, value, &sink);
}

void ref_sgi_v3(struct ref_model *m, struct ref_op *op, uint32_t sender, uint64_t value)
{
    struct sgi_ctx c = {m, op};
    struct vgic_sgi_sink sink = {lookup, pend, &c};
    vgic_sgi1r_deliver(&m->cfg, sender, value, &sink);
}
