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
#include "sim/sim.h"
#include "sweep/sweep.h"
#include "util/number.h"
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
    const char **metric;     /* every --metric, in order */
    size_t n_metric;
    const char *unit;
    uint64_t repeat;
    unsigned jobs;           /* 0: the default */
    struct sweep_shard shard;
    const char *scenario;
};

enum { OPT_PLOT = 1001, OPT_METRIC, OPT_SHARD, OPT_REPEAT, OPT_UNIT };

/* Seeds per point at most (each one a full simulation of every model). */
#define SWEEP_MAX_REPEAT UINT64_C(10000)

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
    {"metric", OPT_METRIC, "NAME[,NAME...]", 0,
     "A single number of the run report to add to the table as a column and to draw with "
     "--plot (default: delivery, its p50 and p99); several names separated by commas, or "
     "--metric repeated. A name is the report's (delivery.p99, stages.contention.p99, "
     "counters.exits, counters.maintenance_by_cause.eoi, counters.model.lock_contended, "
     "counters.model.cas_retries, by_register.GICD_ISENABLER.p99, by_class.SGI.delivery.p99, "
     "by_vcpu.0.delivery.p99, interrupts.undelivered, ...: `vgicsim list metrics`, "
     "docs/sweep.md), a distribution without its statistic (delivery, stages.lr_wait: p50 "
     "and p99), or the "
     "unique ending of a name (exits, cas_retries, contention.p99)", 0},
    {"repeat", OPT_REPEAT, "N", 0,
     "Run every point over seeds SEED..SEED+N-1 (SEED: --seed, or the point's scenario's) and "
     "give each value as its mean over the N runs with a 95% confidence interval (Student t "
     "over the per-seed values): text shows mean±half-width, CSV adds NAME_ci95_lo and "
     "NAME_ci95_hi columns, JSON a ci95 object per row, plots error bars; default 1", 0},
    {"unit", OPT_UNIT, "UNIT", 0,
     "Latencies in text and CSV tables and plots: cycles or ns (default: each latency column "
     "in cycles followed by nanoseconds when the point's clock is known, and plots in "
     "nanoseconds when every point's clock is known; ns needs every point's clock: a cost "
     "preset's or costs.clock_mhz)", 0},
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
    case OPT_METRIC:
        a->metric = xrealloc(a->metric, (a->n_metric + 1) * sizeof(*a->metric));
        a->metric[a->n_metric++] = arg;
        return 0;
    case OPT_UNIT: a->unit = arg; return 0;
    case OPT_REPEAT:
        if (!number_parse_u64(arg, &a->repeat) || a->repeat < 1 || a->repeat > SWEEP_MAX_REPEAT)
            argp_error(state, "--repeat expects a number of seeds from 1 to %" PRIu64 ", got '%s'",
                       SWEEP_MAX_REPEAT, ESC(arg));
        return 0;
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
    "fastest. Every combination is validated before anything runs. A progress line (points "
    "done, time elapsed, an estimate of the time left) is shown on standard error when it "
    "is a terminal, and nothing otherwise.\v"
    "Ranges: A..B is every integer from A to B; A..B:STEP every STEP-th, from A up to the "
    "last not above B. Bounds and steps are integers without sign; STEP >= 1; A > B (an "
    "empty range), a value given twice, a key varied twice or more than 1000000 points "
    "are errors.\n"
    "Scaling out: run shards (--shard 1/4 ... --shard 4/4, each with -o PART.json) on as "
    "many machines as you like, then `vgicsim merge PART.json...` prints the same table "
    "as one unsharded run (docs/scale-out.md).\n"
    "Exit status: 0; 2 on bad usage, an invalid combination (a --set value located as "
    "--set:N:COLUMN for the N-th --set, a varied value as --vary:N:COLUMN for the N-th "
    "--vary), a worker process that failed, "
    "a table or plot that could not be written (nothing is half-written), or an output "
    "(-o, --plot) that is the scenario or the other output.",
    sweep_children, NULL, NULL,
};

/* A problem in a varied value is located in its --vary argument (--vary:K:COLUMN for the
 * K-th --vary, at the value's item), not in the override "KEY=VALUE" the point makes of
 * it, which the user never wrote. Problems of the --set options keep their place. */
static void locate_in_vary(struct diag_list *diags, const struct sweep_space *s, size_t n_base,
                           uint64_t p)
{
    size_t *choice = xcalloc(s->n_axes ? s->n_axes : 1, sizeof(*choice));
    sweep_point_choice(s, p, choice);
    for (size_t i = 0; i < diags->count; i++) {
        struct diag *d = &diags->items[i];
        if (strcmp(d->file, "--set") != 0 || d->line <= n_base || d->line > n_base + s->n_axes)
            continue;
        size_t k = d->line - n_base - 1;
        const struct sweep_axis *ax = &s->axes[k];
        uint32_t value_col = (uint32_t)strlen(ax->key) + 2;   /* after "KEY=" */
        free(d->file);
        d->file = xstrdup("--vary");
        d->line = (uint32_t)k + 1;
        if (d->col >= value_col && ax->cols)
            d->col = ax->cols[choice[k]] + (d->col - value_col);
        if (strncmp(d->msg, "--set ", 6) == 0) {
            char *msg = xasprintf("--vary %s", d->msg + 6);
            free(d->msg);
            d->msg = msg;
        }
    }
    free(choice);
}

/* What validating the points found out. */
struct point_facts {
    bool clocks_known;       /* every point has a clock */
    const char *model_counters[VGIC_MAX_MODELS * VGIC_MAX_EXTRA_COUNTERS];
    size_t n_model_counters; /* the names counters.model.NAME may take */
};

/* Loads every point the shard runs (and point 0, whose scenario names the table) before
 * anything runs, so a bad value stops the sweep at once; point 0 also says which counters
 * the models keep. */
static bool validate_points(const struct sweep_args *a, const struct scenario_source *src,
                            struct sweep_header *h, const struct vgic_model_ops *const *models,
                            size_t n_models, struct point_facts *facts)
{
    uint64_t n = sweep_shard_points(&a->shard, a->space.n_points);
    bool ok = true;
    facts->clocks_known = true;
    for (uint64_t i = 0; i <= n && ok; i++) {
        uint64_t p = i == n ? 0 : sweep_shard_point(&a->shard, i);
        size_t n_sets;
        const char **sets = sweep_point_sets(&a->space, a->common.overrides.sets.items,
                                             a->common.overrides.sets.count, p, &n_sets);
        struct scenario scn;
        struct diag_list diags;
        diag_init(&diags);
        ok = scenario_source_load(src, sets, n_sets, &scn, &diags);
        if (ok && !sim_validate(&scn, &diags))
            ok = false;
        if (!ok) {
            locate_in_vary(&diags, &a->space, a->common.overrides.sets.count, p);
            diag_print(&diags, stderr);
        }
        uint64_t seed = ok && a->common.overrides.has_seed ? a->common.overrides.seed : scn.seed;
        if (ok && a->repeat - 1 > UINT64_MAX - seed) {
            fprintf(stderr, "vgicsim sweep: --repeat %" PRIu64 " from seed %" PRIu64 " (point %"
                    PRIu64 ") goes past the largest seed, %" PRIu64 "\n", a->repeat, seed, p,
                    UINT64_MAX);
            ok = false;
        }
        if (ok && i < n && !scn.costs.clock_mhz)
            facts->clocks_known = false;
        if (ok && i == n) {
            if (!h->scenario_name)
                h->scenario_name = xstrdup(scn.name ? scn.name : "");
            facts->n_model_counters =
                sweep_model_counters(&scn, models, n_models, facts->model_counters,
                                     sizeof(facts->model_counters) / sizeof(facts->model_counters[0]));
        }
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

/* The --metric options (default: delivery) as metrics, and their columns added to the
 * standard ones. False after printing why. */
static bool resolve_metrics(const struct sweep_args *a, const struct point_facts *facts,
                            struct sweep_metrics *ms, struct sweep_columns *cols)
{
    char *err = NULL;
    bool ok = true;
    for (size_t i = 0; i < a->n_metric && ok; i++)
        ok = sweep_metrics_parse(a->metric[i], facts->model_counters, facts->n_model_counters,
                                 ms, &err);
    if (ok && ms->n == 0)
        ok = sweep_metrics_parse("delivery", NULL, 0, ms, &err);
    sweep_columns_standard(cols);
    if (ok)
        ok = sweep_metrics_place(ms, cols, true, &err);
    if (!ok) {
        fprintf(stderr, "vgicsim sweep: %s\n", err);
        free(err);
    }
    return ok;
}

int cli_sweep(int argc, char **argv)
{
    struct sweep_args a = {.format = NULL, .shard = {1, 1}, .repeat = 1};
    cli_argp_parse(&sweep_argp, argc, argv, &a);
    int status = CLI_EXIT_INVALID;
    struct sweep_header h = {0};
    struct plot_target plot = {.tmp_fd = -1};
    struct scenario_source *src = NULL;
    struct sweep_row *rows = NULL;
    size_t n_rows = 0;
    struct sweep_metrics metrics = {0};
    struct point_facts facts = {0};

    /* Every usage check before any work. */
    const struct vgic_model_ops *models[VGIC_MAX_MODELS];
    size_t n_models = cli_select_models(a.common.model, models);
    enum sweep_format format;
    enum sweep_unit unit;
    const char *table_path = a.output && strcmp(a.output, "-") != 0 ? a.output : NULL;
    if (!n_models) {
        fprintf(stderr, "vgicsim sweep: unknown model '%s'\n", ESC(a.common.model));
        goto done;
    }
    if (!a.format)
        a.format = a.shard.count > 1 ? "json" : "text";
    if (!sweep_output_options("sweep", a.format, a.unit, &format, &unit))
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
    if (!src || !validate_points(&a, src, &h, models, n_models, &facts))
        goto done;
    if (unit == SWEEP_UNIT_NS && !facts.clocks_known) {
        fprintf(stderr, "vgicsim sweep: --unit ns needs every point's clock (a cost preset's, "
                "or costs.clock_mhz); some point has none\n");
        goto done;
    }
    if (!resolve_metrics(&a, &facts, &metrics, &h.columns))
        goto done;
    h.scenario_digest = sweep_scenario_digest(a.scenario);
    h.repeat = a.repeat;
    fill_header(&h, &a, models, n_models);

    /* Run: only the table rows are kept, one per point and model. */
    uint64_t n_points = sweep_shard_points(&h.shard, h.space.n_points);
    n_rows = n_points * n_models;
    rows = xcalloc(n_rows + 1, sizeof(*rows));
    struct sweep_job job = {
        .source = src, .space = &h.space, .columns = &h.columns,
        .base = a.common.overrides.sets.items, .n_base = a.common.overrides.sets.count,
        .seed = a.common.overrides.has_seed ? &a.common.overrides.seed : NULL,
        .repeat = a.repeat, .models = models, .n_models = n_models,
    };
    if (!sweep_run_points(&job, &h.shard, cli_jobs(a.jobs), rows, "sweep"))
        goto done;

    struct sweep_table table = {&h, rows, n_rows};
    if (sweep_output_write("sweep", table_path, &table, format, unit, a.plot ? &plot : NULL,
                           &metrics))
        status = CLI_EXIT_OK;

done:
    plot_target_close(&plot);
    sweep_rows_free(rows, n_rows);
    free(rows);
    sweep_metrics_free(&metrics);
    free(a.metric);
    scenario_source_free(src);
    sweep_header_free(&h);
    sweep_space_free(&a.space);
    cli_sets_free(&a.common.overrides.sets);
    return status;
}
