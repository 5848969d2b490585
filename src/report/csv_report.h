/* SPDX-License-Identifier: GPL-2.0-only */
/* The spreadsheet run report (`vgicsim run --format csv`): one row per statistic, in
 * long ("tidy") form, so that every figure of the JSON report has a row and tools can
 * pivot it; docs/report.md describes the columns. */
#ifndef VGICSIM_REPORT_CSV_REPORT_H
#define VGICSIM_REPORT_CSV_REPORT_H

#include <stdio.h>

#include "report/report_data.h"

/* The header line's fields. */
#define CSV_REPORT_HEADER "model,metric,group,statistic,value,ci95_low,ci95_high,ns"

/* Returns 0, or -1 if writing failed. */
int report_csv(FILE *out, const struct report *r);

#endif
