/* SPDX-License-Identifier: GPL-2.0-only */
/* The equivalent scenario of each micro-bench test: written as scenario YAML (so that
 * it goes through the same loader and validation as a user's file, and can be saved
 * for `vgicsim run`), loaded with scenario_load_text and run on the reference model.
 * Calibrate lives above the simulator: the model never learns it is being fitted. */
#ifndef VGICSIM_CALIBRATE_CALIB_SCENARIO_H
#define VGICSIM_CALIBRATE_CALIB_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "calibrate/calib_tests.h"
#include "costs/cost_model.h"

/* A cost table as calibrate builds it: the base preset's values with the fitted
 * operations replaced. Only the fitted ones are written out (the rest come from
 * `preset:`). */
struct calib_costs {
    const struct cost_preset *base;
    uint32_t clock_mhz;
    uint64_t cycles[COST_OP_COUNT];
    bool fitted[COST_OP_COUNT];
    const char *fitted_by[COST_OP_COUNT];   /* the test that set it (a test's name) */
};

void calib_costs_init(struct calib_costs *c, const struct cost_preset *base,
                      uint32_t clock_mhz);

/* The equivalent scenario of test `t` under costs `c`, as YAML text (malloc'd).
 * `note` (may be NULL) is added to the comment at the top. For ipi this runs a probe
 * first (see calib_scenario.c). Returns NULL with *why (malloc'd) if that fails. */
char *calib_scenario_yaml(const struct calib_test *t, const struct calib_costs *c,
                          const char *note, char **why);

/* Runs the equivalent scenario on the reference model: the test's latency in cycles.
 * False with *why (malloc'd) when the run does not behave as the equivalence
 * requires (which would mean the model changed under calibrate). */
bool calib_simulate(const struct calib_test *t, const struct calib_costs *c, uint64_t *cycles,
                    char **why);

/* Which report figure holds the test's latency, in words ("trapped access"). */
const char *calib_metric_name(enum calib_metric m);

#endif
