/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader: sources read once and loaded many times (vgicsim sweep), the
 * lazily read trace, --set overrides on it, and the memory a step costs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader_helpers.h"
#include "scenario/load.h"
#include "util/cycles.h"

/* A trace of n steps of several kinds, some with `at`. */
static char *make_trace(size_t n)
{
    struct lh_buf b = {0};
    lh_printf(&b, "version: 1\ngic: {version: 3, vcpus: 2}\ntrace:\n");
    for (size_t i = 0; i < n; i++) {
        switch (i % 4) {
        case 0:
            lh_printf(&b, "  - {at: %zu, vcpu: 1, write: {reg: GICD_ISENABLER, n: 1, "
                          "value: 0x100}}\n", i * 10);
            break;
        case 1: lh_printf(&b, "  - {at: %zu, pulse: {intid: %zu}}\n", i * 10, 32 + i % 64); break;
        case 2: lh_printf(&b, "  - {vcpu: 0, read: {reg: GICD_IPRIORITYR10, expect: 0}}\n"); break;
        default: lh_printf(&b, "  - line: {intid: 40, level: %zu}\n", (i / 4) % 2); break;
        }
    }
    return b.s;
}

START_TEST(test_source_parsed_once)
{
    char *text = make_trace(1000);
    char *path = test_write_temp(text);
    struct diag_list d;
    diag_init(&d);
    struct scenario_source *src = scenario_source_open(path, &d);
    ck_assert_ptr_nonnull(src);
    /* Parsed once: the file is no longer needed. */
    ck_assert_int_eq(unlink(path), 0);

    struct scenario a, b, c;
    const char *sets_a[] = {"trace.3.at=77", "trace.5.pulse.intid=50", "gic.list_registers=8"};
    ck_assert(scenario_source_load(src, sets_a, 3, &a, &d));
    ck_assert(scenario_source_load(src, NULL, 0, &b, &d));
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(a.n_steps, 1000);
    ck_assert_uint_eq(b.n_steps, 1000);
    ck_assert(a.steps[3].has_at);
    ck_assert_uint_eq(a.steps[3].at, 77);
    ck_assert_uint_eq(a.steps[5].u.line.intid, 50);
    ck_assert_uint_eq(a.gic.list_registers, 8);
    /* The source is not changed by a load: the next one sees the file as written. */
    ck_assert(!b.steps[3].has_at);
    ck_assert_uint_eq(b.steps[5].u.line.intid, 32 + 5);
    ck_assert_uint_eq(b.gic.list_registers, 4);
    /* Loads are independent: freeing one leaves the other intact. */
    scenario_free(&a);
    ck_assert_uint_eq(b.steps[999].loc.line, 1003);
    ck_assert_str_eq(b.steps[999].loc.file, path);

    /* An override that makes the file's steps invalid: errors located in the file. */
    const char *sets_c[] = {"gic.vcpus=1"};
    ck_assert(!scenario_source_load(src, sets_c, 1, &c, &d));
    ck_assert_uint_gt(d.count, 0);
    ck_assert_str_eq(d.items[0].file, path);
    ck_assert_uint_eq(d.items[0].line, 4);
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "trace[0].vcpu: vCPU 1 does not exist"));
    scenario_free(&c);
    diag_free(&d);

    /* Overrides of a lazily read trace: a whole step, a new key, past the end. */
    const char *sets_d[] = {"trace.2={pulse: {intid: 60}}", "trace.0.at=0x10"};
    ck_assert(scenario_source_load(src, sets_d, 2, &c, &d));
    ck_assert_int_eq(c.steps[2].kind, SCN_STEP_PULSE);
    ck_assert_uint_eq(c.steps[2].u.line.intid, 60);
    ck_assert_str_eq(c.steps[2].loc.file, "--set");
    ck_assert_uint_eq(c.steps[0].at, 16);
    scenario_free(&c);
    const char *sets_e[] = {"trace.1000.at=1"};
    ck_assert(!scenario_source_load(src, sets_e, 1, &c, &d));
    ck_assert_ptr_nonnull(strstr(d.items[0].msg, "index 1000 is past the end of the list"));
    scenario_free(&c);

    scenario_free(&b);
    scenario_source_free(src);
    diag_free(&d);
    free(path);
    free(text);
}
END_TEST

START_TEST(test_lazy_trace_matches_inline)
{
    /* The same steps read lazily (top-level trace) and eagerly (a --set value) give the
     * same scenario. */
    const char *T = HDR3 "trace:\n"
                    "  - {at: 5, vcpu: 1, write: {reg: GICD_ISENABLER1, value: 0x100}}\n"
                    "  - &p {pulse: {intid: 41}}\n"
                    "  - *p\n"
                    "  - {vcpu: 0, sgi: {intid: 3, targets: [1, 0]}}\n"
                    "  - {check: {intid: 41, pending: true, priority: 0xa0}}\n";
    const char *inline_set[] = {
        "trace=[{at: 5, vcpu: 1, write: {reg: GICD_ISENABLER1, value: 0x100}}, {pulse: "
        "{intid: 41}}, {pulse: {intid: 41}}, {vcpu: 0, sgi: {intid: 3, targets: [1, 0]}}, "
        "{check: {intid: 41, pending: true, priority: 0xa0}}]",
    };
    struct scenario a, b;
    LOAD_OK(T, &a);
    LOAD_OK_SET(T, inline_set, &b);
    ck_assert_uint_eq(a.n_steps, 5);
    ck_assert_uint_eq(b.n_steps, 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_int_eq(a.steps[i].kind, b.steps[i].kind);
        ck_assert_int_eq(a.steps[i].has_at, b.steps[i].has_at);
        ck_assert_uint_eq(a.steps[i].at, b.steps[i].at);
        ck_assert_int_eq(a.steps[i].vcpu, b.steps[i].vcpu);
    }
    ck_assert_uint_eq(a.steps[0].u.mmio.offset, b.steps[0].u.mmio.offset);
    ck_assert_ptr_eq(a.steps[0].u.mmio.reg, b.steps[0].u.mmio.reg);
    ck_assert_uint_eq(a.steps[3].u.sgi.n_targets, 2);
    ck_assert_uint_eq(a.steps[3].u.sgi.targets[0], 1);
    ck_assert(a.steps[4].u.check.has_priority);
    ck_assert_uint_eq(a.steps[4].u.check.priority, 0xa0);
    /* Locations: the file's lines, an alias at its use. */
    ck_assert_uint_eq(a.steps[0].loc.line, 4);
    ck_assert_uint_eq(a.steps[2].loc.line, 6);
    ck_assert_uint_eq(a.steps[2].loc.col, 5);
    scenario_free(&a);
    scenario_free(&b);
}
END_TEST

START_TEST(test_step_memory)
{
    /* A loaded trace costs its step array and little else: no per-step strings or tree
     * (docs/scenario-format.md, "Limits"). */
    enum { N = 100000 };
    char *text = make_trace(N);
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(scenario_load_text("big.yaml", text, strlen(text), NULL, 0, &s, &d));
    ck_assert_uint_eq(s.n_steps, N);
    size_t per_step = arena_footprint(&s.arena) / N;
    ck_assert_msg(per_step <= sizeof(struct scn_step) + 8, "%zu bytes per step (a step is %zu)",
                  per_step, sizeof(struct scn_step));
    ck_assert_uint_le(sizeof(struct scn_step), 128);
    /* Labels are formatted on demand. */
    char buf[SCN_LABEL_MAX];
    ck_assert_str_eq(scn_mmio_label(&s.steps[0].u.mmio, buf, sizeof(buf)), "GICD_ISENABLER1");
    ck_assert_str_eq(scn_mmio_label(&s.steps[2].u.mmio, buf, sizeof(buf)), "GICD_IPRIORITYR10");
    scenario_free(&s);
    diag_free(&d);
    free(text);
}
END_TEST

START_TEST(test_error_index_in_lazy_trace)
{
    /* Paths name the step's index although nothing is formatted for valid steps. */
    const char *T = HDR3 "trace:\n"
                    "  - pulse: {intid: 40}\n"
                    "  - pulse: {intid: 40}\n"
                    "  - pulse: {intid: 40}\n"
                    "  - pulse: {intid: 4000}\n"
                    "  - {at: 0x1_0000_0000_0001, pulse: {intid: 40}}\n";
    EXPECT_DIAGS(T, AFTER(7, "intid: ", "trace[3].pulse.intid: INTID 4000 does not exist"),
                 AFTER(8, "at: ", "trace[4].at: 0x1_0000_0000_0001 cycles is more than the "
                                   "largest cycle value, 2^48 = 281474976710656"));
}
END_TEST

START_TEST(test_limits_accepted_at_the_edge)
{
    const char *T = HDR3 "costs: {trap: 4294967296}\n"
                    "guest: {handler: 281474976710656, handlers: {40: 281474976710656}}\n"
                    "run: {until: 281474976710656}\n"
                    "trace:\n  - {at: 281474976710656, pulse: {intid: 40}}\n"
                    "workload:\n  - {kind: periodic, intid: 41, start: 281474976710656, "
                    "period: 281474976710656, count: 2}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.steps[0].at, CYC_MAX_INPUT);
    ck_assert_uint_eq(s.until, CYC_MAX_INPUT);
    ck_assert_uint_eq(s.guest.handler, CYC_MAX_INPUT);
    ck_assert_uint_eq(s.generators[0].period, CYC_MAX_INPUT);
    scenario_free(&s);
    T = HDR3 PULSE40 "costs: {trap: 4294967297}\n";
    EXPECT_DIAGS(T, AFTER(5, "trap: ", "costs.trap: 4294967297 cycles is more than the largest "
                                       "cost of one operation, 2^32 = 4294967296"));
    T = HDR3 PULSE40 "guest: {handlers: {40: 281474976710657}}\n";
    EXPECT_DIAGS(T, AFTER(5, "40: ", "guest.handlers.40: 281474976710657 cycles is more"));
}
END_TEST

START_TEST(test_anchors_in_lazy_trace)
{
    /* Anchors defined inside trace steps stay usable after their step is encoded: by
     * later steps, inside the same step, and outside the trace. Thousands of them (the
     * anchor table grows; lookups stay cheap). */
    struct lh_buf b = {0};
    lh_printf(&b, HDR3 "trace:\n");
    for (int i = 0; i < 5000; i++)
        lh_printf(&b, "  - &s%d {pulse: {intid: &i%d %d}}\n", i, i, 32 + i % 64);
    for (int i = 0; i < 5000; i++)
        lh_printf(&b, "  - *s%d\n", 4999 - i);
    lh_printf(&b, "  - {line: {intid: *i7, level: 1}, at: &t 100}\n");
    lh_printf(&b, "  - {pulse: {intid: *i8}, at: *t}\n");
    lh_printf(&b, "expect: {acks: [{intid: *i9, count: &c 3}, {intid: *i10, count: *c}]}\n");
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load_text("t.yaml", b.s, b.len, NULL, 0, &s, &d);
    if (!ok)
        diag_print(&d, stderr);
    ck_assert(ok);
    ck_assert_uint_eq(s.n_steps, 10002);
    ck_assert_uint_eq(s.steps[5000].u.line.intid, 32 + 4999 % 64);
    ck_assert_uint_eq(s.steps[5000].loc.line, 4 + 5000);
    ck_assert_uint_eq(s.steps[9999].u.line.intid, 32);
    ck_assert_uint_eq(s.steps[10000].u.line.intid, 32 + 7);
    ck_assert_uint_eq(s.steps[10001].u.line.intid, 32 + 8);
    ck_assert_uint_eq(s.steps[10001].at, 100);
    ck_assert_uint_eq(s.expect.n_acks, 2);
    ck_assert_uint_eq(s.expect.acks[0].intid, 32 + 9);
    ck_assert_uint_eq(s.expect.acks[1].count, 3);
    scenario_free(&s);
    diag_free(&d);
    free(b.s);
}
END_TEST

static Suite *loader_source_suite(void)
{
    Suite *s = suite_create("loader_source");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_source_parsed_once);
    tcase_add_test(t, test_lazy_trace_matches_inline);
    tcase_add_test(t, test_step_memory);
    tcase_add_test(t, test_error_index_in_lazy_trace);
    tcase_add_test(t, test_limits_accepted_at_the_edge);
    tcase_add_test(t, test_anchors_in_lazy_trace);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return test_run_suite(loader_source_suite());
}
