/* SPDX-License-Identifier: GPL-2.0-only */
/* The human-readable run report (`vgicsim run --format text`): the configuration, then
 * tables in which several models read side by side; docs/report.md explains it. */
#ifndef VGICSIM_REPORT_TEXT_REPORT_H
#define VGICSIM_REPORT_TEXT_REPORT_H

#include <stdio.h>

#include "report/report_data.h"

/* Returns 0, or -1 if writing failed. */
int report_text(FILE *out, const struct report *r);

#endif
