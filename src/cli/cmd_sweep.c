/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim sweep SCENARIO --vary KEY=VALUES...: a what-if study over every combination
 * of the varied values, as a table (text, CSV or JSON) and optionally a plot, run by
 * worker processes, whole or one shard at a time. The pieces are in sweep_*.c. */
#include <argp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "plot/gnuplot.h"
#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/output_paths.h"
#include "util/version.h"
#include "util/xalloc.h"

struct sweep_args {
    struct cli_scenario_opts common;
    struct sweep_space space;
    const char *format;
    const char *output;
    const char *plot;
    const char *metric;
    unsigned jobs;           /* 0: the default */
    struct sweep_shard shard;
    const char *scenario;
};

enum { OPT_PLOT = 1001, OPT_METRIC, OPT_SHARD };

static const struct argp_option sweep_options[] = {
    {"vary", 'v', "KEY=VALUES", 0,
     "A scenario value to vary (dotted path as for --set) and its values: a comma-separated "
     "list of values and integer ranges A..B or A..B:STEP (e.g. gic.list_registers=1..16, "
     "costs.exit=500..4000:500, costs.trap=600,1000..2000:500); repeat it to vary several "
     "keys, every combination is run",
     0},
    {"format", 'f', "FORMAT", 0,
     "Table format: text (default), csv or json (json is also the part format that "
     "`vgicsim merge` reads)", 0},
    {"output", 'o', "FILE", 0, "Write the table to FILE ('-': standard output, the default)", 0},
    {"jobs", 'j', "N", 0,
     "Run the points in N worker processes (default: the number of processors this "
     "process may use); the table is the same whatever N", 0},
    {"shard", OPT_SHARD, "K/N", 0,
     "Run only shard K of N: the points whose number (0-based, in table order) is K-1 "
     "modulo N. Its table is a part for `vgicsim merge` (JSON, the default format with "
     "--shard)",
     0},
    {"plot", OPT_PLOT, "FILE", 0,
     "Also plot the table with gnuplot into FILE (.svg, .png or .pdf; '-': SVG on standard "
     "output): the metric against the first varied key, one colour per combination of the "
     "other keys and per model; gnuplot is stopped after VGICSIM_GNUPLOT_TIMEOUT seconds "
     "(default 60, 0: no limit)", 0},
    {"metric", OPT_METRIC, "METRIC", 0,
     "What --plot draws: delivery (default: its p50 solid and p99 dashed), injection, "
     "service, a stage of delivery stages.STAGE (e.g. stages.contention; STAGE: "
     "injector_wait, host_work, contention, notify, exit, lr_wait, flush_entry, guest), "
     "DIST.STAT (e.g. delivery.p99, stages.lr_wait.p99; STAT: mean, p50, p90, p99, max), "
     "or a counter (exits, kicks, maintenance_interrupts, lr_overflows, delivered, "
     "undelivered, expectation_failures, counters.maintenance_by_cause.CAUSE with CAUSE "
     "eoi, underflow, no_pending, lr_entry_no_pending or group, "
     "counters.exits_by_reason.REASON with REASON irq, mmio, sysreg, wfi or other)", 0},
    {0},
};

static const struct argp_child sweep_children[] = {{&cli_scenario_argp, 0, NULL, 0}, {0}};

static error_t sweep_parse(int key, char *arg, struct argp_state *state)
{
    struct sweep_args *a = state->input;
    switch (key) {
    case 'v': {
        struct sweep_axis axis;
        char *err = NULL;
        if (!sweep_axis_parse(arg, &axis, &err) || !sweep_space_add(&a->space, &axis, &err)) {
            sweep_axis_free(&axis);
            argp_error(state, "%s", ESCT(err));   /* exits */
        }
        return 0;
    }
    case ARGP_KEY_INIT: state->child_inputs[0] = &a->common; return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case 'j': a->jobs = cli_parse_jobs(state, arg, "processes"); return 0;
    case OPT_SHARD:
        if (!sweep_shard_parse(arg, &a->shard))
            argp_error(state, "--shard expects K/N with 1 <= K <= N (e.g. 2/8), got '%s'",
                       ESC(arg));
        return 0;
    case OPT_PLOT: a->plot = arg; return 0;
    case OPT_METRIC: a->metric = arg; return 0;
    case ARGP_KEY_ARG:
        if (a->scenario)
            argp_error(state, "sweep takes one scenario; '%s' is a second one", ESC(arg));
        a->scenario = arg;
        return 0;
    case ARGP_KEY_END:
        if (!a->scenario)
            argp_error(state, "no scenario given");
        if (!a->space.n_axes)
            argp_error(state, "say what to vary with --vary KEY=V1,V2,...");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp sweep_argp = {
    sweep_options, sweep_parse, "SCENARIO",
    "Run SCENARIO once for every combination of the --vary values (e.g. --vary "
    "gic.list_registers=1..8 --vary costs.trap=600,1200) and tabulate interrupt latency "
    "and the hypervisor's counters per combination and model, the last --vary changing "
    "fastest. Every combination is validated before anything runs. A progress line is "
    "shown on standard error when it is a terminal.\v"
    "Ranges: A..B is every integer from A to B; A..B:STEP every STEP-th, from A up to the "
    "last not above B. Bounds and steps are integers without sign; STEP >= 1; A > B (an "
    "empty range), a value given twice, a key varied twice or more than 1000000 points "
    "are errors.\n"
    "Scaling out: run shards (--shard 1/4 ... --shard 4/4, each with -o PART.json) on as "
    "many machines as you like, then `vgicsim merge PART.json...` prints the same table "
    "as one unsharded run (docs/scale-out.md).\n"
    "Exit status: 0; 2 on bad usage, an invalid combination (located as --set:N:COLUMN "
    "for the N-th override of that run, varied keys last), a worker process that failed, "
    "a table or plot that could not be written (nothing is half-written), or an output "
    "(-o, --plot) that is the scenario or the other output.",
    sweep_children, NULL, NULL,
};

/* Loads every point the shard runs (and point 0, whose scenario names the table) before
 * anything runs, so a bad value stops the sweep at once. */
static bool validate_points(const struct sweep_args *a, const struct scenario_source *src,
                            struct sweep_header *h)
{
    uint64_t n = sweep_shard_points(&a->shard, a->space.n_points);
    bool ok = true;
    for (uint64_t i = 0; i <= n && ok; i++) {
        uint64_t p = i == n ? 0 : sweep_shard_point(&a->shard, i);
        size_t n_sets;
        const char **sets = sweep_point_sets(&a->space, a->common.overrides.sets.items,
                                             a->common.overrides.sets.count, p, &n_sets);
        struct scenario scn;
        struct diag_list diags;
        diag_init(&diags);
        ok = scenario_source_load(src, sets, n_sets, &scn, &diags);
        if (!ok)
            diag_print(&diags, stderr);
        else if (p == 0 && !h->scenario_name)
            h->scenario_name = xstrdup(scn.name ? scn.name : "");
        diag_free(&diags);
        scenario_free(&scn);
        sweep_point_sets_free(&a->space, a->common.overrides.sets.count, sets);
    }
    return ok;
}

static void fill_header(struct sweep_header *h, struct sweep_args *a,
                        const struct vgic_model_ops *const *models, size_t n_models)
{
    h->version = xstrdup(vgicsim_version);
    h->commit = xstrdup(vgicsim_commit);
    h->scenario_path = xstrdup(a->scenario);
    h->sets = xcalloc(a->common.overrides.sets.count + 1, sizeof(*h->sets));
    for (size_t i = 0; i < a->common.overrides.sets.count; i++)
        h->sets[h->n_sets++] = xstrdup(a->common.overrides.sets.items[i]);
    h->has_seed = a->common.overrides.has_seed;
    h->seed = a->common.overrides.seed;
    h->models = xcalloc(n_models, sizeof(*h->models));
    for (size_t m = 0; m < n_models; m++)
        h->models[h->n_models++] = xstrdup(models[m]->name);
    h->space = a->space;   /* the header owns the axes from here on */
    memset(&a->space, 0, sizeof(a->space));
    h->shard = a->shard;
}

int cli_sweep(int argc, char **argv)
{
    struct sweep_args a = {.format = NULL, .shard = {1, 1}};
    argp_parse(&sweep_argp, argc, argv, 0, NULL, &a);
    int status = CLI_EXIT_INVALID;
    struct sweep_header h = {0};
    struct plot_target plot = {.tmp_fd = -1};
    struct scenario_source *src = NULL;
    struct sweep_row *rows = NULL;

    /* Every usage check before any work. */
    const struct vgic_model_ops *models[VGIC_MAX_MODELS];
    size_t n_models = cli_select_models(a.common.model, models);
    enum sweep_format format;
    struct sweep_metric metric;
    const char *table_path = a.output && strcmp(a.output, "-") != 0 ? a.output : NULL;
    if (!n_models) {
        fprintf(stderr, "vgicsim sweep: unknown model '%s'\n", ESC(a.common.model));
        goto done;
    }
    if (!a.format)
        a.format = a.shard.count > 1 ? "json" : "text";
    if (!sweep_output_options("sweep", a.format, a.metric, a.plot, &format, &metric))
        goto done;
    if (a.plot && a.shard.count > 1) {
        fprintf(stderr, "vgicsim sweep: a shard cannot be plotted alone; plot the merged "
                "table (vgicsim merge --plot FILE PART...)\n");
        goto done;
    }
    if (a.plot && strcmp(a.plot, "-") == 0 && !table_path) {
        fprintf(stderr, "vgicsim sweep: --plot - and the table cannot both go to standard "
                "output; give -o FILE for the table\n");
        goto done;
    }
    const struct io_path in[] = {{a.scenario, "the scenario"}};
    const struct io_path out[] = {{a.output, "-o"}, {a.plot, "--plot"}};
    if (!output_paths_check("sweep", in, 1, out, 2))
        goto done;
    if (a.plot && !plot_target_open(&plot, a.plot, "sweep"))
        goto done;

    struct diag_list diags;
    diag_init(&diags);
    src = scenario_source_open(a.scenario, &diags);
    diag_print(&diags, stderr);
    diag_free(&diags);
    if (!src || !validate_points(&a, src, &h))
        goto done;
    h.scenario_digest = sweep_scenario_digest(a.scenario);
    fill_header(&h, &a, models, n_models);

    /* Run: only the table rows are kept, one per point and model. */
    uint64_t n_points = sweep_shard_points(&h.shard, h.space.n_points);
    rows = xcalloc(n_points * n_models + 1, sizeof(*rows));
    struct sweep_job job = {
        .source = src, .space = &h.space, .base = a.common.overrides.sets.items,
        .n_base = a.common.overrides.sets.count,
        .seed = a.common.overrides.has_seed ? &a.common.overrides.seed : NULL,
        .models = models, .n_models = n_models,
    };
    if (!sweep_run_points(&job, &h.shard, cli_jobs(a.jobs), rows,
                          "sweep"))
        goto done;

    struct sweep_table table = {&h, rows, n_points * n_models};
    if (sweep_output_write("sweep", table_path, &table, format, a.plot ? &plot : NULL, &metric))
        status = CLI_EXIT_OK;

done:
    plot_target_close(&plot);
    free(rows);
    scenario_source_free(src);
    sweep_header_free(&h);
    sweep_space_free(&a.space);
    cli_sets_free(&a.common.overrides.sets);
    return status;
}
