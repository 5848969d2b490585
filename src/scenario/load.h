/* Loading a scenario file (spec: ../shared/spec/scenario-v1.md) into the plain data
 * model of scenario.h, with --set overrides applied first. */
#ifndef VGICSIM_SCENARIO_LOAD_H
#define VGICSIM_SCENARIO_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario/scenario.h"
#include "util/diag.h"

/* Loads and validates `path`. `sets` are "KEY=VALUE" overrides (dotted paths, e.g.
 * "gic.list_registers=8"), applied in order before validation, so an override is
 * checked exactly like the file. On failure returns false with every problem found
 * in `diags` (the scenario is then empty; scenario_free is still safe). */
bool scenario_load(const char *path, const char *const *sets, size_t n_sets,
                   struct scenario *out, struct diag_list *diags);

/* The same, from text in memory; `name` labels locations. */
bool scenario_load_text(const char *name, const char *text, size_t len,
                        const char *const *sets, size_t n_sets, struct scenario *out,
                        struct diag_list *diags);

#endif
