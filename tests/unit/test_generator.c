/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the PRNG and the lazy workload generators (src/workload). */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "util/cycles.h"
#include "workload/generator.h"
#include "workload/prng.h"

/* Check's own ck_assert* record a checkpoint (a write to a file or pipe) on every
 * success, which makes assertions inside loops of millions of iterations slow; these
 * touch Check only on failure. */
#define REQUIRE(cond)                                                                  \
    do {                                                                               \
        if (!(cond))                                                                   \
            ck_abort_msg("assertion failed: %s", #cond);                              \
    } while (0)
#define REQ_U(a, op, b)                                                                \
    do {                                                                               \
        const uint64_t req_a_ = (a), req_b_ = (b);                                     \
        if (!(req_a_ op req_b_))                                                       \
            ck_abort_msg("assertion failed: %s %s %s (%" PRIu64 " vs %" PRIu64 ")", #a, \
                         #op, #b, req_a_, req_b_);                                     \
    } while (0)
#define REQ_I(a, op, b)                                                                \
    do {                                                                               \
        const int64_t req_a_ = (a), req_b_ = (b);                                      \
        if (!(req_a_ op req_b_))                                                       \
            ck_abort_msg("assertion failed: %s %s %s (%" PRId64 " vs %" PRId64 ")", #a, \
                         #op, #b, req_a_, req_b_);                                     \
    } while (0)

/* ---- helpers ---- */

static struct scn_generator spec_base(enum scn_gen_kind kind, uint32_t lo, uint32_t hi)
{
    struct scn_generator s;
    memset(&s, 0, sizeof(s));
    s.kind = kind;
    s.intid_lo = lo;
    s.intid_hi = hi;
    s.vcpu = SCN_NO_VCPU;
    s.trigger = SCN_TRIGGER_EDGE;
    return s;
}

static bool same_event(const struct gen_event *a, const struct gen_event *b)
{
    return a->time == b->time && a->kind == b->kind && a->intid == b->intid &&
           a->vcpu == b->vcpu && a->from == b->from && a->to == b->to;
}

/* ---- PRNG ---- */

START_TEST(test_prng_xoshiro_reference)
{
    /* xoshiro256** from the state {1, 2, 3, 4}: values of the reference implementation. */
    struct prng p = {{1, 2, 3, 4}};
    REQ_U(prng_next(&p), ==, UINT64_C(11520));
    REQ_U(prng_next(&p), ==, UINT64_C(0));
    REQ_U(prng_next(&p), ==, UINT64_C(1509978240));
    REQ_U(prng_next(&p), ==, UINT64_C(0x10e0000000009d80));
}
END_TEST

START_TEST(test_prng_seed_golden)
{
    /* Pins the seeding: changing it would change every generated workload. */
    struct prng p;
    prng_seed(&p, 1, 0);
    REQ_U(prng_next(&p), ==, UINT64_C(0xc0644693e512d4bc));
    REQ_U(prng_next(&p), ==, UINT64_C(0xac553b15101d7b22));
    REQ_U(prng_next(&p), ==, UINT64_C(0xb57cb49f6710d0a8));
    prng_seed(&p, 7, 3);
    REQ_U(prng_next(&p), ==, UINT64_C(0x369607f80a86e303));
    REQ_U(prng_next(&p), ==, UINT64_C(0x2b5e94d73e527b11));
    REQ_U(prng_next(&p), ==, UINT64_C(0xeeafdcf909247e16));
}
END_TEST

START_TEST(test_prng_streams)
{
    struct prng a, b, c, z;
    prng_seed(&a, 42, 0);
    prng_seed(&b, 42, 0);
    prng_seed(&c, 42, 1);
    prng_seed(&z, 0, 0);
    int same_ac = 0, zero = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t va = prng_next(&a), vc = prng_next(&c);
        REQ_U(va, ==, prng_next(&b));
        same_ac += va == vc;
        zero += prng_next(&z) == 0;
    }
    REQ_I(same_ac, ==, 0);
    REQ_I(zero, <=, 1);
}
END_TEST

START_TEST(test_prng_below_bounds)
{
    static const uint64_t ns[] = {1, 2, 3, 7, 10, 1000, UINT64_C(1) << 32,
                                  (UINT64_C(1) << 63) + 1, UINT64_MAX - 1, UINT64_MAX};
    struct prng p;
    prng_seed(&p, 3, 0);
    for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
        for (int i = 0; i < 20000; i++)
            REQ_U(prng_below(&p, ns[k]), <, ns[k]);
    REQ_U(prng_below(&p, 0), ==, 0);

    /* Every value of a small range comes out. */
    int seen[7] = {0};
    for (int i = 0; i < 1000; i++)
        seen[prng_below(&p, 7)]++;
    for (int v = 0; v < 7; v++)
        REQ_I(seen[v], >, 0);
}
END_TEST

START_TEST(test_prng_below_unbiased)
{
    /* n = 3 * 2^62: a plain "x % n" would return values below 2^62 half of the time;
     * the unbiased method gives 1/3. */
    const uint64_t n = UINT64_C(3) << 62;
    struct prng p;
    prng_seed(&p, 11, 0);
    const int draws = 300000;
    int low = 0;
    for (int i = 0; i < draws; i++)
        low += prng_below(&p, n) < (UINT64_C(1) << 62);
    const double frac = (double)low / draws;
    ck_assert_double_lt(fabs(frac - 1.0 / 3.0), 0.005);
}
END_TEST

START_TEST(test_prng_unit_range)
{
    struct prng p;
    prng_seed(&p, 5, 9);
    double sum = 0;
    const int draws = 1000000;
    for (int i = 0; i < draws; i++) {
        double u = prng_unit(&p);
        REQUIRE(u >= 0.0 && u < 1.0);
        sum += u;
    }
    ck_assert_double_lt(fabs(sum / draws - 0.5), 0.002);

    /* The largest value the mapping can produce (53 one bits) is still below 1. */
    REQUIRE(((double)(UINT64_MAX >> 11) * 0x1.0p-53) < 1.0);
}
END_TEST

START_TEST(test_prng_exponential)
{
    struct prng p;
    prng_seed(&p, 1, 0);
    REQ_U(prng_exponential(&p, 0), ==, 0);
    double sum = 0;
    const int draws = 500000;
    for (int i = 0; i < draws; i++)
        sum += (double)prng_exponential(&p, 500);
    ck_assert_double_lt(fabs(sum / draws - 500.0), 5.0);

    /* mean 0 consumes one draw like any other mean, so streams stay aligned. */
    struct prng a, b;
    prng_seed(&a, 2, 0);
    prng_seed(&b, 2, 0);
    (void)prng_exponential(&a, 0);
    (void)prng_next(&b);
    REQ_U(prng_next(&a), ==, prng_next(&b));
}
END_TEST

/* ---- generators ---- */

START_TEST(test_gen_small_state)
{
    REQ_U(sizeof(struct generator), <, 256);
}
END_TEST

START_TEST(test_gen_determinism)
{
    struct scn_generator s = spec_base(SCN_GEN_POISSON, 32, 95);
    s.start = 1000;
    s.mean_gap = 777;
    struct generator a, b, c, d;
    generator_init(&a, &s, 7, 3);
    generator_init(&b, &s, 7, 3);
    generator_init(&c, &s, 8, 3);  /* other seed */
    generator_init(&d, &s, 7, 4);  /* other index */
    int diff_seed = 0, diff_index = 0;
    for (int i = 0; i < 100000; i++) {
        struct gen_event ea, eb, ec, ed;
        REQUIRE(generator_next(&a, &ea));
        REQUIRE(generator_next(&b, &eb));
        REQUIRE(generator_next(&c, &ec));
        REQUIRE(generator_next(&d, &ed));
        REQUIRE(same_event(&ea, &eb));
        diff_seed += !same_event(&ea, &ec);
        diff_index += !same_event(&ea, &ed);
    }
    REQ_I(diff_seed, >, 99000);
    REQ_I(diff_index, >, 99000);

    /* The same holds for a range-picking periodic generator and for bursts. */
    struct scn_generator p = spec_base(SCN_GEN_BURST, 40, 47);
    p.period = 100;
    p.size = 3;
    generator_init(&a, &p, 99, 0);
    generator_init(&b, &p, 99, 0);
    generator_init(&c, &p, 100, 0);
    int diff = 0;
    for (int i = 0; i < 100000; i++) {
        struct gen_event ea, eb, ec;
        REQUIRE(generator_next(&a, &ea));
        REQUIRE(generator_next(&b, &eb));
        REQUIRE(generator_next(&c, &ec));
        REQUIRE(same_event(&ea, &eb));
        diff += ea.intid != ec.intid;
    }
    REQ_I(diff, >, 80000);
}
END_TEST

START_TEST(test_gen_periodic_exact)
{
    struct scn_generator s = spec_base(SCN_GEN_PERIODIC, 27, 27);
    s.vcpu = 2;
    s.start = 100;
    s.period = 250;
    s.has_count = true;
    s.count = 1000;
    struct generator g;
    generator_init(&g, &s, 1, 0);
    struct gen_event ev;
    for (uint64_t i = 0; i < 1000; i++) {
        REQUIRE(generator_next(&g, &ev));
        REQ_U(ev.time, ==, 100 + i * 250);
        REQ_I(ev.kind, ==, GEN_EV_PULSE);
        REQ_U(ev.intid, ==, 27);
        REQ_I(ev.vcpu, ==, 2);
        REQ_U(ev.from, ==, 0);
        REQ_U(ev.to, ==, 0);
    }
    REQUIRE(!generator_next(&g, &ev));
    REQUIRE(!generator_next(&g, &ev));
}
END_TEST

START_TEST(test_gen_level_trigger)
{
    struct scn_generator s = spec_base(SCN_GEN_PERIODIC, 40, 40);
    s.trigger = SCN_TRIGGER_LEVEL;
    s.period = 10;
    s.has_count = true;
    s.count = 3;
    struct generator g;
    generator_init(&g, &s, 1, 0);
    struct gen_event ev;
    int n = 0;
    while (generator_next(&g, &ev)) {
        REQ_I(ev.kind, ==, GEN_EV_RAISE);
        REQ_I(ev.vcpu, ==, SCN_NO_VCPU);
        n++;
    }
    REQ_I(n, ==, 3);
}
END_TEST

START_TEST(test_gen_burst_sized)
{
    struct scn_generator s = spec_base(SCN_GEN_BURST, 40, 47);
    s.start = 500;
    s.period = 1000;
    s.size = 5;
    s.has_count = true;
    s.count = 10;
    struct generator g;
    generator_init(&g, &s, 4, 1);
    struct gen_event ev;
    for (uint64_t b = 0; b < 10; b++)
        for (int k = 0; k < 5; k++) {
            REQUIRE(generator_next(&g, &ev));
            REQ_U(ev.time, ==, 500 + b * 1000);
            REQ_U(ev.intid, >=, 40);
            REQ_U(ev.intid, <=, 47);
            REQ_I(ev.kind, ==, GEN_EV_PULSE);
        }
    REQUIRE(!generator_next(&g, &ev));
}
END_TEST

START_TEST(test_gen_burst_full_range)
{
    struct scn_generator s = spec_base(SCN_GEN_BURST, 40, 47);
    s.start = 0;
    s.period = 300;
    s.has_count = true;
    s.count = 3;
    struct generator g;
    generator_init(&g, &s, 4, 1);
    struct gen_event ev;
    for (uint64_t b = 0; b < 3; b++)
        for (uint32_t k = 0; k < 8; k++) {
            REQUIRE(generator_next(&g, &ev));
            REQ_U(ev.time, ==, b * 300);
            REQ_U(ev.intid, ==, 40 + k);
        }
    REQUIRE(!generator_next(&g, &ev));
}
END_TEST

START_TEST(test_gen_burst_single)
{
    /* Single INTID without size: once per burst. */
    struct scn_generator s = spec_base(SCN_GEN_BURST, 33, 33);
    s.start = 10;
    s.period = 20;
    s.has_count = true;
    s.count = 4;
    struct generator g;
    generator_init(&g, &s, 4, 1);
    struct gen_event ev;
    for (uint64_t b = 0; b < 4; b++) {
        REQUIRE(generator_next(&g, &ev));
        REQ_U(ev.time, ==, 10 + b * 20);
        REQ_U(ev.intid, ==, 33);
    }
    REQUIRE(!generator_next(&g, &ev));

    /* Single INTID with size: `size` times per burst. */
    s.size = 3;
    generator_init(&g, &s, 4, 1);
    for (uint64_t b = 0; b < 4; b++)
        for (int k = 0; k < 3; k++) {
            REQUIRE(generator_next(&g, &ev));
            REQ_U(ev.time, ==, 10 + b * 20);
            REQ_U(ev.intid, ==, 33);
        }
    REQUIRE(!generator_next(&g, &ev));
}
END_TEST

START_TEST(test_gen_ipi)
{
    struct scn_generator s = spec_base(SCN_GEN_IPI, 3, 3);
    s.from = 1;
    s.to = 2;
    s.start = 7;
    s.period = 100;
    s.trigger = SCN_TRIGGER_LEVEL; /* ignored: SGIs have no line */
    s.has_count = true;
    s.count = 5;
    struct generator g;
    generator_init(&g, &s, 1, 2);
    struct gen_event ev;
    for (uint64_t i = 0; i < 5; i++) {
        REQUIRE(generator_next(&g, &ev));
        REQ_U(ev.time, ==, 7 + i * 100);
        REQ_I(ev.kind, ==, GEN_EV_SGI);
        REQ_U(ev.intid, ==, 3);
        REQ_U(ev.from, ==, 1);
        REQ_U(ev.to, ==, 2);
        REQ_I(ev.vcpu, ==, SCN_NO_VCPU);
    }
    REQUIRE(!generator_next(&g, &ev));

    /* A range: uniform over SGIs 0..15, every one seen. */
    s = spec_base(SCN_GEN_IPI, 0, 15);
    s.from = 0;
    s.to = 3;
    s.period = 1;
    s.has_count = true;
    s.count = 4000;
    generator_init(&g, &s, 1, 2);
    int seen[16] = {0};
    while (generator_next(&g, &ev)) {
        REQ_U(ev.intid, <=, 15);
        REQ_U(ev.from, ==, 0);
        REQ_U(ev.to, ==, 3);
        seen[ev.intid]++;
    }
    for (int i = 0; i < 16; i++)
        REQ_I(seen[i], >, 150);
}
END_TEST

START_TEST(test_gen_poisson_mean)
{
    struct scn_generator s = spec_base(SCN_GEN_POISSON, 50, 50);
    s.start = 5000;
    s.mean_gap = 1000;
    s.has_count = true;
    s.count = 200000;
    struct generator g;
    generator_init(&g, &s, 12345, 0);
    struct gen_event ev;
    uint64_t prev = s.start, n = 0, zero_gaps = 0;
    while (generator_next(&g, &ev)) {
        REQ_U(ev.time, >=, prev);
        zero_gaps += ev.time == prev;
        prev = ev.time;
        n++;
    }
    REQ_U(n, ==, 200000);
    const double mean = (double)(prev - s.start) / (double)n;
    ck_assert_double_lt(fabs(mean - 1000.0), 20.0);
    /* P(gap rounds to 0) = 1 - exp(-0.5/1000) ~ 0.05%: a few, not many. */
    REQ_U(zero_gaps, <, 400);

    /* Small mean: zero gaps are allowed and times stay non-decreasing. */
    s.mean_gap = 1;
    generator_init(&g, &s, 1, 0);
    prev = 0;
    zero_gaps = 0;
    while (generator_next(&g, &ev)) {
        REQ_U(ev.time, >=, prev);
        zero_gaps += ev.time == prev;
        prev = ev.time;
    }
    REQ_U(zero_gaps, >, 0);
}
END_TEST

/* Chi-square statistic of counts against a uniform expectation. */
static double chi_square(const uint64_t *counts, size_t bins, uint64_t total)
{
    const double expect = (double)total / (double)bins;
    double chi = 0;
    for (size_t i = 0; i < bins; i++) {
        const double d = (double)counts[i] - expect;
        chi += d * d / expect;
    }
    return chi;
}

START_TEST(test_gen_uniform_range)
{
    /* 32 bins, 31 degrees of freedom: mean 31, sd ~7.9; 80 is > 6 sd out. */
    enum { LO = 32, HI = 63, BINS = HI - LO + 1 };
    static const enum scn_gen_kind kinds[] = {SCN_GEN_PERIODIC, SCN_GEN_POISSON, SCN_GEN_BURST};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        struct scn_generator s = spec_base(kinds[k], LO, HI);
        s.period = 10;
        s.mean_gap = 10;
        s.size = kinds[k] == SCN_GEN_BURST ? 4 : 0;
        s.has_count = true;
        s.count = kinds[k] == SCN_GEN_BURST ? 80000 : 320000;
        struct generator g;
        generator_init(&g, &s, 2024, (uint32_t)k);
        uint64_t counts[BINS] = {0}, total = 0;
        struct gen_event ev;
        while (generator_next(&g, &ev)) {
            REQ_U(ev.intid, >=, LO);
            REQ_U(ev.intid, <=, HI);
            counts[ev.intid - LO]++;
            total++;
        }
        REQ_U(total, ==, 320000);
        for (int i = 0; i < BINS; i++)
            REQ_U(counts[i], >, 0);
        ck_assert_double_lt(chi_square(counts, BINS, total), 80.0);
    }
}
END_TEST

START_TEST(test_gen_exhaustion)
{
    struct scn_generator s = spec_base(SCN_GEN_PERIODIC, 40, 41);
    s.period = 5;
    s.has_count = true;
    s.count = 0;
    struct generator g;
    struct gen_event ev;
    generator_init(&g, &s, 1, 0);
    REQUIRE(!generator_next(&g, &ev));

    s.count = 17;
    generator_init(&g, &s, 1, 0);
    int n = 0;
    while (generator_next(&g, &ev))
        n++;
    REQ_I(n, ==, 17);
    for (int i = 0; i < 3; i++)
        REQUIRE(!generator_next(&g, &ev));

    /* Burst with count 0 and poisson with count 0: nothing either. */
    s.kind = SCN_GEN_BURST;
    s.count = 0;
    generator_init(&g, &s, 1, 0);
    REQUIRE(!generator_next(&g, &ev));
    s.kind = SCN_GEN_POISSON;
    s.mean_gap = 5;
    generator_init(&g, &s, 1, 0);
    REQUIRE(!generator_next(&g, &ev));
}
END_TEST

START_TEST(test_gen_unbounded)
{
    static const enum scn_gen_kind kinds[] = {SCN_GEN_PERIODIC, SCN_GEN_POISSON, SCN_GEN_BURST,
                                              SCN_GEN_IPI};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        struct scn_generator s = spec_base(kinds[k], 40, 47);
        if (kinds[k] == SCN_GEN_IPI) {
            s.intid_lo = s.intid_hi = 1;
            s.to = 1;
        }
        s.period = 3;
        s.mean_gap = 3;
        struct generator g;
        generator_init(&g, &s, 1, 0);
        struct gen_event ev;
        uint64_t prev = 0;
        for (int i = 0; i < 1000000; i++) {
            REQUIRE(generator_next(&g, &ev));
            REQ_U(ev.time, >=, prev);
            prev = ev.time;
        }
        REQ_U(prev, >, 100000);
    }
}
END_TEST

START_TEST(test_gen_overflow)
{
    /* No event after the horizon (util/cycles.h): times never wrap. */
    struct scn_generator s = spec_base(SCN_GEN_PERIODIC, 40, 40);
    s.start = CYC_HORIZON - 10;
    s.period = 4;
    struct generator g;
    struct gen_event ev;
    generator_init(&g, &s, 1, 0);
    REQUIRE(generator_next(&g, &ev));
    REQ_U(ev.time, ==, CYC_HORIZON - 10);
    REQUIRE(generator_next(&g, &ev));
    REQ_U(ev.time, ==, CYC_HORIZON - 6);
    REQUIRE(generator_next(&g, &ev));
    REQ_U(ev.time, ==, CYC_HORIZON - 2);
    REQUIRE(!generator_next(&g, &ev));
    REQUIRE(!generator_next(&g, &ev));

    /* An event exactly at the horizon is still produced. */
    s.start = CYC_HORIZON - 8;
    generator_init(&g, &s, 1, 0);
    int n = 0;
    while (generator_next(&g, &ev))
        n++;
    REQ_I(n, ==, 3);
    REQ_U(ev.time, ==, CYC_HORIZON);

    /* A start past the horizon produces nothing; a period that would wrap ends it. */
    s.start = CYC_HORIZON + 1;
    generator_init(&g, &s, 1, 0);
    REQUIRE(!generator_next(&g, &ev));
    s.start = 5;
    s.period = UINT64_MAX;
    generator_init(&g, &s, 1, 0);
    REQUIRE(generator_next(&g, &ev));
    REQ_U(ev.time, ==, 5);
    REQUIRE(!generator_next(&g, &ev));

    /* A burst at the edge is delivered whole, then the generator ends. */
    s = spec_base(SCN_GEN_BURST, 40, 43);
    s.start = CYC_HORIZON - 1;
    s.period = 2;
    generator_init(&g, &s, 1, 0);
    n = 0;
    while (generator_next(&g, &ev)) {
        REQ_U(ev.time, ==, CYC_HORIZON - 1);
        n++;
    }
    REQ_I(n, ==, 4);

    /* Poisson: huge gaps run off the end of time, also gaps that would wrap. */
    uint64_t starts[] = {CYC_HORIZON / 2, UINT64_MAX / 2};
    for (int k = 0; k < 2; k++) {
        s = spec_base(SCN_GEN_POISSON, 40, 40);
        s.start = starts[k];
        s.mean_gap = UINT64_MAX / 8;
        generator_init(&g, &s, 1, 0);
        n = 0;
        uint64_t prev = s.start;
        while (generator_next(&g, &ev)) {
            REQ_U(ev.time, >=, prev);
            REQ_U(ev.time, <=, CYC_HORIZON);
            prev = ev.time;
            REQ_I(++n, <, 1000);
        }
        REQUIRE(!generator_next(&g, &ev));
    }
}
END_TEST

START_TEST(test_gen_zero_period)
{
    /* Counted: every event at start. */
    struct scn_generator s = spec_base(SCN_GEN_PERIODIC, 40, 40);
    s.start = 42;
    s.period = 0;
    s.has_count = true;
    s.count = 5;
    struct generator g;
    struct gen_event ev;
    generator_init(&g, &s, 1, 0);
    int n = 0;
    while (generator_next(&g, &ev)) {
        REQ_U(ev.time, ==, 42);
        n++;
    }
    REQ_I(n, ==, 5);

    /* Unbounded at one cycle would never end: one event (one burst) only. */
    s.has_count = false;
    generator_init(&g, &s, 1, 0);
    REQUIRE(generator_next(&g, &ev));
    REQUIRE(!generator_next(&g, &ev));

    s = spec_base(SCN_GEN_BURST, 40, 43);
    generator_init(&g, &s, 1, 0);
    n = 0;
    while (generator_next(&g, &ev))
        n++;
    REQ_I(n, ==, 4);

    s = spec_base(SCN_GEN_POISSON, 40, 43);
    generator_init(&g, &s, 1, 0);
    REQUIRE(generator_next(&g, &ev));
    REQ_U(ev.time, ==, 0);
    REQUIRE(!generator_next(&g, &ev));
}
END_TEST

START_TEST(test_gen_ten_million)
{
    /* Ten million events cost only the generator's state: drain them all. */
    struct scn_generator s = spec_base(SCN_GEN_PERIODIC, 32, 1023);
    s.start = 1;
    s.period = 3;
    s.has_count = true;
    s.count = 10000000;
    struct generator g;
    generator_init(&g, &s, 1, 0);
    struct gen_event ev;
    uint64_t n = 0, sum = 0, last = 0;
    while (generator_next(&g, &ev)) {
        sum += ev.intid;
        last = ev.time;
        n++;
    }
    REQ_U(n, ==, 10000000);
    REQ_U(last, ==, 1 + (uint64_t)(10000000 - 1) * 3);
    /* Mean INTID of a uniform pick over 32..1023 is 527.5. */
    ck_assert_double_lt(fabs((double)sum / (double)n - 527.5), 1.0);
}
END_TEST

static Suite *generator_suite(void)
{
    Suite *s = suite_create("generator");
    TCase *tp = tcase_create("prng");
    tcase_add_test(tp, test_prng_xoshiro_reference);
    tcase_add_test(tp, test_prng_seed_golden);
    tcase_add_test(tp, test_prng_streams);
    tcase_add_test(tp, test_prng_below_bounds);
    tcase_add_test(tp, test_prng_below_unbiased);
    tcase_add_test(tp, test_prng_unit_range);
    tcase_add_test(tp, test_prng_exponential);
    suite_add_tcase(s, tp);

    TCase *tg = tcase_create("generator");
    tcase_set_timeout(tg, 120);
    tcase_add_test(tg, test_gen_small_state);
    tcase_add_test(tg, test_gen_determinism);
    tcase_add_test(tg, test_gen_periodic_exact);
    tcase_add_test(tg, test_gen_level_trigger);
    tcase_add_test(tg, test_gen_burst_sized);
    tcase_add_test(tg, test_gen_burst_full_range);
    tcase_add_test(tg, test_gen_burst_single);
    tcase_add_test(tg, test_gen_ipi);
    tcase_add_test(tg, test_gen_poisson_mean);
    tcase_add_test(tg, test_gen_uniform_range);
    tcase_add_test(tg, test_gen_exhaustion);
    tcase_add_test(tg, test_gen_unbounded);
    tcase_add_test(tg, test_gen_overflow);
    tcase_add_test(tg, test_gen_zero_period);
    tcase_add_test(tg, test_gen_ten_million);
    suite_add_tcase(s, tg);
    return s;
}

int main(void)
{
    return test_run_suite(generator_suite());
}
