/* SPDX-License-Identifier: GPL-2.0-only */
/* The scenarios the speed figures are measured on (docs/performance.md), as YAML text,
 * so that the in-process benchmarks and bench/compare-main.sh (which runs two builds'
 * `vgicsim` on the same files) measure exactly the same simulations. */
#ifndef VGICSIM_BENCH_WORKLOADS_H
#define VGICSIM_BENCH_WORKLOADS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A generated workload of about `interrupts` interrupts on `vcpus` vCPUs (GICv3, 4 LRs):
 * Poisson SPIs over every vCPU (85 %; each vCPU gets one every 20 000 cycles on
 * average), IPIs between vCPU pairs (8 %), HW-mapped level timers on the first and
 * last vCPU (4 %) and bursts of 32 SPIs (3 %), all spread over the same simulated
 * span.  Returns malloc'd text. */
char *bench_generated_yaml(uint32_t vcpus, uint64_t interrupts);

/* Bursts of `size` distinct SPIs (INTIDs 32 .. 32+size-1) into one vCPU, `bursts`
 * times, far enough apart that each drains before the next.  size 1..960. */
char *bench_burst_yaml(uint32_t size, uint32_t bursts);

/* An explicit `trace:` of `steps` steps with `at:` on 8 vCPUs: 80 % device pulses of
 * SPIs 32..95, 15 % SGIs between vCPUs, 5 % trapped GICD_ISENABLER writes, one step
 * every 2 500 cycles on average.  Written to `out`; false on a write error. */
bool bench_write_trace(FILE *out, uint64_t steps);

#endif
