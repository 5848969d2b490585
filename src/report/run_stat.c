/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/run_stat.h"

#include <math.h>

#include "util/debug_checks.h"

void run_stat_add(struct run_stat *s, double v)
{
    if (s->n == 0)
        s->integral = false;
    s->n++;
    double delta = v - s->mean;
    s->mean += delta / (double)s->n;
    s->m2 += delta * (v - s->mean);
}

void run_stat_add_u64(struct run_stat *s, uint64_t v)
{
    bool first = s->n == 0;
    bool integral = first || s->integral;
    run_stat_add(s, (double)v);
    s->integral = integral;
    if (first)
        s->first = v;
}

bool run_stat_exact(const struct run_stat *s, uint64_t *v)
{
    if (s->n != 1 || !s->integral)
        return false;
    *v = s->first;
    return true;
}

double run_stat_mean(const struct run_stat *s) { return s->n ? s->mean : 0.0; }

bool run_stat_ci95(const struct run_stat *s, double *low, double *high)
{
    if (s->n < 2)
        return false;
    double sd = sqrt(s->m2 / (double)(s->n - 1));
    double half = student_t975(s->n - 1) * sd / sqrt((double)s->n);
    *low = s->mean - half;
    *high = s->mean + half;
    return true;
}

/* The regularised incomplete beta function I_x(a, b), by its continued fraction (DLMF
 * 8.17.22) evaluated with the modified Lentz method; the fraction converges quickly for
 * x < (a + 1) / (a + b + 2), and the symmetry I_x(a, b) = 1 - I_(1-x)(b, a) covers the
 * rest. */
static double incomplete_beta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    if (x > (a + 1) / (a + b + 2))
        return 1 - incomplete_beta(b, a, 1 - x);
    const double tiny = 1e-300;
    double front = exp(a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))) / a;
    double f = 1, c = 1, d = 0;
    for (int i = 0; i <= 400; i++) {
        int m = i / 2;
        double numerator;
        if (i == 0)
            numerator = 1;
        else if (i % 2 == 0)
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
        else
            numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
        d = 1 + numerator * d;
        if (fabs(d) < tiny)
            d = tiny;
        d = 1 / d;
        c = 1 + numerator / c;
        if (fabs(c) < tiny)
            c = tiny;
        double step = c * d;
        f *= step;
        if (fabs(1 - step) < 1e-15)
            break;
    }
    return front * (f - 1);
}

/* Upper tail P(T > t) of Student's t with df degrees of freedom, t >= 0. */
static double t_upper_tail(double t, double df)
{
    return 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

double student_t975(uint64_t df)
{
    VGICSIM_ASSERT(df >= 1);
    /* The upper tail falls as t grows: bisect P(T > t) = 0.025 on [0, 1000] (df 1 gives
     * 12.71, the largest quantile). 80 halvings reach far below double precision. */
    double lo = 0, hi = 1000, v = (double)df;
    for (int i = 0; i < 80; i++) {
        double mid = (lo + hi) / 2;
        if (t_upper_tail(mid, v) > 0.025)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}
