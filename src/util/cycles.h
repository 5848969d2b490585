/* SPDX-License-Identifier: GPL-2.0-only */
/* Simulated time: the limits that keep it from wrapping, and checked arithmetic on it.
 *
 * Simulated time is a uint64_t count of cycles. It must never wrap: a wrapped time
 * gives negative latencies and "all met" on a run that went wrong. Two things make
 * that impossible (docs/scenario-format.md, "Limits", has the argument for users):
 *
 *  1. Inputs are bounded. The loader refuses (a located error, never a clamp) any
 *     cycle value above CYC_MAX_INPUT (at, run.until, generator start / period /
 *     mean_gap, guest.handler and guest.handlers) and any operation cost above
 *     CYC_MAX_COST (costs.*).
 *  2. Time has a horizon. Generators end rather than produce an event after
 *     CYC_HORIZON, and the simulation stops at CYC_HORIZON at the latest. Every
 *     delay the simulator adds to the current time is a sum of a few inputs, so it is
 *     far below CYC_MAX_DELAY; from a time <= CYC_HORIZON such a delay reaches at most
 *     CYC_HORIZON + CYC_MAX_DELAY < 2^63, which cannot wrap.
 *
 * cyc_add and cyc_mul saturate at CYC_SATURATED instead of wrapping, for the places
 * where a bound is not obvious locally (a cost times a count, a sum of many costs):
 * a saturated time lies past the horizon, so the run stops there instead of going on
 * with a wrong time. Code that computes times should use them; the _Static_asserts
 * below pin the relations the argument needs. */
#ifndef VGICSIM_UTIL_CYCLES_H
#define VGICSIM_UTIL_CYCLES_H

#include <stdbool.h>
#include <stdint.h>

/* The largest cycle value a scenario may write (2^48 cycles: 26 hours at 3 GHz). */
#define CYC_MAX_INPUT (UINT64_C(1) << 48)

/* The largest cost of one operation (costs.*): 2^32 cycles, 1.4 s at 3 GHz. */
#define CYC_MAX_COST (UINT64_C(1) << 32)

/* The largest single delay the simulator may add to the current time: a cycle input,
 * or a cost multiplied by at most 2^16 (e.g. a per-list-register cost times the list
 * registers of 512 vCPUs: 16 * 512 = 2^13). */
#define CYC_MAX_DELAY (UINT64_C(1) << 49)

/* No event is scheduled after this cycle: generators end before it, the simulation
 * stops there (2^62 cycles: 48 years at 3 GHz). */
#define CYC_HORIZON (UINT64_C(1) << 62)

/* What cyc_add and cyc_mul return instead of a wrapped result. */
#define CYC_SATURATED UINT64_MAX

_Static_assert(CYC_MAX_COST * (UINT64_C(1) << 16) <= CYC_MAX_DELAY,
               "a cost times 2^16 must be a valid delay");
_Static_assert(CYC_MAX_INPUT <= CYC_MAX_DELAY, "a cycle input must be a valid delay");
_Static_assert(CYC_HORIZON <= UINT64_MAX - CYC_MAX_DELAY,
               "a delay added to a time before the horizon must not wrap");
_Static_assert(CYC_MAX_INPUT < CYC_HORIZON, "every input time lies before the horizon");

/* a + b, or CYC_SATURATED when the sum does not fit. */
static inline uint64_t cyc_add(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_add_overflow(a, b, &r) ? CYC_SATURATED : r;
}

/* a * b, or CYC_SATURATED when the product does not fit. */
static inline uint64_t cyc_mul(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? CYC_SATURATED : r;
}

/* Whether a time lies past the horizon (saturated times do). */
static inline bool cyc_past_horizon(uint64_t t)
{
    return t > CYC_HORIZON;
}

#endif
