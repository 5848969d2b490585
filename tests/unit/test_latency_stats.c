/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the streaming latency distribution (src/record/latency_stats.h):
 * exactness below 256, the < 1% bound against a sorted reference, the
 * percentile convention, the exact sum and mean, merging and laziness. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record/latency_stats.h"
#include "test_support.h"

/* ---- helpers ------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void) /* splitmix64: deterministic test data */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array: the ceil(p/100*n)-th smallest, rank >= 1. */
static uint64_t ref_percentile(const uint64_t *sorted, size_t n, double p)
{
    size_t rank = (size_t)ceil(p / 100.0 * (double)n - 1e-9);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

static const double probes[] = { 0,  0.1, 1,  5,    10,   25,    33.3,   50,  66.7,
                                 75, 90,  95, 99,   99.5, 99.9,  99.99,  100 };
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

/* ---- empty --------------------------------------------------------------- */

START_TEST(test_empty)
{
    struct latency_stats s;
    lat_init(&s);
    ck_assert_uint_eq(lat_count(&s), 0);
    ck_assert_uint_eq(lat_min(&s), 0);
    ck_assert_uint_eq(lat_max(&s), 0);
    ck_assert(lat_mean(&s) == 0.0);
    ck_assert_uint_eq(lat_percentile(&s, 50), 0);
    ck_assert_uint_eq(lat_memory(&s), 0);
    size_t cur = 0;
    struct lat_bucket b;
    ck_assert(!lat_next_bucket(&s, &cur, &b));
    lat_free(&s);

    struct latency_stats z = { 0 }; /* zero-initialised is empty too */
    lat_add(&z, 7);
    ck_assert_uint_eq(lat_min(&z), 7);
    ck_assert_uint_eq(lat_max(&z), 7);
    lat_free(&z);
    ck_assert_uint_eq(lat_count(&z), 0);
}
END_TEST

/* ---- exactness ----------------------------------------------------------- */

START_TEST(test_small_values_exact)
{
    enum { N = 5000 };
    static uint64_t v[N];
    struct latency_stats s;
    lat_init(&s);
    for (size_t i = 0; i < N; i++) {
        v[i] = rng() % 256;
        lat_add(&s, v[i]);
    }
    qsort(v, N, sizeof(v[0]), cmp_u64);
    for (int q = 0; q <= 1000; q++) {
        double p = q / 10.0;
        ck_assert_msg(lat_percentile(&s, p) == ref_percentile(v, N, p), "p%.1f: %lu vs %lu", p,
                      (unsigned long)lat_percentile(&s, p), (unsigned long)ref_percentile(v, N, p));
    }
    /* Every bucket below 256 holds one value. */
    size_t cur = 0;
    struct lat_bucket b;
    uint64_t total = 0;
    while (lat_next_bucket(&s, &cur, &b)) {
        ck_assert_uint_eq(b.lo, b.hi);
        ck_assert_uint_lt(b.hi, 256);
        total += b.count;
    }
    ck_assert_uint_eq(total, N);
    lat_free(&s);
}
END_TEST

START_TEST(test_convention_small)
{
    struct latency_stats s;
    lat_init(&s);
    for (uint64_t v = 1; v <= 10; v++)
        lat_add(&s, v);
    ck_assert_uint_eq(lat_percentile(&s, 0), 1);
    ck_assert_uint_eq(lat_percentile(&s, 10), 1);      /* rank 1 */
    ck_assert_uint_eq(lat_percentile(&s, 10.0001), 2); /* rank ceil(1.00001) = 2 */
    ck_assert_uint_eq(lat_percentile(&s, 50), 5);
    ck_assert_uint_eq(lat_percentile(&s, 90), 9);
    ck_assert_uint_eq(lat_percentile(&s, 99.9), 10);
    ck_assert_uint_eq(lat_percentile(&s, 100), 10);
    /* Out of range and NaN are clamped. */
    ck_assert_uint_eq(lat_percentile(&s, -3), 1);
    ck_assert_uint_eq(lat_percentile(&s, 250), 10);
    ck_assert_uint_eq(lat_percentile(&s, NAN), 1);
    lat_free(&s);

    /* 1000 samples: p99.9 is rank 999 exactly (integer rank arithmetic), not 1000. */
    lat_init(&s);
    for (uint64_t v = 0; v < 1000; v++)
        lat_add(&s, v % 200);
    /* ranks: sorted values are 0 x5, 1 x5, ..., 199 x5 */
    ck_assert_uint_eq(lat_percentile(&s, 99.9), 199);
    ck_assert_uint_eq(lat_percentile(&s, 99.6), 199);
    ck_assert_uint_eq(lat_percentile(&s, 99.5), 198);
    ck_assert_uint_eq(lat_percentile(&s, 99.4), 198);
    ck_assert_uint_eq(lat_percentile(&s, 50), 99);
    lat_free(&s);

    lat_init(&s);
    for (int i = 0; i < 999; i++)
        lat_add(&s, 5);
    lat_add(&s, 200);
    ck_assert_uint_eq(lat_percentile(&s, 99.9), 5);
    ck_assert_uint_eq(lat_percentile(&s, 99.95), 200);
    lat_free(&s);
}
END_TEST

START_TEST(test_large_random_relative_error)
{
    enum { N = 200000 };
    uint64_t *v = malloc(N * sizeof(*v));
    ck_assert_ptr_nonnull(v);
    for (int dist = 0; dist < 3; dist++) {
        struct latency_stats s;
        lat_init(&s);
        for (size_t i = 0; i < N; i++) {
            uint64_t x;
            if (dist == 0) /* log-uniform over the whole range */
                x = rng() >> (rng() % 64);
            else if (dist == 1) /* cycle-like: 300 .. ~1e6 */
                x = 300 + rng() % 1000000;
            else /* heavy clusters just above powers of two */
                x = (UINT64_C(1) << (8 + rng() % 40)) + rng() % 3;
            v[i] = x;
            lat_add(&s, x);
        }
        qsort(v, N, sizeof(v[0]), cmp_u64);
        ck_assert_uint_eq(lat_min(&s), v[0]);
        ck_assert_uint_eq(lat_max(&s), v[N - 1]);
        for (size_t k = 0; k < NPROBES; k++) {
            uint64_t ref = ref_percentile(v, N, probes[k]);
            uint64_t got = lat_percentile(&s, probes[k]);
            ck_assert_msg(got <= ref, "dist %d p%g: %lu > ref %lu", dist, probes[k],
                          (unsigned long)got, (unsigned long)ref);
            /* relative error < 1/128 < 1% */
            ck_assert_msg((ref - got) * 128.0 < (double)ref || ref == got,
                          "dist %d p%g: %lu vs ref %lu", dist, probes[k], (unsigned long)got,
                          (unsigned long)ref);
            ck_assert((double)(ref - got) < 0.01 * (double)ref || ref == got);
        }
        ck_assert_uint_eq(lat_percentile(&s, 0), v[0]);
        ck_assert_uint_eq(lat_percentile(&s, 100), v[N - 1]);
        lat_free(&s);
    }
    free(v);
}
END_TEST

START_TEST(test_bucket_geometry)
{
    /* One sample per interesting value; every bucket is narrower than 1/128 of
     * its lowest value, buckets are disjoint and increasing. */
    struct latency_stats s;
    lat_init(&s);
    for (int e = 0; e < 64; e++) {
        uint64_t p = UINT64_C(1) << e;
        lat_add(&s, p);
        lat_add(&s, p - 1);
        lat_add(&s, p + 1);
        lat_add(&s, p + p / 2);
    }
    lat_add(&s, UINT64_MAX);
    size_t cur = 0;
    struct lat_bucket b;
    uint64_t prev_hi = 0, total = 0;
    int first = 1;
    while (lat_next_bucket(&s, &cur, &b)) {
        ck_assert_uint_le(b.lo, b.hi);
        if (!first)
            ck_assert_uint_gt(b.lo, prev_hi);
        first = 0;
        prev_hi = b.hi;
        if (b.lo < 256)
            ck_assert_uint_eq(b.lo, b.hi);
        else
            ck_assert_uint_le((b.hi - b.lo + 1) * 128, b.lo);
        total += b.count;
    }
    ck_assert_uint_eq(prev_hi, UINT64_MAX);
    ck_assert_uint_eq(total, lat_count(&s));
    ck_assert_uint_eq(lat_max(&s), UINT64_MAX);
    ck_assert_uint_eq(lat_percentile(&s, 100), UINT64_MAX);
    ck_assert_uint_eq(lat_percentile(&s, 0), 0);
    lat_free(&s);
}
END_TEST

START_TEST(test_p0_p100_exact)
{
    struct latency_stats s;
    lat_init(&s);
    lat_add(&s, 1000003); /* not the lowest value of its bucket */
    lat_add(&s, 5000011);
    lat_add(&s, 77777777777);
    ck_assert_uint_eq(lat_percentile(&s, 0), 1000003);
    ck_assert_uint_eq(lat_percentile(&s, 100), 77777777777);
    ck_assert_uint_eq(lat_percentile(&s, 1), 1000003); /* clamped up to min */
    uint64_t mid = lat_percentile(&s, 50);
    ck_assert_uint_le(mid, 5000011);
    ck_assert_uint_gt(mid * 128 / 127 + 1, 5000011);
    lat_free(&s);

    lat_init(&s);
    lat_add(&s, 123456789);
    for (int q = 0; q <= 100; q++)
        ck_assert_uint_eq(lat_percentile(&s, q), 123456789);
    lat_free(&s);
}
END_TEST

START_TEST(test_sum_and_mean_exact)
{
    struct latency_stats s;
    lat_init(&s);
    for (uint64_t v = 1; v <= 100; v++)
        lat_add(&s, v);
    ck_assert(lat_mean(&s) == 50.5);
    uint64_t hi, lo;
    lat_sum(&s, &hi, &lo);
    ck_assert_uint_eq(hi, 0);
    ck_assert_uint_eq(lo, 5050);
    lat_free(&s);

    /* The sum overflows 64 bits and stays exact. */
    lat_init(&s);
    for (int i = 0; i < 4; i++)
        lat_add(&s, UINT64_MAX);
    lat_add(&s, 4);
    lat_sum(&s, &hi, &lo);
    ck_assert_uint_eq(hi, 4);
    ck_assert_uint_eq(lo, 0);
    ck_assert(lat_mean(&s) == (double)UINT64_MAX * 4.0 / 5.0);
    lat_free(&s);

    lat_init(&s);
    lat_add(&s, UINT64_MAX);
    lat_add(&s, UINT64_MAX - 2);
    ck_assert(lat_mean(&s) == (double)(UINT64_MAX - 1));
    lat_free(&s);

    lat_init(&s);
    lat_add(&s, 1);
    lat_add(&s, 2);
    lat_add(&s, 2);
    ck_assert(lat_mean(&s) == 5.0 / 3.0);
    lat_free(&s);
}
END_TEST

/* ---- merge --------------------------------------------------------------- */

static void assert_same(const struct latency_stats *a, const struct latency_stats *b)
{
    ck_assert_uint_eq(lat_count(a), lat_count(b));
    ck_assert_uint_eq(lat_min(a), lat_min(b));
    ck_assert_uint_eq(lat_max(a), lat_max(b));
    uint64_t ah, al, bh, bl;
    lat_sum(a, &ah, &al);
    lat_sum(b, &bh, &bl);
    ck_assert_uint_eq(ah, bh);
    ck_assert_uint_eq(al, bl);
    for (int q = 0; q <= 1000; q++)
        ck_assert_uint_eq(lat_percentile(a, q / 10.0), lat_percentile(b, q / 10.0));
    size_t ca = 0, cb = 0;
    struct lat_bucket ba, bb;
    for (;;) {
        bool ma = lat_next_bucket(a, &ca, &ba), mb = lat_next_bucket(b, &cb, &bb);
        ck_assert(ma == mb);
        if (!ma)
            break;
        ck_assert_uint_eq(ba.lo, bb.lo);
        ck_assert_uint_eq(ba.count, bb.count);
    }
}

START_TEST(test_merge)
{
    struct latency_stats all, a, b, empty, m;
    lat_init(&all);
    lat_init(&a);
    lat_init(&b);
    lat_init(&empty);
    lat_init(&m);
    for (int i = 0; i < 50000; i++) {
        uint64_t x = rng() >> (rng() % 64);
        lat_add(&all, x);
        lat_add(i % 3 ? &a : &b, x);
    }
    lat_add(&a, 0);
    lat_add(&all, 0);
    lat_add(&b, UINT64_MAX);
    lat_add(&all, UINT64_MAX);

    lat_merge(&m, &empty); /* empty into empty */
    ck_assert_uint_eq(lat_count(&m), 0);
    lat_merge(&m, &b);     /* into empty: a copy */
    assert_same(&m, &b);
    lat_merge(&m, &a);
    assert_same(&m, &all);
    lat_merge(&m, &empty); /* empty changes nothing */
    assert_same(&m, &all);

    /* Merge order does not matter. */
    struct latency_stats m2;
    lat_init(&m2);
    lat_merge(&m2, &a);
    lat_merge(&m2, &b);
    assert_same(&m2, &all);

    /* Self-merge doubles every bucket. */
    lat_merge(&m2, &m2);
    struct latency_stats twice;
    lat_init(&twice);
    lat_merge(&twice, &all);
    lat_merge(&twice, &all);
    assert_same(&m2, &twice);
    ck_assert_uint_eq(lat_count(&m2), 2 * lat_count(&all));
    ck_assert(lat_mean(&m2) == lat_mean(&all));

    /* Disjoint group ranges, merged into the lower and into the higher one. */
    struct latency_stats lo, hi, lohi;
    lat_init(&lo);
    lat_init(&hi);
    lat_init(&lohi);
    lat_add(&lo, 1000);
    lat_add(&hi, 1000000);
    lat_add(&lohi, 1000);
    lat_add(&lohi, 1000000);
    lat_merge(&lo, &hi);
    assert_same(&lo, &lohi);
    lat_free(&lo);
    lat_add(&lo, 1000);
    lat_merge(&hi, &lo);
    assert_same(&hi, &lohi);
    size_t cur = 0;
    struct lat_bucket bk;
    ck_assert(lat_next_bucket(&hi, &cur, &bk));
    ck_assert_uint_eq(bk.lo, 1000);
    ck_assert(lat_next_bucket(&hi, &cur, &bk));
    ck_assert_uint_le(bk.lo, 1000000);
    ck_assert_uint_ge(bk.hi, 1000000);
    ck_assert(!lat_next_bucket(&hi, &cur, &bk));
    lat_free(&lo);
    lat_free(&hi);
    lat_free(&lohi);

    lat_free(&all);
    lat_free(&a);
    lat_free(&b);
    lat_free(&empty);
    lat_free(&m);
    lat_free(&m2);
    lat_free(&twice);
}
END_TEST

/* ---- laziness ------------------------------------------------------------ */

START_TEST(test_lazy_memory)
{
    struct latency_stats s;
    lat_init(&s);
    ck_assert_uint_eq(lat_memory(&s), 0);
    const size_t group = LAT_SUB_BUCKETS * sizeof(uint64_t);
    lat_add(&s, 1000); /* group 3: 512..1023 */
    ck_assert_uint_eq(lat_memory(&s), group);
    for (uint64_t v = 512; v < 1024; v++)
        lat_add(&s, v); /* same group */
    ck_assert_uint_eq(lat_memory(&s), group);
    lat_add(&s, 5000); /* group 6: 4096..8191; groups 3..6 held as one block */
    ck_assert_uint_eq(lat_memory(&s), 4 * group);
    lat_add(&s, 5); /* group 0: the block widens downwards, 0..6 */
    ck_assert_uint_eq(lat_memory(&s), 7 * group);
    for (int i = 0; i < 1000000; i++)
        lat_add(&s, 600 + (uint64_t)i % 4000);
    ck_assert_uint_eq(lat_memory(&s), 7 * group);
    ck_assert_uint_eq(lat_count(&s), 1000000 + 512 + 3);
    ck_assert_uint_eq(lat_min(&s), 5);
    ck_assert_uint_eq(lat_max(&s), 5000);
    ck_assert_uint_eq(lat_percentile(&s, 100), 5000);
    ck_assert_uint_eq(lat_percentile(&s, 0), 5);
    lat_free(&s);
    ck_assert_uint_eq(lat_memory(&s), 0);
    lat_reset(&s);
}
END_TEST

static Suite *latency_stats_suite(void)
{
    Suite *s = suite_create("latency_stats");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_small_values_exact);
    tcase_add_test(tc, test_convention_small);
    tcase_add_test(tc, test_large_random_relative_error);
    tcase_add_test(tc, test_bucket_geometry);
    tcase_add_test(tc, test_p0_p100_exact);
    tcase_add_test(tc, test_sum_and_mean_exact);
    tcase_add_test(tc, test_merge);
    tcase_add_test(tc, test_lazy_memory);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(latency_stats_suite()); }
