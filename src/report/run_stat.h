/* SPDX-License-Identifier: GPL-2.0-only */
/* A statistic observed once per run (`vgicsim run --repeat N`): its mean over the runs
 * and the 95 % confidence interval of that mean.
 *
 * The interval is Student's t: mean ± t(0.975, n-1) · s / √n, with s the sample standard
 * deviation (n - 1 in the denominator). It assumes the per-run values are independent
 * draws from one distribution, which runs with different seeds are; it says how far the
 * mean over these seeds may lie from the mean over all seeds, not how much one run varies.
 *
 * Mean and variance are accumulated with Welford's update, in the order values are
 * added, so the same values in the same order give bit-identical results. */
#ifndef VGICSIM_REPORT_RUN_STAT_H
#define VGICSIM_REPORT_RUN_STAT_H

#include <stdbool.h>
#include <stdint.h>

struct run_stat {
    uint64_t n;
    double mean, m2;         /* Welford: running mean and sum of squared deviations */
    bool integral;           /* every value added was an integer (run_stat_add_u64) */
    uint64_t first;          /* the first integer value, exact (doubles lose above 2^53) */
};

void run_stat_add(struct run_stat *s, double v);
void run_stat_add_u64(struct run_stat *s, uint64_t v);
/* The value of a single integer observation, exactly: true only when n == 1 and it was
 * added with run_stat_add_u64. */
bool run_stat_exact(const struct run_stat *s, uint64_t *v);
double run_stat_mean(const struct run_stat *s);       /* 0 when n == 0 */
/* The 95 % confidence interval of the mean; false when n < 2. */
bool run_stat_ci95(const struct run_stat *s, double *low, double *high);

/* The 0.975 quantile of Student's t distribution with `df` degrees of freedom (df >= 1):
 * the factor of a two-sided 95 % interval. */
double student_t975(uint64_t df);

#endif
