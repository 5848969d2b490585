/* SPDX-License-Identifier: GPL-2.0-only */
/* The ITS's registers (vgic-its.c's its_registers[]) and the redistributors' LPI
 * registers (vgic-mmio-v3.c: GICR_CTLR.EnableLPIs, PROPBASER, PENDBASER, INVLPIR, INVALLR,
 * SYNCR) as KVM emulates them. The GITS frame's table is dispatched by vgic_mmio like the
 * distributor's; GITS_TRANSLATER has no region: a vCPU's write to it is ignored (devices'
 * MSIs reach KVM as KVM_SIGNAL_MSI or irqfd routes, the models' msi operation). */
#include "gic/gic_regs.h"
#include "vgic/vgic_its.h"

enum {
    GITS_CTLR_ENABLED = 1u << 0,
    GITS_CTLR_QUIESCENT = 1u << 31,
    /* PLPIS [0], ITT_entry_size [7:4] = 8 bytes - 1, IDbits [12:8] and Devbits [17:13]:
     * 16 bits each - 1; PTA 0 (processor numbers), CIL 0 (16-bit ICIDs), no VLPIS. */
    GITS_TYPER_VALUE = 1u | 7u << 4 | (VGIC_ITS_EVENTID_BITS - 1) << 8 |
                       (VGIC_ITS_DEVID_BITS - 1) << 13,
    CWRITER_OFFSET_MASK = 0xfffe0,    /* ITS_CMD_OFFSET: bits [19:5] */
    SHAREABILITY_SHIFT = 10,
    SHAREABILITY_OUTER = 2,
    SHAREABILITY_INNER = 1,
    BASER_PAGE_SIZE_SHIFT = 8,
    BASER_PAGE_SIZE_64K = 2,
};
#define FIELD_MASK(hi, lo) ((((UINT64_C(1) << ((hi) - (lo) + 1)) - 1)) << (lo))
#define BASER_VALID (UINT64_C(1) << 63)
#define CBASER_VALID (UINT64_C(1) << 63)
/* The fields a guest cannot change: Type [58:56], Entry_Size [52:48]. */
#define BASER_RO_MASK (FIELD_MASK(58, 56) | FIELD_MASK(52, 48))
#define BASER_INDIRECT (UINT64_C(1) << 62)
/* RES0 bits of the registers KVM keeps (what the architecture reserves). */
#define CBASER_RES0 (FIELD_MASK(62, 62) | FIELD_MASK(58, 56) | FIELD_MASK(52, 52) | \
                     FIELD_MASK(9, 8) | FIELD_MASK(15, 12))
#define PROPBASER_RES0 (FIELD_MASK(63, 59) | FIELD_MASK(55, 52) | FIELD_MASK(6, 5))
#define PENDBASER_RES0 (FIELD_MASK(61, 59) | FIELD_MASK(55, 52) | FIELD_MASK(15, 12) | \
                        FIELD_MASK(6, 0))
#define PENDBASER_PTZ (UINT64_C(1) << 62)

/* update_64bit_reg: a 32-bit access changes its half, a 64-bit one the whole. */
static uint64_t update_64bit(uint64_t reg, uint32_t offset, uint32_t len, uint64_t val)
{
    uint32_t lower = (offset & 4) * 8;
    uint64_t field = len >= 8 ? UINT64_MAX : ((UINT64_C(1) << (len * 8)) - 1);
    return (reg & ~(field << lower)) | ((val & field) << lower);
}

/* vgic_sanitise_shareability: Outer Shareable is treated as Inner Shareable. */
static uint64_t sanitise_shareability(uint64_t reg)
{
    uint64_t sh = reg >> SHAREABILITY_SHIFT & 3;
    if (sh == SHAREABILITY_OUTER)
        reg = (reg & ~(UINT64_C(3) << SHAREABILITY_SHIFT)) |
              (uint64_t)SHAREABILITY_INNER << SHAREABILITY_SHIFT;
    return reg;
}

static struct vgic_its *its_of(const struct vgic_mmio_ctx *c)
{
    return c->be->its(c->model);
}

/* ---- GITS_CTLR -------------------------------------------------------------------- */

/* Quiescent: every queued command has been processed (CREADR == CWRITER), read under
 * the cmd_lock. */
static uint64_t read_ctlr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)offset, (void)len;
    struct vgic_its *its = its_of(c);
    return (its->enabled ? GITS_CTLR_ENABLED : 0) |
           (its->creadr == its->cwriter ? GITS_CTLR_QUIESCENT : 0);
}

/* Enabling is refused (the write ignored) until the device table, the collection table
 * and the command queue are valid; disabling invalidates the translation cache; either
 * way the queue is processed (commands written while disabled run now). */
static void write_ctlr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                       uint64_t val)
{
    (void)offset, (void)len;
    struct vgic_its *its = its_of(c);
    c->be->its_ops->cmd_lock(c->model, c->op);
    bool enable = val & GITS_CTLR_ENABLED;
    if (!its->enabled && enable &&
        (!(its->baser[0] & BASER_VALID) || !(its->baser[1] & BASER_VALID) ||
         !(its->cbaser & CBASER_VALID))) {
        c->be->its_ops->cmd_unlock(c->model, c->op);
        return;
    }
    its->enabled = enable;
    if (!enable) {
        uint32_t dropped = vgic_its_cache_invalidate(its);
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_CACHE_FLUSH, dropped);
    }
    vgic_its_process_commands(c);
    c->be->its_ops->cmd_unlock(c->model, c->op);
}

/* ---- identification ------------------------------------------------------------------ */

static uint64_t read_iidr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return VGIC_ITS_IIDR;
}

static uint64_t read_typer(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c;
    return vgic_mmio_extract(GITS_TYPER_VALUE, offset & 7, len);
}

/* PIDR0..2 and CIDR0..3 as KVM's its_registers give them; the rest read 0. */
static uint64_t read_idregs(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)len;
    switch (offset - GITS_ID_BASE) {
    case 0x00: return 0x40;   /* PIDR4 */
    case 0x10: return 0x92;   /* PIDR0 */
    case 0x14: return 0xb4;   /* PIDR1 */
    case 0x18: return 0x3b;   /* PIDR2: GICv3 */
    case 0x20: return 0x0d;   /* CIDR0 */
    case 0x24: return 0xf0;   /* CIDR1 */
    case 0x28: return 0x05;   /* CIDR2 */
    case 0x2c: return 0xb1;   /* CIDR3 */
    default: return 0;
    }
}

/* ---- the command queue ----------------------------------------------------------------- */

static uint64_t read_cbaser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return vgic_mmio_extract(its_of(c)->cbaser, offset & 7, len);
}

/* Ignored while the ITS is enabled; otherwise a new queue, read from its start. */
static void write_cbaser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                         uint64_t val)
{
    struct vgic_its *its = its_of(c);
    if (its->enabled)
        return;
    c->be->its_ops->cmd_lock(c->model, c->op);
    uint64_t reg = update_64bit(its->cbaser, offset, len, val);
    its->cbaser = sanitise_shareability(reg & ~CBASER_RES0);
    its->creadr = 0;
    its->cwriter = its->creadr;
    c->be->its_ops->cmd_unlock(c->model, c->op);
}

static uint64_t read_cwriter(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return vgic_mmio_extract(its_of(c)->cwriter, offset & 7, len);
}

/* The trapped write that makes KVM process the queue, in the writing vCPU's thread; an
 * offset past the queue's end is dropped entirely. */
static void write_cwriter(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                          uint64_t val)
{
    struct vgic_its *its = its_of(c);
    c->be->its_ops->cmd_lock(c->model, c->op);
    uint64_t reg = update_64bit(its->cwriter, offset, len, val) & CWRITER_OFFSET_MASK;
    if (reg < vgic_its_queue_size(its)) {
        its->cwriter = reg;
        vgic_its_process_commands(c);
    }
    c->be->its_ops->cmd_unlock(c->model, c->op);
}

static uint64_t read_creadr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    return vgic_mmio_extract(its_of(c)->creadr, offset & 7, len);
}

/* ---- GITS_BASER<n> --------------------------------------------------------------------- */

static uint64_t read_baser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    uint32_t n = (offset - GITS_BASER) / 8;
    return n < 2 ? vgic_mmio_extract(its_of(c)->baser[n], offset & 7, len) : 0;
}

/* Only the device table (0) and the collection table (1) exist; ignored while the ITS is
 * enabled. Type and entry size cannot change, pages are 64 KiB, and the collection table
 * is never indirect. Making a table invalid frees what it held, under the ITS mutex. */
static void write_baser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                        uint64_t val)
{
    struct vgic_its *its = its_of(c);
    uint32_t n = (offset - GITS_BASER) / 8;
    if (its->enabled || n >= 2)
        return;
    uint64_t fixed = its->baser[n] & BASER_RO_MASK;
    uint64_t reg = update_64bit(its->baser[n], offset, len, val);
    reg = (reg & ~BASER_RO_MASK) | fixed;
    if (n == 1)
        reg &= ~BASER_INDIRECT;
    reg &= ~(UINT64_C(3) << BASER_PAGE_SIZE_SHIFT);
    reg |= (uint64_t)BASER_PAGE_SIZE_64K << BASER_PAGE_SIZE_SHIFT;
    reg = sanitise_shareability(reg);
    its->baser[n] = reg;
    if (reg & BASER_VALID)
        return;
    c->be->its_ops->its_lock(c->model, c->op);
    if (n == 0)
        vgic_its_free_devices(c);
    else
        vgic_its_free_collections(its);
    c->be->its_ops->its_unlock(c->model, c->op);
}

#define A32 VGIC_ACCESS_32
#define A64 VGIC_ACCESS_64

const struct vgic_region vgic_its_regions[] = {
    VGIC_REGION_LEN(GITS_CTLR, 4, A32, VGIC_REG_GITS, read_ctlr, write_ctlr),
    VGIC_REGION_LEN(GITS_IIDR, 4, A32, VGIC_REG_GITS, read_iidr, vgic_mmio_write_wi),
    VGIC_REGION_LEN(GITS_TYPER, 8, A32 | A64, VGIC_REG_GITS, read_typer, vgic_mmio_write_wi),
    VGIC_REGION_LEN(GITS_CBASER, 8, A32 | A64, VGIC_REG_GITS, read_cbaser, write_cbaser),
    VGIC_REGION_LEN(GITS_CWRITER, 8, A32 | A64, VGIC_REG_GITS, read_cwriter, write_cwriter),
    VGIC_REGION_LEN(GITS_CREADR, 8, A32 | A64, VGIC_REG_GITS, read_creadr, vgic_mmio_write_wi),
    VGIC_REGION_LEN(GITS_BASER, 0x40, A32 | A64, VGIC_REG_GITS, read_baser, write_baser),
    VGIC_REGION_LEN(GITS_ID_BASE, VGIC_ID_BLOCK_LEN, A32, VGIC_REG_ID, read_idregs,
                    vgic_mmio_write_wi),
};
const size_t vgic_its_nregions = sizeof(vgic_its_regions) / sizeof(vgic_its_regions[0]);

/* ---- the redistributors' LPI registers ---------------------------------------------- */

uint64_t vgic_lpi_read_propbaser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    struct vgic_its *its = its_of(c);
    return its ? vgic_mmio_extract(its->propbaser, offset & 7, len) : 0;
}

/* One VM-wide value, reached through every redistributor; a write through one whose
 * LPIs are enabled is ignored. */
void vgic_lpi_write_propbaser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                              uint64_t val)
{
    struct vgic_its *its = its_of(c);
    if (!its || its->lpis_enabled[c->bank])
        return;
    uint64_t reg = update_64bit(its->propbaser, offset, len, val);
    its->propbaser = sanitise_shareability(reg & ~PROPBASER_RES0);
}

/* PTZ reads 0. */
uint64_t vgic_lpi_read_pendbaser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    struct vgic_its *its = its_of(c);
    return its ? vgic_mmio_extract(its->pendbaser[c->bank] & ~PENDBASER_PTZ, offset & 7, len)
               : 0;
}

void vgic_lpi_write_pendbaser(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                              uint64_t val)
{
    struct vgic_its *its = its_of(c);
    if (!its || its->lpis_enabled[c->bank])
        return;
    uint64_t reg = update_64bit(its->pendbaser[c->bank], offset, len, val);
    its->pendbaser[c->bank] = sanitise_shareability(reg & ~PENDBASER_RES0);
}

/* GICR_SYNCR.Busy: invalidations complete within the trapped write, so never busy. */
uint64_t vgic_lpi_read_syncr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len)
{
    (void)c, (void)offset, (void)len;
    return 0;
}

/* GICR_INVLPIR: one LPI reads its configuration again (a mapped one, with the
 * redistributor's LPIs enabled). */
void vgic_lpi_write_invlpir(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    (void)offset, (void)len;
    struct vgic_its *its = its_of(c);
    uint32_t intid = (uint32_t)val;
    if (!its || !its->lpis_enabled[c->bank] || !vgic_its_lpi_known(c, intid))
        return;
    vgic_its_refresh_config(c, intid);
}

/* GICR_INVALLR: INVALL for the redistributor's vCPU. */
void vgic_lpi_write_invallr(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                            uint64_t val)
{
    (void)offset, (void)len, (void)val;
    struct vgic_its *its = its_of(c);
    if (!its || !its->lpis_enabled[c->bank])
        return;
    vgic_its_invall(c, c->bank);
}

/* EnableLPIs 0 -> 1 (vgic_enable_lpis): unless the VMM said the pending table is zero
 * (PTZ), the pending bits of the LPIs targeting this vCPU are read from it. 1 -> 0: the
 * vCPU's LPIs leave its ap_list and the translation cache is invalidated. */
void vgic_lpi_write_enable(const struct vgic_mmio_ctx *c, bool enable)
{
    struct vgic_its *its = its_of(c);
    if (!its || its->lpis_enabled[c->bank] == enable)
        return;
    if (!enable) {
        c->be->its_ops->flush_pending_lpis(c->model, c->op, c->bank);
        uint32_t dropped = vgic_its_cache_invalidate(its);
        c->be->its_ops->work(c->model, c->op, VGIC_ITS_WORK_CACHE_FLUSH, dropped);
        its->lpis_enabled[c->bank] = false;
        return;
    }
    if (!(its->pendbaser[c->bank] & PENDBASER_PTZ))
        vgic_its_sync_pending_table(c, c->bank);
    its->lpis_enabled[c->bank] = true;
}
