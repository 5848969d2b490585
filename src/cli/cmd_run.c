/* vgicsim run [SCENARIO]: run a scenario and report interrupt latency. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/csv_report.h"
#include "report/json_report.h"
#include "report/text_report.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/xalloc.h"

#define DEFAULT_SCENARIO VGICSIM_DATA_DIR "/scenarios/default.yaml"

struct run_args {
    struct cli_scenario_opts common;
    const char *format;
    const char *output;
    const char *scenario;
};

static const struct argp_option run_options[] = {
    {"format", 'f', "FORMAT", 0,
     "Report format: text (the default), json (for tools and `vgicsim compare`) or csv "
     "(one row per latency distribution and counter)",
     0},
    {"output", 'o', "FILE", 0, "Write the report to FILE instead of standard output", 0},
    {0},
};

static error_t run_parse(int key, char *arg, struct argp_state *state)
{
    struct run_args *a = state->input;
    switch (key) {
    case ARGP_KEY_INIT: state->child_inputs[0] = &a->common; return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case ARGP_KEY_ARG:
        if (a->scenario)
            argp_error(state, "run takes one scenario; '%s' is a second one", arg);
        a->scenario = arg;
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp_child run_children[] = {{&cli_scenario_argp, 0, NULL, 0}, {0}};

static const struct argp run_argp = {
    run_options, run_parse, "[SCENARIO]",
    "Run SCENARIO (without one: the bundled default scenario, scenarios/default.yaml) and "
    "report interrupt latency in simulated cycles: delivery (raised to acknowledged), "
    "injection (raised to listed in a list register) and service (acknowledged to "
    "completed), overall, by INTID class and by vCPU, with the hypervisor's counters.\v"
    "Exit status: 0 when every expectation of the scenario holds, 1 when one fails (each "
    "failure is printed as FILE:LINE:COLUMN: expectation failed: ...), 2 on bad usage or an "
    "invalid scenario.",
    run_children, NULL, NULL,
};

typedef int report_writer(FILE *out, const struct scenario *s, uint64_t seed,
                          const struct sim_result *runs, size_t n_runs);

static int write_text(FILE *out, const struct scenario *s, uint64_t seed,
                      const struct sim_result *runs, size_t n_runs)
{
    report_text(out, s, seed, runs, n_runs);
    return ferror(out) ? -1 : 0;
}

static const struct {
    const char *name;
    report_writer *write;
} formats[] = {
    {"text", write_text},
    {"json", report_json},
    {"csv", report_csv},
};

struct run_output {
    report_writer *write;
    const struct scenario *s;
    uint64_t seed;
    const struct sim_result *runs;
    size_t n;
};

static int write_run_output(FILE *out, void *ctx)
{
    const struct run_output *o = ctx;
    return o->write(out, o->s, o->seed, o->runs, o->n);
}

int cli_run(int argc, char **argv)
{
    struct run_args a = {.format = "text"};
    argp_parse(&run_argp, argc, argv, 0, NULL, &a);

    const struct vgic_model_ops *models[CLI_MAX_MODELS];
    size_t n_models = cli_select_models(a.common.model, models);
    if (!n_models) {
        fprintf(stderr, "vgicsim run: unknown model '%s' (ref, perf or both)\n", a.common.model);
        cli_sets_free(&a.common.sets);
        return CLI_EXIT_INVALID;
    }
    report_writer *writer = NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(a.format, formats[i].name) == 0)
            writer = formats[i].write;
    if (!writer) {
        fprintf(stderr, "vgicsim run: unknown format '%s' (text, json or csv)\n", a.format);
        cli_sets_free(&a.common.sets);
        return CLI_EXIT_INVALID;
    }

    const char *path = a.scenario ? a.scenario : DEFAULT_SCENARIO;
    struct scenario s;
    struct diag_list diags;
    diag_init(&diags);
    if (!scenario_load(path, a.common.sets.items, a.common.sets.count, &s, &diags)) {
        diag_print(&diags, stderr);
        diag_free(&diags);
        cli_sets_free(&a.common.sets);
        return CLI_EXIT_INVALID;
    }
    diag_free(&diags);
    uint64_t seed = cli_seed(&a.common, &s);

    struct sim_result runs[CLI_MAX_MODELS];
    size_t failures = 0;
    for (size_t i = 0; i < n_models; i++) {
        sim_run(&s, models[i], seed, &runs[i]);
        for (size_t k = 0; k < runs[i].n_failures; k++) {
            const struct sim_failure *f = &runs[i].failures[k];
            fprintf(stderr, "%s:%u:%u: expectation failed (%s): %s\n", f->loc.file, f->loc.line,
                    f->loc.col, runs[i].model, f->message);
        }
        failures += runs[i].n_failures;
        if (runs[i].stop == SIM_STOP_STALLED)
            fprintf(stderr, "vgicsim run: warning: model %s: %s\n", runs[i].model,
                    sim_stop_reason(runs[i].stop));
        if (runs[i].dropped_sgis)
            fprintf(stderr, "vgicsim run: warning: model %s: %llu generated SGIs dropped (a "
                    "sender had %d actions queued)\n", runs[i].model,
                    (unsigned long long)runs[i].dropped_sgis, SIM_MAX_QUEUED_ACTIONS);
    }
    struct run_output output = {writer, &s, seed, runs, n_models};
    int status = cli_write_output("run", a.output, write_run_output, &output);
    for (size_t i = 0; i < n_models; i++)
        sim_result_free(&runs[i]);
    scenario_free(&s);
    cli_sets_free(&a.common.sets);
    if (status != CLI_EXIT_OK)
        return status;
    return failures ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
