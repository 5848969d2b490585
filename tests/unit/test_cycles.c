/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the checked arithmetic on simulated time (src/util/cycles.h). */
#include <stdint.h>

#include "test_support.h"
#include "util/cycles.h"

START_TEST(test_cyc_add)
{
    ck_assert_uint_eq(cyc_add(1, 2), 3);
    ck_assert_uint_eq(cyc_add(UINT64_MAX - 1, 1), UINT64_MAX);
    ck_assert_uint_eq(cyc_add(UINT64_MAX - 1, 2), CYC_SATURATED);
    ck_assert_uint_eq(cyc_add(UINT64_MAX, UINT64_MAX), CYC_SATURATED);
    ck_assert_uint_eq(cyc_add(CYC_HORIZON, CYC_MAX_DELAY), CYC_HORIZON + CYC_MAX_DELAY);
}
END_TEST

START_TEST(test_cyc_mul)
{
    ck_assert_uint_eq(cyc_mul(0, UINT64_MAX), 0);
    ck_assert_uint_eq(cyc_mul(3, 7), 21);
    ck_assert_uint_eq(cyc_mul(UINT64_C(1) << 32, UINT64_C(1) << 31), UINT64_C(1) << 63);
    ck_assert_uint_eq(cyc_mul(UINT64_C(1) << 32, UINT64_C(1) << 32), CYC_SATURATED);
    ck_assert_uint_eq(cyc_mul(CYC_MAX_COST, 1u << 16), CYC_MAX_DELAY / 2);
}
END_TEST

START_TEST(test_cyc_horizon)
{
    ck_assert(!cyc_past_horizon(CYC_HORIZON));
    ck_assert(cyc_past_horizon(CYC_HORIZON + 1));
    ck_assert(cyc_past_horizon(CYC_SATURATED));
    ck_assert(!cyc_past_horizon(CYC_MAX_INPUT));
}
END_TEST

static Suite *cycles_suite(void)
{
    Suite *s = suite_create("cycles");
    TCase *t = tcase_create("arith");
    tcase_add_test(t, test_cyc_add);
    tcase_add_test(t, test_cyc_mul);
    tcase_add_test(t, test_cyc_horizon);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return test_run_suite(cycles_suite());
}
