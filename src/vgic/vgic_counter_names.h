/* SPDX-License-Identifier: GPL-2.0-only */
/* The names of the counters every model keeps and a run report shows (struct
 * vgic_counters, model/vgic_model.h; the report's "counters"): the common ones, the
 * maintenance interrupts by cause and the exits by reason. They live here, below both
 * the models and the scenario loader, so that a scenario's `expect.counters` can be
 * checked when it is loaded (a model's own counters are known only to the model: they
 * are checked at run time, sim_expect.c). */
#ifndef VGICSIM_VGIC_VGIC_COUNTER_NAMES_H
#define VGICSIM_VGIC_VGIC_COUNTER_NAMES_H

/* The counters of every model, in the report's order. */
enum vgic_common_counter {
    VGIC_CTR_KICKS, VGIC_CTR_EXITS, VGIC_CTR_ENTRIES, VGIC_CTR_MAINTENANCE,
    VGIC_CTR_LR_OVERFLOWS, VGIC_CTR_MMIO_TRAPS, VGIC_COMMON_COUNTERS,
};
/* "kicks", "exits", "entries", "maintenance_interrupts", "lr_overflows", "mmio_traps". */
extern const char *const vgic_common_counter_names[VGIC_COMMON_COUNTERS];

/* Why a maintenance interrupt fired (ICH_MISR_EL2's causes, GICH_MISR on v2). One that has
 * several is counted once, under the first of them in this order, so that the causes sum
 * to the maintenance interrupts. */
enum vgic_mi_cause {
    VGIC_MI_EOI,                 /* an LR with EOI set (HW = 0) became invalid */
    VGIC_MI_UNDERFLOW,           /* UIE: at most one LR valid */
    VGIC_MI_NO_PENDING,          /* NPIE: no LR in the pending state */
    VGIC_MI_LR_ENTRY_NO_PENDING, /* LRENPIE: EOIcount not zero */
    VGIC_MI_GROUP,               /* VGrp0E/D, VGrp1E/D: a group enabled or disabled */
    VGIC_MI_CAUSES,
};
extern const char *const vgic_mi_cause_names[VGIC_MI_CAUSES];     /* "eoi", ... */
extern const char *const vgic_mi_cause_meanings[VGIC_MI_CAUSES];  /* one line each */

/* Why a vCPU left the guest. They sum to the exits. */
enum vgic_exit_reason {
    VGIC_EXIT_IRQ,               /* a host interrupt: a kick, a maintenance interrupt, the
                                    physical timer, a halt's IPI */
    VGIC_EXIT_MMIO,              /* a trapped access to the distributor or redistributors
                                    (GICv2: also GICD_SGIR and a trapped GICV_DIR) */
    VGIC_EXIT_SYSREG,            /* a trapped system register (ICC_SGI1R_EL1, a trapped DIR) */
    VGIC_EXIT_WFI,               /* the guest waits for an interrupt */
    VGIC_EXIT_OTHER,             /* an entry given up before the guest ran (a request, or a
                                    physical interrupt, that came after the flush) */
    VGIC_EXIT_REASONS,
};
extern const char *const vgic_exit_reason_names[VGIC_EXIT_REASONS]; /* "irq", ... */
extern const char *const vgic_exit_reason_meanings[VGIC_EXIT_REASONS]; /* one line each */

#endif
