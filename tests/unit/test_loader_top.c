/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader, spec sections 1-4 and 7 (top level, gic, costs, guest, expect),
 * error ordering, the three-mistakes fixture, and the diagnostics list itself. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costs/cost_model.h"
#include "loader_helpers.h"
#include "scenario/load.h"
#include "util/diag.h"

/* ---- section 1: top level ---- */

START_TEST(test_minimal_defaults)
{
    const char *T = HDR3 PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_str_eq(s.path, "t.yaml");
    ck_assert_str_eq(s.name, "t");
    ck_assert_ptr_null(s.description);
    ck_assert_uint_eq(s.seed, 1);
    ck_assert(!s.has_until);
    /* gic defaults */
    ck_assert_int_eq(s.gic.version, GIC_V3);
    ck_assert_uint_eq(s.gic.vcpus, 2);
    ck_assert_uint_eq(s.gic.spis, 64);
    ck_assert_uint_eq(s.gic.list_registers, 4);
    ck_assert_uint_eq(s.gic.priority_bits, 5);
    ck_assert_uint_eq(s.gic.n_hw_mapped, 0);
    /* costs: the v3 default preset, untouched */
    const struct cost_preset *p = cost_preset_default(GIC_V3);
    ck_assert_str_eq(s.costs.preset, p->name);
    ck_assert_mem_eq(s.costs.cycles, p->cycles, sizeof(p->cycles));
    /* guest defaults (spec section 4) */
    ck_assert_int_eq(s.guest.mode, SCN_GUEST_AUTO);
    ck_assert_uint_eq(s.guest.handler, 2000);
    ck_assert_uint_eq(s.guest.n_handlers, 0);
    ck_assert_uint_eq(s.guest.eoi_mode, 0);
    ck_assert_uint_eq(s.guest.pmr, 0xff);
    /* the one step */
    ck_assert_uint_eq(s.n_steps, 1);
    ck_assert_uint_eq(s.n_generators, 0);
    ck_assert_int_eq(s.steps[0].kind, SCN_STEP_PULSE);
    ck_assert_uint_eq(s.steps[0].loc.line, 4);
    ck_assert_uint_eq(s.steps[0].loc.col, 5);
    ck_assert_str_eq(s.steps[0].loc.file, "t.yaml");
    ck_assert(!s.expect.has_spurious);
    ck_assert_uint_eq(s.expect.n_acks, 0);
    scenario_free(&s);
}
END_TEST

START_TEST(test_explicit_top_level)
{
    const char *T = "version: 0x1\n"
                    "name: timer-and-virtio\n"
                    "description: \"two devices: a timer and a virtio disk\"\n"
                    "seed: 7\n"
                    "run: {until: 50_000_000}\n"
                    "gic: {version: 3, vcpus: 2}\n" PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_str_eq(s.name, "timer-and-virtio");
    ck_assert_str_eq(s.description, "two devices: a timer and a virtio disk");
    ck_assert_uint_eq(s.seed, 7);
    ck_assert(s.has_until);
    ck_assert_uint_eq(s.until, 50000000);
    scenario_free(&s);
}
END_TEST

START_TEST(test_name_defaults_to_file_base_name)
{
    static const struct {
        const char *path, *name;
    } cases[] = {
        {"t.yaml", "t"},
        {"dir/sub/my-test.yaml", "my-test"},
        {"/abs/x.yml", "x"},
        {"noext", "noext"},
        {"a.b.yaml", "a.b"},
        {"notyaml.txt", "notyaml.txt"},
        {"dir.yaml/file", "file"},
    };
    const char *text = HDR3 PULSE40;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct scenario s;
        struct diag_list d;
        diag_init(&d);
        ck_assert(scenario_load_text(cases[i].path, text, strlen(text), NULL, 0, &s, &d));
        ck_assert_str_eq(s.name, cases[i].name);
        ck_assert_str_eq(s.path, cases[i].path);
        scenario_free(&s);
        diag_free(&d);
    }
}
END_TEST

START_TEST(test_name_and_description_must_be_strings)
{
    const char *T = HDR3 PULSE40 "name: [a, b]\ndescription: {x: 1}\n";
    EXPECT_DIAGS(T, AFTER(5, "name: ", "name: expected a value, got a list"),
                 AFTER(6, "description: ", "description: expected a value, got a map"));
    T = HDR3 PULSE40 "name: \"\"\n";
    EXPECT_DIAGS(T, AFTER(5, "name: ", "name: expected a non-empty string"));
}
END_TEST

START_TEST(test_version_required)
{
    const char *T = "gic: {version: 3, vcpus: 2}\n" PULSE40;
    EXPECT_DIAGS(T, AT_LC(1, 1, "missing required key 'version'"));
    /* block map starting further down: the map starts at its first key */
    T = "\n\n# comment\n  gic: {version: 3, vcpus: 2}\n  trace: [{pulse: {intid: 40}}]\n";
    EXPECT_DIAGS(T, AT_LC(4, 3, "missing required key 'version'"));
}
END_TEST

START_TEST(test_version_must_be_1)
{
    static const struct {
        const char *lit, *msg;
    } cases[] = {
        {"2", "version: this is format version 1; version 2 is not supported"},
        {"0", "version: this is format version 1; version 0 is not supported"},
        {"0x2", "version: this is format version 1; version 0x2 is not supported"},
        {"\"1\"", "version: expected an integer, got the quoted string \"1\""},
        {"1.0", "version: expected an integer (decimal or 0x hexadecimal"},
        {"v1", "version: expected an integer (decimal or 0x hexadecimal"},
        {"-1", "version: expected a non-negative integer, got -1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char T[256];
        snprintf(T, sizeof(T), "gic: {version: 3, vcpus: 2}\nversion: %s\n" PULSE40,
                 cases[i].lit);
        EXPECT_DIAGS(T, AFTER(2, "version: ", cases[i].msg));
    }
}
END_TEST

START_TEST(test_unknown_top_level_keys)
{
    const char *T = HDR3 PULSE40 "sede: 3\nfrobnicate: 1\nWorkload: []\n";
    EXPECT_DIAGS(T, AT(5, "sede", "unknown key 'sede' in the scenario (did you mean 'seed'?)"),
                 AT(6, "frobnicate",
                    "unknown key 'frobnicate' in the scenario (expected one of: version, name, "
                    "description, seed, gic, costs, guest, trace, workload, expect, hypervisor, "
                    "host, its, run)"),
                 AT(7, "Workload", "unknown key 'Workload' in the scenario (did you mean "
                                   "'workload'?)"));
}
END_TEST

START_TEST(test_integer_literals_accepted)
{
    static const struct {
        const char *lit;
        uint64_t v;
    } cases[] = {
        {"0", 0},
        {"42", 42},
        {"0x1F", 31},
        {"0xa0", 0xa0},
        {"1_000_000", 1000000},
        {"0xffff_ffff", 0xffffffffu},
        {"1_2_3", 123},
        {"18446744073709551615", UINT64_MAX},
        {"0xFFFFFFFFFFFFFFFF", UINT64_MAX},
        {"18_446_744_073_709_551_615", UINT64_MAX},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char T[256];
        snprintf(T, sizeof(T), HDR3 "seed: %s\n" PULSE40, cases[i].lit);
        struct scenario s;
        LOAD_OK(T, &s);
        ck_assert_msg(s.seed == cases[i].v, "seed %s loaded as %" PRIu64, cases[i].lit, s.seed);
        scenario_free(&s);
    }
}
END_TEST

START_TEST(test_integer_literals_rejected)
{
    static const char *const not_int[] = {
        "1__0", "_1", "1_", "0x", "0x_1", "0x1_", "1.5", "1e3", "0b101", "12abc", "abc", "+1",
        "0xg", "1 2",
        "0X1F", "0X10",                  /* the format says 0x (issue 19) */
        "18446744073709551616",          /* 2^64 */
        "0x10000000000000000",           /* 2^64 */
        "99999999999999999999999",
    };
    for (size_t i = 0; i < sizeof(not_int) / sizeof(not_int[0]); i++) {
        char T[256], msg[160];
        snprintf(T, sizeof(T), HDR3 "seed: %s\n" PULSE40, not_int[i]);
        snprintf(msg, sizeof(msg),
                 "seed: expected an integer (decimal or 0x hexadecimal, '_' allowed between "
                 "digits), got '%s'",
                 not_int[i]);
        EXPECT_DIAGS(T, AFTER(3, "seed: ", msg));
    }
    const char *T = HDR3 "seed: -1\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "seed: ", "seed: expected a non-negative integer, got -1"));
    T = HDR3 "seed: \"27\"\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "seed: ", "seed: expected an integer, got the quoted string \"27\""));
    T = HDR3 "seed: '27'\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "seed: ", "seed: expected an integer, got the quoted string \"27\""));
    T = HDR3 "seed: ~\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "seed: ", "seed: expected a value, but no value is given"));
    T = HDR3 "seed: [1]\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "seed: ", "seed: expected a value, got a list"));
    T = HDR3 "seed: {a: 1}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "seed: ", "seed: expected a value, got a map"));
}
END_TEST

START_TEST(test_trace_or_workload_required)
{
    const char *T = HDR3;
    EXPECT_DIAGS(T, AT_LC(1, 1, "nothing to simulate: give a 'trace', a 'workload' or both"));
    T = HDR3 "trace: []\nworkload: []\n";
    EXPECT_DIAGS(T, AFTER(3, "trace: ",
                          "nothing to simulate: the trace and the workload are both empty"));
    T = HDR3 "workload: []\n";
    EXPECT_DIAGS(T, AFTER(3, "workload: ",
                          "nothing to simulate: the trace and the workload are both empty"));
    /* a wrong type is reported once, not also as "empty" */
    T = HDR3 "trace: 5\n";
    EXPECT_DIAGS(T, AFTER(3, "trace: ", "trace: expected a list, got a scalar"));
    T = HDR3 "workload: {kind: periodic}\n";
    EXPECT_DIAGS(T, AFTER(3, "workload: ", "workload: expected a list, got a map"));
    /* an empty trace is fine next to a workload */
    T = HDR3 "trace: []\nworkload:\n  - {kind: periodic, intid: 40, period: 10, count: 1}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.n_steps, 0);
    ck_assert_uint_eq(s.n_generators, 1);
    scenario_free(&s);
}
END_TEST

START_TEST(test_run_section)
{
    const char *T = HDR3 PULSE40 "run: {until: 0x10}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert(s.has_until);
    ck_assert_uint_eq(s.until, 16);
    scenario_free(&s);

    T = HDR3 PULSE40 "run: {until: -5, untill: 3}\n";
    EXPECT_DIAGS(T, AFTER(5, "until: ", "run.until: expected a non-negative integer, got -5"),
                 AT(5, "untill", "unknown key 'untill' in run (did you mean 'until'?)"));
    T = HDR3 PULSE40 "run: 5\n";
    EXPECT_DIAGS(T, AFTER(5, "run: ", "run: expected a map, got a scalar"));
}
END_TEST

/* ---- section 2: gic ---- */

START_TEST(test_gic_limits_accepted)
{
    const char *T = "version: 1\n"
                    "gic: {version: 3, vcpus: 512, spis: 960, list_registers: 16, priority_bits: 8}\n"
                    PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.gic.vcpus, 512);
    ck_assert_uint_eq(s.gic.spis, 960);
    ck_assert_uint_eq(s.gic.list_registers, 16);
    ck_assert_uint_eq(s.gic.priority_bits, 8);
    scenario_free(&s);

    T = "version: 1\n"
        "gic:\n"
        "  version: 2\n"
        "  vcpus: 8\n"
        "  spis: 32\n"
        "  list_registers: 1\n"
        "  priority_bits: 4\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_int_eq(s.gic.version, GIC_V2);
    ck_assert_uint_eq(s.gic.vcpus, 8);
    ck_assert_uint_eq(s.gic.spis, 32);
    ck_assert_uint_eq(s.gic.list_registers, 1);
    ck_assert_uint_eq(s.gic.priority_bits, 4);
    /* v2 defaults to the v2 cost preset */
    ck_assert_str_eq(s.costs.preset, cost_preset_default(GIC_V2)->name);
    scenario_free(&s);
}
END_TEST

START_TEST(test_gic_version)
{
    const char *T = "version: 1\ngic: {vcpus: 2}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "gic: ", "gic: missing required key 'version' (2 or 3)"));
    T = "version: 1\ngic:\n  vcpus: 2\n" PULSE40;
    EXPECT_DIAGS(T, AT_LC(3, 3, "gic: missing required key 'version' (2 or 3)"));
    T = "version: 1\ngic: {version: 4, vcpus: 2}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "version: ", "gic.version: GIC version 4 is not modelled (2 or 3)"));
    T = "version: 1\ngic: {version: v3, vcpus: 2}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "version: ", "gic.version: expected an integer"));
    T = "version: 1\ngic: 3\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "gic: ", "gic: expected a map, got a scalar"));
    T = "version: 1\n" PULSE40;
    EXPECT_DIAGS(T, AT_LC(1, 1, "missing required key 'gic'"));
}
END_TEST

START_TEST(test_gic_vcpus)
{
    const char *T = "version: 1\ngic: {version: 2, vcpus: 9}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "vcpus: ", "gic.vcpus: GICv2 supports at most 8 vCPUs"));
    T = "version: 1\ngic: {version: 3, vcpus: 513}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "vcpus: ", "gic.vcpus: 513 is out of range (1..512)"));
    T = "version: 1\ngic: {version: 3, vcpus: 0}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "vcpus: ", "gic.vcpus: 0 is out of range"));
    T = "version: 1\ngic: {version: 2, vcpus: 0}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "vcpus: ", "gic.vcpus: 0 is out of range"));
    /* a misspelt key: reported at the key, and the real key is then missing */
    T = "version: 1\ngic: {version: 3, vcpu: 2}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "gic: ", "gic: missing required key 'vcpus'"),
                 AT(2, "vcpu:", "unknown key 'vcpu' in gic (did you mean 'vcpus'?)"));
}
END_TEST

START_TEST(test_gic_spis_lr_priority_bits)
{
    static const struct {
        const char *kv, *key, *msg;
    } cases[] = {
        {"spis: 33", "spis: ", "gic.spis: 33 is not a multiple of 32"},
        {"spis: 48", "spis: ", "gic.spis: 48 is not a multiple of 32"},
        {"spis: 0", "spis: ", "gic.spis: 0 is out of range (32..960)"},
        {"spis: 992", "spis: ", "gic.spis: 992 is out of range (32..960)"},
        {"spis: 1024", "spis: ", "gic.spis: 1024 is out of range (32..960)"},
        {"list_registers: 17", "list_registers: ", "gic.list_registers: 17 is out of range (1..16)"},
        {"list_registers: 0", "list_registers: ", "gic.list_registers: 0 is out of range (1..16)"},
        {"priority_bits: 3", "priority_bits: ", "gic.priority_bits: 3 is out of range (4..8)"},
        {"priority_bits: 9", "priority_bits: ", "gic.priority_bits: 9 is out of range (4..8)"},
        {"priority_bits: five", "priority_bits: ", "gic.priority_bits: expected an integer"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char T[256];
        snprintf(T, sizeof(T), "version: 1\ngic: {version: 3, vcpus: 2, %s}\n" PULSE40,
                 cases[i].kv);
        EXPECT_DIAGS(T, AFTER(2, cases[i].key, cases[i].msg));
    }
    /* all of them at once: every error is reported, in order */
    const char *T = "version: 1\n"
                    "gic: {version: 2, vcpus: 9, spis: 33, list_registers: 17, priority_bits: 3}\n"
                    PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "vcpus: ", "gic.vcpus: GICv2 supports at most 8 vCPUs"),
                 AFTER(2, "spis: ", "gic.spis: 33 is not a multiple of 32"),
                 AFTER(2, "list_registers: ", "gic.list_registers: 17 is out of range (1..16)"),
                 AFTER(2, "priority_bits: ", "gic.priority_bits: 3 is out of range (4..8)"));
}
END_TEST

START_TEST(test_gic_hw_mapped)
{
    const char *T = "version: 1\ngic: {version: 3, vcpus: 2, hw_mapped: [95, 27, 40, 16]}\n"
                    PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.gic.n_hw_mapped, 4);
    ck_assert_uint_eq(s.gic.hw_mapped[0], 16);
    ck_assert_uint_eq(s.gic.hw_mapped[1], 27);
    ck_assert_uint_eq(s.gic.hw_mapped[2], 40);
    ck_assert_uint_eq(s.gic.hw_mapped[3], 95);
    scenario_free(&s);

    T = "version: 1\ngic: {version: 3, vcpus: 2, hw_mapped: [40, 3, 27, 96, 0x1b, x]}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "[40, ", "gic.hw_mapped: SGI 3 cannot be HW-mapped"),
                 AFTER(2, "27, ", "gic.hw_mapped: INTID 96 does not exist (SGIs 0-15, PPIs "
                                  "16-31, SPIs 32-95 with gic.spis = 64)"),
                 AFTER(2, "96, ", "gic.hw_mapped: INTID 27 is listed twice"),
                 AFTER(2, "0x1b, ", "gic.hw_mapped: expected an integer"));
    /* the limit follows gic.spis */
    T = "version: 1\ngic: {version: 3, vcpus: 2, spis: 96, hw_mapped: [127]}\n" PULSE40;
    LOAD_OK(T, &s);
    scenario_free(&s);
    T = "version: 1\ngic: {version: 3, vcpus: 2, hw_mapped: 27}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "hw_mapped: ", "gic.hw_mapped: expected a list, got a scalar"));
}
END_TEST

START_TEST(test_gic_invalid_uses_widest_limits)
{
    /* spis invalid: INTIDs up to 991 are not reported, beyond are */
    const char *T = "version: 1\ngic: {version: 3, vcpus: 2, spis: 33}\n"
                    "trace:\n"
                    "  - {line: {intid: 900, level: 1}}\n"
                    "  - {line: {intid: 1000, level: 1}}\n";
    EXPECT_DIAGS(T, AFTER(2, "spis: ", "gic.spis: 33 is not a multiple of 32"),
                 AFTER(5, "intid: ", "trace[1].line.intid: INTID 1000 does not exist"));
    /* vcpus invalid: vCPUs up to 511 are not reported */
    T = "version: 1\ngic: {version: 3, vcpus: 0}\n"
        "trace:\n"
        "  - {read: {reg: GICD_CTLR}, vcpu: 511}\n"
        "  - {read: {reg: GICD_CTLR}, vcpu: 512}\n";
    EXPECT_DIAGS(T, AFTER(2, "vcpus: ", "gic.vcpus: 0 is out of range"),
                 AFTER(5, "vcpu: ", "trace[1].vcpu: vCPU 512 does not exist"));
    /* version invalid: registers of either version are accepted */
    T = "version: 1\ngic: {version: 4, vcpus: 2}\n"
        "trace:\n"
        "  - {read: {reg: GICD_IROUTER, n: 40}, vcpu: 0}\n"
        "  - {read: {reg: GICD_ICPIDR2}, vcpu: 0}\n"
        "  - {cpu: {read: APR0}, vcpu: 0}\n"
        "  - {cpu: {read: AP1R0}, vcpu: 0}\n"
        "  - {read: {offset: 0xfff0, frame: gicd}, vcpu: 0}\n";
    EXPECT_DIAGS(T, AFTER(2, "version: ", "gic.version: GIC version 4 is not modelled"));
    /* no gic at all: nothing that depends on it is reported */
    T = "version: 1\ngic: [1]\n"
        "trace:\n"
        "  - {line: {intid: 900, level: 1}}\n"
        "  - {read: {reg: GICR_CTLR}, vcpu: 300}\n";
    EXPECT_DIAGS(T, AFTER(2, "gic: ", "gic: expected a map, got a list"));
}
END_TEST

/* ---- section 3: costs ---- */

static uint64_t cyc(const struct scenario *s, const char *op)
{
    int i = cost_op_by_name(op);
    ck_assert_msg(i >= 0, "no cost operation '%s'", op);
    return s->costs.cycles[i];
}

static uint64_t preset_cyc(const char *preset, const char *op)
{
    const struct cost_preset *p = cost_preset_by_name(preset);
    ck_assert_msg(p != NULL, "no preset '%s'", preset);
    return p->cycles[cost_op_by_name(op)];
}

START_TEST(test_costs_default_per_version)
{
    struct scenario s;
    const char *T = HDR2 PULSE40;
    LOAD_OK(T, &s);
    const struct cost_preset *p = cost_preset_default(GIC_V2);
    ck_assert_str_eq(s.costs.preset, p->name);
    ck_assert_mem_eq(s.costs.cycles, p->cycles, sizeof(p->cycles));
    scenario_free(&s);
    ck_assert_str_ne(cost_preset_default(GIC_V2)->name, cost_preset_default(GIC_V3)->name);
}
END_TEST

START_TEST(test_costs_preset_name)
{
    struct scenario s;
    const char *T = HDR3 "costs: kvm-gicv3-nvhe\n" PULSE40;
    LOAD_OK(T, &s);
    const struct cost_preset *p = cost_preset_by_name("kvm-gicv3-nvhe");
    ck_assert_str_eq(s.costs.preset, "kvm-gicv3-nvhe");
    ck_assert_mem_eq(s.costs.cycles, p->cycles, sizeof(p->cycles));
    scenario_free(&s);
    /* a preset of the other GIC version is allowed (what-if studies) */
    T = HDR3 "costs: kvm-gicv2\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_str_eq(s.costs.preset, "kvm-gicv2");
    ck_assert_uint_eq(cyc(&s, "trap"), preset_cyc("kvm-gicv2", "trap"));
    scenario_free(&s);
}
END_TEST

START_TEST(test_costs_map_with_preset_and_overrides)
{
    ck_assert_uint_ne(preset_cyc("kvm-gicv2", "trap"), 1500);
    struct scenario s;
    const char *T = HDR3 "costs: {preset: kvm-gicv2, trap: 1500, lr_write: 0x40}\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_str_eq(s.costs.preset, "kvm-gicv2");
    ck_assert_uint_eq(cyc(&s, "trap"), 1500);
    ck_assert_uint_eq(cyc(&s, "lr_write"), 0x40);
    ck_assert_uint_eq(cyc(&s, "exit"), preset_cyc("kvm-gicv2", "exit"));
    scenario_free(&s);
    /* overrides before the preset key still win (order in the map does not matter) */
    T = HDR3 "costs:\n  trap: 1500\n  preset: kvm-gicv2\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(cyc(&s, "trap"), 1500);
    ck_assert_uint_eq(cyc(&s, "entry"), preset_cyc("kvm-gicv2", "entry"));
    scenario_free(&s);
}
END_TEST

START_TEST(test_costs_map_overrides_only)
{
    struct scenario s;
    const char *T = HDR2 "costs: {exit: 1_000, eoir: 0}\n" PULSE40;
    LOAD_OK(T, &s);
    const struct cost_preset *p = cost_preset_default(GIC_V2);
    ck_assert_str_eq(s.costs.preset, p->name);
    ck_assert_uint_eq(cyc(&s, "exit"), 1000);
    ck_assert_uint_eq(cyc(&s, "eoir"), 0);
    ck_assert_uint_eq(cyc(&s, "trap"), p->cycles[cost_op_by_name("trap")]);
    scenario_free(&s);

    T = HDR3 "costs: {exit: 1}\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_str_eq(s.costs.preset, cost_preset_default(GIC_V3)->name);
    ck_assert_uint_eq(cyc(&s, "exit"), 1);
    scenario_free(&s);
}
END_TEST

START_TEST(test_costs_clock)
{
    struct scenario s;
    const char *T = HDR3 "costs: kvm-gicv2\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.costs.clock_mhz, 2400);   /* the preset's host */
    scenario_free(&s);
    T = HDR3 "costs: {clock_mhz: 2800, preset: kvm-gicv3-vhe}\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.costs.clock_mhz, 2800);   /* overrides the preset's, in any order */
    scenario_free(&s);
    T = HDR3 "costs: {clock_mhz: 0}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "clock_mhz: ", "costs.clock_mhz: "));
}
END_TEST

START_TEST(test_costs_errors)
{
    const char *T = HDR3 "costs: kvm-gicv9\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "costs: ", "costs.preset: 'kvm-gicv9' is not one of: kvm-gicv2, "));
    T = HDR3 "costs: {preset: nope, trapp: 3, exit: \"5\", entry: -1, lock: [1], iar: 1.5}\n"
        PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "preset: ", "costs.preset: 'nope' is not one of"),
                 AT(3, "trapp", "unknown key 'trapp' in costs (operations: docs/cost-model.md) "
                              "(did you mean 'trap'?)"),
                 AFTER(3, "exit: ", "costs.exit: expected an integer, got the quoted string"),
                 AFTER(3, "entry: ", "costs.entry: expected a non-negative integer, got -1"),
                 AFTER(3, "lock: ", "costs.lock: expected a value, got a list"),
                 AFTER(3, "iar: ", "costs.iar: expected an integer"));
    T = HDR3 "costs: [kvm-gicv2]\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "costs: ", "costs: expected a map, got a list"));
    T = HDR3 "costs: {preset: [kvm-gicv2]}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "preset: ", "costs.preset: expected a value, got a list"));
}
END_TEST

/* ---- section 4: guest ---- */

START_TEST(test_guest_explicit)
{
    const char *T = HDR3
        "guest: {mode: manual, handler: 500, eoi_mode: 1, pmr: 0x80, handlers: {40: 3000, 27: 500, 0x3: 7}}\n"
        PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_int_eq(s.guest.mode, SCN_GUEST_MANUAL);
    ck_assert_uint_eq(s.guest.handler, 500);
    ck_assert_uint_eq(s.guest.eoi_mode, 1);
    ck_assert_uint_eq(s.guest.pmr, 0x80);
    ck_assert_uint_eq(s.guest.n_handlers, 3);
    ck_assert_uint_eq(s.guest.handlers[0].intid, 3);
    ck_assert_uint_eq(s.guest.handlers[0].cycles, 7);
    ck_assert_uint_eq(s.guest.handlers[1].intid, 27);
    ck_assert_uint_eq(s.guest.handlers[1].cycles, 500);
    ck_assert_uint_eq(s.guest.handlers[2].intid, 40);
    ck_assert_uint_eq(s.guest.handlers[2].cycles, 3000);
    scenario_free(&s);

    T = HDR3 "guest: {mode: auto, pmr: 0, eoi_mode: 0}\n" PULSE40;
    LOAD_OK(T, &s);
    ck_assert_int_eq(s.guest.mode, SCN_GUEST_AUTO);
    ck_assert_uint_eq(s.guest.pmr, 0);
    scenario_free(&s);
}
END_TEST

/* One INTID, two spellings: the second is an error at its key. */
START_TEST(test_guest_handlers_duplicate)
{
    const char *T = HDR3 "guest: {handlers: {27: 1, 0x1b: 2}}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "0x1b", "guest.handlers.0x1b: INTID 27 is given twice"));
}
END_TEST

START_TEST(test_guest_errors)
{
    const char *T = HDR3
        "guest:\n"
        "  mode: semi\n"
        "  handler: x\n"
        "  eoi_mode: 2\n"
        "  pmr: 256\n"
        "  handlers: {27: 500, 100: 3, abc: 2, 40: -1}\n"
        "  mdoe: manual\n"
        PULSE40;
    EXPECT_DIAGS(T, AFTER(4, "mode: ", "guest.mode: 'semi' is not one of: auto, manual"),
                 AFTER(5, "handler: ", "guest.handler: expected an integer"),
                 AFTER(6, "eoi_mode: ", "guest.eoi_mode: 2 is out of range (0..1)"),
                 AFTER(7, "pmr: ", "guest.pmr: 256 is out of range (0..255)"),
                 AT(8, "100", "guest.handlers.100: INTID 100 does not exist"),
                 AT(8, "abc", "guest.handlers.abc: expected an integer"),
                 AFTER(8, "40: ", "guest.handlers.40: expected a non-negative integer, got -1"),
                 AT(9, "mdoe", "unknown key 'mdoe' in guest (did you mean 'mode'?)"));
    T = HDR3 "guest: {handlers: [27, 500]}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "handlers: ", "guest.handlers: expected a map, got a list"));
    T = HDR3 "guest: manual\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "guest: ", "guest: expected a map, got a scalar"));
    /* handler INTIDs follow gic.spis */
    T = "version: 1\ngic: {version: 3, vcpus: 2, spis: 96}\nguest: {handlers: {127: 1}}\n" PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.guest.n_handlers, 1);
    scenario_free(&s);
}
END_TEST

/* ---- section 7: expect ---- */

START_TEST(test_expect_valid)
{
    const char *T = HDR3 PULSE40
        "expect:\n"
        "  acks:\n"
        "    - {vcpu: 1, intid: 40, count: 1}\n"
        "    - {intid: 41, count: 0}\n"
        "  ack_order:\n"
        "    - {vcpu: 0, intids: [30, 40, 41]}\n"
        "    - {vcpu: 1, intids: []}\n"
        "  spurious: 0\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_expect *e = &s.expect;
    ck_assert_uint_eq(e->n_acks, 2);
    ck_assert_int_eq(e->acks[0].vcpu, 1);
    ck_assert_uint_eq(e->acks[0].intid, 40);
    ck_assert_uint_eq(e->acks[0].count, 1);
    ck_assert_uint_eq(e->acks[0].loc.line, 7);
    ck_assert_uint_eq(e->acks[0].loc.col, 7);
    ck_assert_int_eq(e->acks[1].vcpu, SCN_NO_VCPU);
    ck_assert_uint_eq(e->acks[1].intid, 41);
    ck_assert_uint_eq(e->acks[1].count, 0);
    ck_assert_uint_eq(e->n_orders, 2);
    ck_assert_uint_eq(e->orders[0].vcpu, 0);
    ck_assert_uint_eq(e->orders[0].n_intids, 3);
    ck_assert_uint_eq(e->orders[0].intids[0], 30);
    ck_assert_uint_eq(e->orders[0].intids[1], 40);
    ck_assert_uint_eq(e->orders[0].intids[2], 41);
    ck_assert_uint_eq(e->orders[0].loc.line, 10);
    ck_assert_uint_eq(e->orders[1].vcpu, 1);
    ck_assert_uint_eq(e->orders[1].n_intids, 0);
    ck_assert(e->has_spurious);
    ck_assert_uint_eq(e->spurious, 0);
    ck_assert_uint_eq(e->spurious_loc.line, 12);
    ck_assert_uint_eq(e->spurious_loc.col, 13);
    scenario_free(&s);

    T = HDR3 PULSE40 "expect: {spurious: 3}\n";
    LOAD_OK(T, &s);
    ck_assert(s.expect.has_spurious);
    ck_assert_uint_eq(s.expect.spurious, 3);
    ck_assert_uint_eq(s.expect.n_acks, 0);
    scenario_free(&s);
}
END_TEST

START_TEST(test_expect_errors)
{
    const char *T = HDR3 PULSE40
        "expect:\n"
        "  acks:\n"
        "    - {vcpu: 2, intid: 100}\n"
        "    - {cnt: 1}\n"
        "    - 5\n"
        "  ack_order:\n"
        "    - {intids: [30, 1023]}\n"
        "    - {vcpu: 0, intids: 5}\n"
        "  spurious: x\n"
        "  other: 1\n";
    EXPECT_DIAGS(T, AT(7, "{vcpu", "expect.acks[0]: missing 'count'"),
                 AFTER(7, "vcpu: ", "expect.acks[0].vcpu: vCPU 2 does not exist (the machine "
                                    "has 2 vCPUs: 0..1)"),
                 AFTER(7, "intid: ", "expect.acks[0].intid: INTID 100 does not exist"),
                 AT(8, "{cnt", "expect.acks[1]: missing 'intid'"),
                 AT(8, "{cnt", "expect.acks[1]: missing 'count'"),
                 AT(8, "cnt", "unknown key 'cnt' in expect.acks[1] (did you mean 'count'?)"),
                 AT(9, "5", "expect.acks[2]: expected a map, got a scalar"),
                 AT(11, "{intids", "expect.ack_order[0]: missing 'vcpu' (the order is per vCPU)"),
                 AT(11, "1023", "expect.ack_order[0].intids: INTID 1023 does not exist"),
                 AFTER(12, "intids: ", "expect.ack_order[1].intids: expected a list, got a "
                                       "scalar"),
                 AFTER(13, "spurious: ", "expect.spurious: expected an integer"),
                 AT(14, "other", "unknown key 'other' in expect (expected one of: acks, "
                                 "ack_order, spurious, counters)"));
    T = HDR3 PULSE40 "expect: [1]\n";
    EXPECT_DIAGS(T, AFTER(5, "expect: ", "expect: expected a map, got a list"));
    T = HDR3 PULSE40 "expect: {acks: {intid: 40, count: 1}}\n";
    EXPECT_DIAGS(T, AFTER(5, "acks: ", "expect.acks: expected a list, got a map"));
}
END_TEST

/* ---- all errors, sorted by position ---- */

START_TEST(test_errors_sorted_and_all_reported)
{
    /* The loader converts gic before expect and checks unbounded generators after the
     * workload; the report must still follow the file. */
    const char *T = "expect: {spurious: x}\n"
                    "version: 1\n"
                    "workload:\n"
                    "  - {kind: periodic, intid: 40, period: 10}\n"
                    "gic: {version: 3, vcpus: 2, list_registers: 17}\n"
                    "trace:\n"
                    "  - {pulse: {intid: 999}}\n"
                    "guest: {pmr: 300}\n";
    EXPECT_DIAGS(T, AFTER(1, "spurious: ", "expect.spurious: expected an integer"),
                 AT(4, "{kind", "workload[0]: without 'count' this generator never ends"),
                 AFTER(5, "list_registers: ", "gic.list_registers: 17 is out of range"),
                 AFTER(7, "intid: ", "trace[0].pulse.intid: INTID 999 does not exist"),
                 AFTER(8, "pmr: ", "guest.pmr: 300 is out of range"));
}
END_TEST

START_TEST(test_three_mistakes_fixture)
{
    const char *path = test_fixture("three_mistakes.yaml");
    char *file = strdup(path);
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(!scenario_load(file, NULL, 0, &s, &d));
    EXPECT_LIST(&d, {file, 7, 19, "gic.list_registers: 17 is out of range (1..16)"},
                {file, 9, 3, "unknown key 'mdoe' in guest (did you mean 'mode'?)"},
                {file, 11, 19, "trace[0].line.intid: INTID 200 does not exist (SGIs 0-15, "
                               "PPIs 16-31, SPIs 32-95 with gic.spis = 64)"});
    ck_assert_uint_eq(s.n_steps, 0);
    scenario_free(&s);
    diag_free(&d);
    free(file);
}
END_TEST

/* The helpers must fail on any difference, or every test above would be vacuous. */
START_TEST(test_helpers_detect_mismatches)
{
    const char *T = HDR3 PULSE40 "seed: x\n";
    const struct exp_diag right = AFTER(5, "seed: ", "seed: expected an integer");
    char *err = lh_load_expect(T, NULL, 0, &right, 1);
    ck_assert_msg(err == NULL, "%s", err);
    const struct exp_diag wrong[] = {
        AT_LC(5, right.col + 1, right.msg),                 /* column */
        AT_LC(4, right.col, right.msg),                     /* line */
        {"other.yaml", 5, right.col, right.msg},            /* file */
        AT_LC(5, right.col, "expected an integer"),         /* not the start of the message */
        AT_LC(5, right.col, "*got 'y'"),                    /* substring */
    };
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        err = lh_load_expect(T, NULL, 0, &wrong[i], 1);
        ck_assert_msg(err != NULL, "mismatch %zu not detected", i);
        free(err);
    }
    const struct exp_diag sub = AT_LC(5, right.col, "*got 'x'");
    err = lh_load_expect(T, NULL, 0, &sub, 1);
    ck_assert_msg(err == NULL, "%s", err);
    /* too few, too many, and a valid scenario expected to fail */
    const struct exp_diag two[] = {right, right};
    err = lh_load_expect(T, NULL, 0, two, 2);
    ck_assert(err != NULL);
    free(err);
    err = lh_load_expect(T, NULL, 0, NULL, 0);
    ck_assert(err != NULL);
    free(err);
    err = lh_load_expect(HDR3 PULSE40, NULL, 0, &right, 1);
    ck_assert(err != NULL);
    free(err);
    ck_assert_uint_eq(lh_col("ab\ncd: x\n", 2, "x"), 5);
}
END_TEST

/* ---- util/diag ---- */

START_TEST(test_diag_format)
{
    struct diag_list d;
    diag_init(&d);
    diag_add(&d, "a.yaml", 3, 14, "gic.vcpus: %d is out of range", 9);
    diag_add(&d, "a.yaml", 0, 0, "cannot open the scenario");
    diag_add(&d, NULL, 1, 1, "x");
    char *s0 = diag_format(&d.items[0]), *s1 = diag_format(&d.items[1]);
    char *s2 = diag_format(&d.items[2]);
    ck_assert_str_eq(s0, "a.yaml:3:14: error: gic.vcpus: 9 is out of range");
    ck_assert_str_eq(s1, "a.yaml: error: cannot open the scenario");
    ck_assert_str_eq(s2, "<input>:1:1: error: x");
    free(s0);
    free(s1);
    free(s2);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(&d, f);
    fclose(f);
    ck_assert_str_eq(buf, "a.yaml:3:14: error: gic.vcpus: 9 is out of range\n"
                          "a.yaml: error: cannot open the scenario\n"
                          "<input>:1:1: error: x\n");
    free(buf);
    diag_free(&d);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_ptr_null(d.items);
}
END_TEST

START_TEST(test_diag_sort)
{
    struct diag_list d;
    diag_init(&d);
    diag_sort(&d); /* empty: fine */
    diag_add(&d, "b", 5, 1, "b5.1 first");
    diag_add(&d, "a", 2, 2, "a2.2");
    diag_add(&d, "b", 1, 9, "b1.9");
    diag_add(&d, "a", 2, 1, "a2.1");
    diag_add(&d, "b", 5, 1, "b5.1 second");
    diag_add(&d, "b", 4, 30, "b4.30");
    diag_add(&d, "a", 0, 0, "a-unlocated");
    for (int i = 0; i < 20; i++) /* grows past the initial capacity */
        diag_add(&d, "c", (uint32_t)(20 - i), 1, "c%d", 20 - i);
    diag_sort(&d);
    static const char *const want[] = {
        "b1.9", "b4.30", "b5.1 first", "b5.1 second", "a-unlocated", "a2.1", "a2.2",
    };
    for (size_t i = 0; i < 7; i++)
        ck_assert_str_eq(d.items[i].msg, want[i]);
    for (size_t i = 7; i < d.count; i++) {
        char m[8];
        snprintf(m, sizeof(m), "c%zu", i - 6);
        ck_assert_str_eq(d.items[i].msg, m);
    }
    diag_free(&d);
}
END_TEST

LOADER_MAIN("loader_top", test_minimal_defaults, test_explicit_top_level,
            test_name_defaults_to_file_base_name, test_name_and_description_must_be_strings,
            test_version_required, test_version_must_be_1, test_unknown_top_level_keys,
            test_integer_literals_accepted, test_integer_literals_rejected,
            test_trace_or_workload_required, test_run_section, test_gic_limits_accepted,
            test_gic_version, test_gic_vcpus, test_gic_spis_lr_priority_bits, test_gic_hw_mapped,
            test_gic_invalid_uses_widest_limits, test_costs_default_per_version,
            test_costs_preset_name, test_costs_map_with_preset_and_overrides,
            test_costs_map_overrides_only, test_costs_clock, test_costs_errors, test_guest_explicit,
            test_guest_errors, test_guest_handlers_duplicate, test_expect_valid, test_expect_errors,
            test_errors_sorted_and_all_reported, test_three_mistakes_fixture,
            test_helpers_detect_mismatches, test_diag_format, test_diag_sort)
