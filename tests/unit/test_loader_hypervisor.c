/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader, spec section 2a: `hypervisor: {kvm: "MAJOR.MINOR"}` — which KVM
 * release the models follow (src/scenario/convert_hypervisor.c, src/vgic/vgic_release.h). */
#include <stdint.h>
#include <string.h>

#include "loader_helpers.h"
#include "scenario/load.h"
#include "vgic/vgic_release.h"

START_TEST(test_default_is_newest_classic)
{
    const char *T = HDR3 PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.gic.kvm_release, 618);
    struct vgic_release r;
    vgic_release_get(&s.gic, &r);
    ck_assert_int_eq(r.lr_design, VGIC_LR_CLASSIC);
    ck_assert(r.wfi_test_signallable);
    scenario_free(&s);
}
END_TEST

START_TEST(test_quoted_plain_and_set)
{
    static const struct {
        const char *text;
        uint32_t code;
    } cases[] = {
        {"\"6.19\"", 619}, {"6.19", 619}, {"'4.19'", 419}, {"4.20", 420}, {"5.0", 500},
        {"6.10", 610},      /* a plain 6.10 keeps its text (not the float 6.1) */
        {"6.1", 601},       {"5.19", 519},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char T[256];
        snprintf(T, sizeof(T), HDR3 "hypervisor: {kvm: %s}\n" PULSE40, cases[i].text);
        struct scenario s;
        LOAD_OK(T, &s);
        ck_assert_msg(s.gic.kvm_release == cases[i].code, "%s -> %u", cases[i].text,
                      s.gic.kvm_release);
        scenario_free(&s);
    }
    /* --set adds the section, or replaces the value. */
    const char *const set[] = {"hypervisor.kvm=6.19"};
    struct scenario s;
    LOAD_OK_SET(HDR3 PULSE40, set, &s);
    ck_assert_uint_eq(s.gic.kvm_release, 619);
    struct vgic_release r;
    vgic_release_get(&s.gic, &r);
    ck_assert_int_eq(r.lr_design, VGIC_LR_OVERFLOW);
    scenario_free(&s);
    const char *const older[] = {"hypervisor.kvm=\"4.20\""};
    LOAD_OK_SET(HDR3 "hypervisor: {kvm: \"6.19\"}\n" PULSE40, older, &s);
    ck_assert_uint_eq(s.gic.kvm_release, 420);
    vgic_release_get(&s.gic, &r);
    ck_assert(!r.wfi_test_signallable);
    ck_assert_int_eq(r.lr_design, VGIC_LR_CLASSIC);
    scenario_free(&s);
    /* An empty section keeps the default. */
    LOAD_OK(HDR3 "hypervisor: {}\n" PULSE40, &s);
    ck_assert_uint_eq(s.gic.kvm_release, 618);
    scenario_free(&s);
}
END_TEST

#define OUT_OF_RANGE(v) "hypervisor.kvm: '" v "' is not a Linux release vgicsim models; " \
                        "give \"MAJOR.MINOR\" (no 'v', no leading zeros) from \"4.19\" " \
                        "to \"6.19\""

START_TEST(test_errors_located)
{
    const char *T = HDR3 "hypervisor: {kvm: \"6.20\"}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "\"6.20\"", OUT_OF_RANGE("6.20")));
    T = HDR3 "hypervisor: {kvm: 4.18}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "4.18", OUT_OF_RANGE("4.18")));
    T = HDR3 "hypervisor: {kvm: 7.0}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "7.0", OUT_OF_RANGE("7.0")));
    T = HDR3 "hypervisor: {kvm: 5.20}\n" PULSE40;      /* 5.19 was followed by 6.0 */
    EXPECT_DIAGS(T, AT(3, "5.20", OUT_OF_RANGE("5.20")));
    T = HDR3 "hypervisor: {kvm: \"v6.19\"}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "\"v6.19\"", OUT_OF_RANGE("v6.19")));
    T = HDR3 "hypervisor: {kvm: \"6.19.1\"}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "\"6.19.1\"", OUT_OF_RANGE("6.19.1")));
    T = HDR3 "hypervisor: {kvm: \"6.010\"}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "\"6.010\"", OUT_OF_RANGE("6.010")));
    T = HDR3 "hypervisor: {kvm: 06.10}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "06.10", OUT_OF_RANGE("06.10")));
    /* A NUL cannot cut a release short ("6.19\0junk" is not 6.19). */
    T = HDR3 "hypervisor: {kvm: \"6.19\\0junk\"}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "\"6.19", "'6.19\\0junk' holds a NUL character"));
    T = HDR3 "hypervisor: {kvm: 6}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "6}", OUT_OF_RANGE("6")));
    T = HDR3 "hypervisor: {kvm: [6.19]}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "[6.19]", "hypervisor.kvm: expected a value, got a list"));
    T = HDR3 "hypervisor: {kvm: 6.19, qemu: 9}\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "qemu", "unknown key 'qemu' in hypervisor"));
    T = HDR3 "hypervisor: \"6.19\"\n" PULSE40;
    EXPECT_DIAGS(T, AT(3, "\"6.19\"", "hypervisor: expected a map"));
    const char *const set[] = {"hypervisor.kvm=3.10"};
    EXPECT_DIAGS_SET(HDR3 PULSE40, set, SET_AT(1, 16, OUT_OF_RANGE("3.10")));
}
END_TEST

START_TEST(test_release_table)
{
    /* Every release of the range, and only those. */
    uint32_t n = 0;
    for (uint32_t code = 0; code < 1000; code++)
        n += vgic_release_valid(code);
    ck_assert_uint_eq(n, 2 + 20 + 20);   /* 4.19-4.20, 5.0-5.19, 6.0-6.19 */
    ck_assert(vgic_release_valid(419) && vgic_release_valid(420) && vgic_release_valid(500));
    ck_assert(!vgic_release_valid(421) && !vgic_release_valid(520) && !vgic_release_valid(620));
    char buf[VGIC_RELEASE_NAME_MAX];
    ck_assert_str_eq(vgic_release_name(610, buf, sizeof(buf)), "6.10");
    ck_assert_str_eq(vgic_release_name(500, buf, sizeof(buf)), "5.0");
    uint32_t code = 0;
    ck_assert(!vgic_release_parse("", &code) && !vgic_release_parse(".19", &code) &&
              !vgic_release_parse("6.", &code) && !vgic_release_parse("06.0190", &code) &&
              !vgic_release_parse("6.19 ", &code) && !vgic_release_parse("+6.19", &code));
    /* One way to write a release: no leading zeros (issue 19: "06.10" and "6.010" were
     * taken for 6.10 while "v6.19" was refused). */
    ck_assert(!vgic_release_parse("06.19", &code) && !vgic_release_parse("6.010", &code) &&
              !vgic_release_parse("06.10", &code) && !vgic_release_parse("5.00", &code) &&
              !vgic_release_parse("005.0", &code));
    ck_assert(vgic_release_parse("6.19", &code) && code == 619);
    ck_assert(vgic_release_parse("5.0", &code) && code == 500);
    /* What each release changes (docs/model.md). */
    struct gic_config cfg = {.kvm_release = 420};
    struct vgic_release r;
    vgic_release_get(&cfg, &r);
    ck_assert(!r.wfi_test_signallable && r.lr_design == VGIC_LR_CLASSIC);
    cfg.kvm_release = 500;
    vgic_release_get(&cfg, &r);
    ck_assert(r.wfi_test_signallable && r.lr_design == VGIC_LR_CLASSIC);
    cfg.kvm_release = 619;
    vgic_release_get(&cfg, &r);
    ck_assert(r.wfi_test_signallable && r.lr_design == VGIC_LR_OVERFLOW);
    cfg.kvm_release = 0;   /* a configuration built without a loader: the default */
    vgic_release_get(&cfg, &r);
    ck_assert_uint_eq(r.code, 618);
}
END_TEST

LOADER_MAIN("loader_hypervisor", test_default_is_newest_classic, test_quoted_plain_and_set,
            test_errors_located, test_release_table)
