#include "report/report_data.h"

#include "report/latency_stats.h"

const char *const report_metric_names[REPORT_METRICS] = {
    [REC_DELIVERY] = "delivery", [REC_INJECTION] = "injection", [REC_SERVICE] = "service",
    [REC_ACCESS] = "trapped_access",
};
const char *const report_class_names[3] = {[REC_SGI] = "SGI", [REC_PPI] = "PPI",
                                           [REC_SPI] = "SPI"};

void lat_summarise(const struct latency_stats *st, struct lat_summary *out)
{
    *out = (struct lat_summary){
        .count = lat_count(st), .min = lat_min(st), .max = lat_max(st), .mean = lat_mean(st),
        .p50 = lat_percentile(st, 50), .p90 = lat_percentile(st, 90),
        .p99 = lat_percentile(st, 99), .p999 = lat_percentile(st, 99.9),
    };
}
