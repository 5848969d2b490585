/* SPDX-License-Identifier: GPL-2.0-only */
/* The reference model's charge for sorting an ap_list already in order
 * (ref_charge_sorted_list, O(n)) against the definition: merge_sort run on the list, each
 * comparison taking both IRQ locks and charging the comparison as the flush's sort does.
 * For every length up to 300 and random lock states (some locks still held by other
 * contexts, so that first takings wait), the end time, every lock's free time and the
 * lock counters must be the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ref/ref_internal.h"
#include "test_support.h"
#include "util/merge_sort.h"

enum { MAX_N = 300 };

struct world {
    struct ref_model m;
    struct ref_op op;
    struct ref_irq irqs[MAX_N];
    struct ref_sort_item items[MAX_N], tmp[MAX_N];
};

/* The definition: what the flush's sort does for each comparison. */
static int compare_charged(const void *pa, const void *pb, void *ctx)
{
    struct world *w = ctx;
    const struct ref_sort_item *a = pa, *b = pb;
    ref_lock_acquire(&w->m, &w->op, &a->irq->lock);
    ref_lock_acquire(&w->m, &w->op, &b->irq->lock);
    ref_charge(&w->m, &w->op, COST_SORT_COMPARE);
    ref_lock_release(&w->m, &w->op, &b->irq->lock);
    ref_lock_release(&w->m, &w->op, &a->irq->lock);
    return a->key < b->key ? -1 : a->key > b->key;
}

static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* n items in key order (with ties) over fresh IRQs whose locks are free from random
 * times around `start`; the same costs for both worlds. */
static void setup(struct world *w, size_t n, uint64_t start, uint64_t *seed)
{
    memset(w, 0, sizeof(*w));
    w->m.costs.cycles[COST_LOCK] = 1 + next(seed) % 40;
    w->m.costs.cycles[COST_LOCK_HANDOFF] = next(seed) % 200;
    w->m.costs.cycles[COST_SORT_COMPARE] = next(seed) % 30;
    w->op.t = start;
    uint32_t key = 0;
    for (size_t i = 0; i < n; i++) {
        /* One lock in four is held past `start`, some far past it. */
        uint64_t r = next(seed);
        w->irqs[i].lock.res.free_at = r % 4 == 0 ? start + next(seed) % (r % 8 == 0 ? 50000 : 300)
                                             : start - next(seed) % 1000;
        key += (uint32_t)(next(seed) % 3);
        w->items[i] = (struct ref_sort_item){key, &w->irqs[i]};
    }
}

START_TEST(test_in_order_charge_is_the_sorts)
{
    static struct world want, got;
    uint64_t seed = 7;
    for (size_t n = 0; n <= MAX_N; n++) {
        for (int round = 0; round < 6; round++) {
            uint64_t s0 = seed;
            setup(&want, n, 100000, &seed);
            setup(&got, n, 100000, &s0);
            merge_sort(want.items, n, sizeof(want.items[0]), want.tmp, compare_charged, &want);
            ref_charge_sorted_list(&got.m, &got.op, got.items, n);
            ck_assert_uint_eq(got.op.t, want.op.t);
            for (size_t i = 0; i < n; i++) {
                ck_assert_ptr_eq(want.items[i].irq, &want.irqs[i]);   /* nothing moved */
                ck_assert_msg(got.irqs[i].lock.res.free_at == want.irqs[i].lock.res.free_at,
                              "n %zu round %d: lock %zu free at %llu, the sort leaves %llu", n,
                              round, i, (unsigned long long)got.irqs[i].lock.res.free_at,
                              (unsigned long long)want.irqs[i].lock.res.free_at);
            }
            ck_assert_uint_eq(got.m.n.lock_acquisitions, want.m.n.lock_acquisitions);
            ck_assert_uint_eq(got.m.n.lock_contended, want.m.n.lock_contended);
            ck_assert_uint_eq(got.m.n.lock_wait_cycles, want.m.n.lock_wait_cycles);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ref_sort_charge");
    TCase *tc = tcase_create("ref_sort_charge");
    tcase_add_test(tc, test_in_order_charge_is_the_sorts);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
