/* SPDX-License-Identifier: GPL-2.0-only */
/* The performance core as the backend of KVM's register emulation (src/vgic/vgic_mmio.h):
 * interrupts change by compare-and-swap on their state word (fused with the queue
 * procedure when a change may make one deliverable), kvm->lock and halting the guest are
 * the configuration path's serialisation, as in KVM. */
#include "perf/perf_internal.h"
#include "vgic/vgic_mmio.h"
#include "vgic/vgic_uaccess.h"

static struct perf_core *core(void *m) { return m; }
static struct perf_op *op_of(void *op) { return op; }

static void *be_irq(void *m, void *op, uint32_t bank, uint32_t intid)
{
    struct perf_irq *irq = perf_irq_find(core(m), bank, intid);
    if (irq)
        perf_charge(core(m), op_of(op), COST_EMULATE_IRQ);
    return irq;
}

/* One load of the state word: what KVM reads under the IRQ's lock (the pending state)
 * comes from the same single word as everything else. */
static void be_read(void *m, void *op, void *irq, bool locked, struct vgic_irq_state *out)
{
    (void)m, (void)op, (void)locked;
    perf_irq_read(irq, out);
}

static void be_update(void *m, void *op, void *irq, vgic_irq_change_fn *change, const void *arg)
{
    perf_update_and_queue(core(m), op_of(op), irq, change, arg);
}

static bool be_dist_enabled(void *m)
{
    return atomic_load_explicit(&core(m)->dist_enabled, memory_order_acquire);
}

static void be_set_dist_enabled(void *m, void *op, bool enabled)
{
    if (op_of(op)->timed)
        sched_sync(core(m)->sched, op_of(op)->t);   /* every oracle reads it */
    atomic_store_explicit(&core(m)->dist_enabled, enabled, memory_order_release);
}

static void be_kick_vcpus(void *m, void *op) { perf_kick_vcpus(core(m), op_of(op)); }

void perf_mutex_lock(const struct perf_core *c, struct perf_op *op, struct perf_line *line)
{
    if (!op->timed)
        return;
    bool waited;
    uint64_t at = sched_acquire(c->sched, &line->res, op->t, &waited);
    if (waited) {
        op->t = at;
        perf_charge(c, op, COST_LOCK_HANDOFF);
    }
    perf_charge(c, op, COST_LOCK);
}

void perf_mutex_unlock(const struct perf_core *c, struct perf_op *op, struct perf_line *line)
{
    if (op->timed)
        sched_release(c->sched, &line->res, op->t);
}

/* kvm->lock in simulated time. */
static void be_mutex_lock(void *m, void *op)
{
    perf_mutex_lock(core(m), op_of(op), &core(m)->kvm_lock);
}

static void be_mutex_unlock(void *m, void *op)
{
    perf_mutex_unlock(core(m), op_of(op), &core(m)->kvm_lock);
}

static void be_halt(void *m, void *op) { perf_halt_guest(core(m), op_of(op)); }
static void be_resume(void *m, void *op) { perf_resume_guest(core(m), op_of(op)); }

static void be_sgir(void *m, void *op, uint32_t sender, uint32_t value)
{
    perf_sgi_v2(core(m), op_of(op), sender, value);
}

static struct vgic_dist_state *be_dist_state(void *m) { return &core(m)->dist; }
static struct gic_vif *be_vif(void *m, uint32_t vcpu) { return &core(m)->vcpus[vcpu].vif; }

static struct vgic_v4 *be_v4(void *m) { return core(m)->v4; }
static void be_reload_vpes(void *m, void *op)
{
    struct model_v4_ctx v4 = perf_v4_ctx(core(m), op_of(op));
    model_v4_reload(&v4, core(m)->cfg.vcpus,
                    atomic_load_explicit(&core(m)->dist_enabled, memory_order_acquire));
}

static struct vgic_its *be_its(void *m)
{
    return core(m)->its ? &core(m)->its->state : NULL;
}

static const struct vgic_backend perf_backend = {
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
    .its_ops = &perf_its_ops,
    .v4 = be_v4,
    .reload_vpes = be_reload_vpes,
};

/* Can a write change what an MSI translates to: the ITS's frame, and a redistributor's
 * RD frame (EnableLPIs) -- PROPBASER, INVLPIR and the like cannot, but are rare enough
 * not to be told apart. The SGI frame (GICR + 64 KiB) holds only private interrupts. */
static bool may_change_translation(const struct perf_core *c, enum gic_frame frame,
                                   uint32_t offset, bool is_write)
{
    return c->its && is_write &&
           (frame == GIC_FRAME_GITS || (frame == GIC_FRAME_GICR && offset < GICR_SGI_BASE));
}

uint64_t perf_mmio_access(struct perf_core *c, struct perf_op *op, enum gic_frame frame,
                          uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                          uint64_t value)
{
    bool config = may_change_translation(c, frame, offset, is_write);
    if (config)
        perf_its_config_begin(c, op);
    uint64_t read = vgic_mmio_dispatch(&c->cfg, &perf_backend, c, op, op->ctx, frame, redist,
                                       offset, width, is_write, value);
    if (config)
        perf_its_config_end(c, op);
    return read;
}

enum vgic_uaccess_result perf_uaccess(struct perf_core *c, struct perf_op *op,
                                      const struct vgic_vmm_access *a, uint64_t *value)
{
    /* The VMM's accesses are rare: any of them counts as a configuration change. */
    if (c->its)
        perf_its_config_begin(c, op);
    enum vgic_uaccess_result r = vgic_uaccess(&c->cfg, &perf_backend, c, op, a, value);
    if (c->its)
        perf_its_config_end(c, op);
    return r;
}
