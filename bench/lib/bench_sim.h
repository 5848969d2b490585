/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading and running scenarios from benchmarks. */
#ifndef VGICSIM_BENCH_SIM_H
#define VGICSIM_BENCH_SIM_H

#include <stddef.h>

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

#endif
