/* SPDX-License-Identifier: GPL-2.0-only */
/* --set KEY=VALUE: command-line overrides of scenario values (dotted paths, e.g.
 * gic.list_registers=8, costs.trap=1500, trace.3.at=100). They are applied to the
 * YAML tree before validation, so an override is checked exactly like the file.
 * Errors in the N-th --set are reported as "--set:N:COLUMN", COLUMN counting
 * characters of its KEY=VALUE argument. */
#ifndef VGICSIM_SCENARIO_OVERRIDE_H
#define VGICSIM_SCENARIO_OVERRIDE_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario/ytree.h"
#include "util/diag.h"

/* VALUE is parsed as YAML, so lists and maps work too: gic.hw_mapped=[27,30]. */
bool override_apply(struct ytree *t, const char *arg, uint32_t ordinal, struct diag_list *diags);

#endif
