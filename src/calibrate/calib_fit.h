/* SPDX-License-Identifier: GPL-2.0-only */
/* Fitting cost operations to a micro-bench log: which rows are used and which are
 * skipped (the plan), then simulate -> adjust for each used test until its simulated
 * latency matches the measured one. */
#ifndef VGICSIM_CALIBRATE_CALIB_FIT_H
#define VGICSIM_CALIBRATE_CALIB_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calibrate/calib_scenario.h"
#include "calibrate/calib_tests.h"
#include "calibrate/mb_log.h"
#include "util/diag.h"

/* Every fitted test must come out within this of its measurement. */
#define CALIB_TOLERANCE_PCT 5.0

struct calib_point {
    const struct calib_test *test;
    const struct mb_row *row;       /* its row in the log (the name as printed) */
    double measured_ns;
    uint64_t simulated_cycles;      /* with the final costs */
    double simulated_ns;
    double error_pct;               /* (simulated - measured) / measured, in % */
    bool simulated;                 /* false when its scenario could not run */
    bool held_out;                  /* not fitted: only predicted with the final costs */
};

struct calib_skip {
    const struct mb_row *row;
    const char *why;                /* static sentence */
};

struct calib_plan {
    struct calib_point points[CALIB_N_TESTS];   /* in fitting order */
    size_t n_points;
    struct calib_skip *skips;                   /* in log order */
    size_t n_skips;
};

/* Sorts the log's rows into tests to fit and tests to skip; `version` is the base
 * preset's GIC (a GICv3-only test is skipped on GICv2). A test present twice (hvc and
 * hyp_call) is an error in `diags`. A plan with no test to fit is not an error here:
 * the caller decides. */
bool calib_plan_make(const struct mb_log *log, const char *log_name, enum gic_version version,
                     struct calib_plan *plan, struct diag_list *diags);
void calib_plan_free(struct calib_plan *plan);

/* Holds the test micro-bench calls `name` out of the fit (it is only predicted), or
 * every test for "all". False when `name` is no test calibrate fits, or (not "all")
 * the plan has no such test. */
bool calib_plan_hold_out(struct calib_plan *plan, const char *name);

/* Fits `costs` (initialised from the base preset and the host clock) to the plan's
 * tests that are not held out, then simulates every test with the final costs and
 * fills its point. Returns false when a fitted test cannot be brought within
 * CALIB_TOLERANCE_PCT (held-out ones may be off by anything), with *why (malloc'd)
 * saying which and why; the points are filled as far as they could be. */
bool calib_fit(struct calib_plan *plan, struct calib_costs *costs, char **why);

double calib_cycles_to_ns(uint64_t cycles, uint32_t clock_mhz);

#endif
