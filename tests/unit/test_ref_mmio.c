/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the reference model's distributor/redistributor registers
 * (src/vgic/vgic_mmio*.c through src/ref/ref_mmio.c): KVM's vgic-mmio behaviour,
 * reference sections 3 and 4 — the region tables and the GICv2 distributor (GICv3 and
 * the timing: test_ref_mmio_v3.c). Accesses go through the model interface; the
 * interrupt state is inspected through the reference model's internals. */
#include "ref_mmio_fixture.h"
#include "test_support.h"

/* ---- the tables ------------------------------------------------------------ */

static void check_table(const struct vgic_region *t, size_t n, uint32_t frame_size)
{
    ck_assert_uint_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        const struct vgic_region *r = &t[i];
        ck_assert_uint_gt(r->length, 0);
        ck_assert_uint_le(r->offset + r->length, frame_size);
        ck_assert_ptr_nonnull(r->read);
        ck_assert_ptr_nonnull(r->write);
        ck_assert_uint_ne(r->access, 0);
        if (i + 1 < n)
            ck_assert_msg(r->offset + r->length <= t[i + 1].offset,
                          "region at 0x%x overlaps or is out of order", r->offset);
        ck_assert_ptr_eq(vgic_find_region(t, n, r->offset), r);
        ck_assert_ptr_eq(vgic_find_region(t, n, r->offset + r->length - 1), r);
        if (i + 1 < n && r->offset + r->length < t[i + 1].offset)
            ck_assert_ptr_null(vgic_find_region(t, n, r->offset + r->length));
    }
    ck_assert_ptr_null(vgic_find_region(t, n, t[n - 1].offset + t[n - 1].length));
}

START_TEST(test_tables_sorted_and_found)
{
    check_table(vgic_v2_dist_regions, vgic_v2_dist_nregions, GICD_V2_FRAME_SIZE);
    check_table(vgic_v3_dist_regions, vgic_v3_dist_nregions, GICD_V3_FRAME_SIZE);
    check_table(vgic_v3_rd_regions, vgic_v3_rd_nregions, GICR_SGI_BASE);
    check_table(vgic_v3_sgi_regions, vgic_v3_sgi_nregions, GICR_FRAME_SIZE);
    ck_assert_uint_ge(vgic_v3_sgi_regions[0].offset, GICR_SGI_BASE);
    /* Holes the reference lists as RAZ/WI have no region. */
    ck_assert_ptr_null(vgic_find_region(vgic_v2_dist_regions, vgic_v2_dist_nregions, 0x00c));
    ck_assert_ptr_null(vgic_find_region(vgic_v2_dist_regions, vgic_v2_dist_nregions, GICD_NSACR));
    ck_assert_ptr_null(vgic_find_region(vgic_v2_dist_regions, vgic_v2_dist_nregions,
                                            GICD_V2_ID_BASE + VGIC_ID_PIDR2));
    ck_assert_ptr_null(vgic_find_region(vgic_v3_dist_regions, vgic_v3_dist_nregions, GICD_SGIR));
    /* The v3 private ranges are regions of their own (RAZ/WI, still checked). */
    const struct vgic_region *r =
        vgic_find_region(vgic_v3_dist_regions, vgic_v3_dist_nregions, GICD_ISENABLER);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->length, 4);
    ck_assert_ptr_eq(r->read, vgic_mmio_read_raz);
    r = vgic_find_region(vgic_v3_dist_regions, vgic_v3_dist_nregions, GICD_IROUTER + 0x100);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->offset, GICD_IROUTER + 0x100);
    ck_assert_uint_eq(r->bits_per_irq, 64);
}
END_TEST

START_TEST(test_intid_from_offset)
{
    ck_assert_uint_eq(vgic_mmio_intid(GICD_ISENABLER, 1), 0);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_ISENABLER + 4, 1), 32);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_ICACTIVER + 0x7c, 1), 992);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_IPRIORITYR + 41, 8), 41);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_ITARGETSR + 0x20, 8), 32);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_ICFGR + 8, 2), 32);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_ICFGR + 4, 2), 16);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_IROUTER + 8 * 40, 64), 40);
    ck_assert_uint_eq(vgic_mmio_intid(GICD_IROUTER + 8 * 40 + 4, 64), 40);
    ck_assert_uint_eq(vgic_mmio_intid(GICR_ISENABLER0, 1), 0);
    ck_assert_uint_eq(vgic_mmio_intid(GICR_IPRIORITYR0 + 31, 8), 31);
    ck_assert_uint_eq(vgic_mmio_intid(GICR_ICFGR0 + 4, 2), 16);
}
END_TEST

/* ---- GICv2: identification and control ------------------------------------ */

START_TEST(test_v2_id_registers)
{
    struct fx f = v2_default();
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0);
    /* ITLinesNumber = 96/32 - 1 = 2; CPUNumber = 4 - 1 = 3 in [7:5]. */
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER, 4), 0x62);
    /* Revision 3 from v5.19 (the default is 6.18). */
    ck_assert_uint_eq(drd(&f, 2, GICD_IIDR, 4), 0x4b00343b);
    /* Read-only. */
    dwr(&f, 0, GICD_TYPER, 4, 0);
    dwr(&f, 0, GICD_IIDR, 4, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER, 4), 0x62);
    ck_assert_uint_eq(drd(&f, 0, GICD_IIDR, 4), 0x4b00343b);
    /* GICv2 ID registers read 0 (PIDR2 included), unlike v3's 0x3B. */
    for (uint32_t off = GICD_V2_ID_BASE; off < GICD_V2_FRAME_SIZE; off += 4)
        ck_assert_uint_eq(drd(&f, 0, off, 4), 0);
    /* The misc block is 12 bytes: 0x00C is a hole. */
    ck_assert_uint_eq(drd(&f, 0, 0x00c, 4), 0);
    fx_close(&f);

    struct fx_opts o = {.version = GIC_V2, .vcpus = 8, .spis = GIC_MAX_SPIS};
    f = fx_open(&o);
    /* 992 IRQs: ITLinesNumber 30; 8 vCPUs: CPUNumber 7. */
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER, 4), 30 | 7u << 5);
    fx_close(&f);
}
END_TEST

static struct fx v2_release(uint32_t release)
{
    static const uint32_t hw[] = {50};
    struct fx_opts o = {.version = GIC_V2, .vcpus = 4, .spis = 64, .hw = hw, .n_hw = 1,
                        .kvm_release = release};
    return fx_open(&o);
}

/* GICD_CTLR's 0 -> 1 runs vgic_kick_vcpus, whose test is the release's runnable test:
 * before v5.0 an enabled, pending IRQ on the list kicks even when it is active or masked
 * by PMR (here both: PMR is 0 at reset). */
START_TEST(test_v2_ctlr_enable_and_kick)
{
    struct fx f = v2_release(420);
    /* SPI 40: enabled and pending while the distributor is off: not queued. */
    dwr(&f, 0, word1(GICD_ISENABLER, 40), 4, bit1(40));
    dwr(&f, 0, word1(GICD_ISPENDR, 40), 4, bit1(40));
    ck_assert_uint_eq(total_kicks(), 0);
    ck_assert_int_eq(irq(&f, 0, 40)->s.listed_on, VGIC_NO_VCPU);
    /* Active interrupts flow even with the distributor off: now it is listed. */
    dwr(&f, 0, word1(GICD_ISACTIVER, 40), 4, bit1(40));
    ck_assert_int_eq(irq(&f, 0, 40)->s.listed_on, 0);
    ck_assert_uint_eq(kicks[0], 1);

    /* Only bit 0 exists; a write without it leaves the distributor off. */
    dwr(&f, 0, GICD_CTLR, 4, 0xfffffffe);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0);
    ck_assert(!f.m->dist_enabled);
    ck_assert_uint_eq(kicks[0], 1);
    /* 0 -> 1 kicks the vCPU that has an enabled pending IRQ listed. */
    dwr(&f, 1, GICD_CTLR, 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 1);
    ck_assert(f.m->dist_enabled);
    ck_assert_uint_eq(kicks[0], 2);
    /* 1 -> 1 does not kick. */
    dwr(&f, 1, GICD_CTLR, 4, 1);
    ck_assert_uint_eq(kicks[0], 2);
    dwr(&f, 1, GICD_CTLR, 4, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0);
    ck_assert_uint_eq(total_kicks(), 2);
    fx_close(&f);
}
END_TEST

/* From v5.0 (and by default) vgic_kick_vcpus only kicks for an interrupt the CPU
 * interface could signal: not active, above the vCPU's PMR. */
START_TEST(test_v2_ctlr_enable_kicks_only_signallable)
{
    struct fx f = v2_release(0);
    dwr(&f, 0, word1(GICD_ISENABLER, 40), 4, bit1(40));
    dwr(&f, 0, word1(GICD_ISPENDR, 40), 4, bit1(40));
    dwr(&f, 0, word1(GICD_ISACTIVER, 40), 4, bit1(40));   /* listed on vCPU 0, P+A */
    ck_assert_uint_eq(kicks[0], 1);
    dwr(&f, 1, GICD_CTLR, 4, 1);
    ck_assert_uint_eq(kicks[0], 1);          /* active: not counted */
    dwr(&f, 1, GICD_CTLR, 4, 0);
    dwr(&f, 0, word1(GICD_ICACTIVER, 40), 4, bit1(40));
    dwr(&f, 1, GICD_CTLR, 4, 1);
    ck_assert_uint_eq(kicks[0], 1);          /* pending, but PMR 0 masks priority 0 */
    dwr(&f, 1, GICD_CTLR, 4, 0);
    f.m->vcpus[0].vif.vmcr.pmr = 0x08;       /* the guest's PMR: priority 0 is above it */
    dwr(&f, 1, GICD_CTLR, 4, 1);
    ck_assert_uint_eq(kicks[0], 2);
    ck_assert(ref_ops()->vcpu_has_pending(f.vm, 0));
    f.m->vcpus[0].vif.vmcr.pmr = 0;
    ck_assert(!ref_ops()->vcpu_has_pending(f.vm, 0));
    fx_close(&f);
}
END_TEST

/* ---- check_region: RAZ/WI rules --------------------------------------------- */

START_TEST(test_v2_raz_wi_rules)
{
    struct fx f = v2_default();
    /* SGIs are enabled at reset: a valid read of ISENABLER0 shows 0xFFFF. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 4), 0xffff);
    /* 16-bit accesses are never allowed. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 2), 0);
    dwr(&f, 0, GICD_ICENABLER, 2, 0xffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 4), 0xffff);
    dwr(&f, 0, GICD_IPRIORITYR + 32, 2, 0xa0a0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), 0);
    /* 8-bit access to a 32-bit-only register. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 1), 0);
    dwr(&f, 0, GICD_ISENABLER + 4, 1, 0xff);
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER + 4, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER, 1), 0);
    /* 64-bit access where only 8 and 32 are allowed. */
    dwr(&f, 0, GICD_IPRIORITYR + 32, 8, 0xa0a0a0a0a0a0a0a0ull);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), 0);
    dwr(&f, 0, GICD_IPRIORITYR + 32, 4, 0xa0a0a0a0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 8), 0);
    /* Misaligned accesses. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER + 2, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 33, 4), 0);
    dwr(&f, 0, GICD_IPRIORITYR + 34, 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), 0xa0a0a0a0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 33, 1), 0xa0);  /* bytes are fine */
    /* Odd widths. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 3), 0);
    /* Beyond nr_irqs (96): ISENABLER3 covers 96-127. */
    dwr(&f, 0, word1(GICD_ISENABLER, 96), 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 96), 4), 0);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 64), 4), 0);
    dwr(&f, 0, word1(GICD_ISENABLER, 64), 4, 0x80000000);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 64), 4), 0x80000000);
    ck_assert(irq(&f, 0, 95)->s.enabled);
    dwr(&f, 0, GICD_IPRIORITYR + 95, 1, 0x80);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 95, 1), 0x80);
    dwr(&f, 0, GICD_IPRIORITYR + 96, 1, 0x80);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 96, 1), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 96 / 4, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 80 / 4, 4), 0xaaaaaaaa);
    /* Unmapped offsets. */
    ck_assert_uint_eq(drd(&f, 0, GICD_NSACR, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, 0xf04, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, 0xf30, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_STATUSR, 4), 0);  /* no STATUSR on v2 */
    ck_assert_uint_eq(drd(&f, 0, GICD_IROUTER + 0x100, 8), 0);
    /* No redistributors on v2. */
    ck_assert_uint_eq(rrd(&f, 0, 0, GICR_TYPER, 8), 0);
    ck_assert_uint_eq(rrd(&f, 0, 0, GICR_ISENABLER0, 4), 0);
    fx_close(&f);
}
END_TEST

/* ---- per-IRQ registers, GICv2 ----------------------------------------------- */

START_TEST(test_v2_banking)
{
    struct fx f = v2_default();
    dwr(&f, 1, GICD_ISENABLER, 4, bit1(16) | bit1(17));
    ck_assert(irq(&f, 1, 16)->s.enabled);
    ck_assert(!irq(&f, 0, 16)->s.enabled);
    ck_assert_uint_eq(drd(&f, 1, GICD_ISENABLER, 4), 0x3ffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 4), 0xffff);
    dwr(&f, 2, GICD_ICENABLER, 4, bit1(3));
    ck_assert_uint_eq(drd(&f, 2, GICD_ICENABLER, 4), 0xfff7);
    ck_assert_uint_eq(drd(&f, 3, GICD_ICENABLER, 4), 0xffff);
    dwr(&f, 3, GICD_IPRIORITYR + 27, 1, 0x40);
    ck_assert_uint_eq(irq(&f, 3, 27)->s.priority, 0x40);
    ck_assert_uint_eq(irq(&f, 0, 27)->s.priority, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 24, 4), 0);
    ck_assert_uint_eq(drd(&f, 3, GICD_IPRIORITYR + 24, 4), 0x40000000);
    /* SPIs are shared. */
    dwr(&f, 3, word1(GICD_ISENABLER, 33), 4, bit1(33));
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 33), 4), bit1(33));
    fx_close(&f);
}
END_TEST

START_TEST(test_v2_enable_semantics)
{
    struct fx f = v2_default();
    dwr(&f, 0, GICD_CTLR, 4, 1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 32), 4), 0);
    dwr(&f, 0, word1(GICD_ISENABLER, 32), 4, 0x5);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 32), 4), 0x5);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ICENABLER, 32), 4), 0x5);
    /* Zero bits do nothing on set/clear registers. */
    dwr(&f, 0, word1(GICD_ISENABLER, 32), 4, 0);
    dwr(&f, 0, word1(GICD_ICENABLER, 32), 4, 0x1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISENABLER, 32), 4), 0x4);

    /* SPI 41 routed to vCPU 2, pending while disabled: enabling queues and kicks. */
    dwr(&f, 0, GICD_ITARGETSR + 41, 1, 0x04);
    dwr(&f, 0, word1(GICD_ISPENDR, 41), 4, bit1(41));
    ck_assert_uint_eq(total_kicks(), 0);
    ck_assert_int_eq(irq(&f, 0, 41)->s.listed_on, VGIC_NO_VCPU);
    dwr(&f, 0, word1(GICD_ISENABLER, 41), 4, bit1(41));
    ck_assert_int_eq(irq(&f, 0, 41)->s.listed_on, 2);
    ck_assert_uint_eq(kicks[2], 1);
    /* Clear-enable: no kick, and the IRQ stays listed until the vCPU's next exit. */
    dwr(&f, 0, word1(GICD_ICENABLER, 41), 4, bit1(41));
    ck_assert(!irq(&f, 0, 41)->s.enabled);
    ck_assert_int_eq(irq(&f, 0, 41)->s.listed_on, 2);
    ck_assert_uint_eq(total_kicks(), 1);
    fx_close(&f);
}
END_TEST

START_TEST(test_v2_pending_semantics)
{
    struct fx f = v2_default();
    dwr(&f, 0, word1(GICD_ISPENDR, 32), 4, 0x1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISPENDR, 32), 4), 0x1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ICPENDR, 32), 4), 0x1);
    ck_assert(irq(&f, 0, 32)->s.pending_latch);
    dwr(&f, 0, word1(GICD_ICPENDR, 32), 4, 0x1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISPENDR, 32), 4), 0);

    /* GICv2-model SGI bits of ISPENDR0/ICPENDR0 are WI; PPI bits are not. */
    dwr(&f, 0, GICD_ISPENDR, 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_ISPENDR, 4), 0xffff0000);
    ck_assert(!irq(&f, 0, 3)->s.pending_latch);
    dwr(&f, 0, GICD_SGIR, 4, 2u << 24 | 3);  /* SGI 3 to self */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISPENDR, 4), 0xffff0008);
    dwr(&f, 0, GICD_ICPENDR, 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_ISPENDR, 4), 0x8);
    ck_assert_uint_eq(irq(&f, 0, 3)->s.source, 0x1);

    /* A level SPI whose line is high stays pending after ICPENDR. */
    dwr(&f, 0, GICD_ICFGR + 8, 4, 0);  /* 32-47 level */
    ck_assert(irq(&f, 0, 33)->s.level);
    set_line(&f, 33, 0, true);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISPENDR, 33), 4), bit1(33));
    dwr(&f, 0, word1(GICD_ISPENDR, 33), 4, bit1(33));
    ck_assert(irq(&f, 0, 33)->s.pending_latch);
    dwr(&f, 0, word1(GICD_ICPENDR, 33), 4, bit1(33));
    ck_assert(!irq(&f, 0, 33)->s.pending_latch);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ICPENDR, 33), 4), bit1(33));
    set_line(&f, 33, 0, false);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ICPENDR, 33), 4), 0);
    /* The soft latch keeps a level IRQ pending with its line low. */
    dwr(&f, 0, word1(GICD_ISPENDR, 33), 4, bit1(33));
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISPENDR, 33), 4), bit1(33));
    fx_close(&f);
}
END_TEST

START_TEST(test_hw_mapped_pending_active)
{
    struct fx f = v2_default();
    struct ref_irq *hw = irq(&f, 0, 50);
    ck_assert(hw->s.hw);
    dwr(&f, 0, word1(GICD_ISPENDR, 50), 4, bit1(50));
    ck_assert(hw->s.pending_latch);
    ck_assert(hw->s.phys_active);
    dwr(&f, 0, word1(GICD_ICPENDR, 50), 4, bit1(50));
    ck_assert(!hw->s.pending_latch);
    ck_assert(!hw->s.phys_active);
    /* Active (virtually and physically): ICPENDR leaves the physical active state. */
    dwr(&f, 0, word1(GICD_ISPENDR, 50), 4, bit1(50));
    dwr(&f, 0, word1(GICD_ISACTIVER, 50), 4, bit1(50));
    ck_assert(hw->s.active);
    ck_assert(hw->s.phys_active);
    dwr(&f, 0, word1(GICD_ICPENDR, 50), 4, bit1(50));
    ck_assert(!hw->s.pending_latch);
    ck_assert(hw->s.phys_active);
    dwr(&f, 0, word1(GICD_ICACTIVER, 50), 4, bit1(50));
    ck_assert(!hw->s.active);
    ck_assert(!hw->s.phys_active);
    /* A non-HW IRQ never touches phys_active. */
    dwr(&f, 0, word1(GICD_ISPENDR, 51), 4, bit1(51));
    ck_assert(!irq(&f, 0, 51)->s.phys_active);

    /* Mapped level IRQ: set-enable re-samples the line; a drop while inactive
     * deactivates the physical interrupt. */
    dwr(&f, 0, GICD_ICFGR + 50 / 16 * 4, 4, 0);
    ck_assert(hw->s.level);
    hw->s.line_level = true;
    hw->s.device_level = false;
    hw->s.phys_active = true;
    dwr(&f, 0, word1(GICD_ISENABLER, 50), 4, bit1(50));
    ck_assert(hw->s.enabled);
    ck_assert(!hw->s.line_level);
    ck_assert(!hw->s.phys_active);
    /* Line still high: kept, and the physical side stays active. */
    dwr(&f, 0, word1(GICD_ICENABLER, 50), 4, bit1(50));
    hw->s.line_level = true;
    hw->s.device_level = true;
    hw->s.phys_active = true;
    dwr(&f, 0, word1(GICD_ISENABLER, 50), 4, bit1(50));
    ck_assert(hw->s.line_level);
    ck_assert(hw->s.phys_active);
    fx_close(&f);
}
END_TEST

START_TEST(test_v2_active_semantics)
{
    struct fx f = v2_default();
    uint64_t halts = f.m->n.halts;
    dwr(&f, 0, word1(GICD_ISACTIVER, 32), 4, 0x3);
    ck_assert_uint_eq(f.m->n.halts, halts + 1);  /* SPIs halt the guest */
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISACTIVER, 32), 4), 0x3);
    ck_assert_uint_eq(f.m->n.halts, halts + 2);  /* reads too */
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ICACTIVER, 32), 4), 0x3);
    ck_assert_uint_eq(f.m->n.halts, halts + 3);
    /* Activated IRQs are queued to their target. */
    ck_assert_int_eq(irq(&f, 0, 33)->s.listed_on, 0);
    dwr(&f, 0, word1(GICD_ICACTIVER, 32), 4, 0x1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_ISACTIVER, 32), 4), 0x2);
    /* A write of 0 still goes through the halt. */
    halts = f.m->n.halts;
    dwr(&f, 0, word1(GICD_ICACTIVER, 32), 4, 0);
    ck_assert_uint_eq(f.m->n.halts, halts + 1);

    /* v2 private: banked, no halt; an activated SGI records the requester. */
    halts = f.m->n.halts;
    dwr(&f, 2, GICD_ISACTIVER, 4, bit1(5) | bit1(20));
    ck_assert_uint_eq(drd(&f, 2, GICD_ISACTIVER, 4), bit1(5) | bit1(20));
    ck_assert_uint_eq(drd(&f, 1, GICD_ISACTIVER, 4), 0);
    ck_assert_uint_eq(f.m->n.halts, halts);
    ck_assert(irq(&f, 2, 5)->s.active);
    ck_assert_uint_eq(irq(&f, 2, 5)->s.active_source, 2);
    ck_assert_uint_eq(irq(&f, 2, 20)->s.active_source, 0);  /* PPIs have none */
    dwr(&f, 2, GICD_ICACTIVER, 4, bit1(5));
    ck_assert(!irq(&f, 2, 5)->s.active);
    ck_assert_uint_eq(f.m->n.halts, halts);

    /* Lock traffic: active reads take only kvm->lock, enable reads none, pending
     * reads every IRQ's lock. */
    uint64_t locks = f.m->n.lock_acquisitions;
    drd(&f, 0, word1(GICD_ISACTIVER, 32), 4);
    ck_assert_uint_eq(f.m->n.lock_acquisitions, locks + 1);
    ck_assert_uint_eq(f.m->kvm_lock.res.free_at, f.now);
    locks = f.m->n.lock_acquisitions;
    drd(&f, 0, word1(GICD_ISENABLER, 32), 4);
    drd(&f, 0, GICD_IPRIORITYR + 32, 4);
    drd(&f, 0, GICD_ICFGR + 8, 4);
    drd(&f, 0, GICD_ITARGETSR + 32, 4);
    drd(&f, 0, word1(GICD_IGROUPR, 32), 4);
    ck_assert_uint_eq(f.m->n.lock_acquisitions, locks);
    drd(&f, 0, word1(GICD_ISPENDR, 32), 4);
    ck_assert_uint_eq(f.m->n.lock_acquisitions, locks + 32);
    fx_close(&f);
}
END_TEST

START_TEST(test_v2_halt_forces_running_vcpus_out)
{
    struct fx f = v2_default();
    f.m->vcpus[1].in_guest = true;
    /* A private access by vCPU 0 leaves vCPU 1 running. */
    drd(&f, 0, GICD_ISACTIVER, 4);
    ck_assert(f.m->vcpus[1].in_guest);
    uint64_t exits = f.m->n.exits;
    /* An SPI access forces it out and lets it back in. */
    drd(&f, 0, word1(GICD_ISACTIVER, 32), 4);
    ck_assert_uint_eq(f.m->n.exits, exits + 1);
    ck_assert(f.m->vcpus[1].in_guest);
    ck_assert(!f.m->vcpus[1].halted);
    fx_close(&f);
}
END_TEST

START_TEST(test_v2_group)
{
    struct fx f = v2_default();
    ck_assert_uint_eq(drd(&f, 0, GICD_IGROUPR, 4), 0);  /* v2 resets to Group 0 */
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_IGROUPR, 32), 4), 0);
    dwr(&f, 0, word1(GICD_IGROUPR, 32), 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_IGROUPR, 32), 4), 0xffffffff);
    /* Every bit is written, not only the set ones. */
    dwr(&f, 0, word1(GICD_IGROUPR, 32), 4, 0x1);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_IGROUPR, 32), 4), 0x1);
    ck_assert_uint_eq(irq(&f, 0, 32)->s.group, 1);
    ck_assert_uint_eq(irq(&f, 0, 33)->s.group, 0);
    /* Banked. */
    dwr(&f, 1, GICD_IGROUPR, 4, 0xffff);
    ck_assert_uint_eq(drd(&f, 1, GICD_IGROUPR, 4), 0xffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_IGROUPR, 4), 0);
    /* A group write requeues: a pending, enabled SPI is listed and its target kicked. */
    dwr(&f, 0, GICD_CTLR, 4, 1);
    set_line(&f, 40, 0, true);
    ck_assert_int_eq(irq(&f, 0, 40)->s.listed_on, VGIC_NO_VCPU);  /* disabled: not queued */
    irq(&f, 0, 40)->s.enabled = true;            /* behind the vgic's back */
    uint32_t k = kicks[0];
    dwr(&f, 0, word1(GICD_IGROUPR, 40), 4, 0);
    ck_assert_int_eq(irq(&f, 0, 40)->s.listed_on, 0);
    ck_assert_uint_eq(kicks[0], k + 1);
    fx_close(&f);
}
END_TEST

/* ---- IPRIORITYR ---------------------------------------------------------- */

static void check_priorities(enum gic_version v, uint32_t bits, uint32_t word_expect,
                             uint8_t byte_expect)
{
    struct fx_opts o = {.version = v, .vcpus = 2, .spis = 32, .priority_bits = bits};
    struct fx f = fx_open(&o);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), 0);  /* reset 0 */
    dwr(&f, 0, GICD_IPRIORITYR + 32, 4, 0x12345678);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), word_expect);
    dwr(&f, 1, GICD_IPRIORITYR + 39, 1, 0xff);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 39, 1), byte_expect);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 36, 4), (uint32_t)byte_expect << 24);
    ck_assert_uint_eq(irq(&f, 0, 39)->s.priority, byte_expect);
    /* Byte writes leave their neighbours alone. */
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), word_expect);
    fx_close(&f);
}

START_TEST(test_priority_masking)
{
    check_priorities(GIC_V2, 5, 0x10305078, 0xf8);
    check_priorities(GIC_V3, 5, 0x10305078, 0xf8);
    /* KVM keeps VGIC_PRI_BITS = 5 whatever the CPU interface implements. */
    check_priorities(GIC_V3, 8, 0x10305078, 0xf8);
    check_priorities(GIC_V3, 4, 0x10305078, 0xf8);
    check_priorities(GIC_V2, 8, 0x10305078, 0xf8);
    check_priorities(GIC_V2, 4, 0x10305078, 0xf8);
}
END_TEST

START_TEST(test_priority_no_requeue)
{
    struct fx f = v2_default();
    dwr(&f, 0, GICD_CTLR, 4, 1);
    dwr(&f, 0, word1(GICD_ISENABLER, 40), 4, bit1(40));
    dwr(&f, 0, word1(GICD_ISPENDR, 40), 4, bit1(40));
    uint32_t k = total_kicks();
    uint64_t locks = f.m->n.lock_acquisitions;
    dwr(&f, 0, GICD_IPRIORITYR + 40, 1, 0x80);
    ck_assert_uint_eq(total_kicks(), k);
    ck_assert_uint_eq(f.m->n.lock_acquisitions, locks + 1);
    fx_close(&f);
}
END_TEST

/* ---- ITARGETSR ------------------------------------------------------------ */

START_TEST(test_v2_itargetsr)
{
    struct fx f = v2_default();
    /* Private: each vCPU reads its own bit in every byte; writes are ignored. */
    ck_assert_uint_eq(drd(&f, 2, GICD_ITARGETSR, 4), 0x04040404);
    ck_assert_uint_eq(drd(&f, 3, GICD_ITARGETSR + 28, 4), 0x08080808);
    ck_assert_uint_eq(drd(&f, 1, GICD_ITARGETSR + 17, 1), 0x02);
    dwr(&f, 2, GICD_ITARGETSR, 4, 0x01010101);
    dwr(&f, 2, GICD_ITARGETSR + 31, 1, 0x01);
    ck_assert_uint_eq(drd(&f, 2, GICD_ITARGETSR, 4), 0x04040404);
    ck_assert_uint_eq(drd(&f, 2, GICD_ITARGETSR + 28, 4), 0x04040404);
    ck_assert_int_eq(irq(&f, 2, 31)->s.target, 2);

    /* SPIs: reset 0, delivered to vCPU 0. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR + 32, 4), 0);
    ck_assert_int_eq(irq(&f, 0, 32)->s.target, 0);
    /* Only the lowest set target receives the interrupt. */
    dwr(&f, 1, GICD_ITARGETSR + 32, 4, 0x0f020106);
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR + 32, 4), 0x0f020106);
    ck_assert_int_eq(irq(&f, 0, 32)->s.target, 1);
    ck_assert_int_eq(irq(&f, 0, 33)->s.target, 0);
    ck_assert_int_eq(irq(&f, 0, 34)->s.target, 1);
    ck_assert_int_eq(irq(&f, 0, 35)->s.target, 0);
    dwr(&f, 0, GICD_ITARGETSR + 41, 1, 0x0c);
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR + 41, 1), 0x0c);
    ck_assert_int_eq(irq(&f, 0, 41)->s.target, 2);
    /* Bits of vCPUs that do not exist (4 vCPUs) are dropped. */
    dwr(&f, 0, GICD_ITARGETSR + 41, 1, 0xf8);
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR + 41, 1), 0x08);
    ck_assert_int_eq(irq(&f, 0, 41)->s.target, 3);
    dwr(&f, 0, GICD_ITARGETSR + 41, 1, 0xf0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR + 41, 1), 0);
    ck_assert_int_eq(irq(&f, 0, 41)->s.target, 0);
    /* A listed IRQ is not requeued by a target change. */
    dwr(&f, 0, GICD_CTLR, 4, 1);
    dwr(&f, 0, word1(GICD_ISENABLER, 42), 4, bit1(42));
    dwr(&f, 0, word1(GICD_ISPENDR, 42), 4, bit1(42));
    ck_assert_int_eq(irq(&f, 0, 42)->s.listed_on, 0);
    uint32_t k = total_kicks();
    dwr(&f, 0, GICD_ITARGETSR + 42, 1, 0x02);
    ck_assert_int_eq(irq(&f, 0, 42)->s.target, 1);
    ck_assert_int_eq(irq(&f, 0, 42)->s.listed_on, 0);
    ck_assert_uint_eq(total_kicks(), k);
    fx_close(&f);
}
END_TEST

/* ---- ICFGR ---------------------------------------------------------------- */

START_TEST(test_icfgr)
{
    struct fx f = v2_default();
    ck_assert_uint_eq(drd(&f, 1, GICD_ICFGR, 4), 0xaaaaaaaa);  /* SGIs edge */
    ck_assert_uint_eq(drd(&f, 1, GICD_ICFGR + 4, 4), 0);       /* PPIs level */
    ck_assert_uint_eq(drd(&f, 1, GICD_ICFGR + 8, 4), 0xaaaaaaaa);  /* SPIs reset edge */
    /* Private configuration is read-only. */
    dwr(&f, 1, GICD_ICFGR, 4, 0);
    dwr(&f, 1, GICD_ICFGR + 4, 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 1, GICD_ICFGR, 4), 0xaaaaaaaa);
    ck_assert_uint_eq(drd(&f, 1, GICD_ICFGR + 4, 4), 0);
    ck_assert(irq(&f, 1, 27)->s.level);
    /* SPIs: bit 2i+1 selects edge; bit 2i is ignored. */
    dwr(&f, 0, GICD_ICFGR + 8, 4, 0x55555555);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 8, 4), 0);
    ck_assert(irq(&f, 0, 32)->s.level);
    ck_assert(irq(&f, 0, 47)->s.level);
    ck_assert(!irq(&f, 0, 48)->s.level);
    dwr(&f, 0, GICD_ICFGR + 8, 4, 0x80000002);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 8, 4), 0x80000002);
    ck_assert(!irq(&f, 0, 32)->s.level);
    ck_assert(irq(&f, 0, 33)->s.level);
    ck_assert(!irq(&f, 0, 47)->s.level);
    /* 32-bit only. */
    dwr(&f, 0, GICD_ICFGR + 12, 1, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 12, 4), 0xaaaaaaaa);
    fx_close(&f);

    f = v3_default();
    /* Through the redistributor: SGIs edge, PPIs level, writes ignored. */
    ck_assert_uint_eq(rrd(&f, 0, 5, GICR_ICFGR0, 4), 0xaaaaaaaa);
    ck_assert_uint_eq(rrd(&f, 0, 5, GICR_ICFGR0 + 4, 4), 0);
    rwr(&f, 0, 5, GICR_ICFGR0, 4, 0);
    rwr(&f, 0, 5, GICR_ICFGR0 + 4, 4, 0xaaaaaaaa);
    ck_assert_uint_eq(rrd(&f, 0, 5, GICR_ICFGR0, 4), 0xaaaaaaaa);
    ck_assert_uint_eq(rrd(&f, 0, 5, GICR_ICFGR0 + 4, 4), 0);
    /* The distributor's private words are RAZ/WI; the SPI words work. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 4, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 8, 4), 0xaaaaaaaa);
    dwr(&f, 0, GICD_ICFGR + 8, 4, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ICFGR + 8, 4), 0);
    fx_close(&f);
}
END_TEST

/* ---- GICD_SGIR and the SGI pending-source registers (v2) -------------------- */

static uint8_t sgi_source(struct fx *f, uint32_t vcpu, uint32_t sgi)
{
    return irq(f, vcpu, sgi)->s.source;
}

START_TEST(test_v2_sgir)
{
    struct fx f = v2_default();
    ck_assert_uint_eq(drd(&f, 0, GICD_SGIR, 4), 0);
    /* Filter 0: the target list. */
    dwr(&f, 1, GICD_SGIR, 4, 0x05u << 16 | 3);
    ck_assert_uint_eq(sgi_source(&f, 0, 3), 0x02);
    ck_assert_uint_eq(sgi_source(&f, 2, 3), 0x02);
    ck_assert_uint_eq(sgi_source(&f, 1, 3), 0);
    ck_assert_uint_eq(sgi_source(&f, 3, 3), 0);
    ck_assert(irq(&f, 0, 3)->s.pending_latch);
    ck_assert(!irq(&f, 3, 3)->s.pending_latch);
    /* Visible as the accessor's source bytes: SGI 3 is byte 3 of word 0. */
    ck_assert_uint_eq(drd(&f, 0, GICD_SPENDSGIR, 4), 0x02000000);
    ck_assert_uint_eq(drd(&f, 0, GICD_CPENDSGIR, 4), 0x02000000);
    ck_assert_uint_eq(drd(&f, 3, GICD_SPENDSGIR, 4), 0);
    /* Filter 1: all but the sender. */
    dwr(&f, 2, GICD_SGIR, 4, 1u << 24 | 0xffu << 16 | 4);
    ck_assert_uint_eq(sgi_source(&f, 0, 4), 0x04);
    ck_assert_uint_eq(sgi_source(&f, 1, 4), 0x04);
    ck_assert_uint_eq(sgi_source(&f, 3, 4), 0x04);
    ck_assert_uint_eq(sgi_source(&f, 2, 4), 0);
    /* Filter 2: the sender only, whatever the list. */
    dwr(&f, 3, GICD_SGIR, 4, 2u << 24 | 0x01u << 16 | 5);
    ck_assert_uint_eq(sgi_source(&f, 3, 5), 0x08);
    ck_assert_uint_eq(sgi_source(&f, 0, 5), 0);
    /* Filter 3: reserved, ignored. */
    dwr(&f, 0, GICD_SGIR, 4, 3u << 24 | 0x0fu << 16 | 6);
    for (uint32_t c = 0; c < 4; c++)
        ck_assert(!irq(&f, c, 6)->s.pending_latch);
    /* Targets that do not exist are dropped. */
    dwr(&f, 0, GICD_SGIR, 4, 0xf0u << 16 | 7);
    for (uint32_t c = 0; c < 4; c++)
        ck_assert(!irq(&f, c, 7)->s.pending_latch);
    /* Several senders accumulate; an 8-bit write is not a valid SGIR access. */
    dwr(&f, 3, GICD_SGIR, 4, 0x01u << 16 | 3);
    ck_assert_uint_eq(sgi_source(&f, 0, 3), 0x0a);
    dwr(&f, 2, GICD_SGIR, 1, 8);
    ck_assert_uint_eq(sgi_source(&f, 0, 3), 0x0a);
    ck_assert_uint_eq(drd(&f, 0, GICD_SGIR, 4), 0);
    fx_close(&f);
}
END_TEST

START_TEST(test_v2_pendsgir)
{
    struct fx f = v2_default();
    dwr(&f, 0, GICD_CTLR, 4, 1);
    /* SPENDSGIR: byte i sets sources of the accessor's SGI i, latches and queues. */
    dwr(&f, 1, GICD_SPENDSGIR + 2, 1, 0x09);
    ck_assert_uint_eq(sgi_source(&f, 1, 2), 0x09);
    ck_assert(irq(&f, 1, 2)->s.pending_latch);
    ck_assert_uint_eq(sgi_source(&f, 0, 2), 0);
    ck_assert_int_eq(irq(&f, 1, 2)->s.listed_on, 1);
    ck_assert_uint_eq(kicks[1], 1);
    ck_assert_uint_eq(drd(&f, 1, GICD_SPENDSGIR, 4), 0x00090000);
    ck_assert_uint_eq(drd(&f, 1, GICD_SPENDSGIR + 2, 1), 0x09);
    ck_assert_uint_eq(drd(&f, 1, GICD_CPENDSGIR + 2, 1), 0x09);
    ck_assert_uint_eq(drd(&f, 0, GICD_SPENDSGIR, 4), 0);
    /* CPENDSGIR: the latch goes only with the last source. */
    dwr(&f, 1, GICD_CPENDSGIR + 2, 1, 0x01);
    ck_assert_uint_eq(sgi_source(&f, 1, 2), 0x08);
    ck_assert(irq(&f, 1, 2)->s.pending_latch);
    dwr(&f, 1, GICD_CPENDSGIR, 4, 0x08080808);
    ck_assert_uint_eq(sgi_source(&f, 1, 2), 0);
    ck_assert(!irq(&f, 1, 2)->s.pending_latch);
    /* 32-bit access: four SGIs per word. */
    dwr(&f, 2, GICD_SPENDSGIR + 4, 4, 0x01000200);
    ck_assert_uint_eq(sgi_source(&f, 2, 5), 0x02);
    ck_assert_uint_eq(sgi_source(&f, 2, 7), 0x01);
    ck_assert(!irq(&f, 2, 4)->s.pending_latch);
    ck_assert(!irq(&f, 2, 6)->s.pending_latch);
    ck_assert_uint_eq(drd(&f, 2, GICD_SPENDSGIR + 4, 4), 0x01000200);
    ck_assert_uint_eq(drd(&f, 2, GICD_SPENDSGIR + 12, 4), 0);
    /* 16-bit and misaligned accesses are RAZ/WI. */
    dwr(&f, 2, GICD_SPENDSGIR + 8, 2, 0x0101);
    ck_assert_uint_eq(sgi_source(&f, 2, 8), 0);
    dwr(&f, 2, GICD_SPENDSGIR + 9, 4, 0x01010101);
    ck_assert_uint_eq(sgi_source(&f, 2, 9), 0);
    ck_assert_uint_eq(drd(&f, 2, GICD_SPENDSGIR + 5, 4), 0);
    ck_assert_uint_eq(drd(&f, 2, GICD_SPENDSGIR + 4, 2), 0);
    fx_close(&f);
}
END_TEST

static Suite *ref_mmio_suite(void)
{
    Suite *s = suite_create("ref_mmio");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, test_tables_sorted_and_found);
    tcase_add_test(tc, test_intid_from_offset);
    suite_add_tcase(s, tc);

    tc = tcase_create("v2");
    tcase_add_test(tc, test_v2_id_registers);
    tcase_add_test(tc, test_v2_ctlr_enable_and_kick);
    tcase_add_test(tc, test_v2_ctlr_enable_kicks_only_signallable);
    tcase_add_test(tc, test_v2_raz_wi_rules);
    tcase_add_test(tc, test_v2_banking);
    tcase_add_test(tc, test_v2_enable_semantics);
    tcase_add_test(tc, test_v2_pending_semantics);
    tcase_add_test(tc, test_hw_mapped_pending_active);
    tcase_add_test(tc, test_v2_active_semantics);
    tcase_add_test(tc, test_v2_halt_forces_running_vcpus_out);
    tcase_add_test(tc, test_v2_group);
    tcase_add_test(tc, test_priority_masking);
    tcase_add_test(tc, test_priority_no_requeue);
    tcase_add_test(tc, test_v2_itargetsr);
    tcase_add_test(tc, test_icfgr);
    tcase_add_test(tc, test_v2_sgir);
    tcase_add_test(tc, test_v2_pendsgir);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(ref_mmio_suite()); }
