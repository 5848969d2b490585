/* SPDX-License-Identifier: GPL-2.0-only */
/* The reference model as the backend of KVM's register emulation (src/vgic/vgic_mmio.h):
 * how it looks interrupts up and changes them under their (simulated) irq_lock, and
 * what kvm->lock and halting the guest cost it.
 *
 * Timing (reference 9.2): every IRQ lookup a handler makes costs COST_EMULATE_IRQ (so
 * set/clear registers pay per set bit, the others per IRQ covered); each modification
 * takes and releases that IRQ's lock, or hands the lock to the queue procedure, which
 * releases it. Reads of enable/active/priority/config/group are lockless; pending reads
 * lock each IRQ. The caller charges COST_EMULATE_REG and counts the trap. */
#include "ref/ref_internal.h"
#include "vgic/vgic_mmio.h"
#include "vgic/vgic_uaccess.h"

static struct ref_model *model(void *m) { return m; }
static struct ref_op *clock_of(void *op) { return op; }

static void *be_irq(void *m, void *op, uint32_t bank, uint32_t intid)
{
    struct ref_irq *irq = ref_irq_get(model(m), bank, intid);
    if (irq)
        ref_charge(model(m), clock_of(op), COST_EMULATE_IRQ);
    return irq;
}

static void be_read(void *m, void *op, void *p, bool locked, struct vgic_irq_state *out)
{
    struct ref_irq *irq = p;
    if (locked)
        ref_lock_acquire(model(m), clock_of(op), &irq->lock);
    *out = irq->s;
    if (locked)
        ref_lock_release(model(m), clock_of(op), &irq->lock);
}

static void be_update(void *m, void *op, void *p, vgic_irq_change_fn *change, const void *arg)
{
    struct ref_irq *irq = p;
    ref_lock_acquire(model(m), clock_of(op), &irq->lock);
    if (change(&irq->s, arg))
        ref_queue_irq_unlock(model(m), clock_of(op), irq);
    else
        ref_lock_release(model(m), clock_of(op), &irq->lock);
}

static bool be_dist_enabled(void *m) { return model(m)->dist_enabled; }

static void be_set_dist_enabled(void *m, void *op, bool enabled)
{
    ref_sync_point(clock_of(op));   /* every oracle reads it without a lock */
    model(m)->dist_enabled = enabled;
}

static void be_kick_vcpus(void *m, void *op) { ref_kick_vcpus(model(m), clock_of(op)); }

static void be_mutex_lock(void *m, void *op)
{
    ref_lock_acquire(model(m), clock_of(op), &model(m)->kvm_lock);
}

static void be_mutex_unlock(void *m, void *op)
{
    ref_lock_release(model(m), clock_of(op), &model(m)->kvm_lock);
}

static void be_halt(void *m, void *op) { ref_halt_guest(model(m), clock_of(op)); }
static void be_resume(void *m, void *op) { ref_resume_guest(model(m), clock_of(op)); }

static void be_sgir(void *m, void *op, uint32_t sender, uint32_t value)
{
    ref_sgi_v2(model(m), clock_of(op), sender, value);
}

static struct vgic_dist_state *be_dist_state(void *m) { return &model(m)->dist; }
static struct gic_vif *be_vif(void *m, uint32_t vcpu) { return &model(m)->vcpus[vcpu].vif; }

static struct vgic_its *be_its(void *m) { return model(m)->its; }
static struct vgic_v4 *be_v4(void *m) { return model(m)->v4; }
static void be_reload_vpes(void *m, void *op)
{
    struct model_v4_ctx v4 = ref_v4_ctx(model(m), clock_of(op));
    model_v4_reload(&v4, model(m)->cfg.vcpus, model(m)->dist_enabled);
}

static const struct vgic_backend ref_backend = {
    .irq = be_irq,
    .read = be_read,
    .update = be_update,
    .dist_enabled = be_dist_enabled,
    .set_dist_enabled = be_set_dist_enabled,
    .kick_vcpus = be_kick_vcpus,
    .mutex_lock = be_mutex_lock,
    .mutex_unlock = be_mutex_unlock,
    .halt_guest = be_halt,
    .resume_guest = be_resume,
    .sgir = be_sgir,
    .dist_state = be_dist_state,
    .vif = be_vif,
    .its = be_its,
    .its_ops = &ref_its_backend_ops,
    .v4 = be_v4,
    .reload_vpes = be_reload_vpes,
};

uint64_t ref_mmio_access(struct ref_model *m, struct ref_op *op, enum gic_frame frame,
                         uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                         uint64_t value)
{
    return vgic_mmio_dispatch(&m->cfg, &ref_backend, m, op, op->vcpu, frame, redist, offset, width,
                              is_write, value);
}

enum vgic_uaccess_result ref_uaccess(struct ref_model *m, struct ref_op *op,
                                     const struct vgic_vmm_access *a, uint64_t *value)
{
    return vgic_uaccess(&m->cfg, &ref_backend, m, op, a, value);
}
