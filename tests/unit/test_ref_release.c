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

int main(void)
{
    Suite *s = suite_create("ref_release");
    TCase *tc = tcase_create("wfi");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_wfi_masked_pending_bounces_before_5_0);
    tcase_add_test(tc, test_releases_alike_give_identical_runs);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
