/* SPDX-License-Identifier: GPL-2.0-only */
/* Deterministic pseudo-random numbers for the workload generators.
 *
 * Algorithm: xoshiro256** (Blackman & Vigna, 2018), state seeded with splitmix64.
 * The output sequence depends only on (seed, stream) and is the same on every run and
 * every platform for the integer functions (prng_next, prng_below). prng_unit is exact
 * too; prng_exponential goes through the C library's log1p, so it is reproducible for the
 * same build (same libm), which is what "same scenario, same seed, same build" requires.
 *
 * Streams: one scenario seed feeds many independent generators. Stream k is seeded from
 * splitmix64 starting at seed XOR mix64(k + constant), so two streams of the same seed
 * (or two seeds of the same stream) start at unrelated points of the 2^256 period.
 * Stream numbers in use:
 *   0 .. 2^32-1   workload generator k of a scenario uses stream k (generator_init)
 *   >= 2^32       free for other components (engine jitter, ...), so they never share a
 *                 stream with a workload generator. */
#ifndef VGICSIM_WORKLOAD_PRNG_H
#define VGICSIM_WORKLOAD_PRNG_H

#include <stdint.h>

struct prng {
    uint64_t s[4];
};

/* Seeds the generator for (seed, stream). Any values are valid, 0 included. */
void prng_seed(struct prng *p, uint64_t seed, uint64_t stream);

/* Next 64 uniformly distributed bits. */
uint64_t prng_next(struct prng *p);

/* Uniform integer in [0, n), without modulo bias (Lemire's multiply-and-reject method).
 * n == 0 returns 0 and consumes nothing. */
uint64_t prng_below(struct prng *p, uint64_t n);

/* Uniform double in [0, 1): the top 53 bits of prng_next() scaled by 2^-53. */
double prng_unit(struct prng *p);

/* An exponentially distributed gap with mean `mean` cycles, as an integer number of cycles:
 * x = -mean * log1p(-u) with u = prng_unit(), rounded to the nearest integer (halves away
 * from zero). Consumes exactly one prng_next(), also when mean == 0. 0 is a possible result (two events at the
 * same cycle); mean == 0 always gives 0. Results that do not fit in 64 bits saturate to
 * UINT64_MAX (only possible for mean > ~5e17). */
uint64_t prng_exponential(struct prng *p, uint64_t mean);

#endif
