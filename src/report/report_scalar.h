/* SPDX-License-Identifier: GPL-2.0-only */
/* Every single number of a run report (report_data.h), by name: what `sweep --metric`,
 * the sweep table's columns and `sensitivity --metric` name. The names and their order
 * come from the report's own tables (report_irq_names, report_metric_names,
 * report_field_names, rec_stage_names, report_class_names, report_counter_names,
 * report_breakdowns, and the models' own counters), so there is no second list:
 *
 *   interrupts.NAME                    raised, delivered, undelivered, ...   (count)
 *   DIST.FIELD                         DIST delivery, injection, service, trapped_access;
 *                                      FIELD count, min, mean, p50, p90, p99, p99.9, max
 *   stages.STAGE.FIELD                 a stage of delivery
 *   by_class.CLASS.DIST.FIELD          CLASS SGI, PPI, SPI; DIST delivery, injection, service
 *   by_vcpu.V.DIST.FIELD               V a vCPU number; DIST also trapped_access
 *   by_intid.N.DIST.FIELD              N an INTID (0..1023)
 *   by_register.REGISTER.FIELD         trapped accesses to one register (GICD_ISENABLER, ...)
 *   counters.NAME                      kicks, exits, entries, maintenance_interrupts,
 *                                      lr_overflows, mmio_traps
 *   counters.BREAKDOWN.PART            maintenance_by_cause.CAUSE, exits_by_reason.REASON
 *   counters.model.NAME                a model's own counter (lock_contended, cas_retries,
 *                                      line_wait_cycles, ...)
 *   expectation_failures               failed `expect:` entries of a run
 *
 * They are the JSON run report's paths (docs/report.md) with `models[]` and `latency.`
 * left out and an array element named by its key (`by_vcpu.0`, `by_register.GICD_CTLR`).
 * Every one is a run_stat: one value per run, so that `--repeat` gives each a mean and an
 * interval. A distribution's `count` is a number of samples; its other fields are cycles. */
#ifndef VGICSIM_REPORT_REPORT_SCALAR_H
#define VGICSIM_REPORT_REPORT_SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report_data.h"

enum report_unit { REPORT_COUNT, REPORT_CYCLES };

enum { REPORT_SCALAR_NAME_MAX = 96 };   /* longest name, with its terminating NUL */

/* A name parsed against the report's tables: what it designates, without a run. */
struct report_scalar_ref {
    enum report_scalar_kind {
        RS_IRQ, RS_DIST, RS_STAGE, RS_CLASS, RS_VCPU, RS_INTID, RS_REGISTER, RS_COUNTER,
        RS_PART, RS_MODEL_COUNTER, RS_FAILURES,
    } kind;
    int which;               /* irq field, metric, stage, class, counter or breakdown */
    int metric;              /* by_class, by_vcpu, by_intid: the distribution */
    int field;               /* distributions: the report_field; parts: the part */
    uint32_t index;          /* by_vcpu: vCPU; by_intid: INTID */
    char name[REPORT_SCALAR_NAME_MAX];   /* by_register: register; counters.model: counter */
    enum report_unit unit;
};

/* Parses a full name (above). False when it names nothing a report can hold. A model
 * counter's name is taken as written: which ones exist is the models' (a model that
 * does not keep it has no value, report_scalar_get). */
bool report_scalar_parse(const char *name, struct report_scalar_ref *out);

/* The value of `ref` for model m of report r; NULL when the report has none (a register
 * the model never trapped, a counter the model does not keep, a vCPU past the last). A
 * distribution without samples in some run is averaged over the runs with samples
 * (report_data.h); with samples in none it has n == 0, and its value is 0. */
const struct run_stat *report_scalar_get(const struct report *r, const struct report_model *m,
                                         const struct report_scalar_ref *ref);

/* The names that do not depend on the machine or the run, in report order: everything
 * but by_vcpu, by_intid, by_register and counters.model (given as those patterns with
 * `patterns`, e.g. "by_vcpu.V.DIST.FIELD"). `fn` gets each name (valid during the call)
 * and its unit. */
void report_scalar_names(bool patterns, void (*fn)(void *ctx, const char *name,
                                                   enum report_unit unit), void *ctx);

/* What `name` means, in one line, into buf (`vgicsim list metrics`): a name of
 * report_scalar_names (a pattern among them), or a distribution without its field
 * (`delivery`, `by_vcpu.V.DIST`: its p50 and p99, as `sweep --metric` takes it). Composed
 * from the meanings beside the report's tables (report_metric_meanings, rec_stage_meanings,
 * report_breakdowns, ...), so that no second list of names exists. False when `name` is
 * none of those. */
bool report_scalar_meaning(const char *name, char *buf, size_t size);

/* Every name with a value for model m of report r (the fixed ones, then by_class,
 * by_vcpu, by_intid with samples, by_register, counters.model), in that order. */
void report_scalars(const struct report *r, const struct report_model *m,
                    void (*fn)(void *ctx, const char *name, const struct run_stat *v,
                               enum report_unit unit),
                    void *ctx);

#endif
