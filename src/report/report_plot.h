/* SPDX-License-Identifier: GPL-2.0-only */
/* Plots of one run report's latency distributions (`vgicsim plot`, `vgicsim run
 * --plot`): the CDF on a logarithmic latency axis (tools/cdf.gp), its tail view — the
 * fraction slower than each latency, 1 - F, on a logarithmic axis (tools/cdf-tail.gp) —,
 * or a histogram with logarithmic bins (tools/histogram.gp), one line per model. The data is the JSON run
 * report's `distributions` (docs/report.md), so a plot of a saved report and the plot
 * `run --plot` makes of the same run are the same. */
#ifndef VGICSIM_REPORT_REPORT_PLOT_H
#define VGICSIM_REPORT_REPORT_PLOT_H

#include <jansson.h>
#include <stdbool.h>

struct plot_target;

struct report_plot_opts {
    const char *metric;      /* "delivery" (default), "injection" or "service" */
    bool histogram;
    bool tail;               /* the tail view: 1 - F on a logarithmic axis */
    int unit;                /* 0: ns when the report's clock is known, else cycles;
                                1: cycles; 2: ns (the report must have a clock) */
};

/* Histogram bins per decade of latency. */
enum { REPORT_PLOT_BINS_PER_DECADE = 20 };

/* Checks a metric name; false for an unknown one. */
bool report_plot_metric_ok(const char *metric);
/* The gnuplot script (malloc'd, without the terminal) that draws `report`: false, after
 * printing why (a distribution that does not add up, nothing to draw) with *script NULL.
 * Separate from running gnuplot so that the fuzzing harness (tests/fuzz/fuzz_inputs.c)
 * reaches every check without starting a process per input. */
bool report_plot_script(json_t *report, const struct report_plot_opts *o, const char *where,
                        char **script, size_t *script_len);
/* Draws `report` (a parsed run report) into the prepared target. False after printing
 * why: `where` names the report in messages ("r.json", or "the run"). */
bool report_plot_render(struct plot_target *t, json_t *report,
                        const struct report_plot_opts *o, const char *where);

/* `vgicsim run --plot`: the same plot, from the report of the run just made (its JSON
 * form, built in memory). */
struct report;
bool report_plot_run(struct plot_target *t, const struct report *r);

#endif
