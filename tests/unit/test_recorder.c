/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the latency recorder (src/record/recorder.h): the matching
 * rules, the per-class and per-vCPU breakdown, what `expect` needs (ack
 * counts, ack order, spurious reads) and bounded memory over long runs. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "record/recorder.h"
#include "test_support.h"

/* ---- helpers ------------------------------------------------------------- */

static struct rec_counts counts(const struct recorder *r)
{
    struct rec_counts c;
    rec_get_counts(r, &c);
    return c;
}

/* An instance the device or guest raises and KVM has pending at once (no injection in
 * between): what every matching test below starts from. */
static void raised_in_kvm(struct recorder *r, int32_t vcpu, uint32_t value, uint64_t t)
{
    rec_raised(r, vcpu, value, t);
    rec_pended(r, vcpu, value, t, t);
}

/* count, min and max of a distribution in one go */
static void expect_stats(const struct latency_stats *s, uint64_t n, uint64_t min, uint64_t max)
{
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(lat_count(s), n);
    ck_assert_uint_eq(lat_min(s), min);
    ck_assert_uint_eq(lat_max(s), max);
}

/* ---- one instance through every stage ------------------------------------ */

START_TEST(test_single_instance)
{
    struct recorder *r = recorder_create(2, 64);
    raised_in_kvm(r, -1, 40, 100);
    ck_assert_uint_eq(rec_open_instances(r), 1);
    rec_listed(r, 0, 40, 150);
    rec_acked(r, 0, 40, 400);
    rec_completed(r, 0, 40, 1000);

    expect_stats(rec_stats(r, REC_DELIVERY), 1, 300, 300);
    expect_stats(rec_stats(r, REC_INJECTION), 1, 50, 50);
    expect_stats(rec_stats(r, REC_SERVICE), 1, 600, 600);
    ck_assert(lat_mean(rec_stats(r, REC_DELIVERY)) == 300.0);
    expect_stats(rec_stats_class(r, REC_DELIVERY, REC_SPI), 1, 300, 300);
    expect_stats(rec_stats_class(r, REC_DELIVERY, REC_SGI), 0, 0, 0);
    expect_stats(rec_stats_class(r, REC_DELIVERY, REC_PPI), 0, 0, 0);
    expect_stats(rec_stats_vcpu(r, REC_SERVICE, 0), 1, 600, 600);
    expect_stats(rec_stats_vcpu(r, REC_SERVICE, 1), 0, 0, 0);
    expect_stats(rec_stats(r, REC_ACCESS), 0, 0, 0);

    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.raised, 1);
    ck_assert_uint_eq(c.acked, 1);
    ck_assert_uint_eq(c.delivered, 1);
    ck_assert_uint_eq(c.completed, 1);
    ck_assert_uint_eq(c.coalesced, 0);
    ck_assert_uint_eq(c.undelivered, 0);
    ck_assert_uint_eq(c.uncompleted, 0);
    ck_assert_uint_eq(c.unmatched_acks + c.unmatched_completions + c.unmatched_lists, 0);
    ck_assert_uint_eq(c.invalid + c.negative + c.unlisted_acks + c.spurious, 0);
    ck_assert_uint_eq(rec_open_instances(r), 0);
    recorder_free(r);
    recorder_free(NULL);
}
END_TEST

/* ---- coalescing and listing ----------------------------------------------- */

START_TEST(test_coalescing)
{
    struct recorder *r = recorder_create(1, 64);
    raised_in_kvm(r, -1, 40, 100);
    raised_in_kvm(r, -1, 40, 120);
    rec_listed(r, 0, 40, 200);
    rec_acked(r, 0, 40, 300);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.acked, 1);
    ck_assert_uint_eq(c.delivered, 2);
    ck_assert_uint_eq(c.coalesced, 1);
    ck_assert_uint_eq(c.uncompleted, 2);
    expect_stats(rec_stats(r, REC_DELIVERY), 2, 180, 200);
    expect_stats(rec_stats(r, REC_INJECTION), 2, 80, 100);
    ck_assert_uint_eq(rec_ack_count(r, -1, 40), 1);

    /* Completion: one service sample per instance, one completion. */
    rec_completed(r, 0, 40, 500);
    expect_stats(rec_stats(r, REC_SERVICE), 2, 200, 200);
    c = counts(r);
    ck_assert_uint_eq(c.completed, 1);
    ck_assert_uint_eq(c.uncompleted, 0);
    ck_assert_uint_eq(rec_open_instances(r), 0);
    recorder_free(r);
}
END_TEST

START_TEST(test_raise_after_listing_is_next_delivery)
{
    struct recorder *r = recorder_create(1, 64);
    raised_in_kvm(r, -1, 33, 100);
    rec_listed(r, 0, 33, 200);
    raised_in_kvm(r, -1, 33, 250); /* after the listing */
    rec_acked(r, 0, 33, 300);
    expect_stats(rec_stats(r, REC_DELIVERY), 1, 200, 200);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.coalesced, 0);
    ck_assert_uint_eq(c.undelivered, 1);
    ck_assert_uint_eq(c.uncompleted, 1);

    rec_listed(r, 0, 33, 400);
    rec_acked(r, 0, 33, 500); /* not completed yet: still a separate delivery */
    expect_stats(rec_stats(r, REC_DELIVERY), 2, 200, 250);
    expect_stats(rec_stats(r, REC_INJECTION), 2, 100, 150);
    c = counts(r);
    ck_assert_uint_eq(c.coalesced, 0);
    ck_assert_uint_eq(c.undelivered, 0);
    ck_assert_uint_eq(c.uncompleted, 2);
    rec_completed(r, 0, 33, 600);
    expect_stats(rec_stats(r, REC_SERVICE), 2, 100, 300);
    recorder_free(r);
}
END_TEST

START_TEST(test_relisting_keeps_first_time)
{
    struct recorder *r = recorder_create(1, 64);
    raised_in_kvm(r, -1, 50, 100);
    rec_listed(r, 0, 50, 200);
    rec_listed(r, 0, 50, 300); /* same instance written again */
    raised_in_kvm(r, -1, 50, 350);
    rec_listed(r, 0, 50, 370); /* only the new instance takes 370 */
    rec_acked(r, 0, 50, 400);
    expect_stats(rec_stats(r, REC_INJECTION), 2, 20, 100);
    expect_stats(rec_stats(r, REC_DELIVERY), 2, 50, 300);
    ck_assert_uint_eq(counts(r).coalesced, 1);
    /* Listing with nothing unacknowledged: unmatched, no effect. */
    rec_listed(r, 0, 50, 450);
    rec_listed(r, 0, 51, 450);
    ck_assert_uint_eq(counts(r).unmatched_lists, 2);
    recorder_free(r);
}
END_TEST

START_TEST(test_ack_without_listing)
{
    struct recorder *r = recorder_create(1, 64);
    raised_in_kvm(r, -1, 40, 100);
    raised_in_kvm(r, -1, 40, 150);
    rec_acked(r, 0, 40, 300); /* oldest one, injection unknown */
    expect_stats(rec_stats(r, REC_DELIVERY), 1, 200, 200);
    expect_stats(rec_stats(r, REC_INJECTION), 0, 0, 0);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.unlisted_acks, 1);
    ck_assert_uint_eq(c.unmatched_acks, 0);
    ck_assert_uint_eq(c.undelivered, 1);
    rec_completed(r, 0, 40, 310);
    rec_acked(r, 0, 40, 400);
    expect_stats(rec_stats(r, REC_DELIVERY), 2, 200, 250);
    ck_assert_uint_eq(counts(r).unlisted_acks, 2);
    recorder_free(r);
}
END_TEST

/* ---- breakdown ------------------------------------------------------------ */

START_TEST(test_class_and_vcpu_breakdown)
{
    struct recorder *r = recorder_create(4, 64);
    /* SGI 3 to vCPU 1 (v3: no source bits), PPI 27 on vCPU 2, SPI 40 taken by vCPU 3. */
    raised_in_kvm(r, 1, 3, 0);
    rec_listed(r, 1, 3, 10);
    rec_acked(r, 1, 3, 100);
    rec_completed(r, 1, 3, 1100);

    raised_in_kvm(r, 2, 27, 0);
    rec_listed(r, 2, 27, 20);
    rec_acked(r, 2, 27, 200);
    rec_completed(r, 2, 27, 2200);

    raised_in_kvm(r, -1, 40, 0);
    rec_listed(r, 3, 40, 30);
    rec_acked(r, 3, 40, 300);
    rec_completed(r, 3, 40, 3300);

    expect_stats(rec_stats(r, REC_DELIVERY), 3, 100, 300);
    expect_stats(rec_stats_class(r, REC_DELIVERY, REC_SGI), 1, 100, 100);
    expect_stats(rec_stats_class(r, REC_DELIVERY, REC_PPI), 1, 200, 200);
    expect_stats(rec_stats_class(r, REC_DELIVERY, REC_SPI), 1, 300, 300);
    expect_stats(rec_stats_class(r, REC_INJECTION, REC_PPI), 1, 20, 20);
    expect_stats(rec_stats_class(r, REC_SERVICE, REC_SPI), 1, 3000, 3000);
    expect_stats(rec_stats_vcpu(r, REC_DELIVERY, 0), 0, 0, 0);
    expect_stats(rec_stats_vcpu(r, REC_DELIVERY, 1), 1, 100, 100);
    expect_stats(rec_stats_vcpu(r, REC_INJECTION, 2), 1, 20, 20);
    expect_stats(rec_stats_vcpu(r, REC_SERVICE, 3), 1, 3000, 3000);
    /* Unknown vCPU, class of REC_ACCESS: empty objects, never NULL. */
    expect_stats(rec_stats_vcpu(r, REC_DELIVERY, 4), 0, 0, 0);
    expect_stats(rec_stats_vcpu(r, REC_DELIVERY, UINT32_MAX), 0, 0, 0);
    expect_stats(rec_stats_class(r, REC_ACCESS, REC_SPI), 0, 0, 0);
    /* By INTID: another PPI 27 instance on vCPU 0 joins vCPU 2's in one breakdown. */
    raised_in_kvm(r, 0, 27, 5000);
    rec_acked(r, 0, 27, 5050);
    expect_stats(rec_stats_intid(r, REC_DELIVERY, 27), 2, 50, 200);
    expect_stats(rec_stats_intid(r, REC_SERVICE, 40), 1, 3000, 3000);
    expect_stats(rec_stats_intid(r, REC_DELIVERY, 41), 0, 0, 0);
    expect_stats(rec_stats_intid(r, REC_DELIVERY, 64), 0, 0, 0);   /* beyond nr_irqs */
    expect_stats(rec_stats_intid(r, REC_ACCESS, 27), 0, 0, 0);
    ck_assert_uint_eq(rec_nr_irqs(r), 64);

    ck_assert_int_eq(rec_class_of(15), REC_SGI);
    ck_assert_int_eq(rec_class_of(15 | 7 << 10), REC_SGI);
    ck_assert_int_eq(rec_class_of(16), REC_PPI);
    ck_assert_int_eq(rec_class_of(31), REC_PPI);
    ck_assert_int_eq(rec_class_of(32), REC_SPI);
    ck_assert_uint_eq(rec_vcpus(r), 4);
    recorder_free(r);
}
END_TEST

START_TEST(test_private_banks_are_separate)
{
    struct recorder *r = recorder_create(2, 64);
    raised_in_kvm(r, 0, 20, 100);
    raised_in_kvm(r, 1, 20, 150);
    rec_listed(r, 1, 20, 160);
    rec_acked(r, 1, 20, 200); /* vCPU 1's PPI 20 only */
    expect_stats(rec_stats(r, REC_DELIVERY), 1, 50, 50);
    ck_assert_uint_eq(counts(r).undelivered, 1);
    rec_acked(r, 0, 20, 400); /* vCPU 0's, never listed */
    expect_stats(rec_stats_vcpu(r, REC_DELIVERY, 0), 1, 300, 300);
    ck_assert_uint_eq(counts(r).undelivered, 0);
    recorder_free(r);
}
END_TEST

START_TEST(test_v2_sgi_sources_are_separate_keys)
{
    struct recorder *r = recorder_create(4, 64);
    uint32_t from0 = 5 | 0u << 10, from2 = 5 | 2u << 10;
    rec_keep_ack_order(r, 1);
    raised_in_kvm(r, 1, from0, 100);
    raised_in_kvm(r, 1, from2, 110);
    rec_listed(r, 1, from2, 120);
    rec_acked(r, 1, from2, 200); /* resolves source 2 only */
    expect_stats(rec_stats(r, REC_DELIVERY), 1, 90, 90);
    expect_stats(rec_stats(r, REC_INJECTION), 1, 10, 10);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.coalesced, 0);
    ck_assert_uint_eq(c.undelivered, 1);

    rec_completed(r, 1, from0, 210); /* source 0 is not acknowledged */
    ck_assert_uint_eq(counts(r).unmatched_completions, 1);
    rec_completed(r, 1, from2, 220);
    expect_stats(rec_stats_class(r, REC_SERVICE, REC_SGI), 1, 20, 20);

    rec_listed(r, 1, from0, 300);
    rec_acked(r, 1, from0, 400);
    expect_stats(rec_stats(r, REC_DELIVERY), 2, 90, 300);
    /* ack counts and order use bits 9:0 */
    ck_assert_uint_eq(rec_ack_count(r, 1, 5), 2);
    ck_assert_uint_eq(rec_ack_count(r, -1, 5), 2);
    size_t n;
    const uint32_t *order = rec_ack_order(r, 1, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(order[0], 5);
    ck_assert_uint_eq(order[1], 5);
    /* Source bits on a non-SGI, or bits above 12: invalid. */
    rec_raised(r, 1, 20 | 1u << 10, 0);
    rec_raised(r, -1, 40 | 1u << 10, 0);
    rec_raised(r, -1, 1u << 13 | 40, 0);
    ck_assert_uint_eq(counts(r).invalid, 3);
    recorder_free(r);
}
END_TEST

/* ---- what `expect` reads --------------------------------------------------- */

START_TEST(test_spurious)
{
    struct recorder *r = recorder_create(2, 64);
    rec_keep_ack_order(r, 0);
    rec_acked(r, 0, 1023, 10);
    rec_acked(r, 0, 1023, 20);
    rec_acked(r, 1, 1023, 30);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.spurious, 3);
    ck_assert_uint_eq(c.acked, 0);
    ck_assert_uint_eq(c.unmatched_acks, 0);
    ck_assert_uint_eq(rec_spurious(r, -1), 3);
    ck_assert_uint_eq(rec_spurious(r, 0), 2);
    ck_assert_uint_eq(rec_spurious(r, 1), 1);
    ck_assert_uint_eq(rec_spurious(r, 2), 0);
    ck_assert_uint_eq(rec_ack_count(r, 0, 1023), 2);
    size_t n = 99;
    ck_assert_ptr_null(rec_ack_order(r, 0, &n)); /* spurious reads are not in the order */
    ck_assert_uint_eq(n, 0);
    expect_stats(rec_stats(r, REC_DELIVERY), 0, 0, 0);
    recorder_free(r);
}
END_TEST

START_TEST(test_ack_counts_and_order)
{
    struct recorder *r = recorder_create(3, 64);
    rec_keep_ack_order(r, 0);
    rec_keep_ack_order(r, 2);
    rec_keep_ack_order(r, 7); /* unknown vCPU: ignored */
    const uint32_t seq0[] = { 30, 40, 41, 40, 2 };
    for (size_t i = 0; i < 5; i++) {
        uint32_t id = seq0[i];
        raised_in_kvm(r, id < 32 ? 0 : -1, id, 10 * i);
        rec_listed(r, 0, id, 10 * i + 1);
        rec_acked(r, 0, id, 10 * i + 5);
        rec_completed(r, 0, id, 10 * i + 8);
    }
    raised_in_kvm(r, -1, 40, 100);
    rec_listed(r, 1, 40, 101);
    rec_acked(r, 1, 40, 105);
    rec_acked(r, 2, 1023, 106);

    ck_assert_uint_eq(rec_ack_count(r, -1, 40), 3);
    ck_assert_uint_eq(rec_ack_count(r, 0, 40), 2);
    ck_assert_uint_eq(rec_ack_count(r, 1, 40), 1);
    ck_assert_uint_eq(rec_ack_count(r, 1, 41), 0);
    ck_assert_uint_eq(rec_ack_count(r, 2, 40), 0);
    ck_assert_uint_eq(rec_ack_count(r, -1, 41), 1);
    ck_assert_uint_eq(rec_ack_count(r, -1, 42), 0);
    ck_assert_uint_eq(rec_ack_count(r, 3, 40), 0);    /* unknown vCPU */
    ck_assert_uint_eq(rec_ack_count(r, -1, 5000), 0); /* not an INTID */

    size_t n;
    const uint32_t *o = rec_ack_order(r, 0, &n);
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_uint_eq(o[i], seq0[i]);
    ck_assert_ptr_null(rec_ack_order(r, 1, &n)); /* not kept */
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(rec_ack_order(r, 2, &n)); /* kept, only a spurious read */
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(rec_ack_order(r, 9, &n));
    ck_assert_uint_eq(counts(r).acked, 6);
    recorder_free(r);
}
END_TEST

START_TEST(test_long_ack_order)
{
    struct recorder *r = recorder_create(1, 1024);
    rec_keep_ack_order(r, 0);
    for (uint32_t i = 0; i < 10000; i++)
        rec_acked(r, 0, 32 + i % 900, i); /* unmatched, still in the order */
    size_t n;
    const uint32_t *o = rec_ack_order(r, 0, &n);
    ck_assert_uint_eq(n, 10000);
    for (uint32_t i = 0; i < 10000; i++)
        ck_assert_uint_eq(o[i], 32 + i % 900);
    ck_assert_uint_eq(counts(r).unmatched_acks, 10000);
    recorder_free(r);
}
END_TEST

START_TEST(test_undelivered)
{
    struct recorder *r = recorder_create(2, 64);
    raised_in_kvm(r, -1, 40, 0);
    raised_in_kvm(r, -1, 40, 5);
    raised_in_kvm(r, 0, 17, 10);
    raised_in_kvm(r, 1, 1, 20);
    rec_listed(r, 1, 1, 25);
    rec_acked(r, 1, 1, 30);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.raised, 4);
    ck_assert_uint_eq(c.undelivered, 3);
    ck_assert_uint_eq(c.uncompleted, 1);
    ck_assert_uint_eq(rec_open_instances(r), 4);
    rec_listed(r, 0, 40, 40);
    rec_acked(r, 0, 40, 50);
    c = counts(r);
    ck_assert_uint_eq(c.undelivered, 1);
    ck_assert_uint_eq(c.uncompleted, 3);
    recorder_free(r);
}
END_TEST

START_TEST(test_unmatched_ack)
{
    struct recorder *r = recorder_create(2, 64);
    rec_keep_ack_order(r, 0);
    rec_acked(r, 0, 44, 10);  /* never raised */
    rec_acked(r, 0, 100, 20); /* beyond nr_irqs */
    /* 1022 acknowledges nothing: counted for its INTID only, not as an ack, not
     * spurious (that is 1023), not in the order. */
    rec_acked(r, 0, 1022, 30);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.unmatched_acks, 2);
    ck_assert_uint_eq(c.acked, 2);
    ck_assert_uint_eq(c.spurious, 0);
    ck_assert_uint_eq(c.invalid, 0);
    ck_assert_uint_eq(rec_ack_count(r, 0, 44), 1);
    ck_assert_uint_eq(rec_ack_count(r, 0, 100), 1);
    ck_assert_uint_eq(rec_ack_count(r, 0, 1022), 1);
    size_t n;
    rec_ack_order(r, 0, &n);
    ck_assert_uint_eq(n, 2);
    expect_stats(rec_stats(r, REC_DELIVERY), 0, 0, 0);

    /* Acked again while the first ack is not completed: nothing left to take. */
    raised_in_kvm(r, -1, 44, 100);
    rec_listed(r, 0, 44, 110);
    rec_acked(r, 0, 44, 120);
    rec_acked(r, 0, 44, 130);
    ck_assert_uint_eq(counts(r).unmatched_acks, 3);
    ck_assert_uint_eq(counts(r).delivered, 1);

    /* Acks on an unknown vCPU are invalid and count nowhere else. */
    rec_acked(r, 2, 44, 140);
    c = counts(r);
    ck_assert_uint_eq(c.invalid, 1);
    ck_assert_uint_eq(c.acked, 4);
    recorder_free(r);
}
END_TEST

START_TEST(test_completion_per_instance)
{
    struct recorder *r = recorder_create(2, 64);
    /* SPI 40 instance A acknowledged on vCPU 0 ... */
    raised_in_kvm(r, -1, 40, 100);
    rec_listed(r, 0, 40, 110);
    rec_acked(r, 0, 40, 200);
    /* ... instance B on vCPU 1 before A completes (not architectural, but kept apart). */
    raised_in_kvm(r, -1, 40, 300);
    rec_listed(r, 1, 40, 310);
    rec_acked(r, 1, 40, 400);
    /* instance C raised, not acknowledged */
    raised_in_kvm(r, -1, 40, 450);

    rec_completed(r, 1, 40, 1000); /* B only */
    expect_stats(rec_stats(r, REC_SERVICE), 1, 600, 600);
    expect_stats(rec_stats_vcpu(r, REC_SERVICE, 1), 1, 600, 600);
    ck_assert_uint_eq(rec_open_instances(r), 2);
    rec_completed(r, 1, 40, 1100); /* nothing left on vCPU 1 */
    ck_assert_uint_eq(counts(r).unmatched_completions, 1);
    rec_completed(r, 0, 40, 2000); /* A */
    expect_stats(rec_stats_vcpu(r, REC_SERVICE, 0), 1, 1800, 1800);
    ck_assert_uint_eq(rec_open_instances(r), 1);
    ck_assert_uint_eq(counts(r).completed, 2);

    /* C is still open, in order. */
    rec_listed(r, 0, 40, 2100);
    rec_acked(r, 0, 40, 2200);
    expect_stats(rec_stats(r, REC_DELIVERY), 3, 100, 1750);
    rec_completed(r, 0, 40, 2300);
    ck_assert_uint_eq(rec_open_instances(r), 0);

    /* Completing something never acknowledged. */
    rec_completed(r, 0, 41, 3000);
    rec_completed(r, 0, 5000, 3000);
    ck_assert_uint_eq(counts(r).unmatched_completions, 3);
    rec_completed(r, 9, 41, 3000);
    ck_assert_uint_eq(counts(r).invalid, 1);
    recorder_free(r);
}
END_TEST

/* ---- accesses, invalid calls, time ----------------------------------------- */

START_TEST(test_access)
{
    struct recorder *r = recorder_create(2, 64);
    uint32_t enable = rec_access_kind(r, "GICD_ISENABLER");
    uint32_t sgi = rec_access_kind(r, "ICC_SGI1R_EL1");
    ck_assert_uint_eq(rec_access_kind(r, "GICD_ISENABLER"), enable);
    rec_access(r, 0, enable, 10, 60);
    rec_access(r, 1, sgi, 100, 1600);
    rec_access(r, 1, enable, 200, 300);
    rec_access(r, 7, REC_ACCESS_KIND_NONE, 0, 5); /* a host context: overall only */
    ck_assert_uint_eq(rec_access_kinds(r), 2);
    ck_assert_str_eq(rec_access_kind_name(r, sgi), "ICC_SGI1R_EL1");
    expect_stats(rec_stats_access_kind(r, enable), 2, 50, 100);
    expect_stats(rec_stats_access_kind(r, sgi), 1, 1500, 1500);
    expect_stats(rec_stats(r, REC_ACCESS), 4, 5, 1500);
    expect_stats(rec_stats_vcpu(r, REC_ACCESS, 0), 1, 50, 50);
    expect_stats(rec_stats_vcpu(r, REC_ACCESS, 1), 2, 100, 1500);
    expect_stats(rec_stats_class(r, REC_ACCESS, REC_SGI), 0, 0, 0);
    ck_assert_uint_eq(counts(r).accesses, 4);
    ck_assert_uint_eq(counts(r).invalid, 0);
    expect_stats(rec_stats(r, REC_DELIVERY), 0, 0, 0);
    recorder_free(r);
}
END_TEST

START_TEST(test_invalid_calls)
{
    struct recorder *r = recorder_create(2, 64);
    rec_raised(r, -1, 3, 0);   /* private INTID without a bank */
    rec_raised(r, 2, 20, 0);   /* unknown vCPU */
    rec_raised(r, -1, 64, 0);  /* beyond nr_irqs */
    rec_raised(r, -1, 1023, 0);
    rec_listed(r, 5, 40, 0);
    ck_assert_uint_eq(counts(r).invalid, 5);
    ck_assert_uint_eq(counts(r).raised, 0);
    ck_assert_uint_eq(rec_open_instances(r), 0);
    /* The vCPU of an SPI raise is ignored. */
    raised_in_kvm(r, 1, 40, 0);
    rec_acked(r, 0, 40, 10);
    expect_stats(rec_stats(r, REC_DELIVERY), 1, 10, 10);
    recorder_free(r);

    /* Sizes are clamped, zero vCPUs work. */
    r = recorder_create(0, 0);
    rec_raised(r, -1, 32, 0);
    rec_raised(r, 0, 1, 0);
    ck_assert_uint_eq(counts(r).invalid, 2);
    expect_stats(rec_stats_vcpu(r, REC_DELIVERY, 0), 0, 0, 0);
    recorder_free(r);
}
END_TEST

START_TEST(test_time_backwards)
{
    struct recorder *r = recorder_create(1, 64);
    raised_in_kvm(r, -1, 40, 500);
    rec_listed(r, 0, 40, 400);
    rec_acked(r, 0, 40, 450);
    expect_stats(rec_stats(r, REC_DELIVERY), 1, 0, 0);
    expect_stats(rec_stats(r, REC_INJECTION), 1, 0, 0);
    ck_assert_uint_eq(counts(r).negative, 2);
    recorder_free(r);
}
END_TEST

/* ---- memory ------------------------------------------------------------------
 * Ten million instances in bounded memory. How fast the recorder is belongs in
 * bench/bench_recorder, never here: a wall-clock bound fails on a loaded machine. */

START_TEST(test_ten_million_cycles_bounded)
{
    struct recorder *r = recorder_create(8, 128);
    uint64_t t = 0;
    size_t mem_warm = 0;
    const uint32_t n = 10000000;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t vcpu = i & 7;
        uint32_t id = 32 + (i % 96);     /* an SPI, or ... */
        int32_t bank = -1;
        if (i % 5 == 0) {
            id = i % 32;                  /* ... an SGI or a PPI */
            bank = (int32_t)vcpu;
        }
        raised_in_kvm(r, bank, id, t);
        rec_listed(r, vcpu, id, t + 50 + i % 7);
        rec_acked(r, vcpu, id, t + 300 + i % 1000);
        rec_completed(r, vcpu, id, t + 2000 + i % 3000);
        t += 10;
        if (i == 100000)
            mem_warm = rec_memory(r);
        if ((i & 0xfffff) == 0)
            ck_assert_uint_le(rec_open_instances(r), 0);
    }
    ck_assert_uint_eq(rec_open_instances(r), 0);
    ck_assert_uint_eq(rec_memory(r), mem_warm);
    /* Histograms per vCPU, class and INTID (128 INTIDs here): bounded by what the
     * machine has, not by how many instances went through. */
    ck_assert_uint_lt(mem_warm, 2u << 20);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.raised, n);
    ck_assert_uint_eq(c.acked, n);
    ck_assert_uint_eq(c.completed, n);
    ck_assert_uint_eq(lat_count(rec_stats(r, REC_DELIVERY)), n);
    ck_assert_uint_eq(lat_count(rec_stats(r, REC_SERVICE)), n);
    ck_assert_uint_eq(lat_min(rec_stats(r, REC_INJECTION)), 50);
    ck_assert_uint_eq(lat_max(rec_stats(r, REC_INJECTION)), 56);
    ck_assert_uint_eq(lat_max(rec_stats(r, REC_DELIVERY)), 1299);
    recorder_free(r);
}
END_TEST

START_TEST(test_backlog_released)
{
    /* A burst of raises piles up on one key, then drains: the ring grows with
     * the open instances and is released afterwards. */
    struct recorder *r = recorder_create(2, 64);
    size_t base = 0;
    for (int round = 0; round < 3; round++) {
        for (uint64_t i = 0; i < 1000; i++)
            raised_in_kvm(r, -1, 45, 100 + i);
        ck_assert_uint_eq(rec_open_instances(r), 1000);
        if (round > 0) /* the ring holds 1000 instances */
            ck_assert_uint_ge(rec_memory(r), base + 1000 * 32);
        rec_listed(r, 0, 45, 5000);
        rec_acked(r, 0, 45, 6000);
        ck_assert_uint_eq(counts(r).coalesced, 999 * (uint64_t)(round + 1));
        rec_completed(r, 0, 45, 7000);
        ck_assert_uint_eq(rec_open_instances(r), 0);
        if (round == 0) /* histograms and key tables are in place now */
            base = rec_memory(r);
        ck_assert_uint_eq(rec_memory(r), base);
    }
    ck_assert_uint_eq(lat_count(rec_stats(r, REC_DELIVERY)), 3000);
    expect_stats(rec_stats(r, REC_SERVICE), 3000, 1000, 1000);
    recorder_free(r);
}
END_TEST

START_TEST(test_many_vcpus_small)
{
    /* 512 vCPUs with no traffic cost little; the per-vCPU objects exist. */
    struct recorder *r = recorder_create(512, 1020);
    size_t idle = rec_memory(r);
    ck_assert_uint_lt(idle, 256u * 1024);
    for (uint32_t v = 0; v < 512; v++) {
        raised_in_kvm(r, (int32_t)v, 1, v);
        rec_listed(r, v, 1, v + 1);
        rec_acked(r, v, 1, v + 10);
        rec_completed(r, v, 1, v + 20);
    }
    for (uint32_t v = 0; v < 512; v++)
        expect_stats(rec_stats_vcpu(r, REC_DELIVERY, v), 1, 10, 10);
    expect_stats(rec_stats_class(r, REC_SERVICE, REC_SGI), 512, 10, 10);
    ck_assert_uint_eq(rec_ack_count(r, -1, 1), 512);
    recorder_free(r);
}
END_TEST

/* ---- derived views ------------------------------------------------------------
 * The overall and by-class distributions are merged from the by-vCPU and by-INTID
 * ones at query time; they must be exactly what feeding every sample into each
 * view directly gives, also when queried between samples. */

static void expect_same(const struct latency_stats *got, const struct latency_stats *want)
{
    ck_assert_uint_eq(lat_count(got), lat_count(want));
    ck_assert_uint_eq(lat_min(got), lat_min(want));
    ck_assert_uint_eq(lat_max(got), lat_max(want));
    uint64_t gh, gl, wh, wl;
    lat_sum(got, &gh, &gl);
    lat_sum(want, &wh, &wl);
    ck_assert_uint_eq(gh, wh);
    ck_assert_uint_eq(gl, wl);
    size_t cg = 0, cw = 0;
    struct lat_bucket bg, bw;
    for (;;) {
        bool more = lat_next_bucket(got, &cg, &bg);
        ck_assert_int_eq(more, lat_next_bucket(want, &cw, &bw));
        if (!more)
            break;
        ck_assert_uint_eq(bg.lo, bw.lo);
        ck_assert_uint_eq(bg.count, bw.count);
    }
}

enum { V_VCPUS = 6, V_IRQS = 96, V_KINDS = 3 };

struct direct_views {
    struct latency_stats all[REC_NR_METRICS], cls[REC_NR_METRICS][REC_NR_CLASSES];
    struct latency_stats vcpu[REC_NR_METRICS][V_VCPUS], intid[REC_NR_METRICS][V_IRQS];
    struct latency_stats kind[V_KINDS];
};

static void direct_add(struct direct_views *d, enum rec_metric m, uint32_t vcpu, uint32_t intid,
                       uint64_t v)
{
    lat_add(&d->all[m], v);
    lat_add(&d->cls[m][rec_class_of(intid)], v);
    lat_add(&d->vcpu[m][vcpu], v);
    lat_add(&d->intid[m][intid], v);
}

static void expect_views(const struct recorder *r, struct direct_views *d, uint32_t *kinds)
{
    for (int m = 0; m < REC_NR_METRICS; m++) {
        expect_same(rec_stats(r, (enum rec_metric)m), &d->all[m]);
        for (int c = 0; c < REC_NR_CLASSES; c++)
            expect_same(rec_stats_class(r, (enum rec_metric)m, (enum rec_class)c),
                        &d->cls[m][c]);
        for (uint32_t v = 0; v < V_VCPUS; v++)
            expect_same(rec_stats_vcpu(r, (enum rec_metric)m, v), &d->vcpu[m][v]);
        for (uint32_t i = 0; i < V_IRQS; i++)
            expect_same(rec_stats_intid(r, (enum rec_metric)m, i), &d->intid[m][i]);
    }
    for (int k = 0; k < V_KINDS; k++)
        expect_same(rec_stats_access_kind(r, kinds[k]), &d->kind[k]);
}

START_TEST(test_views_equal_direct_accumulation)
{
    struct recorder *r = recorder_create(V_VCPUS, V_IRQS);
    static struct direct_views d; /* zeroed: empty distributions */
    uint32_t kinds[V_KINDS] = {rec_access_kind(r, "GICD_ISENABLER"),
                               rec_access_kind(r, "GICD_IROUTER"),
                               rec_access_kind(r, "ICC_SGI1R_EL1")};
    uint64_t rng = 99, t = 1000;
    for (int i = 0; i < 60000; i++) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        uint32_t x = (uint32_t)(rng >> 33);
        uint32_t vcpu = x % V_VCPUS, intid = (x >> 3) % V_IRQS;
        /* Latencies over several powers of two, so many histogram groups are used. */
        uint64_t lst = (x >> 10) % 300, ack = lst + (uint64_t)((x >> 12) % 5000) * (1 + i % 7),
                 done = ack + (x >> 16) % 70000;
        if (i % 9 == 0) { /* a trapped access, sometimes from the host, sometimes unnamed */
            uint32_t k = (x >> 5) % (V_KINDS + 1), who = (x >> 7) % (V_VCPUS + 2);
            rec_access(r, who, k < V_KINDS ? kinds[k] : REC_ACCESS_KIND_NONE, t, t + done);
            lat_add(&d.all[REC_ACCESS], done);
            if (who < V_VCPUS)
                lat_add(&d.vcpu[REC_ACCESS][who], done);
            if (k < V_KINDS)
                lat_add(&d.kind[k], done);
        } else {
            raised_in_kvm(r, intid < 32 ? (int32_t)vcpu : -1, intid, t);
            rec_listed(r, vcpu, intid, t + lst);
            rec_acked(r, vcpu, intid, t + ack);
            rec_completed(r, vcpu, intid, t + done);
            direct_add(&d, REC_DELIVERY, vcpu, intid, ack);
            direct_add(&d, REC_INJECTION, vcpu, intid, lst);
            direct_add(&d, REC_SERVICE, vcpu, intid, done - ack);
        }
        t += 100;
        if (i == 5 || i == 777 || i == 30000) /* views built, then samples keep coming */
            expect_views(r, &d, kinds);
    }
    expect_views(r, &d, kinds);
    expect_views(r, &d, kinds); /* twice: the cached views */
    ck_assert_uint_eq(counts(r).coalesced, 0);
    for (int m = 0; m < REC_NR_METRICS; m++) {
        lat_free(&d.all[m]);
        for (int c = 0; c < REC_NR_CLASSES; c++)
            lat_free(&d.cls[m][c]);
        for (int v = 0; v < V_VCPUS; v++)
            lat_free(&d.vcpu[m][v]);
        for (int i = 0; i < V_IRQS; i++)
            lat_free(&d.intid[m][i]);
    }
    for (int k = 0; k < V_KINDS; k++)
        lat_free(&d.kind[k]);
    recorder_free(r);
}
END_TEST

/* ---- storms ---------------------------------------------------------------------
 * Raises that are never acknowledged saturate at REC_MAX_OPEN_INSTANCES open
 * instances: the rest are counted, not kept. */

START_TEST(test_storm_saturates)
{
    struct recorder *r = recorder_create(2, 64);
    const uint32_t extra = 1000;
    for (uint32_t i = 0; i < REC_MAX_OPEN_INSTANCES + extra; i++)
        raised_in_kvm(r, -1, 40, i);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.raised, REC_MAX_OPEN_INSTANCES + extra);
    ck_assert_uint_eq(c.untracked, extra);
    ck_assert_uint_eq(c.undelivered, REC_MAX_OPEN_INSTANCES);
    ck_assert_uint_eq(rec_open_instances(r), REC_MAX_OPEN_INSTANCES);
    /* REC_INSTANCE_BYTES per open instance, the ring a power of two: bounded. */
    ck_assert_uint_le(rec_memory(r),
                      (size_t)REC_MAX_OPEN_INSTANCES * REC_INSTANCE_BYTES + (1u << 20));
    /* Another key is saturated too while the storm is open. */
    raised_in_kvm(r, -1, 41, 5);
    ck_assert_uint_eq(counts(r).untracked, extra + 1);
    /* The followed instances resolve as usual; afterwards raises are followed again. */
    rec_listed(r, 0, 40, 1u << 21);
    rec_acked(r, 0, 40, (1u << 21) + 10);
    rec_completed(r, 0, 40, (1u << 21) + 20);
    c = counts(r);
    ck_assert_uint_eq(c.delivered, REC_MAX_OPEN_INSTANCES);
    ck_assert_uint_eq(rec_open_instances(r), 0);
    expect_stats(rec_stats(r, REC_SERVICE), REC_MAX_OPEN_INSTANCES, 10, 10);
    raised_in_kvm(r, -1, 41, 1u << 22);
    ck_assert_uint_eq(rec_open_instances(r), 1);
    ck_assert_uint_eq(counts(r).untracked, extra + 1);
    recorder_free(r);
}
END_TEST

static Suite *recorder_suite(void)
{
    Suite *s = suite_create("recorder");
    TCase *tc = tcase_create("matching");
    tcase_add_test(tc, test_single_instance);
    tcase_add_test(tc, test_coalescing);
    tcase_add_test(tc, test_raise_after_listing_is_next_delivery);
    tcase_add_test(tc, test_relisting_keeps_first_time);
    tcase_add_test(tc, test_ack_without_listing);
    tcase_add_test(tc, test_class_and_vcpu_breakdown);
    tcase_add_test(tc, test_private_banks_are_separate);
    tcase_add_test(tc, test_v2_sgi_sources_are_separate_keys);
    tcase_add_test(tc, test_spurious);
    tcase_add_test(tc, test_ack_counts_and_order);
    tcase_add_test(tc, test_long_ack_order);
    tcase_add_test(tc, test_undelivered);
    tcase_add_test(tc, test_unmatched_ack);
    tcase_add_test(tc, test_views_equal_direct_accumulation);
    tcase_add_test(tc, test_storm_saturates);
    tcase_add_test(tc, test_completion_per_instance);
    tcase_add_test(tc, test_access);
    tcase_add_test(tc, test_invalid_calls);
    tcase_add_test(tc, test_time_backwards);
    suite_add_tcase(s, tc);

    TCase *big = tcase_create("scale");
    tcase_add_test(big, test_ten_million_cycles_bounded);
    tcase_add_test(big, test_backlog_released);
    tcase_add_test(big, test_many_vcpus_small);
    tcase_set_timeout(big, 300);
    suite_add_tcase(s, big);
    return s;
}

int main(void) { return test_run_suite(recorder_suite()); }
