/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader: YAML-level problems, files, and --set overrides. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "costs/cost_model.h"
#include "loader_helpers.h"
#include "scenario/load.h"

/* ---- YAML ---- */

START_TEST(test_syntax_errors)
{
    /* the fixture: an unclosed flow map, located where libyaml notices it */
    char *file = strdup(test_fixture("syntax_error.yaml"));
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(!scenario_load(file, NULL, 0, &s, &d));
    EXPECT_LIST(&d, {file, 3, 6, "YAML syntax error: did not find expected ',' or '}' while "
                                 "parsing a flow mapping"});
    scenario_free(&s);
    diag_free(&d);
    free(file);

    /* a tab cannot start a token */
    const char *T = HDR3 PULSE40 "\tseed: 1\n";
    EXPECT_DIAGS(T, AT_LC(5, 1, "YAML syntax error: found character that cannot start any "
                                "token"));
    /* bad indentation */
    T = HDR3 "trace:\n  - pulse: {intid: 40}\n   at: 5\n";
    EXPECT_DIAGS(T, AT_LC(5, 4, "YAML syntax error: did not find expected '-' indicator"));
    /* an unterminated quoted string: reported at the end of the stream, and the
     * other mistakes of the file (version 2) are not reported on top */
    T = "version: 2\ngic: {version: 3, vcpus: 2}\n" PULSE40 "name: \"abc\n";
    EXPECT_DIAGS(T, AT_LC(6, 1, "YAML syntax error: found unexpected end of stream while "
                                "scanning a quoted scalar"));
}
END_TEST

START_TEST(test_duplicate_keys)
{
    const char *T = HDR3 PULSE40 "gic: {}\n";
    EXPECT_DIAGS(T, AT_LC(5, 1, "duplicate key 'gic' (first given at line 2)"));
    T = HDR3
        "trace:\n"
        "  - pulse: {intid: 40}\n"
        "  - pulse: {intid: 41, intid: 42}\n"
        "  - at: 5\n"
        "    line: {intid: 40, level: 1}\n"
        "    at: 6\n";
    EXPECT_DIAGS(T, AT(5, "intid: 42", "duplicate key 'intid' (first given at line 5)"),
                 AT(8, "at", "duplicate key 'at' (first given at line 6)"));
}
END_TEST

START_TEST(test_documents)
{
    const char *T = "---\n" HDR3 PULSE40 "...\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.n_steps, 1);
    ck_assert_uint_eq(s.steps[0].loc.line, 5);
    scenario_free(&s);
    T = HDR3 PULSE40 "---\nversion: 1\n";
    EXPECT_DIAGS(T, AT_LC(5, 1, "a scenario file holds exactly one YAML document; found a "
                                "second one"));
    T = "---\n" HDR3 PULSE40 "--- {}\n";
    EXPECT_DIAGS(T, AT_LC(6, 1, "a scenario file holds exactly one YAML document"));
}
END_TEST

START_TEST(test_anchors_and_aliases)
{
    const char *T = HDR3
        "trace:\n"
        "  - &raise {line: {intid: &spi 40, level: 1}}\n"
        "  - *raise\n"
        "  - {pulse: {intid: *spi}}\n"
        "  - &rd\n"
        "    read: {reg: GICD_ISPENDR1, expect: 0}\n"
        "    vcpu: 1\n"
        "  - *rd\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.n_steps, 5);
    ck_assert_int_eq(s.steps[1].kind, SCN_STEP_LINE);
    ck_assert_uint_eq(s.steps[1].u.line.intid, 40);
    ck_assert_uint_eq(s.steps[1].u.line.level, 1);
    /* a step repeated by an alias is located at the alias (where it is used) */
    ck_assert_uint_eq(s.steps[1].loc.line, 5);
    ck_assert_uint_eq(s.steps[0].loc.line, 4);
    ck_assert_uint_eq(s.steps[2].u.line.intid, 40);
    ck_assert_int_eq(s.steps[4].kind, SCN_STEP_READ);
    ck_assert_int_eq(s.steps[4].vcpu, 1);
    ck_assert_uint_eq(s.steps[4].u.mmio.offset, 0x204);
    scenario_free(&s);

    /* a mistake in an anchored node is reported where it is written and at each alias
     * that repeats it, saying where it comes from */
    T = HDR3 "trace:\n  - &p {pulse: {intid: 400}}\n  - *p\n  - {pulse: *p}\n";
    EXPECT_DIAGS(T, AFTER(4, "intid: ", "trace[0].pulse.intid: INTID 400 does not exist"),
                 AT(5, "*p", "*trace[1].pulse.intid: INTID 400 does not exist (SGIs 0-15, PPIs "
                             "16-31, SPIs 32-95 with gic.spis = 64) (in the node this alias "
                             "repeats from line 4)"),
                 AT(6, "*p", "unknown key 'pulse' in trace[2].pulse (expected one of: intid, "
                             "vcpu) (in the node this alias repeats from line 4)"),
                 AT(6, "*p", "trace[2].pulse: missing 'intid' (in the node this alias repeats "
                             "from line 4)"));
    T = HDR3 "trace:\n  - *nothing\n";
    EXPECT_DIAGS(T, AT(4, "*nothing", "unknown alias '*nothing'"));
}
END_TEST

START_TEST(test_root_and_keys)
{
    const char *T = "- version: 1\n- gic: {}\n";
    EXPECT_DIAGS(T, AT_LC(1, 1, "a scenario is a map (version, gic, trace, ...), not a list"));
    T = "just a sentence\n";
    EXPECT_DIAGS(T, AT_LC(1, 1, "a scenario is a map (version, gic, trace, ...), not a scalar"));
    T = "\n\n  42\n";
    EXPECT_DIAGS(T, AT_LC(3, 3, "a scenario is a map (version, gic, trace, ...), not a scalar"));
    T = HDR3 PULSE40 "[a, b]: 1\n";
    EXPECT_DIAGS(T, AT_LC(5, 1, "mapping keys must be plain scalars, not a list"));
    T = HDR3 PULSE40 "? {a: 1}\n: 1\n";
    EXPECT_DIAGS(T, AT_LC(5, 3, "mapping keys must be plain scalars, not a map"));
    /* A key after a non-scalar one is compared with the earlier keys without
     * tripping over it (found by fuzzing: a NULL string compared). */
    T = HDR3 PULSE40 "[a, b]: 1\nseed: 2\n";
    EXPECT_DIAGS(T, AT_LC(5, 1, "mapping keys must be plain scalars, not a list"));
    /* quoted keys are keys */
    T = "\"version\": 1\n'gic': {version: 3, vcpus: 2}\n" PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.gic.vcpus, 2);
    scenario_free(&s);
}
END_TEST

/* Loads a file and expects exactly one diagnostic at (line, col) starting with msg. */
static char *load_file_expect(const char *path, uint32_t line, uint32_t col, const char *msg)
{
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load(path, NULL, 0, &s, &d);
    const struct exp_diag e = {path, line, col, msg};
    char *err = lh_compare(&d, &e, 1);
    if (!err && ok)
        err = strdup("scenario_load succeeded");
    scenario_free(&s);
    diag_free(&d);
    return err;
}

START_TEST(test_files)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"", "the scenario file is empty"},
        {"   \n\t\n\r\n", "the scenario file is empty"},
        {"# only a comment\n\n# and another\n", "the scenario holds no YAML content"},
        {"---\n", "the scenario holds no YAML content"},
        {"--- # nothing\n...\n", "the scenario holds no YAML content"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *path = test_write_temp(cases[i].text);
        char *err = load_file_expect(path, 1, 1, cases[i].msg);
        unlink(path);
        free(path);
        LH_REPORT(err);
    }

    /* a valid file: its name is the file's base name */
    char *path = test_write_temp(HDR3 PULSE40);
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(scenario_load(path, NULL, 0, &s, &d));
    ck_assert_uint_eq(d.count, 0);
    ck_assert_str_eq(s.path, path);
    const char *base = strrchr(path, '/') + 1;
    ck_assert_uint_eq(strlen(s.name), strlen(base) - 5);
    ck_assert(strncmp(s.name, base, strlen(base) - 5) == 0);
    ck_assert_str_eq(s.steps[0].loc.file, path);
    scenario_free(&s);
    diag_free(&d);
    unlink(path);
    free(path);

    /* missing */
    LH_REPORT(load_file_expect("/nonexistent-dir/none.yaml", 0, 0,
                               "cannot open the scenario: No such file or directory"));
    /* a directory */
    char dir[] = "/tmp/vgicsim-test-dir-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *err = load_file_expect(dir, 0, 0, "cannot open the scenario: it is a folder");
    rmdir(dir);
    LH_REPORT(err);
}
END_TEST

START_TEST(test_binary_file)
{
    static const char bin[] = "version: 1\nname: a\0b\n";
    char *path = test_write_temp("x");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bin, 1, sizeof(bin) - 1, f), sizeof(bin) - 1);
    fclose(f);
    char *err = load_file_expect(path, 2, 8, "this is a binary file, not a YAML scenario (NUL "
                                             "byte at offset 18)");
    /* a NUL in the very first byte */
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite("\0\1\2", 1, 3, f);
    fclose(f);
    char *err2 = load_file_expect(path, 1, 1, "this is a binary file");
    unlink(path);
    free(path);
    LH_REPORT(err);
    LH_REPORT(err2);
}
END_TEST

START_TEST(test_empty_text)
{
    EXPECT_DIAGS("", AT_LC(1, 1, "the scenario holds no YAML content"));
    EXPECT_DIAGS("# nothing\n", AT_LC(1, 1, "the scenario holds no YAML content"));
    EXPECT_DIAGS("---\n", AT_LC(1, 1, "the scenario holds no YAML content"));
}
END_TEST

/* ---- --set ---- */

#define BASE HDR3 "costs: kvm-gicv3-vhe\ntrace:\n  - pulse: {intid: 40}\n  - pulse: {intid: 41}\n"

START_TEST(test_set_applies)
{
    static const char *const sets[] = {
        "gic.list_registers=8", "guest.handler=500", "costs.trap=1500", "trace.0.at=100",
        "gic.hw_mapped=[27,30]", "trace.1.pulse.intid=0x2a", "seed=9", "run.until=1_000",
        "guest.handlers.27=77",
    };
    struct scenario s;
    LOAD_OK_SET(BASE, sets, &s);
    ck_assert_uint_eq(s.gic.list_registers, 8);
    ck_assert_uint_eq(s.guest.handler, 500);
    ck_assert_str_eq(s.costs.preset, "kvm-gicv3-vhe");
    ck_assert_uint_eq(s.costs.cycles[cost_op_by_name("trap")], 1500);
    const struct cost_preset *p = cost_preset_by_name("kvm-gicv3-vhe");
    ck_assert_uint_ne(p->cycles[cost_op_by_name("trap")], 1500);
    ck_assert_uint_eq(s.costs.cycles[cost_op_by_name("exit")], p->cycles[cost_op_by_name("exit")]);
    ck_assert(s.steps[0].has_at);
    ck_assert_uint_eq(s.steps[0].at, 100);
    ck_assert(!s.steps[1].has_at);
    ck_assert_uint_eq(s.steps[1].u.line.intid, 42);
    ck_assert_uint_eq(s.gic.n_hw_mapped, 2);
    ck_assert_uint_eq(s.gic.hw_mapped[0], 27);
    ck_assert_uint_eq(s.gic.hw_mapped[1], 30);
    ck_assert_uint_eq(s.seed, 9);
    ck_assert(s.has_until);
    ck_assert_uint_eq(s.until, 1000);
    ck_assert_uint_eq(s.guest.n_handlers, 1);
    ck_assert_uint_eq(s.guest.handlers[0].intid, 27);
    ck_assert_uint_eq(s.guest.handlers[0].cycles, 77);
    scenario_free(&s);

    /* later --set wins; a whole map or list may be replaced; a preset can be swapped
     * under a scalar costs: */
    static const char *const sets2[] = {
        "gic.list_registers=8", "gic.list_registers=2", "guest={mode: manual, pmr: 0x80}",
        "costs.preset=kvm-gicv2", "trace=[{pulse: {intid: 50}}]",
    };
    LOAD_OK_SET(BASE, sets2, &s);
    ck_assert_uint_eq(s.gic.list_registers, 2);
    ck_assert_int_eq(s.guest.mode, SCN_GUEST_MANUAL);
    ck_assert_uint_eq(s.guest.pmr, 0x80);
    ck_assert_str_eq(s.costs.preset, "kvm-gicv2");
    ck_assert_uint_eq(s.n_steps, 1);
    ck_assert_uint_eq(s.steps[0].u.line.intid, 50);
    ck_assert_str_eq(s.steps[0].loc.file, "--set");
    ck_assert_uint_eq(s.steps[0].loc.line, 5);
    ck_assert_uint_eq(s.steps[0].loc.col, strlen("trace=[") + 1);
    scenario_free(&s);

    /* costs absent: overrides start from the version's default preset */
    static const char *const sets3[] = {"costs.trap=1"};
    LOAD_OK_SET(HDR2 PULSE40, sets3, &s);
    ck_assert_str_eq(s.costs.preset, cost_preset_default(GIC_V2)->name);
    ck_assert_uint_eq(s.costs.cycles[cost_op_by_name("trap")], 1);
    scenario_free(&s);

    /* workload counts, as documented */
    static const char *const sets4[] = {"workload.0.count=10"};
    LOAD_OK_SET(HDR3 "workload:\n  - {kind: periodic, intid: 40, period: 5}\n", sets4, &s);
    ck_assert(s.generators[0].has_count);
    ck_assert_uint_eq(s.generators[0].count, 10);
    scenario_free(&s);
}
END_TEST

/* An alias shares its node with the anchor; --set on one use must not change the other. */
START_TEST(test_set_through_an_alias)
{
    const char *T = HDR3
        "trace:\n"
        "  - &p {pulse: {intid: 40}}\n"
        "  - *p\n"
        "  - *p\n";
    static const char *const sets[] = {"trace.1.at=5", "trace.2.pulse.intid=41"};
    struct scenario s;
    LOAD_OK_SET(T, sets, &s);
    ck_assert(!s.steps[0].has_at);
    ck_assert(s.steps[1].has_at);
    ck_assert_uint_eq(s.steps[1].at, 5);
    ck_assert(!s.steps[2].has_at);
    ck_assert_uint_eq(s.steps[0].u.line.intid, 40);
    ck_assert_uint_eq(s.steps[1].u.line.intid, 40);
    ck_assert_uint_eq(s.steps[2].u.line.intid, 41);
    scenario_free(&s);
}
END_TEST

START_TEST(test_set_value_errors_are_located_in_the_argument)
{
    const char *T = BASE;
    static const char *const one[] = {"gic.list_registers=99"};
    EXPECT_DIAGS_SET(T, one, SET_AT(1, 20, "gic.list_registers: 99 is out of range (1..16)"));
    static const char *const second[] = {"seed=3", "gic.list_registers=0"};
    EXPECT_DIAGS_SET(T, second, SET_AT(2, 20, "gic.list_registers: 0 is out of range"));
    static const char *const unknown[] = {"seed=3", "gic.lr=3", "bogus=1"};
    EXPECT_DIAGS_SET(T, unknown,
                     SET_AT(2, 5, "unknown key 'lr' in gic (expected one of: version, vcpus"),
                     SET_AT(3, 1, "unknown key 'bogus' in the scenario"));
    static const char *const created[] = {"guest.mode=semi"};
    EXPECT_DIAGS_SET(T, created, SET_AT(1, 12, "guest.mode: 'semi' is not one of: auto, manual"));
    static const char *const cross[] = {"gic.vcpus=9", "gic.version=2"};
    EXPECT_DIAGS_SET(T, cross, SET_AT(1, 11, "gic.vcpus: GICv2 supports at most 8 vCPUs"));
    static const char *const inner[] = {"trace.1={pulse: {intid: 20}}"};
    EXPECT_DIAGS_SET(T, inner, SET_AT(1, 17, "trace[1].pulse: PPI 20 is private to each vCPU"));
    static const char *const list[] = {"gic.hw_mapped=[27, 3]"};
    EXPECT_DIAGS_SET(T, list, SET_AT(1, 20, "gic.hw_mapped: SGI 3 cannot be HW-mapped"));
    static const char *const quoted[] = {"seed=\"5\""};
    EXPECT_DIAGS_SET(T, quoted, SET_AT(1, 6, "seed: expected an integer, got the quoted string"));
    /* a value that spans lines is still on the line of its --set */
    static const char *const multiline[] = {"trace.1={pulse: {intid: 41},\n  at: x}"};
    EXPECT_DIAGS_SET(T, multiline, SET_AT(1, 36, "trace[1].at: expected an integer"));
}
END_TEST

START_TEST(test_set_value_and_file_errors_together)
{
    const char *T = HDR3 PULSE40 "guest: {pmr: 300}\n";
    static const char *const sets[] = {"gic.list_registers=99"};
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(!scenario_load_text("t.yaml", T, strlen(T), sets, 1, &s, &d));
    bool in_file = false, in_set = false;
    for (size_t i = 0; i < d.count; i++) {
        const struct diag *x = &d.items[i];
        if (!strcmp(x->file, "t.yaml") && x->line == 5 && x->col == 14)
            in_file = true;
        if (!strcmp(x->file, "--set") && x->line == 1 && x->col == 20)
            in_set = true;
    }
    ck_assert_uint_eq(d.count, 2);
    ck_assert(in_file && in_set);
    scenario_free(&s);
    diag_free(&d);
}
END_TEST

START_TEST(test_set_malformed)
{
    const char *T = BASE;
    static const char *const noeq[] = {"gic"};
    EXPECT_DIAGS_SET(T, noeq, SET_AT(1, 1, "'gic': --set expects KEY=VALUE, e.g. "
                                           "gic.list_registers=8"));
    static const char *const nokey[] = {"seed=1", "=5"};
    EXPECT_DIAGS_SET(T, nokey, SET_AT(2, 1, "'=5': --set expects KEY=VALUE"));
    static const char *const empty[] = {"gic.spis="};
    EXPECT_DIAGS_SET(T, empty, SET_AT(1, 10, "--set gic.spis: missing value"));
    static const char *const blank[] = {"gic.spis= "};
    EXPECT_DIAGS_SET(T, blank, SET_AT(1, 10, "--set gic.spis: missing value"));
    static const char *const comment[] = {"gic.spis=# 64"};
    EXPECT_DIAGS_SET(T, comment, SET_AT(1, 10, "--set gic.spis: missing value"));
    static const char *const through[] = {"gic.version.x=1"};
    EXPECT_DIAGS_SET(T, through, SET_AT(1, 13, "--set gic.version.x: 'gic.version' is a single "
                                               "value; it has no 'x' inside"));
    static const char *const past[] = {"trace.5.at=1"};
    EXPECT_DIAGS_SET(T, past, SET_AT(1, 7, "--set trace.5: index 5 is past the end of the list "
                                           "(2 items)"));
    static const char *const notnum[] = {"trace.first.at=1"};
    EXPECT_DIAGS_SET(T, notnum, SET_AT(1, 7, "--set trace.first: 'trace' is a list; give an "
                                             "item's index from 0 to 1, not 'first'"));
    /* issue 19: "'-1' is a list" named the index as the list */
    static const char *const negative[] = {"trace.-1.at=1"};
    EXPECT_DIAGS_SET(T, negative, SET_AT(1, 7, "--set trace.-1: 'trace' is a list; give an "
                                               "item's index from 0 to 1, not '-1' (indices "
                                               "count from 0, never from the end)"));
    static const char *const none[] = {"gic.hw_mapped=[]", "gic.hw_mapped.x=27"};
    EXPECT_DIAGS_SET(T, none, SET_AT(2, 15, "--set gic.hw_mapped.x: 'gic.hw_mapped' is an "
                                            "empty list; it has no item 'x'"));
    static const char *const dots[] = {"gic..vcpus=1"};
    EXPECT_DIAGS_SET(T, dots, SET_AT(1, 5, "--set gic..vcpus: empty path component"));
    static const char *const trailing[] = {"gic.=1"};
    EXPECT_DIAGS_SET(T, trailing, SET_AT(1, 5, "--set gic.: empty path component"));
    /* a YAML syntax error in a value: located inside the argument, on its line */
    static const char *const syntax[] = {"gic.hw_mapped=[27,"};
    EXPECT_DIAGS_SET(T, syntax, SET_AT(1, 19, "YAML syntax error: "));
    static const char *const dup[] = {"guest={pmr: 1, pmr: 2}"};
    EXPECT_DIAGS_SET(T, dup, SET_AT(1, 16, "duplicate key 'pmr' (first given at line 1)"));
    static const char *const docs[] = {"seed=1\n---\n2"};
    EXPECT_DIAGS_SET(T, docs, SET_AT(1, 8, "a scenario file holds exactly one YAML document"));
    /* every malformed --set is reported, in order */
    static const char *const two[] = {"gic", "seed=1", "trace.9.at=1"};
    EXPECT_DIAGS_SET(T, two, SET_AT(1, 1, "'gic': --set expects KEY=VALUE"),
                     SET_AT(3, 7, "--set trace.9: index 9 is past the end"));
}
END_TEST

LOADER_MAIN("loader_yaml", test_syntax_errors, test_duplicate_keys, test_documents,
            test_anchors_and_aliases, test_root_and_keys, test_files, test_binary_file,
            test_empty_text, test_set_applies, test_set_through_an_alias,
            test_set_value_errors_are_located_in_the_argument,
            test_set_value_and_file_errors_together, test_set_malformed)
