/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the reference model's GICv3 distributor and redistributor registers, and
 * what register emulation costs (the region tables and GICv2: test_ref_mmio.c; the
 * fixture: ref_mmio_fixture.h). */
#include "ref_mmio_fixture.h"
#include "test_support.h"

/* ---- GICv3 distributor ------------------------------------------------------ */

START_TEST(test_v3_id_registers)
{
    struct fx f = v3_default();
    /* ARE_NS (bit 4) and DS (bit 6) always read 1. */
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0x50);
    /* ITLinesNumber 2, IDbits 9 (10-bit INTIDs), CPUNumber 0 whatever the vCPUs. */
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER, 4), 2 | 9u << 19);
    ck_assert_uint_eq(drd(&f, 0, GICD_IIDR, 4), 0x4b00343b);   /* revision 3 (6.18) */
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER2, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_STATUSR, 4), 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_STATUSR, 1), 0);  /* 32-bit only */
    dwr(&f, 0, GICD_STATUSR, 4, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_STATUSR, 4), 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_V3_ID_BASE + VGIC_ID_PIDR2, 4), 0x3b);
    for (uint32_t off = GICD_V3_ID_BASE; off < GICD_V3_FRAME_SIZE; off += 4)
        if (off != GICD_V3_ID_BASE + VGIC_ID_PIDR2)
            ck_assert_uint_eq(drd(&f, 0, off, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_V3_ID_BASE + VGIC_ID_PIDR2, 1), 0);
    /* Unmapped v3 offsets: SGIR, NSACR, SETSPI. */
    ck_assert_uint_eq(drd(&f, 0, GICD_SGIR, 4), 0);
    dwr(&f, 0, GICD_SGIR, 4, 2u << 24 | 1);
    ck_assert(!irq(&f, 0, 1)->s.pending_latch);
    ck_assert_uint_eq(drd(&f, 0, GICD_NSACR + 8, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, 0x40, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_SPENDSGIR, 4), 0);
    fx_close(&f);

    struct fx_opts o = {.version = GIC_V3, .vcpus = 2, .spis = GIC_MAX_SPIS};
    f = fx_open(&o);
    ck_assert_uint_eq(drd(&f, 0, GICD_TYPER, 4), 30 | 9u << 19);
    fx_close(&f);
}
END_TEST

START_TEST(test_v3_ctlr)
{
    struct fx f = v3_default();
    /* EnableGrp0 (bit 0) alone leaves the distributor disabled. */
    dwr(&f, 0, GICD_CTLR, 4, 0x1);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0x50);
    ck_assert(!f.m->dist_enabled);
    uint64_t locks = f.m->n.lock_acquisitions;
    dwr(&f, 0, GICD_CTLR, 4, 0x2);
    /* kvm->lock, and the kick check takes every vCPU's ap_list lock. */
    ck_assert_uint_eq(f.m->n.lock_acquisitions, locks + 1 + 20);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0x52);
    ck_assert(f.m->dist_enabled);
    locks = f.m->n.lock_acquisitions;
    dwr(&f, 0, GICD_CTLR, 4, 0x2);  /* no transition: kvm->lock only */
    ck_assert_uint_eq(f.m->n.lock_acquisitions, locks + 1);
    dwr(&f, 0, GICD_CTLR, 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0x52);
    dwr(&f, 0, GICD_CTLR, 4, 0x50);
    ck_assert_uint_eq(drd(&f, 0, GICD_CTLR, 4), 0x50);

    /* Re-enabling kicks a vCPU with an IRQ listed that its runnable test counts: from
     * v5.0 (the default) not active and above PMR. */
    rwr(&f, 0, 7, GICR_ISACTIVER0, 4, bit1(20));   /* lists PPI 20 on vCPU 7 */
    rwr(&f, 0, 7, GICR_ISENABLER0, 4, bit1(20));
    rwr(&f, 0, 7, GICR_ISPENDR0, 4, bit1(20));
    rwr(&f, 0, 7, GICR_ICACTIVER0, 4, bit1(20));
    f.m->vcpus[7].vif.vmcr.pmr = 0xf8;
    uint32_t k = kicks[7];
    dwr(&f, 0, GICD_CTLR, 4, 0x2);
    ck_assert_uint_eq(kicks[7], k + 1);
    fx_close(&f);
}
END_TEST

START_TEST(test_v3_dist_private_raz_wi)
{
    struct fx f = v3_default();
    uint64_t halts = f.m->n.halts;
    /* SGIs are enabled at reset, Group 1 on v3: still RAZ through the distributor. */
    ck_assert_uint_eq(drd(&f, 0, GICD_ISENABLER, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IGROUPR, 4), 0);
    dwr(&f, 0, GICD_ISENABLER, 4, bit1(16));
    ck_assert(!irq(&f, 0, 16)->s.enabled);
    dwr(&f, 0, GICD_ICENABLER, 4, 0xffffffff);
    ck_assert(irq(&f, 0, 1)->s.enabled);
    dwr(&f, 0, GICD_ISPENDR, 4, bit1(20));
    ck_assert(!irq(&f, 0, 20)->s.pending_latch);
    dwr(&f, 0, GICD_ISACTIVER, 4, bit1(20));
    ck_assert(!irq(&f, 0, 20)->s.active);
    ck_assert_uint_eq(drd(&f, 0, GICD_ISACTIVER, 4), 0);
    ck_assert_uint_eq(f.m->n.halts, halts);  /* RAZ/WI: no halt */
    dwr(&f, 0, GICD_IPRIORITYR + 4, 4, 0x80808080);
    dwr(&f, 0, GICD_IPRIORITYR + 31, 1, 0x80);
    ck_assert_uint_eq(irq(&f, 0, 4)->s.priority, 0);
    ck_assert_uint_eq(irq(&f, 0, 31)->s.priority, 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 4, 4), 0);
    /* The SPI part right after works. */
    dwr(&f, 0, GICD_IPRIORITYR + 32, 1, 0x80);
    ck_assert_uint_eq(drd(&f, 0, GICD_IPRIORITYR + 32, 4), 0x80);
    /* ITARGETSR is RAZ/WI everywhere, IGRPMODR too. */
    dwr(&f, 0, GICD_ITARGETSR + 32, 4, 0x01010101);
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR + 32, 4), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_ITARGETSR, 4), 0);
    ck_assert_uint_eq(irq(&f, 0, 32)->s.targets, 0);
    dwr(&f, 0, word1(GICD_IGRPMODR, 32), 4, 0xffffffff);
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_IGRPMODR, 32), 4), 0);
    /* The SPI half of IGROUPR resets to Group 1 on v3. */
    ck_assert_uint_eq(drd(&f, 0, word1(GICD_IGROUPR, 32), 4), 0xffffffff);
    fx_close(&f);
}
END_TEST

START_TEST(test_v3_irouter)
{
    struct fx f = v3_default();
    uint32_t off40 = GICD_IROUTER + 8 * 40;
    ck_assert_uint_eq(drd(&f, 0, off40, 8), 0);
    ck_assert_int_eq(irq(&f, 0, 40)->s.target, 0);
    /* vCPU 17: Aff1 = 1, Aff0 = 1. */
    ck_assert_uint_eq(gic_vcpu_mpidr(17), 0x0101);
    dwr(&f, 0, off40, 4, 0x0101);
    ck_assert_uint_eq(drd(&f, 0, off40, 4), 0x0101);
    ck_assert_uint_eq(drd(&f, 0, off40, 8), 0x0101);
    ck_assert_int_eq(irq(&f, 0, 40)->s.target, 17);
    /* 64-bit write: Aff3 and IRM are not kept. */
    dwr(&f, 0, off40, 8, 0x000000ff80000102ull);
    ck_assert_uint_eq(irq(&f, 0, 40)->s.mpidr, 0x0102);
    ck_assert_uint_eq(drd(&f, 0, off40, 8), 0x0102);
    ck_assert_int_eq(irq(&f, 0, 40)->s.target, 18);
    /* Upper word: reads 0, writes ignored. */
    dwr(&f, 0, off40 + 4, 4, 0x0003);
    ck_assert_uint_eq(drd(&f, 0, off40 + 4, 4), 0);
    ck_assert_uint_eq(irq(&f, 0, 40)->s.mpidr, 0x0102);
    /* No vCPU with that affinity: routed nowhere. */
    dwr(&f, 0, off40, 4, 0x00ff0000);
    ck_assert_uint_eq(drd(&f, 0, off40, 4), 0x00ff0000);
    ck_assert_int_eq(irq(&f, 0, 40)->s.target, VGIC_NO_VCPU);
    struct vgic_irq_snapshot st;
    ref_ops()->irq_state(f.vm, 0, 40, &st);
    ck_assert_int_eq(st.s.target, -1);
    /* A pending, enabled SPI without a target is not delivered. */
    dwr(&f, 0, GICD_CTLR, 4, 0x2);
    dwr(&f, 0, word1(GICD_ISENABLER, 40), 4, bit1(40));
    dwr(&f, 0, word1(GICD_ISPENDR, 40), 4, bit1(40));
    ck_assert_int_eq(irq(&f, 0, 40)->s.listed_on, VGIC_NO_VCPU);
    ck_assert_uint_eq(total_kicks(), 0);
    /* Neither 8-bit nor 16-bit accesses; INTIDs < 32 and >= nr_irqs are RAZ/WI. */
    dwr(&f, 0, off40, 1, 0x01);
    ck_assert_uint_eq(irq(&f, 0, 40)->s.mpidr, 0x00ff0000);
    ck_assert_uint_eq(drd(&f, 0, off40, 2), 0);
    ck_assert_uint_eq(drd(&f, 0, GICD_IROUTER + 8 * 3, 8), 0);
    dwr(&f, 0, GICD_IROUTER + 8 * 3, 8, 0x0101);
    ck_assert_uint_eq(irq(&f, 0, 3)->s.mpidr, 0);
    dwr(&f, 0, GICD_IROUTER + 8 * 96, 8, 0x0101);
    ck_assert_uint_eq(drd(&f, 0, GICD_IROUTER + 8 * 96, 8), 0);
    dwr(&f, 0, GICD_IROUTER + 8 * 95, 8, 0x0101);
    ck_assert_uint_eq(drd(&f, 0, GICD_IROUTER + 8 * 95, 8), 0x0101);
    /* Misaligned 64-bit access. */
    ck_assert_uint_eq(drd(&f, 0, GICD_IROUTER + 8 * 95 + 4, 8), 0);
    fx_close(&f);
}
END_TEST

/* The implementation revision follows the release: 2 up to v5.18, 3 from v5.19
 * (49a1a2c70a7f), which adds GICR_CTLR.{IR,CES}. */
START_TEST(test_v3_revision_by_release)
{
    static const struct { uint32_t release; uint32_t iidr, gicr_ctlr; } rows[] = {
        {419, 0x4b00243b, 0}, {518, 0x4b00243b, 0}, {519, 0x4b00343b, 0x6},
        {618, 0x4b00343b, 0x6}, {619, 0x4b00343b, 0x6},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct fx_opts o = {.version = GIC_V3, .vcpus = 2, .spis = 32,
                            .kvm_release = rows[i].release};
        struct fx f = fx_open(&o);
        ck_assert_uint_eq(drd(&f, 0, GICD_IIDR, 4), rows[i].iidr);
        ck_assert_uint_eq(rrd(&f, 0, 1, GICR_CTLR, 4), rows[i].gicr_ctlr);
        fx_close(&f);
        o.version = GIC_V2;
        f = fx_open(&o);
        ck_assert_uint_eq(drd(&f, 0, GICD_IIDR, 4), rows[i].iidr);
        fx_close(&f);
    }
}
END_TEST

/* ---- GICv3 redistributors ----------------------------------------------------- */

START_TEST(test_v3_rd_frame)
{
    struct fx f = v3_default();
    for (uint32_t r = 0; r < 20; r++) {
        ck_assert_uint_eq(rrd(&f, 0, r, GICR_CTLR, 4), 0x6);   /* IR | CES (revision 3) */
        ck_assert_uint_eq(rrd(&f, 0, r, GICR_IIDR, 4), 0x4b00043b);
        ck_assert_uint_eq(rrd(&f, 0, r, GICR_ID_BASE + VGIC_ID_PIDR2, 4), 0x3b);
    }
    ck_assert_uint_eq(rrd(&f, 0, 0, GICR_ID_BASE, 4), 0);
    /* WAKER: ProcessorSleep/ChildrenAsleep read 0 even after writing them. */
    rwr(&f, 0, 3, GICR_WAKER, 4, 0x6);
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_WAKER, 4), 0);
    rwr(&f, 0, 3, GICR_CTLR, 4, 1);  /* EnableLPIs: no ITS */
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_CTLR, 4), 0x6);
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_STATUSR, 4), 0);
    /* LPI registers and holes. */
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_PROPBASER, 8), 0);
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_PENDBASER, 8), 0);
    ck_assert_uint_eq(rrd(&f, 0, 3, 0x40, 8), 0);
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_SGI_BASE, 4), 0);
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_SGI_BASE + GICR_ID_BASE + VGIC_ID_PIDR2, 4), 0);
    ck_assert_uint_eq(rrd(&f, 0, 3, GICR_IIDR, 1), 0);
    /* Redistributors that do not exist, offsets past the frame. */
    ck_assert_uint_eq(rrd(&f, 0, 20, GICR_IIDR, 4), 0);
    ck_assert_uint_eq(rrd(&f, 0, 0, GICR_FRAME_SIZE + GICR_IIDR, 4), 0);
    fx_close(&f);
}
END_TEST

START_TEST(test_v3_gicr_typer)
{
    struct fx f = v3_default();
    /* vCPU 17: Aff1 1, Aff0 1; Processor_Number 17; not last. */
    ck_assert_uint_eq(rrd(&f, 0, 17, GICR_TYPER, 8), 0x0000010100001100ull);
    ck_assert_uint_eq(rrd(&f, 4, 17, GICR_TYPER, 4), 0x00001100);
    ck_assert_uint_eq(rrd(&f, 4, 17, GICR_TYPER + 4, 4), 0x00000101);
    /* vCPU 19 (the highest) carries Last. */
    ck_assert_uint_eq(rrd(&f, 0, 19, GICR_TYPER, 8), 0x0000010300001310ull);
    ck_assert_uint_eq(rrd(&f, 0, 19, GICR_TYPER, 4), 0x00001310);
    for (uint32_t r = 0; r < 19; r++)
        ck_assert_uint_eq(rrd(&f, 0, r, GICR_TYPER, 8) & 0x10, 0);
    ck_assert_uint_eq(rrd(&f, 0, 0, GICR_TYPER, 8), 0);
    ck_assert_uint_eq(rrd(&f, 0, 2, GICR_TYPER, 8), 0x0000000200000200ull);
    /* Read-only; 8-bit and misaligned reads are RAZ. */
    rwr(&f, 0, 2, GICR_TYPER, 8, 0);
    ck_assert_uint_eq(rrd(&f, 0, 2, GICR_TYPER, 8), 0x0000000200000200ull);
    ck_assert_uint_eq(rrd(&f, 0, 2, GICR_TYPER + 1, 1), 0);
    ck_assert_uint_eq(rrd(&f, 0, 2, GICR_TYPER + 4, 8), 0);
    ck_assert_uint_eq(rrd(&f, 0, 2, GICR_TYPER, 2), 0);
    fx_close(&f);

    struct fx_opts o = {.version = GIC_V3, .vcpus = 1, .spis = 32};
    f = fx_open(&o);
    ck_assert_uint_eq(rrd(&f, 0, 0, GICR_TYPER, 8), 0x10);
    fx_close(&f);
}
END_TEST

START_TEST(test_v3_sgi_frame)
{
    struct fx f = v3_default();
    /* Reset: SGIs enabled, PPIs disabled, everything Group 1. */
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_ISENABLER0, 4), 0xffff);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_IGROUPR0, 4), 0xffffffff);
    /* The owner's IRQs, whoever accesses the frame. */
    rwr(&f, 0, 4, GICR_ISENABLER0, 4, bit1(27));
    ck_assert(irq(&f, 4, 27)->s.enabled);
    ck_assert(!irq(&f, 0, 27)->s.enabled);
    ck_assert_uint_eq(rrd(&f, 9, 4, GICR_ICENABLER0, 4), 0x0800ffff);
    ck_assert_uint_eq(rrd(&f, 4, 0, GICR_ICENABLER0, 4), 0xffff);
    rwr(&f, 1, 4, GICR_ICENABLER0, 4, bit1(0));
    ck_assert(!irq(&f, 4, 0)->s.enabled);
    rwr(&f, 1, 4, GICR_IGROUPR0, 4, 0xffff0000);
    ck_assert_uint_eq(irq(&f, 4, 3)->s.group, 0);
    ck_assert_uint_eq(irq(&f, 1, 3)->s.group, 1);
    ck_assert_uint_eq(rrd(&f, 1, 4, GICR_IGROUPR0, 4), 0xffff0000);
    /* v3 SGI pending bits are writable (only the v2 model makes them WI). */
    rwr(&f, 2, 4, GICR_ISPENDR0, 4, bit1(3) | bit1(18));
    ck_assert(irq(&f, 4, 3)->s.pending_latch);
    ck_assert_uint_eq(rrd(&f, 2, 4, GICR_ICPENDR0, 4), bit1(3) | bit1(18));
    rwr(&f, 2, 4, GICR_ICPENDR0, 4, bit1(3));
    ck_assert_uint_eq(rrd(&f, 2, 4, GICR_ISPENDR0, 4), bit1(18));
    ck_assert_uint_eq(irq(&f, 4, 3)->s.source, 0);
    /* Priorities: 8- and 32-bit, masked. */
    rwr(&f, 0, 4, GICR_IPRIORITYR0 + 27, 1, 0xa7);
    ck_assert_uint_eq(irq(&f, 4, 27)->s.priority, 0xa0);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_IPRIORITYR0 + 24, 4), 0xa0000000);
    rwr(&f, 0, 4, GICR_IPRIORITYR0 + 28, 4, 0xffffffff);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_IPRIORITYR0 + 28, 4), 0xf8f8f8f8);
    ck_assert_uint_eq(rrd(&f, 0, 5, GICR_IPRIORITYR0 + 28, 4), 0);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_IPRIORITYR0 + 32, 4), 0);  /* past the region */
    /* IGRPMODR0 and NSACR are RAZ/WI. */
    rwr(&f, 0, 4, GICR_IGRPMODR0, 4, 0xffffffff);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_IGRPMODR0, 4), 0);
    rwr(&f, 0, 4, GICR_NSACR, 4, 0xffffffff);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_NSACR, 4), 0);
    /* Width rules in the SGI frame. */
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_ISENABLER0, 1), 0);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_ISENABLER0, 8), 0);
    rwr(&f, 0, 4, GICR_ICENABLER0, 2, 0xffff);
    ck_assert_uint_eq(rrd(&f, 0, 4, GICR_ISENABLER0, 4), 0x0800fffe);
    fx_close(&f);
}
END_TEST

START_TEST(test_v3_active)
{
    struct fx f = v3_default();
    uint64_t halts = f.m->n.halts;
    /* The v3 model halts for private IRQs too, reads included. */
    ck_assert_uint_eq(rrd(&f, 0, 2, GICR_ISACTIVER0, 4), 0);
    ck_assert_uint_eq(f.m->n.halts, halts + 1);
    rwr(&f, 0, 2, GICR_ISACTIVER0, 4, bit1(1) | bit1(25));
    ck_assert_uint_eq(f.m->n.halts, halts + 2);
    ck_assert(irq(&f, 2, 1)->s.active);
    ck_assert(!irq(&f, 0, 1)->s.active);
    ck_assert_uint_eq(irq(&f, 2, 1)->s.active_source, 0);  /* v2 SGIs only */
    ck_assert_int_eq(irq(&f, 2, 25)->s.listed_on, 2);
    ck_assert_uint_eq(rrd(&f, 7, 2, GICR_ICACTIVER0, 4), bit1(1) | bit1(25));
    rwr(&f, 7, 2, GICR_ICACTIVER0, 4, bit1(1));
    ck_assert_uint_eq(rrd(&f, 7, 2, GICR_ISACTIVER0, 4), bit1(25));
    ck_assert_uint_eq(f.m->n.halts, halts + 5);
    /* Distributor SPIs. */
    dwr(&f, 0, word1(GICD_ISACTIVER, 70), 4, bit1(70));
    ck_assert(irq(&f, 0, 70)->s.active);
    ck_assert_uint_eq(f.m->n.halts, halts + 6);
    fx_close(&f);
}
END_TEST

/* ---- timing: COST_EMULATE_IRQ per IRQ touched, locks per modification ---------- */

START_TEST(test_timing)
{
    enum { IRQ = 1000, LOCK = 1 };
    struct cost_model costs;
    memset(&costs, 0, sizeof(costs));
    costs.cycles[COST_EMULATE_IRQ] = IRQ;
    costs.cycles[COST_LOCK] = LOCK;
    struct fx_opts o = {.version = GIC_V2, .vcpus = 4, .spis = 64, .costs = &costs};
    struct fx f = fx_open(&o);
    uint64_t t;
#define ELAPSED(stmt) (t = f.now, (stmt), f.now - t)
    /* Set/clear registers pay per set bit. */
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, word1(GICD_ICENABLER, 32), 4, 0x10101)),
                      3 * (IRQ + LOCK));
    /* Set-enable of IRQs that are not pending: the queue procedure only unlocks. */
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, word1(GICD_ISENABLER, 32), 4, 0x3)), 2 * (IRQ + LOCK));
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, word1(GICD_ISENABLER, 32), 4, 0)), 0);
    /* Lockless reads pay per IRQ covered; pending reads lock each IRQ. */
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, word1(GICD_ISENABLER, 32), 4)), 32 * IRQ);
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, word1(GICD_ISPENDR, 32), 4)), 32 * (IRQ + LOCK));
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_IPRIORITYR + 32, 4)), 4 * IRQ);
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_IPRIORITYR + 32, 1)), IRQ);
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_ICFGR + 8, 4)), 16 * IRQ);
    /* Priority/config/target writes: per IRQ covered, one lock each. */
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_IPRIORITYR + 32, 4, 0)), 4 * (IRQ + LOCK));
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_IPRIORITYR + 32, 1, 0)), IRQ + LOCK);
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_ICFGR + 8, 4, 0)), 16 * (IRQ + LOCK));
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_ITARGETSR + 32, 4, 0x01010101)),
                      4 * (IRQ + LOCK));
    /* Skipped private configuration and targets cost nothing per IRQ. */
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_ICFGR + 4, 4, 0)), 0);
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_ITARGETSR, 4, 0)), 0);
    /* IGROUPR writes every IRQ of the word (queue: unlock only here). */
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, word1(GICD_IGROUPR, 32), 4, 0)), 32 * (IRQ + LOCK));
    /* RAZ/WI accesses cost nothing here (the caller charges emulate_reg). */
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_ISENABLER + 4, 1)), 0);
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, word1(GICD_ISENABLER, 96), 4, 0xffffffff)), 0);
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_TYPER, 4)), 0);
    /* Active accesses: kvm->lock plus the per-IRQ work (no vCPU in the guest). */
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, word1(GICD_ICACTIVER, 32), 4, 0x3)),
                      LOCK + 2 * (IRQ + LOCK));
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_ISACTIVER, 4)), LOCK + 32 * IRQ);
    /* SGI source bytes: per byte. */
    ck_assert_uint_eq(ELAPSED(drd(&f, 0, GICD_SPENDSGIR, 4)), 4 * IRQ);
    ck_assert_uint_eq(ELAPSED(dwr(&f, 0, GICD_CPENDSGIR, 4, 0)), 4 * (IRQ + LOCK));
#undef ELAPSED
    /* The trap itself is the caller's: COST_EMULATE_REG once per access. */
    uint64_t traps = f.m->n.mmio_traps;
    drd(&f, 0, 0x0c, 4);
    ck_assert_uint_eq(f.m->n.mmio_traps, traps + 1);
    fx_close(&f);
}
END_TEST

START_TEST(test_lock_contention_is_waited_for)
{
    enum { LOCK = 10 };
    struct cost_model costs;
    memset(&costs, 0, sizeof(costs));
    costs.cycles[COST_LOCK] = LOCK;
    struct fx_opts o = {.version = GIC_V2, .vcpus = 2, .spis = 32, .costs = &costs};
    struct fx f = fx_open(&o);
    /* SPI 40's lock is held until cycle 5000 by another context. */
    irq(&f, 0, 40)->lock.res.free_at = 5000;
    struct vgic_ctx ctx = {.now = 2000, .vcpu = 1};
    uint64_t end = ref_ops()->mmio_write(f.vm, &ctx, GIC_FRAME_GICD, 0,
                                           GICD_IPRIORITYR + 40, 1, 0x80);
    ck_assert_uint_eq(end, 5000 + LOCK);
    ck_assert_uint_eq(irq(&f, 0, 40)->s.priority, 0x80);
    ck_assert_uint_eq(f.m->n.lock_contended, 1);
    fx_close(&f);
}
END_TEST

static Suite *ref_mmio_v3_suite(void)
{
    Suite *s = suite_create("ref_mmio_v3");
    TCase *tc = tcase_create("v3");
    tcase_add_test(tc, test_v3_id_registers);
    tcase_add_test(tc, test_v3_revision_by_release);
    tcase_add_test(tc, test_v3_ctlr);
    tcase_add_test(tc, test_v3_dist_private_raz_wi);
    tcase_add_test(tc, test_v3_irouter);
    tcase_add_test(tc, test_v3_rd_frame);
    tcase_add_test(tc, test_v3_gicr_typer);
    tcase_add_test(tc, test_v3_sgi_frame);
    tcase_add_test(tc, test_v3_active);
    suite_add_tcase(s, tc);

    tc = tcase_create("timing");
    tcase_add_test(tc, test_timing);
    tcase_add_test(tc, test_lock_contention_is_waited_for);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return test_run_suite(ref_mmio_v3_suite()); }
