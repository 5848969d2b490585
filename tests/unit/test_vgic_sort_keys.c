/* SPDX-License-Identifier: GPL-2.0-only */
/* The flush sorts compare numeric keys (vgic_irq_key_classic, vgic_irq_key_overflow)
 * instead of calling KVM's comparators: each key must order every pair of interrupt
 * states exactly as its comparator does, ties included, or the sort would compare in
 * another sequence and the simulated cost of the flush would change. Checked here over
 * every combination of the fields the comparators read. */
#include <stdint.h>

#include "test_support.h"
#include "vgic/vgic_irq.h"

static int sign(long long x) { return (x > 0) - (x < 0); }

/* The fields the comparators read: active, enabled, latch, line, level, group, hw,
 * and a few priorities (equal, adjacent, far apart; both ends). */
static const uint8_t PRIORITIES[] = {0x00, 0x08, 0x10, 0xa0, 0xf8};
enum { FLAG_BITS = 7, N_PRIO = sizeof(PRIORITIES) / sizeof(PRIORITIES[0]) };
enum { N_STATES = (1 << FLAG_BITS) * N_PRIO };

static struct vgic_irq_state state(unsigned k)
{
    unsigned f = k % (1 << FLAG_BITS);
    struct vgic_irq_state s = {.intid = 40, .owner = -1};
    s.active = f & 1;
    s.enabled = f >> 1 & 1;
    s.pending_latch = f >> 2 & 1;
    s.line_level = f >> 3 & 1;
    s.level = f >> 4 & 1;
    s.group = f >> 5 & 1;
    s.hw = f >> 6 & 1;
    s.priority = PRIORITIES[k / (1 << FLAG_BITS)];
    return s;
}

START_TEST(test_classic_key_orders_as_vgic_irq_cmp)
{
    for (unsigned i = 0; i < N_STATES; i++) {
        struct vgic_irq_state a = state(i);
        for (unsigned j = 0; j < N_STATES; j++) {
            struct vgic_irq_state b = state(j);
            int want = sign(vgic_irq_cmp_classic(&a, &b));
            int got = sign((long long)vgic_irq_key_classic(&a) - vgic_irq_key_classic(&b));
            if (want != got)   /* not ck_assert: it reports to the runner at every call */
                ck_abort_msg("states %u, %u: comparator %d, keys %d", i, j, want, got);
        }
    }
}
END_TEST

START_TEST(test_overflow_key_orders_as_vgic_irq_cmp)
{
    for (unsigned g = 0; g < 4; g++) {          /* VMCR group enables */
        struct gic_vmcr vmcr = {.grpen0 = g & 1, .grpen1 = g >> 1 & 1};
        for (unsigned i = 0; i < 2 * N_STATES; i++) {
            struct vgic_irq_state a = state(i / 2);
            bool a_here = i & 1;
            for (unsigned j = 0; j < 2 * N_STATES; j++) {
                struct vgic_irq_state b = state(j / 2);
                bool b_here = j & 1;
                int want = sign(vgic_irq_cmp_overflow(&a, a_here, &b, b_here, &vmcr));
                int got = sign((long long)vgic_irq_key_overflow(&a, a_here, &vmcr) -
                               vgic_irq_key_overflow(&b, b_here, &vmcr));
                if (want != got)
                    ck_abort_msg("grpen %u, states %u, %u: comparator %d, keys %d", g, i, j,
                                 want, got);
            }
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vgic_sort_keys");
    TCase *tc = tcase_create("keys");
    tcase_add_test(tc, test_classic_key_orders_as_vgic_irq_cmp);
    tcase_add_test(tc, test_overflow_key_orders_as_vgic_irq_cmp);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
