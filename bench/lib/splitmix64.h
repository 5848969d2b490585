/* SPDX-License-Identifier: GPL-2.0-only */
/* splitmix64 (Steele, Lea & Flood 2014): the benchmarks' own fixed-seed numbers (the
 * hold model's increments, the bench trace's steps).  Header-only and free of the
 * project's code, so that bench/compare-main.sh can build eq_hold and bench_scenarios
 * with the compiler alone; the workload PRNG (src/workload/prng.c) keeps its own copy
 * private, and its sequences are not what the benchmarks are defined on. */
#ifndef VGICSIM_BENCH_SPLITMIX64_H
#define VGICSIM_BENCH_SPLITMIX64_H

#include <stdint.h>

static inline uint64_t bench_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#endif
