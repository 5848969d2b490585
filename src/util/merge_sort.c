/* SPDX-License-Identifier: GPL-2.0-only */
/* Stable bottom-up merge sort (see merge_sort.h, where the algorithm is). */
#include "util/merge_sort.h"

void merge_sort(void *base, size_t n, size_t elem_size, void *tmp, merge_sort_cmp *cmp,
                void *ctx)
{
    merge_sort_inline(base, n, elem_size, tmp, cmp, ctx);
}
