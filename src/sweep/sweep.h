/* SPDX-License-Identifier: GPL-2.0-only */
/* The pieces of `vgicsim sweep` and `vgicsim merge`, one job per file:
 *   sweep_values.c   --vary KEY=V1,A..B:S,...  -> one axis (a key and its values)
 *   sweep_points.c   the point table: every combination of the axes' values, in order,
 *                    and which shard each point belongs to
 *   sweep_run.c      running one point (every model) into table rows
 *   sweep_workers.c  running many points in worker processes
 *   sweep_rows.c     a table row to and from JSON (worker pipes, part files)
 *   sweep_table.c    the table in text, CSV and JSON; reading a JSON table back (merge)
 *   sweep_metric.c   what --metric names, and a row's value of it
 *   sweep_plot.c     the gnuplot plot of a table
 *   sweep_output.c   the table and its plot written together, nothing half-written
 *   sweep_progress.c the progress line on a terminal
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
#include "scenario/load.h"

/* ---- axes (sweep_values.c) ---- */

/* A sweep never has more points than this (each is a full simulation); a range that
 * would expand past it is refused before anything is allocated. */
#define SWEEP_MAX_POINTS UINT64_C(1000000)

struct sweep_axis {
    char *key;               /* dotted path, as for --set */
    char **values;           /* in the order the table shows them */
    size_t n_values;
    size_t cap;              /* values allocated (grows geometrically) */
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
 * "KEY=VALUE" per axis; free with sweep_point_sets_free. */
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

/* ---- rows (sweep_run.c, sweep_rows.c) ---- */

struct sweep_stat {
    uint64_t count, p50, p90, p99, max;
    double mean;             /* rounded to 10 significant digits: see sweep_run.c */
};

struct sweep_row {
    uint64_t point;
    const char *model;       /* a static model name */
    const char *preset;      /* the point's cost preset (static, from cost_presets) */
    uint64_t delivered, undelivered;
    struct sweep_stat delivery, injection, service;
    struct sweep_stat stages[REC_NR_STAGES];           /* delivery's stages (recorder.h) */
    uint64_t kicks, exits, maintenance_interrupts, lr_overflows;
    uint64_t maintenance_by_cause[VGIC_MI_CAUSES];     /* sum: maintenance_interrupts */
    uint64_t exits_by_reason[VGIC_EXIT_REASONS];       /* sum: exits */
    uint64_t expectation_failures;
};

/* Everything that stays the same across the points of one sweep. */
struct sweep_job {
    const struct scenario_source *source;
    const struct sweep_space *space;
    const char *const *base;           /* --set options before the varied keys */
    size_t n_base;
    const uint64_t *seed;              /* --seed, or NULL: each point's scenario's own */
    const struct vgic_model_ops *const *models;
    size_t n_models;
};

/* Runs point p on every model into rows[0 .. n_models-1]. The point was validated
 * before: a load failure here is a bug (asserted). */
void sweep_run_point(const struct sweep_job *job, uint64_t p, struct sweep_row *rows);

json_t *sweep_row_to_json(const struct sweep_row *r, const struct sweep_space *s);
/* Reads a row back; `models` are the names it may carry (the row's model points to one
 * of them). False with a message in *err when a field is missing or of the wrong type. */
bool sweep_row_from_json(json_t *o, const struct sweep_space *s, const char *const *models,
                         size_t n_models, struct sweep_row *out, char **err);

/* ---- worker processes (sweep_workers.c) ---- */

/* Runs the points of `shard` with `jobs` processes (1: in this process) and stores
 * point i's rows at rows[(i-th point of the shard) * n_models ...]. Returns false after
 * printing why when a worker failed. */
bool sweep_run_points(const struct sweep_job *job, const struct sweep_shard *shard,
                      unsigned jobs, struct sweep_row *rows, const char *command);

/* ---- progress (sweep_progress.c) ---- */

struct sweep_progress {
    bool enabled;            /* standard error is a terminal */
    uint64_t done, total;
    const char *command;
};
void sweep_progress_start(struct sweep_progress *p, const char *command, uint64_t total);
void sweep_progress_step(struct sweep_progress *p);
void sweep_progress_end(struct sweep_progress *p);

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
};
void sweep_header_free(struct sweep_header *h);

struct sweep_table {
    const struct sweep_header *h;
    const struct sweep_row *rows;   /* the shard's points in order, models inner */
    size_t n_rows;
};

enum sweep_format { SWEEP_TEXT, SWEEP_CSV, SWEEP_JSON };
bool sweep_format_parse(const char *name, enum sweep_format *out);
int sweep_table_write(FILE *out, const struct sweep_table *t, enum sweep_format f);

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

/* What --metric names: one statistic of a distribution, both p50 and p99 of it, or a
 * counter. */
struct sweep_metric {
    const char *name;        /* as given */
    int dist;                /* 0 delivery, 1 injection, 2 service, 3 + S stage S; -1 for
                                a counter */
    int stat;                /* statistic, or -1 for p50 + p99 */
    int counter;             /* counter, or -1 */
};
bool sweep_metric_parse(const char *name, struct sweep_metric *out);
/* The list of accepted names, for messages. */
extern const char sweep_metric_names[];
/* The values a metric draws: 1, or 2 (p50 then p99) for a distribution without STAT. */
int sweep_metric_values(const struct sweep_metric *m);
/* Value i of the metric in row r. */
double sweep_metric_value(const struct sweep_row *r, const struct sweep_metric *m, int i);
/* The name of value i's statistic ("p99"; "" for a counter). */
const char *sweep_metric_stat_name(const struct sweep_metric *m, int i);
/* What is drawn, for a title ("delivery latency p99") and for the y axis ("delivery
 * latency (cycles)"); malloc'd. */
char *sweep_metric_title(const struct sweep_metric *m);
char *sweep_metric_axis(const struct sweep_metric *m);

/* ---- the plot (sweep_plot.c) ---- */

struct plot_target;
/* Writes the gnuplot plot of the table into the prepared target (not committed). */
bool sweep_plot_render(struct plot_target *t, const struct sweep_table *tab,
                       const struct sweep_metric *m, const char *command);

/* ---- the output (sweep_output.c) ---- */

/* The output options sweep and merge share, checked before any work: the table format
 * `format`, the --metric `metric` (NULL: delivery), which only --plot `plot` (NULL:
 * none) draws. False after printing "vgicsim COMMAND: ..." (the caller exits 2). */
bool sweep_output_options(const char *command, const char *format, const char *metric,
                          const char *plot, enum sweep_format *f, struct sweep_metric *m);

/* Writes the table in format `f` to `path` (NULL: standard output) and, when `plot` (a
 * target already opened) is not NULL, its plot of `m`: the plot is rendered first, the
 * table written, and the plot put in place last, so that a failure at any step leaves
 * neither half-written. Returns false after printing why. */
bool sweep_output_write(const char *command, const char *path, const struct sweep_table *t,
                       enum sweep_format f, struct plot_target *plot,
                       const struct sweep_metric *m);

#endif
