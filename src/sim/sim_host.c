/* SPDX-License-Identifier: GPL-2.0-only */
/* The host side: devices driving interrupt lines, and the host threads that inject what
 * they raise into KVM (scenario section 2b, "host.injectors").
 *
 * A device's line changes when the device says so; what KVM sees of it is an injection
 * (kvm_vgic_inject_irq, with the host's path to it) that a host thread performs -- an
 * irqfd worker, a vhost thread, a VFIO interrupt handler. Such a thread injects one
 * interrupt at a time, in the order the raises reach it: a raise that finds it busy
 * waits, and the wait is part of the interrupt's latency. Injections by different
 * threads run at the same time, and contend for the vgic's locks (ref) or cache lines
 * (perf) at the cycles they reach them (engine/sched.h).
 *
 * Which thread: an injector the scenario names for the INTID, otherwise the raiser's
 * default -- each workload generator is one thread, the trace's device steps another.
 *
 * Pulses coalesce: a pulse (or a raise of a level line) that finds one of the same line
 * still queued, not yet started, is served by that injection -- as an irqfd's eventfd
 * counts the signals that arrive before its worker reads it, and injects once. Each
 * raise is still an instance of its own (the recorder delivers them together), so the
 * queues of all the injectors together hold at most two generated raises per line of the
 * machine (one pulse, one raise of a level), plus the trace's steps: memory stays bounded
 * whatever rate generators raise at, and however many there are (sim.h lists the other
 * bounds of a run).
 *
 * A device's MSI (gic.its) goes the same way: the injector named for its DeviceID, else
 * the sender's default, injects it (KVM_SIGNAL_MSI or an irqfd's MSI route: `msi_inject`,
 * then the ITS's translation in the model). A generator's MSI of an event it already has
 * queued, not started, is served by that injection, as for lines; so a generator's queued
 * MSIs are at most its EventID range.
 *
 * The vCPU's own paths stay on the vCPU: a HW-mapped PPI (the virtual timer) fires on
 * its vCPU's CPU (sim_vcpu_phys_ppi), SGIs are sent by their vCPU. */
#include <stdlib.h>

#include "sim/sim_internal.h"
#include "util/xalloc.h"
#include "vgic/vgic_its.h"
#include "vgic/vgic_v4.h"

bool sim_direct_device(const struct sim *sim, uint32_t device)
{
    const struct gic_config *g = &sim->s->gic;
    if (!vgic_v4_active(g))
        return false;
    uint32_t lo = 0, hi = g->n_passthrough;   /* ascending (gic_config.h) */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (g->passthrough[mid] < device)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->n_passthrough && g->passthrough[lo] == device;
}

int32_t sim_actor_injector(const struct sim *sim, uint32_t injector)
{
    return (int32_t)(sim->s->gic.vcpus + injector);
}

/* Which injector serves each DeviceID, and each MSI generator's queued events. */
static void init_msi_routes(struct sim *sim)
{
    const struct scenario *s = sim->s;
    sim->device_injector = xmalloc(VGIC_ITS_MAX_DEVICES * sizeof(*sim->device_injector));
    for (uint32_t d = 0; d < VGIC_ITS_MAX_DEVICES; d++)
        sim->device_injector[d] = -1;
    for (size_t k = 0; k < s->host.n_injectors; k++) {
        const struct scn_injector *inj = &s->host.injectors[k];
        for (size_t i = 0; i < inj->n_devices; i++)
            if (inj->devices[i] < VGIC_ITS_MAX_DEVICES)
                sim->device_injector[inj->devices[i]] = (int32_t)k;
    }
    sim->msi_queued = xcalloc(s->n_generators ? s->n_generators : 1, sizeof(*sim->msi_queued));
    for (size_t g = 0; g < s->n_generators; g++) {
        const struct scn_generator *gen = &s->generators[g];
        if (gen->msi)
            sim->msi_queued[g] = xcalloc((gen->intid_hi - gen->intid_lo) / 8 + 1, 1);
    }
}

void sim_host_init(struct sim *sim)
{
    const struct scenario *s = sim->s;
    sim->n_injectors = (uint32_t)(s->host.n_injectors + s->n_generators + 1);
    sim->injectors = xcalloc(sim->n_injectors, sizeof(*sim->injectors));
    uint32_t nr = gic_nr_irqs(&s->gic);
    sim->named_injector = xmalloc(nr * sizeof(*sim->named_injector));
    for (uint32_t i = 0; i < nr; i++)
        sim->named_injector[i] = -1;
    for (size_t k = 0; k < s->host.n_injectors; k++) {
        const struct scn_injector *inj = &s->host.injectors[k];
        for (size_t i = 0; i < inj->n_intids; i++)
            if (inj->intids[i] < nr)
                sim->named_injector[inj->intids[i]] = (int32_t)k;
    }
    if (s->gic.its)
        init_msi_routes(sim);
    uint32_t lines = s->gic.vcpus * GIC_NR_PRIVATE + nr;
    sim->line_queued = xcalloc(lines, 1);
    sim->line_injector = xcalloc(lines, sizeof(*sim->line_injector));
    for (uint32_t i = 0; i < lines; i++)
        sim->line_injector[i] = sim_injector_of_trace(sim);
}

void sim_host_free(struct sim *sim)
{
    for (uint32_t k = 0; k < sim->n_injectors; k++)
        free(sim->injectors[k].q);
    free(sim->injectors);
    free(sim->named_injector);
    free(sim->line_queued);
    free(sim->line_injector);
    free(sim->device_injector);
    for (size_t g = 0; sim->msi_queued && g < sim->s->n_generators; g++)
        free(sim->msi_queued[g]);
    free(sim->msi_queued);
}

uint32_t sim_injector_of_generator(const struct sim *sim, uint32_t g)
{
    return (uint32_t)sim->s->host.n_injectors + g;
}

uint32_t sim_injector_of_trace(const struct sim *sim)
{
    return sim->n_injectors - 1;
}

uint32_t sim_injector_for(const struct sim *sim, uint32_t intid, uint32_t fallback)
{
    int32_t named = intid < gic_nr_irqs(&sim->s->gic) ? sim->named_injector[intid] : -1;
    return named >= 0 ? (uint32_t)named : fallback;
}

uint32_t sim_injector_for_device(const struct sim *sim, uint32_t device, uint32_t fallback)
{
    int32_t named = sim->device_injector && device < VGIC_ITS_MAX_DEVICES
                        ? sim->device_injector[device] : -1;
    return named >= 0 ? (uint32_t)named : fallback;
}

/* The ring of queued raises, doubled when full and halved when three quarters empty. */
static void resize(struct sim_injector *inj, size_t cap)
{
    struct raise *q = xmalloc(cap * sizeof(*q));
    for (size_t i = 0; i < inj->len; i++)
        q[i] = inj->q[(inj->head + i) % inj->cap];
    free(inj->q);
    inj->q = q;
    inj->head = 0;
    inj->cap = cap;
}

static void enqueue(struct sim_injector *inj, const struct raise *r)
{
    if (inj->len == inj->cap)
        resize(inj, inj->cap ? 2 * inj->cap : 8);
    inj->q[(inj->head + inj->len) % inj->cap] = *r;
    inj->len++;
}

/* A queue gives memory back as it drains: at most two raises of a line are queued in all
 * the injectors together (below), but a queue's high-water mark would otherwise stay with
 * it, and with an injector per generator thousands of such marks would add up. So each
 * ring holds at most four times what it holds now, plus 8. */
static struct raise dequeue(struct sim_injector *inj)
{
    struct raise r = inj->q[inj->head];
    inj->head = (inj->head + 1) % inj->cap;
    inj->len--;
    if (inj->cap > 8 && inj->len < inj->cap / 4)
        resize(inj, inj->cap / 2);
    return r;
}

/* One injection into the model from a host context, starting at t; returns when done.
 * A raise first pays the host's path up to kvm_vgic_inject_irq (`inject`: the eventfd,
 * the irqfd worker's wake-up, the routing lookup), which touches nothing of the vgic:
 * the operation reaches KVM's state only after it. */
static uint64_t inject(struct sim *sim, const struct raise *r, uint64_t t)
{
    uint32_t owner = r->vcpu < 0 ? 0 : (uint32_t)r->vcpu;
    struct vgic_ctx ctx = {.now = t, .vcpu = VGIC_HOST_CONTEXT};
    if (r->kind != RAISE_LOW) {
        ctx.now += sim_cost(sim, COST_INJECT);
        ctx.now = sim->ops->set_line(sim->model, sim_at(sim, &ctx), r->intid, owner, true);
    }
    if (r->kind != RAISE_HIGH)
        ctx.now = sim->ops->set_line(sim->model, sim_at(sim, &ctx), r->intid, owner, false);
    return ctx.now;
}

/* A generator's MSI of EventID `event` queued, not started (one bit per event). */
static bool msi_is_queued(const struct sim *sim, int32_t gen, uint32_t event)
{
    uint32_t bit = event - sim->s->generators[gen].intid_lo;
    return sim->msi_queued[gen][bit / 8] >> (bit % 8) & 1;
}

static void msi_set_queued(struct sim *sim, int32_t gen, uint32_t event, bool queued)
{
    uint32_t bit = event - sim->s->generators[gen].intid_lo;
    uint8_t mask = (uint8_t)(1u << (bit % 8));
    uint8_t *byte = &sim->msi_queued[gen][bit / 8];
    *byte = queued ? (uint8_t)(*byte | mask) : (uint8_t)(*byte & ~mask);
}

/* An MSI injected from a host context, starting at t: the host's path (`msi_inject`), then
 * the model's translation and pending of the LPI, which the `pended` hook records as an
 * instance raised when the device sent it (r->at). Returns when done. A model that has no
 * ITS yet drops every MSI. */
static uint64_t inject_msi(struct sim *sim, const struct raise *r, uint64_t t, uint32_t track)
{
    /* A passthrough device's MSI under GICv4 goes to the host's ITS, which sets it in the
     * vPE's pending table: no host thread, no KVM (the model does the rest). */
    enum cost_op path = sim_direct_device(sim, r->device) ? COST_VLPI_DELIVERY : COST_MSI_INJECT;
    struct vgic_ctx ctx = {.now = t + sim_cost(sim, path), .vcpu = VGIC_HOST_CONTEXT};
    if (!sim->ops->msi)
        return ctx.now;
    struct sim_injection injection;
    sim_injection_begin(sim, &injection, t);
    sim_injection_raises_lpi(&injection, r->at, track);
    uint64_t done = sim->ops->msi(sim->model, sim_at(sim, &ctx), r->device, r->intid);
    uint64_t waited = sim_injection_end(sim, &injection);
    if (injection.lpi != SIM_NO_LPI)
        rec_injected(sim->rec, -1, injection.lpi, t, waited, done);
    return done;
}

/* One line's change taken from the queue at `start`, injected; returns when done. */
static uint64_t inject_line(struct sim *sim, const struct raise *r, uint64_t start)
{
    struct sim_injection injection;
    sim_injection_begin(sim, &injection, start);
    uint64_t t = inject(sim, r, start);
    uint64_t waited = sim_injection_end(sim, &injection);
    if (r->kind != RAISE_LOW)
        rec_injected(sim->rec, gic_intid_is_private(r->intid) ? r->vcpu : -1, r->intid, start,
                     waited, t);
    return t;
}

/* The injector's thread: injects what is queued, one at a time, in the calling process
 * (which runs as the injector's actor). Raises that arrive while it waits for a lock
 * join the queue and are injected in turn. */
static void run_injector(struct sim *sim, struct sim_injector *inj)
{
    inj->running = true;
    uint64_t t = inj->free_at > sim->now ? inj->free_at : sim->now;
    for (;;) {
        /* The thread takes its next raise when it is free, at t: every raise before then
         * has reached it (and coalesced with what is queued). */
        sched_sync(&sim->sched, t);
        if (inj->len == 0)
            break;
        struct raise r = dequeue(inj);
        uint64_t start = t > r.at ? t : r.at;
        uint32_t track = TIMELINE_INJECTOR_TRACK + (uint32_t)(inj - sim->injectors);
        if (r.kind == RAISE_MSI) {
            if (r.gen >= 0)
                msi_set_queued(sim, r.gen, r.intid, false);
            t = inject_msi(sim, &r, start, track);
            timeline_span(sim->tl, track, TL_MSI, r.device << 16 | (r.intid & 0xffff), start, t);
        } else {
            sim->line_queued[sim_line_index(sim, r.intid, r.vcpu)] &= (uint8_t)~(1u << r.kind);
            t = inject_line(sim, &r, start);
            timeline_span(sim->tl, track, TL_INJECT, r.intid, start, t);
        }
        if (r.step >= 0)
            sim_steps_completed(sim, (size_t)r.step, t);
    }
    inj->free_at = t;
    inj->running = false;
}

void sim_device_msi(struct sim *sim, uint32_t injector, uint32_t device, uint32_t event,
                    int32_t gen, int64_t step)
{
    if (gen >= 0 && msi_is_queued(sim, gen, event))
        return;
    if (gen >= 0)
        msi_set_queued(sim, gen, event, true);
    struct raise r = {
        .intid = event, .vcpu = SCN_NO_VCPU, .device = device, .gen = gen, .kind = RAISE_MSI,
        .step = step, .at = sim->now,
    };
    struct sim_injector *inj = &sim->injectors[injector];
    enqueue(inj, &r);
    if (!inj->running)
        run_injector(sim, inj);
}

void sim_device_line(struct sim *sim, uint32_t injector, uint32_t intid, int32_t vcpu,
                     bool level, bool pulse, bool auto_lower, int64_t step)
{
    uint32_t li = sim_line_index(sim, intid, vcpu);
    int32_t bank = gic_intid_is_private(intid) ? vcpu : -1;
    uint32_t owner = vcpu < 0 ? 0 : (uint32_t)vcpu;
    bool rises = pulse || (level && !sim->line_high[li]);
    if (rises) {
        uint64_t id = rec_raised(sim->rec, bank, intid, sim->now);
        uint32_t track = sim_ppi_is_local(sim, intid) ? owner : TIMELINE_INJECTOR_TRACK + injector;
        timeline_instant(sim->tl, track, TL_RAISED, intid, id, sim->now);
    }
    sim->line_high[li] = level && !pulse;
    sim->auto_lower[li] = sim->line_high[li] && auto_lower;
    if (sim_ppi_is_local(sim, intid)) {
        if (rises) {
            sim_vcpu_phys_ppi(sim, &sim->vcpus[owner], intid, pulse);
        } else if (!level) {
            struct vgic_ctx ctx = {.now = sim->now, .vcpu = VGIC_HOST_CONTEXT};
            sim->ops->set_line(sim->model, sim_at(sim, &ctx), intid, owner, false);
        }
        if (step >= 0)
            sim_steps_completed(sim, (size_t)step, sim->now);
        return;
    }
    /* A line driven high that already was high changes nothing the host could see. */
    if (level && !pulse && !rises) {
        if (step >= 0)
            sim_steps_completed(sim, (size_t)step, sim->now);
        return;
    }
    struct raise r = {
        .intid = intid, .vcpu = vcpu, .step = step, .at = sim->now,
        .kind = pulse ? RAISE_PULSE : level ? RAISE_HIGH : RAISE_LOW,
    };
    struct sim_injector *inj = &sim->injectors[injector];
    sim->line_injector[li] = injector;
    /* A generated pulse or raise that finds one of its line queued is served by it. */
    if (step < 0 && r.kind != RAISE_LOW && (sim->line_queued[li] >> r.kind & 1))
        return;
    sim->line_queued[li] |= (uint8_t)(1u << r.kind);
    enqueue(inj, &r);
    if (!inj->running)
        run_injector(sim, inj);
}

uint64_t sim_device_lower(struct sim *sim, uint32_t intid, int32_t vcpu, uint64_t t)
{
    uint32_t li = sim_line_index(sim, intid, vcpu);
    sim->line_high[li] = 0;
    sim->auto_lower[li] = 0;
    struct vgic_ctx ctx = {.now = t, .vcpu = VGIC_HOST_CONTEXT};
    return sim->ops->set_line(sim->model, sim_at(sim, &ctx), intid, vcpu < 0 ? 0 : (uint32_t)vcpu, false);
}

void sim_device_reassert(struct sim *sim, uint32_t intid, int32_t bank)
{
    uint32_t li = sim_line_index(sim, intid, bank);
    if (!sim->line_high[li])
        return;
    uint64_t id = rec_raised(sim->rec, bank, intid, sim->now);
    uint32_t owner = bank < 0 ? 0 : (uint32_t)bank;
    timeline_instant(sim->tl,
                     sim_ppi_is_local(sim, intid)
                         ? owner : TIMELINE_INJECTOR_TRACK + sim->line_injector[li],
                     TL_RAISED, intid, id, sim->now);
    if (sim_ppi_is_local(sim, intid)) {
        sim_vcpu_phys_ppi(sim, &sim->vcpus[owner], intid, false);
        return;
    }
    struct raise r = {.intid = intid, .vcpu = bank, .step = -1, .at = sim->now,
                      .kind = RAISE_HIGH};
    struct sim_injector *inj = &sim->injectors[sim->line_injector[li]];
    if (sim->line_queued[li] >> RAISE_HIGH & 1)
        return;
    sim->line_queued[li] |= 1u << RAISE_HIGH;
    enqueue(inj, &r);
    if (!inj->running)
        run_injector(sim, inj);
}
