/* SPDX-License-Identifier: GPL-2.0-only */
/* Streaming latency distribution of uint64_t cycle values.
 *
 * Small whatever the number of samples: exact count, min, max and sum (128-bit,
 * so the mean is exact up to the final division), and percentiles from a
 * log-linear (HDR-style) histogram:
 *
 *  - values 0..255 have one bucket each (exact);
 *  - from 128 up, each power of two [2^e, 2^(e+1)) is split into 128 equal
 *    sub-buckets of width 2^(e-7), so values below 256 stay exact and a
 *    bucket is never wider than 1/128 (0.78%) of its lowest value.
 *
 * Storage is lazy: a zeroed struct is a valid empty distribution (no heap); the
 * first sample allocates the counters of its group (128 counters: values 0..127,
 * then one power of two per group), and a sample outside the groups held widens
 * them into one contiguous block from the lowest to the highest group used.  An
 * update therefore touches the struct and one counter (no pointer table between
 * them), and a used distribution costs 1 KiB per power of two between its
 * smallest and largest sample.
 *
 * Bucketing is pure integer arithmetic: results never depend on floating
 * point, the platform or the order samples arrive in (merging in any order
 * gives the same histogram).
 *
 * Percentile convention (lat_percentile): nearest rank on the histogram.
 * For p in [0, 100] the rank is k = ceil(p/100 * count), at least 1, computed
 * exactly in integers with p rounded to 1e-6; the result is the LOWEST value
 * of the bucket holding the k-th smallest sample, clamped to [min, max].  So
 * the result never exceeds the true nearest-rank sample, is below it by less
 * than 1/128 of it (0 for samples < 256), p0 is exactly min, and p100 (k =
 * count) is exactly max.  An empty distribution answers 0 everywhere.
 *
 * Not thread-safe; one distribution belongs to one thread at a time.
 */
#ifndef VGICSIM_RECORD_LATENCY_STATS_H
#define VGICSIM_RECORD_LATENCY_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    LAT_SUB_BUCKETS = 128, /* per group (per power of two above 255) */
    LAT_GROUPS = 58,       /* group 0: values 0..127; group g >= 1: [2^(g+6), 2^(g+7)) */
};

struct latency_stats {
    uint64_t count;
    uint64_t min, max;       /* meaningful when count > 0 */
    uint64_t sum_lo, sum_hi; /* exact 128-bit sum of all samples */
    uint64_t *counts;        /* NULL, or groups lo..hi, LAT_SUB_BUCKETS counters each */
    uint8_t lo, hi;
};

/* Initialise to empty (same as zero-initialising the struct). */
void lat_init(struct latency_stats *s);
/* Release the histogram storage; the distribution is empty afterwards. */
void lat_free(struct latency_stats *s);
/* Same as lat_free: empty the distribution (kept for readability at call sites). */
void lat_reset(struct latency_stats *s);

void lat_add(struct latency_stats *s, uint64_t v);
/* Adds every sample of `from` into `into` (from == into doubles it). */
void lat_merge(struct latency_stats *into, const struct latency_stats *from);

uint64_t lat_count(const struct latency_stats *s);
uint64_t lat_min(const struct latency_stats *s); /* 0 when empty */
uint64_t lat_max(const struct latency_stats *s); /* 0 when empty */
/* Exact sum as two 64-bit halves. */
void lat_sum(const struct latency_stats *s, uint64_t *hi, uint64_t *lo);
double lat_mean(const struct latency_stats *s);  /* 0.0 when empty */
/* p in [0, 100] (values outside, and NaN, are clamped); see the convention above. */
uint64_t lat_percentile(const struct latency_stats *s, double p);

/* Iteration over the non-empty histogram buckets in increasing order:
 *     size_t cur = 0; struct lat_bucket b;
 *     while (lat_next_bucket(s, &cur, &b)) ...
 * `lo`..`hi` is the inclusive value range of the bucket. */
struct lat_bucket {
    uint64_t lo, hi, count;
};
bool lat_next_bucket(const struct latency_stats *s, size_t *cursor, struct lat_bucket *out);

/* Heap bytes held by the distribution (not counting the struct itself). */
size_t lat_memory(const struct latency_stats *s);

#endif
