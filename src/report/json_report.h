/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine-readable run report (`vgicsim run --format json`), written with jansson;
 * docs/report.md describes its fields and docs/report.schema.json validates it.
 * `vgicsim compare` and `vgicsim plot` read it back. */
#ifndef VGICSIM_REPORT_JSON_REPORT_H
#define VGICSIM_REPORT_JSON_REPORT_H

#include <stdio.h>

#include "report/report_data.h"

/* Version of the report's layout; bumped when a field changes meaning or goes away. */
enum { JSON_REPORT_FORMAT = 2 };

/* Returns 0, or -1 if writing failed. */
int report_json(FILE *out, const struct report *r);

#endif
