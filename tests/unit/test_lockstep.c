/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the lockstep checker (src/check/lockstep.c): two models that behave alike
 * pass; a model with one planted difference (a value read, a list register, a kick, the
 * final state of an interrupt) is caught at the operation where it shows, and the failure
 * is located at the scenario step being played. */
#include <stdlib.h>
#include <string.h>

#include "check/lockstep.h"
#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "test_support.h"

/* One SPI raised by a device and taken by the booted guest on vCPU 0, a register read,
 * then an explicit IAR from the manual part of the trace. */
static const char *const SCENARIO =
    "version: 1\n"
    "gic: {version: 3, vcpus: 2, spis: 32}\n"
    "guest: {handler: 500}\n"
    "trace:\n"
    "  - {at: 1000, line: {intid: 40, level: 1}}\n"
    "  - {at: 1000, read: {reg: GICD_ISENABLER1}, vcpu: 1}\n"
    "  - {at: 50000, line: {intid: 40, level: 0}}\n";

static const struct vgic_model_ops *ref(void) { return vgic_model_by_name("ref"); }
static const struct vgic_model_ops *perf(void) { return vgic_model_by_name("perf"); }

static struct sim_result run_lockstep(const struct vgic_model_ops *lead,
                                      const struct vgic_model_ops *other)
{
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(scenario_load_text("lockstep.yaml", SCENARIO, strlen(SCENARIO), NULL, 0, &s, &d));
    diag_free(&d);
    struct sim_result r;
    struct lockstep_pair pair;
    sim_run(&s, lockstep_ops(&pair, lead, other), s.seed, &r);
    scenario_free(&s);
    return r;
}

static void expect_divergence(struct sim_result *r, const char *fragment, uint32_t line)
{
    ck_assert_uint_eq(r->n_failures, 1);
    ck_assert_msg(strstr(r->failures[0].message, "divergence at cycle") != NULL, "%s",
                  r->failures[0].message);
    ck_assert_msg(strstr(r->failures[0].message, fragment) != NULL, "'%s' not in '%s'",
                  fragment, r->failures[0].message);
    if (line)
        ck_assert_uint_eq(r->failures[0].loc.line, line);
    sim_result_free(r);
}

START_TEST(test_alike_models_pass)
{
    struct sim_result r = run_lockstep(ref(), perf());
    ck_assert_uint_eq(r.n_failures, 0);
    bool counted = false;
    for (uint32_t k = 0; k < r.counters.n_extra; k++)
        if (strcmp(r.counters.extra[k].name, "lockstep_operations") == 0)
            counted = r.counters.extra[k].value > 5;
    ck_assert(counted);
    sim_result_free(&r);
    /* The other way round: the performance core leading. */
    r = run_lockstep(perf(), ref());
    ck_assert_uint_eq(r.n_failures, 0);
    sim_result_free(&r);
}
END_TEST

/* ---- mutants: the performance core with one thing changed ---- */

static struct vgic_model_ops mutant;

static uint64_t mmio_read_off_by_one(struct vgic_model *m, const struct vgic_ctx *ctx,
                                     enum gic_frame frame, uint32_t redist, uint32_t offset,
                                     uint32_t width, uint64_t *value)
{
    uint64_t t = perf()->mmio_read(m, ctx, frame, redist, offset, width, value);
    *value ^= 1;
    return t;
}

START_TEST(test_value_read_differs)
{
    mutant = *perf();
    mutant.name = "mutant";
    mutant.mmio_read = mmio_read_off_by_one;
    struct sim_result r = run_lockstep(ref(), &mutant);
    expect_divergence(&r, "a register read returned", 6);
}
END_TEST

static void lr_priority_changed(const struct vgic_model *m, uint32_t vcpu,
                                struct vgic_vcpu_snapshot *out)
{
    perf()->vcpu_state(m, vcpu, out);
    if (out->vif.used_lrs)
        out->vif.lr[0].priority ^= 0x10;
}

START_TEST(test_list_register_differs)
{
    mutant = *perf();
    mutant.name = "mutant";
    mutant.vcpu_state = lr_priority_changed;
    struct sim_result r = run_lockstep(ref(), &mutant);
    expect_divergence(&r, "LR0", 0);
}
END_TEST

static void hcr_tdir_flipped(const struct vgic_model *m, uint32_t vcpu,
                             struct vgic_vcpu_snapshot *out)
{
    perf()->vcpu_state(m, vcpu, out);
    if (out->in_guest)
        out->vif.tdir = !out->vif.tdir;
}

/* The HCR bits and EOIcount are compared directly, not only through their effects. */
START_TEST(test_hcr_differs)
{
    mutant = *perf();
    mutant.name = "mutant";
    mutant.vcpu_state = hcr_tdir_flipped;
    struct sim_result r = run_lockstep(ref(), &mutant);
    expect_divergence(&r, "HCR: ref {NPIE 0 LRENPIE 0", 0);
}
END_TEST

static void drop_kick(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)sim, (void)vcpu, (void)when;   /* the kick never reaches anyone */
}

static struct vgic_model *create_without_kicks(const struct vgic_model_ops *self,
                                               const struct gic_config *gic,
                                               const struct cost_model *costs,
                                               const struct vgic_hooks *hooks, void *sim)
{
    (void)self;
    static struct vgic_hooks h;
    h = *hooks;
    h.kick = drop_kick;
    return ref()->create(ref(), gic, costs, &h, sim);
}

static void vcpu_state_never_notified(const struct vgic_model *m, uint32_t vcpu,
                                      struct vgic_vcpu_snapshot *out)
{
    ref()->vcpu_state(m, vcpu, out);
    out->notified = false;
}

START_TEST(test_missing_kick)
{
    /* A reference model whose kicks vanish and that never has a notification pending. */
    mutant = *ref();
    mutant.name = "mutant";
    mutant.create = create_without_kicks;
    mutant.vcpu_state = vcpu_state_never_notified;
    struct sim_result r = run_lockstep(ref(), &mutant);
    expect_divergence(&r, "kicked vCPU 0", 5);
}
END_TEST

static void irq_disabled_at_end(const struct vgic_model *m, uint32_t vcpu, uint32_t intid,
                                struct vgic_irq_snapshot *out)
{
    perf()->irq_state(m, vcpu, intid, out);
    if (intid == 41)
        out->s.enabled = !out->s.enabled;
}

START_TEST(test_final_state_differs)
{
    mutant = *perf();
    mutant.name = "mutant";
    mutant.irq_state = irq_disabled_at_end;
    struct sim_result r = run_lockstep(ref(), &mutant);
    expect_divergence(&r, "at the end INTID 41", 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lockstep");
    TCase *tc = tcase_create("lockstep");
    tcase_add_test(tc, test_alike_models_pass);
    tcase_add_test(tc, test_value_read_differs);
    tcase_add_test(tc, test_list_register_differs);
    tcase_add_test(tc, test_hcr_differs);
    tcase_add_test(tc, test_missing_kick);
    tcase_add_test(tc, test_final_state_differs);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
