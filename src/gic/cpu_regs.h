/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtual CPU-interface registers a guest can access: GICC_* and GICV_* (v2, memory
 * mapped, not trapped) and ICC_*_EL1 (v3 system registers, ICV_* in a guest). */
#ifndef VGICSIM_GIC_CPU_REGS_H
#define VGICSIM_GIC_CPU_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/gic_config.h"

enum gic_cpu_reg {
    GIC_CPU_IAR,      /* v2 GICC_IAR; v3 ICC_IAR1_EL1 */
    GIC_CPU_EOIR,     /* v2 GICC_EOIR; v3 ICC_EOIR1_EL1 */
    GIC_CPU_DIR,
    GIC_CPU_PMR,
    GIC_CPU_BPR,      /* v2 GICC_BPR; v3 ICC_BPR1_EL1 */
    GIC_CPU_CTLR,
    GIC_CPU_RPR,
    GIC_CPU_HPPIR,    /* v2 GICC_HPPIR; v3 ICC_HPPIR1_EL1 */
    GIC_CPU_APR0, GIC_CPU_APR1, GIC_CPU_APR2, GIC_CPU_APR3,          /* v2 */
    GIC_CPU_AP0R0, GIC_CPU_AP0R1, GIC_CPU_AP0R2, GIC_CPU_AP0R3,      /* v3 */
    GIC_CPU_AP1R0, GIC_CPU_AP1R1, GIC_CPU_AP1R2, GIC_CPU_AP1R3,      /* v3 */
    GIC_CPU_IGRPEN0,  /* v3 */
    GIC_CPU_IGRPEN1,  /* v3 */
    GIC_CPU_SGI1R,    /* v3, write-only, 64 bits */
    /* v3 Group 0 (ICC_IAR0_EL1, ICC_EOIR0_EL1, ICC_HPPIR0_EL1, ICC_BPR0_EL1): a GICv3
     * guest's Group 0 interrupts are virtual FIQs, acknowledged and completed here. */
    GIC_CPU_IAR0, GIC_CPU_EOIR0, GIC_CPU_HPPIR0, GIC_CPU_BPR0,
    GIC_CPU_REG_COUNT
};

enum gic_cpu_access { GIC_CPU_RO = 1, GIC_CPU_WO = 2, GIC_CPU_RW = 3 };

struct gic_cpu_reg_desc {
    enum gic_cpu_reg reg;
    const char *name;        /* the scenario's name: "IAR", "AP1R0", ... */
    uint8_t versions;        /* GIC_REG_V2 | GIC_REG_V3 (from gic_regs.h) */
    enum gic_cpu_access access;
    uint8_t width;           /* 32 or 64 bits */
};

const struct gic_cpu_reg_desc *gic_cpu_reg_by_name(const char *name);
const struct gic_cpu_reg_desc *gic_cpu_reg_desc(enum gic_cpu_reg reg);
/* What the register is, in one line (`vgicsim list registers`); NULL if not written. */
const char *gic_cpu_reg_meaning(enum gic_cpu_reg reg);

#endif
