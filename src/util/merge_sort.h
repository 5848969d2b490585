/* SPDX-License-Identifier: GPL-2.0-only */
/* A stable bottom-up merge sort over an array, with a comparator that receives a
 * context (the models charge each comparison in simulated time, so the exact sequence
 * of comparisons is part of their behaviour: it is fixed by this algorithm), and a
 * caller-provided scratch array of the same size (no allocation per sort). */
#ifndef VGICSIM_UTIL_MERGE_SORT_H
#define VGICSIM_UTIL_MERGE_SORT_H

#include <stddef.h>
#include <string.h>

/* < 0: a before b; > 0: b before a; 0: keep their order. */
typedef int merge_sort_cmp(const void *a, const void *b, void *ctx);

/* Sorts the `n` elements of `elem_size` bytes at `base`, using `tmp` (room for n elements)
 * as scratch. Runs of width 1, 2, 4, ... are merged left to right; on equal keys the left
 * element goes first. */
void merge_sort(void *base, size_t n, size_t elem_size, void *tmp, merge_sort_cmp *cmp,
                void *ctx);

/* The same algorithm, for a hot caller: inlined there with its comparator and element
 * size known, so that neither costs a call per comparison (merge_sort is this). */
static inline void merge_sort_inline(void *base, size_t n, size_t elem_size, void *tmp,
                                     merge_sort_cmp *cmp, void *ctx)
{
    char *a = base, *b = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t x = lo, y = mid, k = lo;
            while (x < mid && y < hi) {
                if (cmp(a + x * elem_size, a + y * elem_size, ctx) <= 0)
                    memcpy(b + k++ * elem_size, a + x++ * elem_size, elem_size);
                else
                    memcpy(b + k++ * elem_size, a + y++ * elem_size, elem_size);
            }
            memcpy(b + k * elem_size, a + x * elem_size, (mid - x) * elem_size);
            k += mid - x;
            memcpy(b + k * elem_size, a + y * elem_size, (hi - y) * elem_size);
        }
        char *swap = a;
        a = b;
        b = swap;
    }
    if (a != base)
        memcpy(base, a, n * elem_size);
}

/* How many comparisons merge_sort makes on `n` elements already in order: each merge of
 * runs [lo, mid) and [mid, ...) compares every element of the left run in turn with the
 * first one of the right run, element mid, and takes the left one (nothing moves;
 * tests/unit/test_merge_sort.c lists them). */
static inline size_t merge_sort_in_order_count(size_t n)
{
    size_t count = 0;
    for (size_t width = 1; width < n; width *= 2)
        count += width * ((n - width + 2 * width - 1) / (2 * width));
    return count;
}

#endif
