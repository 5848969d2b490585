/* SPDX-License-Identifier: GPL-2.0-only */
/* The MSI translation cache of each release (src/vgic/vgic_its_cache.c): none before
 * v5.4; v5.4..v6.9 KVM's VM-wide LRU of 16 entries per vCPU (a hit or a refill moves the
 * entry to the front, a miss on a full cache evicts the least recently used, the lookup
 * walks from the front); v6.10+ the per-ITS cache that keeps every translation until an
 * invalidation. */
#include <check.h>
#include <stdint.h>

#include "vgic/vgic_its.h"
#include "test_support.h"

static bool no_read(void *sim, uint64_t gpa, void *buf, uint32_t len)
{
    (void)sim, (void)gpa, (void)buf, (void)len;
    return false;
}
static void no_write(void *sim, uint64_t gpa, const void *buf, uint32_t len)
{
    (void)sim, (void)gpa, (void)buf, (void)len;
}

static struct gic_config cfg;
static struct vgic_its its;

static void open_its(uint32_t release, uint32_t vcpus)
{
    cfg = (struct gic_config){.version = GIC_V3, .vcpus = vcpus, .spis = 32,
                              .list_registers = 4, .priority_bits = 5,
                              .kvm_release = release, .its = true, .lpis = 8192};
    struct vgic_its_guest_mem mem = {.read = no_read, .write = no_write};
    vgic_its_init(&its, &cfg, &mem, NULL);
}

static bool hit(uint32_t device, uint32_t event, uint32_t *steps)
{
    uint32_t intid;
    return vgic_its_cache_lookup(&its, device, event, &intid, steps) &&
           intid == 8192 + device * 16 + event;
}

static void fill(uint32_t device, uint32_t event)
{
    vgic_its_cache_insert(&its, device, event, 8192 + device * 16 + event);
}

START_TEST(no_cache_before_5_4)
{
    open_its(503, 1);
    fill(0, 0);
    uint32_t steps;
    ck_assert(!hit(0, 0, &steps));
    vgic_its_free(&its);
}
END_TEST

START_TEST(lru_evicts_the_least_recently_used)
{
    open_its(608, 1);   /* 16 entries */
    for (uint32_t e = 0; e < 16; e++)
        fill(0, e);
    uint32_t steps;
    /* The newest is at the front: one comparison; the oldest at the back: sixteen. */
    ck_assert(hit(0, 15, &steps));
    ck_assert_uint_eq(steps, 1);
    ck_assert(hit(0, 0, &steps));
    ck_assert_uint_eq(steps, 16);
    /* Event 0 was just used: the 17th translation evicts event 1, the oldest now. */
    fill(1, 0);
    ck_assert(!hit(0, 1, &steps));
    ck_assert_uint_eq(steps, 16);
    ck_assert(hit(0, 0, &steps));
    ck_assert(hit(1, 0, &steps));
    /* A refill of a cached translation moves it to the front (as KVM's check does). */
    fill(0, 2);
    ck_assert(hit(0, 2, &steps));
    ck_assert_uint_eq(steps, 1);
    ck_assert_uint_eq(vgic_its_cache_invalidate(&its), 16);
    ck_assert(!hit(0, 2, &steps));
    vgic_its_free(&its);
}
END_TEST

START_TEST(lru_size_follows_the_vcpus)
{
    open_its(600, 4);   /* 64 entries */
    for (uint32_t i = 0; i < 64; i++)
        fill(i / 16, i % 16);
    uint32_t steps;
    ck_assert(hit(0, 0, &steps));
    ck_assert_uint_eq(steps, 64);
    vgic_its_free(&its);
}
END_TEST

START_TEST(per_its_cache_keeps_everything_until_invalidated)
{
    open_its(610, 1);
    for (uint32_t d = 0; d < 100; d++)
        for (uint32_t e = 0; e < 16; e++)
            fill(d, e);
    uint32_t steps;
    for (uint32_t d = 0; d < 100; d++)
        for (uint32_t e = 0; e < 16; e++) {
            ck_assert(hit(d, e, &steps));
            ck_assert_uint_eq(steps, 0);   /* no list to walk */
        }
    ck_assert(!hit(100, 0, &steps));
    ck_assert_uint_eq(vgic_its_cache_invalidate(&its), 1600);
    ck_assert(!hit(5, 5, &steps));
    vgic_its_free(&its);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("its_cache");
    TCase *tc = tcase_create("cache");
    tcase_add_test(tc, no_cache_before_5_4);
    tcase_add_test(tc, lru_evicts_the_least_recently_used);
    tcase_add_test(tc, lru_size_follows_the_vcpus);
    tcase_add_test(tc, per_its_cache_keeps_everything_until_invalidated);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
