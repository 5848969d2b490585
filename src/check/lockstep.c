/* SPDX-License-Identifier: GPL-2.0-only */
/* The lockstep checker (see lockstep.h). */
#include "check/lockstep.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"

enum hook_kind { H_KICK, H_LISTED, H_MAINTENANCE, H_PHYS_DEACTIVATED, H_HALTED, H_VIRQ };

struct hook_event {
    enum hook_kind kind;
    uint32_t vcpu;
    uint32_t value;          /* listed: the IAR value; phys: the INTID */
};

struct hook_log {
    struct hook_event *ev;
    size_t n, cap;
};

struct lockstep;

/* The hook context of one of the two models. */
struct side {
    struct lockstep *ls;
    int which;               /* 0: the lead, 1: the other */
};

struct lockstep {
    const struct vgic_model_ops *ops[2];
    struct vgic_model *m[2];
    struct side side[2];
    struct hook_log log[2];
    struct vgic_hooks sim_hooks;
    void *sim;
    struct gic_config cfg;
    bool diverged;
    uint64_t compared;       /* operations compared */
};

static struct lockstep *to_ls(struct vgic_model *m) { return (struct lockstep *)m; }
static const struct lockstep *to_cls(const struct vgic_model *m)
{
    return (const struct lockstep *)m;
}

/* ---- divergences ------------------------------------------------------------------ */

static void diverge(struct lockstep *ls, uint64_t when, int32_t vcpu, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void diverge(struct lockstep *ls, uint64_t when, int32_t vcpu, const char *fmt, ...)
{
    if (ls->diverged)
        return;
    ls->diverged = true;
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    if (ls->sim_hooks.diverged)
        ls->sim_hooks.diverged(ls->sim, when, vcpu, what);
    free(what);
}

/* ---- hooks -------------------------------------------------------------------------- */

static void record(void *p, enum hook_kind kind, uint32_t vcpu, uint32_t value)
{
    struct side *s = p;
    struct hook_log *log = &s->ls->log[s->which];
    if (log->n == log->cap) {
        log->cap = log->cap ? 2 * log->cap : 16;
        log->ev = xrealloc(log->ev, log->cap * sizeof(*log->ev));
    }
    log->ev[log->n++] = (struct hook_event){kind, vcpu, value};
}

static bool leads(void *p) { return ((struct side *)p)->which == 0; }
static struct lockstep *owner(void *p) { return ((struct side *)p)->ls; }

static void on_kick(void *p, uint32_t vcpu, uint64_t when)
{
    record(p, H_KICK, vcpu, 0);
    if (leads(p) && owner(p)->sim_hooks.kick)
        owner(p)->sim_hooks.kick(owner(p)->sim, vcpu, when);
}

/* Not compared: which instances an operation made pending is the simulation's to
 * record; the pending state itself is compared after every operation. */
static void on_pended(void *p, int32_t bank, uint32_t value, uint64_t when)
{
    if (leads(p) && owner(p)->sim_hooks.pended)
        owner(p)->sim_hooks.pended(owner(p)->sim, bank, value, when);
}

static void on_listed(void *p, uint32_t vcpu, uint32_t value, uint64_t when)
{
    record(p, H_LISTED, vcpu, value);
    if (leads(p) && owner(p)->sim_hooks.listed)
        owner(p)->sim_hooks.listed(owner(p)->sim, vcpu, value, when);
}

static void on_maintenance(void *p, uint32_t vcpu, uint64_t when)
{
    record(p, H_MAINTENANCE, vcpu, 0);
    if (leads(p) && owner(p)->sim_hooks.maintenance)
        owner(p)->sim_hooks.maintenance(owner(p)->sim, vcpu, when);
}

static void on_phys(void *p, uint32_t vcpu, uint32_t intid, uint64_t when)
{
    record(p, H_PHYS_DEACTIVATED, vcpu, intid);
    if (leads(p) && owner(p)->sim_hooks.phys_deactivated)
        owner(p)->sim_hooks.phys_deactivated(owner(p)->sim, vcpu, intid, when);
}

/* Not compared on its own: the models' halts are compared through `halted`. */
static void on_halt_begin(void *p, uint32_t vcpu, uint64_t at)
{
    if (leads(p) && owner(p)->sim_hooks.halt_begin)
        owner(p)->sim_hooks.halt_begin(owner(p)->sim, vcpu, at);
}

static void on_halted(void *p, uint32_t vcpu, uint64_t from, uint64_t until)
{
    record(p, H_HALTED, vcpu, 0);
    if (leads(p) && owner(p)->sim_hooks.halted)
        owner(p)->sim_hooks.halted(owner(p)->sim, vcpu, from, until);
}

/* Direct injection's signal to a resident guest: compared in order, like a listing. */
static void on_virq(void *p, uint32_t vcpu, uint64_t when)
{
    record(p, H_VIRQ, vcpu, 0);
    if (leads(p) && owner(p)->sim_hooks.virq)
        owner(p)->sim_hooks.virq(owner(p)->sim, vcpu, when);
}

/* Guest memory is the simulation's: both models read it; only the lead's writes reach it
 * (KVM's writes -- a pending bit consumed, a zeroed table entry -- are the same in both,
 * and the second model runs the operation after the first has made them). */
static bool on_read_guest(void *p, uint64_t gpa, void *buf, uint32_t len)
{
    return owner(p)->sim_hooks.read_guest &&
           owner(p)->sim_hooks.read_guest(owner(p)->sim, gpa, buf, len);
}

static void on_write_guest(void *p, uint64_t gpa, const void *buf, uint32_t len)
{
    if (leads(p) && owner(p)->sim_hooks.write_guest)
        owner(p)->sim_hooks.write_guest(owner(p)->sim, gpa, buf, len);
}

static const struct vgic_hooks side_hooks = {
    .kick = on_kick, .pended = on_pended, .listed = on_listed, .maintenance = on_maintenance,
    .phys_deactivated = on_phys, .halt_begin = on_halt_begin, .halted = on_halted,
    .virq = on_virq, .read_guest = on_read_guest, .write_guest = on_write_guest,
};

/* ---- comparisons ----------------------------------------------------------------------- */

static const char *kind_name(enum hook_kind k)
{
    switch (k) {
    case H_KICK: return "kick";
    case H_LISTED: return "listed";
    case H_MAINTENANCE: return "maintenance";
    case H_PHYS_DEACTIVATED: return "physical deactivation";
    case H_HALTED: return "halt";
    case H_VIRQ: return "direct signal";
    }
    return "?";
}

/* The i-th event of `log` other than kicks, or NULL. */
static const struct hook_event *nth_event(const struct hook_log *log, size_t i)
{
    for (size_t k = 0; k < log->n; k++) {
        if (log->ev[k].kind == H_KICK)
            continue;
        if (i-- == 0)
            return &log->ev[k];
    }
    return NULL;
}

static void describe(char *buf, size_t size, const struct hook_event *e)
{
    if (!e)
        snprintf(buf, size, "nothing");
    else if (e->kind == H_LISTED)
        snprintf(buf, size, "listed 0x%x on vCPU %u", e->value, e->vcpu);
    else if (e->kind == H_PHYS_DEACTIVATED)
        snprintf(buf, size, "physical deactivation of INTID %u on vCPU %u", e->value, e->vcpu);
    else
        snprintf(buf, size, "%s of vCPU %u", kind_name(e->kind), e->vcpu);
}

static bool kicked(const struct hook_log *log, uint32_t vcpu)
{
    for (size_t k = 0; k < log->n; k++)
        if (log->ev[k].kind == H_KICK && log->ev[k].vcpu == vcpu)
            return true;
    return false;
}

static void compare_hooks(struct lockstep *ls, uint64_t when, int32_t vcpu)
{
    for (size_t i = 0;; i++) {
        const struct hook_event *a = nth_event(&ls->log[0], i), *b = nth_event(&ls->log[1], i);
        if (!a && !b)
            break;
        if (a && b && a->kind == b->kind && a->vcpu == b->vcpu && a->value == b->value)
            continue;
        char da[96], db[96];
        describe(da, sizeof(da), a);
        describe(db, sizeof(db), b);
        diverge(ls, when, vcpu, "event %zu of the operation: %s %s, %s %s", i + 1,
                ls->ops[0]->name, da, ls->ops[1]->name, db);
        return;
    }
    /* Kicks: the other model's are a subset of the lead's, and every vCPU the lead
     * kicked has been kicked or has a notification outstanding in the other. */
    for (size_t k = 0; k < ls->log[1].n; k++) {
        const struct hook_event *e = &ls->log[1].ev[k];
        if (e->kind == H_KICK && !kicked(&ls->log[0], e->vcpu)) {
            diverge(ls, when, vcpu, "%s kicked vCPU %u, %s did not", ls->ops[1]->name,
                    e->vcpu, ls->ops[0]->name);
            return;
        }
    }
    for (size_t k = 0; k < ls->log[0].n; k++) {
        const struct hook_event *e = &ls->log[0].ev[k];
        if (e->kind != H_KICK || kicked(&ls->log[1], e->vcpu))
            continue;
        struct vgic_vcpu_snapshot s;
        ls->ops[1]->vcpu_state(ls->m[1], e->vcpu, &s);
        if (!s.notified) {
            diverge(ls, when, vcpu, "%s kicked vCPU %u; %s neither kicked it nor has a "
                    "notification outstanding", ls->ops[0]->name, e->vcpu, ls->ops[1]->name);
            return;
        }
    }
}

static void describe_lr(char *buf, size_t size, const struct gic_lr *lr)
{
    static const char *const states[] = {"invalid", "pending", "active", "pending+active"};
    snprintf(buf, size, "{INTID %u %s prio 0x%02x group %u%s%s source %u}", lr->intid,
             states[lr->state & 3], lr->priority, lr->group, lr->hw ? " HW" : "",
             lr->eoi ? " EOI" : "", lr->source);
}

static bool same_lr(const struct gic_lr *a, const struct gic_lr *b)
{
    return a->intid == b->intid && a->state == b->state && a->hw == b->hw &&
           a->eoi == b->eoi && a->priority == b->priority && a->group == b->group &&
           a->source == b->source;
}

/* The hypervisor control bits KVM sets at each flush (UIE is compared with the LRs). */
static bool same_hcr(const struct gic_vif *a, const struct gic_vif *b)
{
    return a->npie == b->npie && a->lrenpie == b->lrenpie && a->vgrp0eie == b->vgrp0eie &&
           a->vgrp0die == b->vgrp0die && a->vgrp1eie == b->vgrp1eie &&
           a->vgrp1die == b->vgrp1die && a->tdir == b->tdir && a->eoicount == b->eoicount;
}

static void describe_hcr(char *buf, size_t size, const struct gic_vif *v)
{
    snprintf(buf, size, "{NPIE %d LRENPIE %d VGrp0EIE %d VGrp0DIE %d VGrp1EIE %d VGrp1DIE %d "
             "TDIR %d EOIcount %u}", v->npie, v->lrenpie, v->vgrp0eie, v->vgrp0die,
             v->vgrp1eie, v->vgrp1die, v->tdir, v->eoicount);
}

static void compare_vcpu(struct lockstep *ls, uint64_t when, int32_t acting, uint32_t v)
{
    struct vgic_vcpu_snapshot a, b;
    ls->ops[0]->vcpu_state(ls->m[0], v, &a);
    ls->ops[1]->vcpu_state(ls->m[1], v, &b);
    const char *n0 = ls->ops[0]->name, *n1 = ls->ops[1]->name;
    if (a.in_guest != b.in_guest) {
        diverge(ls, when, acting, "vCPU %u is %sin the guest in %s but %sin %s", v,
                a.in_guest ? "" : "not ", n0, b.in_guest ? "" : "not ", n1);
        return;
    }
    if (a.vif.used_lrs != b.vif.used_lrs || a.vif.uie != b.vif.uie) {
        diverge(ls, when, acting, "vCPU %u uses %u list registers (UIE %d) in %s, %u (UIE %d) "
                "in %s", v, a.vif.used_lrs, a.vif.uie, n0, b.vif.used_lrs, b.vif.uie, n1);
        return;
    }
    for (uint32_t i = 0; i < a.vif.used_lrs; i++) {
        if (same_lr(&a.vif.lr[i], &b.vif.lr[i]))
            continue;
        char da[128], db[128];
        describe_lr(da, sizeof(da), &a.vif.lr[i]);
        describe_lr(db, sizeof(db), &b.vif.lr[i]);
        diverge(ls, when, acting, "vCPU %u LR%u: %s %s, %s %s", v, i, n0, da, n1, db);
        return;
    }
    if (!same_hcr(&a.vif, &b.vif)) {
        char da[160], db[160];
        describe_hcr(da, sizeof(da), &a.vif);
        describe_hcr(db, sizeof(db), &b.vif);
        diverge(ls, when, acting, "vCPU %u HCR: %s %s, %s %s", v, n0, da, n1, db);
        return;
    }
    if (memcmp(&a.entry, &b.entry, sizeof(a.entry)) != 0) {
        diverge(ls, when, acting, "vCPU %u: its last entry computed HCR {UIE %d NPIE %d "
                "LRENPIE %d TDIR %d} with %u LRs in %s, {UIE %d NPIE %d LRENPIE %d TDIR %d} "
                "with %u LRs in %s", v, a.entry.uie, a.entry.npie, a.entry.lrenpie,
                a.entry.tdir, a.entry.lrs_used, n0, b.entry.uie, b.entry.npie,
                b.entry.lrenpie, b.entry.tdir, b.entry.lrs_used, n1);
        return;
    }
    const struct gic_vlpi_offer *oa = &a.vif.vlpi, *ob = &b.vif.vlpi;
    if (oa->valid != ob->valid ||
        (oa->valid && (oa->intid != ob->intid || oa->priority != ob->priority ||
                       oa->group0 != ob->group0))) {
        diverge(ls, when, acting, "vCPU %u: the redistributor offers %s%u (prio 0x%02x, "
                "group %d) in %s, %s%u (prio 0x%02x, group %d) in %s", v,
                oa->valid ? "vINTID " : "nothing ", oa->intid, oa->priority, !oa->group0,
                n0, ob->valid ? "vINTID " : "nothing ", ob->intid, ob->priority,
                !ob->group0, n1);
        return;
    }
    if (memcmp(&a.vif.vmcr, &b.vif.vmcr, sizeof(a.vif.vmcr)) != 0)
        diverge(ls, when, acting, "vCPU %u CPU-interface state (VMCR, active priorities) "
                "differs: %s PMR 0x%02x RPR-bits %08x, %s PMR 0x%02x RPR-bits %08x", v, n0,
                a.vif.vmcr.pmr, a.vif.vmcr.apr[1][0] | a.vif.vmcr.apr[0][0], n1,
                b.vif.vmcr.pmr, b.vif.vmcr.apr[1][0] | b.vif.vmcr.apr[0][0]);
}

static bool same_irq(const struct vgic_irq_snapshot *a, const struct vgic_irq_snapshot *b)
{
    const struct vgic_irq_state *x = &a->s, *y = &b->s;
    return a->pending == b->pending && a->active == b->active && x->owner == y->owner &&
           x->listed_on == y->listed_on && x->target == y->target &&
           x->line_level == y->line_level && x->pending_latch == y->pending_latch &&
           x->active == y->active && x->enabled == y->enabled && x->hw == y->hw &&
           x->level == y->level && x->phys_active == y->phys_active &&
           x->device_level == y->device_level && x->group == y->group &&
           x->priority == y->priority && x->targets == y->targets && x->mpidr == y->mpidr &&
           x->source == y->source && x->active_source == y->active_source;
}

static void describe_irq(char *buf, size_t size, const struct vgic_irq_snapshot *s)
{
    snprintf(buf, size, "{pending %d active %d latch %d line %d enabled %d prio 0x%02x group %u "
             "level %d target %d listed on %d source 0x%x phys_active %d}", s->pending,
             s->active, s->s.pending_latch, s->s.line_level, s->s.enabled, s->s.priority,
             s->s.group, s->s.level, s->s.target, s->s.listed_on, s->s.source,
             s->s.phys_active);
}

/* GICv4's counters: every directly injected vLPI and every doorbell is architecture,
 * not design, so the two models must count the same (both 0 without direct injection). */
static void compare_v4_counters(struct lockstep *ls)
{
    static const char *const names[] = {"directly_injected", "doorbells"};
    struct vgic_counters a = {0}, b = {0};
    ls->ops[0]->counters(ls->m[0], &a);
    ls->ops[1]->counters(ls->m[1], &b);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        uint64_t x = vgic_counters_get(&a, names[i]), y = vgic_counters_get(&b, names[i]);
        if (x != y)
            diverge(ls, 0, -1, "at the end %s is %llu in %s, %llu in %s", names[i],
                    (unsigned long long)x, ls->ops[0]->name, (unsigned long long)y,
                    ls->ops[1]->name);
    }
}

static void compare_final(struct lockstep *ls)
{
    const char *n0 = ls->ops[0]->name, *n1 = ls->ops[1]->name;
    compare_v4_counters(ls);
    if (ls->ops[0]->dist_enabled(ls->m[0]) != ls->ops[1]->dist_enabled(ls->m[1]))
        diverge(ls, 0, -1, "at the end the distributor is %s in %s and %s in %s",
                ls->ops[0]->dist_enabled(ls->m[0]) ? "enabled" : "disabled", n0,
                ls->ops[1]->dist_enabled(ls->m[1]) ? "enabled" : "disabled", n1);
    for (uint32_t v = 0; v < ls->cfg.vcpus; v++)
        compare_vcpu(ls, 0, -1, v);
    uint32_t last = ls->cfg.its ? GIC_LPI_BASE + ls->cfg.lpis : gic_nr_irqs(&ls->cfg);
    for (uint32_t intid = 0; intid < last; intid++) {
        if (intid == gic_nr_irqs(&ls->cfg))
            intid = GIC_LPI_BASE;   /* then the LPIs */
        uint32_t banks = gic_intid_is_private(intid) ? ls->cfg.vcpus : 1;
        for (uint32_t bank = 0; bank < banks; bank++) {
            struct vgic_irq_snapshot a, b;
            ls->ops[0]->irq_state(ls->m[0], bank, intid, &a);
            ls->ops[1]->irq_state(ls->m[1], bank, intid, &b);
            if (same_irq(&a, &b))
                continue;
            char da[200], db[200];
            describe_irq(da, sizeof(da), &a);
            describe_irq(db, sizeof(db), &b);
            diverge(ls, 0, -1, "at the end INTID %u (bank %u): %s %s, %s %s", intid, bank, n0,
                    da, n1, db);
            return;
        }
    }
}

/* Called after every operation of both models. */
static void after(struct lockstep *ls, const struct vgic_ctx *ctx)
{
    if (ls->diverged)
        return;
    ls->compared++;
    compare_hooks(ls, ctx->now, ctx->vcpu);
    bool halted = false;
    for (size_t k = 0; k < ls->log[0].n; k++)
        halted |= ls->log[0].ev[k].kind == H_HALTED;
    if (halted) {
        for (uint32_t v = 0; v < ls->cfg.vcpus; v++)
            compare_vcpu(ls, ctx->now, ctx->vcpu, v);
    } else if (ctx->vcpu >= 0) {
        compare_vcpu(ls, ctx->now, ctx->vcpu, (uint32_t)ctx->vcpu);
    }
}

static void before(struct lockstep *ls)
{
    ls->log[0].n = ls->log[1].n = 0;
}

static void compare_value(struct lockstep *ls, const struct vgic_ctx *ctx, const char *what,
                          uint64_t a, uint64_t b)
{
    if (a != b && !ls->diverged)
        diverge(ls, ctx->now, ctx->vcpu, "%s returned 0x%llx in %s, 0x%llx in %s", what,
                (unsigned long long)a, ls->ops[0]->name, (unsigned long long)b,
                ls->ops[1]->name);
}

/* ---- the model ------------------------------------------------------------------------ */

static struct vgic_model *ls_create(const struct vgic_model_ops *self,
                                    const struct gic_config *gic, const struct cost_model *costs,
                                    const struct vgic_hooks *hooks, void *sim)
{
    /* The pair is the ops' own (lockstep_ops): `ops` is its first member. */
    const struct lockstep_pair *pair = (const struct lockstep_pair *)self;
    struct lockstep *ls = xcalloc(1, sizeof(*ls));
    ls->cfg = *gic;
    if (hooks)
        ls->sim_hooks = *hooks;
    ls->sim = sim;
    for (int i = 0; i < 2; i++) {
        ls->ops[i] = i == 0 ? pair->lead : pair->other;
        ls->side[i] = (struct side){ls, i};
        ls->m[i] = ls->ops[i]->create(ls->ops[i], gic, costs, &side_hooks, &ls->side[i]);
    }
    return (struct vgic_model *)ls;
}

static void ls_destroy(struct vgic_model *m)
{
    struct lockstep *ls = to_ls(m);
    compare_final(ls);
    for (int i = 0; i < 2; i++) {
        ls->ops[i]->destroy(ls->m[i]);
        free(ls->log[i].ev);
    }
    free(ls);
}

static void ls_boot(struct vgic_model *m, const struct vgic_boot_config *b)
{
    struct lockstep *ls = to_ls(m);
    for (int i = 0; i < 2; i++)
        ls->ops[i]->boot(ls->m[i], b);
}

static uint64_t ls_mmio_read(struct vgic_model *m, const struct vgic_ctx *ctx,
                             enum gic_frame frame, uint32_t redist, uint32_t offset,
                             uint32_t width, uint64_t *value)
{
    struct lockstep *ls = to_ls(m);
    uint64_t other;
    before(ls);
    uint64_t t = ls->ops[0]->mmio_read(ls->m[0], ctx, frame, redist, offset, width, value);
    ls->ops[1]->mmio_read(ls->m[1], ctx, frame, redist, offset, width, &other);
    compare_value(ls, ctx, "a register read", *value, other);
    after(ls, ctx);
    return t;
}

static uint64_t ls_mmio_write(struct vgic_model *m, const struct vgic_ctx *ctx,
                              enum gic_frame frame, uint32_t redist, uint32_t offset,
                              uint32_t width, uint64_t value)
{
    struct lockstep *ls = to_ls(m);
    before(ls);
    uint64_t t = ls->ops[0]->mmio_write(ls->m[0], ctx, frame, redist, offset, width, value);
    ls->ops[1]->mmio_write(ls->m[1], ctx, frame, redist, offset, width, value);
    after(ls, ctx);
    return t;
}

static uint64_t ls_set_line(struct vgic_model *m, const struct vgic_ctx *ctx, uint32_t intid,
                            uint32_t vcpu, bool level)
{
    struct lockstep *ls = to_ls(m);
    before(ls);
    uint64_t t = ls->ops[0]->set_line(ls->m[0], ctx, intid, vcpu, level);
    ls->ops[1]->set_line(ls->m[1], ctx, intid, vcpu, level);
    after(ls, ctx);
    return t;
}

/* An MSI: the LPI it pends (or none) is compared through the hooks and the final
 * states; which path it took (cached or not) is each model's own. */
static uint64_t ls_msi(struct vgic_model *m, const struct vgic_ctx *ctx, uint32_t device,
                       uint32_t event)
{
    struct lockstep *ls = to_ls(m);
    before(ls);
    uint64_t t = ls->ops[0]->msi(ls->m[0], ctx, device, event);
    ls->ops[1]->msi(ls->m[1], ctx, device, event);
    after(ls, ctx);
    return t;
}

/* The VMM's accesses: the value and KVM's answer are compared, and every vCPU after it
 * (an ICC_* write changes a vCPU that need not have been halted). */
static uint64_t ls_vmm_access(struct vgic_model *m, const struct vgic_ctx *ctx,
                              const struct vgic_vmm_access *a, uint64_t *value,
                              enum vgic_uaccess_result *result)
{
    struct lockstep *ls = to_ls(m);
    uint64_t other;
    enum vgic_uaccess_result other_result;
    before(ls);
    uint64_t t = ls->ops[0]->vmm_access(ls->m[0], ctx, a, value, result);
    ls->ops[1]->vmm_access(ls->m[1], ctx, a, &other, &other_result);
    compare_value(ls, ctx, "a VMM access", *value, other);
    compare_value(ls, ctx, "a VMM access's answer (0: accepted)", *result, other_result);
    after(ls, ctx);
    for (uint32_t v = 0; v < ls->cfg.vcpus && !ls->diverged; v++)
        compare_vcpu(ls, ctx->now, ctx->vcpu, v);
    return t;
}

static uint64_t ls_cpu_read(struct vgic_model *m, const struct vgic_ctx *ctx,
                            enum gic_cpu_reg reg, uint64_t *value)
{
    struct lockstep *ls = to_ls(m);
    uint64_t other;
    before(ls);
    uint64_t t = ls->ops[0]->cpu_read(ls->m[0], ctx, reg, value);
    ls->ops[1]->cpu_read(ls->m[1], ctx, reg, &other);
    compare_value(ls, ctx, gic_cpu_reg_desc(reg)->name, *value, other);
    after(ls, ctx);
    return t;
}

static uint64_t ls_cpu_write(struct vgic_model *m, const struct vgic_ctx *ctx,
                             enum gic_cpu_reg reg, uint64_t value)
{
    struct lockstep *ls = to_ls(m);
    before(ls);
    uint64_t t = ls->ops[0]->cpu_write(ls->m[0], ctx, reg, value);
    ls->ops[1]->cpu_write(ls->m[1], ctx, reg, value);
    after(ls, ctx);
    return t;
}

static uint64_t ls_vcpu_exit(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    struct lockstep *ls = to_ls(m);
    before(ls);
    uint64_t t = ls->ops[0]->vcpu_exit(ls->m[0], ctx);
    ls->ops[1]->vcpu_exit(ls->m[1], ctx);
    after(ls, ctx);
    return t;
}

static uint64_t ls_vcpu_entry(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    struct lockstep *ls = to_ls(m);
    before(ls);
    uint64_t t = ls->ops[0]->vcpu_entry(ls->m[0], ctx);
    ls->ops[1]->vcpu_entry(ls->m[1], ctx);
    after(ls, ctx);
    return t;
}

/* KVM's put and load around WFI: the vPE's residency shows in the offer, compared with
 * the vCPU. Without direct injection they change nothing in either model and are not
 * counted among the operations compared, so that `check` says what it said before. */
static uint64_t ls_wfi_block(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    struct lockstep *ls = to_ls(m);
    bool compared = ls->cfg.direct_injection != GIC_DI_NONE;
    if (compared)
        before(ls);
    uint64_t t = ls->ops[0]->wfi_block(ls->m[0], ctx);
    ls->ops[1]->wfi_block(ls->m[1], ctx);
    if (compared)
        after(ls, ctx);
    return t;
}

static uint64_t ls_wfi_wake(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    struct lockstep *ls = to_ls(m);
    bool compared = ls->cfg.direct_injection != GIC_DI_NONE;
    if (compared)
        before(ls);
    uint64_t t = ls->ops[0]->wfi_wake(ls->m[0], ctx);
    ls->ops[1]->wfi_wake(ls->m[1], ctx);
    if (compared)
        after(ls, ctx);
    return t;
}

/* Queries answer from the lead; a disagreement is a divergence. */
static bool ls_irq_signalled(const struct vgic_model *m, uint32_t vcpu)
{
    struct lockstep *ls = (struct lockstep *)to_cls(m);
    bool a = ls->ops[0]->irq_signalled(ls->m[0], vcpu);
    bool b = ls->ops[1]->irq_signalled(ls->m[1], vcpu);
    if (a != b)
        diverge(ls, 0, (int32_t)vcpu, "vCPU %u: an IRQ is %ssignalled in %s, %sin %s", vcpu,
                a ? "" : "not ", ls->ops[0]->name, b ? "" : "not ", ls->ops[1]->name);
    return a;
}

static bool ls_has_pending(const struct vgic_model *m, uint32_t vcpu)
{
    struct lockstep *ls = (struct lockstep *)to_cls(m);
    bool a = ls->ops[0]->vcpu_has_pending(ls->m[0], vcpu);
    bool b = ls->ops[1]->vcpu_has_pending(ls->m[1], vcpu);
    if (a != b)
        diverge(ls, 0, (int32_t)vcpu, "vCPU %u: the WFI test says %s in %s, %s in %s", vcpu,
                a ? "pending" : "nothing pending", ls->ops[0]->name,
                b ? "pending" : "nothing pending", ls->ops[1]->name);
    return a;
}

static bool ls_wfi_traps(const struct vgic_model *m, uint32_t vcpu)
{
    struct lockstep *ls = (struct lockstep *)to_cls(m);
    bool a = ls->ops[0]->wfi_traps(ls->m[0], vcpu);
    bool b = ls->ops[1]->wfi_traps(ls->m[1], vcpu);
    if (a != b)
        diverge(ls, 0, (int32_t)vcpu, "vCPU %u: WFI %s in %s, %s in %s", vcpu,
                a ? "traps" : "does not trap", ls->ops[0]->name,
                b ? "traps" : "does not trap", ls->ops[1]->name);
    return a;
}

static void ls_irq_state(const struct vgic_model *m, uint32_t vcpu, uint32_t intid,
                         struct vgic_irq_snapshot *out)
{
    const struct lockstep *ls = to_cls(m);
    ls->ops[0]->irq_state(ls->m[0], vcpu, intid, out);
}

static void ls_vcpu_state(const struct vgic_model *m, uint32_t vcpu,
                          struct vgic_vcpu_snapshot *out)
{
    const struct lockstep *ls = to_cls(m);
    ls->ops[0]->vcpu_state(ls->m[0], vcpu, out);
}

static bool ls_dist_enabled(const struct vgic_model *m)
{
    const struct lockstep *ls = to_cls(m);
    return ls->ops[0]->dist_enabled(ls->m[0]);
}

/* The lead's counters, how many operations were compared and whether the models
 * diverged. */
static void ls_counters(const struct vgic_model *m, struct vgic_counters *out)
{
    const struct lockstep *ls = to_cls(m);
    ls->ops[0]->counters(ls->m[0], out);
    /* Room for both: a dropped divergence counter would hide a divergence. */
    VGICSIM_ASSERT(out->n_extra + 2 <= VGIC_MAX_EXTRA_COUNTERS);
    vgic_counters_add(out, LOCKSTEP_OPERATIONS, ls->compared);
    vgic_counters_add(out, LOCKSTEP_DIVERGENCES, ls->diverged);
}

/* Each of the two models' own counters. */
static size_t ls_member_counters(const struct vgic_model *m, size_t i, const char **name,
                                 struct vgic_counters *out)
{
    const struct lockstep *ls = to_cls(m);
    if (i < 2) {
        *name = ls->ops[i]->name;
        ls->ops[i]->counters(ls->m[i], out);
    }
    return 2;
}

static const struct vgic_model_ops lockstep_template = {
    .name = "lockstep",
    .summary = "two models in lockstep, compared after every operation",
    .order = 100,
    .whole_operations = true,
    .create = ls_create,
    .destroy = ls_destroy,
    .boot = ls_boot,
    .mmio_read = ls_mmio_read,
    .mmio_write = ls_mmio_write,
    .set_line = ls_set_line,
    .msi = ls_msi,
    .vmm_access = ls_vmm_access,
    .cpu_read = ls_cpu_read,
    .cpu_write = ls_cpu_write,
    .vcpu_exit = ls_vcpu_exit,
    .vcpu_entry = ls_vcpu_entry,
    .wfi_block = ls_wfi_block,
    .wfi_wake = ls_wfi_wake,
    .irq_signalled = ls_irq_signalled,
    .vcpu_has_pending = ls_has_pending,
    .wfi_traps = ls_wfi_traps,
    .irq_state = ls_irq_state,
    .vcpu_state = ls_vcpu_state,
    .member_counters = ls_member_counters,
    .dist_enabled = ls_dist_enabled,
    .counters = ls_counters,
};

const struct vgic_model_ops *lockstep_ops(struct lockstep_pair *pair,
                                          const struct vgic_model_ops *lead,
                                          const struct vgic_model_ops *other)
{
    *pair = (struct lockstep_pair){.ops = lockstep_template, .lead = lead, .other = other};
    return &pair->ops;
}
