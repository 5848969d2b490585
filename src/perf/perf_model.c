/* SPDX-License-Identifier: GPL-2.0-only */
/* The performance core behind the model interface: creation in KVM's reset state, the
 * booted configuration, the timed operations (each from its context's clock) and the
 * queries. The simulation's host contexts share one set of counters; each vCPU has its
 * own (in the real-thread mode every thread brings its own, see perf_core.h). */
#include <stdlib.h>
#include <string.h>

#include "model/model_registry.h"
#include "perf/perf_core.h"
#include "perf/perf_internal.h"
#include "util/xalloc.h"

static struct perf_core *to_perf(struct vgic_model *m) { return (struct perf_core *)m; }
static const struct perf_core *to_cperf(const struct vgic_model *m)
{
    return (const struct perf_core *)m;
}

struct perf_core *perf_core_create(const struct gic_config *gic, const struct cost_model *costs,
                                   const struct vgic_hooks *hooks, void *sim)
{
    struct perf_core *c = xcalloc(1, sizeof(*c));
    c->hw_mapped = vgic_config_copy(&c->cfg, gic);
    gic_vif_arch_init(&c->arch, gic);
    vgic_release_get(gic, &c->rel);
    vgic_dist_state_init(gic, &c->dist);
    c->costs = *costs;
    if (hooks)
        c->hooks = *hooks;
    c->sched = c->hooks.sched;
    c->sim = sim;
    perf_line_init(&c->kvm_lock, VGIC_RES_KVM_LINE, 0);
    perf_line_init(&c->spis_line, VGIC_RES_SPIS_LINE, 0);
    size_t n_irqs = (size_t)gic->vcpus * GIC_NR_PRIVATE + gic->spis;
    c->irqs = xcalloc(n_irqs, sizeof(*c->irqs));
    c->vcpus = xcalloc(gic->vcpus, sizeof(*c->vcpus));
    c->restarts = xcalloc(gic->vcpus, sizeof(*c->restarts));
    for (uint32_t v = 0; v < gic->vcpus; v++) {
        struct perf_vcpu *pv = &c->vcpus[v];
        pv->id = v;
        atomic_init(&pv->free_slots, (1u << gic->list_registers) - 1);
        perf_line_init(&pv->desc_line, VGIC_RES_DESC_LINE, v);
        perf_line_init(&pv->ovf_line, VGIC_RES_OVERFLOW_LINE, v);
        pv->last_lr = NULL;
        gic_vif_reset(&c->arch, &pv->vif);
    }
    for (uint32_t intid = 0; intid < gic_nr_irqs(gic); intid++) {
        uint32_t banks = gic_intid_is_private(intid) ? gic->vcpus : 1;
        for (uint32_t b = 0; b < banks; b++) {
            struct perf_irq *irq = perf_irq_get(c, b, intid);
            struct vgic_irq_state st;
            vgic_irq_reset(&c->cfg, intid, b, &st);
            irq->intid = intid;
            irq->owner = st.owner;
            perf_line_init(&irq->line, VGIC_RES_IRQ_LINE,
                           vgic_res_irq_index(gic_intid_is_private(intid) ? (int32_t)b : -1,
                                              intid));
            atomic_init(&irq->targets, st.targets);
            atomic_init(&irq->mpidr, st.mpidr);
            atomic_init(&irq->word, perf_pack(&st));
        }
    }
    uint32_t lpis = gic->its ? gic->lpis : 0;
    c->lpi_word0 = (gic_nr_irqs(gic) + 63) / 64;
    c->list_words = c->lpi_word0 + (lpis + 63) / 64;
    c->max_members = gic_nr_irqs(gic) + lpis;
    c->v4 = model_v4_create(gic);
    perf_its_create(c);
    return c;
}

void perf_core_destroy(struct perf_core *c)
{
    if (!c)
        return;
    perf_its_destroy(c);
    model_v4_destroy(c->v4);
    for (uint32_t v = 0; v < c->cfg.vcpus; v++) {
        free(c->vcpus[v].list);
        free(c->vcpus[v].in_list);
        free(c->vcpus[v].members);
        free(c->vcpus[v].members_tmp);
    }
    free(c->vcpus);
    free(c->restarts);
    free(c->irqs);
    free(c->hw_mapped);
    free(c);
}

static struct vgic_model *perf_create(const struct vgic_model_ops *self,
                                      const struct gic_config *gic,
                                      const struct cost_model *costs,
                                      const struct vgic_hooks *hooks, void *sim)
{
    (void)self;
    return (struct vgic_model *)perf_core_create(gic, costs, hooks, sim);
}

static void perf_destroy(struct vgic_model *m) { perf_core_destroy(to_perf(m)); }

static bool boot_change(struct vgic_irq_state *st, const void *arg)
{
    const struct perf_core *c = ((const void *const *)arg)[0];
    vgic_boot_irq(&c->cfg, ((const void *const *)arg)[1], st);
    return false;
}

void perf_core_boot(struct perf_core *c, const struct vgic_boot_config *b)
{
    struct perf_op op = {.ctx = PERF_HOST, .stats = &c->host_stats};
    const void *arg[2] = {c, b};
    atomic_store(&c->dist_enabled, true);
    for (uint32_t v = 0; v < c->cfg.vcpus; v++)
        vgic_boot_vif(&c->arch, &c->cfg, b, &c->vcpus[v].vif);
    size_t n_irqs = (size_t)c->cfg.vcpus * GIC_NR_PRIVATE + c->cfg.spis;
    for (size_t i = 0; i < n_irqs; i++)
        perf_irq_update(c, &op, &c->irqs[i], boot_change, arg);
    perf_its_boot(c, b->its);
    model_v4_boot(c->v4, &c->cfg, &c->dist);
    /* Booting is free: forget the atomics it counted. */
    c->host_stats = (struct perf_stats){0};
}

static void perf_boot(struct vgic_model *vm, const struct vgic_boot_config *b)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(!to_perf(vm)->operated);
#endif
    perf_core_boot(to_perf(vm), b);
}

/* The acting context of a simulated operation (the interface's preconditions,
 * vgic_model.h, asserted here and by acting_vcpu in checking builds). */
static struct perf_op sim_op(struct perf_core *c, const struct vgic_ctx *ctx)
{
#if VGICSIM_DEBUG_CHECKS
    VGICSIM_ASSERT(ctx->vcpu == VGIC_HOST_CONTEXT || vgic_is_vcpu(&c->cfg, ctx->vcpu));
    c->operated = true;
#endif
    struct perf_stats *stats =
        ctx->vcpu >= 0 ? &c->vcpus[ctx->vcpu].stats : &c->host_stats;
    return (struct perf_op){.t = ctx->now, .ctx = ctx->vcpu, .timed = true, .stats = stats};
}

/* The vCPU that acts (every operation but set_line comes from one), in the guest or out
 * of it as the operation requires (cpu_* and vcpu_exit in the guest, mmio_*, trapped
 * ICC_SGI1R_EL1 writes and vcpu_entry outside it). */
static struct perf_vcpu *acting_vcpu(struct perf_core *c, const struct vgic_ctx *ctx,
                                     bool in_guest)
{
    VGICSIM_ASSERT(vgic_is_vcpu(&c->cfg, ctx->vcpu));
    struct perf_vcpu *v = &c->vcpus[ctx->vcpu];
    VGICSIM_ASSERT(v->in_guest == in_guest);
    return v;
}

static uint64_t perf_mmio_read(struct vgic_model *vm, const struct vgic_ctx *ctx,
                               enum gic_frame frame, uint32_t redist, uint32_t offset,
                               uint32_t width, uint64_t *value)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    (void)acting_vcpu(c, ctx, false);
    op.stats->mmio_traps++;
    perf_charge(c, &op, COST_EMULATE_REG);
    *value = perf_mmio_access(c, &op, frame, redist, offset, width, false, 0);
    return op.t;
}

static uint64_t perf_mmio_write(struct vgic_model *vm, const struct vgic_ctx *ctx,
                                enum gic_frame frame, uint32_t redist, uint32_t offset,
                                uint32_t width, uint64_t value)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    (void)acting_vcpu(c, ctx, false);
    op.stats->mmio_traps++;
    perf_charge(c, &op, COST_EMULATE_REG);
    perf_mmio_access(c, &op, frame, redist, offset, width, true, value);
    return op.t;
}

static uint64_t perf_set_line(struct vgic_model *vm, const struct vgic_ctx *ctx, uint32_t intid,
                              uint32_t vcpu, bool level)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    VGICSIM_ASSERT(vgic_is_vcpu(&c->cfg, vcpu));
    struct perf_irq *irq = intid < GIC_LPI_BASE ? perf_irq_get(c, vcpu, intid) : NULL;
    if (!irq)
        return op.t;   /* no such line (LPIs have none) */
    perf_inject(c, &op, irq, level);
    return op.t;
}

static uint64_t perf_msi_op(struct vgic_model *vm, const struct vgic_ctx *ctx, uint32_t device,
                            uint32_t event)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    VGICSIM_ASSERT(ctx->vcpu == VGIC_HOST_CONTEXT);
    perf_msi(c, &op, device, event);
    return op.t;
}

/* The VMM's access (vgic_model.h): kvm->lock (the configuration path's line), every
 * vCPU out of the guest, the access as KVM's userspace handlers make it, every vCPU back
 * in. */
static uint64_t perf_vmm_access(struct vgic_model *vm, const struct vgic_ctx *ctx,
                                const struct vgic_vmm_access *a, uint64_t *value,
                                enum vgic_uaccess_result *result)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    VGICSIM_ASSERT(ctx->vcpu == VGIC_HOST_CONTEXT);
    bool waited;
    uint64_t at = sched_acquire(c->sched, &c->kvm_lock.res, op.t, &waited);
    if (waited) {
        op.t = at;
        perf_charge(c, &op, COST_LOCK_HANDOFF);
    }
    perf_charge(c, &op, COST_LOCK);
    perf_halt_guest(c, &op);
    perf_charge(c, &op, COST_EMULATE_REG);
    *result = perf_uaccess(c, &op, a, value);
    perf_resume_guest(c, &op);
    sched_release(c->sched, &c->kvm_lock.res, op.t);
    return op.t;
}

static uint64_t perf_cpu_read(struct vgic_model *vm, const struct vgic_ctx *ctx,
                              enum gic_cpu_reg reg, uint64_t *value)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    *value = perf_cpuif_read(c, &op, acting_vcpu(c, ctx, true), reg);
    return op.t;
}

static uint64_t perf_cpu_write(struct vgic_model *vm, const struct vgic_ctx *ctx,
                               enum gic_cpu_reg reg, uint64_t value)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    perf_cpuif_write(c, &op, acting_vcpu(c, ctx, vgic_cpu_reg_in_guest(reg)), reg, value);
    return op.t;
}

void perf_core_exit(struct perf_core *c, struct perf_op *op, uint32_t vcpu,
                    enum vgic_exit_reason why)
{
    perf_leave_guest(c, op, &c->vcpus[vcpu], why);
}

void perf_core_entry(struct perf_core *c, struct perf_op *op, uint32_t vcpu)
{
    struct perf_vcpu *v = &c->vcpus[vcpu];
    perf_enter_guest(c, op, v);
    /* With one list register the underflow condition holds as soon as UIE is set. */
    perf_cpuif_entry(c, op, v);
}

static uint64_t perf_vcpu_exit(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    perf_core_exit(c, &op, acting_vcpu(c, ctx, true)->id, vgic_exit_reason_of(ctx));
    return op.t;
}

static uint64_t perf_vcpu_entry(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    perf_core_entry(c, &op, acting_vcpu(c, ctx, false)->id);
    return op.t;
}

/* KVM's put and load around a WFI block (vgic_model.h). Without direct injection
 * KVM's vgic put and load do nothing this model charges: no time, no state. With it,
 * the vPE is descheduled with its doorbell requested, and scheduled again. */
static uint64_t perf_wfi_block(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    struct model_v4_ctx v4 = perf_v4_ctx(c, &op);
    model_v4_block(&v4, acting_vcpu(c, ctx, false)->id);
    return op.t;
}

static uint64_t perf_wfi_wake(struct vgic_model *vm, const struct vgic_ctx *ctx)
{
    struct perf_core *c = to_perf(vm);
    struct perf_op op = sim_op(c, ctx);
    struct model_v4_ctx v4 = perf_v4_ctx(c, &op);
    model_v4_wake(&v4, acting_vcpu(c, ctx, false)->id);
    return op.t;
}

/* ---- queries -------------------------------------------------------------------------- */

static bool perf_irq_signalled(const struct vgic_model *vm, uint32_t vcpu)
{
    const struct perf_core *c = to_cperf(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&c->cfg, vcpu));
    return gic_vif_signalled(&c->arch, &c->vcpus[vcpu].vif);
}

static bool perf_wfi_traps(const struct vgic_model *vm, uint32_t vcpu)
{
    const struct perf_core *c = to_cperf(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&c->cfg, vcpu));
    return model_v4_wfi_traps(c->v4, vcpu);
}

static bool perf_has_pending(const struct vgic_model *vm, uint32_t vcpu)
{
    const struct perf_core *c = to_cperf(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&c->cfg, vcpu));
    return perf_vcpu_has_pending(c, &c->vcpus[vcpu]);
}

static void perf_irq_state(const struct vgic_model *vm, uint32_t vcpu, uint32_t intid,
                           struct vgic_irq_snapshot *out)
{
    const struct perf_core *c = to_cperf(vm);
    const struct perf_irq *irq = perf_irq_find(c, vcpu, intid);
    if (!irq) {
        vgic_snapshot_absent(out);
        return;
    }
    struct vgic_irq_state st;
    perf_irq_read(irq, &st);
    const struct perf_vcpu *holder = st.listed_on >= 0 ? &c->vcpus[st.listed_on] : NULL;
    vgic_snapshot_fill(out, &st, holder ? &holder->vif : NULL, holder && holder->in_guest);
}

static void perf_vcpu_state(const struct vgic_model *vm, uint32_t vcpu,
                            struct vgic_vcpu_snapshot *out)
{
    const struct perf_core *c = to_cperf(vm);
    VGICSIM_ASSERT(vgic_is_vcpu(&c->cfg, vcpu));
    out->vif = c->vcpus[vcpu].vif;
    out->entry = c->vcpus[vcpu].entry;
    out->in_guest = c->vcpus[vcpu].in_guest;
    out->notified = atomic_load_explicit(&c->vcpus[vcpu].on, memory_order_acquire);
}

static bool perf_dist_enabled(const struct vgic_model *vm)
{
    return atomic_load_explicit(&to_cperf(vm)->dist_enabled, memory_order_acquire);
}

void perf_core_stats(const struct perf_core *c, struct perf_stats *sum)
{
    *sum = c->host_stats;
    for (uint32_t v = 0; v < c->cfg.vcpus; v++) {
        const struct perf_stats *s = &c->vcpus[v].stats;
        sum->atomics += s->atomics;
        sum->cas_retries += s->cas_retries;
        sum->cacheline_transfers += s->cacheline_transfers;
        sum->notifications += s->notifications;
        sum->notifications_suppressed += s->notifications_suppressed;
        sum->slot_claims += s->slot_claims;
        sum->overflow_posts += s->overflow_posts;
        sum->migrations += s->migrations;
        sum->exits += s->exits;
        sum->entries += s->entries;
        sum->maintenance += s->maintenance;
        sum->lr_overflows += s->lr_overflows;
        sum->mmio_traps += s->mmio_traps;
        sum->halts += s->halts;
        sum->msi_fast_hits += s->msi_fast_hits;
        sum->msi_fast_misses += s->msi_fast_misses;
        sum->msis_dropped += s->msis_dropped;
        for (int i = 0; i < VGIC_MI_CAUSES; i++)
            sum->maintenance_by_cause[i] += s->maintenance_by_cause[i];
        for (int i = 0; i < VGIC_EXIT_REASONS; i++)
            sum->exits_by_reason[i] += s->exits_by_reason[i];
        sum->line_wait_cycles += s->line_wait_cycles;
    }
}

static void perf_counters(const struct vgic_model *vm, struct vgic_counters *out)
{
    const struct perf_core *c = to_cperf(vm);
    struct perf_stats s;
    perf_core_stats(c, &s);
    memset(out, 0, sizeof(*out));
    out->kicks = s.notifications - s.notifications_suppressed;
    out->exits = s.exits;
    out->entries = s.entries;
    out->maintenance_irqs = s.maintenance;
    out->lr_overflows = s.lr_overflows;
    out->mmio_traps = s.mmio_traps;
    vgic_counters_add(out, "atomic_ops", s.atomics);
    vgic_counters_add(out, "cas_retries", s.cas_retries);
    vgic_counters_add(out, "cacheline_transfers", s.cacheline_transfers);
    vgic_counters_add(out, "line_wait_cycles", s.line_wait_cycles);
    vgic_counters_add(out, "kicks_suppressed", s.notifications_suppressed);
    vgic_counters_add(out, "slot_claims", s.slot_claims);
    vgic_counters_add(out, "overflow_posts", s.overflow_posts);
    vgic_counters_add(out, "migrations", s.migrations);
    vgic_counters_add(out, "guest_halts", s.halts);
    /* Only with an ITS, so that a report without one keeps its counters. */
    if (c->its) {
        vgic_counters_add(out, "its_commands", c->its->state.commands);
        vgic_counters_add(out, "msis_dropped", s.msis_dropped);
        vgic_counters_add(out, "msi_fast_hits", s.msi_fast_hits);
        vgic_counters_add(out, "msi_fast_misses", s.msi_fast_misses);
    }
    model_v4_counters(c->v4, out);
    for (int i = 0; i < VGIC_MI_CAUSES; i++)
        out->maintenance_by_cause[i] = s.maintenance_by_cause[i];
    for (int i = 0; i < VGIC_EXIT_REASONS; i++)
        out->exits_by_reason[i] = s.exits_by_reason[i];
}

static const struct vgic_model_ops perf_ops = {
    .name = "perf",
    .summary = "the performance core: lock-free list-register allocation (posted "
               "interrupts, atomic slot claims), same architectural behaviour as ref",
    .order = 1,
    .create = perf_create,
    .destroy = perf_destroy,
    .boot = perf_boot,
    .mmio_read = perf_mmio_read,
    .mmio_write = perf_mmio_write,
    .set_line = perf_set_line,
    .msi = perf_msi_op,
    .vmm_access = perf_vmm_access,
    .cpu_read = perf_cpu_read,
    .cpu_write = perf_cpu_write,
    .vcpu_exit = perf_vcpu_exit,
    .vcpu_entry = perf_vcpu_entry,
    .wfi_block = perf_wfi_block,
    .wfi_wake = perf_wfi_wake,
    .irq_signalled = perf_irq_signalled,
    .vcpu_has_pending = perf_has_pending,
    .wfi_traps = perf_wfi_traps,
    .irq_state = perf_irq_state,
    .vcpu_state = perf_vcpu_state,
    .dist_enabled = perf_dist_enabled,
    .counters = perf_counters,
};
VGIC_MODEL_REGISTER(perf_ops)
