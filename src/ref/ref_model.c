/* SPDX-License-Identifier: GPL-2.0-only */
/* The reference model's entry points: creation in KVM's reset state, the booted
 * configuration, and the vgic_model_ops glue around the vgic procedures. */
#include <stdlib.h>
#include <string.h>

#include "model/model_registry.h"
#include "ref/ref_internal.h"
#include "util/xalloc.h"

static struct ref_model *to_ref(struct vgic_model *m) { return (struct ref_model *)m; }
static const struct ref_model *to_cref(const struct vgic_model *m)
{
    return (const struct ref_model *)m;
}

static struct vgic_model *ref_create(const struct vgic_model_ops *self,
                                     const struct gic_config *gic, const struct cost_model *costs,
                                     const struct vgic_hooks *hooks, void *sim)
{
    (void)self;
    struct ref_model *m = xcalloc(1, sizeof(*m));
    m->hw_mapped = vgic_config_copy(&m->cfg, gic);
    m->costs = *costs;
    if (hooks)
        m->hooks = *hooks;
    m->sched = m->hooks.sched;
    m->sim = sim;
    gic_vif_arch_init(&m->arch, gic);
    vgic_release_get(gic, &m->rel);
    vgic_dist_state_init(gic, &m->dist);
    m->vcpus = xcalloc(gic->vcpus, sizeof(*m->vcpus));
    m->restarts = xcalloc(gic->vcpus, sizeof(*m->restarts));
    m->spis = xcalloc(gic->spis, sizeof(*m->spis));
    /* A vCPU's list holds at most its private interrupts and every SPI. */
    for (uint32_t c = 0; c < gic->vcpus; c++) {
        struct ref_vcpu *v = &m->vcpus[c];
        v->id = c;
        ref_lock_init(&v->ap_lock, VGIC_RES_AP_LIST_LOCK, c);
        for (uint32_t i = 0; i < GIC_NR_PRIVATE; i++) {
            vgic_irq_reset(&m->cfg, i, c, &v->private_irqs[i].s);
            ref_lock_init(&v->private_irqs[i].lock, VGIC_RES_IRQ_LOCK,
                          vgic_res_irq_index((int32_t)c, i));
        }
        ref_cpuif_reset(m, v);
    }
    for (uint32_t i = 0; i < gic->spis; i++) {
        vgic_irq_reset(&m->cfg, GIC_NR_PRIVATE + i, 0, &m->spis[i].s);
        ref_lock_init(&m->spis[i].lock, VGIC_RES_IRQ_LOCK,
                      vgic_res_irq_index(-1, GIC_NR_PRIVATE + i));
    }
    ref_lock_init(&m->kvm_lock, VGIC_RES_KVM_LOCK, 0);
    m->v4 = model_v4_create(gic);
    ref_its_create(m);
    return (struct vgic_model *)m;
}

static void ref_destroy(struct vgic_model *vm)
{
    struct ref_model *m = to_ref(vm);
    if (!m)
        return;
    for (uint32_t c = 0; c < m->cfg.vcpus; c++) {
        free(m->vcpus[c].sort_buf);
        free(m->vcpus[c].sort_tmp);
    }
    ref_its_destroy(m);
    model_v4_destroy(m->v4);
    free(m->vcpus);
    free(m->restarts);
    free(m->spis);
    free(m->hw_mapped);
    free(m);
}

static void ref_boot(struct vgic_model *vm, const struct vgic_boot_config *b)
{
    struct ref_model *m = to_ref(vm);
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(!m->operated);
#endif
    m->dist_enabled = true;
    for (uint32_t c = 0; c < m->cfg.vcpus; c++) {
        struct ref_vcpu *v = &m->vcpus[c];
        for (uint32_t i = 0; i < GIC_NR_PRIVATE; i++)
            vgic_boot_irq(&m->cfg, b, &v->private_irqs[i].s);
        vgic_boot_vif(&m->arch, &m->cfg, b, &v->vif);
    }
    for (uint32_t i = 0; i < m->cfg.spis; i++)
        vgic_boot_irq(&m->cfg, b, &m->spis[i].s);
    ref_its_boot(m, b->its);
    model_v4_boot(m->v4, &m->cfg, &m->dist);
}

/* The acting context of an operation of the interface. */
static struct ref_op op_of(struct ref_model *m, const struct vgic_ctx *ctx)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(ctx->vcpu == VGIC_HOST_CONTEXT || vgic_is_vcpu(&m->cfg, ctx->vcpu));
    m->operated = true;
#endif
    return (struct ref_op){.t = ctx->now, .vcpu = ctx->vcpu, .sched = m->sched};
}

/* The vCPU that acts (every operation but set_line comes from one), in the guest or out
 * of it as the operation requires (vgic_model.h: cpu_* and vcpu_exit in the guest, mmio_*,
 * trapped ICC_SGI1R_EL1 writes and vcpu_entry outside it). */
static struct ref_vcpu *acting_vcpu(struct ref_model *m, const struct vgic_ctx *ctx,
                                    bool in_guest)
{
    VGICSIM_ASSERT(vgic_is_vcpu(&m->cfg, ctx->vcpu));
    struct ref_vcpu *v = &m->vcpus[ctx->vcpu];
    VGICSIM_ASSERT(v->in_guest == in_guest);
    return v;
}

static uint64_t ref_mmio_read(struct vgic_model *vm, const struct vgic_ctx *ctx,
                              enum gic_frame frame, uint32_t redist, uint32_t offset,
                              uint32_t width, uint64_t *value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    (void)acting_vcpu(m, ctx, false);
    m->n.mmio_traps++;
    ref_charge(m, &op, COST_EMULATE_REG);
    *value = ref_mmio_access(m, &op, frame, redist, offset, width, false, 0);
    return ref_op_done(&op);
}

static uint64_t ref_mmio_write(struct vgic_model *vm, const struct vgic_ctx *ctx,
                               enum gic_frame frame, uint32_t redist, uint32_t offset,
                               uint32_t width, uint64_t value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    (void)acting_vcpu(m, ctx, false);
    m->n.mmio_traps++;
    ref_charge(m, &op, COST_EMULATE_REG);
    ref_mmio_access(m, &op, frame, redist, offset, width, true, value);
    return ref_op_done(&op);
}

static uint64_t ref_set_line(struct vgic_model *vm, const struct vgic_ctx *ctx, uint32_t intid,
                             uint32_t vcpu, bool level)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    VGICSIM_ASSERT(vgic_is_vcpu(&m->cfg, vcpu));
    struct ref_irq *irq = ref_irq_get(m, vcpu, intid);
    if (!irq)
        return op.t;
    ref_inject(m, &op, irq, level);
    return ref_op_done(&op);
}

static uint64_t ref_msi(struct vgic_model *vm, const struct vgic_ctx *ctx, uint32_t device,
                        uint32_t event)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    if (!m->its)
        return op.t;   /* no ITS: the doorbell is nobody's */
    ref_its_msi(m, &op, device, event);
    return ref_op_done(&op);
}

/* The VMM's access (vgic_model.h): kvm->lock, every vCPU out of the guest, the access
 * as KVM's userspace handlers make it, every vCPU back in. */
static uint64_t ref_vmm_access(struct vgic_model *vm, const struct vgic_ctx *ctx,
                               const struct vgic_vmm_access *a, uint64_t *value,
                               enum vgic_uaccess_result *result)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    VGICSIM_ASSERT(ctx->vcpu == VGIC_HOST_CONTEXT);
    ref_lock_acquire(m, &op, &m->kvm_lock);
    ref_halt_guest(m, &op);
    ref_charge(m, &op, COST_EMULATE_REG);
    *result = ref_uaccess(m, &op, a, value);
    ref_resume_guest(m, &op);
    ref_lock_release(m, &op, &m->kvm_lock);
    return ref_op_done(&op);
}

static uint64_t ref_cpu_read(struct vgic_model *vm, const struct vgic_ctx *ctx,
                             enum gic_cpu_reg reg, uint64_t *value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    *value = ref_cpuif_read(m, &op, acting_vcpu(m, ctx, true), reg);
    return ref_op_done(&op);
}

static uint64_t ref_cpu_write(struct vgic_model *vm, const struct vgic_ctx *ctx,
                              enum gic_cpu_reg reg, uint64_t value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    ref_cpuif_write(m, &op, acting_vcpu(m, ctx, vgic_cpu_reg_in_guest(reg)), reg, value);
    return ref_op_done(&op);
}

static uint64_t ref_vcpu_exit(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    ref_leave_guest(m, &op, acting_vcpu(m, ctx, true), vgic_exit_reason_of(ctx));
    return ref_op_done(&op);
}

static uint64_t ref_vcpu_entry(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    struct ref_vcpu *v = acting_vcpu(m, ctx, false);
    ref_enter_guest(m, &op, v);
    /* With one list register the underflow condition holds as soon as UIE is set. */
    ref_cpuif_entry(m, &op, v);
    return ref_op_done(&op);
}

/* KVM's put and load around a WFI block (vgic_model.h). Without direct injection
 * KVM's vgic put and load do nothing this model charges: no time, no state. With it,
 * the vPE is descheduled with its doorbell requested, and scheduled again. */
static uint64_t ref_wfi_block(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    struct model_v4_ctx v4 = ref_v4_ctx(m, &op);
    model_v4_block(&v4, acting_vcpu(m, ctx, false)->id);
    return ref_op_done(&op);
}

static uint64_t ref_wfi_wake(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(m, ctx);
    struct model_v4_ctx v4 = ref_v4_ctx(m, &op);
    model_v4_wake(&v4, acting_vcpu(m, ctx, false)->id);
    return ref_op_done(&op);
}

static bool ref_irq_signalled(const struct vgic_model *vm, uint32_t vcpu)
{
    const struct ref_model *m = to_cref(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&m->cfg, vcpu));
    return ref_cpuif_signalled(m, &m->vcpus[vcpu]);
}

/* kvm_vgic_vcpu_pending_irq as a query: the same test as ref_vcpu_pending_irq, without
 * its locks (a query takes no simulated time). */
static bool ref_has_pending(const struct vgic_model *vm, uint32_t vcpu)
{
    const struct ref_model *m = to_cref(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&m->cfg, vcpu));
    if (!m->dist_enabled)
        return false;
    if (model_v4_pending_last(m->v4, vcpu))
        return true;
    const struct ref_vcpu *v = &m->vcpus[vcpu];
    for (const struct ref_irq *irq = v->ap_head; irq; irq = irq->ap_next)
        if (vgic_irq_wakes_vcpu(&m->rel, &irq->s, v->vif.vmcr.pmr))
            return true;
    return false;
}

static bool ref_wfi_traps(const struct vgic_model *vm, uint32_t vcpu)
{
    const struct ref_model *m = to_cref(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&m->cfg, vcpu));
    return model_v4_wfi_traps(m->v4, vcpu);
}

static const struct ref_irq *irq_get_const(const struct ref_model *m, uint32_t vcpu,
                                           uint32_t intid)
{
    return ref_irq_get((struct ref_model *)m, vcpu, intid);
}

static void ref_irq_state(const struct vgic_model *vm, uint32_t vcpu, uint32_t intid,
                          struct vgic_irq_snapshot *out)
{
    const struct ref_model *m = to_cref(vm);
    const struct ref_irq *irq = irq_get_const(m, vcpu, intid);
    if (!irq) {
        vgic_snapshot_absent(out);
        return;
    }
    const struct ref_vcpu *holder = ref_listed_on(m, irq);
    vgic_snapshot_fill(out, &irq->s, holder ? &holder->vif : NULL, holder && holder->in_guest);
}

static void ref_vcpu_state(const struct vgic_model *vm, uint32_t vcpu,
                           struct vgic_vcpu_snapshot *out)
{
    const struct ref_model *m = to_cref(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&m->cfg, vcpu));
    out->vif = m->vcpus[vcpu].vif;
    out->entry = m->vcpus[vcpu].entry;
    out->in_guest = m->vcpus[vcpu].in_guest;
    out->notified = m->vcpus[vcpu].irq_pending_request;
}

static bool ref_dist_enabled(const struct vgic_model *vm) { return to_cref(vm)->dist_enabled; }

static void ref_counters(const struct vgic_model *vm, struct vgic_counters *out)
{
    const struct ref_model *m = to_cref(vm);
    memset(out, 0, sizeof(*out));
    out->kicks = m->n.kicks;
    out->exits = m->n.exits;
    out->entries = m->n.entries;
    out->maintenance_irqs = m->n.maintenance;
    out->lr_overflows = m->n.lr_overflows;
    out->mmio_traps = m->n.mmio_traps;
    vgic_counters_add(out, "lock_acquisitions", m->n.lock_acquisitions);
    vgic_counters_add(out, "lock_contended", m->n.lock_contended);
    vgic_counters_add(out, "lock_wait_cycles", m->n.lock_wait_cycles);
    vgic_counters_add(out, "migrations", m->n.migrations);
    vgic_counters_add(out, "queue_retries", m->n.queue_retries);
    vgic_counters_add(out, "guest_halts", m->n.halts);
    ref_its_counters(m, out);
    model_v4_counters(m->v4, out);
    for (int i = 0; i < VGIC_MI_CAUSES; i++)
        out->maintenance_by_cause[i] = m->n.maintenance_by_cause[i];
    for (int i = 0; i < VGIC_EXIT_REASONS; i++)
        out->exits_by_reason[i] = m->n.exits_by_reason[i];
}

static const struct vgic_model_ops ref_ops = {
    .name = "ref",
    .summary = "the reference model: KVM's vgic (v4.19-v6.19: the classic design, and the "
               "LR-overflow design from v6.19) with its locking costed",
    .order = 0,
    .create = ref_create,
    .destroy = ref_destroy,
    .boot = ref_boot,
    .mmio_read = ref_mmio_read,
    .mmio_write = ref_mmio_write,
    .set_line = ref_set_line,
    .msi = ref_msi,
    .vmm_access = ref_vmm_access,
    .cpu_read = ref_cpu_read,
    .cpu_write = ref_cpu_write,
    .vcpu_exit = ref_vcpu_exit,
    .vcpu_entry = ref_vcpu_entry,
    .wfi_block = ref_wfi_block,
    .wfi_wake = ref_wfi_wake,
    .irq_signalled = ref_irq_signalled,
    .vcpu_has_pending = ref_has_pending,
    .wfi_traps = ref_wfi_traps,
    .irq_state = ref_irq_state,
    .vcpu_state = ref_vcpu_state,
    .dist_enabled = ref_dist_enabled,
    .counters = ref_counters,
};
VGIC_MODEL_REGISTER(ref_ops)
