/* SPDX-License-Identifier: GPL-2.0-only */
/* The flush's merge sort (src/util/merge_sort.h): stable, and on input already in order
 * it makes exactly the comparisons predicted below, in that order — every merge of runs
 * [lo, mid) and [mid, ...), widths 1, 2, 4, ... left to right, compares each left element
 * with element mid — and merge_sort_in_order_count of them. The models rely on that to
 * charge an in-order list's sort without sorting it (perf_lr.c; ref_lr.c's
 * ref_charge_sorted_list, checked against the sort itself by test_ref_sort_charge). */
#include <stdint.h>
#include <stdlib.h>

#include "test_support.h"
#include "util/merge_sort.h"

struct elem {
    uint32_t key;
    uint32_t index;    /* position before sorting */
};

enum { MAX_N = 300, MAX_PAIRS = MAX_N * 16 };

struct log {
    size_t n;
    uint32_t left[MAX_PAIRS], right[MAX_PAIRS];
};

static int by_key_logged(const void *pa, const void *pb, void *ctx)
{
    const struct elem *a = pa, *b = pb;
    struct log *log = ctx;
    ck_assert_uint_lt(log->n, MAX_PAIRS);
    log->left[log->n] = a->index;
    log->right[log->n++] = b->index;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* The comparisons of an in-order input, as the header comment says. */
static void predict(size_t n, struct log *log)
{
    for (size_t width = 1; width < n; width *= 2)
        for (size_t lo = 0; lo + width < n; lo += 2 * width)
            for (size_t x = lo, mid = lo + width; x < mid; x++) {
                ck_assert_uint_lt(log->n, MAX_PAIRS);
                log->left[log->n] = (uint32_t)x;
                log->right[log->n++] = (uint32_t)mid;
            }
}

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*s >> 33);
}

START_TEST(test_stable_sort)
{
    static struct elem e[MAX_N], tmp[MAX_N];
    static struct log log;
    uint64_t seed = 1;
    for (size_t n = 0; n <= MAX_N; n += n < 40 ? 1 : 37) {
        for (size_t i = 0; i < n; i++)
            e[i] = (struct elem){next(&seed) % 7, (uint32_t)i};   /* many ties */
        log.n = 0;
        merge_sort(e, n, sizeof(e[0]), tmp, by_key_logged, &log);
        for (size_t i = 1; i < n; i++)
            ck_assert(e[i - 1].key < e[i].key ||
                      (e[i - 1].key == e[i].key && e[i - 1].index < e[i].index));
    }
}
END_TEST

START_TEST(test_in_order_comparisons)
{
    static struct elem e[MAX_N], tmp[MAX_N];
    static struct log sorted, predicted;
    uint64_t seed = 7;
    for (size_t n = 0; n <= MAX_N; n += n < 70 ? 1 : 23) {
        uint32_t key = 0;
        for (size_t i = 0; i < n; i++) {
            key += next(&seed) % 3;                  /* in order, with ties */
            e[i] = (struct elem){key, (uint32_t)i};
        }
        sorted.n = predicted.n = 0;
        merge_sort(e, n, sizeof(e[0]), tmp, by_key_logged, &sorted);
        predict(n, &predicted);
        ck_assert_uint_eq(sorted.n, predicted.n);
        ck_assert_uint_eq(merge_sort_in_order_count(n), sorted.n);
        for (size_t k = 0; k < sorted.n; k++) {
            ck_assert_uint_eq(sorted.left[k], predicted.left[k]);
            ck_assert_uint_eq(sorted.right[k], predicted.right[k]);
        }
        for (size_t i = 0; i < n; i++)
            ck_assert_uint_eq(e[i].index, i);        /* nothing moved */
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("merge_sort");
    TCase *tc = tcase_create("merge_sort");
    tcase_add_test(tc, test_stable_sort);
    tcase_add_test(tc, test_in_order_comparisons);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
