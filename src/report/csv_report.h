/* The spreadsheet run report (`vgicsim run --format csv`): one row per latency
 * distribution and per counter; docs/report.md describes the columns. */
#ifndef VGICSIM_REPORT_CSV_REPORT_H
#define VGICSIM_REPORT_CSV_REPORT_H

#include <stdio.h>

#include "scenario/scenario.h"
#include "sim/sim.h"

int report_csv(FILE *out, const struct scenario *s, uint64_t seed,
               const struct sim_result *runs, size_t n_runs);

#endif
