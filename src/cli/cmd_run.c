/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim run [SCENARIO]: run a scenario and report interrupt latency. */
#include <argp.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/report_plot.h"
#include "plot/gnuplot.h"
#include "model/model_registry.h"
#include "report/csv_report.h"
#include "report/json_report.h"
#include "report/report_data.h"
#include "report/sha256.h"
#include "report/text_report.h"
#include "report/timeline_json.h"
#include "util/number.h"
#include "sim/sim.h"
#include "util/escape.h"
#include "util/ordered_pool.h"
#include "util/progress.h"
#include "util/output_paths.h"
#include "util/version.h"
#include "util/xalloc.h"

struct run_args {
    struct cli_scenario_opts common;
    const char *format;
    const char *output;
    const char *scenario;
    uint64_t repeat;
    const char *plot;
    unsigned jobs;           /* 0: the default */
    const char *timeline;    /* --timeline FILE */
    uint64_t window_from, window_to;
};

enum { OPT_REPEAT = 1100, OPT_PLOT, OPT_TIMELINE, OPT_TIMELINE_WINDOW };
/* Each run is folded into the report as it ends, so memory does not grow with N; the
 * bound keeps a mistyped count from running for days. */
#define RUN_MAX_REPEAT UINT64_C(100000)

static const struct argp_option run_options[] = {
    {"format", 'f', "FORMAT", 0,
     "Report format: text (the default), json (for tools, `vgicsim compare` and `vgicsim "
     "plot`) or csv (one row per statistic)",
     0},
    {"output", 'o', "FILE", 0,
     "Write the report to FILE instead of standard output ('-': standard output); FILE is "
     "replaced only once the whole report is written",
     0},
    {"repeat", OPT_REPEAT, "N", 0,
     "Run seeds SEED..SEED+N-1 and report every statistic as its mean over the N runs with "
     "a 95% confidence interval (Student t); default 1",
     0},
    {"plot", OPT_PLOT, "FILE", 0,
     "Also plot the cumulative distribution of delivery latency with gnuplot into FILE "
     "(.svg, .png or .pdf), as `vgicsim plot` draws a saved report; gnuplot is stopped "
     "after VGICSIM_GNUPLOT_TIMEOUT seconds (default 60, 0: no limit)",
     0},
    {"timeline", OPT_TIMELINE, "FILE", 0,
     "Also write the run (the first seed, every model) as a timeline into FILE, in the Chrome "
     "Trace Event Format that Perfetto's UI (ui.perfetto.dev) and chrome://tracing open: a "
     "track per vCPU, host injector thread and lock or cache line, with the exits, flushes, "
     "entries, trapped accesses, handlers, injections, holds and waits, and each interrupt's "
     "raise, listing, acknowledgement and completion joined by arrows. At most 500000 events "
     "per model: past that it stops and says so",
     0},
    {"timeline-window", OPT_TIMELINE_WINDOW, "FROM..TO", 0,
     "Keep in the timeline only what overlaps simulated cycles FROM to TO (inclusive); "
     "default: the whole run",
     0},
    {"jobs", 'j', "N", 0,
     "Run up to N simulations at once, one per model and seed (default: the number of "
     "processors this process may use); the report and messages are the same whatever N",
     0},
    {0},
};

static error_t run_parse(int key, char *arg, struct argp_state *state)
{
    struct run_args *a = state->input;
    switch (key) {
    case ARGP_KEY_INIT: state->child_inputs[0] = &a->common; return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case OPT_PLOT: a->plot = arg; return 0;
    case 'j': a->jobs = cli_parse_jobs(state, arg, "simulations"); return 0;
    case OPT_TIMELINE: a->timeline = arg; return 0;
    case OPT_TIMELINE_WINDOW: {
        const char *dots = strstr(arg, "..");
        char from[32];
        size_t len = dots ? (size_t)(dots - arg) : 0;
        if (!dots || len == 0 || len >= sizeof(from))
            argp_error(state, "--timeline-window expects FROM..TO (cycles), got '%s'",
                       ESC(arg));
        memcpy(from, arg, len);
        from[len] = 0;
        if (!number_parse_u64(from, &a->window_from) ||
            !number_parse_u64(dots + 2, &a->window_to) || a->window_from > a->window_to)
            argp_error(state, "--timeline-window expects FROM..TO, two cycle counts with FROM "
                              "<= TO, got '%s'", ESC(arg));
        return 0;
    }
    case OPT_REPEAT:
        if (!number_parse_u64(arg, &a->repeat) || a->repeat < 1 || a->repeat > RUN_MAX_REPEAT)
            argp_error(state, "--repeat expects a number of runs from 1 to %" PRIu64 ", got '%s'",
                       RUN_MAX_REPEAT, ESC(arg));
        return 0;
    case ARGP_KEY_ARG:
        if (a->scenario)
            argp_error(state, "run takes one scenario; '%s' is a second one", ESC(arg));
        a->scenario = arg;
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp_child run_children[] = {{&cli_scenario_argp, 0, NULL, 0}, {0}};

static const struct argp run_argp = {
    run_options, run_parse, "[SCENARIO]",
    "Run SCENARIO (without one: the bundled default scenario, scenarios/default.yaml) and "
    "report interrupt latency in simulated cycles (and ns when the cost model's clock is "
    "known): delivery (raised to acknowledged), injection (raised to listed in a list "
    "register) and service (acknowledged to completed), overall, by INTID class, by vCPU "
    "and for the busiest INTIDs, trapped-access latency by register, and the hypervisor's "
    "counters. Reports name the scenario's SHA-256, the overrides and the effective "
    "configuration (docs/report.md). A progress line (simulations done, time elapsed, an "
    "estimate of the time left) is shown on standard error when it is a terminal, and "
    "nothing otherwise.\v"
    "Exit status: 0 when every expectation of the scenario holds, 1 when one fails (each "
    "failure is printed as FILE:LINE:COLUMN: expectation failed: ...), 2 on bad usage, an "
    "invalid scenario, a report that could not be written, or an output (-o, --plot, "
    "--timeline) that is the scenario or another output (refused before anything runs); "
    "3 when the "
    "machine runs out of memory (`vgicsim: out of memory`). A run that overloads the "
    "machine (4096 operations waiting at once) stops with its report, 'stop: overloaded', "
    "and a warning; its status is 0 or 1 as for any run.",
    run_children, NULL, NULL,
};

typedef int report_writer(FILE *out, const struct report *r);

static const struct {
    const char *name;
    report_writer *write;
} formats[] = {
    {"text", report_text},
    {"json", report_json},
    {"csv", report_csv},
};

struct run_output {
    report_writer *write;
    const struct report *report;
};

static int write_run_output(FILE *out, void *ctx)
{
    const struct run_output *o = ctx;
    return o->write(out, o->report);
}

static int write_timeline(FILE *out, void *ctx)
{
    return timeline_json_write(out, ctx);
}

/* The simulations of a run: one per seed and model, in report order (seed-major), each
 * simulated on any thread and folded into the report on the calling thread in that
 * order (util/ordered_pool.h), so the report and the messages never depend on --jobs. */
struct run_plan {
    const struct scenario *s;
    const struct vgic_model_ops *const *models;
    size_t n_models;
    uint64_t first_seed;
    bool name_seed;              /* --repeat: messages name the seed */
    struct sim_result *results;  /* one per pool slot */
    struct timeline *timelines;  /* --timeline: one per model, for the first seed; or NULL */
    struct report *report;
    size_t failures;
    struct progress progress;    /* simulations folded, on a terminal */
};

static void simulate(size_t task, size_t slot, void *ctx)
{
    struct run_plan *p = ctx;
    struct sim_options opts = {0};
    if (p->timelines && task < p->n_models)
        opts.timeline = &p->timelines[task];
    sim_run_with(p->s, p->models[task % p->n_models], p->first_seed + task / p->n_models,
                 &opts, &p->results[slot]);
}

/* Says on standard error what a reader of the report should know of this run (its
 * expectation failures, a stall, dropped SGIs) and adds it to the report. */
static void fold_run(size_t task, size_t slot, void *ctx)
{
    struct run_plan *p = ctx;
    struct sim_result *res = &p->results[slot];
    uint64_t seed = p->first_seed + task / p->n_models;
    bool truncated = p->timelines && task < p->n_models && p->timelines[task].truncated;
    if (res->n_failures || res->stop == SIM_STOP_STALLED || truncated || res->dropped_sgis)
        progress_clear(&p->progress);   /* the messages below start on a clean line */
    char seed_note[48] = "";
    if (p->name_seed)
        snprintf(seed_note, sizeof(seed_note), ", seed %" PRIu64, seed);
    for (size_t k = 0; k < res->n_failures; k++) {
        const struct sim_failure *f = &res->failures[k];
        fprintf(stderr, "%s:%u:%u: expectation failed (%s%s): %s\n", ESC(f->loc.file),
                f->loc.line, f->loc.col, res->model, seed_note, ESCT(f->message));
    }
    p->failures += res->n_failures;
    if (res->stop == SIM_STOP_STALLED || res->stop == SIM_STOP_OVERLOADED)
        fprintf(stderr, "vgicsim run: warning: model %s%s: %s\n", res->model, seed_note,
                sim_stop_reason(res->stop));
    if (truncated)
        fprintf(stderr, "vgicsim run: warning: the timeline of model %s stops at %d events "
                "(--timeline-window keeps a part of the run)\n", res->model, TIMELINE_MAX_EVENTS);
    if (res->dropped_sgis)
        fprintf(stderr, "vgicsim run: warning: model %s%s: %" PRIu64 " generated SGIs "
                "dropped (a sender had %d actions queued)\n", res->model, seed_note,
                res->dropped_sgis, SIM_MAX_QUEUED_ACTIONS);
    report_add_run(p->report, res, seed);
    sim_result_free(res);
    progress_step(&p->progress);
}

int cli_run(int argc, char **argv)
{
    struct run_args a = {.format = "text", .repeat = 1};
    cli_argp_parse(&run_argp, argc, argv, &a);

    const struct vgic_model_ops *models[VGIC_MAX_MODELS];
    size_t n_models = cli_select_models(a.common.model, models);
    if (!n_models) {
        char *names = cli_model_names();
        fprintf(stderr, "vgicsim run: unknown model '%s' (%s, or both)\n", ESC(a.common.model),
                names);
        free(names);
        cli_sets_free(&a.common.overrides.sets);
        return CLI_EXIT_INVALID;
    }
    report_writer *writer = NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(a.format, formats[i].name) == 0)
            writer = formats[i].write;
    if (!writer) {
        fprintf(stderr, "vgicsim run: unknown format '%s' (text, json or csv)\n", ESC(a.format));
        cli_sets_free(&a.common.overrides.sets);
        return CLI_EXIT_INVALID;
    }

    if (a.timeline && strcmp(a.timeline, "-") == 0 && (!a.output || strcmp(a.output, "-") == 0)) {
        fprintf(stderr, "vgicsim run: --timeline - and the report cannot both go to standard "
                "output (give -o FILE)\n");
        cli_sets_free(&a.common.overrides.sets);
        return CLI_EXIT_INVALID;
    }
    /* The outputs, gnuplot and the plot file are checked before anything runs. */
    char *default_path = a.scenario ? NULL : cli_data_path("scenarios/default.yaml");
    const char *path = a.scenario ? a.scenario : default_path;
    const struct io_path in[] = {{path, "the scenario"}};
    const struct io_path out[] = {{a.output, "-o"}, {a.plot, "--plot"},
                                  {a.timeline, "--timeline"}};
    struct plot_target plot = {.tmp_fd = -1};
    if (!output_paths_check("run", in, 1, out, 3) ||
        (a.plot && !plot_target_open(&plot, a.plot, "run"))) {
        plot_target_close(&plot);
        cli_sets_free(&a.common.overrides.sets);
        free(default_path);
        return CLI_EXIT_INVALID;
    }
    struct scenario s;
    if (!cli_load_scenario(path, &a.common.overrides.sets, &s)) {
        cli_sets_free(&a.common.overrides.sets);
        free(default_path);
        plot_target_close(&plot);
        return CLI_EXIT_INVALID;
    }
    uint64_t seed = cli_seed(&a.common.overrides, &s);
    if (a.repeat - 1 > UINT64_MAX - seed) {
        fprintf(stderr, "vgicsim run: --repeat %" PRIu64 " from seed %" PRIu64 " goes past the "
                "largest seed, %" PRIu64 "\n", a.repeat, seed, UINT64_MAX);
        scenario_free(&s);
        cli_sets_free(&a.common.overrides.sets);
        free(default_path);
        plot_target_close(&plot);
        return CLI_EXIT_INVALID;
    }

    /* The digest is taken after a successful load, so the file is one the loader accepted
     * (bounded, readable). A pipe cannot be read a second time: no digest then. */
    char sha[SHA256_HEX_CHARS + 1];
    bool has_sha = sha256_file_hex(path, sha);

    struct report report;
    report_init(&report, &s, seed, a.repeat);
    report.overrides = a.common.overrides.sets.items;
    report.n_overrides = a.common.overrides.sets.count;
    report.sha256 = has_sha ? sha : NULL;
    report.version = VGICSIM_VERSION;
    /* "unknown" (a build outside git) is said as null in reports. */
    report.commit = strcmp(vgicsim_commit, "unknown") != 0 ? vgicsim_commit : NULL;

    /* Every simulation holds its recorder until it is folded: at most `window` are
     * started and not yet folded, so memory does not grow with --repeat. */
    unsigned jobs = cli_jobs(a.jobs);
    size_t window = ordered_pool_window(jobs);
    struct run_plan plan = {
        .s = &s, .models = models, .n_models = n_models, .first_seed = seed,
        .name_seed = a.repeat > 1, .results = xcalloc(window, sizeof(struct sim_result)),
        .report = &report,
    };
    if (a.timeline) {
        plan.timelines = xcalloc(n_models, sizeof(*plan.timelines));
        for (size_t i = 0; i < n_models; i++)
            timeline_init(&plan.timelines[i], a.window_from,
                          a.window_to ? a.window_to : UINT64_MAX);
    }
    progress_start(&plan.progress, "run", "simulations", (uint64_t)a.repeat * n_models);
    ordered_pool_run((size_t)a.repeat * n_models, jobs, window, simulate, fold_run, &plan);
    progress_end(&plan.progress);
    free(plan.results);
    size_t failures = plan.failures;

    struct run_output output = {writer, &report};
    /* Plot rendered first, report written, plot put in place last: nothing half-written. */
    int status = CLI_EXIT_OK;
    if (a.plot && !report_plot_run(&plot, &report))
        status = CLI_EXIT_INVALID;
    if (status == CLI_EXIT_OK)
        status = cli_write_output("run", a.output, write_run_output, &output);
    if (status == CLI_EXIT_OK && a.plot && !plot_target_commit(&plot))
        status = CLI_EXIT_INVALID;
    if (plan.timelines) {
        struct timeline_of_model tm[VGIC_MAX_MODELS];
        for (size_t i = 0; i < n_models; i++)
            tm[i] = (struct timeline_of_model){models[i]->name, &plan.timelines[i]};
        struct timeline_doc doc = {
            .models = tm, .n_models = n_models, .clock_mhz = s.costs.clock_mhz,
            .scenario = path, .seed = seed, .version = VGICSIM_VERSION,
        };
        if (status == CLI_EXIT_OK)
            status = cli_write_output("run", a.timeline, write_timeline, &doc);
        for (size_t i = 0; i < n_models; i++)
            timeline_free(&plan.timelines[i]);
        free(plan.timelines);
    }
    plot_target_close(&plot);
    report_free(&report);
    scenario_free(&s);
    free(default_path);
    cli_sets_free(&a.common.overrides.sets);
    if (status != CLI_EXIT_OK)
        return status;
    return failures ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
