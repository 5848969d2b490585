/* SPDX-License-Identifier: GPL-2.0-only */
/* Interrupt lookup, the queue procedure, kicks and injection (KVM's vgic.c:
 * vgic_get_irq, vgic_queue_irq_unlock, kvm_vgic_inject_irq, vgic_kick_vcpus,
 * kvm_vgic_vcpu_pending_irq), with KVM's locks in simulated time. The rules they apply
 * (the oracle, the pending state) are src/vgic's. */
#include "ref/ref_internal.h"
#include "vgic/vgic_halt.h"

struct ref_irq *ref_irq_get(struct ref_model *m, uint32_t vcpu, uint32_t intid)
{
    if (intid < GIC_NR_PRIVATE)
        return vcpu < m->cfg.vcpus ? &m->vcpus[vcpu].private_irqs[intid] : NULL;
    if (intid < gic_nr_irqs(&m->cfg))
        return &m->spis[intid - GIC_NR_PRIVATE];
    return ref_lpi_get(m, intid);
}

static struct ref_vcpu *vcpu_or_null(const struct ref_model *m, int32_t id)
{
    return id >= 0 ? &m->vcpus[id] : NULL;
}

struct ref_vcpu *ref_oracle(const struct ref_model *m, const struct ref_irq *irq)
{
    return vcpu_or_null(m, vgic_oracle(&irq->s, m->dist_enabled));
}

struct ref_vcpu *ref_listed_on(const struct ref_model *m, const struct ref_irq *irq)
{
    return vcpu_or_null(m, irq->s.listed_on);
}

void ref_kick(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    m->n.kicks++;
    v->irq_pending_request = true;
    /* The IPI is only sent to a vCPU that runs in guest mode; one in the hypervisor
     * sees the request before its next entry, one blocked in WFI is woken. The first
     * kick moves the vCPU from IN_GUEST_MODE to EXITING_GUEST_MODE (a cmpxchg in
     * kvm_vcpu_kick), so a second kick before it is back in the guest sends no IPI:
     * the one on its way makes it exit and flush, and the request is set. */
    if (v->in_guest && !v->kick_ipi_sent && op->vcpu != (int32_t)v->id) {
        v->kick_ipi_sent = true;
        ref_charge(m, op, COST_KICK_IPI);
    }
    if (m->hooks.kick)
        m->hooks.kick(m->sim, v->id, op->t);
}

void ref_ap_list_append(const struct ref_op *op, struct ref_vcpu *v, struct ref_irq *irq)
{
    ref_lock_assert_held(op, &v->ap_lock);
    irq->ap_prev = v->ap_tail;
    irq->ap_next = NULL;
    if (v->ap_tail)
        v->ap_tail->ap_next = irq;
    else
        v->ap_head = irq;
    v->ap_tail = irq;
    v->ap_len++;
    irq->s.listed_on = (int32_t)v->id;
}

void ref_ap_list_unlink(const struct ref_op *op, struct ref_vcpu *v, struct ref_irq *irq)
{
    ref_lock_assert_held(op, &v->ap_lock);
    VGICSIM_ASSERT(irq->s.listed_on == (int32_t)v->id && v->ap_len > 0);
    if (irq->ap_prev)
        irq->ap_prev->ap_next = irq->ap_next;
    else
        v->ap_head = irq->ap_next;
    if (irq->ap_next)
        irq->ap_next->ap_prev = irq->ap_prev;
    else
        v->ap_tail = irq->ap_prev;
    irq->ap_prev = irq->ap_next = NULL;
    irq->s.listed_on = VGIC_NO_VCPU;
    v->ap_len--;
}

bool ref_queue_irq_unlock(struct ref_model *m, struct ref_op *op, struct ref_irq *irq)
{
    ref_lock_assert_held(op, &irq->lock);
    vgic_hooks_pended(&m->hooks, m->sim, m->cfg.version, &irq->s, op->t);
    for (;;) {
        struct ref_vcpu *t = ref_oracle(m, irq);
        if (irq->s.listed_on >= 0 || !t) {
            /* Already listed (an edge re-pended while its last instance sits in an LR gets
             * no EOI maintenance, so the target must be made to exit), or not deliverable. */
            ref_lock_release(m, op, &irq->lock);
            if (t)
                ref_kick(m, op, t);
            return false;
        }
        /* Lock order forbids taking the ap_list lock under the IRQ lock: drop it, take
         * both in order, and revalidate -- another operation may have listed the
         * interrupt or changed its target meanwhile; then start over (KVM's retry). */
        ref_lock_release(m, op, &irq->lock);
        ref_lock_acquire(m, op, &t->ap_lock);
        ref_lock_acquire(m, op, &irq->lock);
        if (irq->s.listed_on >= 0 || ref_oracle(m, irq) != t) {
            ref_lock_release(m, op, &irq->lock);
            ref_lock_release(m, op, &t->ap_lock);
            ref_lock_acquire(m, op, &irq->lock);
            m->n.queue_retries++;
            continue;
        }
        ref_charge(m, op, COST_AP_LIST_UPDATE);
        ref_ap_list_append(op, t, irq);
        /* The overflow design on the GICv3 model: the first SPI in flight makes every
         * vCPU set TDIR (another vCPU may deactivate it), so all are kicked. */
        bool broadcast = vgic_spi_counts_in_flight(&m->cfg, &m->rel, irq->s.intid) &&
                         m->active_spis++ == 0;
        ref_lock_release(m, op, &irq->lock);
        ref_lock_release(m, op, &t->ap_lock);
        if (!broadcast) {
            ref_kick(m, op, t);
            return true;
        }
        for (uint32_t i = 0; i < m->cfg.vcpus; i++)
            ref_kick(m, op, &m->vcpus[i]);
        return true;
    }
}

void ref_inject(struct ref_model *m, struct ref_op *op, struct ref_irq *irq, bool level)
{
    ref_lock_acquire(m, op, &irq->lock);
    ref_charge(m, op, COST_EMULATE_IRQ);
    if (vgic_drive_line(&irq->s, level))
        ref_queue_irq_unlock(m, op, irq);
    else
        ref_lock_release(m, op, &irq->lock);
}

bool ref_vcpu_pending_irq(struct ref_model *m, struct ref_op *op, struct ref_vcpu *v)
{
    if (!m->dist_enabled)
        return false;
    if (model_v4_pending_last(m->v4, v->id))   /* kvm_vgic_vcpu_pending_irq's order */
        return true;
    bool pending = false;
    ref_lock_acquire(m, op, &v->ap_lock);
    for (struct ref_irq *irq = v->ap_head; irq && !pending; irq = irq->ap_next) {
        ref_lock_acquire(m, op, &irq->lock);
        ref_charge(m, op, COST_AP_LIST_ENTRY);
        pending = vgic_irq_wakes_vcpu(&m->rel, &irq->s, v->vif.vmcr.pmr);
        ref_lock_release(m, op, &irq->lock);
    }
    ref_lock_release(m, op, &v->ap_lock);
    return pending;
}

void ref_kick_vcpus(struct ref_model *m, struct ref_op *op)
{
    /* Only vCPUs whose ap_list holds something pending are kicked: interrupts that were
     * dropped from the lists while the distributor was disabled stay undelivered until
     * something re-queues them (reference section 12, item 13). */
    for (uint32_t i = 0; i < m->cfg.vcpus; i++)
        if (ref_vcpu_pending_irq(m, op, &m->vcpus[i]))
            ref_kick(m, op, &m->vcpus[i]);
}

static struct ref_model *model(void *m) { return m; }
static const struct ref_model *cmodel(const void *m) { return m; }

static bool halt_in_guest(const void *m, uint32_t v) { return cmodel(m)->vcpus[v].in_guest; }
static bool halt_halted(const void *m, uint32_t v) { return cmodel(m)->vcpus[v].halted; }

static uint64_t halt_stop(void *p, uint32_t i, uint64_t t, uint64_t since)
{
    struct ref_model *m = model(p);
    struct ref_vcpu *v = &m->vcpus[i];
    struct ref_op target = {.t = t, .vcpu = (int32_t)i, .sched = m->sched};
    if (m->hooks.halt_begin)
        m->hooks.halt_begin(m->sim, v->id, t);
    ref_leave_guest(m, &target, v, VGIC_EXIT_IRQ);   /* the halt's IPI */
    v->halted = true;
    v->halted_from = since;
    return target.t;
}

static uint64_t halt_restart(void *p, uint32_t i, uint64_t t)
{
    struct ref_model *m = model(p);
    struct ref_vcpu *v = &m->vcpus[i];
    struct ref_op target = {.t = t, .vcpu = (int32_t)i, .sched = m->sched};
    VGICSIM_ASSERT(v->halted && !v->in_guest);   /* one restart per halt */
    ref_enter_guest(m, &target, v);
    ref_charge(m, &target, COST_ENTRY);
    v->halted = false;
    if (m->hooks.halted)
        m->hooks.halted(m->sim, v->id, v->halted_from, target.t);
    /* Back in the guest like any entry: a maintenance condition the flush left holding
     * (underflow with one LR, NP, a group-enable change) is signalled at once. */
    ref_cpuif_entry(m, &target, v);
    return target.t;
}

static const struct vgic_halt_ops ref_halt_ops = {
    halt_in_guest, halt_halted, halt_stop, halt_restart,
};

void ref_halt_guest(struct ref_model *m, struct ref_op *op)
{
    m->n.halts++;
    op->t = vgic_halt_guest(m->sched, &m->costs, m->cfg.vcpus, op->vcpu, op->t, &ref_halt_ops,
                            m);
}

void ref_resume_guest(struct ref_model *m, struct ref_op *op)
{
    vgic_resume_guest(m->sched, &m->costs, m->cfg.vcpus, op->t, &ref_halt_ops, m, m->restarts);
}
