/* SPDX-License-Identifier: GPL-2.0-only */
/* The GICv3 distributor and redistributors as KVM emulates them (vgic-mmio-v3.c;
 * reference sections 3.5, 3.6 and 4.12), without an ITS: affinity routing is always on
 * (ARE_NS and DS read 1), the distributor's private ranges are RAZ/WI and the private
 * interrupts are reached through each vCPU's redistributor SGI frame, whose handlers act
 * on the redistributor's owner whoever accesses it. Offsets without a region are RAZ/WI
 * (SETLPIR and CLRLPIR among them); the LPI registers' handlers are vgic_its_mmio.c's and
 * act only with an ITS. */
#include "gic/sgi.h"
#include "util/debug_checks.h"
#include "vgic/vgic_its.h"
#include "vgic/vgic_mmio.h"
#include "vgic/vgic_uaccess.h"
#include "vgic/vgic_v4.h"

enum {
    V3_CTLR_ENABLE_G1 = VGIC_V3_CTLR_ENABLE_G1,   /* bit 0 ignored */
    V3_CTLR_ARE_NS = 1u << 4,         /* affinity routing: always on */
    V3_CTLR_DS = 1u << 6,             /* single security state: always */
    V3_TYPER_IDBITS_SHIFT = 19,       /* IDbits [23:19] = INTID bits - 1 */
    V3_INTID_BITS_SPIS = 10,          /* no LPIs without an ITS: 10-bit INTIDs */
    V3_TYPER_LPIS = 1u << 17,         /* with an ITS: LPIs, 16-bit INTIDs */
    V3_MISC_LEN = 16,                 /* CTLR, TYPER, IIDR, TYPER2 */
    GICR_TYPER_PLPIS = 1u << 0,
    GICR_TYPER_LAST = 1u << 4,
    GICR_TYPER_PROCNUM_SHIFT = 8,     /* Processor_Number [23:8] */
    GICR_TYPER_AFFINITY_SHIFT = 32,   /* Affinity_Value [63:32] */
};

_Static_assert((uint32_t)GICD_V3_ID_BASE == (uint32_t)GICR_ID_BASE,
               "the ID-register handler serves both frames at the same offset");

/* ---- shared: ID registers ---------------------------------------------------- */

/* GICD/GICR_PIDR2 reports a GICv3-compliant implementation; the others read 0. */
static uint64_t read_idregs(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)len;
    return offset == GICD_V3_ID_BASE + VGIC_ID_PIDR2 ? VGIC_V3_PIDR2 : 0;
}

/* ---- distributor: GICD_CTLR, GICD_TYPER, GICD_IIDR, GICD_TYPER2 --------------- */

static uint64_t read_misc(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)len;
    switch (offset) {
    case GICD_CTLR:
        return (c->be->dist_enabled(c->model) ? V3_CTLR_ENABLE_G1 : 0) | V3_CTLR_ARE_NS |
               V3_CTLR_DS |
               (c->be->dist_state(c->model)->nassgireq ? VGIC_V3_CTLR_NASSGIREQ : 0);
    case GICD_TYPER:
        /* ITLinesNumber [4:0]; IDbits; CPUNumber 0 (affinity routing); LPIS and
         * 16-bit INTIDs with an ITS; no MBIS or SecurityExtn. */
        if (c->be->its(c->model))
            return (gic_nr_irqs(c->cfg) / 32 - 1) | V3_TYPER_LPIS |
                   (VGIC_ITS_INTID_BITS - 1) << V3_TYPER_IDBITS_SHIFT;
        return (gic_nr_irqs(c->cfg) / 32 - 1) |
               (V3_INTID_BITS_SPIS - 1) << V3_TYPER_IDBITS_SHIFT;
    case GICD_IIDR:
        return vgic_gicd_iidr(c->be->dist_state(c->model)->implementation_rev);
    default:   /* GICD_TYPER2: nASSGIcap on a GICv4.1 host (v5.8+) */
        return vgic_v4_vsgi_capable(c->cfg) ? VGIC_V3_TYPER2_NASSGICAP : 0;
    }
}

/* vgic_v4_disable_vsgis hands the VPT's pending state back to KVM's latch
 * (irq_get_irqchip_state) without queueing it. */
static bool latch_restore(struct vgic_irq_state *irq, const void *arg)
{
    (void)arg;
    irq->pending_latch = true;
    return false;
}

void vgic_mmio_configure_vsgis(const struct vgic_mmio_ctx *c, bool on, bool halt)
{
    struct vgic_v4 *v4 = c->be->v4(c->model);
    VGICSIM_ASSERT(v4 != NULL);
    if (halt)
        c->be->halt_guest(c->model, c->op);
    for (uint32_t v = 0; v < c->cfg->vcpus; v++)
        for (uint32_t sgi = 0; sgi < GIC_NR_SGIS; sgi++) {
            void *irq = c->be->irq(c->model, c->op, v, sgi);
            if (on) {
                struct vgic_irq_state st;
                c->be->read(c->model, c->op, irq, true, &st);
                if (st.pending_latch)
                    c->be->update(c->model, c->op, irq, vgic_change_latch_clear, NULL);
                vgic_v4_sgi_map(v4, v, sgi, st.pending_latch);
            } else if (vgic_v4_sgi_unmap(v4, v, sgi)) {
                c->be->update(c->model, c->op, irq, latch_restore, NULL);
            }
        }
    vgic_v4_set_vsgis(v4, on);
    if (halt)
        c->be->resume_guest(c->model, c->op);
}

/* Only EnableGrp1 is implemented (writing only bit 0 leaves the distributor disabled).
 * Since v5.8 the update runs under kvm->lock; an enabling write kicks the vCPUs that
 * have pending interrupts listed. nASSGIreq (GICv4.1 hosts, v5.8+) changes only when the
 * distributor does not stay enabled across the write; a change moves the SGIs to or from
 * the host's vPEs. On a GICv4.1 host a change of the enable makes KVM reload every vPE
 * (KVM_REQ_RELOAD_GICv4: Group 1 follows the enable) instead of the kick [approximation:
 * vgicsim reloads them at the write, and still kicks the vCPUs with pending interrupts
 * listed where KVM's request IPIs every running vCPU]. */
static void write_misc(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len, uint64_t val)
{
    (void)len;
    if (offset != GICD_CTLR)
        return;
    c->be->mutex_lock(c->model, c->op);
    struct vgic_dist_state *ds = c->be->dist_state(c->model);
    bool was_enabled = c->be->dist_enabled(c->model);
    bool was_hw_sgis = ds->nassgireq;
    bool enabled = val & V3_CTLR_ENABLE_G1;
    c->be->set_dist_enabled(c->model, c->op, enabled);
    bool hw_sgis = vgic_v4_vsgi_capable(c->cfg) && (val & VGIC_V3_CTLR_NASSGIREQ);
    if (was_enabled && enabled)
        hw_sgis = was_hw_sgis;
    ds->nassgireq = hw_sgis;
    if (hw_sgis != was_hw_sgis)
        vgic_mmio_configure_vsgis(c, hw_sgis, true);
    if (c->cfg->direct_injection == GIC_DI_V4_1 && c->be->v4(c->model) && was_enabled != enabled)
        c->be->reload_vpes(c->model, c->op);
    if (!was_enabled && enabled)
        c->be->kick_vcpus(c->model, c->op);
    c->be->mutex_unlock(c->model, c->op);
}

/* ---- distributor: GICD_IROUTER ---------------------------------------------- */

/* The low word holds Aff2.Aff1.Aff0; the upper word (Aff3, IRM) reads 0. */
static uint64_t read_irouter(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    void *irq = c->be->irq(c->model, c->op, c->bank, vgic_mmio_intid(offset, 64));
    if (!irq || (offset & 4))
        return 0;
    struct vgic_irq_state st;
    c->be->read(c->model, c->op, irq, false, &st);
    return vgic_mmio_extract(st.mpidr, offset & 7, len);
}

struct route_arg {
    uint32_t mpidr, vcpus;
};

static bool change_route(struct vgic_irq_state *irq, const void *arg)
{
    const struct route_arg *a = arg;
    irq->mpidr = a->mpidr;
    irq->target = vgic_v3_route(a->mpidr, a->vcpus);
    return false;
}

/* Upper-word writes are ignored. The SPI goes to the vCPU with that affinity, or nowhere
 * (no target: pending but undeliverable until re-routed). No requeue. */
static void write_irouter(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val)
{
    (void)len;
    if (offset & 4)
        return;
    void *irq = c->be->irq(c->model, c->op, c->bank, vgic_mmio_intid(offset, 64));
    if (!irq)
        return;
    struct route_arg arg = {(uint32_t)val & VGIC_IROUTER_AFF_MASK, c->cfg->vcpus};
    c->be->update(c->model, c->op, irq, change_route, &arg);
}

/* ---- redistributor RD_base frame ------------------------------------------- */

/* EnableLPIs exists only with an ITS (without one it reads 0 and writes are ignored);
 * from implementation revision 3 (v5.19) IR and CES read 1 (vgic_mmio_read_v3r_ctlr). */
static uint64_t read_gicr_ctlr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)offset, (void)len;
    struct vgic_its *its = c->be->its(c->model);
    uint64_t value = its && its->lpis_enabled[c->bank] ? VGIC_GICR_CTLR_ENABLE_LPIS : 0;
    if (c->be->dist_state(c->model)->implementation_rev >= VGIC_IMP_REV_3)
        value |= VGIC_GICR_CTLR_IR | VGIC_GICR_CTLR_CES;
    return value;
}

static void write_gicr_ctlr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    (void)offset, (void)len;
    vgic_lpi_write_enable(c, val & VGIC_GICR_CTLR_ENABLE_LPIS);
}

/* GICR_INVLPIR, GICR_INVALLR and GICR_SYNCR exist from v5.19 (4645d11f4a55); before,
 * their offsets are RAZ/WI like any other. */
static bool has_mmio_invalidation(const struct vgic_mmio_ctx *c)
{
    return c->rel.code >= VGIC_RELEASE_IMP_REV_3;
}

static void write_invlpir(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val)
{
    if (has_mmio_invalidation(c))
        vgic_lpi_write_invlpir(c, offset, len, val);
}

static void write_invallr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val)
{
    if (has_mmio_invalidation(c))
        vgic_lpi_write_invallr(c, offset, len, val);
}

static uint64_t read_gicr_iidr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return VGIC_GICR_IIDR;
}

/* 64-bit value, readable whole or by 32-bit halves: Affinity_Value = the owner's
 * Aff2.Aff1.Aff0 (Aff3 0), Processor_Number = its vCPU id, Last on the highest vCPU's
 * redistributor (one contiguous region), PLPIS with an ITS; DirectLPI 0. */
static uint64_t read_gicr_typer(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    uint64_t value = (uint64_t)gic_vcpu_mpidr(c->bank) << GICR_TYPER_AFFINITY_SHIFT;
    value |= (uint64_t)(c->bank & 0xffff) << GICR_TYPER_PROCNUM_SHIFT;
    if (c->bank == c->cfg->vcpus - 1)
        value |= GICR_TYPER_LAST;
    if (c->be->its(c->model))
        value |= GICR_TYPER_PLPIS;
    return vgic_mmio_extract(value, offset & 7, len);
}

/* ---- the tables --------------------------------------------------------------- */

#define A8 VGIC_ACCESS_8
#define A32 VGIC_ACCESS_32
#define A64 VGIC_ACCESS_64
#define RAZ vgic_mmio_read_raz
#define WI vgic_mmio_write_wi

const struct vgic_region vgic_v3_dist_regions[] = {
    VGIC_REGION_LEN_U(GICD_CTLR, V3_MISC_LEN, A32, VGIC_REG_MISC, read_misc, write_misc, NULL,
                      vgic_uaccess_write_v3_misc),
    /* A quirk of every KVM version: GICD_STATUSR reads all ones. */
    VGIC_REGION_LEN(GICD_STATUSR, 4, A32, VGIC_REG_RAO_WI, vgic_mmio_read_rao, WI),
    VGIC_REGION_BPI_SHARED(GICD_IGROUPR, 1, A32, VGIC_REG_IGROUPR, vgic_mmio_read_group,
                           vgic_mmio_write_group),
    VGIC_REGION_BPI_SHARED_U(GICD_ISENABLER, 1, A32, VGIC_REG_ISENABLER,
                             vgic_mmio_read_enable, vgic_mmio_write_senable, NULL,
                             vgic_uaccess_write_senable),
    VGIC_REGION_BPI_SHARED_U(GICD_ICENABLER, 1, A32, VGIC_REG_ICENABLER,
                             vgic_mmio_read_enable, vgic_mmio_write_cenable, NULL,
                             vgic_uaccess_write_cenable),
    VGIC_REGION_BPI_SHARED_U(GICD_ISPENDR, 1, A32, VGIC_REG_ISPENDR, vgic_mmio_read_pending,
                             vgic_mmio_write_spending, NULL, vgic_uaccess_write_spending),
    VGIC_REGION_BPI_SHARED_U(GICD_ICPENDR, 1, A32, VGIC_REG_ICPENDR, vgic_mmio_read_pending,
                             vgic_mmio_write_cpending, vgic_uaccess_read_v3_cpending,
                             vgic_uaccess_write_cpending),
    VGIC_REGION_BPI_SHARED_U(GICD_ISACTIVER, 1, A32, VGIC_REG_ISACTIVER,
                             vgic_mmio_read_active, vgic_mmio_write_sactive, NULL,
                             vgic_uaccess_write_sactive),
    VGIC_REGION_BPI_SHARED_U(GICD_ICACTIVER, 1, A32, VGIC_REG_ICACTIVER,
                             vgic_mmio_read_active, vgic_mmio_write_cactive, NULL,
                             vgic_uaccess_write_cactive),
    VGIC_REGION_BPI_SHARED(GICD_IPRIORITYR, 8, A8 | A32, VGIC_REG_IPRIORITYR,
                           vgic_mmio_read_priority, vgic_mmio_write_priority),
    /* With affinity routing ITARGETSR is entirely RAZ/WI. */
    VGIC_REGION_BPI_SHARED(GICD_ITARGETSR, 8, A8 | A32, VGIC_REG_RAZ_WI, RAZ, WI),
    VGIC_REGION_BPI_SHARED(GICD_ICFGR, 2, A32, VGIC_REG_ICFGR, vgic_mmio_read_config,
                           vgic_mmio_write_config),
    VGIC_REGION_BPI_SHARED(GICD_IGRPMODR, 1, A32, VGIC_REG_RAZ_WI, RAZ, WI),
    VGIC_REGION_BPI_SHARED(GICD_IROUTER, 64, A32 | A64, VGIC_REG_IROUTER, read_irouter,
                           write_irouter),
    VGIC_REGION_LEN(GICD_V3_ID_BASE, VGIC_ID_BLOCK_LEN, A32, VGIC_REG_ID, read_idregs, WI),
};
const size_t vgic_v3_dist_nregions = sizeof(vgic_v3_dist_regions) / sizeof(vgic_v3_dist_regions[0]);

const struct vgic_region vgic_v3_rd_regions[] = {
    /* EnableLPIs only exists with an ITS; IR and CES from revision 3. */
    VGIC_REGION_LEN(GICR_CTLR, 4, A32, VGIC_REG_GICR_CTLR, read_gicr_ctlr, write_gicr_ctlr),
    VGIC_REGION_LEN(GICR_IIDR, 4, A32, VGIC_REG_GICR_IIDR, read_gicr_iidr, WI),
    VGIC_REGION_LEN(GICR_TYPER, 8, A32 | A64, VGIC_REG_GICR_TYPER, read_gicr_typer, WI),
    VGIC_REGION_LEN(GICR_STATUSR, 4, A32, VGIC_REG_RAZ_WI, RAZ, WI),
    /* ProcessorSleep and ChildrenAsleep read 0: a guest's wake-up loop ends at once. */
    VGIC_REGION_LEN(GICR_WAKER, 4, A32, VGIC_REG_RAZ_WI, RAZ, WI),
    /* The LPI registers: RAZ/WI without an ITS (their handlers check). SETLPIR and
     * CLRLPIR (direct LPIs) are not implemented by KVM: RAZ/WI. */
    VGIC_REGION_LEN(GICR_PROPBASER, 8, A32 | A64, VGIC_REG_GICR_LPI, vgic_lpi_read_propbaser,
                    vgic_lpi_write_propbaser),
    VGIC_REGION_LEN(GICR_PENDBASER, 8, A32 | A64, VGIC_REG_GICR_LPI, vgic_lpi_read_pendbaser,
                    vgic_lpi_write_pendbaser),
    VGIC_REGION_LEN(GICR_INVLPIR, 8, A32 | A64, VGIC_REG_GICR_LPI, RAZ, write_invlpir),
    VGIC_REGION_LEN(GICR_INVALLR, 8, A32 | A64, VGIC_REG_GICR_LPI, RAZ, write_invallr),
    VGIC_REGION_LEN(GICR_SYNCR, 4, A32, VGIC_REG_GICR_LPI, vgic_lpi_read_syncr, WI),
    VGIC_REGION_LEN(GICR_ID_BASE, VGIC_ID_BLOCK_LEN, A32, VGIC_REG_ID, read_idregs, WI),
};
const size_t vgic_v3_rd_nregions = sizeof(vgic_v3_rd_regions) / sizeof(vgic_v3_rd_regions[0]);

/* Fixed-length regions (no nr_irqs check) over the owner's INTIDs 0-31. */
const struct vgic_region vgic_v3_sgi_regions[] = {
    VGIC_REGION_LEN(GICR_IGROUPR0, 4, A32, VGIC_REG_IGROUPR, vgic_mmio_read_group,
                    vgic_mmio_write_group),
    VGIC_REGION_LEN_U(GICR_ISENABLER0, 4, A32, VGIC_REG_ISENABLER, vgic_mmio_read_enable,
                      vgic_mmio_write_senable, NULL, vgic_uaccess_write_senable),
    VGIC_REGION_LEN_U(GICR_ICENABLER0, 4, A32, VGIC_REG_ICENABLER, vgic_mmio_read_enable,
                      vgic_mmio_write_cenable, NULL, vgic_uaccess_write_cenable),
    VGIC_REGION_LEN_U(GICR_ISPENDR0, 4, A32, VGIC_REG_ISPENDR, vgic_mmio_read_pending,
                      vgic_mmio_write_spending, NULL, vgic_uaccess_write_spending),
    VGIC_REGION_LEN_U(GICR_ICPENDR0, 4, A32, VGIC_REG_ICPENDR, vgic_mmio_read_pending,
                      vgic_mmio_write_cpending, vgic_uaccess_read_v3_cpending,
                      vgic_uaccess_write_cpending),
    VGIC_REGION_LEN_U(GICR_ISACTIVER0, 4, A32, VGIC_REG_ISACTIVER, vgic_mmio_read_active,
                      vgic_mmio_write_sactive, NULL, vgic_uaccess_write_sactive),
    VGIC_REGION_LEN_U(GICR_ICACTIVER0, 4, A32, VGIC_REG_ICACTIVER, vgic_mmio_read_active,
                      vgic_mmio_write_cactive, NULL, vgic_uaccess_write_cactive),
    VGIC_REGION_LEN(GICR_IPRIORITYR0, GIC_NR_PRIVATE, A8 | A32, VGIC_REG_IPRIORITYR,
                    vgic_mmio_read_priority, vgic_mmio_write_priority),
    /* Reads report SGIs edge, PPIs level; writes only touch SPIs, so none here. */
    VGIC_REGION_LEN(GICR_ICFGR0, 8, A32, VGIC_REG_ICFGR, vgic_mmio_read_config,
                    vgic_mmio_write_config),
    VGIC_REGION_LEN(GICR_IGRPMODR0, 4, A32, VGIC_REG_RAZ_WI, RAZ, WI),
    VGIC_REGION_LEN(GICR_NSACR, 4, A32, VGIC_REG_RAZ_WI, RAZ, WI),
};
const size_t vgic_v3_sgi_nregions = sizeof(vgic_v3_sgi_regions) / sizeof(vgic_v3_sgi_regions[0]);
