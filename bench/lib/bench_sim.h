/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading and running scenarios from benchmarks. */
#ifndef VGICSIM_BENCH_SIM_H
#define VGICSIM_BENCH_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"

/* Loads YAML text (takes ownership of `yaml`) or a file; exits 2 with the
 * diagnostics when it is invalid. */
void bench_load_text(const char *label, char *yaml, struct scenario *out);
void bench_load_file(const char *path, struct scenario *out);

/* The models to measure: `only` if not NULL (exit 2 if unknown), else every model
 * vgicsim has, in the registry's order.  Returns how many, at most max. */
size_t bench_models(const char *only, const struct vgic_model_ops **out, size_t max);

/* Runs s on ops with the scenario's seed; returns wall seconds, *r the result (free
 * it with sim_result_free). */
double bench_run_once(const struct scenario *s, const struct vgic_model_ops *ops,
                      struct sim_result *r);

/* Runs s on ops `reps` times; returns the median wall seconds, and the run's engine
 * events and interrupts raised (the same on every run: the seed is the scenario's). */
double bench_run_median(const struct scenario *s, const struct vgic_model_ops *ops, int reps,
                        uint64_t *events, uint64_t *raised);

/* Writes the bench trace of `steps` steps (bench_write_trace) to `keep`, or if NULL to
 * a new temporary file /tmp/PROG_XXXXXX.yaml, and returns its path (malloc'd); exits 3
 * with "PROG: cannot write PATH" when that fails. */
char *bench_trace_file(const char *prog, uint64_t steps, const char *keep);

#endif
