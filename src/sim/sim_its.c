/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest's side of the ITS: its memory (sim_guest_mem.h, which KVM reads through the
 * model's hooks) and its ITS driver -- the tables a booted driver placed (guest mode
 * `auto`), the commands an `its` step queues, the configuration bytes an `lpi_config`
 * step writes.
 *
 * The driver keeps its own view of the ITS, as Linux's does: where its property table and
 * its command queue are (what the guest last wrote to GICR_PROPBASER and GITS_CBASER, by
 * any trace step, or the boot's layout) and its write offset in the queue. KVM's copy of
 * those registers is the model's business; the guest never reads it back.
 *
 * The layout (guest physical addresses; docs/model.md, "The guest's ITS driver"):
 *   0x4000_0000  the LPI property table, one byte per LPI (PROPBASER.IDbits covers
 *                8192 + gic.lpis INTIDs)
 *   0x4100_0000  the pending tables, vCPU n's at + n * 64 KiB
 *   0x4400_0000  the command queue, 4 pages (512 commands)
 *   0x4500_0000  the device table (GITS_BASER0): 8 pages of 64 KiB, 8-byte entries for
 *                every 16-bit DeviceID
 *   0x4600_0000  the collection table (GITS_BASER1): the same for 16-bit ICIDs
 *   0x1_0000_0000 + (DeviceID mod 65536) * 512 KiB: each device's ITT (room for 65536
 *                8-byte ITEs), which MAPD names when a step leaves `itt_addr` out */
#include <stdlib.h>
#include <string.h>

#include "gic/gic_its.h"
#include "sim/sim_internal.h"
#include "util/xalloc.h"

enum {
    LPI_PROP_DEFAULT = 0xa0 | 1,      /* priority 0xa0, enabled (spec section 2c) */
    LPI_PROP_PRIORITY = 0xfc,         /* priority [7:2] */
    LPI_PROP_ENABLED = 1,             /* enable [0] */
    CMDQ_PAGES = 4,
    TABLE_PAGES_64K = 8,              /* 65536 IDs x 8 bytes */
    ITS_ENTRY_BYTES = 8,
};
#define PROP_TABLE_GPA UINT64_C(0x40000000)
#define PEND_TABLE_GPA UINT64_C(0x41000000)
#define PEND_TABLE_STEP UINT64_C(0x10000)
#define CMDQ_GPA UINT64_C(0x44000000)
#define DEVICE_TABLE_GPA UINT64_C(0x45000000)
#define COLLECTION_TABLE_GPA UINT64_C(0x46000000)
#define ITT_GPA UINT64_C(0x100000000)
#define ITT_STEP UINT64_C(0x80000)

#define REG_VALID (UINT64_C(1) << 63)
/* GICR_PROPBASER and GITS_CBASER: physical address [51:12]. */
#define TABLE_ADDR_MASK (((UINT64_C(1) << 52) - 1) & ~((UINT64_C(1) << 12) - 1))
#define CBASER_SIZE_MASK UINT64_C(0xff)            /* pages - 1 */
#define CWRITER_OFFSET_MASK UINT64_C(0xfffe0)      /* [19:5] */
/* GITS_BASER<n>: Type [58:56], Entry_Size [52:48] (bytes - 1), Page_Size [9:8] (64 KiB:
 * 2), Size [7:0] (pages - 1). */
#define BASER_TYPE(t) ((uint64_t)(t) << 56)
#define BASER_ENTRY_SIZE(b) ((uint64_t)((b) - 1) << 48)
#define BASER_PAGE_64K (UINT64_C(2) << 8)
enum { BASER_TYPE_DEVICE = 1, BASER_TYPE_COLLECTION = 4 };

/* ---- guest memory through the model's hooks ---- */

bool sim_guest_read(void *p, uint64_t gpa, void *buf, uint32_t len)
{
    struct sim *sim = p;
    return guest_mem_read(&sim->mem, gpa, buf, len);
}

void sim_guest_write(void *p, uint64_t gpa, const void *buf, uint32_t len)
{
    struct sim *sim = p;
    guest_mem_write(&sim->mem, gpa, buf, len);
}

/* ---- the driver's layout ---- */

/* PROPBASER.IDbits for the machine's LPIs: INTIDs below 2^(IDbits + 1) are covered. */
static uint32_t prop_idbits(const struct gic_config *gic)
{
    uint64_t need = (uint64_t)GIC_LPI_BASE + gic->lpis;
    uint32_t bits = 14;
    while ((UINT64_C(1) << bits) < need)
        bits++;
    return bits - 1;
}

uint64_t sim_its_itt_of(uint32_t device)
{
    return ITT_GPA + (uint64_t)(device & 0xffff) * ITT_STEP;
}

static uint64_t table_baser(uint64_t gpa, uint32_t type)
{
    return REG_VALID | BASER_TYPE(type) | BASER_ENTRY_SIZE(ITS_ENTRY_BYTES) | BASER_PAGE_64K |
           gpa | (TABLE_PAGES_64K - 1);
}

static void write_prop(struct sim *sim, uint32_t intid, uint8_t byte)
{
    uint64_t gpa = (sim->drv.propbaser & TABLE_ADDR_MASK) + (intid - GIC_LPI_BASE);
    guest_mem_write(&sim->mem, gpa, &byte, 1);
}

void sim_its_boot(struct sim *sim, struct vgic_boot_config *boot)
{
    const struct scenario *s = sim->s;
    if (!s->gic.its)
        return;
    sim->drv.propbaser = PROP_TABLE_GPA | prop_idbits(&s->gic);
    sim->drv.cbaser = REG_VALID | CMDQ_GPA | (CMDQ_PAGES - 1);
    sim->drv.cwriter = 0;
    size_t n = s->its.n_devices;
    sim->boot_devices = xcalloc(n ? n : 1, sizeof(*sim->boot_devices));
    for (size_t i = 0; i < n; i++) {
        const struct scn_its_device *d = &s->its.devices[i];
        sim->boot_devices[i] = (struct vgic_boot_its_device){
            .id = d->id, .events = d->events, .lpi_base = d->lpi_base, .vcpu = d->vcpu,
        };
        /* The driver configures each LPI before mapping it, as Linux does. */
        for (uint32_t e = 0; e < d->events; e++)
            write_prop(sim, d->lpi_base + e, LPI_PROP_DEFAULT);
    }
    sim->boot_its = (struct vgic_boot_its){
        .propbaser = sim->drv.propbaser,
        .pendbaser = {PEND_TABLE_GPA, PEND_TABLE_STEP},
        .cbaser = sim->drv.cbaser,
        .baser_device = table_baser(DEVICE_TABLE_GPA, BASER_TYPE_DEVICE),
        .baser_collection = table_baser(COLLECTION_TABLE_GPA, BASER_TYPE_COLLECTION),
        .devices = sim->boot_devices,
        .n_devices = (uint32_t)n,
    };
    boot->its = &sim->boot_its;
}

/* ---- what the guest wrote to the registers the driver keeps ---- */

/* `reg` with the bytes of a `width_bits` access at byte `byte` of it replaced. */
static uint64_t merge_access(uint64_t reg, uint32_t byte, uint32_t width_bits, uint64_t value)
{
    uint64_t mask = width_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << width_bits) - 1;
    uint32_t shift = 8 * byte;
    return (reg & ~(mask << shift)) | ((value & mask) << shift);
}

/* Does a `width_bits` access at `offset` touch the 64-bit register at `reg`? */
static bool touches(uint32_t offset, uint32_t width_bits, uint32_t reg)
{
    return offset >= reg && offset + width_bits / 8 <= reg + 8;
}

void sim_its_note_write(struct sim *sim, enum gic_frame frame, uint32_t offset,
                        uint32_t width_bits, uint64_t value)
{
    if (!sim->s->gic.its)
        return;
    struct sim_its_driver *d = &sim->drv;
    if (frame == GIC_FRAME_GICR && touches(offset, width_bits, GICR_PROPBASER)) {
        d->propbaser = merge_access(d->propbaser, offset - GICR_PROPBASER, width_bits, value);
    } else if (frame == GIC_FRAME_GITS && touches(offset, width_bits, GITS_CBASER)) {
        /* Programming the queue empties it (KVM resets CREADR and CWRITER too). */
        d->cbaser = merge_access(d->cbaser, offset - GITS_CBASER, width_bits, value);
        d->cwriter = 0;
    } else if (frame == GIC_FRAME_GITS && touches(offset, width_bits, GITS_CWRITER)) {
        d->cwriter = merge_access(d->cwriter, offset - GITS_CWRITER, width_bits, value);
    }
}

/* ---- the steps ---- */

static uint64_t queue_bytes(const struct sim_its_driver *d)
{
    return ((d->cbaser & CBASER_SIZE_MASK) + 1) * GUEST_MEM_PAGE;
}

void sim_its_queue_command(struct sim *sim, const struct gic_its_cmd *given)
{
    struct sim_its_driver *d = &sim->drv;
    struct gic_its_cmd cmd = *given;
    if (cmd.opcode == GIC_ITS_MAPD && cmd.itt_addr == 0)
        cmd.itt_addr = sim_its_itt_of(cmd.device);
    uint64_t words[GIC_ITS_CMD_WORDS];
    gic_its_cmd_encode(&cmd, words);
    uint8_t bytes[GIC_ITS_CMD_SIZE];
    for (int w = 0; w < GIC_ITS_CMD_WORDS; w++)
        for (int b = 0; b < 8; b++)
            bytes[8 * w + b] = (uint8_t)(words[w] >> (8 * b));
    uint64_t size = queue_bytes(d);
    uint64_t off = d->cwriter & CWRITER_OFFSET_MASK;
    if (off >= size)
        off = 0;
    guest_mem_write(&sim->mem, (d->cbaser & TABLE_ADDR_MASK) + off, bytes, sizeof(bytes));
    /* The driver moves its own write offset at once (under its lock, in Linux), so that a
     * command another vCPU queues meanwhile takes the next slot; the trapped CWRITER
     * write then publishes the latest offset (sim_its_cwriter). */
    d->cwriter = (off + GIC_ITS_CMD_SIZE) % size;
}

uint64_t sim_its_cwriter(const struct sim *sim) { return sim->drv.cwriter; }

void sim_its_lpi_config(struct sim *sim, const struct scn_lpi_config *c)
{
    uint64_t gpa = (sim->drv.propbaser & TABLE_ADDR_MASK) + (c->intid - GIC_LPI_BASE);
    uint8_t byte = 0;
    guest_mem_read(&sim->mem, gpa, &byte, 1);
    if (c->has_priority)
        byte = (uint8_t)((byte & ~LPI_PROP_PRIORITY) | (c->priority & LPI_PROP_PRIORITY));
    if (c->has_enabled)
        byte = (uint8_t)((byte & ~LPI_PROP_ENABLED) | (c->enabled ? LPI_PROP_ENABLED : 0));
    guest_mem_write(&sim->mem, gpa, &byte, 1);
}

void sim_its_free(struct sim *sim)
{
    guest_mem_free(&sim->mem);
    free(sim->boot_devices);
    sim->boot_devices = NULL;
}
