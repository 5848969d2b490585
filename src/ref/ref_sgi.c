/* Software-generated interrupts: GICD_SGIR (v2) and ICC_SGI1R_EL1 (v3). */
#include "gic/sgi.h"
#include "ref/ref_internal.h"

static void pend_sgi(struct ref_model *m, struct ref_op *op, struct ref_vcpu *target,
                     uint32_t intid, const struct ref_vcpu *sender)
{
    struct ref_irq *irq = &target->private_irqs[intid];
    ref_lock_acquire(m, op, &irq->lock);
    ref_charge(m, op, COST_EMULATE_IRQ);
    vgic_pend_sgi(m->cfg.version, &irq->s, sender->id);
    ref_queue_irq_unlock(m, op, irq);
}

void ref_sgi_v2(struct ref_model *m, struct ref_op *op, struct ref_vcpu *sender,
                uint32_t value)
{
    uint32_t intid = gic_sgir_intid(value);
    uint32_t list = gic_sgir_targets(value, sender->id, m->cfg.vcpus);
    for (uint32_t c = 0; c < m->cfg.vcpus; c++)
        if (list & (1u << c))
            pend_sgi(m, op, &m->vcpus[c], intid, sender);
}

void ref_sgi_v3(struct ref_model *m, struct ref_op *op, struct ref_vcpu *sender,
                uint64_t value)
{
    struct gic_sgi1r f;
    gic_sgi1r_decode(value, &f);
    if (f.irm) {
        /* IRM: every vCPU but the sender. */
        for (uint32_t c = 0; c < m->cfg.vcpus; c++)
            if (c != sender->id)
                pend_sgi(m, op, &m->vcpus[c], f.intid, sender);
        return;
    }
    /* Aff3 is not part of KVM's vCPU affinities: nobody is named. */
    if (f.aff3)
        return;
    for (uint32_t b = 0; b < GIC_AFF0_PER_CLUSTER; b++) {
        if (!(f.target_list & (1u << b)))
            continue;
        ref_charge(m, op, COST_EMULATE_IRQ);  /* MPIDR -> vCPU lookup */
        int32_t t = gic_sgi1r_target(&f, b, m->cfg.vcpus);
        if (t >= 0)
            pend_sgi(m, op, &m->vcpus[t], f.intid, sender);
    }
}
