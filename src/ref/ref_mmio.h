/* The reference model's distributor and redistributor registers, table-driven the
 * way KVM's vgic-mmio describes them (reference sections 3 and 4).
 *
 * Each frame has one table of register regions sorted by offset: the GICv2
 * distributor (ref_regs_v2.c), the GICv3 distributor, the GICv3 redistributor's
 * RD_base frame and its SGI_base frame (ref_regs_v3.c). An access is looked up by
 * binary search and checked the way KVM's check_region does (allowed width, natural
 * alignment, and for per-IRQ regions the first INTID covered < nr_irqs); anything
 * else is RAZ/WI. The generic per-IRQ handlers both versions share live in
 * ref_mmio.c, together with the dispatcher ref_mmio_access. */
#ifndef VGICSIM_REF_REF_MMIO_H
#define VGICSIM_REF_REF_MMIO_H

#include <stddef.h>
#include <stdint.h>

#include "ref/ref_internal.h"

/* Allowed access widths of a region (KVM's VGIC_ACCESS_*bit). 16-bit accesses are
 * never allowed. */
enum {
    REF_ACCESS_8 = 1u << 0,
    REF_ACCESS_32 = 1u << 1,
    REF_ACCESS_64 = 1u << 2,
};

/* Who a handler acts for. */
struct ref_mmio_ctx {
    struct ref_model *m;
    struct ref_op *op;           /* the accessing context's clock */
    struct ref_vcpu *vcpu;       /* the bank: the accessor (GICD) or the
                                    redistributor's owner (GICR) */
    struct ref_vcpu *requester;  /* the accessing vCPU */
};

/* `offset` is the accessed offset in the frame (GICR: from RD_base, so SGI-frame
 * offsets include GICR_SGI_BASE), `len` the width in bytes. Handlers that cover
 * IRQs derive the first INTID from the offset (ref_mmio_intid), as KVM derives it
 * from the address. A read returns the value in the low `len` bytes; the
 * dispatcher truncates it, and hands writes their value truncated to `len` bytes. */
typedef uint64_t ref_mmio_read_fn(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len);
typedef void ref_mmio_write_fn(const struct ref_mmio_ctx *c, uint32_t offset, uint32_t len,
                               uint64_t val);

/* One register region (KVM's struct vgic_register_region, guest handlers only). */
struct ref_mmio_region {
    uint32_t offset;             /* first byte, from the frame base (GICR: RD_base) */
    uint32_t length;             /* bytes */
    uint8_t bits_per_irq;        /* 0: fixed-length register(s); 1, 2, 8, 64: per-IRQ
                                    region, INTID-range checked against nr_irqs */
    uint8_t access;              /* REF_ACCESS_* */
    ref_mmio_read_fn *read;
    ref_mmio_write_fn *write;
};

/* A fixed-length region. */
#define REF_REGION_LEN(off, len, acc, rd, wr) \
    { .offset = (off), .length = (len), .bits_per_irq = 0, .access = (acc), .read = (rd), .write = (wr) }
/* A per-IRQ region sized for 1024 INTIDs (bpi x 1024 / 8 bytes). */
#define REF_REGION_BPI(off, bpi, acc, rd, wr)                                            \
    { .offset = (off), .length = (bpi) * 1024u / 8u, .bits_per_irq = (bpi), .access = (acc), \
      .read = (rd), .write = (wr) }
/* GICv3 distributor per-IRQ register: the part covering the private INTIDs 0-31 is
 * RAZ/WI (still width/alignment checked), the rest covers the SPIs (KVM's
 * REGISTER_DESC_WITH_BITS_PER_IRQ_SHARED). Expands to two table entries. */
#define REF_REGION_BPI_SHARED(off, bpi, acc, rd, wr)                                         \
    { .offset = (off), .length = (bpi) * 32u / 8u, .bits_per_irq = (bpi), .access = (acc),   \
      .read = ref_mmio_read_raz, .write = ref_mmio_write_wi },                               \
    { .offset = (off) + (bpi) * 32u / 8u, .length = (bpi) * (1024u - 32u) / 8u,              \
      .bits_per_irq = (bpi), .access = (acc), .read = (rd), .write = (wr) }

/* First INTID covered by an access at `offset` of a per-IRQ register with `bpi` bits
 * per IRQ (KVM's VGIC_ADDR_TO_INTID; relies on frame alignment). */
static inline uint32_t ref_mmio_intid(uint32_t offset, uint32_t bpi)
{
    return ((offset & (bpi * 1024u / 8u - 1u)) * 8u) / bpi;
}

/* Bytes [byte, byte+len) of a little-endian 64-bit register value (KVM's
 * extract_bytes). */
static inline uint64_t ref_mmio_extract(uint64_t data, uint32_t byte, uint32_t len)
{
    data >>= byte * 8u;
    return len >= 8 ? data : data & ((UINT64_C(1) << (len * 8u)) - 1u);
}

/* Identification values. GICD_IIDR = ProductID 0x4B ('K', KVM) [31:24] | Revision
 * [15:12] | Implementer 0x43B (Arm) [11:0]. The classic design (v4.19..v6.18) we
 * follow reports implementation revision 2 (guest-configurable interrupt groups):
 * 0x4B00243B on both versions. Kernels from ~v6.0 default to revision 3
 * (GICR_CTLR.{IR,CES}), which this model does not implement. GICR_IIDR has no
 * revision: 0x4B00043B. */
enum {
    REF_PRODUCT_ID_KVM = 0x4b,
    REF_IMPLEMENTER_ARM = 0x43b,
    REF_IMPLEMENTATION_REV = 2,
    REF_GICD_IIDR = (REF_PRODUCT_ID_KVM << 24) | (REF_IMPLEMENTATION_REV << 12) | REF_IMPLEMENTER_ARM,
    REF_GICR_IIDR = (REF_PRODUCT_ID_KVM << 24) | REF_IMPLEMENTER_ARM,
    REF_V3_PIDR2 = 0x3b,              /* ArchRev 3 [7:4] | JEDEC bits 0xb */
    REF_ID_PIDR2 = 0x18,              /* PIDR2 within the 48-byte ID block (PIDR4..CIDR3) */
    REF_ID_BLOCK_LEN = 0x30,
};

/* ---- table lookup and dispatch (ref_mmio.c) ---- */
const struct ref_mmio_region *ref_mmio_find_region(const struct ref_mmio_region *table,
                                                   size_t n, uint32_t offset);

/* The IRQ `intid` as the handler's bank sees it (private INTIDs resolve to c->vcpu's
 * copy), charging the lookup (COST_EMULATE_IRQ); NULL if it does not exist. */
struct ref_irq *ref_mmio_irq(const struct ref_mmio_ctx *c, uint32_t intid);

/* ---- generic handlers shared by both versions (ref_mmio.c) ---- */
ref_mmio_read_fn ref_mmio_read_raz;
ref_mmio_read_fn ref_mmio_read_rao;
ref_mmio_write_fn ref_mmio_write_wi;
ref_mmio_read_fn ref_mmio_read_group;
ref_mmio_write_fn ref_mmio_write_group;
ref_mmio_read_fn ref_mmio_read_enable;
ref_mmio_write_fn ref_mmio_write_senable;
ref_mmio_write_fn ref_mmio_write_cenable;
ref_mmio_read_fn ref_mmio_read_pending;
ref_mmio_write_fn ref_mmio_write_spending;
ref_mmio_write_fn ref_mmio_write_cpending;
ref_mmio_read_fn ref_mmio_read_active;
ref_mmio_write_fn ref_mmio_write_sactive;
ref_mmio_write_fn ref_mmio_write_cactive;
ref_mmio_read_fn ref_mmio_read_priority;
/* One byte per IRQ from `first_intid` on (IPRIORITYR, ITARGETSR, xPENDSGIR). Lockless,
 * as KVM reads these fields. */
uint64_t ref_mmio_read_bytes(const struct ref_mmio_ctx *c, uint32_t first_intid, uint32_t len,
                             uint8_t (*field)(const struct ref_irq *irq));
ref_mmio_write_fn ref_mmio_write_priority;
ref_mmio_read_fn ref_mmio_read_config;
ref_mmio_write_fn ref_mmio_write_config;

/* ---- the tables (ref_regs_v2.c, ref_regs_v3.c) ---- */
extern const struct ref_mmio_region ref_v2_dist_regions[];
extern const size_t ref_v2_dist_nregions;
extern const struct ref_mmio_region ref_v3_dist_regions[];
extern const size_t ref_v3_dist_nregions;
extern const struct ref_mmio_region ref_v3_rd_regions[];     /* RD_base frame */
extern const size_t ref_v3_rd_nregions;
extern const struct ref_mmio_region ref_v3_sgi_regions[];    /* SGI_base frame */
extern const size_t ref_v3_sgi_nregions;

#endif
