/* vgicsim run [SCENARIO]: run a scenario and report interrupt latency. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model_registry.h"
#include "report/csv_report.h"
#include "report/json_report.h"
#include "report/text_report.h"
#include "scenario/load.h"
#include "scenario/convert.h"
#include "sim/sim.h"
#include "util/xalloc.h"

#define DEFAULT_SCENARIO VGICSIM_DATA_DIR "/scenarios/default.yaml"

struct run_args {
    struct cli_sets sets;
    const char *model;
    const char *format;
    const char *output;
    bool has_seed;
    uint64_t seed;
    const char *scenario;
};

enum { OPT_SEED = 1000 };

static const struct argp_option run_options[] = {
    {"model", 'm', "MODEL", 0,
     "Which vGIC model runs the scenario: ref, or both (every model vgicsim has; today that "
     "is ref). Default: both",
     0},
    {"format", 'f', "FORMAT", 0,
     "Report format: text (the default), json (for tools and `vgicsim compare`) or csv "
     "(one row per latency distribution and counter)",
     0},
    {"output", 'o', "FILE", 0, "Write the report to FILE instead of standard output", 0},
    {"set", 's', "KEY=VALUE", 0,
     "Override a scenario value (dotted path, e.g. gic.list_registers=8, costs.trap=1500); "
     "may be repeated",
     0},
    {"seed", OPT_SEED, "N", 0, "Seed for every random choice (overrides the scenario's seed)", 0},
    {0},
};

static error_t run_parse(int key, char *arg, struct argp_state *state)
{
    struct run_args *a = state->input;
    switch (key) {
    case 'm': a->model = arg; return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case 's': cli_sets_add(&a->sets, arg); return 0;
    case OPT_SEED:
        if (!parse_u64_literal(arg, &a->seed))
            argp_error(state, "--seed expects a non-negative integer, got '%s'", arg);
        a->has_seed = true;
        return 0;
    case ARGP_KEY_ARG:
        if (a->scenario)
            argp_error(state, "run takes one scenario; '%s' is a second one", arg);
        a->scenario = arg;
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp run_argp = {
    run_options, run_parse, "[SCENARIO]",
    "Run SCENARIO (without one: the bundled default scenario, scenarios/default.yaml) and "
    "report interrupt latency in simulated cycles: delivery (raised to acknowledged), "
    "injection (raised to listed in a list register) and service (acknowledged to "
    "completed), overall, by INTID class and by vCPU, with the hypervisor's counters.\v"
    "Exit status: 0 when every expectation of the scenario holds, 1 when one fails (each "
    "failure is printed as FILE:LINE:COLUMN: expectation failed: ...), 2 on bad usage or an "
    "invalid scenario.",
    NULL, NULL, NULL,
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

/* A regular file is written under a temporary name and renamed into place, so that
 * a failed write leaves nothing half-written behind; anything else (a terminal, a
 * pipe, /dev/null) is written directly. */
static int write_report(const char *output, report_writer *write, const struct scenario *s,
                        uint64_t seed, const struct sim_result *runs, size_t n)
{
    struct stat st;
    bool special = output && stat(output, &st) == 0 && !S_ISREG(st.st_mode);
    if (!output || special) {
        FILE *f = output ? fopen(output, "w") : stdout;
        if (!f) {
            fprintf(stderr, "vgicsim run: cannot write %s: %s\n", output, strerror(errno));
            return CLI_EXIT_INVALID;
        }
        int rc = write(f, s, seed, runs, n);
        if (f != stdout)
            rc |= fclose(f);
        else
            rc |= fflush(f);
        return rc == 0 ? CLI_EXIT_OK : CLI_EXIT_INVALID;
    }
    char *tmp = xasprintf("%s.tmp-%d", output, (int)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "vgicsim run: cannot write %s: %s\n", output, strerror(errno));
        free(tmp);
        return CLI_EXIT_INVALID;
    }
    bool ok = write(f, s, seed, runs, n) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, output) != 0) {
        fprintf(stderr, "vgicsim run: cannot write %s: %s\n", output, strerror(errno));
        remove(tmp);
        free(tmp);
        return CLI_EXIT_INVALID;
    }
    free(tmp);
    return CLI_EXIT_OK;
}

int cli_run(int argc, char **argv)
{
    struct run_args a = {.model = "both", .format = "text"};
    argp_parse(&run_argp, argc, argv, 0, NULL, &a);

    const struct vgic_model_ops *models[4];
    size_t n_models = 0;
    if (strcmp(a.model, "both") == 0) {
        models[n_models++] = &vgic_ref_ops;
    } else if ((models[0] = vgic_model_by_name(a.model))) {
        n_models = 1;
    } else {
        fprintf(stderr, "vgicsim run: unknown model '%s' (ref or both)\n", a.model);
        cli_sets_free(&a.sets);
        return CLI_EXIT_INVALID;
    }
    report_writer *writer = NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(a.format, formats[i].name) == 0)
            writer = formats[i].write;
    if (!writer) {
        fprintf(stderr, "vgicsim run: unknown format '%s' (text, json or csv)\n", a.format);
        cli_sets_free(&a.sets);
        return CLI_EXIT_INVALID;
    }

    const char *path = a.scenario ? a.scenario : DEFAULT_SCENARIO;
    struct scenario s;
    struct diag_list diags;
    diag_init(&diags);
    if (!scenario_load(path, a.sets.items, a.sets.count, &s, &diags)) {
        diag_print(&diags, stderr);
        diag_free(&diags);
        cli_sets_free(&a.sets);
        return CLI_EXIT_INVALID;
    }
    diag_free(&diags);
    uint64_t seed = a.has_seed ? a.seed : s.seed;

    struct sim_result runs[4];
    size_t failures = 0;
    for (size_t i = 0; i < n_models; i++) {
        sim_run(&s, models[i], seed, &runs[i]);
        for (size_t k = 0; k < runs[i].n_failures; k++) {
            const struct sim_failure *f = &runs[i].failures[k];
            fprintf(stderr, "%s:%u:%u: expectation failed (%s): %s\n", f->loc.file, f->loc.line,
                    f->loc.col, runs[i].model, f->message);
        }
        failures += runs[i].n_failures;
    }
    int status = write_report(a.output, writer, &s, seed, runs, n_models);
    for (size_t i = 0; i < n_models; i++)
        sim_result_free(&runs[i]);
    scenario_free(&s);
    cli_sets_free(&a.sets);
    if (status != CLI_EXIT_OK)
        return status;
    return failures ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
