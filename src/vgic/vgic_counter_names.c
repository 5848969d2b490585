/* SPDX-License-Identifier: GPL-2.0-only */
/* The counters' names (see vgic_counter_names.h). */
#include "vgic/vgic_counter_names.h"

const char *const vgic_common_counter_names[VGIC_COMMON_COUNTERS] = {
    [VGIC_CTR_KICKS] = "kicks", [VGIC_CTR_EXITS] = "exits", [VGIC_CTR_ENTRIES] = "entries",
    [VGIC_CTR_MAINTENANCE] = "maintenance_interrupts", [VGIC_CTR_LR_OVERFLOWS] = "lr_overflows",
    [VGIC_CTR_MMIO_TRAPS] = "mmio_traps",
};

const char *const vgic_mi_cause_names[VGIC_MI_CAUSES] = {
    [VGIC_MI_EOI] = "eoi", [VGIC_MI_UNDERFLOW] = "underflow",
    [VGIC_MI_NO_PENDING] = "no_pending", [VGIC_MI_LR_ENTRY_NO_PENDING] = "lr_entry_no_pending",
    [VGIC_MI_GROUP] = "group",
};

const char *const vgic_exit_reason_names[VGIC_EXIT_REASONS] = {
    [VGIC_EXIT_IRQ] = "irq", [VGIC_EXIT_MMIO] = "mmio", [VGIC_EXIT_SYSREG] = "sysreg",
    [VGIC_EXIT_WFI] = "wfi", [VGIC_EXIT_OTHER] = "other",
};

const char *const vgic_mi_cause_meanings[VGIC_MI_CAUSES] = {
    [VGIC_MI_EOI] = "maintenance interrupts caused by an LR with EOI set becoming invalid",
    [VGIC_MI_UNDERFLOW] = "maintenance interrupts caused by underflow (UIE: at most one LR valid)",
    [VGIC_MI_NO_PENDING] = "maintenance interrupts caused by no LR pending (NPIE)",
    [VGIC_MI_LR_ENTRY_NO_PENDING] = "maintenance interrupts caused by EOIcount not zero (LRENPIE)",
    [VGIC_MI_GROUP] = "maintenance interrupts caused by a group enabled or disabled",
};

const char *const vgic_exit_reason_meanings[VGIC_EXIT_REASONS] = {
    [VGIC_EXIT_IRQ] = "exits for a host interrupt (a kick, a maintenance interrupt, the timer)",
    [VGIC_EXIT_MMIO] = "exits for a trapped distributor or redistributor access",
    [VGIC_EXIT_SYSREG] = "exits for a trapped system register (ICC_SGI1R_EL1, a trapped DIR)",
    [VGIC_EXIT_WFI] = "exits for the guest waiting for an interrupt (WFI)",
    [VGIC_EXIT_OTHER] = "entries given up before the guest ran",
};
