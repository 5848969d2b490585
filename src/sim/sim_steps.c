/* SPDX-License-Identifier: GPL-2.0-only */
/* The trace: when each step is issued, how a vCPU performs it, and the `check` and
 * read `expect` assertions. Also the bookkeeping of interrupt instances raised by
 * register writes (ISPENDR, SGIs). */
#include <stdio.h>
#include <stdlib.h>

#include "gic/sgi.h"
#include "sim/sim_internal.h"
#include "util/merge_sort.h"
#include "vgic/vgic_mmio.h"
#include "util/xalloc.h"

enum { ISSUER_DEVICE = -1, ISSUER_HARNESS = -2 };

static int32_t issuer(const struct scn_step *st)
{
    switch (st->kind) {
    case SCN_STEP_LINE:
    case SCN_STEP_PULSE: return ISSUER_DEVICE;
    case SCN_STEP_CHECK: return ISSUER_HARNESS;
    default: return st->vcpu;
    }
}

/* A `check` without `at` waits until every earlier step has completed, so that it
 * sees their effect; any other step without `at` waits for the previous step of the
 * same issuer (its vCPU, or the device side). */
static bool is_barrier(const struct scn_step *st)
{
    return st->kind == SCN_STEP_CHECK && !st->has_at;
}

static void release_barriers(struct sim *sim, uint64_t t)
{
    const struct scenario *s = sim->s;
    while (sim->low_incomplete < s->n_steps && sim->step_done[sim->low_incomplete])
        sim->low_incomplete++;
    while (sim->barrier_next < s->n_steps) {
        if (!is_barrier(&s->steps[sim->barrier_next])) {
            sim->barrier_next++;
            continue;
        }
        if (sim->low_incomplete < sim->barrier_next)
            break;
        if (sim->building_agenda)
            sim->agenda[sim->agenda_n++] = (uint32_t)sim->barrier_next;
        else
            sim_push_input(sim, t, EV_STEP_ISSUE, sim->barrier_next);
        sim->barrier_released = true;
        sim->barrier_next++;
        break;  /* the next barrier waits for this one to complete */
    }
}

static uint64_t initial_issue(const struct scn_step *st) { return st->has_at ? st->at : 0; }

static int by_issue_time(const void *a, const void *b, void *ctx)
{
    const struct scenario *s = ctx;
    uint64_t x = initial_issue(&s->steps[*(const uint32_t *)a]);
    uint64_t y = initial_issue(&s->steps[*(const uint32_t *)b]);
    return x < y ? -1 : x > y;
}

void sim_steps_init(struct sim *sim)
{
    const struct scenario *s = sim->s;
    size_t n = s->n_steps ? s->n_steps : 1;
    sim->next_same_issuer = xmalloc(n * sizeof(int64_t));
    sim->step_done = xcalloc(n, 1);
    sim->agenda = xmalloc(n * sizeof(*sim->agenda));
    sim->agenda_seq = eq_next_seq(&sim->q);
    /* A check at the head of the trace is issued first (nothing precedes it). */
    sim->building_agenda = true;
    release_barriers(sim, 0);
    sim->building_agenda = false;
    /* The last step seen of each issuer: vCPUs 0..vcpus-1, the device side, the harness
     * (checks with `at`) — one pass, so that each step knows its issuer's next one. */
    uint32_t n_issuers = s->gic.vcpus + 2;
    int64_t *last = xmalloc(n_issuers * sizeof(*last));
    for (uint32_t k = 0; k < n_issuers; k++)
        last[k] = -1;
    for (size_t i = 0; i < s->n_steps; i++) {
        const struct scn_step *st = &s->steps[i];
        sim->next_same_issuer[i] = -1;
        if (is_barrier(st))
            continue;
        int32_t who = issuer(st);
        uint32_t k = who == ISSUER_DEVICE    ? s->gic.vcpus
                     : who == ISSUER_HARNESS ? s->gic.vcpus + 1
                                             : (uint32_t)who;
        bool first = last[k] < 0;
        if (!first)
            sim->next_same_issuer[last[k]] = (int64_t)i;
        last[k] = (int64_t)i;
        if (st->has_at || first) {
            sim->agenda[sim->agenda_n++] = (uint32_t)i;
            if (initial_issue(st) > sim->input_horizon)
                sim->input_horizon = initial_issue(st);
        }
    }
    free(last);
    /* Stable: equal cycles keep index order (a leading check is index 0). */
    uint32_t *tmp = xmalloc(n * sizeof(*tmp));
    merge_sort(sim->agenda, sim->agenda_n, sizeof(*sim->agenda), tmp, by_issue_time,
               (void *)s);
    free(tmp);
    sim->barrier_released = false;
}

bool sim_steps_next_initial(struct sim *sim, uint64_t *time, uint32_t *index)
{
    if (sim->agenda_next == sim->agenda_n)
        return false;
    *index = sim->agenda[sim->agenda_next];
    *time = initial_issue(&sim->s->steps[*index]);
    return true;
}

void sim_steps_completed(struct sim *sim, size_t index, uint64_t t)
{
    const struct scenario *s = sim->s;
    sim->step_done[index] = 1;
    sim->steps_done++;
    /* Barriers first: a `check` that this completion releases is issued at the same
     * cycle as the issuer's next step, and equal-time events fire in insertion order.
     * Pushed after the next step, a check written between two steps of one vCPU would
     * see the effect of the later one (e.g. an EOIR), not the state between them. */
    release_barriers(sim, t);
    int64_t next = sim->next_same_issuer[index];
    if (next >= 0 && !s->steps[next].has_at)
        sim_push_input(sim, t, EV_STEP_ISSUE, (uint64_t)next);
}

static const char *yes_no(bool b) { return b ? "true" : "false"; }

static void perform_check(struct sim *sim, size_t index)
{
    const struct scn_step *st = &sim->s->steps[index];
    const struct scn_check *k = &st->u.check;
    uint32_t vcpu = k->vcpu >= 0 ? (uint32_t)k->vcpu : 0;
    struct vgic_irq_snapshot state;
    sim->ops->irq_state(sim->model, vcpu, k->intid, &state);
    char who[32] = "";
    if (gic_intid_is_private(k->intid))
        snprintf(who, sizeof(who), " on vCPU %u", vcpu);
    struct { bool has; const char *name; bool got, want; } flags[] = {
        {k->has_pending, "pending", state.pending, k->pending},
        {k->has_active, "active", state.active, k->active},
        {k->has_enabled, "enabled", state.s.enabled, k->enabled},
    };
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (flags[i].has && flags[i].got != flags[i].want)
            sim_fail(sim, st->loc, "trace[%zu]: check at cycle %llu: INTID %u%s is %s %s, "
                     "expected %s", index, (unsigned long long)sim->now, k->intid, who,
                     flags[i].name, yes_no(flags[i].got), yes_no(flags[i].want));
    if (k->has_priority && state.s.priority != k->priority)
        sim_fail(sim, st->loc, "trace[%zu]: check at cycle %llu: INTID %u%s has priority 0x%02x, "
                 "expected 0x%02x", index, (unsigned long long)sim->now, k->intid, who,
                 state.s.priority, k->priority);
}

void sim_steps_issue(struct sim *sim, size_t index)
{
    const struct scn_step *st = &sim->s->steps[index];
    switch (st->kind) {
    case SCN_STEP_LINE:
    case SCN_STEP_PULSE: {
        const struct scn_line *l = &st->u.line;
        sim_device_line(sim, sim_injector_for(sim, l->intid, sim_injector_of_trace(sim)),
                        l->intid, l->vcpu, l->level, st->kind == SCN_STEP_PULSE, false,
                        (int64_t)index);
        break;
    }
    case SCN_STEP_CHECK:
        perform_check(sim, index);
        sim_steps_completed(sim, index, sim->now);
        break;
    default: {
        struct vcpu_action a = {.step = (int64_t)index, .issued = sim->now};
        sim_vcpu_enqueue(sim, &sim->vcpus[st->vcpu], &a);
        break;
    }
    }
}

/* ---- SGIs as register writes ---- */

static void build_sgi(struct sim *sim, struct sim_vcpu *v, uint32_t intid, enum scn_sgi_mode mode,
                      const uint32_t *targets, size_t n)
{
    if (sim->s->gic.version == GIC_V2) {
        enum gic_sgir_filter filter = mode == SCN_SGI_OTHERS ? GIC_SGIR_OTHERS
                                      : mode == SCN_SGI_SELF ? GIC_SGIR_SELF
                                                             : GIC_SGIR_LIST;
        uint32_t list = 0;
        for (size_t i = 0; i < n; i++)
            list |= 1u << targets[i];
        v->act_values[0] = gic_sgir_encode(intid, filter, list);
        v->act_n = 1;
    } else if (mode == SCN_SGI_OTHERS) {
        struct gic_sgi1r f = {.intid = intid, .irm = true};
        v->act_values[0] = gic_sgi1r_encode(&f);
        v->act_n = 1;
    } else if (mode == SCN_SGI_SELF) {
        v->act_n = (uint32_t)gic_sgi1r_for_targets(intid, &v->id, 1, v->act_values,
                                                   SIM_MAX_SGI_WRITES);
    } else {
        v->act_n = (uint32_t)gic_sgi1r_for_targets(intid, targets, n, v->act_values,
                                                   SIM_MAX_SGI_WRITES);
    }
}

void sim_steps_begin(struct sim *sim, struct sim_vcpu *v)
{
    const struct scn_step *st = v->act.step >= 0 ? &sim->s->steps[v->act.step] : NULL;
    uint64_t t = sim->now;
    bool v2 = sim->s->gic.version == GIC_V2;
    /* A generated SGI is sent by its vCPU when it runs the guest: waking it first (it
     * may have been in WFI) is not part of the send, nor of the access's latency. A trace
     * step waits for its vCPU, and that wait counts (scenario section 5). */
    if (!st)
        v->act.issued = t;
    v->act_next = v->act_n = 0;
    v->act_trapped = true;
    if (!st || st->kind == SCN_STEP_SGI) {
        if (st)
            build_sgi(sim, v, st->u.sgi.intid, st->u.sgi.mode, st->u.sgi.targets,
                      st->u.sgi.n_targets);
        else
            build_sgi(sim, v, v->act.sgi_intid, SCN_SGI_LIST, &v->act.sgi_to, 1);
        if (v->act_n == 0) {
            /* Nobody to send to: the guest writes nothing. */
            v->act_trapped = false;
            sim_vcpu_schedule(sim, v, PH_CPU_STEP, t);
            return;
        }
        sim_vcpu_begin_exit(sim, v, t, v2 ? EXIT_MMIO : EXIT_SYSREG);
        return;
    }
    if (st->kind == SCN_STEP_WRITE || st->kind == SCN_STEP_READ) {
        v->act_n = 1;
        sim_vcpu_begin_exit(sim, v, t, EXIT_MMIO);
        return;
    }
    /* A CPU-interface access: not trapped, except ICC_SGI1R_EL1. */
    const struct scn_cpu_access *a = &st->u.cpu;
    if (a->is_write && a->reg == GIC_CPU_SGI1R) {
        v->act_values[0] = a->value;
        v->act_n = 1;
        sim_vcpu_begin_exit(sim, v, t, EXIT_SYSREG);
        return;
    }
    v->act_trapped = false;
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    uint64_t done;
    if (a->is_write) {
        done = sim->ops->cpu_write(sim->model, sim_at(sim, &ctx), a->reg, a->value);
        if (a->reg == GIC_CPU_CTLR)
            v->eoi_mode = (a->value >> (v2 ? 9 : 1)) & 1;
        if ((a->reg == GIC_CPU_EOIR && !v->eoi_mode) || (a->reg == GIC_CPU_DIR && v->eoi_mode))
            sim_completed(sim, v, (uint32_t)a->value, done);
    } else {
        done = sim->ops->cpu_read(sim->model, sim_at(sim, &ctx), a->reg, &v->act_result);
        if (a->reg == GIC_CPU_IAR)
            rec_acked(sim->rec, v->id, (uint32_t)v->act_result, done);
    }
    sim_vcpu_schedule(sim, v, PH_CPU_STEP, done);
}

/* ---- interrupt instances raised by register writes ---- */

void sim_write_raises(const struct gic_config *gic, uint32_t accessor, enum gic_frame frame,
                      int32_t redist, uint32_t offset, uint32_t width_bits, uint64_t value,
                      void (*raised)(void *arg, int32_t bank, uint32_t value), void *arg)
{
    struct vgic_access a;
    uint32_t owner = redist >= 0 ? (uint32_t)redist : accessor;
    if (vgic_mmio_decode(gic, accessor, frame, owner, offset, width_bits / 8, &a))
        vgic_mmio_write_raises(gic, &a, accessor, value, raised, arg);
}

/* The instances one trapped write raises: recorded as raised at the guest's access, and
 * as injected once the hypervisor's emulation of the write is done. At most one per
 * vCPU (an SGI to every other vCPU) or one per bit of a 64-bit register. */
struct raise_key {
    int32_t bank;
    uint32_t value;
};
struct raise_list {
    uint32_t n;
    struct raise_key key[GIC_V3_MAX_VCPUS > 64 ? GIC_V3_MAX_VCPUS : 64];
};

static void collect_raise(void *arg, int32_t bank, uint32_t value)
{
    struct raise_list *l = arg;
    if (l->n < sizeof(l->key) / sizeof(l->key[0]))
        l->key[l->n++] = (struct raise_key){bank, value};
}

/* Raised by vCPU `v`'s write (the timeline puts them on its track). */
static void record_raised(struct sim *sim, const struct sim_vcpu *v, const struct raise_list *l,
                          uint64_t t)
{
    for (uint32_t i = 0; i < l->n; i++) {
        uint64_t id = rec_raised(sim->rec, l->key[i].bank, l->key[i].value, t);
        timeline_instant(sim->tl, v->id, TL_RAISED, l->key[i].value & GIC_V2_INTID_MASK, id, t);
    }
}

static void record_injected(struct sim *sim, const struct raise_list *l, uint64_t start,
                            uint64_t wait, uint64_t done)
{
    for (uint32_t i = 0; i < l->n; i++)
        rec_injected(sim->rec, l->key[i].bank, l->key[i].value, start, wait, done);
}

static void sgi1r_raises(struct sim *sim, struct sim_vcpu *v, uint64_t value, struct raise_list *l)
{
    struct gic_sgi1r f;
    gic_sgi1r_decode(value, &f);
    uint32_t n = gic_sgi1r_targets(&f, v->id, sim->s->gic.vcpus, sim->sgi_targets);
    for (uint32_t i = 0; i < n; i++)
        collect_raise(l, (int32_t)sim->sgi_targets[i], f.intid);
}

/* ---- performing an action ---- */

/* The interrupt instances a trapped write pends are recorded when the hypervisor emulates
 * it, so that nothing the vCPUs do between the guest's access and its emulation (a
 * listing, an acknowledgement of an earlier instance) can take them for an instance that
 * already exists; their latency still counts from the guest's access (trap_began). */
uint64_t sim_steps_handle_trap(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    const struct scn_step *st = v->act.step >= 0 ? &sim->s->steps[v->act.step] : NULL;
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    struct raise_list raises;
    raises.n = 0;
    uint64_t done;
    struct sim_injection injection;
    sim_injection_begin(sim, &injection, t);
    if (st && (st->kind == SCN_STEP_WRITE || st->kind == SCN_STEP_READ)) {
        const struct scn_mmio *io = &st->u.mmio;
        uint32_t redist = io->redist >= 0 ? (uint32_t)io->redist : v->id;
        v->act_next++;
        if (st->kind == SCN_STEP_READ) {
            done = sim->ops->mmio_read(sim->model, sim_at(sim, &ctx), io->frame, redist, io->offset,
                                       io->width / 8, &v->act_result);
            sim_injection_end(sim, &injection);
            return done;
        }
        sim_write_raises(&sim->s->gic, v->id, io->frame, io->redist, io->offset, io->width,
                         io->value, collect_raise, &raises);
        record_raised(sim, v, &raises, v->trap_began);
        done = sim->ops->mmio_write(sim->model, sim_at(sim, &ctx), io->frame, redist, io->offset,
                                    io->width / 8, io->value);
    } else {
        uint64_t value = v->act_values[v->act_next++];
        if (sim->s->gic.version == GIC_V2) {
            sim_write_raises(&sim->s->gic, v->id, GIC_FRAME_GICD, SCN_NO_VCPU, GICD_SGIR, 32,
                             value, collect_raise, &raises);
            record_raised(sim, v, &raises, v->trap_began);
            done = sim->ops->mmio_write(sim->model, sim_at(sim, &ctx), GIC_FRAME_GICD, 0, GICD_SGIR, 4, value);
        } else {
            sgi1r_raises(sim, v, value, &raises);
            record_raised(sim, v, &raises, v->trap_began);
            done = sim->ops->cpu_write(sim->model, sim_at(sim, &ctx), GIC_CPU_SGI1R, value);
        }
    }
    record_injected(sim, &raises, t, sim_injection_end(sim, &injection), done);
    return done;
}

/* What a trapped action accessed, as reports break trapped-access latency down: the
 * architectural register name (without index), or the frame for an offset where the
 * architecture defines no register. */
static const char *access_name(const struct sim *sim, const struct sim_vcpu *v)
{
    const struct scn_step *st = v->act.step >= 0 ? &sim->s->steps[v->act.step] : NULL;
    bool v2 = sim->s->gic.version == GIC_V2;
    if (st && (st->kind == SCN_STEP_WRITE || st->kind == SCN_STEP_READ)) {
        const struct scn_mmio *io = &st->u.mmio;
        const struct gic_reg_desc *d = gic_reg_at(io->frame, sim->s->gic.version, io->offset);
        if (d)
            return d->name;
        return io->frame == GIC_FRAME_GICD ? "GICD (no register)" : "GICR (no register)";
    }
    return v2 ? "GICD_SGIR" : "ICC_SGI1R_EL1";
}

void sim_steps_finish(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    bool trapped = v->act_trapped;
    v->acting = false;
    v->act_trapped = false;
    if (trapped) {
        uint32_t kind = rec_access_kind(sim->rec, access_name(sim, v));
        rec_access(sim->rec, v->id, kind, v->act.issued, t);
        timeline_span(sim->tl, v->id, TL_ACCESS, kind, v->act.issued, t);
    }
    if (v->act.step < 0)
        return;
    size_t index = (size_t)v->act.step;
    const struct scn_step *st = &sim->s->steps[index];
    if (st->kind == SCN_STEP_READ && st->u.mmio.has_expect) {
        const struct scn_mmio *io = &st->u.mmio;
        if ((v->act_result & io->mask) != (io->expect & io->mask))
            sim_fail(sim, st->loc, "trace[%zu]: read of %s by vCPU %u at cycle %llu returned "
                     "0x%llx, expected 0x%llx (mask 0x%llx)", index,
                     scn_mmio_label(io, (char[SCN_LABEL_MAX]){0}, SCN_LABEL_MAX), v->id,
                     (unsigned long long)v->act.issued, (unsigned long long)v->act_result,
                     (unsigned long long)io->expect, (unsigned long long)io->mask);
    }
    if (st->kind == SCN_STEP_CPU && !st->u.cpu.is_write && st->u.cpu.has_expect) {
        const struct scn_cpu_access *a = &st->u.cpu;
        if ((v->act_result & a->mask) != (a->expect & a->mask))
            sim_fail(sim, st->loc, "trace[%zu]: read of %s by vCPU %u at cycle %llu returned "
                     "0x%llx (%llu), expected 0x%llx (%llu)", index,
                     gic_cpu_reg_desc(a->reg)->name, v->id, (unsigned long long)v->act.issued,
                     (unsigned long long)v->act_result, (unsigned long long)v->act_result,
                     (unsigned long long)a->expect, (unsigned long long)a->expect);
    }
    sim_steps_completed(sim, index, t);
}

