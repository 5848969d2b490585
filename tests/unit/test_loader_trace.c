/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader, spec section 5: the trace. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gic/cpu_regs.h"
#include "gic/gic_regs.h"
#include "loader_helpers.h"
#include "scenario/load.h"

#define LABEL(io) scn_mmio_label((io), (char[SCN_LABEL_MAX]){0}, SCN_LABEL_MAX)

/* ---- the actions ---- */

START_TEST(test_write_and_read)
{
    const char *T = HDR3
        "trace:\n"
        "  - {write: {reg: GICD_ISENABLER, n: 1, value: 0x100}, vcpu: 0, at: 10}\n"
        "  - write: {reg: GICD_ISENABLER1, value: 0xffffffff}\n"
        "    vcpu: 1\n"
        "  - {read: {reg: GICD_IPRIORITYR, n: 10, width: 8, byte: 2, expect: 0xa0}, vcpu: 0}\n"
        "  - {read: {reg: GICD_ISPENDR1, expect: 0x100, mask: 0x100}, vcpu: 1, at: 0}\n"
        "  - {read: {reg: GICD_CTLR}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.n_steps, 5);

    const struct scn_step *st = &s.steps[0];
    ck_assert_int_eq(st->kind, SCN_STEP_WRITE);
    ck_assert(st->has_at);
    ck_assert_uint_eq(st->at, 10);
    ck_assert_int_eq(st->vcpu, 0);
    ck_assert_uint_eq(st->loc.line, 4);
    ck_assert_uint_eq(st->loc.col, 5);
    ck_assert_int_eq(st->u.mmio.frame, GIC_FRAME_GICD);
    ck_assert_uint_eq(st->u.mmio.offset, 0x104);
    ck_assert_uint_eq(st->u.mmio.width, 32);
    ck_assert_uint_eq(st->u.mmio.value, 0x100);
    ck_assert_int_eq(st->u.mmio.redist, SCN_NO_VCPU);
    ck_assert_str_eq(LABEL(&st->u.mmio), "GICD_ISENABLER1");

    st = &s.steps[1]; /* the same register by its full name; a block-style step */
    ck_assert_int_eq(st->kind, SCN_STEP_WRITE);
    ck_assert(!st->has_at);
    ck_assert_int_eq(st->vcpu, 1);
    ck_assert_uint_eq(st->loc.line, 5);
    ck_assert_uint_eq(st->loc.col, 5);
    ck_assert_uint_eq(st->u.mmio.offset, 0x104);
    ck_assert_uint_eq(st->u.mmio.value, 0xffffffff);
    ck_assert_str_eq(LABEL(&st->u.mmio), "GICD_ISENABLER1");

    st = &s.steps[2];
    ck_assert_int_eq(st->kind, SCN_STEP_READ);
    ck_assert_uint_eq(st->u.mmio.offset, 0x42a);
    ck_assert_uint_eq(st->u.mmio.width, 8);
    ck_assert(st->u.mmio.has_expect);
    ck_assert_uint_eq(st->u.mmio.expect, 0xa0);
    ck_assert_uint_eq(st->u.mmio.mask, 0xff);
    ck_assert_str_eq(LABEL(&st->u.mmio), "GICD_IPRIORITYR10");

    st = &s.steps[3];
    ck_assert(st->has_at);
    ck_assert_uint_eq(st->at, 0);
    ck_assert_uint_eq(st->u.mmio.offset, 0x204);
    ck_assert_uint_eq(st->u.mmio.expect, 0x100);
    ck_assert_uint_eq(st->u.mmio.mask, 0x100);

    st = &s.steps[4];
    ck_assert(!st->u.mmio.has_expect);
    ck_assert_uint_eq(st->u.mmio.offset, 0);
    ck_assert_uint_eq(st->u.mmio.mask, 0xffffffff);
    scenario_free(&s);
}
END_TEST

START_TEST(test_register_naming)
{
    const char *T = HDR3
        "trace:\n"
        "  - {read: {reg: GICR_ISENABLER0}, vcpu: 0}\n"
        "  - {read: {reg: GICR_ISENABLER}, vcpu: 0}\n"
        "  - {read: {reg: GICD_IROUTER, n: 40}, vcpu: 0}\n"
        "  - {read: {reg: GICD_IROUTER40, width: 32, byte: 4}, vcpu: 0}\n"
        "  - {read: {reg: GICR_IPRIORITYR, n: 7, byte: 2, width: 16}, vcpu: 1}\n"
        "  - {read: {reg: GICR_TYPER}, vcpu: 0}\n"
        "  - {write: {reg: GICR_ISENABLER0, value: 1, redist: 1}, vcpu: 0}\n"
        "  - {read: {reg: GICD_ICFGR, n: 63}, vcpu: 0}\n"
        "  - {read: {reg: GICD_PIDR2}, vcpu: 0}\n"
        "  - {read: {reg: GICD_ISENABLER31, width: 8, byte: 3}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_mmio *m = &s.steps[0].u.mmio;
    ck_assert_int_eq(m->frame, GIC_FRAME_GICR);
    ck_assert_uint_eq(m->offset, 0x10100);
    ck_assert_uint_eq(m->width, 32);
    ck_assert_int_eq(m->redist, SCN_NO_VCPU);
    ck_assert_str_eq(LABEL(m), "GICR_ISENABLER0");
    m = &s.steps[1].u.mmio; /* a one-element array needs no index */
    ck_assert_int_eq(m->frame, GIC_FRAME_GICR);
    ck_assert_uint_eq(m->offset, 0x10100);
    m = &s.steps[2].u.mmio;
    ck_assert_int_eq(m->frame, GIC_FRAME_GICD);
    ck_assert_uint_eq(m->offset, 0x6000 + 8 * 40);
    ck_assert_uint_eq(m->width, 64);
    ck_assert_str_eq(LABEL(m), "GICD_IROUTER40");
    m = &s.steps[3].u.mmio; /* upper half of IROUTER40 */
    ck_assert_uint_eq(m->offset, 0x6000 + 8 * 40 + 4);
    ck_assert_uint_eq(m->width, 32);
    m = &s.steps[4].u.mmio;
    ck_assert_uint_eq(m->offset, 0x10400 + 4 * 7 + 2);
    ck_assert_uint_eq(m->width, 16);
    m = &s.steps[5].u.mmio;
    ck_assert_uint_eq(m->offset, 0x8);
    ck_assert_uint_eq(m->width, 64);
    m = &s.steps[6].u.mmio;
    ck_assert_int_eq(m->redist, 1);
    ck_assert_uint_eq(m->value, 1);
    m = &s.steps[7].u.mmio;
    ck_assert_uint_eq(m->offset, 0xc00 + 4 * 63);
    m = &s.steps[8].u.mmio;
    ck_assert_uint_eq(m->offset, 0xffd0 + 0x18);
    m = &s.steps[9].u.mmio;
    ck_assert_uint_eq(m->offset, 0x100 + 4 * 31 + 3);
    ck_assert_uint_eq(m->width, 8);
    scenario_free(&s);
}
END_TEST

START_TEST(test_register_errors)
{
    const char *T = HDR3
        "trace:\n"
        "  - {read: {reg: GICD_ISENABLER, n: 32}, vcpu: 0}\n"             /* 4 */
        "  - {read: {reg: GICD_ISENABLER1, n: 1}, vcpu: 0}\n"             /* 5 */
        "  - {read: {reg: GICD_ISENABLER}, vcpu: 0}\n"                    /* 6 */
        "  - {read: {reg: GICD_FOO}, vcpu: 0}\n"                          /* 7 */
        "  - {read: {reg: GICD_ISENABLER32}, vcpu: 0}\n"                  /* 8 */
        "  - {read: {reg: gicd_ctlr}, vcpu: 0}\n"                         /* 9 */
        "  - {read: {reg: GICD_IROUTER, n: 1020}, vcpu: 0}\n"             /* 10 */
        "  - {read: {reg: GICD_CTLR, n: 1}, vcpu: 0}\n"                   /* 11 */
        "  - {read: {reg: [GICD_CTLR]}, vcpu: 0}\n"                       /* 12 */
        "  - {read: {reg: GICD_ICPIDR2}, vcpu: 0}\n";                     /* 13 */
    EXPECT_DIAGS(T, AFTER(4, "n: ", "trace[0].read.n: 32 is out of range (0..31)"),
                 AFTER(5, "n: ", "trace[1].read: the index is given twice ('GICD_ISENABLER1' and n)"),
                 AFTER(6, "reg: ", "trace[2].read: GICD_ISENABLER is an array; give its index "
                                   "with 'n' (0..31)"),
                 AFTER(7, "reg: ", "trace[3].read: unknown register 'GICD_FOO'"),
                 AFTER(8, "reg: ", "trace[4].read: GICD_ISENABLER has indices 0..31"),
                 AFTER(9, "reg: ", "trace[5].read: unknown register 'gicd_ctlr'"),
                 AFTER(10, "n: ", "trace[6].read.n: 1020 is out of range (0..1019)"),
                 AFTER(11, "n: ", "trace[7].read: GICD_CTLR is a single register; 'n' does not apply"),
                 AFTER(12, "reg: ", "trace[8].read.reg: expected a value, got a list"),
                 AFTER(13, "reg: ", "trace[9].read: GICD_ICPIDR2 is not a GICv3 register"));
}
END_TEST

START_TEST(test_version_specific_registers)
{
    const char *T = HDR2
        "trace:\n"
        "  - {read: {reg: GICD_IROUTER, n: 40}, vcpu: 0}\n"
        "  - {read: {reg: GICR_CTLR}, vcpu: 0}\n"
        "  - {write: {reg: GICR_ISENABLER0, value: 1, redist: 0}, vcpu: 0}\n"
        "  - {read: {offset: 0x10, frame: gicr}, vcpu: 0}\n"
        "  - {read: {reg: GICD_ICPIDR2}, vcpu: 0}\n"
        "  - {read: {reg: GICD_ITARGETSR, n: 10}, vcpu: 0}\n";
    EXPECT_DIAGS(T, AFTER(4, "reg: ", "trace[0].read: GICD_IROUTER is not a GICv2 register"),
                 AFTER(5, "reg: ", "trace[1].read: GICR_CTLR is not a GICv2 register"),
                 AFTER(6, "reg: ", "trace[2].write: GICR_ISENABLER0 is not a GICv2 register"),
                 AFTER(7, "frame: ", "trace[3].read: GICv2 has no redistributors (GICR)"));
    T = HDR2 "trace:\n  - {read: {reg: GICD_ICPIDR2}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.steps[0].u.mmio.offset, 0xfe8);
    scenario_free(&s);
}
END_TEST

START_TEST(test_width_and_byte)
{
    const char *T = HDR3
        "trace:\n"
        "  - {read: {reg: GICD_ISENABLER1, width: 24}, vcpu: 0}\n"          /* 4 */
        "  - {read: {reg: GICD_ISENABLER1, width: 64}, vcpu: 0}\n"          /* 5 */
        "  - {read: {reg: GICD_ISENABLER1, width: 16, byte: 3}, vcpu: 0}\n" /* 6 */
        "  - {read: {reg: GICD_ISENABLER1, byte: 4}, vcpu: 0}\n"            /* 7 */
        "  - {read: {reg: GICD_ISENABLER1, width: 128}, vcpu: 0}\n"         /* 8 */
        "  - {read: {reg: GICD_ISENABLER1, width: 0}, vcpu: 0}\n"           /* 9 */
        "  - {read: {reg: GICD_ISENABLER1, byte: 1}, vcpu: 0}\n"            /* 10 */
        "  - {read: {reg: GICD_IROUTER0, width: 64, byte: 1}, vcpu: 0}\n";  /* 11 */
    EXPECT_DIAGS(T, AFTER(4, "width: ", "trace[0].read.width: 24 is not an access width (8, 16, "
                                        "32 or 64)"),
                 AFTER(5, "width: ", "trace[1].read: GICD_ISENABLER1 is a 32-bit register; a "
                                     "64-bit access does not fit"),
                 AFTER(6, "width: ", "trace[2].read: a 16-bit access at byte 3 does not fit in "
                                     "the 32-bit register GICD_ISENABLER1"),
                 AFTER(7, "byte: ", "trace[3].read.byte: 4 is out of range (0..3)"),
                 AFTER(8, "width: ", "trace[4].read.width: 128 is out of range (8..64)"),
                 AFTER(9, "width: ", "trace[5].read.width: 0 is out of range (8..64)"),
                 AFTER(10, "byte: ", "trace[6].read: a 32-bit access at byte 1 does not fit"),
                 AFTER(11, "width: ", "trace[7].read: a 64-bit access at byte 1 does not fit"));
    /* misaligned inside one register: allowed */
    T = HDR3 "trace:\n  - {read: {reg: GICD_ISENABLER1, width: 16, byte: 1}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.steps[0].u.mmio.offset, 0x105);
    ck_assert_uint_eq(s.steps[0].u.mmio.width, 16);
    scenario_free(&s);
}
END_TEST

START_TEST(test_raw_offset)
{
    const char *T = HDR2
        "trace:\n"
        "  - {read: {offset: 0x103, frame: gicd}, vcpu: 0}\n"
        "  - {write: {offset: 0xffe, frame: gicd, width: 16, value: 0xffff}, vcpu: 1}\n"
        "  - {read: {offset: 0xfff, frame: gicd, width: 8}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_mmio *m = &s.steps[0].u.mmio;
    ck_assert_int_eq(m->frame, GIC_FRAME_GICD);
    ck_assert_uint_eq(m->offset, 0x103); /* misaligned raw offsets are accepted */
    ck_assert_uint_eq(m->width, 32);
    ck_assert_str_eq(LABEL(m), "gicd+0x103");
    m = &s.steps[1].u.mmio;
    ck_assert_uint_eq(m->offset, 0xffe);
    ck_assert_uint_eq(m->width, 16);
    ck_assert_uint_eq(m->value, 0xffff);
    ck_assert_uint_eq(s.steps[2].u.mmio.offset, 0xfff);
    scenario_free(&s);

    T = HDR3
        "trace:\n"
        "  - {read: {offset: 0x1fffc, frame: gicr, redist: 1}, vcpu: 0}\n"
        "  - {read: {offset: 0xfff8, frame: gicd, width: 64}, vcpu: 0}\n";
    LOAD_OK(T, &s);
    m = &s.steps[0].u.mmio;
    ck_assert_int_eq(m->frame, GIC_FRAME_GICR);
    ck_assert_uint_eq(m->offset, 0x1fffc);
    ck_assert_int_eq(m->redist, 1);
    ck_assert_str_eq(LABEL(m), "gicr+0x1fffc");
    ck_assert_uint_eq(s.steps[1].u.mmio.width, 64);
    scenario_free(&s);
}
END_TEST

START_TEST(test_raw_offset_errors)
{
    const char *T = HDR2
        "trace:\n"
        "  - {read: {offset: 0x100}, vcpu: 0}\n"                              /* 4 */
        "  - {read: {offset: 0x1000, frame: gicd}, vcpu: 0}\n"                /* 5 */
        "  - {read: {offset: 0xfff, frame: gicd}, vcpu: 0}\n"                 /* 6 */
        "  - {read: {offset: 0x100, frame: gicx}, vcpu: 0}\n"                 /* 7 */
        "  - {read: {offset: 0x100, frame: gicd, n: 1, byte: 1}, vcpu: 0}\n"  /* 8 */
        "  - {read: {reg: GICD_CTLR, offset: 0}, vcpu: 0}\n"                  /* 9 */
        "  - {read: {reg: GICD_CTLR, frame: gicd}, vcpu: 0}\n"                /* 10 */
        "  - {read: {width: 32}, vcpu: 0}\n"                                  /* 11 */
        "  - {read: {offset: -4, frame: gicd}, vcpu: 0}\n";                   /* 12 */
    EXPECT_DIAGS(T,
                 AT(4, "{offset", "trace[0].read: a raw 'offset' needs 'frame: gicd', 'frame: "
                                  "gicr' or 'frame: gits'"),
                 AFTER(5, "offset: ", "trace[1].read: offset 0x1000 lies outside the gicd "
                                      "frame (0..0xfff)"),
                 AFTER(6, "offset: ", "trace[2].read: a 32-bit access at offset 0xfff runs past "
                                      "the end of the frame"),
                 AFTER(7, "frame: ", "trace[3].read.frame: 'gicx' is not one of: gicd, gicr, "
                                     "gits"),
                 AFTER(8, "n: ", "trace[4].read: 'n' goes with 'reg'"),
                 AFTER(8, "byte: ", "trace[4].read: 'byte' goes with 'reg'"),
                 AFTER(9, "offset: ", "trace[5].read: give either 'reg' or 'offset', not both"),
                 AFTER(10, "frame: ", "trace[6].read: 'frame' goes with 'offset'"),
                 AT(11, "{width", "trace[7].read: say which register"),
                 AFTER(12, "offset: ", "trace[8].read.offset: expected a non-negative integer"));
    /* v3 frames are larger; the redistributor frame counts from RD_base */
    T = HDR3
        "trace:\n"
        "  - {read: {offset: 0x10000, frame: gicd}, vcpu: 0}\n"
        "  - {read: {offset: 0x20000, frame: gicr}, vcpu: 0}\n";
    EXPECT_DIAGS(T, AFTER(4, "offset: ", "trace[0].read: offset 0x10000 lies outside the gicd "
                                         "frame (0..0xffff)"),
                 AFTER(5, "offset: ", "trace[1].read: offset 0x20000 lies outside the gicr "
                                      "frame (0..0x1ffff)"));
}
END_TEST

START_TEST(test_redist)
{
    const char *T = HDR3
        "trace:\n"
        "  - {read: {reg: GICD_CTLR, redist: 0}, vcpu: 0}\n"
        "  - {read: {reg: GICR_CTLR, redist: 2}, vcpu: 0}\n"
        "  - {read: {offset: 0x100, frame: gicd, redist: 1}, vcpu: 0}\n";
    EXPECT_DIAGS(T, AFTER(4, "redist: ", "trace[0].read: 'redist' selects a redistributor; it "
                                         "goes with GICR registers only"),
                 AFTER(5, "redist: ", "trace[1].read.redist: vCPU 2 does not exist"),
                 AFTER(6, "redist: ", "trace[2].read: 'redist' selects a redistributor"));
}
END_TEST

START_TEST(test_values_fit_the_width)
{
    const char *T = HDR3
        "trace:\n"
        "  - {write: {reg: GICD_CTLR}, vcpu: 0}\n"                                       /* 4 */
        "  - {write: {reg: GICD_CTLR, value: 0x100000000}, vcpu: 0}\n"                    /* 5 */
        "  - {write: {reg: GICD_IPRIORITYR, n: 0, width: 8, value: 0x100}, vcpu: 0}\n"    /* 6 */
        "  - {read: {reg: GICD_IPRIORITYR0, width: 8, expect: 0x100, mask: 0x1ff}, vcpu: 0}\n" /* 7 */
        "  - {read: {reg: GICD_CTLR, mask: 1}, vcpu: 0}\n"                                /* 8 */
        "  - {read: {reg: GICD_CTLR, value: 1}, vcpu: 0}\n"                               /* 9 */
        "  - {write: {reg: GICD_CTLR, expect: 1, value: 1}, vcpu: 0}\n"                   /* 10 */
        "  - {write: {reg: GICD_CTLR, value: \"1\"}, vcpu: 0}\n";                         /* 11 */
    EXPECT_DIAGS(T, AT(4, "{reg", "trace[0].write: missing 'value' to write"),
                 AFTER(5, "value: ", "trace[1].write.value: 0x100000000 does not fit in a "
                                     "32-bit access"),
                 AFTER(6, "value: ", "trace[2].write.value: 0x100 does not fit in a"),
                 AFTER(7, "expect: ", "trace[3].read.expect: 0x100 does not fit in a"),
                 AFTER(7, "mask: ", "trace[3].read.mask: 0x1ff does not fit in a"),
                 AFTER(8, "mask: ", "trace[4].read: 'mask' limits an 'expect'; give 'expect' "
                                    "too"),
                 AT(9, "value", "unknown key 'value' in trace[5].read (expected one of: reg, n, "
                                "offset, frame, redist, width, byte, expect, mask)"),
                 AT(10, "expect", "unknown key 'expect' in trace[6].write"),
                 AFTER(11, "value: ", "trace[7].write.value: expected an integer, got the "
                                      "quoted string"));
    /* 64-bit registers take 64-bit values */
    T = HDR3 "trace:\n"
             "  - {write: {reg: GICD_IROUTER32, value: 0xffffffffffffffff}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.steps[0].u.mmio.value, UINT64_MAX);
    scenario_free(&s);
}
END_TEST

START_TEST(test_cpu_steps)
{
    const char *T = HDR3
        "trace:\n"
        "  - {cpu: {read: IAR, expect: 27}, vcpu: 0}\n"
        "  - {cpu: {write: EOIR, value: 27}, vcpu: 1}\n"
        "  - {cpu: {read: HPPIR, expect: 0x20, mask: 0x3ff}, vcpu: 0}\n"
        "  - {cpu: {write: SGI1R, value: 0x1000000000001}, vcpu: 0}\n"
        "  - {cpu: {read: AP1R0}, vcpu: 0}\n"
        "  - {cpu: {write: IGRPEN1, value: 1}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_cpu_access *a = &s.steps[0].u.cpu;
    ck_assert_int_eq(s.steps[0].kind, SCN_STEP_CPU);
    ck_assert(!a->is_write);
    ck_assert_int_eq(a->reg, GIC_CPU_IAR);
    ck_assert(a->has_expect);
    ck_assert_uint_eq(a->expect, 27);
    ck_assert_uint_eq(a->mask, 0xffffffff);
    a = &s.steps[1].u.cpu;
    ck_assert_int_eq(s.steps[1].vcpu, 1);
    ck_assert(a->is_write);
    ck_assert_int_eq(a->reg, GIC_CPU_EOIR);
    ck_assert_uint_eq(a->value, 27);
    a = &s.steps[2].u.cpu;
    ck_assert_int_eq(a->reg, GIC_CPU_HPPIR);
    ck_assert_uint_eq(a->mask, 0x3ff);
    a = &s.steps[3].u.cpu;
    ck_assert_int_eq(a->reg, GIC_CPU_SGI1R);
    ck_assert_uint_eq(a->value, 0x1000000000001);
    a = &s.steps[4].u.cpu;
    ck_assert_int_eq(a->reg, GIC_CPU_AP1R0);
    ck_assert(!a->has_expect);
    ck_assert_int_eq(s.steps[5].u.cpu.reg, GIC_CPU_IGRPEN1);
    scenario_free(&s);

    T = HDR2 "trace:\n  - {cpu: {read: APR3}, vcpu: 0}\n";
    LOAD_OK(T, &s);
    ck_assert_int_eq(s.steps[0].u.cpu.reg, GIC_CPU_APR3);
    scenario_free(&s);
}
END_TEST

START_TEST(test_cpu_errors)
{
    const char *T = HDR3
        "trace:\n"
        "  - {cpu: {read: APR0}, vcpu: 0}\n"                                 /* 4 */
        "  - {cpu: {write: IAR, value: 1}, vcpu: 0}\n"                       /* 5 */
        "  - {cpu: {read: EOIR}, vcpu: 0}\n"                                 /* 6 */
        "  - {cpu: {read: FOO}, vcpu: 0}\n"                                  /* 7 */
        "  - {cpu: {read: IAR, expect: 0x100000000, mask: 0x100000000}, vcpu: 0}\n" /* 8 */
        "  - {cpu: {read: IAR, write: EOIR}, vcpu: 0}\n"                     /* 9 */
        "  - {cpu: {}, vcpu: 0}\n"                                           /* 10 */
        "  - {cpu: {write: EOIR}, vcpu: 0}\n"                                /* 11 */
        "  - {cpu: {write: EOIR, value: 27, expect: 1, mask: 2}, vcpu: 0}\n" /* 12 */
        "  - {cpu: {read: IAR, value: 27, mask: 0x3ff}, vcpu: 0}\n"          /* 13 */
        "  - {cpu: {read: SGI1R}, vcpu: 0}\n"                                /* 14 */
        "  - {cpu: {write: RPR, value: 0}, vcpu: 0}\n"                       /* 15 */
        "  - {cpu: {read: [IAR]}, vcpu: 0}\n"                                /* 16 */
        "  - {cpu: {write: EOIR, value: 0x100000000}, vcpu: 0}\n"            /* 17 */
        "  - {cpu: {read: iar}, vcpu: 0}\n";                                 /* 18 */
    EXPECT_DIAGS(T, AFTER(4, "read: ", "trace[0].cpu: APR0 does not exist on GICv3"),
                 AFTER(5, "write: ", "trace[1].cpu: IAR is read-only"),
                 AFTER(6, "read: ", "trace[2].cpu: EOIR is write-only"),
                 AFTER(7, "read: ", "trace[3].cpu: unknown CPU-interface register 'FOO'"),
                 AFTER(8, "expect: ", "trace[4].cpu.expect: 0x100000000 does not fit in a "
                                      "32-bit access"),
                 AFTER(8, "mask: ", "trace[4].cpu.mask: 0x100000000 does not fit"),
                 AFTER(9, "write: ", "trace[5].cpu: a cpu step either reads or writes one "
                                     "register"),
                 AFTER(10, "cpu: ", "trace[6].cpu: say 'read: REG' or 'write: REG'"),
                 AFTER(11, "cpu: ", "trace[7].cpu: missing 'value' to write"),
                 AFTER(12, "expect: ", "trace[8].cpu: 'expect' checks a read; this step writes"),
                 AFTER(12, "mask: ", "trace[8].cpu: 'mask' checks a read; this step writes"),
                 AFTER(13, "value: ", "trace[9].cpu: 'value' is for writes; use 'expect'"),
                 AFTER(13, "mask: ", "trace[9].cpu: 'mask' limits an 'expect'; give 'expect' too"),
                 AFTER(14, "read: ", "trace[10].cpu: SGI1R is write-only"),
                 AFTER(15, "write: ", "trace[11].cpu: RPR is read-only"),
                 AFTER(16, "read: ", "trace[12].cpu.read: expected a value, got a list"),
                 AFTER(17, "value: ", "trace[13].cpu.value: 0x100000000 does not fit in a "
                                      "32-bit access"),
                 AFTER(18, "read: ", "trace[14].cpu: unknown CPU-interface register 'iar'"));
    T = HDR2
        "trace:\n"
        "  - {cpu: {write: SGI1R, value: 1}, vcpu: 0}\n"
        "  - {cpu: {read: AP1R0}, vcpu: 0}\n"
        "  - {cpu: {write: IGRPEN1, value: 1}, vcpu: 0}\n";
    EXPECT_DIAGS(T, AFTER(4, "write: ", "trace[0].cpu: SGI1R does not exist on GICv2"),
                 AFTER(5, "read: ", "trace[1].cpu: AP1R0 does not exist on GICv2"),
                 AFTER(6, "write: ", "trace[2].cpu: IGRPEN1 does not exist on GICv2"));
}
END_TEST

START_TEST(test_sgi_steps)
{
    const char *T = HDR3
        "trace:\n"
        "  - {sgi: {intid: 3, targets: [1, 0]}, vcpu: 0}\n"
        "  - {sgi: {intid: 0, targets: others}, vcpu: 1}\n"
        "  - {sgi: {intid: 15, targets: self}, vcpu: 1, at: 5}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_sgi *g = &s.steps[0].u.sgi;
    ck_assert_int_eq(s.steps[0].kind, SCN_STEP_SGI);
    ck_assert_uint_eq(g->intid, 3);
    ck_assert_int_eq(g->mode, SCN_SGI_LIST);
    ck_assert_uint_eq(g->n_targets, 2);
    ck_assert_uint_eq(g->targets[0], 1); /* in the order written */
    ck_assert_uint_eq(g->targets[1], 0);
    g = &s.steps[1].u.sgi;
    ck_assert_uint_eq(g->intid, 0);
    ck_assert_int_eq(g->mode, SCN_SGI_OTHERS);
    ck_assert_int_eq(s.steps[1].vcpu, 1);
    g = &s.steps[2].u.sgi;
    ck_assert_uint_eq(g->intid, 15);
    ck_assert_int_eq(g->mode, SCN_SGI_SELF);
    scenario_free(&s);

    T = HDR3
        "trace:\n"
        "  - {sgi: {intid: 16, targets: [0, 2]}, vcpu: 0}\n"
        "  - {sgi: {intid: 1, targets: all}, vcpu: 0}\n"
        "  - {sgi: {intid: 1}, vcpu: 0}\n"
        "  - {sgi: {targets: self}, vcpu: 0}\n"
        "  - {sgi: {intid: 1, targets: {a: 1}}, vcpu: 0}\n"
        "  - {sgi: {intid: x, targets: self, to: 1}}\n";
    EXPECT_DIAGS(T, AFTER(4, "intid: ", "trace[0].sgi: SGIs are INTIDs 0..15; 16 is not an SGI"),
                 AFTER(4, "[0, ", "trace[0].sgi.targets: vCPU 2 does not exist"),
                 AFTER(5, "targets: ", "trace[1].sgi.targets: 'all' is not one of: others, self"),
                 AFTER(6, "sgi: ", "trace[2].sgi: missing 'targets'"),
                 AFTER(7, "sgi: ", "trace[3].sgi: missing 'intid' (an SGI, 0..15)"),
                 AFTER(8, "targets: ", "trace[4].sgi.targets: expected a list, got a map"),
                 AT(9, "{sgi", "trace[5]: a 'sgi' step needs 'vcpu'"),
                 AFTER(9, "intid: ", "trace[5].sgi.intid: expected an integer"),
                 AT(9, "to:", "unknown key 'to' in trace[5].sgi"));
}
END_TEST

START_TEST(test_line_and_pulse)
{
    const char *T = HDR3
        "trace:\n"
        "  - {line: {intid: 40, level: 1}}\n"
        "  - {line: {intid: 40, level: 0}, at: 100}\n"
        "  - {line: {intid: 27, level: 1, vcpu: 1}}\n"
        "  - {pulse: {intid: 95}}\n"
        "  - {pulse: {intid: 16, vcpu: 0}}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_step *st = &s.steps[0];
    ck_assert_int_eq(st->kind, SCN_STEP_LINE);
    ck_assert_int_eq(st->vcpu, SCN_NO_VCPU);
    ck_assert_uint_eq(st->u.line.intid, 40);
    ck_assert_uint_eq(st->u.line.level, 1);
    ck_assert_int_eq(st->u.line.vcpu, SCN_NO_VCPU);
    st = &s.steps[1];
    ck_assert_uint_eq(st->u.line.level, 0);
    ck_assert(st->has_at);
    ck_assert_uint_eq(st->at, 100);
    st = &s.steps[2];
    ck_assert_uint_eq(st->u.line.intid, 27);
    ck_assert_int_eq(st->u.line.vcpu, 1);
    ck_assert_int_eq(st->vcpu, SCN_NO_VCPU);
    st = &s.steps[3];
    ck_assert_int_eq(st->kind, SCN_STEP_PULSE);
    ck_assert_uint_eq(st->u.line.intid, 95);
    ck_assert_uint_eq(st->u.line.level, 1);
    st = &s.steps[4];
    ck_assert_uint_eq(st->u.line.intid, 16);
    ck_assert_int_eq(st->u.line.vcpu, 0);
    scenario_free(&s);
}
END_TEST

START_TEST(test_line_errors)
{
    const char *T = HDR3
        "trace:\n"
        "  - {line: {intid: 40, level: 1}, vcpu: 0}\n"        /* 4 */
        "  - {line: {intid: 20, level: 1}}\n"                 /* 5 */
        "  - {line: {intid: 40, level: 1, vcpu: 0}}\n"        /* 6 */
        "  - {line: {intid: 5, level: 1}}\n"                  /* 7 */
        "  - {pulse: {intid: 96}}\n"                          /* 8 */
        "  - {pulse: {intid: 20, vcpu: 2}}\n"                 /* 9 */
        "  - {line: {intid: 40, level: 2}}\n"                 /* 10 */
        "  - {line: {intid: 40}}\n"                           /* 11 */
        "  - {pulse: {intid: 40, level: 1}}\n"                /* 12 */
        "  - {pulse: {level: 1}}\n"                           /* 13 */
        "  - {pulse: {intid: 31}, vcpu: 1}\n"                 /* 14 */
        "  - {check: {intid: 40}, vcpu: 1}\n"                 /* 15 */
        "  - {line: [40, 1]}\n";                              /* 16 */
    EXPECT_DIAGS(T,
                 AFTER(4, "vcpu: ", "trace[0]: a 'line' step is not performed by a vCPU; put "
                                    "'vcpu' inside the line map (for a PPI)"),
                 AFTER(5, "line: ", "trace[1].line: PPI 20 is private to each vCPU; add 'vcpu' "
                                    "inside the line map"),
                 AFTER(6, "vcpu: ", "trace[2].line: SPI 40 is shared; 'vcpu' is only for PPIs"),
                 AFTER(7, "intid: ", "trace[3].line: SGI 5 has no line; send it with an 'sgi' "
                                     "step"),
                 AFTER(8, "intid: ", "trace[4].pulse.intid: INTID 96 does not exist (SGIs 0-15, "
                                     "PPIs 16-31, SPIs 32-95 with gic.spis = 64)"),
                 AFTER(9, "vcpu: ", "trace[5].pulse.vcpu: vCPU 2 does not exist (the machine "
                                    "has 2 vCPUs: 0..1)"),
                 AFTER(10, "level: ", "trace[6].line.level: 2 is out of range (0..1)"),
                 AFTER(11, "line: ", "trace[7].line: missing 'level' (1 drives the line high, "
                                     "0 low)"),
                 AT(12, "level", "unknown key 'level' in trace[8].pulse (expected one of: "
                                 "intid, vcpu)"),
                 AFTER(13, "pulse: ", "trace[9].pulse: missing 'intid'"),
                 AT(13, "level", "unknown key 'level' in trace[9].pulse"),
                 AFTER(14, "pulse: ", "trace[10].pulse: PPI 31 is private to each vCPU; add "
                                      "'vcpu' inside the pulse map"),
                 AFTER(14, "vcpu: ", "trace[10]: a 'pulse' step is not performed by a vCPU"),
                 AFTER(15, "vcpu: ", "trace[11]: a 'check' step is not performed by a vCPU"),
                 AFTER(16, "line: ", "trace[12].line: expected a map, got a list"));
}
END_TEST

START_TEST(test_check_steps)
{
    const char *T = HDR3
        "trace:\n"
        "  - {check: {intid: 40, vcpu: 0, pending: true, active: false, enabled: True, priority: 0xa0}}\n"
        "  - {check: {intid: 27, vcpu: 1, pending: FALSE}}\n"
        "  - {check: {intid: 41}}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_check *k = &s.steps[0].u.check;
    ck_assert_int_eq(s.steps[0].kind, SCN_STEP_CHECK);
    ck_assert_int_eq(s.steps[0].vcpu, SCN_NO_VCPU);
    ck_assert_uint_eq(k->intid, 40);
    ck_assert_int_eq(k->vcpu, 0);
    ck_assert(k->has_pending && k->pending);
    ck_assert(k->has_active && !k->active);
    ck_assert(k->has_enabled && k->enabled);
    ck_assert(k->has_priority);
    ck_assert_uint_eq(k->priority, 0xa0);
    k = &s.steps[1].u.check;
    ck_assert_int_eq(k->vcpu, 1);
    ck_assert(k->has_pending && !k->pending);
    ck_assert(!k->has_active && !k->has_enabled && !k->has_priority);
    k = &s.steps[2].u.check;
    ck_assert_int_eq(k->vcpu, SCN_NO_VCPU);
    ck_assert(!k->has_pending);
    scenario_free(&s);

    T = HDR3
        "trace:\n"
        "  - {check: {intid: 20}}\n"
        "  - {check: {intid: 3, pending: true}}\n"
        "  - {check: {intid: 40, priority: 256, pending: yes, active: 1, enabled: \"true\"}}\n"
        "  - {check: {vcpu: 0, pendng: true}}\n"
        "  - {check: {intid: 40, vcpu: 2, priority: -1}}\n";
    EXPECT_DIAGS(T, AFTER(4, "check: ", "trace[0].check: INTID 20 is banked per vCPU; add 'vcpu' "
                                        "to say whose"),
                 AFTER(5, "check: ", "trace[1].check: INTID 3 is banked per vCPU"),
                 AFTER(6, "priority: ", "trace[2].check.priority: 256 is out of range (0..255)"),
                 AFTER(6, "pending: ", "trace[2].check.pending: expected true or false, got "
                                       "'yes'"),
                 AFTER(6, "active: ", "trace[2].check.active: expected true or false, got '1'"),
                 AFTER(6, "enabled: ", "trace[2].check.enabled: expected true or false, got "
                                       "'true'"),
                 AFTER(7, "check: ", "trace[3].check: missing 'intid'"),
                 AT(7, "pendng", "unknown key 'pendng' in trace[3].check (did you mean "
                                 "'pending'?)"),
                 AFTER(8, "vcpu: ", "trace[4].check.vcpu: vCPU 2 does not exist"),
                 AFTER(8, "priority: ", "trace[4].check.priority: expected a non-negative "
                                        "integer"));
}
END_TEST

/* ---- step structure ---- */

START_TEST(test_step_structure_errors)
{
    const char *T = HDR3
        "trace:\n"
        "  - {at: 5}\n"                                                               /* 4 */
        "  - {write: {reg: GICD_CTLR, value: 1}, read: {reg: GICD_CTLR}, vcpu: 0}\n"  /* 5 */
        "  - {write: {reg: GICD_CTLR, value: 1}}\n"                                   /* 6 */
        "  - {write: {reg: GICD_CTLR, value: 1}, vcpu: 2}\n"                          /* 7 */
        "  - 5\n"                                                                     /* 8 */
        "  - {wirte: {reg: GICD_CTLR, value: 1}, vcpu: 0}\n"                          /* 9 */
        "  - {read: {reg: GICD_CTLR}, vcpu: 0, at: soon}\n"                           /* 10 */
        "  - {cpu: {read: IAR}}\n"                                                    /* 11 */
        "  - {read: {reg: GICD_CTLR}}\n"                                              /* 12 */
        "  - {pulse: {intid: 40}, line: {intid: 41, level: 1}, check: {intid: 40}}\n" /* 13 */
        "  - {read: GICD_CTLR, vcpu: 0}\n";                                           /* 14 */
    EXPECT_DIAGS(T, AT(4, "{at", "trace[0]: a step needs one action: write, read, cpu, sgi, "
                                 "line, pulse, check, vmm, msi, its or lpi_config"),
                 AT(5, "read:", "trace[1]: a step has exactly one action; 'read' follows "
                                "'write'"),
                 AT(6, "{write", "trace[2]: a 'write' step needs 'vcpu' (the vCPU that "
                                 "performs it)"),
                 AFTER(7, "vcpu: ", "trace[3].vcpu: vCPU 2 does not exist (the machine has 2 "
                                    "vCPUs: 0..1)"),
                 AT(8, "5", "trace[4]: expected a map, got a scalar"),
                 AT(9, "{wirte", "trace[5]: a step needs one action"),
                 AT(9, "wirte", "unknown key 'wirte' in trace[5] (did you mean 'write'?)"),
                 AFTER(10, "at: ", "trace[6].at: expected an integer"),
                 AT(11, "{cpu", "trace[7]: a 'cpu' step needs 'vcpu'"),
                 AT(12, "{read", "trace[8]: a 'read' step needs 'vcpu'"),
                 AT(13, "line:", "trace[9]: a step has exactly one action; 'line' follows "
                                 "'pulse'"),
                 AT(13, "check:", "trace[9]: a step has exactly one action; 'check' follows "
                                  "'pulse'"),
                 AFTER(14, "read: ", "trace[10].read: expected a map, got a scalar"));
}
END_TEST

START_TEST(test_vcpu_limits_follow_the_machine)
{
    const char *T = "version: 1\ngic: {version: 3, vcpus: 300}\n"
                    "trace:\n"
                    "  - {read: {reg: GICR_CTLR, redist: 299}, vcpu: 299}\n"
                    "  - {pulse: {intid: 16, vcpu: 299}}\n"
                    "  - {sgi: {intid: 1, targets: [299]}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_int_eq(s.steps[0].vcpu, 299);
    ck_assert_int_eq(s.steps[0].u.mmio.redist, 299);
    scenario_free(&s);
    T = "version: 1\ngic: {version: 3, vcpus: 300}\n"
        "trace:\n"
        "  - {pulse: {intid: 16, vcpu: 300}}\n";
    EXPECT_DIAGS(T, AFTER(4, "vcpu: ", "trace[0].pulse.vcpu: vCPU 300 does not exist (the "
                                       "machine has 300 vCPUs: 0..299)"));
}
END_TEST

/* A value is checked against the access width only when that width is certain: after a
 * bad register name or a bad width only the certain mistake is reported. */
START_TEST(test_no_cascading_value_errors)
{
    const char *T = HDR2
        "trace:\n"
        "  - {write: {reg: GICD_IROUTER40, value: 0x100000000}, vcpu: 0}\n"                  /* 4 */
        "  - {write: {reg: GICD_FOO, value: 0x100000000}, vcpu: 0}\n"                        /* 5 */
        "  - {cpu: {write: SGI1R, value: 0x100000000}, vcpu: 0}\n"                           /* 6 */
        "  - {cpu: {read: FOO, expect: 0x100000000}, vcpu: 0}\n"                             /* 7 */
        "  - {write: {reg: GICD_ISENABLER1, width: 24, value: 0x100000000}, vcpu: 0}\n"      /* 8 */
        "  - {read: {offset: 0xfff, frame: gicd, width: 128, expect: 0x100000000}, vcpu: 0}\n" /* 9 */
        "  - {read: {reg: GICD_ISENABLER1, width: 12, byte: 5}, vcpu: 0}\n"                  /* 10 */
        "  - {write: {offset: 0x10, frame: gicd, value: 0x100000000}, vcpu: 0}\n"            /* 11 */
        "  - {write: {reg: GICD_ISENABLER, n: 99, value: 0x100000000}, vcpu: 0}\n";          /* 12 */
    EXPECT_DIAGS(T, AFTER(4, "reg: ", "trace[0].write: GICD_IROUTER40 is not a GICv2 register"),
                 AFTER(5, "reg: ", "trace[1].write: unknown register 'GICD_FOO'"),
                 AFTER(6, "write: ", "trace[2].cpu: SGI1R does not exist on GICv2"),
                 AFTER(7, "read: ", "trace[3].cpu: unknown CPU-interface register 'FOO'"),
                 AFTER(8, "width: ", "trace[4].write.width: 24 is not an access width"),
                 AFTER(9, "width: ", "trace[5].read.width: 128 is out of range (8..64)"),
                 AFTER(10, "width: ", "trace[6].read.width: 12 is not an access width"),
                 AFTER(10, "byte: ", "trace[6].read.byte: 5 is out of range (0..3)"),
                 /* the width is certain in these two */
                 AFTER(11, "value: ", "trace[7].write.value: 0x100000000 does not fit in a "
                                      "32-bit access"),
                 AFTER(12, "n: ", "trace[8].write.n: 99 is out of range (0..31)"),
                 AFTER(12, "value: ", "trace[8].write.value: 0x100000000 does not fit in a "
                                      "32-bit access"));
}
END_TEST

LOADER_MAIN("loader_trace", test_write_and_read, test_register_naming, test_register_errors,
            test_version_specific_registers, test_width_and_byte, test_raw_offset,
            test_raw_offset_errors, test_redist, test_values_fit_the_width, test_cpu_steps,
            test_cpu_errors, test_sgi_steps, test_line_and_pulse, test_line_errors,
            test_check_steps, test_step_structure_errors, test_vcpu_limits_follow_the_machine,
            test_no_cascading_value_errors)
