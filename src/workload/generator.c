/* SPDX-License-Identifier: GPL-2.0-only */
/* Lazy workload generators; see generator.h for the semantics. */
#include "workload/generator.h"

#include <string.h>

#include "util/cycles.h"

void generator_init(struct generator *g, const struct scn_generator *spec, uint64_t seed,
                    uint32_t index)
{
    memset(g, 0, sizeof(*g));
    prng_seed(&g->rng, seed, index);

    g->kind = spec->kind;
    g->time = spec->start;
    g->step = spec->kind == SCN_GEN_POISSON ? spec->mean_gap : spec->period;
    g->intid_lo = spec->intid_lo;
    g->span = spec->intid_hi >= spec->intid_lo
                  ? (uint64_t)spec->intid_hi - spec->intid_lo + 1 : 1;

    if (spec->kind == SCN_GEN_IPI) {
        g->ev_kind = GEN_EV_SGI;
        g->vcpu = SCN_NO_VCPU;
        g->from = spec->from;
        g->to = spec->to;
    } else if (spec->msi) {
        g->ev_kind = GEN_EV_MSI;
        g->vcpu = SCN_NO_VCPU;
        g->device = spec->device;
    } else {
        g->ev_kind = spec->trigger == SCN_TRIGGER_LEVEL ? GEN_EV_RAISE : GEN_EV_PULSE;
        g->vcpu = spec->vcpu;
    }

    if (spec->kind == SCN_GEN_BURST) {
        g->burst_len = spec->size != 0 ? spec->size : g->span;
        g->pick_random = spec->size != 0 && g->span > 1;
        g->ascending = spec->size == 0;
    } else {
        g->burst_len = 1;
        g->pick_random = g->span > 1;
    }

    if (spec->has_count) {
        g->bounded = true;
        g->remaining = spec->count;
    } else if (g->step == 0) {
        /* Unbounded at a single cycle: would never let time advance (see generator.h). */
        g->bounded = true;
        g->remaining = 1;
    }
    g->done = (g->bounded && g->remaining == 0) || cyc_past_horizon(g->time);
}

/* One event (periodic, poisson, ipi) or one burst is complete: count it and move the
 * time to the next one, exhausting the generator on count or past the horizon. */
static void finish_unit(struct generator *g)
{
    if (g->bounded && --g->remaining == 0) {
        g->done = true;
        return;
    }
    if (g->kind == SCN_GEN_POISSON)
        return; /* poisson draws its gap when the next event is asked for */
    g->time = cyc_add(g->time, g->step);
    g->done = cyc_past_horizon(g->time);
}

bool generator_next(struct generator *g, struct gen_event *ev)
{
    if (g->done)
        return false;

    if (g->kind == SCN_GEN_POISSON) {
        g->time = cyc_add(g->time, prng_exponential(&g->rng, g->step));
        if (cyc_past_horizon(g->time)) {
            g->done = true;
            return false;
        }
    }

    uint32_t intid;
    if (g->pick_random)
        intid = g->intid_lo + (uint32_t)prng_below(&g->rng, g->span);
    else if (g->ascending)
        intid = g->intid_lo + (uint32_t)g->burst_pos;
    else
        intid = g->intid_lo;

    ev->time = g->time;
    ev->kind = g->ev_kind;
    ev->intid = intid;
    ev->vcpu = g->vcpu;
    ev->from = g->from;
    ev->to = g->to;
    ev->device = g->device;

    if (++g->burst_pos >= g->burst_len) {
        g->burst_pos = 0;
        finish_unit(g);
    }
    return true;
}
