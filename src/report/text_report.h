/* The human-readable run summary (`vgicsim run --format text`). */
#ifndef VGICSIM_REPORT_TEXT_REPORT_H
#define VGICSIM_REPORT_TEXT_REPORT_H

#include <stdio.h>

#include "scenario/scenario.h"
#include "sim/sim.h"

void report_text(FILE *out, const struct scenario *s, uint64_t seed,
                 const struct sim_result *runs, size_t n_runs);

#endif
