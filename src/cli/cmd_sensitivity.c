/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim sensitivity SCENARIO: which cost operations matter for a metric. Each
 * operation with a cost is set --by PCT % lower and higher, one at a time; the points run
 * as one sweep (src/sweep: the same workers and rows) and the operations are ranked by
 * how far the metric swings (src/sweep/sensitivity.c). */
#include <argp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "plot/gnuplot.h"
#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/number.h"
#include "util/output_file.h"
#include "util/output_paths.h"
#include "util/xalloc.h"

struct sensitivity_args {
    struct cli_scenario_opts common;
    const char *metric;
    unsigned by;
    const char *format;
    const char *output;
    const char *plot;
    unsigned jobs;           /* 0: the default */
    const char *scenario;
};

enum { OPT_PLOT = 1001, OPT_METRIC, OPT_BY };

static const struct argp_option sensitivity_options[] = {
    {"metric", OPT_METRIC, "NAME", 0,
     "The single number of the run report to rank by (default delivery.p99): any name "
     "`sweep --metric` takes that is one number, e.g. delivery.mean, stages.contention.p99, "
     "counters.exits, counters.model.lock_wait_cycles (`vgicsim list metrics`)", 0},
    {"by", OPT_BY, "PCT", 0, "How much each cost operation is lowered and raised, in % of its "
     "cycles (1 to 99; default 20)", 0},
    {"format", 'f', "FORMAT", 0, "Table format: text (default), csv or json", 0},
    {"output", 'o', "FILE", 0, "Write the table to FILE ('-': standard output, the default)", 0},
    {"plot", OPT_PLOT, "FILE", 0,
     "Also draw a tornado chart with gnuplot into FILE (.svg, .png or .pdf; '-': SVG on "
     "standard output): the operations with the largest swings, a bar per model to the "
     "change at -PCT and one to the change at +PCT", 0},
    {"jobs", 'j', "N", 0,
     "Run the points in N worker processes (default: the number of processors this process "
     "may use); the result is the same whatever N", 0},
    {0},
};

static const struct argp_child sensitivity_children[] = {{&cli_scenario_argp, 0, NULL, 0}, {0}};

static error_t sensitivity_parse(int key, char *arg, struct argp_state *state)
{
    struct sensitivity_args *a = state->input;
    uint64_t v;
    switch (key) {
    case ARGP_KEY_INIT: state->child_inputs[0] = &a->common; return 0;
    case OPT_METRIC: a->metric = arg; return 0;
    case OPT_BY:
        if (!number_parse_u64(arg, &v) || v < 1 || v > 99)
            argp_error(state, "--by expects a percentage from 1 to 99, got '%s'", ESC(arg));
        a->by = (unsigned)v;
        return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case OPT_PLOT: a->plot = arg; return 0;
    case 'j': a->jobs = cli_parse_jobs(state, arg, "processes"); return 0;
    case ARGP_KEY_ARG:
        if (a->scenario)
            argp_error(state, "sensitivity takes one scenario; '%s' is a second one",
                       ESC(arg));
        a->scenario = arg;
        return 0;
    case ARGP_KEY_END:
        if (!a->scenario)
            argp_error(state, "no scenario given");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp sensitivity_argp = {
    sensitivity_options, sensitivity_parse, "SCENARIO",
    "Which cost operations matter: run SCENARIO as it is, then with each cost operation "
    "--by PCT % (default 20) cheaper and dearer, one at a time, and rank the operations by "
    "how far --metric (default delivery.p99) swings between the two, in % of its baseline. "
    "A table and, with --plot, a tornado chart. Operations of cost 0 have nothing to vary "
    "and are listed apart.\v"
    "The 2N+1 points (N operations with a cost) run as one `vgicsim sweep` does, in worker "
    "processes; every point is validated before any runs. --set applies before the "
    "changes, so `--set costs.preset=kvm-gicv2` studies that preset. A progress line "
    "(points done, time elapsed, an estimate of the time left) is shown on standard error "
    "when it is a terminal, and nothing otherwise.\n"
    "Exit status: 0; 2 on bad usage, an invalid scenario or point, a metric a model has no "
    "value of, a worker process that failed, a table or plot that could not be written "
    "(nothing is half-written), or an output (-o, --plot) that is the scenario or the other "
    "output.",
    sensitivity_children, NULL, NULL,
};

struct table_output {
    const struct sensitivity_report *r;
    enum sweep_format f;
};

static int write_table(FILE *out, void *ctx)
{
    const struct table_output *o = ctx;
    return sensitivity_write(out, o->r, o->f);
}

/* Loads every point before any runs: an operation's cost that would leave its range
 * is located as --set:N:COLUMN. */
static bool validate_points(const struct sensitivity_args *a, const struct scenario_source *src,
                            const struct sweep_space *space)
{
    bool ok = true;
    for (uint64_t p = 0; p < space->n_points && ok; p++) {
        size_t n_sets;
        const char **sets = sweep_point_sets(space, a->common.overrides.sets.items,
                                             a->common.overrides.sets.count, p, &n_sets);
        struct scenario scn;
        struct diag_list diags;
        diag_init(&diags);
        ok = scenario_source_load(src, sets, n_sets, &scn, &diags);
        if (!ok)
            diag_print(&diags, stderr);
        diag_free(&diags);
        scenario_free(&scn);
        sweep_point_sets_free(space, a->common.overrides.sets.count, sets);
    }
    return ok;
}

int cli_sensitivity(int argc, char **argv)
{
    struct sensitivity_args a = {.by = 20, .format = "text", .metric = "delivery.p99"};
    cli_argp_parse(&sensitivity_argp, argc, argv, &a);
    int status = CLI_EXIT_INVALID;
    struct plot_target plot = {.tmp_fd = -1};
    struct scenario_source *src = NULL;
    struct scenario scn;
    bool loaded = false;
    struct sensitivity plan = {0};
    struct sweep_space space = {0};
    struct sweep_columns cols = {0};
    struct sweep_metrics ms = {0};
    struct sweep_row *rows = NULL;
    size_t n_rows = 0;
    struct sensitivity_result res[VGIC_MAX_MODELS];
    memset(res, 0, sizeof(res));
    char *err = NULL;

    const struct vgic_model_ops *models[VGIC_MAX_MODELS];
    size_t n_models = cli_select_models(a.common.model, models);
    enum sweep_format format;
    const char *table_path = a.output && strcmp(a.output, "-") != 0 ? a.output : NULL;
    if (!n_models) {
        fprintf(stderr, "vgicsim sensitivity: unknown model '%s'\n", ESC(a.common.model));
        goto done;
    }
    if (!sweep_format_parse(a.format, &format)) {
        fprintf(stderr, "vgicsim sensitivity: unknown format '%s' (text, csv or json)\n",
                ESC(a.format));
        goto done;
    }
    if (a.plot && strcmp(a.plot, "-") == 0 && !table_path) {
        fprintf(stderr, "vgicsim sensitivity: --plot - and the table cannot both go to "
                "standard output; give -o FILE for the table\n");
        goto done;
    }
    const struct io_path in[] = {{a.scenario, "the scenario"}};
    const struct io_path outs[] = {{a.output, "-o"}, {a.plot, "--plot"}};
    if (!output_paths_check("sensitivity", in, 1, outs, 2))
        goto done;
    if (a.plot && !plot_target_open(&plot, a.plot, "sensitivity"))
        goto done;

    struct diag_list diags;
    diag_init(&diags);
    src = scenario_source_open(a.scenario, &diags);
    if (src)
        loaded = scenario_source_load(src, a.common.overrides.sets.items,
                                      a.common.overrides.sets.count, &scn, &diags);
    diag_print(&diags, stderr);
    diag_free(&diags);
    if (!loaded)
        goto done;
    sensitivity_plan(&scn, a.by, &plan, &space);
    if (!validate_points(&a, src, &space))
        goto done;

    /* The metric: one number, which every model must have. */
    const char *mc[VGIC_MAX_MODELS * VGIC_MAX_EXTRA_COUNTERS];
    size_t n_mc = sweep_model_counters(&scn, models, n_models, mc, sizeof(mc) / sizeof(mc[0]));
    if (!sweep_metrics_parse(a.metric, mc, n_mc, &ms, &err))
        goto bad_metric;
    if (ms.n != 1 || ms.m[0].n != 1) {
        err = xasprintf("--metric %s is not one number; name a statistic (%s.p99) or a counter",
                        ESC(a.metric), ESC(a.metric));
        goto bad_metric;
    }
    sweep_columns_standard(&cols);
    if (!sweep_metrics_place(&ms, &cols, true, &err))
        goto bad_metric;

    n_rows = space.n_points * n_models;
    rows = xcalloc(n_rows + 1, sizeof(*rows));
    struct sweep_shard whole = {1, 1};
    struct sweep_job job = {
        .source = src, .space = &space, .columns = &cols,
        .base = a.common.overrides.sets.items, .n_base = a.common.overrides.sets.count,
        .seed = a.common.overrides.has_seed ? &a.common.overrides.seed : NULL,
        .repeat = 1, .models = models, .n_models = n_models,
    };
    if (!sweep_run_points(&job, &whole, cli_jobs(a.jobs), rows, "sensitivity"))
        goto done;
    if (!sensitivity_rank(&plan, rows, n_models, ms.m[0].index[0], res, &err))
        goto bad_metric;

    struct sensitivity_report report = {
        .plan = &plan, .res = res, .n_models = n_models,
        .scenario = scn.name ? scn.name : a.scenario, .preset = scn.costs.preset,
        .metric = ms.m[0].column[0], .unit = ms.m[0].unit,
    };
    struct table_output out = {&report, format};
    if ((!a.plot || sensitivity_plot_render(&plot, &report)) &&
        output_file_write("sensitivity", table_path, write_table, &out) &&
        (!a.plot || plot_target_commit(&plot)))
        status = CLI_EXIT_OK;
    goto done;

bad_metric:
    fprintf(stderr, "vgicsim sensitivity: %s\n", err);
done:
    free(err);
    plot_target_close(&plot);
    sensitivity_results_free(res, n_models);
    sweep_rows_free(rows, n_rows);
    free(rows);
    sweep_metrics_free(&ms);
    sweep_columns_free(&cols);
    sweep_space_free(&space);
    sensitivity_free(&plan);
    if (loaded)
        scenario_free(&scn);
    scenario_source_free(src);
    cli_sets_free(&a.common.overrides.sets);
    return status;
}
