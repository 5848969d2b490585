/* SPDX-License-Identifier: GPL-2.0-only */
/* Architectural register catalogue: names, frames, offsets and natural widths of the
 * GIC registers a scenario can name (Arm IHI 0048 for v2, IHI 0069 for v3).
 * This is what the architecture defines; how KVM behaves at each offset is the
 * models' business (their own region tables use the offsets defined here). */
#ifndef VGICSIM_GIC_GIC_REGS_H
#define VGICSIM_GIC_GIC_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gic/gic_config.h"

enum gic_frame {
    GIC_FRAME_GICD,   /* distributor */
    GIC_FRAME_GICR,   /* v3 redistributor: RD_base, with the SGI frame at +0x10000 */
    GIC_FRAME_GITS,   /* v3 ITS: the control frame, with the translation frame at +0x10000 */
};

/* Frame sizes in bytes (what a raw `offset:` may address). */
enum {
    GICD_V2_FRAME_SIZE = 0x1000,
    GICD_V3_FRAME_SIZE = 0x10000,
    GICR_FRAME_SIZE = 0x20000,
    GICR_SGI_BASE = 0x10000,
    GITS_FRAME_SIZE = 0x20000,
    GITS_TRANSLATION_BASE = 0x10000,
};

/* Distributor offsets (both versions unless noted). */
enum {
    GICD_CTLR = 0x000,
    GICD_TYPER = 0x004,
    GICD_IIDR = 0x008,
    GICD_TYPER2 = 0x00c,      /* v3 */
    GICD_STATUSR = 0x010,     /* v3 */
    GICD_IGROUPR = 0x080,
    GICD_ISENABLER = 0x100,
    GICD_ICENABLER = 0x180,
    GICD_ISPENDR = 0x200,
    GICD_ICPENDR = 0x280,
    GICD_ISACTIVER = 0x300,
    GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400,
    GICD_ITARGETSR = 0x800,
    GICD_ICFGR = 0xc00,
    GICD_IGRPMODR = 0xd00,    /* v3 */
    GICD_NSACR = 0xe00,
    GICD_SGIR = 0xf00,
    GICD_CPENDSGIR = 0xf10,
    GICD_SPENDSGIR = 0xf20,
    GICD_IROUTER = 0x6000,    /* v3 */
    GICD_V2_ID_BASE = 0xfd0,  /* v2 ICPIDR4..ICCIDR3 */
    GICD_V3_ID_BASE = 0xffd0, /* v3 PIDR4..CIDR3 */
};

/* Redistributor offsets from RD_base (SGI-frame registers include GICR_SGI_BASE). */
enum {
    GICR_CTLR = 0x0000,
    GICR_IIDR = 0x0004,
    GICR_TYPER = 0x0008,
    GICR_STATUSR = 0x0010,
    GICR_WAKER = 0x0014,
    GICR_SETLPIR = 0x0040,
    GICR_CLRLPIR = 0x0048,
    GICR_PROPBASER = 0x0070,
    GICR_PENDBASER = 0x0078,
    GICR_INVLPIR = 0x00a0,
    GICR_INVALLR = 0x00b0,
    GICR_SYNCR = 0x00c0,
    GICR_ID_BASE = 0xffd0,
    GICR_IGROUPR0 = GICR_SGI_BASE + 0x0080,
    GICR_ISENABLER0 = GICR_SGI_BASE + 0x0100,
    GICR_ICENABLER0 = GICR_SGI_BASE + 0x0180,
    GICR_ISPENDR0 = GICR_SGI_BASE + 0x0200,
    GICR_ICPENDR0 = GICR_SGI_BASE + 0x0280,
    GICR_ISACTIVER0 = GICR_SGI_BASE + 0x0300,
    GICR_ICACTIVER0 = GICR_SGI_BASE + 0x0380,
    GICR_IPRIORITYR0 = GICR_SGI_BASE + 0x0400,
    GICR_ICFGR0 = GICR_SGI_BASE + 0x0c00,
    GICR_IGRPMODR0 = GICR_SGI_BASE + 0x0d00,
    GICR_NSACR = GICR_SGI_BASE + 0x0e00,
};

/* ITS offsets from the ITS's base (GITS_TRANSLATER in the translation frame). */
enum {
    GITS_CTLR = 0x0000,
    GITS_IIDR = 0x0004,
    GITS_TYPER = 0x0008,
    GITS_CBASER = 0x0080,
    GITS_CWRITER = 0x0088,
    GITS_CREADR = 0x0090,
    GITS_BASER = 0x0100,      /* GITS_BASER<n>, n = 0..7, 8 bytes apart */
    GITS_ID_BASE = 0xffd0,
    GITS_TRANSLATER = GITS_TRANSLATION_BASE + 0x0040,
};

enum {
    GIC_REG_V2 = 1u << 0,
    GIC_REG_V3 = 1u << 1,
};

/* One named register or register array. Index n addresses offset + n * stride. */
struct gic_reg_desc {
    const char *name;        /* as the architecture spells it, e.g. "GICD_ISENABLER" */
    enum gic_frame frame;
    uint32_t offset;         /* of index 0, from the frame base (GICR: from RD_base) */
    uint32_t stride;         /* bytes from index n to n+1 (0 for a single register) */
    uint32_t count;          /* number of indices (1 for a single register) */
    uint8_t width;           /* natural access width in bits: 32 or 64 */
    uint8_t versions;        /* GIC_REG_V2 | GIC_REG_V3 */
    const char *meaning;     /* one line, for `vgicsim list registers` */
};

/* The whole catalogue, for documentation and tests. */
extern const struct gic_reg_desc gic_reg_catalog[];
extern const size_t gic_reg_catalog_size;

/* Looks a register name up. Accepts the base name ("GICD_ISENABLER") and the name
 * with its index appended ("GICD_ISENABLER1", "GICR_IPRIORITYR6"). On success
 * returns the descriptor; *has_index tells whether the name carried an index, and
 * *index holds it. Names are matched exactly (upper case). Returns NULL when
 * unknown; an index appended to a name is not range-checked here. */
const struct gic_reg_desc *gic_reg_lookup(const char *name, bool *has_index, uint32_t *index);

/* The register (or register array) of `version`'s map that covers the byte at `offset`
 * of `frame`, or NULL if the architecture puts none there. */
const struct gic_reg_desc *gic_reg_at(enum gic_frame frame, enum gic_version version,
                                      uint32_t offset);

/* The frame size a raw offset must stay inside. */
uint32_t gic_frame_size(enum gic_frame frame, enum gic_version version);

const char *gic_frame_name(enum gic_frame frame);

#endif
