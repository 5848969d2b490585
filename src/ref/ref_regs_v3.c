/* The GICv3 distributor and redistributors as KVM emulates them (vgic-mmio-v3.c;
 * reference sections 3.5, 3.6 and 4.12), without an ITS: affinity routing is always
 * on (ARE_NS and DS read 1), the distributor's private ranges are RAZ/WI and the
 * private interrupts are reached through each vCPU's redistributor SGI frame, whose
 * handlers act on the redistributor's owner whoever accesses it. Offsets without a
 * region are RAZ/WI; the LPI registers (PROPBASER, PENDBASER, INVLPIR, INVALLR,
 * SYNCR, SETLPIR, CLRLPIR) are among them. */
#include "ref/ref_mmio.h"

enum {
    V3_CTLR_ENABLE_G1 = 1u << 1,      /* EnableGrp1 (KVM's ENABLE_SS_G1); bit 0 ignored */
    V3_CTLR_ARE_NS = 1u << 4,         /* affinity routing: always on */
    V3_CTLR_DS = 1u << 6,             /* single security state: always */
    V3_TYPER_IDBITS_SHIFT = 19,       /* IDbits [23:19] = INTID bits - 1 */
    V3_INTID_BITS_SPIS = 10,          /* no LPIs without an ITS: 10-bit INTIDs */
    V3_MISC_LEN = 16,                 /* CTLR, TYPER, IIDR, TYPER2 */
    V3_IROUTER_AFF_MASK = 0xffffff,   /* Aff2.Aff1.Aff0; Aff3 and IRM not kept */
    GICR_TYPER_LAST = 1u << 4,
    GICR_TYPER_PROCNUM_SHIFT = 8,     /* Processor_Number [23:8] */
    GICR_TYPER_AFFINITY_SHIFT = 32,   /* Affinity_Value [63:32] */
};

_Static_assert((uint32_t)GICD_V3_ID_BASE == (uint32_t)GICR_ID_BASE,
               "the ID-register handler serves both frames at the same offset");

/* ---- shared: ID registers ---------------------------------------------------- */

/* GICD/GICR_PIDR2 reports a GICv3-compliant implementation; the others read 0. */
static uint64_t read_idregs(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)len;
    return offset == GICD_V3_ID_BASE + REF_ID_PIDR2 ? REF_V3_PIDR2 : 0;
}

/* ---- distributor: GICD_CTLR, GICD_TYPER, GICD_IIDR, GICD_TYPER2 --------------- */

static uint64_t read_misc(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)len;
    const struct ref_model *m = c->m;
    switch (offset) {
    case GICD_CTLR:
        return (m->dist_enabled ? V3_CTLR_ENABLE_G1 : 0) | V3_CTLR_ARE_NS | V3_CTLR_DS;
    case GICD_TYPER:
        /* ITLinesNumber [4:0]; IDbits; CPUNumber 0 (affinity routing); no LPIS,
         * MBIS or SecurityExtn. */
        return (gic_nr_irqs(&m->cfg) / 32 - 1) |
               (V3_INTID_BITS_SPIS - 1) << V3_TYPER_IDBITS_SHIFT;
    case GICD_IIDR:
        return REF_GICD_IIDR;
    default:
        return 0;  /* GICD_TYPER2: no GICv4.1 vSGI support */
    }
}

/* Only EnableGrp1 is implemented (writing only bit 0 leaves the distributor
 * disabled). Since v5.8 the update runs under kvm->lock; an enabling write kicks
 * the vCPUs that have pending interrupts listed. */
static void write_misc(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len, uint64_t val)
{
    (void)len;
    if (offset != GICD_CTLR)
        return;
    struct ref_model *m = c->m;
    ref_lock_acquire(m, c->op, &m->kvm_lock);
    bool was_enabled = m->dist_enabled;
    m->dist_enabled = val & V3_CTLR_ENABLE_G1;
    if (!was_enabled && m->dist_enabled)
        ref_kick_vcpus(m, c->op);
    ref_lock_release(c->op, &m->kvm_lock);
}

/* ---- distributor: GICD_IROUTER ---------------------------------------------- */

/* The low word holds Aff2.Aff1.Aff0; the upper word (Aff3, IRM) reads 0. */
static uint64_t read_irouter(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    const struct ref_irq *irq = ref_mmio_irq(c, ref_mmio_intid(offset, 64));
    if (!irq || (offset & 4))
        return 0;
    return ref_mmio_extract(irq->mpidr, offset & 7, len);
}

/* Upper-word writes are ignored. The SPI goes to the vCPU with that affinity, or
 * nowhere (NULL target: pending but undeliverable until re-routed). No requeue. */
static void write_irouter(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val)
{
    (void)len;
    if (offset & 4)
        return;
    struct ref_irq *irq = ref_mmio_irq(c, ref_mmio_intid(offset, 64));
    if (!irq)
        return;
    ref_lock_acquire(c->m, c->op, &irq->lock);
    irq->mpidr = (uint32_t)val & V3_IROUTER_AFF_MASK;
    ref_update_target_v3(c->m, irq);
    ref_lock_release(c->op, &irq->lock);
}

/* ---- redistributor RD_base frame ------------------------------------------- */

static uint64_t read_gicr_iidr(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return REF_GICR_IIDR;
}

/* 64-bit value, readable whole or by 32-bit halves: Affinity_Value = the owner's
 * Aff2.Aff1.Aff0 (Aff3 0), Processor_Number = its vCPU id, Last on the highest
 * vCPU's redistributor (one contiguous region), PLPIS 0 (no ITS). */
static uint64_t read_gicr_typer(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    const struct ref_vcpu *v = c->vcpu;
    uint64_t value = (uint64_t)(v->mpidr & V3_IROUTER_AFF_MASK) << GICR_TYPER_AFFINITY_SHIFT;
    value |= (uint64_t)(v->id & 0xffff) << GICR_TYPER_PROCNUM_SHIFT;
    if (v->id == c->m->cfg.vcpus - 1)
        value |= GICR_TYPER_LAST;
    return ref_mmio_extract(value, offset & 7, len);
}

/* ---- the tables --------------------------------------------------------------- */

const struct ref_mmio_region ref_v3_dist_regions[] = {
    REF_REGION_LEN(GICD_CTLR, V3_MISC_LEN, REF_ACCESS_32, read_misc, write_misc),
    /* A quirk of every KVM version: GICD_STATUSR reads all ones. */
    REF_REGION_LEN(GICD_STATUSR, 4, REF_ACCESS_32, ref_mmio_read_rao, ref_mmio_write_wi),
    REF_REGION_BPI_SHARED(GICD_IGROUPR, 1, REF_ACCESS_32, ref_mmio_read_group,
                          ref_mmio_write_group),
    REF_REGION_BPI_SHARED(GICD_ISENABLER, 1, REF_ACCESS_32, ref_mmio_read_enable,
                          ref_mmio_write_senable),
    REF_REGION_BPI_SHARED(GICD_ICENABLER, 1, REF_ACCESS_32, ref_mmio_read_enable,
                          ref_mmio_write_cenable),
    REF_REGION_BPI_SHARED(GICD_ISPENDR, 1, REF_ACCESS_32, ref_mmio_read_pending,
                          ref_mmio_write_spending),
    REF_REGION_BPI_SHARED(GICD_ICPENDR, 1, REF_ACCESS_32, ref_mmio_read_pending,
                          ref_mmio_write_cpending),
    REF_REGION_BPI_SHARED(GICD_ISACTIVER, 1, REF_ACCESS_32, ref_mmio_read_active,
                          ref_mmio_write_sactive),
    REF_REGION_BPI_SHARED(GICD_ICACTIVER, 1, REF_ACCESS_32, ref_mmio_read_active,
                          ref_mmio_write_cactive),
    REF_REGION_BPI_SHARED(GICD_IPRIORITYR, 8, REF_ACCESS_8 | REF_ACCESS_32,
                          ref_mmio_read_priority, ref_mmio_write_priority),
    /* With affinity routing ITARGETSR is entirely RAZ/WI. */
    REF_REGION_BPI_SHARED(GICD_ITARGETSR, 8, REF_ACCESS_8 | REF_ACCESS_32, ref_mmio_read_raz,
                          ref_mmio_write_wi),
    REF_REGION_BPI_SHARED(GICD_ICFGR, 2, REF_ACCESS_32, ref_mmio_read_config,
                          ref_mmio_write_config),
    REF_REGION_BPI_SHARED(GICD_IGRPMODR, 1, REF_ACCESS_32, ref_mmio_read_raz, ref_mmio_write_wi),
    REF_REGION_BPI_SHARED(GICD_IROUTER, 64, REF_ACCESS_32 | REF_ACCESS_64, read_irouter,
                          write_irouter),
    REF_REGION_LEN(GICD_V3_ID_BASE, REF_ID_BLOCK_LEN, REF_ACCESS_32, read_idregs,
                   ref_mmio_write_wi),
};
const size_t ref_v3_dist_nregions = sizeof(ref_v3_dist_regions) / sizeof(ref_v3_dist_regions[0]);

const struct ref_mmio_region ref_v3_rd_regions[] = {
    /* EnableLPIs only exists with an ITS: RAZ/WI here. */
    REF_REGION_LEN(GICR_CTLR, 4, REF_ACCESS_32, ref_mmio_read_raz, ref_mmio_write_wi),
    REF_REGION_LEN(GICR_IIDR, 4, REF_ACCESS_32, read_gicr_iidr, ref_mmio_write_wi),
    REF_REGION_LEN(GICR_TYPER, 8, REF_ACCESS_32 | REF_ACCESS_64, read_gicr_typer,
                   ref_mmio_write_wi),
    REF_REGION_LEN(GICR_STATUSR, 4, REF_ACCESS_32, ref_mmio_read_raz, ref_mmio_write_wi),
    /* ProcessorSleep and ChildrenAsleep read 0: a guest's wake-up loop ends at once. */
    REF_REGION_LEN(GICR_WAKER, 4, REF_ACCESS_32, ref_mmio_read_raz, ref_mmio_write_wi),
    REF_REGION_LEN(GICR_ID_BASE, REF_ID_BLOCK_LEN, REF_ACCESS_32, read_idregs, ref_mmio_write_wi),
};
const size_t ref_v3_rd_nregions = sizeof(ref_v3_rd_regions) / sizeof(ref_v3_rd_regions[0]);

/* Fixed-length regions (no nr_irqs check) over the owner's INTIDs 0-31. */
const struct ref_mmio_region ref_v3_sgi_regions[] = {
    REF_REGION_LEN(GICR_IGROUPR0, 4, REF_ACCESS_32, ref_mmio_read_group, ref_mmio_write_group),
    REF_REGION_LEN(GICR_ISENABLER0, 4, REF_ACCESS_32, ref_mmio_read_enable,
                   ref_mmio_write_senable),
    REF_REGION_LEN(GICR_ICENABLER0, 4, REF_ACCESS_32, ref_mmio_read_enable,
                   ref_mmio_write_cenable),
    REF_REGION_LEN(GICR_ISPENDR0, 4, REF_ACCESS_32, ref_mmio_read_pending,
                   ref_mmio_write_spending),
    REF_REGION_LEN(GICR_ICPENDR0, 4, REF_ACCESS_32, ref_mmio_read_pending,
                   ref_mmio_write_cpending),
    REF_REGION_LEN(GICR_ISACTIVER0, 4, REF_ACCESS_32, ref_mmio_read_active,
                   ref_mmio_write_sactive),
    REF_REGION_LEN(GICR_ICACTIVER0, 4, REF_ACCESS_32, ref_mmio_read_active,
                   ref_mmio_write_cactive),
    REF_REGION_LEN(GICR_IPRIORITYR0, GIC_NR_PRIVATE, REF_ACCESS_8 | REF_ACCESS_32,
                   ref_mmio_read_priority, ref_mmio_write_priority),
    /* Reads report SGIs edge, PPIs level; writes only touch SPIs, so none here. */
    REF_REGION_LEN(GICR_ICFGR0, 8, REF_ACCESS_32, ref_mmio_read_config, ref_mmio_write_config),
    REF_REGION_LEN(GICR_IGRPMODR0, 4, REF_ACCESS_32, ref_mmio_read_raz, ref_mmio_write_wi),
    REF_REGION_LEN(GICR_NSACR, 4, REF_ACCESS_32, ref_mmio_read_raz, ref_mmio_write_wi),
};
const size_t ref_v3_sgi_nregions = sizeof(ref_v3_sgi_regions) / sizeof(ref_v3_sgi_regions[0]);
