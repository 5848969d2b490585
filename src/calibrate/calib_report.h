/* SPDX-License-Identifier: GPL-2.0-only */
/* What `vgicsim calibrate` writes: the per-test table (text or CSV), the fitted costs
 * (a YAML mapping usable as a scenario's `costs:` value) and the equivalent
 * scenarios with the fitted costs in them. */
#ifndef VGICSIM_CALIBRATE_CALIB_REPORT_H
#define VGICSIM_CALIBRATE_CALIB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "calibrate/calib_fit.h"
#include "calibrate/mb_log.h"

struct calib_report {
    const char *log_name;
    const struct mb_log *log;
    const struct calib_plan *plan;
    const struct calib_costs *costs;
    bool fit_ok;
};

/* The table, the skipped tests, and a verdict line. */
void calib_write_text(FILE *out, const struct calib_report *r);
/* test,measured_ns,simulated_ns,error_pct: one row per fitted test. */
void calib_write_csv(FILE *out, const struct calib_report *r);
/* One "skipped: NAME (X ns) - why" line per test not used. */
void calib_write_skips(FILE *out, const struct calib_report *r, const char *prefix);
/* The fitted costs as YAML (comment lines, then a flow mapping). */
void calib_write_costs(FILE *out, const struct calib_report *r);

/* The equivalent scenario of one fitted point, with the fitted costs and a note of
 * the measured and simulated latencies; malloc'd, NULL with *why on failure. */
char *calib_point_scenario(const struct calib_report *r, const struct calib_point *pt,
                           char **why);

#endif
