/* SPDX-License-Identifier: GPL-2.0-only */
/* The scenario data model: everything a scenario file says, as plain C data.
 * Produced by the loader (scenario_load), consumed by the engine and the CLI.
 * Nothing here knows YAML; source locations are kept only so that failures at run
 * time (a failed `expect`) can name the step that failed. */
#ifndef VGICSIM_SCENARIO_SCENARIO_H
#define VGICSIM_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "costs/cost_model.h"
#include "gic/cpu_regs.h"
#include "gic/gic_config.h"
#include "gic/gic_its.h"
#include "gic/gic_regs.h"
#include "util/arena.h"
#include "vgic/vgic_uaccess.h"

struct scn_loc {
    const char *file;   /* file name as given (or "--set" for command-line overrides) */
    uint32_t line;      /* 1-based */
    uint32_t col;       /* 1-based */
};

enum { SCN_NO_VCPU = -1 };

/* ---- guest (spec section 4) ---- */
enum scn_guest_mode { SCN_GUEST_AUTO, SCN_GUEST_MANUAL };

struct scn_handler_cycles {
    uint32_t intid;
    uint64_t cycles;
};

struct scn_guest {
    enum scn_guest_mode mode;
    uint64_t handler;                       /* cycles from IAR read to EOIR write */
    struct scn_handler_cycles *handlers;    /* per-INTID overrides, sorted by intid */
    size_t n_handlers;
    uint32_t eoi_mode;                      /* 0 or 1 */
    uint32_t pmr;                           /* initial priority mask, 0..0xff */
};

/* ---- trace (spec section 5) ---- */
enum scn_step_kind {
    SCN_STEP_WRITE,     /* guest MMIO write */
    SCN_STEP_READ,      /* guest MMIO read */
    SCN_STEP_CPU,       /* CPU-interface access */
    SCN_STEP_SGI,
    SCN_STEP_LINE,
    SCN_STEP_PULSE,
    SCN_STEP_CHECK,
    SCN_STEP_VMM,       /* the VMM's access through KVM's device attributes */
    SCN_STEP_MSI,       /* a device writes an EventID to GITS_TRANSLATER */
    SCN_STEP_ITS,       /* the guest queues one ITS command and writes GITS_CWRITER */
    SCN_STEP_LPI_CONFIG,/* the guest writes an LPI's configuration byte in its memory */
};

struct scn_mmio {
    enum gic_frame frame;
    int32_t redist;          /* GICR: redistributor index, SCN_NO_VCPU = the accessor's own */
    uint32_t offset;         /* bytes from the frame base (GICR: from RD_base) */
    uint32_t width;          /* access width in bits: 8, 16, 32 or 64 */
    const struct gic_reg_desc *reg;  /* the register named by 'reg', NULL for a raw 'offset'
                                        (scn_mmio_label names the access for messages) */
    uint64_t value;          /* write: the value */
    bool has_expect;         /* read: check value & mask == expect & mask */
    uint64_t expect;
    uint64_t mask;           /* every bit of the access when not given */
};

struct scn_cpu_access {
    bool is_write;
    enum gic_cpu_reg reg;
    uint64_t value;          /* write */
    bool has_expect;         /* read */
    uint64_t expect;
    uint64_t mask;
};

enum scn_sgi_mode { SCN_SGI_LIST, SCN_SGI_OTHERS, SCN_SGI_SELF };

struct scn_sgi {
    uint32_t intid;          /* 0..15 */
    enum scn_sgi_mode mode;
    uint32_t *targets;       /* SCN_SGI_LIST: target vCPUs, in the order written */
    size_t n_targets;
};

struct scn_line {
    uint32_t intid;          /* PPI or SPI */
    int32_t vcpu;            /* PPIs: the vCPU whose PPI it is; SPIs: SCN_NO_VCPU */
    uint32_t level;          /* 0 or 1 (pulse: always 1) */
};

/* The HCR bits a `check` of a vCPU names (hcr: {en: ..., uie: ...}). */
enum scn_hcr_bit {
    SCN_HCR_EN, SCN_HCR_UIE, SCN_HCR_LRENPIE, SCN_HCR_NPIE, SCN_HCR_VGRP0EIE,
    SCN_HCR_VGRP0DIE, SCN_HCR_VGRP1EIE, SCN_HCR_VGRP1DIE, SCN_HCR_TDIR, SCN_HCR_BITS,
};
extern const char *const scn_hcr_names[SCN_HCR_BITS];   /* "en", "uie", ... */
/* `lr:` of a check: the state of the list register holding the interrupt. */
enum { SCN_LR_NONE = 4 };   /* otherwise GIC_LR_PENDING, _ACTIVE, _PENDING_ACTIVE */

/* Each field is checked only when its has_ flag is set. Two forms: an interrupt's state
 * (has_intid), or a vCPU's interface (hcr, eoicount, lrs_used: no intid). */
struct scn_check {
    uint32_t intid;
    int32_t vcpu;            /* SCN_NO_VCPU when not given */
    bool has_intid;
    bool has_pending, pending;
    bool has_active, active;
    bool has_enabled, enabled;
    bool has_priority;
    bool has_lr;
    bool has_phys_active, phys_active;
    bool has_eoicount, has_lrs_used;
    uint8_t lr;              /* GIC_LR_PENDING/_ACTIVE/_PENDING_ACTIVE or SCN_LR_NONE */
    uint8_t eoicount;
    uint8_t lrs_used;
    uint16_t hcr_mask;       /* bit SCN_HCR_*: checked */
    uint16_t hcr_want;       /* ... and its expected value */
    uint32_t priority;
};

/* vmm: the VMM reads or writes through KVM's device attributes (vgic/vgic_uaccess.h). */
struct scn_vmm {
    enum vgic_vmm_space space;
    bool is_write;
    bool refused;            /* KVM is expected to refuse it (refused: true) */
    bool has_expect;
    uint32_t vcpu;           /* GICD on v2: whose banked view; GICR: the redistributor;
                                ICC and LINE_LEVEL: the vCPU */
    uint32_t offset;         /* GICD/GICR: in the frame; ICC: enum vgic_icc_reg;
                                LINE_LEVEL: the first INTID of the word */
    const struct gic_reg_desc *reg;   /* GICD/GICR: the register named (for messages) */
    uint64_t value;
    uint64_t expect, mask;
};

/* msi: DeviceID and EventID (the device's MSI through the ITS). */
struct scn_msi {
    uint32_t device;
    uint32_t event;
};

/* its: one command as the guest's driver builds it. `fields` (GIC_ITS_F_*) are the ones the
 * step gave; the loader fills the others with their documented defaults. */
struct scn_its_step {
    struct gic_its_cmd cmd;
    uint32_t fields;
};

/* lpi_config: the guest writes the LPI's byte of its configuration table; a key not given
 * keeps what the byte holds (the driver's read-modify-write of its own table). */
struct scn_lpi_config {
    uint32_t intid;
    bool has_priority, has_enabled;
    uint8_t priority;
    bool enabled;
};

struct scn_step {
    enum scn_step_kind kind;
    struct scn_loc loc;      /* the step's map in the file */
    bool has_at;
    uint64_t at;             /* issue cycle, when has_at */
    int32_t vcpu;            /* issuer for write/read/cpu/sgi; SCN_NO_VCPU otherwise */
    union {
        struct scn_mmio mmio;        /* WRITE, READ */
        struct scn_cpu_access cpu;   /* CPU */
        struct scn_sgi sgi;          /* SGI */
        struct scn_line line;        /* LINE, PULSE */
        struct scn_check check;      /* CHECK */
        struct scn_vmm vmm;          /* VMM */
        struct scn_msi msi;          /* MSI */
        struct scn_its_step its;     /* ITS */
        struct scn_lpi_config lpi;   /* LPI_CONFIG */
    } u;
};

/* ---- workload (spec section 6) ---- */
enum scn_gen_kind { SCN_GEN_PERIODIC, SCN_GEN_POISSON, SCN_GEN_BURST, SCN_GEN_IPI };
/* The kinds' names in scenarios, by enum scn_gen_kind, NULL-terminated. */
extern const char *const scn_gen_kind_names[];
enum scn_trigger { SCN_TRIGGER_EDGE, SCN_TRIGGER_LEVEL };

struct scn_generator {
    enum scn_gen_kind kind;
    struct scn_loc loc;
    uint32_t intid_lo, intid_hi;  /* a single INTID has lo == hi */
    int32_t vcpu;                 /* PPIs: whose PPI; otherwise SCN_NO_VCPU */
    uint32_t from, to;            /* ipi */
    enum scn_trigger trigger;
    uint64_t start;
    uint64_t period;              /* periodic, burst, ipi */
    uint64_t mean_gap;            /* poisson */
    bool has_count;
    uint64_t count;               /* events (burst: bursts); unbounded when !has_count */
    uint32_t size;                /* burst: interrupts per burst */
    bool msi;                     /* MSIs of `device`: intid_lo..intid_hi are EventIDs */
    uint32_t device;              /* msi: the DeviceID */
};

/* ---- expect (spec section 7) ---- */
struct scn_expect_acks {
    struct scn_loc loc;
    int32_t vcpu;                 /* SCN_NO_VCPU: summed over all vCPUs */
    uint32_t intid;
    uint64_t count;
};

struct scn_expect_order {
    struct scn_loc loc;
    uint32_t vcpu;
    uint32_t *intids;
    size_t n_intids;
};

/* One counter of the report (expect.counters): exact (min == max) or a range. */
enum scn_counter_kind {
    SCN_CTR_COMMON,          /* index: enum vgic_common_counter */
    SCN_CTR_CAUSE,           /* index: enum vgic_mi_cause (maintenance_by_cause) */
    SCN_CTR_REASON,          /* index: enum vgic_exit_reason (exits_by_reason) */
    SCN_CTR_MODEL,           /* a model's own counter, by name: known at run time */
};
struct scn_expect_counter {
    struct scn_loc loc;      /* the counter's value in the file */
    struct scn_loc model_loc;/* its map's `model:`, when model is set */
    const char *model;       /* NULL: every model; else only that model's runs */
    const char *name;        /* as written: "exits", "maintenance_by_cause.eoi", ... */
    enum scn_counter_kind kind;
    uint32_t index;
    uint64_t min, max;       /* inclusive; an omitted bound is 0 or UINT64_MAX */
};

struct scn_expect {
    struct scn_expect_counter *counters;
    size_t n_counters;
    struct scn_expect_acks *acks;
    size_t n_acks;
    struct scn_expect_order *orders;
    size_t n_orders;
    bool has_spurious;
    uint64_t spurious;
    struct scn_loc spurious_loc;
};

/* ---- the whole scenario (spec section 1) ---- */
/* ---- host (spec section 2b) ---- */
/* A host thread that injects device interrupts (an irqfd worker, a vhost thread, a VFIO
 * interrupt handler): one injection at a time, in the order the raises reach it. */
struct scn_injector {
    struct scn_loc loc;
    const char *name;
    uint32_t *intids;             /* the INTIDs it serves, ascending, distinct */
    size_t n_intids;
    uint32_t *devices;            /* the ITS DeviceIDs whose MSIs it injects, ascending */
    size_t n_devices;
};

enum { SCN_MAX_INJECTORS = 1024 };
struct scn_host {
    struct scn_injector *injectors;   /* named ones; the rest is served by the defaults */
    size_t n_injectors;
};

/* ---- its (spec section 2c) ---- */
struct scn_its_device {
    struct scn_loc loc;
    uint32_t id;                  /* DeviceID */
    uint32_t events;              /* EventIDs 0..events-1 */
    uint32_t lpi_base;            /* event e -> LPI lpi_base + e */
    uint32_t vcpu;                /* its events go to collection `vcpu`, mapped to that vCPU */
    bool passthrough;             /* an assigned device (GICv4 direct injection) */
};
struct scn_its {
    struct scn_its_device *devices;   /* in file order, distinct ids */
    size_t n_devices;
};

struct scenario {
    const char *path;             /* as given on the command line */
    const char *name;
    const char *description;      /* NULL when absent */
    uint64_t seed;
    struct gic_config gic;
    struct cost_model costs;
    struct scn_guest guest;
    struct scn_step *steps;
    size_t n_steps;
    struct scn_generator *generators;
    size_t n_generators;
    struct scn_expect expect;
    struct scn_host host;
    struct scn_its its;
    bool has_until;
    uint64_t until;
    struct arena arena;           /* owns every pointer above */
};

void scenario_free(struct scenario *s);

/* The access as the user wrote it, for messages: "GICD_ISENABLER1", "GICD_CTLR",
 * "gicd+0x104". Formatted into buf (SCN_LABEL_MAX bytes suffice), which is returned;
 * kept out of the step so that a trace of millions of steps formats nothing. */
enum { SCN_LABEL_MAX = 48 };
const char *scn_mmio_label(const struct scn_mmio *io, char *buf, size_t size);
/* The same for a VMM step: "GICD_IIDR", "GICR_ISPENDR0 of redistributor 1", "ICC_PMR_EL1",
 * "LINE_LEVEL1". */
const char *scn_vmm_label(const struct scn_vmm *v, char *buf, size_t size);

#endif
