/* The GICv2 distributor as KVM emulates it (vgic-mmio-v2.c; reference section 3.4).
 * Private registers (word 0 of the 1-bit registers, IPRIORITYR0-7, ITARGETSR0-7,
 * ICFGR0-1, the SGI pending-source bytes) are banked by the accessing vCPU. Offsets
 * without a region, the ID registers (0xFD0-0xFFF) included, are RAZ/WI. */
#include "ref/ref_mmio.h"

enum {
    V2_CTLR_ENABLE = 1u << 0,         /* GICD_CTLR.Enable: the only bit implemented */
    V2_TYPER_CPUNUMBER_SHIFT = 5,     /* CPUNumber [7:5] */
    V2_MISC_LEN = 12,                 /* CTLR, TYPER, IIDR */
    V2_SGI_SOURCE_LEN = 16,           /* one source byte per SGI */
};

/* ---- GICD_CTLR, GICD_TYPER, GICD_IIDR ------------------------------------- */

static uint64_t read_misc(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)len;
    const struct ref_model *m = c->m;
    switch (offset) {
    case GICD_CTLR:
        return m->dist_enabled ? V2_CTLR_ENABLE : 0;
    case GICD_TYPER:
        /* ITLinesNumber [4:0] = nr_irqs / 32 - 1; SecurityExtn and LSPI 0. */
        return (gic_nr_irqs(&m->cfg) / 32 - 1) |
               ((m->cfg.vcpus - 1) & 7) << V2_TYPER_CPUNUMBER_SHIFT;
    case GICD_IIDR:
        return REF_GICD_IIDR;
    default:
        return 0;
    }
}

static void write_misc(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len, uint64_t val)
{
    (void)len;
    if (offset != GICD_CTLR)
        return;  /* TYPER and IIDR are read-only */
    bool was_enabled = c->m->dist_enabled;
    c->m->dist_enabled = val & V2_CTLR_ENABLE;
    if (!was_enabled && c->m->dist_enabled)
        ref_kick_vcpus(c->m, c->op);
}

/* ---- GICD_ITARGETSR ---------------------------------------------------------- */

/* Private bytes read the owner's own bit (1 << id, set at reset); SPI bytes what
 * was last written (reset 0, which still delivers to vCPU 0). */
static uint8_t target_byte(const struct ref_irq *irq) { return irq->targets; }

static uint64_t read_target(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return ref_mmio_read_bytes(c, ref_mmio_intid(offset, 8), len, target_byte);
}

/* ITARGETSR0-7 are read-only: an access whose first INTID is private is ignored.
 * Target bits of vCPUs that do not exist are dropped; only the lowest remaining
 * target receives the interrupt. No requeue: the new target counts from the next
 * queueing (or prune). */
static void write_target(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                         uint64_t val)
{
    uint32_t intid = ref_mmio_intid(offset, 8);
    if (intid < GIC_NR_PRIVATE)
        return;
    uint8_t cpu_mask = (uint8_t)((1u << c->m->cfg.vcpus) - 1);
    for (uint32_t i = 0; i < len; i++) {
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        irq->targets = (uint8_t)(val >> (i * 8)) & cpu_mask;
        ref_update_target_v2(c->m, irq);
        ref_lock_release(c->op, &irq->lock);
    }
}

/* ---- GICD_SGIR ------------------------------------------------------------- */

static void write_sgir(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len, uint64_t val)
{
    (void)offset, (void)len;
    ref_sgi_v2(c->m, c->op, c->requester, (uint32_t)val);
}

/* ---- GICD_CPENDSGIR / GICD_SPENDSGIR ---------------------------------------- */

/* Byte i of the 16-byte block is the pending-source bitmap of the accessor's SGI i.
 * Sources already moved into an LR are not shown. */
static uint8_t source_byte(const struct ref_irq *irq) { return irq->source; }

static uint64_t read_sgipend(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return ref_mmio_read_bytes(c, offset & (V2_SGI_SOURCE_LEN - 1), len, source_byte);
}

static void write_sgipendc(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                           uint64_t val)
{
    uint32_t intid = offset & (V2_SGI_SOURCE_LEN - 1);
    for (uint32_t i = 0; i < len; i++) {
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        irq->source &= (uint8_t)~(val >> (i * 8));
        if (!irq->source)
            irq->pending_latch = false;
        ref_lock_release(c->op, &irq->lock);
    }
}

/* Every byte of the access is visited, zero bytes included: an SGI that still has
 * sources is (re)latched and goes through the queue procedure. */
static void write_sgipends(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                           uint64_t val)
{
    uint32_t intid = offset & (V2_SGI_SOURCE_LEN - 1);
    for (uint32_t i = 0; i < len; i++) {
        struct ref_irq *irq = ref_mmio_irq(c, intid + i);
        if (!irq)
            continue;
        ref_lock_acquire(c->m, c->op, &irq->lock);
        irq->source |= (uint8_t)(val >> (i * 8));
        if (irq->source) {
            irq->pending_latch = true;
            ref_queue_irq_unlock(c->m, c->op, irq);
        } else {
            ref_lock_release(c->op, &irq->lock);
        }
    }
}

/* ---- the table --------------------------------------------------------------- */

const struct ref_mmio_region ref_v2_dist_regions[] = {
    REF_REGION_LEN(GICD_CTLR, V2_MISC_LEN, REF_ACCESS_32, read_misc, write_misc),
    REF_REGION_BPI(GICD_IGROUPR, 1, REF_ACCESS_32, ref_mmio_read_group, ref_mmio_write_group),
    REF_REGION_BPI(GICD_ISENABLER, 1, REF_ACCESS_32, ref_mmio_read_enable, ref_mmio_write_senable),
    REF_REGION_BPI(GICD_ICENABLER, 1, REF_ACCESS_32, ref_mmio_read_enable, ref_mmio_write_cenable),
    REF_REGION_BPI(GICD_ISPENDR, 1, REF_ACCESS_32, ref_mmio_read_pending, ref_mmio_write_spending),
    REF_REGION_BPI(GICD_ICPENDR, 1, REF_ACCESS_32, ref_mmio_read_pending, ref_mmio_write_cpending),
    REF_REGION_BPI(GICD_ISACTIVER, 1, REF_ACCESS_32, ref_mmio_read_active, ref_mmio_write_sactive),
    REF_REGION_BPI(GICD_ICACTIVER, 1, REF_ACCESS_32, ref_mmio_read_active, ref_mmio_write_cactive),
    REF_REGION_BPI(GICD_IPRIORITYR, 8, REF_ACCESS_8 | REF_ACCESS_32, ref_mmio_read_priority,
                   ref_mmio_write_priority),
    REF_REGION_BPI(GICD_ITARGETSR, 8, REF_ACCESS_8 | REF_ACCESS_32, read_target, write_target),
    REF_REGION_BPI(GICD_ICFGR, 2, REF_ACCESS_32, ref_mmio_read_config, ref_mmio_write_config),
    REF_REGION_LEN(GICD_SGIR, 4, REF_ACCESS_32, ref_mmio_read_raz, write_sgir),
    REF_REGION_LEN(GICD_CPENDSGIR, V2_SGI_SOURCE_LEN, REF_ACCESS_8 | REF_ACCESS_32, read_sgipend,
                   write_sgipendc),
    REF_REGION_LEN(GICD_SPENDSGIR, V2_SGI_SOURCE_LEN, REF_ACCESS_8 | REF_ACCESS_32, read_sgipend,
                   write_sgipends),
};
const size_t ref_v2_dist_nregions = sizeof(ref_v2_dist_regions) / sizeof(ref_v2_dist_regions[0]);
