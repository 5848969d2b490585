/* SPDX-License-Identifier: GPL-2.0-only */
/* The figures a run report holds, gathered once from the runs so that every output
 * format (text, JSON, CSV) prints the same numbers in the same order.
 *
 * A report covers one scenario run by one or more models, each over one or more seeds
 * (`vgicsim run --repeat N`). Runs are folded in as they finish (report_add_run), so a
 * run's recorder can be freed at once: every statistic is a run_stat (its mean over the
 * runs and a 95 % interval), and the delivery, injection and service distributions are
 * pooled over the runs for the CDF (the stages of delivery are not: no plot draws them,
 * and eight more histograms per model would be kept for nothing). docs/report.md
 * describes what each figure means. */
#ifndef VGICSIM_REPORT_REPORT_DATA_H
#define VGICSIM_REPORT_REPORT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "model/model_registry.h"
#include "record/latency_stats.h"
#include "record/recorder.h"
#include "report/run_stat.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

/* One latency distribution, summarised. */
struct lat_summary {
    uint64_t count, min, max;
    double mean;
    uint64_t p50, p90, p99, p999;
};

enum { REPORT_METRICS = 4 };  /* delivery, injection, service, trapped access */
enum { REPORT_IRQ_METRICS = 3 };  /* delivery, injection, service: the per-interrupt ones */

extern const char *const report_metric_names[REPORT_METRICS];   /* "delivery", ... */
/* The INTID classes: SGI, PPI, SPI, and LPI on a machine with gic.its (report_classes). */
enum { REPORT_CLASSES = REC_NR_CLASSES, REPORT_CLASS_LPI = REC_LPI };
extern const char *const report_class_names[REPORT_CLASSES];    /* "SGI", "PPI", "SPI", "LPI" */
/* What each name of these tables (and of report_field_names, report_irq_names,
 * report_counter_names below) means, in one line (report_scalar_meaning). */
extern const char *const report_metric_meanings[REPORT_METRICS];
extern const char *const report_class_meanings[REPORT_CLASSES];

void lat_summarise(const struct latency_stats *st, struct lat_summary *out);

/* The statistics of a latency summary, in report order. */
enum report_field {
    RF_COUNT, RF_MIN, RF_MEAN, RF_P50, RF_P90, RF_P99, RF_P999, RF_MAX, RF_FIELDS
};
extern const char *const report_field_names[RF_FIELDS];         /* "count", ..., "p99.9", "max" */
extern const char *const report_field_meanings[RF_FIELDS];      /* "number of samples", ... */

/* One latency distribution over the runs in which it had samples (fields[RF_COUNT].n of
 * them). */
struct report_dist {
    struct run_stat fields[RF_FIELDS];
};
uint64_t report_dist_runs(const struct report_dist *d);

/* Instance counts of the recorder (struct rec_counts), in report order. */
enum report_irq {
    RI_RAISED, RI_DELIVERED, RI_COALESCED, RI_UNDELIVERED, RI_UNCOMPLETED, RI_ACKS,
    RI_SPURIOUS, RI_UNMATCHED_ACKS, RI_UNLISTED_ACKS, RI_UNMATCHED_COMPLETIONS, RI_INVALID,
    RI_NEGATIVE, RI_UNTRACKED, RI_FIELDS
};
extern const char *const report_irq_names[RI_FIELDS];           /* JSON names */
extern const char *const report_irq_meanings[RI_FIELDS];

/* The counters every model keeps (struct vgic_counters), in report order. */
enum report_counter {
    RC_KICKS, RC_EXITS, RC_ENTRIES, RC_MAINTENANCE, RC_LR_OVERFLOWS, RC_MMIO_TRAPS, RC_COMMON
};
extern const char *const report_counter_names[RC_COMMON];      /* JSON names */
extern const char *const report_counter_meanings[RC_COMMON];

/* Counters broken down into parts that sum to one of the counters above (struct
 * vgic_counters' maintenance_by_cause and exits_by_reason): a maintenance interrupt with
 * several causes counts once, under the first (vgic_model.h), so that no part is counted
 * twice and a reader can check the sum. */
enum report_breakdown { RB_MAINTENANCE, RB_EXITS, RB_COUNT };
enum { RB_MAX_PARTS = 5 };
struct report_breakdown_info {
    const char *name;                /* JSON name: "maintenance_by_cause", "exits_by_reason" */
    enum report_counter total;       /* the counter the parts sum to */
    size_t n_parts;
    const char *const *parts;        /* their names: vgic_mi_cause_names, ... */
    const char *const *meanings;     /* one line each: vgic_mi_cause_meanings, ... */
};
extern const struct report_breakdown_info report_breakdowns[RB_COUNT];

/* What one run (one model, one seed) did besides its statistics. */
struct report_run {
    uint64_t seed;
    enum sim_stop stop;
    uint64_t end_time, events, dropped_sgis;
    size_t steps_done, steps_total;
    struct sim_failure *failures;    /* messages owned; locations point into the scenario */
    size_t n_failures;
};

struct report_register {
    char *name;
    uint64_t samples;                /* trapped accesses over all runs */
    struct report_dist dist;
};

/* One LPI's distributions (report_model.lpis). */
struct report_lpi {
    uint32_t intid;
    uint64_t deliveries;             /* delivery samples over all runs */
    struct report_dist dist[REPORT_IRQ_METRICS];
};

struct report_named_stat {
    const char *name;                /* the model's (static) counter name */
    struct run_stat value;
};

struct report_model {
    char *name;                      /* "ref", "perf" */
    struct report_run *runs;
    size_t n_runs;
    struct report_dist overall[REPORT_METRICS];
    struct report_dist stages[REC_NR_STAGES];   /* delivery cut into stages (recorder.h) */
    struct report_dist by_class[REPORT_CLASSES][REPORT_IRQ_METRICS];
    struct report_dist *by_vcpu;     /* [vcpu * REPORT_METRICS + metric] */
    struct report_dist *by_intid;    /* [intid * REPORT_IRQ_METRICS + metric], REPORT_INTIDS */
    uint64_t *intid_deliveries;      /* delivery samples per INTID over all runs */
    struct report_lpi *lpis;         /* the LPIs with samples, by INTID (sparse: a machine
                                        has up to 65536) */
    size_t n_lpis, cap_lpis;
    struct report_register *registers;
    size_t n_registers;
    struct run_stat irq[RI_FIELDS];
    struct run_stat counters[RC_COMMON];
    struct run_stat breakdown[RB_COUNT][RB_MAX_PARTS];   /* [b][part]: report_breakdowns */
    struct report_named_stat model_counters[VGIC_MAX_EXTRA_COUNTERS];
    size_t n_model_counters;
    struct run_stat expectation_failures;   /* failed expectations per run */
    struct latency_stats pooled[REPORT_IRQ_METRICS];   /* every run's samples */
};

enum {
    REPORT_MAX_MODELS = VGIC_MAX_MODELS,   /* a run of every model the registry holds */
    REPORT_INTIDS = 1024,            /* INTID bits 9:0 */
    REPORT_BUSIEST_INTIDS = 16,      /* by_intid in JSON and CSV */
    REPORT_TEXT_INTIDS = 8,          /* by INTID in the text report */
};

struct report {
    const struct scenario *s;        /* the effective configuration (after --set) */
    const char *const *overrides;    /* the --set options as given */
    size_t n_overrides;
    const char *sha256;              /* hex digest of the scenario file; NULL: unknown */
    const char *version;             /* vgicsim's */
    const char *commit;              /* the build's git commit; NULL: unknown */
    uint64_t first_seed;
    uint64_t repeat;                 /* runs per model (seeds first_seed .. + repeat - 1) */
    struct report_model models[REPORT_MAX_MODELS];
    size_t n_models;
};

/* The caller fills the identification fields (sha256, version, commit, overrides) after
 * init; they are borrowed, as is the scenario. */
void report_init(struct report *r, const struct scenario *s, uint64_t first_seed,
                 uint64_t repeat);
/* Folds in one finished run (its seed given); runs of a model named before add to it,
 * a new name adds a model (at most REPORT_MAX_MODELS). The result stays the caller's. */
void report_add_run(struct report *r, const struct sim_result *res, uint64_t seed);
void report_free(struct report *r);

/* How many INTID classes the report has: LPI only on a machine with gic.its, so that a
 * report of a machine without one is what it always was. */
size_t report_classes(const struct report *r);
/* A model's distributions (REPORT_IRQ_METRICS of them) for an INTID, LPIs included; NULL
 * when the INTID is none the report keeps (an LPI without samples). */
const struct report_dist *report_model_intid(const struct report_model *m, uint32_t intid);
/* The INTIDs with the most delivery samples over every model and run (ties: lower
 * INTID first), at most `max`; returns how many (only INTIDs with samples). */
size_t report_busiest_intids(const struct report *r, uint32_t *out, size_t max);
/* Every register any model's trapped accesses touched, by accesses over all models
 * (ties: by name); returns how many (at most max). */
size_t report_register_names(const struct report *r, const char **out, size_t max);
/* A model's distribution for a register, or NULL if the model never accessed it. */
const struct report_dist *report_model_register(const struct report_model *m,
                                                const char *name);
/* Names of model-specific counters over all models, in first-seen order. */
size_t report_model_counter_names(const struct report *r, const char **out, size_t max);
/* A model's counter by name, or NULL. */
const struct run_stat *report_model_counter(const struct report_model *m, const char *name);

/* Nanoseconds per cycle of the scenario's cost model, or 0 when its clock is unknown. */
double report_ns_per_cycle(const struct report *r);

/* The modelled KVM release, as every format names it (hypervisor.kvm, or the default). */
struct report_hypervisor {
    char kvm[8];                 /* "6.18" */
    const char *lr_design;       /* "classic" (up to 6.18) or "lr_overflow" (6.19) */
    unsigned implementation_rev; /* a new VM's GICD_IIDR revision: 2, or 3 from 5.19 */
    const char *direct_injection;  /* hypervisor.direct_injection: "none", "gicv4.0", ... */
};
void report_hypervisor(const struct report *r, struct report_hypervisor *out);

#endif
