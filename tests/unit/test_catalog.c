/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the static catalogues: GIC register names and offsets, the
 * virtual CPU-interface registers, cost operations and cost presets. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costs/cost_model.h"
#include "gic/cpu_regs.h"
#include "gic/gic_regs.h"
#include "test_support.h"

/* ---- helpers ------------------------------------------------------------- */

/* Looks a name up and checks the outcome in one go. */
static const struct gic_reg_desc *lookup(const char *name, bool want_index, uint32_t want_n)
{
    bool has_index = !want_index;
    uint32_t n = 0xdeadbeef;
    const struct gic_reg_desc *d = gic_reg_lookup(name, &has_index, &n);
    ck_assert_msg(d != NULL, "%s not found", name);
    ck_assert_msg(has_index == want_index, "%s: has_index %d", name, has_index);
    if (want_index)
        ck_assert_msg(n == want_n, "%s: index %u, want %u", name, n, want_n);
    return d;
}

static uint32_t reg_offset(const char *name)
{
    bool has_index;
    uint32_t n;
    const struct gic_reg_desc *d = gic_reg_lookup(name, &has_index, &n);
    ck_assert_msg(d != NULL, "%s not found", name);
    return d->offset + (has_index ? n * d->stride : 0);
}

/* Bytes covered by an entry: [offset, end). */
static uint32_t reg_end(const struct gic_reg_desc *d)
{
    return d->offset + (d->count - 1) * d->stride + d->width / 8;
}

/* ---- gic_reg_lookup -------------------------------------------------------- */

START_TEST(test_lookup_base_names)
{
    const struct gic_reg_desc *d = lookup("GICD_ISENABLER", false, 0);
    ck_assert_str_eq(d->name, "GICD_ISENABLER");
    ck_assert_int_eq(d->frame, GIC_FRAME_GICD);
    ck_assert_uint_eq(d->offset, 0x100);
    ck_assert_uint_eq(d->stride, 4);
    ck_assert_uint_eq(d->count, 32);
    ck_assert_uint_eq(d->versions, GIC_REG_V2 | GIC_REG_V3);

    d = lookup("GICD_CTLR", false, 0);
    ck_assert_uint_eq(d->offset, 0);
    ck_assert_uint_eq(d->stride, 0);
    ck_assert_uint_eq(d->count, 1);

    d = lookup("GICR_WAKER", false, 0);
    ck_assert_int_eq(d->frame, GIC_FRAME_GICR);
    ck_assert_uint_eq(d->offset, 0x14);
    ck_assert_uint_eq(d->versions, GIC_REG_V3);

    d = lookup("GICR_TYPER", false, 0);
    ck_assert_uint_eq(d->width, 64);
    ck_assert_uint_eq(lookup("GICR_PROPBASER", false, 0)->width, 64);
    ck_assert_uint_eq(lookup("GICR_PENDBASER", false, 0)->width, 64);

    /* A NULL has_index/index is allowed. */
    ck_assert_ptr_nonnull(gic_reg_lookup("GICD_TYPER", NULL, NULL));
    ck_assert_ptr_nonnull(gic_reg_lookup("GICD_ISENABLER3", NULL, NULL));
}
END_TEST

START_TEST(test_lookup_indexed_names)
{
    const struct gic_reg_desc *d = lookup("GICD_ISENABLER1", true, 1);
    ck_assert_str_eq(d->name, "GICD_ISENABLER");
    d = lookup("GICD_ISENABLER0", true, 0);
    ck_assert_str_eq(d->name, "GICD_ISENABLER");
    d = lookup("GICD_IPRIORITYR254", true, 254);
    ck_assert_str_eq(d->name, "GICD_IPRIORITYR");
    d = lookup("GICR_IPRIORITYR6", true, 6);
    ck_assert_str_eq(d->name, "GICR_IPRIORITYR");
    d = lookup("GICR_ICFGR1", true, 1);
    ck_assert_str_eq(d->name, "GICR_ICFGR");
    d = lookup("GICD_IROUTER40", true, 40);
    ck_assert_str_eq(d->name, "GICD_IROUTER");
    /* Not range-checked here: the caller reports out-of-range indices. */
    d = lookup("GICD_ISENABLER999", true, 999);
    ck_assert_str_eq(d->name, "GICD_ISENABLER");
}
END_TEST

START_TEST(test_lookup_single_element_arrays)
{
    /* The spec accepts GICR_ISENABLER0; the bare name carries no index. */
    const struct gic_reg_desc *d = lookup("GICR_ISENABLER0", true, 0);
    ck_assert_str_eq(d->name, "GICR_ISENABLER");
    ck_assert_uint_eq(d->count, 1);
    ck_assert_uint_eq(d->offset, GICR_SGI_BASE + 0x100);
    d = lookup("GICR_ISENABLER", false, 0);
    ck_assert_str_eq(d->name, "GICR_ISENABLER");
    lookup("GICR_IGROUPR0", true, 0);
    lookup("GICR_IGROUPR", false, 0);
    lookup("GICR_ICACTIVER0", true, 0);
    lookup("GICR_IGRPMODR0", true, 0);
    /* GICR_NSACR has no 0 in its architectural name. */
    lookup("GICR_NSACR", false, 0);
    ck_assert_ptr_null(gic_reg_lookup("GICR_NSACR0", NULL, NULL));
}
END_TEST

START_TEST(test_lookup_exact_id_registers)
{
    /* GICD_PIDR2 is its own register, not index 2 of some "GICD_PIDR" array. */
    const struct gic_reg_desc *d = lookup("GICD_PIDR2", false, 0);
    ck_assert_str_eq(d->name, "GICD_PIDR2");
    ck_assert_uint_eq(d->offset, 0xffe8);
    ck_assert_uint_eq(d->versions, GIC_REG_V3);

    d = lookup("GICD_ICPIDR2", false, 0);
    ck_assert_uint_eq(d->offset, 0xfe8);
    ck_assert_uint_eq(d->versions, GIC_REG_V2);

    d = lookup("GICR_PIDR2", false, 0);
    ck_assert_int_eq(d->frame, GIC_FRAME_GICR);
    ck_assert_uint_eq(d->offset, 0xffe8);

    ck_assert_uint_eq(reg_offset("GICD_ICPIDR4"), 0xfd0);
    ck_assert_uint_eq(reg_offset("GICD_ICPIDR7"), 0xfdc);
    ck_assert_uint_eq(reg_offset("GICD_ICPIDR0"), 0xfe0);
    ck_assert_uint_eq(reg_offset("GICD_ICCIDR0"), 0xff0);
    ck_assert_uint_eq(reg_offset("GICD_ICCIDR3"), 0xffc);
    ck_assert_uint_eq(reg_offset("GICD_PIDR4"), 0xffd0);
    ck_assert_uint_eq(reg_offset("GICD_PIDR0"), 0xffe0);
    ck_assert_uint_eq(reg_offset("GICD_CIDR3"), 0xfffc);
    ck_assert_uint_eq(reg_offset("GICR_CIDR0"), 0xfff0);

    /* There is no PIDR8, and the ID registers are not arrays. */
    ck_assert_ptr_null(gic_reg_lookup("GICD_PIDR8", NULL, NULL));
    ck_assert_ptr_null(gic_reg_lookup("GICD_PIDR23", NULL, NULL));
    ck_assert_ptr_null(gic_reg_lookup("GICD_PIDR", NULL, NULL));
}
END_TEST

START_TEST(test_lookup_unknown_names)
{
    static const char *const bad[] = {
        "", "GICD_", "GICD_FOO", "gicd_ctlr", "GICD_CTLR0", "GICD_SGIR1",
        "GICD_ISENABLER01",  /* leading zero */
        "GICD_IPRIORITYR007",
        "GICD_ISENABLER99999999999", /* does not fit in 32 bits */
        "GICD_ISENABLER-1", "GICD_ISENABLER 1", "ISENABLER1", "1", "GICC_IAR",
        "GICR_IPRIORITYR00",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        bool has_index = false;
        uint32_t n = 0;
        ck_assert_msg(gic_reg_lookup(bad[i], &has_index, &n) == NULL,
                      "'%s' should be unknown", bad[i]);
    }
    ck_assert_ptr_null(gic_reg_lookup(NULL, NULL, NULL));
}
END_TEST

START_TEST(test_offsets)
{
    /* IPRIORITYR<n> covers INTIDs 4n..4n+3. */
    ck_assert_uint_eq(reg_offset("GICD_IPRIORITYR"), 0x400);
    ck_assert_uint_eq(reg_offset("GICD_IPRIORITYR10"), 0x400 + 40);
    ck_assert_uint_eq(reg_offset("GICD_ITARGETSR8"), 0x820);
    ck_assert_uint_eq(reg_offset("GICD_ICFGR2"), 0xc08);
    ck_assert_uint_eq(reg_offset("GICD_ISENABLER1"), 0x104);
    ck_assert_uint_eq(reg_offset("GICD_ICACTIVER31"), 0x3fc);
    ck_assert_uint_eq(reg_offset("GICD_SGIR"), 0xf00);
    ck_assert_uint_eq(reg_offset("GICD_CPENDSGIR3"), 0xf1c);
    ck_assert_uint_eq(reg_offset("GICD_SPENDSGIR0"), 0xf20);
    ck_assert_uint_eq(reg_offset("GICD_SETSPI_NSR"), 0x40);
    ck_assert_uint_eq(reg_offset("GICD_CLRSPI_NSR"), 0x48);
    ck_assert_uint_eq(reg_offset("GICD_IGRPMODR1"), 0xd04);
    ck_assert_uint_eq(reg_offset("GICD_NSACR63"), 0xefc);

    /* IROUTER<n> routes INTID n, 8 bytes each, from 0x6000. */
    const struct gic_reg_desc *d = lookup("GICD_IROUTER", false, 0);
    ck_assert_uint_eq(d->offset, 0x6000);
    ck_assert_uint_eq(d->width, 64);
    ck_assert_uint_eq(d->stride, 8);
    ck_assert_uint_eq(d->count, 1020);
    ck_assert_uint_eq(d->versions, GIC_REG_V3);
    ck_assert_uint_eq(reg_offset("GICD_IROUTER32"), 0x6100);
    ck_assert_uint_eq(reg_offset("GICD_IROUTER1019"), 0x7fd8);

    /* Redistributor SGI frame at RD_base + 64 KiB. */
    ck_assert_uint_eq(reg_offset("GICR_IPRIORITYR0"), 0x10400);
    ck_assert_uint_eq(reg_offset("GICR_IPRIORITYR7"), 0x1041c);
    ck_assert_uint_eq(lookup("GICR_IPRIORITYR", false, 0)->count, 8);
    ck_assert_uint_eq(reg_offset("GICR_ICFGR1"), 0x10c04);
    ck_assert_uint_eq(lookup("GICR_ICFGR", false, 0)->count, 2);
    ck_assert_uint_eq(reg_offset("GICR_IGROUPR0"), 0x10080);
    ck_assert_uint_eq(reg_offset("GICR_NSACR"), 0x10e00);
    ck_assert_uint_eq(reg_offset("GICR_IGRPMODR0"), 0x10d00);
    ck_assert_uint_eq(reg_offset("GICR_PROPBASER"), 0x70);
    ck_assert_uint_eq(reg_offset("GICR_PENDBASER"), 0x78);

    /* Counts from the architecture. */
    ck_assert_uint_eq(lookup("GICD_IPRIORITYR", false, 0)->count, 255);
    ck_assert_uint_eq(lookup("GICD_ITARGETSR", false, 0)->count, 255);
    ck_assert_uint_eq(lookup("GICD_ICFGR", false, 0)->count, 64);
    ck_assert_uint_eq(lookup("GICD_IGROUPR", false, 0)->count, 32);
    ck_assert_uint_eq(lookup("GICD_NSACR", false, 0)->count, 64);
    ck_assert_uint_eq(lookup("GICD_CPENDSGIR", false, 0)->count, 4);
    ck_assert_uint_eq(lookup("GICD_IGRPMODR", false, 0)->count, 32);
}
END_TEST

START_TEST(test_versions)
{
    /* Legacy SGI and targets registers stay in the v3 map. */
    ck_assert_uint_eq(lookup("GICD_ITARGETSR", false, 0)->versions, GIC_REG_V2 | GIC_REG_V3);
    ck_assert_uint_eq(lookup("GICD_SGIR", false, 0)->versions, GIC_REG_V2 | GIC_REG_V3);
    ck_assert_uint_eq(lookup("GICD_SPENDSGIR", false, 0)->versions, GIC_REG_V2 | GIC_REG_V3);
    ck_assert_uint_eq(lookup("GICD_TYPER2", false, 0)->versions, GIC_REG_V3);
    ck_assert_uint_eq(lookup("GICD_STATUSR", false, 0)->versions, GIC_REG_V3);
    ck_assert_uint_eq(lookup("GICD_IGRPMODR", false, 0)->versions, GIC_REG_V3);
    for (size_t i = 0; i < gic_reg_catalog_size; i++) {
        const struct gic_reg_desc *d = &gic_reg_catalog[i];
        if (d->frame == GIC_FRAME_GICR)
            ck_assert_msg(d->versions == GIC_REG_V3, "%s is v3 only", d->name);
    }
}
END_TEST

/* ---- catalogue sanity ------------------------------------------------------- */

START_TEST(test_catalog_sane)
{
    ck_assert_uint_gt(gic_reg_catalog_size, 50);
    for (size_t i = 0; i < gic_reg_catalog_size; i++) {
        const struct gic_reg_desc *a = &gic_reg_catalog[i];
        ck_assert_ptr_nonnull(a->name);
        const char *prefix = a->frame == GIC_FRAME_GICD   ? "GICD_"
                             : a->frame == GIC_FRAME_GICR ? "GICR_"
                                                          : "GITS_";
        ck_assert_msg(strncmp(a->name, prefix, 5) == 0,
                      "%s: prefix does not match its frame", a->name);
        ck_assert_msg(a->width == 32 || a->width == 64, "%s: width %u", a->name, a->width);
        ck_assert_msg(a->count >= 1, "%s: count 0", a->name);
        ck_assert_msg(a->versions != 0 && (a->versions & ~(GIC_REG_V2 | GIC_REG_V3)) == 0,
                      "%s: versions %#x", a->name, a->versions);
        /* Singles have stride 0; arrays step by at least their width. */
        if (a->stride == 0)
            ck_assert_msg(a->count == 1, "%s: stride 0 with count %u", a->name, a->count);
        else
            ck_assert_msg(a->stride >= a->width / 8u, "%s: stride below width", a->name);
        ck_assert_msg(a->offset % (a->width / 8u) == 0, "%s: misaligned", a->name);
        /* Inside its frame, for every version that has it. */
        for (int v = GIC_V2; v <= GIC_V3; v++) {
            if (!(a->versions & (v == GIC_V2 ? GIC_REG_V2 : GIC_REG_V3)))
                continue;
            ck_assert_msg(reg_end(a) <= gic_frame_size(a->frame, (enum gic_version)v),
                          "%s: beyond the v%d frame", a->name, v);
        }
        /* Unique names, and each entry is found by its own name. */
        for (size_t j = i + 1; j < gic_reg_catalog_size; j++)
            ck_assert_msg(strcmp(a->name, gic_reg_catalog[j].name) != 0, "duplicate %s", a->name);
        ck_assert_ptr_eq(gic_reg_lookup(a->name, NULL, NULL), a);
        /* Sorted by frame, then offset. */
        if (i > 0) {
            const struct gic_reg_desc *p = &gic_reg_catalog[i - 1];
            ck_assert_msg(p->frame < a->frame || (p->frame == a->frame && p->offset < a->offset),
                          "%s is out of order after %s", a->name, p->name);
        }
    }
}
END_TEST

/* No two registers of the same frame and version share a byte. */
START_TEST(test_catalog_no_overlap)
{
    for (size_t i = 0; i < gic_reg_catalog_size; i++) {
        const struct gic_reg_desc *a = &gic_reg_catalog[i];
        for (size_t j = i + 1; j < gic_reg_catalog_size; j++) {
            const struct gic_reg_desc *b = &gic_reg_catalog[j];
            if (a->frame != b->frame || (a->versions & b->versions) == 0)
                continue;
            bool disjoint = reg_end(a) <= b->offset || reg_end(b) <= a->offset;
            ck_assert_msg(disjoint, "%s [%#x,%#x) overlaps %s [%#x,%#x)", a->name, a->offset,
                          reg_end(a), b->name, b->offset, reg_end(b));
        }
    }
}
END_TEST

START_TEST(test_frames)
{
    ck_assert_uint_eq(gic_frame_size(GIC_FRAME_GICD, GIC_V2), 0x1000);
    ck_assert_uint_eq(gic_frame_size(GIC_FRAME_GICD, GIC_V3), 0x10000);
    ck_assert_uint_eq(gic_frame_size(GIC_FRAME_GICR, GIC_V3), 0x20000);
    ck_assert_uint_eq(gic_frame_size(GIC_FRAME_GICR, GIC_V2), 0);
    ck_assert_str_eq(gic_frame_name(GIC_FRAME_GICD), "gicd");
    ck_assert_str_eq(gic_frame_name(GIC_FRAME_GICR), "gicr");
}
END_TEST

/* ---- CPU-interface registers ------------------------------------------------ */

START_TEST(test_cpu_regs)
{
    for (int r = 0; r < GIC_CPU_REG_COUNT; r++) {
        const struct gic_cpu_reg_desc *d = gic_cpu_reg_desc((enum gic_cpu_reg)r);
        ck_assert_ptr_nonnull(d);
        ck_assert_int_eq(d->reg, r);
        ck_assert_ptr_nonnull(d->name);
        ck_assert_ptr_eq(gic_cpu_reg_by_name(d->name), d);
        ck_assert(d->width == 32 || d->width == 64);
        ck_assert(d->versions != 0);
        ck_assert(d->access == GIC_CPU_RO || d->access == GIC_CPU_WO || d->access == GIC_CPU_RW);
    }
    ck_assert_ptr_null(gic_cpu_reg_desc(GIC_CPU_REG_COUNT));
    ck_assert_ptr_null(gic_cpu_reg_by_name("iar"));
    ck_assert_ptr_null(gic_cpu_reg_by_name("APR4"));
    ck_assert_ptr_null(gic_cpu_reg_by_name("ICC_IAR1_EL1"));
    ck_assert_ptr_null(gic_cpu_reg_by_name(""));
    ck_assert_ptr_null(gic_cpu_reg_by_name(NULL));

    const struct gic_cpu_reg_desc *d = gic_cpu_reg_by_name("IAR");
    ck_assert_int_eq(d->reg, GIC_CPU_IAR);
    ck_assert_int_eq(d->access, GIC_CPU_RO);
    ck_assert_uint_eq(d->versions, GIC_REG_V2 | GIC_REG_V3);
    ck_assert_int_eq(gic_cpu_reg_by_name("RPR")->access, GIC_CPU_RO);
    ck_assert_int_eq(gic_cpu_reg_by_name("HPPIR")->access, GIC_CPU_RO);
    ck_assert_int_eq(gic_cpu_reg_by_name("EOIR")->access, GIC_CPU_WO);
    ck_assert_int_eq(gic_cpu_reg_by_name("DIR")->access, GIC_CPU_WO);
    ck_assert_int_eq(gic_cpu_reg_by_name("PMR")->access, GIC_CPU_RW);
    ck_assert_int_eq(gic_cpu_reg_by_name("AP1R3")->access, GIC_CPU_RW);

    d = gic_cpu_reg_by_name("SGI1R");
    ck_assert_int_eq(d->reg, GIC_CPU_SGI1R);
    ck_assert_int_eq(d->access, GIC_CPU_WO);
    ck_assert_uint_eq(d->width, 64);
    ck_assert_uint_eq(d->versions, GIC_REG_V3);

    static const char *const v2_only[] = { "APR0", "APR1", "APR2", "APR3" };
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(gic_cpu_reg_by_name(v2_only[i])->versions, GIC_REG_V2);
    static const char *const v3_only[] = { "AP0R0", "AP0R3", "AP1R0", "AP1R2", "IGRPEN0",
                                           "IGRPEN1", "SGI1R" };
    for (size_t i = 0; i < sizeof(v3_only) / sizeof(v3_only[0]); i++)
        ck_assert_uint_eq(gic_cpu_reg_by_name(v3_only[i])->versions, GIC_REG_V3);
    static const char *const both[] = { "IAR", "EOIR", "DIR", "PMR", "BPR", "CTLR", "RPR",
                                        "HPPIR" };
    for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++)
        ck_assert_uint_eq(gic_cpu_reg_by_name(both[i])->versions, GIC_REG_V2 | GIC_REG_V3);
}
END_TEST

/* ---- cost operations and presets --------------------------------------------- */

static bool is_snake_case(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return false;
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    }
    return true;
}

START_TEST(test_cost_ops)
{
    ck_assert_int_ge(COST_OP_COUNT, 20);
    for (int i = 0; i < COST_OP_COUNT; i++) {
        const char *name = cost_op_name((enum cost_op)i);
        const char *desc = cost_op_description((enum cost_op)i);
        ck_assert_ptr_nonnull(name);
        ck_assert_ptr_nonnull(desc);
        ck_assert_msg(name[0] != '\0' && desc[0] != '\0', "op %d: empty name or description", i);
        ck_assert_msg(is_snake_case(name), "'%s' is not snake_case", name);
        ck_assert_int_eq(cost_op_by_name(name), i);
        for (int j = i + 1; j < COST_OP_COUNT; j++) {
            ck_assert_msg(strcmp(name, cost_op_name((enum cost_op)j)) != 0, "duplicate %s", name);
            ck_assert_msg(strcmp(desc, cost_op_description((enum cost_op)j)) != 0,
                          "%s and %s share a description", name, cost_op_name((enum cost_op)j));
        }
    }
    /* Names the scenario format and the brief rely on. */
    ck_assert_int_eq(cost_op_by_name("trap"), COST_TRAP);
    static const char *const needed[] = { "trap", "exit", "entry", "lock", "kick_ipi",
                                          "lr_write", "maintenance_irq", "iar", "eoir" };
    for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
        ck_assert_msg(cost_op_by_name(needed[i]) >= 0, "%s missing", needed[i]);

    ck_assert_int_eq(cost_op_by_name("Trap"), -1);
    ck_assert_int_eq(cost_op_by_name("trapp"), -1);
    ck_assert_int_eq(cost_op_by_name(""), -1);
    ck_assert_int_eq(cost_op_by_name("preset"), -1);
    ck_assert_int_eq(cost_op_by_name(NULL), -1);
    ck_assert_ptr_null(cost_op_name(COST_OP_COUNT));
    ck_assert_ptr_null(cost_op_description(COST_OP_COUNT));
}
END_TEST

START_TEST(test_cost_presets)
{
    ck_assert_uint_ge(cost_preset_count, 3);
    bool have_v2 = false, have_v3 = false;
    for (size_t i = 0; i < cost_preset_count; i++) {
        const struct cost_preset *p = &cost_presets[i];
        ck_assert_ptr_nonnull(p->name);
        ck_assert_ptr_nonnull(p->description);
        ck_assert(p->description[0] != '\0');
        ck_assert_ptr_eq(cost_preset_by_name(p->name), p);
        ck_assert(p->version == GIC_V2 || p->version == GIC_V3);
        have_v2 |= p->version == GIC_V2;
        have_v3 |= p->version == GIC_V3;
        /* No operation is documented as free in any shipped preset. */
        for (int op = 0; op < COST_OP_COUNT; op++)
            ck_assert_msg(p->cycles[op] > 0, "%s: %s is 0", p->name,
                          cost_op_name((enum cost_op)op));
        /* A few orderings that any plausible preset satisfies. */
        ck_assert(p->cycles[COST_EOIR] < p->cycles[COST_EXIT]);
        ck_assert(p->cycles[COST_LOCK] < p->cycles[COST_LOCK_HANDOFF]);
        ck_assert(p->cycles[COST_IPI_DELIVERY] > p->cycles[COST_LOCK]);
        for (size_t j = i + 1; j < cost_preset_count; j++)
            ck_assert_str_ne(p->name, cost_presets[j].name);
    }
    ck_assert(have_v2 && have_v3);

    ck_assert_ptr_nonnull(cost_preset_by_name("kvm-gicv2"));
    ck_assert_ptr_nonnull(cost_preset_by_name("kvm-gicv3-nvhe"));
    ck_assert_ptr_nonnull(cost_preset_by_name("kvm-gicv3-vhe"));
    ck_assert_int_eq(cost_preset_by_name("kvm-gicv2")->version, GIC_V2);
    ck_assert_int_eq(cost_preset_by_name("kvm-gicv3-nvhe")->version, GIC_V3);
    ck_assert_int_eq(cost_preset_by_name("kvm-gicv3-vhe")->version, GIC_V3);
    ck_assert_ptr_null(cost_preset_by_name("kvm-gicv4"));
    ck_assert_ptr_null(cost_preset_by_name(""));
    ck_assert_ptr_null(cost_preset_by_name(NULL));

    ck_assert_str_eq(cost_preset_default(GIC_V2)->name, "kvm-gicv2");
    ck_assert_str_eq(cost_preset_default(GIC_V3)->name, "kvm-gicv3-vhe");

    /* VHE makes the world switch cheaper than nVHE on the same GIC. */
    ck_assert(cost_preset_by_name("kvm-gicv3-vhe")->cycles[COST_EXIT] <
              cost_preset_by_name("kvm-gicv3-nvhe")->cycles[COST_EXIT]);
}
END_TEST

/* The presets fitted by `vgicsim calibrate` keep kvm-gicv3-vhe's value for every
 * operation micro-bench does not determine. */
START_TEST(test_calibrated_presets_keep_their_base)
{
    static const char *const fitted[] = {"trap", "trap_sysreg", "exit", "entry", "emulate_reg",
                                         "ipi_delivery", "eoir", "dir", "its_command"};
    const struct cost_preset *base = cost_preset_by_name("kvm-gicv3-vhe");
    const char *const names[] = {"ampere-altra-6.12", "kunpeng-920"};
    for (size_t k = 0; k < 2; k++) {
        const struct cost_preset *p = cost_preset_by_name(names[k]);
        ck_assert_ptr_nonnull(p);
        for (int op = 0; op < COST_OP_COUNT; op++) {
            bool is_fitted = false;
            for (size_t f = 0; f < sizeof(fitted) / sizeof(fitted[0]); f++)
                is_fitted |= strcmp(cost_op_name((enum cost_op)op), fitted[f]) == 0;
            if (!is_fitted)
                ck_assert_msg(p->cycles[op] == base->cycles[op], "%s: %s differs from its base",
                              names[k], cost_op_name((enum cost_op)op));
        }
    }
}
END_TEST

START_TEST(test_cost_model_from_preset)
{
    for (size_t i = 0; i < cost_preset_count; i++) {
        struct cost_model m;
        memset(&m, 0xab, sizeof(m));
        cost_model_from_preset(&m, &cost_presets[i]);
        ck_assert_str_eq(m.preset, cost_presets[i].name);
        for (int op = 0; op < COST_OP_COUNT; op++)
            ck_assert_uint_eq(m.cycles[op], cost_presets[i].cycles[op]);
        /* A copy: overriding the model leaves the preset alone. */
        uint64_t before = cost_presets[i].cycles[COST_TRAP];
        m.cycles[COST_TRAP] = 1500;
        ck_assert_uint_eq(cost_presets[i].cycles[COST_TRAP], before);
    }
}
END_TEST

static Suite *catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = tcase_create("gic_regs");
    tcase_add_test(tc, test_lookup_base_names);
    tcase_add_test(tc, test_lookup_indexed_names);
    tcase_add_test(tc, test_lookup_single_element_arrays);
    tcase_add_test(tc, test_lookup_exact_id_registers);
    tcase_add_test(tc, test_lookup_unknown_names);
    tcase_add_test(tc, test_offsets);
    tcase_add_test(tc, test_versions);
    tcase_add_test(tc, test_catalog_sane);
    tcase_add_test(tc, test_catalog_no_overlap);
    tcase_add_test(tc, test_frames);
    suite_add_tcase(s, tc);

    tc = tcase_create("cpu_regs");
    tcase_add_test(tc, test_cpu_regs);
    suite_add_tcase(s, tc);

    tc = tcase_create("costs");
    tcase_add_test(tc, test_cost_ops);
    tcase_add_test(tc, test_cost_presets);
    tcase_add_test(tc, test_cost_model_from_preset);
    tcase_add_test(tc, test_calibrated_presets_keep_their_base);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(catalog_suite());
}
