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
#include "gic/gic_regs.h"
#include "util/arena.h"

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

/* Each field is checked only when its has_ flag is set. */
struct scn_check {
    uint32_t intid;
    int32_t vcpu;            /* SCN_NO_VCPU when not given */
    bool has_pending, pending;
    bool has_active, active;
    bool has_enabled, enabled;
    bool has_priority;
    uint32_t priority;
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

struct scn_expect {
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
};

enum { SCN_MAX_INJECTORS = 1024 };
struct scn_host {
    struct scn_injector *injectors;   /* named ones; the rest is served by the defaults */
    size_t n_injectors;
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

#endif
