/* SPDX-License-Identifier: GPL-2.0-only */
/* Lazy workload generators (scenario spec section 6).
 *
 * A generator turns one `workload:` entry (struct scn_generator) into a stream of interrupt
 * events, one at a time, on demand. It holds only its own small state (a PRNG, the next
 * time, a counter): a generator of 10 million events costs the same memory as one of 10.
 * The engine typically keeps one pending event per generator and merges the generators
 * by time.
 *
 * Semantics (times in cycles):
 *   periodic  events at start, start+period, start+2*period, ...
 *   poisson   a Poisson process started at `start`: event i is at
 *             start + g0 + g1 + ... + gi, each gap g drawn by prng_exponential(mean_gap),
 *             i.e. exponential with mean mean_gap rounded to the nearest cycle. The first
 *             event is therefore NOT at `start` (unless g0 rounds to 0). Gaps of 0 are
 *             allowed: two events may share a cycle.
 *   burst     `count` bursts at start, start+period, ...; all events of a burst share the
 *             burst's cycle. With `size` (size != 0): `size` events per burst, each with an
 *             INTID drawn uniformly from the range (a single INTID: that INTID `size`
 *             times). Without `size` (size == 0): every INTID of the range once, in
 *             ascending order (a single INTID: once per burst).
 *   ipi       SGIs from vCPU `from` to vCPU `to` at start, start+period, ...
 * `count` counts events (for burst: bursts); has_count == false means unbounded (the
 * engine stops at run.until). For periodic, poisson and ipi each event with an INTID
 * range picks its INTID uniformly from the range.
 *
 * Event kinds: trigger edge -> GEN_EV_PULSE, level -> GEN_EV_RAISE; ipi -> GEN_EV_SGI
 * whatever the trigger (SGIs have no line); an MSI generator (`msi`) -> GEN_EV_MSI, whose
 * `intid` is the EventID it picked from intid_lo..intid_hi exactly as an INTID is picked
 * (same draws), and `device` its DeviceID.
 *
 * Time horizon: a generator whose next time would lie after CYC_HORIZON (2^62 cycles,
 * util/cycles.h) is exhausted instead (the events before it are produced normally), so
 * event times never wrap whatever the spec holds (the loader also bounds start, period
 * and mean_gap to 2^48).
 *
 * Degenerate timing: an unbounded generator with period 0 (periodic, burst, ipi) or
 * mean_gap 0 (poisson) would produce infinitely many events at a single cycle, and the
 * engine could never reach run.until. Such a generator produces one event (one burst) and
 * is exhausted. With a count, period/mean_gap 0 simply puts all `count` events (bursts)
 * at `start`. (The loader may reject these cases outright.)
 *
 * Randomness and determinism: generator `index` (its position in the workload list) draws
 * from PRNG stream `index` of the scenario seed (see prng.h), so the same spec, seed and
 * index always give the same sequence, and generators are independent of each other
 * (adding a generator does not change the events of the others). Draw order per event:
 * poisson first draws its gap, then an INTID is drawn if the event picks one from a range
 * of more than one INTID. A single INTID (or a burst without size) draws nothing. */
#ifndef VGICSIM_WORKLOAD_GENERATOR_H
#define VGICSIM_WORKLOAD_GENERATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "workload/prng.h"

enum gen_event_kind {
    GEN_EV_PULSE,   /* edge: the line goes high and low at once */
    GEN_EV_RAISE,   /* level: the line goes high; the guest's handler lowers it before EOIR */
    GEN_EV_SGI,     /* ipi */
    GEN_EV_MSI,     /* a device's MSI: `intid` is the EventID */
};

struct gen_event {
    uint64_t time;              /* cycle at which the interrupt is raised */
    enum gen_event_kind kind;
    uint32_t intid;
    int32_t vcpu;               /* PPI owner (the spec's vcpu), SCN_NO_VCPU for SPIs and SGIs */
    uint32_t from, to;          /* ipi only (0 otherwise) */
    uint32_t device;            /* MSI only: the DeviceID (0 otherwise) */
};

/* State only; never materialises events. Treat the fields as private. */
struct generator {
    struct prng rng;
    uint64_t time;              /* periodic/burst/ipi: time of the next event (burst);
                                   poisson: time of the last event (start at first) */
    uint64_t step;              /* period, or mean_gap for poisson */
    uint64_t remaining;         /* events (bursts) left, when bounded */
    uint64_t span;              /* intid_hi - intid_lo + 1 */
    uint64_t burst_len;         /* events per burst (burst only) */
    uint64_t burst_pos;         /* events already produced in the current burst */
    uint32_t intid_lo;
    int32_t vcpu;
    uint32_t from, to;
    uint32_t device;            /* MSI generators */
    enum scn_gen_kind kind;
    enum gen_event_kind ev_kind;
    bool pick_random;           /* INTID drawn uniformly from the range */
    bool ascending;             /* burst without size: INTID lo + burst_pos */
    bool bounded;
    bool done;
};

/* Prepares generator `index` of a scenario whose seed is `seed`. `spec` is copied from;
 * it need not outlive the generator. Expects a validated spec (intid_lo <= intid_hi). */
void generator_init(struct generator *g, const struct scn_generator *spec, uint64_t seed,
                    uint32_t index);

/* Stores the next event in *ev and returns true; returns false (and leaves *ev alone) once
 * the generator is exhausted, and on every call after. Times are non-decreasing. */
bool generator_next(struct generator *g, struct gen_event *ev);

#endif
