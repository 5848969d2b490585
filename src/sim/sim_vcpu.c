/* SPDX-License-Identifier: GPL-2.0-only */
/* A vCPU's life: in the guest (idle, handling interrupts, performing trace steps),
 * leaving it (world switch out, vgic sync), in the hypervisor (handling the trap,
 * blocking in WFI) and entering it again (vgic flush, world switch in).
 *
 * Every model call happens in an event at the cycle it starts, so the operations of
 * the vCPUs and of the devices interleave in simulated time as they would on a
 * machine; only short sequences of one context (EOIR then DIR; a pulse's rise and
 * fall) are chained inside one event. Each event is handled in a process of the
 * scheduler (engine/sched.h): a model operation may wait in the middle for a lock
 * another operation holds, and the vCPU's handler with it. While it waits the vCPU is
 * busy, and whatever reaches it meanwhile -- a kick, a maintenance interrupt, an action
 * to perform, a halt -- is set aside and delivered again, in order, when the handler
 * has finished (sim_vcpu_park), exactly as if it had arrived just after. A vCPU that
 * another vCPU's halt holds out of the guest sets what reaches it aside the same way. */
#include "util/debug_checks.h"
#include <stdlib.h>

#include "sim/sim_internal.h"
#include "util/xalloc.h"

bool sim_vcpu_park(struct sim *sim, struct sim_vcpu *v, uint32_t kind, uint64_t a, uint64_t b)
{
    (void)sim;
    if (!v->busy && !(v->halted && kind != EV_HALT_END))
        return false;
    bool coalesces = kind != EV_HALT_BEGIN && kind != EV_HALT_END;
    for (uint32_t i = 0; coalesces && i < v->n_parked; i++)
        if (v->parked[i].kind == kind)
            return true;
    VGICSIM_ASSERT(v->n_parked < SIM_MAX_PARKED);
    v->parked[v->n_parked++] = (struct parked_event){kind, a, b};
    return true;
}

/* v is free again: what reached it meanwhile is delivered now, in arrival order. */
static void unpark(struct sim *sim, struct sim_vcpu *v)
{
    uint32_t n = v->n_parked;
    v->n_parked = 0;
    for (uint32_t i = 0; i < n; i++) {
        const struct parked_event *p = &v->parked[i];
        if (p->kind == EV_VCPU)
            sim_vcpu_schedule(sim, v, v->phase, sim->now);   /* its phase is still due */
        else
            sim_push(sim, sim->now, p->kind, p->a, p->b);
    }
}

void sim_vcpu_busy_begin(struct sim_vcpu *v) { v->busy++; }

void sim_vcpu_busy_end(struct sim *sim, struct sim_vcpu *v)
{
    VGICSIM_ASSERT(v->busy > 0);
    if (--v->busy == 0 && !v->halted && v->n_parked)
        unpark(sim, v);
}

void sim_vcpu_schedule(struct sim *sim, struct sim_vcpu *v, enum vcpu_phase ph, uint64_t at)
{
    v->phase = ph;
    v->phase_end = at;
    v->timer = sim_push(sim, at, EV_VCPU, v->id, 0);
}

static uint64_t handler_cycles(const struct sim *sim, uint32_t intid)
{
    const struct scn_guest *g = &sim->s->guest;
    size_t lo = 0, hi = g->n_handlers;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->handlers[mid].intid < intid)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < g->n_handlers && g->handlers[lo].intid == intid)
        return g->handlers[lo].cycles;
    return g->handler;
}

/* A running handler body stops at t (the vCPU leaves the guest); it resumes later with
 * the cycles it had left. */
static void pause_handler(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    if (!v->handler_running)
        return;
    eq_cancel(&sim->q, v->timer);
    v->frames[v->depth - 1].remaining = v->phase_end > t ? v->phase_end - t : 0;
    v->handler_running = false;
    v->phase = PH_NONE;
}

void sim_vcpu_begin_exit(struct sim *sim, struct sim_vcpu *v, uint64_t t, enum exit_reason reason)
{
    rec_vcpu_mark(sim->rec, v->id, REC_MARK_EXIT, t);
    pause_handler(sim, v, t);
    v->stage_began = t;
    v->woken = false;
    v->mode = VCPU_HYP;
    v->reason = reason;
    if (reason == EXIT_MMIO || reason == EXIT_SYSREG)
        v->trap_began = t;
    v->request = false;
    sim_vcpu_schedule(sim, v, PH_SYNC, t + sim_cost(sim, COST_EXIT));
}

/* A vCPU blocked in WFI is woken: back in the hypervisor, it goes on with `first`
 * once the wake-up is done. */
static void wake(struct sim *sim, struct sim_vcpu *v, enum vcpu_phase first)
{
    rec_vcpu_mark(sim->rec, v->id, REC_MARK_WAKE, sim->now);
    timeline_span(sim->tl, v->id, TL_BLOCKED, 0, v->blocked_since, sim->now);
    v->stage_began = sim->now;   /* the wake-up is handled like an exit */
    v->woken = true;
    v->mode = VCPU_HYP;
    v->reason = EXIT_ASYNC;
    v->after_load = first;
    sim_vcpu_schedule(sim, v, PH_WFI_LOAD, sim->now + sim_cost(sim, COST_WFI_WAKE));
}

/* kvm_vcpu_wfi's kvm_vgic_put, before KVM's runnable test (GICv4: the vPE leaves with its
 * doorbell armed, and PendingLast is what that test reads). Returns when it is done. */
static uint64_t wfi_put(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    return sim->ops->wfi_block(sim->model, sim_at(sim, &ctx));
}

/* ... and its kvm_vgic_load, once woken or when it does not block after all. */
static uint64_t wfi_load(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    return sim->ops->wfi_wake(sim->model, sim_at(sim, &ctx));
}

/* An interrupt (a kick's IPI, a maintenance interrupt, a physical interrupt on its CPU)
 * takes a vCPU in the guest to the hypervisor: at once when it is idle or running a
 * handler body -- once the IAR read that began the handler has completed, as an
 * exception is taken between instructions; an access in progress, or the guest's own
 * IRQ entry, finishes first (guest_dispatch or take_interrupt then exits). */
static void interrupt_guest(struct sim *sim, struct sim_vcpu *v)
{
    if (v->phase == PH_NONE)
        sim_vcpu_begin_exit(sim, v, sim->now, EXIT_ASYNC);
    else if (v->phase == PH_HANDLER)
        sim_vcpu_begin_exit(sim, v,
                            v->frames[v->depth - 1].acked > sim->now
                                ? v->frames[v->depth - 1].acked : sim->now,
                            EXIT_ASYNC);
    else
        v->exit_pending = true;
}

/* The guest, free at t, picks its next thing: an interrupt the CPU interface
 * signals (auto mode), the handler it was running, the next queued step, or idling
 * (WFI in auto mode; spinning in manual mode, where it exits only when kicked). */
static void guest_dispatch(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    if (v->exit_pending) {
        v->exit_pending = false;
        sim_vcpu_begin_exit(sim, v, t, EXIT_ASYNC);
        return;
    }
    if (sim->auto_mode && v->depth < SIM_MAX_NESTING &&
        sim->ops->irq_signalled(sim->model, v->id)) {
        v->wfi_bounced = false;
        sim_vcpu_schedule(sim, v, PH_IRQ_ENTRY, t + sim_cost(sim, COST_GUEST_IRQ_ENTRY));
        return;
    }
    if (v->depth > 0) {
        v->handler_running = true;
        sim_vcpu_schedule(sim, v, PH_HANDLER, t + v->frames[v->depth - 1].remaining);
        return;
    }
    if (v->q_len > 0) {
        v->act = v->queue[v->q_head];
        v->q_head = (v->q_head + 1) % v->q_cap;
        v->q_len--;
        v->acting = true;
        v->wfi_bounced = false;
        sim_steps_begin(sim, v);
        return;
    }
    /* Idle: WFI, which traps to KVM unless KVM cleared TWI (GICv4, vgic_model.h
     * wfi_traps): then the vCPU idles in the guest, resident, until an interrupt. */
    if (sim->auto_mode && sim->ops->wfi_traps(sim->model, v->id))
        sim_vcpu_begin_exit(sim, v, t, EXIT_WFI);
}

static void take_interrupt(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    uint64_t value;
    uint64_t done = sim->ops->cpu_read(sim->model, sim_at(sim, &ctx), GIC_CPU_IAR, &value);
    rec_acked(sim->rec, v->id, (uint32_t)value, done);
    uint32_t intid = sim_value_intid(sim, (uint32_t)value);
    if (gic_intid_is_special(intid)) {
        sim_vcpu_schedule(sim, v, PH_RESUME, done);
        return;
    }
    v->frames[v->depth++] = (struct handler_frame){
        .value = (uint32_t)value, .remaining = handler_cycles(sim, intid), .acked = done,
    };
    if (v->exit_pending) {
        /* Interrupted during its IRQ entry: the exception is taken once the IAR read is
         * done; the handler runs when the vCPU is back. */
        v->exit_pending = false;
        sim_vcpu_begin_exit(sim, v, done, EXIT_ASYNC);
        return;
    }
    v->handler_running = true;
    sim_vcpu_schedule(sim, v, PH_HANDLER, done + v->frames[v->depth - 1].remaining);
}

/* The handler body is done: lower a level line the handler owns, then EOIR (and DIR
 * in EOImode 1). */
static void finish_handler(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    struct handler_frame f = v->frames[--v->depth];
    v->handler_running = false;
    uint32_t intid = sim_value_intid(sim, f.value);
    int32_t bank = gic_intid_is_private(intid) ? (int32_t)v->id : SCN_NO_VCPU;
    /* The device register the handler writes lowers the line before the EOIR, which must
     * find it low (or KVM would resample it pending again). An LPI has no line. */
    if (sim_has_line(sim, intid) && sim->auto_lower[sim_line_index(sim, intid, bank)])
        t = sim_device_lower(sim, intid, bank, t);
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    ctx.now = sim->ops->cpu_write(sim->model, sim_at(sim, &ctx), GIC_CPU_EOIR, f.value);
    if (v->eoi_mode)
        ctx.now = sim->ops->cpu_write(sim->model, sim_at(sim, &ctx), GIC_CPU_DIR, f.value);
    sim_completed(sim, v, f.value, ctx.now);
    timeline_span(sim->tl, v->id, TL_HANDLER, intid, f.acked, ctx.now);
    sim_vcpu_schedule(sim, v, PH_RESUME, ctx.now);
}

/* The host takes the HW-mapped PPIs that fired on this vCPU's CPU, on that CPU, at t:
 * each costs `how` (the IRQ and the timer handler; or, for a vCPU woken by its background
 * timer, the timer check at vCPU load) and is injected from this vCPU's context, so the
 * kick it makes is no IPI. A level line the device dropped before the host got to it is
 * no longer pending at the physical GIC: nothing to inject. Returns when it is done. */
static uint64_t take_phys_ppis(struct sim *sim, struct sim_vcpu *v, uint64_t t, enum cost_op how)
{
    while (v->phys_ppis) {
        uint32_t n = (uint32_t)__builtin_ctz(v->phys_ppis), bit = 1u << n;
        uint32_t intid = 16 + n;
        bool pulse = v->phys_ppi_pulses & bit;
        v->phys_ppis &= ~bit;
        v->phys_ppi_pulses &= ~bit;
        if (!pulse && !sim->line_high[sim_line_index(sim, intid, (int32_t)v->id)])
            continue;
        struct vgic_ctx ctx = {.now = t + sim_cost(sim, how), .vcpu = (int32_t)v->id};
        struct sim_injection injection;
        sim_injection_begin(sim, &injection, ctx.now);
        t = sim->ops->set_line(sim->model, sim_at(sim, &ctx), intid, v->id, true);
        rec_injected(sim->rec, (int32_t)v->id, intid, ctx.now,
                     sim_injection_end(sim, &injection), t);
        if (pulse) {
            ctx.now = t;
            t = sim->ops->set_line(sim->model, sim_at(sim, &ctx), intid, v->id, false);
        }
    }
    return t;
}

/* What a HW-mapped PPI that fired on v's CPU (its bits set in phys_ppis) does now. */
void sim_vcpu_phys_ppi_pending(struct sim *sim, struct sim_vcpu *v)
{
    if (sim_vcpu_park(sim, v, EV_PHYS_PPI, v->id, 0) || !v->phys_ppis)
        return;
    switch (v->mode) {
    case VCPU_GUEST:
        /* The IRQ exception takes the CPU to the hypervisor (an exit, no IPI). The exit
         * handling takes it. */
        interrupt_guest(sim, v);
        return;
    case VCPU_HYP:
        /* The host takes it on this CPU when interrupts are enabled again: handling the
         * exit takes it (handle_exit_reason); if the vCPU is past that, flushing or about
         * to enter with interrupts disabled, the pending interrupt sends it round again
         * (PH_ENTER aborts the entry). Either way in the vCPU's own sequence of work. */
        return;
    case VCPU_BLOCKED:
        /* KVM's background timer (kvm_bg_timer_expire) wakes the vCPU; the timer is
         * injected when the vCPU is loaded (kvm_timer_vcpu_load). */
        wake(sim, v, PH_TIMER_LOAD);
        return;
    }
}

void sim_vcpu_phys_ppi(struct sim *sim, struct sim_vcpu *v, uint32_t intid, bool pulse)
{
    uint32_t bit = 1u << (intid - 16);
    v->phys_ppis |= bit;
    if (pulse)
        v->phys_ppi_pulses |= bit;
    sim_vcpu_phys_ppi_pending(sim, v);
}

static void handle_exit_reason(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    /* With interrupts enabled again, the host first takes the HW-mapped PPIs that fired
     * on this CPU (the exit may be theirs). */
    if (v->phys_ppis)
        t = take_phys_ppis(sim, v, t, COST_TIMER_IRQ);
    switch (v->reason) {
    case EXIT_MMIO:
    case EXIT_SYSREG:
        sim_vcpu_schedule(sim, v, PH_FLUSH, sim_steps_handle_trap(sim, v, t));
        return;
    case EXIT_WFI:
        t = wfi_put(sim, v, t);
        /* Not idle after all: a trace step was issued to the vCPU, or a kick arrived
         * (a new interrupt was queued), after the guest decided to wait but before
         * the hypervisor blocks it. Blocking now would lose both until some later
         * kick; KVM's block path re-checks for pending work in the same way. */
        if (v->q_len > 0 || v->kicked) {
            sim_vcpu_schedule(sim, v, PH_FLUSH, wfi_load(sim, v, t));
            return;
        }
        /* KVM does not block a vCPU whose list holds an interrupt its runnable test
         * counts (kvm_vgic_vcpu_pending_irq; the release's rule, vgic_irq_wakes_vcpu):
         * WFI returns at once. Where that test and the CPU interface disagree, a real
         * guest loops on WFI: before v5.0 for an interrupt masked by PMR or already
         * active, in every release for one whose group the guest disabled (the test
         * ignores group enables). The simulated guest bounces once and then blocks
         * until kicked, so that such a scenario does not spin forever. From v5.0 a
         * PMR-masked interrupt no longer bounces: the vCPU blocks at once. */
        if (sim->ops->vcpu_has_pending(sim->model, v->id) && !v->wfi_bounced) {
            v->wfi_bounced = true;
            sim_vcpu_schedule(sim, v, PH_FLUSH, wfi_load(sim, v, t));
        } else {
            v->wfi_bounced = false;
            v->mode = VCPU_BLOCKED;
            v->phase = PH_NONE;
            rec_vcpu_mark(sim->rec, v->id, REC_MARK_BLOCK, t);
            timeline_span(sim->tl, v->id, TL_HANDLE, 0, v->stage_began, t);
            v->blocked_since = t;
        }
        return;
    case EXIT_ASYNC:
    case EXIT_ABORTED:
        sim_vcpu_schedule(sim, v, PH_FLUSH, t);
        return;
    }
}

/* A step of this vCPU completed at t. If that released a `check` (issued at t as an
 * event), the vCPU goes on in an event after it, so that the check sees the state between
 * this step and the next one of the same vCPU, which may already be queued. */
static void finish_then_dispatch(struct sim *sim, struct sim_vcpu *v, uint64_t t)
{
    sim->barrier_released = false;
    sim_steps_finish(sim, v, t);
    if (sim->barrier_released) {
        sim->barrier_released = false;
        sim_vcpu_schedule(sim, v, PH_RESUME, t);
        return;
    }
    guest_dispatch(sim, v, t);
}

/* The exit's reason as the models count it (vgic_counters.exits_by_reason). */
static uint8_t vgic_exit_reason(enum exit_reason r)
{
    static const uint8_t why[] = {
        [EXIT_ASYNC] = VGIC_EXIT_IRQ, [EXIT_MMIO] = VGIC_EXIT_MMIO,
        [EXIT_SYSREG] = VGIC_EXIT_SYSREG, [EXIT_WFI] = VGIC_EXIT_WFI,
        [EXIT_ABORTED] = VGIC_EXIT_OTHER,
    };
    return why[r];
}

static void vcpu_event(struct sim *sim, struct sim_vcpu *v)
{
    enum vcpu_phase ph = v->phase;
    uint64_t t = sim->now;
    struct vgic_ctx ctx = {.now = t, .vcpu = (int32_t)v->id};
    v->phase = PH_NONE;
    switch (ph) {
    case PH_NONE:
        break;
    case PH_IRQ_ENTRY:
        take_interrupt(sim, v, t);
        break;
    case PH_HANDLER:
        finish_handler(sim, v, t);
        break;
    case PH_RESUME:
        guest_dispatch(sim, v, t);
        break;
    case PH_CPU_STEP:
        finish_then_dispatch(sim, v, t);
        break;
    case PH_SYNC: {
        ctx.exit_reason = vgic_exit_reason(v->reason);
        uint64_t done = sim->ops->vcpu_exit(sim->model, &ctx);
        uint64_t decode = v->reason == EXIT_MMIO     ? sim_cost(sim, COST_TRAP)
                          : v->reason == EXIT_SYSREG ? sim_cost(sim, COST_TRAP_SYSREG)
                                                     : 0;
        sim_vcpu_schedule(sim, v, PH_HANDLE, done + decode);
        break;
    }
    case PH_HANDLE:
        /* The exit's span ends when its handling begins (a halt in between is inside). */
        timeline_span(sim->tl, v->id, TL_EXIT, vgic_exit_reason(v->reason), v->stage_began, t);
        v->stage_began = t;
        handle_exit_reason(sim, v, t);
        break;
    case PH_WFI_LOAD: {
        uint64_t done = wfi_load(sim, v, t);
        if (done > t) {
            sim_vcpu_schedule(sim, v, v->after_load, done);
            break;
        }
        /* Nothing charged (no direct injection): the next phase runs in this event, as it
         * did before the load was a call, so that nothing else moves. */
        v->phase = v->after_load;
        vcpu_event(sim, v);
        break;
    }
    case PH_TIMER_LOAD:
        sim_vcpu_schedule(sim, v, PH_FLUSH, take_phys_ppis(sim, v, t, COST_TIMER_LOAD));
        break;
    case PH_FLUSH:
        rec_vcpu_mark(sim->rec, v->id, REC_MARK_FLUSH, t);
        timeline_span(sim->tl, v->id, TL_HANDLE, v->woken, v->stage_began, t);
        v->request = false;
        v->kicked = false;   /* this flush picks up what any earlier kick announced */
        v->flush_done = sim->ops->vcpu_entry(sim->model, &ctx);
        timeline_span(sim->tl, v->id, TL_FLUSH, 0, t, v->flush_done);
        sim_vcpu_schedule(sim, v, PH_ENTER, v->flush_done + sim_cost(sim, COST_ENTRY));
        break;
    case PH_ENTER:
        timeline_span(sim->tl, v->id, TL_ENTRY, 0, v->flush_done, t);
        if (v->request || v->phys_ppis) {
            /* A kick came after the flush: KVM's request check aborts the entry,
             * syncs and flushes again. A physical interrupt pending on this CPU (the
             * timer) takes it straight back out, to be taken in the exit handling. */
            v->request = false;
            v->reason = EXIT_ABORTED;
            v->stage_began = t;
            sim_vcpu_schedule(sim, v, PH_SYNC, t);
            break;
        }
        v->mode = VCPU_GUEST;
        v->kick_ipi_sent = false;
        rec_vcpu_mark(sim->rec, v->id, REC_MARK_ENTER, t);
        if (v->acting && v->act_trapped) {
            if (v->act_next < v->act_n) {
                /* More ICC_SGI1R_EL1 writes to go: each one traps. */
                sim_vcpu_begin_exit(sim, v, t, EXIT_SYSREG);
                break;
            }
            finish_then_dispatch(sim, v, t);
            break;
        }
        guest_dispatch(sim, v, t);
        break;
    }
}

void sim_vcpu_event(struct sim *sim, struct sim_vcpu *v)
{
    if (sim_vcpu_park(sim, v, EV_VCPU, v->id, 0))
        return;
    sim_vcpu_busy_begin(v);
    vcpu_event(sim, v);
    sim_vcpu_busy_end(sim, v);
}

void sim_vcpu_kick_arrives(struct sim *sim, struct sim_vcpu *v)
{
    if (sim_vcpu_park(sim, v, EV_KICK_ARRIVES, v->id, 0))
        return;
    switch (v->mode) {
    case VCPU_GUEST:
        interrupt_guest(sim, v);
        break;
    case VCPU_HYP:
        /* Before the flush the new interrupt is picked up anyway - unless the vCPU is
         * about to block in WFI, which therefore looks at `kicked`; after the flush,
         * the request makes the entry abort. */
        if (v->phase == PH_ENTER)
            v->request = true;
        else
            v->kicked = true;
        break;
    case VCPU_BLOCKED:
        wake(sim, v, PH_FLUSH);
        break;
    }
}

void sim_vcpu_virq(struct sim *sim, struct sim_vcpu *v)
{
    if (sim_vcpu_park(sim, v, EV_VIRQ, v->id, 0))
        return;
    /* Unlike a kick, nothing leaves the guest. A guest idling in it takes the interrupt
     * now; one in a handler (interrupts masked), in an access, or out of the guest looks
     * at its interface at its next dispatch, after the handler, the access or the entry. */
    if (v->mode != VCPU_GUEST || v->phase != PH_NONE || v->acting || !sim->auto_mode ||
        !sim->ops->irq_signalled(sim->model, v->id))
        return;
    sim_vcpu_busy_begin(v);
    guest_dispatch(sim, v, sim->now);
    sim_vcpu_busy_end(sim, v);
}

void sim_vcpu_maintenance(struct sim *sim, struct sim_vcpu *v)
{
    if (sim_vcpu_park(sim, v, EV_MAINTENANCE, v->id, 0))
        return;
    /* The maintenance interrupt only matters to a vCPU still in the guest: it forces
     * the exit whose fold processes the completed list registers. */
    if (v->mode == VCPU_GUEST)
        sim_vcpu_kick_arrives(sim, v);
}

/* Another vCPU's halt forces v out of the guest at `at` (the model syncs it): what the
 * guest was doing stops, with the cycles it had left, until the halt lets it back in. */
void sim_vcpu_halt_begin(struct sim *sim, struct sim_vcpu *v, uint64_t at)
{
    if (sim_vcpu_park(sim, v, EV_HALT_BEGIN, v->id, at))
        return;
    v->halted = true;
    rec_vcpu_mark(sim->rec, v->id, REC_MARK_EXIT, at);
    v->halted_phase = v->phase;
    v->halted_remaining = 0;
    if (v->phase == PH_NONE)
        return;
    eq_cancel(&sim->q, v->timer);
    v->halted_remaining = v->phase_end > at ? v->phase_end - at : 0;
    v->handler_running = false;
    v->phase = PH_NONE;
}

void sim_vcpu_halt_end(struct sim *sim, struct sim_vcpu *v, uint64_t until)
{
    if (sim_vcpu_park(sim, v, EV_HALT_END, v->id, until))
        return;
    if (!v->halted)
        return;
    v->halted = false;
    rec_vcpu_mark(sim->rec, v->id, REC_MARK_ENTER, until);
    if (v->halted_phase != PH_NONE) {
        v->handler_running = v->halted_phase == PH_HANDLER;
        sim_vcpu_schedule(sim, v, v->halted_phase, until + v->halted_remaining);
    }
    if (v->n_parked)
        unpark(sim, v);
}

void sim_vcpu_enqueue(struct sim *sim, struct sim_vcpu *v, const struct vcpu_action *a)
{
    if (a->step < 0 && v->q_len >= SIM_MAX_QUEUED_ACTIONS) {
        sim->out->dropped_sgis++;
        return;
    }
    if (v->q_len == v->q_cap) {
        size_t cap = v->q_cap ? 2 * v->q_cap : 8;
        struct vcpu_action *q = xmalloc(cap * sizeof(*q));
        for (size_t i = 0; i < v->q_len; i++)
            q[i] = v->queue[(v->q_head + i) % v->q_cap];
        free(v->queue);
        v->queue = q;
        v->q_head = 0;
        v->q_cap = cap;
    }
    v->queue[(v->q_head + v->q_len) % v->q_cap] = *a;
    v->q_len++;
    sim_vcpu_consider(sim, v);
}

void sim_vcpu_consider(struct sim *sim, struct sim_vcpu *v)
{
    if (sim_vcpu_park(sim, v, EV_DISPATCH, v->id, 0) || v->q_len == 0)
        return;
    if (v->mode == VCPU_GUEST && v->phase == PH_NONE && !v->acting) {
        sim_vcpu_busy_begin(v);
        guest_dispatch(sim, v, sim->now);
        sim_vcpu_busy_end(sim, v);
    } else if (v->mode == VCPU_BLOCKED) {
        wake(sim, v, PH_FLUSH);
    }
}
