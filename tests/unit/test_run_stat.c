/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the per-run statistics of `--repeat` (src/report/run_stat.h): Student's t
 * quantiles against published tables, means and intervals of known samples. */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "report/run_stat.h"
#include "test_support.h"

/* t(0.975, df) to 3 decimals, from any statistics table (e.g. NIST/SEMATECH e-Handbook,
 * section 1.3.6.7.2). */
START_TEST(test_t_quantiles_match_tables)
{
    static const struct {
        uint64_t df;
        double t;
    } table[] = {
        {1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {9, 2.262},
        {10, 2.228}, {19, 2.093}, {29, 2.045}, {30, 2.042}, {60, 2.000}, {100, 1.984},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        ck_assert_msg(fabs(student_t975(table[i].df) - table[i].t) < 0.0006,
                      "df %llu: %.6f, table %.3f", (unsigned long long)table[i].df,
                      student_t975(table[i].df), table[i].t);
    /* Large samples approach the normal quantile 1.95996. */
    ck_assert(fabs(student_t975(1000000) - 1.95996) < 1e-4);
    ck_assert(student_t975(1000000) > 1.959964);
}
END_TEST

/* 1, 2, 3, 4, 5: mean 3, s = sqrt(2.5), half-width t(4) s / sqrt 5 = 2.7764451 * 0.7071068
 * = 1.9632. */
START_TEST(test_interval_of_known_sample)
{
    struct run_stat s = {0};
    for (uint64_t v = 1; v <= 5; v++)
        run_stat_add_u64(&s, v);
    double lo, hi;
    ck_assert(run_stat_ci95(&s, &lo, &hi));
    ck_assert(fabs(run_stat_mean(&s) - 3.0) < 1e-12);
    ck_assert_msg(fabs(hi - 3.0 - 1.963243) < 1e-5, "half-width %.7f", hi - 3.0);
    ck_assert(fabs((3.0 - lo) - (hi - 3.0)) < 1e-12);
    uint64_t exact;
    ck_assert(!run_stat_exact(&s, &exact));
}
END_TEST

/* Two values 10 and 20: mean 15, s = 7.0711, half-width 12.706 * 7.0711 / 1.4142 = 63.53. */
START_TEST(test_interval_two_values_reals)
{
    struct run_stat s = {0};
    run_stat_add(&s, 10.0);
    run_stat_add(&s, 20.0);
    double lo, hi;
    ck_assert(run_stat_ci95(&s, &lo, &hi));
    ck_assert(fabs(lo - (15 - 63.5310)) < 1e-3);
    ck_assert(fabs(hi - (15 + 63.5310)) < 1e-3);
}
END_TEST

START_TEST(test_single_and_constant)
{
    struct run_stat s = {0};
    double lo, hi;
    ck_assert(!run_stat_ci95(&s, &lo, &hi));
    ck_assert(run_stat_mean(&s) == 0.0);
    uint64_t big = UINT64_C(18446744073709551557), exact = 0;
    run_stat_add_u64(&s, big);
    ck_assert(run_stat_exact(&s, &exact));
    ck_assert_uint_eq(exact, big);      /* beyond 2^53: kept exactly */
    ck_assert(!run_stat_ci95(&s, &lo, &hi));

    struct run_stat c = {0};
    for (int i = 0; i < 7; i++)
        run_stat_add_u64(&c, 4242);
    ck_assert(run_stat_ci95(&c, &lo, &hi));
    ck_assert(lo == 4242.0 && hi == 4242.0);

    struct run_stat r = {0};
    run_stat_add(&r, 2.5);
    ck_assert(!run_stat_exact(&r, &exact));   /* a real is not an exact integer */
    ck_assert(run_stat_mean(&r) == 2.5);
}
END_TEST

static Suite *run_stat_suite(void)
{
    Suite *s = suite_create("run_stat");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_t_quantiles_match_tables);
    tcase_add_test(tc, test_interval_of_known_sample);
    tcase_add_test(tc, test_interval_two_values_reals);
    tcase_add_test(tc, test_single_and_constant);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(run_stat_suite()); }
