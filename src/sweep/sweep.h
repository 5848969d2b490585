/* SPDX-License-Identifier: GPL-2.0-only */
/* The pieces of `vgicsim sweep` and `vgicsim merge`, one job per file:
 *   sweep_values.c   --vary KEY=V1,A..B:S,...  -> one axis (a key and its values)
 *   sweep_points.c   the point table: every combination of the axes' values, in order,
 *                    and which shard each point belongs to
 *   sweep_run.c      running one point (every model) into table rows
 *   sweep_workers.c  running many points in worker processes
 *   sweep_rows.c     a table row to and from JSON (worker pipes, part files)
 *   sweep_table.c    the table in text, CSV and JSON; reading a JSON table back (merge)
 *   sweep_columns.c  the table's columns: single numbers of the run report
 *   sweep_metric.c   what --metric names: columns by their names
 *   sweep_plot.c     the gnuplot plot of a table
 *   sweep_output.c   the table and its plot written together, nothing half-written
 *   sensitivity.c    `vgicsim sensitivity`: each cost operation -PCT and +PCT, one at a
 *                    time, as the points of one sweep; the ranking and its tornado plot
 * The progress line on a terminal is util/progress.c (sweep_run_points).
 * cli/cmd_sweep.c and cli/cmd_merge.c are the commands around them. */
#ifndef VGICSIM_SWEEP_SWEEP_H
#define VGICSIM_SWEEP_SWEEP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model_registry.h"
#include "record/recorder.h"
#include "report/report_scalar.h"
#include "scenario/load.h"

/* ---- axes (sweep_values.c) ---- */

/* A sweep never has more points than this (each is a full simulation); a range that
 * would expand past it is refused before anything is allocated. */
#define SWEEP_MAX_POINTS UINT64_C(1000000)

struct sweep_axis {
    char *key;               /* dotted path, as for --set; with `assign`, a name for the
                                table */
    char **values;           /* in the order the table shows them */
    size_t n_values;
    size_t cap;              /* values allocated (grows geometrically) */
    uint32_t *cols;          /* per value: the 1-based column of its item (the value, or
                                the range it comes from) in the --vary argument, so that
                                a bad value is located there; NULL for a table's axes and
                                for an assign axis */
    bool assign;             /* each value is a whole "KEY=VALUE" override (sensitivity:
                                one cost operation changed per point) */
};

/* Parses "KEY=ITEM,ITEM,..." (items: a value, or a range A..B or A..B:S; commas inside
 * [] or {} belong to a value). On error returns false with a one-line message in *err
 * (malloc'd). */
bool sweep_axis_parse(const char *arg, struct sweep_axis *out, char **err);
void sweep_axis_free(struct sweep_axis *a);

/* ---- the point table (sweep_points.c) ---- */

struct sweep_space {
    struct sweep_axis *axes;
    size_t n_axes;
    uint64_t n_points;       /* product of the axes' value counts */
};

/* Adds an axis; false (message in *err) for a key already varied or a product past
 * SWEEP_MAX_POINTS. Takes ownership of the axis on success. */
bool sweep_space_add(struct sweep_space *s, struct sweep_axis *axis, char **err);
void sweep_space_free(struct sweep_space *s);
/* The value index of each axis for point p (the last axis changes fastest). */
void sweep_point_choice(const struct sweep_space *s, uint64_t p, size_t *choice);
/* The point's overrides: the `n_base` of `base` first (the --set options), then
 * "KEY=VALUE" per axis (an `assign` axis's value as it is); free with
 * sweep_point_sets_free. */
const char **sweep_point_sets(const struct sweep_space *s, const char *const *base,
                              size_t n_base, uint64_t p, size_t *n_sets);
void sweep_point_sets_free(const struct sweep_space *s, size_t n_base, const char **sets);

/* Sharding: shard K of N (1 <= K <= N) holds the points p with p mod N == K - 1, so
 * that slow and fast regions of the table spread over every shard. */
struct sweep_shard {
    uint64_t index;          /* K, 1-based */
    uint64_t count;          /* N; 1 = the whole table */
};
bool sweep_shard_parse(const char *arg, struct sweep_shard *out);
uint64_t sweep_shard_points(const struct sweep_shard *sh, uint64_t n_points);
/* The i-th point (0-based) of the shard. */
static inline uint64_t sweep_shard_point(const struct sweep_shard *sh, uint64_t i)
{
    return i * sh->count + (sh->index - 1);
}

/* ---- columns (sweep_columns.c) ---- */

/* A column of the table: one single number of the run report (report_scalar.h), by its
 * full name. A table has the standard columns (sweep_columns_standard) and those --metric
 * adds, in that order. */
struct sweep_column {
    char *name;
    struct report_scalar_ref ref;
};
struct sweep_columns {
    struct sweep_column *c;
    size_t n;
};
/* The standard columns: delivered and undelivered interrupts, count, mean, p50, p90, p99
 * and max of delivery, injection, service and each stage of delivery, the common
 * counters and their parts, failed expectations. */
void sweep_columns_standard(struct sweep_columns *cols);
/* The index of the column of full name `name`, added when it is not there yet; false
 * when the name is no report scalar. */
bool sweep_columns_add(struct sweep_columns *cols, const char *name, size_t *index);
/* The index of the column `name`, or SIZE_MAX. */
size_t sweep_columns_find(const struct sweep_columns *cols, const char *name);
void sweep_columns_free(struct sweep_columns *cols);

/* ---- rows (sweep_run.c, sweep_rows.c) ---- */

struct sweep_row {
    uint64_t point;
    const char *model;       /* a static model name */
    const char *preset;      /* the point's cost preset (static, from cost_presets) */
    uint32_t clock_mhz;      /* the point's clock; 0: unknown */
    double *v;               /* [column]: the value, its mean over the seeds with --repeat;
                                NAN: the run has none (a counter the model does not keep) */
    double *ci;              /* [2 * column]: the 95 % interval's low and high ends (NAN:
                                none); NULL without --repeat */
};
void sweep_rows_free(struct sweep_row *rows, size_t n);

/* Everything that stays the same across the points of one sweep. */
struct sweep_job {
    const struct scenario_source *source;
    const struct sweep_space *space;
    const struct sweep_columns *columns;
    const char *const *base;           /* --set options before the varied keys */
    size_t n_base;
    const uint64_t *seed;              /* --seed, or NULL: each point's scenario's own */
    uint64_t repeat;                   /* seeds per point (seed .. seed + repeat - 1) */
    const struct vgic_model_ops *const *models;
    size_t n_models;
};

/* Runs point p on every model (repeat times each) into rows[0 .. n_models-1]. The point
 * was validated before: a load failure here is a bug (asserted). */
void sweep_run_point(const struct sweep_job *job, uint64_t p, struct sweep_row *rows);
/* The names of the counters the models keep of their own (counters.model.NAME), found by
 * running the scenario for one cycle; n is set, at most `max`. */
size_t sweep_model_counters(const struct scenario *scn, const struct vgic_model_ops *const *models,
                            size_t n_models, const char **names, size_t max);

json_t *sweep_row_to_json(const struct sweep_row *r, const struct sweep_space *s,
                          const struct sweep_columns *cols, bool repeat);
/* Reads a row back; `models` are the names it may carry (the row's model points to one
 * of them). False with a message in *err when a field is missing or of the wrong type. */
bool sweep_row_from_json(json_t *o, const struct sweep_space *s,
                         const struct sweep_columns *cols, bool repeat,
                         const char *const *models, size_t n_models, struct sweep_row *out,
                         char **err);
/* Rounds a value as every row keeps it (10 significant digits unless an integer below
 * 2^53), so that it travels through JSON unchanged. */
double sweep_round(double v);

/* ---- worker processes (sweep_workers.c) ---- */

/* Runs the points of `shard` with `jobs` processes (1: in this process) and stores
 * point i's rows at rows[(i-th point of the shard) * n_models ...]. Returns false after
 * printing why when a worker failed. */
bool sweep_run_points(const struct sweep_job *job, const struct sweep_shard *shard,
                      unsigned jobs, struct sweep_row *rows, const char *command);

/* ---- the table (sweep_table.c) ---- */

/* What a table says besides its rows: enough to tell whether two parts belong to one
 * sweep (same scenario, overrides, seed, models, axes, build, shard count). */
struct sweep_header {
    char *version;           /* vgicsim version */
    char *commit;            /* vgicsim commit */
    char *scenario_name, *scenario_path;
    char *scenario_digest;   /* SHA-256, NULL when the scenario was not a regular file */
    char **sets;             /* --set options */
    size_t n_sets;
    bool has_seed;
    uint64_t seed;
    char **models;
    size_t n_models;
    struct sweep_space space;
    struct sweep_shard shard;
    struct sweep_columns columns;   /* the standard ones, then those --metric added */
    uint64_t repeat;                /* seeds per point (--repeat; 1 without) */
};
void sweep_header_free(struct sweep_header *h);

struct sweep_table {
    const struct sweep_header *h;
    const struct sweep_row *rows;   /* the shard's points in order, models inner */
    size_t n_rows;
};

enum sweep_format { SWEEP_TEXT, SWEEP_CSV, SWEEP_JSON };
bool sweep_format_parse(const char *name, enum sweep_format *out);

/* The unit of the latencies a text or CSV table and a plot show (--unit). With AUTO, a
 * table gives each latency column in cycles followed by nanoseconds when the point's
 * clock is known, and a plot draws nanoseconds when every point's clock is known; CYCLES
 * shows cycles only, NS nanoseconds only (every point's clock must be known). The JSON
 * table is always in cycles, with each row's clock_mhz. */
enum sweep_unit { SWEEP_UNIT_AUTO, SWEEP_UNIT_CYCLES, SWEEP_UNIT_NS };
bool sweep_unit_parse(const char *name, enum sweep_unit *out);
/* Does every row of the table have a clock? */
bool sweep_table_clock_known(const struct sweep_table *t);

/* Writes the table: text and CSV show the usual columns and then every column of the
 * metrics `ms` (may be NULL) not shown yet; JSON holds every column. */
struct sweep_metrics;
int sweep_table_write(FILE *out, const struct sweep_table *t, enum sweep_format f,
                      enum sweep_unit unit, const struct sweep_metrics *ms);

/* The largest part `merge` reads, as `compare` limits a report (a part is about 600
 * bytes a row: 64 MiB is some 100,000 rows; cut a larger sweep into more shards). */
enum { SWEEP_MAX_PART_BYTES = 64 * 1024 * 1024 };

/* Reads a JSON table (a part) from `path`: its header and rows (n_rows, malloc'd).
 * False after printing FILE: error: ... on standard error. */
bool sweep_table_read(const char *path, const char *command, struct sweep_header *h,
                      struct sweep_row **rows, size_t *n_rows);
/* SHA-256 (hex) of the file's bytes; NULL when it is not a regular file. */
char *sweep_scenario_digest(const char *path);
/* NULL when the parts fit together; otherwise what differs (malloc'd). */
char *sweep_header_mismatch(const struct sweep_header *a, const struct sweep_header *b);

/* ---- metrics (sweep_metric.c) ---- */

/* What --metric names: a single number of the run report (report_scalar.h), by its full
 * name or by a unique ending of one (`exits` is counters.exits, `cas_retries`
 * counters.model.cas_retries, `contention.p99` stages.contention.p99), or a distribution
 * without a statistic (`delivery`, `stages.contention`, `by_register.GICD_CTLR`: its p50
 * and p99). */
struct sweep_metric {
    char *name;              /* as given */
    size_t n;                /* the columns it draws: 1, or 2 (p50 then p99) */
    char *column[2];         /* their full names */
    size_t index[2];         /* their columns in the table (sweep_metrics_place) */
    enum report_unit unit;
};
struct sweep_metrics {
    struct sweep_metric *m;
    size_t n;
};
/* Parses a --metric argument (one or more names separated by commas) and adds its
 * metrics to *out. `model_counters`: the names counters.model.NAME may take. False with
 * a message in *err (malloc'd). */
bool sweep_metrics_parse(const char *arg, const char *const *model_counters, size_t n_mc,
                         struct sweep_metrics *out, char **err);
/* Finds every metric's columns in `cols`, adding them when `add`; false with *err when
 * one is not there (a table made without that --metric). */
bool sweep_metrics_place(struct sweep_metrics *ms, struct sweep_columns *cols, bool add,
                         char **err);
void sweep_metrics_free(struct sweep_metrics *ms);
/* Every name a --metric takes (steps 1 and 2 of sweep_metric.c; a unique ending of one
 * is also taken), in report order, each with what it means in one line: the names of
 * report_scalar_names(true, ...), a distribution alone before its fields, the patterns
 * (by_vcpu.V.DIST.FIELD, counters.model.NAME) as such; the meanings from
 * report_scalar_meaning (`vgicsim list metrics`, the shell completion). */
void sweep_metric_list(void (*each)(const char *name, const char *meaning, void *ctx), void *ctx);
/* The model counter names of a table's columns (counters.model.NAME), for parsing a
 * --metric against a table read back; pointers into the columns; at most max. */
size_t sweep_columns_model_counters(const struct sweep_columns *cols, const char **names,
                                    size_t max);
/* What a column is, in words, for titles and axes: "delivery latency", "notify stage of
 * delivery", "exits", "cas_retries" (what) and its statistic ("p99"; "" for a counter);
 * malloc'd. */
char *sweep_column_what(const struct report_scalar_ref *ref);
const char *sweep_column_stat(const struct report_scalar_ref *ref);

/* ---- the plot (sweep_plot.c) ---- */

struct plot_target;
/* Writes the gnuplot plot of the table into the prepared target (not committed): every
 * metric against the first varied key. */
bool sweep_plot_render(struct plot_target *t, const struct sweep_table *tab,
                       const struct sweep_metrics *ms, enum sweep_unit unit,
                       const char *command);

/* ---- the output (sweep_output.c) ---- */

/* The output options sweep and merge share, checked before any work: the table format
 * `format` and the unit `unit` (NULL: auto). False after printing "vgicsim COMMAND: ..."
 * (the caller exits 2). */
bool sweep_output_options(const char *command, const char *format, const char *unit,
                          enum sweep_format *f, enum sweep_unit *u);

/* Writes the table in format `f` to `path` (NULL: standard output) and, when `plot` (a
 * target already opened) is not NULL, its plot of `ms` (none: delivery): the plot is
 * rendered first, the table written, and the plot put in place last, so that a failure at
 * any step leaves neither half-written. Returns false after printing why. */
bool sweep_output_write(const char *command, const char *path, const struct sweep_table *t,
                        enum sweep_format f, enum sweep_unit unit, struct plot_target *plot,
                        const struct sweep_metrics *ms);

/* ---- sensitivity (sensitivity.c) ---- */

/* One cost operation's two points. */
struct sensitivity_op {
    int op;                  /* enum cost_op */
    uint64_t base, low, high;   /* its cycles: as the scenario has them, -PCT, +PCT */
};

/* The plan: point 0 is the scenario as it is; point 2i+1 has operation i at -PCT, point
 * 2i+2 at +PCT (one axis of whole overrides, "costs.NAME=CYCLES"). Operations whose
 * cost is 0 have nothing to vary: they are listed apart. */
struct sensitivity {
    unsigned pct;
    struct sensitivity_op *ops;
    size_t n_ops;
    int *zero;               /* operations of cost 0 */
    size_t n_zero;
};
void sensitivity_plan(const struct scenario *scn, unsigned pct, struct sensitivity *plan,
                      struct sweep_space *space);
void sensitivity_free(struct sensitivity *plan);

/* One operation's effect on the metric for one model. */
struct sensitivity_effect {
    const struct sensitivity_op *op;
    double low, high;        /* the metric with the operation at -PCT and +PCT */
    double d_low, d_high;    /* their change from the baseline, in % of it */
    double swing;            /* |high - low| in % of the baseline: the ranking */
};
struct sensitivity_result {
    const char *model;
    double baseline;         /* the metric with every cost as it is */
    uint32_t clock_mhz;      /* 0: unknown */
    struct sensitivity_effect *e;   /* n_ops, largest swing first */
    size_t n;
};
/* Ranks the operations of each model (out[n_models]) by the table's column `col`; false
 * with *err when a model has no value of it. */
bool sensitivity_rank(const struct sensitivity *plan, const struct sweep_row *rows,
                      size_t n_models, size_t col, struct sensitivity_result *out, char **err);
void sensitivity_results_free(struct sensitivity_result *res, size_t n_models);

struct sensitivity_report {
    const struct sensitivity *plan;
    const struct sensitivity_result *res;
    size_t n_models;
    const char *scenario;    /* its name (or path) */
    const char *preset;
    const char *metric;      /* the column's full name */
    enum report_unit unit;
};
int sensitivity_write(FILE *out, const struct sensitivity_report *r, enum sweep_format f);
/* The tornado chart: the largest swings (at most SENSITIVITY_PLOT_OPS), a bar from 0 to
 * the change at -PCT and one to the change at +PCT per model. */
enum { SENSITIVITY_PLOT_OPS = 15 };
bool sensitivity_plot_render(struct plot_target *t, const struct sensitivity_report *r);

#endif
