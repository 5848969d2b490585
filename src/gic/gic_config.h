/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine a simulation runs: GIC architecture version and sizes.
 * Plain data shared by the scenario loader and the vGIC models (which never see YAML). */
#ifndef VGICSIM_GIC_GIC_CONFIG_H
#define VGICSIM_GIC_GIC_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum gic_version { GIC_V2 = 2, GIC_V3 = 3 };

enum {
    GIC_NR_SGIS = 16,
    GIC_NR_PRIVATE = 32,          /* SGIs 0-15 and PPIs 16-31, banked per vCPU */
    GIC_MAINTENANCE_PPI = 25,
    GIC_INTID_SPECIAL_FIRST = 1020,   /* 1020-1023 are special: never an interrupt */
    GIC_INTID_NO_ACK_GROUP1 = 1022,   /* v2 IAR/HPPIR: a Group 1 candidate without AckCtl */
    GIC_INTID_SPURIOUS = 1023,
    GIC_SPURIOUS_INTID = GIC_INTID_SPURIOUS,
    GIC_V2_INTID_MASK = 0x3ff,        /* GICC_IAR/EOIR InterruptID [9:0] */
    GIC_V2_CPUID_SHIFT = 10,          /* GICC_IAR/EOIR CPUID [12:10]: an SGI's source */
    GIC_V2_CPUID_MASK = 0x7,
    GIC_V3_INTID_MASK = 0xffffff,     /* ICC_IAR1/EOIR1 INTID [23:0] */
    GIC_MAX_LIST_REGISTERS = 16,  /* ICH_VTR_EL2.ListRegs is 4 bits */
    GIC_V2_MAX_VCPUS = 8,         /* GICD_ITARGETSR has 8 bits */
    GIC_V3_MAX_VCPUS = 512,
    GIC_MIN_SPIS = 32,
    GIC_MAX_SPIS = 960,           /* KVM caps nr_irqs at 992 */
    GIC_MIN_PRIORITY_BITS = 4,
    GIC_MAX_PRIORITY_BITS = 8,
    GIC_LPI_BASE = 8192,          /* the first LPI INTID */
    GIC_MIN_LPIS = 8192,
    GIC_MAX_LPIS = 65536,         /* gic.lpis: LPIs 8192 .. 8192+lpis-1 */
};

/* hypervisor.direct_injection: what the host's GIC lets KVM deliver without it. */
enum gic_direct_injection {
    GIC_DI_NONE,                 /* every LPI and SGI goes through KVM's emulation */
    GIC_DI_V4_0,                 /* GICv4.0: vLPIs of passthrough devices */
    GIC_DI_V4_1,                 /* GICv4.1: and vSGIs once the guest sets nASSGIreq */
};

struct gic_config {
    enum gic_version version;
    uint32_t vcpus;
    uint32_t spis;               /* SPIs are INTIDs 32 .. 32+spis-1 */
    uint32_t list_registers;
    uint32_t priority_bits;
    uint32_t n_hw_mapped;        /* INTIDs whose virtual interrupt is tied to a physical one */
    const uint32_t *hw_mapped;
    bool its;                    /* an emulated ITS (v3): the guest has LPIs, devices MSIs */
    uint32_t lpis;               /* with `its`: LPIs are INTIDs 8192 .. 8192+lpis-1 */
    /* Not architecture but the hypervisor: the Linux release whose KVM vgic the models
     * follow, as MAJOR * 100 + MINOR (the scenario's hypervisor.kvm); 0 = the default.
     * Only src/vgic/vgic_release.h interprets it. */
    uint32_t kvm_release;
    enum gic_direct_injection direct_injection;   /* hypervisor.direct_injection */
    /* The DeviceIDs of the assigned devices (its.devices[].passthrough), ascending: with
     * direct injection their mapped events are forwarded to the host's GIC. Listed
     * whatever the mode (without one they are software-injected like any device). */
    uint32_t n_passthrough;
    const uint32_t *passthrough;
};

static inline bool gic_intid_is_sgi(uint32_t intid) { return intid < GIC_NR_SGIS; }
/* 1020-1023: what IAR returns when it acknowledges nothing. */
static inline bool gic_intid_is_special(uint32_t intid)
{
    return intid >= GIC_INTID_SPECIAL_FIRST && intid <= GIC_INTID_SPURIOUS;
}
static inline bool gic_intid_is_ppi(uint32_t intid) { return intid >= 16 && intid < 32; }
static inline bool gic_intid_is_private(uint32_t intid) { return intid < GIC_NR_PRIVATE; }
static inline bool gic_intid_is_spi(const struct gic_config *c, uint32_t intid)
{
    return intid >= GIC_NR_PRIVATE && intid < GIC_NR_PRIVATE + c->spis;
}
/* An LPI of this machine (none without an ITS). */
static inline bool gic_intid_is_lpi(const struct gic_config *c, uint32_t intid)
{
    return c->its && intid >= GIC_LPI_BASE && intid - GIC_LPI_BASE < c->lpis;
}
/* Number of INTIDs the distributor implements (private ones included; LPIs are the ITS's
 * and the redistributors', not the distributor's). */
static inline uint32_t gic_nr_irqs(const struct gic_config *c) { return GIC_NR_PRIVATE + c->spis; }

#endif
