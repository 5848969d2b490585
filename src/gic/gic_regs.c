/* SPDX-License-Identifier: GPL-2.0-only */
/* The architectural GIC register catalogue (Arm IHI 0048B for GICv2, IHI 0069 for
 * GICv3): every register a scenario may name, with its frame, offset, natural
 * width and the GIC versions whose memory map contains it.
 *
 * Conventions used by the table:
 *  - An entry with stride 0 is a single register; its name is matched exactly.
 *  - An entry with a non-zero stride is a register array: "NAME<n>" addresses
 *    offset + n * stride. Some arrays have a single element (GICR_ISENABLER0 and
 *    friends): the architecture spells them with a "0" suffix, so they are arrays
 *    of count 1 and accept both "GICR_ISENABLER" and "GICR_ISENABLER0".
 *  - Entries are sorted by frame, then offset. Names are unique across the whole
 *    table, so a name alone identifies an entry; the caller checks `versions`.
 *  - Whether KVM implements a register (many are RAZ/WI in KVM) is not recorded
 *    here: that is the models' business. */
#include "gic/gic_regs.h"

#include <stdint.h>
#include <string.h>

#define V2 GIC_REG_V2
#define V3 GIC_REG_V3
#define V23 (GIC_REG_V2 | GIC_REG_V3)

/* Single 32-bit register. */
#define REG32(n, f, off, ver, what) { n, f, off, 0, 1, 32, ver, what }
/* Single 64-bit register. */
#define REG64(n, f, off, ver, what) { n, f, off, 0, 1, 64, ver, what }
/* Array of 32-bit registers, one word apart. */
#define ARR32(n, f, off, cnt, ver, what) { n, f, off, 4, cnt, 32, ver, what }
/* An identification register (one word of the ID block). */
#define IDREG(n, f, off, ver) REG32(n, f, off, ver, "identification (peripheral and component ID)")

#define D GIC_FRAME_GICD
#define R GIC_FRAME_GICR
#define T GIC_FRAME_GITS
/* Array of 64-bit registers, eight bytes apart. */
#define ARR64(n, f, off, cnt, ver, what) { n, f, off, 8, cnt, 64, ver, what }

const struct gic_reg_desc gic_reg_catalog[] = {
    /* ---- Distributor (GICD), both versions share the low map ---- */
    REG32("GICD_CTLR", D, GICD_CTLR, V23,
          "distributor control: group enables, affinity routing (ARE), RWP"),
    REG32("GICD_TYPER", D, GICD_TYPER, V23,
          "interrupt controller type: number of SPIs and CPUs, ID bits, features"),
    REG32("GICD_IIDR", D, GICD_IIDR, V23,
          "implementer identification: implementer, revision, product"),
    REG32("GICD_TYPER2", D, GICD_TYPER2, V3,
          "interrupt controller type 2: vPE and extended features"),
    REG32("GICD_STATUSR", D, GICD_STATUSR, V3,
          "error reporting status"),
    /* Message-based SPIs (v3). The _SR pair is the Secure variant; with the
     * single security state KVM presents (DS=1) a guest can still name it. */
    REG32("GICD_SETSPI_NSR", D, 0x040, V3,
          "message-based SPI: set pending (Non-secure)"),
    REG32("GICD_CLRSPI_NSR", D, 0x048, V3,
          "message-based SPI: clear pending (Non-secure)"),
    REG32("GICD_SETSPI_SR", D, 0x050, V3,
          "message-based SPI: set pending (Secure)"),
    REG32("GICD_CLRSPI_SR", D, 0x058, V3,
          "message-based SPI: clear pending (Secure)"),
    /* One bit per INTID: 32 words cover INTIDs 0..1023. */
    ARR32("GICD_IGROUPR", D, GICD_IGROUPR, 32, V23,
          "interrupt group, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_ISENABLER", D, GICD_ISENABLER, 32, V23,
          "set-enable, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_ICENABLER", D, GICD_ICENABLER, 32, V23,
          "clear-enable, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_ISPENDR", D, GICD_ISPENDR, 32, V23,
          "set-pending, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_ICPENDR", D, GICD_ICPENDR, 32, V23,
          "clear-pending, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_ISACTIVER", D, GICD_ISACTIVER, 32, V23,
          "set-active, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_ICACTIVER", D, GICD_ICACTIVER, 32, V23,
          "clear-active, one bit per INTID (32n..32n+31)"),
    /* One byte per INTID: IPRIORITYR<n>/ITARGETSR<n>, n = 0..254 (INTIDs
     * 1020..1023 are special, so word 255 does not exist). The v3 map keeps
     * ITARGETSR for legacy (ARE=0) operation; KVM's v3 model makes it RAZ/WI. */
    ARR32("GICD_IPRIORITYR", D, GICD_IPRIORITYR, 255, V23,
          "priority, one byte per INTID (4n..4n+3)"),
    ARR32("GICD_ITARGETSR", D, GICD_ITARGETSR, 255, V23,
          "CPU targets of an SPI, one byte per INTID (4n..4n+3); RAZ/WI with affinity routing"),
    /* Two bits per INTID. */
    ARR32("GICD_ICFGR", D, GICD_ICFGR, 64, V23,
          "configuration, edge or level, two bits per INTID (16n..16n+15)"),
    ARR32("GICD_IGRPMODR", D, GICD_IGRPMODR, 32, V3,
          "group modifier, one bit per INTID (32n..32n+31)"),
    ARR32("GICD_NSACR", D, GICD_NSACR, 64, V23,
          "Non-secure access control, two bits per INTID (16n..16n+15)"),
    /* SGI registers: legacy on v3, kept in the map for ARE=0. */
    REG32("GICD_SGIR", D, GICD_SGIR, V23,
          "software-generated interrupt: sends an SGI to a target list (v2, legacy v3)"),
    ARR32("GICD_CPENDSGIR", D, GICD_CPENDSGIR, 4, V23,
          "SGI clear-pending, one byte per SGI and source CPU (4n..4n+3)"),
    ARR32("GICD_SPENDSGIR", D, GICD_SPENDSGIR, 4, V23,
          "SGI set-pending, one byte per SGI and source CPU (4n..4n+3)"),
    /* GICv2 identification registers (IHI 0048B 4.3.*): ICPIDR4..7 first, then
     * ICPIDR0..3 and ICCIDR0..3, one word each. Named individually (exact-name
     * lookup), so GICD_ICPIDR2 is one register, not index 2 of an array. */
    IDREG("GICD_ICPIDR4", D, GICD_V2_ID_BASE + 0x00, V2),
    IDREG("GICD_ICPIDR5", D, GICD_V2_ID_BASE + 0x04, V2),
    IDREG("GICD_ICPIDR6", D, GICD_V2_ID_BASE + 0x08, V2),
    IDREG("GICD_ICPIDR7", D, GICD_V2_ID_BASE + 0x0c, V2),
    IDREG("GICD_ICPIDR0", D, GICD_V2_ID_BASE + 0x10, V2),
    IDREG("GICD_ICPIDR1", D, GICD_V2_ID_BASE + 0x14, V2),
    IDREG("GICD_ICPIDR2", D, GICD_V2_ID_BASE + 0x18, V2),
    IDREG("GICD_ICPIDR3", D, GICD_V2_ID_BASE + 0x1c, V2),
    IDREG("GICD_ICCIDR0", D, GICD_V2_ID_BASE + 0x20, V2),
    IDREG("GICD_ICCIDR1", D, GICD_V2_ID_BASE + 0x24, V2),
    IDREG("GICD_ICCIDR2", D, GICD_V2_ID_BASE + 0x28, V2),
    IDREG("GICD_ICCIDR3", D, GICD_V2_ID_BASE + 0x2c, V2),
    /* IROUTER<n> routes INTID n (64 bits each). Only n = 32..1019 are SPIs;
     * 0..31 exist in the address map as reserved (RAZ/WI), and a scenario may
     * address them to check exactly that. */
    { "GICD_IROUTER", D, GICD_IROUTER, 8, 1020, 64, V3,
      "routing of SPI n: the affinity of its target vCPU, or any (IRM)" },
    /* GICv3 identification registers, same layout as v2 but at 0xFFD0. */
    IDREG("GICD_PIDR4", D, GICD_V3_ID_BASE + 0x00, V3),
    IDREG("GICD_PIDR5", D, GICD_V3_ID_BASE + 0x04, V3),
    IDREG("GICD_PIDR6", D, GICD_V3_ID_BASE + 0x08, V3),
    IDREG("GICD_PIDR7", D, GICD_V3_ID_BASE + 0x0c, V3),
    IDREG("GICD_PIDR0", D, GICD_V3_ID_BASE + 0x10, V3),
    IDREG("GICD_PIDR1", D, GICD_V3_ID_BASE + 0x14, V3),
    IDREG("GICD_PIDR2", D, GICD_V3_ID_BASE + 0x18, V3),
    IDREG("GICD_PIDR3", D, GICD_V3_ID_BASE + 0x1c, V3),
    IDREG("GICD_CIDR0", D, GICD_V3_ID_BASE + 0x20, V3),
    IDREG("GICD_CIDR1", D, GICD_V3_ID_BASE + 0x24, V3),
    IDREG("GICD_CIDR2", D, GICD_V3_ID_BASE + 0x28, V3),
    IDREG("GICD_CIDR3", D, GICD_V3_ID_BASE + 0x2c, V3),

    /* ---- Redistributor RD_base frame (v3) ---- */
    REG32("GICR_CTLR", R, GICR_CTLR, V3,
          "redistributor control: LPI enable, RWP"),
    REG32("GICR_IIDR", R, GICR_IIDR, V3,
          "redistributor implementer identification"),
    REG64("GICR_TYPER", R, GICR_TYPER, V3,
          "redistributor type: affinity value, processor number, Last"),
    REG32("GICR_STATUSR", R, GICR_STATUSR, V3,
          "redistributor error reporting status"),
    REG32("GICR_WAKER", R, GICR_WAKER, V3,
          "redistributor power management: ProcessorSleep, ChildrenAsleep"),
    /* LPI registers: present in the architecture's map; meaningful only with
     * an ITS (gic.its). */
    REG64("GICR_SETLPIR", R, GICR_SETLPIR, V3,
          "set an LPI pending (direct LPIs)"),
    REG64("GICR_CLRLPIR", R, GICR_CLRLPIR, V3,
          "clear a pending LPI (direct LPIs)"),
    REG64("GICR_PROPBASER", R, GICR_PROPBASER, V3,
          "LPI configuration table base"),
    REG64("GICR_PENDBASER", R, GICR_PENDBASER, V3,
          "LPI pending table base"),
    REG64("GICR_INVLPIR", R, GICR_INVLPIR, V3,
          "invalidate an LPI's cached configuration"),
    REG64("GICR_INVALLR", R, GICR_INVALLR, V3,
          "invalidate every cached LPI configuration"),
    REG32("GICR_SYNCR", R, GICR_SYNCR, V3,
          "redistributor synchronisation: completion of the direct LPI commands"),
    IDREG("GICR_PIDR4", R, GICR_ID_BASE + 0x00, V3),
    IDREG("GICR_PIDR5", R, GICR_ID_BASE + 0x04, V3),
    IDREG("GICR_PIDR6", R, GICR_ID_BASE + 0x08, V3),
    IDREG("GICR_PIDR7", R, GICR_ID_BASE + 0x0c, V3),
    IDREG("GICR_PIDR0", R, GICR_ID_BASE + 0x10, V3),
    IDREG("GICR_PIDR1", R, GICR_ID_BASE + 0x14, V3),
    IDREG("GICR_PIDR2", R, GICR_ID_BASE + 0x18, V3),
    IDREG("GICR_PIDR3", R, GICR_ID_BASE + 0x1c, V3),
    IDREG("GICR_CIDR0", R, GICR_ID_BASE + 0x20, V3),
    IDREG("GICR_CIDR1", R, GICR_ID_BASE + 0x24, V3),
    IDREG("GICR_CIDR2", R, GICR_ID_BASE + 0x28, V3),
    IDREG("GICR_CIDR3", R, GICR_ID_BASE + 0x2c, V3),

    /* ---- Redistributor SGI_base frame (v3), at RD_base + 0x10000 ----
     * The architecture names the one-word registers with a 0 suffix
     * (GICR_ISENABLER0): arrays of count 1 so both spellings work. */
    ARR32("GICR_IGROUPR", R, GICR_IGROUPR0, 1, V3,
          "interrupt group of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_ISENABLER", R, GICR_ISENABLER0, 1, V3,
          "set-enable of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_ICENABLER", R, GICR_ICENABLER0, 1, V3,
          "clear-enable of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_ISPENDR", R, GICR_ISPENDR0, 1, V3,
          "set-pending of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_ICPENDR", R, GICR_ICPENDR0, 1, V3,
          "clear-pending of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_ISACTIVER", R, GICR_ISACTIVER0, 1, V3,
          "set-active of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_ICACTIVER", R, GICR_ICACTIVER0, 1, V3,
          "clear-active of the SGIs and PPIs, one bit per INTID 0..31"),
    ARR32("GICR_IPRIORITYR", R, GICR_IPRIORITYR0, 8, V3,
          "priority of the SGIs and PPIs, one byte per INTID (4n..4n+3)"),   /* INTIDs 0..31 */
    ARR32("GICR_ICFGR", R, GICR_ICFGR0, 2, V3,
          "configuration of the SGIs (n 0) and PPIs (n 1), two bits per INTID"),             /* SGIs, PPIs */
    ARR32("GICR_IGRPMODR", R, GICR_IGRPMODR0, 1, V3,
          "group modifier of the SGIs and PPIs, one bit per INTID 0..31"),
    REG32("GICR_NSACR", R, GICR_NSACR, V3,
          "Non-secure access control of the SGIs and PPIs"),                 /* no "0" in its name */

    /* ---- ITS (v3 with gic.its): control frame, translation frame at +0x10000 ---- */
    REG32("GITS_CTLR", T, GITS_CTLR, V3,
          "ITS control: Enabled, Quiescent"),
    REG32("GITS_IIDR", T, GITS_IIDR, V3,
          "ITS implementer identification"),
    REG64("GITS_TYPER", T, GITS_TYPER, V3,
          "ITS type: physical LPIs, ITT entry size, EventID and DeviceID bits"),
    REG64("GITS_CBASER", T, GITS_CBASER, V3,
          "command queue base address, size and validity"),
    REG64("GITS_CWRITER", T, GITS_CWRITER, V3,
          "command queue write offset: writing it has the ITS process the new commands"),
    REG64("GITS_CREADR", T, GITS_CREADR, V3,
          "command queue read offset: how far the ITS has processed"),
    ARR64("GITS_BASER", T, GITS_BASER, 8, V3,
          "ITS table base: device table (n 0), collection table (n 1), n 2..7 unimplemented"),
    IDREG("GITS_PIDR4", T, GITS_ID_BASE + 0x00, V3),
    IDREG("GITS_PIDR5", T, GITS_ID_BASE + 0x04, V3),
    IDREG("GITS_PIDR6", T, GITS_ID_BASE + 0x08, V3),
    IDREG("GITS_PIDR7", T, GITS_ID_BASE + 0x0c, V3),
    IDREG("GITS_PIDR0", T, GITS_ID_BASE + 0x10, V3),
    IDREG("GITS_PIDR1", T, GITS_ID_BASE + 0x14, V3),
    IDREG("GITS_PIDR2", T, GITS_ID_BASE + 0x18, V3),
    IDREG("GITS_PIDR3", T, GITS_ID_BASE + 0x1c, V3),
    IDREG("GITS_CIDR0", T, GITS_ID_BASE + 0x20, V3),
    IDREG("GITS_CIDR1", T, GITS_ID_BASE + 0x24, V3),
    IDREG("GITS_CIDR2", T, GITS_ID_BASE + 0x28, V3),
    IDREG("GITS_CIDR3", T, GITS_ID_BASE + 0x2c, V3),
    REG32("GITS_TRANSLATER", T, GITS_TRANSLATER, V3,
          "translation register: a device writes its EventID here to send an MSI"),
};

const size_t gic_reg_catalog_size = sizeof(gic_reg_catalog) / sizeof(gic_reg_catalog[0]);

static const struct gic_reg_desc *find_exact(const char *name, size_t len)
{
    for (size_t i = 0; i < gic_reg_catalog_size; i++) {
        const char *n = gic_reg_catalog[i].name;
        if (strlen(n) == len && memcmp(n, name, len) == 0)
            return &gic_reg_catalog[i];
    }
    return NULL;
}

const struct gic_reg_desc *gic_reg_lookup(const char *name, bool *has_index, uint32_t *index)
{
    if (name == NULL)
        return NULL;
    size_t len = strlen(name);

    /* Exact names first: single registers, array base names, and the ID
     * registers whose names end in digits (GICD_PIDR2 is a register of its own). */
    const struct gic_reg_desc *d = find_exact(name, len);
    if (d != NULL) {
        if (has_index)
            *has_index = false;
        if (index)
            *index = 0;
        return d;
    }

    /* Otherwise "BASE<n>": split off the trailing decimal digits. */
    size_t base_len = len;
    while (base_len > 0 && name[base_len - 1] >= '0' && name[base_len - 1] <= '9')
        base_len--;
    size_t ndigits = len - base_len;
    if (ndigits == 0 || base_len == 0)
        return NULL;
    if (ndigits > 1 && name[base_len] == '0')
        return NULL;                      /* "GICD_ISENABLER01": not a spelling */

    uint64_t n = 0;
    for (size_t i = base_len; i < len; i++) {
        n = n * 10 + (uint64_t)(name[i] - '0');
        if (n > UINT32_MAX)
            return NULL;                  /* cannot be an index of anything */
    }

    d = find_exact(name, base_len);
    if (d == NULL || d->stride == 0)      /* only arrays take an index */
        return NULL;
    if (has_index)
        *has_index = true;
    if (index)
        *index = (uint32_t)n;
    return d;
}

const struct gic_reg_desc *gic_reg_at(enum gic_frame frame, enum gic_version version,
                                      uint32_t offset)
{
    uint8_t want = version == GIC_V2 ? GIC_REG_V2 : GIC_REG_V3;
    for (size_t i = 0; i < gic_reg_catalog_size; i++) {
        const struct gic_reg_desc *d = &gic_reg_catalog[i];
        if (d->frame != frame || !(d->versions & want) || offset < d->offset)
            continue;
        uint32_t span = d->stride ? d->stride * d->count : d->width / 8;
        if (offset - d->offset < span)
            return d;
    }
    return NULL;
}

uint32_t gic_frame_size(enum gic_frame frame, enum gic_version version)
{
    switch (frame) {
    case GIC_FRAME_GICD:
        return version == GIC_V2 ? GICD_V2_FRAME_SIZE : GICD_V3_FRAME_SIZE;
    case GIC_FRAME_GICR:
        /* A GICv2 machine has no redistributor: nothing is addressable. */
        return version == GIC_V3 ? GICR_FRAME_SIZE : 0;
    case GIC_FRAME_GITS:
        /* The ITS is GICv3's (whether this machine has one is gic_config's its). */
        return version == GIC_V3 ? GITS_FRAME_SIZE : 0;
    }
    return 0;
}

const char *gic_frame_name(enum gic_frame frame)
{
    switch (frame) {
    case GIC_FRAME_GICD:
        return "gicd";
    case GIC_FRAME_GICR:
        return "gicr";
    case GIC_FRAME_GITS:
        return "gits";
    }
    return "?";
}
