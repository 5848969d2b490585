/* SPDX-License-Identifier: GPL-2.0-only */
/* Where the simulation calls the models' wfi_block and wfi_wake (KVM's vgic put and load
 * around a WFI block, vgic_model.h): at cycle 0 for the vCPUs of a booted guest, which
 * start blocked; on every WFI exit before KVM's runnable test (which GICv4's PendingLast
 * feeds); and a load before every entry that follows. Without direct injection both are
 * free: a run's numbers do not move (the pinned reports check that). Also the machine's
 * list of assigned devices, which a model's copy of the configuration keeps. */
#include <stdlib.h>
#include <string.h>

#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "test_support.h"

/* The reference model, with the calls this test follows logged per vCPU. */
enum call { C_BLOCK = 'B', C_WAKE = 'W', C_ENTRY = 'E', C_TEST = 'T' };
enum { VCPUS = 2, MAX_CALLS = 4096 };

static struct vgic_model_ops logged;
static const struct vgic_model_ops *inner;
static char calls[VCPUS][MAX_CALLS];
static uint64_t first_block_at[VCPUS];
static size_t n_calls[VCPUS];

static void log_call(uint32_t vcpu, enum call c)
{
    ck_assert_uint_lt(vcpu, VCPUS);
    ck_assert_uint_lt(n_calls[vcpu], MAX_CALLS - 1);
    calls[vcpu][n_calls[vcpu]++] = (char)c;
}

static uint64_t l_block(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    if (n_calls[ctx->vcpu] == 0)
        first_block_at[ctx->vcpu] = ctx->now;
    log_call((uint32_t)ctx->vcpu, C_BLOCK);
    uint64_t t = inner->wfi_block(m, ctx);
    ck_assert_uint_eq(t, ctx->now);   /* free without direct injection */
    return t;
}

static uint64_t l_wake(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    log_call((uint32_t)ctx->vcpu, C_WAKE);
    uint64_t t = inner->wfi_wake(m, ctx);
    ck_assert_uint_eq(t, ctx->now);
    return t;
}

static uint64_t l_entry(struct vgic_model *m, const struct vgic_ctx *ctx)
{
    log_call((uint32_t)ctx->vcpu, C_ENTRY);
    return inner->vcpu_entry(m, ctx);
}

static bool l_test(const struct vgic_model *m, uint32_t vcpu)
{
    log_call(vcpu, C_TEST);
    return inner->vcpu_has_pending(m, vcpu);
}

static const char *const SCENARIO =
    "version: 1\n"
    "gic: {version: 3, vcpus: 2, spis: 32}\n"
    "guest: {handler: 500}\n"
    "trace:\n"
    "  - {at: 1000, pulse: {intid: 40}}\n"
    "  - {at: 20000, pulse: {intid: 41}}\n"
    "  - {at: 40000, pulse: {intid: 40}}\n";

static void run_logged(void)
{
    inner = vgic_model_by_name("ref");
    logged = *inner;
    logged.name = "wfi_logged";
    logged.wfi_block = l_block;
    logged.wfi_wake = l_wake;
    logged.vcpu_entry = l_entry;
    logged.vcpu_has_pending = l_test;
    memset(n_calls, 0, sizeof(n_calls));
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(scenario_load_text("wfi.yaml", SCENARIO, strlen(SCENARIO), NULL, 0, &s, &d));
    diag_free(&d);
    struct sim_result r;
    sim_run(&s, &logged, s.seed, &r);
    ck_assert_uint_eq(r.n_failures, 0);
    sim_result_free(&r);
    scenario_free(&s);
}

START_TEST(put_before_the_runnable_test_load_before_entry)
{
    run_logged();
    for (uint32_t v = 0; v < VCPUS; v++) {
        const char *c = calls[v];
        size_t n = n_calls[v];
        /* The booted guest idles in WFI: put at cycle 0, before anything else. */
        ck_assert_uint_ge(n, 1);
        ck_assert_int_eq(c[0], C_BLOCK);
        ck_assert_uint_eq(first_block_at[v], 0);
        bool loaded = false;
        size_t blocks = 0;
        for (size_t i = 0; i < n; i++) {
            switch (c[i]) {
            case C_BLOCK: ck_assert(loaded == (i > 0)); loaded = false; blocks++; break;
            case C_WAKE: ck_assert(!loaded); loaded = true; break;
            /* KVM's runnable test reads what the put left: it runs put. */
            case C_TEST: ck_assert_msg(!loaded, "vCPU %u call %zu: test while loaded", v, i);
                         break;
            case C_ENTRY: ck_assert_msg(loaded, "vCPU %u call %zu: entry while put", v, i);
                          break;
            }
        }
        if (v == 0)   /* woken three times, blocked again after each */
            ck_assert_uint_ge(blocks, 3);
    }
}
END_TEST

START_TEST(model_copy_keeps_the_passthrough_list)
{
    uint32_t hw[] = {27}, pt[] = {3, 9};
    struct gic_config src = {.version = GIC_V3, .vcpus = 1, .spis = 32, .n_hw_mapped = 1,
                             .hw_mapped = hw, .n_passthrough = 2, .passthrough = pt};
    struct gic_config dst;
    uint32_t *block = vgic_config_copy(&dst, &src);
    hw[0] = pt[0] = pt[1] = 0;   /* the caller's arrays may go */
    ck_assert_uint_eq(dst.n_hw_mapped, 1);
    ck_assert_uint_eq(dst.hw_mapped[0], 27);
    ck_assert_uint_eq(dst.n_passthrough, 2);
    ck_assert_uint_eq(dst.passthrough[0], 3);
    ck_assert_uint_eq(dst.passthrough[1], 9);
    free(block);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_wfi");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, put_before_the_runnable_test_load_before_entry);
    tcase_add_test(tc, model_copy_keeps_the_passthrough_list);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
