/* The reference model's entry points: creation in KVM's reset state, the booted
 * configuration, and the vgic_model_ops glue around the vgic procedures. */
#include <stdlib.h>
#include <string.h>

#include "gic/sgi.h"
#include "model/model_registry.h"
#include "ref/ref_internal.h"
#include "util/xalloc.h"

static struct ref_model *to_ref(struct vgic_model *m) { return (struct ref_model *)m; }

static bool is_hw_mapped(const struct ref_model *m, uint32_t intid)
{
    for (uint32_t i = 0; i < m->cfg.n_hw_mapped; i++)
        if (m->hw_mapped[i] == intid)
            return true;
    return false;
}

/* Reset values (vgic-init.c): priority 0, SGIs enabled and edge, PPIs level,
 * SPIs edge and disabled, Group 0 on v2 and Group 1 on v3. */
static void irq_reset(struct ref_model *m, struct ref_irq *irq, uint32_t intid, uint32_t owner)
{
    memset(irq, 0, sizeof(*irq));
    irq->intid = intid;
    irq->group = m->cfg.version == GIC_V3 ? 1 : 0;
    irq->hw = is_hw_mapped(m, intid);
    if (intid < GIC_NR_PRIVATE) {
        irq->owner = owner;
        irq->target_vcpu = &m->vcpus[owner];
        irq->targets = (uint8_t)(1u << (owner & 7));
        irq->mpidr = m->vcpus[owner].mpidr;
        irq->enabled = gic_intid_is_sgi(intid);
        irq->level = gic_intid_is_ppi(intid);
    } else {
        irq->target_vcpu = &m->vcpus[0];
    }
}

static struct vgic_model *ref_create(const struct gic_config *gic, const struct cost_model *costs,
                                     const struct vgic_hooks *hooks, void *sim)
{
    struct ref_model *m = xcalloc(1, sizeof(*m));
    m->cfg = *gic;
    m->hw_mapped = xcalloc(gic->n_hw_mapped, sizeof(*m->hw_mapped));
    if (gic->n_hw_mapped)
        memcpy(m->hw_mapped, gic->hw_mapped, gic->n_hw_mapped * sizeof(*m->hw_mapped));
    m->cfg.hw_mapped = m->hw_mapped;
    m->costs = *costs;
    if (hooks)
        m->hooks = *hooks;
    m->sim = sim;
    gic_vif_arch_init(&m->arch, gic);
    m->priority_mask = (uint8_t)(0xff << (8 - gic->priority_bits));
    /* GICH_LR and GICH_VMCR hold priority[7:3]: a v2 guest sees at most 5 bits. */
    if (gic->version == GIC_V2)
        m->priority_mask &= 0xf8;
    m->vcpus = xcalloc(gic->vcpus, sizeof(*m->vcpus));
    m->spis = xcalloc(gic->spis, sizeof(*m->spis));
    for (uint32_t c = 0; c < gic->vcpus; c++) {
        struct ref_vcpu *v = &m->vcpus[c];
        v->id = c;
        v->mpidr = gic_vcpu_mpidr(c);
    }
    for (uint32_t c = 0; c < gic->vcpus; c++) {
        for (uint32_t i = 0; i < GIC_NR_PRIVATE; i++)
            irq_reset(m, &m->vcpus[c].private_irqs[i], i, c);
        ref_cpuif_reset(m, &m->vcpus[c]);
    }
    for (uint32_t i = 0; i < gic->spis; i++)
        irq_reset(m, &m->spis[i], GIC_NR_PRIVATE + i, 0);
    return (struct vgic_model *)m;
}

static void ref_destroy(struct vgic_model *vm)
{
    struct ref_model *m = to_ref(vm);
    if (!m)
        return;
    free(m->vcpus);
    free(m->spis);
    free(m->hw_mapped);
    free(m);
}

static void boot_irq(struct ref_model *m, struct ref_irq *irq, const struct vgic_boot_config *b)
{
    irq->group = 1;
    irq->priority = b->priority & m->priority_mask;
    for (uint32_t i = 0; i < b->n_enabled; i++)
        if (b->enabled_intids[i] == irq->intid)
            irq->enabled = true;
}

static void ref_boot(struct vgic_model *vm, const struct vgic_boot_config *b)
{
    struct ref_model *m = to_ref(vm);
    m->dist_enabled = true;
    for (uint32_t c = 0; c < m->cfg.vcpus; c++) {
        struct ref_vcpu *v = &m->vcpus[c];
        for (uint32_t i = 0; i < GIC_NR_PRIVATE; i++)
            boot_irq(m, &v->private_irqs[i], b);
        v->vif.vmcr.grpen0 = v->vif.vmcr.grpen1 = true;
        /* A v2 guest whose interrupts are in Group 1 acknowledges them through
         * GICC_IAR only with AckCtl set. */
        v->vif.vmcr.ackctl = m->cfg.version == GIC_V2;
        v->vif.vmcr.pmr = b->pmr & m->priority_mask;
        v->vif.vmcr.eoimode = b->eoi_mode;
    }
    for (uint32_t i = 0; i < m->cfg.spis; i++) {
        struct ref_irq *irq = &m->spis[i];
        boot_irq(m, irq, b);
        for (uint32_t k = 0; k < b->n_level; k++)
            if (b->level_spis[k] == irq->intid)
                irq->level = true;
        uint32_t to = irq->intid % m->cfg.vcpus;
        if (m->cfg.version == GIC_V2) {
            irq->targets = (uint8_t)(1u << to);
            ref_update_target_v2(m, irq);
        } else {
            irq->mpidr = m->vcpus[to].mpidr;
            ref_update_target_v3(m, irq);
        }
    }
}

static struct ref_op op_of(const struct vgic_ctx *ctx)
{
    return (struct ref_op){.t = ctx->now, .vcpu = ctx->vcpu};
}

static uint64_t ref_mmio_read(struct vgic_model *vm, const struct vgic_ctx *ctx,
                              enum gic_frame frame, uint32_t redist, uint32_t offset,
                              uint32_t width, uint64_t *value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    m->n.mmio_traps++;
    ref_charge(m, &op, COST_EMULATE_REG);
    *value = ref_mmio_access(m, &op, frame, redist, offset, width, false, 0);
    return op.t;
}

static uint64_t ref_mmio_write(struct vgic_model *vm, const struct vgic_ctx *ctx,
                               enum gic_frame frame, uint32_t redist, uint32_t offset,
                               uint32_t width, uint64_t value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    m->n.mmio_traps++;
    ref_charge(m, &op, COST_EMULATE_REG);
    ref_mmio_access(m, &op, frame, redist, offset, width, true, value);
    return op.t;
}

static uint64_t ref_set_line(struct vgic_model *vm, const struct vgic_ctx *ctx, uint32_t intid,
                             uint32_t vcpu, bool level)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    struct ref_irq *irq = ref_irq_get(m, gic_intid_is_private(intid) ? vcpu : 0, intid);
    if (!irq)
        return op.t;
    /* The host's interrupt path up to kvm_vgic_inject_irq is paid per assertion. */
    if (level)
        ref_charge(m, &op, COST_INJECT);
    ref_inject(m, &op, irq, level);
    return op.t;
}

static uint64_t ref_cpu_read(struct vgic_model *vm, const struct vgic_ctx *ctx,
                             enum gic_cpu_reg reg, uint64_t *value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    *value = ref_cpuif_read(m, &op, &m->vcpus[ctx->vcpu], reg);
    return op.t;
}

static uint64_t ref_cpu_write(struct vgic_model *vm, const struct vgic_ctx *ctx,
                              enum gic_cpu_reg reg, uint64_t value)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    ref_cpuif_write(m, &op, &m->vcpus[ctx->vcpu], reg, value);
    return op.t;
}

static uint64_t ref_vcpu_exit(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    struct ref_vcpu *v = &m->vcpus[ctx->vcpu];
    v->in_guest = false;
    m->n.exits++;
    /* kvm_vgic_sync_hwstate returns at once when the ap_list is empty. */
    if (v->ap_head) {
        ref_charge(m, &op, COST_SYNC);
        ref_fold(m, &op, v);
        ref_prune(m, &op, v);
    }
    return op.t;
}

static uint64_t ref_vcpu_entry(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct ref_model *m = to_ref(vm);
    struct ref_op op = op_of(ctx);
    struct ref_vcpu *v = &m->vcpus[ctx->vcpu];
    ref_flush(m, &op, v);
    m->n.entries++;
    v->in_guest = true;
    /* With one list register the underflow condition holds as soon as UIE is set. */
    ref_cpuif_underflow_at_entry(m, &op, v);
    return op.t;
}

static bool ref_irq_signalled(struct vgic_model *vm, uint32_t vcpu)
{
    struct ref_model *m = to_ref(vm);
    return ref_cpuif_signalled(m, &m->vcpus[vcpu]);
}

static bool ref_has_pending(struct vgic_model *vm, uint32_t vcpu)
{
    struct ref_model *m = to_ref(vm);
    /* A query: its lock traffic is not charged to anyone. */
    struct ref_counters saved = m->n;
    struct ref_op op = {.t = 0, .vcpu = (int32_t)vcpu};
    bool pending = ref_vcpu_pending_irq(m, &op, &m->vcpus[vcpu]);
    m->n = saved;
    return pending;
}

static void ref_irq_state(struct vgic_model *vm, uint32_t vcpu, uint32_t intid,
                          struct vgic_irq_state *out)
{
    struct ref_model *m = to_ref(vm);
    memset(out, 0, sizeof(*out));
    out->target_vcpu = -1;
    const struct ref_irq *irq = ref_irq_get(m, vcpu, intid);
    if (!irq)
        return;
    out->enabled = irq->enabled;
    out->pending = ref_irq_is_pending(irq);
    out->active = irq->active;
    out->level_config = irq->level;
    out->hw = irq->hw;
    out->priority = irq->priority;
    out->group = irq->group;
    out->target_vcpu = irq->target_vcpu ? (int32_t)irq->target_vcpu->id : -1;
    /* While the IRQ sits in a live list register, the LR is the truth: the guest may
     * have acknowledged or completed it since the hypervisor last looked. */
    const struct ref_vcpu *holder = irq->vcpu;
    if (holder && holder->in_guest) {
        for (uint32_t i = 0; i < holder->vif.used_lrs; i++) {
            const struct gic_lr *lr = &holder->vif.lr[i];
            if (lr->intid != intid)
                continue;
            out->active = lr->state & GIC_LR_ACTIVE;
            out->pending = out->pending || (lr->state & GIC_LR_PENDING);
        }
    }
}

static void ref_counters(struct vgic_model *vm, struct vgic_counters *out)
{
    struct ref_model *m = to_ref(vm);
    memset(out, 0, sizeof(*out));
    out->kicks = m->n.kicks;
    out->exits = m->n.exits;
    out->entries = m->n.entries;
    out->maintenance_irqs = m->n.maintenance;
    out->lr_overflows = m->n.lr_overflows;
    out->mmio_traps = m->n.mmio_traps;
    const struct { const char *name; uint64_t value; } extra[] = {
        {"lock_acquisitions", m->n.lock_acquisitions},
        {"lock_contended", m->n.lock_contended},
        {"lock_wait_cycles", m->n.lock_wait_cycles},
        {"migrations", m->n.migrations},
        {"guest_halts", m->n.halts},
        {"eoi_maintenance", m->n.eoi_maintenance},
        {"underflow_maintenance", m->n.underflow_maintenance},
    };
    for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
        out->extra[i].name = extra[i].name;
        out->extra[i].value = extra[i].value;
    }
    out->n_extra = sizeof(extra) / sizeof(extra[0]);
}

const struct vgic_model_ops vgic_ref_ops = {
    .name = "ref",
    .create = ref_create,
    .destroy = ref_destroy,
    .boot = ref_boot,
    .mmio_read = ref_mmio_read,
    .mmio_write = ref_mmio_write,
    .set_line = ref_set_line,
    .cpu_read = ref_cpu_read,
    .cpu_write = ref_cpu_write,
    .vcpu_exit = ref_vcpu_exit,
    .vcpu_entry = ref_vcpu_entry,
    .irq_signalled = ref_irq_signalled,
    .vcpu_has_pending = ref_has_pending,
    .irq_state = ref_irq_state,
    .counters = ref_counters,
};
