/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtual CPU-interface registers a scenario's `cpu:` step can name.
 * GICv2 guests reach them through the memory-mapped GICV frame (GICC_* as the
 * guest sees it); GICv3 guests through the ICC_*_EL1 system registers, which the
 * hardware redirects to ICV_*. Neither traps, except ICC_SGI1R_EL1 (KVM traps
 * every SGI generation register to emulate it). Names are the scenario's: the
 * register name without its GICC_/ICC_ prefix and _EL1 suffix; group-1 forms
 * are implied (IAR = GICC_IAR / ICC_IAR1_EL1). */
#include "gic/cpu_regs.h"

#include <stddef.h>
#include <string.h>

#include "gic/gic_regs.h"

#define V2 GIC_REG_V2
#define V3 GIC_REG_V3
#define V23 (GIC_REG_V2 | GIC_REG_V3)

/* Indexed by enum gic_cpu_reg (the designated initialisers keep it so). */
static const struct gic_cpu_reg_desc cpu_regs[GIC_CPU_REG_COUNT] = {
    /* Acknowledge / completion. IAR has side effects (pending -> active),
     * EOIR and DIR are write-only by architecture. */
    [GIC_CPU_IAR] = { GIC_CPU_IAR, "IAR", V23, GIC_CPU_RO, 32 },
    [GIC_CPU_EOIR] = { GIC_CPU_EOIR, "EOIR", V23, GIC_CPU_WO, 32 },
    [GIC_CPU_DIR] = { GIC_CPU_DIR, "DIR", V23, GIC_CPU_WO, 32 },
    /* Configuration. */
    [GIC_CPU_PMR] = { GIC_CPU_PMR, "PMR", V23, GIC_CPU_RW, 32 },
    [GIC_CPU_BPR] = { GIC_CPU_BPR, "BPR", V23, GIC_CPU_RW, 32 },
    [GIC_CPU_CTLR] = { GIC_CPU_CTLR, "CTLR", V23, GIC_CPU_RW, 32 },
    /* Status: read-only. */
    [GIC_CPU_RPR] = { GIC_CPU_RPR, "RPR", V23, GIC_CPU_RO, 32 },
    [GIC_CPU_HPPIR] = { GIC_CPU_HPPIR, "HPPIR", V23, GIC_CPU_RO, 32 },
    /* Active priorities: GICv2 has one bank (GICC_APRn)... */
    [GIC_CPU_APR0] = { GIC_CPU_APR0, "APR0", V2, GIC_CPU_RW, 32 },
    [GIC_CPU_APR1] = { GIC_CPU_APR1, "APR1", V2, GIC_CPU_RW, 32 },
    [GIC_CPU_APR2] = { GIC_CPU_APR2, "APR2", V2, GIC_CPU_RW, 32 },
    [GIC_CPU_APR3] = { GIC_CPU_APR3, "APR3", V2, GIC_CPU_RW, 32 },
    /* ...GICv3 one per group (ICC_AP0Rn_EL1, ICC_AP1Rn_EL1). */
    [GIC_CPU_AP0R0] = { GIC_CPU_AP0R0, "AP0R0", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP0R1] = { GIC_CPU_AP0R1, "AP0R1", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP0R2] = { GIC_CPU_AP0R2, "AP0R2", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP0R3] = { GIC_CPU_AP0R3, "AP0R3", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP1R0] = { GIC_CPU_AP1R0, "AP1R0", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP1R1] = { GIC_CPU_AP1R1, "AP1R1", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP1R2] = { GIC_CPU_AP1R2, "AP1R2", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_AP1R3] = { GIC_CPU_AP1R3, "AP1R3", V3, GIC_CPU_RW, 32 },
    /* Group enables: on v2 they live in GICC_CTLR. */
    [GIC_CPU_IGRPEN0] = { GIC_CPU_IGRPEN0, "IGRPEN0", V3, GIC_CPU_RW, 32 },
    [GIC_CPU_IGRPEN1] = { GIC_CPU_IGRPEN1, "IGRPEN1", V3, GIC_CPU_RW, 32 },
    /* SGI generation: a 64-bit write-only system register (v2 uses GICD_SGIR). */
    [GIC_CPU_SGI1R] = { GIC_CPU_SGI1R, "SGI1R", V3, GIC_CPU_WO, 64 },
    /* GICv3 Group 0: its own acknowledge, completion, highest pending and binary point
     * (on v2 GICC_IAR/EOIR/HPPIR serve both groups and BPR is Group 0's). */
    [GIC_CPU_IAR0] = { GIC_CPU_IAR0, "IAR0", V3, GIC_CPU_RO, 32 },
    [GIC_CPU_EOIR0] = { GIC_CPU_EOIR0, "EOIR0", V3, GIC_CPU_WO, 32 },
    [GIC_CPU_HPPIR0] = { GIC_CPU_HPPIR0, "HPPIR0", V3, GIC_CPU_RO, 32 },
    [GIC_CPU_BPR0] = { GIC_CPU_BPR0, "BPR0", V3, GIC_CPU_RW, 32 },
};

/* One line each, for `vgicsim list registers`. */
static const char *const cpu_reg_meanings[GIC_CPU_REG_COUNT] = {
    [GIC_CPU_IAR] = "acknowledge: reads the INTID of the highest-priority pending interrupt, which becomes active",
    [GIC_CPU_EOIR] = "end of interrupt: drops the running priority (and deactivates, EOImode 0)",
    [GIC_CPU_DIR] = "deactivate an interrupt (EOImode 1)",
    [GIC_CPU_PMR] = "priority mask: only interrupts of higher priority are signalled",
    [GIC_CPU_BPR] = "binary point: how priorities split into group priority and subpriority",
    [GIC_CPU_CTLR] = "CPU interface control: EOImode, and on v2 the group enables",
    [GIC_CPU_RPR] = "running priority (read-only)",
    [GIC_CPU_HPPIR] = "highest-priority pending interrupt, read without acknowledging it",
    [GIC_CPU_APR0] = "active priorities, word 0 (v2 GICC_APR0)",
    [GIC_CPU_APR1] = "active priorities, word 1 (v2 GICC_APR1)",
    [GIC_CPU_APR2] = "active priorities, word 2 (v2 GICC_APR2)",
    [GIC_CPU_APR3] = "active priorities, word 3 (v2 GICC_APR3)",
    [GIC_CPU_AP0R0] = "Group 0 active priorities, word 0 (ICC_AP0R0_EL1)",
    [GIC_CPU_AP0R1] = "Group 0 active priorities, word 1 (ICC_AP0R1_EL1)",
    [GIC_CPU_AP0R2] = "Group 0 active priorities, word 2 (ICC_AP0R2_EL1)",
    [GIC_CPU_AP0R3] = "Group 0 active priorities, word 3 (ICC_AP0R3_EL1)",
    [GIC_CPU_AP1R0] = "Group 1 active priorities, word 0 (ICC_AP1R0_EL1)",
    [GIC_CPU_AP1R1] = "Group 1 active priorities, word 1 (ICC_AP1R1_EL1)",
    [GIC_CPU_AP1R2] = "Group 1 active priorities, word 2 (ICC_AP1R2_EL1)",
    [GIC_CPU_AP1R3] = "Group 1 active priorities, word 3 (ICC_AP1R3_EL1)",
    [GIC_CPU_IGRPEN0] = "Group 0 interrupt enable (ICC_IGRPEN0_EL1)",
    [GIC_CPU_IGRPEN1] = "Group 1 interrupt enable (ICC_IGRPEN1_EL1)",
    [GIC_CPU_SGI1R] = "generate a Group 1 SGI (ICC_SGI1R_EL1, trapped to KVM)",
};

const char *gic_cpu_reg_meaning(enum gic_cpu_reg reg)
{
    return (unsigned)reg < GIC_CPU_REG_COUNT ? cpu_reg_meanings[reg] : NULL;
}

const struct gic_cpu_reg_desc *gic_cpu_reg_by_name(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < GIC_CPU_REG_COUNT; i++) {
        if (strcmp(cpu_regs[i].name, name) == 0)
            return &cpu_regs[i];
    }
    return NULL;
}

const struct gic_cpu_reg_desc *gic_cpu_reg_desc(enum gic_cpu_reg reg)
{
    if ((unsigned)reg >= GIC_CPU_REG_COUNT)
        return NULL;
    return &cpu_regs[reg];
}
