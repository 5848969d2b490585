/* SPDX-License-Identifier: GPL-2.0-only */
/* A stable bottom-up merge sort over an array, with a comparator that receives a
 * context (the models charge each comparison in simulated time, so the exact sequence
 * of comparisons is part of their behaviour: it is fixed by this algorithm), and a
 * caller-provided scratch array of the same size (no allocation per sort). */
#ifndef VGICSIM_UTIL_MERGE_SORT_H
#define VGICSIM_UTIL_MERGE_SORT_H

#include <stddef.h>

/* < 0: a before b; > 0: b before a; 0: keep their order. */
typedef int merge_sort_cmp(const void *a, const void *b, void *ctx);

/* Sorts the `n` elements of `elem_size` bytes at `base`, using `tmp` (room for n elements)
 * as scratch. Runs of width 1, 2, 4, ... are merged left to right; on equal keys the left
 * element goes first. */
void merge_sort(void *base, size_t n, size_t elem_size, void *tmp, merge_sort_cmp *cmp,
                void *ctx);

#endif
