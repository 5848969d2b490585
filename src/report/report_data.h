/* The figures a run report holds, gathered once from the runs so that every output
 * format (text, JSON, CSV) prints the same numbers in the same order. */
#ifndef VGICSIM_REPORT_REPORT_DATA_H
#define VGICSIM_REPORT_REPORT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "report/recorder.h"

/* One latency distribution, summarised. */
struct lat_summary {
    uint64_t count, min, max;
    double mean;
    uint64_t p50, p90, p99, p999;
};

enum { REPORT_METRICS = 4 };  /* delivery, injection, service, trapped access */

extern const char *const report_metric_names[REPORT_METRICS];   /* "delivery", ... */
extern const char *const report_class_names[3];                 /* "SGI", "PPI", "SPI" */

void lat_summarise(const struct latency_stats *st, struct lat_summary *out);

#endif
