/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader, spec section 6: the workload generators. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "loader_helpers.h"
#include "scenario/load.h"

START_TEST(test_each_kind)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: 40, period: 1_000, start: 50, count: 3, trigger: level}\n"
        "  - {kind: poisson, intid: [40, 47], mean_gap: 0x100, count: 10}\n"
        "  - {kind: burst, intid: [32, 95], period: 500, size: 8, count: 2}\n"
        "  - {kind: ipi, intid: 3, from: 0, to: 1, period: 10, count: 1}\n"
        "  - kind: periodic\n"
        "    intid: [16, 31]\n"
        "    vcpu: 1\n"
        "    period: 7\n"
        "    trigger: edge\n"
        "run: {until: 1000}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.n_generators, 5);
    ck_assert_uint_eq(s.n_steps, 0);

    const struct scn_generator *g = &s.generators[0];
    ck_assert_int_eq(g->kind, SCN_GEN_PERIODIC);
    ck_assert_uint_eq(g->loc.line, 4);
    ck_assert_uint_eq(g->loc.col, 5);
    ck_assert_uint_eq(g->intid_lo, 40);
    ck_assert_uint_eq(g->intid_hi, 40);
    ck_assert_int_eq(g->vcpu, SCN_NO_VCPU);
    ck_assert_uint_eq(g->period, 1000);
    ck_assert_uint_eq(g->start, 50);
    ck_assert(g->has_count);
    ck_assert_uint_eq(g->count, 3);
    ck_assert_int_eq(g->trigger, SCN_TRIGGER_LEVEL);

    g = &s.generators[1];
    ck_assert_int_eq(g->kind, SCN_GEN_POISSON);
    ck_assert_uint_eq(g->intid_lo, 40);
    ck_assert_uint_eq(g->intid_hi, 47);
    ck_assert_uint_eq(g->mean_gap, 0x100);
    ck_assert_uint_eq(g->start, 0);
    ck_assert_int_eq(g->trigger, SCN_TRIGGER_EDGE);
    ck_assert_uint_eq(g->count, 10);

    g = &s.generators[2];
    ck_assert_int_eq(g->kind, SCN_GEN_BURST);
    ck_assert_uint_eq(g->intid_lo, 32);
    ck_assert_uint_eq(g->intid_hi, 95);
    ck_assert_uint_eq(g->period, 500);
    ck_assert_uint_eq(g->size, 8);
    ck_assert_uint_eq(g->count, 2);

    g = &s.generators[3];
    ck_assert_int_eq(g->kind, SCN_GEN_IPI);
    ck_assert_uint_eq(g->intid_lo, 3);
    ck_assert_uint_eq(g->from, 0);
    ck_assert_uint_eq(g->to, 1);
    ck_assert_uint_eq(g->period, 10);
    ck_assert_int_eq(g->vcpu, SCN_NO_VCPU);

    g = &s.generators[4]; /* a PPI generator without count, bounded by run.until */
    ck_assert_uint_eq(g->loc.line, 8);
    ck_assert_uint_eq(g->loc.col, 5);
    ck_assert_uint_eq(g->intid_lo, 16);
    ck_assert_uint_eq(g->intid_hi, 31);
    ck_assert_int_eq(g->vcpu, 1);
    ck_assert(!g->has_count);
    ck_assert_int_eq(g->trigger, SCN_TRIGGER_EDGE);
    scenario_free(&s);

    /* a burst without size: every INTID of the range once (size 0) */
    T = HDR3 "workload:\n  - {kind: burst, intid: [40, 41], period: 5, count: 1}\n";
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.generators[0].size, 0);
    scenario_free(&s);
}
END_TEST

START_TEST(test_required_timing)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: 40, count: 3}\n"                  /* 4 */
        "  - {kind: poisson, intid: 40, count: 3}\n"                   /* 5 */
        "  - {kind: burst, intid: [40, 47], count: 3}\n"               /* 6 */
        "  - {kind: ipi, intid: 3, from: 0, to: 1, count: 3}\n"        /* 7 */
        "  - {kind: periodic, intid: 40, period: 0, count: 3}\n"       /* 8 */
        "  - {kind: poisson, intid: 40, mean_gap: 0, count: 3}\n"      /* 9 */
        "  - {kind: periodic, intid: 40, period: -5, count: 3}\n"      /* 10 */
        "  - {kind: periodic, intid: 40, period: 1, start: x, count: 3}\n"; /* 11 */
    EXPECT_DIAGS(T, AT(4, "{kind", "workload[0]: a periodic generator needs 'period' (cycles)"),
                 AT(5, "{kind", "workload[1]: a poisson generator needs 'mean_gap' (cycles)"),
                 AT(6, "{kind", "workload[2]: a burst generator needs 'period' (cycles)"),
                 AT(7, "{kind", "*ipi generator needs 'period' (cycles)"),
                 AFTER(8, "period: ", "workload[4].period: 0 is out of range"),
                 AFTER(9, "mean_gap: ", "workload[5].mean_gap: 0 is out of range"),
                 AFTER(10, "period: ", "workload[6].period: expected a non-negative integer"),
                 AFTER(11, "start: ", "workload[7].start: expected an integer"));
}
END_TEST

START_TEST(test_keys_that_do_not_apply)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: 40, period: 100, count: 3, size: 2, mean_gap: 5}\n"     /* 4 */
        "  - {kind: periodic, intid: 40, period: 100, count: 3, from: 0, to: 1}\n"           /* 5 */
        "  - {kind: poisson, intid: 40, mean_gap: 9, count: 3, period: 4, size: 1}\n"       /* 6 */
        "  - {kind: burst, intid: 40, period: 9, count: 3, mean_gap: 4, from: 1}\n"         /* 7 */
        "  - {kind: ipi, intid: 1, from: 0, to: 1, period: 1, count: 1, vcpu: 0, trigger: edge, size: 2}\n" /* 8 */
        "  - {kind: periodic, intid: 40, period: 100, count: 3, perod: 1}\n";               /* 9 */
    EXPECT_DIAGS(T,
                 AT(4, "size", "workload[0]: 'size' does not apply to a periodic generator"),
                 AT(4, "mean_gap", "workload[0]: 'mean_gap' does not apply to a periodic "
                                   "generator"),
                 AT(5, "from", "workload[1]: 'from' does not apply to a periodic generator"),
                 AT(5, "to:", "workload[1]: 'to' does not apply to a periodic generator"),
                 AT(6, "period", "workload[2]: 'period' does not apply to a poisson generator"),
                 AT(6, "size", "workload[2]: 'size' does not apply to a poisson generator"),
                 AT(7, "mean_gap", "workload[3]: 'mean_gap' does not apply to a burst "
                                   "generator"),
                 AT(7, "from", "workload[3]: 'from' does not apply to a burst generator"),
                 AT(8, "vcpu", "workload[4]: 'vcpu' does not apply to a"),
                 AT(8, "trigger", "workload[4]: 'trigger' does not apply to a"),
                 AT(8, "size", "workload[4]: 'size' does not apply to a"),
                 AT(9, "perod", "unknown key 'perod' in workload[5] (did you mean 'period'?)"));
}
END_TEST

START_TEST(test_intid_ranges)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: [47, 40], period: 1, count: 1}\n"           /* 4 */
        "  - {kind: periodic, intid: [20, 40], period: 1, count: 1}\n"           /* 5 */
        "  - {kind: periodic, intid: [3, 20], period: 1, count: 1}\n"            /* 6 */
        "  - {kind: periodic, intid: 7, period: 1, count: 1}\n"                  /* 7 */
        "  - {kind: ipi, intid: 16, from: 0, to: 1, period: 1, count: 1}\n"      /* 8 */
        "  - {kind: ipi, intid: [3, 20], from: 0, to: 1, period: 1, count: 1}\n" /* 9 */
        "  - {kind: periodic, intid: [40], period: 1, count: 1}\n"               /* 10 */
        "  - {kind: periodic, intid: [40, 41, 42], period: 1, count: 1}\n"       /* 11 */
        "  - {kind: periodic, intid: [40, 96], period: 1, count: 1}\n"           /* 12 */
        "  - {kind: periodic, intid: {lo: 40}, period: 1, count: 1}\n"           /* 13 */
        "  - {kind: periodic, period: 1, count: 1}\n";                           /* 14 */
    EXPECT_DIAGS(T, AFTER(4, "intid: ", "workload[0].intid: the range [47, 40] is empty (first > "
                                        "last)"),
                 AFTER(5, "intid: ", "workload[1]: a range must hold only PPIs or only SPIs"),
                 AFTER(6, "intid: ", "workload[2]: SGIs have no line; generate them with kind: "
                                     "ipi"),
                 AFTER(7, "intid: ", "workload[3]: SGIs have no line"),
                 AFTER(8, "intid: ", "workload[4]: an ipi generator sends SGIs (INTIDs 0..15)"),
                 AFTER(9, "intid: ", "workload[5]: an ipi generator sends SGIs"),
                 AFTER(10, "intid: ", "workload[6].intid: a range is written [first, last]"),
                 AFTER(11, "intid: ", "workload[7].intid: a range is written [first, last]"),
                 AFTER(12, "40, ", "workload[8].intid: INTID 96 does not exist"),
                 AFTER(13, "intid: ", "workload[9].intid: expected a value, got a map"),
                 AT(14, "{kind", "workload[10]: missing 'intid' (an INTID or a range [first, "
                                 "last])"));
    /* [n, n] is a one-INTID range; an ipi range inside the SGIs is fine */
    T = HDR3 "workload:\n"
             "  - {kind: periodic, intid: [50, 50], period: 1, count: 1}\n"
             "  - {kind: ipi, intid: [0, 15], from: 1, to: 0, period: 1, count: 1}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.generators[0].intid_lo, 50);
    ck_assert_uint_eq(s.generators[0].intid_hi, 50);
    ck_assert_uint_eq(s.generators[1].intid_hi, 15);
    ck_assert_uint_eq(s.generators[1].from, 1);
    scenario_free(&s);
}
END_TEST

START_TEST(test_vcpu_and_trigger)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: 20, period: 1, count: 1}\n"                 /* 4 */
        "  - {kind: periodic, intid: 40, vcpu: 0, period: 1, count: 1}\n"        /* 5 */
        "  - {kind: periodic, intid: 20, vcpu: 5, period: 1, count: 1}\n"        /* 6 */
        "  - {kind: periodic, intid: 40, trigger: pulse, period: 1, count: 1}\n" /* 7 */
        "  - {kind: ipi, intid: 1, period: 1, count: 1}\n"                       /* 8 */
        "  - {kind: ipi, intid: 1, from: 2, to: x, period: 1, count: 1}\n"       /* 9 */
        "  - {kind: sporadic, intid: 40, period: 1, count: 1}\n"                 /* 10 */
        "  - {intid: 40, period: 1, count: 1}\n"                                 /* 11 */
        "  - {kind: x, intid: 40, period: 1}\n";                                 /* 12 */
    EXPECT_DIAGS(T, AT(4, "{kind", "workload[0]: PPIs are private to each vCPU; add 'vcpu'"),
                 AFTER(5, "vcpu: ", "workload[1]: 'vcpu' is only for PPIs; SPIs are routed by "
                                    "the distributor"),
                 AFTER(6, "vcpu: ", "workload[2].vcpu: vCPU 5 does not exist (the machine has "
                                    "2 vCPUs: 0..1)"),
                 AFTER(7, "trigger: ", "workload[3].trigger: 'pulse' is not one of: edge, "
                                       "level"),
                 AT(8, "{kind", "workload[4]: missing 'from' (the sending vCPU)"),
                 AT(8, "{kind", "workload[4]: missing 'to' (the receiving vCPU)"),
                 AFTER(9, "from: ", "workload[5].from: vCPU 2 does not exist"),
                 AFTER(9, "to: ", "workload[5].to: expected an integer"),
                 AFTER(10, "kind: ", "workload[6].kind: 'sporadic' is not one of: periodic, "
                                     "poisson, burst, ipi"),
                 AT(11, "{intid", "workload[7]: missing 'kind' (periodic, poisson, burst or "
                                  "ipi)"),
                 /* without a kind nothing else is checked, but a missing count is certain */
                 AT(12, "{kind", "workload[8]: without 'count' this generator never ends"),
                 AFTER(12, "kind: ", "workload[8].kind: 'x' is not one of"));
}
END_TEST

/* PPIs are level-sensitive in KVM: a PPI generator raises a level line unless its
 * trigger says otherwise; SPIs default to edge as the contract says. */
START_TEST(test_ppi_default_trigger_is_level)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: 27, vcpu: 0, period: 100, count: 1}\n"
        "  - {kind: periodic, intid: 27, vcpu: 0, period: 100, count: 1, trigger: edge}\n"
        "  - {kind: periodic, intid: 40, period: 100, count: 1}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_int_eq(s.generators[0].trigger, SCN_TRIGGER_LEVEL);
    ck_assert_int_eq(s.generators[1].trigger, SCN_TRIGGER_EDGE);
    ck_assert_int_eq(s.generators[2].trigger, SCN_TRIGGER_EDGE);
    scenario_free(&s);
}
END_TEST

START_TEST(test_count_and_run_until)
{
    /* without count and without run.until: error at the generator's map */
    const char *T = HDR3
        "workload:\n"
        "  - {kind: periodic, intid: 40, period: 10}\n"
        "  - {kind: poisson, intid: 41, mean_gap: 10, count: 5}\n"
        "  - kind: burst\n"
        "    intid: 42\n"
        "    period: 10\n";
    EXPECT_DIAGS(T, AT(4, "{kind", "workload[0]: without 'count' this generator never ends; "
                                   "give 'count' or bound the run with 'run: {until: CYCLES}'"),
                 AT(6, "kind", "workload[2]: without 'count' this generator never ends"));

    /* with run.until: fine, and unbounded */
    T = HDR3 "workload:\n  - {kind: periodic, intid: 40, period: 10}\nrun: {until: 5000}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert(!s.generators[0].has_count);
    ck_assert(s.has_until);
    scenario_free(&s);

    /* count: 0 is a count */
    T = HDR3 "workload:\n  - {kind: periodic, intid: 40, period: 10, count: 0}\n";
    LOAD_OK(T, &s);
    ck_assert(s.generators[0].has_count);
    ck_assert_uint_eq(s.generators[0].count, 0);
    scenario_free(&s);

    /* a wrong count, a wrong run.until or a wrong generator is reported once, not also
     * as "never ends" */
    T = HDR3 "workload:\n  - {kind: periodic, intid: 40, period: 10, count: x}\n";
    EXPECT_DIAGS(T, AFTER(4, "count: ", "workload[0].count: expected an integer"));
    T = HDR3 "workload:\n  - {kind: periodic, intid: 40, period: 10}\nrun: {until: x}\n";
    EXPECT_DIAGS(T, AFTER(5, "until: ", "run.until: expected an integer"));
    T = HDR3 "workload:\n  - 5\n  - [kind, periodic]\n";
    EXPECT_DIAGS(T, AT(4, "5", "workload[0]: expected a map, got a scalar"),
                 AT(5, "[", "workload[1]: expected a map, got a list"));
}
END_TEST

START_TEST(test_burst_size)
{
    const char *T = HDR3
        "workload:\n"
        "  - {kind: burst, intid: [40, 47], period: 10, count: 1, size: 0}\n"
        "  - {kind: burst, intid: [40, 47], period: 10, count: 1, size: 1048577}\n"
        "  - {kind: burst, intid: [40, 47], period: 10, count: 1, size: 1048576}\n";
    EXPECT_DIAGS(T, AFTER(4, "size: ", "workload[0].size: 0 is out of range (1..1048576)"),
                 AFTER(5, "size: ", "workload[1].size: 1048577 is out of range (1..1048576)"));
}
END_TEST

LOADER_MAIN("loader_workload", test_each_kind, test_required_timing, test_keys_that_do_not_apply,
            test_intid_ranges, test_vcpu_and_trigger, test_ppi_default_trigger_is_level,
            test_count_and_run_until, test_burst_size)
