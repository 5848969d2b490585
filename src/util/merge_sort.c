/* SPDX-License-Identifier: GPL-2.0-only */
/* Stable bottom-up merge sort (see merge_sort.h). */
#include "util/merge_sort.h"

#include <string.h>

void merge_sort(void *base, size_t n, size_t elem_size, void *tmp, merge_sort_cmp *cmp,
                void *ctx)
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
