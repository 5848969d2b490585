/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal to the loader: turning a located YAML tree into the scenario model. Only
 * src/scenario includes it (an `_internal.h` header is private to its folder, and
 * tools/check-layers.sh fails the build otherwise); numbers are read with util/number.h.
 * Every check reports at the node it concerns and carries on, so one run of
 * `vgicsim validate` lists every problem of a file. */
#ifndef VGICSIM_SCENARIO_CONVERT_INTERNAL_H
#define VGICSIM_SCENARIO_CONVERT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "scenario/ytree.h"
#include "util/cycles.h"
#include "util/diag.h"

struct conv {
    struct scenario *s;
    struct diag_list *diags;
    size_t errors_at_start;
    /* Which machine parameters are valid. Checks that depend on an invalid one
     * (INTID ranges, vCPU counts, version-specific registers) use the widest limits
     * instead, so that only certain mistakes are reported. */
    bool version_ok, vcpus_ok, spis_ok;
    /* The same for gic.its and gic.lpis: while one is invalid, ITS steps and LPIs are
     * accepted as if the machine had an ITS with the most LPIs. */
    bool its_ok, lpis_ok;
    /* Indices of its.devices sorted by DeviceID (for a MAPD's default size). */
    uint32_t *its_by_id;
    /* File names of locations are interned in the scenario's arena (the YAML tree,
     * which owns the originals, is freed after conversion). */
    const char *file_src, *file_dst;
    /* The index of the list item being converted: CONV_INDEX in a message is replaced
     * by it, so that paths like "trace[N].write" need no formatting unless an error is
     * reported (a trace has millions of steps). */
    size_t item_index;
    struct arena scratch;   /* decoded items of a lazy list, reset after each */
};

#define CONV_INDEX "\001"


/* The node's location, with its file name owned by the scenario. */
struct scn_loc conv_loc(struct conv *c, const struct ynode *n);

__attribute__((format(printf, 3, 4)))
void conv_error(struct conv *c, const struct ynode *at, const char *fmt, ...);

/* Reports keys of `map` that are not in the NULL-terminated `allowed` list, with a
 * "did you mean" suggestion when one is close. `what` names the map in messages. */
void conv_check_keys(struct conv *c, const struct ynode *map, const char *what,
                     const char *const *allowed);

bool conv_expect_type(struct conv *c, const struct ynode *n, enum ynode_type type,
                      const char *what);

/* The path of one key of a map, for messages: "WHAT.KEY" written into `buf`.
 * CONV_PATH(what, "vcpu") gives "trace[3].vcpu" in a buffer that lives until the
 * end of the enclosing block. */
const char *conv_path(char *buf, size_t size, const char *what, const char *key);
#define CONV_PATH(what, key) conv_path((char[128]){0}, 128, (what), (key))

/* Scalars. Each reports its own error and returns false when the node is not valid. */
bool conv_u64(struct conv *c, const struct ynode *n, const char *what, uint64_t *out);
/* A cycle value (at most CYC_MAX_INPUT) and a cost (at most CYC_MAX_COST): larger
 * values are errors, so that simulated time cannot wrap (util/cycles.h). */
bool conv_cycles(struct conv *c, const struct ynode *n, const char *what, uint64_t *out);
bool conv_cost(struct conv *c, const struct ynode *n, const char *what, uint64_t *out);
bool conv_u64_range(struct conv *c, const struct ynode *n, const char *what, uint64_t lo,
                    uint64_t hi, uint64_t *out);
bool conv_u32_range(struct conv *c, const struct ynode *n, const char *what, uint32_t lo,
                    uint32_t hi, uint32_t *out);
bool conv_bool(struct conv *c, const struct ynode *n, const char *what, bool *out);
/* A string (quoted or plain, not empty). The result lives in the scenario's arena. */
bool conv_string(struct conv *c, const struct ynode *n, const char *what, const char **out);
/* One of `choices` (NULL-terminated); returns the index or -1 after reporting. */
int conv_choice(struct conv *c, const struct ynode *n, const char *what,
                const char *const *choices);

/* Limits of the machine for range checks (widest values when the gic section is bad). */
uint32_t conv_vcpus(const struct conv *c);
uint32_t conv_nr_irqs(const struct conv *c);

/* Does the machine have an ITS (yes, when gic.its is itself invalid)? The number of its
 * LPIs (the most there can be when gic.its or gic.lpis is invalid). */
bool conv_has_its(const struct conv *c);
uint32_t conv_lpis(const struct conv *c);
/* Reports at `at` that `what` needs gic.its (false) unless the machine has an ITS. */
bool conv_require_its(struct conv *c, const struct ynode *at, const char *what);

/* INTID checks with messages that say what is expected. */
bool conv_vcpu(struct conv *c, const struct ynode *n, const char *what, uint32_t *out);
/* An SGI, PPI or SPI: what has a line or is sent by a vCPU (an LPI is refused, saying
 * that it comes as an MSI). */
bool conv_intid_any(struct conv *c, const struct ynode *n, const char *what, uint32_t *out);
/* Any INTID a vCPU can be delivered: conv_intid_any's and the machine's LPIs. */
bool conv_intid_deliverable(struct conv *c, const struct ynode *n, const char *what,
                            uint32_t *out);
/* An LPI of the machine. */
bool conv_lpi(struct conv *c, const struct ynode *n, const char *what, uint32_t *out);

/* Registers and values of trace steps (convert_trace.c). */
/* Is a register of these GIC_REG_* versions part of the machine's GIC (any, when the
 * version is itself invalid)? */
bool conv_version_has(const struct conv *c, uint8_t versions);
/* `reg` (a GICD_* or GICR_* name, the value of `key`) with its index (in the name or
 * `n`): the register and
 * its offset. *out is NULL when no register of the machine's version is named; the
 * result is false when that, or its index, is wrong (each reported). */
bool conv_reg(struct conv *c, const struct ynode *reg, const char *key, const struct ynode *n,
              const char *what, const struct gic_reg_desc **out, uint32_t *offset);
/* A value written or expected, which must fit in `width` bits. */
bool conv_value(struct conv *c, const struct ynode *n, const char *what, uint32_t width,
                uint64_t *out);
/* The operands of a cpu or vmm step, a `width`-bit access: `value` for a write; `expect`
 * and `mask` for a read (without `mask`, every bit of the access is checked). A key of
 * the other direction, or a missing `value`, is an error. */
struct conv_operands {
    uint64_t value, expect, mask;
    bool has_expect;
};
void conv_access_operands(struct conv *c, const struct ynode *m, const char *what,
                          bool is_write, uint32_t width, struct conv_operands *out);
/* The vmm step (convert_vmm.c) and expect.counters (convert_counters.c). */
void conv_vmm(struct conv *c, struct scn_step *st, const struct ynode *m, const char *what);
/* The ITS's trace steps (convert_its.c): msi, its, lpi_config. */
void conv_msi_step(struct conv *c, struct scn_step *st, const struct ynode *m, const char *what);
void conv_its_step(struct conv *c, struct scn_step *st, const struct ynode *m, const char *what);
void conv_lpi_config_step(struct conv *c, struct scn_step *st, const struct ynode *m,
                          const char *what);
void conv_counters(struct conv *c, const struct ynode *n);

/* Sections. */
void conv_gic(struct conv *c, const struct ynode *n);
void conv_costs(struct conv *c, const struct ynode *n);
void conv_guest(struct conv *c, const struct ynode *n);
void conv_hypervisor(struct conv *c, const struct ynode *n);   /* convert_hypervisor.c */
void conv_host(struct conv *c, const struct ynode *n);         /* convert_host.c */
void conv_its(struct conv *c, const struct ynode *n);          /* convert_its.c */
void conv_trace(struct conv *c, const struct ynode *n);
void conv_workload(struct conv *c, const struct ynode *n);
void conv_expect(struct conv *c, const struct ynode *n);

#endif
