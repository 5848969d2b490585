/* SPDX-License-Identifier: GPL-2.0-only */
/* A run's timelines (record/timeline.h) in the Chrome Trace Event Format, which
 * Perfetto's UI (ui.perfetto.dev) and chrome://tracing open: `vgicsim run --timeline`.
 * docs/report.md describes what is in it. */
#ifndef VGICSIM_REPORT_TIMELINE_JSON_H
#define VGICSIM_REPORT_TIMELINE_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "record/timeline.h"

/* One model's timeline: a process of the trace. */
struct timeline_of_model {
    const char *model;
    const struct timeline *tl;
};

struct timeline_doc {
    const struct timeline_of_model *models;
    size_t n_models;
    uint32_t clock_mhz;        /* ts in microseconds at this clock; 0: ts in cycles */
    const char *scenario;      /* its path, for the metadata */
    uint64_t seed;
    const char *version;
};

/* Returns 0, or -1 if writing failed. */
int timeline_json_write(FILE *out, const struct timeline_doc *doc);

#endif
