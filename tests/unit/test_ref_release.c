/* SPDX-License-Identifier: GPL-2.0-only */
/* What the modelled KVM release (hypervisor.kvm, src/vgic/vgic_release.h) changes in
 * whole simulations, on both models: the runnable/WFI test (v5.0), and the LR-overflow
 * design (v6.19). Each test runs one scenario under two releases and asserts what
 * differs between them. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "test_support.h"
#include "vgic/vgic_irq.h"

static const char *const MODELS[] = {"ref", "perf"};

/* Runs `text` with hypervisor.kvm = `release` on `model`. */
static struct sim_result run(const char *text, const char *release, const char *model)
{
    char set[64];
    snprintf(set, sizeof(set), "hypervisor.kvm=%s", release);
    const char *sets[] = {set};
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load_text("release.yaml", text, strlen(text), sets, 1, &s, &d);
    ck_assert_msg(ok, "scenario does not load");
    diag_free(&d);
    struct sim_result r;
    const struct vgic_model_ops *ops = vgic_model_by_name(model);
    ck_assert_ptr_nonnull(ops);
    sim_run(&s, ops, s.seed, &r);
    scenario_free(&s);
    return r;
}

/* ---- v5.0: the runnable test ------------------------------------------------------ */

/* A booted guest whose PMR (0x90) masks SPI 32 (boot priority 0xa0) sits in WFI. The
 * SPI wakes it (injection kicks a blocked vCPU whatever the test says); the guest finds
 * nothing signalled and executes WFI again. Before v5.0 KVM's runnable test still counts
 * the masked SPI, so WFI returns at once and the simulated guest bounces once (one more
 * exit and entry) before it blocks; from v5.0 the vCPU blocks at once. */
static const char *const MASKED_WFI =
    "version: 1\n"
    "gic: {version: 3, vcpus: 1, spis: 32}\n"
    "guest: {mode: auto, pmr: 0x90}\n"
    "trace:\n"
    "  - {at: 100_000, pulse: {intid: 32}}\n"
    "  - {at: 900_000, check: {intid: 32, pending: true, active: false}}\n";

START_TEST(test_wfi_masked_pending_bounces_before_5_0)
{
    for (size_t i = 0; i < 2; i++) {
        struct sim_result old = run(MASKED_WFI, "4.20", MODELS[i]);
        struct sim_result now = run(MASKED_WFI, "5.0", MODELS[i]);
        struct sim_result dflt = run(MASKED_WFI, "6.18", MODELS[i]);
        ck_assert_uint_eq(old.n_failures, 0);
        ck_assert_uint_eq(now.n_failures, 0);
        /* 4.20: wake, WFI exit, bounce (entry, WFI exit), block. 5.0+: wake, WFI exit. */
        ck_assert_msg(old.counters.exits == 2 && old.counters.entries == 2,
                      "%s 4.20: %llu exits %llu entries", MODELS[i],
                      (unsigned long long)old.counters.exits,
                      (unsigned long long)old.counters.entries);
        ck_assert_msg(now.counters.exits == 1 && now.counters.entries == 1,
                      "%s 5.0: %llu exits %llu entries", MODELS[i],
                      (unsigned long long)now.counters.exits,
                      (unsigned long long)now.counters.entries);
        ck_assert_uint_eq(dflt.counters.exits, now.counters.exits);
        ck_assert_uint_eq(dflt.events, now.events);
        ck_assert_uint_gt(old.events, now.events);
        sim_result_free(&old);
        sim_result_free(&now);
        sim_result_free(&dflt);
    }
}
END_TEST

/* Releases that do not differ for the model give byte-identical runs. */
START_TEST(test_releases_alike_give_identical_runs)
{
    for (size_t i = 0; i < 2; i++) {
        struct sim_result a = run(MASKED_WFI, "5.4", MODELS[i]);
        struct sim_result b = run(MASKED_WFI, "6.1", MODELS[i]);
        ck_assert_uint_eq(a.end_time, b.end_time);
        ck_assert_uint_eq(a.events, b.events);
        ck_assert_mem_eq(&a.counters, &b.counters, offsetof(struct vgic_counters, n_extra));
        sim_result_free(&a);
        sim_result_free(&b);
    }
}
END_TEST

/* ---- v6.19: the LR-overflow rules both models share (src/vgic) --------------------- */

static struct vgic_irq_state irq_at(uint32_t intid, uint8_t prio, bool pending, bool active)
{
    struct vgic_irq_state s = {.intid = intid, .owner = -1};
    s.enabled = true;
    s.group = 1;
    s.priority = prio;
    s.pending_latch = pending;
    s.active = active;
    s.listed_on = 0;
    s.target = 0;
    return s;
}

/* The order: this vCPU's entries first, then those of an enabled group, then pending and
 * not active (pending+active goes with the actives), then priority, then HW first. */
START_TEST(test_overflow_order)
{
    struct gic_vmcr vmcr = {.grpen0 = true, .grpen1 = true};
    struct vgic_irq_state act_hi = irq_at(40, 0x10, false, true);
    struct vgic_irq_state pend_lo = irq_at(41, 0xf0, true, false);
    struct vgic_irq_state pend_act = irq_at(42, 0x00, true, true);
    struct vgic_irq_state pend_hi = irq_at(43, 0x80, true, false);
    ck_assert_int_lt(vgic_irq_cmp_overflow(&pend_lo, true, &act_hi, true, &vmcr), 0);
    ck_assert_int_lt(vgic_irq_cmp_overflow(&pend_lo, true, &pend_act, true, &vmcr), 0);
    ck_assert_int_lt(vgic_irq_cmp_overflow(&pend_act, true, &act_hi, true, &vmcr), 0);
    ck_assert_int_lt(vgic_irq_cmp_overflow(&pend_hi, true, &pend_lo, true, &vmcr), 0);
    ck_assert_int_gt(vgic_irq_cmp_overflow(&pend_hi, false, &act_hi, true, &vmcr), 0);
    struct vgic_irq_state hw = pend_hi;
    hw.hw = true;
    ck_assert_int_lt(vgic_irq_cmp_overflow(&hw, true, &pend_hi, true, &vmcr), 0);
    ck_assert_int_eq(vgic_irq_cmp_overflow(&pend_hi, true, &pend_hi, true, &vmcr), 0);
    /* A disabled group goes last, whatever its state. */
    struct vgic_irq_state g0 = pend_hi;
    g0.group = 0;
    vmcr.grpen0 = false;
    ck_assert_int_gt(vgic_irq_cmp_overflow(&g0, true, &act_hi, true, &vmcr), 0);
    /* A disabled interrupt is not "pending" for the order. */
    struct vgic_irq_state off = pend_hi;
    off.enabled = false;
    ck_assert_int_eq(vgic_irq_cmp_overflow(&off, true, &act_hi, true, &vmcr) < 0,
                     off.priority < act_hi.priority);
}
END_TEST

/* The HCR from the ap_list counts. */
START_TEST(test_overflow_configure_hcr)
{
    struct vgic_ap_summary sum = {0};
    struct vgic_irq_state a = irq_at(40, 0xa0, false, true);
    struct vgic_irq_state p = irq_at(41, 0x80, true, false);
    struct vgic_irq_state pa = irq_at(3, 0x80, true, true);
    vgic_summary_add(&sum, &a);
    vgic_summary_add(&sum, &p);
    vgic_summary_add(&sum, &pa);
    ck_assert_uint_eq(sum.nr_act, 2);
    ck_assert_uint_eq(sum.nr_pend, 1);
    ck_assert_uint_eq(sum.nr_sgi, 1);
    struct gic_vif vif = {0};
    vif.vmcr.grpen1 = true;
    vif.eoicount = 3;
    vgic_configure_hcr(GIC_V3, &sum, 4, false, &vif);   /* everything fits */
    ck_assert(!vif.uie && !vif.npie && !vif.lrenpie && !vif.tdir);
    ck_assert(vif.vgrp1die && !vif.vgrp1eie && vif.vgrp0eie && !vif.vgrp0die);
    ck_assert_uint_eq(vif.eoicount, 0);
    vgic_configure_hcr(GIC_V3, &sum, 3, true, &vif);    /* an SPI in flight: TDIR */
    ck_assert(!vif.uie && vif.tdir);
    vgic_configure_hcr(GIC_V3, &sum, 2, false, &vif);   /* overflow with actives */
    ck_assert(vif.uie && !vif.npie && vif.lrenpie && vif.tdir);
    struct vgic_ap_summary pend = {.nr_pend = 3};
    vgic_configure_hcr(GIC_V3, &pend, 2, false, &vif);  /* pending ones overflow */
    ck_assert(vif.uie && vif.npie && !vif.lrenpie && !vif.tdir);
    vgic_configure_hcr(GIC_V2, &pend, 4, false, &vif);  /* GICv2: DIR always traps */
    ck_assert(!vif.uie && vif.tdir);
}
END_TEST

/* Deactivating an interrupt outside the LRs: edge pending state kept, a level one
 * resampled, a HW-mapped one's physical interrupt deactivated too. */
START_TEST(test_overflow_deactivate_unlisted)
{
    struct gic_lr lr;
    struct vgic_irq_state e = irq_at(40, 0xa0, true, true);
    ck_assert(!vgic_deactivate_unlisted(GIC_V3, &e, &lr));
    ck_assert(!e.active);
    ck_assert(e.pending_latch);
    struct vgic_irq_state h = irq_at(27, 0xa0, false, true);
    h.hw = true;
    h.level = true;
    h.phys_active = true;
    ck_assert(vgic_deactivate_unlisted(GIC_V3, &h, &lr));
    ck_assert(!h.active && !h.phys_active);
    struct vgic_irq_state l = irq_at(41, 0xa0, false, true);
    l.level = true;
    ck_assert(!vgic_deactivate_unlisted(GIC_V2, &l, &lr));
    ck_assert(!l.active);
    ck_assert(vgic_fold_ends_spi_flight(&lr, true));   /* level: the EOI maintenance bit */
    ck_assert(!vgic_fold_ends_spi_flight(&lr, false));
}
END_TEST

/* The fold of an LR that held a virtual LPI the guest acknowledged: from v6.19 the LPI's
 * active state is dropped ("Drop LPI active state when folding LRs"); before, it comes
 * back as for any interrupt. An SPI keeps its active state under both; an LPI's
 * unacknowledged pending state goes back to the latch under both. */
START_TEST(test_fold_lpi_active_by_release)
{
    struct vgic_release r618, r619;
    vgic_release_get(&(struct gic_config){.kvm_release = 618}, &r618);
    vgic_release_get(&(struct gic_config){.kvm_release = 619}, &r619);
    ck_assert(!r618.lpi_active_dropped_at_fold);
    ck_assert(r619.lpi_active_dropped_at_fold);
    const struct gic_lr act_lpi = {.intid = 8195, .state = GIC_LR_ACTIVE, .priority = 0xa0,
                                   .group = 1};
    const struct gic_lr pa_lpi = {.intid = 8195, .state = GIC_LR_PENDING_ACTIVE,
                                  .priority = 0xa0, .group = 1};
    const struct gic_lr act_spi = {.intid = 40, .state = GIC_LR_ACTIVE, .priority = 0xa0,
                                   .group = 1};
    struct vgic_irq_state lpi = irq_at(8195, 0xa0, false, true);
    vgic_fold_lr(GIC_V3, &r618, &act_lpi, &lpi);
    ck_assert(lpi.active);
    vgic_fold_lr(GIC_V3, &r619, &act_lpi, &lpi);
    ck_assert(!lpi.active && !lpi.pending_latch);
    lpi = irq_at(8195, 0xa0, false, true);
    vgic_fold_lr(GIC_V3, &r619, &pa_lpi, &lpi);      /* re-pended while active */
    ck_assert(!lpi.active && lpi.pending_latch);
    struct vgic_irq_state spi = irq_at(40, 0xa0, false, true);
    vgic_fold_lr(GIC_V3, &r619, &act_spi, &spi);
    ck_assert(spi.active);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ref_release");
    TCase *tc = tcase_create("wfi");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_wfi_masked_pending_bounces_before_5_0);
    tcase_add_test(tc, test_releases_alike_give_identical_runs);
    suite_add_tcase(s, tc);
    TCase *rules = tcase_create("overflow_rules");
    tcase_add_test(rules, test_overflow_order);
    tcase_add_test(rules, test_overflow_configure_hcr);
    tcase_add_test(rules, test_overflow_deactivate_unlisted);
    tcase_add_test(rules, test_fold_lpi_active_by_release);
    suite_add_tcase(s, rules);
    return test_run_suite(s);
}
