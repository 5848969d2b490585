/* SPDX-License-Identifier: GPL-2.0-only */
/* `vgicsim compare`: the parts of the regression check between two JSON run reports.
 *
 *   compare_read.c    a report file -> its identity and a flat list of statistics per
 *                     model, after checking that it is a report this vgicsim reads
 *   compare_judge.c   the limits (--threshold, --min-delta, --min-samples) and the
 *                     verdict on every statistic both reports have
 *   compare_output.c  the result as text, markdown or JSON
 *   cli/cmd_compare.c the command line, identity checks and exit status
 *
 * docs/report.md says what is compared and how a verdict is reached. */
#ifndef VGICSIM_COMPARE_COMPARE_H
#define VGICSIM_COMPARE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* One statistic of one model, named as --threshold names it: "delivery.p99",
 * "delivery.SPI.mean", "stages.contention.p99", "trapped_access.GICD_ISENABLER.p90",
 * "counters.exits", "counters.exits_by_reason.wfi", "counters.model.lock_wait_cycles". */
struct cmp_stat {
    char *name;
    double value;
    bool has_ci;
    double ci_low, ci_high;   /* the report's 95 % interval (--repeat) */
    bool has_samples;         /* a latency statistic: `samples` is its distribution's count */
    double samples;
};

struct cmp_model {
    char *name;
    struct cmp_stat *stats;
    size_t n_stats;
};

/* What a report says about itself and its statistics. The identity members point into
 * `root`, which the report keeps. */
struct cmp_report {
    const char *path;
    json_t *root;
    const char *scenario_name;
    const char *sha256;       /* NULL: the report has none */
    json_t *seeds, *configuration, *vgicsim;
    struct cmp_model *models;
    size_t n_models;
};

/* Largest report file read (a run report of 512 vCPUs with --repeat is a few MB). */
enum { CMP_MAX_REPORT_BYTES = 64 * 1024 * 1024 };

/* Reads and checks a report. On failure prints "PATH: error: ..." (a located JSON error,
 * or the JSON pointer of the field that does not fit) and returns false. */
bool cmp_report_load(const char *path, struct cmp_report *out);
/* The same from bytes in memory; `name` labels messages. */
bool cmp_report_parse(const char *name, const char *text, size_t len, struct cmp_report *out);
void cmp_report_free(struct cmp_report *r);

/* ---- limits and verdicts ---- */

struct cmp_rule {
    char *pattern;            /* a glob (fnmatch) over statistic names */
    double value;             /* a percentage (--threshold) or an amount (--min-delta) */
    bool used;                /* matched a statistic of either report */
};

struct cmp_limits {
    double threshold_pct;     /* --threshold PCT: default for statistics no rule names */
    double min_delta;         /* --min-delta N: default floor */
    double min_samples;       /* --min-samples N */
    struct cmp_rule *thresholds, *min_deltas;   /* KEY=VALUE forms, in order given */
    size_t n_thresholds, n_min_deltas;
};

/* Parses a --threshold or --min-delta argument: "PCT", "PCT%", "KEY=PCT", "KEY=PCT%"
 * (percent_allowed) or "N", "KEY=N". Returns false with a message in `why`. */
bool cmp_limits_add(struct cmp_limits *l, bool threshold, const char *arg, char *why,
                    size_t why_size);
void cmp_limits_free(struct cmp_limits *l);

enum cmp_verdict {
    CMP_REGRESSION,           /* grew beyond every limit, outside the intervals */
    CMP_IMPROVEMENT,          /* shrank likewise */
    CMP_NOISE,                /* beyond the limits, but the intervals overlap */
    CMP_UNCHANGED,            /* within the threshold or the absolute floor */
    CMP_FEW_SAMPLES,          /* fewer samples than --min-samples in either report */
    CMP_ONLY_BASE,            /* the new report does not have it */
    CMP_ONLY_NEW,             /* the base report does not have it */
};
extern const char *const cmp_verdict_names[];   /* "regression", ... */

struct cmp_row {
    const char *model;
    const char *name;
    const struct cmp_stat *base, *cur;   /* NULL for ONLY_NEW / ONLY_BASE */
    double change_pct;                   /* NAN when base is 0 */
    double threshold_pct, min_delta;     /* the limits that applied */
    enum cmp_verdict verdict;
};

struct cmp_result {
    struct cmp_row *rows;
    size_t n_rows;
    size_t counts[CMP_ONLY_NEW + 1];     /* rows per verdict */
    size_t models_compared;
    char **notes;                        /* models in one report only, cost differences */
    size_t n_notes;
};

/* Judges every statistic of every model both reports have. */
void cmp_judge(const struct cmp_report *base, const struct cmp_report *cur,
               struct cmp_limits *limits, struct cmp_result *out);
void cmp_result_note(struct cmp_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cmp_result_free(struct cmp_result *r);

/* ---- output ---- */

struct cmp_output {
    const struct cmp_report *base, *cur;
    const struct cmp_limits *limits;
    const struct cmp_result *result;
    bool allow_different;
    int exit_status;
};
int cmp_write_text(FILE *out, const struct cmp_output *o);
int cmp_write_markdown(FILE *out, const struct cmp_output *o);
int cmp_write_json(FILE *out, const struct cmp_output *o);

#endif
