/* SPDX-License-Identifier: GPL-2.0-only */
/* The distributor and redistributor registers as KVM emulates them (vgic-mmio.c,
 * vgic-mmio-v2.c, vgic-mmio-v3.c; reference sections 3 and 4), shared by both models.
 *
 * Each frame has one table of register regions sorted by offset, with KVM's access
 * rules and the handler of each region: the GICv2 distributor (vgic_mmio_v2.c), the
 * GICv3 distributor, the redistributor's RD_base frame and its SGI_base frame
 * (vgic_mmio_v3.c). vgic_mmio_decode finds the region of an access and checks it the
 * way KVM's check_region does (allowed width, natural alignment, and for per-IRQ regions
 * the first INTID covered < nr_irqs); anything else is RAZ/WI. The simulation uses the
 * same decode to know which interrupts a guest's write raises (vgic_mmio_write_raises).
 *
 * The handlers implement the registers' semantics once, against a model's storage
 * through `struct vgic_backend`: a model says how it looks an interrupt up, how it reads
 * and changes its state (the reference model under its simulated irq_lock, the
 * performance core with atomics), how it queues one, and what halting the guest and
 * kvm->lock cost it. Costs are the backend's business: the handlers only say what KVM
 * does. */
#ifndef VGICSIM_VGIC_VGIC_MMIO_H
#define VGICSIM_VGIC_VGIC_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gic/gic_regs.h"
#include "vgic/vgic_irq.h"
#include "vgic/vgic_release.h"

/* ---- the distributor's own state ------------------------------------------------ */

/* What KVM's struct vgic_dist keeps besides the interrupts and the enable, that the
 * register emulation reads and the VMM may change (each model keeps one, reached through
 * its backend; the VMM changes it with every vCPU out of the guest). */
struct vgic_dist_state {
    uint8_t implementation_rev;     /* GICD_IIDR.Revision (VGIC_IMP_REV_*) */
    bool v2_groups_user_writable;   /* GICv2: the VMM's IGROUPR writes are honoured (set
                                       by any GICD_IIDR write KVM accepts) */
    bool nassgireq;                 /* GICD_CTLR.nASSGIreq: GICv4.1 vSGIs (dist->nassgireq) */
};
/* A new VM's: the release's revision (vgic_init / kvm_vgic_create). */
void vgic_dist_state_init(const struct gic_config *cfg, struct vgic_dist_state *d);

/* ---- the backend a model provides ---------------------------------------------- */

struct vgic_its;
struct vgic_its_ops;
struct vgic_v4;
struct vgic_mmio_ctx;
/* vgic_v4_configure_vsgis (GICD_CTLR.nASSGIreq changed; GICv4.1): with the guest halted
 * (by it when `halt`; the VMM's access has halted it already), every vCPU's SGIs move to
 * the host's vPEs with their pending state, or back to KVM's latches (not queued). */
void vgic_mmio_configure_vsgis(const struct vgic_mmio_ctx *c, bool on, bool halt);

struct vgic_backend {
    /* The interrupt `intid` as vCPU `bank` sees it (private INTIDs are banked), or NULL
     * if it does not exist. Called once per IRQ a handler visits (KVM's vgic_get_irq). */
    void *(*irq)(void *model, void *op, uint32_t bank, uint32_t intid);
    /* A copy of its state. `locked`: read under the IRQ's lock (KVM reads the pending
     * state that way; the other fields are single loads). */
    void (*read)(void *model, void *op, void *irq, bool locked, struct vgic_irq_state *out);
    /* Applies `change` atomically with respect to the interrupt's other users; when it
     * returns true, runs the queue procedure (which may kick the target). */
    void (*update)(void *model, void *op, void *irq, vgic_irq_change_fn *change,
                   const void *arg);
    bool (*dist_enabled)(void *model);
    void (*set_dist_enabled)(void *model, void *op, bool enabled);
    /* KVM's vgic_kick_vcpus: kick every vCPU with a pending, enabled interrupt listed. */
    void (*kick_vcpus)(void *model, void *op);
    /* kvm->lock, the mutex of the configuration path. */
    void (*mutex_lock)(void *model, void *op);
    void (*mutex_unlock)(void *model, void *op);
    /* kvm_arm_halt_guest / kvm_arm_resume_guest around an active-state access. */
    void (*halt_guest)(void *model, void *op);
    void (*resume_guest)(void *model, void *op);
    /* A GICD_SGIR write by `sender` (v2). */
    void (*sgir)(void *model, void *op, uint32_t sender, uint32_t value);
    struct vgic_dist_state *(*dist_state)(void *model);
    /* The virtual CPU interface of `vcpu` (its VMCR and active priorities: what the VMM's
     * ICC_* accesses read and write while the vCPU is out of the guest). */
    struct gic_vif *(*vif)(void *model, uint32_t vcpu);
    /* The VM's ITS and LPI state (vgic_its.h), NULL without an ITS; and what the ITS's
     * commands do to the model's LPIs. */
    struct vgic_its *(*its)(void *model);
    const struct vgic_its_ops *its_ops;
    /* The machine's GICv4 state (vgic_v4.h), NULL without direct injection. */
    struct vgic_v4 *(*v4)(void *model);
    /* KVM_REQ_RELOAD_GICv4 (GICv4.1, the distributor's enable changed): every vPE made
     * resident again with Group 1 as the distributor now says; the model refreshes what
     * every CPU interface is offered. */
    void (*reload_vpes)(void *model, void *op);
};

/* Who an access acts for. */
struct vgic_mmio_ctx {
    const struct gic_config *cfg;
    const struct vgic_backend *be;
    void *model;
    void *op;                /* the backend's per-operation context (its clock) */
    uint32_t bank;           /* whose private interrupts: the accessor (GICD) or the
                                redistributor's owner (GICR) */
    uint32_t requester;      /* the accessing vCPU (the VMM: the vCPU the access names) */
    bool is_user;            /* the VMM through KVM's device attributes (is_user) */
    struct vgic_release rel; /* the modelled release (vgic_release_get(cfg)) */
};

/* ---- regions -------------------------------------------------------------------- */

/* What a region is, for the simulation and the tests (the handlers say what it does). */
enum vgic_reg {
    VGIC_REG_RAZ_WI, VGIC_REG_RAO_WI, VGIC_REG_MISC, VGIC_REG_IGROUPR, VGIC_REG_ISENABLER,
    VGIC_REG_ICENABLER, VGIC_REG_ISPENDR, VGIC_REG_ICPENDR, VGIC_REG_ISACTIVER,
    VGIC_REG_ICACTIVER, VGIC_REG_IPRIORITYR, VGIC_REG_ITARGETSR, VGIC_REG_ICFGR,
    VGIC_REG_SGIR, VGIC_REG_CPENDSGIR, VGIC_REG_SPENDSGIR, VGIC_REG_IROUTER, VGIC_REG_ID,
    VGIC_REG_GICR_IIDR, VGIC_REG_GICR_TYPER, VGIC_REG_GICR_CTLR, VGIC_REG_GICR_LPI,
    VGIC_REG_GITS,
};

/* Allowed access widths of a region (KVM's VGIC_ACCESS_*bit). 16-bit accesses are never
 * allowed. */
enum { VGIC_ACCESS_8 = 1u << 0, VGIC_ACCESS_32 = 1u << 1, VGIC_ACCESS_64 = 1u << 2 };

/* `offset` is the accessed offset in the frame (GICR: from RD_base, so SGI-frame offsets
 * include GICR_SGI_BASE), `len` the width in bytes. A read returns the value in the low
 * `len` bytes; writes get their value truncated to `len` bytes. */
typedef uint64_t vgic_mmio_read_fn(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len);
typedef void vgic_mmio_write_fn(const struct vgic_mmio_ctx *c, uint32_t offset, uint32_t len,
                                uint64_t val);
/* A userspace write, which KVM may refuse (KVM's uaccess_write returning -EINVAL). */
enum vgic_uaccess_result { VGIC_UACCESS_OK, VGIC_UACCESS_EINVAL, VGIC_UACCESS_ENXIO };
typedef enum vgic_uaccess_result vgic_mmio_uwrite_fn(const struct vgic_mmio_ctx *c,
                                                      uint32_t offset, uint32_t len,
                                                      uint64_t val);

/* One register region (KVM's struct vgic_register_region). */
struct vgic_region {
    uint32_t offset;         /* first byte, from the frame base (GICR: RD_base) */
    uint32_t length;         /* bytes */
    uint8_t bits_per_irq;    /* 0: fixed-length register(s); 1, 2, 8, 64: per-IRQ region,
                                INTID-range checked against nr_irqs */
    uint8_t access;          /* VGIC_ACCESS_* */
    enum vgic_reg reg;
    vgic_mmio_read_fn *read;
    vgic_mmio_write_fn *write;
    /* The VMM's accesses (KVM's uaccess_read/uaccess_write, vgic_uaccess.c); NULL: the
     * guest's handler serves the VMM too. */
    vgic_mmio_read_fn *uread;
    vgic_mmio_uwrite_fn *uwrite;
};

/* A guest access, decoded. */
struct vgic_access {
    const struct vgic_region *region;   /* NULL: RAZ/WI (no region, or refused) */
    uint32_t offset, width;             /* width in bytes */
    uint32_t bank;                      /* see vgic_mmio_ctx */
};

/* Decodes an access by vCPU `accessor`; false (region NULL) when KVM makes it RAZ/WI. */
bool vgic_mmio_decode(const struct gic_config *cfg, uint32_t accessor, enum gic_frame frame,
                      uint32_t redist, uint32_t offset, uint32_t width, struct vgic_access *out);
/* Decodes and performs a guest access by `accessor` against a model's backend: what the
 * models' mmio_read/mmio_write do after charging the trap. Invalid accesses are RAZ/WI. */
uint64_t vgic_mmio_dispatch(const struct gic_config *cfg, const struct vgic_backend *be,
                            void *model, void *op, int32_t accessor, enum gic_frame frame,
                            uint32_t redist, uint32_t offset, uint32_t width, bool is_write,
                            uint64_t value);
/* Performs a decoded access (a NULL region reads 0 and ignores writes). */
uint64_t vgic_mmio_access(const struct vgic_mmio_ctx *c, const struct vgic_access *a,
                          bool is_write, uint64_t value);

/* First INTID covered by an access at `offset` of a per-IRQ register with `bpi` bits per
 * IRQ (KVM's VGIC_ADDR_TO_INTID; relies on frame alignment). */
static inline uint32_t vgic_mmio_intid(uint32_t offset, uint32_t bpi)
{
    return ((offset & (bpi * 1024u / 8u - 1u)) * 8u) / bpi;
}

/* Bytes [byte, byte+len) of a little-endian 64-bit register value (extract_bytes). */
static inline uint64_t vgic_mmio_extract(uint64_t data, uint32_t byte, uint32_t len)
{
    data >>= byte * 8u;
    return len >= 8 ? data : data & ((UINT64_C(1) << (len * 8u)) - 1u);
}

/* Where a guest clears `intid`'s active state with a one-bit ICACTIVER write (what KVM's
 * vgic_v{2,3}_deactivate does for an interrupt another vCPU holds in a live LR): the
 * frame (GICv3 private INTIDs: the redistributor's) and the offset; the bit is intid % 32. */
static inline enum gic_frame vgic_mmio_icactiver(enum gic_version version, uint32_t intid,
                                                 uint32_t *offset)
{
    if (version == GIC_V3 && gic_intid_is_private(intid)) {
        *offset = GICR_ICACTIVER0;
        return GIC_FRAME_GICR;
    }
    *offset = GICD_ICACTIVER + intid / 32 * 4;
    return GIC_FRAME_GICD;
}

const struct vgic_region *vgic_find_region(const struct vgic_region *table, size_t n,
                                           uint32_t offset);

/* ---- interrupt instances a write raises ---------------------------------------- */

/* Calls `raised(arg, bank, value)` for every interrupt instance a valid guest write
 * pends: ISPENDR bits (v2 SGI bits are WI), GICD_SGIR targets and GICD_SPENDSGIR
 * sources (v2, `value` carrying the source in bits 12:10). `bank` is the target vCPU of
 * a private INTID, -1 for an SPI. */
void vgic_mmio_write_raises(const struct gic_config *cfg, const struct vgic_access *a,
                            uint32_t accessor, uint64_t value,
                            void (*raised)(void *arg, int32_t bank, uint32_t value), void *arg);

/* ---- identification values --------------------------------------------------- */

/* GICD_IIDR = ProductID 0x4B ('K', KVM) [31:24] | Variant 0 [19:16] | Revision [15:12]
 * (the VM's implementation revision: 2 up to v5.18, 3 from v5.19) | Implementer 0x43B
 * (Arm) [11:0]: 0x4B00243B or 0x4B00343B, the same on both GIC versions. GICR_IIDR has
 * no revision: 0x4B00043B. */
enum {
    VGIC_PRODUCT_ID_KVM = 0x4b,
    VGIC_IMPLEMENTER_ARM = 0x43b,
    VGIC_IIDR_REVISION_SHIFT = 12,
    VGIC_IIDR_REVISION_MASK = 0xf000,
    VGIC_GICR_IIDR = (VGIC_PRODUCT_ID_KVM << 24) | VGIC_IMPLEMENTER_ARM,
    /* GICR_CTLR: EnableLPIs [0] (with an ITS only), CES [1], IR [2], RWP [3]; from
     * revision 3 IR and CES read 1. */
    VGIC_GICR_CTLR_ENABLE_LPIS = 1u << 0,
    VGIC_GICR_CTLR_CES = 1u << 1,
    VGIC_GICR_CTLR_IR = 1u << 2,
    VGIC_V3_CTLR_ENABLE_G1 = 1u << 1,   /* GICv3 GICD_CTLR.EnableGrp1 (KVM's ENABLE_SS_G1) */
    VGIC_V3_CTLR_NASSGIREQ = 1u << 8,   /* GICD_CTLR.nASSGIreq (GICv4.1 vSGIs) */
    VGIC_V3_TYPER2_NASSGICAP = 1u << 8, /* GICD_TYPER2.nASSGIcap */
    VGIC_V3_PIDR2 = 0x3b,     /* ArchRev 3 [7:4] | JEDEC bits 0xb */
    VGIC_ID_PIDR2 = 0x18,     /* PIDR2 within the 48-byte ID block (PIDR4..CIDR3) */
    VGIC_ID_BLOCK_LEN = 0x30,
};

/* ---- the tables and the handlers they share ----------------------------------------- */

extern const struct vgic_region vgic_v2_dist_regions[];
extern const size_t vgic_v2_dist_nregions;
extern const struct vgic_region vgic_v3_dist_regions[];
extern const size_t vgic_v3_dist_nregions;
extern const struct vgic_region vgic_v3_rd_regions[];     /* RD_base frame */
extern const size_t vgic_v3_rd_nregions;
extern const struct vgic_region vgic_v3_sgi_regions[];    /* SGI_base frame */
extern const size_t vgic_v3_sgi_nregions;

/* GICD_IIDR for an implementation revision. */
static inline uint32_t vgic_gicd_iidr(uint8_t revision)
{
    return (uint32_t)VGIC_PRODUCT_ID_KVM << 24 | (uint32_t)revision << VGIC_IIDR_REVISION_SHIFT |
           VGIC_IMPLEMENTER_ARM;
}

vgic_mmio_read_fn vgic_mmio_read_raz, vgic_mmio_read_rao, vgic_mmio_read_group,
    vgic_mmio_read_enable, vgic_mmio_read_pending, vgic_mmio_read_active,
    vgic_mmio_read_priority, vgic_mmio_read_config;
/* GICv2 GICD_CTLR/TYPER/IIDR as the guest writes them (vgic_mmio_v2.c). */
vgic_mmio_write_fn vgic_v2_write_misc;
vgic_mmio_write_fn vgic_mmio_write_wi, vgic_mmio_write_group, vgic_mmio_write_senable,
    vgic_mmio_write_cenable, vgic_mmio_write_spending, vgic_mmio_write_cpending,
    vgic_mmio_write_sactive, vgic_mmio_write_cactive, vgic_mmio_write_priority,
    vgic_mmio_write_config;
/* One byte per IRQ from `first_intid` on (IPRIORITYR, ITARGETSR, xPENDSGIR); lockless,
 * as KVM reads these fields. */
uint64_t vgic_mmio_read_bytes(const struct vgic_mmio_ctx *c, uint32_t first_intid,
                              uint32_t len, uint8_t (*field)(const struct vgic_irq_state *irq));

/* Region constructors for the tables. */
#define VGIC_REGION_LEN(off, len, acc, id, rd, wr)                                         \
    { .offset = (off), .length = (len), .bits_per_irq = 0, .access = (acc), .reg = (id),  \
      .read = (rd), .write = (wr) }
/* ... with the VMM's handlers (NULL: the guest's). */
#define VGIC_REGION_LEN_U(off, len, acc, id, rd, wr, urd, uwr)                             \
    { .offset = (off), .length = (len), .bits_per_irq = 0, .access = (acc), .reg = (id),  \
      .read = (rd), .write = (wr), .uread = (urd), .uwrite = (uwr) }
/* A per-IRQ region sized for 1024 INTIDs (bpi x 1024 / 8 bytes). */
#define VGIC_REGION_BPI(off, bpi, acc, id, rd, wr)                                          \
    { .offset = (off), .length = (bpi) * 1024u / 8u, .bits_per_irq = (bpi), .access = (acc), \
      .reg = (id), .read = (rd), .write = (wr) }
#define VGIC_REGION_BPI_U(off, bpi, acc, id, rd, wr, urd, uwr)                              \
    { .offset = (off), .length = (bpi) * 1024u / 8u, .bits_per_irq = (bpi), .access = (acc), \
      .reg = (id), .read = (rd), .write = (wr), .uread = (urd), .uwrite = (uwr) }
/* GICv3 distributor per-IRQ register: the part covering the private INTIDs 0-31 is
 * RAZ/WI (still width/alignment checked), the rest covers the SPIs (KVM's
 * REGISTER_DESC_WITH_BITS_PER_IRQ_SHARED). Expands to two table entries. */
#define VGIC_REGION_BPI_SHARED(off, bpi, acc, id, rd, wr)                                   \
    { .offset = (off), .length = (bpi) * 32u / 8u, .bits_per_irq = (bpi), .access = (acc),  \
      .reg = VGIC_REG_RAZ_WI, .read = vgic_mmio_read_raz, .write = vgic_mmio_write_wi },    \
    { .offset = (off) + (bpi) * 32u / 8u, .length = (bpi) * (1024u - 32u) / 8u,             \
      .bits_per_irq = (bpi), .access = (acc), .reg = (id), .read = (rd), .write = (wr) }
#define VGIC_REGION_BPI_SHARED_U(off, bpi, acc, id, rd, wr, urd, uwr)                       \
    { .offset = (off), .length = (bpi) * 32u / 8u, .bits_per_irq = (bpi), .access = (acc),  \
      .reg = VGIC_REG_RAZ_WI, .read = vgic_mmio_read_raz, .write = vgic_mmio_write_wi },    \
    { .offset = (off) + (bpi) * 32u / 8u, .length = (bpi) * (1024u - 32u) / 8u,             \
      .bits_per_irq = (bpi), .access = (acc), .reg = (id), .read = (rd), .write = (wr),     \
      .uread = (urd), .uwrite = (uwr) }

#endif
