/* SPDX-License-Identifier: GPL-2.0-only */
/* The simulation driver: builds the machine around a model, feeds it the trace and
 * the workload in simulated time, and collects what happened. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_internal.h"
#include "vgic/vgic_irq.h"
#include "util/cycles.h"
#include "util/debug_checks.h"
#include "util/xalloc.h"

struct eq_handle sim_push(struct sim *sim, uint64_t time, enum sim_event kind, uint64_t a,
                          uint64_t b)
{
    /* Nothing is queued in the past of the event being handled (a handler that waited
     * must not queue what was due before it waited). */
    VGICSIM_ASSERT(!sched_in_process(&sim->sched) || time >= sim->sched.clock);
    sched_note_event(&sim->sched, time);
    return eq_push(&sim->q, time, kind, NULL, a, b);
}

void sim_push_input(struct sim *sim, uint64_t time, enum sim_event kind, uint64_t a)
{
    if (time > sim->input_horizon)
        sim->input_horizon = time;
    sim_push(sim, time, kind, a, 0);
}

uint64_t sim_cost(const struct sim *sim, enum cost_op op)
{
    return sim->s->costs.cycles[op];
}

void sim_fail(struct sim *sim, struct scn_loc loc, const char *fmt, ...)
{
    struct sim_result *out = sim->out;
    if (out->n_failures == sim->failures_cap) {
        sim->failures_cap = sim->failures_cap ? 2 * sim->failures_cap : 8;
        out->failures = xrealloc(out->failures, sim->failures_cap * sizeof(*out->failures));
    }
    va_list ap;
    va_start(ap, fmt);
    out->failures[out->n_failures++] = (struct sim_failure){.loc = loc, .message = xvasprintf(fmt, ap)};
    va_end(ap);
}

/* Device lines: one per SPI, one per PPI of every vCPU. */
uint32_t sim_line_index(const struct sim *sim, uint32_t intid, int32_t vcpu)
{
    if (intid < GIC_NR_PRIVATE)
        return (uint32_t)vcpu * GIC_NR_PRIVATE + intid;
    return sim->s->gic.vcpus * GIC_NR_PRIVATE + intid;
}

bool sim_ppi_is_local(const struct sim *sim, uint32_t intid)
{
    return gic_intid_is_ppi(intid) && vgic_intid_hw_mapped(&sim->s->gic, intid);
}

/* The guest completed an interrupt. A level-sensitive interrupt whose device still
 * holds its line high is pending again at once (KVM resamples it at the next exit):
 * that is a new instance of it. HW-mapped ones are re-raised when the physical side
 * fires again (hook_phys_deactivated). */
void sim_completed(struct sim *sim, struct sim_vcpu *v, uint32_t value, uint64_t t)
{
    rec_completed(sim->rec, v->id, value, t);
    uint32_t intid = sim_value_intid(sim, value);
    if (!sim_has_line(sim, intid))
        return;
    int32_t bank = gic_intid_is_private(intid) ? (int32_t)v->id : SCN_NO_VCPU;
    if (!sim->line_high[sim_line_index(sim, intid, bank)])
        return;
    struct vgic_irq_snapshot st;
    sim->ops->irq_state(sim->model, v->id, intid, &st);
    if (st.s.level && !st.s.hw) {
        timeline_instant(sim->tl, v->id, TL_RAISED, intid, rec_raised(sim->rec, bank, intid, t),
                         t);
        rec_pended(sim->rec, bank, intid, t, t);   /* pending in KVM already */
    }
}

/* ---- hooks the model calls ----
 *
 * A model calls a hook at the cycle its operation reaches that point, which may be ahead
 * of the event being processed (the operation went on without waiting). What a hook
 * records is ordered by the model's own synchronisation: an instance is pended and
 * listed under the interrupt's lock (ref) or right after an atomic on its state word
 * (perf), which the scheduler grants in cycle order; a kick only queues its arrival.
 * So the hooks need no synchronisation of their own. */

static void hook_kick(void *p, uint32_t vcpu, uint64_t when)
{
    struct sim *sim = p;
    struct sim_vcpu *v = &sim->vcpus[vcpu];
    /* The IPI takes time to reach a vCPU that runs in the guest. Only the first kick
     * since it entered the guest sends one (KVM moves it to EXITING_GUEST_MODE); a later
     * kick only sets the request, which that IPI's exit and flush see. */
    uint64_t at = when;
    if (v->mode == VCPU_GUEST) {
        if (v->kick_ipi_sent)
            return;
        v->kick_ipi_sent = true;
        at += sim_cost(sim, COST_IPI_DELIVERY);
    }
    sim_push(sim, at, EV_KICK_ARRIVES, vcpu, 0);
}

/* The first LPI an MSI (or an INT command) makes pending is a new instance, raised when
 * the device sent it: the simulation learns which LPI only now (sim_injection). */
static void raise_lpi(struct sim *sim, struct sim_injection *inj, uint32_t lpi)
{
    uint64_t id = rec_raised(sim->rec, -1, lpi, inj->lpi_raised);
    timeline_instant(sim->tl, inj->lpi_track, TL_RAISED, lpi, id, inj->lpi_raised);
    inj->raises_lpi = false;
    inj->lpi = lpi;
}

static void hook_pended(void *p, int32_t bank, uint32_t value, uint64_t when)
{
    struct sim *sim = p;
    struct sim_injection *inj = sched_local(&sim->sched);
    if (inj && inj->raises_lpi && gic_intid_is_lpi(&sim->s->gic, value))
        raise_lpi(sim, inj, value);
    rec_pended(sim->rec, bank, value, inj ? inj->start : when, when);
}

static void hook_listed(void *p, uint32_t vcpu, uint32_t value, uint64_t when)
{
    struct sim *sim = p;
    rec_listed(sim->rec, vcpu, value, when);
}

/* GICv4: a directly injected LPI is visible to the vCPU's resident vPE. */
static void hook_shown(void *p, uint32_t vcpu, uint32_t intid, uint64_t when)
{
    struct sim *sim = p;
    rec_shown(sim->rec, vcpu, intid, when);
}

static void hook_maintenance(void *p, uint32_t vcpu, uint64_t when)
{
    struct sim *sim = p;
    sim_push(sim, when + sim_cost(sim, COST_MAINTENANCE_IRQ), EV_MAINTENANCE, vcpu, 0);
}

/* The guest deactivated a HW-mapped interrupt, so the physical one can fire again: if
 * the device still holds its line high, the host sees it and injects it anew (as the
 * arch timer does when its output is still asserted). */
static void hook_phys_deactivated(void *p, uint32_t vcpu, uint32_t intid, uint64_t when)
{
    struct sim *sim = p;
    int32_t bank = gic_intid_is_private(intid) ? (int32_t)vcpu : SCN_NO_VCPU;
    if (sim_has_line(sim, intid) && sim->line_high[sim_line_index(sim, intid, bank)])
        sim_push(sim, when, EV_REASSERT, intid, (uint64_t)(int64_t)bank);
}

/* Direct injection: the vCPU's interface may signal at `when` without any exit. */
static void hook_virq(void *p, uint32_t vcpu, uint64_t when)
{
    struct sim *sim = p;
    sim_push(sim, when, EV_VIRQ, vcpu, 0);
}

static void hook_halt_begin(void *p, uint32_t vcpu, uint64_t at)
{
    struct sim *sim = p;
    sim_vcpu_halt_begin(sim, &sim->vcpus[vcpu], at);
}

static void hook_halted(void *p, uint32_t vcpu, uint64_t from, uint64_t until)
{
    struct sim *sim = p;
    (void)from;
    sim_vcpu_halt_end(sim, &sim->vcpus[vcpu], until);
}

/* The lockstep checker found the two models disagreeing: a failure located at the
 * scenario entry being played. */
static void hook_diverged(void *p, uint64_t when, int32_t vcpu, const char *what)
{
    struct sim *sim = p;
    char who[32] = "";
    if (vcpu >= 0)
        snprintf(who, sizeof(who), " on vCPU %d", vcpu);
    const struct scn_loc *loc = sched_tag(&sim->sched);
    sim_fail(sim, loc ? *loc : sim->current_loc, "divergence at cycle %llu%s: %s",
             (unsigned long long)(when ? when : sim->now), who, what);
}

/* Where the event about to be dispatched comes from in the scenario. */
static void locate(struct sim *sim, const struct eq_event *ev)
{
    const struct scenario *s = sim->s;
    switch ((enum sim_event)ev->kind) {
    case EV_STEP_ISSUE: sim->current_loc = s->steps[ev->a].loc; break;
    case EV_GENERATOR: sim->current_loc = s->generators[ev->a].loc; break;
    case EV_VCPU:
    case EV_KICK_ARRIVES:
    case EV_MAINTENANCE: {
        const struct sim_vcpu *v = &sim->vcpus[ev->a];
        if (v->acting && v->act.step >= 0)
            sim->current_loc = s->steps[v->act.step].loc;
        break;
    }
    case EV_REASSERT:
    case EV_WAKE:
    case EV_DISPATCH:
    case EV_PHYS_PPI:
    case EV_HALT_BEGIN:
    case EV_HALT_END:
    case EV_VIRQ: break;
    }
}

/* ---- workload ---- */

static void generator_schedule(struct sim *sim, uint32_t index, struct gen_event *ev)
{
    if (generator_next(&sim->gens[index], ev))
        sim_push_input(sim, ev->time, EV_GENERATOR, index);
}

/* Generators are pulled one event ahead: the queue holds at most one event of each. The
 * next one is queued first: what this one raises may wait (an injection taking a lock),
 * and the generator's next event must not wait with it. */
static void generator_fire(struct sim *sim, uint32_t index)
{
    struct gen_event ev = sim->gen_ahead[index];
    generator_schedule(sim, index, &sim->gen_ahead[index]);
    switch (ev.kind) {
    case GEN_EV_PULSE:
    case GEN_EV_RAISE: {
        uint32_t inj = sim_injector_for(sim, ev.intid, sim_injector_of_generator(sim, index));
        bool pulse = ev.kind == GEN_EV_PULSE;
        sim_device_line(sim, inj, ev.intid, ev.vcpu, true, pulse, !pulse, -1);
        break;
    }
    case GEN_EV_MSI: {
        uint32_t inj = sim_injector_for_device(sim, ev.device, sim_injector_of_generator(sim, index));
        sim_device_msi(sim, inj, ev.device, ev.intid, (int32_t)index, -1);
        break;
    }
    case GEN_EV_SGI: {
        struct vcpu_action a = {.step = -1, .issued = sim->now, .sgi_intid = ev.intid,
                                .sgi_to = ev.to};
        sim_vcpu_enqueue(sim, &sim->vcpus[ev.from], &a);
        break;
    }
    }
}

/* ---- boot ---- */

static void mark(uint8_t *set, uint32_t intid) { set[intid] = 1; }

/* A trace write that pends interrupts (ISPENDR, GICD_SGIR, GICD_SPENDSGIR) raises them,
 * as KVM decodes the access. */
static void mark_raised(void *arg, int32_t bank, uint32_t value)
{
    (void)bank;
    if (value < GIC_LPI_BASE)   /* LPIs are the ITS driver's (sim_its_boot) */
        mark(arg, value & GIC_V2_INTID_MASK);
}

/* Auto mode: every interrupt the scenario raises starts enabled. */
static void boot_auto(struct sim *sim)
{
    const struct scenario *s = sim->s;
    uint32_t nr = gic_nr_irqs(&s->gic);
    uint8_t *raised = xcalloc(nr, 1), *level = xcalloc(nr, 1);
    for (size_t i = 0; i < s->n_steps; i++) {
        const struct scn_step *st = &s->steps[i];
        if (st->kind == SCN_STEP_LINE || st->kind == SCN_STEP_PULSE)
            mark(raised, st->u.line.intid);
        else if (st->kind == SCN_STEP_SGI)
            mark(raised, st->u.sgi.intid);
        else if (st->kind == SCN_STEP_WRITE)
            sim_write_raises(&s->gic, (uint32_t)st->vcpu, st->u.mmio.frame, st->u.mmio.redist,
                             st->u.mmio.offset, st->u.mmio.width, st->u.mmio.value,
                             mark_raised, raised);
    }
    for (size_t i = 0; i < s->n_generators; i++) {
        const struct scn_generator *g = &s->generators[i];
        if (g->msi)   /* EventIDs: the ITS driver enables their LPIs */
            continue;
        for (uint32_t id = g->intid_lo; id <= g->intid_hi; id++) {
            mark(raised, id);
            if (g->trigger == SCN_TRIGGER_LEVEL && gic_intid_is_spi(&s->gic, id))
                mark(level, id);
        }
    }
    struct vgic_boot_config boot = {
        .priority = 0xa0, .pmr = (uint8_t)s->guest.pmr, .eoi_mode = s->guest.eoi_mode == 1,
        .enabled = raised, .level_spis = level,
    };
    sim_its_boot(sim, &boot);
    sim->ops->boot(sim->model, &boot);
    free(raised);
    free(level);
}

/* ---- the timeline's view of holds and waits ---- */

/* A scheduler actor's track: vCPUs are their own, injectors theirs; the harness none. */
static bool actor_track(const struct sim *sim, int32_t actor, uint32_t *track)
{
    if (actor < 0)
        return false;
    if ((uint32_t)actor < sim->s->gic.vcpus)
        *track = (uint32_t)actor;
    else
        *track = TIMELINE_INJECTOR_TRACK + (uint32_t)actor - sim->s->gic.vcpus;
    return true;
}

/* A lock's or line's track, named at its first appearance by what it belongs to. */
static uint32_t tl_resource(struct sim *sim, const struct sched_res *r)
{
    bool is_new;
    uint32_t track = timeline_resource_track(sim->tl, r->kind, r->index, &is_new);
    if (is_new) {
        const char *kind = vgic_res_kind_name(r->kind);
        char name[96];
        if (r->kind == VGIC_RES_IRQ_LOCK || r->kind == VGIC_RES_IRQ_LINE) {
            uint32_t bank = r->index >> 16, intid = r->index & 0xffff;
            if (bank)
                snprintf(name, sizeof(name), "%s INTID %u (vCPU %u)", kind, intid, bank - 1);
            else
                snprintf(name, sizeof(name), "%s INTID %u", kind, intid);
        } else if (r->kind == VGIC_RES_KVM_LOCK || r->kind == VGIC_RES_KVM_LINE ||
                   r->kind == VGIC_RES_SPIS_LINE) {
            snprintf(name, sizeof(name), "%s", kind ? kind : "resource");
        } else if (kind) {
            snprintf(name, sizeof(name), "%s vCPU %u", kind, r->index);
        } else {
            snprintf(name, sizeof(name), "resource %u.%u", r->kind, r->index);
        }
        timeline_name_track(sim->tl, track, name);
    }
    return track;
}

static void tl_held(void *p, const struct sched_res *r, int32_t actor, uint64_t from,
                    uint64_t until)
{
    struct sim *sim = p;
    uint32_t who;
    if (actor_track(sim, actor, &who) && until >= sim->tl->from && from <= sim->tl->to)
        timeline_span(sim->tl, tl_resource(sim, r), TL_HOLD, who, from, until);
}

static void tl_waited(void *p, const struct sched_res *r, int32_t actor, uint64_t from,
                      uint64_t until, int32_t holder, uint64_t holder_since)
{
    struct sim *sim = p;
    (void)holder, (void)holder_since;
    uint32_t who;
    if (actor_track(sim, actor, &who) && until >= sim->tl->from && from <= sim->tl->to)
        timeline_span(sim->tl, who, TL_WAIT, tl_resource(sim, r), from, until);
}

/* The vCPUs' and injectors' tracks are named before the run. */
static void tl_name_tracks(struct sim *sim)
{
    const struct scenario *s = sim->s;
    char name[160];
    for (uint32_t i = 0; i < s->gic.vcpus; i++) {
        snprintf(name, sizeof(name), "vCPU %u", i);
        timeline_name_track(sim->tl, i, name);
    }
    for (uint32_t k = 0; k < sim->n_injectors; k++) {
        if (k < s->host.n_injectors)
            snprintf(name, sizeof(name), "injector %s", s->host.injectors[k].name);
        else if (k == sim_injector_of_trace(sim))
            snprintf(name, sizeof(name), "injector (the trace's devices)");
        else
            snprintf(name, sizeof(name), "injector (generator %u: %s, line %u)",
                     k - (uint32_t)s->host.n_injectors,
                     scn_gen_kind_names[s->generators[k - s->host.n_injectors].kind],
                     s->generators[k - s->host.n_injectors].loc.line);
        timeline_name_track(sim->tl, TIMELINE_INJECTOR_TRACK + k, name);
    }
}

/* The scheduler's view of what is due next: the queue's event or the trace's next
 * initial issue, whichever comes first. */
static bool next_event_time(void *arg, uint64_t *time)
{
    struct sim *sim = arg;
    uint64_t t = UINT64_MAX, x, seq;
    uint32_t index;
    bool any = false;
    if (eq_next_time(&sim->q, &x))
        t = x, any = true;
    if (sim_steps_next_initial(sim, &x, &index) && x < t)
        t = x, any = true;
    if (sched_next_wake(&sim->sched, &x, &seq) && x < t)
        t = x, any = true;
    *time = t;
    return any;
}

static void sim_setup(struct sim *sim, const struct scenario *s,
                      const struct vgic_model_ops *ops, uint64_t seed,
                      const struct sim_options *opts, struct sim_result *out)
{
    memset(sim, 0, sizeof(*sim));
    sim->s = s;
    sim->ops = ops;
    sim->out = out;
    sim->auto_mode = s->guest.mode == SCN_GUEST_AUTO;
    /* Until an event names a scenario entry, failures point at the file itself. */
    sim->current_loc = (struct scn_loc){.file = s->path, .line = 1, .col = 1};
    eq_init(&sim->q);
    guest_mem_init(&sim->mem);
    uint32_t lines = s->gic.vcpus * GIC_NR_PRIVATE + gic_nr_irqs(&s->gic);
    sim->line_high = xcalloc(lines, 1);
    sim->auto_lower = xcalloc(lines, 1);
    sim->rec = recorder_create(s->gic.vcpus, gic_nr_irqs(&s->gic));
    if (s->gic.its)
        rec_enable_lpis(sim->rec, s->gic.lpis);
    if (opts->record_digest)
        rec_enable_digest(sim->rec);
    rec_set_timeline(sim->rec, opts->timeline);
    out->rec = sim->rec;
    out->model = ops->name;
    out->steps_total = s->n_steps;
    for (size_t i = 0; i < s->expect.n_orders; i++)
        rec_keep_ack_order(sim->rec, s->expect.orders[i].vcpu);

    sched_init(&sim->sched, &sim->q, next_event_time, sim);
    sim->tl = opts->timeline;
    if (sim->tl) {
        sim->tl_observer = (struct sched_observer){sim, tl_held, tl_waited};
        sched_set_observer(&sim->sched, &sim->tl_observer);
    } else if (opts->observer) {
        sched_set_observer(&sim->sched, opts->observer);
    }
    /* A model whose operations must run whole (the lockstep checker compares two models
     * after every operation) gets no scheduler: nothing interleaves inside them. */
    sim->hooks = (struct vgic_hooks){
        .kick = hook_kick, .pended = hook_pended, .listed = hook_listed,
        .maintenance = hook_maintenance,
        .phys_deactivated = hook_phys_deactivated, .halt_begin = hook_halt_begin,
        .halted = hook_halted, .virq = hook_virq, .shown = hook_shown,
        .diverged = hook_diverged,
        .read_guest = sim_guest_read, .write_guest = sim_guest_write,
        .sched = ops->whole_operations ? NULL : &sim->sched,
    };
    sim->model = ops->create(ops, &s->gic, &s->costs, &sim->hooks, sim);

    sim->vcpus = xcalloc(s->gic.vcpus, sizeof(*sim->vcpus));
    sim->sgi_targets = xcalloc(s->gic.vcpus, sizeof(*sim->sgi_targets));
    for (uint32_t i = 0; i < s->gic.vcpus; i++) {
        struct sim_vcpu *v = &sim->vcpus[i];
        v->id = i;
        if (sim->auto_mode) {
            /* An idle booted guest sits in WFI. */
            v->mode = VCPU_BLOCKED;
            v->eoi_mode = s->guest.eoi_mode == 1;
        } else {
            /* A guest in manual mode runs (spins) in the guest from the start. */
            struct vgic_ctx ctx = {.now = 0, .vcpu = (int32_t)i};
            ops->vcpu_entry(sim->model, &ctx);
            v->mode = VCPU_GUEST;
        }
    }
    if (sim->auto_mode) {
        boot_auto(sim);
        /* The booted guest idles in WFI: KVM put each vCPU's vgic as it blocked -- or,
         * where KVM cleared TWI (GICv4: vgic_model.h, wfi_traps), the vCPU idles in the
         * guest. Before any event, so the cycles it costs are the start's, not the run's. */
        for (uint32_t i = 0; i < s->gic.vcpus; i++) {
            struct vgic_ctx ctx = {.now = 0, .vcpu = (int32_t)i};
            if (ops->wfi_traps(sim->model, i)) {
                ops->wfi_block(sim->model, &ctx);
                continue;
            }
            ops->vcpu_entry(sim->model, &ctx);
            sim->vcpus[i].mode = VCPU_GUEST;
        }
    }

    sim_host_init(sim);
    if (sim->tl)
        tl_name_tracks(sim);
    sim->gens = xcalloc(s->n_generators, sizeof(*sim->gens));
    sim->gen_ahead = xcalloc(s->n_generators, sizeof(*sim->gen_ahead));
    for (size_t i = 0; i < s->n_generators; i++) {
        generator_init(&sim->gens[i], &s->generators[i], seed, (uint32_t)i);
        generator_schedule(sim, (uint32_t)i, &sim->gen_ahead[i]);
    }
    sim_steps_init(sim);
}

static void dispatch(struct sim *sim, const struct eq_event *ev)
{
    switch ((enum sim_event)ev->kind) {
    case EV_STEP_ISSUE: sim_steps_issue(sim, ev->a); break;
    case EV_GENERATOR: generator_fire(sim, (uint32_t)ev->a); break;
    case EV_VCPU: sim_vcpu_event(sim, &sim->vcpus[ev->a]); break;
    case EV_KICK_ARRIVES: sim_vcpu_kick_arrives(sim, &sim->vcpus[ev->a]); break;
    case EV_MAINTENANCE: sim_vcpu_maintenance(sim, &sim->vcpus[ev->a]); break;
    case EV_REASSERT: sim_device_reassert(sim, (uint32_t)ev->a, (int32_t)(int64_t)ev->b); break;
    case EV_DISPATCH: sim_vcpu_consider(sim, &sim->vcpus[ev->a]); break;
    case EV_PHYS_PPI: sim_vcpu_phys_ppi_pending(sim, &sim->vcpus[ev->a]); break;
    case EV_HALT_BEGIN: sim_vcpu_halt_begin(sim, &sim->vcpus[ev->a], ev->b); break;
    case EV_HALT_END: sim_vcpu_halt_end(sim, &sim->vcpus[ev->a], ev->b); break;
    case EV_VIRQ: sim_vcpu_virq(sim, &sim->vcpus[ev->a]); break;
    case EV_WAKE: break;   /* the loop resumes the process itself */
    }
}

/* Who handles an event, for the scheduler's observers: the vCPU or injector it is for. */
static int32_t event_actor(const struct sim *sim, const struct eq_event *ev)
{
    const struct scenario *s = sim->s;
    switch ((enum sim_event)ev->kind) {
    case EV_STEP_ISSUE: {
        const struct scn_step *st = &s->steps[ev->a];
        if (st->kind == SCN_STEP_CHECK)
            return SIM_ACTOR_HARNESS;
        if (st->kind == SCN_STEP_VMM)
            return SIM_ACTOR_VMM;
        if (st->kind == SCN_STEP_LINE || st->kind == SCN_STEP_PULSE)
            return sim_actor_injector(
                sim, sim_injector_for(sim, st->u.line.intid, sim_injector_of_trace(sim)));
        if (st->kind == SCN_STEP_MSI)
            return sim_actor_injector(
                sim, sim_injector_for_device(sim, st->u.msi.device, sim_injector_of_trace(sim)));
        return st->vcpu;
    }
    case EV_GENERATOR: {
        const struct gen_event *g = &sim->gen_ahead[ev->a];
        if (g->kind == GEN_EV_SGI)
            return (int32_t)g->from;
        if (g->kind == GEN_EV_MSI)
            return sim_actor_injector(
                sim, sim_injector_for_device(sim, g->device,
                                             sim_injector_of_generator(sim, (uint32_t)ev->a)));
        return sim_actor_injector(
            sim, sim_injector_for(sim, g->intid, sim_injector_of_generator(sim, (uint32_t)ev->a)));
    }
    case EV_REASSERT: {
        int32_t bank = (int32_t)(int64_t)ev->b;
        if (sim_ppi_is_local(sim, (uint32_t)ev->a))
            return bank;
        return sim_actor_injector(
            sim, sim->line_injector[sim_line_index(sim, (uint32_t)ev->a, bank)]);
    }
    default:
        return (int32_t)ev->a;
    }
}

static void run_event(void *arg)
{
    const struct eq_event *ev = arg;
    struct sim *sim = ev->ptr;
    struct scn_loc loc = sim->current_loc;   /* this event's, whatever runs meanwhile */
    sched_set_tag(&sim->sched, &loc);
    dispatch(sim, ev);
}


void sim_run(const struct scenario *s, const struct vgic_model_ops *ops, uint64_t seed,
             struct sim_result *out)
{
    static const struct sim_options defaults = {0};
    sim_run_with(s, ops, seed, &defaults, out);
}

/* One turn of the event loop (engine/sched.h runs it): the next event, handled as a
 * process; false when the run is over (out->stop says why). */
static bool step(void *arg)
{
    struct sim *sim = arg;
    const struct scenario *s = sim->s;
    struct sim_result *out = sim->out;
    /* The next event: the queue's, or the trace's next initial issue, which goes first at
     * equal cycles unless the queue's event was pushed before the trace's (a generator's
     * first event): exactly the order of pushing them all at start. A process due to go
     * on (the scheduler's) counts as an event of the queue, kept aside, in its order. */
    enum { NONE, QUEUE, WAKE, AGENDA } from = NONE;
    uint64_t t = 0, seq = 0, x, y, others = UINT64_MAX;
    uint32_t index = 0;
    if (eq_peek(&sim->q, &x, &y))
        from = QUEUE, t = x, seq = y, others = x;
    if (sched_next_wake(&sim->sched, &x, &y) && (from == NONE || x < t || (x == t && y < seq)))
        from = WAKE, t = x, seq = y;
    if (sim_steps_next_initial(sim, &x, &index)) {
        if (x < others)
            others = x;
        if (from == NONE || x < t || (x == t && seq >= sim->agenda_seq))
            from = AGENDA, t = x;
    }
    if (sim->mem.overflowed) {
        out->stop = SIM_STOP_GUEST_MEMORY;
        return false;
    }
    struct eq_event ev;
    sched_note_taken(&sim->sched);
    if (from == NONE)
        return false;
    /* More operations have waited at once than the run keeps memory for (sim.h): stop
     * before the next event, which could add one more. Fibers are the most processes ever
     * waiting at once, plus the loop's own; an event adds at most one, so there are never
     * more than SIM_MAX_WAITING_PROCESSES + 1. The count follows the event order alone:
     * the same scenario and seed stop at the same event. */
    if (sim->sched.stats.fibers > SIM_MAX_WAITING_PROCESSES) {
        out->stop = SIM_STOP_OVERLOADED;
        return false;
    }
    switch (from) {
    case NONE: return false;
    case QUEUE: eq_pop(&sim->q, &ev); break;
    case WAKE: ev = (struct eq_event){.time = t, .kind = EV_WAKE}; break;
    case AGENDA:
        ev = (struct eq_event){.time = t, .kind = EV_STEP_ISSUE, .a = index};
        sim->agenda_next++;
        break;
    }
    if (ev.kind == EV_STEP_ISSUE || ev.kind == EV_GENERATOR) {
        sim->events_at_last_input = out->events;
    } else if (out->events - sim->events_at_last_input >= SIM_SAFETY_LIMIT_EVENTS) {
        out->stop = SIM_STOP_LIMIT;
        sim->limit = sim->now;
        return false;
    }
    sim->limit = s->has_until ? s->until : cyc_add(sim->input_horizon, SIM_SAFETY_LIMIT_CYCLES);
    if (ev.time > sim->limit) {
        out->stop = s->has_until ? SIM_STOP_UNTIL : SIM_STOP_LIMIT;
        return false;
    }
    sim->same_cycle = ev.time == sim->now ? sim->same_cycle + 1 : 1;
    if (sim->same_cycle > SIM_MAX_EVENTS_PER_CYCLE) {
        out->stop = SIM_STOP_STALLED;
        return false;
    }
    sim->now = ev.time;
    out->events++;
    if (ev.kind == EV_WAKE) {
        /* Taking the resume leaves the queue's next event and the trace's next issue
         * (`others`) where they were. */
        sched_resume_next_before(&sim->sched, others);
        return true;
    }
    locate(sim, &ev);
    ev.ptr = sim;
    sched_run(&sim->sched, ev.time, event_actor(sim, &ev), run_event, &ev);
    return true;
}

void sim_run_with(const struct scenario *s, const struct vgic_model_ops *ops, uint64_t seed,
                  const struct sim_options *opts, struct sim_result *out)
{
    memset(out, 0, sizeof(*out));
    struct sim sim;
    sim_setup(&sim, s, ops, seed, opts, out);
    out->stop = SIM_STOP_IDLE;
    sched_loop(&sim.sched, step, &sim);
    uint64_t limit = sim.limit;
    out->end_time = out->stop == SIM_STOP_IDLE || out->stop == SIM_STOP_STALLED ||
                            out->stop == SIM_STOP_OVERLOADED ||
                            out->stop == SIM_STOP_GUEST_MEMORY
                        ? sim.now
                        : limit;
    out->steps_done = sim.steps_done;
    sim_expect_check_end(&sim);
    ops->counters(sim.model, &out->counters);
    for (uint32_t k = 0; sim.tl && k < rec_access_kinds(sim.rec); k++)
        timeline_name_access(sim.tl, k, rec_access_kind_name(sim.rec, k));

    ops->destroy(sim.model);
    sched_free(&sim.sched);
    eq_free(&sim.q);
    sim_host_free(&sim);
    sim_its_free(&sim);
    for (uint32_t i = 0; i < s->gic.vcpus; i++)
        free(sim.vcpus[i].queue);
    free(sim.vcpus);
    free(sim.sgi_targets);
    free(sim.agenda);
    free(sim.gens);
    free(sim.gen_ahead);
    free(sim.line_high);
    free(sim.auto_lower);
    free(sim.next_same_issuer);
    free(sim.step_done);
}

const char *sim_stop_name(enum sim_stop stop)
{
    switch (stop) {
    case SIM_STOP_IDLE: return "idle";
    case SIM_STOP_UNTIL: return "until";
    case SIM_STOP_LIMIT: return "safety_limit";
    case SIM_STOP_STALLED: return "stalled";
    case SIM_STOP_OVERLOADED: return "overloaded";
    case SIM_STOP_GUEST_MEMORY: return "guest_memory";
    }
    return "?";
}

_Static_assert(SIM_MAX_WAITING_PROCESSES == 4096, "sim_stop_reason's text names the bound");

const char *sim_stop_reason(enum sim_stop stop)
{
    switch (stop) {
    case SIM_STOP_IDLE: return "no event left";
    case SIM_STOP_UNTIL: return "run.until reached";
    case SIM_STOP_LIMIT:
        return "safety limit reached (the machine never went idle: 10^10 cycles or 10^8 events "
               "after the last input; bound the run with run.until)";
    case SIM_STOP_STALLED:
        return "stopped: simulated time no longer advanced (more than 1000000 events at one "
               "cycle; are all costs 0?)";
    case SIM_STOP_OVERLOADED:
        return "stopped: the machine is overloaded (4096 operations waited at once for "
               "locks, cache lines or host threads, the most vgicsim keeps memory for): "
               "fewer generators, or host.injectors that share them";
    case SIM_STOP_GUEST_MEMORY:
        return "stopped: the guest's memory written reached its bound (65536 pages of 4 KiB: "
               "256 MiB)";
    }
    return "?";
}

void sim_result_free(struct sim_result *r)
{
    recorder_free(r->rec);
    for (size_t i = 0; i < r->n_failures; i++)
        free(r->failures[i].message);
    free(r->failures);
    memset(r, 0, sizeof(*r));
}
