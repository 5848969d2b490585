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

/* The whole file at `path` in a malloc'ed buffer (*len bytes, NUL-terminated), or
 * exit(1) with "bench: cannot read PATH". */
char *bench_read_file(const char *path, size_t *len);

/* A positive decimal number, or exit(2) with "PROGRAM: invalid WHAT 'S'". */
uint64_t bench_parse_u64(const char *prog, const char *s, const char *what);

/* A --reps value: as bench_parse_u64, and at most max, or exit(2) with
 * "PROGRAM: at most MAX repetitions". */
int bench_parse_reps(const char *prog, const char *s, int max);

/* The operands argv[first..argc-1] as numbers (bench_parse_u64, named WHAT), each at
 * most `max` (else exit(2) with "PROGRAM: TOO_BIG"), into out[BENCH_MAX_OPERANDS]; or,
 * without operands, the n_defaults defaults.  Returns how many; more than
 * BENCH_MAX_OPERANDS is exit(2) with "PROGRAM: at most 64 sizes". */
enum { BENCH_MAX_OPERANDS = 64 };
size_t bench_parse_operands(const char *prog, int argc, char **argv, int first, const char *what,
                            uint64_t max, const char *too_big, const uint64_t *defaults,
                            size_t n_defaults, uint64_t *out);

#endif
