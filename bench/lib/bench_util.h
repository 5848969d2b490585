/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers shared by the benchmark programs: wall-clock time, medians,
 * resident memory, child processes, strict number parsing.  Benchmarks print
 * figures; they assert nothing about speed (see docs/performance.md). */
#ifndef VGICSIM_BENCH_UTIL_H
#define VGICSIM_BENCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* Median of v[0..n-1] (sorts v); 0 when n == 0. */
double bench_median(double *v, size_t n);

/* Current resident set size in KiB (VmRSS). */
long bench_rss_kib(void);

/* Runs fn(arg, results) in a forked child process, so that its memory peak is its
 * own: the child fills up to n results, which come back through a pipe, and
 * *peak_kib receives the child's peak resident set size (wait4's ru_maxrss).
 * False (after a message) when the child failed. */
bool bench_in_child(void (*fn)(void *arg, double *results), void *arg, double *results,
                    size_t n, long *peak_kib);

/* A positive decimal number, or exit(2) with "PROGRAM: invalid WHAT 'S'". */
uint64_t bench_parse_u64(const char *prog, const char *s, const char *what);

#endif
