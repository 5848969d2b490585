/* SPDX-License-Identifier: GPL-2.0-only */
/* The cycle cost of every operation the simulated hypervisor, hardware and guest
 * perform. Operation names are part of the scenario format (`costs:` section), so
 * they are stable; docs/cost-model.md gives each one's meaning and the source of
 * its default value. */
#ifndef VGICSIM_COSTS_COST_MODEL_H
#define VGICSIM_COSTS_COST_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "gic/gic_config.h"

enum cost_op {
#define COST_OP(id, name, desc) id,
#include "costs/cost_ops.def"
#undef COST_OP
    COST_OP_COUNT
};

/* The clock a cost model stands for, when known: reports then show nanoseconds next
 * to cycles. 0 means unknown. */
enum { COST_CLOCK_MHZ_MIN = 1, COST_CLOCK_MHZ_MAX = 100000 };

struct cost_model {
    const char *preset;              /* name of the preset the values started from */
    uint32_t clock_mhz;              /* the host's clock (preset's, or costs.clock_mhz); 0: unknown */
    uint64_t cycles[COST_OP_COUNT];
};

struct cost_preset {
    const char *name;
    const char *description;
    enum gic_version version;        /* the GIC version it was measured on */
    uint32_t clock_mhz;              /* the clock of the host it stands for */
    uint64_t cycles[COST_OP_COUNT];
};

extern const struct cost_preset cost_presets[];
extern const size_t cost_preset_count;

const struct cost_preset *cost_preset_by_name(const char *name);
/* The preset used when a scenario has no `costs:` section. */
const struct cost_preset *cost_preset_default(enum gic_version version);
/* Returns the operation index, or -1 when the name is unknown. */
int cost_op_by_name(const char *name);
const char *cost_op_name(enum cost_op op);
const char *cost_op_description(enum cost_op op);
void cost_model_from_preset(struct cost_model *m, const struct cost_preset *p);

#endif
