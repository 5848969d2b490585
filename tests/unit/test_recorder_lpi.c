/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the recorder's LPIs (src/record/recorder.h, rec_enable_lpis): an LPI's
 * instance goes through every stage like an SPI's, in the LPI class, with its own
 * per-INTID distribution and acknowledgement counts; LPIs beyond the machine's, or on a
 * recorder without LPIs, are invalid keys. */
#include <check.h>
#include <stdint.h>

#include "gic/gic_config.h"
#include "record/recorder.h"
#include "test_support.h"

static struct rec_counts counts(const struct recorder *r)
{
    struct rec_counts c;
    rec_get_counts(r, &c);
    return c;
}

/* An LPI raised at `raised`, pended, listed and acknowledged on vCPU `vcpu`, completed. */
static void deliver(struct recorder *r, uint32_t vcpu, uint32_t lpi, uint64_t raised)
{
    ck_assert_uint_ne(rec_raised(r, -1, lpi, raised), 0);
    rec_pended(r, -1, lpi, raised, raised + 10);
    rec_listed(r, vcpu, lpi, raised + 100);
    rec_acked(r, vcpu, lpi, raised + 300);
    rec_completed(r, vcpu, lpi, raised + 2300);
}

START_TEST(test_lpi_instance)
{
    struct recorder *r = recorder_create(2, 64);
    rec_enable_lpis(r, 65536);
    ck_assert_uint_eq(rec_lpis(r), 65536);
    deliver(r, 1, 8195, 1000);
    deliver(r, 0, 65535, 5000);           /* the last 16-bit INTID */
    deliver(r, 0, GIC_LPI_BASE + 65535, 9000);   /* the machine's last LPI */
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.raised, 3);
    ck_assert_uint_eq(c.delivered, 3);
    ck_assert_uint_eq(c.completed, 3);
    ck_assert_uint_eq(c.invalid, 0);
    ck_assert_uint_eq(c.unmatched_acks, 0);
    ck_assert_int_eq(rec_class_of(8195), REC_LPI);
    ck_assert_uint_eq(lat_count(rec_stats_class(r, REC_DELIVERY, REC_LPI)), 3);
    ck_assert_uint_eq(lat_count(rec_stats_class(r, REC_DELIVERY, REC_SPI)), 0);
    ck_assert_uint_eq(lat_count(rec_stats_class(r, REC_SERVICE, REC_LPI)), 3);
    const struct latency_stats *d = rec_stats_intid(r, REC_DELIVERY, 8195);
    ck_assert_uint_eq(lat_count(d), 1);
    ck_assert_uint_eq(lat_min(d), 300);
    ck_assert_uint_eq(lat_count(rec_stats_intid(r, REC_INJECTION, 65535)), 1);
    ck_assert_uint_eq(lat_count(rec_stats_intid(r, REC_DELIVERY, 8196)), 0);
    /* 8195 & 0x3ff is 3: an LPI is never taken for the SGI its low bits name. */
    ck_assert_uint_eq(rec_ack_count(r, -1, 3), 0);
    ck_assert_uint_eq(rec_ack_count(r, 1, 8195), 1);
    ck_assert_uint_eq(rec_ack_count(r, 0, 8195), 0);
    ck_assert_uint_eq(rec_ack_count(r, -1, 65535), 1);
    ck_assert_uint_eq(rec_ack_count(r, -1, 2000), 0);
    recorder_free(r);
}
END_TEST

START_TEST(test_lpi_ack_order_keeps_the_intid)
{
    struct recorder *r = recorder_create(1, 64);
    rec_enable_lpis(r, 8192);
    rec_keep_ack_order(r, 0);
    deliver(r, 0, 8200, 10);
    rec_raised(r, -1, 40, 20);
    rec_pended(r, -1, 40, 20, 20);
    rec_listed(r, 0, 40, 30);
    rec_acked(r, 0, 40, 40);
    size_t n;
    const uint32_t *order = rec_ack_order(r, 0, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(order[0], 8200);
    ck_assert_uint_eq(order[1], 40);
    recorder_free(r);
}
END_TEST

START_TEST(test_lpis_outside_the_machine_are_invalid)
{
    struct recorder *r = recorder_create(1, 64);
    ck_assert_uint_eq(rec_raised(r, -1, 8192, 10), 0);    /* no LPIs enabled */
    rec_enable_lpis(r, 8192);
    ck_assert_uint_eq(rec_raised(r, -1, 8192 + 8192, 10), 0);
    ck_assert_uint_ne(rec_raised(r, -1, 8192 + 8191, 10), 0);
    struct rec_counts c = counts(r);
    ck_assert_uint_eq(c.invalid, 2);
    ck_assert_uint_eq(c.raised, 1);
    ck_assert_uint_eq(c.undelivered, 1);
    recorder_free(r);
}
END_TEST

static Suite *recorder_lpi_suite(void)
{
    Suite *s = suite_create("recorder_lpi");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_lpi_instance);
    tcase_add_test(tc, test_lpi_ack_order_keeps_the_intid);
    tcase_add_test(tc, test_lpis_outside_the_machine_are_invalid);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(recorder_lpi_suite()); }
