/* The machine-readable run report (`vgicsim run --format json`), written with
 * jansson; docs/report.md describes its fields. `vgicsim compare` reads it back. */
#ifndef VGICSIM_REPORT_JSON_REPORT_H
#define VGICSIM_REPORT_JSON_REPORT_H

#include <stdio.h>

#include "scenario/scenario.h"
#include "sim/sim.h"

/* Version of the report's layout; bumped when a field changes meaning or goes away. */
enum { JSON_REPORT_FORMAT = 1 };

/* Returns 0, or -1 if writing failed. */
int report_json(FILE *out, const struct scenario *s, uint64_t seed,
                const struct sim_result *runs, size_t n_runs);

#endif
