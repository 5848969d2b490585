/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading a scenario file (the format: docs/scenario-format.md) into the plain data
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

/* A scenario file read once and instantiated many times with different overrides
 * (`vgicsim sweep`): open it, then load one scenario per set of --set overrides. The
 * source is not changed by a load; loads from one source are independent. */
struct scenario_source;
/* NULL (with the problems in `diags`) when the file cannot be read or parsed. */
struct scenario_source *scenario_source_open(const char *path, struct diag_list *diags);
bool scenario_source_load(const struct scenario_source *src, const char *const *sets,
                          size_t n_sets, struct scenario *out, struct diag_list *diags);
void scenario_source_free(struct scenario_source *src);

#endif
