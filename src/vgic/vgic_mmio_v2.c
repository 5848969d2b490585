/* SPDX-License-Identifier: GPL-2.0-only */
/* The GICv2 distributor as KVM emulates it (vgic-mmio-v2.c; reference section 3.4).
 * Private registers (word 0 of the 1-bit registers, IPRIORITYR0-7, ITARGETSR0-7,
 * ICFGR0-1, the SGI pending-source bytes) are banked by the accessing vCPU. Offsets
 * without a region, the ID registers (0xFD0-0xFFF) included, are RAZ/WI. */
#include "vgic/vgic_mmio.h"
#include "vgic/vgic_uaccess.h"

enum {
    V2_CTLR_ENABLE = 1u << 0,         /* GICD_CTLR.Enable: the only bit implemented */
    V2_TYPER_CPUNUMBER_SHIFT = 5,     /* CPUNumber [7:5] */
    V2_MISC_LEN = 12,                 /* CTLR, TYPER, IIDR */
    V2_SGI_SOURCE_LEN = 16,           /* one source byte per SGI */
};

/* ---- GICD_CTLR, GICD_TYPER, GICD_IIDR ------------------------------------- */

static uint64_t read_misc(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)len;
    switch (offset) {
    case GICD_CTLR:
        return c->be->dist_enabled(c->model) ? V2_CTLR_ENABLE : 0;
    case GICD_TYPER:
        /* ITLinesNumber [4:0] = nr_irqs / 32 - 1; SecurityExtn and LSPI 0. */
        return (gic_nr_irqs(c->cfg) / 32 - 1) |
               ((c->cfg->vcpus - 1) & 7) << V2_TYPER_CPUNUMBER_SHIFT;
    case GICD_IIDR:
        return vgic_gicd_iidr(c->be->dist_state(c->model)->implementation_rev);
    default:
        return 0;
    }
}

/* Enabling kicks the vCPUs that have pending interrupts listed. */
void vgic_v2_write_misc(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                        uint64_t val)
{
    (void)len;
    if (offset != GICD_CTLR)
        return;  /* TYPER and IIDR are read-only */
    bool was_enabled = c->be->dist_enabled(c->model);
    bool enabled = val & V2_CTLR_ENABLE;
    c->be->set_dist_enabled(c->model, c->op, enabled);
    if (!was_enabled && enabled)
        c->be->kick_vcpus(c->model, c->op);
}

/* ---- GICD_ITARGETSR ---------------------------------------------------------- */

/* Private bytes read the owner's own bit (1 << id, set at reset); SPI bytes what was
 * last written (reset 0, which still delivers to vCPU 0). */
static uint8_t target_byte(const struct vgic_irq_state *irq) { return irq->targets; }

static uint64_t read_target(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return vgic_mmio_read_bytes(c, vgic_mmio_intid(offset, 8), len, target_byte);
}

struct target_arg {
    uint8_t targets;
};

static bool change_target(struct vgic_irq_state *irq, const void *arg)
{
    irq->targets = ((const struct target_arg *)arg)->targets;
    irq->target = vgic_v2_route(irq->targets);
    return false;
}

/* ITARGETSR0-7 are read-only: an access whose first INTID is private is ignored. Target
 * bits of vCPUs that do not exist are dropped; only the lowest remaining target receives
 * the interrupt. No requeue: the new target counts from the next queueing (or prune). */
static void write_target(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                         uint64_t val)
{
    uint32_t intid = vgic_mmio_intid(offset, 8);
    if (intid < GIC_NR_PRIVATE)
        return;
    for (uint32_t i = 0; i < len; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct target_arg arg = {
            (uint8_t)(val >> (i * 8)) & vgic_v2_targets_mask(c->cfg->vcpus),
        };
        c->be->update(c->model, c->op, irq, change_target, &arg);
    }
}

/* ---- GICD_SGIR ------------------------------------------------------------- */

static void write_sgir(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len, uint64_t val)
{
    (void)offset, (void)len;
    c->be->sgir(c->model, c->op, c->requester, (uint32_t)val);
}

/* ---- GICD_CPENDSGIR / GICD_SPENDSGIR ---------------------------------------- */

/* Byte i of the 16-byte block is the pending-source bitmap of the accessor's SGI i.
 * Sources already moved into an LR are not shown. */
static uint8_t source_byte(const struct vgic_irq_state *irq) { return irq->source; }

static uint64_t read_sgipend(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return vgic_mmio_read_bytes(c, offset & (V2_SGI_SOURCE_LEN - 1), len, source_byte);
}

struct sources_arg {
    uint8_t sources;
};

static bool clear_sources(struct vgic_irq_state *irq, const void *arg)
{
    irq->source &= (uint8_t)~((const struct sources_arg *)arg)->sources;
    if (!irq->source)
        irq->pending_latch = false;
    return false;
}

/* An SGI that still has sources is (re)latched and goes through the queue procedure. */
static bool set_sources(struct vgic_irq_state *irq, const void *arg)
{
    irq->source |= ((const struct sources_arg *)arg)->sources;
    if (!irq->source)
        return false;
    irq->pending_latch = true;
    return true;
}

/* Every byte of the access is visited, zero bytes included. */
static void write_sgipend(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val, vgic_irq_change_fn *change)
{
    uint32_t intid = offset & (V2_SGI_SOURCE_LEN - 1);
    for (uint32_t i = 0; i < len; i++) {
        void *irq = c->be->irq(c->model, c->op, c->bank, intid + i);
        if (!irq)
            continue;
        struct sources_arg arg = {(uint8_t)(val >> (i * 8))};
        c->be->update(c->model, c->op, irq, change, &arg);
    }
}

static void write_sgipendc(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                           uint64_t val)
{
    write_sgipend(c, offset, len, val, clear_sources);
}

static void write_sgipends(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                           uint64_t val)
{
    write_sgipend(c, offset, len, val, set_sources);
}

/* ---- the table --------------------------------------------------------------- */

#define A8 VGIC_ACCESS_8
#define A32 VGIC_ACCESS_32

/* The VMM's handlers (vgic_uaccess.c) where KVM has them; the pending and active reads
 * serve both, told apart by the context's is_user. */
const struct vgic_region vgic_v2_dist_regions[] = {
    VGIC_REGION_LEN_U(GICD_CTLR, V2_MISC_LEN, A32, VGIC_REG_MISC, read_misc, vgic_v2_write_misc,
                      NULL, vgic_uaccess_write_v2_misc),
    VGIC_REGION_BPI_U(GICD_IGROUPR, 1, A32, VGIC_REG_IGROUPR, vgic_mmio_read_group,
                      vgic_mmio_write_group, NULL, vgic_uaccess_write_group_v2),
    VGIC_REGION_BPI_U(GICD_ISENABLER, 1, A32, VGIC_REG_ISENABLER, vgic_mmio_read_enable,
                      vgic_mmio_write_senable, NULL, vgic_uaccess_write_senable),
    VGIC_REGION_BPI_U(GICD_ICENABLER, 1, A32, VGIC_REG_ICENABLER, vgic_mmio_read_enable,
                      vgic_mmio_write_cenable, NULL, vgic_uaccess_write_cenable),
    VGIC_REGION_BPI_U(GICD_ISPENDR, 1, A32, VGIC_REG_ISPENDR, vgic_mmio_read_pending,
                      vgic_mmio_write_spending, NULL, vgic_uaccess_write_spending),
    VGIC_REGION_BPI_U(GICD_ICPENDR, 1, A32, VGIC_REG_ICPENDR, vgic_mmio_read_pending,
                      vgic_mmio_write_cpending, NULL, vgic_uaccess_write_cpending),
    VGIC_REGION_BPI_U(GICD_ISACTIVER, 1, A32, VGIC_REG_ISACTIVER, vgic_mmio_read_active,
                      vgic_mmio_write_sactive, NULL, vgic_uaccess_write_sactive),
    VGIC_REGION_BPI_U(GICD_ICACTIVER, 1, A32, VGIC_REG_ICACTIVER, vgic_mmio_read_active,
                      vgic_mmio_write_cactive, NULL, vgic_uaccess_write_cactive),
    VGIC_REGION_BPI(GICD_IPRIORITYR, 8, A8 | A32, VGIC_REG_IPRIORITYR, vgic_mmio_read_priority,
                    vgic_mmio_write_priority),
    VGIC_REGION_BPI(GICD_ITARGETSR, 8, A8 | A32, VGIC_REG_ITARGETSR, read_target, write_target),
    VGIC_REGION_BPI(GICD_ICFGR, 2, A32, VGIC_REG_ICFGR, vgic_mmio_read_config,
                    vgic_mmio_write_config),
    VGIC_REGION_LEN(GICD_SGIR, 4, A32, VGIC_REG_SGIR, vgic_mmio_read_raz, write_sgir),
    VGIC_REGION_LEN(GICD_CPENDSGIR, V2_SGI_SOURCE_LEN, A8 | A32, VGIC_REG_CPENDSGIR,
                    read_sgipend, write_sgipendc),
    VGIC_REGION_LEN(GICD_SPENDSGIR, V2_SGI_SOURCE_LEN, A8 | A32, VGIC_REG_SPENDSGIR,
                    read_sgipend, write_sgipends),
};
const size_t vgic_v2_dist_nregions = sizeof(vgic_v2_dist_regions) / sizeof(vgic_v2_dist_regions[0]);
