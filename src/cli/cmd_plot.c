/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim plot REPORT.json -o FILE: the latency distribution of a saved JSON run report
 * (`vgicsim run --format json`) as a CDF or a histogram, drawn by gnuplot. */
#include <argp.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "compare/compare.h"
#include "report/report_plot.h"
#include "plot/gnuplot.h"
#include "util/escape.h"
#include "util/output_paths.h"

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
            argp_error(state, "--metric expects delivery, injection or service, got '%s'",
                       ESC(arg));
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
            argp_error(state, "--unit expects cycles or ns, got '%s'", ESC(arg));
        return 0;
    case ARGP_KEY_ARG:
        if (a->report)
            argp_error(state, "plot takes one report; '%s' is a second one", ESC(arg));
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
    "gnuplot gets 60 seconds; the environment variable VGICSIM_GNUPLOT_TIMEOUT=SECONDS "
    "changes that (0: no limit). Past it gnuplot is stopped and the plot fails.\n"
    "Exit status: 0; 2 on bad usage, a report that cannot be read or is not a run report "
    "of this vgicsim, gnuplot missing, failing or out of time, or a plot that could not be "
    "written (nothing is half-written) or that is the report.",
    NULL, NULL, NULL,
};

int cli_plot(int argc, char **argv)
{
    struct plot_args a = {0};
    cli_argp_parse(&plot_argp, argc, argv, &a);
    const struct io_path in[] = {{a.report, "the report"}};
    const struct io_path out[] = {{a.output, "-o"}};
    if (!output_paths_check("plot", in, 1, out, 1))
        return CLI_EXIT_INVALID;
    struct plot_target t;
    if (!plot_target_open(&t, a.output, "plot")) {
        plot_target_close(&t);
        return CLI_EXIT_INVALID;
    }
    /* The report is read and checked as `compare` reads it (src/compare/compare_read.c: a
     * size limit, every member's type, the seeds), so both take and refuse the same files;
     * the distributions it draws are checked by report_plot_render. */
    int status = CLI_EXIT_INVALID;
    struct cmp_report r;
    if (cmp_report_load(a.report, &r)) {
        if (report_plot_render(&t, r.root, &a.opts, a.report) && plot_target_commit(&t))
            status = CLI_EXIT_OK;
        cmp_report_free(&r);
    }
    plot_target_close(&t);
    return status;
}
