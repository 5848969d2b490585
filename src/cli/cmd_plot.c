/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim plot REPORT.json -o FILE: the latency distribution of a saved JSON run report
 * (`vgicsim run --format json`) as a CDF or a histogram, drawn by gnuplot. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "report/report_plot.h"
#include "plot/gnuplot.h"

struct plot_args {
    const char *report;
    const char *output;
    struct report_plot_opts opts;
};

enum { OPT_HISTOGRAM = 1001, OPT_METRIC, OPT_TAIL, OPT_UNIT };

static const struct argp_option plot_options[] = {
    {"output", 'o', "FILE", 0,
     "The plot file (required): .svg, .png or .pdf, the format follows the name; '-' writes "
     "SVG to standard output", 0},
    {"metric", OPT_METRIC, "METRIC", 0,
     "Which latency: delivery (default), injection or service", 0},
    {"histogram", OPT_HISTOGRAM, 0, 0,
     "Draw a histogram (20 logarithmic bins per decade) instead of the cumulative "
     "distribution", 0},
    {"unit", OPT_UNIT, "UNIT", 0,
     "Latency in cycles or ns (default: ns when the report's clock is known, a preset's or "
     "costs.clock_mhz; else cycles)", 0},
    {"tail", OPT_TAIL, 0, 0,
     "Draw the tail instead: the fraction of interrupts slower than each latency (1 - F) "
     "on a logarithmic axis, where p90, p99 and p99.9 are 0.1, 0.01 and 0.001", 0},
    {0},
};

static error_t plot_parse(int key, char *arg, struct argp_state *state)
{
    struct plot_args *a = state->input;
    switch (key) {
    case 'o': a->output = arg; return 0;
    case OPT_METRIC:
        if (!report_plot_metric_ok(arg))
            argp_error(state, "--metric expects delivery, injection or service, got '%s'", arg);
        a->opts.metric = arg;
        return 0;
    case OPT_HISTOGRAM: a->opts.histogram = true; return 0;
    case OPT_TAIL: a->opts.tail = true; return 0;
    case OPT_UNIT:
        if (strcmp(arg, "cycles") == 0)
            a->opts.unit = 1;
        else if (strcmp(arg, "ns") == 0)
            a->opts.unit = 2;
        else
            argp_error(state, "--unit expects cycles or ns, got '%s'", arg);
        return 0;
    case ARGP_KEY_ARG:
        if (a->report)
            argp_error(state, "plot takes one report; '%s' is a second one", arg);
        a->report = arg;
        return 0;
    case ARGP_KEY_END:
        if (!a->report)
            argp_error(state, "no report given");
        if (!a->output)
            argp_error(state, "say where the plot goes with -o FILE.svg (or .png, .pdf)");
        if (a->opts.tail && a->opts.histogram)
            argp_error(state, "--tail and --histogram are two different plots; choose one");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp plot_argp = {
    plot_options, plot_parse, "REPORT.json",
    "Plot the latency distribution of a JSON run report (`vgicsim run --format json`; or "
    "use `vgicsim run --plot FILE` directly) with gnuplot: the cumulative distribution of "
    "delivery latency on a logarithmic axis, one line per model, with the p50 and p99 "
    "levels marked; --tail draws its tail (1 - F, logarithmic), --histogram the histogram.\v"
    "Exit status: 0; 2 on bad usage, a report that cannot be read or is not a run report "
    "of this vgicsim, gnuplot missing or failing, or a plot that could not be written "
    "(nothing is half-written).",
    NULL, NULL, NULL,
};

int cli_plot(int argc, char **argv)
{
    struct plot_args a = {0};
    cli_argp_parse(&plot_argp, argc, argv, &a);
    struct plot_target t;
    if (!plot_target_open(&t, a.output, "plot")) {
        plot_target_close(&t);
        return CLI_EXIT_INVALID;
    }
    int status = CLI_EXIT_INVALID;
    struct stat st;
    json_error_t jerr;
    json_t *report = NULL;
    bool found = stat(a.report, &st) == 0;
    if (!found || S_ISDIR(st.st_mode)) {
        fprintf(stderr, "vgicsim plot: cannot read %s: %s\n", a.report,
                found ? "it is a folder" : strerror(errno));
    } else if (!(report = json_load_file(a.report, JSON_REJECT_DUPLICATES, &jerr))) {
        if (jerr.line > 0)
            fprintf(stderr, "%s:%d:%d: error: not valid JSON: %s\n", a.report, jerr.line,
                    jerr.column, jerr.text);
        else
            fprintf(stderr, "vgicsim plot: cannot read %s: %s\n", a.report, jerr.text);
    } else if (report_plot_render(&t, report, &a.opts, a.report) && plot_target_commit(&t)) {
        status = CLI_EXIT_OK;
    }
    json_decref(report);
    plot_target_close(&t);
    return status;
}
