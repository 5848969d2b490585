/* SPDX-License-Identifier: GPL-2.0-only */
/* Log-linear latency histogram; the layout and the percentile convention are
 * described in latency_stats.h.
 *
 * Bucket of a value v:
 *   v < 128:  group 0, index v                         (width 1)
 *   v >= 128: e = floor(log2 v) in 7..63, group g = e - 6 in 1..57,
 *             index (v >> (e - 7)) & 127                (width 2^(e-7) = 2^(g-1))
 * Lowest value of bucket (g, i): g == 0 ? i : (128 + i) << (g - 1).
 * Group 1 (128..255) has width 1, so every value below 256 is exact; group 57
 * ends at 2^64 - 1.
 */
#include "record/latency_stats.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

__extension__ typedef unsigned __int128 lat_u128;

static inline unsigned bucket_group(uint64_t v)
{
    if (v < LAT_SUB_BUCKETS)
        return 0;
    return (unsigned)(63 - __builtin_clzll(v)) - 6;
}

static inline unsigned bucket_index(uint64_t v, unsigned g)
{
    if (g == 0)
        return (unsigned)v;
    return (unsigned)(v >> (g - 1)) & (LAT_SUB_BUCKETS - 1);
}

static inline uint64_t bucket_lo(unsigned g, unsigned i)
{
    if (g == 0)
        return i;
    return (uint64_t)(LAT_SUB_BUCKETS + i) << (g - 1);
}

static inline uint64_t bucket_hi(unsigned g, unsigned i)
{
    if (g == 0)
        return i;
    return bucket_lo(g, i) + ((UINT64_C(1) << (g - 1)) - 1);
}

/* Widens the counters to hold groups glo .. ghi (allocating them on the first sample):
 * one block for groups min(lo, glo) .. max(hi, ghi), the old counts moved in place. */
static __attribute__((noinline)) void widen(struct latency_stats *s, unsigned glo,
                                            unsigned ghi)
{
    unsigned lo = glo, hi = ghi;
    if (s->counts) {
        lo = glo < s->lo ? glo : s->lo;
        hi = ghi > s->hi ? ghi : s->hi;
    }
    uint64_t *c = xcalloc((size_t)(hi - lo + 1) * LAT_SUB_BUCKETS, sizeof(uint64_t));
    if (s->counts) {
        memcpy(c + (size_t)(s->lo - lo) * LAT_SUB_BUCKETS, s->counts,
               (size_t)(s->hi - s->lo + 1) * LAT_SUB_BUCKETS * sizeof(uint64_t));
        free(s->counts);
    }
    s->counts = c;
    s->lo = (uint8_t)lo;
    s->hi = (uint8_t)hi;
}

/* Counters of group g, or NULL when it is not held. */
static inline uint64_t *group_of(const struct latency_stats *s, unsigned g)
{
    if (!s->counts || g < s->lo || g > s->hi)
        return NULL;
    return s->counts + (size_t)(g - s->lo) * LAT_SUB_BUCKETS;
}

void lat_init(struct latency_stats *s) { memset(s, 0, sizeof(*s)); }

void lat_free(struct latency_stats *s)
{
    free(s->counts);
    lat_init(s);
}

void lat_reset(struct latency_stats *s) { lat_free(s); }

static void add_sum(struct latency_stats *s, uint64_t hi, uint64_t lo)
{
    uint64_t old = s->sum_lo;
    s->sum_lo += lo;
    s->sum_hi += hi + (s->sum_lo < old);
}

void lat_add(struct latency_stats *s, uint64_t v)
{
    unsigned g = bucket_group(v);
    /* One unsigned compare: g - lo wraps above hi - lo when g < lo. */
    if (__builtin_expect(!s->counts || g - s->lo > (unsigned)(s->hi - s->lo), 0))
        widen(s, g, g);
    s->counts[(size_t)(g - s->lo) * LAT_SUB_BUCKETS + bucket_index(v, g)]++;
    if (s->count == 0) {
        s->min = s->max = v;
    } else {
        s->min = v < s->min ? v : s->min;
        s->max = v > s->max ? v : s->max;
    }
    s->count++;
    add_sum(s, 0, v);
}

void lat_merge(struct latency_stats *into, const struct latency_stats *from)
{
    if (from->count == 0)
        return;
    unsigned glo = from->lo, ghi = from->hi;
    if (!into->counts || glo < into->lo || ghi > into->hi) /* (never when from == into) */
        widen(into, glo, ghi);
    if (from != into) {
        for (unsigned g = glo; g <= ghi; g++) {
            const uint64_t *src = group_of(from, g);
            uint64_t *dst = group_of(into, g);
            for (unsigned i = 0; i < LAT_SUB_BUCKETS; i++)
                dst[i] += src[i];
        }
    } else {
        for (size_t k = 0; k < (size_t)(ghi - glo + 1) * LAT_SUB_BUCKETS; k++)
            into->counts[k] *= 2;
    }
    if (into->count == 0 || from->min < into->min)
        into->min = from->min;
    if (into->count == 0 || from->max > into->max)
        into->max = from->max;
    uint64_t hi = from->sum_hi, lo = from->sum_lo; /* copy first: from may be into */
    into->count += from->count;
    add_sum(into, hi, lo);
}

uint64_t lat_count(const struct latency_stats *s) { return s->count; }
uint64_t lat_min(const struct latency_stats *s) { return s->count ? s->min : 0; }
uint64_t lat_max(const struct latency_stats *s) { return s->count ? s->max : 0; }

void lat_sum(const struct latency_stats *s, uint64_t *hi, uint64_t *lo)
{
    *hi = s->sum_hi;
    *lo = s->sum_lo;
}

double lat_mean(const struct latency_stats *s)
{
    if (s->count == 0)
        return 0.0;
    const uint64_t exact = UINT64_C(1) << 53; /* integers a double holds exactly */
    if (s->sum_hi == 0 && s->sum_lo <= exact && s->count <= exact)
        return (double)s->sum_lo / (double)s->count; /* one correctly rounded division */
    lat_u128 sum = ((lat_u128)s->sum_hi << 64) | s->sum_lo;
    /* Larger sums: the integer part exactly, then the fraction. */
    lat_u128 q = sum / s->count;
    uint64_t r = (uint64_t)(sum % s->count);
    return (double)q + (double)r / (double)s->count;
}

uint64_t lat_percentile(const struct latency_stats *s, double p)
{
    if (s->count == 0)
        return 0;
    if (!(p > 0.0)) /* also NaN */
        p = 0.0;
    if (p > 100.0)
        p = 100.0;
    /* p in millionths of a percent: 0 .. 1e8; rank = ceil(count * pm / 1e8). */
    const uint64_t scale = UINT64_C(100000000);
    uint64_t pm = (uint64_t)(p * 1e6 + 0.5);
    if (pm > scale)
        pm = scale;
    lat_u128 num = (lat_u128)s->count * pm;
    uint64_t rank = (uint64_t)((num + scale - 1) / scale);
    if (rank < 1)
        rank = 1;
    if (rank >= s->count)
        return s->max;

    uint64_t seen = 0;
    for (unsigned g = s->lo; g <= s->hi; g++) {
        const uint64_t *grp = group_of(s, g);
        for (unsigned i = 0; i < LAT_SUB_BUCKETS; i++) {
            seen += grp[i];
            if (seen >= rank) {
                uint64_t v = bucket_lo(g, i);
                if (v < s->min)
                    v = s->min;
                if (v > s->max)
                    v = s->max;
                return v;
            }
        }
    }
    return s->max; /* not reached: the buckets hold count samples */
}

bool lat_next_bucket(const struct latency_stats *s, size_t *cursor, struct lat_bucket *out)
{
    const size_t end = (size_t)LAT_GROUPS * LAT_SUB_BUCKETS;
    if (!s->counts) {
        *cursor = end;
        return false;
    }
    size_t k = *cursor, first = (size_t)s->lo * LAT_SUB_BUCKETS;
    if (k < first)
        k = first;
    for (size_t last = (size_t)(s->hi + 1) * LAT_SUB_BUCKETS; k < last; k++) {
        uint64_t n = s->counts[k - first];
        if (n == 0)
            continue;
        unsigned g = (unsigned)(k / LAT_SUB_BUCKETS), i = (unsigned)(k % LAT_SUB_BUCKETS);
        out->lo = bucket_lo(g, i);
        out->hi = bucket_hi(g, i);
        out->count = n;
        *cursor = k + 1;
        return true;
    }
    *cursor = end;
    return false;
}

size_t lat_memory(const struct latency_stats *s)
{
    if (!s->counts)
        return 0;
    return (size_t)(s->hi - s->lo + 1) * LAT_SUB_BUCKETS * sizeof(uint64_t);
}
